"""Replay the whole log: the match as the fold takes it, the checkpoint of every action,
the feed and the ledger brought in line with it."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import ValidationError

from scorebook.document import to_document
from scorebook.feed_events import FeedEvent
from scorebook.integrity import problem
from scorebook.ledger import Change, LedgerHead, changes_of
from scorebook.match import Match
from scorebook.service.feed import FeedWrites
from scorebook.service.live_score.checkpoint import Checkpoint
from scorebook.service.live_score.fold import (
    describe_error,
    fold_documents,
    in_log_order,
    reconcile_feed,
)
from scorebook.service.live_score.ports import Document, Outcome, ProjectionTx
from scorebook.service.live_score.write import stored_version, write_projection
from scorebook.service.log_pages import PageWrites
from scorebook.state import initial_state


def read_match(tx: ProjectionTx, match_id: str) -> Match | Outcome:
    """The match as the fold takes it (its document and lineups), or why there is none."""
    # the lineups' view is a rebuild's (a ball folds onto the checkpoint without the match):
    # not among what a scoring trigger's instance imports as it starts
    from scorebook.views.lineups import match_for_fold

    match_doc = tx.match()
    if match_doc is None:
        return Outcome("no_match", reason=f"matches/{match_id} does not exist")
    try:
        # the path names the match: an `id` field that says otherwise (an admin's copy of
        # another match) must not make every checkpoint another match's
        return match_for_fold({**match_doc, "id": match_id}, tx.lineups())
    except ValidationError as error:
        reason = f"matches/{match_id}: {describe_error(error)}"
        tx.flag_match(to_document(problem("unparseable_match", reason)))
        return Outcome("no_match", reason=reason)


def rebuild(
    tx: ProjectionTx, match_id: str, checkpoint: Checkpoint | None, stored: Document | None,
    reason: str, *, match: Match | None = None, suspicious: bool = False,
) -> Outcome:
    """Replay the whole log; `match` when the caller has read it already."""
    match = match or read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    rebuilt, writes, changes, pages = refold(tx, match_id, match, checkpoint, stored,
                                              reason=reason)
    return write_projection(tx, rebuilt, Outcome("rebuilt", reason=reason, suspicious=suspicious),
                  feed=writes, ledger=changes, pages=pages)


class Refold(NamedTuple):
    checkpoint: Checkpoint
    feed: FeedWrites
    ledger: list[tuple[Change, str, Document]]
    pages: PageWrites


def refold(
    tx: ProjectionTx, match_id: str, match: Match, checkpoint: Checkpoint | None,
    stored: Document | None, *, reason: str,
) -> Refold:
    """The checkpoint of the whole log, carrying on the stored one's history (its version,
    rebuilds, the match fields last written and the ledger's head), the feed's writes that
    bring the published events in line with it, the changes of the log the ledger has no
    entry for, and the log's pages, every one: what a rebuild writes."""
    rebuilt = Checkpoint(state=initial_state(match))
    fresh: list[FeedEvent] = []
    docs = in_log_order(tx.actions_after(None))
    pages = PageWrites()
    fold_documents(rebuilt, match_id, docs, fresh, pages)
    if checkpoint is not None:  # pages past the log's last now
        pages.dropped = list(range(len(rebuilt.pages), len(checkpoint.pages)))
    if checkpoint is not None:
        _carry_on(rebuilt, checkpoint)
    else:
        _start_history(tx, rebuilt, stored)
    writes = reconcile_feed(tx, rebuilt, fresh, since=None, floor=0, reason=reason)
    appended = _ledger_appended(tx, rebuilt, checkpoint, docs)
    return Refold(rebuilt, writes, changes_of(docs, rebuilt.ledger, appended), pages)


def _carry_on(rebuilt: Checkpoint, checkpoint: Checkpoint) -> None:
    """The stored checkpoint's history, carried on by the rebuild."""
    rebuilt.version = checkpoint.version
    rebuilt.rebuilds = checkpoint.rebuilds + 1
    rebuilt.matchFields = checkpoint.matchFields
    rebuilt.feedSeq = checkpoint.feedSeq
    rebuilt.disputes = checkpoint.disputes


def _start_history(tx: ProjectionTx, rebuilt: Checkpoint, stored: Document | None) -> None:
    """No checkpoint: the history starts at the stored live/score's version."""
    rebuilt.version = stored_version(stored)
    rebuilt.rebuilds = 1
    rebuilt.matchFields = None
    rebuilt.feedSeq = 0
    rebuilt.disputes = dict.fromkeys(tx.open_disputes(), "open")


def _ledger_appended(tx: ProjectionTx, rebuilt: Checkpoint, checkpoint: Checkpoint | None,
                     docs: list[tuple[str, Document]]) -> set[str]:
    """The ledger's head set on `rebuilt`; returns the actions the ledger has appended."""
    if checkpoint is not None and checkpoint.ledger.appended == rebuilt.count:
        # the count says the ledger has every action; its voids are listed in its head
        rebuilt.ledger = checkpoint.ledger
        return {doc_id for doc_id, _ in docs}
    # which actions does it have? a late ball, a lost run, an untrusted checkpoint
    entries = tx.ledger_entries()
    rebuilt.ledger = LedgerHead.of(entries)
    return {str(e.get("actionId")) for e in entries if e.get("change") == "append"}
