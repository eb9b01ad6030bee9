"""OCR accuracy and speed: the corpus as scans, scored beside its text versions.

    python bench/scan_corpus.py [-n 10] [--dpi 300 200] [--max-pages 4] [--psm 3] [--keep DIR]
                                [FOLDER ...]     (default: corpus/dev)

For each corpus document with a gold file (taken in name order, skipping those
whose PDF would exceed --max-pages), the normalized text is laid out as a PDF
(DejaVu Sans 11 pt, A4, one line per text line, as bench/speed.py --formats);
every page is rendered at each --dpi and made to look scanned:

* a slight rotation (uniform ±1.5°),
* a slight blur (Gaussian, radius 0.4-0.9 px at 300 dpi, scaled with the dpi),
* a red stamp (a ring with a star, semi-transparent, multiplied over the page)
  over the left part of the signer block on the last page,
* JPEG compression at quality 70,

then put back into an image-only PDF.  ``vnnq eval`` then runs on four folders
holding the same gold files: the original text (.md/.txt), the text-layer PDF
(so that the comparison isolates OCR from PDF layout), and the scans at each
dpi.  The random noise is seeded per document: runs are repeatable.

Reported: overall and per-field F1 of each version, the drop from the
text-layer PDF to each scan, and the OCR time per page per core (wall time ×
workers / pages, and the CPU time Tesseract and the pre-processing used).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SIGNER_WORDS = ("TM.", "KT.", "T/M", "TL.", "Q.", "CHỦ TỊCH", "CHỦ NHIỆM", "GIÁM ĐỐC", "BÍ THƯ", "TRƯỞNG", "PHÓ ")


def text_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.add_font("dv", "", str(FONT))
    pdf.set_font("dv", size=11)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _task_table_rows(doc) -> dict[tuple[int, int], tuple[int, int]]:
    """The rows of ``doc`` (a normalized Text) to draw as a ruled task table:
    ``(table, row) -> (first column, number of columns)`` for the header row
    that vnnq.extract.tables finds and every row under it down to the last task
    row.  In web copies the header row may hold text before the table in its
    first cells: those stay running text (the first column is the header's)."""
    from vnnq.extract.tables import _HEADER_CELL_MAX, _header, task_rows

    task_starts = {c.start for r in task_rows(doc) for c in r.cells.values()}
    by_row: dict[tuple[int, int], dict[int, str]] = {}
    starts: dict[tuple[int, int], set[int]] = {}
    for ln in doc.lines:
        if ln.cell is None:
            continue
        key = ln.cell[:2]
        by_row.setdefault(key, {}).setdefault(ln.cell[2], "")
        by_row[key][ln.cell[2]] += doc.text[ln.start:ln.end] + " "
        starts.setdefault(key, set()).add(ln.start)
    out: dict[tuple[int, int], tuple[int, int]] = {}
    keys = list(by_row)
    k = 0
    while k < len(keys):
        key = keys[k]
        texts = {c: t.strip() for c, t in by_row[key].items()}
        found = _header(texts)
        if found is None:
            k += 1
            continue
        ordered = sorted(texts)
        c0 = ordered[-1]
        for c in reversed(ordered):
            if len(texts[c]) >= _HEADER_CELL_MAX:
                break
            c0 = c
        width = found[1]
        below = [j for j in range(k + 1, len(keys)) if keys[j][0] == key[0]]
        last = max((j for j in below if starts[keys[j]] & task_starts), default=None)
        if last is None:
            k += 1
            continue
        out[key] = (c0, width)
        for j in range(k + 1, last + 1):
            out[keys[j]] = (0, width)
        k = last + 1
    return out


def text_pdf_with_tables(doc) -> bytes:
    """:func:`text_pdf` of a normalized Text whose task tables (header row to
    last task row) are drawn as ruled tables, one column per header column
    (widths from the text they hold), every other line as a text line."""
    from fpdf import FPDF

    ruled = _task_table_rows(doc)
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.add_font("dv", "", str(FONT))
    pdf.set_font("dv", size=11)
    pdf.add_page()
    block: list[list[str]] = []
    block_key = None

    def flush() -> None:
        nonlocal block, block_key
        if not block:
            return
        width = len(block[0])
        data = [r for r in block if sum(bool(t) for t in r) >= 2]
        # each column at least as wide as its longest word (10 pt DejaVu Sans:
        # about 2.3 mm a letter, 3 mm of padding); the rest by the text it holds
        least = [3 + 2.3 * max((len(w) for r in data for w in r[c].split()), default=2) for c in range(width)]
        least = [min(w, 40.0) for w in least]
        if sum(least) > 170:
            least = [w * 170 / sum(least) for w in least]
        mass = [sum(len(r[c]) for r in data) + 1 for c in range(width)]
        spare = 170 - sum(least)
        widths = [w + spare * m / sum(mass) for w, m in zip(least, mass)]
        pdf.set_font("dv", size=10)
        with pdf.table(col_widths=widths, width=170, line_height=5, text_align="LEFT",
                       first_row_as_headings=False, align="LEFT") as table:
            for r in block:
                row = table.row()
                filled = [t for t in r if t]
                if len(filled) == 1:  # a group row ("II. HOÀN THIỆN CƠ CHẾ ..."): across the table
                    row.cell(filled[0], colspan=width)
                    continue
                for t in r:
                    row.cell(t)
        pdf.set_font("dv", size=11)
        pdf.ln(3)
        block, block_key = [], None

    cells: dict[tuple[int, int], dict[int, list[str]]] = {}
    order: list = []
    for ln in doc.lines:
        text = doc.text[ln.start:ln.end]
        key = ln.cell[:2] if ln.cell else None
        if key in ruled and ln.cell[2] >= ruled[key][0]:
            if key not in cells:
                cells[key] = {}
                order.append(("row", key))
            cells[key].setdefault(ln.cell[2] - ruled[key][0], []).append(text)
        else:
            order.append(("line", text))
    for kind, item in order:
        if kind == "line":
            flush()
            pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
            continue
        width = ruled[item][1]
        if block_key is not None and item[0] != block_key[0]:
            flush()
        texts = [""] * width
        for c, lines in sorted(cells[item].items()):
            c = min(c, width - 1)
            texts[c] = (texts[c] + "\n" if texts[c] else "") + "\n".join(lines)
        block.append(texts)
        block_key = item
    flush()
    return bytes(pdf.output())


def signer_box(pdf_bytes: bytes) -> tuple[int, float, float] | None:
    """(page index, x, y) in points of the signer block's first line (the last
    line with a signer word), else of the last line of the document."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        last = None
        for i, page in enumerate(pdf.pages):
            for line in page.extract_text_lines():
                last = (i, line["x0"], line["top"])
                if any(w in line["text"] for w in SIGNER_WORDS):
                    found = (i, line["x0"], line["top"])
                    last = found
                    signer = found
        return locals().get("signer") or last


def stamp(size: int, rng: random.Random):
    """A red seal: outer and inner ring, a star, RGBA on transparent."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (205 + rng.randint(-15, 15), 30, 45, 170)
    w = max(2, size // 40)
    d.ellipse([w, w, size - w, size - w], outline=red, width=w * 2)
    m = size // 6
    d.ellipse([m, m, size - m, size - m], outline=red, width=w)
    import math

    c, r1, r2 = size / 2, size / 7, size / 17
    pts = [(c + (r1 if k % 2 == 0 else r2) * math.sin(k * math.pi / 5),
            c - (r1 if k % 2 == 0 else r2) * math.cos(k * math.pi / 5)) for k in range(10)]
    d.polygon(pts, fill=red)
    # the lettering around the ring: short dashes standing for letters
    for k in range(36):
        a = k * 2 * math.pi / 36
        ra, rb = size * 0.36, size * 0.41
        d.line([(c + ra * math.cos(a), c + ra * math.sin(a)), (c + rb * math.cos(a), c + rb * math.sin(a))],
               fill=red, width=w)
    return img


def scan(page_image, dpi: int, rng: random.Random, stamp_at: tuple[float, float] | None):
    from PIL import Image, ImageChops, ImageFilter

    img = page_image.convert("RGB")
    if stamp_at is not None:
        size = int(dpi * 1.4)  # a seal of ~35 mm
        seal = stamp(size, rng)
        layer = Image.new("RGB", img.size, (255, 255, 255))
        x, y = (int(v * dpi / 72) for v in stamp_at)
        pos = (x - size // 2, y - size // 3)
        white = Image.new("RGB", seal.size, (255, 255, 255))
        layer.paste(Image.composite(seal.convert("RGB"), white, seal.getchannel("A")), pos)
        img = ImageChops.multiply(img, layer)  # ink over ink: the text under the seal stays dark
    img = img.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9) * dpi / 300))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=70, dpi=(dpi, dpi))
    return buf.getvalue()


def image_pdf(jpegs: list[bytes]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for data in jpegs:
        pdf.add_page()
        pdf.image(io.BytesIO(data), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def scanned(pdf_bytes: bytes, dpi: int, seed: int) -> tuple[bytes, int]:
    import pypdfium2

    rng = random.Random(seed)
    where = signer_box(pdf_bytes)
    doc = pypdfium2.PdfDocument(pdf_bytes)
    jpegs = []
    for i in range(len(doc)):
        image = doc[i].render(scale=dpi / 72).to_pil()
        at = (where[1] + 40, where[2] + 5) if where and where[0] == i else None
        jpegs.append(scan(image, dpi, rng, at))
    n = len(doc)
    doc.close()
    return image_pdf(jpegs), n


def evaluate(folder: Path, settings):
    """vnnq.evaluate.evaluate with explicit settings (the OCR options)."""
    from vnnq.evaluate import evaluate as score

    return score([folder], settings)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="*", default=[str(ROOT / "corpus" / "dev")])
    ap.add_argument("-n", type=int, default=10, help="documents (default 10)")
    ap.add_argument("--dpi", type=int, nargs="+", default=[300, 200])
    ap.add_argument("--max-pages", type=int, default=4)
    ap.add_argument("--psm", type=int, default=None, help="Tesseract page segmentation mode")
    ap.add_argument("--jobs", type=int, default=None, help="OCR workers (default: cores)")
    ap.add_argument("--keep", help="write the folders here instead of a temporary folder")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--task-tables", action="store_true",
                    help="only documents with a task table, drawn as a ruled table; the scans are also "
                         "read with OcrOptions(tables=False) (variants scanDPI-notab)")
    args = ap.parse_args(argv)

    import os

    from vnnq.evaluate import gold_files
    from vnnq.ingest.ocr import DEFAULT_PSM, OcrOptions
    from vnnq.pipeline import Settings, extract

    settings = Settings(ocr=OcrOptions(psm=args.psm or DEFAULT_PSM, jobs=args.jobs))
    no_tables = Settings(ocr=OcrOptions(psm=args.psm or DEFAULT_PSM, jobs=args.jobs, tables=False))
    jobs = args.jobs or os.cpu_count() or 1
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="vnnq-scan-"))
    variants = ["text", "pdf"] + [f"scan{d}" for d in args.dpi]
    if args.task_tables:
        variants += [f"scan{d}-notab" for d in args.dpi]
    for v in variants:
        (tmp / v).mkdir(parents=True, exist_ok=True)

    chosen = 0
    pages_by_dpi = {d: 0 for d in args.dpi}
    for doc_path, gold_path in gold_files(args.folders):
        if chosen >= args.n:
            break
        if args.task_tables:
            from vnnq.extract.tables import task_rows
            from vnnq.ingest import read_bytes
            from vnnq.ingest.normalize import normalize

            doc = normalize(read_bytes(doc_path.read_bytes(), name=doc_path.name))
            if not task_rows(doc):
                continue
            pdf = text_pdf_with_tables(doc)
        else:
            pdf = text_pdf(extract(doc_path).text)
        import pdfplumber

        with pdfplumber.open(io.BytesIO(pdf)) as p:
            if len(p.pages) > args.max_pages:
                continue
        stem = gold_path.name[: -len(".gold.json")]
        seed = int.from_bytes(stem.encode()[:8], "big")
        shutil.copy(doc_path, tmp / "text" / doc_path.name)
        (tmp / "pdf" / f"{stem}.pdf").write_bytes(pdf)
        for d in args.dpi:
            data, n = scanned(pdf, d, seed)
            (tmp / f"scan{d}" / f"{stem}.pdf").write_bytes(data)
            if args.task_tables:
                (tmp / f"scan{d}-notab" / f"{stem}.pdf").write_bytes(data)
            pages_by_dpi[d] += n
        for v in variants:
            shutil.copy(gold_path, tmp / v / gold_path.name)
        chosen += 1
    print(f"{chosen} documents in {tmp}; scanned pages: {pages_by_dpi}")

    reports = {}
    timing = {}
    for v in variants:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = time.process_time()
        t0 = time.perf_counter()
        rep = evaluate(tmp / v, no_tables if v.endswith("-notab") else settings)
        wall = time.perf_counter() - t0
        own = time.process_time() - own
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        reports[v] = rep.to_dict()
        if v.startswith("scan"):
            pages = pages_by_dpi[int(v[4:].split("-")[0])]
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            timing[v] = {"pages": pages, "wall_s": round(wall, 1), "workers": jobs,
                         "s_per_page_per_core": round(wall * jobs / pages, 2),
                         "tesseract_cpu_s_per_page": round(cpu / pages, 2),
                         # rendering, pre-processing and extraction, in this process
                         "python_cpu_s_per_page": round(own / pages, 2),
                         "cpu_s_per_page": round((cpu + own) / pages, 2)}
        for path, err in rep.errors:
            print(f"  {v}: error: {path}: {err}")
        print(f"{v}: overall F1 {reports[v]['fields']['overall']['f1']:.3f}"
              + (f", {timing[v]['cpu_s_per_page']} CPU-s per page" if v in timing else ""), flush=True)
        if args.json:  # after each version: an interrupted run keeps what it measured
            Path(args.json).write_text(json.dumps({"documents": chosen, "reports": reports, "timing": timing},
                                                  ensure_ascii=False, indent=1), encoding="utf-8")

    names = list(reports["text"]["fields"])
    head = f"{'field':26}" + "".join(f"{v:>12}" for v in variants) + "".join(
        f"{'Δ' + v[4:]:>12}" for v in variants[2:])
    print(head)
    print("-" * len(head))
    for name in names:
        f1 = [reports[v]["fields"].get(name, {}).get("f1", 0.0) for v in variants]
        drops = [f1[1] - x for x in f1[2:]]
        print(f"{name:26}" + "".join(f"{x:12.3f}" for x in f1) + "".join(f"{x:12.3f}" for x in drops))
    print("Δ = F1 of the text-layer PDF minus F1 of the scan")
    for v, t in timing.items():
        print(f"{v}: {t['pages']} pages, {t['wall_s']} s wall with {t['workers']} worker(s): "
              f"{t['s_per_page_per_core']} s per page per core; CPU {t['cpu_s_per_page']} s/page "
              f"(Tesseract {t['tesseract_cpu_s_per_page']}, vnnq {t['python_cpu_s_per_page']})")
    if args.json:
        Path(args.json).write_text(json.dumps({"documents": chosen, "reports": reports, "timing": timing},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
