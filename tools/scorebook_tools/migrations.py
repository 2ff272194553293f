"""Admin migrations of legacy data into the new model, shared by the scripts and the tests.

Every migration is safe to run twice and to interrupt: documents get deterministic ids,
a document that exists and is equal is skipped, one that exists and differs is reported and
left alone (never overwritten), and nothing is ever deleted except the legacy fields on
``live/score``, and only with ``remove_legacy`` after a clean verification.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1 import DELETE_FIELD, SERVER_TIMESTAMP

from scorebook.actions import parse_action
from scorebook.document import to_document
from scorebook.firestore.ledger import verify_chain
from scorebook.firestore.live_score import refresh_live_score
from scorebook.firestore.paths import (
    PERSONS,
    legacy_archive_path,
    lineups_path,
    live_score_path,
    match_path,
    pre_match_path,
    scoring_actions_path,
)
from scorebook.match import Match, MatchLineup
from scorebook.views.scorecard import LiveScoreProjection, project
from scorebook_tools.legacy import (
    LegacyProblem,
    RoleAssignment,
    compare_totals,
    convert_ball_history,
    convert_lineups,
    match_roles,
    person_roles,
    team_selections,
)

#: Firestore's limit is 500 writes per batch.
MAX_BATCH = 500
#: What the archive adds to the legacy document: when, and from where.
ARCHIVE_STAMPS = ("archivedAt", "archivedFrom")
Document = Mapping[str, Any]
Progress = Callable[[int], None]


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # existed and equal
    differing: list[str] = field(default_factory=list)  # existed and different: left alone
    planned: list[str] = field(default_factory=list)  # dry run: would be written
    #: every document considered (path -> the new document), to show what a run writes
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class MatchReport:
    match_id: str
    dry_run: bool = False
    error: str | None = None
    archived: bool = False  # archived by this run
    actions: int = 0
    writes: WriteResult = field(default_factory=WriteResult)
    problems: list[LegacyProblem] = field(default_factory=list)
    #: legacy totals vs the pure projection of the migrated actions
    expected_differences: list[str] = field(default_factory=list)
    #: legacy totals vs live/score as the trigger rebuilt it (None: not compared)
    live_differences: list[str] | None = None
    live_note: str = ""
    #: the first problem scripts/verify_chain.py finds in the migrated log's ledger, if any
    chain_problem: str | None = None
    legacy_removed: bool = False

    @property
    def clean(self) -> bool:
        return (
            self.error is None
            and not self.writes.differing
            and not self.expected_differences
            and self.live_differences == []
            and self.chain_problem is None
        )


def read_document(db: firestore.Client, path: str) -> dict[str, Any] | None:
    snap = db.document(path).get()
    return snap.to_dict() if snap.exists else None


def write_documents(
    db: firestore.Client,
    documents: Iterable[tuple[str, dict[str, Any]]],
    *,
    dry_run: bool = False,
    batch_size: int = MAX_BATCH,
    normalize: Callable[[Document], Any] | None = None,
    progress: Progress | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> WriteResult:
    """Create the documents that do not exist, in batches; skip equal ones, report others.

    ``normalize`` maps a stored document and a new one to comparable values (default: as
    they are). ``after_batch(n)`` runs after the n-th committed batch (tests interrupt there).
    """
    if not 1 <= batch_size <= MAX_BATCH:
        raise ValueError(f"batch_size must be 1..{MAX_BATCH}")
    result = WriteResult()
    docs = list(documents)
    result.documents = dict(docs)
    pending = _sort_out_existing(db, docs, result, norm=normalize or dict, progress=progress)
    if dry_run:
        _plan(pending, result, progress)
    else:
        _create_in_batches(
            db, pending, result, batch_size=batch_size, progress=progress, after_batch=after_batch
        )
    return result


def _plan(pending: list[tuple[str, dict[str, Any]]], result: WriteResult,
          progress: Progress | None) -> None:
    """A dry run: the documents to create recorded as planned, and counted as done."""
    result.planned = [p for p, _ in pending]
    if progress:
        progress(len(pending))


def _sort_out_existing(
    db: firestore.Client,
    docs: list[tuple[str, dict[str, Any]]],
    result: WriteResult,
    *,
    norm: Callable[[Document], Any],
    progress: Progress | None,
) -> list[tuple[str, dict[str, Any]]]:
    """Record the documents already stored as skipped or differing; return the others."""
    pending: list[tuple[str, dict[str, Any]]] = []
    existing = _existing(db, [p for p, _ in docs])
    for path, data in docs:
        stored = existing.get(path)
        if stored is None:
            pending.append((path, data))
            continue
        if _equal(norm, stored, data):
            result.skipped.append(path)
        else:
            result.differing.append(path)
        if progress:
            progress(1)
    return pending


def _create_in_batches(
    db: firestore.Client,
    pending: list[tuple[str, dict[str, Any]]],
    result: WriteResult,
    *,
    batch_size: int,
    progress: Progress | None,
    after_batch: Callable[[int], None] | None,
) -> None:
    for number, start in enumerate(range(0, len(pending), batch_size), start=1):
        chunk = pending[start : start + batch_size]
        _create_batch(db, chunk)
        result.written.extend(p for p, _ in chunk)
        if progress:
            progress(len(chunk))
        if after_batch:
            after_batch(number)


def _create_batch(db: firestore.Client, chunk: list[tuple[str, dict[str, Any]]]) -> None:
    batch = db.batch()
    for path, data in chunk:
        # create, not set: a document another run wrote meanwhile is never overwritten
        batch.create(db.document(path), data)
    batch.commit()


def _equal(norm: Callable[[Document], Any], stored: Document, data: Document) -> bool:
    try:
        return norm(stored) == norm(data)
    except ValueError:
        return False  # a stored document that no longer parses is not "the same"


def _existing(db: firestore.Client, paths: list[str]) -> dict[str, dict[str, Any]]:
    """The stored documents among ``paths`` (one read per document, in chunks)."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(paths), 300):
        out.update(_stored(db, paths[start : start + 300]))
    return out


def _stored(db: firestore.Client, paths: list[str]) -> dict[str, dict[str, Any]]:
    """The stored documents among `paths`, read in one call."""
    return {snap.reference.path: snap.to_dict() or {}
            for snap in db.get_all([db.document(p) for p in paths]) if snap.exists}


def _action_doc(data: Document) -> dict[str, Any]:
    return to_document(parse_action(dict(data)))


# ---------------------------------------------------------------------------------------------
# ballHistory -> scoring_actions
# ---------------------------------------------------------------------------------------------


def legacy_match_ids(db: firestore.Client) -> list[str]:
    """Matches with a legacy ballHistory on live/score or an archive of one."""
    return sorted(ref.id for ref in db.collection("matches").list_documents()
                  if _has_legacy_balls(db, ref.id))


def _has_legacy_balls(db: firestore.Client, match_id: str) -> bool:
    live = read_document(db, live_score_path(match_id)) or {}
    return "ballHistory" in live or read_document(db, legacy_archive_path(match_id)) is not None


def _projection_fields() -> set[str]:
    return set(LiveScoreProjection.model_fields) - {"innings"}


class _Unmigratable(Exception):
    """Why a match cannot be migrated at all: the report's error."""


def migrate_ball_history(
    db: firestore.Client,
    match_id: str,
    *,
    dry_run: bool = False,
    remove_legacy: bool = False,
    batch_size: int = 400,
    wait_seconds: float = 120.0,
    progress: Progress | None = None,
    total: Callable[[int], None] | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> MatchReport:
    """Migrate one match's legacy ballHistory into scoring_actions and verify the result.

    The legacy live/score is first copied to ``matches/{id}/legacy/live_score`` (once: a
    re-run converts from that archive, the state before the first migration). Then the
    actions are written, the trigger's live/score is awaited and its totals compared with
    the legacy ones.
    """
    report = MatchReport(match_id, dry_run=dry_run)
    try:
        match_doc, match = _read_match(db, match_id)
        legacy = _archived_legacy(db, match_id, report)
    except _Unmigratable as error:
        report.error = str(error)
        return report

    selections = team_selections(match_doc, read_document(db, pre_match_path(match_id)))
    actions, problems = convert_ball_history(match, legacy, selections=selections)
    report.problems.extend(problems)
    report.actions = len(actions)
    if total:
        total(len(actions))
    collection = scoring_actions_path(match_id)
    report.writes = write_documents(
        db,
        [(f"{collection}/{a.id}", to_document(a)) for a in actions],
        dry_run=dry_run,
        batch_size=batch_size,
        normalize=_action_doc,
        progress=progress,
        after_batch=after_batch,
    )
    expected = to_document(project(match, actions))
    report.expected_differences = compare_totals(legacy, expected)
    if dry_run:
        report.live_note = "dry run: live/score not compared"
        return report
    _verify_live_score(db, report, legacy, wait_seconds=wait_seconds, remove_legacy=remove_legacy)
    return report


def _read_match(db: firestore.Client, match_id: str) -> tuple[dict[str, Any], Match]:
    match_doc = read_document(db, match_path(match_id))
    if match_doc is None:
        raise _Unmigratable(f"{match_path(match_id)} does not exist")
    try:
        match = Match.model_validate({**match_doc, "id": match_id})
    except ValueError as error:
        raise _Unmigratable(f"{match_path(match_id)} is not a valid match: {error}") from error
    return match_doc, match


def _archived_legacy(db: firestore.Client, match_id: str, report: MatchReport) -> dict[str, Any]:
    """The legacy live/score to convert: the archive, made now from live/score if missing."""
    archive = read_document(db, legacy_archive_path(match_id))
    live = read_document(db, live_score_path(match_id))
    legacy = _legacy_balls(archive, live)
    if archive is not None:
        report.problems.extend(_changed_since_archived(live, archive))
    elif not report.dry_run:
        # Before anything else: live/score is the document the trigger writes.
        _archive(db, match_id, legacy)
        report.archived = True
    return legacy


def _legacy_balls(archive: Document | None, live: Document | None) -> dict[str, Any]:
    """The archive (else live/score) without the archive's stamps; _Unmigratable when
    neither has a ballHistory."""
    legacy = archive or live
    if not legacy or "ballHistory" not in legacy:
        raise _Unmigratable("no legacy ballHistory on live/score and no archive")
    return {k: v for k, v in legacy.items() if k not in ARCHIVE_STAMPS}


def _archive(db: firestore.Client, match_id: str, legacy: Document) -> None:
    db.document(legacy_archive_path(match_id)).create(
        {**legacy, "archivedAt": SERVER_TIMESTAMP, "archivedFrom": live_score_path(match_id)}
    )


def _changed_since_archived(live: Document | None, archive: Document) -> list[LegacyProblem]:
    if live is None or "ballHistory" not in live:
        return []
    live_balls, archived_balls = len(live["ballHistory"]), len(archive["ballHistory"])
    if live_balls == archived_balls:
        return []
    return [LegacyProblem(
        None, "changed_since_archived",
        f"live/score has {live_balls} legacy balls, the archive "
        f"{archived_balls}: migrated the archive")]


def _verify_live_score(
    db: firestore.Client,
    report: MatchReport,
    legacy: Document,
    *,
    wait_seconds: float,
    remove_legacy: bool,
) -> None:
    """Compare the trigger's live/score with the legacy totals; then, only if everything
    agreed, remove the legacy fields."""
    rebuilt = wait_for_live_score(db, report.match_id, wait_seconds)
    if rebuilt is None:
        report.live_note = (
            f"live/score not rebuilt within {wait_seconds:.0f}s (is the trigger deployed?)"
        )
    else:
        report.live_differences = compare_totals(legacy, rebuilt)
        report.chain_problem = enter_and_verify_chain(db, report.match_id)
    if not remove_legacy:
        return
    if report.clean:
        remove_legacy_fields(db, report.match_id, legacy)
        report.legacy_removed = True
    else:
        report.live_note += " legacy fields kept: the verification was not clean"


def enter_and_verify_chain(db: firestore.Client, match_id: str, runs: int = 50) -> str | None:
    """Bring the match's ledger up to its log and verify the chain: a run enters at most
    MAX_LEDGER_ENTRIES changes, so a log written in bulk (a migration, an import) has its
    ledger completed here, by the reconciliation's own step, rather than in the next
    scheduled runs. The first problem of the chain, or None."""
    for _ in range(runs):
        outcome, _ = refresh_live_score(db, match_id, check=True, notify=False)
        if outcome.mode == "verified":
            break
    chain = verify_chain(db, match_id)
    return None if chain.problem is None else f"{chain.problem.code}: {chain.problem.message}"


def wait_for_live_score(
    db: firestore.Client, match_id: str, deadline: float
) -> dict[str, Any] | None:
    """live/score once the trigger has folded the last action of the log, or None."""
    last = last_action_id(db, match_id)
    end = time.monotonic() + deadline
    while True:
        live = read_document(db, live_score_path(match_id))
        if live and last is not None and live.get("lastActionId") == last:
            return live
        if time.monotonic() >= end:
            return None
        time.sleep(0.2)


def last_action_id(db: firestore.Client, match_id: str) -> str | None:
    """The id of the log's last action, None for an empty log."""
    # ids are log order; the ids alone are enough (Firestore cannot scan keys descending)
    ids = [r.id for r in db.collection(scoring_actions_path(match_id)).list_documents()]
    return max(ids, default=None)


def legacy_fields(document: Document) -> list[str]:
    """The fields of a legacy live/score the projection does not own: those the archive
    keeps, --remove-legacy deletes and a rollback puts back."""
    owned = _projection_fields() | set(ARCHIVE_STAMPS)
    return [k for k in document if k not in owned and not _innings_field(k)]


def _innings_field(key: str) -> bool:
    """``innings1``, ``innings2``...: the projection's own per-innings fields."""
    return key.startswith("innings") and key[7:].isdigit()


def remove_legacy_fields(db: firestore.Client, match_id: str, legacy: Document) -> list[str]:
    """Delete from live/score the fields the projection does not own (the archive keeps
    them). Only after a clean verification."""
    fields = legacy_fields(legacy)
    if fields:
        db.document(live_score_path(match_id)).update(dict.fromkeys(fields, DELETE_FIELD))
    return fields


# ---------------------------------------------------------------------------------------------
# Team selections -> lineups; role fields -> role assignments
# ---------------------------------------------------------------------------------------------


#: Lineup problems that mean the match could not be migrated at all.
UNMIGRATABLE = frozenset({"no_match", "invalid_match"})


def lineup_match_ids(db: firestore.Client) -> list[str]:
    """Matches with a legacy team selection on the match or on its pre-match procedure."""
    return sorted(ref.id for ref in db.collection("matches").list_documents()
                  if _has_team_selection(db, ref.id))


def _has_team_selection(db: firestore.Client, match_id: str) -> bool:
    return any("teamSelection" in (read_document(db, path) or {})
               for path in (match_path(match_id), pre_match_path(match_id)))


def migrate_lineups(
    db: firestore.Client, match_id: str, *, dry_run: bool = False
) -> tuple[WriteResult, list[LegacyProblem]]:
    """A match's legacy team selections -> one ``matches/{id}/lineups/{teamId}_{playerId}``
    per selected player (:func:`convert_lineups`). A problem whose code is in
    ``UNMIGRATABLE`` means nothing could be read; a ``team_sheet`` problem, that a team sheet
    written by an earlier version of this migration is still there."""
    match_doc = read_document(db, match_path(match_id))
    if match_doc is None:
        return WriteResult(), [LegacyProblem(None, "no_match", f"{match_path(match_id)} missing")]
    try:
        match = Match.model_validate({**match_doc, "id": match_id})
    except ValueError as error:
        why = f"{match_path(match_id)} is not a valid match: {error}"
        return WriteResult(), [LegacyProblem(None, "invalid_match", why)]
    pre_match = read_document(db, pre_match_path(match_id))
    lineups, problems = convert_lineups(match, match_doc, pre_match)
    problems += _team_sheets(db, match_id, sorted({lu.teamId for lu in lineups}))
    docs = [(f"{lineups_path(match_id)}/{lu.id}", to_document(lu)) for lu in lineups]
    return write_documents(db, docs, dry_run=dry_run, normalize=_lineup_doc), problems


def _lineup_doc(data: Document) -> dict[str, Any]:
    return to_document(MatchLineup.model_validate(dict(data)))


def _team_sheets(db: firestore.Client, match_id: str, team_ids: list[str]) -> list[LegacyProblem]:
    """The team sheets (``lineups/{teamId}`` with ``players``) an earlier version of this
    migration wrote: refused by the rules and reported in live/lineups, never read; left for
    the admin to delete once the per-player documents are checked."""
    problems = []
    for team_id in team_ids:
        path = f"{lineups_path(match_id)}/{team_id}"
        if "players" in (read_document(db, path) or {}):
            problems.append(LegacyProblem(
                None, "team_sheet",
                f"{path} is a team sheet, the shape lineups no longer have: live/lineups "
                "reports it (team_sheet_lineup) and reads none of its players; delete it"))
    return problems


def migrate_roles(
    db: firestore.Client,
    *,
    match_ids: Iterable[str] | None = None,
    persons: str | None = PERSONS,
    dry_run: bool = False,
    progress: Progress | None = None,
    total: Callable[[int], None] | None = None,
) -> WriteResult:
    """Role fields of matches (``match_ids``; all when None) and of every person in
    ``persons`` (None: skip people) -> role assignment documents."""
    assignments = _matches_roles(db, match_ids)
    if persons:
        assignments += _persons_roles(db, persons)
    docs = [(f"{r.collection}/{r.doc_id}", r.data) for r in assignments]
    if total:
        total(len(docs))
    return write_documents(db, docs, dry_run=dry_run, progress=progress)


def _matches_roles(db: firestore.Client, match_ids: Iterable[str] | None,
                   ) -> list[RoleAssignment]:
    """The role assignments the matches' role fields give (``match_ids``; all when None)."""
    assignments: list[RoleAssignment] = []
    ids = match_ids if match_ids is not None else [
        r.id for r in db.collection("matches").list_documents()
    ]
    for mid in ids:
        match_doc = read_document(db, match_path(mid))
        if match_doc:
            assignments += match_roles(mid, match_doc)
    return assignments


def _persons_roles(db: firestore.Client, persons: str) -> list[RoleAssignment]:
    """The role assignments the role fields of every person in ``persons`` give."""
    return [r for snap in db.collection(persons).stream()
            for r in person_roles(snap.id, snap.to_dict() or {})]


def write_legacy_dataset(db: firestore.Client, documents: Mapping[str, dict[str, Any]]) -> None:
    """Write generated legacy documents (``legacy_from_cricsheet``), overwriting."""
    items = list(documents.items())
    for start in range(0, len(items), MAX_BATCH):
        batch = db.batch()
        for path, data in items[start : start + MAX_BATCH]:
            batch.set(db.document(path), data)
        batch.commit()
