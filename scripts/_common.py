"""What the admin scripts share: their arguments, the Firestore they talk to, the progress
bar and the report of what a run created, found already there, or found differing.

Imported by the scripts in this folder (Python puts a script's own folder on sys.path).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from google.cloud import firestore
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from scorebook.firestore.client import firestore_client
from scorebook_tools.migrations import WriteResult

T = TypeVar("T")

#: Appended to every script's --help: the two ways to point a script at a database.
TARGETS = """\
Against the emulators: set FIRESTORE_EMULATOR_HOST (e.g. 127.0.0.1:8080 while `make
emulators` runs; GCLOUD_PROJECT names the demo project, default demo-scorebook).
Against a real project: `gcloud auth application-default login` (or
GOOGLE_APPLICATION_CREDENTIALS=key.json of a service account allowed to write Firestore),
FIRESTORE_EMULATOR_HOST unset, and --project my-project.
"""


def parser(doc: str) -> argparse.ArgumentParser:
    """A parser whose --help is the script's docstring followed by how to pick a target."""
    return argparse.ArgumentParser(
        description=doc,
        epilog=TARGETS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", help="the Firebase project id (default: from the "
                        "environment, GOOGLE_CLOUD_PROJECT or GCLOUD_PROJECT)")


def add_matches(parser: argparse.ArgumentParser, *, all_help: str) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--match", action="append", metavar="ID",
                       help="this match (repeatable)")
    which.add_argument("--all", action="store_true", help=all_help)


def add_dry_run(
    parser: argparse.ArgumentParser,
    what: str = "would be written",
    verbose: str = "print every document written or differing, with its contents",
) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help=f"write nothing; print what {what}")
    parser.add_argument("--verbose", "-v", action="store_true", help=verbose)


def uses_emulator() -> bool:
    return bool(os.environ.get("FIRESTORE_EMULATOR_HOST"))


def connect(console: Console, project: str | None) -> firestore.Client:
    """The client for the chosen target, said aloud: an admin must see which database a
    migration is about to write."""
    if project:
        os.environ["GOOGLE_CLOUD_PROJECT"] = os.environ["GCLOUD_PROJECT"] = project
    db = firestore_client()
    where = (f"the emulator at {os.environ['FIRESTORE_EMULATOR_HOST']}" if uses_emulator()
             else "Firestore (Application Default Credentials)")
    console.print(f"project [bold]{escape(db.project)}[/bold] on {where}")
    return db


@contextmanager
def progress_bar(console: Console) -> Iterator[Progress]:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:
        yield bar


@dataclass(frozen=True)
class Steps:
    """How one match's migration moves its line of the progress bar."""

    advance: Callable[[int], None]
    total: Callable[[int], None]


def each_match(console: Console, ids: list[str], run: Callable[[str, Steps], T]) -> list[T]:
    """``run(match_id, steps)`` for every match, under a bar for the matches and a line for
    the one in progress; the results in order, for the report after the bar is gone."""
    results = []
    with progress_bar(console) as bar:
        matches = bar.add_task("matches", total=len(ids))
        for match_id in ids:
            task = bar.add_task(f"  {match_id}", total=None)
            results.append(run(match_id, Steps(
                advance=lambda n, task=task: bar.advance(task, n),
                total=lambda n, task=task: bar.update(task, total=n),
            )))
            bar.remove_task(task)
            bar.advance(matches)
    return results


def counts(result: WriteResult, dry_run: bool) -> str:
    created = (f"would create {len(result.planned)}" if dry_run
               else f"created {len(result.written)}")
    return f"{created}, already there {len(result.skipped)}, differing {len(result.differing)}"


def print_writes(
    console: Console, head: str, result: WriteResult, dry_run: bool, verbose: bool
) -> None:
    """One line of counts, then each document a dry run would create (with its contents
    when verbose) and each differing one, which no run ever overwrites."""
    console.print(f"[bold]{escape(head)}[/bold]: {counts(result, dry_run)}")
    shown = result.planned if dry_run else result.written if verbose else []
    _print_documents(console, "would create " if dry_run else "created ", shown, result,
                     verbose)
    _print_documents(console, "[yellow]differs, left alone[/yellow]: ", result.differing,
                     result, verbose)


def _print_documents(console: Console, label: str, paths: list[str], result: WriteResult,
                     verbose: bool) -> None:
    """A line for each document, after `label`, with its contents when verbose."""
    for path in paths:
        console.print(f"  {label}{escape(path)}")
        if verbose:
            console.print(indent(result.documents[path]), highlight=False)


def indent(document: dict[str, Any]) -> str:
    text = json.dumps(document, indent=2, default=str, sort_keys=True)
    return escape("\n".join("    " + line for line in text.splitlines()))


def total(results: list[WriteResult]) -> WriteResult:
    """All results as one, for the last line of a report."""
    out = WriteResult()
    for r in results:
        out.written += r.written
        out.skipped += r.skipped
        out.differing += r.differing
        out.planned += r.planned
    return out
