"""The DuckDB warehouse: schema, the single writer, loading staged shards, reading back.

DuckDB allows one writer process per file, and a second writer fails at once with a lock error. We put
our own lock file beside the warehouse and wait on it (with a timeout and a message that says who holds
it), so two runs at once queue instead of crashing, and never both write. Each load is one transaction:
a process killed mid-load leaves the previous state, which DuckDB restores from its WAL on next open.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline import lake
from pipeline.settings import Settings

__all__ = [
    "WarehouseBusy",
    "NotAWarehouse",
    "QueryRefused",
    "SANDBOX_CONFIG",
    "sql_dir",
    "connect",
    "ensure_schema",
    "write_lock",
    "known_documents",
    "held_documents",
    "run_statuses",
    "begin_run",
    "load_staged",
    "finish_run",
    "query",
]

log = logging.getLogger(__name__)


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse."""


def sql_dir() -> Path:
    """`sql/` of the source checkout, or the copy packaged inside `pipeline/` by the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "sql", here / "sql"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("cannot find the sql/ folder next to the pipeline package")


def _sql_files(subdir: str) -> list[Path]:
    return sorted((sql_dir() / subdir).glob("*.sql"))


def _run_script(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    # DuckDB runs several ;-separated statements in one execute() call.
    con.execute(path.read_text())


# A read-only connection can still write files (COPY ... TO, EXPORT DATABASE), attach or read any file
# on disk (ATTACH, read_csv, read_parquet) and load extensions. With external access off DuckDB refuses
# all of these with a PermissionException, and with the configuration locked a query cannot SET it back.
SANDBOX_CONFIG = {"enable_external_access": False, "lock_configuration": True}


class NotAWarehouse(RuntimeError):
    """The warehouse path holds a file that is not a DuckDB database."""


def _holder(path: Path, duckdb_error: str = "") -> str:
    """Who holds the warehouse: what our lock file says (pid and run), else the PID DuckDB names."""
    try:
        recorded = Path(str(path) + ".lock").read_text().strip()
    except OSError:
        recorded = ""
    if recorded:
        return recorded
    found = re.search(r"PID (\d+)", duckdb_error)
    return f"pid {found.group(1)}" if found else "another process"


class QueryRefused(RuntimeError):
    """A read-only query tried to touch something outside the warehouse (a file, another database)."""


def connect(path: Path | str, read_only: bool = False, wait: float = 30.0,
            sandbox: bool = False, data_path: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; while another process writes it, retry for up to `wait` seconds.

    `sandbox` (read-only only) opens it with SANDBOX_CONFIG: the warehouse's own tables and nothing else.
    A `ducklake:` warehouse is attached instead (pipeline/lake.py; `data_path` where it creates one).
    """
    if lake.is_lake(path):  # several writers at once: nothing to wait for
        return lake.connect(str(path), read_only=read_only, data_path=data_path, sandbox=sandbox)
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `datewire run PATH` first")
    started = time.monotonic()
    delay, announced = 0.1, 0.0
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only,
                                  config=dict(SANDBOX_CONFIG) if sandbox and read_only else {})
        except duckdb.IOException as exc:
            message = str(exc)
            if "not a valid DuckDB database" in message:
                raise NotAWarehouse(
                    f"{path} is not a DuckDB database (the file exists but holds something else): point "
                    f"--warehouse or DATEWIRE_WAREHOUSE at a warehouse, or move the file away") from None
            if "lock" not in message.lower():
                raise
            waited = time.monotonic() - started
            holder = _holder(path, message)
            if waited >= wait:
                # The README's message, not DuckDB's: it says who, and what to do.
                raise WarehouseBusy(
                    f"the warehouse {path} is in use by another process ({holder}); waited {waited:.0f} s. "
                    f"A run is loading: try again when it has finished.") from None
            if waited - announced >= 5 or not announced and waited >= 1:
                log.warning("the warehouse %s is in use by %s; retrying (waited %.0f s of %.0f s)",
                            path, holder, waited, wait)
                announced = waited
            time.sleep(min(delay, max(0.05, wait - waited)))  # do not overshoot the deadline
            delay = min(delay * 2, 2.0)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the DDL files of sql/schema in order; each is idempotent."""
    if lake.is_lake_connection(con):  # the same files, keys removed, applied only when they changed
        lake.ensure_schema(con, _sql_files("schema"))
        return
    for path in _sql_files("schema"):
        _run_script(con, path)


@contextmanager
def write_lock(settings: Settings, holder: str) -> Iterator[None]:
    """Hold the warehouse's write lock; wait up to settings.lock_timeout seconds for another run's.

    flock is released by the kernel when its process dies, so a run killed with SIGKILL never leaves a
    stale lock behind.
    """
    if settings.is_lake:  # a lake takes concurrent loads; a commit that conflicts is retried (lake.retrying)
        yield
        return
    lock_path = settings.lock_path
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        started = time.monotonic()
        deadline = started + settings.lock_timeout
        announced = None
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                other = handle.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is writing to {settings.warehouse} ({other}); waited "
                        f"{settings.lock_timeout:.0f} s. Try again when it has finished, or raise "
                        f"DATEWIRE_LOCK_TIMEOUT.") from None
                waited = time.monotonic() - started
                # Said at once and every 10 s after, so a queued run is visibly waiting, not hung.
                if announced is None or waited - announced >= 10:
                    log.warning("waiting for the warehouse write lock held by %s (waited %.0f s of %.0f s)",
                                other, waited, settings.lock_timeout)
                    announced = waited
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, {holder}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _document_columns(settings: Settings, columns: str) -> list[tuple]:
    """Rows of `columns` from the loaded documents ([] without a warehouse or its documents table)."""
    if not exists(settings.warehouse):
        return []
    con = connect(settings.warehouse, read_only=True, wait=settings.lock_timeout)
    try:
        tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "documents" not in tables:
            return []
        return con.execute(f"SELECT doc_id, {columns} FROM documents").fetchall()
    finally:
        con.close()


def known_documents(settings: Settings) -> dict[str, tuple[str, str]]:
    """doc_id -> (content_hash, extractor_version) of every loaded document ({} without a warehouse)."""
    return {doc_id: (digest, version)
            for doc_id, digest, version in _document_columns(settings, "content_hash, extractor_version")}


def held_documents(settings: Settings) -> dict[str, tuple[str, str]]:
    """doc_id -> (source, content_hash) of every loaded document ({} without a warehouse).

    Read by the load step under the write lock, to keep a text from another source from replacing a
    document and the same text from loading twice (staging.drop_conflicting_documents).
    """
    return {doc_id: (source, digest) for doc_id, source, digest in _document_columns(settings, "source, content_hash")}


def run_statuses(con: duckdb.DuckDBPyConnection | None = None,
                 settings: Settings | None = None) -> dict[str, str]:
    """run_id -> status of every recorded run, on an open connection or read-only from `settings`."""
    if con is None:
        if settings is None or not exists(settings.warehouse):
            return {}
        con = connect(settings.warehouse, read_only=True, wait=settings.lock_timeout)
        try:
            return run_statuses(con)
        finally:
            con.close()
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "runs" not in tables:
        return {}
    return dict(con.execute("SELECT run_id, status FROM runs").fetchall())


def exists(warehouse: Path | str) -> bool:
    """Whether the warehouse is there: its file, or a lake whose catalog has been created."""
    return lake.exists(str(warehouse)) if lake.is_lake(warehouse) else Path(warehouse).exists()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def begin_run(con: duckdb.DuckDBPyConnection, run_id: str, trigger: str, input_spec: str,
              version: str) -> None:
    """Record the run as running, and mark runs a dead process left 'running' as abandoned.

    Called under the write lock, so no other run can be alive and 'running' at this moment. On a lake
    there is no lock and other loads may be running now, on other hosts: none is marked.
    """
    on_lake = lake.is_lake_connection(con)

    def record() -> None:
        if not on_lake:
            con.execute("UPDATE runs SET status = 'abandoned' WHERE status = 'running' AND run_id <> ?", [run_id])
        con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
        con.execute(
            "INSERT INTO runs (run_id, started_at, status, trigger, input_spec, pipeline_version) "
            "VALUES (?, ?, 'running', ?, ?, ?)",
            [run_id, _now(), trigger, input_spec, version])

    if on_lake:
        lake.retrying(record, con=con, what=f"start of run {run_id}")
        return
    con.execute("BEGIN")
    record()
    con.execute("COMMIT")


def load_staged(con: duckdb.DuckDBPyConnection, run_id: str, shard_dirs: list[Path],
                extra_rejections: list[dict], run_counts: dict, status: str) -> None:
    """Load validated shards and finish the run row, all in one transaction.

    `extra_rejections` are rows not in any shard (discovery, failed shards, duplicate ids), in the
    staging rejections schema. On a lake, a commit that conflicts with another load runs it all again.
    """
    def once() -> None:
        _load_staged_once(con, run_id, shard_dirs, extra_rejections, run_counts, status)

    if lake.is_lake_connection(con):
        lake.retrying(once, what=f"load of run {run_id}")
    else:
        once()


# Staged tables that sql/load reads once (to INSERT them): views over the shards' Parquet files, so
# that DuckDB streams them into the warehouse instead of first copying them whole into memory as temp
# tables (events, with each event's sentence, are most of a load). The documents and rejections, read
# by several statements, are temp tables.
_STAGED_VIEWS = frozenset({"mentions", "events", "event_actors", "event_places"})


def _load_staged_once(con: duckdb.DuckDBPyConnection, run_id: str, shard_dirs: list[Path],
                      extra_rejections: list[dict], run_counts: dict, status: str) -> None:
    import pyarrow as pa

    from pipeline.staging import SCHEMAS, TABLES

    now = _now()
    con.execute("BEGIN")
    try:
        for name in TABLES:
            files = [str(d / f"{name}.parquet") for d in shard_dirs]
            extra = ", ? AS run_id, ? AS loaded_at" if name == "documents" else ""
            if name == "rejections":
                extra = ", ? AS run_id, ? AS last_seen_at"
            params = [run_id, now] if extra else []
            if not files:
                empty = pa.Table.from_pylist([], schema=SCHEMAS[name])
                con.register(f"empty_{name}", empty)
                con.execute(f"CREATE OR REPLACE TEMP TABLE staged_{name} AS SELECT *{extra} FROM empty_{name}",
                            params)
            elif name in _STAGED_VIEWS:
                # A view takes no parameters: the file names are written in as SQL strings.
                listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                con.execute(f"CREATE OR REPLACE TEMP VIEW staged_{name} AS SELECT * FROM read_parquet([{listed}])")
            else:
                # placeholders bind in order: select list, then FROM
                con.execute(f"CREATE OR REPLACE TEMP TABLE staged_{name} AS SELECT *{extra} FROM read_parquet(?)",
                            params + [files])
        if extra_rejections:
            extra_table = pa.Table.from_pylist(extra_rejections, schema=SCHEMAS["rejections"])
            con.register("extra_rejections", extra_table)
            con.execute("INSERT INTO staged_rejections SELECT *, ?, ? FROM extra_rejections", [run_id, now])
        # The same rejection can be staged twice in one run (e.g. a shard retried); keep one.
        con.execute("CREATE OR REPLACE TEMP TABLE staged_rejections AS "
                    "SELECT DISTINCT ON (rejection_id) * FROM staged_rejections")
        for path in _sql_files("load"):
            _run_script(con, path)
        # Clusters in the same transaction: a run's events and their clusters land together or not at all.
        from pipeline.clusters.quality import validate_clusters
        from pipeline.clusters.store import update_clusters

        run_counts = {**run_counts, "clusters": dict(update_clusters(con, run_id))}
        run_counts["clusters"]["validation"] = validate_clusters(con)
        con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, n_inputs = ?, n_documents = ?, n_unchanged = ?,"
            " n_mentions = ?, n_events = ?, n_rejections = ?, n_rejected_inputs = ?, validation_summary = ?"
            " WHERE run_id = ?",
            [now, status, run_counts["n_inputs"], run_counts["n_documents"], run_counts["n_unchanged"],
             run_counts["n_mentions"], run_counts["n_events"], run_counts["n_rejections"],
             run_counts["n_rejected_inputs"],
             json.dumps({**run_counts.get("validation", {}), "clusters": run_counts["clusters"]}), run_id])
        con.execute("COMMIT")
    except BaseException:
        lake.rollback(con)  # a COMMIT that failed has ended the transaction already
        raise


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str) -> None:
    """Close a run that ends without a load (e.g. it failed before loading)."""
    def update() -> None:
        con.execute("UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", [_now(), status, run_id])

    if lake.is_lake_connection(con):
        lake.retrying(update, con=con, what=f"end of run {run_id}")
    else:
        update()


def query(path: Path, sql: str, params: list | dict | None = None,
          wait: float = 30.0) -> tuple[list[str], list[tuple]]:
    """Run one read-only query, sandboxed to the warehouse; returns column names and rows.

    `params` binds `?` placeholders (a list) or DuckDB named parameters `$name` (a dict). Anything that
    would read or write a file outside the warehouse raises QueryRefused.
    """
    reaching = lake.refuse_catalog_access(sql) if lake.is_lake(path) else None
    if reaching:
        raise QueryRefused(f"refused: queries on a DuckLake warehouse may not use {reaching!r} (it reaches the "
                           "catalog database or runs SQL built from text)")
    con = connect(path, read_only=True, wait=wait, sandbox=True)
    try:
        result = con.execute(sql, params if params is not None else [])
        columns = [d[0] for d in result.description] if result.description else []
        return columns, result.fetchall()
    except duckdb.PermissionException as exc:
        raise QueryRefused(
            "refused: queries are read-only and may not read or write files, attach databases or load "
            "extensions (use --output FILE to export a result); DuckDB said: "
            + str(exc).splitlines()[0]) from None
    finally:
        con.close()
