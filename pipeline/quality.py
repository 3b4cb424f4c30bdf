"""The quality gate: Great Expectations suites, defined in code, between extraction and loading.

GX 1.x has no DuckDB datasource, so we validate pandas batches of the staged rows. Expectations come in
two kinds:
- row-level (a null id, a date outside the plausible window, an offset past the end of the text): the
  failing rows are turned into `rejections` rows naming the expectation and the value, and the rest of
  the shard goes on;
- table-level (the shard's columns are not what we expect, ids are not unique): the shard as a whole is
  suspect, so validation raises `TableLevelFailure` with a readable message and none of it loads.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from pipeline.events.model import ACTOR_ROLES, DATE_BASES, EVENT_CLASSES, GEO_PRECISIONS, MODALITIES, POLARITIES
from pipeline.models import rejection_row
from pipeline.staging import SCHEMAS, Shard

__all__ = [
    "GRANULARITIES",
    "TIMEX_TYPES",
    "TableLevelFailure",
    "plausible_window",
    "build_suites",
    "validate_shard",
    "build_data_docs",
]

log = logging.getLogger(__name__)

# Granularities a mention or event may carry (the tagger's vocabulary; a test keeps the two in step).
GRANULARITIES = ("time", "part_of_day", "day", "week", "month", "season", "quarter", "half", "year",
                 "decade", "century")
EVENT_GRANULARITIES = GRANULARITIES
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
EARLIEST_PLAUSIBLE = date(1000, 1, 1)
YEARS_AHEAD_PLAUSIBLE = 50
# Without any document date we cannot say what is "far in the future"; this bound still catches garbage.
LATEST_PLAUSIBLE_UNANCHORED = date(2200, 12, 31)


class TableLevelFailure(Exception):
    """A shard failed an expectation about the table as a whole; the message says which and why."""


def plausible_window(anchor: date | None) -> tuple[date, date]:
    """Dates a document can plausibly speak of: not before 1000, not beyond its year + 50."""
    if anchor is None:
        return EARLIEST_PLAUSIBLE, LATEST_PLAUSIBLE_UNANCHORED
    return EARLIEST_PLAUSIBLE, date(min(anchor.year + YEARS_AHEAD_PLAUSIBLE, 9999), 12, 31)


# --- suites --------------------------------------------------------------------------------------

def _gx():
    # GX costs ~4 s and 250 MB to import: only inside the validating process, once, and never at the
    # top of a DAG file. Analytics off: this machine (and many of our users') has no internet.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    # GX logs hundreds of INFO lines about its own docs registry at import: keep task logs readable.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx  # noqa: PLC0415

    # This module sets itself to INFO at import and announces every ephemeral docs folder.
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)

    return gx


def build_suites() -> dict[str, object]:
    """The three expectation suites, keyed by the table they validate."""
    gx = _gx()
    import great_expectations.expectations as gxe  # noqa: PLC0415

    def row(expectation, reason: str):
        expectation.meta = {"level": "row", "reason": reason}
        return expectation

    def table(expectation, reason: str):
        expectation.meta = {"level": "table", "reason": reason}
        return expectation

    def not_before(a: str, b: str, reason: str):
        """Row-level a >= b, skipping rows where either is null (durations have no dates)."""
        return row(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=a, column_B=b, or_equal=True, ignore_row_if="either_value_is_missing"), reason)

    def dated(start: str, end: str, what: str) -> list:
        """A date range in order and inside the document's plausible window."""
        return [
            not_before(end, start, f"{what} starts after it ends"),
            not_before(start, "window_start", f"{what} is before the year 1000"),
            not_before("window_end", end, f"{what} is more than {YEARS_AHEAD_PLAUSIBLE} years after the "
                                          "document's year"),
        ]

    def shape(name: str, key: str, duplicate_reason: str) -> list:
        """Table-level: the batch has exactly its columns, and its key is unique."""
        return [
            table(gxe.ExpectTableColumnsToMatchSet(column_set=list(_frame_columns(name)), exact_match=True),
                  f"the {name} batch does not have the expected columns"),
            table(gxe.ExpectColumnValuesToBeUnique(column=key), duplicate_reason),
        ]

    documents = gx.ExpectationSuite(name="documents", expectations=[
        *shape("documents", "doc_id", "two documents share a doc_id"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="doc_id"), "document has no id"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="text"), "document has no text"),
        row(gxe.ExpectColumnValuesToBeBetween(column="n_chars", min_value=1), "document text is empty"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="content_hash"), "document has no content hash"),
        row(gxe.ExpectColumnValuesToBeInSet(column="published_source", value_set=["metadata", "inferred", "unknown"]),
            "published_source is not metadata, inferred or unknown"),
        not_before("published_date", "window_start", "published date is before the year 1000"),
    ])
    mentions = gx.ExpectationSuite(name="mentions", expectations=[
        *shape("mentions", "mention_id", "two mentions share a mention_id"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="mention_id"), "mention has no id"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="doc_id"), "mention has no document"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="timex_value"), "mention has no TIMEX3 value"),
        row(gxe.ExpectColumnValuesToBeInSet(column="timex_type", value_set=list(TIMEX_TYPES)),
            "TIMEX3 type is not DATE, TIME, DURATION or SET"),
        row(gxe.ExpectColumnValuesToBeInSet(column="granularity", value_set=list(GRANULARITIES)),
            "granularity is not one we know"),
        row(gxe.ExpectColumnValuesToBeBetween(column="start", min_value=0), "mention starts before the text"),
        row(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="end", column_B="start"),
            "mention ends before it starts"),
        row(gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="doc_n_chars", column_B="end", or_equal=True),
            "mention ends past the end of its document"),
        *dated("date_start", "date_end", "the date"),
    ])
    def in_set(column: str, values, what: str):
        return row(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)),
                   f"{what} is not one of {', '.join(map(str, values))}")

    def true(column: str, reason: str):
        return row(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True]), reason)

    events = gx.ExpectationSuite(name="events", expectations=[
        *shape("events", "event_id", "two events share an event_id"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="event_id"), "event has no id"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="sentence"), "event has no sentence"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="event_type"), "event has no type"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="trigger_text"), "event has no trigger"),
        in_set("event_type", known_event_types(), "event type"),
        in_set("event_class", EVENT_CLASSES, "event class"),
        in_set("modality", MODALITIES, "modality"),
        in_set("polarity", POLARITIES, "polarity"),
        in_set("date_basis", DATE_BASES, "date basis"),
        row(gxe.ExpectColumnValuesToBeBetween(column="confidence", min_value=0, max_value=1),
            "confidence is outside 0..1"),
        in_set("granularity", EVENT_GRANULARITIES, "event granularity"),
        true("offsets_fit", "the trigger's offsets do not slice its text out of the document"),
        true("dates_fit_basis", "the event's dates do not fit its date_basis (text: both dates; "
                                "publication: one side; none: no date)"),
        *dated("event_date_start", "event_date_end", "the event"),
    ])
    event_actors = gx.ExpectationSuite(name="event_actors", expectations=[
        table(gxe.ExpectTableColumnsToMatchSet(column_set=list(_frame_columns("event_actors")), exact_match=True),
              "the event_actors batch does not have the expected columns"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="event_id"), "actor has no event"),
        in_set("role", ACTOR_ROLES, "actor role"),
        in_set("country_code", iso_alpha3(), "actor country code (ISO 3166-1 alpha-3)"),
        true("offsets_fit", "the actor's offsets do not slice its text out of the document"),
    ])
    event_places = gx.ExpectationSuite(name="event_places", expectations=[
        table(gxe.ExpectTableColumnsToMatchSet(column_set=list(_frame_columns("event_places")), exact_match=True),
              "the event_places batch does not have the expected columns"),
        row(gxe.ExpectColumnValuesToNotBeNull(column="event_id"), "place has no event"),
        row(gxe.ExpectColumnValuesToBeBetween(column="lat", min_value=-90, max_value=90), "latitude outside -90..90"),
        row(gxe.ExpectColumnValuesToBeBetween(column="lon", min_value=-180, max_value=180),
            "longitude outside -180..180"),
        in_set("geo_precision", GEO_PRECISIONS, "geo_precision"),
        in_set("country_code", iso_alpha3(), "place country code (ISO 3166-1 alpha-3)"),
        true("offsets_fit", "the place's offsets do not slice its text out of the document"),
    ])
    return {"documents": documents, "mentions": mentions, "events": events, "event_actors": event_actors,
            "event_places": event_places}


@lru_cache(maxsize=1)
def iso_alpha3() -> tuple[str, ...]:
    """ISO 3166-1 alpha-3 codes (pycountry), plus XKX for Kosovo, which news names and ISO has not coded."""
    import pycountry  # noqa: PLC0415

    return tuple(sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"}))


def known_event_types() -> tuple[str, ...]:
    """The event types of the taxonomy in force (shipped file plus the user's, pipeline.events.taxonomy)."""
    from pipeline.events import taxonomy  # noqa: PLC0415

    return tuple(sorted(taxonomy.known_event_types()))


# Columns added to the staged rows for validation only (never loaded).
_HELPER_COLUMNS = {
    "documents": ("window_start",),
    "mentions": ("doc_n_chars", "window_start", "window_end"),
    "events": ("window_start", "window_end", "offsets_fit", "dates_fit_basis"),
    "event_actors": ("offsets_fit",),
    "event_places": ("offsets_fit",),
}


def _frame_columns(name: str) -> tuple[str, ...]:
    columns = tuple(SCHEMAS[name].names)
    if name == "documents":
        # The bulky columns are not validated; leaving them out keeps the frames small.
        columns = tuple(c for c in columns if c not in ("text", "raw_html", "body_spans")) + ("text",)
    return columns + _HELPER_COLUMNS[name]


@dataclass
class _Validator:
    context: object
    definitions: dict[str, object] = field(default_factory=dict)


def gate_definitions(source_name: str, suites: dict[str, object]) -> tuple[object, dict[str, object]]:
    """An ephemeral GX context with a pandas data source and one validation definition per suite
    (keyed like `suites`; each validates a whole dataframe given at run time). Also used by the
    clusters' gate (pipeline/clusters/quality.py)."""
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: PLC0415

    context = gx.get_context(mode="ephemeral")
    # The metric progress bars are noise in task logs and test output.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas(source_name)
    definitions = {}
    for name, suite in suites.items():
        suite = context.suites.add(suite)
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(f"{name}_batch")
        definitions[name] = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{name}_gate", data=batch, suite=suite))
    return context, definitions


@lru_cache(maxsize=1)
def _validator() -> _Validator:
    """One ephemeral GX context per process, with a validation definition per suite."""
    context, definitions = gate_definitions("staged_rows", build_suites())
    return _Validator(context, definitions)


# --- validating a shard --------------------------------------------------------------------------

def _frames(shard: Shard) -> dict:
    """pandas frames of the shard's rows plus the helper columns the suites compare against."""
    return dict(_iter_frames(shard))


def _iter_frames(shard: Shard):
    """(table name, frame) one table at a time, so that a caller which validates each and lets it go
    holds one frame at a time: the events frame of a 1 MB document (33,000 rows, object dtype) is
    hundreds of MB, and the five together made validation the peak of its run (BENCHMARKS.md)."""
    import pandas as pd  # noqa: PLC0415

    documents = shard.tables["documents"]
    columns = set(documents.column_names)
    doc_ids = documents.column("doc_id").to_pylist() if "doc_id" in columns else []
    texts = dict(zip(doc_ids, documents.column("text").to_pylist())) if "text" in columns else {}
    windows, lengths = {}, {}
    if {"doc_id", "anchor_date", "published_date", "n_chars"} <= columns:
        for doc_id, anchor, published, n_chars in zip(
                doc_ids, *(documents.column(c).to_pylist() for c in ("anchor_date", "published_date", "n_chars"))):
            anchor = anchor if isinstance(anchor, date) else (published if isinstance(published, date) else None)
            windows[doc_id] = plausible_window(anchor)
            lengths[doc_id] = n_chars
    default_window = plausible_window(None)

    def doc_ids_of(frame):
        # A shard missing doc_id fails the table-level column check; do not crash before it.
        return frame["doc_id"] if "doc_id" in frame else [None] * len(frame)

    def add_windows(frame):
        frame["window_start"] = [windows.get(d, default_window)[0] for d in doc_ids_of(frame)]
        frame["window_end"] = [windows.get(d, default_window)[1] for d in doc_ids_of(frame)]

    def as_objects(frame):
        # Object dtype with None for nulls: python dates then compare with each other in the pair
        # expectations, and a missing value is "missing" to GX rather than NaN.
        return frame.astype(object).where(pd.notna(frame), None)

    frame = documents.drop_columns([c for c in ("raw_html", "body_spans") if c in columns]).to_pandas(
        date_as_object=True)
    frame["window_start"] = [default_window[0]] * len(frame)
    yield "documents", as_objects(frame)

    frame = shard.tables["mentions"].to_pandas(date_as_object=True)
    add_windows(frame)
    frame["doc_n_chars"] = [lengths.get(d, -1) for d in doc_ids_of(frame)]
    yield "mentions", as_objects(frame)

    frame = shard.tables["events"].to_pandas(date_as_object=True)
    add_windows(frame)
    frame["offsets_fit"] = _offsets_fit(frame, texts, "trigger_start", "trigger_end", "trigger_text")
    frame["dates_fit_basis"] = [_dates_fit_basis(*r) for r in zip(
        frame.get("date_basis", []), frame.get("event_date_start", []), frame.get("event_date_end", []))]
    yield "events", as_objects(frame)

    for name in ("event_actors", "event_places"):
        frame = shard.tables[name].to_pandas()
        frame["offsets_fit"] = _offsets_fit(frame, texts, "start", "end", "text")
        yield name, as_objects(frame)


def _offsets_fit(frame, texts: dict, start: str, end: str, column: str) -> list[bool]:
    if not len(frame) or start not in frame:
        return [False] * len(frame)
    return [text is not None and isinstance(s, int | float) and isinstance(e, int | float)
            and texts.get(d, "")[int(s):int(e)] == text
            for d, s, e, text in zip(frame["doc_id"], frame[start], frame[end], frame[column])]


def _dates_fit_basis(basis, start, end) -> bool:
    has_start, has_end = start is not None and start == start, end is not None and end == end  # NaN != NaN
    if basis == "text":
        return has_start and has_end
    if basis == "publication":
        return has_start != has_end
    return not has_start and not has_end


def validate_shard(shard: Shard) -> tuple[Shard, dict]:
    """Run the suites over a shard. Returns the shard without the failing rows (their rejections added)
    and a short summary; raises TableLevelFailure when a table-level expectation fails."""
    validator = _validator()
    failed_rows: dict[str, dict[int, list[str]]] = {}
    summary: dict = {}
    table_failures: list[str] = []
    for name, frame in _iter_frames(shard):
        failed_rows[name] = {}
        result = validator.definitions[name].run(
            batch_parameters={"dataframe": frame},
            result_format={"result_format": "COMPLETE", "partial_unexpected_count": 0})
        failed = []
        for expectation_result in result.results:
            if expectation_result.success:
                continue
            config = expectation_result.expectation_config
            meta = config.meta or {}
            reason = meta.get("reason", config.type)
            failed.append(config.type)
            if meta.get("level") == "table" or not len(frame):
                observed = expectation_result.result.get("details") or expectation_result.result.get(
                    "observed_value") or expectation_result.result.get("partial_unexpected_list")
                table_failures.append(f"{name}: {reason} ({config.type}; observed {observed})")
                continue
            indices = expectation_result.result.get("unexpected_index_list") or []
            values = expectation_result.result.get("unexpected_list") or []
            for index, value in zip(indices, values):
                failed_rows[name].setdefault(int(index), []).append(
                    f"{reason} ({config.type}: {_describe(value)})")
        summary[name] = {"rows": len(frame), "success": result.success,
                         "failed_expectations": sorted(set(failed)),
                         "rows_rejected": len(failed_rows[name])}
        del frame, result
        _forget_batches(validator)
    if table_failures:
        raise TableLevelFailure("; ".join(table_failures))
    if not any(failed_rows.values()):
        return shard, summary
    return _apply_row_failures(shard, failed_rows), summary


def _forget_batches(validator: _Validator) -> None:
    """Drop the batches and metrics GX keeps after a validation (its execution engine's batch manager
    holds every frame it validated): otherwise a process holds its last shard's frames for as long as
    it lives, ~110 MB for a 1 MB document's 33,000 events (BENCHMARKS.md, "One long line")."""
    for source in validator.context.data_sources.all().values():
        engine = getattr(source, "_execution_engine", None)
        manager = getattr(engine, "batch_manager", None)
        for cache in (getattr(manager, "_batch_cache", None), getattr(manager, "_batch_data_cache", None),
                      getattr(engine, "_metric_cache", None)):
            if hasattr(cache, "clear"):
                cache.clear()


def _describe(value) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(_describe(v) for v in value)
    return "null" if value is None else str(value)


def _apply_row_failures(shard: Shard, failed_rows) -> Shard:
    """Drop failing rows (a rejected document takes its mentions and events with it) and record why."""
    tables = {name: shard.tables[name].to_pylist()
              for name in ("documents", "mentions", "events", "event_actors", "event_places")}
    rejections = shard.tables["rejections"].to_pylist()
    sources = {d["doc_id"]: d["source"] for d in tables["documents"]}

    rejected_docs = set()
    for index, reasons in failed_rows["documents"].items():
        doc = tables["documents"][index]
        rejected_docs.add(doc["doc_id"])
        rejections.append(rejection_row(doc["source"], doc["locator"], "validate", "; ".join(reasons),
                                        doc["doc_id"], doc["doc_id"]))
    rejected_mentions = set()
    for index, reasons in failed_rows["mentions"].items():
        mention = tables["mentions"][index]
        rejected_mentions.add(mention["mention_id"])
        if mention["doc_id"] in rejected_docs:
            continue
        rejections.append(rejection_row(sources.get(mention["doc_id"], ""),
                                        f"chars {mention['start']}-{mention['end']}", "validate",
                                        "; ".join(reasons), mention["text"], mention["doc_id"]))
    rejected_events = set()
    for index, reasons in failed_rows["events"].items():
        event = tables["events"][index]
        rejected_events.add(event["event_id"])
        if event["doc_id"] in rejected_docs or event["mention_id"] in rejected_mentions:
            continue
        rejections.append(rejection_row(sources.get(event["doc_id"], ""), f"event {event['event_id']}",
                                        "validate", "; ".join(reasons), event["sentence"], event["doc_id"]))

    # An actor or place row that fails is dropped with its reason; the event stays (with fewer actors).
    rejected_parts: dict[str, set[int]] = {"event_actors": set(), "event_places": set()}
    for name in rejected_parts:
        for index, reasons in failed_rows[name].items():
            part = tables[name][index]
            rejected_parts[name].add(index)
            if part["doc_id"] in rejected_docs:
                continue
            rejections.append(rejection_row(sources.get(part["doc_id"], ""),
                                            f"{name[6:-1]} chars {part['start']}-{part['end']} of {part['event_id']}",
                                            "validate", "; ".join(reasons), part["text"], part["doc_id"]))
    kept_events = {e["event_id"] for e in tables["events"]
                   if e["doc_id"] not in rejected_docs and e["mention_id"] not in rejected_mentions
                   and e["event_id"] not in rejected_events}
    kept = {
        "documents": [d for d in tables["documents"] if d["doc_id"] not in rejected_docs],
        "mentions": [m for m in tables["mentions"]
                     if m["doc_id"] not in rejected_docs and m["mention_id"] not in rejected_mentions],
        "events": [e for e in tables["events"]
                   if e["doc_id"] not in rejected_docs and e["mention_id"] not in rejected_mentions
                   and e["event_id"] not in rejected_events],
        **{name: [r for k, r in enumerate(tables[name]) if r["event_id"] in kept_events and k not in rejected_parts[name]]
           for name in rejected_parts},
        "rejections": rejections,
    }
    summary = dict(shard.summary)
    summary["n_rejected_inputs"] = summary.get("n_rejected_inputs", 0) + len(rejected_docs)
    summary["n_documents"] = len(kept["documents"])
    summary["n_mentions"] = len(kept["mentions"])
    summary["n_events"] = len(kept["events"])
    summary["n_rejections"] = len(kept["rejections"])
    return Shard.from_rows(kept, summary)


# --- Data Docs -----------------------------------------------------------------------------------

def build_data_docs(warehouse: Path, quality_dir: Path) -> Path:
    """Validate the warehouse's current tables with the same suites (the shards' and the clusters')
    and build GX Data Docs HTML.

    Returns the path of the site's index.html. Offline, the pages load their styling from CDNs and
    so render unstyled; the content is all there.
    """
    gx = _gx()
    import duckdb  # noqa: PLC0415

    from pipeline.warehouse import connect  # noqa: PLC0415

    from pipeline.clusters.quality import build_cluster_suites, cluster_frames  # noqa: PLC0415

    con = connect(warehouse, read_only=True)
    try:
        tables = {}
        for name in ("documents", "mentions", "events", "event_actors", "event_places"):
            tables[name] = con.execute(f"SELECT * EXCLUDE (run_id, loaded_at) FROM {name}" if name == "documents"
                                       else f"SELECT * FROM {name}").to_arrow_table()
        # The clusters' suites, on the same helper frames the load's gate computes before COMMIT.
        extra_frames = cluster_frames(con)
    except duckdb.CatalogException as exc:
        raise RuntimeError(f"the warehouse {warehouse} has no Datewire tables yet: {exc}") from exc
    finally:
        con.close()
    shard = Shard({**{n: t.select(SCHEMAS[n].names) for n, t in tables.items()},
                   "rejections": pa.Table.from_pylist([], schema=SCHEMAS["rejections"])}, {})
    frames = {**_frames(shard), **extra_frames}
    suites = {**build_suites(), **build_cluster_suites()}

    quality_dir = Path(quality_dir)
    quality_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(quality_dir))
    from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: PLC0415
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    site_dir = quality_dir / "site"
    site_name = "datewire"
    if site_name not in (context.get_site_names() or []):
        context.add_data_docs_site(site_name=site_name, site_config={
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
        })
    try:
        source = context.data_sources.get("warehouse")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("warehouse")
    definitions = []
    for name, suite in suites.items():
        context.suites.add_or_update(suite)
        asset_names = {a.name for a in source.assets}
        asset = source.get_asset(name) if name in asset_names else source.add_dataframe_asset(name)
        try:
            batch = asset.get_batch_definition(f"{name}_all")
        except (KeyError, ValueError):
            batch = asset.add_batch_definition_whole_dataframe(f"{name}_all")
        definitions.append((name, context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{name}_warehouse", data=batch, suite=context.suites.get(name)))))
    for name, definition in definitions:
        checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
            name=f"{name}_warehouse_checkpoint", validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="update_docs", site_names=[site_name])]))
        checkpoint.run(batch_parameters={"dataframe": frames[name]})
    context.build_data_docs(site_names=[site_name])
    index = site_dir / "index.html"
    log.info("GX Data Docs written to %s", index)
    return index
