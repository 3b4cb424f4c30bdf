"""The pipeline's steps shaped for an orchestrator: plain arguments in, small JSON-able values out.

The Airflow DAG (dags/news_events.py) calls one of these per task; they never import Airflow, so the
same code runs under any scheduler.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date
from pathlib import Path

from pipeline import runner
from pipeline.settings import Settings, project_home

__all__ = ["resolve_inputs", "plan_from_params", "extract_batch", "validate_batch", "load_run", "summarise_run"]

log = logging.getLogger(__name__)


def resolve_inputs(input_path: str, base: Path | None = None) -> list[str]:
    """A relative path or glob is taken from the project folder, not the worker's working directory."""
    path = Path(input_path).expanduser()
    if not path.is_absolute():
        path = (base or project_home()) / path
    return [str(path)]


def plan_from_params(params: dict, run_id: str) -> list[int]:
    reference = params.get("reference_date") or None
    settings = Settings().with_(reference_date=date.fromisoformat(reference) if reference else None,
                                reprocess=bool(params.get("reprocess", False)))
    plan = runner.plan_run(settings, resolve_inputs(params["input_path"]), run_id)
    return list(range(plan.n_batches))


def extract_batch(run_id: str, batch: int) -> int:
    runner.extract_step(Settings(), run_id, batch)
    return batch


def validate_batch(run_id: str, batch: int) -> dict:
    return runner.validate_step(Settings(), run_id, batch)


def load_run(run_id: str) -> dict:
    return asdict(runner.load_step(Settings(), run_id, trigger="airflow"))


def summarise_run(summary: dict) -> str:
    from pipeline.report import run_summary_text, timeline_preview, warehouse_totals  # noqa: PLC0415

    settings = Settings()
    text = run_summary_text(runner.RunSummary(**summary)) + "\n" + warehouse_totals(settings.warehouse)
    text += "\n\nFirst rows of the timeline:\n" + timeline_preview(settings.warehouse, 10)
    log.info("%s", text)
    return text
