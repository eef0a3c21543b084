# The two commands of the README, and the few steps they are made of.
# `make run`: set up everything and serve the app with demo data. `make test`: set up and run every test.

PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_DEBUG ?= 1
PORT ?= 8000

.PHONY: run test setup browser pdf-libraries migrate demo lint messages clean

# The first Python 3.12+ that actually runs. Each candidate is run, not just looked up: a pyenv shim for a
# version that is not active is on the PATH but fails.
find_python = for candidate in $(PYTHON) python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	  "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	    && "$$candidate" -c 'import sys; print(sys.executable)' && exit 0; \
	done; exit 1

$(BIN)/python:
	@python=$$($(find_python)) || { \
	  echo "No Python 3.12 or newer was found. Install one (apt install python3.12, or pyenv install 3.12)," >&2; \
	  echo "or name it, e.g.: make PYTHON=/usr/local/bin/python3.12 run" >&2; exit 1; }; \
	echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs again only when pyproject.toml changed since the last install.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# A .venv made with an older Python (or whose Python has gone) is rebuilt rather than half-used.
setup:
	@if [ -e $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "$(VENV) was made with $$($(BIN)/python --version 2>&1 || echo a Python that is gone): rebuilding it"; \
	  rm -rf $(VENV); fi
	@$(MAKE) --no-print-directory -s $(VENV)/.installed

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo pdf-libraries
	@echo ""
	@echo "  Open http://127.0.0.1:$(PORT)/ and log in with one of the demo accounts above."
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The end-to-end tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# The PDFs (WeasyPrint) need Pango and fonts with Vietnamese letters; desktops have them, a bare server may not.
pdf-libraries:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || { apt-get update -qq \
	  && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation >/dev/null; }

# --durations: the slowest tests named at the end of every run, for keeping the suite fast (issue 9).
test: setup browser pdf-libraries
	DJANGO_DEBUG=0 $(BIN)/python -m pytest -n 2 --dist loadgroup --durations=20 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# After changing user-facing strings: refresh the catalogue, translate locale/vi, then compile.
messages: setup
	$(BIN)/python manage.py makemessages -l vi --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
