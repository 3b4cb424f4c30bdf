"""Issue 9, done when: all the hostile probes together through `datewire run` and through the DAG.

Nothing hangs (the FIFO, /dev/zero), nothing is lost or replaced without a record, the accounting adds
up, and `datewire run` exits with the documented status (1: it ran, some inputs were turned away).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hostile_inputs import build_hostile_folder

from pipeline.warehouse import query


def _assert_accounted_for(settings, folder: Path, expected: dict, run_id: str) -> None:
    rows = query(settings.warehouse, "SELECT status, n_inputs, n_documents, n_unchanged, n_rejected_inputs "
                                     "FROM runs WHERE run_id = ?", params=[run_id])[1]
    assert rows == [("success", expected["n_inputs"], len(expected["loaded"]), 0, len(expected["rejected"]))]
    assert query(settings.warehouse, "SELECT balanced FROM run_accounting WHERE run_id = ?", params=[run_id])[1] == [
        (True,)]
    assert {d for (d,) in query(settings.warehouse, "SELECT doc_id FROM documents")[1]} == expected["loaded"]
    # Input-level rejections (not the row-level ones of an extracted document, located 'chars N-M').
    found = query(settings.warehouse, "SELECT source, locator, reason FROM rejections "
                                      "WHERE run_id = ? AND locator NOT LIKE 'chars %'", params=[run_id])[1]
    assert len(found) == len(expected["rejected"]), found
    for name, locator, reason in expected["rejected"]:
        matches = [r for r in found if r[0] == str(folder / name) and locator in r[1] and reason in r[2]]
        assert len(matches) == 1, (name, locator, reason, found)
    # Every file of the folder is accounted for: the source of a document or of a rejection.
    sources = {s for (s,) in query(settings.warehouse, "SELECT source FROM documents UNION "
                                                       "SELECT source FROM rejections")[1]}
    assert {str(p) for p in folder.iterdir()} <= sources
    # The texts that loaded are whole: CRLF and emoji kept, the id's first source kept.
    (text,), = query(settings.warehouse, "SELECT text FROM documents WHERE doc_id = 'crlf-emoji'")[1]
    assert "\N{SHIP}" in text and "\N{FACE WITH TEARS OF JOY}" in text
    (source,), = query(settings.warehouse, "SELECT source FROM documents WHERE doc_id = 'normal'")[1]
    assert source == str(folder / "normal.txt")


def test_every_probe_at_once_through_datewire_run(settings, tmp_path):
    folder = tmp_path / "inbox"
    expected = build_hostile_folder(folder)
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse), "DATEWIRE_STAGING": str(settings.staging_dir)}
    # A timeout, not a timing assertion: a FIFO or /dev/zero that were opened would hang the run forever.
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(folder), "--preview", "0"],
                            env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 1, result.stderr  # ran, some inputs rejected
    assert "Traceback" not in result.stderr
    (run_id,), = query(settings.warehouse, "SELECT run_id FROM runs")[1]
    _assert_accounted_for(settings, folder, expected, run_id)
    assert f"inputs seen        {expected['n_inputs']}" in result.stdout


@pytest.mark.airflow
def test_every_probe_at_once_through_the_dag(airflow_db, pipeline_env, tmp_path):
    from airflow.dag_processing.dagbag import DagBag

    settings = pipeline_env
    folder = tmp_path / "inbox"
    expected = build_hostile_folder(folder)
    dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("news_events")
    run = dag.test(run_conf={"input_path": str(folder)})
    states = {ti.task_id: str(getattr(ti.state, "value", ti.state)) for ti in run.get_task_instances()}
    assert str(getattr(run.state, "value", run.state)) == "success", states
    _assert_accounted_for(settings, folder, expected, run.run_id)


HOLDER = """
import fcntl, sys
with open(sys.argv[1], "a+") as held:
    fcntl.flock(held, fcntl.LOCK_EX)
    held.seek(0); held.truncate(); held.write("pid 4242, run someone-else"); held.flush()
    print("held", flush=True)
    sys.stdin.readline()  # until the test says the waiting was seen
"""


@pytest.mark.airflow
def test_the_dag_s_load_waits_visibly_for_a_warehouse_another_process_holds(airflow_db, pipeline_env, tmp_path,
                                                                            monkeypatch):
    """Failure drill (issue 11): the load finds the warehouse held; it says by whom and retries until free."""
    import logging

    from airflow.dag_processing.dagbag import DagBag

    settings = pipeline_env
    monkeypatch.setenv("DATEWIRE_LOCK_TIMEOUT", "300")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "normal.txt").write_text("Port strike ends\n\nGDANSK, 4 March 2024 - Dock workers in Gdansk "
                                                "ended their strike on Monday.\n")
    settings.lock_path.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(settings.lock_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"  # readiness: the other process holds the lock
    seen: list[str] = []

    class ReleaseWhenSeen(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if "waiting for the warehouse write lock" in message and not seen:
                seen.append(message)
                holder.stdin.write("release\n")
                holder.stdin.flush()

    handler = ReleaseWhenSeen(level=logging.WARNING)
    logger = logging.getLogger("pipeline.warehouse")
    logger.addHandler(handler)
    try:
        dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("news_events")
        run = dag.test(run_conf={"input_path": str(tmp_path / "in")})
    finally:
        logger.removeHandler(handler)
        if holder.poll() is None:
            holder.kill()
        holder.wait()
    states = {ti.task_id: str(getattr(ti.state, "value", ti.state)) for ti in run.get_task_instances()}
    assert str(getattr(run.state, "value", run.state)) == "success", states
    assert seen and "held by pid 4242, run someone-else" in seen[0], seen
    assert query(settings.warehouse, "SELECT doc_id FROM documents")[1] == [("normal",)]
    load = next(ti for ti in run.get_task_instances() if ti.task_id == "load")
    assert load.try_number == 1  # it waited inside the task; no retry was needed
