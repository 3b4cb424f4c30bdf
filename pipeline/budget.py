"""A per-document budget: extraction of one document stops when it has used too much CPU or memory.

The extraction is pure Python, so it is stopped cooperatively: `extract_batch` opens
`with document_budget(seconds, memory_mb):` around one document, and the loops that grow with the
document (the event layer's per-sentence loops, the steps of `extract_document`) call `check(where)`,
which raises `BudgetExceeded` once the budget is spent. The batch turns that into a rejection of the
document and goes on. `check()` outside a budget does nothing, so the same code serves
`datewire extract` and the evaluations unbounded.

Why not a signal or a thread: `signal.alarm` only works in the main thread of the main interpreter
(not in every Airflow executor, nor under a test runner's thread), and killing a thread mid-way is
not possible in Python. A subprocess per document would pay seconds of model loading each time.

Time is the CPU time of the extracting thread (`time.thread_time`), not the wall clock: a document
costs the same on a busy machine as on an idle one, so which documents are rejected does not depend
on the load, and a rerun agrees with the run before it. Memory is the growth of the process's
resident set since the document began, read from /proc/self/statm every CHECKS_PER_MEMORY_READ
checks (a few microseconds each; where /proc is missing only time is budgeted). Both bounds are
settings (`DATEWIRE_DOCUMENT_BUDGET`, `DATEWIRE_DOCUMENT_MEMORY_MB`); 0 turns a bound off.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["BudgetExceeded", "check", "document_budget", "resident_bytes"]

CHECKS_PER_MEMORY_READ = 64


class BudgetExceeded(Exception):
    """The document in hand used more CPU time or memory than its budget; the message says which."""


def resident_bytes() -> int | None:
    """The process's resident set size now (Linux: /proc/self/statm), or None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


try:
    _PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
except (AttributeError, ValueError, OSError):  # not a POSIX system
    _PAGE_SIZE = 4096


class _Budget:
    __slots__ = ("seconds", "memory_bytes", "cpu_limit", "memory_limit", "checks")

    def __init__(self, seconds: float, memory_mb: int):
        self.seconds, self.memory_bytes = seconds, memory_mb * 1024 * 1024
        self.cpu_limit = time.thread_time() + seconds if seconds > 0 else None
        baseline = resident_bytes() if memory_mb > 0 else None
        self.memory_limit = baseline + self.memory_bytes if baseline is not None else None
        self.checks = 0

    def check(self, where: str) -> None:
        if self.cpu_limit is not None and time.thread_time() > self.cpu_limit:
            raise BudgetExceeded(f"extraction took longer than {self.seconds:g} s of CPU "
                                 f"(budget DATEWIRE_DOCUMENT_BUDGET={self.seconds:g}); stopped in {where}")
        if self.memory_limit is not None:
            self.checks += 1
            if self.checks % CHECKS_PER_MEMORY_READ == 0:
                resident = resident_bytes()
                if resident is not None and resident > self.memory_limit:
                    grown = (resident - self.memory_limit + self.memory_bytes) / 2**20
                    raise BudgetExceeded(
                        f"extraction grew memory by {grown:.0f} MB, more than "
                        f"{self.memory_bytes // 2**20} MB (budget DATEWIRE_DOCUMENT_MEMORY_MB); stopped in {where}")


_active: ContextVar[_Budget | None] = ContextVar("datewire_document_budget", default=None)


@contextmanager
def document_budget(seconds: float, memory_mb: int = 0) -> Iterator[None]:
    """Within this block, `check()` raises BudgetExceeded after `seconds` of this thread's CPU time or
    once resident memory has grown by `memory_mb` (0: no bound of that kind)."""
    token = _active.set(_Budget(seconds, memory_mb) if seconds > 0 or memory_mb > 0 else None)
    try:
        yield
    finally:
        _active.reset(token)


def check(where: str) -> None:
    """Raise BudgetExceeded if the budget of the document in hand is spent; nothing outside a budget."""
    budget = _active.get()
    if budget is not None:
        budget.check(where)
