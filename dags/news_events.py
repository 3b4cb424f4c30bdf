"""
### news_events: raw news text → dated events → quality gate → DuckDB

Every hour this DAG takes the documents in `data/inbox/` that it has not loaded before (by content
hash), extracts their temporal expressions and dated events, validates them with Great Expectations,
and loads them into the DuckDB warehouse (`data/warehouse.duckdb`).

Trigger it by hand to process any path or glob (relative paths are read from the project folder):

| param | meaning |
|---|---|
| `input_path` | a file, folder (recursive) or glob: `.txt`, `.html`, `.jsonl`, and `.gz` of each |
| `reference_date` | anchor for documents without a date of their own (YYYY-MM-DD), optional |
| `reprocess` | re-extract documents even if they were loaded before |

Steps: **plan** (discover inputs, split into batches) → **extract** (one mapped task and one Parquet
shard per batch) → **validate** (GX, per shard; a shard failing a table-level expectation fails its
task and does not load) → **load** (the only warehouse writer, one transaction, runs even when some
batches failed so their inputs are accounted for) → **summarise** (fails the run when a batch was lost).

Rejected inputs and rows: `SELECT * FROM rejections WHERE run_id = '<this run>'`.
"""
from __future__ import annotations

import pendulum
from airflow.sdk import Asset, Param, dag, task
from airflow.task.trigger_rule import TriggerRule

# Updated by every load; dags/refresh_outputs.py is scheduled on it (schedule=[WAREHOUSE_EVENTS]).
WAREHOUSE_EVENTS = Asset(name="datewire_events", uri="file:///datewire/warehouse/events")


@dag(
    dag_id="news_events",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # the warehouse has one writer; runs would only queue on its lock
    # Every step is idempotent (shards are replaced, loads are upserts), so a retry is always safe.
    default_args={"retries": 2, "retry_delay": pendulum.duration(seconds=30)},
    doc_md=__doc__,
    tags=["datewire"],
    params={
        "input_path": Param("data/inbox", type="string", minLength=1, title="Input path",
                            description="File, folder or glob of .txt/.html/.jsonl(.gz) documents; "
                                        "relative to the project folder."),
        "reference_date": Param(None, type=["null", "string"], format="date", title="Reference date",
                                description="Anchor for documents without a date of their own."),
        "reprocess": Param(False, type="boolean", title="Reprocess",
                           description="Re-extract documents that were loaded before."),
    },
)
def news_events():
    @task
    def plan(params=None, run_id=None) -> list[int]:
        """Discover the inputs and split them into batches; returns the batch numbers."""
        from pipeline.orchestration import plan_from_params

        return plan_from_params(params, run_id)

    # Each mapped task is named in the UI by its batch's inputs ("batch 2/5: a.txt, b.txt +48 more").
    @task(map_index_template="{{ batch_label }}")
    def extract(batch: int, run_id=None) -> int:
        """Read and extract one batch of inputs into a Parquet shard."""
        from airflow.sdk import get_current_context
        from airflow.sdk.exceptions import AirflowFailException

        from pipeline.orchestration import batch_label, extract_batch
        from pipeline.runner import StagingGone

        try:
            get_current_context()["batch_label"] = batch_label(run_id, batch)  # set first: a failure shows it too
            return extract_batch(run_id, batch)
        except StagingGone as gone:  # the run's staging was removed: no retry can bring it back
            raise AirflowFailException(str(gone)) from gone

    @task(map_index_template="{{ batch_label }}")
    def validate(batch: int, run_id=None) -> dict:
        """Great Expectations gate over one shard; failing rows become rejections."""
        from airflow.sdk import get_current_context
        from airflow.sdk.exceptions import AirflowFailException

        from pipeline.orchestration import batch_label, validate_batch
        from pipeline.quality import TableLevelFailure

        get_current_context()["batch_label"] = batch_label(run_id, batch)

        try:
            return validate_batch(run_id, batch)
        except TableLevelFailure as failure:  # the data, not the machine: retrying cannot help
            raise AirflowFailException(f"batch {batch + 1}: {failure}") from failure

    @task(trigger_rule=TriggerRule.ALL_DONE, outlets=[WAREHOUSE_EVENTS])
    def load(run_id=None) -> dict:
        """Load every validated shard in one transaction and account for every input."""
        from airflow.sdk.exceptions import AirflowFailException

        from pipeline.orchestration import load_run
        from pipeline.runner import StagingGone

        try:
            return load_run(run_id)
        except StagingGone as gone:  # the run's staging was removed: no retry can bring it back
            raise AirflowFailException(str(gone)) from gone

    @task
    def summarise(summary: dict) -> str:
        """Log the run's accounting and the first rows of the timeline; fail the run if a batch was lost."""
        from airflow.sdk.exceptions import AirflowFailException

        from pipeline.orchestration import summarise_run

        report = summarise_run(summary)
        if summary["status"] != "success":  # the rest is loaded; the red run says some inputs were not
            raise AirflowFailException(f"run {summary['status']}: {'; '.join(summary['failed_batches'])}")
        return report

    validated = validate.expand(batch=extract.expand(batch=plan()))
    loaded = load()
    validated >> loaded
    summarise(loaded)


news_events()
