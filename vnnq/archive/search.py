"""Queries over the archive index: one :class:`Query`, rows back.

Filters on documents (all combine with AND): ``text`` (full text, with or
without diacritics), ``cites`` (documents citing a code), ``issuer``,
``type``, ``date_from``/``date_to`` (the document's date).  ``unit`` (the
canonical unit, as lead or coordinating unit) and ``due_after``/``due_before``
(a deadline's last day in a window) pick what the rows are:

- ``unit`` given → ``tasks`` (one row per task of that unit, its role);
- else a due window → ``deadlines``;
- else → ``documents``: with ``text``, the newest indexed first (FTS5 stops at
  the limit: fast however many documents match), or by relevance with
  ``rank=True`` (bm25: every match is scored first, slower on a large archive);
  else by date, newest first.

``kind`` forces one of documents, tasks, deadlines, refs (the references of
the matching documents, with the archive document each one links to).

>>> fts_query("quan triet")
'folded : "quan triet"'
>>> fts_query('"chuyển đổi số" "ke hoach"')
'body : "chuyển đổi số" AND folded : "ke hoach"'
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from vnnq.archive.keys import code_key, fold, has_diacritics, issuer_key, last_day, query_text

KINDS = ("documents", "tasks", "deadlines", "refs")


@dataclass(frozen=True, slots=True)
class Query:
    """What to look for; see the module docstring.  Dates are ISO (2026-11-01,
    or 2026-11 / 2026: a month or a year, its first day as a lower bound and
    its last day as an upper bound)."""

    text: str | None = None
    cites: str | None = None
    unit: str | None = None
    due_after: str | None = None
    due_before: str | None = None
    issuer: str | None = None
    type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    kind: str | None = None
    rank: bool = False  # documents by relevance (bm25) instead of the newest indexed first
    limit: int = 50
    offset: int = 0

    def resolved_kind(self) -> str:
        if self.kind:
            if self.kind not in KINDS:
                raise ValueError(f"kind is one of {', '.join(KINDS)}, not {self.kind!r}")
            return self.kind
        if self.unit:
            return "tasks"
        if self.due_after or self.due_before:
            return "deadlines"
        return "documents"


@dataclass(frozen=True, slots=True)
class Result:
    kind: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "columns": list(self.columns), "rows": list(self.rows)}


_TOKEN_RE = re.compile(r"\w+")
_QUOTED_RE = re.compile(r'"([^"]*)"')


def _phrases(text: str) -> list[str]:
    """The phrases of a query: the whole query when it has no double quotes;
    else each quoted part is a phrase and each other word a term of its own."""
    text = query_text(text)
    if '"' not in text:
        return [text]
    return _QUOTED_RE.findall(text) + _QUOTED_RE.sub(" ", text).replace('"', " ").split()


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression for a user's query (no FTS5 syntax is passed
    through: every part is quoted).  A phrase with diacritics is matched on the
    text as written; a phrase without any, on the folded text, so "quan triet"
    finds "quán triệt" and "dang uy" finds "Đảng ủy"."""
    parts = []
    for ph in _phrases(text):
        toks = _TOKEN_RE.findall(ph)
        if not toks:
            continue
        joined = " ".join(toks)
        if has_diacritics(joined):
            parts.append(f'body : "{joined}"')
        else:
            parts.append(f'folded : "{fold(joined)}"')
    if not parts:
        raise ValueError(f"the query {text!r} has no words to search for")
    return " AND ".join(parts)


_ISO_RE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


def _iso(v: str) -> str:
    v = v.strip()
    if not _ISO_RE.match(v):
        raise ValueError(f"{v!r} is not an ISO date (2026-12-31, 2026-12 or 2026)")
    return v


def _first_day(v: str) -> str:
    return _iso(v)  # "2026" and "2026-11" sort before every day of theirs


def _last_day(v: str) -> str:
    got = last_day(_iso(v))
    if got is None:
        raise ValueError(f"{v!r} is not an ISO date (2026-12-31, 2026-12 or 2026)")
    return got


def _types(conn: sqlite3.Connection, want: str) -> list[str]:
    """The document types written in the index that ``want`` names, any case or
    diacritics ("ke hoach" → "Kế hoạch")."""
    w = fold(want.strip())
    return [t for (t,) in conn.execute("SELECT DISTINCT type FROM documents WHERE type IS NOT NULL")
            if fold(t) == w]


_FEW = 2000  # documents: fewer than this are found by a scan of an index, then sorted


def _doc_filters(conn: sqlite3.Connection, q: Query) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if q.cites:
        where.append("d.id IN (SELECT doc_id FROM refs WHERE code_key = ?)")
        params.append(code_key(q.cites))
    if q.issuer:
        # a substring of the key, which no index finds.  A common issuer: rows in date order are
        # checked one by one and the limit comes soon.  A rare one: that would read every row, so
        # its documents are found first by a scan of the covering index of the keys (a few ms).
        key = issuer_key(q.issuer) or fold(q.issuer)
        n = conn.execute("SELECT count(*) FROM documents WHERE instr(issuer_key, ?) > 0", (key,)).fetchone()[0]
        if n <= _FEW:
            where.append("d.id IN (SELECT id FROM documents WHERE instr(issuer_key, ?) > 0)")
        else:
            where.append("instr(d.issuer_key, ?) > 0")
        params.append(key)
    if q.type:
        types = _types(conn, q.type)
        where.append(f"d.type IN ({', '.join('?' * len(types))})" if types else "0")
        params += types
    if q.date_from:
        where.append("d.date >= ?")
        params.append(_first_day(q.date_from))
    if q.date_to:
        where.append("d.date <= ?")
        params.append(_last_day(q.date_to))
    return where, params


def _window(col: str, q: Query) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if q.due_after:
        where.append(f"{col} >= ?")
        params.append(_first_day(q.due_after))
    if q.due_before:
        where.append(f"{col} <= ?")
        params.append(_last_day(q.due_before))
    return where, params


_DOC_COLS = ["doc_id", "code", "type", "date", "issuer", "subject", "task_count", "path"]


def search(conn: sqlite3.Connection, q: Query) -> Result:
    """Run ``q`` on an open index (see :func:`vnnq.archive.open_index`)."""
    kind = q.resolved_kind()
    where, params = _doc_filters(conn, q)
    join = ""
    jparams: list[Any] = []
    if q.text and q.rank and kind == "documents":
        # relevance: FTS5 scores every match before the first row comes (slower on a large archive)
        join = "JOIN (SELECT rowid AS fid, bm25(docs_fts) AS rank FROM docs_fts WHERE docs_fts MATCH ?) f " \
               "ON f.fid = d.id"
        jparams.append(fts_query(q.text))
    elif q.text and kind == "documents":
        # the newest indexed first: FTS5 walks its matches in rowid order and stops at the limit
        join = "JOIN docs_fts f ON f.rowid = d.id"
        where.insert(0, "f.docs_fts MATCH ?")
        params.insert(0, fts_query(q.text))
    elif q.text:
        where.insert(0, "d.id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)")
        params.insert(0, fts_query(q.text))
    page = " LIMIT ? OFFSET ?"
    pparams = [max(0, int(q.limit)), max(0, int(q.offset))]
    doc_select = ("d.id AS doc_id, d.code, d.type, d.date, d.issuer, d.subject, d.task_count, d.path")

    if kind == "documents":
        w, p = _window("x.due_date", q)
        if w:
            where.append(f"d.id IN (SELECT x.doc_id FROM deadlines x WHERE {' AND '.join(w)})")
            params += p
        if q.unit:
            where.append("d.id IN (SELECT doc_id FROM units WHERE key = ?)")
            params.append(_unit_key(q.unit))
        order = ("f.rank, d.id" if q.rank else "f.rowid DESC") if q.text else "d.date DESC, d.id"
        sql = (f"SELECT {doc_select} FROM documents d {join} "
               f"WHERE {' AND '.join(where) or '1'} ORDER BY {order}{page}")
        cols = list(_DOC_COLS)
        rows = _rows(conn, sql, jparams + params + pparams)
        if q.text:
            _add_snippets(conn, rows, q.text)
            cols.append("snippet")
        if q.cites:
            _add_cited(conn, rows, q.cites)
            cols += ["cited_code", "cited_doc_id", "cited_path"]
        return Result(kind, cols, rows)

    if kind == "tasks":
        w, p = _window("t.deadline_date", q)
        if q.unit:
            src = "units u JOIN tasks t ON t.id = u.task_row JOIN documents d ON d.id = u.doc_id"
            where.insert(0, "u.key = ?")
            params.insert(0, _unit_key(q.unit))
            unit_cols = "u.unit AS unit, u.role AS role"
        else:
            src = "tasks t JOIN documents d ON d.id = t.doc_id"
            unit_cols = "t.unit_canonical AS unit, 'lead' AS role"
        sql = (f"SELECT d.id AS doc_id, d.code, d.date, d.issuer, t.task_id, {unit_cols}, t.action, t.deadline, "
               f"t.coordinating, t.category, t.page, d.path FROM {src} {join} "
               f"WHERE {' AND '.join(where + w) or '1'} "
               f"ORDER BY t.deadline_date IS NULL, t.deadline_date, d.date DESC, d.id, t.ord{page}")
        cols = ["doc_id", "code", "date", "issuer", "task_id", "unit", "role", "action", "deadline",
                "coordinating", "category", "page", "path"]
        return Result(kind, cols, _rows(conn, sql, jparams + params + p + pparams))

    if kind == "deadlines":
        w, p = _window("x.due_date", q)
        if q.unit:
            where.append("d.id IN (SELECT doc_id FROM units WHERE key = ?)")
            params.append(_unit_key(q.unit))
        sql = (f"SELECT d.id AS doc_id, d.code, d.date, d.issuer, x.due, x.due_date, x.kind, x.recurrence, "
               f"x.text, x.page, d.subject, d.path FROM deadlines x JOIN documents d ON d.id = x.doc_id {join} "
               f"WHERE {' AND '.join(where + w) or '1'} ORDER BY x.due_date, d.id, x.start{page}")
        cols = ["doc_id", "code", "date", "issuer", "due", "due_date", "kind", "recurrence", "text", "page",
                "subject", "path"]
        return Result(kind, cols, _rows(conn, sql, jparams + params + p + pparams))

    # refs: the references of the matching documents, each with the archive document it links to
    # (CROSS JOIN: the documents filtered first, their refs by index; the other order scans every ref)
    sql = (f"SELECT d.id AS doc_id, d.code AS doc_code, r.code, r.type, r.date, r.issuer, r.title, "
           f"r.target_doc_id, t.path AS target_path FROM documents d CROSS JOIN refs r ON r.doc_id = d.id {join} "
           f"LEFT JOIN documents t ON t.id = r.target_doc_id "
           f"WHERE {' AND '.join(where) or '1'} ORDER BY d.id, r.ord{page}")
    cols = ["doc_id", "doc_code", "code", "type", "date", "issuer", "title", "target_doc_id", "target_path"]
    return Result(kind, cols, _rows(conn, sql, jparams + params + pparams))


def _unit_key(name: str) -> str:
    from vnnq.classify.units import unit_key
    return unit_key(name)


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur]


def _variants() -> dict[str, str]:
    """For each folded letter, every letter that folds to it ("d" → "dDđĐ"): the
    regex of a folded phrase then runs on the text itself, without folding it."""
    out: dict[str, set[str]] = {}
    for cp in list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if ch.isalpha():
            out.setdefault(fold(ch), set()).update({ch, ch.upper(), ch.lower()})
    return {k: "".join(sorted(v)) for k, v in out.items() if len(k) == 1}


_VARIANTS: dict[str, str] = {}


def _phrase_re(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex on the text: words in order, any run of non-word
    characters between them (a line break, several spaces); a phrase without
    diacritics matches every diacritic form of its letters."""
    if not _VARIANTS:
        _VARIANTS.update(_variants())
    folded = not has_diacritics(phrase)
    words = []
    for w in phrase.split():
        if folded:
            words.append("".join(f"[{re.escape(_VARIANTS[c])}]" if c in _VARIANTS else re.escape(c)
                                 for c in fold(w)))
        else:
            words.append(re.escape(w))
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", re.IGNORECASE)


SNIPPET_SPAN = 200_000  # characters of each text looked at for the snippet (a bound for huge texts)


def _add_snippets(conn: sqlite3.Connection, rows: list[dict[str, Any]], text: str, width: int = 80) -> None:
    """A line of context around the first place each document matches within
    its first SNIPPET_SPAN characters (None past them: the cost of a snippet is
    bounded however long the documents are)."""
    phrases = [" ".join(_TOKEN_RE.findall(p)) for p in _phrases(text)]
    phrases = [p for p in phrases if p]
    patterns = [_phrase_re(p) for p in phrases]
    for r in rows:
        got = conn.execute("SELECT substr(text, 1, ?) FROM texts WHERE doc_id=?",
                           (SNIPPET_SPAN, r["doc_id"])).fetchone()
        body = got[0] if got else ""
        low = None
        span = None
        for ph, rx in zip(phrases, patterns):
            if has_diacritics(ph):  # the usual case first: the words one space apart (a plain find)
                low = low if low is not None else body.lower()
                at = low.find(ph.lower())
                if at >= 0:
                    span = (at, at + len(ph))
                    break
            m = rx.search(body)
            if m:
                span = m.span()
                break
        if span is None:
            r["snippet"] = None
            continue
        a, b = max(0, span[0] - width // 3), min(len(body), span[1] + width)
        r["snippet"] = ("…" if a else "") + " ".join(body[a:b].split()) + ("…" if b < len(body) else "")


def _add_cited(conn: sqlite3.Connection, rows: list[dict[str, Any]], code: str) -> None:
    """The reference each row cites (as written there), and the archive document it links to."""
    key = code_key(code)
    for r in rows:
        got = conn.execute("SELECT r.code, r.target_doc_id, t.path FROM refs r LEFT JOIN documents t "
                           "ON t.id = r.target_doc_id WHERE r.doc_id=? AND r.code_key=? ORDER BY r.ord LIMIT 1",
                           (r["doc_id"], key)).fetchone()
        r["cited_code"], r["cited_doc_id"], r["cited_path"] = got if got else (None, None, None)
