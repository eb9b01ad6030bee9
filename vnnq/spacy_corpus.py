"""The gold corpus as spaCy ``DocBin`` files, for ``spacy train``.

``vnnq corpus export --format spacy --out DIR`` writes ``DIR/train.spacy`` and
``DIR/dev.spacy``.  The split is by document and by folder:

- train: ``corpus/seeds`` and ``corpus/dev`` (the documents rules were written on);
- dev: ``corpus/test``, ``corpus/holdout4``, ``corpus/holdout5``, ``corpus/holdout6`` (held out).

Each Doc is the document's normalized text (vnnq's reader and normalizer, no
extraction: markdown marks removed, lines re-flowed, so the text a model sees
is the text the rules see) tokenized by spaCy's rule-based tokenizer, with the
gold values in ``doc.spans["sc"]`` and the unit names alone in
``doc.spans["units"]`` (what the shipped spancat learns).

The gold gives values, not offsets (corpus/GOLD-FORMAT.md), so each value is
located in the text: written as in the gold with any spacing, case, tone
placement and spacing around punctuation ("Văn hóa - Xã hội" finds "Văn
hóa-Xã hội"), at word boundaries, every occurrence (a unit named three times is
a unit three times; an unlabelled occurrence would teach a model it is not a
unit), and an occurrence inside a longer value of the same label is left to the
longer one.  Values found nowhere are kept in ``doc.user_data["vnnq_gold"]``
(``unlocated``) and counted by the export; abbreviations are not expanded, so
a gold "Sở GDĐT" for a text's "Sở GD&ĐT" is unlocated rather than guessed.

Labels: UNIT (lead and coordinating units of the gold tasks), RECIPIENT (Kính
gửi), CC (Nơi nhận), REFERENCE (the cited codes), DEADLINE (the deadline
texts), ISSUER, SIGNER (the signer's name).  Dates are not labelled: the gold
gives the document date as an ISO value only, with no text to find.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import spacy
from spacy.tokens import Doc, DocBin

from vnnq.evaluate import gold_files
from vnnq.ingest import load_path, read_bytes
from vnnq.ingest.normalize import fix_tone_placement, normalize
from vnnq.spacy_component import RULE_TOKENIZER, make_spans

SPLITS = {"train": ("seeds", "dev"), "dev": ("test", "holdout4", "holdout5", "holdout6")}
LABELS = ("UNIT", "RECIPIENT", "CC", "REFERENCE", "DEADLINE", "ISSUER", "SIGNER")
GOLD_KEY = "vnnq_gold"


def gold_values(gold: dict[str, Any]) -> dict[str, list[str]]:
    """The distinct gold strings per label, in the gold's order."""
    doc = gold.get("document") or {}
    raw: dict[str, list[str | None]] = {
        "UNIT": [x for t in gold.get("tasks") or [] for x in [t.get("unit"), *(t.get("coordinating") or [])]],
        "RECIPIENT": list(doc.get("recipients") or []),
        "CC": list(doc.get("cc") or []),
        "REFERENCE": [r.get("code") for r in gold.get("references") or []],
        "DEADLINE": [d.get("text") for d in gold.get("deadlines") or []],
        "ISSUER": [doc.get("issuer")],
        "SIGNER": [(doc.get("signer") or {}).get("name")],
    }
    out = {}
    for label, values in raw.items():
        seen: dict[str, None] = {}
        for v in values:
            if v and v.strip():
                seen.setdefault(v.strip(), None)
        out[label] = list(seen)
    return out


# letters, digits and punctuation apart: a code the gold wrote without its space
# ("TCVN14423:2025") is found as the text writes it ("TCVN 14423:2025")
_PIECE_RE = re.compile(r"\d+|[^\W\d]+|[^\w\s]")


def phrase_pattern(value: str) -> re.Pattern[str]:
    r"""The pattern finding ``value`` as written, up to spacing, case and tone placement.

    >>> phrase_pattern("Phòng Văn hóa - Xã hội").search("giao phòng Văn hóa-Xã\nhội chủ trì").group()
    'phòng Văn hóa-Xã\nhội'
    >>> phrase_pattern("Uỷ ban nhân dân").search("ỦY BAN NHÂN DÂN PHƯỜNG").group()
    'ỦY BAN NHÂN DÂN'
    """
    pieces = _PIECE_RE.findall(fix_tone_placement(unicodedata.normalize("NFC", value)))
    rx = ""
    for i, p in enumerate(pieces):
        if i:
            # words need a space between them; punctuation, and digits after
            # letters or before them, may stand alone or not
            prev = pieces[i - 1]
            rx += r"\s+" if p[0].isalpha() and prev[-1].isalpha() or p[0].isdigit() and prev[-1].isdigit() else r"\s*"
        rx += re.escape(p)
    return re.compile(r"(?<!\w)" + rx + r"(?!\w)", re.IGNORECASE)


def locate(text: str, values: list[str]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Every occurrence of every value in ``text`` as ``(start, end, value)``,
    longer values first and no occurrence inside another; and the values found
    nowhere."""
    found: list[tuple[int, int, str]] = []
    unlocated = []
    for v in sorted(values, key=len, reverse=True):
        hits = [(m.start(), m.end()) for m in phrase_pattern(v).finditer(text)]
        if not hits:
            unlocated.append(v)
            continue
        free = [(s, e) for s, e in hits if not any(fs <= s and e <= fe for fs, fe, _ in found)]
        # a value written only inside a longer one ("Các cấp ủy, tổ chức đảng" in
        # "Các cấp ủy, tổ chức đảng các cấp") is still a gold value: kept nested
        found += [(s, e, v) for s, e in free or hits]
    return sorted(found), [v for v in values if v in unlocated]


@dataclass
class ExportSummary:
    """What the export wrote: documents per split, spans and unlocated values per label."""

    documents: dict[str, int] = field(default_factory=dict)
    spans: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)  # distinct gold values
    unlocated: dict[str, int] = field(default_factory=dict)
    unlocated_examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "spans": self.spans, "values": self.values,
                "unlocated": self.unlocated, "unlocated_examples": self.unlocated_examples}


def corpus_text(path: Path) -> str:
    """The normalized text of a corpus document (reader + normalizer)."""
    return normalize(read_bytes(load_path(path), path.name)).text


def gold_doc(nlp, path: Path, gold: dict[str, Any], split: str) -> tuple[Doc, dict[str, list[str]]]:
    """One corpus document as a Doc with its gold spans; and its unlocated values per label."""
    text = corpus_text(path)
    doc = nlp.make_doc(text)
    spans, units, missing = [], [], {}
    for label, values in gold_values(gold).items():
        hits, missing[label] = locate(text, values)
        spans += [(s, e, label, v, "") for s, e, v in hits]
    made = make_spans(doc, sorted(spans))
    doc.spans["sc"] = made
    doc.spans["units"] = [sp for sp in made if sp.label_ == "UNIT"]
    doc.user_data[GOLD_KEY] = {"name": path.name, "folder": path.parent.name, "split": split,
                               "values": gold_values(gold), "unlocated": missing}
    return doc, missing


def iter_gold(corpus_dir: Path) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """(split, document path, gold) of every annotated document, split by folder."""
    for split, folders in SPLITS.items():
        for folder in folders:
            for doc_path, gold_path in gold_files([corpus_dir / folder]):
                yield split, doc_path, json.loads(gold_path.read_text(encoding="utf-8"))


def blank_nlp():
    """A blank Vietnamese pipeline that needs no pyvi (spaCy's rule-based tokenizer)."""
    return spacy.blank("vi", config=RULE_TOKENIZER)


def export_spacy(corpus_dir: str | Path, out_dir: str | Path) -> ExportSummary:
    """Write ``train.spacy`` and ``dev.spacy`` into ``out_dir``; return the counts."""
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    nlp = blank_nlp()
    bins = {split: DocBin(store_user_data=True) for split in SPLITS}
    summary = ExportSummary(documents={s: 0 for s in SPLITS}, spans={l: 0 for l in LABELS},
                            values={l: 0 for l in LABELS}, unlocated={l: 0 for l in LABELS})
    for split, path, gold in iter_gold(corpus_dir):
        doc, missing = gold_doc(nlp, path, gold, split)
        bins[split].add(doc)
        summary.documents[split] += 1
        for sp in doc.spans["sc"]:
            summary.spans[sp.label_] += 1
        for label, values in doc.user_data[GOLD_KEY]["values"].items():
            summary.values[label] += len(values)
            summary.unlocated[label] += len(missing[label])
            summary.unlocated_examples += [f"{path.parent.name}/{path.name}: {label}: {v}" for v in missing[label]]
    out_dir.mkdir(parents=True, exist_ok=True)
    for split, db in bins.items():
        db.to_disk(out_dir / f"{split}.spacy")
    return summary


__all__ = ["SPLITS", "LABELS", "gold_values", "phrase_pattern", "locate", "export_spacy", "iter_gold",
           "gold_doc", "corpus_text", "blank_nlp", "ExportSummary"]
