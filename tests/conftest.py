"""Shared fixtures: an isolated warehouse and staging folder per test, and the shared corpora."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

# GX must never try to phone home from a test run.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose warehouse, staging and quality folders live in this test's tmp_path."""
    return Settings(warehouse=tmp_path / "warehouse.duckdb", staging_dir=tmp_path / "staging",
                    quality_dir=tmp_path / "quality", lock_timeout=5.0)


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {SHARED_CORPUS}")
    return SHARED_CORPUS
