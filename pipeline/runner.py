"""A run, step by step: plan → extract (per batch) → validate (per shard) → load → summary.

The Airflow DAG calls these steps as tasks (extract and validate mapped over batches); `datewire run`
calls them in a loop. Steps talk through the run's staging folder (pipeline.staging), never through
memory, so each can run in its own process, be retried, or be killed without harm.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import staging, warehouse
from pipeline.models import rejection_row
from pipeline.settings import Settings

__all__ = ["RunPlan", "RunSummary", "StagingGone", "plan_run", "extract_step", "validate_step", "load_step", "run_pipeline",
           "recorded_summary", "new_run_id", "PIPELINE_VERSION"]

log = logging.getLogger(__name__)

PIPELINE_VERSION = "0.1.0"
STAGING_KEEP_DAYS = 7


def new_run_id(trigger: str = "cli") -> str:
    return f"{trigger}__{datetime.now(UTC).strftime('%Y-%m-%dT%H%M%S.%fZ')}"


@dataclass
class RunPlan:
    run_id: str
    input_spec: list[str]
    batches: list[list[dict]]          # each: [InputFile as a dict, ...]
    discover_rejections: list[dict]
    reference_date: str | None
    reprocess: bool
    # Taken at plan time, so every task of an orchestrated run agrees (plans written before: False).
    accept_source_change: bool = False

    @property
    def n_batches(self) -> int:
        return len(self.batches)


def _plan_path(settings: Settings, run_id: str) -> Path:
    return staging.run_dir(settings.staging_dir, run_id) / "plan.json"


def _prune_old_staging(settings: Settings, keep: str) -> None:
    """Remove staging folders that failed runs left behind more than STAGING_KEEP_DAYS ago."""
    root = Path(settings.staging_dir)
    if not root.is_dir():
        return
    cutoff = time.time() - STAGING_KEEP_DAYS * 86400
    for folder in root.iterdir():
        if folder.is_dir() and folder.name != keep and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def plan_run(settings: Settings, inputs: Sequence[str], run_id: str) -> RunPlan:
    """Discover the inputs, snapshot what the warehouse holds, and split the work into batches."""
    from pipeline.inputs import discover  # noqa: PLC0415

    folder = staging.run_dir(settings.staging_dir, run_id)
    _prune_old_staging(settings, keep=folder.name)
    if folder.exists():  # a retried plan starts from a clean slate
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    files, rejections = discover(list(inputs))
    known = warehouse.known_documents(settings)
    pq.write_table(pa.table({
        "doc_id": list(known),
        "content_hash": [v[0] for v in known.values()],
        "extractor_version": [v[1] for v in known.values()],
    }, schema=pa.schema([("doc_id", pa.string()), ("content_hash", pa.string()),
                         ("extractor_version", pa.string())])), folder / "known_documents.parquet")

    batches = [[asdict(part) for part in batch] for batch in _batches(files, settings, folder / "inputs")]
    plan = RunPlan(
        run_id=run_id, input_spec=list(inputs), batches=batches,
        discover_rejections=[r.to_row() for r in rejections],
        reference_date=settings.reference_date.isoformat() if settings.reference_date else None,
        reprocess=settings.reprocess, accept_source_change=settings.accept_source_change)
    _plan_path(settings, run_id).write_text(json.dumps(asdict(plan), indent=1))
    log.info("run %s: %d input files in %d batches, %d discovery rejections",
             run_id, len(files), len(batches), len(rejections))
    return plan


def _batches(files, settings: Settings, parts_dir: Path) -> list[list]:
    """Group inputs into batches of at most batch_size files and about batch_bytes bytes each.

    A large JSON-lines file is first cut into parts (pipeline.inputs.split_jsonl; a gzip one is
    decompressed into parts under `parts_dir` by split_gzip_jsonl), so a single export of many articles
    still spreads over many batches, and over many workers under Airflow.
    """
    from pipeline.inputs import split_gzip_jsonl, split_jsonl  # noqa: PLC0415

    part_size = max(1, settings.batch_bytes)
    batches: list[list] = []
    current: list = []
    current_bytes = 0
    for input_file in files:
        for part in (p for whole in split_gzip_jsonl(input_file, part_size, parts_dir)
                     for p in split_jsonl(whole, part_size)):
            part_bytes = (part.end - part.start) if part.end is not None else part.size
            if current and (len(current) >= max(1, settings.batch_size)
                            or current_bytes + part_bytes > settings.batch_bytes):
                batches.append(current)
                current, current_bytes = [], 0
            current.append(part)
            current_bytes += part_bytes
    if current:
        batches.append(current)
    return batches


class StagingGone(FileNotFoundError):
    """A step of a run found no staging (plan) for it: removed as a dead run's, or another staging dir.

    Retrying the step cannot help; an orchestrator should fail the task at once (dags/news_events.py).
    """


def load_plan(settings: Settings, run_id: str) -> RunPlan:
    path = _plan_path(settings, run_id)
    if not path.exists():
        try:
            status = warehouse.run_statuses(settings=settings).get(run_id)
        except Exception:  # the message below is what matters; a busy warehouse must not hide it
            status = None
        if status in ("abandoned", "failed"):
            raise StagingGone(
                f"the staging of run {run_id} ({path.parent}) is gone: the run is recorded as {status}, and "
                f"its staging was removed (by `datewire clean`, or by a later run once it had been unchanged "
                f"for DATEWIRE_STAGING_GRACE_HOURS={settings.staging_grace_hours:g}); nothing of this run can "
                f"load. Start a new run over the same inputs (in Airflow: trigger news_events again, or clear "
                f"the whole run from its plan task)")
        raise StagingGone(f"run {run_id} has no plan at {path}: was it planned with this staging folder "
                          f"(DATEWIRE_STAGING={settings.staging_dir}), or was the folder removed?")
    return RunPlan(**json.loads(path.read_text()))


def _settings_for(settings: Settings, plan: RunPlan) -> Settings:
    return settings.with_(
        reference_date=date.fromisoformat(plan.reference_date) if plan.reference_date else None,
        reprocess=plan.reprocess)


def _shard_name(index: int) -> str:
    return f"shard-{index:05d}"


def extract_step(settings: Settings, run_id: str, batch_index: int) -> dict:
    """Read and extract one batch; writes extracted/shard-NNNNN. Returns the shard's summary."""
    from pipeline.extract import extract_batch  # noqa: PLC0415
    from pipeline.inputs import InputFile  # noqa: PLC0415

    plan = load_plan(settings, run_id)
    settings = _settings_for(settings, plan)
    folder = staging.run_dir(settings.staging_dir, run_id)
    known_table = pq.read_table(folder / "known_documents.parquet").to_pylist()
    known = {r["doc_id"]: (r["content_hash"], r["extractor_version"]) for r in known_table}
    files = [InputFile(**f) for f in plan.batches[batch_index]]
    shard = extract_batch(files, settings, known, batch_index)
    staging.write_shard(folder / "extracted" / _shard_name(batch_index), shard)
    summary = {k: v for k, v in shard.summary.items() if k != "unchanged_doc_ids"}
    log.info("batch %d/%d extracted: %s", batch_index + 1, plan.n_batches, summary)
    return summary


def validate_step(settings: Settings, run_id: str, batch_index: int) -> dict:
    """Run the GX gate over one extracted shard; writes validated/shard-NNNNN or a .failed.json marker.

    Raises pipeline.quality.TableLevelFailure after writing the marker, so an orchestrator shows the
    batch as failed while the load step still accounts for its inputs.
    """
    from pipeline.quality import TableLevelFailure, validate_shard  # noqa: PLC0415

    folder = staging.run_dir(settings.staging_dir, run_id)
    name = _shard_name(batch_index)
    shard = staging.read_shard(folder / "extracted" / name)
    failed_marker = folder / "validated" / f"{name}.failed.json"
    failed_marker.unlink(missing_ok=True)
    try:
        validated, summary = validate_shard(shard)
    except TableLevelFailure as exc:
        failed_marker.parent.mkdir(parents=True, exist_ok=True)
        failed_marker.write_text(json.dumps({"reason": str(exc), "summary": shard.summary}))
        log.error("batch %d failed validation: %s", batch_index + 1, exc)
        raise
    validated.summary["validation"] = summary
    staging.write_shard(folder / "validated" / name, validated)
    return {k: v for k, v in validated.summary.items() if k != "unchanged_doc_ids"}


@dataclass
class RunSummary:
    run_id: str
    status: str
    n_inputs: int
    n_documents: int
    n_unchanged: int
    n_rejected_inputs: int
    n_mentions: int
    n_events: int
    n_rejections: int
    failed_batches: list[str]
    # False for a run that never finished its load (running, abandoned, failed): its counts are unknown.
    counts_recorded: bool = True

    @property
    def balanced(self) -> bool:
        if not self.counts_recorded:
            return True  # nothing was counted, so nothing can fail to add up
        return self.n_inputs == self.n_documents + self.n_unchanged + self.n_rejected_inputs


def shard_damage(shard_dir: Path) -> str | None:
    """Why a staged shard cannot be loaded (a file missing, cut short or not Parquet of our schema), or None.

    Every table is read in full: a damaged data page would otherwise only show in the middle of the
    load and fail the whole run instead of its own batch.
    """
    try:
        json.loads((shard_dir / "summary.json").read_text())
        for name in staging.TABLES:
            pq.read_table(shard_dir / f"{name}.parquet", schema=staging.SCHEMAS[name])
    except Exception as exc:  # noqa: BLE001 - whatever the damage, the answer is "not loadable"
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        return f"{type(exc).__name__}: {first[:300]}"
    finally:
        # The tables are gone, but Arrow's pool keeps their memory: 90 MB for a 1 MB document's shard,
        # resident under the whole load that follows.
        pa.default_memory_pool().release_unused()
    return None


def _failed_batch_rejections(folder: Path, plan: RunPlan,
                             damaged: dict[str, str] | None = None) -> tuple[list[dict], list[str], dict]:
    """Rejections for every input of a batch that never produced a (loadable) validated shard.

    `damaged` maps the names of validated shards that cannot be read to what is wrong with them.
    """
    damaged = damaged or {}
    rows, failed, counts = [], [], {"n_inputs": 0, "n_rejected_inputs": 0}
    for index, batch in enumerate(plan.batches):
        name = _shard_name(index)
        if (folder / "validated" / name).is_dir() and name not in damaged:
            continue
        marker = folder / "validated" / f"{name}.failed.json"
        extracted = folder / "extracted" / name
        if extracted.is_dir() and shard_damage(extracted) is not None:
            extracted = folder / "extracted" / f"{name}.damaged"  # not there: account from the plan
        if name in damaged:
            reason = (f"batch {index + 1}: its validated staging shard is damaged and was not loaded "
                      f"({damaged[name]})")
        elif marker.exists():
            reason = f"batch {index + 1} failed a table-level expectation: {json.loads(marker.read_text())['reason']}"
        elif extracted.is_dir():
            reason = f"batch {index + 1} was extracted but never validated (its validation task failed)"
        else:
            reason = f"batch {index + 1} was never extracted (its extraction task failed)"
        failed.append(reason)
        if extracted.is_dir():
            # Account per document: everything the batch read is rejected with the batch's reason.
            shard = staging.read_shard(extracted)
            counts["n_inputs"] += shard.summary.get("n_inputs", 0)
            counts["n_rejected_inputs"] += shard.summary.get("n_inputs", 0)
            rows.extend(shard.tables["rejections"].to_pylist())
            for doc in shard.tables["documents"].to_pylist():
                rows.append(rejection_row(doc["source"], doc["locator"], "validate", reason, None, doc["doc_id"]))
            unchanged = shard.summary.get("unchanged_doc_ids", [])
            counts["n_rejected_inputs"] -= len(unchanged)
            counts.setdefault("n_unchanged", 0)
            counts["n_unchanged"] += len(unchanged)
        else:
            for f in batch:
                counts["n_inputs"] += 1
                counts["n_rejected_inputs"] += 1
                if f.get("end") is not None:
                    locator = f"bytes {f['start']}-{f['end']}"
                elif f.get("source"):
                    locator = f"part from line {f['first_line']}"  # a decompressed part of a gzip file
                else:
                    locator = ""
                rows.append(rejection_row(f.get("source") or f["path"], locator, "extract", reason, None, None))
    return rows, failed, counts


def recorded_summary(settings: Settings, run_id: str, finished_only: bool = True) -> RunSummary | None:
    """The summary of a run as the warehouse records it (only a finished one, by default)."""
    if not warehouse.exists(settings.warehouse):
        return None
    finished = "AND status IN ('success', 'partial')" if finished_only else ""
    columns, rows = warehouse.query(
        settings.warehouse, "SELECT run_id, status, n_inputs, n_documents, n_unchanged, n_rejected_inputs, "
        "n_mentions, n_events, n_rejections, validation_summary FROM runs "
        f"WHERE run_id = ? {finished}", params=[run_id], wait=settings.lock_timeout)
    if not rows:
        return None
    record = dict(zip(columns, rows[0]))
    validation = json.loads(record.pop("validation_summary") or "{}")
    # A run that did not finish its load (still running, killed and then marked abandoned, or failed)
    # has NULL counts: they are only written by the load transaction.
    recorded = record["n_inputs"] is not None
    for key, value in record.items():
        if key.startswith("n_") and value is None:
            record[key] = 0
    return RunSummary(**record, failed_batches=validation.get("failed_batches", []), counts_recorded=recorded)


def load_step(settings: Settings, run_id: str, trigger: str = "cli") -> RunSummary:
    """Load every validated shard in one transaction, as the only writer; account for every input.

    A retry after the load committed (say the process was killed while clearing staging) finds the
    run recorded as finished and returns its summary instead of loading anything twice.
    """
    if not _plan_path(settings, run_id).exists():
        recorded = recorded_summary(settings, run_id)
        if recorded is not None:
            return recorded
    plan = load_plan(settings, run_id)
    folder = staging.run_dir(settings.staging_dir, run_id)
    shard_dirs = staging.list_shards(folder / "validated")
    # A shard that cannot be read costs its batch (its inputs rejected with the reason), not the run.
    damaged = {d.name: why for d in shard_dirs if (why := shard_damage(d)) is not None}
    for name, why in damaged.items():
        log.error("run %s: the staging shard validated/%s is damaged, its batch is not loaded: %s", run_id, name, why)
    shard_dirs = [d for d in shard_dirs if d.name not in damaged]
    failed_rows, failed, failed_counts = _failed_batch_rejections(folder, plan, damaged)

    with warehouse.write_lock(settings, holder=f"run {run_id}"):
        # Duplicate ids, ids held by another source, texts loaded before under another id: never loaded.
        duplicate_rows = staging.drop_conflicting_documents(
            shard_dirs, warehouse.held_documents(settings),
            accept_source_change=plan.accept_source_change or settings.accept_source_change)
        counts = {"n_inputs": len(plan.discover_rejections), "n_documents": 0, "n_unchanged": 0,
                  "n_rejected_inputs": len(plan.discover_rejections), "n_mentions": 0, "n_events": 0,
                  "n_rejections": 0}
        validation: dict = {}
        for shard_dir in shard_dirs:
            summary = json.loads((shard_dir / "summary.json").read_text())
            for key in ("n_inputs", "n_documents", "n_unchanged", "n_rejected_inputs", "n_mentions", "n_events"):
                counts[key] += summary.get(key, 0)
            for table, result in summary.get("validation", {}).items():
                total = validation.setdefault(table, {"rows": 0, "rows_rejected": 0, "failed_expectations": []})
                total["rows"] += result["rows"]
                total["rows_rejected"] += result["rows_rejected"]
                total["failed_expectations"] = sorted(set(total["failed_expectations"]) |
                                                      set(result["failed_expectations"]))
        for key, value in failed_counts.items():
            counts[key] = counts.get(key, 0) + value
        extra = plan.discover_rejections + failed_rows + duplicate_rows
        counts["n_rejections"] = sum(
            pq.read_metadata(d / "rejections.parquet").num_rows for d in shard_dirs) + len(extra)
        counts["validation"] = {"tables": validation, "failed_batches": failed}
        status = "partial" if failed else "success"

        con = warehouse.connect(settings.warehouse, data_path=settings.lake_data_path)
        try:
            warehouse.ensure_schema(con)
            warehouse.begin_run(con, run_id, trigger, " ".join(plan.input_spec), PIPELINE_VERSION)
            try:
                warehouse.load_staged(con, run_id, shard_dirs, extra, counts, status)
                statuses = warehouse.run_statuses(con)  # begin_run has marked dead runs abandoned
            except Exception:
                # The load rolled back; say so in the runs table rather than leave the run 'running'
                # for the next run to call abandoned. The staging folder stays for inspection.
                warehouse.finish_run(con, run_id, "failed")
                raise
        finally:
            con.close()

    if not failed:  # keep a failed run's staging for inspection
        # Rename first (atomic), then delete: a kill mid-delete leaves a folder no step will read.
        trash = folder.with_name(f".done-{folder.name}")
        shutil.rmtree(trash, ignore_errors=True)
        os.replace(folder, trash)
        shutil.rmtree(trash, ignore_errors=True)
    # Staging that will never load (abandoned and failed runs, dead `datewire run`s) goes too.
    for gone in staging.remove_folders(staging.survey(settings.staging_dir, statuses, keep=folder.name,
                                                      grace_seconds=settings.staging_grace_hours * 3600)):
        log.info("removed the staging folder %s (%s)", gone.path, gone.why)
    result = RunSummary(run_id=run_id, status=status, n_inputs=counts["n_inputs"],
                        n_documents=counts["n_documents"], n_unchanged=counts["n_unchanged"],
                        n_rejected_inputs=counts["n_rejected_inputs"], n_mentions=counts["n_mentions"],
                        n_events=counts["n_events"], n_rejections=counts["n_rejections"], failed_batches=failed)
    log.info("run %s loaded: %s", run_id, result)
    return result


def release_memory() -> None:
    """Give freed memory back to the system between steps run in one process: Python's cycles, Arrow's
    pool, and (glibc) the heap's free pages. A 1 MB document's extraction and validation leave
    hundreds of MB free but resident, which the load's peak would stack on (BENCHMARKS.md)."""
    import gc  # noqa: PLC0415

    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _import_for_load() -> None:
    try:
        from pipeline.clusters import quality, store  # noqa: F401, PLC0415
        from pipeline.quality import _gx  # noqa: PLC0415

        _gx()  # the load's cluster gate is Great Expectations: seconds to import
    except Exception:  # the load imports it again and reports any real problem
        log.debug("preparing the load's imports failed", exc_info=True)


def run_pipeline(inputs: Sequence[str], settings: Settings, run_id: str | None = None,
                 progress: Callable[[str], None] | None = None, observer=None,
                 workers: int | None = None) -> RunSummary:
    """The whole pipeline, as `datewire run` does it: plan, then extract and validate every batch (in
    this process when `workers` (default settings.workers) is 1, else in that many worker processes,
    which only write staging files: pipeline.workers), then load in this process, the warehouse's one
    writer. `observer` (a pipeline.workers.RunObserver) hears of each batch; by default each is said
    in a line to `progress`.

    The warehouse ends the same either way: shards are named by batch and loaded in batch order.
    """
    import resource  # noqa: PLC0415

    from pipeline.workers import RunObserver, RunStats, process_batch, run_in_workers  # noqa: PLC0415

    observer = observer or RunObserver(progress)
    workers = settings.workers if workers is None else workers
    run_id = run_id or new_run_id("cli")
    started = time.monotonic()
    plan = plan_run(settings, inputs, run_id)
    claim = staging.claim_run(settings.staging_dir, run_id)  # noqa: F841 - held while this run lives
    workers = max(1, min(workers, plan.n_batches))
    stats = RunStats(workers=workers, plan_seconds=time.monotonic() - started)
    observer.planned(plan, workers)

    started = time.monotonic()
    peaks: dict[int, int] = {}

    def done(outcome) -> None:
        if outcome.traceback:
            stage = "extraction" if outcome.extract_error else "validation"
            log.error("batch %d failed in %s:\n%s", outcome.index + 1, stage, outcome.traceback.rstrip())
        stats.extract_seconds += outcome.extract_seconds
        stats.validate_seconds += outcome.validate_seconds
        if outcome.pid:
            peaks[outcome.pid] = max(peaks.get(outcome.pid, 0), outcome.peak_rss_kb)
        observer.batch_done(outcome, plan.n_batches)

    if workers == 1:
        for index in range(plan.n_batches):
            done(process_batch(settings, run_id, index))
            release_memory()
    else:
        # While the workers extract, this process (otherwise idle) imports what the load needs.
        threading.Thread(target=_import_for_load, name="import-for-load", daemon=True).start()
        run_in_workers(settings, run_id, list(range(plan.n_batches)), workers, done)
        stats.worker_peak_rss_kb = peaks
    stats.extract_validate_seconds = time.monotonic() - started

    observer.loading(len(staging.list_shards(staging.run_dir(settings.staging_dir, run_id) / "validated")))
    started = time.monotonic()
    summary = load_step(settings, run_id, trigger="cli")
    stats.load_seconds = time.monotonic() - started
    stats.parent_peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    observer.finished(stats)
    return summary
