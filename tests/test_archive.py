"""The archive index (vnnq index / search / export, GET /v1/search): real files, a real SQLite
index, real worker processes, a real Dask LocalCluster on 127.0.0.1 and the real HTTP server."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from vnnq.archive.export import TABLES, export_parquet
from vnnq.archive.index import IndexSettings, index_archive, open_index
from vnnq.archive.keys import fold
from vnnq.archive.search import Query, search

ROOT = Path(__file__).resolve().parent.parent
DEV = sorted((ROOT / "corpus" / "dev").glob("*.md"))

# two directives of one commune's Party committee: A cites B (and 71-NQ/TW, not in the archive)
PLAN_A = """ĐẢNG BỘ TỈNH KHÁNH HÒA
ĐẢNG ỦY XÃ CAM HẢI
*
Số: 45-KH/ĐU
Cam Hải, ngày 05 tháng 10 năm 2026
KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 07-CT/ĐU ngày 12/9/2026 của Đảng ủy xã về chuyển đổi số

Thực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị và Chỉ thị số 07-CT/ĐU ngày 12/9/2026 của \
Đảng ủy xã, Ban Thường vụ Đảng ủy xã xây dựng kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Quán triệt sâu sắc các chủ trương của Đảng về chuyển đổi số trong toàn Đảng bộ.
II. NHIỆM VỤ
1. Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với Văn phòng Đảng ủy tổ chức tuyên truyền, hoàn thành trước \
ngày 30/11/2026.
2. Ủy ban nhân dân xã chỉ đạo rà soát hạ tầng số, báo cáo kết quả trước ngày 15/12/2026.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn An
"""
DIRECTIVE_B = """ĐẢNG BỘ TỈNH KHÁNH HÒA
ĐẢNG ỦY XÃ CAM HẢI
*
Số: 07-CT/ĐU
Cam Hải, ngày 12 tháng 9 năm 2026
CHỈ THỊ
Về tăng cường lãnh đạo công tác bảo vệ rừng

Ban Thường vụ Đảng ủy yêu cầu các chi bộ tăng cường công tác bảo vệ rừng.
1. Ủy ban nhân dân xã chủ trì kiểm tra các khu rừng, báo cáo trước ngày 20/10/2026.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn An
"""
# the same code a year earlier: a citation dated 12/9/2026 is not to it
DIRECTIVE_B_2025 = DIRECTIVE_B.replace("năm 2026", "năm 2025").replace("20/10/2026", "20/10/2025")

SETTINGS = IndexSettings(workers=2)


def _docx(path: Path, text: str) -> None:
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    d.save(path)


def make_archive(root: Path, n_dev: int = 4) -> Path:
    """corpus files, the two directives above (B in a subfolder, as DOCX), a broken PDF,
    an office lock file (ignored)."""
    arc = root / "archive"
    (arc / "2026" / "chi-thi").mkdir(parents=True)
    for p in DEV[:n_dev]:
        shutil.copy(p, arc / p.name)
    (arc / "2026" / "ke-hoach-45.txt").write_text(PLAN_A, encoding="utf-8")
    _docx(arc / "2026" / "chi-thi" / "chi-thi-07.docx", DIRECTIVE_B)
    (arc / "2026" / "hong.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, no xref\n")
    (arc / "2026" / "~$chi-thi-07.docx").write_bytes(b"owner file")
    return arc


def count(conn, table, where="1", params=()):
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """One archive indexed once, for the queries."""
    tmp = tmp_path_factory.mktemp("idx")
    arc = make_archive(tmp, n_dev=6)
    db = tmp / "archive.sqlite"
    prog = index_archive([arc], db, SETTINGS)
    conn = open_index(db, readonly=True)
    yield arc, db, conn, prog
    conn.close()


def doc_id(conn, code):
    row = conn.execute("SELECT id FROM documents WHERE code=?", (code,)).fetchone()
    assert row, f"{code} is not in the index"
    return row[0]


# ------------------------------------------------------------------ folding
@pytest.mark.parametrize("query, text", [
    ("quan triet", "Quán triệt"),
    ("dang uy", "Đảng ủy"),  # đ is not d + a mark: folded by us, not by FTS5
    ("uy ban nhan dan", "ỦY BAN NHÂN DÂN"),
])
def test_fold_finds_the_written_form(query, text):
    assert fold(text) == query
    assert len(fold(text)) == len(text)  # offsets into the folded text are offsets into the text


# ------------------------------------------------------------------ indexing
def test_every_file_is_recorded_and_a_broken_one_does_not_stop_the_batch(indexed):
    arc, db, conn, prog = indexed
    assert prog.total == 9 and prog.indexed == 8 and prog.errors == 1  # the lock file is not walked
    assert count(conn, "documents") == 8 and count(conn, "files") == 9
    code, reason = conn.execute("SELECT error_code, error FROM files WHERE state='error'").fetchone()
    assert code == "unreadable" and "hong.pdf" in reason
    assert count(conn, "files", "path LIKE ?", ("%~$%",)) == 0
    fmt, = conn.execute("SELECT format FROM documents WHERE code='07-CT/ĐU'").fetchone()
    assert fmt == "docx"
    for t in ("refs", "mentions", "dates", "deadlines", "tasks", "units"):
        assert count(conn, t) > 0, t
    # the rows are the record's
    import vnnq
    d = vnnq.extract(DEV[0])
    did = conn.execute("SELECT id FROM documents WHERE sha256=?", (d.source.sha256,)).fetchone()[0]
    assert count(conn, "tasks", "doc_id=?", (did,)) == len(d.tasks)
    assert count(conn, "refs", "doc_id=?", (did,)) == len(d.references)
    assert count(conn, "deadlines", "doc_id=?", (did,)) == len(d.deadlines)
    text, = conn.execute("SELECT text FROM texts WHERE doc_id=?", (did,)).fetchone()
    assert text == d.text
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_rerun_skips_unchanged_redoes_changed_and_links_copies(tmp_path):
    arc = make_archive(tmp_path, n_dev=2)
    db = tmp_path / "a.sqlite"
    first = index_archive([arc], db, SETTINGS)
    assert (first.indexed, first.errors) == (4, 1)
    again = index_archive([arc], db, SETTINGS)
    assert (again.indexed, again.unchanged, again.errors) == (0, 5, 0)
    plan = arc / "2026" / "ke-hoach-45.txt"
    plan.write_text(PLAN_A.replace("Nguyễn Văn An", "Trần Thị Bình"), encoding="utf-8")
    shutil.copy(DEV[0], arc / "ban-sao.md")  # a copy: same content, another name
    os.utime(arc / DEV[1].name, (time.time() + 5, time.time() + 5))  # touched, not changed
    third = index_archive([arc], db, SETTINGS)
    assert (third.indexed, third.duplicates, third.removed) == (1, 1, 1)
    assert third.unchanged == 4
    conn = sqlite3.connect(db)
    assert count(conn, "documents") == 4 and count(conn, "files") == 6
    assert conn.execute("SELECT signer_name FROM documents WHERE code='45-KH/ĐU'").fetchone() == ("Trần Thị Bình",)
    assert count(conn, "documents", "signer_name='Nguyễn Văn An' AND code='45-KH/ĐU'") == 0
    # the old version's rows went with it, its full text too
    assert count(conn, "tasks", "doc_id NOT IN (SELECT id FROM documents)") == 0
    assert count(conn, "docs_fts", "docs_fts MATCH ?", ('folded : "nguyen van an"',)) == 1  # B only
    same = conn.execute("SELECT count(DISTINCT doc_id) FROM files WHERE path LIKE ? OR path LIKE ?",
                        (f"%{DEV[0].name}", "%ban-sao.md")).fetchone()[0]
    assert same == 1
    # an error is kept, and tried again on request
    assert index_archive([arc], db, SETTINGS).errors == 0
    assert index_archive([arc], db, IndexSettings(workers=2, retry_errors=True)).errors == 1


def test_a_cited_document_indexed_later_is_linked_and_a_contradicting_date_is_not(tmp_path):
    arc = tmp_path / "arc"
    arc.mkdir()
    (arc / "a.txt").write_text(PLAN_A, encoding="utf-8")
    (arc / "b-2025.txt").write_text(DIRECTIVE_B_2025, encoding="utf-8")
    db = tmp_path / "r.sqlite"
    index_archive([arc], db, SETTINGS)
    conn = sqlite3.connect(db)
    q = "SELECT code, target_doc_id FROM refs WHERE doc_id=(SELECT id FROM documents WHERE code='45-KH/ĐU') ORDER BY ord"
    assert conn.execute(q).fetchall() == [("07-CT/ĐU", None), ("71-NQ/TW", None)]  # 2025's is another one
    _docx(arc / "b.docx", DIRECTIVE_B)
    index_archive([arc], db, SETTINGS)
    b = conn.execute("SELECT id FROM documents WHERE code='07-CT/ĐU' AND date='2026-09-12'").fetchone()[0]
    assert conn.execute(q).fetchall() == [("07-CT/ĐU", b), ("71-NQ/TW", None)]
    (arc / "b.docx").unlink()
    (arc / "b-2025.txt").write_text(DIRECTIVE_B, encoding="utf-8")  # now this path holds 2026's
    index_archive([arc], db, SETTINGS)
    b2 = conn.execute("SELECT id FROM documents WHERE code='07-CT/ĐU' AND date='2026-09-12' "
                      "AND path LIKE '%b-2025.txt'").fetchone()[0]
    assert conn.execute(q).fetchall()[0] == ("07-CT/ĐU", b)  # b.docx stays indexed (no prune): first one wins
    assert b2 != b


def test_a_kill_9_midway_leaves_a_sound_index_and_a_rerun_completes_it(tmp_path):
    arc = tmp_path / "big"
    arc.mkdir()
    for i in range(2):  # 106 distinct contents
        for p in DEV:
            (arc / f"{i}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\nBản sao {i}\n", encoding="utf-8")
    total = 2 * len(DEV)
    db = tmp_path / "k.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "vnnq.cli", "index", str(arc), "--db", str(db), "--workers", "1",
                             "--batch", "5", "--quiet"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        done = 0
        while time.time() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                    done = count(c, "documents")
                    c.close()
                except sqlite3.OperationalError:
                    done = 0  # the schema is being created
            if done >= 10:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # the index process and its worker, mid-batch
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("INSERT INTO docs_fts(docs_fts) VALUES ('integrity-check')") is not None
    before = count(conn, "documents")
    assert 10 <= before < total
    assert count(conn, "files") == before  # every committed file has its document, and no more
    conn.close()
    rest = index_archive([arc], db, SETTINGS)
    assert rest.unchanged == before and rest.indexed == total - before and rest.errors == 0
    conn = sqlite3.connect(db)
    assert count(conn, "documents") == total == count(conn, "files")
    assert count(conn, "documents", "task_count != (SELECT count(*) FROM tasks t WHERE t.doc_id=documents.id)") == 0


# ------------------------------------------------------------------ search
def _codes(res):
    return {r.get("code") for r in res.rows}


@pytest.mark.parametrize("text, finds, not_", [
    ("chuyển đổi số", "45-KH/ĐU", "07-CT/ĐU"),
    ("quan triet", "45-KH/ĐU", "07-CT/ĐU"),  # no diacritics: finds "Quán triệt"
    ("bao ve rung", "07-CT/ĐU", "45-KH/ĐU"),
    ("bảo vệ rừng", "07-CT/ĐU", "45-KH/ĐU"),
    ("Đảng ủy xã", "07-CT/ĐU", None),
    ('"dang uy" "ha tang so"', "45-KH/ĐU", "07-CT/ĐU"),  # two phrases, both needed
])
def test_full_text(indexed, text, finds, not_):
    conn = indexed[2]
    got = _codes(search(conn, Query(text=text)))
    assert finds in got
    if not_:
        assert not_ not in got


def test_full_text_with_diacritics_is_exact_and_without_is_not(indexed):
    conn = indexed[2]
    assert "45-KH/ĐU" in _codes(search(conn, Query(text="dang uy")))
    assert "45-KH/ĐU" in _codes(search(conn, Query(text="Đảng ủy")))
    assert "45-KH/ĐU" not in _codes(search(conn, Query(text="đang ủy")))  # another word
    for rank in (False, True):
        res = search(conn, Query(text="quan triet", limit=100, rank=rank))
        row = next(r for r in res.rows if r["code"] == "45-KH/ĐU")
        assert "Quán triệt sâu sắc" in row["snippet"]
    # newest indexed first, or by relevance: the same documents
    assert _codes(search(conn, Query(text="dang uy", rank=True))) == _codes(search(conn, Query(text="dang uy")))
    ids = [r["doc_id"] for r in search(conn, Query(text="dang uy")).rows]
    assert ids == sorted(ids, reverse=True)


def test_cites(indexed):
    conn = indexed[2]
    res = search(conn, Query(cites="71-nq/tw"))
    assert _codes(res) == {"45-KH/ĐU"}
    row = res.rows[0]
    assert row["cited_code"] == "71-NQ/TW" and row["cited_doc_id"] is None  # not in the archive
    res = search(conn, Query(cites="07-CT/ĐU"))
    assert res.rows[0]["cited_doc_id"] == doc_id(conn, "07-CT/ĐU") and res.rows[0]["cited_path"].endswith(".docx")
    assert search(conn, Query(cites="99-NQ/TW")).rows == []


def test_tasks_of_a_unit_any_spelling(indexed):
    conn = indexed[2]
    res = search(conn, Query(unit="Phòng Văn hoá – Xã hội"))
    assert res.kind == "tasks"
    assert [(r["code"], r["task_id"], r["role"], r["deadline"]) for r in res.rows] == [
        ("45-KH/ĐU", "T1", "lead", "2026-11-30")]
    res = search(conn, Query(unit="Văn phòng Đảng ủy"))
    assert [(r["code"], r["task_id"], r["role"]) for r in res.rows] == [("45-KH/ĐU", "T1", "coordinating")]


def test_tasks_of_a_unit_are_those_of_vnnq_tasks(indexed):
    """--unit on the index gives the rows `vnnq tasks --unit` gives on the files."""
    import vnnq
    from vnnq.export.tasklist import task_rows
    arc, _db, conn, _ = indexed
    ds = [vnnq.extract(p) for p in DEV[:6]]
    for unit in ("Ủy ban nhân dân tỉnh", "Bộ Tài chính", "Sở Tài chính"):
        want = sorted((r.directive.source.sha256, r.task.id, r.role) for r in task_rows(ds, unit))
        got = sorted((conn.execute("SELECT sha256 FROM documents WHERE id=?", (r["doc_id"],)).fetchone()[0],
                      r["task_id"], r["role"]) for r in search(conn, Query(unit=unit, limit=1000)).rows
                     if r["code"] not in ("45-KH/ĐU", "07-CT/ĐU"))
        assert got == want, unit


def test_deadlines_in_a_window(indexed):
    conn = indexed[2]
    res = search(conn, Query(due_after="2026-11-01", due_before="2026-12-31", limit=1000))
    assert res.kind == "deadlines"
    got = {(r["code"], r["due"]) for r in res.rows}
    assert {("45-KH/ĐU", "2026-11-30"), ("45-KH/ĐU", "2026-12-15")} <= got
    assert all("2026-11-01" <= r["due_date"] <= "2026-12-31" for r in res.rows)
    assert ("07-CT/ĐU", "2026-10-20") not in got
    # with a unit: that unit's tasks due in the window
    res = search(conn, Query(unit="UBND xã", due_after="2026-11-01", due_before="2026-12-31"))
    assert [(r["code"], r["task_id"]) for r in res.rows] == [("45-KH/ĐU", "T2")]
    res = search(conn, Query(unit="UBND xã", due_before="2026-10"))
    assert [(r["code"], r["task_id"]) for r in res.rows] == [("07-CT/ĐU", "T2")]


@pytest.mark.parametrize("few", [2000, 0], ids=["rare issuer: its documents first", "common issuer: a filter"])
def test_issuer_type_and_dates(indexed, few, monkeypatch):
    import vnnq.archive.search as search_module
    monkeypatch.setattr(search_module, "_FEW", few)
    conn = indexed[2]
    assert _codes(search(conn, Query(issuer="Đảng ủy xã Cam Hải"))) == {"45-KH/ĐU", "07-CT/ĐU"}
    assert _codes(search(conn, Query(issuer="cam hai", text="bao ve rung"))) == {"07-CT/ĐU"}
    assert _codes(search(conn, Query(type="chi thi"))) == {"07-CT/ĐU"}
    assert _codes(search(conn, Query(type="Kế hoạch", issuer="dang uy xa"))) == {"45-KH/ĐU"}
    assert _codes(search(conn, Query(date_from="2026-10", date_to="2026-10"))) == {"45-KH/ĐU"}
    assert _codes(search(conn, Query(date_from="2026-09-01", date_to="2026-09-30"))) == {"07-CT/ĐU"}
    refs = search(conn, Query(kind="refs", issuer="Đảng ủy xã Cam Hải"))
    assert {(r["doc_code"], r["code"], r["target_doc_id"]) for r in refs.rows} == {
        ("45-KH/ĐU", "07-CT/ĐU", doc_id(conn, "07-CT/ĐU")), ("45-KH/ĐU", "71-NQ/TW", None)}


def test_query_latency_on_the_small_index(indexed):
    conn = indexed[2]
    for q in (Query(text="chuyển đổi số"), Query(text="quan triet"), Query(cites="71-NQ/TW"),
              Query(unit="Phòng Văn hóa - Xã hội"), Query(due_after="2026-11-01", due_before="2026-12-31"),
              Query(issuer="UBND tỉnh"), Query(type="Kế hoạch"), Query(date_from="2025-01-01", date_to="2026-12-31")):
        search(conn, q)  # warm
        t = time.perf_counter()
        search(conn, q)
        assert time.perf_counter() - t < 0.5, q


def test_cli_search_formats(indexed, capsys):
    from vnnq.cli import main
    _arc, db, _conn, _ = indexed
    assert main(["search", "--db", str(db), "--cites", "71-NQ/TW", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == ["45-KH/ĐU"]
    assert main(["search", "--db", str(db), "--unit", "Phòng Văn hóa - Xã hội", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("doc_id,code,date,issuer,task_id,unit,role") and len(out) == 2
    assert main(["search", "--db", str(db), "quan", "triet"]) == 0
    assert "45-KH/ĐU" in capsys.readouterr().out
    assert main(["search", "--db", str(db), "không có chữ này đâu"]) == 1
    assert main(["search", "--db", str(db), "--due-before", "31/12/2026"]) == 2
    assert main(["search", "--db", str(db / "nothing.sqlite"), "x"]) == 2


@pytest.mark.parametrize("command", ["index", "search", "export"])
def test_help_has_an_example(command, capsys):
    from vnnq.cli import main
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "example" in out and f"vnnq {command}" in out


# ------------------------------------------------------------------ engines, export, API
def _rows_by_sha(db):
    """Every table's rows without ids, paths and times, keyed by the document's content."""
    conn = sqlite3.connect(db)
    out = {}
    skip = {"id", "doc_id", "ref_id", "task_row", "indexed_at", "path", "target_doc_id"}
    for t in ("documents", "refs", "mentions", "dates", "deadlines", "tasks", "units", "texts"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if r[1] not in skip]
        key = "d.sha256" if t != "documents" else "documents.sha256"
        src = f"{t} JOIN documents d ON d.id = {t}.doc_id" if t != "documents" else "documents"
        out[t] = sorted(conn.execute(
            f"SELECT {key}, {', '.join(f'{t}.' + chr(34) + c + chr(34) for c in cols)} FROM {src}").fetchall(),
            key=repr)
    out["targets"] = sorted(conn.execute(
        "SELECT d.sha256, r.ord, t.sha256 FROM refs r JOIN documents d ON d.id=r.doc_id "
        "LEFT JOIN documents t ON t.id=r.target_doc_id").fetchall(), key=repr)
    out["files"] = sorted(conn.execute("SELECT path, sha256, state, error_code FROM files").fetchall())
    return out


def test_the_dask_engine_on_a_local_cluster_gives_the_rows_of_the_local_engine(tmp_path):
    arc = make_archive(tmp_path, n_dev=3)
    local, dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    index_archive([arc], local, SETTINGS)
    # a LocalCluster of 2 worker processes on 127.0.0.1, started and closed by the engine
    prog = index_archive([arc], dask, IndexSettings(engine="dask", workers=2))
    assert (prog.indexed, prog.errors) == (5, 1)
    a, b = _rows_by_sha(local), _rows_by_sha(dask)
    assert a == b
    assert len(a["tasks"]) > 10 and a["targets"]
    again = index_archive([arc], dask, IndexSettings(engine="dask", workers=2))
    assert (again.indexed, again.unchanged) == (0, 6)


def test_export_parquet_has_the_tables_rows(indexed, tmp_path):
    import pyarrow.parquet as pq
    _arc, db, conn, _ = indexed
    counts = export_parquet(db, tmp_path / "pq")
    for t in TABLES:
        table = pq.read_table(tmp_path / "pq" / f"{t}.parquet")
        assert table.num_rows == count(conn, t) == counts[t], t
    docs = pq.read_table(tmp_path / "pq" / "documents.parquet").to_pylist()
    assert {d["code"] for d in docs} >= {"45-KH/ĐU", "07-CT/ĐU"}
    assert all(isinstance(d["task_count"], int) for d in docs)
    assert not (tmp_path / "pq" / "texts.parquet").exists()


def test_get_v1_search_on_the_real_server(indexed):
    import httpx
    sys.path.insert(0, str(ROOT / "tests"))
    from test_api import _start
    _arc, db, conn, _ = indexed
    proc, base = _start("--db", str(db), "--workers", "1", env_extra={"VNNQ_API_TOKEN": "s3cret"})
    try:
        auth = {"Authorization": "Bearer s3cret"}
        assert httpx.get(base + "/v1/search", params={"q": "quan triet"}).status_code == 401
        r = httpx.get(base + "/v1/search", params={"q": "quan triet"}, headers=auth)
        assert r.status_code == 200 and r.json()["kind"] == "documents"
        assert "45-KH/ĐU" in {x["code"] for x in r.json()["rows"]}
        r = httpx.get(base + "/v1/search", params={"unit": "Phòng Văn hóa - Xã hội", "due_after": "2026-11-01",
                                                   "due_before": "2026-12-31"}, headers=auth)
        assert [(x["code"], x["task_id"]) for x in r.json()["rows"]] == [("45-KH/ĐU", "T1")]
        r = httpx.get(base + "/v1/search", params={"cites": "71-NQ/TW", "format": "csv"}, headers=auth)
        assert r.headers["content-type"].startswith("text/csv") and "45-KH/ĐU" in r.text
        assert r.text.count("\n") == 2  # the header and the one document
        r = httpx.get(base + "/v1/search", params={"due_before": "tomorrow"}, headers=auth)
        assert r.status_code == 422 and r.json()["error"] == "bad_query"
        r = httpx.get(base + "/v1/search", params={"q": "x", "limit": 0}, headers=auth)
        assert r.status_code == 422
        assert "/v1/search" in httpx.get(base + "/openapi.json", headers=auth).json()["paths"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_vnnq_index_with_a_scheduler_and_a_worker_started_apart(tmp_path):
    """The several-machines set-up, on this one: `dask scheduler` and `dask worker`
    started as the README says (here on 127.0.0.1), `vnnq index --engine dask
    --scheduler tcp://...`: the same documents as the local engine."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dask = str(Path(sys.executable).with_name("dask"))
    if not Path(dask).exists():
        pytest.skip("the dask command is not installed beside this Python")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        procs.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--nworkers", "1",
                                       "--host", "127.0.0.1", "--no-dashboard"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        arc = make_archive(tmp_path, n_dev=2)
        local = tmp_path / "local.sqlite"
        index_archive([arc], local, SETTINGS)
        db = tmp_path / "cluster.sqlite"
        r = subprocess.run([sys.executable, "-m", "vnnq.cli", "index", str(arc), "--db", str(db), "--engine", "dask",
                            "--scheduler", address, "--quiet", "--json"], env=env, capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr[-2000:]
        counts = json.loads(r.stdout)
        assert (counts["indexed"], counts["errors"]) == (4, 1)
        assert _rows_by_sha(db) == _rows_by_sha(local)
    finally:
        for p in reversed(procs):
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def test_a_file_over_the_time_limit_is_a_timeout_row_and_the_batch_goes_on(tmp_path):
    arc = tmp_path / "arc"
    arc.mkdir()
    shutil.copy(DEV[0], arc / DEV[0].name)
    # 1.9 million characters of real directive text (under Settings.max_chars): about 2 s of
    # extraction, far over the limit below; the small file takes some 20 ms
    big = "\n\n".join(p.read_text(encoding="utf-8") for p in DEV) * 20
    (arc / "rat-dai.txt").write_text(big[:1_900_000], encoding="utf-8")
    prog = index_archive([arc], tmp_path / "a.sqlite", IndexSettings(workers=1, file_timeout=1.0))
    assert (prog.indexed, prog.errors) == (1, 1)
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    code, reason = conn.execute("SELECT error_code, error FROM files WHERE state='error'").fetchone()
    assert code == "timeout" and "rat-dai.txt" in reason and "1 s" in reason
    assert count(conn, "documents") == 1


def test_prune_drops_files_gone_from_the_archive_and_only_under_its_folders(tmp_path):
    arc, other = tmp_path / "arc", tmp_path / "ARC"  # (a LIKE would match the other case too)
    arc.mkdir()
    other.mkdir()
    for p in DEV[:3]:
        shutil.copy(p, arc / p.name)
    shutil.copy(DEV[0], arc / ("ban-sao-" + DEV[0].name))  # the same content under a second path
    shutil.copy(DEV[3], other / DEV[3].name)
    db = tmp_path / "a.sqlite"
    index_archive([arc, other], db, IndexSettings(workers=1))
    conn = sqlite3.connect(db)
    assert count(conn, "documents") == 4 and count(conn, "files") == 5
    (arc / DEV[1].name).unlink()
    (arc / DEV[0].name).unlink()  # its copy still holds the document
    prog = index_archive([arc], db, IndexSettings(workers=1, prune=True))
    assert prog.pruned == 2 and prog.removed == 1
    paths = {Path(p).name for p, in conn.execute("SELECT path FROM files")}
    assert paths == {DEV[2].name, "ban-sao-" + DEV[0].name, DEV[3].name}  # the other folder is untouched
    assert count(conn, "documents") == 3
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # without --prune nothing goes
    (arc / DEV[2].name).unlink()
    assert index_archive([arc], db, IndexSettings(workers=1)).pruned == 0
    assert count(conn, "files") == 3
