"""Failure drills on real processes: SIGKILL during extraction and during the load, two runs at once."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline import runner
from pipeline.warehouse import query

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


_CONSONANTS = "bcdfghjklmnpqrstvwxz"


def _write_articles(folder: Path, n: int, version: str) -> Path:
    """n JSON-lines articles of our own making; `version` changes every text so all documents change."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    with path.open("w") as out:
        for i in range(n):
            day, month, year = 1 + i % 28, MONTHS[i % 12], 2015 + i % 10
            # A code of consonants makes each text its own (the same text under two ids loads once) and
            # can spell no word, so no extra date expression ("may", "sat") is found.
            code = "".join(_CONSONANTS[(i // len(_CONSONANTS) ** k) % len(_CONSONANTS)] for k in range(3))
            text = (f"Officials met on {day} {month} {year} to discuss the harbour dispute ({version}, ref {code}). "
                    f"Talks resumed on Tuesday after a pause of three weeks. A report is due in {year + 1}.")
            out.write(json.dumps({"id": f"doc-{i:05d}", "text": text,
                                  "published": f"{year}-{MONTHS.index(month) + 1:02d}-{day:02d}"}) + "\n")
    return path


def _env(settings) -> dict:
    env = os.environ.copy()
    env.update(DATEWIRE_WAREHOUSE=str(settings.warehouse), DATEWIRE_STAGING=str(settings.staging_dir),
               DATEWIRE_LOCK_TIMEOUT="60")
    return env


def _consistent_versions(settings) -> set[str]:
    """Which versions the warehouse holds; asserts that every document is whole and single."""
    n_docs, n_distinct = query(settings.warehouse, "SELECT count(*), count(DISTINCT doc_id) FROM documents")[1][0]
    assert n_docs == n_distinct
    # Every document has exactly its own mentions and events: nothing half-replaced, nothing doubled.
    orphans = query(settings.warehouse, "SELECT count(*) FROM mentions WHERE doc_id NOT IN "
                                        "(SELECT doc_id FROM documents)")[1][0][0]
    assert orphans == 0
    per_doc = query(settings.warehouse, "SELECT DISTINCT n FROM (SELECT d.doc_id, count(m.mention_id) AS n "
                                        "FROM documents d LEFT JOIN mentions m USING (doc_id) GROUP BY 1)")[1]
    assert len(per_doc) == 1 and per_doc[0][0] > 0
    return {v for (v,) in query(settings.warehouse, "SELECT DISTINCT regexp_extract(text, '\\((v\\d),', 1) "
                                                    "FROM documents")[1]}


LOAD_SCRIPT = """
import sys
from pipeline.runner import load_step
from pipeline.settings import Settings
load_step(Settings(), sys.argv[1])
"""


def test_sigkill_during_the_load_leaves_the_warehouse_consistent_and_the_retry_completes(settings, tmp_path):
    n = 3000
    runner.run_pipeline([str(_write_articles(tmp_path / "v1", n, "v1"))], settings)
    assert _consistent_versions(settings) == {"v1"}
    baseline = tmp_path / "baseline.duckdb"
    shutil.copy(settings.warehouse, baseline)

    # Stage version 2 of every document once; each drill loads a copy of it into a copy of the baseline.
    run_id = "drill"
    # The same export file, rewritten: a new version from the same source replaces the old one.
    runner.plan_run(settings, [str(_write_articles(tmp_path / "v1", n, "v2"))], run_id)
    runner.extract_step(settings, run_id, 0)
    runner.validate_step(settings, run_id, 0)
    staged = tmp_path / "staged-drill"
    shutil.copytree(settings.staging_dir, staged)

    def drill(kill_after: float | None) -> float:
        """Load the staged run in a fresh process; SIGKILL it `kill_after` s after it takes the lock."""
        shutil.copy(baseline, settings.warehouse)
        shutil.rmtree(settings.staging_dir)
        shutil.copytree(staged, settings.staging_dir)
        settings.lock_path.write_text("")
        loader = subprocess.Popen([sys.executable, "-c", LOAD_SCRIPT, run_id], env=_env(settings))
        # Generous waits: the load (with its clustering and GX gate) takes ~20 s here at load average 4,
        # and three times that on a busier machine. These are readiness waits, not timing assertions.
        deadline = time.monotonic() + 300
        while "run drill" not in settings.lock_path.read_text() and loader.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        locked_at = time.monotonic()
        if kill_after is None:
            assert loader.wait(300) == 0
        else:
            time.sleep(kill_after)
            loader.send_signal(signal.SIGKILL)
            loader.wait()
        return time.monotonic() - locked_at

    # Calibrate on this machine: how long does the load hold the lock when nobody kills it?
    load_seconds = drill(None)
    assert _consistent_versions(settings) == {"v2"}

    killed_mid_load = 0
    for fraction in (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
        drill(fraction * load_seconds)
        # After the kill: all of version 1 or all of version 2, never a mix, never a duplicate.
        versions = _consistent_versions(settings)
        assert versions in ({"v1"}, {"v2"})
        status = query(settings.warehouse, "SELECT status FROM runs WHERE run_id = ?", params=[run_id])[1]
        if versions == {"v1"} and status == [("running",)]:
            killed_mid_load += 1  # the run had started its load and had not committed

        # The retry (as Airflow would retry the task) completes the work, once.
        summary = runner.load_step(settings, run_id)
        assert summary.n_documents == n
        assert _consistent_versions(settings) == {"v2"}
        assert query(settings.warehouse, "SELECT count(*) FROM documents")[1] == [(n,)]
        assert query(settings.warehouse, "SELECT status FROM runs WHERE run_id = ?", params=[run_id])[1] == [
            ("success",)]
    assert killed_mid_load >= 1, "no drill landed inside the load transaction; widen the delays"


def test_sigkill_during_extraction_then_the_next_run_completes(settings, tmp_path):
    articles = _write_articles(tmp_path / "in", 3000, "v1")
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(articles.parent),
                                "--preview", "0"], env=_env(settings), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    # The plan is written when extraction starts; kill while the batch is being extracted.
    while not list(Path(settings.staging_dir).glob("*/plan.json")):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.01)
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not list(Path(settings.staging_dir).glob("*/extracted/shard-*"))  # nothing half-written
    assert not settings.warehouse.exists() or query(settings.warehouse, "SELECT count(*) FROM documents")[1] == [(0,)]

    summary = runner.run_pipeline([str(articles.parent)], settings)
    assert (summary.n_inputs, summary.n_documents, summary.status) == (3000, 3000, "success")
    assert _consistent_versions(settings) == {"v1"}


def test_two_runs_at_once_never_both_write(settings, tmp_path):
    articles = _write_articles(tmp_path / "in", 500, "v1")
    command = [sys.executable, "-m", "pipeline.cli", "run", str(articles.parent), "--preview", "0"]
    first = subprocess.Popen(command, env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, env=_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [p.communicate(timeout=240) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert _consistent_versions(settings) == {"v1"}
    assert query(settings.warehouse, "SELECT count(*), count(DISTINCT doc_id) FROM documents")[1] == [(500, 500)]
    assert query(settings.warehouse, "SELECT count(*) FROM runs WHERE status = 'success'")[1] == [(2,)]


def test_a_run_that_cannot_get_the_lock_fails_with_a_clear_message(settings, tmp_path):
    import fcntl

    articles = _write_articles(tmp_path / "in", 5, "v1")
    settings.lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(settings.lock_path, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("pid 1, run someone-else")
        held.flush()
        env = {**_env(settings), "DATEWIRE_LOCK_TIMEOUT": "1"}
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(articles.parent)],
                                env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2  # a failure, not "some inputs rejected"
    assert "another run is writing to" in result.stderr and "run someone-else" in result.stderr
    assert "Traceback" not in result.stderr
