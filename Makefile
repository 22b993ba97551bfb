# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format bench messages

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --inexact keeps uv itself in the environment it manages
install: $(BIN)/uv
	$(BIN)/uv sync --frozen --inexact --quiet

run: install
	$(BIN)/cnscd migrate --noinput
	$(BIN)/cnscd units load
	$(BIN)/cnscd demo --if-empty
	# the background worker runs imports; it stops with the server
	DEBUG=1 $(BIN)/cnscd db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/cnscd runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the message catalogs after changing user-facing strings.
messages: install
	cd cnscd && ../$(BIN)/cnscd makemessages --locale vi --locale en --no-obsolete --add-location file
	cd cnscd && ../$(BIN)/cnscd compilemessages

# SQLite in a scratch folder; also PostgreSQL when BENCH_DATABASE_URL names an empty database.
bench: install
	BENCH_DATABASE_URL= $(BIN)/python -m bench
	if [ -n "$$BENCH_DATABASE_URL" ]; then $(BIN)/python -m bench; fi
