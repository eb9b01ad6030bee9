"""The inbox folder: drop directives in, get records, task lists and review pages out.

``Inbox(inbox, outbox).run()`` watches ``inbox`` (watchdog events, plus a sweep
at start and every few seconds, so nothing dropped before the start or missed
by an event is left).  A file is read only when complete (size and mtime
stable, no office lock file beside it); office temporary files are ignored.
For each document it writes ``NAME.json``, ``NAME.xlsx`` and ``NAME.html`` to
the outbox, then moves the original to ``inbox/processed/YYYY-MM-DD/``; a file
that cannot be read goes to ``inbox/failed/`` with ``NAME.error.json``.

Nothing is lost and nothing is done twice:
- every write is a temporary file renamed into place; nothing is deleted;
- a SQLite journal (``outbox/.vnnq-journal.sqlite``) records each file's
  content hash and state; the same content dropped again is recorded as a
  duplicate of the first and moved to ``processed/`` without new outputs;
- the steps are ordered so that a kill at any point is finished by the next
  start: the journal names the destination before the move, and outputs are
  rewritten whole (same names) if a file has to be done again.

Extraction runs in a pool of worker processes; the main process alone moves
files and writes the journal.  SIGTERM/SIGINT stop taking new files and let
the ones in flight finish.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import signal
import sqlite3
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Linux/BSD: no lease check
    fcntl = None

log = logging.getLogger("vnnq.watch")

# temporary files of office programs and of copies in progress
_IGNORED_PREFIXES = ("~$", ".~lock", ".")
_IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".swp", "~", ".error.json")
JOURNAL = ".vnnq-journal.sqlite"


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """How the inbox is watched (all times in seconds)."""

    workers: int = 2
    sweep_every: float = 5.0  # a full sweep of the inbox this often, events or not
    stable_for: float = 1.0  # size and mtime unchanged this long before a file is read
    # on SIGTERM/SIGINT the files in flight get this long to finish; after it they are
    # returned (left in the inbox, 'working' in the journal: the next run redoes them)
    stop_grace: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    outputs: tuple[str, ...] = ("json", "xlsx", "html")
    retry_after: float = 60.0  # a file whose outputs could not be written (a full disk) is tried again after this
    # a file not done after this long is taken for a stuck worker (a reader that never
    # returns, or a worker killed while it was sending a result): the workers are
    # replaced, the files in flight are tried once more, and a file stuck twice fails
    # with the code 'timeout'.  0 waits for ever.
    file_timeout: float = 600.0


def ignored(name: str) -> bool:
    """An office temporary file, a lock file, a partial download, a hidden file."""
    return name.startswith(_IGNORED_PREFIXES) or name.endswith(_IGNORED_SUFFIXES)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# A file name holds at most 255 bytes (ext4, XFS, btrfs, tmpfs).  A name that
# fits the inbox can be too long once a tag or ".error.json" is added, and the
# outputs' temporary names (".STEM.json.PID.tmp") add 18 bytes: such a file
# made every start of the watcher crash on ENAMETOOLONG.
NAME_MAX = 255
_STEM_MAX = 200  # output stems: room for "-HASH8-N" and ".STEM.xlsx.PID.tmp"
_ERROR_SUFFIX = ".error.json"
_FAILED_MAX = NAME_MAX - len(_ERROR_SUFFIX) - 16  # NAME.error.json and atomic_write's ".NAME.PID.tmp"


def printable(name: str) -> str:
    """The name as valid Unicode: bytes of a name that is not UTF-8 (a file
    from an old Windows share, ``caf\xe9.txt``) become U+FFFD.  Python keeps
    them as lone surrogates, which SQLite, JSON and XLSX refuse."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _db_name(name: str) -> str | bytes:
    """A file name as the journal keeps it: text, or its bytes (a BLOB) when it
    is not UTF-8, so the journal still finds the file by its exact name."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name)
    return name


def _fs_name(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def _clip(text: str, room: int) -> str:
    """``text`` if it fits in ``room`` bytes, else its printable form cut to
    ``room`` UTF-8 bytes at a character boundary."""
    if len(os.fsencode(text)) <= room:
        return text
    return printable(text).encode("utf-8")[:max(room, 1)].decode("utf-8", "ignore")


def _free_name(folder: Path, name: str, tag: str, taken: set[Path] | frozenset = frozenset(),
               room: int = NAME_MAX) -> Path:
    """``folder/name``, or ``folder/stem-TAG.ext`` (then ``stem-TAG-2.ext``, ...)
    if another file holds that name: a move never replaces a file.  The stem is
    cut so that the name fits in ``room`` bytes."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        stem, dot, ext = name, "", ""

    def fit(suffix: str) -> str:
        tail = f"{suffix}.{ext}" if dot else suffix
        return _clip(stem, room - len(os.fsencode(tail))) + tail

    n = 1
    p = folder / (name if len(os.fsencode(name)) <= room else fit(""))
    while p.exists() or p in taken:
        p = folder / fit(f"-{tag}" if n == 1 else f"-{tag}-{n}")
        n += 1
    return p


_F_SETLEASE = getattr(fcntl, "F_SETLEASE", 1024) if fcntl else None


def open_for_writing(path: Path) -> bool:
    """True if another process has ``path`` open for writing (a copy in
    progress).  On Linux a read lease is refused while any writer holds the
    file; where a lease cannot be taken (not our file, another system) this
    says False and the size-and-mtime wait alone decides."""
    if _F_SETLEASE is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        fcntl.fcntl(fd, _F_SETLEASE, fcntl.F_RDLCK)
    except OSError as exc:
        return exc.errno in (errno.EAGAIN, errno.EBUSY)
    else:
        fcntl.fcntl(fd, _F_SETLEASE, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)


def office_lock(name: str, names: set[str] | frozenset[str]) -> str | None:
    """The lock file, among ``names`` (the folder's), that an office program
    keeps beside the document ``name`` it has open: LibreOffice
    ``.~lock.NAME#``, Word ``~$NAME`` (or ``~$`` + NAME less its first two letters)."""
    for lock in (f".~lock.{name}#", f"~${name}", f"~${name[2:]}"):
        if lock in names and len(lock) > 2:
            return lock
    return None


# ------------------------------------------------------------------ the worker
# In a worker: its main process, and the temporary outputs of the file it is
# doing.  A watcher killed alone (the OOM killer, `kill -9 PID`) leaves its
# workers running for up to a second; the restarted watcher has by then removed
# the temporary files it found, so an orphan must not leave new ones behind
# (found by bench/kill_watch.py).
_PARENT: int | None = None
_TMPS: list[Path] = []


def _drop_tmps() -> None:
    for tmp in _TMPS:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass  # renamed into place by the watcher, or never made


def _exit_if_orphaned() -> None:
    if _PARENT is not None and os.getppid() != _PARENT:
        _drop_tmps()
        os._exit(1)


def worker_init() -> None:
    """Set up a worker process (of the watcher or the API).

    Signals are the main process's business: a Ctrl-C or a SIGTERM sent to the
    whole group must not kill the files in flight (the main process finishes
    them, then ends the pool), and a forked worker must not run the handlers
    it inherited.  A worker whose main process is gone (``kill -9``) exits
    instead of waiting on its queue forever."""
    global _PARENT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = _PARENT = os.getppid()

    def orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        _drop_tmps()
        os._exit(1)

    threading.Thread(target=orphaned, name="vnnq-orphan-check", daemon=True).start()


def _process(src: str, stem: str, outbox: str, outputs: tuple[str, ...], max_bytes: int) -> dict:
    """Run in a worker process: extract one file, write its outputs to temporary
    files in the outbox, return where they are (or the error)."""
    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    try:
        # the record names the file in valid Unicode (its JSON, XLSX and HTML must encode)
        d = extract(Path(src), name=printable(Path(src).name), settings=Settings(max_bytes=max_bytes))
    except VnnqError as exc:
        return {"ok": False, "code": exc.code, "reason": str(exc)}
    except Exception as exc:  # a bug of ours: the file goes to failed/, the watcher goes on
        return {"ok": False, "code": "internal_error", "reason": printable(f"{type(exc).__name__}: {exc}")}
    try:
        return _write_outputs(d, stem, Path(outbox), outputs)
    except OSError as exc:
        # the outbox cannot take the outputs (a full disk, a quota, a file size limit, a
        # read-only mount): not the document's fault, so it is not failed; what was
        # written goes, and the watcher leaves the file in the inbox for later
        _drop_tmps()
        return {"ok": False, "later": True, "code": "cannot_write",
                "reason": printable(f"{exc.strerror or exc} ({Path(outbox)})")}


def _write_outputs(d, stem: str, out: Path, outputs: tuple[str, ...]) -> dict:
    from vnnq.export import render

    tmps = {}
    # the previous file's temporary outputs were handed over (the watcher renames
    # them, or a restart removes them): only this file's are ours to remove
    _TMPS.clear()
    for fmt in outputs:
        tmp = out / f".{stem}.{fmt}.{os.getpid()}.tmp"
        _TMPS.append(tmp)
        _exit_if_orphaned()  # no new temporary file once the watcher is gone
        if fmt == "xlsx":
            from vnnq.export.tasklist import task_rows, write_xlsx
            write_xlsx([(d.document.code or stem, task_rows([d]))], tmp)
        else:
            tmp.write_text(render(fmt, [d]), encoding="utf-8")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        tmps[fmt] = str(tmp)
    _exit_if_orphaned()
    return {"ok": True, "tmps": tmps, "tasks": len(d.tasks), "code": d.document.code}


# ------------------------------------------------------------------ the inbox
def _move_away(src: Path, dest: Path) -> None:
    """Move a finished file out of the inbox; one deleted meanwhile (by a user, by
    another program) has nothing left to move: its outputs or its error file stand."""
    try:
        os.replace(src, dest)
    except FileNotFoundError:
        if src.exists() or src.is_symlink():
            raise  # the destination's folder is gone: not a vanished file
        log.warning("%s: deleted from the inbox before it could be moved to %s", src.name, dest.parent)


class Inbox:
    """An inbox folder and its outbox; see the module docstring."""

    def __init__(self, inbox: Path, outbox: Path | None = None, settings: WatchSettings | None = None):
        self.inbox = Path(inbox)
        self.outbox = Path(outbox) if outbox else self.inbox / "out"
        self.settings = settings or WatchSettings()
        self.processed = self.inbox / "processed"
        self.failed = self.inbox / "failed"
        for d in (self.inbox, self.outbox, self.processed, self.failed):
            d.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.outbox / JOURNAL, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("""CREATE TABLE IF NOT EXISTS files(
            id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL,
            dest TEXT, outputs TEXT, reason TEXT, duplicate_of INTEGER, tasks INTEGER,
            started TEXT, finished TEXT, stem TEXT)""")
        if "stem" not in {r[1] for r in self.db.execute("PRAGMA table_info(files)")}:
            self.db.execute("ALTER TABLE files ADD COLUMN stem TEXT")  # a journal of an older vnnq
        self.db.execute("CREATE INDEX IF NOT EXISTS files_sha ON files(sha256)")
        self.stop = threading.Event()
        self.wake = threading.Event()
        self._seen: dict[str, tuple[int, float, float]] = {}  # name -> (size, mtime, since)
        self._inflight: dict[str, tuple[Future, int, Path, str]] = {}
        self._stems: dict[str, str] = {}  # name in flight -> the stem of its outputs
        self._retried: set[str] = set()  # files already given a second try after a worker died
        self._since: dict[str, float] = {}  # name in flight -> when its worker was given it
        self._held: set[str] = set()  # files left because an office program has them open (logged once)
        self._pending = False  # files seen but not yet stable: look again soon, event or not
        self._hashes: dict[str, tuple[int, float, str]] = {}  # name -> (size, mtime, sha256)
        self._later: dict[str, float] = {}  # files whose outputs could not be written -> when to retry
        self._recover()

    # ------------------------------------------------------------ journal
    def _now(self) -> str:
        return dt.datetime.now().isoformat(timespec="seconds")

    def _recover(self) -> None:
        """Finish what a killed run left: a file moved but not yet marked done,
        and half-written outputs of ours (".NAME.json.PID.tmp"), which go."""
        ours = re.compile(r"^\..+\.(?:%s)\.\d+\.tmp$" % "|".join(map(re.escape, self.settings.outputs)))
        for tmp in self.outbox.glob(".*.tmp"):
            if ours.match(tmp.name):  # only our own: another program's temporary files are left alone
                tmp.unlink(missing_ok=True)
        # an error file being written when the watcher was killed (atomic_write's ".NAME.error.json.PID.tmp")
        for tmp in self.failed.glob(".*.error.json.*.tmp"):
            if re.fullmatch(r"\..+\.error\.json\.\d+\.tmp", tmp.name):
                tmp.unlink(missing_ok=True)
        rows = self.db.execute("SELECT id, name, dest, stem, duplicate_of FROM files WHERE state='working'").fetchall()
        for rid, name, dest, stem, dup in rows:
            name, dest = _fs_name(name), dest and _fs_name(dest)
            if dest and Path(dest).exists() and not (self.inbox / name).exists():
                if Path(dest).parent == self.failed:
                    # killed between the move to failed/ and its journal entry: a failure, not
                    # a success (its reason is in the error file written before the move)
                    try:
                        err = json.loads(Path(dest + ".error.json").read_text(encoding="utf-8"))
                        reason = f"{err['code']}: {err['reason']}"
                    except (OSError, ValueError, KeyError, TypeError):
                        reason = "unknown: the watcher was killed while recording the failure"
                    self.db.execute("UPDATE files SET state='failed', reason=?, finished=? WHERE id=?",
                                    (reason, self._now(), rid))
                    log.info("%s: failure recorded after a restart", name)
                    continue
                outputs = None
                if stem and dup is None:  # the outputs were renamed into place before the move
                    have = [f"{stem}.{fmt}" for fmt in self.settings.outputs
                            if (self.outbox / f"{stem}.{fmt}").exists()]
                    outputs = json.dumps(sorted(have), ensure_ascii=False)
                self.db.execute("UPDATE files SET state='done', outputs=coalesce(?, outputs), finished=? WHERE id=?",
                                (outputs, self._now(), rid))
                log.info("%s: finished after a restart", name)
            elif not (self.inbox / name).exists():
                self.db.execute("UPDATE files SET state='lost', finished=? WHERE id=?", (self._now(), rid))
            # else: still in the inbox; the sweep does it again (same row)

    def states(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT state, count(*) FROM files GROUP BY state").fetchall())

    # ------------------------------------------------------------ scanning
    def _ready(self, now: float, limit: int | None = None) -> list[Path]:
        """Files of the inbox that are complete and not being done: size and
        mtime unchanged for ``stable_for`` seconds, not open for writing by
        another process, no office lock file beside them.  At most ``limit``
        (every file is still looked at, so its stable time keeps counting)."""
        out: list[Path] = []
        with os.scandir(self.inbox) as it:
            entries = sorted(it, key=lambda e: e.name)
        every = {e.name for e in entries}
        names = set()
        self._pending = False
        for e in entries:
            name = e.name
            if ignored(name) or name in self._inflight:
                continue
            if name in self._later and time.monotonic() < self._later[name]:
                names.add(name)
                continue
            try:
                if not e.is_file():
                    continue
                st = e.stat()
            except FileNotFoundError:
                continue
            names.add(name)
            seen = self._seen.get(name)
            if seen is None or seen[:2] != (st.st_size, st.st_mtime):
                self._seen[name] = (st.st_size, st.st_mtime, now)
                if self.settings.stable_for > 0:
                    self._pending = True
                    continue
                seen = self._seen[name]
            if now - seen[2] < self.settings.stable_for:
                self._pending = True
                continue
            lock = office_lock(name, every)
            if lock is not None:
                if name not in self._held:
                    self._held.add(name)
                    log.info("%s: left in the inbox while %s is beside it (open in an office program)",
                             name, lock)
                continue
            self._held.discard(name)
            if limit is not None and len(out) >= limit:
                continue
            p = self.inbox / name
            if open_for_writing(p):
                self._pending = True  # a copy in progress that paused: wait for its end
                continue
            out.append(p)
        for gone in set(self._seen) - names:
            del self._seen[gone]
        for gone in set(self._hashes) - names:
            del self._hashes[gone]
        self._held &= names
        return out

    # ------------------------------------------------------------ one file
    def _hash(self, path: Path) -> str:
        """The file's SHA-256, kept while its size and mtime stay the same (a file
        waiting for its twin in flight is not read again and again)."""
        st = path.stat()
        got = self._hashes.get(path.name)
        if got is None or got[:2] != (st.st_size, st.st_mtime):
            got = (st.st_size, st.st_mtime, sha256_of(path))
            self._hashes[path.name] = got
        return got[2]

    def _start(self, pool: ProcessPoolExecutor, path: Path) -> None:
        name = path.name
        sha = self._hash(path)
        if any(h == sha for _f, _r, _d, h in self._inflight.values()):
            return  # the same content is being done now: decide after it (a duplicate)
        first = self.db.execute(
            "SELECT id FROM files WHERE sha256=? AND state='done' AND duplicate_of IS NULL ORDER BY id LIMIT 1",
            (sha,)).fetchone()
        day = dt.date.today().isoformat()
        folder = self.processed / day
        folder.mkdir(parents=True, exist_ok=True)
        taken = {d for _f, _r, d, _h in self._inflight.values()}
        if first is not None:
            dest = _free_name(folder, name, sha[:8], taken)
            row = self.db.execute("SELECT id FROM files WHERE sha256=? AND name=? AND state='working'",
                                  (sha, _db_name(name))).fetchone()
            if row is None:
                rid = self.db.execute(
                    "INSERT INTO files(sha256, name, state, dest, duplicate_of, started) VALUES (?,?,?,?,?,?)",
                    (sha, _db_name(name), "working", _db_name(str(dest)), first[0], self._now())).lastrowid
            else:  # a killed run had begun this one
                rid = row[0]
                self.db.execute("UPDATE files SET dest=?, duplicate_of=?, started=? WHERE id=?",
                                (_db_name(str(dest)), first[0], self._now(), rid))
            os.replace(path, dest)
            self.db.execute("UPDATE files SET state='done', finished=? WHERE id=?", (self._now(), rid))
            log.info("%s: duplicate of file #%d, moved to %s", name, first[0], dest)
            return
        row = self.db.execute("SELECT id FROM files WHERE sha256=? AND name=? AND state='working'",
                              (sha, _db_name(name))).fetchone()
        dest = _free_name(folder, name, sha[:8], taken)
        stem = self._stem(name, sha)
        # one statement, one commit (each commit is a disk sync: the main loop's main cost)
        if row is None:
            rid = self.db.execute("INSERT INTO files(sha256, name, state, dest, stem, started) VALUES (?,?,?,?,?,?)",
                                  (sha, _db_name(name), "working", _db_name(str(dest)), stem,
                                   self._now())).lastrowid
        else:
            rid = row[0]
            self.db.execute("UPDATE files SET dest=?, stem=?, started=? WHERE id=?",
                            (_db_name(str(dest)), stem, self._now(), rid))
        fut = pool.submit(_process, str(path), stem, str(self.outbox), self.settings.outputs,
                          self.settings.max_bytes)
        self._inflight[name] = (fut, rid, dest, sha)
        self._stems[name] = stem
        self._since[name] = time.monotonic()

    def _stem(self, name: str, sha: str) -> str:
        """Output name: the file's stem, or stem-HASH8 (then stem-HASH8-2 ...) if
        outputs of another content hold it (done earlier, or in flight now:
        ``a.pdf`` and ``a.docx`` together).  Outputs are never replaced by
        another document's."""
        base = _clip(printable(Path(name).stem), _STEM_MAX) or "van-ban"
        busy = set(self._stems.values())
        cand, n = base, 1
        while True:
            if cand not in busy:
                if not (self.outbox / f"{cand}.json").exists():
                    return cand
                if self.db.execute("SELECT 1 FROM files WHERE sha256=? AND stem=? LIMIT 1",
                                   (sha, cand)).fetchone():
                    return cand  # ours, from a run that was killed or a retry: rewritten whole
            n += 1
            cand = f"{base}-{sha[:8]}" if n == 2 else f"{base}-{sha[:8]}-{n - 1}"

    def _finish(self, name: str) -> None:
        fut, rid, dest, _sha = self._inflight.pop(name)
        self._stems.pop(name, None)
        self._since.pop(name, None)
        src = self.inbox / name
        try:
            res = fut.result()
        except Exception as exc:  # a worker process died (killed, out of memory, a crash in a reader)
            if name not in self._retried:
                # every file in flight fails with the pool, not only the one that broke it:
                # each gets one more try on a fresh pool (the journal row stays 'working')
                self._retried.add(name)
                self._seen.pop(name, None)
                log.warning("%s: a worker process died (%s); trying the file once more", name,
                            type(exc).__name__)
                return
            code = "timeout" if isinstance(exc, TimeoutError) else "worker_died"
            res = {"ok": False, "code": code, "reason": printable(f"{type(exc).__name__}: {exc}")}
        self._retried.discard(name)
        if res.get("later"):
            # the row stays 'working' and the file in the inbox: the next sweep after the
            # pause (or the next run) does it again, same outputs, same journal row
            self._later[name] = time.monotonic() + self.settings.retry_after
            log.error("%s: left in the inbox, the outputs cannot be written: %s; tried again in %g s",
                      name, res["reason"], self.settings.retry_after)
            return
        if res["ok"]:
            finals = {}
            for fmt, tmp in res["tmps"].items():
                final = self.outbox / Path(tmp).name[1:].rsplit(".", 2)[0]  # ".NAME.json.PID.tmp"
                os.replace(tmp, final)
                finals[fmt] = final.name
            _move_away(src, dest)
            self.db.execute("UPDATE files SET outputs=?, tasks=?, state='done', finished=? WHERE id=?",
                            (json.dumps(sorted(finals.values()), ensure_ascii=False), res["tasks"],
                             self._now(), rid))
            log.info("%s: done, %d tasks -> %s", name, res["tasks"], ", ".join(sorted(finals.values())))
            return
        dest_failed = _free_name(self.failed, name, dt.datetime.now().strftime("%H%M%S"), room=_FAILED_MAX)
        from vnnq import __version__
        reason = printable(res["reason"])
        err = {"file": printable(name), "code": res["code"], "reason": reason, "time": self._now(),
               "vnnq_version": __version__}
        atomic_write(dest_failed.with_name(dest_failed.name + _ERROR_SUFFIX),
                     json.dumps(err, ensure_ascii=False, indent=2).encode("utf-8"))
        self.db.execute("UPDATE files SET dest=? WHERE id=?", (_db_name(str(dest_failed)), rid))
        _move_away(src, dest_failed)
        self.db.execute("UPDATE files SET state='failed', reason=?, finished=? WHERE id=?",
                        (f"{res['code']}: {reason}", self._now(), rid))
        log.warning("%s: failed (%s: %s), moved to %s", name, res["code"], res["reason"], dest_failed)

    def _overdue(self, now: float) -> list[str]:
        """The files in flight whose worker has had them longer than the time limit."""
        limit = self.settings.file_timeout
        if not limit:
            return []
        return sorted(n for n, (fut, *_rest) in self._inflight.items()
                      if not fut.done() and now - self._since.get(n, now) > limit)

    def _replace_pool(self, pool: ProcessPoolExecutor, overdue: list[str]) -> ProcessPoolExecutor:
        """End a pool with a stuck worker and start a fresh one.  Each file in flight
        gets a finished future in its place: the overdue ones a TimeoutError, the
        others the pool's end; :meth:`_finish` then tries each once more, as after
        a worker's death."""
        log.warning("no result for %s after %g s: ending the workers, starting a fresh pool of %d",
                    ", ".join(overdue), self.settings.file_timeout, self.settings.workers)
        waiting = [n for n, (fut, *_rest) in self._inflight.items() if not fut.done()]
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for proc in processes:
            proc.kill()  # a worker ignores SIGTERM (see worker_init)
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.join(timeout=5)
        for name in waiting:
            _fut, rid, dest, sha = self._inflight[name]
            ended: Future = Future()
            if name in overdue:
                ended.set_exception(TimeoutError(f"no result after {self.settings.file_timeout:g} s"))
            else:
                ended.set_exception(BrokenProcessPool("the workers were replaced: another file's worker was stuck"))
            self._inflight[name] = (ended, rid, dest, sha)
        return ProcessPoolExecutor(max_workers=self.settings.workers, initializer=worker_init)

    # ------------------------------------------------------------ the loop
    def run(self, once: bool = False) -> dict[str, int]:
        """Watch until stopped (SIGTERM/SIGINT), or, with ``once``, until every
        file in the inbox now is done.  Returns the journal's counts by state."""
        observer = None
        if not once:
            observer = self._observe()
        old = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                old[sig] = signal.signal(sig, lambda *_: (self.stop.set(), self.wake.set()))
        pool = ProcessPoolExecutor(max_workers=self.settings.workers, initializer=worker_init)
        if once:
            log.info("one sweep of %s with %d workers", self.inbox, self.settings.workers)
        else:
            log.info("watching %s (%s, a sweep every %g s) with %d workers", self.inbox,
                     "file-system events" if observer is not None else "no file-system events",
                     self.settings.sweep_every, self.settings.workers)
        stop_at = None
        try:
            last_sweep = 0.0
            while True:
                now = time.monotonic()
                room = self.settings.workers * 2 - len(self._inflight)
                if not self.stop.is_set() and room > 0:
                    for p in self._ready(time.time(), limit=room):
                        if len(self._inflight) >= self.settings.workers * 2:
                            break
                        try:
                            self._start(pool, p)
                        except FileNotFoundError:
                            continue  # taken away meanwhile
                        except BrokenProcessPool:
                            break  # a worker died: the pool is replaced below
                    last_sweep = now
                for name in [n for n, (f, _, _, _) in self._inflight.items() if f.done()]:
                    self._finish(name)
                overdue = self._overdue(now)
                if overdue:
                    pool = self._replace_pool(pool, overdue)
                    continue
                if getattr(pool, "_broken", False) and not self._inflight:
                    log.warning("a worker process died: starting a fresh pool of %d", self.settings.workers)
                    pool.shutdown(wait=False)
                    pool = ProcessPoolExecutor(max_workers=self.settings.workers, initializer=worker_init)
                    continue
                if self.stop.is_set() and not self._inflight:
                    break
                if self.stop.is_set():
                    stop_at = stop_at if stop_at is not None else now
                    if now - stop_at > self.settings.stop_grace:
                        log.warning("stopping: %d file(s) still in flight after %g s are returned to the inbox "
                                    "(the next run does them): %s", len(self._inflight), self.settings.stop_grace,
                                    ", ".join(sorted(self._inflight)))
                        break
                if once and not self._inflight and not any(
                        p.is_file() and not ignored(p.name) and p.name not in self._held
                        and p.name not in self._later for p in self.inbox.iterdir()):
                    break  # (a file an office program holds open, or one whose outputs could not be
                    # written, is left for the next run)
                if self._inflight or once:
                    wait = 0.05
                else:
                    wait = max(0.05, self.settings.sweep_every - (now - last_sweep))
                    if self._pending:  # a file is settling: look again when it may be stable
                        wait = min(wait, max(0.05, self.settings.stable_for / 2))
                self.wake.wait(wait)
                self.wake.clear()
        finally:
            # nothing is in flight here but returned files: the workers get a bounded
            # time to end, so a worker that never answers cannot hold the stop
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in processes:
                proc.join(timeout=10)
                if proc.is_alive():
                    proc.terminate()
            if observer is not None:
                observer.stop()
                observer.join(timeout=5)
            for sig, handler in old.items():
                signal.signal(sig, handler)
        return self.states()

    def _observe(self):
        """A watchdog observer that wakes the loop when the inbox changes."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:  # the periodic sweep still finds every file
            log.warning("watchdog is not installed: the inbox is swept every %.0f s", self.settings.sweep_every)
            return None
        wake = self.wake

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                wake.set()

        obs = Observer()
        obs.schedule(_Handler(), str(self.inbox), recursive=False)
        obs.start()
        return obs
