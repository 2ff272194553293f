"""What the rules let scorers and officials write under consensus (DUAL, TRIPLE), one hostile
case at a time: submissions are their own, whole and immutable; resolutions are officials',
of an open dispute, by a method the tier allows; the log and its provenance are the
functions'. (The access matrix has who may do what; these are what they may write.)"""

from __future__ import annotations

from typing import Any

import pytest

from scorebook.actions import action_id
from scorebook.document import to_document
from scorebook_tools.rest import FirestoreError
from scorebook_tools.scoring_app import (
    resolve_dispute,
    submit_action,
    submit_void,
    write_action,
)
from tests.rules.payloads import NOW
from tests.rules.world import PERSONAS, Persona, World, assignment, refused

SCORER = PERSONAS["scorer"]  # the home scorer
HOME_ROLE = "scorer_home"
UMPIRE = PERSONAS["umpire"]
REFEREE = PERSONAS["referee"]
NEUTRAL = "neutral-scorer"


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


def match_under(tier: str, **docs: dict[str, Any]) -> World:
    """A live match of `tier`, with a neutral scorer in force, and `docs` (path -> doc)."""
    world = World(status="live")
    doc_id, doc = assignment("match_role_assignments", world.match_id, NEUTRAL,
                             "scorer_neutral", "open", status="present")
    world.given({f"matches/{world.match_id}": world.match_document() | {"validation": tier},
                 f"match_role_assignments/{doc_id}": doc,
                 **{path.format(m=world.match_id): d for path, d in docs.items()}})
    world.commit()
    return world


def open_dispute(position: str = action_id(1, 1), status: str = "open") -> dict[str, Any]:
    return {"matches/{m}/disputes/" + position: {
        "position": position, "status": status, "differences": [], "scorerIds": []}}


def _submission(world: World, uid: str, **fields: Any) -> dict[str, Any]:
    action = world.delivery(uid)
    return {"matchId": world.match_id, "position": action.id, "scorerId": uid,
            "role": HOME_ROLE,
            "action": to_document(action)} | fields


def submit_raw(world: World, client: Any, doc_id: str, doc: dict[str, Any],
               server_time: tuple[str, ...] = ("createdAt",)) -> None:
    client.commit([client.create_write(f"matches/{world.match_id}/submissions/{doc_id}", doc,
                                       server_time=server_time)])


# --- submissions ---------------------------------------------------------------------------


def test_a_scorer_submits_their_view_and_may_not_change_it() -> None:
    world = match_under("DUAL")
    submit_action(SCORER.client(), world.delivery(SCORER.me), uid=SCORER.me, role=HOME_ROLE)
    path = f"matches/{world.match_id}/submissions/{action_id(1, 1)}_{SCORER.me}"
    refused(SCORER.client().update, path, {"scorerId": SCORER.me, "voidReason": "oops"})
    refused(SCORER.client().set, path, _submission(world, SCORER.me) | {"createdAt": NOW})
    with pytest.raises(FirestoreError) as sent_again:  # a create: the first view stays
        submit_action(SCORER.client(), world.delivery(SCORER.me, runsOffBat=4, totalRuns=4),
                      uid=SCORER.me, role=HOME_ROLE)
    assert sent_again.value.already_exists


@pytest.mark.parametrize("hostile", [
    "signed by another", "filed under another position", "dated by the device",
    "both a ball and a void", "another match", "an unknown field", "an invalid ball",
])
def test_a_submission_that_is_not_the_scorers_own_whole_view_is_refused(hostile: str) -> None:
    world = match_under("DUAL")
    me = SCORER.me
    doc = _submission(world, me)
    doc_id, server_time = f"{action_id(1, 1)}_{me}", ("createdAt",)
    if hostile == "signed by another":
        doc["action"] = to_document(world.delivery("away-scorer"))
    elif hostile == "filed under another position":
        doc_id = f"{action_id(1, 2)}_{me}"
    elif hostile == "dated by the device":
        doc["createdAt"], server_time = NOW, ()
    elif hostile == "both a ball and a void":
        doc["voidReason"] = "misclick"
    elif hostile == "another match":
        doc["matchId"] = world.other_match_id
    elif hostile == "an unknown field":
        doc["approvedBy"] = "umpire"
    elif hostile == "an invalid ball":
        doc["action"] |= {"runsOffBat": 11, "totalRuns": 11}
    refused(submit_raw, world, SCORER.client(), doc_id, doc, server_time)


def test_a_void_submission_names_an_action_in_the_log_and_a_reason() -> None:
    world = match_under("DUAL")
    refused(submit_void, SCORER.client(), world.match_id, action_id(1, 7), "misclick",
            uid=SCORER.me, role=HOME_ROLE)
    refused(submit_void, SCORER.client(), world.match_id, action_id(1, 1), "", uid=SCORER.me,
            role=HOME_ROLE)


def test_under_triple_the_neutral_scorer_submits_and_under_dual_does_not() -> None:
    neutral = Persona("neutral_scorer", NEUTRAL, {}, "scorer_neutral of the match")
    dual, triple = match_under("DUAL"), match_under("TRIPLE")
    refused(submit_action, neutral.client(), dual.delivery(NEUTRAL), uid=NEUTRAL,
            role="scorer_neutral")
    submit_action(neutral.client(), triple.delivery(NEUTRAL), uid=NEUTRAL, role="scorer_neutral")


def test_no_client_writes_the_consensus_or_its_provenance_in_the_log() -> None:
    """Nor a data provider's (scorebook.ingest: only the ingestion writes them)."""
    world = match_under("SINGLE")
    for fields in ({"source": "consensus"}, {"submissionIds": [f"1-0001_{SCORER.me}"]},
                   {"provider": "feed"}, {"providerEventId": "evt_1"}):
        action = world.delivery(SCORER.me).model_copy(update=fields)
        refused(write_action, SCORER.client(), action)
    write_action(SCORER.client(), world.delivery(SCORER.me))  # and the same ball plainly


# --- resolutions ---------------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "method", "stated", "allowed"), [
    ("DUAL", "UMPIRE_OVERRIDE", True, True),
    ("DUAL", "UMPIRE_OVERRIDE", False, False),  # an override states the ball
    ("DUAL", "ABANDON_BALL", False, True),
    ("DUAL", "ABANDON_BALL", True, False),  # an abandoned ball has none
    ("DUAL", "MAJORITY_VOTE", False, False),  # two scorers have no majority
    ("TRIPLE", "MAJORITY_VOTE", False, True),
    ("TRIPLE", "MAJORITY_VOTE", True, False),  # the majority's, not the official's
    ("DUAL", "COIN_TOSS", False, False),
])
def test_a_resolution_uses_a_method_the_tier_allows(tier: str, method: str, stated: bool,
                                                     allowed: bool) -> None:
    world = match_under(tier, **open_dispute())
    action = world.delivery(UMPIRE.me) if stated else None
    args = (UMPIRE.client(), world.match_id, action_id(1, 1), method)
    if allowed:
        resolve_dispute(*args, uid=UMPIRE.me, action=action)
    else:
        refused(resolve_dispute, *args, uid=UMPIRE.me, action=action)


@pytest.mark.parametrize("hostile", ["no dispute", "a resolved dispute", "signed by another",
                                     "a ball signed by another"])
def test_a_resolution_settles_an_open_dispute_in_the_officials_name(hostile: str) -> None:
    dispute = {} if hostile == "no dispute" else open_dispute(
        status="resolved" if hostile == "a resolved dispute" else "open")
    world = match_under("DUAL", **dispute)
    uid = REFEREE.me if hostile == "signed by another" else UMPIRE.me
    signer = SCORER.me if hostile == "a ball signed by another" else UMPIRE.me
    refused(resolve_dispute, UMPIRE.client(), world.match_id, action_id(1, 1),
            "VIDEO_REVIEW", uid=uid, action=world.delivery(signer))


def test_a_later_attempt_resolves_under_its_own_id_and_nothing_else_does() -> None:
    world = match_under("TRIPLE", **open_dispute())
    position = action_id(1, 1)
    doc = {"matchId": world.match_id, "position": position, "method": "ABANDON_BALL",
           "resolvedBy": UMPIRE.me, "action": None, "note": None}
    client = UMPIRE.client()

    def create(resolution_id: str) -> None:
        client.commit([client.create_write(
            f"matches/{world.match_id}/resolutions/{resolution_id}", doc,
            server_time=("createdAt",))])

    for wrong in (f"{position}-x", f"{position}-1", f"{position}-10", action_id(1, 2),
                  f"{action_id(1, 2)}-2"):
        refused(create, wrong)
    create(f"{position}-2")  # after a majority vote that settled nothing
