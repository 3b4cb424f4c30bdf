"""Run the news_events DAG once, in this process, with real Airflow (`dag.test()`), and report.

    python scripts/run_dag.py [--input-path data/samples] [--reference-date YYYY-MM-DD] [--reprocess]

Used by `make run`. Exits non-zero when the DAG run does not succeed. Airflow's own log goes to
.airflow/last-run.log so the terminal shows the summary, not thousands of log lines.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def _output_to(path: Path):
    """Send this process's stdout and stderr (file descriptors, which Airflow's loggers hold) to a file."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "w") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--input-path", default="data/samples")
    parser.add_argument("--reference-date")
    parser.add_argument("--reprocess", action="store_true")
    parser.add_argument("--log", type=Path, default=ROOT / ".airflow" / "last-run.log")
    args = parser.parse_args()

    from airflow.dag_processing.dagbag import DagBag

    conf = {"input_path": args.input_path, "reference_date": args.reference_date, "reprocess": args.reprocess}
    args.log.parent.mkdir(parents=True, exist_ok=True)
    print(f"Running DAG news_events with {json.dumps(conf)} (Airflow log: {args.log}) ...", flush=True)
    with _output_to(args.log):
        bag = DagBag(dag_folder=str(ROOT / "dags"))
        if bag.import_errors:
            raise SystemExit(f"DAG import errors: {bag.import_errors}")
        dag = bag.get_dag("news_events")
        dag_run = dag.test(run_conf=conf)
        states = {ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else ""): ti.state
                  for ti in dag_run.get_task_instances()}
    state = str(getattr(dag_run.state, "value", dag_run.state))
    print(f"DAG run {dag_run.run_id}: {state}")
    bad = {k: str(v) for k, v in states.items() if str(getattr(v, "value", v)) != "success"}
    if bad:
        print(f"tasks not successful: {bad}")
    return 0 if state == "success" else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
