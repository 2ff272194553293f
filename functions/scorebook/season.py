"""A competition's table from its completed matches, pure: points and the ICC net run rate.

A completed match gives each of its two sides a contribution (``TeamMatch``): the outcome,
and the runs and balls net run rate counts. The table (``table``) adds the contributions of
the competition's table matches up, awards points by its rules and orders the sides.

Net run rate (the ICC's playing conditions): runs per over faced minus runs per over
conceded, over the matches with a result (no-result matches are left out), in the
competition's own overs (6 balls, or 5 in The Hundred's sets). A side bowled out is charged
its full quota of overs, the revised quota when its target was revised; when the officials
revised the target of the side batting second (a rain rule), the side batting first is
credited with the target minus one off the revised quota. Super overs never count.
Displayed to 3 decimals, rounded half up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scorebook.fold.state import FoldState, InningsState
from scorebook.laws import dls
from scorebook.laws.dismissals import credited_to_bowler
from scorebook.laws.innings import allotment, target_method, target_of
from scorebook.laws.result import Result, judge_result

Outcome = Literal["win", "loss", "tie", "no_result", "draw"]


class Points(BaseModel):
    model_config = ConfigDict(extra="ignore")

    win: int = 2
    tie: int = 1
    noResult: int = 1
    draw: int = 0
    loss: int = 0


class Bonus(BaseModel):
    """Bonus points, County Championship style: one point for each threshold reached
    within the first `firstInningsOvers` overs of each side's first innings."""

    model_config = ConfigDict(extra="ignore")

    battingRuns: list[int] = Field(default_factory=list)
    bowlingWickets: list[int] = Field(default_factory=list)
    firstInningsOvers: int = Field(default=110, ge=1)


class Competition(BaseModel):
    """``competitions/{id}``: a competition and the rules of its table."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str = ""
    season: str = ""
    format: str = ""
    ballsPerOver: int = Field(default=6, ge=1)
    scheduledOvers: int | None = None
    #: the matches whose results make the table (the league stage, not the knockouts)
    tableMatches: list[str] = Field(default_factory=list)
    points: Points = Field(default_factory=Points)
    #: a tie settled by a super over: a win and a loss ("win_loss"), or a tie for both
    superOverTie: Literal["win_loss", "tie"] = "win_loss"
    bonus: Bonus | None = None
    order: list[str] = Field(default_factory=lambda: ["points", "netRunRate"])

    @classmethod
    def of(cls, competition_id: str, document: Any) -> Competition:
        """The ``competitions/{id}`` document, its id taken from its path; raises
        ValidationError when it is not one."""
        return cls.model_validate({**document, "id": competition_id})

    def counts_in_table(self, match_id: str) -> bool:
        """Whether the match's result makes the table (no list: every match does)."""
        return not self.tableMatches or match_id in self.tableMatches


@dataclass(frozen=True)
class TeamMatch:
    """What one completed match gives one side."""

    matchId: str
    teamId: str
    outcome: Outcome
    runsFor: int = 0
    ballsFaced: int = 0
    runsAgainst: int = 0
    ballsBowled: int = 0
    #: where the match falls in the season (its date, then its id): the form guide's order
    order: str = ""
    bonusPoints: int = 0

    @property
    def countsForNetRunRate(self) -> bool:
        return self.outcome != "no_result"


def _charged(inn: InningsState, balls_per_over: int, quota: int | None) -> int:
    """The balls an innings counts for: all its quota when it was bowled out (Law 1's
    eleven less one, or the match's wicket limit), else the balls it faced."""
    if quota is not None and inn.wickets >= inn.wicketLimit:
        return quota * balls_per_over
    return inn.balls


def _outcome(result: Result, team_id: str, competition: Competition) -> Outcome:
    if result.type == "win":
        return "win" if result.winnerId == team_id else "loss"
    if result.type == "tie":
        if result.winnerId is not None and competition.superOverTie == "win_loss":
            return "win" if result.winnerId == team_id else "loss"
        return "tie"
    if result.type == "draw":
        return "draw"
    return "no_result"


def match_order(state: FoldState, dates: Iterable[Any] = ()) -> str:
    """Where a match falls in its season: its first day, then its id."""
    first = min((str(d) for d in dates), default="")
    return f"{first}/{state.config.matchId}"


def _net_run_rate_figures(state: FoldState) -> tuple[dict[str, int], dict[str, int]]:
    """Each side's runs and the balls charged for them, by the ICC's playing conditions."""
    regular = [i for i in state.innings if not i.isSuperOver]
    bpo = state.config.ballsPerOver
    par = state.result.parScore if state.result is not None else None
    scored: dict[str, int] = {}
    faced: dict[str, int] = {}
    for n, inn in enumerate(regular):
        quota = inn.maxOvers or state.config.scheduledOvers
        runs, balls = inn.runs, _charged(inn, bpo, quota)
        chase = regular[n + 1] if n + 1 < len(regular) else None
        revised = chase is not None and target_method(state, chase) == dls.METHOD
        if n == 0 and revised and par is None and chase.endReason in ("abandoned", "other"):
            par = (target_of(state, chase) or 1) - 1  # the rain rule's par at the stop
        if n == 0 and chase is not None and par is not None:
            # the weather ended the chase with a result: the side batting first is credited
            # with the par score at that point, off the balls the chasing side faced
            runs, balls = par, chase.balls
        elif n == 0 and chase is not None and revised:
            # the functions revised the chase's target: the side batting first is credited
            # with the target minus one off the chase's revised allotment
            runs, balls = (target_of(state, chase) or 1) - 1, allotment(state, chase) or 0
        elif n == 0 and chase is not None and chase.target is not None and chase.maxOvers:
            # a rain rule revised the chase: the side batting first is credited with the
            # target minus one off the revised quota
            runs, balls = chase.target - 1, chase.maxOvers * bpo
        scored[inn.battingTeamId] = scored.get(inn.battingTeamId, 0) + runs
        faced[inn.battingTeamId] = faced.get(inn.battingTeamId, 0) + balls
    return scored, faced


def bonus_points(state: FoldState, bonus: Bonus | None) -> dict[str, int]:
    """Each side's bonus points: a batting point for each run threshold its first innings
    reached within the first N overs, a bowling point for each wicket threshold its bowlers
    reached within the first N overs of the other side's first innings."""
    points = {t.id: 0 for t in state.config.teams}
    if bonus is None:
        return points
    first: dict[str, InningsState] = {}
    for inn in state.innings:
        if not inn.isSuperOver:
            first.setdefault(inn.battingTeamId, inn)
    for team, inn in first.items():
        overs = inn.overHistory[:bonus.firstInningsOvers]
        runs = sum(o.runs for o in overs)
        wickets = sum(o.wickets for o in overs)
        points[team] = points.get(team, 0) + sum(runs >= t for t in bonus.battingRuns)
        points[inn.bowlingTeamId] = points.get(inn.bowlingTeamId, 0) + sum(
            wickets >= t for t in bonus.bowlingWickets)
    return points


def contributions(state: FoldState, competition: Competition,
                  order: str = "") -> list[TeamMatch]:
    """Each side's contribution of a completed match; none while it has no result."""
    result, _ = judge_result(state)
    if result is None:
        return []
    teams = [t.id for t in state.config.teams]
    scored, faced = _net_run_rate_figures(state)
    bonus = bonus_points(state, competition.bonus)
    out = []
    for team in teams:
        other = next((t for t in teams if t != team), team)
        out.append(TeamMatch(state.config.matchId, team, _outcome(result, team, competition),
                             scored.get(team, 0),
                             faced.get(team, 0), scored.get(other, 0), faced.get(other, 0),
                             order, bonus.get(team, 0)))
    return out


def net_run_rate(runs_for: int, balls_faced: int, runs_against: int, balls_bowled: int,
                 balls_per_over: int = 6) -> Decimal:
    """Runs per over faced minus runs per over conceded (exact, not yet rounded)."""
    if balls_faced == 0 or balls_bowled == 0:
        return Decimal(0)
    per = Decimal(balls_per_over)
    return (Decimal(runs_for) * per / balls_faced) - (Decimal(runs_against) * per / balls_bowled)


def shown(nrr: Decimal) -> str:
    """To 3 decimals, rounded half up, signed: "+0.700", "-0.328"."""
    value = nrr.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return f"{'+' if value >= 0 else ''}{value}"


@dataclass
class TeamSeasonStats:
    """A side's line of the table, in the product schema's TeamSeasonStats fields (draws
    and bonus points beside them). Overs are decimal (balls / balls an over), as the schema
    has them; the balls are kept too, which net run rate is computed from exactly."""

    teamId: str
    competitionId: str
    seasonId: str = ""
    matchesPlayed: int = 0
    wins: int = 0
    losses: int = 0
    ties: int = 0
    noResults: int = 0
    draws: int = 0
    bonusPoints: int = 0
    points: int = 0
    runsScored: int = 0
    ballsFaced: int = 0
    runsConceded: int = 0
    ballsBowled: int = 0
    oversPlayed: float = 0.0
    oversBowled: float = 0.0
    netRunRate: float = 0.0
    """Rounded half up to 3 decimals (``netRunRateText`` shows it signed: "+0.700")."""
    netRunRateText: str = "+0.000"
    formGuide: list[str] = field(default_factory=list)
    """The last five results, oldest first: W, L, T, NR (no result) or D (draw)."""
    currentStreak: dict[str, object] | None = None
    """The run of equal results the side is on: {type, count}."""
    position: int = 0


#: the form guide's letter for each outcome (the schema's, and D for a draw)
FORM_GUIDE = {"win": "W", "loss": "L", "tie": "T", "no_result": "NR", "draw": "D"}


def _streak(results: list[str]) -> dict[str, object] | None:
    if not results:
        return None
    last, count = results[-1], 0
    for letter in reversed(results):
        if letter != last:
            break
        count += 1
    return {"type": last, "count": count}


def table(competition: Competition, matches: Iterable[TeamMatch]) -> list[TeamSeasonStats]:
    """The competition's table from its table matches' contributions, in the order the
    matches were played: each side's TeamSeasonStats, ranked (points, then net run rate)."""
    rows: dict[str, TeamSeasonStats] = {}
    results: dict[str, list[str]] = {}
    exact: dict[str, Decimal] = {}
    for m in sorted(matches, key=lambda m: m.order):  # stable: unordered ones as given
        if not competition.counts_in_table(m.matchId):
            continue
        row = rows.setdefault(m.teamId, TeamSeasonStats(m.teamId, competition.id,
                                                        competition.season))
        row.matchesPlayed += 1
        row.wins += m.outcome == "win"
        row.losses += m.outcome == "loss"
        row.ties += m.outcome == "tie"
        row.noResults += m.outcome == "no_result"
        row.draws += m.outcome == "draw"
        row.bonusPoints += m.bonusPoints
        row.points += m.bonusPoints + getattr(
            competition.points, {"no_result": "noResult"}.get(m.outcome, m.outcome))
        results.setdefault(m.teamId, []).append(FORM_GUIDE[m.outcome])
        if m.countsForNetRunRate:
            row.runsScored += m.runsFor
            row.ballsFaced += m.ballsFaced
            row.runsConceded += m.runsAgainst
            row.ballsBowled += m.ballsBowled
    bpo = competition.ballsPerOver
    for team, row in rows.items():
        exact[team] = net_run_rate(row.runsScored, row.ballsFaced, row.runsConceded,
                                   row.ballsBowled, bpo)
        row.netRunRateText = shown(exact[team])
        row.netRunRate = float(row.netRunRateText)
        row.oversPlayed = round(row.ballsFaced / bpo, 4)
        row.oversBowled = round(row.ballsBowled / bpo, 4)
        row.formGuide = results[team][-5:]
        row.currentStreak = _streak(results[team])
    ordered = sorted(rows.values(), key=lambda r: (-r.points, -exact[r.teamId], r.teamId))
    for position, row in enumerate(ordered, start=1):
        row.position = position
    return ordered


# --- players ----------------------------------------------------------------------------------


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

    named = set(awards)
    for person, team in state.config.playerTeam.items():
        s = stats(team, person)
        s.matchesPlayed += 1
        s.momAwards += person in named
        s.lastMatchId = state.config.matchId
    batted: set[tuple[str, str]] = set()
    bowled: dict[tuple[str, str], int] = {}
    for inn in (i for i in state.innings if not i.isSuperOver):
        for person, b in inn.batters.items():
            batted.add((inn.battingTeamId, person))
            _add_innings(stats(inn.battingTeamId, person).batting, b)
            _fielding(stats, inn.bowlingTeamId, b.dismissal)
        for person, w in inn.bowlers.items():
            key = (inn.bowlingTeamId, person)
            _add_spell(stats(*key), w)
            bowled[key] = bowled.get(key, 0) + w.wickets
    for key in batted:
        stats(*key).batting.matches += 1
    for key, wickets in bowled.items():
        stats(*key).bowling.matches += 1
        stats(*key).bowling.tenWickets += wickets >= 10


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
    _best(s, w.wickets, w.runs)


def _best(s: PlayerSeasonStats, wickets: int, runs: int) -> None:
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
        if getattr(a, "kind", None) != "delivery" or a.isVoided:
            continue
        if a.inningsNumber in super_overs:
            continue
        key = (a.strikerId, a.bowlerId)
        pair = pairs.setdefault(key, PlayerHeadToHeadStats(
            a.strikerId, a.bowlerId, competition.id, competition.season))
        pair.lastMatchId = a.matchId
        faced = not a.extras.wide
        pair.ballsFaced += faced
        pair.runsScored += a.runsOffBat
        pair.fours += a.runsOffBat == 4
        pair.sixes += a.runsOffBat == 6
        pair.dotBalls += faced and a.runsOffBat == 0
        w = a.wicket
        if a.isWicket and w is not None and w.dismissedPlayerId == a.strikerId \
                and credited_to_bowler(w.type):
            pair.dismissals += 1
            kind = w.type if w.type in ("bowled", "caught", "lbw") else "other"
            pair.dismissalBreakdown[kind] += 1


def finish_head_to_head(pairs: dict[tuple[str, str], PlayerHeadToHeadStats],
                        ) -> list[PlayerHeadToHeadStats]:
    for p in pairs.values():
        p.strikeRate = _ratio(p.runsScored, p.ballsFaced, 100)
        p.dotBallPercentage = _ratio(p.dotBalls, p.ballsFaced, 100)
        p.boundaryPercentage = _ratio(p.fours + p.sixes, p.ballsFaced, 100)
        p.dismissalRate = _ratio(p.ballsFaced, p.dismissals)
    return sorted(pairs.values(), key=lambda p: (p.batsmanId, p.bowlerId))


# --- one match's contribution, and a season's documents from their matches' lines --------------
#
# Each season document (a side's line of the table, a player's season or career, a batter
# against a bowler) is made from the lines of the matches it counts, one per match: a
# correction replaces its match's line, a match no longer complete takes its line away, and
# adding the same line twice changes nothing. The command line and the functions both build
# the documents from these lines, with the same functions.

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
    players: dict[tuple[str, str], PlayerSeasonStats] = {}
    add_match(players, state, competition, awards)
    pairs: dict[tuple[str, str], PlayerHeadToHeadStats] = {}
    add_head_to_head(pairs, state, actions, competition)
    player_lines = {key: _player_line(s, order) for key, s in players.items()}
    return MatchContribution(
        matchId=state.config.matchId, order=order,
        teams={m.teamId: dataclasses.asdict(m) for m in teams} if in_table else {},
        players=player_lines,
        careers={person: line for (_team, person), line in player_lines.items()},
        pairs={key: _pair_line(p, order) for key, p in pairs.items()},
    )


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
            _best(s, *line["best"])
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


def as_document(stats: Any) -> dict[str, Any]:
    """A season dataclass as its document: the schema's fields, nothing private."""
    return {k: v for k, v in dataclasses.asdict(stats).items() if not k.startswith("_")}


def season_documents(competition: Competition,
                     matches: Iterable[MatchContribution]) -> dict[str, Any]:
    """The whole season from its matches' contributions: the table, each player's season
    for each team, and each batter against each bowler (what the functions keep in
    Firestore, one document each)."""
    teams: list[dict[str, Any]] = []
    players: dict[tuple[str, str], list[dict[str, Any]]] = {}
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for m in matches:
        teams += m.teams.values()
        for key, line in m.players.items():
            players.setdefault(key, []).append(line)
        for key, line in m.pairs.items():
            pairs.setdefault(key, []).append(line)
    return {
        "competition": competition.model_dump(),
        "table": [as_document(row) for row in team_rows(competition, teams)],
        "players": [as_document(player_stats(person, team, competition, lines))
                    for (team, person), lines in sorted(players.items())],
        "headToHeads": [as_document(pair_stats(batter, bowler, competition, lines))
                        for (batter, bowler), lines in sorted(pairs.items())],
    }
