"""The inbox watcher killed with SIGKILL at random moments, restarted until the drop is done.

    python bench/kill_watch.py [--runs 50] [--files 100] [--kills 3] [--seed N] [--keep DIR]

Each run builds a fresh inbox holding the same drop of ``--files`` files (small
.txt and .docx directives cut from the corpus, two duplicates of earlier files,
a few bad ones: empty, random bytes named .pdf, a truncated .docx, a damaged
PDF), then starts ``vnnq watch INBOX --out OUT --once --stable 0`` and kills it
with SIGKILL after a random delay, ``--kills`` times, restarting it each time;
the last start runs to its end.  A kill takes either the whole process group
(the watcher and its workers, as systemd or a terminal does) or the watcher
alone (as the OOM killer does: the workers are orphaned and must not leave
anything behind).  The delays come from ``random.Random(seed)``: a failing run
prints its seed, and ``--seed N --runs 1`` replays it.

After each run it checks that every file was done exactly once:
- the inbox holds no file; each input is in ``processed/`` or ``failed/``
  exactly once (the good ones processed, the bad ones failed);
- the journal has one row per input, none left 'working' or 'lost', the state
  matching the folder;
- every non-duplicate done file has exactly one ``NAME.json``/``.xlsx``/``.html``,
  duplicates and failures have none, and no other output exists;
- every JSON output parses and equals ``vnnq.extract`` of that file (so no
  output is half-written or another file's); every failure has a parseable
  ``NAME.error.json`` with the expected error code;
- no temporary file is left anywhere (outbox, inbox, processed, failed).

Prints one line per run and a summary (runs, kills, problems); exit 1 if any
run failed.  ``tests/test_faults.py`` runs a short version of the same code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOURNAL = ".vnnq-journal.sqlite"


# ------------------------------------------------------------------ the drop
def _corpus_texts() -> list[tuple[str, str]]:
    docs = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md")
                  and p.parent.name != "corpus" and not p.name.endswith(".gold.json"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in docs]


def _cut(text: str, limit: int) -> str:
    """The first lines of ``text`` up to about ``limit`` characters (a small but real directive)."""
    out, n = [], 0
    for line in text.splitlines(keepends=True):
        if n + len(line) > limit and out:
            break
        out.append(line)
        n += len(line)
    return "".join(out)


def build_drop(folder: Path, n: int = 100, seed: int = 0) -> dict[str, str]:
    """Write ``n`` files into ``folder``; returns name -> kind (txt, docx, duplicate, bad)."""
    import docx

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = _corpus_texts()
    kinds: dict[str, str] = {}
    bad = {
        "rong.txt": b"",
        "rac.pdf": bytes(rng.getrandbits(8) for _ in range(3000)),
        "hong.pdf": b"%PDF-1.4\n1 0 obj\n<<",
    }
    n_bad = min(len(bad) + 1, max(1, n // 20))
    n_dup = 2 if n >= 20 else 0
    n_docx = max(1, (n - n_bad - n_dup) // 5)
    n_txt = n - n_bad - n_dup - n_docx
    made: list[str] = []
    for i in range(n_txt + n_docx):
        stem, text = texts[i % len(texts)]
        small = _cut(text, rng.randrange(1500, 4000))
        if i >= len(texts):  # a second copy of a text: one changed line, so not a duplicate
            small = small + f"\nBản sao {i}.\n"
        if i < n_txt:
            name = f"{i:03d}-{stem}.txt" if i % 17 else f"{i:03d} công văn {stem}.txt"
            (folder / name).write_text(small, encoding="utf-8")
            kinds[name] = "txt"
        else:
            d = docx.Document()
            for line in small.splitlines():
                d.add_paragraph(line)
            name = f"{i:03d}-{stem}.docx"
            d.save(folder / name)
            kinds[name] = "docx"
        made.append(name)
    for j in range(n_dup):  # the same content under another name: a duplicate, no outputs
        src = made[rng.randrange(len(made))]
        name = f"zz-ban-trung-{j}{Path(src).suffix}"
        shutil.copyfile(folder / src, folder / name)
        kinds[name] = "duplicate"
    docx_names = [m for m in made if m.endswith(".docx")]
    bad["cat-ngang.docx"] = (folder / docx_names[0]).read_bytes()[:700] if docx_names else b"PK\x03\x04"
    for name in list(bad)[:n_bad]:
        (folder / name).write_bytes(bad[name])
        kinds[name] = "bad"
    return kinds


def expected_records(folder: Path, kinds: dict[str, str]) -> dict[str, dict]:
    """name -> {"record": to_dict()} or {"error": code}, by ``vnnq.extract`` on each file."""
    from vnnq.errors import VnnqError
    from vnnq.pipeline import extract

    out = {}
    for name in kinds:
        try:
            out[name] = {"record": extract(folder / name).to_dict()}
        except VnnqError as exc:
            out[name] = {"error": exc.code}
    return out


# ------------------------------------------------------------------ one run
def _watch(inbox: Path, out: Path, workers: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "vnnq.cli", "watch", str(inbox), "--out", str(out), "--once",
         "--stable", "0", "--workers", str(workers)],
        env=dict(os.environ, PYTHONPATH=str(ROOT)), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=log)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class RunResult:
    seed: int
    kills: int = 0
    starts: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def kill_run(drop: Path, kinds: dict[str, str], expected: dict[str, dict], work: Path, seed: int,
             kills: int = 3, workers: int = 2, max_delay: float = 8.0, timeout: float = 600.0) -> RunResult:
    """One run: a fresh inbox from ``drop``, ``kills`` random SIGKILLs, a last start to the end, the checks."""
    rng = random.Random(seed)
    res = RunResult(seed=seed)
    if work.exists():
        shutil.rmtree(work)
    inbox, out = work / "inbox", work / "out"
    shutil.copytree(drop, inbox)
    t0 = time.monotonic()
    with open(work / "watch.log", "wb") as log:
        for k in range(kills + 1):
            proc = _watch(inbox, out, workers, log)
            res.starts += 1
            last = k == kills
            try:
                if last:
                    proc.wait(timeout=timeout)
                    # 1: files failed in this start (the bad ones, unless an earlier start did
                    # them); that nothing is left in the inbox is checked below
                    if proc.returncode not in (0, 1):
                        res.problems.append(f"the last start exited {proc.returncode}")
                    break
                delay = rng.uniform(0.0, max_delay)
                try:
                    proc.wait(timeout=delay)  # it may end first: the drop is done before the kill
                except subprocess.TimeoutExpired:
                    pass
                whole_group = rng.random() < 0.5
                if proc.poll() is None:
                    if whole_group:
                        os.killpg(proc.pid, signal.SIGKILL)
                    else:
                        os.kill(proc.pid, signal.SIGKILL)
                    res.kills += 1
                proc.wait(timeout=30)
                # orphaned workers notice their watcher is gone and exit on their own; the
                # restart does not wait for them (a real restart would not either)
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    # every worker of every start is gone before the checks (an orphan exits within about a second)
    end = time.monotonic() + 30
    while time.monotonic() < end and _stray_workers(work):
        time.sleep(0.1)
    res.seconds = time.monotonic() - t0
    res.problems += check(inbox, out, kinds, expected)
    return res


def _stray_workers(work: Path) -> list[int]:
    """Processes still running whose command line names this run's inbox."""
    needle = str(work / "inbox").encode()
    found = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if needle in (p / "cmdline").read_bytes():
                    found.append(int(p.name))
            except OSError:
                pass
    return found


def check(inbox: Path, out: Path, kinds: dict[str, str], expected: dict[str, dict]) -> list[str]:
    """The problems after a drop is done (empty: each file exactly once, every output whole)."""
    problems: list[str] = []
    left = sorted(p.name for p in inbox.iterdir() if p.is_file())
    if left:
        problems.append(f"left in the inbox: {left}")
    processed = [p for p in (inbox / "processed").rglob("*") if p.is_file()] if (inbox / "processed").exists() else []
    failed_dir = inbox / "failed"
    failed = [p for p in failed_dir.iterdir() if p.is_file()] if failed_dir.exists() else []
    tmps = [str(p) for d in (inbox, out) for p in d.rglob("*") if p.name.endswith(".tmp")]
    if tmps:
        problems.append(f"temporary files left: {tmps}")
    moved = [p.name for p in processed] + [p.name for p in failed if not p.name.endswith(".error.json")]
    for name in kinds:
        if moved.count(name) != 1:
            problems.append(f"{name}: {moved.count(name)} times in processed/ and failed/")
    extra = sorted(set(moved) - set(kinds))
    if extra:
        problems.append(f"unknown files in processed/ or failed/: {extra}")
    db = sqlite3.connect(out / JOURNAL)
    try:
        rows = db.execute("SELECT id, name, state, stem, duplicate_of, dest FROM files").fetchall()
    finally:
        db.close()
    by_name: dict[str, list] = {}
    for r in rows:  # a name or path that is not UTF-8 is kept as its bytes (a BLOB)
        r = tuple(os.fsdecode(v) if isinstance(v, bytes) else v for v in r)
        by_name.setdefault(r[1], []).append(r)
    want_stems: set[str] = set()
    for name, kind in kinds.items():
        got = by_name.get(name, [])
        if len(got) != 1:
            problems.append(f"{name}: {len(got)} journal rows {[(r[2]) for r in got]}")
            continue
        _rid, _n, state, stem, dup, dest = got[0]
        want = "failed" if "error" in expected[name] else "done"
        if state != want:
            problems.append(f"{name}: journal state {state!r}, expected {want!r}")
        if dest and not Path(dest).exists():
            problems.append(f"{name}: journal dest {dest} does not exist")
        if want == "failed":
            err = failed_dir / f"{name}.error.json"
            try:
                code = json.loads(err.read_text(encoding="utf-8"))["code"]
            except (OSError, ValueError, KeyError) as exc:
                problems.append(f"{name}: error file {err.name}: {type(exc).__name__}: {exc}")
            else:
                if code != expected[name]["error"]:
                    problems.append(f"{name}: error code {code}, expected {expected[name]['error']}")
            continue
        if (kind == "duplicate") != (dup is not None):
            problems.append(f"{name}: duplicate_of {dup} for a {kind} file")
        if dup is None:
            if not stem:
                problems.append(f"{name}: no stem in the journal")
                continue
            want_stems.add(stem)
            try:
                rec = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                problems.append(f"{name}: {stem}.json: {type(exc).__name__}: {exc}")
                continue
            if rec != expected[name]["record"]:
                problems.append(f"{name}: {stem}.json differs from vnnq.extract of the file")
            for fmt in ("xlsx", "html"):
                p = out / f"{stem}.{fmt}"
                if not p.exists() or p.stat().st_size == 0:
                    problems.append(f"{name}: {p.name} missing or empty")
    extra = sorted(set(rows_name for rows_name in by_name) - set(kinds))
    if extra:
        problems.append(f"journal rows for unknown files: {extra}")
    outputs = {p.name for p in out.iterdir() if p.is_file() and not p.name.startswith(JOURNAL)}
    want_outputs = {f"{s}.{fmt}" for s in want_stems for fmt in ("json", "xlsx", "html")}
    if outputs != want_outputs:
        problems.append(f"outputs: extra {sorted(outputs - want_outputs)}, missing {sorted(want_outputs - outputs)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--kills", type=int, default=3, help="SIGKILLs per run before the last start (default 3)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-delay", type=float, default=8.0,
                    help="a kill comes after a delay drawn uniformly from [0, this] seconds (default 8)")
    ap.add_argument("--seed", type=int, default=None, help="the first run's seed (default: random, printed)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the folders of failed runs here")
    args = ap.parse_args(argv)
    # a SIGTERM ends the bench through its finally blocks: the watcher in flight is killed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    base_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    print(f"kill_watch: {args.runs} runs of a {args.files}-file drop, {args.kills} kills each, "
          f"seeds {base_seed}..{base_seed + args.runs - 1}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="vnnq-kill-"))
    cpu0 = os.times()
    try:
        drop = tmp / "drop"
        kinds = build_drop(drop, args.files, seed=0)
        expected = expected_records(drop, kinds)
        bad_runs, total_kills, total_starts = [], 0, 0
        t0 = time.monotonic()
        for i in range(args.runs):
            seed = base_seed + i
            r = kill_run(drop, kinds, expected, tmp / "run", seed, kills=args.kills, workers=args.workers,
                         max_delay=args.max_delay)
            total_kills += r.kills
            total_starts += r.starts
            status = "ok" if not r.problems else f"FAILED ({len(r.problems)} problems)"
            print(f"run {i + 1}/{args.runs} seed {seed}: {r.kills} kills, {r.starts} starts, "
                  f"{r.seconds:.1f} s: {status}", flush=True)
            if r.problems:
                bad_runs.append(seed)
                for p in r.problems[:20]:
                    print(f"    {p}", flush=True)
                if args.keep:
                    dest = args.keep / f"seed-{seed}"
                    shutil.copytree(tmp / "run", dest, dirs_exist_ok=True)
                    print(f"    kept in {dest}", flush=True)
        cpu = os.times()
        print(f"kill_watch: {args.runs - len(bad_runs)}/{args.runs} runs ok, {total_kills} kills, "
              f"{total_starts} starts, {sum(kinds[n] != 'bad' for n in kinds)} good + "
              f"{sum(kinds[n] == 'bad' for n in kinds)} bad files per run, {time.monotonic() - t0:.0f} s wall, "
              f"{(cpu.children_user + cpu.children_system) - (cpu0.children_user + cpu0.children_system):.0f} "
              f"CPU-s in the watchers", flush=True)
        if bad_runs:
            print(f"kill_watch: failed seeds {bad_runs} (replay: --seed N --runs 1)")
        return 1 if bad_runs else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
