"""Firestore side of `live/score`: one commit, conditional on the checkpoint read, around
`scorebook.service.live_score.maintain`.

No read-write transaction: the run reads in a read-only one (one moment of the database,
no lock) and commits its writes in one batch that holds only if the checkpoint is still the
one it read (compare-and-swap on its update time). A run killed mid-way holds nothing. In a
read-write transaction it held locks on the checkpoint and on the log's queries (its count
of voids spans the whole collection), and on the emulator, which never expires a
transaction abandoned by a dead client, every later ball of the match was then refused
with "Transaction lock timeout", and the database could not even be cleared. Deployed,
locks expire, but a scorer's write still waited on them. What the transaction gave is
kept: the checkpoint is the one document every run of a match writes, every write to the
log triggers a run that reads after it, and a run whose checkpoint moved meanwhile commits
nothing and starts again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from google.cloud import firestore

from scorebook.firestore.alerts import tamper_alert
from scorebook.firestore.client import read_only, until_won
from scorebook.firestore.folded import folded_here, forget, last_seen, remember, seen
from scorebook.firestore.notify import enqueue_notify
from scorebook.firestore.projection_tx import FirestoreProjectionTx, NeedsSnapshot
from scorebook.service.live_score import (
    ActionEvent,
    Document,
    Outcome,
    maintain,
    publish_notice,
    verify,
)

if TYPE_CHECKING:  # (the lineups' adapter is a rebuild's: not imported on a ball)
    from scorebook.firestore.lineups import LineupsRead

log = logging.getLogger(__name__)

# A busy match may have several triggers at once; each retry re-reads the newer state.
MAX_ATTEMPTS = 30


def refresh_live_score(
    db: firestore.Client, match_id: str, event: ActionEvent | None = None, *,
    force: bool = False, match_changed: bool = False, check: bool = False, repair: bool = True,
    notify: bool = True, known: LineupsRead | None = None,
) -> tuple[Outcome, int]:
    """Run the maintenance service for one match until its commit holds; return the outcome
    and the number of documents read by the attempt that committed. `check` verifies the
    checkpoint and live/score against a refold of the whole log instead (`verify`), and
    rebuilds them when they differ unless `repair` is False. `notify` hands what the run
    published to the followers' queue (an admin's rebuild or migration does not: its
    followers were told when it happened). `known`: the match and its lineups as a run of
    live/lineups read them just before, which the first attempt takes if the checkpoint is
    still the one written then."""
    step = _step(match_id, event, check=check, repair=repair, force=force,
                 match_changed=match_changed)
    routine = not (check or force or match_changed)  # a ball, a void: an action's event
    if routine and folded_here(match_id, event):
        return _folded_here_already(match_id, event)
    if _deleted(event):
        forget(match_id)  # a document deleted: what is folded is the next run's to tell
    # a new action, the usual ball: folded outside a snapshot, onto the checkpoint this
    # instance last saw, or else onto the stored one read on its own
    outcome, reads = _committed(db, match_id, step, event, known=known,
                                outside=routine and _created(event))
    # a wicket, a fifty, an innings' end, the result: its followers are told by a task, off
    # this run's way, whichever run published it (a ball's, the match's written late, the
    # reconciling pass's: the emulator delivers triggers late and out of order)
    if notify and outcome.notable:
        enqueue_notify(db, match_id, outcome.notable)
    return outcome, reads


def _folded_here_already(match_id: str, event: ActionEvent | None) -> tuple[Outcome, int]:
    log.info("live/score of %s: unchanged (%s folded by this instance already)",
             match_id, event and event.action_id)
    return Outcome("unchanged", reason="folded by this instance already"), 0


def _step(match_id: str, event: ActionEvent | None, *, check: bool, repair: bool, force: bool,
          match_changed: bool) -> Callable[[FirestoreProjectionTx], Outcome]:
    """The run's work in an attempt: verify against a refold, or maintain."""
    if check:
        return lambda tx: verify(tx, match_id, repair=repair)
    return lambda tx: maintain(tx, match_id, event, force=force, match_changed=match_changed)


def _deleted(event: ActionEvent | None) -> bool:
    """The event is an action's deletion."""
    return event is not None and event.after is None


def _created(event: ActionEvent | None) -> bool:
    """The event is an action's creation (a new ball, not an edit or a deletion)."""
    return event is not None and event.before is None


def publish_dispute_notice(db: firestore.Client, match_id: str, position: str,
                           before: Document | None, after: Document | None) -> Outcome:
    """Tell the feed (and live/score's openDisputes) that a dispute opened or closed."""
    outcome, _ = _committed(
        db, match_id, lambda tx: publish_notice(tx, match_id, position, before, after))
    return outcome


def _committed(db: firestore.Client, match_id: str,
               step: Callable[[FirestoreProjectionTx], Outcome],
               event: ActionEvent | None = None, *,
               known: LineupsRead | None = None,
               outside: bool = False) -> tuple[Outcome, int]:
    """`step` over a fresh attempt, its reads in a read-only transaction (one moment of the
    database, no lock), its writes committed on condition; again, reading afresh, while
    the commit fails its condition: another run committed a newer checkpoint meanwhile (a
    busy match, a trigger delivered twice at once), or live/score was written beside its
    checkpoint (by hand, or a flag of the match), so that the next attempt writes it
    whole.

    `outside` (a new action's run): the first attempt runs outside any snapshot, on the
    checkpoint this instance last saw, or else on the stored one read on its own: a ball's
    run then begins and ends no transaction (two round trips of six) and, on the checkpoint
    remembered, does not read it either; the commit's condition finds out whether another
    run wrote since (`FirestoreProjectionTx`)."""
    def run_step(run: FirestoreProjectionTx) -> FirestoreProjectionTx:
        try:
            run.outcome = step(run)
        finally:
            run.settle()
        run.commit()  # before the snapshot's own commit, if any (empty: it ends it)
        return run

    @firestore.transactional
    def in_snapshot(snapshot: firestore.Transaction, whole: bool) -> FirestoreProjectionTx:
        return run_step(FirestoreProjectionTx(db, match_id, whole=whole, snapshot=snapshot,
                                              known=None if whole else known))

    abandoned = 0  # reads of a first attempt outside a snapshot that had to start again

    def attempt(n: int) -> FirestoreProjectionTx:
        nonlocal abandoned
        if n == 1 and outside:
            first = FirestoreProjectionTx(db, match_id, outside=True,
                                          remembered=last_seen(match_id))
            try:
                return run_step(first)
            except NeedsSnapshot:  # the plan went beyond the fold: no write was sent
                abandoned = first.reads + len(first.ahead)
        # a retry writes live/score whole: it may have been written beside its checkpoint
        run = in_snapshot(read_only(db), n > 1)
        run.reads += abandoned
        return run

    run = until_won(attempt, f"live/score of {match_id}", MAX_ATTEMPTS)
    seen(match_id, run.seen)
    run.flush_overflow()
    outcome = run.outcome
    assert outcome is not None  # set by every attempt that returns
    if outcome.mode != "no_match":
        remember(match_id, _read_by(run, event))
    # what a run outside a snapshot reads after its commit, read before the log says its reads
    checked = _checked_after_commit(run, match_id, outcome) if run.checks_after_commit else None
    _said(match_id, outcome, run, event)
    if checked is not None:
        return _after_commit(db, match_id, outcome, run.reads, checked)
    return outcome, run.reads


def _read_by(run: FirestoreProjectionTx, event: ActionEvent | None,
             ) -> list[tuple[str, datetime | None]]:
    """(id, creation time) of each action the run read, and of its event's action as the
    event wrote it: what this instance remembers having folded."""
    return ([(i, run.created.get(i)) for i in run.read_ids]
            + ([(event.action_id, event.created)] if event and event.after else []))


def _said(match_id: str, outcome: Outcome, run: FirestoreProjectionTx,
          event: ActionEvent | None) -> None:
    """The run's line in the functions' log; and an alert, when a checkpoint or live/score
    was not as the functions wrote it."""
    if outcome.suspicious:
        print(json.dumps(tamper_alert(match_id, outcome.reason)), flush=True)
    log.log(
        logging.WARNING if outcome.suspicious else logging.INFO,
        "live/score of %s: %s%s (version %s, %d read, %d written%s)",
        match_id, outcome.mode, f" ({outcome.reason})" if outcome.reason else "",
        outcome.version, run.reads, run.writes,
        "" if event is None else f", its event waited {event.waited:.2f} s",
    )


def _checked_after_commit(run: FirestoreProjectionTx, match_id: str, outcome: Outcome,
                          ) -> tuple[list[tuple[str, Document]], int | None]:
    """A run outside a snapshot, committed: what the log holds that it folded otherwise
    (the ball as its event wrote it), and its count of voided actions (None: nothing to
    compare it with, or it failed)."""
    changed = _changed_actions(run, match_id)
    return changed, _counted_voids(run, match_id) if outcome.voided is not None else None


def _after_commit(db: firestore.Client, match_id: str, outcome: Outcome, reads: int,
                  checked: tuple[list[tuple[str, Document]], int | None],
                  ) -> tuple[Outcome, int]:
    """The run's outcome, or a run about what `_checked_after_commit` found: the ball read
    again in a snapshot, then (when that finds it as folded) the void never folded. A run
    that fails here leaves the committed one standing, its followers still told of it, and
    the rest to the next ball or the reconciliation."""
    changed, voided = checked
    again: tuple[Outcome, int] | None = None
    try:
        if changed:
            again = _changed_since(db, match_id, outcome, *changed[0])
        if _void_to_look_for(voided, outcome, again):
            again = _void_unfolded(db, match_id, outcome, voided)
    except Exception:  # noqa: BLE001 - the commit holds; its notices must still go out
        log.warning("live/score of %s: the run after the commit failed", match_id,
                    exc_info=True)
    return again or (outcome, reads)


def _void_to_look_for(voided: int | None, outcome: Outcome,
                      again: tuple[Outcome, int] | None) -> bool:
    """Whether the count of voids after the commit differs from the run's, and the run about
    the changed ball (if any) found it as folded, so the difference is a void never
    folded."""
    return voided is not None and voided != outcome.voided and (
        again is None or again[0].mode == "unchanged")


def _counted_voids(run: FirestoreProjectionTx, match_id: str) -> int | None:
    """The count of voided actions read after a committed run, or None when that read
    failed: the run's writes stand, and its followers must still be told of them (a void
    never folded is then the next ball's or the reconciliation's to find)."""
    try:
        return run.counted_voids()
    except Exception:  # noqa: BLE001 - the commit holds whatever this read did
        log.warning("live/score of %s: the count of voided actions failed after the commit",
                    match_id, exc_info=True)
        return None


def _changed_actions(run: FirestoreProjectionTx, match_id: str) -> list[tuple[str, Document]]:
    """The actions a committed run folded as their events wrote them that the log holds
    otherwise; when that read failed, every one of them (read again in a snapshot: a change
    made before this run's commit had no run of its own that saw the ball folded)."""
    try:
        return run.changed_actions()
    except Exception:  # noqa: BLE001 - the commit holds whatever this read did
        log.warning("live/score of %s: reading the folded action failed after the commit:"
                    " read again in a snapshot", match_id, exc_info=True)
        return list(run.written.items())


def _changed_since(db: firestore.Client, match_id: str, outcome: Outcome, action_id: str,
                   written: Document) -> tuple[Outcome, int]:
    """After a commit that folded a new action as its event wrote it, which the log holds
    otherwise (a late event about a ball deleted and written again, a ball voided since):
    a run about that change, the action read in a snapshot, refolds from the over or the
    page that holds it, as for an edit in place (or finds it as folded). Followers are
    told of what stays published."""
    log.info("live/score of %s: %s is stored otherwise than its event wrote it",
             match_id, action_id)

    def refold(tx: FirestoreProjectionTx) -> Outcome:
        stored = tx.action(action_id)
        return maintain(tx, match_id, ActionEvent(action_id, after=stored, before=written))

    return _run_again(db, match_id, outcome, refold)


def _void_unfolded(db: firestore.Client, match_id: str, outcome: Outcome, voided: int,
                   ) -> tuple[Outcome, int]:
    """After a commit whose count of voided actions, read after it, disagrees with the
    checkpoint: a void it has not folded (its own run lost, or still to come). live/score
    counted that action before the ball too; a run about no event, in a snapshot, finds the
    void and refolds from its page. Followers are told of what stays published (a task
    tells nobody of an event retracted since)."""
    log.info("live/score of %s: %d voided actions in the log, %d folded: a void was never"
             " folded", match_id, voided, outcome.voided)
    return _run_again(db, match_id, outcome, lambda tx: maintain(tx, match_id))


def _run_again(db: firestore.Client, match_id: str, outcome: Outcome,
               step: Callable[[FirestoreProjectionTx], Outcome]) -> tuple[Outcome, int]:
    """`step` in a snapshot after a committed run that must be put right; followers are
    told of what either run published that stays (a task tells nobody of an event
    retracted since)."""
    again, reads = _committed(db, match_id, step)
    again.notable = sorted({*outcome.notable, *again.notable})
    return again, reads
