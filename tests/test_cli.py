"""The `datewire` command, called as a user would (in-process main() and a real subprocess)."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, SAMPLES

from pipeline.cli import main

CONTRACT_KEYS = {"doc_id", "start", "end", "text", "type", "timex", "date_start", "date_end", "granularity",
                 "in_body", "sentence"}


def test_extract_prints_the_json_lines_contract(capsys):
    assert main(["extract", str(SAMPLES / "harbour-strike.txt")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records and all(set(r) == CONTRACT_KEYS for r in records)
    text = (SAMPLES / "harbour-strike.txt").read_text()
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)
    by_text = {r["text"]: r for r in records}
    assert by_text["28 February"]["timex"] == "2024-02-28"
    assert by_text["28 February"]["date_start"] == by_text["28 February"]["date_end"] == "2024-02-28"
    assert by_text["28 February"]["sentence"].startswith("The union said its members")
    assert by_text["eleven days"]["type"] == "DURATION" and by_text["eleven days"]["date_start"] is None


def test_extract_offsets_index_the_jsonl_records_text(capsys):
    assert main(["extract", str(SAMPLES / "wire.jsonl")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in (SAMPLES / "wire.jsonl").open()}
    assert {r["doc_id"] for r in records} == set(texts)
    assert all(texts[r["doc_id"]][r["start"]:r["end"]] == r["text"] for r in records)


def test_extract_reference_date_anchors_undated_text(capsys):
    assert main(["extract", str(SAMPLES / "undated-feature.txt"), "--reference-date", "2025-06-15"]) == 0
    records = {r["text"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert records["two years ago"]["timex"] == "2023"


def test_a_bad_reference_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(SAMPLES), "--reference-date", "24/02/2022"])
    assert exit_info.value.code == 2
    assert "is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


def test_run_then_query_and_summary(settings, capsys):
    warehouse = str(settings.warehouse)
    assert main(["run", str(SAMPLES), "--warehouse", warehouse, "--preview", "3"]) == 0
    out = capsys.readouterr().out
    assert "documents loaded   8" in out and "First rows of the timeline" in out
    assert main(["query", "SELECT count(*) AS n FROM documents", "--warehouse", warehouse,
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"n": 8}
    assert main(["summary", "--warehouse", warehouse]) == 0
    assert "inputs seen        8" in capsys.readouterr().out


def test_query_errors_are_one_line_not_a_traceback(settings, capsys):
    assert main(["query", "SELECT 1", "--warehouse", str(settings.warehouse)]) == 2
    assert "no warehouse at" in capsys.readouterr().err
    main(["run", str(SAMPLES / "harbour-strike.txt"), "--warehouse", str(settings.warehouse), "--preview", "0"])
    capsys.readouterr()
    assert main(["query", "SELEC nonsense", "--warehouse", str(settings.warehouse)]) == 2
    err = capsys.readouterr().err
    assert "syntax error" in err.lower() and len(err.strip().splitlines()) == 1


def test_the_installed_command_has_help():
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "datewire"), "--help"], capture_output=True, text=True)
    if result.returncode != 0 and not (ROOT / ".venv" / "bin" / "datewire").exists():
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("run", "extract", "query", "summary", "evaluate", "quality-docs"):
        assert command in result.stdout


# --- `datewire query` is read-only for real ------------------------------------------------------------

BORDER_ARTICLE = ("Minsk border closed\n\nMINSK, 4 March 2024 - Belarus closed its border with Poland on "
                  "3 March 2024, officials said.\nPoland protested the closure on Monday.\n")


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory) -> Path:
    """A real warehouse loaded by `datewire run` from one generated article."""
    folder = tmp_path_factory.mktemp("small_warehouse")
    (folder / "in").mkdir()
    (folder / "in" / "border.txt").write_text(BORDER_ARTICLE)
    warehouse = folder / "warehouse.duckdb"
    env_staging = folder / "staging"
    import os  # noqa: PLC0415

    old = os.environ.get("DATEWIRE_STAGING")
    os.environ["DATEWIRE_STAGING"] = str(env_staging)
    try:
        assert main(["run", str(folder / "in"), "--warehouse", str(warehouse), "--preview", "0"]) == 0
    finally:
        if old is None:
            os.environ.pop("DATEWIRE_STAGING")
        else:
            os.environ["DATEWIRE_STAGING"] = old
    return warehouse


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("statement", [
    "COPY (SELECT 'gone' AS x) TO '{warehouse}' (FORMAT csv)",          # the probe that emptied a warehouse
    "COPY documents TO '{outside}/leak.csv'",
    "COPY (SELECT * FROM documents) TO '{outside}/leak.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{outside}/export'",
    "ATTACH '{outside}/other.duckdb' AS other",
    "SELECT * FROM read_csv('{outside}/secret.csv')",
    "SELECT * FROM read_parquet('{outside}/secret.parquet')",
    "SELECT * FROM read_text('{outside}/secret.csv')",
    "SELECT * FROM glob('{outside}/*')",
    "SET enable_external_access = true",                                 # the lock holds
    "INSTALL httpfs",
    "DELETE FROM documents",
    "DROP TABLE documents",
    "CREATE TABLE x AS SELECT 1",
])
def test_query_refuses_anything_beyond_reading_the_warehouse(small_warehouse, tmp_path, capsys, statement):
    import duckdb  # noqa: PLC0415

    (tmp_path / "secret.csv").write_text("a,b\n1,2\n")
    duckdb.sql("COPY (SELECT 1 AS a) TO '" + str(tmp_path / "secret.parquet") + "' (FORMAT parquet)")
    before = _digest(small_warehouse)
    sql = statement.format(warehouse=small_warehouse, outside=tmp_path)
    assert main(["query", sql, "--warehouse", str(small_warehouse)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("datewire query: "), captured.err
    assert "Traceback" not in captured.err
    assert _digest(small_warehouse) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv", "secret.parquet"]
    if "COPY" in sql or "read_" in sql or "ATTACH" in sql or "EXPORT" in sql:
        assert "refused: queries are read-only" in err[0] and "--output" in err[0]


def test_query_output_writes_the_export_itself(small_warehouse, tmp_path, capsys):
    before = _digest(small_warehouse)
    out_csv, out_json = tmp_path / "docs.csv", tmp_path / "docs.jsonl"
    assert main(["query", "SELECT doc_id, input_format FROM documents", "--warehouse", str(small_warehouse),
                 "--output", str(out_csv)]) == 0
    assert out_csv.read_bytes() == b"doc_id,input_format\nborder,txt\n"
    assert "1 row written to" in capsys.readouterr().err
    assert main(["query", "SELECT doc_id, n_chars FROM documents", "--warehouse", str(small_warehouse),
                 "--format", "json", "-o", str(out_json)]) == 0
    assert [json.loads(line) for line in out_json.read_text().splitlines()] == [
        {"doc_id": "border", "n_chars": len(BORDER_ARTICLE)}]
    # --output may not name the warehouse, whatever the spelling.
    spelled = small_warehouse.parent / "." / small_warehouse.name
    assert main(["query", "SELECT 1", "--warehouse", str(small_warehouse), "-o", str(spelled)]) == 2
    assert "is the warehouse itself" in capsys.readouterr().err
    assert _digest(small_warehouse) == before


def test_query_csv_on_stdout_has_unix_line_ends(small_warehouse, capfdbinary):
    assert main(["query", "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y'", "--warehouse", str(small_warehouse),
                 "--format", "csv"]) == 0
    assert capfdbinary.readouterr().out == b"a,b\n1,x\n2,y\n"


def test_query_binds_named_parameters_from_a_query_file(small_warehouse, capsys):
    query_file = ROOT / "sql" / "queries" / "actor_events.sql"
    assert main(["query", "--file", str(query_file), "--param", "actor=BLR", "--warehouse", str(small_warehouse),
                 "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["trigger_text"] for r in rows} == {"closed"}
    assert {(r["event_date_start"], r["role"]) for r in rows} == {("2024-03-03", "source")}
    assert main(["query", "--file", str(query_file), "--param", "actor=pol", "--warehouse", str(small_warehouse),
                 "--format", "json"]) == 0
    roles = {(r["trigger_text"], r["role"]) for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert ("closed", "target") in roles and ("protested", "source") in roles
    # Two parameters, and a value that would be an injection if pasted into the SQL text.
    assert main(["query", "SELECT $a AS a, $b AS b", "--param", "a=1", "--param", "b=x' OR '1'='1",
                 "--warehouse", str(small_warehouse), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"a": "1", "b": "x' OR '1'='1"}
    # A parameter the query needs but was not given: one line, status 2.
    assert main(["query", "--file", str(query_file), "--warehouse", str(small_warehouse)]) == 2
    err = capsys.readouterr().err
    assert "actor" in err and len(err.strip().splitlines()) == 1


def test_query_param_must_be_name_equals_value(small_warehouse, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["query", "SELECT 1", "--param", "novalue", "--warehouse", str(small_warehouse)])
    assert exit_info.value.code == 2
    assert "is not NAME=VALUE" in capsys.readouterr().err


# --- `datewire summary` for every run state ---------------------------------------------------------

def _article(folder: Path, name: str, day: str, place: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(f"{place} talks\n\n{place.upper()}, {day} - Officials from Poland met in {place} on {day}, "
                    "a spokesman said.\n")
    return path


def test_summary_of_every_run_state(settings, tmp_path, capsys):
    from pipeline import runner, staging, warehouse  # noqa: PLC0415

    wh = ["--warehouse", str(settings.warehouse)]
    env_settings = settings

    def run(folder: Path, run_id: str):
        return runner.run_pipeline([str(folder)], env_settings, run_id=run_id)

    # An old run whose rows sort first in the timeline (2019), then the runs under test.
    assert run(_article(tmp_path / "old", "old", "3 May 2019", "Vilnius").parent, "cli__old").status == "success"

    # A run killed during its load leaves its row 'running' (begin_run committed, the load never did).
    runner.plan_run(settings, [str(_article(tmp_path / "killed", "killed", "5 June 2024", "Riga"))], "cli__killed")
    runner.extract_step(settings, "cli__killed", 0)
    runner.validate_step(settings, "cli__killed", 0)
    con = warehouse.connect(settings.warehouse)
    warehouse.begin_run(con, "cli__killed", "cli", "killed", runner.PIPELINE_VERSION)
    con.close()
    assert main(["summary", *wh]) == 2
    out = capsys.readouterr()
    assert "Run cli__killed: running" in out.out and "nothing was loaded" in out.out
    assert "Traceback" not in out.err

    # The next run marks it abandoned; summary --run-id still shows it.
    assert run(_article(tmp_path / "new", "new", "7 July 2024", "Tallinn").parent, "cli__new").status == "success"
    assert main(["summary", "--run-id", "cli__killed", *wh]) == 2
    out = capsys.readouterr().out
    assert "Run cli__killed: abandoned" in out and "marked it abandoned" in out

    # The latest successful run previews its own rows, not the oldest rows of the warehouse.
    assert main(["summary", *wh]) == 0
    out = capsys.readouterr().out
    assert "Run cli__new: success" in out and "that this run loaded" in out
    preview = out.split("that this run loaded")[1]
    assert "new" in preview and "2024-07-07" in preview and "2019" not in preview and "old" not in preview

    # A load that fails inside its transaction is recorded as failed. (A shard damaged on disk only costs
    # its batch; a readable shard whose row breaks a warehouse constraint fails the load: DuckDB refuses
    # a document without a source.)
    runner.plan_run(settings, [str(_article(tmp_path / "bad", "bad", "9 August 2024", "Oslo"))], "cli__bad")
    runner.extract_step(settings, "cli__bad", 0)
    runner.validate_step(settings, "cli__bad", 0)
    shard_dir = staging.run_dir(settings.staging_dir, "cli__bad") / "validated" / "shard-00000"
    shard = staging.read_shard(shard_dir)
    rows = {name: shard.tables[name].to_pylist() for name in staging.TABLES}
    rows["documents"][0]["source"] = None
    staging.write_shard(shard_dir, staging.Shard.from_rows(rows, shard.summary))
    with pytest.raises(duckdb.ConstraintException):
        runner.load_step(settings, "cli__bad")
    assert main(["summary", "--run-id", "cli__bad", *wh]) == 2
    out = capsys.readouterr().out
    assert "Run cli__bad: failed" in out and "rolled back" in out
    assert main(["query", "SELECT count(*) AS n FROM documents WHERE doc_id = 'bad'", *wh, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"n": 0}

    # An unknown run id: one line, status 1 as before.
    assert main(["summary", "--run-id", "nope", *wh]) == 1
    assert "no run recorded in the warehouse yet with id nope" in capsys.readouterr().err


def test_run_preview_shows_the_rows_this_run_loaded(settings, tmp_path, capsys, monkeypatch):
    wh = ["--warehouse", str(settings.warehouse)]
    monkeypatch.setenv("DATEWIRE_STAGING", str(settings.staging_dir))
    assert main(["run", str(_article(tmp_path / "a", "first", "3 May 2019", "Vilnius")), *wh]) == 0
    capsys.readouterr()
    assert main(["run", str(_article(tmp_path / "b", "second", "7 July 2024", "Tallinn")), *wh]) == 0
    preview = capsys.readouterr().out.split("that this run loaded")[1]
    assert "second" in preview and "first" not in preview
    # Run again: nothing new is loaded, and the preview says so.
    assert main(["run", str(tmp_path / "b"), *wh]) == 0
    assert "(this run loaded no dated events)" in capsys.readouterr().out


# --- exit statuses and settings ------------------------------------------------------------------------

GOOD_ARTICLE = "Port strike ends\n\nGDANSK, 4 March 2024 - Dock workers in Gdansk ended their strike on Monday.\n"


def test_exit_status_says_whether_every_input_loaded(settings, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATEWIRE_STAGING", str(settings.staging_dir))
    wh = ["--warehouse", str(settings.warehouse), "--preview", "0"]
    good = tmp_path / "good.txt"
    good.write_text(GOOD_ARTICLE)
    (tmp_path / "empty.txt").write_text("")
    assert main(["run", str(good), *wh]) == 0
    assert main(["run", str(good), str(tmp_path / "missing.txt"), *wh]) == 1  # a path that does not exist
    assert main(["run", str(tmp_path / "empty.txt"), *wh]) == 1               # every input rejected
    assert main(["extract", str(good)]) == 0
    assert main(["extract", str(good), str(tmp_path / "missing.txt")]) == 1
    assert main(["events", str(tmp_path / "empty.txt")]) == 1
    err = capsys.readouterr().err
    assert f"rejected {tmp_path / 'missing.txt'}: no such file or directory" in err
    assert f"rejected {tmp_path / 'empty.txt'}: empty file" in err


@pytest.mark.parametrize(("env", "argv", "message"), [
    ({"DATEWIRE_MAX_INPUT_BYTES": "abc"}, ["extract", "x.txt"], "DATEWIRE_MAX_INPUT_BYTES must be an integer, got 'abc'"),
    ({"DATEWIRE_BATCH_BYTES": "0"}, ["run", "x.txt"], "batch_bytes must be at least 1, got 0 (DATEWIRE_BATCH_BYTES)"),
    ({"DATEWIRE_LOCK_TIMEOUT": "-1"}, ["query", "SELECT 1"], "lock_timeout must be at least 0, got -1.0 (DATEWIRE_LOCK_TIMEOUT)"),
    ({"DATEWIRE_ACCEPT_SOURCE_CHANGE": "maybe"}, ["run", "x.txt"],
     "DATEWIRE_ACCEPT_SOURCE_CHANGE must be 1/true/yes or 0/false/no, got 'maybe'"),
    ({}, ["run", "x.txt", "--batch-size", "0"], "batch_size must be at least 1, got 0 (--batch-size or DATEWIRE_BATCH_SIZE)"),
])
def test_invalid_settings_are_one_line_naming_the_setting(settings, env, argv, message):
    full_env = {**__import__("os").environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse),
                "DATEWIRE_STAGING": str(settings.staging_dir), **env}
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", *argv], env=full_env, capture_output=True,
                            text=True, timeout=120, cwd=settings.warehouse.parent)
    assert result.returncode == 2
    assert result.stderr.strip() == f"datewire {argv[0]}: {message}"
    assert not settings.warehouse.exists()


# --- messages that blame the right thing ---------------------------------------------------------------

def test_a_file_that_is_not_a_duckdb_database_says_so(settings, tmp_path):
    settings.warehouse.write_text("these are my notes, not a database\n")
    env = {**__import__("os").environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse),
           "DATEWIRE_STAGING": str(settings.staging_dir)}
    article = tmp_path / "a.txt"
    article.write_text(GOOD_ARTICLE)
    for argv in (["query", "SELECT 1"], ["summary"], ["run", str(article), "--preview=0"]):
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", *argv], env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 2, (argv, result.stderr)
        assert f"{settings.warehouse} is not a DuckDB database" in result.stderr, result.stderr
        assert "in use by another process" not in result.stderr and "Traceback" not in result.stderr
    assert settings.warehouse.read_text() == "these are my notes, not a database\n"


def test_a_held_warehouse_names_the_holder_retries_visibly_then_gives_the_documented_message(settings):
    import duckdb  # noqa: PLC0415

    duckdb.connect(str(settings.warehouse)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(60)", str(settings.warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        settings.lock_path.write_text(f"pid {holder.pid}, run cli__loading")
        env = {**__import__("os").environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse),
               "DATEWIRE_LOCK_TIMEOUT": "4"}
        started = __import__("time").monotonic()
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "query", "SELECT 1"], env=env,
                                capture_output=True, text=True, timeout=120)
        elapsed = __import__("time").monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any("retrying (waited" in line and f"pid {holder.pid}, run cli__loading" in line for line in lines[:-1])
    assert re.match(re.escape(f"datewire query: the warehouse {settings.warehouse} is in use by another process "
                              f"(pid {holder.pid}, run cli__loading); waited ") + r"[45] s\. A run is loading", lines[-1])
    assert "IO Error" not in result.stderr and "Conflicting lock" not in result.stderr
    assert 4 <= elapsed < 30


# --- datewire clean ----------------------------------------------------------------------------------

def test_clean_lists_with_dry_run_then_removes_only_what_will_never_load(settings, tmp_path, capsys, monkeypatch):
    from pipeline import runner, staging  # noqa: PLC0415

    monkeypatch.setenv("DATEWIRE_STAGING", str(settings.staging_dir))
    wh = ["--warehouse", str(settings.warehouse)]
    assert main(["clean", *wh]) == 0
    assert "nothing to clean" in capsys.readouterr().out

    # A `datewire run` that died before its load (its claim is gone), a partial run's kept folder, the
    # rest of a kill during a deletion, and an unclaimed folder with no load recorded (Airflow-like).
    partial = staging.run_dir(settings.staging_dir, "cli__partial")
    runner.plan_run(settings, [str(_article(tmp_path / "p", "partial", "6 June 2024", "Oslo"))], "cli__partial")
    runner.extract_step(settings, "cli__partial", 0)
    runner.validate_step(settings, "cli__partial", 0)
    (partial / "validated" / "shard-00000.failed.json").write_text('{"reason": "a drill"}')
    import shutil  # noqa: PLC0415

    shutil.rmtree(partial / "validated" / "shard-00000")
    assert runner.load_step(settings, "cli__partial").status == "partial"
    dead = _article(tmp_path / "dead", "dead", "5 June 2024", "Riga")
    runner.plan_run(settings, [str(dead)], "cli__dead")
    staging.claim_run(settings.staging_dir, "cli__dead").release()
    trash = settings.staging_dir / ".done-cli__old"
    (trash / "extracted").mkdir(parents=True)
    runner.plan_run(settings, [str(dead)], "scheduled__2026-12-03")
    capsys.readouterr()

    assert main(["clean", "--dry-run", *wh]) == 0
    out = capsys.readouterr().out
    lines = {name: verb for verb, name in re.findall(r"^(would remove|kept) +(\S+)", out, re.MULTILINE)}
    assert lines == {".done-cli__old": "would remove", "cli__dead": "would remove", "cli__partial": "would remove",
                     "scheduled__2026-12-03": "kept"}
    assert "died before the load" in out and "partial" in out and "would free" in out
    assert partial.exists() and trash.exists()  # a dry run removes nothing

    assert main(["clean", *wh]) == 0
    assert "removed" in capsys.readouterr().out
    assert sorted(p.name for p in settings.staging_dir.iterdir()) == ["scheduled__2026-12-03"]
    assert main(["clean", "--all", *wh]) == 0
    assert list(settings.staging_dir.iterdir()) == []


def test_clean_has_help():
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "clean", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--dry-run" in result.stdout and "abandoned or failed" in result.stdout


def test_a_run_that_gives_up_on_the_write_lock_waits_visibly_then_gives_the_documented_message(settings, tmp_path):
    import os  # noqa: PLC0415
    import time  # noqa: PLC0415

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom pipeline import warehouse\n"
         "from pipeline.settings import Settings\n"
         "with warehouse.write_lock(Settings(warehouse=Path(sys.argv[1])), holder='run cli__holding'):\n"
         "    print('held', flush=True); time.sleep(60)\n", str(settings.warehouse)],
        stdout=subprocess.PIPE, text=True)
    article = tmp_path / "a.txt"
    article.write_text(GOOD_ARTICLE)
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse), "DATEWIRE_STAGING": str(settings.staging_dir),
           "DATEWIRE_LOCK_TIMEOUT": "3"}
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(article), "--preview=0"], env=env,
                                capture_output=True, text=True, timeout=180)
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(f"waiting for the warehouse write lock held by pid {holder.pid}, run cli__holding" in line
               for line in lines[:-1]), result.stderr
    assert lines[-1] == (f"datewire run: another run is writing to {settings.warehouse} (pid {holder.pid}, run "
                         "cli__holding); waited 3 s. Try again when it has finished, or raise DATEWIRE_LOCK_TIMEOUT.")
    assert "Traceback" not in result.stderr and "IO Error" not in result.stderr
    assert elapsed >= 3


@pytest.mark.parametrize("command", ["extract", "events"])
def test_extract_and_events_stop_a_document_over_its_budget_and_report_it(tmp_path, capsys, monkeypatch, command):
    from benchmarks.long_line_benchmark import news_text

    monkeypatch.setenv("DATEWIRE_DOCUMENT_BUDGET", "0.4")
    good = tmp_path / "harbour.txt"
    good.write_text(GOOD_ARTICLE)
    huge = tmp_path / "huge.txt"
    huge.write_text(news_text(300_000, "one line, no punctuation", seed=1))
    assert main([command, str(tmp_path)]) == 1  # some inputs rejected
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert records and {r["doc_id"] for r in records} == {"harbour"}
    (line,) = [line for line in captured.err.splitlines() if line.startswith("rejected ")]
    assert line.startswith(f"rejected {huge}: extraction took longer than 0.4 s of CPU "
                           "(budget DATEWIRE_DOCUMENT_BUDGET=0.4); stopped in ")
    assert re.search(r"; stopped in [a-z ]+ \([\d,]+ characters\)$", line), line
