"""One settings object for the whole pipeline, with explicit defaults.

Values come from, in order: keyword arguments (command-line flags, DAG params), environment variables
(`DATEWIRE_*`), then the defaults below. Relative paths resolve against the project home.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

__all__ = ["Settings", "SettingsError", "project_home", "usable_cores"]


class SettingsError(ValueError):
    """A setting has a value the pipeline cannot use; the message names the setting and the value."""


def project_home() -> Path:
    """The folder that holds `data/`: $DATEWIRE_HOME, else the source checkout, else the working dir."""
    env = os.environ.get("DATEWIRE_HOME")
    if env:
        return Path(env).resolve()
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / "sql").is_dir():
        return checkout
    return Path.cwd()


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container or taskset can narrow)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1/true/yes or 0/false/no, got {raw!r}")


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise SettingsError(f"{name} must be a finite number, got {raw!r}")
    return value


# The smallest value each number may take, and where a user sets it.
_MINIMUM = {
    "max_input_bytes": (1, "DATEWIRE_MAX_INPUT_BYTES"),
    "batch_size": (1, "--batch-size or DATEWIRE_BATCH_SIZE"),
    "batch_bytes": (1, "DATEWIRE_BATCH_BYTES"),
    "lock_timeout": (0, "DATEWIRE_LOCK_TIMEOUT"),
    "document_budget": (0, "DATEWIRE_DOCUMENT_BUDGET"),
    "document_memory_mb": (0, "DATEWIRE_DOCUMENT_MEMORY_MB"),
    "workers": (1, "--workers or DATEWIRE_WORKERS"),
    "staging_grace_hours": (0, "DATEWIRE_STAGING_GRACE_HOURS"),
    "worker_max_batches": (0, "DATEWIRE_WORKER_MAX_BATCHES"),
}


def _warehouse(value: str | os.PathLike) -> Path | str:
    """A DuckDB file's path, or a DuckLake catalog's URL kept as text (`ducklake:postgres:...`)."""
    text = os.fspath(value)
    return text if text.startswith("ducklake:") else Path(text)


@dataclass(frozen=True)
class Settings:
    # A DuckDB file, or a DuckLake catalog (`ducklake:postgres:dbname=... host=...`, pipeline/lake.py).
    warehouse: Path | str = field(default_factory=lambda: _warehouse(
        os.environ.get("DATEWIRE_WAREHOUSE") or project_home() / "data" / "warehouse.duckdb"))
    # Where a DuckLake warehouse keeps its Parquet files (a folder every loader sees, or s3://...); read
    # when the lake is created, then recorded in its catalog. Unused for a DuckDB file.
    lake_data_path: str | None = field(default_factory=lambda: os.environ.get("DATEWIRE_LAKE_DATA_PATH") or None)
    staging_dir: Path = field(default_factory=lambda: Path(
        os.environ.get("DATEWIRE_STAGING") or project_home() / "data" / "staging"))
    quality_dir: Path = field(default_factory=lambda: Path(
        os.environ.get("DATEWIRE_QUALITY") or project_home() / "data" / "quality"))
    # Inputs larger than this are rejected unread (bytes; gzip inputs count their decompressed size).
    # For JSON lines the limit applies to each record: a file of many records may be any size.
    max_input_bytes: int = field(default_factory=lambda: _env_int("DATEWIRE_MAX_INPUT_BYTES", 10 * 1024 * 1024))
    # An extraction batch (one mapped Airflow task, one Parquet shard) holds at most this many input
    # files and this many bytes; a JSON-lines file larger than batch_bytes is cut into parts of that size.
    batch_size: int = field(default_factory=lambda: _env_int("DATEWIRE_BATCH_SIZE", 50))
    batch_bytes: int = field(default_factory=lambda: _env_int("DATEWIRE_BATCH_BYTES", 8 * 1024 * 1024))
    # Seconds a run waits for another run's write lock on the warehouse before giving up.
    lock_timeout: float = field(default_factory=lambda: float(_env_int("DATEWIRE_LOCK_TIMEOUT", 600)))
    # A document whose extraction uses more CPU seconds than this, or grows the process's memory by more
    # than this many MB, is stopped and rejected; the batch goes on (pipeline.budget). 0: no bound.
    # Extraction is linear in the text: 10 MB on one line, the largest input (max_input_bytes), took 44 s
    # of CPU and peaked at 685 MB (BENCHMARKS.md, "One long line"), well inside both defaults.
    document_budget: float = field(default_factory=lambda: _env_float("DATEWIRE_DOCUMENT_BUDGET", 120.0))
    document_memory_mb: int = field(default_factory=lambda: _env_int("DATEWIRE_DOCUMENT_MEMORY_MB", 2048))
    # Processes that extract and validate batches in parallel in `datewire run` (the parent alone
    # writes to DuckDB); 1 runs every batch in the calling process. Default: the usable cores.
    workers: int = field(default_factory=lambda: _env_int("DATEWIRE_WORKERS", usable_cores()))
    # A worker process is replaced by a fresh fork after this many batches (0: never), so that its
    # memory does not creep up over a long run: its peak is then that of its first batches, whatever
    # the size of the run.
    worker_max_batches: int = field(default_factory=lambda: _env_int("DATEWIRE_WORKER_MAX_BATCHES", 10))
    # The staging folder of a failed or abandoned Airflow run is kept this long after its last change,
    # so a retry of its load task finds it (pipeline.staging.survey); a dead `datewire run`'s goes at once.
    staging_grace_hours: float = field(default_factory=lambda: _env_float("DATEWIRE_STAGING_GRACE_HOURS", 24.0))
    # Anchor for documents without a date of their own (metadata or inferred); None: leave unanchored.
    reference_date: date | None = None
    # Re-extract documents even when their content hash says they were loaded before.
    reprocess: bool = False
    # A different text under a doc_id that another source (input file) holds is refused by default.
    # With this set it loads as a new version of that document, recorded in document_versions with
    # change 'source-changed' and both sources (an export that moved an updated article to a new file).
    accept_source_change: bool = field(default_factory=lambda: _env_bool("DATEWIRE_ACCEPT_SOURCE_CHANGE", False))

    def __post_init__(self) -> None:
        object.__setattr__(self, "warehouse", _warehouse(self.warehouse))  # --warehouse comes as a Path
        # Checked here, so a bad value fails at once with its name, not deep in a batch (batch_size 0
        # used to be accepted); replace() in with_() runs this again for command-line values.
        for name, (minimum, where) in _MINIMUM.items():
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < minimum:
                raise SettingsError(f"{name} must be at least {minimum}, got {value!r} ({where})")

    def with_(self, **changes) -> Settings:
        """A copy with some values changed; None values are ignored so CLI defaults fall through."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def is_lake(self) -> bool:
        """The warehouse is a DuckLake catalog: several writers at once, no write lock file."""
        return isinstance(self.warehouse, str)

    @property
    def lock_path(self) -> Path:
        if self.is_lake:  # nothing is locked (pipeline/lake.py); a path that names no warehouse file
            return self.staging_dir / ".lake.lock"
        return self.warehouse.with_name(self.warehouse.name + ".lock")
