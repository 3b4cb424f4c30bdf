"""The progress bar of `datewire run`: drawn on a terminal (a real pseudo-terminal here), absent in a
pipe or a log, and silenced by --quiet."""
from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

MONTHS = ["January", "March", "May", "July", "September", "November"]


def _articles(folder: Path, n: int = 12) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"depot-{i:02d}.txt").write_text(
            f"Depot vote {i}\n\nRIGA, {1 + i} {MONTHS[i % 6]} 2022 - The council voted on Tuesday to sell the "
            f"old bus depot. Building work is due to start in {2023 + i % 3}.\n")
    return folder


def _command(tmp_path: Path, folder: Path, *extra: str) -> tuple[list[str], dict]:
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(tmp_path / "w.duckdb"),
           "DATEWIRE_STAGING": str(tmp_path / "staging"), "PYTHONWARNINGS": "ignore"}
    return [sys.executable, "-m", "pipeline.cli", "run", str(folder), "--batch-size", "2", "--preview", "0",
            *extra], env


def test_a_pipe_gets_no_progress_noise_and_quiet_gets_nothing(tmp_path):
    folder = _articles(tmp_path / "in")
    command, env = _command(tmp_path, folder, "--workers", "1")
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    # The plan and the timings, nothing per batch, no carriage returns or bars.
    assert len(lines) == 2, lines
    assert lines[0].startswith("run cli__") and "12 input files in 6 batches" in lines[0]
    assert lines[1].startswith("timings: plan ")
    assert "\r" not in result.stderr and "%|" not in result.stderr and "batch 1/6" not in result.stderr
    assert "documents loaded   12" in result.stdout

    quiet = subprocess.run([*command, "--quiet", "--reprocess"], env=env, capture_output=True, text=True,
                           timeout=600)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    assert "documents loaded   12" in quiet.stdout


@pytest.mark.parametrize("size", [(30, 120), (0, 0)], ids=["120 columns", "a terminal of unknown size"])
def test_a_terminal_gets_a_bar_with_documents_rate_and_eta(tmp_path, size):
    folder = _articles(tmp_path / "in")
    command, env = _command(tmp_path, folder, "--workers", "1")
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(controller, 4096)
            except OSError:  # the terminal closed: the run ended
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=terminal, text=True)
        os.close(terminal)
        stdout, _ = process.communicate(timeout=600)
    finally:
        reader.join(timeout=10)
        os.close(controller)
    shown = b"".join(chunks).decode(errors="replace")
    assert process.returncode == 0, shown
    assert "documents loaded   12" in stdout and "\r" not in stdout  # the bar is on stderr only
    assert "\r" in shown  # redrawn in place
    final = shown.replace("\r\n", "\n").split("\r")
    last_bar = [part for part in final if "batches [" in part][-1]
    assert "100%|" in last_bar and "6/6 batches" in last_bar
    assert "12 docs" in last_bar and "docs/s" in last_bar
    assert "<00:00" in last_bar  # elapsed<remaining: the ETA, zero at the end
    assert "loading 6 shards into the warehouse" in shown and "timings: plan " in shown
