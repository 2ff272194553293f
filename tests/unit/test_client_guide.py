"""docs/clients.md shows only what the tests run: each JSON block marked
`<!-- example: docs/examples/NAME.json -->` is that file (which
tests/rules/test_client_guide_examples.py parses and writes through the rules), and each
code block marked `<!-- code: PATH -->` is a verbatim excerpt of that file (the kit's
example, which tests/emulator/test_js_kit.py runs, and docs/examples/admin_sdk.py, which it
uses)."""

from __future__ import annotations

import json
import re

from tests.conftest import REPO

GUIDE = REPO / "docs" / "clients.md"
BLOCK = re.compile(r"<!-- (example|code): (\S+) -->\n```[a-z]*\n(.*?)\n```", re.DOTALL)


def blocks() -> list[tuple[str, str, str]]:
    return BLOCK.findall(GUIDE.read_text())


def test_every_example_in_the_guide_is_its_file_and_every_file_is_shown() -> None:
    shown = set()
    for what, path, text in blocks():
        if what == "example":
            assert json.loads(text) == json.loads((REPO / path).read_text()), path
            shown.add(path)
    files = {f"docs/examples/{p.name}" for p in (REPO / "docs" / "examples").glob("*.json")}
    assert shown == files


def test_every_code_block_in_the_guide_is_an_excerpt_of_a_tested_file() -> None:
    code = [(path, text) for what, path, text in blocks() if what == "code"]
    assert {path for path, _ in code} >= {"clients/js/examples/score-an-over.mjs",
                                          "docs/examples/admin_sdk.py"}
    for path, text in code:
        assert text in (REPO / path).read_text(), f"{path} no longer has:\n{text}"


def test_every_marked_block_is_found() -> None:
    markers = re.findall(r"<!-- (?:example|code): ", GUIDE.read_text())
    assert len(markers) == len(blocks())


def test_the_readme_links_the_guide_on_its_first_screen() -> None:
    first_screen = "\n".join((REPO / "README.md").read_text().splitlines()[:20])
    assert "docs/clients.md" in first_screen


def test_the_guide_lists_every_problem_code_validate_action_answers_with() -> None:
    """§9's table is the vocabulary of `validateAction` and the kit's `causes`, in the
    order and words of scorebook.service.refusals."""
    from scorebook.service.refusals import REFUSAL_CODES

    text = GUIDE.read_text()
    table = text[text.index("<!-- problem codes: "):]
    rows = re.findall(r"^\| `(\w+)` \| (.*) \|$", table.split("\n\n")[0], re.MULTILINE)
    assert [code for code, _ in rows] == list(REFUSAL_CODES)
    source = (REPO / "functions" / "scorebook" / "service" / "refusals.py").read_text()
    comments = " ".join(line.removeprefix("#:").strip() for line in source.splitlines()
                        if line.startswith("#:"))
    for code, meaning in rows:
        assert f"``{code}``: {meaning}" in comments, code


def test_the_guide_lists_the_documented_queries() -> None:
    """§8's table is `DOCUMENTED_QUERIES`, which tests/emulator/test_queries.py runs and
    tests/unit/test_indexes.py checks against firestore.indexes.json."""
    from tests.emulator.test_queries import DOCUMENTED_QUERIES

    text = GUIDE.read_text()
    table = text[text.index("<!-- queries: "):].split("\n\n")[0]
    rows = re.findall(r"^\| `(.*?)` \| (.*) \| (.*) \| (yes|no) \|$", table, re.MULTILINE)
    assert rows == [(str(q), q.purpose, q.who, "yes" if q.needs_composite_index() else "no")
                    for q in DOCUMENTED_QUERIES]
