"""The public Python API: every name of ``vnnq.__all__`` is documented, typed and
has a true Vietnamese example (run here as doctests), and ``extract_many``
keeps input order, reports bad files without stopping, and ends its workers.
"""

from __future__ import annotations

import doctest
import inspect
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import typing
from pathlib import Path

import pytest

import vnnq
import vnnq.batch
import vnnq.errors

ROOT = Path(__file__).resolve().parent.parent
# real directives of the corpus, as files
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt")) + sorted((ROOT / "corpus" / "dev").glob("*.md"))

# classes and functions; plain values (__version__, SCHEMA_VERSION) carry no docstring of their own
PUBLIC = [n for n in vnnq.__all__ if inspect.isclass(getattr(vnnq, n)) or callable(getattr(vnnq, n))]


def _own_doc(obj) -> str | None:
    """The object's own docstring; a dataclass without one gets its signature
    ("Task(id: str, ...)") from @dataclass, and an exception class inherits none."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    if not doc or not doc.strip():
        return None
    if inspect.isclass(obj) and doc.startswith(obj.__name__ + "("):
        return None
    return doc


def _public_members(cls) -> list[tuple[str, object]]:
    """Methods and properties a user calls: defined on the class itself, not dunder."""
    out = []
    for name, member in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(member, property) or inspect.isfunction(member):
            out.append((name, member))
    return out


def test_all_names_exist_once():
    assert len(vnnq.__all__) == len(set(vnnq.__all__))
    missing = [n for n in vnnq.__all__ if not hasattr(vnnq, n)]
    assert not missing, f"in vnnq.__all__ but not defined: {missing}"
    assert {"extract", "extract_many", "Directive", "Settings", "VnnqError"} <= set(PUBLIC)


def test_every_public_name_has_a_docstring():
    lacking = [n for n in PUBLIC if _own_doc(getattr(vnnq, n)) is None]
    lacking += [f"{n}.{m}" for n in PUBLIC if inspect.isclass(getattr(vnnq, n))
                for m, member in _public_members(getattr(vnnq, n)) if not (member.__doc__ or "").strip()]
    assert not lacking, f"public names without a docstring: {lacking}"


def test_every_public_name_has_an_example():
    lacking = [n for n in PUBLIC if ">>>" not in (_own_doc(getattr(vnnq, n)) or "")]
    assert not lacking, f"public names whose docstring has no >>> example: {lacking}"


def test_every_public_error_is_a_vnnq_error_with_its_own_code():
    errors = [getattr(vnnq, n) for n in PUBLIC if isinstance(getattr(vnnq, n), type)
              and issubclass(getattr(vnnq, n), Exception)]
    assert vnnq.VnnqError in errors
    assert all(issubclass(e, vnnq.VnnqError) for e in errors)
    codes = [e.code for e in errors]
    assert len(codes) == len(set(codes)), codes
    # every error class the library defines is public
    defined = [o for o in vars(vnnq.errors).values() if isinstance(o, type) and issubclass(o, vnnq.VnnqError)]
    assert set(defined) == set(errors), set(defined) ^ set(errors)


def test_functions_are_fully_typed():
    for name in ("extract", "extract_many"):
        fn = getattr(vnnq, name)
        hints = typing.get_type_hints(fn)
        params = [p for p in inspect.signature(fn).parameters]
        assert "return" in hints, name
        assert [p for p in params if p not in hints] == [], name
    assert (ROOT / "vnnq" / "py.typed").is_file()


def _doctests(obj, name: str) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(recurse=True, exclude_empty=True)
    module = inspect.getmodule(obj) or vnnq
    return [t for t in finder.find(obj, name, module=module, globs={"vnnq": vnnq, **vars(module)})
            if t.examples]


@pytest.mark.parametrize("name", PUBLIC + ["vnnq", "vnnq.errors", "vnnq.batch"])
def test_examples_are_true(name):
    """The examples of the docstrings, run as doctests: they show real output."""
    if name.startswith("vnnq"):
        module = sys.modules[name]
        tests = [t for t in doctest.DocTestFinder(recurse=False).find(module) if t.examples]
    else:
        tests = _doctests(getattr(vnnq, name), name)
    assert tests or name in ("vnnq.batch",), f"{name}: no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for t in tests:
        runner.run(t)
    assert runner.failures == 0, f"{name}: {runner.failures} of {runner.tries} examples failed (see the output above)"


# ------------------------------------------------------------------ extract_many
def _record(d) -> str:
    return json.dumps(d.to_dict(include_text=True), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory):
    """Paths (str and Path), bytes, texts, and three inputs vnnq must refuse, in between."""
    tmp = tmp_path_factory.mktemp("many")
    docs = SEEDS[:6]
    assert len(docs) == 6
    return [
        str(docs[0]),
        docs[1],
        tmp / "khong-co.txt",  # a Path that does not exist: unreadable
        docs[2].read_bytes(),
        b"",  # empty
        docs[3].read_text(encoding="utf-8"),
        tmp,  # a directory: unreadable
        str(docs[4]),
        docs[5].read_bytes(),
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_many_keeps_order_and_reports_bad_files(mixed_inputs, workers):
    results = list(vnnq.extract_many(mixed_inputs, workers=workers))
    assert [r.index for r in results] == list(range(len(mixed_inputs)))
    for r in results:
        assert r.ok == (r.error is None) == (r.directive is not None)
    # the path as given for an input naming a file (a str, or a Path even when missing), else None
    assert [r.source for r in results] == [
        str(mixed_inputs[0]), str(mixed_inputs[1]), str(mixed_inputs[2]), None, None, None,
        str(mixed_inputs[6]), str(mixed_inputs[7]), None]
    bad = {r.index: r.error.code for r in results if not r.ok}
    assert bad == {2: "unreadable", 4: "empty", 6: "unreadable"}
    for r in results:
        if r.ok:  # the same record as extract() on that input alone
            assert _record(r.directive) == _record(vnnq.extract(mixed_inputs[r.index]))
    with pytest.raises(vnnq.UnreadableDocument):
        results[2].unwrap()


def test_extract_many_passes_settings_to_workers():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS[:4]]
    # a progress callback cannot cross to a worker process; it is dropped there, not an error
    settings = vnnq.Settings(classify=False, ocr=vnnq.OcrOptions(progress=lambda done, total: None))
    results = list(vnnq.extract_many(texts, workers=2, settings=settings))
    tasks = [t for r in results for t in r.unwrap().tasks]
    assert tasks, "the seed documents have tasks"
    assert all(t.categories == [] and t.unit_canonical is None for t in tasks)
    small = list(vnnq.extract_many([texts[0].encode()], workers=2, settings=vnnq.Settings(max_bytes=100)))
    assert small[0].error.code == "too_large"


@pytest.mark.parametrize("workers", [1, 2])
def test_extract_many_reads_ahead_boundedly(workers):
    pulled = []

    def inputs():
        for p in SEEDS[:12]:
            pulled.append(p)
            yield p

    it = vnnq.extract_many(inputs(), workers=workers)
    assert pulled == []  # nothing is read before the first result is asked for
    first = next(it)
    assert first.index == 0 and first.ok
    assert len(pulled) <= 2 * workers
    rest = list(it)
    assert [r.index for r in rest] == list(range(1, 12))


def test_extract_many_stopped_early_ends_its_workers():
    it = vnnq.extract_many(SEEDS[:10], workers=2)
    next(it)
    assert multiprocessing.active_children(), "the workers run while the iteration goes on"
    it.close()
    assert multiprocessing.active_children() == []


def test_extract_many_loses_nothing_when_a_worker_is_killed():
    # a worker killed while it reads (the out-of-memory killer, an operator's kill -9): the
    # inputs in flight are read again, and every input still gets its own result, in order
    big = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS[:5]) * 3
    inputs = [big + f"\n\nGiao Sở Tài chính rà soát hồ sơ số {i}.\n" for i in range(8)]
    it = vnnq.extract_many(inputs, workers=2)
    first = next(it)
    workers = multiprocessing.active_children()
    assert workers, "the workers read the inputs after the first"
    for w in workers:
        os.kill(w.pid, signal.SIGKILL)
    for w in workers:
        w.join(10)
    time.sleep(0.5)  # the pool learns of the deaths before the next input is handed to it
    rest = list(it)
    assert [r.index for r in [first, *rest]] == list(range(8))
    assert all(r.ok for r in rest), [r.error for r in rest if not r.ok]
    assert _record(rest[-1].directive) == _record(vnnq.extract(inputs[-1]))
    assert multiprocessing.active_children() == []


def _dies_on_poison(payload, settings):
    # a reader that kills its worker process (as a crash in a native library would)
    # on one input, and fails with a bug on another
    if isinstance(payload, str) and "POISON" in payload:
        os._exit(9)
    if isinstance(payload, str) and "BUG" in payload:
        raise ZeroDivisionError("a bug in a reader")
    return _real_one(payload, settings)


_real_one = vnnq.batch._one


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched reader reaches "
                    "the workers by fork")
def test_extract_many_input_that_kills_its_worker_gets_worker_died(monkeypatch):
    monkeypatch.setattr(vnnq.batch, "_one", _dies_on_poison)
    inputs = [f"Giao Sở Tài chính rà soát hồ sơ số {i}." for i in range(6)]
    inputs[2] = "POISON " + inputs[2]
    results = list(vnnq.extract_many(inputs, workers=2))
    assert [r.index for r in results] == list(range(6))
    assert [r.ok for r in results] == [True, True, False, True, True, True]
    assert isinstance(results[2].error, vnnq.errors.WorkerDied)
    assert results[2].error.code == "worker_died" and "died twice" in str(results[2].error)
    assert multiprocessing.active_children() == []
    # a bug of vnnq in a worker is raised at its input's place, after the results before it
    inputs[2] = "BUG " + inputs[3]
    it = vnnq.extract_many(inputs, workers=2)
    assert [next(it).ok, next(it).ok] == [True, True]
    with pytest.raises(ZeroDivisionError):
        next(it)
    assert multiprocessing.active_children() == []


def test_extract_many_input_errors():
    with pytest.raises(ValueError):
        list(vnnq.extract_many(["Số: 12/KH-UBND"], workers=0))
    with pytest.raises(TypeError):  # one document where many are expected
        vnnq.extract_many("Số: 12/KH-UBND\nGiao Sở Nội vụ chủ trì.")
    # an input of the wrong type stops the iteration at its place, after the ones before it
    it = vnnq.extract_many(["Giao Sở Nội vụ chủ trì rà soát.", 12, "Giao Sở Y tế chủ trì."])
    assert next(it).ok
    with pytest.raises(TypeError):
        next(it)


def test_import_vnnq_stays_light():
    """`vnnq --help` must start fast: `import vnnq` loads none of the surfaces'
    frameworks or the readers' heavy libraries (they load when used)."""
    code = "import sys, vnnq; print(' '.join(sys.modules))"
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    loaded = set(names) | {m.split(".")[0] for m in names}
    heavy = {"fastapi", "starlette", "uvicorn", "pydantic", "watchdog", "dask", "distributed", "pyarrow",
             "openpyxl", "pdfplumber", "pdfminer", "docx", "PIL", "pypdfium2", "numpy", "sklearn", "tqdm",
             "spacy", "underthesea", "vnnq.api", "vnnq.cli", "vnnq.watch", "vnnq.archive", "vnnq.export",
             "concurrent.futures.process"}
    assert not loaded & heavy, sorted(loaded & heavy)


# ------------------------------------------------------------------ docs/API.md
API_MD = ROOT / "docs" / "API.md"


def test_api_page_names_every_public_name():
    page = API_MD.read_text(encoding="utf-8")
    missing = [n for n in vnnq.__all__ if n != "__version__" and f"`{n}" not in page]
    assert not missing, f"docs/API.md does not mention: {missing}"


def test_api_page_examples_are_true():
    result = doctest.testfile(str(API_MD), module_relative=False, globs={"vnnq": vnnq},
                              optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted >= 10, "docs/API.md lost its examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of docs/API.md failed (see above)"
