"""`datewire run --workers N`: batches extracted in worker processes, loaded by the parent alone.

Real processes, real DuckDB files: the same inputs through one process and through two workers must
leave identical warehouses.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import psutil
import pytest
import worker_tasks
from mixed_inputs import build_mixed_folder

from pipeline import runner
from pipeline.settings import Settings, SettingsError
from pipeline.workers import BatchOutcome, RunObserver, run_in_workers

# Columns that say when a row was written, which two runs cannot share.
CLOCK_COLUMNS = {"loaded_at", "started_at", "finished_at", "first_seen_at", "last_seen_at"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _inputs(folder: Path) -> Path:
    """Good and bad inputs over many small batches: text files, a JSON-lines export cut into parts,
    rejections of every kind, and one id that two batches both hold."""
    build_mixed_folder(folder / "mixed", with_seeds=False)
    for i in range(14):
        (folder / "txt" / f"council-{i:02d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (folder / "txt" / f"council-{i:02d}.txt").write_text(
            f"Council vote {i}\n\nTALLINN, {1 + i} {MONTHS[i % 12]} 2023 - The city council voted on Tuesday "
            f"to close the old tram depot by {2025 + i % 3}. The mayor said work would start next spring.\n")
    with (folder / "export.jsonl").open("w") as out:
        for i in range(40):
            out.write(json.dumps({"id": f"wire-{i:03d}", "published": f"2024-0{1 + i % 9}-1{i % 10}",
                                  "text": f"Ferry services resumed on {1 + i % 28} March after a strike that "
                                          f"began on Monday (item {i}). Talks are due again in May."}) + "\n")
        out.write('{"id": "cut", "text": \n')
    # The same id in two folders: the first read loads, the other is a recorded duplicate.
    for name in ("a", "b"):
        (folder / name).mkdir()
        (folder / name / "berth.txt").write_text(
            f"Notice {name}\n\nThe port authority said on 2 May 2024 that berth {name} would reopen on Friday.\n")
    return folder


def _without_seconds(value):
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if k != "seconds"}
    return value


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Every base table of the warehouse (as the schema lists them), sorted, without clock columns."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [n for (n,) in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        tables = {}
        for name in names:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [name]).fetchall() if c not in CLOCK_COLUMNS]
            select = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'SELECT {select} FROM "{name}"').fetchall()
            if "validation_summary" in columns:  # JSON that holds how long the clustering took
                at = columns.index("validation_summary")
                rows = [(*r[:at], _without_seconds(json.loads(r[at])), *r[at + 1:]) for r in rows]
            tables[name] = sorted(rows, key=repr)
        return tables
    finally:
        con.close()


def _settings(tmp_path: Path, name: str) -> Settings:
    return Settings(warehouse=tmp_path / name / "warehouse.duckdb", staging_dir=tmp_path / name / "staging",
                    quality_dir=tmp_path / name / "quality", lock_timeout=30.0, batch_size=4, batch_bytes=1500)


def test_one_worker_and_two_workers_leave_identical_warehouses(tmp_path):
    inputs = [str(_inputs(tmp_path / "in"))]
    lines: dict[int, list[str]] = {1: [], 2: []}
    summaries = {}
    for workers in (1, 2):
        settings = _settings(tmp_path, f"w{workers}")
        # The same run id, so that the runs tables compare too.
        summaries[workers] = runner.run_pipeline(inputs, settings, run_id="same-run", workers=workers,
                                                 progress=lines[workers].append)
    one, two = summaries[1], summaries[2]
    assert one == two
    assert one.balanced and one.n_documents > 20 and one.n_rejected_inputs >= 5 and one.n_events > 0
    assert "on 2 worker processes" in lines[2][0] and "worker" not in lines[1][0]
    n_batches = int(lines[1][0].split(" in ")[1].split()[0])
    assert n_batches >= 8  # enough batches for both workers to take several
    # Every batch is said once in either mode (in completion order with workers).
    for mode in (1, 2):
        said = sorted(int(line.split("/")[0].split()[-1]) for line in lines[mode] if line.startswith("  batch "))
        assert said == list(range(1, n_batches + 1))
    assert "2 workers" in lines[2][-1] and "in this process" in lines[1][-1]

    first, second = _tables(tmp_path / "w1" / "warehouse.duckdb"), _tables(tmp_path / "w2" / "warehouse.duckdb")
    assert first.keys() == second.keys() and {"documents", "mentions", "events", "rejections", "runs"} <= first.keys()
    for name in first:
        assert first[name] == second[name], name
    reasons = [r for r in first["rejections"]]
    assert any("duplicate" in repr(r) for r in reasons) and any("malformed JSON" in repr(r) for r in reasons)


def test_a_second_parallel_run_loads_nothing_twice(tmp_path):
    inputs = [str(_inputs(tmp_path / "in"))]
    settings = _settings(tmp_path, "w")
    first = runner.run_pipeline(inputs, settings, workers=2)
    before = _tables(settings.warehouse)
    again = runner.run_pipeline(inputs, settings, workers=2)
    after = _tables(settings.warehouse)
    assert again.balanced and again.n_documents == 0 and again.n_unchanged == first.n_documents
    for name in ("documents", "mentions", "events", "event_actors", "event_places"):
        assert after[name] == before[name], name
    assert len(after["runs"]) == 2


def test_workers_setting_is_validated_and_defaults_to_the_usable_cores(monkeypatch):
    monkeypatch.delenv("DATEWIRE_WORKERS", raising=False)
    assert Settings().workers == len(os.sched_getaffinity(0))
    monkeypatch.setenv("DATEWIRE_WORKERS", "3")
    assert Settings().workers == 3
    for bad, message in (("0", "workers must be at least 1, got 0 (--workers or DATEWIRE_WORKERS)"),
                         ("two", "DATEWIRE_WORKERS must be an integer, got 'two'")):
        monkeypatch.setenv("DATEWIRE_WORKERS", bad)
        with pytest.raises(SettingsError) as caught:
            Settings()
        assert str(caught.value) == message


@pytest.mark.parametrize(("env", "argv", "message"), [
    ({"DATEWIRE_WORKERS": "lots"}, ["run", "x.txt"], "DATEWIRE_WORKERS must be an integer, got 'lots'"),
    ({}, ["run", "x.txt", "--workers", "0"], "workers must be at least 1, got 0 (--workers or DATEWIRE_WORKERS)"),
])
def test_an_invalid_workers_value_is_one_line_naming_the_setting(tmp_path, env, argv, message):
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", *argv], capture_output=True, text=True,
                            env={**os.environ, "DATEWIRE_WAREHOUSE": str(tmp_path / "w.duckdb"), **env},
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == f"datewire run: {message}"


def _run(tmp_path: Path, task, n: int, workers: int = 2, max_batches: int = 0) -> dict[int, BatchOutcome]:
    settings = Settings(warehouse=tmp_path / "w.duckdb", staging_dir=tmp_path, worker_max_batches=max_batches)
    outcomes: dict[int, BatchOutcome] = {}

    def done(outcome: BatchOutcome) -> None:
        assert outcome.index not in outcomes  # each batch is told once
        outcomes[outcome.index] = outcome

    run_in_workers(settings, "run", list(range(n)), workers, done, task=task)
    assert sorted(outcomes) == list(range(n))
    return outcomes


def test_a_worker_is_replaced_by_a_fresh_one_after_worker_max_batches(tmp_path):
    outcomes = _run(tmp_path, worker_tasks.which_process, n=9, workers=2, max_batches=2)
    batches_per_process = Counter(o.pid for o in outcomes.values())
    assert max(batches_per_process.values()) <= 2 and len(batches_per_process) >= 5
    assert os.getpid() not in batches_per_process
    # 0: a worker lives for the whole run.
    kept = Counter(o.pid for o in _run(tmp_path, worker_tasks.which_process, n=9, workers=2).values())
    assert len(kept) == 2 and sum(kept.values()) == 9


def test_a_batch_whose_worker_died_is_retried_once_on_a_new_worker_and_the_others_go_on(tmp_path, caplog):
    outcomes = _run(tmp_path, worker_tasks.dies_on_first_try, n=8, workers=2, max_batches=3)
    assert all(o.extract_error is None for o in outcomes.values())
    assert (tmp_path / "tried-3").exists()
    assert "a worker process died; retrying batch 4 on a new one" in caplog.text


def test_a_batch_whose_worker_dies_twice_is_recorded_as_failed_with_the_reason(tmp_path):
    outcomes = _run(tmp_path, worker_tasks.always_dies, n=5, workers=2)
    assert "its worker process died" in outcomes[1].extract_error
    assert all(outcomes[i].extract_error is None for i in (0, 2, 3, 4))


def test_worker_max_batches_defaults_to_10_and_0_means_never(monkeypatch):
    monkeypatch.delenv("DATEWIRE_WORKER_MAX_BATCHES", raising=False)
    assert Settings().worker_max_batches == 10
    monkeypatch.setenv("DATEWIRE_WORKER_MAX_BATCHES", "0")
    assert Settings().worker_max_batches == 0
    monkeypatch.setenv("DATEWIRE_WORKER_MAX_BATCHES", "-1")
    with pytest.raises(SettingsError, match="worker_max_batches must be at least 0, got -1"):
        Settings()


def test_killing_the_run_leaves_no_worker_behind(tmp_path):
    """SIGKILL to `datewire run` mid-extraction: its fork server exits, and the kernel stops each worker
    (a pidfd on the run), so nothing keeps extracting for a run that is gone."""
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "many.jsonl").open("w") as out:
        for i in range(4000):
            out.write(json.dumps({"id": f"d{i}", "text": f"Officials met on {1 + i % 28} May 2021 and again "
                                                         f"on Tuesday (meeting {i})."}) + "\n")
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(tmp_path / "w.duckdb"),
           "DATEWIRE_STAGING": str(tmp_path / "staging"), "DATEWIRE_BATCH_BYTES": "20000"}
    run = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(folder), "--workers", "2",
                            "--preview", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(run.pid)
    deadline = time.monotonic() + 300
    # Readiness, not timing: wait until both workers have written a shard.
    while len(list((tmp_path / "staging").glob("*/extracted/shard-*"))) < 3:
        assert run.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    descendants = parent.children(recursive=True)
    assert len(descendants) >= 3  # the fork server and two workers (and its resource tracker)
    run.send_signal(signal.SIGKILL)
    run.wait()
    gone, alive = psutil.wait_procs(descendants, timeout=60)
    assert not alive, [p.cmdline() for p in alive]


def test_the_plain_observer_keeps_only_what_a_log_needs():
    said: list[str] = []
    observer = RunObserver(said.append, batches=False)
    from pipeline.workers import BatchOutcome

    ok = BatchOutcome(index=0, summary={"n_inputs": 3, "n_documents": 3, "n_unchanged": 0, "n_rejected_inputs": 0})
    failed = BatchOutcome(index=1, extract_error="TypeError: bad plan entry")
    observer.batch_done(ok, 2)
    observer.batch_done(failed, 2)
    assert said == ["  batch 2/2 failed in extraction and will not load: TypeError: bad plan entry"]
