# Nforce: `make run` to use it, `make test` to check it. Everything else is a step of these.
# Written for Debian 12 as root (or a sudoer). Every step installs only what is missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# DB_NAME=other on the command line runs everything against another local database.
ifdef DB_NAME
export DATABASE_URL := postgis:///$(DB_NAME)
endif
DB_NAME ?= nforce
SEED_SCALE ?= demo
# The test suite in this many processes (pytest-xdist; each its own test database and Redis
# database). The `serial` tests (workers killed, Redis and PostgreSQL restarted, a standby) then
# run in one process.
TEST_WORKERS ?= 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := postgresql-15 postgresql-15-postgis-3 libgdal32 gdal-bin gettext
TEST_APT_PACKAGES := chromium fonts-noto-core poppler-utils
PG_VERSION := 15

.PHONY: help setup run test lint format bench bench-quick system-packages test-system-packages \
        services venv venv-dev venv-bench database db-roles translations demo-data web worker beat loadtest loadtest-ci

help:
	@echo "make run    set everything up, load demo data, start web + worker + beat"
	@echo "make test   set everything up, then lint and the whole test suite"
	@echo "make setup  set everything up without starting anything"
	@echo "make db-roles  the database role production runs the app as (docs/production.md)"
	@echo "make bench  benchmarks (make bench-quick for a small scale)"
	@echo "make loadtest  50 users for 5 minutes against gunicorn; fails on any error or a p95 over 1 s"
	@echo "               (make loadtest-ci: the same for 60 s, run by make test)"

setup: system-packages services venv database translations

# --- system packages: only those missing are installed ------------------------------------
define apt_install_missing
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

system-packages:
	@$(call apt_install_missing,$(APT_PACKAGES))

test-system-packages:
	@$(call apt_install_missing,$(TEST_APT_PACKAGES))

# --- services: start PostgreSQL and Redis when they are installed but not answering ---------
services:
	@if ! pg_isready -q -h /var/run/postgresql; then \
	  echo "Starting PostgreSQL $(PG_VERSION)"; \
	  [ -d /etc/postgresql/$(PG_VERSION)/main ] || $(SUDO) pg_createcluster $(PG_VERSION) main; \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h /var/run/postgresql && break; sleep 1; done; \
	fi
	@if ! psql -h /var/run/postgresql -d postgres -tAc 'select 1' >/dev/null 2>&1; then \
	  echo "Creating database role $$(id -un)"; \
	  $(SUDO) su postgres -c "createuser --superuser $$(id -un)"; \
	fi
	@if ! (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; then \
	  command -v redis-server >/dev/null || $(call apt_install_missing,redis-server); \
	  echo "Starting Redis"; \
	  $(SUDO) mkdir -p /var/lib/redis /var/log/redis; \
	  $(SUDO) redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
	    --appendonly yes --dir /var/lib/redis --logfile /var/log/redis/nforce.log; \
	  for i in $$(seq 1 20); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.5; done; \
	fi

# --- Python: a virtualenv with the pinned requirements, reinstalled only when they change --
# requirements.txt is the app; -dev.txt and -bench.txt each add their tools on top of it. Each
# stamp names the files its install reads, so editing any of them reinstalls.
venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev
venv-bench: $(VENV)/.installed-bench

define pip_install
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
	@$(PY) -m pip install -q -r $(1) 2>&1 | { grep -v "^WARNING: Location" || true; }
	@touch $@
endef

$(VENV)/.installed: requirements.txt
	$(call pip_install,requirements.txt)

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	$(call pip_install,requirements-dev.txt)

$(VENV)/.installed-bench: requirements.txt requirements-bench.txt
	$(call pip_install,requirements-bench.txt)

# --- database: create, migrate ----------------------------------------------------------
database: venv
	@psql -h /var/run/postgresql -d postgres -tAc "select 1 from pg_database where datname='$(DB_NAME)'" | grep -q 1 \
	  || (echo "Creating database $(DB_NAME)"; createdb -h /var/run/postgresql $(DB_NAME))
	@$(PY) manage.py migrate --no-input -v 0

# The role production runs the app as (docs/production.md): owns nothing, only INSERT and SELECT
# on the audit log. Run again after every migration. APP_DB_ROLE=other names another role.
APP_DB_ROLE ?= nforce_app
db-roles: database
	@$(PY) manage.py grant_app_role $(APP_DB_ROLE)

translations: venv
	@$(PY) manage.py compilemessages -v 0 --ignore '.venv/*'
	@$(PY) manage.py collectstatic --no-input -v 0

demo-data: setup
	@$(PY) manage.py seed_demo --scale $(SEED_SCALE)

# --- run: web, worker and beat in the foreground; Ctrl-C stops all three -----------------
run: setup demo-data
	@$(PY) manage.py demo_logins
	@echo "Nforce is starting on http://$(HOST):$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@mkdir -p var; trap "kill 0" INT TERM EXIT; \
	$(VENV)/bin/gunicorn nforce.wsgi -b $(HOST):$(PORT) -w 2 --threads 4 --access-logfile - & \
	$(VENV)/bin/celery -A nforce worker -l info -c 2 -n nforce@%h & \
	$(VENV)/bin/celery -A nforce beat -l info -s var/celerybeat-schedule & \
	wait -n

# --- checks ----------------------------------------------------------------------------
lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@# The app code, with django-stubs (settings: nforce.settings); config in pyproject.toml.
	$(VENV)/bin/mypy

format: venv-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Two passes: everything but the `serial` tests in TEST_WORKERS processes (worksteal: an idle
# process takes tests from the other's queue, so no long file is left running alone at the end),
# then the `serial` ones in one (it reuses the first pass's gw0 database). Both run even if the
# first fails.
test: setup venv-dev test-system-packages lint
	@status=0; \
	$(VENV)/bin/pytest --create-db -n $(TEST_WORKERS) --dist worksteal -m "not serial" --durations=25 || status=$$?; \
	$(VENV)/bin/pytest -n 1 -m serial --durations=10 || status=$$?; \
	exit $$status
	@$(MAKE) --no-print-directory loadtest-ci

bench: setup venv-bench test-system-packages  # Chromium: the offline rows run in it
	$(PY) -m bench

bench-quick: setup venv-bench test-system-packages
	$(PY) -m bench --quick

# The last full run's figures are kept in git; the short form's are not (*-quick.json).
loadtest: setup venv-bench
	$(PY) -m bench.loadtest --result bench/results/loadtest.json

loadtest-ci: setup venv-dev
	$(PY) -m bench.loadtest --duration 60s --result bench/results/loadtest-quick.json
