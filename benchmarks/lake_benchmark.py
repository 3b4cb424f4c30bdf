"""Load time of the same staged run into a DuckDB file and into a DuckLake on PostgreSQL.

    .venv/bin/python benchmarks/lake_benchmark.py [--repeat 3] [INPUT ...]   (default: data/samples)

Extracts and validates the inputs once, then loads a copy of that staging `--repeat` times into a new
DuckDB file and into a new lake (its own PostgreSQL database, started in a temporary folder as
tests/test_lake.py does), timing `runner.load_step` alone, then one read query on each. Needs
PostgreSQL's initdb/pg_ctl and the extension wheels.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import runner, warehouse  # noqa: I001
from pipeline.settings import Settings
from pipeline.workers import process_batch
from tests.test_lake import Postgres, _postgres_bin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "data" / "samples")])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bindir = _postgres_bin()
    if bindir is None:
        sys.exit("PostgreSQL's initdb/pg_ctl are not installed")
    tmp = Path(tempfile.mkdtemp(prefix="datewire-lake-bench-"))
    pg_folder = Path(tempfile.mkdtemp(prefix="datewire-lake-bench-pg-"))  # the server may run as postgres
    server = Postgres(bindir, pg_folder)
    server.start()
    try:
        staged = Settings(warehouse=tmp / "unused.duckdb", staging_dir=tmp / "staged", quality_dir=tmp / "q")
        run_id = runner.new_run_id("cli")
        plan = runner.plan_run(staged, args.inputs, run_id)
        for index in range(plan.n_batches):
            process_batch(staged, run_id, index)
        runner._import_for_load()
        times: dict[str, list[float]] = {"file": [], "lake": []}
        reads: dict[str, list[float]] = {"file": [], "lake": []}
        for i in range(args.repeat):
            for kind in ("file", "lake"):
                target = (str(tmp / f"w{i}.duckdb") if kind == "file"
                          else server.create_database(f"bench{i}"))
                staging = tmp / f"staging-{kind}-{i}"
                shutil.copytree(staged.staging_dir, staging)
                settings = Settings(warehouse=target, staging_dir=staging, quality_dir=tmp / "q",
                                    lake_data_path=str(tmp / f"lake-data-{i}"))
                started = time.perf_counter()
                summary = runner.load_step(settings, run_id)
                times[kind].append(time.perf_counter() - started)
                started = time.perf_counter()
                warehouse.query(settings.warehouse, "SELECT count(*) FROM timeline")
                reads[kind].append(time.perf_counter() - started)
        print(f"inputs: {' '.join(args.inputs)}; {summary.n_documents} documents, {summary.n_events} events; "
              f"{args.repeat} loads each, same staging")
        for kind in ("file", "lake"):
            print(f"{kind}: load median {statistics.median(times[kind]):.2f} s "
                  f"(each: {', '.join(f'{t:.2f}' for t in times[kind])}); query on the timeline view median "
                  f"{statistics.median(reads[kind]):.2f} s")
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(pg_folder, ignore_errors=True)


if __name__ == "__main__":
    main()
