"""The contents block that opens firestore.rules says which match blocks the file declares and
which rows of rules/access-matrix.csv test each; it must name exactly what the two files hold.

The block is the run of comment lines from `// Contents` to the next line that is not a
comment. In it, `match /path: policy` is a block (indented two spaces per level of nesting;
a longer policy goes on over more-indented lines), and `- path [status, ...]: op, op` under
it names matrix rows: a row is (path, operation, match status), the status empty when the row
has none. Pure: both files are read as text, no emulator.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from itertools import pairwise

import pytest

from tests.conftest import REPO

RULES_FILE = REPO / "firestore.rules"
MATRIX_FILE = REPO / "rules" / "access-matrix.csv"
ROOT = "/databases/{database}/documents"

Row = tuple[str, str, str]  # path, operation, match status

BLOCK_LINE = re.compile(r"match (/\S+?): \S")
ROWS_LINE = re.compile(r"- (?P<path>\S+?)(?: \[(?P<statuses>[^\]]+)\])?: (?P<operations>.+)")
COMMENTS_AND_STRINGS = re.compile(r"//[^\n]*|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
CODE_TOKENS = re.compile(r"\bmatch\s+(/\S+)\s*\{|\{|\}")


@dataclass
class Entry:
    """One `match` block as the contents lists it."""

    depth: int
    path: str
    rows: list[Row] = field(default_factory=list)


def contents_lines(text: str) -> list[str]:
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("// Contents")]
    assert len(starts) == 1, "firestore.rules needs one contents block, opening `// Contents`"
    block = []
    for line in lines[starts[0] :]:
        if not line.startswith("//"):
            break
        block.append(line)
    return block


def contents(text: str) -> list[Entry]:
    """The blocks the contents lists, in its order, each with the rows named under it."""
    entries: list[Entry] = []
    for line in contents_lines(text):
        body = line.removeprefix("//")
        indent = len(body) - len(body.lstrip(" ")) - 1
        body = body.strip()
        if block := BLOCK_LINE.match(body):
            assert indent % 2 == 0, f"indent a block two spaces per level: {line!r}"
            entries.append(Entry(indent // 2, block.group(1)))
        elif rows := ROWS_LINE.fullmatch(body):
            assert entries, f"rows before any block: {line!r}"
            statuses = (rows["statuses"] or "").split(",")
            entries[-1].rows += [
                (rows["path"], operation.strip(), status.strip())
                for status in statuses
                for operation in rows["operations"].split(",")
            ]
    return entries


def declared(text: str) -> list[tuple[int, str]]:
    """Every `match` block of the rules, in file order, with how deep it is nested."""
    code = COMMENTS_AND_STRINGS.sub("", text)
    found, depth, blocks = [], 0, []
    for token in CODE_TOKENS.finditer(code):
        if token.group(1):
            found.append((len(blocks), token.group(1)))
            blocks.append(depth)
            depth += 1
        elif token.group(0) == "{":
            depth += 1
        else:
            depth -= 1
            if blocks and blocks[-1] == depth:
                blocks.pop()
    assert depth == 0, "unbalanced braces in firestore.rules"
    return found


def full_paths(entries: list[Entry]) -> list[str]:
    """Each block's path from the database's documents, as a request names it."""
    paths, stack = [], []
    for entry in entries:
        del stack[entry.depth :]
        stack.append(entry.path)
        paths.append("".join(stack).removeprefix(ROOT))
    return paths


def serves(block: str, row_path: str) -> bool:
    """Whether the block's path covers the row's document, or a query on its collection."""
    segments = row_path.partition("?")[0].strip("/").split("/")
    if len(segments) % 2:
        segments.append("{any document}")
    pattern = block.strip("/").split("/")
    return len(pattern) == len(segments) and all(
        p == s or p.startswith("{") for p, s in zip(pattern, segments, strict=True)
    )


def matrix_rows() -> list[Row]:
    with MATRIX_FILE.open(newline="") as f:
        return [(r["path"], r["operation"], r["match"]) for r in csv.DictReader(f)]


def headings(text: str) -> set[str]:
    """The section headings: the comment after a `// ====` line, up to any colon."""
    lines = [line.strip() for line in text.splitlines()]
    return {
        after.removeprefix("//").strip().partition(":")[0]
        for before, after in pairwise(lines)
        if before.startswith("// ===") and after.startswith("//") and "===" not in after
        and after.removeprefix("//").strip()
    }


@pytest.fixture(scope="module")
def rules() -> str:
    return RULES_FILE.read_text()


@pytest.fixture(scope="module")
def listed(rules: str) -> list[Entry]:
    return contents(rules)


def named_rows(listed: list[Entry]) -> list[Row]:
    return [row for entry in listed for row in entry.rows]


def test_the_contents_opens_the_file_right_after_the_rules_version(rules: str) -> None:
    first, *rest = [line for line in rules.splitlines() if line.strip()]
    assert first.startswith("rules_version")
    assert rest[0].startswith("// Contents")


def test_the_contents_lists_every_match_path(rules: str, listed: list[Entry]) -> None:
    missing = {path for _, path in declared(rules)} - {e.path for e in listed}
    assert not missing, f"match blocks missing from the contents: {sorted(missing)}"


def test_every_path_in_the_contents_is_a_match_of_the_file(
    rules: str, listed: list[Entry]
) -> None:
    unknown = {e.path for e in listed} - {path for _, path in declared(rules)}
    assert not unknown, f"the contents lists blocks the file does not have: {sorted(unknown)}"


def test_the_contents_follows_the_files_order_and_nesting(
    rules: str, listed: list[Entry]
) -> None:
    assert [(e.depth, e.path) for e in listed] == declared(rules)


def test_every_matrix_row_named_in_the_contents_exists(listed: list[Entry]) -> None:
    unknown = set(named_rows(listed)) - set(matrix_rows())
    assert not unknown, f"rows not in {MATRIX_FILE.name}: {sorted(unknown)}"


def test_every_matrix_row_is_named_under_some_path(listed: list[Entry]) -> None:
    missing = set(matrix_rows()) - set(named_rows(listed))
    assert not missing, f"rows of {MATRIX_FILE.name} missing from the contents: {sorted(missing)}"


def test_no_matrix_row_is_named_twice(listed: list[Entry]) -> None:
    rows = named_rows(listed)
    twice = sorted({row for row in rows if rows.count(row) > 1})
    assert not twice, f"named more than once: {twice}"


def test_each_row_is_named_under_the_block_that_answers_it(listed: list[Entry]) -> None:
    paths = full_paths(listed)
    misplaced = []
    for entry, path in zip(listed, paths, strict=True):
        for row_path, operation, _ in entry.rows:
            answering = [p for p in paths if p and serves(p, row_path)] or [""]
            if answering[-1] != path:
                misplaced.append(f"{operation} {row_path} under {path or ROOT}")
    assert not misplaced, misplaced


def test_every_block_in_the_contents_has_rows(listed: list[Entry]) -> None:
    untested = [e.path for e in listed if not e.rows]
    assert not untested, f"blocks no matrix row tests: {untested}"


def test_the_sections_the_contents_names_are_headings_of_the_file(rules: str) -> None:
    quoted = re.findall(r'"([^"]+)"', "\n".join(contents_lines(rules)))
    assert quoted, "the contents names the sections where the functions are"
    unknown = set(quoted) - headings(rules)
    assert not unknown, f"no such section heading: {sorted(unknown)}"
