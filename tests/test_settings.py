from datetime import date
from pathlib import Path

import pytest

from pipeline.models import Document, Rejection, content_hash
from pipeline.settings import Settings


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("DATEWIRE_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("DATEWIRE_MAX_INPUT_BYTES", "1234")
    settings = Settings()
    assert settings.warehouse == tmp_path / "w.duckdb" and settings.max_input_bytes == 1234
    assert settings.lock_path == tmp_path / "w.duckdb.lock"


def test_a_bad_number_in_the_environment_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("DATEWIRE_BATCH_SIZE", "many")
    with pytest.raises(ValueError, match="DATEWIRE_BATCH_SIZE must be an integer"):
        Settings()


def test_with_ignores_none_so_unset_flags_fall_through():
    settings = Settings(warehouse=Path("a.duckdb"), reprocess=True)
    assert settings.with_(warehouse=None, reprocess=None) == settings
    assert settings.with_(reference_date=date(2024, 1, 1)).reference_date == date(2024, 1, 1)


def test_content_hash_changes_with_what_changes_extraction():
    base = content_hash("text", date(2024, 1, 1))
    assert content_hash("text", date(2024, 1, 2)) != base
    assert content_hash("text!", date(2024, 1, 1)) != base
    assert Document(doc_id="a", text="text", source="s", published_date=date(2024, 1, 1)).content_hash == base


def test_body_spans_decide_in_body_and_none_means_everything():
    doc = Document(doc_id="a", text="menu\nbody text\nfooter", source="s", body_spans=[(5, 14)])
    assert doc.in_body(5, 9) and not doc.in_body(0, 4) and not doc.in_body(10, 20)
    assert Document(doc_id="b", text="x", source="s").in_body(0, 1)


def test_rejection_payloads_are_truncated():
    assert len(Rejection("s", "", "read", "why", payload="x" * 2000).payload) == 501


def test_the_document_budget_has_defaults_and_is_validated(monkeypatch):
    monkeypatch.delenv("DATEWIRE_DOCUMENT_BUDGET", raising=False)
    monkeypatch.delenv("DATEWIRE_DOCUMENT_MEMORY_MB", raising=False)
    settings = Settings()
    assert settings.document_budget == 120.0 and settings.document_memory_mb == 2048
    monkeypatch.setenv("DATEWIRE_DOCUMENT_BUDGET", "2.5")
    monkeypatch.setenv("DATEWIRE_DOCUMENT_MEMORY_MB", "0")
    assert (Settings().document_budget, Settings().document_memory_mb) == (2.5, 0)
    for bad, message in (("soon", "DATEWIRE_DOCUMENT_BUDGET must be a number, got 'soon'"),
                         ("nan", "DATEWIRE_DOCUMENT_BUDGET must be a finite number"),
                         ("-1", r"document_budget must be at least 0, got -1.0 \(DATEWIRE_DOCUMENT_BUDGET\)")):
        monkeypatch.setenv("DATEWIRE_DOCUMENT_BUDGET", bad)
        with pytest.raises(ValueError, match=message):
            Settings()
    monkeypatch.delenv("DATEWIRE_DOCUMENT_BUDGET")
    with pytest.raises(ValueError, match="document_memory_mb must be at least 0"):
        Settings(document_memory_mb=-5)
