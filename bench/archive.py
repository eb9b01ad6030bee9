"""Archive indexing at scale: build an archive of copies, index it, time the queries.

    python bench/archive.py                   # 20,000 files, subset of 2,000 for the engine rates
    python bench/archive.py --n 4000 --rate-n 1000
    python bench/archive.py --keep /tmp/arc   # keep the archive and the index there

The archive is made in a temporary folder (never committed) from
../shared/archive-sample: each copy has another name and folder, another
document number in its "Số:" line and a line of its own at the end, so every
copy is a distinct content that must be extracted.  Then, each as a `vnnq index`
process of its own (its process tree's memory polled every 0.2 s):

1. the whole archive, local engine, 2 workers: documents/s, peak memory, index size;
2. the same command again (nothing changed): the incremental re-run;
3. the first --rate-n files with the local engine and 1 worker, 2 workers, and
   the dask engine on a LocalCluster of 2 workers: documents/s;
4. each search kind on the whole index, 20 times after a warm-up: median and p95 ms.

Speed is measured here, never asserted in tests.  The machine's cores are shared
with whatever else runs: the figures are of that machine at that time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT.parent / "shared" / "archive-sample"
PER_FOLDER = 1000

_NUMBER_RE = re.compile(r"(Số:\s*\**\s*)(\d+)")


def build(dest: Path, n: int, seed: int = 7) -> None:
    """n copies of the sample, 1000 per folder part-NN/, in subfolders by a made-up unit."""
    rng = random.Random(seed)
    sources = sorted(SAMPLE.glob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    units = ["van-phong", "noi-vu", "tai-chinh", "giao-duc", "y-te", "van-hoa-xa-hoi", "kinh-te", "to-chuc"]
    for i in range(n):
        k = i % len(texts)
        text = _NUMBER_RE.sub(lambda m: m.group(1) + str(rng.randint(1, 9999)), texts[k], count=1)
        text += f"\n\nBản lưu trữ số {i:06d}.\n"
        folder = dest / f"part-{i // PER_FOLDER:02d}" / units[i % len(units)]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{sources[k].stem}-{i:06d}.md").write_text(text, encoding="utf-8")


def run_index(args: list[str]) -> dict:
    """Run `vnnq index ... --json` and poll its process tree's memory."""
    import psutil

    cmd = [sys.executable, "-m", "vnnq.cli", "index", *args, "--quiet", "--json"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak_main = peak_tree = 0
    cpu: dict[int, float] = {}  # pid -> CPU seconds last seen (user + system), the tree's processes
    while proc.poll() is None:
        try:
            main = ps.memory_info().rss
            kids = ps.children(recursive=True)
            tree = main + sum(c.memory_info().rss for c in kids)
            peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
            for c in [ps, *kids]:
                t = c.cpu_times()
                cpu[c.pid] = t.user + t.system
        except psutil.Error:
            pass
        time.sleep(0.2)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    counts = json.loads(out.strip().splitlines()[-1])
    counts["wall_seconds"] = round(time.perf_counter() - t0, 2)
    counts["docs_per_second"] = round(counts["indexed"] / counts["seconds"], 2) if counts["seconds"] else None
    counts["peak_main_mb"] = round(peak_main / 2**20, 1)
    counts["peak_tree_mb"] = round(peak_tree / 2**20, 1)
    # CPU seconds per document, all the run's processes: the machine-independent cost (what the
    # figures for more cores and machines are planned from), whatever else shares the cores
    counts["cpu_seconds"] = round(sum(cpu.values()), 1)
    counts["cpu_ms_per_doc"] = round(1000 * sum(cpu.values()) / counts["indexed"], 1) if counts["indexed"] else None
    return counts


def queries(db: Path) -> list[dict]:
    from vnnq.archive.index import open_index
    from vnnq.archive.search import Query, search

    conn = open_index(db, readonly=True)
    top_code = conn.execute("SELECT code FROM refs GROUP BY code_key ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    cases = [
        ("full text, diacritics", Query(text="chuyển đổi số")),
        ("full text, none", Query(text="quan triet")),
        ("full text, two phrases", Query(text='"dang uy" "bao cao"')),
        (f"cites {top_code} (most cited)", Query(cites=top_code)),
        ("cites 71-NQ/TW", Query(cites="71-NQ/TW")),
        ("tasks of a unit", Query(unit="Phòng Văn hóa - Xã hội")),
        ("tasks of a unit (common)", Query(unit="Ủy ban nhân dân xã")),
        ("deadlines in a window", Query(due_after="2025-11-01", due_before="2025-12-31")),
        ("unit + window", Query(unit="Sở Tài chính", due_after="2025-11-01", due_before="2025-12-31")),
        ("issuer", Query(issuer="UBND tỉnh")),
        ("type", Query(type="Kế hoạch")),
        ("date range", Query(date_from="2025-11-01", date_to="2025-11-30")),
        ("text + type + dates", Query(text="chuyển đổi số", type="Kế hoạch", date_from="2025-01-01")),
        ("refs of an issuer", Query(kind="refs", issuer="Bộ Chính trị")),
    ]
    out = []
    for label, q in cases:
        res = search(conn, q)  # warm-up
        times, cpu = [], []
        for _ in range(20):
            t, c = time.perf_counter(), time.process_time()
            search(conn, q)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
        times.sort()
        # wall time is what a user waits; CPU time is the query's own cost on a shared machine
        out.append({"query": label, "rows": len(res.rows), "median_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                    "cpu_median_ms": round(statistics.median(cpu), 1)})
    conn.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20000, help="files in the archive (default 20000)")
    ap.add_argument("--rate-n", type=int, default=2000, help="files for the engine rates (default 2000)")
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (default: a temporary folder)")
    ap.add_argument("--skip-full", action="store_true", help="only the engine rates")
    ap.add_argument("--skip-rates", action="store_true", help="only the whole archive and the queries")
    ap.add_argument("--queries-only", action="store_true",
                    help="only the query timings, on the index a --keep run left in DIR/full.sqlite")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="vnnq-archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    arc = work / "archive"
    figures: dict = {"n": args.n, "rate_n": args.rate_n, "cores": os.cpu_count()}
    if args.queries_only:
        figures = {"queries": queries(work / "full.sqlite")}
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    try:
        if not arc.exists():
            t = time.perf_counter()
            build(arc, args.n)
            print(f"built {args.n} files in {time.perf_counter() - t:.1f} s ({arc})", file=sys.stderr)
        if not args.skip_full:
            db = work / "full.sqlite"
            figures["full"] = run_index([str(arc), "--db", str(db), "--workers", "2"])
            size = sum(p.stat().st_size for p in work.glob("full.sqlite*"))
            figures["full"]["index_mb"] = round(size / 2**20, 1)
            figures["full"]["archive_mb"] = round(sum(p.stat().st_size for p in arc.rglob("*.md")) / 2**20, 1)
            print(json.dumps(figures["full"]), file=sys.stderr)
            figures["rerun"] = run_index([str(arc), "--db", str(db), "--workers", "2"])
            print(json.dumps(figures["rerun"]), file=sys.stderr)
            figures["queries"] = queries(db)
            for q in figures["queries"]:
                print(json.dumps(q, ensure_ascii=False), file=sys.stderr)
        parts = sorted(arc.glob("part-*"))[: max(1, args.rate_n // PER_FOLDER)]
        subset = [str(p) for p in parts]
        engines = (("local-1", ["--workers", "1"]), ("local-2", ["--workers", "2"]),
                   ("dask-localcluster-2", ["--engine", "dask", "--workers", "2"]))
        for label, extra in () if args.skip_rates else engines:
            db = work / f"rate-{label}.sqlite"
            for p in work.glob(f"rate-{label}.sqlite*"):
                p.unlink()
            figures[label] = run_index([*subset, "--db", str(db), *extra])
            print(label, json.dumps(figures[label]), file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
