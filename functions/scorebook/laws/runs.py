"""The Laws on runs (Laws 18-23, 41): what scores, what is the bowler's, what is a ball faced,
and which runs and extras one delivery can record."""

from __future__ import annotations

from typing import Literal

from scorebook.laws.delivery import Delivery

#: The kind of extra a ball counts as, spelt as the product schema's BallSummary.extraType
#: spells it ("noball", "legbye"; the delivery's own extras are camelCase fields: noBall,
#: legBye). "penalty" is this project's extension: penalty runs on a ball with no other extra.
ExtraType = Literal["wide", "noball", "bye", "legbye", "penalty"]


def extra_type(d: Delivery) -> ExtraType | None:
    """A wide first (Law 22: it is never also a no-ball), then a no-ball, byes, leg-byes, and
    penalty runs only when there is no other extra."""
    e = d.extras
    if e.wide:
        return "wide"
    if e.noBall:
        return "noball"
    if e.bye:
        return "bye"
    if e.legBye:
        return "legbye"
    return "penalty" if e.penalty else None


def next_ball_is_free_hit(d: Delivery, this_ball_is_free_hit: bool) -> bool:
    """Free hit (limited-overs playing conditions): the ball after a no-ball is a free hit,
    and so is any ball bowled again for a wide or no-ball that was one itself."""
    return bool(d.extras.noBall) or (this_ball_is_free_hit and not d.isLegalDelivery)


def bowler_runs(d: Delivery) -> int:
    """Runs charged to the bowler (Laws 21.12, 22.6, 23.3): runs off the bat plus every wide
    and no-ball run; never byes, leg-byes or penalty runs (byes off a no-ball are byes: only
    the no-ball run is the bowler's)."""
    return d.runsOffBat + d.extras.wide + d.extras.noBall


def is_ball_faced(d: Delivery) -> bool:
    """A wide is not a ball faced (Law 22.8); a no-ball is (it counts to the striker)."""
    return d.extras.wide == 0


def reached_boundary(d: Delivery) -> bool:
    """A boundary is a 4 or 6 off the bat unless the scorer says the runs were all run
    (``isBoundary=False``, Cricsheet's ``non_boundary``)."""
    if d.isBoundary is not None:
        return d.isBoundary and d.runsOffBat in (4, 6)
    return d.runsOffBat in (4, 6)


def is_four(d: Delivery) -> bool:
    return d.runsOffBat == 4 and reached_boundary(d)


def is_six(d: Delivery) -> bool:
    return d.runsOffBat == 6 and reached_boundary(d)


def runs_run(d: Delivery) -> int:
    """Runs the batters completed by running, which decide who is on strike (Law 18).

    The one-run wide/no-ball penalty is not run; a boundary (4, 6, or 4 byes / 5 wides
    to the boundary) is not run either, so the batters stay at their ends; penalty runs
    are awarded, not run.
    """
    e = d.extras
    ran = e.wide - 1 if e.wide else d.runsOffBat + e.bye + e.legBye
    if reached_boundary(d) or (d.isBoundary and d.runsOffBat == 0):
        return 0
    return ran


def batters_cross(d: Delivery) -> bool:
    """An odd number of completed runs leaves the batters at opposite ends."""
    return runs_run(d) % 2 == 1


# The problems of one delivery's runs: each returns the message the schema reports
# ("field: reason"), or None when the delivery keeps that Law.


def total_runs_problem(d: Delivery) -> str | None:
    """Law 18: the runs of a delivery are the runs off the bat plus every extra (Laws 21-23,
    41), so ``totalRuns`` cannot disagree with its parts."""
    expected = d.runsOffBat + d.extras.total
    if d.totalRuns != expected:
        return f"totalRuns: must equal runsOffBat + extras = {expected}, got {d.totalRuns}"
    return None


def wide_problem(d: Delivery) -> str | None:
    """A wide is neither a no-ball nor a ball any run is scored off except as wides."""
    e = d.extras
    if e.wide and e.noBall:
        # Law 21.13: a ball that is both is called a no-ball, and not a wide.
        return "extras: a delivery cannot be both a wide and a no-ball"
    if e.wide and (d.runsOffBat or e.bye or e.legBye):
        # Law 22: every run completed off a wide, and a boundary, is scored as wides.
        return (
            "extras.wide: every run on a wide is a wide (no runs off the bat, byes or "
            "leg-byes on a wide)"
        )
    return None


def bye_problem(d: Delivery) -> str | None:
    """Law 23: byes are runs off a ball that touched neither bat nor batter, leg-byes off a
    ball that hit the batter and not the bat; so one delivery gives one kind, and neither
    goes with runs off the bat."""
    e = d.extras
    if e.bye and e.legBye:
        return "extras: a delivery cannot give both byes and leg-byes"
    if (e.bye or e.legBye) and d.runsOffBat:
        return "runsOffBat: byes/leg-byes and runs off the bat exclude each other"
    return None


def legal_delivery_problem(d: Delivery) -> str | None:
    """Law 17.3: a wide or a no-ball does not count as one of the balls of the over, and
    every other delivery does; ``isLegalDelivery`` must say which."""
    legal = not (d.extras.wide or d.extras.noBall)
    if d.isLegalDelivery != legal:
        reason = "a wide or no-ball is not" if not legal else "no wide or no-ball: it is"
        return f"isLegalDelivery: {reason} a legal delivery, got {d.isLegalDelivery}"
    return None


def boundary_problem(d: Delivery) -> str | None:
    """Law 19: a boundary off the bat scores 4 or 6; a boundary of byes, leg-byes or wides
    has no runs off the bat."""
    if d.isBoundary and d.runsOffBat not in (0, 4, 6):
        return "isBoundary: a boundary scores 4 or 6 off the bat"
    return None
