"""The integrity codes apps receive in live/score, and the problem codes of live/lineups, are
a published vocabulary: one list in the code, the same list in the docs, and nothing else
ever written."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from pydantic import ValidationError

from scorebook.integrity import INTEGRITY_CODES, IntegrityCode, IntegrityProblem
from scorebook.views.lineups_schema import (
    LINEUP_PROBLEM_CODES,
    LineupProblemCode,
    LineupProblemView,
)
from tests.conftest import REPO

LINEUP_HEADING = "## Lineup problem codes"


def documented(part: str) -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", part, re.M)


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    page = (REPO / "docs" / "integrity.md").read_text()
    log, lineups = page.split(LINEUP_HEADING)
    assert documented(log) == list(INTEGRITY_CODES) == list(get_args(IntegrityCode))
    assert documented(lineups) == list(LINEUP_PROBLEM_CODES) == list(get_args(LineupProblemCode))


def test_a_code_outside_the_vocabulary_is_refused() -> None:
    with pytest.raises(ValidationError):
        IntegrityProblem(code="something_new", message="no such code")
    with pytest.raises(ValidationError):
        LineupProblemView(code="something_new", message="no such code")
