"""An innings' allotment: the overs (or balls) it may have, at its start and as the weather
cuts it (scorebook.laws.dls reads what was lost)."""

from __future__ import annotations

from scorebook.laws.innings import allotment
from scorebook.state import FoldState, InningsState


def first_allotment(state: FoldState, regular: list[InningsState], is_super_over: bool,
                     max_overs: int | None) -> int | None:
    """The balls an innings begins with: those its start names; a super over's one over
    (competition playing conditions); those an interruption between innings left it; in a
    chase, those the first innings was cut to by interruptions ("reduced to 40 overs a
    side"); else the match's overs."""
    bpo = state.config.ballsPerOver
    if max_overs is not None:
        return max_overs * bpo
    if is_super_over:
        return bpo
    if state.nextAllotment is not None:
        return state.nextAllotment
    if state.config.inningsPerSide == 1 and len(regular) == 1:
        return allotment(state, regular[0])
    overs = state.config.scheduledOvers
    return None if overs is None else overs * bpo


def set_allotment(inn: InningsState, balls: int | None, balls_per_over: int) -> None:
    """The innings may have `balls` balls (None: no limit): in whole overs where they are,
    else in balls, its overs rounded up beside them."""
    if balls is None:
        inn.maxOvers = inn.maxBalls = None
        return
    overs, rest = divmod(balls, balls_per_over)
    inn.maxOvers = overs + (1 if rest else 0)
    inn.maxBalls = balls if rest else None
