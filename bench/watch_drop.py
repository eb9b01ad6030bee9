"""The inbox watcher on a drop of 500 files: documents per minute and peak memory.

    python bench/watch_drop.py [--files 500] [--workers 2] [--archive ../shared/archive-sample]

Builds a fresh inbox in a temporary folder with every file of the archive
sample (471 .md) and, to reach --files, corpus files (dev, test, seeds, ...),
then copies of corpus files with one byte changed (a new hash, so not a
duplicate).  Then times ``vnnq watch INBOX --once --workers N --stable 0`` from
start to exit, while sampling the resident memory of the watcher and its
worker processes every 0.2 s.  Prints files, seconds, documents per minute,
the journal's counts, and the peak RSS (sum over the process tree, and the
largest single process), and the CPU time of the watcher and its workers (a
figure that holds when other work shares the machine).  Measured here, never
asserted in tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_rss_kb(pid: int) -> tuple[int, int]:
    """(sum, max) of VmRSS over a process and its children (Linux /proc)."""
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    sizes = []
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]))
        except OSError:
            pass
    return (sum(sizes), max(sizes, default=0))


def build_inbox(inbox: Path, archive: Path, n: int) -> dict[str, int]:
    inbox.mkdir(parents=True)
    seen: set[str] = set()
    origin = {"archive": 0, "corpus": 0, "corpus-changed-byte": 0}

    def put(name: str, data: bytes, kind: str) -> bool:
        h = hashlib.sha256(data).hexdigest()
        if h in seen or (inbox / name).exists() or len(seen) >= n:
            return False
        seen.add(h)
        (inbox / name).write_bytes(data)
        origin[kind] += 1
        return True

    for p in sorted(archive.glob("*.md")):
        put(p.name, p.read_bytes(), "archive")
    corpus = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt")
                    and p.parent.name != "corpus" and p.stat().st_size > 200)
    for p in corpus:
        put(f"corpus-{p.parent.name}-{p.name}", p.read_bytes(), "corpus")
    i = 0
    while len(seen) < n and corpus:
        p = corpus[i % len(corpus)]
        data = p.read_bytes() + b"\n" + str(i).encode()  # one more line: another content
        put(f"copy{i}-{p.name}", data, "corpus-changed-byte")
        i += 1
    return origin


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--archive", default=str(ROOT.parent / "shared" / "archive-sample"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnnq-watch-bench-") as tmp:
        inbox = Path(tmp) / "inbox"
        origin = build_inbox(inbox, Path(args.archive), args.files)
        files = sum(1 for p in inbox.iterdir() if p.is_file())
        mb = sum(p.stat().st_size for p in inbox.iterdir()) / 1e6
        print(f"inbox: {files} files, {mb:.1f} MB ({', '.join(f'{k} {v}' for k, v in origin.items())})")
        cmd = [sys.executable, "-m", "vnnq.cli", "watch", str(inbox), "--once", "--workers",
               str(args.workers), "--stable", "0"]
        peak = [0, 0]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        def sample() -> None:
            while proc.poll() is None:
                s, m = tree_rss_kb(proc.pid)
                peak[0], peak[1] = max(peak[0], s), max(peak[1], m)
                time.sleep(0.2)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        _, err = proc.communicate()
        secs = time.perf_counter() - t0
        th.join()
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the watcher and its reaped workers
        cpu = ru.ru_utime + ru.ru_stime
        db = sqlite3.connect(inbox / "out" / ".vnnq-journal.sqlite")
        counts = dict(db.execute("SELECT state, count(*) FROM files GROUP BY state").fetchall())
        left = sum(1 for p in inbox.iterdir() if p.is_file())
        log_lines = sum(1 for line in err.splitlines() if ": done," in line or ": failed (" in line
                        or ": duplicate of" in line)
        print(f"exit {proc.returncode}; {secs:.1f} s; {files / secs * 60:.0f} documents/minute "
              f"({args.workers} workers)")
        print(f"CPU: {cpu:.1f} s user+sys in all processes, {files / cpu * 60:.0f} documents per CPU-minute; "
              f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"journal: {counts}; left in the inbox: {left}; log lines, one per file: {log_lines}")
        print(f"peak RSS: {peak[0] / 1024:.0f} MB for the watcher and its workers together, "
              f"{peak[1] / 1024:.0f} MB the largest process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
