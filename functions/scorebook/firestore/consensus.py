"""Firestore side of consensus: one transaction around `scorebook.service.consensus`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from google.cloud.firestore_v1.field_path import FieldPath

from scorebook.actions import NOT_A_POSITION, log_position
from scorebook.consensus import DisputeState, Resolution, Unreadable, View, parse
from scorebook.firestore.paths import (
    dispute_path,
    disputes_path,
    match_path,
    resolution_path,
    scoring_action_path,
    scoring_actions_path,
    submissions_path,
)
from scorebook.service.consensus import Changes, Decided, Document, on_resolution, on_submission

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 30
def text_ranges_after(position: str) -> list[tuple[str, str]]:
    """What comes after `position` in the log but not after it as text, as ranges of text
    [low, high): ids are `{innings}-{sequence:04d}`, so the two-digit innings from 10 up to
    this innings' digit sort before it ("10-0001" to "29-9999" before "3-0005"). Asked for
    apart, beside `> position`."""
    innings = log_position(position)[0]
    return [("10-", str(innings))] if 2 <= innings <= 9 else []


def open_disputes_query(db: firestore.Client, match_id: str) -> Any:
    """The match's open disputes (what both the consensus and the projection ask for)."""
    return db.collection(disputes_path(match_id)).where(
        filter=FieldFilter("status", "==", "open"))


def _arrival(item: tuple[str, View]) -> tuple[str, str]:
    created = item[1].createdAt
    return (created.isoformat() if created else "", item[0])


class FirestoreConsensusTx:
    """The `ConsensusTx` of one match inside one Firestore transaction."""

    def __init__(self, db: firestore.Client, tx: firestore.Transaction, match_id: str) -> None:
        self.db, self.tx, self.match_id = db, tx, match_id
        self.submissions_ref = db.collection(submissions_path(match_id))
        self.reads = 0
        #: what this run read and left out (an admin's write the rules would refuse)
        self.unreadable: list[Unreadable] = []

    def _parsed(self, model: Any, doc_id: str, data: Any) -> Any:
        parsed = parse(model, doc_id, data)
        if isinstance(parsed, Unreadable):
            self.unreadable.append(parsed)
            return None
        return parsed

    def _views(self, docs: list[tuple[str, Document]]) -> list[tuple[str, View]]:
        views = [(doc_id, self._parsed(View, doc_id, doc)) for doc_id, doc in docs]
        return sorted(((i, v) for i, v in views if v is not None), key=_arrival)

    def _get(self, path: str) -> Document | None:
        self.reads += 1
        snap = self.db.document(path).get(transaction=self.tx)
        return snap.to_dict() if snap.exists else None

    def _stream(self, query: Any) -> list[tuple[str, Document]]:
        docs = [(snap.id, snap.to_dict() or {}) for snap in query.stream(transaction=self.tx)]
        self.reads += max(1, len(docs))
        return docs

    def match(self) -> Document | None:
        return self._get(match_path(self.match_id))

    def submissions(self, position: str) -> list[tuple[str, View]]:
        query = self.submissions_ref.where(filter=FieldFilter("position", "==", position))
        return self._views(self._stream(query))

    def _after(self, field: str | FieldPath, ref: Callable[[str], Any], position: str,
               ) -> list[tuple[str, Document]]:
        col = self.submissions_ref if field == "position" else self.db.collection(
            scoring_actions_path(self.match_id))
        found = dict(self._stream(col.where(filter=FieldFilter(field, ">", ref(position)))))
        for low, high in text_ranges_after(position):
            found |= dict(self._stream(col.where(filter=FieldFilter(field, ">=", ref(low)))
                                       .where(filter=FieldFilter(field, "<", ref(high)))))
        return [item for item in found.items() if log_position(str(
            item[1].get("position", "") if field == "position" else item[0]))
            > log_position(position)]

    def submissions_after(self, position: str) -> list[tuple[str, View]]:
        return self._views(self._after("position", str, position))

    def action(self, action_id: str) -> Document | None:
        return self._get(scoring_action_path(self.match_id, action_id))

    def log_ids_after(self, position: str) -> set[str]:
        actions = self.db.collection(scoring_actions_path(self.match_id))
        return {doc_id for doc_id, _ in self._after(
            FieldPath.document_id(), actions.document, position)}

    def dispute(self, position: str) -> DisputeState | None:
        doc = self._get(dispute_path(self.match_id, position))
        # a dispute there that cannot be read still holds its position, but is not open
        return None if doc is None else (self._parsed(DisputeState, position, doc)
                                         or DisputeState(status="unreadable"))

    def open_disputes(self) -> list[str]:
        return [doc_id for doc_id, _ in self._stream(open_disputes_query(self.db,
                                                                          self.match_id))]

    def resolution(self, resolution_id: str) -> Resolution | None:
        doc = self._get(resolution_path(self.match_id, resolution_id))
        return None if doc is None else self._parsed(Resolution, resolution_id, doc)

    def write(self, changes: Changes) -> None:
        now = firestore.SERVER_TIMESTAMP
        for action_id, action in changes.actions:
            # create: a position already in the log (another run's) fails the attempt,
            # which retries on the newer log and finds it there
            self.tx.create(self.db.document(scoring_action_path(self.match_id, action_id)),
                           {**action, "matchId": self.match_id, "createdAt": now})
        for action_id, fields in changes.voids:
            self.tx.update(self.db.document(scoring_action_path(self.match_id, action_id)),
                           {**fields, "voidedAt": now})
        for position, fields in changes.disputes:
            stamp = {"open": "raisedAt", "resolved": "resolvedAt"}.get(
                str(fields.get("status")), "updatedAt")
            self.tx.set(self.db.document(dispute_path(self.match_id, position)),
                        {**fields, stamp: now}, merge=True)


def heal_consensus(db: firestore.Client, match_id: str, last_logged: str | None,
                   ) -> Decided | None:
    """Decide the earliest position after the log's last (`last_logged`, None: the log is
    empty) that scorers have given views of: what the lost run of its submission's trigger
    would have done (Python triggers are not retried; the next submission would have found
    it held). Deciding it releases the positions after it whose views are in. None when no
    view waits. For the reconciliation."""
    waiting = _waiting(db, match_id, last_logged)
    if not waiting:
        return None
    return run_consensus(db, match_id, min(waiting, key=log_position))


def _waiting(db: firestore.Client, match_id: str, last_logged: str | None) -> list[str]:
    """The positions after the log's last that scorers have given views of (a view of no
    position of the log left out)."""
    after = log_position(last_logged) if last_logged else (0, 0, 0, "")
    return [p for p in _viewed_after(db, match_id, last_logged)
            if after < log_position(p) and log_position(p)[0] != NOT_A_POSITION]


def _viewed_after(db: firestore.Client, match_id: str, last_logged: str | None) -> set[str]:
    """The positions of the views after `last_logged` as text, and those after it in the
    log that sort before it as text (`text_ranges_after`)."""
    views = db.collection(submissions_path(match_id))
    queries = [views.where(filter=FieldFilter("position", ">", last_logged or "0"))]
    queries += [views.where(filter=FieldFilter("position", ">=", low))
                     .where(filter=FieldFilter("position", "<", high))
                for low, high in (text_ranges_after(last_logged) if last_logged else [])]
    return {str(snap.get("position")) for query in queries
            for snap in query.select(["position"]).stream()}


def run_consensus(db: firestore.Client, match_id: str, position: str, *,
                  resolution: bool = False) -> Decided:
    """Decide after a submission for `position` (or, with `resolution`, after the resolution
    whose id is `position`)."""
    attempt: dict[str, FirestoreConsensusTx] = {}

    @firestore.transactional
    def run(tx: firestore.Transaction) -> Decided:
        attempt["tx"] = FirestoreConsensusTx(db, tx, match_id)
        step = on_resolution if resolution else on_submission
        return step(attempt["tx"], match_id, position)

    decided = run(db.transaction(max_attempts=MAX_ATTEMPTS))
    for bad in attempt["tx"].unreadable:
        log.warning("consensus of %s left out %s, which cannot be read: %s", match_id,
                    bad.docId, bad.why)
    log.info("consensus of %s at %s: %s%s %s (%d read)", match_id, position, decided.mode,
             f" ({decided.reason})" if decided.reason else "", decided.positions,
             attempt["tx"].reads)
    return decided
