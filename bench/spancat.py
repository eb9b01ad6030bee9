"""Train the small spancat of vnnq/data/spacy/spancat.cfg on the gold units and
compare it with the rules on the held-out split.

    python bench/spancat.py                    # export, train (CPU, a few minutes), compare
    python bench/spancat.py --model DIR --skip-train   # compare an already trained model

1. ``vnnq.spacy_corpus.export_spacy`` writes train.spacy (seeds + dev) and
   dev.spacy (test + holdout4 + holdout5), split by document;
2. each train document is cut into its lines (the normalized text's lines: a
   paragraph, a bullet, a table cell), one Doc each with the UNIT spans inside
   it, since spaCy's corpus reader cannot cut a Doc without losing its span
   groups; every line with a unit and one in four of the others; the train documents whose name's sha1 starts with 0-2 are kept
   apart as the validation set ``spacy train`` picks its best model on, so the
   held-out split is seen once, at the end;
3. ``python -m spacy train`` (CPU);
4. on every held-out document: the distinct unit names the model finds
   (spans of ``units``, over the document's lines) and the distinct unit names
   of vnnq's task list (lead ``unit`` and ``coordinating``), each against the
   gold's distinct task units (lead and coordinating), paired one to one at
   token-set similarity >= 0.7 after the scorer's normalization (the units rule
   of vnnq/evaluate.py); precision, recall, F1 summed over the documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnnq.evaluate import Score, _match, token_sim  # noqa: E402

CONFIG = ROOT / "vnnq" / "data" / "spacy" / "spancat.cfg"


def line_docs(nlp, doc, key="units", negatives=4):
    """The Doc cut into its lines, each with the spans of ``key`` inside it;
    of the lines without a span, one in ``negatives`` (to keep training short)."""
    from vnnq.spacy_component import make_spans

    text = doc.text
    spans = [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans[key]]
    out, pos, empty = [], 0, 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            continue
        d = nlp.make_doc(line)
        inside = [(a - s, b - s, lab, "", "") for a, b, lab in spans if s <= a and b <= e]
        if not inside:
            empty += 1
            if empty % negatives:
                continue
        d.spans[key] = make_spans(d, inside)
        out.append(d)
    return out


def is_validation(name: str) -> bool:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[0] in "012"


def prepare(work: Path) -> dict:
    from spacy.tokens import DocBin

    from vnnq.spacy_corpus import GOLD_KEY, blank_nlp, export_spacy

    summary = export_spacy(ROOT / "corpus", work)
    nlp = blank_nlp()
    train, val = DocBin(), DocBin()
    counts = {"train_lines": 0, "val_lines": 0, "train_docs": 0, "val_docs": 0}
    for doc in DocBin().from_disk(work / "train.spacy").get_docs(nlp.vocab):
        part = "val" if is_validation(doc.user_data[GOLD_KEY]["name"]) else "train"
        counts[part + "_docs"] += 1
        for d in line_docs(nlp, doc):
            (val if part == "val" else train).add(d)
            counts[part + "_lines"] += 1
    train.to_disk(work / "train_lines.spacy")
    val.to_disk(work / "val_lines.spacy")
    return {"export": summary.to_dict(), **counts}


def train(work: Path, out: Path, extra: list[str]) -> float:
    t0 = time.time()
    cmd = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(out),
           "--paths.train", str(work / "train_lines.spacy"), "--paths.dev", str(work / "val_lines.spacy"),
           *extra]
    print("$", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    return time.time() - t0


def model_units(nlp, text: str, key="units") -> list[str]:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    names: dict[str, None] = {}
    for d in nlp.pipe(lines, batch_size=64):
        for sp in d.spans[key]:
            names.setdefault(sp.text, None)
    return list(names)


def rule_units(path: Path) -> list[str]:
    import vnnq

    d = vnnq.extract(path)
    names: dict[str, None] = {}
    for t in d.tasks:
        for u in [t.unit, *t.coordinating]:
            if u:
                names.setdefault(u, None)
    return list(names)


def compare(model_dir: Path, work: Path, threshold: float | None = None) -> dict:
    import spacy
    from spacy.tokens import DocBin

    from vnnq.spacy_corpus import GOLD_KEY, blank_nlp

    nlp = spacy.load(model_dir)
    if threshold is not None:  # the spancat keeps spans scoring at least this (config: 0.5)
        nlp.get_pipe("spancat").cfg["threshold"] = threshold
    scores = {"rules": Score(), "spancat": Score(), "either": Score()}
    cpu = {"rules": 0.0, "spancat": 0.0}
    per_doc = []
    for doc in DocBin().from_disk(work / "dev.spacy").get_docs(blank_nlp().vocab):
        meta = doc.user_data[GOLD_KEY]
        gold = meta["values"]["UNIT"]
        t = time.process_time()
        rules = rule_units(ROOT / "corpus" / meta["folder"] / meta["name"])
        cpu["rules"] += time.process_time() - t
        t = time.process_time()
        learned = model_units(nlp, doc.text)
        cpu["spancat"] += time.process_time() - t
        # union: the rules' units, and the model's that no rule unit already covers
        union = rules + [m for m in learned if not any(token_sim(m, r) >= 0.7 for r in rules)]
        row = {"name": f"{meta['folder']}/{meta['name']}", "gold": len(gold)}
        for which, pred in (("rules", rules), ("spancat", learned), ("either", union)):
            pairs = _match(pred, gold, lambda p, g: token_sim(p, g) >= 0.7, token_sim)
            scores[which].add(len(pairs), len(pred), len(gold))
            row[which] = [len(pairs), len(pred)]
        per_doc.append(row)
    out = {w: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
               "tp": s.tp, "pred": s.pred, "gold": s.gold} for w, s in scores.items()}
    out["cpu_seconds"] = {k: round(v, 1) for k, v in cpu.items()}
    out["documents"] = len(per_doc)
    out["per_document"] = per_doc
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, help="folder for the DocBin files (default: a temporary one)")
    ap.add_argument("--model", type=Path, help="where the model is written / read (default WORK/model)")
    ap.add_argument("--skip-train", action="store_true", help="compare the model at --model without training")
    ap.add_argument("--json", type=Path, help="write the figures to this file too")
    ap.add_argument("--threshold", type=float, help="the spancat's threshold for the comparison (default: the config's 0.5)")
    ap.add_argument("extra", nargs="*", help="more options for spacy train, e.g. --training.max_steps 50")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="vnnq-spancat-"))
    work.mkdir(parents=True, exist_ok=True)
    prep = prepare(work)
    print(json.dumps({k: v for k, v in prep.items() if k != "export"}), file=sys.stderr)
    model = args.model or work / "model"
    result: dict = {"prepare": prep}
    if not args.skip_train:
        result["train_wall_seconds"] = round(train(work, model, args.extra), 1)
    best = model / "model-best" if (model / "model-best").exists() else model
    result["compare"] = compare(best, work, args.threshold)
    c = result["compare"]
    print(f"held-out units ({c['documents']} documents), matched at token-set similarity >= 0.7:")
    for w in ("rules", "spancat", "either"):
        r = c[w]
        print(f"  {w:8} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}   "
              f"({r['tp']:.0f}/{r['pred']:.0f}/{r['gold']:.0f})")
    print(f"  CPU s over the split: rules {c['cpu_seconds']['rules']}, spancat {c['cpu_seconds']['spancat']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
