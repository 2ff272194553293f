"""live/score as a checkpoint stands for it, within Firestore's document limit, and how a
stored live/score or checkpoint differs from a refold of the log."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from scorebook.actions import log_position
from scorebook.document import (
    MAX_DOCUMENT_BYTES,
    compact_json_bytes,
    document_size,
    fits_in_document,
    to_document,
)
from scorebook.integrity import problem
from scorebook.match import Match
from scorebook.service.live_score.checkpoint import Checkpoint, LogPrefixState
from scorebook.service.live_score.fold import rebuild_checkpoint
from scorebook.service.live_score.ports import RECENT_MATCHES, Document
from scorebook.views.scorecard import Scorecards, live_document


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

    def __init__(self, size: int = RECENT_MATCHES) -> None:
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


FORGED = "the checkpoint's fold state differs"


#: what a refold of the same log must reproduce exactly (version, rebuilds and matchFields
#: are the history of the writes, not of the log)
_FOLDED_FIELDS = {*LogPrefixState.model_fields, "overStart", "overStartKey", "overSeen"}


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
        return f"{FORGED} from a refold of the same log: it was edited and resealed"
    return None


def expected_document(checkpoint: Checkpoint) -> dict[str, Any]:
    """live/score as `write_projection` stores it for this checkpoint, `version` excepted."""
    # the size a too-big live/score reports is that of what a refold of the log gives
    document = without_history(live_score_document(checkpoint))
    scorecards = SCORECARDS.of(checkpoint.state.config.matchId)
    document = within_document_limit(document, json_bytes(document, scorecards))
    document["chainHead"] = checkpoint.ledger.hash or None
    if checkpoint.ledger.foreign:
        document["integrity"] = [*document.get("integrity", []),
                                 *_foreign_entries(checkpoint.ledger.foreign)]
    document["openDisputes"] = _open_disputes(checkpoint)
    return document


def _foreign_entries(foreign: list[int]) -> list[dict[str, Any]]:
    """The problems live/score shows for the first ledger entries the functions did not
    write."""
    return [{"code": "ledger_foreign_entry", "actionId": None,
             "message": f"ledger entry {n} was not written by the functions; the chain goes"
                        " on after it (scripts/verify_chain.py)"}
            for n in foreign[:MAX_FOREIGN_SHOWN]]


def _open_disputes(checkpoint: Checkpoint) -> list[str]:
    """The positions in dispute, in log order."""
    return sorted((p for p, status in checkpoint.disputes.items() if status == "open"),
                  key=log_position)


def json_bytes(document: Document, scorecards: Scorecards) -> int:
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
    return [
        f"{key}: {'missing' if key not in current else 'differs'}"
        for key in sorted(expected) if _differs(key, current, expected)
    ] + [f"{key}: not in the log" for key in sorted(_stale_innings(current, expected))]


def _differs(key: str, current: Document, expected: Document) -> bool:
    return key not in HISTORY_FIELDS and (key not in current or current[key] != expected[key])


def _stale_innings(current: Document, expected: Document) -> list[str]:
    """The `innings{n}` fields stored that the projection no longer has."""
    return [key for key in current if key not in expected and key.startswith("innings")
            and key.removeprefix("innings").isdigit()]


#: The foreign ledger entries live/score names (the checkpoint keeps them all).
MAX_FOREIGN_SHOWN = 10


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
    slim: dict[str, Any] = {key: _slimmed(value) for key, value in document.items()}
    if isinstance(current, dict):
        slim["currentInnings"] = {k: v for k, v in current.items() if _scalar(v)}
    slim["integrity"] = [to_document(problem(
        "document_too_large",
        f"live/score would be {document_size(document):,} bytes; Firestore keeps at most "
        f"{MAX_DOCUMENT_BYTES:,}: only the score is shown until the log is repaired"))]
    return slim


def _slimmed(value: Any) -> Any:
    """A field of a live/score too big to keep: a scalar kept, a list emptied, the rest
    dropped."""
    if _scalar(value):
        return value
    return [] if isinstance(value, list) else None
