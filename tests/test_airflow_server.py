"""A real running Airflow (`airflow standalone`): trigger news_events through the REST API, as the UI does.

Started and stopped the way the README's `make airflow` does (scripts/airflow_standalone.py): in a new
session with SIGINT restored, stopped with SIGINT to the launcher, which forwards it to `airflow
standalone` only and SIGKILLs the group after a timeout.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from pipeline.warehouse import query

pytestmark = pytest.mark.airflow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(method: str, url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.fixture
def airflow_server(tmp_path, settings):
    if shutil.which("airflow", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the airflow command is not installed beside this Python")
    home, port = tmp_path / "airflow-home", _free_port()
    env = {**os.environ,
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__CORE__PARALLELISM": "2",
           "AIRFLOW__API__HOST": "127.0.0.1", "AIRFLOW__API__PORT": str(port),
           "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
           # The scheduler and triggerer log servers bind all interfaces; keep them off common ports.
           "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
           "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(_free_port()),
           # Unpausing also starts the latest scheduled run, over <DATEWIRE_HOME>/data/inbox: an empty one.
           "DATEWIRE_HOME": str(tmp_path), "DATEWIRE_WAREHOUSE": str(settings.warehouse),
           "DATEWIRE_STAGING": str(settings.staging_dir)}
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    log = open(tmp_path / "standalone.log", "w")  # noqa: SIM115 - closed when the server stops
    launcher = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "airflow_standalone.py"),
                                 "--stop-timeout", "20"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        passwords = home / "simple_auth_manager_passwords.json.generated"
        deadline = time.monotonic() + 180
        token = None
        while time.monotonic() < deadline and launcher.poll() is None:
            if passwords.exists():
                try:
                    status, body = _request("POST", f"{base}/auth/token", {
                        "username": "admin", "password": json.loads(passwords.read_text())["admin"]})
                    if status == 201:
                        token = body["access_token"]
                        # Healthy is not enough: the DAG must also have been parsed.
                        if _request("GET", f"{base}/api/v2/dags/news_events", token=token)[0] == 200:
                            break
                except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
                    pass
            time.sleep(1)
        else:
            pytest.fail(f"Airflow did not come up: {(tmp_path / 'standalone.log').read_text()[-3000:]}")
        yield base, token
    finally:
        launcher.send_signal(signal.SIGINT)
        try:
            launcher.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
        log.close()


def test_trigger_news_events_through_the_rest_api(airflow_server, settings):
    base, token = airflow_server
    assert _request("PATCH", f"{base}/api/v2/dags/news_events", {"is_paused": False}, token)[0] == 200
    status, run = _request("POST", f"{base}/api/v2/dags/news_events/dagRuns", {
        "logical_date": None,
        "conf": {"input_path": str(SAMPLES), "reference_date": None, "reprocess": False}}, token)
    assert status == 200, run
    run_id = run["dag_run_id"]
    deadline = time.monotonic() + 240
    state = None
    while time.monotonic() < deadline:
        state = _request("GET", f"{base}/api/v2/dags/news_events/dagRuns/{run_id}", token=token)[1].get("state")
        if state in ("success", "failed"):
            break
        time.sleep(2)
    assert state == "success"
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[1] == [(8,)]
    assert query(settings.warehouse, "SELECT trigger, status, n_documents FROM runs WHERE run_id = ?",
                 params=[run_id])[1] == [("airflow", "success", 8)]

    # Params are validated by their JSON Schema before a run is created.
    status, _ = _request("POST", f"{base}/api/v2/dags/news_events/dagRuns", {
        "logical_date": None, "conf": {"input_path": str(SAMPLES), "reference_date": "yesterday"}}, token)
    assert status == 400
