"""Word segmentation (underthesea) as features of the classifiers, against the shipped ones.

    python bench/segmentation_features.py            task and unit models
    python bench/segmentation_features.py --tasks    the task model only
    python bench/segmentation_features.py --json     the figures as JSON

Each row trains the same classifier as `vnnq train` (same split, seed, folds by
document, C chosen by cross-validation on the train split for the task model)
over one feature set of vnnq.classify.train.FEATURE_KINDS:

- chars: the shipped features (syllable 1-2-grams + keyword hits for tasks;
  syllable unigrams + character 2-4-grams for unit names),
- words: underthesea.word_tokenize words ("ban_nhân_dân") in place of the
  syllables (word 1-2-grams for tasks, unigrams for units), the rest kept,
- both: the two together.

Scores: held-out test split (macro F1, micro F1, exact match = accuracy for
the single-label unit model) and cross-validated on the train split (5
folds by document / canonical name). Needs scikit-learn and underthesea
(pip install -e '.[train]' underthesea). Nothing is saved.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--tasks", action="store_true", help="the task model only")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--C", type=float, default=None,
                    help="the task model's C for every feature set, instead of choosing it by CV from "
                         "vnnq.classify.train.TASK_C_GRID (4 times faster)")
    args = ap.parse_args()
    try:
        import sklearn  # noqa: F401
        import underthesea  # noqa: F401
    except ImportError as exc:
        print(f"needs scikit-learn and underthesea: pip install -e '.[train]' underthesea ({exc})", file=sys.stderr)
        return 2
    from vnnq.classify.train import FEATURE_KINDS, train_task_model, train_unit_model

    corpus = Path(args.corpus)
    rows = []
    quiet = lambda s: None  # noqa: E731
    for kind in FEATURE_KINDS:
        t0 = time.process_time()
        model, rep = train_task_model(corpus / "tasks" / "labels.jsonl", C=args.C, log=quiet, features=kind)
        rows.append({"model": "task_category", "features": kind, "C": model.metadata["C"],
                     "heldout": rep["heldout"], "cv": rep["cv"], "features_n": len(model.weights),
                     "cpu_s": round(time.process_time() - t0, 1)})
        print(f"  trained task_category over {kind}", file=sys.stderr, flush=True)
        if kind == "chars":
            rows[-1]["baseline_heldout"] = rep["baseline_heldout"]
    if not args.tasks:
        for kind in FEATURE_KINDS:
            t0 = time.process_time()
            model, rep = train_unit_model(corpus / "units" / "variants.jsonl", log=quiet, features=kind)
            rows.append({"model": "unit_category", "features": kind, "C": model.metadata["C"],
                         "heldout": rep["heldout_model"], "cv": rep["cv"],
                         "heldout_rules_then_model": rep["heldout_rules_then_model"],
                         "features_n": len(model.weights), "cpu_s": round(time.process_time() - t0, 1)})
    if args.json:
        print(json.dumps([{k: (v if not isinstance(v, dict) else {m: v[m] for m in ("macro_f1", "micro_f1", "exact")})
                           for k, v in r.items()} for r in rows], indent=1))
        return 0
    print(f"{'model':14s} {'features':8s} {'C':>5s} | {'held-out macro':>14s} {'micro':>6s} {'exact':>6s} | "
          f"{'CV macro':>8s} {'micro':>6s} {'exact':>6s} | {'n feats':>7s} {'CPU s':>6s}")
    for r in rows:
        h, c = r["heldout"], r["cv"]
        print(f"{r['model']:14s} {r['features']:8s} {r['C']:5g} | {h['macro_f1']:14.3f} {h['micro_f1']:6.3f} "
              f"{h['exact']:6.3f} | {c['macro_f1']:8.3f} {c['micro_f1']:6.3f} {c['exact']:6.3f} | "
              f"{r['features_n']:7d} {r['cpu_s']:6.1f}")
    for r in rows:
        if "baseline_heldout" in r:
            b = r["baseline_heldout"]
            print(f"task keyword-rule baseline, held-out: macro {b['macro_f1']:.3f}, micro {b['micro_f1']:.3f}")
        if "heldout_rules_then_model" in r:
            b = r["heldout_rules_then_model"]
            print(f"unit rules then model ({r['features']}), held-out: macro {b['macro_f1']:.3f}, "
                  f"accuracy {b['exact']:.3f}")
    # the decision rule of issue 8: words must win by 0.02 held-out and not lose in CV
    base = {r["model"]: r for r in rows if r["features"] == "chars"}
    for r in rows:
        if r["features"] == "chars":
            continue
        b = base[r["model"]]
        dh = r["heldout"]["macro_f1"] - b["heldout"]["macro_f1"]
        dc = r["cv"]["macro_f1"] - b["cv"]["macro_f1"]
        verdict = "helps" if dh >= 0.02 and dc >= 0 else "does not clearly help"
        print(f"{r['model']} {r['features']} vs chars: held-out macro {dh:+.3f}, CV macro {dc:+.3f}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
