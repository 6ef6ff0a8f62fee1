# Fellesløft – the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
# The address in share links, QR codes, posters and exports: the one `make run` serves,
# unless SITE_URL is set. The settings read it from the environment (one source).
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
PYTHON ?= python3
# PostgreSQL for the second test run; CI=true makes it required.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/test)

# uv installs the locked Python dependencies; bootstrap it into .tools when it is missing.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
RUN := $(UV) run --frozen --no-sync
VENDOR := build/static-vendor

.PHONY: help install python-deps static-deps run serve demo test lint format chromium test-sqlite test-postgres messages benchmarks

help:
	@echo "make run   – installer, klargjør databasen med demodata og start på http://$(HOST):$(PORT)"
	@echo "make serve – start det produksjonen kjører (gunicorn og bakgrunnsarbeideren), innstillinger fra miljøet eller ENV_FILE/.env"
	@echo "make test  – installer testverktøy og kjør hele testsuiten på SQLite og PostgreSQL"

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check 'uv>=0.5'

python-deps: $(UV)
	$(UV) sync --frozen --quiet

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Designsystemet and axe-core are served from our own static files, never from a CDN.
$(VENDOR)/.stamp: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/designsystemet $(VENDOR)/axe $(VENDOR)/chartjs
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css $(VENDOR)/designsystemet/theme.css
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/axe.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chartjs/chart.umd.min.js
	@touch $@

static-deps: $(VENDOR)/.stamp

install: python-deps static-deps

# The demo does not fetch statistics from SSB unless asked (SSB_IMPORT_EVERY_DAYS=7 make run).
run: export SSB_IMPORT_EVERY_DAYS ?= 0
run: install
	$(RUN) fellesloft migrate --no-input
	$(RUN) fellesloft demo --if-empty
	@echo "Fellesløft kjører på http://$(HOST):$(PORT)/ (stopp med Ctrl+C)"
	@# The background worker (dialog analyses, e-mail notifications, digests, and the clock that
	@# queues the periodic jobs) runs beside the web server and stops with it.
	@$(RUN) fellesloft worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN) fellesloft runserver --noreload $(HOST):$(PORT)

# What production runs: gunicorn (gunicorn.conf.py) and the background worker, started and
# stopped as one (src/fellesloft/operations/serve.py), on the configured database, with the
# settings from the environment and ENV_FILE (default: .env when present). No migrate, no demo
# data: README, "Running in production". The env file may set SITE_URL: the default above is
# make run's, and is not passed on.
serve: install
	@$(if $(filter file,$(origin SITE_URL)),env -u SITE_URL) \
	$(RUN) python -m fellesloft.operations.serve --bind $(HOST):$(PORT)

demo: install
	$(RUN) fellesloft migrate --no-input
	$(RUN) fellesloft demo

chromium:
	@if [ -x /usr/bin/chromium ]; then \
		true; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installerer Chromium fra Debian for nettlesertestene …"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Nettlesertestene trenger Debians Chromium (/usr/bin/chromium)."; \
		echo "Installer den med:  sudo apt-get update && sudo apt-get install -y chromium"; \
		exit 1; \
	fi

lint: python-deps
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks

format: python-deps
	$(RUN) ruff format src tests benchmarks
	$(RUN) ruff check --fix src tests benchmarks

test-sqlite: install chromium
	@echo "== Testsuiten på SQLite =="
	env -u DATABASE_URL $(RUN) pytest

test-postgres: install chromium
	@if $(RUN) python -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(TEST_DATABASE_URL)" 2>/dev/null; then \
		echo "== Testsuiten på PostgreSQL ($(TEST_DATABASE_URL)) =="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(RUN) pytest; \
	elif [ "$(CI)" = "true" ]; then \
		echo "FEIL: PostgreSQL svarer ikke på $(TEST_DATABASE_URL), og CI=true krever den." >&2; \
		exit 1; \
	else \
		echo "PostgreSQL svarer ikke på $(TEST_DATABASE_URL); hopper over kjøringen på PostgreSQL."; \
	fi

test: install chromium lint test-sqlite test-postgres

# Translations: needs GNU gettext (msgfmt) on the developer's machine; the .mo files are committed.
messages: python-deps
	cd src/fellesloft && $(RUN) fellesloft makemessages -l en --no-obsolete --ignore "opinion/*" && $(RUN) fellesloft compilemessages -l en

benchmarks: install
	@cat benchmarks/README.md
