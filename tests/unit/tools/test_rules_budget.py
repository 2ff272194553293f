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
    changed = without(RULES, part, stand_in)
    assert len(changed) == len(RULES) - len(part) + len(stand_in)
    # the stand-in leaves every allow condition where it was
    assert changed.count("allow ") == RULES.count("allow ")


def test_a_part_the_rules_no_longer_have_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="must follow the rules"):
        without(RULES, "isValidCricketBall(data)", "true")
    with pytest.raises(ValueError, match="has 0 of"):
        without(RULES, "isValidCricketBall(data)", "true")


def test_the_padding_follows_every_allow_condition() -> None:
    rules = "allow create: if a && b;\n    allow read: if true;"
    assert padded(rules, 2) == ("allow create: if (a && b) && ([0,0].size() >= 0);\n"
                                "    allow read: if (true) && ([0,0].size() >= 0);")
