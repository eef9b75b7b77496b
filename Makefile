# make pdf [LAYOUT=one-page] [PAPER=letter]   build the CV into build/
# make pdf LAYOUT=classic PAGES=1            any layout (look), fitted on PAGES pages
# make pdf VARIANT=applied                    build one variant of it (see `variants:` in the data)
# make applications [LAYOUTS="one-page"]      build every variant into build/applications/
# make test                                   run the tests
# make golden                                 render the golden images again (tests/golden/)
# make looks                                  the README's picture of every look (docs/looks.png)
# make watch [LAYOUT=…]                       rebuild (and PNG each page) on every save
# make bench                                  time builds against baselines: build/bench.json
# make wheel                                  the package as a wheel: dist/cv_builder-*.whl
# make ats [LAYOUT=…] [VARIANT=…]              build the CV (in the ats look unless LAYOUT= says) and preview what a resume parser reads in it
# Each creates the virtual environment (.venv) and installs what it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LAYOUT ?=
VARIANT ?=
LAYOUTS ?=
DATA   ?= data/cv.yaml

RUN_STAMP  := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PREVIEW_STAMP := $(VENV)/.installed-preview
ATS_STAMP  := $(VENV)/.installed-ats

.PHONY: pdf applications test golden looks bench validate schema watch wheel clean ats

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# setuptools prints a notice on every editable install of a package at the top of its project (a
# folder of the package's name in the working directory may be imported instead); here that folder
# is the package itself, so that one notice is hidden, and no other warning
EDITABLE := PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(EDITABLE) .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(EDITABLE) '.[test]'
	touch $@ $(RUN_STAMP)

$(PREVIEW_STAMP): pyproject.toml | $(BIN)/python
	$(EDITABLE) '.[preview]'
	touch $@ $(RUN_STAMP)

$(ATS_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[ats]'
	touch $@ $(RUN_STAMP)

pdf: $(RUN_STAMP)
	$(BIN)/cv-builder build $(DATA) $(if $(LAYOUT),--layout $(LAYOUT)) $(if $(VARIANT),--variant $(VARIANT)) $(if $(PAPER),--paper $(PAPER)) $(if $(PAGES),--pages $(PAGES))

applications: $(RUN_STAMP)
	$(BIN)/cv-builder build $(DATA) --all-variants $(foreach l,$(LAYOUTS),--layout $(l)) $(if $(PAPER),--paper $(PAPER))

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

# the PDF the build wrote is named in its report (the name depends on the CV, layout and variant)
ats: $(ATS_STAMP)
	$(BIN)/cv-builder build $(DATA) --layout $(or $(LAYOUT),ats) $(if $(VARIANT),--variant $(VARIANT)) $(if $(PAPER),--paper $(PAPER)) --report build/ats-build.json
	$(BIN)/cv-builder ats "$$($(BIN)/python -c 'import json; print(json.load(open("build/ats-build.json"))["output"])')"

watch: $(PREVIEW_STAMP)
	$(BIN)/cv-builder watch $(DATA) $(if $(LAYOUT),--layout $(LAYOUT)) $(if $(VARIANT),--variant $(VARIANT)) --png

bench: $(RUN_STAMP)
	$(BIN)/python bench/bench.py --json build/bench.json

golden: $(TEST_STAMP)
	$(BIN)/python tests/golden.py

looks: $(TEST_STAMP)
	$(BIN)/python docs/looks.py

validate: $(RUN_STAMP)
	$(BIN)/cv-builder validate $(DATA)

schema: $(RUN_STAMP)
	$(BIN)/cv-builder schema -o schema/cv.schema.json

# setuptools works in build/lib, which would keep files deleted since the last wheel: start afresh
wheel: | $(BIN)/python
	rm -rf build/lib build/bdist.*
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .
	rm -rf build/lib build/bdist.*
	@ls -1t dist/cv_builder-*.whl | head -1

clean:
	rm -rf build .pytest_cache
