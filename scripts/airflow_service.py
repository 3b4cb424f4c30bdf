"""Airflow for this checkout as a local service: api-server, scheduler, dag-processor and triggerer.

    source scripts/env.sh
    python scripts/airflow_service.py start    # background; returns once the API is healthy and news_events parsed
    python scripts/airflow_service.py status   # what runs (exit 0 running, 3 not running)
    python scripts/airflow_service.py stop     # SIGTERM to the process group, SIGKILL after --stop-timeout
    python scripts/airflow_service.py run      # the same four in the foreground (`make airflow`)

Why not `airflow standalone` (measured on Airflow 3.3, see ../shared/notes/airflow-3.md): it has no
SIGTERM handler, so a plain kill orphans its children, and it cannot pass `--skip-serve-logs`. The log
servers of the scheduler and triggerer bind all interfaces (Airflow 3.3 passes host="" to uvicorn in
airflow/utils/serve_logs/core.py; there is no host setting), so we do not start them: with
LocalExecutor the API server reads finished task logs from the local files under $AIRFLOW_HOME/logs.

Each of the four runs in a new session and process group of its own (no controlling terminal, so a
closed terminal or Ctrl-C in it does not reach them; a process cannot join a group of another session),
with SIGINT, SIGTERM and SIGHUP restored to their defaults. Stopping sends SIGTERM to the four groups,
waits, then SIGKILLs the groups and any descendant that left them. The groups, pids and URL are recorded in
$AIRFLOW_HOME/datewire-service.json; each component logs to $AIRFLOW_HOME/logs/service/<name>.log.
`AIRFLOW__API__HOST` / `AIRFLOW__API__PORT` choose the address (default 127.0.0.1:8080).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

STATE_FILE = "datewire-service.json"
PASSWORD_FILE = "simple_auth_manager_passwords.json.generated"
READY_DAG = "news_events"
COMPONENTS: dict[str, list[str]] = {
    "api-server": ["api-server"],
    "scheduler": ["scheduler", "--skip-serve-logs"],
    "dag-processor": ["dag-processor"],
    "triggerer": ["triggerer", "--skip-serve-logs"],
}
# The scheduler starts through scripts/airflow_preload.py, which imports pyarrow, duckdb and GX once
# before LocalExecutor forks its workers, so that no task pays for them. DATEWIRE_AIRFLOW_PRELOAD=0: plain.
PRELOAD = Path(__file__).resolve().parent / "airflow_preload.py"


def command(name: str, env: dict[str, str]) -> list[str]:
    if name == "scheduler" and env.get("DATEWIRE_AIRFLOW_PRELOAD", "1") != "0":
        return [sys.executable, str(PRELOAD), *COMPONENTS[name]]
    return ["airflow", *COMPONENTS[name]]


# --- environment ---------------------------------------------------------------------------------

def service_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the components: loopback, one worker per core, the execution API on our port."""
    env = dict(os.environ if base is None else base)
    if "AIRFLOW_HOME" not in env:
        raise SystemExit("AIRFLOW_HOME is not set: `source scripts/env.sh` first (or use the make targets)")
    host = env.setdefault("AIRFLOW__API__HOST", "127.0.0.1")
    port = env.setdefault("AIRFLOW__API__PORT", "8080")
    # Task processes report to the execution API: it must follow the port, whatever env.sh computed.
    env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = f"http://{host}:{port}/execution/"
    env.setdefault("AIRFLOW__CORE__PARALLELISM", str(os.cpu_count() or 2))
    env.setdefault("AIRFLOW__API__WORKERS", "1")
    env.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    # The components start each other's helpers by the bare name `airflow`: the venv must be on PATH.
    bindir = str(Path(sys.executable).parent)
    if bindir not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def base_url(env: dict[str, str]) -> str:
    return f"http://{env['AIRFLOW__API__HOST']}:{env['AIRFLOW__API__PORT']}"


# --- state ---------------------------------------------------------------------------------------

@dataclass
class Service:
    pids: dict[str, int]  # each component leads its own session and process group (pgid == pid)
    created: dict[str, float]  # psutil create_time, so a recycled pid is never mistaken for ours
    url: str
    home: str
    logs: dict[str, str]
    started_at: float = field(default_factory=time.time)

    def alive(self) -> dict[str, bool]:
        out = {}
        for name, pid in self.pids.items():
            try:
                proc = psutil.Process(pid)
                out[name] = (abs(proc.create_time() - self.created[name]) < 1.0
                             and proc.status() != psutil.STATUS_ZOMBIE)
            except psutil.NoSuchProcess:
                out[name] = False
        return out


def state_path(home: str | Path) -> Path:
    return Path(home) / STATE_FILE


def read_state(home: str | Path) -> Service | None:
    path = state_path(home)
    try:
        return Service(**json.loads(path.read_text()))
    except (FileNotFoundError, json.JSONDecodeError, TypeError):
        return None


# --- processes -----------------------------------------------------------------------------------

def _child_setup(parent_death_signal: int | None):
    def setup() -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        if parent_death_signal is not None and sys.platform.startswith("linux"):
            # The foreground launcher killed with SIGKILL still takes its components with it.
            ctypes.CDLL(None, use_errno=True).prctl(1, parent_death_signal)  # PR_SET_PDEATHSIG
    return setup


def spawn(env: dict[str, str], parent_death_signal: int | None = None,
          extra: dict[str, tuple[list[str], dict[str, str]]] | None = None,
          ) -> tuple[Service, dict[str, subprocess.Popen]]:
    """Start the four components (and `extra`: name -> (command, env), e.g. Celery workers), each in a
    new session/process group; their output goes to log files."""
    home = Path(env["AIRFLOW_HOME"])
    log_dir = home / "logs" / "service"
    log_dir.mkdir(parents=True, exist_ok=True)
    procs: dict[str, subprocess.Popen] = {}
    todo = {name: (command(name, env), env) for name in COMPONENTS} | (extra or {})
    try:
        for name, (argv, penv) in todo.items():
            with open(log_dir / f"{name}.log", "ab") as log:
                procs[name] = subprocess.Popen(argv, env=penv, stdin=subprocess.DEVNULL, stdout=log,
                                               stderr=subprocess.STDOUT, start_new_session=True,
                                               preexec_fn=_child_setup(parent_death_signal))
    except BaseException:
        for popen in procs.values():  # never leave half a service behind
            _killpgs({popen.pid}, signal.SIGKILL)
            popen.wait()
        raise
    service = Service(pids={n: p.pid for n, p in procs.items()},
                      created={n: psutil.Process(p.pid).create_time() for n, p in procs.items()},
                      url=base_url(env), home=str(home), logs={n: str(log_dir / f"{n}.log") for n in procs})
    return service, procs


def group_processes(service: Service) -> list[psutil.Process]:
    """Every live process of ours: the groups' members and the components' descendants."""
    found: dict[int, psutil.Process] = {}
    groups = set(service.pids.values())
    for proc in psutil.process_iter():
        try:
            if os.getpgid(proc.pid) in groups:
                found[proc.pid] = proc
        except (ProcessLookupError, psutil.Error):
            continue
    for name, pid in service.pids.items():
        if not service.alive().get(name):
            continue
        try:
            root = psutil.Process(pid)
            for proc in [root, *root.children(recursive=True)]:
                found[proc.pid] = proc
        except psutil.Error:
            continue
    return [p for p in found.values() if _running(p)]


def _running(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def stop_group(service: Service, timeout: float = 20.0, reap: dict[str, subprocess.Popen] | None = None) -> str:
    """SIGTERM the process groups, wait up to `timeout`, then SIGKILL what is left. Returns how it went."""
    started = time.monotonic()
    members = group_processes(service)
    if not members:
        return "nothing was running"
    groups = set(service.pids.values())
    _killpgs(groups, signal.SIGTERM)
    for proc in members:  # descendants that moved to a group of their own
        try:
            if os.getpgid(proc.pid) not in groups:
                proc.terminate()
        except (ProcessLookupError, psutil.Error):
            pass

    def wait_for(deadline: float) -> list[psutil.Process]:
        while True:
            for popen in (reap or {}).values():
                popen.poll()
            left = [p for p in members if _running(p)]
            if not left or time.monotonic() >= deadline:
                return left
            time.sleep(0.2)

    left = wait_for(started + timeout)
    how = f"stopped by SIGTERM in {time.monotonic() - started:.1f} s"
    if left:
        _killpgs(groups, signal.SIGKILL)
        for proc in left:
            try:
                proc.kill()
            except psutil.Error:
                pass
        left = wait_for(time.monotonic() + 10)
        how = (f"{len(members) - len(left)} processes stopped in {time.monotonic() - started:.1f} s "
               f"(SIGKILL after {timeout:.0f} s for {', '.join(sorted({p.name() for p in left} or {'the rest'}))})")
        if left:
            how += f"; STILL RUNNING: {[p.pid for p in left]}"
    return how


def _killpgs(groups: set[int], sig: int) -> None:
    for pgid in groups:
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass


# --- readiness -----------------------------------------------------------------------------------

def _get_json(method: str, url: str, body: dict | None = None, token: str | None = None,
              timeout: float = 30.0) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def admin_password(home: str | Path) -> str | None:
    try:
        return json.loads((Path(home) / PASSWORD_FILE).read_text()).get("admin")
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def probe(url: str, home: str | Path, dag_id: str = READY_DAG) -> str:
    """One readiness check: 'ready', or what is still missing."""
    try:
        status, health = _get_json("GET", f"{url}/api/v2/monitor/health", timeout=15)
        if status != 200:
            return f"health endpoint answered {status}"
        unhealthy = [k for k, v in health.items() if isinstance(v, dict) and v.get("status") != "healthy"]
        if unhealthy:
            return f"not healthy yet: {', '.join(unhealthy)}"
        password = admin_password(home)
        if password is None:
            return "no admin password file yet"
        status, body = _get_json("POST", f"{url}/auth/token", {"username": "admin", "password": password}, timeout=15)
        if status != 201:
            return f"login answered {status}"
        status, _ = _get_json("GET", f"{url}/api/v2/dags/{dag_id}", token=body["access_token"], timeout=15)
        return "ready" if status == 200 else f"{dag_id} not parsed yet ({status})"
    except (urllib.error.URLError, OSError, json.JSONDecodeError) as exc:
        return f"API not answering ({exc.__class__.__name__})"


def listening(processes: list[psutil.Process]) -> list[tuple[str, int, int]]:
    """(address, port, pid) of every TCP socket these processes listen on."""
    found = []
    for proc in processes:
        try:
            for conn in proc.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    found.append((conn.laddr.ip, conn.laddr.port, proc.pid))
        except psutil.Error:
            continue
    return found


def port_free(host: str, port: int) -> bool:
    """Whether a server could bind host:port now (with SO_REUSEADDR, as uvicorn does: TIME_WAIT is no owner)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def wait_ready(service: Service, deadline: float, dag_id: str = READY_DAG, stop: threading.Event | None = None) -> str:
    """Poll until ready; returns 'ready' or why not (a component exited, the deadline passed, stopped)."""
    last = "not probed"
    port = int(service.url.rsplit(":", 1)[1])
    while time.monotonic() < deadline:
        if stop is not None and stop.is_set():
            return "stopped before ready"
        dead = [n for n, ok in service.alive().items() if not ok]
        if dead:
            return f"{', '.join(dead)} exited (see {', '.join(service.logs[n] for n in dead)})"
        # An api-server that failed to bind its port keeps running (measured): the listener must be ours.
        if any(p == port for _, p, _ in listening(group_processes(service))):
            last = probe(service.url, service.home, dag_id)
            if last == "ready":
                return last
        else:
            last = f"our api-server does not listen on port {port} yet"
        time.sleep(1)
    return f"not ready in time: {last}"


def banner(service: Service) -> str:
    home = Path(service.home)
    password = admin_password(home)
    return "\n".join([
        f"Airflow UI:  {service.url}",
        f"Login:       admin / {password}   (from {home / PASSWORD_FILE})",
        f"Logs:        {Path(next(iter(service.logs.values()))).parent}/<component>.log "
        f"({', '.join(service.logs)}); task logs under {home / 'logs'}",
    ])


def _ensure_database(env: dict[str, str]) -> None:
    """A fresh AIRFLOW_HOME (SQLite) gets its metadata database first: `airflow db migrate`, about 3 s."""
    if "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN" not in env and not (Path(env["AIRFLOW_HOME"]) / "airflow.db").exists():
        subprocess.run(["airflow", "db", "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)


# --- commands ------------------------------------------------------------------------------------

def _wait_all(service: Service, env: dict[str, str], deadline: float, workers: list[str],
              stop: threading.Event | None = None) -> str:
    """Ready: the API healthy with news_events parsed, and every Celery worker answering a ping."""
    outcome = wait_ready(service, deadline, stop=stop)
    if outcome == "ready" and workers:
        from airflow_celery import wait_workers

        outcome = wait_workers(env, workers, deadline, alive=service.alive)
    return outcome


def start(env: dict[str, str], ready_timeout: float, stop_timeout: float,
          extra: dict[str, tuple[list[str], dict[str, str]]] | None = None) -> int:
    home = env["AIRFLOW_HOME"]
    previous = read_state(home)
    if previous is not None and any(previous.alive().values()):
        print(f"Airflow is already running for {home} (process groups {sorted(previous.pids.values())}).\n{banner(previous)}")
        return 0
    if not port_free(env["AIRFLOW__API__HOST"], int(env["AIRFLOW__API__PORT"])):
        print(f"port {env['AIRFLOW__API__PORT']} on {env['AIRFLOW__API__HOST']} is in use: "
              "choose another with AIRFLOW__API__PORT=...", file=sys.stderr)
        return 1
    _ensure_database(env)
    service, _ = spawn(env, extra=extra)
    state_path(home).write_text(json.dumps(asdict(service), indent=1))
    print(f"starting Airflow (process groups {sorted(service.pids.values())}) at {service.url} ...", flush=True)
    outcome = _wait_all(service, env, time.monotonic() + ready_timeout, list(extra or {}))
    if outcome != "ready":
        print(f"Airflow did not become ready: {outcome}", file=sys.stderr)
        for name, path in service.logs.items():
            tail = Path(path).read_text(errors="replace")[-1500:]
            print(f"--- {name} ({path}) ---\n{tail}", file=sys.stderr)
        print(stop_group(service, stop_timeout), file=sys.stderr)
        state_path(home).unlink(missing_ok=True)
        return 1
    print(f"Airflow is ready ({time.time() - service.started_at:.0f} s).\n{banner(service)}\n"
          "Stop it with `make airflow-stop`.")
    return 0


def stop(env: dict[str, str], stop_timeout: float) -> int:
    home = env["AIRFLOW_HOME"]
    service = read_state(home)
    if service is None:
        print(f"Airflow is not running for {home} (no {STATE_FILE}).")
        return 0
    how = stop_group(service, stop_timeout)
    left = group_processes(service)
    state_path(home).unlink(missing_ok=True)
    print(f"Airflow ({service.url}, process groups {sorted(service.pids.values())}): {how}.")
    return 1 if left else 0


def status(env: dict[str, str]) -> int:
    home = env["AIRFLOW_HOME"]
    service = read_state(home)
    if service is None:
        print(f"Airflow is not running for {home}.")
        return 3
    alive = service.alive()
    members = group_processes(service)
    print(f"Airflow for {home}: {len(members)} processes, "
          f"up {time.time() - service.started_at:.0f} s")
    for name, ok in alive.items():
        print(f"  {name:<14} pid {service.pids[name]:<8} {'running' if ok else 'NOT RUNNING'}  log {service.logs[name]}")
    print(f"  API {service.url}: {probe(service.url, home) if any(alive.values()) else 'down'}")
    if not any(alive.values()):
        print(f"nothing runs; the state file is stale: `make airflow-stop` removes it ({state_path(home)})")
        return 3
    return 0 if all(alive.values()) else 1


def run_foreground(env: dict[str, str], ready_timeout: float, stop_timeout: float,
                   extra: dict[str, tuple[list[str], dict[str, str]]] | None = None) -> int:
    """Run until SIGINT, SIGTERM or SIGHUP (or a component exits), then stop every process we started."""
    stop_requested = threading.Event()
    received: list[int] = []

    def on_signal(signum, _frame):
        received.append(signum)
        stop_requested.set()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    if not port_free(env["AIRFLOW__API__HOST"], int(env["AIRFLOW__API__PORT"])):
        print(f"port {env['AIRFLOW__API__PORT']} on {env['AIRFLOW__API__HOST']} is in use: "
              "choose another with AIRFLOW__API__PORT=...", file=sys.stderr)
        return 1
    _ensure_database(env)
    service, procs = spawn(env, parent_death_signal=signal.SIGTERM, extra=extra)
    state_path(env["AIRFLOW_HOME"]).write_text(json.dumps(asdict(service), indent=1))
    code = 0
    try:
        print(f"starting Airflow (process groups {sorted(service.pids.values())}) at {service.url} ...", flush=True)
        outcome = _wait_all(service, env, time.monotonic() + ready_timeout, list(extra or {}), stop=stop_requested)
        if outcome == "ready":
            print(f"\n{banner(service)}\nCtrl-C (or SIGTERM/SIGHUP) stops Airflow.\n", flush=True)
        elif not stop_requested.is_set():
            print(f"Airflow did not become ready: {outcome}", file=sys.stderr)
            code = 1
            stop_requested.set()
        while not stop_requested.wait(1):
            dead = [n for n, p in procs.items() if p.poll() is not None]
            if dead:
                print(f"{', '.join(dead)} exited: stopping the rest (logs: {Path(service.logs[dead[0]]).parent})",
                      file=sys.stderr)
                code = 1
                break
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop short
        why = f"on {signal.Signals(received[0]).name}" if received else "on exit"
        print(f"stopping Airflow {why} ...", file=sys.stderr, flush=True)
        how = stop_group(service, stop_timeout, reap=procs)
        for popen in procs.values():
            popen.poll()
        state_path(env["AIRFLOW_HOME"]).unlink(missing_ok=True)
        print(f"Airflow: {how}.", file=sys.stderr, flush=True)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Airflow for this checkout: start, stop, status, run.")
    parser.add_argument("command", choices=["start", "stop", "status", "run"])
    parser.add_argument("--ready-timeout", type=float, default=300.0,
                        help="seconds to wait for the API to be healthy and news_events parsed")
    parser.add_argument("--stop-timeout", type=float, default=20.0,
                        help="seconds between SIGTERM and SIGKILL of the process group")
    parser.add_argument("--celery-workers", type=int, default=0, metavar="N",
                        help="also start N Celery workers (CeleryExecutor; see scripts/airflow_celery.py)")
    parser.add_argument("--celery-concurrency", type=int, default=1, metavar="C",
                        help="task processes per Celery worker")
    args = parser.parse_args(argv)
    env = service_env()
    extra = None
    if args.celery_workers > 0 and args.command in ("start", "run"):
        from airflow_celery import celery_env, worker_components

        env = celery_env(env, args.celery_workers * args.celery_concurrency)
        extra = worker_components(env, args.celery_workers, args.celery_concurrency)
    if args.command == "start":
        return start(env, args.ready_timeout, args.stop_timeout, extra)
    if args.command == "stop":
        return stop(env, args.stop_timeout)
    if args.command == "status":
        return status(env)
    return run_foreground(env, args.ready_timeout, args.stop_timeout, extra)


if __name__ == "__main__":
    sys.exit(main())
