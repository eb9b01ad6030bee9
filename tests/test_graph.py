"""`vnnq graph`: the implementation tree read from a real archive index."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vnnq.archive.graph import implementation_tree, to_dot, to_html, to_json, to_text
from vnnq.archive.index import IndexSettings, index_archive, open_index


def _doc(issuer: str, number: str, kind: str, date: str, cites: list[str], duties: list[str]) -> str:
    d, m, y = date.split("/")
    body = [f"{issuer.upper()}", f"Số: {number}", f"Hải Phòng, ngày {d} tháng {m} năm {y}", kind.upper(),
            "Triển khai thực hiện chuyển đổi số", ""]
    for c in cites:
        body.append(f"Thực hiện {c}, {issuer} ban hành {kind} như sau:")
        body.append("")
    body.append("I. TỔ CHỨC THỰC HIỆN")
    body.append("")
    for i, unit in enumerate(duties, 1):
        body += [f"{i}. {unit}", "", "- Chủ trì tham mưu triển khai thực hiện nội dung được giao.", ""]
    return "\n".join(body) + "\n"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    docs = {
        # the central document itself is not in the archive
        "ct-tu.txt": _doc("Ban Thường vụ Thành ủy", "02-CTr/TU", "Chương trình", "10/10/2025",
                          ["Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị"], ["Ban Tuyên giáo Thành ủy"]),
        "kh-so.txt": _doc("Sở Giáo dục và Đào tạo", "120/KH-SGDĐT", "Kế hoạch", "01/11/2025",
                          ["Chương trình số 02-CTr/TU ngày 10/10/2025 của Ban Thường vụ Thành ủy"],
                          ["Phòng Giáo dục Mầm non", "Phòng Giáo dục Tiểu học"]),
        "kh-phuong.txt": _doc("Ủy ban nhân dân phường Thủy Nguyên", "45/KH-UBND", "Kế hoạch", "05/12/2025",
                              ["Kế hoạch số 120/KH-SGDĐT ngày 01/11/2025 của Sở Giáo dục và Đào tạo",
                               "Chương trình số 02-CTr/TU ngày 10/10/2025 của Ban Thường vụ Thành ủy"],
                              ["Phòng Văn hóa - Xã hội"]),
        # the same code from another issuer, citing nothing of the tree
        "kh-khac.txt": _doc("Ủy ban nhân dân xã An Lư", "45/KH-UBND", "Kế hoạch", "01/03/2026", [],
                            ["Công an xã"]),
        "cv-khac.txt": _doc("Ủy ban nhân dân xã An Lư", "46/UBND-VP", "Công văn", "02/03/2026",
                            ["Kế hoạch số 45/KH-UBND ngày 01/3/2026 của Ủy ban nhân dân xã An Lư"], ["Công an xã"]),
    }
    for name, text in docs.items():
        (root / name).write_text(text, encoding="utf-8")
    db = root / "archive.sqlite"
    index_archive([root], db, IndexSettings(workers=1))
    return db


def test_the_tree_follows_the_citations_down(archive):
    conn = open_index(archive, readonly=True)
    tree = implementation_tree(conn, "71-NQ/TW")
    assert tree.doc_id is None and tree.code == "71-NQ/TW"  # cited, not in the archive
    assert tree.issuer == "Bộ Chính trị" and tree.date == "2025-08-22"
    (ct,) = tree.children
    assert ct.code == "02-CTr/TU" and ct.issuer.lower() == "ban thường vụ thành ủy"
    assert [c.code for c in ct.children] == ["120/KH-SGDĐT", "45/KH-UBND"]
    kh_so, kh_phuong = ct.children
    assert kh_so.task_count == 2
    # the ward's plan cites both the Sở's plan and the programme: shown once more, not expanded again
    assert [(c.code, c.issuer.lower(), c.cycle) for c in kh_so.children] == [
        ("45/KH-UBND", "ủy ban nhân dân phường thủy nguyên", True)]
    assert tree.count() == 5


def test_a_code_shared_by_two_issuers_links_nothing_by_guess(archive):
    conn = open_index(archive, readonly=True)
    tree = implementation_tree(conn, "45/KH-UBND")
    # two documents have this code: the root stays the code, and its children are
    # whatever cites the code, never the other issuer's citations of its own plan taken for ours
    assert tree.doc_id is None
    assert {c.code for c in tree.children} == {"46/UBND-VP"}


def test_renderings(archive):
    conn = open_index(archive, readonly=True)
    tree = implementation_tree(conn, "02-CTr/TU")
    assert tree.doc_id is not None
    text = to_text(tree)
    assert text.splitlines()[0].startswith("02-CTr/TU")
    assert "├── 120/KH-SGDĐT" in text and "└── 45/KH-UBND" in text
    data = json.loads(to_json(tree))
    assert [c["code"] for c in data["children"]] == ["120/KH-SGDĐT", "45/KH-UBND"]
    dot = to_dot(tree)
    assert dot.startswith("digraph") and dot.count("->") == 3
    page = to_html(tree)
    assert "<script" not in page and "02-CTr/TU" in page and "120/KH-SGDĐT" in page


def test_graph_command(archive, tmp_path):
    out = tmp_path / "tree.html"
    run = subprocess.run([sys.executable, "-m", "vnnq.cli", "graph", "71-NQ/TW", "--db", str(archive)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("71-NQ/TW") and "02-CTr/TU" in run.stdout
    run = subprocess.run([sys.executable, "-m", "vnnq.cli", "graph", "02-CTr/TU", "--db", str(archive),
                          "--format", "html", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "45/KH-UBND" in out.read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "vnnq.cli", "graph", "71-NQ/TW", "--db", str(tmp_path / "none.sqlite")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "Traceback" not in run.stderr and run.stderr.count("\n") == 1
