"""
### refresh_outputs: rebuild what is derived from the warehouse, after each load

Runs whenever a `news_events` load has updated the warehouse (data-aware scheduling on the Asset
`datewire_events`, which the `load` task lists as its outlet). Its one task calls
`pipeline.orchestration.refresh_outputs`, which runs each step of `OUTPUT_STEPS` in order; today that
is the Great Expectations Data Docs (`data/quality/site/index.html`, the same as `datewire quality-docs`).

Several loads that finish while a refresh is running are served by one later refresh.
"""
from __future__ import annotations

import pendulum
from airflow.sdk import Asset, dag, task

# The same Asset as the news_events load's outlet (dags/news_events.py); tests/test_dag.py checks it.
WAREHOUSE_EVENTS = Asset(name="datewire_events", uri="file:///datewire/warehouse/events")


@dag(
    dag_id="refresh_outputs",
    schedule=[WAREHOUSE_EVENTS],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # one GX project folder: refreshes must not overlap
    # It only follows the loads, which are themselves paused until a user unpauses news_events.
    is_paused_upon_creation=False,
    default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=30)},
    doc_md=__doc__,
    tags=["datewire"],
)
def refresh_outputs():
    @task
    def refresh() -> dict:
        """Rebuild the outputs derived from the warehouse (GX Data Docs); returns {step: path}."""
        from pipeline.orchestration import refresh_outputs as refresh_all
        from pipeline.settings import Settings

        return refresh_all(Settings())

    refresh()


refresh_outputs()
