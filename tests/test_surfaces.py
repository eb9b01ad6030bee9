"""Three ways in, one extract() underneath: the same file gives the same record
through the library, `vnnq extract`, the inbox folder and the HTTP API."""

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import httpx

import vnnq
from test_api import _start

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "004_a4acfd5417d7c047.txt"


def test_one_file_one_record_through_every_surface(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    txt = files / "cong-van.txt"
    txt.write_bytes(SEED.read_bytes())
    d = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        d.add_paragraph(line)
    d.save(files / "ke-hoach.docx")
    paths = sorted(files.iterdir())
    library = {p.name: vnnq.extract(p).to_dict() for p in paths}
    run_env = dict(os.environ, PYTHONPATH=str(ROOT))

    cli = {}
    for p in paths:
        r = subprocess.run([sys.executable, "-m", "vnnq.cli", "extract", str(p)], capture_output=True, text=True,
                           env=run_env, timeout=120)
        assert r.returncode == 0, r.stderr
        cli[p.name] = json.loads(r.stdout)

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in paths:
        (inbox / p.name).write_bytes(p.read_bytes())
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "watch", str(inbox), "--once", "--stable", "0"],
                       capture_output=True, text=True, env=run_env, timeout=120)
    assert r.returncode == 0, r.stderr
    watched = {p.name: json.loads((inbox / "out" / f"{p.stem}.json").read_text(encoding="utf-8")) for p in paths}

    proc, base = _start()
    try:
        api = {}
        for p in paths:
            resp = httpx.post(base + "/v1/extract", files={"file": (p.name, p.read_bytes())}, timeout=120)
            assert resp.status_code == 200, resp.text
            api[p.name] = resp.json()
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    for name, want in library.items():
        assert cli[name] == want, f"vnnq extract {name}"
        assert watched[name] == want, f"vnnq watch {name}"
        assert api[name] == want, f"POST /v1/extract {name}"


def test_the_library_does_not_pull_in_the_surfaces():
    """Every module of vnnq but the surfaces imports without FastAPI, uvicorn,
    Starlette or watchdog being loaded."""
    code = ("import pkgutil, importlib, sys, vnnq\n"
            "for m in pkgutil.walk_packages(vnnq.__path__, 'vnnq.'):\n"
            "    if m.name not in ('vnnq.api', 'vnnq.watch', 'vnnq.cli', 'vnnq.__main__'):\n"
            "        importlib.import_module(m.name)\n"
            "print(sorted(k for k in sys.modules if k.split('.')[0] in ('fastapi', 'uvicorn', 'starlette', 'watchdog')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
