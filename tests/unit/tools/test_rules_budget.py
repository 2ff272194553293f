"""The rules budget's parts (scorebook_tools.rules_budget.PARTS) follow firestore.rules: each
part's text is there once, so `make bench` can say what each costs the busiest ball."""

from __future__ import annotations

import pytest

from scorebook_tools.rules_budget import PARTS, padded, without
from tests.conftest import REPO

RULES = (REPO / "firestore.rules").read_text()


@pytest.mark.parametrize("label", PARTS)
def test_each_part_is_in_the_rules_once(label: str) -> None:
    part, stand_in = PARTS[label]
    assert RULES.count(part) == 1
    assert stand_in != part  # a stand-in that changed nothing would cost nothing


def test_a_part_the_rules_do_not_have_once_is_refused_by_its_text() -> None:
    with pytest.raises(ValueError, match=r"has 0 of 'isValidCricketBall\(data\)'"):
        without(RULES, "isValidCricketBall(data)", "true")
    with pytest.raises(ValueError, match="has 2 of 'a && b'"):
        without("allow create: if a && b || a && b;", "a && b", "true")
    assert without("allow create: if a && b || c;", "a && b", "true") == (
        "allow create: if true || c;")


def test_the_padding_follows_every_allow_condition() -> None:
    rules = "allow create: if a && b;\n    allow read: if true;"
    assert padded(rules, 2) == ("allow create: if (a && b) && ([0,0].size() >= 0);\n"
                                "    allow read: if (true) && ([0,0].size() >= 0);")
