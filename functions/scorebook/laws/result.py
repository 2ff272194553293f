"""The result (Law 16): who won, by how much, decided from the innings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorebook.actions import WinMargin
from scorebook.laws.innings import target_of

if TYPE_CHECKING:  # the fold imports the Laws, not the other way round
    from scorebook.fold.state import FoldState, InningsState, ResultState


@dataclass(frozen=True)
class Result:
    type: str
    winnerId: str | None = None
    margin: WinMargin | None = None
    method: str | None = None
    text: str = ""
    #: Law 16.5: won by penalty runs awarded after the side batting last was all out.
    byPenaltyRuns: bool = False
    #: the margin as the result line words it after "won by": "18 runs", "5 wickets"
    marginText: str | None = None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _chase(state: FoldState, first: InningsState, second: InningsState) -> Result | None:
    """Law 16: the side batting last wins by the wickets it has in hand if it reaches the
    target; the other side wins by the runs short of a tie when the chase ends; equal scores
    are a tie."""
    if not second.closed:
        return None
    target = target_of(state, second)
    if target is None:
        return None
    if second.runs >= target and second.wickets >= second.wicketLimit:
        # Law 16.5: all out, yet ahead through penalty runs awarded at the end: no wickets
        # were left to win by, so the win is stated "by Penalty runs".
        return Result("win", second.battingTeamId, byPenaltyRuns=True)
    if second.runs >= target:
        balls_left = None
        if second.maxOvers is not None:
            balls_left = max(second.maxOvers * state.config.ballsPerOver - second.balls, 0)
        margin = WinMargin(wickets=second.wicketLimit - second.wickets, ballsRemaining=balls_left)
        return Result("win", second.battingTeamId, margin)
    if second.endReason not in ("all_out", "overs", "target"):
        return None  # stopped for another reason: the officials decide (result event)
    short = target - 1 - second.runs
    if short == 0:
        return Result("tie")
    return Result("win", first.battingTeamId, WinMargin(runs=short))


def _computed_result(state: FoldState) -> Result | None:
    regular = [i for i in state.innings if not i.isSuperOver]
    supers = [i for i in state.innings if i.isSuperOver]
    if state.config.inningsPerSide == 1:
        return _one_innings_result(state, regular, supers)
    return _two_innings_result(state, regular)


def _one_innings_result(
    state: FoldState, regular: list[InningsState], supers: list[InningsState]
) -> Result | None:
    if len(regular) < 2:
        return None
    outcome = _chase(state, regular[0], regular[1])
    if outcome is None or outcome.type != "tie" or not supers:
        return outcome
    return _super_overs(state, supers)


def _super_overs(state: FoldState, supers: list[InningsState]) -> Result | None:
    """A tie may be decided by super overs, one pair after another until one side wins."""
    for i in range(0, len(supers), 2):
        pair = supers[i : i + 2]
        if len(pair) < 2:
            return None
        so = _chase(state, pair[0], pair[1])
        if so is None:
            return None
        if so.type == "win":
            return Result("tie", so.winnerId)
    return Result("tie")


def _two_innings_result(state: FoldState, regular: list[InningsState]) -> Result | None:
    if len(regular) == 3 and regular[2].closed:
        by_an_innings = _innings_victory(regular)
        if by_an_innings is not None:
            return by_an_innings
    if len(regular) == 4 and regular[3].endReason in ("all_out", "target"):
        return _chase(state, regular[2], regular[3])
    return None


def _innings_victory(regular: list[InningsState]) -> Result | None:
    """The side that batted once made more than the other's two innings together."""
    twice = regular[2].battingTeamId
    once = next((i.battingTeamId for i in regular if i.battingTeamId != twice), None)
    agg_twice = sum(i.runs for i in regular if i.battingTeamId == twice)
    agg_once = sum(i.runs for i in regular if i.battingTeamId == once)
    if once is not None and agg_twice < agg_once:
        return Result("win", once, WinMargin(runs=agg_once - agg_twice, innings=True))
    return None


def last_side_has_batted(state: FoldState) -> bool:
    """Whether the side batting last has begun its innings: the second regular innings of a
    one-innings match, the fourth of a two-innings one. Before that no side can have won or
    tied on the field (Law 16.1), whatever an official's result says."""
    regular = sum(not i.isSuperOver for i in state.innings)
    return regular >= 2 * state.config.inningsPerSide


def decide_result(state: FoldState) -> Result | None:
    """The match result (Law 16); see :func:`judge_result`."""
    return judge_result(state)[0]


def judge_result(state: FoldState) -> tuple[Result | None, str | None]:
    """The match result (Law 16), and the officials' result it overrules, if any (worded
    for the integrity list). Where the Laws decide it from the innings, they do: the
    officials' result event confirms it and may add the method; one that contradicts it is
    overruled and its margin never replaces the computed one. While super overs play off a
    tie, only a tie-break may be declared. Where the Laws cannot decide (time ran out,
    rain, a par score), the officials' result is the result: a draw, no result or
    abandonment at any time, a win or tie once the side batting last has batted (the fold
    ignores one recorded earlier)."""
    computed = _computed_result(state)
    declared = state.result
    if declared is None:
        return (_with_text(state, computed) if computed is not None else None), None
    said = declared.result + (f" for {declared.winnerId}" if declared.winnerId else "")
    if computed is None:
        if _playing_off_a_tie(state) and not _confirms(Result("tie"), declared):
            return None, said
        return _with_text(state, Result(declared.result, declared.winnerId, declared.winMargin,
                                        declared.method)), None
    if _confirms(computed, declared):
        # Only the method (D/L, fewer wickets lost) and a tie-break's winner are the
        # officials' to add: the figures are the Laws'.
        winner = computed.winnerId or declared.winnerId
        return _with_text(state, Result(declared.result, winner, computed.margin,
                                        declared.method,
                                        byPenaltyRuns=computed.byPenaltyRuns)), None
    return _with_text(state, Result(computed.type, computed.winnerId, computed.margin,
                                    byPenaltyRuns=computed.byPenaltyRuns)), said


def _playing_off_a_tie(state: FoldState) -> bool:
    """The regular innings of a one-innings match ended level and super overs are under
    way: the Laws have found a tie, which only a tie-break can turn into a win."""
    regular = [i for i in state.innings if not i.isSuperOver]
    if state.config.inningsPerSide != 1 or len(regular) < 2:
        return False
    outcome = _chase(state, regular[0], regular[1])
    return outcome is not None and outcome.type == "tie"


def _confirms(computed: Result, declared: ResultState) -> bool:
    """The officials' result agrees with the Laws'. A tie the Laws find may be broken by
    the competition's tie-break, which the innings do not show: a bowl-out or an unscored
    super over (a tie with a winner) or fewer wickets lost (a win so stated)."""
    if (computed.type, computed.winnerId) == (declared.result, declared.winnerId):
        return True
    if computed.type != "tie" or computed.winnerId is not None:
        return False
    return (declared.result == "tie" and declared.winnerId is not None) or (
        declared.result == "win" and declared.method == "Lost fewer wickets")


def _with_text(state: FoldState, r: Result) -> Result:
    name = state.config.team_name(r.winnerId) or r.winnerId
    method = f" ({r.method})" if r.method else ""
    margin = margin_text(r.margin, by_penalty_runs=r.byPenaltyRuns) if r.type == "win" else None
    if r.type == "win":
        text = _win_text(name, margin, r.margin) + method
    elif r.type == "tie":
        text = "Match tied" + (f" ({name} won the Super Over)" if r.winnerId else "") + method
    elif r.type == "draw":
        text = "Match drawn"
    elif r.type == "no_result":
        text = "No result" + method
    else:
        text = "Match abandoned"
    return Result(r.type, r.winnerId, r.margin, r.method, text, r.byPenaltyRuns, margin)


def margin_text(m: WinMargin | None, *, by_penalty_runs: bool = False) -> str | None:
    """How much a side won by, worded as the result says it after "won by": "18 runs",
    "1 run", "5 wickets", "1 wicket", "an innings and 44 runs", "penalty runs" (Law 16.5).
    None when the margin is not known (an officials' win that states none)."""
    if by_penalty_runs:
        return "penalty runs"
    if m is None:
        return None
    if m.innings:
        return f"an innings and {_plural(m.runs or 0, 'run')}"
    if m.runs is not None:
        return _plural(m.runs, "run")
    if m.wickets is not None:
        return _plural(m.wickets, "wicket")
    return None


def _win_text(name: str | None, margin: str | None, m: WinMargin | None) -> str:
    """A win's line: "India won by 5 wickets (12 balls remaining)", the margin and, for a
    win by wickets, the balls the chase had left."""
    if margin is None:
        return f"{name} won"
    remaining = ""
    if m is not None and not m.innings and m.runs is None and m.ballsRemaining:
        remaining = f" ({_plural(m.ballsRemaining, 'ball')} remaining)"
    return f"{name} won by {margin}{remaining}"
