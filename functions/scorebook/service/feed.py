"""Use case: publish the spectator feed beside live/score, never silently rewritten.

The feed of a log is `scorebook.feed.events` of each action. Published at
`matches/{matchId}/events/{seq}`, each event takes the next `seq` (the cursor apps resume
from). The next ball appends its events. A refold (a void or a correction of an earlier
ball, a late ball, a repair) compares the events of the refolded part of the log with those
published for it: an event published that still stands stays as it is; one that no longer
does is marked `retracted`, and a BALL_RETRACTED event names them all; then the events that
are new follow, with new `seq`s.

An event stands while its action and its key do (the ball, the wicket, the over, the
milestone still happened there). Its figures are those of when it was published: a change
to an earlier ball appends its corrections (the changed ball's events retracted, its
replacement's published) and does not rewrite what followed, whose running score it moved.
Re-publishing them cost a scorer's undo of a ball of a Test's first over a match's worth of
writes, and every follower a match's worth of downloads; live/now has the figures now. The
events of an action that itself changed in place (`changed`) must match their facts'
digest too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from scorebook.actions import log_position
from scorebook.document import to_document
from scorebook.feed_events import (
    NOTICE_TYPES,
    BallRetracted,
    BallRetractedEvent,
    FeedEvent,
    event_digest,
)

Document = Mapping[str, Any]


class LiveEvent(NamedTuple):
    """An event live after a run (kept or new): its `seq`, its action, and what a later
    refold matches it by (its key and digest) and places it by (its order)."""

    seq: int
    actionId: str | None
    key: str
    digest: str
    order: str


@dataclass
class FeedWrites:
    """What a run adds to `matches/{id}/events`: new event documents by `seq`, and the `seq`
    of each event a retraction takes back with the `seq` of the BALL_RETRACTED naming it."""

    events: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    retracted: list[tuple[int, int]] = field(default_factory=list)
    #: the events live after this run (kept or new): where the feed of the actions after
    #: some point starts, and what the log's pages keep of each action's events
    live: list[LiveEvent] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.events) + len(self.retracted)

    def add(self, seq: int, event: FeedEvent) -> None:
        document = event_document(event, seq)
        self.events.append((seq, document))
        self.live.append(LiveEvent(seq, event.actionId, event.key, document["digest"],
                                   event.order))


#: Text longer than this in an event is clipped when stored: ids and names are at most 128
#: characters when the rules check them, but an admin's write is not checked, and a document
#: must stay under Firestore's 1 MiB.
MAX_STORED_TEXT = 1_000


def _clipped(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_STORED_TEXT:
        return value[:200] + "…"
    if isinstance(value, dict):
        return {k: _clipped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clipped(v) for v in value]
    return value


def event_document(event: FeedEvent, seq: int) -> dict[str, Any]:
    """The stored event: the model's fields (any text too long for a document clipped), its
    `seq`, the digest a refold compares (of the event itself) and `retracted: false` (the
    adapter sets `createdAt`, the server's time)."""
    document = {**_clipped(to_document(event)), "seq": seq, "digest": event_digest(event),
                "retracted": False, "retractedBy": None}
    document.pop("createdAt", None)
    return document


def append(fresh: Iterable[FeedEvent], seq: int) -> tuple[FeedWrites, int]:
    """The events of the next actions, each with the next `seq`; and the last `seq`."""
    writes = FeedWrites()
    for event in fresh:
        seq += 1
        writes.add(seq, event)
    return writes, seq


def _after(action_id: Any, since: str | None) -> bool:
    return since is None or (isinstance(action_id, str)
                             and log_position(action_id) > log_position(since))


#: published events a refold of the log neither makes nor takes back
_NOT_OF_THE_LOG = NOTICE_TYPES | {"BALL_RETRACTED"}


def reconcile(
    fresh: list[FeedEvent], published: Sequence[tuple[int, Document]], *, seq: int,
    since: str | None, reason: str, changed: Iterable[str] = (),
) -> tuple[FeedWrites, int]:
    """Bring the published events of the actions after `since` (all: None) in line with
    `fresh`, their events now; `seq` is the last one used; the events of the `changed`
    actions must match their digest as well. Returns what to write and the last `seq`."""
    seq = _last_seq(seq, published)
    kept = _of_the_log_after(published, since)
    writes = FeedWrites()
    new = _still_standing(fresh, kept, set(changed), writes)
    gone = _no_longer_standing(kept)
    if gone:
        seq += 1
        _retract(writes, gone, seq, reason)
    for event in new:
        seq += 1
        writes.add(seq, event)
    return writes, seq


def _last_seq(seq: int, published: Sequence[tuple[int, Document]]) -> int:
    """The last `seq` used: the cursor's, or a published event's past it."""
    return max([seq, *(s for s, _ in published)]) if published else seq


def _no_longer_standing(kept: dict[tuple[Any, Any], list[tuple[int, Document]]],
                        ) -> list[tuple[int, Document]]:
    """The published events no event now took, by `seq`: to retract."""
    return sorted(((s, doc) for found in kept.values() for s, doc in found),
                  key=lambda item: item[0])


def _of_the_log_after(published: Sequence[tuple[int, Document]], since: str | None,
                     ) -> dict[tuple[Any, Any], list[tuple[int, Document]]]:
    """The published events a refold makes, of the actions after `since`, standing (not
    retracted), by action and key."""
    kept: dict[tuple[Any, Any], list[tuple[int, Document]]] = {}
    for s, doc in published:
        if not _standing_of_the_log(doc) or not _after(doc.get("actionId"), since):
            continue
        kept.setdefault((doc.get("actionId"), doc.get("key")), []).append((s, doc))
    return kept


def _standing_of_the_log(doc: Document) -> bool:
    """A published event a refold makes, not retracted."""
    return doc.get("retracted") is not True and doc.get("type") not in _NOT_OF_THE_LOG


def _still_standing(fresh: list[FeedEvent],
                    kept: dict[tuple[Any, Any], list[tuple[int, Document]]],
                    exact: set[str], writes: FeedWrites) -> list[FeedEvent]:
    """The events now that were published already go live in `writes` (taken from `kept`);
    returns the others, to publish."""
    new: list[FeedEvent] = []
    for event in fresh:
        found = _standing(kept.get((event.actionId, event.key), []), event_digest(event),
                          exact=event.actionId in exact)
        if found is not None:
            s, doc = found
            writes.live.append(LiveEvent(s, event.actionId, event.key, str(doc.get("digest")),
                                         str(doc.get("order"))))
        else:
            new.append(event)
    return new


def _standing(published: list[tuple[int, Document]], digest: str, *, exact: bool,
              ) -> tuple[int, Document] | None:
    """The published event an event now is (taken from `published`): the one with its
    digest, else (unless `exact`) the first of its action and key, figures of their time."""
    for i, (_, doc) in enumerate(published):
        if doc.get("digest") == digest:
            return published.pop(i)
    return published.pop(0) if published and not exact else None


def _retract(writes: FeedWrites, gone: list[tuple[int, Document]], seq: int, reason: str,
             ) -> None:
    """One BALL_RETRACTED event at `seq` taking back the `gone` events, and their marks."""
    # placed, and named, at the first event it takes back: the action where the log
    # changed, whichever trigger run noticed it
    first = min((doc for _, doc in gone), key=lambda doc: str(doc.get("order")))
    retraction = BallRetractedEvent(
        key=f"BALL_RETRACTED:{seq}", actionId=first.get("actionId"),
        order=str(first.get("order") or "00-0000-00-00"),
        payload=BallRetracted(retractedSeqs=[s for s, _ in gone], reason=reason[:500]))
    writes.events.append((seq, event_document(retraction, seq)))
    writes.retracted = [(s, seq) for s, _ in gone]


def first_seq_after(writes: FeedWrites, since: str | None, last: int) -> int:
    """A `seq` no higher than that of the first live event of an action after `since`
    (minus one), or `last` when there is none: where a later change after `since` reads."""
    seqs = [live.seq for live in writes.live if _after(live.actionId, since)]
    return min(seqs) - 1 if seqs else last
