"""Output formats built on the record: review page, task list, calendar, edXML.

:func:`render` is the one entry point every surface (CLI, API, watcher) uses.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from vnnq.model import Directive

FORMATS = ("json", "jsonl", "html", "xlsx", "csv", "edxml", "ics")
MEDIA_TYPES = {
    "json": "application/json", "jsonl": "application/x-ndjson", "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8", "edxml": "application/xml", "ics": "text/calendar; charset=utf-8",
}


def render(fmt: str, directives: list[Directive], path: Path | None = None) -> str:
    """The directives in format ``fmt``; ``xlsx`` is written to ``path`` (returns "")."""
    if fmt == "json":
        recs = [d.to_dict() for d in directives]
        return json.dumps(recs[0] if len(recs) == 1 else recs, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in directives)
    if fmt == "html":
        from vnnq.export.html import review_page
        return "".join(review_page(d) for d in directives)
    if fmt == "edxml":
        from vnnq.export.edxml import to_edxml
        return "".join(to_edxml(d) for d in directives)
    if fmt == "ics":
        from vnnq.export.calendar import to_ics
        return to_ics(directives)
    if fmt == "csv":
        from vnnq.export.tasklist import task_rows, write_csv
        buf = io.StringIO()
        write_csv(task_rows(directives), buf)
        return buf.getvalue()
    if fmt == "xlsx":
        from vnnq.export.tasklist import task_rows, write_xlsx
        if path is None:
            raise ValueError("xlsx needs a path")
        write_xlsx([(d.document.code or d.source.name or f"VB {i}", task_rows([d]))
                    for i, d in enumerate(directives, 1)], path)
        return ""
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
