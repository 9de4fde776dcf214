# Two commands on a fresh machine: `make run` (set up + run the bot) and `make test`.
# Each creates its own virtual environment in .venv from the pinned constraints.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The suite waits on fake servers and child processes much of the time, so two workers per run
# finish it in about half the time even on two cores (`make test TEST_WORKERS=0` runs it in one).
TEST_WORKERS ?= 2

.PHONY: run chat test lint install clean

run: $(STAMP)
	$(BIN)/tdkt run

chat: $(STAMP)
	$(BIN)/tdkt chat

test: $(STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
