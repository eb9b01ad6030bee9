"""Linear text classifiers stored as plain JSON weights.

Training (``vnnq train``, :mod:`vnnq.classify.train`) uses scikit-learn; using
a model needs nothing but this module: the features are computed by
:func:`featurize` (the same function at training and at run time) and scored
with the weights in the JSON file.  A JSON file holds data, never code, so
loading a model cannot run anything (no pickle).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnnq.errors import VnnqError
from vnnq.ingest.normalize import fix_tone_placement

# Bump when featurize() changes: a model trained on other features is refused.
FEATURES_VERSION = 1
FORMAT = "vnnq-linear"
FORMAT_VERSION = 1

_WORD_RE = re.compile(r"\w+(?:[-&/]\w+)*")


class ModelError(VnnqError):
    """A model file is missing, damaged or made for another vnnq version."""

    code = "model_error"


def normalize_text(text: str) -> str:
    """The form features are read from: NFC, one tone placement, lower case."""
    return fix_tone_placement(unicodedata.normalize("NFC", text)).lower()


def featurize(text: str, config: dict[str, Any], keywords: dict[str, list[str]] | None = None) -> dict[str, float]:
    """Sparse features of ``text``: word n-grams ``w:``, character n-grams
    inside words ``c:``, keyword hits ``k:``; L2-normalized.

    ``config``: ``{"word": [1, 2], "char": [2, 4], "max_chars": 600}``; an
    absent key turns that kind of feature off.
    """
    low = normalize_text(text)[: config.get("max_chars", 600)]
    words = _WORD_RE.findall(low)
    feats: dict[str, float] = {}
    if "word" in config:
        lo, hi = config["word"]
        for n in range(lo, hi + 1):
            for i in range(len(words) - n + 1):
                key = "w:" + " ".join(words[i:i + n])
                feats[key] = feats.get(key, 0.0) + 1.0
    if "char" in config:
        lo, hi = config["char"]
        for w in words:
            padded = f" {w} "
            for n in range(lo, hi + 1):
                for i in range(len(padded) - n + 1):
                    key = "c:" + padded[i:i + n]
                    feats[key] = feats.get(key, 0.0) + 1.0
    # sublinear counts, then unit length
    for k, v in feats.items():
        feats[k] = 1.0 + math.log(v)
    if keywords:
        padded_text = " " + " ".join(words) + " "
        for label, kws in keywords.items():
            if any(f" {kw} " in padded_text for kw in kws):
                feats["k:" + label] = 1.0
    norm = math.sqrt(sum(v * v for v in feats.values())) or 1.0
    return {k: v / norm for k, v in feats.items()}


@dataclass
class LinearModel:
    """A linear classifier: one weight vector per class over named features.

    ``kind`` is ``multiclass`` (softmax over classes, one label) or
    ``multilabel`` (a sigmoid per class, any number of labels).
    """

    name: str
    kind: str
    classes: list[str]
    config: dict[str, Any]
    weights: dict[str, list[float]]  # feature -> one weight per class
    intercept: list[float]
    keywords: dict[str, list[str]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)

    def scores(self, text: str) -> list[float]:
        z = list(self.intercept)
        get = self.weights.get
        for f, x in featurize(text, self.config, self.keywords or None).items():
            w = get(f)
            if w is not None:
                z = [a + b * x for a, b in zip(z, w)]
        return z

    def predict_proba(self, text: str) -> dict[str, float]:
        z = self.scores(text)
        if self.kind == "multilabel":
            return {c: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, v)))) for c, v in zip(self.classes, z)}
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        return {c: v / s for c, v in zip(self.classes, e)}

    def predict_one(self, text: str) -> tuple[str, float]:
        """The best class and its probability."""
        p = self.predict_proba(text)
        best = max(p, key=p.get)
        return best, p[best]

    def predict_labels(self, text: str, fallback: str | None = "other") -> list[tuple[str, float]]:
        """Multi-label: every class over its threshold, best first; the best
        class alone when none is (or ``fallback`` when even that is weak)."""
        p = self.predict_proba(text)
        got = [(c, v) for c, v in p.items() if v >= self.thresholds.get(c, 0.5)]
        if not got:
            best = max(p, key=p.get)
            got = [(best, p[best])] if p[best] >= 0.2 or fallback is None else [(fallback, 1.0 - p[best])]
        return sorted(got, key=lambda cv: -cv[1])

    # ---------------------------------------------------------------- storage
    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "features_version": FEATURES_VERSION,
            "name": self.name,
            "kind": self.kind,
            "classes": self.classes,
            "config": self.config,
            "keywords": self.keywords,
            "thresholds": self.thresholds,
            "metadata": self.metadata,
            "intercept": [round(v, 6) for v in self.intercept],
            "weights": {f: [round(v, 6) for v in w] for f, w in sorted(self.weights.items())},
        }

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            d = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"{path}: no such model; build it with `vnnq train`") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a readable model file ({exc})") from None
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ModelError(f"{path}: not a vnnq model file")
        if d.get("format_version") != FORMAT_VERSION or d.get("features_version") != FEATURES_VERSION:
            raise ModelError(
                f"{path}: made for model format {d.get('format_version')}, features {d.get('features_version')}; "
                f"this vnnq reads format {FORMAT_VERSION}, features {FEATURES_VERSION}: rebuild it with `vnnq train`")
        try:
            m = cls(d["name"], d["kind"], list(d["classes"]), dict(d["config"]), dict(d["weights"]),
                    list(d["intercept"]), dict(d.get("keywords") or {}), dict(d.get("thresholds") or {}),
                    dict(d.get("metadata") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{path}: damaged model file ({exc})") from None
        n = len(m.classes)
        if len(m.intercept) != n or any(len(w) != n for w in m.weights.values()):
            raise ModelError(f"{path}: damaged model file (weights do not match {n} classes)")
        return m


def top_features(model: LinearModel, cls: str, k: int = 10) -> list[tuple[str, float]]:
    """The ``k`` features that weigh most for class ``cls`` (to explain a model)."""
    j = model.classes.index(cls)
    return sorted(((f, w[j]) for f, w in model.weights.items()), key=lambda fw: -fw[1])[:k]


def iter_jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: {exc}") from None
