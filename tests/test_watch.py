"""The inbox folder: real files in a real folder, a real SQLite journal, a real kill -9."""

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx

from vnnq.watch import JOURNAL, Inbox, WatchSettings, ignored

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DOCS = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md") and p.parent.name
                     not in ("corpus",))
FAST = WatchSettings(workers=2, sweep_every=0.2, stable_for=0.0)


def watch_cmd(*args):
    return [sys.executable, "-m", "vnnq.cli", "watch", *args]


def env():
    return dict(os.environ, PYTHONPATH=str(ROOT))


def test_office_temporary_files_are_ignored():
    for name in ("~$cong-van.docx", ".~lock.ke-hoach.docx#", "bao-cao.docx.part", "x.crdownload", ".hidden"):
        assert ignored(name)
    assert not ignored("cong-van.docx")


def test_one_sweep_does_every_file_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = CORPUS_DOCS[0]
    (inbox / "a.txt").write_bytes(seed.read_bytes())
    (inbox / "b-copy.txt").write_bytes(seed.read_bytes())  # same content, other name (done after a.txt)
    d = docx.Document()
    for line in seed.read_text(encoding="utf-8").splitlines():
        d.add_paragraph(line)
    d.save(inbox / "b.docx")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "~$khac.docx").write_bytes(b"lock")  # Word's owner file of a document not in the inbox
    (inbox / "c.docx.part").write_bytes(b"half a download")
    (inbox / ".~lock.khac.odt#").write_text("user,host")
    (out_pre := tmp_path / "out").mkdir()
    (out_pre / ".khac.tmp").write_text("another program's")  # not ours: a restart leaves it
    counts = Inbox(inbox, tmp_path / "out", FAST).run(once=True)
    assert counts == {"done": 3, "failed": 2}
    out = tmp_path / "out"
    for stem in ("a", "b"):
        rec = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert rec["tasks"] and rec["document"]
        assert (out / f"{stem}.xlsx").stat().st_size > 0
        assert "<mark" in (out / f"{stem}.html").read_text(encoding="utf-8")
    assert not (out / "b-copy.json").exists()  # a duplicate gets no outputs
    day = next((inbox / "processed").iterdir())
    assert [p.name for p in (inbox / "processed").iterdir()] == [dt.date.today().isoformat()]
    assert sorted(p.name for p in day.iterdir()) == ["a.txt", "b-copy.txt", "b.docx"]
    err = json.loads((inbox / "failed" / "broken.pdf.error.json").read_text(encoding="utf-8"))
    assert err["code"] == "unreadable" and err["reason"] and err["vnnq_version"]
    assert dt.datetime.fromisoformat(err["time"]).date() == dt.date.today()
    for left in ("c.docx.part", ".~lock.khac.odt#", "~$khac.docx"):
        assert (inbox / left).exists(), left
    assert (inbox / "failed" / "empty.txt").exists()
    assert (inbox / "~$khac.docx").exists()  # ignored, left alone
    db = sqlite3.connect(out / JOURNAL)
    dup = db.execute("SELECT duplicate_of FROM files WHERE name='b-copy.txt'").fetchone()[0]
    assert dup == db.execute("SELECT id FROM files WHERE name='a.txt'").fetchone()[0]
    # the same content dropped again later is a duplicate too
    (inbox / "a-again.txt").write_bytes(seed.read_bytes())
    assert Inbox(inbox, out, FAST).run(once=True)["done"] == 4
    assert not (out / "a-again.json").exists()
    assert (out / ".khac.tmp").exists()


def test_kill_9_midway_then_restart_loses_nothing_and_does_nothing_twice(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    contents = {}
    for p in CORPUS_DOCS:
        data = p.read_bytes()
        contents.setdefault(data, p.name)
    for data, name in contents.items():
        (inbox / name).write_bytes(data)
    n = len(contents)
    proc = subprocess.Popen(watch_cmd(str(inbox), "--out", str(out), "--workers", "2", "--stable", "0",
                                      "--sweep", "0.2"), env=env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the watcher and its workers, mid-batch
    proc.wait(timeout=30)
    done_before = len(list(out.glob("*.json")))
    assert 5 <= done_before < n, "the kill must land in the middle of the batch"
    r = subprocess.run(watch_cmd(str(inbox), "--out", str(out), "--once", "--stable", "0"), env=env(),
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    left = [p.name for p in inbox.iterdir() if p.is_file()]
    assert left == []
    processed = [p.name for p in (inbox / "processed").rglob("*") if p.is_file()]
    failed = [p.name for p in (inbox / "failed").iterdir() if not p.name.endswith(".error.json")]
    assert sorted(processed + failed) == sorted(contents.values())  # every file, once
    assert len(list(out.glob("*.json"))) == len(processed)
    assert not list(out.glob(".*.tmp"))  # no half-written output left behind
    db = sqlite3.connect(out / JOURNAL)
    rows = db.execute("SELECT name, state FROM files").fetchall()
    assert sorted(name for name, _ in rows) == sorted(contents.values())  # one row per file
    assert {state for _, state in rows} <= {"done", "failed"}
    for j in out.glob("*.json"):
        json.loads(j.read_text(encoding="utf-8"))  # each output whole


def test_sigterm_stops_cleanly(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = subprocess.Popen(watch_cmd(str(inbox), "--sweep", "0.2", "--stable", "0"), env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(2)
    (inbox / "a.txt").write_bytes(CORPUS_DOCS[0].read_bytes())  # dropped while watching
    deadline = time.time() + 60
    while time.time() < deadline and not (inbox / "out" / "a.json").exists():
        time.sleep(0.05)
    assert (inbox / "out" / "a.json").exists()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "done 1" in err


def test_a_file_is_read_only_when_complete(tmp_path):
    inbox = tmp_path / "inbox"
    box = Inbox(inbox, tmp_path / "out", WatchSettings(stable_for=0.5))
    f = inbox / "dang-chep.txt"
    f.write_bytes(CORPUS_DOCS[0].read_bytes()[:500])  # a copy in progress
    now = time.time()
    assert box._ready(now) == []                       # first seen: wait
    assert box._ready(now + 0.6) == [f]                # unchanged for 0.5 s: complete
    with open(f, "ab") as out:
        out.write(b"\nmore")                            # it grew again
    os.utime(f, (now + 1, now + 1))
    assert box._ready(now + 0.7) == []
    (inbox / f".~lock.{f.name}#").write_text("x")      # LibreOffice holds it open
    assert box._ready(now + 5) == []


# ---------------------------------------------------------------- a running watcher
def _watch(inbox, *args, log=None, pre=None):
    """Start ``vnnq watch`` (optionally after running ``pre``, Python code, in the
    same interpreter); its stderr goes to ``log``."""
    code = (pre or "") + "\nimport sys\nfrom vnnq.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", code, "watch", str(inbox), *args], env=env(),
                            stdout=subprocess.DEVNULL, stderr=open(log, "w") if log else subprocess.DEVNULL,
                            start_new_session=True)


def _until(cond, what, limit=120):
    """Wait for ``cond()`` (a bound on a hang, not a speed check)."""
    end = time.time() + limit
    while not cond():
        assert time.time() < end, f"gave up waiting: {what}"
        time.sleep(0.05)


def _started(log):
    return lambda: log.exists() and "watching " in log.read_text(encoding="utf-8")


def test_file_system_events_alone_bring_a_dropped_file_in(tmp_path):
    """The sweep is an hour apart: only a watchdog event can bring in a file
    dropped after the start, and the stable-size wait must look again by itself."""
    inbox, log = tmp_path / "inbox", tmp_path / "watch.log"
    proc = _watch(inbox, "--sweep", "3600", "--stable", "0.3", log=log)
    try:
        _until(_started(log), "the watcher to start")
        assert "file-system events" in log.read_text(encoding="utf-8")
        (inbox / "a.txt").write_bytes(CORPUS_DOCS[0].read_bytes())
        _until(lambda: (inbox / "out" / "a.json").exists(), "a.json")
        _until(lambda: not (inbox / "a.txt").exists(), "a.txt to move")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert "a.txt: done" in log.read_text(encoding="utf-8")  # a log line per file


def test_the_periodic_sweep_alone_brings_a_dropped_file_in(tmp_path):
    """Without file-system events (watchdog unavailable, as on a share where
    events do not arrive) the periodic sweep finds the file."""
    inbox, log = tmp_path / "inbox", tmp_path / "watch.log"
    proc = _watch(inbox, "--sweep", "0.3", "--stable", "0", log=log, pre="import sys; sys.modules['watchdog'] = None")
    try:
        _until(_started(log), "the watcher to start")
        assert "no file-system events" in log.read_text(encoding="utf-8")
        (inbox / "a.txt").write_bytes(CORPUS_DOCS[0].read_bytes())
        _until(lambda: (inbox / "out" / "a.json").exists() and not (inbox / "a.txt").exists(), "a.txt done")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0


def test_a_copy_that_pauses_is_read_only_when_it_ends(tmp_path):
    """A copy in progress that stalls for longer than the stable wait: its file
    is held open for writing, and it is read only once the copy closed it."""
    inbox, log = tmp_path / "inbox", tmp_path / "watch.log"
    data = CORPUS_DOCS[1].read_bytes()
    proc = _watch(inbox, "--sweep", "0.1", "--stable", "0.1", log=log)
    try:
        _until(_started(log), "the watcher to start")
        target = inbox / "cham.txt"
        copier = subprocess.run([sys.executable, "-c",
                                 "import sys, time\n"
                                 "data = open(sys.argv[1], 'rb').read()\n"
                                 "with open(sys.argv[2], 'wb') as f:\n"
                                 "    f.write(data[:len(data) // 2]); f.flush()\n"
                                 "    time.sleep(2)  # twenty times the stable wait\n"
                                 "    f.write(data[len(data) // 2:])\n", str(CORPUS_DOCS[1]), str(target)],
                                timeout=60)
        assert copier.returncode == 0
        _until(lambda: (inbox / "out" / "cham.json").exists(), "cham.json")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    import hashlib
    rec = json.loads((inbox / "out" / "cham.json").read_text(encoding="utf-8"))
    assert rec["source"]["sha256"] == hashlib.sha256(data).hexdigest()  # the whole file, not its first half
    assert not (inbox / "failed").exists() or not list((inbox / "failed").iterdir())


def test_open_for_writing_and_office_lock_files_hold_a_file(tmp_path):
    inbox = tmp_path / "inbox"
    box = Inbox(inbox, tmp_path / "out", WatchSettings(stable_for=0.0))
    f = inbox / "dang-ghi.txt"
    with open(f, "wb") as w:
        w.write(b"x" * 100)
        w.flush()
        assert box._ready(time.time()) == []  # a writer still has it open
    assert box._ready(time.time()) == [f]
    for lock in ("~$dang-ghi.txt", "~$ng-ghi.txt", ".~lock.dang-ghi.txt#"):  # Word (both forms), LibreOffice
        (inbox / lock).write_text("x")
        assert box._ready(time.time()) == [], lock
        (inbox / lock).rename(tmp_path / lock)  # (moved out, not deleted)
    assert box._ready(time.time()) == [f]


def test_once_leaves_a_file_open_in_an_office_program_and_ends(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "dang-mo.txt").write_bytes(CORPUS_DOCS[0].read_bytes())
    (inbox / ".~lock.dang-mo.txt#").write_text("user,host")
    (inbox / "xong.txt").write_bytes(CORPUS_DOCS[1].read_bytes())
    r = subprocess.run(watch_cmd(str(inbox), "--once", "--stable", "0"), env=env(), capture_output=True,
                       text=True, timeout=120)
    # exit status 1: a file is left for the next run, and a script running --once is told
    assert r.returncode == 1 and "0 file(s) failed" in r.stderr and "1 left in the inbox: dang-mo.txt" in r.stderr
    assert (inbox / "dang-mo.txt").exists() and "dang-mo.txt: left in the inbox" in r.stderr
    assert (inbox / "out" / "xong.json").exists()


def test_same_stem_other_content_at_once_keeps_both_outputs(tmp_path):
    """a.txt and a.md, different documents, done by two workers at the same
    time: neither's outputs replace the other's."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(CORPUS_DOCS[0].read_bytes())
    (inbox / "a.md").write_bytes(CORPUS_DOCS[1].read_bytes())
    assert Inbox(inbox, out, FAST).run(once=True) == {"done": 2}
    recs = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("a*.json")]
    assert sorted(r["source"]["name"] for r in recs) == ["a.md", "a.txt"]
    assert len(list(out.glob("a*.xlsx"))) == 2 and len(list(out.glob("a*.html"))) == 2
    db = sqlite3.connect(out / JOURNAL)
    stems = [s for (s,) in db.execute("SELECT stem FROM files ORDER BY name")]
    assert len(set(stems)) == 2


def test_a_name_dropped_again_and_again_replaces_nothing(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seed = CORPUS_DOCS[0].read_bytes()
    for i in range(3):  # the same document under the same name, three times
        (inbox / "cv.txt").write_bytes(seed)
        Inbox(inbox, out, FAST).run(once=True)
    for i in range(2):  # two different broken files under one name
        (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<" + bytes([i]))
        Inbox(inbox, out, FAST).run(once=True)
    day = next((inbox / "processed").iterdir())
    assert len([p for p in day.iterdir() if p.name.startswith("cv")]) == 3
    failed = sorted(p.name for p in (inbox / "failed").iterdir())
    assert len([n for n in failed if n.endswith(".pdf")]) == 2
    assert len([n for n in failed if n.endswith(".error.json")]) == 2
    db = sqlite3.connect(out / JOURNAL)
    assert db.execute("SELECT count(*) FROM files WHERE duplicate_of IS NOT NULL").fetchone()[0] == 2


def test_a_duplicate_a_kill_interrupted_is_recorded_once(tmp_path):
    """A kill between the journal row of a duplicate and its move leaves a
    'working' row; the next run finishes that row instead of adding another."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seed = CORPUS_DOCS[0].read_bytes()
    (inbox / "a.txt").write_bytes(seed)
    Inbox(inbox, out, FAST).run(once=True)
    (inbox / "a-copy.txt").write_bytes(seed)
    import hashlib
    db = sqlite3.connect(out / JOURNAL, isolation_level=None)
    first = db.execute("SELECT id FROM files WHERE name='a.txt'").fetchone()[0]
    db.execute("INSERT INTO files(sha256, name, state, dest, duplicate_of, started) VALUES (?,?,?,?,?,?)",
               (hashlib.sha256(seed).hexdigest(), "a-copy.txt", "working",
                str(inbox / "processed" / "x" / "a-copy.txt"), first, "2026-01-01T00:00:00"))
    Inbox(inbox, out, FAST).run(once=True)
    rows = db.execute("SELECT state, duplicate_of FROM files WHERE name='a-copy.txt'").fetchall()
    assert rows == [("done", first)]


def _workers_of(pid):
    """The worker processes of the watcher ``pid`` (forked: same command line)."""
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    me = Path(f"/proc/{pid}/cmdline").read_bytes()
    return [k for k in kids if Path(f"/proc/{k}/cmdline").exists() and Path(f"/proc/{k}/cmdline").read_bytes() == me]


def test_a_dead_worker_and_a_ctrl_c_lose_nothing(tmp_path):
    """A worker killed mid-batch: the watcher starts a fresh pool and goes on,
    nothing goes to failed/.  Then Ctrl-C (SIGINT to the whole process group,
    workers included): the files in flight are finished, not failed, and the
    watcher ends cleanly; a --once run does the rest, each file once."""
    inbox, out, log = tmp_path / "inbox", tmp_path / "out", tmp_path / "watch.log"
    inbox.mkdir()
    docs = {p.read_bytes(): p.name for p in CORPUS_DOCS}
    docs = dict(list(docs.items())[:16])
    for data, name in docs.items():
        (inbox / name).write_bytes(data)
    proc = _watch(inbox, "--out", str(out), "--workers", "2", "--stable", "0", "--sweep", "0.2", log=log)
    try:
        _until(lambda: len(list(out.glob("*.json"))) >= 2, "two outputs")
        workers = _workers_of(proc.pid)
        assert workers
        os.kill(workers[0], signal.SIGKILL)
        _until(lambda: len(list(out.glob("*.json"))) >= 6, "six outputs after the worker died")
        assert proc.poll() is None  # the watcher lives on
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the terminal
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = log.read_text(encoding="utf-8")
    assert proc.returncode == 0, text[-2000:]
    assert "a worker process died" in text
    assert not (inbox / "failed").exists() or not list((inbox / "failed").iterdir()), text[-2000:]
    r = subprocess.run(watch_cmd(str(inbox), "--out", str(out), "--once", "--stable", "0"), env=env(),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    processed = sorted(p.name for p in (inbox / "processed").rglob("*") if p.is_file())
    assert processed == sorted(docs.values())
    db = sqlite3.connect(out / JOURNAL)
    assert sorted(n for (n,) in db.execute("SELECT name FROM files WHERE state='done'")) == sorted(docs.values())
    assert db.execute("SELECT count(*) FROM files").fetchone()[0] == len(docs)


_REAL_PROCESS = None


def _stuck_on_some(src, *args):
    """A reader that never returns for a file named 'treo…' (a worker stuck for good)."""
    if Path(src).name.startswith("treo"):
        time.sleep(3600)
    return _REAL_PROCESS(src, *args)


def test_a_stuck_worker_is_replaced_and_its_file_fails_with_timeout(tmp_path, monkeypatch):
    """A worker that never answers (a reader caught in a loop, or one killed while
    sending its result) must not stall the inbox: after the time limit the workers
    are replaced, the file is tried once more, and then it goes to failed/ with
    the code 'timeout'.  The other files are done; the run ends."""
    import multiprocessing
    import threading

    import vnnq.watch as watch

    global _REAL_PROCESS
    if multiprocessing.get_start_method() != "fork":
        import pytest
        pytest.skip("the patched reader reaches the workers by fork only")
    _REAL_PROCESS = watch._process
    monkeypatch.setattr(watch, "_process", _stuck_on_some)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "treo.txt").write_bytes(CORPUS_DOCS[0].read_bytes())
    (inbox / "ok.txt").write_bytes(CORPUS_DOCS[1].read_bytes())
    settings = WatchSettings(workers=2, sweep_every=0.2, stable_for=0.0, file_timeout=2.0)
    counts = {}
    t = threading.Thread(target=lambda: counts.update(Inbox(inbox, tmp_path / "out", settings).run(once=True)),
                         daemon=True)
    t.start()
    t.join(timeout=120)
    assert not t.is_alive(), "the watcher stalled on a stuck worker"
    assert counts == {"done": 1, "failed": 1}
    assert (tmp_path / "out" / "ok.json").exists()
    err = json.loads((inbox / "failed" / "treo.txt.error.json").read_text(encoding="utf-8"))
    assert err["code"] == "timeout" and "2 s" in err["reason"]
    assert (inbox / "failed" / "treo.txt").read_bytes() == CORPUS_DOCS[0].read_bytes()
