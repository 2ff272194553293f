"""Write legacy matches made from real Cricsheet matches, for tests and demos of the
migrations.

Each Cricsheet JSON file (default: every real match of the project's corpus that is
available, see `make data`; else the generated T20) becomes what a legacy app left behind:
  matches/{id}                      the match, with the legacy teamSelection, umpires, scorer
  matches/{id}/live/score           the ballHistory and the totals the app showed (the true
                                    ones), with the legacy faults: no non-striker, extras
                                    spelt loosely ("wd", "No Ball", "Leg-Bye"), numbers as
                                    text, a no-ball's byes inside extraRuns, epoch-ms times
  matches/{id}/pre_match/procedure  the team sheets confirmed at the toss
  persons/{uid}                     players, team managers, umpires and a scorer, with
                                    teamIds and assignedSchools (one document per person,
                                    in every team they played for)
The match id is the file's stem (1473459), after --prefix if given. Migrating a generated
match must give a live/score equal to the real match's scorecard.

Writes the emulator (FIRESTORE_EMULATOR_HOST set). It refuses any other target unless
--project names it AND --yes is given: the people are made up and would sit beside real
ones. Documents are created, never overwritten: a re-run writes nothing, and one that
exists and differs is reported and left alone (exit code 1). To start again in the
emulator, restart it or clear it (DELETE /emulator/v1/projects/{project}/databases/(default)/
documents on the Firestore emulator's port).

Data: Cricsheet (https://cricsheet.org), Open Data Commons Attribution License.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import _common as admin
from rich.console import Console

from scorebook_tools.legacy import legacy_dataset
from scorebook_tools.migrations import WriteResult, write_documents
from scorebook_tools.realdata import generated_match_file, real_matches


def cricsheet_files() -> list[Path]:
    return real_matches() or [generated_match_file()]


def main(argv: list[str] | None = None) -> int:
    p = admin.parser(__doc__)
    p.add_argument("files", nargs="*", type=Path, metavar="MATCH.json",
                   help="Cricsheet JSON matches (default: the real matches of `make data`, "
                   "else the generated T20)")
    p.add_argument("--prefix", default="", help="put before every match id, e.g. legacy-")
    admin.add_project(p)
    p.add_argument("--yes", action="store_true",
                   help="with --project: really write to that (non-emulator) project")
    admin.add_dry_run(p)
    args = p.parse_args(argv)
    console = Console(highlight=False)
    if not _target_allowed(args):
        p.error("FIRESTORE_EMULATOR_HOST is not set: this would write made-up matches and "
                "people to a real project. Point it at the emulator, or give --project "
                "and --yes.")
    files = args.files or cricsheet_files()
    if not files:
        p.error("no Cricsheet files given or found")
    result = _write(console, admin.connect(console, args.project), files, args)
    admin.print_writes(console, f"{len(files)} matches", result, args.dry_run, args.verbose)
    return 1 if result.differing else 0


def _target_allowed(args: argparse.Namespace) -> bool:
    """The emulator, or a project named with --yes: the people are made up and would sit
    beside real ones."""
    return admin.uses_emulator() or bool(args.project and args.yes)


def _write(console: Console, db, files: list[Path], args: argparse.Namespace) -> WriteResult:
    """The legacy documents of every file, created where they are not already there."""
    with admin.progress_bar(console) as bar:
        documents = legacy_dataset(bar.track(files, description="reading matches"),
                                   prefix=args.prefix)
        task = bar.add_task("writing", total=len(documents))
        return write_documents(db, documents.items(), dry_run=args.dry_run,
                               progress=lambda n: bar.advance(task, n))


if __name__ == "__main__":
    sys.exit(main())
