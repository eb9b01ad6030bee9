"""Soak: the real API server under a load generator at saturation for N minutes.

    python bench/soak.py [--minutes 10] [--concurrency 8] [--workers 2] [--seed N] [--json]

Starts ``vnnq serve`` on a free loopback port and keeps CONCURRENCY requests in
flight for MINUTES, each a random pick (seeded) from a mix of inputs:

- good: a text directive as JSON (~10 KB), a DOCX upload, a 3-page PDF upload,
  a text upload asking for the review page (``format=html``) or the task list
  (``/v1/tasks?format=xlsx``): each must get 200;
- bad: a damaged PDF, an empty file, random bytes, a truncated DOCX, a zip that
  is no document: each must get a 4xx with a JSON error.

Reports requests, throughput, p50/p95/p99 latency (overall and per input),
every status code, the count of 5xx answers and of answers that were not the
expected one, client-side failures (timeouts, refused connections), whether
the server lived to the end, and the resident memory (VmRSS) of the server and
its worker processes at the start (after a warm-up), every 30 s and at the end.
Measured here, never asserted as speed in tests; ``tests/test_soak.py`` runs
20 seconds of it and asserts only: no 5xx, no wrong answer, the server alive.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def tree_rss_kb(pid: int) -> int:
    """VmRSS of a process and all its descendants, from /proc (Linux)."""
    seen, todo, total = set(), [pid], 0
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(k) for k in (task / "children").read_text().split()]
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


@dataclass(frozen=True)
class Input:
    name: str
    path: str  # "/v1/extract?format=json" ...
    good: bool
    json_body: dict | None = None
    upload: tuple[str, bytes, str] | None = None
    weight: float = 1.0


def make_inputs() -> list[Input]:
    from api_load import make_inputs as text_and_pdf
    import docx

    with tempfile.TemporaryDirectory() as tmp:
        text, pdf = text_and_pdf(Path(tmp))
        d = docx.Document()
        for line in text.splitlines()[:80]:
            d.add_paragraph(line)
        d.save(Path(tmp) / "a.docx")
        docx_bytes = (Path(tmp) / "a.docx").read_bytes()
    rng = random.Random(7)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "không phải văn bản")
    small = text.encode("utf-8")[:4000].decode("utf-8", "ignore")
    return [
        Input("text-json", "/v1/extract", True, json_body={"text": text}, weight=3),
        Input("docx", "/v1/extract", True, upload=("cong-van.docx", docx_bytes, "application/octet-stream"), weight=2),
        Input("pdf-3-pages", "/v1/extract", True, upload=("ke-hoach.pdf", pdf, "application/pdf"), weight=1),
        Input("text-html", "/v1/extract?format=html", True, upload=("cv.txt", small.encode(), "text/plain"), weight=1),
        Input("tasks-xlsx", "/v1/tasks?format=xlsx", True, upload=("cv.txt", small.encode(), "text/plain"), weight=1),
        Input("bad-pdf", "/v1/extract", False, upload=("hong.pdf", pdf[: len(pdf) // 3], "application/pdf")),
        Input("bad-empty", "/v1/extract", False, upload=("rong.txt", b"", "text/plain")),
        Input("bad-random", "/v1/extract", False,
              upload=("rac.docx", bytes(rng.getrandbits(8) for _ in range(20000)), "application/octet-stream")),
        Input("bad-truncated-docx", "/v1/extract", False, upload=("cat.docx", docx_bytes[:2000], "application/octet-stream")),
        Input("bad-zip", "/v1/extract", False, upload=("nen.zip", buf.getvalue(), "application/zip")),
    ]


@dataclass
class Result:
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    server_errors: int = 0
    wrong: list[str] = field(default_factory=list)
    client_failures: dict[str, int] = field(default_factory=dict)
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (seconds, MB)
    server_alive: bool = True
    health_after: bool = True

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def _pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


async def _load(base: str, inputs: list[Input], seconds: float, concurrency: int, seed: int, res: Result,
                pid: int) -> None:
    rng = random.Random(seed)
    weights = [i.weight for i in inputs]
    stop = time.monotonic() + seconds
    t_start = time.monotonic()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=180, limits=limits) as client:
        async def one() -> None:
            while time.monotonic() < stop:
                inp = rng.choices(inputs, weights)[0]
                t0 = time.perf_counter()
                try:
                    if inp.json_body is not None:
                        r = await client.post(base + inp.path, json=inp.json_body)
                    else:
                        r = await client.post(base + inp.path, files={"file": inp.upload})
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                    res.client_failures[key] = res.client_failures.get(key, 0) + 1
                    await asyncio.sleep(0.1)
                    continue
                res.latencies.setdefault(inp.name, []).append(time.perf_counter() - t0)
                res.statuses[r.status_code] = res.statuses.get(r.status_code, 0) + 1
                if r.status_code >= 500:
                    res.server_errors += 1
                ok = r.status_code == 200 if inp.good else 400 <= r.status_code < 500
                if ok and not inp.good:
                    try:
                        ok = bool(r.json().get("error"))
                    except ValueError:
                        ok = False
                if not ok and len(res.wrong) < 50:
                    res.wrong.append(f"{inp.name}: {r.status_code} {r.text[:200]}")

        async def memory() -> None:
            while time.monotonic() < stop:
                await asyncio.sleep(min(30.0, max(0.0, stop - time.monotonic())))
                res.rss_mb.append((time.monotonic() - t_start, tree_rss_kb(pid) / 1024))

        await asyncio.gather(memory(), *(one() for _ in range(concurrency)))
    res.seconds = time.monotonic() - t_start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def soak(seconds: float, concurrency: int = 8, workers: int = 2, seed: int = 0,
         inputs: list[Input] | None = None) -> Result:
    """Start the server, warm it up, load it for ``seconds``, stop it; the figures."""
    inputs = inputs or make_inputs()
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "vnnq.cli", "serve", "--port", str(port), "--workers",
                             str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    res = Result()
    try:
        deadline = time.time() + 90
        while True:
            try:
                if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        for inp in inputs:  # warm-up: every worker has read every kind once
            for _ in range(workers):
                if inp.json_body is not None:
                    httpx.post(base + inp.path, json=inp.json_body, timeout=120)
                else:
                    httpx.post(base + inp.path, files={"file": inp.upload}, timeout=120)
        res.rss_mb.append((0.0, tree_rss_kb(proc.pid) / 1024))
        asyncio.run(_load(base, inputs, seconds, concurrency, seed, res, proc.pid))
        res.server_alive = proc.poll() is None
        try:
            res.health_after = httpx.get(base + "/v1/health", timeout=10).status_code == 200
        except httpx.HTTPError:
            res.health_after = False
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return res


def report(res: Result, concurrency: int, workers: int) -> str:
    every = [x for v in res.latencies.values() for x in v]
    lines = [f"soak: {res.seconds / 60:.1f} min, {concurrency} in flight, {workers} worker processes",
             f"requests {res.requests}, {res.requests / res.seconds:.1f} req/s, "
             f"p50 {_pct(every, 50) * 1000:.0f} ms, p95 {_pct(every, 95) * 1000:.0f} ms, "
             f"p99 {_pct(every, 99) * 1000:.0f} ms, max {max(every, default=0) * 1000:.0f} ms",
             f"status codes {dict(sorted(res.statuses.items()))}; 5xx {res.server_errors}; "
             f"not the expected answer {len(res.wrong)}; client failures {res.client_failures or 0}",
             f"server alive at the end {res.server_alive}, health {res.health_after}",
             "RSS of the server and its workers (MB): " + ", ".join(f"{t:.0f}s {mb:.0f}" for t, mb in res.rss_mb)]
    for name, v in sorted(res.latencies.items()):
        lines.append(f"  {name:20s} {len(v):6d} requests  p50 {_pct(v, 50) * 1000:6.0f} ms  "
                     f"p95 {_pct(v, 95) * 1000:6.0f} ms  p99 {_pct(v, 99) * 1000:6.0f} ms")
    lines += [f"  wrong: {w}" for w in res.wrong[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)
    cpu0 = time.process_time()
    res = soak(args.minutes * 60, args.concurrency, args.workers, args.seed)
    print(report(res, args.concurrency, args.workers))
    print(f"load generator CPU {time.process_time() - cpu0:.0f} s; machine load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.json:
        every = [x for v in res.latencies.values() for x in v]
        print(json.dumps({"requests": res.requests, "rps": res.requests / res.seconds,
                          "p50": _pct(every, 50), "p95": _pct(every, 95), "p99": _pct(every, 99),
                          "statuses": res.statuses, "server_errors": res.server_errors, "wrong": len(res.wrong),
                          "client_failures": res.client_failures, "rss_mb": res.rss_mb,
                          "server_alive": res.server_alive}))
    return 0 if res.server_errors == 0 and not res.wrong and res.server_alive and res.health_after else 1


if __name__ == "__main__":
    sys.exit(main())
