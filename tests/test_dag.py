"""The news_events DAG with real Airflow: import, shape, and whole runs with `dag.test()`."""
from __future__ import annotations

import copy
from datetime import date

import pytest
from conftest import ROOT, SAMPLES

from pipeline.warehouse import query

pytestmark = pytest.mark.airflow


@pytest.fixture(scope="module")
def bag(airflow_db):
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == {"news_events", "refresh_outputs"}
    return bag


@pytest.fixture(scope="module")
def dag(bag):
    return bag.get_dag("news_events")


def test_dag_shape_schedule_and_params(dag):
    assert [t.task_id for t in dag.tasks] == ["plan", "extract", "validate", "load", "summarise"]
    assert dag.schedule == "@hourly"
    assert dag.catchup is False and dag.max_active_runs == 1
    assert set(dag.params) == {"input_path", "reference_date", "reprocess"}
    assert dag.params["input_path"] == "data/inbox"
    load = dag.get_task("load")
    assert load.trigger_rule == "all_done"  # failed batches must still be accounted for
    assert dag.doc_md and "news_events" in dag.doc_md


@pytest.mark.parametrize("name, value", [("reference_date", "yesterday"), ("reprocess", "maybe"),
                                         ("input_path", "")])
def test_params_are_validated_by_json_schema(dag, name, value):
    from airflow.sdk.exceptions import ParamValidationError

    params = copy.deepcopy(dag.params)
    with pytest.raises(ParamValidationError, match=name):
        params[name] = value


def _states(dag_run) -> dict:
    return {ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else ""): str(getattr(ti.state, "value", ti.state))
            for ti in dag_run.get_task_instances()}


def _counts(settings):
    return {t: query(settings.warehouse, f"SELECT count(*) FROM {t}")[1][0][0]
            for t in ("documents", "mentions", "events", "event_actors", "event_places", "rejections", "runs")}


def test_dag_run_over_the_samples_then_a_rerun_duplicates_nothing(dag, pipeline_env):
    settings = pipeline_env
    first = dag.test(run_conf={"input_path": str(SAMPLES), "reference_date": None, "reprocess": False})
    assert str(getattr(first.state, "value", first.state)) == "success", _states(first)
    assert _states(first) == {"plan": "success", "extract[0]": "success", "validate[0]": "success",
                              "load": "success", "summarise": "success"}
    # Per-batch progress in the UI: each mapped task is named by its batch's input files.
    labels = {ti.task_id: ti.rendered_map_index for ti in first.get_task_instances() if ti.map_index >= 0}
    assert labels["extract"] == labels["validate"] and labels["extract"].startswith("batch 1/1: ")
    assert len(labels["extract"]) <= 100 and "council-vote.html" in labels["extract"], labels
    counts = _counts(settings)
    # Exact counts of this tagger on data/samples: a change to extraction shows up here first.
    # event_actors 29 -> 30: group roles from data/roles.tsv give 'The teachers say' its source (EDU).
    assert counts == {"documents": 8, "mentions": 46, "events": 92, "event_actors": 30, "event_places": 3,
                      "rejections": 1, "runs": 1}
    run_id, trigger, status, n_inputs, n_documents = query(
        settings.warehouse, "SELECT run_id, trigger, status, n_inputs, n_documents FROM runs")[1][0]
    assert (run_id, trigger, status, n_inputs, n_documents) == (first.run_id, "airflow", "success", 8, 8)
    assert query(settings.warehouse, "SELECT DISTINCT event_date_start, granularity FROM timeline "
                                     "WHERE doc_id = 'harbour-strike' AND date_text = '28 February'")[1] == [
        (date(2024, 2, 28), "day")]

    second = dag.test(run_conf={"input_path": str(SAMPLES)})
    assert str(getattr(second.state, "value", second.state)) == "success"
    assert _counts(settings) == {**counts, "runs": 2}
    assert query(settings.warehouse, "SELECT n_documents, n_unchanged FROM runs WHERE run_id = ?",
                 params=[second.run_id])[1] == [(0, 8)]


def test_reference_date_param_anchors_undated_documents(dag, pipeline_env):
    settings = pipeline_env
    run = dag.test(run_conf={"input_path": str(SAMPLES / "undated-feature.txt"), "reference_date": "2025-06-15"})
    assert str(getattr(run.state, "value", run.state)) == "success", _states(run)
    rows = query(settings.warehouse, "SELECT text, date_start FROM mentions WHERE text = 'two years ago'")[1]
    assert rows == [("two years ago", date(2023, 1, 1))]
    assert query(settings.warehouse, "SELECT published_source, anchor_source FROM documents")[1] == [
        ("unknown", "reference")]


def test_dag_over_a_mixed_folder_accounts_for_every_input(dag, pipeline_env, tmp_path):
    from mixed_inputs import BAD_FILES, build_mixed_folder

    settings = pipeline_env
    expected = build_mixed_folder(tmp_path / "inbox")
    run = dag.test(run_conf={"input_path": str(tmp_path / "inbox")})
    assert str(getattr(run.state, "value", run.state)) == "success", _states(run)
    assert query(settings.warehouse, "SELECT n_inputs, n_documents, n_unchanged, n_rejected_inputs FROM runs")[1] == [
        (expected["n_inputs"], len(expected["good_doc_ids"]), 0, expected["n_rejected"])]
    assert {d for (d,) in query(settings.warehouse, "SELECT doc_id FROM documents")[1]} == expected["good_doc_ids"]
    reasons = query(settings.warehouse, "SELECT source, reason FROM rejections WHERE stage IN ('discover', 'read')")[1]
    assert sorted(source.rsplit("/", 1)[1] for source, _ in reasons) == sorted(BAD_FILES)

    again = dag.test(run_conf={"input_path": str(tmp_path / "inbox")})
    assert query(settings.warehouse, "SELECT n_documents, n_unchanged, n_rejected_inputs FROM runs WHERE run_id = ?",
                 params=[again.run_id])[1] == [(0, len(expected["good_doc_ids"]), expected["n_rejected"])]
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[1] == [(len(expected["good_doc_ids"]),)]


def test_an_empty_inbox_makes_a_successful_empty_run(dag, pipeline_env, tmp_path):
    settings = pipeline_env
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "README.md").write_text("drop articles here\n")  # not an input
    run = dag.test(run_conf={"input_path": str(tmp_path / "inbox")})
    assert str(getattr(run.state, "value", run.state)) == "success", _states(run)
    assert query(settings.warehouse, "SELECT status, n_inputs, n_rejected_inputs FROM runs")[1] == [("success", 0, 0)]


def test_the_load_announces_the_warehouse_asset_that_refresh_outputs_is_scheduled_on(dag, bag):
    (outlet,) = dag.get_task("load").outlets
    assert outlet.name == "datewire_events"
    refresh = bag.get_dag("refresh_outputs")
    assert list(refresh.schedule) == [outlet]  # same name and uri: the load's events start it
    assert [t.task_id for t in refresh.tasks] == ["refresh"]
    assert refresh.max_active_runs == 1 and refresh.doc_md


def test_refresh_outputs_alone_with_dag_test_rebuilds_the_data_docs_and_the_timeline_page(bag, pipeline_env):
    from pipeline.runner import run_pipeline

    settings = pipeline_env
    run_pipeline([str(SAMPLES)], settings)
    run = bag.get_dag("refresh_outputs").test()
    assert str(getattr(run.state, "value", run.state)) == "success", _states(run)
    index = settings.quality_dir / "site" / "index.html"
    assert index.is_file()
    pages = {p.parts[-4] for p in (settings.quality_dir / "site" / "validations").rglob("*.html")}
    assert pages == {"documents", "mentions", "events", "event_actors", "event_places",
                     "event_clusters", "event_membership"}
    page = (settings.warehouse.parent / "report" / "timeline.html").read_text()
    assert "<html" in page and "Crane operators" in page


def test_a_batch_failing_a_table_level_expectation_fails_its_task_without_retries(dag, pipeline_env, tmp_path):
    """A buggy extractor (simulated in our own package: a mention duplicated in the shard it writes) makes
    real GX fail the batch; the failure is final at once, and the load still accounts for its inputs."""
    import json

    from pipeline import staging

    settings = pipeline_env
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("ATHENS, June 4, 2024 — Ferry crews walked off the job on Tuesday.\n")
    (folder / "b.txt").write_text("VILNIUS, October 14, 2024 — Counting finished on Monday.\n")
    from pipeline.orchestration import extract_batch as real_extract_batch

    def extract_then_duplicate(run_id, batch):
        real_extract_batch(run_id, batch)
        folder_ = staging.run_dir(settings.staging_dir, run_id) / "extracted" / f"shard-{batch:05d}"
        shard = staging.read_shard(folder_)
        rows = {name: shard.tables[name].to_pylist() for name in staging.TABLES}
        rows["mentions"].append(dict(rows["mentions"][0]))
        staging.write_shard(folder_, staging.Shard.from_rows(rows, shard.summary))
        return batch

    import pipeline.orchestration as orchestration

    original = orchestration.extract_batch
    orchestration.extract_batch = extract_then_duplicate
    try:
        run = dag.test(run_conf={"input_path": str(folder)})
    finally:
        orchestration.extract_batch = original
    states = _states(run)
    assert states["validate[0]"] == "failed" and states["load"] == "success", states
    # The good part is loaded, and the run still shows red: some inputs did not make it.
    assert states["summarise"] == "failed" and str(getattr(run.state, "value", run.state)) == "failed"
    (status, validation) = query(settings.warehouse, "SELECT status, validation_summary FROM runs")[1][0]
    assert status == "partial" and "two mentions share a mention_id" in json.loads(validation)["failed_batches"][0]
    reasons = [r for (r,) in query(settings.warehouse, "SELECT reason FROM rejections")[1]]
    assert len(reasons) == 2 and all(r.startswith("batch 1 failed a table-level expectation") for r in reasons)
    # Nothing of the failed batch loaded (issue 11 failure drill), and the run's summary says why.
    for table in ("documents", "mentions", "events", "event_actors", "event_places"):
        assert query(settings.warehouse, f"SELECT count(*) FROM {table}")[1] == [(0,)], table
    from pipeline.orchestration import summarise_run
    from pipeline.runner import recorded_summary

    text = summarise_run(dict(recorded_summary(settings, run.run_id).__dict__))
    assert "batch 1 failed a table-level expectation" in text and "Traceback" not in text
    ti = next(t for t in run.get_task_instances() if t.task_id == "validate")
    assert ti.try_number == 1  # AirflowFailException: no retry of a data failure
