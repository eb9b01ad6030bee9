"""Scanned pages → words with boxes and confidences, by Tesseract's Vietnamese model.

The PDF reader (:mod:`vnnq.ingest.pdf`) sends here the pages that have no text
layer; :func:`read_image` reads ``.png``/``.jpg``/``.tif`` files.  Each page is

1. rendered (PDF pages, with pypdfium2) at :data:`RENDER_DPI`, or taken as
   it is (image files, upscaled when below :data:`MIN_DPI`);
2. cleaned: strongly coloured pixels (the red stamp, a blue signature: NĐ
   30/2020 Phụ lục I ô 8 puts the seal over the signer's block, often over
   the date or the last lines) are replaced by their brightest channel, which
   makes red or blue ink white and keeps black text printed under it dark;
3. deskewed by projection profile (the angle at which the row sums of the ink
   are the most uneven is the angle of the text lines);
4. searched for ruled tables (:mod:`vnnq.ingest.ocrtable`), whose rules are
   then painted white;
5. read by ``tesseract ... tsv``: words with their boxes and confidences.

Pages run in parallel, one Tesseract process per core (``OMP_THREAD_LIMIT=1``:
Tesseract's own threads only slow a full machine down).  The words are given
back in PDF points so that the PDF reader's layout rules (two-column header,
signer block) apply to scans unchanged.  Post-correction of what OCR breaks
(codes, dates) is :mod:`vnnq.ingest.ocrfix`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from vnnq.errors import OcrUnavailable, UnreadableDocument
from vnnq.ingest.ocrtable import erase_rules, find_grids

__all__ = ["OcrOptions", "OcrWord", "OcrPageResult", "ocr_pages", "read_image", "check_tesseract",
           "INSTALL_STEP"]

INSTALL_STEP = "bash scripts/install.sh"
LANG = "vie"
# Tesseract is trained on text with a cap height of ~20-40 px; 300 dpi puts
# 13-14 pt Times New Roman (NĐ 30/2020 Phụ lục I) there.  Scans below 250 dpi
# are upscaled to 300.
RENDER_DPI = 300
MIN_DPI = 250
# Page segmentation: 3 (automatic) segments the page into blocks, so the two
# header columns are read as separate blocks; 6 assumes one uniform block and
# 4 one column.  The words are regrouped into rows by position afterwards
# (pdf._group_rows), so the mode matters only for recognition.  On the scanned
# corpus (bench/scan_corpus.py -n 5 --dpi 300 --psm 3|4|6, one-column layout)
# the three gave the same F1 (0.951); 3 is kept for real two-column headers,
# which that bench does not lay out.
DEFAULT_PSM = 3
# A ruled table is read apart from the page in mode 11 (sparse text: every
# piece of text, in no order; the words go to their cells by position).  In
# mode 3 Tesseract's layout analysis of a whole page with a table drops whole
# cells now and then (a unit cell of the task table in tests/test_ocr_tables.py
# came back empty or not depending on --dpi alone); 6 merges the lines of
# neighbouring cells whose baselines differ.
TABLE_PSM = 11
# ... with this margin (inches) of paper around the table.
TABLE_PAD_IN = 0.05
# A pixel is "coloured ink" when its channels differ by more than this (0-255).
COLOUR_SPREAD = 60
# ... and it is the stamp or signature itself (not text under it) when its
# brightest channel is at least this: it becomes white.
COLOUR_PAPER = 150
# The width (px, odd) of the rim around coloured ink that is cleaned as well.
COLOUR_RIM = 5
# Deskew search: ±MAX_SKEW degrees, coarse then fine step.
MAX_SKEW = 3.0
SKEW_STEPS = (0.25, 0.05)
# Words Tesseract is not sure are words at all (specks, stamp rims).
MIN_WORD_CONFIDENCE = 0.20


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """How scans are read.  ``enabled=False`` restores the old behaviour (a
    scan is a :class:`~vnnq.errors.NeedsOCR` error); ``dpi`` the rendering
    resolution of PDF pages; ``psm`` Tesseract's page segmentation mode;
    ``jobs`` defaults to the number of cores (one page at a time inside a worker
    process of the watcher, the index or ``extract_many``, whose pool already
    fills the cores); ``progress(done, total)`` is
    called after every page; ``tables=False`` reads ruled tables as running
    text, as before they were found (:mod:`vnnq.ingest.ocrtable`).

    >>> import vnnq
    >>> seen = []
    >>> ocr = vnnq.OcrOptions(dpi=200, jobs=1, progress=lambda done, total: seen.append(f"trang {done}/{total}"))
    >>> d = vnnq.extract("Số: 12/KH-UBND\\nVề việc rà soát hồ sơ", settings=vnnq.Settings(ocr=ocr))
    >>> seen, d.ocr_pages  # a text is never OCRed
    ([], [])
    """

    enabled: bool = True
    dpi: int = RENDER_DPI
    psm: int = DEFAULT_PSM
    jobs: int | None = None
    progress: Callable[[int, int], None] | None = None
    tables: bool = True


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word read by Tesseract, its box in points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float  # 0-1


@dataclass(slots=True)
class OcrPageResult:
    number: int
    width: float  # points
    height: float
    words: list[OcrWord]
    dpi: int
    angle: float  # the skew corrected, in degrees
    seconds: float
    corrections: list[str] = field(default_factory=list)
    # ruled tables found in the image (vnnq.ingest.ocrtable.Grid), in points
    grids: list = field(default_factory=list)
    reason: str = "no_text_layer"  # model.OcrPage.reason

    @property
    def confidence(self) -> float:
        """Mean word confidence, weighted by word length."""
        total = sum(len(w.text) for w in self.words)
        if not total:
            return 0.0
        return sum(w.confidence * len(w.text) for w in self.words) / total


# ---------------------------------------------------------------------------
# Tesseract


def check_tesseract() -> str:
    """The tesseract executable, or :class:`OcrUnavailable` naming the install step."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(f"Tesseract is not installed: run `{INSTALL_STEP}` "
                             "(it installs tesseract-ocr and tesseract-ocr-vie)")
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"Tesseract cannot be run ({exc}): run `{INSTALL_STEP}`") from None
    langs = set((out.stdout + out.stderr).split())
    if LANG not in langs:
        raise OcrUnavailable(f"Tesseract has no Vietnamese model: run `{INSTALL_STEP}` "
                             "(it installs tesseract-ocr-vie)")
    return exe


def _tesseract_tsv(exe: str, image, dpi: int, psm: int) -> str:
    buf = io.BytesIO()
    image.save(buf, format="PPM")  # uncompressed: faster than PNG both ways
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(
        [exe, "stdin", "stdout", "-l", LANG, "--psm", str(psm), "--dpi", str(dpi), "tsv"],
        input=buf.getvalue(), capture_output=True, env=env, timeout=600,
    )
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(f"Tesseract failed: {msg[-1] if msg else proc.returncode}")
    return proc.stdout.decode("utf-8", "replace")


# Tesseract's vie model writes the Icelandic eth (U+00D0) for Đ in capitals:
# the same glyph, another letter.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
# ... and sometimes reads one Đ as both ("3740/QĐÐ-BTC", "158/CĐÐ-TTg", "TGĐÐ"
# for TGĐ, in the scanned corpus).
_DOUBLED = ("\u0110\u00d0", "\u00d0\u0110", "\u0111\u00f0", "\u00f0\u0111")


def _parse_tsv(tsv: str, scale: float, dx: int = 0, dy: int = 0) -> list[OcrWord]:
    """TSV rows of level 5 (words) → words in points (``scale`` = 72 / dpi);
    ``dx``, ``dy``: where the image read lies on the page (pixels)."""
    words: list[OcrWord] = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        for pair in _DOUBLED:
            text = text.replace(pair, pair[0] if pair[0] in "Đđ" else pair[1])
        text = text.translate(_LOOKALIKES)
        conf = float(cols[10]) / 100
        if not text or conf < 0:
            continue
        if conf < MIN_WORD_CONFIDENCE and not any(ch.isalnum() for ch in text):
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        left, top = left + dx, top + dy
        words.append(OcrWord(text, left * scale, top * scale, (left + width) * scale,
                             (top + height) * scale, round(conf, 3)))
    return words


# ---------------------------------------------------------------------------
# Pre-processing (Pillow only)


def remove_colour(image):
    """Grayscale with coloured ink (red stamp, blue signature) turned light.

    Where the channels spread by more than COLOUR_SPREAD the pixel is replaced
    by its brightest channel (red ink → its red channel), white when that is
    bright; black text under a stamp stays dark in every channel and so
    stays.  Elsewhere it is the usual luminance.
    """
    from PIL import Image, ImageChops, ImageFilter

    rgb = image.convert("RGB")
    r, g, b = rgb.split()
    hi = ImageChops.lighter(ImageChops.lighter(r, g), b)
    lo = ImageChops.darker(ImageChops.darker(r, g), b)
    mask = ImageChops.subtract(hi, lo).point(lambda v: 255 if v > COLOUR_SPREAD else 0)
    # a bright channel means coloured ink on paper: paper; a dark one, text under the ink
    hi = hi.point(lambda v: 255 if v >= COLOUR_PAPER else v)
    gray = Image.composite(hi, rgb.convert("L"), mask)
    # The rims of the ink are greyish, not coloured (JPEG keeps colour at half
    # resolution, blur mixes it with the paper): next to coloured ink, what is
    # not dark like text is paper too.
    near = mask.filter(ImageFilter.MaxFilter(COLOUR_RIM))
    light = gray.point(lambda v: 255 if v >= COLOUR_PAPER else 0)
    return Image.composite(Image.new("L", gray.size, 255), gray, ImageChops.multiply(near, light))


def _profile_score(binary, angle: float) -> float:
    from PIL import Image

    rotated = binary.rotate(angle, resample=Image.NEAREST, fillcolor=0)
    rows = rotated.resize((1, rotated.height), Image.BOX).tobytes()
    return sum((a - b) ** 2 for a, b in zip(rows, rows[1:]))


def find_skew(gray) -> float:
    """The rotation (degrees, counter-clockwise) that makes the text lines level."""
    from PIL import Image

    small = gray.resize((max(1, gray.width // 3), max(1, gray.height // 3)), Image.BOX)
    binary = small.point(lambda v: 255 if v < 150 else 0)
    best, centre = 0.0, 0.0
    span = MAX_SKEW
    for step in SKEW_STEPS:
        n = int(round(span / step))
        angles = [centre + k * step for k in range(-n, n + 1)]
        best = max(angles, key=lambda a: (_profile_score(binary, a), -abs(a)))
        centre, span = best, step
    return round(best, 2)


def prepare(image, dpi: int):
    """Colour removal, upscaling to MIN_DPI, deskew → (gray image, dpi, angle)."""
    from PIL import Image

    gray = remove_colour(image)
    if dpi < MIN_DPI:
        factor = RENDER_DPI / dpi
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.LANCZOS)
        dpi = RENDER_DPI
    angle = find_skew(gray)
    if abs(angle) >= 0.1:
        gray = gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return gray, dpi, angle


# ---------------------------------------------------------------------------
# Pages in parallel


def _read_words(exe: str, gray, dpi: int, psm: int, grids) -> list[OcrWord]:
    """The page's words: the whole page in mode ``psm`` when it has no ruled
    table; otherwise the page without its tables, then each table apart, its
    rules painted white, in mode TABLE_PSM."""
    scale = 72 / dpi
    if not grids:
        return _parse_tsv(_tesseract_tsv(exe, gray, dpi, psm), scale)
    from PIL import ImageDraw

    clean = erase_rules(gray, grids, dpi)
    body = clean.copy()
    draw = ImageDraw.Draw(body)
    pad = round(TABLE_PAD_IN * dpi)
    for g in grids:
        x0, y0, x1, y1 = g.bbox
        draw.rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), fill=255)
    words = _parse_tsv(_tesseract_tsv(exe, body, dpi, psm), scale)
    for g in grids:
        x0, y0, x1, y1 = (round(v) for v in g.bbox)
        x0, y0 = max(0, x0 - pad), max(0, y0 - pad)
        crop = clean.crop((x0, y0, min(gray.width, x1 + pad), min(gray.height, y1 + pad)))
        words.extend(_parse_tsv(_tesseract_tsv(exe, crop, dpi, TABLE_PSM), scale, x0, y0))
    return words


def _default_jobs() -> int:
    """Cores for OCR threads: all of them in the main process; one in a pool
    worker, or every worker would start one Tesseract per core."""
    import multiprocessing

    return 1 if multiprocessing.parent_process() is not None else (os.cpu_count() or 1)


def ocr_pages(numbers: Sequence[int], load: Callable[[int], tuple[object, int]],
              options: OcrOptions) -> list[OcrPageResult]:
    """OCR the given pages; ``load(number)`` returns ``(PIL image, dpi)``.

    ``load`` is called under a lock (pdfium is not thread-safe), the rest in
    parallel.  Results are in the order of ``numbers``.
    """
    exe = check_tesseract()
    lock = threading.Lock()
    done = [0]

    def one(number: int) -> OcrPageResult:
        t0 = time.perf_counter()
        with lock:
            image, dpi = load(number)
        gray, dpi, angle = prepare(image, dpi)
        del image
        grids = find_grids(gray, dpi) if options.tables else []
        words = _read_words(exe, gray, dpi, options.psm, grids)
        result = OcrPageResult(number, gray.width * 72 / dpi, gray.height * 72 / dpi, words, dpi,
                               angle, time.perf_counter() - t0, grids=[g.scaled(72 / dpi) for g in grids])
        with lock:
            done[0] += 1
            if options.progress is not None:
                options.progress(done[0], len(numbers))
        return result

    jobs = max(1, min(options.jobs or _default_jobs(), len(numbers)))
    if jobs == 1:
        return [one(n) for n in numbers]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, numbers))


def read_image(data: bytes, name: str | None = None, options: OcrOptions | None = None):
    """Read a scanned image (PNG, JPEG, TIFF: every frame a page) into a Source."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from vnnq.ingest.pdf import build_ocr_source

    options = options or OcrOptions()
    label = name or "image"
    try:
        img = Image.open(io.BytesIO(data))
        frames = [f.copy() for f in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(f"{label}: damaged or oversized image ({exc})") from None
    if not options.enabled:
        from vnnq.errors import NeedsOCR

        raise NeedsOCR(f"{label}: an image: OCR is switched off")

    def load(number: int):
        frame = frames[number - 1]
        dpi = frame.info.get("dpi", (0, 0))[0] or 0
        if not 50 <= dpi <= 1200:
            # no resolution recorded: assume the scan is of an A4 page
            dpi = round(min(frame.width, frame.height) / 8.27)
        return frame, max(72, int(round(dpi)))  # a thumbnail is not a 10-dpi scan

    try:
        pages = ocr_pages(range(1, len(frames) + 1), load, options)
    except OcrUnavailable as exc:
        raise OcrUnavailable(f"{label}: a scanned image and {exc}") from None
    except UnreadableDocument as exc:
        raise UnreadableDocument(f"{label}: {exc}") from None
    fmt = (img.format or "image").lower()
    return build_ocr_source(pages, name, fmt, label)


# ---------------------------------------------------------------------------
# Confidence of the values read from OCRed pages


def with_confidence(record, source, text):
    """``record`` (a Directive) with ``confidence`` set on every value that has
    ``start``/``end`` and lies on OCRed words: the confidence of its weakest
    word (a date is as doubtful as its most doubtful digit).  ``text`` is the
    normalized :class:`~vnnq.ingest.normalize.Text` whose offset map leads
    back to ``source.text``, where :attr:`Source.confidences` are."""
    import bisect
    import dataclasses

    spans = source.confidences
    starts = [s for s, _, _ in spans]
    offsets = text.source_offsets
    n = len(offsets)

    def conf(start: int, end: int) -> float | None:
        if not 0 <= start < end <= n:
            return None
        lo, hi = offsets[start], offsets[end - 1] + 1
        if lo > hi:
            lo, hi = hi - 1, lo + 1
        k = max(0, bisect.bisect_right(starts, lo) - 1)
        found = []
        while k < len(spans) and spans[k][0] < hi:
            s, e, c = spans[k]
            if e > lo:
                found.append(c)
            k += 1
        return round(min(found), 3) if found else None

    def walk(obj):
        if isinstance(obj, list):
            return [walk(x) for x in obj]
        if isinstance(obj, dict):
            return {k: walk(v) for k, v in obj.items()}
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        changes = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            new = walk(value)
            if new is not value:
                changes[f.name] = new
        names = {f.name for f in dataclasses.fields(obj)}
        if {"start", "end", "confidence"} <= names:
            changes["confidence"] = conf(obj.start, obj.end)
        return dataclasses.replace(obj, **changes) if changes else obj

    out = walk(record)
    return dataclasses.replace(out, ocr_pages=list(source.ocr_pages))
