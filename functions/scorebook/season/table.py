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

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scorebook.laws import dls
from scorebook.laws.innings import allotment, target_method, target_of
from scorebook.laws.result import Result, judge_result
from scorebook.state import FoldState, InningsState

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
    if result.type == "win" or _super_over_decides(result, competition):
        return "win" if result.winnerId == team_id else "loss"
    return _UNDECIDED.get(result.type, "no_result")


#: the outcome of a result no side won (any other: no result)
_UNDECIDED: dict[str, Outcome] = {"tie": "tie", "draw": "draw"}


def _super_over_decides(result: Result, competition: Competition) -> bool:
    """A tie settled by a super over, which the competition counts as a win and a loss."""
    return (result.type == "tie" and result.winnerId is not None
            and competition.superOverTie == "win_loss")


def match_order(state: FoldState, dates: Iterable[Any] = ()) -> str:
    """Where a match falls in its season: its first day, then its id."""
    first = min((str(d) for d in dates), default="")
    return f"{first}/{state.config.matchId}"


def _net_run_rate_figures(state: FoldState) -> tuple[dict[str, int], dict[str, int]]:
    """Each side's runs and the balls charged for them, by the ICC's playing conditions."""
    regular = [i for i in state.innings if not i.isSuperOver]
    scored: dict[str, int] = {}
    faced: dict[str, int] = {}
    for n, inn in enumerate(regular):
        runs, balls = _credit(state, regular, n)
        scored[inn.battingTeamId] = scored.get(inn.battingTeamId, 0) + runs
        faced[inn.battingTeamId] = faced.get(inn.battingTeamId, 0) + balls
    return scored, faced


def _credit(state: FoldState, regular: list[InningsState], n: int) -> tuple[int, int]:
    """The runs the `n`th regular innings is credited with, and the balls charged for them."""
    inn = regular[n]
    quota = inn.maxOvers or state.config.scheduledOvers
    runs, balls = inn.runs, _charged(inn, state.config.ballsPerOver, quota)
    if n == 0 and len(regular) > 1:
        return _first_innings_credit(state, regular[1], runs, balls)
    return runs, balls


def _first_innings_credit(state: FoldState, chase: InningsState, runs: int, balls: int,
                          ) -> tuple[int, int]:
    """The runs and balls the side batting first is credited with: its own (`runs`,
    `balls`), unless the weather cut the chase."""
    revised = target_method(state, chase) == dls.METHOD
    par = _par(state, chase, revised=revised)
    if par is not None:
        # the weather ended the chase with a result: the par score at that point, off the
        # balls the chasing side faced
        return par, chase.balls
    return _revised_chase_credit(state, chase, revised=revised) or (runs, balls)


def _par(state: FoldState, chase: InningsState, *, revised: bool) -> int | None:
    """The par score the result has, or for a revised chase the weather stopped, the rain
    rule's at the stop."""
    par = state.result.parScore if state.result is not None else None
    if revised and par is None and chase.endReason in ("abandoned", "other"):
        par = (target_of(state, chase) or 1) - 1  # the rain rule's par at the stop
    return par


def _revised_chase_credit(state: FoldState, chase: InningsState, *, revised: bool,
                          ) -> tuple[int, int] | None:
    """The credit of the side batting first when the chase's target was revised (None:
    it was not)."""
    if revised:
        # the functions revised the chase's target: the target minus one off the chase's
        # revised allotment
        return (target_of(state, chase) or 1) - 1, allotment(state, chase) or 0
    if chase.target is not None and chase.maxOvers:
        # a rain rule revised the chase: the target minus one off the revised quota
        return chase.target - 1, chase.maxOvers * state.config.ballsPerOver
    return None


def bonus_points(state: FoldState, bonus: Bonus | None) -> dict[str, int]:
    """Each side's bonus points: a batting point for each run threshold its first innings
    reached within the first N overs, a bowling point for each wicket threshold its bowlers
    reached within the first N overs of the other side's first innings."""
    points = {t.id: 0 for t in state.config.teams}
    if bonus is None:
        return points
    for team, inn in _first_innings(state).items():
        batting, bowling = _innings_bonus(inn, bonus)
        points[team] = points.get(team, 0) + batting
        points[inn.bowlingTeamId] = points.get(inn.bowlingTeamId, 0) + bowling
    return points


def _innings_bonus(inn: InningsState, bonus: Bonus) -> tuple[int, int]:
    """The batting and the bowling points of a first innings: the thresholds its runs and
    wickets reached within the first N overs."""
    overs = inn.overHistory[:bonus.firstInningsOvers]
    runs = sum(o.runs for o in overs)
    wickets = sum(o.wickets for o in overs)
    return (sum(runs >= t for t in bonus.battingRuns),
            sum(wickets >= t for t in bonus.bowlingWickets))


def _first_innings(state: FoldState) -> dict[str, InningsState]:
    """Each side's first innings (super overs are not innings of the match)."""
    first: dict[str, InningsState] = {}
    for inn in state.innings:
        if not inn.isSuperOver:
            first.setdefault(inn.battingTeamId, inn)
    return first


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
        other = _other_side(teams, team)
        out.append(TeamMatch(state.config.matchId, team, _outcome(result, team, competition),
                             scored.get(team, 0),
                             faced.get(team, 0), scored.get(other, 0), faced.get(other, 0),
                             order, bonus.get(team, 0)))
    return out


def _other_side(teams: list[str], team: str) -> str:
    """The side `team` played (itself, in a match of one side)."""
    return next((t for t in teams if t != team), team)


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


def _add_match(row: TeamSeasonStats, m: TeamMatch, competition: Competition) -> None:
    """Count one match's contribution into the side's line."""
    row.matchesPlayed += 1
    row.wins += m.outcome == "win"
    row.losses += m.outcome == "loss"
    row.ties += m.outcome == "tie"
    row.noResults += m.outcome == "no_result"
    row.draws += m.outcome == "draw"
    row.bonusPoints += m.bonusPoints
    row.points += m.bonusPoints + getattr(
        competition.points, {"no_result": "noResult"}.get(m.outcome, m.outcome))
    if m.countsForNetRunRate:
        row.runsScored += m.runsFor
        row.ballsFaced += m.ballsFaced
        row.runsConceded += m.runsAgainst
        row.ballsBowled += m.ballsBowled


def _finish_row(row: TeamSeasonStats, results: list[str], bpo: int) -> Decimal:
    """Fill in the side's rates, overs and form from its totals; its exact net run rate,
    which the table is ranked by."""
    exact = net_run_rate(row.runsScored, row.ballsFaced, row.runsConceded, row.ballsBowled, bpo)
    row.netRunRateText = shown(exact)
    row.netRunRate = float(row.netRunRateText)
    row.oversPlayed = round(row.ballsFaced / bpo, 4)
    row.oversBowled = round(row.ballsBowled / bpo, 4)
    row.formGuide = results[-5:]
    row.currentStreak = _streak(results)
    return exact


def table(competition: Competition, matches: Iterable[TeamMatch]) -> list[TeamSeasonStats]:
    """The competition's table from its table matches' contributions, in the order the
    matches were played: each side's TeamSeasonStats, ranked (points, then net run rate)."""
    rows: dict[str, TeamSeasonStats] = {}
    results: dict[str, list[str]] = {}
    for m in sorted(matches, key=lambda m: m.order):  # stable: unordered ones as given
        if not competition.counts_in_table(m.matchId):
            continue
        row = rows.setdefault(m.teamId, TeamSeasonStats(m.teamId, competition.id,
                                                        competition.season))
        _add_match(row, m, competition)
        results.setdefault(m.teamId, []).append(FORM_GUIDE[m.outcome])
    exact = {team: _finish_row(row, results[team], competition.ballsPerOver)
             for team, row in rows.items()}
    ordered = sorted(rows.values(), key=lambda r: (-r.points, -exact[r.teamId], r.teamId))
    for position, row in enumerate(ordered, start=1):
        row.position = position
    return ordered
