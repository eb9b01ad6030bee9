"""Rules on real snippets, each with the reason it matters."""

import pytest

import vnnq
from vnnq.extract.dates import parse_date
from vnnq.ingest import read_text
from vnnq.ingest.normalize import fix_tone_placement, normalize


@pytest.mark.parametrize("old,new", [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"), ("hoà bình", "hòa bình"), ("thuỷ lợi", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"), ("quý III", "quý III"), ("hoàn thành", "hoàn thành"), ("ngoài", "ngoài"),
])
def test_tone_placement(old, new):
    assert fix_tone_placement(old) == new


def test_code_broken_across_blank_line_is_one_reference():
    # seeds/002: a PDF copy breaks "71-NQ/TW" as "71-\n\nNQ/TW"
    d = vnnq.extract("Quán triệt Nghị quyết số 71-\n\nNQ/TW, tạo sự thống nhất cao.\n")
    assert [r.code for r in d.references] == ["71-NQ/TW"]


def test_offsets_map_back_to_source():
    raw = "**Kính gửi:** Ủy ban nhân dân các xã,\nphường.\n"
    src = read_text(raw, fmt="md")
    t = normalize(src)
    i = t.text.index("phường")
    assert raw[t.source_offsets[i]:t.source_offsets[i] + 6] == "phường"


@pytest.mark.parametrize("text,value", [
    ("ngày 22 tháng 8 năm 2025", ("2025-08-22", "day")),
    ("22-8-2025", ("2025-08-22", "day")),  # Party body dates (HD 36)
    ("ngày tháng 7 năm 2026", ("2026-07", "month")),  # blank day in a draft header
    ("Quý III/2026", ("2026-Q3", "quarter")),
    ("năm học 2026 - 2027", ("2026/2027", "school_year")),
    ("giai đoạn 2026-2030", ("2026/2030", "period")),
    ("30/02/2025", None),  # not a date
])
def test_dates(text, value):
    assert parse_date(text) == value


HEADER_STATE = """ỦY BAN NHÂN DÂN
PHƯỜNG THỦY NGUYÊN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: /KH-UBND
Thủy Nguyên, ngày tháng 3 năm 2026
KẾ HOẠCH
Đẩy mạnh công tác truyền thông
Thực hiện Kế hoạch số 255/KH-BGDĐT ngày 11/02/2026 của Bộ Giáo dục và Đào tạo, Ủy ban nhân dân phường ban hành Kế hoạch như sau:
"""


def test_state_header_with_blank_number_and_partial_date():
    d = vnnq.extract(HEADER_STATE).document
    assert (d.number, d.notation, d.type, d.system) == (None, "KH-UBND", "Kế hoạch", "state")
    assert d.issuer == "Ủy ban nhân dân phường Thủy Nguyên"
    assert (d.place, d.date) == ("Thủy Nguyên", "2026-03")
    assert d.subject == "Đẩy mạnh công tác truyền thông"


def test_party_header():
    text = ("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG\nĐẢNG ỦY PHƯỜNG AN HẢI\n*\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Số 45-CV/ĐU\nAn Hải, ngày 10 tháng 7 năm 2026\nV/v tuyên truyền Quy định số 338-QĐ/TW\n"
            "Kính gửi: - Các chi bộ trực thuộc,\n- Ủy ban nhân dân phường.\nNội dung.\n")
    d = vnnq.extract(text).document
    assert (d.number, d.notation, d.system, d.type) == ("45", "CV/ĐU", "party", "Công văn")
    assert d.issuer == "Đảng ủy phường An Hải"
    assert d.recipients == ["Các chi bộ trực thuộc", "Ủy ban nhân dân phường"]


def test_noi_nhan_purpose_and_archive_line():
    text = ("Số: 12/UBND-VX\nNội dung.\nNơi nhận:\n- Như trên;\n- Sở Nội vụ (để b/c);\n- Lưu: VT, VX.\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n")
    d = vnnq.extract(text).document
    assert d.cc == ["Như trên", "Sở Nội vụ"]
    assert d.cc_detail[1].purpose == "để b/c"
    assert d.archive.startswith("Lưu")
    assert (d.signer.authority, d.signer.position, d.signer.name) == ("KT. Chủ tịch", "Phó Chủ tịch", "Nguyễn Văn An")


def test_reference_parts_and_own_number_excluded():
    text = ("Số: 12/KH-UBND\nCăn cứ Luật Hải quan số 54/2014/QH13 ngày 23/6/2014; "
            "Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị về đột phá phát triển giáo dục và đào tạo.\n"
            "Kế hoạch số 12/KH-UBND được triển khai. Nghị quyết số 71 nêu rõ.\n")
    refs = {r.code: r for r in vnnq.extract(text).references}
    assert set(refs) == {"54/2014/QH13", "71-NQ/TW"}
    law, nq = refs["54/2014/QH13"], refs["71-NQ/TW"]
    assert (law.type, law.year, law.system, law.date) == ("Luật", "2014", "normative", "2014-06-23")
    assert (nq.type, nq.number, nq.notation, nq.issuer, nq.system) == ("Nghị quyết", "71", "NQ/TW", "Bộ Chính trị", "party")
    assert nq.title.startswith("đột phá")
    assert any(m.resolved_from == "short_form" for m in nq.mentions)  # "Nghị quyết số 71"


def test_ambiguous_short_form_stays_unresolved():
    text = ("Thực hiện Kế hoạch số 255/KH-BGDĐT và Kế hoạch số 547/KH-UBND. "
            "Kế hoạch nêu trên cần được quán triệt.\n")
    refs = vnnq.extract(text).references
    assert all(m.resolved_from is None for r in refs for m in r.mentions)


@pytest.mark.parametrize("text,due,rec", [
    ("Báo cáo kết quả trước ngày 25/11/2026.", "2026-11-25", None),
    ("gửi về Sở chậm nhất là 17 giờ 00 ngày 30/01/2026.", "2026-01-30", None),
    ("Định kỳ hằng quý báo cáo kết quả.", None, "quarterly"),
    ("Báo cáo trước ngày 15/12 hằng năm.", None, "yearly"),
    ("Thời gian hoàn thành: Quý III/2026", "2026-09", None),
])
def test_deadlines(text, due, rec):
    dl = vnnq.extract(text).deadlines
    assert [(d.due, d.recurrence) for d in dl] == [(due, rec)]


def test_start_date_alone_is_not_a_deadline():
    assert vnnq.extract("Quyết định này có hiệu lực từ ngày 01/7/2025.").deadlines == []


def test_relative_deadline_from_document_date():
    text = "Số: 5/QĐ-UBND\nHà Nội, ngày 01 tháng 3 năm 2026\nBáo cáo trong thời hạn 15 ngày kể từ ngày ký.\n"
    assert [d.due for d in vnnq.extract(text).deadlines] == ["2026-03-16"]


@pytest.mark.parametrize("text,rec", [
    # NĐ 09/2019/NĐ-CP: a periodic report's limit counted from the end of its period
    ("Thời hạn gửi báo cáo: chậm nhất là ngày 15 tháng đầu tiên của quý liền sau đối với báo cáo quý.", "quarterly"),
    ("Gửi báo cáo trước ngày 01 của tháng tiếp theo sau tháng kỳ báo cáo đối với báo cáo tháng.", "monthly"),
    ("Thời hạn báo cáo chậm nhất là ngày 20 tháng 9 của năm báo cáo.", "yearly"),
    ("Thời hạn gửi báo cáo chậm nhất là ngày 29 tháng 4 năm sau.", "yearly"),
    ("Thời hạn gửi báo cáo chậm nhất là ngày cuối cùng của tháng đầu tiên của quý liền sau.", "quarterly"),
])
def test_the_limit_of_a_periodic_report(text, rec):
    assert [(d.due, d.recurrence) for d in vnnq.extract(text).deadlines] == [(None, rec)]


def test_a_bare_dinh_ky_before_a_dated_yearly_limit_is_that_limit():
    text = "Các sở, ngành nghiêm túc triển khai thực hiện; định kỳ trước ngày 30 tháng 11 hàng năm báo cáo kết quả.\n"
    assert [(d.due, d.recurrence) for d in vnnq.extract(text).deadlines] == [(None, "yearly")]


def test_a_roadmap_label_sets_the_time_frame():
    text = "Số: 5/KH-UBND\nHà Nội, ngày 01 tháng 3 năm 2025\n- Rà soát quy hoạch.\nLộ trình thực hiện: Năm 2025 - 2026.\n"
    assert [d.due for d in vnnq.extract(text).deadlines] == ["2026"]


def test_an_undated_document_is_no_older_than_what_it_cites():
    # no date line: the limits already past when the latest cited document was signed are history
    text = ("QUYẾT ĐỊNH\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;\n"
            "Căn cứ Quyết định số 12/2024/QĐ-UBND ngày 10 tháng 5 năm 2024 của Ủy ban nhân dân tỉnh;\n"
            "Nhà ở được xây dựng trước năm 1999 và hồ sơ lập đến hết năm 2021 được giữ nguyên.\n"
            "Sở Xây dựng báo cáo kết quả trước ngày 30/6/2026.\n")
    assert [d.due for d in vnnq.extract(text).deadlines] == ["2026-06-30"]


def test_a_labelled_limit_counted_from_the_signing():
    text = ("Số: 5/QĐ-UBND\nBắc Ninh, ngày 17 tháng 11 năm 2025\nGiao Sở Khoa học và Công nghệ xây dựng quy trình "
            "nội bộ. Thời hạn chậm nhất 05 ngày làm việc kể từ ngày ban hành Quyết định.\n")
    assert [(d.text, d.due) for d in vnnq.extract(text).deadlines] == [
        ("Thời hạn chậm nhất 05 ngày làm việc kể từ ngày ban hành", None)]  # working days: no date computed


def test_assignment_sentence_task():
    d = vnnq.extract("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và Sở Tư pháp rà soát, "
                     "báo cáo trước ngày 10/12/2026.")
    (t,) = d.tasks
    assert (t.unit, t.coordinating, t.deadline) == ("Sở Tài chính", ["Sở Nội vụ", "Sở Tư pháp"], "2026-12-10")


def test_unit_section_bullets_are_tasks():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội\n- Tham mưu xây dựng kế hoạch.\n"
            "- Theo dõi, báo cáo kết quả.\n2. Công an phường\n- Bảo đảm an ninh trật tự.\n")
    tasks = vnnq.extract(text).tasks
    assert [(t.unit, t.action) for t in tasks] == [
        ("Phòng Văn hóa - Xã hội", "Tham mưu xây dựng kế hoạch."),
        ("Phòng Văn hóa - Xã hội", "Theo dõi, báo cáo kết quả."),
        ("Công an phường", "Bảo đảm an ninh trật tự."),
    ]


def test_urgency_and_confidentiality_stamps():
    # NĐ 30/2020 Phụ lục I ô 10a/10b: stamps stand alone in the header
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 45/UBND-VX\n"
            "Nghệ An, ngày 02 tháng 12 năm 2025\nHỎA TỐC\nMẬT\nV/v ứng phó bão số 15\nKính gửi: Các sở, ngành.\n"
            "Nội dung khẩn, bảo mật thông tin.\n")
    d = vnnq.extract(text).document
    assert (d.urgency, d.confidentiality) == ("HỎA TỐC", "MẬT")
    assert d.spans["urgency"].start < d.spans["confidentiality"].start


def test_alias_mentions_resolve_to_their_reference():
    text = ("Thực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị (sau đây gọi tắt là Nghị quyết 71). "
            "Các đơn vị quán triệt Nghị quyết 71 đến cán bộ.\n")
    (ref,) = vnnq.extract(text).references
    spans = [(m.start, m.end) for m in ref.mentions]
    assert len(spans) == len(set(spans)) == 3  # the citation, the alias as defined, the alias in use
    assert ref.mentions[0].resolved_from is None and all(m.resolved_from for m in ref.mentions[1:])


def test_window_deadline_is_due_at_its_end():
    d = vnnq.extract("Cao điểm tuyên truyền từ tháng 7/2026 đến tháng 11/2026.")
    assert [(x.due, x.kind) for x in d.deadlines] == [("2026-11", "window")]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le"])
def test_text_encodings(encoding):
    data = "Giao Sở Y tế chủ trì rà soát trước ngày 25/11/2026.".encode(encoding)
    d = vnnq.extract(data, name="x.txt")
    assert d.tasks[0].unit == "Sở Y tế" and d.deadlines[0].due == "2026-11-25"


@pytest.mark.parametrize("caps, written", [
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("BAN THƯỜNG VỤ THÀNH ỦY", "Ban Thường vụ Thành ủy"),
    ("THÀNH ỦY HẢI PHÒNG", "Thành ủy Hải Phòng"),
    ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("PHÒNG VĂN HÓA - XÃ HỘI", "Phòng Văn hóa - Xã hội"),
    ("CÔNG AN PHƯỜNG", "Công an phường"),
    ("ĐẢNG ỦY XÃ AN LƯ", "Đảng ủy xã An Lư"),
    ("ỦY BAN KIỂM TRA TỈNH ỦY", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("BAN CHỈ ĐẠO PHÒNG, CHỐNG THIÊN TAI", "Ban Chỉ đạo phòng, chống thiên tai"),
    ("ĐẢNG CỘNG SẢN VIỆT NAM", "Đảng Cộng sản Việt Nam"),
    ("BỘ TRƯỞNG, CHỦ NHIỆM", "Bộ trưởng, Chủ nhiệm"),
    ("TRƯỞNG BAN GIÁM SÁT QUẢN LÝ", "Trưởng ban Giám sát quản lý"),
    ("Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),  # mixed case is kept
])
def test_names_of_bodies_are_written_as_nd30_appendix_ii_says(caps, written):
    from vnnq.extract.header import unit_case

    assert unit_case(caps) == written


def test_an_issuer_line_ending_in_va_continues():
    d = vnnq.extract("BỘ NÔNG NGHIỆP VÀ\nMÔI TRƯỜNG\nSố: 12/BNNMT-VP\nHà Nội, ngày 01 tháng 11 năm 2025\n"
                     "V/v triển khai\nKính gửi: Ủy ban nhân dân các tỉnh\nĐề nghị các tỉnh thực hiện.\n")
    assert (d.document.issuer, d.document.parent) == ("Bộ Nông nghiệp và Môi trường", None)


@pytest.mark.parametrize("text,issuer", [
    pytest.param("Thực hiện Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương về phát triển khoa học, "
                 "công nghệ, đổi mới sáng tạo và chuyển đổi số về thúc đẩy chuyển đổi số liên thông.",
                 "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                 id="a-committee-named-by-its-field"),
    pytest.param("Căn cứ Kế hoạch số 434/KH-TCT ngày 18/7/2025 của Tổ Công tác triển khai Đề án 06 Chính phủ; ",
                 "Tổ Công tác triển khai Đề án 06 Chính phủ", id="a-working-group-named-by-its-project"),
    pytest.param("Thực hiện Kế hoạch số 02-KH/BCĐTW, ngày 19/6/2025 của Ban Chỉ đạo Trung ương, Ủy ban nhân dân tỉnh "
                 "ban hành Kế hoạch.", "Ban Chỉ đạo Trung ương", id="a-comma-before-the-next-body-ends-it"),
    pytest.param("Căn cứ Nghị quyết số 61/2021/NQ-HĐND ngày 10/12/2021 của Hội đồng nhân dân thành phố Hà Nội về "
                 "bảo đảm chế độ, chính sách.", "Hội đồng nhân dân thành phố Hà Nội", id="a-council-is-no-committee"),
])
def test_issuers_of_committees(text, issuer):
    assert vnnq.extract(text).references[0].issuer == issuer


def test_a_copy_without_its_header_names_itself_in_its_annex():
    text = ("Kính gửi:\n- Các cơ quan tham mưu quản lý nhà nước thuộc Bộ.\n"
            "Thủ tướng Chính phủ đã ban hành Chỉ thị số 33/CT-TTg ngày 06/11/2025 về đẩy mạnh việc thực hiện nhiệm vụ.\n"
            "Bộ Văn hóa, Thể thao và Du lịch yêu cầu các đơn vị thực hiện.\n"
            "1. Thủ trưởng các cơ quan, đơn vị được giao nhiệm vụ\n- Chịu trách nhiệm toàn diện về tiến độ.\n"
            "2. Văn phòng Bộ\n- Theo dõi, đôn đốc các đơn vị.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn Hùng\n"
            "PHỤ LỤC\n(Kèm theo Công văn số 6225/BVHTTDL-VP ngày 18/11/2025 của Bộ Văn hóa, Thể thao và Du lịch)\n")
    d = vnnq.extract(text)
    doc = d.document
    assert (doc.type, doc.number, doc.notation, doc.date) == ("Công văn", "6225", "BVHTTDL-VP", "2025-11-18")
    assert doc.issuer == "Bộ Văn hóa, Thể thao và Du lịch"
    assert [r.code for r in d.references] == ["33/CT-TTg"]  # its own number is no reference
    s = doc.spans["number"]
    assert d.text[s.start:s.end] == "6225/BVHTTDL-VP"


def test_a_document_sent_with_another_is_not_its_annex():
    d = vnnq.extract("Số: 12/UBND-VP\nUBND tỉnh gửi kèm theo Công văn số 45/SYT-NV ngày 02/3/2026 của Sở Y tế.\n")
    assert d.document.code == "12/UBND-VP"
    assert [r.code for r in d.references] == ["45/SYT-NV"]


def test_the_date_span_is_the_date_not_the_line_it_was_joined_to():
    d = vnnq.extract("ỦY BAN NHÂN DÂN\nSố: 12/KH-UBND\nHải Phòng, ngày 05 tháng 3 năm 2026 Về việc triển khai\n"
                     "Giao Sở Y tế thực hiện.\n")
    s = d.document.spans["date"]
    assert (d.document.date, d.text[s.start:s.end]) == ("2026-03-05", "ngày 05 tháng 3 năm 2026")


def test_a_time_frame_written_as_a_span_of_years_is_due_by_its_last_year():
    d = vnnq.extract("1. Sở Y tế\n- Rà soát mạng lưới y tế cơ sở.\n- Thời gian thực hiện: 2025 - 2030.\n")
    assert [(x.due, x.recurrence) for x in d.deadlines] == [("2030", None)]
    assert [(t.unit, t.deadline) for t in d.tasks] == [("Sở Y tế", "2030")]


def test_a_signer_without_prefix_beside_the_noi_nhan_list_before_an_attached_text():
    # NĐ 30/2020 ô 7 with no TM./KT.: "CỤC TRƯỞNG" / the name, then an attached Quy định
    body = "\n\n".join(f"Điều {k}. Nội dung {k} của quy định về ứng xử với người nộp thuế." for k in range(1, 40))
    d = vnnq.extract("QUYẾT ĐỊNH\n\nVề việc ban hành Quy tắc ứng xử\n\nĐiều 1. Ban hành kèm theo Quyết định này "
                     "Quy tắc ứng xử.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nCỤC TRƯỞNG\n\nMai Xuân Thành\n\n"
                     "QUY ĐỊNH\n\nQUY TẮC ỨNG XỬ VỚI NGƯỜI NỘP THUẾ\n\n" + body + "\n")
    assert (d.document.signer.name, d.document.signer.position) == ("Mai Xuân Thành", "Cục trưởng")


def test_a_vv_subject_in_capitals_over_two_lines():
    d = vnnq.extract("CÔNG ĐIỆN\n\nV/V TẬP TRUNG ỨNG\n\nPHÓ VÀ KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI KHU VỰC TRUNG BỘ\n\n"
                     "THỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Chủ tịch Ủy ban nhân dân các tỉnh.\n")
    assert d.document.subject == "TẬP TRUNG ỨNG PHÓ VÀ KHẮC PHỤC HẬU QUẢ MƯA LŨ TẠI KHU VỰC TRUNG BỘ"
    assert d.text[d.document.spans["subject"].start:d.document.spans["subject"].end].endswith("TRUNG BỘ")


def test_a_copy_without_header_that_opens_with_kinh_gui_is_a_cong_van():
    d = vnnq.extract("Kính gửi: Phó Thủ tướng Chính phủ Hồ Đức Phớc.\n\nNgày 26/11/2025, Bộ Tài chính đã có báo cáo "
                     "về dự án Luật Thuế thu nhập cá nhân. Dự án Luật này được trình Quốc hội.\n\nTrân trọng./.\n")
    assert d.document.type == "Công văn"


def test_the_closing_formula_of_a_thong_bao_names_its_writer():
    d = vnnq.extract("THÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG CHÍNH PHỦ TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH\n\n"
                     "Ngày 18 tháng 11 năm 2025, Phó Thủ tướng Chính phủ đã làm việc với lãnh đạo tỉnh Sơn La.\n\n"
                     + "".join(f"{k}. Tỉnh cần tập trung hoàn thành chỉ tiêu thứ {k} của năm 2025.\n\n" for k in range(1, 25))
                     + "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Sơn La và các cơ quan liên quan biết, "
                     "thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    assert d.document.issuer == "Văn phòng Chính phủ"


def _issuers(text: str) -> dict[str, str | None]:
    return {r.code: r.issuer for r in vnnq.extract(text).references}


def test_a_list_of_citations_introduced_by_its_issuer():
    got = _issuers("- Căn cứ các Luật của Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam: Luật Giao dịch điện tử "
                   "số 20/2023/QH15, ngày 22/6/2023; Luật\nCông nghệ thông tin số 67/2006/QH11, ngày 29/6/2006;\n"
                   "Phù hợp với các Quy hoạch đã được Thủ tướng Chính phủ phê duyệt tại các Quyết định: số 36/QĐ-TTg "
                   "ngày 11/01/2024 về quy hoạch hạ tầng; số 1569/QĐ-TTg ngày 12/12/2024 về quy hoạch vùng.\n"
                   "Bãi bỏ các Nghị quyết của Hội đồng nhân dân Thành phố sau đây hết hiệu lực: Nghị quyết số "
                   "15/2013/NQ-HĐND ngày 16/7/2013.\n")
    assert got == {"20/2023/QH15": "Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam",
                   "67/2006/QH11": "Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam",
                   "36/QĐ-TTg": "Thủ tướng Chính phủ", "1569/QĐ-TTg": "Thủ tướng Chính phủ",
                   "15/2013/NQ-HĐND": "Hội đồng nhân dân Thành phố"}


def test_an_issuer_ends_where_a_title_without_ve_begins():
    got = _issuers("16. Quyết định số 52/2002/QĐ-UB ngày 27 tháng 9 năm 2002 của Ủy ban nhân dân tỉnh Bình Phước "
                   "Thành lập trạm y tế xã Đồng Tiến trực thuộc Trung tâm y tế huyện Đồng Phú - tỉnh Bình Phước.\n"
                   "51. Quyết định số 45/2006/QĐ-UB ngày 11 tháng 4 năm 2006 của Ủy ban nhân dân tỉnh Bình Phước "
                   "Bổ sung lĩnh vực cấp Giấy chứng nhận.\n"
                   "52. Công văn số 12/SGTVT-VP ngày 11 tháng 4 năm 2006 của Sở Giao thông vận tải về kế hoạch.\n")
    assert got == {"52/2002/QĐ-UB": "Ủy ban nhân dân tỉnh Bình Phước", "45/2006/QĐ-UB": "Ủy ban nhân dân tỉnh Bình Phước",
                   "12/SGTVT-VP": "Sở Giao thông vận tải"}


@pytest.mark.parametrize("text,due,recurrence", [
    pytest.param("Mật khẩu ở mức quản trị hệ thống phải được thay đổi 03 tháng một lần.\n", None, "quarterly", id="interval-3"),
    pytest.param("Mật khẩu tài khoản người dùng được thay đổi 06 tháng một lần.\n", None, "semiannual", id="interval-6"),
    pytest.param("Lấy mẫu quan trắc với tần suất 2 lần/tháng.\n", None, "periodic", id="frequency"),
    pytest.param("Báo cáo kết quả 01 lần/quý về Sở Tài chính.\n", None, "quarterly", id="once-a-quarter"),
    pytest.param("Các đơn vị hoàn thành ngay trong ngày 20 tháng 11 năm 2025.\n", "2025-11-20", None, id="trong-ngay"),
    pytest.param("Thời gian hoàn thành: Quý III Năm 2026.\n", "2026-09", None, id="quarter-capital-nam"),
])
def test_more_deadline_shapes(text, due, recurrence):
    assert [(x.due, x.recurrence) for x in vnnq.extract(text).deadlines] == [(due, recurrence)]


def test_a_list_of_periods_is_one_recurrence_each():
    d = vnnq.extract("Các cơ quan báo cáo định kỳ hằng tháng, quý, 6 tháng, năm về Sở Dân tộc và Tôn giáo.\n")
    assert sorted(x.recurrence for x in d.deadlines) == ["monthly", "quarterly", "semiannual", "yearly"]


def test_a_signer_name_is_not_joined_to_the_footnote_after_its_table_cell():
    # a web copy: the signer's cell ("|"), an empty bold "** **", then the document's footnotes
    d = vnnq.extract("Kính gửi: Sở Y tế.\n\n|\n*Nơi nhận:*\n- Như trên;\n- Lưu: VT.\n|\n**THỦ TƯỚNG**\nPhạm Minh Chính\n|\n"
                     "** **\n[1]\nBộ Chính trị phân công 4 đồng chí.\n".encode(), name="x.md")
    assert (d.document.signer.name, d.document.signer.position) == ("Phạm Minh Chính", "Thủ tướng")


def test_an_authority_name_wrapping_onto_the_position_line():
    d = vnnq.extract("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTL. CỤC TRƯỞNG\n\nKT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ\n\n"
                     "VỀ HQ PHÓ TRƯỞNG BAN\n\nNguyễn Bắc Hải\n")
    s = d.document.signer
    assert (s.name, s.position) == ("Nguyễn Bắc Hải", "Phó Trưởng ban")
    assert s.authority.lower().endswith("về hq")


def test_a_thong_bao_without_header_is_written_by_its_closing_formula_not_the_leader():
    d = vnnq.extract("THÔNG BÁO\n\nKết luận của Thủ tướng Chính phủ tại cuộc họp về khắc phục hậu quả mưa lũ\n\n"
                     "Thủ tướng Chính phủ kết luận như sau:\n\n1. Các Bộ khẩn trương hỗ trợ Nhân dân.\n\n"
                     "Văn phòng Chính phủ thông báo để các Bộ, cơ quan, địa phương liên quan biết, thực hiện./.\n")
    assert d.document.issuer == "Văn phòng Chính phủ"


def test_a_type_named_once_in_a_quoted_provision_is_not_the_documents():
    # a web article quoting NĐ 30/2020: its "Nghị định này" is the decree's, not the article's
    d = vnnq.extract("Bản tường trình cần tuân thủ theo thể thức như thế nào?\n\nBản tường trình cần bảo đảm thể thức "
                     "theo Điều 8 Nghị định 30/2020/NĐ-CP quy định như sau:\n\n4. Thể thức văn bản hành chính được "
                     "thực hiện theo quy định tại Phụ lục I Nghị định này.\n")
    assert d.document.type is None
    d = vnnq.extract("Triển khai nội dung Công văn này, các phòng rà soát hồ sơ.\n\n"
                     "Công văn này thay thế các hướng dẫn trước đây.\n")
    assert d.document.type == "Công văn"


@pytest.mark.parametrize("text", [
    "Trường hợp thuê đất trả tiền thuê hằng năm thì áp dụng đơn giá mới.\n",  # a way of paying (Luật Đất đai)
    "4. Nguồn kinh phí: Sử dụng ngân sách địa phương được giao hàng năm theo phân cấp quản lý.\n",  # a budget's
    "Xử lý nghiêm các vi phạm gắn với công tác thi đua khen thưởng hàng năm của đơn vị.\n",  # an activity's kind
    "7. Phạt tiền từ 6.000.000 đồng đến 9.000.000 đồng đối với hành vi không tổ chức bồi dưỡng nghiệp vụ "
    "phòng cháy, chữa cháy hằng năm.\n",  # the violation a penalty describes
    "Đơn vị đăng kiểm được thu 100% giá cụ thể dịch vụ kiểm tra hàng năm.\n",  # the name of a service
    "1. Thời gian hoạt động của các đại lý Internet từ 7 giờ 00 phút đến 22 giờ 00 phút hàng ngày.\n",  # opening hours
    "1. 0,5 lần quỹ lương cơ bản để chi thu nhập tăng thêm hằng tháng cho cán bộ, công chức.\n",  # an income
    "Thủ trưởng đơn vị cụ thể hóa phương án chi đối với công chức được đánh giá, xếp loại hằng năm.\n",  # a rating
])
def test_a_period_that_is_no_duty_is_no_deadline(text):
    assert vnnq.extract(text).deadlines == []


def test_a_bare_dinh_ky_whose_period_is_in_brackets_is_one_deadline():
    d = vnnq.extract("1. Định kỳ (trước ngày 30 tháng 6 hằng năm), Ủy ban nhân dân cấp xã có trách nhiệm rà soát "
                     "danh mục dự án.\n")
    assert [(x.text, x.recurrence) for x in d.deadlines] == [("hằng năm", "yearly")]


def test_reference_issuers_as_written_in_citations():
    d = vnnq.extract("Căn cứ Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ "
                     "hướng dẫn về nghiệp vụ kiểm soát thủ tục hành chính;\n"
                     "Căn cứ các Công văn của Bộ Tài chính số 3910/BTC-QLG ngày 04 tháng 4 năm 2018 về công bố giá cơ sở, "
                     "số 367/BTC-QLG ngày 06 tháng 4 năm 2018 về tính giá cơ sở;\n"
                     "Quyết định số 0151/QĐ-UBND ngày 15/01/2025 của Chủ tịch UBND tỉnh hết hiệu lực kể từ ngày ký.\n")
    assert {r.code: r.issuer for r in d.references} == {
        "02/2017/TT-VPCP": "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ", "3910/BTC-QLG": "Bộ Tài chính",
        "367/BTC-QLG": "Bộ Tài chính", "0151/QĐ-UBND": "Chủ tịch UBND tỉnh"}


def test_cyrillic_look_alikes_in_a_code_are_read_as_latin():
    # a web copy typed "NĐ-СР" with a Cyrillic С and Р: the same decree as "NĐ-CP"
    d = vnnq.extract("Căn cứ Nghị định số 137/2020/NĐ-\u0421\u0420 ngày 27/11/2020 của Chính phủ; Nghị định số "
                     "137/2020/NĐ-CP quy định chi tiết.\n")
    assert [r.code for r in d.references] == ["137/2020/NĐ-CP"]


@pytest.mark.parametrize("line,text,due", [
    # "không muộn hơn" (no later than), an hour written "15 giờ 00’"
    ("Điều chỉnh giá bán: không muộn hơn 15 giờ 00’ ngày 04 tháng 12 năm 2025 đối với mặt hàng giảm giá.",
     "không muộn hơn 15 giờ 00’ ngày 04 tháng 12 năm 2025", "2025-12-04"),
    # a weekday between the cue and the date
    ("Báo cáo kết quả thực hiện về Bộ Nội vụ trước Thứ Tư ngày 03/12/2025.", "trước Thứ Tư ngày 03/12/2025",
     "2025-12-03"),
])
def test_deadline_cues_as_directives_write_them(line, text, due):
    d = vnnq.extract("Số: 15/KH-UBND\nHà Nội, ngày 01 tháng 12 năm 2025\n" + line + "\n")
    assert [(x.text, x.due) for x in d.deadlines] == [(text, due)]


def test_a_time_frame_with_no_end_is_no_deadline():
    d = vnnq.extract("Số: 15/QĐ-TTg\nHà Nội, ngày 29 tháng 11 năm 2025\n1. Tuyên truyền về bảo vệ dữ liệu cá nhân\n"
                     "- Cơ quan chủ trì: Bộ Công an.\n- Thời gian thực hiện: năm 2025 và các năm tiếp theo.\n"
                     "2. Rà soát văn bản\n- Cơ quan chủ trì: Bộ Tư pháp.\n- Thời gian thực hiện: năm 2026.\n")
    assert [(x.text, x.due) for x in d.deadlines] == [("Thời gian thực hiện: năm 2026", "2026")]


def test_the_span_of_the_whole_plan_is_no_deadline():
    d = vnnq.extract("Số: 15/KH-UBND\nHà Nội, ngày 29 tháng 11 năm 2025\n3. Thời gian thực hiện Chương trình: Từ năm "
                     "2025 đến hết năm 2030.\n4. Sở Y tế báo cáo kết quả trước ngày 15/12/2025.\n")
    assert [(x.text, x.due) for x in d.deadlines] == [("trước ngày 15/12/2025", "2025-12-15")]


@pytest.mark.parametrize("text, lines", [
    # an article's title stands on its own line, before the first sentence of the article
    ("Điều 8. Trách nhiệm của Sở Nội vụ\nSở Nội vụ có trách nhiệm:\n",
     ["Điều 8. Trách nhiệm của Sở Nội vụ", "Sở Nội vụ có trách nhiệm:"]),
    # a title wrapped before the name it needs is one line
    ("Điều 8. Trách nhiệm của\nSở Nội vụ\n", ["Điều 8. Trách nhiệm của Sở Nội vụ"]),
    # an article that is one sentence wraps like any sentence
    ("Điều 3. Giao\nSở Dân tộc và Tôn giáo chủ trì thực hiện.\n", ["Điều 3. Giao Sở Dân tộc và Tôn giáo chủ trì thực hiện."]),
])
def test_an_articles_title_is_not_joined_to_the_first_sentence(text, lines):
    assert normalize(read_text(text)).text.split("\n") == lines


@pytest.mark.parametrize("text,due", [
    ("Thời gian: 01 buổi sáng, ngày 26/11/2025.\n", None),  # a conference's session
    ("Thời gian: 08 giờ 00 ngày 30/11/2025.\n", None),  # a meeting's hour
    ("Thời gian: trước ngày 15/12/2025.\n", "2025-12-15"),  # a limit under the same label
    ("Thời gian thực hiện: Tháng 12/2025.\n", "2025-12"),
])
def test_the_time_an_event_is_held_is_no_deadline(text, due):
    dues = [d.due for d in vnnq.extract(text).deadlines]
    assert dues == ([due] if due else [])


@pytest.mark.parametrize("opening,issuer", [
    ("Cục Thuế nhận được công văn số 0909/2025/TAEK/CT ngày 9/9/2025 của Công ty TNHH TKG về việc nộp thuế.",
     "Cục Thuế"),
    ("Trả lời công văn số 13/CV-FDI ngày 13/11/2025 của Chi nhánh Công ty F.D.I, Cục Hải quan có ý kiến như sau:",
     "Cục Hải quan"),
    ("Để hoàn thành cắt giảm thủ tục hành chính, Bộ Văn hóa, Thể thao và Du lịch yêu cầu các đơn vị thực hiện.",
     "Bộ Văn hóa, Thể thao và Du lịch"),
])
def test_a_copy_without_a_header_names_its_issuer_in_its_opening(opening, issuer):
    d = vnnq.extract("Kính gửi: Công ty TNHH TKG Taekwang Cần Thơ.\n" + opening + "\n1. Về nội dung này.\n")
    assert d.document.issuer == issuer
