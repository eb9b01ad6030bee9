"""The spancat of ``vnnq/data/spacy/spancat.cfg`` (issue 8): it trains with
``spacy train`` and learns unit names, and bench/spancat.py's pieces keep
their offsets.

The shipped config once kept nearly every candidate: with about 400 candidate
n-grams per gold unit, a multilabel spancat learned "no unit" for everything
within 50 steps and ``spacy train`` kept its untrained step-0 model as the best.
The training run here is tiny (a few dozen lines made in the test, 60 steps),
enough to tell a model that learns from one that does not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import DocBin  # noqa: E402

from vnnq.spacy_component import make_spans  # noqa: E402
from vnnq.spacy_corpus import blank_nlp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import spancat as bench  # noqa: E402  (bench/spancat.py: line_docs, model_spans, the config)

UNITS = ["Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân tỉnh Bắc Ninh", "Phòng Văn hóa - Xã hội",
         "Công an tỉnh", "Sở Giáo dục và Đào tạo"]
OTHER = ["Tuyên truyền sâu rộng nội dung Kế hoạch đến cán bộ, đảng viên.",
         "Thời gian thực hiện: năm 2026.", "Kinh phí thực hiện từ nguồn ngân sách nhà nước.",
         "Báo cáo kết quả định kỳ hằng quý."]


def _text(pairs: list[tuple[str, str]]) -> str:
    """Lines "Giao A chủ trì, phối hợp với B ..." and lines with no unit."""
    lines = []
    for i, (a, b) in enumerate(pairs):
        lines.append(f"{i + 1}. Giao {a} chủ trì, phối hợp với {b} triển khai thực hiện.")
        lines.append(OTHER[i % len(OTHER)])
    return "\n".join(lines)


def _gold_doc(nlp, text: str):
    doc = nlp.make_doc(text)
    spans = []
    for u in UNITS:
        at = text.find(u)
        while at >= 0:
            spans.append((at, at + len(u), "UNIT", u, ""))
            at = text.find(u, at + 1)
    doc.spans["units"] = make_spans(doc, sorted(spans))
    return doc


def test_line_docs_keep_the_units_of_each_line():
    nlp = blank_nlp()
    doc = _gold_doc(nlp, _text([("Sở Tài chính", "Sở Nội vụ"), ("Công an tỉnh", "Sở Tài chính")]))
    lines = bench.line_docs(nlp, doc, negatives=1)
    assert [d.text for d in lines] == doc.text.split("\n")
    assert [[s.text for s in d.spans["units"]] for d in lines] == \
        [["Sở Tài chính", "Sở Nội vụ"], [], ["Công an tỉnh", "Sở Tài chính"], []]
    # the same spans under the span_finder's key (bench.CANDIDATES_KEY)
    assert all([s.text for s in d.spans[bench.CANDIDATES_KEY]] == [s.text for s in d.spans["units"]]
               for d in lines)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The shipped config trained for 60 steps on made-up lines."""
    work = tmp_path_factory.mktemp("spancat")
    nlp = blank_nlp()
    train_pairs = [(a, b) for a in UNITS for b in UNITS if a != b]
    for name, pairs in (("train", train_pairs), ("dev", train_pairs[::7])):
        db = DocBin()
        for d in bench.line_docs(nlp, _gold_doc(nlp, _text(pairs)), negatives=1):
            db.add(d)
        db.to_disk(work / f"{name}.spacy")
    r = subprocess.run([sys.executable, "-m", "spacy", "train", str(bench.CONFIG), "--output", str(work / "model"),
                        "--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "dev.spacy"),
                        "--training.max_steps", "60", "--training.eval_frequency", "20"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return spacy.load(work / "model" / "model-last")


def test_the_shipped_spancat_learns_unit_names(trained):
    text = "Giao Sở Giáo dục và Đào tạo chủ trì, phối hợp với Công an tỉnh triển khai thực hiện."
    found = [t for _, _, t in bench.model_spans(trained, text)]
    assert "Sở Giáo dục và Đào tạo" in found and "Công an tỉnh" in found
    # and not every candidate (the broken config kept nearly all of them)
    assert len(found) <= 4
    assert bench.model_spans(trained, OTHER[0]) == []


def test_model_spans_point_into_the_whole_text(trained):
    text = "Kính gửi các cơ quan.\n\n" + _text([("Sở Nội vụ", "Sở Tài chính"), ("Công an tỉnh", "Sở Nội vụ")])
    spans = bench.model_spans(trained, text)
    assert spans and all(text[s:e] == t for s, e, t in spans)
