"""vnnq as a spaCy pipeline component: ``nlp.add_pipe("vnnq")``.

A thin wrapper: it runs the same reader, normalizer and extractors as
:func:`vnnq.extract` (the rules exist once) and shows their result on the Doc:

- ``doc._.directive``: the :class:`vnnq.Directive` record;
- ``doc.spans["vnnq"]``: one span per value with a place in the text, labelled
  REFERENCE, DATE, DEADLINE, TASK, UNIT, RECIPIENT, CC, SIGNER, ISSUER, TYPE,
  NUMBER, PLACE, DOC_DATE, SUBJECT (``span.kb_id_`` holds the value: the code,
  the ISO date, the due date, the unit's canonical name, the task id).

>>> import spacy
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
>>> _ = nlp.add_pipe("vnnq")
>>> doc = nlp("Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát trước ngày 25/3/2026.")
>>> [(s.label_, s.text) for s in doc.spans["vnnq"] if s.label_ in ("UNIT", "DEADLINE")]
[('UNIT', 'Sở Tài chính'), ('UNIT', 'Sở Nội vụ'), ('DEADLINE', 'trước ngày 25/3/2026')]

Offsets.  vnnq's offsets point into its normalized text (``Directive.text``:
NFC, one tone placement, lines re-flowed, markdown marks removed), which may
differ from the Doc's text.  The component maps every span back through the
offset map the normalizer keeps (``Text.source_span``) to the Doc's own
characters, so ``span.text`` is exactly what the document says there, and the
Doc's text is never changed (STYLE.md: the tokenizer never changes the text).
Where a span edge falls inside a token (``chính,`` from spaCy's whitespace
tokenizer for Vietnamese), the token is split there with the retokenizer rather
than the span widened to the token (``alignment_mode="expand"`` would put the
comma into the unit's name).  Only when the reader itself rewrote the text (a
legacy TCVN3/VNI/VIQR text converted to Unicode) can the offsets not be mapped:
the Doc then gets the record but no spans, and the record says so in ``warnings``.

``doc._.directive`` is kept in ``doc.user_data`` as the plain record
(``Directive.to_dict()``) and rebuilt on access, because spaCy serializes user
data with msgpack (``nlp.pipe(n_process=2)``, ``DocBin``) and msgpack knows only
plain values.  Keep the object when you use it more than once:
``d = doc._.directive``.

spaCy is optional: ``import vnnq`` never imports this module; spaCy finds the
factory through the ``spacy_factories`` entry point in pyproject.toml.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from vnnq import model
from vnnq.errors import EmptyDocument
from vnnq.ingest import read_text
from vnnq.ingest.normalize import Text, normalize
from vnnq.model import Directive
from vnnq.pipeline import Settings, extract_text

SPANS_KEY = "vnnq"
_RECORD_KEY = "vnnq_record"  # doc.user_data key of the plain record

# The spaCy config that gives a blank Vietnamese pipeline without pyvi: spaCy's
# "vi" tokenizer segments words with pyvi by default (spacy/lang/vi/__init__.py,
# ``use_pyvi = true``); switched off it splits on whitespace only.
NO_PYVI = {"nlp": {"tokenizer": {"use_pyvi": False}}}
# spaCy's rule-based tokenizer (punctuation split off: "chính" ","), also
# without pyvi; the corpus export and the spancat use it.
RULE_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}

# header fields with a span (extract/header.py) -> span label
_HEADER_LABELS = {"type": "TYPE", "number": "NUMBER", "issuer": "ISSUER", "place": "PLACE",
                  "date": "DOC_DATE", "subject": "SUBJECT"}


# --------------------------------------------------------------- the record
def directive_from_dict(data: dict[str, Any]) -> Directive:
    """Rebuild a :class:`Directive` from ``Directive.to_dict()`` (with its text).

    Driven by the dataclasses' type hints, so a field added to the record is
    rebuilt without a change here; keys that are not fields (a reference's
    ``start``, a property) are dropped.
    """
    return _build(Directive, data)


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [_build(arg, v) for v in value]
    if origin is dict:
        _, arg = typing.get_args(tp)
        return {k: _build(arg, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: _build(hints[f.name], value[f.name])
                     for f in dataclasses.fields(tp) if f.name in value})
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(tp: type) -> dict[str, Any]:
    if tp not in _HINTS:
        _HINTS[tp] = typing.get_type_hints(tp, vars(model))
    return _HINTS[tp]


def _get_directive(doc: Doc) -> Directive | None:
    data = doc.user_data.get(_RECORD_KEY)
    return directive_from_dict(data) if data is not None else None


if not Doc.has_extension("directive"):
    Doc.set_extension("directive", getter=_get_directive)


# ------------------------------------------------------------------ the spans
def directive_spans(d: Directive) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, label, value, role)`` of every value of ``d`` with a place,
    in offsets of ``d.text``, sorted by position.  ``role`` tells a task's lead
    unit ("lead") from a coordinating one ("coordinating"); else "".
    """
    out: list[tuple[int, int, str, str, str]] = []
    info = d.document
    for name, sp in info.spans.items():
        if name in _HEADER_LABELS:
            out.append((sp.start, sp.end, _HEADER_LABELS[name], str(getattr(info, name) or ""), ""))
    if info.signer.end > info.signer.start:
        out.append((info.signer.start, info.signer.end, "SIGNER", info.signer.name or "", ""))
    out += [(it.start, it.end, "RECIPIENT", it.text, "") for it in info.recipients_detail]
    out += [(it.start, it.end, "CC", it.text, "") for it in info.cc_detail]
    for ref in d.references:
        out += [(m.start, m.end, "REFERENCE", ref.code, "") for m in ref.mentions]
    out += [(x.start, x.end, "DATE", x.value, "") for x in d.dates]
    out += [(x.start, x.end, "DEADLINE", x.due or x.recurrence or "", "") for x in d.deadlines]
    for t in d.tasks:
        out.append((t.start, t.end, "TASK", t.id, ""))
        if t.unit_span is not None:
            out.append((t.unit_span.start, t.unit_span.end, "UNIT", t.unit_canonical or t.unit or "", "lead"))
        # coordinating units carry no offsets in the record: each is found, as
        # written, inside its task's text (skipped when it is not there, e.g. a
        # unit read from a table cell beside the duty)
        body = d.text[t.start:t.end]
        at = 0
        for name in t.coordinating:
            i = body.find(name, at)
            if i < 0:
                i = body.find(name)
            if i >= 0:
                out.append((t.start + i, t.start + i + len(name), "UNIT", name, "coordinating"))
                at = i + len(name)
    out = [s for s in out if s[1] > s[0]]
    return sorted(out, key=lambda s: (s[0], -s[1], s[2]))


def _to_doc_offsets(spans, text: Text, doc_text: str) -> list[tuple[int, int, str, str, str]]:
    """Map normalized offsets back to the Doc's characters; trim whitespace at the edges."""
    out = []
    for start, end, label, value, role in spans:
        s, e = text.source_span(start, end)
        while s < e and doc_text[s].isspace():
            s += 1
        while e > s and doc_text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e, label, value, role))
    return out


def split_tokens_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that one of ``offsets`` falls inside, so that a span
    may start or end there.  The Doc's text does not change."""
    cuts: dict[int, list[int]] = {}
    for off in set(offsets):
        tok = _token_at(doc, off)
        if tok is not None and tok.idx < off < tok.idx + len(tok.text):
            cuts.setdefault(tok.i, []).append(off - tok.idx)
    if not cuts:
        return
    with doc.retokenize() as retok:
        for i, inner in cuts.items():
            tok = doc[i]
            edges = [0, *sorted(inner), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:])]
            # every piece hangs on the first: a head is required, there is no parse
            retok.split(tok, orths, heads=[(tok, 0)] * len(orths))


def _token_at(doc: Doc, off: int):
    lo, hi = 0, len(doc) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        tok = doc[mid]
        if off < tok.idx:
            hi = mid - 1
        elif off >= tok.idx + len(tok.text):
            lo = mid + 1
        else:
            return tok
    return None


def make_spans(doc: Doc, spans: list[tuple[int, int, str, str, str]]) -> list[Span]:
    """Spans of the Doc for ``(start, end, label, value, role)`` in its characters
    (the tokens are split first where an edge falls inside one)."""
    split_tokens_at(doc, [x for s in spans for x in s[:2]])
    out = []
    for s, e, label, value, role in spans:
        sp = doc.char_span(s, e, label=label, kb_id=value, span_id=role)
        if sp is not None:  # always, after the split; kept as a guard against an empty token
            out.append(sp)
    return out


# ----------------------------------------------------------------- component
class VnnqComponent:
    """The ``vnnq`` pipe: extract, then set ``doc._.directive`` and ``doc.spans``."""

    def __init__(self, nlp: Language, name: str, classify: bool, models_dir: str | None,
                 spans_key: str, max_bytes: int | None) -> None:
        self.name = name
        self.spans_key = spans_key
        kw: dict[str, Any] = {"classify": classify}
        if models_dir:
            kw["models_dir"] = Path(models_dir)
        if max_bytes:
            kw["max_bytes"] = max_bytes
        self.settings = Settings(**kw)

    def __call__(self, doc: Doc) -> Doc:
        record, spans = self.extract(doc.text)
        if record is not None:
            doc.user_data[_RECORD_KEY] = record.to_dict()
        doc.spans[self.spans_key] = make_spans(doc, spans)
        return doc

    def extract(self, text: str) -> tuple[Directive | None, list[tuple[int, int, str, str, str]]]:
        """The record for ``text`` and its spans in ``text``'s offsets (``None``
        and no spans for a text with nothing in it)."""
        # The pipeline's stages for a str, as vnnq.extract() runs them, but never
        # the path lookup: a one-line Doc that happens to name a file is text.
        try:
            src = read_text(text)
            norm = normalize(src)
            record = extract_text(norm, hashlib.sha256(text.encode("utf-8")).hexdigest(), self.settings)
        except EmptyDocument:
            return None, []
        if src.text != text:
            note = "spaCy: the text was converted from a legacy encoding, so the spans cannot be placed in the Doc"
            return dataclasses.replace(record, warnings=[*record.warnings, note]), []
        return record, _to_doc_offsets(directive_spans(record), norm, text)


@Language.factory(
    "vnnq",
    default_config={"classify": True, "models_dir": None, "spans_key": SPANS_KEY, "max_bytes": None},
)
def make_vnnq(nlp: Language, name: str, classify: bool, models_dir: str | None, spans_key: str,
              max_bytes: int | None) -> VnnqComponent:
    """The factory behind ``nlp.add_pipe("vnnq", config={...})``.

    ``classify``: run the unit and task classification (Settings.classify);
    ``models_dir``: other trained models; ``spans_key``: the span group's name;
    ``max_bytes``: the size limit (Settings.max_bytes).
    """
    return VnnqComponent(nlp, name, classify, models_dir, spans_key, max_bytes)


__all__ = ["VnnqComponent", "make_vnnq", "directive_from_dict", "directive_spans", "split_tokens_at",
           "make_spans", "SPANS_KEY", "NO_PYVI", "RULE_TOKENIZER"]
