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
import platform
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vnnq.classify.linear import FEATURES_VERSION, LinearModel, featurize, iter_jsonl
from vnnq.classify.scoring import per_class_scores
from vnnq.classify.taxonomy import keyword_labels, task_classes, task_keywords

SEED = 0
TASK_CONFIG = {"word": [1, 2], "max_chars": 600}
# regularisation tried for the task model; the best by cross-validation is kept
TASK_C_GRID = (4.0, 16.0, 32.0, 64.0)
UNIT_CONFIG = {"word": [1, 1], "char": [2, 4], "max_chars": 200}


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
                     log: Callable[[str], None] = print) -> tuple[LinearModel, dict[str, Any]]:
    """Multi-label task categories: one logistic regression per category.

    ``C`` None: each value of ``TASK_C_GRID`` is cross-validated on the train
    split (folds by document) and the best is kept; the test split is only
    scored, never used to choose."""
    if C is None:
        results = [train_task_model(labels_path, c, folds, log=lambda s: None) for c in TASK_C_GRID]
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
    feats = [featurize(r["text"], TASK_CONFIG, kws) for r in train]
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
    model = LinearModel("task_category", "multilabel", classes, TASK_CONFIG, weights, intercept, kws, thresholds)
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
    log(f"task_category: {len(train)} train / {len(test)} test items; held-out macro-F1 "
        f"{report['heldout']['macro_f1']:.3f} (keyword rules {report['baseline_heldout']['macro_f1']:.3f})")
    return model, report


def train_unit_model(variants_path: Path, C: float = 10.0, folds: int = 5,
                     log: Callable[[str], None] = print) -> tuple[LinearModel, dict[str, Any]]:
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
    X = vec.fit_transform([featurize(t, UNIT_CONFIG) for t in X_text])
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
    model = LinearModel("unit_category", "multiclass", fitted, UNIT_CONFIG, weights, intercept)
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
    models.mkdir(parents=True, exist_ok=True)
    reports = {}
    task_model, reports["task_category"] = train_task_model(corpus / "tasks" / "labels.jsonl", log=log)
    task_model.save(models / "task_category.json")
    unit_model, reports["unit_category"] = train_unit_model(corpus / "units" / "variants.jsonl", log=log)
    unit_model.save(models / "unit_category.json")
    return reports


if __name__ == "__main__":  # pragma: no cover
    root = Path(__file__).resolve().parents[2]
    train_all(root / "corpus", root / "models")
    sys.exit(0)
