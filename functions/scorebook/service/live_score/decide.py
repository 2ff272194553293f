"""Decide how a run brings live/score in line: from the checkpoint and the event alone,
before anything more is read (`plan`), and what the trigger's own write tells (a ball
folded already, an edit in place)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scorebook.actions import NOT_A_POSITION, action_id, is_voided, log_position
from scorebook.laws.result import decide_result
from scorebook.service.live_score.checkpoint import Checkpoint
from scorebook.service.live_score.ports import CAUGHT_UP_SECONDS, ActionEvent


def resumable_from_over_start(checkpoint: Checkpoint | None, event: ActionEvent | None) -> bool:
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
    if not resumable_from_over_start(checkpoint, event):
        return _before_the_over(checkpoint, event)
    return _within_the_over(checkpoint, event)


def _before_the_over(checkpoint: Checkpoint, event: ActionEvent) -> str | None:
    """Before the current over, only what was read there is known by count."""
    if event.after is None:
        return f"action {event.action_id} was deleted"
    if is_voided(event.after) and event.action_id not in checkpoint.ledger.voidedIds:
        return f"action {event.action_id} was voided after it was folded"
    if edited_in_place(event):
        return f"action {event.action_id} was edited after it was folded"
    # a trigger delivered twice (a void the ledger has entered: a run folded it, maybe with a
    # ball delivered before it), or a late ball: the counts decide
    return None


def _within_the_over(checkpoint: Checkpoint, event: ActionEvent) -> str | None:
    """Within the current over, the checkpoint knows each id it read and whether it was
    voided then."""
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


def counts_voids(checkpoint: Checkpoint, over_before: list[int]) -> bool:
    """Whether a run outside a snapshot counts the voided actions after its commit, which
    finds a void whose own run was lost: when its fold began an innings (the one before
    is settled: its total is checked as it closes), and once the match has a result (the
    reconciliation passes a completed match by, so a void lost in its last over would
    stand). Between them the reconciliation finds one within its five minutes: an over
    takes about four at a ground, and on the emulator the count scans every document it
    holds (a fifth of its CPU under the 50-match load when every over counted)."""
    return (checkpoint.overStartKey[:1] != over_before[:1]
            or decide_result(checkpoint.state) is not None)


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


#: The ways to bring live/score in line, the cheapest first:
#: - fold: fold the actions after the checkpoint's last one onto it (the usual next ball);
#: - resume_over: fold from the snapshot taken at the current over's start (a change within
#:   the over, the usual undo or a late ball, leaves everything before it as it was);
#: - resume_page: refold from the start of the log's page that holds the earliest change,
#:   reading the pages from there instead of the log;
#: - rebuild: replay the whole log, which always stands for itself.
Step = Literal["fold", "resume_over", "resume_page", "rebuild"]


@dataclass(frozen=True)
class Plan:
    """The steps to try, in order: a step that finds it cannot stand for the log (the log's
    counts disagree with the checkpoint, a void before the over was never folded, a page is
    missing) hands on to the next with its reason; the last, a rebuild, always can."""

    steps: tuple[Step, ...]  # none: nothing to do
    #: why the checkpoint cannot simply be folded further (None: it can, as far as the
    #: checkpoint and the event tell)
    reason: str | None = None


def plan(checkpoint: Checkpoint | None, event: ActionEvent | None, force: bool = False) -> Plan:
    """How to bring live/score in line, decided from the checkpoint and the event alone:
    the cheapest step that may do, then its fallbacks."""
    if force:
        return Plan(("rebuild",), "rebuild requested")
    if checkpoint is None:
        return Plan(("rebuild",), "no usable checkpoint")
    if folded_already(checkpoint, event):
        # a trigger delivered twice, or the ball of an earlier run that folded it with the
        # ones before it (a busy match): nothing to do
        return Plan((), "folded already")
    over: tuple[Step, ...] = (
        ("resume_over",) if resumable_from_over_start(checkpoint, event) else ())
    reason = rebuild_reason(checkpoint, event)
    first: tuple[Step, ...] = ("fold",) if reason is None else ()
    return Plan((*first, *over, "resume_page", "rebuild"), reason)


def usual_next(last: str | None, event: ActionEvent) -> bool:
    """The event is about the place right after `last` and came without waiting behind
    others: nothing is likely written after its ball yet."""
    return event.waited < CAUGHT_UP_SECONDS and follows(last, event.action_id)


def follows(last: str | None, doc_id: str) -> bool:
    """`doc_id` is the place right after `last` in its innings, both plain positions (after
    none, the empty log's: a new match's first ball is read, not the log asked for it)."""
    if last is None:
        return doc_id == action_id(1, 1)
    innings, sequence, correction, _ = log_position(last)
    return (innings != NOT_A_POSITION and not correction and last == action_id(innings, sequence)
            and doc_id == action_id(innings, sequence + 1))


def before_last(checkpoint: Checkpoint, event: ActionEvent | None) -> bool:
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
