"""One ball's runs and balls: to the innings, the striker, the pair, the bowler, the
over's strip and its line in the over history (Laws 18, 19, 21 and 22 as the fold counts
them)."""

from __future__ import annotations

from scorebook.actions import WAGON_WHEEL_SEGMENTS, Extras, ScoringAction
from scorebook.laws import dismissals, runs
from scorebook.state import (
    BallState,
    BatterState,
    BowlerState,
    InningsState,
    OverState,
    OverSummaryState,
    PartnershipState,
    SpellState,
)


def _chart_over(inn: InningsState, number: int) -> OverSummaryState:
    """A new line of the innings' over history (what a worm or a manhattan plots): for an
    over's first ball, or one that comes back to an earlier over (a miscount)."""
    line = OverSummaryState(number=number)
    inn.overHistory.append(line)
    return line


#: a ball's striker, bowler, the bowler's spell and the pair's partnership
Players = tuple[BatterState, BowlerState, SpellState, PartnershipState]


def score(inn: InningsState, over: OverState, players: Players, d: ScoringAction) -> None:
    """One ball's runs and balls: to the innings, the striker, the pair, the bowler, the
    over's strip and its line in the over history."""
    striker, bowler, spell, pair = players
    total, bat, legal = d.totalRuns, d.runsOffBat, d.isLegalDelivery
    if total == bat:
        # No extras (the total is the bat's runs and every extra): the ball was faced and
        # all its runs are the bowler's.
        faced, charged = True, bat
    else:
        _score_extras(inn, bowler, d.extras)
        faced, charged = runs.is_ball_faced(d), runs.bowler_runs(d)
    if total:
        inn.runs += total
        pair.runs += total
    if bat:
        _score_bat(striker, bowler, pair, d, bat)
    if faced:
        striker.balls += 1
        pair.balls += 1
    if legal:
        inn.balls += 1
    bowler_id = bowler.playerId
    _score_bowler(players, over, bowler_id, legal, charged)
    wicket = d.wicket
    team_wicket = wicket is not None and dismissals.is_team_wicket(wicket.type)
    over.balls.append(BallState(runs=total, isWicket=team_wicket, extraType=runs.extra_type(d),
                                penalty=d.extras.penalty))
    _chart_ball(inn, d.overNumber, total, legal, team_wicket=team_wicket, bowler_id=bowler_id)
    if d.shotData is not None:
        _chart_shot(striker, bowler, d, charged)


def _score_bat(striker: BatterState, bowler: BowlerState, pair: PartnershipState,
               d: ScoringAction, bat: int) -> None:
    """The runs off the bat: the striker's, his share of the partnership's, his boundary."""
    striker.runs += bat
    if striker.playerId == pair.aId:
        pair.aRuns += bat
    else:
        pair.bRuns += bat
    if bat >= 4:
        _score_boundary(striker, bowler, d)


def _chart_shot(striker: BatterState, bowler: BowlerState, d: ScoringAction, charged: int,
                ) -> None:
    """Where the ball went and pitched, as the scorer recorded it (optional, every field):
    the striker's runs off the bat by the wagon wheel's segment, and the bowler's balls, runs
    and wickets by length and line (his pitch map)."""
    shot = d.shotData
    assert shot is not None
    segment = shot.wagonWheelSegment
    if segment is not None:
        wagon = striker.wagon or [0] * WAGON_WHEEL_SEGMENTS
        wagon[segment - 1] += d.runsOffBat
        striker.wagon = wagon
    if shot.length is not None and shot.line is not None:
        _chart_pitch(bowler, f"{shot.length}_{shot.line}", d, charged)


def _chart_pitch(bowler: BowlerState, where: str, d: ScoringAction, charged: int) -> None:
    """The ball on the bowler's pitch map, by length and line: balls, runs, wickets."""
    pitch = bowler.pitch if bowler.pitch is not None else {}
    cell = pitch.setdefault(where, [0, 0, 0])
    cell[0] += 1
    cell[1] += charged
    cell[2] += d.wicket is not None and dismissals.credited_to_bowler(d.wicket.type)
    bowler.pitch = pitch


def _chart_ball(inn: InningsState, number: int, total: int, legal: bool, *, team_wicket: bool,
                bowler_id: str) -> None:
    """The ball on its over's line of the innings' over history."""
    history = inn.overHistory
    if not history or history[-1].number != number:
        _chart_over(inn, number)
    line = history[-1]
    if total:
        line.runs += total
    if team_wicket:
        line.wickets += 1
    if legal:
        line.legalBalls += 1
    if bowler_id not in line.bowlerIds:
        line.bowlerIds.append(bowler_id)


def _score_extras(inn: InningsState, bowler: BowlerState, e: Extras) -> None:
    extras = inn.extras
    if e.wide:
        extras.wides += e.wide
        bowler.wides += 1
        bowler.wideRuns += e.wide
    if e.noBall:
        extras.noBalls += e.noBall
        bowler.noBalls += 1
        bowler.noBallRuns += e.noBall
    if e.bye:
        extras.byes += e.bye
    if e.legBye:
        extras.legByes += e.legBye
    if e.penalty:
        extras.penalty += e.penalty


def _score_boundary(striker: BatterState, bowler: BowlerState, d: ScoringAction) -> None:
    if runs.is_four(d):
        striker.fours += 1
        bowler.fours += 1
    elif runs.is_six(d):
        striker.sixes += 1
        bowler.sixes += 1


def _score_bowler(
    players: Players, over: OverState, bowler_id: str, legal: bool, charged: int
) -> None:
    """The bowler's figures: only the runs charged to him (Laws 21-23: not byes, leg-byes or
    penalty runs) and only legal balls."""
    _, bowler, spell, _ = players
    if charged:
        bowler.runs += charged
        spell.runs += charged
    over_runs = over.bowlerRuns
    over_runs[bowler_id] = over_runs.get(bowler_id, 0) + charged
    over_balls = over.bowlerBalls
    if legal:
        over.legalBalls += 1
        over_balls[bowler_id] = over_balls.get(bowler_id, 0) + 1
        bowler.balls += 1
        spell.balls += 1
        if charged == 0:
            bowler.dots += 1
    elif bowler_id not in over_balls:
        over_balls[bowler_id] = 0
