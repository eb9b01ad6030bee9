"""The HTTP API: the real server on 127.0.0.1, called with a real HTTP client."""

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import docx
import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "004_a4acfd5417d7c047.txt"


def _zip() -> bytes:
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "không phải văn bản")
    return buf.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(*args, env_extra=None):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    proc = subprocess.Popen([sys.executable, "-m", "vnnq.cli", "serve", "--port", str(port), *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


@pytest.fixture(scope="module")
def server():
    proc, base = _start("--max-mb", "1", "--workers", "2")
    yield base
    proc.terminate()
    proc.wait(timeout=30)


def test_health_version_schema_openapi_docs(server):
    assert httpx.get(server + "/v1/health").json() == {"status": "ok"}
    v = httpx.get(server + "/v1/version").json()
    assert v["vnnq"] and v["schema_version"]
    assert httpx.get(server + "/v1/schema").json()["title"] == "vnnq directive record"
    spec = httpx.get(server + "/openapi.json").json()
    assert "/v1/extract" in spec["paths"] and "/v1/tasks" in spec["paths"]
    docs = httpx.get(server + "/docs").text
    assert "/v1/extract" in docs and "cdn" not in docs.lower() and "http://" not in docs
    assert 'type="file"' in httpx.get(server + "/").text


def test_same_record_as_the_library(server):
    import vnnq
    want = vnnq.extract(SEED.read_bytes(), name=SEED.name).to_dict()
    r = httpx.post(server + "/v1/extract", files={"file": (SEED.name, SEED.read_bytes(), "text/plain")},
                   timeout=60)
    assert r.status_code == 200, r.text
    assert r.json() == want


def test_text_body_docx_upload_and_formats(server, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    r = httpx.post(server + "/v1/extract", json={"text": text}, timeout=60)
    assert r.status_code == 200 and r.json()["tasks"]
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    p = tmp_path / "ke-hoach.docx"
    d.save(p)
    r = httpx.post(server + "/v1/tasks", files={"file": ("../../etc/passwd", p.read_bytes())}, timeout=60)
    assert r.status_code == 200, r.text
    rows = r.json()
    assert rows and {"unit", "task", "due", "categories"} <= set(rows[0])
    for fmt, media in (("html", "text/html"), ("ics", "text/calendar"), ("edxml", "application/xml"),
                       ("csv", "text/csv"), ("jsonl", "application/x-ndjson")):
        r = httpx.post(server + f"/v1/extract?format={fmt}", json={"text": text}, timeout=60)
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), fmt
        if fmt == "jsonl":
            assert json.loads(r.text.strip())["tasks"]
    for path in ("/v1/tasks?format=xlsx", "/v1/extract?format=xlsx"):
        r = httpx.post(server + path, json={"text": text}, timeout=60)
        assert r.status_code == 200 and r.content[:2] == b"PK", path
    # the upload's name is a label: its last part, never a path
    r = httpx.post(server + "/v1/extract", files={"file": ("../../tmp/x/../ke-hoach.docx", p.read_bytes())},
                   timeout=60)
    assert r.status_code == 200 and r.json()["source"]["name"] == "ke-hoach.docx"


def test_every_cli_format_is_served(server):
    """Every --format of vnnq extract is a ?format= of /v1/extract."""
    from vnnq.export import FORMATS
    spec = httpx.get(server + "/openapi.json").json()
    params = spec["paths"]["/v1/extract"]["post"]["parameters"]
    enum = next(p for p in params if p["name"] == "format")["schema"]["enum"]
    assert sorted(enum) == sorted(FORMATS)


@pytest.mark.parametrize("payload,status,code", [
    ({"files": {"file": ("x.pdf", b"%PDF-1.4\n1 0 obj <<")}}, 422, "unreadable"),
    ({"files": {"file": ("x.txt", b"")}}, 422, "empty"),
    ({"files": {"file": ("x.zip", _zip())}}, 415, "unsupported"),
    ({"files": {"file": ("big.txt", "Số: 1/KH-UBND\n".encode() * 100_000)}}, 413, "too_large"),
    ({"json": {"nope": 1}}, 422, "no_text"),
    ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415, "unsupported_media_type"),
])
def test_bad_input_gets_a_clear_json_error(server, payload, status, code):
    r = httpx.post(server + "/v1/extract", timeout=60, **payload)
    assert r.status_code == status, r.text
    assert r.json()["error"] == code and r.json()["detail"]
    assert httpx.get(server + "/v1/health").status_code == 200  # and the server lives on


def test_bearer_token(tmp_path):
    proc, base = _start(env_extra={"VNNQ_API_TOKEN": "s3cret"})
    try:
        assert httpx.post(base + "/v1/extract", json={"text": "Số: 1/KH-UBND"}).status_code == 401
        r = httpx.post(base + "/v1/extract", json={"text": "Số: 1/KH-UBND\nGiao Sở Y tế chủ trì."},
                       headers={"authorization": "Bearer s3cret"}, timeout=60)
        assert r.status_code == 200
        assert httpx.get(base + "/v1/health").status_code == 200  # health stays open
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_upload_page_sends_the_token_as_a_form_field():
    """A browser form cannot set the Authorization header: with a token set, the
    page asks for it and the multipart form carries it; nothing else accepts it."""
    proc, base = _start(env_extra={"VNNQ_API_TOKEN": "s3cret"})
    try:
        page = httpx.get(base + "/").text
        assert 'name="token"' in page
        files = {"file": ("cv.txt", "Số: 1/KH-UBND\nGiao Sở Y tế chủ trì.".encode(), "text/plain")}
        r = httpx.post(base + "/v1/extract?format=json", files=files, data={"token": "s3cret"}, timeout=60)
        assert r.status_code == 200 and r.json()["tasks"][0]["unit"] == "Sở Y tế"
        assert httpx.post(base + "/v1/tasks?format=json", files=files, data={"token": "sai"}).status_code == 401
        assert httpx.post(base + "/v1/extract", files=files).status_code == 401
        # a header that is wrong is not rescued by the form field
        assert httpx.post(base + "/v1/extract", files=files, data={"token": "s3cret"},
                          headers={"authorization": "Bearer sai"}).status_code == 401
        assert httpx.get(base + "/v1/version").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_time_limit_gives_504_and_the_server_goes_on():
    proc, base = _start("--timeout", "0.001")
    try:
        r = httpx.post(base + "/v1/extract", json={"text": SEED.read_text(encoding="utf-8")}, timeout=60)
        assert r.status_code == 504 and r.json()["error"] == "timeout"
        assert httpx.get(base + "/v1/health").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_api_keeps_to_its_own_openapi_spec(server, tmp_path):
    """schemathesis generates requests from /openapi.json and checks every answer
    against it: documented status codes, response schemas, no server errors.
    (positive_data_acceptance is left out: a schema-valid upload may still be a
    PNG or a zip, which is rightly refused with 415.)"""
    pytest.importorskip("schemathesis")
    r = subprocess.run([sys.executable, "-m", "schemathesis.cli", "run", server + "/openapi.json",
                        "--checks", "all", "--exclude-checks", "positive_data_acceptance",
                        "-n", "60", "--seed", "1"], capture_output=True, text=True, timeout=600, cwd=tmp_path,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 0, r.stdout[-3000:]


def test_a_slow_document_does_not_hold_the_server(tmp_path):
    """A document over the time limit gets 504 and its worker is stopped; a
    small document sent meanwhile and after is answered."""
    # (under Settings.max_chars, 2,000,000: about 2 s of extraction)
    big = ("\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.md"))) * 8)[:1_900_000]
    proc, base = _start("--timeout", "1", "--workers", "2", "--max-mb", "50")
    try:
        async def both():
            async with httpx.AsyncClient(timeout=120) as client:
                slow = client.post(base + "/v1/extract", json={"text": big})
                await asyncio.sleep(0.3)
                fast = client.post(base + "/v1/extract", files={"file": (SEED.name, SEED.read_bytes())})
                return await asyncio.gather(slow, fast)
        slow, fast = asyncio.run(both())
        assert slow.status_code == 504 and slow.json()["error"] == "timeout"
        assert fast.status_code == 200, fast.text
        r = httpx.post(base + "/v1/extract", files={"file": (SEED.name, SEED.read_bytes())}, timeout=60)
        assert r.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_bearer_token_from_a_file(tmp_path):
    token = tmp_path / "token"
    token.write_text("tu-tep\n", encoding="utf-8")
    proc, base = _start("--token-file", str(token))
    try:
        body = {"text": "Số: 1/KH-UBND\nGiao Sở Y tế chủ trì."}
        assert httpx.post(base + "/v1/extract", json=body).status_code == 401
        assert httpx.post(base + "/v1/extract", json=body, headers={"authorization": "Bearer sai"}).status_code == 401
        r = httpx.post(base + "/v1/extract", json=body, headers={"authorization": "Bearer tu-tep"}, timeout=60)
        assert r.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_upload_page_does_what_it_offers(server):
    """The page at /: its form sent as a browser sends it, to each of its
    buttons: the review page, a JSON download, an XLSX download."""
    page = httpx.get(server + "/").text
    assert '<form method="post" enctype="multipart/form-data"' in page and 'name="file"' in page
    default = re.search(r'<form[^>]* action="([^"]+)"', page).group(1)
    actions = [default] + re.findall(r'formaction="([^"]+)"', page)
    got = {}
    for action in actions:
        url = server + action.replace("&amp;", "&")
        r = httpx.post(url, files={"file": (SEED.name, SEED.read_bytes(), "text/plain")}, timeout=60)
        assert r.status_code == 200, (action, r.text[:300])
        got[action] = r
    review = got[default]
    assert review.headers["content-type"].startswith("text/html") and 'data-kind="unit"' in review.text
    downloads = [r for a, r in got.items() if a != default]
    kinds = {r.headers["content-type"].split(";")[0] for r in downloads}
    assert kinds == {"application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for r in downloads:
        assert r.headers["content-disposition"].startswith("attachment;"), r.headers
        if r.headers["content-type"].startswith("application/json"):
            assert r.json()["source"]["name"] == SEED.name
        else:
            assert r.content[:2] == b"PK"


def _children(pid):
    kids = []
    for task in os.scandir(f"/proc/{pid}/task"):
        with open(f"{task.path}/children") as f:
            kids += [int(k) for k in f.read().split()]
    return kids


def _gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"  # a zombie has ended
    except FileNotFoundError:
        return True


def test_stopping_the_server_leaves_no_worker_behind():
    """SIGTERM: the server ends its extraction processes.  kill -9: they notice
    and end by themselves (they used to linger, ignoring SIGTERM)."""
    for how in (signal.SIGTERM, signal.SIGKILL):
        proc, base = _start("--workers", "2")
        r = httpx.post(base + "/v1/extract", json={"text": SEED.read_text(encoding="utf-8")}, timeout=60)
        assert r.status_code == 200
        workers = _children(proc.pid)
        assert workers
        proc.send_signal(how)
        proc.wait(timeout=60)
        end = time.time() + 60  # a bound on a hang, not a speed check
        while not all(_gone(w) for w in workers):
            assert time.time() < end, f"workers {workers} still running after {how.name}"
            time.sleep(0.1)


# ---------------------------------------------------------------- jobs: long documents


def _wait_job(base: str, location: str, **kw) -> dict:
    """Poll a job until it has finished, as its Retry-After asks."""
    for _ in range(600):
        r = httpx.get(base + location, timeout=30, **kw)
        assert r.status_code == 200, r.text
        if r.json()["status"] in ("done", "failed"):
            assert "retry-after" not in r.headers
            return r.json()
        assert r.headers["retry-after"] == "2"
        time.sleep(0.5)
    raise AssertionError("the job did not finish")


def test_a_job_gives_the_record_a_request_over_the_time_limit_cannot():
    """With --timeout 0.001 /v1/extract answers 504; the same document as a
    job is answered 202 at once and its record is fetched when done."""
    from vnnq import extract

    proc, base = _start("--timeout", "0.001")
    try:
        text = SEED.read_text(encoding="utf-8")
        assert httpx.post(base + "/v1/extract", json={"text": text}, timeout=60).status_code == 504
        r = httpx.post(base + "/v1/jobs", files={"file": (SEED.name, SEED.read_bytes())}, timeout=60)
        assert r.status_code == 202, r.text
        location = r.headers["location"]
        assert location == f"/v1/jobs/{r.json()['id']}" and r.json()["status"] in ("queued", "running")
        early = httpx.get(base + location + "/result", timeout=30)
        assert early.status_code in (200, 409)  # 409 not_finished while it runs
        job = _wait_job(base, location)
        assert job["status"] == "done" and job["result"] == location + "/result"
        assert job["name"] == SEED.name and job["finished"] >= job["started"] >= job["created"]
        rec = httpx.get(base + job["result"], timeout=30).json()
        want = extract(SEED).to_dict()
        assert rec["document"] == want["document"] and rec["tasks"] == want["tasks"]
        xlsx = httpx.get(base + job["result"], params={"format": "xlsx"}, timeout=30)
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        assert httpx.delete(base + location, timeout=30).status_code == 204
        gone = httpx.get(base + location, timeout=30)
        assert gone.status_code == 404 and gone.json()["error"] == "no_job"
        assert httpx.get(base + "/v1/jobs/nope/result", timeout=30).status_code == 404
        # a document that cannot be read: the job fails with the error /v1/extract gives
        bad = httpx.post(base + "/v1/jobs", files={"file": ("x.zip", _zip())}, timeout=60)
        job = _wait_job(base, bad.headers["location"])
        assert job["status"] == "failed" and job["error"]["error"] == "unsupported"
        assert httpx.get(base + job["result"] if job["result"] else base + bad.headers["location"] + "/result",
                         timeout=30).status_code == 415
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_job_over_the_job_time_limit_fails_and_the_next_one_runs():
    proc, base = _start("--job-timeout", "0.001")
    try:
        slow = httpx.post(base + "/v1/jobs", json={"text": SEED.read_text(encoding="utf-8")}, timeout=60)
        assert slow.status_code == 202
        job = _wait_job(base, slow.headers["location"])
        assert job["status"] == "failed" and job["error"]["error"] == "timeout"
        r = httpx.get(base + slow.headers["location"] + "/result", timeout=30)
        assert r.status_code == 504 and r.json()["error"] == "timeout"
        # the job worker was stopped and replaced: the next job runs (and fails the same way)
        again = httpx.post(base + "/v1/jobs", json={"text": "Số: 12/KH-UBND"}, timeout=60)
        assert _wait_job(base, again.headers["location"])["error"]["error"] == "timeout"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_jobs_are_limited_in_number():
    """--max-jobs 1: a second job while the first waits or runs gets 429."""
    big = ("\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.md"))) * 8)[:1_900_000]
    proc, base = _start("--max-jobs", "1", "--max-mb", "50")
    try:
        first = httpx.post(base + "/v1/jobs", json={"text": big}, timeout=60)
        assert first.status_code == 202
        second = httpx.post(base + "/v1/jobs", json={"text": "Số: 12/KH-UBND"}, timeout=60)
        assert second.status_code == 429 and second.json()["error"] == "too_many_jobs"
        assert "retry-after" in second.headers
        # cancelling the running job frees its place at once
        assert httpx.delete(base + first.headers["location"], timeout=30).status_code == 204
        third = httpx.post(base + "/v1/jobs", json={"text": SEED.read_text(encoding="utf-8")}, timeout=60)
        assert third.status_code == 202
        assert _wait_job(base, third.headers["location"])["status"] == "done"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_scan_as_a_job_reports_its_ocr_progress():
    from test_ocr import HEADER, image_pdf, needs_tesseract, page_image

    if needs_tesseract.args[0]:
        pytest.skip(needs_tesseract.kwargs["reason"])
    pdf = image_pdf(page_image(HEADER[:4]), page_image(HEADER[4:]))
    proc, base = _start()
    try:
        r = httpx.post(base + "/v1/jobs", files={"file": ("scan.pdf", pdf)}, timeout=60)
        assert r.status_code == 202
        job = _wait_job(base, r.headers["location"])
        assert job["status"] == "done"
        assert job["progress"] == {"pages_done": 2, "pages_total": 2}
        rec = httpx.get(base + job["result"], timeout=30).json()
        assert [p["page"] for p in rec["ocr_pages"]] == [1, 2]
        assert rec["document"]["code"] == "12/KH-UBND"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
