"""What a valid write looks like, one law or limit at a time, through the REST API.

The access matrix tests who may write; these test what they may write: every kind of
action from real matches, the heaviest lawful documents, corrections, and each thing the
rules refuse in an action, a void, a lineup, a role assignment and a match. This module:
the actions as a whole (their shapes, corrections, retries, the story they follow, who
plays); the Laws on deliveries and events, and voids, in test_validation_laws.py; lineups,
matches and a following in test_validation_documents.py.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from scorebook.actions import parse_action
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook_tools.generated_match import GENERATED_MATCH_ID
from scorebook_tools.realdata import real_matches
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    void_action,
)
from tests.emulator.harness import PROJECT
from tests.rules.action_cases import (
    UNLISTED_PLAYERS,
)
from tests.rules.payloads import NOW, heaviest_delivery
from tests.rules.validation import (
    ADMIN,
    SCORER,
    accepted,
    ball,
    correct,
    create_action,
    event,
    out,
)
from tests.rules.world import (
    World,
    assignment,
    refused,
    seed,
)


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


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


@pytest.mark.parametrize(("doc_id", "source"), [
    ("1-001", "1live"),  # the id a digit short, the source a digit long: "1-0011live"
    ("1-0001", "live-c1"),  # neither is what it says when they are read apart
    ("1-0001", "import,live"),
])
def test_the_id_and_the_source_are_each_what_they_should_be(world: World, doc_id: str,
                                                            source: str) -> None:
    """The rules read the action's id and its source as one line against one pattern: a
    part of one must not pass for a part of the other."""
    refused(create_action, world, ball(world, 1, id=doc_id, source=source))


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


@pytest.mark.parametrize("attack", UNLISTED_PLAYERS)
def test_a_player_the_match_does_not_list_is_refused(world: World, attack: str) -> None:
    refused(create_action, world, UNLISTED_PLAYERS[attack](world))


def test_a_substitute_fielder_need_not_be_listed(world: World) -> None:
    """Law 24.1: the umpires may allow anyone to field as a substitute."""
    create_action(world, ball(world, 1, **out(
        "caught", w := world.player(world.home, 1), fielderIds=[],
        substituteFielderIds=["the twelfth man's brother"])) | {"strikerId": w})


def squadless_match(world: World) -> str:
    """A match set up before its squads are known (its teams list nobody), with the scorer
    as its neutral scorer: the path of its log."""
    doc = world.match_document(world.new_match_id, "live")
    doc["teams"] = [t | {"players": [], "playerIds": []} for t in doc["teams"]]
    role_id, role = assignment("match_role_assignments", world.new_match_id, SCORER.me,
                               "scorer_neutral", status="confirmed")
    seed({f"matches/{world.new_match_id}": doc, f"match_role_assignments/{role_id}": role})
    return f"matches/{world.new_match_id}/scoring_actions"


def anyones_ball(world: World, seq: int) -> dict:
    """A ball naming players no squad lists."""
    return ball(world, seq, matchId=world.new_match_id, strikerId="a", nonStrikerId="b",
                bowlerId="c")


@pytest.mark.parametrize("line_break", ["\n", "\r", "\x85", "\u2028", "\u2029"],
                         ids=["LF", "CR", "NEL", "LS", "PS"])
def test_an_id_is_one_line_even_where_the_match_lists_no_players(
        world: World, line_break: str) -> None:
    """Where no squad is listed only the id's pattern stands between a scorer's app and an id
    that breaks every page's line (validateAction refuses the same five)."""
    log = squadless_match(world)
    for seq, field in enumerate(("strikerId", "nonStrikerId", "bowlerId"), start=1):
        bad = anyones_ball(world, seq) | {field: f"x{line_break}y"}
        refused(SCORER.client().create, log, bad["id"], bad)
    SCORER.client().create(log, "1-0001", anyones_ball(world, 1))


def test_a_match_that_lists_no_players_lets_any_player_be_named(world: World) -> None:
    """A match set up before its squads are known: the rules cannot tell who plays (the
    functions still flag a player of the wrong side once the squads are listed)."""
    SCORER.client().create(squadless_match(world), "1-0001", anyones_ball(world, 1))
