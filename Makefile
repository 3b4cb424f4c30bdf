# Datewire: `make run` sets everything up and runs the main DAG on the bundled samples;
# `make test` runs the whole test suite. Both work on a fresh machine with Python 3.11.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
# uv lives in a small venv of its own, so setup needs neither root nor a system-wide pip install.
UV := .tools/bin/uv
ENV := source scripts/env.sh &&

.PHONY: help setup run test airflow airflow-start airflow-stop airflow-status quality benchmark clean distclean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

.airflow/airflow.db: .venv/.synced
	@$(ENV) airflow db migrate > /dev/null

setup: .venv/.synced .airflow/airflow.db  ## create the environment and Airflow's metadata database

run: setup  ## run the news_events DAG once over data/samples and show what it loaded
	@$(ENV) python scripts/run_dag.py --input-path data/samples
	@$(ENV) datewire summary

test: setup  ## run the whole test suite
	@$(ENV) python -m pytest $(PYTEST_ARGS)

airflow: setup  ## Airflow in the foreground (UI at http://127.0.0.1:8080); Ctrl-C, SIGTERM or SIGHUP stops it all
	@$(ENV) exec python scripts/airflow_standalone.py

# CELERY_WORKERS=2: CeleryExecutor with that many local workers (README "Celery on this machine").
CELERY_WORKERS ?= 0

airflow-start: setup  ## Airflow in the background; returns when the UI is up and news_events parsed
	@$(ENV) python scripts/airflow_service.py start --celery-workers $(CELERY_WORKERS)

airflow-stop:  ## stop everything airflow-start started (SIGTERM, then SIGKILL after 20 s)
	@$(ENV) python scripts/airflow_service.py stop

airflow-status:  ## what of the background Airflow runs, and whether its API answers
	@$(ENV) python scripts/airflow_service.py status

quality: setup  ## build Great Expectations Data Docs of the warehouse under data/quality/
	@$(ENV) datewire quality-docs

benchmark: setup  ## every benchmark on ../shared/corpus, written to BENCHMARKS.md
	@$(ENV) python benchmarks/temporal_benchmark.py --write BENCHMARKS.md
	@$(ENV) python benchmarks/seeds_report.py --write BENCHMARKS.md
	@$(ENV) python benchmarks/boilerplate_report.py --write BENCHMARKS.md
	@$(ENV) python benchmarks/gold_audit.py --write BENCHMARKS.md
	@$(ENV) python benchmarks/events_benchmark.py --write BENCHMARKS.md
	@$(ENV) python benchmarks/clusters_benchmark.py --write BENCHMARKS.md

clean:  ## remove runtime output (warehouse, staging, quality docs, Airflow home)
	rm -rf data/warehouse.duckdb* data/staging data/quality .airflow

distclean: clean  ## also remove the environments (.venv, .tools)
	rm -rf .venv .tools
