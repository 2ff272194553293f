"""The integrity codes apps receive in live/score are a published vocabulary: one list in
the code, the same list in the docs, and nothing else ever written."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from pydantic import ValidationError

from scorebook.integrity import INTEGRITY_CODES, IntegrityCode, IntegrityProblem
from tests.conftest import REPO


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    page = (REPO / "docs" / "integrity.md").read_text()
    documented = re.findall(r"^\| `([a-z_]+)` \|", page, re.M)
    assert documented == list(INTEGRITY_CODES) == list(get_args(IntegrityCode))


def test_a_code_outside_the_vocabulary_is_refused() -> None:
    with pytest.raises(ValidationError):
        IntegrityProblem(code="something_new", message="no such code")
