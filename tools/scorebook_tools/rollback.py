"""Rolling back a ball-history migration (scripts/restore_legacy.py): the legacy fields back
on live/score and, to undo it entirely, the migrated actions deleted.

Undone entirely, the log the ledger chained is gone: the chain would show every re-migrated
action entered a second time, which is what an admin's rewrite of the log looks like. So the
rollback, the one sanctioned rewrite, moves the match's ledger beside the archive it moves
(``legacy/live_score-rolled-back-{time}/ledger``) and drops the projection's checkpoint and
pages: the functions rebuild live/score and start a new chain from the log as it now is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from google.cloud import firestore

from scorebook.firestore.paths import (
    checkpoint_path,
    ledger_path,
    legacy_archive_path,
    live_score_path,
    scoring_actions_path,
)
from scorebook_tools.legacy import MIGRATION_SOURCE
from scorebook_tools.migrations import (
    MAX_BATCH,
    Document,
    Progress,
    last_action_id,
    legacy_fields,
    read_document,
)

#: How long the rollback waits for the functions to fold the deletions before it moves the
#: ledger they chain onto.
QUIET_SECONDS = 120.0


def archived_match_ids(db: firestore.Client) -> list[str]:
    """Matches with an archived legacy live/score (those a rollback can restore)."""
    return sorted(
        ref.id for ref in db.collection("matches").list_documents()
        if db.document(legacy_archive_path(ref.id)).get().exists
    )


@dataclass
class RestoreReport:
    match_id: str
    dry_run: bool = False
    error: str | None = None
    #: legacy fields missing from live/score or different there (put back, or would be)
    restored: list[str] = field(default_factory=list)
    #: migrated actions deleted (or, in a dry run, that would be)
    deleted: list[str] = field(default_factory=list)
    #: how many of those a scorer had voided since the migration
    voided: int = 0
    #: actions not written by the migration (scored in the new model): never deleted
    kept: list[str] = field(default_factory=list)
    #: where the archive went once the migration was undone entirely
    archive_moved_to: str | None = None
    #: ledger entries moved under it (or, in a dry run, that would be)
    ledger_entries_moved: int = 0


def restore_legacy(
    db: firestore.Client,
    match_id: str,
    *,
    delete_actions: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RestoreReport:
    """Roll back a ball-history migration: put the archived legacy fields back on live/score
    and, with ``delete_actions``, delete the actions the migration wrote (``source ==
    "migration"``, never any other).

    Safe to repeat and to interrupt: the legacy fields go back first (the trigger keeps
    fields it does not own), then the actions are deleted, and only once none is left is the
    archive moved to ``legacy/live_score-rolled-back-{time}``. With the actions gone it no
    longer describes the log, and a later migration must archive live/score afresh, with
    whatever balls the legacy apps added after the rollback.
    """
    report = RestoreReport(match_id, dry_run=dry_run)
    archive = read_document(db, legacy_archive_path(match_id))
    if archive is None:
        report.error = f"no archive at {legacy_archive_path(match_id)}: nothing to restore"
        return report
    report.restored = _restore_legacy_fields(db, match_id, archive, dry_run=dry_run)
    if delete_actions:
        _undo_the_migration(db, report, archive, progress)
    return report


def _undo_the_migration(db: firestore.Client, report: RestoreReport, archive: Document,
                        progress: Progress | None) -> None:
    """Delete the migrated actions, then move the ledger and the archive aside (or, in a
    dry run, count what would be)."""
    match_id, dry_run = report.match_id, report.dry_run
    migrated = _migrated_actions(db, match_id, report)
    report.deleted = [ref.id for ref in migrated]
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    moved = f"{legacy_archive_path(match_id)}-rolled-back-{stamp}"
    if dry_run:
        report.archive_moved_to = moved
        report.ledger_entries_moved = len(list(db.collection(ledger_path(match_id))
                                               .list_documents()))
        if progress:
            progress(len(migrated))
        return
    _delete_in_batches(db, migrated, progress)
    _wait_until_folded(db, match_id, [ref.id for ref in migrated])
    report.ledger_entries_moved = _move_ledger(db, match_id, f"{moved}/ledger")
    _move_archive(db, match_id, archive, moved)
    report.archive_moved_to = moved


def _restore_legacy_fields(
    db: firestore.Client, match_id: str, archive: Document, *, dry_run: bool
) -> list[str]:
    """Put back (unless a dry run) the archived legacy fields that live/score lacks or holds
    with another value; their names, sorted."""
    live = read_document(db, live_score_path(match_id)) or {}
    restore = {k: archive[k] for k in legacy_fields(archive) if live.get(k) != archive[k]}
    if restore and not dry_run:
        db.document(live_score_path(match_id)).set(restore, merge=True)
    return sorted(restore)


def _migrated_actions(
    db: firestore.Client, match_id: str, report: RestoreReport
) -> list[firestore.DocumentReference]:
    """The actions the migration wrote; the others are recorded as kept."""
    migrated = []
    for snap in db.collection(scoring_actions_path(match_id)).stream():
        data = snap.to_dict() or {}
        if data.get("source") == MIGRATION_SOURCE:
            migrated.append(snap.reference)
            report.voided += bool(data.get("isVoided"))
        else:
            report.kept.append(snap.id)
    return migrated


def _delete_in_batches(
    db: firestore.Client, refs: list[firestore.DocumentReference], progress: Progress | None
) -> None:
    for start in range(0, len(refs), MAX_BATCH):
        chunk = refs[start : start + MAX_BATCH]
        batch = db.batch()
        for ref in chunk:
            batch.delete(ref)
        batch.commit()
        if progress:
            progress(len(chunk))


def _wait_until_folded(db: firestore.Client, match_id: str, deleted: list[str]) -> None:
    """Until live/score no longer ends on a deleted action (its last action is one kept, or
    none), so that no run still chains onto the ledger about to move."""
    last = last_action_id(db, match_id)
    if last is None and not deleted:
        return
    end = time.monotonic() + QUIET_SECONDS
    while time.monotonic() < end:
        live = read_document(db, live_score_path(match_id)) or {}
        if live.get("lastActionId") == last:
            return
        time.sleep(0.2)


def _move_ledger(db: firestore.Client, match_id: str, to: str) -> int:
    """Move the ledger's entries under `to`, then drop the checkpoint and the log's pages (the
    last write: a run that read them before loses its commit on condition and rebuilds)."""
    refs = list(db.collection(ledger_path(match_id)).list_documents())
    for start in range(0, len(refs), MAX_BATCH // 2):
        batch = db.batch()
        for ref in refs[start : start + MAX_BATCH // 2]:
            snap = ref.get()
            if snap.exists:
                batch.set(db.document(f"{to}/{ref.id}"), snap.to_dict() or {})
            batch.delete(ref)
        batch.commit()
    _drop_checkpoint(db, match_id)
    return len(refs)


def _drop_checkpoint(db: firestore.Client, match_id: str) -> None:
    """The checkpoint and the log's pages, in one batch."""
    batch = db.batch()
    for ref in db.document(checkpoint_path(match_id)).parent.list_documents():
        batch.delete(ref)
    batch.commit()


def _move_archive(db: firestore.Client, match_id: str, archive: Document, moved: str) -> None:
    # one batch: the archive is never both gone and not yet moved
    batch = db.batch()
    batch.create(db.document(moved), archive)
    batch.delete(db.document(legacy_archive_path(match_id)))
    batch.commit()


