"""Accuracy against hand-checked gold (corpus/GOLD-FORMAT.md).

Strings are compared after NFC, lower-case, tone-placement unification,
punctuation removal and abbreviation expansion.  Names match at token-set
similarity >= 0.8 (units >= 0.7); tasks are paired by action-text overlap.
Each field gets precision, recall and F1 from true positives, predictions and
gold items summed over the corpus (micro-average).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from vnnq.ingest.normalize import fix_tone_placement

_ABBREV = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc",
    "ubmttq": "ủy ban mặt trận tổ quốc", "ctxh": "chính trị xã hội", "tp": "thành phố",
    "bch": "ban chấp hành", "btv": "ban thường vụ", "gdđt": "giáo dục và đào tạo",
    "gd&đt": "giáo dục và đào tạo", "kh&cn": "khoa học và công nghệ", "khcn": "khoa học và công nghệ",
    "vh-xh": "văn hóa xã hội", "vhxh": "văn hóa xã hội", "tw": "trung ương", "hq": "hải quan",
    "tt": "trung tâm", "vp": "văn phòng", "cq": "cơ quan", "cp": "chính phủ", "đu": "đảng ủy",
}


def norm(s: str | None) -> str:
    """The scorer's string form: NFC, lower-case, one tone placement, no punctuation."""
    if not s:
        return ""
    s = fix_tone_placement(unicodedata.normalize("NFC", s)).lower()
    s = re.sub(r"[^\w&\s]", " ", s.replace("-", " "))
    words = [_ABBREV.get(w, w) for w in s.split()]
    return " ".join(" ".join(words).split())


def tokens(s: str | None) -> set[str]:
    return set(norm(s).split())


def token_sim(a: str | None, b: str | None) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def overlap(a: str | None, b: str | None) -> float:
    """Share of the shorter text's tokens found in the longer one."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


@dataclass
class Score:
    tp: float = 0
    pred: float = 0
    gold: float = 0

    def add(self, tp: float, pred: float, gold: float) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(preds: list[Any], golds: list[Any], ok, score=None) -> list[tuple[int, int]]:
    """One-to-one pairing of predictions with gold items that fit (``ok``).

    With ``score``, the best-scoring pairs are taken first (greedy on the
    score); otherwise each gold item takes the first unused prediction that fits.
    """
    if score is not None:
        cands = sorted(((score(p, g), pi, gi) for pi, p in enumerate(preds) for gi, g in enumerate(golds)
                        if ok(p, g)), key=lambda c: (-c[0], c[1], c[2]))
        used_p: set[int] = set()
        used_g: set[int] = set()
        pairs = []
        for _, pi, gi in cands:
            if pi not in used_p and gi not in used_g:
                used_p.add(pi)
                used_g.add(gi)
                pairs.append((pi, gi))
        return sorted(pairs, key=lambda x: x[1])
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and ok(p, g):
                used.add(pi)
                pairs.append((pi, gi))
                break
    return pairs


_HEADER_FIELDS = ("type", "number", "notation", "issuer", "place", "date", "subject")
_NAME_FIELDS = {"issuer", "subject", "signer.name", "signer.position", "signer.authority"}


def _field_eq(name: str, got: str | None, want: str | None) -> bool:
    if name in _NAME_FIELDS:
        return token_sim(got, want) >= 0.8
    return norm(got) == norm(want)


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    documents: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def s(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def overall(self) -> Score:
        total = Score()
        for name, sc in self.scores.items():
            if name in ("tasks_unit",):
                continue
            total.add(sc.tp, sc.pred, sc.gold)
        return total

    def header_score(self) -> Score:
        total = Score()
        for name in _HEADER_FIELDS:
            sc = self.scores.get("document." + name)
            if sc:
                total.add(sc.tp, sc.pred, sc.gold)
        return total

    def to_dict(self) -> dict[str, Any]:
        rows = {k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4), "f1": round(v.f1, 4),
                    "tp": v.tp, "pred": v.pred, "gold": v.gold} for k, v in self.scores.items()}
        h, o = self.header_score(), self.overall()
        rows["header (all fields)"] = {"precision": round(h.precision, 4), "recall": round(h.recall, 4), "f1": round(h.f1, 4)}
        rows["overall"] = {"precision": round(o.precision, 4), "recall": round(o.recall, 4), "f1": round(o.f1, 4)}
        return {"documents": self.documents, "fields": rows, "errors": self.errors}


def score_document(rec: dict[str, Any], gold: dict[str, Any], rep: Report) -> None:
    """Add one document's comparison to the report."""
    doc, gdoc = rec["document"], gold["document"]
    for name in _HEADER_FIELDS:
        got, want = doc.get(name), gdoc.get(name)
        ok = _field_eq("document." + name if name not in ("issuer", "subject") else name, got, want)
        rep.s("document." + name).add(1 if (ok and (got or want)) and got else 0, 1 if got else 0, 1 if want else 0)
    gs, ps = gdoc.get("signer") or {}, doc.get("signer") or {}
    for k in ("name", "position", "authority"):
        got, want = ps.get(k), gs.get(k)
        ok = _field_eq("signer." + k, got, want)
        rep.s("signer." + k).add(1 if ok and got and want else 0, 1 if got else 0, 1 if want else 0)
    for key in ("recipients", "cc"):
        preds, golds = doc.get(key) or [], gdoc.get(key) or []
        pairs = _match(preds, golds, lambda p, g: token_sim(p, g) >= 0.8)
        rep.s(key).add(len(pairs), len(preds), len(golds))
    # references: by code (spaces removed, case folded)
    pr, gr = rec["references"], gold["references"]
    ck = lambda c: re.sub(r"\s+", "", c or "").upper()
    pairs = _match(pr, gr, lambda p, g: ck(p["code"]) == ck(g["code"]))
    rep.s("references").add(len(pairs), len(pr), len(gr))
    for attr in ("type", "date", "issuer"):
        tp = 0
        for pi, gi in pairs:
            got, want = pr[pi].get(attr), gr[gi].get(attr)
            if got and want and (token_sim(got, want) >= 0.8 if attr == "issuer" else norm(got) == norm(want)):
                tp += 1
        rep.s("references." + attr).add(tp, sum(1 for pi, _ in pairs if pr[pi].get(attr)),
                                        sum(1 for _, gi in pairs if gr[gi].get(attr)))
    # deadlines: same due and recurrence, texts overlapping
    pd, gd = rec["deadlines"], gold["deadlines"]
    pairs = _match(pd, gd, lambda p, g: (p.get("due") or None) == (g.get("due") or None)
                   and (p.get("recurrence") or None) == (g.get("recurrence") or None)
                   and (overlap(p["text"], g["text"]) >= 0.5 or norm(p["text"]) in norm(g["text"])
                        or norm(g["text"]) in norm(p["text"])))
    rep.s("deadlines").add(len(pairs), len(pd), len(gd))
    # tasks: paired by action text; then the unit, coordinating units, deadline
    pt, gt = rec["tasks"], gold["tasks"]
    # pair by action text, best overlap first; the unit breaks ties between
    # near-identical duties given to several units
    pairs = _match(pt, gt, lambda p, g: overlap(p["action"], g["action"]) >= 0.6,
                   lambda p, g: overlap(p["action"], g["action"]) + 0.01 * token_sim(p["unit"], g["unit"]))
    rep.s("tasks").add(len(pairs), len(pt), len(gt))
    unit_ok = [(pi, gi) for pi, gi in pairs if token_sim(pt[pi]["unit"], gt[gi]["unit"]) >= 0.7]
    rep.s("tasks_with_unit").add(len(unit_ok), len(pt), len(gt))
    dl_ok = sum(1 for pi, gi in pairs if (pt[pi].get("deadline") or None) == (gt[gi].get("deadline") or None))
    rep.s("tasks.deadline").add(dl_ok, len(pairs), len(pairs))


def gold_files(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """(document, gold) pairs under the given folders or files."""
    out = []
    for p in paths:
        p = Path(p)
        golds = sorted(p.rglob("*.gold.json")) if p.is_dir() else [p]
        for g in golds:
            stem = g.name[: -len(".gold.json")]
            docs = [d for d in g.parent.glob(stem + ".*") if not d.name.endswith(".gold.json")]
            if docs:
                out.append((docs[0], g))
    return out


def evaluate(paths: Iterable[str | Path], settings=None) -> Report:
    """Run :func:`vnnq.extract` on every gold-annotated document and score it
    (``settings``: a :class:`vnnq.pipeline.Settings`, e.g. with OCR options)."""
    from vnnq.errors import VnnqError
    from vnnq.pipeline import extract

    rep = Report()
    for doc_path, gold_path in gold_files(paths):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            rec = extract(doc_path, settings=settings).to_dict(include_text=False)
        except VnnqError as exc:
            rep.errors.append((str(doc_path), str(exc)))
            rec = {"document": {}, "references": [], "deadlines": [], "tasks": []}
        rep.documents += 1
        score_document(rec, gold, rep)
    return rep


def format_table(rep: Report) -> str:
    """A plain-text table of the report."""
    d = rep.to_dict()
    lines = [f"{'field':28} {'P':>6} {'R':>6} {'F1':>6}   (tp/pred/gold)", "-" * 64]
    for name, row in d["fields"].items():
        extra = f"   ({row['tp']:.0f}/{row['pred']:.0f}/{row['gold']:.0f})" if "tp" in row else ""
        lines.append(f"{name:28} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}{extra}")
    lines.append(f"documents: {d['documents']}")
    for path, err in rep.errors:
        lines.append(f"error: {path}: {err}")
    return "\n".join(lines)
