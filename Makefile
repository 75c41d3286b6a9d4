# Pagu — the two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
E2E_PORT ?= 8001
E2E_DB := pagu_e2e

.PHONY: help install run build schema lint test test-backend test-frontend test-e2e bench clean

help:
	@echo "make run    install, start PostgreSQL (embedded unless DATABASE_URL), load the demo, serve on http://$(HOST):$(PORT)"
	@echo "make test   lint, backend tests, frontend unit tests, browser end-to-end tests, API fuzzing"
	@echo "make bench  performance figures"
	@echo "make schema regenerate openapi.yaml and the frontend's typed client"

$(BIN)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed frontend/node_modules/.installed

build: install
	cd frontend && npm run build

# A random SECRET_KEY, made once and kept (mode 600); settings read it when SECRET_KEY is unset.
.state/secret_key:
	mkdir -p .state
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: build .state/secret_key
	$(BIN)/python -m config.database
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Pagu: http://$(HOST):$(PORT)/  (API http://$(HOST):$(PORT)/api/docs/)"
	$(MANAGE) db_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null || true' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 3 --threads 4 --access-logfile - --graceful-timeout 5

schema: install
	$(MANAGE) spectacular --file openapi.yaml --validate --fail-on-warn
	cd frontend && npm run gen:api

# mypy's known errors are in mypy-baseline.txt, which may only shrink: a new error fails the lint, and so does a
# fixed one until `.venv/bin/mypy | .venv/bin/mypy-baseline sync` records the fix.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	{ $(BIN)/mypy || true; } | $(BIN)/mypy-baseline filter --no-colors --hide-stats
	$(MANAGE) makemigrations --check --dry-run
	cd frontend && npm run lint && npm run check:api

test-backend: install
	$(BIN)/pytest

test-frontend: install
	cd frontend && npm test

# Against the real server (a fresh demo database, the built SPA): browser journeys in Debian's chromium, then
# schemathesis over the whole API.
test-e2e: build
	mkdir -p .state
	export DATABASE_NAME=$(E2E_DB); \
	$(BIN)/python -m config.database; \
	$(MANAGE) migrate --noinput --verbosity 0; \
	$(MANAGE) flush --noinput; \
	$(MANAGE) load_demo > /dev/null; \
	$(MANAGE) collectstatic --noinput --verbosity 0; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(E2E_PORT) --workers 2 --threads 4 --log-file .state/e2e-server.log & \
	server=$$!; \
	$(MANAGE) db_worker --verbosity 0 >> .state/e2e-server.log 2>&1 & \
	worker=$$!; \
	trap 'kill $$server $$worker 2>/dev/null; wait $$server $$worker 2>/dev/null || true' EXIT; \
	for i in $$(seq 1 60); do curl -fsS -o /dev/null http://$(HOST):$(E2E_PORT)/api/schema/ && break; sleep 0.5; done; \
	(cd frontend && E2E_BASE_URL=http://$(HOST):$(E2E_PORT) npm run e2e) || \
		{ echo '--- the server log, last 60 lines'; tail -n 60 .state/e2e-server.log; exit 1; }; \
	$(BIN)/python -m tests.fuzz_api --url http://$(HOST):$(E2E_PORT)

test: lint test-backend test-frontend test-e2e

bench: build
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .state
