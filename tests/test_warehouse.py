"""The warehouse on real DuckDB files: schema, upserts, the write lock."""
from __future__ import annotations

import multiprocessing
import time
from datetime import date

import duckdb
import pytest
from staged_rows import document_row, event_row, mention_row, shard_of

from pipeline import warehouse
from pipeline.models import rejection_row
from pipeline.staging import write_shard

COUNTS = {"n_inputs": 1, "n_documents": 1, "n_unchanged": 0, "n_mentions": 1, "n_events": 1,
          "n_rejections": 1, "n_rejected_inputs": 0}


def _stage(tmp_path, name="shard-00000", **doc_changes):
    mention = mention_row()
    rejection = rejection_row("/in/doc-a.txt", "chars 1-2", "extract", "year 20222 is impossible", "20222", "doc-a")
    return write_shard(tmp_path / "validated" / name,
                       shard_of([document_row(**doc_changes)], [mention], [event_row(mention)], [rejection]))


def _load(settings, shard_dirs, run_id):
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    warehouse.begin_run(con, run_id, "test", "in", "0")
    warehouse.load_staged(con, run_id, shard_dirs, [], COUNTS, "success")
    return con


def _counts(con):
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "mentions", "events", "rejections", "runs")}


def test_schema_is_idempotent(settings):
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    warehouse.ensure_schema(con)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"runs", "documents", "mentions", "events", "rejections"} <= tables
    assert {"timeline", "run_accounting"} <= views


def test_loading_the_same_shard_twice_is_an_upsert(settings, tmp_path):
    shard = _stage(tmp_path)
    con = _load(settings, [shard], "run-1")
    first = _counts(con)
    first_seen = con.execute("SELECT first_seen_at FROM rejections").fetchone()[0]
    con.close()
    con = _load(settings, [shard], "run-2")
    assert _counts(con) == {**first, "runs": 2}
    assert first == {"documents": 1, "mentions": 1, "events": 1, "rejections": 1, "runs": 1}
    # The rejection is the same one seen again: its first sighting is kept, its run is the latest.
    assert con.execute("SELECT run_id, first_seen_at FROM rejections").fetchone() == ("run-2", first_seen)
    row = con.execute("SELECT event_date_start, sentence, title, doc_id FROM timeline").fetchone()
    assert row == (date(2024, 5, 3), "The talks began on 3 May 2024.", None, "doc-a")


def test_a_changed_document_replaces_its_rows(settings, tmp_path):
    con = _load(settings, [_stage(tmp_path)], "run-1")
    con.close()
    changed = _stage(tmp_path, name="shard-00001", title="Now with a title")
    con = _load(settings, [changed], "run-2")
    assert con.execute("SELECT title, run_id FROM documents").fetchall() == [("Now with a title", "run-2")]
    assert _counts(con)["mentions"] == 1


def test_begin_run_marks_runs_left_running_as_abandoned(settings):
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    warehouse.begin_run(con, "killed", "test", "in", "0")
    warehouse.begin_run(con, "next", "test", "in", "0")
    assert dict(con.execute("SELECT run_id, status FROM runs").fetchall()) == {"killed": "abandoned",
                                                                               "next": "running"}


def test_read_only_query_and_clear_error_without_warehouse(settings, tmp_path):
    with pytest.raises(FileNotFoundError, match="run `datewire run PATH` first"):
        warehouse.query(settings.warehouse, "SELECT 1")
    _load(settings, [_stage(tmp_path)], "run-1").close()
    columns, rows = warehouse.query(settings.warehouse, "SELECT doc_id FROM documents WHERE doc_id = ?",
                                    params=["doc-a"])
    assert (columns, rows) == (["doc_id"], [("doc-a",)])
    with pytest.raises(duckdb.Error):
        warehouse.query(settings.warehouse, "DELETE FROM documents")  # read-only


def _hold_lock(settings, ready, seconds):
    with warehouse.write_lock(settings, holder="run holder"):
        ready.set()
        time.sleep(seconds)


def test_a_second_writer_waits_for_the_lock_then_gives_up_with_a_clear_message(settings):
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(settings, ready, 3))
    holder.start()
    try:
        assert ready.wait(10)
        impatient = settings.with_(lock_timeout=0.5)
        with pytest.raises(warehouse.WarehouseBusy, match=r"another run is writing .*run holder"), \
                warehouse.write_lock(impatient, holder="second"):
            pass
        started = time.monotonic()
        with warehouse.write_lock(settings.with_(lock_timeout=20), holder="patient"):
            waited = time.monotonic() - started
        assert waited > 0.5  # it queued behind the holder instead of failing
    finally:
        holder.join(10)


def test_a_killed_lock_holder_leaves_no_stale_lock(settings):
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(settings, ready, 60))
    holder.start()
    assert ready.wait(10)
    holder.kill()
    holder.join(10)
    with warehouse.write_lock(settings.with_(lock_timeout=2), holder="after"):
        pass
