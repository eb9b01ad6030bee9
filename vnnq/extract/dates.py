"""Date expressions → ISO values at their precision.

Forms (reference/standards.md §7): ``22/8/2025``, ``22-8-2025`` (Party body
dates, HD 36), ``22.8.2025``, ``ngày 22 tháng 8 năm 2025``, partial header dates
``ngày  tháng 7 năm 2026``, ``tháng 7/2026``, ``Quý III/2026``, ``năm 2026``,
``năm học 2026 - 2027``, ``giai đoạn 2026-2030``.
"""

from __future__ import annotations

import re
from datetime import date

from vnnq.extract._spans import leftmost_longest
from vnnq.ingest.normalize import Text
from vnnq.model import DateValue

_YEAR = r"(?:19|20)\d{2}"
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Each pattern names its groups d, m, y (and y2 for ranges); order does not
# matter, overlaps are settled leftmost-longest.  A pattern starts with its
# first letter or digit, and the word-start test looks back over it
# ("[Nn](?<!\w[Nn])" is "\b[Nn]"): a leading \b or look-behind would make the
# engine try the pattern at every position of a window instead of skipping to
# the letter.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "ngày 22 tháng 8 năm 2025", "ngày  tháng 7 năm 2026", "ngày tháng năm 2026"
    ("vn_full", re.compile(
        r"[Nn](?<!\w[Nn])gày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*(?P<m>\d{1,2})?\s*(?:năm|/)\s*(?P<y>" + _YEAR + r")\b")),
    # "22/8/2025", "22-8-2025", "22.8.2025" (not inside a code: "12/2025/QĐ-UBND")
    ("numeric", re.compile(
        r"(?P<d>\d(?<![\d/.\-]\d)\d?)\s?(?P<s>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>" + _YEAR + r")(?![\d/]|-[A-ZĐ])")),
    # "tháng 7/2026", "tháng 7 năm 2026", "tháng 11 - 12/2025" (the later month)
    ("month", re.compile(
        r"[Tt](?<!\w[Tt])háng\s+(?:\d{1,2}\s*[-–]\s*)?(?P<m>\d{1,2})\s*(?:/|[Nn]ăm|-)\s*(?P<y>" + _YEAR + r")\b")),
    # "Quý III/2026", "quý 3 năm 2026"
    ("quarter", re.compile(
        r"[Qq](?<!\w[Qq])u[ýí]\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|[Nn]ăm|-|–)\s*(?P<y>" + _YEAR + r")\b")),
    # "năm học 2026 - 2027"
    ("school_year", re.compile(r"n(?<!\wn)ăm học\s+(?P<y>" + _YEAR + r")\s*[-–]\s*(?P<y2>" + _YEAR + r")\b")),
    # "giai đoạn 2026-2030", "giai đoạn 2026 - 2030"
    ("period", re.compile(r"g(?<!\wg)iai đoạn\s+(?:từ\s+(?:năm\s+)?)?(?P<y>" + _YEAR + r")\s*(?:[-–]|đến(?: năm)?)\s*(?P<y2>" + _YEAR + r")\b")),
    # "năm 2026", "Năm 2026"
    ("year", re.compile(r"[Nn](?<!\w[Nn])ăm\s+(?P<y>" + _YEAR + r")\b(?!\s*[-–]\s*" + _YEAR + r")")),
]


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def value_of(kind: str, m: re.Match[str]) -> tuple[str, str] | None:
    """(value, precision) of a match of one of the patterns, or None if invalid."""
    g = m.groupdict()
    y = int(g["y"])
    if kind in ("vn_full", "numeric"):
        mo = g.get("m")
        d = g.get("d")
        if mo is None:
            return (f"{y:04d}", "year")
        mi = int(mo)
        if not 1 <= mi <= 12:
            return None
        if d is None:
            return (f"{y:04d}-{mi:02d}", "month")
        di = int(d)
        if not _valid(y, mi, di):
            return None
        return (f"{y:04d}-{mi:02d}-{di:02d}", "day")
    if kind == "month":
        mi = int(g["m"])
        if not 1 <= mi <= 12:
            return None
        return (f"{y:04d}-{mi:02d}", "month")
    if kind == "quarter":
        return (f"{y:04d}-Q{ROMAN[g['q']]}", "quarter")
    if kind == "school_year":
        return (f"{y:04d}/{int(g['y2']):04d}", "school_year")
    if kind == "period":
        return (f"{y:04d}/{int(g['y2']):04d}", "period")
    if kind == "year":
        return (f"{y:04d}", "year")
    return None


_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# Every pattern ends in a year and starts at most this far before it.
_BEFORE, _AFTER = 60, 24


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around its years, merged; dates lie inside them.

    Scanning seven patterns over the windows only, not the whole text, is
    what keeps the date scan cheap on a long document."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in _YEAR_RE.finditer(text):
        a, b = max(0, m.start() - _BEFORE), min(n, m.end() + _AFTER)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


# Literal text each pattern needs (any one of them), by kind: a window without
# it is not scanned with that pattern.  "numeric" needs none.
_NEEDS: dict[str, tuple[str, ...]] = {
    "vn_full": ("gày",), "month": ("háng",), "quarter": ("uý", "uí"), "school_year": ("ăm học",),
    "period": ("iai đoạn",), "year": ("ăm",),
}
_SCANS = [(kind, rx, _NEEDS.get(kind, ())) for kind, rx in _PATTERNS]


def find_dates(text: str, base: int = 0) -> list[tuple[int, int, str, str]]:
    """All date expressions in ``text``: (start, end, value, precision), sorted."""
    found: list[tuple[int, int, str, str]] = []
    find = text.find
    for a, b in _windows(text):
        for kind, rx, needs in _SCANS:
            if needs and all(find(lit, a, b) < 0 for lit in needs):
                continue  # (a match lies inside the window, and so would its literal)
            for m in rx.finditer(text, a, b):
                v = value_of(kind, m)
                if v is not None:
                    found.append((base + m.start(), base + m.end(), v[0], v[1]))
    return leftmost_longest(found)


def date_hits(doc: Text) -> list[tuple[int, int, str, str]]:
    """:func:`find_dates` over the whole document, computed once per document."""
    hits = doc.cache.get("dates")
    if hits is None:
        hits = doc.cache["dates"] = find_dates(doc.text)
    return hits


def parse_date(s: str) -> tuple[str, str] | None:
    """Parse one date expression; (value, precision) or None.

    >>> parse_date("ngày 22 tháng 8 năm 2025")
    ('2025-08-22', 'day')
    >>> parse_date("22-8-2025")
    ('2025-08-22', 'day')
    """
    hits = find_dates(s)
    if not hits:
        return None
    return hits[0][2], hits[0][3]


def quarter_end_month(value: str) -> str:
    """'2026-Q3' → '2026-09': a quarter as a due period is its last month."""
    y, q = value.split("-Q")
    return f"{y}-{int(q) * 3:02d}"


def extract_dates(doc: Text) -> list[DateValue]:
    """Every date expression of the document, sorted by position."""
    out = []
    for start, end, value, precision in date_hits(doc):
        out.append(DateValue(doc.text[start:end], value, precision, start, end, doc.page_at(start)))
    return out
