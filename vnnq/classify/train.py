"""``vnnq train``: rebuild every model in ``models/`` from ``corpus/``.

Deterministic: fixed seeds, sorted data, weights rounded, JSON written with
sorted keys; two runs on the same data give the same bytes (up to the
metadata's library versions).  Needs scikit-learn (``pip install -e
".[train]"``); using the models does not.

Models:
- ``task_category.json``: multi-label task categories, from
  ``corpus/tasks/labels.jsonl`` (split "train"); scored on split "test"
  beside the keyword-rule baseline of ``data/task_categories.yaml``.
- ``unit_category.json``: unit category from the name (character n-grams),
  from ``corpus/units/variants.jsonl`` (split "train"); used for names no
  rule of ``data/units.yaml`` knows.
"""

from __future__ import annotations

import hashlib
import math
import platform
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from vnnq.classify.linear import (
    FEATURES_VERSION,
    LinearModel,
    _keyword_needles,
    _raw_features,
    featurize,
    iter_jsonl,
    normalize_text,
)
from vnnq.classify.scoring import per_class_scores
from vnnq.classify.taxonomy import keyword_labels, task_classes, task_keywords

SEED = 0
TASK_CONFIG = {"word": [1, 2], "max_chars": 600}
# regularisation tried for the task model; the best by cross-validation is kept
TASK_C_GRID = (4.0, 16.0, 32.0, 64.0)
UNIT_CONFIG = {"word": [1, 1], "char": [2, 4], "max_chars": 200}

# What the models read, for comparing feature sets (bench/segmentation_features.py):
# "chars" the shipped features (syllable n-grams, plus character n-grams for
# units, plus keyword hits for tasks; "words" in linear.py's config are the
# space-separated syllables); "words" underthesea's word segmentation in their
# place (words of several syllables joined by "_": "ủy_ban nhân_dân"); "both"
# the union.  Only "chars" can be saved: run time computes the features from
# the model's config, which knows no segmenter (it would put underthesea in
# the hot path, issue 8).
FEATURE_KINDS = ("chars", "words", "both")


def segment(text: str, max_chars: int = 600) -> tuple[str, ...]:
    """underthesea's words of ``text`` (its first ``max_chars`` characters, the
    part the other features read), lower case, punctuation left out.

    The segmenter reads the text before lower-casing (its CRF uses the case
    of a syllable); NFC and one tone placement first, as for every feature.

    >>> segment("Ủy ban nhân dân phường chủ trì triển khai")  # doctest: +SKIP
    ('ủy', 'ban_nhân_dân', 'phường', 'chủ_trì', 'triển_khai')
    """
    return _segment(text[:max_chars])


@lru_cache(maxsize=None)
def _segment(text: str) -> tuple[str, ...]:
    # cached: cross-validation featurizes each item once per value of C
    try:
        from underthesea import word_tokenize
    except ImportError:
        raise SystemExit("word features need underthesea: pip install underthesea") from None
    from vnnq.ingest.normalize import fix_tone_placement
    clean = fix_tone_placement(unicodedata.normalize("NFC", text))
    words = word_tokenize(clean, format="text").split()
    return tuple(w.lower() for w in words if _WORDLIKE_RE.search(w))


_WORDLIKE_RE = re.compile(r"\w")


def _ngram_counts(tokens: Sequence[str], lo: int, hi: int, prefix: str) -> dict[str, float]:
    """Token n-grams with the sublinear count ``1 + log(count)`` of featurize()."""
    counts: Counter[str] = Counter()
    for n in range(lo, hi + 1):
        counts.update(prefix + " ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return {k: 1.0 + math.log(c) for k, c in counts.items()}


def feature_function(kind: str, config: dict[str, Any], keywords: dict[str, list[str]] | None = None,
                     seg_ngrams: tuple[int, int] = (1, 2)) -> Callable[[str], dict[str, float]]:
    """``text -> features`` for a feature kind of :data:`FEATURE_KINDS`.

    "chars" is :func:`featurize` with ``config`` (what the shipped models
    read); "words" keeps the keyword hits and the character n-grams of
    ``config`` but replaces the syllable n-grams by underthesea word n-grams
    (``s:`` features, sizes ``seg_ngrams``); "both" adds them to "chars".
    L2-normalized like featurize()."""
    if kind not in FEATURE_KINDS:
        raise ValueError(f"features: {kind!r}, not one of {', '.join(FEATURE_KINDS)}")
    if kind == "chars":
        return lambda text: featurize(text, config, keywords)
    base_config = dict(config) if kind == "both" else {k: v for k, v in config.items() if k != "word"}
    needles = _keyword_needles(keywords) if keywords else None
    max_chars = config.get("max_chars", 600)

    def features(text: str) -> dict[str, float]:
        feats, _ = _raw_features(text, base_config, needles)
        feats.update(_ngram_counts(segment(text, max_chars), *seg_ngrams, prefix="s:"))
        norm = math.sqrt(sum(v * v for v in feats.values())) or 1.0
        return {k: v / norm for k, v in feats.items()}
    return features


@dataclass
class _FeaturizedModel(LinearModel):
    """A model scored over features of its own function rather than of its
    config: for comparing feature sets only, so it cannot be saved."""

    featurizer: Callable[[str], dict[str, float]] | None = None

    def scores(self, text: str) -> list[float]:
        z = list(self.intercept)
        for f, v in self.featurizer(text).items():
            w = self.weights.get(f)
            if w is not None:
                for j, wj in enumerate(w):
                    z[j] += wj * v
        return z

    def save(self, path: Path) -> None:
        raise ValueError("a model over word-segmented features cannot be saved: run time knows only 'chars'")


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    import numpy
    import scipy
    import sklearn

    from vnnq import __version__
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": numpy.__version__, "scipy": scipy.__version__, "vnnq": __version__,
            "features_version": str(FEATURES_VERSION)}


def _fit_binary(X, y, C: float):
    from sklearn.linear_model import LogisticRegression
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=SEED)
    clf.fit(X, y)
    return clf


def _best_threshold(y: Sequence[int], p: Sequence[float]) -> float:
    """The threshold with the best F1 on cross-validated probabilities."""
    best_t, best_f = 0.5, -1.0
    for t in [x / 20 for x in range(4, 17)]:
        tp = sum(1 for a, b in zip(y, p) if a and b >= t)
        fp = sum(1 for a, b in zip(y, p) if not a and b >= t)
        fn = sum(1 for a, b in zip(y, p) if a and b < t)
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f + 1e-9:
            best_t, best_f = t, f
    return best_t


def train_task_model(labels_path: Path, C: float | None = None, folds: int = 5,
                     log: Callable[[str], None] = print,
                     features: str = "chars") -> tuple[LinearModel, dict[str, Any]]:
    """Multi-label task categories: one logistic regression per category.

    ``C`` None: each value of ``TASK_C_GRID`` is cross-validated on the train
    split (folds by document) and the best is kept; the test split is only
    scored, never used to choose."""
    if C is None:
        results = [train_task_model(labels_path, c, folds, log=lambda s: None, features=features)
                   for c in TASK_C_GRID]
        model, report = max(results, key=lambda mr: mr[1]["cv"]["macro_f1"])
        report["c_grid"] = {str(c): r["cv"]["macro_f1"] for c, (_, r) in zip(TASK_C_GRID, results)}
        model.metadata["scores"] = report
        log(f"task_category: {report['train_items']} train / {report['test_items']} test items; C={model.metadata['C']} "
            f"by CV; held-out macro-F1 {report['heldout']['macro_f1']:.3f} "
            f"(keyword rules {report['baseline_heldout']['macro_f1']:.3f})")
        return model, report
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.model_selection import GroupKFold

    rows = sorted(iter_jsonl(labels_path), key=lambda r: r["id"])
    classes = task_classes()
    kws = task_keywords()
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    featurizer = feature_function(features, TASK_CONFIG, kws)
    feats = [featurizer(r["text"]) for r in train]
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform(feats)
    names = vec.get_feature_names_out()
    groups = [r["doc"] for r in train]
    # cross-validated probabilities (folds by document) for thresholds and CV scores
    cv_p: dict[str, list[float]] = {c: [0.0] * len(train) for c in classes}
    n_folds = min(folds, len(set(groups)))
    for tr, va in GroupKFold(n_splits=n_folds).split(X, groups=groups):
        for c in classes:
            y = [1 if c in train[i]["categories"] else 0 for i in tr]
            if len(set(y)) < 2:
                continue
            clf = _fit_binary(X[tr], y, C)
            for i, p in zip(va, clf.predict_proba(X[va])[:, 1]):
                cv_p[c][i] = float(p)
    thresholds = {}
    for c in classes:
        y = [1 if c in r["categories"] else 0 for r in train]
        thresholds[c] = _best_threshold(y, cv_p[c]) if any(y) else 0.5
    cv_pred = [[c for c in classes if cv_p[c][i] >= thresholds[c]] or ["other"] for i in range(len(train))]
    cv_scores = per_class_scores([r["categories"] for r in train], cv_pred, classes)
    # the final model, on the whole train split
    weights: dict[str, list[float]] = {n: [0.0] * len(classes) for n in names}
    intercept = [0.0] * len(classes)
    for j, c in enumerate(classes):
        y = [1 if c in r["categories"] else 0 for r in train]
        if len(set(y)) < 2:
            intercept[j] = -10.0
            continue
        clf = _fit_binary(X, y, C)
        intercept[j] = float(clf.intercept_[0])
        for n, w in zip(names, clf.coef_[0]):
            weights[n][j] = float(w)
    weights = {n: w for n, w in weights.items() if any(abs(v) >= 1e-4 for v in w)}
    if features == "chars":
        model = LinearModel("task_category", "multilabel", classes, TASK_CONFIG, weights, intercept, kws, thresholds)
    else:
        model = _FeaturizedModel("task_category", "multilabel", classes, TASK_CONFIG, weights, intercept, kws,
                                 thresholds, featurizer=featurizer)
    gold = [r["categories"] for r in test]
    pred = [[c for c, _ in model.predict_labels(r["text"])] for r in test]
    base = [keyword_labels(r["text"], kws) for r in test]
    report = {
        "train_items": len(train), "test_items": len(test),
        "train_documents": len(set(groups)), "test_documents": len({r["doc"] for r in test}),
        "cv": cv_scores, "heldout": per_class_scores(gold, pred, classes),
        "baseline_heldout": per_class_scores(gold, base, classes),
    }
    model.metadata = {"data": {"path": str(labels_path.name), "sha256": _hash(labels_path)},
                      "seed": SEED, "C": C, "folds": n_folds, "versions": _versions(), "scores": report}
    if features != "chars":
        model.metadata["features"] = features
    log(f"task_category: {len(train)} train / {len(test)} test items; held-out macro-F1 "
        f"{report['heldout']['macro_f1']:.3f} (keyword rules {report['baseline_heldout']['macro_f1']:.3f})")
    return model, report


def train_unit_model(variants_path: Path, C: float = 10.0, folds: int = 5,
                     log: Callable[[str], None] = print,
                     features: str = "chars") -> tuple[LinearModel, dict[str, Any]]:
    """Unit category from the canonical name (multiclass, character n-grams)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from vnnq.classify.units import UNIT_CATEGORIES, canonical, rule_category

    rows = [r for r in iter_jsonl(variants_path) if len(r.get("units") or [r["canonical"]]) == 1]
    rows.sort(key=lambda r: (r["canonical"], r["text"], r.get("doc", "")))
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    classes = [c for c in UNIT_CATEGORIES if any(r["category"] == c for r in train)]
    X_text = [canonical(r["text"]) for r in train]
    vec = DictVectorizer(sort=True)
    featurizer = feature_function(features, UNIT_CONFIG, seg_ngrams=(1, 1))
    X = vec.fit_transform([featurizer(t) for t in X_text])
    names = vec.get_feature_names_out()
    y = [r["category"] for r in train]
    groups = [r["canonical"] for r in train]
    cv_pred = [""] * len(train)
    n_folds = min(folds, len(set(groups)))
    for tr, va in GroupKFold(n_splits=n_folds).split(X, groups=groups):
        clf = LogisticRegression(C=C, max_iter=3000, random_state=SEED)
        clf.fit(X[tr], [y[i] for i in tr])
        for i, p in zip(va, clf.predict(X[va])):
            cv_pred[i] = str(p)
    clf = LogisticRegression(C=C, max_iter=3000, random_state=SEED)
    clf.fit(X, y)
    fitted = [str(c) for c in clf.classes_]
    coef = clf.coef_
    if len(fitted) == 2:  # binary: sklearn keeps one row
        coef = [-coef[0], coef[0]]
        intercept = [-float(clf.intercept_[0]), float(clf.intercept_[0])]
    else:
        intercept = [float(v) for v in clf.intercept_]
    weights = {n: [float(coef[j][i]) for j in range(len(fitted))] for i, n in enumerate(names)}
    weights = {n: w for n, w in weights.items() if any(abs(v) >= 1e-4 for v in w)}
    if features == "chars":
        model = LinearModel("unit_category", "multiclass", fitted, UNIT_CONFIG, weights, intercept)
    else:
        model = _FeaturizedModel("unit_category", "multiclass", fitted, UNIT_CONFIG, weights, intercept,
                                 featurizer=featurizer)
    gold = [[r["category"]] for r in test]
    texts = [canonical(r["text"]) for r in test]
    pred_model = [[model.predict_one(t)[0]] for t in texts]
    pred_rules = [[rule_category(t) or "other"] for t in texts]
    pred_both = [[rule_category(t) or model.predict_one(t)[0]] for t in texts]
    report = {
        "train_items": len(train), "test_items": len(test),
        "cv": per_class_scores([[v] for v in y], [[v] for v in cv_pred], classes),
        "heldout_model": per_class_scores(gold, pred_model, classes),
        "heldout_rules": per_class_scores(gold, pred_rules, classes),
        "heldout_rules_then_model": per_class_scores(gold, pred_both, classes),
    }
    model.metadata = {"data": {"path": str(variants_path.name), "sha256": _hash(variants_path)},
                      "seed": SEED, "C": C, "folds": n_folds, "versions": _versions(), "scores": report}
    if features != "chars":
        model.metadata["features"] = features
    log(f"unit_category: {len(train)} train / {len(test)} test names; held-out macro-F1: "
        f"model {report['heldout_model']['macro_f1']:.3f}, rules {report['heldout_rules']['macro_f1']:.3f}, "
        f"rules then model {report['heldout_rules_then_model']['macro_f1']:.3f}")
    return model, report


def train_all(corpus: Path, models: Path, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train every model from ``corpus`` into ``models``; returns the reports."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise SystemExit("vnnq train needs scikit-learn: pip install -e '.[train]'") from None
    from threadpoolctl import threadpool_limits  # a dependency of scikit-learn

    models.mkdir(parents=True, exist_ok=True)
    reports = {}
    # one BLAS thread: the models are small, and on a shared machine BLAS's own
    # threads made the cross-validation over 15 times slower (seen by the uts helper)
    with threadpool_limits(limits=1):
        task_model, reports["task_category"] = train_task_model(corpus / "tasks" / "labels.jsonl", log=log)
        task_model.save(models / "task_category.json")
        unit_model, reports["unit_category"] = train_unit_model(corpus / "units" / "variants.jsonl", log=log)
        unit_model.save(models / "unit_category.json")
    return reports


if __name__ == "__main__":  # pragma: no cover
    root = Path(__file__).resolve().parents[2]
    train_all(root / "corpus", root / "models")
    sys.exit(0)
