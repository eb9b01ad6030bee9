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

SCHEMA_VERSION = "1.4"  # 1.1: task classification, tasks_by_unit; 1.2: Deadline.every; 1.3: ocr_pages, confidence; 1.4: OcrPage.reason (additive)
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
    """Where a value was read: offsets into the normalized text, and the page.

    ``confidence`` is the OCR confidence (0-1) of the weakest word of the value,
    ``None`` off OCRed pages.  Header fields keep theirs in ``DocumentInfo.spans``:

    >>> import vnnq
    >>> d = vnnq.extract("Số: 12/KH-UBND\\nHải Phòng, ngày 05 tháng 3 năm 2026\\nKẾ HOẠCH\\nRà soát hồ sơ")
    >>> s = d.document.spans["date"]
    >>> d.text[s.start:s.end], s.page, s.confidence
    ('ngày 05 tháng 3 năm 2026', 1, None)
    """

    start: int
    end: int
    page: int = 1
    # OCR confidence (0-1) of the weakest word of the value; None off OCRed pages
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A piece of text with its place: one addressee of Kính gửi, one line of Nơi nhận.

    ``purpose`` is what a Nơi nhận line says it is sent for ("để b/c", "để
    thực hiện"), if it says.

    >>> import vnnq
    >>> d = vnnq.extract("Số: 45-CV/ĐU\\nVề việc rà soát đảng viên\\nNơi nhận:\\n"
    ...                  "- Ban Tổ chức Thành ủy (để b/c);\\n- Lưu: VP.")
    >>> i = d.document.cc_detail[0]
    >>> i.text, i.purpose, d.text[i.start:i.end]
    ('Ban Tổ chức Thành ủy', 'để b/c', 'Ban Tổ chức Thành ủy')
    """

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

    >>> import vnnq
    >>> d = vnnq.extract("Số: 12/KH-UBND\\nVề việc rà soát hồ sơ\\nTM. ỦY BAN NHÂN DÂN\\n"
    ...                  "KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH\\nNguyễn Văn An")
    >>> s = d.document.signer
    >>> s.name, s.position, s.authority
    ('Nguyễn Văn An', 'Phó Chủ tịch', 'TM. Ủy ban nhân dân; KT. Chủ tịch')
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
    """One place in the text where a reference is cited; ``resolved_from`` says how
    a mention without the full code was tied to it ("short_form", "anaphora",
    "alias"), ``None`` for a mention with the code.

    >>> import vnnq
    >>> d = vnnq.extract("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.")
    >>> m = d.references[0].mentions[0]
    >>> m.text, d.text[m.start:m.end], m.resolved_from
    ('Nghị quyết số 57-NQ/TW', 'Nghị quyết số 57-NQ/TW', None)
    """

    text: str
    start: int
    end: int
    page: int = 1
    resolved_from: str | None = None  # "short_form" | "anaphora" | "alias" for resolved mentions
    confidence: float | None = None  # OCR, as Span.confidence


@dataclass(frozen=True, slots=True)
class Reference:
    """Another document cited with a number, e.g. ``Nghị quyết số 57-NQ/TW``.

    ``system`` is "party", "state", "normative" or "other"; ``mentions`` every
    place it is cited, the first one first (``start`` is its offset).

    >>> import vnnq
    >>> d = vnnq.extract("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị "
    ...                  "về đột phá phát triển khoa học, công nghệ.")
    >>> r = d.references[0]
    >>> r.code, r.type, r.system, r.date, r.issuer
    ('57-NQ/TW', 'Nghị quyết', 'party', '2024-12-22', 'Bộ Chính trị')
    >>> r.title
    'đột phá phát triển khoa học, công nghệ'
    """

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
        """Where it is first cited (the first mention's ``start``); 0 without mentions."""
        return self.mentions[0].start if self.mentions else 0


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date expression normalized to ISO at its precision.

    precision: day | month | year | quarter | school_year | period.
    ``value`` is ``2026-07-15``, ``2026-07``, ``2026``, ``2026-Q3``,
    ``2026/2027`` (school year) or ``2026/2030`` (period).

    >>> import vnnq
    >>> d = vnnq.extract("Hoàn thành trong quý III/2026; tổng kết vào ngày 15 tháng 12 năm 2026.")
    >>> [(x.text, x.value, x.precision) for x in d.dates]
    [('quý III/2026', '2026-Q3', 'quarter'), ('ngày 15 tháng 12 năm 2026', '2026-12-15', 'day')]
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

    >>> import vnnq
    >>> d = vnnq.extract("Số: 12/KH-UBND\\nHải Phòng, ngày 05 tháng 3 năm 2026\\n"
    ...                  "Các phòng báo cáo kết quả trước ngày 25/11/2026; định kỳ hằng quý báo cáo tiến độ.")
    >>> [(x.text, x.due, x.kind, x.recurrence) for x in d.deadlines]
    [('trước ngày 25/11/2026', '2026-11-25', 'absolute', None), ('định kỳ hằng quý', None, 'recurring', 'quarterly')]
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

    ``category`` is one of the unit categories of the README; ``key`` the string
    every spelling of the unit shares; ``method`` says who decided it: ``rule``
    (data/units.yaml), ``model`` (models/unit_category.json, with its
    ``confidence``) or ``none``.

    >>> import vnnq
    >>> d = vnnq.extract("Giao UBND các xã chủ trì tổ chức tuyên truyền trước ngày 30/6/2026.")
    >>> u = d.tasks[0].units[0]
    >>> u.text, u.canonical, u.category, u.level, u.method
    ('UBND các xã', 'Ủy ban nhân dân xã', 'peoples_committee', 'commune', 'rule')
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
    advising (tham mưu) or report_recipient (receives the report).

    >>> import vnnq
    >>> d = vnnq.extract("Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an phường tổ chức tuyên truyền, "
    ...                  "báo cáo kết quả về Ủy ban nhân dân phường trước ngày 30/6/2026.")
    >>> [(r.role, r.unit) for r in d.tasks[0].roles]
    [('lead', 'Phòng Văn hóa - Xã hội'), ('coordinating', 'Công an phường'), ('report_recipient', 'Ủy ban nhân dân phường')]
    """

    role: str
    unit: str  # canonical
    text: str  # as written


@dataclass(frozen=True, slots=True)
class Category:
    """A task category with the model's confidence (0-1); the names are those of
    ``vnnq/data/task_categories.yaml``.

    >>> import vnnq
    >>> d = vnnq.extract("Các tổ dân phố báo cáo kết quả thực hiện về Ủy ban nhân dân phường trước ngày 15/12/2026.")
    >>> [c.name for c in d.tasks[0].categories]
    ['reporting']
    """

    name: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Task:
    """One assigned duty: who leads, who helps, what, by when.

    ``unit`` is the lead as written, ``coordinating`` the helpers, ``deadline``
    the due date (ISO at its precision); ``source`` says where it was found
    (section, sentence, table, general).  The fields after ``unit_span`` are the
    classification of :mod:`vnnq.classify` (empty with ``Settings(classify=False)``).

    >>> import vnnq
    >>> d = vnnq.extract("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát biên chế trước ngày 25/3/2026.")
    >>> t = d.tasks[0]
    >>> t.id, t.unit, t.coordinating, t.deadline
    ('T1', 'Sở Tài chính', ['Sở Nội vụ'], '2026-03-25')
    >>> t.unit_canonical, t.unit_category, t.level
    ('Sở Tài chính', 'government_agency', 'province')
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
    """One unit of the task list with the ids of its tasks (lead or coordinating);
    ``Directive.tasks_by_unit`` lists the units in document order.

    >>> import vnnq
    >>> d = vnnq.extract("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát biên chế trước ngày 25/3/2026.")
    >>> [(u.unit, u.lead, u.coordinating) for u in d.tasks_by_unit]
    [('Sở Tài chính', ['T1'], []), ('Sở Nội vụ', [], ['T1'])]
    """

    unit: str  # canonical
    key: str
    category: str
    level: str | None
    lead: list[str]  # ids of the tasks it leads
    coordinating: list[str]  # ids of the tasks it helps with


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Header and closing fields (NĐ 30/2020 Phụ lục I; HD 36-HD/VPTW): type,
    number and notation (``code`` is both), issuer and its parent, system
    ("state" or "party"), place and date, subject, recipients (Kính gửi) and cc
    (Nơi nhận), signer, urgency, confidentiality, and ``spans``: where each was read.

    >>> import vnnq
    >>> d = vnnq.extract("ỦY BAN NHÂN DÂN\\nPHƯỜNG HỒNG BÀNG\\nSố: 12/KH-UBND\\n"
    ...                  "Hải Phòng, ngày 05 tháng 3 năm 2026\\nKẾ HOẠCH\\nTriển khai chuyển đổi số năm 2026")
    >>> i = d.document
    >>> i.type, i.code, i.issuer, i.system
    ('Kế hoạch', '12/KH-UBND', 'Ủy ban nhân dân phường Hồng Bàng', 'state')
    >>> i.place, i.date, i.subject
    ('Hải Phòng', '2026-03-05', 'Triển khai chuyển đổi số năm 2026')
    """

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
    ("l2/KH-UBND → 12/KH-UBND"), and why the page was OCRed: "no_text_layer"
    (a scanned page of a PDF), "unmapped_glyphs" (a PDF page whose text
    layer has no Unicode mapping, see ``vnnq.ingest.pdf.text_layer_problem``)
    or "image" (a PNG, JPEG or TIFF file).  ``Directive.ocr_pages`` is empty for text:

    >>> import vnnq
    >>> vnnq.extract("Số: 12/KH-UBND\\nVề việc rà soát hồ sơ").ocr_pages
    []
    """

    page: int
    confidence: float
    words: int
    dpi: int
    angle: float
    corrections: list[str] = field(default_factory=list)
    reason: str = "no_text_layer"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What was read: the file's name (``None`` for text or unnamed bytes), its
    format as decided by content, its pages, and the SHA-256 of its bytes.

    >>> import vnnq
    >>> s = vnnq.extract("Số: 12/KH-UBND\\nVề việc rà soát hồ sơ".encode(), name="12-KH-UBND.txt").source
    >>> s.name, s.format, s.pages, len(s.sha256)
    ('12-KH-UBND.txt', 'txt', 1, 64)
    """

    name: str | None
    format: str
    pages: int
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Directive:
    """Everything vnnq read from one directive: what :func:`vnnq.extract` returns.

    ``text`` is the normalized text every ``start``/``end`` points into;
    ``to_dict()`` is the record of ``vnnq extract`` (``vnnq schema``).

    >>> import vnnq
    >>> d = vnnq.extract("Số: 12/KH-UBND\\nHải Phòng, ngày 05 tháng 3 năm 2026\\n"
    ...                  "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.\\n"
    ...                  "Giao Sở Tài chính chủ trì rà soát trước ngày 25/3/2026.")
    >>> d.document.code, [r.code for r in d.references], [t.unit for t in d.tasks]
    ('12/KH-UBND', ['57-NQ/TW'], ['Sở Tài chính'])
    >>> t = d.tasks[0]; d.text[t.start:t.end], d.text[t.unit_span.start:t.unit_span.end]
    ('chủ trì rà soát trước ngày 25/3/2026.', 'Sở Tài chính')
    >>> d.to_dict(include_text=False)["tasks"][0]["deadline"]
    '2026-03-25'
    """

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
