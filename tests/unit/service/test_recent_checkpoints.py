"""A warm instance folds the next ball onto the checkpoint object it wrote last
(`RecentCheckpoints`) and sends live/score's changed fields only: the same documents as a
cold instance that parses everything and writes live/score whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.service.live_score import RECENT, Checkpoint, maintain
from tests.conftest import real_match_params
from tests.unit.service.memory_store import (
    ACTIONS,
    MATCH_ID,
    MemoryStore,
    run_trigger,
    truth,
    void,
    without_version,
    write,
)


def _cold(store: MemoryStore, event) -> None:
    """A run on an instance that keeps nothing (the warm store's entry is put back after)."""
    kept = dict(RECENT._kept)
    RECENT.clear()
    run_trigger(store, event)
    RECENT._kept = kept


@pytest.mark.parametrize("path", real_match_params(["1269710"]))
def test_a_warm_instance_writes_what_a_cold_one_writes_ball_by_ball(path: Path) -> None:
    match, actions = load_match(path, match_id=MATCH_ID)
    warm, cold = MemoryStore(), MemoryStore()
    warm.match = cold.match = to_document(match)
    RECENT.clear()
    changes_only = 0
    for n, action in enumerate(actions):
        for store in (warm, cold):
            event = write(store, action)
            if n % 50 == 49:  # an undo now and then: the over is refolded from its start
                event = void(store, action.id)
            if store is cold:
                _cold(store, event)
            else:
                changes_only += run_trigger(store, event).sent_changes_only
        assert warm.checkpoint == cold.checkpoint, action.id
        assert warm.live_score == cold.live_score, action.id
    # every ball folded onto the object kept, but those after a refold (a new object)
    assert changes_only >= len(actions) - len(actions) // 50 - 2


def test_a_kept_checkpoint_is_the_one_stored() -> None:
    store = MemoryStore()
    for action in ACTIONS[:30]:
        run_trigger(store, write(store, action))
    stored = store.checkpoint
    kept = Checkpoint.load(stored, MATCH_ID)
    RECENT.clear()
    parsed = Checkpoint.load(stored, MATCH_ID)
    assert isinstance(kept, Checkpoint) and isinstance(parsed, Checkpoint)
    assert kept is not parsed and kept.model_dump() == parsed.model_dump()
    # taken once: a transaction that retries folds onto a fresh parse, not the folded object
    assert Checkpoint.load(stored, MATCH_ID) is not kept


def test_data_edited_under_the_old_seal_is_not_taken_from_memory() -> None:
    store = MemoryStore()
    for action in ACTIONS[:12]:
        run_trigger(store, write(store, action))
    store.checkpoint = {**store.checkpoint,
                        "data": store.checkpoint["data"].replace('"runs":', '"runs": ', 1)}
    outcome = maintain(store.snapshot(), MATCH_ID, write(store, ACTIONS[12]))
    assert outcome.mode == "rebuilt" and outcome.suspicious


def test_a_live_score_changed_beside_its_checkpoint_is_written_whole() -> None:
    store = MemoryStore()
    for action in ACTIONS[:20]:
        run_trigger(store, write(store, action))
    store.live_score = {**store.live_score, "innings1": {"runs": 999}, "extra": "kept"}
    tx = run_trigger(store, write(store, ACTIONS[20]))
    assert not tx.sent_changes_only
    assert without_version({k: v for k, v in store.live_score.items() if k != "extra"}) == (
        truth(store))
    tx = run_trigger(store, write(store, ACTIONS[21]))
    assert tx.sent_changes_only and without_version(
        {k: v for k, v in store.live_score.items() if k != "extra"}) == truth(store)


def test_a_ball_folded_by_an_earlier_run_costs_one_read_and_keeps_the_object() -> None:
    """A busy match: one run folds several balls (its ball's event came first, the others'
    late); the triggers of the others find their ball in the checkpoint, read nothing else,
    and leave the object for the next ball."""
    store = MemoryStore()
    for action in ACTIONS[:9]:  # up to the first ball of the second over
        run_trigger(store, write(store, action))
    events = [write(store, action) for action in ACTIONS[9:12]]
    assert run_trigger(store, events[2]).reads > 3  # the log asked: folds all three
    assert store.live_score["lastActionId"] == ACTIONS[11].id
    for event in events[:2]:
        tx = run_trigger(store, event)
        assert (store.runs[-1], tx.reads, tx.written) == ("unchanged", 1, None)
    tx = run_trigger(store, write(store, ACTIONS[12]))
    assert tx.sent_changes_only and without_version(store.live_score) == truth(store)
