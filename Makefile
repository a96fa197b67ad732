# DetailHire: `make run` to try it, `make test` to check it. See README.md.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# The install is redone only when pyproject.toml or constraints.txt change.
DEPS_HASH := $(shell cat pyproject.toml constraints.txt 2>/dev/null | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(DEPS_HASH)
ARGS ?=

.PHONY: help install run test bench bench-scale lint migrate seed lock check-deploy

help:
	@echo "make run     install, migrate, load demo data, start web + worker + beat (Ctrl-C stops)"
	@echo "make test    the whole test suite (PostgreSQL when it answers locally, else SQLite)"
	@echo "make install create $(VENV)/ with the app and test dependencies"
	@echo "make bench   benchmarks (bench/*.py), figures and ratios to targets"
	@echo "make bench-scale  250 agencies and 1,000,000 jobs: every page, small and large (minutes)"
	@echo "make lint    ruff check . and the import contracts (lint-imports)"
	@echo "make migrate / make seed / make lock"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || { \
		py=$$(command -v $(PYTHON) || command -v python3); \
		test -n "$$py" || { echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1; }; \
		echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); }
	@$(PY) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 13) else \
		"$(VENV) has Python %d.%d; DetailHire needs 3.11 or 3.12: remove $(VENV) and set PYTHON" % sys.version_info[:2])'
	$(PY) scripts/deps.py > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -c constraints.txt -r $(VENV)/requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)
	@echo "Installed into $(VENV)/"

run: install
	$(PY) scripts/devserver.py

test: install
	@scripts/test.sh $(ARGS)

bench: install
	@scripts/bench.sh $(ARGS)

# Not part of `make bench`: it builds a 1,000,000-job database (kept: ARGS=--reuse reuses it).
# Not under nice: the build's work runs in PostgreSQL's own processes, and a niced web server
# would measure the other work on the machine rather than the pages.
bench-scale: install
	cd bench && ../$(PY) scale.py $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

migrate: install
	@mkdir -p $${DETAILHIRE_VAR_DIR:-var}
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Regenerate constraints.txt from the working .venv after changing pyproject.toml.
lock:
	$(PY) scripts/deps.py --lock > constraints.txt

check-deploy: install
	DJANGO_ENV=production SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz} \
		ALLOWED_HOSTS=$${ALLOWED_HOSTS:-detailhire.example} $(PY) manage.py check --deploy --fail-level WARNING
