"""`make airflow`: Airflow for this checkout in the foreground until Ctrl-C, SIGTERM or SIGHUP.

The same four components as `make airflow-start` (scripts/airflow_service.py: api-server, scheduler,
dag-processor, triggerer, log servers not started), in a process group of their own. Any of the three
signals to this launcher stops them all: SIGTERM to the group, SIGKILL after --stop-timeout (20 s).
If the launcher itself is killed with SIGKILL, the kernel sends the components SIGTERM (PDEATHSIG).

    source scripts/env.sh && python scripts/airflow_standalone.py [--stop-timeout 20]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from airflow_service import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["run", *sys.argv[1:]]))
