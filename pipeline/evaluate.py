"""`datewire evaluate`: score the temporal tagger (TempEval-3 Task A) and, with `--events`, the event
records (TimeBank Task B, anchoring on TimeBank and ESC, PLOVER records, speed).

The work is done in `pipeline.evaluation` (one module per concern: `timeml` reads the corpora,
`timex_scoring` matches and scores, `taggers` holds the taggers, `timex_report` formats; the
`events_*` modules measure event records). This module is the command line, and re-exports the old
public names so that `from pipeline.evaluate import X` keeps working.

Command line: `python -m pipeline.evaluate DIR [DIR...]`, `python -m pipeline.evaluate --events`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from pipeline.evaluation.taggers import (
    BASELINE_FALLBACK_BASE,
    datewire_tagger,
    load_tagger,
    search_dates_baseline,
)
from pipeline.evaluation.timeml import (
    Corpus,
    GoldEvent,
    GoldTimex,
    GoldTlink,
    ParseFailure,
    TimemlDocument,
    TimexRef,
    default_use_dct,
    find_timeml_files,
    load_corpus,
    parse_dct_value,
    parse_timeml,
    read_timeml,
)
from pipeline.evaluation.timex_report import (
    format_errors,
    format_per_type_table,
    format_report,
    format_scores_table,
    result_to_dict,
)
from pipeline.evaluation.timex_scoring import (
    TIMEX_TYPES,
    DocumentScore,
    ErrorGroup,
    EvaluationResult,
    SpanCounts,
    SystemTimex,
    Tagger,
    TimexError,
    corpus_notes,
    evaluate_tagger,
    match_relaxed,
    match_strict,
    score_document,
)

# Where `--events` looks by default: the shared corpora beside the project folder.
DEFAULT_EVENT_CORPUS = "../shared/corpus"

# The old private name, still imported by code written against the single-module evaluate.py.
_parse_dct_value = parse_dct_value

__all__ = [
    "BASELINE_FALLBACK_BASE",
    "TIMEX_TYPES",
    "Corpus",
    "DocumentScore",
    "ErrorGroup",
    "EvaluationResult",
    "GoldEvent",
    "GoldTimex",
    "GoldTlink",
    "ParseFailure",
    "SpanCounts",
    "SystemTimex",
    "Tagger",
    "TimemlDocument",
    "TimexError",
    "TimexRef",
    "build_parser",
    "corpus_notes",
    "datewire_tagger",
    "default_use_dct",
    "evaluate_tagger",
    "find_timeml_files",
    "format_errors",
    "format_per_type_table",
    "format_report",
    "format_scores_table",
    "load_corpus",
    "load_tagger",
    "main",
    "match_relaxed",
    "match_strict",
    "parse_dct_value",
    "parse_timeml",
    "read_timeml",
    "result_to_dict",
    "score_document",
    "search_dates_baseline",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datewire evaluate",
        description="Score a temporal tagger on TimeML corpora (TempEval-3 Task A), with a "
        "dateparser.search_dates baseline on the same documents; with --events, score the event records "
        "(TimeBank Task B, anchoring on TimeBank and ESC, PLOVER records).",
    )
    parser.add_argument(
        "dirs", nargs="*", metavar="DIR",
        help="directory of *.tml files (searched recursively); with --events, the corpus folder that holds "
        f"timebank-aquaint/, esc/ and plover-gsr/ (default {DEFAULT_EVENT_CORPUS})",
    )
    parser.add_argument(
        "--events", action="store_true",
        help="evaluate the event records instead of the tagger: triggers, classes, NEG polarity and modal "
        "words on TimeBank's held-out files, anchoring on TimeBank and ESC beside the publication-date and "
        "nearest-date baselines, PLOVER type, actor country and place accuracy",
    )
    parser.add_argument(
        "--speed", action="store_true",
        help="with --events: also time the extraction stage against the tagger alone, with a profile",
    )
    parser.add_argument(
        "--tagger", default="datewire", help="'datewire' (default), 'baseline', or 'module:function'"
    )
    parser.add_argument("--no-baseline", action="store_true", help="do not run the search_dates baseline")
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="read at most N documents per DIR"
    )
    anchoring = parser.add_mutually_exclusive_group()
    anchoring.add_argument(
        "--use-dct",
        dest="use_dct",
        action="store_const",
        const=True,
        default=None,
        help="pass the document creation time to the tagger as document_date (the default, except for "
        "directories whose path contains 'wikiwars': their DCT is a download date, not an anchor)",
    )
    anchoring.add_argument(
        "--no-dct",
        dest="use_dct",
        action="store_const",
        const=False,
        help="pass document_date=None to the tagger (the default for 'wikiwars' directories). "
        "The search_dates baseline is always anchored on the DCT either way.",
    )
    parser.add_argument(
        "--errors", type=int, default=5, metavar="N", help="show the N most frequent errors of each kind"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Evaluate; print the report. Exit 0 on success, 1 if the tagger could not be loaded (the baseline
    still runs), 2 if a DIR holds no readable TimeML (with --events: if no event corpus is there)."""
    args = build_parser().parse_args(argv)
    if args.events:
        return _evaluate_events(args)
    if not args.dirs:
        print("error: give a DIR of *.tml files, or --events", file=sys.stderr)
        return 2
    status = 0
    tagger: Tagger | None
    try:
        tagger, tagger_name = load_tagger(args.tagger)
    except (ImportError, AttributeError, ValueError) as exc:
        print(f"error: cannot load tagger {args.tagger!r}: {exc}", file=sys.stderr)
        tagger, tagger_name, status = None, args.tagger, 1
    results: list[EvaluationResult] = []
    for directory in args.dirs:
        corpus = load_corpus(directory, limit=args.limit)
        if not corpus.documents:
            print(f"error: no readable *.tml under {directory}", file=sys.stderr)
            for failure in corpus.failures:
                print(f"  {failure.path}: {failure.reason}", file=sys.stderr)
            status = 2
            continue
        if tagger is not None:
            results.append(evaluate_tagger(corpus, tagger, use_dct=args.use_dct, tagger_name=tagger_name))
        if not args.no_baseline and tagger_name != "search_dates":
            # The baseline is defined as anchored on the DCT (RELATIVE_BASE = creation time, never the
            # wall clock), whatever the tagger gets. On WikiWars that can only favour the baseline.
            results.append(
                evaluate_tagger(corpus, search_dates_baseline, use_dct=True, tagger_name="search_dates")
            )
    if args.json:
        print(
            json.dumps([result_to_dict(r, errors=args.errors) for r in results], indent=2, ensure_ascii=False)
        )
    elif results:
        print(format_report(results, errors=args.errors))
    return status


def _evaluate_events(args: argparse.Namespace) -> int:
    """`--events`: every event measure whose corpus is present. Exit 2 when none is."""
    from pipeline.evaluation.events_report import format_event_report, run_event_evaluation

    root = args.dirs[0] if args.dirs else DEFAULT_EVENT_CORPUS
    figures = run_event_evaluation(root, speed=args.speed)
    if not any(key in figures for key in ("timebank", "esc", "plover")):
        print(f"error: no event corpus under {root}: " + "; ".join(figures["skipped"]), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print("## Events\n\n" + format_event_report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
