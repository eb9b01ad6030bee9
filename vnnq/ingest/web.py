"""HTML (a directive copied from a legal web site) → markdown-like text.

The output has the shape of the web copies in ``corpus/dev/*.md``, which
:func:`vnnq.ingest.split_lines` reads:

* paragraphs (p, div, li, h1-h6 ...) are separated by an empty line, ``<br>``
  breaks the line, and newlines inside the page's own text are kept (web
  copies of Word documents wrap their source lines; the normalizer re-flows);
* a table cell starts with a line holding only ``|``, a row ends with one, so
  two ``|`` lines stand between rows; inside a table, blocks are separated by a
  single newline (an empty line would break the cell apart)::

      |
      ỦY BAN NHÂN DÂN
      TỈNH BẮC NINH
      |
      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
      |
      |
      Số: 141/KH-UBND
      |
      ...

* ``<b>``/``<strong>`` text is wrapped in ``**``, ``<i>``/``<em>`` in ``*``;
* script, style and the like are dropped; entities are unescaped (``&nbsp;``
  stays a no-break space: the normalizer decides about it).

Only the standard library is used.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

# Elements that end the line before and after themselves.
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "nav", "main", "aside",
    "address", "center", "form", "fieldset", "figure", "figcaption", "caption", "hr",
    "table", "thead", "tbody", "tfoot", "body", "html",
})
# Elements whose content is not text of the page.
# (not "head": a page that never closes it would lose its whole body)
_SKIP = frozenset({"script", "style", "noscript", "template", "title", "svg", "iframe"})
_BOLD = frozenset({"b", "strong"})
_ITALIC = frozenset({"i", "em"})

_SPACES = re.compile(r"[ \t\f\v\r]+")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0          # depth inside script/style/...
        self.tables = 0        # table nesting depth
        self.row_open = False  # a cell of the current (outermost) row was started
        # emphasis: nesting depth, and whether the opening marker was written
        self.bold = 0
        self.bold_written = False
        self.italic = 0
        self.italic_written = False

    # -- output -----------------------------------------------------------

    def _newline(self) -> None:
        line = "".join(self.current).strip()
        self.current = []
        if line:
            self.lines.append(line)

    def _paragraph_break(self) -> None:
        """End the line; outside tables, also leave one empty line."""
        self._newline()
        if not self.tables and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _bar(self) -> None:
        self._newline()
        self.lines.append("|")

    def _close_row(self) -> None:
        if self.row_open:
            self._bar()
            self.row_open = False

    # -- parser callbacks --------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "br":
            self._newline()
        elif tag == "table":
            self._paragraph_break()
            self.tables += 1
            if self.tables == 1:
                self.row_open = False
        elif tag == "tr":
            if self.tables == 1:
                self._close_row()  # HTML lets </tr> be omitted
            else:
                self._newline()
        elif tag in ("td", "th"):
            if self.tables == 1:
                self._bar()
                self.row_open = True
            else:
                self._newline()  # cells of a nested table: lines of the outer cell
        elif tag in _BLOCKS:
            self._paragraph_break()
        elif tag in _BOLD:
            self.bold += 1
        elif tag in _ITALIC:
            self.italic += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(self.skip - 1, 0)
            return
        if tag == "table":
            if self.tables == 1:
                self._close_row()
            self.tables = max(self.tables - 1, 0)
            self._paragraph_break()
        elif tag == "tr":
            if self.tables == 1:
                self._close_row()
            else:
                self._newline()
        elif tag in ("td", "th"):
            self._newline()
        elif tag in _BLOCKS:
            self._paragraph_break()
        elif tag in _BOLD and self.bold:
            self.bold -= 1
            if not self.bold and self.bold_written:
                self.current.append("**")
                self.bold_written = False
        elif tag in _ITALIC and self.italic:
            self.italic -= 1
            if not self.italic and self.italic_written:
                self.current.append("*")
                self.italic_written = False

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        pieces = _SPACES.sub(" ", data.replace("\r\n", "\n")).split("\n")
        for i, piece in enumerate(pieces):
            if i:
                self._newline()
            if not piece:
                continue
            # Markers are written lazily, with the first text they wrap, so
            # an empty <b></b> leaves nothing behind.
            if self.bold and not self.bold_written:
                self.current.append("**")
                self.bold_written = True
            if self.italic and not self.italic_written:
                self.current.append("*")
                self.italic_written = True
            self.current.append(piece)

    def result(self) -> str:
        self._newline()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""


def html_to_text(html: str) -> str:
    """Turn an HTML page into the markdown-like text of the corpus web copies.

    >>> html_to_text("<p>Kính gửi: <b>Sở Y tế</b></p><p>Nội dung</p>")
    'Kính gửi: **Sở Y tế**\\n\\nNội dung\\n'
    >>> html_to_text("<table><tr><td>A</td><td>B</td></tr></table>")
    '|\\nA\\n|\\nB\\n|\\n'
    """
    converter = _Converter()
    converter.feed(html)
    converter.close()
    return converter.result()
