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


def _exit_status(failures: int, total: int) -> int:
    if failures:
        return 2 if failures == total else 1
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    if args.format not in ("json", "jsonl"):
        return _extract_other(args)
    failures = 0
    records = []
    for _name, d in _extract_all(args.files, args.max_mb, args.progress or None):
        if d is None:
            failures += 1
            continue
        rec = d.to_dict(include_text=not args.no_text)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if args.format == "json" and records:
        out = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
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
            (out_dir / f"{Path(name).stem}.{args.format}").write_text(render(args.format, [d]), encoding="utf-8")
        return status
    if args.format == "xlsx":
        render("xlsx", [d for _, d in good], path=Path(args.output))
        return status
    text = render(args.format, [d for _, d in good])
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
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
                             max_bytes=int(args.max_mb * 1024 * 1024))
    inbox = Inbox(Path(args.inbox), Path(args.out) if args.out else None, settings)
    counts = inbox.run(once=args.once)
    print("vnnq watch: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from vnnq.api import ApiSettings, serve, token_from

    token = token_from(token_file=args.token_file)
    settings = ApiSettings(max_bytes=int(args.max_mb * 1024 * 1024), timeout=args.timeout,
                           workers=args.workers, token=token)
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
        "extract", help="extract records from directive files (txt, md, html, docx, pdf)",
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
        "  vnnq watch inbox --once          # one sweep, then exit",
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
    wa.set_defaults(func=_cmd_watch)

    se = sub.add_parser(
        "serve", help="the HTTP API (and a small upload page at /)",
        description="Serve the HTTP API: POST /v1/extract and /v1/tasks (a file as multipart 'file', or JSON "
        "{\"text\": ...}; ?format=json|jsonl|html|xlsx|csv|edxml|ics, &download=true), GET /v1/health, /v1/version, /v1/schema, "
        "/openapi.json, /docs. Errors are JSON with 413 (too large), 415 (unsupported), 422 (unreadable), "
        "504 (too slow), 401 (token). Set VNNQ_API_TOKEN (or --token-file) to require a bearer token.",
        epilog="examples:\n  vnnq serve\n  VNNQ_API_TOKEN=secret vnnq serve --port 8080\n"
        "  curl -F file=@cong-van.docx http://127.0.0.1:8000/v1/extract",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    se.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    se.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    se.add_argument("--max-mb", type=float, default=20.0, help="largest upload, MB (default 20)")
    se.add_argument("--timeout", type=float, default=60.0, help="seconds per document (default 60)")
    se.add_argument("--token-file", metavar="FILE", help="read the bearer token from FILE (first line)")
    se.set_defaults(func=_cmd_serve)

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


if __name__ == "__main__":
    sys.exit(main())
