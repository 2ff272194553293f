"""One match's contribution to the season, and a season's documents from their matches' lines.

Each season document (a side's line of the table, a player's season or career, a batter
against a bowler) is made from the lines of the matches it counts, one per match: a
correction replaces its match's line, a match no longer complete takes its line away, and
adding the same line twice changes nothing. The command line and the functions both build
the documents from these lines, with the same functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scorebook.season.players import (
    PlayerHeadToHeadStats,
    PlayerSeasonStats,
    add_head_to_head,
    add_match,
    finish,
    finish_head_to_head,
    keep_best,
)
from scorebook.season.table import (
    Competition,
    TeamMatch,
    TeamSeasonStats,
    contributions,
    match_order,
    table,
)
from scorebook.state import FoldState

#: figures of a line that are not added up over matches: the best of them, or rates
_NOT_SUMMED = frozenset({"highestScore", "highestScoreNotOut", "average", "strikeRate",
                         "overs", "economy", "bestBowling"})


@dataclass(frozen=True)
class MatchContribution:
    """What one completed match adds, one line per document it counts in, by the
    document's key: `teams` by team id (the table's matches only), `players` by (team id,
    person id), `careers` by person id, `pairs` by (batter id, bowler id)."""

    matchId: str
    order: str
    teams: dict[str, dict[str, Any]]
    players: dict[tuple[str, str], dict[str, Any]]
    careers: dict[str, dict[str, Any]]
    pairs: dict[tuple[str, str], dict[str, Any]]


def match_contribution(state: FoldState, actions: Iterable[Any], competition: Competition,
                       dates: Iterable[Any] = (), awards: Iterable[str] = (),
                       ) -> MatchContribution | None:
    """A completed match's contribution to its competition and its players (`awards`: the
    player of the match); None while it has no result."""
    order = match_order(state, dates)
    teams = contributions(state, competition, order)
    if not teams:
        return None
    in_table = competition.counts_in_table(state.config.matchId)
    player_lines = _player_lines(state, competition, awards, order)
    return MatchContribution(
        matchId=state.config.matchId, order=order,
        teams={m.teamId: dataclasses.asdict(m) for m in teams} if in_table else {},
        players=player_lines,
        careers={person: line for (_team, person), line in player_lines.items()},
        pairs=_pair_lines(state, actions, competition, order),
    )


def _player_lines(state: FoldState, competition: Competition, awards: Iterable[str],
                  order: str) -> dict[tuple[str, str], dict[str, Any]]:
    players: dict[tuple[str, str], PlayerSeasonStats] = {}
    add_match(players, state, competition, awards)
    return {key: _player_line(s, order) for key, s in players.items()}


def _pair_lines(state: FoldState, actions: Iterable[Any], competition: Competition,
                order: str) -> dict[tuple[str, str], dict[str, Any]]:
    pairs: dict[tuple[str, str], PlayerHeadToHeadStats] = {}
    add_head_to_head(pairs, state, actions, competition)
    return {key: _pair_line(p, order) for key, p in pairs.items()}


def _counters(section: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(section).items() if k not in _NOT_SUMMED
            or k in ("highestScore", "highestScoreNotOut")}


def _player_line(s: PlayerSeasonStats, order: str) -> dict[str, Any]:
    return {"matchId": s.lastMatchId, "order": order, "matchesPlayed": s.matchesPlayed,
            "momAwards": s.momAwards,
            "batting": _counters(s.batting), "bowling": _counters(s.bowling),
            "fielding": dataclasses.asdict(s.fielding),
            "best": list(s._best) if s._best is not None else None}


def _pair_line(p: PlayerHeadToHeadStats, order: str) -> dict[str, Any]:
    return {"matchId": p.lastMatchId, "order": order, "ballsFaced": p.ballsFaced,
            "runsScored": p.runsScored, "dismissals": p.dismissals, "fours": p.fours,
            "sixes": p.sixes, "dotBalls": p.dotBalls,
            "dismissalBreakdown": dict(p.dismissalBreakdown)}


def _add_up(into: Any, line: dict[str, Any]) -> None:
    for name, value in line.items():
        if name not in _NOT_SUMMED and isinstance(value, int):
            setattr(into, name, getattr(into, name) + value)


def _in_order(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(lines, key=lambda line: line.get("order", ""))


def team_rows(competition: Competition, lines: Iterable[dict[str, Any]],
              ) -> list[TeamSeasonStats]:
    """The table from the sides' match lines (MatchContribution.teams), ranked."""
    return table(competition, (TeamMatch(**line) for line in lines))


def player_stats(person: str, team: str, competition: Competition,
                 lines: Iterable[dict[str, Any]]) -> PlayerSeasonStats:
    """A player's figures over the matches whose lines are given (a season for a team, or
    a career when `team` and the competition are "all")."""
    s = PlayerSeasonStats(person, team, competition.id, competition.season)
    for line in _in_order(lines):
        s.matchesPlayed += line["matchesPlayed"]
        s.momAwards += line.get("momAwards", 0)
        s.lastMatchId = line["matchId"]
        bat = line["batting"]
        _add_up(s.batting, bat)
        s.batting.highestScore, s.batting.highestScoreNotOut = max(
            (s.batting.highestScore, s.batting.highestScoreNotOut),
            (bat["highestScore"], bat["highestScoreNotOut"]))
        _add_up(s.bowling, line["bowling"])
        _add_up(s.fielding, line["fielding"])
        if line.get("best") is not None:
            keep_best(s, *line["best"])
    return finish({(team, person): s}, competition.ballsPerOver)[0]


def pair_stats(batter: str, bowler: str, competition: Competition,
               lines: Iterable[dict[str, Any]]) -> PlayerHeadToHeadStats:
    """A batter against a bowler over the matches whose lines are given."""
    p = PlayerHeadToHeadStats(batter, bowler, competition.id, competition.season)
    for line in _in_order(lines):
        _add_up(p, line)
        p.lastMatchId = line["matchId"]
        for kind, n in line["dismissalBreakdown"].items():
            p.dismissalBreakdown[kind] += n
    return finish_head_to_head({(batter, bowler): p})[0]


def _lines_by_key(
    lines: Iterable[dict[tuple[str, str], dict[str, Any]]],
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Each document's lines, gathered from the matches' in their order."""
    gathered: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for match_lines in lines:
        for key, line in match_lines.items():
            gathered.setdefault(key, []).append(line)
    return gathered


def as_document(stats: Any) -> dict[str, Any]:
    """A season dataclass as its document: the schema's fields, nothing private."""
    return {k: v for k, v in dataclasses.asdict(stats).items() if not k.startswith("_")}


def season_documents(competition: Competition,
                     matches: Iterable[MatchContribution]) -> dict[str, Any]:
    """The whole season from its matches' contributions: the table, each player's season
    for each team, and each batter against each bowler (what the functions keep in
    Firestore, one document each)."""
    matches = list(matches)
    teams = [line for m in matches for line in m.teams.values()]
    players = _lines_by_key(m.players for m in matches)
    pairs = _lines_by_key(m.pairs for m in matches)
    return {
        "competition": competition.model_dump(),
        "table": [as_document(row) for row in team_rows(competition, teams)],
        "players": [as_document(player_stats(person, team, competition, lines))
                    for (team, person), lines in sorted(players.items())],
        "headToHeads": [as_document(pair_stats(batter, bowler, competition, lines))
                        for (batter, bowler), lines in sorted(pairs.items())],
    }
