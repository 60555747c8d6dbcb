# juesuan — every target creates .venv on first use. `make` alone lists the targets.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
KERNEL := juesuan

.DEFAULT_GOAL := help
.PHONY: help install test lint reports extract check lab bench bench-scale bench-extract bench-check bench-snapshot bench-linear bench-panel fuzz lock clean doctor

help: ## List the targets
	@echo "juesuan — make <target>"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "juesuan needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on --disable-pip-version-check -c constraints.txt -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (juesuan)" >/dev/null
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install juesuan with the pinned dependency versions

doctor: ## Check Python, the venv, the kernel and the font; one line each, with the fix
	@$(PYTHON) src/helpers/doctor.py $(CURDIR)

hooks: $(STAMP) ## Install the pre-commit hooks (ruff, notebooks without outputs, trailing whitespace)
	$(BIN)/pre-commit install

test: $(STAMP) ## Lint (ruff) and run the test suite
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP) ## Lint only
	$(BIN)/ruff check src tests benchmarks

extract: $(STAMP) ## Extract every raw disclosure into data/processed/
	$(BIN)/juesuan extract --all

reports: $(STAMP) ## Build every report of data/raw into reports/ (incremental; see reports/index.html)
	$(BIN)/juesuan run

check: $(STAMP) ## Audit every raw disclosure and print the findings
	@for f in data/raw/*/*.txt data/raw/*/*.pdf; do [ -e "$$f" ] || continue; echo "== $$f"; $(BIN)/juesuan check $$f || true; done

lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project kernel ("Python (juesuan)")
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## Naive papermill+nbconvert vs juesuan run (cold, no-op); last line gives the ratios
	$(BIN)/python benchmarks/bench_run.py

bench-scale: $(STAMP) ## Report build on a synthetic catalog of N = 10, 30, 100 department-years
	$(BIN)/python benchmarks/bench_scale.py

bench-panel: $(STAMP) ## The panel on a synthetic catalog of 100 and 1,000 department-years: refresh, query, 06_panel
	$(BIN)/python benchmarks/bench_panel.py

bench-extract: $(STAMP) ## Time `juesuan extract` on the seed and on PDFs, `juesuan tables` on the largest real PDF
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_tables.py

bench-check: $(STAMP) ## Time `juesuan check` on a 30-page PDF (cold process; tables read and audit in-process)
	$(BIN)/python benchmarks/bench_check.py

bench-linear: $(STAMP) ## Extraction + audit time against input size (copies of the seed, with and without line breaks)
	$(BIN)/python benchmarks/bench_linear.py

fuzz: $(STAMP) ## Random and mutated disclosures to extract, check and a notebook for FUZZ_SECONDS (default 120)
	FUZZ_SECONDS=$${FUZZ_SECONDS:-120} $(BIN)/python -m pytest tests/fuzz_disclosures.py -q -p no:cacheprovider

bench-snapshot: $(STAMP) ## The processed folder's cache: old pickle vs checked JSON snapshot (write, read)
	$(BIN)/python benchmarks/bench_snapshot.py

lock: ## Re-resolve the dependencies and rewrite constraints.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude juesuan | sed '/^-e /d' > constraints.txt
	rm -rf .lock-venv

clean: ## Remove generated data, reports and the virtual environment
	rm -rf $(VENV) data/processed/*/ data/processed/juesuan.duckdb reports/*/ reports/index.html reports/manifest.json
