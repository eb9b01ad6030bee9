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
    the one whose turn it is is read again alone, and if that worker dies too its
    result is a :class:`~vnnq.errors.WorkerDied`; the others are read again.

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
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if settings.ocr.progress is not None:
        settings = replace(settings, ocr=replace(settings.ocr, progress=None))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    pending: deque = deque()  # (index, source, future), in input order
    payloads: dict[int, object] = {}  # the inputs in flight, to read again if their worker dies
    try:
        items = enumerate(sources)
        exhausted = False
        while True:
            while not exhausted and len(pending) < workers * _AHEAD_PER_WORKER:
                try:
                    i, item = next(items)
                except StopIteration:
                    exhausted = True
                    break
                payload, source = _prepare(item)
                payloads[i] = payload
                pending.append((i, source, pool.submit(_one, payload, settings)))
            if not pending:
                return
            i, source, fut = pending.popleft()
            try:
                d, err = fut.result()
            except BrokenProcessPool as exc:
                # A worker died (killed, out of memory, a crash in a native reader): every
                # input in flight is lost with the pool.  This one is read again alone, in a
                # pool of its own: dying again, it is the cause and gets a typed error; the
                # others are read again in a new pool.
                pool.shutdown(wait=False, cancel_futures=True)
                d, err = _alone(payloads[i], settings, exc)
                pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
                pending = deque((j, src, pool.submit(_one, payloads[j], settings)) for j, src, _ in pending)
            payloads.pop(i, None)
            yield Result(i, source, d, err)
    finally:
        # cancel what has not started; the workers end after their current input
        pool.shutdown(wait=True, cancel_futures=True)


def _alone(payload, settings: Settings, first: BaseException) -> tuple[Directive | None, VnnqError | None]:
    """Read one input in a pool of its own, after a worker died with it in flight."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=1, initializer=_worker_init)
    try:
        return pool.submit(_one, payload, settings).result()
    except BrokenProcessPool:
        name = payload.name if isinstance(payload, Path) else None
        return None, WorkerDied(f"{name or 'input'}: the worker process reading it died twice "
                                f"({type(first).__name__}: {first or 'killed'})")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
