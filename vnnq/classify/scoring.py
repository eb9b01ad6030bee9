"""Precision, recall and F1 per class for single- and multi-label predictions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def per_class_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]],
                     classes: Sequence[str]) -> dict[str, Any]:
    """``{"classes": {c: {p, r, f1, support}}, "macro_f1", "micro_f1", "exact"}``.

    Each item is a list of labels (one label for a single-label task).  Macro
    F1 averages the classes that occur in the gold or the predictions.
    """
    out: dict[str, Any] = {"classes": {}}
    tp_all = fp_all = fn_all = 0
    f1s = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred) if c in g and c in p)
        fp = sum(1 for g, p in zip(gold, pred) if c not in g and c in p)
        fn = sum(1 for g, p in zip(gold, pred) if c in g and c not in p)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        p_ = tp / (tp + fp) if tp + fp else 0.0
        r_ = tp / (tp + fn) if tp + fn else 0.0
        f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        support = tp + fn
        out["classes"][c] = {"p": round(p_, 4), "r": round(r_, 4), "f1": round(f_, 4), "support": support}
        if support or tp + fp:
            f1s.append(f_)
    out["macro_f1"] = round(sum(f1s) / len(f1s), 4) if f1s else 0.0
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    out["micro_f1"] = round(2 * micro_p * micro_r / (micro_p + micro_r), 4) if micro_p + micro_r else 0.0
    out["exact"] = round(sum(1 for g, p in zip(gold, pred) if set(g) == set(p)) / len(gold), 4) if gold else 0.0
    out["items"] = len(gold)
    return out


def format_table(title: str, scores: dict[str, Any]) -> str:
    """A plain-text table of :func:`per_class_scores`."""
    lines = [f"{title}", f"{'class':22s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}"]
    for c, s in scores["classes"].items():
        if s["support"] or s["p"]:
            lines.append(f"{c:22s} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['support']:5d}")
    lines.append(f"{'macro F1':22s} {'':6s} {'':6s} {scores['macro_f1']:6.3f} {scores['items']:5d}")
    lines.append(f"{'micro F1':22s} {'':6s} {'':6s} {scores['micro_f1']:6.3f}")
    return "\n".join(lines)
