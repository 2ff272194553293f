"""When the reconciliation verifies a match whole (refolds its log, reads its ledger's chain)
rather than by its counts alone: one decision over what a run read of the match.

Python triggers are not retried, so the scheduled job is what heals a lost run. A lost run
of a ball or a void leaves the log's counts ahead of the checkpoint's; a lost run of the
match's trigger leaves the match written after the last write that trigger ran for; a
match's first run lost leaves no checkpoint. Each of those is verified whole at once. What
leaves none of those marks (an action edited in place, a lineup's run lost, a checkpoint
resealed by hand) is found by the match's whole verification of the hour."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

#: The reconciliation runs every RECONCILE_SECONDS (`reconcile_live_scores`); each match is
#: verified whole in one run of FULL_EVERY (an hour), a run of its own, so that a league's
#: matches spread over the hour.
RECONCILE_SECONDS = 300
FULL_EVERY = 12

#: A match not verified whole for this long missed its run of the hour (that run failed or
#: ran late): the next run verifies it.
OVERDUE = timedelta(seconds=RECONCILE_SECONDS * (FULL_EVERY + 1))

#: What a run that verifies a match by its counts alone says of it.
COUNTS_AGREE = "the log's counts agree with the checkpoint's"


@dataclass(frozen=True)
class Seen:
    """What a run read of one match, as the database's times of the writes."""

    #: the log holds as many actions, and as many voided, as the checkpoint folded
    counts_agree: bool
    #: when the checkpoint was last written (None: there is none)
    checkpoint_written: datetime | None
    #: when the match document was last written
    match_written: datetime
    #: the moment the last whole verification read from (None: never verified whole)
    verified_from: datetime | None
    #: the write of the match its trigger last ran for (None: none recorded)
    match_seen: datetime | None = None
    #: the moment the last whole verification begun read from, whether it ended or failed
    attempted_from: datetime | None = None


class Whole(StrEnum):
    """Why a run verifies a match whole."""

    NO_CHECKPOINT = "no checkpoint: the match's first run was lost"
    COUNTS_DIFFER = "the log's counts differ from the checkpoint's"
    MATCH_EDITED = "the match was written after its trigger's last run"
    OVERDUE = "not verified whole within the hour"
    ITS_RUN = "its run of the hour"

    @property
    def hourly(self) -> bool:
        """The hour's verification, which a dormant match is spared (the others are marks
        of a lost run, which a dormant match's log does not leave)."""
        return self in (Whole.OVERDUE, Whole.ITS_RUN)


def whole_because(seen: Seen, match_id: str, at: datetime) -> Whole | None:
    """Why the run scheduled `at` verifies the match whole; None: its counts alone do."""
    if seen.checkpoint_written is None:
        return Whole.NO_CHECKPOINT
    if not seen.counts_agree:
        return Whole.COUNTS_DIFFER
    # the match's trigger marks each write it ran for (an edit, the projection's own status
    # and result): a later write's run was lost, whatever balls were folded since (their
    # runs fold onto the checkpoint without reading the match)
    if seen.match_written > _last(seen.match_seen, seen.verified_from):
        return Whole.MATCH_EDITED
    # a verification begun within the hour waits for the next hour's, even one that failed:
    # a match that cannot be verified is not refolded every run
    if _utc(at) - _last(seen.verified_from, seen.attempted_from) > OVERDUE:
        return Whole.OVERDUE
    if slot_due(match_id, at):
        return Whole.ITS_RUN
    return None


def mark_after(seen: datetime | None, verified_from: datetime | None, written: datetime,
               previous: datetime | None) -> datetime | None:
    """The match's mark (`Seen.match_seen`) once its trigger's run for the write made at
    `written` has ended; None: the mark stays as it is. A run that applied the match (an
    edit the fold or the lineups use: it read the match as it now is) marks its write. One
    that applied nothing (the status and result the projection writes back) marks it only
    when the write before it (`previous`) was seen, by a run's mark or a whole verification:
    else it would hide an edit before it whose run was lost. The mark never goes back, as
    runs may end in any order."""
    if previous is not None and previous > _last(seen, verified_from):
        return None
    if seen is not None and seen >= written:
        return None
    return written


def slot_due(match_id: str, at: datetime) -> bool:
    """Whether the run scheduled `at` is the one of its hour that verifies `match_id`."""
    slot = int(hashlib.sha256(match_id.encode("utf-8")).hexdigest(), 16) % FULL_EVERY
    return int(_utc(at).timestamp() // RECONCILE_SECONDS) % FULL_EVERY == slot


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _last(*times: datetime | None) -> datetime:
    """The latest of the times known (the epoch when none is)."""
    return max((t for t in times if t is not None), default=_EPOCH)


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
