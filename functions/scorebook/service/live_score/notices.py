"""The officials' notices: the feed tells spectators when a dispute opens and closes."""

from __future__ import annotations

from collections.abc import Mapping

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


def dispute_notice(position: str, before: Document | None, after: Document | None,
                   ) -> FeedEvent | None:
    """The feed's notice of a dispute's change: raised when it opens, resolved when it
    closes; None for any other write (a problem noted on it)."""
    was = (before or {}).get("status")
    now = (after or {}).get("status")
    if now == "open" and was != "open":
        return _raised(position, _common(position), after or {})
    if now == "resolved" and was != "resolved":
        return _resolved(position, _common(position), after or {})
    return None


def _common(position: str) -> Document:
    """The fields a notice of the dispute at `position` has whether raised or resolved."""
    innings = log_position(position)[0]
    # after the events of the action at its position, whatever they are
    return {"actionId": position, "inningsNumber": innings if innings > 0 else None,
            "order": event_order(position, 99)}


def _raised(position: str, common: Document, dispute: Document) -> FeedEvent:
    differences = [DisputedField(field=str(d.get("field")), values=dict(d.get("values") or {}))
                   for d in dispute.get("differences") or [] if isinstance(d, Mapping)]
    return DisputeRaisedEvent(key=f"DISPUTE:{position}:raised", **common,
                              payload=DisputeRaised(
                                  position=position, differences=differences,
                                  scorerIds=[str(s) for s in dispute.get("scorerIds") or []]))


def _resolved(position: str, common: Document, dispute: Document) -> FeedEvent:
    return DisputeResolvedEvent(key=f"DISPUTE:{position}:resolved", **common,
                                payload=DisputeResolved(
                                    position=position, method=str(dispute.get("method")),
                                    resolvedBy=str(dispute.get("resolvedBy")),
                                    abandoned=dispute.get("abandoned") is True))


def publish_notice(tx: ProjectionTx, match_id: str, position: str, before: Document | None,
                   after: Document | None) -> Outcome:
    """Publish a dispute's notice in the feed, with the next `seq` (the checkpoint owns the
    cursor), and live/score's open disputes with it; once, however often it is delivered."""
    event = dispute_notice(position, before, after)
    if event is None:
        return Outcome("unchanged", reason="no change a spectator is told of")
    status = "open" if event.type == "SCORING_DISPUTE_RAISED" else "resolved"
    stored = tx.checkpoint()
    loaded = Checkpoint.load(stored, match_id)
    changes: list[tuple[Change, str, Document]] = []
    if isinstance(loaded, Checkpoint):
        checkpoint, writes = loaded, FeedWrites()
    else:
        match = read_match(tx, match_id)
        if isinstance(match, Outcome):
            return match
        checkpoint, writes, changes, pages = refold(tx, match_id, match, None, stored,
                                                     reason=loaded.reason)
    if checkpoint.disputes.get(position) in (status, "resolved"):
        return Outcome("unchanged", reason=f"the feed has told of {position} {status}")
    checkpoint.disputes[position] = status
    checkpoint.feedSeq += 1
    writes.add(checkpoint.feedSeq, event)
    return write_projection(tx, checkpoint, Outcome("noticed", reason=f"{position} {status}"),
                  feed=writes, ledger=changes)
