# The two commands of the README, and the few steps they are made of.
# `make run`: set up everything and serve the app with demo data. `make test`: set up and run every test.

PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_DEBUG ?= 1
PORT ?= 8000

.PHONY: run test setup browser migrate demo lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  Open http://127.0.0.1:$(PORT)/ and log in with one of the demo accounts above."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The end-to-end tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: setup browser
	DJANGO_DEBUG=0 $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# After changing user-facing strings: refresh the catalogue, translate locale/vi, then compile.
messages: setup
	$(BIN)/python manage.py makemessages -l vi --ignore '.venv/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
