"""Use case: keep live/score equal to the projection of the log. A run carries out the
plan (`decide`); a change to the match re-renders or refolds; `verify` compares the stored
projection with a refold of the whole log (the reconciliation)."""

from __future__ import annotations

from scorebook.actions import action_id, is_voided, log_position
from scorebook.feed_events import FeedEvent
from scorebook.ledger import Change, changes_of
from scorebook.match import Match
from scorebook.service.feed import FeedWrites, append
from scorebook.service.live_score.checkpoint import RECENT, Checkpoint, Untrusted, trusted
from scorebook.service.live_score.decide import (
    Plan,
    Step,
    before_last,
    counts_voids,
    follows,
    plan,
    usual_next,
)
from scorebook.service.live_score.fold import fold_documents, in_log_order
from scorebook.service.live_score.ports import ActionEvent, Document, Outcome, ProjectionTx
from scorebook.service.live_score.rebuild import read_match, rebuild, refold
from scorebook.service.live_score.render import (
    FORGED,
    checkpoint_mismatch,
    expected_document,
    live_score_differences,
)
from scorebook.service.live_score.resume import resume_over, resume_page
from scorebook.service.live_score.write import MATCH_FIELDS, stored_pages, write_projection
from scorebook.service.log_pages import PageWrites, StoredWrites
from scorebook.state import MatchConfig, initial_state


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
    if not (match_changed or force):
        _read_ahead(tx, match_id, event)
    stored = tx.checkpoint()
    loaded = Checkpoint.load(stored, match_id)
    if match_changed and not force:
        return _match_changed(tx, match_id, stored, loaded)
    checkpoint = trusted(loaded)
    steps = plan(checkpoint, event, force=force)
    if checkpoint is not None and not steps.steps:
        # nothing to do, and the checkpoint's read says so: the object is as it was read
        _keep_as_read(match_id, stored, checkpoint)
        return Outcome("unchanged", reason=steps.reason or "", version=checkpoint.version)
    return _carry_out(steps, tx, match_id, event, stored=stored, loaded=loaded, force=force)


def _carry_out(steps: Plan, tx: ProjectionTx, match_id: str, event: ActionEvent | None, *,
               stored: Document | None, loaded: Checkpoint | Untrusted, force: bool) -> Outcome:
    """The plan's steps in order until one stands for the log; the last, a rebuild, always
    does (from the stored checkpoint's history, unless it cannot be trusted)."""
    checkpoint = trusted(loaded)
    reason = _short_of_rebuild(steps, tx, match_id, event, checkpoint=checkpoint, stored=stored)
    if isinstance(reason, Outcome):
        return reason
    if isinstance(loaded, Untrusted) and not force:
        return rebuild(tx, match_id, None, stored, loaded.reason,
                       suspicious=loaded.suspicious)
    return rebuild(tx, match_id, checkpoint, stored, reason or "rebuild requested")


def _short_of_rebuild(steps: Plan, tx: ProjectionTx, match_id: str, event: ActionEvent | None,
                      *, checkpoint: Checkpoint | None, stored: Document | None,
                      ) -> Outcome | str | None:
    """The plan's steps before its rebuild, in order: the outcome of the first that stands
    for the log, or the reason to rebuild."""
    reason = steps.reason
    for step in steps.steps:
        if step == "rebuild":
            break
        assert checkpoint is not None and stored is not None  # else plan() only rebuilds
        outcome = _try(step, tx, checkpoint, match_id, event=event, reason=reason)
        if isinstance(outcome, Outcome):
            if outcome.mode == "unchanged" and step == "fold":  # the object is as read
                _keep_as_read(match_id, stored, checkpoint)
            return outcome
        reason = outcome or reason
    return reason


def _keep_as_read(match_id: str, stored: Document, checkpoint: Checkpoint) -> None:
    """Remember the checkpoint a run left as it read it, for the match's next run."""
    RECENT.keep(match_id, stored["seal"], checkpoint, checkpoint._written)


def _read_ahead(tx: ProjectionTx, match_id: str, event: ActionEvent | None) -> None:
    """For the usual next ball, as far as this instance knows, its other reads go beside the
    checkpoint's (not for a ball folded already, which a busy match's runs mostly are)."""
    if event is not None and usual_next(RECENT.last_seen(match_id), event):
        tx.read_ahead([event.action_id])


def _try(step: Step, tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, *,
         event: ActionEvent | None, reason: str | None) -> Outcome | str | None:
    """One step of the plan short of a rebuild: its outcome, or why it cannot stand for the
    log (a reason, or None to keep the one before)."""
    if step == "fold":
        return _fold_next(tx, checkpoint, match_id, event)
    assert reason is not None  # a resume follows a reason, the plan's or the fold's
    if step == "resume_over":
        # None: a void before this over was never folded
        return resume_over(tx, checkpoint, match_id, reason, changed=_edited(event))
    return resume_page(tx, checkpoint, match_id, event, reason)


def _edited(event: ActionEvent | None) -> set[str]:
    """The action the event wrote, if it wrote one (not a deletion)."""
    return {event.action_id} if event is not None and event.after is not None else set()


def _match_changed(tx: ProjectionTx, match_id: str, stored: Document | None,
                   loaded: Checkpoint | Untrusted) -> Outcome:
    """After a change to the match or a lineup: start the match, re-render names, or refold
    when what the fold uses changed."""
    invalid_before = isinstance((stored or {}).get("matchInvalid"), dict)
    match = read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    if stored is None:
        return _start(tx, match_id, match)
    return _refold_for_match(tx, match_id, match, stored=stored, loaded=loaded,
                             invalid_before=invalid_before)


def _refold_for_match(tx: ProjectionTx, match_id: str, match: Match, *, stored: Document,
                      loaded: Checkpoint | Untrusted, invalid_before: bool) -> Outcome:
    """Refold after the match changed when the checkpoint is to be trusted and the match
    could not be read before, or what the fold uses changed; else re-render names."""
    if isinstance(loaded, Untrusted) and not invalid_before:
        # A checkpoint the functions did not leave as it is: the next action or the
        # reconciliation replays the log.
        return Outcome("unchanged", reason=loaded.reason, suspicious=loaded.suspicious)
    if invalid_before or not isinstance(loaded, Checkpoint):
        checkpoint = trusted(loaded)
        return rebuild(tx, match_id, checkpoint, stored, "the match can be read again",
                        match=match)
    outcome = _recheck_match(tx, loaded, match)
    if outcome is not None:
        return outcome
    return rebuild(tx, match_id, loaded, stored,
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
    started, writes, changes, pages = refold(tx, match_id, match, None, None,
                                              reason="a new match")
    started.matchFields = {name: getattr(match, name) for name in MATCH_FIELDS}
    return write_projection(tx, started, Outcome("rebuilt", reason="a new match"),
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
    match = read_match(tx, match_id)
    if isinstance(match, Outcome):
        return match
    checkpoint = trusted(loaded)
    refolded, writes, changes, pages = refold(
        tx, match_id, match, checkpoint, stored,
        reason="the reconciliation found the feed out of line")
    reason, suspicious = _stored_differ(tx, loaded, refolded)
    if reason is None:
        reason = _derived_differ(tx, refolded, writes, changes, pages)
    if reason is None:
        return Outcome("verified", version=refolded.version)
    if not repair:
        return Outcome("mismatch", reason=reason, suspicious=suspicious)
    return write_projection(tx, refolded, Outcome("rebuilt", reason=reason, suspicious=suspicious),
                  feed=writes, ledger=changes, pages=pages)


def _stored_differ(tx: ProjectionTx, loaded: Checkpoint | Untrusted, refolded: Checkpoint,
                   ) -> tuple[str | None, bool]:
    """How the stored checkpoint, then live/score, differ from a refold of the log (None:
    they do not), and whether what differs was written outside the functions."""
    if isinstance(loaded, Untrusted):
        return loaded.reason, loaded.suspicious
    reason = checkpoint_mismatch(loaded, refolded)
    if reason is not None:
        return reason, reason.startswith(FORGED)
    drift = live_score_differences(tx.live_score(), expected_document(refolded))
    if drift:
        return f"live/score differs from the log: {', '.join(drift)}", True
    return None, False


def _derived_differ(tx: ProjectionTx, refolded: Checkpoint, writes: FeedWrites,
                    changes: list[tuple[Change, str, Document]], pages: PageWrites | None,
                    ) -> str | None:
    """How the feed, the ledger or the log's pages differ from a refold of the log (None:
    they do not)."""
    if len(writes):
        return f"the feed differs from the log: {len(writes)} events to write or retract"
    if changes:
        return f"the ledger lacks {len(changes)} changes of the log"
    return _pages_differ(tx, refolded, stored_pages(refolded, pages, writes))


def _pages_differ(tx: ProjectionTx, refolded: Checkpoint, expected: StoredWrites | None,
                  ) -> str | None:
    """Which of the log's pages is not what a refold of the log gives (a run lost, a page
    edited): the first one, or None when all are."""
    wanted = expected.whole if expected is not None else {}
    for k, stored in enumerate(tx.pages(0, len(refolded.pages))):
        if _page_differs(stored, wanted.get(k)):
            return f"log page {k} differs from the log"
    return None


def _page_differs(stored: Document | None, wanted: Document | None) -> bool:
    """Whether a stored page lacks what a refold writes to it (its other fields aside)."""
    return stored is None or {key: stored.get(key) for key in wanted or {}} != wanted


def _without_names(config: MatchConfig) -> MatchConfig:
    """The config as the fold reads it: names, and who keeps wicket (the dismissal's words
    mark a keeper, the fold never asks), are the rendering's, changed by a re-render."""
    return config.model_copy(update={
        "players": dict.fromkeys(config.players, ""),
        "teams": [t.model_copy(update={"name": ""}) for t in config.teams],
        "keepers": [],
    })


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
    return write_projection(tx, checkpoint, Outcome("renamed"))


def _fold_next(
    tx: ProjectionTx, checkpoint: Checkpoint, match_id: str, event: ActionEvent | None
) -> Outcome | str:
    """Fold what came after the checkpoint, or say why the log must be replayed instead."""
    new_docs = _next_documents(tx, checkpoint, event)
    voided = checkpoint.voided + sum(is_voided(data) for _, data in new_docs)
    unfolded = _never_folded(tx, checkpoint, event, new_docs, voided)
    if unfolded is not None:
        return unfolded
    if not new_docs:
        return Outcome("unchanged", version=checkpoint.version, voided=voided)
    return _fold_and_write(tx, checkpoint, match_id, new_docs, voided)


def _never_folded(tx: ProjectionTx, checkpoint: Checkpoint, event: ActionEvent | None,
                  new_docs: list[tuple[str, Document]], voided: int) -> str | None:
    """What the counts say was never folded (a void, an action before the last one read),
    making the log to be replayed; None when they agree."""
    if not tx.checks_after_commit:
        voided_now = tx.voided_count()
        if voided_now != voided:
            return (f"{voided_now} voided actions in the log, {voided} folded: a void was"
                    " never folded")
    if before_last(checkpoint, event) and (
            tx.action_count() != checkpoint.count + len(new_docs)):
        # Only a reconciliation, or an event about an action before the last one read, pays
        # for counting the whole log: it finds an action written before the last folded one
        # that was never folded (its own trigger lost, or still to come).
        return "an action before the last folded one was never folded"
    return None


def _fold_and_write(tx: ProjectionTx, checkpoint: Checkpoint, match_id: str,
                    new_docs: list[tuple[str, Document]], voided: int) -> Outcome:
    """Fold the new documents onto the checkpoint and write what they make."""
    fresh: list[FeedEvent] = []
    changes = changes_of(in_log_order(new_docs), checkpoint.ledger)
    pages = PageWrites()
    over = checkpoint.overStartKey
    folded = fold_documents(checkpoint, match_id, new_docs, fresh, pages)
    writes, checkpoint.feedSeq = append(fresh, checkpoint.feedSeq)
    # A store that compares the count after its commit does so when the run begins an
    # innings or the match has its result (`counts_voids`), not every ball: on the emulator
    # a count scans every document of the database, the dearest read of a run under load.
    counted = voided if counts_voids(checkpoint, over) else None
    return write_projection(tx, checkpoint, Outcome("folded", folded=folded, voided=counted),
                            feed=writes, ledger=changes, pages=pages)


def _next_documents(tx: ProjectionTx, checkpoint: Checkpoint, event: ActionEvent | None,
                    ) -> list[tuple[str, Document]]:
    """The documents after the checkpoint's last one. When the event is the usual next ball
    (`usual_next`), that ball's document as stored (an event can come late, about a document
    deleted since; a store that checks after its commit folds the event's and compares) is
    folded on its own: one read of one document instead of asking the log for what
    follows, a query the emulator answers by scanning every document of the database (15 to
    20 ms at the end of a five-day Test, against 2.5 ms for a read). An event about the next
    place that waited behind others reads that place and the ones after it by id
    (`_places_from`). Otherwise the log is asked, and all it holds after the checkpoint is
    folded in this run: under load the emulator runs one trigger at a time, and a run per
    ball fell minutes behind."""
    last = checkpoint.lastSeenId
    if event is None or not follows(last, event.action_id):
        return tx.actions_after(last)
    if usual_next(last, event):
        stored = tx.action(event.action_id, event.after)
        return [(event.action_id, stored)] if stored is not None else tx.actions_after(last)
    return _places_from(tx, event.action_id) or tx.actions_after(last)


#: the places a run whose event waited reads by id, the event's and the ones after it: under
#: load a match's balls queue a second or two behind its scorer, one or two of them
NEXT_PLACES = 4


def _places_from(tx: ProjectionTx, first: str) -> list[tuple[str, Document]]:
    """The documents at `first` and the places after it in its innings, up to the first one
    not written: one round trip of NEXT_PLACES reads. When all are there, more may follow,
    and the log is asked for them. A correction in place written meanwhile is not among
    them: its own run finds it after the last one folded (a resume from the over, or the
    log's count before it); nor is the next innings' first action, whose own run asks the
    log."""
    innings, sequence, _, _ = log_position(first)
    found = tx.actions_at([action_id(innings, sequence + k) for k in range(NEXT_PLACES)])
    if len(found) < NEXT_PLACES:
        return found
    return found + tx.actions_after(found[-1][0])
