"""vnnq: structured data from Vietnamese directives, offline.

The public API is the names of ``__all__`` (docs/API.md): :func:`extract` for
one document, :func:`extract_many` for many (in order, optionally in worker
processes), the frozen record types (:class:`Directive` and its parts), the
:class:`Settings`, and the typed errors (:class:`VnnqError` and its subclasses).

>>> import vnnq
>>> d = vnnq.extract("Số: 45-CV/ĐU\\nThực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị.")
>>> d.references[0].code, d.references[0].issuer
('71-NQ/TW', 'Bộ Chính trị')
>>> [r.ok for r in vnnq.extract_many([d.text, b""])]
[True, False]
"""

from vnnq.batch import Result, extract_many
from vnnq.errors import (
    ConversionTimeout,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    MissingDependency,
    NeedsOCR,
    OcrUnavailable,
    UnreadableDocument,
    UnsupportedFormat,
    VnnqError,
    WorkerDied,
)
from vnnq.ingest.ocr import OcrOptions
from vnnq.model import (
    SCHEMA_VERSION,
    Category,
    DateValue,
    Deadline,
    Directive,
    DocumentInfo,
    Item,
    Mention,
    OcrPage,
    Reference,
    Role,
    Signer,
    SourceInfo,
    Span,
    Task,
    UnitRef,
    UnitTasks,
)
from vnnq.pipeline import Settings, extract

__version__ = "0.1.0"

__all__ = [
    # reading
    "extract", "extract_many", "Result", "Settings", "OcrOptions",
    # the record
    "Directive", "DocumentInfo", "Signer", "Item", "Span", "Reference", "Mention", "DateValue", "Deadline",
    "Task", "UnitRef", "Role", "Category", "UnitTasks", "OcrPage", "SourceInfo", "SCHEMA_VERSION",
    # errors
    "VnnqError", "UnreadableDocument", "ConversionTimeout", "UnsupportedFormat", "EmptyDocument",
    "EncryptedDocument", "NeedsOCR", "OcrUnavailable", "DocumentTooLarge", "MissingDependency",
    "WorkerDied", "__version__",
]
