"""Firestore side of ``team_members/{teamId}``: one transaction around
``scorebook.roles.team_members``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from pydantic import ValidationError

from scorebook.document import describe, to_document
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
    teams = {v.get("teamId") for v in versions if isinstance(v, Mapping)}
    for team in sorted(t for t in teams if isinstance(t, str)):
        if not team or len(team) > MAX_ID or "/" in team:
            log.warning("team_members: no team %r (assignment ignored)", team[:MAX_ID])
            continue
        refresh_team_members(db, team)


def refresh_team_members(db: firestore.Client, team_id: str) -> bool:
    """Rewrite ``team_members/{team_id}`` from the team's role assignments when it differs;
    True when it was written. Repeated and concurrent runs read the same assignments and so
    agree; a run that read before another's write retries on the transaction's conflict."""

    @firestore.transactional
    def run(tx: firestore.Transaction) -> bool:
        query = (db.collection(TEAM_ROLES)
                 .where(filter=FieldFilter("teamId", "==", team_id)).limit(MAX_ASSIGNMENTS))
        assignments, problems, read = [], [], 0
        for snap in query.stream(transaction=tx):
            read += 1
            try:
                assignments.append(TeamRoleAssignment.model_validate(snap.to_dict()))
            except ValidationError as error:
                problems.append(f"{snap.id}: {'; '.join(describe(error))}")
        for problem in problems:
            log.warning("team_members of %s: unreadable assignment %s", team_id, problem)
        if read >= MAX_ASSIGNMENTS:
            problems.insert(0, f"{MAX_ASSIGNMENTS} assignments or more: only the first "
                               f"{MAX_ASSIGNMENTS} (in document order) were read")
            log.warning("team_members of %s: %s", team_id, problems[0])
        document = to_document(team_members(team_id, assignments, problems[:MAX_PROBLEMS]))
        ref = db.document(team_members_path(team_id))
        stored = ref.get(transaction=tx)
        if stored.exists and stored.to_dict() == document:
            return False
        tx.set(ref, document)
        return True

    written = run(db.transaction(max_attempts=MAX_ATTEMPTS))
    log.info("team_members of %s: %s", team_id, "written" if written else "unchanged")
    return written
