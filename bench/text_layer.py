"""Is a PDF page's text layer usable?  The figures behind vnnq.ingest.pdf's rule.

    python bench/text_layer.py [PDF or FOLDER ...] [--corpus N] [--broken]

For every page: its non-space characters, the share of unmapped glyphs
("(cid:N)", private-use and control characters, U+FFFD), the share of
symbols, the share of its words that are frequent Vietnamese syllables, and
the verdict of the reader's rule (``pdf.page_problems``: each page on its
own, and a page with 1% unmapped glyphs in a PDF where another page is
unusable).

``--corpus N`` adds the first N corpus documents laid out as PDFs by fpdf2
(DejaVu Sans, as bench/scan_corpus.py); ``--broken`` adds a copy of every
PDF with its fonts' /ToUnicode maps removed (the key renamed in place, so the
file stays valid): what a PDF made by a printer driver or an old generator
without Unicode mappings gives.  A copy is "broken" on the pages whose text
changed (pdfTeX's Type 1 fonts, say, read the same without the maps).  A good page must never be judged unusable;
a broken one always.

Measured (2026-12): ``python bench/text_layer.py real/ lo/ --corpus 25 --broken``
where real/ holds two English manuals of /usr/share/doc (pdfTeX, Type 1
fonts) and a page of figures made by fpdf2, and lo/ the 16 first documents
of corpus/test and corpus/holdout4 saved as .txt and converted by
``soffice --headless --convert-to pdf``: 327 good pages, 274 broken ones
(those of the English manuals read the same without the maps), no wrong
verdict; the largest unmapped share of a good page 0.002, the smallest of
a broken page 0.018.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def break_unicode_maps(data: bytes) -> bytes:
    """The same PDF with every font's /ToUnicode entry renamed (same length)."""
    return data.replace(b"/ToUnicode", b"/ToUnicodX")


def pages_of(data: bytes):
    import pdfplumber

    from vnnq.ingest import pdf as reader

    with pdfplumber.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            yield page.page_number, reader.page_text(page)
            page.close()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--corpus", type=int, default=0, help="corpus documents laid out by fpdf2")
    ap.add_argument("--broken", action="store_true", help="also each PDF without its /ToUnicode maps")
    args = ap.parse_args(argv)

    from vnnq.ingest import pdf as reader

    inputs: list[tuple[str, bytes]] = []
    for p in map(Path, args.paths):
        for f in sorted(p.glob("*.pdf")) if p.is_dir() else [p]:
            inputs.append((str(f), f.read_bytes()))
    if args.corpus:
        sys.path.insert(0, str(ROOT / "bench"))
        from scan_corpus import text_pdf

        from vnnq.evaluate import gold_files
        from vnnq.pipeline import extract

        folders = [str(ROOT / "corpus" / d) for d in ("dev", "test", "holdout4", "holdout5", "holdout6", "seeds")]
        for doc_path, _ in list(gold_files(folders))[: args.corpus]:
            inputs.append((f"fpdf2:{doc_path.name}", text_pdf(extract(doc_path).text)))
    originals: dict[str, list[str]] = {}
    if args.broken:
        for name, data in list(inputs):
            broken = break_unicode_maps(data)
            if broken != data:
                originals[f"broken:{name}"] = [t for _, t in pages_of(data)]
                inputs.append((f"broken:{name}", broken))

    print(f"{'page':60} {'chars':>6} {'unmap':>6} {'symb':>6} {'viet':>5} {'words':>5} {'clean':>5}  verdict")
    worst_good, best_bad = 0.0, 1.0
    wrong = 0
    for name, data in inputs:
        texts = [t for _, t in pages_of(data)]
        all_stats = [reader.text_layer_stats(t) for t in texts]
        verdicts = reader.page_problems(all_stats)  # as the reader decides, page by page within the PDF
        for number, (text, s, verdict) in enumerate(zip(texts, all_stats, verdicts), start=1):
            # a font whose encoding names its glyphs (Type 1 with a standard
            # encoding) reads the same without a /ToUnicode map: still good
            broken = name in originals and text != originals[name][number - 1]
            if s.chars >= reader.MIN_JUDGED_CHARS:
                if broken:
                    best_bad = min(best_bad, s.unmapped_share)
                else:
                    worst_good = max(worst_good, s.unmapped_share)
            flag = ""
            if (verdict is not None) != broken and (s.chars >= reader.MIN_JUDGED_CHARS or verdict):
                flag = "  <-- WRONG"
                wrong += 1
            print(f"{name[-54:]:54} p{number:<4} {s.chars:6} {s.unmapped_share:6.3f} {s.symbol_share:6.3f} "
                  f"{s.vietnamese:5.2f} {s.words:5} {s.clean:5.2f}  {verdict or 'ok'}{flag}")
    print(f"largest unmapped share of a good page: {worst_good:.3f}; smallest of a broken page: {best_bad:.3f}; "
          f"wrong verdicts: {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
