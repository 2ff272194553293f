"""Players' seasons and careers, and a batter against a bowler, pure: each player's batting,
bowling and fielding over the matches of a competition (or of a format, for a career)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from scorebook.laws.dismissals import credited_to_bowler
from scorebook.season.table import Competition
from scorebook.state import FoldState, InningsState


@dataclass
class Batting:
    matches: int = 0
    innings: int = 0
    notOuts: int = 0
    runs: int = 0
    highestScore: int = 0
    highestScoreNotOut: bool = False
    average: float | None = None
    strikeRate: float | None = None
    fifties: int = 0
    hundreds: int = 0
    ducks: int = 0
    fours: int = 0
    sixes: int = 0
    ballsFaced: int = 0


@dataclass
class Bowling:
    matches: int = 0
    innings: int = 0
    overs: float = 0.0
    ballsBowled: int = 0
    maidens: int = 0
    runs: int = 0
    wickets: int = 0
    average: float | None = None
    economy: float | None = None
    strikeRate: float | None = None
    bestBowling: str | None = None
    fiveWickets: int = 0
    tenWickets: int = 0
    wides: int = 0
    noBalls: int = 0


@dataclass
class Fielding:
    catches: int = 0
    stumpings: int = 0
    runOuts: int = 0
    """Every run out the player had a hand in, direct or assisted."""
    runOutsAssisted: int = 0


@dataclass
class PlayerSeasonStats:
    """A player's season for one team, in the product schema's PlayerSeasonStats fields."""

    personId: str
    teamId: str
    competitionId: str
    seasonId: str = ""
    batting: Batting = field(default_factory=Batting)
    bowling: Bowling = field(default_factory=Bowling)
    fielding: Fielding = field(default_factory=Fielding)
    matchesPlayed: int = 0
    #: player of the match awards (matches/{id}.playerOfMatch)
    momAwards: int = 0
    lastMatchId: str | None = None
    #: best figures as (wickets, runs), compared most wickets, then fewest runs
    _best: tuple[int, int] | None = None


def _ratio(a: int, b: int, scale: int = 1) -> float | None:
    return round(a * scale / b, 2) if b else None


def add_match(players: dict[tuple[str, str], PlayerSeasonStats], state: FoldState,
              competition: Competition, awards: Iterable[str] = ()) -> None:
    """Add one completed match's players to `players` ((teamId, personId) -> stats): who
    played (the teams' lists), and what each did in the regular innings (super overs are
    not part of a player's figures)."""
    def stats(team: str, person: str) -> PlayerSeasonStats:
        return players.setdefault((team, person), PlayerSeasonStats(
            person, team, competition.id, competition.season))

    _add_appearances(stats, state, set(awards))
    batted: set[tuple[str, str]] = set()
    bowled: dict[tuple[str, str], int] = {}
    for inn in (i for i in state.innings if not i.isSuperOver):
        _add_innings_figures(stats, inn, batted, bowled)
    for key in batted:
        stats(*key).batting.matches += 1
    for key, wickets in bowled.items():
        stats(*key).bowling.matches += 1
        stats(*key).bowling.tenWickets += wickets >= 10


def _add_appearances(stats: Callable[[str, str], PlayerSeasonStats], state: FoldState,
                     named: set[str]) -> None:
    """Each player the teams list played the match; those `named` were its players of the
    match."""
    for person, team in state.config.playerTeam.items():
        s = stats(team, person)
        s.matchesPlayed += 1
        s.momAwards += person in named
        s.lastMatchId = state.config.matchId


def _add_innings_figures(stats: Callable[[str, str], PlayerSeasonStats], inn: InningsState,
                         batted: set[tuple[str, str]], bowled: dict[tuple[str, str], int],
                         ) -> None:
    """Add an innings' batting, bowling and fielding to each player's figures; note who
    batted, and each bowler's wickets."""
    for person, b in inn.batters.items():
        batted.add((inn.battingTeamId, person))
        _add_innings(stats(inn.battingTeamId, person).batting, b)
        _fielding(stats, inn.bowlingTeamId, b.dismissal)
    for person, w in inn.bowlers.items():
        key = (inn.bowlingTeamId, person)
        _add_spell(stats(*key), w)
        bowled[key] = bowled.get(key, 0) + w.wickets


def _add_innings(bat: Batting, b: Any) -> None:
    bat.innings += 1
    bat.notOuts += not b.isOut
    bat.runs += b.runs
    bat.ballsFaced += b.balls
    bat.fours += b.fours
    bat.sixes += b.sixes
    bat.fifties += 50 <= b.runs < 100
    bat.hundreds += b.runs >= 100
    bat.ducks += b.isOut and b.runs == 0
    bat.highestScore, bat.highestScoreNotOut = max(
        (bat.highestScore, bat.highestScoreNotOut), (b.runs, not b.isOut))


def _add_spell(s: PlayerSeasonStats, w: Any) -> None:
    bowl = s.bowling
    bowl.innings += 1
    bowl.ballsBowled += w.balls
    bowl.maidens += w.maidens
    bowl.runs += w.runs
    bowl.wickets += w.wickets
    bowl.wides += w.wides
    bowl.noBalls += w.noBalls
    bowl.fiveWickets += w.wickets >= 5
    keep_best(s, w.wickets, w.runs)


def keep_best(s: PlayerSeasonStats, wickets: int, runs: int) -> None:
    if s._best is None or (wickets, -runs) > (s._best[0], -s._best[1]):
        s._best = (wickets, runs)
        s.bowling.bestBowling = f"{wickets}/{runs}"


def _fielding(stats: Any, team: str, dismissal: Any) -> None:
    if dismissal is None or not dismissal.fielderIds:
        return
    first, *others = dismissal.fielderIds
    if dismissal.type == "caught":
        stats(team, first).fielding.catches += 1
    elif dismissal.type == "stumped":
        stats(team, first).fielding.stumpings += 1
    elif dismissal.type == "run_out":
        _run_out(stats, team, first, others)


def _run_out(stats: Any, team: str, first: str, others: list[str]) -> None:
    """A run out is every fielder's in it; those after the first assisted."""
    stats(team, first).fielding.runOuts += 1
    for person in others:
        stats(team, person).fielding.runOuts += 1
        stats(team, person).fielding.runOutsAssisted += 1


def finish(players: dict[tuple[str, str], PlayerSeasonStats], balls_per_over: int = 6,
           ) -> list[PlayerSeasonStats]:
    """The rates, once every match is added: averages, strike rates, economy, overs."""
    for s in players.values():
        bat, bowl = s.batting, s.bowling
        bat.average = _ratio(bat.runs, bat.innings - bat.notOuts)
        bat.strikeRate = _ratio(bat.runs, bat.ballsFaced, 100)
        bowl.overs = round(bowl.ballsBowled // balls_per_over
                           + (bowl.ballsBowled % balls_per_over) / 10, 1)
        bowl.average = _ratio(bowl.runs, bowl.wickets)
        bowl.economy = _ratio(bowl.runs * balls_per_over, bowl.ballsBowled)
        bowl.strikeRate = _ratio(bowl.ballsBowled, bowl.wickets)
    return sorted(players.values(), key=lambda s: (s.teamId, s.personId))


# --- head to head ---------------------------------------------------------------------------


@dataclass
class PlayerHeadToHeadStats:
    """A batter against a bowler over a season, in the product schema's fields."""

    batsmanId: str
    bowlerId: str
    competitionId: str
    seasonId: str = ""
    ballsFaced: int = 0
    runsScored: int = 0
    dismissals: int = 0
    """Dismissals credited to the bowler (Laws 32-36, 39): a run out is not his."""
    fours: int = 0
    sixes: int = 0
    dotBalls: int = 0
    strikeRate: float | None = None
    dotBallPercentage: float | None = None
    boundaryPercentage: float | None = None
    dismissalRate: float | None = None
    """Balls per dismissal."""
    dismissalBreakdown: dict[str, int] = field(
        default_factory=lambda: {"bowled": 0, "caught": 0, "lbw": 0, "other": 0})
    lastMatchId: str | None = None


def add_head_to_head(pairs: dict[tuple[str, str], PlayerHeadToHeadStats], state: FoldState,
                     actions: Iterable[Any], competition: Competition) -> None:
    """Add one completed match's deliveries to the batter-bowler pairs: every counting ball
    of its regular innings (voided ones and super overs left out; a wide is not a ball
    faced)."""
    super_overs = {i.number for i in state.innings if i.isSuperOver}
    for a in actions:
        if not _counting_ball(a, super_overs):
            continue
        key = (a.strikerId, a.bowlerId)
        pair = pairs.setdefault(key, PlayerHeadToHeadStats(
            a.strikerId, a.bowlerId, competition.id, competition.season))
        _add_ball(pair, a)


def _counting_ball(a: Any, super_overs: set[int]) -> bool:
    """A delivery not voided, in a regular innings."""
    return (getattr(a, "kind", None) == "delivery" and not a.isVoided
            and a.inningsNumber not in super_overs)


def _add_ball(pair: PlayerHeadToHeadStats, a: Any) -> None:
    """One delivery of the batter to the bowler, and the bowler's wicket if it took one."""
    pair.lastMatchId = a.matchId
    faced = not a.extras.wide
    pair.ballsFaced += faced
    pair.runsScored += a.runsOffBat
    pair.fours += a.runsOffBat == 4
    pair.sixes += a.runsOffBat == 6
    pair.dotBalls += faced and a.runsOffBat == 0
    w = a.wicket
    if _striker_out_to_bowler(a):
        pair.dismissals += 1
        kind = w.type if w.type in ("bowled", "caught", "lbw") else "other"
        pair.dismissalBreakdown[kind] += 1


def _striker_out_to_bowler(a: Any) -> bool:
    w = a.wicket
    return bool(a.isWicket and w is not None and w.dismissedPlayerId == a.strikerId
                and credited_to_bowler(w.type))


def finish_head_to_head(pairs: dict[tuple[str, str], PlayerHeadToHeadStats],
                        ) -> list[PlayerHeadToHeadStats]:
    for p in pairs.values():
        p.strikeRate = _ratio(p.runsScored, p.ballsFaced, 100)
        p.dotBallPercentage = _ratio(p.dotBalls, p.ballsFaced, 100)
        p.boundaryPercentage = _ratio(p.fours + p.sixes, p.ballsFaced, 100)
        p.dismissalRate = _ratio(p.ballsFaced, p.dismissals)
    return sorted(pairs.values(), key=lambda p: (p.batsmanId, p.bowlerId))
