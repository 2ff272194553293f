"""The emulator's rules coverage report: saved by every run, and with the whole rules suite
run, no expression of firestore.rules left unevaluated.

`GET /emulator/v1/projects/{project}:ruleCoverage` answers with the rules' source and every
expression in it with the values requests gave it (scorebook_tools/rules_coverage.py reads
it); an expression with none was never evaluated. `...:ruleCoverage.html` is the same report
as an annotated page. Saved to reports/ (gitignored): rules-coverage.html (the rules, each
expression green or red), .json (every expression with its evaluation counts) and .txt (the
summary).

This test runs last (tests/rules/conftest.py moves it), because the coverage is cumulative
over the emulator's run.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import ijson
import pytest
import requests

from scorebook_tools.rules_coverage import read_expressions, render_html
from tests.conftest import REPO
from tests.emulator.harness import PROJECT
from tests.rules.conftest import SELECTION

REPORTS = REPO / "reports"


def fetch_and_save(host: str, reports: Path = REPORTS) -> dict[str, Any]:
    """The emulator's coverage report, saved to reports/ as a compact annotated page and
    table of expressions: `{rules, expressions, fetched}`. The emulator's own report lists
    every distinct value each expression took (near 1 GB of JSON after the whole suite): it
    is written to a file as it arrives and read from there as a stream, so this process
    never holds it (SCOREBOOK_RULES_COVERAGE_RAW=1 keeps it, as rules-coverage.raw.json and
    .raw.html)."""
    base = f"http://{host}/emulator/v1/projects/{PROJECT}:ruleCoverage"
    reports.mkdir(exist_ok=True)
    raw = reports / "rules-coverage.raw.json"
    started = time.perf_counter()
    for attempt in range(3):  # building hundreds of MB, a busy emulator has answered 500
        with requests.get(base, timeout=600, stream=True) as response:
            if response.status_code < 500 or attempt == 2:
                response.raise_for_status()
                with raw.open("wb") as out:
                    for chunk in response.iter_content(1 << 20):
                        out.write(chunk)
                break
        time.sleep(5)
    fetched = time.perf_counter()
    with raw.open("rb") as f:
        source = next(ijson.items(f, "rules.files.item.content"))
    found = read_expressions(raw, source)
    size = raw.stat().st_size
    if os.environ.get("SCOREBOOK_RULES_COVERAGE_RAW"):
        raw_html = requests.get(f"{base}.html", timeout=600)
        raw_html.raise_for_status()
        (reports / "rules-coverage.raw.html").write_bytes(raw_html.content)
    else:
        raw.unlink()
    (reports / "rules-coverage.html").write_text(render_html(source, found))
    table = [
        {"line": e.line, "column": e.column, "text": e.text, "evaluations": e.evaluations,
         "outcomes": e.outcomes}
        for e in found
    ]
    (reports / "rules-coverage.json").write_text(json.dumps(table, indent=0))
    return {"rules": source, "expressions": found, "fetched": (
        f"report of {size / 1e6:.0f} MB fetched in {fetched - started:.1f} s, "
        f"parsed in {time.perf_counter() - fetched:.1f} s")}


def test_every_rule_expression_was_evaluated(request: pytest.FixtureRequest, emulators) -> None:
    coverage = fetch_and_save(os.environ["FIRESTORE_EMULATOR_HOST"])
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
