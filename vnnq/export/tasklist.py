"""The clerk's task list: rows in the shape of the incoming-document handling
slip (Phiếu giải quyết văn bản đến, NĐ 30/2020 Phụ lục IV), grouped by unit.

:func:`task_rows` turns directives into rows; :func:`write_csv`,
:func:`write_xlsx` and :func:`format_table` write them.  Every surface (CLI,
API) uses these, so a list looks the same wherever it is made.
"""

from __future__ import annotations

import csv
import re
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vnnq.classify.units import unit_key
from vnnq.data import load_yaml
from vnnq.model import Directive, Task

COLUMNS = [
    ("stt", "STT"),
    ("unit", "Đơn vị"),
    ("role", "Vai trò"),
    ("task", "Nhiệm vụ"),
    ("lead", "Đơn vị chủ trì"),
    ("coordinating", "Đơn vị phối hợp"),
    ("due", "Thời hạn"),
    ("categories", "Loại nhiệm vụ"),
    ("source", "Văn bản nguồn"),
    ("source_date", "Ngày văn bản"),
    ("page", "Trang"),
    ("task_id", "Mã nhiệm vụ"),
    ("file", "Tệp"),
]
_RECURRENCE_VI = {"monthly": "hằng tháng", "quarterly": "hằng quý", "semiannual": "6 tháng một lần",
                  "yearly": "hằng năm", "periodic": "định kỳ"}
_ROLE_VI = {"lead": "chủ trì", "coordinating": "phối hợp"}
_NO_UNIT = "(chưa xác định đơn vị)"


@cache
def _category_labels() -> dict[str, str]:
    cats = load_yaml("task_categories.yaml")["categories"]
    return {k: c.get("label", k) for k, c in cats.items()}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the task list: one task seen from one unit."""

    unit: str
    role: str  # lead | coordinating
    task: Task
    directive: Directive

    def cells(self, stt: int) -> dict[str, object]:
        t, d = self.task, self.directive
        labels = _category_labels()
        return {
            "stt": stt,
            "unit": self.unit,
            "role": _ROLE_VI.get(self.role, self.role),
            "task": t.action,
            "lead": t.unit_canonical or t.unit or "",
            "coordinating": "; ".join(t.coordinating),
            "due": due_value(t),
            "categories": "; ".join(labels.get(c.name, c.name) for c in t.categories),
            "source": d.document.code or d.document.type or "",
            "source_date": date_value(d.document.date),
            "page": t.page,
            "task_id": t.id,
            "file": d.source.name or "",
        }


def date_value(iso: str | None) -> dt.date | str:
    """A day-precision ISO date as a date; a month or year as "07/2026", "2026"."""
    if not iso:
        return ""
    if len(iso) == 10:
        try:
            return dt.date.fromisoformat(iso)
        except ValueError:
            return iso
    if len(iso) == 7 and iso[4] == "-":
        return f"{iso[5:]}/{iso[:4]}"
    return iso


def due_value(t: Task) -> dt.date | str:
    if t.deadline:
        return date_value(t.deadline)
    if t.recurrence:
        return _RECURRENCE_VI.get(t.recurrence, t.recurrence)
    return ""


def task_rows(directives: Iterable[Directive], unit: str | None = None) -> list[Row]:
    """Rows grouped by unit (units in document order), each unit's tasks in
    document order.  ``unit``: keep only the rows of that unit (any spelling:
    it is canonicalized), as lead or as coordinating unit."""
    want = unit_key(unit) if unit else None
    rows: list[Row] = []
    for d in directives:
        by_id = {t.id: t for t in d.tasks}
        seen: set[str] = set()
        for g in d.tasks_by_unit:
            if want and g.key != want:
                continue
            for role, ids in (("lead", g.lead), ("coordinating", g.coordinating)):
                for tid in ids:
                    rows.append(Row(g.unit, role, by_id[tid], d))
                    seen.add(tid)
        if not want:
            # tasks whose lead the text does not name
            rows.extend(Row(_NO_UNIT, "lead", t, d) for t in d.tasks if t.id not in seen and not t.units)
    return rows


def _plain(v: object) -> str:
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return str(v)


def write_csv(rows: Sequence[Row], out: io.TextIOBase) -> None:
    """CSV with a header row (UTF-8; the caller adds a BOM for Excel if it wants one)."""
    w = csv.writer(out)
    w.writerow([label for _, label in COLUMNS])
    for i, r in enumerate(rows, 1):
        c = r.cells(i)
        w.writerow([_plain(c[k]) for k, _ in COLUMNS])


def format_table(rows: Sequence[Row], width: int = 100) -> str:
    """A plain-text list for the terminal, one block per unit."""
    lines: list[str] = []
    unit = None
    for i, r in enumerate(rows, 1):
        c = r.cells(i)
        if r.unit != unit:
            unit = r.unit
            lines.append("")
            lines.append(f"== {unit}")
        due = _plain(c["due"]) or "-"
        task = str(c["task"])
        if len(task) > width:
            task = task[: width - 1] + "…"
        role = "" if r.role == "lead" else " [phối hợp]"
        lines.append(f"{i:>4}. {task}{role}")
        lines.append(f"      thời hạn: {due} | loại: {c['categories'] or '-'} | "
                     f"nguồn: {c['source'] or '-'} {_plain(c['source_date'])} trang {c['page']}")
    return "\n".join(lines).lstrip("\n")


_WIDTHS = {"stt": 5, "unit": 28, "role": 10, "task": 70, "lead": 28, "coordinating": 28, "due": 13,
           "categories": 24, "source": 18, "source_date": 12, "page": 6, "task_id": 8, "file": 22}


def write_xlsx(groups: Sequence[tuple[str, Sequence[Row]]], path: Path) -> None:
    """An XLSX workbook, one sheet per (name, rows) group: header row frozen,
    column widths set, dates as real dates, long text wrapped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, rows in groups:
        ws = wb.create_sheet(_sheet_name(name, used))
        ws.append([label for _, label in COLUMNS])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, r in enumerate(rows, 1):
            c = r.cells(i)
            ws.append([_xml_safe(c[k]) for k, _ in COLUMNS])
            for cell in ws[ws.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for j, (key, _) in enumerate(COLUMNS, 1):
            ws.column_dimensions[ws.cell(1, j).column_letter].width = _WIDTHS.get(key, 15)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    if not wb.sheetnames:
        wb.create_sheet("Nhiệm vụ").append([label for _, label in COLUMNS])
    wb.save(path)


_XML_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(v: object) -> object:
    """A cell value an XLSX file can hold: control characters and lone
    surrogates (which XML forbids) replaced by U+FFFD."""
    return _XML_ILLEGAL_RE.sub("\ufffd", v) if isinstance(v, str) else v


def _sheet_name(name: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in _xml_safe(name)).strip("'") or "Nhiệm vụ"
    base = base[:31]
    out, n = base, 2
    while out.lower() in used:
        suffix = f" ({n})"
        out = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(out.lower())
    return out
