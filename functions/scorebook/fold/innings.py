"""The events that start, end and decide an innings or the match (Laws 12-16, 41.17): an
innings' start, a declaration or forfeit, its end, penalty runs between balls, the officials'
revised target and result. Registered on the fold's one dispatcher (`handlers.handle`)."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy

from scorebook.actions import (
    RESULT_METHODS,
    TARGET_METHODS,
    Action,
    Declaration,
    Forfeit,
    InningsEnd,
    InningsStart,
    Interruption,
    MatchResult,
    PenaltyRuns,
    RevisedTarget,
)
from scorebook.fold.handlers import (
    _batter,
    _check_end,
    _close,
    _ensure_partnership,
    _innings_for,
    _overs_done,
    _partnership,
    _start_innings,
    handle,
)
from scorebook.fold.players import judge_players
from scorebook.fold.rain import set_allotment
from scorebook.laws.innings import allotment, may_declare, target_of
from scorebook.laws.result import decide_result, last_side_has_batted
from scorebook.state import FoldState, InningsState, ResultState, StopState, warn


@handle.register
def _on_innings_start(a: InningsStart, state: FoldState) -> None:
    cur = state.current()
    if cur is not None and cur.number == a.inningsNumber:
        warn(state, "duplicate_innings_start", f"innings {a.inningsNumber} already started", a)
        return
    _judge_start(state, a, cur)
    inn = _start_innings(
        state,
        a.inningsNumber,
        a.battingTeamId,
        a.bowlingTeamId,
        is_super_over=a.isSuperOver,
        max_overs=a.maxOvers,
        target=a.target,
    )
    inn.strikerId, inn.nonStrikerId, inn.bowlerId = a.strikerId, a.nonStrikerId, a.bowlerId
    judge_players(state, [("batter", a.strikerId, inn.battingTeamId),
                           ("batter", a.nonStrikerId, inn.battingTeamId),
                           ("bowler", a.bowlerId, inn.bowlingTeamId)], a)
    for pid in (a.strikerId, a.nonStrikerId):
        if pid:
            _batter(state, inn, pid, a)
    _ensure_partnership(inn, a.strikerId, a.nonStrikerId)


def _judge_start(state: FoldState, a: InningsStart, cur: InningsState | None) -> None:
    """An innings that starts out of turn: a super over before a tie, or any innings while
    the one before it goes on (flagged; it starts all the same)."""
    if a.isSuperOver and not _super_over_in_turn(state):
        warn(state, "super_over_out_of_turn",
              f"super over (innings {a.inningsNumber}) before the match is tied", a)
    elif cur is not None and not cur.closed:
        warn(state, "innings_start_before_end",
              f"innings {a.inningsNumber} started while innings {cur.number} goes on", a)


def _super_over_in_turn(state: FoldState) -> bool:
    """A super over is played when the match is tied (competition playing conditions): the
    regular innings over and level (or declared a tie by the officials), or a super over
    just played, whose pair it completes or, tied, repeats."""
    cur = state.current()
    if cur is None or not cur.closed:
        return False
    if cur.isSuperOver:
        return True
    result = decide_result(state)
    return result is not None and result.type == "tie"


@handle.register
def _on_declaration(a: Declaration, state: FoldState) -> None:
    inn = _innings_for(state, a)
    if not may_declare(state.config.inningsPerSide, inn.maxOvers):
        warn(state, "declaration_in_limited_overs",
              f"innings {inn.number} of at most {inn.maxOvers} overs declared", a)
        return
    inn.declared = True
    _close(state, inn, "declared")


@handle.register
def _on_forfeit(a: Forfeit, state: FoldState) -> None:
    inn = _innings_for(state, a)
    inn.forfeited = True
    _close(state, inn, "forfeited")


@handle.register
def _on_innings_end(a: InningsEnd, state: FoldState) -> None:
    inn = _innings_for(state, a)
    if inn.endRecorded:
        warn(state, "innings_ended_twice", f"innings {inn.number} was ended already", a)
        return
    inn.endRecorded = True
    reason = _reason_shown(state, inn, a)
    if reason in ("abandoned", "other") and not inn.closed:
        _end_for_good(state, inn)
    _close(state, inn, reason)


def _reason_shown(state: FoldState, inn: InningsState, a: InningsEnd) -> str:
    """The end's reason, or "other" where the innings open does not show it."""
    reason = a.reason
    if not inn.closed and not _end_shown(state, inn, reason):
        # Law 16 decides a result from an innings that ended all out, at its overs or at
        # the target; a reason the innings does not show must not decide one.
        warn(state, "end_reason_not_shown",
              f"innings {inn.number} ended '{reason}' at {inn.runs}/{inn.wickets}", a)
        return "other"
    return reason


def _end_for_good(state: FoldState, inn: InningsState) -> None:
    """An innings of a limited-overs match ended before its overs, all out or the target
    (the weather, the light): the resources it had left are lost (the rain rule's
    premature end)."""
    if state.config.inningsPerSide != 1 or inn.isSuperOver:
        return
    left = (allotment(state, inn) or 0) - inn.balls
    if left > 0 and inn.wickets < inn.wicketLimit:
        inn.stops.append(StopState(ballsLeft=left, wickets=inn.wickets, ballsLeftAfter=0,
                                   recorded="innings_end"))


@handle.register
def _on_interruption(a: Interruption, state: FoldState) -> None:
    """Play stopped and resumed with fewer overs: the resources lost are those left when it
    stopped less those left when it resumed, at the same wickets down (the rain rule). No
    ball left ends the innings there. Between innings, the next one begins with them."""
    bpo = state.config.ballsPerOver
    balls = _balls_after(a, bpo)
    cur = state.current()
    if cur is None or cur.closed:
        state.nextAllotment = balls
        return
    inn = _innings_for(state, a)
    allotted = allotment(state, inn)
    if allotted is None or inn.isSuperOver:
        warn(state, "interruption_without_overs",
             f"innings {inn.number} has no overs to lose: the interruption changes nothing", a)
        return
    left_after = max(balls - inn.balls, 0)
    inn.stops.append(StopState(ballsLeft=max(allotted - inn.balls, 0), wickets=inn.wickets,
                               ballsLeftAfter=left_after))
    set_allotment(inn, max(balls, inn.balls), bpo)
    if left_after == 0:
        _close(state, inn, "abandoned")
    else:
        _check_end(state, inn)  # a revised target the score has passed ends the chase


def _balls_after(a: Interruption, balls_per_over: int) -> int:
    """The balls the innings has once play resumes."""
    return a.maxBalls if a.maxBalls is not None else (a.maxOvers or 0) * balls_per_over


def _end_shown(state: FoldState, inn: InningsState, reason: str) -> bool:
    """Whether the innings shows the end its innings_end claims. All out (Law 13.3): no
    batter left to come in, the wickets down plus those retired hurt or not out who have
    not resumed (the absent are already out of the limit). The overs and the target end
    an innings by themselves (_check_end), so an innings still open shows them only after
    a ball the umpire added to the last over."""
    shown = _SHOWN.get(reason)
    return shown is None or shown(state, inn)


def _all_out_shown(state: FoldState, inn: InningsState) -> bool:
    retired = sum(b.dismissal is not None and not b.isOut for b in inn.batters.values())
    return inn.wickets + retired >= inn.wicketLimit


def _overs_shown(state: FoldState, inn: InningsState) -> bool:
    return inn.maxOvers is not None and _overs_done(state, inn) >= inn.maxOvers


def _target_shown(state: FoldState, inn: InningsState) -> bool:
    target = target_of(state, inn)
    return target is not None and inn.runs >= target


#: how an innings shows each end an innings_end may claim (any other it shows as claimed)
_SHOWN: dict[str, Callable[[FoldState, InningsState], bool]] = {
    "all_out": _all_out_shown, "overs": _overs_shown, "target": _target_shown}


@handle.register
def _on_penalty_runs(a: PenaltyRuns, state: FoldState) -> None:
    cur = state.current()
    inn = _penalty_innings(a, state)
    if inn is None:
        _penalty_without_innings(state, a)
        return
    if inn is not cur:
        _given_to_fielders(cur, a)
        inn = _replaced(state, inn)
    _award_penalty(state, inn, a)


def _penalty_without_innings(state: FoldState, a: PenaltyRuns) -> None:
    team = a.awardedToTeamId
    if team is not None and not _has_batted(state, team):
        # Law 41.17: the fielding side has no innings yet: its next one starts with them
        state.pendingPenalty[team] = state.pendingPenalty.get(team, 0) + a.runs
    else:
        warn(state, "penalty_without_innings", f"no innings {a.inningsNumber} for penalty", a)


def _given_to_fielders(cur: InningsState | None, a: PenaltyRuns) -> None:
    """Penalty runs to an earlier innings of the side fielding in the innings in progress:
    the rain rule's revised target moves up by them."""
    if cur is not None and not cur.closed and cur.bowlingTeamId == a.awardedToTeamId:
        cur.penaltyToFielders += a.runs


def _replaced(state: FoldState, inn: InningsState) -> InningsState:
    """A copy of an earlier innings in its place, to take penalty runs (Law 41.17). An
    innings once over is never changed in place, so what was stored or rendered of it stays
    true of the object: the checkpoint and the scorecards reuse that by identity."""
    copy = deepcopy(inn)
    state.innings[next(n for n, i in enumerate(state.innings) if i is inn)] = copy
    return copy


def _penalty_innings(a: PenaltyRuns, state: FoldState) -> InningsState | None:
    """The innings penalty runs go to: the numbered one where they name its batting side
    before or after it (or no side); the innings in progress, to its batting side; else, to
    the fielding side, its most recent innings (Law 41.17)."""
    cur = state.current()
    team = a.awardedToTeamId
    numbered = _numbered(state, a.inningsNumber)
    if team is None or _names_its_batting_side(a, numbered):
        return numbered
    if cur is not None and cur.battingTeamId == team:
        return cur
    return _latest_innings_of(state, team)


def _latest_innings_of(state: FoldState, team: str) -> InningsState | None:
    return next((i for i in reversed(state.innings) if i.battingTeamId == team), None)


def _numbered(state: FoldState, number: int) -> InningsState | None:
    return next((i for i in state.innings if i.number == number), None)


def _names_its_batting_side(a: PenaltyRuns, numbered: InningsState | None) -> bool:
    """Penalty runs before or after the numbered innings, to its batting side."""
    return (a.when in ("pre", "post") and numbered is not None
            and numbered.battingTeamId == a.awardedToTeamId)


def _has_batted(state: FoldState, team: str) -> bool:
    return any(i.battingTeamId == team for i in state.innings)


def _award_penalty(state: FoldState, inn: InningsState, a: PenaltyRuns) -> None:
    inn.runs += a.runs
    inn.extras.penalty += a.runs
    if a.when == "pre":
        inn.penaltyPre += a.runs
    elif a.when == "post":
        inn.penaltyPost += a.runs
    if inn is state.current() and not inn.closed:
        _penalty_in_play(state, inn, a.runs)


def _penalty_in_play(state: FoldState, inn: InningsState, runs: int) -> None:
    """Penalty runs in the innings being played: the partnership's, and they may reach the
    target."""
    p = _partnership(inn)
    if p is not None:
        p.runs += runs
    _check_end(state, inn)


@handle.register
def _on_revised_target(a: RevisedTarget, state: FoldState) -> None:
    inn = _innings_for(state, a)
    method = _known_method(state, a, a.method, TARGET_METHODS)
    if a.target is not None:
        inn.target = a.target
        inn.targetMethod = method
    if a.maxOvers is not None:
        set_allotment(inn, a.maxOvers * state.config.ballsPerOver, state.config.ballsPerOver)
    _check_end(state, inn)


@handle.register
def _on_match_result(a: MatchResult, state: FoldState) -> None:
    method = _known_method(state, a, a.method, RESULT_METHODS)
    awarded = a.result == "win" and method == "Awarded"
    if a.result in ("win", "tie") and not awarded and not last_side_has_batted(state):
        # Law 16.1: a side wins by scoring more runs, which the side batting last has not
        # had the chance to do. Only the umpires' award (Law 16.4: a side refusing to play
        # or conceding) comes earlier; a draw, no result or abandonment may come any time.
        warn(state, "result_before_last_innings",
              f"{a.result} declared before the side batting last has batted", a)
        return
    state.result = ResultState(
        result=a.result, winnerId=a.winnerId, winMargin=a.winMargin, method=method, note=a.note,
        parScore=a.parScore, actionId=a.id,
    )


def _known_method(
    state: FoldState, a: Action, method: str | None, known: frozenset[str]
) -> str | None:
    """The method if it is one of the published vocabulary, else None (flagged): the
    result line is public, and free text in it would print whatever was written."""
    if method is None or method in known:
        return method
    # Not quoted here either: integrity is as public as the result line.
    warn(state, "unknown_method",
          f"a method of {len(method)} characters, not one of {sorted(known)}", a)
    return None
