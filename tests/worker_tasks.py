"""Tasks for pipeline.workers.run_in_workers in tests: importable by name, as a worker process needs."""
from __future__ import annotations

import os
from pathlib import Path

from pipeline.workers import BatchOutcome


def which_process(settings, run_id: str, index: int) -> BatchOutcome:
    """Says which process ran the batch."""
    return BatchOutcome(index=index, pid=os.getpid())


def dies_on_first_try(settings, run_id: str, index: int) -> BatchOutcome:
    """Batch 3's worker dies the first time (as under the OOM killer); every other batch succeeds."""
    marker = Path(settings.staging_dir) / f"tried-{index}"
    if index == 3 and not marker.exists():
        marker.touch()
        os._exit(137)
    return BatchOutcome(index=index, pid=os.getpid())


def always_dies(settings, run_id: str, index: int) -> BatchOutcome:
    if index == 1:
        os._exit(137)
    return BatchOutcome(index=index, pid=os.getpid())
