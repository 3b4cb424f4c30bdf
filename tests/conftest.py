"""Shared fixtures: an isolated warehouse and staging folder per test, and the shared corpora."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"

# GX must never try to phone home from a test run.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

# Airflow reads its configuration once, at import: point it at a throwaway home before any test imports
# it, so tests never touch the developer's .airflow/ (and its UI database).
AIRFLOW_TEST_HOME = Path(tempfile.mkdtemp(prefix="datewire-airflow-"))
os.environ["AIRFLOW_HOME"] = str(AIRFLOW_TEST_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
os.environ.setdefault("AIRFLOW__CORE__PARALLELISM", "2")


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


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """A migrated SQLite metadata database in the throwaway Airflow home."""
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True,
                   env=os.environ.copy(), timeout=300)
    return AIRFLOW_TEST_HOME


@pytest.fixture
def pipeline_env(settings, monkeypatch) -> Settings:
    """Point the pipeline's environment (read by DAG tasks) at this test's warehouse and staging."""
    monkeypatch.setenv("DATEWIRE_WAREHOUSE", str(settings.warehouse))
    monkeypatch.setenv("DATEWIRE_STAGING", str(settings.staging_dir))
    monkeypatch.setenv("DATEWIRE_QUALITY", str(settings.quality_dir))
    return settings
