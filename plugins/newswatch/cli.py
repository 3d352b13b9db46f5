"""The ``newswatch`` command line.

newswatch extract --input IN.jsonl --output OUT.jsonl   quotes and mentions per document (stable contract)
newswatch sql "SELECT ..." | -f FILE.sql | -q NAME [--format table|csv|json|parquet] [-o FILE]
newswatch eval --gold FILE [FILE ...]                    score quote extraction on gold files
newswatch reextract                                      rebuild text, mentions, quotes from the archive
newswatch report [--out PATH]                            write the HTML trend report
newswatch summary                                        print the run summary
newswatch serve-snapshot [--port-base N]                 serve the bundled offline news site
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from newswatch.settings import load_settings


def _cmd_extract(args: argparse.Namespace) -> int:
    from newswatch.extract import extract
    from newswatch.pipeline import analyze_text, gazetteer

    gaz = gazetteer(load_settings())
    bad = 0
    with open(args.input, encoding="utf-8") as src, open(args.output, "w", encoding="utf-8") as dst:
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                text = doc.get("text")
                if text is None:
                    text = extract(str(doc["html"]), str(doc.get("url") or "about:blank")).text
                result = analyze_text(str(text), gaz)
            except (ValueError, KeyError, TypeError) as exc:
                bad += 1
                print(f"{args.input}:{lineno}: skipped: {exc}", file=sys.stderr)
                out: dict[str, Any] = {"id": None, "error": str(exc), "quotes": [], "mentions": []}
                dst.write(json.dumps(out) + "\n")
                continue
            quotes = [
                {
                    k: q[k]
                    for k in (
                        "quote",
                        "speaker",
                        "speaker_title",
                        "speaker_affiliation",
                        "speaker_role",
                        "start",
                        "end",
                        "confidence",
                    )
                }
                for q in result["quotes"]
            ]
            mentions = [
                {
                    "entity": m["entity"],
                    "category": m["category"],
                    "text": m["text"],
                    "start": m["start"],
                    "end": m["end"],
                }
                for m in result["mentions"]
            ]
            row = {"id": doc.get("id"), "quotes": quotes, "mentions": mentions}
            if "html" in doc and "text" not in doc:
                row["text"] = text
            dst.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 1 if bad and args.strict else 0


def _cmd_sql(args: argparse.Namespace) -> int:
    from newswatch.db import LockTimeout, connect_reader

    settings = load_settings()
    if args.query_name:
        path = settings.sql_dir / "queries" / f"{args.query_name}.sql"
        if not path.exists():
            names = sorted(p.stem for p in (settings.sql_dir / "queries").glob("*.sql"))
            print(f"newswatch sql: no query {args.query_name!r}; known: {', '.join(names)}", file=sys.stderr)
            return 2
        query = path.read_text(encoding="utf-8")
    else:
        query = Path(args.file).read_text(encoding="utf-8") if args.file else args.query
    if not query:
        print("newswatch sql: give a query, -f FILE or -q NAME", file=sys.stderr)
        return 2
    if not settings.db_path.exists():
        print(f"newswatch sql: no database at {settings.db_path} (run the pipeline first)", file=sys.stderr)
        return 2
    fmt = "csv" if args.csv else args.format
    try:
        with connect_reader(settings.db_path, live=args.live) as con:
            if fmt == "parquet":
                if not args.output:
                    print("newswatch sql: --format parquet needs --output FILE", file=sys.stderr)
                    return 2
                con.execute(f"COPY ({query.strip().rstrip(';')}) TO '{_sql_literal(args.output)}' (FORMAT parquet)")
                print(args.output)
                return 0
            cur = con.execute(query)
            cols = [d[0] for d in cur.description or []]
            rows = cur.fetchall()
    except LockTimeout as exc:
        print(f"newswatch sql: {exc}", file=sys.stderr)
        return 3
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        _print_rows(out, fmt, cols, rows)
    finally:
        if args.output:
            out.close()
    return 0


def _sql_literal(text: str) -> str:
    return text.replace("'", "''")


def _print_rows(out: Any, fmt: str, cols: list[str], rows: list[tuple[Any, ...]]) -> None:
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(cols)
        writer.writerows(rows)
        return
    if fmt == "json":
        for r in rows:
            out.write(json.dumps(dict(zip(cols, r, strict=True)), default=str, ensure_ascii=False) + "\n")
        return
    widths = [min(60, max([len(c)] + [len(_cell(r[i])) for r in rows])) for i, c in enumerate(cols)]
    out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in rows:
        out.write("  ".join(_cell(v)[:w].ljust(w) for v, w in zip(r, widths, strict=True)) + "\n")
    out.write(f"({len(rows)} rows)\n")


def _cell(value: Any) -> str:
    return "NULL" if value is None else str(value)


def _cmd_eval(args: argparse.Namespace) -> int:
    from newswatch.evaluate import evaluate_files
    from newswatch.quotes import extract_quotes

    paths: list[Path] = []
    for g in args.gold:
        p = Path(g)
        paths.extend(sorted(p.glob("*.quotes.json")) if p.is_dir() else [p])
    total, per_doc = evaluate_files(paths, lambda text: [q.as_dict() for q in extract_quotes(text)])
    if args.verbose:
        for err in total.errors:
            print(json.dumps(err, ensure_ascii=False))
    if args.per_doc:
        for doc, s in per_doc.items():
            print(f"{doc:50s} P={s.precision:.3f} R={s.recall:.3f} speaker={s.speaker_accuracy:.3f}")
    print(json.dumps({"files": len(paths), **total.summary()}))
    return 0


def _cmd_reextract(args: argparse.Namespace) -> int:
    from newswatch.pipeline import reextract

    summary = reextract(every=args.every)
    print(json.dumps(summary))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from newswatch.db import connect
    from newswatch.pipeline import gazetteer
    from newswatch.report import gazetteer_events, write_report

    settings = load_settings()
    out = Path(args.out) if args.out else settings.report_path
    with connect(settings.db_path, write=True) as con:
        write_report(con, out, gazetteer_events(gazetteer(settings)))
    print(out)
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from newswatch.db import connect_reader
    from newswatch.report import summary

    with connect_reader(load_settings().db_path) as con:
        print(summary(con, args.top))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from newswatch.devserver import serve_site

    settings = load_settings()
    root = settings.seeds_dir / "snapshot" / "site"
    outlets = sorted(p.name for p in root.iterdir() if p.is_dir())
    ports = {name: args.port_base + i for i, name in enumerate(outlets)}
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with serve_site(root, ports=ports) as bases:
        for name, base in bases.items():
            print(f"{name}: {base}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswatch", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="quotes and mentions for JSONL documents")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--strict", action="store_true", help="exit 1 if any input line was skipped")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("sql", help="run SQL against the DuckDB file")
    p.add_argument("query", nargs="?")
    p.add_argument("-f", "--file", help="run the SQL in FILE")
    p.add_argument("-q", "--query-name", help="run sql/queries/NAME.sql")
    p.add_argument("--format", choices=("table", "csv", "json", "parquet"), default="table")
    p.add_argument("--csv", action="store_true", help="same as --format csv")
    p.add_argument("-o", "--output", help="write to FILE (required for parquet)")
    p.add_argument("--live", action="store_true", help="read the live database, not the read snapshot")
    p.set_defaults(func=_cmd_sql)

    p = sub.add_parser("eval", help="score quote extraction against gold files")
    p.add_argument("--gold", nargs="+", required=True, help="gold files or folders of *.quotes.json")
    p.add_argument("--verbose", action="store_true", help="print every error")
    p.add_argument("--per-doc", action="store_true")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("reextract", help="rebuild text, mentions and quotes from the raw-HTML archive")
    p.add_argument("--every", type=int, default=200, help="print progress every N pages")
    p.set_defaults(func=_cmd_reextract)

    p = sub.add_parser("report", help="write the HTML report")
    p.add_argument("--out")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("summary", help="print counts and top speakers")
    p.add_argument("--top", type=int, default=10)
    p.set_defaults(func=_cmd_summary)

    p = sub.add_parser("serve-snapshot", help="serve seeds/snapshot/site on 127.0.0.1")
    p.add_argument("--port-base", type=int, default=8731)
    p.set_defaults(func=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
