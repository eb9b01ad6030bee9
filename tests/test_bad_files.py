"""A corpus of bad files, made here, through the CLI, the watcher and the API.

Every kind of broken or odd file an office or an archive run meets (issue 7):
zero bytes, random bytes named .pdf and .docx, a truncated PDF, an encrypted
PDF, a PDF of 2,000 pages, zip bombs posing as .docx (document.xml declared as
2 GB, the same with a lying size, a bomb in styles.xml), a DOCX with a 10 MB
paragraph (in one run and in many), a Windows-1258 text, a name with
Vietnamese letters and spaces, symlinks (to a good file, dangling), and a
file that vanishes while the batch or the watcher reaches it.  Each gets its
documented error (README: the error codes of vnnq/errors.py) or a correct
record, within bounds: each CLI run is a subprocess under RLIMIT_AS and
RLIMIT_CPU with a wall timeout, and its peak memory is checked; the watcher
and the server run under the same limits, and must live on.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import httpx
import pytest

from test_api import _free_port
from test_legacy import cp1258_encode
from test_watch import _until, env

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SEED = ROOT / "corpus" / "seeds" / "004_a4acfd5417d7c047.txt"


def good_text(number: str = "12") -> str:
    """A real directive of the corpus (its number left blank there) with a number."""
    return SEED.read_text(encoding="utf-8").replace("Số: /KH-UBND", f"Số: {number}/KH-UBND", 1)


GOOD = good_text().encode("utf-8")
GOOD_CODE = "12/KH-UBND"

MEMORY_LIMIT = 2 * 1024 ** 3  # RLIMIT_AS of every process started here: a 2 GB bomb cannot inflate
CPU_LIMIT = 60  # seconds of CPU (RLIMIT_CPU)
WALL_LIMIT = 180  # seconds, generous: the machine may be shared
PEAK_RSS_MB = 700  # what a CLI run may reach (about 150 MB reading a good file)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
         '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
         'document.main+xml"/></Types>').encode()
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>').encode()
SENTENCE = "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát hồ sơ trước ngày 25/3/2026. "


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


# ---------------------------------------------------------------------------
# Making the files


def _document_xml(paragraphs: list[list[str]]) -> bytes:
    """document.xml with one w:p per item, each a list of runs."""
    from xml.sax.saxutils import escape

    body = "".join("<w:p>" + "".join(f"<w:r><w:t>{escape(r)}</w:t></w:r>" for r in runs) + "</w:p>"
                   for runs in paragraphs)
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _zeros_deflate(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``size`` zero bytes (a multiple of 1 MB) without
    compressing them all: one fully flushed 1 MB block, repeated (each starts
    from a reset dictionary, so each decodes alone), then an empty final block.
    Returns the stream and the CRC-32 of what it inflates to."""
    mb = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(mb) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(mb, crc)
    return block * (size >> 20) + b"\x03\x00", crc


def _zip_by_hand(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc32, declared size) members, written
    field by field, so the declared size can be anything."""
    out, central = bytearray(), bytearray()
    for name, data, crc, size in members:
        offset = len(out)
        n = name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(n), 0) + n + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(n), 0, 0, 0, 0, 0, offset) + n
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    return (name, _deflate(data), zlib.crc32(data), len(data))


def _docx(document: bytes, *extra: tuple[str, bytes, int, int]) -> bytes:
    return _zip_by_hand([_member("[Content_Types].xml", TYPES), _member("_rels/.rels", RELS),
                         _member("word/document.xml", document), *extra])


def _many_pages_pdf(n: int) -> bytes:
    """A PDF of ``n`` pages sharing one content stream, written by hand."""
    content = b"BT /F1 11 Tf 50 780 Td (So: 12/KH-UBND ngay 05/3/2026) Tj ET"
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            3: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>")
    for i in range(n):
        objs[5 + i] = page
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(n)) + b"] /Count %d >>" % n
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(b"%010d 00000 n \n" % offsets[k] for k in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _fpdf(password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("dv", "", str(FONT))
    pdf.set_font("dv", size=11)
    if password:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=password)
    for _ in range(3):
        pdf.add_page()
        for line in good_text().splitlines()[:40]:
            pdf.multi_cell(0, 14, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# name -> (what it is, the codes it may get: "ok" is a record)
EXPECTED: dict[str, tuple[str, set[str]]] = {
    "empty.txt": ("zero bytes", {"empty"}),
    "random.pdf": ("random bytes named .pdf", {"unreadable"}),
    "random.docx": ("random bytes named .docx", {"unreadable"}),
    "truncated.pdf": ("a PDF cut in half", {"unreadable"}),
    "encrypted.pdf": ("a PDF with a user password", {"encrypted"}),
    "2000-pages.pdf": ("a PDF of 2,000 pages", {"too_large"}),
    "bomb.docx": ("document.xml declared as 2 GB (2 MB of deflate)", {"unreadable"}),
    "bomb-lying.docx": ("2 GB of deflate declared as 1 KB", {"unreadable"}),
    "bomb-in-styles.docx": ("styles.xml of 400 MB", {"unreadable"}),
    "paragraph-10mb.docx": ("a 10 MB paragraph in one run", {"too_large"}),
    "paragraph-10mb-runs.docx": ("a 10 MB paragraph in 100 runs", {"too_large"}),
    "windows-1258.txt": ("a text in Windows-1258", {"ok"}),
    "Kế hoạch số 12 năm 2026.txt": ("Vietnamese letters and spaces in the name", {"ok"}),
    "link-to-good.txt": ("a symlink to a good file", {"ok"}),
    "dangling.txt": ("a symlink to nothing", {"unreadable"}),
}


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    rnd = random.Random(1258)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "random.pdf": rnd.randbytes(64 * 1024),
        "random.docx": rnd.randbytes(64 * 1024),
        "2000-pages.pdf": _many_pages_pdf(2000),
        "windows-1258.txt": cp1258_encode(good_text()),
        "Kế hoạch số 12 năm 2026.txt": GOOD,
    }
    if FONT.exists():
        good_pdf = _fpdf()
        files["truncated.pdf"] = good_pdf[: len(good_pdf) // 2]
        files["encrypted.pdf"] = _fpdf(password="mat-khau")
    bomb, crc = _zeros_deflate(2 << 30)
    files["bomb.docx"] = _zip_by_hand([_member("[Content_Types].xml", TYPES), _member("_rels/.rels", RELS),
                                       ("word/document.xml", bomb, crc, 2 << 30)])
    files["bomb-lying.docx"] = _zip_by_hand([_member("[Content_Types].xml", TYPES), _member("_rels/.rels", RELS),
                                             ("word/document.xml", bomb, crc, 1024)])
    styles, styles_crc = _zeros_deflate(400 << 20)
    files["bomb-in-styles.docx"] = _docx(_document_xml([["Số: 12/KH-UBND"], [SENTENCE]]),
                                         ("word/styles.xml", styles, styles_crc, 400 << 20))
    ten_mb = SENTENCE * (10 * 1024 * 1024 // len(SENTENCE.encode()) + 1)
    files["paragraph-10mb.docx"] = _docx(_document_xml([["Số: 12/KH-UBND"], [ten_mb]]))
    step = len(ten_mb) // 100
    files["paragraph-10mb-runs.docx"] = _docx(_document_xml(
        [["Số: 12/KH-UBND"], [ten_mb[i:i + step] for i in range(0, len(ten_mb), step)]]))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    good = folder / "good" / "cong-van.txt"
    good.parent.mkdir()
    good.write_bytes(good_text("13").encode("utf-8"))
    (folder / "link-to-good.txt").symlink_to(good)
    (folder / "dangling.txt").symlink_to(folder / "no-such-file.txt")
    return folder


def _cases(bad: Path) -> list[str]:
    names = [n for n in EXPECTED if os.path.lexists(bad / n)]
    assert len(names) >= len(EXPECTED) - 2  # only the two fpdf2 PDFs may be missing (no font)
    return names


def _run_limited(cmd: list[str], cwd: Path | None = None) -> tuple[int, str, str, float, int]:
    """Run ``cmd`` under the limits: (exit code, stdout, stderr, wall s, peak RSS MB)."""
    import tempfile

    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env(), cwd=cwd, preexec_fn=_limits)
        # os.wait4 gives this child's own peak memory (RUSAGE_CHILDREN is the max of all)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > WALL_LIMIT:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise AssertionError(f"{cmd}: still running after {WALL_LIMIT} s (a hang)")
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                time.monotonic() - t0, usage.ru_maxrss // 1024)


# ---------------------------------------------------------------------------
# The CLI


def test_each_bad_file_through_the_cli(bad):
    """``vnnq extract FILE``, one limited process per file: the documented
    error on stderr (``vnnq: FILE: code: reason``, exit 2) or a record (exit 0)."""
    report = []
    for name in _cases(bad):
        what, codes = EXPECTED[name]
        code, out, err, wall, peak = _run_limited(
            [sys.executable, "-m", "vnnq.cli", "extract", str(bad / name), "--format", "json", "--no-text"])
        report.append(f"{name}: exit {code}, {wall:.1f} s, {peak} MB")
        assert "Traceback" not in err and "internal_error" not in err, (name, err)
        assert code in (0, 2), (name, code, err)  # never killed by a limit (-9, -24) nor a crash
        if code == 0:
            assert "ok" in codes, (name, what, out[:300])
            rec = json.loads(out)
            assert rec["document"]["code"] in (GOOD_CODE, "13/KH-UBND"), (name, rec["document"])
            assert rec["source"]["name"] == name
        else:
            got = err.strip().split(": ")
            assert got[0] == "vnnq" and got[2] in codes, (name, what, err)
        assert peak < PEAK_RSS_MB, (name, peak)
    print("\n".join(report))


def test_a_file_that_vanishes_in_a_batch(bad, tmp_path):
    """Three files listed, the middle one deleted once the batch has started:
    ``no such file`` for it, records for the others, exit 1."""
    files = []
    for stem in ("a", "vanishes", "b"):
        p = tmp_path / f"{stem}.txt"
        p.write_bytes(GOOD)
        files.append(str(p))
    proc = subprocess.Popen([sys.executable, "-m", "vnnq.cli", "extract", *files, "--format", "jsonl", "--no-text"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(), preexec_fn=_limits)
    os.unlink(files[1])  # the CLI is still importing vnnq: the name is listed, the file gone
    out, err = proc.communicate(timeout=WALL_LIMIT)
    records = [json.loads(line) for line in out.decode().splitlines()]
    assert [r["source"]["name"] for r in records] == ["a.txt", "b.txt"]
    assert err.decode().strip() == f"vnnq: {files[1]}: unreadable: {files[1]}: no such file"
    assert proc.returncode == 1


# ---------------------------------------------------------------------------
# The watcher

# The deletion is put at the exact point in the real watcher: after a sweep
# listed the file, before (a) the watcher hashes it, (b) the worker reads it.
VANISH_HOOK = """
import os
from pathlib import Path
import vnnq.watch as w
_start = w.Inbox._start
def _start_and_vanish(self, pool, path):
    if path.name.startswith("vanish-before"):
        os.unlink(path)
    _start(self, pool, path)
    if path.name.startswith("vanish-after") and path.exists():
        os.unlink(path)
w.Inbox._start = _start_and_vanish
"""


def _sweep(inbox: Path, out: Path, log: Path) -> str:
    """``vnnq watch INBOX --once`` under the limits, with the vanishing hook; its log."""
    code = VANISH_HOOK + "\nimport sys\nfrom vnnq.cli import main\nsys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "watch", str(inbox), "--out", str(out), "--once",
                             "--workers", "2", "--stable", "0"], env=env(), stdout=subprocess.DEVNULL,
                            stderr=open(log, "w"), preexec_fn=_limits)
    try:
        proc.wait(timeout=WALL_LIMIT * 2)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the watcher did not finish its sweep: " + log.read_text()[-2000:]) from None
    text = log.read_text(encoding="utf-8")
    # (exit status 1: some files failed, each in failed/ with its reason; not a crash)
    assert proc.returncode == 1 and "file(s) failed" in text, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    return text


def test_bad_files_dropped_into_the_watched_folder(bad, tmp_path):
    """All of them in one inbox with good files: each bad one ends in failed/
    with its NAME.error.json and its code, the good ones are done, the
    watcher ends by itself (``--once``) within the limits; a file deleted
    after the sweep listed it and before it was read is passed over."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    names = _cases(bad)
    for name in names:
        src = bad / name
        if src.is_symlink():
            os.symlink(os.readlink(src), inbox / name)
        else:
            (inbox / name).write_bytes(src.read_bytes())
    for i, stem in enumerate(("good-1", "good-2", "vanish-before"), 1):
        (inbox / f"{stem}.txt").write_bytes(good_text(f"10{i}").encode("utf-8"))
    text = _sweep(inbox, out, tmp_path / "watch.log")
    failed = inbox / "failed"
    done = {p.name for p in (inbox / "processed").rglob("*") if p.is_file() or p.is_symlink()}
    for name in names:
        what, codes = EXPECTED[name]
        if name == "dangling.txt":
            assert (inbox / name).is_symlink()  # not a file: left alone, never read
            continue
        if "ok" in codes:
            assert name in done, (name, text[-2000:])  # (a duplicate of another has no outputs of its own)
            continue
        err = json.loads((failed / f"{name}.error.json").read_text(encoding="utf-8"))
        assert err["code"] in codes and err["reason"], (name, err)
        assert (failed / name).exists()
    for i, stem in enumerate(("good-1", "good-2"), 1):
        rec = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert rec["document"]["code"] == f"10{i}/KH-UBND"
    # vanished before the hash: nothing to do, nothing recorded
    assert not any("vanish-before" in n for n in done) and not (failed / "vanish-before.txt.error.json").exists()
    assert not list(out.glob(".*.tmp"))


def test_a_file_that_vanishes_while_the_worker_reads_it(tmp_path):
    """Deleted once handed to a worker: the worker's ``no such file`` is its
    failure (an error file in failed/), and the watcher goes on with the rest."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for i, stem in enumerate(("good-1", "good-2", "vanish-after"), 1):
        (inbox / f"{stem}.txt").write_bytes(good_text(f"10{i}").encode("utf-8"))
    _sweep(inbox, out, tmp_path / "watch.log")
    gone = json.loads((inbox / "failed" / "vanish-after.txt.error.json").read_text(encoding="utf-8"))
    assert gone["code"] == "unreadable" and "no such file" in gone["reason"]
    for i, stem in enumerate(("good-1", "good-2"), 1):
        assert json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))["document"]["code"] == f"10{i}/KH-UBND"


# ---------------------------------------------------------------------------
# The API


def test_bad_files_posted_to_the_server(bad):
    """Each file as an upload to the real server (its process under the
    limits): a 4xx JSON error with the code, or the record; the server lives on."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "vnnq.cli", "serve", "--port", str(port), "--workers", "2"],
                            env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_limits)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: _alive(base), "the server to start", limit=120)
        status_of = {"empty": 422, "unreadable": 422, "encrypted": 422, "too_large": 413}
        for name in _cases(bad):
            what, codes = EXPECTED[name]
            path = bad / name
            data = path.read_bytes() if path.exists() else None
            if data is None:  # the dangling symlink: nothing to upload
                continue
            r = httpx.post(base + "/v1/extract", files={"file": (name, data)}, timeout=WALL_LIMIT)
            if r.status_code == 200:
                assert "ok" in codes, (name, what)
                assert r.json()["document"]["code"] in (GOOD_CODE, "13/KH-UBND")
            else:
                body = r.json()
                assert body["error"] in codes and body["detail"], (name, r.status_code, body)
                assert r.status_code == status_of[body["error"]], (name, r.status_code, body)
            assert httpx.get(base + "/v1/health", timeout=30).json() == {"status": "ok"}, name
            assert proc.poll() is None, f"the server died on {name}"
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _alive(base: str) -> bool:
    try:
        return httpx.get(base + "/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
