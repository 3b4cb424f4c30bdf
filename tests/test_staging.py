from staged_rows import document_row, mention_row, shard_of

from pipeline.staging import Shard, list_shards, read_shard, run_dir, safe_run_id, write_shard


def test_run_ids_become_safe_folder_names(tmp_path):
    assert safe_run_id("manual__2026-11-22T10:00:00+00:00") == "manual__2026-11-22T10_00_00_00_00"
    assert run_dir(tmp_path, "a:b").name == "a_b"


def test_a_shard_round_trips_and_a_rewrite_replaces_it(tmp_path):
    shard = shard_of([document_row()], [mention_row()], [])
    folder = write_shard(tmp_path / "extracted" / "shard-00000", shard)
    again = read_shard(folder)
    assert again.tables["documents"].column("doc_id").to_pylist() == ["doc-a"]
    assert again.summary["n_mentions"] == 1

    write_shard(folder, Shard.from_rows({}, {"n_mentions": 0}))
    assert read_shard(folder).tables["mentions"].num_rows == 0
    assert [p.name for p in (tmp_path / "extracted").iterdir()] == ["shard-00000"]  # no temp folders left


def test_unfinished_shards_are_not_listed(tmp_path):
    write_shard(tmp_path / "validated" / "shard-00001", shard_of([], [], []))
    (tmp_path / "validated" / ".shard-00002.tmp-1234").mkdir()
    (tmp_path / "validated" / "shard-00003.failed.json").write_text("{}")
    assert [p.name for p in list_shards(tmp_path / "validated")] == ["shard-00001"]
    assert list_shards(tmp_path / "missing") == []


# --- documents that must not load: no silent replacement, no text loaded twice ----------------------
# Through `datewire run`, on a real DuckDB file, across two runs. The articles are our own.

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from pipeline.cli import main  # noqa: E402
from pipeline.warehouse import query  # noqa: E402

STORY_A = ("Ferry talks\n\nKIEL, 4 March 2024 - Ministers from Denmark met in Kiel on 4 March 2024 to discuss the "
           "ferry route, a spokesman said. The talks resume on 18 March.\n")
STORY_B = ("Bridge strike\n\nTURKU, 9 May 2024 - Dock workers in Turku went on strike on 9 May 2024, the union said. "
           "They will meet the port authority on 14 May.\n")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def datewire(settings, monkeypatch):
    """`datewire ARGS` in this process against the test's warehouse and staging folder; returns the exit status."""
    monkeypatch.setenv("DATEWIRE_STAGING", str(settings.staging_dir))

    def run(*args: str) -> int:
        return main([*args, "--warehouse", str(settings.warehouse)] + (["--preview", "0"] if args[0] == "run" else []))
    return run


def _rows(settings, sql: str) -> list[tuple]:
    return query(settings.warehouse, sql)[1]


def test_a_later_run_never_replaces_a_document_from_another_source(settings, tmp_path, datewire):
    a, b = _write(tmp_path / "a" / "index.txt", STORY_A), _write(tmp_path / "b" / "index.txt", STORY_B)
    assert datewire("run", str(a.parent)) == 0
    events_a = _rows(settings, "SELECT count(*) FROM events")[0][0]
    assert events_a > 0
    assert datewire("run", str(b.parent)) == 1  # an input was turned away
    # Story A is still the document 'index', with its events; story B did not load.
    assert _rows(settings, "SELECT doc_id, source, text FROM documents") == [("index", str(a), STORY_A)]
    assert _rows(settings, "SELECT count(*) FROM events")[0][0] == events_a
    (source, stage, reason, doc_id), = _rows(settings, "SELECT source, stage, reason, doc_id FROM rejections")
    assert (source, stage, doc_id) == (str(b), "load", "index")
    assert str(a) in reason and str(b) in reason and "already held" in reason  # names both sources
    assert _rows(settings, "SELECT n_inputs, n_documents, n_rejected_inputs, balanced FROM run_accounting "
                           "ORDER BY n_documents") == [(1, 0, 1, True), (1, 1, 0, True)]
    # Run again: refused again, one rejection row (seen twice), nothing replaced.
    assert datewire("run", str(b.parent)) == 1
    assert _rows(settings, "SELECT count(*) FROM rejections") == [(1,)]
    assert _rows(settings, "SELECT source FROM documents") == [(str(a),)]


def test_the_same_json_id_in_another_export_does_not_replace_the_record(settings, tmp_path, datewire):
    day1 = _write(tmp_path / "day1.jsonl", json.dumps({"id": 42, "text": STORY_A}) + "\n")
    day2 = _write(tmp_path / "day2.jsonl", json.dumps({"id": "42", "text": STORY_B}) + "\n"
                  + json.dumps({"id": "43", "text": STORY_B.replace("Turku", "Pori")}) + "\n")
    assert datewire("run", str(day1)) == 0
    assert datewire("run", str(day2)) == 1
    assert _rows(settings, "SELECT doc_id, source, locator FROM documents ORDER BY doc_id") == [
        ("42", str(day1), "line 1"), ("43", str(day2), "line 2")]
    (locator, reason), = _rows(settings, "SELECT locator, reason FROM rejections")
    assert locator == "line 1" and str(day1) in reason and str(day2) in reason


def test_an_updated_article_in_another_file_loads_only_when_accepted_and_is_recorded(settings, tmp_path, datewire):
    a, b = _write(tmp_path / "a" / "index.txt", STORY_A), _write(tmp_path / "b" / "index.txt", STORY_B)
    assert datewire("run", str(a.parent)) == 0
    first_run, first_hash = _rows(settings, "SELECT run_id, content_hash FROM documents")[0]
    assert datewire("run", str(b.parent)) == 1  # the default: refused, and the reason says how to accept it
    (reason,), = _rows(settings, "SELECT reason FROM rejections")
    assert "--accept-source-change" in reason and "DATEWIRE_ACCEPT_SOURCE_CHANGE=1" in reason

    assert datewire("run", str(b.parent), "--accept-source-change") == 0
    assert _rows(settings, "SELECT doc_id, source, text FROM documents") == [("index", str(b), STORY_B)]
    # Story A's rows went with it: every event sentence is story B's.
    sentences = " ".join(r[0] for r in _rows(settings, "SELECT sentence FROM events"))
    assert "Turku" in sentences and "Kiel" not in sentences
    second_run, second_hash = _rows(settings, "SELECT run_id, content_hash FROM documents")[0]
    assert _rows(settings, "SELECT run_id, source, change, content_hash, previous_hash, previous_run_id, "
                           "previous_source FROM document_versions ORDER BY loaded_at") == [
        (first_run, str(a), "new", first_hash, None, None, None),
        (second_run, str(b), "source-changed", second_hash, first_hash, first_run, str(a))]
    assert query(settings.warehouse, "SELECT n_documents, n_rejected_inputs FROM runs WHERE run_id = ?",
                 params=[second_run])[1] == [(1, 0)]


def test_the_setting_accepts_a_json_record_moved_to_another_export(settings, tmp_path, datewire, monkeypatch):
    day1 = _write(tmp_path / "day1.jsonl", json.dumps({"id": "42", "text": STORY_A}) + "\n")
    day2 = _write(tmp_path / "day2.jsonl", json.dumps({"id": "42", "text": STORY_B}) + "\n")
    assert datewire("run", str(day1)) == 0
    monkeypatch.setenv("DATEWIRE_ACCEPT_SOURCE_CHANGE", "1")
    assert datewire("run", str(day2)) == 0
    assert _rows(settings, "SELECT doc_id, source, locator FROM documents") == [("42", str(day2), "line 1")]
    assert _rows(settings, "SELECT change, source, previous_source, previous_locator FROM document_versions "
                           "WHERE change <> 'new'") == [("source-changed", str(day2), str(day1), "line 1")]
    assert _rows(settings, "SELECT count(*) FROM rejections") == [(0,)]


def test_a_new_version_from_the_same_source_replaces_the_old_and_is_recorded(settings, tmp_path, datewire):
    article = _write(tmp_path / "in" / "ferry.txt", STORY_A)
    assert datewire("run", str(article)) == 0
    first_run, first_hash = _rows(settings, "SELECT run_id, content_hash FROM documents")[0]
    article.write_text(STORY_A.replace("18 March", "25 March"))
    assert datewire("run", str(article)) == 0
    second_run, second_hash = _rows(settings, "SELECT run_id, content_hash FROM documents")[0]
    assert second_run != first_run and second_hash != first_hash
    assert "25 March" in _rows(settings, "SELECT text FROM documents")[0][0]
    assert _rows(settings, "SELECT run_id, doc_id, source, change, content_hash, previous_hash, previous_run_id "
                           "FROM document_versions ORDER BY loaded_at") == [
        (first_run, "ferry", str(article), "new", first_hash, None, None),
        (second_run, "ferry", str(article), "replaced", second_hash, first_hash, first_run)]
    assert _rows(settings, "SELECT count(*) FROM rejections") == [(0,)]


def test_byte_identical_content_under_another_name_loads_once_and_names_the_first(settings, tmp_path, datewire):
    first = _write(tmp_path / "in" / "ferry.txt", STORY_A)
    copy = _write(tmp_path / "in" / "ferry-copy.txt", STORY_A)
    assert datewire("run", str(tmp_path / "in")) == 1
    assert _rows(settings, "SELECT doc_id FROM documents") == [("ferry-copy",)]  # sorted first by path
    events_once = _rows(settings, "SELECT count(*) FROM events")[0][0]
    assert events_once > 0
    (source, reason), = _rows(settings, "SELECT source, reason FROM rejections")
    assert source == str(first) and "duplicate content" in reason and "'ferry-copy'" in reason and str(copy) in reason
    assert _rows(settings, "SELECT n_events FROM runs") == [(events_once,)]
    assert _rows(settings, "SELECT balanced FROM run_accounting") == [(True,)]

    # A second run: a third copy under a new name is a duplicate of the document already held.
    third = _write(tmp_path / "later" / "ferry-again.txt", STORY_A)
    assert datewire("run", str(third)) == 1
    assert _rows(settings, "SELECT count(*) FROM documents") == [(1,)]
    assert _rows(settings, "SELECT count(*) FROM events")[0][0] == events_once
    reason, = _rows(settings, f"SELECT reason FROM rejections WHERE source = '{third}'")[0]
    assert "duplicate content" in reason and "'ferry-copy'" in reason


def test_ids_colliding_across_batches_of_one_run_load_the_first_and_name_it(settings, tmp_path, datewire):
    a, b = _write(tmp_path / "a" / "index.txt", STORY_A), _write(tmp_path / "b" / "index.txt", STORY_B)
    assert datewire("run", str(tmp_path / "a"), str(tmp_path / "b"), "--batch-size", "1") == 1
    assert _rows(settings, "SELECT source FROM documents") == [(str(a),)]
    (source, reason), = _rows(settings, "SELECT source, reason FROM rejections")
    assert source == str(b) and str(a) in reason
    # No orphan rows of the refused text: every event, actor and place belongs to story A.
    for table in ("mentions", "events", "event_actors", "event_places"):
        assert _rows(settings, f"SELECT count(*) FROM {table} WHERE doc_id <> 'index'") == [(0,)]
    assert "Turku" not in " ".join(r[0] for r in _rows(settings, "SELECT sentence FROM events"))


def test_a_moved_folder_is_the_same_documents_even_when_re_extracted(settings, tmp_path, datewire):
    _write(tmp_path / "old" / "ferry.txt", STORY_A)
    assert datewire("run", str(tmp_path / "old")) == 0
    moved = tmp_path / "new" / "ferry.txt"
    (tmp_path / "old").rename(tmp_path / "new")
    assert datewire("run", str(moved.parent)) == 0  # unchanged: same id, same text
    assert datewire("run", str(moved.parent), "--reprocess") == 0  # re-extracted, now from the new path
    assert _rows(settings, "SELECT source FROM documents") == [(str(moved),)]
    assert _rows(settings, "SELECT change FROM document_versions ORDER BY loaded_at") == [("new",), ("re-extracted",)]
    assert _rows(settings, "SELECT count(*) FROM rejections") == [(0,)]


# --- leftovers: staging of runs that will never load -------------------------------------------------

def _article_lines(n: int) -> str:
    consonants = "bcdfghjklmnpqrstvwxz"
    return "".join(json.dumps({"id": f"r{i}", "published": "2024-03-04", "text": (
        f"Ministers met in Kiel on Monday (ref {''.join(consonants[(i // 20 ** k) % 20] for k in range(3))}) and "
        "agreed to meet again on 18 March. " * 4)}) + "\n" for i in range(n))


def test_the_next_run_removes_the_staging_of_a_killed_run(settings, tmp_path):
    import os  # noqa: PLC0415
    import signal  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import time  # noqa: PLC0415

    from pipeline import runner  # noqa: PLC0415

    big = _write(tmp_path / "big" / "export.jsonl", _article_lines(3000))
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse), "DATEWIRE_STAGING": str(settings.staging_dir)}
    victim = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(big), "--preview", "0"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(settings.staging_dir.glob("*/owner.lock")):  # a readiness wait, not a timing assertion
        assert victim.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)  # during its extraction: it never reaches the load
    victim.wait()
    (left,) = [p for p in settings.staging_dir.iterdir() if p.is_dir()]
    assert (left / "plan.json").exists()

    summary = runner.run_pipeline([str(_write(tmp_path / "in" / "ferry.txt", STORY_A))], settings)
    assert summary.status == "success"
    assert not left.exists()
    assert list(settings.staging_dir.iterdir()) == []


def test_the_next_run_removes_abandoned_and_failed_staging_but_never_a_live_run(settings, tmp_path):
    from pipeline import runner, staging, warehouse  # noqa: PLC0415

    def staged(name: str, text: str, claim: bool = True) -> Path:
        runner.plan_run(settings, [str(_write(tmp_path / name / f"{name}.txt", text))], f"cli__{name}")
        if claim:  # a `datewire run` that has died: its claim is released
            staging.claim_run(settings.staging_dir, f"cli__{name}").release()
        runner.extract_step(settings, f"cli__{name}", 0)
        runner.validate_step(settings, f"cli__{name}", 0)
        return staging.run_dir(settings.staging_dir, f"cli__{name}")

    def record(run_id: str, status: str) -> None:
        con = warehouse.connect(settings.warehouse)
        warehouse.ensure_schema(con)
        warehouse.begin_run(con, run_id, "cli", run_id, runner.PIPELINE_VERSION)
        if status != "running":
            warehouse.finish_run(con, run_id, status)
        con.close()

    # Killed during its load: begin_run committed, the load never did (the next run marks it abandoned).
    abandoned = staged("abandoned", STORY_A)
    record("cli__abandoned", "running")
    # A load that failed and said so.
    failed = staged("failed", STORY_B)
    record("cli__failed", "failed")
    # Planned, no load recorded, no live owner known (an Airflow run still extracting): kept.
    airflow = staging.run_dir(settings.staging_dir, "manual__2026-12-03T07:00:00+00:00")
    runner.plan_run(settings, [str(tmp_path / "abandoned")], "manual__2026-12-03T07:00:00+00:00")
    # A `datewire run` alive in this process, before its load: kept.
    live = staged("live", STORY_A.replace("Kiel", "Lübeck"))
    claim = staging.claim_run(settings.staging_dir, "cli__live")

    runner.run_pipeline([str(_write(tmp_path / "in" / "other.txt", STORY_B.replace("Turku", "Oulu")))], settings)
    statuses = warehouse.run_statuses(settings=settings)
    assert (statuses["cli__abandoned"], statuses["cli__failed"]) == ("abandoned", "failed")
    assert not abandoned.exists() and not failed.exists()
    assert airflow.exists() and live.exists()

    claim.release()  # the live run dies: its folder goes with the next run
    runner.run_pipeline([str(tmp_path / "in")], settings)
    assert not live.exists() and airflow.exists()


def _staged_airflow_run(settings, run_id: str, article: Path) -> Path:
    """An Airflow run's staging as its tasks leave it (no `datewire run` claims it), its load begun and
    killed before committing (begin_run recorded it as running)."""
    from pipeline import runner, staging, warehouse  # noqa: PLC0415

    runner.plan_run(settings, [str(article)], run_id)
    runner.extract_step(settings, run_id, 0)
    runner.validate_step(settings, run_id, 0)
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    warehouse.begin_run(con, run_id, "airflow", str(article), runner.PIPELINE_VERSION)
    con.close()
    return staging.run_dir(settings.staging_dir, run_id)


def test_an_airflow_run_s_staging_outlives_other_runs_so_its_retried_load_completes(settings, tmp_path):
    from pipeline import runner, warehouse  # noqa: PLC0415

    run_id = "manual__2026-12-03T08:00:00+00:00"
    folder = _staged_airflow_run(settings, run_id, _write(tmp_path / "af" / "ferry.txt", STORY_A))
    # Another run loads meanwhile (a `datewire run`, or the next DAG run): it marks the killed load
    # abandoned and cleans up dead staging, but this folder is in its grace period.
    other = runner.run_pipeline([str(_write(tmp_path / "cli" / "strike.txt", STORY_B))], settings)
    assert other.status == "success"
    assert warehouse.run_statuses(settings=settings)[run_id] == "abandoned"
    assert folder.exists()
    # Airflow retries the load task: it finds its shards and loads them, once.
    retried = runner.load_step(settings, run_id, trigger="airflow")
    assert (retried.status, retried.n_documents) == ("success", 1)
    assert query(settings.warehouse, "SELECT doc_id, run_id FROM documents ORDER BY doc_id")[1] == [
        ("ferry", run_id), ("strike", other.run_id)]


def test_after_the_grace_period_a_retry_fails_with_a_message_that_says_why(settings, tmp_path):
    from pipeline import runner  # noqa: PLC0415

    run_id = "scheduled__2026-12-03T09:00:00+00:00"
    folder = _staged_airflow_run(settings, run_id, _write(tmp_path / "af" / "ferry.txt", STORY_A))
    runner.run_pipeline([str(_write(tmp_path / "cli" / "strike.txt", STORY_B))], settings)
    assert folder.exists()  # abandoned now, within the grace period
    runner.run_pipeline([str(_write(tmp_path / "cli2" / "vote.txt", STORY_B.replace("Turku", "Oulu")))],
                        settings.with_(staging_grace_hours=0))
    assert not folder.exists()
    with pytest.raises(runner.StagingGone) as gone:
        runner.load_step(settings, run_id, trigger="airflow")
    message = str(gone.value)
    assert f"the staging of run {run_id}" in message and "is recorded as abandoned" in message
    assert "DATEWIRE_STAGING_GRACE_HOURS" in message and "Start a new run over the same inputs" in message
    assert query(settings.warehouse, "SELECT count(*) FROM documents WHERE doc_id = 'ferry'")[1] == [(0,)]
