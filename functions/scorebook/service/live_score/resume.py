"""Refold part of the log: from the current over's start (an undo within the over), or
from the log's page that holds the earliest change (reading the pages, not the log)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from scorebook.actions import is_voided, log_position
from scorebook.feed_events import FeedEvent
from scorebook.ledger import changes_of
from scorebook.service.live_score.checkpoint import (
    Checkpoint,
    LogPrefixState,
    chain_log_digest,
    log_digest_seed,
)
from scorebook.service.live_score.fold import fold_documents, in_log_order, reconcile_feed
from scorebook.service.live_score.ports import ActionEvent, Document, Outcome, ProjectionTx
from scorebook.service.live_score.write import write_projection
from scorebook.service.log_pages import PageRef, PageWrites, StoredPage, page_of, read_page


def resume_over(
    tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, reason: str,
    changed: set[str] | None = None,
) -> Outcome | None:
    """Fold from the over's start, or None when a void before it was never folded;
    `changed`: the action the run is about, when it changed (its events must be exact)."""
    assert checkpoint.overStart is not None  # plan() resumes only from a snapshot
    resumed = _at_over_start(checkpoint)
    new_docs = tx.actions_after(resumed.lastSeenId)
    new_voids = sum(is_voided(data) for _, data in new_docs)
    if tx.voided_count() != resumed.voided + new_voids:
        return None
    fresh: list[FeedEvent] = []
    # what was read since the over's start has its entries; a late ball does not
    changes = changes_of(in_log_order(new_docs), checkpoint.ledger, set(checkpoint.overSeen))
    pages = PageWrites()
    fold_documents(resumed, match_id, new_docs, fresh, pages)
    _take_out_moved(pages, checkpoint, kept=len(resumed.pages))
    pages.dropped = list(range(len(resumed.pages), len(checkpoint.pages)))
    writes = reconcile_feed(tx, resumed, fresh, since=checkpoint.overStart.lastSeenId,
                             floor=checkpoint.overStartFeedSeq, reason=reason,
                             changed=changed or ())
    return write_projection(tx, resumed, Outcome("rebuilt_over", reason=reason), feed=writes,
                  ledger=changes, pages=pages)


def _at_over_start(checkpoint: Checkpoint) -> Checkpoint:
    """The checkpoint as it was when the over began, with what is not the fold's now."""
    assert checkpoint.overStart is not None
    return Checkpoint(
        **checkpoint.overStart.model_dump(),
        version=checkpoint.version,
        rebuilds=checkpoint.rebuilds,
        matchFields=checkpoint.matchFields,
        overStart=checkpoint.overStart,
        overStartKey=checkpoint.overStartKey,
        feedSeq=checkpoint.feedSeq,
        ledger=checkpoint.ledger,
        disputes=checkpoint.disputes,
    )


def _take_out_moved(pages: PageWrites, checkpoint: Checkpoint, *, kept: int) -> None:
    """Take out of their pages (before page `kept`) the over's documents the refold did not
    put back where they were."""
    placed = _placed(pages)
    for seen in checkpoint.overSeen:
        was = page_of(checkpoint.pages, seen)
        if placed.get(seen) != was and was < kept:
            # deleted since it was read, or in another page now: a late ball that completes
            # the over (Law 17: six legal balls) starts the next over, and maybe a page, sooner
            pages.add(was, seen, None)


def _placed(pages: PageWrites) -> dict[str, int]:
    """The page each document written goes into."""
    return {doc_id: k for k, docs in pages.docs.items() for doc_id in docs}


def resume_page(
    tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, event: ActionEvent | None,
    reason: str,
) -> Outcome | None:
    """Refold from the start of the log's page that holds the earliest change: the event's
    action, or a void whose own run has not come (the voided actions, read, say which). The
    pages from there on hold every document folded since, so they are read instead of the
    log: about 30 reads for a ball of the first over of a five-day Test, not 2,700. None
    when they cannot stand for the log (a page missing, damaged or short of a document:
    their documents must chain to the checkpoint's digest), for a deletion, or when the
    log's counts say something else was never folded; the run then reads the log."""
    last = checkpoint.lastSeenId
    if not checkpoint.pages or last is None or _deletion(event):
        return None  # a deletion: only the whole log says what is left
    found = _changes(tx, checkpoint, event, last)
    if found is None:
        return None
    voided, changed = found
    pages = _from_pages(tx, checkpoint, match_id, _first_page(checkpoint, changed))
    if pages is None:
        return None
    return _resume_from_pages(tx, checkpoint, match_id, pages, voided=voided, changed=changed,
                              reason=reason)


def _deletion(event: ActionEvent | None) -> bool:
    return event is not None and event.after is None


def _first_page(checkpoint: Checkpoint, changed: dict[str, Document]) -> int:
    """The page that holds the earliest of the changes."""
    return min(page_of(checkpoint.pages, doc_id) for doc_id in changed)


def _resume_from_pages(tx: ProjectionTx, checkpoint: Checkpoint, match_id: str,
                       pages: _FromPage, *, voided: dict[str, Document],
                       changed: dict[str, Document], reason: str) -> Outcome | None:
    """Refold from the pages read, with the changes and the actions after the last folded;
    None when the log's counts say something else was never folded."""
    log = _log_now(pages, voided, changed, checkpoint.pages[pages.k].after)
    new_docs = tx.actions_after(checkpoint.lastSeenId)
    docs = in_log_order([*(log or {}).items(), *new_docs])
    if log is None or not _counts_agree(tx, pages.start, voided, docs):
        return None  # something else was never folded: only the log can say what is true
    if log == dict(pages.folded) and not new_docs:  # delivered twice: its change is folded
        return Outcome("unchanged", reason="folded already", version=checkpoint.version)
    return _refold_from_page(tx, checkpoint, match_id, pages, docs, reason=reason,
                             changed=set(changed))


def _changes(tx: ProjectionTx, checkpoint: Checkpoint, event: ActionEvent | None, last: str,
             ) -> tuple[dict[str, Document], dict[str, Document]] | None:
    """The voided actions, and the changes up to `last` not folded: the event's action and
    every void the ledger has not entered; None when there are none, or when the event's
    action was voided, then no longer (what it holds now is not known here)."""
    voided = dict(tx.voided_actions())
    changed = _voids_not_entered(voided, checkpoint)
    if event is not None and event.after is not None:
        if is_voided(event.after) and event.action_id not in voided:
            return None
        changed[event.action_id] = voided.get(event.action_id, event.after)
    changed = _up_to(changed, last)
    return (voided, changed) if changed else None


def _voids_not_entered(voided: dict[str, Document], checkpoint: Checkpoint,
                       ) -> dict[str, Document]:
    """The voided actions whose void the ledger has not entered: voids whose run has not
    come."""
    entered = set(checkpoint.ledger.voidedIds)
    return {doc_id: data for doc_id, data in voided.items() if doc_id not in entered}


def _up_to(docs: dict[str, Document], last: str) -> dict[str, Document]:
    """The documents at `last`'s position in the log or before it."""
    return {i: d for i, d in docs.items() if log_position(i) <= log_position(last)}


def _counts_agree(tx: ProjectionTx, start: LogPrefixState, voided: dict[str, Document],
                  docs: list[tuple[str, Document]]) -> bool:
    """The log's counts of actions and of voids are the page's start's and `docs`'."""
    return (len(voided) == start.voided + sum(is_voided(d) for _, d in docs)
            and tx.action_count() == start.count + len(docs))


@dataclass
class _FromPage:
    """The log from the start of page `k` on, as the pages hold it."""

    k: int
    start: LogPrefixState
    stored_start: str
    #: the documents as the checkpoint folded them, in log order
    folded: list[tuple[str, Document]]
    #: the feed's events published for them, as `reconcile` reads events
    published: list[tuple[int, Document]]


def _from_pages(tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, k: int,
                ) -> _FromPage | None:
    """Pages `k` to the last, read, or None when they cannot stand for what the checkpoint
    folded after page `k` starts."""
    refs = checkpoint.pages
    pages = _stored_pages(tx.pages(k, len(refs)), refs, match_id, k)
    if pages is None or pages[0].start is None:
        return None
    start = _page_start(pages[0].start, checkpoint)
    folded = in_log_order(_documents_of(pages))
    published = _published(pages, folded)
    if start is None or published is None or not _chains_to(
            start.count, start.logDigest, folded, checkpoint, match_id):
        return None
    return _FromPage(k, start, pages[0].start, folded, published)


def log_in_pages(checkpoint: Checkpoint, head: list[tuple[str, Document]],
                 stored: list[Document | None], match_id: str,
                 ) -> list[tuple[str, Document]] | None:
    """Every action document the checkpoint folded, in log order: `head`, the actions read
    before the first page began (`log_pages.head_ids`), then what the pages (`stored`,
    from the first) hold: a read a page where the log is a read an action. None when they
    cannot stand for that log: a page missing, damaged or out of step, a document left out
    of one or of the head."""
    pages = _stored_pages(stored, checkpoint.pages, match_id)
    if pages is None:
        return None
    folded = in_log_order([*head, *_documents_of(pages)])
    return folded if _chains_to(0, "", folded, checkpoint, match_id) else None


def _documents_of(pages: list[StoredPage]) -> list[tuple[str, Document]]:
    """(id, data) of the documents the pages hold, page by page."""
    return [item for page in pages for item in page.docs.items()]


def _stored_pages(stored: list[Document | None], refs: list[PageRef], match_id: str,
                  first: int = 0) -> list[StoredPage] | None:
    """Pages `first` on as read (`stored`, in order), or None when one of them cannot be
    folded from (`read_page` says why) or there is none."""
    pages = []
    for k, doc in enumerate(stored, first):
        page = read_page(doc, match_id, k, refs[k])
        if not isinstance(page, StoredPage):
            return None
        pages.append(page)
    return pages or None


def _log_now(pages: _FromPage, voided: dict[str, Document], changed: dict[str, Document],
             after: str | None) -> dict[str, Document] | None:
    """The documents after the page's start as they are now: as folded, with the changes
    and every action voided since; None when the voids say otherwise than the pages (a void
    undone, a count of voids before the page that differs)."""
    log = dict(pages.folded)
    if not _voids_agree(log, pages.start.voided, voided, after):
        return None
    log.update((doc_id, data) for doc_id, data in voided.items() if doc_id in log)
    log.update(changed)
    return log


def _voids_agree(log: dict[str, Document], voided_before: int, voided: dict[str, Document],
                 after: str | None) -> bool:
    """Whether the voided actions are as many before the page's start (`after`) as the page
    says, and include every action the pages hold voided."""
    if _voided_before(voided, after) != voided_before:
        return False
    return not any(is_voided(data) and doc_id not in voided for doc_id, data in log.items())


def _voided_before(voided: dict[str, Document], after: str | None) -> int:
    """How many of the voided actions are at `after` or before it (None: the log's start)."""
    if after is None:
        return 0
    start = log_position(after)
    return sum(log_position(i) <= start for i in voided)


def _refold_from_page(tx: ProjectionTx, checkpoint: Checkpoint, match_id: str,
                      pages: _FromPage, docs: list[tuple[str, Document]], *, reason: str,
                      changed: set[str]) -> Outcome:
    """Fold `docs` from the page's start, the feed reconciled with what the pages say was
    published, the pages from there on rewritten."""
    refs = checkpoint.pages
    resumed = Checkpoint(
        **pages.start.model_dump(exclude={"pages"}),
        pages=[*refs[:pages.k], PageRef(after=refs[pages.k].after, count=refs[pages.k].count)],
        version=checkpoint.version, rebuilds=checkpoint.rebuilds,
        matchFields=checkpoint.matchFields, feedSeq=checkpoint.feedSeq,
        ledger=checkpoint.ledger, disputes=checkpoint.disputes,
    )
    writes = PageWrites()
    writes.start(pages.k, pages.stored_start)
    fresh: list[FeedEvent] = []
    fold_documents(resumed, match_id, docs, fresh, writes)
    writes.dropped = list(range(len(resumed.pages), len(refs)))
    feed = reconcile_feed(tx, resumed, fresh, since=refs[pages.k].after, floor=0,
                           reason=reason, published=pages.published, changed=changed)
    changes = changes_of(docs, checkpoint.ledger, set(dict(pages.folded)))
    return write_projection(tx, resumed, Outcome("rebuilt_page", reason=reason), feed=feed,
                  ledger=changes, pages=writes)


def _page_start(stored: str, checkpoint: Checkpoint) -> LogPrefixState | None:
    """The fold where a page starts, with the checkpoint's match config (a page keeps
    none: names changed since are the checkpoint's), or None when it cannot be read."""
    try:
        data = json.loads(stored)
        data["state"]["config"] = checkpoint.state.config.model_dump()
        return LogPrefixState.model_validate(data)
    except (KeyError, TypeError, ValueError, ValidationError):
        return None


def _chains_to(count: int, digest: str, folded: list[tuple[str, Document]],
               checkpoint: Checkpoint, match_id: str) -> bool:
    """Whether the pages' documents are exactly what the checkpoint folded after a page's
    start (`count` actions read by then, their `digest`; "" the empty log's): as many, and
    chained onto that digest they give the checkpoint's."""
    if count + len(folded) != checkpoint.count:
        return False
    digest = digest or log_digest_seed(match_id)
    for doc_id, data in folded:
        digest = chain_log_digest(digest, doc_id, data)
    return digest == (checkpoint.logDigest or log_digest_seed(match_id))


def _kept_events(pages: list[StoredPage]) -> dict[str, list[tuple[int, str, str, str]]]:
    """The events each page keeps, by action id."""
    events: dict[str, list[tuple[int, str, str, str]]] = {}
    for page in pages:
        events.update(page.events)
    return events


def _published(pages: list[StoredPage], folded: list[tuple[str, Document]],
               ) -> list[tuple[int, Document]] | None:
    """The feed's events published for the pages' actions, as the pages keep them (None:
    an action's are not kept), in the form `reconcile` reads them in."""
    events = _kept_events(pages)
    if any(doc_id not in events for doc_id, _ in folded):
        return None
    return sorted((seq, {"actionId": doc_id, "key": key, "digest": digest, "order": order})
                  for doc_id, _ in folded for seq, key, digest, order in events[doc_id])
