"""Properties of every extractor and of the normalizer, over generated text.

tests/test_properties.py checks ``vnnq.extract`` on short mixes of the seed
documents.  These go further (issue 7, fuzzing): any Unicode text, lines of
*every* corpus set mixed at random, very long lines and numbering nested fifty
deep, fed to each extractor directly (the way a surface that reuses one
extractor would call it) as well as through ``vnnq.extract`` and the byte
readers.  For every input:

* nothing raises but the typed :class:`VnnqError`\\ s;
* every value with offsets slices back to its text (``text[s:e] == value``
  where the value is the text as written; header spans, whose values are
  normalized ("QUY ĐỊNH" → "Quy định"), lie inside the text);
* the same input twice gives the same record;
* the normalizer's offset map has one entry per character, is monotone and
  points inside the reader's text; its lines are ordered and cover the text.

The number of examples is small by default (the suite's budget); run many more
with ``HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz_properties.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnnq
from record_checks import check_record
from vnnq.errors import VnnqError
from vnnq.extract.dates import extract_dates
from vnnq.extract.deadlines import extract_deadlines
from vnnq.extract.header import extract_cc, extract_header, extract_recipients, extract_signer
from vnnq.extract.references import extract_references
from vnnq.extract.tables import task_rows
from vnnq.extract.tasks import extract_tasks
from vnnq.ingest import read_bytes, read_text
from vnnq.ingest.normalize import Text, normalize

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# "long" multiplies every test's examples; the default keeps the file under a minute.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
SCALE = 40 if PROFILE == "long" else 1


def _examples(n: int):
    return settings(max_examples=n * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _corpus_lines() -> list[str]:
    """Every non-empty line of every corpus document (seeds, dev, test, holdouts)."""
    out: list[str] = []
    for p in sorted(CORPUS.glob("*/*")):
        if p.suffix in (".txt", ".md") and p.is_file():
            out.extend(line for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


LINES = _corpus_lines()
DOCS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*"))
        if p.suffix in (".txt", ".md") and p.is_file()]
# Pieces that start or end the constructs the extractors look for, so that the
# mixes cut them in every place: half a code, a date cue without its date ...
PIECES = [
    "Số: ", "Số:", "số ", "/KH-UBND", "71-", "-NQ/TW", "NQ/TW", "/QĐ-", "ngày ", "ngày 22/8/2025",
    "tháng 3 năm 2026", "của ", "Kính gửi:", "- ", "+ ", "|", "**", "*", "__", "\\", "Nơi nhận:",
    "Lưu: VT.", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "1. ", "1.1. ", "1.1.1. ", "a) ", "I. ", "Điều 1.",
    "Giao ", "chủ trì, phối hợp với ", "phối hợp ", "trước ngày 31/12", "hằng năm", "hằng tháng",
    "Quý IV/2026", "năm học 2026-2027", "giai đoạn 2026-2030", "Đề nghị các đơn vị", "Sở Tài chính",
    "UBND phường", "Ủy ban nhân dân", ":", ";", ".", "\n", "\n\n", "\t", " ", "(", ")", "[", "]",
    "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "\u00a0",
    "\u0301", "\u0300", "hoà", "Uỷ", "\ufeff", "\u200b", "\r\n", "STT | Nội dung | Đơn vị chủ trì |",
]
MARKS = ["{n}.", "{n})", "{a})", "-", "+", "•", "{r}.", "Điều {n}.", "{n}.{n}.", "{n}.{n}.{n}.",
         "{n}.{n}.{n}.{n}.", "Khoản {n}", "*"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

fragment = st.one_of(st.sampled_from(LINES), st.sampled_from(PIECES))
mixed = st.one_of(
    st.lists(fragment, max_size=40).map("".join),
    st.lists(fragment, max_size=40).map("\n".join),
    st.lists(fragment, max_size=40).map(" ".join),
)
any_text = st.text(max_size=500)
# Unicode mixed into corpus text: combining marks, controls, surrogate-free
# astral characters, right-to-left marks, all between real words.
noisy = st.lists(st.one_of(fragment, st.text(max_size=20)), max_size=30).map("".join)


@st.composite
def nested(draw) -> str:
    """Numbering nested up to fifty deep: 1. / 1.1. / 1.1.1. / a) / - / + ..."""
    depth = draw(st.integers(1, 50))
    out = []
    for level in range(depth):
        mark = draw(st.sampled_from(MARKS)).format(
            n=draw(st.integers(1, 99)), a=draw(st.sampled_from("abcdđeg")), r=ROMAN[level % 10])
        deep = ".".join(["1"] * (level + 1)) + "."
        mark = draw(st.sampled_from([mark, deep]))
        out.append(" " * draw(st.integers(0, level)) + mark + " " + draw(fragment))
    return "\n".join(out)


@st.composite
def mutated_document(draw) -> str:
    """A whole corpus document with a few cuts, copies and insertions: the
    extractors see full headers, task lists and signer blocks, broken anywhere."""
    text = draw(st.sampled_from(DOCS))
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, len(text)))
        b = min(len(text), a + draw(st.integers(0, 400)))
        op = draw(st.sampled_from(["cut", "copy", "insert", "swap"]))
        if op == "cut":
            text = text[:a] + text[b:]
        elif op == "copy":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + draw(st.one_of(fragment, st.text(max_size=10))) + text[a:]
        else:
            c = draw(st.integers(0, len(text)))
            text = text[:a] + text[c:] + text[a:c] if c > a else text[c:a] + text[:c] + text[a:]
    return text


@st.composite
def long_line(draw) -> str:
    """One line of 5-40 KB: corpus fragments with their newlines taken out."""
    parts = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=5))
    size = draw(st.integers(5_000, 40_000))
    line = " ".join(parts)
    return (line * (size // max(len(line), 1) + 1))[:size]


# ---------------------------------------------------------------------------
# Checks


def _check_offset_map(src, doc: Text) -> None:
    m = doc.source_offsets
    assert len(m) == len(doc.text)
    prev = -1
    for i in range(len(m)):
        v = m[i]
        assert 0 <= v <= max(len(src.text) - 1, 0), (i, v, len(src.text))
        assert v >= prev, f"offset map goes back at {i}: {prev} -> {v}"
        prev = v
    end = 0
    for k, ln in enumerate(doc.lines):
        assert end <= ln.start <= ln.end <= len(doc.text)
        if k:
            assert doc.text[ln.start - 1] == "\n"
        assert "\n" not in doc.text[ln.start:ln.end]
        end = ln.end
    assert end == len(doc.text)


def _extract_all(doc: Text) -> dict:
    """Every extractor on its own, in pipeline order; the results as plain data."""
    info = extract_header(doc)
    refs = extract_references(doc, own_code=info.code)
    dates = extract_dates(doc)
    deadlines = extract_deadlines(doc, info.date)
    tasks = extract_tasks(doc, deadlines, info.recipients)
    rows = task_rows(doc)
    recipients = extract_recipients(doc)
    cc, _archive = extract_cc(doc)
    signer = extract_signer(doc)
    t = doc.text
    for r in refs:
        for mention in r.mentions:
            assert t[mention.start:mention.end] == mention.text
    for x in dates + deadlines:
        assert t[x.start:x.end] == x.text
    for item in recipients + cc:
        assert t[item.start:item.end] == item.text
    assert 0 <= signer.start <= signer.end <= len(t)
    for task in tasks:
        assert 0 <= task.start <= task.end <= len(t)
        if task.unit_span is not None:
            assert t[task.unit_span.start:task.unit_span.end] == task.unit
    for row in rows:
        assert 0 <= row.start <= row.end <= len(t)
        for cell in row.cells.values():
            assert t[cell.start:cell.end] == cell.text
    # positions sorted (STYLE.md rule 4: extractors return values in text order)
    assert [x.start for x in dates] == sorted(x.start for x in dates)
    assert [x.start for x in deadlines] == sorted(x.start for x in deadlines)
    return {
        "info": repr(info), "refs": repr(refs), "dates": repr(dates), "deadlines": repr(deadlines),
        "tasks": repr(tasks), "rows": repr(rows), "recipients": repr(recipients), "cc": repr(cc),
        "signer": repr(signer),
    }


def _normalized(text: str) -> tuple[object, Text] | None:
    try:
        src = read_text(text)
    except VnnqError:
        return None
    return src, normalize(src)


def _through_extract(text: str) -> None:
    try:
        d = vnnq.extract(text)
    except VnnqError:
        return
    check_record(d)
    assert vnnq.extract(text).to_dict() == d.to_dict()


def _direct(text: str) -> None:
    got = _normalized(text)
    if got is None:
        return
    src, doc = got
    _check_offset_map(src, doc)
    first = _extract_all(doc)
    # a fresh normalization (the Text caches scans) gives the same values
    assert _extract_all(normalize(read_text(text))) == first


# ---------------------------------------------------------------------------
# The properties

STRATEGIES = {
    "any_unicode": any_text,
    "corpus_mix": mixed,
    "unicode_in_corpus": noisy,
    "nested_50_deep": nested(),
    "mutated_document": mutated_document(),
}


@pytest.mark.parametrize("kind", list(STRATEGIES))
def test_extractors_direct(kind):
    @_examples(60)
    @given(STRATEGIES[kind])
    def run(text):
        _direct(text)

    run()


@pytest.mark.parametrize("kind", list(STRATEGIES))
def test_extract_pipeline(kind):
    @_examples(40)
    @given(STRATEGIES[kind])
    def run(text):
        _through_extract(text)

    run()


@_examples(6)
@given(long_line())
def test_long_lines(text):
    _direct(text)
    _through_extract(text)


@_examples(40)
@given(st.one_of(mixed, noisy, nested()), st.sampled_from(["x.txt", "x.md", "x.html", None]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_text_bytes(text, name, encoding):
    """The same mixes as the bytes of a file: the byte reader and its text flavours."""
    data = text.encode(encoding, errors="surrogatepass")
    try:
        src = read_bytes(data, name)
    except VnnqError:
        return
    doc = normalize(src)
    _check_offset_map(src, doc)
    try:
        d = vnnq.extract(data, name=name)
    except VnnqError:
        return
    check_record(d)
    assert vnnq.extract(data, name=name).to_dict() == d.to_dict()


@_examples(60)
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.md", "x.pdf", "x.docx", None]))
def test_any_bytes(data, name):
    """Random bytes: a typed error or a record, never another exception."""
    try:
        d = vnnq.extract(data, name=name)
    except VnnqError:
        return
    check_record(d)
