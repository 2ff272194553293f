"""An in-memory store of one match for the live/score service's unit tests (the port
`service.live_score` runs over), and the ways a trigger reaches it: a write, a void, a run
of `maintain`. This is a test of the service's logic, not of Firestore (the emulator tests
cover Firestore itself): its transactions read a snapshot and fail at commit when the
checkpoint changed meanwhile, as Firestore's optimistic transactions do.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from itertools import takewhile
from typing import Any

from scorebook.actions import log_position, parse_action
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.feed import feed
from scorebook.feed_events import event_digest
from scorebook.match import Match
from scorebook.service.feed import FeedWrites
from scorebook.service.live_score import (
    ActionEvent,
    changed_fields,
    expected_live_score,
    maintain,
    without_history,
)
from scorebook.service.log_pages import StoredWrites
from scorebook_tools.generated_match import generated_match
from scorebook_tools.spectator import feed_differences

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
    checks_after_commit = False  # (the count is read with the rest, before the commit)

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

    def actions_at(self, action_ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
        self.reads += len(action_ids)
        return [(i, self.docs[i]) for i in takewhile(self.docs.__contains__, action_ids)]

    def voided_count(self) -> int:
        self.reads += 1
        return sum(d.get("isVoided") is True for d in self.docs.values())  # as Firestore

    def read_ahead(self, action_ids: Any) -> None:
        self.ahead = list(action_ids)

    def action(self, action_id: str, written: Any = None) -> dict[str, Any] | None:
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
        pages: StoredWrites | None = None, counted_after: bool = False,
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


def played(n: int = 20) -> MemoryStore:
    """A store that has seen the first `n` actions of the sample, each run as it came."""
    store = MemoryStore()
    for action in SAMPLE[:n]:
        run_trigger(store, write(store, action))
    return store


def match_changed(store: MemoryStore) -> MemoryTx:
    """A run of the match document's trigger (retried until its commit holds)."""
    for _ in range(50):
        tx = store.snapshot()
        store.runs.append(maintain(tx, MATCH_ID, match_changed=True).mode)
        if store.commit(tx):
            return tx
    raise AssertionError("never committed")
