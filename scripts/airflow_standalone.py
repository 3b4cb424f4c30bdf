"""Start `airflow standalone` for this checkout, and stop it cleanly on Ctrl-C.

Measured on Airflow 3.3 (see the notes in the README): started from a script it inherits SIGINT as
ignored and has no SIGTERM handler, so a plain kill orphans the scheduler. We start it in its own
session with SIGINT restored, forward Ctrl-C as SIGINT to the standalone process only (SIGINT to the
whole group can hang on LocalExecutor workers), and SIGKILL the group if it has not exited in time.

    source scripts/env.sh && python scripts/airflow_standalone.py [--stop-timeout 30]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _restore_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def start() -> subprocess.Popen:
    return subprocess.Popen(["airflow", "standalone"], start_new_session=True, preexec_fn=_restore_signals)


def stop(process: subprocess.Popen, timeout: float) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description="Run Airflow standalone for Datewire until Ctrl-C.")
    parser.add_argument("--stop-timeout", type=float, default=30.0)
    args = parser.parse_args()
    if "AIRFLOW_HOME" not in os.environ:
        print("source scripts/env.sh first (it sets AIRFLOW_HOME and friends)", file=sys.stderr)
        return 2
    process = start()
    passwords = Path(os.environ["AIRFLOW_HOME"]) / "simple_auth_manager_passwords.json.generated"
    host, port = os.environ.get("AIRFLOW__API__HOST", "127.0.0.1"), os.environ.get("AIRFLOW__API__PORT", "8080")
    try:
        for _ in range(120):
            if passwords.exists() or process.poll() is not None:
                break
            time.sleep(1)
        if passwords.exists():
            password = json.loads(passwords.read_text()).get("admin")
            print(f"\nAirflow UI: http://{host}:{port}  user: admin  password: {password}\n"
                  "Ctrl-C stops Airflow.\n", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        print("stopping Airflow ...", file=sys.stderr)
        return stop(process, args.stop_timeout)
    finally:
        if process.poll() is None:
            stop(process, args.stop_timeout)


if __name__ == "__main__":
    sys.exit(main())
