"""Fold action documents onto a checkpoint: parse each (or record why not), chain the log's
digest, snapshot each over's start, note the log's pages, collect the feed's events."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from scorebook.actions import (
    Action,
    ActionParseError,
    action_id,
    is_voided,
    log_position,
    log_sorted,
    parse_action,
)
from scorebook.document import describe
from scorebook.feed import Marks, fold_with_events, marks
from scorebook.feed_events import FeedEvent
from scorebook.fold import fold_into
from scorebook.integrity import IntegrityProblem, log_problems, problem
from scorebook.match import Match
from scorebook.service.feed import FeedWrites, first_seq_after, reconcile
from scorebook.service.live_score.checkpoint import (
    Checkpoint,
    LogPrefixState,
    chain_log_digest,
    log_digest_seed,
)
from scorebook.service.live_score.ports import Document, ProjectionTx
from scorebook.service.log_pages import PageRef, PageWrites, opens_page, takes
from scorebook.state import FoldState, initial_state


def describe_error(error: Exception) -> str:
    """One line naming each bad field and why."""
    if isinstance(error, ActionParseError):
        return "; ".join(error.problems)
    if isinstance(error, ValidationError):
        return "; ".join(describe(error, whole="(document)"))
    return f"{type(error).__name__}: {error}"


def parse_document(match_id: str, doc_id: str, data: Document) -> Any:
    """The action in a scoring_actions document, or an IntegrityProblem saying why not.

    The id must be the action's position (`1-0042`), or for a correction that position
    followed by `-c<n>`: the log order is the id order, which lets a trigger ask Firestore
    for "the actions after the last one folded" without reading the log.
    """
    try:
        action = parse_action({"id": doc_id, "matchId": match_id, **data})
    except ValueError as error:  # ActionParseError names each bad field and why
        return problem("unparseable", describe_error(error), doc_id)
    if action.id != doc_id:
        return problem("id_mismatch", f"field id {action.id!r} differs from the document id",
                       doc_id)
    if action.matchId != match_id:
        return problem("match_mismatch", f"matchId {action.matchId!r} is not {match_id!r}",
                       doc_id)
    position = action_id(action.inningsNumber, action.sequenceNumber)
    if not _at_position(action, doc_id, position):
        return problem("id_not_position",
                       f"document id should be {position!r} (innings-sequence)", doc_id)
    return action


def _at_position(action: Any, doc_id: str, position: str) -> bool:
    """The document is at the action's position, or (a correction) just after it."""
    is_correction = action.corrects is not None and doc_id.startswith(position + "-c")
    return doc_id == position or is_correction


def fold_documents(
    checkpoint: Checkpoint, match_id: str, docs: Iterable[tuple[str, Document]],
    feed: list[FeedEvent] | None = None, pages: PageWrites | None = None,
) -> int:
    """Fold documents (after checkpoint.lastSeenId) onto the checkpoint, in log order; with
    `feed`, append each action's events (`scorebook.feed.events`) to it; with `pages`, note
    what the log's pages get: each document, and the start of each page begun."""
    folded = 0
    after: Marks | None = None  # the marks of the state after the last action folded
    for doc_id, data in in_log_order(docs):
        _take_in(checkpoint, match_id, doc_id, data, pages)
        parsed = parse_document(match_id, doc_id, data)
        if isinstance(parsed, IntegrityProblem):
            checkpoint.badDocuments.append(parsed)
            continue
        checkpoint.logProblems.extend(log_problems([parsed], checkpoint.audit))
        after = _fold_action(checkpoint, parsed, feed, after)
        folded += 1
    return folded


def _take_in(checkpoint: Checkpoint, match_id: str, doc_id: str, data: Document,
             pages: PageWrites | None) -> None:
    """Count a document into the checkpoint: its over, its page, the log's digest and
    counts, whatever it holds."""
    _open_over_and_page(checkpoint, pages)
    kept = takes(checkpoint.pages[-1], doc_id, data)
    if pages is not None:
        pages.add(len(checkpoint.pages) - 1, doc_id, data if kept else None)
    voided = is_voided(data)
    checkpoint.overSeen[doc_id] = voided
    checkpoint.logDigest = chain_log_digest(
        checkpoint.logDigest or log_digest_seed(match_id), doc_id, data)
    checkpoint.count += 1
    checkpoint.voided += voided
    checkpoint.lastSeenId = doc_id


def _open_over_and_page(checkpoint: Checkpoint, pages: PageWrites | None) -> None:
    # Taken just before the first action of each over, not after the last one of the
    # previous over: undoing the ball that ended an over stays within this snapshot.
    over = _over_key(checkpoint.state)
    if checkpoint.overStart is None or list(over) != checkpoint.overStartKey:
        _start_over(checkpoint, over, pages)
    if not checkpoint.pages:  # a checkpoint forged without them: a page with no start
        checkpoint.pages.append(PageRef(after=checkpoint.lastSeenId, count=checkpoint.count))


def _fold_action(checkpoint: Checkpoint, parsed: Action, feed: list[FeedEvent] | None,
                 after: Marks | None) -> Marks | None:
    """Fold an action onto the state, its events appended to `feed` (if any); returns the
    marks of the state after it (when the events are made)."""
    if feed is None:
        fold_into(checkpoint.state, [parsed])
        return after
    before = marks(checkpoint.state) if after is None else after
    after, found = fold_with_events(checkpoint.state, parsed, before)
    feed.extend(found)
    return after


def _start_over(checkpoint: Checkpoint, over: tuple[int, int], pages: PageWrites | None,
                ) -> None:
    """Snapshot the fold at an over's start (a change within the over resumes there), and
    begin a page of the log there when one is due: its start is that snapshot."""
    begun = opens_page(checkpoint.pages, checkpoint.count)
    if begun:
        checkpoint.pages.append(PageRef(after=checkpoint.lastSeenId, count=checkpoint.count))
    # the innings over are shared, not copied: the fold never changes one in place again
    # (scorebook.state), and the stored form shares them too (`overStartShares`)
    settled = checkpoint.state.innings[:-1]
    checkpoint.overStart = LogPrefixState.model_validate(checkpoint.model_dump(
        include=set(LogPrefixState.model_fields),
        exclude={"state": {"innings": set(range(len(settled)))}}))
    checkpoint.overStart.state.innings[:0] = settled
    checkpoint.overStartKey = list(over)
    checkpoint.overSeen = {}
    checkpoint.overStartFeedSeq = checkpoint.feedSeq
    if begun and pages is not None:
        pages.start(len(checkpoint.pages) - 1, page_start(checkpoint.overStart))


def page_start(state: LogPrefixState) -> str:
    """A page's start as stored: the fold there, without the match config (the checkpoint's
    is used: a change of names re-renders without refolding) and the pages before it."""
    return state.model_dump_json(exclude={"pages": True, "state": {"config"}})


def _over_key(state: FoldState) -> tuple[int, int]:
    """Which over the fold is in: a new innings or a completed over starts another."""
    current = state.current()
    return (len(state.innings), current.completedOvers if current else 0)


def rebuild_checkpoint(match: Match, docs: Iterable[tuple[str, Document]]) -> Checkpoint:
    """The checkpoint after the whole log: the batch definition of the projection."""
    checkpoint = Checkpoint(state=initial_state(match))
    ordered = sorted(docs, key=lambda item: log_position(item[0]))
    parsed = [(doc_id, data, parse_document(match.id, doc_id, data)) for doc_id, data in ordered]
    # The fold applies actions in log order; ids are log order for every accepted document.
    actions = log_sorted(p for _, _, p in parsed if not isinstance(p, IntegrityProblem))
    fold_into(checkpoint.state, actions, ordered=True)
    checkpoint.logProblems = log_problems(actions, checkpoint.audit)
    _count_read(checkpoint, parsed)
    checkpoint.lastSeenId = ordered[-1][0] if ordered else None
    return checkpoint


def _count_read(checkpoint: Checkpoint, parsed: list[tuple[str, Document, Any]]) -> None:
    """Every document read counted, its void too, and one that is no action noted."""
    for _, data, p in parsed:
        checkpoint.count += 1
        checkpoint.voided += is_voided(data)
        if isinstance(p, IntegrityProblem):
            checkpoint.badDocuments.append(p)


def reconcile_feed(
    tx: ProjectionTx, checkpoint: Checkpoint, fresh: list[FeedEvent], *, since: str | None,
    floor: int, reason: str, published: list[tuple[int, Document]] | None = None,
    changed: Iterable[str] = (),
) -> FeedWrites:
    """The feed of the actions after `since`, refolded, against what was published for
    them (read from `floor` on, unless the log's pages said; `changed`: actions edited in
    place); leaves the checkpoint's cursors where the feed now is."""
    if published is None:
        published = tx.published_events(floor)
    writes, checkpoint.feedSeq = reconcile(fresh, published, seq=checkpoint.feedSeq,
                                           since=since, reason=reason, changed=changed)
    start = checkpoint.overStart.lastSeenId if checkpoint.overStart else None
    checkpoint.overStartFeedSeq = first_seq_after(writes, start, checkpoint.feedSeq)
    return writes


def in_log_order(docs: Iterable[tuple[str, Document]]) -> list[tuple[str, Document]]:
    return sorted(docs, key=lambda item: log_position(item[0]))
