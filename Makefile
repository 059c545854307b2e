# Điều hành — the two commands are `make run` and `make test`; everything else is set-up they call.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := dieuhanh.settings
# PostgreSQL used by `make test` for its second pass, when reachable.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/dieuhanh

.PHONY: help run test setup setup-dev messages extract-messages migrate demo lint test-sqlite test-postgres browser bench clean

help:
	@echo "make run    set up (venv, dependencies, migrations, demo data) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run every test (SQLite, then PostgreSQL when reachable)"
	@echo "make bench  run the benchmarks under bench/ (see docs/performance.md)"

$(VENV)/.runtime: requirements.txt scripts/find-python.sh
	@interp="$$(scripts/find-python.sh)" || exit 1; \
	  [ -x "$(PY)" ] || { echo "Creating $(VENV) with $$interp"; "$$interp" -m venv "$(VENV)"; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.runtime messages
setup-dev: $(VENV)/.dev messages browser

messages: $(VENV)/.runtime
	@$(PY) manage.py compile_translations

# After adding or changing UI strings: refresh locale/vi (file names only, no line numbers, no wrapping,
# so that branches touching different apps rarely conflict), then translate the new empty entries.
extract-messages: $(VENV)/.runtime
	$(PY) manage.py makemessages -l vi --add-location file --no-wrap --no-obsolete
	@# The creation date would differ on every branch and conflict for nothing: keep it fixed.
	@sed -i 's/^"POT-Creation-Date: .*/"POT-Creation-Date: 2026-11-23 10:35+0700\\n"/' locale/vi/LC_MESSAGES/django.po

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py serve --port $(PORT)

# Debian's Chromium drives the browser tests; Playwright never downloads a browser of its own.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)) ; \
	  else echo "warning: /usr/bin/chromium is missing and cannot be installed here; browser tests will fail"; fi; \
	fi

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

test: setup-dev lint test-sqlite test-postgres

test-sqlite: setup-dev
	@echo "== tests on SQLite"
	DATABASE_URL= $(PY) -m pytest -q $(PYTEST_ARGS)

test-postgres: setup-dev
	@if $(PY) scripts/pg_reachable.py "$(TEST_POSTGRES_URL)"; then \
	  echo "== tests on PostgreSQL"; \
	  DATABASE_URL="$(TEST_POSTGRES_URL)" $(PY) -m pytest -q $(PYTEST_ARGS); \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then echo "error: PostgreSQL required but not reachable at $(TEST_POSTGRES_URL)"; exit 1; \
	else echo "== PostgreSQL not reachable at $(TEST_POSTGRES_URL): PostgreSQL pass skipped"; fi

bench: setup-dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var/
