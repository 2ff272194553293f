"""Slips of a scorer's thumb the log shows: flagged where they happen (the integrity list),
scored as recorded, so that a slip reaches the spectators with a flag beside it, never
silently. The umpire's own miscount (an over of five or seven balls) is not a slip."""

from __future__ import annotations

from datetime import timedelta

from scorebook.actions import ScoringAction
from scorebook.state import FoldState, InningsState, warn

#: Two identical balls this close together are one tap twice, more likely than two balls.
#: Two taps are never the same instant: balls stamped with one time come from a script or an
#: import that dates every ball alike, not a thumb.
DOUBLE_TAP = timedelta(seconds=1)
#: A ball recorded this long before the ball before it says a clock is wrong: two devices'
#: clocks may disagree by seconds, a phone set by hand by minutes.
CLOCK_BACK = timedelta(minutes=10)


def _signature(d: ScoringAction) -> str:
    e = d.extras
    w = d.wicket
    return "|".join(map(str, (d.strikerId, d.nonStrikerId, d.bowlerId, d.runsOffBat, e.wide,
                              e.noBall, e.bye, e.legBye, e.penalty,
                              w.type if w else "", w.dismissedPlayerId if w else "")))


def before_the_ball(state: FoldState, inn: InningsState, d: ScoringAction) -> None:
    """What the ball shows before it is scored: overs skipped, the same ball tapped twice."""
    over = inn.over
    if over is not None and d.overNumber > over.number + 1:
        warn(state, "over_skipped", f"over {d.overNumber} follows over {over.number}: "
             f"{d.overNumber - over.number - 1} with no ball", d)
    signature = _signature(d)
    last = inn.lastBallAt
    if (last is not None and signature == inn.lastBallSignature
            and timedelta(0) < abs(d.timestamp - last) < DOUBLE_TAP):
        warn(state, "possible_double_tap", "the same ball as the one before it, recorded "
             f"{abs(d.timestamp - last).total_seconds():.1f} s after it", d)
    if last is not None and d.timestamp < last - CLOCK_BACK:
        warn(state, "clock_went_back", f"recorded at {d.timestamp:%Y-%m-%d %H:%M}, "
             f"{_span(last - d.timestamp)} before the ball before it: a device's clock", d)
    inn.lastBallSignature, inn.lastBallAt = signature, d.timestamp


def _span(t: timedelta) -> str:
    if t.days >= 2:
        return f"{t.days} days"
    hours = t.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours >= 1 else f"{t.total_seconds() / 60:.0f} minutes"


def after_the_ball(state: FoldState, inn: InningsState, d: ScoringAction) -> None:
    """An over two or more legal balls past its length (an umpire miscounts by one)."""
    over = inn.over
    if over is not None and d.isLegalDelivery and over.legalBalls == state.config.ballsPerOver + 2:
        warn(state, "over_too_long", f"over {over.number} has {over.legalBalls} legal balls "
             f"of {state.config.ballsPerOver}", d)
