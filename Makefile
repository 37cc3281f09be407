# News-event warehouse. `make run` builds the warehouse; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANIFEST := dbt_project/target/manifest.json
UI_HOST ?= 127.0.0.1
UI_PORT ?= 3000
DOCS_PORT ?= 8080

# One warehouse path for Python and dbt; made absolute so dbt (run from dbt_project/) agrees.
DUCKDB_PATH ?= data/warehouse.duckdb
ARTICLES_DIR ?= seeds/articles
export DUCKDB_PATH := $(abspath $(DUCKDB_PATH))
export ARTICLES_DIR := $(abspath $(ARTICLES_DIR))
# Each warehouse has its own Dagster home, logs and reports beside the .duckdb file (the paths
# come from newswh/config.py): INSTANCE prepares the home and runs a command with DAGSTER_HOME set.
INSTANCE := $(BIN)/python -m orchestration.instance
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := 1
export PATH := $(BIN):$(PATH)

DBT_INPUTS := $(shell find dbt_project/models dbt_project/macros dbt_project/tests dbt_project/analyses seeds/reference -type f 2>/dev/null) dbt_project/dbt_project.yml

.PHONY: help install lock manifest lint browser-deps redis-deps run run-distributed test test-unit test-integration test-browser mutation ui docs docs-static bench eval-time eval-events eval-dates eval-coding eval-judged clean

help:
	@echo "make run            build the warehouse from \$$ARTICLES_DIR (default seeds/articles) into \$$DUCKDB_PATH"
	@echo "make run-distributed WORKERS=N   the same build, extraction on N local Celery workers (redis-server)"
	@echo "make test           install what is needed and run the whole test suite"
	@echo "make lint           ruff lint and format check (part of make test)"
	@echo "make mutation       break key rules one at a time and check that tests fail (slow)"
	@echo "make ui             Dagster UI on http://$(UI_HOST):$(UI_PORT) for the warehouse \$$DUCKDB_PATH"
	@echo "make docs           dbt docs on http://127.0.0.1:$(DOCS_PORT)"
	@echo "make eval-time      score the time tagger on ../shared/timeml/{timebank,aquaint} and the gap"
	@echo "make eval-events    build a warehouse from ../shared/events_dev and score its events (slow)"
	@echo "make eval-dates     document dates on ../shared/corpus with every date withheld: coverage, accuracy by band"
	@echo "make eval-judged    judged precision of the tune/check samples, re-extracted with the current code"
	@echo "make eval-coding    share of asserted event mentions with a coded source, ../shared/corpus and ISAF dev (slow)"
	@echo "make bench          speed benchmarks (bench/)"

UV_VERSION := 0.13.9
LOCK := requirements.lock

# The environment is the lock file, hashes and all (the spaCy model package too); the project
# itself is installed on top, editable and without dependencies of its own.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --python $(BIN)/python --compile-bytecode --quiet --require-hashes -r $(LOCK)
	$(BIN)/uv pip install --python $(BIN)/python --compile-bytecode --quiet --no-deps -e .
	touch $@

# Re-resolve the lock after editing dependencies in pyproject.toml.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --quiet -o $(LOCK)

install: $(STAMP)

# The dbt manifest is a build product: Dagster loads it, it never parses dbt on code load.
# newswh-dbt is dbt whose parse does not depend on the warehouse's path: a new warehouse's first
# build starts from this one (orchestration/dbt_cli.py).
$(MANIFEST): $(STAMP) $(DBT_INPUTS)
	cd dbt_project && newswh-dbt parse --profiles-dir . --quiet
	touch $@

manifest: $(MANIFEST)

# ruff lint and format check (config in pyproject.toml); `make test` runs it first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

run: $(MANIFEST)
	$(BIN)/python -m orchestration.run

# Same build, extraction spread over WORKERS local Celery workers and a throwaway redis-server
# (README "Distributed"); everything it starts is stopped when it ends, also on failure.
WORKERS ?= 2
run-distributed: $(MANIFEST) redis-deps
	$(BIN)/python -m orchestration.cluster --workers $(WORKERS)

# The distributed build and its test need Debian's redis-server; installed like chromium below.
REDIS_BIN ?= /usr/bin/redis-server
redis-deps:
	@test -x $(REDIS_BIN) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian redis-server for the distributed build"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null; \
	  else \
	    echo "the distributed build needs Debian's redis-server at $(REDIS_BIN): apt-get install redis-server" >&2; \
	    exit 1; \
	  fi; }

# The browser tests drive Debian's chromium; make test installs it (as root) or names what is missing.
# The one the Makefile checks is the one the tests drive (tests/browser/conftest.py reads NEWSWH_CHROMIUM).
CHROMIUM_BIN ?= $(or $(NEWSWH_CHROMIUM),/usr/bin/chromium)
export NEWSWH_CHROMIUM := $(CHROMIUM_BIN)
browser-deps:
	@test -x $(CHROMIUM_BIN) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "make test needs Debian's chromium at $(CHROMIUM_BIN) for the browser tests: apt-get install chromium" >&2; \
	    exit 1; \
	  fi; }

# The integration tier runs beside the unit and browser tiers: its builds wait on dbt, Dagster and
# servers for much of their time, and one pytest left one of the two cores idle (CI went past 25
# minutes). Every test has exactly one tier marker (tests/unit/test_tier_markers.py), so the two
# runs are the whole suite; the integration log is printed after, and either failing fails make.
test: $(MANIFEST) lint browser-deps redis-deps
	@log=$$(mktemp); \
	$(BIN)/python -m pytest -m integration > $$log 2>&1 & integration=$$!; \
	$(BIN)/python -m pytest -m "not integration"; others=$$?; \
	wait $$integration; integration_rc=$$?; \
	echo "== integration tier (ran beside the tiers above)"; cat $$log; rm -f $$log; \
	echo "== exit: unit and browser tiers $$others, integration tier $$integration_rc"; \
	test $$others -eq 0 -a $$integration_rc -eq 0

test-unit: $(MANIFEST)
	$(BIN)/python -m pytest -m unit

test-integration: $(MANIFEST) redis-deps
	$(BIN)/python -m pytest -m integration

test-browser: $(MANIFEST) browser-deps
	$(BIN)/python -m pytest -m browser

# Break one rule at a time in a temporary copy and check a test notices (README "Testing").
mutation: $(MANIFEST)
	$(BIN)/python tests/mutation/run_mutations.py

ui: $(MANIFEST)
	$(INSTANCE) exec $(BIN)/dagster dev -h $(UI_HOST) -p $(UI_PORT) -w workspace.yaml

# The docs of the warehouse $$DUCKDB_PATH, generated into its own dbt/target (INSTANCE sets DBT_TARGET_PATH)
# by newswh-dbt, which keeps the parse its builds left (orchestration/dbt_cli.py).
DBT_DIRS := --project-dir dbt_project --profiles-dir dbt_project
docs: run
	$(INSTANCE) exec $(BIN)/newswh-dbt docs generate $(DBT_DIRS) --quiet
	$(INSTANCE) exec $(BIN)/dbt docs serve $(DBT_DIRS) --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

docs-static: run
	$(INSTANCE) exec $(BIN)/newswh-dbt docs generate $(DBT_DIRS) --static --quiet
	$(INSTANCE) exec sh -c 'echo "open $$DBT_TARGET_PATH/static_index.html"'

# Regenerates seeds/reference/cameo_verb_lexicon.csv from the PETRARCH2 CAMEO verb dictionary (deterministic).
cameo-lexicon: $(STAMP)
	$(BIN)/python -m newswh.events.petrarch ../shared/reference/petrarch2/CAMEO.2.0.txt

eval-time: $(STAMP)
	$(BIN)/python -m newswh.time.timeml_eval $(EVAL_ARGS)

# Builds a warehouse from the ISAF dev set in a temporary folder; EVAL_ARGS e.g. --totals-only.
eval-events: $(MANIFEST)
	$(BIN)/python -m newswh.evals.eval_events $(EVAL_ARGS)

# Ingest + document-date path of make run on ../shared/corpus with its dates withheld; EVAL_ARGS e.g. --by-signal.
eval-dates: $(STAMP)
	$(BIN)/python -m newswh.evals.eval_dates $(EVAL_ARGS)

# Re-extracts the judged articles of ../shared/corpus (no warehouse) and scores the hand verdicts.
eval-judged: $(STAMP)
	$(BIN)/python -m newswh.evals.eval_judged $(EVAL_ARGS)

# Builds a warehouse from ../shared/corpus and one from the ISAF dev set (as eval-events does).
eval-coding: $(MANIFEST)
	$(BIN)/python -m newswh.evals.eval_coding $(EVAL_ARGS)

bench: $(MANIFEST)
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)

# Removes the default warehouse folder (data/), the one named by DUCKDB_PATH (its file, Dagster home, dbt/,
# logs and reports; not the rest of its folder), and the checkout-wide .dagster/ of older versions.
clean:
	if test -x $(BIN)/python; then $(INSTANCE) clean; fi
	rm -rf data dbt_project/target dbt_project/logs .dagster
