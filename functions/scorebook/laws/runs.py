"""The Laws on runs (Laws 18-23, 41): what scores, what is the bowler's, what is a ball faced."""

from __future__ import annotations

from scorebook.actions import ScoringAction


def bowler_runs(d: ScoringAction) -> int:
    """Runs charged to the bowler (Laws 21.12, 22.6, 23.3): runs off the bat plus every wide
    and no-ball run; never byes, leg-byes or penalty runs (byes off a no-ball are byes: only
    the no-ball run is the bowler's)."""
    return d.runsOffBat + d.extras.wide + d.extras.noBall


def is_ball_faced(d: ScoringAction) -> bool:
    """A wide is not a ball faced (Law 22.8); a no-ball is (it counts to the striker)."""
    return d.extras.wide == 0


def reached_boundary(d: ScoringAction) -> bool:
    """A boundary is a 4 or 6 off the bat unless the scorer says the runs were all run
    (``isBoundary=False``, Cricsheet's ``non_boundary``)."""
    if d.isBoundary is not None:
        return d.isBoundary and d.runsOffBat in (4, 6)
    return d.runsOffBat in (4, 6)


def is_four(d: ScoringAction) -> bool:
    return d.runsOffBat == 4 and reached_boundary(d)


def is_six(d: ScoringAction) -> bool:
    return d.runsOffBat == 6 and reached_boundary(d)


def runs_run(d: ScoringAction) -> int:
    """Runs the batters completed by running, which decide who is on strike (Law 18).

    The one-run wide/no-ball penalty is not run; a boundary (4, 6, or 4 byes / 5 wides
    to the boundary) is not run either, so the batters stay at their ends; penalty runs
    are awarded, not run.
    """
    e = d.extras
    if e.wide:
        ran = e.wide - 1
    else:
        ran = d.runsOffBat + e.bye + e.legBye
    if reached_boundary(d) or (d.isBoundary and d.runsOffBat == 0):
        return 0
    return ran


def batters_cross(d: ScoringAction) -> bool:
    """An odd number of completed runs leaves the batters at opposite ends."""
    return runs_run(d) % 2 == 1
