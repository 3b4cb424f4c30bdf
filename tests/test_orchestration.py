from pathlib import Path

from pipeline.orchestration import resolve_inputs


def test_relative_inputs_are_read_from_the_project_folder_not_the_workers_cwd(monkeypatch, tmp_path):
    monkeypatch.setenv("DATEWIRE_HOME", str(tmp_path))
    monkeypatch.chdir("/")
    assert resolve_inputs("data/inbox") == [str(tmp_path / "data" / "inbox")]
    assert resolve_inputs("data/inbox/*.jsonl") == [str(tmp_path / "data" / "inbox" / "*.jsonl")]
    assert resolve_inputs("/abs/path") == ["/abs/path"]
    assert resolve_inputs("~/x") == [str(Path.home() / "x")]
