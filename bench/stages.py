"""CPU time of each stage of vnnq.extract over the texts bench/speed.py reads.

    python bench/stages.py [FOLDER ...]     documents per second (CPU, best of 3) and each stage's share
    python bench/stages.py --profile 40     a cProfile of one run instead, the 40 costliest functions (tottime)

Default folders: corpus/ and ../shared/archive-sample.  Files are read as bytes,
as bench/speed.py does, and run once before timing (models loaded, caches
warm).  A stage's time is the CPU time spent inside its function as
vnnq.pipeline calls it (reading, normalize, header, references, dates,
deadlines, tasks with the task tables, classify); the rest is the pipeline's
own glue.  CPU time (time.process_time) keeps the figures comparable on a
loaded machine.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = [("read_bytes", "reading"), ("normalize", "normalize"), ("extract_header", "header"),
          ("extract_references", "references"), ("extract_dates", "dates"), ("extract_deadlines", "deadlines"),
          ("extract_tasks", "tasks"), ("classify_tasks", "classify")]


def main(argv: list[str]) -> None:
    from vnnq import pipeline
    from vnnq.errors import VnnqError

    profile = None
    if "--profile" in argv:
        i = argv.index("--profile")
        profile = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    folders = [Path(a) for a in argv] or [ROOT / "corpus", ROOT.parent / "shared" / "archive-sample"]
    files = sorted(p for f in folders if f.exists() for p in f.rglob("*") if p.suffix in (".txt", ".md"))
    blobs = [(p.name, p.read_bytes()) for p in files]

    def run() -> None:
        for name, b in blobs:
            try:
                pipeline.extract(b, name=name)
            except VnnqError:
                pass

    run()  # models loaded, caches warm
    if profile is not None:
        prof = cProfile.Profile()
        prof.enable()
        run()
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(profile)
        return
    best = float("inf")
    for _ in range(3):
        c0 = time.process_time()
        run()
        best = min(best, time.process_time() - c0)
    n = len(blobs)
    print(f"{n} documents: {n / best:.1f} per second, {1000 * best / n:.2f} ms each (CPU, best of 3)")

    spent: dict[str, float] = {}

    def timed(fn, label):
        def wrapper(*args, **kwargs):
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - c0
        return wrapper

    for attr, label in STAGES:
        setattr(pipeline, attr, timed(getattr(pipeline, attr), label))
    c0 = time.process_time()
    run()
    total = time.process_time() - c0
    for label, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{label:12s} {1000 * s / n:6.2f} ms  {100 * s / total:5.1f}%")
    print(f"{'(one run)':12s} {1000 * total / n:6.2f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
