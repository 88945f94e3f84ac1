# Two commands do everything on a fresh Debian machine:
#   make serve   build and serve the portfolio on http://127.0.0.1:8000 (live reload)
#   make test    run the whole test suite
# Both create .venv, install the pinned dependencies and the system tools they need.

SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ENSURE := scripts/ensure-system-tools.sh
CLI := $(PY) scripts/portfolio.py
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

# Re-installs only when requirements.txt changes: re-running any target is quick.
$(STAMP): requirements.txt
	@$(ENSURE) python3-venv:python3-venv
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "Installing pinned Python dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

.PHONY: help venv graphviz browser serve build test check new pdf bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

venv: $(STAMP)

graphviz:
	@$(ENSURE) dot:graphviz

browser:
	@$(ENSURE) chromium:chromium pdftoppm:poppler-utils

serve: venv graphviz ## Build and serve the portfolio with live reload on http://127.0.0.1:8000
	$(PY) -m mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: venv graphviz ## Build site/ (strict); a failed build leaves the previous site/ untouched
	@$(CLI) build

check: venv graphviz ## Validate every story; report every problem; exit 1 if any
	@$(CLI) check $(if $(STRICT),--strict,)

new: venv ## Scaffold a story: make new TITLE="..." [KIND=star|deep-dive|outline] [SLUG=...]
	@$(CLI) new "$(TITLE)" --kind $(or $(KIND),star) $(if $(SLUG),--slug $(SLUG),)

pdf: venv graphviz browser ## Build, then print the PDF pack, interviewer packet and cue cards to site/pdf/
	@$(CLI) build
	@$(CLI) pdf $(if $(PAPER),--paper $(PAPER),)

test: venv graphviz browser ## Run the whole test suite
	$(PY) -m pytest

bench: venv graphviz browser ## Time build, diagrams and PDFs; report sizes (run by hand)
	@$(PY) scripts/benchmark.py

clean: ## Remove generated files (site, diagrams, caches); keeps .venv
	rm -rf site .site-build-* docs/assets/diagrams .pytest_cache
