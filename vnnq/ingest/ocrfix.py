"""Post-correction of what OCR breaks in directives: codes, dates, header phrases.

Tesseract reads ``l2/KH-UBND`` for ``12/KH-UBND``, ``O5/3/2026`` for
``05/3/2026``, ``12 /KH- UBND`` with spaces, ``ngay 05 thang 3 nam 2026``
without diacritics.  Every correction here is *validated*: it is applied only
when the text as read is not a valid code or date and exactly one candidate is
(the code grammar is the reference extractor's, :mod:`vnnq.extract.references`;
a date must exist in the calendar).  ``21/0/2026`` stays as read: 21/6, 21/8
and 21/9 are all valid, and a guess is worse than a visible error (STYLE.md:
unresolvable means none).

The confusion tables and the phrases are data: ``vnnq/data/ocr_fixes.yaml``.
The functions work on strings; :func:`fix_tokens` works on the words of one
OCR row, so that the PDF reader can merge the boxes of words it joins.
"""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
from functools import lru_cache

__all__ = ["fix_tokens", "fix_line", "fix_code", "fix_date", "is_valid_code", "is_valid_date"]

# Dates before the Republic's first directives or far in the future are not
# dates of a directive: "ngày 5 tháng 3 năm 2O26" is 2026, not 2926.
MIN_YEAR, MAX_YEAR = 1945, 2100


@lru_cache(maxsize=1)
def _data() -> dict:
    from vnnq.data import load_yaml

    return load_yaml("ocr_fixes.yaml")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    from vnnq.extract.references import NORMATIVE_CODE, PARTY_CODE, STATE_CODE

    letters = "".join(re.escape(c) for c in _data()["letter_digits"])
    n = rf"[0-9{letters}]"  # a digit, or what OCR reads for one
    seg = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
    sl, da = r"\s?/\s?", r"\s?-\s?"
    return {
        "valid_code": re.compile(rf"(?:{NORMATIVE_CODE}|{PARTY_CODE}|{STATE_CODE})"),
        # A code as OCR may have read it (NĐ 30/2020 Phụ lục I ô 3; HD 36 §1.3):
        #   normative "3O/2020/NĐ-CP", party "7l-NQ/TW", state "l2 /KH- UBND"
        "code": re.compile(
            rf"(?<![\w/.-])(?:(?P<nnum>{n}{{1,5}}){sl}(?P<year>[12]{n}{{3}}){sl}{seg}(?:{da}{seg})*"
            rf"|(?P<pnum>{n}{{1,5}}){da}{seg}{sl}{seg}(?:{da}{seg})*"
            rf"|(?P<snum>{n}{{1,6}})[a-z]?{sl}{seg}(?:{da}{seg})+)(?![\w/])"
        ),
        # 21/9/2026, 21.9.2026, 21-9-2026 (one separator throughout)
        "date": re.compile(rf"(?<![\w/.-])(?P<d>{n}{{1,2}})\s?(?P<s>[/.-])\s?(?P<m>{n}{{1,2}})"
                           rf"\s?(?P=s)\s?(?P<y>[12]{n}{{3}})(?![\w/])"),
        # ngày 21 tháng 9 năm 2026 (NĐ 30/2020 Phụ lục I ô 4), diacritics possibly lost
        "date_words": re.compile(rf"(?<!\w)(?P<w1>[Nn]g\w{{1,2}}y)\s+(?P<d>{n}{{1,2}})\s+"
                                 rf"(?P<w2>th\w{{1,2}}ng)\s+(?P<m>{n}{{1,2}})\s+(?P<w3>n\w{{1,2}}m)\s+"
                                 rf"(?P<y>[12]{n}{{3}})(?!\w)"),
    }


def _bare(s: str) -> str:
    """Lower case without diacritics: "Tháng" → "thang", "Đ" → "d"."""
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def _letters_to_digits(s: str) -> str:
    table = _data()["letter_digits"]
    return "".join(table.get(ch, ch) for ch in s)


# ---------------------------------------------------------------------------
# Validity


def is_valid_code(code: str) -> bool:
    """``12/KH-UBND``, ``71-NQ/TW``, ``30/2020/NĐ-CP``: the reference grammar."""
    return bool(_patterns()["valid_code"].fullmatch(code))


def _date_ok(d: str, m: str, y: str) -> bool:
    if not (d.isdigit() and m.isdigit() and y.isdigit()):
        return False
    if not MIN_YEAR <= int(y) <= MAX_YEAR:
        return False
    try:
        datetime.date(int(y), int(m), int(d))
    except ValueError:
        return False
    return True


def is_valid_date(text: str) -> bool:
    """``21/9/2026`` or ``ngày 21 tháng 9 năm 2026``, a day of the calendar."""
    p = _patterns()
    m = p["date"].fullmatch(text)
    if m and " " not in text:
        return _date_ok(m["d"], m["m"], m["y"])
    m = p["date_words"].fullmatch(text)
    return bool(m) and (m["w1"].lower(), m["w2"], m["w3"]) == ("ngày", "tháng", "năm") \
        and _date_ok(m["d"], m["m"], m["y"])


# ---------------------------------------------------------------------------
# Codes


def fix_code(text: str) -> str | None:
    """The valid code ``text`` was read from, or None when it is valid already
    or no single fix makes it valid.

    >>> fix_code("l2/KH-UBND"), fix_code("12 /KH- UBND"), fix_code("12/KH-UBND")
    ('12/KH-UBND', '12/KH-UBND', None)
    """
    compact = text.replace(" ", "")
    if " " not in text and is_valid_code(compact) and _notation_d(compact) == compact:
        return None
    if " - " in text:
        return None  # a list separator, not a code: "12/KH-UBND - UBND tỉnh"
    if " " in text and is_valid_code(text.split(" ")[0]):
        return None  # "12/KH-UBND" followed by something else
    m = _patterns()["code"].fullmatch(compact)
    if m is None:
        return None
    key = "nnum" if m["nnum"] else "pnum" if m["pnum"] else "snum"
    num = m[key]
    if not any(ch.isdigit() for ch in num):
        return None  # "I/KH" is no number
    fixed = compact[: m.start(key)] + _letters_to_digits(num) + compact[m.end(key):]
    if m["year"]:
        y0, y1 = m.start("year"), m.end("year")
        fixed = fixed[:y0] + _letters_to_digits(fixed[y0:y1]) + fixed[y1:]
    fixed = _notation_d(fixed)
    if fixed == text or not is_valid_code(fixed):
        return None
    return fixed


def _notation_d(code: str) -> str:
    """Restore the bar of Đ in notation segments: QD → QĐ (ocr_fixes.yaml)."""
    table = _data()["notation_d"]
    head, sep, notation = code.partition("/")
    if not sep:
        return code
    parts = re.split(r"([-/])", notation)
    return head + sep + "".join(table.get(p, p) for p in parts)


# ---------------------------------------------------------------------------
# Dates


def _date_candidates(d: str, m: str, y: str) -> list[tuple[str, str, str]]:
    """Valid (day, month, year) readings: the letters fixed, else one digit changed."""
    d2, m2, y2 = _letters_to_digits(d), _letters_to_digits(m), _letters_to_digits(y)
    if (d2, m2, y2) != (d, m, y):
        return [(d2, m2, y2)] if _date_ok(d2, m2, y2) else []
    if _date_ok(d, m, y):
        return [(d, m, y)]
    out = []
    fields = [d, m, y]
    for f, value in enumerate(fields):
        for i, ch in enumerate(value):
            for alt in _data()["digit_digits"].get(ch, ""):
                trial = list(fields)
                trial[f] = value[:i] + alt + value[i + 1:]
                if _date_ok(*trial):
                    out.append(tuple(trial))
    return out


def fix_date(text: str) -> str | None:
    """The valid date ``text`` was read from, or None (valid already, or not
    exactly one valid reading).

    >>> fix_date("O5/3/2026"), fix_date("21/0/2026"), fix_date("ngay 05 thang 3 nam 2026")
    ('05/3/2026', None, 'ngày 05 tháng 3 năm 2026')
    """
    p = _patterns()
    m = p["date"].fullmatch(text)
    if m:
        cands = _date_candidates(m["d"], m["m"], m["y"])
        if len(cands) != 1:
            return None
        d, mo, y = cands[0]
        fixed = f"{d}{m['s']}{mo}{m['s']}{y}"
        return fixed if fixed != text else None
    m = p["date_words"].fullmatch(text)
    if not m or (_bare(m["w1"]), _bare(m["w2"]), _bare(m["w3"])) != ("ngay", "thang", "nam"):
        return None
    cands = _date_candidates(m["d"], m["m"], m["y"])
    if len(cands) != 1:
        return None
    d, mo, y = cands[0]
    w1 = "Ngày" if m["w1"][0] == "N" else "ngày"
    fixed = f"{w1} {d} tháng {mo} năm {y}"
    return fixed if fixed != text else None


# ---------------------------------------------------------------------------
# Phrases


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[list[str], list[str]]]:
    """(bare tokens, tokens) of every phrase, longest first."""
    out = [(_bare(p).split(), p.split()) for p in _data()["phrases"]]
    return sorted(out, key=lambda x: -len(x[0]))


def _cased(target: str, seen: str) -> str:
    """``target`` in the case OCR saw: "CHỦ" for "CHU", "Chủ" for "Chu", "chủ" for "chu"."""
    letters = [ch for ch in seen if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return target.upper()
    if letters and letters[0].isupper():
        return target[:1].upper() + target[1:].lower()
    return target.lower()


def _phrase_edits(tokens: list[str], taken: set[int]) -> list[tuple[int, int, str, str]]:
    bare = [_bare(t) for t in tokens]
    edits = []
    for pbare, ptoks in _phrases():
        k = len(pbare)
        for i in range(len(tokens) - k + 1):
            if any(j in taken for j in range(i, i + k)) or bare[i:i + k] != pbare:
                continue
            new = [_cased(t, s) for t, s in zip(ptoks, tokens[i:i + k])]
            note = f"{' '.join(tokens[i:i + k])} → {' '.join(new)}"  # one note per phrase
            for j, (old, fixed) in enumerate(zip(tokens[i:i + k], new), start=i):
                taken.add(j)
                if unicodedata.normalize("NFC", old) != fixed:
                    edits.append((j, j + 1, fixed, note))
                    note = ""
    return edits


# ---------------------------------------------------------------------------
# Rows


def fix_tokens(tokens: list[str]) -> list[tuple[int, int, str, str]]:
    """Corrections of one OCR row: ``(i, j, text, note)`` replaces tokens
    ``i..j-1`` by the one token ``text``; sorted, never overlapping."""
    if not tokens:
        return []
    line = " ".join(tokens)
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    p = _patterns()
    edits: list[tuple[int, int, str, str]] = []
    taken: set[int] = set()

    def token_range(a: int, b: int) -> tuple[int, int]:
        return bisect.bisect_right(starts, a) - 1, bisect.bisect_right(starts, b - 1)

    for name, fixer in (("date_words", fix_date), ("date", fix_date), ("code", fix_code)):
        for m in p[name].finditer(line):
            fixed = fixer(m.group())
            if fixed is None:
                continue
            i, j = token_range(m.start(), m.end())
            if any(k in taken for k in range(i, j)):
                continue
            prefix = tokens[i][: m.start() - starts[i]]
            suffix = tokens[j - 1][m.end() - starts[j - 1]:]
            note = f"{m.group()} → {fixed}"
            pieces = fixed.split(" ")
            if len(pieces) == j - i and len(m.group().split(" ")) == j - i:
                pieces[0], pieces[-1] = prefix + pieces[0], pieces[-1] + suffix
                for k, piece in zip(range(i, j), pieces):
                    if piece != tokens[k]:
                        edits.append((k, k + 1, piece, note))
                        note = ""  # one note per correction
            else:
                edits.append((i, j, prefix + fixed + suffix, note))
            taken.update(range(i, j))
    edits += _phrase_edits(tokens, taken)
    edits = [(i, j, t, n) for i, j, t, n in sorted(edits)]
    return edits


def fix_line(line: str) -> tuple[str, list[str]]:
    """A line of OCR text corrected, and the notes ("l2/KH-UBND → 12/KH-UBND").

    >>> fix_line("Số: l2/KH-UBND ngày O5/3/2026")
    ('Số: 12/KH-UBND ngày 05/3/2026', ['l2/KH-UBND → 12/KH-UBND', 'O5/3/2026 → 05/3/2026'])
    """
    tokens = line.split(" ")
    edits = fix_tokens(tokens)
    notes = [n for *_, n in edits if n]
    for i, j, text, _ in reversed(edits):
        tokens[i:j] = [text]
    return " ".join(tokens), notes
