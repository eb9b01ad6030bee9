"""Folding and the matching keys of the archive index (see schema.sql).

>>> fold("Đảng ủy quán triệt")
'dang uy quan triet'
>>> len(fold("Ủy ban nhân dân")) == len("Ủy ban nhân dân")
True
>>> code_key("71-NQ/TW") == code_key(" 71 – nq/tw ")
True
>>> last_day("2026-09"), last_day("2026"), last_day("2026-Q3"), last_day("2026-11-25")
('2026-09-30', '2026-12-31', '2026-09-30', '2026-11-25')
"""

from __future__ import annotations

import calendar
import re
import unicodedata


class _Fold(dict):
    """A str.translate table built as characters arrive: each character maps to
    one character (its lower-case base letter), so a folded text keeps the
    offsets of the text.  đ/Đ is a letter of its own, not d with a combining
    mark: unicodedata does not decompose it, FTS5's remove_diacritics does not
    fold it, so it is folded here."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1:  # "İ".lower() is two characters: keep the length
            low = ch
        if low in "đð":
            base = "d"
        else:
            base = unicodedata.normalize("NFD", low)[0]
        self[cp] = base
        return base


_FOLD = _Fold()


def fold(s: str) -> str:
    """Lower case without diacritics, đ → d, character for character."""
    return s.translate(_FOLD)


def has_diacritics(s: str) -> bool:
    """True if folding changes a letter other than by case ("quán", "đảng")."""
    return fold(s) != s.lower()


def query_text(s: str) -> str:
    """A query as the index's text is written: NFC, the tone placement of
    vnnq's normalization ("hoà" → "hòa")."""
    from vnnq.ingest.normalize import fix_tone_placement

    return fix_tone_placement(unicodedata.normalize("NFC", s))


_CODE_SPACE_RE = re.compile(r"\s+")


def code_key(code: str | None) -> str | None:
    """The key a document code is matched on: folded, no spaces, dashes as '-'."""
    if not code:
        return None
    s = fold(unicodedata.normalize("NFC", code)).replace("–", "-").replace("—", "-")
    return _CODE_SPACE_RE.sub("", s) or None


def issuer_key(name: str | None) -> str | None:
    """The folded unit key of an issuer ("UBND tỉnh" → "uy ban nhan dan tinh")."""
    if not name:
        return None
    from vnnq.classify.units import unit_key

    return fold(unit_key(name)) or None


_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


def last_day(value: str | None) -> str | None:
    """The last day an ISO value at its precision covers (a deadline is its last day):
    a day, a month, a quarter, a year, a school year or period "2026/2027" (its
    second year).  None for what is not a date."""
    if not value:
        return None
    v = value.strip()
    if "/" in v:
        v = v.rsplit("/", 1)[1]
    m = _QUARTER_RE.match(v)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        month = q * 3
        return f"{y:04d}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
    parts = v.split("-")
    try:
        if len(parts) == 3:
            y, mo, d = map(int, parts)
            return f"{y:04d}-{mo:02d}-{d:02d}"
        if len(parts) == 2:
            y, mo = map(int, parts)
            return f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
        if len(parts) == 1 and len(v) == 4:
            return f"{int(v):04d}-12-31"
    except ValueError:
        return None
    return None
