"""The Laws on overs (Law 17): overs and balls, run rates, a bowler's overs and maidens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the fold imports the Laws, not the other way round
    from scorebook.state import InningsState, OverState



def overs_text(completed: int, balls: int) -> str:
    """Overs as written on a scoreboard: ``"12.4"`` = 12 overs and 4 legal balls."""
    return f"{completed}.{balls}"


def overs_number(completed: int, balls: int) -> float:
    """Overs as the product schema's number: the scoreboard's text read as a number, 12.4 =
    12 overs and 4 legal balls. Parsed from the text, so it is exactly the float 12.4 (never
    12.399999 from adding tenths). Not a quantity to do sums with: 12.4 overs are 12 + 4/6.

    With 10 or more balls to the over (a match may set ballsPerOver up to 12) the number is
    ambiguous: 3 overs and 10 balls reads 3.1, as 3 overs and 1 ball does (and 3.11 for 11
    balls). The raw counts of legal balls beside it (``balls``, ``ballsBowled``) are exact."""
    return float(overs_text(completed, balls))


def overs_from_balls(balls: int, balls_per_over: int) -> str:
    return overs_text(balls // balls_per_over, balls % balls_per_over)


def rate(runs: int, balls: int, balls_per_over: int) -> float:
    """Runs per over (economy, run rate), to two decimals; 0.0 before the first legal ball
    (a rate of nothing is undefined, but the product schema's rates are numbers, never
    null: a reader tells "no balls yet" by the ball count beside it)."""
    if balls <= 0:
        return 0.0
    return round(runs * balls_per_over / balls, 2)


def strike_rate(runs: int, balls: int) -> float:
    """Batting strike rate: runs per 100 balls faced, to two decimals; 0.0 before the first
    ball faced (as :func:`rate`)."""
    if balls <= 0:
        return 0.0
    return round(100 * runs / balls, 2)


def over_ball(inn: InningsState) -> str:
    """Where in the innings an event happened, as a fall-of-wicket line writes it: the over
    in progress and the legal balls bowled in it so far ("61.6" on the last ball of the
    62nd over, "0.0" before the first legal ball)."""
    if inn.over is None:
        return overs_text(inn.completedOvers, 0)
    return overs_text(inn.over.number, inn.over.legalBalls)


def over_credit(
    over: OverState, pid: str, *, called: bool, balls_per_over: int
) -> tuple[int, int, int]:
    """What one over gives a bowler: (whole overs, loose balls, maidens).

    A complete over bowled by one bowler is a whole over for him, and a maiden if it cost
    him nothing (byes and leg-byes do not spoil a maiden). An over is complete when the
    umpire called it (the next over began: a miscounted 5- or 7-ball over is still one over)
    or, while it is the over in progress, once it has its full number of legal balls. An
    over shared after an injury, or cut short by the end of the innings, counts ball by ball.
    """
    complete = called or over.legalBalls >= balls_per_over
    if complete and len(over.bowlerRuns) == 1 and pid in over.bowlerRuns:
        return 1, 0, int(over.bowlerRuns[pid] == 0)
    return 0, over.bowlerBalls.get(pid, 0), 0
