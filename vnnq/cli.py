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
  vnnq extract corpus/dev/*.md --format jsonl > records.jsonl
  vnnq eval corpus/
  vnnq schema > directive.schema.json
"""


def _cmd_extract(args: argparse.Namespace) -> int:
    from vnnq.errors import VnnqError
    from vnnq.pipeline import Settings, extract

    settings = Settings(max_bytes=int(args.max_mb * 1024 * 1024))
    failures = 0
    records = []
    for name in args.files:
        try:
            if name == "-":
                data = sys.stdin.buffer.read()
                d = extract(data, name="stdin", settings=settings)
            else:
                d = extract(Path(name), settings=settings)
        except VnnqError as exc:
            failures += 1
            print(f"vnnq: {name}: {exc.code}: {exc}", file=sys.stderr)
            continue
        except Exception as exc:  # a bug of ours: report it in one line, go on with the other files
            failures += 1
            print(f"vnnq: {name}: internal_error: {type(exc).__name__}: {exc} (please report this file)",
                  file=sys.stderr)
            continue
        rec = d.to_dict(include_text=not args.no_text)
        if args.format == "jsonl":
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if args.format == "json" and records:
        out = records[0] if len(records) == 1 else records
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    if failures:
        return 2 if failures == len(args.files) else 1
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from vnnq.evaluate import evaluate, format_table

    rep = evaluate(args.paths)
    if args.json:
        print(json.dumps(rep.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(rep))
    return 0 if rep.documents else 1


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
        "precision, recall and F1 per field, matched as corpus/GOLD-FORMAT.md describes.",
        epilog="examples:\n  vnnq eval corpus/\n  vnnq eval corpus/test --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("paths", nargs="+", metavar="PATH", help="folders (searched recursively) or gold files")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(func=_cmd_eval)

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
