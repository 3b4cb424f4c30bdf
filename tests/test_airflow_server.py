"""A real running Airflow (the background service of `make airflow-start`): REST API, Assets, and the UI.

One Airflow per module, started with scripts/airflow_service.py on a free port and stopped after the
last test. Readiness and run states are polled with generous deadlines and a long socket timeout, so a
busy machine makes the tests slower, not red (a fixed 10 s socket timeout failed at load average 4).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from pipeline.warehouse import query

sys.path.insert(0, str(ROOT / "scripts"))
import airflow_service  # noqa: E402
from test_airflow_service import free_port, service_test_env  # noqa: E402

pytestmark = pytest.mark.airflow

_PASSWORD_FILES: list[Path] = []
RUN_DEADLINE = 600  # seconds for a run to finish; the states are polled


def _password_files() -> list[Path]:
    return _PASSWORD_FILES


def _request(method: str, url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    """One API call; a slow answer is waited for (120 s), a refused or timed-out one is retried for 5 minutes."""
    data = json.dumps(body).encode() if body is not None else None
    deadline = time.monotonic() + 300
    while True:
        request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, {}
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            if method != "GET" or time.monotonic() > deadline:  # never repeat a POST/PATCH blindly
                raise
            time.sleep(2)


def _wait_for_run(base: str, token: str, dag_id: str, run_id: str, deadline: float = RUN_DEADLINE) -> str | None:
    end = time.monotonic() + deadline
    state = None
    while time.monotonic() < end:
        state = _request("GET", f"{base}/api/v2/dags/{dag_id}/dagRuns/{run_id}", token=token)[1].get("state")
        if state in ("success", "failed"):
            return state
        time.sleep(2)
    return state


@pytest.fixture(scope="module")
def server_settings(tmp_path_factory):
    from pipeline.settings import Settings

    root = tmp_path_factory.mktemp("server")
    return Settings(warehouse=root / "warehouse.duckdb", staging_dir=root / "staging", quality_dir=root / "quality")


@pytest.fixture(scope="module")
def airflow_server(tmp_path_factory, server_settings):
    settings = server_settings
    if shutil.which("airflow", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the airflow command is not installed beside this Python")
    tmp_path = tmp_path_factory.mktemp("airflow")
    home, port = tmp_path / "airflow-home", free_port()
    # Unpausing also starts the latest scheduled run, over <DATEWIRE_HOME>/data/inbox: an empty one.
    env = {**service_test_env(home, port, tmp_path), "DATEWIRE_WAREHOUSE": str(settings.warehouse),
           "DATEWIRE_STAGING": str(settings.staging_dir), "DATEWIRE_QUALITY": str(settings.quality_dir)}
    service_py = [sys.executable, str(ROOT / "scripts" / "airflow_service.py")]
    _PASSWORD_FILES[:] = [home / airflow_service.PASSWORD_FILE]
    try:
        started = subprocess.run([*service_py, "start", "--ready-timeout", "600"], env=env, capture_output=True,
                                 text=True, timeout=700)
        if started.returncode != 0:
            pytest.fail(f"Airflow did not come up:\n{started.stdout}\n{started.stderr[-4000:]}")
        base = f"http://127.0.0.1:{port}"
        status, body = _request("POST", f"{base}/auth/token", {
            "username": "admin", "password": airflow_service.admin_password(home)})
        assert status == 201
        yield base, body["access_token"]
    finally:
        stopped = subprocess.run([*service_py, "stop"], env=env, capture_output=True, text=True, timeout=120)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def test_trigger_news_events_through_the_rest_api(airflow_server, server_settings):
    """A run triggered as the UI does it loads the samples, names its batch by its inputs, and causes
    exactly one run of refresh_outputs (scheduled on the load's Asset), which rebuilds the Data Docs."""
    settings = server_settings
    base, token = airflow_server
    assert _request("PATCH", f"{base}/api/v2/dags/news_events", {"is_paused": False}, token)[0] == 200
    status, run = _request("POST", f"{base}/api/v2/dags/news_events/dagRuns", {
        "logical_date": None,
        "conf": {"input_path": str(SAMPLES), "reference_date": None, "reprocess": False}}, token)
    assert status == 200, run
    run_id = run["dag_run_id"]
    assert _wait_for_run(base, token, "news_events", run_id) == "success"
    assert query(settings.warehouse, "SELECT count(*) FROM documents")[1] == [(8,)]
    assert query(settings.warehouse, "SELECT trigger, status, n_documents FROM runs WHERE run_id = ?",
                 params=[run_id])[1] == [("airflow", "success", 8)]

    # Per-batch progress: the mapped tasks are named by their batch's input files.
    _, tis = _request("GET", f"{base}/api/v2/dags/news_events/dagRuns/{run_id}/taskInstances", token=token)
    labels = {ti["task_id"]: ti["rendered_map_index"] for ti in tis["task_instances"] if ti["map_index"] >= 0}
    assert set(labels) == {"extract", "validate"}
    assert labels["extract"].startswith("batch 1/1: ") and labels["extract"] == labels["validate"]
    assert re.search(r"\.(txt|html|jsonl)", labels["extract"]), labels

    # Data-aware scheduling: the load's Asset event starts refresh_outputs; exactly one of its runs
    # consumed our run's event. (The scheduled run that unpausing started loads too; its event may be
    # served by the same refresh or another one.)
    end = time.monotonic() + RUN_DEADLINE
    ours: list[dict] = []
    while time.monotonic() < end:
        _, runs = _request("GET", f"{base}/api/v2/dags/refresh_outputs/dagRuns?order_by=-run_after", token=token)
        ours = []
        for refresh in runs.get("dag_runs", []):
            _, events = _request("GET", f"{base}/api/v2/dags/refresh_outputs/dagRuns/{refresh['dag_run_id']}"
                                        "/upstreamAssetEvents", token=token)
            if any(e["source_run_id"] == run_id and e["source_task_id"] == "load"
                   for e in events.get("asset_events", [])):
                ours.append(refresh)
        if ours and all(r["state"] in ("success", "failed") for r in ours):
            break
        time.sleep(2)
    assert [r["state"] for r in ours] == ["success"], ours
    assert ours[0]["run_type"] == "asset_triggered"
    index = settings.quality_dir / "site" / "index.html"
    assert index.is_file()
    time.sleep(5)  # no second refresh run for the same event
    _, runs = _request("GET", f"{base}/api/v2/dags/refresh_outputs/dagRuns", token=token)
    refreshes = [r["dag_run_id"] for r in runs["dag_runs"]]
    consumers = [r for r in refreshes if any(
        e["source_run_id"] == run_id for e in _request(
            "GET", f"{base}/api/v2/dags/refresh_outputs/dagRuns/{r}/upstreamAssetEvents", token=token)[1]
        .get("asset_events", []))]
    assert consumers == [ours[0]["dag_run_id"]]

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


def _processes_reading(path: Path) -> list:
    import psutil  # noqa: PLC0415

    found = []
    for process in psutil.process_iter():
        try:
            if any(f.path == str(path) for f in process.open_files()):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_a_mapped_extract_task_killed_mid_run_is_retried_and_the_run_loads_once(airflow_server, server_settings,
                                                                                 tmp_path):
    """Failure drill (issue 11): SIGKILL the process of a running extract task; Airflow retries it and the
    run finishes with every document loaded exactly once."""
    import signal  # noqa: PLC0415

    from test_crash_safety import _write_articles  # noqa: PLC0415

    settings = server_settings
    base, token = airflow_server
    n = 1000
    articles = _write_articles(tmp_path / "killed", n, "v1")  # one JSON-lines file, read as it is extracted
    assert _request("PATCH", f"{base}/api/v2/dags/news_events", {"is_paused": False}, token)[0] == 200
    status, run = _request("POST", f"{base}/api/v2/dags/news_events/dagRuns", {
        "logical_date": None, "conf": {"input_path": str(articles.parent), "reference_date": None,
                                       "reprocess": False}}, token)
    assert status == 200, run
    run_id = run["dag_run_id"]
    tis_url = f"{base}/api/v2/dags/news_events/dagRuns/{run_id}/taskInstances"

    # Readiness, not timing: wait until the extract task runs and its process has the export open.
    end, victims = time.monotonic() + RUN_DEADLINE, []
    while time.monotonic() < end and not victims:
        tis = _request("GET", tis_url, token=token)[1].get("task_instances", [])
        if any(ti["task_id"] == "extract" and ti["state"] == "running" for ti in tis):
            victims = _processes_reading(articles)
        assert not any(ti["state"] in ("success", "failed") and ti["task_id"] == "extract" for ti in tis), tis
        time.sleep(0.2)
    assert len(victims) == 1, victims
    victims[0].send_signal(signal.SIGKILL)

    assert _wait_for_run(base, token, "news_events", run_id) == "success"
    (extract,) = [ti for ti in _request("GET", tis_url, token=token)[1]["task_instances"] if ti["task_id"] == "extract"]
    assert extract["try_number"] >= 2 and extract["state"] == "success", extract
    assert query(settings.warehouse, "SELECT count(*), count(DISTINCT doc_id) FROM documents WHERE run_id = ?",
                 params=[run_id])[1] == [(n, n)]
    assert query(settings.warehouse, "SELECT status, n_inputs, n_documents, n_rejected_inputs FROM runs "
                                     "WHERE run_id = ?", params=[run_id])[1] == [("success", n, n, 0)]
    # No mention or event twice: each has its own id, and each document's are its own.
    assert query(settings.warehouse, "SELECT count(*) = count(DISTINCT mention_id) FROM mentions")[1] == [(True,)]
    assert query(settings.warehouse, "SELECT count(*) = count(DISTINCT event_id) FROM events")[1] == [(True,)]
