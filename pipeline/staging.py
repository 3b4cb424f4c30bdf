"""Run-scoped staging: Parquet shards that carry rows from extraction to validation to loading.

Layout under `<staging_dir>/<run_id>/`:
    owner.lock                  held (flock) by the `datewire run` process for as long as it lives
    known_documents.parquet     snapshot of (doc_id, content_hash, extractor_version) taken at discovery
    batches.json                the input batches of the run
    extracted/shard-00003/      documents, mentions, events, event_actors, event_places, rejections
                                .parquet + summary.json
    validated/shard-00003/      the same tables after the quality gate
    validated/shard-00003.failed.json   a shard that failed a table-level expectation

A shard folder is written under a temporary name and renamed into place, so a shard either exists whole
or not at all: a task killed halfway leaves nothing that a later step could mistake for output, and a
retried task simply replaces it.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.models import rejection_row

__all__ = [
    "TABLES",
    "SCHEMAS",
    "Shard",
    "run_dir",
    "write_shard",
    "read_shard",
    "list_shards",
    "safe_run_id",
    "drop_conflicting_documents",
    "RunClaim",
    "claim_run",
    "StagingFolder",
    "survey",
    "remove_folders",
]

_date = pa.date32()
_str = pa.string()
_int = pa.int32()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _str), ("source", _str), ("locator", _str), ("input_format", _str), ("encoding", _str),
        ("publisher", _str), ("title", _str), ("url", _str), ("author", _str),
        ("published_date", _date), ("published_source", _str), ("published_evidence", _str),
        ("anchor_date", _date), ("anchor_source", _str), ("date_order", _str),
        ("text", pa.large_string()), ("n_chars", _int),
        ("body_spans", pa.list_(pa.struct([("start", _int), ("end", _int)]))),
        ("raw_html", pa.large_string()), ("content_hash", _str), ("extractor_version", _str),
    ]),
    "mentions": pa.schema([
        ("mention_id", _str), ("doc_id", _str), ("start", _int), ("end", _int), ("text", _str),
        ("timex_type", _str), ("timex_value", _str), ("timex_mod", _str),
        ("date_start", _date), ("date_end", _date), ("granularity", _str), ("anchor", _str),
        ("repaired", _str), ("in_body", pa.bool_()), ("sentence_start", _int), ("sentence_end", _int),
    ]),
    "events": pa.schema([
        ("event_id", _str), ("doc_id", _str), ("mention_id", _str), ("sentence", _str),
        ("event_date_start", _date), ("event_date_end", _date), ("granularity", _str),
        ("sentence_start", _int), ("sentence_end", _int), ("trigger_start", _int), ("trigger_end", _int),
        ("trigger_text", _str), ("trigger_lemma", _str), ("event_class", _str), ("event_type", _str),
        ("plover_mode", _str), ("cameo_root", _str), ("modality", _str), ("polarity", _str),
        ("date_basis", _str), ("confidence", pa.float64()), ("frame_event_id", _str),
    ]),
    "event_actors": pa.schema([
        ("event_id", _str), ("doc_id", _str), ("role", _str), ("text", _str), ("start", _int), ("end", _int),
        ("canonical_name", _str), ("country_code", _str), ("sector", _str), ("actor_kind", _str),
        ("resolution", _str),
    ]),
    "event_places": pa.schema([
        ("event_id", _str), ("doc_id", _str), ("text", _str), ("start", _int), ("end", _int), ("name", _str),
        ("country_code", _str), ("lat", pa.float64()), ("lon", pa.float64()), ("geo_precision", _int),
        ("resolution", _str), ("candidates", pa.list_(_str)),
    ]),
    "rejections": pa.schema([
        ("rejection_id", _str), ("source", _str), ("locator", _str), ("stage", _str), ("reason", _str),
        ("payload", _str), ("doc_id", _str),
    ]),
}
TABLES = tuple(SCHEMAS)


def safe_run_id(run_id: str) -> str:
    """A run id usable as a folder name (Airflow ids hold ':' and '+')."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id)


def run_dir(staging_dir: Path, run_id: str) -> Path:
    return Path(staging_dir) / safe_run_id(run_id)


@dataclass
class Shard:
    """The rows of one batch at one step, plus a small JSON summary."""

    tables: dict[str, pa.Table]
    summary: dict

    @classmethod
    def from_rows(cls, rows: dict[str, list[dict]], summary: dict) -> Shard:
        return cls({name: pa.Table.from_pylist(rows.get(name, []), schema=SCHEMAS[name]) for name in TABLES},
                   summary)


def write_shard(folder: Path, shard: Shard) -> Path:
    """Write a shard atomically: into a temporary sibling, then rename over any previous attempt."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir()
    for name in TABLES:
        pq.write_table(shard.tables[name], tmp / f"{name}.parquet")
    (tmp / "summary.json").write_text(json.dumps(shard.summary, indent=1, default=str))
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(tmp, folder)
    return folder


def read_shard(folder: Path) -> Shard:
    folder = Path(folder)
    tables = {name: pq.read_table(folder / f"{name}.parquet", schema=SCHEMAS[name]) for name in TABLES}
    return Shard(tables, json.loads((folder / "summary.json").read_text()))


def list_shards(step_dir: Path) -> list[Path]:
    """Complete shard folders of a step, in shard order (temporary folders are ignored)."""
    step_dir = Path(step_dir)
    if not step_dir.is_dir():
        return []
    return sorted(p for p in step_dir.iterdir() if p.is_dir() and p.name.startswith("shard-"))


def _where(doc: dict) -> str:
    return f"{doc['source']} {doc['locator']}".strip()


def drop_conflicting_documents(shard_dirs: list[Path], held: dict[str, tuple[str, str]],
                               accept_source_change: bool = False) -> list[dict]:
    """Take out of the staged shards every document that must not load; return a rejection row for each.

    `held` is what the warehouse holds now: doc_id -> (source, content_hash). Called by the load step
    under the write lock, so nothing changes `held` before the load commits. In shard order, a document
    is turned away when:

    * its doc_id was already staged by an earlier shard of this run ("duplicate doc_id");
    * its doc_id is held by a document from another source: ids are unique across sources, and a text
      from elsewhere never replaces another article (the rejection names both sources). The same
      source's new version replaces the old one, and the load records it in document_versions;
    * its content hash is that of another document (held, or staged earlier in this run): the same
      text under a second id is recorded once, and the rejection names the first document.

    A dropped document takes its mentions, events, actors, places and extraction rejections with it.
    Shards with nothing to drop are left as they are.
    """
    staged: list[tuple[Path, list[dict]]] = []
    for shard_dir in shard_dirs:
        docs = pq.read_table(Path(shard_dir) / "documents.parquet",
                             columns=["doc_id", "source", "locator", "content_hash"]).to_pylist()
        staged.append((Path(shard_dir), docs))

    dropped: dict[Path, dict[str, str]] = {}  # shard -> {doc_id: reason}
    seen_ids: dict[str, str] = {}
    kept: list[dict] = []
    for shard_dir, docs in staged:
        for doc in docs:
            doc_id = doc["doc_id"]
            if doc_id in seen_ids:
                dropped.setdefault(shard_dir, {})[doc_id] = (
                    f"duplicate doc_id {doc_id!r}: already read from {seen_ids[doc_id]}")
                continue
            seen_ids[doc_id] = _where(doc)
            held_source, held_hash = held.get(doc_id, (None, None))
            # The same text under its id from another path (a moved folder, --reprocess) is that document.
            if held_source is not None and held_source != doc["source"] and held_hash != doc["content_hash"] \
                    and not accept_source_change:
                dropped.setdefault(shard_dir, {})[doc_id] = (
                    f"doc_id {doc_id!r} is already held by a document from {held_source}; this text from "
                    f"{_where(doc)} was not loaded, so it does not replace that article (ids must be unique "
                    f"across sources: rename the file or give the record another id; or, if it is an updated "
                    f"version of that article, load it with --accept-source-change or "
                    f"DATEWIRE_ACCEPT_SOURCE_CHANGE=1)")
                continue
            kept.append({**doc, "shard": shard_dir})

    # Content duplicates: against what stays held (documents this run replaces no longer hold their old
    # hash) and against what this run loads, first come first kept.
    replaced = {doc["doc_id"] for doc in kept}
    first_with_hash: dict[str, tuple[str, str]] = {
        digest: (doc_id, source) for doc_id, (source, digest) in sorted(held.items()) if doc_id not in replaced}
    for doc in kept:
        first = first_with_hash.get(doc["content_hash"])
        if first is not None and first[0] != doc["doc_id"]:
            dropped.setdefault(doc["shard"], {})[doc["doc_id"]] = (
                f"duplicate content: the same text as document {first[0]!r} (from {first[1]}), which is "
                f"loaded once; {doc['doc_id']!r} was not loaded")
            continue
        first_with_hash.setdefault(doc["content_hash"], (doc["doc_id"], _where(doc)))

    rejections: list[dict] = []
    for shard_dir, reasons in dropped.items():
        shard = read_shard(shard_dir)
        rows = {name: shard.tables[name].to_pylist() for name in TABLES}
        sources = {}
        for doc in rows["documents"]:
            if doc["doc_id"] in reasons:
                sources[doc["doc_id"]] = doc["source"]
                rejections.append(rejection_row(doc["source"], doc["locator"], "load", reasons[doc["doc_id"]],
                                                None, doc["doc_id"]))
        for name in TABLES:
            if name == "rejections":  # the dropped text's own extraction problems go with it
                rows[name] = [r for r in rows[name] if sources.get(r["doc_id"]) != r["source"]]
            else:
                rows[name] = [r for r in rows[name] if r["doc_id"] not in sources]
        summary = dict(shard.summary)
        summary["n_documents"] = len(rows["documents"])
        summary["n_rejected_inputs"] = summary.get("n_rejected_inputs", 0) + len(sources)
        summary["n_mentions"] = len(rows["mentions"])
        summary["n_events"] = len(rows["events"])
        summary["n_rejections"] = len(rows["rejections"])
        write_shard(shard_dir, Shard.from_rows(rows, summary))
    return rejections


# --------------------------------------------------------------------------------------------------
# leftovers: the staging folders of runs that will never load


_OWNER = "owner.lock"


class RunClaim:
    """An flock on `<run folder>/owner.lock`, held for as long as this object (or its process) lives.

    `datewire run` claims its folder, so a cleaner can tell a live run from a dead one: the kernel drops
    the lock when the process dies, even by SIGKILL. Airflow runs are not claimed (no single process
    lives through their tasks); their folders go by the run's status in the warehouse.
    """

    def __init__(self, folder: Path):
        self.path = Path(folder) / _OWNER
        self._handle = open(self.path, "a+")  # noqa: SIM115 - held until release()
        fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(f"pid {os.getpid()}")
        self._handle.flush()

    def release(self) -> None:
        if not self._handle.closed:
            self._handle.close()  # closing drops the flock

    def __del__(self) -> None:
        self.release()


def claim_run(staging_dir: Path, run_id: str) -> RunClaim:
    """Claim the run's staging folder for this process (see RunClaim); keep the result referenced."""
    return RunClaim(run_dir(staging_dir, run_id))


def _owner(folder: Path) -> tuple[bool, str | None]:
    """(claimed at all, the live owner's description or None when nobody holds the claim)."""
    path = folder / _OWNER
    if not path.exists():
        return False, None
    try:
        with open(path, "r+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True, handle.read().strip() or "a live process"
            fcntl.flock(handle, fcntl.LOCK_UN)
    except OSError:
        return True, None
    return True, None


def _size_and_newest(folder: Path) -> tuple[int, float]:
    """Bytes under `folder`, and the newest modification time of it or anything in it."""
    total, newest = 0, 0.0
    for dirpath, _, filenames in os.walk(folder):
        for path in [dirpath] + [os.path.join(dirpath, name) for name in filenames]:
            try:
                info = os.lstat(path)
            except OSError:
                continue
            newest = max(newest, info.st_mtime)
            if path != dirpath:
                total += info.st_size
    return total, newest


@dataclass
class StagingFolder:
    """One folder under the staging root, and whether a cleaner may remove it."""

    path: Path
    status: str | None  # the run's status in the warehouse; None when no load was ever recorded
    removable: bool
    why: str
    n_bytes: int


def survey(staging_dir: Path, statuses: dict[str, str], keep: str | None = None,
           finished: bool = False, everything: bool = False, grace_seconds: float = 0.0) -> list[StagingFolder]:
    """Every folder of the staging root, each with whether it may go and why.

    `statuses` maps run ids to their status in the runs table. Removable: the folders of runs recorded
    as abandoned or failed (their staging will never load: a new run starts afresh), of a `datewire run`
    whose process died before its load, and what a kill left while a finished run's folder was being
    deleted. Never removable: a folder claimed by a live process, the folder named `keep`, a run whose
    status is 'running' (it may be loading, under the write lock). With `finished`, also the folders
    of finished runs (partial runs keep theirs for inspection); with `everything`, also folders no load
    ever recorded and no live process claims (an Airflow run still extracting would lose its shards).

    An abandoned or failed run that no `datewire run` claimed is an orchestrator's run (Airflow): its
    load task may still be retried (Airflow retries a failed task, a user clears one), and the retry
    needs the staging. Its folder is only removable once nothing in it has changed for `grace_seconds`
    (settings.staging_grace_hours); `everything` removes it sooner. A `datewire run` is never retried, so
    a dead one's folder goes at once.
    """
    root = Path(staging_dir)
    if not root.is_dir():
        return []
    by_folder = {safe_run_id(run_id): status for run_id, status in statuses.items()}
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name == keep:
            continue
        status = by_folder.get(folder.name)
        if folder.name.startswith(".done-"):
            removable, why = True, "the rest of a finished run's staging, left by a kill while it was deleted"
        elif folder.name.startswith("."):
            continue
        else:
            claimed, live_owner = _owner(folder)
            if live_owner:
                removable, why = False, f"in use by a running `datewire run` ({live_owner})"
            elif status in ("abandoned", "failed") and claimed:
                removable, why = True, f"run {status}: its staged rows will never load"
            elif status in ("abandoned", "failed"):
                age = time.time() - _size_and_newest(folder)[1]
                if age >= grace_seconds:
                    removable, why = True, (f"run {status}, unchanged for {age / 3600:.1f} h (grace "
                                            f"{grace_seconds / 3600:g} h): no retry of its load is expected")
                else:
                    removable = everything
                    why = (f"run {status}, but an orchestrator may still retry its load: kept until it has been "
                           f"unchanged for {grace_seconds / 3600:g} h (DATEWIRE_STAGING_GRACE_HOURS; now "
                           f"{age / 3600:.1f} h; datewire clean --all removes it)")
            elif status == "running" and not claimed:
                removable, why = False, "its run is recorded as running: it may be loading now"
            elif claimed and status in (None, "running"):
                removable, why = True, "its `datewire run` process died before the load committed"
            elif status in ("success", "partial"):
                removable = finished
                why = (f"run {status}: its load is recorded; kept for inspection of its failed batches"
                       if status == "partial" else "run success: its load is recorded")
            else:
                removable = everything
                why = ("no load recorded and no live process claims it: an Airflow run may still be "
                       "extracting (datewire clean --all removes it)")
        found.append(StagingFolder(folder, status, removable, why, _size_and_newest(folder)[0]))
    return found


def remove_folders(folders: list[StagingFolder]) -> list[StagingFolder]:
    """Remove the removable folders (renamed first, so a kill mid-delete leaves a `.done-` folder)."""
    removed = []
    for item in folders:
        if not item.removable or not item.path.exists():
            continue
        trash = item.path if item.path.name.startswith(".done-") else \
            item.path.with_name(f".done-{item.path.name}")
        if trash != item.path:
            shutil.rmtree(trash, ignore_errors=True)
            os.replace(item.path, trash)
        shutil.rmtree(trash, ignore_errors=True)
        removed.append(item)
    return removed
