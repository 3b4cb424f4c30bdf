"""news_events, unchanged, on CeleryExecutor: Redis as broker, PostgreSQL as metadata database, two workers.

The module starts Debian's PostgreSQL (initdb in a tmp dir; as root it runs as the postgres user) and
redis-server on free loopback ports, migrates Airflow's metadata database into PostgreSQL, and starts the
service of scripts/airflow_service.py with `--celery-workers 2`. All tests share that one stack; it is
stopped after the last test, also on failure, and nothing of that AIRFLOW_HOME may remain. A missing
redis-server, initdb/postgres or Celery provider skips with the reason.

The reference is `dag.test()` (what `make run` uses: the same DAG file and task code, in one process)
over the same input with the same settings, into a warehouse of its own; it runs while the service
starts. Every Celery run must leave the same rows in every table (run ids and load times aside).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from celery_services import missing, rows_of_run, start_postgres, start_redis, warehouse_content
from conftest import ROOT, SAMPLES

from pipeline.warehouse import query

sys.path.insert(0, str(ROOT / "scripts"))
import airflow_celery  # noqa: E402
import airflow_service  # noqa: E402
from test_airflow_server import RUN_DEADLINE, _request, _wait_for_run  # noqa: E402
from test_airflow_service import assert_nothing_left, free_port, service_test_env  # noqa: E402

pytestmark = pytest.mark.airflow

WORKERS = ["celery-worker-1", "celery-worker-2"]
BATCH_SIZE = "3"  # the 6 sample files (8 documents) make 2 batches: mapped tasks side by side, one per worker
READY_DEADLINE = 600  # seconds; readiness is polled, this only bounds a hang
SAMPLES_CONF = {"input_path": str(SAMPLES), "reference_date": None, "reprocess": False}
FINISHED = {"success", "failed", "skipped", "upstream_failed", "removed"}


def reference_run(root: Path) -> tuple[dict[str, list[tuple]], float]:
    """dag.test() of news_events over data/samples into a warehouse under `root`: (content, seconds)."""
    from airflow.dag_processing.dagbag import DagBag

    t0 = time.monotonic()
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {"DATEWIRE_WAREHOUSE": root / "warehouse.duckdb", "DATEWIRE_STAGING": root / "staging",
                            "DATEWIRE_QUALITY": root / "quality", "DATEWIRE_BATCH_SIZE": BATCH_SIZE}.items():
            mp.setenv(name, str(value))
        dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("news_events")
        run = dag.test(run_conf=SAMPLES_CONF)
    assert str(getattr(run.state, "value", run.state)) == "success"
    return warehouse_content(root / "warehouse.duckdb"), time.monotonic() - t0


@pytest.fixture(scope="module")
def celery_stack(tmp_path_factory, airflow_db):
    reason = missing()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("celery")
    # PostgreSQL's own folder: pytest's tmp tree is root-only (0700), which the postgres user cannot enter.
    pg_root = Path(tempfile.mkdtemp(prefix="datewire-pg-"))
    home, port = tmp / "airflow-home", free_port()
    daemons: list = []
    env: dict[str, str] = {}
    service_py = [sys.executable, str(ROOT / "scripts" / "airflow_service.py")]
    timings: dict[str, float] = {}
    starting: subprocess.Popen | None = None
    stopped = None
    try:
        t0 = time.monotonic()
        postgres, pg_url = start_postgres(pg_root)
        daemons.append(postgres)
        redis = start_redis(tmp)
        daemons.append(redis)
        timings["postgres+redis"] = time.monotonic() - t0
        env = {**service_test_env(home, port, tmp),
               "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
               "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{pg_url}",
               "AIRFLOW__CELERY__BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
               "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql+psycopg2://{pg_url}",
               "DATEWIRE_BATCH_SIZE": BATCH_SIZE}
        t0 = time.monotonic()
        migrated = subprocess.run(["airflow", "db", "migrate"], env=env, capture_output=True, text=True, timeout=900)
        assert migrated.returncode == 0, migrated.stdout[-2000:] + migrated.stderr[-4000:]
        timings["db migrate"] = time.monotonic() - t0
        t0 = time.monotonic()
        starting = subprocess.Popen([*service_py, "start", "--celery-workers", str(len(WORKERS)),
                                     "--ready-timeout", str(READY_DEADLINE)],
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # The reference runs in this process meanwhile (the start mostly waits on imports and parsing).
        reference, timings["dag.test() beside the start"] = reference_run(tmp / "reference")
        out, err = starting.communicate(timeout=READY_DEADLINE + 120)
        if starting.returncode != 0:
            pytest.fail(f"Airflow on Celery did not come up:\n{out}\n{err[-6000:]}")
        timings["service start"] = time.monotonic() - t0
        base = f"http://127.0.0.1:{port}"
        status, body = _request("POST", f"{base}/auth/token", {
            "username": "admin", "password": airflow_service.admin_password(home)})
        assert status == 201
        yield {"base": base, "token": body["access_token"], "home": home, "port": port, "env": env,
               "warehouse": Path(env["DATEWIRE_WAREHOUSE"]), "redis": redis, "postgres": postgres,
               "reference": reference, "timings": timings, "service_py": service_py}
    finally:
        if starting is not None and starting.poll() is None:  # failed while starting: its state file remains
            starting.kill()
            starting.wait()
        t0 = time.monotonic()
        if env:
            stopped = subprocess.run([*service_py, "stop"], env=env, capture_output=True, text=True, timeout=180)
        for daemon in reversed(daemons):
            daemon.stop()
        shutil.rmtree(pg_root, ignore_errors=True)
        timings["stop"] = time.monotonic() - t0
        print(f"\ncelery stack timings (s): { {k: round(v, 1) for k, v in timings.items()} }; "
              f"{stopped.stdout.strip() if stopped else 'not started'}")
    assert stopped is not None and stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert_nothing_left(home, port, within=30)
    assert [d.name for d in daemons if d.running()] == []


def _trigger(stack, conf: dict = SAMPLES_CONF) -> str:
    base, token = stack["base"], stack["token"]
    assert _request("PATCH", f"{base}/api/v2/dags/news_events", {"is_paused": False}, token)[0] == 200
    status, run = _request("POST", f"{base}/api/v2/dags/news_events/dagRuns", {"logical_date": None, "conf": conf},
                           token)
    assert status == 200, run
    return run["dag_run_id"]


def _task_instances(stack, run_id: str) -> list[dict]:
    url = f"{stack['base']}/api/v2/dags/news_events/dagRuns/{run_id}/taskInstances"
    return _request("GET", url, token=stack["token"])[1].get("task_instances", [])


def _wait_tis(stack, run_id: str, condition, what: str, deadline: float = RUN_DEADLINE) -> list[dict]:
    """Poll the run's task instances until `condition(tis)` holds."""
    end, tis = time.monotonic() + deadline, []
    while time.monotonic() < end:
        tis = _task_instances(stack, run_id)
        if condition(tis):
            return tis
        time.sleep(0.3)
    raise AssertionError(f"not in {deadline} s: {what}; task instances {_brief(tis)}")


def _brief(tis: list[dict]) -> list[tuple]:
    return [(ti["task_id"], ti["map_index"], ti["state"], ti["try_number"], ti["hostname"]) for ti in tis]


def _wait_idle(stack, deadline: float = RUN_DEADLINE) -> None:
    """No run of news_events queued or running (a scheduled one over the empty inbox may be)."""
    url = f"{stack['base']}/api/v2/dags/news_events/dagRuns?state=queued&state=running"
    end = time.monotonic() + deadline
    while _request("GET", url, token=stack["token"])[1].get("total_entries", 1):
        assert time.monotonic() < end, "news_events still has a run queued or running"
        time.sleep(1)


def test_news_events_on_celery_runs_on_both_workers_and_loads_what_dag_test_loads(celery_stack):
    stack = celery_stack
    assert set(airflow_service.read_state(stack["home"]).pids) >= set(WORKERS)
    # Neither worker listens on anything: no log server on 8793 or elsewhere.
    members = airflow_service.group_processes(airflow_service.read_state(stack["home"]))
    assert {(ip, p) for ip, p, _ in airflow_service.listening(members)} == {("127.0.0.1", stack["port"])}

    t0 = time.monotonic()
    run_id = _trigger(stack)
    state = _wait_for_run(stack["base"], stack["token"], "news_events", run_id, RUN_DEADLINE)
    summary = _brief(_task_instances(stack, run_id))
    assert state == "success", summary
    celery_seconds = time.monotonic() - t0
    assert all(s == "success" for _, _, s, _, _ in summary), summary
    mapped = [t for t, m, _, _, _ in summary if m >= 0]
    assert mapped.count("extract") == mapped.count("validate") >= 2, summary  # batches of BATCH_SIZE inputs
    # The TI API's hostname is the Celery node name (hostname_callable of the workers): both ran tasks.
    by_worker = {w: [(t, m) for t, m, _, _, h in summary if h.startswith(f"{w}@")] for w in WORKERS}
    assert all(by_worker.values()), summary
    assert sum(map(len, by_worker.values())) == len(summary), summary
    # The workers' own logs say the same: each received tasks of this run.
    for worker in WORKERS:
        log = Path(airflow_service.read_state(stack["home"]).logs[worker]).read_text(errors="replace")
        assert "execute_workload" in log and run_id in log, worker
    warehouse = stack["warehouse"]
    assert query(warehouse, "SELECT trigger, status, n_inputs, n_documents FROM runs WHERE run_id = ?",
                 params=[run_id])[1] == [("airflow", "success", 8, 8)]

    expected, got = stack["reference"], warehouse_content(warehouse)
    assert set(got) == set(expected)
    counts = {t: len(rows) for t, rows in got.items()}
    assert counts["documents"] == 8 and counts["events"] > 0 and counts["event_actors"] > 0, counts
    for table in expected:
        assert got[table] == expected[table], table
    print(f"celery run {celery_seconds:.0f} s, rows {counts}, tasks per worker {by_worker}")


def test_redis_stopped_mid_run_fails_tasks_visibly_loads_nothing_and_a_rerun_loads_it_all(celery_stack):
    """Failure drill (issue 11): the broker goes away while extract tasks run. The scheduler cannot send the
    next tasks, says so and puts them up for retry; nothing of the run reaches the warehouse. Redis comes
    back (empty: nothing was persisted), the workers reconnect, and a rerun loads what dag.test() loads."""
    stack = celery_stack
    redis, warehouse = stack["redis"], stack["warehouse"]
    _wait_idle(stack)
    _set_aside(warehouse, "before-redis-drill")

    interrupted = _trigger(stack)

    def extracts_sent_and_one_running(tis):
        # Stopped only when none of the run's messages waits in Redis: a restarted Redis has lost those (nothing
        # persisted), and Airflow would notice only after [scheduler] task_queued_timeout (600 s).
        states = [t["state"] for t in tis if t["task_id"] == "extract" and t["map_index"] >= 0]
        return states and set(states) <= {"running", "success"} and "running" in states

    _wait_tis(stack, interrupted, extracts_sent_and_one_running, "every extract task started, one still running")
    redis.stop()
    t0 = time.monotonic()
    tis = _wait_tis(stack, interrupted, lambda tis: any(t["state"] in ("up_for_retry", "failed") for t in tis),
                    "a task that could not be sent put up for retry", deadline=180)
    seen_after = time.monotonic() - t0
    scheduler_log = Path(airflow_service.read_state(stack["home"]).logs["scheduler"]).read_text(errors="replace")
    assert "Error sending Celery workload" in scheduler_log
    assert not any(t["task_id"] == "load" and t["state"] in ("running", "success") for t in tis), _brief(tis)

    # The run is given up (as an operator would), which also ends what still runs of it.
    status, _ = _request("PATCH", f"{stack['base']}/api/v2/dags/news_events/dagRuns/{interrupted}",
                         {"state": "failed"}, stack["token"])
    assert status == 200
    tis = _wait_tis(stack, interrupted, lambda tis: all(t["state"] in FINISHED or t["state"] is None for t in tis),
                    "every task of the failed run finished")
    assert not any(t["task_id"] == "load" and t["state"] == "success" for t in tis), _brief(tis)
    assert rows_of_run(warehouse, interrupted) == {}  # no batch, whole or half, of the failed run

    redis.start()
    t0 = time.monotonic()
    assert airflow_celery.wait_workers(stack["env"], WORKERS, time.monotonic() + READY_DEADLINE) == "ready"
    reconnected_after = time.monotonic() - t0
    rerun = _trigger(stack)
    state = _wait_for_run(stack["base"], stack["token"], "news_events", rerun, RUN_DEADLINE)
    assert state == "success", _brief(_task_instances(stack, rerun))
    assert rows_of_run(warehouse, interrupted) == {}
    assert query(warehouse, "SELECT status, n_inputs, n_documents FROM runs WHERE run_id = ?",
                 params=[rerun])[1] == [("success", 8, 8)]
    got = warehouse_content(warehouse)
    for table, rows in stack["reference"].items():
        assert got[table] == rows, table
    print(f"retry visible {seen_after:.1f} s after Redis stopped; workers answered {reconnected_after:.1f} s "
          f"after it came back; interrupted run {_brief(tis)}")


def _set_aside(warehouse: Path, why: str) -> None:
    """Start a drill from an empty warehouse (no task runs now): what its runs load is all that is there."""
    for path in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        if path.exists():
            path.rename(path.with_name(f"{path.name}.{why}"))


def _task_processes(ti_id: str) -> list[psutil.Process]:
    """The process running a task instance: Airflow titles it `airflow worker -- <ti id>`."""
    found = []
    for proc in psutil.process_iter():
        try:
            if f"airflow worker -- {ti_id}" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.Error:
            continue
    return found


def _start_service(stack) -> float:
    """`airflow_service.py start --celery-workers 2` on the stack's home and port again; a new login."""
    t0 = time.monotonic()
    started = subprocess.run([*stack["service_py"], "start", "--celery-workers", str(len(WORKERS)),
                              "--ready-timeout", str(READY_DEADLINE)], env=stack["env"], capture_output=True,
                             text=True, timeout=READY_DEADLINE + 120)
    assert started.returncode == 0, started.stdout + started.stderr[-6000:]
    status, body = _request("POST", f"{stack['base']}/auth/token", {
        "username": "admin", "password": airflow_service.admin_password(stack["home"])})
    assert status == 201
    stack["token"] = body["access_token"]
    return time.monotonic() - t0


def test_postgres_stopped_during_the_load_leaves_all_or_nothing_and_a_rerun_after_restart_loads_it_all(
        celery_stack):
    """Failure drill (issue 11): the metadata database goes away while the load task runs. The API says the
    database is unhealthy, the scheduler exits, the load task fails on the API's database errors; its
    DuckDB transaction commits whole or not at all. PostgreSQL and the service are restarted, the run is
    ended (it cannot end itself: its load's last state never reached the database), and a rerun leaves
    the reference."""
    stack = celery_stack
    postgres, warehouse = stack["postgres"], stack["warehouse"]
    _wait_idle(stack)
    _set_aside(warehouse, "before-postgres-drill")
    interrupted = _trigger(stack)
    tis = _wait_tis(stack, interrupted, lambda tis: any(t["task_id"] == "load" and t["state"] == "running"
                                                        for t in tis), "the load running")
    (load,) = [t for t in tis if t["task_id"] == "load"]
    postgres.stop()
    t0 = time.monotonic()
    health = airflow_service._get_json("GET", f"{stack['base']}/api/v2/monitor/health")[1]
    assert health["metadatabase"]["status"] == "unhealthy", health
    # The load's task code ends (it fails on the API's database errors before or after its transaction),
    # or its process does; then everything is stopped, whatever is still waiting for the database.
    logs = stack["home"] / "logs" / "dag_id=news_events" / f"run_id={interrupted}" / "task_id=load"
    end = time.monotonic() + RUN_DEADLINE
    while _task_processes(load["id"]) and "Post Execute" not in "".join(
            p.read_text(errors="replace") for p in logs.glob("attempt=*.log")):
        assert time.monotonic() < end, "the load's task code did not end"
        time.sleep(0.5)
    load_ended_after = time.monotonic() - t0
    load_log = "".join(p.read_text(errors="replace") for p in logs.glob("attempt=*.log"))
    alive = airflow_service.read_state(stack["home"]).alive()
    stopped = subprocess.run([*stack["service_py"], "stop"], env=stack["env"], capture_output=True, text=True,
                             timeout=180)
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert _task_processes(load["id"]) == []
    held = rows_of_run(warehouse, interrupted)
    if held:  # the load committed before the database went: then all of it, nothing twice
        got = warehouse_content(warehouse)
        assert all(got[t] == rows for t, rows in stack["reference"].items()), held
    else:  # the load failed first: nothing of it at all, and its log says why
        assert not warehouse.exists() or warehouse_content(warehouse)["documents"] == []
        assert "Task failed with exception" in load_log and "API_SERVER_ERROR" in load_log

    postgres.start()
    restart_seconds = _start_service(stack)
    url = f"{stack['base']}/api/v2/dags/news_events/dagRuns/{interrupted}"
    before = _request("GET", url, token=stack["token"])[1].get("state")
    if before not in ("success", "failed"):
        assert _request("PATCH", url, {"state": "failed"}, stack["token"])[0] == 200
    _wait_tis(stack, interrupted, lambda tis: all(t["state"] in FINISHED or t["state"] is None for t in tis),
              "every task of the interrupted run finished")
    rerun = _trigger(stack)
    state = _wait_for_run(stack["base"], stack["token"], "news_events", rerun, RUN_DEADLINE)
    assert state == "success", _brief(_task_instances(stack, rerun))
    got = warehouse_content(warehouse)
    for table, rows in stack["reference"].items():
        assert got[table] == rows, table
    print(f"health with PostgreSQL down: {health}; load task ended {load_ended_after:.1f} s after; "
          f"components alive then {alive}; rows of the interrupted run {held}; its state after the restart "
          f"{before}; service start {restart_seconds:.0f} s; "
          f"interrupted run {_brief(_task_instances(stack, interrupted))}")
