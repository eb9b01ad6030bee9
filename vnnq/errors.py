"""Typed errors raised by the library.

Every surface (CLI, API, watcher) turns these into a message and an exit code or
status; the library never prints and never exits.  Each error has a short
machine-readable ``code`` and a one-line human message in ``str(err)``.
"""

from __future__ import annotations


class VnnqError(Exception):
    """Base class of every error vnnq raises on purpose."""

    code = "error"


class UnreadableDocument(VnnqError):
    """The file could not be read: corrupt, truncated, undecodable bytes.

    >>> raise UnreadableDocument("bad.docx: not a valid DOCX (zip archive is truncated)")
    Traceback (most recent call last):
    ...
    vnnq.errors.UnreadableDocument: bad.docx: not a valid DOCX (zip archive is truncated)
    """

    code = "unreadable"


class UnsupportedFormat(VnnqError):
    """The content is of a kind vnnq does not read (e.g. a spreadsheet, an image)."""

    code = "unsupported"


class EmptyDocument(VnnqError):
    """The file has no text at all (zero bytes, or only whitespace)."""

    code = "empty"


class EncryptedDocument(VnnqError):
    """The file is password-protected; vnnq cannot open it without the password."""

    code = "encrypted"


class NeedsOCR(VnnqError):
    """A PDF (or page) without a text layer, and OCR switched off or impossible."""

    code = "needs_ocr"


class OcrUnavailable(NeedsOCR):
    """A scan to read, but Tesseract or its Vietnamese model is not installed
    (the message names the install step)."""

    code = "ocr_unavailable"


class DocumentTooLarge(VnnqError):
    """The input exceeds the configured size limit (``Settings.max_bytes``)."""

    code = "too_large"


class ConversionTimeout(UnreadableDocument):
    """Converting the file (a .doc, .rtf, .odt, with LibreOffice) took longer than allowed."""

    code = "conversion_timeout"


class MissingDependency(VnnqError):
    """Reading this kind of file needs a program that is not installed (e.g. LibreOffice);
    the message names the install step."""

    code = "missing_dependency"
