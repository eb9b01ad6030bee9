"""DOCX → :class:`~vnnq.ingest.base.Source`: body paragraphs and tables in document order.

python-docx opens the package (content types, relationships, the main document
part); the text is then taken from the WordprocessingML tree directly, because
``Document.paragraphs`` skips tables and ``Paragraph.text`` skips runs inside
tracked insertions (``w:ins``), content controls (``w:sdt``), smart tags and
simple fields, all of which occur in directives edited in Word.

Layout of the result (see :data:`vnnq.ingest.base.SEPARATORS`):

* a body paragraph is one line with sep "para"; its manual line breaks
  (``w:br``) start new lines with sep "hline";
* a table cell's lines carry ``cell=(table, row, column)``: the first line of a
  row has sep "row", the first line of any other cell "cell", later paragraphs
  in the cell "para" and line breaks inside a paragraph "hline";
* cells come row by row, left to right, so the two-column header table of a
  directive (NĐ 30/2020 Phụ lục I: ô 1 quốc hiệu and ô 4 địa danh, ngày tháng at
  the right, ô 2 tên cơ quan and ô 3 số, ký hiệu at the left) comes out as one
  block per cell, never interleaved line by line.

Text is taken as written: no Unicode normalization, no stripping of diacritics
or of spaces (the normalizer does that, keeping an offset map).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from vnnq.errors import DocumentTooLarge, EmptyDocument, UnreadableDocument
from vnnq.ingest.base import ZIP_ERRORS, Source, build_source
from vnnq.ingest.docx_fonts import FontResolver
from vnnq.ingest.docx_numbering import ListNumbering
from vnnq.ingest.legacy import convert_run

__all__ = ["read_docx"]

DOCUMENT_XML = "word/document.xml"
STYLES_XML = "word/styles.xml"
NUMBERING_XML = "word/numbering.xml"

# Zip bomb guard.  The declared sizes are checked first; then every member is
# inflated once in small chunks, which proves them honest: zipfile stops a member
# at its declared size and then fails its CRC.  Only after that do zf.read() and
# python-docx run, and zf.read() does not stop early: it asks zlib for the whole
# rest of the stream at once, so a member declared as 1 KB that inflates to 2 GB
# allocated 2 GB (a MemoryError under a 2 GB limit, tests/test_bad_files.py).
# A real directive's document.xml is well under 10 MB and compresses about 10:1.
MAX_DOCUMENT_XML = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 50 * 1024 * 1024  # the ratio test applies above this size only
# python-docx loads every part the package relationships reach (images,
# styles, headers...), so the whole package is bounded too.
MAX_PACKAGE = 500 * 1024 * 1024

# WordprocessingML namespaces: the usual ("transitional") one, and the one of
# ISO 29500 Strict documents, which Word can save but python-docx cannot open.
_W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"

# What python-docx and zipfile raise on a damaged package, as observed:
#   ZIP_ERRORS          the zip container (vnnq/ingest/base.py); KeyError also when
#                       a member named by [Content_Types].xml or a .rels is missing,
#                       ValueError for bad part names and relationship targets
#   etree.LxmlError     any part that is not well-formed XML (XMLSyntaxError)
#   OpcError            python-docx's own package errors
_PACKAGE_ERRORS: tuple[type[BaseException], ...] = (*ZIP_ERRORS, etree.LxmlError)
# python-docx reads a well-formed part of the wrong shape through its custom
# element classes, which then lack the child lists it asks for: a .rels whose
# root is not <Relationships> gives "AttributeError: ... Relationship_lst"
# (found by bench/fuzz.py).  Only Package.open is guarded with these.
_OPEN_ERRORS: tuple[type[BaseException], ...] = (AttributeError, TypeError)

# resolve_entities=False and no_network=True: a document.xml must not make the
# parser read local files or fetch URLs (XXE); python-docx's parser does the same.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
# libxml2's messages for its size limits: "Resource limit exceeded: Text node too
# long, try XML_PARSE_HUGE" (2.11+), "xmlSAX2Characters: huge text node" (older)
_HUGE_RE = re.compile(r"XML_PARSE_HUGE|huge text node|Resource limit exceeded")


def read_docx(data: bytes, name: str | None = None) -> Source:
    """Read a Word document (.docx) into a :class:`Source` of format "docx".

    Raises :class:`UnreadableDocument` for a damaged or non-Word package and
    :class:`EmptyDocument` when the document holds no text.
    """
    label = name or "document"
    if not data:
        raise EmptyDocument(f"{label}: the file is empty")
    damaged = _check_package(data, label)
    root, warnings = _load_document(data, label, damaged)
    # Runs in a .VnTime (TCVN3) or VNI-Times font hold Latin-1 stand-ins for
    # Vietnamese letters: the font decides, see vnnq/ingest/docx_fonts.py
    ns = etree.QName(root).namespace
    styles, numbering_xml = _read_parts(data, (STYLES_XML, NUMBERING_XML), damaged)
    fonts = FontResolver(ns, styles)
    # Word's automatic list numbers ("1.", "a)", "-") are drawn, not written: vnnq/ingest/docx_numbering.py
    numbering = ListNumbering(ns, numbering_xml, styles) if numbering_xml is not None else None
    parts = _Walker(root, fonts, numbering).body_parts()
    if not parts:
        raise EmptyDocument(f"{label}: the document has no text")
    if fonts.converted:
        warnings.append(f"{label}: {fonts.converted} runs in legacy Vietnamese fonts "
                        f"(TCVN3 .Vn*, VNI-*) converted to Unicode")
    parts = _repair_pasted(parts, label, warnings)
    return build_source(parts, "docx", name, 1, warnings)


def _read_parts(data: bytes, names: tuple[str, ...], damaged: dict[str, str]) -> list[etree._Element | None]:
    """The parsed trees of some optional parts (styles, numbering), read from one
    opening of the package; a missing, damaged or ill-formed part is None (the
    text is read without it: only the runs' own fonts count, nothing is numbered)."""
    trees: list[etree._Element | None] = [None] * len(names)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            present = set(zf.namelist())
            for i, name in enumerate(names):
                if name in present and name not in damaged:
                    try:
                        trees[i] = etree.fromstring(zf.read(name), _SAFE_PARSER)
                    except etree.LxmlError:
                        pass
    except ZIP_ERRORS:
        pass
    return trees


def _repair_pasted(parts: list, label: str, warnings: list[str]) -> list:
    """Text pasted from a TCVN3 or VNI document as plain text keeps its bytes
    and loses its font: the font cannot decide, so the text's statistics do,
    line by line, as in a .txt (:func:`vnnq.ingest.legacy.repair`; Unicode
    lines, those of converted runs included, are never touched)."""
    from vnnq.ingest.legacy import ENCODING_NAMES, repair

    r = repair("\n".join(p[0] for p in parts))
    if r.encoding is None:
        return parts
    lines = r.text.split("\n")
    out, k = [], 0
    for text, page, sep, cell in parts:
        n = text.count("\n") + 1
        out.append(("\n".join(lines[k:k + n]), page, sep, cell))
        k += n
    how = f"{r.lines} line(s)" if r.lines is not None else "the text"
    warnings.append(f"{label}: {how} in {ENCODING_NAMES[r.encoding]} without a legacy font, converted to Unicode")
    return out


# ---------------------------------------------------------------------------
# Opening the package


def _one_line(exc: BaseException) -> str:
    """An exception as a short single-line reason, for error messages."""
    text = " ".join(str(exc).split()).strip("\"'")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _check_package(data: bytes, label: str) -> dict[str, str]:
    """Refuse what is not a zip holding word/document.xml, and zip bombs.

    Returns the other members that fail to inflate (name -> reason): no one may
    zf.read() them, since one of them may be a bomb under a small declared size.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise UnreadableDocument(
            f"{label}: not a valid DOCX (not a zip archive, or a damaged one: {_one_line(exc)})"
        ) from None
    by_name = {info.filename: info for info in infos}
    info = by_name.get(DOCUMENT_XML)
    if info is None:
        raise UnreadableDocument(f"{label}: not a Word document (the zip archive has no {DOCUMENT_XML})")
    mb = 1024 * 1024
    if info.file_size > MAX_DOCUMENT_XML:
        raise UnreadableDocument(
            f"{label}: refused, {DOCUMENT_XML} would inflate to {info.file_size / mb:.0f} MB "
            f"(limit {MAX_DOCUMENT_XML / mb:.0f} MB)"
        )
    # Every member, not only document.xml: python-docx inflates and parses
    # styles.xml, headers and the rest as well, so a bomb in styles.xml (or
    # spread over many members under the floor each) costs the same memory.
    for member in [info, *infos]:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnreadableDocument(
                f"{label}: refused, {member.filename} has an implausible compression ratio "
                f"({member.file_size / mb:.0f} MB from {member.compress_size / 1024:.0f} KB: a zip bomb?)"
            )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise UnreadableDocument(
            f"{label}: refused, the package has an implausible compression ratio "
            f"({total / mb:.0f} MB from {packed / 1024:.0f} KB: a zip bomb?)"
        )
    if total > MAX_PACKAGE:
        raise UnreadableDocument(
            f"{label}: refused, the package would inflate to {total / mb:.0f} MB "
            f"(limit {MAX_PACKAGE / mb:.0f} MB)"
        )
    damaged: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for member in infos:
            try:
                with zf.open(member) as f:
                    while f.read(_CHUNK):
                        pass
            except ZIP_ERRORS as exc:
                damaged[member.filename] = _one_line(exc)
    if DOCUMENT_XML in damaged:
        raise UnreadableDocument(
            f"{label}: damaged DOCX, {DOCUMENT_XML} cannot be read ({damaged[DOCUMENT_XML]})"
        )
    return damaged


_CHUNK = 1 << 16


def _load_document(data: bytes, label: str, damaged: dict[str, str] | None = None) -> tuple[etree._Element, list[str]]:
    """Return the root element of the main document part, and warnings.

    python-docx loads (and XML-parses) every part of the package at open time,
    so a damaged part Word would repair (a broken styles.xml, a missing
    [Content_Types].xml) makes it fail although the text is intact.  In that
    case document.xml is read directly and a warning says so.
    """
    from docx.opc.exceptions import OpcError
    from docx.package import Package

    if damaged:
        # python-docx would zf.read() every part, the damaged ones too
        name, why = next(iter(damaged.items()))
        root = _parse_document_xml(data, label)
        _check_root(root, label)
        return root, [f"{label}: the Word package is damaged ({name}: {why}); read {DOCUMENT_XML} directly"]
    try:
        package = Package.open(io.BytesIO(data))
        part = package.main_document_part
        # A .docx loads as a DocumentPart (an XmlPart); .docm/.dotx content
        # types load as plain parts holding bytes only.
        root = getattr(part, "element", None)
        if root is None:
            root = etree.fromstring(part.blob, _SAFE_PARSER)
    except (*_PACKAGE_ERRORS, *_OPEN_ERRORS, OpcError) as exc:
        package_error = _one_line(exc)
    else:
        _check_root(root, label)
        return root, []
    root = _parse_document_xml(data, label)
    _check_root(root, label)
    return root, [f"{label}: the Word package is damaged ({package_error}); "
                  f"read {DOCUMENT_XML} directly"]


def _parse_document_xml(data: bytes, label: str) -> etree._Element:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read(DOCUMENT_XML)
        return etree.fromstring(xml, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        if _HUGE_RE.search(str(exc)):
            # libxml2 refuses a text node over 10 MB unless told XML_PARSE_HUGE
            # (lxml's huge_tree, left off as a guard): a paragraph that long is
            # not damage but a document over what vnnq reads
            raise DocumentTooLarge(
                f"{label}: a run of text over 10 MB in {DOCUMENT_XML}, over the XML parser's limit"
            ) from None
        raise UnreadableDocument(
            f"{label}: damaged DOCX, {DOCUMENT_XML} is not well-formed XML ({_one_line(exc)})"
        ) from None
    except _PACKAGE_ERRORS as exc:
        raise UnreadableDocument(
            f"{label}: damaged DOCX, {DOCUMENT_XML} cannot be read ({_one_line(exc)})"
        ) from None


def _check_root(root: etree._Element, label: str) -> None:
    qname = etree.QName(root) if isinstance(root.tag, str) else None
    if qname is None or qname.namespace not in (_W_TRANSITIONAL, _W_STRICT) or qname.localname != "document":
        raise UnreadableDocument(f"{label}: {DOCUMENT_XML} is not a WordprocessingML document")


# ---------------------------------------------------------------------------
# Walking the document tree

_Part = tuple[str, int, str, tuple[int, int, int] | None]


class _Walker:
    """Turns the w:document tree into ``(text, page, sep, cell)`` parts."""

    def __init__(self, root: etree._Element, fonts: FontResolver | None = None,
                 numbering: ListNumbering | None = None) -> None:
        ns = etree.QName(root).namespace
        self.fonts = fonts
        self.numbering = numbering
        self.paragraph_fonts: dict[str, str | None] = {}

        def w(tag: str) -> str:
            return f"{{{ns}}}{tag}"

        self.w = w
        self.root = root
        self.table_count = 0
        self.P, self.TBL, self.TR, self.TC, self.R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
        self.SDT, self.SDT_CONTENT, self.CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
        self.VAL = w("val")
        # Inline containers whose runs are visible text.  Not listed, so
        # skipped: w:del and w:moveFrom (deleted text), w:pPr, bookmarks,
        # comment marks, and mc:AlternateContent (drawings and text boxes,
        # whose fallback copy would double the text).
        self.inline_containers = {
            w("hyperlink"), w("ins"), w("smartTag"), w("customXml"), w("fldSimple"),
            w("moveTo"), w("dir"), w("bdo"), w("sdt"), w("sdtContent"),
        }

    # -- containers -------------------------------------------------------

    def _children(self, element: etree._Element, wanted: set[str]) -> Iterator[etree._Element]:
        """Children of ``element`` with a tag in ``wanted``, looking through
        content controls (w:sdt/w:sdtContent) and w:customXml wrappers."""
        for child in element.iterchildren():
            tag = child.tag
            if tag in wanted:
                yield child
            elif tag == self.SDT:
                content = child.find(self.SDT_CONTENT)
                if content is not None:
                    yield from self._children(content, wanted)
            elif tag == self.CUSTOM_XML:
                yield from self._children(child, wanted)

    def body_parts(self) -> list[_Part]:
        body = self.root.find(self.w("body"))
        if body is None:
            return []
        parts: list[_Part] = []
        for block in self._children(body, {self.P, self.TBL}):
            if block.tag == self.P:
                for i, text in enumerate(self._paragraph_lines(block)):
                    parts.append((text, 1, "para" if i == 0 else "hline", None))
            else:
                parts.extend(self._table_parts(block))
        if parts and parts[0][2] == "para":
            parts[0] = (parts[0][0], 1, "soft", None)
        return parts

    # -- paragraphs -------------------------------------------------------

    def _paragraph_lines(self, p: etree._Element) -> list[str]:
        """The visible lines of a paragraph: split at w:br / w:cr, blank ones dropped."""
        chunks: list[str] = []
        if self.fonts is not None:
            self.paragraph_fonts = self.fonts.paragraph_fonts(p)
        self._collect_inline(p, chunks)
        lines = [line for line in "".join(chunks).split("\n") if line.strip()]
        label = self.numbering.label(p) if self.numbering is not None else None
        if label and lines:
            # the list number Word draws before the paragraph: "1." + "Sở Y tế:"
            lines[0] = f"{label} {lines[0].lstrip()}"
        return lines

    def _collect_inline(self, element: etree._Element, out: list[str]) -> None:
        for child in element.iterchildren():
            if child.tag == self.R:
                self._run_text(child, out)
            elif child.tag in self.inline_containers:
                self._collect_inline(child, out)

    def _run_text(self, run: etree._Element, out: list[str]) -> None:
        encoding = self.fonts.run_encoding(run, self.paragraph_fonts) if self.fonts is not None else None
        if encoding is None:
            self._run_pieces(run, out)
            return
        pieces: list[str] = []
        self._run_pieces(run, pieces, legacy=True)
        out.append(convert_run("".join(pieces), encoding))
        self.fonts.converted += 1

    def _run_pieces(self, run: etree._Element, out: list[str], legacy: bool = False) -> None:
        w = self.w
        for child in run.iterchildren():
            tag = child.tag
            if tag == w("t"):
                # Word renders a raw newline inside w:t as a space; only
                # w:br / w:cr make line breaks.
                out.append((child.text or "").replace("\r", " ").replace("\n", " "))
            elif tag in (w("tab"), w("ptab")):
                out.append("\t")
            elif tag in (w("br"), w("cr")):
                # Every break type (line, page, column) ends the visible line;
                # python-docx maps page and column breaks to "" and would glue
                # the words on both sides together.
                out.append("\n")
            elif tag == w("noBreakHyphen"):
                out.append("-")
            elif tag == w("sym"):
                out.append(self._symbol(child))
            elif legacy and tag == w("softHyphen"):
                # TCVN3 writes ư as byte 0xAD, the soft hyphen of Latin-1,
                # and a .doc saved as .docx may keep it as this element
                out.append("\xad")
            # w:softHyphen is otherwise invisible unless Word hyphenates there: nothing.

    def _symbol(self, sym: etree._Element) -> str:
        """A w:sym character; symbol-font glyphs (private use area) are dropped."""
        try:
            code = int(sym.get(self.w("char"), ""), 16)
        except ValueError:
            return ""
        if 0xE000 <= code <= 0xF8FF or code < 0x20 or code > 0x10FFFF:
            return ""
        return chr(code)

    # -- tables -----------------------------------------------------------

    def _int_prop(self, element: etree._Element, props: str, prop: str, default: int) -> int:
        node = element.find(f"{self.w(props)}/{self.w(prop)}")
        if node is None:
            return default
        try:
            return max(int(node.get(self.VAL, default)), 0)
        except ValueError:
            return default

    def _is_merge_continuation(self, tc: etree._Element) -> bool:
        """True for the grid cells a merged cell covers below or beside itself.

        A vertical merge is a w:vMerge without val="restart" in every row after
        the first; legacy horizontal merges (w:hMerge) work the same way.
        """
        for prop in ("vMerge", "hMerge"):
            node = tc.find(f"{self.w('tcPr')}/{self.w(prop)}")
            if node is not None and node.get(self.VAL, "continue") != "restart":
                return True
        return False

    def _table_parts(self, tbl: etree._Element) -> list[_Part]:
        """The lines of a top-level table, cell by cell, row by row.

        Merged cells appear once: a w:tc spanning several grid columns
        (w:gridSpan) is a single element, and the continuation cells of a
        vertical merge are skipped.  The column index is the grid column the
        cell starts at, so cells stay aligned with the header row's columns.
        """
        index = self.table_count
        self.table_count += 1
        parts: list[_Part] = []
        for row_index, tr in enumerate(self._children(tbl, {self.TR})):
            row_sep = "row"
            column = self._int_prop(tr, "trPr", "gridBefore", 0)
            for tc in self._children(tr, {self.TC}):
                span = max(self._int_prop(tc, "tcPr", "gridSpan", 1), 1)
                if not self._is_merge_continuation(tc):
                    lines = self._cell_lines(tc)
                    cell = (index, row_index, column)
                    for i, (text, sep) in enumerate(lines):
                        if i == 0:
                            # An empty cell has no lines: the row boundary
                            # goes to the first cell that has text.
                            sep, row_sep = row_sep, "cell"
                        parts.append((text, 1, sep, cell))
                column += span
        return parts

    def _cell_lines(self, container: etree._Element) -> list[tuple[str, str]]:
        """``(text, sep)`` lines of a cell; nested tables become lines of the cell."""
        lines: list[tuple[str, str]] = []
        for block in self._children(container, {self.P, self.TBL}):
            if block.tag == self.P:
                for i, text in enumerate(self._paragraph_lines(block)):
                    lines.append((text, "para" if i == 0 else "hline"))
            else:
                for tr in self._children(block, {self.TR}):
                    for tc in self._children(tr, {self.TC}):
                        if not self._is_merge_continuation(tc):
                            lines.extend(self._cell_lines(tc))
        return lines
