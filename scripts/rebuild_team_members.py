"""Rebuild team_members/{teamId}, who may follow a team's private matches, from the team's
role assignments.

A function keeps it on every write of a team role; this brings it in line after what the
function did not see: assignments written before the function was deployed, or a trigger run
that failed (a Python trigger is not retried). Idempotent: a team whose document is already
right is not written. The teams are those named by team_role_assignments and teams/{teamId},
or the ones given with --team.
"""

from __future__ import annotations

import sys

from _common import add_project, connect, parser
from rich.console import Console

from scorebook.firestore.members import refresh_team_members
from scorebook.firestore.paths import TEAM_ROLES, TEAMS


def main(argv: list[str] | None = None) -> int:
    p = parser(__doc__)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--team", action="append", metavar="ID", help="a team id (repeatable)")
    which.add_argument("--all", action="store_true",
                       help="every team with a role assignment or a teams/{teamId} document")
    add_project(p)
    args = p.parse_args(argv)
    console = Console(highlight=False)
    db = connect(console, args.project)
    teams = set(args.team or [])
    if args.all:
        teams |= _every_team(db)
    written = _rebuild(console, db, teams)
    console.print(f"{len(teams)} teams, {written} rebuilt")
    return 0


def _rebuild(console: Console, db, teams: set[str]) -> int:
    """Each team's team_members rebuilt where wrong, in order, said; how many were."""
    written = 0
    for team in sorted(teams):
        changed = refresh_team_members(db, team)
        written += changed
        console.print(f"{team}: {'rebuilt' if changed else 'already right'}")
    return written


def _every_team(db) -> set[str]:
    """Every team with a teams/{teamId} document or a role assignment (a team id that
    could not be a document's is left out)."""
    teams = {ref.id for ref in db.collection(TEAMS).list_documents()}
    for snap in db.collection(TEAM_ROLES).select(["teamId"]).stream():
        team = (snap.to_dict() or {}).get("teamId")
        if _document_id(team):
            teams.add(team)
    return teams


def _document_id(team: object) -> bool:
    """Whether a role's teamId could name a document: a non-empty string without a slash."""
    return isinstance(team, str) and team != "" and "/" not in team


if __name__ == "__main__":
    sys.exit(main())
