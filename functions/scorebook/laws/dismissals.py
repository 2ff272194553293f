"""The Laws on dismissals (Laws 30-40): who is out, whose wicket it is, and which ways out
a delivery allows."""

from __future__ import annotations

from scorebook.laws.delivery import Delivery, Extras, Wicket

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


#: Law 25.4: a batter may retire at any time the ball is dead, so a retirement recorded on a
#: delivery does not depend on what that ball was.
RETIREMENTS: frozenset[str] = NOT_OUT_RETIREMENTS | {"retired_out"}


def is_team_wicket(wicket_type: str) -> bool:
    """Law 25.4.2/25.4.3: retired hurt (or not out) is not a wicket; every other way out,
    retired out included, is one and has a fall-of-wicket line."""
    return wicket_type not in NOT_OUT_RETIREMENTS


def credited_to_bowler(wicket_type: str) -> bool:
    """Only bowled, caught, lbw, stumped and hit wicket count in the bowler's wickets; run
    out, obstructing, handled the ball, hit twice, timed out and retirements do not."""
    return wicket_type in BOWLER_CREDITED


def can_be_out_off_free_hit(wicket_type: str) -> bool:
    """Free hit (limited-overs playing conditions): off a free hit the striker can be out
    only as off a no-ball, so never in a way credited to the bowler."""
    return wicket_type not in BOWLER_CREDITED


def can_be_out_off_no_ball(wicket_type: str) -> bool:
    """Law 21.18, and a retirement, which any ball allows (Law 25.4)."""
    return wicket_type in OUT_OFF_NO_BALL or wicket_type in RETIREMENTS


def can_be_out_off_wide(wicket_type: str) -> bool:
    """Law 22.7, and a retirement, which any ball allows (Law 25.4)."""
    return wicket_type in OUT_OFF_WIDE or wicket_type in RETIREMENTS


# The problems of one delivery's wicket: each returns the message the schema reports
# ("field: reason"), or None when the wicket keeps the Laws.


def who_is_out_problem(w: Wicket, striker_id: str, non_striker_id: str) -> str | None:
    """Only a batter at the crease can be out, and only the striker in the ways the Laws
    give the striker alone (Laws 32-36, 39)."""
    if w.dismissedPlayerId not in (striker_id, non_striker_id):
        return "wicket.dismissedPlayerId: must be the striker or the non-striker"
    if w.type in STRIKER_ONLY and w.dismissedPlayerId != striker_id:
        return f"wicket.type: only the striker can be out {w.type}"
    return None


def how_out_problem(wicket_type: str, extras: Extras) -> str | None:
    """Whether the delivery allows this way out: timed out needs none (Law 40), a no-ball
    (Law 21.18) and a wide (Law 22.7) allow only a few."""
    if wicket_type == "timed_out":
        return "wicket.type: timed out happens between deliveries (kind=dismissal)"
    if extras.noBall and not can_be_out_off_no_ball(wicket_type):
        return f"wicket.type: a batter cannot be out {wicket_type} off a no-ball"
    if extras.wide and not can_be_out_off_wide(wicket_type):
        return f"wicket.type: a batter cannot be out {wicket_type} off a wide"
    return None


def dismissal_problem(d: Delivery) -> str | None:
    """The first way the wicket of this delivery breaks the Laws: who is out, then how."""
    w = d.wicket
    if w is None:
        return None
    return who_is_out_problem(w, d.strikerId, d.nonStrikerId) or how_out_problem(w.type, d.extras)
