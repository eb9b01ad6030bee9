"""Task tables as real annexes write them: header wording, merged lead cells,
group rows, a header repeated, and a table broken across PDF pages."""

from pathlib import Path

import pytest

import vnnq
from test_readers import _at, _pdf_writer, needs_font


def _directive_with_table(path: Path, rows, *, header=("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                     "Thời hạn hoàn thành"), merge_lead=()) -> None:
    """A short kế hoạch whose annex is one DOCX table; ``merge_lead`` lists
    (first, last) data-row ranges whose lead cells (column 2) are merged vertically."""
    import docx

    doc = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH AN BÌNH", "Số: 45/KH-UBND", "An Bình, ngày 10 tháng 3 năm 2026",
                 "KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2026", "PHỤ LỤC", "NHIỆM VỤ CỤ THỂ"):
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(rows) + 1, cols=len(header))
    for c, t in enumerate(header):
        table.cell(0, c).text = t
    for r, row in enumerate(rows, 1):
        if isinstance(row, str):  # a group row: one cell across the table
            table.cell(r, 0).merge(table.cell(r, len(header) - 1)).text = row
            continue
        for c, t in enumerate(row):
            if t is not None:
                table.cell(r, c).text = t
    for first, last in merge_lead:
        lead = 2
        text = rows[first - 1][lead]
        table.cell(first, lead).merge(table.cell(last, lead)).text = text
    doc.save(path)


def _table_tasks(path):
    d = vnnq.extract(path)
    return [(t.action, t.unit, t.coordinating, t.deadline) for t in d.tasks if t.source == "table"]


def test_rows_under_a_merged_lead_cell_keep_the_lead(tmp_path):
    rows = [("1", "Xây dựng kho dữ liệu số", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Quý II/2026"),
            ("2", "Đào tạo kỹ năng số cho cán bộ", "Sở Khoa học và Công nghệ", None, "Quý III/2026"),
            ("3", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", None, None)]
    _directive_with_table(tmp_path / "kh.docx", rows, merge_lead=[(1, 2)])
    assert _table_tasks(tmp_path / "kh.docx") == [
        ("Xây dựng kho dữ liệu số", "Sở Khoa học và Công nghệ", ["Sở Nội vụ"], "2026-06"),
        ("Đào tạo kỹ năng số cho cán bộ", "Sở Khoa học và Công nghệ", [], "2026-09"),
        ("Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", [], None),
    ]


def test_group_rows_are_not_tasks_and_name_the_rows_under_them(tmp_path):
    rows = ["I. NÂNG CAO NHẬN THỨC VỀ CHUYỂN ĐỔI SỐ",
            ("1", "Tuyên truyền về chuyển đổi số", "Sở Văn hóa, Thể thao và Du lịch", None, "Thường xuyên"),
            "II. PHÁT TRIỂN HẠ TẦNG SỐ",
            ("2", "Phủ sóng di động vùng lõm", "Sở Khoa học và Công nghệ", "UBND các xã", "Năm 2026")]
    _directive_with_table(tmp_path / "kh.docx", rows)
    assert _table_tasks(tmp_path / "kh.docx") == [
        ("Tuyên truyền về chuyển đổi số", "Sở Văn hóa, Thể thao và Du lịch", [], None),
        ("Phủ sóng di động vùng lõm", "Sở Khoa học và Công nghệ", ["UBND các xã"], "2026"),
    ]
    from vnnq.extract.tables import task_rows
    from vnnq.ingest import read_bytes
    from vnnq.ingest.normalize import normalize

    doc = normalize(read_bytes((tmp_path / "kh.docx").read_bytes(), name="kh.docx"))
    assert [r.group for r in task_rows(doc)] == ["I. NÂNG CAO NHẬN THỨC VỀ CHUYỂN ĐỔI SỐ", "II. PHÁT TRIỂN HẠ TẦNG SỐ"]


def test_a_header_row_repeated_inside_the_table_is_not_a_task(tmp_path):
    header = ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành")
    rows = [("1", "Kiện toàn Ban Chỉ đạo", "Sở Nội vụ", None, "Tháng 4/2026"),
            header,
            ("2", "Ban hành quy chế hoạt động", "Sở Nội vụ", "Sở Tư pháp", "Tháng 5/2026")]
    _directive_with_table(tmp_path / "kh.docx", rows, header=header)
    assert [t[0] for t in _table_tasks(tmp_path / "kh.docx")] == ["Kiện toàn Ban Chỉ đạo", "Ban hành quy chế hoạt động"]


@pytest.mark.parametrize("header, is_task_table", [
    (("TT", "Nội dung công việc", "Đơn vị thực hiện", "Thời gian"), True),
    (("TT", "Thông tin đề xuất", "Bộ phụ trách tiếp nhận, xử lý", "Ghi chú"), True),
    (("TT", "Nội dung", "Trách nhiệm thực hiện", "Tiến độ"), True),
    (("TT", "Hoạt động", "Cơ quan đầu mối", "Lộ trình"), True),
    (("TT", "Tên nhiệm vụ", "Phân công", "Thời hạn"), True),
    # a list of procedures: where and how, not who
    (("TT", "Tên thủ tục hành chính", "Địa điểm thực hiện", "Thời hạn giải quyết"), False),
    (("TT", "Nội dung", "Thời gian thực hiện", "Kinh phí"), False),
    # the steps of a procedure (the quy trình nội bộ of a Quyết định công bố thủ tục hành
    # chính), and a catalogue of procedures with the body that handles each
    (("Thứ tự công việc", "Nội dung công việc", "Đơn vị/người thực hiện", "Thời gian thực hiện"), False),
    (("Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian"), False),
    (("STT", "Tên nhóm thủ tục hành chính liên thông", "Cơ quan thực hiện", "Lĩnh vực"), False),
])
def test_header_wording(tmp_path, header, is_task_table):
    rows = [("1", "Rà soát hồ sơ đất đai tồn đọng", "Sở Nông nghiệp và Môi trường", "Tháng 6/2026")]
    _directive_with_table(tmp_path / "kh.docx", rows, header=header)
    found = [(t[0], t[1]) for t in _table_tasks(tmp_path / "kh.docx")]
    expected = [("Rà soát hồ sơ đất đai tồn đọng", "Sở Nông nghiệp và Môi trường")]
    if is_task_table:
        assert found == expected
    else:
        assert expected[0] not in found


def _pdf_table_across_pages(path: Path, *, repeat_header: bool, due_until: int = 70) -> None:
    pdf = _pdf_writer()
    pdf.set_auto_page_break(True, margin=40)
    pdf.add_page()
    y = 60.0
    for line in ("ỦY BAN NHÂN DÂN TỈNH AN BÌNH", "Số: 45/KH-UBND", "An Bình, ngày 10 tháng 3 năm 2026",
                 "KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2026", "PHỤ LỤC NHIỆM VỤ"):
        _at(pdf, line, 57, y)
        y += 18
    pdf.set_font("dv", size=10)
    pdf.set_xy(57, y + 10)
    units = ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Xây dựng"]
    with pdf.table(col_widths=(40, 250, 130, 90), width=510, align="LEFT", line_height=13,
                   repeat_headings=1 if repeat_header else 0) as table:
        row = table.row()
        for text in ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"):
            row.cell(text)
        for i in range(1, 71):
            row = table.row()
            for text in (str(i), f"Thực hiện nhiệm vụ chuyển đổi số thứ {i}", units[i % 4],
                         "Năm 2026" if i <= due_until else ""):
                row.cell(text)
    pdf.output(str(path))


@needs_font
@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_broken_across_pdf_pages_keeps_every_row(tmp_path, repeat_header):
    _pdf_table_across_pages(tmp_path / "kh.pdf", repeat_header=repeat_header)
    d = vnnq.extract(tmp_path / "kh.pdf")
    assert d.source.pages >= 2
    table = [t for t in d.tasks if t.source == "table"]
    assert [t.action for t in table] == [f"Thực hiện nhiệm vụ chuyển đổi số thứ {i}" for i in range(1, 71)]
    assert [t.unit for t in table][:4] == ["Sở Tài chính", "Sở Y tế", "Sở Xây dựng", "Sở Nội vụ"]
    assert {t.page for t in table} >= {1, 2}


@needs_font
def test_a_table_continues_when_the_first_row_on_the_next_page_has_an_empty_last_cell(tmp_path):
    # rows from 20 on have no deadline: the part on page 2 starts with a row of 3 cells, not 4
    _pdf_table_across_pages(tmp_path / "kh.pdf", repeat_header=False, due_until=19)
    d = vnnq.extract(tmp_path / "kh.pdf")
    table = [t for t in d.tasks if t.source == "table"]
    assert [t.action for t in table] == [f"Thực hiện nhiệm vụ chuyển đổi số thứ {i}" for i in range(1, 71)]
    assert {t.page for t in table} >= {1, 2}


def test_a_header_whose_first_cell_is_empty_keeps_the_grid_columns(tmp_path):
    # the number column without its "STT" (left blank, or lost by OCR on a scan):
    # the roles stay on the grid's columns, not counted from the first header cell
    header = ("", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành")
    rows = [(None, "Kiện toàn Ban Chỉ đạo", "Sở Nội vụ", "Sở Tư pháp", "Tháng 4/2026"),
            (None, "Ban hành quy chế hoạt động", "Sở Tài chính", None, "Tháng 5/2026")]
    _directive_with_table(tmp_path / "kh.docx", rows, header=header)
    assert _table_tasks(tmp_path / "kh.docx") == [
        ("Kiện toàn Ban Chỉ đạo", "Sở Nội vụ", ["Sở Tư pháp"], "2026-04"),
        ("Ban hành quy chế hoạt động", "Sở Tài chính", [], "2026-05"),
    ]
