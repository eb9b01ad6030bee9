"""Task tables: rows of a table whose header names the task columns.

NĐ 30/2020 Phụ lục IV's handling slip has the shape every plan's annex table
follows: Nhiệm vụ / Nội dung | Cơ quan (Đơn vị) chủ trì | Phối hợp | Thời gian
(Thời hạn) hoàn thành | Sản phẩm.  The readers give every table line a cell
address (table, row, column); this module finds the header row and returns the
rows under it, one cell per column role.  Tasks and deadlines both read it.

What real annexes do, and how it is read:

* the header is written many ways: the lead column may be "Cơ quan chủ trì",
  "Đơn vị thực hiện", "Cơ quan phụ trách", "Đầu mối", "Phân công", "Bộ phụ trách
  tiếp nhận, xử lý"; the duty column "Nhiệm vụ", "Nội dung công việc", "Hoạt
  động", "Giải pháp", "Nội dung kiến nghị", "Thông tin đề xuất";
* a table broken across pages: the part on the next page is a new table to the
  readers.  It keeps the header of the part before when its first row fits the
  header's columns (its last cells may be empty) with text in the duty column,
  and nothing but a page number stands between the two; a header
  row repeated on the new page (or anywhere in the table) is a header again,
  never a task;
* merged cells are shown once, so the rows under a vertically merged lead cell
  have no lead of their own: they take the lead of the row above;
* group rows (a roman numeral or a heading in capitals: "II | NHIỆM VỤ VỀ CHUYỂN
  ĐỔI SỐ") are not tasks; the rows under them carry the heading as ``group``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnnq.ingest.normalize import Text

_TABLE_COLS = {
    "action": re.compile(
        r"(?i)nhiệm vụ|nội dung|công việc|hoạt động|giải pháp|^tên\b|\btên (?:nhiệm vụ|đề án|văn bản|hoạt động)"
        r"|thông tin đề xuất|^(?:đề xuất|kiến nghị|đề nghị)\b"),
    # who does it, not where, when or how it is done ("Địa điểm thực hiện")
    "unit": re.compile(
        r"(?i)chủ trì|^(?:thực hiện|phụ trách|trách nhiệm|phân công|đầu mối)"
        r"|(?:đơn vị|cơ quan|bộ phận|người|cá nhân|tổ chức|bộ|sở|ngành|cấp|lãnh đạo)\b[^,;]{0,25}?"
        r"\b(?:thực hiện|phụ trách|đầu mối|tiếp nhận)"),
    "coord": re.compile(r"(?i)phối hợp"),
    "due": re.compile(r"(?i)thời gian|thời hạn|tiến độ|lộ trình|năm hoàn thành"),
    "product": re.compile(r"(?i)sản phẩm|kết quả|hình thức văn bản"),
}
_HEADER_CELL_MAX = 60
# the readers of copies of web pages, whose table rows may begin with text from
# before the table (vnnq/ingest/web.py)
_WEB_FORMATS = ("md", "html")
# Every cell the "unit" pattern finds holds one of these, in lower case ("chủ trì",
# "thực hiện", "phụ trách", "trách nhiệm", "phân công", "đầu mối", "tiếp nhận"; cut
# before an "i" or "s", which (?i) also lets match "ı" and "ſ"): a row holding none
# is no header, and the five case-insensitive patterns, tried at every position
# of every cell, are not run on it.  A lead-column word added above goes here too.
_UNIT_HEADER_WORDS = ("chủ trì", "thực h", "trách", "phân công", "đầu m", "ếp nhận")
# the number column of a group row: a roman numeral or a capital letter
_GROUP_NUMBER_RE = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
_GROUP_TITLE_RE = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])[.)]\s+\S")
# A table of the steps of an administrative procedure ("Thứ tự công việc | Đơn vị/người
# thực hiện | Nội dung công việc | Thời gian", "Bước | ... | Trách nhiệm", the quy trình
# nội bộ a Quyết định công bố thủ tục hành chính publishes) or a catalogue of procedures
# ("Tên thủ tục hành chính | ... | Cơ quan thực hiện"): how a procedure is handled, not
# duties the document assigns
_PROCEDURE_HEADER_RE = re.compile(
    r"(?:bước|các bước|bước thực hiện|thứ tự công việc|trình tự(?: thực hiện)?)$"
    r"|tên (?:nhóm )?thủ tục(?: hành chính)?\b|thủ tục hành chính$")
# what may stand between two parts of a table broken across pages: a page number
_PAGE_GAP_RE = re.compile(r"^\s*(?:(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*)?$", re.I)


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One data row: ``cells`` by role (action, unit, coord, due, product).

    ``group`` is the heading of the group row the row sits under, if any.  A
    lead cell merged over several rows is the same :class:`Cell` in each.
    """

    cells: dict[str, Cell]
    start: int
    end: int
    group: str | None = None


def _header(texts: dict[int, str], rebase: bool = True) -> tuple[dict[str, int], int] | None:
    """Column of each role in a header row, and the header's number of columns.

    ``rebase``: count the columns from the header's first cell (web copies,
    below).  A PDF's or a DOCX's cell columns are the grid's own: there the
    header's first cell may be empty, or lost by OCR (the "TT" of a scan)."""
    short = [t.lower() for t in texts.values() if len(t) <= _HEADER_CELL_MAX]
    if not any(w in t for t in short for w in _UNIT_HEADER_WORDS):
        return None  # no lead column (see _UNIT_HEADER_WORDS)
    if any(_PROCEDURE_HEADER_RE.match(t.strip()) for t in short):
        return None  # the steps of an administrative procedure, or a catalogue of procedures
    cols: dict[str, int] = {}
    for c, t in texts.items():
        if len(t) > _HEADER_CELL_MAX:
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
    if not rebase:
        return cols, ordered[-1] + 1
    c0 = ordered[-1]
    for c in reversed(ordered):
        if len(texts[c]) >= _HEADER_CELL_MAX:
            break
        c0 = c
    return {k: v - c0 for k, v in cols.items()}, ordered[-1] - c0 + 1


def _is_caps(s: str) -> bool:
    # (filter and map run in C: this is asked of every data row's duty, often long)
    letters = list(filter(str.isalpha, s))
    return len(letters) >= 4 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def _group_heading(texts: dict[int, str], header: dict[str, int]) -> str | None:
    """The heading of a group row ("II | NHIỆM VỤ ...", "II. NHIỆM VỤ ..." in one
    merged cell, a heading in capitals), or None for a data row."""
    first = texts[min(texts)].strip()
    action = texts.get(header["action"], "").strip()
    if _GROUP_NUMBER_RE.match(first):
        return action or first
    whole = action or " ".join(t.strip() for _, t in sorted(texts.items()))
    if _GROUP_TITLE_RE.match(whole) or _is_caps(whole):
        return whole
    return None


def task_rows(doc: Text) -> list[TaskRow]:
    """The data rows of every task table in the document (computed once)."""
    cached = doc.cache.get("task_rows")
    if cached is not None:
        return cached
    text = doc.text
    rebase = doc.format in _WEB_FORMATS
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
    width = 0  # columns of the task table's header row
    table_id = None
    last_end = 0  # end of the task table's last row
    lead: Cell | None = None  # the lead cell of the row above (merged cells)
    group: str | None = None
    for key in order:
        cells = rows[key]
        texts = {c: text[a:b] for c, (a, b) in cells.items()}
        start = min(a for a, _ in cells.values())
        if header is None or key[0] != table_id:
            found = _header(texts, rebase)
            if found is not None:
                (header, width), table_id = found, key[0]
                lead, group = None, None
                last_end = max(b for _, b in cells.values())
                continue
            # the first row on the new page may leave its last cells empty (no
            # product, no deadline): it fits the header's columns and has a duty
            continues = (header is not None and key[0] != table_id and max(cells) + 1 <= width
                         and header["action"] in cells
                         and _PAGE_GAP_RE.match(text[last_end:start]) is not None
                         # only across a page break: a table right below it on the same page
                         # (the two-column closing block "Nơi nhận: | TM. ỦY BAN ...") is another
                         and doc.page_at(start) > doc.page_at(max(last_end - 1, 0)))
            if not continues:
                header = None
                continue
            table_id = key[0]  # the same table, on the next page
        elif _header(texts, rebase) == (header, width):
            continue  # the header row repeated
        last_end = max(b for _, b in cells.values())
        heading = _group_heading(texts, header)
        if heading is not None and header["unit"] not in texts:
            group, lead = heading, None
            continue
        if header["action"] not in texts:
            continue
        by_role = {role: Cell(*cells[c], texts[c]) for role, c in header.items() if c in cells}
        if "unit" in by_role:
            lead = by_role["unit"]
        elif lead is not None:
            by_role["unit"] = lead  # the lead cell is merged over this row
        else:
            continue
        spans = [v for v in cells.values() if v[1] - v[0] < 2000]
        out.append(TaskRow(by_role, min(a for a, _ in spans), max(b for _, b in spans), group))
    doc.cache["task_rows"] = out
    return out
