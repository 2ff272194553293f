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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson
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


class _Node:
    """An expression being read from the report's stream: its position and outcomes."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.values = prefix + ".values.item"
        self.pos: dict[str, int] = {}
        self.outcomes: dict[str, int] = {}
        self.kind: str | None = None  # the outcome of the value being read
        self.count = 1


def expressions(events: Iterable[tuple[str, str, Any]], source: str) -> list[Expression]:
    """Every expression of the report (ijson's parse events of it), with how often requests
    evaluated it and to what. Each value a request gave an expression is read for its kind
    only (true, false, an error, some other value), never kept: the report lists every
    distinct value, hundreds of MB of them."""
    found: list[Expression] = []
    stack: list[_Node] = []
    for prefix, event, value in events:
        top = stack[-1] if stack else None
        if event == "start_map" and (prefix == "report.item" or (
                top is not None and prefix == top.prefix + ".children.item")):
            stack.append(_Node(prefix))
        elif top is None:
            continue
        elif prefix.startswith(top.prefix + ".sourcePosition.") and event == "number":
            top.pos[prefix.rsplit(".", 1)[1]] = int(value)
        elif prefix == top.values and event == "start_map":
            top.kind, top.count = None, 1
        elif prefix == top.values + ".value" and event == "map_key" and top.kind is None:
            top.kind = {"undefined": "error", "boolValue": "bool"}.get(value, "value")
        elif prefix == top.values + ".value.boolValue" and event == "boolean":
            top.kind = str(value).lower()
        elif prefix == top.values + ".count" and event in ("number", "string"):
            top.count = int(value)
        elif prefix == top.values and event == "end_map" and top.kind is not None:
            top.outcomes[top.kind] = top.outcomes.get(top.kind, 0) + top.count
        elif prefix == top.prefix and event == "end_map":
            stack.pop()
            pos = top.pos
            start, end = pos["currentOffset"], pos["endOffset"] + 1
            text = " ".join(source[start:end].split())[:100]
            found.append(Expression(pos["line"], pos["column"], start, end, text,
                                    sum(top.outcomes.values()), top.outcomes))
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
    with raw.open("rb") as f:
        found = expressions(ijson.parse(f), source)
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
