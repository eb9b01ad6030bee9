"""The HTTP API: ``vnnq serve`` (FastAPI + uvicorn), a thin layer over extract().

- ``POST /v1/extract``: a file (multipart ``file``) or JSON ``{"text": ...}``;
  ``?format=json|jsonl|html|xlsx|csv|edxml|ics`` (default json, the record of
  ``vnnq extract``); ``&download=true`` sends it as an attachment.
- ``POST /v1/tasks``: the same input; the task list (JSON rows, or csv/xlsx).
- ``POST /v1/jobs``: the same input, for long documents (a scan of many
  pages): answered at once with 202, a job id and ``Location:
  /v1/jobs/{id}``; ``GET /v1/jobs/{id}`` gives its status and the OCR
  progress, ``GET /v1/jobs/{id}/result?format=...`` the record when done,
  ``DELETE /v1/jobs/{id}`` cancels or forgets it.  Jobs run one at a time per
  job worker (their own processes: they never hold up /v1/extract), under
  ``job_timeout``; at most ``max_jobs`` wait or run (429 past that), finished
  ones are kept ``job_ttl`` seconds (and at most ``max_jobs`` of them).  Jobs
  live in the server's memory: a restart forgets them.
- ``GET /v1/health``, ``GET /v1/version``, ``GET /v1/schema``;
  ``/openapi.json`` and ``/docs`` (a plain page built from the spec: no CDN).
- ``GET /``: a small page to upload a file and see its review page.
- ``GET /v1/search`` (when started with ``vnnq serve --db archive.sqlite``): the
  queries of ``vnnq search`` over an archive index (vnnq.archive.search);
  ``?q=&cites=&unit=&due_after=&due_before=&issuer=&type=&date_from=&date_to=&kind=
  &rank=&limit=&offset=&format=json|csv``.  404 ``no_index`` without ``--db``.

Errors are JSON ``{"error": code, "detail": reason}``: 413 over the size limit,
415 an unsupported format, 422 a file that cannot be read, 504 over the time
limit, 401 without the bearer token when one is set (``VNNQ_API_TOKEN`` or
``--token-file``).  Extraction runs in a process pool, off the event loop.
The uploaded file's name is only a label, never a path.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import secrets
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from html import escape
from urllib.parse import quote
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response

from vnnq import __version__
from vnnq.errors import VnnqError
from vnnq.watch import worker_init

_STATUS = {"unsupported": 415, "too_large": 413}


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """Limits and auth of the API."""

    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 60.0  # seconds per document
    workers: int = 2
    token: str | None = None  # bearer token; None: no auth
    db: Path | None = None  # an archive index (vnnq index): enables GET /v1/search
    # POST /v1/jobs: a 30-page scan takes about 3 CPU-minutes (5.6 s a page)
    job_timeout: float = 1800.0  # seconds per job
    max_jobs: int = 20  # jobs waiting or running (429 past that); also finished jobs kept
    job_ttl: float = 3600.0  # seconds a finished job (its record) is kept
    job_workers: int = 1  # processes that run jobs, one job at a time each


def _extract_in_worker(data: bytes, name: str | None, max_bytes: int):
    from vnnq.pipeline import Settings, extract
    try:
        return extract(data, name=name, settings=Settings(max_bytes=max_bytes))
    except VnnqError as exc:
        return {"error": exc.code, "detail": str(exc)}


def _job_in_worker(data: bytes, name: str | None, max_bytes: int, progress_path: str):
    """:func:`_extract_in_worker` for a job: OCR progress goes to a small file
    the server reads when the job's status is asked for."""
    from vnnq.ingest.ocr import OcrOptions
    from vnnq.pipeline import Settings, extract

    def progress(done: int, total: int) -> None:
        tmp = progress_path + ".tmp"
        with open(tmp, "w", encoding="ascii") as f:
            f.write(f"{done} {total}")
        os.replace(tmp, progress_path)  # never half a line

    try:
        return extract(data, name=name, settings=Settings(max_bytes=max_bytes, ocr=OcrOptions(progress=progress)))
    except VnnqError as exc:
        return {"error": exc.code, "detail": str(exc)}


@dataclass(slots=True)
class _Job:
    id: str
    name: str | None
    data: bytes | None  # dropped once the job runs
    created: float
    status: str = "queued"  # queued, running, done, failed
    started: float | None = None
    finished: float | None = None
    result: Any = None  # the Directive, or {"error", "detail", "status"}
    progress: tuple[int, int] | None = None
    slot: int | None = None  # the job worker running it


def _error(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status)


def _label(name: str | None) -> str | None:
    """The upload's name as a label only: its last component, no path."""
    if not name:
        return None
    return Path(name.replace("\\", "/")).name[:200] or None


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings()
    app = FastAPI(title="vnnq", version=__version__, docs_url=None, redoc_url=None,
                  description="Structured data from Vietnamese directives, offline.")
    pools = [ProcessPoolExecutor(max_workers=settings.workers, initializer=worker_init)]  # the current pool, replaced after a timeout

    def recycle(old: ProcessPoolExecutor) -> None:
        """A document over the time limit keeps its worker busy: stop that pool's
        processes and start a fresh pool, so the time limit really frees the CPU."""
        if pools[0] is not old:
            return  # already replaced
        pools[0] = ProcessPoolExecutor(max_workers=settings.workers, initializer=worker_init)
        procs = list(getattr(old, "_processes", {}).values())
        old.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.kill()

    jobs: dict[str, _Job] = {}
    job_queue: list[asyncio.Queue] = []
    runners: list[asyncio.Task] = []
    job_pools: list[ProcessPoolExecutor | None] = [None] * settings.job_workers
    job_dir: list[Path] = []  # made at the first job: a server that runs none leaves nothing in TMPDIR

    def jobs_dir() -> Path:
        if not job_dir:
            job_dir.append(Path(tempfile.mkdtemp(prefix="vnnq-jobs-")))
        return job_dir[0]

    def kill_pool(pool: ProcessPoolExecutor) -> None:
        procs = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.kill()

    async def job_runner(slot: int) -> None:
        loop = asyncio.get_running_loop()
        queue = job_queue[0]
        while True:
            job = await queue.get()
            if job.id not in jobs:  # cancelled while it waited
                continue
            if job_pools[slot] is None:
                job_pools[slot] = ProcessPoolExecutor(max_workers=1, initializer=worker_init)
            pool = job_pools[slot]
            job.status, job.started, job.slot = "running", time.time(), slot
            data, job.data = job.data, None
            progress = str(jobs_dir() / f"{job.id}.progress")
            fut = loop.run_in_executor(pool, _job_in_worker, data, job.name, settings.max_bytes, progress)
            try:
                res = await asyncio.wait_for(fut, settings.job_timeout)
            except asyncio.TimeoutError:
                job_pools[slot] = None
                kill_pool(pool)  # the time limit frees the CPU
                res = {"error": "timeout", "detail": f"the job took more than {settings.job_timeout:g} s", "status": 504}
            except BrokenProcessPool:  # DELETE stopped it
                job_pools[slot] = None
                res = {"error": "cancelled", "detail": "the job was cancelled", "status": 410}
            job.progress = read_progress(job) or job.progress
            if isinstance(res, dict):
                res.setdefault("status", _STATUS.get(res["error"], 422))
            job.result, job.finished = res, time.time()
            job.status = "failed" if isinstance(res, dict) else "done"
            Path(progress).unlink(missing_ok=True)

    def read_progress(job: _Job) -> tuple[int, int] | None:
        try:
            done, total = (jobs_dir() / f"{job.id}.progress").read_text(encoding="ascii").split()
            return int(done), int(total)
        except (OSError, ValueError):
            return None

    def prune() -> None:
        """Forget finished jobs past job_ttl, and the oldest past max_jobs."""
        now = time.time()
        finished = sorted((j for j in jobs.values() if j.finished is not None), key=lambda j: j.finished)
        for i, job in enumerate(finished):
            if now - job.finished > settings.job_ttl or len(finished) - i > settings.max_jobs:
                del jobs[job.id]

    @app.on_event("startup")
    async def _start_jobs() -> None:
        job_queue.append(asyncio.Queue())
        runners.extend(asyncio.create_task(job_runner(i)) for i in range(settings.job_workers))

    @app.on_event("shutdown")
    def _close() -> None:
        # uvicorn has answered the requests in flight by now: the workers are idle and end here
        # (with wait=False they were left behind, orphans ignoring SIGTERM)
        pools[0].shutdown(wait=True, cancel_futures=True)
        for task in runners:
            task.cancel()
        for pool in job_pools:
            if pool is not None:
                kill_pool(pool)  # a job still running is lost with the server, as documented
        for folder in job_dir:
            shutil.rmtree(folder, ignore_errors=True)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        resp = _error(exc.status_code, "http_error", str(exc.detail))
        resp.headers.update(getattr(exc, "headers", None) or {})  # e.g. Allow on 405
        if exc.status_code == 405:
            # Starlette names the methods of the first route of the path only;
            # GET and DELETE /v1/jobs/{id} are two routes
            from starlette.routing import Match

            allowed = set()
            for route in app.routes:
                if route.matches(request.scope)[0] != Match.NONE:
                    allowed |= set(getattr(route, "methods", None) or ())
            if allowed:
                resp.headers["allow"] = ", ".join(sorted(allowed))
        return resp

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal_error", f"{type(exc).__name__}: {exc}")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own checks (a bad ?format=) answer in the same shape as ours
        where = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors())
        return _error(422, "bad_request", where or "the request is not valid")

    def token_ok(got: str) -> bool:
        return hmac.compare_digest(got.encode(), (settings.token or "").encode())

    @app.middleware("http")
    async def auth(request: Request, call_next):
        request.state.form_token = False
        if settings.token and request.url.path.startswith("/v1/") and request.url.path != "/v1/health":
            got = request.headers.get("authorization", "")
            if not hmac.compare_digest(got.encode(), f"Bearer {settings.token}".encode()):
                # the upload page cannot set a header: its form carries the token as the
                # field 'token', checked where the form is read (read_input)
                if not (request.url.path in ("/v1/extract", "/v1/tasks") and not got
                        and request.headers.get("content-type", "").startswith("multipart/form-data")):
                    return _error(401, "unauthorized", "a bearer token is required (Authorization: Bearer ...)")
                request.state.form_token = True
        return await call_next(request)

    async def read_input(request: Request) -> tuple[bytes, str | None] | JSONResponse:
        ctype = request.headers.get("content-type", "")
        length = int(request.headers.get("content-length") or 0)
        if length > settings.max_bytes + 64 * 1024:
            return _error(413, "too_large", f"the upload is over {settings.max_bytes} bytes")
        if ctype.startswith("multipart/form-data"):
            try:
                form = await request.form()
            except Exception as exc:  # starlette: "Invalid multipart data", a bad boundary
                return _error(422, "bad_multipart", f"the multipart body cannot be read ({exc})")
            if request.state.form_token:
                t = form.get("token")
                if not isinstance(t, str) or not token_ok(t):
                    return _error(401, "unauthorized", "a bearer token is required (Authorization: Bearer ..., "
                                                       "or the form field 'token')")
            f = form.get("file")
            if f is None or not hasattr(f, "read"):
                return _error(422, "no_file", "send the document as the multipart field 'file'")
            data = await f.read()
            name = _label(getattr(f, "filename", None))
        elif ctype.startswith("application/json"):
            try:
                body = await request.json()
            except ValueError:
                return _error(422, "bad_json", "the body is not JSON")
            if not isinstance(body, dict) or not isinstance(body.get("text"), str):
                return _error(422, "no_text", 'send {"text": "..."}')
            name = body.get("name")
            if "name" in body and not isinstance(name, str):
                return _error(422, "bad_name", "'name' is a string (a label for the document)")
            data, name = body["text"].encode("utf-8", "surrogatepass"), _label(name)
        else:
            return _error(415, "unsupported_media_type", "send multipart/form-data or application/json")
        if len(data) > settings.max_bytes:
            return _error(413, "too_large", f"the document is over {settings.max_bytes} bytes")
        return data, name

    async def run(data: bytes, name: str | None):
        loop = asyncio.get_running_loop()
        for attempt in range(2):
            pool = pools[0]
            fut = loop.run_in_executor(pool, _extract_in_worker, data, name, settings.max_bytes)
            try:
                res = await asyncio.wait_for(fut, settings.timeout)
                break
            except asyncio.TimeoutError:
                recycle(pool)
                return _error(504, "timeout", f"the document took more than {settings.timeout:g} s")
            except BrokenProcessPool:
                # another request's timeout stopped this pool under us: once more on the new one
                if attempt:
                    return _error(503, "busy", "the extraction workers were restarted; try again")
        if isinstance(res, dict):
            return _error(_STATUS.get(res["error"], 422), res["error"], res["detail"])
        return res

    def respond(directives: list, fmt: str, tasks: bool = False, download: bool = False) -> Response:
        from vnnq.export import MEDIA_TYPES, render
        from vnnq.export.tasklist import task_rows
        stem = Path(directives[0].source.name or "van-ban").stem or "van-ban"
        ext = {"edxml": "xml"}.get(fmt, fmt)
        fname = f"{stem}{'-nhiem-vu' if tasks else ''}.{ext}"
        # the name is for the browser only: RFC 6266 (filename* for Vietnamese, an ASCII fallback)
        ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in fname)
        disposition = {"content-disposition": f"attachment; filename=\"{ascii_name}\"; "
                                              f"filename*=UTF-8''{quote(fname)}"}
        headers = disposition if download or fmt == "xlsx" else {}
        if tasks and fmt == "json":
            rows = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.cells(i).items()}
                    for i, r in enumerate(task_rows(directives), 1)]
            return JSONResponse(rows, headers=headers)
        if fmt == "json":
            return JSONResponse(directives[0].to_dict(), headers=headers)
        if fmt == "xlsx":
            with tempfile.TemporaryDirectory() as tmp:
                p = Path(tmp) / "tasks.xlsx"
                render("xlsx", directives, path=p)
                return Response(p.read_bytes(), media_type=MEDIA_TYPES["xlsx"], headers=headers)
        return Response(render(fmt, directives), media_type=MEDIA_TYPES[fmt], headers=headers)

    formats = {"json", "jsonl", "html", "xlsx", "csv", "edxml", "ics"}
    error_schema = {"type": "object", "required": ["error", "detail"],
                    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}}}
    body = {"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"},
            "token": {"type": "string", "description": "the bearer token, for a form that cannot set the "
                                                       "Authorization header (the upload page)"}}}},
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}, "name": {"type": "string"}}}},
    }}}
    errors = {str(code): {"description": why, "content": {"application/json": {"schema": error_schema}}}
              for code, why in ((401, "a bearer token is required"), (413, "the document is too large"),
                                (415, "an unsupported format or media type"),
                                (422, "the document cannot be read, or the request is malformed"),
                                (500, "a bug of vnnq's: please report the document"),
                                (503, "the workers were restarted after a timeout; try again"),
                                (504, "the document took longer than the time limit"))}
    outputs = {"application/json": {"schema": {"type": "object"}}, "application/x-ndjson": {},
               "text/html": {}, "text/csv": {},
               "application/xml": {}, "text/calendar": {},
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}

    @app.post("/v1/extract", summary="Extract the record of one directive", openapi_extra=body,
              responses={200: {"description": "the record, or the document in the asked format",
                               "content": outputs}, **errors})
    async def extract_endpoint(request: Request,
                               format: Literal["json", "jsonl", "html", "xlsx", "csv", "edxml", "ics"] = "json",
                               download: bool = False) -> Any:
        if format not in formats:
            return _error(422, "bad_format", f"format is one of {', '.join(sorted(formats))}")
        got = await read_input(request)
        if isinstance(got, JSONResponse):
            return got
        res = await run(*got)
        return res if isinstance(res, Response) else respond([res], format, download=download)

    @app.post("/v1/tasks", summary="The task list of one directive", openapi_extra=body,
              responses={200: {"description": "the task list", "content": {
                  "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                  "text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
                  **errors})
    async def tasks_endpoint(request: Request, format: Literal["json", "csv", "xlsx"] = "json",
                             download: bool = False) -> Any:
        if format not in ("json", "csv", "xlsx"):
            return _error(422, "bad_format", "format is one of csv, json, xlsx")
        got = await read_input(request)
        if isinstance(got, JSONResponse):
            return got
        res = await run(*got)
        return res if isinstance(res, Response) else respond([res], format, tasks=True, download=download)

    def job_status(job: _Job) -> dict:
        if job.status == "running":
            job.progress = read_progress(job) or job.progress
        out: dict[str, Any] = {
            "id": job.id, "status": job.status, "name": job.name,
            "created": round(job.created, 3), "started": job.started and round(job.started, 3),
            "finished": job.finished and round(job.finished, 3),
            # OCR pages read so far, of the pages to read (null: no page to OCR, or not yet known)
            "progress": {"pages_done": job.progress[0], "pages_total": job.progress[1]} if job.progress else None,
            "result": f"/v1/jobs/{job.id}/result" if job.status == "done" else None,
            "error": {"error": job.result["error"], "detail": job.result["detail"]} if job.status == "failed" else None,
        }
        if job.finished is not None:
            out["expires"] = round(job.finished + settings.job_ttl, 3)
        return out

    job_schema = {"type": "object", "required": ["id", "status"], "properties": {
        "id": {"type": "string"}, "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
        "name": {"type": ["string", "null"]}, "created": {"type": "number"},
        "started": {"type": ["number", "null"]}, "finished": {"type": ["number", "null"]},
        "expires": {"type": "number"},
        "progress": {"type": ["object", "null"]}, "result": {"type": ["string", "null"]},
        "error": {"type": ["object", "null"]}}}
    no_job = {"description": "no such job (never made, expired, or deleted)",
              "content": {"application/json": {"schema": error_schema}}}

    # the body of /v1/extract without the form field 'token' (only the upload page
    # needs it, and the upload page sends no jobs: a job takes the Authorization header)
    job_body = {"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary"}}}},
        "application/json": body["requestBody"]["content"]["application/json"]}}}

    @app.post("/v1/jobs", summary="Submit a long document (a scan of many pages) as a job", status_code=202,
              openapi_extra=job_body,
              responses={202: {"description": "the job, queued; Location: /v1/jobs/{id}",
                               "content": {"application/json": {"schema": job_schema}}},
                         429: {"description": "too many jobs waiting or running; retry later",
                               "content": {"application/json": {"schema": error_schema}}},
                         **{k: v for k, v in errors.items() if k in ("401", "413", "415", "422", "500")}})
    async def submit_job(request: Request) -> Any:
        got = await read_input(request)
        if isinstance(got, JSONResponse):
            return got
        prune()
        if sum(1 for j in jobs.values() if j.finished is None) >= settings.max_jobs:
            resp = _error(429, "too_many_jobs", f"{settings.max_jobs} jobs are waiting or running; retry later")
            resp.headers["retry-after"] = "30"
            return resp
        job = _Job(secrets.token_urlsafe(16), got[1], got[0], time.time())
        jobs[job.id] = job
        job_queue[0].put_nowait(job)
        return JSONResponse(job_status(job), status_code=202,
                            headers={"location": f"/v1/jobs/{job.id}", "retry-after": "2"})

    @app.get("/v1/jobs/{job_id}", summary="A job's status and progress",
             responses={200: {"description": "the job", "content": {"application/json": {"schema": job_schema}}},
                        404: no_job, **{k: v for k, v in errors.items() if k in ("401", "500")}})
    async def get_job(job_id: str) -> Any:
        # (no long polling: a request held open would hold up the server's shutdown)
        prune()
        job = jobs.get(job_id)
        if job is None:
            return _error(404, "no_job", f"no job {job_id!r} (jobs are kept {settings.job_ttl:g} s once finished)")
        headers = {} if job.finished is not None else {"retry-after": "2"}
        return JSONResponse(job_status(job), headers=headers)

    @app.get("/v1/jobs/{job_id}/result", summary="The record of a finished job",
             responses={200: {"description": "the record, or the document in the asked format", "content": outputs},
                        404: no_job,
                        409: {"description": "the job has not finished: ask /v1/jobs/{id}",
                              "content": {"application/json": {"schema": error_schema}}},
                        410: {"description": "the job was cancelled",
                              "content": {"application/json": {"schema": error_schema}}},
                        **{k: v for k, v in errors.items() if k in ("401", "413", "415", "422", "500", "504")}})
    async def job_result(job_id: str,
                         format: Literal["json", "jsonl", "html", "xlsx", "csv", "edxml", "ics"] = "json",
                         download: bool = False) -> Any:
        prune()
        job = jobs.get(job_id)
        if job is None:
            return _error(404, "no_job", f"no job {job_id!r} (jobs are kept {settings.job_ttl:g} s once finished)")
        if job.finished is None:
            resp = _error(409, "not_finished", f"the job is {job.status}: ask /v1/jobs/{job.id}")
            resp.headers["retry-after"] = "2"
            return resp
        if isinstance(job.result, dict):  # the error the document would have had from /v1/extract
            return _error(job.result["status"], job.result["error"], job.result["detail"])
        return respond([job.result], format, download=download)

    @app.delete("/v1/jobs/{job_id}", summary="Cancel a job, or forget a finished one", status_code=204,
                responses={204: {"description": "done"}, 404: no_job,
                           **{k: v for k, v in errors.items() if k in ("401", "500")}})
    async def delete_job(job_id: str) -> Response:
        job = jobs.pop(job_id, None)
        if job is None:
            return _error(404, "no_job", f"no job {job_id!r}")
        if job.status == "running" and job.slot is not None:
            pool = job_pools[job.slot]  # one job at a time per pool: stopping it stops the job
            if pool is not None:
                job_pools[job.slot] = None
                kill_pool(pool)
        return Response(status_code=204)

    @app.get("/v1/search", summary="Search the archive index (vnnq serve --db)",
             responses={200: {"description": "the rows: {kind, columns, rows}, or CSV",
                              "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {}}},
                        **{k: v for k, v in errors.items() if k in ("401", "422", "500")},
                        "404": {"description": "the server has no index (start it with --db)",
                                "content": {"application/json": {"schema": error_schema}}}})
    def search_endpoint(q: str | None = None, cites: str | None = None, unit: str | None = None,
                        due_after: str | None = None, due_before: str | None = None, issuer: str | None = None,
                        type: str | None = None, date_from: str | None = None, date_to: str | None = None,
                        kind: Literal["documents", "tasks", "deadlines", "refs"] | None = None,
                        rank: bool = False, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                        offset: Annotated[int, Query(ge=0)] = 0,
                        format: Literal["json", "csv"] = "json") -> Any:
        import sqlite3

        from vnnq.archive.index import open_index
        from vnnq.archive.search import Query as SearchQuery
        from vnnq.archive.search import search
        if settings.db is None:
            return _error(404, "no_index", "this server has no archive index (start it with vnnq serve --db FILE)")
        query = SearchQuery(text=q or None, cites=cites or None, unit=unit or None, due_after=due_after or None,
                      due_before=due_before or None, issuer=issuer or None, type=type or None,
                      date_from=date_from or None, date_to=date_to or None, kind=kind, rank=rank,
                      limit=limit, offset=offset)
        try:
            conn = open_index(settings.db, readonly=True)
        except (FileNotFoundError, sqlite3.Error) as exc:
            return _error(404, "no_index", str(exc))
        try:
            res = search(conn, query)
        except ValueError as exc:
            return _error(422, "bad_query", str(exc))
        finally:
            conn.close()
        if format == "csv":
            import csv
            import io
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=res.columns, extrasaction="ignore")
            w.writeheader()
            w.writerows(res.rows)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")
        return JSONResponse(res.to_dict())

    @app.get("/v1/health", summary="Liveness")
    def health() -> dict:
        return {"status": "ok"}

    @app.get("/v1/version", summary="Versions")
    def version() -> dict:
        from vnnq.model import SCHEMA_VERSION
        return {"vnnq": __version__, "schema_version": SCHEMA_VERSION}

    @app.get("/v1/schema", summary="JSON Schema of the record")
    def schema() -> dict:
        from vnnq.schema import json_schema
        return json_schema()

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        spec = app.openapi()
        rows = "".join(
            f"<tr><td><code>{escape(m.upper())}</code></td><td><code>{escape(p)}</code></td>"
            f"<td>{escape(op.get('summary', ''))}</td></tr>"
            for p, ops in spec["paths"].items() for m, op in ops.items())
        return HTMLResponse(f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>vnnq API</title>
<style>body{{font-family:sans-serif;margin:24px}}td{{padding:4px 10px;border-bottom:1px solid #ddd}}</style></head>
<body><h1>vnnq API {escape(__version__)}</h1><p>The full specification: <a href="/openapi.json">/openapi.json</a>.
Errors are JSON <code>{{"error": code, "detail": reason}}</code>.</p><table>{rows}</table></body></html>""")

    @app.get("/", include_in_schema=False)
    def home() -> HTMLResponse:
        return HTMLResponse("""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>vnnq</title>
<style>body{font-family:sans-serif;margin:24px;max-width:720px}</style></head><body>
<h1>vnnq: đọc văn bản chỉ đạo</h1>
<p>Chọn tệp (docx, pdf, txt, html) để xem trang rà soát, hoặc tải kết quả JSON / XLSX.
Văn bản không rời khỏi máy này.</p>
<form method="post" enctype="multipart/form-data" action="/v1/extract?format=html">
<input type="file" name="file" required>""" + ("""
<label>Mã truy cập: <input type="password" name="token" required autocomplete="current-password"></label>"""
                                               if settings.token else "") + """
<button type="submit">Xem trang rà soát</button>
<button type="submit" formaction="/v1/extract?format=json&amp;download=true">Tải JSON</button>
<button type="submit" formaction="/v1/tasks?format=xlsx&amp;download=true">Tải danh sách nhiệm vụ (XLSX)</button>
</form></body></html>""")

    return app


def serve(host: str = "127.0.0.1", port: int = 8000, settings: ApiSettings | None = None) -> None:
    import uvicorn
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def token_from(env_var: str = "VNNQ_API_TOKEN", token_file: str | None = None) -> str | None:
    """The bearer token from a file (first line) or the environment; None if neither."""
    if token_file:
        # a token file that names no token is a mistake, never a server without auth
        # (it was: an empty first line started the server open, an empty file crashed)
        lines = Path(token_file).read_text(encoding="utf-8").splitlines()
        token = lines[0].strip() if lines else ""
        if not token:
            raise ValueError(f"{token_file}: the token file is empty (its first line is the token)")
        return token
    return os.environ.get(env_var) or None
