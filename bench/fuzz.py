"""Coverage-guided fuzzing of the file readers with atheris (libFuzzer for Python).

    python bench/fuzz.py --target txt|docx|pdf|all --seconds N [--out DIR] [--jobs 1]

Each target feeds bytes to one reader (``vnnq.ingest.read_bytes`` with a
``.txt``/``.md``/``.html``, ``.docx`` or ``.pdf`` name; for DOCX and PDF also
the format's own reader, ``read_docx`` / ``read_pdf``, which skip the sniffing)
and then to ``vnnq.extract(bytes)``, the whole pipeline.  The seed corpus is
made here from the corpus files: the texts as UTF-8, UTF-8 with BOM, UTF-16
and Windows-1258 bytes; DOCX packages written with python-docx and small
hand-made ones; PDFs written with fpdf2 (uncompressed content streams, so
mutations reach the text operators), one with a table and an encrypted one.
``--target all`` runs each target for N seconds in turn.

A crash is an exception that is not a :class:`vnnq.VnnqError`, an input that
takes more than 10 s (libFuzzer's ``-timeout``) or more than 2 GB of memory.
The harness catches exceptions itself so that one run keeps going and finds
more; each distinct crash (exception type and innermost vnnq frame) is saved
once as ``OUT/crashes-TARGET/crash-KEY.bin`` with its traceback in ``.txt``;
hangs and memory blow-ups are written by libFuzzer as ``timeout-*``/``oom-*``
in the same folder, and the run is restarted with the corpus it had grown.
The report prints the inputs tried (libFuzzer's executed units), the corpus
size, the coverage features and the crashes.

DOCX inputs are mutated inside the zip (a member, usually word/document.xml,
is mutated and the package rewritten), since random bytes in a deflate stream
only ever reach zipfile's CRC check; one mutation in four works on the raw
bytes.  Office formats that need LibreOffice (.doc/.rtf/.odt) and OCR are out
of scope: OCR is switched off and inputs sniffed as those formats are skipped.

Needs ``pip install atheris`` (wheels for CPython 3.8-3.11 on x86-64 Linux).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import subprocess
import tempfile
import sys
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TARGETS = ("txt", "docx", "pdf")
HANG_SECONDS = 10
RSS_LIMIT_MB = 2048

# libFuzzer dictionaries: tokens the mutator splices in, per target.
DICTS = {
    "txt": ["Số:", "ngày", "tháng", "năm", "/KH-UBND", "-NQ/TW", "/QĐ-", "Kính gửi:", "Nơi nhận:",
            "KT. CHỦ TỊCH", "Giao ", "chủ trì", "phối hợp", "trước ngày", "hằng năm", "Quý IV/2026",
            "**", "|", "\r\n", "\ufeff", "<html>", "<table>", "<p>", "Ủy ban nhân dân", "1.1.", "a)",
            "Điều 1.", "\\*", "\u0301", "hoà", "Uỷ", "\xa0"],
    "docx": ["<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:br/>", "<w:tab/>", "<w:tbl>",
             "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:gridSpan w:val=\"2\"/>",
             "<w:vMerge/>", "<w:sdt>", "<w:sdtContent>", "<w:ins>", "<w:del>", "<w:sym w:char=\"F0B7\"/>",
             "w:ascii=\".VnTime\"", "w:ascii=\"VNI-Times\"", "<w:rFonts", "<!ENTITY", "<!DOCTYPE",
             "word/document.xml", "[Content_Types].xml", "_rels/.rels", "Số: 12/KH-UBND"],
    "pdf": ["obj", "endobj", "stream", "endstream", "xref", "trailer", "startxref", "%%EOF", "/Type",
            "/Page", "/Pages", "/Kids", "/Count", "/Contents", "/Length", "/Filter", "/FlateDecode",
            "/ASCIIHexDecode", "/LZWDecode", "/Encrypt", "/Font", "/ToUnicode", "/MediaBox", "/Resources",
            "/XObject", "/Image", "BT", "ET", "Tf", "Tj", "TJ", "Td", "Tm", "re", "cm", "q", "Q", "<<", ">>",
            "[", "]", "/Root", "/Size", "/Prev", "/ObjStm", "/XRef", "R"],
}


# ---------------------------------------------------------------------------
# Seeds


def _corpus_texts(limit: int) -> list[str]:
    files = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".md") and p.is_file())
    random.Random(7).shuffle(files)
    return [p.read_text(encoding="utf-8") for p in files[:limit]]


def _minimal_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A DOCX of three members only: what a reader needs, nothing it can skip."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row)
                       + "</w:tr>" for row in table)
        body += f"<w:tbl>{rows}</w:tbl>"
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>")
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
             '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document)
    return out.getvalue()


def _python_docx(lines: list[str], legacy_font: bool = False) -> bytes:
    import docx

    doc = docx.Document()
    for line in lines:
        run = doc.add_paragraph().add_run(line)
        if legacy_font:
            run.font.name = ".VnTime"
    table = doc.add_table(rows=2, cols=3)
    for i, text in enumerate(("Nội dung", "Đơn vị chủ trì", "Thời gian")):
        table.cell(0, i).text = text
    for i, text in enumerate(("Rà soát hồ sơ", "Sở Tài chính", "Quý III/2026")):
        table.cell(1, i).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(lines: list[str], *, table: bool = False, password: str | None = None, compress: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_compression(compress)
    pdf.add_font("dv", "", str(FONT))
    pdf.add_font("dv", "B", str(FONT))
    pdf.set_font("dv", size=10)
    if password:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=password)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 13, line, new_x="LMARGIN", new_y="NEXT")
    if table:
        with pdf.table(col_widths=(200, 150, 100)) as t:
            for cells in (("Nội dung", "Đơn vị chủ trì", "Thời gian"), ("Rà soát hồ sơ", "Sở Tài chính", "Quý III/2026")):
                row = t.row()
                for c in cells:
                    row.cell(c)
    return bytes(pdf.output())


def _hand_pdf(text: str) -> bytes:
    """A one-page PDF with a core font, written byte by byte: small and fast to parse."""
    content = f"BT /F1 11 Tf 50 780 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_seeds(target: str, folder: Path) -> int:
    """Write the seed corpus of ``target`` into ``folder``; return the number of seeds."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds: list[bytes] = []
    if target == "txt":
        for i, text in enumerate(_corpus_texts(40)):
            head = text[:6000]
            seeds.append(head.encode("utf-8"))
            if i % 4 == 1:
                seeds.append(b"\xef\xbb\xbf" + head.encode("utf-8"))
            if i % 4 == 2:
                seeds.append(head.encode("utf-16"))
            if i % 4 == 3:
                try:
                    seeds.append(head.encode("cp1258"))
                except UnicodeEncodeError:
                    pass
        seeds.append(b"<html><body><p>S\xe1\xbb\x91: 12/KH-UBND</p><table><tr><td>a</td></tr></table></body></html>")
    elif target == "docx":
        for i, text in enumerate(_corpus_texts(12)):
            lines = [ln for ln in text.splitlines() if ln.strip()][:60]
            seeds.append(_minimal_docx(lines[:40], [lines[40:43] or ["a", "b"], ["Sở Tài chính", "Quý III/2026"]]))
            if i < 4:
                seeds.append(_python_docx(lines[:30], legacy_font=(i == 3)))
    elif target == "pdf":
        texts = _corpus_texts(8)
        for i, text in enumerate(texts):
            lines = [ln for ln in text.splitlines() if ln.strip()][:25]
            seeds.append(_pdf(lines, table=(i % 2 == 0)))
        seeds.append(_pdf(["Số: 12/KH-UBND", "Giao Sở Tài chính chủ trì"], password="mat-khau"))
        seeds.append(_pdf(["Số: 12/KH-UBND", "Giao Sở Tài chính chủ trì"], compress=True))
        seeds.append(_hand_pdf("So: 12/KH-UBND ngay 05/3/2026"))
    for data in seeds:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return len(seeds)


# ---------------------------------------------------------------------------
# The harness (runs in the child process, under atheris)


def _crash_key(exc: BaseException) -> str:
    """Exception type and the innermost frame in vnnq (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/vnnq/" in f.filename]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    return f"{type(exc).__name__}@{where}"


def _dict_escape(token: str) -> str:
    """A libFuzzer dictionary entry: printable ASCII as is, every other byte as \\xNN."""
    return "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in token.encode("utf-8"))


def child(target: str, seconds: int, out: Path, corpus_dir: Path, seed_dir: Path) -> None:
    import atheris

    with atheris.instrument_imports(include=["vnnq", "pdfminer", "pdfplumber", "docx"]):
        import vnnq
        from vnnq.ingest import read_bytes, sniff
        from vnnq.ingest.docx import read_docx
        from vnnq.ingest.ocr import OcrOptions
        from vnnq.ingest.pdf import read_pdf
        import pdfplumber  # noqa: F401  (imported inside, so that it is instrumented)
        import docx  # noqa: F401

    settings = vnnq.Settings(ocr=OcrOptions(enabled=False))
    crashes = out / f"crashes-{target}"
    crashes.mkdir(parents=True, exist_ok=True)
    seen = {p.stem.removeprefix("crash-") for p in crashes.glob("crash-*.bin")}
    names = {"txt": ["x.txt", "x.md", "x.html"], "docx": ["x.docx"], "pdf": ["x.pdf"]}[target]
    VnnqError = vnnq.VnnqError

    def one(data: bytes) -> None:
        name = names[data[-1] % len(names)] if data and len(names) > 1 else names[0]
        try:
            kind = sniff(data, name)
        except VnnqError:
            kind = None
        if kind in ("ole", "rtf", "odt"):
            return  # LibreOffice conversions: a subprocess, out of scope here
        try:
            if target == "docx" and kind != "docx":
                read_docx(data, name)  # the reader's own checks, past the sniffing
            elif target == "pdf" and kind != "pdf":
                read_pdf(data, name, settings.ocr)
            else:
                read_bytes(data, name, ocr=settings.ocr)
        except VnnqError:
            return
        try:
            vnnq.extract(data, name=name, settings=settings)
        except VnnqError:
            pass

    def test_one_input(data: bytes) -> None:
        try:
            one(data)
        except Exception as exc:  # noqa: BLE001  (every other exception is the finding)
            key = re.sub(r"[^\w@.:-]", "_", _crash_key(exc)).replace(":", "_")
            if key in seen:
                return
            seen.add(key)
            (crashes / f"crash-{key}.bin").write_bytes(data)
            (crashes / f"crash-{key}.txt").write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
            print(f"fuzz: new crash {key} ({len(data)} bytes)", file=sys.stderr, flush=True)

    mutator = None
    if target == "docx":
        def mutator(data: bytes, max_size: int, seed: int) -> bytes:
            rnd = random.Random(seed)
            if rnd.random() < 0.25:
                return atheris.Mutate(data, max_size)
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    members = [(i.filename, zf.read(i)) for i in zf.infolist()]
            except Exception:  # noqa: BLE001  (not a readable zip: mutate the bytes)
                return atheris.Mutate(data, max_size)
            if not members:
                return atheris.Mutate(data, max_size)
            names_ = [n for n, _ in members]
            pick = "word/document.xml" if "word/document.xml" in names_ and rnd.random() < 0.7 else rnd.choice(names_)
            out_ = io.BytesIO()
            with zipfile.ZipFile(out_, "w", zipfile.ZIP_DEFLATED) as zf:
                for n, body in members:
                    if n == pick:
                        body = atheris.Mutate(body, len(body) + 256)
                        if rnd.random() < 0.05:
                            n = n + "x"  # a member renamed: the package loses it
                    zf.writestr(n, body)
            result = out_.getvalue()
            return result if len(result) <= max_size else atheris.Mutate(data, max_size)

    dict_file = out / f"{target}.dict"
    dict_file.write_text("".join(f'"{_dict_escape(t)}"\n' for t in DICTS[target]), encoding="ascii")
    args = [sys.argv[0], f"-max_total_time={seconds}", f"-timeout={HANG_SECONDS}", f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-artifact_prefix={crashes}/", "-print_final_stats=1", f"-dict={dict_file}",
            f"-max_len={400_000 if target != 'txt' else 20_000}", "-len_control=0", str(corpus_dir), str(seed_dir)]
    if mutator is not None:
        atheris.Setup(args, test_one_input, custom_mutator=mutator)
    else:
        atheris.Setup(args, test_one_input)
    atheris.Fuzz()


# ---------------------------------------------------------------------------
# The supervisor


def run_target(target: str, seconds: int, out: Path) -> dict:
    seed_dir = out / f"seeds-{target}"
    corpus_dir = out / f"corpus-{target}"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    n_seeds = make_seeds(target, seed_dir)
    crashes = out / f"crashes-{target}"
    executed, runs, cov, ft = 0, 0, None, None
    deadline = time.monotonic() + seconds
    log = out / f"fuzz-{target}.log"
    with log.open("a", encoding="utf-8") as log_file:
        while (left := int(deadline - time.monotonic())) > 5:
            runs += 1
            proc = subprocess.run(
                [sys.executable, __file__, "--child", target, "--seconds", str(left), "--out", str(out)],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
            log_file.write(proc.stdout)
            for m in re.finditer(r"stat::number_of_executed_units:\s*(\d+)", proc.stdout):
                executed += int(m.group(1))
            found = re.findall(r"#\d+\s+\w+\s+cov: (\d+) ft: (\d+)", proc.stdout)
            if found:
                cov, ft = found[-1]
            if proc.returncode not in (0,):
                # a hang or an OOM ends libFuzzer: the artifact is saved, start again
                print(f"fuzz {target}: run {runs} ended with exit {proc.returncode} "
                      f"({'timeout' if 'timeout' in proc.stdout.lower() else 'see ' + str(log)})", file=sys.stderr)
    found = sorted(p.name for p in crashes.glob("*") if p.suffix != ".txt")
    return {"target": target, "seconds": seconds, "inputs": executed, "runs": runs, "seeds": n_seeds,
            "corpus": len(list(corpus_dir.iterdir())), "cov": cov, "features": ft,
            "crashes": len(found), "crash_files": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=(*TARGETS, "all"), default="all")
    parser.add_argument("--seconds", type=int, default=60, help="per target")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "vnnq-fuzz",
                        help="seeds, grown corpus, crashes (default: %(default)s)")
    parser.add_argument("--child", choices=TARGETS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.child:
        child(args.child, args.seconds, out, out / f"corpus-{args.child}", out / f"seeds-{args.child}")
        return 0
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("bench/fuzz.py needs atheris: .venv/bin/pip install atheris", file=sys.stderr)
        return 2
    results = []
    for target in (TARGETS if args.target == "all" else (args.target,)):
        r = run_target(target, args.seconds, out)
        results.append(r)
        print(f"{target}: {r['inputs']} inputs tried in {r['seconds']} s ({r['runs']} run(s)), "
              f"corpus {r['seeds']} seeds -> {r['corpus']} inputs, cov {r['cov']} ft {r['features']}, "
              f"crashes {r['crashes']}" + (f": {', '.join(r['crash_files'])} in {out}/crashes-{target}"
                                           if r["crashes"] else ""), flush=True)
    (out / "summary.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if any(r["crashes"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
