"""Scores of the classification against its labelled data (``vnnq eval``).

- Unit canonicalization, on every name variant of ``units/variants.jsonl``:
  pairs of spellings that must meet (same gold canonical name) and must not,
  and the hand-picked hard pairs of ``units/pairs.jsonl``.  The rules are not
  trained, so all variants count.
- Multi-unit leads split into their units (variants whose gold lists several).
- Unit level, on every variant.
- Unit category, on the held-out split: rules alone, model alone, rules then model.
- Task category, on the held-out split of ``tasks/labels.jsonl``: the model
  beside the keyword-rule baseline.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

from vnnq.classify.linear import iter_jsonl
from vnnq.classify.scoring import format_table, per_class_scores
from vnnq.classify.taxonomy import keyword_labels, task_classes
from vnnq.classify.units import UNIT_CATEGORIES, LEVELS, canonical, level_of, rule_category, split_units, unit_key


def _prf(tp: int, pred: int, gold: int) -> dict[str, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "pred": pred, "gold": gold}


def _gold_key(s: str) -> str:
    return " ".join(s.lower().split())


def canonicalization_scores(variants: list[dict[str, Any]], pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Pairwise: a pair 'meets' when the two keys are equal."""
    single = [v for v in variants if len(v.get("units") or [v["canonical"]]) == 1]
    keys = [unit_key(v["text"]) for v in single]
    golds = [_gold_key(v["canonical"]) for v in single]
    tp = pred = gold = 0
    for i, j in combinations(range(len(single)), 2):
        if single[i]["text"] == single[j]["text"]:
            continue  # the same spelling twice says nothing
        same_gold = golds[i] == golds[j]
        same_key = keys[i] == keys[j]
        tp += same_gold and same_key
        pred += same_key
        gold += same_gold
    hard = {"must_meet": [0, 0], "must_not_meet": [0, 0]}
    failures = []
    for p in pairs:
        same = unit_key(p["a"]) == unit_key(p["b"])
        k = "must_meet" if p["same"] else "must_not_meet"
        hard[k][1] += 1
        if same == bool(p["same"]):
            hard[k][0] += 1
        else:
            failures.append((p["a"], p["b"], p["same"]))
    names = {_gold_key(v["canonical"]) for v in single}
    return {
        "pairs": _prf(tp, pred, gold),
        "variants": len(single), "canonical_names": len(names),
        "hard_pairs": {k: {"correct": c, "total": n, "accuracy": round(c / n, 4) if n else 0.0}
                       for k, (c, n) in hard.items()},
        "hard_failures": failures,
    }


def split_scores(variants: list[dict[str, Any]]) -> dict[str, Any]:
    """Leads that list several units: units found (by key) against the gold list."""
    multi = [v for v in variants if len(v.get("units") or []) > 1]
    tp = pred = gold = exact = 0
    for v in multi:
        got = [unit_key(u) for u in split_units(v["text"])]
        want = [unit_key(u) for u in v["units"]]
        hit = len(set(got) & set(want))
        tp, pred, gold = tp + hit, pred + len(set(got)), gold + len(set(want))
        exact += set(got) == set(want)
    out = _prf(tp, pred, gold)
    out["items"] = len(multi)
    out["exact"] = round(exact / len(multi), 4) if multi else 0.0
    return out


def level_scores(variants: list[dict[str, Any]]) -> dict[str, Any]:
    single = [v for v in variants if len(v.get("units") or [v["canonical"]]) == 1]
    gold = [[v.get("level") or "none"] for v in single]
    pred = [[level_of(canonical(v["text"])) or "none"] for v in single]
    return per_class_scores(gold, pred, (*LEVELS, "none"))


def unit_category_scores(variants: list[dict[str, Any]], model=None) -> dict[str, Any]:
    test = [v for v in variants if v["split"] == "test" and len(v.get("units") or [v["canonical"]]) == 1]
    gold = [[v["category"]] for v in test]
    texts = [canonical(v["text"]) for v in test]
    out = {"rules": per_class_scores(gold, [[rule_category(t) or "other"] for t in texts], UNIT_CATEGORIES)}
    if model is not None:
        out["model"] = per_class_scores(gold, [[model.predict_one(t)[0]] for t in texts], UNIT_CATEGORIES)
        out["rules_then_model"] = per_class_scores(
            gold, [[rule_category(t) or model.predict_one(t)[0]] for t in texts], UNIT_CATEGORIES)
    return out


def task_category_scores(labels: list[dict[str, Any]], model=None) -> dict[str, Any]:
    test = [r for r in labels if r["split"] == "test"]
    gold = [r["categories"] for r in test]
    classes = task_classes()
    out = {"keyword_rules": per_class_scores(gold, [keyword_labels(r["text"]) for r in test], classes)}
    if model is not None:
        out["model"] = per_class_scores(gold, [[c for c, _ in model.predict_labels(r["text"])] for r in test],
                                        classes)
    return out


def evaluate_classification(corpus: Path, models_dir: Path | None = None) -> dict[str, Any] | None:
    """Every classification score for the labelled data under ``corpus``; None if there is none."""
    from vnnq.classify import ModelError, load_models

    variants_path, pairs_path = corpus / "units" / "variants.jsonl", corpus / "units" / "pairs.jsonl"
    labels_path = corpus / "tasks" / "labels.jsonl"
    if not variants_path.exists() and not labels_path.exists():
        return None
    try:
        models = load_models(models_dir)
    except ModelError as exc:
        models = {}
        note = str(exc)
    else:
        note = None
    out: dict[str, Any] = {"models_error": note}
    if variants_path.exists():
        variants = list(iter_jsonl(variants_path))
        pairs = list(iter_jsonl(pairs_path)) if pairs_path.exists() else []
        out["canonicalization"] = canonicalization_scores(variants, pairs)
        out["split"] = split_scores(variants)
        out["level"] = level_scores(variants)
        out["unit_category"] = unit_category_scores(variants, models.get("unit_category"))
    if labels_path.exists():
        out["task_category"] = task_category_scores(list(iter_jsonl(labels_path)), models.get("task_category"))
    return out


def format_report(rep: dict[str, Any]) -> str:
    lines = ["", "classification (labelled data under corpus/units and corpus/tasks)", "-" * 64]
    if rep.get("models_error"):
        lines.append(f"models: {rep['models_error']}")
    if "canonicalization" in rep:
        c = rep["canonicalization"]
        p = c["pairs"]
        lines.append(f"unit canonicalization, {c['variants']} spellings of {c['canonical_names']} units: "
                     f"pairs that meet P {p['p']:.3f} R {p['r']:.3f} F1 {p['f1']:.3f} "
                     f"({p['tp']}/{p['pred']}/{p['gold']})")
        for k, v in c["hard_pairs"].items():
            lines.append(f"  hard pairs {k.replace('_', ' ')}: {v['correct']}/{v['total']} ({v['accuracy']:.3f})")
        s = rep["split"]
        lines.append(f"multi-unit leads split, {s['items']} leads: units P {s['p']:.3f} R {s['r']:.3f} "
                     f"F1 {s['f1']:.3f}; exact {s['exact']:.3f}")
        lv = rep["level"]
        lines.append(f"unit level: macro F1 {lv['macro_f1']:.3f}, accuracy {lv['exact']:.3f} ({lv['items']} names)")
        for name, sc in rep["unit_category"].items():
            lines.append(f"unit category (held-out), {name.replace('_', ' ')}: macro F1 {sc['macro_f1']:.3f}, "
                         f"accuracy {sc['exact']:.3f} ({sc['items']} names)")
    if "task_category" in rep:
        for name, sc in rep["task_category"].items():
            lines.append(f"task category (held-out), {name.replace('_', ' ')}: macro F1 {sc['macro_f1']:.3f}, "
                         f"micro F1 {sc['micro_f1']:.3f}, exact {sc['exact']:.3f} ({sc['items']} tasks)")
        if "model" in rep["task_category"]:
            lines.append("")
            lines.append(format_table("task category per class, model (held-out)", rep["task_category"]["model"]))
    return "\n".join(lines)
