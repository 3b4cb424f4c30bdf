"""The GX gate, with real Great Expectations on known-good and known-bad rows."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest
from staged_rows import actor_row, document_row, event_row, mention_row, place_row, shard_of

from pipeline.quality import GRANULARITIES, TableLevelFailure, build_suites, plausible_window, validate_shard
from pipeline.staging import Shard


def test_plausible_window_is_year_1000_to_document_year_plus_50():
    assert plausible_window(date(2024, 5, 10)) == (date(1000, 1, 1), date(2074, 12, 31))


def test_suites_are_built_from_typed_expectations():
    suites = build_suites()
    assert set(suites) == {"documents", "mentions", "events", "event_actors", "event_places"}
    for suite in suites.values():
        assert all(e.meta["level"] in ("row", "table") and e.meta["reason"] for e in suite.expectations)


def test_a_good_shard_passes_untouched():
    mention = mention_row()
    shard = shard_of([document_row()], [mention], [event_row(mention)])
    validated, summary = validate_shard(shard)
    assert validated.tables["mentions"].num_rows == 1
    assert validated.tables["events"].num_rows == 1
    assert validated.tables["rejections"].num_rows == 0
    assert all(result["success"] for result in summary.values())
    assert validated is shard  # nothing to drop: the shard goes on as it came, not rebuilt row by row


def test_frames_are_built_one_table_at_a_time_so_validation_holds_one_at_once():
    from pipeline.quality import _iter_frames  # noqa: PLC0415

    mention = mention_row()
    frames = _iter_frames(shard_of([document_row()], [mention], [event_row(mention)]))
    name, documents = next(frames)
    assert name == "documents" and "text" in documents and "window_start" in documents
    # The events frame, the largest, is not built until the caller has finished with the ones before.
    assert [name for name, _ in frames] == ["mentions", "events", "event_actors", "event_places"]


def test_a_row_failing_an_expectation_becomes_a_rejection_and_the_rest_stays():
    good = mention_row()
    # A date far beyond the document's year + 50, the kind of value a mis-read year produces.
    bad = mention_row(phrase="Friday", start_date=date(2999, 1, 1), timex_value="2999-01-01")
    shard = shard_of([document_row()], [good, bad], [event_row(good), event_row(bad, trigger="came")])
    validated, summary = validate_shard(shard)

    assert validated.tables["mentions"].column("mention_id").to_pylist() == [good["mention_id"]]
    assert validated.tables["events"].column("mention_id").to_pylist() == [good["mention_id"]]
    rejections = validated.tables["rejections"].to_pylist()
    assert len(rejections) == 1
    rejection = rejections[0]
    assert rejection["stage"] == "validate"
    assert rejection["locator"] == f"chars {bad['start']}-{bad['end']}"
    assert "more than 50 years after the document's year" in rejection["reason"]
    assert "expect_column_pair_values_a_to_be_greater_than_b" in rejection["reason"]
    assert "2999-01-01" in rejection["reason"]
    assert summary["mentions"]["rows_rejected"] == 1


def test_offsets_past_the_end_of_the_document_are_rejected():
    bad = mention_row(end=10_000)
    validated, _ = validate_shard(shard_of([document_row()], [bad], []))
    assert validated.tables["mentions"].num_rows == 0
    assert "past the end of its document" in validated.tables["rejections"].column("reason")[0].as_py()


def test_start_after_end_and_unknown_granularity_are_rejected_with_every_reason():
    bad = mention_row(start_date=date(2024, 5, 9), end_date=date(2024, 5, 1), granularity="fortnight")
    validated, _ = validate_shard(shard_of([document_row()], [bad], []))
    reason = validated.tables["rejections"].column("reason")[0].as_py()
    assert "the date starts after it ends" in reason and "granularity is not one we know" in reason


def test_a_rejected_document_takes_its_mentions_and_events_with_it():
    mention = mention_row()
    doc = document_row(published=date(812, 1, 1), anchor_date=None)
    validated, _ = validate_shard(shard_of([doc], [mention], [event_row(mention)]))
    assert validated.tables["documents"].num_rows == 0
    assert validated.tables["mentions"].num_rows == 0
    assert validated.tables["events"].num_rows == 0
    (rejection,) = validated.tables["rejections"].to_pylist()
    assert rejection["doc_id"] == "doc-a" and "before the year 1000" in rejection["reason"]
    assert validated.summary["n_rejected_inputs"] == 1


def test_duplicate_ids_are_a_table_level_failure_with_a_readable_message():
    mention = mention_row()
    with pytest.raises(TableLevelFailure, match="two mentions share a mention_id"):
        validate_shard(shard_of([document_row()], [mention, dict(mention)], []))


def test_missing_column_is_a_table_level_failure():
    shard = shard_of([document_row()], [mention_row()], [])
    broken = Shard({**shard.tables, "events": pa.table({"event_id": pa.array([], pa.string())})}, shard.summary)
    with pytest.raises(TableLevelFailure, match="events batch does not have the expected columns"):
        validate_shard(broken)


def test_granularities_match_the_taggers_vocabulary():
    from pipeline.temporal import GRANULARITIES as TAGGER_GRANULARITIES

    assert tuple(GRANULARITIES) == tuple(TAGGER_GRANULARITIES)


def _count(settings, table: str) -> int:
    import duckdb
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_data_docs_are_built_for_the_warehouse_and_rebuilt_idempotently(settings):
    from conftest import SAMPLES

    from pipeline.quality import build_data_docs
    from pipeline.runner import run_pipeline

    run_pipeline([str(SAMPLES / "harbour-strike.txt")], settings)
    index = build_data_docs(settings.warehouse, settings.quality_dir)
    assert index == settings.quality_dir / "site" / "index.html" and index.is_file()
    pages = {p.parts[-4] for p in (settings.quality_dir / "site" / "validations").rglob("*.html")}
    assert pages == {"documents", "mentions", "events", "event_actors", "event_places",
                     "event_clusters", "event_membership"}
    # The clusters' suites validated the warehouse's real clusters (17 on this sample), and they passed.
    import json
    clusters_result = json.loads(next((settings.quality_dir / "gx" / "uncommitted" / "validations"
                                       / "event_clusters").rglob("*.json")).read_text())
    assert clusters_result["success"] and clusters_result["statistics"]["evaluated_expectations"] == 7
    n_clusters = _count(settings, "event_clusters")
    assert n_clusters > 0 and {r["result"]["element_count"] for r in clusters_result["results"]} == {n_clusters}
    build_data_docs(settings.warehouse, settings.quality_dir)  # a second build reuses the GX project
    assert len(list((settings.quality_dir / "site" / "validations").rglob("*.html"))) == 14


# --- event records ----------------------------------------------------------------------------------

def _event_shard(event_changes=None, actor_changes=None, place_changes=None):
    mention = mention_row()
    event = event_row(mention, **(event_changes or {}))
    return shard_of([document_row()], [mention], [event], actors=[actor_row(event, **(actor_changes or {}))],
                    places=[place_row(event, **(place_changes or {}))])


def test_a_good_event_record_with_actor_and_place_passes():
    validated, summary = validate_shard(_event_shard())
    assert validated.tables["events"].num_rows == 1
    assert validated.tables["event_actors"].num_rows == 1 and validated.tables["event_places"].num_rows == 1
    assert validated.tables["rejections"].num_rows == 0, validated.tables["rejections"].to_pylist()


@pytest.mark.parametrize("changes, reason", [
    ({"event_type": None}, "event has no type"),
    ({"event_type": "PARTY"}, "event type is not one of"),
    ({"modality": "maybe"}, "modality is not one of"),
    ({"polarity": "sort of"}, "polarity is not one of"),
    ({"event_class": "happening"}, "event class is not one of"),
    ({"trigger_start": 3}, "offsets do not slice its text"),
    ({"date_basis": "none"}, "do not fit its date_basis"),
    ({"date_basis": "publication"}, "do not fit its date_basis"),
])
def test_a_bad_event_value_is_rejected_with_its_reason_and_takes_its_actors_and_places(changes, reason):
    validated, _ = validate_shard(_event_shard(event_changes=changes))
    assert validated.tables["events"].num_rows == 0
    assert validated.tables["event_actors"].num_rows == 0 and validated.tables["event_places"].num_rows == 0
    (rejection,) = validated.tables["rejections"].to_pylist()
    assert reason in rejection["reason"] and rejection["stage"] == "validate"


@pytest.mark.parametrize("actor_changes, place_changes, table, reason", [
    ({"role": "villain"}, None, "event_actors", "actor role is not one of"),
    ({"country_code": "XYZ"}, None, "event_actors", "ISO 3166-1 alpha-3"),
    ({"start": 1}, None, "event_actors", "actor's offsets"),
    (None, {"lat": 123.0}, "event_places", "latitude outside"),
    (None, {"lon": -190.0}, "event_places", "longitude outside"),
    (None, {"geo_precision": 7}, "event_places", "geo_precision is not one of"),
    (None, {"country_code": "ZZZ"}, "event_places", "ISO 3166-1 alpha-3"),
])
def test_a_bad_actor_or_place_is_rejected_and_the_event_stays(actor_changes, place_changes, table, reason):
    validated, _ = validate_shard(_event_shard(actor_changes=actor_changes, place_changes=place_changes))
    assert validated.tables["events"].num_rows == 1
    assert validated.tables[table].num_rows == 0
    (rejection,) = validated.tables["rejections"].to_pylist()
    assert reason in rejection["reason"]
