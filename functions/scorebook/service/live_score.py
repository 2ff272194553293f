"""Use case: keep live/score equal to the projection of the log."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, NamedTuple, Protocol

from pydantic import BaseModel, Field, PrivateAttr, ValidationError, create_model

from scorebook.actions import (
    NOT_A_POSITION,
    ActionParseError,
    action_id,
    is_voided,
    log_position,
    log_sorted,
    parse_action,
)
from scorebook.document import (
    MAX_DOCUMENT_BYTES,
    canonical_json,
    compact_json_bytes,
    describe,
    document_size,
    fits_in_document,
    to_document,
)
from scorebook.feed import Marks, event_order, fold_with_events, marks
from scorebook.feed_events import (
    DisputedField,
    DisputeRaised,
    DisputeRaisedEvent,
    DisputeResolved,
    DisputeResolvedEvent,
    FeedEvent,
)
from scorebook.fold import fold_into
from scorebook.integrity import IntegrityProblem, LogAudit, log_problems, problem
from scorebook.ledger import Change, LedgerHead, changes_of
from scorebook.match import Match
from scorebook.service.feed import FeedWrites, append, first_seq_after, reconcile
from scorebook.service.log_pages import (
    PageRef,
    PageWrites,
    StoredPage,
    StoredWrites,
    events_entry,
    opens_page,
    page_of,
    read_page,
    takes,
)
from scorebook.state import FoldState, MatchConfig, initial_state
from scorebook.views.scorecard import Scorecards, live_document

Document = Mapping[str, Any]


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


CHECKPOINT_FORMAT = 11  # bump whenever the checkpoint changes shape: old ones then rebuild


class ProjectionTx(Protocol):
    """One transaction's view of one match: all reads happen before `write`."""

    def match(self) -> Document | None: ...

    def lineups(self) -> list[tuple[str, Document]]:
        """The match's lineup documents: who plays, their names, the keeper."""
        ...

    def checkpoint(self) -> Document | None: ...

    def read_ahead(self, action_ids: Iterable[str]) -> None:
        """Start the reads the fold of a new ball makes after the checkpoint's (the count of
        voided actions, these action documents) beside it, not one after the other;
        `voided_count` and `action` then answer from them. Nothing to do for a store without
        round trips."""
        ...

    def actions_after(self, after_id: str | None) -> list[tuple[str, Document]]:
        """The action documents after `after_id` in the log (all when None), in any order:
        `fold_documents` puts them in log order (`log_position`: innings 10 after 9)."""
        ...

    def action(self, action_id: str) -> Document | None:
        """The action document at this id as stored (None: there is none); one read."""
        ...

    def voided_count(self) -> int: ...

    def voided_actions(self) -> list[tuple[str, Document]]:
        """The voided action documents (a match has few), read only when a change before
        the current over is refolded from the log's pages."""
        ...

    def action_count(self) -> int: ...

    def live_score(self) -> Document | None:
        """live/score as stored (read only by a verification, never on a ball)."""
        ...

    def published_events(self, after_seq: int) -> list[tuple[int, Document]]:
        """The feed's events with a `seq` above `after_seq`, retracted ones included, in
        `seq` order (read only when a change before the last action is refolded)."""
        ...

    def pages(self, first: int, end: int) -> list[Document | None]:
        """The log's pages `first` to `end - 1` as stored (None: absent), read only when a
        change before the current over is refolded (`scorebook.service.log_pages`)."""
        ...

    def open_disputes(self) -> list[str]:
        """The positions of the match's open disputes (read only when the checkpoint that
        remembers them cannot be trusted)."""
        ...

    def ledger_entries(self) -> list[Document]:
        """The match's ledger, in `n` order (read only when a rebuild cannot tell from the
        checkpoint which changes of the log it has entered)."""
        ...

    def ledger_after(self, n: int) -> list[Document]:
        """The ledger's entries after entry `n`, in `n` order: read only by an attempt after
        one that lost its race (none otherwise), where an entry nobody chained from the
        checkpoint may hold the next `n`."""
        ...

    def write(
        self, checkpoint: Document, live_score: Document, match_fields: Document | None = None,
        feed: FeedWrites | None = None, ledger: list[dict[str, Any]] | None = None, *,
        previous: Document | None = None, pages: StoredWrites | None = None,
    ) -> None:
        """Write the checkpoint and live/score; `match_fields` (MATCH_FIELDS) into
        `matches/{id}` when given (the log moved the match on); the feed's new events and
        retraction marks; the ledger's new entries (`scorebook.ledger`); and the log's pages
        the run folded into. `previous` is live/score as written with the checkpoint read
        (None: not known): live/score may then be sent as the fields that changed, provided
        it is still as written then."""
        ...

    def flag_match(self, problem: Document) -> None:
        """The match document cannot be read, so nothing can be projected: add `problem` to
        live/score's integrity (its other fields stay as they are) and keep it on the
        checkpoint as `matchInvalid`, so that balls folded meanwhile still report it and the
        match's next valid version refolds the log."""
        ...


@dataclass(frozen=True)
class ActionEvent:
    """What a trigger knows: which action document changed and what it holds now."""

    action_id: str
    after: Document | None  # None: the document was deleted
    #: what the document held before this write (None: it was created); tells an edit in
    #: place of an action already folded from a trigger delivered twice, without a read
    before: Document | None = None
    #: seconds between the write and this run: an event that waited is one of a queue the
    #: functions are behind on, and balls written after it are likely in the log already
    waited: float = 0.0


#: an event that waited longer is behind the scorer: a scorer's next ball comes no sooner
#: than about a second after the last
CAUGHT_UP_SECONDS = 1.0


@dataclass
class Outcome:
    mode: Literal["folded", "rebuilt_over", "rebuilt_page", "rebuilt", "renamed", "unchanged",
                  "no_match", "verified", "mismatch", "noticed"]
    reason: str = ""
    version: int | None = None
    folded: int = 0
    stats: dict[str, int] = field(default_factory=dict)
    #: the stored state was not what the functions wrote (a checkpoint edited by hand or
    #: copied from another match, a live/score edited): logged as a warning, not routine
    suspicious: bool = False


# --- what the checkpoint folded: a digest of the log prefix, chained ball by ball ------------

_LOG_DIGEST_DOMAIN = b"scorebook/log-digest/v1\0"
_SEAL_DOMAIN = b"scorebook/checkpoint-seal/v1\0"


def log_digest_seed(match_id: str) -> str:
    """The digest of the empty log of `match_id`: every chain starts from its match."""
    return hashlib.sha256(_LOG_DIGEST_DOMAIN + match_id.encode("utf-8")).hexdigest()


def chain_log_digest(digest: str, doc_id: str, data: Document) -> str:
    """The digest of the log prefix extended by one action document, as read (its void
    fields included): sha256(previous digest || canonical JSON of {id, document})."""
    hasher = hashlib.sha256(digest.encode("utf-8"))
    hasher.update(canonical_json({"id": doc_id, "document": data}))
    return hasher.hexdigest()


def checkpoint_seal(stored_format: Any, match_id: str, data: str) -> str:
    """What binds a stored checkpoint to its match and its contents: a hash over the format,
    the match id and the whole stored state (fold state, counts, log digest, over snapshot).
    Recomputed on every run from what was read, so checking it costs no read."""
    hasher = hashlib.sha256(_SEAL_DOMAIN)
    hasher.update(canonical_json([stored_format, match_id]))
    hasher.update(data.encode("utf-8"))
    return hasher.hexdigest()


@dataclass(frozen=True)
class Untrusted:
    """Why a stored checkpoint is not used; `suspicious` when it was not written as stored
    by the functions (edited, or another match's), rather than old, absent or too big."""

    reason: str
    suspicious: bool = False


class LogPrefixState(BaseModel):
    """The fold after a prefix of the log (in id order), with what it read on the way."""

    state: FoldState
    audit: LogAudit = Field(default_factory=LogAudit)
    logProblems: list[IntegrityProblem] = Field(default_factory=list)
    badDocuments: list[IntegrityProblem] = Field(default_factory=list)
    #: how many action documents were read, and how many of them were voided: constant in
    #: size, however long the log (a five-day Test, or a log padded by an attacker)
    count: int = 0
    lastSeenId: str | None = None
    voided: int = 0
    #: chain_log_digest over every document read, in log order ("": the empty log, whose
    #: digest is log_digest_seed(matchId)): constant size, and what a verification compares
    #: with a refold of the log to find a folded action changed since or another match's log
    logDigest: str = ""
    #: where the log's pages start (`scorebook.service.log_pages`): one every PAGE_ACTIONS
    #: actions or so, about 23 in a five-day Test
    pages: list[PageRef] = Field(default_factory=list)


class Checkpoint(LogPrefixState):
    """`matches/{matchId}/projection/state`: what the trigger needs to fold the next ball
    without reading the log. Written with `live/score`, in the same transaction.

    `overStart` is the snapshot at the start of the current over: an undo or a late ball
    within the over (the usual correction) is rebuilt from there, reading only that over.
    """

    format: int = CHECKPOINT_FORMAT
    version: int = 0
    rebuilds: int = 0
    #: what was last written to ``matches/{id}`` (MATCH_FIELDS: the functions own them):
    #: written again only when the log moves the match on, so a ball costs no extra write
    matchFields: dict[str, str | int | None] | None = None
    overStart: LogPrefixState | None = None
    overStartKey: list[int] = Field(default_factory=list)
    #: the ids read since ``overStart`` -> whether each was voided when read: what tells a
    #: late ball or a fresh undo within the over from a trigger delivered twice (before the
    #: over, the log's counts tell them apart)
    overSeen: dict[str, bool] = Field(default_factory=dict)
    #: the `seq` of the feed's last event (the cursor's last value: it only goes up, over
    #: retractions and rebuilds), and one no higher than the first event of an action after
    #: ``overStart``: a change within the over reads the feed from there
    feedSeq: int = 0
    overStartFeedSeq: int = 0
    #: the end of the match's ledger (scorebook.ledger): history, like feedSeq, so a refold
    #: carries it on rather than recomputing it
    ledger: LedgerHead = Field(default_factory=LedgerHead)
    #: the disputes the feed has told of (position -> "open" or "resolved"): history, so a
    #: notice delivered twice is published once
    disputes: dict[str, str] = Field(default_factory=dict)
    #: the problem of a match document that cannot be read (stored beside the sealed data as
    #: `matchInvalid`): balls folded meanwhile keep reporting it; a refold drops it
    _match_problem: dict[str, Any] | None = PrivateAttr(default=None)
    #: live/score as this instance wrote it with this checkpoint (None: not known here), so
    #: that the next write sends only the fields that changed
    _written: dict[str, Any] | None = PrivateAttr(default=None)

    def to_document(self, mode: str) -> dict[str, Any]:
        """Stored as one JSON string (Firestore has no arrays of arrays) beside a few plain
        fields an admin can read at a glance, and sealed: `seal` is checkpoint_seal over the
        format, the match and that string, which is all a run trusts."""
        # the match config once: the over's snapshot shares the state's
        data = self.model_dump_json(exclude={"overStart": {"state": {"config"}}})
        return {
            "format": self.format,
            "version": self.version,
            "lastSeenId": self.lastSeenId,
            "actions": self.count,
            "voided": self.voided,
            "logDigest": self.logDigest or log_digest_seed(self.state.config.matchId),
            "rebuilds": self.rebuilds,
            "lastMode": mode,
            "data": data,
            "seal": checkpoint_seal(self.format, self.state.config.matchId, data),
        }

    @classmethod
    def load(cls, stored: Document | None, match_id: str) -> Checkpoint | Untrusted:
        """The checkpoint stored, or why it cannot be trusted and the log must be replayed:
        none yet, an older format, too big to keep, damaged, another match's (copied by
        hand), or edited by hand (its seal no longer matches what it holds)."""
        if not stored:
            return Untrusted("no checkpoint yet")
        if stored.get("tooLarge") is True:
            return Untrusted("the last checkpoint was too big to keep")
        if stored.get("format") != CHECKPOINT_FORMAT:
            return Untrusted(f"checkpoint format {stored.get('format')!r}, not"
                             f" {CHECKPOINT_FORMAT}")
        checkpoint = RECENT.take(match_id, stored)
        if checkpoint is None:
            loaded = cls._parse(stored, match_id)
            if isinstance(loaded, Untrusted):
                return loaded
            checkpoint = loaded
        flagged = stored.get("matchInvalid")
        if isinstance(flagged, dict) and document_size(flagged) <= _MAX_FLAG_BYTES:
            checkpoint._match_problem = flagged
        return checkpoint

    @classmethod
    def _parse(cls, stored: Document, match_id: str) -> Checkpoint | Untrusted:
        """The checkpoint in a stored document (its fields, its match, its seal checked)."""
        try:
            data = json.loads(stored["data"])
            over_start = data.get("overStart")
            if isinstance(over_start, dict) and isinstance(over_start.get("state"), dict):
                over_start["state"]["config"] = data["state"]["config"]
            checkpoint = cls.model_validate(data)
        except (KeyError, TypeError, ValueError, ValidationError):
            # damaged or of an older shape: the log is the truth, rebuild
            return Untrusted("the checkpoint is damaged", suspicious=True)
        owner = checkpoint.state.config.matchId
        if owner != match_id:
            return Untrusted(f"the checkpoint belongs to match {owner[:100]!r}: copied here",
                             suspicious=True)
        seal = stored.get("seal")
        expected = checkpoint_seal(stored["format"], match_id, stored["data"])
        if not isinstance(seal, str) or not seal.isascii() or not hmac.compare_digest(
                seal, expected):
            return Untrusted("the checkpoint's seal does not match what it holds: it was"
                             " edited outside the functions", suspicious=True)
        return checkpoint

    @classmethod
    def from_document(cls, stored: Document | None, match_id: str) -> Checkpoint | None:
        """The checkpoint stored, or None when it cannot be trusted (`load` says why)."""
        loaded = cls.load(stored, match_id)
        return loaded if isinstance(loaded, Checkpoint) else None


class RecentCheckpoints:
    """The checkpoint this instance last wrote for each of its recent matches, as the object
    it folded, with the live/score written beside it: the next ball of the match, usually
    handled by the same warm instance, then neither parses the stored state again nor
    sends live/score whole. Found by the stored seal, recomputed over the stored data: an
    entry is used only for exactly the data it was written as (another instance's write, a
    hand edit or a write that never committed find nothing). Taking an entry removes it, as
    the run folds onto the object: a transaction that retries parses the stored state."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._kept: dict[str, tuple[str, Checkpoint, dict[str, Any] | None]] = {}
        # the reconciliation's threads (and an instance serving events at once) share it
        self._lock = threading.Lock()

    def keep(self, match_id: str, seal: str, checkpoint: Checkpoint,
             written: dict[str, Any] | None) -> None:
        with self._lock:
            self._kept.pop(match_id, None)
            self._kept[match_id] = (seal, checkpoint, written)
            while len(self._kept) > self.size:  # the least recently written match goes
                del self._kept[next(iter(self._kept))]

    def take(self, match_id: str, stored: Document) -> Checkpoint | None:
        with self._lock:
            kept = self._kept.pop(match_id, None)
        data, seal = stored.get("data"), stored.get("seal")
        if kept is None or not isinstance(data, str) or seal != kept[0]:
            return None
        if not hmac.compare_digest(kept[0], checkpoint_seal(stored["format"], match_id, data)):
            return None  # the data was edited under an old seal: parse it and say so
        _, checkpoint, written = kept
        checkpoint._match_problem, checkpoint._written = None, written
        return checkpoint

    def last_seen(self, match_id: str) -> str | None:
        """The last action id of the checkpoint kept for the match (a hint: nothing is
        folded onto it before the stored seal says it is the one)."""
        kept = self._kept.get(match_id)
        return kept[1].lastSeenId if kept is not None else None

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: this instance's recent checkpoints (a warm Cloud Functions instance keeps its globals)
RECENT = RecentCheckpoints()


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
    is_correction = action.corrects is not None and doc_id.startswith(position + "-c")
    if doc_id != position and not is_correction:
        return problem("id_not_position",
                       f"document id should be {position!r} (innings-sequence)", doc_id)
    return action


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
        # Taken just before the first action of each over, not after the last one of the
        # previous over: undoing the ball that ended an over stays within this snapshot.
        over = _over_key(checkpoint.state)
        if checkpoint.overStart is None or list(over) != checkpoint.overStartKey:
            _start_over(checkpoint, over, pages)
        if not checkpoint.pages:  # a checkpoint forged without them: a page with no start
            checkpoint.pages.append(PageRef(after=checkpoint.lastSeenId, count=checkpoint.count))
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
        parsed = parse_document(match_id, doc_id, data)
        if isinstance(parsed, IntegrityProblem):
            checkpoint.badDocuments.append(parsed)
            continue
        checkpoint.logProblems.extend(log_problems([parsed], checkpoint.audit))
        if feed is None:
            fold_into(checkpoint.state, [parsed])
        else:
            before = marks(checkpoint.state) if after is None else after
            after, found = fold_with_events(checkpoint.state, parsed, before)
            feed.extend(found)
        folded += 1
    return folded


def _start_over(checkpoint: Checkpoint, over: tuple[int, int], pages: PageWrites | None,
                ) -> None:
    """Snapshot the fold at an over's start (a change within the over resumes there), and
    begin a page of the log there when one is due: its start is that snapshot."""
    begun = opens_page(checkpoint.pages, checkpoint.count)
    if begun:
        checkpoint.pages.append(PageRef(after=checkpoint.lastSeenId, count=checkpoint.count))
    checkpoint.overStart = LogPrefixState.model_validate(
        checkpoint.model_dump(include=set(LogPrefixState.model_fields))
    )
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
    for _, data, p in parsed:
        checkpoint.count += 1
        checkpoint.voided += is_voided(data)
        if isinstance(p, IntegrityProblem):
            checkpoint.badDocuments.append(p)
    checkpoint.lastSeenId = ordered[-1][0] if ordered else None
    return checkpoint


def live_score_document(checkpoint: Checkpoint) -> dict[str, Any]:
    """The live/score document a checkpoint stands for (`version` excepted):
    `to_projection` of its state with the log's problems, each innings' scorecard rendered
    only when it differs from the one last rendered for the match (`SCORECARDS`)."""
    state = checkpoint.state
    document = live_document(state, SCORECARDS.of(state.config.matchId),
                             [*checkpoint.logProblems, *checkpoint.badDocuments])
    document.pop("version", None)
    return document


class RecentScorecards:
    """Each recent match's innings scorecards as this instance last rendered them (views'
    `Scorecards`): a ball re-renders the innings it changed, not the whole match. Keyed by
    the match only to bound what is kept: a scorecard is reused only when rendered from the
    same innings, target and config, whichever checkpoint, run or rebuild asks."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._kept: dict[str, Scorecards] = {}
        self._lock = threading.Lock()  # as RecentCheckpoints'

    def of(self, match_id: str) -> Scorecards:
        with self._lock:
            kept = self._kept.pop(match_id, None) or Scorecards()
            self._kept[match_id] = kept  # the most recent last
            while len(self._kept) > self.size:
                del self._kept[next(iter(self._kept))]
            return kept

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: this instance's recent scorecards, beside RECENT's checkpoints
SCORECARDS = RecentScorecards()


def expected_live_score(match: Match, docs: Iterable[tuple[str, Document]]) -> dict[str, Any]:
    """What live/score must equal once the triggers are quiet (the invariant), but for the
    fields that tell the history of its writes (HISTORY_FIELDS)."""
    return without_history(live_score_document(rebuild_checkpoint(match, docs)))


def without_history(document: Document) -> dict[str, Any]:
    """live/score without the fields that tell the history of its writes (HISTORY_FIELDS),
    which a refold of the log cannot know: what two projections of one log share."""
    return {k: v for k, v in document.items() if k not in HISTORY_FIELDS}


def _resumable_from_over_start(checkpoint: Checkpoint | None, event: ActionEvent | None) -> bool:
    """True when the change the event reports lies after the start of the current over, so
    the snapshot taken there is unaffected by it."""
    if checkpoint is None or checkpoint.overStart is None or event is None:
        return False
    start = checkpoint.overStart.lastSeenId
    return start is None or log_position(event.action_id) > log_position(start)


def rebuild_reason(checkpoint: Checkpoint | None, event: ActionEvent | None) -> str | None:
    """Why the stored state cannot simply be folded further, or None when it can (or when
    only the log's counts can tell: `_fold_next` checks them)."""
    if checkpoint is None:
        return "no usable checkpoint"
    if event is None:
        return None
    last = checkpoint.lastSeenId
    if last is None or log_position(event.action_id) > log_position(last):
        return None  # the next ball, or a deletion of one never read
    if not _resumable_from_over_start(checkpoint, event):
        # Before the current over, only what was read there is known by count.
        if event.after is None:
            return f"action {event.action_id} was deleted"
        if is_voided(event.after) and event.action_id not in checkpoint.ledger.voidedIds:
            return f"action {event.action_id} was voided after it was folded"
        if edited_in_place(event):
            return f"action {event.action_id} was edited after it was folded"
        # a trigger delivered twice (a void the ledger has entered: a run folded it, maybe
        # with a ball delivered before it), or a late ball: the counts decide
        return None
    known = event.action_id in checkpoint.overSeen
    if event.after is None:
        return f"action {event.action_id} was deleted" if known else None
    if not known:
        return f"action {event.action_id} arrived after later ones were folded"
    if not checkpoint.overSeen[event.action_id] and is_voided(event.after):
        return f"action {event.action_id} was voided after it was folded"
    if edited_in_place(event):
        return f"action {event.action_id} was edited after it was folded"
    return None


def folded_already(checkpoint: Checkpoint, event: ActionEvent | None) -> bool:
    """The event's action was read in this over as it is now (voided or not, not edited
    since): its write is in the checkpoint already."""
    if event is None or event.after is None:
        return False
    seen = checkpoint.overSeen.get(event.action_id)
    return seen is not None and seen == is_voided(event.after) and not edited_in_place(event)


def edited_in_place(event: ActionEvent) -> bool:
    """The write changed an existing document otherwise than voiding it (what the rules
    allow): an admin's edit, e.g. of the runs, which neither the counts nor the ids show."""
    before, after = event.before, event.after
    if before is None or after is None or before == after:
        return False
    return not (is_voided(after) and not is_voided(before))


@dataclass(frozen=True)
class Fold:
    """Fold the actions after the checkpoint's last one onto it: the usual next ball."""


@dataclass(frozen=True)
class ResumeOver:
    """Fold from the snapshot taken at the current over's start: a change within the over
    (the usual undo or a late ball) leaves everything before it as it was."""

    reason: str


@dataclass(frozen=True)
class Rebuild:
    """Replay the whole log: nothing stored can be trusted for this change."""

    reason: str


Plan = Fold | ResumeOver | Rebuild


def plan(checkpoint: Checkpoint | None, event: ActionEvent | None, force: bool = False) -> Plan:
    """How to bring live/score in line, decided from the checkpoint and the event alone.
    Carrying it out may still turn to a rebuild when the log's counts disagree."""
    if force:
        return Rebuild("rebuild requested")
    reason = rebuild_reason(checkpoint, event)
    if reason is None:
        return Fold()
    if _resumable_from_over_start(checkpoint, event):
        return ResumeOver(reason)
    return Rebuild(reason)


def maintain(
    tx: ProjectionTx, match_id: str, event: ActionEvent | None = None, force: bool = False,
    match_changed: bool = False,
) -> Outcome:
    """Bring live/score in line with the log, folding when it can and rebuilding when it must.

    `event` is the action whose write triggered this run (None: a reconciliation); `force`
    rebuilds from the log whatever the checkpoint says (an admin's repair); `match_changed`
    says the match document or a lineup changed: the fold is redone only when what it uses
    changed, and names alone are re-rendered.
    """
    if (event is not None and not (match_changed or force)
            and _usual_next(RECENT.last_seen(match_id), event)):
        # the usual next ball, as far as this instance knows: its other reads go beside the
        # checkpoint's (not for a ball folded already, which a busy match's runs mostly are)
        tx.read_ahead([event.action_id])
    stored = tx.checkpoint()
    loaded = Checkpoint.load(stored, match_id)
    checkpoint = loaded if isinstance(loaded, Checkpoint) else None
    if match_changed and not force:
        return _match_changed(tx, match_id, stored, loaded)
    if checkpoint is not None and not force and folded_already(checkpoint, event):
        # a trigger delivered twice, or the ball of an earlier run that folded it with the
        # ones before it (a busy match): the checkpoint's read says so, nothing more to read
        RECENT.keep(match_id, stored["seal"], checkpoint, checkpoint._written)
        return Outcome("unchanged", reason="folded already", version=checkpoint.version)
    step = plan(checkpoint, event, force=force)
    if isinstance(step, Fold) and checkpoint is not None:
        outcome_or_reason = _fold_next(tx, checkpoint, match_id, event)
        if isinstance(outcome_or_reason, Outcome):
            if outcome_or_reason.mode == "unchanged":  # the object is as it was read
                RECENT.keep(match_id, stored["seal"], checkpoint, checkpoint._written)
            return outcome_or_reason
        resumable = _resumable_from_over_start(checkpoint, event)
        step = (ResumeOver if resumable else Rebuild)(outcome_or_reason)
    if isinstance(step, ResumeOver) and checkpoint is not None:
        outcome = _resume_over(tx, checkpoint, match_id, step.reason)
        if outcome is not None:
            return outcome
        # A void before this over was never folded: only the whole log can say what is true.
        step = Rebuild(step.reason)
    if checkpoint is not None and not force:
        outcome = _resume_page(tx, checkpoint, match_id, event, step.reason)
        if outcome is not None:
            return outcome
    if isinstance(loaded, Untrusted) and not force:
        return _rebuild(tx, match_id, None, stored, loaded.reason,
                        suspicious=loaded.suspicious)
    return _rebuild(tx, match_id, checkpoint, stored, step.reason)


def _match_changed(tx: ProjectionTx, match_id: str, stored: Document | None,
                   loaded: Checkpoint | Untrusted) -> Outcome:
    """After a change to the match or a lineup: start the match, re-render names, or refold
    when what the fold uses changed."""
    invalid_before = isinstance((stored or {}).get("matchInvalid"), dict)
    match = _read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    if stored is None:
        return _start(tx, match_id, match)
    if isinstance(loaded, Untrusted) and not invalid_before:
        # A checkpoint the functions did not leave as it is: the next action or the
        # reconciliation replays the log.
        return Outcome("unchanged", reason=loaded.reason, suspicious=loaded.suspicious)
    if invalid_before or not isinstance(loaded, Checkpoint):
        checkpoint = loaded if isinstance(loaded, Checkpoint) else None
        return _rebuild(tx, match_id, checkpoint, stored, "the match can be read again",
                        match=match)
    outcome = _recheck_match(tx, loaded, match)
    if outcome is not None:
        return outcome
    return _rebuild(tx, match_id, loaded, stored,
                    "the match or a lineup changed what the fold uses", match=match)


def _start(tx: ProjectionTx, match_id: str, match: Match) -> Outcome:
    """A match without a checkpoint (it was just created): live/score and the checkpoint of
    its log (empty, unless a first ball came before this run), so that spectators can listen
    before the first ball. The match document is left as the admin wrote it while the log is
    empty (a match entered as completed stays locked; the first action moves the status on),
    and otherwise written only where the log says otherwise, so a new match does not trigger
    this run again. A live/score already there (a legacy app's, awaiting its migration) is
    left as it is: the migration's actions, or the reconciliation, fold the log into it."""
    if tx.live_score() is not None:
        return Outcome("unchanged", reason="live/score exists without a checkpoint")
    started, writes, changes, pages = _refold(tx, match_id, match, None, None,
                                              reason="a new match")
    started.matchFields = {name: getattr(match, name) for name in MATCH_FIELDS}
    return _write(tx, started, Outcome("rebuilt", reason="a new match"),
                  write_match=started.count > 0, feed=writes, ledger=changes, pages=pages)


def verify(tx: ProjectionTx, match_id: str, repair: bool = True) -> Outcome:
    """Check the stored checkpoint and live/score against a refold of the whole log, and
    rebuild them when they differ (when `repair`; else only say why): what the scheduled
    reconciliation and `rebuild_projections.py --verify` run. Reads the whole log.

    Finds what a run cannot see without reading the log: a checkpoint whose seal was
    recomputed after a hand edit, one copied from another match and resealed, an action
    edited in place whose trigger run was lost, a live/score edited by hand; and everything
    the counts find (a lost late ball or void). Nothing is written when all agree."""
    stored = tx.checkpoint()
    loaded = Checkpoint.load(stored, match_id)
    match = _read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    checkpoint = loaded if isinstance(loaded, Checkpoint) else None
    refolded, writes, changes, pages = _refold(
        tx, match_id, match, checkpoint, stored,
        reason="the reconciliation found the feed out of line")
    if isinstance(loaded, Untrusted):
        reason, suspicious = loaded.reason, loaded.suspicious
    else:
        reason = checkpoint_mismatch(loaded, refolded)
        suspicious = reason is not None and reason.startswith(_FORGED)
        if reason is None:
            drift = live_score_differences(tx.live_score(), expected_document(refolded))
            reason = f"live/score differs from the log: {', '.join(drift)}" if drift else None
            suspicious = reason is not None
    if reason is None and len(writes):
        reason = f"the feed differs from the log: {len(writes)} events to write or retract"
    if reason is None and changes:
        reason = f"the ledger lacks {len(changes)} changes of the log"
    if reason is None:
        reason = _pages_differ(tx, refolded, _stored_pages(refolded, pages, writes))
    if reason is None:
        return Outcome("verified", version=refolded.version)
    if not repair:
        return Outcome("mismatch", reason=reason, suspicious=suspicious)
    return _write(tx, refolded, Outcome("rebuilt", reason=reason, suspicious=suspicious),
                  feed=writes, ledger=changes, pages=pages)


def _pages_differ(tx: ProjectionTx, refolded: Checkpoint, expected: StoredWrites | None,
                  ) -> str | None:
    """Which of the log's pages is not what a refold of the log gives (a run lost, a page
    edited): the first one, or None when all are."""
    wanted = expected.whole if expected is not None else {}
    for k, stored in enumerate(tx.pages(0, len(refolded.pages))):
        if stored is None or {key: stored.get(key) for key in wanted.get(k, {})} != wanted.get(k):
            return f"log page {k} differs from the log"
    return None


_FORGED = "the checkpoint's fold state differs"

#: what a refold of the same log must reproduce exactly (version, rebuilds and matchFields
#: are the history of the writes, not of the log)
_FOLDED_FIELDS = {*LogPrefixState.model_fields, "overStart", "overStartKey", "overSeen"}
# (feedSeq and overStartFeedSeq are the feed's history, like version: a refold has none)


def checkpoint_mismatch(checkpoint: Checkpoint, refolded: Checkpoint) -> str | None:
    """Why a checkpoint is not the fold of the log `refolded` was folded from, or None."""
    read = (checkpoint.count, checkpoint.voided, checkpoint.lastSeenId)
    log = (refolded.count, refolded.voided, refolded.lastSeenId)
    if read != log:
        return (f"the checkpoint read {read[0]} actions ({read[1]} voided) up to {read[2]},"
                f" the log has {log[0]} ({log[1]} voided) up to {log[2]}")
    if checkpoint.logDigest != refolded.logDigest:
        return ("the checkpoint's log digest differs from the log's: an action folded into it"
                " was changed since, or it was folded from another log")
    if checkpoint.state.config != refolded.state.config:
        # the run of the match's or a lineup's trigger that would have refolded was lost
        return "the match or a lineup changed what the fold uses since the checkpoint"
    if checkpoint.model_dump(include=_FOLDED_FIELDS) != refolded.model_dump(
            include=_FOLDED_FIELDS):
        return f"{_FORGED} from a refold of the same log: it was edited and resealed"
    return None


def expected_document(checkpoint: Checkpoint) -> dict[str, Any]:
    """live/score as `_write` stores it for this checkpoint, `version` excepted."""
    # the size a too-big live/score reports is that of what a refold of the log gives
    document = without_history(live_score_document(checkpoint))
    scorecards = SCORECARDS.of(checkpoint.state.config.matchId)
    document = within_document_limit(document, _json_bytes(document, scorecards))
    document["chainHead"] = checkpoint.ledger.hash or None
    if checkpoint.ledger.foreign:
        document["integrity"] = [*document.get("integrity", []), *(
            {"code": "ledger_foreign_entry", "actionId": None,
             "message": f"ledger entry {n} was not written by the functions; the chain goes"
                        " on after it (scripts/verify_chain.py)"}
            for n in checkpoint.ledger.foreign[:MAX_FOREIGN_SHOWN])]
    document["openDisputes"] = sorted(
        (p for p, status in checkpoint.disputes.items() if status == "open"), key=log_position)
    return document


def _json_bytes(document: Document, scorecards: Scorecards) -> int:
    """No fewer than the bytes of `document`'s compact JSON (what `fits_in_document` measures
    first), each innings' scorecard counted as `scorecards` measured it when rendering it:
    most of a Test's live/score is not made into JSON again on every ball."""
    rest: dict[str, Any] = {}
    measured = 0
    for key, value in document.items():
        size = scorecards.json_bytes(value)
        if size is None:
            rest[key] = value
        else:  # "key":value and the comma before it (one too many if `rest` is empty)
            measured += compact_json_bytes(key) + 2 + size
    return compact_json_bytes(rest) + measured


#: live/score's fields that tell the history of the writes, not the log: a refold has none
#: (lastUpdated is the server's time of the write that last changed it)
HISTORY_FIELDS = frozenset({"version", "chainHead", "openDisputes", "lastUpdated"})


def live_score_differences(current: Document | None, expected: Document) -> list[str]:
    """The top-level fields in which a stored live/score differs from the one expected
    (fields the projection does not own, a legacy app's `ballHistory`, are not compared;
    an `innings{n}` the projection no longer has is)."""
    current = current or {}
    stale = [key for key in current if key not in expected and key.startswith("innings")
             and key.removeprefix("innings").isdigit()]
    return [
        f"{key}: {'missing' if key not in current else 'differs'}"
        for key in sorted(expected)
        if key not in HISTORY_FIELDS and (key not in current or current[key] != expected[key])
    ] + [f"{key}: not in the log" for key in sorted(stale)]


def _without_names(config: MatchConfig) -> MatchConfig:
    """The config as the fold reads it: names, and who keeps wicket (the dismissal's words
    mark a keeper, the fold never asks), are the rendering's, changed by a re-render."""
    return config.model_copy(update={
        "players": dict.fromkeys(config.players, ""),
        "teams": [t.model_copy(update={"name": ""}) for t in config.teams],
        "keepers": [],
    })


def _read_match(tx: ProjectionTx, match_id: str) -> Match | Outcome:
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


def _recheck_match(tx: ProjectionTx, checkpoint: Checkpoint, match: Match) -> Outcome | None:
    """After a change to the match or its lineups: nothing to do when the fold's config is
    the same, a re-render when only names or the keeper changed (a team official toggling a
    keeper flag made the functions refold the whole log), else None (the log must be
    refolded)."""
    config = initial_state(match).config
    if config == checkpoint.state.config:
        return Outcome("unchanged", version=checkpoint.version)
    if _without_names(config) != _without_names(checkpoint.state.config):
        return None
    checkpoint.state.config = config
    if checkpoint.overStart is not None:
        checkpoint.overStart.state.config = config
    return _write(tx, checkpoint, Outcome("renamed"))


def _resume_over(
    tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, reason: str
) -> Outcome | None:
    """Fold from the over's start, or None when a void before it was never folded."""
    assert checkpoint.overStart is not None  # plan() resumes only from a snapshot
    resumed = Checkpoint(
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
    new_docs = tx.actions_after(resumed.lastSeenId)
    new_voids = sum(is_voided(data) for _, data in new_docs)
    if tx.voided_count() != resumed.voided + new_voids:
        return None
    fresh: list[FeedEvent] = []
    # what was read since the over's start has its entries; a late ball does not
    changes = changes_of(in_log_order(new_docs), checkpoint.ledger, set(checkpoint.overSeen))
    pages = PageWrites()
    fold_documents(resumed, match_id, new_docs, fresh, pages)
    placed = {doc_id: k for k, docs in pages.docs.items() for doc_id in docs}
    for seen in checkpoint.overSeen:
        was = page_of(checkpoint.pages, seen)
        if placed.get(seen) != was and was < len(resumed.pages):
            # deleted since it was read, or in another page now: a late ball that completes
            # the over (Law 17: six legal balls) starts the next over, and maybe a page, sooner
            pages.add(was, seen, None)
    pages.dropped = list(range(len(resumed.pages), len(checkpoint.pages)))
    writes = _reconcile_feed(tx, resumed, fresh, since=checkpoint.overStart.lastSeenId,
                             floor=checkpoint.overStartFeedSeq, reason=reason)
    return _write(tx, resumed, Outcome("rebuilt_over", reason=reason), feed=writes,
                  ledger=changes, pages=pages)


def _resume_page(
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
    if not checkpoint.pages or last is None or (event is not None and event.after is None):
        return None  # a deletion: only the whole log says what is left
    voided = dict(tx.voided_actions())
    changed = {doc_id: data for doc_id, data in voided.items()
               if doc_id not in set(checkpoint.ledger.voidedIds)}
    if event is not None and event.after is not None:
        if is_voided(event.after) and event.action_id not in voided:
            return None  # voided, then no longer: what it holds now is not known here
        changed[event.action_id] = voided.get(event.action_id, event.after)
    changed = {i: d for i, d in changed.items() if log_position(i) <= log_position(last)}
    if not changed:
        return None
    k = min(page_of(checkpoint.pages, doc_id) for doc_id in changed)
    pages = _from_pages(tx, checkpoint, match_id, k)
    if pages is None:
        return None
    log = _log_now(pages, voided, changed, checkpoint.pages[k].after)
    new_docs = tx.actions_after(last)
    docs = in_log_order([*(log or {}).items(), *new_docs])
    if log is None or (len(voided) != pages.start.voided + sum(is_voided(d) for _, d in docs)
                       or tx.action_count() != pages.start.count + len(docs)):
        return None  # something else was never folded: only the log can say what is true
    if log == dict(pages.folded) and not new_docs:  # delivered twice: its change is folded
        return Outcome("unchanged", reason="folded already", version=checkpoint.version)
    return _refold_from_page(tx, checkpoint, match_id, pages, docs, reason=reason)


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
    read = [read_page(doc, match_id, j, refs[j]) for j, doc in enumerate(tx.pages(k, len(refs)), k)]
    pages = [page for page in read if isinstance(page, StoredPage)]
    if len(pages) != len(read) or pages[0].start is None:
        return None
    start = _page_start(pages[0].start, checkpoint)
    folded = in_log_order(item for page in pages for item in page.docs.items())
    published = _published(pages, folded)
    if start is None or published is None or not _chains_to(start, folded, checkpoint, match_id):
        return None
    return _FromPage(k, start, pages[0].start, folded, published)


def _log_now(pages: _FromPage, voided: dict[str, Document], changed: dict[str, Document],
             after: str | None) -> dict[str, Document] | None:
    """The documents after the page's start as they are now: as folded, with the changes
    and every action voided since; None when the voids say otherwise than the pages (a void
    undone, a count of voids before the page that differs)."""
    log = dict(pages.folded)
    start = log_position(after) if after is not None else None
    if sum(start is not None and log_position(i) <= start for i in voided) != pages.start.voided:
        return None
    if any(is_voided(data) and doc_id not in voided for doc_id, data in log.items()):
        return None
    log.update((doc_id, data) for doc_id, data in voided.items() if doc_id in log)
    log.update(changed)
    return log


def _refold_from_page(tx: ProjectionTx, checkpoint: Checkpoint, match_id: str,
                      pages: _FromPage, docs: list[tuple[str, Document]], *, reason: str,
                      ) -> Outcome:
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
    feed = _reconcile_feed(tx, resumed, fresh, since=refs[pages.k].after, floor=0,
                           reason=reason, published=pages.published)
    changes = changes_of(docs, checkpoint.ledger, set(dict(pages.folded)))
    return _write(tx, resumed, Outcome("rebuilt_page", reason=reason), feed=feed,
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


def _chains_to(start: LogPrefixState, folded: list[tuple[str, Document]],
               checkpoint: Checkpoint, match_id: str) -> bool:
    """Whether the pages' documents are exactly what the checkpoint folded after the
    page's start: as many, and chained onto the start's digest they give the checkpoint's."""
    if start.count + len(folded) != checkpoint.count:
        return False
    digest = start.logDigest or log_digest_seed(match_id)
    for doc_id, data in folded:
        digest = chain_log_digest(digest, doc_id, data)
    return digest == (checkpoint.logDigest or log_digest_seed(match_id))


def _published(pages: list[StoredPage], folded: list[tuple[str, Document]],
               ) -> list[tuple[int, Document]] | None:
    """The feed's events published for the pages' actions, as the pages keep them (None:
    an action's are not kept), in the form `reconcile` reads them in."""
    events: dict[str, list[tuple[int, str, str, str]]] = {}
    for page in pages:
        events.update(page.events)
    if any(doc_id not in events for doc_id, _ in folded):
        return None
    return sorted((seq, {"actionId": doc_id, "key": key, "digest": digest, "order": order})
                  for doc_id, _ in folded for seq, key, digest, order in events[doc_id])


def _reconcile_feed(
    tx: ProjectionTx, checkpoint: Checkpoint, fresh: list[FeedEvent], *, since: str | None,
    floor: int, reason: str, published: list[tuple[int, Document]] | None = None,
) -> FeedWrites:
    """The feed of the actions after `since`, refolded, against what was published for
    them (read from `floor` on, unless the log's pages said); leaves the checkpoint's
    cursors where the feed now is."""
    if published is None:
        published = tx.published_events(floor)
    writes, checkpoint.feedSeq = reconcile(fresh, published, seq=checkpoint.feedSeq,
                                           since=since, reason=reason)
    start = checkpoint.overStart.lastSeenId if checkpoint.overStart else None
    checkpoint.overStartFeedSeq = first_seq_after(writes, start, checkpoint.feedSeq)
    return writes


def _fold_next(
    tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, event: ActionEvent | None
) -> Outcome | str:
    """Fold what came after the checkpoint, or say why the log must be replayed instead."""
    new_docs = _next_documents(tx, checkpoint, event)
    voided_now = tx.voided_count()
    new_voids = sum(is_voided(data) for _, data in new_docs)
    if voided_now != checkpoint.voided + new_voids:
        return (f"{voided_now} voided actions in the log, {checkpoint.voided + new_voids}"
                " folded: a void was never folded")
    if _before_last(checkpoint, event) and (
            tx.action_count() != checkpoint.count + len(new_docs)):
        # Only a reconciliation, or an event about an action before the last one read, pays
        # for counting the whole log: it finds an action written before the last folded one
        # that was never folded (its own trigger lost, or still to come).
        return "an action before the last folded one was never folded"
    if not new_docs:
        return Outcome("unchanged", version=checkpoint.version)
    fresh: list[FeedEvent] = []
    changes = changes_of(in_log_order(new_docs), checkpoint.ledger)
    pages = PageWrites()
    folded = fold_documents(checkpoint, match_id, new_docs, fresh, pages)
    writes, checkpoint.feedSeq = append(fresh, checkpoint.feedSeq)
    return _write(tx, checkpoint, Outcome("folded", folded=folded), feed=writes,
                  ledger=changes, pages=pages)


def _next_documents(tx: ProjectionTx, checkpoint: Checkpoint, event: ActionEvent | None,
                    ) -> list[tuple[str, Document]]:
    """The documents after the checkpoint's last one. When the event is the usual next ball
    (`_usual_next`), that ball's document, read as stored (an event can come late, about a
    document deleted since), is folded on its own: one read of one document instead of
    asking the log for what follows, a query the emulator answers by scanning the collection
    (15 to 20 ms at the end of a five-day Test, against 2.5 ms for a read). Otherwise the
    log is asked, and all it holds after the checkpoint is folded in this run: under load
    the emulator runs one trigger at a time, and a run per ball fell minutes behind."""
    last = checkpoint.lastSeenId
    if event is not None and _usual_next(last, event):
        stored = tx.action(event.action_id)
        if stored is not None:
            return [(event.action_id, stored)]
    return tx.actions_after(last)


def _usual_next(last: str | None, event: ActionEvent) -> bool:
    """The event is about the place right after `last` and came without waiting behind
    others: nothing is likely written after its ball yet."""
    return event.waited < CAUGHT_UP_SECONDS and _follows(last, event.action_id)


def _follows(last: str | None, doc_id: str) -> bool:
    """`doc_id` is the place right after `last` in its innings, both plain positions."""
    if last is None:
        return False
    innings, sequence, correction, _ = log_position(last)
    return (innings != NOT_A_POSITION and not correction and last == action_id(innings, sequence)
            and doc_id == action_id(innings, sequence + 1))


def _before_last(checkpoint: Checkpoint, event: ActionEvent | None) -> bool:
    """A reconciliation, or an event about an action at or before the last one read, or
    about a document whose id is not a position ("1-0001-c", written by an admin): the log
    order puts it last, but Firestore's id order may put it before the last one read, where
    the query for the actions after it never looks; the count of the log finds it."""
    last = checkpoint.lastSeenId
    if event is None:
        return True
    position = log_position(event.action_id)
    return last is not None and (
        position <= log_position(last) or position[0] == NOT_A_POSITION)


def _rebuild(
    tx: ProjectionTx, match_id: str, checkpoint: Checkpoint | None, stored: Document | None,
    reason: str, *, match: Match | None = None, suspicious: bool = False,
) -> Outcome:
    """Replay the whole log; `match` when the caller has read it already."""
    match = match or _read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    rebuilt, writes, changes, pages = _refold(tx, match_id, match, checkpoint, stored,
                                              reason=reason)
    return _write(tx, rebuilt, Outcome("rebuilt", reason=reason, suspicious=suspicious),
                  feed=writes, ledger=changes, pages=pages)


class Refold(NamedTuple):
    checkpoint: Checkpoint
    feed: FeedWrites
    ledger: list[tuple[Change, str, Document]]
    pages: PageWrites


def _refold(
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
    rebuilt.version = checkpoint.version if checkpoint else _stored_version(stored)
    rebuilt.rebuilds = (checkpoint.rebuilds if checkpoint else 0) + 1
    rebuilt.matchFields = checkpoint.matchFields if checkpoint else None
    rebuilt.feedSeq = checkpoint.feedSeq if checkpoint else 0
    rebuilt.disputes = checkpoint.disputes if checkpoint else dict.fromkeys(
        tx.open_disputes(), "open")
    writes = _reconcile_feed(tx, rebuilt, fresh, since=None, floor=0, reason=reason)
    if checkpoint is not None and checkpoint.ledger.appended == rebuilt.count:
        # the count says the ledger has every action; its voids are listed in its head
        rebuilt.ledger, appended = checkpoint.ledger, {doc_id for doc_id, _ in docs}
    else:  # which actions does it have? a late ball, a lost run, an untrusted checkpoint
        entries = tx.ledger_entries()
        rebuilt.ledger = LedgerHead.of(entries)
        appended = {str(e.get("actionId")) for e in entries if e.get("change") == "append"}
    return Refold(rebuilt, writes, changes_of(docs, rebuilt.ledger, appended), pages)


def in_log_order(docs: Iterable[tuple[str, Document]]) -> list[tuple[str, Document]]:
    return sorted(docs, key=lambda item: log_position(item[0]))


#: An unparseable_match problem is a clipped message and a code: anything bigger in the
#: checkpoint's `matchInvalid` was not written by the functions.
_MAX_FLAG_BYTES = 2_000

#: The foreign ledger entries live/score names (the checkpoint keeps them all).
MAX_FOREIGN_SHOWN = 10

#: The most ledger entries one run writes (its commit also holds the feed's writes).
MAX_LEDGER_ENTRIES = 200

#: A version stays an exact integer for every client (JavaScript numbers are exact to 2**53).
MAX_VERSION = 2**53 - 1


def _stored_version(stored: Document | None) -> int:
    """The version of a checkpoint that could not be used, so that live/score's version
    keeps growing; anything that is not a count (Infinity, 1e300, text) starts again."""
    value = (stored or {}).get("version")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    if not 0 <= value < MAX_VERSION:
        return 0
    return int(value)


def _write(
    tx: ProjectionTx, checkpoint: Checkpoint, outcome: Outcome, write_match: bool = True, *,
    feed: FeedWrites | None = None, ledger: list[tuple[Change, str, Document]] | None = None,
    pages: PageWrites | None = None,
) -> Outcome:
    """Write the checkpoint and live/score, the match fields where they moved (unless
    `write_match` is False: then the checkpoint keeps what the match holds), the ledger's
    entries for the log's `ledger` changes, chained on from the checkpoint's, and the log's
    pages the run folded into, with the feed's events of each action folded."""
    # a commit takes at most 500 writes: a long backlog (a log from before the ledger) is
    # entered a slice a run, the rest by the next runs and the reconciliation
    if ledger and checkpoint.ledger.adopt(tx.ledger_after(checkpoint.ledger.n)):
        outcome.suspicious = True
        outcome.reason = (f"{outcome.reason}; " if outcome.reason else "") + (
            f"ledger entries the functions did not write: {checkpoint.ledger.foreign}")
    entries = checkpoint.ledger.extend(checkpoint.state.config.matchId,
                                       (ledger or [])[:MAX_LEDGER_ENTRIES])
    checkpoint.version += 1
    document = expected_document(checkpoint)
    document["version"] = checkpoint.version
    fields = match_fields(document)
    moved = fields if write_match and fields != checkpoint.matchFields else None
    if write_match:
        checkpoint.matchFields = fields
    stored = checkpoint.to_document(outcome.mode)
    if checkpoint._match_problem is not None:
        stored["matchInvalid"] = checkpoint._match_problem
        document["integrity"] = [*document.get("integrity", []), checkpoint._match_problem]
    previous = checkpoint._written if checkpoint._match_problem is None else None
    if document_size(stored) > MAX_DOCUMENT_BYTES:
        # Too big to keep: store none, so the next run replays the log (slower, never stuck).
        stored = {"format": 0, "version": checkpoint.version, "lastMode": outcome.mode,
                  "tooLarge": True, "actions": checkpoint.count}
    else:
        RECENT.keep(checkpoint.state.config.matchId, stored["seal"], checkpoint, document)
    tx.write(stored, document, match_fields=moved, feed=feed, ledger=entries,
             previous=previous, pages=_stored_pages(checkpoint, pages, feed))
    outcome.version = checkpoint.version
    return outcome


def _stored_pages(checkpoint: Checkpoint, pages: PageWrites | None, feed: FeedWrites | None,
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


def changed_fields(previous: Document, document: Document) -> tuple[dict[str, Any], list[str]]:
    """What turns live/score `previous` into `document`: the top-level fields to set (new or
    changed) and those to delete. A ball changes a few of them; a long match's finished
    innings, most of the document, stay as they are."""
    changes = {key: value for key, value in document.items()
               if key not in previous or previous[key] != value}
    return changes, [key for key in previous if key not in document]


#: A scalar live/score keeps when the whole would be too big: the score, not the names.
_MAX_KEPT_TEXT = 200


def _scalar(value: Any) -> bool:
    return not isinstance(value, dict | list) and not (
        isinstance(value, str) and len(value) > _MAX_KEPT_TEXT)


def within_document_limit(
    document: dict[str, Any], json_bytes: int | None = None
) -> dict[str, Any]:
    """live/score as it is when it fits in a Firestore document; else the same fields with
    only the score in them (every list emptied, every long text and map dropped but the
    current innings' figures) and a `document_too_large` problem, so that a spectator sees
    the score, an admin sees why, and the trigger never fails on the write. `json_bytes`:
    see `fits_in_document`."""
    if fits_in_document(document, json_bytes=json_bytes):
        return document
    current = document.get("currentInnings")
    slim: dict[str, Any] = {
        key: (value if _scalar(value) else [] if isinstance(value, list) else None)
        for key, value in document.items()
    }
    if isinstance(current, dict):
        slim["currentInnings"] = {k: v for k, v in current.items() if _scalar(v)}
    slim["integrity"] = [to_document(problem(
        "document_too_large",
        f"live/score would be {document_size(document):,} bytes; Firestore keeps at most "
        f"{MAX_DOCUMENT_BYTES:,}: only the score is shown until the log is repaired"))]
    return slim


# --- the officials' notices: disputes opened and resolved -------------------------------------


def dispute_notice(position: str, before: Document | None, after: Document | None,
                   ) -> FeedEvent | None:
    """The feed's notice of a dispute's change: raised when it opens, resolved when it
    closes; None for any other write (a problem noted on it)."""
    was = (before or {}).get("status")
    now = (after or {}).get("status")
    innings = log_position(position)[0]
    # after the events of the action at its position, whatever they are
    common = {"actionId": position, "inningsNumber": innings if innings > 0 else None,
              "order": event_order(position, 99)}
    if now == "open" and was != "open":
        differences = [DisputedField(field=str(d.get("field")), values=dict(d.get("values") or {}))
                       for d in (after or {}).get("differences") or [] if isinstance(d, Mapping)]
        return DisputeRaisedEvent(key=f"DISPUTE:{position}:raised", **common,
                                  payload=DisputeRaised(
                                      position=position, differences=differences,
                                      scorerIds=[str(s) for s in after.get("scorerIds") or []]))
    if now == "resolved" and was != "resolved":
        return DisputeResolvedEvent(key=f"DISPUTE:{position}:resolved", **common,
                                    payload=DisputeResolved(
                                        position=position, method=str(after.get("method")),
                                        resolvedBy=str(after.get("resolvedBy")),
                                        abandoned=after.get("abandoned") is True))
    return None


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
        match = _read_match(tx, match_id)
        if isinstance(match, Outcome):
            return match
        checkpoint, writes, changes, pages = _refold(tx, match_id, match, None, stored,
                                                     reason=loaded.reason)
    if checkpoint.disputes.get(position) in (status, "resolved"):
        return Outcome("unchanged", reason=f"the feed has told of {position} {status}")
    checkpoint.disputes[position] = status
    checkpoint.feedSeq += 1
    writes.add(checkpoint.feedSeq, event)
    return _write(tx, checkpoint, Outcome("noticed", reason=f"{position} {status}"),
                  feed=writes, ledger=changes)
