"""Task tables: rows of a table whose header names the task columns.

NĐ 30/2020 Phụ lục IV's handling slip has the shape every plan's annex table
follows: Nhiệm vụ / Nội dung | Cơ quan (Đơn vị) chủ trì | Phối hợp | Thời gian
(Thời hạn) hoàn thành | Sản phẩm.  The readers give every table line a cell
address (table, row, column); this module finds the header row and returns the
rows under it, one cell per column role.  Tasks and deadlines both read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnnq.ingest.normalize import Text

_TABLE_COLS = {
    "action": re.compile(r"(?i)nhiệm vụ|nội dung|công việc|tên"),
    "unit": re.compile(r"(?i)chủ trì|thực hiện|đơn vị thực hiện"),
    "coord": re.compile(r"(?i)phối hợp"),
    "due": re.compile(r"(?i)thời gian|thời hạn|tiến độ"),
    "product": re.compile(r"(?i)sản phẩm|kết quả"),
}


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One data row: ``cells`` by role (action, unit, coord, due, product)."""

    cells: dict[str, Cell]
    start: int
    end: int


def _header(texts: dict[int, str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for c, t in texts.items():
        if len(t) > 60:
            continue
        for name, rx in _TABLE_COLS.items():
            if name not in cols and rx.search(t):
                if name == "unit" and "phối hợp" in t.lower():
                    continue
                cols[name] = c
                break
    if "unit" not in cols or "action" not in cols:
        return None
    # In web copies a header row may share its row number with the text before
    # the table: re-base the columns on the header's first cell.
    ordered = sorted(texts)
    c0 = ordered[-1]
    for c in reversed(ordered):
        if len(texts[c]) >= 60:
            break
        c0 = c
    return {k: v - c0 for k, v in cols.items()}


def task_rows(doc: Text) -> list[TaskRow]:
    """The data rows of every task table in the document (computed once)."""
    cached = doc.cache.get("task_rows")
    if cached is not None:
        return cached
    text = doc.text
    rows: dict[tuple[int, int], dict[int, tuple[int, int]]] = {}
    order: list[tuple[int, int]] = []
    for ln in doc.lines:
        if ln.cell is None:
            continue
        key = ln.cell[:2]
        if key not in rows:
            rows[key] = {}
            order.append(key)
        c = rows[key].get(ln.cell[2])
        rows[key][ln.cell[2]] = (c[0] if c else ln.start, ln.end)
    out: list[TaskRow] = []
    header: dict[str, int] | None = None
    table_id = None
    for key in order:
        cells = rows[key]
        texts = {c: text[a:b] for c, (a, b) in cells.items()}
        if header is None or key[0] != table_id:
            found = _header(texts)
            if found is not None:
                header, table_id = found, key[0]
            elif key[0] != table_id:
                header = None
            continue
        if header["unit"] not in texts or header["action"] not in texts:
            continue  # a group row ("I | KIỆN TOÀN ...")
        by_role = {role: Cell(*cells[c], texts[c]) for role, c in header.items() if c in cells}
        spans = [v for v in cells.values() if v[1] - v[0] < 2000]
        out.append(TaskRow(by_role, min(a for a, _ in spans), max(b for _, b in spans)))
    doc.cache["task_rows"] = out
    return out
