"""Roll back a ball-history migration (scripts/migrate_ball_history.py).

Reads the archive the migration made, matches/{id}/legacy/live_score, and puts its legacy
fields (ballHistory, totalRuns, inningsScores, ...: every field the projection does not
own) back on matches/{id}/live/score, where legacy apps read them. The projection's own
fields are left to the trigger.

With --delete-actions it also deletes the actions the migration wrote (source
"migration"; an action scored in the new apps is never touched and is listed), then moves
the archive to matches/{id}/legacy/live_score-rolled-back-{time}: the next migration
archives live/score afresh, with any balls the legacy apps add meanwhile. The match's
ledger (the chain of the log now deleted) moves under it, to .../ledger, and the functions
start a new chain from the log as it is: re-migrated actions are not "entered twice". Without it the
actions and the archive stay (dual-read again, e.g. after a --remove-legacy too early).

Safe to re-run and to interrupt (the fields go back first, the archive moves last).
Exit code 1 when a match has no archive.
"""

from __future__ import annotations

import argparse
import sys

import _common as admin
from rich.console import Console
from rich.markup import escape

from scorebook_tools.rollback import RestoreReport, archived_match_ids, restore_legacy


def print_report(
    console: Console, report: RestoreReport, delete_actions: bool, verbose: bool
) -> None:
    head = f"[bold]{escape(report.match_id)}[/bold]"
    if report.error:
        console.print(f"{head}: [red]not restored[/red]: {escape(report.error)}")
        return
    fields = ", ".join(report.restored) or "none (already on live/score)"
    restored = "would restore" if report.dry_run else "restored"
    console.print(f"{head}: {restored} legacy fields: {escape(fields)}")
    if delete_actions:
        _print_deleted(console, report, verbose)


def _print_deleted(console: Console, report: RestoreReport, verbose: bool) -> None:
    """--delete-actions: the migrated actions deleted, those kept, and the archive moved."""
    console.print(f"  {'would delete' if report.dry_run else 'deleted'} "
                  f"{len(report.deleted)} migrated actions{_voided(report)}")
    if verbose:
        console.print(f"    {escape(' '.join(report.deleted))}")
    if report.kept:
        _print_kept(console, report.kept)
    _print_archive_moved(console, report)


def _print_archive_moved(console: Console, report: RestoreReport) -> None:
    """Where the archive went, with the ledger: the next migration starts both afresh."""
    moved = "would move" if report.dry_run else "moved"
    console.print(f"  {moved} the archive to {escape(report.archive_moved_to or '')}, with "
                  f"the ledger's {report.ledger_entries_moved} entries (the functions start a "
                  "new chain from the log as it now is)")


def _voided(report: RestoreReport) -> str:
    """` (3 voided since the migration)`, or nothing when none was."""
    return f" ({report.voided} voided since the migration)" if report.voided else ""


def _print_kept(console: Console, kept: list[str]) -> None:
    """The actions scored in the new apps, which no rollback deletes: the first ten."""
    console.print(f"  [yellow]kept {len(kept)} actions not from the migration; "
                  f"live/score will show them alone[/yellow]: "
                  f"{escape(' '.join(kept[:10]))}"
                  + (" ..." if len(kept) > 10 else ""))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = admin.parser(__doc__)
    admin.add_project(p)
    admin.add_matches(p, all_help="every match with an archive")
    p.add_argument("--delete-actions", action="store_true",
                   help="also delete the migrated actions (source: migration) and retire "
                        "the archive")
    admin.add_dry_run(p, "would be restored and deleted",
                verbose="list the id of every action deleted")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(highlight=False)
    db = admin.connect(console, args.project)
    reports = admin.each_match(
        console, args.match or archived_match_ids(db),
        lambda match_id, steps: restore_legacy(
            db, match_id, delete_actions=args.delete_actions, dry_run=args.dry_run,
            progress=steps.advance),
    )
    for report in reports:
        print_report(console, report, args.delete_actions, args.verbose)
    return _print_total(console, reports, args.dry_run)


def _print_total(console: Console, reports: list[RestoreReport], dry_run: bool) -> int:
    """How many matches were restored of those asked; the exit status (1: any not)."""
    failed = sum(1 for r in reports if r.error)
    verb = "would restore" if dry_run else "restored"
    console.print(f"{len(reports) - failed} of {len(reports)} matches {verb}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
