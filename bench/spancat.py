"""Train the small spancat of vnnq/data/spacy/spancat.cfg on the gold units and
compare it with the rules on the held-out split.

    python bench/spancat.py                    # export, train (400 steps, ~7 CPU-minutes), compare
    python bench/spancat.py --model DIR --skip-train   # compare an already trained model

1. ``vnnq.spacy_corpus.export_spacy`` writes train.spacy (seeds + dev) and
   dev.spacy (test + holdout4 + holdout5 + holdout6), split by document;
2. each train document is cut into its lines (the normalized text's lines: a
   paragraph, a bullet, a table cell), one Doc each with the UNIT spans inside
   it, since spaCy's corpus reader cannot cut a Doc without losing its span
   groups; every line with a unit and one in four of the others (the same
   spans also under ``unit_candidates``, for a span_finder config); the train
   documents whose name's sha1 starts with 0-2 are kept apart as the validation set ``spacy train`` picks its best model on, so the
   held-out split is seen once, at the end;
3. ``python -m spacy train`` (CPU);
4. on every held-out document: the distinct unit names the model finds
   (spans of ``units``, over the document's lines) and the distinct unit names
   of vnnq's task list (lead ``unit`` and ``coordinating``), each against the
   gold's distinct task units (lead and coordinating), paired one to one at
   token-set similarity >= 0.7 after the scorer's normalization (the units rule
   of vnnq/evaluate.py); precision, recall, F1 summed over the documents.
   Also two unions: "either", the rules' units and every model unit no rule
   unit covers; "in_tasks", the same but only the model's units on the lines
   of the rules' tasks.  Then the gold units each side finds and the other
   misses, and the units the union adds that are no gold unit (examples).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnnq.evaluate import Score, _match, token_sim  # noqa: E402

CONFIG = ROOT / "vnnq" / "data" / "spacy" / "spancat.cfg"
CANDIDATES_KEY = "unit_candidates"  # the span_finder's spans, the spancat's candidates


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
        # the span_finder of the config learns the same spans' edges under its own key
        d.spans[CANDIDATES_KEY] = list(d.spans[key])
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


def train(work: Path, out: Path, extra: list[str]) -> tuple[float, float]:
    """Run ``spacy train``; its wall seconds and CPU seconds (user + system of the child)."""
    t0 = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(out),
           "--paths.train", str(work / "train_lines.spacy"), "--paths.dev", str(work / "val_lines.spacy"),
           *extra]
    print("$", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.time() - t0, cpu


def model_spans(nlp, text: str, key="units") -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of the model's spans in ``text``, run line by line
    (the model was trained on lines)."""
    lines, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    out = []
    for (off, _), d in zip(lines, nlp.pipe((ln for _, ln in lines), batch_size=64)):
        out += [(off + sp.start_char, off + sp.end_char, sp.text) for sp in d.spans[key]]
    return out


def distinct(names) -> list[str]:
    return list(dict.fromkeys(names))


def rule_units(path: Path):
    """The record of ``path`` and the distinct units of its task list (lead and coordinating)."""
    import vnnq

    d = vnnq.extract(path)
    return d, distinct(u for t in d.tasks for u in [t.unit, *t.coordinating] if u)


def in_tasks(d, spans) -> list[str]:
    """The model's units on the lines of the rules' tasks (from the start of a
    task's first line to its end): where the rules saw a duty being assigned."""
    text = d.text
    ranges = [(text.rfind("\n", 0, t.start) + 1, t.end) for t in d.tasks]
    return distinct(u for s, e, u in spans if any(a <= s and e <= b for a, b in ranges))


def compare(model_dir: Path, work: Path, examples: int = 8) -> dict:
    import spacy
    from spacy.tokens import DocBin

    from vnnq.spacy_corpus import GOLD_KEY, blank_nlp

    nlp = spacy.load(model_dir)
    same = lambda p, g: token_sim(p, g) >= 0.7  # noqa: E731
    scores = {"rules": Score(), "spancat": Score(), "either": Score(), "in_tasks": Score()}
    cpu = {"rules": 0.0, "spancat": 0.0}
    per_doc = []
    wins: dict[str, list[str]] = {"spancat_only": [], "rules_only": [], "spancat_wrong_added": []}
    for doc in DocBin().from_disk(work / "dev.spacy").get_docs(blank_nlp().vocab):
        meta = doc.user_data[GOLD_KEY]
        gold = meta["values"]["UNIT"]
        name = f"{meta['folder']}/{meta['name']}"
        t = time.process_time()
        record, rules = rule_units(ROOT / "corpus" / meta["folder"] / meta["name"])
        cpu["rules"] += time.process_time() - t
        t = time.process_time()
        spans = model_spans(nlp, doc.text)
        learned = distinct(s[2] for s in spans)
        cpu["spancat"] += time.process_time() - t
        assert record.text == doc.text, name  # both the normalizer's text: the offsets agree
        # union: the rules' units, and the model's that no rule unit already covers;
        # "in_tasks": only the model's units on the lines of the rules' tasks
        added = [m for m in learned if not any(same(m, r) for r in rules)]
        union = rules + added
        near = [m for m in in_tasks(record, spans) if not any(same(m, r) for r in rules)]
        row = {"name": name, "gold": len(gold)}
        matched = {}
        for which, pred in (("rules", rules), ("spancat", learned), ("either", union), ("in_tasks", rules + near)):
            pairs = _match(pred, gold, same, token_sim)
            scores[which].add(len(pairs), len(pred), len(gold))
            row[which] = [len(pairs), len(pred)]
            matched[which] = {gi for _, gi in pairs}
        per_doc.append(row)
        wins["spancat_only"] += [f"{name}: {gold[i]}" for i in sorted(matched["spancat"] - matched["rules"])]
        wins["rules_only"] += [f"{name}: {gold[i]}" for i in sorted(matched["rules"] - matched["spancat"])]
        wins["spancat_wrong_added"] += [f"{name}: {m}" for m in added if not any(same(m, g) for g in gold)]
    out = {w: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
               "tp": s.tp, "pred": s.pred, "gold": s.gold} for w, s in scores.items()}
    out["cpu_seconds"] = {k: round(v, 1) for k, v in cpu.items()}
    out["documents"] = len(per_doc)
    out["counts"] = {k: len(v) for k, v in wins.items()}
    out["examples"] = {k: v[:examples] for k, v in wins.items()}
    out["per_document"] = per_doc
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, help="folder for the DocBin files (default: a temporary one)")
    ap.add_argument("--model", type=Path, help="where the model is written / read (default WORK/model)")
    ap.add_argument("--skip-train", action="store_true", help="compare the model at --model without training")
    ap.add_argument("--json", type=Path, help="write the figures to this file too")
    ap.add_argument("extra", nargs="*", help="more options for spacy train, e.g. --training.max_steps 50")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="vnnq-spancat-"))
    work.mkdir(parents=True, exist_ok=True)
    prep = prepare(work)
    print(json.dumps({k: v for k, v in prep.items() if k != "export"}), file=sys.stderr)
    model = args.model or work / "model"
    result: dict = {"prepare": prep}
    if not args.skip_train:
        wall, cpu = train(work, model, args.extra)
        result["train_wall_seconds"], result["train_cpu_seconds"] = round(wall, 1), round(cpu, 1)
        print(f"spacy train: {cpu / 60:.1f} CPU-minutes ({wall / 60:.1f} minutes wall)")
    best = model / "model-best" if (model / "model-best").exists() else model
    result["compare"] = compare(best, work)
    c = result["compare"]
    print(f"held-out units ({c['documents']} documents), matched at token-set similarity >= 0.7:")
    for w in ("rules", "spancat", "either", "in_tasks"):
        r = c[w]
        print(f"  {w:8} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}   "
              f"({r['tp']:.0f}/{r['pred']:.0f}/{r['gold']:.0f})")
    print(f"  CPU s over the split: rules {c['cpu_seconds']['rules']}, spancat {c['cpu_seconds']['spancat']}")
    labels = {"spancat_only": "gold units spancat finds and the rules miss",
              "rules_only": "gold units the rules find and spancat misses",
              "spancat_wrong_added": "spancat units the union adds that are no gold unit"}
    for k, label in labels.items():
        print(f"{label}: {c['counts'][k]}")
        for x in c["examples"][k]:
            print("   ", x)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
