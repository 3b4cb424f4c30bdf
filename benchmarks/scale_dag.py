"""The scale benchmark's DAG runs: a generated corpus through `news_events` on a running Airflow.

Each run starts its own Airflow (scripts/airflow_service.py: api-server, scheduler, dag-processor,
triggerer; LocalExecutor, SQLite metadata) in a fresh AIRFLOW_HOME with `AIRFLOW__CORE__PARALLELISM`
set to the parallelism under test, a fresh warehouse and staging folder, and a free loopback port. It
triggers `news_events` through the REST API with the corpus as `input_path`, waits for the run to end,
and reads per-task start, end, duration and pid from the API's task instances. While the run goes,
the four components' process trees are sampled with psutil every 0.5 s (task processes retitle
themselves, "airflow worker -- <ti id>", which hides their environment, so they are found by descent);
a task's peak RSS is the peak of the process with its task instance's pid. The service is stopped
afterwards, also when the run fails.

Time is taken from the DAG run's own start and end (API), so the scheduled empty run that unpausing
starts first (over the temporary DATEWIRE_HOME's empty inbox) does not count.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SERVICE = REPO_ROOT / "scripts" / "airflow_service.py"
DAG_ID = "news_events"
STAGES = ("plan", "extract", "validate", "load", "summarise")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(method: str, url: str, body: dict | None = None, token: str | None = None,
             timeout: float = 60.0) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def run_dag_once(corpus: Path, parallelism: int, work: Path, batch_bytes: int,
                 deadline_seconds: float = 4 * 3600) -> dict:
    import psutil  # noqa: PLC0415 - installed with Airflow

    target = work / f"dag-p{parallelism}"
    shutil.rmtree(target, ignore_errors=True)
    home, datewire_home = target / "airflow-home", target / "datewire-home"
    (datewire_home / "data" / "inbox").mkdir(parents=True)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__")}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__PARALLELISM": str(parallelism), "GX_ANALYTICS_ENABLED": "false",
        "DATEWIRE_HOME": str(datewire_home), "DATEWIRE_WAREHOUSE": str(target / "warehouse.duckdb"),
        "DATEWIRE_STAGING": str(target / "staging"), "DATEWIRE_QUALITY": str(target / "quality"),
        "DATEWIRE_BATCH_BYTES": str(batch_bytes),
    })
    service = [sys.executable, str(SERVICE)]
    started = subprocess.run([*service, "start", "--ready-timeout", "600"], env=env, capture_output=True,
                             text=True, timeout=700)
    if started.returncode != 0:
        raise RuntimeError(f"Airflow did not come up:\n{started.stdout}\n{started.stderr[-3000:]}")
    try:
        base = f"http://127.0.0.1:{port}"
        password = json.loads((home / "simple_auth_manager_passwords.json.generated").read_text())["admin"]
        status, body = _request("POST", f"{base}/auth/token", {"username": "admin", "password": password})
        if status != 201:
            raise RuntimeError(f"login answered {status}")
        token = body["access_token"]
        _request("PATCH", f"{base}/api/v2/dags/{DAG_ID}", {"is_paused": False}, token)
        status, run = _request("POST", f"{base}/api/v2/dags/{DAG_ID}/dagRuns", {
            "logical_date": None, "conf": {"input_path": str(corpus), "reference_date": None, "reprocess": False}},
            token)
        if status not in (200, 201):
            raise RuntimeError(f"trigger answered {status}")
        run_id = run["dag_run_id"]
        peaks: dict[str, int] = {}
        pid_peaks: dict[int, int] = {}
        tree_peak, state = 0, None
        end = time.monotonic() + deadline_seconds
        last_poll = 0.0
        state_file = json.loads((home / "datewire-service.json").read_text())
        components = {name: psutil.Process(pid) for name, pid in state_file["pids"].items()}
        while time.monotonic() < end:
            total = 0
            # Task processes retitle themselves ("airflow worker -- <ti id>"), which also hides their
            # environment, so they are found as descendants of the four components.
            for name, component in components.items():
                try:
                    members = [component, *component.children(recursive=True)]
                except psutil.Error:
                    continue
                for process in members:
                    try:
                        rss = process.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    pid_peaks[process.pid] = max(pid_peaks.get(process.pid, 0), rss)
                    role = name if process.pid == component.pid else f"{name} children"
                    peaks[role] = max(peaks.get(role, 0), rss)
            tree_peak = max(tree_peak, total)
            if time.monotonic() - last_poll > 3:
                last_poll = time.monotonic()
                status, info = _request("GET", f"{base}/api/v2/dags/{DAG_ID}/dagRuns/{run_id}", token=token)
                state = info.get("state")
                if state in ("success", "failed"):
                    break
            time.sleep(0.5)
        _, info = _request("GET", f"{base}/api/v2/dags/{DAG_ID}/dagRuns/{run_id}", token=token)
        _, tis = _request("GET", f"{base}/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances?limit=1000",
                          token=token)
    finally:
        stopped = subprocess.run([*service, "stop"], env=env, capture_output=True, text=True, timeout=180)
    stages: dict[str, dict] = {}
    for ti in tis.get("task_instances", []):
        stage = stages.setdefault(ti["task_id"], {"tasks": 0, "summed_seconds": 0.0, "first_start": None,
                                                   "last_end": None, "states": {}})
        stage["tasks"] += 1
        if ti.get("pid") in pid_peaks:
            stage["peak_rss_mb"] = max(stage.get("peak_rss_mb", 0), round(pid_peaks[ti["pid"]] / 2**20))
        stage["summed_seconds"] += ti.get("duration") or 0.0
        stage["states"][ti.get("state")] = stage["states"].get(ti.get("state"), 0) + 1
        if ti.get("start_date") and (stage["first_start"] is None or ti["start_date"] < stage["first_start"]):
            stage["first_start"] = ti["start_date"]
        if ti.get("end_date") and (stage["last_end"] is None or ti["end_date"] > stage["last_end"]):
            stage["last_end"] = ti["end_date"]
    for stage in stages.values():
        stage["span_seconds"] = _seconds(stage["first_start"], stage["last_end"])
        stage["summed_seconds"] = round(stage["summed_seconds"], 1)
    documents = None
    warehouse = target / "warehouse.duckdb"
    if warehouse.exists():
        import duckdb  # noqa: PLC0415

        with duckdb.connect(str(warehouse), read_only=True) as con:
            documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    result = {
        "parallelism": parallelism, "state": info.get("state") or state,
        "run_seconds": _seconds(info.get("start_date"), info.get("end_date")),
        "queued_seconds": _seconds(info.get("queued_at"), info.get("start_date")),
        "stages": stages, "peak_rss_mb_by_role": {k: round(v / 2**20) for k, v in sorted(peaks.items())},
        "peak_tree_rss_mb": round(tree_peak / 2**20), "documents_loaded": documents,
        "warehouse_mb": round(sum(p.stat().st_size for p in target.glob("warehouse.duckdb*")) / 2**20, 1),
        "stopped": stopped.returncode == 0,
    }
    shutil.rmtree(target / "staging", ignore_errors=True)
    return result


def render_dag_runs(results: dict) -> list[str]:
    """Markdown lines for the DAG runs of every size (empty when none ran)."""
    rows = [(size, run) for size in results["sizes"] for run in size.get("dag_runs", [])]
    if not rows:
        return []
    lines = ["### Through the DAG on LocalExecutor", "",
             "`news_events` triggered through the REST API on a running Airflow (scripts/airflow_service.py: "
             "api-server, scheduler, dag-processor, triggerer; SQLite metadata; `AIRFLOW__CORE__PARALLELISM` "
             "as in the table), one fresh Airflow home, warehouse and staging folder per run. Time is the DAG "
             "run's own start to end (from the API); per stage, the span from the first task's start to the "
             "last one's end and the durations summed over mapped tasks. Peak RSS per task is sampled with "
             "psutil every 0.5 s over the components' process trees and matched to the task instances' pids.",
             "",
             "| documents | parallelism | state | run s | docs/s | plan s | extract span / Σ s | "
             "validate span / Σ s | load s | summarise s | peak RSS extract / validate / load MB | "
             "peak tree RSS MB | warehouse MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, run in rows:
        stages = run["stages"]

        def span(name: str) -> str:
            stage = stages.get(name)
            return f"{stage['span_seconds']:.0f} / {stage['summed_seconds']:.0f}" if stage else "-"

        def one(name: str) -> str:
            stage = stages.get(name)
            return f"{stage['span_seconds']:.1f}" if stage and stage["span_seconds"] is not None else "-"

        def peak(name: str) -> str:
            return str(stages.get(name, {}).get("peak_rss_mb") or "-")

        seconds = run["run_seconds"] or float("nan")
        lines.append(f"| {size['documents']:,} | {run['parallelism']} | {run['state']} | {seconds:.0f} | "
                     f"{size['documents'] / seconds:.0f} | {one('plan')} | {span('extract')} | {span('validate')} | "
                     f"{one('load')} | {one('summarise')} | {peak('extract')} / {peak('validate')} / "
                     f"{peak('load')} | {run['peak_tree_rss_mb']} | {run['warehouse_mb']:.0f} |")
    by = {(size["documents"], run["parallelism"]): run for size, run in rows}
    lines.append("")
    for documents in sorted({d for d, _ in by}):
        one_run, two_run = by.get((documents, 1)), by.get((documents, 2))
        if one_run and two_run and one_run["run_seconds"] and two_run["run_seconds"]:
            lines.append(f"- Speed-up from parallelism 1 to 2 at {documents:,} documents: "
                         f"{one_run['run_seconds'] / two_run['run_seconds']:.2f}× (target 1.8×).")
    lines.append("")
    return lines
