"""PDF → :class:`~vnnq.ingest.base.Source`, with pdfplumber: text lines by position.

Per page the characters become words (pdfplumber's word extractor with a small
x tolerance) and the words become rows (by vertical overlap).  Rows are then
read top to bottom, with three kinds of layout recognised:

* **Two-column regions.**  The header of a directive has the issuing body and
  "Số: ..." at the left and the quốc hiệu (or "ĐẢNG CỘNG SẢN VIỆT NAM") and the
  date line at the right, on the same rows (NĐ 30/2020 Phụ lục I, ô 1-4; Party
  documents follow HD 36 the same way); the end has "Nơi nhận:" at the left and
  the signer block at the right (ô 7-9).  A row whose words split into a left
  and a right segment across a wide gap around the centre starts a region;
  following half-width rows continue it; a full-width row, a table or the page
  end closes it.  A region is emitted like a one-row table: all its left lines
  (cell ``(t, 0, 0)``), then all its right lines (cell ``(t, 0, 1)``), so the
  two blocks are never interleaved.
* **Ruled tables** (pdfplumber's ``find_tables``, lines strategy; on scanned
  pages the grid found from the rules in the image, :mod:`vnnq.ingest.ocrtable`):
  each cell's lines carry ``cell=(t, row, column)`` and are taken out of the
  running text.
* **Body text**: sep "soft" between the lines of a paragraph, "blank" where the
  vertical gap is clearly larger than the usual line pitch, "page" for the
  first line of every page after the first.

Page numbers alone in the top or bottom margin (NĐ 30/2020 Phụ lục I: "số
trang ... ở giữa lề trên") are dropped: they would otherwise land inside a
sentence running over the page break.
"""

from __future__ import annotations

import dataclasses
import io
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from vnnq.errors import (
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    NeedsOCR,
    OcrUnavailable,
    UnreadableDocument,
    VnnqError,
)
from vnnq.ingest.base import Source, build_source
from vnnq.ingest.legacy import convert_run, font_encoding
from vnnq.ingest.ocr import OcrOptions, OcrPageResult, ocr_pages

__all__ = ["read_pdf", "page_text", "page_problems", "text_layer_problem", "text_layer_stats", "TextLayerStats"]

# Words: a gap wider than this fraction of the font size starts a new word.  A
# space in Times New Roman is 0.25 em; letters of one syllable sit closer than
# 0.1 em.  The default (3 pt) glues short Vietnamese syllables together when a
# PDF positions words without space characters.
X_TOLERANCE_RATIO = 0.15
Y_TOLERANCE = 3.0
# Characters drawn twice at (almost) the same place ("fake bold") are one.
DEDUPE_TOLERANCE = 1.0

# Two-column rows: the gap between the left and right segment (in pt).
MIN_COLUMN_GAP = 25.0
# ... and it must be much wider than the row's other gaps: a justified line
# stretches all its gaps alike.
GAP_DOMINANCE = 4.0
# A region line may poke this far (pt) into the other column's territory.
COLUMN_SLACK = 3.0
# After a vertical jump of more than this many line pitches, a half-width line
# continues a region only when it is aligned with the line above it in its
# column (the signer's name below the space left for the signature).
REGION_MAX_JUMP = 2.2
# A gap above a body line this much over the usual pitch marks a paragraph.
BLANK_EXTRA = 0.3
BLANK_EXTRA_MIN = 3.0
# Margin bands (fraction of the page height) where page numbers are looked for.
PAGE_NUMBER_BAND = 0.08

_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*(?:Trang\s+)?(\d{1,4})(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.I)
# pdfminer writes "(cid:123)" for a glyph whose font has no Unicode mapping.
_CID_RE = re.compile(r"^\(cid:\d+\)$")
_CID_IN_TEXT = re.compile(r"\(cid:\d+\)")

# A text layer is unusable when its fonts do not say which letters their glyphs
# are (no ToUnicode map, a custom encoding): pdfminer then gives "(cid:N)",
# private-use code points, control characters, or the glyph codes as letters
# ("1(cid:14)BnCD(cid:18)HKN" for "Hải Phòng").  Measured with
# bench/text_layer.py on 25 corpus documents laid out by fpdf2, 16 laid out by
# LibreOffice, two English manuals (pdfTeX) and a page of figures (327 pages
# with at least 20 characters), and on the same PDFs with their /ToUnicode
# maps removed (274 pages whose text changed): good pages have at most 0.2%
# unmapped glyphs, broken ones 1.8% or more; broken pages score at most 0.27
# in Vietnamese syllables (glyph codes read as letters make a few), good
# Vietnamese pages 0.57 or more.
UNMAPPED_SHARE = 0.10          # unusable whatever the words are
UNMAPPED_WITH_LOW_SCORE = 0.01  # ... or this many, and the words are not Vietnamese:
MIN_VIETNAMESE = 0.4
# A page of a PDF where another page is unusable is unusable too when this
# share of its glyphs is unmapped (the same font: a short last page has too
# few words to be judged on its own).
UNMAPPED_BESIDE_BROKEN = 0.01
# A token of real text, once the punctuation around it is stripped: a word
# ("Quảng", "Ngãi", "e-mail"), a number ("2.500", "21/9/2025", "15%") or a
# code ("12/KH-UBND", "57-NQ/TW", "Q.III/2026").  Glyph codes read as letters
# give "IQ+4I5%_", "IQƯ2ITC9I/o3IÓầIm+:2I12g".
_TOKEN_PUNCT = ".,;:!?()[]\"'“”‘’…-–—*•"
_CLEAN_TOKEN = re.compile(r"""^(?:
      [^\W\d_]+(?:[-'’][^\W\d_]+)*               # a word
    | [+±-]?\d+(?:[.,/:-]\d+)*%?                    # a number, a date, a time
    | [^\W_]+(?:[./-][^\W_]+)+                       # a code: 12/KH-UBND, Q.III/2026
    )$""", re.X)
# Fewer non-space characters than this is too little to judge a page by.
MIN_JUDGED_CHARS = 20
# The trailer (or cross-reference stream) entry of an encrypted PDF.
_ENCRYPT_RE = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")

_Part = tuple[str, int, str, tuple[int, int, int] | None]


def read_pdf(data: bytes, name: str | None = None, ocr: OcrOptions | None = None, *,
             max_pages: int | None = None) -> Source:
    """Read a PDF into a :class:`Source` of format "pdf" (``pages`` = page count).

    Pages without a text layer that hold an image (scans), and pages whose
    text layer is unusable (:func:`text_layer_problem`: glyphs without a
    Unicode mapping), are read by OCR (:mod:`vnnq.ingest.ocr`); pages with a
    good text layer never are.  ``OcrPage.reason`` says which it was.

    Raises :class:`UnreadableDocument` (not a PDF, truncated, damaged),
    :class:`EncryptedDocument` (a password is needed) and :class:`NeedsOCR`
    (no usable text layer and OCR switched off; :class:`OcrUnavailable` when
    Tesseract is missing), :class:`DocumentTooLarge` (more than ``max_pages``
    pages: counted from the page tree, before any page is read).
    """
    ocr = ocr or OcrOptions()
    label = name or "document"
    if not data:
        raise EmptyDocument(f"{label}: the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(f"{label}: not a PDF (no %PDF- header)")

    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page_count = len(pdf.pages)
            if max_pages is not None and page_count > max_pages:
                raise DocumentTooLarge(f"{label}: {page_count} pages is over the limit of {max_pages} pages "
                                       f"(Settings(max_pages=...))")
            pages, scans = [], []
            for page in pdf.pages:
                read = _read_page(page)
                if read.chars == 0 and page.images:
                    scans.append(read.number)
                pages.append(read)
                # pdfplumber keeps every page's parsed objects until the file is
                # closed: 320 MB for 2,000 one-line pages; closing each page as it is
                # read keeps the memory of a long PDF flat
                page.close()
        for p, problem in zip(pages, page_problems([p.stats for p in pages])):
            p.problem = problem
        scans = sorted({*scans, *(p.number for p in pages if p.problem)})
    except VnnqError:
        raise
    except Exception as exc:  # noqa: BLE001
        # The reader boundary: pdfminer raises dozens of exception types on
        # damaged files (PSEOF, PDFSyntaxError, PDFPasswordIncorrect, KeyError,
        # TypeError, zlib and struct errors from its stream decoders...) and
        # pdfplumber re-wraps most of them, not all, in PdfminerException.
        # None may escape raw; _open_error sorts out the ones that matter.
        raise _open_error(exc, data, label) from None
    results: list[OcrPageResult] = []
    note = None
    problems = {p.number: p.problem for p in pages if p.problem}
    if scans and ocr.enabled:
        try:
            results = _ocr_pdf(data, scans, ocr)
        except OcrUnavailable as exc:
            if len(scans) == page_count:
                what = "no usable text layer" if problems else "no text layer (a scanned PDF)"
                raise OcrUnavailable(f"{label}: {what} and {exc}") from None
            note = str(exc)
        except UnreadableDocument as exc:  # Tesseract or the renderer failed on a page
            raise UnreadableDocument(f"{label}: {exc}") from None
        for r in results:
            r.reason = problems.get(r.number, "no_text_layer")
        by_number = {r.number: _ocr_page(r) for r in results}
        pages = [by_number.get(p.number, p) for p in pages]
    return _build(pages, page_count, data, name, label, results, note, ocr.enabled)


# ---------------------------------------------------------------------------
# Errors


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()).strip("\"'")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _is_truncated(data: bytes) -> bool:
    """A complete PDF ends with %%EOF (possibly followed by a few bytes of padding)."""
    return b"%%EOF" not in data[-1024:]


def _open_error(exc: BaseException, data: bytes, label: str) -> VnnqError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfplumber wraps pdfminer's exception: PdfminerException(original)
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return EncryptedDocument(f"{label}: the PDF is password-protected")
    if _is_truncated(data):
        return UnreadableDocument(f"{label}: damaged PDF, the file is truncated (no %%EOF at the end)")
    if isinstance(inner, PDFEncryptionError) or _ENCRYPT_RE.search(data):
        return EncryptedDocument(f"{label}: the PDF is encrypted and cannot be decrypted ({_one_line(inner)})")
    return UnreadableDocument(f"{label}: damaged PDF ({_one_line(inner)})")


# ---------------------------------------------------------------------------
# Geometry


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None  # OCR confidence (0-1), None from a text layer


@dataclass(slots=True)
class _Row:
    """Words on one visual line, left to right."""

    words: list[_Word]
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w.x0)
        self.x0 = min(w.x0 for w in self.words)
        self.x1 = max(w.x1 for w in self.words)
        self.top = min(w.top for w in self.words)
        self.bottom = max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class _Table:
    top: float
    # (row, column, lines of the cell) for every cell that has text
    cells: list[tuple[int, int, list[_Row]]]


@dataclass(slots=True)
class _Page:
    number: int
    width: float
    height: float
    items: list[_Row | _Table]  # top to bottom
    chars: int
    cid_chars: int
    legacy_words: int = 0  # words in TCVN3 / VNI fonts, converted to Unicode
    problem: str | None = None  # why the text layer is unusable (text_layer_problem)
    stats: TextLayerStats | None = None


def _dedupe_chars(chars: list[dict]) -> list[dict]:
    """Drop characters repeated at the same place ("fake bold" printing).

    Same rule as pdfplumber's ``Page.dedupe_chars`` (same text, font and size,
    ``top`` and ``x0`` within 1 pt), which restores the order with
    ``list.index`` and so takes over a second on a dense page.
    """
    buckets: dict[tuple, list[int]] = {}
    for i, c in enumerate(chars):
        buckets.setdefault((c["text"], c.get("fontname"), c.get("size"), c.get("upright")), []).append(i)
    kept: list[int] = []
    for indexes in buckets.values():
        indexes.sort(key=lambda i: (chars[i]["top"], chars[i]["x0"]))
        window: list[int] = []
        for i in indexes:
            c = chars[i]
            window = [k for k in window if c["top"] - chars[k]["top"] <= DEDUPE_TOLERANCE]
            if any(abs(c["x0"] - chars[k]["x0"]) <= DEDUPE_TOLERANCE for k in window):
                continue
            window.append(i)
            kept.append(i)
    kept.sort()
    return [chars[i] for i in kept]


def _group_rows(words: Iterable[_Word]) -> list[_Row]:
    """Words → rows: a word joins the row when it overlaps the row's first word
    vertically by half its height (the left and right header cells often sit a
    point or two apart, so a fixed ``top`` tolerance misses them)."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            ref = rows[-1][0]
            overlap = min(word.bottom, ref.bottom) - max(word.top, ref.top)
            if overlap >= 0.5 * min(word.bottom - word.top, ref.bottom - ref.top):
                rows[-1].append(word)
                continue
        rows.append([word])
    return [_Row(r) for r in rows]


def _in_box(word: _Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


# "MPDFAA+.VnTimeBook", ".VnTimeH,Bold", "VNI-Times-Bold": the subset prefix and
# the style are not part of the family that names the encoding
_SUBSET_RE = re.compile(r"^[A-Z]{6}\+")
_STYLE_RE = re.compile(r"(?:[-, ]?(?:Bold|Italic|Oblique|Book|Regular|Light|Medium|MT|PS))+$")


def _legacy_font(fontname: str | None) -> str | None:
    if not fontname:
        return None
    base = _STYLE_RE.sub("", _SUBSET_RE.sub("", fontname))
    return font_encoding(base)


def _page_words(page) -> tuple[list[dict], list[dict], int]:
    """A page's characters (inside the page, deduplicated), its words (legacy
    fonts converted to Unicode) and how many words were converted."""
    from pdfplumber.utils import extract_words

    bx0, btop, bx1, bbottom = page.bbox
    chars = [
        c for c in page.chars
        if c["x1"] >= bx0 and c["x0"] <= bx1 and c["bottom"] >= btop and c["top"] <= bbottom
        and (c.get("size") or 0) >= 1  # invisible micro-text is not content
    ]
    chars = _dedupe_chars(chars)
    legacy = {f: e for f in {c.get("fontname") for c in chars} if (e := _legacy_font(f))}
    n_legacy = 0
    found_words = extract_words(chars, x_tolerance_ratio=X_TOLERANCE_RATIO, y_tolerance=Y_TOLERANCE,
                                keep_blank_chars=False, extra_attrs=["fontname"] if legacy else None)
    if legacy:
        # a PDF printed from a .VnTime (TCVN3) or VNI-Times document: its text is the
        # font's bytes; the font decides, as in DOCX runs (vnnq/ingest/legacy.py)
        for w in found_words:
            enc = legacy.get(w.get("fontname"))
            if enc:
                w["text"] = convert_run(w["text"], enc)
                n_legacy += 1
    return chars, found_words, n_legacy


def page_text(page) -> str:
    """A pdfplumber page's words as the reader sees them, one space apart (what
    :func:`text_layer_problem` judges)."""
    return " ".join(w["text"] for w in _page_words(page)[1])


def _read_page(page) -> _Page:
    bx0, btop = page.bbox[:2]
    chars, found_words, n_legacy = _page_words(page)
    cid = sum(1 for c in chars if _CID_RE.match(c["text"]))
    stats = text_layer_stats(" ".join(w["text"] for w in found_words))
    problem = _judge(stats)
    words = [
        _Word(w["text"], w["x0"] - bx0, w["x1"] - bx0, w["top"] - btop, w["bottom"] - btop)
        for w in found_words
    ]
    tables: list[_Table] = []
    if words and problem is None:
        for found in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
            table = _take_table(found, words, bx0, btop)
            if table is not None:
                tables.append(table)
    rows = [r for r in _group_rows(words) if not _is_page_number(r, page.page_number, page.height)]
    items: list[_Row | _Table] = sorted([*rows, *tables], key=lambda item: item.top)
    return _Page(page.page_number, float(page.width), float(page.height), items, len(chars), cid, n_legacy,
                 problem, stats)


# ---------------------------------------------------------------------------
# Unusable text layers


@dataclass(frozen=True, slots=True)
class TextLayerStats:
    """What :func:`text_layer_problem` looks at in a page's text."""

    chars: int             # non-space characters, a "(cid:N)" counted as one
    unmapped_share: float  # (cid:N), private-use, control and unassigned characters, U+FFFD
    symbol_share: float    # symbols (Unicode S*): glyph codes read as "#$+<=>^|~"
    vietnamese: float      # share of the words that are frequent Vietnamese syllables
    words: int
    clean: float           # share of the tokens that are a word, a number or a code (see _CLEAN_TOKEN)


def text_layer_stats(text: str) -> TextLayerStats:
    import unicodedata

    from vnnq.ingest.legacy import vietnamese_score

    cid = len(_CID_IN_TEXT.findall(text))
    rest = _CID_IN_TEXT.sub(" ", text)
    unmapped = symbols = n = 0
    for c in rest:
        if c.isspace():
            continue
        n += 1
        cat = unicodedata.category(c)
        if cat in ("Co", "Cc", "Cn", "Cs") or c == "\ufffd":
            unmapped += 1
        elif cat[0] == "S":
            symbols += 1
    n += cid
    score, words = vietnamese_score(rest)
    tokens = [t.strip(_TOKEN_PUNCT) for t in text.split()]
    tokens = [t for t in tokens if t]
    clean = sum(1 for t in tokens if _CLEAN_TOKEN.match(t)) / len(tokens) if tokens else 1.0
    return TextLayerStats(n, (cid + unmapped) / n if n else 0.0, symbols / n if n else 0.0, score, words, clean)


def text_layer_problem(text: str) -> str | None:
    """Why a page's text layer cannot be used ("unmapped_glyphs"), or None.

    >>> text_layer_problem("Hải Phòng, ngày 05 tháng 3 năm 2026") is None
    True
    >>> text_layer_problem("1(cid:14)BnCD(cid:18)HKNnHKOPnSUn(cid:26)D(cid:27)HKngnHhin-S-m")
    'unmapped_glyphs'
    """
    return _judge(text_layer_stats(text))


def _judge(s: TextLayerStats) -> str | None:
    from vnnq.ingest.legacy import MIN_WORDS

    if s.chars < MIN_JUDGED_CHARS:
        return None
    if s.unmapped_share >= UNMAPPED_SHARE:
        return "unmapped_glyphs"
    if s.unmapped_share >= UNMAPPED_WITH_LOW_SCORE and s.words >= MIN_WORDS and s.vietnamese < MIN_VIETNAMESE:
        return "unmapped_glyphs"
    return None


def page_problems(stats: list[TextLayerStats | None]) -> list[str | None]:
    """The verdict on every page of one PDF: each on its own
    (:func:`text_layer_problem`), and when one page is unusable, also the
    pages with :data:`UNMAPPED_BESIDE_BROKEN` of unmapped glyphs."""
    verdicts = [_judge(s) if s else None for s in stats]
    if not any(verdicts):
        return verdicts
    return [v or ("unmapped_glyphs" if s and s.chars and s.unmapped_share >= UNMAPPED_BESIDE_BROKEN else None)
            for v, s in zip(verdicts, stats)]


def _take_table(found, words: list[_Word], bx0: float, btop: float) -> _Table | None:
    """Move the words inside a ruled table's cells out of ``words``.

    A grid with fewer than two columns is a frame or a box around a note, not
    a table: its text stays in the running text.
    """
    grid = [[None if c is None else (c[0] - bx0, c[1] - btop, c[2] - bx0, c[3] - btop) for c in row.cells]
            for row in found.rows]
    return _take_grid(grid, found.bbox[1] - btop, words)


def _take_grid(grid: list[list[tuple[float, float, float, float] | None]], top: float,
               words: list[_Word]) -> _Table | None:
    """:func:`_take_table` for a grid of cell boxes (``None`` where a merged
    cell covers), from a text layer or from the rules of a scan."""
    if max((sum(c is not None for c in row) for row in grid), default=0) < 2:
        return None
    cells: list[tuple[int, int, list[_Row]]] = []
    taken: set[int] = set()
    for r, row in enumerate(grid):
        for c, box in enumerate(row):
            if box is None:  # covered by a merged cell
                continue
            inside = [i for i, w in enumerate(words) if i not in taken and _in_box(w, box)]
            if inside:
                taken.update(inside)
                cells.append((r, c, _group_rows(words[i] for i in inside)))
    if not cells:
        return None
    words[:] = [w for i, w in enumerate(words) if i not in taken]
    return _Table(top, cells)


def _is_page_number(row: _Row, number: int, height: float) -> bool:
    in_margin = row.bottom < height * PAGE_NUMBER_BAND or row.top > height * (1 - PAGE_NUMBER_BAND)
    match = _PAGE_NUMBER_RE.match(row.text) if in_margin else None
    return bool(match) and int(match.group(1)) == number


# ---------------------------------------------------------------------------
# Reading order and separators


@dataclass(slots=True)
class _Region:
    """An open two-column region: its left and right column lines so far."""

    left: list[_Row]
    right: list[_Row]
    last_top: float

    @property
    def left_max(self) -> float:
        return max(r.x1 for r in self.left)

    @property
    def right_min(self) -> float:
        return min(r.x0 for r in self.right)


def _split_row(row: _Row, centre: float) -> tuple[_Row, _Row] | None:
    """The left and right segments of a two-column row, or None.

    The split is at the widest gap of at least MIN_COLUMN_GAP that has the
    left segment's middle left of the centre and the right one's right of it,
    and that dwarfs the row's other gaps.
    """
    words = row.words
    gaps = [words[i].x0 - words[i - 1].x1 for i in range(1, len(words))]
    best, best_gap = None, 0.0
    for i, gap in enumerate(gaps, start=1):
        if gap < MIN_COLUMN_GAP or gap <= best_gap:
            continue
        left, right = words[:i], words[i:]
        if not (left[0].x0 + left[-1].x1) / 2 < centre < (right[0].x0 + right[-1].x1) / 2:
            continue
        others = gaps[: i - 1] + gaps[i:]
        if others and gap < GAP_DOMINANCE * max(statistics.median(others), 1.0):
            continue
        best, best_gap = i, gap
    if best is None:
        return None
    return _Row(words[:best]), _Row(words[best:])


def _aligned(row: _Row, above: _Row) -> bool:
    return abs(row.mid - above.mid) <= 12 or abs(row.x0 - above.x0) <= 3


def _region_side(region: _Region, row: _Row, pitch: float, centre: float) -> str | None:
    """Return "left" / "right" when ``row`` continues the region, None when it ends it.

    A continuing line stays clear of the other column and sits nearer to its
    own column's middle than to the page's: the lines of both header columns
    are centred in their cells (NĐ 30/2020 Phụ lục I), while a title such as
    "KẾ HOẠCH" right below the header is centred on the page.
    """
    def belongs(column: list[_Row]) -> bool:
        # centred in the column, or left-aligned with the column's last line
        # (a list of recipients: "- Sở Y tế;" / "- Sở Tài chính;")
        mid = statistics.median(r.mid for r in column)
        return abs(row.mid - mid) < abs(row.mid - centre) or abs(row.x0 - column[-1].x0) <= COLUMN_SLACK

    fits_left = row.x1 <= region.right_min + COLUMN_SLACK and belongs(region.left)
    fits_right = row.x0 >= region.left_max - COLUMN_SLACK and belongs(region.right)
    if fits_left and fits_right:
        side = "left" if row.mid < (region.left_max + region.right_min) / 2 else "right"
    elif fits_left:
        side = "left"
    elif fits_right:
        side = "right"
    else:
        return None  # a full-width or page-centred line
    if row.top - region.last_top > REGION_MAX_JUMP * pitch:
        above = (region.left if side == "left" else region.right)[-1]
        if not _aligned(row, above):
            return None
    return side


class _Emitter:
    """Collects ``(text, page, sep, cell)`` parts in reading order."""

    def __init__(self, pitch: float, centre: float) -> None:
        self.parts: list[_Part] = []
        # the row each part was made of (OCR words keep their confidence)
        self.rows: list[_Row] = []
        self.pitch = pitch
        self.centre = centre
        self.tables = 0
        self.page = 1
        self.page_start = True
        self.prev_row: _Row | None = None  # the last body row on this page
        # body rows emitted since the last page start, table or region, with
        # their index in parts (a region may take back the last of them)
        self.recent: list[tuple[_Row, int]] = []
        self.region: _Region | None = None

    def _add(self, row: _Row, sep: str, cell: tuple[int, int, int] | None) -> None:
        self.parts.append((row.text, self.page, sep, cell))
        self.rows.append(row)

    def _next_table(self) -> int:
        self.tables += 1
        return self.tables - 1

    def new_page(self, number: int) -> None:
        self.close_region()
        self.page = number
        self.page_start = True
        self.prev_row = None
        self.recent = []

    def close_region(self) -> None:
        region, self.region = self.region, None
        if region is None:
            return
        t = self._next_table()
        # First line of the left column: sep "row" (a region is one table row,
        # as in the DOCX and web readers); first of the right column "cell".
        for column, lines, first_sep in ((0, region.left, "row"), (1, region.right, "cell")):
            for i, line in enumerate(lines):
                self._add(line, first_sep if i == 0 else "hline", (t, 0, column))
        self._after_block()

    def _after_block(self) -> None:
        self.page_start = False
        self.prev_row = None
        self.recent = []

    def table(self, table: _Table) -> None:
        self.close_region()
        t = self._next_table()
        current_row = None
        for r, c, lines in table.cells:
            for i, line in enumerate(lines):
                if i == 0:
                    sep = "row" if r != current_row else "cell"
                    current_row = r
                else:
                    # Lines of a PDF cell are wrapped lines or one unit per
                    # line ("Sở Y tế" / "Sở Tài chính"): "hline" lets the
                    # normalizer join only a line that continues the one above.
                    sep = "hline"
                self._add(line, sep, (t, r, c))
        self._after_block()

    def row(self, row: _Row) -> None:
        if self.region is not None:
            if self._continue_region(row):
                return
            self.close_region()
        halves = _split_row(row, self.centre)
        if halves is not None:
            self._start_region(row, *halves)
            return
        self.body(row)

    def _start_region(self, row: _Row, left: _Row, right: _Row) -> None:
        """Open a region at a two-column row.

        The right column may begin a line or two above the row that splits:
        "TM. ỦY BAN NHÂN DÂN" stands above "Nơi nhận: | KT. CHỦ TỊCH" when the
        signer block is laid out with indents instead of a table.  Such lines,
        just emitted as body text, are taken back into the right column.
        """
        above: list[_Row] = []
        top = row.top
        while self.recent and len(above) < 2:
            prev, index = self.recent[-1]
            if (index != len(self.parts) - 1 or top - prev.top > 1.6 * self.pitch
                    or prev.x0 < left.x1 + MIN_COLUMN_GAP
                    or not (abs(prev.mid - right.mid) <= 12 or abs(prev.x0 - right.x0) <= COLUMN_SLACK)):
                break
            self.parts.pop()
            self.rows.pop()
            self.recent.pop()
            above.insert(0, prev)
            top = prev.top
        self.region = _Region([left], [*above, right], row.top)

    def _continue_region(self, row: _Row) -> bool:
        """Add ``row`` to the open region if it belongs there.

        A two-column row continues the region only when each segment fits its
        column; otherwise ("Kính gửi:  - Sở Y tế;" below the header of a công
        văn) it ends the region and may start one of its own.
        """
        region = self.region
        assert region is not None
        halves = _split_row(row, self.centre)
        if halves is not None:
            left, right = halves
            if (_region_side(region, left, self.pitch, self.centre) != "left"
                    or _region_side(region, right, self.pitch, self.centre) != "right"):
                return False
            region.left.append(left)
            region.right.append(right)
        else:
            side = _region_side(region, row, self.pitch, self.centre)
            if side is None:
                return False
            (region.left if side == "left" else region.right).append(row)
        region.last_top = row.top
        return True

    def body(self, row: _Row) -> None:
        if self.page_start:
            sep = "page" if self.page > 1 else "soft"
        elif self.prev_row is None:
            sep = "para"  # right after a table or a two-column region
        else:
            gap = row.top - self.prev_row.top
            sep = "blank" if gap > self.pitch + max(BLANK_EXTRA_MIN, BLANK_EXTRA * self.pitch) else "soft"
        self.recent.append((row, len(self.parts)))
        self._add(row, sep, None)
        self.page_start = False
        self.prev_row = row


def _line_pitch(pages: list[_Page]) -> float:
    """The usual distance from one body line's top to the next (median)."""
    deltas: list[float] = []
    heights: list[float] = []
    for page in pages:
        rows = [item for item in page.items if isinstance(item, _Row)]
        heights.extend(r.height for r in rows)
        for above, below in zip(rows, rows[1:]):
            delta = below.top - above.top
            if 0 < delta < 3 * max(above.height, below.height):
                deltas.append(delta)
    if deltas:
        return statistics.median(deltas)
    return 1.2 * statistics.median(heights) if heights else 14.0


def _text_centre(pages: list[_Page], fallback: float) -> float:
    """The horizontal centre of the text block (margins are asymmetric: NĐ
    30/2020 Phụ lục I asks 30-35 mm at the left and 15-20 mm at the right)."""
    starts = sorted(r.x0 for p in pages for r in p.items if isinstance(r, _Row))
    ends = sorted(r.x1 for p in pages for r in p.items if isinstance(r, _Row))
    if len(starts) < 5:
        return fallback
    cut = len(starts) // 50  # ignore the odd stray mark in the margin
    return (starts[cut] + ends[-1 - cut]) / 2


def _build(pages: list[_Page], page_count: int, data: bytes, name: str | None, label: str,
           ocr_results: list[OcrPageResult] | None = None, ocr_note: str | None = None,
           ocr_enabled: bool = True) -> Source:
    # pages whose unusable text layer was not replaced by OCR (switched off,
    # unavailable): their glyph codes are not text, they are left out
    unusable = [p.number for p in pages if p.problem]
    pages = [dataclasses.replace(p, items=[], chars=0, cid_chars=0) if p.problem else p for p in pages]
    total = sum(p.chars for p in pages)
    if total == 0:
        if ocr_results:
            raise EmptyDocument(f"{label}: OCR found no text on the scanned page(s)")
        why = "OCR is switched off" if not ocr_enabled else ocr_note or "no page holds a scanned image"
        if unusable:
            raise NeedsOCR(f"{label}: no usable text layer (its fonts have no Unicode mapping); {why}")
        raise NeedsOCR(f"{label}: no text layer (a scanned PDF?); {why}")
    cid = sum(p.cid_chars for p in pages)
    warnings: list[str] = []
    if unusable:
        why = "OCR is switched off" if not ocr_enabled else ocr_note
        warnings.append(f"{label}: the text layer of page(s) {', '.join(map(str, unusable))} has no Unicode "
                        f"mapping (unmapped glyphs) and was not read by OCR ({why}): their text is missing")
    reread = [r.number for r in ocr_results or [] if r.reason == "unmapped_glyphs"]
    if reread:
        warnings.append(f"{label}: the text layer of page(s) {', '.join(map(str, reread))} has no Unicode "
                        f"mapping (unmapped glyphs): read by OCR instead")
    blank_pages = [p.number for p in pages if p.chars == 0 and p.number not in unusable]
    if blank_pages:
        why = f" ({ocr_note})" if ocr_note else ""
        warnings.append(f"{label}: no text layer on page(s) {', '.join(map(str, blank_pages))} "
                        f"(scanned pages?): their text is missing{why}")
    if cid:
        warnings.append(f"{label}: {cid} character(s) without a Unicode mapping, read as (cid:N)")
    legacy = sum(p.legacy_words for p in pages)
    if legacy:
        warnings.append(f"{label}: {legacy} words in legacy Vietnamese fonts (TCVN3 .Vn*, VNI-*) converted to Unicode")
    if _is_truncated(data):
        warnings.append(f"{label}: no %%EOF at the end of the file: it may be truncated")

    return _emit(pages, "pdf", name, page_count, warnings, ocr_results or [])


def _emit(pages: list[_Page], fmt: str, name: str | None, page_count: int, warnings: list[str],
          ocr_results: list[OcrPageResult]) -> Source:
    label = name or "document"
    emitter = _Emitter(_line_pitch(pages), _text_centre(pages, pages[0].width / 2))
    for page in pages:
        emitter.new_page(page.number)
        for item in page.items:
            if isinstance(item, _Table):
                emitter.table(item)
            else:
                emitter.row(item)
    emitter.close_region()
    if not emitter.parts:
        raise EmptyDocument(f"{label}: the {'PDF' if fmt == 'pdf' else 'image'} has no text")
    source = build_source(emitter.parts, fmt, name, page_count, warnings)
    if not ocr_results:
        return source
    return dataclasses.replace(source, ocr_pages=[_record(r) for r in ocr_results],
                               confidences=_word_confidences(emitter.rows))


# ---------------------------------------------------------------------------
# Scanned pages


def _ocr_pdf(data: bytes, numbers: list[int], options: OcrOptions) -> list[OcrPageResult]:
    """Render the given pages (pypdfium2, pdfplumber's own renderer) and OCR them."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UnreadableDocument(f"the scanned pages cannot be rendered ({exc})") from None
    try:
        def load(number: int):
            try:
                page = pdf[number - 1]
                try:
                    return page.render(scale=options.dpi / 72).to_pil(), options.dpi
                finally:
                    page.close()
            except pypdfium2.PdfiumError as exc:
                raise UnreadableDocument(f"page {number} cannot be rendered ({exc})") from None

        return ocr_pages(numbers, load, options)
    finally:
        pdf.close()


def _ocr_page(result: OcrPageResult) -> _Page:
    """OCR words → a page of rows, as from a text layer; the words inside the
    ruled tables found in the image (:mod:`vnnq.ingest.ocrtable`) go to their
    cells as a text-layer table's do; codes and dates that OCR broke are
    repaired row by row (:mod:`vnnq.ingest.ocrfix`), inside a cell only with
    the cell's own words."""
    words = [_Word(w.text, w.x0, w.x1, w.top, w.bottom, w.confidence) for w in result.words]
    tables: list[_Table] = []
    for grid in result.grids:
        table = _take_grid(grid.rows, grid.bbox[1], words)
        if table is not None:
            tables.append(table)
    for table in tables:
        table.cells = [(r, c, [_fixed(row, result) for row in lines]) for r, c, lines in table.cells]
    rows = [_fixed(row, result) for row in _group_rows(words)]
    rows = [r for r in rows if not _is_page_number(r, result.number, result.height)]
    chars = sum(len(w.text) for r in rows for w in r.words)
    chars += sum(len(w.text) for t in tables for _, _, lines in t.cells for r in lines for w in r.words)
    items: list[_Row | _Table] = sorted([*rows, *tables], key=lambda item: item.top)
    return _Page(result.number, result.width, result.height, items, chars, 0)


def _fixed(row: _Row, result: OcrPageResult) -> _Row:
    from vnnq.ingest.ocrfix import fix_tokens

    ws = row.words
    edits = fix_tokens([w.text for w in ws])
    for i, j, text, note in reversed(edits):
        part = ws[i:j]
        ws[i:j] = [_Word(text, min(w.x0 for w in part), max(w.x1 for w in part),
                         min(w.top for w in part), max(w.bottom for w in part),
                         min(w.conf or 0.0 for w in part))]
        if note:
            result.corrections.insert(0, note)
    return _Row(ws)


def _record(result: OcrPageResult):
    from vnnq.model import OcrPage

    return OcrPage(result.number, round(result.confidence, 3), len(result.words), result.dpi,
                   result.angle, list(result.corrections), result.reason)


def _word_confidences(rows: list[_Row]) -> list[tuple[int, int, float]]:
    """(start, end, confidence) in the Source text of every OCR word, by
    retracing :func:`build_source`'s layout: parts one per line, words joined
    by one space."""
    out: list[tuple[int, int, float]] = []
    pos = 0
    for row in rows:
        for w in row.words:
            if w.conf is not None:
                out.append((pos, pos + len(w.text), w.conf))
            pos += len(w.text) + 1
        # the space after the last word stands for the line's "\n"
    return out


def build_ocr_source(results: list[OcrPageResult], name: str | None, fmt: str, label: str) -> Source:
    """A Source from OCRed image pages (PNG, JPEG, TIFF files)."""
    for r in results:
        r.reason = "image"
    pages = [_ocr_page(r) for r in results]
    if sum(p.chars for p in pages) == 0:
        raise EmptyDocument(f"{label}: OCR found no text in the image")
    return _emit(pages, fmt, name, len(pages), [], results)
