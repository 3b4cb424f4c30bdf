from pathlib import Path

from pipeline.orchestration import resolve_inputs


def test_relative_inputs_are_read_from_the_project_folder_not_the_workers_cwd(monkeypatch, tmp_path):
    monkeypatch.setenv("DATEWIRE_HOME", str(tmp_path))
    monkeypatch.chdir("/")
    assert resolve_inputs("data/inbox") == [str(tmp_path / "data" / "inbox")]
    assert resolve_inputs("data/inbox/*.jsonl") == [str(tmp_path / "data" / "inbox" / "*.jsonl")]
    assert resolve_inputs("/abs/path") == ["/abs/path"]
    assert resolve_inputs("~/x") == [str(Path.home() / "x")]


def test_batch_label_names_the_inputs_of_each_batch_and_stays_short(settings, tmp_path):
    from pipeline import runner
    from pipeline.orchestration import batch_label

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(7):
        (folder / f"article-{i:02d}-with-a-rather-long-file-name.txt").write_text(f"Story {i} ran on Monday.\n")
    (folder / "wire.jsonl").write_text("".join(
        f'{{"id": "w{i}", "text": "Wire item {i} on 3 March 2024. {"x" * 80}"}}\n' for i in range(40)))
    settings = settings.with_(batch_size=4, batch_bytes=2000)
    plan = runner.plan_run(settings, [str(folder)], "run-1")
    labels = [batch_label("run-1", b, settings) for b in range(plan.n_batches)]
    assert plan.n_batches >= 3
    assert all(len(label) <= 100 for label in labels), labels
    assert labels[0].startswith(f"batch 1/{plan.n_batches}: article-00-with-a-rather-long-file-name.txt")
    assert "more" in labels[0]  # four long names do not fit: the rest is counted
    parts = [label for label in labels if "wire.jsonl from line" in label]
    assert parts and any("wire.jsonl from line 1" in label for label in parts)
    assert len({label for label in labels}) == len(labels)


def test_refresh_outputs_rebuilds_the_data_docs_of_the_warehouse(settings):
    from conftest import SAMPLES

    from pipeline.orchestration import OUTPUT_STEPS, refresh_outputs
    from pipeline.runner import run_pipeline

    run_pipeline([str(SAMPLES)], settings)
    written = refresh_outputs(settings)
    assert list(written) == [name for name, _ in OUTPUT_STEPS] == ["quality_docs", "timeline_page"]
    assert Path(written["timeline_page"]).is_file()
    index = settings.quality_dir / "site" / "index.html"
    assert written["quality_docs"] == str(index) and index.is_file()
    assert "events" in index.read_text()


def test_the_airflow_summary_shows_the_rows_this_run_loaded_not_the_oldest(pipeline_env, tmp_path):
    from dataclasses import asdict

    from pipeline import runner
    from pipeline.orchestration import summarise_run

    def article(name: str, day: str, place: str) -> Path:
        path = tmp_path / name / f"{name}.txt"
        path.parent.mkdir()
        path.write_text(f"{place} talks\n\n{place.upper()}, {day} - Officials from Poland met in {place} on {day}, "
                        "a spokesman said.\n")
        return path.parent

    runner.run_pipeline([str(article("older", "3 May 2019", "Vilnius"))], pipeline_env)
    summary = runner.run_pipeline([str(article("newer", "7 July 2024", "Tallinn"))], pipeline_env)
    preview = summarise_run(asdict(summary)).split("that this run loaded")[1]
    assert "newer" in preview and "2024-07-07" in preview
    assert "older" not in preview and "2019" not in preview
