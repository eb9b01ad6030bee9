"""The inbox folder: real files in a real folder, a real SQLite journal, a real kill -9."""

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
    (inbox / "~$b.docx").write_bytes(b"lock")
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
    assert sorted(p.name for p in day.iterdir()) == ["a.txt", "b-copy.txt", "b.docx"]
    err = json.loads((inbox / "failed" / "broken.pdf.error.json").read_text(encoding="utf-8"))
    assert err["code"] == "unreadable" and err["reason"] and err["vnnq_version"]
    assert (inbox / "failed" / "empty.txt").exists()
    assert (inbox / "~$b.docx").exists()  # ignored, left alone
    db = sqlite3.connect(out / JOURNAL)
    dup = db.execute("SELECT duplicate_of FROM files WHERE name='b-copy.txt'").fetchone()[0]
    assert dup == db.execute("SELECT id FROM files WHERE name='a.txt'").fetchone()[0]
    # the same content dropped again later is a duplicate too
    (inbox / "a-again.txt").write_bytes(seed.read_bytes())
    assert Inbox(inbox, out, FAST).run(once=True)["done"] == 4
    assert not (out / "a-again.json").exists()


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
