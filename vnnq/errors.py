"""Typed errors raised by the library.

Every surface (CLI, API, watcher) turns these into a message and an exit code or
status; the library never prints and never exits.  Each error has a short
machine-readable ``code`` and a one-line human message in ``str(err)``.

>>> import vnnq
>>> try:
...     vnnq.extract(b"", name="cong-van.txt")
... except vnnq.VnnqError as err:
...     print(err.code, "|", err)
empty | cong-van.txt: the file is empty
"""

from __future__ import annotations


class VnnqError(Exception):
    """Base class of every error vnnq raises on purpose; catch it to handle any
    file vnnq refuses.  ``code`` is the short name the CLI, the API and the
    index report (``vnnq: FILE: code: reason``).

    >>> import vnnq
    >>> try:
    ...     vnnq.extract(b"PK\\x03\\x04 not a real zip", name="ke-hoach.docx")
    ... except vnnq.VnnqError as err:
    ...     print(type(err).__name__, err.code)
    UnreadableDocument unreadable
    """

    code = "error"


class UnreadableDocument(VnnqError):
    """The file could not be read: corrupt, truncated, undecodable bytes.

    >>> import vnnq
    >>> vnnq.extract(b"PK\\x03\\x04 not a real zip", name="ke-hoach.docx")
    Traceback (most recent call last):
    ...
    vnnq.errors.UnreadableDocument: ke-hoach.docx: damaged zip container (BadZipFile: File is not a zip file)
    """

    code = "unreadable"


class UnsupportedFormat(VnnqError):
    """The content is of a kind vnnq does not read: a spreadsheet, an archive, a
    presentation (decided by the bytes, not the name).

    >>> import io, zipfile, vnnq
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("[Content_Types].xml", "<Types/>"); z.writestr("xl/workbook.xml", "<workbook/>")
    >>> vnnq.extract(buf.getvalue(), name="bang-phan-cong.xlsx")
    Traceback (most recent call last):
    ...
    vnnq.errors.UnsupportedFormat: bang-phan-cong.xlsx: a spreadsheet, not a directive vnnq can read
    """

    code = "unsupported"


class EmptyDocument(VnnqError):
    """The file has no text at all (zero bytes, or only whitespace).

    >>> import vnnq
    >>> vnnq.extract(b"  \\n ", name="thong-bao.txt")
    Traceback (most recent call last):
    ...
    vnnq.errors.EmptyDocument: thong-bao.txt: the file is empty
    """

    code = "empty"


class EncryptedDocument(VnnqError):
    """The file is password-protected; vnnq cannot open it without the password.

    >>> import vnnq
    >>> pdf = b"%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\\ntrailer<</Root 1 0 R/Encrypt 5 0 R>>\\n%%EOF"
    >>> try:
    ...     vnnq.extract(pdf, name="quyet-dinh.pdf")
    ... except vnnq.EncryptedDocument as err:
    ...     print(err.code, "|", str(err).split(" (")[0])
    encrypted | quyet-dinh.pdf: the PDF is encrypted and cannot be decrypted
    """

    code = "encrypted"


class NeedsOCR(VnnqError):
    """A PDF (or page) without a text layer, and OCR switched off or impossible.

    >>> import vnnq
    >>> scan = (b"%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    ...         b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\\n"
    ...         b"trailer<</Root 1 0 R>>\\n%%EOF")
    >>> vnnq.extract(scan, name="cong-van-scan.pdf",
    ...              settings=vnnq.Settings(ocr=vnnq.OcrOptions(enabled=False)))
    Traceback (most recent call last):
    ...
    vnnq.errors.NeedsOCR: cong-van-scan.pdf: no text layer (a scanned PDF?); OCR is switched off
    """

    code = "needs_ocr"


class OcrUnavailable(NeedsOCR):
    """A scan to read, but Tesseract or its Vietnamese model is not installed
    (the message names the install step, ``bash scripts/install.sh``).  It is
    a :class:`NeedsOCR`, so code that handles that handles this too.

    >>> import vnnq
    >>> issubclass(vnnq.OcrUnavailable, vnnq.NeedsOCR), vnnq.OcrUnavailable.code
    (True, 'ocr_unavailable')
    """

    code = "ocr_unavailable"


class DocumentTooLarge(VnnqError):
    """The input exceeds the configured size limit (``Settings.max_bytes``,
    20 MB by default; ``--max-mb`` on the command line).

    >>> import vnnq
    >>> text = "Số: 12/KH-UBND\\nGiao Sở Tài chính chủ trì rà soát.\\n" * 100
    >>> vnnq.extract(text.encode(), name="ke-hoach.txt", settings=vnnq.Settings(max_bytes=1024))
    Traceback (most recent call last):
    ...
    vnnq.errors.DocumentTooLarge: ke-hoach.txt: 0.0 MB is over the limit of 0 MB (raise it with --max-mb)
    """

    code = "too_large"


class ConversionTimeout(UnreadableDocument):
    """Converting the file (a .doc, .rtf, .odt, with LibreOffice) took longer than
    allowed (``Settings.office_timeout``, 60 s by default).  It is an
    :class:`UnreadableDocument`.

    >>> import vnnq
    >>> issubclass(vnnq.ConversionTimeout, vnnq.UnreadableDocument), vnnq.ConversionTimeout.code
    (True, 'conversion_timeout')
    """

    code = "conversion_timeout"


class MissingDependency(VnnqError):
    """Reading this kind of file needs a program that is not installed (e.g.
    LibreOffice for a .doc); the message names the install step.

    >>> import vnnq
    >>> vnnq.MissingDependency.code
    'missing_dependency'
    """

    code = "missing_dependency"


class WorkerDied(VnnqError):
    """The worker process reading this input died (killed, out of memory, a crash
    inside a native reader), and so did the worker that read it again.  Only
    :func:`vnnq.extract_many` with workers raises it, as the input's result; the
    other inputs go on.

    >>> import vnnq
    >>> vnnq.WorkerDied.code
    'worker_died'
    """

    code = "worker_died"
