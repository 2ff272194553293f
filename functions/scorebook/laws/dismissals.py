"""The Laws on dismissals (Laws 30-40): who is out, and whose wicket it is."""

from __future__ import annotations

#: Law 32-36 and 39: only these dismissals are credited to the bowler.
BOWLER_CREDITED: frozenset[str] = frozenset({"bowled", "caught", "lbw", "stumped", "hit_wicket"})


#: A retired-hurt or retired-not-out batter is not out (Law 25.4.2) and may resume.
NOT_OUT_RETIREMENTS: frozenset[str] = frozenset({"retired_hurt", "retired_not_out"})


#: Only the striker can be out in these ways.
STRIKER_ONLY: frozenset[str] = frozenset(
    {"bowled", "caught", "lbw", "stumped", "hit_wicket", "hit_the_ball_twice", "handled_ball"}
)


#: Law 21.18: off a no-ball a batter can only be out hit the ball twice, obstructing, run out.
OUT_OFF_NO_BALL: frozenset[str] = frozenset(
    {"run_out", "obstructing_field", "handled_ball", "hit_the_ball_twice"}
)


#: Law 22.7: off a wide a batter can only be out hit wicket, stumped, obstructing, run out.
OUT_OFF_WIDE: frozenset[str] = frozenset(
    {"run_out", "stumped", "hit_wicket", "obstructing_field", "handled_ball"}
)


#: Dismissals that happen without a delivery (Law 40 timed out; a run out or obstruction
#: while the ball is dead for the delivery, e.g. the non-striker backing up too far).
BETWEEN_BALLS: frozenset[str] = frozenset(
    {"timed_out", "run_out", "obstructing_field", "handled_ball"}
)


def is_team_wicket(wicket_type: str) -> bool:
    """Law 25.4.2/25.4.3: retired hurt (or not out) is not a wicket; every other way out,
    retired out included, is one and has a fall-of-wicket line."""
    return wicket_type not in NOT_OUT_RETIREMENTS


def credited_to_bowler(wicket_type: str) -> bool:
    """Only bowled, caught, lbw, stumped and hit wicket count in the bowler's wickets; run
    out, obstructing, handled the ball, hit twice, timed out and retirements do not."""
    return wicket_type in BOWLER_CREDITED
