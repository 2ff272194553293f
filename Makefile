# The two commands: `make demo` and `make test`. Each runs setup first (idempotent).
SHELL := /bin/bash
PROJECT ?= demo-scorebook
EMULATORS := auth,firestore,functions
ARGS ?=
ENV := source .cache/env.sh &&

.PHONY: setup demo test unit lint bench emulators clean

setup:
	@bash scripts/setup.sh

## Start the emulators, replay a real match ball by ball as a signed-in scorer, watch live/score.
demo: setup
	@$(ENV) .venv/bin/python scripts/demo.py $(ARGS)

## Every test: lint, then pytest: pure unit tests, and emulator and rules tests against the real
## emulators, which the test session starts and stops itself.
test: setup lint
	@$(ENV) .venv/bin/python -m pytest $(PYTEST_ARGS)

## Pure tests only (no emulators), for a fast loop.
unit: setup
	@.venv/bin/python -m pytest tests/unit -q $(PYTEST_ARGS)

lint: setup
	@.venv/bin/ruff check .

bench: setup
	@$(ENV) .venv/bin/python benchmarks/pipeline.py $(ARGS)

## The emulators in the foreground, for poking at them by hand.
emulators: setup
	@$(ENV) firebase emulators:start --only $(EMULATORS) --project $(PROJECT)

clean:
	rm -rf .venv functions/venv node_modules .cache
