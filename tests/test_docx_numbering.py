"""Word's automatic list numbers, read from real .docx packages built here.

A plan typed in Word numbers its unit sections and bullets with Word lists:
the "1." and "-" are then properties of the paragraph (w:numPr, on it or its
style), not text.  The reader must write them as Word draws them, or the
sections of the plan are lost.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

import vnnq
from vnnq.ingest.docx import read_docx
from vnnq.ingest.docx_numbering import format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# abstractNum 10: "%1." decimal / "%2)" lowerLetter / a Symbol-font bullet / "%1.%2.%4." ;
# abstractNum 11: "%1." upperRoman starting at 1 and a "-" bullet
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
 <w:abstractNum w:abstractNumId="10">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%4."/></w:lvl>
 </w:abstractNum>
 <w:abstractNum w:abstractNumId="11">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
 </w:abstractNum>
 <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
 <w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
 <w:num w:numId="3"><w:abstractNumId w:val="10"/></w:num>
 <w:num w:numId="4"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def numbered(d: docx.Document, text: str, num_id: int, ilvl: int = 0) -> None:
    p = d.add_paragraph(text)
    num_pr = OxmlElement("w:numPr")
    lvl, nid = OxmlElement("w:ilvl"), OxmlElement("w:numId")
    lvl.set(qn("w:val"), str(ilvl))
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(lvl)
    num_pr.append(nid)
    p._p.get_or_add_pPr().append(num_pr)


def with_numbering(d: docx.Document, numbering: bytes) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = numbering if info.filename == "word/numbering.xml" else zin.read(info)
            zout.writestr(info, data)
    return out.getvalue()


def lines(data: bytes) -> list[str]:
    return [t for t, *_ in read_docx(data).lines]


def test_list_numbers_are_written_as_word_draws_them():
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    numbered(d, "MỤC ĐÍCH, YÊU CẦU", 2)
    numbered(d, "Mục đích", 1)
    numbered(d, "Triển khai kịp thời", 1, 1)
    numbered(d, "Bảo đảm hiệu quả", 1, 1)
    numbered(d, "Một ý", 1, 2)
    numbered(d, "Yêu cầu", 1)
    numbered(d, "Chi tiết", 1, 3)
    numbered(d, "TỔ CHỨC THỰC HIỆN", 2)
    numbered(d, "Rà soát", 2, 1)
    numbered(d, "Tiếp tục", 3)  # another numId of the same list counts on
    numbered(d, "Bắt đầu lại", 4)  # a numId that restarts level 0
    numbered(d, "Sau đó", 4, 1)
    assert lines(with_numbering(d, NUMBERING.encode())) == [
        "KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Triển khai kịp thời", "b) Bảo đảm hiệu quả",
        "• Một ý", "2. Yêu cầu", "2.a.1. Chi tiết", "II. TỔ CHỨC THỰC HIỆN", "- Rà soát", "3. Tiếp tục",
        "1. Bắt đầu lại", "a) Sau đó"]


def test_list_styles_of_the_template_number_their_paragraphs():
    d = docx.Document()
    d.add_paragraph("Sở Nội vụ:", style="List Number")
    d.add_paragraph("Chủ trì tổng hợp.", style="List Bullet")
    d.add_paragraph("Sở Tài chính:", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    got = lines(buf.getvalue())
    assert got[0] == "1. Sở Nội vụ:" and got[2] == "2. Sở Tài chính:"
    assert got[1].endswith(" Chủ trì tổng hợp.") and got[1][:1] in "•-"


def test_a_plan_numbered_by_word_keeps_its_unit_sections():
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai công tác chuyển đổi số năm 2026")
    numbered(d, "TỔ CHỨC THỰC HIỆN", 2)
    numbered(d, "Sở Nội vụ:", 1)
    numbered(d, "Chủ trì tổng hợp kết quả thực hiện.", 1, 2)
    numbered(d, "Báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.", 1, 2)
    numbered(d, "Sở Tài chính:", 1)
    numbered(d, "Bố trí kinh phí thực hiện.", 1, 2)
    tasks = vnnq.extract(with_numbering(d, NUMBERING.encode())).tasks
    assert [(t.unit, t.action[:9], t.deadline) for t in tasks] == [
        ("Sở Nội vụ", "Chủ trì t", None), ("Sở Nội vụ", "Báo cáo Ủ", "2026-12-15"),
        ("Sở Tài chính", "Bố trí ki", None)]


@pytest.mark.parametrize("numbering", [b"<not xml", b"", f'<w:numbering xmlns:w="{W}"/>'.encode()])
def test_a_broken_or_empty_numbering_part_numbers_nothing(numbering):
    d = docx.Document()
    numbered(d, "Sở Nội vụ:", 1)
    d.add_paragraph("Văn bản vẫn được đọc.")
    assert lines(with_numbering(d, numbering)) == ["Sở Nội vụ:", "Văn bản vẫn được đọc."]


@pytest.mark.parametrize("n, fmt, text", [
    (1, "decimal", "1"), (4, "lowerLetter", "d"), (27, "lowerLetter", "aa"), (3, "upperLetter", "C"),
    (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (7, "decimalZero", "07"), (5, "none", ""),
    (2, "vietnameseCounting", "2"),
])
def test_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text
