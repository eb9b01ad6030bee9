"""The shape every reader returns: the reader's raw text cut into lines.

A reader (txt, markdown, docx, pdf) turns a file into a :class:`Source`: one raw
string plus the list of its lines, each knowing its offset in that string, its
page, and what separates it from the line before.  The normalizer
(:mod:`vnnq.ingest.normalize`) is the only consumer; it re-flows the lines and
keeps a map from every normalized character back to ``Source.text``.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from typing import NamedTuple

# What opening a zip container and reading its members raises on damaged bytes,
# as found by bench/fuzz.py:
#   zipfile.BadZipFile   not a zip, truncated, bad CRC, bad extra fields
#   NotImplementedError  "zip file version 23.9" (a mutated version field), an
#                        unknown compression method
#   zlib.error           corrupt deflate data ("invalid distance too far back")
#   RuntimeError         a member encrypted with a zip password
#   EOFError, OSError    short reads
#   ValueError           bad offsets, negative sizes
#   KeyError             a member that is not there
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, NotImplementedError, zlib.error, RuntimeError, EOFError, OSError, ValueError, KeyError,
)

# What stands between a line and the one before it.  The normalizer decides
# whether to join two lines from this and from the text itself:
#   "soft"  a plain line break inside a paragraph (text files, web copies, PDF lines)
#   "blank" one or more empty lines (a paragraph break, but PDFs and web copies
#           also break sentences and codes across them: "71-\n\nNQ/TW")
#   "page"  a page break (a sentence may continue on the next page)
#   "hline" a line inside a layout block of the header or signer area: joined only
#           when the next line clearly continues it (starts in lower case)
#   "para"  a real paragraph boundary (a DOCX paragraph): never joined
#   "cell"  the first line of a table cell: never joined
#   "row"   the first line of a new table row: never joined
SEPARATORS = ("soft", "blank", "page", "hline", "para", "cell", "row")


class Line(NamedTuple):
    """One line of raw text.  ``Source.text[start:start+len(text)] == text``.

    A named tuple rather than a frozen dataclass (STYLE.md rule 3 is about
    results; this is the readers' scratch form): a text file makes one per
    line, about 440 per document in the archive sample, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) made
    building them 5% of the whole extraction; a named tuple is as immutable
    and costs a quarter of that.
    """

    text: str
    start: int
    page: int = 1
    sep: str = "soft"
    # (table index, row index, column index) when the line is inside a table cell
    cell: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A file as its reader saw it, before normalization."""

    text: str
    lines: list[Line]
    format: str  # "txt", "md", "html", "docx", "pdf"
    name: str | None = None
    pages: int = 1
    # True when markdown emphasis markers (** * __) in the text are layout hints
    markup: bool = False
    warnings: list[str] = field(default_factory=list)
    # Scans (vnnq.ingest.ocr): the OCRed pages (model.OcrPage), and every OCR
    # word as (start, end, confidence 0-1) in ``text``, in order
    ocr_pages: list = field(default_factory=list)
    confidences: list[tuple[int, int, float]] = field(default_factory=list)


def build_source(parts: list[tuple[str, int, str, tuple[int, int, int] | None]], fmt: str,
                 name: str | None = None, pages: int = 1,
                 warnings: list[str] | None = None) -> Source:
    """Join ``(text, page, sep, cell)`` parts into a Source, one line each.

    Readers that extract text themselves (DOCX, PDF) use this so that every
    line's offset is right by construction.  A part containing newlines is split
    into several lines; the extra lines get the separator "soft".
    """
    chunks: list[str] = []
    lines: list[Line] = []
    pos = 0
    for text, page, sep, cell in parts:
        for i, piece in enumerate(text.split("\n")):
            if chunks:
                chunks.append("\n")
                pos += 1
            lines.append(Line(piece, pos, page, sep if i == 0 else "soft", cell))
            chunks.append(piece)
            pos += len(piece)
    return Source("".join(chunks), lines, fmt, name, pages, False, list(warnings or []))
