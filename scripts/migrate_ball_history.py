"""Migrate legacy ballHistory arrays (on matches/{id}/live/score) into scoring_actions.

Safe to re-run and to interrupt: the legacy document is archived first
(matches/{id}/legacy/live_score), action ids are deterministic ({innings}-{seq:04d}), existing
equal documents are skipped and differing ones reported, never overwritten.
Exit code 1 when a match could not be migrated, an action differs, or the totals differ.
"""

from __future__ import annotations

import argparse
import sys

import _common as admin
from rich.console import Console

from scorebook_tools.migrations import (
    MAX_BATCH,
    MatchReport,
    legacy_match_ids,
    migrate_ball_history,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = admin.parser(__doc__)
    admin.add_project(parser)
    admin.add_matches(parser, all_help="every match with a legacy ballHistory or an archive "
                                       "of one")
    admin.add_dry_run(parser, "would be written and the verification",
                      verbose="list every document written, planned or differing")
    parser.add_argument("--remove-legacy", action="store_true",
                        help="after a clean verification, delete the legacy fields from "
                             "live/score (the archive keeps them)")
    parser.add_argument("--batch-size", type=int, default=400,
                        help=f"writes per batch (at most {MAX_BATCH}; default 400)")
    parser.add_argument("--wait", type=float, default=120.0, metavar="SECONDS",
                        help="how long to wait for the trigger to rebuild live/score "
                             "(default 120)")
    args = parser.parse_args(argv)
    _refuse_impossible(parser, args)
    return args


def _refuse_impossible(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Exit with the usage on a batch Firestore would refuse, or a removal of the legacy
    fields with no verification to follow."""
    if not 1 <= args.batch_size <= MAX_BATCH:
        parser.error(f"--batch-size must be 1..{MAX_BATCH}")
    if args.dry_run and args.remove_legacy:
        parser.error("--remove-legacy needs a real run (it follows a clean verification)")


def print_report(console: Console, report: MatchReport, verbose: bool) -> None:
    head = f"[bold]{report.match_id}[/bold]"
    if report.error:
        console.print(f"{head}: [red]not migrated[/red]: {report.error}")
        return
    console.print(f"{head}: {_counts(report)}")
    if verbose:
        _print_written(console, report)
    for line in _found(report) + _notes(report):
        console.print(f"  {line}")
    console.print(f"  {_verdict(report)}")


def _print_written(console: Console, report: MatchReport) -> None:
    """--verbose: every document written (a dry run: planned)."""
    verb = "would write" if report.dry_run else "written"
    for path in report.writes.planned or report.writes.written:
        console.print(f"  {verb}: {path}")


def _counts(report: MatchReport) -> str:
    """`210 actions, written 212, already there 0, differing 0, legacy archived`."""
    w = report.writes
    verb = "would write" if report.dry_run else "written"
    count = len(w.planned) if report.dry_run else len(w.written)
    return (f"{report.actions} actions, {verb} {count}, already there {len(w.skipped)}, "
            f"differing {len(w.differing)}" + (", legacy archived" if report.archived else ""))


def _verdict(report: MatchReport) -> str:
    """Verified (the totals equal), not verified (nothing to compare), or differences."""
    if report.clean:
        return "[green]verified: totals equal[/green]"
    if report.live_differences is None and not report.expected_differences:
        return "[yellow]not verified[/yellow]"
    return "[red]differences[/red]"


def _found(report: MatchReport) -> list[str]:
    """What the migration of one match found differing, a line each."""
    found = (("[yellow]differs, left alone[/yellow]: ", report.writes.differing),
             ("[yellow]legacy[/yellow] ", report.problems),
             ("[red]totals (projection of the migrated log)[/red] ", report.expected_differences),
             ("[red]totals (live/score)[/red] ", report.live_differences or []))
    return [f"{label}{item}" for label, items in found for item in items]


def _notes(report: MatchReport) -> list[str]:
    """What else the migration of one match has to say: about live/score, the ledger and the
    legacy fields."""
    lines = []
    if report.live_note:
        lines.append(report.live_note.strip())
    if report.chain_problem:
        lines.append(f"[red]ledger[/red] {report.chain_problem}")
    if report.legacy_removed:
        lines.append("legacy fields removed from live/score (kept in the archive)")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console()
    db = admin.connect(console, args.project)
    reports = admin.each_match(
        console, args.match or legacy_match_ids(db),
        lambda match_id, steps: migrate_ball_history(
            db, match_id, dry_run=args.dry_run, remove_legacy=args.remove_legacy,
            batch_size=args.batch_size, wait_seconds=args.wait,
            progress=steps.advance, total=steps.total,
        ),
    )
    for report in reports:
        print_report(console, report, args.verbose)
    return 1 if any(_failed(r) for r in reports) else 0


def _failed(report: MatchReport) -> bool:
    """A match not migrated, or migrated with something differing or a broken ledger."""
    return bool(report.error or report.writes.differing or report.expected_differences
                or report.live_differences or report.chain_problem)


if __name__ == "__main__":
    sys.exit(main())
