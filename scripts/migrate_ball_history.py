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
    if not 1 <= args.batch_size <= MAX_BATCH:
        parser.error(f"--batch-size must be 1..{MAX_BATCH}")
    if args.dry_run and args.remove_legacy:
        parser.error("--remove-legacy needs a real run (it follows a clean verification)")
    return args


def print_report(console: Console, report: MatchReport, verbose: bool) -> None:
    w = report.writes
    head = f"[bold]{report.match_id}[/bold]"
    if report.error:
        console.print(f"{head}: [red]not migrated[/red]: {report.error}")
        return
    verb = "would write" if report.dry_run else "written"
    count = len(w.planned) if report.dry_run else len(w.written)
    console.print(
        f"{head}: {report.actions} actions, {verb} {count}, already there {len(w.skipped)}, "
        f"differing {len(w.differing)}" + (", legacy archived" if report.archived else "")
    )
    if verbose:
        for path in w.planned or w.written:
            console.print(f"  {verb}: {path}")
    for line in _found(report):
        console.print(f"  {line}")
    verdict = "[green]verified: totals equal[/green]" if report.clean else (
        "[yellow]not verified[/yellow]" if report.live_differences is None and not
        report.expected_differences else "[red]differences[/red]")
    console.print(f"  {verdict}")


def _found(report: MatchReport) -> list[str]:
    """What the migration of one match found, a line each."""
    lines = [f"[yellow]differs, left alone[/yellow]: {path}" for path in report.writes.differing]
    lines += [f"[yellow]legacy[/yellow] {problem}" for problem in report.problems]
    lines += [f"[red]totals (projection of the migrated log)[/red] {diff}"
              for diff in report.expected_differences]
    lines += [f"[red]totals (live/score)[/red] {diff}" for diff in report.live_differences or []]
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
    failed = [r for r in reports if r.error or r.writes.differing or r.expected_differences
              or r.live_differences or r.chain_problem]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
