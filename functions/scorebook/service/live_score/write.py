"""Write what a run folded: the checkpoint, live/score (the fields that changed), the match
fields the rules read, the feed's events, the ledger's entries and the log's pages."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from scorebook.document import MAX_DOCUMENT_BYTES, document_size
from scorebook.ledger import Change
from scorebook.match import Match
from scorebook.service.feed import FeedWrites
from scorebook.service.live_score.checkpoint import RECENT, Checkpoint
from scorebook.service.live_score.ports import Document, Outcome, ProjectionTx
from scorebook.service.live_score.render import expected_document
from scorebook.service.log_pages import PageWrites, StoredWrites, events_entry
from scorebook.service.notify import NOTABLE

#: What the functions keep on ``matches/{id}`` for the security rules, which can read the
#: match document but not live/score: the status locks a finished match, and the result lets
#: a scorer confirm it (or play the super over after a tie) but not change it.
MATCH_FIELDS = ("status", "resultType", "winnerId", "completedVersion")


def match_fields(document: Document) -> dict[str, Any]:
    """The MATCH_FIELDS live/score `document` gives the match. `completedVersion` is its
    version while the match is completed, else null: each correction of a completed match
    moves it, which rewrites the match's archive and its season's figures."""
    fields = {name: document.get(name) for name in MATCH_FIELDS}
    fields["completedVersion"] = (
        document.get("version") if fields["status"] == "completed" else None)
    return fields


def match_edit_matters(before: Document | None, after: Document | None) -> bool:
    """Whether a write of the match document may change live/score or live/lineups: not
    when it moved only the MATCH_FIELDS, which the projection writes back itself (the fold
    reads none of them), as it does whenever a match starts, breaks or ends. Unless one of
    the two holds a value the projection never writes (an admin's typo in the console): the
    match cannot be read then, and is flagged; and when it is put right, the flag goes."""
    if before is None or after is None:
        return after is not None
    if any(before.get(name) != after.get(name)
           for name in (before.keys() | after.keys()) - set(MATCH_FIELDS)):
        return True
    return not (_written_back(before) and _written_back(after))


@cache
def _written_back_model() -> type[BaseModel]:
    """The MATCH_FIELDS as the match document's schema has them: built on the match
    trigger's first use, not at the import every scoring instance's cold start pays."""
    return create_model("WrittenBack", __config__=Match.model_config, **{
        name: (Match.model_fields[name].annotation, None) for name in MATCH_FIELDS})


def _written_back(document: Document) -> bool:
    try:
        _written_back_model().model_validate(document)
    except ValidationError:
        return False
    return True


#: The most ledger entries one run writes (its commit also holds the feed's writes).
MAX_LEDGER_ENTRIES = 200


#: A version stays an exact integer for every client (JavaScript numbers are exact to 2**53).
MAX_VERSION = 2**53 - 1


def stored_version(stored: Document | None) -> int:
    """The version of a checkpoint that could not be used, so that live/score's version
    keeps growing; anything that is not a count (Infinity, 1e300, text) starts again."""
    value = (stored or {}).get("version")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    if not 0 <= value < MAX_VERSION:
        return 0
    return int(value)


def write_projection(
    tx: ProjectionTx, checkpoint: Checkpoint, outcome: Outcome, write_match: bool = True, *,
    feed: FeedWrites | None = None, ledger: list[tuple[Change, str, Document]] | None = None,
    pages: PageWrites | None = None,
) -> Outcome:
    """Write the checkpoint and live/score, the match fields where they moved (unless
    `write_match` is False: then the checkpoint keeps what the match holds), the ledger's
    entries for the log's `ledger` changes, chained on from the checkpoint's, and the log's
    pages the run folded into, with the feed's events of each action folded."""
    entries = _ledger_entries(tx, checkpoint, outcome, ledger or [])
    checkpoint.version += 1
    document = expected_document(checkpoint)
    document["version"] = checkpoint.version
    moved = _moved_match_fields(checkpoint, document, write_match=write_match)
    stored, previous = _stored(checkpoint, outcome, document)
    tx.write(stored, document, match_fields=moved, feed=feed, ledger=entries,
             previous=previous, pages=stored_pages(checkpoint, pages, feed),
             counted_after=outcome.voided is not None and tx.checks_after_commit)
    outcome.version = checkpoint.version
    outcome.notable = _notable(feed)
    return outcome


def _moved_match_fields(checkpoint: Checkpoint, document: Document, *, write_match: bool,
                        ) -> dict[str, Any] | None:
    """The match fields to write, where they moved (kept on the checkpoint as written)."""
    fields = match_fields(document)
    moved = fields if write_match and fields != checkpoint.matchFields else None
    if write_match:
        checkpoint.matchFields = fields
    return moved


def _notable(feed: FeedWrites | None) -> list[int]:
    """The `seq` of each event written a follower is told of."""
    return [seq for seq, event in (feed.events if feed else []) if event.get("type") in NOTABLE]


def _ledger_entries(tx: ProjectionTx, checkpoint: Checkpoint, outcome: Outcome,
                    ledger: list[tuple[Change, str, Document]]) -> list[dict[str, Any]]:
    """The ledger's entries for the log's changes, chained on from the checkpoint's (entries
    another writer chained meanwhile adopted, and the outcome marked suspicious)."""
    if ledger and checkpoint.ledger.adopt(tx.ledger_after(checkpoint.ledger.n)):
        outcome.suspicious = True
        outcome.reason = (f"{outcome.reason}; " if outcome.reason else "") + (
            f"ledger entries the functions did not write: {checkpoint.ledger.foreign}")
    # a commit takes at most 500 writes: a long backlog (a log from before the ledger) is
    # entered a slice a run, the rest by the next runs and the reconciliation
    return checkpoint.ledger.extend(checkpoint.state.config.matchId,
                                    ledger[:MAX_LEDGER_ENTRIES])


def _stored(checkpoint: Checkpoint, outcome: Outcome, document: Document,
            ) -> tuple[Document, Document | None]:
    """The checkpoint as stored (kept by this instance for the next ball), and live/score
    as this instance last wrote it (None: write it whole); a match that cannot be read is
    reported in both."""
    stored = checkpoint.to_document(outcome.mode)
    if checkpoint._match_problem is not None:
        stored["matchInvalid"] = checkpoint._match_problem
        document["integrity"] = [*document.get("integrity", []), checkpoint._match_problem]
    previous = checkpoint._written if checkpoint._match_problem is None else None
    if document_size(stored) > MAX_DOCUMENT_BYTES:
        # Too big to keep: store none, so the next run replays the log (slower, never stuck).
        stored = {"format": 0, "version": checkpoint.version, "lastMode": outcome.mode,
                  "tooLarge": True, "actions": checkpoint.count, "voided": checkpoint.voided}
    else:
        RECENT.keep(checkpoint.state.config.matchId, stored["seal"], checkpoint, document)
    return stored, previous


def stored_pages(checkpoint: Checkpoint, pages: PageWrites | None, feed: FeedWrites | None,
                  ) -> StoredWrites | None:
    """The log's pages as written: the documents folded into each, and each one's events
    as the feed now has them."""
    if not pages:
        return None
    identities: dict[str | None, list[tuple[int, str, str, str]]] = {}
    for live in feed.live if feed is not None else []:
        identities.setdefault(live.actionId, []).append(
            (live.seq, live.key, live.digest, live.order))
    for doc_id in pages.folded_ids():
        pages.events[doc_id] = events_entry(sorted(identities.get(doc_id, [])))
    return pages.stored(checkpoint.state.config.matchId, checkpoint.pages)
