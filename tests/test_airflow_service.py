"""scripts/airflow_service.py and scripts/airflow_standalone.py with a real Airflow: start, readiness, stop.

Each test starts the four components on a free port of its own, waits for readiness by polling (generous
deadlines, so a busy machine only makes it slower), stops them, and then looks for anything left: a
process whose environment names this test's AIRFLOW_HOME, or a socket on the port.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import airflow_service  # noqa: E402

pytestmark = pytest.mark.airflow

SCRIPTS = ROOT / "scripts"
READY_DEADLINE = 600  # seconds; readiness is polled, this only bounds a hang


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_test_env(home: Path, port: int, datewire_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__")}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__API__PORT": str(port),
        "DATEWIRE_HOME": str(datewire_home), "DATEWIRE_WAREHOUSE": str(datewire_home / "warehouse.duckdb"),
        "DATEWIRE_STAGING": str(datewire_home / "staging"), "DATEWIRE_QUALITY": str(datewire_home / "quality"),
    })
    (datewire_home / "data" / "inbox").mkdir(parents=True, exist_ok=True)
    return env


def ours(home: Path) -> list[psutil.Process]:
    """Every live process started for this AIRFLOW_HOME (components, workers, task processes)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.pid != os.getpid() and proc.environ().get("AIRFLOW_HOME") == str(home) \
                    and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def ss_listeners(port: int | None = None, pids: set[int] | None = None) -> list[str]:
    """Lines of `ss -ltnp` for a port, or for sockets owned by some pids."""
    out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=True).stdout.splitlines()
    lines = []
    for line in out:
        if port is not None and f":{port} " in line + " ":
            lines.append(line)
        elif pids and any(f"pid={pid}," in line for pid in pids):
            lines.append(line)
    return lines


def assert_nothing_left(home: Path, port: int, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while (left := ours(home)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left == [], [(p.pid, p.name()) for p in left]
    assert ss_listeners(port=port) == []
    assert airflow_service.port_free("127.0.0.1", port)


@pytest.fixture(scope="module")
def migrated_home(tmp_path_factory) -> Path:
    """One migrated metadata database, reused by each test's fresh start (they run one after another)."""
    home = tmp_path_factory.mktemp("airflow-service") / "home"
    env = service_test_env(home, free_port(), home.parent / "datewire")
    subprocess.run(["airflow", "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    return home


def test_start_status_stop_on_loopback(migrated_home):
    home, port = migrated_home, free_port()
    env = service_test_env(home, port, home.parent / "datewire")
    service_py = [sys.executable, str(SCRIPTS / "airflow_service.py")]
    try:
        started = subprocess.run([*service_py, "start", "--ready-timeout", str(READY_DEADLINE)], env=env,
                                 capture_output=True, text=True, timeout=READY_DEADLINE + 60)
        assert started.returncode == 0, started.stdout + started.stderr
        assert f"http://127.0.0.1:{port}" in started.stdout
        assert "Login:       admin / " in started.stdout and "logs/service/<component>.log" in started.stdout
        # Ready means healthy and news_events parsed; the command returned only then.
        assert airflow_service.probe(f"http://127.0.0.1:{port}", home) == "ready"

        state = airflow_service.read_state(home)
        assert set(state.pids) == {"api-server", "scheduler", "dag-processor", "triggerer"}
        members = airflow_service.group_processes(state)
        scheduler = psutil.Process(state.pids["scheduler"])
        assert scheduler.environ()["AIRFLOW__CORE__PARALLELISM"] == str(os.cpu_count())
        # The scheduler (whose forks run the tasks) has the heavy imports done once, at its start.
        assert str(SCRIPTS / "airflow_preload.py") in scheduler.cmdline()

        # Only the API listens, and only on loopback: no log server on 0.0.0.0/[::] (8793/8794 or any).
        sockets = airflow_service.listening(members)
        assert {(ip, p) for ip, p, _ in sockets} == {("127.0.0.1", port)}, sockets
        lines = ss_listeners(pids={p.pid for p in members})
        assert lines and all(f"127.0.0.1:{port}" in line for line in lines), lines

        status = subprocess.run([*service_py, "status"], env=env, capture_output=True, text=True, timeout=120)
        assert status.returncode == 0, status.stdout
        assert status.stdout.count(" running ") == 4 and f"http://127.0.0.1:{port}: ready" in status.stdout

        # A second start finds the first and starts nothing.
        again = subprocess.run([*service_py, "start"], env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and "already running" in again.stdout
        assert airflow_service.read_state(home).pids == state.pids
    finally:
        stopped = subprocess.run([*service_py, "stop"], env=env, capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert "stopped" in stopped.stdout
    assert_nothing_left(home, port, within=5)
    assert not airflow_service.state_path(home).exists()
    status = subprocess.run([*service_py, "status"], env=env, capture_output=True, text=True, timeout=120)
    assert status.returncode == 3 and "not running" in status.stdout


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_foreground_launcher_stops_everything_on(signum, migrated_home):
    home, port = migrated_home, free_port()
    env = service_test_env(home, port, home.parent / "datewire")
    log = home.parent / f"foreground-{signum.name}.log"
    with open(log, "w") as out:
        launcher = subprocess.Popen([sys.executable, str(SCRIPTS / "airflow_standalone.py")], env=env,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + READY_DEADLINE
        while "Ctrl-C (or SIGTERM/SIGHUP) stops Airflow" not in log.read_text():
            assert launcher.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(1)
        assert airflow_service.probe(f"http://127.0.0.1:{port}", home) == "ready"
        assert len(ours(home)) >= 4

        sent = time.monotonic()
        launcher.send_signal(signum)
        launcher.wait(60)
        assert_nothing_left(home, port, within=max(1.0, 30 - (time.monotonic() - sent)))
        elapsed = time.monotonic() - sent
        assert elapsed < 30, elapsed
        text = log.read_text()
        assert f"stopping Airflow on {signum.name}" in text and "Airflow: " in text
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
        for proc in ours(home):  # only if the test failed: never leave a server behind
            proc.kill()


def test_two_instances_side_by_side_each_listen_only_on_their_own_api_port(migrated_home, tmp_path):
    """Issue 9, item 10: Airflow 3.3's log servers bind 0.0.0.0 and [::] on 8793/8794 with no host setting
    (airflow/utils/serve_logs/core.py passes host=""), so a second Airflow on the machine failed to bind
    them. Neither instance starts them (--skip-serve-logs): both run at once, and `ss` shows each
    listening only on 127.0.0.1 at its own API port."""
    import shutil

    second_home = tmp_path / "second" / "home"
    shutil.copytree(migrated_home, second_home, ignore=shutil.ignore_patterns("logs", "datewire-service.json"))
    instances = []
    for home in (migrated_home, second_home):
        port = free_port()
        instances.append((home, port, service_test_env(home, port, home.parent / "datewire")))
    service_py = [sys.executable, str(SCRIPTS / "airflow_service.py")]
    try:
        for _home, _port, env in instances:
            started = subprocess.run([*service_py, "start"], env=env, capture_output=True, text=True,
                                     timeout=READY_DEADLINE + 60)
            assert started.returncode == 0, started.stdout + started.stderr
        for home, port, _env in instances:
            assert airflow_service.probe(f"http://127.0.0.1:{port}", home) == "ready"
            members = airflow_service.group_processes(airflow_service.read_state(home))
            lines = ss_listeners(pids={p.pid for p in members})
            # Nothing on 8793/8794 or any other port, nothing on 0.0.0.0 or [::].
            assert lines and all(f"127.0.0.1:{port} " in line + " " for line in lines), lines
    finally:
        for _home, _port, env in instances:
            subprocess.run([*service_py, "stop"], env=env, capture_output=True, text=True, timeout=120)
    for home, port, _env in instances:
        assert_nothing_left(home, port, within=30)
