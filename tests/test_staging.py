from staged_rows import document_row, mention_row, shard_of

from pipeline.staging import Shard, list_shards, read_shard, run_dir, safe_run_id, write_shard


def test_run_ids_become_safe_folder_names(tmp_path):
    assert safe_run_id("manual__2026-11-22T10:00:00+00:00") == "manual__2026-11-22T10_00_00_00_00"
    assert run_dir(tmp_path, "a:b").name == "a_b"


def test_a_shard_round_trips_and_a_rewrite_replaces_it(tmp_path):
    shard = shard_of([document_row()], [mention_row()], [])
    folder = write_shard(tmp_path / "extracted" / "shard-00000", shard)
    again = read_shard(folder)
    assert again.tables["documents"].column("doc_id").to_pylist() == ["doc-a"]
    assert again.summary["n_mentions"] == 1

    write_shard(folder, Shard.from_rows({}, {"n_mentions": 0}))
    assert read_shard(folder).tables["mentions"].num_rows == 0
    assert [p.name for p in (tmp_path / "extracted").iterdir()] == ["shard-00000"]  # no temp folders left


def test_unfinished_shards_are_not_listed(tmp_path):
    write_shard(tmp_path / "validated" / "shard-00001", shard_of([], [], []))
    (tmp_path / "validated" / ".shard-00002.tmp-1234").mkdir()
    (tmp_path / "validated" / "shard-00003.failed.json").write_text("{}")
    assert [p.name for p in list_shards(tmp_path / "validated")] == ["shard-00001"]
    assert list_shards(tmp_path / "missing") == []
