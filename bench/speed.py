"""Documents per second for vnnq.extract, beside two references in the same run.

    python bench/speed.py [FOLDER ...]      (default: corpus/ and ../shared/archive-sample)

References: (1) reading + NFC-normalizing the same files; (2) underthesea.word_tokenize
over the same text, when underthesea is installed (pip install underthesea).
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> None:
    t0 = time.perf_counter()
    import vnnq  # noqa: F401
    from vnnq.errors import VnnqError
    from vnnq.pipeline import extract

    print(f"import vnnq: {time.perf_counter() - t0:.3f}s")
    folders = [Path(a) for a in argv] or [ROOT / "corpus", ROOT.parent / "shared" / "archive-sample"]
    files = sorted(p for f in folders if f.exists() for p in f.rglob("*") if p.suffix in (".txt", ".md"))
    blobs = [(p.name, p.read_bytes()) for p in files]
    total = sum(len(b) for _, b in blobs)
    print(f"{len(blobs)} text documents, {total / 1e6:.1f} MB")

    t0 = time.perf_counter()
    texts = [unicodedata.normalize("NFC", b.decode("utf-8", "replace")) for _, b in blobs]
    t_nfc = time.perf_counter() - t0
    print(f"read + NFC:            {len(blobs) / t_nfc:10.1f} docs/s")

    t0 = time.perf_counter()
    errors = 0
    for name, b in blobs:
        try:
            extract(b, name=name)
        except VnnqError:
            errors += 1
    t_ex = time.perf_counter() - t0
    print(f"vnnq.extract:          {len(blobs) / t_ex:10.1f} docs/s  ({errors} refused)")

    try:
        from underthesea import word_tokenize
    except ImportError:
        print("underthesea.word_tokenize: not installed (pip install underthesea)")
        return
    t0 = time.perf_counter()
    for t in texts:
        word_tokenize(t)
    t_ws = time.perf_counter() - t0
    print(f"underthesea.word_tokenize: {len(blobs) / t_ws:6.1f} docs/s")


if __name__ == "__main__":
    main(sys.argv[1:])
