"""The reconciliation: bring the matches not over in line with their logs (the scheduled
job and `scripts/rebuild_projections.py --verify`), and what a rebuild would change; and
repair what lost runs of the other triggers left (a DUAL ball undecided, a private match's
followers, a completed match uncounted): Python triggers are not retried."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from scorebook.firestore.live_score import refresh_live_score
from scorebook.firestore.paths import (
    MATCHES,
    SEASON_CONTRIBUTIONS,
    checkpoint_path,
    live_score_path,
    match_path,
    reconciled_path,
    scoring_actions_path,
)
from scorebook.firestore.projection_tx import voided_of
from scorebook.service.live_score import (
    Document,
    Outcome,
    expected_document,
    live_score_differences,
    rebuild_checkpoint,
)
from scorebook.service.reconcile import (
    COUNTS_AGREE,
    Seen,
    Whole,
    mark_after,
    whole_because,
)

log = logging.getLogger(__name__)


def live_score_drift(db: firestore.Client, match_id: str) -> list[str]:
    """What a rebuild would change in live/score (top-level fields), without writing."""
    match_snap = db.document(match_path(match_id)).get()
    if not match_snap.exists:
        return [f"{match_path(match_id)} does not exist"]
    match_doc = match_snap.to_dict() or {}
    from scorebook.firestore.lineups import read_lineups
    from scorebook.views.lineups import match_for_fold

    lineups = read_lineups(db, match_id, match_doc, None)  # as the functions read them
    match = match_for_fold({**match_doc, "id": match_id}, lineups)
    docs = [(s.id, s.to_dict() or {}) for s in
            db.collection(scoring_actions_path(match_id)).stream()]
    expected = expected_document(rebuild_checkpoint(match, docs))
    return live_score_differences(_stored_live_score(db, match_id), expected)


def _stored_live_score(db: firestore.Client, match_id: str) -> Document:
    snap = db.document(live_score_path(match_id)).get()
    return snap.to_dict() if snap.exists else {}


#: The composite index the query of matches completed lately needs (a collection group's:
#: firestore.indexes.json declares it, tests/unit/test_indexes.py checks that it does).
COMPLETED_LATELY_INDEX = {
    "collectionGroup": "live", "queryScope": "COLLECTION_GROUP",
    "fields": [{"fieldPath": "status", "order": "ASCENDING"},
               {"fieldPath": "lastUpdated", "order": "ASCENDING"}],
}

#: How far back the reconciliation looks for a completed match its trigger may not have
#: counted (a lost run is healed by the next pass, five minutes on; a day covers a
#: reconciliation that itself failed for hours).
COUNT_WITHIN = timedelta(days=1)

#: matches the reconciliation verifies at once: each mostly waits for the reads of its log,
#: so a league's Saturday (dozens live) takes about the time of its longest log, not their sum
RECONCILE_WORKERS = 8


def counts_agree(db: firestore.Client, match_id: str, checkpoint: Any) -> bool:
    """Whether the log holds as many actions, and as many of them voided, as `checkpoint`
    (its snapshot, read with those two fields) folded: the log's two counts, each one read
    per 1,000 actions, whatever the log's length. (No checkpoint: nothing folded, which an
    empty log agrees with.)"""
    stored = (checkpoint.to_dict() or {}) if checkpoint.exists else {}
    actions = db.collection(scoring_actions_path(match_id))
    return ((stored.get("actions", 0), stored.get("voided", 0))
            == (_count(actions), _count(voided_of(actions))))


def _count(query: firestore.Query | firestore.CollectionReference) -> int:
    return int(query.count().get()[0][0].value)


def _dormant(db: firestore.Client, match_id: str) -> bool:
    """live/score last changed (the server's time of that write) over a day ago, and the log
    holds no more actions than its checkpoint folded (the caller's `counts_agree`): a match left
    live and forgotten, which the reconciliation refolded every hour for ever. (A write that
    woke it, whose own run was lost, leaves live/score as old as before: the counts tell
    it.)"""
    live = db.document(live_score_path(match_id)).get(["lastUpdated"])
    changed = (live.to_dict() or {}).get("lastUpdated") if live.exists else None
    return isinstance(changed, datetime) and datetime.now(UTC) - changed > DORMANT_AFTER


def heal_match(db: firestore.Client, match_id: str, match: Document | None = None,
               ) -> list[str]:
    """What a lost run of a trigger other than the projection's left behind in a match not
    over (Python triggers are not retried): the consensus of a DUAL or TRIPLE match (views of
    a ball in, the ball not decided) and who may follow a private match (its teams'
    team_members). `match`: the match document, if the caller read it. Returns what it
    repaired, worded for the log."""
    if match is None:
        match = db.document(match_path(match_id)).get().to_dict() or {}
    repaired = []
    if match.get("validation") in ("DUAL", "TRIPLE"):
        repaired += _heal_consensus(db, match_id)
    if match.get("visibility") == "private":
        repaired += _heal_members(db, match)
    return repaired


def _heal_members(db: firestore.Client, match: Document) -> list[str]:
    """Who may follow a private match: its teams' team_members, refreshed where a lost run
    left them behind."""
    from scorebook.firestore.members import refresh_team_members

    return [f"team_members of {team}" for team in _team_ids(match)
            if refresh_team_members(db, team)]


def _heal_consensus(db: firestore.Client, match_id: str) -> list[str]:
    from scorebook.firestore.consensus import heal_consensus

    decided = heal_consensus(db, match_id, _last_action_id(db, match_id))
    if decided is None or not decided.positions:
        return []
    return [f"consensus: {decided.mode} {decided.positions}"]


def _last_action_id(db: firestore.Client, match_id: str) -> str | None:
    """The last action live/score has folded (None: none, or not an id)."""
    last = (db.document(live_score_path(match_id)).get().to_dict() or {}).get("lastActionId")
    return last if isinstance(last, str) else None


def _team_ids(match: Document) -> list[str]:
    teams = [t.get("id") for t in match.get("teams") or [] if isinstance(t, dict)]
    return [team for team in teams if isinstance(team, str)]


def completed_lately(db: firestore.Client, since: timedelta = COUNT_WITHIN) -> list[str]:
    """The matches whose live/score is completed and changed within `since`."""
    recent = (db.collection_group("live")
              .where(filter=FieldFilter("status", "==", "completed"))
              .where(filter=FieldFilter("lastUpdated", ">=", datetime.now(UTC) - since)))
    return [snap.reference.parent.parent.id  # type: ignore[union-attr] # live/score's match
            for snap in recent.select(["status"]).stream() if snap.id == "score"]


def _completed_lately_or_none(db: firestore.Client) -> list[str]:
    """`completed_lately`, or none when its query fails (its composite index missing from a
    deployment): the matches not over are still verified."""
    try:
        return completed_lately(db)
    except Exception:
        log.exception("the matches completed lately could not be read (is the index of"
                      " firestore.indexes.json deployed?)")
        return []


def count_completed_matches(db: firestore.Client, since: timedelta = COUNT_WITHIN, *,
                            completed: list[str] | None = None) -> dict[str, str]:
    """Matches completed lately (`completed_lately`, or the caller's list of them: a
    correction's lost run), and those over, or no longer, whose count is not what they are
    (`over_uncounted`), counted into their summary, archive and season as they now are: what
    a lost run of the match's trigger left (a match counted already reads two documents and
    writes nothing). {match id: what was done}."""
    from scorebook.firestore.season import record_completed_match

    done = {}
    ids = _to_count(db, since, completed)
    for match_id in ids:
        try:
            done[match_id] = record_completed_match(db, match_id)[0].mode
        except Exception:  # one match's failure must not leave the others uncounted
            log.exception("counting %s failed", match_id)
    return done


def _to_count(db: firestore.Client, since: timedelta, completed: list[str] | None,
              ) -> list[str]:
    """The matches completed lately (or `completed`), then those over and uncounted."""
    ids = list(completed_lately(db, since) if completed is None else completed)
    return ids + [match_id for match_id in over_uncounted(db) if match_id not in ids]


def over_uncounted(db: firestore.Client) -> list[str]:
    """Matches over (completed, or marked abandoned by an admin) whose count by the match's
    trigger is not recorded, and records of matches no longer over or deleted that still
    count: a lost run of that trigger (a match completed more than a day ago, an abandonment,
    a deletion), which nothing else repairs. Two counts a run (a read per 1,000 matches
    each), and the two lists of ids only when they differ. (Two runs lost at once, one each
    way, leave the counts equal.)"""
    from scorebook.service.season import OVER  # (the season's: not on the match trigger's way)

    marked = db.collection(MATCHES).where(filter=FieldFilter("status", "in", list(OVER)))
    counted = db.collection(SEASON_CONTRIBUTIONS).where(
        filter=FieldFilter("key.status", "in", list(OVER)))
    if _count(marked) == _count(counted):
        return []
    return sorted({snap.id for snap in marked.select([]).stream()}
                  ^ {snap.id for snap in counted.select([]).stream()})


def reconcile_live_matches(db: firestore.Client, *, at: datetime | None = None,
                           full: bool | None = None) -> dict[str, Outcome]:
    """Bring every match not over, and every match completed lately (`completed_lately`: a
    correction of it whose run was lost), in line with its log: the scheduled job's run of
    `at` (its schedule time; None: now). Each match's counts are read (`counts_agree`), and
    the match is verified whole when `whole_because` says why: the marks a lost trigger run
    leaves (the log's counts ahead of the checkpoint's, the match edited after it, no
    checkpoint), or, for a match not over, its run of the hour. `full` (the tests', the
    scripts'): True verifies every match not over whole now, False only those a lost run
    marked.

    Verified whole: live/lineups against the lineups, the checkpoint and live/score against
    a refold of the whole log, rebuilt where they differ (what a lost run left behind, its
    status included; an action edited in place unseen; a checkpoint or live/score edited or
    copied by hand), then its ledger against its log (scorebook.ledger), an error logged
    naming the first entry that does not match: a change made with admin credentials, which
    no rebuild may paper over. A match dormant for a day (`DORMANT_AFTER`) is spared the
    hour's verification until its next write wakes it. A match whose verification fails is
    logged with its cause and left out of the result; the others are still verified."""
    live = db.collection(MATCHES).where(
        filter=FieldFilter("status", "in", ["scheduled", "live", "innings_break"]))
    matches = list(live.stream())
    at = at or datetime.now(UTC)
    done, over = _completed_lately(db, {snap.id for snap in matches})
    verified = _verified(db, matches, over, at=at, full=full)
    _log_run(len(matches), verified, count_completed_matches(db, completed=done))
    return {snap.id: outcome for snap, outcome in zip([*matches, *over], verified, strict=True)
            if outcome is not None}


def _completed_lately(db: firestore.Client, not_over: set[str],
                      ) -> tuple[list[str], list[firestore.DocumentSnapshot]]:
    """The matches completed lately (not among those `not_over`), and those of their
    documents that exist."""
    done = [match_id for match_id in _completed_lately_or_none(db) if match_id not in not_over]
    over = [snap for snap in db.get_all([db.document(match_path(m)) for m in done])
            if snap.exists]
    return done, over


def _verified(db: firestore.Client, matches: list[firestore.DocumentSnapshot],
              over: list[firestore.DocumentSnapshot], *, at: datetime, full: bool | None,
              ) -> list[Outcome | None]:
    """Each match's reconciliation, side by side: those not over, then those `over`."""
    with ThreadPoolExecutor(max_workers=RECONCILE_WORKERS,
                            thread_name_prefix="reconcile") as pool:
        # a match completed lately, by its marks only: a correction whose run was lost
        verified = list(pool.map(lambda snap: _reconcile(db, snap, at, full), matches))
        verified += pool.map(lambda snap: _reconcile(db, snap, at, False, heal=False), over)
    return verified


def _log_run(not_over: int, verified: list[Outcome | None], counted: dict[str, str]) -> None:
    """The run's line in the functions' log: what it verified whole, what it counted."""
    whole = sum(outcome is not None and outcome.reason not in (COUNTS_AGREE, DORMANT)
                for outcome in verified)
    log.info("reconciliation: %d matches not over, %d completed lately (%d verified whole); "
             "counted: %s", not_over, len(verified) - not_over, whole, _newly_counted(counted))


def _newly_counted(counted: dict[str, str]) -> dict[str, str] | str:
    """What the run counted that was not counted already, for the log."""
    return {k: v for k, v in counted.items() if v != "unchanged"} or "all counted"


#: A match whose live/score has not changed for this long is dormant: the reconciliation
#: spares it the hour's verification (its counts read, not its whole log) until a write
#: wakes it.
DORMANT_AFTER = timedelta(days=1)
#: What a run that spares a dormant match says of it.
DORMANT = "dormant: no change for a day"

#: The fields of the reconciliation's record (`reconciled_path`): the moment its last whole
#: verification of the match read from; the moment the last one begun read from (it may
#: have failed); the write of the match whose trigger's run last ended (`mark_match_seen`).
VERIFIED_FROM, ATTEMPTED_FROM, MATCH_SEEN = "verifiedFrom", "attemptedFrom", "matchSeen"


def mark_match_seen(db: firestore.Client, match_id: str, written: datetime, *,
                    previous: datetime | None = None) -> None:
    """The match's trigger ran for the write of the match made at `written` (`previous`: the
    write before it, when the run applied nothing): a later write with no such mark had its
    run lost, which the next reconciliation verifies whole (`mark_after` says when the mark
    moves). A read and a write, in a transaction: two runs' marks never go back."""
    ref = db.document(reconciled_path(match_id))

    @firestore.transactional
    def mark(transaction: firestore.Transaction) -> datetime | None:
        times = _times(ref.get([MATCH_SEEN, VERIFIED_FROM], transaction=transaction))
        moved = mark_after(times.get(MATCH_SEEN), times.get(VERIFIED_FROM), written, previous)
        if moved is not None:
            transaction.set(ref, {MATCH_SEEN: moved}, merge=True)
        return moved

    moved = mark(db.transaction())
    log.info("matches/%s written at %s: %s", match_id, written.isoformat(),
             "marked seen" if moved is not None else "not marked (a write before it unseen)")


def _times(record: Any) -> dict[str, datetime]:
    """The reconciliation record's times (a hand-edited field that is none reads as none)."""
    return {name: value for name, value in (record.to_dict() or {}).items()
            if isinstance(value, datetime)}


def _reconcile(db: firestore.Client, match: Any, at: datetime, full: bool | None, *,
               heal: bool = True) -> Outcome | None:
    try:
        outcome = _verify(db, match, at, full)
        repaired = heal_match(db, match.id, match.to_dict() or {}) if heal else []
    except Exception:  # one match's failure must not leave the others unverified
        log.exception("reconciliation of %s failed", match.id)
        return None
    if repaired:
        log.warning("reconciliation of %s repaired what lost runs left: %s", match.id,
                    "; ".join(repaired))
    return outcome


def _verify(db: firestore.Client, match: Any, at: datetime, full: bool | None) -> Outcome:
    """The match's projections against its log: by its counts, and whole when
    `whole_because` (or `full`) says so."""
    from scorebook.firestore.lineups import refresh_live_lineups

    why = _whole_because(db, match, at, full)
    if why is None:
        return Outcome("unchanged", reason=COUNTS_AGREE)
    record = db.document(reconciled_path(match.id))
    if why.hourly and _dormant(db, match.id):
        record.set({VERIFIED_FROM: match.read_time}, merge=True)
        return Outcome("unchanged", reason=DORMANT)
    record.set({ATTEMPTED_FROM: match.read_time}, merge=True)
    refresh_live_lineups(db, match.id)  # a lineup's run lost: its match's counts agree
    outcome, _ = refresh_live_score(db, match.id, check=True)
    _check_chain(db, match.id)
    record.set({VERIFIED_FROM: match.read_time}, merge=True)
    return outcome


def _check_chain(db: firestore.Client, match_id: str) -> None:
    """The ledger against the log: an error naming the first entry that does not match (a
    change made with admin credentials, which no rebuild may paper over)."""
    from scorebook.firestore.ledger import verify_chain

    chain = verify_chain(db, match_id)
    if not chain.ok and chain.problem is not None:
        log.error("ledger of %s: %s: %s", match_id, chain.problem.code, chain.problem.message)


def _whole_because(db: firestore.Client, match: Any, at: datetime, full: bool | None,
                   ) -> Whole | None:
    checkpoint = db.document(checkpoint_path(match.id)).get(["actions", "voided"])
    record = db.document(reconciled_path(match.id)).get(
        [VERIFIED_FROM, ATTEMPTED_FROM, MATCH_SEEN])
    times = _times(record)
    why = whole_because(Seen(
        counts_agree=counts_agree(db, match.id, checkpoint),
        checkpoint_written=checkpoint.update_time if checkpoint.exists else None,
        match_written=match.update_time,
        verified_from=times.get(VERIFIED_FROM), match_seen=times.get(MATCH_SEEN),
        attempted_from=times.get(ATTEMPTED_FROM),
    ), match.id, at)
    return _as_asked(why, full)


def _as_asked(why: Whole | None, full: bool | None) -> Whole | None:
    """`full` (the tests', the scripts') decides the hour's verification: every match now
    (True), or only those a lost run marked (False)."""
    if full is not None and (why is None or why.hourly):
        return Whole.ITS_RUN if full else None
    return why
