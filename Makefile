# pacnet: `make run` serves the demo, `make test` runs lint and the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PACNET := $(VENV)/bin/pacnet
PY_STAMP := $(VENV)/.pacnet-installed
JS_STAMP := node_modules/.pacnet-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs in this process (pdb).
TEST_WORKERS ?= auto

.PHONY: setup run test lint test-sqlite test-postgres test-kiosk bench clean messages
# Development commands run in debug, with its development secret key; production sets its own.
run messages lint bench: export PACNET_DEBUG ?= 1

setup: $(PY_STAMP) $(JS_STAMP) messages

$(PY_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end libraries come pinned from npm; Django serves them from node_modules.
$(JS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(PY_STAMP)
	cd pacnet && ../$(PACNET) compilemessages --verbosity 0

run: setup
	$(PACNET) migrate --no-input
	$(PACNET) load_demo
	$(PACNET) runserver $(HOST):$(PORT)

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PACNET) makemigrations --check --dry-run

test: setup lint test-sqlite test-postgres test-kiosk

test-sqlite: setup
	$(VENV)/bin/pytest -n $(TEST_WORKERS)

test-postgres: setup
	PACNET_TEST_DATABASE=postgres $(VENV)/bin/pytest -n $(TEST_WORKERS)

# The kiosk client: its own package and virtualenv (PySide6), against a real server process.
test-kiosk: setup
	$(MAKE) -C kiosk test

bench: setup
	$(PY) -m bench

clean:
	$(MAKE) -C kiosk clean
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
