"""The package as a user gets it: `python -m build` makes a wheel and an sdist
that carry the shipped models and every data file, and the wheel installed in a
fresh venv reads a directive with the shipped model (not the keyword fallback).

No network: the build runs with --no-isolation (build, setuptools and wheel are
in the test extra), the wheel is installed with --no-deps, and the fresh venv
sees the test venv's dependencies through a .pth line (whose own .pth files,
among them the editable install of vnnq, are not processed, so `import vnnq`
in the fresh venv is the wheel's).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import vnnq
from vnnq.pipeline import Settings

ROOT = Path(__file__).resolve().parent.parent
# what an sdist is built from: the files of the repository the build reads
_SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "vnnq", "models"]


def _data_files() -> list[str]:
    """Every file of the source package that is not Python: what vnnq reads at run time."""
    pkg = ROOT / "vnnq"
    return sorted(
        p.relative_to(ROOT).as_posix() for p in pkg.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
        and not p.name.startswith(".")
    )


def _models() -> list[Path]:
    return sorted((ROOT / "models").glob("*.json"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Build the sdist, then the wheel from the sdist (python -m build's default),
    in a copy of the sources, so the checkout gets no build/ or egg-info."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in _SOURCES:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(p, src / name)
    dist = tmp / "dist"
    r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(src)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    wheels, sdists = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, list(dist.iterdir())
    return {"tmp": tmp, "wheel": wheels[0], "sdist": sdists[0]}


def test_wheel_carries_the_models_and_every_data_file(built):
    with zipfile.ZipFile(built["wheel"]) as z:
        names = set(z.namelist())
        missing = [f for f in _data_files() if f not in names]
        assert not missing, f"data files missing from the wheel: {missing}"
        assert _models(), "the repository has no models/*.json"
        for m in _models():
            arc = f"vnnq/models/{m.name}"
            assert arc in names, f"{arc} missing from the wheel"
            assert z.read(arc) == m.read_bytes(), f"{arc} differs from models/{m.name}"
        # the models are package data of the wheel, not a stray top-level folder
        assert not [n for n in names if n.startswith("models/")]


def test_sdist_carries_the_models_and_the_build_hook(built):
    with tarfile.open(built["sdist"]) as t:
        top = t.getnames()[0].split("/")[0]
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    wanted = ["setup.py", "MANIFEST.in", "pyproject.toml", *(f"models/{m.name}" for m in _models()), *_data_files()]
    missing = [f for f in wanted if f not in names]
    assert not missing, f"missing from {top}.tar.gz: {missing}"


def _pick_document(empty: Path) -> Path:
    """The first seed document whose task categories from the shipped model
    differ from the keyword fallback's (``empty``: a folder without models), so
    the check below can tell them apart."""
    for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
        model = vnnq.extract(p)
        fallback = vnnq.extract(p, settings=Settings(models_dir=empty))
        if _categories(model.to_dict()) != _categories(fallback.to_dict()):
            return p
    pytest.fail("no seed document where the model and the keyword rules disagree")


def _categories(record: dict) -> list[list[tuple[str, float]]]:
    return [[(c["name"], round(c["confidence"], 4)) for c in t["categories"]] for t in record["tasks"]]


def test_installed_wheel_runs_with_the_shipped_model(built, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    fresh_site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     capture_output=True, text=True, check=True).stdout.strip())
    # the dependencies (pyyaml, python-docx ...) from the test venv, after the fresh venv's own site
    (fresh_site / "_deps_from_test_venv.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index",
                        "--quiet", str(built["wheel"])], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]

    (tmp_path / "no-models").mkdir()
    doc = _pick_document(tmp_path / "no-models")
    outside = tmp_path / "inbox"  # a folder outside the repository, and the working directory
    outside.mkdir()
    shutil.copy2(doc, outside / doc.name)
    env = {k: v for k, v in os.environ.items() if k not in ("VNNQ_MODELS", "PYTHONPATH", "PYTHONHOME")}

    where = subprocess.run(
        [str(py), "-c", "import vnnq, vnnq.classify as c; print(vnnq.__file__); print(c.default_models_dir())"],
        capture_output=True, text=True, cwd=outside, env=env, timeout=120)
    assert where.returncode == 0, where.stderr
    module, models = where.stdout.split("\n")[:2]
    assert Path(module).is_relative_to(venv), f"vnnq imported from {module}, not the installed wheel"
    assert Path(models).is_relative_to(venv), f"models looked for in {models}, not the installed wheel"

    r = subprocess.run([str(venv / "bin" / "vnnq"), "extract", doc.name, "--no-text"],
                       capture_output=True, text=True, cwd=outside, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    record = json.loads(r.stdout)
    assert not [w for w in record["warnings"] if "model" in w.lower()], record["warnings"]
    assert record["tasks"], "the chosen document has tasks"
    # the same categories as the source tree's models give, i.e. the shipped model ran
    assert _categories(record) == _categories(vnnq.extract(doc).to_dict())

    # the archive's schema.sql is package data too: index and search from the wheel
    db = tmp_path / "a.sqlite"
    r = subprocess.run([str(venv / "bin" / "vnnq"), "index", str(outside), "--db", str(db), "--workers", "1",
                        "--json"], capture_output=True, text=True, cwd=outside, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(venv / "bin" / "vnnq"), "search", "--db", str(db), "--format", "json"],
                       capture_output=True, text=True, cwd=outside, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert doc.name in r.stdout
