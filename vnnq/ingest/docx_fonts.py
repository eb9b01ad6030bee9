"""Which runs of a DOCX are in a legacy Vietnamese font (.VnTime, VNI-Times).

A run's characters are drawn by its font, and for a .Vn* or VNI-* font the
Latin-1 characters Word stored stand for Vietnamese letters
(:mod:`vnnq.ingest.legacy`).  Word decides a run's font attribute by attribute,
from the most specific to the least (ECMA-376 Part 1, §17.7.2 "style
hierarchy"):

1. the run's own ``w:rPr/w:rFonts``;
2. its character style (``w:rStyle``) and the styles that one is ``basedOn``;
3. the paragraph's style (``w:pStyle``, else the default paragraph style) and
   its ``basedOn`` chain;
4. the document defaults (``w:docDefaults/w:rPrDefault``).

Old documents saved again by Word or LibreOffice often set .VnTime once, in
the Normal style or the defaults, so all four levels matter.  The letters of a
legacy font lie in U+00A1-U+00FF, which Word draws with the ``w:hAnsi`` font;
``w:ascii`` is the fallback when no level names an hAnsi font.  A theme font
(``w:hAnsiTheme``) is never a legacy one.
"""

from __future__ import annotations

from lxml import etree

from vnnq.ingest.legacy import font_encoding

_ATTRS = ("hAnsi", "ascii")
_MAX_CHAIN = 20  # basedOn loops exist in damaged files


class FontResolver:
    """Tells the legacy encoding of each run of one document."""

    def __init__(self, ns: str, styles: etree._Element | None) -> None:
        self.ns = ns
        self.styles: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.defaults: dict[str, str | None] = {}
        if styles is not None:
            for style in styles.iterfind(self._w("style")):
                style_id = style.get(self._w("styleId"))
                if style_id:
                    self.styles[style_id] = style
                    is_default = style.get(self._w("default")) in ("1", "true", "on")
                    if is_default and style.get(self._w("type")) == "paragraph":
                        self.default_paragraph = style_id
            rpr = styles.find(f"{self._w('docDefaults')}/{self._w('rPrDefault')}/{self._w('rPr')}")
            self.defaults = self._fonts(rpr)
        self._cache: dict[str | None, dict[str, str | None]] = {}
        self.converted = 0  # runs converted, for the reader's warning

    def _w(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}"

    def _fonts(self, rpr: etree._Element | None) -> dict[str, str | None]:
        """The font attributes one w:rPr sets; a theme font is set to None."""
        out: dict[str, str | None] = {}
        fonts = rpr.find(self._w("rFonts")) if rpr is not None else None
        if fonts is None:
            return out
        for attr in _ATTRS:
            if fonts.get(self._w(attr + "Theme")) is not None:
                out[attr] = None
            elif fonts.get(self._w(attr)) is not None:
                out[attr] = fonts.get(self._w(attr))
        return out

    def _style_fonts(self, style_id: str | None) -> dict[str, str | None]:
        """Fonts a style sets, with what its basedOn chain sets below them."""
        if style_id in self._cache:
            return self._cache[style_id]
        out: dict[str, str | None] = {}
        seen: set[str] = set()
        current = style_id
        while current and current not in seen and len(seen) < _MAX_CHAIN:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            for attr, value in self._fonts(style.find(self._w("rPr"))).items():
                out.setdefault(attr, value)
            based = style.find(self._w("basedOn"))
            current = based.get(self._w("val")) if based is not None else None
        self._cache[style_id] = out
        return out

    def paragraph_fonts(self, p: etree._Element) -> dict[str, str | None]:
        """Levels 3 and 4 for the runs of paragraph ``p``."""
        node = p.find(f"{self._w('pPr')}/{self._w('pStyle')}")
        style_id = node.get(self._w("val")) if node is not None else self.default_paragraph
        out = dict(self._style_fonts(style_id))
        for attr, value in self.defaults.items():
            out.setdefault(attr, value)
        return out

    def run_encoding(self, run: etree._Element, paragraph: dict[str, str | None]) -> str | None:
        """"tcvn3", "tcvn3-caps", "vni" or None for run ``run`` of a paragraph
        whose fonts are ``paragraph``."""
        rpr = run.find(self._w("rPr"))
        fonts = self._fonts(rpr)
        if rpr is not None:
            node = rpr.find(self._w("rStyle"))
            if node is not None:
                for attr, value in self._style_fonts(node.get(self._w("val"))).items():
                    fonts.setdefault(attr, value)
        for attr, value in paragraph.items():
            fonts.setdefault(attr, value)
        if "hAnsi" in fonts:
            return font_encoding(fonts["hAnsi"])
        return font_encoding(fonts.get("ascii"))
