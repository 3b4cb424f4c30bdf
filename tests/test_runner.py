"""The whole pipeline without Airflow, on real DuckDB files and real GX: `datewire run`'s engine."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLES

from pipeline import runner, staging
from pipeline.quality import TableLevelFailure
from pipeline.warehouse import query


def _count(settings, table: str) -> int:
    return query(settings.warehouse, f"SELECT count(*) FROM {table}")[1][0][0]


def _counts(settings) -> dict:
    return {t: _count(settings, t) for t in ("documents", "mentions", "events", "rejections")}


def test_samples_load_and_every_input_is_accounted_for(settings):
    summary = runner.run_pipeline([str(SAMPLES)], settings)
    assert summary.status == "success"
    assert summary.balanced
    # 5 text/HTML files + 3 JSON lines; none is bad input.
    assert (summary.n_inputs, summary.n_documents, summary.n_unchanged, summary.n_rejected_inputs) == (8, 8, 0, 0)
    counts = _counts(settings)
    assert counts["documents"] == 8
    assert counts["mentions"] == summary.n_mentions and counts["events"] == summary.n_events
    assert summary.n_events >= 20

    # A dateline gives a plain-text article its date.
    assert query(settings.warehouse, "SELECT published_date, published_source FROM documents "
                                     "WHERE doc_id = 'harbour-strike'")[1] == [(date(2024, 3, 6), "inferred")]
    # The Windows-1252 file was decoded, not mangled.
    encoding, text = query(settings.warehouse,
                           "SELECT encoding, text FROM documents WHERE doc_id = 'storm-cp1252'")[1][0]
    assert encoding == "cp1252" and "Zürich" in text and "cafés" in text
    # The five-digit year was repaired (and says so); the impossible day was rejected with a reason.
    assert query(settings.warehouse, "SELECT timex_value, repaired IS NOT NULL FROM mentions "
                                     "WHERE doc_id = 'typo-year' AND text = 'February 20222'")[1] == [("2022-02", True)]
    rejection = query(settings.warehouse, "SELECT stage, reason FROM rejections WHERE doc_id = 'typo-year'")[1]
    assert rejection == [("extract", "'31 February 2022': February has no day 31")]
    # A relative date in a JSON-lines record resolves against its published date.
    assert query(settings.warehouse, "SELECT event_date_start FROM timeline WHERE doc_id = 'wire-election-results' "
                                     "AND date_text = 'Saturday'")[1] == [(date(2023, 11, 18),)]
    # Offsets slice each mention out of the stored text.
    assert query(settings.warehouse, "SELECT count(*) FROM mentions m JOIN documents d USING (doc_id) "
                                     "WHERE substring(d.text, m.start + 1, m.\"end\" - m.start) <> m.text")[1] == [(0,)]
    assert query(settings.warehouse, "SELECT balanced FROM run_accounting")[1] == [(True,)]


def test_a_second_run_changes_nothing(settings):
    runner.run_pipeline([str(SAMPLES)], settings)
    before = _counts(settings)
    again = runner.run_pipeline([str(SAMPLES)], settings)
    assert (again.n_inputs, again.n_documents, again.n_unchanged) == (8, 0, 8)
    assert again.balanced
    assert _counts(settings) == before
    assert _count(settings, "runs") == 2


def test_reprocess_re_extracts_without_duplicating(settings):
    runner.run_pipeline([str(SAMPLES)], settings)
    before = _counts(settings)
    again = runner.run_pipeline([str(SAMPLES)], settings.with_(reprocess=True))
    assert (again.n_documents, again.n_unchanged) == (8, 0)
    assert _counts(settings) == before


def test_a_changed_document_replaces_its_previous_rows(settings, tmp_path):
    article = tmp_path / "in" / "vote.txt"
    article.parent.mkdir()
    article.write_text("LISBON, May 2, 2024 — Parliament voted on Tuesday. The debate began on 12 April.\n")
    runner.run_pipeline([str(article.parent)], settings)
    assert query(settings.warehouse, "SELECT count(*) FROM mentions")[1] == [(3,)]
    article.write_text("LISBON, May 2, 2024 — Parliament voted on Tuesday.\n")
    summary = runner.run_pipeline([str(article.parent)], settings)
    assert (summary.n_documents, summary.n_unchanged) == (1, 0)
    assert query(settings.warehouse, "SELECT text FROM mentions ORDER BY start")[1] == [("May 2, 2024",), ("Tuesday",)]
    assert _count(settings, "documents") == 1


def _extract_only(settings, inputs, run_id="test-run"):
    plan = runner.plan_run(settings, inputs, run_id)
    for index in range(plan.n_batches):
        runner.extract_step(settings, run_id, index)
    return plan


def _rewrite_extracted(settings, run_id, index, edit):
    folder = staging.run_dir(settings.staging_dir, run_id) / "extracted" / f"shard-{index:05d}"
    shard = staging.read_shard(folder)
    rows = {name: shard.tables[name].to_pylist() for name in staging.TABLES}
    edit(rows)
    staging.write_shard(folder, staging.Shard.from_rows(rows, shard.summary))


def test_a_row_failing_an_expectation_is_rejected_while_the_rest_loads(settings):
    run_id = "gx-row"
    _extract_only(settings, [str(SAMPLES / "harbour-strike.txt")], run_id)

    def push_one_date_into_the_far_future(rows):
        mention = next(m for m in rows["mentions"] if m["text"] == "28 February")
        mention["date_start"] = mention["date_end"] = date(2999, 2, 28)
        for event in rows["events"]:
            if event["mention_id"] == mention["mention_id"]:
                event["event_date_start"] = event["event_date_end"] = date(2999, 2, 28)

    _rewrite_extracted(settings, run_id, 0, push_one_date_into_the_far_future)
    mention_id = next(m["mention_id"] for m in staging.read_shard(
        staging.run_dir(settings.staging_dir, run_id) / "extracted" / "shard-00000").tables["mentions"].to_pylist()
        if m["text"] == "28 February")
    extracted = staging.read_shard(staging.run_dir(settings.staging_dir, run_id) / "extracted" / "shard-00000")
    runner.validate_step(settings, run_id, 0)
    summary = runner.load_step(settings, run_id)

    assert summary.status == "success" and summary.n_documents == 1
    assert _count(settings, "mentions") == extracted.tables["mentions"].num_rows - 1
    # Every event that this date governs goes with it.
    governed = [e for e in extracted.tables["events"].to_pylist() if e["mention_id"] == mention_id]
    assert governed and _count(settings, "events") == extracted.tables["events"].num_rows - len(governed)
    (row,) = query(settings.warehouse, "SELECT stage, locator, reason, payload FROM rejections")[1]
    assert row[0] == "validate" and row[3] == "28 February"
    assert "more than 50 years after the document's year" in row[2] and "2999-02-28" in row[2]
    assert query(settings.warehouse, "SELECT count(*) FROM mentions WHERE text = '28 February'")[1] == [(0,)]


def test_a_batch_failing_a_table_level_expectation_fails_alone_and_is_accounted_for(settings):
    run_id = "gx-table"
    batch_settings = settings.with_(batch_size=1)
    inputs = [str(SAMPLES / "harbour-strike.txt"), str(SAMPLES / "wire.jsonl")]
    plan = _extract_only(batch_settings, inputs, run_id)
    assert plan.n_batches == 2

    def duplicate_a_mention(rows):
        rows["mentions"].append(dict(rows["mentions"][0]))

    _rewrite_extracted(settings, run_id, 0, duplicate_a_mention)
    with pytest.raises(TableLevelFailure, match="two mentions share a mention_id"):
        runner.validate_step(settings, run_id, 0)
    runner.validate_step(settings, run_id, 1)
    summary = runner.load_step(settings, run_id)

    assert summary.status == "partial"
    assert summary.balanced and (summary.n_inputs, summary.n_documents, summary.n_rejected_inputs) == (4, 3, 1)
    assert [d for (d,) in query(settings.warehouse, "SELECT doc_id FROM documents ORDER BY 1")[1]] == [
        "wire-ceasefire-talks", "wire-election-results", "wire-flood-relief"]
    (reason,) = query(settings.warehouse, "SELECT reason FROM rejections WHERE doc_id = 'harbour-strike'")[1][0]
    assert reason.startswith("batch 1 failed a table-level expectation") and "two mentions share" in reason
    validation = json.loads(query(settings.warehouse, "SELECT validation_summary FROM runs")[1][0][0])
    assert len(validation["failed_batches"]) == 1
    # The failed run's staging stays for inspection.
    assert staging.run_dir(settings.staging_dir, run_id).is_dir()


def test_discovery_problems_are_rejections_and_counted(settings, tmp_path):
    summary = runner.run_pipeline([str(tmp_path / "nowhere"), str(SAMPLES / "harbour-strike.txt")], settings)
    assert summary.balanced and (summary.n_inputs, summary.n_documents, summary.n_rejected_inputs) == (2, 1, 1)
    (stage, source), = query(settings.warehouse, "SELECT stage, source FROM rejections")[1]
    assert stage == "discover" and source.endswith("nowhere")


def _export_lines(salted: bool = False) -> str:
    """300 JSON lines, every 50th broken (so broken lines fall in several parts of the file); `salted`
    adds a hash per record, which keeps a gzip of them above split_gzip_jsonl's ratio bound."""
    import hashlib

    lines = []
    for i in range(300):
        if i % 50 == 49:
            lines.append('{"id": "cut-off", "text": ')
            continue
        record = {"id": f"a{i}", "published": "2024-05-10"}
        if salted:
            record["salt"] = hashlib.sha256(bytes(i)).hexdigest()
        # Each text its own (the same text under two ids would load once, as a duplicate).
        record["text"] = f"The council met on Tuesday (record a{i}) and voted on {1 + i % 28} April."
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def test_a_large_json_lines_export_is_split_over_batches_and_every_record_accounted_for(settings, tmp_path):
    export = tmp_path / "in" / "export.jsonl"
    export.parent.mkdir()
    export.write_text(_export_lines())
    small_batches = settings.with_(batch_bytes=4096)
    plan = runner.plan_run(small_batches, [str(export)], "split")
    assert plan.n_batches > 3 and all(len(b) == 1 and b[0]["end"] is not None for b in plan.batches)
    for index in range(plan.n_batches):
        runner.extract_step(small_batches, "split", index)
        runner.validate_step(small_batches, "split", index)
    summary = runner.load_step(small_batches, "split")
    assert summary.balanced and (summary.n_inputs, summary.n_documents, summary.n_rejected_inputs) == (300, 294, 6)
    assert _count(settings, "documents") == 294
    locators = sorted(r for (r,) in query(settings.warehouse, "SELECT locator FROM rejections")[1])
    assert locators == sorted(f"line {i + 1}" for i in range(300) if i % 50 == 49)


def test_a_batch_that_crashes_costs_that_batch_not_the_run(settings, tmp_path):
    """A batch whose extraction raises (here: its entry in the run plan is corrupt) is accounted for."""
    run_id = "crash"
    small = settings.with_(batch_size=1)
    plan = runner.plan_run(small, [str(SAMPLES / "harbour-strike.txt"), str(SAMPLES / "wire.jsonl")], run_id)
    plan_path = staging.run_dir(settings.staging_dir, run_id) / "plan.json"
    raw = json.loads(plan_path.read_text())
    raw["batches"][0][0]["unexpected"] = True  # InputFile(**entry) raises TypeError
    plan_path.write_text(json.dumps(raw))
    with pytest.raises(TypeError):
        runner.extract_step(small, run_id, 0)
    runner.extract_step(small, run_id, 1)
    runner.validate_step(small, run_id, 1)
    summary = runner.load_step(small, run_id)
    assert summary.status == "partial" and summary.balanced
    assert (summary.n_inputs, summary.n_documents, summary.n_rejected_inputs) == (4, 3, 1)
    (reason,) = query(settings.warehouse, "SELECT reason FROM rejections WHERE source LIKE '%harbour-strike.txt'")[1][0]
    assert reason == "batch 1 was never extracted (its extraction task failed)"
    assert plan.n_batches == 2


def test_a_large_gzip_json_lines_export_is_decompressed_into_parts_over_batches(settings, tmp_path):
    import gzip

    export = tmp_path / "in" / "export.jsonl.gz"
    export.parent.mkdir()
    with gzip.open(export, "wt", encoding="utf-8") as handle:
        handle.write(_export_lines(salted=True))
    small_batches = settings.with_(batch_bytes=4096)
    plan = runner.plan_run(small_batches, [str(export)], "gzsplit")
    assert plan.n_batches > 3 and all(len(b) == 1 and b[0]["source"] == str(export) for b in plan.batches)
    # A part whose extraction never ran is rejected under the export's name, not the copy's.
    lost = plan.batches[-1][0]
    rows, _, counts = runner._failed_batch_rejections(staging.run_dir(settings.staging_dir, "gzsplit"), plan)
    assert counts["n_inputs"] == plan.n_batches
    assert (rows[-1]["source"], rows[-1]["locator"]) == (str(export), f"part from line {lost['first_line']}")
    for index in range(plan.n_batches):
        runner.extract_step(small_batches, "gzsplit", index)
        runner.validate_step(small_batches, "gzsplit", index)
    summary = runner.load_step(small_batches, "gzsplit")
    assert summary.balanced and (summary.n_inputs, summary.n_documents, summary.n_rejected_inputs) == (300, 294, 6)
    # Documents and rejections name the export and its line numbers, not the decompressed parts.
    sources = {s for (s,) in query(settings.warehouse, "SELECT DISTINCT source FROM documents")[1]}
    assert sources == {str(export)}
    rejected = sorted(query(settings.warehouse, "SELECT source, locator FROM rejections")[1])
    assert rejected == sorted((str(export), f"line {i + 1}") for i in range(300) if i % 50 == 49)
    # The decompressed copies go with the run's staging folder.
    assert not staging.run_dir(settings.staging_dir, "gzsplit").exists()


@pytest.mark.parametrize("damage", ["cut short", "not parquet", "missing"])
def test_a_damaged_staging_shard_is_rejected_with_its_reason_while_the_others_load(settings, damage):
    """Failure drill (issue 11): a validated shard damaged on disk costs its batch, not the run."""
    run_id = "damaged"
    small = settings.with_(batch_size=1)
    inputs = [str(SAMPLES / "harbour-strike.txt"), str(SAMPLES / "council-vote.html")]
    plan = runner.plan_run(small, inputs, run_id)
    for index in range(plan.n_batches):
        runner.extract_step(small, run_id, index)
        runner.validate_step(small, run_id, index)
    events = staging.run_dir(settings.staging_dir, run_id) / "validated" / "shard-00001" / "events.parquet"
    if damage == "cut short":
        events.write_bytes(events.read_bytes()[: events.stat().st_size // 2])
    elif damage == "not parquet":
        events.write_bytes(b"PAR1 this is not what it says")
    else:
        events.unlink()
    summary = runner.load_step(small, run_id)
    assert summary.status == "partial" and summary.balanced
    assert (summary.n_inputs, summary.n_documents, summary.n_rejected_inputs) == (2, 1, 1)
    kept, lost = (Path(plan.batches[i][0]["path"]) for i in (0, 1))  # discovery orders the inputs
    assert query(settings.warehouse, "SELECT doc_id FROM documents")[1] == [(kept.stem,)]
    # Nothing of the damaged batch loaded: no mention, event, actor or place of another document.
    for table in ("mentions", "events", "event_actors", "event_places"):
        assert query(settings.warehouse, f"SELECT count(*) FROM {table} WHERE doc_id <> ?",
                     params=[kept.stem])[1] == [(0,)]
    (stage, reason), = query(settings.warehouse, "SELECT stage, reason FROM rejections WHERE source = ?",
                             params=[str(lost)])[1]
    assert stage == "validate"
    assert reason.startswith("batch 2: its validated staging shard is damaged and was not loaded ("), reason
    assert summary.failed_batches == [reason]
    # The run's staging stays for inspection (a partial run), the damaged file with it.
    assert staging.run_dir(settings.staging_dir, run_id).is_dir()
