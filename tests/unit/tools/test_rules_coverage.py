"""The rules coverage report's two readers agree (tools/scorebook_tools/rules_coverage.py)."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import ijson
import pytest

from scorebook_tools.rules_coverage import expressions, read_expressions


def _report(node_values: list[list[dict]], nested: bool) -> dict[str, Any]:
    """A coverage report of one expression per entry of `node_values`, each the child of
    the one before when `nested`, siblings otherwise."""
    nodes = [{"sourcePosition": {"line": 1, "column": i + 1, "currentOffset": i,
                                 "endOffset": i}, "values": values}
             for i, values in enumerate(node_values)]
    if nested:
        for parent, child in itertools.pairwise(nodes):
            parent["children"] = [child]
        nodes = nodes[:1]
    return {"rules": {"files": [{"content": "abcdef"}]}, "report": nodes}


TRICKY_VALUES = [
    [{"value": {"boolValue": True}, "count": 3}, {"value": {"boolValue": False}, "count": "2"}],
    [],  # never evaluated
    [{"value": {}, "count": 9}, {"value": {"undefined": {"sourcePosition": {
        "line": 1, "column": 1, "currentOffset": 0, "endOffset": 1}}}, "count": 1}],
    [{"value": {"mapValue": {"fields": {"value": {"stringValue": "x"}, "count": {
        "integerValue": "7"}}}}, "count": 4}],
]


@pytest.mark.parametrize("nested", [False, True])
def test_the_scan_of_the_printed_report_reads_what_the_parser_reads(
        tmp_path: Path, nested: bool) -> None:
    """The fast reader against the reference one, on what could fool it: a short-circuit,
    an error (which carries a position), a document with fields named `value` and `count`,
    an expression never evaluated; and a report not printed one key per line."""
    report = _report(TRICKY_VALUES, nested)
    parsed = sorted(expressions(ijson.parse(io.BytesIO(json.dumps(report).encode())), "abcdef"),
                    key=lambda e: (e.start, e.end))
    assert [e.outcomes for e in parsed] == [{"true": 3, "false": 2}, {}, {"error": 1},
                                            {"value": 4}]
    for layout in ({"indent": 2}, {"indent": 4}, {}):
        raw = tmp_path / "report.json"
        raw.write_text(json.dumps(report, **layout))
        assert read_expressions(raw, "abcdef") == parsed, layout


def test_parts_of_the_report_add_up_to_one() -> None:
    """The suite's report is read in parts (the coverage emptied between them): an
    expression evaluated in any part is evaluated, its counts the sum of the parts'."""
    from scorebook_tools.rules_coverage import Expression, merged

    a = Expression(1, 5, 10, 20, "x == 1", 2, {"true": 2})
    never = Expression(2, 5, 30, 40, "y", 0, {})
    b = Expression(1, 5, 10, 20, "x == 1", 3, {"false": 1, "true": 2})
    later = Expression(2, 5, 30, 40, "y", 1, {"value": 1})
    assert merged([[a, never], [b, later]]) == [
        Expression(1, 5, 10, 20, "x == 1", 5, {"true": 4, "false": 1}),
        Expression(2, 5, 30, 40, "y", 1, {"value": 1})]
    assert merged([[a, never]]) == [a, never]
