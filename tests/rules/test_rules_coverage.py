"""The emulator's rules coverage report: saved by every run, and with the whole rules suite
run, no expression of firestore.rules left unevaluated.

`GET /emulator/v1/projects/{project}:ruleCoverage` answers with the rules' source and every
expression in it with the values requests gave it (scorebook_tools/rules_coverage.py reads
it); an expression with none was never evaluated. The suite's report is taken in parts (one
a rules module, tests/rules/conftest.py) and added up here. Saved to reports/ (gitignored):
rules-coverage.html (the rules, each expression green or red), .json (every expression with
its evaluation counts) and .txt (the summary).

This test runs last (tests/rules/conftest.py moves it), because the coverage is cumulative
over the emulator's run.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from scorebook_tools.rules_coverage import fetch_expressions, merged, render_html
from tests.conftest import REPO
from tests.emulator.harness import PROJECT
from tests.rules.conftest import PARTS, SELECTION

REPORTS = REPO / "reports"


def fetch_and_save(config: pytest.Config, reports: Path = REPORTS) -> dict[str, Any]:
    """The whole suite's coverage, saved to reports/ as a compact annotated page and table of
    expressions: `{rules, expressions, fetched}`: the parts each rules module left
    (tests/rules/conftest.py), and what came since the last. The emulator's own report lists
    every distinct value each expression took: it is written to a file as it arrives and
    read from there as a stream, so this process never holds it."""
    started = time.perf_counter()
    reports.mkdir(exist_ok=True)
    source, last, size = fetch_expressions(os.environ["FIRESTORE_EMULATOR_HOST"], PROJECT,
                                           reports / "rules-coverage.raw.json")
    parts = [*config.stash.get(PARTS, []), last]
    found = merged(parts)
    (reports / "rules-coverage.html").write_text(render_html(source, found))
    table = [
        {"line": e.line, "column": e.column, "text": e.text, "evaluations": e.evaluations,
         "outcomes": e.outcomes}
        for e in found
    ]
    (reports / "rules-coverage.json").write_text(json.dumps(table, indent=0))
    return {"rules": source, "expressions": found, "fetched": (
        f"{len(parts)} parts (the last {size / 1e6:.0f} MB) read and added up in "
        f"{time.perf_counter() - started:.1f} s")}


def test_every_rule_expression_was_evaluated(request: pytest.FixtureRequest, emulators) -> None:
    coverage = fetch_and_save(request.config)
    found = coverage["expressions"]
    unevaluated = [e for e in found if not e.evaluated]
    summary = [
        f"{len(found)} expressions, {len(found) - len(unevaluated)} evaluated",
        coverage["fetched"],
        *(f"never evaluated: {e}" for e in unevaluated),
        *(f"only ever an error: {e}" for e in found if e.errors_only),
    ]
    (REPORTS / "rules-coverage.txt").write_text("\n".join(summary) + "\n")
    partial = request.config.stash.get(SELECTION, [])
    if partial:
        pytest.skip("coverage saved to reports/ but not checked: " + "; ".join(partial))
    assert found, "the coverage report lists no expression: were the rules loaded?"
    assert not unevaluated, (
        f"{len(unevaluated)} of {len(found)} rule expressions were never evaluated "
        "(see reports/rules-coverage.html):\n" + "\n".join(map(str, unevaluated))
    )
