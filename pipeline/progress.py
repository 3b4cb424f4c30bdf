"""The progress bar of `datewire run` on a terminal: batches done, documents, documents/s and ETA.

tqdm draws it: it is already installed (Great Expectations and scorch depend on it), it redraws in
place at a bounded rate, keeps its rate and ETA smoothed, and prints other lines above the bar
(tqdm.write). Written to stderr, only when stderr is a terminal: a log file or a pipe gets the plain
lines of pipeline.workers.RunObserver without the per-batch ones.
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from pipeline.workers import BatchOutcome, RunObserver, RunStats

__all__ = ["ProgressBar", "observer_for"]


class ProgressBar(RunObserver):
    def __init__(self, stream: TextIO):
        super().__init__(say=lambda message: self._write(message), batches=False)
        self.stream = stream
        self.bar = None
        self.documents = 0

    def _write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=self.stream)  # above the bar, which is then redrawn
        else:
            print(message, file=self.stream, flush=True)

    def planned(self, plan, workers: int) -> None:
        from tqdm import tqdm  # noqa: PLC0415

        super().planned(plan, workers)
        try:
            size = os.get_terminal_size(self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            size = os.terminal_size((0, 0))
        # A terminal that reports no size (some CI pseudo-terminals say 0x0, and tqdm then hides the
        # bar) gets a fixed one.
        known = size.columns > 0 and size.lines > 0
        self.bar = tqdm(total=plan.n_batches, unit="batch", desc="extract+validate", file=self.stream,
                        dynamic_ncols=known, ncols=None if known else 100, nrows=None if known else 24,
                        mininterval=0.5, smoothing=0.1,
                        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} batches "
                                   "[{elapsed}<{remaining}{postfix}]")

    def batch_done(self, outcome: BatchOutcome, n_batches: int) -> None:
        super().batch_done(outcome, n_batches)  # failed batches only (batches=False)
        self.documents += outcome.n_inputs
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.bar.set_postfix_str(f"{self.documents:,} docs, {self.documents / elapsed:,.0f} docs/s",
                                 refresh=False)
        self.bar.update(1)

    def loading(self, n_shards: int) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.say(f"loading {n_shards} shards into the warehouse (one transaction)...")

    def finished(self, stats: RunStats) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        super().finished(stats)


def observer_for(stream: TextIO | None = None, quiet: bool = False) -> RunObserver:
    """The bar on a terminal; plain lines (plan, failed batches, timings) elsewhere; failures only when
    quiet."""
    stream = stream or sys.stderr

    def say(message: str) -> None:
        print(message, file=stream, flush=True)

    if quiet:
        return _FailuresOnly(say)
    if stream.isatty():
        return ProgressBar(stream)
    return RunObserver(say, batches=False)


class _FailuresOnly(RunObserver):
    def __init__(self, say):
        super().__init__(say, batches=False)

    def planned(self, plan, workers: int) -> None:
        self.started = time.monotonic()

    def finished(self, stats: RunStats) -> None:
        pass
