"""The spectator feed: what happened on each action, as typed events.

`events(before, action, after)` is a pure function of the fold: `before` is what the feed
needs to know of the state before the action (`marks(state)`, a few numbers, taken before
the action is folded in), `after` the state after it. `feed(match, actions)` is the whole
feed of a log. The functions publish these events at `matches/{matchId}/events/{seq}`, in
the same transaction as live/score; `python -m scorebook_tools events MATCH.json` prints them.

Milestones are counted as scorers count them: a batter's 50, 100, 150 and 200 at the ball
that reached it; a partnership's 50 and 100, a side's 100, 200, ... of an innings; a
bowler's five wickets in an innings and ten in the match (Law-credited wickets: bowled,
caught, lbw, stumped, hit wicket); a hat-trick, three such wickets with the bowler's
consecutive balls in one innings (a wide or no-ball in between that takes no wicket is not
a ball of the over and does not break it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from scorebook.actions import (
    Action,
    InningsStart,
    Interruption,
    Retirement,
    RevisedTarget,
    ScoringAction,
    log_position,
    sort_key,
)
from scorebook.document import View
from scorebook.feed_events import (
    FEED_EVENT,
    BallBowled,
    BallFacts,
    EventType,
    FeedEvent,
    InningsComplete,
    MatchComplete,
    Milestone,
    OverComplete,
    PlayerChanged,
    ScoreLine,
    TargetRevised,
    WicketFallen,
)
from scorebook.fold import fold_into, initial_state
from scorebook.laws.innings import balls_remaining, dls_par, target_method, target_of
from scorebook.laws.result import Result, judge_result
from scorebook.match import Match
from scorebook.state import (
    BallState,
    FallOfWicketState,
    FoldState,
    InningsState,
    OverState,
    PartnershipState,
    ReplacementState,
)
from scorebook.views.scorecard import (
    BatterView,
    BowlerView,
    MatchStatus,
    ball_view,
    batter_line,
    bowler_line,
    fall_of_wicket_view,
    innings_overs,
    match_status,
    partnership_view,
)
from scorebook.views.text import ball_display, commentary, scorer_note

BATTER_MILESTONES = (50, 100, 150, 200)
PARTNERSHIP_MILESTONES = (50, 100)
TEAM_MILESTONE = 100  # every hundred: 100, 200, 300, ...
FIVE_WICKETS = 5
TEN_WICKETS = 10
HAT_TRICK = 3
TOP = 3  # top batters and bowlers in an innings' or the match's summary


# --- what the feed needs of the state before an action ------------------------------------


@dataclass(frozen=True)
class InningsMarks:
    number: int
    runs: int = 0
    closed: bool = False
    fallen: int = 0
    over: OverState | None = None
    overBalls: tuple[BallState, ...] = ()
    atCrease: frozenset[str] = frozenset()
    bowlerId: str | None = None
    batterRuns: dict[str, int] = field(default_factory=dict)
    bowlerWickets: dict[str, int] = field(default_factory=dict)
    streaks: dict[str, int] = field(default_factory=dict)
    stand: tuple[int, int] | None = None  # the current partnership: (wicket, runs)


@dataclass(frozen=True)
class Marks:
    """What `events` compares the state after an action with: taken by `marks` before it."""

    status: MatchStatus
    result: str | None
    current: InningsMarks | None
    matchWickets: dict[str, int]


def marks(state: FoldState) -> Marks:
    """The few figures of `state` the feed compares with the state after the next action."""
    result, _ = judge_result(state)
    inn = state.current()
    current = None if inn is None else _innings_marks(inn)
    return Marks(status=match_status(state, result), result=result.text if result else None,
                 current=current, matchWickets=_match_wickets(state))


def _innings_marks(inn: InningsState) -> InningsMarks:
    stand = _stand(inn)
    return InningsMarks(
        number=inn.number,
        runs=inn.runs,
        closed=inn.closed,
        fallen=len(inn.fallOfWickets),
        over=inn.over,
        overBalls=tuple(inn.over.balls) if inn.over else (),
        atCrease=frozenset(_at_crease(inn)),
        bowlerId=inn.bowlerId,
        batterRuns={pid: b.runs for pid, b in inn.batters.items()},
        bowlerWickets={pid: b.wickets for pid, b in inn.bowlers.items()},
        streaks={pid: b.streak for pid, b in inn.bowlers.items()},
        stand=(stand.wicket, stand.runs) if stand else None,
    )


def _stand(inn: InningsState) -> PartnershipState | None:
    """The current partnership, if one has begun."""
    return inn.partnerships[-1] if inn.partnerships else None


def _at_crease(inn: InningsState) -> list[str]:
    return [p for p in (inn.strikerId, inn.nonStrikerId) if p]


def _match_wickets(state: FoldState) -> dict[str, int]:
    wickets: dict[str, int] = {}
    for inn in state.innings:
        if inn.isSuperOver:
            continue
        for pid, b in inn.bowlers.items():
            wickets[pid] = wickets.get(pid, 0) + b.wickets
    return wickets


# --- events(before, action, after) --------------------------------------------------------


def event_order(action_id: str, rank: int) -> str:
    """An event's place in the log: its action's position and its rank among the action's
    events ("01-0042-00-01"), so that the feed's events sort in log order."""
    innings, sequence, correction, _ = log_position(action_id)
    return f"{innings:02d}-{sequence:04d}-{correction:02d}-{rank:02d}"


def events(before: Marks, action: Action, after: FoldState,
           after_marks: Marks | None = None) -> list[FeedEvent]:
    """The feed's events of one action folded in: `before` is `marks()` of the state before
    it, `after` the state after it (`after_marks`, its marks, when the caller has them: the
    next action's `before`). A voided action, or one the fold ignored, has none."""
    if action.isVoided or after.lastActionId != action.id:
        return []
    now = after_marks or marks(after)
    inn = _innings_numbered(after, action.inningsNumber)
    found = [] if inn is None else _innings_events(before, now, after, inn, action)
    if _completed_now(before, now):
        # complete, or the officials' word changed how: a method (D/L) added to the result
        result, _ = judge_result(after)
        assert result is not None
        found.append(("MATCH_COMPLETE", "MATCH_COMPLETE", _match_complete(after, result)))
    return _validated(action, inn, found)


def _innings_numbered(state: FoldState, number: int) -> InningsState | None:
    return next((i for i in state.innings if i.number == number), None)


def _validated(action: Action, inn: InningsState | None,
               found: list[tuple[str, EventType, View]]) -> list[FeedEvent]:
    """The action's events as the feed publishes them, each in its place in the log."""
    over, ball = _where(action, inn)
    return [
        FEED_EVENT.validate_python({
            "type": kind, "key": key, "actionId": action.id,
            "order": event_order(action.id, rank),
            "inningsNumber": action.inningsNumber, "over": over, "ball": ball,
            "timestamp": action.timestamp, "payload": payload,
        })
        for rank, (key, kind, payload) in enumerate(found)
    ]


def _completed_now(before: Marks, now: Marks) -> bool:
    return now.status == "completed" and (before.status != "completed"
                                          or before.result != now.result)


def _where(action: Action, inn: InningsState | None) -> tuple[int | None, int | None]:
    """The over and ball an action's events are told at: a ball's own, or the over the
    innings is in for what happens between balls."""
    if isinstance(action, ScoringAction):
        return action.overNumber, action.ballInOver
    return (inn.over.number if inn and inn.over else None), None


def _innings_events(before: Marks, now: Marks, after: FoldState, inn: InningsState,
                    action: Action) -> list[tuple[str, EventType, View]]:
    """The action's events in its innings: the ball, wickets, milestones, the over, changes
    of bowler or batter, the innings' end, a revised target."""
    was = _innings_marks_before(before, inn)
    found: list[tuple[str, EventType, View]] = []
    if isinstance(action, ScoringAction):
        found.append(("BALL_BOWLED", "BALL_BOWLED", _ball(after, inn, action)))
    found.extend(_wickets(after, inn, was))
    found.extend(_milestones(before, now, after, inn, was))
    found.extend(_over(after, inn, was, action))
    found.extend(_changes(after, inn, was, action))
    if inn.closed and not was.closed:
        found.append((f"INNINGS_COMPLETE:{inn.number}", "INNINGS_COMPLETE",
                      _innings_complete(after, inn)))
    revised = _target_revised(after, inn, action)
    if revised is not None:
        found.append(("TARGET_REVISED", "TARGET_REVISED", revised))
    return found


def _innings_marks_before(before: Marks, inn: InningsState) -> InningsMarks:
    """The innings' marks before the action: blank when the action began it."""
    if before.current and before.current.number == inn.number:
        return before.current
    return InningsMarks(number=inn.number)


@dataclass
class Folded:
    """A match folded with its events: the final state, and each action with its events."""

    state: FoldState
    steps: list[tuple[Action, list[FeedEvent]]] = field(default_factory=list)


def fold_match(match: Match, actions: Iterable[Action]) -> Folded:
    """A whole log folded in log order, each action's events kept beside it."""
    state = initial_state(match)
    folded = Folded(state)
    before = marks(state)
    for action in sorted(actions, key=sort_key):
        before, found = fold_with_events(state, action, before)
        folded.steps.append((action, found))
    return folded


def feed(match: Match, actions: Iterable[Action]) -> list[FeedEvent]:
    """The whole feed of a log, in log order: every action folded in turn."""
    return [event for _, found in fold_match(match, actions).steps for event in found]


def fold_with_events(state: FoldState, action: Action,
                     before: Marks) -> tuple[Marks, list[FeedEvent]]:
    """Fold `action` into `state` (in place), whose marks are `before`: the marks after it
    (the next action's `before`) and the action's events."""
    fold_into(state, [action])
    after = marks(state)
    return after, events(before, action, state, after)


def _score(state: FoldState, inn: InningsState) -> ScoreLine:
    target = target_of(state, inn)
    return ScoreLine(runs=inn.runs, wickets=inn.wickets, overs=innings_overs(state, inn),
                     balls=inn.balls, target=target,
                     runsNeeded=max(target - inn.runs, 0) if target is not None else None)


def _line(state: FoldState, inn: InningsState, pid: str | None) -> BatterView | None:
    batter = inn.batters.get(pid) if pid else None
    return batter_line(state, inn, batter) if batter else None


def _bowler(state: FoldState, inn: InningsState, pid: str | None) -> BowlerView | None:
    bowler = inn.bowlers.get(pid) if pid else None
    return bowler_line(state, inn, bowler) if bowler else None


def _ball(state: FoldState, inn: InningsState, d: ScoringAction) -> BallBowled:
    display, extra_type = ball_display(d)
    facts = BallFacts(runsOffBat=d.runsOffBat, extras=d.extras, totalRuns=d.totalRuns,
                      isLegalDelivery=d.isLegalDelivery, isBoundary=d.isBoundary,
                      isWicket=d.wicket is not None, extraType=extra_type, display=display)
    striker = _line(state, inn, d.strikerId)
    out = _line(state, inn, d.wicket.dismissedPlayerId) if d.wicket is not None else None
    how = out.dismissal.description if out is not None and out.dismissal is not None else None
    return BallBowled(ball=facts, score=_score(state, inn), striker=striker,
                      nonStriker=_line(state, inn, d.nonStrikerId),
                      bowler=_bowler(state, inn, d.bowlerId),
                      commentary=commentary(state, d, how), note=scorer_note(d))


def _wickets(state: FoldState, inn: InningsState,
             was: InningsMarks) -> Iterator[tuple[str, EventType, View]]:
    for fow in inn.fallOfWickets[was.fallen:]:
        yield (f"WICKET_FALLEN:{fow.wicketNumber}", "WICKET_FALLEN",
               _wicket_fallen(state, inn, fow))


def _wicket_fallen(state: FoldState, inn: InningsState, fow: FallOfWicketState) -> WicketFallen:
    line = _line(state, inn, fow.playerId)
    description, bowler_id, fielder_ids = _dismissal(line, fow)
    ended = _stand_ended(inn, fow.wicketNumber)
    return WicketFallen(
        batterId=fow.playerId, type=fow.type, description=description, bowlerId=bowler_id,
        fielderIds=fielder_ids, batter=line,
        partnership=partnership_view(ended) if ended else None,
        fallOfWicket=fall_of_wicket_view(state, fow))


def _dismissal(line: BatterView | None,
               fow: FallOfWicketState) -> tuple[str, str | None, list[str]]:
    """How the batter was out (description, bowler, fielders), as the scorecard tells it;
    the bare type without a line."""
    dismissal = line.dismissal if line else None
    if dismissal is None:
        return fow.type, None, []
    return dismissal.description, dismissal.bowlerId, list(dismissal.fielderIds)


def _stand_ended(inn: InningsState, wicket: int) -> PartnershipState | None:
    """The partnership the wicket ended."""
    return next((p for p in reversed(inn.partnerships)
                 if p.wicket == wicket and p.endedBy is not None), None)


def _key_part(pid: str) -> str:
    """A player id as an event's key names it: as it is, or, past the 128 characters the
    rules allow, its head and a digest (an admin's write is not checked; keys stay short)."""
    if len(pid) <= 128:
        return pid
    return f"{pid[:64]}#{hashlib.sha256(pid.encode()).hexdigest()[:16]}"


def _crossed(before: int, after: int, marks_: Iterable[int]) -> list[int]:
    return [m for m in marks_ if before < m <= after]


def _milestones(before: Marks, now: Marks, state: FoldState, inn: InningsState,
                was: InningsMarks) -> Iterator[tuple[str, EventType, View]]:
    yield from _batter_milestones(inn, was)
    yield from _partnership_milestones(inn, was)
    yield from _team_milestones(inn, was)
    yield from _bowler_milestones(before, now, inn, was)


def _batter_milestones(inn: InningsState, was: InningsMarks,
                       ) -> Iterator[tuple[str, EventType, View]]:
    team = inn.battingTeamId
    for pid, b in inn.batters.items():
        for value in _crossed(was.batterRuns.get(pid, 0), b.runs, BATTER_MILESTONES):
            yield (f"MILESTONE_ACHIEVED:batter_runs:{value}:{_key_part(pid)}", "MILESTONE_ACHIEVED",
                   Milestone(milestone="batter_runs", value=value, playerIds=[pid],
                             teamId=team, balls=b.balls))


def _partnership_milestones(inn: InningsState, was: InningsMarks,
                            ) -> Iterator[tuple[str, EventType, View]]:
    stand = _stand(inn)
    if stand is None:
        return
    pair = [p for p in (stand.aId, stand.bId) if p]
    for value in _crossed(_stand_runs_before(was, stand), stand.runs, PARTNERSHIP_MILESTONES):
        yield (f"MILESTONE_ACHIEVED:partnership_runs:{value}:{stand.wicket}",
               "MILESTONE_ACHIEVED", Milestone(milestone="partnership_runs", value=value,
                                               playerIds=pair, teamId=inn.battingTeamId,
                                               balls=stand.balls))


def _stand_runs_before(was: InningsMarks, stand: PartnershipState) -> int:
    """The stand's runs before the action: none when a wicket since began a new one."""
    return was.stand[1] if was.stand and was.stand[0] == stand.wicket else 0


def _team_milestones(inn: InningsState, was: InningsMarks,
                     ) -> Iterator[tuple[str, EventType, View]]:
    hundreds = range(TEAM_MILESTONE, inn.runs + 1, TEAM_MILESTONE)
    for value in _crossed(was.runs, inn.runs, hundreds):
        yield (f"MILESTONE_ACHIEVED:team_runs:{value}", "MILESTONE_ACHIEVED",
               Milestone(milestone="team_runs", value=value, teamId=inn.battingTeamId))


def _bowler_milestones(before: Marks, now: Marks, inn: InningsState, was: InningsMarks,
                       ) -> Iterator[tuple[str, EventType, View]]:
    bowling = inn.bowlingTeamId
    for pid, b in inn.bowlers.items():
        kinds = [("five_wickets", was.bowlerWickets.get(pid, 0), b.wickets, FIVE_WICKETS),
                 ("hat_trick", was.streaks.get(pid, 0), b.streak, HAT_TRICK),
                 # super overs are not the match's: their wickets are in neither count
                 ("ten_wickets_match", before.matchWickets.get(pid, 0),
                  now.matchWickets.get(pid, 0), TEN_WICKETS)]
        for kind, old, new, value in kinds:
            if old < value <= new:
                yield (f"MILESTONE_ACHIEVED:{kind}:{value}:{_key_part(pid)}", "MILESTONE_ACHIEVED",
                       Milestone(milestone=kind, value=value, playerIds=[pid], teamId=bowling))


def _over(state: FoldState, inn: InningsState, was: InningsMarks,
          action: Action) -> Iterator[tuple[str, EventType, View]]:
    """An over is complete at its last legal ball; an over the umpire called short (a
    miscount) when the next one starts."""
    bpo = state.config.ballsPerOver
    over = inn.over
    if not isinstance(action, ScoringAction) or over is None:
        return
    if _same_over(over, was.over):
        if over.legalBalls == bpo and action.isLegalDelivery:
            yield _over_event(state, inn, over, balls=tuple(over.balls),
                              bowler_id=action.bowlerId)
    elif _called_short(was, bpo):
        yield _over_event(state, inn, was.over, balls=was.overBalls, bowler_id=was.bowlerId)


def _same_over(over: OverState, was: OverState | None) -> bool:
    return over is was or (was is not None and over.number == was.number)


def _called_short(was: InningsMarks, bpo: int) -> bool:
    """The over before was begun and left short of its balls in an innings still open."""
    return was.over is not None and 0 < was.over.legalBalls < bpo and not was.closed


def _over_event(state: FoldState, inn: InningsState, over: OverState, *,
                balls: tuple[BallState, ...], bowler_id: str | None,
                ) -> tuple[str, EventType, View]:
    number = over.number
    runs, wickets = _over_tally(inn, number, balls)
    return (f"OVER_COMPLETE:{number}", "OVER_COMPLETE", OverComplete(
        over=number,
        balls=[ball_view(b) for b in balls],
        runs=runs, wickets=wickets,
        maiden=_maiden(over, state.config.ballsPerOver), bowlerId=bowler_id,
        bowler=_bowler(state, inn, bowler_id), score=_score(state, inn)))


def _over_tally(inn: InningsState, number: int,
                balls: tuple[BallState, ...]) -> tuple[int, int]:
    """The over's runs and wickets: as its chart has them, else counted from its balls."""
    chart = next((o for o in inn.overHistory if o.number == number), None)
    if chart is not None:
        return chart.runs, chart.wickets
    return sum(b.runs for b in balls), sum(b.isWicket for b in balls)


def _maiden(over: OverState, bpo: int) -> bool:
    """A full over by one bowler that cost him nothing."""
    bowlers = list(over.bowlerRuns)
    return len(bowlers) == 1 and over.bowlerRuns[bowlers[0]] == 0 and over.legalBalls >= bpo


def _changes(state: FoldState, inn: InningsState, was: InningsMarks,
             action: Action) -> Iterator[tuple[str, EventType, View]]:
    cfg = state.config
    retired = _retirement(action)
    if retired is not None:
        yield _retired(retired, inn.battingTeamId)
    for pid in _at_crease(inn):
        if pid not in was.atCrease:
            yield _arrival(cfg.replacements.get(pid), "new_batter", pid, inn.battingTeamId)
    if inn.bowlerId is not None and inn.bowlerId != was.bowlerId:
        yield _arrival(cfg.replacements.get(inn.bowlerId), "new_bowler", inn.bowlerId,
                       inn.bowlingTeamId)


def _retired(retired: tuple[str, str], team: str) -> tuple[str, EventType, View]:
    pid, how = retired
    return (f"PLAYER_CHANGED:retirement:{_key_part(pid)}", "PLAYER_CHANGED", PlayerChanged(
        change="retirement", playerId=pid, teamId=team, retirement=how))


def _target_revised(state: FoldState, inn: InningsState, action: Action) -> TargetRevised | None:
    """An interruption or the officials' revised target, or a chase that begins with a
    target the rain rule revised: what the chase now needs."""
    if not _revises_target(state, inn, action):
        return None
    if isinstance(action, Interruption) and _between_innings(state):
        return _next_innings_revised(state, inn, action.reason)
    reason = action.reason if isinstance(action, Interruption) else None
    return TargetRevised(
        inningsNumber=inn.number, maxOvers=inn.maxOvers,
        ballsRemaining=balls_remaining(state, inn),
        target=target_of(state, inn), par=dls_par(state, inn),
        method=target_method(state, inn), reason=reason)


def _revises_target(state: FoldState, inn: InningsState, action: Action) -> bool:
    if isinstance(action, Interruption | RevisedTarget):
        return True
    return isinstance(action, InningsStart) and target_method(state, inn) is not None


def _between_innings(state: FoldState) -> bool:
    cur = state.current()
    return cur is not None and cur.closed


def _next_innings_revised(state: FoldState, inn: InningsState,
                          reason: str | None) -> TargetRevised:
    """An interruption between innings: the overs the next innings will have."""
    balls = state.nextAllotment or 0
    bpo = state.config.ballsPerOver
    return TargetRevised(inningsNumber=inn.number + 1, maxOvers=-(-balls // bpo),
                         ballsRemaining=balls, reason=reason)


def _retirement(action: Action) -> tuple[str, str] | None:
    """Who retired on this action, and how (Law 25.4)."""
    if isinstance(action, Retirement):
        return action.batterId, action.type
    wicket = action.wicket if isinstance(action, ScoringAction) else None
    if wicket is not None and wicket.type.startswith("retired"):
        return wicket.dismissedPlayerId, wicket.type
    return None


def _arrival(link: ReplacementState | None, change: Literal["new_batter", "new_bowler"], pid: str,
             team: str) -> tuple[str, EventType, View]:
    kind = "replacement" if link is not None else change
    return (f"PLAYER_CHANGED:{change}:{_key_part(pid)}", "PLAYER_CHANGED", PlayerChanged(
        change=kind, playerId=pid, teamId=team, replaces=link.replaces if link else None))


def _top_batters(state: FoldState, innings: Iterable[InningsState]) -> list[BatterView]:
    lines = [(b.runs, -b.balls, batter_line(state, inn, b))
             for inn in innings for b in inn.batters.values()]
    return [line for *_, line in sorted(lines, key=lambda x: (x[0], x[1]), reverse=True)][:TOP]


def _top_bowlers(state: FoldState, innings: Iterable[InningsState]) -> list[BowlerView]:
    lines = [(b.wickets, -b.runs, bowler_line(state, inn, b))
             for inn in innings for b in inn.bowlers.values()]
    return [line for *_, line in sorted(lines, key=lambda x: (x[0], x[1]), reverse=True)][:TOP]


def _innings_complete(state: FoldState, inn: InningsState) -> InningsComplete:
    return InningsComplete(total=_score(state, inn), endReason=inn.endReason,
                           topBatters=_top_batters(state, [inn]),
                           topBowlers=_top_bowlers(state, [inn]))


def _match_complete(state: FoldState, result: Result) -> MatchComplete:
    return MatchComplete(result=result.text, resultType=result.type, winnerId=result.winnerId,
                         winMargin=result.marginText, method=result.method,
                         resultSource=result.source,
                         topBatters=_top_batters(state, state.innings),
                         topBowlers=_top_bowlers(state, state.innings))

