"""Properties of the write validation, with documents hypothesis draws from the schema.

- Every lawful action of every kind (scorebook.models is the schema) that a scorer of a live
  match signs is accepted: the rules never stand between a scorer and a lawful ball.
- Every hostile or broken variant of one (wrong types, huge strings, unknown or missing
  fields, a forged recordedBy, another match's id, an id that is not its position, born
  voided, numbers out of range, broken laws) is refused.
- Every hostile update of an action (un-voiding, voiding twice, a forged or client-timed void,
  editing the runs of a ball, voided or not) is refused.

Each example is a REST call or two (a few ms), so the example counts stay moderate.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorebook.actions import ACTION_KINDS, parse_action
from scorebook.document import to_document
from scorebook_tools.rest import FirestoreError, FirestoreRest
from tests.emulator.harness import PROJECT
from tests.rules.payloads import NOW, SPOILERS, heaviest_delivery, hostile, lawful_actions
from tests.rules.world import PERSONAS, World, seed

SCORER = PERSONAS["scorer"]


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


@pytest.fixture
def positions() -> Iterator[tuple[int, int]]:
    """A fresh (innings, sequence) for each example, so lawful writes never meet."""
    return ((innings, seq) for seq in itertools.count(1) for innings in (1, 2, 3, 4))


def write(client: FirestoreRest, world: World, doc_id: str, doc: dict) -> None:
    client.create(f"matches/{world.match_id}/scoring_actions", doc_id, doc)


#: the emulator's word for a request refused because it ran out of expressions: a refusal
#: the rules did not decide, which a cheaper rule elsewhere could turn into an acceptance
OUT_OF_EXPRESSIONS = "maximum of 1000 expressions"


def refused(call, *args, decided: bool = False, **kwargs) -> bool:
    """Whether the rules refused the request; `decided`: and not by running out of
    expressions. (A malformed new action still is: its first failing check makes the rules'
    `&&` look at every other one, which a shape check first would spare.)"""
    try:
        call(*args, **kwargs)
    except FirestoreError as error:
        assert error.denied, error
        assert not decided or OUT_OF_EXPRESSIONS not in error.reason, error
        return True
    return False


@pytest.mark.parametrize("kind", ACTION_KINDS)
@examples(25)
@given(data=st.data())
def test_every_lawful_action_a_scorer_signs_is_accepted(kind, positions, data) -> None:
    # A world per example: the functions move a match on from its log (a result completes
    # it and locks it), so earlier examples must not decide whether a later one is accepted.
    world = World(status="live")
    if kind == "declaration":  # Law 15.1: a format that has declarations (a Test's)
        world.match = world.match.model_copy(update={"inningsPerSide": 2,
                                                     "scheduledOvers": None})
        world.given({f"matches/{world.match_id}": world.match_document()})
    world.commit()
    innings, seq = next(positions)
    doc = data.draw(lawful_actions(world, SCORER.me, innings, seq, kind), label="action")
    parse_action(doc)  # lawful by the schema
    write(SCORER.client(), world, doc["id"], doc)


@pytest.mark.parametrize("spoiler", SPOILERS)
@examples(30)
@given(data=st.data())
def test_every_hostile_variant_of_a_lawful_action_is_refused(
    spoiler, world, positions, data
) -> None:
    innings, seq = next(positions)
    doc = data.draw(lawful_actions(world, SCORER.me, innings, seq), label="lawful")
    doc_id, spoiled, how = data.draw(hostile(doc, world, spoiler), label="spoiled")
    assert refused(write, SCORER.client(), world, doc_id, spoiled), how


@pytest.mark.parametrize("field", ["id", "matchId", "recordedBy", "timestamp", "inningsNumber",
                                   "sequenceNumber"])
def test_the_busiest_ball_without_a_common_field_is_refused_by_the_rules(world, field) -> None:
    """Refused at the fields every action has, not after every check of a delivery too (the
    rules' && looks at its other side when one side fails to evaluate, and the busiest ball's
    checks then ran out of expressions). A field of a delivery's own, missing or of the wrong
    type (a shotData of true), still does."""
    doc = heaviest_delivery(world, SCORER.me, 1, corrects=None)
    doc_id = doc["id"]
    del doc[field]
    assert refused(write, SCORER.client(), world, doc_id, doc, decided=True), field


def other_runs(stored: dict) -> dict:
    """Runs off the bat other than the stored action's (an edit, never the same again)."""
    runs = 6 if stored.get("runsOffBat") == 4 else 4
    return {"runsOffBat": runs, "totalRuns": runs}


VOID_SPOILERS = {
    "voidedBy someone else": lambda f, _: (f | {"voidedBy": "someone-else"}, ("voidedAt",)),
    "voidedAt from the client": lambda f, _: (f | {"voidedAt": NOW}, ()),
    "voidedAt missing": lambda f, _: (f, ()),
    "no reason": lambda f, _: (f | {"voidReason": ""}, ("voidedAt",)),
    "reason too long": lambda f, _: (f | {"voidReason": "r" * 501}, ("voidedAt",)),
    "reason not text": lambda f, _: (f | {"voidReason": 42}, ("voidedAt",)),
    "isVoided not true": lambda f, _: (f | {"isVoided": "true"}, ("voidedAt",)),
    "correctedBy not an action id": lambda f, _: (f | {"correctedBy": "x/../1"}, ("voidedAt",)),
    "updatedAt from the client": lambda f, _: (f | {"updatedAt": NOW}, ("voidedAt",)),
    "runs edited with the void": lambda f, stored: (f | other_runs(stored), ("voidedAt",)),
    "recordedBy edited with the void": lambda f, _: (f | {"recordedBy": "someone-else"},
                                                  ("voidedAt",)),
    "a field added with the void": lambda f, _: (f | {"note": "x"}, ("voidedAt",)),
}
STATE_SPOILERS = ("void twice", "unvoid", "edit runs of a voided ball", "edit runs")


@pytest.mark.parametrize("how", [*VOID_SPOILERS, *STATE_SPOILERS])
@examples(6)
@given(data=st.data())
def test_every_hostile_update_of_an_action_is_refused(how, world, positions, data) -> None:
    innings, seq = next(positions)
    doc = data.draw(lawful_actions(world, SCORER.me, innings, seq), label="action")
    path = f"matches/{world.match_id}/scoring_actions/{doc['id']}"
    valid = {"isVoided": True, "voidReason": "misclick", "voidedBy": SCORER.me}
    voided = how in ("void twice", "unvoid", "edit runs of a voided ball")
    stored = doc | ({"isVoided": True, "voidReason": "wrong ball", "voidedBy": SCORER.me,
                     "voidedAt": NOW - timedelta(minutes=1)} if voided else {})
    seed({path: stored})
    if how in VOID_SPOILERS:
        fields, server_time = VOID_SPOILERS[how](valid, stored)
    elif how == "void twice":
        fields, server_time = valid, ("voidedAt",)
    elif how == "unvoid":
        fields = {"isVoided": False, "voidReason": None, "voidedBy": None, "voidedAt": None}
        server_time = ()
    else:
        # an edit, never the stored document again (an identical retry is accepted)
        fields, server_time = other_runs(stored) | {"kind": "delivery"}, ()
    assert refused(SCORER.client().update, path, fields, server_time=server_time,
                   decided=True), how
    unchanged = FirestoreRest.as_admin(PROJECT).get(path)
    assert to_document(parse_action(unchanged)) == to_document(parse_action(stored)), how
