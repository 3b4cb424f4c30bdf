"""What the whole pipeline makes of the five real scraped articles, with no metadata given.

    .venv/bin/python benchmarks/seeds_report.py [--write BENCHMARKS.md]

Runs `datewire run` (pipeline.runner.run_pipeline, real GX and DuckDB) over ../shared/corpus/seeds into a
throwaway warehouse and reports, per article: the inferred publication date and its evidence, the
mentions in the body and in page furniture, the events, the rejections, and each body date expression
with the value it resolved to. Only the date expressions themselves are quoted, never the sentences.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.markdown_sections import emit
from pipeline.runner import run_pipeline
from pipeline.settings import Settings
from pipeline.warehouse import query

DEFAULT_SEEDS = REPO_ROOT.parent / "shared" / "corpus" / "seeds"


def render(seeds: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(warehouse=Path(tmp) / "w.duckdb", staging_dir=Path(tmp) / "staging")
        started = time.monotonic()
        summary = run_pipeline([str(seeds)], settings)
        seconds = time.monotonic() - started
        documents = query(settings.warehouse, """
            SELECT d.doc_id, d.published_date, d.published_source, d.published_evidence, d.date_order,
                   count(m.mention_id) FILTER (WHERE m.in_body),
                   count(m.mention_id) FILTER (WHERE NOT m.in_body),
                   (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id),
                   (SELECT count(*) FROM rejections r WHERE r.doc_id = d.doc_id)
            FROM documents d LEFT JOIN mentions m USING (doc_id)
            GROUP BY ALL ORDER BY d.doc_id""")[1]
        mentions = query(settings.warehouse, """
            SELECT doc_id, text, timex_value, repaired IS NOT NULL
            FROM mentions WHERE in_body ORDER BY doc_id, start""")[1]
        rejections = query(settings.warehouse,
                           "SELECT doc_id, stage, reason FROM rejections ORDER BY doc_id, locator")[1]

    out = ["## Seeds: the five real scraped articles through the whole pipeline", "",
           "Reproduce: `.venv/bin/python benchmarks/seeds_report.py --write BENCHMARKS.md` "
           f"(this run: {seconds:.1f} s for {summary.n_inputs} inputs, status {summary.status}). "
           "No metadata is given: every publication date below is inferred from the text.", "",
           "| seed | published (inferred) | evidence | order | body mentions | furniture mentions | events | rejections |",
           "|---|---|---|---|--:|--:|--:|--:|"]
    for doc_id, published, source, evidence, order, body, furniture, events, rejected in documents:
        out.append(f"| {doc_id[:3]} | {published or '—'} ({source}) | {(evidence or '').replace('|', '/')[:60]} "
                   f"| {order} | {body} | {furniture} | {events} | {rejected} |")
    out += ["", "Body date expressions and what they resolved to (`*` = repaired):", ""]
    by_doc: dict[str, list[str]] = {}
    for doc_id, text, value, repaired in mentions:
        shown = f"{text} → {value}{'*' if repaired else ''}"
        by_doc.setdefault(doc_id, []).append(shown.replace("|", "/"))
    for doc_id, items in by_doc.items():
        out.append(f"- **{doc_id[:3]}**: " + "; ".join(items))
    if rejections:
        out += ["", "Rejections:", ""]
        out += [f"- {doc_id[:3]} ({stage}): {reason}" for doc_id, stage, reason in rejections]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--write", type=Path, metavar="FILE", help="update the seeds section of FILE")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"no seeds at {args.seeds}", file=sys.stderr)
        return 1
    emit(render(args.seeds), "seeds", args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
