# Docket: `make serve` to see the example drafts, `make test` to run the whole suite.
# Both set up everything they need on a fresh machine (system packages need root).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Debian packages the browser tests and the PDF packets need: WeasyPrint draws with Pango
# (and subsets fonts with HarfBuzz); the tests read the PDFs back with poppler-utils.
SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

.PHONY: help venv system-deps build serve test lint bench messages clean

help:
	@echo "make serve   build the example drafts and serve them at http://$(HOST):$(PORT)"
	@echo "make test    install what the suite needs (system packages too) and run it"
	@echo "make bench   run the benchmarks on a synthetic corpus and print a table"
	@echo "make lint    ruff"
	@echo "make messages  refresh the interface translation catalogs"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do \
	  /sbin/ldconfig -p 2>/dev/null | grep -q "$$lib" || missing="$$missing $$lib"; \
	done; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(SYSTEM_PACKAGES); \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install $(SYSTEM_PACKAGES)"; exit 1; \
	  fi; \
	fi

build: venv
	$(BIN)/docket build

# Builds site/ first, then serves it with the comment intake service on the same origin.
serve: venv
	$(BIN)/docket serve --host $(HOST) --port $(PORT)

lint: venv
	$(BIN)/ruff check generator tests benchmarks

# One worker per core (pytest-xdist): tests share nothing writable, so they run in any order.
test: venv system-deps lint
	$(BIN)/python -m pytest -n auto

# After changing an interface string: refresh the catalogs, then translate what is new in
# generator/locale/zh_Hans/LC_MESSAGES/messages.po (the test suite fails until it is).
messages: venv
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --no-location \
	  --sort-output --project Docket --copyright-holder "Docket contributors" \
	  -o generator/locale/messages.pot .
	$(BIN)/pybabel update -i generator/locale/messages.pot -d generator/locale -D messages \
	  --width 100

# BENCH_ARGS: e.g. --scale (the statute book's size, minutes), --corpus DIR, --only NAME.
bench: venv
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache benchmarks/results
