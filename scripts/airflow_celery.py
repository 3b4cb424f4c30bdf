"""Celery workers beside the service of scripts/airflow_service.py: the same DAG on CeleryExecutor.

    source scripts/env.sh
    export AIRFLOW__CORE__EXECUTOR=CeleryExecutor
    export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://USER@127.0.0.1:5432/airflow
    export AIRFLOW__CELERY__BROKER_URL=redis://127.0.0.1:6379/0
    export AIRFLOW__CELERY__RESULT_BACKEND=db+postgresql+psycopg2://USER@127.0.0.1:5432/airflow
    airflow db migrate
    python scripts/airflow_service.py start --celery-workers 2      # stop / status as usual

`--celery-workers N` adds N `airflow celery worker` processes to the four components, each in a process
group of its own and recorded in the same state file, so `stop` and `status` treat them like the rest.
Each worker:
- is named `celery-worker-<i>@<host>` (Celery's node name) and reports that name as the task instances'
  `hostname` (the TI API field): `[core] hostname_callable` is `airflow_celery.worker_hostname` in the
  workers' environment only. On one machine the default (the FQDN) would be the same for every worker;
  on a cluster, one worker per host, the default is enough.
- runs `--concurrency` task processes (default 1: two workers on a 2-core machine use both cores);
- starts through scripts/airflow_preload.py, so pyarrow, duckdb and GX are imported once, before
  Celery's prefork pool forks (each task is a fork of a pool process: Airflow's supervisor);
- does not start its log server (`--skip-serve-logs`): it would bind all interfaces (see
  scripts/airflow_service.py). Workers on this machine write task logs under $AIRFLOW_HOME/logs, which
  the API server reads itself. On several hosts, use remote logging or start the log servers.

The DAG needs no change: tasks exchange run ids through XCom and rows through DATEWIRE_STAGING, and the
load writes DATEWIRE_WAREHOUSE; every worker must see the same two paths (shared storage on a cluster).
"""
from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
PRELOAD = SCRIPTS / "airflow_preload.py"
WORKER_NAME = "DATEWIRE_CELERY_WORKER"  # set in each worker's environment; its task processes inherit it
HOSTNAME_CALLABLE = "airflow_celery.worker_hostname"


def worker_hostname() -> str:
    """`[core] hostname_callable` of the workers: the Celery node name, `celery-worker-1@host`."""
    host = socket.getfqdn()
    name = os.environ.get(WORKER_NAME)
    return f"{name}@{host}" if name else host


def celery_env(env: dict[str, str], task_processes: int = 2) -> dict[str, str]:
    """The service's environment for CeleryExecutor; a clear exit when the settings cannot work.

    `[core] parallelism` is raised to at least 4 x `task_processes` (the workers' total concurrency): the
    executor counts a finished task against it until the task's Celery result reaches the scheduler
    (5.5 s measured here), so parallelism 2 with two workers ran mapped tasks one after the other. What
    runs at once stays bounded by the workers; the rest waits in the broker."""
    env = dict(env)
    slots = 4 * max(1, task_processes)
    if int(env.get("AIRFLOW__CORE__PARALLELISM") or 0) < slots:
        env["AIRFLOW__CORE__PARALLELISM"] = str(slots)
    env.setdefault("AIRFLOW__CORE__EXECUTOR", "CeleryExecutor")
    if "Celery" not in env["AIRFLOW__CORE__EXECUTOR"]:
        raise SystemExit(f"--celery-workers needs AIRFLOW__CORE__EXECUTOR=CeleryExecutor, "
                         f"not {env['AIRFLOW__CORE__EXECUTOR']}")
    missing = [k for k in ("AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN") if not env.get(k)]
    if missing:
        raise SystemExit(f"--celery-workers needs {' and '.join(missing)} (Redis as broker, PostgreSQL as "
                         "metadata database; see scripts/airflow_celery.py)")
    if env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("sqlite"):
        raise SystemExit("CeleryExecutor cannot run on SQLite: set AIRFLOW__DATABASE__SQL_ALCHEMY_CONN "
                         "to PostgreSQL (postgresql+psycopg2://...)")
    # Task processes (forks of the workers) report to the execution API set by service_env.
    return env


def worker_components(env: dict[str, str], count: int, concurrency: int = 1) -> dict[str, tuple[list[str], dict]]:
    """name -> (command, environment) of `count` Celery workers."""
    out = {}
    for i in range(1, count + 1):
        name = f"celery-worker-{i}"
        wenv = dict(env)
        wenv[WORKER_NAME] = name
        wenv["AIRFLOW__CORE__HOSTNAME_CALLABLE"] = HOSTNAME_CALLABLE
        wenv["PYTHONPATH"] = os.pathsep.join(p for p in (str(SCRIPTS), env.get("PYTHONPATH", "")) if p)
        preload = [sys.executable, str(PRELOAD)] if env.get("DATEWIRE_AIRFLOW_PRELOAD", "1") != "0" else ["airflow"]
        out[name] = ([*preload, "celery", "worker", "--celery-hostname", f"{name}@%h",
                      "--concurrency", str(concurrency), "--skip-serve-logs",
                      "--without-gossip", "--without-mingle"], wenv)
    return out


def ping(env: dict[str, str], timeout: float = 5.0) -> set[str]:
    """Node names of the workers that answer a Celery ping through the broker, e.g. {'celery-worker-1@h'}."""
    saved = dict(os.environ)
    os.environ.update({k: v for k, v in env.items() if k.startswith("AIRFLOW")})
    try:
        from celery import Celery

        app = Celery(broker=env["AIRFLOW__CELERY__BROKER_URL"])
        try:
            replies = app.control.ping(timeout=timeout) or []
        finally:
            app.close()
        return {name for reply in replies for name in reply}
    except Exception:  # the broker not answering yet is "no worker"
        return set()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def wait_workers(env: dict[str, str], names: list[str], deadline: float, alive=None) -> str:
    """Poll until every worker answers a ping: 'ready', or what is missing when the deadline passed."""
    missing = set(names)
    while time.monotonic() < deadline:
        if alive is not None:
            dead = [n for n, ok in alive().items() if not ok and n in names]
            if dead:
                return f"{', '.join(dead)} exited"
        answered = ping(env)
        missing = {n for n in names if not any(a.startswith(f"{n}@") for a in answered)}
        if not missing:
            return "ready"
        time.sleep(1)
    return f"workers not answering in time: {', '.join(sorted(missing))}"
