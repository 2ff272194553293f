"""The officials' notices: the feed tells spectators when a dispute opens and closes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scorebook.actions import log_position
from scorebook.feed import event_order
from scorebook.feed_events import (
    DisputedField,
    DisputeRaised,
    DisputeRaisedEvent,
    DisputeResolved,
    DisputeResolvedEvent,
    FeedEvent,
)
from scorebook.ledger import Change
from scorebook.service.feed import FeedWrites
from scorebook.service.live_score.checkpoint import Checkpoint
from scorebook.service.live_score.ports import Document, Outcome, ProjectionTx
from scorebook.service.live_score.rebuild import read_match, refold
from scorebook.service.live_score.write import write_projection
from scorebook.service.log_pages import PageWrites


def dispute_notice(position: str, before: Document | None, after: Document | None,
                   ) -> FeedEvent | None:
    """The feed's notice of a dispute's change: raised when it opens, resolved when it
    closes; None for any other write (a problem noted on it)."""
    was, now = _status(before), _status(after)
    # a status that is no text (an admin's hand edit) is no key of the table: no notice
    notice = _NOTICES.get(now) if isinstance(now, str) else None
    if notice is None or now == was:
        return None
    return notice(position, _common(position), after or {})


def _status(dispute: Document | None) -> Any:
    return (dispute or {}).get("status")


def _common(position: str) -> Document:
    """The fields a notice of the dispute at `position` has whether raised or resolved."""
    innings = log_position(position)[0]
    # after the events of the action at its position, whatever they are
    return {"actionId": position, "inningsNumber": innings if innings > 0 else None,
            "order": event_order(position, 99)}


def _raised(position: str, common: Document, dispute: Document) -> FeedEvent:
    return DisputeRaisedEvent(key=f"DISPUTE:{position}:raised", **common,
                              payload=DisputeRaised(
                                  position=position, differences=_differences(dispute),
                                  scorerIds=[str(s) for s in dispute.get("scorerIds") or []]))


def _differences(dispute: Document) -> list[DisputedField]:
    """The fields in dispute, each with every scorer's value."""
    return [DisputedField(field=str(d.get("field")), values=dict(d.get("values") or {}))
            for d in dispute.get("differences") or [] if isinstance(d, Mapping)]


def _resolved(position: str, common: Document, dispute: Document) -> FeedEvent:
    return DisputeResolvedEvent(key=f"DISPUTE:{position}:resolved", **common,
                                payload=DisputeResolved(
                                    position=position, method=str(dispute.get("method")),
                                    resolvedBy=str(dispute.get("resolvedBy")),
                                    abandoned=dispute.get("abandoned") is True))


#: a checkpoint, with the feed's, the ledger's and the pages' writes of its refold (none:
#: it was stored)
_Folded = tuple[Checkpoint, FeedWrites, list[tuple[Change, str, Document]], PageWrites | None]

#: The notice a dispute's new status gives spectators (another status: none).
_NOTICES: dict[Any, Callable[[str, Document, Document], FeedEvent]] = {
    "open": _raised,
    "resolved": _resolved,
}


def publish_notice(tx: ProjectionTx, match_id: str, position: str, before: Document | None,
                   after: Document | None) -> Outcome:
    """Publish a dispute's notice in the feed, with the next `seq` (the checkpoint owns the
    cursor), and live/score's open disputes with it; once, however often it is delivered."""
    event = dispute_notice(position, before, after)
    if event is None:
        return Outcome("unchanged", reason="no change a spectator is told of")
    status = "open" if event.type == "SCORING_DISPUTE_RAISED" else "resolved"
    found = _checkpoint_to_notice(tx, match_id)
    if isinstance(found, Outcome):
        return found
    checkpoint, writes, changes, pages = found
    if checkpoint.disputes.get(position) in (status, "resolved"):
        return Outcome("unchanged", reason=f"the feed has told of {position} {status}")
    checkpoint.disputes[position] = status
    checkpoint.feedSeq += 1
    writes.add(checkpoint.feedSeq, event)
    return write_projection(tx, checkpoint, Outcome("noticed", reason=f"{position} {status}"),
                            feed=writes, ledger=changes, pages=pages)


def _checkpoint_to_notice(tx: ProjectionTx, match_id: str) -> _Folded | Outcome:
    """The checkpoint the notice's `seq` follows, with the feed's, the ledger's and the log
    pages' writes of its refold when the stored one cannot be trusted (or why the match
    cannot be folded): the refolded checkpoint names its pages, which must be there."""
    stored = tx.checkpoint()
    loaded = Checkpoint.load(stored, match_id)
    if isinstance(loaded, Checkpoint):
        return loaded, FeedWrites(), [], None
    match = read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    return refold(tx, match_id, match, None, stored, reason=loaded.reason)
