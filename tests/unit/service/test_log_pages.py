"""The log's pages: a change to an old ball is refolded from the start of its page, reading
the pages from there on rather than the log, and a page that cannot stand for the log is
never folded from (the run reads the log instead).

Pages here are small (a new one every PAGE_ACTIONS = 12 actions, at an over's start), so
that a generated T20 has about twenty of them, as a five-day Test has with the real size.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorebook.actions import log_position
from scorebook.document import to_document
from scorebook.service import log_pages
from scorebook.service.live_score import (
    ActionEvent,
    Checkpoint,
    in_log_order,
    log_in_pages,
    publish_notice,
    verify,
)
from scorebook.service.log_pages import PageRef, head_ids, opens_page, page_of, takes
from tests.unit.service.memory_store import (
    ACTIONS,
    MATCH_ID,
    SAMPLE,
    MemoryStore,
    assert_feed_consistent,
    published_feed,
    run_trigger,
    truth,
    void,
    without_version,
    write,
)
from tests.unit.service.test_checkpoint_trust import edited

SMALL = 12
PLAYED = [a for a in ACTIONS if a.kind != "match_result"]


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(log_pages, "PAGE_ACTIONS", SMALL)
    yield


def scored(actions=PLAYED) -> MemoryStore:
    store = MemoryStore()
    for action in actions:
        run_trigger(store, write(store, action))
    return store


def checkpoint_of(store: MemoryStore) -> Checkpoint:
    loaded = Checkpoint.from_document(store.checkpoint, MATCH_ID)
    assert loaded is not None
    return loaded


def assert_exact(store: MemoryStore) -> None:
    """live/score, the feed and the pages are what a refold of the log gives: the scheduled
    verification finds nothing to write."""
    assert without_version(store.live_score) == truth(store)
    assert published_feed(store) == []
    assert_feed_consistent(store)
    tx = store.snapshot()
    outcome = verify(tx, MATCH_ID)
    assert (outcome.mode, outcome.reason, tx.written) == ("verified", "", None)


def test_pages_start_at_an_overs_start_every_so_many_actions() -> None:
    store = scored()
    refs = checkpoint_of(store).pages
    assert len(refs) == len(store.pages) >= len(PLAYED) // (SMALL + 8)
    assert refs[0] == PageRef(after=None, count=0, bytes=refs[0].bytes)
    for ref, following in zip(refs, refs[1:], strict=False):
        assert SMALL <= following.count - ref.count < SMALL + 12  # the next over's start
    # every action is in exactly one page, as folded
    held = {doc_id: data for page in store.pages.values() for doc_id, data in page["docs"].items()}
    assert held == store.actions
    assert all(page_of(refs, doc_id) == k for k, page in store.pages.items()
               for doc_id in page["docs"])


def test_the_whole_log_is_read_from_its_pages_as_the_checkpoint_folded_it() -> None:
    store = scored()
    run_trigger(store, void(store, PLAYED[3].id))  # the pages from the first refolded
    checkpoint = checkpoint_of(store)
    stored = [store.pages.get(k) for k in range(len(checkpoint.pages))]

    assert log_in_pages(checkpoint, [], stored, MATCH_ID) == in_log_order(store.actions.items())
    # what cannot stand for the log the checkpoint folded: the log is read instead
    assert log_in_pages(checkpoint, [], [*stored[:-1], None], MATCH_ID) is None
    assert log_in_pages(checkpoint, [], stored[:-1], MATCH_ID) is None
    edited_page = copy.deepcopy(stored[1])
    doc_id = next(iter(edited_page["docs"]))
    edited_page["docs"][doc_id]["note"] = "changed by hand"
    assert log_in_pages(checkpoint, [], [stored[0], edited_page, *stored[2:]], MATCH_ID) is None
    # an action read before the first page began (a log opening with no over) is in none
    read_first = checkpoint.model_copy(update={"count": checkpoint.count + 1})
    assert log_in_pages(read_first, [], stored, MATCH_ID) is None


def test_the_actions_before_the_first_page_are_read_by_their_places() -> None:
    assert head_ids([]) is None  # no page yet: the log is read
    assert head_ids([PageRef(after=None, count=0)]) == []
    # an innings' start and its openers before the first over
    assert head_ids([PageRef(after="1-0002", count=2), PageRef(after="1-0020", count=20)]) == [
        "1-0001", "1-0002"]
    # a correction among them: their ids are not the places one by one
    assert head_ids([PageRef(after="1-0001-c1", count=2)]) is None
    assert head_ids([PageRef(after="1-0003", count=2)]) is None


def test_a_void_of_the_first_over_reads_the_pages_not_the_log() -> None:
    store = scored()
    pages = len(store.pages)
    before = dict(store.events)
    voided = PLAYED[3]

    tx = run_trigger(store, void(store, voided.id))

    assert store.runs[-1] == "rebuilt_page"
    # the checkpoint, every page, the actions after the last one read, the two counts
    assert tx.reads == 1 + pages + 1 + 2 < len(PLAYED) / 5
    assert_exact(store)
    # The feed appends its correction and does not rewrite what followed: the voided ball's
    # events are retracted, and only events whose action or key moved (the over it was in,
    # a milestone passed a ball later) are retracted and published again.
    retracted = [seq for seq, doc in store.events.items() if doc["retracted"]]
    assert all(before[seq]["actionId"] == voided.id for seq in retracted[:1])
    added = len(store.events) - len(before)
    assert 1 <= added <= 12 and len(retracted) <= 10, (added, retracted)
    at = log_position(voided.id)
    after_it = [s for s, d in before.items() if log_position(d["actionId"]) > at]
    assert len(after_it) > 100
    assert all(store.events[s] == before[s] for s in after_it if s not in retracted)
    # the next ball is as cheap as ever
    tx = run_trigger(store, write(store, ACTIONS[-1]))
    assert store.runs[-1] == "folded" and tx.reads == 3
    assert_exact(store)


def test_a_change_in_a_later_page_reads_only_the_pages_from_its_own() -> None:
    store = scored()
    refs = checkpoint_of(store).pages
    target = next(a for a in PLAYED if page_of(refs, a.id) == len(refs) - 3)

    tx = run_trigger(store, void(store, target.id))

    assert store.runs[-1] == "rebuilt_page"
    assert tx.reads == 1 + 3 + 1 + 2
    assert_exact(store)


def test_a_late_ball_and_an_admins_edit_of_an_old_ball_are_refolded_from_their_page() -> None:
    late = PLAYED[30]
    store = scored([a for a in PLAYED if a is not late])
    run_trigger(store, write(store, late))
    assert store.runs[-1] == "rebuilt_page"
    assert_exact(store)

    dot = next(a for a in PLAYED[5:] if getattr(a, "totalRuns", None) == 0 and not a.isWicket)
    before = store.actions[dot.id]
    store.actions[dot.id] = {**before, "runsOffBat": 2, "totalRuns": 2}
    run_trigger(store, ActionEvent(dot.id, store.actions[dot.id], before))
    assert store.runs[-1] == "rebuilt_page"
    assert_exact(store)


def test_a_void_delivered_twice_refolds_once() -> None:
    store = scored()
    event = void(store, PLAYED[5].id)
    run_trigger(store, event)
    version = store.live_score["version"]
    run_trigger(store, event)
    assert store.runs[-1] == "unchanged" and store.live_score["version"] == version


def _damage(store: MemoryStore, k: int, how: str) -> None:
    page = store.pages[k]
    if how == "missing":
        del store.pages[k]
    elif how == "a document edited":
        doc_id = sorted(page["docs"])[0]
        page["docs"][doc_id] = {**page["docs"][doc_id], "sequenceNumber": 999}
    elif how == "a document missing":
        del page["docs"][sorted(page["docs"])[-1]]
    elif how == "its start edited":
        page["start"] = page["start"].replace('"runs":0', '"runs":500', 1)
    elif how == "its events garbled":
        page["events"][sorted(page["events"])[0]] = "[[1, 2]]"
    elif how == "an event missing":
        del page["events"][sorted(page["events"])[0]]


@pytest.mark.parametrize("how", ["missing", "a document edited", "a document missing",
                                 "its start edited", "its events garbled", "an event missing"])
def test_a_page_that_cannot_stand_for_the_log_is_not_folded_from(how: str) -> None:
    store = scored()
    _damage(store, 1, how)

    run_trigger(store, void(store, PLAYED[3].id))

    assert store.runs[-1] == "rebuilt"  # from the log
    assert_exact(store)  # the pages rewritten with it


def test_the_verification_finds_a_page_out_of_line_with_the_log_and_rewrites_it() -> None:
    store = scored()
    _damage(store, 2, "a document edited")
    tx = store.snapshot()
    outcome = verify(tx, MATCH_ID, repair=False)
    assert (outcome.mode, outcome.reason) == ("mismatch", "log page 2 differs from the log")
    run_trigger(store, None)  # a run that reads no log does not see it...
    tx = store.snapshot()
    outcome = verify(tx, MATCH_ID)
    assert outcome.mode == "rebuilt"
    assert store.commit(tx)
    assert_exact(store)  # ...the reconciliation does


def test_a_document_too_big_for_a_page_is_left_out_and_the_log_is_read_instead() -> None:
    store = scored(PLAYED[:40])
    big = PLAYED[40]
    data = {**to_document(big),
            # an admin's write: the rules would refuse it, the model reads it
            "submissionIds": ["x" * (log_pages.MAX_DOCUMENT_BYTES + 1)]}
    store.actions[big.id] = data
    run_trigger(store, ActionEvent(big.id, data))
    for action in PLAYED[41:60]:
        run_trigger(store, write(store, action))
    assert big.id not in {i for page in store.pages.values() for i in page["docs"]}

    run_trigger(store, void(store, PLAYED[35].id))  # before the big one: its page is short

    assert store.runs[-1] == "rebuilt"
    assert_exact(store)


def test_a_page_takes_what_firestore_can_hold_and_no_more() -> None:
    ref = PageRef()
    assert takes(ref, "1-0001", {"a": {"b": [1, 2]}}) and ref.bytes > log_pages.EVENTS_ROOM
    deep: dict = {}
    for _ in range(log_pages.MAX_NESTING + 1):
        deep = {"x": deep}
    assert not takes(ref, "1-0002", deep)
    full = PageRef(bytes=log_pages.MAX_PAGE_BYTES - 10)
    assert not takes(full, "1-0003", {"a": 1}) and full.bytes == log_pages.MAX_PAGE_BYTES - 10
    assert opens_page([], 0)
    assert opens_page([PageRef(bytes=log_pages.PAGE_BYTES)], 1)  # big documents: sooner
    assert not opens_page([PageRef(count=5)], 5 + SMALL - 1)


def test_a_refold_that_ends_with_fewer_pages_deletes_the_others() -> None:
    store = scored(PLAYED[:80])
    pages = len(store.pages)
    checkpoint = checkpoint_of(store)
    # an admin deletes the last two pages' actions: the log is read, and their pages go
    gone = sorted((doc_id for doc_id in store.actions
                   if page_of(checkpoint.pages, doc_id) >= pages - 2), key=log_position)
    for doc_id in gone:
        del store.actions[doc_id]
    run_trigger(store, ActionEvent(gone[0], None, {"runsOffBat": 0}))
    assert store.runs[-1] == "rebuilt"
    assert sorted(store.pages) == list(range(pages - 2))
    assert_exact(store)


def test_a_late_ball_that_completes_an_over_moves_the_next_one_to_a_new_page() -> None:
    """Without its 29th ball, the over ran on to the 30th, which went into page 3; written
    late, the 29th completes the over, the 30th starts the next and with it page 4: page 3
    lets go of the 30th ball and its events (hypothesis found it: page 3 kept both)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(log_pages, "PAGE_ACTIONS", 4)
        store = MemoryStore()
        late = SAMPLE[28]
        for action in SAMPLE[:30]:
            if action is not late:
                run_trigger(store, write(store, action))
        before = page_of(checkpoint_of(store).pages, SAMPLE[29].id)
        run_trigger(store, write(store, late))
        assert page_of(checkpoint_of(store).pages, SAMPLE[29].id) == before + 1
        assert SAMPLE[29].id not in store.pages[before]["events"]
        assert_exact(store)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_voids_and_late_balls_in_any_order_leave_exactly_the_logs_pages(
        data: st.DataObject) -> None:
    """Balls written late, voided, delivered twice or concurrently, with pages of 4 actions:
    whatever the order, live/score, the feed and every page end as a refold of the log."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(log_pages, "PAGE_ACTIONS", 4)
        store = MemoryStore()
        balls = SAMPLE[: data.draw(st.integers(10, len(SAMPLE)), label="balls")]
        late = set(data.draw(st.sets(st.sampled_from([a.id for a in balls]), max_size=3),
                             label="late"))
        voided = data.draw(st.lists(st.sampled_from([a.id for a in balls]), max_size=4,
                                    unique=True), label="voided")
        for action in balls:
            if action.id not in late:
                run_trigger(store, write(store, action))
        for action in balls:
            if action.id in late:
                event = write(store, action)
                run_trigger(store, event)
                if data.draw(st.booleans(), label="delivered twice"):
                    run_trigger(store, event)
        pending = [void(store, doc_id) for doc_id in voided]
        while pending:
            event = pending.pop(data.draw(st.integers(0, len(pending) - 1), label="which"))
            if pending and data.draw(st.booleans(), label="concurrently"):
                other = pending.pop(0)
                run_trigger(store, event, meanwhile=lambda other=other: run_trigger(store, other))
            else:
                run_trigger(store, event)
        assert_exact(store)
        held = {i: d for page in store.pages.values() for i, d in page["docs"].items()}
        assert held == store.actions
        snapshot = copy.deepcopy(store.pages)
        run_trigger(store, None)
        assert store.pages == snapshot


def test_a_checkpoint_resealed_without_its_pages_folds_on_and_is_found_out() -> None:
    """Whoever can write projection/state can drop its list of pages and reseal it: the
    next balls still fold (never a crash), a change to an old ball reads the log, and the
    reconciliation rebuilds the checkpoint and the pages as the log has them."""
    store = scored(PLAYED[:60])

    def no_pages(data: dict) -> None:
        data["pages"] = []
        data["overStart"]["pages"] = []

    store.checkpoint = edited(store.checkpoint, no_pages, reseal=True)
    run_trigger(store, write(store, PLAYED[60]))
    assert store.runs[-1] == "folded"
    run_trigger(store, void(store, PLAYED[3].id))
    assert store.runs[-1] == "rebuilt"
    assert_exact(store)


def test_a_void_folded_by_an_earlier_run_costs_its_late_trigger_no_page() -> None:
    """A ball delivered before the void's own trigger found the void by the counts and
    refolded it; the void's trigger, late, sees the ledger has it and folds only what came
    since, without reading the pages."""
    store = scored(PLAYED[:100])
    event = void(store, PLAYED[5].id)  # its trigger comes last
    run_trigger(store, write(store, PLAYED[100]))
    assert store.runs[-1] == "rebuilt_page"
    store.actions[PLAYED[101].id] = to_document(PLAYED[101])  # its trigger still to come

    tx = run_trigger(store, event)

    assert store.runs[-1] == "folded" and tx.reads == 4  # the log counted: an old ball's
    assert_exact(store)


def test_a_disputes_notice_on_a_checkpoint_that_cannot_be_trusted_writes_its_refolds_pages(
) -> None:
    """The notice refolds the log when the stored checkpoint cannot be trusted; the refold's
    checkpoint names its pages, so they are written with it (a page lost meanwhile is put
    back), or a later change would find them wanting and read the whole log."""
    store = scored()
    del store.pages[1]
    store.checkpoint = edited(store.checkpoint, lambda data: data["state"].update(
        {"lastActionId": "edited"}))
    position = PLAYED[20].id

    tx = store.snapshot()
    outcome = publish_notice(tx, MATCH_ID, position, None,
                             {"status": "open", "scorerIds": ["a", "b"], "differences": []})
    assert store.commit(tx)

    assert outcome.mode == "noticed"
    checkpoint = checkpoint_of(store)
    stored = [store.pages.get(k) for k in range(len(checkpoint.pages))]
    assert log_in_pages(checkpoint, [], stored, MATCH_ID) == in_log_order(store.actions.items())
