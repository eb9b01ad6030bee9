"""OCR of scans with the real Tesseract (vie): image-only and mixed PDFs, image
files, the red stamp, post-correction, and the error when Tesseract is missing.

Pages are small (a strip of a directive at 300 dpi) to keep the run short.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vnnq import extract
from vnnq.ingest.ocrfix import fix_code, fix_date, fix_line, is_valid_code, is_valid_date

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ROOT = Path(__file__).resolve().parent.parent


def _has_vie() -> bool:
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "vie" in (out.stdout + out.stderr).split()


needs_tesseract = pytest.mark.skipif(not _has_vie(), reason="Tesseract with the vie model is not installed "
                                                           "(bash scripts/install.sh)")

HEADER = [
    "Số: 12/KH-UBND",
    "Hải Phòng, ngày 05 tháng 3 năm 2026",
    "",
    "KẾ HOẠCH",
    "Thực hiện Chỉ thị số 05/CT-TTg ngày 21/9/2025",
    "của Thủ tướng Chính phủ.",
    "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ",
    "rà soát, báo cáo trước ngày 25/3/2026.",
]


def page_image(lines: list[str], dpi: int = 300, width_mm: float = 150):
    """Lines of text drawn as a scan would show them (13 pt DejaVu Sans)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), round(13 * dpi / 72))
    pitch = round(20 * dpi / 72)
    width = round(width_mm / 25.4 * dpi)
    img = Image.new("RGB", (width, pitch * (len(lines) + 2)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((round(0.4 * dpi), pitch * (i + 1)), line, font=font, fill="black")
    return img


def image_pdf(*pages) -> bytes:
    """A PDF whose pages are images (or text lines, for a text page)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.add_font("dv", "", str(FONT))
    for page in pages:
        if isinstance(page, list):
            pdf.add_page(format=(425, 300))
            pdf.set_font("dv", size=13)
            for i, line in enumerate(page):
                pdf.text(30, 30 + 20 * i, line)
            continue
        w, h = page.width * 72 / 300, page.height * 72 / 300
        pdf.add_page(format=(w, h))
        buf = io.BytesIO()
        page.save(buf, format="PNG")
        pdf.image(buf, x=0, y=0, w=w, h=h)
    return bytes(pdf.output())


def _check_header(d) -> None:
    assert d.document.code == "12/KH-UBND"
    assert d.document.date == "2026-03-05"
    assert "05/CT-TTg" in [r.code for r in d.references]
    assert d.tasks and d.tasks[0].deadline == "2026-03-25"


@needs_tesseract
def test_image_only_pdf_reads_number_date_and_reference():
    from jsonschema import validate

    from vnnq.schema import json_schema

    d = extract(image_pdf(page_image(HEADER)), name="scan.pdf")
    _check_header(d)
    assert d.source.format == "pdf"
    assert [p.page for p in d.ocr_pages] == [1]
    assert 0.5 < d.ocr_pages[0].confidence <= 1
    # every value from the OCRed page carries its page and the OCR confidence
    span = d.document.spans["number"]
    assert span.page == 1 and 0 < span.confidence <= 1
    ref = next(r for r in d.references if r.code == "05/CT-TTg")
    assert all(0 < m.confidence <= 1 for m in ref.mentions)
    assert all(x.confidence is not None for x in [*d.dates, *d.deadlines, *d.tasks])
    for x in d.dates:
        assert d.text[x.start:x.end] == x.text
    rec = d.to_dict()
    validate(rec, json_schema())
    assert rec["ocr_pages"][0]["page"] == 1


@needs_tesseract
def test_png_file():
    buf = io.BytesIO()
    page_image(HEADER).save(buf, format="PNG", dpi=(300, 300))
    d = extract(buf.getvalue(), name="scan.png")
    _check_header(d)
    assert d.source.format == "png"
    assert [p.page for p in d.ocr_pages] == [1]


@needs_tesseract
def test_mixed_pdf_ocrs_only_its_image_page():
    text_page = ["Số: 12/KH-UBND", "Hải Phòng, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH"]
    scan = page_image(HEADER[4:])
    d = extract(image_pdf(text_page, scan), name="mixed.pdf")
    assert [p.page for p in d.ocr_pages] == [2]
    assert d.document.code == "12/KH-UBND"
    assert d.document.spans["number"].page == 1
    assert d.document.spans["number"].confidence is None  # read from the text layer
    ref = next(r for r in d.references if r.code == "05/CT-TTg")
    assert ref.mentions[0].page == 2 and ref.mentions[0].confidence is not None
    assert d.tasks[0].page == 2 and d.tasks[0].deadline == "2026-03-25"


# ---------------------------------------------------------------- text layers without a Unicode mapping

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def without_unicode_map(data: bytes, family: bytes) -> bytes:
    """The PDF with the /ToUnicode entry of the fonts named ``family`` renamed
    (same length, the file stays valid): their glyphs have no Unicode
    mapping, as in PDFs from printer drivers and old generators."""
    import re

    def strip(m):
        obj = m.group(0)
        return obj.replace(b"/ToUnicode", b"/ToUnicodX") if b"+" + family in obj else obj

    out = re.sub(rb"\d+ 0 obj\s*<<.*?endobj", strip, data, flags=re.S)
    assert out != data
    return out


def two_font_pdf(good: list[str], broken: list[str]) -> bytes:
    """Page 1 in DejaVu Sans with its Unicode map, page 2 in DejaVu Serif without."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.add_font("dv", "", str(FONT))
    pdf.add_font("serif", "", str(SERIF))
    for font, lines in (("dv", good), ("serif", broken)):
        pdf.add_page(format=(425, 300))
        pdf.set_font(font, size=13)
        for i, line in enumerate(lines):
            pdf.text(30, 30 + 20 * i, line)
    return without_unicode_map(bytes(pdf.output()), b"DejaVuSerif")


_GOOD = ["Số: 12/KH-UBND", "Hải Phòng, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH"]


def test_the_broken_page_is_garbage_without_ocr():
    """What the reader did before: the page's glyph codes as text."""
    import pdfplumber

    data = two_font_pdf(_GOOD, HEADER[4:])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "Chỉ thị" not in pdf.pages[1].extract_text()
        assert "Hải Phòng" in pdf.pages[0].extract_text()
    from vnnq.ingest.pdf import text_layer_problem, page_text

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert [text_layer_problem(page_text(p)) for p in pdf.pages] == [None, "unmapped_glyphs"]


@needs_tesseract
def test_a_page_without_unicode_mapping_is_ocred_and_the_good_page_is_not():
    from jsonschema import validate

    from vnnq.schema import json_schema

    d = extract(two_font_pdf(_GOOD, HEADER[4:]), name="unmapped.pdf")
    assert [(p.page, p.reason) for p in d.ocr_pages] == [(2, "unmapped_glyphs")]
    assert d.document.code == "12/KH-UBND"
    assert d.document.spans["number"].confidence is None  # page 1: its text layer
    ref = next(r for r in d.references if r.code == "05/CT-TTg")
    assert ref.mentions[0].page == 2 and ref.mentions[0].confidence is not None
    assert d.tasks[0].page == 2 and d.tasks[0].deadline == "2026-03-25"
    assert any("page(s) 2 has no Unicode mapping" in w and "read by OCR" in w for w in d.warnings)
    rec = d.to_dict()
    validate(rec, json_schema())
    assert rec["ocr_pages"][0]["reason"] == "unmapped_glyphs"


def test_without_ocr_an_unmapped_page_is_left_out_not_read_as_garbage():
    from vnnq import NeedsOCR, OcrOptions, Settings

    off = Settings(ocr=OcrOptions(enabled=False))
    d = extract(two_font_pdf(_GOOD, HEADER[4:]), name="unmapped.pdf", settings=off)
    assert d.ocr_pages == [] and d.document.code == "12/KH-UBND"
    assert "cid:" not in d.text and "Sở Tài chính" not in d.text
    assert any("page(s) 2 has no Unicode mapping" in w and "text is missing" in w for w in d.warnings)
    # every page unmapped: nothing to read
    only = without_unicode_map(two_font_pdf(HEADER[4:], HEADER[4:]), b"DejaVuSans")
    with pytest.raises(NeedsOCR, match="no usable text layer"):
        extract(only, name="unmapped.pdf", settings=off)


def test_good_text_layers_are_never_judged_unusable():
    """The rule on pages with a good text layer: corpus directives laid out by
    fpdf2, a page of figures, English, a bullet in a private-use code point
    (Wingdings-style) on every line."""
    import random

    import pdfplumber

    from vnnq.ingest.pdf import page_text, text_layer_problem

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "test").glob("*.md"))[:4]]
    rng = random.Random(1)
    texts.append("\n".join(f"{i}  {rng.randint(1, 999)}.{rng.randint(100, 999)}  {rng.randint(1, 99)},5%  ≥ {i}"
                           for i in range(40)))
    texts.append("The committee met on 5 March 2026 and approved the plan for the digital transformation "
                 "of the province's public services, with a report due before 25 March 2026. " * 10)
    texts.append("\n".join(f"\uf0b7 Sở Tài chính chủ trì, phối hợp với Sở Nội vụ báo cáo {i}/3/2026" for i in range(30)))
    from fpdf import FPDF

    for text in texts:
        pdf = FPDF(format="A4")
        pdf.add_font("dv", "", str(FONT))
        pdf.set_font("dv", size=11)
        pdf.add_page()
        for line in text.splitlines():
            pdf.multi_cell(0, 6, line.replace("\uf0b7", "\u2022"), new_x="LMARGIN", new_y="NEXT")
        with pdfplumber.open(io.BytesIO(bytes(pdf.output()))) as doc:
            for page in doc.pages:
                assert text_layer_problem(page_text(page)) is None, page_text(page)[:200]
    # the private-use bullet itself (fpdf2 cannot draw it): judged on the text
    assert text_layer_problem(texts[-1]) is None


@needs_tesseract
def test_red_stamp_over_text_is_removed():
    from PIL import Image, ImageChops, ImageDraw

    from vnnq.ingest.ocr import prepare

    lines = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Thành"]
    img = page_image(lines, width_mm=90)
    # a seal: a thick ring and a filled disc, multiplied over the text (ink over ink)
    layer = Image.new("RGB", img.size, "white")
    draw = ImageDraw.Draw(layer)
    box = (60, 40, 60 + 420, 40 + 420)
    draw.ellipse(box, fill=(235, 120, 120), outline=(200, 20, 30), width=28)
    stamped = ImageChops.multiply(img, layer)
    gray, _, _ = prepare(stamped, 300)
    # the seal is gone: its rim (away from the text) is as light as the paper
    assert min(gray.crop((62, 230, 85, 260)).tobytes()) > 200
    buf = io.BytesIO()
    stamped.save(buf, format="PNG", dpi=(300, 300))
    d = extract(buf.getvalue(), name="stamped.png")
    assert "KT. CHỦ TỊCH" in d.text and "Nguyễn Văn Thành" in d.text
    assert d.document.signer.name == "Nguyễn Văn Thành"
    # the control: the same page in plain grayscale loses the lines under the seal
    from vnnq.ingest.ocr import _parse_tsv, _tesseract_tsv, check_tesseract

    plain = stamped.convert("L")
    words = _parse_tsv(_tesseract_tsv(check_tesseract(), plain, 300, 3), 72 / 300)
    assert "TỊCH" not in " ".join(w.text for w in words)


@needs_tesseract
def test_cli_reads_a_two_page_tiff_with_progress(tmp_path):
    frames = [page_image(HEADER[:4]), page_image(HEADER[4:])]
    path = tmp_path / "scan.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(300, 300), compression="tiff_lzw")
    out = subprocess.run([sys.executable, "-m", "vnnq.cli", "extract", "--progress", str(path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    rec = json.loads(out.stdout)
    assert [p["page"] for p in rec["ocr_pages"]] == [1, 2]
    assert rec["document"]["code"] == "12/KH-UBND"
    assert "OCR page 2/2" in out.stderr


def test_missing_tesseract_names_the_install_step(tmp_path):
    from PIL import Image

    img = Image.new("RGB", (200, 100), "white")
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(img))
    env = {**os.environ, "PATH": str(tmp_path)}  # no tesseract on it
    code = ("import sys, vnnq\n"
            "try:\n    vnnq.extract(sys.argv[1])\n"
            "except vnnq.errors.OcrUnavailable as e:\n    print(e.code, '|', e)\n")
    lib = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert lib.stdout.startswith("ocr_unavailable | scan.pdf: no text layer"), lib.stdout + lib.stderr
    assert "bash scripts/install.sh" in lib.stdout
    cli = subprocess.run([sys.executable, "-m", "vnnq.cli", "extract", str(path)],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert cli.returncode == 2
    assert "ocr_unavailable" in cli.stderr and "bash scripts/install.sh" in cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------------
# Post-correction: applied only when it makes an invalid code or date valid


@pytest.mark.parametrize("read, fixed", [
    pytest.param("l2/KH-UBND", "12/KH-UBND", id="l-for-1"),
    pytest.param("O5/CT-TTg", "05/CT-TTg", id="O-for-0"),
    pytest.param("12 /KH- UBND", "12/KH-UBND", id="spaces-inside"),
    pytest.param("7l-NQ/TW", "71-NQ/TW", id="party-code"),
    pytest.param("3O/2O20/NĐ-CP", "30/2020/NĐ-CP", id="normative-number-and-year"),
    pytest.param("12/QD-UBND", "12/QĐ-UBND", id="bar-of-D-lost"),
])
def test_code_is_fixed(read, fixed):
    assert not is_valid_code(read) or " " in read or "QD" in read
    assert fix_code(read) == fixed
    assert is_valid_code(fixed)


@pytest.mark.parametrize("read", [
    pytest.param("12/KH-UBND", id="valid-already"),
    pytest.param("12/KH-UBND - UBND", id="a-list-not-a-code"),
    pytest.param("I/KH-UBND", id="no-digit-no-number"),
    pytest.param("V/v", id="not-a-code"),
])
def test_code_is_left_alone(read):
    assert fix_code(read) is None


@pytest.mark.parametrize("read, fixed", [
    pytest.param("O5/3/2026", "05/3/2026", id="O-for-0"),
    pytest.param("2l/9/2026", "21/9/2026", id="l-for-1"),
    pytest.param("ngay O5 thang 3 nam 2026", "ngày 05 tháng 3 năm 2026", id="diacritics-and-digit"),
    pytest.param("Ngay 21 thang 9 nam 2026", "Ngày 21 tháng 9 năm 2026", id="diacritics-only"),
    pytest.param("31/O2/2026", None, id="letter-fix-gives-an-invalid-date"),
    pytest.param("21/0/2026", None, id="ambiguous-6-8-9"),
    pytest.param("21/9/2026", None, id="valid-already"),
    pytest.param("ngày 21 tháng 9 năm 2026", None, id="valid-words-already"),
    pytest.param("40/1/2026", None, id="no-single-valid-alternative"),
])
def test_date_fix(read, fixed):
    assert fix_date(read) == fixed
    if fixed:
        assert is_valid_date(fixed) and not is_valid_date(read)


def test_line_fix_keeps_the_rest_and_reports():
    line, notes = fix_line("Số: l2/KH-UBND Hải Phòng, ngay O5 thang 3 nam 2026")
    assert line == "Số: 12/KH-UBND Hải Phòng, ngày 05 tháng 3 năm 2026"
    assert notes == ["l2/KH-UBND → 12/KH-UBND", "ngay O5 thang 3 nam 2026 → ngày 05 tháng 3 năm 2026"]
    assert fix_line("Thực hiện Kế hoạch số 21/0 của UBND") == ("Thực hiện Kế hoạch số 21/0 của UBND", [])
    assert fix_line("CONG HOA XA HOI CHU NGHIA VIET NAM")[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_tsv_words_in_points_with_eth_read_as_d():
    from vnnq.ingest.ocr import _parse_tsv

    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t300\t600\t150\t60\t91.5\tH\u00d0ND\n"
           "5\t1\t1\t1\t1\t2\t500\t600\t20\t20\t5.0\t'\n"
           "4\t1\t1\t1\t1\t0\t300\t600\t220\t60\t-1\t\n"
           "5\t1\t1\t1\t1\t3\t600\t600\t150\t60\t90\t3740/QĐ\u00d0-BTC\n")
    word, code = _parse_tsv(tsv, 72 / 300)  # the stray quote (confidence 0.05) is dropped
    assert word.text == "HĐND" and word.confidence == 0.915
    assert code.text == "3740/QĐ-BTC"  # one Đ read twice, as Đ and as Ð (so was "TGĐÐ")
    assert (word.x0, word.top, word.x1, word.bottom) == (72.0, 144.0, 108.0, 158.4)


@needs_tesseract
def test_a_tiny_image_is_an_empty_document_not_a_crash():
    """A 1×1 PNG (schemathesis sent one to the API): no resolution recorded, and
    the one guessed from its size was 0 dpi."""
    from PIL import Image

    from vnnq.errors import EmptyDocument

    buf = io.BytesIO()
    Image.new("L", (1, 1), 0).save(buf, format="PNG")
    with pytest.raises(EmptyDocument, match=r"^dot\.png: OCR found no text"):
        extract(buf.getvalue(), name="dot.png")


def test_ocr_threads_default_to_one_per_pool_worker():
    # a watcher, index or extract_many worker must not start one Tesseract per core each
    from concurrent.futures import ProcessPoolExecutor

    from vnnq.ingest.ocr import _default_jobs

    assert _default_jobs() == (os.cpu_count() or 1)
    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(_default_jobs).result() == 1
