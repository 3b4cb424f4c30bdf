"""The per-document budget: a cooperative stop after too much CPU time or memory growth."""
from __future__ import annotations

import time

import pytest

from pipeline import budget


def _spin_until_stopped(seconds_at_most: float) -> str:
    """Burn CPU, checking the budget as the extraction loops do; the message of the stop, or ''."""
    until = time.thread_time() + seconds_at_most
    while time.thread_time() < until:
        sum(range(1000))
        try:
            budget.check("a test loop")
        except budget.BudgetExceeded as exc:
            return str(exc)
    return ""


def test_a_spent_time_budget_stops_the_next_check_and_says_why():
    with budget.document_budget(0.05):
        started = time.thread_time()
        message = _spin_until_stopped(5.0)
        used = time.thread_time() - started
    assert message.startswith("extraction took longer than 0.05 s of CPU (budget DATEWIRE_DOCUMENT_BUDGET=0.05)")
    assert message.endswith("stopped in a test loop")
    assert 0.04 < used < 1.0  # measured from just after the budget began


def test_outside_a_budget_and_with_zero_bounds_check_does_nothing():
    assert _spin_until_stopped(0.05) == ""
    with budget.document_budget(0, 0):
        assert _spin_until_stopped(0.05) == ""


def test_the_budget_ends_with_its_block_even_when_the_block_raises():
    with pytest.raises(budget.BudgetExceeded), budget.document_budget(0.01):
        _spin_until_stopped(0.1)
        budget.check("after")
    assert _spin_until_stopped(0.05) == ""


@pytest.mark.skipif(budget.resident_bytes() is None, reason="no /proc/self/statm: memory is not budgeted here")
def test_memory_growth_past_the_budget_stops_a_check():
    with budget.document_budget(0, memory_mb=20):
        ballast = b"x" * (80 * 2**20)  # written, so resident
        with pytest.raises(budget.BudgetExceeded, match=r"extraction grew memory by \d+ MB, more than 20 MB"):
            for _ in range(budget.CHECKS_PER_MEMORY_READ):
                budget.check("a test")
    del ballast
