"""The `datewire` command: the pipeline without Airflow, and ways to look at what it produced."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path

import duckdb

from pipeline.settings import Settings, SettingsError

__all__ = ["main", "EXIT_OK", "EXIT_REJECTED", "EXIT_FAILURE"]

# Exit statuses (README, "Exit status"): 0 everything loaded or printed; 1 the command ran but some
# inputs were rejected or missing; 2 it failed (bad usage, bad setting, refused query, busy warehouse).
EXIT_OK, EXIT_REJECTED, EXIT_FAILURE = 0, 1, 2

EPILOG = """\
examples:
  datewire run data/samples                 extract, validate and load the samples
  datewire run 'data/inbox/**/*.jsonl'      a glob (quote it)
  datewire extract article.txt --reference-date 2024-02-24
  datewire events article.txt               who did what to whom, where, when, as JSON lines
  datewire query "SELECT * FROM timeline LIMIT 20"
  datewire evaluate ../shared/corpus/timebank-aquaint
  datewire quality-docs                     build Great Expectations Data Docs under data/quality/
  datewire report                           write the timeline page data/report/timeline.html (offline)
  datewire clean --dry-run                  list staging folders of dead runs (drop --dry-run to remove)

The warehouse is data/warehouse.duckdb unless --warehouse or DATEWIRE_WAREHOUSE says otherwise.
"""


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _query_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE (NAME as in $NAME in the query)")
    return name.strip(), value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datewire", description="Turn raw news text into a queryable timeline of dated events.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="log each step")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_warehouse(p):
        p.add_argument("--warehouse", type=Path, help="DuckDB file (default: data/warehouse.duckdb)")
        return p

    run = with_warehouse(commands.add_parser(
        "run", help="ingest, extract, validate and load documents",
        description="Ingest documents (.txt, .html, .jsonl, gzip of each, folders, globs), extract dated "
                    "events, validate them with Great Expectations and load them into DuckDB."))
    run.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or glob")
    run.add_argument("--reference-date", type=_iso_date,
                     help="anchor for documents that carry no date of their own (YYYY-MM-DD)")
    run.add_argument("--reprocess", action="store_true", help="re-extract documents loaded before")
    run.add_argument("--accept-source-change", action="store_true",
                     help="load a different text under a doc_id that another input file holds as a new version "
                          "of that document (recorded in document_versions as 'source-changed', with both "
                          "sources); default: refuse it (DATEWIRE_ACCEPT_SOURCE_CHANGE)")
    run.add_argument("--batch-size", type=int, help="input files per batch (default 50)")
    run.add_argument("--workers", type=int, metavar="N",
                     help="processes extracting batches in parallel (default: the usable cores, or "
                          "DATEWIRE_WORKERS); 1 extracts in this process. Only this process writes "
                          "to the warehouse")
    run.add_argument("-q", "--quiet", action="store_true",
                     help="no progress on stderr, only failed batches (the bar shows only on a terminal)")
    run.add_argument("--preview", type=int, default=10, metavar="N", help="timeline rows to show (default 10)")

    extract = commands.add_parser(
        "extract", help="print the temporal expressions of documents as JSON lines",
        description="Print one JSON object per temporal expression: doc_id, start, end, text, type, timex, "
                    "date_start, date_end, granularity, in_body, sentence. Nothing is written. "
                    "Rejected inputs, and documents over the per-document "
                    "budget (DATEWIRE_DOCUMENT_BUDGET, DATEWIRE_DOCUMENT_MEMORY_MB), are reported on stderr.")
    extract.add_argument("paths", nargs="+", metavar="PATH")
    extract.add_argument("--reference-date", type=_iso_date,
                         help="anchor for documents that carry no date of their own (YYYY-MM-DD)")

    events = commands.add_parser(
        "events", help="print the event mentions of documents as JSON lines",
        description="Print one JSON object per event mention: doc_id, trigger {start, end, text}, event_class, "
                    "event_type, modality, polarity, date_basis, date (the governing temporal expression or "
                    "null), actors, places, sentence {start, end}. Offsets index the same text as `datewire "
                    "extract`. Nothing is written. Rejected inputs, and documents over the per-document "
                    "budget (DATEWIRE_DOCUMENT_BUDGET, DATEWIRE_DOCUMENT_MEMORY_MB), are reported on stderr.")
    events.add_argument("paths", nargs="+", metavar="PATH")
    events.add_argument("--reference-date", type=_iso_date,
                        help="anchor for documents that carry no date of their own (YYYY-MM-DD)")

    query = with_warehouse(commands.add_parser(
        "query", help="run SQL against the warehouse (read-only)",
        description="Run one SQL query against the warehouse, read-only: statements that write, and any "
                    "that would read or write a file or another database (COPY, EXPORT, ATTACH, "
                    "read_csv, ...), are refused. To export a result, use --output."))
    query.add_argument("sql", nargs="?", help="the query; or use --file")
    query.add_argument("-f", "--file", type=Path, help="read the query from a .sql file")
    query.add_argument("--param", action="append", default=[], type=_query_param, metavar="NAME=VALUE",
                       help="bind the named parameter $NAME of the query to VALUE, as text (repeatable; "
                            "cast in SQL if needed: $n::INTEGER)")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="json: one object per line")
    query.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="write the result to FILE (csv, or json lines with --format json) instead of "
                            "the terminal")
    query.add_argument("--max-width", type=int, default=60, help="cut table cells at this width")

    evaluate = commands.add_parser("evaluate", help="score the temporal tagger on TimeML corpora",
                                   add_help=False)
    evaluate.add_argument("rest", nargs=argparse.REMAINDER)

    summary = with_warehouse(commands.add_parser(
        "summary", help="show the latest run's accounting and the first rows of the timeline"))
    summary.add_argument("--run-id", help="a run other than the latest")
    summary.add_argument("--preview", type=int, default=10, metavar="N")

    docs = with_warehouse(commands.add_parser(
        "quality-docs", help="build Great Expectations Data Docs of the warehouse under data/quality/"))
    docs.add_argument("--output", type=Path, help="folder (default: data/quality)")

    clean = with_warehouse(commands.add_parser(
        "clean", help="remove staging folders that will never load (add --dry-run to only list them)",
        description="Remove the staging folders (DATEWIRE_STAGING, default data/staging/) of runs that will "
                    "never load: runs the warehouse records as abandoned or failed, `datewire run`s whose "
                    "process died before their load, and what a kill left while a finished run's folder was "
                    "being deleted. A folder held by a live `datewire run`, or of a run recorded as running "
                    "(it may be loading now), is never removed. `datewire run` does the same after each load; "
                    "clean also removes the folders that partial runs keep for inspection."))
    clean.add_argument("-n", "--dry-run", action="store_true", help="list what would be removed, remove nothing")
    clean.add_argument("--all", action="store_true",
                       help="also remove folders of runs with no load recorded and no live process (an Airflow "
                            "run that is still extracting would lose its shards)")

    report = with_warehouse(commands.add_parser(
        "report", help="write the timeline page: one HTML file that works offline",
        description="Write one self-contained HTML page of the warehouse's event clusters: a chart of the "
                    "happenings over time (zoom, hover for the sentence), filters by actor, type, place and "
                    "number of sources, a table with every sentence that reported each happening (its date "
                    "expression marked, linked to the article where the URL is known) and a map of places. "
                    "Plotly's JavaScript and the data are inlined: the page makes no network request."))
    report.add_argument("--output", type=Path, help="HTML file (default: data/report/timeline.html)")
    report.add_argument("--title", default="Datewire timeline", help="the page's title")
    return parser


def _cmd_run(args, settings: Settings) -> int:
    from pipeline.progress import observer_for  # noqa: PLC0415
    from pipeline.report import run_summary_text, timeline_preview, warehouse_totals  # noqa: PLC0415
    from pipeline.runner import run_pipeline  # noqa: PLC0415

    settings = settings.with_(reference_date=args.reference_date, reprocess=args.reprocess or None,
                              accept_source_change=args.accept_source_change or None,
                              batch_size=args.batch_size, workers=args.workers)
    # A progress bar when stderr is a terminal; otherwise (a log, a pipe) only the plan, failed
    # batches and the timings; with --quiet, failed batches only.
    summary = run_pipeline(args.paths, settings, observer=observer_for(sys.stderr, quiet=args.quiet))
    print(run_summary_text(summary))
    print(warehouse_totals(settings.warehouse))
    if args.preview:
        print(f"\nFirst rows of the timeline that this run loaded ({settings.warehouse}):")
        print(timeline_preview(settings.warehouse, args.preview, run_id=summary.run_id))
    return _summary_exit_status(summary)


def _cmd_events(args, settings: Settings) -> int:
    return _cmd_extract(args, settings, records="events")


def _rejected_line(source: str, locator: str, reason: str) -> str:
    return f"rejected {source}{' ' + locator if locator else ''}: {reason}"


def _cmd_extract(args, settings: Settings, records: str = "mentions") -> int:
    from pipeline.extract import event_records, extract_bounded, mention_record  # noqa: PLC0415
    from pipeline.inputs import discover, read_input  # noqa: PLC0415
    from pipeline.models import Rejection  # noqa: PLC0415

    settings = settings.with_(reference_date=args.reference_date)
    files, rejections = discover(args.paths)
    rejected = len(rejections)
    for r in rejections:
        print(_rejected_line(r.source, r.locator, r.reason), file=sys.stderr)
    for input_file in files:
        for item in read_input(input_file, settings):
            if isinstance(item, Rejection):
                print(_rejected_line(item.source, item.locator, item.reason), file=sys.stderr)
                rejected += 1
                continue
            # The same per-document budget as `datewire run`: a document that spends it is a rejected line.
            extraction, rejection = extract_bounded(item, settings)
            if rejection is not None:
                print(_rejected_line(rejection["source"], rejection["locator"], rejection["reason"]),
                      file=sys.stderr)
                rejected += 1
                continue
            for record in (event_records if records == "events" else mention_record)(extraction):
                print(json.dumps(record, ensure_ascii=False))
            for r in extraction.rejections:
                print(_rejected_line(r["source"], r["locator"], r["reason"]), file=sys.stderr)
    return EXIT_REJECTED if rejected else EXIT_OK


def _write_result(columns: list[str], rows: list[tuple], fmt: str, out) -> None:
    """Rows as json lines or csv (with \n line ends, not the csv module's \r\n)."""
    if fmt == "json":
        for row in rows:
            out.write(json.dumps(dict(zip(columns, row)), default=str, ensure_ascii=False) + "\n")
    else:
        import csv  # noqa: PLC0415

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _cmd_query(args, settings: Settings) -> int:
    from pipeline.report import format_table  # noqa: PLC0415
    from pipeline.warehouse import query  # noqa: PLC0415

    if args.file:
        sql = args.file.read_text()
    elif args.sql:
        sql = args.sql
    else:
        print("datewire query: give the SQL as an argument or with --file", file=sys.stderr)
        return EXIT_FAILURE
    output = args.output.resolve() if args.output else None
    warehouse = Path(settings.warehouse).resolve()
    if output is not None and output in {warehouse, settings.lock_path.resolve(),
                                         warehouse.with_name(warehouse.name + ".wal")}:
        print(f"datewire query: refused: --output {args.output} is the warehouse itself", file=sys.stderr)
        return EXIT_FAILURE
    columns, rows = query(settings.warehouse, sql, dict(args.param) if args.param else None,
                          wait=settings.lock_timeout)
    if output is not None:
        # The query ran sandboxed; the file is written here, by us, so exporting is always deliberate.
        # Written beside the target and renamed, so a failed export never leaves half a file.
        fmt = "json" if args.format == "json" else "csv"
        tmp = output.with_name(f".{output.name}.tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            _write_result(columns, rows, fmt, out)
        tmp.replace(output)
        print(f"{len(rows)} row{'s' if len(rows) != 1 else ''} written to {args.output} ({fmt})",
              file=sys.stderr)
    elif args.format in ("json", "csv"):
        _write_result(columns, rows, args.format, sys.stdout)
    else:
        print(format_table(columns, rows, args.max_width))
    return EXIT_OK


def _summary_exit_status(summary) -> int:
    """0 a clean run; 1 it finished but turned inputs away; 2 it did not finish (running, abandoned, failed)."""
    if not summary.counts_recorded or summary.status not in ("success", "partial"):
        return EXIT_FAILURE
    if summary.status == "partial" or summary.n_rejected_inputs:
        return EXIT_REJECTED
    return EXIT_OK


def _cmd_summary(args, settings: Settings) -> int:
    from pipeline.report import run_summary_text, timeline_preview, warehouse_totals  # noqa: PLC0415
    from pipeline.runner import recorded_summary  # noqa: PLC0415
    from pipeline.warehouse import query  # noqa: PLC0415

    run_id = args.run_id
    if run_id is None:
        latest = query(settings.warehouse, "SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1")[1]
        run_id = latest[0][0] if latest else None
    summary = recorded_summary(settings, run_id, finished_only=False) if run_id else None
    if summary is None:
        print("no run recorded in the warehouse yet" + (f" with id {args.run_id}" if args.run_id else ""),
              file=sys.stderr)
        return 1
    print(run_summary_text(summary))
    print(warehouse_totals(settings.warehouse))
    if summary.counts_recorded and args.preview:
        print(f"\nFirst rows of the timeline that this run loaded ({settings.warehouse}):")
        print(timeline_preview(settings.warehouse, args.preview, run_id=summary.run_id))
    return _summary_exit_status(summary)


def _human_bytes(n: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024:
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _cmd_clean(args, settings: Settings) -> int:
    from pipeline import staging, warehouse  # noqa: PLC0415

    folders = staging.survey(settings.staging_dir, warehouse.run_statuses(settings=settings),
                             finished=True, everything=args.all, grace_seconds=settings.staging_grace_hours * 3600)
    if not folders:
        print(f"nothing to clean in {settings.staging_dir}")
        return EXIT_OK
    removed = [] if args.dry_run else staging.remove_folders(folders)
    gone = {item.path for item in removed}
    for item in folders:
        verb = ("would remove" if args.dry_run else "removed") if item.removable else "kept"
        if item.removable and not args.dry_run and item.path not in gone:
            verb = "gone already"
        print(f"{verb:<12} {item.path.name}  ({_human_bytes(item.n_bytes)}): {item.why}")
    freed = sum(item.n_bytes for item in folders if item.removable)
    print(f"{'would free' if args.dry_run else 'freed'} {_human_bytes(freed)} in {settings.staging_dir}")
    return EXIT_OK


def _cmd_quality_docs(args, settings: Settings) -> int:
    from pipeline.quality import build_data_docs  # noqa: PLC0415

    index = build_data_docs(settings.warehouse, args.output or settings.quality_dir)
    print(f"Data Docs: {index}")
    return 0


def _cmd_report(args, settings: Settings) -> int:
    from pipeline.settings import project_home  # noqa: PLC0415
    from pipeline.timeline_page import write_timeline_page  # noqa: PLC0415

    output = args.output or project_home() / "data" / "report" / "timeline.html"
    page = write_timeline_page(settings.warehouse, output, title=args.title)
    print(f"Timeline page: {page.path} ({page.n_clusters} happenings, {page.n_dated} dated, "
          f"{page.n_members} event mentions, {page.n_bytes / 1e6:.1f} MB)")
    return 0


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `evaluate` has its own parser (pipeline.evaluate); hand it the rest of the line untouched.
    if argv and argv[0] == "evaluate":
        from pipeline.evaluate import main as evaluate_main  # noqa: PLC0415

        return evaluate_main(argv[1:])
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers = {"run": _cmd_run, "extract": _cmd_extract, "events": _cmd_events, "query": _cmd_query, "summary": _cmd_summary,
                "quality-docs": _cmd_quality_docs, "report": _cmd_report, "clean": _cmd_clean}
    try:
        settings = Settings()
        if getattr(args, "warehouse", None):
            settings = settings.with_(warehouse=args.warehouse)
        return handlers[args.command](args, settings)
    except (FileNotFoundError, RuntimeError, duckdb.Error, SettingsError) as exc:
        # Known failure modes (no warehouse yet, warehouse busy, bad SQL) get one line, not a traceback.
        print(f"datewire {args.command}: {_one_line(exc)}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
