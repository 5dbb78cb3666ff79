# Thin wrappers around the real commands; `make help` lists them.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
EXAMPLE ?= examples/asker

.PHONY: help install install-dev system-deps serve sdg lint typecheck test check

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

install:  ## install goalgraph (editable) with its runtime dependencies
	$(PYTHON) -m pip install --quiet -e .

install-dev:  ## install goalgraph with the test and lint tools
	$(PYTHON) -m pip install --quiet -e '.[dev]'

system-deps:  ## install Debian's Chromium (browser tests) and Virtuoso (remote store tests)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v virtuoso-t >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; }

serve: install  ## install and serve the example model at http://127.0.0.1:8000/
	goalgraph serve $(EXAMPLE)

sdg:  ## regenerate ontology/sdg.ttl from data/sdg/
	goalgraph sdg build

lint:  ## ruff lint and format check
	ruff check src tests benchmarks
	ruff format --check src tests benchmarks

typecheck:  ## mypy (strict) on the package
	mypy

test:  ## the whole test suite
	$(PYTHON) -m pytest

check: install-dev system-deps lint typecheck test  ## install everything, then lint, type-check and test
