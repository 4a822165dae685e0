# Two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
SEEDS ?= ../shared/seeds
export ARCHIVE_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-postgres setup install lint bench serve clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

install: $(BIN)/.installed

setup: install
	mkdir -p "$(ARCHIVE_DATA_DIR)"
	$(MANAGE) compile_translations
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference
	$(MANAGE) import_reports $(SEEDS)
	$(MANAGE) build_index --if-needed
	$(MANAGE) collectstatic --noinput -v 0

run: setup
	PORT=$(PORT) BIN=$(BIN) bash scripts/serve.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) compile_translations
	$(BIN)/pytest -n 2 --dist loadgroup

# The same tests against the database in DATABASE_URL (PostgreSQL in CI).
test-postgres: install
	test -n "$$DATABASE_URL"
	$(BIN)/pytest -n 2 --dist loadgroup -p no:cacheprovider

bench: install
	$(MANAGE) bench --reports 5000,20000,50000,200000 --json bench-all.json

clean:
	rm -rf $(VENV)
