"""The emulator's rules coverage report: saved by every run, and with the whole rules suite
run, no expression of firestore.rules left unevaluated.

`GET /emulator/v1/projects/{project}:ruleCoverage` answers with the rules' source and a tree
of every expression in it (`report`: `sourcePosition` and `children`), each with the values
it evaluated to and how often (`values`: `[{value, count}]`; an error is `{"undefined": ...}`).
A value of `{}` is a request that reached the expression's rule but did not evaluate the
expression (a short-circuit); an expression with no other value was never evaluated.
`...:ruleCoverage.html` is the same report as an annotated page. Saved to reports/
(gitignored): rules-coverage.html (the rules, each expression green or red), .json (every
expression with its evaluation counts) and .txt (the summary).

This test runs last (tests/rules/conftest.py moves it), because the coverage is cumulative
over the emulator's run.
"""

from __future__ import annotations

import html
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import REPO
from tests.emulator.harness import PROJECT
from tests.rules.conftest import SELECTION

REPORTS = REPO / "reports"


@dataclass(frozen=True)
class Expression:
    line: int
    column: int
    start: int
    end: int
    text: str
    evaluations: int
    outcomes: dict[str, int]

    @property
    def evaluated(self) -> bool:
        return self.evaluations > 0

    @property
    def errors_only(self) -> bool:
        return self.evaluated and set(self.outcomes) == {"error"}

    def __str__(self) -> str:
        return f"L{self.line}:{self.column} {self.text}"


def _outcome(value: dict[str, Any]) -> str:
    if "undefined" in value:
        return "error"
    if "boolValue" in value:
        return str(value["boolValue"]).lower()
    return "value"


def expressions(coverage: dict[str, Any]) -> list[Expression]:
    """Every expression of the report, with how often requests evaluated it and to what."""
    source = coverage["rules"]["files"][0]["content"]
    found: list[Expression] = []

    def walk(node: dict[str, Any]) -> None:
        pos = node["sourcePosition"]
        outcomes: dict[str, int] = {}
        for v in node.get("values", []):
            if v.get("value"):
                key = _outcome(v["value"])
                outcomes[key] = outcomes.get(key, 0) + int(v.get("count", 1))
        start, end = pos["currentOffset"], pos["endOffset"] + 1
        text = " ".join(source[start:end].split())[:100]
        found.append(Expression(pos["line"], pos["column"], start, end, text,
                                sum(outcomes.values()), outcomes))
        for child in node.get("children", []):
            walk(child)

    for root in coverage.get("report", []):
        walk(root)
    return found


def render_html(source: str, found: list[Expression]) -> str:
    """The rules with every evaluated expression green and every unevaluated one red; a line's
    tooltip gives its expressions' evaluation counts (true/false/error/value)."""
    status = [0] * len(source)  # 0 no expression, 1 evaluated, 2 never evaluated
    for e in sorted(found, key=lambda e: e.evaluated, reverse=True):
        for i in range(e.start, min(e.end, len(source))):
            status[i] = max(status[i], 1 if e.evaluated else 2)
    by_line: dict[int, list[str]] = {}
    for e in found:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(e.outcomes.items())) or "never"
        by_line.setdefault(e.line, []).append(f"{e.text[:60]}: {counts}")
    colours = {0: "", 1: "background:#dcfce7", 2: "background:#fecaca"}
    rows, offset = [], 0
    for number, line in enumerate(source.split("\n"), start=1):
        spans, run_start = [], 0
        for i in range(1, len(line) + 1):
            if i == len(line) or status[offset + i] != status[offset + run_start]:
                style = colours[status[offset + run_start]] if line else ""
                spans.append(f'<span style="{style}">{html.escape(line[run_start:i])}</span>')
                run_start = i
        tip = html.escape("\n".join(by_line.get(number, [])), quote=True)
        rows.append(f'<tr title="{tip}"><td class="n">{number}</td><td>{"".join(spans)}</td></tr>')
        offset += len(line) + 1
    never = [e for e in found if not e.evaluated]
    return (
        "<!doctype html><meta charset=utf-8><title>firestore.rules coverage</title>"
        "<style>body{font:13px monospace}td{white-space:pre;padding:0 6px}"
        ".n{color:#999;text-align:right}</style>"
        f"<h1>firestore.rules: {len(found) - len(never)} of {len(found)} expressions "
        "evaluated</h1><p>Green: evaluated by some request; red: never evaluated. Hover over a "
        "line for its expressions' counts.</p>"
        + "".join(f"<p>never evaluated: {html.escape(str(e))}</p>" for e in never)
        + "<table>" + "".join(rows) + "</table>"
    )


def fetch_and_save(host: str, reports: Path = REPORTS) -> dict[str, Any]:
    """The emulator's coverage report (JSON), saved to reports/ as a compact annotated page
    and table of expressions. The emulator's own report lists every distinct value each
    expression took (hundreds of MB after the whole suite); SCOREBOOK_RULES_COVERAGE_RAW=1
    saves it too (rules-coverage.raw.html and .raw.json)."""
    base = f"http://{host}/emulator/v1/projects/{PROJECT}:ruleCoverage"
    reports.mkdir(exist_ok=True)
    started = time.perf_counter()
    for attempt in range(3):  # building hundreds of MB, a busy emulator has answered 500
        response = requests.get(base, timeout=600)
        if response.status_code < 500 or attempt == 2:
            break
        time.sleep(5)
    response.raise_for_status()
    fetched = time.perf_counter()
    if os.environ.get("SCOREBOOK_RULES_COVERAGE_RAW"):
        (reports / "rules-coverage.raw.json").write_bytes(response.content)
        raw_html = requests.get(f"{base}.html", timeout=600)
        raw_html.raise_for_status()
        (reports / "rules-coverage.raw.html").write_bytes(raw_html.content)
    coverage = json.loads(response.content)  # bytes: no charset sniffing of ~100s of MB
    coverage["fetched"] = (
        f"report of {len(response.content) / 1e6:.0f} MB fetched in {fetched - started:.1f} s, "
        f"parsed in {time.perf_counter() - fetched:.1f} s"
    )
    found = expressions(coverage)
    source = coverage["rules"]["files"][0]["content"]
    (reports / "rules-coverage.html").write_text(render_html(source, found))
    table = [
        {"line": e.line, "column": e.column, "text": e.text, "evaluations": e.evaluations,
         "outcomes": e.outcomes}
        for e in found
    ]
    (reports / "rules-coverage.json").write_text(json.dumps(table, indent=0))
    return coverage


def test_every_rule_expression_was_evaluated(request: pytest.FixtureRequest, emulators) -> None:
    coverage = fetch_and_save(os.environ["FIRESTORE_EMULATOR_HOST"])
    found = expressions(coverage)
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
