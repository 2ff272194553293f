"""Reading the Firestore emulator's rules coverage report (`...:ruleCoverage`): which
expressions of the rules requests evaluated, and to what; and the rules as a page with each
expression green (evaluated) or red (never).

The report holds the rules' source and a tree of every expression in it (`report`:
`sourcePosition` and `children`), each with the values it evaluated to and how often
(`values`: `[{value, count}]`; an error is `{"undefined": ...}`). A value of `{}` is a request
that reached the expression's rule but did not evaluate the expression (a short-circuit); an
expression with no other value was never evaluated. tests/rules/test_rules_coverage.py fetches
it after the rules tests and fails on any expression never evaluated.
"""

from __future__ import annotations

import html
import itertools
import json
import mmap
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import ijson


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


class _Node:
    """An expression being read from the report's stream: its position and outcomes."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.values = prefix + ".values.item"
        self.pos: dict[str, int] = {}
        self.outcomes: dict[str, int] = {}
        self.kind: str | None = None  # the outcome of the value being read
        self.count = 1

    def take(self, prefix: str, event: str, value: Any) -> None:
        """One parse event within this expression (not a child's, not its own end)."""
        if prefix.startswith(self.prefix + ".sourcePosition.") and event == "number":
            self.pos[prefix.rsplit(".", 1)[1]] = int(value)
        elif prefix.startswith(self.values):
            part = _VALUE_PARTS.get(prefix[len(self.values):])
            if part is not None:
                part(self, event, value)

    def ends_at(self, prefix: str, event: str) -> bool:
        """Whether the parse event closes this expression."""
        return prefix == self.prefix and event == "end_map"

    def _value_edge(self, event: str, _value: Any) -> None:
        """A value begins (a count of one until it says otherwise) or ends (counted)."""
        if event == "start_map":
            self.kind, self.count = None, 1
        elif event == "end_map" and self.kind is not None:
            self.outcomes[self.kind] = self.outcomes.get(self.kind, 0) + self.count

    def _value_key(self, event: str, value: Any) -> None:
        """The value's first key says its kind: an error, a bool (which one follows), or
        some other value."""
        if event == "map_key" and self.kind is None:
            self.kind = {"undefined": "error", "boolValue": "bool"}.get(value, "value")

    def _bool_value(self, event: str, value: Any) -> None:
        if event == "boolean":
            self.kind = str(value).lower()

    def _value_count(self, event: str, value: Any) -> None:
        """How many requests gave the value (a number, or a string of one)."""
        if event in ("number", "string"):
            self.count = int(value)


#: what each part of an expression's value (by its prefix after `.values.item`) tells
_VALUE_PARTS: dict[str, Callable[[_Node, str, Any], None]] = {
    "": _Node._value_edge,
    ".value": _Node._value_key,
    ".value.boolValue": _Node._bool_value,
    ".count": _Node._value_count,
}


def expressions(events: Iterable[tuple[str, str, Any]], source: str) -> list[Expression]:
    """Every expression of the report (ijson's parse events of it), with how often requests
    evaluated it and to what. Each value a request gave an expression is read for its kind
    only (true, false, an error, some other value), never kept: the report lists every
    distinct value, hundreds of MB of them."""
    found: list[Expression] = []
    stack: list[_Node] = []
    for prefix, event, value in events:
        top = stack[-1] if stack else None
        if event == "start_map" and _expression_at(prefix, top):
            stack.append(_Node(prefix))
        elif top is None:
            continue
        elif top.ends_at(prefix, event):
            found += _ended(stack.pop(), source)
        else:
            top.take(prefix, event, value)
    return found


def _expression_at(prefix: str, top: _Node | None) -> bool:
    """Whether a map at `prefix` is an expression: one of the report's, or a child of the
    expression being read."""
    child = "report.item" if top is None else top.prefix + ".children.item"
    return prefix in ("report.item", child)


class _NotOneKeyPerLine(ValueError):
    """The report is not printed one key per line, as the emulator prints it."""


def _key_indent(data: mmap.mmap | bytes, start: int) -> int:
    line = data.rfind(b"\n", 0, start) + 1
    if data[line:start].strip(b" "):
        raise _NotOneKeyPerLine(start)
    return start - line


def scanned_expressions(data: mmap.mmap | bytes, source: str) -> list[Expression]:
    """What `expressions` reads from the report, found by its printed layout instead of by
    parsing it: 9 times faster on the report of the whole suite (1 GB: 3 s, not 27 s).

    The emulator prints one key per line, indented by depth, and a node's `values` before
    its `children`; so a node's values are the `"value"` and `"count"` keys between its
    `"sourcePosition"` and the next node's, at the depth of the first of them. Deeper ones
    (a field named `value` in a document, the position an error carries) belong to a value.
    """
    hits = sorted((m.start(), m.end(), key) for key in (b"sourcePosition", b"value", b"count")
                  for m in re.finditer(b'"' + key + b'": ', data))
    found: list[Expression] = []
    node: _Node | None = None
    values_depth = 0  # of the current node's values; 0: none read yet
    for start, end, key in hits:
        depth = _key_indent(data, start)
        if _starts_node(key, depth, values_depth):
            found += _ended(node, source)
            node, values_depth = _node_at(data, end), 0
            continue
        values_depth = values_depth or depth
        if node is not None and _own_value(key, depth, values_depth):
            _read_value(node, key, data, end)
    _count(node, 1)
    return found + _ended(node, source)


def _starts_node(key: bytes, depth: int, values_depth: int) -> bool:
    """A `sourcePosition` no deeper than the current node's values begins the next node."""
    return key == b"sourcePosition" and (not values_depth or depth <= values_depth)


def _own_value(key: bytes, depth: int, values_depth: int) -> bool:
    """A `value` or `count` of the node's own values, not one nested in a value."""
    return key != b"sourcePosition" and depth == values_depth


def _node_at(data: mmap.mmap | bytes, end: int) -> _Node:
    """The node whose `sourcePosition` is printed from `end`."""
    node = _Node("")
    node.pos = json.loads(data[end:data.find(b"}", end) + 1])
    return node


def _read_value(node: _Node, key: bytes, data: mmap.mmap | bytes, end: int) -> None:
    """A node's `value` (its kind noted) or `count` (the value counted)."""
    if key == b"value":
        _count(node, 1)  # the value before, if it had no count
        node.kind = _value_kind(data, end)
    else:
        _count(node, int(_COUNT.match(data, end)[1]))


_COUNT = re.compile(rb'"?(\d+)')
_FIRST_KEY = re.compile(rb'\{\s*(?:"(\w+)"(?:: (true|false))?)?')


def _value_kind(data: mmap.mmap | bytes, start: int) -> str | None:
    """What the value printed at `start` is: true, false, an error or another value; None
    for `{}`, a short-circuit."""
    key, flag = _FIRST_KEY.match(data, start).groups()
    if key == b"boolValue":
        return flag.decode()
    return key and ("error" if key == b"undefined" else "value")


def _count(node: _Node | None, count: int) -> None:
    """Count the value being read `count` times (an empty one, a short-circuit, not at all)."""
    if node is not None and node.kind:
        node.outcomes[node.kind] = node.outcomes.get(node.kind, 0) + count
        node.kind = None


def _ended(node: _Node | None, source: str) -> list[Expression]:
    if node is None:
        return []
    pos = node.pos
    start, end = pos["currentOffset"], pos["endOffset"] + 1
    text = " ".join(source[start:end].split())[:100]
    return [Expression(pos["line"], pos["column"], start, end, text,
                       sum(node.outcomes.values()), node.outcomes)]


def read_expressions(raw: Path, source: str) -> list[Expression]:
    """The report's expressions, scanned (`scanned_expressions`) or, if the emulator ever
    prints it otherwise, parsed (`expressions`)."""
    with raw.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        try:
            found = scanned_expressions(data, source)
        except _NotOneKeyPerLine:
            with raw.open("rb") as again:
                found = expressions(ijson.parse(again), source)
    return sorted(found, key=lambda e: (e.start, e.end))


#: a character's background: in no expression, in an evaluated one, in one never evaluated
_COLOURS = ("", "background:#dcfce7", "background:#fecaca")


def render_html(source: str, found: list[Expression]) -> str:
    """The rules with every evaluated expression green and every unevaluated one red; a line's
    tooltip gives its expressions' evaluation counts (true/false/error/value)."""
    rows = _rows(source, _statuses(source, found), _tips(found))
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


def _statuses(source: str, found: list[Expression]) -> list[int]:
    """Each character's index of _COLOURS; red wins where expressions overlap."""
    status = [0] * len(source)
    for e in found:
        for i in range(e.start, min(e.end, len(source))):
            status[i] = max(status[i], 1 if e.evaluated else 2)
    return status


def _tips(found: list[Expression]) -> dict[int, list[str]]:
    """Each line's expressions with their evaluation counts."""
    by_line: dict[int, list[str]] = {}
    for e in found:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(e.outcomes.items())) or "never"
        by_line.setdefault(e.line, []).append(f"{e.text[:60]}: {counts}")
    return by_line


def _rows(source: str, status: list[int], by_line: dict[int, list[str]]) -> list[str]:
    """A table row per line of the rules, painted, its expressions' counts its tooltip."""
    rows, offset = [], 0
    for number, line in enumerate(source.split("\n"), start=1):
        spans = _painted(line, status[offset:offset + len(line)])
        tip = html.escape("\n".join(by_line.get(number, [])), quote=True)
        rows.append(f'<tr title="{tip}"><td class="n">{number}</td><td>{spans}</td></tr>')
        offset += len(line) + 1
    return rows


def _painted(line: str, status: list[int]) -> str:
    """One line of the rules as a span per run of characters of the same status."""
    spans = []
    for code, run in itertools.groupby(zip(line, status, strict=True), key=itemgetter(1)):
        text = "".join(char for char, _ in run)
        spans.append(f'<span style="{_COLOURS[code]}">{html.escape(text)}</span>')
    return "".join(spans)


def fetch_expressions(host: str, project: str, raw: Path) -> tuple[str, list[Expression], int]:
    """The emulator's coverage report for `project` now, written to `raw` as it arrives (it
    lists every distinct value each expression took: hundreds of MB) and read from there:
    (the rules' source, their expressions, the report's size in bytes). `raw` is removed."""
    _download(f"http://{host}/emulator/v1/projects/{project}:ruleCoverage", raw)
    with raw.open("rb") as f:
        source = next(ijson.items(f, "rules.files.item.content"))
    found, size = read_expressions(raw, source), raw.stat().st_size
    raw.unlink()
    return source, found, size


def _download(url: str, raw: Path) -> None:
    import requests

    for attempt in range(3):  # building hundreds of MB, a busy emulator has answered 500
        with requests.get(url, timeout=600, stream=True) as response:
            if response.status_code < 500 or attempt == 2:
                response.raise_for_status()
                with raw.open("wb") as out:
                    for chunk in response.iter_content(1 << 20):
                        out.write(chunk)
                return


def _added(seen: Expression, e: Expression) -> Expression:
    """`e` with the evaluations and outcomes of `seen` (the same expression) added."""
    outcomes = Counter(seen.outcomes)
    outcomes.update(e.outcomes)
    return Expression(e.line, e.column, e.start, e.end, e.text,
                      seen.evaluations + e.evaluations, dict(outcomes))


def merged(parts: Iterable[list[Expression]]) -> list[Expression]:
    """Reports of the same rules taken one after another (the coverage emptied between them
    by loading the rules again) as one: each expression's evaluations and outcomes added."""
    total: dict[tuple[int, int], Expression] = {}
    for e in itertools.chain.from_iterable(parts):
        seen = total.setdefault((e.start, e.end), e)
        if seen is not e:
            total[(e.start, e.end)] = _added(seen, e)
    return sorted(total.values(), key=lambda e: (e.start, e.end))
