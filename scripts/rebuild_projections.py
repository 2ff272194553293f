"""Rebuild live/score of one match or of all matches from their scoring_actions log.

The log is the truth: this recomputes the projection from it (and resets the trigger's
checkpoint), through the same service the Cloud Function runs. Safe to run at any time and
as often as needed; a live match keeps scoring meanwhile (each rebuild is one transaction).

With --verify it rebuilds only what is wrong: it refolds each match's log and compares it
with the trigger's checkpoint (its seal, its counts, the digest of the log it folded, its
fold state) and with live/score, rebuilds the matches that differ and says why. Add
--dry-run to only report them (exit code 1 when any differs).

Against the emulators: run with FIRESTORE_EMULATOR_HOST set (e.g. inside `make emulators`).
Against a real project: `--project my-project` with Application Default Credentials
(`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

from google.cloud import firestore
from rich.console import Console
from rich.markup import escape
from rich.progress import track

from scorebook.firestore.client import firestore_client
from scorebook.firestore.live_score import refresh_live_score
from scorebook.firestore.reconcile import live_score_drift


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=" ".join(__doc__.split("\n\n")[1:]).replace("\n", " "),
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--match", action="append", metavar="ID", help="a match id (repeatable)")
    which.add_argument("--all", action="store_true", help="every match in the project")
    parser.add_argument("--verify", action="store_true",
                        help="refold each log and rebuild only the matches whose checkpoint"
                             " or live/score differ from it, saying why")
    parser.add_argument("--dry-run", action="store_true",
                        help="only report what a rebuild would change; write nothing")
    parser.add_argument("--project", help="the Firebase project id (default: from environment)")
    return parser.parse_args(argv)


def verify_all(db, ids: list[str], console: Console, dry_run: bool) -> int:
    """--verify: the matches whose checkpoint or live/score differ from their log are
    rebuilt (or, in a dry run, listed); returns how many differed."""
    modes: Counter[str] = Counter()
    for match_id in track(ids, description="matches", console=console, transient=True):
        outcome, reads = refresh_live_score(db, match_id, check=True, repair=not dry_run,
                                            notify=False)
        modes[outcome.mode] += 1
        _print_verified(console, match_id, outcome, reads, dry_run)
    verified, missing = modes["verified"], modes["no_match"]
    differing = len(ids) - verified - missing
    verb = "differ" if dry_run else "rebuilt"
    console.print(f"{len(ids)} matches: {verified} as their log, {differing} {verb}"
                  + (f", {missing} without a usable match document" if missing else ""))
    return differing


def _print_verified(console: Console, match_id: str, outcome, reads: int,
                    dry_run: bool) -> None:
    """A match's line of --verify: no match, as its log, or rebuilt (would be) and why."""
    reason = escape(outcome.reason)
    if outcome.mode == "no_match":
        console.print(f"[red]{match_id}: {reason}[/red]")
    elif outcome.mode == "verified":
        console.print(f"{match_id}: verified against its log ({reads} documents read)")
    else:
        verb = "would rebuild" if dry_run else f"rebuilt, version {outcome.version}"
        console.print(f"{match_id}: {verb}: {reason}")


def rebuild_all(db, ids: list[str], console: Console, dry_run: bool) -> None:
    """Every match's live/score rebuilt from its log (or, in a dry run, what would change)."""
    drifted = 0
    for match_id in track(ids, description="matches", console=console, transient=True):
        drift = live_score_drift(db, match_id)
        drifted += bool(drift)
        if dry_run:
            console.print(f"{match_id}: {_would_change(drift)}")
        else:
            _rebuild(db, console, match_id, drift)
    verb = "would change" if dry_run else "changed"
    console.print(f"{len(ids)} matches, {drifted} {verb}")


def _would_change(drift: list[str]) -> str:
    """What a rebuild would change on live/score, in a dry run."""
    return f"would change {', '.join(drift)}" if drift else "up to date"


def _rebuild(db, console: Console, match_id: str, drift: list[str]) -> None:
    """One match's live/score rebuilt, said with what had drifted."""
    outcome, reads = refresh_live_score(db, match_id, force=True, notify=False)
    if outcome.mode == "no_match":
        console.print(f"[red]{match_id}: {outcome.reason}[/red]")
        return
    changed = f"changed {', '.join(drift)}" if drift else "was already right"
    console.print(f"{match_id}: rebuilt from {reads} documents, version {outcome.version}"
                  f" ({changed})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(highlight=False)
    db = _client(args.project)
    ids = args.match or _every_match(db)
    if args.verify:
        differing = verify_all(db, ids, console, args.dry_run)
        return 1 if differing and args.dry_run else 0
    rebuild_all(db, ids, console, args.dry_run)
    return 0


def _every_match(db) -> list[str]:
    return [ref.id for ref in db.collection("matches").list_documents()]


def _client(project: str | None) -> firestore.Client:
    """The client for --project, else for the environment's project."""
    if project:
        os.environ["GOOGLE_CLOUD_PROJECT"] = os.environ["GCLOUD_PROJECT"] = project
    return firestore_client()


if __name__ == "__main__":
    sys.exit(main())
