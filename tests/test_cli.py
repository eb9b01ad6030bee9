"""The command line: help for every command, clean errors, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "001_6ee8ebe2bd49f0b4.txt"


def run(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "vnnq.cli", *args], capture_output=True, text=True, env=env, **kw)


@pytest.mark.parametrize("cmd", [[], ["extract"], ["eval"], ["schema"], ["tasks"], ["train"], ["watch"], ["serve"]])
def test_help_explains_with_example(cmd):
    r = run(*cmd, "--help")
    assert r.returncode == 0
    assert "example" in r.stdout


def test_extract_json_record_contract():
    r = run("extract", str(SEED), "--no-text")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["schema_version"]
    for key in ("type", "number", "notation", "code", "issuer", "place", "date", "subject", "recipients",
                "cc", "signer", "urgency", "confidentiality"):
        assert key in rec["document"]
    assert {"code", "type", "number", "notation", "date", "issuer", "title", "mentions"} <= set(rec["references"][0])
    assert {"id", "unit", "coordinating", "action", "deadline", "product", "start", "end"} <= set(rec["tasks"][0])


def test_bad_files_do_not_stop_the_others(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(2048))
    latin = tmp_path / "legacy.txt"
    latin.write_bytes("Công văn".encode("cp1258", errors="replace") + b"\xff\xfe\x80")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (3 * 1024 * 1024))
    r = run("extract", str(empty), str(junk), str(SEED), str(latin), str(big), "--format", "jsonl",
            "--no-text", "--max-mb", "2")
    assert r.returncode == 1
    assert len(r.stdout.strip().splitlines()) == 1
    err = r.stderr.strip().splitlines()
    assert len(err) == 4 and "Traceback" not in r.stderr
    assert "empty" in err[0] and "unreadable" in err[1] and "too_large" in err[3]


def test_all_failed_exit_code(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    r = run("extract", str(p))
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_schema_is_json():
    r = run("schema")
    assert json.loads(r.stdout)["properties"]["tasks"]["type"] == "array"


def test_eval_prints_table():
    r = run("eval", str(ROOT / "corpus" / "seeds"))
    assert r.returncode == 0 and "references" in r.stdout and "overall" in r.stdout


def test_an_internal_error_is_one_line_and_the_batch_goes_on(monkeypatch, capsys):
    import vnnq.pipeline
    from vnnq import cli

    real = vnnq.pipeline.extract

    def flaky(source, **kw):
        if str(source).endswith("001_6ee8ebe2bd49f0b4.txt"):
            raise RuntimeError("boom")
        return real(source, **kw)

    monkeypatch.setattr(vnnq.pipeline, "extract", flaky)
    other = ROOT / "corpus" / "seeds" / "003_7a7af33b04810395.txt"
    code = cli.main(["extract", str(SEED), str(other), "--format", "jsonl", "--no-text"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.strip() == f"vnnq: {SEED}: internal_error: RuntimeError: boom (please report this file)"
    assert len(out.strip().splitlines()) == 1


def test_records_follow_the_published_schema():
    import jsonschema

    import vnnq
    from vnnq.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    for path in sorted((ROOT / "corpus").rglob("*.txt"))[:5] + sorted((ROOT / "corpus" / "dev").glob("*.md"))[:8]:
        errors = list(validator.iter_errors(vnnq.extract(path).to_dict()))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"


def test_extract_jsonl_honours_output(tmp_path, capsys):
    from vnnq import cli

    out = tmp_path / "records.jsonl"
    code = cli.main(["extract", str(SEED), str(SEED), "--format", "jsonl", "--no-text", "-o", str(out)])
    assert code == 0
    assert capsys.readouterr().out == ""
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and rows[0]["document"]["code"] == rows[1]["document"]["code"]
