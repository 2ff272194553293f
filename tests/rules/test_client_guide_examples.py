"""docs/clients.md's example documents (docs/examples/*.json), each parsed with the project's
pydantic models and written through the security rules by the person the guide says writes
it: an action of every kind by the match's scorer, the correction and its void, the match and
a scorer's assignment by an admin, a lineup by the team's manager. The guide shows these files
verbatim (tests/unit/test_client_guide.py checks that), so it cannot drift from what the rules
and the models take.

The examples name readable placeholders (`match-1`, `team-home`, `team-home-p7`,
`uid-scorer`, ...); each test puts them in a fresh world (tests/rules/world.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from scorebook.actions import ACTION_KINDS, parse_action
from scorebook.document import to_document
from scorebook.match import Match, parse_lineup_document
from scorebook.roles import MatchRoleAssignment
from tests.conftest import REPO
from tests.rules.world import PERSONAS, World, commit_as, seed

EXAMPLES = REPO / "docs" / "examples"
SCORER, ADMIN, HOME = PERSONAS["scorer"], PERSONAS["admin"], PERSONAS["home_official"]
TIMESTAMPS = {"timestamp", "createdAt", "updatedAt", "voidedAt", "assignedAt", "startDate",
              "endDate", "selectedAt", "confirmedAt", "substitutedAt", "revokedAt"}
NOT_ACTIONS = {"match", "match-role-assignment", "lineup", "void", "correction"}
ACTIONS = sorted(p.stem for p in EXAMPLES.glob("*.json") if p.stem not in NOT_ACTIONS)


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


def example(name: str, world: World, match_id: str | None = None) -> dict[str, Any]:
    """docs/examples/{name}.json in this world: placeholders replaced, times as datetimes."""
    text = (EXAMPLES / f"{name}.json").read_text()
    for placeholder, value in (("match-1", match_id or world.match_id), ("team-home", world.home),
                               ("team-away", world.away), ("uid-scorer", SCORER.me),
                               ("uid-admin", ADMIN.me), ("uid-manager", HOME.me)):
        text = text.replace(placeholder, value)
    doc = json.loads(text)
    return {k: datetime.fromisoformat(v) if k in TIMESTAMPS and isinstance(v, str) else v
            for k, v in doc.items()}


def log(world: World) -> str:
    return f"matches/{world.match_id}/scoring_actions"


def written(example: Any, stored: Any) -> Any:
    """What the model stores of the fields the example writes (a map's other fields, the
    defaults the example leaves out, are left out), dates as ISO text."""
    if isinstance(stored, datetime | date):
        return stored.isoformat()
    if isinstance(example, dict) and isinstance(stored, dict):
        return {k: written(v, stored.get(k)) for k, v in example.items()}
    if isinstance(example, list) and isinstance(stored, list) and len(example) == len(stored):
        return [written(e, s) for e, s in zip(example, stored, strict=True)]
    return stored


def assert_parsed_as_written(doc: dict[str, Any], parsed: Any) -> None:
    """The model reads every field the example writes, with the value written."""
    assert written(doc, to_document(parsed)) == written(doc, doc)


def test_there_is_an_example_of_every_kind_of_action() -> None:
    kinds = {json.loads((EXAMPLES / f"{n}.json").read_text()).get("kind", "delivery")
             for n in ACTIONS}
    assert kinds == set(ACTION_KINDS)


@pytest.mark.parametrize("name", ACTIONS)
def test_each_action_example_parses_and_the_match_scorer_may_write_it(
    world: World, name: str
) -> None:
    if name == "declaration":  # Law 15.1: in a format that has declarations (a Test)
        world.match = world.match.model_copy(update={"inningsPerSide": 2,
                                                     "scheduledOvers": None})
        seed({f"matches/{world.match_id}": world.match_document()})
    doc = example(name, world)
    assert_parsed_as_written(doc, parse_action(doc))
    SCORER.client().create(log(world), doc["id"], doc)


def test_the_correction_then_the_void_that_names_it(world: World) -> None:
    scorer = SCORER.client()
    four, correction, void = (example(n, world) for n in ("delivery-four", "correction", "void"))
    scorer.create(log(world), four["id"], four)
    assert_parsed_as_written(correction, parse_action(correction))
    scorer.create(log(world), correction["id"], correction)
    scorer.update(f"{log(world)}/{four['id']}", void, server_time=("voidedAt",))
    voided = parse_action(ADMIN.client().get(f"{log(world)}/{four['id']}"))
    assert voided.isVoided and voided.correctedBy == correction["id"]
    assert voided.voidedBy == SCORER.me and voided.voidedAt is not None


def test_the_match_example_is_a_match_an_admin_creates(world: World) -> None:
    doc = example("match", world, match_id=world.new_match_id)
    match = Match.model_validate(doc)
    assert_parsed_as_written(doc, match)
    ADMIN.client().set(f"matches/{world.new_match_id}", doc)


def test_the_scorer_assignment_example_is_one_an_admin_writes(world: World) -> None:
    doc = example("match-role-assignment", world, match_id=world.new_match_id)
    assert_parsed_as_written(doc, MatchRoleAssignment.model_validate(doc))
    world.commit()
    commit_as(ADMIN.client(), f"match_role_assignments/{doc['id']}", doc,
              server_time=("assignedAt", "createdAt"), exists=False)


def test_the_lineup_example_is_one_the_team_manager_writes(world: World) -> None:
    doc = example("lineup", world)
    assert_parsed_as_written(doc, parse_lineup_document(doc["id"], doc))
    world.create_lineup_entry(HOME.client(), doc)


def test_every_example_file_is_used() -> None:
    names = {p.stem for p in EXAMPLES.glob("*.json")}
    assert names == set(ACTIONS) | NOT_ACTIONS
    assert Path(EXAMPLES).is_dir()
