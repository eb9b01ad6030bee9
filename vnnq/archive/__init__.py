"""The archive index: many directives in one SQLite file, searchable.

- :func:`index_archive` (index.py): walk folders, extract in parallel (a local
  process pool or a Dask cluster), write the records as tables (schema.sql)
  with one writer, resumably and incrementally;
- :func:`search` (search.py): full text with and without diacritics, citations,
  tasks of a unit, deadlines in a window, issuer, type, dates;
- :func:`export_parquet` (export.py): the tables as Parquet files.
"""

from vnnq.archive.index import IndexSettings, Progress, index_archive, open_index
from vnnq.archive.keys import fold

__all__ = ["index_archive", "IndexSettings", "Progress", "open_index", "fold"]
