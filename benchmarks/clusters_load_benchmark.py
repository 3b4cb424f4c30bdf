"""Clustering inside the load, on a real warehouse: time and memory of `update_clusters` for one batch.

    nice -n 10 .venv/bin/python benchmarks/clusters_load_benchmark.py WAREHOUSE [--new N] [--profile]
        [--dump members.parquet]

WAREHOUSE is one that `datewire run` filled (e.g. by benchmarks/scale_benchmark.py). It is copied to a
temporary folder, never changed. On the copy, the N documents with the greatest doc_id (all of them
with --new 0) leave the clusters as if they had never been loaded: their members and document vectors
go, the collection frequencies are counted again from the other documents, and `event_clusters` is
rebuilt from what remains. Then, in one transaction as in the load, `update_clusters` places their
events, with those documents as the staged batch; the transaction is rolled back. Reported: its
seconds, its counts, the process' peak RSS during the call (psutil, sampled every 0.05 s), optionally
a cProfile of it, and `--dump` writes the resulting (event_id, cluster_id, similarity, linked_to) so
two versions of the code can be compared on the same state.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def prepare(con, n_new: int) -> list[str]:
    """Take the batch's documents out of the clusters; returns their doc_ids."""
    from pipeline.clusters.mention import document_terms
    from pipeline.warehouse import sql_dir

    from pipeline.warehouse import ensure_schema

    ensure_schema(con)
    docs = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    batch = docs if n_new <= 0 else docs[-n_new:]
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE bench_batch AS SELECT unnest(?) AS doc_id", [batch])
    con.execute("DELETE FROM cluster_members WHERE doc_id IN (SELECT doc_id FROM bench_batch)")
    con.execute("DELETE FROM cluster_documents WHERE doc_id IN (SELECT doc_id FROM bench_batch)")
    if "cluster_blocks" in _tables(con):
        con.execute("DELETE FROM cluster_blocks WHERE doc_id IN (SELECT doc_id FROM bench_batch)")
    counts: Counter[str] = Counter()
    for (text,) in con.execute("SELECT text FROM documents WHERE doc_id IN (SELECT doc_id FROM cluster_documents)"
                               ).fetchall():
        counts.update(document_terms(text))
    con.execute("DELETE FROM cluster_term_counts")
    if counts:
        con.execute("INSERT INTO cluster_term_counts SELECT unnest(?), unnest(?)", [list(counts), list(counts.values())])
    rebuild = (sql_dir() / "clusters" / "002_rebuild_event_clusters.sql").read_text()
    if "touched_clusters" in rebuild:
        con.execute("CREATE OR REPLACE TEMP TABLE touched_clusters AS SELECT DISTINCT cluster_id FROM cluster_members")
        con.execute("DELETE FROM event_clusters")
    con.execute(rebuild)
    con.execute("DROP TABLE bench_batch")
    try:  # a warehouse clustered before cluster_blocks existed: indexed here, not in the timed update
        from pipeline.clusters.store import _backfill_blocks
    except ImportError:
        pass
    else:
        _backfill_blocks(con)
    con.execute("COMMIT")
    return batch


class PeakRSS:
    """The peak RSS of this process while the block runs (psutil, sampled)."""

    def __init__(self, interval: float = 0.05):
        import psutil

        self.process, self.interval, self.peak, self._stop = psutil.Process(), interval, 0, threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self):
        self.before = self.process.memory_info().rss
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def run(warehouse: Path, n_new: int, profile: bool, dump: Path | None, top: int = 25) -> dict:
    import duckdb

    from pipeline.clusters.store import update_clusters

    work = Path(tempfile.mkdtemp(prefix="clusters-load-"))
    try:
        copy = work / "warehouse.duckdb"
        shutil.copy(warehouse, copy)
        con = duckdb.connect(str(copy))
        started = time.perf_counter()
        batch = prepare(con, n_new)
        prepare_seconds = time.perf_counter() - started
        con.execute("BEGIN")
        con.execute("CREATE OR REPLACE TEMP TABLE staged_documents AS SELECT unnest(?) AS doc_id", [batch])
        profiler = cProfile.Profile() if profile else None
        with PeakRSS() as rss:
            started, cpu_started = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            update = update_clusters(con, "bench-run")
            if profiler:
                profiler.disable()
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        result = {"warehouse": str(warehouse), "documents": con.execute("SELECT count(*) FROM documents").fetchone()[0],
                  "batch_documents": len(batch), "prepare_seconds": round(prepare_seconds, 1),
                  "seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2), "update": dict(update),
                  "ms_per_placed_mention": round(1000 * seconds / max(update["placed"], 1), 3),
                  "rss_before_mb": round(rss.before / 2**20), "rss_peak_mb": round(rss.peak / 2**20),
                  "event_clusters": con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]}
        if dump:
            con.execute(f"COPY (SELECT event_id, cluster_id, similarity, linked_to FROM cluster_members "
                        f"ORDER BY event_id) TO '{dump}' (FORMAT parquet)")
            con.execute(f"COPY (SELECT * EXCLUDE (updated_run_id) FROM event_clusters ORDER BY cluster_id) "
                        f"TO '{dump.with_suffix('.clusters.parquet')}' (FORMAT parquet)")
        con.execute("ROLLBACK")
        con.close()
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
            result["profile_cumulative"] = out.getvalue()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
            result["profile_self"] = out.getvalue()
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--new", type=int, default=0, help="documents in the batch (0: all of them, a first load)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", type=Path, help="write the members after the update to this Parquet file")
    args = parser.parse_args(argv)
    result = run(args.warehouse, args.new, args.profile, args.dump)
    for key in ("profile_cumulative", "profile_self"):
        if key in result:
            print(result.pop(key))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
