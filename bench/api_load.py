"""Load on the HTTP API: latency (p50, p95) and throughput at saturation.

    python bench/api_load.py [--seconds 60] [--concurrency 8] [--workers 2] [--single-seconds 15]

Starts `vnnq serve` on a free loopback port, then for each of two inputs (a
10 KB text directive sent as JSON, and a 3-page PDF uploaded as multipart)
first sends one request at a time for --single-seconds (latency without
queueing), then keeps CONCURRENCY requests in flight for SECONDS (saturation),
and prints requests per second, p50/p95 latency, errors, and the server's
memory (RSS of the server and its workers) before and after.  Measured here,
never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from soak import tree_rss_kb  # noqa: E402 - the process tree's resident memory, shared

ROOT = Path(__file__).resolve().parent.parent


def make_inputs(tmp: Path) -> tuple[str, bytes]:
    """A 10 KB text directive (UTF-8, cut at a line end) and a PDF of exactly 3 pages."""
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in seeds)
    text10k = text.encode("utf-8")[:10 * 1024].decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.add_font("dv", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dv", size=11)
    pdf.add_page()
    for line in text.splitlines():
        if pdf.page_no() == 3 and pdf.get_y() > pdf.h - pdf.b_margin - 40:
            break  # room for the longest wrapped line left on page 3: no page 4
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp / "doc.pdf"
    pdf.output(str(path))
    pages = pdf.page_no()
    assert pages == 3, pages
    return text10k, path.read_bytes()


async def load(base: str, seconds: float, concurrency: int, kind: str, payload) -> dict:
    lat: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(timeout=120) as client:
        async def one_worker():
            nonlocal errors
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                if kind == "text":
                    r = await client.post(base + "/v1/extract", json={"text": payload})
                else:
                    r = await client.post(base + "/v1/extract", files={"file": ("doc.pdf", payload)})
                if r.status_code != 200:
                    errors += 1
                lat.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        await asyncio.gather(*(one_worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    return {"requests": len(lat), "rps": len(lat) / wall, "p50": q[49], "p95": q[94], "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1, help="repeat each input, to see whether memory levels off")
    ap.add_argument("--only", choices=["text", "pdf"], help="one input only")
    ap.add_argument("--single-seconds", type=float, default=15,
                    help="first, this long with one request at a time: the latency without queueing (0: skip)")
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "vnnq.cli", "serve", "--port", str(port), "--workers",
                             str(args.workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as tmp:
            text, pdf = make_inputs(Path(tmp))
        # warm the worker processes up
        httpx.post(base + "/v1/extract", json={"text": text}, timeout=60)
        httpx.post(base + "/v1/extract", files={"file": ("doc.pdf", pdf)}, timeout=60)
        print(f"server: {args.workers} worker processes, {args.concurrency} requests in flight, "
              f"{args.seconds:.0f} s per input")
        inputs = [("text", text, f"text {len(text.encode()) / 1024:.1f} KB (JSON)"),
                  ("pdf", pdf, f"PDF 3 pages, {len(pdf) // 1024} KB (multipart)")]
        if args.single_seconds > 0:
            for kind, payload, label in [i for i in inputs if args.only in (None, i[0])]:
                res = asyncio.run(load(base, args.single_seconds, 1, kind, payload))
                print(f"{label:32s} one at a time: p50 {res['p50'] * 1000:5.0f} ms  p95 {res['p95'] * 1000:5.0f} ms"
                      f"  errors {res['errors']}/{res['requests']}")
        for kind, payload, label in [i for i in inputs if args.only in (None, i[0])] * args.rounds:
            before = tree_rss_kb(proc.pid)
            res = asyncio.run(load(base, args.seconds, args.concurrency, kind, payload))
            after = tree_rss_kb(proc.pid)
            print(f"{label:32s} {res['rps']:7.1f} req/s  p50 {res['p50'] * 1000:7.0f} ms  "
                  f"p95 {res['p95'] * 1000:7.0f} ms  errors {res['errors']}/{res['requests']}  "
                  f"RSS {before // 1024} → {after // 1024} MB")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
