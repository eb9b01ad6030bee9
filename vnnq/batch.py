"""Many directives at once: :func:`extract_many`, in order, optionally in parallel.

The same :func:`vnnq.pipeline.extract` runs on every input, in this process
(``workers=1``) or in a pool of worker processes set up as the watcher's and
the index's are (:func:`vnnq.watch.worker_init`: Ctrl-C and SIGTERM are the
calling process's business, a worker whose parent died exits).  A bad file is
a :class:`Result` holding its typed error, and the others still complete;
results come back in input order whatever the order the workers finish in.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from vnnq.errors import VnnqError, WorkerDied
from vnnq.model import Directive
from vnnq.pipeline import Settings, _names_a_file, extract

__all__ = ["Result", "extract_many"]

# Inputs in flight per worker: enough that a worker never waits for the next
# one, few enough that a long iterator of large files is not read ahead.
_AHEAD_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class Result:
    """One input of :func:`extract_many`: its directive, or the typed error that
    stopped it (exactly one of the two is set).

    ``index`` is the input's position (from 0); ``source`` the path for an input
    that named a file (as given, ``str``), ``None`` for bytes or text.

    >>> import vnnq
    >>> good, bad = vnnq.extract_many(["Số: 12/KH-UBND\\nGiao Sở Nội vụ chủ trì rà soát biên chế.",
    ...                                b"PK\\x03\\x04 not a real zip"])
    >>> good.ok, good.unwrap().tasks[0].unit
    (True, 'Sở Nội vụ')
    >>> bad.ok, bad.index, bad.source, bad.error.code
    (False, 1, None, 'unreadable')
    >>> bad.unwrap()
    Traceback (most recent call last):
    ...
    vnnq.errors.UnreadableDocument: input: damaged zip container (BadZipFile: File is not a zip file)
    """

    index: int
    source: str | None
    directive: Directive | None
    error: VnnqError | None

    @property
    def ok(self) -> bool:
        """True when the input was read (``directive`` is set)."""
        return self.error is None

    def unwrap(self) -> Directive:
        """The directive, or raise the input's error."""
        if self.error is not None:
            raise self.error
        assert self.directive is not None
        return self.directive


def _prepare(item: str | bytes | os.PathLike) -> tuple[str | bytes | Path, str | None]:
    """What the worker gets, and the result's ``source``.  A ``str`` is a path
    when it names an existing file, as in :func:`extract`; it is decided here,
    in the calling process, so ``source`` says what was read."""
    if isinstance(item, (bytes, bytearray, memoryview)):
        return bytes(item), None
    if isinstance(item, os.PathLike):
        return Path(item), os.fspath(item)
    if isinstance(item, str):
        return (Path(item), item) if _names_a_file(item) else (item, None)
    raise TypeError(f"extract_many: an input is a path, bytes or str, not {type(item).__name__}")


def _one(payload: str | bytes | Path, settings: Settings) -> tuple[Directive | None, VnnqError | None]:
    """Run in a worker (or inline): the directive, or the typed error.  Any
    other exception is a bug and propagates, at this input's place in the order."""
    try:
        return extract(payload, settings=settings), None
    except VnnqError as exc:
        return None, exc


def _worker_init() -> None:
    # imported in the worker only: vnnq.watch is not loaded by `import vnnq`
    from vnnq.watch import worker_init
    worker_init()


def extract_many(sources: Iterable[str | bytes | os.PathLike], *, workers: int | None = 1,
                 settings: Settings | None = None) -> Iterator[Result]:
    """Read many directives; yield one :class:`Result` per input, in input order.

    Each input is what :func:`extract` takes: a path (``Path``, or a ``str``
    naming an existing file), the file's bytes, or the text itself.  A file vnnq
    cannot read gives a result whose ``error`` is the typed
    :class:`~vnnq.errors.VnnqError` (``error.code`` as in the CLI: ``empty``,
    ``unreadable``, ``too_large`` ...) and the rest go on; any other exception
    is a bug of vnnq and is raised when its turn in the order comes.  With
    workers, a worker process that dies (killed, out of memory) loses no input:
    the input it was reading is read again by another worker, and if that one
    dies with it too its result is a :class:`~vnnq.errors.WorkerDied`.

    ``workers=1`` (the default) reads in this process, one input at a time, as
    the iterator is consumed; ``workers=N`` reads in N worker processes
    (``None``: one per core), at most 2·N inputs ahead of the consumer.  Each
    worker reads its files itself, so only paths cross to it.  Stopping the
    iteration early (``break``, an exception, Ctrl-C) cancels the inputs not
    started and ends the workers.  ``settings.ocr.progress`` is called only
    when ``workers=1`` (a callback cannot cross to another process).

    >>> texts = ["Số: 12/KH-UBND\\nGiao Sở Tài chính chủ trì rà soát trước ngày 25/3/2026.",
    ...          b"",
    ...          "Số: 45-CV/ĐU\\nThực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị."]
    >>> for r in extract_many(texts, workers=2):
    ...     print(r.index, r.directive.document.code if r.ok else r.error.code)
    0 12/KH-UBND
    1 empty
    2 45-CV/ĐU
    """
    settings = settings or Settings()
    if workers is None:
        workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"extract_many: workers is a positive int or None, not {workers!r}")
    if isinstance(sources, (str, bytes, os.PathLike)):
        # one document given where many are expected: its characters are not documents
        raise TypeError("extract_many takes an iterable of inputs; for one document use vnnq.extract")
    if workers == 1:
        return _inline(sources, settings)
    return _pooled(sources, workers, settings)


def _inline(sources: Iterable, settings: Settings) -> Iterator[Result]:
    for i, item in enumerate(sources):
        payload, source = _prepare(item)
        d, err = _one(payload, settings)
        yield Result(i, source, d, err)


def _pooled(sources: Iterable, workers: int, settings: Settings) -> Iterator[Result]:
    """The inputs read by ``workers`` processes, each with a pipe of its own.

    A pool whose workers share one result queue (``ProcessPoolExecutor``) can
    hang for good when a worker is killed while it writes a result: the
    half-written message blocks the reader.  Here a worker killed at any point
    closes its own pipe, so its death is seen (end of file, or its process
    sentinel), and the one input it was reading is known and read again."""
    import multiprocessing
    from multiprocessing.connection import wait

    if settings.ocr.progress is not None:
        settings = replace(settings, ocr=replace(settings.ocr, progress=None))
    ctx = multiprocessing.get_context()
    items = enumerate(sources)
    exhausted = False
    waiting: deque[int] = deque()  # read ahead, not yet handed to a worker, in input order
    payloads: dict[int, object] = {}  # every input read ahead and not yet yielded
    origin: dict[int, str | None] = {}
    done: dict[int, tuple] = {}  # index -> ("ok", directive, error) | ("raise", exception)
    died_once: set[int] = set()
    idle: list[_Worker] = []
    busy: dict[_Worker, int] = {}
    turn = 0

    def lost(w: _Worker, exc: BaseException | None) -> None:
        # the worker died (killed, out of memory, a crash in a native reader): its input is
        # read again by another; dying with it a second time, the input is the cause
        i = busy.pop(w)
        w.end()
        if i in died_once:
            payload = payloads[i]
            name = payload.name if isinstance(payload, Path) else "input"
            why = f"exit code {w.proc.exitcode}" if w.proc.exitcode is not None else type(exc).__name__
            done[i] = ("ok", None, WorkerDied(f"{name}: the worker process reading it died twice ({why})"))
        else:
            died_once.add(i)
            waiting.appendleft(i)

    try:
        while True:
            while not exhausted and len(payloads) < workers * _AHEAD_PER_WORKER:
                try:
                    i, item = next(items)
                except StopIteration:
                    exhausted = True
                    break
                try:
                    payload, source = _prepare(item)
                except TypeError as exc:  # raised at its place in the order, after the ones before it
                    payloads[i], origin[i], done[i] = None, None, ("raise", exc)
                    exhausted = True
                    break
                payloads[i], origin[i] = payload, source
                waiting.append(i)
            if turn in done:
                out = done.pop(turn)
                payloads.pop(turn)
                if out[0] == "raise":
                    raise out[1]
                yield Result(turn, origin.pop(turn), out[1], out[2])
                turn += 1
                continue
            if turn not in payloads:
                return
            while waiting and (idle or len(idle) + len(busy) < workers):
                w = idle.pop() if idle else _Worker(ctx, settings)
                if not w.proc.is_alive():  # killed while it had nothing to read
                    w.end()
                    continue
                i = waiting.popleft()
                busy[w] = i
                try:
                    w.conn.send(payloads[i])
                except OSError as exc:  # it died before or while it was handed the input
                    lost(w, exc)
            if not busy:
                continue
            ready = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy]))
            for w in [w for w in busy if w.conn in ready or w.proc.sentinel in ready]:
                try:
                    # a result sent before the worker ended is still read whole
                    if not w.conn.poll():
                        raise EOFError
                    out = w.conn.recv()
                except (EOFError, OSError) as exc:
                    lost(w, exc)
                    continue
                done[busy.pop(w)] = out
                idle.append(w)
    finally:
        # an input in flight is finished (its result dropped), then every worker ends;
        # the inputs not started are not read
        for w in idle:
            w.stop()
        for w in busy:
            try:
                if w.proc.is_alive():
                    w.conn.recv()
            except (EOFError, OSError):
                pass
            w.stop()


class _Worker:
    """One worker process of :func:`_pooled` and its end of their pipe."""

    def __init__(self, ctx, settings: Settings):
        self.conn, theirs = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(theirs, self.conn, settings), daemon=True,
                                name="vnnq-extract-worker")
        self.proc.start()
        theirs.close()  # only the worker holds its end: its death is this end's end of file

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.end()

    def end(self) -> None:
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _serve(conn, theirs, settings: Settings) -> None:
    """A worker's loop: read each input the pipe brings, send back its outcome."""
    theirs.close()
    _worker_init()
    while True:
        try:
            payload = conn.recv()
        except (EOFError, OSError):
            return
        if payload is None:
            return
        try:
            out = ("ok", *_one(payload, settings))
        except BaseException as exc:  # a bug of vnnq: raised in the caller, at this input's place
            out = ("raise", exc)
        try:
            conn.send(out)
        except (EOFError, OSError):
            return
        except Exception as exc:  # the outcome does not pickle: nothing was written
            conn.send(("raise", RuntimeError(f"a worker's result could not be sent back "
                                             f"({type(exc).__name__}: {exc}); it was {out[0]}")))
