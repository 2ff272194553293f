"""What a valid write looks like, one law or limit at a time, through the REST API.

The access matrix tests who may write; these test what they may write: every kind of
action from real matches, the heaviest lawful documents, corrections, and each thing the
rules refuse in an action, a void, a lineup, a role assignment and a match.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from scorebook.actions import parse_action
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.match import parse_lineup_document
from scorebook_tools.generated_match import GENERATED_MATCH_ID
from scorebook_tools.realdata import real_matches
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    void_action,
)
from tests.emulator.harness import PROJECT
from tests.rules.payloads import NOW, heaviest_delivery
from tests.rules.world import (
    PERSONAS,
    World,
    assignment,
    commit_as,
    refused,
    seed,
)

SCORER = PERSONAS["scorer"]
ADMIN = PERSONAS["admin"]
HOME = PERSONAS["home_official"]


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


def accepted(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    call(*args, **kwargs)


def create_action(world: World, doc: dict, as_: FirestoreRest | None = None) -> None:
    client = as_ or SCORER.client()
    client.create(f"matches/{world.match_id}/scoring_actions", doc["id"], doc)


def ball(world: World, seq: int = 1, **fields: Any) -> dict:
    """A valid delivery document (one run) at `seq`, signed by the scorer."""
    return to_document(world.delivery(SCORER.me, seq)) | fields


def correct(world: World, correction: dict) -> None:
    """Write `correction` as the scoring app does: the correction, then the void of the
    action it corrects, which names it (`correctedBy`). (Apps may batch the two; a batch
    shares the rules' budget of 1,000 expressions, which the heaviest ball and its void
    together pass.)"""
    create_action(world, correction)
    void_action(SCORER.client(), world.match_id, correction["corrects"], "corrected",
                uid=SCORER.me, corrected_by=correction["id"])


def event(world: World, kind: str, seq: int = 1, **fields: Any) -> dict:
    """A valid non-delivery action document of `kind` at `seq`, signed by the scorer."""
    base = to_document(world.delivery(SCORER.me, seq))
    base = {k: base[k] for k in ("id", "matchId", "inningsNumber", "sequenceNumber",
                                 "timestamp", "recordedBy")}
    return to_document(parse_action(base | {"kind": kind} | fields))


# --- lawful actions ------------------------------------------------------------------------------


def representatives(paths: list[Path]) -> list[tuple[dict, dict]]:
    """One action of each shape found in the matches (kind, extras, wicket, result,
    ...), with its match document."""
    suffix = uuid.uuid4().hex[:8]
    seen: dict[tuple, tuple[dict, dict]] = {}
    for path in paths:
        match, actions = load_match(path, match_id=f"{path.stem}-{suffix}",
                                    recorded_by=SCORER.me)
        match_doc = to_document(match) | {"status": "live"}
        for action in actions:
            d = to_document(action)
            wicket = d.get("wicket") or {}
            shape = (
                d["kind"], tuple(k for k, v in (d.get("extras") or {}).items() if v),
                wicket.get("type"), bool(wicket.get("fielderIds")), d.get("isBoundary"),
                d.get("result"), d.get("reason"), d.get("type"), d.get("target") is not None,
                d.get("maxOvers") is not None, d.get("isSuperOver"), d.get("method"),
                (d.get("winMargin") or {}).get("wickets") is not None,
            )
            seen.setdefault(shape, (match_doc, d))
    return list(seen.values())


def test_every_shape_of_action_in_the_generated_and_real_matches_is_accepted(
    generated: Path,
) -> None:
    """The generated T20 always; every real match too when the data is there (`make data`),
    which adds declarations, forfeits, retirements, super overs and D/L targets."""
    real = real_matches()
    shapes = representatives([generated / f"{GENERATED_MATCH_ID}.json", *real])
    kinds = {d["kind"] for _, d in shapes}
    assert {"delivery", "innings_start", "match_result"} <= kinds
    if real:
        assert {"declaration", "forfeit", "retirement", "innings_end"} <= kinds
    docs: dict[str, dict] = {}
    for match_doc, _ in shapes:
        docs[f"matches/{match_doc['id']}"] = match_doc
        doc_id, role = assignment("match_role_assignments", match_doc["id"], SCORER.me,
                                  "scorer_neutral", status="confirmed")
        docs[f"match_role_assignments/{doc_id}"] = role
    seed(docs)
    scorer = SCORER.client()
    for match_doc, doc in shapes:
        scorer.create(f"matches/{match_doc['id']}/scoring_actions", doc["id"], doc)


def test_a_delivery_written_as_the_schema_shows_is_accepted(world: World) -> None:
    """The product schema's ScoringAction with every field a new ball may carry filled in
    (the undo fields, correctedBy and voidReason, are written by a void)."""
    doc = {
        "id": "1-0001", "matchId": world.match_id, "inningsNumber": 1, "overNumber": 0,
        "ballInOver": 1, "sequenceNumber": 1, "strikerId": world.player(world.home, 1),
        "nonStrikerId": world.player(world.home, 2), "bowlerId": world.player(world.away, 11),
        "runsOffBat": 0, "extras": {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0},
        "totalRuns": 0, "isWicket": True,
        "wicket": {"type": "caught", "dismissedPlayerId": world.player(world.home, 1),
                   "fielderIds": [world.player(world.away, 7)],
                   "assistFielderIds": [world.player(world.away, 3)]},
        "isLegalDelivery": True,
        "shotData": {"coordinates": {"x": 0.42, "y": -0.8}, "shotType": "reverse_sweep",
                     "length": "good", "line": "outside_off", "speed": 131.5,
                     "wagonWheelSegment": 8},
        "timestamp": NOW, "recordedBy": SCORER.me, "source": "live", "isVoided": False,
        "createdAt": NOW, "updatedAt": NOW, "note": "Dropped at slip first,\nheld at the second",
    }
    parse_action(doc)
    accepted(create_action, world, doc)


def test_the_heaviest_lawful_documents_fit_the_rules_expression_budget(world: World) -> None:
    """Rules evaluate at most 1,000 expressions per request; these are the busiest writes."""
    create_action(world, ball(world, 1))
    correct(world, heaviest_delivery(world, SCORER.me, 2, corrects="1-0001"))
    wide = heaviest_delivery(world, SCORER.me, 3, corrects="1-0002") | {
        "extras": {"wide": 5, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 5},
        "totalRuns": 10,
    }
    wide["wicket"] = wide["wicket"] | {"type": "stumped",
                                       "dismissedPlayerId": world.player(world.home, 1)}
    correct(world, parse_action(wide) and wide)
    create_action(world, event(
        world, "match_result", 4, result="win", winnerId=world.home, method="D/L",
        note="n" * 500, winMargin={"runs": 12, "wickets": None, "innings": True,
                                   "ballsRemaining": 7},
        createdAt=NOW, updatedAt=NOW, source="manual_entry",
    ))
    create_action(world, event(
        world, "innings_start", 5, battingTeamId=world.away, bowlingTeamId=world.home,
        isSuperOver=True, target=7, maxOvers=1, strikerId=world.player(world.away, 1),
        nonStrikerId=world.player(world.away, 2), bowlerId=world.player(world.home, 9),
    ))


@pytest.mark.parametrize("role", ["scorer_home", "scorer_away", "scorer_neutral"])
@pytest.mark.parametrize("status", ["assigned", "confirmed", "present"])
def test_any_scorer_role_in_any_active_status_may_score(world: World, role, status) -> None:
    doc_id, doc = assignment("match_role_assignments", world.match_id, "another-scorer", role,
                             "now", status=status)
    seed({f"match_role_assignments/{doc_id}": doc})
    scorer = FirestoreRest.as_user(SCORER.client().project, "another-scorer")
    create_action(world, to_document(world.delivery("another-scorer")), as_=scorer)


def test_an_action_may_leave_out_every_field_that_has_a_default_but_is_voided(
    world: World,
) -> None:
    create_action(world, {
        "id": "1-0001", "matchId": world.match_id, "inningsNumber": 1, "sequenceNumber": 1,
        "timestamp": NOW, "recordedBy": SCORER.me, "overNumber": 0, "ballInOver": 1,
        "strikerId": world.player(world.home, 1), "nonStrikerId": world.player(world.home, 2),
        "bowlerId": world.player(world.away, 11), "runsOffBat": 0,
        "totalRuns": 0, "isLegalDelivery": True, "isVoided": False,
    })


# --- corrections ---------------------------------------------------------------------------------


def test_a_correction_in_place_takes_the_position_with_a_suffix(world: World) -> None:
    original = ball(world, 7)
    create_action(world, original)
    first = ball(world, 7, id="1-0007-c1", corrects="1-0007", source="correction",
                 runsOffBat=4, totalRuns=4, isBoundary=True)
    correct(world, first)
    second = first | {"id": "1-0007-c2", "corrects": "1-0007-c1"}
    correct(world, second)


@pytest.mark.parametrize(
    ("doc_id", "corrects", "why"),
    [
        ("1-0007-c1", None, "a suffixed id without the action it corrects"),
        ("1-0007-c1", "1-0002", "correcting an action at another position in place"),
        ("1-0007-c0", "1-0007", "suffix c0"),
        ("1-0007-x1", "1-0007", "not a correction suffix"),
        ("1-0007", "1-0099", "correcting an action that is not in the log"),
        ("1-0007", "../1-0001", "corrects not an action id"),
        ("1-0007", 1, "corrects not text"),
    ],
)
def test_a_correction_names_an_action_of_this_match(world: World, doc_id, corrects, why):
    create_action(world, ball(world, 2))
    create_action(world, ball(world, 7))
    refused(create_action, world, ball(world, 7, id=doc_id, corrects=corrects))


def test_a_void_naming_a_correction_not_written_with_it_is_refused(world: World) -> None:
    """The void alone would point at a correction that may never come."""
    create_action(world, ball(world, 3))
    refused(void_action, SCORER.client(), world.match_id, "1-0003", "wrong bowler",
            uid=SCORER.me, corrected_by="1-0003-c1")


def test_a_correction_may_come_before_the_void_that_names_it(world: World) -> None:
    """Two writes instead of a batch: until the void, the original holds the position (the
    functions flag the correction as a duplicate and do not count it)."""
    create_action(world, ball(world, 3))
    create_action(world, ball(world, 3, id="1-0003-c1", corrects="1-0003"))
    void_action(SCORER.client(), world.match_id, "1-0003", "wrong bowler", uid=SCORER.me,
                corrected_by="1-0003-c1")


def test_a_void_and_a_correction_naming_other_actions_are_refused(world: World) -> None:
    """A batch whose void names one correction and whose correction names another ball."""
    create_action(world, ball(world, 3))
    create_action(world, ball(world, 4))
    client, log = SCORER.client(), f"matches/{world.match_id}/scoring_actions"
    refused(client.commit, [
        client.update_write(f"{log}/1-0003", {
            "isVoided": True, "voidReason": "x", "voidedBy": SCORER.me,
            "correctedBy": "1-0004-c1"}, server_time=("voidedAt",)),
        client.create_write(f"{log}/1-0004-c1", ball(world, 4, id="1-0004-c1",
                                                     corrects="1-0004")),
    ])


# --- retries: the same document again is a no-op, anything else at a taken place is refused ------


def test_a_retried_create_is_accepted_as_it_stands_and_a_different_ball_is_refused(
    world: World,
) -> None:
    """An SDK's setDoc() retried after its acknowledgement was lost: the second write is an
    update of the document the first one created, with the same content."""
    original = ball(world, 4)
    create_action(world, original)
    path = f"matches/{world.match_id}/scoring_actions/{original['id']}"
    scorer = SCORER.client()
    accepted(scorer.set, path, original)
    refused(scorer.set, path, original | {"runsOffBat": 4, "totalRuns": 4, "isBoundary": True})
    refused(scorer.set, path, original | {"source": "manual_entry"})
    refused(scorer.set, path, {k: v for k, v in original.items() if k != "shotData"}
            | {"bowlingAngle": "Over the Wicket"})


# --- one match, one story: an action follows the one its device saw before it ---------------------


KEY_A, KEY_B = "deviceA-key-0001", "deviceB-key-0001"


def test_an_action_that_follows_what_the_log_holds_is_accepted(world: World) -> None:
    """The kit's writes: each with a key of its own, each naming the one before it."""
    create_action(world, ball(world, 1, key=KEY_A))
    accepted(create_action, world, ball(world, 2, key=KEY_B,
                                        follows={"id": ball(world, 1)["id"], "key": KEY_A}))
    # an action of an app without keys is followed as having none
    create_action(world, ball(world, 3))
    accepted(create_action, world, ball(world, 4, follows={"id": ball(world, 3)["id"],
                                                           "key": None}))
    # voided, an action keeps its place and is still what the next one follows
    void_action(SCORER.client(), world.match_id, ball(world, 4)["id"], "misclick",
                uid=SCORER.me)
    accepted(create_action, world, event(world, "batter_change", 5, key=KEY_A,
                                         follows={"id": ball(world, 4)["id"]},
                                         strikerId=world.player(world.home, 2),
                                         nonStrikerId=world.player(world.home, 1)))


@pytest.mark.parametrize("why", [
    "another device's ball holds the place it follows",
    "nothing holds the place it follows",
    "it follows a keyless action as keyed",
    "follows carries a field of its own",
    "follows names a correction's id",
    "its key is not a key",
])
def test_an_action_built_on_another_story_is_refused(world: World, why: str) -> None:
    """Device B queued a six at 1-0001 offline and a single after it; device A's dot took
    1-0001 first. B's six is refused (the place is taken) and so is its single, which
    follows the six: the log never mixes the two devices' views."""
    create_action(world, ball(world, 1, key=KEY_A))
    six_id = ball(world, 1)["id"]
    follows = {
        "another device's ball holds the place it follows": {"id": six_id, "key": KEY_B},
        "nothing holds the place it follows": {"id": ball(world, 2)["id"], "key": KEY_B},
        "it follows a keyless action as keyed": None,
        "follows carries a field of its own": {"id": six_id, "key": KEY_A, "by": "B"},
        "follows names a correction's id": {"id": f"{six_id}-c1", "key": KEY_A},
        "its key is not a key": {"id": six_id, "key": KEY_A},
    }[why]
    doc = ball(world, 3 if why == "nothing holds the place it follows" else 2, key=KEY_B,
               follows=follows)
    if why == "it follows a keyless action as keyed":
        create_action(world, ball(world, 2))
        doc = ball(world, 3, follows={"id": ball(world, 2)["id"], "key": KEY_B})
    if why == "its key is not a key":
        doc["key"] = "short"
    refused(create_action, world, doc)


def test_a_retry_of_the_original_after_it_was_voided_is_refused(world: World) -> None:
    """Someone voided the ball between the write and its retry: the retry would un-void it,
    so it is not the same document and is refused (the app reads the ball and sees the
    void); the voided document written again exactly as stored changes nothing."""
    original = ball(world, 5)
    create_action(world, original)
    void_action(SCORER.client(), world.match_id, original["id"], "misclick", uid=SCORER.me)
    path = f"matches/{world.match_id}/scoring_actions/{original['id']}"
    refused(SCORER.client().set, path, original)
    stored = ADMIN.client().get(path)
    assert stored is not None and stored["isVoided"] is True
    accepted(SCORER.client().set, path, stored)


def test_another_scorer_cannot_retry_someone_elses_ball(world: World) -> None:
    doc_id, doc = assignment("match_role_assignments", world.match_id, "scorer-2",
                             "scorer_away", status="confirmed")
    seed({f"match_role_assignments/{doc_id}": doc})
    original = ball(world, 6)
    create_action(world, original)
    path = f"matches/{world.match_id}/scoring_actions/{original['id']}"
    refused(FirestoreRest.as_user(PROJECT, "scorer-2").set, path, original)
    refused(FirestoreRest.as_user(PROJECT, "scorer-2").set, path,
            original | {"recordedBy": "scorer-2"})


# --- who plays: every player an action names is one the match lists ------------------------------


UNLISTED_PLAYERS: dict[str, Callable[[World], dict]] = {
    "a striker in neither XI": lambda w: ball(w, 1, strikerId="ringer"),
    "a non-striker in neither XI": lambda w: ball(w, 1, nonStrikerId="ringer"),
    "a bowler in neither XI": lambda w: ball(w, 1, bowlerId="ringer"),
    "a catch by a fielder in neither XI": lambda w: ball(w, 1, **_out(
        "caught", w.player(w.home, 1), fielderIds=["ringer"])),
    "a run out assisted by a fielder in neither XI": lambda w: ball(w, 1, **_out(
        "run_out", w.player(w.home, 1), fielderIds=[w.player(w.away, 2)],
        assistFielderIds=["ringer"])),
    "a made-up batter timed out": lambda w: event(w, "dismissal", wicket={
        "type": "timed_out", "dismissedPlayerId": "ghost-10"}),
    "a timed out credited to a made-up bowler": lambda w: event(w, "dismissal", wicket={
        "type": "timed_out", "dismissedPlayerId": w.player(w.home, 3)}, bowlerId="ghost"),
    "a made-up batter retired": lambda w: event(w, "retirement", batterId="ghost"),
    "a made-up batter absent": lambda w: event(w, "absence", batterId="ghost"),
    "a made-up batter coming in": lambda w: event(
        w, "batter_change", strikerId="ghost", nonStrikerId=w.player(w.home, 2)),
    "a made-up opening bowler": lambda w: event(
        w, "innings_start", battingTeamId=w.home, bowlingTeamId=w.away, bowlerId="ghost"),
}


@pytest.mark.parametrize("attack", UNLISTED_PLAYERS)
def test_a_player_the_match_does_not_list_is_refused(world: World, attack: str) -> None:
    refused(create_action, world, UNLISTED_PLAYERS[attack](world))


def test_a_substitute_fielder_need_not_be_listed(world: World) -> None:
    """Law 24.1: the umpires may allow anyone to field as a substitute."""
    create_action(world, ball(world, 1, **_out(
        "caught", w := world.player(world.home, 1), fielderIds=[],
        substituteFielderIds=["the twelfth man's brother"])) | {"strikerId": w})


def test_a_match_that_lists_no_players_lets_any_player_be_named(world: World) -> None:
    """A match set up before its squads are known: the rules cannot tell who plays (the
    functions still flag a player of the wrong side once the squads are listed)."""
    doc = world.match_document(world.new_match_id, "live")
    doc["teams"] = [t | {"players": [], "playerIds": []} for t in doc["teams"]]
    role_id, role = assignment("match_role_assignments", world.new_match_id, SCORER.me,
                               "scorer_neutral", status="confirmed")
    seed({f"matches/{world.new_match_id}": doc, f"match_role_assignments/{role_id}": role})
    anyone = ball(world, 1, matchId=world.new_match_id, strikerId="a", nonStrikerId="b",
                  bowlerId="c")
    SCORER.client().create(f"matches/{world.new_match_id}/scoring_actions", "1-0001", anyone)


# --- deliveries: the laws and the limits ---------------------------------------------------------


def _extras(**runs: int) -> dict:
    return {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0} | runs


def _out(kind: str, who: str = "striker", **more: Any) -> dict:
    return {"isWicket": True, "wicket": {"type": kind, "dismissedPlayerId": who} | more}


UNLAWFUL_BALLS: dict[str, Callable[[World], dict]] = {
    "a wide that is also a no-ball": lambda w: dict(
        extras=_extras(wide=1, noBall=1), runsOffBat=0, totalRuns=2, isLegalDelivery=False),
    "runs off the bat on a wide": lambda w: dict(
        extras=_extras(wide=1), runsOffBat=2, totalRuns=3, isLegalDelivery=False),
    "byes on a wide": lambda w: dict(
        extras=_extras(wide=1, bye=2), runsOffBat=0, totalRuns=3, isLegalDelivery=False),
    "byes and leg-byes together": lambda w: dict(
        extras=_extras(bye=1, legBye=1), runsOffBat=0, totalRuns=2),
    "byes with runs off the bat": lambda w: dict(
        extras=_extras(bye=1), runsOffBat=1, totalRuns=2),
    "leg-byes with runs off the bat": lambda w: dict(
        extras=_extras(legBye=1), runsOffBat=1, totalRuns=2),
    "totalRuns is not the sum": lambda w: dict(runsOffBat=1, totalRuns=2),
    "totalRuns is not the sum with extras": lambda w: dict(
        extras=_extras(noBall=1), runsOffBat=1, totalRuns=1, isLegalDelivery=False),
    "a wide called legal": lambda w: dict(
        extras=_extras(wide=1), runsOffBat=0, totalRuns=1, isLegalDelivery=True),
    "a fair ball called illegal": lambda w: dict(isLegalDelivery=False),
    "isLegalDelivery not a boolean": lambda w: dict(isLegalDelivery="true"),
    "an extra of 11 runs": lambda w: dict(
        extras=_extras(bye=11), runsOffBat=0, totalRuns=11),
    "negative extras": lambda w: dict(extras=_extras(noBall=2, bye=-1), runsOffBat=0,
                                      totalRuns=1, isLegalDelivery=False),
    "an extra as a decimal": lambda w: dict(
        extras=_extras(bye=1.0), runsOffBat=0, totalRuns=1),
    "an unknown extra": lambda w: dict(extras=_extras(overthrow=1), totalRuns=2),
    "extras not a map": lambda w: dict(extras=[1]),
    "11 runs off the bat": lambda w: dict(runsOffBat=11, totalRuns=11),
    "negative runs off the bat": lambda w: dict(runsOffBat=-1, totalRuns=-1),
    "runs off the bat as text": lambda w: dict(runsOffBat="1", totalRuns=1),
    "the striker is the non-striker": lambda w: dict(nonStrikerId=w.player(w.home, 1)),
    "an empty striker id": lambda w: dict(strikerId=""),
    "a striker id of 129 characters": lambda w: dict(strikerId="s" * 129),
    "a bowler id with a line break": lambda w: dict(bowlerId="b\n1"),
    "over 1000": lambda w: dict(overNumber=1000),
    "over -1": lambda w: dict(overNumber=-1),
    "ball 0 of an over": lambda w: dict(ballInOver=0),
    "ball 51 of an over": lambda w: dict(ballInOver=51),
    "a boundary of 3 runs": lambda w: dict(runsOffBat=3, totalRuns=3, isBoundary=True),
    "isBoundary not a boolean": lambda w: dict(isBoundary="yes"),
    "a wicket without isWicket": lambda w: _out("bowled", w.player(w.home, 1)) | {
        "isWicket": False},
    "isWicket without a wicket": lambda w: dict(isWicket=True, wicket=None),
    "isWicket not a boolean": lambda w: dict(isWicket=1),
    "the bowler is out": lambda w: _out("run_out", w.player(w.away, 11)),
    "the non-striker out caught": lambda w: _out("caught", w.player(w.home, 2)),
    "the non-striker out lbw": lambda w: _out("lbw", w.player(w.home, 2)),
    "timed out on a delivery": lambda w: _out("timed_out", w.player(w.home, 1)),
    "an unknown way of being out": lambda w: _out("retired_ill", w.player(w.home, 1)),
    "bowled off a no-ball": lambda w: _out("bowled", w.player(w.home, 1)) | dict(
        extras=_extras(noBall=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "lbw off a no-ball": lambda w: _out("lbw", w.player(w.home, 1)) | dict(
        extras=_extras(noBall=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "caught off a wide": lambda w: _out("caught", w.player(w.home, 1)) | dict(
        extras=_extras(wide=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "a fielder id that is a number": lambda w: _out(
        "caught", w.player(w.home, 1), fielderIds=[7]),
    "a fielder id that is null": lambda w: _out(
        "caught", w.player(w.home, 1), fielderIds=[None]),
    "34 fielders": lambda w: _out("run_out", w.player(w.home, 1),
                                  fielderIds=[w.player(w.away, 1)] * 34),
    "fielders not a list": lambda w: _out("caught", w.player(w.home, 1), fielderIds="f1"),
    "an unknown field in the wicket": lambda w: _out(
        "caught", w.player(w.home, 1), catchQuality="good"),
    "shot data with an unknown field": lambda w: dict(shotData={"power": 9}),
    "shot coordinates as text": lambda w: dict(shotData={"coordinates": {"x": "1", "y": 2}}),
    "shot coordinates with z": lambda w: dict(
        shotData={"coordinates": {"x": 1, "y": 2, "z": 3}}),
    "a shot at 251 km/h": lambda w: dict(shotData={"speed": 251.0}),
    "wagon wheel segment -1": lambda w: dict(shotData={"wagonWheelSegment": -1}),
    "wagon wheel segment 0": lambda w: dict(shotData={"wagonWheelSegment": 0}),
    "wagon wheel segment 9 (there are eight)": lambda w: dict(shotData={"wagonWheelSegment": 9}),
    "a shot type not in the list": lambda w: dict(shotData={"shotType": "banana"}),
    "a length not in the list": lambda w: dict(shotData={"length": "half_volley"}),
    "a line not in the list": lambda w: dict(shotData={"line": "wide"}),
    "shot data not a map": lambda w: dict(shotData="cover drive"),
    "an unknown field": lambda w: dict(umpireSignal="four"),
    "an unknown kind": lambda w: dict(kind="ball"),
    "timestamp as text": lambda w: dict(timestamp=NOW.isoformat()),
    "createdAt as text": lambda w: dict(createdAt=NOW.isoformat()),
    "updatedAt as a number": lambda w: dict(updatedAt=1),
    "an unknown source": lambda w: dict(source="guess"),
    "source not text": lambda w: dict(source=1),
    "a bowling angle not spelt as the schema": lambda w: dict(bowlingAngle="over the wicket"),
    "an unknown bowling angle": lambda w: dict(bowlingAngle="Around the Wicket"),
    "a bowling angle that is a number": lambda w: dict(bowlingAngle=1),
    "a note of 281 characters": lambda w: dict(note="n" * 281),
    "a note that is a number": lambda w: dict(note=4),
    "a note that reverses the text after it (U+202E)": lambda w: dict(note="dropped \u202e"),
    "a note with a control character": lambda w: dict(note="dropped\x07"),
}


@pytest.mark.parametrize("why", UNLAWFUL_BALLS)
def test_an_unlawful_or_malformed_delivery_is_refused(world: World, why: str) -> None:
    refused(create_action, world, ball(world, 1, **UNLAWFUL_BALLS[why](world)))


@pytest.mark.parametrize("field", ["strikerId", "nonStrikerId"])
def test_a_wicket_without_its_batters_is_refused_not_an_error(world: World, field: str) -> None:
    """A ball missing a batter but with a wicket: refused (403). The emulator answered 500
    while the rules built the list of the two batters with the missing one in it."""
    doc = ball(world, 1, **_out("run_out", world.player(world.home, 1)))
    del doc[field]
    refused(create_action, world, doc)


LAWFUL_BALLS: dict[str, Callable[[World], dict]] = {
    "a wide to the boundary": lambda w: dict(
        extras=_extras(wide=5), runsOffBat=0, totalRuns=5, isLegalDelivery=False),
    "a no-ball hit for six": lambda w: dict(
        extras=_extras(noBall=1), runsOffBat=6, totalRuns=7, isLegalDelivery=False,
        isBoundary=True),
    "byes off a no-ball": lambda w: dict(
        extras=_extras(noBall=1, bye=4), runsOffBat=0, totalRuns=5, isLegalDelivery=False,
        isBoundary=True),
    "four leg-byes": lambda w: dict(extras=_extras(legBye=4), runsOffBat=0, totalRuns=4),
    "five penalty runs on a fair ball": lambda w: dict(
        extras=_extras(penalty=5), runsOffBat=2, totalRuns=7),
    "extras with only the non-zero ones": lambda w: dict(
        extras={"legBye": 1}, runsOffBat=0, totalRuns=1),
    "the non-striker run out off a no-ball": lambda w: _out(
        "run_out", w.player(w.home, 2), fielderIds=[w.player(w.away, 1)],
        assistFielderIds=[w.player(w.away, 7)], substituteFielderIds=["sub 1"]) | dict(
        extras=_extras(noBall=1), runsOffBat=1, totalRuns=2, isLegalDelivery=False),
    "stumped off a wide": lambda w: _out("stumped", w.player(w.home, 1),
                                         fielderIds=[w.player(w.away, 7)])
    | dict(extras=_extras(wide=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "the non-striker retired hurt": lambda w: _out("retired_hurt", w.player(w.home, 2)),
    "a four that is not a boundary": lambda w: dict(runsOffBat=4, totalRuns=4,
                                                    isBoundary=False),
    "shot data in full": lambda w: dict(shotData={
        "coordinates": {"x": -3, "y": 9.5}, "shotType": "pull", "length": "short",
        "line": "leg_stump", "speed": 130, "wagonWheelSegment": 7}),
    "the first and the last wagon wheel segments": lambda w: dict(shotData={
        "wagonWheelSegment": 1, "shotType": "other", "length": "bouncer", "line": "outside_leg"}),
    "bowled round the wicket": lambda w: dict(bowlingAngle="Round the Wicket"),
    "bowled over the wicket": lambda w: dict(bowlingAngle="Over the Wicket"),
    "the bowling angle not recorded": lambda w: dict(bowlingAngle=None),
    "shot data with nothing in it": lambda w: dict(shotData={
        "coordinates": None, "shotType": None, "length": None, "line": None, "speed": None,
        "wagonWheelSegment": None}),
}


@pytest.mark.parametrize("what", LAWFUL_BALLS)
def test_a_lawful_delivery_is_accepted(world: World, what: str) -> None:
    doc = ball(world, 1, **LAWFUL_BALLS[what](world))
    parse_action(doc)
    create_action(world, doc)


BASE_MISTAKES: dict[str, Callable[[World, dict], tuple[str, dict]]] = {
    "recordedBy someone else": lambda w, d: (d["id"], d | {"recordedBy": "someone-else"}),
    "recordedBy missing": lambda w, d: (d["id"], {k: v for k, v in d.items()
                                                  if k != "recordedBy"}),
    "another match's id": lambda w, d: (d["id"], d | {"matchId": w.other_match_id}),
    "id field not the document id": lambda w, d: (d["id"], d | {"id": "1-0002"}),
    "document id not the position": lambda w, d: ("1-0099", d | {"id": "1-0099"}),
    "innings 0": lambda w, d: ("0-0001", d | {"id": "0-0001", "inningsNumber": 0}),
    "sequence 0": lambda w, d: ("1-0000", d | {"id": "1-0000", "sequenceNumber": 0}),
    "sequence 10000": lambda w, d: ("1-10000", d | {"id": "1-10000", "sequenceNumber": 10000}),
    "a sequence of 1.0": lambda w, d: ("1-01.0", d | {"id": "1-01.0", "sequenceNumber": 1.0}),
    "innings as text": lambda w, d: (d["id"], d | {"inningsNumber": "1"}),
    "born voided": lambda w, d: (d["id"], d | {"isVoided": True, "voidReason": "x",
                                               "voidedBy": SCORER.me, "voidedAt": NOW}),
    "a void reason on a live ball": lambda w, d: (d["id"], d | {"voidReason": "x"}),
    "correctedBy on a new ball": lambda w, d: (d["id"], d | {"correctedBy": "1-0002"}),
    "isVoided null": lambda w, d: (d["id"], d | {"isVoided": None}),
}


@pytest.mark.parametrize("why", BASE_MISTAKES)
def test_an_action_is_signed_by_the_caller_in_its_own_place(world: World, why: str) -> None:
    doc_id, doc = BASE_MISTAKES[why](world, ball(world, 1))
    refused(SCORER.client().create, f"matches/{world.match_id}/scoring_actions", doc_id, doc)


# --- events other than deliveries ----------------------------------------------------------------

UNLAWFUL_EVENTS: dict[str, Callable[[World], tuple[str, dict]]] = {
    "an innings by a team not in the match": lambda w: ("innings_start", dict(
        battingTeamId=w.other_match_id, bowlingTeamId=w.home)),
    "an innings bowled by a team not in the match": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId="visitors")),
    "a team batting against itself": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.home)),
    "a target of 0": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, target=0)),
    "the same opening batters": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, strikerId="x", nonStrikerId="x")),
    "a super over flag as text": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, isSuperOver="no")),
    "an unknown reason an innings ended": lambda w: ("innings_end", dict(reason="bad light")),
    "a note of 501 characters": lambda w: ("innings_end", dict(note="n" * 501)),
    "a declaration with a field": lambda w: ("declaration", dict(runs=300)),
    "a declaration in a T20 (limited overs: no declaring)": lambda w: ("declaration", {}),
    "a forfeit with a field": lambda w: ("forfeit", dict(reason="rain")),
    "no penalty runs": lambda w: ("penalty_runs", dict(runs=0)),
    "51 penalty runs": lambda w: ("penalty_runs", dict(runs=51)),
    "7 penalty runs (Law 41: five an offence)": lambda w: ("penalty_runs", dict(runs=7)),
    "35 penalty runs": lambda w: ("penalty_runs", dict(runs=35)),
    "penalty runs to a team not in the match": lambda w: ("penalty_runs", dict(
        runs=5, awardedToTeamId="visitors")),
    "penalty runs at an unknown time": lambda w: ("penalty_runs", dict(runs=5, when="later")),
    "an unknown retirement": lambda w: ("retirement", dict(batterId="x", type="retired_ill")),
    "a retirement of nobody": lambda w: ("retirement", dict(batterId="")),
    "an unknown absence": lambda w: ("absence", dict(batterId="x", reason="late")),
    "bowled without a delivery": lambda w: ("dismissal", dict(
        wicket={"type": "bowled", "dismissedPlayerId": "x"})),
    "a dismissal with fielders that are numbers": lambda w: ("dismissal", dict(
        wicket={"type": "run_out", "dismissedPlayerId": "x", "fielderIds": [1, 2]})),
    "a dismissal of nobody": lambda w: ("dismissal", dict(
        wicket={"type": "timed_out", "dismissedPlayerId": ""})),
    "a batter change to the same batters": lambda w: ("batter_change", dict(
        strikerId="x", nonStrikerId="x")),
    "a revised innings of 0 overs": lambda w: ("revised_target", dict(maxOvers=0)),
    "an innings end note with a right-to-left override": lambda w: ("innings_end", dict(
        note="rain \u202estopped play")),
    "a penalty reason with a pop directional isolate": lambda w: ("penalty_runs", dict(
        runs=5, reason="ball tampering\u2069")),
    "a result note with an escape character": lambda w: ("match_result", dict(
        result="no_result", note="\x1b[2Jrain")),
    "an interruption with no overs or balls": lambda w: ("interruption", dict(reason="rain")),
    "an interruption giving both overs and balls": lambda w: ("interruption", dict(
        maxOvers=10, maxBalls=60)),
    "an interruption for a reason in free text": lambda w: ("interruption", dict(
        maxOvers=10, reason="visit evil.example")),
    "an interruption of minus one over": lambda w: ("interruption", dict(maxOvers=-1)),
    "a revised target's method in free text": lambda w: ("revised_target", dict(
        target=120, method="DLS - visit evil.example")),
    "a revised target's method that is a result's": lambda w: ("revised_target", dict(
        method="Awarded")),
    "a result's method in free text": lambda w: ("match_result", dict(
        result="no_result", method="ALL SCORES FAKE - visit evil.example")),
    "a result's method spelt otherwise": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, method="dls")),
    "an award recorded by a scorer (Law 16.4: an admin's)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, method="Awarded")),
    "a win without a winner": lambda w: ("match_result", dict(result="win")),
    "a draw with a winner": lambda w: ("match_result", dict(result="draw", winnerId=w.home)),
    "a winner not in the match": lambda w: ("match_result", dict(
        result="win", winnerId="visitors")),
    "an unknown result": lambda w: ("match_result", dict(result="washout")),
    "a margin of 30 wickets (a side is at most 30)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"wickets": 30})),
    "a margin with an unknown field": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"overs": 3})),
    "an innings win flag as text": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"innings": "yes"})),
}


@pytest.mark.parametrize("why", UNLAWFUL_EVENTS)
def test_an_unlawful_event_is_refused(world: World, why: str) -> None:
    kind, fields = UNLAWFUL_EVENTS[why](world)
    base = event(world, "declaration")
    refused(create_action, world, base | {"kind": kind} | fields)


LAWFUL_EVENTS: dict[str, Callable[[World], tuple[str, dict]]] = {
    "an innings start with everything": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, target=150, maxOvers=20,
        strikerId=w.player(w.home, 1), nonStrikerId=w.player(w.home, 2),
        bowlerId=w.player(w.away, 1))),
    "a forfeit": lambda w: ("forfeit", {}),
    "an innings end with a note": lambda w: ("innings_end", dict(reason="abandoned",
                                                               note="bad light")),
    "a note in Urdu and Hindi, on two lines": lambda w: ("innings_end", dict(
        reason="abandoned", note="بارش کی وجہ سے\nबारिश के कारण")),
    "penalty runs to the fielding side, before the innings": lambda w: ("penalty_runs", dict(
        runs=5, awardedToTeamId=w.away, when="pre", reason="ball tampering")),
    "penalty runs to nobody named": lambda w: ("penalty_runs", dict(runs=5)),
    "ten penalty runs (two offences)": lambda w: ("penalty_runs", dict(runs=10)),
    "won by 11 wickets (a match of twelve a side)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"wickets": 11})),
    "a batter retired out": lambda w: ("retirement", dict(batterId=w.player(w.home, 3),
                                                          type="retired_out")),
    "a batter absent ill": lambda w: ("absence", dict(batterId=w.player(w.home, 11),
                                                      reason="absent_ill")),
    "timed out": lambda w: ("dismissal", dict(
        wicket={"type": "timed_out", "dismissedPlayerId": w.player(w.home, 4)},
        bowlerId=w.player(w.away, 2))),
    "a batter change": lambda w: ("batter_change", dict(strikerId=w.player(w.home, 5),
                                                        nonStrikerId=w.player(w.home, 4))),
    "a revised target": lambda w: ("revised_target", dict(target=120, maxOvers=15,
                                                          method="DLS")),
    "a tie won in a super over": lambda w: ("match_result", dict(
        result="tie", winnerId=w.away)),
    "a tie broken on fewer wickets lost": lambda w: ("match_result", dict(
        result="win", winnerId=w.away, method="Lost fewer wickets")),
    "a revised target by the VJD method": lambda w: ("revised_target", dict(
        target=150, method="VJD")),
    "an interruption: 40 overs a side now": lambda w: ("interruption", dict(maxOvers=40)),
    "an interruption in balls (the Hundred)": lambda w: ("interruption", dict(
        maxBalls=78, reason="bad_light")),
    "an interruption that ends the innings": lambda w: ("interruption", dict(maxOvers=0)),
    "a win by an innings": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, note="by an innings and 12 runs",
        winMargin={"runs": 12, "innings": True, "wickets": None, "ballsRemaining": None})),
    "no result": lambda w: ("match_result", dict(result="no_result")),
}


@pytest.mark.parametrize("what", LAWFUL_EVENTS)
def test_a_lawful_event_is_accepted(world: World, what: str) -> None:
    kind, fields = LAWFUL_EVENTS[what](world)
    create_action(world, event(world, kind, **fields))


def test_a_declaration_is_lawful_where_the_format_has_one() -> None:
    """Law 15.1: in a match of two innings a side, or one without an over limit."""
    for update in ({"inningsPerSide": 2, "scheduledOvers": None}, {"scheduledOvers": None}):
        world = World(status="live")
        world.match = world.match.model_copy(update=update)
        world.given({f"matches/{world.match_id}": world.match_document()})
        world.commit()
        create_action(world, event(world, "declaration"))


def test_an_admin_records_an_award(world: World) -> None:
    """Law 16.4: the umpires award the match to a side when the other refuses to play; the
    functions take it whenever it comes, so only an admin records it."""
    doc = event(world, "match_result", result="win", winnerId=world.home, method="Awarded")
    create_action(world, doc | {"recordedBy": ADMIN.me}, as_=ADMIN.client())


# --- voids ---------------------------------------------------------------------------------------


def test_a_void_reason_with_a_text_direction_mark_is_refused(world: World) -> None:
    create_action(world, ball(world, 3))
    client, log = SCORER.client(), f"matches/{world.match_id}/scoring_actions"
    for reason in ("misclick\u202e", "\u2066wrong ball"):
        refused(client.commit, [client.update_write(
            f"{log}/1-0003", {"isVoided": True, "voidReason": reason, "voidedBy": SCORER.me},
            server_time=("voidedAt",))])
    client.commit([client.update_write(
        f"{log}/1-0003", {"isVoided": True, "voidReason": "غلط گیند", "voidedBy": SCORER.me},
        server_time=("voidedAt",))])


def test_a_void_may_name_its_correction_and_stamp_updatedAt(world: World) -> None:
    create_action(world, ball(world, 3))
    client, log = SCORER.client(), f"matches/{world.match_id}/scoring_actions"
    fields = {"isVoided": True, "voidReason": "wrong bowler", "voidedBy": SCORER.me,
              "correctedBy": "1-0003-c1"}
    accepted(client.commit, [
        client.update_write(f"{log}/1-0003", fields, server_time=("voidedAt", "updatedAt")),
        client.create_write(f"{log}/1-0003-c1", ball(world, 3, id="1-0003-c1",
                                                     corrects="1-0003")),
    ])


def test_an_umpire_voids_signing_as_the_umpire(world: World) -> None:
    create_action(world, ball(world, 3))
    umpire = PERSONAS["umpire"]
    refused(void_action, umpire.client(), world.match_id, "1-0003", "signal", uid=SCORER.me)
    void_action(umpire.client(), world.match_id, "1-0003", "signal", uid=umpire.me)


# --- lineups -------------------------------------------------------------------------------------


def lineup_path(world: World, doc_id: str) -> str:
    return f"matches/{world.match_id}/lineups/{doc_id}"


def test_a_lineup_copied_from_the_product_schema_is_accepted_and_parsed(world: World) -> None:
    """Every field of the schema's MatchLineup filled, in its order, as an app writes it: the
    timestamps it signs set to the request time."""
    player, replaced = world.player(world.home, 12), world.player(world.home, 4)
    doc_id = f"{world.home}_{player}"
    lineup = {
        "id": doc_id,
        "matchId": world.match_id,
        "teamId": world.home,
        "playerId": player,
        "role": "playing_xi",
        "isCaptain": False,
        "isViceCaptain": True,
        "isWicketkeeper": True,
        "battingPosition": 4,
        "substitutedAt": NOW - timedelta(hours=1),
        "substitutedFor": replaced,
        "substitutionReason": "concussion",
        "selectedAt": None,
        "selectedBy": HOME.me,
        "confirmedAt": None,
        "confirmedBy": HOME.me,
        "createdAt": NOW,
        "updatedAt": None,
    }
    path = lineup_path(world, doc_id)
    accepted(commit_as, HOME.client(), path, lineup,
             server_time=("selectedAt", "confirmedAt", "updatedAt"), exists=False)
    stored = ADMIN.client().get(path)
    entry = parse_lineup_document(doc_id, stored)
    assert to_document(entry) == stored | {"name": None}
    assert (entry.isWicketkeeper, entry.substitutedFor, entry.selectedBy) == (True, replaced,
                                                                              HOME.me)


def test_a_lineup_without_a_name_is_accepted(world: World) -> None:
    entry = world.lineup_entry(world.home, 5)
    del entry["name"]
    accepted(world.create_lineup_entry, HOME.client(), entry)
    entry = world.lineup_entry(world.home, 6, name=None)
    accepted(world.create_lineup_entry, HOME.client(), entry)


def test_a_team_official_signs_who_selected_and_confirmed_a_player(world: World) -> None:
    entry = world.lineup_entry(world.home, 12, selectedBy=HOME.me,
                               substitutedAt=NOW - timedelta(hours=1),
                               substitutedFor=world.player(world.home, 4),
                               substitutionReason="concussion", role="substitute")
    path = lineup_path(world, entry["id"])
    official = HOME.client()
    accepted(commit_as, official, path, entry, server_time=("selectedAt",), exists=False)
    confirm = {"confirmedBy": HOME.me}
    accepted(commit_as, official, path, confirm, server_time=("confirmedAt", "updatedAt"),
             exists=True, merge=True)
    refused(commit_as, official, path, {"confirmedBy": "someone-else"}, exists=True,
            merge=True)
    refused(commit_as, official, path, {"confirmedAt": NOW}, exists=True, merge=True)
    refused(commit_as, official, path, {"updatedAt": NOW}, exists=True, merge=True)
    refused(commit_as, official, path, {"selectedBy": "someone-else"},
            server_time=("selectedAt",), exists=True, merge=True)
    # another official of the team selects the player anew: signed by them, now
    coach = FirestoreRest.as_user(PROJECT, "u-home-coach")
    doc_id, doc = assignment("team_role_assignments", world.home, "u-home-coach", "coach")
    seed({f"team_role_assignments/{doc_id}": doc})
    accepted(commit_as, coach, path, {"selectedBy": "u-home-coach"},
             server_time=("selectedAt",), exists=True, merge=True)


def test_a_scorers_replacement_comes_on_only_for_one_of_the_xi(world: World) -> None:
    """A replacement the umpires allowed (Law 1.2) takes the place of a player who plays: not
    of a reserve, a substitute or one withdrawn, so a side never grows past its XI."""
    xi = world.lineup_entry(world.home, 3)
    reserve = world.lineup_entry(world.home, 13, role="reserve")
    seed({lineup_path(world, e["id"]): e for e in (xi, reserve)})
    scorer = SCORER.client()

    def coming(n: int, replaced: dict) -> dict:
        return world.lineup_entry(world.home, n, selectedBy=SCORER.me,
                                  substitutedFor=replaced["playerId"],
                                  substitutionReason="concussion")

    refused(world.create_lineup_entry, scorer, coming(14, reserve))
    accepted(world.create_lineup_entry, scorer, coming(12, xi))


UNLAWFUL_ENTRIES: dict[str, Callable[[World], tuple[str | None, dict]]] = {
    "selected by someone else": lambda w: (None, dict(selectedBy="someone-else")),
    "selected at a time the client chose": lambda w: (None, dict(selectedAt=NOW)),
    "an unknown role": lambda w: (None, dict(role="twelfth_man")),
    "batting position 0": lambda w: (None, dict(battingPosition=0)),
    "batting position 21": lambda w: (None, dict(battingPosition=21)),
    "an unknown reason for a replacement": lambda w: (None, dict(substitutionReason="rain")),
    "an empty name": lambda w: (None, dict(name="")),
    "a name of 101 characters": lambda w: (None, dict(name="n" * 101)),
    # the classic spoofing strings: a right-to-left override turns "Smith\u202Etxt.exe" into
    # what reads as "Smithexe.txt"; isolates and embeddings reorder what follows them
    "a name with a right-to-left override": lambda w: (None, dict(name="Smith\u202etxt.exe")),
    "a name with a left-to-right isolate": lambda w: (None, dict(name="\u2066Babar Azam")),
    "a name with a right-to-left mark": lambda w: (None, dict(name="Ali\u200f")),
    "a name with a control character": lambda w: (None, dict(name="Joe\x07Root")),
    "captain as text": lambda w: (None, dict(isCaptain="yes")),
    "keeper as null": lambda w: (None, dict(isWicketkeeper=None)),
    "an unknown field": lambda w: (None, dict(shirtNumber=7)),
    "the keeper spelt isWicketKeeper": lambda w: (None, dict(isWicketKeeper=True)),
    "the old field updatedBy": lambda w: (None, dict(updatedBy=HOME.me)),
    "an id field that is not the document id": lambda w: (None, dict(id="other")),
    "another match's id": lambda w: (None, dict(matchId=w.other_match_id)),
    "the document id of another player": lambda w: (
        f"{w.home}_{w.home}-p9", dict(id=f"{w.home}_{w.home}-p9")),
    "a home player filed under the away team": lambda w: (
        f"{w.away}_{w.home}-p4", dict(teamId=w.away, id=f"{w.away}_{w.home}-p4")),
    "substitutedAt as text": lambda w: (None, dict(substitutedAt="now")),
    "createdAt as text": lambda w: (None, dict(createdAt="2025-05-01T10:00:00Z")),
    "selectedBy null": lambda w: (None, dict(selectedBy=None)),
    "a player the team does not list": lambda w: (
        f"{w.home}_ringer", dict(playerId="ringer", id=f"{w.home}_ringer")),
    "a player of the other team": lambda w: (
        f"{w.home}_{w.away}-p4", dict(playerId=f"{w.away}-p4", id=f"{w.home}_{w.away}-p4")),
    "a replacement for a player the team does not list": lambda w: (
        None, dict(substitutedFor="ghost", substitutionReason="concussion")),
    "a team not in the match": lambda w: (
        f"{w.past_team}_{w.home}-p4", dict(teamId=w.past_team,
                                          id=f"{w.past_team}_{w.home}-p4")),
}


@pytest.mark.parametrize("why", UNLAWFUL_ENTRIES)
def test_a_malformed_lineup_entry_is_refused(world: World, why: str) -> None:
    doc_id, fields = UNLAWFUL_ENTRIES[why](world)
    entry = world.lineup_entry(world.home, 4, selectedBy=HOME.me) | fields
    path = lineup_path(world, doc_id or entry["id"])
    server_time = () if "selectedAt" in fields else ("selectedAt",)
    refused(commit_as, HOME.client(), path, entry, server_time=server_time, exists=False)


#: what the product schema marks required (no `?`)
REQUIRED = ("id", "matchId", "teamId", "playerId", "role", "isCaptain", "isViceCaptain",
            "isWicketkeeper", "selectedAt", "selectedBy", "createdAt")


@pytest.mark.parametrize("field", REQUIRED)
def test_a_lineup_without_a_field_the_schema_requires_is_refused(world: World, field: str) -> None:
    entry = world.lineup_entry(world.home, 4, selectedBy=HOME.me)
    del entry[field]
    server_time = () if field == "selectedAt" else ("selectedAt",)
    refused(commit_as, HOME.client(), lineup_path(world, f"{world.home}_{world.home}-p4"), entry,
            server_time=server_time, exists=False)


def test_the_keeper_in_both_spellings_is_refused(world: World) -> None:
    entry = world.lineup_entry(world.home, 7, selectedBy=HOME.me, isWicketKeeper=True)
    refused(world.create_lineup_entry, HOME.client(), entry)
    refused(world.create_lineup_entry, ADMIN.client(), entry | {"selectedBy": ADMIN.me})


def test_a_lineup_entry_cannot_move_to_the_other_team(world: World) -> None:
    entry = world.lineup_entry(world.home, 4)
    seed({lineup_path(world, entry["id"]): entry})
    refused(HOME.client().update, lineup_path(world, entry["id"]), {"teamId": world.away})
    refused(PERSONAS["away_official"].client().update, lineup_path(world, entry["id"]),
            {"teamId": world.away})


def test_a_team_sheet_is_refused_from_officials_and_admins(world: World) -> None:
    """The shape lineups had before one document per player: refused at `{teamId}` and at a
    player's id, signed or not."""
    sheet = world.team_sheet(world.home, updatedBy=HOME.me)
    for client, me in ((HOME.client(), HOME.me), (ADMIN.client(), ADMIN.me)):
        refused(commit_as, client, lineup_path(world, world.home), sheet | {"updatedBy": me},
                server_time=("updatedAt",), exists=False)
        entry = world.lineup_entry(world.home, 3, selectedBy=me)
        refused(world.create_lineup_entry, client, entry | {"players": sheet["players"]})


# --- role assignments and matches (admins) -------------------------------------------------------


UNLAWFUL_MATCHES: dict[str, Callable[[World, dict], dict]] = {
    "an id field that is not the document id": lambda w, m: m | {"id": "other"},
    "three teams": lambda w, m: m | {"teams": m["teams"] + m["teams"][:1]},
    "a team playing itself": lambda w, m: m | {"teams": [m["teams"][0], m["teams"][0]]},
    "a nameless team id": lambda w, m: m | {"teams": [m["teams"][0], {"id": ""}]},
    "0 balls an over": lambda w, m: m | {"ballsPerOver": 0},
    "an unknown status": lambda w, m: m | {"status": "paused"},
    "three innings a side": lambda w, m: m | {"inningsPerSide": 3},
    "a no-ball worth 3": lambda w, m: m | {"noBallRuns": 3},
    "0 scheduled overs": lambda w, m: m | {"scheduledOvers": 0},
    "one player a side": lambda w, m: m | {"playersPerSide": 1},
    "free hits as text": lambda w, m: m | {"freeHitAfterNoBall": "yes"},
    "0 consecutive overs": lambda w, m: m | {"maxConsecutiveOvers": 0},
    "a venue of 201 characters": lambda w, m: m | {"venue": "v" * 201},
    "11 dates": lambda w, m: m | {"dates": ["2025-01-01"] * 11},
    "a toss with an unknown field": lambda w, m: m | {"toss": {"coin": "heads"}},
    "an unknown field": lambda w, m: m | {"sponsor": "x"},
    "players without their ids beside them": lambda w, m: m | {"teams": [
        {k: v for k, v in m["teams"][0].items() if k != "playerIds"}, m["teams"][1]]},
    "player ids that are not a list": lambda w, m: m | {"teams": [
        m["teams"][0] | {"playerIds": "all"}, m["teams"][1]]},
    "51 players in a team": lambda w, m: m | {"teams": [
        m["teams"][0] | {"players": m["teams"][0]["players"][:1] * 51,
                         "playerIds": m["teams"][0]["playerIds"][:1] * 51}, m["teams"][1]]},
}


@pytest.mark.parametrize("why", UNLAWFUL_MATCHES)
def test_a_malformed_match_is_refused_even_from_an_admin(world: World, why: str) -> None:
    doc = UNLAWFUL_MATCHES[why](world, world.match_document(world.new_match_id, "scheduled"))
    refused(ADMIN.client().create, "matches", world.new_match_id, doc)


def test_an_admin_creates_a_match_with_every_field(world: World) -> None:
    doc = world.match_document(world.new_match_id, "scheduled") | {
        "venue": "Lord's", "city": "London", "event": "County Championship", "gender": "male",
        "dates": ["2025-06-01", "2025-06-02"], "freeHitAfterNoBall": True,
        "toss": {"winnerId": world.home, "decision": "bat"},
    }
    ADMIN.client().create("matches", world.new_match_id, doc)


def test_an_action_of_a_match_that_does_not_exist_is_refused(world: World) -> None:
    doc = ball(world, 1) | {"matchId": "no-such-match"}
    refused(SCORER.client().create, "matches/no-such-match/scoring_actions", doc["id"], doc)


def test_a_ball_dated_in_the_future_is_refused(world) -> None:
    refused(create_action, world, ball(world, 1) | {"timestamp": NOW + timedelta(days=3650)})
    accepted(create_action, world, ball(world, 1) | {"timestamp": NOW + timedelta(minutes=5)})


def test_an_action_must_say_it_is_not_voided_so_that_apps_can_query_for_it(world) -> None:
    doc = ball(world)
    del doc["isVoided"]
    refused(create_action, world, doc)
    accepted(create_action, world, ball(world))


def test_a_no_ball_costs_what_the_competition_says(world) -> None:
    no_ball = {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0}

    def with_no_ball(seq: int, runs: int) -> dict:
        return ball(world, seq, runsOffBat=0, extras=no_ball | {"noBall": runs},
                    totalRuns=runs, isLegalDelivery=False)

    refused(create_action, world, with_no_ball(1, 2))  # the match's no-ball is one run
    accepted(create_action, world, with_no_ball(1, 1))



# --- a following of a match, a device (scorebook.notify) -------------------------------------

FAN = PERSONAS["signed_in"]


@pytest.mark.parametrize(("what", "doc", "stamped"), [
    ("every kind, stamped", {"kinds": ["wicket", "milestone", "innings", "result"]}, True),
    ("none named: all", {}, False),
])
def test_a_following_names_kinds_of_the_list(world: World, what: str, doc: dict,
                                             stamped: bool) -> None:
    fan = FAN.client()
    path = f"matches/{world.match_id}/followers/{FAN.me}"
    fan.commit([fan.create_write(path, doc, server_time=("createdAt",) if stamped else ())])
    assert fan.get(path) is not None


@pytest.mark.parametrize(("what", "doc"), [
    ("a kind not in the list", {"kinds": ["sixes"]}),
    ("kinds not a list", {"kinds": "wicket"}),
    ("another field", {"kinds": [], "email": "x@example.com"}),
    ("a time of the client's", {"kinds": [], "createdAt": NOW - timedelta(days=1)}),
])
def test_a_following_refused(world: World, what: str, doc: dict) -> None:
    refused(FAN.client().set, f"matches/{world.match_id}/followers/{FAN.me}", doc)


@pytest.mark.parametrize(("what", "doc"), [
    ("an empty token", {"token": "", "platform": "web"}),
    ("a token of 4,097 characters", {"token": "t" * 4097}),
    ("a token that is not text", {"token": 7}),
    ("a platform not in the list", {"token": "t", "platform": "fax"}),
    ("another field", {"token": "t", "owner": "someone"}),
    ("a time of the client's", {"token": "t", "createdAt": NOW - timedelta(days=1)}),
])
def test_a_device_refused(what: str, doc: dict) -> None:
    refused(FAN.client().set, f"users/{FAN.me}/devices/phone", doc)


def test_a_device_registered_with_the_request_time() -> None:
    fan = FAN.client()
    path = f"users/{FAN.me}/devices/tablet-{uuid.uuid4().hex[:6]}"
    fan.commit([fan.create_write(path, {"token": "t" * 4096, "platform": "ios"},
                                 server_time=("createdAt",))])
    assert fan.get(path) is not None
