"""Dump vnnq.extract's records for a fixed set of documents, to check that a
speed change changes no output.

    python bench/golden_dump.py OUT_DIR          dump (with and without classification)
    diff -r OLD_DIR NEW_DIR                      must print nothing

Documents: every corpus/**/*.md and *.txt, and the first 200 files (sorted) of
../shared/archive-sample.  Each is read as bytes, as bench/speed.py does; a
refused document is dumped as its error class and message.  Nothing in the
record depends on timing, so the whole to_dict() is written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def documents() -> list[Path]:
    """The corpus texts, then the first 200 files of the shared archive sample."""
    corpus = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".md"))
    sample_dir = ROOT.parent / "shared" / "archive-sample"
    sample = sorted(p for p in sample_dir.iterdir() if p.is_file())[:200] if sample_dir.exists() else []
    return corpus + sample


def main(argv: list[str]) -> None:
    """Write one JSON file per document and setting under ``argv[0]``."""
    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    out = Path(argv[0])
    for classify in (True, False):
        folder = out / ("classify" if classify else "no-classify")
        folder.mkdir(parents=True, exist_ok=True)
        settings = Settings(classify=classify)
        for path in documents():
            rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path("archive-sample") / path.name
            try:
                record = extract(path.read_bytes(), name=path.name, settings=settings).to_dict()
            except VnnqError as exc:
                record = {"error": type(exc).__name__, "message": str(exc)}
            name = str(rel).replace("/", "__") + ".json"
            (folder / name).write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
