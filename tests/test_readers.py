"""Readers: DOCX, PDF and web HTML → Source (lines, separators, cells, pages, errors).

Every file is generated here, in tmp_path or in memory: a công văn/kế hoạch
with the two-column header of NĐ 30/2020 Phụ lục I, body paragraphs, a task
table with merged cells and a Nơi nhận / signer block.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnq.errors import (
    EmptyDocument,
    EncryptedDocument,
    NeedsOCR,
    UnreadableDocument,
    UnsupportedFormat,
)
from vnnq.ingest import read_bytes
from vnnq.ingest.base import Source
from vnnq.ingest.docx import read_docx
from vnnq.ingest.pdf import read_pdf
from vnnq.ingest.web import html_to_text

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(
    not FONT.exists(), reason=f"{FONT} is missing (Debian package fonts-dejavu-core): cannot make a Vietnamese PDF"
)


def assert_offsets(source: Source) -> None:
    for line in source.lines:
        assert source.text[line.start:line.start + len(line.text)] == line.text


def triples(source: Source) -> list[tuple[str, str, tuple[int, int, int] | None]]:
    return [(line.text, line.sep, line.cell) for line in source.lines]


def random_bytes(n: int = 4096) -> bytes:
    return random.Random(20260305).randbytes(n)


# ---------------------------------------------------------------------------
# DOCX


def make_directive_docx(path: Path) -> bytes:
    import docx

    doc = docx.Document()
    # Header table (NĐ 30/2020 Phụ lục I): ô 2 + ô 3 at the left, ô 1 + ô 4 at the right.
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).paragraphs[0].text = "ỦY BAN NHÂN DÂN"
    header.cell(0, 0).add_paragraph("PHƯỜNG THỦY NGUYÊN")
    quoc_hieu = header.cell(0, 1).paragraphs[0]
    quoc_hieu.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").add_break()  # a manual line break
    quoc_hieu.add_run("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 12/KH-UBND"
    header.cell(1, 1).text = "Hải Phòng, ngày 05 tháng 3 năm 2026"

    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Triển khai công tác chuyển đổi số năm 2026")
    doc.add_paragraph("")  # an empty paragraph: no line
    kinh_gui = doc.add_paragraph()
    kinh_gui.add_run("Kính gửi:").add_break()
    kinh_gui.add_run("- Công an phường;")
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph("1. Mục đích")
    doc.add_paragraph("- Triển khai kịp thời, đồng bộ các nhiệm vụ chuyển đổi số.")

    tasks = doc.add_table(rows=4, cols=4)
    for col, text in enumerate(["Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]):
        tasks.cell(0, col).text = text
    for col, text in enumerate(["Xây dựng cơ sở dữ liệu dân cư", "Công an phường", "Các tổ dân phố", "Quý III/2026"]):
        tasks.cell(1, col).text = text
    tasks.cell(2, 0).text = "Tuyên truyền chuyển đổi số"
    tasks.cell(2, 1).merge(tasks.cell(2, 2)).text = "Phòng Văn hóa - Xã hội"  # gridSpan
    tasks.cell(2, 3).merge(tasks.cell(3, 3)).text = "Năm 2026"  # vMerge
    tasks.cell(3, 0).text = "Rà soát thủ tục hành chính"
    tasks.cell(3, 1).text = "Văn phòng HĐND và UBND"
    # tasks.cell(3, 2) stays empty

    doc.add_paragraph("Các đơn vị báo cáo kết quả trước ngày 25/11/2026.")

    signer = doc.add_table(rows=1, cols=2)
    left, right = signer.cell(0, 0), signer.cell(0, 1)
    left.paragraphs[0].text = "Nơi nhận:"
    left.add_paragraph("- Như trên;")
    left.add_paragraph("- Lưu: VT.")
    right.paragraphs[0].text = "TM. ỦY BAN NHÂN DÂN"
    right.add_paragraph("CHỦ TỊCH")
    right.add_paragraph("")  # the space for the signature
    right.add_paragraph("Nguyễn Văn An")

    doc.save(path)
    return path.read_bytes()


DOCX_EXPECTED = [
    ("ỦY BAN NHÂN DÂN", "row", (0, 0, 0)),
    ("PHƯỜNG THỦY NGUYÊN", "para", (0, 0, 0)),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cell", (0, 0, 1)),
    ("Độc lập - Tự do - Hạnh phúc", "hline", (0, 0, 1)),
    ("Số: 12/KH-UBND", "row", (0, 1, 0)),
    ("Hải Phòng, ngày 05 tháng 3 năm 2026", "cell", (0, 1, 1)),
    ("KẾ HOẠCH", "para", None),
    ("Triển khai công tác chuyển đổi số năm 2026", "para", None),
    ("Kính gửi:", "para", None),
    ("- Công an phường;", "hline", None),
    ("I. MỤC ĐÍCH, YÊU CẦU", "para", None),
    ("1. Mục đích", "para", None),
    ("- Triển khai kịp thời, đồng bộ các nhiệm vụ chuyển đổi số.", "para", None),
    ("Nhiệm vụ", "row", (1, 0, 0)),
    ("Đơn vị chủ trì", "cell", (1, 0, 1)),
    ("Đơn vị phối hợp", "cell", (1, 0, 2)),
    ("Thời gian hoàn thành", "cell", (1, 0, 3)),
    ("Xây dựng cơ sở dữ liệu dân cư", "row", (1, 1, 0)),
    ("Công an phường", "cell", (1, 1, 1)),
    ("Các tổ dân phố", "cell", (1, 1, 2)),
    ("Quý III/2026", "cell", (1, 1, 3)),
    ("Tuyên truyền chuyển đổi số", "row", (1, 2, 0)),
    ("Phòng Văn hóa - Xã hội", "cell", (1, 2, 1)),  # spans grid columns 1-2: once
    ("Năm 2026", "cell", (1, 2, 3)),  # spans rows 2-3: once
    ("Rà soát thủ tục hành chính", "row", (1, 3, 0)),
    ("Văn phòng HĐND và UBND", "cell", (1, 3, 1)),
    ("Các đơn vị báo cáo kết quả trước ngày 25/11/2026.", "para", None),
    ("Nơi nhận:", "row", (2, 0, 0)),
    ("- Như trên;", "para", (2, 0, 0)),
    ("- Lưu: VT.", "para", (2, 0, 0)),
    ("TM. ỦY BAN NHÂN DÂN", "cell", (2, 0, 1)),
    ("CHỦ TỊCH", "para", (2, 0, 1)),
    ("Nguyễn Văn An", "para", (2, 0, 1)),
]


@pytest.fixture(scope="module")
def directive_docx(tmp_path_factory) -> bytes:
    return make_directive_docx(tmp_path_factory.mktemp("docx") / "ke-hoach.docx")


def test_docx_lines_cells_and_order(directive_docx):
    source = read_bytes(directive_docx, "ke-hoach.docx")
    assert source.format == "docx"
    assert source.name == "ke-hoach.docx"
    assert source.pages == 1
    assert source.warnings == []
    assert triples(source) == DOCX_EXPECTED
    assert_offsets(source)


def test_docx_header_cells_are_blocks_not_interleaved(directive_docx):
    lines = read_docx(directive_docx, "x.docx").lines
    first_row = [line for line in lines if line.cell and line.cell[:2] == (0, 0)]
    columns = [line.cell[2] for line in first_row]
    assert columns == sorted(columns), "the left cell's lines all come before the right cell's"


def test_docx_starting_with_a_paragraph_is_soft(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("CHỈ THỊ")
    doc.add_paragraph("Về tăng cường kỷ luật")
    doc.save(tmp_path / "a.docx")
    source = read_bytes((tmp_path / "a.docx").read_bytes(), "a.docx")
    assert triples(source) == [("CHỈ THỊ", "soft", None), ("Về tăng cường kỷ luật", "para", None)]


def test_docx_runs_in_insertions_links_and_content_controls(tmp_path):
    """python-docx's Paragraph.text skips runs inside w:ins and w:sdt; tracked
    deletions must stay out."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p = parse_xml(
        f"<w:p {w}><w:r><w:t xml:space=\"preserve\">Giao </w:t></w:r>"
        "<w:ins w:id=\"1\" w:author=\"a\"><w:r><w:t xml:space=\"preserve\">Sở Y tế </w:t></w:r></w:ins>"
        "<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>Sở Tài chính </w:delText></w:r></w:del>"
        "<w:hyperlink><w:r><w:t xml:space=\"preserve\">chủ trì</w:t></w:r></w:hyperlink>"
        "<w:sdt><w:sdtContent><w:r><w:t>, phối hợp.</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:tab/><w:t>x</w:t></w:r></w:p>"
    )
    doc.element.body.insert(0, p)
    doc.save(tmp_path / "b.docx")
    source = read_docx((tmp_path / "b.docx").read_bytes(), "b.docx")
    assert [line.text for line in source.lines] == ["Giao Sở Y tế chủ trì, phối hợp.\tx"]


def test_docx_nested_table_text_belongs_to_the_outer_cell(tmp_path):
    import docx

    doc = docx.Document()
    outer = doc.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Nhiệm vụ"
    cell = outer.cell(0, 1)
    cell.text = "Đơn vị:"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Sở Y tế"
    inner.cell(0, 1).text = "Sở Tài chính"
    doc.save(tmp_path / "n.docx")
    source = read_docx((tmp_path / "n.docx").read_bytes(), "n.docx")
    assert triples(source)[:4] == [
        ("Nhiệm vụ", "row", (0, 0, 0)),
        ("Đơn vị:", "cell", (0, 0, 1)),
        ("Sở Y tế", "para", (0, 0, 1)),
        ("Sở Tài chính", "para", (0, 0, 1)),
    ]
    assert_offsets(source)


def rezip(data: bytes, change) -> bytes:
    """A copy of a zip with ``change(name, bytes)`` applied (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            new = change(info.filename, zin.read(info.filename))
            if new is not None:
                zout.writestr(info.filename, new)
    return out.getvalue()


def test_docx_broken_document_xml(directive_docx):
    broken = rezip(directive_docx, lambda n, d: d[: len(d) // 2] if n == "word/document.xml" else d)
    with pytest.raises(UnreadableDocument, match=r"^ke-hoach\.docx: .*not well-formed XML") as err:
        read_bytes(broken, "ke-hoach.docx")
    assert "\n" not in str(err.value)


def test_docx_other_damaged_part_still_reads_with_a_warning(directive_docx):
    """python-docx parses every part at open time; a broken styles.xml must not
    lose the text."""
    broken = rezip(directive_docx, lambda n, d: b"<w:styles" if n == "word/styles.xml" else d)
    source = read_bytes(broken, "x.docx")
    assert triples(source) == DOCX_EXPECTED
    assert len(source.warnings) == 1 and "damaged" in source.warnings[0]


def test_docx_zip_without_document_xml():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("notes.txt", "Kế hoạch số 12")
    data = out.getvalue()
    with pytest.raises(UnsupportedFormat):
        read_bytes(data, "ke-hoach.docx")  # the dispatcher sees a plain zip archive
    with pytest.raises(UnreadableDocument, match=r"^ke-hoach\.docx: not a Word document"):
        read_docx(data, "ke-hoach.docx")


def test_docx_zip_bomb_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("word/document.xml", "w") as member:
            block = b" " * (1 << 20)
            for _ in range(60):  # 60 MB of spaces deflate to ~60 KB
                member.write(block)
    with pytest.raises(UnreadableDocument, match="zip bomb"):
        read_bytes(out.getvalue(), "bomb.docx")


def test_docx_without_text_is_empty(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("   ")
    doc.add_table(rows=1, cols=2)
    doc.save(tmp_path / "e.docx")
    with pytest.raises(EmptyDocument, match="^e.docx: "):
        read_bytes((tmp_path / "e.docx").read_bytes(), "e.docx")


@pytest.mark.parametrize(
    "data, error",
    [
        pytest.param(b"", EmptyDocument, id="zero-bytes"),
        pytest.param(random_bytes(), UnreadableDocument, id="random-bytes"),
        pytest.param(b"PK\x03\x04" + random_bytes(), UnreadableDocument, id="random-after-zip-magic"),
    ],
)
def test_docx_garbage(data, error):
    with pytest.raises(error, match=r"^bad\.docx: ") as err:
        read_bytes(data, "bad.docx")
    assert "\n" not in str(err.value)
    with pytest.raises(error, match=r"^bad\.docx: "):
        read_docx(data, "bad.docx")


def test_dispatcher_names_the_file_of_a_damaged_zip():
    with pytest.raises(UnreadableDocument, match=r"^bad\.docx: "):
        read_bytes(b"PK\x03\x04" + random_bytes(), "bad.docx")


def test_docx_truncated(directive_docx):
    with pytest.raises(UnreadableDocument):
        read_bytes(directive_docx[: len(directive_docx) // 2], "t.docx")
    with pytest.raises(UnreadableDocument, match=r"^t\.docx: not a valid DOCX"):
        read_docx(directive_docx[: len(directive_docx) // 2], "t.docx")


# ---------------------------------------------------------------------------
# PDF

# Text area of an A4 page in points, with the header columns of NĐ 30/2020
# Phụ lục I: a narrow left cell (issuer, number) and a wide right cell
# (quốc hiệu, date), each line centred in its cell.
LEFT = (57.0, 227.0)
RIGHT = (227.0, 567.0)


def _pdf_writer():
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("dv", "", str(FONT))
    pdf.add_font("dv", "B", str(FONT))  # fpdf2's table headings ask for a bold face
    pdf.set_font("dv", size=11)
    return pdf


def _centred(pdf, text: str, box: tuple[float, float], y: float, size: float = 11) -> None:
    pdf.set_font("dv", size=size)
    pdf.text(box[0] + (box[1] - box[0] - pdf.get_string_width(text)) / 2, y, text)


def _at(pdf, text: str, x: float, y: float, size: float = 11) -> None:
    pdf.set_font("dv", size=size)
    pdf.text(x, y, text)


def make_directive_pdf(path: Path, *, password: str | None = None) -> bytes:
    pdf = _pdf_writer()
    if password:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=password)
    pdf.add_page()
    y = 60.0
    _centred(pdf, "ỦY BAN NHÂN DÂN", LEFT, y)
    _centred(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", RIGHT, y)
    y += 15
    _centred(pdf, "PHƯỜNG THỦY NGUYÊN", LEFT, y)
    _centred(pdf, "Độc lập - Tự do - Hạnh phúc", RIGHT, y + 1.5)  # rows of the two cells drift apart
    y += 22
    _centred(pdf, "Số: 12/KH-UBND", LEFT, y)
    _centred(pdf, "Hải Phòng, ngày 05 tháng 3 năm 2026", RIGHT, y)
    y += 40
    _centred(pdf, "KẾ HOẠCH", (LEFT[0], RIGHT[1]), y, 13)
    y += 16
    _centred(pdf, "Triển khai công tác chuyển đổi số năm 2026", (LEFT[0], RIGHT[1]), y)
    y += 30
    paragraphs = [
        ["Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Thành ủy,",
         "Ủy ban nhân dân phường ban hành Kế hoạch như sau:"],
        ["I. MỤC ĐÍCH, YÊU CẦU"],
        ["- Triển khai kịp thời, đồng bộ các nhiệm vụ chuyển đổi số trên địa bàn phường,",
         "bảo đảm hiệu quả và đúng tiến độ, báo cáo kết quả trước"],
    ]
    for paragraph in paragraphs:
        for line in paragraph:
            _at(pdf, line, LEFT[0], y)
            y += 15
        y += 10

    pdf.add_page()
    _centred(pdf, "2", (LEFT[0], RIGHT[1]), 30, 10)  # page number at the top centre (NĐ 30)
    y = 60.0
    for line in ["ngày 25/11/2026.", "II. TỔ CHỨC THỰC HIỆN"]:
        _at(pdf, line, LEFT[0], y)
        y += 15
    pdf.set_font("dv", size=10)
    pdf.set_xy(LEFT[0], y + 5)
    with pdf.table(col_widths=(200, 110, 110, 90), width=510, align="LEFT", line_height=13) as table:
        for cells in [("Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"),
                      ("Xây dựng cơ sở dữ liệu dân cư", "Công an phường", "Các tổ dân phố", "Quý III/2026")]:
            row = table.row()
            for text in cells:
                row.cell(text)
        row = table.row()
        row.cell("Tuyên truyền chuyển đổi số")
        row.cell("Phòng Văn hóa - Xã hội", colspan=2)
        row.cell("Thường xuyên")
    y = pdf.get_y() + 30
    _at(pdf, "Nơi nhận:", LEFT[0], y, 10)
    _centred(pdf, "TM. ỦY BAN NHÂN DÂN", RIGHT, y)
    y += 13
    _at(pdf, "- Như trên;", LEFT[0], y, 10)
    _centred(pdf, "CHỦ TỊCH", RIGHT, y)
    y += 13
    _at(pdf, "- Lưu: VT.", LEFT[0], y, 10)
    _centred(pdf, "Nguyễn Văn An", RIGHT, y + 60)  # below the space for the signature
    pdf.output(str(path))
    return path.read_bytes()


PDF_EXPECTED = [
    # (text, page, sep, cell)
    ("ỦY BAN NHÂN DÂN", 1, "row", (0, 0, 0)),
    ("PHƯỜNG THỦY NGUYÊN", 1, "hline", (0, 0, 0)),
    ("Số: 12/KH-UBND", 1, "hline", (0, 0, 0)),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1, "cell", (0, 0, 1)),
    ("Độc lập - Tự do - Hạnh phúc", 1, "hline", (0, 0, 1)),
    ("Hải Phòng, ngày 05 tháng 3 năm 2026", 1, "hline", (0, 0, 1)),
    ("KẾ HOẠCH", 1, "para", None),
    ("Triển khai công tác chuyển đổi số năm 2026", 1, "soft", None),
    ("Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Thành ủy,", 1, "blank", None),
    ("Ủy ban nhân dân phường ban hành Kế hoạch như sau:", 1, "soft", None),
    ("I. MỤC ĐÍCH, YÊU CẦU", 1, "blank", None),
    ("- Triển khai kịp thời, đồng bộ các nhiệm vụ chuyển đổi số trên địa bàn phường,", 1, "blank", None),
    ("bảo đảm hiệu quả và đúng tiến độ, báo cáo kết quả trước", 1, "soft", None),
    ("ngày 25/11/2026.", 2, "page", None),  # the page number "2" above it is dropped
    ("II. TỔ CHỨC THỰC HIỆN", 2, "soft", None),
    ("Nhiệm vụ", 2, "row", (1, 0, 0)),
    ("Đơn vị chủ trì", 2, "cell", (1, 0, 1)),
    ("Đơn vị phối hợp", 2, "cell", (1, 0, 2)),
    ("Thời gian", 2, "cell", (1, 0, 3)),
    ("Xây dựng cơ sở dữ liệu dân cư", 2, "row", (1, 1, 0)),
    ("Công an phường", 2, "cell", (1, 1, 1)),
    ("Các tổ dân phố", 2, "cell", (1, 1, 2)),
    ("Quý III/2026", 2, "cell", (1, 1, 3)),
    ("Tuyên truyền chuyển đổi số", 2, "row", (1, 2, 0)),
    ("Phòng Văn hóa - Xã hội", 2, "cell", (1, 2, 1)),  # spans columns 1-2: once
    ("Thường xuyên", 2, "cell", (1, 2, 3)),
    ("Nơi nhận:", 2, "row", (2, 0, 0)),
    ("- Như trên;", 2, "hline", (2, 0, 0)),
    ("- Lưu: VT.", 2, "hline", (2, 0, 0)),
    ("TM. ỦY BAN NHÂN DÂN", 2, "cell", (2, 0, 1)),
    ("CHỦ TỊCH", 2, "hline", (2, 0, 1)),
    ("Nguyễn Văn An", 2, "hline", (2, 0, 1)),
]


@pytest.fixture(scope="module")
def directive_pdf(tmp_path_factory) -> bytes:
    if not FONT.exists():
        pytest.skip(f"{FONT} is missing (Debian package fonts-dejavu-core): cannot make a Vietnamese PDF")
    return make_directive_pdf(tmp_path_factory.mktemp("pdf") / "ke-hoach.pdf")


@needs_font
def test_pdf_lines_pages_and_cells(directive_pdf):
    source = read_bytes(directive_pdf, "ke-hoach.pdf")
    assert source.format == "pdf"
    assert source.pages == 2
    assert source.warnings == []
    got = [(line.text, line.page, line.sep, line.cell) for line in source.lines]
    assert got == PDF_EXPECTED
    assert_offsets(source)


@needs_font
def test_pdf_header_blocks_are_not_interleaved(directive_pdf):
    lines = read_pdf(directive_pdf, "x.pdf").lines
    header = [line for line in lines if line.cell and line.cell[0] == 0]
    left = [i for i, line in enumerate(header) if line.cell[2] == 0]
    right = [i for i, line in enumerate(header) if line.cell[2] == 1]
    assert left and right and max(left) < min(right)


@needs_font
def test_pdf_fake_bold_is_read_once(tmp_path):
    """Some producers print a bold title twice, shifted by a fraction of a point."""
    pdf = _pdf_writer()
    pdf.add_page()
    for dx in (0, 0.4):
        _at(pdf, "CHỈ THỊ", 250 + dx, 100, 14)
    _at(pdf, "Về tăng cường kỷ luật, kỷ cương hành chính", 100, 130)
    pdf.output(str(tmp_path / "bold.pdf"))
    source = read_pdf((tmp_path / "bold.pdf").read_bytes(), "bold.pdf")
    assert [line.text for line in source.lines] == ["CHỈ THỊ", "Về tăng cường kỷ luật, kỷ cương hành chính"]


@needs_font
def test_pdf_kinh_gui_row_below_the_header(tmp_path):
    """A công văn: "Kính gửi:" with its recipients to the right does not join
    the header's columns; the recipients stay one block."""
    pdf = _pdf_writer()
    pdf.add_page()
    _centred(pdf, "BỘ TÀI CHÍNH", LEFT, 60)
    _centred(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", RIGHT, 60)
    _centred(pdf, "Số: 324/CT-KTr2", LEFT, 80)
    _centred(pdf, "Hà Nội, ngày 10 tháng 01 năm 2026", RIGHT, 80)
    _centred(pdf, "V/v triển khai hóa đơn điện tử", LEFT, 95, 9)
    _at(pdf, "Kính gửi:", 120, 130)
    _at(pdf, "- Cục Thuế các tỉnh, thành phố;", 200, 130)
    _at(pdf, "- Chi cục Thuế khu vực.", 200, 145)
    _at(pdf, "Căn cứ Luật Quản lý thuế số 38/2019/QH14 ngày 13/6/2019, Cục Thuế đề nghị", LEFT[0], 175)
    pdf.output(str(tmp_path / "cv.pdf"))
    source = read_pdf((tmp_path / "cv.pdf").read_bytes(), "cv.pdf")
    assert triples(source) == [
        ("BỘ TÀI CHÍNH", "row", (0, 0, 0)),
        ("Số: 324/CT-KTr2", "hline", (0, 0, 0)),
        ("V/v triển khai hóa đơn điện tử", "hline", (0, 0, 0)),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "cell", (0, 0, 1)),
        ("Hà Nội, ngày 10 tháng 01 năm 2026", "hline", (0, 0, 1)),
        ("Kính gửi:", "row", (1, 0, 0)),
        ("- Cục Thuế các tỉnh, thành phố;", "cell", (1, 0, 1)),
        ("- Chi cục Thuế khu vực.", "hline", (1, 0, 1)),
        ("Căn cứ Luật Quản lý thuế số 38/2019/QH14 ngày 13/6/2019, Cục Thuế đề nghị", "para", None),
    ]


@needs_font
def test_pdf_signer_title_above_noi_nhan(tmp_path):
    """The signer's authority line one row above "Nơi nhận:" (indents, no
    table) still heads the signer column."""
    pdf = _pdf_writer()
    pdf.add_page()
    _at(pdf, "Các đơn vị báo cáo kết quả trước ngày 25/11/2026 để tổng hợp.", LEFT[0], 60)
    _centred(pdf, "TM. ỦY BAN NHÂN DÂN", RIGHT, 90)
    _at(pdf, "Nơi nhận:", LEFT[0], 104, 10)
    _centred(pdf, "KT. CHỦ TỊCH", RIGHT, 104)
    _at(pdf, "- Như trên;", LEFT[0], 117, 10)
    _centred(pdf, "PHÓ CHỦ TỊCH", RIGHT, 118)
    _at(pdf, "- Lưu: VT.", LEFT[0], 130, 10)
    _centred(pdf, "Bùi Văn Biên", RIGHT, 190)
    pdf.output(str(tmp_path / "signer.pdf"))
    source = read_pdf((tmp_path / "signer.pdf").read_bytes(), "signer.pdf")
    assert triples(source) == [
        ("Các đơn vị báo cáo kết quả trước ngày 25/11/2026 để tổng hợp.", "soft", None),
        ("Nơi nhận:", "row", (0, 0, 0)),
        ("- Như trên;", "hline", (0, 0, 0)),
        ("- Lưu: VT.", "hline", (0, 0, 0)),
        ("TM. ỦY BAN NHÂN DÂN", "cell", (0, 0, 1)),
        ("KT. CHỦ TỊCH", "hline", (0, 0, 1)),
        ("PHÓ CHỦ TỊCH", "hline", (0, 0, 1)),
        ("Bùi Văn Biên", "hline", (0, 0, 1)),
    ]
    assert_offsets(source)


@needs_font
def test_pdf_truncated(directive_pdf):
    half = directive_pdf[: len(directive_pdf) // 2]
    with pytest.raises(UnreadableDocument, match=r"^ke-hoach\.pdf: .*truncated") as err:
        read_bytes(half, "ke-hoach.pdf")
    assert "\n" not in str(err.value)


@needs_font
def test_pdf_encrypted(tmp_path):
    try:
        data = make_directive_pdf(tmp_path / "enc.pdf", password="mat-khau")
    except Exception as exc:  # noqa: BLE001 - any failure of the PDF writer means: cannot test
        pytest.skip(f"fpdf2 cannot write an encrypted PDF here: {exc}")
    assert b"/Encrypt" in data
    with pytest.raises(EncryptedDocument, match=r"^enc\.pdf: .*password"):
        read_bytes(data, "enc.pdf")


@needs_font
def test_pdf_with_owner_password_only_is_read(tmp_path):
    """Permissions-only encryption (empty user password) opens without asking."""
    pdf = _pdf_writer()
    pdf.set_encryption(owner_password="chu-so-huu")
    pdf.add_page()
    _at(pdf, "Thông báo kết luận của Chủ tịch", 60, 60)
    pdf.output(str(tmp_path / "owner.pdf"))
    source = read_bytes((tmp_path / "owner.pdf").read_bytes(), "owner.pdf")
    assert [line.text for line in source.lines] == ["Thông báo kết luận của Chủ tịch"]


def test_pdf_image_only_needs_ocr(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.rect(50, 50, 300, 200, style="F")  # a page with a drawing and no text
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(NeedsOCR, match=r"^scan\.pdf: no text layer"):
        read_bytes((tmp_path / "scan.pdf").read_bytes(), "scan.pdf")


@pytest.mark.parametrize(
    "data, error, message",
    [
        pytest.param(b"", EmptyDocument, "empty", id="zero-bytes"),
        pytest.param(random_bytes(), UnreadableDocument, "", id="random-bytes"),
        pytest.param(b"%PDF-1.7\n" + random_bytes(), UnreadableDocument, "", id="random-after-pdf-magic"),
        pytest.param(b"%PDF-1.4\n%%EOF\n", UnreadableDocument, "damaged PDF", id="header-only"),
    ],
)
def test_pdf_garbage(data, error, message):
    with pytest.raises(error, match=rf"^bad\.pdf: .*{message}") as err:
        read_bytes(data, "bad.pdf")
    assert "\n" not in str(err.value)
    with pytest.raises(error, match=r"^bad\.pdf: "):
        read_pdf(data, "bad.pdf")


# ---------------------------------------------------------------------------
# Web HTML

HTML = """<html><head><title>Thư viện</title><style>p { color: red }</style>
<script>var x = "<p>không</p>";</script></head><body>
<table>
 <tr><td><p><b>ỦY BAN NHÂN DÂN<br>TỈNH BẮC NINH</b></p></td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></td></tr>
 <tr><td>Số: 141/KH-UBND</td><td><i>Bắc Ninh, ngày 20 tháng 11 năm 2025</i></td></tr>
</table>
<p align="center"><strong>KẾ HOẠCH</strong></p>
<p>Thực hiện Kế hoạch số 14-KH/TU
ngày 29/7/2025 &amp; Nghị quyết số 66&#8209;NQ/TW</p>
<div><ul><li>- Sở Tư pháp;</li><li>- Lưu:&nbsp;VT.</li></ul></div>
</body></html>"""

HTML_TEXT = """|
**ỦY BAN NHÂN DÂN
TỈNH BẮC NINH**
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
|
|
Số: 141/KH-UBND
|
*Bắc Ninh, ngày 20 tháng 11 năm 2025*
|

**KẾ HOẠCH**

Thực hiện Kế hoạch số 14-KH/TU
ngày 29/7/2025 & Nghị quyết số 66\u2011NQ/TW

- Sở Tư pháp;

- Lưu:\u00a0VT.
"""


def test_html_to_text_shape():
    assert html_to_text(HTML) == HTML_TEXT


def test_html_table_cells_through_the_dispatcher():
    source = read_bytes(HTML.encode(), "trang.html")
    assert source.format == "md" and source.markup
    assert triples(source)[:5] == [
        ("**ỦY BAN NHÂN DÂN", "row", (0, 0, 0)),
        ("TỈNH BẮC NINH**", "soft", (0, 0, 0)),
        ("**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "cell", (0, 0, 1)),
        ("Số: 141/KH-UBND", "row", (0, 1, 0)),
        ("*Bắc Ninh, ngày 20 tháng 11 năm 2025*", "cell", (0, 1, 1)),
    ]
    assert_offsets(source)


def test_html_nested_table_and_missing_end_tags():
    html = "<table><tr><td>A<table><tr><td>a1<td>a2</table><td>B<tr><td>C</table><p>sau"
    assert html_to_text(html) == "|\nA\na1\na2\n|\nB\n|\n|\nC\n|\n\nsau\n"


_HTML_PIECES = list("<>/&;#|*ab \n") + ["<td>", "<tr>", "</tr>", "<table>", "</table>", "<b>", "</b>", "<i>",
                                         "<p>", "<br>", "<script>", "</script>", "&nbsp;", "&#", "Ủy"]


@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_html_to_text_never_raises(html):
    text = html_to_text(html)
    assert isinstance(text, str)
    assert all(line == line.strip() for line in text.split("\n"))
