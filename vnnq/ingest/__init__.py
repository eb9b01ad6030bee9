"""File → :class:`~vnnq.ingest.base.Source`: decide the format by content, then read.

The format is decided from the bytes (magic numbers), the extension only breaks
ties between text flavours.  Heavy readers (python-docx, pdfplumber) are
imported when a file of that kind arrives, so ``vnnq --help`` stays fast.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
import zipfile
from pathlib import Path

from vnnq.errors import (
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    UnreadableDocument,
    UnsupportedFormat,
)
from vnnq.ingest.base import ZIP_ERRORS, Line, Source

__all__ = ["read_bytes", "read_path", "read_text", "sniff", "Source", "Line", "DEFAULT_MAX_BYTES",
           "DEFAULT_MAX_PAGES", "DEFAULT_MAX_CHARS"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The longest directive of the corpus is 60,000 characters and 40 pages; an
# attached plan can make a Quyết định some hundred pages.  Past these limits a
# file is refused rather than read for minutes: 2,000 PDF pages take
# pdfplumber over a minute of CPU, and 10 MB of assignment sentences give some
# 100,000 tasks to classify.
DEFAULT_MAX_PAGES = 1000
DEFAULT_MAX_CHARS = 2_000_000

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # .doc, .xls, and encrypted OOXML
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
]

_HTML_RE = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<div|<p[ >]|<table)", re.I)


def sniff(data: bytes, name: str | None = None) -> str:
    """Return the format of ``data``: pdf, docx, txt, md, html, or a kind we refuse.

    >>> sniff(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff("Số: 12/KH-UBND".encode(), "x.txt")
    'txt'
    """
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zip":
                return _sniff_zip(data)
            return kind
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if _HTML_RE.match(data[:512]):
        return "html"
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in (".html", ".htm"):
        return "html"
    return "txt"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except ZIP_ERRORS as exc:
        raise UnreadableDocument(f"damaged zip container ({type(exc).__name__}: {exc})") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        return "odt"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Undecodable bytes are an error, never silently replaced: a clerk must know
    the text is not what the file says.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        enc = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    elif len(data) >= 4 and data[1::2][:2] == b"\x00\x00" and data[0::2][:2] != b"\x00\x00":
        enc = "utf-16-le"  # UTF-16 without BOM, mostly ASCII
    else:
        enc = "utf-8"
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"not valid {enc.upper()} text: undecodable byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start}"
        ) from None


def split_lines(text: str, fmt: str, name: str | None = None) -> Source:
    """Cut decoded text into :class:`Line` objects, marking blank lines and, for
    markdown copied from web pages, table cells.

    In those copies a table is written one cell per block of lines, each cell
    closed by a line holding only ``|``; one more ``|`` closes the row, and each
    further ``|`` in the run stands for an empty cell before the row's end
    (``Thường xuyên / | / | / |`` = last cell, one empty cell, end of row).
    Where a table ends cannot be told from the bars, so every line after the
    first bar keeps a cell address; readers of tables use the header row's width.
    """
    lines: list[Line] = []
    # Markdown emphasis is read in every text format: plain .txt copies of
    # directives carry "**KT. GIÁM ĐỐC**" as often as web copies do.
    markup = True
    pending = "soft"
    table, row, col = -1, 0, 0
    in_table = False
    pos = 0
    raw_lines = text.split("\n")
    new_line = Line._make  # (tuple.__new__: no Python-level __new__ per line)
    bars = 0
    web = fmt in ("md", "html")  # only web copies write table cells as bar lines
    crlf = "\r" in text
    for raw in raw_lines:
        start = pos
        pos += len(raw) + 1
        body = raw.rstrip("\r") if crlf else raw
        stripped = body.strip()
        if web and stripped == "|":
            bars += 1
            continue
        if bars:
            if not in_table:
                in_table, table, row, col = True, table + 1, 0, 0
                pending = "row"
            elif bars == 1:
                col += 1
                pending = "cell"
            else:
                row, col = row + 1, 0
                pending = "row"
            bars = 0
        if not stripped:
            if pending == "soft":
                pending = "blank"
            continue
        cell = (table, row, col) if in_table else None
        lines.append(new_line((body, start, 1, pending, cell)))
        pending = "soft"
    return Source(text, lines, fmt, name, 1, markup)


def read_text(text: str, name: str | None = None, fmt: str = "txt", *,
              max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """Read already-decoded text (the ``str`` input of :func:`vnnq.extract`)."""
    if not text.strip():
        raise EmptyDocument(f"{name or 'text'}: no text")
    _check_chars(text, name or "text", max_chars)
    text, warnings = _repair_legacy(text, name or "text")
    return _with_warnings(split_lines(text, fmt, name), warnings)


def _check_chars(text: str, label: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise DocumentTooLarge(
            f"{label}: {len(text):,} characters of text is over the limit of {max_chars:,} "
            f"(Settings(max_chars=...))"
        )


def _decode_with_legacy(data: bytes, label: str) -> tuple[str, list[str]]:
    """:func:`decode_text`, then the legacy Vietnamese encodings (TCVN3, VNI,
    Windows-1258, VIQR) where statistics say so (:mod:`vnnq.ingest.legacy`)."""
    from vnnq.ingest import legacy

    try:
        text = decode_text(data)
    except UnreadableDocument as exc:
        found = legacy.decode_legacy_bytes(data)
        if found is None:
            raise UnreadableDocument(f"{label}: {exc}, nor clearly Vietnamese in TCVN3, VNI or Windows-1258") from None
        text, encoding = found
        return text, [f"{label}: read as {legacy.ENCODING_NAMES[encoding]} text, converted to Unicode"]
    return _repair_legacy(text, label)


def _repair_legacy(text: str, label: str) -> tuple[str, list[str]]:
    from vnnq.ingest import legacy

    r = legacy.repair(text)
    if r.encoding is None:
        return text, []
    if r.lines is not None:
        return r.text, [f"{label}: {r.lines} line(s) in {legacy.ENCODING_NAMES[r.encoding]} among Unicode text, "
                        f"converted to Unicode"]
    return r.text, [f"{label}: the text is in {legacy.ENCODING_NAMES[r.encoding]}, converted to Unicode"]


def _with_warnings(source: Source, warnings: list[str]) -> Source:
    return dataclasses.replace(source, warnings=source.warnings + warnings) if warnings else source


def read_bytes(data: bytes, name: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
               office_timeout: float = 60.0, ocr=None, max_pages: int = DEFAULT_MAX_PAGES,
               max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """Read a file's bytes into a :class:`Source`, deciding the format by content.

    ``office_timeout``: seconds LibreOffice may take to convert a .doc, .rtf or .odt;
    ``ocr`` (:class:`vnnq.ingest.ocr.OcrOptions`) says how scans are read; a PDF of
    more than ``max_pages`` pages or a text of more than ``max_chars`` characters
    is :class:`DocumentTooLarge`.
    """
    source = _read_bytes(data, name, max_bytes, office_timeout, ocr, max_pages)
    _check_chars(source.text, name or "input", max_chars)
    return source


def _read_bytes(data: bytes, name: str | None, max_bytes: int, office_timeout: float, ocr,
                max_pages: int) -> Source:
    label = name or "input"
    if len(data) > max_bytes:
        raise DocumentTooLarge(
            f"{label}: {len(data) / 1048576:.1f} MB is over the limit of "
            f"{max_bytes / 1048576:.0f} MB (raise it with --max-mb)"
        )
    if not data.strip():
        raise EmptyDocument(f"{label}: the file is empty")
    try:
        kind = sniff(data, name)
    except UnreadableDocument as exc:
        raise UnreadableDocument(f"{label}: {exc}") from None
    if kind == "pdf":
        from vnnq.ingest.pdf import read_pdf

        return read_pdf(data, name, ocr, max_pages=max_pages)
    if kind == "image":
        from vnnq.ingest.ocr import read_image

        return read_image(data, name, ocr)
    if kind == "docx":
        from vnnq.ingest.docx import read_docx

        return read_docx(data, name)
    if kind in ("ole", "rtf", "odt"):
        from vnnq.ingest.office import office_kind, read_office

        office = office_kind(data, kind)
        if office is not None:
            return read_office(data, office, name, label, office_timeout)
    if kind == "ole":
        raise _ole_error(data, label)
    if kind in ("txt", "md", "html"):
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            if not (len(data) >= 4 and data[1::2][:2] == b"\x00\x00"):
                raise UnreadableDocument(f"{label}: binary data, not a text file")
        text, warnings = _decode_with_legacy(data, label)
        if kind == "html":
            from vnnq.ingest.web import html_to_text

            text = html_to_text(text)
            kind = "md"
        if not text.strip():
            raise EmptyDocument(f"{label}: no text")
        return _with_warnings(split_lines(text, kind, name), warnings)
    names = {
        "odt": "an OpenDocument file that is not a text document (.ods, .odp...)",
        "xlsx": "a spreadsheet", "pptx": "a presentation", "zip": "a zip archive",
        "gzip": "a gzip archive", "rar": "a RAR archive", "7z": "a 7z archive",
    }
    raise UnsupportedFormat(f"{label}: {names.get(kind, kind)}, not a directive vnnq can read")


def _ole_error(data: bytes, label: str) -> Exception:
    # OOXML files protected with a password are wrapped in an OLE container
    # holding "EncryptedPackage"; plain OLE files are legacy .doc/.xls.
    if "EncryptedPackage".encode("utf-16-le") in data[:1 << 16] or b"EncryptedPackage" in data[:1 << 16]:
        return EncryptedDocument(f"{label}: the document is password-protected")
    return UnsupportedFormat(f"{label}: a legacy Office file that is not a Word document (.xls, .ppt...)")


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, office_timeout: float = 60.0,
              ocr=None, max_pages: int = DEFAULT_MAX_PAGES, max_chars: int = DEFAULT_MAX_CHARS) -> Source:
    """Read a file from disk (see :func:`read_bytes`)."""
    p = Path(path)
    return read_bytes(load_path(p, max_bytes=max_bytes), p.name, max_bytes=max_bytes,
                      office_timeout=office_timeout, ocr=ocr, max_pages=max_pages, max_chars=max_chars)


def load_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing it before reading when it is over the limit."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise DocumentTooLarge(
                f"{p.name}: {size / 1048576:.1f} MB is over the limit of "
                f"{max_bytes / 1048576:.0f} MB (raise it with --max-mb)"
            )
        data = p.read_bytes()
    except IsADirectoryError:
        raise UnreadableDocument(f"{p}: is a directory") from None
    except FileNotFoundError:
        raise UnreadableDocument(f"{p}: no such file") from None
    except PermissionError:
        raise UnreadableDocument(f"{p}: permission denied") from None
    except OSError as exc:
        raise UnreadableDocument(f"{p}: {exc.strerror or exc}") from None
    return data
