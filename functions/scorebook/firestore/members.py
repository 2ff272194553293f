"""Firestore side of ``team_members/{teamId}``: ``scorebook.roles.team_members`` over a
read-only snapshot, written on condition."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from pydantic import ValidationError

from scorebook.document import describe, to_document
from scorebook.firestore.client import query_and_document, replace_on_condition, until_won
from scorebook.firestore.paths import TEAM_ROLES, team_members_path
from scorebook.integrity import MAX_ID
from scorebook.roles import TeamRoleAssignment, team_members

log = logging.getLogger(__name__)

#: Assignments read per team: a squad and its staff over many seasons, with room to spare.
MAX_ASSIGNMENTS = 1000
#: Unreadable assignments named in the document (the log has them all).
MAX_PROBLEMS = 20
# Officials appoint several people at once; each retry re-reads the newer assignments.
MAX_ATTEMPTS = 30


def refresh_team_members_of(db: firestore.Client, *versions: Mapping[str, Any] | None) -> None:
    """Bring the members of the team(s) an assignment names, before and after its change,
    in line with their assignments. An assignment without a usable ``teamId`` changes
    nothing (the rules refuse one; an admin's stray one is logged)."""
    for team in _named_teams(versions):
        if not _is_team_id(team):
            log.warning("team_members: no team %r (assignment ignored)", team[:MAX_ID])
            continue
        refresh_team_members(db, team)


def _named_teams(versions: tuple[Mapping[str, Any] | None, ...]) -> list[str]:
    """The teams the assignment's versions name, each once, in order."""
    teams = {v.get("teamId") for v in versions if isinstance(v, Mapping)}
    return sorted(t for t in teams if isinstance(t, str))


def _is_team_id(team: str) -> bool:
    return bool(team) and len(team) <= MAX_ID and "/" not in team


def refresh_team_members(db: firestore.Client, team_id: str) -> bool:
    """Rewrite ``team_members/{team_id}`` from the team's role assignments when it differs;
    True when it was written.

    The assignments and the stored document are read in one read-only snapshot: no lock on
    the assignments, which the rules read on a team official's every write. The document is
    written on condition that it is still the one read: a run whose snapshot missed a newer
    assignment loses to the run that saw it (or to any write after its snapshot) and reads
    again, so the last write holds every assignment."""
    ref = db.document(team_members_path(team_id))
    query = (db.collection(TEAM_ROLES)
             .where(filter=FieldFilter("teamId", "==", team_id)).limit(MAX_ASSIGNMENTS))

    def once(_: int) -> bool:
        snaps, stored = query_and_document(db, query, ref)
        document = _members_document(team_id, snaps)
        if stored.exists and stored.to_dict() == document:
            return False
        replace_on_condition(db, ref, document, stored)
        return True

    written = until_won(once, f"team_members of {team_id}", MAX_ATTEMPTS)
    log.info("team_members of %s: %s", team_id, "written" if written else "unchanged")
    return written


def _members_document(team_id: str, snaps: list[Any]) -> dict[str, Any]:
    """The team's members from its assignments; an unreadable one is named, not fatal."""
    assignments, problems = [], []
    for snap in snaps:
        try:
            assignments.append(TeamRoleAssignment.model_validate(snap.to_dict()))
        except ValidationError as error:
            problems.append(f"{snap.id}: {'; '.join(describe(error))}")
    for problem in problems:
        log.warning("team_members of %s: unreadable assignment %s", team_id, problem)
    if len(snaps) >= MAX_ASSIGNMENTS:
        problems.insert(0, f"{MAX_ASSIGNMENTS} assignments or more: only the first "
                           f"{MAX_ASSIGNMENTS} (in document order) were read")
        log.warning("team_members of %s: %s", team_id, problems[0])
    return to_document(team_members(team_id, assignments, problems[:MAX_PROBLEMS]))
