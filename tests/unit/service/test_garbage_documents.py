"""The pure side of what tests/emulator/test_garbage.py found: documents an admin, a legacy
app or a corruption wrote are parsed or reported, and live/score stays the projection."""

from __future__ import annotations

import json

import pytest
from google.cloud.firestore_v1 import _helpers

from scorebook.actions import ActionParseError, parse_action
from scorebook.document import MAX_COUNT, to_document
from scorebook.match import Match
from scorebook.service.live_score import (
    ActionEvent,
    Checkpoint,
    edited_in_place,
    expected_live_score,
    maintain,
    within_document_limit,
)
from scorebook.service.live_score.decide import before_last
from tests.unit.factories import delivery, make_match
from tests.unit.service.memory_store import (
    MATCH,
    MATCH_ID,
    SAMPLE,
    MemoryStore,
    run_trigger,
    truth,
    without_version,
    write,
)


def scored(n: int) -> MemoryStore:
    store = MemoryStore()
    for action in SAMPLE[:n]:
        run_trigger(store, write(store, action))
    return store


def edit(store: MemoryStore, action_id: str, **fields) -> ActionEvent:
    before = store.actions[action_id]
    store.actions[action_id] = {**before, **fields}
    return ActionEvent(action_id, store.actions[action_id], before)


@pytest.mark.parametrize("index", [2, 38], ids=["an earlier over", "the current over"])
def test_an_admins_edit_of_a_folded_action_reaches_live_score(index: int) -> None:
    """The rules let a scorer only void an action; an admin (or a corruption) may change it,
    and the trigger sees the change (before and after), not only a count that still adds up."""
    store = scored(40)
    runs = store.actions[SAMPLE[index].id]["runsOffBat"]
    run_trigger(store, edit(store, SAMPLE[index].id, runsOffBat="lots"))
    assert store.runs[-1] in ("rebuilt_page", "rebuilt_over")
    assert without_version(store.live_score) == truth(store)
    assert any(p["code"] == "unparseable" for p in store.live_score["integrity"])
    run_trigger(store, edit(store, SAMPLE[index].id, runsOffBat=runs))  # and back
    assert without_version(store.live_score) == truth(store)


def test_a_void_or_a_duplicate_delivery_is_not_an_edit() -> None:
    data = to_document(SAMPLE[5])
    voided = {**data, "isVoided": True, "voidReason": "undo", "voidedBy": "s"}
    assert not edited_in_place(ActionEvent("x", data, None))  # created
    assert not edited_in_place(ActionEvent("x", data, dict(data)))  # delivered again
    assert not edited_in_place(ActionEvent("x", voided, data))  # undone: the void logic's
    assert edited_in_place(ActionEvent("x", {**voided, "voidReason": 7}, voided))
    assert edited_in_place(ActionEvent("x", {**data, "correctedBy": [1]}, data))


def test_a_checkpoint_whose_fold_state_was_edited_is_not_trusted() -> None:
    """A fold state that still parses (a batter's runs removed, a figure changed) is not the
    log's: the seal over the stored JSON tells, and the log is replayed."""
    store = scored(20)
    assert Checkpoint.from_document(store.checkpoint, MATCH_ID) is not None
    data = json.loads(store.checkpoint["data"])
    data["state"]["innings"][0]["runs"] += 100
    store.checkpoint = {**store.checkpoint, "data": json.dumps(data)}
    assert Checkpoint.from_document(store.checkpoint, MATCH_ID) is None
    for stored in ({**store.checkpoint, "seal": None}, {**store.checkpoint, "data": 7}):
        assert Checkpoint.from_document(stored, MATCH_ID) is None
    run_trigger(store, write(store, SAMPLE[20]))
    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)


def test_a_count_beyond_what_firestore_can_sum_is_reported_not_folded() -> None:
    """Two balls of 2**62 runs would make an innings of 2**63, which Firestore cannot store:
    the functions' write would fail on every later ball. Counts are bounded at parse time."""
    big = delivery(runsOffBat=MAX_COUNT, totalRuns=MAX_COUNT)
    assert big.runsOffBat == MAX_COUNT
    with pytest.raises(ActionParseError, match="runsOffBat"):
        parse_action({**to_document(big), "runsOffBat": MAX_COUNT + 1,
                      "totalRuns": MAX_COUNT + 1})
    with pytest.raises(ValueError, match="ballsPerOver"):
        Match.model_validate({**to_document(make_match()), "ballsPerOver": 2**62})
    balls = [(a.id, to_document(a)) for a in SAMPLE[:3]]
    for position in (1, 2):
        doc = dict(balls[position][1])
        doc |= {"runsOffBat": 2**62, "totalRuns": 2**62 + sum(doc["extras"].values())}
        balls[position] = (balls[position][0], doc)
    document = within_document_limit(expected_live_score(MATCH, balls))
    for value in document.values():
        _helpers.encode_value(value)  # what the Firestore client refuses beyond 64 bits
    assert {p["actionId"] for p in document["integrity"] if p["code"] == "unparseable"} == {
        SAMPLE[1].id, SAMPLE[2].id}


def test_a_match_document_whose_id_field_names_another_match_is_still_this_match() -> None:
    """The path names the match (as it does an action's): an `id` field copied from another
    match made live/score say the other match, and no checkpoint was ever trusted again, so
    every ball replayed the whole log."""
    store = scored(20)
    store.match["id"] = "another-match"
    run_trigger(store, write(store, SAMPLE[20]))
    run_trigger(store, write(store, SAMPLE[21]))
    assert store.runs[-1] == "folded"
    assert store.live_score["matchId"] == MATCH_ID
    assert without_version(store.live_score) == truth(store)


def test_a_document_is_described_the_same_whatever_the_order_of_its_fields() -> None:
    """Firestore returns a document's fields in no fixed order (each process reads them in
    its own): the functions' report of an unparseable document must not depend on it, or
    live/score and live/lineups would change from one run to the next."""
    from scorebook.match import LineupParseError, parse_lineup_document

    fields = [f"unknown{n}" for n in range(40)] + ["teamId", "role"]
    messages = set()
    for order in (fields, fields[::-1], sorted(fields, key=hash)):
        try:
            parse_lineup_document("away_a1", {name: [1] for name in order})
        except LineupParseError as error:
            messages.add(str(error))
        try:
            parse_action(dict.fromkeys(order, 1))
        except ActionParseError as error:
            messages.add("; ".join(error.problems))
    assert len(messages) == 2


def test_an_invalid_match_document_is_reported_until_it_is_valid_again() -> None:
    """live/score was silently stale: now it says why, balls folded meanwhile (with the match
    as it last was) keep saying it, and the match made valid again refolds the log."""
    store = scored(20)
    good = dict(store.match)
    store.match["ballsPerOver"] = "six"
    assert run_trigger_on_match(store) == "no_match"
    codes = [p["code"] for p in store.live_score["integrity"]]
    assert codes.count("unparseable_match") == 1
    run_trigger(store, write(store, SAMPLE[20]))
    assert store.runs[-1] == "folded"
    assert [p["code"] for p in store.live_score["integrity"]].count("unparseable_match") == 1
    store.match = good
    assert run_trigger_on_match(store) == "rebuilt"
    assert without_version(store.live_score) == truth(store)
    assert "matchInvalid" not in store.checkpoint


def run_trigger_on_match(store: MemoryStore) -> str:
    """The trigger on matches/{matchId}: one run, committed."""
    tx = store.snapshot()
    outcome = maintain(tx, MATCH_ID, match_changed=True)
    assert store.commit(tx)
    return outcome.mode


def test_a_document_whose_id_is_not_a_position_makes_the_run_count_the_log() -> None:
    """The log order puts "1-0001-c" last; Firestore's id order puts it before "1-0002",
    where the query for the actions after the last one read never looks: its trigger run
    counts the log, which finds it (and the rebuild reports it as id_not_position)."""
    store = scored(20)
    checkpoint = Checkpoint.from_document(store.checkpoint, MATCH_ID)
    assert checkpoint is not None
    odd = ActionEvent("1-0001-c", {**to_document(SAMPLE[0]), "id": "1-0001-c"}, None)
    assert before_last(checkpoint, odd)
    assert not before_last(checkpoint, ActionEvent(SAMPLE[20].id, to_document(SAMPLE[20])))
