"""One table of limits: the counts `validateAction` checks (`service.limits.COUNTS`) are the
bounds firestore.rules states for the same fields, and the rules state no other bound for
them. Pure: the rules are read as text. A number changed on one side fails here."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import get_args

import pytest

from scorebook.actions import BowlingLine, PitchLength, ShotType
from scorebook.service.limits import _ONE_LINE_ID, COUNTS, TEXTS
from tests.conftest import REPO

RULES = (REPO / "firestore.rules").read_text()

#: Limits the rules state another way: how they spell each, and the bounds the parse below
#: reads from that spelling (None: it reads none)
SPELLED_OTHERWISE: dict[tuple[str, int, int], tuple[str, tuple[int, int] | None]] = {
    # the document id's pattern: `[1-9][0-9]?-[0-9]{4}`
    ("inningsNumber", 1, 99): (
        "(actionId + ',' + data.get('source', 'live')).matches('[1-9][0-9]?-[0-9]{4}", None),
    # (innings at least 1 by the id's pattern, so the sum is over 1 when the sequence is)
    ("sequenceNumber", 1, 9999): ("data.inningsNumber + data.sequenceNumber > 1", None),
    # five runs an offence (Law 41): more than 0, a multiple of 5, at most 30
    ("runs", 5, 30): ("data.runs > 0 && data.runs <= 30 && data.runs % 5 == 0", (1, 30)),
}


#: the rules' `let` names bound to a field read with `.get('f', null)`: name -> field
ALIASES = {m.group(1): m.group(2) for m in re.finditer(
    r"let (\w+) = [\w.]+\.get\('(\w+)', null\);", RULES)}


def _digits(pattern: str) -> tuple[int, int] | None:
    """The whole numbers a pattern of digits matches, as (low, high), when they run on without
    a gap (`[0-9]|10` is 0..10)."""
    matched = [n for n in range(-10, 10_001) if re.fullmatch(pattern, str(n))]
    if not matched or matched != list(range(matched[0], matched[-1] + 1)):
        return None
    return matched[0], matched[-1]


def _top_level(text: str) -> list[str]:
    """`text` split at its commas outside brackets, braces and parentheses."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        if c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    return [*parts, text[start:].strip()]


def _joined_parts() -> dict[str, str]:
    """Each field checked as one part of a joined line, `[a, b, ...].join(',').matches('A,B,...')`
    (one pattern for several fields: one expression, not one a field), with its part of the
    pattern; a part is the field's when the list and the pattern have as many parts."""
    found: dict[str, str] = {}
    for line in re.finditer(r"\[([^\[\]]*)\]\.join\(','\)\.matches\('([^']*)'\)", RULES):
        elements, patterns = _top_level(line.group(1)), _top_level(line.group(2))
        if len(elements) != len(patterns):
            continue
        for element, pattern in zip(elements, patterns, strict=True):
            named = re.fullmatch(r"[\w.]+\.get\('(\w+)', null\)|data\.(\w+)", element)
            name = (named.group(1) or named.group(2)) if named else ALIASES.get(element)
            if name:
                found[name] = pattern
    return found


def _bounds_in_rules() -> dict[str, set[tuple[int, int]]]:
    """Each field's (low, high) bounds as the rules' lines state them: `x >= a && x <= b`
    (or > and <), `isOptCount(x, b)` (from 0, or from 1 beside `x != 0`), or a whole
    number's digits `string(x).matches('...')`, where x is `data.f`,
    `something.get('f', null)` or a `let` name bound to one."""
    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for name, pattern in _joined_parts().items():
        bounds = _digits(pattern.removeprefix("(null|").removesuffix(")")
                         if pattern.startswith("(null|") else pattern)
        if bounds:
            found[name].add(bounds)
    for line in RULES.splitlines():
        for digits in re.finditer(r"string\((?:data\.(\w+)|(\w+))\)\.matches\('([^']*)'\)",
                                  line):
            name = digits.group(1) or ALIASES.get(digits.group(2) or "")
            bounds = _digits(digits.group(3))
            if name and bounds:
                found[name].add(bounds)
        for count in re.finditer(r"isOptCount\(((\w+)|[\w.]+\.get\('(\w+)', null\)), (\d+)\)",
                                 line):
            name = ALIASES.get(count.group(2) or "") or count.group(3)
            if name:
                low = 1 if f"{count.group(1)} != 0" in line else 0
                found[name].add((low, int(count.group(4))))
        for expr, name in [*((f"data.{f}", f) for f in re.findall(r"data\.(\w+) [<>]", line)),
                           *((a, f) for a, f in ALIASES.items() if f" {a} " in f" {line}")]:
            e = re.escape(expr)
            low = re.search(rf"(?<![\w.]){e} (>=|>) (\d+)", line)
            high = re.search(rf"(?<![\w.]){e} (<=|<) (\d+)", line)
            if low and high:
                found[name].add((int(low.group(2)) + (low.group(1) == ">"),
                                 int(high.group(2)) - (high.group(1) == "<")))
    return found


def test_every_limit_validate_checks_is_the_rules_own() -> None:
    in_rules = _bounds_in_rules()
    for _, field, low, high in COUNTS:
        leaf = field.split(".")[-1]
        if (leaf, low, high) in SPELLED_OTHERWISE:
            spelled, _ = SPELLED_OTHERWISE[(leaf, low, high)]
            assert spelled in RULES, (field, spelled)
            continue
        assert (low, high) in in_rules.get(leaf, set()), (
            f"{field}: validate says {low}..{high}, the rules {sorted(in_rules.get(leaf, []))}")


def test_the_rules_bound_these_fields_only_as_validate_does() -> None:
    in_rules = _bounds_in_rules()
    table: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for _, field, low, high in COUNTS:
        table[field.split(".")[-1]].add((low, high))
    read_otherwise = {(leaf, *read) for (leaf, _, _), (_, read) in SPELLED_OTHERWISE.items()
                      if read is not None}
    for leaf, bounds in table.items():
        stated = {b for b in in_rules.get(leaf, set()) if (leaf, *b) not in read_otherwise}
        assert stated <= bounds, f"{leaf}: the rules also say {sorted(stated - bounds)}"


def test_every_text_length_validate_checks_is_the_rules_own() -> None:
    """A text field of an action: `isOptText(data.get('f', null), n)`."""
    for field, most in TEXTS:
        leaf = field.split(".")[-1]
        lengths = {int(n) for n in re.findall(
            rf"isOptText\(data\.get\('{leaf}', null\), (\d+)\)", RULES)}
        assert lengths == {most}, f"{field}: validate says {most}, the rules {sorted(lengths)}"


@pytest.mark.parametrize(("field", "words"), [
    ("shotType", ShotType), ("length", PitchLength), ("line", BowlingLine)])
def test_the_shots_words_are_the_models_lists(field: str, words: object) -> None:
    """`(null|a|b|...)`, the field's part of the shot's joined line (one expression, where a
    list costs one a word): the design documents' lists, as scorebook.actions has them."""
    stated = re.fullmatch(r"\(null\|([\w|]*)\)", _joined_parts().get(field, ""))
    assert stated is not None, field
    assert stated.group(1).split("|") == list(get_args(words))


def test_an_id_has_one_pattern_in_the_rules_and_it_is_validates() -> None:
    """The rules spell the id's pattern out where they check one (a function would cost the
    scoring path expressions of its budget): one spelling everywhere, taking and refusing what
    validateAction's does."""
    # (a pattern of several ids, a line break between them, spells it for each)
    spelled = {one for found in re.findall(r"\.matches\('([^']*\{1,128\})'\)", RULES)
               for one in re.split(r"(?<=\{1,128\})\\\\n(?=\[)", found)}
    assert len(spelled) == 1, spelled
    unescaped = spelled.pop().replace("\\\\", "\\")  # the rules' string literal, read
    as_python = re.compile(re.sub(r"\\x\{([0-9A-Fa-f]+)\}",
                                  lambda m: f"\\u{int(m[1], 16):04x}", unescaped))
    tried = ["a", "x" * 128, "x" * 129, "", "Ünsal 7", "a\tb",
             *(f"a{c}b" for c in "\n\r\x85\u2028\u2029\x0b\x0c")]
    assert [bool(as_python.fullmatch(t)) for t in tried] == [
        bool(_ONE_LINE_ID.fullmatch(t)) for t in tried]
    assert not any(as_python.fullmatch(f"a{c}b") for c in "\n\r\x85\u2028\u2029")
