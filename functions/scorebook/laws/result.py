"""The result (Law 16): who won, by how much, decided from the innings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorebook.actions import WinMargin
from scorebook.laws import dls
from scorebook.laws.innings import balls_remaining, minimum_balls, rain_affected, target_of

if TYPE_CHECKING:  # the fold imports the Laws, not the other way round
    from scorebook.state import FoldState, InningsState, ResultState


@dataclass(frozen=True)
class Result:
    type: str
    winnerId: str | None = None
    margin: WinMargin | None = None
    method: str | None = None
    text: str = ""
    #: the margin as the result line words it after "won by": "18 runs", "5 wickets"
    marginText: str | None = None
    #: who says so: "laws" (computed from the innings, Law 16) or "officials" (their
    #: match_result, which stands whatever the log's cricket gives)
    source: str = "laws"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _rain_method(state: FoldState, second: InningsState) -> str | None:
    """The method behind the chase's target: the Standard Edition where the functions
    revised it, none where it was not revised or an official set it (the officials'
    result names theirs)."""
    if second.target is None and rain_affected(state):
        return dls.METHOD
    return None


def _chase(state: FoldState, first: InningsState, second: InningsState) -> Result | None:
    """Law 16: the side batting last wins by the wickets it has in hand if it reaches the
    target; the other side wins by the runs short of a tie when the chase ends; equal scores
    are a tie. A chase ended for good by the weather is decided by par (`_stopped`)."""
    if not second.closed:
        return None
    target = target_of(state, second)
    if target is None:
        return None
    # a chase played out to an official's revised target is won or lost by that method's
    # target: the result names it, as the Standard Edition's does (its rules, 7)
    method = _rain_method(state, second) or second.targetMethod
    if second.endReason not in ("all_out", "overs", "target"):
        return _stopped(state, first, second, target)
    return _played_out(state, first, second, target, method)


def _played_out(state: FoldState, first: InningsState, second: InningsState, target: int,
                method: str | None) -> Result:
    """The chase ended all out, at its overs or at its target."""
    if second.runs >= target:
        return _target_reached(state, second, target, method)
    short = target - 1 - second.runs
    if short == 0:
        return Result("tie", method=method)
    return Result("win", first.battingTeamId, WinMargin(runs=short), method)


def _target_reached(state: FoldState, second: InningsState, target: int,
                    method: str | None) -> Result:
    """The chase won: by the wickets it has in hand, and the balls it had left."""
    if second.wickets >= second.wicketLimit:
        # All out, yet ahead through penalty runs awarded at the end (Law 41.17): no wickets
        # were left to win by, so the win is by the runs it is ahead.
        return Result("win", second.battingTeamId, WinMargin(runs=second.runs - (target - 1)),
                      method)
    margin = WinMargin(wickets=second.wicketLimit - second.wickets,
                       ballsRemaining=balls_remaining(state, second))
    return Result("win", second.battingTeamId, margin, method)


def _stopped(state: FoldState, first: InningsState, second: InningsState,
             target: int) -> Result:
    """Play ended for good during the chase, short of its target. Where overs had been lost
    and the chase had its minimum overs, the rain rule's par at the stop decides it (the
    target, less one, is that par): ahead wins by the runs ahead, level ties, behind loses
    by the runs behind. Otherwise it is no result; the officials may record another."""
    if _rain_method(state, second) is None or second.balls < minimum_balls(state):
        return Result("no_result")
    par = target - 1
    if second.runs == par:
        return Result("tie", method=dls.METHOD)
    if second.runs > par:
        return Result("win", second.battingTeamId, WinMargin(runs=second.runs - par),
                      dls.METHOD)
    return Result("win", first.battingTeamId, WinMargin(runs=par - second.runs),
                  dls.METHOD)


def _computed_result(state: FoldState) -> Result | None:
    regular, supers = _regular_and_super_overs(state.innings)
    if state.config.inningsPerSide == 1:
        return _one_innings_result(state, regular, supers)
    return _two_innings_result(state, regular)


def _regular_and_super_overs(
    innings: list[InningsState],
) -> tuple[list[InningsState], list[InningsState]]:
    regular: list[InningsState] = []
    supers: list[InningsState] = []
    for i in innings:
        (supers if i.isSuperOver else regular).append(i)
    return regular, supers


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
        return _innings_victory(regular)
    if len(regular) == 4:
        return _fourth_innings_result(state, regular)
    return None


def _fourth_innings_result(state: FoldState, regular: list[InningsState]) -> Result | None:
    last = regular[3]
    if last.endReason in ("all_out", "target"):
        return _chase(state, regular[2], last)
    if last.closed and last.endReason != "declared":
        return Result("draw")  # Law 16.6: play ended for good with the chase unfinished
    return None


def _innings_victory(regular: list[InningsState]) -> Result | None:
    """The side that batted once made more than the other's two innings together."""
    twice = regular[2].battingTeamId
    once = next((i.battingTeamId for i in regular if i.battingTeamId != twice), None)
    agg_twice, agg_once = _aggregate(regular, twice), _aggregate(regular, once)
    if once is not None and agg_twice < agg_once:
        return Result("win", once, WinMargin(runs=agg_once - agg_twice, innings=True))
    return None


def _aggregate(regular: list[InningsState], team: str | None) -> int:
    return sum(i.runs for i in regular if i.battingTeamId == team)


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
    """The match result, and where the log's cricket says otherwise, what it says (worded
    for the integrity list). The officials' result, once recorded, stands: a win, tie, draw,
    no result or abandonment, with their margin and method, marked as theirs; where they
    give no margin and the innings agree, the innings' margin is shown. Without it the Laws
    decide from the innings (Law 16), and a chase ended for good by the weather by the rain
    rule's par, else no result. (The fold ignores a win or tie recorded before the side
    batting last has batted, unless the umpires awarded the match.)"""
    computed = _computed_result(state)
    declared = state.result
    if declared is None:
        return (_with_text(state, computed) if computed is not None else None), None
    agrees = computed is not None and _confirms(computed, declared)
    officials = _officials_result(state, declared, computed if agrees else None)
    return officials, _innings_say_otherwise(state, declared, computed, agrees)


def _innings_say_otherwise(state: FoldState, declared: ResultState, computed: Result | None,
                           agrees: bool) -> str | None:
    """What the innings say where it is not what the officials' result says."""
    if computed is None:
        return _tie_played_off(state, declared)
    if not agrees or _margins_differ(declared, computed):
        return _with_text(state, computed).text
    return None


def _officials_result(state: FoldState, declared: ResultState,
                      agreed: Result | None) -> Result:
    """The officials' result, worded; where they give a win no margin and the innings agree
    (`agreed`), with the innings' margin."""
    margin = declared.winMargin
    if margin is None and agreed is not None and declared.result == "win":
        margin = agreed.margin
    return _with_text(state, Result(declared.result, declared.winnerId, margin,
                                    declared.method, source="officials"))


def _tie_played_off(state: FoldState, declared: ResultState) -> str | None:
    """What the innings say where they decide nothing yet: a regular tie whose super overs
    go on, which the officials' result, if not a tie, gets ahead of."""
    if _regular_tie(state) and declared.result != "tie":
        return "a tie, still being played off"
    return None


def _margins_differ(declared: ResultState, computed: Result) -> bool:
    return (declared.winMargin is not None and computed.margin is not None
            and _figures(declared.winMargin) != _figures(computed.margin))


def _regular_tie(state: FoldState) -> bool:
    """The regular innings of a one-innings match ended level (super overs may follow)."""
    regular, _ = _regular_and_super_overs(state.innings)
    if state.config.inningsPerSide != 1 or len(regular) < 2:
        return False
    outcome = _chase(state, regular[0], regular[1])
    return outcome is not None and outcome.type == "tie"


def _figures(m: WinMargin) -> tuple[int | None, int | None, bool]:
    return (m.runs, m.wickets, m.innings)


def _confirms(computed: Result, declared: ResultState) -> bool:
    """The officials' result agrees with the Laws'. A tie the Laws find may be broken by
    the competition's tie-break, which the innings do not show: a bowl-out or an unscored
    super over (a tie with a winner) or fewer wickets lost (a win so stated)."""
    if (computed.type, computed.winnerId) == (declared.result, declared.winnerId):
        return True
    if computed.type != "tie" or computed.winnerId is not None:
        return False
    return _tie_broken(declared)


def _tie_broken(declared: ResultState) -> bool:
    """The officials' result breaks a tie: a tie with a winner, or a win on fewer wickets
    lost."""
    return (declared.result == "tie" and declared.winnerId is not None) or (
        declared.result == "win" and declared.method == "Lost fewer wickets")


def _with_text(state: FoldState, r: Result) -> Result:
    name = state.config.team_name(r.winnerId) or r.winnerId
    margin = margin_text(r.margin) if r.type == "win" else None
    text = _RESULT_LINES.get(r.type, _abandoned_line)(r, name, margin)
    return Result(r.type, r.winnerId, r.margin, r.method, text, margin, r.source)


def _method_text(r: Result) -> str:
    return f" ({r.method})" if r.method else ""


def _win_line(r: Result, name: str | None, margin: str | None) -> str:
    return _win_text(name, margin, r.margin) + _method_text(r)


def _tie_line(r: Result, name: str | None, margin: str | None) -> str:
    super_over = f" ({name} won the Super Over)" if r.winnerId else ""
    return "Match tied" + super_over + _method_text(r)


def _draw_line(r: Result, name: str | None, margin: str | None) -> str:
    return "Match drawn"


def _no_result_line(r: Result, name: str | None, margin: str | None) -> str:
    return "No result" + _method_text(r)


def _abandoned_line(r: Result, name: str | None, margin: str | None) -> str:
    return "Match abandoned"


#: the result line of each type of result (any other: an abandonment)
_RESULT_LINES: dict[str, Callable[[Result, str | None, str | None], str]] = {
    "win": _win_line, "tie": _tie_line, "draw": _draw_line, "no_result": _no_result_line}


def margin_text(m: WinMargin | None) -> str | None:
    """How much a side won by, worded as the result says it after "won by": "18 runs",
    "1 run", "5 wickets", "1 wicket", "an innings and 44 runs". None when the margin is not
    known (an officials' win that states none)."""
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
    return f"{name} won by {margin}{_balls_remaining(m)}"


def _balls_remaining(m: WinMargin | None) -> str:
    """A win by wickets says the balls the chase had left, when there were any."""
    if m is None or m.innings or m.runs is not None or not m.ballsRemaining:
        return ""
    return f" ({_plural(m.ballsRemaining, 'ball')} remaining)"
