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


def _extract_all(files: list[str], max_mb: float):
    """(name, Directive or None) per file; a file that fails is reported on
    stderr in one line and yields None, the others go on."""
    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    settings = Settings(max_bytes=int(max_mb * 1024 * 1024))
    for name in files:
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
    failures = 0
    records = []
    for _name, d in _extract_all(args.files, args.max_mb):
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
        "exit status: 0 all read, 1 some failed, 2 all failed",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("files", nargs="+", metavar="FILE", help="files to read ('-' reads standard input)")
    ex.add_argument("--format", choices=["json", "jsonl"], default="json",
                    help="json: one object (a list for several files); jsonl: one line per file")
    ex.add_argument("--no-text", action="store_true", help="leave the normalized text out of the record")
    ex.add_argument("--max-mb", type=float, default=20.0, help="refuse files larger than this (default 20)")
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
