"""Outputs a person can open: the review page, the calendar, edXML metadata."""

import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import vnnq
from vnnq.export import render

ROOT = Path(__file__).resolve().parent.parent
PLAN = ("ỦY BAN NHÂN DÂN\nPHƯỜNG THỦY NGUYÊN\nSố: 12/KH-UBND\nThủy Nguyên, ngày 05 tháng 3 năm 2026\n"
        "KẾ HOẠCH\nVề tuyên truyền Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị\n"
        "1. Phòng Văn hóa - Xã hội\n- Tổ chức tuyên truyền, hoàn thành trước ngày 30/11/2026.\n"
        "- Báo cáo kết quả định kỳ hằng quý về Ủy ban nhân dân phường.\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nBùi Văn Biên\n")


def _marks(page: str) -> dict[str, list[str]]:
    """The highlighted texts of the page by kind (the legend's marks carry no data-kind)."""
    out: dict[str, list[str]] = {}
    for kind, text in re.findall(r'<mark class="\w+" data-kind="(\w+)" title="\w+">(.*?)</mark>', page, re.S):
        out.setdefault(kind, []).append(html.unescape(text))
    return out


def test_review_page_highlights_every_kind_and_links_back():
    d = vnnq.extract(PLAN)
    page = render("html", [d])
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page
    assert not re.search(r"(?:src|href)=\"https?://", page)  # offline: nothing fetched
    marks = _marks(page)
    assert set(marks) == {"header", "signer", "reference", "unit", "deadline", "date"}
    assert "Nghị quyết số 71-NQ/TW" in marks["reference"]  # inside the subject, still its own mark
    assert "ngày 22/8/2025" in marks["date"]
    assert "Phòng Văn hóa - Xã hội" in marks["unit"]
    assert any("Bùi Văn Biên" in m for m in marks["signer"])
    # every highlight links to a field that exists on the page, and every field link lands on the text
    for anchor in set(re.findall(r'<a href="#([\w.-]+)"(?: id="at-[^"]*")?><mark', page)):
        assert f'id="{anchor}"' in page, anchor
    for target in set(re.findall(r'<a href="#(at-[^"]+)">', page)):
        assert f'id="{target}"' in page, target
    # the text itself is whole under the marks
    body = page[page.index('<pre class="doc">') + len('<pre class="doc">'):page.index("</pre>")]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == d.text


def test_review_page_summary_card_and_tasks_grouped_by_unit():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 45/UBND-VX\nNam Định, ngày 10 tháng 4 năm 2026\n"
            "V/v triển khai tiêm chủng\nKính gửi: Sở Y tế; Sở Giáo dục và Đào tạo.\n"
            "1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức tiêm chủng, hoàn thành trước ngày 30/6/2026.\n"
            "2. Giao Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Y tế tuyên truyền trong trường học.\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn C\n")
    d = vnnq.extract(text)
    page = render("html", [d])
    card = page[page.index("<h2>Thông tin văn bản</h2>"):page.index("<h2>Nhiệm vụ")]
    for label, value in (("Số, ký hiệu", "45/UBND-VX"), ("Ngày ban hành", "2026-04-10"),
                         ("Người ký", "Trần Văn C")):
        assert re.search(rf"<th>{label}</th><td>[^<]*{re.escape(value)}", card), label
    tasks = page[page.index("<h2>Nhiệm vụ"):page.index("<h2>Thời hạn")]
    groups = re.findall(r'<td class="unit" colspan="5">([^<]+)', tasks)
    assert any("Sở Y tế" in g for g in groups) and any("Sở Giáo dục" in g for g in groups)
    # Sở Y tế leads one task and helps with the other: both listed under its group
    yte = tasks.split('<tr class="unit-group">')[[i for i, g in enumerate(tasks.split('<tr class="unit-group">'))
                                                 if "Sở Y tế" in g.split("</td>")[0]][0]]
    assert "chủ trì" in yte and "phối hợp" in yte
    # the coordinating unit is highlighted where it is written too
    assert "Sở Tài chính" in _marks(page)["unit"]


def test_calendar_has_dated_and_recurring_deadlines():
    d = vnnq.extract(PLAN)
    ics = render("ics", [d])
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261130" in ics
    assert "RRULE:FREQ=MONTHLY;INTERVAL=3" in ics
    unfolded = ics.replace("\r\n ", "")
    assert "12/KH-UBND" in unfolded
    # the description names the task and the document
    event = unfolded[unfolded.index("DTSTART;VALUE=DATE:20261130"):]
    desc = re.search(r"DESCRIPTION:(.*)", event[:event.index("END:VEVENT")]).group(1)
    assert "Tổ chức tuyên truyền" in desc and "12/KH-UBND" in desc
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_weekly_and_daily_duties_recur_in_the_calendar():
    text = ("Số: 7/UBND-VP\nHà Nội, ngày 02 tháng 3 năm 2026\n"
            "Giao Văn phòng tổng hợp, báo cáo hằng tuần về Ủy ban nhân dân phường.\n"
            "Giao Công an phường trực ban hàng ngày trong dịp Tết.\n")
    d = vnnq.extract(text)
    assert [(x.recurrence, x.every) for x in d.deadlines] == [("periodic", "week"), ("periodic", "day")]
    ics = render("ics", [d])
    assert "RRULE:FREQ=WEEKLY" in ics and "RRULE:FREQ=DAILY" in ics
    assert "DTSTART;VALUE=DATE:20260302" in ics


def test_edxml_metadata_names():
    d = vnnq.extract(PLAN)
    root = ET.fromstring(render("edxml", [d]).encode("utf-8"))
    h = root.find("edXMLHeader/MessageHeader")
    assert h.findtext("Code/CodeNumber") == "12"
    assert h.findtext("Code/CodeNotation") == "KH-UBND"
    assert h.findtext("PromulgationInfo/PromulgationDate") == "2026/03/05"
    assert h.findtext("PromulgationInfo/Place") == "Thủy Nguyên"
    assert h.findtext("DocumentType/TypeName") == "Kế hoạch"
    assert h.findtext("SignerInfo/FullName") == "Bùi Văn Biên"
    assert h.findtext("DueDate") == "2026/11/30"
    assert h.findtext("OtherInfo/Priority") == "0"


def test_edxml_subject_recipients_and_places():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 45/UBND-VX\nNam Định, ngày 10 tháng 4 năm 2026\n"
            "V/v triển khai tiêm chủng\nKính gửi: Sở Y tế.\n"
            "1. Giao Sở Y tế chủ trì tổ chức tiêm chủng, hoàn thành trước ngày 30/6/2026.\n"
            "Nơi nhận:\n- Như trên;\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, VX.\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn C\n")
    h = ET.fromstring(render("edxml", [vnnq.extract(text)]).encode("utf-8")).find("edXMLHeader/MessageHeader")
    assert h.findtext("Subject") == "triển khai tiêm chủng"
    assert [e.text for e in h.findall("To/OrganName")] == ["Sở Y tế"]
    assert [e.text for e in h.findall("ToPlaces/Place")] == ["Như trên", "Chủ tịch UBND tỉnh"]
    assert h.findtext("From/OrganName") and h.findtext("SignerInfo/Position") == "Chủ tịch"
    assert h.findtext("DueDate") == "2026/06/30"


def test_edxml_response_for_is_the_document_answered_not_every_citation():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 46/UBND-VX\nNam Định, ngày 10 tháng 4 năm 2026\n"
            "V/v trả lời kiến nghị\nKính gửi: Sở Y tế.\n"
            "Phúc đáp Công văn số 123/SYT-NVY ngày 02/4/2026 của Sở Y tế, căn cứ Nghị định số "
            "30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ, Ủy ban nhân dân tỉnh có ý kiến như sau.\n")
    h = ET.fromstring(render("edxml", [vnnq.extract(text)]).encode("utf-8")).find("edXMLHeader/MessageHeader")
    assert [e.findtext("Code") for e in h.findall("ResponseFor")] == ["123/SYT-NVY"]
    assert h.find("ResponseFor").findtext("PromulgationDate") == "2026/04/02"


def test_edxml_priority_of_an_urgent_document():
    for stamp, code in (("KHẨN", "1"), ("THƯỢNG KHẨN", "2"), ("HỎA TỐC", "3")):
        d = vnnq.extract(PLAN.replace("Số: 12/KH-UBND\n", f"{stamp}\nSố: 12/KH-UBND\n"))
        assert d.document.urgency, stamp
        root = ET.fromstring(render("edxml", [d]).encode("utf-8"))
        assert root.findtext("edXMLHeader/MessageHeader/OtherInfo/Priority") == code, stamp


def test_extract_writes_every_format(tmp_path):
    src = tmp_path / "ke-hoach.txt"
    src.write_text(PLAN, encoding="utf-8")
    run_env = dict(os.environ, PYTHONPATH=str(ROOT))
    for fmt in ("html", "csv", "edxml", "ics", "xlsx"):
        out = tmp_path / f"o.{fmt}"
        r = subprocess.run([sys.executable, "-m", "vnnq.cli", "extract", str(src), "--format", fmt, "-o", str(out)],
                           capture_output=True, text=True, env=run_env)
        assert r.returncode == 0, (fmt, r.stderr)
        assert out.stat().st_size > 100, fmt


def _chromium():
    import shutil
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        import pytest
        pytest.skip("chromium is not installed (scripts/install.sh installs it)")
    return exe


def test_review_page_renders_in_headless_chromium(tmp_path):
    """Screenshots of the page and of the same page with its highlights turned
    off: each kind's colour covers more of the screen with them (the legend
    shows every colour in both), and the Vietnamese text comes out whole."""
    from PIL import Image

    exe = _chromium()
    page = render("html", [vnnq.extract(PLAN)])
    plain = re.sub(r'<mark class="\w+" data-kind=', '<mark class="off" data-kind=', page)
    assert plain != page
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1200"]

    def colours(name: str, content: str) -> dict:
        f = tmp_path / f"{name}.html"
        f.write_text(content, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        r = subprocess.run([exe, *flags, f"--screenshot={shot}", f.as_uri()], capture_output=True, timeout=120)
        assert shot.exists() and shot.stat().st_size > 10_000, r.stderr[-500:]
        return {c: n for n, c in Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 22)}

    lit, off = colours("review", page), colours("plain", plain)
    for kind, rgb in (("reference", (0xCF, 0xE3, 0xFF)), ("deadline", (0xFF, 0xD1, 0xCF)),
                      ("unit", (0xD4, 0xF5, 0xD0)), ("header", (0xFF, 0xF2, 0xB3)),
                      ("signer", (0xF3, 0xDD, 0xFF)), ("date", (0xE6, 0xE6, 0xE6))):
        assert lit.get(rgb, 0) > off.get(rgb, 0), kind
    # the Vietnamese text comes out of the browser intact
    f = tmp_path / "review.html"
    dom = subprocess.run([exe, *flags, "--dump-dom", f.as_uri()], capture_output=True, timeout=120).stdout
    dom = dom.decode("utf-8")
    for s in ("Phòng Văn hóa - Xã hội", "Nghị quyết số 71-NQ/TW", "Thủy Nguyên", "Bùi Văn Biên"):
        assert s in dom, s


def test_calendar_text_holds_no_control_characters():
    # a document copied with stray controls (vertical tab, bell, escape, a lone CR): RFC 5545
    # allows none but HTAB in a TEXT value, and a calendar program may refuse the whole file
    d = vnnq.extract("Số: 12/KH-UBND\nV/v rà soát\x07 hồ sơ\x1b\n\nGiao Sở Tài chính rà soát\x0b hồ sơ\x07 trước "
                     "ngày 30/11/2026.\n")
    ics = render("ics", [d])
    assert "DTSTART;VALUE=DATE:20261130" in ics
    assert not [c for c in ics if (ord(c) < 32 and c not in "\r\n") or c == "\x7f"]
    assert "\r" not in ics.replace("\r\n", "")
