"""Extraction in worker processes for `datewire run`, and what a run tells as it goes.

The parent plans, hands batches to a pool of worker processes, and loads: only it ever opens the
warehouse for writing (DuckDB allows one writer per file). A worker runs a batch's extract and
validate steps (pipeline.runner), which read the run's plan and write Parquet shards under its staging
folder, exactly as the mapped Airflow tasks do, and sends back a small BatchOutcome.
"""
from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.runner import RunPlan, extract_step, release_memory, validate_step
from pipeline.settings import Settings

__all__ = ["BatchOutcome", "process_batch", "RunObserver", "RunStats", "run_in_workers", "WORKER_PRELOAD"]

log = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    """What extracting and validating one batch gave, small enough to send back from a worker."""

    index: int
    summary: dict | None = None           # the extracted shard's summary; None if extraction failed
    extract_error: str | None = None      # "TypeError: ..." when extraction raised
    validate_error: str | None = None     # the gate's reason, or "TypeError: ..." when validation raised
    table_level: bool = False             # validate_error is a table-level expectation, not a crash
    traceback: str | None = None
    extract_seconds: float = 0.0
    validate_seconds: float = 0.0
    pid: int = 0
    peak_rss_kb: int = 0                  # of the process that ran the batch, so far

    @property
    def n_inputs(self) -> int:
        return (self.summary or {}).get("n_inputs", 0)


def process_batch(settings: Settings, run_id: str, index: int) -> BatchOutcome:
    """Extract then validate batch `index`, as one Airflow extract task and one validate task would.

    A batch that fails costs that batch, not the run: nothing is raised, the load step records every
    input of a failed batch as rejected, with the reason.
    """
    import resource  # noqa: PLC0415
    import traceback  # noqa: PLC0415

    from pipeline.quality import TableLevelFailure  # noqa: PLC0415

    outcome = BatchOutcome(index=index, pid=os.getpid())
    started = time.perf_counter()
    try:
        outcome.summary = extract_step(settings, run_id, index)
    except Exception as exc:
        outcome.extract_error, outcome.traceback = f"{type(exc).__name__}: {exc}", traceback.format_exc()
    outcome.extract_seconds = time.perf_counter() - started
    release_memory()  # what extraction freed, before validation builds its frames
    if outcome.summary is not None:
        started = time.perf_counter()
        try:
            validate_step(settings, run_id, index)
        except TableLevelFailure as exc:
            outcome.validate_error, outcome.table_level = str(exc), True
        except Exception as exc:
            outcome.validate_error, outcome.traceback = f"{type(exc).__name__}: {exc}", traceback.format_exc()
        outcome.validate_seconds = time.perf_counter() - started
    outcome.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


class RunObserver:
    """What run_pipeline tells as it goes. This one says it in lines (`say`); pipeline.progress draws
    a progress bar instead. `batches=False` keeps only the lines worth reading in a log: the plan,
    failed batches and the timings."""

    def __init__(self, say: Callable[[str], None] | None = None, batches: bool = True):
        self.say = say or (lambda message: None)
        self.batches = batches
        self.started = time.monotonic()

    def planned(self, plan: RunPlan, workers: int) -> None:
        self.started = time.monotonic()
        on = f" on {workers} worker processes" if workers > 1 else ""
        self.say(f"run {plan.run_id}: {sum(len(b) for b in plan.batches)} input files in "
                 f"{plan.n_batches} batches{on}")

    def batch_lines(self, outcome: BatchOutcome, n_batches: int) -> tuple[list[str], list[str]]:
        """(lines for every batch, lines for a failed one) describing `outcome`."""
        head = f"  batch {outcome.index + 1}/{n_batches}"
        if outcome.summary is None:
            return [], [f"{head} failed in extraction and will not load: {outcome.extract_error}"]
        s = outcome.summary
        done = [f"{head}: {s['n_inputs']} inputs, {s['n_documents']} to load, {s['n_unchanged']} unchanged, "
                f"{s['n_rejected_inputs']} rejected ({time.monotonic() - self.started:.1f} s)"]
        if outcome.validate_error is None:
            return done, []
        where = "validation" if outcome.table_level else "in validation"
        return done, [f"{head} failed {where} and will not load: {outcome.validate_error}"]

    def batch_done(self, outcome: BatchOutcome, n_batches: int) -> None:
        done, failed = self.batch_lines(outcome, n_batches)
        for line in (done if self.batches else []) + failed:
            self.say(line)

    def loading(self, n_shards: int) -> None:
        pass

    def finished(self, stats: RunStats) -> None:
        self.say(stats.line())


@dataclass
class RunStats:
    """Where a `datewire run` spent its time and memory (the last line it prints on stderr)."""

    workers: int
    plan_seconds: float = 0.0
    extract_validate_seconds: float = 0.0  # wall clock, all batches
    extract_seconds: float = 0.0           # summed over batches (CPU-ish time inside the workers)
    validate_seconds: float = 0.0
    load_seconds: float = 0.0
    parent_peak_rss_kb: int = 0
    worker_peak_rss_kb: dict[int, int] | None = None  # pid -> peak RSS, when workers ran

    def line(self) -> str:
        workers = (f"{self.workers} workers" if self.worker_peak_rss_kb else "in this process")
        text = (f"timings: plan {self.plan_seconds:.1f} s, extract+validate {self.extract_validate_seconds:.1f} s "
                f"({workers}; extract {self.extract_seconds:.1f} s, validate {self.validate_seconds:.1f} s "
                f"summed over batches), load {self.load_seconds:.1f} s; peak RSS: main process "
                f"{self.parent_peak_rss_kb / 1024:.0f} MB")
        if self.worker_peak_rss_kb:
            text += ", workers " + " ".join(f"{kb / 1024:.0f}" for kb in self.worker_peak_rss_kb.values()) + " MB"
        return text


# The worker processes come from a fork server that has imported these once (pipeline.extract pulls in
# the tagger and dateparser; GX costs seconds and ~250 MB): each worker forks with them loaded, and
# their pages are shared until written.
WORKER_PRELOAD = ["pipeline.extract", "pipeline.quality", "great_expectations"]


def _exit_with(pid: int) -> None:
    """Stop this worker when process `pid` (the run) ends, however it ends.

    Its parent is the fork server, not the run, so PR_SET_PDEATHSIG would not fire; and both the fork
    server and the pool's queues stay open while any worker holds their ends, so a worker of a run
    killed with SIGKILL would otherwise wait forever. A pidfd becomes readable when the process exits.
    """
    import select  # noqa: PLC0415
    import threading  # noqa: PLC0415

    def watch() -> None:
        try:
            fd = os.pidfd_open(pid)
        except (AttributeError, OSError):  # not Linux >= 5.3: poll instead
            while True:
                time.sleep(1.0)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
        else:
            select.select([fd], [], [])
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()


def _worker_init(run_pid: int, log_level: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _exit_with(run_pid)
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s")
    logging.getLogger().setLevel(log_level)


def _worker_pool(workers: int):
    """A pool of `workers` processes started through a fork server.

    Not plain fork: the parent has by then opened DuckDB (plan_run reads the warehouse's known
    documents), may run a progress-bar thread, and holds logging and allocator locks; forking a
    process with threads can copy a lock that is held and deadlock the child. The fork server is a
    fresh interpreter that only imports WORKER_PRELOAD, so its forks are cheap and clean. Spawn would
    be as safe, but pays every import again in each worker.
    """
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # the fork server imports GX
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                               initargs=(os.getpid(), logging.getLogger().getEffectiveLevel()))


class _Slot:
    """One worker process (a pool of one), replaced by a fresh fork after `limit` batches (0: never)
    or when it died. A pool of one per worker, rather than one pool of N: Python 3.11's
    max_tasks_per_child deadlocks once a worker retires with tasks queued (CPython gh-115634), and a
    worker that dies breaks only its own pool, so only its own batch is retried."""

    def __init__(self, limit: int):
        self.limit = limit
        self.pool = None
        self.batches = 0

    def submit(self, task, *args):
        if self.pool is None or (self.limit and self.batches >= self.limit):
            self.close()
            self.pool, self.batches = _worker_pool(1), 0
        self.batches += 1
        return self.pool.submit(task, *args)

    def close(self, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


def run_in_workers(settings: Settings, run_id: str, indices: list[int], workers: int,
                   done: Callable[[BatchOutcome], None], task: Callable[..., BatchOutcome] | None = None) -> None:
    """Run process_batch (or `task`, same arguments) for each index on `workers` worker processes; a
    batch whose worker died is retried once on a new one (as Airflow retries a task), then recorded as
    failed. Each worker is replaced after settings.worker_max_batches batches: a process's heap only
    grows over a long run, so without it a worker's peak grew with the number of batches (BENCHMARKS.md,
    "Scale")."""
    from collections import deque  # noqa: PLC0415
    from concurrent.futures import FIRST_COMPLETED, wait  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    task = task or process_batch
    pending = deque(indices)
    retried: set[int] = set()
    slots = [_Slot(settings.worker_max_batches) for _ in range(max(1, min(workers, len(pending))))]
    idle = list(slots)
    running: dict = {}  # future -> (slot, index)
    try:
        while pending or running:
            while pending and idle:
                slot, index = idle.pop(), pending.popleft()
                running[slot.submit(task, settings, run_id, index)] = (slot, index)
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                slot, index = running.pop(future)
                idle.append(slot)
                try:
                    outcome = future.result()
                except BrokenProcessPool as exc:
                    slot.close(wait=False)
                    if index not in retried:
                        retried.add(index)
                        log.warning("a worker process died; retrying batch %d on a new one", index + 1)
                        pending.append(index)
                        continue
                    outcome = BatchOutcome(index=index, extract_error=f"its worker process died ({exc})")
                done(outcome)
    except BaseException:
        for slot in slots:
            slot.close(wait=False)
        raise
    for slot in slots:
        slot.close()
