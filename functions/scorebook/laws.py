"""Small pure rules of cricket the fold and the projection share.

Each function is one law (or one scorer's convention) with the reason in its docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .models import BOWLER_CREDITED, NOT_OUT_RETIREMENTS, ScoringAction


def is_team_wicket(wicket_type: str) -> bool:
    """Law 25.4.2/25.4.3: retired hurt (or not out) is not a wicket; every other way out,
    retired out included, is one and has a fall-of-wicket line."""
    return wicket_type not in NOT_OUT_RETIREMENTS


def credited_to_bowler(wicket_type: str) -> bool:
    """Only bowled, caught, lbw, stumped and hit wicket count in the bowler's wickets; run
    out, obstructing, handled the ball, hit twice, timed out and retirements do not."""
    return wicket_type in BOWLER_CREDITED


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


def overs_text(completed: int, balls: int) -> str:
    """Overs as written on a scoreboard: ``"12.4"`` = 12 overs and 4 legal balls."""
    return f"{completed}.{balls}"


def overs_from_balls(balls: int, balls_per_over: int) -> str:
    return overs_text(balls // balls_per_over, balls % balls_per_over)


def rate(runs: int, balls: int, balls_per_over: int) -> float | None:
    """Runs per over (economy, run rate); None before the first legal ball."""
    if balls <= 0:
        return None
    return round(runs * balls_per_over / balls, 2)


def strike_rate(runs: int, balls: int) -> float | None:
    """Batting strike rate: runs per 100 balls faced."""
    if balls <= 0:
        return None
    return round(100 * runs / balls, 2)


def ball_display(d: ScoringAction) -> tuple[str, str | None]:
    """How a delivery appears in the current-over strip: ``"•"`` dot, ``"4"``, ``"W"``,
    ``"1wd"``, ``"1nb"``, ``"2lb"``, ``"1b"``; a wicket with runs shows ``"1+W"``."""
    e = d.extras
    extra_type: str | None = None
    if e.wide:
        text, extra_type = f"{e.wide}wd", "wide"
    elif e.noBall:
        text, extra_type = f"{e.noBall + d.runsOffBat + e.bye + e.legBye}nb", "noBall"
    elif e.bye:
        text, extra_type = f"{e.bye}b", "bye"
    elif e.legBye:
        text, extra_type = f"{e.legBye}lb", "legBye"
    elif d.runsOffBat:
        text = str(d.runsOffBat)
    else:
        text = "•"
    if e.penalty:
        text = f"{e.penalty}p" if text == "•" else f"{text}+{e.penalty}p"
        extra_type = extra_type or "penalty"
    if d.wicket is not None and is_team_wicket(d.wicket.type):
        text = "W" if text == "•" else f"{text}+W"
    return text, extra_type


_KIND_TEXT = {
    "run_out": "run out",
    "handled_ball": "handled the ball",
    "obstructing_field": "obstructing the field",
    "hit_the_ball_twice": "hit the ball twice",
    "timed_out": "timed out",
    "retired_out": "retired out",
    "retired_hurt": "retired hurt",
    "retired_not_out": "retired not out",
}


def dismissal_text(
    wicket_type: str,
    bowler_id: str | None,
    fielder_ids: Iterable[str],
    name: Callable[[str | None], str],
    *,
    keepers: Iterable[str] = (),
    substitutes: Iterable[str] = (),
) -> str:
    """The scorecard line for how a batter was out: ``"c Smith b Jones"``, ``"c & b Jones"``,
    ``"lbw b Jones"``, ``"b Jones"``, ``"st †Keeper b Spinner"``, ``"run out (Smith)"``,
    ``"hit wicket b Jones"``, ``"retired hurt"``.

    ``name`` maps a player id to the name to print. A stumping is always the keeper's (Law
    39), hence the dagger; a catch by a known keeper gets it too; a substitute fielder is
    written ``sub (Name)``.
    """
    keepers, subs = set(keepers), set(substitutes)
    fielders = list(fielder_ids)

    def fielder(pid: str, keeper: bool = False) -> str:
        label = name(pid)
        if pid in subs:
            return f"sub ({label})" if label and label != pid else "sub"
        return ("†" if keeper or pid in keepers else "") + label

    b = name(bowler_id) if bowler_id else ""
    if wicket_type == "bowled":
        return f"b {b}"
    if wicket_type == "lbw":
        return f"lbw b {b}"
    if wicket_type == "hit_wicket":
        return f"hit wicket b {b}"
    if wicket_type == "caught":
        if not fielders or fielders[0] == bowler_id:
            return f"c & b {b}"
        return f"c {fielder(fielders[0])} b {b}"
    if wicket_type == "stumped":
        keeper = fielder(fielders[0], keeper=True) if fielders else "†?"
        return f"st {keeper} b {b}"
    text = _KIND_TEXT.get(wicket_type, wicket_type.replace("_", " "))
    if wicket_type == "run_out" and fielders:
        return f"{text} ({'/'.join(fielder(f) for f in fielders)})"
    return text


_REPLACEMENT_TEXT = {
    "concussion": "concussion replacement",
    "covid": "COVID-19 replacement",
    "injury": "injury replacement",
    "tactical": "impact player",
}


def replacement_note(reason: str | None, replaced_name: str) -> str:
    """How a scorecard marks a player who came in during the match under the playing
    conditions' replacement rules: ``"concussion replacement for CD Nash"``, ``"impact
    player for M Pathirana"`` (a tactical replacement); ``"replacement for X"`` when the
    reason was not recorded."""
    return f"{_REPLACEMENT_TEXT.get(reason or '', 'replacement')} for {replaced_name}"
