# Two commands do everything on a fresh Debian machine:
#   make serve   build and serve the portfolio on http://127.0.0.1:8000 (live reload)
#   make test    run the whole test suite (lint, unit, pipeline, end-to-end, browser)
# Both create .venv, install the locked dependencies and the system packages they need.

SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
NODE_DEPS := $(if $(wildcard package-lock.json),$(NODE_STAMP),)
ENSURE := scripts/ensure-system-tools.sh
CLI := $(VENV)/bin/portfolio
AUDIENCE ?= public
export NO_MKDOCS_2_WARNING := 1
# No .pyc written while running: the core is watched by `mkdocs serve`, and a fresh .pyc would
# trigger a second rebuild. Bytecode is compiled ahead instead (`venv`: the libraries at install,
# the core on every make run, which is quick when nothing changed).
export PYTHONDONTWRITEBYTECODE := 1

# uv installs the hashed lock in seconds; re-installs only when the lock or pyproject changes.
# --compile-bytecode: the libraries' .pyc files are written once here. Every command runs with
# PYTHONDONTWRITEBYTECODE=1 (above), so without them each run compiled Playwright, pypdf, typer
# and MkDocs from source again (over a second of `make pdf`).
$(STAMP): requirements.lock pyproject.toml
	@$(ENSURE) venv
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@echo "Installing locked Python dependencies into $(VENV) ..."
	@$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps --require-hashes --compile-bytecode -r requirements.lock
	@$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

$(NODE_STAMP): package-lock.json
	@$(ENSURE) node
	@npm ci --silent --no-audit --no-fund
	@touch $@

.PHONY: help venv system serve build check new pdf kit lint test test-fast bench audit lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

venv: $(STAMP)
	@if [ -x $(PY) ]; then $(PY) -m compileall -q -j0 scripts/interview_portfolio >/dev/null; fi

system:
	@$(ENSURE) build browser

serve: venv ## Build and serve the portfolio with live reload on http://127.0.0.1:8000
	@$(ENSURE) build
	@$(CLI) serve-site

build: venv ## Build site/ (strict) for AUDIENCE=public|me|interviewer; a failed build changes nothing
	@$(ENSURE) build
	@$(CLI) build-site --audience $(AUDIENCE)

check: venv ## Validate every story and trial-render the site; report every problem at once
	@$(ENSURE) build
	@$(CLI) check-stories $(if $(STRICT),--strict,)

new: venv ## Scaffold a story: make new TITLE='...' [KIND=star|deep-dive|outline] [SLUG=...]
	@$(CLI) new-story --kind $(or $(KIND),star) $(if $(value SLUG),--slug "$$PORTFOLIO_SLUG",) -- "$$PORTFOLIO_TITLE"
# The title reaches the CLI as data: never expanded by make, never parsed by the shell.
new: export PORTFOLIO_TITLE = $(value TITLE)
new: export PORTFOLIO_SLUG = $(value SLUG)
unexport TITLE SLUG

pdf: venv ## Build for AUDIENCE, then print the pack, packet and cue cards to site/pdf/ [PAPER=Letter]
	@$(ENSURE) build browser
	@$(CLI) print-pdfs --build --audience $(AUDIENCE) $(if $(PAPER),--paper $(PAPER),)

kit: venv ## Make the mock-interviewer kit (site + PDF, no answers) in kit/
	@$(ENSURE) build browser
	@$(CLI) make-kit $(if $(PAPER),--paper $(PAPER),)

lint: venv ## ruff and mypy, zero findings
	@$(VENV)/bin/ruff check scripts macros tests
	@$(VENV)/bin/mypy

test: venv $(NODE_DEPS) lint ## Run the whole test suite
	@$(ENSURE) build browser
	$(PY) -m pytest

test-fast: venv ## Unit tests only (seconds)
	$(PY) -m pytest -m "not e2e and not browser"

bench: venv ## Time builds at 10/100/1,000 stories against Material alone; report sizes (by hand)
	@$(ENSURE) build browser
	@$(PY) scripts/benchmark.py

audit: venv $(NODE_DEPS) ## Lighthouse and axe on every page type of a fresh build
	@$(ENSURE) build browser
	@$(CLI) build-site --audience public --site-dir .cache/portfolio/audit-site
	@node scripts/audit-site.mjs .cache/portfolio/audit-site

lock: venv ## Re-resolve requirements.lock from pyproject.toml
	@$(VENV)/bin/uv pip compile pyproject.toml --extra test --override scripts/dependency-overrides.txt \
	  --generate-hashes --no-emit-index-url --no-header --python-version 3.11.7 -o requirements.lock

clean: ## Remove generated files (site, kit, caches); keeps .venv and node_modules
	rm -rf site kit .site-build-* .site-previous .cache .pytest_cache
