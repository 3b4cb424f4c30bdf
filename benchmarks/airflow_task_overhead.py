"""Fixed cost per task: a two-article news_events run triggered through the REST API of a running Airflow.

Starts the background service (scripts/airflow_service.py) in a throwaway AIRFLOW_HOME on a free port,
with a throwaway warehouse, triggers `--runs` runs of two generated short articles one after another
(each run new articles, so nothing is skipped as unchanged), and reports per task the seconds between
the task instance's start and end, and per run the seconds from queued to end.

    source scripts/env.sh && python benchmarks/airflow_task_overhead.py [--runs 3] [--write BENCHMARKS.md]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import airflow_service  # noqa: E402

from benchmarks.markdown_sections import emit  # noqa: E402

STEPS = ("plan", "extract", "validate", "load", "summarise")


def _call(method: str, url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    return airflow_service._get_json(method, url, body, token, timeout=120)


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def measure(runs: int, keep: bool) -> tuple[list[dict], dict]:
    work = Path(tempfile.mkdtemp(prefix="datewire-overhead-"))
    home = work / "airflow-home"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__")}
    env.update({"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
                "AIRFLOW__API__PORT": str(port), "DATEWIRE_HOME": str(work),
                "DATEWIRE_WAREHOUSE": str(work / "warehouse.duckdb"), "DATEWIRE_STAGING": str(work / "staging"),
                "DATEWIRE_QUALITY": str(work / "quality")})
    (work / "data" / "inbox").mkdir(parents=True)
    service_py = [sys.executable, str(ROOT / "scripts" / "airflow_service.py")]
    t0 = time.monotonic()
    subprocess.run([*service_py, "start"], env=env, check=True, stdout=subprocess.DEVNULL, timeout=900)
    startup = time.monotonic() - t0
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        _, body = _call("POST", f"{base}/auth/token", {"username": "admin",
                                                       "password": airflow_service.admin_password(home)})
        token = body["access_token"]
        # refresh_outputs (GX Data Docs after each load) would compete with the next run: paused here.
        _call("PATCH", f"{base}/api/v2/dags/refresh_outputs", {"is_paused": True}, token)
        # Unpausing starts the latest scheduled run (an empty inbox): let it finish before measuring.
        _call("PATCH", f"{base}/api/v2/dags/news_events", {"is_paused": False}, token)
        _wait_idle(base, token)
        for i in range(runs):
            folder = work / f"articles-{i}"
            folder.mkdir()
            (folder / f"ferry-{i}.txt").write_text(
                f"ATHENS, June {i + 4}, 2024 — Ferry crews walked off the job on Tuesday, run {i}.\n")
            (folder / f"count-{i}.txt").write_text(
                f"VILNIUS, October {i + 14}, 2024 — Counting finished on Monday after the vote, run {i}.\n")
            _, run = _call("POST", f"{base}/api/v2/dags/news_events/dagRuns", {
                "logical_date": None, "conf": {"input_path": str(folder)}}, token)
            run_id = run["dag_run_id"]
            while (run := _call("GET", f"{base}/api/v2/dags/news_events/dagRuns/{run_id}", token=token)[1]
                   )["state"] not in ("success", "failed"):
                time.sleep(1)
            _, tis = _call("GET", f"{base}/api/v2/dags/news_events/dagRuns/{run_id}/taskInstances", token=token)
            steps = {ti["task_id"]: _seconds(ti["start_date"], ti["end_date"]) for ti in tis["task_instances"]}
            results.append({"run": i + 1, "state": run["state"], "steps": steps,
                            "total": _seconds(run["queued_at"] or run["start_date"], run["end_date"])})
            print(json.dumps(results[-1]), flush=True)
    finally:
        subprocess.run([*service_py, "stop"], env=env, check=False, stdout=subprocess.DEVNULL, timeout=300)
        if not keep:
            subprocess.run(["rm", "-rf", str(work)], check=False)
    return results, {"startup": startup, "cpus": os.cpu_count(), "load": os.getloadavg()[0]}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_idle(base: str, token: str, deadline: float = 600) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        busy = 0
        for dag_id in ("news_events", "refresh_outputs"):
            url = f"{base}/api/v2/dags/{dag_id}/dagRuns?state=queued&state=running"
            busy += _call("GET", url, token=token)[1].get("total_entries", 0)
        if not busy:
            return
        time.sleep(1)


def report(results: list[dict], meta: dict) -> str:
    def cell(values):
        values = [v for v in values if v is not None]
        return f"{statistics.median(values):.1f}" if values else "–"

    variant = "with" if meta["preload"] else "without"
    command = "python benchmarks/airflow_task_overhead.py --runs 3 " + ("" if meta["preload"] else "--no-preload ")
    lines = ([] if not meta["preload"] else [
        "## Airflow: fixed cost per task", "",
        "Almost all of a small run is fixed cost per task: each task is a fork of a LocalExecutor worker "
        "that imported nothing of ours, so every task paid for pyarrow and duckdb and each validate task "
        "for Great Expectations and its context. The scheduler now starts through `scripts/airflow_preload.py`, "
        "which imports them (and builds the GX context once) before the workers are forked: the tasks "
        "inherit them. The DAG files still import only `airflow.sdk` and `pendulum` at parse time.", ""]) + [
        f"### Fixed cost per task, {variant} the scheduler preload (scripts/airflow_preload.py)", "",
             "A news_events run over two short generated articles, triggered through the REST API of the "
             "background service (`make airflow-start` settings: LocalExecutor, parallelism = cores), one run "
             "after another (refresh_outputs paused). Seconds from each task instance's start to its end; the run from queued to end.", "",
             "```bash", f"source scripts/env.sh && {command}--write BENCHMARKS.md", "```", "",
             "| run | " + " | ".join(STEPS) + " | whole run | state |",
             "|---|" + "---:|" * len(STEPS) + "---:|---|"]
    for r in results:
        lines.append(f"| {r['run']} | " + " | ".join(cell([r['steps'].get(s)]) for s in STEPS)
                     + f" | {cell([r['total']])} | {r['state']} |")
    lines.append("| median | " + " | ".join(cell([r['steps'].get(s) for r in results]) for s in STEPS)
                 + f" | {cell([r['total'] for r in results])} | |")
    lines += ["", f"Machine: {meta['cpus']} cores, load average {meta['load']:.1f} at the end (other work "
              f"shares the machine). Service start to ready: {meta['startup']:.0f} s."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, help="put the report in this markdown file (its own section)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folders")
    parser.add_argument("--no-preload", action="store_true",
                        help="start the scheduler without scripts/airflow_preload.py (the cost before the cut)")
    args = parser.parse_args()
    if args.no_preload:
        os.environ["DATEWIRE_AIRFLOW_PRELOAD"] = "0"
    results, meta = measure(args.runs, args.keep)
    meta["preload"] = not args.no_preload
    emit(report(results, meta), "airflow-task-overhead" + ("" if meta["preload"] else "-no-preload"), args.write)
    return 0 if all(r["state"] == "success" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
