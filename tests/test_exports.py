"""Outputs a person can open: the review page, the calendar, edXML metadata."""

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


def test_review_page_highlights_every_kind_and_links_back():
    d = vnnq.extract(PLAN)
    page = render("html", [d])
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page
    assert not re.search(r"(?:src|href)=\"https?://", page)  # offline: nothing fetched
    kinds = set(re.findall(r'<mark class="(\w+)"', page))
    assert {"reference", "deadline", "unit", "header"} <= kinds
    # every highlight links to a field that exists on the page
    for anchor in set(re.findall(r'<a href="#([\w.-]+)" id="at-', page)):
        assert f'id="{anchor}"' in page, anchor
    assert "Phòng Văn hóa - Xã hội" in page and "Nghị quyết số 71-NQ/TW" in page


def test_calendar_has_dated_and_recurring_deadlines():
    d = vnnq.extract(PLAN)
    ics = render("ics", [d])
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261130" in ics
    assert "RRULE:FREQ=MONTHLY;INTERVAL=3" in ics
    assert "12/KH-UBND" in ics.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


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
    from PIL import Image

    exe = _chromium()
    page = tmp_path / "review.html"
    page.write_text(render("html", [vnnq.extract(PLAN)]), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1200"]
    shot = tmp_path / "review.png"
    r = subprocess.run([exe, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000, r.stderr[-500:]
    # the highlights render: each kind's background colour is on the screen
    img = Image.open(shot).convert("RGB")
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20)}
    for kind, rgb in (("reference", (0xCF, 0xE3, 0xFF)), ("deadline", (0xFF, 0xD1, 0xCF)),
                      ("unit", (0xD4, 0xF5, 0xD0)), ("header", (0xFF, 0xF2, 0xB3))):
        assert rgb in colours, kind
    # the Vietnamese text comes out of the browser intact
    dom = subprocess.run([exe, *flags, "--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout
    dom = dom.decode("utf-8")
    for s in ("Phòng Văn hóa - Xã hội", "Nghị quyết số 71-NQ/TW", "Thủy Nguyên", "Bùi Văn Biên"):
        assert s in dom, s
