"""The clerk's task list: `vnnq tasks` as table, CSV, XLSX and JSON, filtered by unit."""

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
WARD_PLAN = ROOT / "corpus" / "seeds" / "004_a4acfd5417d7c047.txt"
DATED = ("ỦY BAN NHÂN DÂN\nPHƯỜNG THỦY NGUYÊN\nSố: 12/KH-UBND\nThủy Nguyên, ngày 05 tháng 3 năm 2026\n"
         "KẾ HOẠCH\nVề tuyên truyền\n1. Phòng Văn hóa - Xã hội\n"
         "- Tổ chức tuyên truyền, hoàn thành trước ngày 30/11/2026.\n")


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "vnnq.cli", "tasks", *args], capture_output=True, text=True,
                          env=env)


def test_table_groups_tasks_under_their_unit():
    r = run(str(WARD_PLAN))
    assert r.returncode == 0, r.stderr
    assert "== Phòng Văn hóa - Xã hội" in r.stdout
    assert "thời hạn:" in r.stdout


def test_unit_filter_accepts_any_spelling():
    a = run(*map(str, SEEDS), "--unit", "Phòng VH-XH", "--format", "json")
    b = run(*map(str, SEEDS), "--unit", "phòng văn hóa - xã hội", "--format", "json")
    assert a.returncode == 0, a.stderr
    rows = json.loads(a.stdout)
    assert rows and rows == json.loads(b.stdout)
    assert {row["unit"] for row in rows} == {"Phòng Văn hóa - Xã hội"}


def test_csv_has_the_slip_columns():
    r = run(str(WARD_PLAN), "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:8] == ["STT", "Đơn vị", "Vai trò", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                           "Thời hạn", "Loại nhiệm vụ"]
    assert "Văn bản nguồn" in rows[0] and "Trang" in rows[0]
    assert len(rows) > 5 and all(len(row) == len(rows[0]) for row in rows)


def test_xlsx_per_document(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "nhiem-vu.xlsx"
    dated = tmp_path / "ke-hoach.txt"
    dated.write_text(DATED, encoding="utf-8")
    r = run(*map(str, SEEDS), str(dated), "--format", "xlsx", "--output", str(out))
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == len(SEEDS) + 1
    assert "12-KH-UBND" in wb.sheetnames  # the sheet is named by the document's number
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.cell(1, 4).value == "Nhiệm vụ"
        assert ws.column_dimensions["D"].width >= 50
    # Vietnamese text intact, dates as real dates
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row]
    assert any(isinstance(v, str) and "Ủy ban nhân dân" in v for v in values)
    assert dt.datetime(2026, 11, 30) in values and dt.datetime(2026, 3, 5) in values


def test_xlsx_combined(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "all.xlsx"
    r = run(*map(str, SEEDS), "--format", "xlsx", "--output", str(out), "--sheets", "combined")
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Nhiệm vụ"]
    assert wb.active.max_row > 50


def test_xlsx_needs_an_output_file():
    r = run(str(WARD_PLAN), "--format", "xlsx")
    assert r.returncode == 2 and "--output" in r.stderr


def test_a_bad_file_is_reported_and_the_rest_listed(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    r = run(str(bad), str(WARD_PLAN))
    assert r.returncode == 1
    assert "bad.pdf" in r.stderr and "Traceback" not in r.stderr
    assert "== Phòng Văn hóa - Xã hội" in r.stdout


def test_xlsx_takes_control_characters(tmp_path):
    """XML forbids control characters: they are replaced, not a crash (found by schemathesis)."""
    openpyxl = pytest.importorskip("openpyxl")
    import vnnq
    from vnnq.export import render

    d = vnnq.extract("Giao Sở Y tế chủ trì tổ chức \x08 kiểm tra \x01 các cơ sở.\n", name="a\x01b")
    out = tmp_path / "x.xlsx"
    render("xlsx", [d], path=out)
    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and "\ufffd" in v for v in cells)
