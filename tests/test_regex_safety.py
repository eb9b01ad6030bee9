"""No pattern of the normalizer or of an extractor takes super-linear time.

Each case is 100 KB of adversarial text: long runs of the characters and words
the patterns are built on (digits, slashes, dashes, "Số", "Số: Số: ", unit
names one after the other, "ngày ngày", nested brackets, "1.1.1.1...", one
line with no newline, nothing but newlines ...), made to almost match and then
fail, which is where a backtracking engine goes quadratic or worse.

Two bounds, both on CPU time (time.process_time, so another process on the
machine does not count), both far from what the code needs today (the scaling
table: ``python tests/test_regex_safety.py``):

* each stage at 100 KB takes at most ``RATIO`` times a plain NFC pass over the
  same text (decomposed first, so the pass has work to do; never less than the
  same pass over as much Vietnamese corpus text, since over ASCII it is nearly
  free), and at most ``CAP`` seconds;
* from 10 KB to 100 KB each stage grows at most ``GROWTH`` times (plus
  ``SLACK`` seconds for timer noise): linear code grows about 10 times,
  quadratic code 100 times.

These are correctness bounds against catastrophic backtracking, not speed
assertions: the code measured here is 20-100 times inside them.
"""

from __future__ import annotations

import gc
import sys
import time
import unicodedata
from pathlib import Path

import pytest

import vnnq
from vnnq.errors import VnnqError
from vnnq.extract.dates import extract_dates
from vnnq.extract.deadlines import extract_deadlines
from vnnq.extract.header import extract_header
from vnnq.extract.references import extract_references
from vnnq.extract.tables import task_rows
from vnnq.extract.tasks import extract_tasks
from vnnq.ingest import read_text
from vnnq.ingest.normalize import normalize

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SIZE = 100_000
SMALL = 10_000
RATIO = 1000  # times the NFC pass (about 7 ms per 100 KB of Vietnamese text)
CAP = 30.0  # seconds, whatever the NFC pass took
GROWTH = 40
SLACK = 0.5

# (id, the unit repeated to SIZE characters): what each one attacks
CASES = [
    ("digits", "1234567890"),                    # number parts of codes and dates
    ("slashes", "/"),                            # code separators
    ("digit-slash", "1/"),                       # 1/1/1/1...: dates and codes that never close
    ("dashes", "-"),                             # bullets, code separators, decoration lines
    ("dash-space", "- "),                        # a bullet with nothing after it
    ("digit-dash", "12-"),                       # 12-12-12-: Party codes (71-NQ/TW) without a notation
    ("so", "Số "),                               # "Số" without a number
    ("so-colon", "Số: Số: "),                    # the number line, again and again
    ("so-code", "số 12/"),                       # a code cut after its slash
    ("code-run", "12/KH-UBND "),                 # codes one after the other
    ("notation", "KH-UBND/"),                    # notation parts without a number
    ("units", "Ủy ban nhân dân "),               # unit names one after the other
    ("unit-list", "Sở Tài chính, "),             # a list of units that never ends
    ("caps-units", "ỦY BAN NHÂN DÂN TỈNH "),     # a header line that never ends
    ("ngay-ngay", "ngày ngày 12 "),              # a date cue without its date
    ("ngay-thang", "ngày 1 tháng "),             # a date without its year
    ("dates-invalid", "ngày 12 tháng 13 năm "),
    ("date-run", "05/3/2026 "),
    ("quarter", "Quý IV/20"),
    ("brackets", "(["),                          # nested brackets that never close
    ("parens-unit", "(Sở Tài chính, "),          # a coordinating list in brackets, never closed
    ("dotted", "1."),                            # 1.1.1.1....: a numbering level that never ends
    ("deep-numbering", "1.1.1.1.1.1.1.1.1.1.1 "),
    ("giao", "Giao Sở Tài chính chủ trì, phối hợp với "),  # an assignment that never ends
    ("x-phai", "Sở Tài chính phải "),            # the 'X phải ...' subject pattern
    ("de-nghi", "Đề nghị các đơn vị "),
    ("deadline-cues", "chậm nhất trước ngày 15 hằng tháng, "),
    ("within", "trong thời hạn 05 ngày làm việc kể từ "),
    ("references", "Thực hiện Nghị quyết số "),
    ("emphasis", "**"),                          # markdown emphasis that never closes
    ("emphasis-words", "**Giao Sở "),
    ("backslashes", "\\"),                       # markdown escapes
    ("pipes", "| "),
    ("md-table", "| Sở Tài chính | Quý III/2026 |\n|\n"),
    ("newlines", "\n\n\na"),                     # many newlines (a paragraph of one letter)
    ("lines-of-a", "a\n"),                       # many one-letter lines: the re-flow joins them
    ("bullets", ";\n- "),
    ("headings", "1.1. Sở Tài chính\n"),
    ("recipients", "Nơi nhận:\n- Sở Tài chính;\n"),
    ("signer", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"),
    ("colons", ":"),
    ("words", "a "),
]


def _corpus_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.md")))


CORPUS_TEXT = _corpus_text()
CASES += [
    ("corpus-one-line", " ".join(CORPUS_TEXT.split("\n"))),  # a very long line without newlines
    ("corpus-lines-doubled", "\n".join(f"{line} {line}" for line in CORPUS_TEXT.split("\n"))),
]


def _make(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _cpu(fn, *args):
    # the cyclic garbage collector is held off while timing: a full collection over the
    # whole test session's heap, landing inside one call, once made a linear pass look
    # super-linear (1.2 s instead of 0.3 s); what is measured here is the code's own work
    gc.disable()
    try:
        t0 = time.process_time()
        out = fn(*args)
        return out, time.process_time() - t0
    finally:
        gc.enable()


def _nfc_reference(text: str) -> float:
    """CPU seconds of a plain NFC pass over ``text`` (best of three)."""
    decomposed = unicodedata.normalize("NFD", text)
    return min(_cpu(unicodedata.normalize, "NFC", decomposed)[1] for _ in range(3))


VIETNAMESE_NFC = None


def _reference(text: str) -> float:
    global VIETNAMESE_NFC
    if VIETNAMESE_NFC is None:
        VIETNAMESE_NFC = _nfc_reference(_make(CORPUS_TEXT, SIZE))
    return max(_nfc_reference(text), VIETNAMESE_NFC * len(text) / SIZE)


def stage_times(text: str) -> dict[str, float]:
    """CPU seconds of the normalizer, of each extractor on its own, and of the
    whole of vnnq.extract (with the task classification)."""
    times: dict[str, float] = {}
    try:
        src = read_text(text)
    except VnnqError:
        return times
    doc, times["normalize"] = _cpu(normalize, src)
    info, times["header"] = _cpu(extract_header, doc)
    _, times["references"] = _cpu(extract_references, doc, info.code)
    _, times["dates"] = _cpu(extract_dates, doc)
    deadlines, times["deadlines"] = _cpu(extract_deadlines, doc, info.date)
    _, times["tasks"] = _cpu(extract_tasks, doc, deadlines, info.recipients)
    _, times["tables"] = _cpu(task_rows, doc)
    try:
        _, times["extract"] = _cpu(vnnq.extract, text)
    except VnnqError:
        pass
    return times


@pytest.mark.parametrize("unit", [pytest.param(u, id=i) for i, u in CASES])
def test_no_superlinear_pattern(unit):
    big = _make(unit, SIZE)
    small = _make(unit, SMALL)
    reference = _reference(big)
    t_big = stage_times(big)
    t_small = stage_times(small)
    assert t_big or not big.strip(), "the case must reach the extractors"
    for stage, seconds in t_big.items():
        bound = min(RATIO * reference, CAP)
        assert seconds <= bound, (
            f"{stage}: {seconds:.2f} s of CPU for 100 KB, over {bound:.2f} s "
            f"({RATIO} x the NFC pass of {reference * 1000:.1f} ms): catastrophic backtracking?")
        grown = GROWTH * t_small.get(stage, 0.0) + SLACK
        assert seconds <= grown, (
            f"{stage}: {t_small.get(stage, 0.0):.3f} s at 10 KB but {seconds:.3f} s at 100 KB: "
            f"super-linear (linear code grows about 10 times)")


def scaling_table(sizes=(10_000, 50_000, 100_000)) -> None:
    """Print, per case, the slowest stage's CPU time at each size and its growth."""
    print(f"{'case':22s} " + " ".join(f"{s // 1000:>5d} KB" for s in sizes) + "  growth 10->100 KB  slowest stage")
    for name, unit in CASES:
        per_size = [stage_times(_make(unit, s)) for s in sizes]
        if not per_size[-1]:
            continue
        total = [sum(t.get(k, 0.0) for k in t if k != "extract") for t in per_size]
        worst = max(per_size[-1], key=lambda k: per_size[-1][k] if k != "extract" else -1)
        growth = per_size[-1][worst] / max(per_size[0].get(worst, 0.0), 1e-4)
        print(f"{name:22s} " + " ".join(f"{t:7.3f}s" for t in total) + f"  {growth:6.1f}x  {worst}", flush=True)


if __name__ == "__main__":
    scaling_table(tuple(int(a) for a in sys.argv[1:]) or (10_000, 50_000, 100_000))
