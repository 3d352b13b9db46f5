# newswatch: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
DATE ?= 2019-11-08
SOURCES ?= seeds/sources.yaml
export NEWSWATCH_HOME := $(CURDIR)

.PHONY: venv demo run backfill compose-check test test-unit test-dags test-integration lint typecheck bench snapshot gold clean

venv: $(BIN)/.synced

$(BIN)/.synced: uv.lock pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(BIN)/uv sync --frozen --quiet --python $(BIN)/python
	@touch $@

demo: venv
	@scripts/demo.sh

run: venv
	@scripts/airflow.sh run "$(DATE)" "$(SOURCES)"

# make backfill FROM=2019-10-01 TO=2019-10-07 SOURCES=seeds/sources.yaml: one idempotent run per day
backfill: venv
	@scripts/airflow.sh backfill "$(FROM)" "$(TO)" "$(SOURCES)"

test: venv
	@scripts/compose-check.sh
	@$(BIN)/ruff check .
	@$(BIN)/mypy
	@$(BIN)/pytest -q tests

compose-check: venv
	@scripts/compose-check.sh

test-unit: venv
	@$(BIN)/pytest -q tests/unit

test-dags: venv
	@$(BIN)/pytest -q tests/dags

test-integration: venv
	@$(BIN)/pytest -q tests/integration

lint: venv
	@$(BIN)/ruff check .

typecheck: venv
	@$(BIN)/mypy

bench: venv
	@$(BIN)/python bench/run.py

snapshot: venv
	@$(BIN)/python seeds/snapshot/build.py

gold: venv
	@$(BIN)/python tests/gold/build_gold.py

clean:
	rm -rf .airflow data/runs data/state data/archive data/*.duckdb* data/report.html
