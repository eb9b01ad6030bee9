"""underthesea.text_normalize against vnnq's normalizer, word by word.

    python bench/normalize_compare.py [FOLDER ...]   (default: corpus/ and ../shared/archive-sample)
    python bench/normalize_compare.py --cases 40     more example cases per kind

Every file is read by vnnq (``read_bytes``) and normalized (``normalize``).  Its
words (runs of letters and combining marks in the source text) are then
normalized both ways, once per distinct word:

- vnnq: NFC and ``fix_tone_placement``, what ``normalize`` does to a word (a
  check below counts how many of these forms are found in vnnq's normalized
  text, since that text is also re-flowed and stripped of web noise);
- underthesea: ``text_normalize(word)`` (NFC, ð → đ, and its table of 2,904
  token rewrites, applied to tokens of at most 6 characters).

Differences are classified (tone placement in an open oa/oe/uy, other
placement, letters changed) and each form is judged by an independent rule
of where the tone mark goes (``placement()`` below): the one vnnq writes
(``hòa``, ``khỏe``, ``thủy``, ``Ủy``: on the first vowel of an open oa/oe/uy,
not after "qu"; elsewhere the usual rules: the vowel with a hat or horn, the
last vowel before a final consonant, else the first vowel after the onset).

Last, one whole text through ``text_normalize`` shows what happens to offsets.
Needs underthesea (pip install underthesea).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
VOWELS = set("aăâeêioôơuưy")
MARKED = set("ăâêôơư")  # a vowel with a hat or a horn takes the tone mark
# a word: letters and combining marks (a decomposed source keeps its marks)
WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")
# a Vietnamese syllable: onset, vowels, final consonant (lower case, no tone)
SYLLABLE_RE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                         r"([aăâeêioôơuưy]+)(ch|ng|nh|[cmnpt])?")


def strip_tone(word: str) -> tuple[str, str, int]:
    """``word`` without its tone mark, the mark, and the index of the letter
    carrying it (-1 without a mark; -2 with more than one, which no syllable
    has)."""
    base, tone, at = [], "", -1
    for ch in unicodedata.normalize("NFC", word):
        d = unicodedata.normalize("NFD", ch)
        t = "".join(c for c in d if c in TONES)
        if t:
            at = len(base) if not tone and len(t) == 1 else -2
            tone += t
        base.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)))
    return "".join(base), tone, at


def placement(base: str) -> int | None:
    """Where the tone mark of the syllable ``base`` (no tone) goes in vnnq's
    placement, or None when ``base`` is not one Vietnamese syllable."""
    low = base.lower()
    m = SYLLABLE_RE.fullmatch(low)
    if not m:
        return None
    onset, vowels, final = m.group(1) or "", m.group(2), m.group(3) or ""
    if onset == "gi" and not vowels:  # not reached: "gì" parses as g + i
        return None
    start = len(onset)
    marked = [i for i, v in enumerate(vowels) if v in MARKED]
    if marked:
        return start + marked[-1]  # ươ → ơ, uyê → ê, ưu → ư
    if len(vowels) == 1:
        return start
    if final:
        return start + len(vowels) - 1  # hoàn, toán, huỳnh
    if len(vowels) == 3:
        return start + 1  # oai, oay, uya, uyu: hoài, xoáy, khuỷu
    return start  # open pair: hòa, khỏe, thủy, hài, mía, múa (quý: qu is the onset)


def judge(form: str) -> str:
    """``ok``, ``misplaced``, ``two marks`` or ``n/a`` (no tone mark, or not
    one syllable)."""
    base, tone, at = strip_tone(form)
    if not tone:
        return "n/a"
    if at == -2:
        return "two marks"
    want = placement(base)
    if want is None:
        return "n/a"
    return "ok" if want == at else "misplaced"


def kind_of(vn: str, ut: str) -> str:
    bv, tv, av = strip_tone(vn)
    bu, tu, au = strip_tone(ut)
    if bv == bu and tv == tu:
        low = bv.lower()
        if any(p in low for p in ("oa", "oe", "uy")) and not low.startswith("qu"):
            return "tone placement, open oa/oe/uy"
        return "tone placement, other"
    if bv == bu:
        return "tone mark changed"
    return "letters changed"


def files(folders: list[Path]) -> list[Path]:
    out = []
    for f in folders:
        out += [p for p in sorted(f.rglob("*")) if p.is_file() and p.suffix in (".txt", ".md")
                and "units" not in p.parts and "tasks" not in p.parts and p.parent != ROOT / "corpus"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--cases", type=int, default=12, help="example cases printed per kind")
    args = ap.parse_args()
    try:
        from underthesea import text_normalize
    except ImportError:
        print("needs underthesea: pip install underthesea", file=sys.stderr)
        return 2
    from vnnq.ingest import read_bytes
    from vnnq.ingest.normalize import fix_tone_placement, normalize

    folders = args.folders or [ROOT / "corpus", ROOT.parent / "shared" / "archive-sample"]
    paths = files(folders)
    occurrences: Counter[str] = Counter()
    docs_of: dict[str, set[str]] = {}
    found = total_forms = 0
    sample_text = ""
    for p in paths:
        try:
            src = read_bytes(p.read_bytes(), p.name)
            text = normalize(src).text
        except Exception as exc:  # a file vnnq refuses is not part of the comparison
            print(f"skipped {p.name}: {exc}", file=sys.stderr)
            continue
        if not sample_text and len(src.text) > 2000 and src.format == "txt":
            sample_text = src.text
        words = WORD_RE.findall(src.text)
        occurrences.update(words)
        for w in set(words):
            docs_of.setdefault(w, set()).add(p.name)
        # the check that the word-level form is what normalize() writes: every
        # word of its text is the form of a word of the source
        forms = {fix_tone_placement(unicodedata.normalize("NFC", w)) for w in words}
        out_words = WORD_RE.findall(text)
        total_forms += len(out_words)
        found += sum(1 for w in out_words if w in forms)
    vnnq_form = {w: fix_tone_placement(unicodedata.normalize("NFC", w)) for w in occurrences}
    uts_form = {w: text_normalize(w) for w in occurrences}

    n_tokens = sum(occurrences.values())
    changed_v = sum(c for w, c in occurrences.items() if vnnq_form[w] != unicodedata.normalize("NFC", w))
    changed_u = sum(c for w, c in occurrences.items() if uts_form[w] != unicodedata.normalize("NFC", w))
    differ = {w for w in occurrences if vnnq_form[w] != uts_form[w]}
    print(f"{len(paths)} files, {n_tokens:,} words ({len(occurrences):,} distinct as written)")
    print(f"words of vnnq's normalized texts that are the word-level form of a source word: "
          f"{found:,} of {total_forms:,}")
    print(f"words changed beyond NFC: vnnq {changed_v:,}, underthesea {changed_u:,}")
    print(f"words where the two differ: {sum(occurrences[w] for w in differ):,} "
          f"({len({vnnq_form[w] for w in differ} | {uts_form[w] for w in differ}):,} distinct forms, "
          f"{len(set().union(*[docs_of[w] for w in differ])) if differ else 0} files)")
    print()
    rows: dict[str, list[str]] = {}
    for w in differ:
        rows.setdefault(kind_of(vnnq_form[w], uts_form[w]), []).append(w)
    print(f"{'kind of difference':34s} {'words':>7s} {'distinct':>8s} | {'vnnq ok':>7s} {'misplaced':>9s} | "
          f"{'uts ok':>6s} {'misplaced':>9s}")
    for kind, ws in sorted(rows.items(), key=lambda kv: -sum(occurrences[w] for w in kv[1])):
        jv = Counter()
        ju = Counter()
        for w in ws:
            jv[judge(vnnq_form[w])] += occurrences[w]
            ju[judge(uts_form[w])] += occurrences[w]
        print(f"{kind:34s} {sum(occurrences[w] for w in ws):7,d} {len(ws):8,d} | {jv['ok']:7,d} "
              f"{jv['misplaced']:9,d} | {ju['ok']:6,d} {ju['misplaced']:9,d}")
    for kind, ws in rows.items():
        print(f"\n{kind}: as written -> vnnq | underthesea  (occurrences; judged vnnq / underthesea)")
        for w in sorted(ws, key=lambda w: (-occurrences[w], w))[: args.cases]:
            print(f"  {w:14s} -> {vnnq_form[w]:14s} | {uts_form[w]:14s} ({occurrences[w]}; "
                  f"{judge(vnnq_form[w])} / {judge(uts_form[w])})")
    # what each leaves misplaced overall (not only where they differ)
    for name, form in (("vnnq", vnnq_form), ("underthesea", uts_form)):
        merged: Counter[str] = Counter()
        for w, c in occurrences.items():
            if judge(form[w]) == "misplaced":
                merged[form[w]] += c
        print(f"\n{name} output with a misplaced tone mark: {sum(merged.values()):,} words, "
              f"{len(merged)} distinct: " + ", ".join(f"{w} ({c})" for w, c in merged.most_common(args.cases)))
    # underthesea's own rewrite table, read with vnnq's rule
    from underthesea.pipeline.text_normalize.text_normalizer import token_map
    table = Counter()
    examples: dict[str, list[str]] = {}
    for k, v in token_map.items():
        mine = fix_tone_placement(unicodedata.normalize("NFC", k))
        if mine == v:
            key = "vnnq writes the same"
        else:
            what = "mark moved" if strip_tone(mine)[:2] == strip_tone(v)[:2] else "letters changed"
            key = f"vnnq differs, {what}; underthesea's form {judge(v)}, vnnq's {judge(mine)}"
        table[key] += 1
        examples.setdefault(key, []).append(f"{k} -> {mine} | {v}")
    print(f"\nunderthesea's table of {len(token_map):,} token rewrites, each key through vnnq "
          "(key -> vnnq | underthesea):")
    for key, n in table.most_common():
        print(f"  {key}: {n:,}   e.g. " + ", ".join(examples[key][:: max(1, len(examples[key]) // 6)][:6]))
    # offsets: underthesea re-tokenizes and joins tokens with one space
    if sample_text:
        out = text_normalize(sample_text)
        line = next(ln for ln in sample_text.splitlines() if "," in ln or "(" in ln)[:80]
        print(f"\noffsets: a {len(sample_text):,}-character text comes back with {len(out):,} characters "
              f"and {out.count(chr(10))} newlines (of {sample_text.count(chr(10))}); no map back to the source:\n"
              f"  {line!r}\n  {text_normalize(line)!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
