"""Measured accuracy on the gold corpus, and invariants over every corpus document."""

from pathlib import Path

import pytest

import vnnq
from vnnq.evaluate import evaluate

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCS = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md") and p.parent != CORPUS)


def _report(name: str, *sets: str):
    """The fixture ``name``: the evaluation of these corpus folders, computed once per module."""
    @pytest.fixture(scope="module", name=name)
    def fixture():
        return evaluate([CORPUS / s for s in sets])
    return fixture


dev_report = _report("dev_report", "seeds", "dev")
test_report = _report("test_report", "test")
holdout4_report = _report("holdout4_report", "holdout4")
holdout5_report = _report("holdout5_report", "holdout5")
holdout6_report = _report("holdout6_report", "holdout6")
holdout7_report = _report("holdout7_report", "holdout7")
holdout8_report = _report("holdout8_report", "holdout8")
holdout9_report = _report("holdout9_report", "holdout9")
holdout10_report = _report("holdout10_report", "holdout10")
holdout11_report = _report("holdout11_report", "holdout11")
holdout12_report = _report("holdout12_report", "holdout12")
holdout13_report = _report("holdout13_report", "holdout13")
holdout14_report = _report("holdout14_report", "holdout14")
holdout15_report = _report("holdout15_report", "holdout15")
holdout16_report = _report("holdout16_report", "holdout16")
holdout17_report = _report("holdout17_report", "holdout17")


def test_corpus_size():
    golds = list(CORPUS.rglob("*.gold.json"))
    assert len(golds) >= 238  # 5 seeds + 53 dev + 13 test + 10 holdout4/5/6 + 15 holdout7 + 13 holdout8/9 + 12 holdout10-17


# Floors sit a little under the figures measured when they were set
# (see README "Accuracy"); they catch regressions, they are not the targets.
@pytest.mark.parametrize("field,floor", [
    ("references", 0.97), ("document.date", 0.97), ("document.number", 0.97),
    ("document.issuer", 0.95), ("recipients", 0.92), ("cc", 0.95), ("signer.name", 0.95),
    ("references.date", 0.95), ("references.issuer", 0.93), ("deadlines", 0.83), ("tasks", 0.89),
    ("tasks_with_unit", 0.86),
])
def test_dev_floors(dev_report, field, floor):
    assert dev_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.95), ("document.date", 0.95), ("document.issuer", 0.95), ("cc", 0.95),
    ("references.issuer", 0.80), ("deadlines", 0.74), ("tasks", 0.80), ("tasks_with_unit", 0.76),
])
def test_heldout_floors(test_report, field, floor):
    """corpus/test was annotated by others and not read while writing the rules."""
    assert test_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.93), ("document.place", 0.95), ("cc", 0.95), ("references.date", 0.95),
    ("deadlines", 0.70), ("tasks", 0.86), ("tasks_with_unit", 0.84),
])
def test_holdout4_floors(holdout4_report, field, floor):
    """corpus/holdout4 was annotated by helpers who did not run vnnq, and scored once."""
    assert holdout4_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.97), ("references.date", 0.97), ("cc", 0.95), ("deadlines", 0.78),
    ("tasks", 0.72), ("tasks_with_unit", 0.65),
])
def test_holdout5_floors(holdout5_report, field, floor):
    """corpus/holdout5 was annotated by helpers who did not run vnnq, and scored once (session 12)."""
    assert holdout5_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.97), ("cc", 0.97), ("signer.name", 0.97), ("tasks", 0.82), ("tasks_with_unit", 0.72),
])
def test_holdout6_floors(holdout6_report, field, floor):
    """corpus/holdout6 was annotated by helpers who did not run vnnq and scored once (session 13:
    tasks_with_unit 0.658); one rule was then written from its errors, so it is held out no longer."""
    assert holdout6_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("document.date", 0.97), ("cc", 0.96), ("signer.name", 0.97), ("deadlines", 0.78),
    ("tasks", 0.89), ("tasks_with_unit", 0.86),
])
def test_holdout7_floors(holdout7_report, field, floor):
    """corpus/holdout7 was annotated by helpers who did not run vnnq and scored once (session 14:
    tasks_with_unit 0.721); rules were then written from its errors."""
    assert holdout7_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("document.date", 0.97), ("cc", 0.97), ("signer.name", 0.97), ("deadlines", 0.65),
    ("tasks", 0.91), ("tasks_with_unit", 0.89),
])
def test_holdout8_floors(holdout8_report, field, floor):
    """corpus/holdout8 was annotated by helpers who did not run vnnq and scored once (session 14:
    tasks_with_unit 0.743); rules were then written from its errors (session 15)."""
    assert holdout8_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("document.date", 0.93), ("cc", 0.97), ("signer.name", 0.97), ("tasks", 0.89),
    ("tasks_with_unit", 0.89),
])
def test_holdout9_floors(holdout9_report, field, floor):
    """corpus/holdout9 was annotated by helpers who did not run vnnq and scored once (session 15:
    tasks_with_unit 0.739, header 0.934); rules were then written from its errors."""
    assert holdout9_report.scores[field].f1 >= floor


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("references.issuer", 0.95), ("cc", 0.97), ("signer.name", 0.97), ("tasks", 0.86),
    ("tasks_with_unit", 0.83),
])
def test_holdout10_floors(holdout10_report, field, floor):
    """corpus/holdout10 was annotated by helpers who did not run vnnq and scored once (session 15:
    tasks_with_unit 0.873, header 0.976, references 0.988; deadlines 0.375); rules were written from
    its errors in session 16, after holdout11 was scored."""
    assert holdout10_report.scores[field].f1 >= floor
    assert holdout10_report.header_score().f1 >= 0.95


def test_header_fields_overall(dev_report, test_report, holdout5_report):
    assert dev_report.header_score().f1 >= 0.95
    assert test_report.header_score().f1 >= 0.95
    assert holdout5_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_span_slices_back(path):
    d = vnnq.extract(path)
    t = d.text
    for r in d.references:
        for m in r.mentions:
            assert t[m.start:m.end] == m.text
    for x in d.dates + d.deadlines:
        assert t[x.start:x.end] == x.text
    for item in d.document.recipients_detail + d.document.cc_detail:
        assert t[item.start:item.end] == item.text
    for task in d.tasks:
        assert 0 <= task.start < task.end <= len(t)
        if task.unit_span is not None:
            assert t[task.unit_span.start:task.unit_span.end] == task.unit
    own = (d.document.code or "").upper()
    assert all(r.code.upper() != own for r in d.references)


@pytest.mark.parametrize("path", DOCS[:6], ids=[p.name for p in DOCS[:6]])
def test_deterministic_and_same_for_bytes_and_path(path):
    a = vnnq.extract(path).to_dict()
    b = vnnq.extract(path.read_bytes(), name=path.name).to_dict()
    assert a == b


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("references.issuer", 0.93), ("cc", 0.96), ("signer.name", 0.97), ("tasks", 0.88),
    ("tasks_with_unit", 0.80),
])
def test_holdout11_floors(holdout11_report, field, floor):
    """corpus/holdout11 was annotated by helpers who did not run vnnq and scored once (session 16:
    tasks_with_unit 0.580, tasks 0.807, header 0.981, references 0.990, deadlines 0.727); rules were
    then written from its errors."""
    assert holdout11_report.scores[field].f1 >= floor
    assert holdout11_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("references.issuer", 0.95), ("cc", 0.90), ("signer.name", 0.97), ("tasks", 0.50),
    ("tasks_with_unit", 0.47),
])
def test_holdout12_floors(holdout12_report, field, floor):
    """corpus/holdout12 was annotated by helpers who did not run vnnq and scored once (session 16,
    after that session's rules: tasks_with_unit 0.517, tasks 0.552, header 1.000, references 0.989,
    deadlines 0.333); no rule has been written from it.  18 of its 39 gold tasks are the steps of an
    internal procedure table that vnnq reads as a procedure, not as duties (see README)."""
    assert holdout12_report.scores[field].f1 >= floor
    assert holdout12_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("references.issuer", 0.94), ("cc", 0.96), ("signer.name", 0.93), ("tasks", 0.72),
    ("tasks_with_unit", 0.68),
])
def test_holdout13_floors(holdout13_report, field, floor):
    """corpus/holdout13 was annotated by helpers who did not run vnnq and scored once (session 16,
    at the end: tasks_with_unit 0.727 (P .941 R .593), tasks 0.773, header 0.981, references 0.987,
    deadlines 0.500)."""
    assert holdout13_report.scores[field].f1 >= floor
    assert holdout13_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("field,floor", [
    ("references", 0.96), ("references.issuer", 0.92), ("cc", 0.95), ("signer.name", 0.95), ("tasks", 0.88),
    ("tasks_with_unit", 0.84),
])
def test_holdout14_floors(holdout14_report, field, floor):
    """corpus/holdout14 was annotated by helpers who did not run vnnq and scored once (session 17,
    on the code of session 16: tasks_with_unit 0.571 (P .500 R .667), tasks 0.768, header 0.972,
    references 0.995, deadlines 0.462)."""
    assert holdout14_report.scores[field].f1 >= floor
    assert holdout14_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("field,floor", [
    ("references", 0.97), ("references.issuer", 0.92), ("cc", 0.97), ("signer.name", 0.97), ("tasks", 0.89),
    ("tasks_with_unit", 0.85), ("deadlines", 0.78),
])
def test_holdout15_floors(holdout15_report, field, floor):
    """corpus/holdout15 was annotated by helpers who did not run vnnq and scored once (session 18,
    before any rule was written from it: tasks_with_unit 0.695 (P .722 R .671), tasks 0.732, header
    0.977, references 1.000, references.issuer 0.949, deadlines 0.814)."""
    assert holdout15_report.scores[field].f1 >= floor
    assert holdout15_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("field,floor", [
    ("references", 0.95), ("references.issuer", 0.95), ("cc", 0.97), ("signer.name", 0.97), ("tasks", 0.76),
    ("tasks_with_unit", 0.76), ("deadlines", 0.95),
])
def test_holdout16_floors(holdout16_report, field, floor):
    """corpus/holdout16 was annotated by helpers who did not run vnnq and scored once (session 19,
    before any rule was written from it: tasks_with_unit 0.513 (P .455 R .588, 17 gold tasks),
    tasks 0.564, header 1.000, references 0.960, references.issuer 0.983, deadlines 0.571).
    Most of its documents are decisions that delegate powers or publish procedures: few duties.
    Rules were then written from its errors (0.786 at the end of session 19)."""
    assert holdout16_report.scores[field].f1 >= floor
    assert holdout16_report.header_score().f1 >= 0.95


@pytest.mark.parametrize("field,floor", [
    ("references", 0.95), ("references.issuer", 0.93), ("cc", 0.96), ("signer.name", 0.97), ("deadlines", 0.80),
    ("tasks", 0.63), ("tasks_with_unit", 0.61),
])
def test_holdout17_floors(holdout17_report, field, floor):
    """corpus/holdout17 was annotated by helpers who did not run vnnq and scored once (session 19, on
    commit e6735d7: tasks_with_unit 0.584 (P .719 R .492), tasks 0.610, header 0.959, references
    0.972, deadlines 0.586); six rules were then written from its errors.  116 of its 187 gold tasks
    are one plan's, 56 of them items of its section IV that its implementation section points to by
    number ("Chủ trì triển khai các nhiệm vụ tại mục (IV)(1)"), which vnnq does not resolve."""
    assert holdout17_report.scores[field].f1 >= floor
    assert holdout17_report.header_score().f1 >= 0.95
