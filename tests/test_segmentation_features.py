"""Word-segmented features (underthesea) for comparing the classifiers' feature
sets (bench/segmentation_features.py, issue 8): the shipped "chars" features are
untouched, "words"/"both" read underthesea's words, and such a model can be
scored but never saved (run time knows only "chars")."""

import math
from pathlib import Path

import pytest

from vnnq.classify.linear import featurize
from vnnq.classify.taxonomy import task_keywords
from vnnq.classify.train import TASK_CONFIG, UNIT_CONFIG, feature_function

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DUTY = ("Phòng Văn hoá - Xã hội chủ trì, phối hợp với Uỷ ban Mặt trận Tổ quốc phường tuyên truyền, "
        "phổ biến Nghị quyết số 71-NQ/TW đến cán bộ, đảng viên và nhân dân")


def test_chars_are_the_shipped_features():
    kws = task_keywords()
    assert feature_function("chars", TASK_CONFIG, kws)(DUTY) == featurize(DUTY, TASK_CONFIG, kws)
    assert feature_function("chars", UNIT_CONFIG)("Sở Tài chính") == featurize("Sở Tài chính", UNIT_CONFIG)


def test_an_unknown_feature_kind_is_refused():
    with pytest.raises(ValueError, match="chars, words, both"):
        feature_function("syllables", TASK_CONFIG)


def test_segment_joins_the_syllables_of_a_word():
    pytest.importorskip("underthesea")
    from vnnq.classify.train import segment

    words = segment(DUTY)
    # the segmenter's words, lower case, old-style tones rewritten, no punctuation
    assert {"chủ_trì", "phối_hợp", "tuyên_truyền", "phổ_biến"} <= set(words)
    assert "văn_hóa" in words and "văn_hoá" not in words
    assert all(any(ch.isalnum() for ch in w) for w in words)
    assert segment(DUTY, max_chars=20) == segment(DUTY[:20])


@pytest.mark.parametrize("kind,has_syllables", [("words", False), ("both", True)])
def test_words_and_both_features(kind, has_syllables):
    pytest.importorskip("underthesea")
    kws = task_keywords()
    f = feature_function(kind, TASK_CONFIG, kws)(DUTY)
    assert "s:chủ_trì" in f and "s:chủ_trì phối_hợp" in f
    assert ("w:chủ trì" in f) is has_syllables
    assert "k:communication" in f  # the keyword hits stay in every kind
    assert math.isclose(sum(v * v for v in f.values()), 1.0)


def test_a_unit_model_over_words_is_scored_but_not_saved(tmp_path):
    pytest.importorskip("underthesea")
    pytest.importorskip("sklearn")
    from vnnq.classify.train import train_unit_model

    model, report = train_unit_model(CORPUS / "units" / "variants.jsonl", log=lambda s: None, features="words")
    assert model.metadata["features"] == "words"
    # a real classifier over the words: most held-out unit names get their category
    assert report["heldout_model"]["exact"] >= 0.7
    assert model.predict_one("Ủy ban nhân dân xã Tân Lập")[0] == "peoples_committee"
    with pytest.raises(ValueError, match="cannot be saved"):
        model.save(tmp_path / "unit_category.json")
    assert not (tmp_path / "unit_category.json").exists()
