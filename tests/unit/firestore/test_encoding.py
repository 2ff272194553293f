"""The adapter's writes, their values encoded by it (`encoded_here`), are the writes the
Firestore client itself makes of the same documents: byte for byte, for a whole
live/score, a ball's changes to it, every type of value a document can hold, and the rest
of a run's commit (the ledger's entries, the feed's events and retraction marks)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from google.api_core.datetime_helpers import DatetimeWithNanoseconds
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.cloud.firestore_v1 import DELETE_FIELD, SERVER_TIMESTAMP
from google.cloud.firestore_v1.types import Write

from scorebook.document import to_document
from scorebook.firestore.paths import event_path, ledger_entry_path
from scorebook.firestore.projection_tx import MAX_INNINGS, FirestoreProjectionTx
from scorebook.fold import fold_into
from scorebook.service.live_score import changed_fields
from scorebook.state import initial_state
from scorebook.views.live_now import innings_documents, now_document
from scorebook.views.scorecard import to_projection
from tests.unit.service.memory_store import (
    ACTIONS,
    MATCH,
    SAMPLE,
    MemoryStore,
    run_trigger,
    void,
    write,
)

UPDATE_TIME = DatetimeWithNanoseconds(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)

#: a value of each kind, empty and nested ones included (top-level names are field paths
#: to the client: identifiers; a map's keys inside may be anything)
ODD_VALUES: dict[str, Any] = {
    "null": None, "yes": True, "no": False, "zero": 0, "negative": -7, "big": 2**62,
    "decimal": 12.4, "wholeFloat": 3.0, "negativeZero": -0.0, "tiny": 5e-324,
    "emptyText": "", "unicode": "Śrī Lankā 🏏 ½", "emptyMap": {}, "emptyList": [],
    "nested": {"a b.c": [{}, [], None, {"`d`": [1, 2.5, "c", {"": {}}]}], "é": {"f": {"g": []}}},
    "when": datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC),
    "whenElsewhere": datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone(timedelta(hours=5))),
    "nanoseconds": DatetimeWithNanoseconds(2026, 3, 4, 5, 6, 7, nanosecond=123456789,
                                           tzinfo=UTC),
    "tuple": (1, "two", {"three": 3}), "listOfTimes": [datetime(2026, 1, 1, tzinfo=UTC)],
}


def client_tx() -> tuple[firestore.Client, firestore.Transaction]:
    """A client and a transaction that never reach a server: writes are only built."""
    db = firestore.Client(project="demo-encoding", credentials=AnonymousCredentials())
    return db, db.transaction()


def live_scores(balls: list[int]) -> list[dict[str, Any]]:
    """live/score (as stored, `version` aside) after each of `balls` actions of the
    generated T20."""
    state, documents, folded = initial_state(MATCH), [], 0
    for count in balls:
        fold_into(state, ACTIONS[folded:count])
        folded = count
        documents.append(to_document(to_projection(state)))
    return documents


def adapter_write(previous: dict[str, Any] | None, document: dict[str, Any]) -> Write:
    """live/score's write as FirestoreProjectionTx.write makes it (changes only when
    `previous` is given, on the checkpoint's update time)."""
    db, _ = client_tx()
    adapter = FirestoreProjectionTx(db, "m1")
    tx = adapter.batch
    adapter.checkpoint_read, adapter.checkpoint_time = True, UPDATE_TIME
    adapter.write({"format": 1}, document, previous=previous)
    live = [w for w in tx._write_pbs if w.update.name.endswith("/live/score")]
    assert len(live) == 1
    return live[0]


#: live/score's lastUpdated is the server's time of the write
NOW = {"lastUpdated": SERVER_TIMESTAMP}


def without_clock(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "lastUpdated"}


def client_update(changes: dict[str, Any], gone: list[str]) -> Write:
    """The client's own write of the changes, on the same precondition."""
    db, tx = client_tx()
    tx.update(db.document("matches/m1/live/score"),
              without_clock(changes) | dict.fromkeys(gone, DELETE_FIELD) | NOW,
              option=db.write_option(last_update_time=UPDATE_TIME))
    return tx._write_pbs[-1]


def client_set(document: dict[str, Any]) -> Write:
    """The client's own write of a whole live/score (the innings it lacks deleted)."""
    db, tx = client_tx()
    stale = {f"innings{k}": DELETE_FIELD for k in range(1, MAX_INNINGS + 1)
             if f"innings{k}" not in document}
    whole = {**without_clock(document), **stale}
    tx.set(db.document("matches/m1/live/score"), whole | NOW, merge=[*whole, "lastUpdated"])
    return tx._write_pbs[-1]


def same_bytes(ours: Write, theirs: Write) -> bool:
    return Write.pb(ours).SerializeToString(deterministic=True) == Write.pb(
        theirs).SerializeToString(deterministic=True)


@pytest.mark.parametrize("balls", [0, 1, 48, len(ACTIONS)])
def test_a_whole_live_score_is_written_as_the_client_writes_it(balls: int) -> None:
    (document,) = live_scores([balls])
    assert same_bytes(adapter_write(None, document), client_set(document))


@pytest.mark.parametrize("balls", [1, 2, 47, 126, len(ACTIONS) - 1])
def test_a_balls_changes_are_written_as_the_client_writes_them(balls: int) -> None:
    previous, document = live_scores([balls, balls + 1])
    changes, gone = changed_fields(without_clock(previous), without_clock(document))
    assert changes, "a ball changes live/score"
    assert same_bytes(adapter_write(previous, document), client_update(changes, gone))


def test_every_kind_of_value_is_encoded_as_the_client_encodes_it() -> None:
    previous = {"gone": 1, "kept": "same"}
    document = {**ODD_VALUES, "kept": "same"}
    changes, gone = changed_fields(previous, without_clock(document))
    assert same_bytes(adapter_write(previous, document), client_update(changes, gone))
    assert same_bytes(adapter_write(None, document), client_set(document))


def test_a_runs_whole_commit_is_written_as_the_client_writes_it() -> None:
    """A void within the over: the ledger's entry, the feed's retraction marks, its
    BALL_RETRACTED and the events refolded, beside the checkpoint and live/score."""
    store = MemoryStore()
    for action in SAMPLE:
        run_trigger(store, write(store, action))
    previous = store.live_score
    run = run_trigger(store, void(store, SAMPLE[-2].id))
    assert run.feed is not None and run.feed.retracted and run.feed.events and run.ledger
    checkpoint, document = run.written

    db, _ = client_tx()
    adapter = FirestoreProjectionTx(db, "m1")
    tx = adapter.batch
    adapter.checkpoint_read, adapter.checkpoint_time = True, UPDATE_TIME
    adapter.write(checkpoint, document, {"status": "live"}, run.feed, run.ledger,
                  previous=previous)

    db, theirs = client_tx()  # as the adapter wrote them before it encoded values itself
    for entry in run.ledger:
        theirs.create(db.document(ledger_entry_path("m1", entry["n"])),
                      {**entry, "createdAt": firestore.SERVER_TIMESTAMP})
    for seq, event in run.feed.events:
        theirs.set(db.document(event_path("m1", seq)),
                   {**event, "createdAt": firestore.SERVER_TIMESTAMP})
    for seq, by in run.feed.retracted:
        theirs.set(db.document(event_path("m1", seq)), {"retracted": True, "retractedBy": by},
                   merge=True)
    theirs.set(db.document("matches/m1"), {"status": "live"}, merge=True)
    # live/now whole, and the innings' cards that changed (the void's innings, the sample's
    # first)
    theirs.set(db.document("matches/m1/live/now"),
               {**{k: v for k, v in now_document(document).items() if k != "lastUpdated"},
                "lastUpdated": firestore.SERVER_TIMESTAMP})
    before, cards = innings_documents(previous), innings_documents(document)
    assert [n for n in cards if before.get(n) != cards[n]] == [1]
    theirs.set(db.document("matches/m1/live/innings1"), cards[1])
    theirs.set(db.document("matches/m1/projection/state"),
               {**checkpoint, "lastRunReads": 0, "lastRunWrites": adapter.writes})
    # on condition that the checkpoint is the one the run read
    db.write_option(last_update_time=UPDATE_TIME).modify_write(theirs._write_pbs[-1])
    changes, gone = changed_fields(previous, document)
    theirs._write_pbs.append(client_update(changes, gone))

    assert len(tx._write_pbs) == len(theirs._write_pbs)
    for ours, client in zip(tx._write_pbs, theirs._write_pbs, strict=True):
        assert same_bytes(ours, client), Write.pb(ours).update.name


class KeptBatches:
    """Stands for the client in `flush_overflow`: its batches are kept, never committed."""

    def __init__(self, db: firestore.Client) -> None:
        self.db, self.committed = db, []

    def document(self, path: str) -> Any:
        return self.db.document(path)

    def batch(self) -> firestore.WriteBatch:
        made = self.db.batch()
        made.commit = lambda: self.committed.append(made)  # type: ignore[method-assign]
        return made


def test_feed_writes_beyond_one_commit_are_written_as_the_client_writes_them() -> None:
    """What one commit cannot take is written after it, in batches (`flush_overflow`)."""
    store = MemoryStore()
    for action in SAMPLE[:3]:
        run = run_trigger(store, write(store, action))
    assert run.feed is not None and run.feed.events
    db, _ = client_tx()
    adapter = FirestoreProjectionTx(db, "m1")
    tx = adapter.batch
    adapter._feed(run.feed, room=0)  # no room in the commit: all of it after
    assert not tx._write_pbs
    kept = adapter.db = KeptBatches(db)  # type: ignore[assignment]
    adapter.flush_overflow()

    theirs = db.batch()
    for seq, event in run.feed.events:  # created: a retraction marked meanwhile is kept
        theirs.create(db.document(event_path("m1", seq)),
                      {**event, "createdAt": firestore.SERVER_TIMESTAMP})
    ours = [w for made in kept.committed for w in made._write_pbs]
    assert len(ours) == len(theirs._write_pbs) == len(run.feed.events)
    for mine, client in zip(ours, theirs._write_pbs, strict=True):
        assert same_bytes(mine, client)


def test_log_pages_past_what_one_commit_takes_are_written_whole_after_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild writes every page of the log whole: those past the commit's budget (the last
    pages first in it, as the next balls add to them) are set after it, in batches within
    the budget; a page a ball adds to is merged by field, its other documents untouched."""
    import scorebook.firestore.projection_tx as adapter_module
    from scorebook.service.log_pages import StoredWrites

    monkeypatch.setattr(adapter_module, "MAX_PAGE_BYTES_IN_TX", 1_500)  # a page each
    pages = {k: {"page": k, "start": "x" * 1_000, "docs": {}} for k in range(4)}
    db, _ = client_tx()
    adapter = FirestoreProjectionTx(db, "m1")
    tx = adapter.batch
    in_commit = adapter._pages(StoredWrites(whole=pages, fields={
        5: {("docs", "1-0700"): {"runsOffBat": 1}, ("events", "1-0699"): None}}))
    assert in_commit == 2  # page 3, and the merge into page 5
    kept = adapter.db = KeptBatches(db)  # type: ignore[assignment]
    adapter.flush_overflow()
    assert [len(b._write_pbs) for b in kept.committed] == [1, 1, 1]  # pages 2, 1, 0
    merge = tx._write_pbs[-1]
    assert sorted(merge.update_mask.field_paths) == ["docs.`1-0700`", "events.`1-0699`"]
    assert list(merge.update.fields) == ["docs"]  # the deleted field is in the mask alone


FIFTY_BALLS: dict[tuple[str, ...], Any] = {
    **{("docs", a.id): to_document(a) for a in ACTIONS[:50]},
    **{("events", a.id): {"seq": n, "types": ["BALL_BOWLED"]} for n, a in enumerate(ACTIONS[:50])},
    ("docs", "1-0007-c1"): None, ("events", "1-0007-c1"): None,
    ("odd", "a b.c`é"): ODD_VALUES, ("odd", "empty"): {}, ("top",): 3,
}


@pytest.mark.parametrize("fields", [
    FIFTY_BALLS,
    # the first path (in the mask's order) a deletion: the client's own write of it is not
    # left behind as a null
    {("docs", "1-0001"): None, ("docs", "1-0002"): {"a": 1}, ("events", "1-0001"): None},
    {("docs", "1-0004-c1"): None, ("events", "1-0004-c1"): None},
    {("a", "b", "c"): None, ("a", "b", "d"): [1, {"e": None}], ("a", "f"): "g"},
], ids=["fifty balls", "a deletion first", "deletions only", "three deep"])
def test_a_pages_fields_are_written_as_the_client_writes_them(
        fields: dict[tuple[str, ...], Any]) -> None:
    """A ball's fields of a log's page (the action whole, its events, deletions) as the
    client writes a merge on their paths: fifty balls, odd names and every kind of value."""
    from google.cloud.firestore_v1.field_path import FieldPath

    from scorebook.firestore.encoding import set_by_paths

    db, ours = client_tx()
    page = db.document("matches/m1/log_pages/3")
    set_by_paths(ours, page, fields)
    data: dict[str, Any] = {}
    for path, value in fields.items():
        *groups, key = path
        leaf = data
        for group in groups:
            leaf = leaf.setdefault(group, {})
        leaf[key] = DELETE_FIELD if value is None else value
    _, theirs = client_tx()
    theirs.set(page, data, merge=[FieldPath(*path) for path in fields])
    assert len(ours._write_pbs) == 1
    assert same_bytes(ours._write_pbs[-1], theirs._write_pbs[-1])


def test_overlapping_paths_are_refused_as_the_client_refuses_them() -> None:
    from scorebook.firestore.encoding import set_by_paths

    db, tx = client_tx()
    with pytest.raises(ValueError, match="overlap"):
        set_by_paths(tx, db.document("matches/m1/log_pages/3"),
                     {("docs",): None, ("docs", "1-0001"): {"a": 1}})
    assert tx._write_pbs == []
