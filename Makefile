# The handful of commands a person types. `make run` and `make test` are the whole set-up.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements-dev.lock

# Django 6.1 needs Python 3.12+. Prefer the interpreter pyenv selects from .python-version,
# then any python3.1x on PATH; stop with a clear message if none is new enough.
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: run serve test install env lint format bench bench-http bench-scale load-test lighthouse \
	repeat-under-load clean

run: install env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The site as production runs it: DEBUG off, collected static files, granian configured by
# newsroom/server.py. Only SECURE_SSL_REDIRECT is off, because this is local HTTP, and the app
# serves the uploaded pictures itself (SERVE_MEDIA), as production's bucket or CDN would.
# WORKERS= sets the worker count (default: one per core); PAGE_CACHE=false serves every page
# from the views.
serve: export DEBUG = false
serve: export SECURE_SSL_REDIRECT = false
# Uploaded pictures from media/, served by the app with long-lived caching (articles/media.py).
serve: export SERVE_MEDIA = true
serve: install env
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py seed
	$(PY) manage.py collectstatic --noinput --verbosity 0
	SERVER_HOST=127.0.0.1 PORT=$(PORT) $(if $(WORKERS),WEB_CONCURRENCY=$(WORKERS)) $(PY) -m newsroom.server

test: install env
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install env
	$(PY) scripts/bench.py

# wrk against the production server (make serve's set-up) on a throw-away database.
bench-http: install
	$(PY) scripts/bench_http.py

# 1,000 vs 100,000 stories on PostgreSQL (POSTGRES_URL, DB_PREFIX): builds the databases once.
bench-scale: install
	$(PY) scripts/bench_scale.py $(BENCH_ARGS)

# Readers at 64 connections for 60 s while an editor saves once a second, on the production
# server (LOAD_ARGS="--database postgres --bad-logins 8", ...). Local only; not run in CI.
load-test: install
	$(PY) scripts/load_test.py $(LOAD_ARGS)

# The browser and live-server tests RUNS times (default 20) under stress-ng CPU load; a flaky test
# shows up here, not in CI. Takes about 2 minutes a run. Not run in CI.
repeat-under-load: install env
	bash scripts/repeat_under_load.sh

# Lighthouse on the front page and a story, against the production server (not run in CI).
lighthouse: install
	bash scripts/lighthouse.sh

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: $(LOCK)
	@test -n "$(PYTHON)" || { echo "Newsroom needs Python 3.12 or newer (Django 6.1)."; \
		echo "Install one (for example 'pyenv install 3.13') or run 'make PYTHON=/path/to/python3.12'."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	touch $@

# The page checkers (Nu HTML Checker, axe-core, Lighthouse), pinned in package-lock.json. Without
# npm the tests that need them are skipped, and say so. --ignore-scripts: vnu-jar's install script
# would try to download a Java runtime; the system's Java is used instead.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is not installed: the HTML validator and accessibility tests will be skipped."; fi

# A local .env makes plain `python manage.py ...` work: DEBUG on, SQLite, a fresh secret key.
env: .env
.env:
	@$(PY) -c "import secrets; print('DEBUG=true'); print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "Wrote .env for local development (DEBUG=true, generated SECRET_KEY)."

clean:
	rm -rf $(VENV) .pytest_cache node_modules staticfiles reports
