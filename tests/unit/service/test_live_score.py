"""The live/score service (`service.live_score.maintain`) converges to project(...) however
triggers are delivered.

An in-memory store stands in for Firestore here (this is a test of the service's logic, the
emulator tests cover Firestore itself): its transactions read a snapshot and fail at commit
when the checkpoint changed meanwhile, as Firestore's optimistic transactions do.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorebook.actions import log_position, parse_action
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.feed import feed
from scorebook.feed_events import event_digest
from scorebook.integrity import IntegrityProblem
from scorebook.match import Match
from scorebook.service.feed import FeedWrites
from scorebook.service.live_score import (
    CAUGHT_UP_SECONDS,
    CHECKPOINT_FORMAT,
    ActionEvent,
    Checkpoint,
    changed_fields,
    expected_live_score,
    maintain,
    match_edit_matters,
    verify,
    without_history,
)
from scorebook.service.log_pages import StoredWrites
from scorebook.views.scorecard import project
from scorebook_tools.generated_match import generated_match
from scorebook_tools.spectator import feed_differences
from tests.conftest import real_match_params
from tests.unit.factories import ten_innings

MATCH_ID = "m1"
MATCH, ACTIONS = load_match(generated_match(), match_id=MATCH_ID)
SAMPLE = ACTIONS[:48]  # an innings start, seven overs and a bit: a wicket, extras, boundaries


def fresh(document: Any) -> Any:
    """A copy of a stored document, as a read from Firestore is: what the service does to it
    never reaches the store. (pickle copies a Test's checkpoint several times faster than
    copy.deepcopy, which made most of this module's time.)"""
    return pickle.loads(pickle.dumps(document, pickle.HIGHEST_PROTOCOL))


class MemoryStore:
    """Documents of one match, with a write counter per document for optimistic commits."""

    def __init__(self) -> None:
        self.match: dict[str, Any] = to_document(MATCH)
        self.actions: dict[str, dict[str, Any]] = {}
        self.checkpoint: dict[str, Any] | None = None
        self.live_score: dict[str, Any] | None = None
        self.checkpoint_writes = 0
        self.runs: list[str] = []
        self.status_writes: list[str] = []
        self.events: dict[int, dict[str, Any]] = {}  # matches/{id}/events by seq
        self.ledger: list[dict[str, Any]] = []  # matches/{id}/ledger in n order
        self.pages: dict[int, dict[str, Any]] = {}  # matches/{id}/projection/page-{k}

    def snapshot(self) -> MemoryTx:
        return MemoryTx(self)

    def commit(self, tx: MemoryTx) -> bool:
        if self.checkpoint_writes != tx.checkpoint_writes_seen:
            return False  # someone else committed first: retry on the newer data
        if any(entry["n"] <= len(self.ledger) for entry in tx.ledger):
            return False  # an entry is there already: its create fails the commit
        if tx.written is not None:
            self.checkpoint, self.live_score = tx.written
            self.checkpoint_writes += 1
            if tx.match_fields is not None:
                self.match.update(tx.match_fields)
                self.status_writes.append(tx.match_fields["status"])
            if tx.feed is not None:
                for seq, doc in tx.feed.events:
                    assert seq not in self.events, f"event {seq} written twice"
                    self.events[seq] = doc
                for seq, by in tx.feed.retracted:
                    self.events[seq] = {**self.events[seq], "retracted": True,
                                        "retractedBy": by}
            for entry in tx.ledger:
                assert entry["n"] == len(self.ledger) + 1, "ledger entries in order, once"
                self.ledger.append(entry)
            if tx.page_writes is not None:
                self.write_pages(tx.page_writes)
        return True

    def write_pages(self, writes: StoredWrites) -> None:
        """As the adapter writes them: whole pages set, fields merged, dropped deleted."""
        for k, document in writes.whole.items():
            self.pages[k] = fresh(document)
        for k, fields in writes.fields.items():
            page = fresh(self.pages.get(k, {}))
            for (group, key), value in fields.items():
                if value is None:
                    page.get(group, {}).pop(key, None)
                else:
                    page.setdefault(group, {})[key] = value
            self.pages[k] = page
        for k in writes.dropped:
            self.pages.pop(k, None)


class MemoryTx:
    def __init__(self, store: MemoryStore) -> None:
        self.match_doc = fresh(store.match)
        self.docs = dict(store.actions)  # documents are replaced on write, never mutated
        self.stored = fresh(store.checkpoint)
        self.stored_live_score = fresh(store.live_score)
        self.checkpoint_writes_seen = store.checkpoint_writes
        self.written: tuple[dict[str, Any], dict[str, Any]] | None = None
        self.match_fields: dict[str, Any] | None = None
        self.events = dict(store.events)  # documents are replaced on write, never mutated
        self.feed: FeedWrites | None = None
        self.ledger: list[dict[str, Any]] = []
        self.stored_ledger = list(store.ledger)
        self.stored_pages = dict(store.pages)  # pages are replaced on write, copied on read
        self.page_writes: StoredWrites | None = None
        self.reads = 0
        self.ahead: list[str] = []
        self.asked: list[str] = []
        self.sent_changes_only = False
        #: an attempt after one that lost its race (the adapter's whole write)
        self.foreign_check = False

    def match(self) -> dict[str, Any]:
        self.reads += 1
        return self.match_doc

    def lineups(self) -> list[tuple[str, dict[str, Any]]]:
        self.reads += 1
        return []

    def checkpoint(self) -> dict[str, Any] | None:
        self.reads += 1
        return self.stored

    def actions_after(self, after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        # the log order, as the Firestore adapter gives it (innings 10 after innings 9)
        after = log_position(after_id) if after_id is not None else None
        docs = sorted(((k, v) for k, v in self.docs.items()
                       if after is None or log_position(k) > after),
                      key=lambda item: log_position(item[0]))
        self.reads += max(1, len(docs))
        return docs

    def voided_count(self) -> int:
        self.reads += 1
        return sum(d.get("isVoided") is True for d in self.docs.values())  # as Firestore

    def read_ahead(self, action_ids: Any) -> None:
        self.ahead = list(action_ids)

    def action(self, action_id: str) -> dict[str, Any] | None:
        self.asked.append(action_id)
        self.reads += 1
        return self.docs.get(action_id)

    def voided_actions(self) -> list[tuple[str, dict[str, Any]]]:
        found = [(k, v) for k, v in self.docs.items() if v.get("isVoided") is True]
        self.reads += max(1, len(found))
        return found

    def action_count(self) -> int:
        self.reads += 1
        return len(self.docs)

    def live_score(self) -> dict[str, Any] | None:
        self.reads += 1
        return self.stored_live_score

    def published_events(self, after_seq: int) -> list[tuple[int, dict[str, Any]]]:
        found = sorted((seq, doc) for seq, doc in self.events.items() if seq > after_seq)
        self.reads += max(1, len(found))
        return found

    def open_disputes(self) -> list[str]:
        self.reads += 1
        return []

    def pages(self, first: int, end: int) -> list[dict[str, Any] | None]:
        self.reads += max(0, end - first)
        return [fresh(self.stored_pages.get(k)) for k in range(first, end)]

    def ledger_after(self, n: int) -> list[dict[str, Any]]:
        """An attempt after a lost race reads the entries past the head; MemoryTx has one
        attempt a run, so it reads them when `foreign_check` says to."""
        if not self.foreign_check:
            return []
        after = [e for e in self.stored_ledger if e.get("n", 0) > n]
        self.reads += max(1, len(after))
        return after

    def ledger_entries(self) -> list[dict[str, Any]]:
        self.reads += max(1, len(self.stored_ledger))
        return self.stored_ledger

    def write(
        self, checkpoint: dict[str, Any], live_score: dict[str, Any],
        match_fields: dict[str, Any] | None = None, feed: FeedWrites | None = None,
        ledger: list[dict[str, Any]] | None = None, *, previous: dict[str, Any] | None = None,
        pages: StoredWrites | None = None,
    ) -> None:
        if previous is not None and self.stored_live_score == previous:
            # as the adapter writes it: only the changes, when live/score is as it was written
            # with the checkpoint read (its precondition; else it is written whole)
            self.sent_changes_only = True
            changes, gone = changed_fields(previous, live_score)
            live_score = {k: v for k, v in {**self.stored_live_score, **changes}.items()
                          if k not in gone}
        self.written = (checkpoint, live_score)
        self.match_fields = match_fields
        self.feed = feed
        self.ledger = ledger or []
        self.page_writes = pages

    def flag_match(self, problem: dict[str, Any]) -> None:
        live = dict(self.stored_live_score or {})
        if problem not in live.get("integrity", []):  # Firestore's arrayUnion
            live["integrity"] = [*live.get("integrity", []), problem]
        self.written = ({**(self.stored or {}), "matchInvalid": problem}, live)


def run_trigger(
    store: MemoryStore, event: ActionEvent | None, meanwhile: Callable[[], None] | None = None
) -> MemoryTx:
    """One trigger run: read, decide, (let `meanwhile` happen,) commit or retry."""
    for attempt in range(50):
        tx = store.snapshot()
        tx.foreign_check = attempt > 0
        outcome = maintain(tx, MATCH_ID, event)
        store.runs.append(outcome.mode)
        if meanwhile is not None:
            meanwhile()
            meanwhile = None
        if store.commit(tx):
            return tx
    raise AssertionError("a trigger never committed")


def write(store: MemoryStore, action: Any) -> ActionEvent:
    data = to_document(action)
    store.actions[action.id] = data
    return ActionEvent(action.id, data)


def void(store: MemoryStore, action_id: str) -> ActionEvent:
    data = {**store.actions[action_id], "isVoided": True, "voidReason": "undo",
            "voidedBy": "scorer-1"}
    store.actions[action_id] = data
    return ActionEvent(action_id, data)


def truth(store: MemoryStore) -> dict[str, Any]:
    return without_version(expected_live_score(MATCH, store.actions.items()))


def published_feed(store: MemoryStore) -> list[str]:
    """How the events a spectator's app has once it applied every retraction differ from
    the feed of the log (`true_feed`): nothing, when the feed is right."""
    return feed_differences(store.events.values(), true_feed(store))


def true_feed(store: MemoryStore, match: Match = MATCH) -> list[tuple[str, str, str]]:
    """The feed of the log as it is: `scorebook.feed.feed` of its actions."""
    log = [parse_action(d) for d in store.actions.values()]
    return sorted((e.actionId, e.key, event_digest(e)) for e in feed(match, log))


def assert_feed_consistent(store: MemoryStore) -> None:
    """Seqs run 1..n with no hole; every retracted event is named by the retraction that
    took it back."""
    assert sorted(store.events) == list(range(1, len(store.events) + 1))
    for seq, doc in store.events.items():
        assert doc["seq"] == seq
        if doc["retracted"]:
            assert seq in store.events[doc["retractedBy"]]["payload"]["retractedSeqs"]


def without_version(document: dict[str, Any] | None) -> dict[str, Any] | None:
    """live/score without what tells the history of the writes (its version, the ledger's
    head), which a refold of the log cannot know."""
    return None if document is None else without_history(document)


# --- the batch definition is project() ------------------------------------------------------


def test_the_batch_definition_is_project_of_the_non_voided_actions():
    docs = {a.id: to_document(a) for a in ACTIONS}
    docs[ACTIONS[5].id] = {**docs[ACTIONS[5].id], "isVoided": True, "voidReason": "x",
                           "voidedBy": "s"}
    log = [parse_action(d) for d in docs.values()]  # voided actions stay in the log

    assert expected_live_score(MATCH, docs.items()) == without_version(
        to_document(project(MATCH, log))
    )  # (a refold has no history: version, chainHead)


def test_a_checkpoint_survives_its_stored_form():
    store = MemoryStore()
    for action in SAMPLE:
        run_trigger(store, write(store, action))
    stored = Checkpoint.from_document(store.checkpoint, MATCH_ID)
    assert stored is not None and stored.lastSeenId == SAMPLE[-1].id
    assert isinstance(store.checkpoint["data"], str)  # Firestore has no arrays of arrays


def _spelt_as_format_4(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """A checkpoint as format 4 stored it: the current over's extras spelt "noBall"."""
    data = json.loads(checkpoint["data"])
    data["state"]["innings"][-1]["over"]["balls"][0]["extraType"] = "noBall"
    return checkpoint | {"data": json.dumps(data)}


@pytest.mark.parametrize("stored_as", [
    pytest.param(lambda c: c | {"format": 4}, id="an older format"),
    pytest.param(_spelt_as_format_4, id="the older spelling under the current format"),
])
def test_a_checkpoint_of_an_older_shape_is_not_folded_onto_but_rebuilt(stored_as):
    store = MemoryStore()
    for action in SAMPLE[:-1]:
        run_trigger(store, write(store, action))
    store.checkpoint = stored_as(store.checkpoint)
    run_trigger(store, write(store, SAMPLE[-1]))
    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)


# --- cost -----------------------------------------------------------------------------------


def test_the_next_ball_is_folded_with_a_constant_number_of_reads():
    store = MemoryStore()
    reads, ahead = [], 0
    for action in ACTIONS:
        tx = run_trigger(store, write(store, action))
        reads.append(tx.reads)
        # the ball's document, read ahead beside the checkpoint, is the one read
        assert tx.asked in ([], tx.ahead)
        ahead += bool(tx.ahead)
    assert ahead >= len(ACTIONS) - 8  # all but the first ball and each innings' first
    assert store.runs[0] == "rebuilt" and set(store.runs[1:]) == {"folded"}
    assert set(reads[1:]) == {3}  # checkpoint, the ball as stored, the count of voids
    assert without_version(store.live_score) == truth(store)


def test_balls_written_before_their_runs_are_each_folded_once():
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    late = [write(store, action) for action in SAMPLE[10:13]]  # a busy match: three at once
    for event in late:
        run_trigger(store, event)
        assert store.runs[-1] == "folded"
        assert store.live_score["lastActionId"] == event.action_id
    assert without_version(store.live_score) == truth(store)


def test_an_event_that_waited_folds_every_ball_written_since_in_its_run():
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    late = [write(store, action) for action in SAMPLE[10:13]]  # the functions fell behind
    run_trigger(store, replace(late[0], waited=CAUGHT_UP_SECONDS + 0.5))
    assert store.runs[-1] == "folded"
    assert store.live_score["lastActionId"] == late[-1].action_id
    assert without_version(store.live_score) == truth(store)
    version = store.live_score["version"]
    for event in late[1:]:  # their own events then stop at the checkpoint
        run_trigger(store, replace(event, waited=CAUGHT_UP_SECONDS + 0.5))
        assert store.runs[-1] == "unchanged" and store.live_score["version"] == version


def test_a_late_event_about_a_ball_deleted_since_adds_nothing():
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    ghost = write(store, SAMPLE[10])
    del store.actions[SAMPLE[10].id]  # e.g. a migration rolled back before the event came
    version = store.live_score["version"]
    run_trigger(store, ghost)  # the event's copy of the document is not the log
    assert store.live_score["lastActionId"] == SAMPLE[9].id
    assert store.live_score["version"] == version
    assert without_version(store.live_score) == truth(store)


def test_a_void_rebuilds_and_a_duplicate_delivery_changes_nothing():
    store = MemoryStore()
    for action in SAMPLE:
        run_trigger(store, write(store, action))
    version = store.live_score["version"]
    run_trigger(store, ActionEvent(SAMPLE[3].id, store.actions[SAMPLE[3].id]))
    assert store.runs[-1] == "unchanged" and store.live_score["version"] == version

    run_trigger(store, void(store, SAMPLE[3].id))
    assert store.runs[-1] == "rebuilt_page"
    assert without_version(store.live_score) == truth(store)
    assert store.live_score["version"] == version + 1


def test_a_lost_void_is_repaired_by_the_next_ball():
    store = MemoryStore()
    for action in SAMPLE[:-1]:
        run_trigger(store, write(store, action))
    void(store, SAMPLE[4].id)  # its trigger run is lost
    tx = run_trigger(store, write(store, SAMPLE[-1]))
    # the voided actions say which void was never folded: refolded from its page of the log
    # (after the ball's fold and the over's refold found the counts short: 3 + 8 + 4 reads)
    assert store.runs[-1] == "rebuilt_page"
    assert tx.reads < len(SAMPLE) / 3
    assert without_version(store.live_score) == truth(store)


def test_a_late_ball_whose_trigger_was_lost_is_repaired_by_reconciliation():
    store = MemoryStore()
    for action in SAMPLE:
        if action is not SAMPLE[10]:
            run_trigger(store, write(store, action))
    write(store, SAMPLE[10])  # written late, and its trigger run is lost
    run_trigger(store, None)
    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)


def test_an_unparseable_document_is_reported_and_skipped():
    store = MemoryStore()
    for action in SAMPLE[:5]:
        run_trigger(store, write(store, action))
    store.actions["1-0006"] = {"inningsNumber": 1, "sequenceNumber": 6, "runsOffBat": "six"}
    run_trigger(store, ActionEvent("1-0006", store.actions["1-0006"]))
    (problem,) = [p for p in store.live_score["integrity"] if p["actionId"] == "1-0006"]
    assert problem["code"] == "unparseable" and "runsOffBat" in problem["message"]
    assert without_version(store.live_score) == truth(store)


def test_a_document_whose_id_is_not_its_position_is_left_out():
    store = MemoryStore()
    run_trigger(store, write(store, SAMPLE[0]))
    moved = SAMPLE[1].model_copy(update={"id": "1-0077"})
    run_trigger(store, write(store, moved))
    codes = [p["code"] for p in store.live_score["integrity"]]
    assert "id_not_position" in codes
    assert IntegrityProblem.model_validate(store.live_score["integrity"][-1])


# --- convergence under any delivery ---------------------------------------------------------


@settings(
    max_examples=40,  # each example folds, projects and publishes the feed twice
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(data=st.data())
def test_live_score_converges_under_any_delivery(data: st.DataObject) -> None:
    store = MemoryStore()
    sample = SAMPLE[: data.draw(st.integers(3, len(SAMPLE)), label="balls")]
    to_write = data.draw(st.permutations(sample), label="write order")
    to_void = set(data.draw(st.sets(st.sampled_from([a.id for a in sample]), max_size=4),
                            label="voided"))
    pending: list[ActionEvent] = []
    lost = False
    written: list[str] = []

    def step(choice: str) -> None:
        nonlocal lost
        if choice == "write" and to_write:
            action = to_write.pop(0)
            pending.append(write(store, action))
            written.append(action.id)
        elif choice == "void" and to_void & set(written):
            target = sorted(to_void & set(written))[0]
            to_void.discard(target)
            pending.append(void(store, target))
        elif pending:
            i = data.draw(st.integers(0, len(pending) - 1), label="which event")
            event = pending[i]
            if choice == "deliver":
                pending.pop(i)
                run_trigger(store, event)
            elif choice == "duplicate":
                run_trigger(store, event)  # delivered now, and again later
            elif choice == "lose":
                pending.pop(i)
                lost = True
            elif choice == "concurrently" and len(pending) > 1:
                pending.pop(i)
                other = pending.pop(data.draw(st.integers(0, len(pending) - 1)))
                run_trigger(store, event, meanwhile=lambda: run_trigger(store, other))

    choices = st.sampled_from(["write", "write", "void", "deliver", "deliver", "duplicate",
                               "lose", "concurrently"])
    while to_write or pending:
        step(data.draw(choices, label="step"))
    while pending:
        run_trigger(store, pending.pop(0))

    if not lost:
        assert without_version(store.live_score) == truth(store)
        assert published_feed(store) == []
    run_trigger(store, None)  # a run that reads no log
    assert without_version(store.live_score) == truth(store)
    assert published_feed(store) == []
    assert_feed_consistent(store)
    # the scheduled reconciliation refolds the log: the checkpoint the triggers left, fold
    # state, counts and log digest, is exactly the refold's, so it writes nothing
    tx = store.snapshot()
    assert verify(tx, MATCH_ID).mode == "verified" and tx.written is None


def test_folding_a_whole_generated_match_ball_by_ball_equals_rebuilding_it():
    store = MemoryStore()
    for action in ACTIONS:
        run_trigger(store, write(store, action))
    assert without_version(store.live_score) == expected_live_score(MATCH, store.actions.items())
    assert store.live_score["status"] == "completed"


@pytest.mark.parametrize("path", real_match_params(["1269710", "1239543"]))
def test_folding_a_whole_real_match_ball_by_ball_equals_rebuilding_it(path: Path):
    match, actions = load_match(path, match_id=MATCH_ID)
    store = MemoryStore()
    store.match = to_document(match)
    for action in actions:
        run_trigger(store, write(store, action))
    assert without_version(store.live_score) == expected_live_score(match, store.actions.items())


def test_undoing_a_ball_of_the_current_over_reads_only_that_over():
    store = MemoryStore()
    for action in ACTIONS[:40]:
        run_trigger(store, write(store, action))
    last = ACTIONS[39]

    tx = run_trigger(store, void(store, last.id))

    assert store.runs[-1] == "rebuilt_over"
    assert tx.reads <= 12  # the checkpoint, the over's balls (extras included), the voids
    assert without_version(store.live_score) == truth(store)


def test_undoing_a_ball_of_an_earlier_over_refolds_from_its_page_of_the_log():
    store = MemoryStore()
    for action in ACTIONS[:40]:
        run_trigger(store, write(store, action))

    tx = run_trigger(store, void(store, ACTIONS[4].id))

    assert store.runs[-1] == "rebuilt_page"
    # the checkpoint, its page, the actions after the last one read, the two counts
    assert tx.reads == 5
    assert without_version(store.live_score) == truth(store)


def test_a_late_ball_of_the_current_over_is_folded_from_the_over_start():
    store = MemoryStore()
    late = ACTIONS[38]
    for action in ACTIONS[:40]:
        if action is not late:
            run_trigger(store, write(store, action))

    run_trigger(store, write(store, late))

    assert store.runs[-1] == "rebuilt_over"
    assert without_version(store.live_score) == truth(store)


def test_innings_ten_follows_innings_nine_in_the_log_order() -> None:
    match, actions = ten_innings()
    store = MemoryStore()
    store.match = to_document(match)
    for action in actions:
        run_trigger(store, write(store, action))
    truth = to_document(project(match, actions))
    assert truth["innings10"]["runs"] == 2
    assert truth["result"] == "Match tied (Home won the Super Over)"
    assert without_version(store.live_score) == without_version(truth)
    assert without_version(expected_live_score(match, store.actions.items())) == without_version(
        truth)


def test_the_functions_own_the_match_status_and_write_it_only_when_it_moves() -> None:
    store = MemoryStore()
    seen = []
    for action in ACTIONS:
        run_trigger(store, write(store, action))
        assert store.match["status"] == store.live_score["status"]
        if not seen or seen[-1] != store.live_score["status"]:
            seen.append(store.live_score["status"])
    # once completed, each change also moves completedVersion (the season's recount)
    moves = [s for n, s in enumerate(store.status_writes)
             if n == 0 or s != store.status_writes[n - 1]]
    assert moves == seen
    assert len(store.status_writes) - len(moves) == store.status_writes.count("completed") - 1
    assert seen[0] == "live" and seen[-1] == "completed" and "innings_break" in seen
    # the rules read the result from the match: a scorer may confirm it, not change it
    assert (store.match["resultType"], store.match["winnerId"]) == (
        store.live_score["resultType"], store.live_score["winnerId"]) == ("win", MATCH.teams[0].id)


def test_an_undo_of_the_last_wicket_reopens_the_match() -> None:
    store = MemoryStore()
    played = [a for a in ACTIONS if a.kind != "match_result"]  # the Laws decide the result
    for action in played:
        run_trigger(store, write(store, action))
    assert store.match["status"] == "completed"
    run_trigger(store, void(store, played[-1].id))
    assert store.match["status"] == store.live_score["status"] == "live"
    assert store.status_writes[-2:] == ["completed", "live"]


def test_a_late_ball_of_an_earlier_over_is_found_by_counting_the_log_and_folded() -> None:
    store = MemoryStore()
    late = SAMPLE[3]
    for action in SAMPLE:
        if action is not late:
            run_trigger(store, write(store, action))
    run_trigger(store, write(store, late))
    assert store.runs[-1] == "rebuilt_page"
    assert without_version(store.live_score) == expected_live_score(
        MATCH, list(store.actions.items()))
    run_trigger(store, ActionEvent(late.id, store.actions[late.id]))  # delivered again
    assert store.runs[-1] == "unchanged"


def test_a_checkpoint_of_another_match_or_of_garbage_is_not_trusted() -> None:
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    assert Checkpoint.from_document(store.checkpoint, "another-match") is None
    current = CHECKPOINT_FORMAT
    for garbage in ({"format": current, "data": "{"}, {"format": current, "data": 7},
                    {"format": str(current)}, {**store.checkpoint, "seal": None}):
        assert Checkpoint.from_document(garbage, MATCH_ID) is None
    store.checkpoint = {**store.checkpoint,
                        "data": store.checkpoint["data"].replace('"m1"', '"m2"')}
    run_trigger(store, write(store, SAMPLE[10]))
    assert store.runs[-1] == "rebuilt"


def test_a_stored_version_that_is_not_a_count_starts_again() -> None:
    from scorebook.service.live_score.write import stored_version

    for value, expected in ((7, 7), (7.0, 7), (float("inf"), 0), (1e300, 0), (-3, 0),
                            ("9", 0), (True, 0), (None, 0)):
        assert stored_version({"version": value}) == expected


def test_is_voided_1_is_not_a_void_but_a_bad_document() -> None:
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    odd = {**to_document(SAMPLE[10]), "isVoided": 1}
    store.actions[SAMPLE[10].id] = odd
    run_trigger(store, ActionEvent(SAMPLE[10].id, odd))
    codes = [p["code"] for p in store.live_score["integrity"]]
    assert "unparseable" in codes
    for action in SAMPLE[11:14]:
        run_trigger(store, write(store, action))
        assert store.runs[-1] == "folded"  # not a rebuild every ball


def test_a_projection_too_big_for_firestore_becomes_the_bare_score_and_the_runs_go_on() -> None:
    """Three 300,000-character player names (a team sheet an official may write) would make
    live/score and the checkpoint pass Firestore's 1 MiB: the score is kept, the names are
    not, the problem is reported, and every later ball still completes its run."""
    from scorebook.document import MAX_DOCUMENT_BYTES, document_size

    store = MemoryStore()
    teams = store.match["teams"]
    for player in teams[0]["players"][:3]:
        player["name"] = "N" * 300_000
    for action in SAMPLE[:20]:
        run_trigger(store, write(store, action))
        assert document_size(store.live_score) <= MAX_DOCUMENT_BYTES
        assert document_size(store.checkpoint) <= MAX_DOCUMENT_BYTES
    assert [p["code"] for p in store.live_score["integrity"]] == ["document_too_large"]
    expected = expected_live_score(MATCH, list(store.actions.items()))
    current = store.live_score["currentInnings"]
    assert (current["runs"], current["wickets"], current["balls"]) == (
        expected["currentInnings"]["runs"], expected["currentInnings"]["wickets"],
        expected["currentInnings"]["balls"])
    assert "folded" in store.runs  # the checkpoint still fits: the names are in it once


def test_a_checkpoint_too_big_to_store_is_not_stored_and_the_log_is_replayed() -> None:
    from scorebook.document import MAX_DOCUMENT_BYTES, document_size

    store = MemoryStore()
    for player in store.match["teams"][0]["players"][:4]:
        player["name"] = "N" * 300_000
    for action in SAMPLE[:5]:
        run_trigger(store, write(store, action))
        assert document_size(store.checkpoint) <= MAX_DOCUMENT_BYTES
    assert store.checkpoint["tooLarge"] and set(store.runs) == {"rebuilt"}
    assert store.live_score["version"] == 5  # still one more on every write


def test_a_huge_id_is_not_copied_into_the_public_problems() -> None:
    store = MemoryStore()
    run_trigger(store, write(store, SAMPLE[0]))
    huge = "x" * 600_000
    store.actions[huge] = {"junk": True}
    run_trigger(store, ActionEvent(huge, {"junk": True}))
    (bad,) = [p for p in store.live_score["integrity"] if p["code"] != "sequence_gap"]
    assert len(bad["actionId"]) <= 128 and len(bad["message"]) <= 500


def _played(n: int = 20) -> MemoryStore:
    store = MemoryStore()
    for action in SAMPLE[:n]:
        run_trigger(store, write(store, action))
    return store


def _match_changed(store: MemoryStore) -> MemoryTx:
    for _ in range(50):
        tx = store.snapshot()
        store.runs.append(maintain(tx, MATCH_ID, match_changed=True).mode)
        if store.commit(tx):
            return tx
    raise AssertionError("never committed")


def test_a_match_edit_that_changes_nothing_the_fold_uses_writes_nothing() -> None:
    store = _played()
    version = store.live_score["version"]
    store.match["venue"] = "Somewhere else"
    store.match["status"] = "live"  # what the functions write themselves
    tx = _match_changed(store)
    assert store.runs[-1] == "unchanged" and tx.written is None
    assert store.live_score["version"] == version


def test_a_renamed_player_is_re_rendered_without_reading_the_log() -> None:
    store = _played()
    player = store.match["teams"][0]["players"][0]
    player["name"] = "Renamed Player"
    tx = _match_changed(store)
    assert store.runs[-1] == "renamed" and tx.reads <= 3  # checkpoint, match, lineups
    assert without_version(store.live_score) == expected_live_score(
        Match.model_validate(store.match), list(store.actions.items()))
    assert "Renamed Player" in json.dumps(store.live_score, default=str)


def test_a_keeper_toggled_is_re_rendered_without_reading_the_log() -> None:
    """Who keeps wicket marks a catch or a stumping in the dismissal's words; the fold never
    asks. Toggled three times, it cost three refolds of the whole log."""
    store = _played()
    players = store.match["teams"][1]["players"]
    for keeper in (True, False, True):
        players[3]["isWicketkeeper"] = keeper
        tx = _match_changed(store)
        assert store.runs[-1] == "renamed" and tx.reads <= 3  # checkpoint, match, lineups
        assert without_version(store.live_score) == expected_live_score(
            Match.model_validate(store.match), list(store.actions.items()))


def test_cutting_the_overs_refolds_the_log_at_once() -> None:
    store = _played()
    store.match["scheduledOvers"] = 10
    _match_changed(store)
    assert store.runs[-1] == "rebuilt"
    assert store.live_score["currentInnings"]["maxOvers"] == 10


# --- a new match: live/score before the first ball -------------------------------------------


def test_a_new_match_gets_its_live_score_before_the_first_ball_without_re_triggering() -> None:
    """The match trigger of a match without a checkpoint writes the empty projection
    (scheduled) and its checkpoint; the match already says `scheduled`, so nothing is written
    back to it (which would run the trigger again), and a second run changes nothing."""
    store = MemoryStore()
    store.match |= {"status": "scheduled", "resultType": None, "winnerId": None}
    tx = _match_changed(store)
    assert store.runs == ["rebuilt"] and tx.match_fields is None
    assert store.live_score is not None and store.live_score["status"] == "scheduled"
    assert store.live_score["version"] == 1
    assert without_version(store.live_score) == truth(store)
    assert store.status_writes == []
    again = _match_changed(store)
    assert store.runs[-1] == "unchanged" and again.written is None
    run_trigger(store, write(store, SAMPLE[0]))
    assert store.runs[-1] == "folded" and store.status_writes == ["live"]
    assert without_version(store.live_score) == truth(store)


def test_a_new_match_whose_first_ball_came_first_is_folded_from_its_log() -> None:
    store = MemoryStore()
    store.actions[SAMPLE[0].id] = to_document(SAMPLE[0])  # its trigger is still to run
    _match_changed(store)
    assert store.runs == ["rebuilt"] and store.status_writes == ["live"]
    assert without_version(store.live_score) == truth(store)
    run_trigger(store, ActionEvent(SAMPLE[0].id, store.actions[SAMPLE[0].id]))
    assert store.runs[-1] == "unchanged"


def test_a_new_match_entered_as_completed_stays_so_until_its_first_action() -> None:
    """An admin entering a finished match (its log to follow, or a match decided off the
    field): live/score is written, the match document left as the admin wrote it, so the
    rules keep it locked; the first action moves the status on from the log."""
    store = MemoryStore()
    assert store.match["status"] == "completed"
    tx = _match_changed(store)
    assert store.runs == ["rebuilt"] and tx.match_fields is None
    assert store.live_score["status"] == "scheduled" and store.match["status"] == "completed"
    run_trigger(store, write(store, SAMPLE[0]))
    assert store.status_writes == ["live"]



def test_the_projections_own_write_back_to_the_match_is_no_edit_of_it() -> None:
    """A match starting, breaking or ending gets its status and result from the projection:
    that write must not run the projection again (every match would pay a run per change
    of status), while an admin's edit of anything else, a value the projection never
    writes, a new match and a match deleted still do (or end as they always did)."""
    before = to_document(MATCH) | {"status": "scheduled", "resultType": None}
    ended = before | {"status": "completed", "resultType": "win", "winnerId": "home",
                      "completedVersion": 7}
    assert not match_edit_matters(before, ended)
    assert match_edit_matters(before, before | {"name": "Final (renamed)"})
    assert match_edit_matters(before, ended | {"oversPerInnings": 10})
    assert match_edit_matters(None, before)
    assert not match_edit_matters(before, None)
    assert not match_edit_matters(before, dict(before))
    # an admin's typo makes the match unreadable (flagged), and putting it right clears that
    typo = ended | {"status": "Completed"}
    assert match_edit_matters(ended, typo) and match_edit_matters(typo, ended)
    assert match_edit_matters(before, before | {"completedVersion": "seven"})


def test_a_new_match_with_a_legacy_live_score_is_left_to_its_migration() -> None:
    store = MemoryStore()
    store.live_score = {"ballHistory": [{"runs": 4}], "totalRuns": 4}
    tx = _match_changed(store)
    assert store.runs == ["unchanged"] and tx.written is None
    assert store.live_score == {"ballHistory": [{"runs": 4}], "totalRuns": 4}


def test_an_identical_retry_of_a_ball_changes_nothing() -> None:
    """An SDK's retry of a ball whose acknowledgement was lost (the rules accept the same
    document over itself): the trigger sees before == after and writes nothing, for the last
    ball and for one before it."""
    store = _played(20)
    version = store.live_score["version"]
    for action in (SAMPLE[19], SAMPLE[17], SAMPLE[2]):
        data = store.actions[action.id]
        tx = run_trigger(store, ActionEvent(action.id, dict(data), before=dict(data)))
        assert store.runs[-1] == "unchanged" and tx.written is None
    assert store.live_score["version"] == version


# --- the feed beside live/score -------------------------------------------------------------


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
