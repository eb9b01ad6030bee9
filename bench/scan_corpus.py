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
    args = ap.parse_args(argv)

    import os

    from vnnq.evaluate import gold_files
    from vnnq.ingest.ocr import DEFAULT_PSM, OcrOptions
    from vnnq.pipeline import Settings, extract

    settings = Settings(ocr=OcrOptions(psm=args.psm or DEFAULT_PSM, jobs=args.jobs))
    jobs = args.jobs or os.cpu_count() or 1
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="vnnq-scan-"))
    variants = ["text", "pdf"] + [f"scan{d}" for d in args.dpi]
    for v in variants:
        (tmp / v).mkdir(parents=True, exist_ok=True)

    chosen = 0
    pages_by_dpi = {d: 0 for d in args.dpi}
    for doc_path, gold_path in gold_files(args.folders):
        if chosen >= args.n:
            break
        text = extract(doc_path).text
        pdf = text_pdf(text)
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
        rep = evaluate(tmp / v, settings)
        wall = time.perf_counter() - t0
        own = time.process_time() - own
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        reports[v] = rep.to_dict()
        if v.startswith("scan"):
            pages = pages_by_dpi[int(v[4:])]
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            timing[v] = {"pages": pages, "wall_s": round(wall, 1), "workers": jobs,
                         "s_per_page_per_core": round(wall * jobs / pages, 2),
                         "tesseract_cpu_s_per_page": round(cpu / pages, 2),
                         # rendering, pre-processing and extraction, in this process
                         "python_cpu_s_per_page": round(own / pages, 2),
                         "cpu_s_per_page": round((cpu + own) / pages, 2)}
        for path, err in rep.errors:
            print(f"  {v}: error: {path}: {err}")

    names = list(reports["text"]["fields"])
    head = f"{'field':26}" + "".join(f"{v:>9}" for v in variants) + "".join(
        f"{'Δ' + v[4:]:>8}" for v in variants[2:])
    print(head)
    print("-" * len(head))
    for name in names:
        f1 = [reports[v]["fields"].get(name, {}).get("f1", 0.0) for v in variants]
        drops = [f1[1] - x for x in f1[2:]]
        print(f"{name:26}" + "".join(f"{x:9.3f}" for x in f1) + "".join(f"{x:8.3f}" for x in drops))
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
