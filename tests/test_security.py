"""Security: hostile file names, hostile text in the XML and HTML outputs,
hostile model files, the API's bearer token.  Each test fails on an
implementation with the hole it names (real server on 127.0.0.1, real folders)."""

import ast
import json
import os
import pickle
import re
import sqlite3
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

import vnnq
from vnnq.classify import ModelError, load_models
from vnnq.pipeline import Settings
from vnnq.watch import JOURNAL, Inbox, WatchSettings

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[0]
FAST = WatchSettings(workers=2, sweep_every=0.2, stable_for=0.0)

HOSTILE = ('<script>alert(1)</script> "onmouseover=alert(2) x=" \'onfocus=alert(4) </textarea> '
           '<img src=x onerror=alert(5)> javascript:alert(3) ]]> &amp; & \x01\x08\x0b\x0c\x1f\ufffe\uffff')


def hostile_directive(h: str = HOSTILE) -> str:
    """A directive whose every field (issuer, subject, recipients, units, task,
    reference, cc, signer) carries the hostile text."""
    return f"""ỦY BAN NHÂN DÂN
TỈNH HẢI DƯƠNG {h}
Số: 12/KH-UBND
Hải Dương, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Về việc {h} chuyển đổi số
Kính gửi: Sở Tài chính {h}
Căn cứ Công văn số 15/UBND-VX ngày 01/02/2026 của UBND tỉnh {h};
1. Giao Sở Tài chính {h} chủ trì, phối hợp với Sở Nội vụ {h} rà soát {h} trước ngày 25/3/2026.
2. Phúc đáp Công văn số 16/SNV-TCCB {h}, Sở Y tế báo cáo hằng tháng {h}.
Nơi nhận:
- Sở Y tế {h};
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An {h}
"""


# ------------------------------------------------------------------ file names
def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def _hostile_names() -> list[bytes]:
    return [
        "cv..\\..\\..\\ngoai.txt".encode(),  # Windows separators: one name on Linux
        b"a\\..\\..\\b.txt",
        b"caf\xe9 c\xf4ng v\xe3n.txt",  # Windows-1258/Latin-1 bytes: not UTF-8
        b"bad\xff\xfe.pdf",
        ("d" * 250 + ".txt").encode(),  # 254 bytes: fits the inbox, not a tag or .error.json
        ("ă" * 120 + ".docx").encode(),  # 245 bytes of Vietnamese
        b"new\nline.txt",
        b"-rf .txt",
        b"$(touch pwned).txt",
        b"%s%n%x.txt",
    ]


def test_hostile_file_names_in_the_inbox_stay_inside_the_inbox_and_outbox(tmp_path):
    """Every name twice (a good and a bad document): the watcher ends, each file
    is done or failed once, nothing is written outside the inbox and outbox,
    every record and error file is valid UTF-8 JSON."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    good = SEED.read_bytes()
    names = []
    for i, raw in enumerate(_hostile_names()):
        for kind, data in (("good", good + f"\n{i}\n".encode()), ("bad", b"%PDF-1.4\n1 0 obj\n<<" + bytes([i]))):
            if kind == "bad":
                stem, dot, ext = raw.rpartition(b".")
                raw = (stem[:-4] + b"-bad." + ext) if dot else raw + b"-bad"
            with open(os.path.join(os.fsencode(inbox), raw), "wb") as f:
                f.write(data)
            names.append((os.fsdecode(raw), kind))
    before = _tree(tmp_path)
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "watch", str(inbox), "--out", str(out), "--once",
                        "--stable", "0"], env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path,
                       capture_output=True, timeout=300)
    # (exit status 1: the bad files failed, each in failed/ with its reason)
    assert r.returncode == 1, r.stderr.decode("utf-8", "replace")[-3000:]
    new = _tree(tmp_path) - before
    assert all(p.is_relative_to(inbox) or p.is_relative_to(out) for p in new), \
        [p for p in new if not (p.is_relative_to(inbox) or p.is_relative_to(out))]
    assert not (tmp_path / "pwned").exists()
    assert [p for p in inbox.iterdir() if p.is_file()] == []
    moved = {p.name for p in (inbox / "processed").rglob("*") if p.is_file()}
    failed = {p.name for p in (inbox / "failed").iterdir() if not p.name.endswith(".error.json")}
    db = sqlite3.connect(out / JOURNAL)
    rows = {(os.fsdecode(n) if isinstance(n, bytes) else n): s for n, s in db.execute("SELECT name, state FROM files")}
    for name, kind in names:
        assert rows.get(name) == ("done" if kind == "good" else "failed"), name
        if name in moved or name in failed:
            continue
        # a name too long for a tag was cut: the journal knows where it went
        (dest,) = db.execute("SELECT dest FROM files WHERE name=?", (os.fsencode(name) if name != os.fsdecode(
            os.fsencode(name)) else name,)).fetchone() or (None,)
        assert dest, name
    assert len(moved) + len(failed) == len(names)
    for j in out.glob("*.json"):
        rec = json.loads(j.read_bytes().decode("utf-8"))  # strict UTF-8: no lone surrogate written
        assert "/" not in rec["source"]["name"]
    for e in (inbox / "failed").glob("*.error.json"):
        assert json.loads(e.read_bytes().decode("utf-8"))["code"]
    assert len(list(out.glob("*.json"))) == sum(kind == "good" for _n, kind in names)
    assert not [p for p in _tree(tmp_path) if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """The real server, run in an empty folder with its own empty temporary folder."""
    from test_api import _start
    work = tmp_path_factory.mktemp("api-cwd")
    tmp = tmp_path_factory.mktemp("api-tmp")
    old = os.getcwd()
    os.chdir(work)  # the server's working folder
    try:
        proc, base = _start("--workers", "1", env_extra={"TMPDIR": str(tmp)})
    finally:
        os.chdir(old)
    yield base, work, tmp
    proc.terminate()
    proc.wait(timeout=30)


def test_upload_names_never_touch_the_file_system(api, tmp_path):
    base, work, tmp = api
    tag = uuid.uuid4().hex
    targets = [Path("/tmp") / f"vnnq-pwned-{tag}-{i}.txt" for i in range(3)]
    names = [
        f"../../../../../../tmp/vnnq-pwned-{tag}-0.txt",
        str(targets[1]),
        f"..\\..\\..\\..\\..\\..\\tmp\\vnnq-pwned-{tag}-2.txt",
        "a\x00b/../../c.txt",
        "x" * 10_000 + ".txt",
        "",
        "..",
        "/",
    ]
    data = SEED.read_bytes()
    with httpx.Client(timeout=120) as c:
        for name in names:
            for fmt in ("json", "xlsx", "html"):
                r = c.post(f"{base}/v1/extract?format={fmt}&download=true",
                           files={"file": (name, data, "text/plain")})
                assert r.status_code in (200, 422), (name[:80], r.status_code, r.text[:300])
                if r.status_code == 200:
                    disp = r.headers.get("content-disposition", "")
                    assert "/" not in disp.split("filename*=")[0] and "\\" not in disp and "\x00" not in disp
            r = c.post(f"{base}/v1/extract", json={"text": data.decode("utf-8"), "name": name})
            assert r.status_code == 200, r.text[:300]
            label = r.json()["source"]["name"] or ""
            assert "/" not in label and "\\" not in label and len(label) <= 200
    for t in targets:
        assert not t.exists(), t
    assert list(work.iterdir()) == []  # nothing in the server's working folder
    assert list(tmp.iterdir()) == []  # its temporary files are gone too


# ------------------------------------------------------------------ XML and HTML
def test_edxml_escapes_everything_and_stays_well_formed():
    d = vnnq.extract(hostile_directive())
    assert "<script>" in (d.document.subject or "")  # the hostile text reached the header
    from vnnq.export.edxml import to_edxml
    xml = to_edxml(d)
    root = ET.fromstring(xml.encode("utf-8"))  # expat: strict XML 1.0, refuses &#1; and raw controls
    texts = [el.text or "" for el in root.iter()]
    assert not any(el.tag == "script" for el in root.iter())
    assert any("<script>alert(1)</script>" in t for t in texts)  # kept as text, escaped
    assert any("]]>" in t and "&amp;" in t for t in texts)
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", t) for t in texts)
    assert {el.tag for el in root.iter()} <= {
        "edXMLEnvelope", "edXMLHeader", "MessageHeader", "From", "OrganName", "To", "Code", "CodeNumber",
        "CodeNotation", "PromulgationInfo", "Place", "PromulgationDate", "DocumentType", "TypeName", "Subject",
        "SignerInfo", "Competence", "Position", "FullName", "DueDate", "ToPlaces", "OtherInfo", "Priority",
        "PageAmount", "Description", "ResponseFor"}


class _Elements(HTMLParser):
    """The elements and attributes a browser's tokenizer sees, and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_the_review_page_has_no_markup_from_the_document():
    d = vnnq.extract(hostile_directive())
    assert d.tasks and d.references and d.document.recipients
    from vnnq.export.html import review_page
    page = review_page(d)
    p = _Elements()
    p.feed(page)
    tags = [t for t, _a in p.tags]
    assert "script" not in tags and "img" not in tags and "textarea" not in tags
    for tag, attrs in p.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert name in {"lang", "charset", "name", "content", "href", "id", "class", "data-kind", "title",
                            "colspan"}, (tag, name)
            assert not (value or "").lower().lstrip().startswith("javascript:"), (tag, name, value)
            if name == "href":
                assert value.startswith("#"), value  # only links inside the page
    text = "".join(p.text)
    assert "<script>alert(1)</script>" in text and '"onmouseover=alert(2)' in text  # shown as text
    assert "</textarea>" in text


# ------------------------------------------------------------------ model files
def _model_cases() -> dict[str, bytes]:
    base = json.loads((ROOT / "models" / "task_category.json").read_text(encoding="utf-8"))
    n = len(base["classes"])

    def variant(**kw):
        return json.dumps({**base, **kw}).encode()

    class Boom:  # a pickle that runs a command when loaded
        def __reduce__(self):
            return (os.system, (f"touch {ROOT / 'models-pwned'}",))

    return {
        "pickle": pickle.dumps(Boom()),
        "not_json": b"{not json",
        "a_list": b"[1, 2]",
        "nested_100k": b"[" * 100_000 + b"]" * 100_000,
        "weights_a_number": variant(weights=5),
        "weight_row_a_number": variant(weights={"w:giao": 5}),
        "weight_rows_strings": variant(weights={"w:giao": "x" * n, "w:sở": "y" * n}),
        "weight_inf": variant()[:-1] + b', "weights": {"w:giao": [' + b", ".join([b"1e999"] * n) + b"]}}",
        "intercept_strings": variant(intercept=["a"] * n),
        "intercept_nan": variant()[:-1] + b', "intercept": [' + b", ".join([b"NaN"] * n) + b"]}",
        "classes_numbers": variant(classes=list(range(n))),
        "ngrams_of_ten_million_words": variant(config={"word": [1, 10 ** 7], "max_chars": 10 ** 9}),
        "config_unknown_key": variant(config={"word": [1, 2], "exec": "import os"}),
        "thresholds_strings": variant(thresholds={c: "x" for c in base["classes"]}),
        "keywords_not_lists": variant(keywords={"digital": 5}),
        "kind_unknown": variant(kind="exec"),
        "latin1": "{\"format\": \"vnnq-linear\", \"name\": \"caf\xe9\"}".encode("latin-1"),
    }


@pytest.mark.parametrize("case", list(_model_cases()))
def test_a_hostile_model_file_is_a_model_error_not_code_or_a_crash(tmp_path, case):
    models = tmp_path / "models"
    models.mkdir()
    (models / "unit_category.json").write_bytes((ROOT / "models" / "unit_category.json").read_bytes())
    (models / "task_category.json").write_bytes(_model_cases()[case])
    with pytest.raises(ModelError):
        load_models(models)
    d = vnnq.extract(SEED.read_bytes(), name=SEED.name, settings=Settings(models_dir=models))
    assert d.tasks  # extraction goes on, with the keyword rules
    assert any("task_category.json" in w for w in d.warnings)
    assert not (ROOT / "models-pwned").exists()


NEVER_ENDS = """
import os, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a loader that reads on fails here, not the machine
from vnnq.classify import ModelError, load_models
from vnnq.classify.linear import LinearModel
models = Path(sys.argv[1])
for path in (models, models / "fifo.json"):
    try:
        load_models(path) if path == models else LinearModel.load(path)
    except ModelError as exc:
        assert "not a regular file" in str(exc), exc
    else:
        sys.exit(f"{path}: loaded")
print("refused")
"""


def test_a_model_path_that_never_ends_is_refused(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "unit_category.json").write_bytes((ROOT / "models" / "unit_category.json").read_bytes())
    (models / "task_category.json").symlink_to("/dev/zero")  # reading it would never end
    os.mkfifo(models / "fifo.json")  # nor would this (no writer)
    r = subprocess.run([sys.executable, "-c", NEVER_ENDS, str(models)], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "refused", r.stderr[-2000:]


def test_a_hostile_model_folder_from_the_environment_is_refused_by_the_cli(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    for name, case in (("unit_category.json", "pickle"), ("task_category.json", "nested_100k")):
        (models / name).write_bytes(_model_cases()[case])
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "extract", str(SEED)], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT), VNNQ_MODELS=str(models)), timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "model" in json.loads(r.stdout)["warnings"][0]
    assert not (ROOT / "models-pwned").exists()


def test_no_pickle_or_code_loading_at_run_time():
    """The library never unpickles or evaluates: grep the source (training,
    which needs scikit-learn, writes JSON too)."""
    bad = re.compile(r"\b(?:pickle|joblib|marshal|dill|cloudpickle|shelve)\b|\beval\(|\bexec\(|"
                     r"yaml\.(?:unsafe_)?load\(|yaml\.Loader\b|torch\.load\(|numpy\.load\(|np\.load\(")
    hits = []
    for p in (ROOT / "vnnq").rglob("*.py"):
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if bad.search(code) and "(no pickle)" not in line:
                hits.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()}")
    assert hits == []
    # YAML is read with the safe loader only
    for p in (ROOT / "vnnq").rglob("*.py"):
        src = p.read_text(encoding="utf-8")
        for m in re.finditer(r"yaml\.(\w+)\(", src):
            assert m.group(1) in ("safe_load", "safe_dump", "dump"), f"{p}: yaml.{m.group(1)}"


# ------------------------------------------------------------------ the token
def test_the_token_comparisons_are_constant_time():
    """Every comparison with the token in vnnq/api.py goes through
    hmac.compare_digest: no ==, !=, in, startswith on it."""
    src = (ROOT / "vnnq" / "api.py").read_text(encoding="utf-8")
    tree = ast.parse(src)
    digest_calls = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compare_digest":
            digest_calls += 1
        if isinstance(node, ast.Compare):
            names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "") for side in
                     [node.left, *node.comparators] for n in ast.walk(side)}
            assert not ({"token", "got", "t"} & names and "compare_digest" not in names
                        and not all(isinstance(c, ast.Constant) and c.value is None for c in node.comparators)), \
                f"a plain comparison with the token, line {node.lineno}"
    assert digest_calls >= 2  # the header, the form field


@pytest.fixture(scope="module")
def authed():
    from test_api import _start
    proc, base = _start("--workers", "1", env_extra={"VNNQ_API_TOKEN": "s3cret"})
    yield base, "s3cret"
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer sai", "Bearer s3cre", "Bearer s3cretX",
                                    "bearer s3cret", "Basic s3cret", "s3cret", "Bearer  s3cret", "Bearer s3cret s3cret"])
def test_missing_and_wrong_tokens_get_401_everywhere(authed, header):
    base, _token = authed
    h = {} if header is None else {"authorization": header}
    body = {"text": SEED.read_text(encoding="utf-8")}
    files = {"file": ("cv.txt", SEED.read_bytes(), "text/plain")}
    for method, path, kw in (("POST", "/v1/extract", {"json": body}), ("POST", "/v1/tasks", {"json": body}),
                             ("POST", "/v1/extract?format=html", {"files": files, "data": {"token": "sai"}}),
                             ("POST", "/v1/extract", {"files": files}),
                             ("GET", "/v1/version", {}), ("GET", "/v1/schema", {}), ("GET", "/v1/search?q=x", {})):
        r = httpx.request(method, base + path, headers=h, timeout=60, **kw)
        assert r.status_code == 401, (header, path, r.status_code)
        assert r.json()["error"] == "unauthorized"
        assert "s3cret" not in r.text


def test_the_right_token_is_let_in(authed):
    base, token = authed
    r = httpx.post(base + "/v1/extract", json={"text": SEED.read_text(encoding="utf-8")},
                   headers={"authorization": f"Bearer {token}"}, timeout=60)
    assert r.status_code == 200 and r.json()["tasks"]


def test_an_empty_token_file_is_an_error_not_an_open_server(tmp_path):
    empty = tmp_path / "token"
    empty.write_text("\n  \n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "serve", "--port", "1", "--token-file", str(empty)],
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "token" in r.stderr and "empty" in r.stderr and "Traceback" not in r.stderr
