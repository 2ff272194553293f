"""What happens at the crease between balls: a batter retires (Law 25.4), is absent (Law
13.3), is out without a ball (timed out, Law 40; a run out before the ball is bowled), or the
batters at the crease change. Registered on the fold's one dispatcher (`handlers.handle`)."""

from __future__ import annotations

from scorebook.actions import Absence, BatterChange, Dismissal, Retirement
from scorebook.fold.handlers import (
    _batter,
    _check_end,
    _ensure_partnership,
    _innings_for,
    _out,
    handle,
)
from scorebook.fold.players import impossible_batter, judge_players
from scorebook.laws.innings import wicket_limit
from scorebook.state import FoldState, warn


@handle.register
def _on_retirement(a: Retirement, state: FoldState) -> None:
    inn = _innings_for(state, a)
    if impossible_batter(state, inn, a.batterId, a):
        return
    _out(
        state,
        inn,
        a.batterId,
        a.type,
        bowler_id=inn.bowlerId,
        fielders=[],
        substitutes=[],
        action=a,
    )
    _check_end(state, inn)


@handle.register
def _on_absence(a: Absence, state: FoldState) -> None:
    inn = _innings_for(state, a)
    if impossible_batter(state, inn, a.batterId, a):
        return
    if a.batterId in inn.batters:
        warn(state, "absent_batter_has_batted",
             f"{state.config.player_name(a.batterId)} has batted in this innings", a)
        return
    inn.absent[a.batterId] = a.reason
    # Law 13.3: one batter fewer to come in brings the all-out one wicket sooner.
    inn.wicketLimit = wicket_limit(state, inn)
    _check_end(state, inn)


@handle.register
def _on_dismissal(a: Dismissal, state: FoldState) -> None:
    inn = _innings_for(state, a)
    w = a.wicket
    if impossible_batter(state, inn, w.dismissedPlayerId, a):
        return
    judge_players(state, [("bowler", a.bowlerId, inn.bowlingTeamId),
                           *(("fielder", f, inn.bowlingTeamId)
                             for f in w.fielderIds + w.assistFielderIds)],
                   a, w.substituteFielderIds)
    _out(
        state,
        inn,
        w.dismissedPlayerId,
        w.type,
        bowler_id=a.bowlerId or inn.bowlerId,
        fielders=w.fielderIds + w.assistFielderIds,
        substitutes=w.substituteFielderIds,
        action=a,
    )
    _check_end(state, inn)


@handle.register
def _on_batter_change(a: BatterChange, state: FoldState) -> None:
    inn = _innings_for(state, a)
    judge_players(state, [("batter", a.strikerId, inn.battingTeamId),
                           ("batter", a.nonStrikerId, inn.battingTeamId)], a)
    _batter(state, inn, a.strikerId, a)
    _batter(state, inn, a.nonStrikerId, a)
    inn.strikerId, inn.nonStrikerId = a.strikerId, a.nonStrikerId
    _ensure_partnership(inn, a.strikerId, a.nonStrikerId)
