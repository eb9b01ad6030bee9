"""Fault injection: the watcher killed with SIGKILL at random moments, a full disk.

Real processes, real folders, a real SQLite journal; the kill moments come from
a seeded RNG (the seed is in the failure message).  The long version is
``python bench/kill_watch.py --runs 50``.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vnnq.watch import JOURNAL, Inbox, WatchSettings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import kill_watch  # noqa: E402  (bench/kill_watch.py: the drop, the kill runs, the checks)

FAST = WatchSettings(workers=2, sweep_every=0.2, stable_for=0.0)


@pytest.fixture(scope="module")
def drop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drop") / "drop"
    kinds = kill_watch.build_drop(folder, 30, seed=0)
    return folder, kinds, kill_watch.expected_records(folder, kinds)


def test_the_drop_holds_every_kind(drop):
    _folder, kinds, expected = drop
    assert len(kinds) == 30
    assert {"txt", "docx", "duplicate", "bad"} <= set(kinds.values())
    assert all("error" in expected[n] for n, k in kinds.items() if k == "bad")
    assert all("record" in expected[n] for n, k in kinds.items() if k != "bad")


def test_the_checks_find_loss_duplicates_torn_outputs_and_temporary_files(drop, tmp_path):
    """The checks of the kill runs can fail: a clean drop passes, each kind of damage is found."""
    folder, kinds, expected = drop
    import shutil
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(folder, inbox)
    Inbox(inbox, out, FAST).run(once=True)
    assert kill_watch.check(inbox, out, kinds, expected) == []
    db = sqlite3.connect(out / JOURNAL, isolation_level=None)
    rows = db.execute("SELECT name, stem FROM files WHERE state='done' AND duplicate_of IS NULL ORDER BY id").fetchall()
    torn, back, twice = rows[0], rows[1], rows[2]  # three files, one damage each
    some = out / f"{torn[1]}.json"
    whole = some.read_bytes()
    some.write_bytes(whole[: len(whole) // 2])  # torn
    (out / f".{torn[1]}.json.123.tmp").write_text("{")  # a temporary file left
    processed = next((inbox / "processed").rglob(back[0]))
    shutil.copy(processed, inbox / back[0])  # back in the inbox: not done
    (inbox / "processed" / "2000-01-01").mkdir()
    shutil.copy(processed, inbox / "processed" / "2000-01-01" / back[0])  # and done twice
    db.execute("INSERT INTO files(sha256, name, state) SELECT sha256, name, 'working' FROM files WHERE name=?",
               (twice[0],))
    db.close()
    problems = "\n".join(kill_watch.check(inbox, out, kinds, expected))
    assert f"{some.name}: JSONDecodeError" in problems or "differs" in problems
    assert "temporary files left" in problems
    assert f"left in the inbox: ['{back[0]}']" in problems
    assert f"{back[0]}: 2 times in processed/ and failed/" in problems
    assert f"{twice[0]}: 2 journal rows" in problems


@pytest.mark.parametrize("seed", [11, 12, 13, 14, 15])
def test_sigkill_at_random_moments_then_restart_does_every_file_once(drop, tmp_path, seed):
    """Two SIGKILLs at random moments (the whole group, or the watcher alone),
    then a start that runs to the end: every file once, every output whole."""
    folder, kinds, expected = drop
    r = kill_watch.kill_run(folder, kinds, expected, tmp_path / "run", seed, kills=2, max_delay=3.0)
    assert r.problems == [], f"seed {seed} (replay: python bench/kill_watch.py --files 30 --kills 2 " \
                             f"--max-delay 3 --seed {seed} --runs 1): {r.problems}"


def test_a_kill_between_the_move_to_failed_and_its_journal_entry_is_a_failure(tmp_path):
    """The file is in failed/ with its error file, the journal row still
    'working': the restart records a failure (it was recorded 'done')."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    Inbox(inbox, out, FAST).run(once=True)
    db = sqlite3.connect(out / JOURNAL, isolation_level=None)
    assert db.execute("SELECT state FROM files").fetchall() == [("failed",)]
    db.execute("UPDATE files SET state='working', reason=NULL, finished=NULL")  # the state a kill leaves
    Inbox(inbox, out, FAST).run(once=True)
    state, reason = db.execute("SELECT state, reason FROM files").fetchone()
    assert state == "failed"
    assert reason.startswith("unreadable: ")


def test_a_kill_after_the_move_to_processed_keeps_the_outputs_in_the_journal(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(kill_watch._corpus_texts()[0][1].encode("utf-8"))
    Inbox(inbox, out, FAST).run(once=True)
    db = sqlite3.connect(out / JOURNAL, isolation_level=None)
    db.execute("UPDATE files SET state='working', outputs=NULL, finished=NULL")
    Inbox(inbox, out, FAST).run(once=True)
    assert db.execute("SELECT state, outputs FROM files").fetchall() == [("done", '["a.html", "a.json", "a.xlsx"]')]


def test_a_half_written_error_file_is_removed_at_restart(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "failed").mkdir(parents=True)
    half = inbox / "failed" / ".hong.pdf.error.json.4242.tmp"  # atomic_write's temporary file
    half.write_text('{"file": "ho')
    other = inbox / "failed" / ".ghi-chu.tmp"  # not ours
    other.write_text("x")
    Inbox(inbox, out, FAST)
    assert not half.exists()
    assert other.exists()


ORPHAN = textwrap.dedent("""
    import os, sys, time
    import vnnq.pipeline, vnnq.export.html, vnnq.export.tasklist  # imported before the fork: the file is quick
    from vnnq.watch import _process, worker_init
    src, out = sys.argv[1], sys.argv[2]
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(r)
        worker_init()  # its orphan check looks now, then in a second
        parent = os.getppid()
        os.write(w, b"x")
        while os.getppid() == parent:
            time.sleep(0.01)
        res = _process(src, "a", out, ("json", "xlsx", "html"), 20 * 1024 * 1024)
        os._exit(0)  # an old vnnq gets here, its temporary outputs left in the outbox
    os.close(w)
    os.read(r, 1)
    print(pid, flush=True)
    os._exit(0)  # the watcher is gone, the worker has a file in hand
""")


def _alive(pid: int) -> bool:
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def test_an_orphaned_worker_leaves_no_temporary_output(tmp_path):
    """A worker whose watcher was killed alone (the OOM killer) finishes the
    file in hand with no one to rename its outputs: it must not leave temporary
    files in the outbox, which the restarted watcher has already cleaned."""
    src = tmp_path / "a.txt"
    src.write_text(kill_watch._corpus_texts()[0][1], encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    r = subprocess.run([sys.executable, "-c", ORPHAN, str(src), str(out)], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert r.returncode == 0, r.stderr
    worker = int(r.stdout)
    deadline = time.time() + 60
    while time.time() < deadline and _alive(worker):
        time.sleep(0.05)
    assert not _alive(worker), "the orphaned worker did not exit"
    assert sorted(p.name for p in out.iterdir()) == []


# ------------------------------------------------------------------ a full disk
import contextlib  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402


@contextlib.contextmanager
def small_disk(tmp_path, free_kb: int):
    """A folder on a disk with about ``free_kb`` KB free: a real 16 MB tmpfs filled
    up (where this process may mount one: root with CAP_SYS_ADMIN), else None."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    # (VNNQ_TEST_NO_MOUNT=1 tries the fallback where a mount would work)
    if os.geteuid() != 0 or os.environ.get("VNNQ_TEST_NO_MOUNT") or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode != 0:
        yield None
        return
    try:
        st = os.statvfs(mnt)
        (mnt / "filler").write_bytes(b"\0" * (st.f_bavail * st.f_frsize - free_kb * 1024))
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fsize_limit(limit: int):
    """The fallback: no file of the child may grow over ``limit`` bytes (EFBIG,
    with SIGXFSZ ignored so the write fails instead of killing the process)."""
    def set_limits():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_limits


def _vnnq(*args, preexec=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "vnnq.cli", *map(str, args)], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=timeout, preexec_fn=preexec)


def _big_text() -> str:
    return "\n".join(t for _s, t in kill_watch._corpus_texts()[:3])


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_extract_on_a_full_disk_says_so_and_leaves_no_torn_output(tmp_path, fmt):
    src = tmp_path / "a.txt"
    src.write_text(_big_text(), encoding="utf-8")
    with small_disk(tmp_path, free_kb=8) as disk:
        folder = disk or tmp_path / "out"
        folder.mkdir(exist_ok=True)
        out = folder / f"a.{fmt}"
        out.write_text("the old version\n", encoding="utf-8")
        r = _vnnq("extract", src, "--format", fmt, "-o", out,
                  preexec=None if disk else _fsize_limit(16 * 1024))
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "no space left" in lines[0] and str(out) in lines[0], r.stderr
        assert out.read_text(encoding="utf-8") == "the old version\n"  # not replaced by half a record
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_index_on_a_full_disk_says_so_and_the_index_stays_sound(tmp_path):
    arc = tmp_path / "arc"
    arc.mkdir()
    for i, (stem, text) in enumerate(kill_watch._corpus_texts()[:12]):
        (arc / f"{i:02d}-{stem}.txt").write_text(text, encoding="utf-8")
    with small_disk(tmp_path, free_kb=400) as disk:
        db = (disk or tmp_path) / "idx.sqlite"
        r = _vnnq("index", arc, "--db", db, "--workers", "1", "--quiet",
                  preexec=None if disk else _fsize_limit(300 * 1024))
        assert r.returncode == 2, r.stderr[-2000:]
        last = r.stderr.strip().splitlines()[-1]
        assert "full" in last or "no space" in last, r.stderr[-2000:]
        assert "Traceback" not in r.stderr
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert before < 12
        assert conn.execute("SELECT count(*) FROM files").fetchone()[0] == before
        conn.close()
        if disk:
            (disk / "filler").unlink()  # space again: the same command finishes the job
            r = _vnnq("index", arc, "--db", db, "--workers", "1", "--quiet")
            assert r.returncode == 0, r.stderr[-2000:]
            conn = sqlite3.connect(db)
            assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 12
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_watcher_with_a_full_outbox_keeps_the_file_and_does_it_later(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with small_disk(tmp_path, free_kb=160) as disk:
        if disk is None:
            pytest.skip("needs a small tmpfs (root with CAP_SYS_ADMIN): a file size limit would also "
                        "stop the journal, which lives in the outbox")
        out = disk / "out"
        Inbox(inbox, out, FAST).run(once=True)  # the journal exists before the disk is full
        (inbox / "lon.txt").write_text(_big_text(), encoding="utf-8")
        r = _vnnq("watch", inbox, "--out", out, "--once", "--stable", "0")
        assert r.returncode == 1 and "1 left in the inbox: lon.txt" in r.stderr, r.stderr[-2000:]
        assert "outputs cannot be written" in r.stderr and "No space left" in r.stderr, r.stderr[-2000:]
        assert (inbox / "lon.txt").exists()  # kept in the inbox, not failed
        assert not (inbox / "failed").exists() or not list((inbox / "failed").iterdir())
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or p.suffix in (".json", ".html", ".xlsx")]
        (disk / "filler").unlink()
        r = _vnnq("watch", inbox, "--out", out, "--once", "--stable", "0")
        assert r.returncode == 0, r.stderr[-2000:]
        assert not (inbox / "lon.txt").exists()
        rec = json.loads((out / "lon.json").read_text(encoding="utf-8"))
        assert rec == vnnq_extract(next((inbox / "processed").rglob("lon.txt")))
        db = sqlite3.connect(out / JOURNAL)
        assert db.execute("SELECT name, state FROM files").fetchall() == [("lon.txt", "done")]


def vnnq_extract(path):
    from vnnq.pipeline import extract
    return extract(path).to_dict()
