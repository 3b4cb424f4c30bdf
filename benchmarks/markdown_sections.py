"""Marked sections of BENCHMARKS.md, each owned by one benchmark script.

A section sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; a script replaces only its own and
leaves the rest of the file as it is.
"""
from __future__ import annotations

import re
from pathlib import Path

__all__ = ["emit", "markers", "update_section"]


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def update_section(path: Path, name: str, body: str) -> None:
    """Put `body` between NAME's markers in `path`: replaced in place, else appended, else a new file."""
    start, end = markers(name)
    block = f"{start}\n{body.strip()}\n{end}"
    if not path.exists():
        path.write_text(f"# Benchmarks\n\n{block}\n", encoding="utf-8")
        return
    current = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        # A function as replacement: the body is not a regex template (backslashes stay as they are).
        updated = pattern.sub(lambda _: block, current, count=1)
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(updated, encoding="utf-8")


def emit(report: str, name: str, write: Path | None) -> None:
    """Print `report`, or put it in section `name` of `write` when a file is given."""
    if write:
        update_section(write, name, report)
        print(f"updated {write}")
    else:
        print(report.rstrip())
