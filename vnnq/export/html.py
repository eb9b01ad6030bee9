"""The review page: one self-contained, offline HTML file per document.

The document's text with every extracted value highlighted by kind
(references, dates, deadlines, units, signer, header fields), a summary card
of the header, and the task list grouped by unit.  Each highlight links to the
field it fed and each field back to its place in the text, so a clerk can
check every value.  No script, font or style is fetched from anywhere.
"""

from __future__ import annotations

from html import escape

from vnnq.export.tasklist import _category_labels, _plain, due_value
from vnnq.model import Directive

_CSS = """
body{font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f3}
header{background:#7a1c1c;color:#fff;padding:12px 20px}
header h1{font-size:18px;margin:0}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;padding:16px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px}
h2{font-size:15px;margin:4px 0 10px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0efe9}
pre.doc{white-space:pre-wrap;font-family:inherit;font-size:14px;line-height:1.55}
mark{padding:0 1px;border-radius:2px}
mark.reference{background:#cfe3ff}
mark.date{background:#e6e6e6}
mark.deadline{background:#ffd1cf}
mark.unit{background:#d4f5d0}
mark.signer{background:#f3ddff}
mark.header{background:#fff2b3}
.legend mark{margin-right:8px}
.unit-group td.unit{font-weight:bold;background:#fafaf5}
.warn{color:#8a4b00}
@media print{main{display:block}}
"""

# nesting order when spans overlap: a larger span of a lower kind holds smaller ones
_KINDS = ("header", "signer", "reference", "unit", "deadline", "date")


# header fields shown on one row of the summary card
_ALIAS = {"number": "code", "notation": "code", "signer.position": "signer.name",
          "signer.authority": "signer.name", "parent": "issuer"}
_SUMMARY_FIELDS = {"type", "code", "issuer", "place", "date", "subject", "signer.name"}


def _spans(d: Directive) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, anchor) of every value to highlight."""
    out: list[tuple[int, int, str, str]] = []
    for name, sp in d.document.spans.items():
        kind = "signer" if name.startswith("signer") else "header"
        out.append((sp.start, sp.end, kind, f"f-{_ALIAS.get(name, name)}"))
    sg = d.document.signer
    if sg.name and sg.end > sg.start and not any(n.startswith("signer") for n in d.document.spans):
        out.append((sg.start, sg.end, "signer", "f-signer.name"))  # the signature block
    for i, r in enumerate(d.references):
        for m in r.mentions:
            out.append((m.start, m.end, "reference", f"ref-{i}"))
    for i, dl in enumerate(d.deadlines):
        out.append((dl.start, dl.end, "deadline", f"dl-{i}"))
    for t in d.tasks:
        lead = None
        if t.unit_span is not None:
            lead = (t.unit_span.start, t.unit_span.end)
            out.append((*lead, "unit", f"task-{t.id}"))
        # the other units of the task (phối hợp, tham mưu, báo cáo về) where they are written
        for role in t.roles:
            if not role.text or (role.role == "lead" and lead is not None):
                continue
            at = d.text.find(role.text, t.start, t.end)
            if at >= 0 and (at, at + len(role.text)) != lead:
                out.append((at, at + len(role.text), "unit", f"task-{t.id}"))
    deadline_spans = {(dl.start, dl.end) for dl in d.deadlines}
    for dv in d.dates:
        if (dv.start, dv.end) not in deadline_spans:
            out.append((dv.start, dv.end, "date", "dates"))
    n = len(d.text)
    return [(max(0, s), min(n, e), k, a) for s, e, k, a in out if 0 <= s < e]


def _highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text as HTML with a mark for every span.  Where spans nest (a
    reference inside the subject, a date inside a deadline) the innermost one
    shows over its range and the outer one around it; links never nest."""
    spans = sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]), _KINDS.index(x[2]), x[3]))
    bounds = sorted({b for s, e, _k, _a in spans for b in (s, e)})
    parts: list[str] = []
    active: list[tuple[int, int, str, str]] = []
    placed: set[tuple[int, int, str, str]] = set()
    nxt = 0
    run: tuple[tuple[int, int, str, str] | None, int] = (None, 0)  # the span shown and where its run began

    def close(upto: int) -> None:
        sp, begin = run
        if begin >= upto:
            return
        chunk = escape(text[begin:upto])
        if sp is None:
            parts.append(chunk)
            return
        s, _e, kind, anchor = sp
        ident = ""
        if sp not in placed:
            placed.add(sp)
            ident = f' id="at-{anchor}-{s}"'
        parts.append(f'<a href="#{anchor}"{ident}><mark class="{kind}" data-kind="{kind}" '
                     f'title="{kind}">{chunk}</mark></a>')

    for b in bounds:
        while nxt < len(spans) and spans[nxt][0] <= b:
            active.append(spans[nxt])
            nxt += 1
        active = [x for x in active if x[1] > b]
        shown = min(active, key=lambda x: (x[1] - x[0], _KINDS.index(x[2]), x[3])) if active else None
        if shown != run[0]:
            close(b)
            # an outer span hidden at its start still gets its anchor there
            for x in active:
                if x[0] == b and x is not shown and x not in placed:
                    placed.add(x)
                    parts.append(f'<a id="at-{x[3]}-{x[0]}"></a>')
            run = (shown, b)
    close(len(text))
    return "".join(parts)


def _row(label: str, value: object, anchor: str | None = None, at: int | None = None) -> str:
    v = escape(str(value)) if value not in (None, "", []) else "<span class=warn>—</span>"
    link = f' <a href="#at-{anchor}-{at}">↧</a>' if anchor and at is not None else ""
    ident = f' id="{anchor}"' if anchor else ""
    return f"<tr{ident}><th>{escape(label)}</th><td>{v}{link}</td></tr>"


def review_page(d: Directive) -> str:
    """The review page of one directive (a complete HTML document)."""
    doc = d.document
    sp = doc.spans

    def field(label: str, name: str, value: object) -> str:
        s = sp.get(name) or next((sp[k] for k, v in _ALIAS.items() if v == name and k in sp), None)
        at = s.start if s else None
        if at is None and name == "signer.name" and doc.signer.name and doc.signer.end > doc.signer.start:
            at = doc.signer.start  # the signature block (see _spans)
        return _row(label, value, f"f-{name}", at)

    summary = "".join([
        field("Loại văn bản", "type", doc.type),
        field("Số, ký hiệu", "code", doc.code),
        field("Cơ quan ban hành", "issuer", doc.issuer),
        field("Địa danh", "place", doc.place),
        field("Ngày ban hành", "date", doc.date),
        field("Trích yếu", "subject", doc.subject),
        _row("Kính gửi", "; ".join(doc.recipients)),
        _row("Nơi nhận", "; ".join(doc.cc)),
        field("Người ký", "signer.name", " ".join(x for x in (doc.signer.authority, doc.signer.position,
                                                               doc.signer.name) if x)),
        _row("Độ khẩn / độ mật", " / ".join(x for x in (doc.urgency, doc.confidentiality) if x)),
    ])
    # any other field read from the text gets its own row, so every highlight has a target
    for name, span in sp.items():
        key = _ALIAS.get(name, name)
        if key not in _SUMMARY_FIELDS and f'id="f-{key}"' not in summary:
            summary += field(key, key, d.text[span.start:span.end])
    refs = "".join(
        f'<tr id="ref-{i}"><td><a href="#at-ref-{i}-{r.mentions[0].start if r.mentions else 0}">'
        f"{escape(r.code)}</a></td><td>{escape(r.type or '')}</td><td>{escape(r.date or '')}</td>"
        f"<td>{escape(r.issuer or '')}</td><td>{len(r.mentions)}</td></tr>"
        for i, r in enumerate(d.references))
    dls = "".join(
        f'<tr id="dl-{i}"><td><a href="#at-dl-{i}-{x.start}">{escape(x.text)}</a></td>'
        f"<td>{escape(x.due or '')}</td><td>{escape(x.recurrence or '')}</td><td>{x.page}</td></tr>"
        for i, x in enumerate(d.deadlines))
    labels = _category_labels()
    by_id = {t.id: t for t in d.tasks}
    task_rows = []
    listed: set[str] = set()
    for g in d.tasks_by_unit:
        task_rows.append(f'<tr class="unit-group"><td class="unit" colspan="5">{escape(g.unit)}'
                         f" <small>({escape(g.category)}{', ' + escape(g.level) if g.level else ''})</small></td></tr>")
        for role, ids in (("chủ trì", g.lead), ("phối hợp", g.coordinating)):
            for tid in ids:
                t = by_id[tid]
                anchor = f' id="task-{t.id}"' if t.id not in listed else ""
                listed.add(t.id)
                at = t.unit_span.start if t.unit_span else t.start
                task_rows.append(
                    f"<tr{anchor}><td>{escape(t.id)}</td><td>{escape(t.action)} "
                    f'<a href="#at-task-{t.id}-{at}">↧</a></td><td>{escape(role)}</td>'
                    f"<td>{escape(_plain(due_value(t)))}</td>"
                    f"<td>{escape('; '.join(labels.get(c.name, c.name) for c in t.categories))}</td></tr>")
    for t in d.tasks:
        if t.id not in listed:
            task_rows.append(f'<tr id="task-{t.id}"><td>{escape(t.id)}</td><td>{escape(t.action)}</td>'
                             f"<td>—</td><td>{escape(_plain(due_value(t)))}</td><td></td></tr>")
    warnings = "".join(f"<p class=warn>{escape(w)}</p>" for w in d.warnings)
    title = escape(" ".join(x for x in (doc.type, doc.code) if x) or d.source.name or "Văn bản")
    legend = "".join(f'<mark class="{k}">{k}</mark>' for k in _KINDS)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vnnq">
<title>{title}</title><style>{_CSS}</style></head>
<body><header><h1>{title}</h1><div>{escape(doc.subject or '')}</div></header>
<main>
<div>
<section><h2>Thông tin văn bản</h2><table>{summary}</table>{warnings}</section>
<section><h2>Nhiệm vụ ({len(d.tasks)})</h2><table>
<tr><th>Mã</th><th>Nhiệm vụ</th><th>Vai trò</th><th>Thời hạn</th><th>Loại</th></tr>{''.join(task_rows)}</table></section>
<section><h2>Thời hạn ({len(d.deadlines)})</h2><table>
<tr><th>Văn bản</th><th>Hạn</th><th>Định kỳ</th><th>Trang</th></tr>{dls}</table></section>
<section><h2>Văn bản được dẫn ({len(d.references)})</h2><table>
<tr><th>Số, ký hiệu</th><th>Loại</th><th>Ngày</th><th>Cơ quan</th><th>Lần</th></tr>{refs}</table></section>
</div>
<section id="dates"><h2>Toàn văn</h2><p class="legend">{legend}</p>
<pre class="doc">{_highlight(d.text, _spans(d))}</pre></section>
</main></body></html>
"""
