"""vnnq: structured data from Vietnamese directives, offline.

>>> import vnnq
>>> d = vnnq.extract("Số: 45-CV/ĐU\\nThực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị.")
>>> d.references[0].code, d.references[0].issuer
('71-NQ/TW', 'Bộ Chính trị')
"""

from vnnq.errors import (
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    NeedsOCR,
    UnreadableDocument,
    UnsupportedFormat,
    VnnqError,
)
from vnnq.model import (
    DateValue,
    Deadline,
    Directive,
    DocumentInfo,
    Item,
    Mention,
    Reference,
    Signer,
    Task,
)
from vnnq.pipeline import Settings, extract

__version__ = "0.1.0"

__all__ = [
    "extract", "Settings", "Directive", "DocumentInfo", "Reference", "Mention", "DateValue", "Deadline",
    "Task", "Signer", "Item", "VnnqError", "UnreadableDocument", "UnsupportedFormat", "EmptyDocument",
    "EncryptedDocument", "NeedsOCR", "DocumentTooLarge", "__version__",
]
