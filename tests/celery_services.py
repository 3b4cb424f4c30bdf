"""The servers tests/test_celery.py runs Airflow on: a throwaway PostgreSQL and redis-server, each on a
free loopback port, each in a process group of its own, and the warehouse comparison of that module."""
from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from test_airflow_service import free_port

from pipeline.warehouse import query


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def pg_user() -> pwd.struct_passwd | None:
    """Whom PostgreSQL runs as when we are root (it refuses root): `postgres`, else `nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


def missing() -> str | None:
    """Why the Celery stack cannot run here, or None."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (apt-get install redis-server)"
    if pg_bin("initdb") is None or pg_bin("postgres") is None:
        return "PostgreSQL's initdb/postgres are not installed (apt-get install postgresql)"
    for module, package in (("airflow.providers.celery", "apache-airflow-providers-celery"),
                            ("psycopg2", "psycopg2-binary"), ("asyncpg", "asyncpg"),
                            ("redis", "celery[redis]")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (uv sync --frozen)"
    if os.geteuid() == 0 and pg_user() is None:
        return "running as root with neither a postgres nor a nobody user for PostgreSQL to run as"
    return None


class Daemon:
    """A server process in a process group of its own; stop() sends `stop_signal`, SIGKILL after a timeout;
    start() (again) runs the same command, so a stopped server comes back with its data and port."""

    def __init__(self, name: str, argv: list[str], log: Path, port: int, stop_signal: int = signal.SIGTERM, **popen):
        self.name, self.argv, self.log, self.port, self.stop_signal, self.popen = name, argv, log, port, stop_signal, popen
        self.proc: subprocess.Popen | None = None

    def start(self, deadline: float = 120) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True, **self.popen)
        end = time.monotonic() + deadline
        while not _accepts(self.port):
            assert self.proc.poll() is None, f"{self.name} exited: {self.log.read_text()[-2000:]}"
            assert time.monotonic() < end, f"{self.name} does not listen on {self.port}: {self.log.read_text()[-2000:]}"
            time.sleep(0.2)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, self.stop_signal)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(30)
        try:  # anything left in its group (postgres backends)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        end = time.monotonic() + timeout
        while _accepts(self.port) and time.monotonic() < end:
            time.sleep(0.2)


def _accepts(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_postgres(root: Path) -> tuple[Daemon, str]:
    """initdb and postgres in `root` (as an unprivileged user when we are root); returns the daemon and
    `user@127.0.0.1:port/airflow` for SQLAlchemy URLs. Stopped by SIGINT: PostgreSQL's fast shutdown."""
    user: dict = {}
    account = pg_user()
    if account is not None:  # initdb and postgres refuse root
        os.chown(root, account.pw_uid, account.pw_gid)
        user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    data, port = root / "data", free_port()
    subprocess.run([pg_bin("initdb"), "-D", str(data), "-U", "airflow", "--auth=trust", "-E", "UTF8",
                    "--no-sync", "--no-instructions"], check=True, capture_output=True, timeout=300, **user)
    daemon = Daemon("postgres", [pg_bin("postgres"), "-D", str(data), "-p", str(port), "-k", str(root),
                                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                                 "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                    root / "postgres.log", port, stop_signal=signal.SIGINT, **user)
    daemon.start()
    import psycopg2

    end = time.monotonic() + 120
    while True:
        try:
            con = psycopg2.connect(host="127.0.0.1", port=port, user="airflow", dbname="postgres")
            break
        except psycopg2.OperationalError:  # "the database system is starting up"
            if time.monotonic() > end:
                daemon.stop()
                raise
            time.sleep(0.5)
    con.autocommit = True
    con.cursor().execute("CREATE DATABASE airflow")
    con.close()
    return daemon, f"airflow@127.0.0.1:{port}/airflow"


def start_redis(root: Path) -> Daemon:
    """redis-server on loopback, nothing persisted: a restart comes back empty, as after a lost node."""
    port = free_port()
    daemon = Daemon("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(root), "--protected-mode", "yes"],
                    root / "redis.log", port)
    daemon.start()
    return daemon


def warehouse_content(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without run ids and load times (which differ between any two runs).
    `runs` is left out: a service's warehouse also holds scheduled runs over the empty inbox."""
    _, tables = query(path, "SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name <> 'runs'")
    content = {}
    for (table,) in tables:
        _, cols = query(path, "SELECT column_name, data_type FROM information_schema.columns "
                              "WHERE table_name = ? ORDER BY ordinal_position", params=[table])
        keep = [c for c, t in cols if not (c == "run_id" or c.endswith("_run_id") or t.startswith("TIMESTAMP"))]
        _, rows = query(path, f"SELECT {', '.join(chr(34) + c + chr(34) for c in keep)} FROM {table}")
        content[table] = sorted(rows, key=repr)
    return content


def rows_of_run(path: Path, run_id: str) -> dict[str, int]:
    """How many rows of each table carry this run id (tables with a run_id column)."""
    if not path.exists():
        return {}
    _, tables = query(path, "SELECT DISTINCT table_name FROM information_schema.columns "
                            "WHERE column_name = 'run_id' AND table_schema = 'main' AND table_name IN "
                            "(SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')")
    counts = {t: query(path, f'SELECT count(*) FROM "{t}" WHERE run_id = ?', params=[run_id])[1][0][0]
              for (t,) in tables}
    return {t: n for t, n in counts.items() if n}
