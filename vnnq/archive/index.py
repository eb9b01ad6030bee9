"""Index an archive of directives into one SQLite file: walk, hash, extract in parallel, write.

``index_archive([folder, ...], "archive.sqlite")`` walks the folders
recursively (every format vnnq reads, plus the legacy ones it refuses, so that
they are recorded), and for each file:

- unchanged since the last run (same path, size and mtime) → skipped unread;
- else hashed (SHA-256 of the bytes): a content already in the index → the path
  is linked to that document, nothing is extracted; a new content → extracted
  by a worker (``vnnq.extract``), and its record written as rows of the tables
  of ``schema.sql``;
- a file that cannot be read → a ``files`` row with state ``error`` and the
  reason; the batch goes on.  A path whose content changed is redone, and the
  document it held is deleted when no other path holds it.

Engines: ``local`` (a process pool sized to the machine) or ``dask`` (a Dask
distributed cluster: ``scheduler="tcp://HOST:8786"``, or a ``LocalCluster``
when none is given).  The workers get the file's bytes, so a cluster needs no
shared file system; they return plain rows.  Only this process writes the
index (one writer), in batched transactions: a kill at any point leaves the
index as of the last commit, and the next run does the rest.  Memory stays
flat: the walk is a generator, at most a few files per worker are in flight,
and a batch of rows is written and forgotten.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from vnnq.archive.keys import code_key, fold, issuer_key, last_day

INDEX_SCHEMA_VERSION = "1"

# what the walk picks up: the formats vnnq reads, and the legacy office ones (.doc, .rtf,
# .odt), read where vnnq can, else recorded with the reason ("save it as .docx")
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf",
                                ".doc", ".rtf", ".odt"})
# office temporary files and partial copies (as the watcher ignores them)
_IGNORED_PREFIXES = ("~$", ".~lock", ".")
_IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".swp", "~")


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """How an archive is indexed.

    ``workers``: extraction processes (default: the machine's cores; for
    ``dask`` without a scheduler, the LocalCluster's workers).  ``batch`` and
    ``commit_seconds``: a transaction is committed after that many files or that
    many seconds, whichever comes first.  ``retry_errors``: files recorded as
    errors are tried again even when unchanged.  ``file_timeout``: a file that
    takes longer is recorded as a ``timeout`` error and the batch goes on.
    ``prune``: after a complete walk, files recorded under the given roots that
    the walk did not see (deleted or moved away) are dropped, with their
    documents once no path holds them.
    """

    workers: int | None = None
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask: tcp://HOST:8786; None starts a LocalCluster
    batch: int = 200
    commit_seconds: float = 2.0
    max_bytes: int = 20 * 1024 * 1024
    retry_errors: bool = False
    in_flight_per_worker: int = 4
    file_timeout: float = 120.0  # seconds one file may take (local engine); 0 = no limit
    prune: bool = False  # drop the files (and documents) gone from the walked folders


@dataclass(slots=True)
class Progress:
    """Counts so far, given to the ``progress`` callback after each file."""

    total: int | None = None  # files the walk will see (None until counted)
    seen: int = 0
    indexed: int = 0  # extracted and written
    unchanged: int = 0  # same path, size and mtime as last time
    duplicates: int = 0  # a content already in the index
    errors: int = 0
    removed: int = 0  # documents no path holds any more (their file changed or was pruned)
    pruned: int = 0  # files gone from the archive, dropped with --prune
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.indexed + self.unchanged + self.duplicates + self.errors

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "seen": self.seen, "indexed": self.indexed, "unchanged": self.unchanged,
                "duplicates": self.duplicates, "errors": self.errors, "removed": self.removed, "pruned": self.pruned,
                "seconds": round(self.elapsed, 3)}


# ------------------------------------------------------------------ the walk
def ignored(name: str) -> bool:
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


def walk(roots: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Every file to index under ``roots`` (files or folders), in a stable order
    (sorted by name, folder by folder), as absolute paths.  Hidden folders and
    office temporary files are left out.  A generator: nothing is listed whole."""
    for root in roots:
        r = Path(root).absolute()
        if r.is_file():
            yield r
            continue
        for folder, dirs, files in os.walk(r):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not ignored(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                    yield Path(folder) / name


def count_files(roots: Iterable[str | os.PathLike]) -> int:
    return sum(1 for _ in walk(roots))


# ------------------------------------------------------------------ the index file
def open_index(db: str | os.PathLike, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create, unless ``readonly``) the index; see schema.sql."""
    if readonly:
        if not Path(db).is_file():
            raise FileNotFoundError(f"{db}: no such index (build it with 'vnnq index')")
        conn = sqlite3.connect(f"file:{Path(db).absolute()}?mode=ro", uri=True, check_same_thread=False)
        return conn
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a kill of the process
    conn.execute("PRAGMA foreign_keys=ON")
    sql = resources.files("vnnq.archive").joinpath("schema.sql").read_text(encoding="utf-8")
    conn.executescript(sql)
    from vnnq.model import SCHEMA_VERSION
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('index_schema', ?), ('record_schema', ?)",
                 (INDEX_SCHEMA_VERSION, SCHEMA_VERSION))
    conn.execute(f"PRAGMA user_version={int(INDEX_SCHEMA_VERSION)}")
    return conn


# ------------------------------------------------------------------ worker side
def rows_of(d) -> dict[str, Any]:
    """A Directive as the plain rows of the index (without ids): picklable,
    small, the same whichever engine made it."""
    from vnnq.classify.units import unit_key

    info = d.document
    sig = info.signer
    doc = {
        "name": d.source.name, "format": d.source.format, "pages": d.source.pages,
        "code": info.code, "code_key": code_key(info.code), "type": info.type, "number": info.number,
        "notation": info.notation, "issuer": info.issuer, "issuer_key": issuer_key(info.issuer),
        "parent": info.parent, "system": info.system, "place": info.place, "date": info.date,
        "subject": info.subject, "urgency": info.urgency, "confidentiality": info.confidentiality,
        "signer_name": sig.name, "signer_position": sig.position,
        "reference_count": len(d.references), "deadline_count": len(d.deadlines), "task_count": len(d.tasks),
        "warnings": json.dumps(list(d.warnings), ensure_ascii=False), "schema_version": d.schema_version,
    }
    refs = []
    for i, r in enumerate(d.references):
        refs.append(((i, r.code, code_key(r.code) or r.code, r.type, r.number, r.notation, r.year, r.system,
                      r.date, r.issuer, issuer_key(r.issuer), r.title, len(r.mentions), r.start),
                     [(m.text, m.start, m.end, m.page, m.resolved_from) for m in r.mentions]))
    by_task: dict[str, list[tuple]] = {}
    for g in d.tasks_by_unit:
        for role, ids in (("lead", g.lead), ("coordinating", g.coordinating)):
            for tid in ids:
                by_task.setdefault(tid, []).append((role, g.unit, g.key or unit_key(g.unit), g.category, g.level))
    tasks = []
    for i, t in enumerate(d.tasks):
        cat = max(t.categories, key=lambda c: c.confidence).name if t.categories else None
        tasks.append(((t.id, i, t.unit, t.unit_canonical, t.unit_category, t.level, t.action, t.deadline,
                       last_day(t.deadline), t.product, t.recurrence, t.source, cat,
                       json.dumps(list(t.coordinating), ensure_ascii=False), t.start, t.end, t.page),
                      by_task.get(t.id, [])))
    return {
        "document": doc,
        "text": d.text,
        "folded": fold(d.text),
        "refs": refs,
        "dates": [(x.text, x.value, x.precision, x.start, x.end, x.page) for x in d.dates],
        "deadlines": [(x.text, x.due, last_day(x.due), x.recurrence, x.kind, x.every, x.start, x.end, x.page)
                      for x in d.deadlines],
        "tasks": tasks,
    }


class _FileTimeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001 - a signal handler's signature
    raise _FileTimeout


def extract_rows(data: bytes, name: str, max_bytes: int, timeout: float = 0.0) -> dict[str, Any]:
    """Run in a worker (a local process or a Dask worker): the rows of one file,
    or its error.  Never raises for a file: a bug of ours is an
    ``internal_error`` row, so one file never stops the batch.

    ``timeout`` (seconds, 0 = none): a file that takes longer is a ``timeout``
    row and the worker goes on with the next one.  It is a timer signal, so it
    works in a process's main thread (the local engine's workers), not in a Dask
    worker's task threads, and it interrupts Python code, not one long C call."""
    import signal
    import threading

    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    timed = timeout > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        d = extract(data, name=name, settings=Settings(max_bytes=max_bytes))
        rows = rows_of(d)
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return {"ok": True, "rows": rows}
    except _FileTimeout:
        return {"ok": False, "code": "timeout", "reason": f"{name}: extraction took more than {timeout:g} s"}
    except VnnqError as exc:
        return {"ok": False, "code": exc.code, "reason": str(exc)}
    except Exception as exc:  # a bug of ours, recorded against the file
        return {"ok": False, "code": "internal_error", "reason": f"{type(exc).__name__}: {exc}"}
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _worker_init() -> None:
    from vnnq.watch import worker_init
    worker_init()
    # load the modules and the shipped models now, so that a file's time limit
    # counts its extraction, not the worker's one-time start-up
    try:
        from vnnq.pipeline import extract
        extract("Kính gửi: Sở Nội vụ.\nĐề nghị Sở Nội vụ chủ trì, báo cáo trước ngày 15/12/2025.\n")
    except Exception:  # a broken model is reported with the first real file
        pass


# ------------------------------------------------------------------ engines
class LocalEngine:
    """A process pool on this machine; replaced when a worker dies."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)

    def submit(self, data: bytes, name: str, max_bytes: int, timeout: float = 0.0):
        return self.pool.submit(extract_rows, data, name, max_bytes, timeout)

    def wait(self, futures, timeout: float):
        done, _ = wait_futures(futures, timeout=timeout, return_when=FIRST_COMPLETED)
        return done

    @staticmethod
    def result(fut) -> dict[str, Any]:
        try:
            return fut.result()
        except BrokenProcessPool as exc:
            return {"ok": False, "code": "worker_died", "reason": f"a worker process died ({exc})"}

    def healthy(self) -> bool:
        if getattr(self.pool, "_broken", False):
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init)
            return False
        return True

    def close(self) -> None:
        procs = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()


class DaskEngine:
    """A Dask distributed cluster: an existing ``client``, a scheduler address,
    or a LocalCluster on 127.0.0.1 with ``workers`` processes (closed at the end)."""

    def __init__(self, workers: int, scheduler: str | None = None, client=None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - a dependency of vnnq
            raise RuntimeError("the dask engine needs dask[distributed]: pip install 'dask[distributed]'") from None
        self._own = []
        if client is not None:
            self.client = client
        elif scheduler:
            self.client = Client(scheduler)
            self._own = [self.client]
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            self.client = Client(cluster)
            self._own = [self.client, cluster]
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def submit(self, data: bytes, name: str, max_bytes: int, timeout: float = 0.0):
        # pure=False: two files with the same name and bytes are still two tasks
        return self.client.submit(extract_rows, data, name, max_bytes, timeout, pure=False)

    def wait(self, futures, timeout: float):
        from distributed import wait
        try:
            done, _ = wait(list(futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except (TimeoutError, asyncio.TimeoutError):
            return set()
        return done

    @staticmethod
    def result(fut) -> dict[str, Any]:
        try:
            return fut.result()
        except Exception as exc:  # the task failed on the cluster (a worker lost too often)
            return {"ok": False, "code": "worker_died", "reason": f"{type(exc).__name__}: {exc}"}

    def healthy(self) -> bool:
        return True

    def close(self) -> None:
        for x in self._own:
            x.close()


def make_engine(settings: IndexSettings, client=None):
    workers = settings.workers or os.cpu_count() or 1
    if settings.engine == "local":
        return LocalEngine(workers)
    if settings.engine == "dask":
        return DaskEngine(workers, settings.scheduler, client)
    raise ValueError(f"unknown engine {settings.engine!r} (local or dask)")


# ------------------------------------------------------------------ the writer
_DOC_COLUMNS = ("name", "format", "pages", "code", "code_key", "type", "number", "notation", "issuer",
                "issuer_key", "parent", "system", "place", "date", "subject", "urgency", "confidentiality",
                "signer_name", "signer_position", "reference_count", "deadline_count", "task_count",
                "warnings", "schema_version")


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Writer:
    """The one writer of the index: rows go in inside a transaction that is
    committed every ``batch`` files or ``commit_seconds``; references are
    resolved again before each commit for the codes the batch touched."""

    def __init__(self, conn: sqlite3.Connection, batch: int = 200, commit_seconds: float = 2.0):
        self.conn = conn
        self.batch = batch
        self.commit_seconds = commit_seconds
        self.pending = 0
        self.opened = 0.0
        self.touched: set[str] = set()
        self.removed = 0
        self.busy = False  # inside the statements of one file: an interruption rolls back, never commits half
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched(k TEXT PRIMARY KEY)")

    @contextlib.contextmanager
    def one_file(self):
        """The statements of one file: all of them or, interrupted, none."""
        self.busy = True
        yield
        self.busy = False
        self._step()

    def close(self) -> None:
        """Commit what is done; a file interrupted half-written rolls the batch back."""
        if self.conn.in_transaction:
            if self.busy:
                self.conn.execute("ROLLBACK")
            else:
                self.commit()

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.opened = time.monotonic()

    def file_row(self, path: str) -> tuple | None:
        return self.conn.execute("SELECT size, mtime_ns, sha256, doc_id, state FROM files WHERE path=?",
                                 (path,)).fetchone()

    def doc_of(self, sha: str) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE sha256=?", (sha,)).fetchone()
        return row[0] if row else None

    def touch_stat(self, path: str, size: int, mtime_ns: int) -> None:
        """Same content under a new mtime (a copy, a touch): remember the stat only."""
        self._begin()
        self.conn.execute("UPDATE files SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))

    def link(self, path: str, size: int, mtime_ns: int, sha: str, doc_id: int | None,
             error: tuple[str, str] | None = None) -> None:
        """Point ``path`` at a document (or record its error); the document it
        held before goes when no path holds it any more."""
        self._begin()
        old = self.conn.execute("SELECT doc_id FROM files WHERE path=?", (path,)).fetchone()
        code, reason = error or (None, None)
        self.conn.execute(
            "INSERT INTO files(path, size, mtime_ns, sha256, doc_id, state, error_code, error, indexed_at) "
            "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, sha256=excluded.sha256, doc_id=excluded.doc_id, state=excluded.state, "
            "error_code=excluded.error_code, error=excluded.error, indexed_at=excluded.indexed_at",
            (path, size, mtime_ns, sha, doc_id, "error" if error else "done", code, reason, _now()))
        if old and old[0] is not None and old[0] != doc_id:
            self._drop_if_orphan(old[0])

    def forget(self, path: str) -> None:
        """A file gone from the archive: its row goes, and its document when no
        other path holds it."""
        self._begin()
        row = self.conn.execute("SELECT doc_id FROM files WHERE path=?", (path,)).fetchone()
        self.conn.execute("DELETE FROM files WHERE path=?", (path,))
        if row and row[0] is not None:
            self._drop_if_orphan(row[0])

    def paths_under(self, root: str) -> list[str]:
        """The recorded paths at or below ``root`` (an absolute path); compared
        exactly (LIKE would fold the case of ASCII letters)."""
        prefix = root.rstrip(os.sep) + os.sep
        return [p for p, in self.conn.execute(
            "SELECT path FROM files WHERE path=? OR substr(path, 1, ?)=?", (root, len(prefix), prefix))]

    def _drop_if_orphan(self, doc_id: int) -> None:
        if self.conn.execute("SELECT 1 FROM files WHERE doc_id=? LIMIT 1", (doc_id,)).fetchone():
            return
        row = self.conn.execute("SELECT d.code_key, t.text FROM documents d LEFT JOIN texts t ON t.doc_id=d.id "
                                "WHERE d.id=?", (doc_id,)).fetchone()
        if row is None:
            return
        if row[1] is not None:  # a contentless FTS5 table deletes with the values it was given
            self.conn.execute("INSERT INTO docs_fts(docs_fts, rowid, body, folded) VALUES ('delete', ?, ?, ?)",
                              (doc_id, row[1], fold(row[1])))
        self.conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))  # the rest cascades
        if row[0]:
            self.touched.add(row[0])
        self.removed += 1

    def add_document(self, path: str, sha: str, rows: dict[str, Any]) -> int:
        """Insert one record's rows; returns the new document id."""
        self._begin()
        c = self.conn
        doc = rows["document"]
        cols = ("sha256", "path", *_DOC_COLUMNS, "indexed_at")
        vals = (sha, path, *(doc[k] for k in _DOC_COLUMNS), _now())
        doc_id = c.execute(f"INSERT INTO documents({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           vals).lastrowid
        c.execute("INSERT INTO texts(doc_id, text) VALUES (?, ?)", (doc_id, rows["text"]))
        c.execute("INSERT INTO docs_fts(rowid, body, folded) VALUES (?, ?, ?)", (doc_id, rows["text"], rows["folded"]))
        for ref, mentions in rows["refs"]:
            rid = c.execute("INSERT INTO refs(doc_id, ord, code, code_key, type, number, notation, year, system, "
                            "date, issuer, issuer_key, title, mention_count, start) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (doc_id, *ref)).lastrowid
            c.executemany('INSERT INTO mentions(ref_id, doc_id, text, start, "end", page, resolved_from) '
                          "VALUES (?,?,?,?,?,?,?)", [(rid, doc_id, *m) for m in mentions])
            self.touched.add(ref[2])
        c.executemany('INSERT INTO dates(doc_id, text, value, precision, start, "end", page) VALUES (?,?,?,?,?,?,?)',
                      [(doc_id, *x) for x in rows["dates"]])
        c.executemany("INSERT INTO deadlines(doc_id, text, due, due_date, recurrence, kind, every, start, "
                      '"end", page) VALUES (?,?,?,?,?,?,?,?,?,?)', [(doc_id, *x) for x in rows["deadlines"]])
        for task, units in rows["tasks"]:
            tid = c.execute("INSERT INTO tasks(doc_id, task_id, ord, unit, unit_canonical, unit_category, level, "
                            "action, deadline, deadline_date, product, recurrence, source, category, coordinating, "
                            'start, "end", page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                            (doc_id, *task)).lastrowid
            c.executemany("INSERT INTO units(doc_id, task_row, role, unit, key, category, level) "
                          "VALUES (?,?,?,?,?,?,?)", [(doc_id, tid, *u) for u in units])
        if doc["code_key"]:
            self.touched.add(doc["code_key"])
        return doc_id

    def _step(self) -> None:
        self.pending += 1
        if not self.conn.in_transaction:
            return
        if self.pending >= self.batch or time.monotonic() - self.opened >= self.commit_seconds:
            self.commit()

    def resolve(self, keys: Iterable[str] | None = None) -> None:
        """Set ``refs.target_doc_id`` for the references with these code keys
        (all of them when ``keys`` is None): the one document of the archive
        with that code whose date, year and issuer do not contradict the
        reference; copies of one document (same date and issuer) count as one
        and the first indexed is the target; several different documents, or
        none, leave it NULL."""
        c = self.conn
        where = "1"
        if keys is not None:
            c.execute("DELETE FROM touched")
            c.executemany("INSERT OR IGNORE INTO touched VALUES (?)", [(k,) for k in keys])
            where = "code_key IN (SELECT k FROM touched)"
        c.execute(f"""UPDATE refs SET target_doc_id = (
            SELECT CASE WHEN count(DISTINCT coalesce(d.date, '') || '|' || coalesce(d.issuer_key, '')) = 1
                        THEN min(d.id) END
            FROM documents d
            WHERE d.code_key = refs.code_key AND d.id <> refs.doc_id
              AND (refs.date IS NULL OR d.date IS NULL OR d.date = refs.date)
              AND (refs.year IS NULL OR d.date IS NULL OR substr(d.date, 1, 4) = refs.year)
              AND (refs.issuer_key IS NULL OR d.issuer_key IS NULL
                   OR instr(d.issuer_key, refs.issuer_key) > 0 OR instr(refs.issuer_key, d.issuer_key) > 0))
            WHERE {where}""")

    def commit(self) -> None:
        if not self.conn.in_transaction:
            return
        if self.touched:
            self.resolve(self.touched)
            self.touched = set()
        self.conn.execute("COMMIT")
        self.pending = 0


# ------------------------------------------------------------------ the run
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def index_archive(roots: Iterable[str | os.PathLike], db: str | os.PathLike,
                  settings: IndexSettings | None = None, *,
                  progress: Callable[[Progress], None] | None = None,
                  count_first: bool = True, client=None) -> Progress:
    """Index every file under ``roots`` into the SQLite file ``db`` (created if
    missing; see the module docstring).  ``progress`` is called with the counts
    after each file; ``count_first`` walks once to count the files first (for
    a time left).  ``client``: a ``distributed.Client`` to use with the dask
    engine (left open).  Returns the final counts.

    An interruption (KeyboardInterrupt) commits the files already done, stops
    the workers and propagates: the next run goes on from there."""
    settings = settings or IndexSettings()
    roots = [Path(r) for r in roots]
    prog = Progress()
    if count_first:
        prog.total = count_files(roots)
    conn = open_index(db)
    writer = Writer(conn, settings.batch, settings.commit_seconds)
    engine = None  # started on the first file to extract: a re-run with nothing new starts no worker
    window = 2
    # sha -> [(path, size, mtime_ns)]: contents in flight, and the paths waiting on them
    inflight: dict[str, list[tuple[str, int, int]]] = {}
    futures: dict[Any, tuple[str, str, bytes | None, int]] = {}  # future -> (sha, name, data, tries)

    def record(path: str, size: int | None, mtime_ns: int | None, sha: str | None, doc_id: int | None,
               error: tuple[str, str] | None = None) -> None:
        with writer.one_file():
            writer.link(path, size, mtime_ns, sha, doc_id, error)

    def tell() -> None:
        if progress is not None:
            progress(prog)

    def finish(fut) -> None:
        sha, name, data, tries = futures.pop(fut)
        res = engine.result(fut)
        if not res["ok"] and res["code"] == "worker_died" and tries == 0 and data is not None:
            # every file in flight fails with a broken pool, not only the one that broke it:
            # each gets one more try on a fresh pool
            engine.healthy()
            futures[engine.submit(data, name, settings.max_bytes, settings.file_timeout)] = (sha, name, data, 1)
            return
        paths = inflight.pop(sha)
        with writer.one_file():
            if res["ok"]:
                doc_id = writer.add_document(paths[0][0], sha, res["rows"])
                for path, size, mtime_ns in paths:
                    writer.link(path, size, mtime_ns, sha, doc_id)
            else:
                for path, size, mtime_ns in paths:
                    writer.link(path, size, mtime_ns, sha, None, (res["code"], res["reason"]))
        if res["ok"]:
            prog.indexed += 1
            prog.duplicates += len(paths) - 1
        else:
            prog.errors += len(paths)
        prog.removed = writer.removed
        tell()

    def drain(limit: int, timeout: float = 0.5) -> None:
        while len(futures) > limit:
            for fut in engine.wait(list(futures), timeout):
                finish(fut)
            if len(futures) > limit and writer.conn.in_transaction \
                    and time.monotonic() - writer.opened >= settings.commit_seconds:
                writer.commit()  # slow files: what is done is committed meanwhile

    seen: set[str] = set()
    try:
        for p in walk(roots):
            prog.seen += 1
            path = str(p)
            if settings.prune:
                seen.add(path)
            try:
                st = p.stat()
            except OSError as exc:
                record(path, None, None, None, None, ("unreadable", f"{p}: {exc.strerror or exc}"))
                prog.errors += 1
                tell()
                continue
            known = writer.file_row(path)
            if known and known[0] == st.st_size and known[1] == st.st_mtime_ns and (
                    known[4] == "done" or not settings.retry_errors):
                prog.unchanged += 1
                tell()
                continue
            if st.st_size > settings.max_bytes:  # refused unread, as vnnq.extract would
                record(path, st.st_size, st.st_mtime_ns, None, None, (
                    "too_large", f"{p.name}: {st.st_size / 1048576:.1f} MB is over the limit of "
                                 f"{settings.max_bytes / 1048576:.0f} MB"))
                prog.errors += 1
                tell()
                continue
            try:
                data = p.read_bytes()
            except OSError as exc:
                record(path, st.st_size, st.st_mtime_ns, None, None,
                            ("unreadable", f"{p}: {exc.strerror or exc}"))
                prog.errors += 1
                tell()
                continue
            sha = _sha256(data)
            if known and known[2] == sha and (known[4] == "done" or not settings.retry_errors):
                with writer.one_file():
                    writer.touch_stat(path, st.st_size, st.st_mtime_ns)  # touched, not changed
                prog.unchanged += 1
                tell()
                continue
            if sha in inflight:  # the same content is being extracted: it will be linked then
                inflight[sha].append((path, st.st_size, st.st_mtime_ns))
                continue
            doc_id = writer.doc_of(sha)
            if doc_id is not None:
                record(path, st.st_size, st.st_mtime_ns, sha, doc_id)
                prog.duplicates += 1
                prog.removed = writer.removed
                tell()
                continue
            inflight[sha] = [(path, st.st_size, st.st_mtime_ns)]
            if engine is None:
                engine = make_engine(settings, client)
                window = max(2, engine.workers * settings.in_flight_per_worker)
            try:
                fut = engine.submit(data, p.name, settings.max_bytes, settings.file_timeout)
            except BrokenProcessPool:
                engine.healthy()
                fut = engine.submit(data, p.name, settings.max_bytes, settings.file_timeout)
            futures[fut] = (sha, p.name, data, 0)
            del data
            drain(window - 1)
        drain(0)
        if settings.prune:  # only after a complete walk: an interrupted one prunes nothing
            for root in roots:
                for path in writer.paths_under(str(Path(root).absolute())):
                    if path not in seen:
                        with writer.one_file():
                            writer.forget(path)
                        prog.pruned += 1
        writer.commit()
        prog.removed = writer.removed
    finally:
        try:
            writer.close()  # what is done stays done, interrupted or not
        finally:
            if engine is not None:
                engine.close()
            conn.close()
    return prog
