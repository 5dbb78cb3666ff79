# Thin wrappers around the real commands; `make help` lists them.
# Every tool runs from the project's virtual environment (.venv), which the first target
# that needs it creates: Debian's own python3 refuses `pip install` outside one.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= examples/asker
HOST ?= 127.0.0.1
PORT ?= 8000
# apt-get through sudo only when not root and sudo is there (a container runs as root).
SUDO := $(shell if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
# What pip installed, so that a second `make` does not install again (redone when
# pyproject.toml changes).
INSTALLED := $(VENV)/.installed
INSTALLED_DEV := $(VENV)/.installed-dev

.PHONY: help venv install install-dev system-deps serve sdg lint typecheck test check

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

# Debian ships `venv` without its pip bootstrap unless python3-venv is installed; a failed
# attempt leaves a half-made folder, which is removed before trying again.
$(BIN)/pip:
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { \
		rm -rf $(VENV); \
		echo "installing Debian's python3-venv ('$(PYTHON) -m venv' needs it)"; \
		$(SUDO) apt-get update -qq && $(APT_INSTALL) python3-venv >/dev/null && \
		$(PYTHON) -m venv $(VENV); }

venv: $(BIN)/pip  ## create the virtual environment .venv (installing python3-venv if needed)

$(INSTALLED): pyproject.toml | $(BIN)/pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(INSTALLED_DEV): pyproject.toml | $(BIN)/pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(INSTALLED)

install: $(INSTALLED)  ## install goalgraph (editable) with its runtime dependencies into .venv

install-dev: $(INSTALLED_DEV)  ## install goalgraph with the test and lint tools into .venv

system-deps:  ## install Debian's Chromium and npm (browser tests), Virtuoso (store tests), a Java runtime (reason)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && $(APT_INSTALL) $$missing >/dev/null; \
	fi

serve: $(INSTALLED)  ## serve an example at http://127.0.0.1:8000/ (change with HOST=, PORT=, EXAMPLE=)
	$(BIN)/goalgraph serve $(EXAMPLE) --host $(HOST) --port $(PORT)

sdg: $(INSTALLED)  ## regenerate ontology/sdg.ttl from data/sdg/
	$(BIN)/goalgraph sdg build

lint: $(INSTALLED_DEV)  ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(INSTALLED_DEV)  ## mypy (strict) on the package
	$(BIN)/mypy

test: $(INSTALLED_DEV)  ## the whole test suite
	$(BIN)/python -m pytest

check: install-dev system-deps lint typecheck test  ## install everything, then lint, type-check and test
