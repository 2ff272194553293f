"""The feed the live/score service publishes beside it (`service.live_score.maintain` with the
feed's writes): ball by ball it is the feed of the log, and an undo, an old void, a late ball
or a rebuild change only the events they must.
"""

from __future__ import annotations

from scorebook.actions import log_position

# --- the feed beside live/score -------------------------------------------------------------
from tests.unit.service.memory_store import (
    ACTIONS,
    MemoryStore,
    assert_feed_consistent,
    published_feed,
    run_trigger,
    void,
    write,
)


def test_the_feed_published_ball_by_ball_is_the_feed_of_the_log() -> None:
    store = MemoryStore()
    writes = []
    for action in ACTIONS:
        tx = run_trigger(store, write(store, action))
        writes.append(len(tx.feed or ()))
    assert published_feed(store) == []
    assert_feed_consistent(store)
    assert not any(d["retracted"] for d in store.events.values())
    # one document per event, in the same commit as live/score: a ball is 1 to 4 of them
    assert max(writes) <= 6 and sum(writes) == len(store.events)


def test_an_undo_in_the_over_retracts_that_ball_s_events_and_nothing_else() -> None:
    store = MemoryStore()
    for action in ACTIONS[:40]:
        run_trigger(store, write(store, action))
    before = dict(store.events)
    last = ACTIONS[39]

    run_trigger(store, void(store, last.id))

    assert store.runs[-1] == "rebuilt_over"
    assert published_feed(store) == []
    assert_feed_consistent(store)
    retracted = {seq for seq, d in store.events.items() if d["retracted"]}
    assert retracted == {seq for seq, d in before.items() if d["actionId"] == last.id}
    (retraction,) = [d for seq, d in store.events.items() if seq not in before]
    assert retraction["type"] == "BALL_RETRACTED" and retraction["actionId"] == last.id
    assert retraction["payload"]["retractedSeqs"] == sorted(retracted)


def test_a_void_of_an_old_ball_retracts_and_reissues_only_the_events_it_changed() -> None:
    store = MemoryStore()
    for action in ACTIONS[:60]:
        run_trigger(store, write(store, action))
    before = dict(store.events)
    old = next(a for a in ACTIONS[5:] if getattr(a, "runsOffBat", 0) == 0
               and getattr(a, "wicket", None) is None and getattr(a, "isLegalDelivery", False))

    run_trigger(store, void(store, old.id))

    assert store.runs[-1] == "rebuilt_page"
    assert published_feed(store) == []
    assert_feed_consistent(store)
    retracted = {seq for seq, d in store.events.items() if d["retracted"]}
    # everything before the voided ball stands; its own events go
    assert all(log_position(d["actionId"]) >= log_position(old.id)
               for seq, d in before.items() if seq in retracted)
    assert {seq for seq, d in before.items() if d["actionId"] == old.id} <= retracted
    # a dot ball voided changes no score: the balls after it keep their events, but those
    # that say where in the over they were (the over complete, the ball count)
    kept_after = [d for seq, d in before.items() if seq not in retracted
                  and log_position(d["actionId"]) > log_position(old.id)]
    assert kept_after, "every later event was re-issued: the void touched only some"


def test_a_late_ball_is_published_in_place_and_the_events_after_it_follow_again() -> None:
    store = MemoryStore()
    late = ACTIONS[38]
    for action in ACTIONS[:40]:
        if action is not late:
            run_trigger(store, write(store, action))

    run_trigger(store, write(store, late))

    assert published_feed(store) == []
    assert_feed_consistent(store)
    assert any(d["actionId"] == late.id for d in store.events.values() if not d["retracted"])


def test_a_rebuild_from_an_untrusted_checkpoint_keeps_the_feed_and_its_cursor() -> None:
    store = MemoryStore()
    for action in ACTIONS[:30]:
        run_trigger(store, write(store, action))
    published = dict(store.events)
    store.checkpoint = {**store.checkpoint, "format": 1}  # e.g. an upgrade of the functions

    run_trigger(store, write(store, ACTIONS[30]))

    assert store.runs[-1] == "rebuilt"
    assert {seq: store.events[seq] for seq in published} == published  # nothing retracted
    assert min(set(store.events) - set(published)) == max(published) + 1  # the cursor goes on
    assert published_feed(store) == []
