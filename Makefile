# Two commands do all setup: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_CHILDREN ?= 3000
DEMO_SEED ?= 1

.PHONY: demo test install lint format check-deploy migrate serve bench clean typecheck requirements scheduler worker restore-drill rootfs image messages

# requirements.txt: what runs in production; requirements-dev.txt: tests, lint, types, pip-tools.
# Both are pinned with hashes (pip refuses any file whose hash differs); `make requirements`
# recompiles them from the .in files.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/safeguarding migrate --no-input

# The demo's history leads up to today, so its worklists show what is due and overdue now;
# pass DEMO_AS_OF=2026-10-31 for the exact force the benchmarks and tests use.
DEMO_AS_OF ?= $(shell date +%F)

demo: migrate
	@bash scripts/check-pango.sh
	$(BIN)/safeguarding demo-data --children $(DEMO_CHILDREN) --seed $(DEMO_SEED) --as-of $(DEMO_AS_OF) --if-empty
	$(BIN)/safeguarding evaluate
	@# The scheduler's periodic jobs and the job queue's worker (imports, evaluations, the
	@# re-judging) run beside the server and stop with it (docs/operations.md).
	$(BIN)/safeguarding scheduler & scheduler=$$!; \
	$(BIN)/safeguarding db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$scheduler $$worker' EXIT INT TERM; \
	$(BIN)/safeguarding serve

serve: install
	$(BIN)/safeguarding serve

scheduler: install
	$(BIN)/safeguarding scheduler

worker: install
	$(BIN)/safeguarding db_worker --queue-name '*' --no-reload

COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
requirements: install
	$(COMPILE) -o requirements.txt requirements.in
	$(COMPILE) --allow-unsafe -o requirements-dev.txt requirements-dev.in

# The Welsh catalogue (docs/welsh.md): adds newly marked strings of the translated pages to
# src/safeguarding/locale/cy/LC_MESSAGES/django.po and compiles django.mo (Babel, no gettext tools).
# The .mo is committed, so `make demo` and `make test` need no compiler.
messages: install
	DJANGO_SETTINGS_MODULE=safeguarding.settings $(BIN)/python -m tests.i18n.catalogue

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The PostgreSQL URL is never connected to: `check` reads settings only (production refuses SQLite).
check-deploy: install
	SAFEGUARDING_ENV=production DATABASE_URL=postgres://check:check@127.0.0.1:1/check-only SECRET_KEY=check-only-$$(date +%s)-abcdefghijklmnopqrstuvwxyz0123456789 \
	ALLOWED_HOSTS=safeguarding.example.police.uk $(BIN)/safeguarding check --deploy --fail-level WARNING

# mypy (django-stubs, djangorestframework-stubs; config in pyproject.toml) on every app's services
# and selectors, the write path's validators, scope and hooks, and the standards' catalogue and
# engine (issue 14); no module is excused with ignore_errors.
TYPED := safeguarding.access.services \
	safeguarding.access.erasure \
	safeguarding.retention.mopi \
	safeguarding.retention.services \
	safeguarding.retention.selectors \
	safeguarding.retention.disposal \
	safeguarding.notifications.services \
	safeguarding.notifications.selectors \
	safeguarding.notifications.recipients \
	safeguarding.standards.wording \
	safeguarding.home.views \
	safeguarding.access.selectors \
	safeguarding.people.merging \
	safeguarding.people.duplicates \
	safeguarding.cases.attachments \
	safeguarding.cases.chronology \
	safeguarding.access.users \
	safeguarding.runtime.jobs \
	safeguarding.runtime.metrics \
	safeguarding.runtime.server \
	safeguarding.runtime.queue \
	safeguarding.runtime.exports \
	safeguarding.runtime.selectors \
	safeguarding.runtime.tasks \
	safeguarding.exchange.tasks \
	safeguarding.people.services \
	safeguarding.people.selectors \
	safeguarding.people.hooks \
	safeguarding.people.validators \
	safeguarding.people.codes \
	safeguarding.people.names \
	safeguarding.people.matching \
	safeguarding.cases.services \
	safeguarding.cases.selectors \
	safeguarding.cases.hooks \
	safeguarding.records.history \
	safeguarding.cases.closure \
	safeguarding.cases.scoping \
	safeguarding.cases.validators \
	safeguarding.audits.services \
	safeguarding.audits.selectors \
	safeguarding.exchange.services \
	safeguarding.exchange.selectors \
	safeguarding.exchange.api.services \
	safeguarding.exchange.api.selectors \
	safeguarding.api_problems \
	safeguarding.commandline \
	safeguarding.firstcontact.services \
	safeguarding.standards.services \
	safeguarding.standards.apps \
	safeguarding.cases.apps \
	safeguarding.cases.casework \
	safeguarding.people.casework \
	safeguarding.force.scoping \
	safeguarding.exchange.loader \
	safeguarding.exchange.adapters \
	safeguarding.exchange.tableschema \
	safeguarding.standards.selectors \
	safeguarding.standards.engine \
	safeguarding.standards.catalogue \
	safeguarding.inspections.services \
	safeguarding.inspections.selectors \
	safeguarding.firstcontact.selectors \
	safeguarding.reports.selectors \
	safeguarding.reports.publish \
	safeguarding.reports.svg \
	safeguarding.audits.estimate \
	safeguarding.audits.targeting \
	safeguarding.tagged_pdf \
	safeguarding.demo.practice_truth \
	safeguarding.demo.estimate_simulation

typecheck: install
	$(BIN)/mypy $(addprefix -p ,$(TYPED))

# The suite always runs on SQLite; when DATABASE_URL is set it runs again on that database.
test: install
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory typecheck
	$(BIN)/safeguarding makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on $${DATABASE_URL%%://*}"; $(BIN)/pytest $(PYTEST_ARGS); fi

bench: install
	$(BIN)/safeguarding bench lookup --children 2000 --json

clean:
	rm -rf $(VENV) var

# Every benchmark at a small size, so none can rot (full-size figures: docs/benchmarks.md).
bench-ci: migrate
	@for b in $$($(BIN)/safeguarding bench --list); do \
	  echo "== bench $$b"; $(BIN)/safeguarding bench $$b --small --json || exit 1; done

# Back up a small force, lose its database, restore and verify (docs/operations-backup-restore.md).
# Needs DATABASE_URL for a PostgreSQL user who may create databases.
restore-drill: install
	bash ops/restore-drill.sh

# The application's root filesystem from Debian packages (as root, with mmdebstrap), run from its
# entry point read-only, then packed as OCI archives with the PostgreSQL and TLS-proxy images and
# loaded into podman when it is installed (docs/operations.md, "Image").
IMAGE_DIR ?= var/image
rootfs: install
	bash ops/image/build-rootfs.sh $(IMAGE_DIR)

image: rootfs
	bash ops/image/build-service-rootfs.sh postgres $(IMAGE_DIR)
	bash ops/image/build-service-rootfs.sh proxy $(IMAGE_DIR)
	python3 ops/image/oci-image.py $(IMAGE_DIR)/rootfs $(IMAGE_DIR)/safeguarding.tar --tag safeguarding:dev
	python3 ops/image/oci-image.py $(IMAGE_DIR)/postgres-rootfs $(IMAGE_DIR)/safeguarding-postgres.tar --tag safeguarding-postgres:dev --entrypoint /usr/local/bin/postgres-entrypoint.sh --user root
	python3 ops/image/oci-image.py $(IMAGE_DIR)/proxy-rootfs $(IMAGE_DIR)/safeguarding-proxy.tar --tag safeguarding-proxy:dev --entrypoint /usr/local/bin/proxy-entrypoint.sh --user root
	if command -v podman >/dev/null; then for i in safeguarding safeguarding-postgres safeguarding-proxy; do podman load -i $(IMAGE_DIR)/$$i.tar; done; fi
