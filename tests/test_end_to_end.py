"""Whole pipeline on real generated DOCX and PDF files: header from the
two-column layout, task table, deadlines, signer, pages."""

import vnnq
from test_readers import make_directive_docx, make_directive_pdf, needs_font


def _summary(d):
    doc = d.document
    return {
        "type": doc.type, "number": doc.number, "notation": doc.notation, "issuer": doc.issuer,
        "place": doc.place, "date": doc.date, "subject": doc.subject, "system": doc.system,
        "signer": (doc.signer.authority, doc.signer.position, doc.signer.name), "cc": doc.cc,
    }


HEADER = {
    "type": "Kế hoạch", "number": "12", "notation": "KH-UBND", "issuer": "Ủy ban nhân dân phường Thủy Nguyên",
    "place": "Hải Phòng", "date": "2026-03-05", "subject": "Triển khai công tác chuyển đổi số năm 2026",
    "system": "state", "signer": ("TM. Ủy ban nhân dân", "Chủ tịch", "Nguyễn Văn An"), "cc": ["Như trên"],
}


def test_docx_directive(tmp_path):
    data = make_directive_docx(tmp_path / "ke-hoach.docx")
    d = vnnq.extract(tmp_path / "ke-hoach.docx")
    assert _summary(d) == HEADER
    assert d.document.recipients == ["Công an phường"]
    table = [(t.action, t.unit, t.coordinating, t.deadline) for t in d.tasks if t.source == "table"]
    assert table == [
        ("Xây dựng cơ sở dữ liệu dân cư", "Công an phường", ["Các tổ dân phố"], "2026-09"),
        ("Tuyên truyền chuyển đổi số", "Phòng Văn hóa - Xã hội", [], "2026"),
        ("Rà soát thủ tục hành chính", "Văn phòng HĐND và UBND", [], None),
    ]
    assert ("2026-11-25", None) in [(x.due, x.recurrence) for x in d.deadlines]
    assert d.source.format == "docx" and d.source.sha256
    assert vnnq.extract(data, name="x.docx").to_dict(include_text=False)["document"] == \
        d.to_dict(include_text=False)["document"]


@needs_font
def test_pdf_directive_keeps_pages(tmp_path):
    make_directive_pdf(tmp_path / "ke-hoach.pdf")
    d = vnnq.extract(tmp_path / "ke-hoach.pdf")
    assert _summary(d) == HEADER
    assert d.source.pages == 2
    # the sentence broken across the page break is one line again; the deadline
    # "trước / ngày 25/11/2026" is reported on the page where it starts
    (dl,) = [x for x in d.deadlines if x.due == "2026-11-25"]
    assert d.text[dl.start:dl.end] == "trước ngày 25/11/2026" and dl.page == 1
    (ref,) = d.references
    assert (ref.code, ref.issuer, ref.mentions[0].page) == ("14-KH/TU", "Ban Thường vụ Thành ủy", 1)
    table = [(t.action, t.unit, t.coordinating, t.deadline, t.page) for t in d.tasks if t.source == "table"]
    assert table == [
        ("Xây dựng cơ sở dữ liệu dân cư", "Công an phường", ["Các tổ dân phố"], "2026-09", 2),
        ("Tuyên truyền chuyển đổi số", "Phòng Văn hóa - Xã hội", [], None, 2),
    ]
