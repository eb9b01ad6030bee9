"""The implementation graph: how a directive flows down through the archive.

A central resolution is implemented by the documents that cite it, and those
by the documents that cite them (Nghị quyết 71-NQ/TW → Chương trình 02-CTr/TU
→ Kế hoạch of a ward).  :func:`implementation_tree` reads that tree out of an
archive index (``vnnq index``); the ``to_*`` functions draw it as text, JSON,
Graphviz DOT and a self-contained HTML page.

Edges are cautious, as the reference resolution is: below a document of the
archive, a child is a document whose reference resolved to it
(``refs.target_doc_id``); a code that is not in the archive is followed by its
code alone, once, at the root.  A code like "12/KH-UBND" that many issuers
share is therefore never taken for another issuer's document.

Usage::

    conn = vnnq.archive.index.open_index("archive.sqlite", readonly=True)
    print(to_text(implementation_tree(conn, "71-NQ/TW")))
"""

from __future__ import annotations

import html
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from vnnq.archive.keys import code_key

_DOC_COLUMNS = "id, code, type, issuer, date, subject, task_count, path"


@dataclass(slots=True)
class Node:
    """One document of the tree; ``doc_id`` is None for a code cited but not in the archive."""

    code: str | None
    doc_id: int | None = None
    type: str | None = None
    issuer: str | None = None
    date: str | None = None
    subject: str | None = None
    task_count: int | None = None
    path: str | None = None
    children: list[Node] = field(default_factory=list)
    cycle: bool = False  # listed elsewhere in the tree too (it cites several of it): expanded there only

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "doc_id": self.doc_id, "in_archive": self.doc_id is not None,
            "type": self.type, "issuer": self.issuer, "date": self.date, "subject": self.subject,
            "task_count": self.task_count, "path": self.path, "cycle": self.cycle,
            "children": [c.to_dict() for c in self.children],
        }

    def count(self) -> int:
        """Documents in the tree, this one included."""
        return 1 + sum(c.count() for c in self.children)


def _node(row: sqlite3.Row | tuple) -> Node:
    doc_id, code, type_, issuer, date, subject, tasks, path = row
    return Node(code, doc_id, type_, issuer, date, subject, tasks, path)


def _citing(conn: sqlite3.Connection, where: str, arg: Any) -> list[Node]:
    rows = conn.execute(
        f"SELECT {', '.join('d.' + c.strip() for c in _DOC_COLUMNS.split(','))} FROM documents d "
        f"WHERE d.id IN (SELECT r.doc_id FROM refs r WHERE {where}) "
        "ORDER BY d.date IS NULL, d.date, d.code, d.id", (arg,)).fetchall()
    return [_node(r) for r in rows]


def implementation_tree(conn: sqlite3.Connection, code: str, *, depth: int = 6) -> Node:
    """The tree of documents implementing ``code`` in the index ``conn``.

    The root is the archive's document with that code when exactly one has it;
    otherwise a node for the code alone, described from how it is cited.
    ``depth`` bounds the levels below the root.
    """
    key = code_key(code)
    found = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE code_key = ? LIMIT 2", (key,)).fetchall()
    if len(found) == 1:
        root = _node(found[0])
        root.children = _citing(conn, "r.target_doc_id = ?", root.doc_id)
    else:
        cited = conn.execute(
            "SELECT code, type, issuer, date, title FROM refs WHERE code_key = ? "
            "ORDER BY (issuer IS NULL) + (date IS NULL), id LIMIT 1", (key,)).fetchone()
        root = Node(cited[0] if cited else code)
        if cited:
            root.type, root.issuer, root.date, root.subject = cited[1], cited[2], cited[3], cited[4]
        root.children = _citing(conn, "r.code_key = ?", key)
    seen = {root.doc_id} if root.doc_id is not None else set()
    level = root.children
    for _ in range(depth - 1):
        below: list[Node] = []
        for n in level:
            if n.doc_id in seen:
                n.cycle = True
                continue
            seen.add(n.doc_id)
            n.children = [c for c in _citing(conn, "r.target_doc_id = ?", n.doc_id) if c.doc_id != n.doc_id]
            below += n.children
        level = below
        if not level:
            break
    for n in level:
        if n.doc_id in seen:
            n.cycle = True
    return root


def _label(n: Node) -> str:
    parts = [n.code or "(không số)"]
    meta = [x for x in (n.type, n.issuer, n.date) if x]
    if meta:
        parts.append(" · ".join(meta))
    parts += [f"({x})" if " " in x and not x[0].isdigit() else x for x in _notes(n)]
    return "  ".join(parts)


def _notes(n: Node) -> list[str]:
    """What a node's box says beside its code and metadata."""
    out = []
    if n.doc_id is None:
        out.append("not in the archive")
    elif n.task_count:
        out.append(f"{n.task_count} task" + ("s" if n.task_count != 1 else ""))
    if n.cycle:
        out.append("also listed elsewhere in the tree")
    return out


def to_text(root: Node) -> str:
    """The tree drawn with box-drawing characters, one document per line."""
    lines = [_label(root)]

    def walk(nodes: list[Node], prefix: str) -> None:
        for i, n in enumerate(nodes):
            last = i == len(nodes) - 1
            lines.append(prefix + ("└── " if last else "├── ") + _label(n))
            walk(n.children, prefix + ("    " if last else "│   "))

    walk(root.children, "")
    return "\n".join(lines) + "\n"


def to_json(root: Node) -> str:
    return json.dumps(root.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(root: Node) -> str:
    """Graphviz DOT: an edge from each document to the documents implementing it
    (render with ``dot -Tsvg``)."""
    out = ["digraph implementation {", "  rankdir=LR;", '  node [shape=box, fontname="DejaVu Sans"];']
    names: dict[int, str] = {}

    def name(n: Node) -> str:
        k = id(n) if n.doc_id is None else n.doc_id
        if k not in names:
            names[k] = f"n{len(names)}"
            label = "\n".join(x for x in (n.code or "(không số)", n.type, n.issuer, n.date) if x)
            style = ", style=dashed" if n.doc_id is None else ""
            out.append(f"  {names[k]} [label={_dot_str(label)}{style}];")
        return names[k]

    def walk(n: Node) -> None:
        a = name(n)
        for c in n.children:
            out.append(f"  {a} -> {name(c)};")
            if not c.cycle:
                walk(c)

    walk(root)
    out.append("}")
    return "\n".join(out) + "\n"


_CSS = """body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;color:#222}
ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:1.6em;border-left:1px solid #bbb}
ul.tree{border-left:none;padding-left:0}
li{margin:.35em 0;position:relative}
ul.tree ul li::before{content:"";position:absolute;left:-1.6em;top:.8em;width:1.3em;border-top:1px solid #bbb}
.doc{display:inline-block;border:1px solid #888;border-radius:4px;padding:.25em .6em;background:#fafafa}
.out{border-style:dashed;background:#fff;color:#555}
.code{font-weight:bold}.meta{color:#555;font-size:.9em}.subj{display:block;font-size:.85em;color:#333}"""


def to_html(root: Node) -> str:
    """A self-contained page (no scripts, no network) with the tree as nested lists."""
    e = html.escape

    def item(n: Node) -> str:
        meta = " · ".join(e(x) for x in (n.type, n.issuer, n.date) if x)
        extra = _notes(n)
        box = (f'<span class="doc{" out" if n.doc_id is None else ""}"><span class="code">{e(n.code or "(không số)")}'
               f'</span> <span class="meta">{meta}{" · " + e(", ".join(extra)) if extra else ""}</span>'
               + (f'<span class="subj">{e(n.subject)}</span>' if n.subject else "") + "</span>")
        kids = "".join(item(c) for c in n.children)
        return f"<li>{box}{'<ul>' + kids + '</ul>' if kids else ''}</li>"

    title = e(f"Implementation of {root.code}")
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_CSS}</style></head><body><h1>{title}</h1>"
            f'<p>{root.count() - 1} documents in the archive implement it.</p>'
            f'<ul class="tree">{item(root)}</ul></body></html>\n')


FORMATS = {"text": to_text, "json": to_json, "dot": to_dot, "html": to_html}
