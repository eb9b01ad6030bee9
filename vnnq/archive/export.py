"""The index's tables as Parquet files (one per table), for DuckDB, Spark or pandas.

``export_parquet("archive.sqlite", "out/")`` writes ``out/documents.parquet``,
``out/refs.parquet``, ... streaming: rows are read and written in chunks, so
memory stays flat whatever the size of the index.  Column types come from the
schema (INTEGER → int64, REAL → float64, everything else → string); the FTS
table is SQLite's own and is not exported; ``texts`` (the normalized texts,
the bulk of the index) only with ``texts=True``.

    duckdb -c "SELECT type, count(*) FROM 'out/documents.parquet' GROUP BY 1"
"""

from __future__ import annotations

import os
from pathlib import Path

from vnnq.archive.index import open_index

TABLES = ("documents", "files", "refs", "mentions", "dates", "deadlines", "tasks", "units")


def _arrow_type(decl: str):
    import pyarrow as pa
    d = (decl or "").upper()
    if "INT" in d:
        return pa.int64()
    if "REAL" in d or "FLOA" in d or "DOUB" in d:
        return pa.float64()
    return pa.string()


def export_parquet(db: str | os.PathLike, out_dir: str | os.PathLike, *, texts: bool = False,
                   chunk: int = 50_000) -> dict[str, int]:
    """Write each table to ``out_dir/TABLE.parquet``; returns the rows written per table.
    Each file is written to a temporary name and renamed, so a file there is whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    conn = open_index(db, readonly=True)
    counts: dict[str, int] = {}
    try:
        for table in TABLES + (("texts",) if texts else ()):
            info = conn.execute(f"PRAGMA table_info({table})").fetchall()
            names = [r[1] for r in info]
            schema = pa.schema([(r[1], _arrow_type(r[2])) for r in info])
            tmp = out / f".{table}.parquet.tmp"
            n = 0
            with pq.ParquetWriter(tmp, schema, compression="zstd") as w:
                cur = conn.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in names)} FROM {table} "
                                   f"ORDER BY rowid")
                while True:
                    rows = cur.fetchmany(chunk)
                    if not rows:
                        break
                    cols = list(zip(*rows))
                    w.write_table(pa.table([pa.array(c, type=t) for c, t in zip(cols, schema.types)],
                                           schema=schema))
                    n += len(rows)
            os.replace(tmp, out / f"{table}.parquet")
            counts[table] = n
    finally:
        conn.close()
    return counts
