"""The checkpoint (`matches/{id}/projection/state`): the fold after the log read so far,
sealed to its match and contents, and the copies a warm instance keeps of the ones it wrote."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, StrictStr, TypeAdapter, ValidationError

from scorebook.document import canonical_json, document_size
from scorebook.integrity import IntegrityProblem, LogAudit
from scorebook.ledger import LedgerHead
from scorebook.service.live_score.ports import RECENT_MATCHES, Document
from scorebook.service.log_pages import PageRef
from scorebook.state import FoldState, InningsState

CHECKPOINT_FORMAT = 13  # bump whenever the checkpoint changes shape: old ones then rebuild


_LOG_DIGEST_DOMAIN = b"scorebook/log-digest/v1\0"


_SEAL_DOMAIN = b"scorebook/checkpoint-seal/v1\0"


@cache
def _innings_adapter() -> TypeAdapter[InningsState]:
    """An innings as the fold state's JSON holds it (its records are dataclasses, not
    models); built when a match first has a settled innings, not on import: about 7 ms
    that a cold instance's first ball would otherwise pay."""
    return TypeAdapter(InningsState)


def _innings_json(innings: InningsState) -> str:
    return _innings_adapter().dump_json(innings).decode()


#: the settled innings as stored: each a string, by its number
_SETTLED = TypeAdapter(dict[str, StrictStr])


def log_digest_seed(match_id: str) -> str:
    """The digest of the empty log of `match_id`: every chain starts from its match."""
    return hashlib.sha256(_LOG_DIGEST_DOMAIN + match_id.encode("utf-8")).hexdigest()


def chain_log_digest(digest: str, doc_id: str, data: Document) -> str:
    """The digest of the log prefix extended by one action document, as read (its void
    fields included): sha256(previous digest || canonical JSON of {id, document})."""
    hasher = hashlib.sha256(digest.encode("utf-8"))
    hasher.update(canonical_json({"id": doc_id, "document": data}))
    return hasher.hexdigest()


def checkpoint_seal(stored_format: Any, match_id: str, data: str,
                    settled: Sequence[str] = (), shared: int = 0) -> str:
    """What binds a stored checkpoint to its match and its contents: a hash over the format,
    the match id and the whole stored state (fold state, counts, log digest, over snapshot,
    the settled innings stored beside it and how many the over's snapshot shares).
    Recomputed on every run from what was read, so checking it costs no read."""
    hasher = hashlib.sha256(_SEAL_DOMAIN)
    hasher.update(canonical_json([stored_format, match_id]))
    hasher.update(data.encode("utf-8"))
    if settled or shared:
        # (JSON text has no NUL byte: what follows cannot be read as part of `data`)
        hasher.update(b"\0settled\0" + canonical_json(
            [shared, [hashlib.sha256(innings.encode("utf-8")).hexdigest()
                      for innings in settled]]))
    return hasher.hexdigest()


def stored_seal(stored: Document, match_id: str) -> str:
    """checkpoint_seal over a stored checkpoint's fields (KeyError, TypeError or ValueError
    when they are not a checkpoint's)."""
    data, settled, shared = _stored_parts(stored)
    return checkpoint_seal(stored["format"], match_id, data, settled, shared)


def _stored_parts(stored: Document) -> tuple[str, list[str], int]:
    """The stored state's text, its settled innings' in order and how many of them the
    over's snapshot shares, checked for shape."""
    data, shared = stored["data"], stored.get("overStartShares", 0)
    by_number = _SETTLED.validate_python(stored.get("settled") or {})
    settled = [by_number[str(n)] for n in range(1, len(by_number) + 1)]
    if type(data) is not str or type(shared) is not int or not 0 <= shared <= len(settled):
        raise ValueError("not a stored checkpoint")
    return data, settled, shared


def _joined(text: str, settled_text: list[str], shared: int) -> Any:
    """The stored state as one JSON object again: the settled innings in front of the
    state's own and of the over's snapshot's, which has the state's config."""
    data = json.loads(text)
    settled = [json.loads(innings) for innings in settled_text]
    data["state"]["innings"] = settled + data["state"]["innings"]
    over_start = data.get("overStart")
    if isinstance(over_start, dict) and isinstance(over_start.get("state"), dict):
        over_start["state"]["config"] = data["state"]["config"]
        over_start["state"]["innings"] = settled[:shared] + over_start["state"]["innings"]
    return data


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
    #: each settled innings with its stored JSON (`_settled_texts`): as stored or last written
    _settled: list[tuple[InningsState, str]] = PrivateAttr(default_factory=list)

    def to_document(self, mode: str) -> dict[str, Any]:
        """Stored as JSON strings (Firestore has no arrays of arrays) beside a few plain
        fields an admin can read at a glance, and sealed: `seal` is checkpoint_seal over the
        format, the match and those strings, which is all a run trusts.

        Each settled innings (every one but the last) is a string of its own in `settled`,
        and `data` holds the rest: a ball rewrites `data` and leaves `settled` as it was, so
        a run in a Test's fourth innings sends the innings in progress, not the three
        before it again (the adapter writes the fields that changed). The over's snapshot
        shares the first `overStartShares` of them, rather than holding copies."""
        settled = self._settled_texts()
        shared = self._shares(settled)
        # the match config once: the over's snapshot shares the state's
        data = self.model_dump_json(exclude={
            "state": {"innings": set(range(len(settled)))},
            "overStart": {"state": {"config": True, "innings": set(range(shared))}}})
        stored = {
            "format": self.format,
            "version": self.version,
            "lastSeenId": self.lastSeenId,
            "actions": self.count,
            "voided": self.voided,
            "logDigest": self.logDigest or log_digest_seed(self.state.config.matchId),
            "rebuilds": self.rebuilds,
            "lastMode": mode,
            "data": data,
            "seal": checkpoint_seal(self.format, self.state.config.matchId, data, settled,
                                    shared),
        }
        if settled:
            stored["settled"] = {str(n): text for n, text in enumerate(settled, start=1)}
        if shared:
            stored["overStartShares"] = shared
        return stored

    def _settled_texts(self) -> list[str]:
        """Each settled innings' JSON: made once for the innings object, which the fold never
        changes again (scorebook.state), rather than every ball of the innings after it."""
        known = self._settled
        texts = [known[n][1] if n < len(known) and known[n][0] is innings
                 else _innings_json(innings)
                 for n, innings in enumerate(self.state.innings[:-1])]
        self._settled = list(zip(self.state.innings, texts, strict=False))
        return texts

    def _shares(self, settled: list[str]) -> int:
        """How many of the settled innings the over's snapshot begins with, as they are: the
        very objects, which it shares with the state (`_start_over`, `_parse`), or else of
        the same text."""
        snapshot = self.overStart.state.innings if self.overStart is not None else []
        state, shared = self.state.innings, 0
        while shared < min(len(settled), len(snapshot)) and (
                snapshot[shared] is state[shared]
                or _innings_json(snapshot[shared]) == settled[shared]):
            shared += 1
        return shared

    @classmethod
    def load(cls, stored: Document | None, match_id: str) -> Checkpoint | Untrusted:
        """The checkpoint stored, or why it cannot be trusted and the log must be replayed:
        none yet, an older format, too big to keep, damaged, another match's (copied by
        hand), or edited by hand (its seal no longer matches what it holds)."""
        if not stored:
            return Untrusted("no checkpoint yet")
        unkept = _not_kept(stored)
        if unkept is not None:
            return unkept
        checkpoint = RECENT.take(match_id, stored)
        if checkpoint is None:
            loaded = cls._parse(stored, match_id)
            if isinstance(loaded, Untrusted):
                return loaded
            checkpoint = loaded
        flagged = _match_flag(stored)
        if flagged is not None:
            checkpoint._match_problem = flagged
        return checkpoint

    @classmethod
    def _parse(cls, stored: Document, match_id: str) -> Checkpoint | Untrusted:
        """The checkpoint in a stored document (its fields, its match, its seal checked)."""
        try:
            parts = _stored_parts(stored)
            checkpoint = cls.model_validate(_joined(*parts))
            settled, shared = parts[1], parts[2]
            checkpoint._settled = list(zip(checkpoint.state.innings, settled, strict=False))
            if checkpoint.overStart is not None:  # stored once for both: the same innings
                checkpoint.overStart.state.innings[:shared] = checkpoint.state.innings[:shared]
        except (KeyError, TypeError, ValueError, ValidationError):
            # damaged or of an older shape: the log is the truth, rebuild
            return Untrusted("the checkpoint is damaged", suspicious=True)
        owner = checkpoint.state.config.matchId
        if owner != match_id:
            return Untrusted(f"the checkpoint belongs to match {owner[:100]!r}: copied here",
                             suspicious=True)
        if not _sealed(stored, match_id, parts):
            return Untrusted("the checkpoint's seal does not match what it holds: it was"
                             " edited outside the functions", suspicious=True)
        return checkpoint

    @classmethod
    def from_document(cls, stored: Document | None, match_id: str) -> Checkpoint | None:
        """The checkpoint stored, or None when it cannot be trusted (`load` says why)."""
        return trusted(cls.load(stored, match_id))


def trusted(loaded: Checkpoint | Untrusted) -> Checkpoint | None:
    """The checkpoint loaded, or None when it cannot be trusted."""
    return loaded if isinstance(loaded, Checkpoint) else None


def _not_kept(stored: Document) -> Untrusted | None:
    """Why a stored checkpoint was not kept to be read: too big, or of another format."""
    if stored.get("tooLarge") is True:
        return Untrusted("the last checkpoint was too big to keep")
    if stored.get("format") != CHECKPOINT_FORMAT:
        return Untrusted(f"checkpoint format {stored.get('format')!r}, not"
                         f" {CHECKPOINT_FORMAT}")
    return None


def _match_flag(stored: Document) -> dict[str, Any] | None:
    """The unparseable_match problem stored beside the checkpoint, when the functions could
    have written it (a flag past MAX_FLAG_BYTES was not theirs)."""
    flagged = stored.get("matchInvalid")
    if isinstance(flagged, dict) and document_size(flagged) <= MAX_FLAG_BYTES:
        return flagged
    return None


def _sealed(stored: Document, match_id: str, parts: tuple[str, list[str], int]) -> bool:
    """Whether the stored seal is the one over what the checkpoint holds."""
    seal = stored.get("seal")
    expected = checkpoint_seal(stored["format"], match_id, *parts)
    return isinstance(seal, str) and seal.isascii() and hmac.compare_digest(seal, expected)


class RecentCheckpoints:
    """The checkpoint this instance last wrote for each of its recent matches, as the object
    it folded, with the live/score written beside it: the next ball of the match, usually
    handled by the same warm instance, then neither parses the stored state again nor
    sends live/score whole. Found by the stored seal, recomputed over the stored data: an
    entry is used only for exactly the data it was written as (another instance's write, a
    hand edit or a write that never committed find nothing). Taking an entry removes it, as
    the run folds onto the object: a transaction that retries parses the stored state."""

    def __init__(self, size: int = RECENT_MATCHES) -> None:
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
        seal = stored.get("seal")
        if kept is None or seal != kept[0]:
            return None
        try:
            edited = not hmac.compare_digest(kept[0], stored_seal(stored, match_id))
        except (KeyError, TypeError, ValueError):
            return None  # not a checkpoint's shape: parsing it says why
        if edited:
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


#: An unparseable_match problem is a clipped message and a code: anything bigger in the
#: checkpoint's `matchInvalid` was not written by the functions.
MAX_FLAG_BYTES = 2_000
