"""Documents per second for vnnq.extract, beside two references in the same run.

    python bench/speed.py [FOLDER ...]      (default: corpus/ and ../shared/archive-sample)
    python bench/speed.py --no-classify     the same, without the task classification
    python bench/speed.py --formats         DOCX and PDF made from the corpus texts


References: (1) reading + NFC-normalizing the same files; (2) underthesea.word_tokenize
over the same text, when underthesea is installed (pip install -e '.[nlp]'), with the
CPU time per document of both (comparable when other work loads the machine).
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def office_formats() -> None:
    """Time DOCX and PDF input: the corpus texts written as DOCX (a paragraph per
    line) and as PDF (DejaVu Sans, A4), outside the timed part."""
    import tempfile

    import docx
    from fpdf import FPDF

    from vnnq.pipeline import extract

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    texts = [extract(p).text for p in sorted((ROOT / "corpus").rglob("*")) if p.suffix in (".txt", ".md")]
    with tempfile.TemporaryDirectory() as tmp:
        docx_files, pdf_files = [], []
        for i, text in enumerate(texts):
            d = docx.Document()
            for line in text.splitlines():
                d.add_paragraph(line)
            path = Path(tmp) / f"{i}.docx"
            d.save(path)
            docx_files.append(path)
            if font.exists():
                pdf = FPDF(format="A4")
                pdf.add_font("dv", "", str(font))
                pdf.set_font("dv", size=11)
                pdf.add_page()
                for line in text.splitlines():
                    pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
                path = Path(tmp) / f"{i}.pdf"
                pdf.output(str(path))
                pdf_files.append(path)
        for label, files in (("docx", docx_files), ("pdf", pdf_files)):
            if not files:
                print(f"{label}: skipped (no font to make PDFs)")
                continue
            t0 = time.perf_counter()
            pages = sum(extract(p).source.pages for p in files)
            dt = time.perf_counter() - t0
            print(f"vnnq.extract {label:5}:     {len(files) / dt:10.1f} docs/s  ({len(files)} docs, {pages} pages)")


def main(argv: list[str]) -> None:
    if "-h" in argv or "--help" in argv:
        print(__doc__)
        return
    missing = [a for a in argv if not a.startswith("--") and not Path(a).is_dir()]
    if missing:
        sys.exit(f"speed.py: not a folder: {', '.join(missing)}")
    if argv == ["--formats"]:
        office_formats()
        return
    classify = "--no-classify" not in argv
    argv = [a for a in argv if a != "--no-classify"]
    t0 = time.perf_counter()
    import vnnq  # noqa: F401
    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    settings = Settings(classify=classify)
    print(f"import vnnq: {time.perf_counter() - t0:.3f}s")
    folders = [Path(a) for a in argv] or [ROOT / "corpus", ROOT.parent / "shared" / "archive-sample"]
    files = sorted(p for f in folders if f.exists() for p in f.rglob("*") if p.suffix in (".txt", ".md"))
    blobs = [(p.name, p.read_bytes()) for p in files]
    total = sum(len(b) for _, b in blobs)
    print(f"{len(blobs)} text documents, {total / 1e6:.1f} MB")

    cpu: dict[str, float] = {}  # the least CPU time of a run, by name: comparable on a loaded machine

    def best_of(fn, runs: int = 3, name: str = "") -> float:
        """Best wall time of a few runs: the least disturbed by other work on the machine."""
        times = []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - t0)
            cpu[name] = min(cpu.get(name, float("inf")), time.process_time() - c0)
        return min(times)

    texts: list[str] = []

    def nfc() -> None:
        texts[:] = [unicodedata.normalize("NFC", b.decode("utf-8", "replace")) for _, b in blobs]

    t_nfc = best_of(nfc)
    print(f"read + NFC:            {len(blobs) / t_nfc:10.1f} docs/s")

    errors = []

    def run() -> None:
        errors.clear()
        for name, b in blobs:
            try:
                extract(b, name=name, settings=settings)
            except VnnqError as exc:
                errors.append(exc)

    t_ex = best_of(run, name="vnnq")
    label = "vnnq.extract:" if classify else "vnnq.extract (no classify):"
    print(f"{label:22} {len(blobs) / t_ex:10.1f} docs/s  ({len(errors)} refused)"
          f"  {total / t_ex / 1e6:.2f} MB/s")

    # The second reference: underthesea's word segmentation of the same texts
    # (read + NFC, not vnnq's normalized text, so that it does no more work
    # than it would on its own).  Its import and the loading of its CRF model
    # (on the first call) are timed apart: a CLI would pay them once per run.
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        from underthesea import word_tokenize
    except ImportError:
        print("underthesea.word_tokenize: not installed (pip install -e '.[nlp]')")
        return
    import_s, import_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    word_tokenize("Ủy ban nhân dân phường")
    load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"import underthesea: {import_s:.3f}s ({import_cpu:.3f}s CPU); "
          f"model load on first call {load_s:.3f}s ({load_cpu:.3f}s CPU)")
    t_ws = best_of(lambda: [word_tokenize(t) for t in texts], runs=1, name="underthesea")
    print(f"underthesea.word_tokenize: {len(blobs) / t_ws:6.1f} docs/s  {total / t_ws / 1e6:.2f} MB/s")
    n = len(blobs)
    print(f"CPU per document: vnnq.extract {1000 * cpu['vnnq'] / n:.1f} ms ({n / cpu['vnnq']:.1f} docs/s), "
          f"underthesea.word_tokenize {1000 * cpu['underthesea'] / n:.1f} ms "
          f"({n / cpu['underthesea']:.1f} docs/s); ratio {cpu['underthesea'] / cpu['vnnq']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
