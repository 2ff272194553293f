"""The `ProjectionTx` of one run of live/score on Firestore (`FirestoreProjectionTx`): its
reads in a read-only transaction, its writes gathered in one batch that
`scorebook.firestore.live_score` commits on the checkpoint's condition, and the writes one
commit cannot take, after it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import takewhile
from typing import TYPE_CHECKING, Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from google.cloud.firestore_v1.field_path import FieldPath

from scorebook.actions import log_position
from scorebook.document import document_size
from scorebook.firestore.client import commit_on_condition, set_on_condition
from scorebook.firestore.encoding import encoded_here, placeholders, same_stored, set_by_paths
from scorebook.firestore.later_writes import (
    MAX_FEED_WRITES_IN_TX,
    MAX_PAGE_BYTES_IN_TX,
    Later,
    later_write,
    written_after_commit,
)
from scorebook.firestore.paths import (
    checkpoint_path,
    event_path,
    events_path,
    ledger_entry_path,
    ledger_path,
    live_innings_path,
    live_now_path,
    live_score_path,
    log_page_path,
    match_path,
    scoring_actions_path,
)
from scorebook.service.feed import FeedWrites
from scorebook.service.live_score import Document, Outcome, changed_fields
from scorebook.service.log_pages import StoredWrites
from scorebook.views.live_now import innings_documents, now_document

if TYPE_CHECKING:  # (the lineups' adapter is a rebuild's: not imported on a ball)
    from scorebook.firestore.lineups import LineupsRead

log = logging.getLogger(__name__)

#: The entries past the checkpoint's head an attempt after a lost race reads: an ordinary
#: race leaves none (the winner's checkpoint moved on with its entries).
MAX_FOREIGN_READ = 50

# live/score keeps innings1..inningsN: every write clears the ones the projection no longer
# has, up to the highest innings number the rules accept (a void of a bogus innings 50 must
# not leave its scorecard behind).
MAX_INNINGS = 99


#: the threads of `read_ahead`, started with the first run (not at import: an
#: instance forks after importing main.py)
_READ_AHEAD: list[ThreadPoolExecutor] = []
#: the key of the count of voided actions among the reads ahead (action ids are the others)
_VOIDED = "voided"
#: a field name that is a field path as it stands (the checkpoint's own are): the names
#: a write of the changed fields may send or delete
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: what a field the stored checkpoint lacks compares as: like nothing written (None included)
_ABSENT = object()


def voided_of(actions: firestore.CollectionReference) -> firestore.Query:
    """The log's voided actions: what a checkpoint's count of voided actions stands for."""
    return actions.where(filter=FieldFilter("isVoided", "==", True))


class NeedsSnapshot(Exception):
    """A run outside any snapshot (on the checkpoint its instance remembers, or on the one
    it read on its own) came to a read beyond the fold's own: it starts again in a
    read-only transaction."""


def _read_ahead_pool() -> ThreadPoolExecutor:
    if not _READ_AHEAD:
        _READ_AHEAD.append(ThreadPoolExecutor(max_workers=4, thread_name_prefix="read-ahead"))
    return _READ_AHEAD[0]


class FirestoreProjectionTx:
    """The `ProjectionTx` of one match for one attempt: its reads go to Firestore as they
    come, its writes wait in one batch, committed by `commit` on condition that the
    checkpoint is still as `checkpoint` read it.

    Counts document reads as Firestore bills them: one per document returned, one for a
    query that returns nothing, one per 1,000 index entries of a count.

    `outside`: a new action's run outside any snapshot, on `remembered`, the checkpoint as
    this instance last read or committed it (stored, and its update time), taken instead of
    a read; or, when the instance remembers none (a fresh one, or one whose memory another
    instance's runs passed), on the stored checkpoint read on its own, with no read-only
    transaction begun and ended around it. The commit's
    condition then says whether it is still the one stored, and the run reads only what
    folding the next balls reads: the new actions, and, when the run begins an innings, the
    count of voided actions, read and compared after the commit (`checks_after_commit`,
    `counted_voids`; a void since the run's reads makes the count disagree, as a void never
    folded does). The usual
    next ball is folded as its event wrote it, and its read compared after the commit too
    (`changed_actions`). Any other read raises `NeedsSnapshot`.
    """

    def __init__(self, db: firestore.Client, match_id: str, *, whole: bool = False,
                 snapshot: firestore.Transaction | None = None,
                 known: LineupsRead | None = None,
                 outside: bool = False,
                 remembered: tuple[Document, Any] | None = None) -> None:
        self.db, self.match_id = db, match_id
        #: the match and its lineups as a run of live/lineups read them just before (its
        #: trigger's), taken rather than read again while the checkpoint is the one written
        #: when they were read (the commit's condition then covers them)
        self.known = known
        #: a read-only transaction: the run's reads see one moment of the database (a ball
        #: written between its read of the checkpoint and its count of the log would
        #: otherwise look like one that was never folded), and hold no lock
        self.snapshot = snapshot
        self.batch = db.batch()
        #: write live/score whole, never only its changed fields (after a failed precondition)
        self.whole = whole
        #: whether `checkpoint` was read, and when what it read was written (None: there was
        #: none): the commit's condition, and live/score's (written in the same commit)
        self.checkpoint_read = False
        self.checkpoint_time: Any = None
        #: the actions the log gave this run, and when each was created (the server's
        #: time): scorebook.firestore.folded remembers them
        self.read_ids: list[str] = []
        self.created: dict[str, Any] = {}
        #: what the service made of the run (set by `_committed`)
        self.outcome: Outcome | None = None
        self.actions = db.collection(scoring_actions_path(match_id))
        self.reads = 0
        self.writes = 0
        self.match_doc: Document | None = None
        #: feed and page writes beyond what one commit takes: written after it (`flush_overflow`)
        self.overflow: list[tuple[str, Document, Later]] = []
        #: reads started by `read_ahead`, each answering (value, documents read)
        self.ahead: dict[str, Future[tuple[Any, int]]] = {}
        self.outside, self.remembered = outside, remembered if outside else None
        #: the new actions this run folded as their events wrote them, by id: compared with
        #: the stored ones after the commit (`changed_actions`)
        self.written: dict[str, Document] = {}
        #: the checkpoint as this run leaves it, stored and its update time (None: unknown):
        #: what the instance remembers for the match's next run (`scorebook.firestore.folded`)
        self.seen: tuple[Document, Any] | None = None
        #: the checkpoint this run's commit writes whole, and its place among the writes
        self._writing: tuple[Document, int] | None = None

    @property
    def checks_after_commit(self) -> bool:
        """A run outside any snapshot compares the count of voided actions, and the actions
        it folded as their events wrote them, after its commit."""
        return self.outside

    def _beyond_the_fold(self) -> None:
        if self.outside:
            raise NeedsSnapshot

    def _get(self, path: str) -> Document | None:
        self._beyond_the_fold()
        self.reads += 1
        snap = self.db.document(path).get(transaction=self.snapshot)
        return snap.to_dict() if snap.exists else None

    def match(self) -> Document | None:
        self._beyond_the_fold()
        if self.known is not None and self.checkpoint_read:  # (compared with it)
            self.match_doc = self.known.match
        else:
            self.match_doc = self._get(match_path(self.match_id))
        return self.match_doc

    def lineups(self) -> list[tuple[str, Document]]:
        self._beyond_the_fold()
        if self.known is not None and self.checkpoint_read:
            return self.known.lineups
        # the match was read just before (the service reads it first)
        from scorebook.firestore.lineups import read_lineups  # a rebuild's: not on a ball

        docs = read_lineups(self.db, self.match_id, self.match_doc, self.snapshot)
        self.reads += max(1, len(docs))
        return docs

    def checkpoint(self) -> Document | None:
        self.checkpoint_read = True
        if self.remembered is not None:
            stored, self.checkpoint_time = self.seen = self.remembered
        else:
            stored = self._read_checkpoint()
        if self.outside and stored is None:  # a new match's, which a rebuild writes
            raise NeedsSnapshot
        return stored

    def _read_checkpoint(self) -> Document | None:
        """The checkpoint as stored (in the snapshot, if any), its update time the commit's
        condition."""
        self.reads += 1
        snap = self.db.document(checkpoint_path(self.match_id)).get(transaction=self.snapshot)
        self.checkpoint_time = snap.update_time if snap.exists else None
        if self.known is not None and self.known.checkpoint_time != self.checkpoint_time:
            # another run committed since they were read, maybe after a later change with
            # its own run: they are read in this run's snapshot, with the checkpoint
            self.known = None
        stored = snap.to_dict() if snap.exists else None
        self.seen = (stored, self.checkpoint_time) if stored is not None else None
        return stored

    def actions_after(self, after_id: str | None) -> list[tuple[str, Document]]:
        """The documents after `after_id` in the log (the service puts them in log order).
        Firestore orders ids as text, which is the log order while innings numbers have one
        digit: from innings 9 on ("10-0001" sorts before "2-0001"), the rest of this innings
        and the next are asked for apart."""
        docs = [doc for start, end, inclusive in _id_ranges_after(after_id)
                for doc in self._stream(start, end, inclusive)]
        found = _later_in_log(docs, after_id)
        self.read_ids += [doc_id for doc_id, _ in found]
        return found

    def _stream(
        self, start: str | None, end: str | None, inclusive: bool = False
    ) -> list[tuple[str, Document]]:
        query = self.actions.order_by(FieldPath.document_id())
        if start is not None:
            query = query.where(filter=FieldFilter(
                FieldPath.document_id(), ">=" if inclusive else ">", self.actions.document(start)))
        if end is not None:
            query = query.where(
                filter=FieldFilter(FieldPath.document_id(), "<", self.actions.document(end)))
        snaps = list(query.stream(transaction=self.snapshot))
        self.created.update((snap.id, snap.create_time) for snap in snaps)
        docs = [(snap.id, snap.to_dict() or {}) for snap in snaps]
        self.reads += max(1, len(docs))
        return docs

    def read_ahead(self, action_ids: Iterable[str]) -> None:
        if self.outside:  # after the checkpoint (`checkpoint`); a new ball as written (`action`)
            return
        pool = _read_ahead_pool()
        self.ahead[_VOIDED] = pool.submit(self._voided_count)
        for action_id in action_ids:
            self.ahead[action_id] = pool.submit(self._action, action_id)

    def _answer(self, key: str, read: Callable[[], tuple[Any, int]]) -> Any:
        ahead = self.ahead.pop(key, None)
        value, reads = ahead.result() if ahead is not None else read()
        self.reads += reads
        return value

    def settle(self) -> None:
        """Wait for the reads ahead that nothing asked for and count them."""
        for key, ahead in list(self.ahead.items()):
            try:
                self.reads += ahead.result()[1]
            except Exception:  # noqa: BLE001 - unused; a read the commit needed fails it too
                log.debug("a read ahead of %s failed unused", self.match_id, exc_info=True)
            del self.ahead[key]

    def _count(self, query: Any) -> tuple[int, int]:
        (result,) = query.count(alias="n").get(transaction=self.snapshot)
        n = int(result[0].value)
        return n, max(1, math.ceil(n / 1000))

    def _voided_count(self) -> tuple[int, int]:
        return self._count(voided_of(self.actions))

    def voided_count(self) -> int:
        self._beyond_the_fold()  # (its caller compares it after the commit)
        return self._answer(_VOIDED, self._voided_count)

    def counted_voids(self) -> int:
        """The count of voided actions, read by a run without a snapshot after its commit,
        to compare with the checkpoint it committed (`Outcome.voided`)."""
        return self._answer(_VOIDED, self._voided_count)

    def _action(self, action_id: str) -> tuple[Document | None, int]:
        snap = self.actions.document(action_id).get(transaction=self.snapshot)
        return (snap.to_dict() or {}) if snap.exists else None, 1

    def action(self, action_id: str, written: Document | None = None) -> Document | None:
        if self.checks_after_commit and written is not None:
            self.written[action_id] = written  # read after the commit (`changed_actions`)
            return written
        return self._answer(action_id, lambda: self._action(action_id))

    def actions_at(self, action_ids: list[str]) -> list[tuple[str, Document]]:
        snaps = self._snapshots(action_ids, self.snapshot)
        self.reads += len(action_ids)  # (a document not there is billed as a read too)
        found = list(takewhile(snaps.__contains__, action_ids))
        self.created.update((action_id, snaps[action_id].create_time) for action_id in found)
        self.read_ids += found
        return [(action_id, snaps[action_id].to_dict() or {}) for action_id in found]

    def _snapshots(self, action_ids: list[str], transaction: firestore.Transaction | None,
                   ) -> dict[str, Any]:
        """The actions the log holds at these ids (a missing one absent): one round trip."""
        refs = [self.actions.document(action_id) for action_id in action_ids]
        return {snap.id: snap for snap in self.db.get_all(refs, transaction=transaction)
                if snap.exists}

    def _stored(self, action_ids: list[str]) -> dict[str, Document]:
        """The actions as the log holds them now, outside any snapshot."""
        return {i: snap.to_dict() or {} for i, snap in self._snapshots(action_ids, None).items()}

    def changed_actions(self) -> list[tuple[str, Document]]:
        """The actions this run folded as their events wrote them that the log holds
        otherwise (deleted, voided or written again since the event), each with what was
        folded; read after the commit, so that a change before it is seen: one between a
        read and the commit would have left its own run nothing to do."""
        if not self.written:
            return []
        stored = self._stored(list(self.written))
        self.reads += len(self.written)
        return [(action_id, written) for action_id, written in self.written.items()
                if stored.get(action_id) != written]

    def voided_actions(self) -> list[tuple[str, Document]]:
        self._beyond_the_fold()
        snaps = list(voided_of(self.actions).stream(transaction=self.snapshot))
        self.created.update((snap.id, snap.create_time) for snap in snaps)
        docs = [(snap.id, snap.to_dict() or {}) for snap in snaps]
        self.reads += max(1, len(docs))
        return docs

    def action_count(self) -> int:
        self._beyond_the_fold()
        n, reads = self._count(self.actions)
        self.reads += reads
        return n

    def live_score(self) -> Document | None:
        return self._get(live_score_path(self.match_id))

    def published_events(self, after_seq: int) -> list[tuple[int, Document]]:
        self._beyond_the_fold()
        query = self.db.collection(events_path(self.match_id)).where(
            filter=FieldFilter("seq", ">", after_seq)).order_by("seq")
        docs = [(int(snap.get("seq")), snap.to_dict() or {})
                for snap in query.stream(transaction=self.snapshot)]
        self.reads += max(1, len(docs))
        return docs

    def pages(self, first: int, end: int) -> list[Document | None]:
        self._beyond_the_fold()
        if end <= first:
            return []
        refs = [self.db.document(log_page_path(self.match_id, k)) for k in range(first, end)]
        found = {snap.reference.path: snap
                 for snap in self.db.get_all(refs, transaction=self.snapshot)}
        self.reads += len(refs)
        return [found[ref.path].to_dict() if ref.path in found and found[ref.path].exists
                else None for ref in refs]

    def _pages(self, pages: StoredWrites) -> int:
        """A page begun or refolded, whole; the documents folded into another, by field
        (no read: a ball adds itself to the last page); pages past the log's end, deleted.
        Whole pages past what a commit takes wait in `overflow`, the first pages first:
        the last ones are those the next balls add to. Returns the writes in the commit."""
        budget, later = MAX_PAGE_BYTES_IN_TX, []
        for k, document in sorted(pages.whole.items(), reverse=True):
            path = log_page_path(self.match_id, k)
            budget -= document_size(document)
            if budget < 0:
                later.append((path, document, "page"))
                continue
            self.batch.set(self.db.document(path), document)
        for k, fields in pages.fields.items():
            set_by_paths(self.batch, self.db.document(log_page_path(self.match_id, k)), fields)
        for k in pages.dropped:
            self.batch.delete(self.db.document(log_page_path(self.match_id, k)))
        self.overflow += later
        return len(pages) - len(later)

    def open_disputes(self) -> list[str]:
        from scorebook.firestore.consensus import open_disputes_query  # a rebuild's

        self._beyond_the_fold()
        query = open_disputes_query(self.db, self.match_id)
        docs = [snap.id for snap in query.stream(transaction=self.snapshot)]
        self.reads += max(1, len(docs))
        return docs

    def ledger_entries(self) -> list[Document]:
        self._beyond_the_fold()
        query = self.db.collection(ledger_path(self.match_id)).order_by("n")
        docs = [snap.to_dict() or {} for snap in query.stream(transaction=self.snapshot)]
        self.reads += max(1, len(docs))
        return docs

    def ledger_after(self, n: int) -> list[Document]:
        if not self.whole:  # the first attempt: nothing lost yet, nothing read
            return []
        self._beyond_the_fold()
        query = (self.db.collection(ledger_path(self.match_id))
                 .where(filter=FieldFilter("n", ">", n)).order_by("n").limit(MAX_FOREIGN_READ))
        docs = [snap.to_dict() or {} for snap in query.stream(transaction=self.snapshot)]
        self.reads += max(1, len(docs))
        return docs

    def _feed(self, feed: FeedWrites, room: int = MAX_FEED_WRITES_IN_TX) -> None:
        """Each new event created with the server's time; each retracted one marked. What
        one commit cannot take (`room`) waits in `overflow`, in seq order."""
        writes = [
            *((event_path(self.match_id, seq), doc, "event") for seq, doc in feed.events),
            *((event_path(self.match_id, seq), {"retracted": True, "retractedBy": by}, "mark")
              for seq, by in feed.retracted),
        ]
        for path, data, kind in writes[:room]:
            later_write(self.batch, self.db.document(path), data, kind)
        self.overflow += writes[room:]
        self.writes += min(len(writes), room)

    def flush_overflow(self) -> None:
        """The writes one commit could not take, after it (`written_after_commit`)."""
        self.writes += written_after_commit(self.db, self.overflow, MAX_PAGE_BYTES_IN_TX)
        self.overflow = []

    def write(
        self, checkpoint: Document, live_score: Document, match_fields: Document | None = None,
        feed: FeedWrites | None = None, ledger: list[dict[str, Any]] | None = None, *,
        previous: Document | None = None, pages: StoredWrites | None = None,
        counted_after: bool = False,
    ) -> None:
        self.writes = 2 + (match_fields is not None)
        in_commit = self._pages(pages) if pages is not None else 0
        self.writes += in_commit
        self._ledger(ledger or [])
        if feed is not None:
            self._feed(feed, MAX_FEED_WRITES_IN_TX - len(ledger or []) - in_commit)
        if match_fields is not None:
            # merge: a match document deleted meanwhile must not fail the trigger
            self.batch.set(self.db.document(match_path(self.match_id)), dict(match_fields),
                           merge=True)
        diff = self._diff(previous, live_score)
        self._live_by_rhythm(live_score, previous, diff)
        # (a count of voided actions compared after the commit is one read, one per 1,000;
        # an action folded as written one)
        reads = self.reads + counted_after + len(self.written)
        checkpoint = {**checkpoint, "lastRunReads": reads, "lastRunWrites": self.writes}
        self._checkpoint_write(checkpoint)
        self._live_score(live_score, diff)

    def _diff(self, previous: Document | None, live_score: Document,
              ) -> tuple[dict[str, Any], list[str]] | None:
        """What changed since the last commit, compared once for live/score and the cards
        (None: written whole)."""
        if previous is None or self.whole:
            return None
        return changed_fields(_without_time(previous), _without_time(live_score))

    def _ledger(self, entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            # create: an entry is written once; a second run chaining the same n fails its
            # commit (its checkpoint moved too), and starts again on the newer checkpoint
            with encoded_here(self.batch, entry):
                self.batch.create(self.db.document(ledger_entry_path(self.match_id, entry["n"])),
                                  {**placeholders(entry), "createdAt": firestore.SERVER_TIMESTAMP})
            self.writes += 1

    def _live_by_rhythm(self, live_score: Document, previous: Document | None,
                        diff: tuple[dict[str, Any], list[str]] | None) -> None:
        """live/now whole, and each innings' card that changed (a settled innings' never
        does): cut from the same rendering as live/score (scorebook.views.live_now)."""
        now = _without_time(now_document(live_score))
        with encoded_here(self.batch, now):
            self.batch.set(self.db.document(live_now_path(self.match_id)),
                           placeholders(now) | {"lastUpdated": firestore.SERVER_TIMESTAMP})
        cards = innings_documents(live_score)
        gone: set[int] = set()
        if diff is not None and previous is not None:
            gone = innings_documents(previous).keys() - cards.keys()
            cards = {n: card for n, card in cards.items() if f"innings{n}" in diff[0]}
        for n, card in cards.items():
            with encoded_here(self.batch, card):
                self.batch.set(self.db.document(live_innings_path(self.match_id, n)),
                               placeholders(card))
        for n in gone:
            self.batch.delete(self.db.document(live_innings_path(self.match_id, n)))
        self.writes += 1 + len(cards) + len(gone)

    def _live_score(self, live_score: Document,
                    diff: tuple[dict[str, Any], list[str]] | None) -> None:
        live = self.db.document(live_score_path(self.match_id))
        # When the spectators' document last changed is the server's time, not a scorer's
        # clock (one set to year 1 showed there as it was).
        live_score = _without_time(live_score)
        now = {"lastUpdated": firestore.SERVER_TIMESTAMP}
        if diff is not None and self.checkpoint_time is not None:
            # Only what changed (a long match's finished innings are most of live/score), on
            # condition that live/score is still as the checkpoint's commit left it: else
            # the commit fails and the run writes it whole (`_committed`).
            changes, gone = diff
            option = self.db.write_option(last_update_time=self.checkpoint_time)
            with encoded_here(self.batch, changes):
                self.batch.update(live, placeholders(changes, gone) | now, option=option)
            return
        # Replace every projection field but keep fields the projection does not own (a
        # legacy app's ballHistory, until an admin has migrated and archived it).
        stale = [f"innings{k}" for k in range(1, MAX_INNINGS + 1)
                 if f"innings{k}" not in live_score]
        fields = placeholders(live_score, stale)
        with encoded_here(self.batch, live_score):
            self.batch.set(live, fields | now, merge=[*fields, "lastUpdated"])

    def flag_match(self, problem: Document) -> None:
        # live/now counts live/score's problems: a spectator's app that listens to live/now
        # alone must learn the match is flagged too
        listed = (self.live_score() or {}).get("integrity") or []
        self.writes = 3
        self.batch.set(self.db.document(live_score_path(self.match_id)),
                    {"integrity": firestore.ArrayUnion([problem])}, merge=True)
        self.batch.set(self.db.document(live_now_path(self.match_id)),
                       {"problems": len(listed) + (problem not in listed)}, merge=True)
        self._checkpoint_write({"matchInvalid": problem}, merge=True)

    def _checkpoint_write(self, data: Document, merge: bool = False) -> None:
        """The checkpoint's write, holding only while the checkpoint is as `checkpoint` read
        it (absent, or of that update time): a run that read an older one commits nothing."""
        if not self.checkpoint_read:  # every use case reads it first: the condition
            raise RuntimeError("the checkpoint is written only after it was read")
        ref = self.db.document(checkpoint_path(self.match_id))
        changes = self._checkpoint_changes(data) if not merge else None
        if changes:
            self.batch.update(ref, changes, option=self.db.write_option(
                last_update_time=self.checkpoint_time))
        else:
            set_on_condition(self.db, self.batch, ref, dict(data), self.checkpoint_time,
                             merge=merge)
        self.seen = None  # known again once the commit says when (`commit`)
        self._writing = None if merge else (data, len(self.batch._write_pbs) - 1)

    def _checkpoint_changes(self, data: Document) -> Document | None:
        """The fields of `data` that differ from the checkpoint the commit's condition names
        (gone ones deleted), when this run knows it as stored; else None. Each field is
        replaced whole: a Test's settled innings are sent once, not with every ball."""
        if self.seen is None:  # (known as stored: read or written, with its update time)
            return None
        before = self.seen[0]
        if not all(_PLAIN_NAME.fullmatch(key) for key in before):
            # a field an admin added under a name that is no plain field path ("a.b",
            # "x[0]"): written whole, which drops it, as the write before this one did
            return None
        changes = {key: value for key, value in data.items()
                   if not same_stored(before.get(key, _ABSENT), value)}
        return changes | dict.fromkeys(before.keys() - data.keys(), firestore.DELETE_FIELD)

    def commit(self) -> None:
        """The run's writes at once, on the checkpoint's condition (nothing to send for a
        run that found nothing to change); `LostRace` when the condition failed (another run
        committed first, or live/score was written beside its checkpoint). A run on the
        remembered checkpoint that found nothing to change raises `NeedsSnapshot`: no commit
        checked that checkpoint, which may be older than the stored one (a ball it holds
        deleted and written again since, by another instance's runs); one on the checkpoint
        it read on its own ends there, as a snapshot's would."""
        if self.remembered is not None and not self.batch._write_pbs:
            raise NeedsSnapshot
        if self.batch._write_pbs:
            results = commit_on_condition(self.batch)
            if self._writing is not None:
                stored, place = self._writing
                self.seen = (stored, results[place].update_time)


def _id_ranges_after(after_id: str | None) -> list[tuple[str | None, str | None, bool]]:
    """(start, end, start included) of the id ranges that hold the log after `after_id`."""
    if after_id is None:
        return [(None, None, False)]
    innings = log_position(after_id)[0]
    if innings < 9:
        return [(after_id, None, False)]
    return [(after_id, f"{innings}-\uf8ff", False),
            (f"{innings + 1}-", f"{innings + 1}-\uf8ff", True)]


def _later_in_log(docs: list[tuple[str, Document]], after_id: str | None,
                  ) -> list[tuple[str, Document]]:
    """The documents after `after_id` in log order (all of them: None)."""
    if after_id is None:
        return docs
    after = log_position(after_id)
    return [d for d in docs if log_position(d[0]) > after]


def _without_time(document: Document) -> dict[str, Any]:
    """A document but its `lastUpdated`, which each write sets to the server's time."""
    return {k: v for k, v in document.items() if k != "lastUpdated"}
