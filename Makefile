# The two commands a newcomer needs: `make run` (serve the portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
# axe-core for the browser tests' accessibility check (tests/package.json); the portal never serves it.
NODE_STAMP := tests/node_modules/.installed-$(shell sha1sum tests/package-lock.json | cut -c1-12)
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# pytest-xdist workers for `make test`: one per core by default; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help setup system-deps run worker test test-fast lint format check messages bench migrate demo lock clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

system-deps: ## Install Debian packages the portal needs (Chromium, CJK fonts, Pango for WeasyPrint, npm for the tests)
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing — run: sudo apt-get install$$missing"; exit 1; fi; \
	fi

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	rm -f $(VENV)/.installed-*; touch $(STAMP)

# npm ci replaces tests/node_modules wholesale: never through a link (it would rewrite another tree's copy), and
# not when the locked axe-core is already there (a copied folder), so an offline machine with a copy still works.
AXE_LOCKED = $(shell sed -n '/"node_modules\/axe-core"/,/}/s/.*"version": "\(.*\)".*/\1/p' tests/package-lock.json)
AXE_THERE = $(shell sed -n 's/^  "version": "\(.*\)".*/\1/p' tests/node_modules/axe-core/package.json 2>/dev/null)
$(NODE_STAMP): tests/package-lock.json
	@if [ "$(AXE_THERE)" = "$(AXE_LOCKED)" ]; then echo "tests/node_modules holds axe-core $(AXE_LOCKED)"; \
	elif [ -L tests/node_modules ]; then \
	  echo "tests/node_modules links to $$(readlink -f tests/node_modules), which lacks axe-core $(AXE_LOCKED): run npm ci there or remove the link"; exit 1; \
	else cd tests && npm ci --no-audit --no-fund --loglevel=error; fi
	@if [ ! -L tests/node_modules ]; then rm -f tests/node_modules/.installed-*; touch $(NODE_STAMP); fi

.env:
	cp .env.example .env

setup: system-deps $(STAMP) $(NODE_STAMP) .env ## Create the virtualenv and install everything (idempotent)
	mkdir -p var/staticfiles var/media

migrate: setup
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate ## Load the demo users and records
	$(BIN)/python manage.py seed_demo

run: demo ## Set up, load demo data and serve http://127.0.0.1:8000
	$(BIN)/python manage.py runserver $(HOST)

worker: setup ## Start a Celery worker and the scheduler (needs REDIS_URL; without it jobs run in the web process)
	@test -n "$$REDIS_URL" || grep -q '^REDIS_URL=' .env || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) first."; exit 1; }
	$(BIN)/celery -A chuxiong_labor worker --beat --loglevel=INFO --concurrency=2

test: setup ## Set up and run the whole suite, browser tests included, one worker per core (PYTEST_WORKERS=0: serial)
	$(PYTEST) $(PYTEST_ARGS)

test-fast: setup ## The suite without the browser tests
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

lint: setup ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: setup ## Django system checks and the missing-migration check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: setup ## Compile the Chinese catalogue (locale/) after editing its .po (needs gettext)
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

bench: setup ## Run the benchmarks (in a throw-away database) and print their figures
	$(BIN)/python benchmarks/run.py

lock: ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python $(BIN)/python

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache tests/node_modules
