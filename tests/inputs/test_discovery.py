"""Tests for pipeline.inputs.discovery: files, folders, globs, and only regular files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from input_fixtures import (
    ARTICLE,
    HTML_PAGE,
    jsonl,
    write,
)

from pipeline.inputs import (
    SUPPORTED_SUFFIXES,
    discover,
    read_input,
)
from pipeline.models import Rejection
from pipeline.settings import Settings

# ---------------------------------------------------------------------------------------------- discover


def test_supported_suffixes_include_gzip_of_each():
    for plain in (".txt", ".html", ".htm", ".jsonl", ".ndjson"):
        assert plain in SUPPORTED_SUFFIXES
        assert plain + ".gz" in SUPPORTED_SUFFIXES


def test_discover_single_file(tmp_path):
    f = write(tmp_path / "a.txt", ARTICLE)
    files, rejections = discover([str(tmp_path / "a.txt")])
    assert files == [f]
    assert rejections == []
    assert os.path.isabs(files[0].path)
    assert files[0].size == len(ARTICLE.encode())


def test_discover_directory_recursive_skips_hidden_and_backups_reports_unsupported(tmp_path):
    write(tmp_path / "in" / "b.txt", ARTICLE)
    write(tmp_path / "in" / "sub" / "deeper" / "a.jsonl", jsonl({"id": 1, "text": ARTICLE}))
    write(tmp_path / "in" / "sub" / "c.html", HTML_PAGE)
    write(tmp_path / "in" / "sub" / "d.txt.gz", ARTICLE)
    write(tmp_path / "in" / ".hidden.txt", ARTICLE)
    write(tmp_path / "in" / ".git" / "x.txt", ARTICLE)
    write(tmp_path / "in" / "b.txt~", ARTICLE)
    write(tmp_path / "in" / "#b.txt#", ARTICLE)
    write(tmp_path / "in" / "notes.docx", b"PK\x03\x04")
    write(tmp_path / "in" / "archive.tar.gz", b"x")
    files, rejections = discover([str(tmp_path / "in")])
    names = [os.path.relpath(f.path, tmp_path / "in") for f in files]
    assert names == sorted(["b.txt", "sub/deeper/a.jsonl", "sub/c.html", "sub/d.txt.gz"])
    assert {(os.path.basename(r.source), r.reason) for r in rejections} == {
        ("notes.docx", "unsupported file type .docx"),
        ("archive.tar.gz", "unsupported file type .tar.gz"),
    }
    assert all(r.stage == "discover" for r in rejections)


def test_discover_globs_including_double_star(tmp_path):
    write(tmp_path / "inbox" / "one.jsonl", jsonl({"id": 1, "text": ARTICLE}))
    write(tmp_path / "inbox" / "two.jsonl", jsonl({"id": 2, "text": ARTICLE}))
    write(tmp_path / "inbox" / "three.txt", ARTICLE)
    write(tmp_path / "inbox" / "nested" / "four.jsonl", jsonl({"id": 4, "text": ARTICLE}))
    files, rejections = discover([str(tmp_path / "inbox" / "*.jsonl")])
    assert [os.path.basename(f.path) for f in files] == ["one.jsonl", "two.jsonl"]
    files, rejections = discover([str(tmp_path / "**" / "*.jsonl")])
    assert sorted(os.path.basename(f.path) for f in files) == ["four.jsonl", "one.jsonl", "two.jsonl"]
    assert rejections == []


def test_discover_missing_path_and_empty_glob_are_rejections(tmp_path):
    files, rejections = discover([str(tmp_path / "nope.txt"), str(tmp_path / "nothing" / "*.txt")])
    assert files == []
    reasons = {r.reason for r in rejections}
    assert reasons == {"no such file or directory", "glob matched no files"}
    assert all(r.stage == "discover" and r.locator == "" for r in rejections)


def test_discover_explicit_unsupported_file_is_rejected(tmp_path):
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / "README", b"hello")
    files, rejections = discover([str(tmp_path / "photo.png"), str(tmp_path / "README")])
    assert files == []
    assert sorted(r.reason for r in rejections) == [
        "unsupported file type (no extension)", "unsupported file type .png"]


def test_discover_deduplicates_and_sorts(tmp_path):
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a.txt", ARTICLE)
    patterns = [str(tmp_path / "b.txt"), str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "a.txt")]
    files, rejections = discover(patterns)
    assert [os.path.basename(f.path) for f in files] == ["a.txt", "b.txt"]
    assert rejections == []
    assert discover(list(reversed(patterns))) == (files, rejections)


def test_discover_suffix_case_insensitive(tmp_path):
    write(tmp_path / "Loud.TXT", ARTICLE)
    files, _ = discover([str(tmp_path)])
    assert len(files) == 1


def test_discover_takes_existing_names_with_glob_characters_literally(tmp_path):
    write(tmp_path / "report[1].txt", ARTICLE)
    files, rejections = discover([str(tmp_path / "report[1].txt")])
    assert [os.path.basename(f.path) for f in files] == ["report[1].txt"] and rejections == []


def test_discover_skips_folder_readme_in_directories_but_not_when_named(tmp_path):
    write(tmp_path / "inbox" / "README.md", "Drop articles here.")
    write(tmp_path / "inbox" / "LICENSE", "licence text")
    write(tmp_path / "inbox" / "a.txt", ARTICLE)
    files, rejections = discover([str(tmp_path / "inbox"), str(tmp_path / "inbox" / "*")])
    assert [os.path.basename(f.path) for f in files] == ["a.txt"]
    assert rejections == []
    files, rejections = discover([str(tmp_path / "inbox" / "README.md")])
    assert files == [] and [r.reason for r in rejections] == ["unsupported file type .md"]


# --- only regular files are opened ---------------------------------------------------------------

def _special_files(folder: Path) -> dict[str, Path]:
    """A FIFO, a symlink to /dev/zero and a Unix socket, all with supported names, in `folder`."""
    import socket  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    fifo, zero, sock = folder / "fifo.txt", folder / "zero.txt", folder / "sock.jsonl"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))  # the socket file stays after the process exits
    server.close()
    return {"fifo": fifo, "zero": zero, "sock": sock}


SPECIAL_REASONS = {"fifo": "not a regular file (a named pipe (FIFO))",
                   "zero": "not a regular file (a character device)",
                   "sock": "not a regular file (a socket)"}


def test_special_files_are_rejected_in_a_folder_and_by_name(tmp_path):
    special = _special_files(tmp_path / "in")
    (tmp_path / "in" / "good.txt").write_text("A regular article.\n")
    for patterns in ([str(tmp_path / "in")], [str(p) for p in special.values()], [str(tmp_path / "in" / "*")]):
        files, rejections = discover(patterns)
        assert [os.path.basename(f.path) for f in files] == (["good.txt"] if len(patterns) == 1 else [])
        assert {os.path.basename(r.source): r.reason for r in rejections} == {
            p.name: SPECIAL_REASONS[key] for key, p in special.items()}, patterns
        assert all(r.stage == "discover" for r in rejections)


def test_a_path_replaced_by_a_fifo_after_discovery_is_rejected_at_read_time(tmp_path):
    path = tmp_path / "later.txt"
    path.write_text("An article.\n")
    files, _ = discover([str(path)])
    path.unlink()
    os.mkfifo(path)
    results = list(read_input(files[0], Settings(warehouse=tmp_path / "w.duckdb")))  # must not block
    assert len(results) == 1 and isinstance(results[0], Rejection)
    assert results[0].reason == SPECIAL_REASONS["fifo"]


@pytest.mark.parametrize("command", ["run", "extract"])
def test_run_and_extract_never_hang_on_special_files_and_account_for_every_named_input(
        settings, tmp_path, command):
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    special = _special_files(tmp_path / "in")
    (tmp_path / "in" / "good.txt").write_text(
        "Port strike ends\n\nGDANSK, 4 March 2024 - Dock workers in Gdansk ended their strike on Monday.\n")
    missing = tmp_path / "absent.txt"
    env = {**os.environ, "DATEWIRE_WAREHOUSE": str(settings.warehouse),
           "DATEWIRE_STAGING": str(settings.staging_dir)}
    args = [str(tmp_path / "in"), str(special["fifo"]), str(special["zero"]), str(missing)]
    if command == "run":
        args.append("--preview=0")
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", command, *args], env=env,
                            capture_output=True, text=True, timeout=180)
    assert "Traceback" not in result.stderr
    if command == "extract":
        for key in special:
            assert f"rejected {special[key]}: {SPECIAL_REASONS[key]}" in result.stderr, result.stderr
        assert f"rejected {missing}: no such file or directory" in result.stderr
        assert '"doc_id": "good"' in result.stdout
        return
    from pipeline.warehouse import query  # noqa: PLC0415

    # Named twice (in the folder and by name), the FIFO and the link are one input each.
    assert query(settings.warehouse, "SELECT n_inputs, n_documents, n_rejected_inputs FROM runs")[1] == [(5, 1, 4)]
    reasons = dict(query(settings.warehouse, "SELECT source, reason FROM rejections WHERE stage = 'discover'")[1])
    assert reasons == {**{str(p): SPECIAL_REASONS[k] for k, p in special.items()},
                       str(missing): "no such file or directory"}
