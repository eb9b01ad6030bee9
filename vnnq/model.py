"""The record vnnq produces: frozen, typed, JSON-ready.

Every extracted value carries ``start``/``end`` character offsets into
``Directive.text`` (the normalized text) and the ``page`` it is on, so a clerk
can check it: ``directive.text[x.start:x.end]`` is what the value was read from.
Lists are always lists, never ``None``.  Field names are a contract (see
``vnnq schema``): fields may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.3"  # 1.1: task classification, tasks_by_unit; 1.2: Deadline.every; 1.3: ocr_pages, confidence (additive)
# 1.3: scans: Directive.ocr_pages, and ``confidence`` on every value read from an OCRed page


def _plain(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


@dataclass(frozen=True, slots=True)
class Span:
    """Where a value was read: offsets into the normalized text, and the page."""

    start: int
    end: int
    page: int = 1
    # OCR confidence (0-1) of the weakest word of the value; None off OCRed pages
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A piece of text with its place, e.g. one Kính gửi addressee."""

    text: str
    start: int
    end: int
    page: int = 1
    purpose: str | None = None  # Nơi nhận: "để b/c", "để thực hiện" ...
    confidence: float | None = None  # OCR, as Span.confidence


@dataclass(frozen=True, slots=True)
class Signer:
    """Signature block (NĐ 30/2020 Phụ lục I ô 7; HD 36 §1.7).

    ``authority`` holds the prefix lines joined with "; " ("TM. Ủy ban nhân dân;
    KT. Chủ tịch"), ``position`` the last title line, ``name`` the full name.
    """

    name: str | None = None
    position: str | None = None
    authority: str | None = None
    start: int = 0
    end: int = 0
    page: int = 1
    confidence: float | None = None  # OCR, as Span.confidence


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text where a reference is cited."""

    text: str
    start: int
    end: int
    page: int = 1
    resolved_from: str | None = None  # "short_form" | "anaphora" | "alias" for resolved mentions
    confidence: float | None = None  # OCR, as Span.confidence


@dataclass(frozen=True, slots=True)
class Reference:
    """Another document cited with a number, e.g. ``Nghị quyết số 71-NQ/TW``."""

    code: str
    type: str | None
    number: str | None
    notation: str | None
    year: str | None
    system: str  # "party" | "state" | "normative" | "other"
    date: str | None
    issuer: str | None
    title: str | None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.mentions[0].start if self.mentions else 0


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date expression normalized to ISO at its precision.

    precision: day | month | year | quarter | school_year | period.
    ``value`` is ``2026-07-15``, ``2026-07``, ``2026``, ``2026-Q3``,
    ``2026/2027`` (school year) or ``2026/2030`` (period).
    """

    text: str
    value: str
    precision: str
    start: int
    end: int
    page: int = 1
    confidence: float | None = None  # OCR, as Span.confidence


@dataclass(frozen=True, slots=True)
class Deadline:
    """A time limit on action.

    ``due`` is an ISO date at its precision (``2026-11-25``, ``2026-09`` for
    Quý III/2026, ``2026``) or ``None``; ``recurrence`` one of monthly,
    quarterly, semiannual, yearly, periodic or ``None``; ``kind`` tells how it
    was written: absolute, recurring, relative, window, period; ``every`` is
    ``"day"`` or ``"week"`` for a periodic duty written "hằng ngày" / "hằng
    tuần" (the contract's recurrence has no value for them), else ``None``.
    """

    text: str
    due: str | None
    recurrence: str | None
    kind: str
    start: int
    end: int
    page: int = 1
    every: str | None = None
    confidence: float | None = None  # OCR, as Span.confidence


@dataclass(frozen=True, slots=True)
class UnitRef:
    """One unit named by a task: as written, canonical, its kind and level.

    ``category`` is one of the unit categories of the README; ``method`` says
    who decided it: ``rule`` (data/units.yaml), ``model`` (models/unit_category.json,
    with its ``confidence``) or ``none``.
    """

    text: str
    canonical: str
    key: str  # the string every spelling of this unit shares
    category: str
    level: str | None = None
    confidence: float = 1.0
    method: str = "rule"


@dataclass(frozen=True, slots=True)
class Role:
    """A unit's part in a task: lead (chủ trì), coordinating (phối hợp),
    advising (tham mưu) or report_recipient (receives the report)."""

    role: str
    unit: str  # canonical
    text: str  # as written


@dataclass(frozen=True, slots=True)
class Category:
    """A task category with the model's confidence (0-1)."""

    name: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Task:
    """One assigned duty: who leads, who helps, what, by when.

    The fields after ``unit_span`` are the classification of :mod:`vnnq.classify`.
    """

    id: str
    unit: str | None
    coordinating: list[str]
    action: str
    deadline: str | None
    product: str | None
    start: int
    end: int
    page: int = 1
    source: str = "sentence"  # section | sentence | table | general
    recurrence: str | None = None
    unit_span: Span | None = None
    unit_canonical: str | None = None  # "; "-joined when the lead names several units
    unit_category: str | None = None
    level: str | None = None
    units: list[UnitRef] = field(default_factory=list)  # the lead's units, split
    roles: list[Role] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    confidence: float | None = None  # OCR, as Span.confidence (over the whole duty)


@dataclass(frozen=True, slots=True)
class UnitTasks:
    """One unit of the task list with the ids of its tasks (lead or coordinating)."""

    unit: str  # canonical
    key: str
    category: str
    level: str | None
    lead: list[str]  # ids of the tasks it leads
    coordinating: list[str]  # ids of the tasks it helps with


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Header and closing fields (NĐ 30/2020 Phụ lục I; HD 36-HD/VPTW)."""

    type: str | None = None
    number: str | None = None
    notation: str | None = None
    code: str | None = None
    issuer: str | None = None
    parent: str | None = None
    system: str | None = None  # "state" | "party"
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    urgency: str | None = None
    confidentiality: str | None = None
    # provenance of the fields above: name -> Span
    spans: dict[str, Span] = field(default_factory=dict)
    recipients_detail: list[Item] = field(default_factory=list)
    cc_detail: list[Item] = field(default_factory=list)
    archive: str | None = None  # the "Lưu: VT, ..." line


@dataclass(frozen=True, slots=True)
class OcrPage:
    """A page read by OCR (Tesseract, vie): its mean word confidence (0-1,
    weighted by word length), the words read, the resolution and the skew
    corrected (degrees), and the corrections of :mod:`vnnq.ingest.ocrfix`
    ("l2/KH-UBND → 12/KH-UBND")."""

    page: int
    confidence: float
    words: int
    dpi: int
    angle: float
    corrections: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    name: str | None
    format: str
    pages: int
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Directive:
    """Everything vnnq read from one directive."""

    document: DocumentInfo
    references: list[Reference]
    dates: list[DateValue]
    deadlines: list[Deadline]
    tasks: list[Task]
    text: str
    source: SourceInfo
    warnings: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    tasks_by_unit: list[UnitTasks] = field(default_factory=list)
    ocr_pages: list[OcrPage] = field(default_factory=list)  # empty: nothing was OCRed

    def to_dict(self, *, include_text: bool = True) -> dict[str, Any]:
        """The JSON-ready record (the output contract of ``vnnq extract``)."""
        out: dict[str, Any] = {"schema_version": self.schema_version, "source": _plain(self.source)}
        out["document"] = _plain(self.document)
        out["references"] = [
            {**_plain(r), "start": r.start} for r in self.references
        ]
        out["dates"] = _plain(self.dates)
        out["deadlines"] = _plain(self.deadlines)
        out["tasks"] = _plain(self.tasks)
        out["tasks_by_unit"] = _plain(self.tasks_by_unit)
        out["warnings"] = list(self.warnings)
        out["ocr_pages"] = _plain(self.ocr_pages)
        if include_text:
            out["text"] = self.text
        return out


__all__ = [
    "SCHEMA_VERSION", "Span", "Item", "Signer", "Mention", "Reference", "DateValue",
    "Deadline", "Task", "DocumentInfo", "SourceInfo", "Directive", "asdict",
    "UnitRef", "Role", "Category", "UnitTasks", "OcrPage",
]
