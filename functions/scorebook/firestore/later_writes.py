"""The writes of a live/score run that its one commit cannot take (feed events and whole log
pages past its budgets), written just after it in batches (`written_after_commit`), and the
form each such write takes, in the commit or after it (`later_write`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore

from scorebook.document import document_size
from scorebook.firestore.encoding import encoded_here, placeholders
from scorebook.service.live_score import Document

# Firestore commits at most 500 writes at once; a run's other writes take 3, and its ledger
# entries (at most MAX_LEDGER_ENTRIES) come off the feed's share.
MAX_FEED_WRITES_IN_TX = 450
# A commit request takes at most 10 MiB: log pages written whole (a rebuild writes every
# one, up to about 1 MiB each) go in the commit up to this much, the rest just after it.
MAX_PAGE_BYTES_IN_TX = 5_000_000

#: What a write of the feed or of the log's pages is: a new event, a retraction marked on
#: one, or a page written whole.
Later = Literal["event", "mark", "page"]


def later_write(target: firestore.Transaction | firestore.WriteBatch, ref: Any,
                data: Document, kind: Later, after_commit: bool = False) -> None:
    """A feed event written with the server's time, a retraction marked on one, or a page
    of the log written whole. After the run's commit, an event is created: a set would
    overwrite a retraction a later run marked on it meanwhile."""
    if kind == "mark":
        target.set(ref, dict(data), merge=True)
    elif kind == "page":
        target.set(ref, dict(data))
    else:
        write = target.create if after_commit else target.set
        with encoded_here(target, data):
            write(ref, {**placeholders(data), "createdAt": firestore.SERVER_TIMESTAMP})


def written_after_commit(db: firestore.Client, writes: list[tuple[str, Document, Later]],
                         page_bytes: int = MAX_PAGE_BYTES_IN_TX) -> int:
    """The writes one commit could not take, after it, in batches (of at most `page_bytes`
    of whole pages); returns how many. Each is the same document whatever run writes it (an
    event's id is its seq, a page's its place), so a retry never duplicates. An event is
    created, never overwritten: a later run may already have marked it retracted
    (`_created`). A run that dies before leaves the feed short until the reconciliation
    finds it out of line with the log, and a page stale, which is never folded from: its
    documents no longer chain to the checkpoint's digest."""
    for batch in _batches(writes, page_bytes):
        _created(db, batch)
    return len(writes)


def _batches(writes: list[tuple[str, Document, Later]], page_bytes: int,
             ) -> Iterator[list[tuple[str, Document, Later]]]:
    """The writes in order, in batches of at most MAX_FEED_WRITES_IN_TX writes and
    `page_bytes` of whole pages (a page bigger than that goes alone)."""
    chunk: list[tuple[str, Document, Later]] = []
    size = 0
    for path, data, kind in writes:
        weight = document_size(data) if kind == "page" else 0
        if chunk and (len(chunk) == MAX_FEED_WRITES_IN_TX or size + weight > page_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append((path, data, kind))
        size += weight
    if chunk:
        yield chunk


def _created(db: firestore.Client, writes: list[tuple[str, Document, Later]]) -> None:
    """One batch of `written_after_commit`; when an event in it exists already (this run's
    batch committed but its answer was lost, or a later run wrote past it), again without
    the events that exist."""
    batch = db.batch()
    for path, data, kind in writes:
        later_write(batch, db.document(path), data, kind, after_commit=True)
    try:
        batch.commit()
    except AlreadyExists:
        there = _events_there(db, writes)
        if not there:  # gone again meanwhile: sending the same batch could loop
            raise
        _created_but(db, writes, there)


def _created_but(db: firestore.Client, writes: list[tuple[str, Document, Later]],
                 there: set[str]) -> None:
    """The batch again, without the events at the paths `there`."""
    rest = [write for write in writes if write[0] not in there]
    if rest:
        _created(db, rest)


def _events_there(db: firestore.Client, writes: list[tuple[str, Document, Later]]) -> set[str]:
    """The paths of the batch's events that exist."""
    events = [path for path, _, kind in writes if kind == "event"]
    return {snap.reference.path for snap in
            db.get_all([db.document(path) for path in events]) if snap.exists}
