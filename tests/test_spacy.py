"""spaCy: the ``vnnq`` component and the corpus as DocBin files.

The component is a thin wrapper: its record must be exactly ``vnnq.extract``'s,
its spans must sit on the Doc's own characters (the Doc's text never changes),
and everything must survive ``nlp.pipe(n_process=2)`` and a DocBin.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import vnnq  # noqa: E402
from vnnq.evaluate import gold_files  # noqa: E402
from vnnq.ingest.normalize import fix_tone_placement  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NO_PYVI = {"nlp": {"tokenizer": {"use_pyvi": False}}}
ALL_DOCS = [d for d, _ in gold_files([CORPUS])]
EXAMPLE = ("Số: 12/KH-UBND\nHải Phòng, ngày 05 tháng 3 năm 2026\n"
           "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát trước ngày 25/3/2026.")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("vnnq")
    return nlp


def _canon(s: str) -> str:
    """What the normalizer may change, undone on both sides: NFC, tone placement,
    markdown marks, decoration lines, line breaks and spacing."""
    s = fix_tone_placement(unicodedata.normalize("NFC", s))
    s = "\n".join(ln for ln in s.split("\n") if not re.fullmatch(r"\s*[-_=–—*.·•~]{2,}\s*", ln))
    return re.sub(r"[*_#|\\\s]", "", s)


def _run(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


# ------------------------------------------------------------------ component
def test_import_vnnq_leaves_spacy_alone():
    out = _run("import sys, vnnq; vnnq.extract('Số: 12/KH-UBND'); print('spacy' in sys.modules)")
    assert out.strip() == "False"


def test_add_pipe_through_the_entry_point_alone():
    """A fresh interpreter that never imports vnnq: spaCy finds the factory."""
    out = _run(
        "import json, spacy\n"
        f"nlp = spacy.blank('vi', config={NO_PYVI!r})\n"
        "nlp.add_pipe('vnnq')\n"
        f"doc = nlp({EXAMPLE!r})\n"
        "print(json.dumps([[s.label_, s.text, s.kb_id_] for s in doc.spans['vnnq']], ensure_ascii=False))\n"
        "print(doc._.directive.document.code)\n"
    )
    spans_json, code = out.strip().split("\n")
    spans = {(label, text, value) for label, text, value in json.loads(spans_json)}
    assert code == "12/KH-UBND"
    assert ("UNIT", "Sở Tài chính", "Sở Tài chính") in spans
    assert ("UNIT", "Sở Nội vụ", "Sở Nội vụ") in spans
    assert ("DEADLINE", "trước ngày 25/3/2026", "2026-03-25") in spans
    assert ("NUMBER", "Số: 12/KH-UBND", "12") in spans


def test_span_edges_inside_a_token_split_it_and_keep_the_text(nlp):
    # spaCy's whitespace tokenizer for "vi" keeps "vụ," and "(trước" whole
    text = "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ, Sở Tư pháp rà soát (trước ngày 25/3/2026)."
    doc = nlp(text)
    assert doc.text == text and "".join(t.text_with_ws for t in doc) == text
    assert [s.text for s in doc.spans["vnnq"] if s.label_ == "UNIT"] == ["Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp"]
    assert [s.text for s in doc.spans["vnnq"] if s.label_ == "DEADLINE"] == ["trước ngày 25/3/2026"]
    words = [t.text for t in doc]
    assert "vụ," not in words and "(trước" not in words and "(" in words and "trước" in words


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_spans_slice_back_to_the_record_on_the_corpus(nlp, path):
    from vnnq.spacy_component import directive_spans

    text = path.read_text(encoding="utf-8")
    doc = nlp(text)
    d = doc._.directive
    assert doc.text == text
    assert d == vnnq.extract(text)  # the same rules, the same record
    want = directive_spans(d)
    got = list(doc.spans["vnnq"])
    assert len(got) == len(want) and len(got) > 0
    for (start, end, label, value, _), sp in zip(want, got):
        assert sp.label_ == label and sp.kb_id_ == value
        assert doc.text[sp.start_char:sp.end_char] == sp.text
        assert _canon(sp.text) == _canon(d.text[start:end]), (label, sp.text, d.text[start:end])
        assert sp.text == sp.text.strip()


def test_labels_seen_on_the_corpus(nlp):
    labels = set()
    for path in ALL_DOCS[::6]:
        doc = nlp(path.read_text(encoding="utf-8"))  # the spans need their Doc alive
        labels |= {s.label_ for s in doc.spans["vnnq"]}
    assert {"REFERENCE", "DATE", "DEADLINE", "UNIT", "TASK", "SIGNER", "ISSUER", "CC"} <= labels


def test_pipe_with_two_processes_gives_the_same_docs(nlp):
    texts = [p.read_text(encoding="utf-8") for p in ALL_DOCS[::20]]
    assert len(texts) >= 4
    assert any(p._.directive.tasks for p in nlp.pipe(texts[:2]))  # a record with tasks is among them
    one = list(nlp.pipe(texts))
    two = list(nlp.pipe(texts, n_process=2, batch_size=2))
    for a, b in zip(one, two):
        assert b.text == a.text
        assert b._.directive == a._.directive
        assert b._.directive.references or b._.directive.tasks  # a record with content crossed over
        sig = lambda doc: [(s.label_, s.start_char, s.end_char, s.kb_id_, s.id_) for s in doc.spans["vnnq"]]
        assert sig(b) == sig(a)


def test_a_docbin_keeps_the_record_and_the_spans(nlp):
    from spacy.tokens import DocBin

    doc = nlp(ALL_DOCS[0].read_text(encoding="utf-8"))
    db = DocBin(store_user_data=True)
    db.add(doc)
    back = next(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))
    assert back._.directive == doc._.directive
    assert [(s.label_, s.text) for s in back.spans["vnnq"]] == [(s.label_, s.text) for s in doc.spans["vnnq"]]


def test_the_record_survives_its_plain_form_on_every_corpus_document():
    from vnnq.spacy_component import directive_from_dict

    for path in ALL_DOCS[::4]:
        d = vnnq.extract(path)
        assert directive_from_dict(json.loads(json.dumps(d.to_dict()))) == d


def test_config_classify_and_spans_key():
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("vnnq", config={"classify": False, "spans_key": "vb"})
    doc = nlp(EXAMPLE)
    assert "vb" in doc.spans and "vnnq" not in doc.spans
    assert doc._.directive.tasks[0].unit == "Sở Tài chính"
    assert doc._.directive.tasks[0].categories == [] and doc._.directive.tasks_by_unit == []
    full = spacy.blank("vi", config=NO_PYVI)
    full.add_pipe("vnnq")
    assert full(EXAMPLE)._.directive.tasks[0].categories  # the default classifies


def test_an_empty_doc_has_no_record_and_no_spans(nlp):
    doc = nlp("   \n ")
    assert doc._.directive is None and len(doc.spans["vnnq"]) == 0


def test_a_legacy_text_gets_its_record_and_no_misplaced_spans(nlp):
    # VNI writes a letter and its marks as several characters: the converted
    # text is shorter than the Doc's, so offsets cannot be mapped back
    from test_legacy import DIRECTIVE, vni_encode

    text = vni_encode(DIRECTIVE)
    doc = nlp(text)
    assert doc.text == text
    assert doc._.directive is not None and doc._.directive.tasks
    assert any("legacy" in w for w in doc._.directive.warnings)
    assert len(doc.spans["vnnq"]) == 0


# ------------------------------------------------------------- corpus export
@pytest.mark.parametrize("value, text, found", [
    ("Phòng Văn hóa - Xã hội", "giao Phòng Văn hóa-Xã hội chủ trì", "Phòng Văn hóa-Xã hội"),
    ("Ủy ban nhân dân tỉnh Bắc Ninh", "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH", "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH"),
    ("Uỷ ban nhân dân phường", "Ủy ban nhân dân phường", "Ủy ban nhân dân phường"),
    ("TCVN14423:2025", "theo TCVN 14423:2025 về", "TCVN 14423:2025"),
    ("Sở Tư pháp", "Sở Tư phápp", None),  # a word boundary at the end
    ("Sở GDĐT", "Sở GD&ĐT", None),  # abbreviations are not guessed
], ids=["spaced-dash", "caps-over-two-lines", "old-tone-placement", "code-without-its-space",
        "word-boundary", "abbreviation"])
def test_locate_a_gold_value(value, text, found):
    from vnnq.spacy_corpus import locate

    hits, missing = locate(text, [value])
    assert [text[s:e] for s, e, _ in hits] == ([found] if found else [])
    assert missing == ([] if found else [value])


def test_locate_leaves_an_inner_occurrence_to_the_longer_value():
    from vnnq.spacy_corpus import locate

    text = "Ủy ban nhân dân phường chỉ đạo; Ủy ban nhân dân tổng hợp."
    hits, _ = locate(text, ["Ủy ban nhân dân", "Ủy ban nhân dân phường"])
    assert [text[s:e] for s, e, _ in hits] == ["Ủy ban nhân dân phường", "Ủy ban nhân dân"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("docbin")
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "corpus", "export", "--format", "spacy",
                        "--out", str(out), "--corpus", str(CORPUS), "--json"],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out, json.loads(r.stdout)


def test_corpus_export_writes_docbins_split_by_document(exported):
    from spacy.tokens import DocBin

    from vnnq.spacy_corpus import GOLD_KEY, SPLITS, phrase_pattern

    out, summary = exported
    vocab = spacy.blank("vi", config=NO_PYVI).vocab
    names = {}
    spans = {label: 0 for label in summary["spans"]}
    for split, folders in SPLITS.items():
        docs = list(DocBin().from_disk(out / f"{split}.spacy").get_docs(vocab))
        expected = {(g.parent.name, g.name[: -len(".gold.json")]) for f in folders
                    for g in (CORPUS / f).glob("*.gold.json")}
        assert {(d.user_data[GOLD_KEY]["folder"], d.user_data[GOLD_KEY]["name"].rsplit(".", 1)[0])
                for d in docs} == expected
        names[split] = expected
        for doc in docs:
            meta = doc.user_data[GOLD_KEY]
            gold = json.loads((CORPUS / meta["folder"] / (meta["name"].rsplit(".", 1)[0] + ".gold.json"))
                              .read_text(encoding="utf-8"))
            units = {u for t in gold["tasks"] for u in [t.get("unit"), *(t.get("coordinating") or [])] if u}
            codes = {r["code"] for r in gold["references"]}
            assert set(meta["values"]["UNIT"]) == {u.strip() for u in units}
            assert set(meta["values"]["REFERENCE"]) == {c.strip() for c in codes}
            for label, values in meta["values"].items():
                located = {sp.kb_id_ for sp in doc.spans["sc"] if sp.label_ == label}
                # every gold value is in the text at least once, or listed as not found
                assert located | set(meta["unlocated"][label]) == set(values), label
                assert not located & set(meta["unlocated"][label])
            for sp in doc.spans["sc"]:
                spans[sp.label_] += 1
                assert phrase_pattern(sp.kb_id_).fullmatch(sp.text), (sp.label_, sp.kb_id_, sp.text)
            assert [(s.start, s.end) for s in doc.spans["units"]] == \
                [(s.start, s.end) for s in doc.spans["sc"] if s.label_ == "UNIT"]
    assert not names["train"] & names["dev"]
    assert summary["documents"] == {k: len(v) for k, v in names.items()}
    assert spans == summary["spans"]
    # nearly every value is found: the few that are not are listed
    assert sum(summary["unlocated"].values()) <= 0.02 * sum(summary["values"].values())
    assert len(summary["unlocated_examples"]) == sum(summary["unlocated"].values())


def test_corpus_export_help_has_an_example():
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "corpus", "export", "--help"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "example" in r.stdout and "--format spacy" in r.stdout
