"""`airflow scheduler` with Datewire's heavy imports done once, before the LocalExecutor forks its workers.

On Linux, LocalExecutor workers are forks of the scheduler, and each task is a bare `os.fork()` of a
worker (airflow/sdk/execution_time/supervisor.py). Modules imported here are therefore already in every
task process: pyarrow and duckdb (about 2 s per task on a busy machine) and Great Expectations (3.4-4 s
for each validate task, see ../shared/notes/airflow-3.md). The cost is paid once at scheduler start,
and the pages are shared copy-on-write by the forks. Nothing is imported at DAG parse time: the
dag-processor is not started through this script.

    python scripts/airflow_preload.py scheduler --skip-serve-logs     # what airflow_service.py runs
"""
from __future__ import annotations

import sys


def preload() -> None:
    import pipeline.extract  # noqa: F401  the tagger and event code
    import pipeline.orchestration  # noqa: F401  pyarrow, duckdb, the warehouse and staging code
    from pipeline.quality import _validator

    _validator()  # great_expectations and its in-memory context with the suites, built once


if __name__ == "__main__":
    preload()
    from airflow.__main__ import main

    sys.argv = ["airflow", *sys.argv[1:]]
    sys.exit(main())
