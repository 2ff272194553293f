"""Count a competition's matches again: its table (competition_tables/{id} and each side's
team_season_stats), its players' season and career figures, its head-to-heads, and each
match's summary and ball-by-ball archive, from the matches' logs.

The functions keep all of it as matches finish and are corrected; run this after figures
were damaged, after a trigger run was lost, or to count matches imported in bulk. It counts
every match of the competition (and every match it was counting that has since moved to
another competition, whose lines come back out), through the same code the functions run:
a document already right is not written again, so a run over a correct competition writes
only its table. A run keeps the matches it finished in a state file and, stopped halfway,
goes on from there when started again (--restart starts over). With --dry-run it writes
nothing and says which matches' figures differ from their logs (exit status 1 when any
does).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _common import add_project, connect, each_match, parser
from rich.console import Console
from rich.markup import escape

from scorebook.firestore.season import (
    competition_matches,
    rank_table,
    read_competition,
    record_completed_match,
)


def state_file(competition_id: str, given: str | None) -> Path:
    if given:
        return Path(given)
    return Path(tempfile.gettempdir()) / f"scorebook-rebuild-season-{competition_id}.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = parser(__doc__)
    p.add_argument("--competition", required=True, metavar="ID",
                   help="the competition (competitions/{id})")
    p.add_argument("--dry-run", action="store_true",
                   help="write nothing; say which matches' figures differ from their logs")
    p.add_argument("--state", metavar="FILE",
                   help="where a run keeps the matches it finished (default: "
                        "scorebook-rebuild-season-{ID}.json in the temporary directory)")
    p.add_argument("--restart", action="store_true",
                   help="forget what an earlier, stopped run finished and count all again")
    add_project(p)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(highlight=False)
    db = connect(console, args.project)
    competition = read_competition(db, args.competition)
    if competition is None:
        console.print(f"[red]competitions/{escape(args.competition)} does not exist[/red]")
        return 2
    state = state_file(args.competition, args.state)
    done = _done_before(args, state, console)
    ids = _still_to_count(db, args.competition, done)

    def count(match_id: str, _steps) -> tuple[str, str, int, int]:
        outcome, reads, writes = record_completed_match(db, match_id, force=True,
                                                        dry_run=args.dry_run)
        if not args.dry_run:
            done.append(match_id)
            state.write_text(json.dumps(done))
        return match_id, outcome.mode, reads, writes

    results = each_match(console, ids, count)
    if args.dry_run:
        return _report_dry_run(console, results)
    _report_counted(console, results)
    read, written = rank_table(db, competition, [])
    state.unlink(missing_ok=True)
    console.print(f"{len(done)} matches counted; the table ranked again "
                  f"({read} read, {written} written)")
    return 0


def _still_to_count(db, competition_id: str, done: list[str]) -> list[str]:
    """The competition's matches (and those it was counting) an earlier run did not finish."""
    return [m for m in competition_matches(db, competition_id) if m not in done]


def _done_before(args: argparse.Namespace, state: Path, console: Console) -> list[str]:
    """The matches an earlier, stopped run finished (none for --restart or a dry run)."""
    if not state.exists() or args.restart or args.dry_run:
        return []
    done = json.loads(state.read_text())
    console.print(f"going on from {escape(str(state))}: {len(done)} matches done")
    return done


def _report_counted(console: Console, results: list[tuple[str, str, int, int]]) -> None:
    """A run's line a match: how it was counted, and its reads and writes."""
    for match_id, mode, reads, writes in results:
        console.print(f"{escape(match_id)}: {mode}: {writes} documents written ({reads} read)")


def _report_dry_run(console: Console, results: list[tuple[str, str, int, int]]) -> int:
    """A dry run's line a match and its count; 1 when a match's figures would change."""
    differing = 0
    for match_id, _mode, reads, writes in results:
        differing += writes > 0
        verb = f"{writes} documents would change" if writes else "as its log"
        console.print(f"{escape(match_id)}: {verb} ({reads} read)")
    console.print(f"{len(results)} matches: {differing} would change")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
