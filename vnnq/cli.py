"""``vnnq`` command line: a thin layer over :func:`vnnq.extract`.

Imports of the library happen inside the commands so ``vnnq --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EPILOG_MAIN = """examples:
  vnnq extract corpus/seeds/001_6ee8ebe2bd49f0b4.txt
  vnnq tasks corpus/seeds/*.txt --unit "Phòng Văn hóa - Xã hội"
  vnnq extract corpus/dev/*.md --format jsonl > records.jsonl
  vnnq eval corpus/
  vnnq train
  vnnq schema > directive.schema.json
  vnnq index archive/ --db archive.sqlite
  vnnq search --db archive.sqlite "chuyển đổi số"
  vnnq graph 71-NQ/TW --db archive.sqlite
"""


class _OcrProgress:
    """``vnnq: scan.pdf: OCR page 3/12`` on stderr, rewritten in place, for
    documents with two scanned pages or more."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if total < 2:
            return
        msg = f"vnnq: {self.name}: OCR page {done}/{total}"
        end = "\n" if done == total else ""
        sys.stderr.write("\r" + msg.ljust(self.width) + end)
        sys.stderr.flush()
        self.width = len(msg)


def _extract_all(files: list[str], max_mb: float, progress: bool | None = None):
    """(name, Directive or None) per file; a file that fails is reported on
    stderr in one line and yields None, the others go on.  ``progress``: OCR
    progress on stderr (None: when stderr is a terminal)."""
    import dataclasses

    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    settings = Settings(max_bytes=int(max_mb * 1024 * 1024))
    if progress is None:
        progress = sys.stderr.isatty()
    for name in files:
        if progress:
            settings = dataclasses.replace(
                settings, ocr=dataclasses.replace(settings.ocr, progress=_OcrProgress(name)))
        try:
            if name == "-":
                data = sys.stdin.buffer.read()
                yield name, extract(data, name="stdin", settings=settings)
            else:
                yield name, extract(Path(name), settings=settings)
        except VnnqError as exc:
            print(f"vnnq: {name}: {exc.code}: {exc}", file=sys.stderr)
            yield name, None
        except Exception as exc:  # a bug of ours: report it in one line, go on with the other files
            print(f"vnnq: {name}: internal_error: {type(exc).__name__}: {exc} (please report this file)",
                  file=sys.stderr)
            yield name, None


def _write_file(path: Path, text: str) -> None:
    """Write ``text`` through a temporary file and a rename: a full disk leaves
    the old file or none, never a half-written one that looks complete."""
    import os
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # so the message names the file it could not write
        raise


def _exit_status(failures: int, total: int) -> int:
    if failures:
        return 2 if failures == total else 1
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    if args.format not in ("json", "jsonl"):
        return _extract_other(args)
    failures = 0
    records = []
    lines: list[str] = []  # jsonl written to -o at the end, through a temporary file and a rename
    for _name, d in _extract_all(args.files, args.max_mb, args.progress or None):
        if d is None:
            failures += 1
            continue
        rec = d.to_dict(include_text=not args.no_text)
        if args.format == "jsonl":
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            if args.output:
                lines.append(line)
            else:
                sys.stdout.write(line)
        else:
            records.append(rec)
    if args.format == "jsonl" and args.output:  # (it was ignored: the lines went to standard output)
        _write_file(Path(args.output), "".join(lines))
    if args.format == "json" and records:
        out = records[0] if len(records) == 1 else records
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
        if args.output:  # (it was ignored: the record went to standard output)
            _write_file(Path(args.output), text)
        else:
            sys.stdout.write(text)
    return _exit_status(failures, len(args.files))


def _extract_other(args: argparse.Namespace) -> int:
    """html, edxml (one document each), xlsx, csv (the task list), ics (deadlines)."""
    from vnnq.export import render

    per_doc = args.format in ("html", "edxml")
    if args.format == "xlsx" and not args.output:
        print("vnnq: extract: --format xlsx needs --output FILE.xlsx", file=sys.stderr)
        return 2
    if per_doc and len(args.files) > 1 and not args.output:
        print(f"vnnq: extract: --format {args.format} with several files needs --output DIR", file=sys.stderr)
        return 2
    docs = [(name, d) for name, d in _extract_all(args.files, args.max_mb, args.progress or None)]
    good = [(name, d) for name, d in docs if d is not None]
    status = _exit_status(len(docs) - len(good), len(docs))
    if not good:
        return status
    if per_doc and args.output and (len(args.files) > 1 or Path(args.output).is_dir()):
        out_dir = Path(args.output)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, d in good:
            _write_file(out_dir / f"{Path(name).stem}.{args.format}", render(args.format, [d]))
        return status
    if args.format == "xlsx":
        render("xlsx", [d for _, d in good], path=Path(args.output))
        return status
    text = render(args.format, [d for _, d in good])
    if args.output:
        _write_file(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return status


def _cmd_tasks(args: argparse.Namespace) -> int:
    from vnnq.export.tasklist import format_table, task_rows, write_csv, write_xlsx

    if args.format == "xlsx" and not args.output:
        print("vnnq: tasks: --format xlsx needs --output FILE.xlsx", file=sys.stderr)
        return 2
    failures = 0
    directives = []
    for _name, d in _extract_all(args.files, args.max_mb):
        if d is None:
            failures += 1
        else:
            directives.append(d)
    status = _exit_status(failures, len(args.files))
    if not directives:
        return status
    if args.format == "xlsx":
        if args.sheets == "combined":
            groups = [("Nhiệm vụ", task_rows(directives, args.unit))]
        else:
            groups = [(d.document.code or d.source.name or f"VB {i}", task_rows([d], args.unit))
                      for i, d in enumerate(directives, 1)]
        write_xlsx(groups, Path(args.output))
        n = sum(len(rows) for _, rows in groups)
        print(f"vnnq: wrote {n} tasks of {len(directives)} documents to {args.output}", file=sys.stderr)
        return status
    rows = task_rows(directives, args.unit)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "csv":
            write_csv(rows, out)
        elif args.format == "json":
            data = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.cells(i).items()}
                    for i, r in enumerate(rows, 1)]
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(format_table(rows) + "\n")
    finally:
        if args.output:
            out.close()
    return status


def _cmd_watch(args: argparse.Namespace) -> int:
    import logging

    from vnnq.watch import Inbox, WatchSettings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s vnnq watch: %(message)s", stream=sys.stderr)
    settings = WatchSettings(workers=args.workers, sweep_every=args.sweep, stable_for=args.stable,
                             max_bytes=int(args.max_mb * 1024 * 1024), file_timeout=args.timeout)
    inbox = Inbox(Path(args.inbox), Path(args.out) if args.out else None, settings)
    failed_before = _names(inbox.failed)
    counts = inbox.run(once=args.once)
    print("vnnq watch: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    status = 0
    if args.once:
        # one sweep, for a script or a scheduled job: say whether everything dropped in was done
        from vnnq.watch import ignored

        failed = sum(n.endswith(".error.json") for n in _names(inbox.failed) - failed_before)
        left = sorted(p.name for p in inbox.inbox.iterdir() if p.is_file() and not ignored(p.name))
        if failed or left:
            print(f"vnnq watch: {failed} file(s) failed (in {inbox.failed}), {len(left)} left in the inbox"
                  + (f": {', '.join(left[:10])}" if left else ""), file=sys.stderr)
            status = 1
    _exit_if_stuck(logging.getLogger("vnnq.watch"))
    return status


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _exit_if_stuck(log) -> None:
    """The watcher's work is done and its journal closed; a thread that does not
    end (rarely, a process pool's manager thread after a worker died and a Ctrl-C)
    would keep the interpreter from exiting.  Give each 10 s, then exit anyway."""
    import faulthandler
    import os
    import threading

    # and if the interpreter still hangs on its way out, say where, and end
    faulthandler.dump_traceback_later(60, exit=True)
    stuck = [t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
    for t in stuck:
        t.join(timeout=10)
    stuck = [t.name for t in stuck if t.is_alive()]
    if stuck:
        log.warning("threads still running at exit (%s): exiting without them", ", ".join(stuck))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _cmd_index(args: argparse.Namespace) -> int:
    import signal
    import time

    from vnnq.archive.index import IndexSettings, index_archive

    settings = IndexSettings(workers=args.workers, engine=args.engine, scheduler=args.scheduler,
                             batch=args.batch, max_bytes=int(args.max_mb * 1024 * 1024),
                             retry_errors=args.retry_errors, file_timeout=args.file_timeout,
                             prune=args.prune)
    mode = "none" if args.quiet else ("plain" if args.plain or not sys.stderr.isatty() else "bar")
    bar = None
    last = [0.0]

    def show(p) -> None:
        nonlocal bar
        if mode == "bar":
            if bar is None:
                from tqdm import tqdm
                bar = tqdm(total=p.total, unit="file", dynamic_ncols=True, file=sys.stderr)
            bar.n = p.done
            bar.set_postfix_str(f"new {p.indexed}, skipped {p.unchanged + p.duplicates}, errors {p.errors}",
                                refresh=False)
            if time.monotonic() - last[0] > 0.2:  # tqdm's own refresh is per update: too often
                bar.refresh()
                last[0] = time.monotonic()
        elif mode == "plain" and (time.monotonic() - last[0] >= args.log_every or p.done == p.total):
            last[0] = time.monotonic()
            rate = p.indexed / p.elapsed if p.elapsed else 0.0
            left = ""
            if p.total and p.done:
                secs = (p.total - p.done) * p.elapsed / p.done
                left = f", {secs / 60:.1f} min left"
            print(f"vnnq index: {p.done}/{p.total if p.total is not None else '?'} files, {p.indexed} new, "
                  f"{p.unchanged + p.duplicates} skipped, {p.errors} errors, {rate:.1f} docs/s{left}",
                  file=sys.stderr, flush=True)

    # SIGTERM stops like Ctrl-C: the files done are committed, the next run goes on
    def _term(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, _term)
    try:
        prog = index_archive(args.archive, args.db, settings, progress=None if mode == "none" else show,
                             count_first=mode != "none")
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        print("vnnq index: interrupted; the files done are in the index, run the same command to go on",
              file=sys.stderr)
        return 130
    if bar is not None:
        bar.n = prog.done
        bar.close()
    summary = prog.to_dict()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    rate = prog.indexed / prog.elapsed if prog.elapsed else 0.0
    print(f"vnnq index: {prog.done} files in {prog.elapsed:.1f} s: {prog.indexed} new ({rate:.1f} docs/s), "
          f"{prog.unchanged} unchanged, {prog.duplicates} duplicates, {prog.errors} errors, "
          f"{prog.removed} removed" + (f", {prog.pruned} pruned" if args.prune else "") + f" -> {args.db}",
          file=sys.stderr)
    return 0


def _write_rows(columns: list[str], rows: list[dict], fmt: str, out) -> None:
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        import csv
        w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    else:
        widths = {"subject": 48, "action": 56, "snippet": 56, "text": 40, "path": 40, "title": 40,
                  "target_path": 40, "cited_path": 40, "coordinating": 30}
        shown = [c for c in columns if c not in ("path", "target_path", "cited_path")] or columns

        def cell(c, v):
            s = "" if v is None else " ".join(str(v).split())
            w = widths.get(c, 28)
            return s if len(s) <= w else s[: w - 1] + "…"
        table = [[cell(c, c) for c in shown]] + [[cell(c, r.get(c)) for c in shown] for r in rows]
        size = [max(len(row[i]) for row in table) for i in range(len(shown))]
        for i, row in enumerate(table):
            out.write("  ".join(v.ljust(size[j]) for j, v in enumerate(row)).rstrip() + "\n")
            if i == 0:
                out.write("  ".join("-" * n for n in size) + "\n")


def _cmd_search(args: argparse.Namespace) -> int:
    import sqlite3

    from vnnq.archive.index import open_index
    from vnnq.archive.search import Query, search

    q = Query(text=" ".join(args.text) if args.text else None, cites=args.cites, unit=args.unit,
              due_after=args.due_after, due_before=args.due_before, issuer=args.issuer, type=args.type,
              date_from=args.date_from, date_to=args.date_to, kind=args.kind, rank=args.rank,
              limit=args.limit, offset=args.offset)
    try:
        conn = open_index(args.db, readonly=True)
        try:
            res = search(conn, q)
        finally:
            conn.close()
    except (FileNotFoundError, ValueError, sqlite3.Error) as exc:
        print(f"vnnq search: {exc}", file=sys.stderr)
        return 2
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        _write_rows(res.columns, res.rows, args.format, out)
    finally:
        if args.output:
            out.close()
    if args.format == "table":
        print(f"vnnq search: {len(res.rows)} {res.kind}" + (" (more with --offset)" if len(res.rows) == q.limit
                                                             else ""), file=sys.stderr)
    return 0 if res.rows else 1


def _cmd_graph(args: argparse.Namespace) -> int:
    import sqlite3

    from vnnq.archive.graph import FORMATS, implementation_tree
    from vnnq.archive.index import open_index

    try:
        conn = open_index(args.db, readonly=True)
        try:
            tree = implementation_tree(conn, args.code, depth=args.depth)
        finally:
            conn.close()
    except (FileNotFoundError, ValueError, sqlite3.Error) as exc:
        print(f"vnnq graph: {exc}", file=sys.stderr)
        return 2
    page = FORMATS[args.format](tree)
    if args.output:
        Path(args.output).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0 if tree.children else 1


def _cmd_export(args: argparse.Namespace) -> int:
    from vnnq.archive.export import export_parquet

    try:
        counts = export_parquet(args.db, args.parquet, texts=args.texts)
    except FileNotFoundError as exc:
        print(f"vnnq export: {exc}", file=sys.stderr)
        return 2
    print("vnnq export: " + ", ".join(f"{t} {n}" for t, n in counts.items()) + f" rows -> {args.parquet}",
          file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from vnnq.api import ApiSettings, serve, token_from

    try:
        token = token_from(token_file=args.token_file)
    except (OSError, ValueError) as exc:
        print(f"vnnq serve: {exc}", file=sys.stderr)
        return 2
    settings = ApiSettings(max_bytes=int(args.max_mb * 1024 * 1024), timeout=args.timeout,
                           workers=args.workers, token=token, db=Path(args.db) if args.db else None,
                           job_timeout=args.job_timeout, max_jobs=args.max_jobs)
    if args.db and not Path(args.db).is_file():
        print(f"vnnq serve: {args.db}: no such index (build it with 'vnnq index')", file=sys.stderr)
        return 2
    if args.host not in ("127.0.0.1", "localhost", "::1") and not token:
        print("vnnq serve: warning: listening beyond this machine without a token (set VNNQ_API_TOKEN)",
              file=sys.stderr)
    serve(args.host, args.port, settings)
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from vnnq.classify.train import train_all

    train_all(Path(args.corpus), Path(args.models), log=lambda s: print(s, file=sys.stderr))
    print(f"vnnq: models written to {args.models}", file=sys.stderr)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from vnnq.evaluate import evaluate, format_table

    from vnnq.classify.evaluate import evaluate_classification, format_report

    rep = evaluate(args.paths)
    # the classification's labelled data, where a PATH holds it (corpus/units, corpus/tasks)
    classification = {p: r for p in args.paths if Path(p).is_dir()
                      for r in [evaluate_classification(Path(p))] if r is not None}
    if args.json:
        out = rep.to_dict()
        if classification:
            out["classification"] = classification
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_table(rep))
        for r in classification.values():
            print(format_report(r))
    return 0 if rep.documents or classification else 1


def _cmd_corpus_export(args: argparse.Namespace) -> int:
    try:
        from vnnq.spacy_corpus import export_spacy
    except ImportError as exc:  # spaCy is an optional dependency
        print(f"vnnq: corpus export --format spacy needs spaCy ({exc}): pip install -e '.[spacy]'", file=sys.stderr)
        return 2
    summary = export_spacy(Path(args.corpus), Path(args.out)).to_dict()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        docs = ", ".join(f"{k} {v}" for k, v in summary["documents"].items())
        print(f"vnnq: wrote {args.out}/train.spacy and dev.spacy ({docs} documents)", file=sys.stderr)
        for label, n in summary["spans"].items():
            print(f"  {label:10} {n:5} spans, {summary['values'][label]:4} gold values, "
                  f"{summary['unlocated'][label]} not found in the text", file=sys.stderr)
        for line in summary["unlocated_examples"]:
            print(f"  not found: {line}", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from vnnq.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vnnq",
        description="Read Vietnamese directives (công văn, kế hoạch, quyết định, thông báo, chỉ thị ...) "
        "and print structured data: header, recipients, signer, references, dates, deadlines and the task list. "
        "Runs offline.",
        epilog=EPILOG_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version="vnnq 0.1.0")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "extract", help="extract records from directive files (txt, md, html, docx, doc, rtf, odt, pdf, scans)",
        description="Extract one JSON record per file. Format is decided by content, not extension. "
        "A file that cannot be read is reported on stderr with its reason; the others still complete.",
        epilog="examples:\n  vnnq extract cong-van.docx\n  vnnq extract a.pdf b.txt --format jsonl --no-text\n"
        "  vnnq extract ke-hoach.docx --format html > review.html\n"
        "  vnnq extract inbox/*.pdf --format ics --output han.ics\n"
        "exit status: 0 all read, 1 some failed, 2 all failed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("files", nargs="+", metavar="FILE", help="files to read ('-' reads standard input)")
    ex.add_argument("--format", choices=["json", "jsonl", "html", "xlsx", "csv", "edxml", "ics"], default="json",
                    help="json: one object (a list for several files); jsonl: one line per file; "
                    "html: the review page (offline, values highlighted in the text); xlsx/csv: the task list; "
                    "edxml: the header as edXML metadata (NĐ 30/2020 Phụ lục VI); ics: deadlines as calendar "
                    "events")
    ex.add_argument("--output", "-o", metavar="PATH",
                    help="write to PATH (a file; a folder for html/edxml of several files) instead of stdout")
    ex.add_argument("--no-text", action="store_true", help="leave the normalized text out of the record")
    ex.add_argument("--max-mb", type=float, default=20.0, help="refuse files larger than this (default 20)")
    ex.add_argument("--progress", action="store_true",
                    help="show OCR progress of scans on stderr (default: when stderr is a terminal)")
    ex.set_defaults(func=_cmd_extract)

    ev = sub.add_parser(
        "eval", help="score extraction against gold annotations (precision, recall, F1 per field)",
        description="Run extraction on every NAME.* with a NAME.gold.json beside it and print "
        "precision, recall and F1 per field, matched as corpus/GOLD-FORMAT.md describes. "
        "A folder holding units/variants.jsonl or tasks/labels.jsonl (corpus/) also gets the "
        "classification scores: unit canonicalization, split, level and category, and task category "
        "(held-out splits, model beside the keyword-rule baseline).",
        epilog="examples:\n  vnnq eval corpus/\n  vnnq eval corpus/test --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("paths", nargs="+", metavar="PATH", help="folders (searched recursively) or gold files")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(func=_cmd_eval)

    ta = sub.add_parser(
        "tasks", help="the task list: every duty with its unit, deadline and kind, grouped by unit",
        description="Extract the task list of each file in the shape of the incoming-document handling "
        "slip (NĐ 30/2020 Phụ lục IV): STT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Thời hạn, "
        "Loại nhiệm vụ, Văn bản nguồn (số/ký hiệu, ngày), Trang; grouped by unit.",
        epilog="examples:\n  vnnq tasks ke-hoach.docx\n"
        "  vnnq tasks corpus/seeds/*.txt --unit \"Phòng Văn hóa - Xã hội\"\n"
        "  vnnq tasks inbox/*.pdf --format xlsx --output nhiem-vu.xlsx --sheets combined\n"
        "  vnnq tasks a.docx --format csv --output a.csv\n"
        "exit status: 0 all read, 1 some failed, 2 all failed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ta.add_argument("files", nargs="+", metavar="FILE", help="files to read ('-' reads standard input)")
    ta.add_argument("--format", choices=["table", "csv", "xlsx", "json"], default="table",
                    help="table (default, for the terminal), csv, xlsx (needs --output) or json")
    ta.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    ta.add_argument("--unit", metavar="NAME",
                    help="only this unit's tasks (as lead or coordinating unit); any spelling: "
                    "'UBND phường' matches 'Ủy ban nhân dân Phường'")
    ta.add_argument("--sheets", choices=["per-document", "combined"], default="per-document",
                    help="xlsx: one sheet per document (default) or one combined sheet")
    ta.add_argument("--max-mb", type=float, default=20.0, help="refuse files larger than this (default 20)")
    ta.set_defaults(func=_cmd_tasks)

    wa = sub.add_parser(
        "watch", help="watch an inbox folder: every directive dropped in gets its record, task list and review page",
        description="Watch INBOX (file-system events and a periodic sweep). Each complete file dropped in is "
        "extracted; NAME.json (the record), NAME.xlsx (the task list) and NAME.html (the review page) are "
        "written to the outbox, and the original moves to INBOX/processed/YYYY-MM-DD/. A file that cannot be "
        "read moves to INBOX/failed/ with NAME.error.json. A SQLite journal in the outbox makes every file "
        "done exactly once, across restarts and kills; the same content dropped twice is recorded as a "
        "duplicate. Office temporary files (~$x.docx, .~lock, *.part) are ignored. SIGTERM/SIGINT stop "
        "cleanly after the files in flight.",
        epilog="examples:\n  vnnq watch ~/van-ban-den --out ~/van-ban-den/ket-qua\n"
        "  vnnq watch inbox --once          # one sweep, then exit\n\n"
        "exit status with --once: 0 every file done, 1 some failed or left in the inbox (held open by\n"
        "another program, or outputs that could not be written: the next run does them)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    wa.add_argument("inbox", metavar="INBOX", help="the folder to watch (created if missing)")
    wa.add_argument("--out", metavar="OUTBOX", help="where outputs go (default INBOX/out)")
    wa.add_argument("--once", action="store_true", help="do every file there now, then exit")
    wa.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    wa.add_argument("--sweep", type=float, default=5.0, help="seconds between full sweeps (default 5)")
    wa.add_argument("--stable", type=float, default=1.0,
                    help="seconds a file's size and mtime must stay unchanged before it is read (default 1)")
    wa.add_argument("--max-mb", type=float, default=20.0, help="refuse files larger than this (default 20)")
    wa.add_argument("--timeout", type=float, default=600.0,
                    help="seconds a file may take before its worker is taken for stuck and replaced; the file "
                    "is tried once more, then moved to failed/ with the code 'timeout' (default 600, 0: no limit)")
    wa.set_defaults(func=_cmd_watch)

    se = sub.add_parser(
        "serve", help="the HTTP API (and a small upload page at /)",
        description="Serve the HTTP API: POST /v1/extract and /v1/tasks (a file as multipart 'file', or JSON "
        "{\"text\": ...}; ?format=json|jsonl|html|xlsx|csv|edxml|ics, &download=true), POST /v1/jobs for long "
        "documents (202 and Location: /v1/jobs/ID; GET it for status and progress, then /v1/jobs/ID/result), GET /v1/search (with --db: "
        "the queries of 'vnnq search' over an archive index), GET /v1/health, /v1/version, /v1/schema, "
        "/openapi.json, /docs. Errors are JSON with 413 (too large), 415 (unsupported), 422 (unreadable), "
        "504 (too slow), 401 (token). Set VNNQ_API_TOKEN (or --token-file) to require a bearer token.",
        epilog="examples:\n  vnnq serve\n  VNNQ_API_TOKEN=secret vnnq serve --port 8080\n"
        "  curl -F file=@cong-van.docx http://127.0.0.1:8000/v1/extract\n"
        "  vnnq serve --db archive.sqlite   # curl 'http://127.0.0.1:8000/v1/search?q=quan+triet&unit=UBND+x%C3%A3'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    se.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    se.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    se.add_argument("--max-mb", type=float, default=20.0, help="largest upload, MB (default 20)")
    se.add_argument("--timeout", type=float, default=60.0, help="seconds per document (default 60)")
    se.add_argument("--job-timeout", type=float, default=1800.0,
                    help="seconds per job of POST /v1/jobs, for long documents such as scans (default 1800)")
    se.add_argument("--max-jobs", type=int, default=20,
                    help="jobs waiting or running at once (past that: 429), and finished jobs kept (default 20)")
    se.add_argument("--token-file", metavar="FILE", help="read the bearer token from FILE (first line)")
    se.add_argument("--db", metavar="INDEX", help="an archive index (vnnq index): enables GET /v1/search")
    se.set_defaults(func=_cmd_serve)

    ix = sub.add_parser(
        "index", help="index an archive: every directive under the folders, extracted in parallel, into SQLite",
        description="Walk ARCHIVE folders recursively (txt, md, html, docx, doc, rtf, odt, pdf, png, jpg, tif; "
        "a file vnnq cannot read is recorded with the reason), extract every file in parallel and store the records in one SQLite file: documents, "
        "references (linked to the cited document when it is in the archive), mentions, dates, deadlines, "
        "tasks, units, and a full-text index usable with and without diacritics. Incremental and "
        "resumable: a re-run skips unchanged files and contents already indexed, redoes changed ones, and "
        "an interruption (Ctrl-C, SIGTERM, even a kill) loses at most the last few seconds of work. A file "
        "that cannot be read is recorded with its reason (table files) and the batch goes on.",
        epilog="examples:\n  vnnq index /srv/luu-tru --db archive.sqlite\n"
        "  vnnq index a/ b/ --db archive.sqlite --quiet\n"
        "  vnnq index /srv/luu-tru --db archive.sqlite --engine dask --scheduler tcp://10.0.0.5:8786\n"
        "  vnnq index /srv/luu-tru --db archive.sqlite --engine dask --workers 4   # a LocalCluster\n"
        "the schema: vnnq/archive/schema.sql",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ix.add_argument("archive", nargs="+", metavar="ARCHIVE", help="folders (searched recursively) or files")
    ix.add_argument("--db", required=True, metavar="INDEX", help="the SQLite index file (created if missing)")
    ix.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="local: a process pool on this machine (default); dask: a Dask distributed cluster")
    ix.add_argument("--scheduler", metavar="ADDRESS",
                    help="dask: the scheduler (tcp://HOST:8786); without it a LocalCluster is started")
    ix.add_argument("--workers", type=int, default=None,
                    help="extraction processes (default: the machine's cores; dask: the LocalCluster's workers)")
    ix.add_argument("--batch", type=int, default=200, help="files per transaction (default 200)")
    ix.add_argument("--retry-errors", action="store_true", help="try files recorded as errors again")
    ix.add_argument("--prune", action="store_true",
                    help="after the walk, drop files gone from the ARCHIVE folders (deleted or moved) and their "
                    "documents")
    ix.add_argument("--max-mb", type=float, default=20.0, help="refuse files larger than this (default 20)")
    ix.add_argument("--file-timeout", type=float, default=120.0, metavar="SECONDS",
                    help="a file taking longer is recorded as a 'timeout' error and the batch goes on "
                    "(default 120; 0: no limit; local engine)")
    ix.add_argument("--quiet", "-q", action="store_true", help="no progress, only the final line")
    ix.add_argument("--plain", action="store_true",
                    help="a plain progress line every --log-every seconds instead of the bar "
                    "(the default when stderr is not a terminal)")
    ix.add_argument("--log-every", type=float, default=10.0, help="seconds between plain progress lines")
    ix.add_argument("--json", action="store_true", help="print the final counts as JSON on stdout")
    ix.set_defaults(func=_cmd_index)

    sr = sub.add_parser(
        "search", help="search an archive index: full text, citations, tasks of a unit, deadlines, issuer, type",
        description="Query an index made by 'vnnq index'. All filters combine (AND). TEXT is a phrase (words in "
        "that order); with double quotes inside, each quoted part is a phrase and each other word a term. A "
        "phrase without diacritics matches with any ('quan triet' finds 'quán triệt', 'dang uy' finds "
        "'Đảng ủy'); one with diacritics matches them exactly. The rows are documents, or the tasks of --unit "
        "(matched on the canonical unit, any spelling), or the deadlines of a --due window; --kind chooses.",
        epilog="examples:\n  vnnq search --db archive.sqlite \"chuyển đổi số\"\n"
        "  vnnq search --db archive.sqlite quan triet --type \"Kế hoạch\" --from 2026-01-01\n"
        "  vnnq search --db archive.sqlite --cites 71-NQ/TW --format csv > cites.csv\n"
        "  vnnq search --db archive.sqlite --unit \"Phòng Văn hóa - Xã hội\" --due-after 2026-11-01 "
        "--due-before 2026-12-31\n"
        "  vnnq search --db archive.sqlite --due-after 2026-11-01 --due-before 2026-12-31 --format json\n"
        "  vnnq search --db archive.sqlite --issuer \"UBND tỉnh\" --kind refs\n"
        "exit status: 0 rows found, 1 none, 2 an error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sr.add_argument("text", nargs="*", metavar="TEXT", help="full-text query")
    sr.add_argument("--db", required=True, metavar="INDEX", help="the index file")
    sr.add_argument("--cites", metavar="CODE", help="documents citing this code (71-NQ/TW)")
    sr.add_argument("--unit", metavar="NAME", help="tasks of this unit, as lead or coordinating unit")
    sr.add_argument("--due-after", metavar="DATE", help="deadlines on or after DATE (ISO)")
    sr.add_argument("--due-before", metavar="DATE", help="deadlines on or before DATE (ISO)")
    sr.add_argument("--issuer", metavar="NAME", help="documents of this issuer (any spelling; a part matches)")
    sr.add_argument("--type", metavar="TYPE", help="documents of this type (Kế hoạch, Công văn ...)")
    sr.add_argument("--from", dest="date_from", metavar="DATE", help="documents dated on or after DATE")
    sr.add_argument("--to", dest="date_to", metavar="DATE", help="documents dated on or before DATE")
    sr.add_argument("--kind", choices=["documents", "tasks", "deadlines", "refs"],
                    help="what the rows are (default: tasks with --unit, deadlines with a --due window, "
                    "else documents)")
    sr.add_argument("--rank", action="store_true",
                    help="full text: the most relevant documents first (bm25; slower on a large archive) "
                    "instead of the newest indexed first")
    sr.add_argument("--format", choices=["table", "json", "jsonl", "csv"], default="table",
                    help="table (default), json, jsonl or csv")
    sr.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    sr.add_argument("--limit", type=int, default=50, help="rows at most (default 50)")
    sr.add_argument("--offset", type=int, default=0, help="skip this many rows first (paging)")
    sr.set_defaults(func=_cmd_search)

    gr = sub.add_parser(
        "graph", help="the implementation tree of a document: who cites it, who cites those, in an archive index",
        description="Read from an index made by 'vnnq index' which documents cite CODE, which cite those, and so "
        "on down, with their issuers, dates and task counts. Below a document of the archive, a child is a "
        "document whose reference resolved to it (a code many issuers share, like 12/KH-UBND, is never guessed); "
        "a code not in the archive is followed by its code at the root.",
        epilog="examples:\n  vnnq graph 71-NQ/TW --db archive.sqlite\n"
        "  vnnq graph 71-NQ/TW --db archive.sqlite --format html -o 71-NQ-TW.html\n"
        "  vnnq graph 02-CTr/TU --db archive.sqlite --format dot | dot -Tsvg > tree.svg\n"
        "exit status: 0 a tree, 1 nothing in the archive cites CODE, 2 an error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gr.add_argument("code", metavar="CODE", help="the document's code (71-NQ/TW, 02-CTr/TU, 45/KH-UBND)")
    gr.add_argument("--db", required=True, metavar="INDEX", help="the index file")
    gr.add_argument("--format", choices=["text", "json", "dot", "html"], default="text",
                    help="text tree (default), json, dot (Graphviz) or html (a self-contained page)")
    gr.add_argument("--depth", type=int, default=6, help="levels below CODE at most (default 6)")
    gr.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    gr.set_defaults(func=_cmd_graph)

    xp = sub.add_parser(
        "export", help="export an archive index's tables as Parquet (for DuckDB, Spark, pandas)",
        description="Write each table of the index (documents, files, refs, mentions, dates, deadlines, tasks, "
        "units; texts with --texts) to DIR/TABLE.parquet, streaming.",
        epilog="examples:\n  vnnq export --db archive.sqlite --parquet out/\n"
        "  duckdb -c \"SELECT type, count(*) FROM 'out/documents.parquet' GROUP BY 1\"",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    xp.add_argument("--db", required=True, metavar="INDEX", help="the index file")
    xp.add_argument("--parquet", required=True, metavar="DIR", help="the folder to write to (created if missing)")
    xp.add_argument("--texts", action="store_true", help="also the normalized texts (the bulk of the index)")
    xp.set_defaults(func=_cmd_export)

    tr = sub.add_parser(
        "train", help="rebuild the models in models/ from the labelled data in corpus/",
        description="Train the task-category and unit-category models from corpus/tasks/labels.jsonl and "
        "corpus/units/variants.jsonl (fixed seeds: the same data gives the same weights), print their "
        "held-out scores beside the rule baselines, and write models/*.json with their metadata "
        "(training-data hash, library versions, cross-validated scores per class). Needs scikit-learn "
        "(pip install -e '.[train]').",
        epilog="example:\n  vnnq train\n  vnnq train --corpus corpus --models /tmp/models",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tr.add_argument("--corpus", default="corpus", help="folder with tasks/ and units/ (default corpus)")
    tr.add_argument("--models", default="models", help="folder to write the models to (default models)")
    tr.set_defaults(func=_cmd_train)

    co = sub.add_parser(
        "corpus", help="the gold corpus in other formats (spaCy DocBin)",
        description="Export the gold corpus (corpus/*/NAME.gold.json beside the text) for other tools.",
        epilog="example:\n  vnnq corpus export --format spacy --out corpus-spacy/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    co_sub = co.add_subparsers(dest="corpus_command", metavar="COMMAND", required=True)
    ce = co_sub.add_parser(
        "export", help="write the gold corpus as spaCy DocBin files (train.spacy, dev.spacy)",
        description="Write the gold corpus as spaCy DocBin files: train.spacy (corpus/seeds, corpus/dev) and "
        "dev.spacy (corpus/test, holdout4, holdout5), split by document. Each Doc is the document's "
        "normalized text; the gold values (UNIT, RECIPIENT, CC, REFERENCE, DEADLINE, ISSUER, SIGNER) are "
        "located in it and put in doc.spans['sc'], the units alone also in doc.spans['units']. Values not "
        "found in the text are listed. Needs spaCy (pip install -e '.[spacy]').",
        epilog="example:\n  vnnq corpus export --format spacy --out corpus-spacy/\n"
        "  python -m spacy train vnnq/data/spacy/spancat.cfg --paths.train corpus-spacy/train.spacy "
        "--paths.dev corpus-spacy/dev.spacy",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ce.add_argument("--format", choices=["spacy"], default="spacy", help="output format (spacy: DocBin)")
    ce.add_argument("--out", required=True, metavar="DIR", help="folder to write to (created if missing)")
    ce.add_argument("--corpus", default="corpus", metavar="DIR", help="the corpus folder (default corpus)")
    ce.add_argument("--json", action="store_true", help="print the counts as JSON on stdout")
    ce.set_defaults(func=_cmd_corpus_export)

    sc = sub.add_parser(
        "schema", help="print the JSON Schema of the record",
        description="Print the JSON Schema (draft 2020-12) that every record of 'vnnq extract' follows.",
        epilog="example:\n  vnnq schema > directive.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sc.set_defaults(func=_cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        import errno
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise
        # a full disk (or quota, or file size limit) is the machine's state, not a bug: one line
        where = f": {exc.filename}" if exc.filename else ""
        print(f"vnnq: no space left to write{where} ({exc.strerror}); free some disk space and run again",
              file=sys.stderr)
        return 2
    except Exception as exc:
        import sqlite3
        if not (isinstance(exc, sqlite3.OperationalError) and ("full" in str(exc) or "disk I/O" in str(exc))):
            raise
        # SQLite rolled the transaction back: the database is as it was before it.  (A file
        # size limit or a quota shows as "disk I/O error", a full disk as "database or disk is full".)
        print(f"vnnq: the database could not be written ({exc}): no space left on its disk, or a quota or "
              "file size limit; free some space and run again (the work done so far is kept)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
