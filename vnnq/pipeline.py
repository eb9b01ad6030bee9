"""The one entry point every surface calls: ``extract(path | bytes | str)``.

file → Source (ingest) → Text (normalize) → header, references, dates,
deadlines, tasks (extract/) → Directive.  Each stage reads only what the one
before produced.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import vnnq.extract  # (the package of extractors, empty: loaded before vnnq binds its name "extract" to extract())
from vnnq.errors import EmptyDocument
from vnnq.ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES, load_path, read_bytes, read_text
from vnnq.ingest.ocr import OcrOptions, with_confidence
from vnnq.ingest.normalize import Text, normalize
from vnnq.model import Directive, SourceInfo


@dataclass(frozen=True, slots=True)
class Settings:
    """Explicit settings (STYLE.md rule 9); pass one to :func:`extract` or
    :func:`vnnq.extract_many`.

    ``max_bytes``: the size limit (20 MB; over it, :class:`~vnnq.errors.DocumentTooLarge`);
    ``models_dir``: where the trained models are (default ``$VNNQ_MODELS``,
    else the models shipped in the installed package, else the source tree's
    ``models/``: :func:`vnnq.classify.default_models_dir`); ``classify=False``
    skips the unit and task classification (the task list keeps its extracted
    fields only); ``office_timeout``: seconds LibreOffice may take on a .doc,
    .rtf or .odt; ``ocr`` says how scans are read (:class:`~vnnq.ingest.ocr.OcrOptions`).

    >>> import vnnq
    >>> text = "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát biên chế trước ngày 25/3/2026."
    >>> t = vnnq.extract(text, settings=vnnq.Settings(classify=False)).tasks[0]
    >>> t.unit, t.deadline, t.unit_canonical, t.categories
    ('Sở Tài chính', '2026-03-25', None, [])
    >>> vnnq.Settings(max_bytes=5 * 2**20, office_timeout=120).max_bytes
    5242880
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    models_dir: Path | None = None
    classify: bool = True
    office_timeout: float = 60.0  # seconds LibreOffice may take to convert a .doc/.rtf/.odt
    ocr: OcrOptions = OcrOptions()
    # a PDF of more pages, a text of more characters is refused (DocumentTooLarge)
    # before the extractors see it: bounds on time and memory whatever the file
    max_pages: int = DEFAULT_MAX_PAGES
    max_chars: int = DEFAULT_MAX_CHARS


# The extractors and the classifier are imported on first use: compiling their patterns
# takes about a third of a second, which `vnnq --help` and `import vnnq` need not wait for.
# (bench/stages.py replaces these names to time each stage.)
extract_header = extract_references = extract_dates = extract_deadlines = extract_tasks = None
classify_tasks = issuer_level = None


def _load_extractors() -> None:
    global extract_header, extract_references, extract_dates, extract_deadlines, extract_tasks
    global classify_tasks, issuer_level
    from vnnq.classify import classify_tasks, issuer_level
    from vnnq.extract.dates import extract_dates
    from vnnq.extract.deadlines import extract_deadlines
    from vnnq.extract.header import extract_header
    from vnnq.extract.references import extract_references
    from vnnq.extract.tasks import extract_tasks


def extract_text(doc: Text, sha256: str | None = None, settings: Settings | None = None) -> Directive:
    """Run every extractor over normalized text, then classify the task list."""
    if extract_tasks is None:  # (the last name _load_extractors binds: another thread may be loading)
        _load_extractors()
    settings = settings or Settings()
    if not doc.text.strip():
        raise EmptyDocument(f"{doc.name or 'input'}: no text after removing layout and web noise")
    info = extract_header(doc)
    references = extract_references(doc, own_code=info.code)
    dates = extract_dates(doc)
    # an undated document is no older than the latest document it cites
    not_before = None if info.date else max((r.date for r in references if r.date and len(r.date) == 10),
                                            default=None)
    deadlines = extract_deadlines(doc, info.date, not_before=not_before)
    tasks = extract_tasks(doc, deadlines, info.recipients)
    warnings = list(doc.warnings)
    by_unit = []
    if settings.classify:
        tasks, by_unit, more = classify_tasks(tasks, issuer_level(info.issuer), settings.models_dir)
        warnings += more
    return Directive(
        document=info,
        references=references,
        dates=dates,
        deadlines=deadlines,
        tasks=tasks,
        text=doc.text,
        source=SourceInfo(doc.name, doc.format, doc.pages, sha256),
        warnings=warnings,
        tasks_by_unit=by_unit,
    )


def _names_a_file(s: str) -> bool:
    """A ``str`` is a path when it names an existing file; otherwise it is text."""
    if "\n" in s or len(s) > 4096:
        return False
    try:
        return Path(s).is_file()
    except (OSError, ValueError):  # too long for the file system, NUL bytes
        return False


def extract(source: str | bytes | os.PathLike, *, name: str | None = None,
            settings: Settings | None = None) -> Directive:
    """Read one directive and return everything vnnq finds in it.

    ``source`` is a path (``str`` naming an existing file, or ``Path``), the
    file's bytes, or the text itself; ``name`` labels bytes or text in messages
    and in ``Directive.source.name``.  The format is decided by content (txt in
    any encoding vnnq knows, md/html, docx, doc/rtf/odt through LibreOffice,
    pdf, scans and images through OCR).  Raises a :class:`~vnnq.errors.VnnqError`
    subclass for a file it cannot read (nothing else on purpose).

    >>> d = extract("Số: 12/KH-UBND\\nHải Phòng, ngày 05 tháng 3 năm 2026\\n"
    ...             "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát trước ngày 25/3/2026.")
    >>> d.document.code, d.document.date, d.tasks[0].unit, d.tasks[0].deadline
    ('12/KH-UBND', '2026-03-05', 'Sở Tài chính', '2026-03-25')
    """
    settings = settings or Settings()
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)  # what fpdf2's output() and an upload buffer give
    if isinstance(source, bytes):
        raw = source
        src = read_bytes(raw, name, max_bytes=settings.max_bytes, office_timeout=settings.office_timeout,
                         ocr=settings.ocr, max_pages=settings.max_pages, max_chars=settings.max_chars)
    elif isinstance(source, os.PathLike) or _names_a_file(source):
        p = Path(source)
        raw = load_path(p, max_bytes=settings.max_bytes)
        name = name or p.name
        src = read_bytes(raw, name, max_bytes=settings.max_bytes, office_timeout=settings.office_timeout,
                         ocr=settings.ocr, max_pages=settings.max_pages, max_chars=settings.max_chars)
    else:
        raw = source.encode("utf-8")
        src = read_text(source, name, max_chars=settings.max_chars)
    sha = hashlib.sha256(raw).hexdigest()
    doc = normalize(src)
    doc.name = name or src.name
    record = extract_text(doc, sha, settings)
    if src.ocr_pages:
        record = with_confidence(record, src, doc)
    return record
