"""The numbers and bullets Word draws in front of list paragraphs.

A directive typed in Word often numbers its sections and items with Word's
own lists ("1. Sở Y tế:", "a) ...", "- ..." as automatic numbering): the
number is then no text of the paragraph but a property (``w:numPr``, on the
paragraph or its style) pointing into ``word/numbering.xml``.  Without it the
text reads "Sở Y tế:" and the item below it loses its "-", and the unit
sections of a plan are no longer sections.  This module renders the label as
Word shows it (ECMA-376 Part 1, §17.9), so the reader can put it in front of
the paragraph's text:

* ``w:num`` (numId) names a ``w:abstractNum`` and may override the start of a
  level (``w:lvlOverride/w:startOverride``: the "restart numbering" of Word);
* each ``w:lvl`` (ilvl 0-8) has a start value, a number format (``w:numFmt``:
  decimal, lowerLetter, upperRoman, bullet, ...) and a text with placeholders
  (``w:lvlText`` "%1.", "%1.%2.", "%2)", or the bullet character itself);
* counting follows the abstract list, as Word does: paragraphs of two numIds
  sharing one abstractNum continue one count unless the later numId restarts
  a level; a paragraph at level k counts on and restarts every deeper level.

Formats Word has for other scripts (vietnameseCounting, ordinalText, ...) are
written as decimals; a bullet drawn from a symbol font (a private-use
character) is written "•".  A damaged or missing numbering part numbers nothing.
"""

from __future__ import annotations

from lxml import etree

# bullets the task reader knows as markers; any other bullet glyph is drawn "•"
_PLAIN_BULLETS = frozenset("-–—•+∙*·o")
_MAX_LEVEL = 8


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word's letters: a .. z, then aa .. zz, aaa ...
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in the numbering format ``fmt`` (ST_NumberFormat)."""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Level:
    __slots__ = ("start", "fmt", "text")

    def __init__(self, start: int, fmt: str, text: str) -> None:
        self.start, self.fmt, self.text = start, fmt, text


class ListNumbering:
    """The list definitions of one document, and the running counts."""

    def __init__(self, ns: str, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        """``numbering``, ``styles``: the parsed numbering and styles parts (None when absent)."""
        self.ns = ns
        w = self._w
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style -> (numId, ilvl)
        if numbering is not None:
            for an in numbering.iter(w("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in an.iter(w("lvl")):
                    ilvl = self._int(lvl.get(w("ilvl")), -1)
                    if 0 <= ilvl <= _MAX_LEVEL:
                        levels[ilvl] = _Level(self._int(self._val(lvl, "start"), 1),
                                              self._val(lvl, "numFmt") or "decimal", self._val(lvl, "lvlText") or "")
                self.abstract[an.get(w("abstractNumId"), "")] = levels
            for num in numbering.iter(w("num")):
                aid = self._val(num, "abstractNumId")
                if aid is None:
                    continue
                overrides = {}
                for ov in num.iter(w("lvlOverride")):
                    start = self._val(ov, "startOverride")
                    if start is not None:
                        overrides[self._int(ov.get(w("ilvl")), 0)] = self._int(start, 1)
                self.nums[num.get(w("numId"), "")] = (aid, overrides)
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for st in styles.iter(w("style")):
                sid = st.get(w("styleId"))
                if sid is None:
                    continue
                parent = self._val(st, "basedOn")
                if parent:
                    based[sid] = parent
                num_pr = st.find(f"{w('pPr')}/{w('numPr')}")
                if num_pr is not None:
                    ilvl = self._val(num_pr, "ilvl")
                    own[sid] = (self._val(num_pr, "numId"), self._int(ilvl, 0) if ilvl is not None else None)
            for sid in set(own) | set(based):
                num_id, ilvl, seen, cur = None, None, set(), sid
                while cur is not None and cur not in seen:  # basedOn chains, cycles guarded
                    seen.add(cur)
                    n, lv = own.get(cur, (None, None))
                    num_id = num_id if num_id is not None else n
                    ilvl = ilvl if ilvl is not None else lv
                    cur = based.get(cur)
                if num_id is not None:
                    self.style_num[sid] = (num_id, ilvl or 0)
        self.counts: dict[str, list[int | None]] = {}
        self.restarted: set[str] = set()

    # -- reading ------------------------------------------------------------

    def _w(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def _val(self, element: etree._Element, child: str) -> str | None:
        node = element.find(self._w(child))
        return None if node is None else node.get(self._w("val"))

    @staticmethod
    def _int(value: str | None, default: int) -> int:
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default

    def label(self, p: etree._Element) -> str | None:
        """The label Word draws before paragraph ``p`` ("1.", "a)", "-"), counting it;
        None for a paragraph outside any list."""
        w = self._w
        ppr = p.find(w("pPr"))
        num_id, ilvl = None, None
        if ppr is not None:
            num_pr = ppr.find(w("numPr"))
            if num_pr is not None:
                num_id = self._val(num_pr, "numId")
                lv = self._val(num_pr, "ilvl")
                ilvl = self._int(lv, 0) if lv is not None else None
            if num_id is None or ilvl is None:
                style = self._val(ppr, "pStyle")
                if style in self.style_num:
                    s_num, s_lvl = self.style_num[style]
                    num_id = num_id if num_id is not None else s_num
                    ilvl = ilvl if ilvl is not None else s_lvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = min(max(ilvl or 0, 0), _MAX_LEVEL)
        aid, overrides = self.nums[num_id]
        levels = self.abstract.get(aid)
        if not levels or ilvl not in levels:
            return None
        counts = self.counts.setdefault(aid, [None] * (_MAX_LEVEL + 1))
        if num_id not in self.restarted:
            # the first paragraph of a numId that restarts its levels starts them over
            self.restarted.add(num_id)
            for k, start in overrides.items():
                if 0 <= k <= _MAX_LEVEL:
                    counts[k] = start - 1
        level = levels[ilvl]
        current = counts[ilvl]
        counts[ilvl] = (level.start if current is None else current + 1)
        for k in range(ilvl + 1, _MAX_LEVEL + 1):
            counts[k] = None  # a deeper level starts over at its start value
        if level.fmt == "bullet":
            glyph = level.text.strip()
            if not glyph:
                return None
            return glyph if glyph in _PLAIN_BULLETS else "•"
        text = level.text
        for k in range(ilvl, -1, -1):  # %10 does not exist: one digit per level
            placeholder = f"%{k + 1}"
            if placeholder in text:
                lk = levels.get(k)
                n = counts[k] if counts[k] is not None else (lk.start if lk else 1)
                fmt = lk.fmt if lk is not None and lk.fmt != "bullet" else "decimal"
                text = text.replace(placeholder, format_number(n, fmt))
        text = text.strip()
        return text or None
