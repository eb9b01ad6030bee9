"""Ruled task tables on scanned pages (issue 6): the grid found from the rules
in the image, the words put into its cells, and the rows read as tasks by the
same code as a text-layer PDF's or a DOCX's table (vnnq/extract/tables.py).

The document is drawn as a PDF (fpdf2's table: ruled cells, a merged lead cell,
a group row across the table, broken across two pages without its header
repeated), rendered and made to look scanned as bench/scan_corpus.py does
(a slight rotation, blur, JPEG at quality 70, a red stamp), then read by OCR.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import vnnq
from test_ocr import needs_tesseract
from test_readers import _at, _pdf_writer, needs_font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from scan_corpus import scanned  # noqa: E402  (the noise of a scan)

UNITS = [("Sở Nội vụ", "Sở Tài chính"), ("Sở Y tế", "Sở Xây dựng"), ("Sở Tư pháp", "Công an tỉnh"),
         ("Sở Công Thương", "Sở Nội vụ")]
DUES = [("Quý II/2026", "2026-06"), ("Tháng 9/2026", "2026-09"), ("Năm 2026", "2026"), ("Quý IV/2026", "2026-12")]


def _rows():
    """(number, action, lead, coordinating, due, due value) of the data rows;
    rows 2 and 3 share one lead cell, merged over both."""
    out = []
    for i in range(1, 15):
        lead, coord = UNITS[i % 4]
        if i == 3:
            lead = out[1][2]
        due, value = DUES[i % 4]
        out.append((str(i), f"Triển khai nhiệm vụ chuyển đổi số số {i} tại các cơ quan, đơn vị trên địa bàn tỉnh",
                    lead, coord, due, value))
    return out


def _plan_pdf() -> bytes:
    pdf = _pdf_writer()
    pdf.set_auto_page_break(True, margin=50)
    pdf.add_page()
    y = 60.0
    for line in ("ỦY BAN NHÂN DÂN TỈNH AN BÌNH", "Số: 45/KH-UBND", "An Bình, ngày 10 tháng 3 năm 2026",
                 "KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2026", "PHỤ LỤC NHIỆM VỤ"):
        _at(pdf, line, 57, y, size=12)
        y += 20
    pdf.set_font("dv", size=11)
    pdf.set_xy(57, y + 10)
    rows = _rows()
    with pdf.table(col_widths=(30, 200, 110, 90, 80), width=510, align="LEFT", line_height=15,
                   repeat_headings=0, padding=3) as table:
        r = table.row()
        for t in ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"):
            r.cell(t)
        r = table.row()
        r.cell("I", align="CENTER")
        r.cell("NHIỆM VỤ VỀ CHUYỂN ĐỔI SỐ", colspan=4)
        for k, (num, action, lead, coord, due, _) in enumerate(rows):
            r = table.row()
            r.cell(num)
            r.cell(action)
            if k == 1:
                r.cell(lead, rowspan=2)
            elif k != 2:
                r.cell(lead)
            r.cell(coord)
            r.cell(due)
    return bytes(pdf.output())


def _tasks(d):
    return [(t.unit, t.coordinating, t.deadline) for t in d.tasks if t.source == "table"]


EXPECTED = [(lead, [coord], value) for _, _, lead, coord, _, value in _rows()]


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return _plan_pdf()


@needs_font
def test_the_drawn_plan_is_a_task_table_across_two_pages(plan_pdf):
    # the control: the same PDF with its text layer gives every row as a task
    d = vnnq.extract(plan_pdf, name="kh.pdf")
    assert d.source.pages == 2
    assert _tasks(d) == EXPECTED
    assert {t.page for t in d.tasks if t.source == "table"} == {1, 2}


@needs_tesseract
@needs_font
def test_scanned_task_table_rows_are_tasks(plan_pdf):
    scan, pages = scanned(plan_pdf, 300, seed=20260310)
    assert pages == 2
    d = vnnq.extract(scan, name="kh-scan.pdf")
    assert [p.page for p in d.ocr_pages] == [1, 2]
    table = [t for t in d.tasks if t.source == "table"]
    # every row: its lead (row 3 from the lead cell merged over rows 2-3), its
    # coordinating unit and its deadline; rows on both pages (no header repeated)
    assert _tasks(d) == EXPECTED
    assert [t.page for t in table] == [1] * sum(t.page == 1 for t in table) + [2] * sum(t.page == 2 for t in table)
    assert {t.page for t in table} == {1, 2}
    for t in table:
        assert t.action.startswith("Triển khai nhiệm vụ chuyển đổi số"), t.action
        assert t.action.rstrip(".").endswith("trên địa bàn tỉnh"), t.action
        assert 0 < t.confidence <= 1
    # the table's text is in the normalized text as a text-layer table's is: one line per cell line
    assert "\nCơ quan chủ trì\n" in d.text
    assert "\nNHIỆM VỤ VỀ CHUYỂN ĐỔI SỐ\n" in d.text
    # the running text outside the table stays as it was
    assert d.document.code == "45/KH-UBND"
    assert d.document.date == "2026-03-10"


@needs_tesseract
@needs_font
def test_without_the_table_step_the_rows_are_lost(plan_pdf):
    # the control: OcrOptions(tables=False) reads the grid as running text
    scan, _ = scanned(plan_pdf, 300, seed=20260310)
    d = vnnq.extract(scan, name="kh-scan.pdf", settings=vnnq.Settings(ocr=vnnq.OcrOptions(tables=False)))
    assert _tasks(d) != EXPECTED


def _ruled(draw, xs, ys, *, skip=()):
    """Rules of a grid with vertical lines at ``xs`` and horizontal at ``ys``;
    ``skip``: (kind, index, from, to) segments left out (merged cells)."""
    for i, y in enumerate(ys):
        for a, b in zip(xs, xs[1:]):
            if ("h", i, a) not in skip:
                draw.line([(a, y), (b, y)], fill=0, width=4)
    for j, x in enumerate(xs):
        for a, b in zip(ys, ys[1:]):
            if ("v", j, a) not in skip:
                draw.line([(x, a), (x, b)], fill=0, width=4)


def test_grid_with_merged_cells_from_the_rules():
    from PIL import Image, ImageDraw, ImageFilter

    from vnnq.ingest.ocrtable import find_grids

    img = Image.new("L", (1800, 1200), 255)
    draw = ImageDraw.Draw(img)
    xs, ys = [100, 250, 900, 1300, 1700], [100, 200, 300, 400, 500]
    # row 1: one cell across columns 1-3 (no vertical rules there); column 2:
    # one cell over rows 2-3 (no horizontal rule between them)
    _ruled(draw, xs, ys, skip={("v", 2, 200), ("v", 3, 200), ("h", 3, 900)})
    draw.line([(300, 800), (1000, 800)], fill=0, width=4)  # an underline alone: no table
    draw.rectangle([300, 900, 1500, 1100], outline=0, width=4)  # a frame: one cell
    img = img.rotate(0.08, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.7))
    tables = find_grids(img, 300)
    assert len(tables) == 1  # the underline and the frame are not tables
    shape = [[c is not None for c in row] for row in tables[0].rows]
    assert shape == [[True, True, True, True],
                     [True, True, False, False],   # the cell across columns 1-3
                     [True, True, True, True],     # column 2 merged over rows 2-3 ...
                     [True, True, False, True]]    # ... so nothing starts there in row 3
    x0, top, x1, bottom = tables[0].rows[1][1]
    assert abs(x0 - 250) < 4 and abs(x1 - 1700) < 4 and abs(top - 200) < 4 and abs(bottom - 300) < 4
    x0, top, x1, bottom = tables[0].rows[2][2]
    assert abs(top - 300) < 4 and abs(bottom - 500) < 4
