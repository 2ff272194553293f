"""The season part of `make bench`: a whole competition's matches entered on the emulators
and counted by the functions, then rebuilt by the script's code.

- the time from the first match document to a table that counts every match, through the
  real triggers (each match: its projection folds the log, finds it completed, and
  on_match_over counts it);
- each match's first count as the function logged it (`season of {id}: ... N read, M
  written`): the cost per completed match;
- the time to rebuild the whole competition from nothing (every statistics document and
  bookkeeping deleted), and to run the rebuild again over correct figures;
- whether the table read back equals the one the command line computes from the files,
  and gives every figure the competition file says was published (the 2021 CPL's final
  table).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consensus import wait_until  # benchmarks/ is on sys.path when run as a script

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import (
    COMPETITION_TABLES,
    SEASON_CONTRIBUTIONS,
    competition_path,
    scoring_action_path,
)
from scorebook.firestore.season import recount_competition
from scorebook.fold import fold_into
from scorebook.season.documents import (
    PLAYER_CAREER_STATS,
    PLAYER_H2H_STATS,
    PLAYER_SEASON_STATS,
    TEAM_SEASON_STATS,
)
from scorebook.season.lines import match_contribution, season_documents
from scorebook.season.table import Competition
from scorebook.state import initial_state
from scorebook_tools.emulators import emulator_log
from scorebook_tools.realdata import real_match
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import create_match
from scorebook_tools.triggers import triggers_disabled

REPO = Path(__file__).resolve().parents[1]
LOGGED = re.compile(r"season of (\S+): recorded \(.*; (\d+) read, (\d+) written\)")


@dataclass
class SeasonRun:
    matches: int = 0
    through_triggers: float = 0.0
    first_counts: list[tuple[int, int]] = field(default_factory=list)  # (reads, writes)
    rebuild_from_nothing: float = 0.0
    rebuild_again: float = 0.0
    equal: bool = False
    #: the figures the competition file says were published, as the table read back has them
    published: list[str] = field(default_factory=list)


def _delete_all(db: Any, collections: list[str]) -> None:
    for name in collections:
        refs = list(db.collection(name).list_documents())
        for start in range(0, len(refs), 400):
            batch = db.batch()
            for ref in refs[start:start + 400]:
                batch.delete(ref)
            batch.commit()


def _import_logs(admin: FirestoreRest, loaded: list[tuple[Any, list[Any]]]) -> None:
    """Every match's log, as an admin's bulk import: one trigger per match, not per ball."""
    with triggers_disabled():
        for match, actions in loaded:
            writes = [admin.create_write(scoring_action_path(match.id, a.id), to_document(a))
                      for a in actions]
            for start in range(0, len(writes), 500):
                admin.commit(writes[start:start + 500])


def _expected_table(competition: Competition, loaded: list[tuple[Any, list[Any]]]) -> list:
    """The table's rows as the command line adds the matches up."""
    played = []
    for match, actions in loaded:
        state = initial_state(match)
        fold_into(state, actions)
        mine = match_contribution(state, actions, competition, match.dates, match.playerOfMatch)
        if mine is not None:
            played.append(mine)
    return season_documents(competition, played)["table"]


def run(project: str, competition_file: Path, paths: list[Path]) -> SeasonRun:
    out = SeasonRun(matches=len(paths))
    admin = FirestoreRest.as_admin(project)
    db = firestore_client()
    competition = _enter_competition(admin, competition_file)
    loaded = [load_match(p) for p in paths]
    _import_logs(admin, loaded)
    log = emulator_log(REPO)
    log_start = log.stat().st_size if log.exists() else 0
    out.through_triggers = _count_through_triggers(admin, competition, loaded)
    out.first_counts = _first_counts(log, log_start, {m.id for m, _ in loaded})
    table = admin.get(f"{COMPETITION_TABLES}/{competition.id}")
    out.published = _against_published(json.loads(competition_file.read_text()), table,
                                       loaded)
    out.equal = table is not None and table["rows"] == _expected_table(competition, loaded)
    out.rebuild_from_nothing, out.rebuild_again, rebuilt = _rebuilt(admin, db, competition.id)
    out.equal = out.equal and rebuilt is not None and rebuilt["rows"] == table["rows"]
    return out


def _rebuilt(admin: FirestoreRest, db: Any, competition_id: str,
             ) -> tuple[float, float, dict[str, Any] | None]:
    """Every statistics document and bookkeeping deleted, the competition rebuilt twice (from
    nothing, then over correct figures): the seconds of each, and the table after."""
    _delete_all(db, [TEAM_SEASON_STATS, PLAYER_SEASON_STATS, PLAYER_H2H_STATS,
                     PLAYER_CAREER_STATS, SEASON_CONTRIBUTIONS, COMPETITION_TABLES])
    from_nothing = _timed_recount(db, competition_id)
    again = _timed_recount(db, competition_id)
    return from_nothing, again, admin.get(f"{COMPETITION_TABLES}/{competition_id}")


def _enter_competition(admin: FirestoreRest, competition_file: Path) -> Competition:
    """The competition document written as the file has it, less its published table."""
    doc = {k: v for k, v in json.loads(competition_file.read_text()).items()
           if k != "published"}
    competition = Competition.model_validate(doc)
    admin.set(competition_path(competition.id), doc)
    return competition


def _count_through_triggers(admin: FirestoreRest, competition: Competition,
                            loaded: list[tuple[Any, list[Any]]]) -> float:
    """Every match document created in the competition; the seconds until the table counts
    them all (each match played by two teams)."""
    started = time.monotonic()
    for match, _ in loaded:
        create_match(admin, match.model_copy(update={"competitionId": competition.id,
                                                     "season": competition.season}))

    def counted() -> bool:
        table = admin.get(f"{COMPETITION_TABLES}/{competition.id}") or {}
        return sum(r["matchesPlayed"] for r in table.get("rows", [])) == 2 * len(loaded)

    wait_until(counted, "the table to count every match", deadline=600)
    return time.monotonic() - started


def _first_counts(log: Path, log_start: int, ids: set[str]) -> list[tuple[int, int]]:
    """(reads, writes) of each match's count, as the functions logged it since `log_start`."""
    with log.open() as f:
        f.seek(log_start)
        return [(int(r), int(w)) for m, r, w in LOGGED.findall(f.read()) if m in ids]


def _timed_recount(db: Any, competition_id: str) -> float:
    """The seconds the competition's rebuild takes."""
    started = time.monotonic()
    recount_competition(db, competition_id)
    return time.monotonic() - started


def _cost_line(first_counts: list[tuple[int, int]]) -> str:
    """The reads and writes of counting a completed match: median, min and max."""
    reads = [r for r, _ in first_counts] or [0]
    writes = [w for _, w in first_counts] or [0]
    return (f"season: cost of counting a completed match ({len(first_counts)} logged): "
            f"reads median {statistics.median(reads):.0f} (min {min(reads)}, max {max(reads)}), "
            f"writes median {statistics.median(writes):.0f} (min {min(writes)}, max {max(writes)})")


#: the published table's figures -> the TeamSeasonStats field that has them
PUBLISHED = {"position": "position", "points": "points", "won": "wins", "lost": "losses",
             "played": "matchesPlayed", "netRunRate": "netRunRateText"}


def _against_published(source: dict[str, Any], table: dict[str, Any] | None,
                       loaded: list[tuple[Any, Any]]) -> list[str]:
    """Each published figure the table read back differs on ([] when it gives them all)."""
    rows = _rows_by_team_name(table, loaded)
    return [f"{row['team']} {figure}: published {row[figure]}, ours "
            f"{rows.get(row['team'], {}).get(ours)}"
            for row in source.get("published", {}).get("rows", [])
            for figure, ours in PUBLISHED.items()
            if figure in row and rows.get(row["team"], {}).get(ours) != row[figure]]


def _rows_by_team_name(table: dict[str, Any] | None, loaded: list[tuple[Any, Any]],
                       ) -> dict[str | None, dict[str, Any]]:
    """The table's rows by the name of their team, as the published table names them."""
    names = {t.id: t.name for match, _ in loaded for t in match.teams}
    return {names.get(r["teamId"]): r for r in (table or {}).get("rows", [])}


def run_competition(project: str, competition_file: Path | None) -> SeasonRun | None:
    """The season figures of the competition in `competition_file`, or None when there is
    none or its matches are not here (`make data` fetches them)."""
    if competition_file is None or not competition_file.exists():
        return None
    paths = _table_matches(competition_file)
    if paths is None:
        print("season: skipped, its matches are not here (`make data` fetches them)")
        return None
    return run(project, competition_file, paths)


def _table_matches(competition_file: Path) -> list[Path] | None:
    """The files of the competition's table matches; None when any is not here."""
    paths = [real_match(m) for m in json.loads(competition_file.read_text())["tableMatches"]]
    if not all(paths):
        return None
    return [p for p in paths if p is not None]


def report(run_: SeasonRun | None) -> bool:
    """Print the season figures; whether the table came out as the command line's."""
    if run_ is None:
        return True
    for line in _lines(run_):
        print(line)
    return run_.equal and not run_.published


def _lines(run_: SeasonRun) -> list[str]:
    return [
        f"season: {run_.matches} matches entered -> the table counts them all, through the "
        f"triggers: {run_.through_triggers:.1f} s",
        _cost_line(run_.first_counts),
        f"season: rebuild of the {run_.matches}-match competition from nothing: "
        f"{run_.rebuild_from_nothing:.1f} s; again over correct figures: "
        f"{run_.rebuild_again:.1f} s",
        f"season: table read back {'equals' if run_.equal else 'DIFFERS FROM'} the command "
        f"line's, before and after the rebuild",
        "season: the published table (points, order, net run rate to 3 decimals): "
        + ("reproduced" if not run_.published else "NOT: " + "; ".join(run_.published)),
    ]
