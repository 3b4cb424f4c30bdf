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

__all__ = ["resolve_inputs", "plan_from_params", "batch_label", "extract_batch", "validate_batch", "load_run",
           "summarise_run", "refresh_outputs", "OUTPUT_STEPS"]

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


def batch_label(run_id: str, batch: int, settings: Settings | None = None, width: int = 100) -> str:
    """A short name for one batch, shown for its mapped task in the UI: "batch 2/5: a.txt, b.txt +48 more"."""
    plan = runner.load_plan(settings or Settings(), run_id)
    names = []
    for part in plan.batches[batch]:
        name = Path(part.get("source") or part["path"]).name
        if part.get("end") is not None or part.get("source"):
            name += f" from line {part.get('first_line', 1)}"
        names.append(name)
    head = f"batch {batch + 1}/{plan.n_batches}: "
    label = head + ", ".join(names)
    for shown in range(len(names) - 1, 0, -1):
        if len(label) <= width:
            break
        label = head + ", ".join(names[:shown]) + f" +{len(names) - shown} more"
    return label if len(label) <= width else label[:width - 1] + "…"


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
    text += ("\n\nFirst rows of the timeline that this run loaded:\n"
             + timeline_preview(settings.warehouse, 10, run_id=summary["run_id"]))
    log.info("%s", text)
    return text


# --- after a load --------------------------------------------------------------------------------

def _quality_docs(settings: Settings) -> Path:
    from pipeline.quality import build_data_docs  # noqa: PLC0415 - GX costs seconds: only when refreshing

    return build_data_docs(settings.warehouse, settings.quality_dir)


def _timeline_page(settings: Settings) -> Path:
    from pipeline.timeline_page import write_timeline_page  # noqa: PLC0415

    # Beside the warehouse: data/report/timeline.html by default, as `datewire report` writes it.
    output = Path(settings.warehouse).parent / "report" / "timeline.html"
    write_timeline_page(Path(settings.warehouse), output)
    return output


# What is rebuilt from the warehouse after each load, in order: (name, function of the settings that
# returns the path it wrote). dags/refresh_outputs.py runs them when news_events has loaded.
OUTPUT_STEPS: list[tuple[str, object]] = [
    ("quality_docs", _quality_docs),
    ("timeline_page", _timeline_page),
]


def refresh_outputs(settings: Settings | None = None) -> dict[str, str]:
    """Rebuild every output derived from the warehouse (OUTPUT_STEPS); returns {step: path written}."""
    settings = settings or Settings()
    written = {}
    for name, step in OUTPUT_STEPS:
        written[name] = str(step(settings))
        log.info("refreshed %s: %s", name, written[name])
    return written
