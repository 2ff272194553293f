"""Migrate legacy team selections into lineup documents, one per player.

Reads matches/{id}.teamSelection and matches/{id}/pre_match/procedure.teamSelection (the
sheet confirmed at the toss wins), each {teamId: {playerIds, captainId, wicketKeeperId}} or
{teamId: [playerIds]}. Writes one matches/{id}/lineups/{teamId}_{playerId} per selected
player, in the product schema's MatchLineup shape: role playing_xi, battingPosition in the
order selected, isCaptain, isWicketkeeper, selectedBy "migration", selectedAt and createdAt
at midnight UTC of the match's first day; no name (the match's team list names the
players). The lineup trigger then refreshes live/lineups and the names on live/score.

Safe to re-run and to interrupt: a lineup is only ever created; one that exists and is
equal is counted as already there, one that differs (edited in the new apps) is reported
and left alone. The legacy fields are left in place. A team sheet at lineups/{teamId}
written by an earlier version of this script is reported (delete it: it is no longer
read). Exit code 1 when a match could not be read or a lineup differs.
"""

from __future__ import annotations

import argparse
import sys

import _common as admin
from rich.console import Console
from rich.markup import escape

from scorebook_tools.legacy import LegacyProblem
from scorebook_tools.migrations import (
    UNMIGRATABLE,
    WriteResult,
    lineup_match_ids,
    migrate_lineups,
)


def main(argv: list[str] | None = None) -> int:
    p = admin.parser(__doc__)
    admin.add_project(p)
    admin.add_matches(p, all_help="every match with a legacy teamSelection")
    admin.add_dry_run(p)
    args = p.parse_args(argv)
    console = Console(highlight=False)
    db = admin.connect(console, args.project)
    ids = args.match or lineup_match_ids(db)
    runs = admin.each_match(console, ids, lambda match_id, _: (
        match_id, *migrate_lineups(db, match_id, dry_run=args.dry_run)))
    failed = sum(_print_match(console, match_id, result, problems, args)
                 for match_id, result, problems in runs)
    _print_total(console, [r for _, r, _ in runs], failed, args.dry_run)
    return 1 if failed else 0


def _print_total(console: Console, results: list[WriteResult], failed: int,
                 dry_run: bool) -> None:
    """The last line: every match's writes added up, and how many had problems."""
    all_writes = admin.total(results)
    console.print(f"{len(results)} matches: {admin.counts(all_writes, dry_run)}"
                  + (f", {failed} with problems" if failed else ""))


def _print_match(console: Console, match_id: str, result: WriteResult,
                 problems: list[LegacyProblem], args: argparse.Namespace) -> bool:
    """A match's report: not migrated (a selection it cannot read), or its writes and the
    legacy problems met. Whether the match failed (unreadable, or a document differing)."""
    unreadable = [p for p in problems if p.code in UNMIGRATABLE]
    if unreadable:
        console.print(f"[bold]{escape(match_id)}[/bold]: [red]not migrated[/red]: "
                      f"{escape(unreadable[0].message)}")
        return True
    admin.print_writes(console, match_id, result, args.dry_run, args.verbose)
    for problem in problems:
        console.print(f"  [yellow]legacy[/yellow] {escape(str(problem))}")
    return bool(result.differing)


if __name__ == "__main__":
    sys.exit(main())
