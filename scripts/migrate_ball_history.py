"""Migrate legacy ballHistory arrays (on matches/{id}/live/score) into scoring_actions.

Safe to re-run and to interrupt: the legacy document is archived first
(matches/{id}/legacy/live_score), action ids are deterministic ({innings}-{seq:04d}), existing
equal documents are skipped and differing ones reported, never overwritten.

Production: credentials from the environment as the Admin SDK expects
(GOOGLE_APPLICATION_CREDENTIALS or gcloud application-default login), --project names the
project. Emulator: set FIRESTORE_EMULATOR_HOST.
"""

from __future__ import annotations

import argparse
import os
import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from scorebook.store.client import firestore_client
from scorebook.store.migrations import (
    MAX_BATCH,
    MatchReport,
    legacy_match_ids,
    migrate_ball_history,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--project", help="Firebase project id (default: from the environment)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--match", action="append", metavar="ID",
                       help="migrate this match (repeatable)")
    which.add_argument("--all", action="store_true",
                       help="every match with a legacy ballHistory or an archive of one")
    parser.add_argument("--dry-run", action="store_true",
                        help="write nothing; print what would be written and the verification")
    parser.add_argument("--remove-legacy", action="store_true",
                        help="after a clean verification, delete the legacy fields from "
                             "live/score (the archive keeps them)")
    parser.add_argument("--batch-size", type=int, default=400,
                        help=f"writes per batch (at most {MAX_BATCH}; default 400)")
    parser.add_argument("--wait", type=float, default=120.0, metavar="SECONDS",
                        help="how long to wait for the trigger to rebuild live/score "
                             "(default 120)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list every document written, planned or differing")
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
    for path in w.differing:
        console.print(f"  [yellow]differs, left alone[/yellow]: {path}")
    for problem in report.problems:
        console.print(f"  [yellow]legacy[/yellow] {problem}")
    for diff in report.expected_differences:
        console.print(f"  [red]totals (projection of the migrated log)[/red] {diff}")
    if report.live_differences is not None:
        for diff in report.live_differences:
            console.print(f"  [red]totals (live/score)[/red] {diff}")
    if report.live_note:
        console.print(f"  {report.live_note.strip()}")
    if report.legacy_removed:
        console.print("  legacy fields removed from live/score (kept in the archive)")
    verdict = "[green]verified: totals equal[/green]" if report.clean else (
        "[yellow]not verified[/yellow]" if report.live_differences is None and not
        report.expected_differences else "[red]differences[/red]")
    console.print(f"  {verdict}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.project:
        os.environ["GOOGLE_CLOUD_PROJECT"] = args.project
        os.environ.setdefault("GCLOUD_PROJECT", args.project)
    console = Console()
    db = firestore_client()
    ids = args.match or legacy_match_ids(db)
    reports = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:
        for match_id in ids:
            task = bar.add_task(match_id, total=None)
            reports.append(migrate_ball_history(
                db, match_id, dry_run=args.dry_run, remove_legacy=args.remove_legacy,
                batch_size=args.batch_size, wait_seconds=args.wait,
                progress=lambda n, task=task: bar.advance(task, n),
                total=lambda n, task=task: bar.update(task, total=n),
            ))
    for report in reports:
        print_report(console, report, args.verbose)
    failed = [r for r in reports if r.error or r.writes.differing or r.expected_differences
              or r.live_differences]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
