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
import os
import re
import stat
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import add, mul
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
    feats, norm = _raw_features(text, config, _keyword_needles(keywords) if keywords else None)
    return {k: v / norm for k, v in feats.items()}


@dataclass(frozen=True)
class _Needles:
    """A model's keywords as :func:`_raw_features` looks them up: padded with
    spaces, indexed by their first word (built once per model, not per text).

    A padded keyword ``" a b "`` can only be found in the padded words
    ``" w1 w2 ... "`` where ``a`` is one of the words, so only the keywords
    whose first word is among a text's words are looked for (a set
    intersection instead of a scan of every keyword).  A keyword that is not
    plain words joined by single spaces is always looked for."""

    features: tuple[str, ...]  # "k:" + label, in the model's order of labels
    by_first: dict[str, tuple[tuple[int, str], ...]]  # first word -> (label index, padded keyword)
    always: tuple[tuple[int, str], ...]


def _keyword_needles(keywords: dict[str, list[str]]) -> _Needles:
    """The :class:`_Needles` of each label's keywords."""
    by_first: dict[str, list[tuple[int, str]]] = {}
    always = []
    for i, kws in enumerate(keywords.values()):
        for kw in kws:
            parts = kw.split(" ")
            if all(parts):
                by_first.setdefault(parts[0], []).append((i, f" {kw} "))
            else:
                always.append((i, f" {kw} "))
    return _Needles(tuple("k:" + label for label in keywords), {w: tuple(v) for w, v in by_first.items()},
                    tuple(always))


def _raw_features(text: str, config: dict[str, Any], needles: _Needles | None) -> tuple[dict[str, float], float]:
    """The features of :func:`featurize` before the division by their L2 norm,
    and that norm (keywords already padded by :func:`_keyword_needles`)."""
    low = normalize_text(text)[: config.get("max_chars", 600)]
    words = _WORD_RE.findall(low)
    # Every n-gram in the order it occurs: the features' order is the order
    # the weights are summed in, so it must stay the same (same floats).
    keys: list[str] = []
    if "word" in config:
        lo, hi = config["word"]
        for n in range(lo, hi + 1):
            # the n-grams: zip of the words with themselves shifted by 1 .. n-1
            # (words and pairs, the usual sizes, built without the tuples)
            if n == 1:
                keys += ["w:" + w for w in words]
            elif n == 2:
                keys += [f"w:{a} {b}" for a, b in zip(words, words[1:])]
            else:
                keys += ["w:" + " ".join(gram) for gram in zip(*[words[k:] for k in range(n)])]
    if "char" in config:
        lo, hi = config["char"]
        for w in words:
            padded = f" {w} "
            for n in range(lo, hi + 1):
                keys += ["c:" + padded[i:i + n] for i in range(len(padded) - n + 1)]
    # sublinear counts, 1 + log(count): 1.0 for an n-gram seen once (most of
    # them), so only repeated ones need the log
    feats = dict.fromkeys(keys, 1.0)  # keeps the order of first occurrence
    if len(feats) < len(keys):
        for k, count in Counter(keys).items():
            if count > 1:
                feats[k] = 1.0 + math.log(count)
    if needles is not None:
        # a label's feature is on when any of its keywords is in the text; the
        # features are added in the order of the labels (the order of the sums)
        padded_text = " " + " ".join(words) + " "
        found = {i for i, kw in needles.always if kw in padded_text}
        for w in needles.by_first.keys() & set(words):
            found.update(i for i, kw in needles.by_first[w] if kw in padded_text)
        for i in sorted(found):
            feats[needles.features[i]] = 1.0
    values = list(feats.values())
    # unit length: sum() of the squares in order, as a generator would give them
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return feats, norm


if sys.version_info < (3, 12):
    # sum() adds floats left to right in plain double arithmetic up to Python
    # 3.11: the same result as reduce(add, ...), to the last bit, at half the
    # cost (no call per addition).
    _fold = sum
else:
    # from 3.12 on sum() compensates rounding errors (another last bit), so the
    # fold of the weights stays a plain left fold there
    def _fold(values: Iterable[float], start: float) -> float:
        """``((start + v1) + v2) + ...``: the plain left fold of ``values``."""
        return reduce(add, values, start)


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

    @cached_property
    def _needles(self) -> _Needles | None:
        # (a model's keywords are not changed after loading)
        return _keyword_needles(self.keywords) if self.keywords else None

    def scores(self, text: str) -> list[float]:
        """The intercept plus weight × value of each feature the model knows.

        Each class's score is a left fold in feature order,
        ``((b + w1 * x1) + w2 * x2) + ...``, the float operations of the plain
        loop in the same order (so the same result to the last bit), but run
        by ``reduce``/``map`` in C rather than one bytecode loop per class."""
        get = self.weights.get
        feats, norm = _raw_features(text, self.config, self._needles)
        rows, xs = [], []
        for f, v in feats.items():
            w = get(f)
            if w is not None:
                rows.append(w)
                xs.append(v / norm)  # the value featurize() gives
        if not rows:
            return list(self.intercept)
        # zip(*rows): the weights of one class across the known features
        return [_fold(map(mul, column, xs), b) for column, b in zip(zip(*rows), self.intercept)]

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
        """The model in ``path``; :class:`ModelError` for anything that is not a
        sound model file.  A models folder may come from anywhere (``--models``,
        ``$VNNQ_MODELS``): the file is data, checked here in full, so a hostile
        one can neither run code nor crash, hang or exhaust the extraction
        later (found by tests/test_security.py: nesting 100,000 deep, weights
        that are strings, n-grams of ten million words)."""
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):  # a FIFO or /dev/zero would never end
                raise ModelError(f"{path}: not a regular file")
            if st.st_size > _MAX_MODEL_BYTES:
                raise ModelError(f"{path}: {st.st_size} bytes, over the {_MAX_MODEL_BYTES} a model may have")
            d = json.loads(Path(path).read_text(encoding="utf-8"), parse_constant=_no_constant)
        except FileNotFoundError:
            raise ModelError(f"{path}: no such model; build it with `vnnq train`") from None
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise ModelError(f"{path}: not a readable model file ({type(exc).__name__}: {str(exc)[:200]})") from None
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
        problem = _invalid(m)
        if problem:
            raise ModelError(f"{path}: damaged model file ({problem})")
        return m


# The shipped models are 0.4 and 1.7 MB; a model a hundred times larger is not one of ours.
_MAX_MODEL_BYTES = 200 * 1024 * 1024
# the n-gram sizes featurize() is given: far beyond what training chooses (the shipped
# models: words 1-2, characters 2-4), far below what would blow up a document's features
_NGRAM_LIMITS = {"word": 5, "char": 10}
_MAX_CHARS = 100_000


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a weight")


def _number(v: object) -> bool:
    return type(v) in (int, float) and math.isfinite(v)


def _invalid(m: LinearModel) -> str | None:
    """Why ``m`` cannot be used, or None: every field of the types and sizes
    :meth:`LinearModel.scores` and :func:`featurize` need."""
    if not isinstance(m.name, str) or m.kind not in ("multiclass", "multilabel"):
        return "name or kind"
    n = len(m.classes)
    if not n or not all(isinstance(c, str) for c in m.classes) or len(set(m.classes)) != n:
        return "classes are not distinct strings"
    for key, value in m.config.items():
        if key in _NGRAM_LIMITS:
            if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)
                    and 1 <= value[0] <= value[1] <= _NGRAM_LIMITS[key]):
                return f"config {key}: {str(value)[:40]}"
        elif key == "max_chars":
            if not (type(value) is int and 1 <= value <= _MAX_CHARS):
                return f"config max_chars: {str(value)[:40]}"
        else:
            return f"config: unknown key {str(key)[:40]}"
    if len(m.intercept) != n or not all(map(_number, m.intercept)):
        return f"intercept is not {n} numbers"
    for f, w in m.weights.items():
        # fsum refuses anything but numbers, and a row holding an inf (1e999 parses
        # to one) sums to inf or nan; the plain check per value costs twice as long
        try:
            ok = type(w) is list and len(w) == n and math.isfinite(math.fsum(w))
        except TypeError:
            ok = False
        if not ok:
            return f"weights of {str(f)[:40]}: not {n} numbers"
    for label, kws in m.keywords.items():
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            return f"keywords of {str(label)[:40]}"
    if not all(isinstance(c, str) and _number(t) for c, t in m.thresholds.items()):
        return "thresholds are not numbers"
    return None


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
