"""A real running Airflow (`airflow standalone`): trigger news_events through the REST API, as the UI does.

Started and stopped the way the README's `make airflow` does (scripts/airflow_standalone.py): in a new
session with SIGINT restored, stopped with SIGINT to the launcher, which forwards it to `airflow
standalone` only and SIGKILLs the group after a timeout.
"""
from __future__ import annotations

import json
import os
import re
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


_PASSWORD_FILES: list[Path] = []


def _password_files() -> list[Path]:
    return _PASSWORD_FILES


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


@pytest.fixture(scope="module")
def server_settings(tmp_path_factory):
    from pipeline.settings import Settings

    root = tmp_path_factory.mktemp("server")
    return Settings(warehouse=root / "warehouse.duckdb", staging_dir=root / "staging", quality_dir=root / "quality")


@pytest.fixture(scope="module")
def airflow_server(tmp_path_factory, server_settings):
    settings = server_settings
    tmp_path = tmp_path_factory.mktemp("airflow")
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
        _PASSWORD_FILES[:] = [passwords]
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


def test_trigger_news_events_through_the_rest_api(airflow_server, server_settings):
    settings = server_settings
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
        try:
            state = _request("GET", f"{base}/api/v2/dags/news_events/dagRuns/{run_id}", token=token)[1].get("state")
        except TimeoutError:  # on a loaded machine the API server can stall >10 s while tasks run; poll again
            continue
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


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)")
def test_trigger_from_the_ui_with_the_form(airflow_server, server_settings, tmp_path):
    """What the README tells a user to do: log in, open news_events, Trigger, fill the form, submit."""
    playwright = pytest.importorskip("playwright.sync_api")
    settings = server_settings
    base, _ = airflow_server
    password = json.loads(next(Path(p) for p in _password_files()).read_text())["admin"]
    article = tmp_path / "ui" / "ui-ferry.txt"
    article.parent.mkdir()
    article.write_text("The ferry service resumed on Monday after two years of repairs.\n")

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(base)
            page.get_by_label("Username").fill("admin")
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            # Wait for the login to land (it redirects home) before going anywhere else.
            playwright.expect(page.get_by_role("link", name="Dags", exact=True)).to_be_visible(timeout=60_000)
            page.goto(f"{base}/dags/news_events")
            # The page keeps loading after first paint; a dialog opened too early is closed by a re-render.
            page.wait_for_load_state("networkidle")
            page.get_by_role("button", name="Trigger Dag").click()
            dialog = page.get_by_role("dialog")
            dialog.get_by_role("group").filter(has_text="Input path").get_by_role("textbox").fill(str(article))
            dialog.get_by_role("group").filter(has_text="Reference date").get_by_role("textbox").fill("2025-03-12")
            page.screenshot(path=str(tmp_path / "trigger-form.png"), animations="disabled")
            dialog.get_by_test_id("trigger-dag-submit").click()
            page.wait_for_url(re.compile(r".*/dags/news_events/runs/.+"), timeout=60_000)  # the new run's page
            # The run's own badge comes first on the run page, above its task instances.
            badge = page.get_by_test_id("state-badge").first
            playwright.expect(badge).to_contain_text("Success", timeout=180_000)
            page.screenshot(path=str(tmp_path / "run.png"), animations="disabled")
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), animations="disabled")
            raise
        finally:
            browser.close()

    rows = query(settings.warehouse, "SELECT d.doc_id, d.anchor_source, m.text, m.date_start FROM documents d "
                                     "JOIN mentions m USING (doc_id) WHERE d.doc_id = 'ui-ferry' ORDER BY m.start")[1]
    assert rows[0][:3] == ("ui-ferry", "reference", "Monday")
    assert str(rows[0][3]) == "2025-03-10"  # the Monday before the reference date given in the form
