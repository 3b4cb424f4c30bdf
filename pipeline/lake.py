"""The DuckLake warehouse: a catalog in PostgreSQL, table data as Parquet files under a data path.

Chosen by a warehouse setting that starts with `ducklake:` (DATEWIRE_WAREHOUSE or --warehouse):

    DATEWIRE_WAREHOUSE='ducklake:postgres:dbname=datewire host=db.internal port=5432 user=datewire'
    DATEWIRE_LAKE_DATA_PATH=/shared/lake/          # or s3://bucket/lake/ ; needed to create the lake
    DATEWIRE_LAKE_READER='ducklake:postgres:dbname=datewire host=db.internal user=datewire_reader'

After `ducklake:postgres:` comes a libpq key=value connection string (not a postgresql:// URI: the
setting passes through pathlib, which would fold its `//`). Passwords come from PGPASSWORD or a
~/.pgpass file, never from the setting. The data path is written into the catalog when the lake is
created; later connections read it from there, so DATEWIRE_LAKE_DATA_PATH only matters the first time
(DuckLake refuses a different one afterwards).

Unlike a DuckDB file, a lake takes several writers at once: no write lock is held; two loads that
touch the same rows conflict when the second commits, and `retrying` runs the whole transaction again
with backoff. The extensions are the PyPI wheels duckdb-extension-ducklake and -postgres-scanner,
loaded by path with autoinstall and autoload off, so nothing is ever fetched at run time.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

__all__ = [
    "PREFIX",
    "LakeError",
    "is_lake",
    "exists",
    "extension_path",
    "connect",
    "is_lake_connection",
    "adapt_ddl",
    "ensure_schema",
    "is_commit_conflict",
    "retrying",
    "rollback",
    "refuse_catalog_access",
    "RETRIES",
]

log = logging.getLogger(__name__)

PREFIX = "ducklake:"
ALIAS = "lake"  # the attached catalog's name; USE'd, so the SQL files name tables without it
# Settings of the process that opens the lake: extensions only from the files we load, never fetched.
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Attempts of one transaction on a commit conflict, and the first wait (doubled each time, jittered).
MAX_ATTEMPTS = int(os.environ.get("DATEWIRE_LAKE_RETRIES", "12"))
FIRST_WAIT = 0.2
# Commit conflicts retried by this process (the concurrency test and the logs read it).
RETRIES = {"count": 0}
_WARNED = {"reader": False}

T = TypeVar("T")


class LakeError(RuntimeError):
    """The lake cannot be opened as configured; the message says which setting to change."""


def is_lake(warehouse: object) -> bool:
    return str(warehouse).startswith(PREFIX)


def extension_path(name: str) -> Path:
    """The `name`.duckdb_extension file inside its PyPI wheel, for the running duckdb version."""
    package = f"duckdb_extension_{name}"
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise LakeError(f"the DuckDB extension {name} is not installed: the PyPI package "
                        f"{package.replace('_', '-')}=={duckdb.__version__} provides it (uv sync installs it)")
    path = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        found = sorted(p.parent.name for p in Path(spec.origin).parent.glob(f"extensions/*/{name}.duckdb_extension"))
        raise LakeError(f"the installed {package} has no build for duckdb {duckdb.__version__} "
                        f"(it has {', '.join(found) or 'none'}): install the same version as duckdb")
    return path


def _needs(url: str) -> list[str]:
    catalog = url[len(PREFIX):]
    return ["ducklake", "postgres_scanner"] if catalog.startswith("postgres:") else ["ducklake"]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(url: str, read_only: bool = False, data_path: str | None = None,
            sandbox: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as `lake` and in use.

    `sandbox` (read-only only) then turns external access off, except for the data path DuckLake reads
    its Parquet files from, and locks the configuration (as warehouse.SANDBOX_CONFIG does for a file).
    """
    if sandbox and read_only:
        reader = os.environ.get("DATEWIRE_LAKE_READER")
        if reader:
            url = reader
        elif not _WARNED["reader"]:
            _WARNED["reader"] = True
            log.warning("DATEWIRE_LAKE_READER is not set: read-only queries use the loaders' PostgreSQL role, "
                        "and only Datewire's checks keep them from writing the catalog (README, DuckLake)")
    con = duckdb.connect(":memory:", config=dict(_CONFIG))
    try:
        for name in _needs(url):
            con.execute(f"LOAD {_quote(str(extension_path(name)))}")
        options = ["READ_ONLY"] if read_only else []
        data_path = data_path if data_path is not None else os.environ.get("DATEWIRE_LAKE_DATA_PATH")
        if data_path and not read_only:
            options.append(f"DATA_PATH {_quote(data_path)}")
        try:
            con.execute(f"ATTACH {_quote(url)} AS {ALIAS}" + (f" ({', '.join(options)})" if options else ""))
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            if read_only and "does not exist" in str(exc).lower():
                raise FileNotFoundError(f"no DuckLake warehouse at {url}: run `datewire run PATH` first "
                                        f"({first})") from None
            raise LakeError(f"cannot attach the DuckLake warehouse {url}: {first}") from None
        con.execute(f"USE {ALIAS}")
        if sandbox and read_only:
            where = _data_path(con)
            if where:
                con.execute(f"SET allowed_directories = [{_quote(where)}]")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        return con
    except BaseException:
        con.close()
        raise


_CREATED: set[str] = set()


def exists(url: str) -> bool:
    """Whether the lake's catalog has been created (remembered once seen: a lake is not removed)."""
    if url not in _CREATED:
        try:
            connect(url, read_only=True).close()
        except FileNotFoundError:
            return False
        _CREATED.add(url)
    return True


def _data_path(con: duckdb.DuckDBPyConnection) -> str | None:
    """The data path the catalog records (where DuckLake reads and writes the Parquet files)."""
    rows = con.execute(f"SELECT value FROM __ducklake_metadata_{ALIAS}.ducklake_metadata "
                       "WHERE key = 'data_path'").fetchall()
    return rows[0][0] if rows else None


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's default database is a DuckLake catalog."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


# DuckLake has no key constraints, indexes or sequences (its docs, "Constraints" and "Unsupported
# features"; tried on 1.5.5: CREATE TABLE ... PRIMARY KEY is a NotImplementedException). The schema
# files keep their keys for the DuckDB file; here a column key becomes NOT NULL (what a key implies)
# and a table key line goes. Uniqueness is kept by the loads themselves: DELETE then INSERT by key.
_COLUMN_KEY = re.compile(r"\bPRIMARY\s+KEY\b(?!\s*\()", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*(?:--[^\n]*\n\s*)*PRIMARY\s+KEY\s*\([^)]*\)", re.IGNORECASE)
_UNSUPPORTED = re.compile(r"\b(UNIQUE|REFERENCES|CHECK\s*\(|CREATE\s+(UNIQUE\s+)?INDEX|CREATE\s+SEQUENCE)\b",
                          re.IGNORECASE)


def adapt_ddl(sql: str, name: str = "") -> str:
    """One schema file's DDL as DuckLake takes it (keys removed); anything else unsupported is an error."""
    sql = _TABLE_KEY.sub("", sql)
    sql = _COLUMN_KEY.sub("NOT NULL", sql)
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())  # comments may say anything
    found = _UNSUPPORTED.search(code)
    if found:
        raise LakeError(f"{name or 'a schema file'} uses {found.group(0)!r}, which DuckLake does not support: "
                        "keep the schema to tables, NOT NULL, views and macros")
    return sql


_MARKER = "datewire_schema"


def ensure_schema(con: duckdb.DuckDBPyConnection, files: list[Path]) -> bool:
    """Apply the schema files, adapted, in one transaction; skipped when this very schema is there.

    Every DDL statement is a catalog change in DuckLake, and a concurrent load that inserts into a table
    another transaction altered conflicts: so the DDL runs only when the files changed (their digest is
    kept in a one-row table). Returns whether it ran.
    """
    scripts = [(path.name, adapt_ddl(path.read_text(), path.name)) for path in files]
    digest = hashlib.sha256("\n".join(f"{n}\n{s}" for n, s in scripts).encode()).hexdigest()

    def current() -> bool:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ?",
                                            [ALIAS]).fetchall()}
        return _MARKER in tables and bool(
            con.execute(f"SELECT count(*) FROM {_MARKER} WHERE digest = ?", [digest]).fetchone()[0])

    if current():
        return False

    def apply() -> bool:
        if current():  # another process applied it while this one waited
            return False
        for _name, script in scripts:
            con.execute(script)
        con.execute(f"CREATE TABLE IF NOT EXISTS {_MARKER} (digest VARCHAR NOT NULL, applied_at TIMESTAMP)")
        con.execute(f"DELETE FROM {_MARKER}")
        con.execute(f"INSERT INTO {_MARKER} VALUES (?, now()::TIMESTAMP)", [digest])
        return True

    return retrying(apply, con=con, what="schema")


def is_commit_conflict(exc: BaseException) -> bool:
    """A DuckLake commit that lost a race to a concurrent transaction (the whole one may be run again)."""
    text = str(exc)
    return isinstance(exc, duckdb.Error) and ("Transaction conflict" in text
                                              or "Failed to commit DuckLake transaction" in text)


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK, where a transaction is still open (a failed COMMIT has already ended it)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass


def retrying(body: Callable[[], T], con: duckdb.DuckDBPyConnection | None = None, what: str = "load",
             attempts: int | None = None) -> T:
    """Run one transaction; on a commit conflict, run it again from the start, with backoff.

    With `con`, `body` is wrapped in BEGIN ... COMMIT here; without, `body` begins and commits its own
    (and rolls back on error). `body` must do all its reads inside the transaction, so that a new
    attempt sees what the winner committed.
    """
    attempts = MAX_ATTEMPTS if attempts is None else attempts
    wait = FIRST_WAIT
    for attempt in range(1, attempts + 1):
        try:
            if con is None:
                return body()
            con.execute("BEGIN")
            try:
                result = body()
                con.execute("COMMIT")
            except BaseException:
                rollback(con)
                raise
            return result
        except Exception as exc:
            if not is_commit_conflict(exc):
                raise
            last = str(exc).strip().splitlines()[-1].strip()
            if attempt == attempts:
                raise LakeError(f"the {what} lost {attempts} commit races in a row to other writers of the lake; "
                                f"raise DATEWIRE_LAKE_RETRIES or load less at once. Last conflict: {last}") from exc
            RETRIES["count"] += 1
            pause = wait * (1 + random.random())  # jitter, so two losers do not collide again in step
            log.warning("the %s conflicted at commit with another writer of the lake (%s); attempt %d of %d "
                        "in %.2f s", what, last, attempt + 1, attempts, pause)
            time.sleep(pause)
            wait = min(wait * 2, 5.0)
    raise AssertionError("unreachable")


# A read-only query on the lake still reaches PostgreSQL through the postgres extension's functions
# (postgres_execute('__ducklake_metadata_lake', 'COMMIT; ...') wrote to the catalog in a test), and
# query()/query_table() run SQL built from strings. These words are refused before the query runs;
# the real guard is DATEWIRE_LAKE_READER, a PostgreSQL role that may only SELECT (README).
_CATALOG_ACCESS = re.compile(r"postgres_|__ducklake_metadata|\bquery(_table)?\s*\(|json_execute_serialized_sql"
                             r"|ducklake_", re.IGNORECASE)


def refuse_catalog_access(sql: str) -> str | None:
    """The word that makes `sql` reach past the lake's tables, or None."""
    found = _CATALOG_ACCESS.search(sql)
    return found.group(0) if found else None
