# The two commands: `make demo` and `make test`. Each runs setup first (idempotent).
SHELL := /bin/bash
ARGS ?=
ENV := source .cache/env.sh &&

.PHONY: help setup data demo test unit lint bench bench-web emulators schema kit-example clean

## Install what the others need (idempotent: well under a second when nothing changed).
setup:
	@bash scripts/setup.sh

## Real matches from cricsheet.org into .cache/cricsheet (or use SCOREBOOK_CRICSHEET_DIR).
data: setup
	@.venv/bin/python scripts/download_cricsheet.py $(ARGS)

## Start the emulators, replay a match ball by ball as a signed-in scorer (a real one after
## `make data`, else a generated T20), watch live/score.
demo: setup
	@$(ENV) .venv/bin/python scripts/demo.py $(ARGS)

## Every test: lint, then pytest: pure unit tests, and emulator and rules tests against the real
## emulators, which the test sessions start and stop themselves. The emulator, rules and pure
## tests run side by side (scorebook_tools.test_runner); PYTEST_ARGS runs one pytest.
test: setup lint
	@$(ENV) .venv/bin/python -m scorebook_tools.test_runner $(PYTEST_ARGS)

## Pure tests only (no emulators), for a fast loop.
unit: setup
	@.venv/bin/python -m pytest tests/unit -q $(PYTEST_ARGS)

## ruff, the import-linter's layer contracts and the complexity ceiling (make test runs it).
lint: setup
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache --no-logo
	@.venv/bin/python -m scorebook_tools.complexity

## The long replays first, as tests (marked `long`: the console scoring a whole real T20 by
## taps, five-day matches after every action), which `make test` leaves out; then the pipeline
## on the emulators (benchmarks/pipeline.py says what it prints), then eight cold starts
## against a trivial trigger's (one says little: the emulator polls a new worker every 100 ms),
## then what the heaviest lawful writes cost the rules in expressions and where the busiest
## ball's go (reports/rules-budget.txt).
bench: setup
	@$(ENV) .venv/bin/python -m pytest tests/unit tests/emulator -m long -p no:cacheprovider
	@$(ENV) .venv/bin/python benchmarks/pipeline.py $(ARGS)
	@$(ENV) .venv/bin/python benchmarks/cold.py --rounds 8
	@$(ENV) SCOREBOOK_MEASURE_RULES=1 SCOREBOOK_EMULATORS=firestore .venv/bin/python -m pytest \
		tests/rules/test_expression_budget.py -q -p no:cacheprovider && cat reports/rules-budget.txt

## The web app in headless Chromium: a scorer's tap in the console -> the spectator page, over an
## innings; and the production build's gzipped size.
bench-web: setup
	@$(ENV) .venv/bin/python benchmarks/web.py $(ARGS)

## Everything generated from the models: docs/schema.md, the JSON Schemas (schemas/) and the
## TypeScript types (clients/js/types/scorebook.d.ts). Writes only what changed.
schema: setup
	@.venv/bin/python -m scorebook_tools.schema_doc
	@.venv/bin/python -m scorebook_tools.schema_export

## The JS kit's example (docs/clients.md): a signed-in scorer scores an over, undoes and
## corrects a ball, with a spectator listening; the emulators, the match and the scorer made first.
kit-example: setup
	@$(ENV) .venv/bin/python -m scorebook_tools.kit_example $(ARGS)

## The emulators in the foreground until Ctrl-C, for poking at them by hand (on the ports
## SCOREBOOK_EMULATOR_PORT_OFFSET moves them to); prints what a client of your own exports.
emulators: setup
	@$(ENV) .venv/bin/python -m scorebook_tools.emulators $(ARGS)

## Everything setup installed; downloaded matches (.cache/cricsheet) are kept.
clean:
	rm -rf .venv functions/venv node_modules
	find .cache -mindepth 1 -maxdepth 1 ! -name cricsheet -exec rm -rf {} + 2>/dev/null || true

## What each target does: these comments.
help:
	@awk '/^## / { text = text "    " substr($$0, 4) "\n"; next } \
	     /^[a-z-]+:/ { if (text != "") printf "make %s\n%s", substr($$1, 1, length($$1) - 1), text } \
	     { text = "" }' $(firstword $(MAKEFILE_LIST))
