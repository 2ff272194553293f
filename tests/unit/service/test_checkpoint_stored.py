"""How a checkpoint is stored: each settled innings a string of its own beside `data`, which
holds the innings in progress, so that a ball changes `data` and leaves the settled innings
as they were (the adapter sends the fields that changed: a Test's fourth innings does not
carry the three before it with every ball). What is stored reads back as what was folded,
and the seal covers every part."""

from __future__ import annotations

import json
from pathlib import Path

from scorebook.fold import fold_into
from scorebook.service.live_score import RECENT, Checkpoint, Untrusted, stored_seal
from scorebook.service.live_score.fold import _over_key, _start_over
from scorebook.state import initial_state
from tests.unit.fold.test_state_in_place import _penalised_test
from tests.unit.service.memory_store import ACTIONS, MATCH_ID, MemoryStore, run_trigger, write

#: the generated T20's second innings: its first over and a half
SECOND = next(n for n, action in enumerate(ACTIONS) if action.inningsNumber == 2)


def played(n: int) -> MemoryStore:
    store = MemoryStore()
    for action in ACTIONS[:n]:
        run_trigger(store, write(store, action))
    return store


def innings_in(text: str) -> list[int]:
    """The innings numbers of the fold state held in a stored `data`."""
    return [inn["number"] for inn in json.loads(text)["state"]["innings"]]


def test_a_settled_innings_is_stored_apart_and_a_ball_leaves_it_alone() -> None:
    store = played(SECOND + 9)
    before = dict(store.checkpoint)
    assert set(before["settled"]) == {"1"} and innings_in(before["data"]) == [2]
    assert json.loads(before["settled"]["1"])["number"] == 1
    # the over's snapshot, taken in the second innings, shares the first rather than copying it
    assert before["overStartShares"] == 1
    run_trigger(store, write(store, ACTIONS[SECOND + 9]))
    after = store.checkpoint
    changed = {key for key in after.keys() | before.keys() if after.get(key) != before.get(key)}
    assert "settled" not in changed and {"data", "seal"} <= changed


def test_the_first_innings_alone_has_nothing_settled() -> None:
    stored = played(30).checkpoint
    assert "settled" not in stored and "overStartShares" not in stored
    assert innings_in(stored["data"]) == [1]


def test_what_is_stored_reads_back_as_what_was_folded() -> None:
    store = played(SECOND + 9)
    kept = Checkpoint.load(store.checkpoint, MATCH_ID)  # the object this instance folded
    RECENT.clear()
    parsed = Checkpoint.load(store.checkpoint, MATCH_ID)
    assert isinstance(kept, Checkpoint) and isinstance(parsed, Checkpoint) and kept is not parsed
    assert parsed.model_dump() == kept.model_dump()
    assert [inn.number for inn in parsed.state.innings] == [1, 2]
    assert parsed.overStart is not None
    assert parsed.overStart.state.innings[0] == parsed.state.innings[0]


def test_a_settled_innings_edited_is_not_trusted_unless_resealed() -> None:
    stored = played(SECOND + 9).checkpoint
    RECENT.clear()
    first = json.loads(stored["settled"]["1"])
    first["runs"] += 500
    edited = {**stored, "settled": {"1": json.dumps(first)}}
    refused = Checkpoint.load(edited, MATCH_ID)
    assert isinstance(refused, Untrusted) and refused.suspicious
    assert "seal" in refused.reason
    # one who read this code reseals it: the seal then holds (the reconciliation's refold,
    # tests/unit/service/test_checkpoint_trust.py, is what finds that out)
    resealed = Checkpoint.load(edited | {"seal": stored_seal(edited, MATCH_ID)}, MATCH_ID)
    assert isinstance(resealed, Checkpoint) and resealed.state.innings[0].runs == first["runs"]


def test_settled_innings_that_do_not_line_up_are_damaged() -> None:
    stored = played(SECOND + 9).checkpoint
    RECENT.clear()
    for broken in ({"settled": {"2": stored["settled"]["1"]}},
                   {"settled": {"1": 7}},
                   {"overStartShares": 2},
                   {"overStartShares": "1"}):
        loaded = Checkpoint.load(stored | broken, MATCH_ID)
        assert isinstance(loaded, Untrusted) and loaded.suspicious, broken


def test_every_bulky_field_of_the_checkpoint_is_exempt_from_firestore_indexes() -> None:
    """Firestore indexes each field of a document unless firestore.indexes.json exempts it:
    a long string (a string's index entry holds its first 1,500 bytes) or a map of them
    costs every ball's write index entries that no query reads."""
    indexes = json.loads((Path(__file__).resolve().parents[3]
                          / "firestore.indexes.json").read_text())
    exempt = {o["fieldPath"] for o in indexes["fieldOverrides"]
              if o["collectionGroup"] == "projection" and o.get("indexes") == []}
    stored = played(SECOND + 9).checkpoint
    bulky = {key for key, value in stored.items()
             if isinstance(value, dict) or (isinstance(value, str) and len(value) > 1500)}
    assert bulky == {"data", "settled"}
    assert bulky <= exempt


def test_each_write_is_what_a_checkpoint_made_afresh_would_store() -> None:
    """A settled innings' text, and how many of them the over's snapshot shares, are made
    once for the innings object, or taken as read: after every action, through penalty runs
    to an innings long over (which replace it) and reads of what was stored, the document is
    the one a copy of the checkpoint, which made none of them yet, stores."""
    match, actions, _ = _penalised_test()
    checkpoint = Checkpoint(state=initial_state(match))
    for n, action in enumerate(actions):
        over = _over_key(checkpoint.state)
        if list(over) != checkpoint.overStartKey:  # as the service snapshots an over's start
            _start_over(checkpoint, over, None)
        fold_into(checkpoint.state, [action])
        stored = checkpoint.to_document("folded")
        assert stored == Checkpoint.model_validate(checkpoint.model_dump()).to_document(
            "folded"), action.id
        if n % 5 == 4:
            loaded = Checkpoint.load(stored, match.id)
            assert isinstance(loaded, Checkpoint), loaded
            checkpoint = loaded
    assert set(stored["settled"]) == {"1", "2", "3"} and stored["overStartShares"] == 3
