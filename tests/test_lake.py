"""The DuckLake warehouse on a real PostgreSQL catalog (pipeline/lake.py), beside the DuckDB file.

A PostgreSQL cluster is made with initdb in a temporary folder and started on a free loopback port for
this module, then stopped. Skipped, with the reason, where PostgreSQL's server programs or the DuckDB
extension wheels are missing.
"""
from __future__ import annotations

import glob
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pipeline import lake
from pipeline.cli import main
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Per table: the columns that name the document or the event, and what was extracted; the ones that
# name a run, a time or the input's path differ between any two runs and are left out.
KEY_COLUMNS = {
    "documents": "doc_id, content_hash, title, published_date, extractor_version",
    "mentions": "mention_id, doc_id, text, timex_value",
    "events": "event_id, doc_id, mention_id, event_date_start, event_date_end, granularity, trigger_text, "
              "event_type, modality, polarity, date_basis",
    "event_actors": "event_id, doc_id, role, text, canonical_name",
    "event_places": "event_id, doc_id, text, name, country_code",
    "rejections": "rejection_id, doc_id, stage, reason",
    "cluster_members": "event_id, cluster_id, doc_id",
    "event_clusters": "cluster_id, event_date_start, event_date_end, n_mentions, n_sources, representative_event_id",
}


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway cluster: initdb, pg_ctl start on 127.0.0.1 only (no Unix socket), pg_ctl stop."""

    def __init__(self, bindir: Path, folder: Path):
        self.bindir, self.folder, self.port = bindir, folder, _free_port()
        self.data = folder / "data"
        # The server refuses to run as root (CI runs as root): run it as the postgres user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *argv], capture_output=True, text=True, timeout=60, check=check)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "datewire", "--auth=trust", "-E", "UTF8",
                  "--no-sync")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                  "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories='' -c fsync=off",
                  "start")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def conninfo(self, dbname: str, user: str = "datewire") -> str:
        return f"dbname={dbname} host=127.0.0.1 port={self.port} user={user}"

    def sql(self, dbname: str, statement: str) -> None:
        """Run one statement as the superuser (through DuckDB's postgres extension: no psql needed)."""
        con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
        try:
            con.execute(f"LOAD '{lake.extension_path('postgres_scanner')}'")
            con.execute(f"ATTACH '{self.conninfo(dbname)}' AS pg (TYPE postgres)")
            con.execute("CALL postgres_execute('pg', ?)", [statement])
        finally:
            con.close()

    def create_database(self, name: str) -> str:
        self._run(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "datewire", name)
        return f"ducklake:postgres:{self.conninfo(name)}"


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    bindir = _postgres_bin()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL's initdb/pg_ctl are not installed (Debian: apt-get install postgresql)")
    for package in ("duckdb_extension_ducklake", "duckdb_extension_postgres_scanner"):
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"the PyPI package {package.replace('_', '-')} is not installed (uv sync installs it)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: PostgreSQL cannot be started as another user")
    # Not under pytest's tmp folder: that one is private to this user, and the server may run as postgres.
    folder = Path(tempfile.mkdtemp(prefix="datewire-postgres-"))
    server = Postgres(bindir, folder)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr.strip() or exc.stdout.strip()}")
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _env(monkeypatch, tmp: Path, warehouse: str, data_path: Path | None = None) -> None:
    monkeypatch.setenv("DATEWIRE_WAREHOUSE", warehouse)
    monkeypatch.setenv("DATEWIRE_STAGING", str(tmp / "staging"))
    monkeypatch.setenv("DATEWIRE_QUALITY", str(tmp / "quality"))
    monkeypatch.setenv("DATEWIRE_WORKERS", "1")
    if data_path is not None:
        monkeypatch.setenv("DATEWIRE_LAKE_DATA_PATH", str(data_path))


def _rows(warehouse, table: str) -> list[tuple]:
    con = (lake.connect(warehouse, read_only=True) if lake.is_lake(warehouse)
           else duckdb.connect(str(warehouse), read_only=True))
    try:
        return sorted(con.execute(f"SELECT {KEY_COLUMNS[table]} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


@pytest.fixture(scope="module")
def file_run(tmp_path_factory) -> Path:
    """The DuckDB-file warehouse `datewire run data/samples` makes: what a lake must hold too."""
    tmp = tmp_path_factory.mktemp("file")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _env(monkeypatch, tmp, str(tmp / "warehouse.duckdb"))
        started = time.monotonic()
        assert main(["run", str(SAMPLES)]) == 0
        print(f"file run: {time.monotonic() - started:.1f} s")
    return tmp / "warehouse.duckdb"


@pytest.fixture(scope="module")
def lake_run(postgres, tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("lake")
    url = postgres.create_database("samples")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _env(monkeypatch, tmp, url, tmp / "lake-data")
        started = time.monotonic()
        assert main(["run", str(SAMPLES)]) == 0
        print(f"lake run: {time.monotonic() - started:.1f} s")
    assert list((tmp / "lake-data").rglob("*.parquet")), "the lake wrote no Parquet file under its data path"
    return url


def test_a_lake_run_holds_what_a_file_run_holds(file_run, lake_run):
    for table in KEY_COLUMNS:
        in_file, in_lake = _rows(file_run, table), _rows(lake_run, table)
        assert in_file, f"the file run loaded no {table}: nothing to compare"
        assert in_lake == in_file, table
    con = lake.connect(lake_run, read_only=True)
    try:
        # No key constraint on the lake: the load's DELETE+INSERT keeps each key once.
        for table, key in (("documents", "doc_id"), ("events", "event_id"), ("mentions", "mention_id")):
            assert con.execute(f"SELECT count(*) = count(DISTINCT {key}) FROM {table}").fetchone()[0], table
        assert con.execute("SELECT status, n_documents FROM runs").fetchall() == [("success", 8)]
        assert con.execute("SELECT count(*) FROM timeline").fetchone()[0] > 0  # views and the macro work
    finally:
        con.close()


def test_a_second_run_replaces_rather_than_duplicates(postgres, lake_run, file_run, tmp_path, monkeypatch):
    _env(monkeypatch, tmp_path, lake_run)
    assert main(["run", str(SAMPLES), "--reprocess"]) == 0
    for table in ("documents", "mentions", "events"):
        assert _rows(lake_run, table) == _rows(file_run, table), table
    con = lake.connect(lake_run, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'success'").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM datewire_schema").fetchone()[0] == 1  # applied once
    finally:
        con.close()


def test_query_and_summary_on_the_lake(postgres, lake_run, tmp_path, monkeypatch, capsys):
    _env(monkeypatch, tmp_path, lake_run)
    assert main(["query", "SELECT count(*) AS n FROM documents", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"n": 8}
    assert main(["summary"]) == 0
    assert "inputs seen        8" in capsys.readouterr().out
    # Read-only: a write, a file read and a reach into the catalog database are each refused.
    for statement, said in (("DELETE FROM events", "read-only"),
                            ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
                            ("CALL postgres_execute('__ducklake_metadata_lake', 'COMMIT; DROP TABLE x')",
                             "postgres_"),
                            ("SELECT * FROM query('SELECT 1')", "query(")):
        assert main(["query", statement]) == 2, statement
        assert said in capsys.readouterr().err, statement
    assert _rows(lake_run, "events"), "the refused statements changed the lake"


def test_a_reader_role_cannot_write_the_catalog(postgres, lake_run, monkeypatch):
    """DATEWIRE_LAKE_READER: a PostgreSQL role that may only SELECT, the guard behind `datewire query`."""
    for statement in ("CREATE ROLE datewire_reader LOGIN",
                      "GRANT USAGE ON SCHEMA public TO datewire_reader",
                      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO datewire_reader",
                      "ALTER DEFAULT PRIVILEGES FOR ROLE datewire IN SCHEMA public GRANT SELECT ON TABLES "
                      "TO datewire_reader"):
        postgres.sql("samples", statement)
    monkeypatch.setenv("DATEWIRE_LAKE_READER", f"ducklake:postgres:{postgres.conninfo('samples', 'datewire_reader')}")
    con = lake.connect(lake_run, read_only=True, sandbox=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 8
        # What the words check refuses, run here past it: the role stops it in PostgreSQL.
        with pytest.raises(duckdb.Error, match="permission denied"):
            con.execute("CALL postgres_execute('__ducklake_metadata_lake', "
                        "'COMMIT; DELETE FROM ducklake_snapshot')")
    finally:
        con.close()
    assert lake.connect(lake_run, read_only=True).execute("SELECT count(*) FROM documents").fetchone()[0] == 8


# Each loader loads the run staged for its own folder: ready, it waits for the other, then both load at once.
_LOADER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from pipeline import lake, runner
    from pipeline.settings import Settings
    folder, run_id, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    settings = Settings()
    runner._import_for_load()
    Path(folder + ".ready").touch()
    while not go.exists():
        time.sleep(0.01)
    began = time.time()
    summary = runner.load_step(settings, run_id)
    print(json.dumps({"run_id": run_id, "status": summary.status, "n_documents": summary.n_documents,
                      "retries": lake.RETRIES["count"], "began": began, "ended": time.time()}))
""")


def test_two_loaders_commit_at_once_without_loss_or_duplicate(postgres, file_run, tmp_path):
    url = postgres.create_database("concurrent")
    data = tmp_path / "lake-data"
    con = lake.connect(url, data_path=str(data))  # the schema first: the race under test is the load's
    try:
        from pipeline.warehouse import ensure_schema
        ensure_schema(con)
    finally:
        con.close()
    halves = [tmp_path / "a", tmp_path / "b"]
    for i, sample in enumerate(sorted(SAMPLES.iterdir())):
        halves[i % 2].mkdir(exist_ok=True)
        shutil.copy(sample, halves[i % 2] / sample.name)
    # Extracted and validated here (GX is warm in this process), loaded by two processes at once.
    from pipeline import runner
    from pipeline.settings import Settings
    from pipeline.workers import process_batch
    settings = Settings(warehouse=url, staging_dir=tmp_path / "staging", quality_dir=tmp_path / "quality")
    run_ids = []
    for half in halves:
        run_id = runner.new_run_id("cli")
        plan = runner.plan_run(settings, [str(half)], run_id)
        for index in range(plan.n_batches):
            process_batch(settings, run_id, index)
        run_ids.append(run_id)
    env = {**os.environ, "DATEWIRE_WAREHOUSE": url, "DATEWIRE_STAGING": str(settings.staging_dir),
           "DATEWIRE_QUALITY": str(settings.quality_dir), "DATEWIRE_WORKERS": "1", "PYTHONPATH": str(ROOT)}
    go = tmp_path / "go"
    loaders = [subprocess.Popen([sys.executable, "-c", _LOADER, str(half), run_id, str(go)], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for half, run_id in zip(halves, run_ids)]
    try:
        deadline = time.monotonic() + 150
        while not all(Path(f"{half}.ready").exists() for half in halves):
            if time.monotonic() > deadline or any(loader.poll() is not None for loader in loaders):
                break
            time.sleep(0.05)
        go.touch()
        outputs = [loader.communicate(timeout=180) for loader in loaders]
    finally:
        for loader in loaders:
            if loader.poll() is None:
                loader.kill()
    for loader, (_out, err) in zip(loaders, outputs):
        assert loader.returncode == 0, err[-3000:]
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    retries = sum(r["retries"] for r in results)
    overlap = min(r["ended"] for r in results) - max(r["began"] for r in results)
    print(f"loads: {[round(r['ended'] - r['began'], 2) for r in results]} s, overlap {overlap:.2f} s, "
          f"commit conflicts retried: {retries}")
    assert [r["status"] for r in results] == ["success", "success"]
    # Both loads ran at once and one lost the race at COMMIT at least once, and said so.
    assert overlap > 0 and retries >= 1, results
    assert "conflicted at commit with another writer of the lake" in "".join(err for _, err in outputs)
    # No loss, no duplicate: what the one-file run of all the samples holds, document by document.
    for table in ("documents", "mentions", "events", "event_actors", "event_places"):
        assert _rows(url, table) == _rows(file_run, table), table
    con = lake.connect(url, read_only=True)
    try:
        assert sorted(con.execute("SELECT run_id, status FROM runs").fetchall()) == \
            sorted((r["run_id"], "success") for r in results)
        # Every clusterable event sits in exactly one cluster, once.
        assert con.execute("SELECT count(*) = count(DISTINCT event_id) FROM cluster_members").fetchone()[0]
        assert con.execute("SELECT count(*) FROM cluster_members").fetchone()[0] == \
            len(_rows(file_run, "cluster_members"))
        assert con.execute("SELECT count(*) FROM event_clusters WHERE cluster_id NOT IN "
                           "(SELECT cluster_id FROM cluster_members)").fetchone()[0] == 0
    finally:
        con.close()
