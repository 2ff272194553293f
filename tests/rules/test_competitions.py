"""What an admin may write for a competition and a match's place in it, one bad field at a
time (the access matrix has who may write them; these are what a valid one is), and the par
score a scorer may record with a result."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from scorebook.document import to_document
from scorebook_tools.rest import FirestoreRest
from tests.rules.scenarios_after import competition_document
from tests.rules.scenarios_match import event_as
from tests.rules.world import PERSONAS, World, refused

ADMIN = PERSONAS["admin"]


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has ids of its own: no need to clear the database."""


def _admin() -> FirestoreRest:
    return ADMIN.client()


def test_an_admin_writes_a_valid_competition_with_bonus_points() -> None:
    competition_id = f"county-{uuid.uuid4().hex[:8]}"
    doc = competition_document(competition_id) | {
        "format": "MDM", "points": {"win": 16, "draw": 5, "tie": 8},
        "bonus": {"battingRuns": [250, 300, 350, 400, 450], "bowlingWickets": [3, 6, 9],
                  "firstInningsOvers": 110}, "notes": {"why": "County Championship"}}
    _admin().create("competitions", competition_id, doc)
    assert _admin().get(f"competitions/{competition_id}") is not None


BAD_COMPETITIONS: dict[str, dict[str, Any]] = {
    "an unknown field": {"sponsor": "x"},
    "another id": {"id": "elsewhere"},
    "a name too long": {"name": "x" * 201},
    "ballsPerOver 0": {"ballsPerOver": 0},
    "points under a name of its own": {"points": {"win": 2, "bonus": 1}},
    "negative points": {"points": {"win": -2}},
    "points as text": {"points": {"win": "two"}},
    "superOverTie unknown": {"superOverTie": "coin_toss"},
    "tableMatches not a list": {"tableMatches": "all"},
    "bonus with a field of its own": {"bonus": {"battingRuns": [200], "perInnings": True}},
    "bonus thresholds not a list": {"bonus": {"battingRuns": 200}},
    "order not a list": {"order": "points"},
}


@pytest.mark.parametrize("bad", BAD_COMPETITIONS, ids=list(BAD_COMPETITIONS))
def test_the_rules_refuse_a_bad_competition(bad: str) -> None:
    competition_id = f"league-{uuid.uuid4().hex[:8]}"
    refused(_admin().create, "competitions", competition_id,
            competition_document(competition_id) | BAD_COMPETITIONS[bad])


def test_a_competition_id_with_an_underscore_is_refused() -> None:
    # its id goes into the statistics' ids: "{competitionId}_{teamId}"
    competition_id = f"league_{uuid.uuid4().hex[:8]}"
    refused(_admin().create, "competitions", competition_id,
            competition_document(competition_id))


@pytest.mark.parametrize(("fields", "ok"), [
    ({"competitionId": "cpl-2021", "season": "2021"}, True),
    ({"competitionId": "cpl_2021"}, False),
    ({"competitionId": 2021}, False),
    ({"season": "x" * 41}, False),
    ({"completedVersion": 3}, True),
    ({"completedVersion": "3"}, False),
])
def test_a_match_names_its_competition_and_season(fields: dict[str, Any], ok: bool) -> None:
    world = World(status="scheduled")
    world.commit()
    write = _admin().set, f"matches/{world.match_id}", world.match_document() | fields
    if ok:
        write[0](*write[1:])
    else:
        refused(*write)


@pytest.mark.parametrize(("par", "ok"), [(85, True), (0, True), (-1, False), ("85", False),
                                          (2001, False)])
def test_a_scorer_records_the_par_score_of_a_chase_the_weather_ended(par: Any,
                                                                     ok: bool) -> None:
    world = World(status="live")
    scorer = PERSONAS["scorer"]
    # the result the functions derived (home won), as the officials state it, with the par
    world.given({f"matches/{world.match_id}": world.match_document()
                 | {"resultType": "win", "winnerId": world.home}})
    doc = to_document(event_as(world, scorer, "match_result", result="win",
                               winnerId=world.home, method="DLS")) | {"parScore": par}
    client = world.client(scorer)
    write = client.create, f"matches/{world.match_id}/scoring_actions", doc["id"], doc
    if ok:
        write[0](*write[1:])
    else:
        refused(*write)
