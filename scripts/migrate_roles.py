"""Migrate legacy role fields into role assignment documents with temporal bounds.

Reads, on each chosen match, matches/{id}.scorer and .umpires (a uid, a list of uids or of
{uid} maps), and, on every person in the persons collection, Person.teamIds and
Person.assignedSchools (ids or {schoolId, role} maps), with the person's role.
Writes one document per person, role and scope, as the product schema has it:
  match_role_assignments/{matchId}_{uid}_{role}    scorer_neutral or umpire_on_field, status
                                                   assigned, from the first day of the match
                                                   to the day after its last (a person listed
                                                   as both holds both)
  team_role_assignments/{teamId}_{uid}_{role}      the person's role if it is a team role,
                                                   else player (a captain is a player with
                                                   isCaptain), open-ended from createdAt
  school_role_assignments/{schoolId}_{uid}_{role}  the school's role, else the person's, when
                                                   it is a school role (head of cricket is
                                                   director_of_cricket); other words grant
                                                   nothing and are not migrated
each with source and assignedBy "migration". People's roles belong to no match: they are migrated by
every run (--match only narrows the matches) unless --no-persons.

Safe to re-run and to interrupt: an assignment is only ever created; one that exists and
is equal is counted as already there, one that differs (say, a scorer who confirmed since)
is reported and left alone. The legacy fields are left in place. Exit code 1 when an
assignment differs.
"""

from __future__ import annotations

import sys

import _common as admin
from rich.console import Console

from scorebook.firestore.paths import PERSONS
from scorebook_tools.migrations import WriteResult, migrate_roles

COLLECTIONS = ("match_role_assignments", "team_role_assignments", "school_role_assignments")


def by_collection(result: WriteResult, collection: str) -> WriteResult:
    def mine(paths: list[str]) -> list[str]:
        return [p for p in paths if p.startswith(f"{collection}/")]

    return WriteResult(
        written=mine(result.written), skipped=mine(result.skipped),
        differing=mine(result.differing), planned=mine(result.planned),
        documents={p: result.documents[p] for p in mine(list(result.documents))},
    )


def main(argv: list[str] | None = None) -> int:
    p = admin.parser(__doc__)
    admin.add_project(p)
    admin.add_matches(p, all_help="every match (and every person)")
    p.add_argument("--persons", default=PERSONS, metavar="COLLECTION",
                   help=f"the collection of legacy people (default {PERSONS})")
    p.add_argument("--no-persons", action="store_true",
                   help="only the matches' scorers and umpires, no team or school roles")
    admin.add_dry_run(p)
    args = p.parse_args(argv)
    console = Console(highlight=False)
    db = admin.connect(console, args.project)
    with admin.progress_bar(console) as bar:
        task = bar.add_task("role assignments", total=None)
        result = migrate_roles(
            db, match_ids=args.match, persons=None if args.no_persons else args.persons,
            dry_run=args.dry_run,
            progress=lambda n: bar.advance(task, n),
            total=lambda n: bar.update(task, total=n),
        )
    for collection in COLLECTIONS:
        admin.print_writes(console, collection, by_collection(result, collection),
                           args.dry_run, args.verbose)
    console.print(f"role assignments: {admin.counts(result, args.dry_run)}")
    return 1 if result.differing else 0


if __name__ == "__main__":
    sys.exit(main())
