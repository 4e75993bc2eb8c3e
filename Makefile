# The two commands of the README: `make run` and `make test`.
# `make run` installs what running needs (requirements.txt, `make install`); the tests
# and tools install the development dependencies on top (`make install-dev`). Each has
# its stamp: `make test` after `make run` still installs the development ones, and a
# changed requirements.txt reinstalls both.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PROFILE ?= bandar-lampung
STAMP := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: install install-dev run test lint format mailcatcher worker beat bench eval reliability screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

$(STAMP_DEV): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP_DEV)

install: $(STAMP)

install-dev: $(STAMP_DEV)

run: install
	PROFILE=$(PROFILE) $(BIN)/python manage.py runstack --port $(PORT)

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# A local mail catcher for the leaders' daily report (DAILY_REPORT_SEND=1 sends to
# 127.0.0.1:1025 by default): prints each message it receives, PDF included.
mailcatcher: install-dev
	$(BIN)/python -m aiosmtpd -n -l 127.0.0.1:1025

worker: install
	$(BIN)/celery -A config worker -l info

beat: install
	$(BIN)/celery -A config beat -l info

# The end-to-end benchmark of the production shape (needs PostgreSQL on 127.0.0.1:5432
# and Redis on 127.0.0.1:6379; BENCH_QUICK=1 for the short run). See README, Performance.
bench: install-dev
	$(BIN)/python -m bench.run

eval: install
	$(BIN)/python -m tools.evaluate

reliability: install-dev
	$(BIN)/python -m tools.reliability

# PostgreSQL only (DATABASE_URL): a pg_dump to BACKUP_DIR, the newest BACKUP_KEEP kept;
# restore into an empty database, then migrate (docs/OPERATIONS.md, Backups).
.PHONY: backup restore
backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=data/backups/dispatch-<time>.dump"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(RESTORE_ARGS)

# docs/console.png, the README's picture of the console (Playwright and Chromium).
screenshot: install-dev
	$(BIN)/python -m tools.screenshot

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
