"""The spectator feed: what happened on each action, as typed events.

`events(before, action, after)` is a pure function of the fold: `before` is what the feed
needs to know of the state before the action (`marks(state)`, a few numbers, taken before
the action is folded in), `after` the state after it. `feed(match, actions)` is the whole
feed of a log. The functions publish these events at `matches/{matchId}/events/{seq}`, in
the same transaction as live/score; `python -m scorebook events MATCH.json` prints them.

Milestones are counted as scorers count them: a batter's 50, 100, 150 and 200 at the ball
that reached it; a partnership's 50 and 100, a side's 100, 200, ... of an innings; a
bowler's five wickets in an innings and ten in the match (Law-credited wickets: bowled,
caught, lbw, stumped, hit wicket); a hat-trick, three such wickets with the bowler's
consecutive balls in one innings (a wide or no-ball in between that takes no wicket is not
a ball of the over and does not break it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from scorebook.actions import (
    Action,
    Extras,
    Retirement,
    ScoringAction,
    log_position,
    sort_key,
)
from scorebook.document import View, to_document
from scorebook.fold import fold_into, initial_state
from scorebook.fold.state import (
    BallState,
    FoldState,
    InningsState,
    OverState,
    ReplacementState,
)
from scorebook.laws.innings import target_of
from scorebook.laws.result import Result, judge_result
from scorebook.match import Match
from scorebook.views.scorecard import (
    BallView,
    BatterView,
    BowlerView,
    FallOfWicketView,
    MatchStatus,
    PartnershipView,
    batter_line,
    bowler_line,
    fall_of_wicket_view,
    innings_overs,
    match_status,
    partnership_view,
)
from scorebook.views.text import ExtraType, ball_display

EventType = Literal[
    "BALL_BOWLED",
    "WICKET_FALLEN",
    "OVER_COMPLETE",
    "INNINGS_COMPLETE",
    "MATCH_COMPLETE",
    "PLAYER_CHANGED",
    "MILESTONE_ACHIEVED",
    "BALL_RETRACTED",
    "SCORING_DISPUTE_RAISED",
    "DISPUTE_RESOLVED",
]

#: The officials' notices: published when a dispute opens or closes, not derived from the
#: log (a refold of the log neither makes nor takes them back).
NOTICE_TYPES = frozenset({"SCORING_DISPUTE_RAISED", "DISPUTE_RESOLVED"})

BATTER_MILESTONES = (50, 100, 150, 200)
PARTNERSHIP_MILESTONES = (50, 100)
TEAM_MILESTONE = 100  # every hundred: 100, 200, 300, ...
FIVE_WICKETS = 5
TEN_WICKETS = 10
HAT_TRICK = 3
TOP = 3  # top batters and bowlers in an innings' or the match's summary


# --- payloads -----------------------------------------------------------------------------


class ScoreLine(View):
    """The batting side's score after the event."""

    runs: int
    wickets: int
    overs: float
    """The scoreboard's overs: 12.4 = 12 overs and 4 legal balls."""
    balls: int
    """Legal balls bowled in the innings."""
    target: int | None = None
    runsNeeded: int | None = None


class BallFacts(View):
    """What the delivery was, as the scorer recorded it."""

    runsOffBat: int
    extras: Extras
    totalRuns: int
    isLegalDelivery: bool
    isBoundary: bool | None = None
    """Null when the scorer did not say (a four run, or hit to the rope?)."""
    isWicket: bool
    extraType: ExtraType | None = None
    display: str
    """The ball as the over strip shows it: "4", "W", "1wd", "2nb"."""


class BallBowled(View):
    """A delivery."""

    ball: BallFacts
    score: ScoreLine
    striker: BatterView | None = None
    """The striker's line after the ball (the batter who faced it)."""
    nonStriker: BatterView | None = None
    bowler: BowlerView | None = None


class WicketFallen(View):
    """A batter out (a retirement out included)."""

    batterId: str
    type: str
    description: str
    """How he was out, as the scorecard words it ("c Smith b Jones")."""
    bowlerId: str | None = None
    """The bowler credited with it; null for a run out, a retirement, ..."""
    fielderIds: list[str] = Field(default_factory=list)
    batter: BatterView | None = None
    """His final line."""
    partnership: PartnershipView | None = None
    """The stand the wicket ended."""
    fallOfWicket: FallOfWicketView


class OverComplete(View):
    """An over, at its last legal ball (or, called short, when the next one starts)."""

    over: int
    """The over's number, counted from 0."""
    balls: list[BallView] = Field(default_factory=list)
    runs: int
    wickets: int
    maiden: bool
    """Six (``ballsPerOver``) legal balls by one bowler that cost him nothing."""
    bowlerId: str | None = None
    bowler: BowlerView | None = None
    """The bowler's figures after the over."""
    score: ScoreLine


class InningsComplete(View):
    """An innings' end."""

    total: ScoreLine
    endReason: str | None = None
    """"all_out", "overs", "target", "declared", ...: why it ended."""
    topBatters: list[BatterView] = Field(default_factory=list)
    topBowlers: list[BowlerView] = Field(default_factory=list)


class MatchComplete(View):
    """The match's result."""

    result: str
    """The result as live/score words it ("Home won by 18 runs")."""
    resultType: str
    winnerId: str | None = None
    winMargin: str | None = None
    method: str | None = None
    topBatters: list[BatterView] = Field(default_factory=list)
    """The highest innings of the match, of either side."""
    topBowlers: list[BowlerView] = Field(default_factory=list)
    """The best bowling in an innings of the match (most wickets, then fewest runs)."""


class PlayerChanged(View):
    """Who is in or on."""

    change: Literal["new_batter", "new_bowler", "retirement", "replacement"]
    """A batter came in, a bowler came on, a batter retired, or the one who came in is a
    replacement made during the match (concussion, impact player, ...)."""
    playerId: str
    teamId: str | None = None
    replaces: str | None = None
    """The player a replacement took the place of."""
    retirement: str | None = None
    """How he retired: "retired_hurt", "retired_not_out", "retired_out"."""


class Milestone(View):
    """A milestone reached on this action."""

    milestone: Literal["batter_runs", "partnership_runs", "team_runs", "five_wickets",
                       "ten_wickets_match", "hat_trick"]
    value: int
    """The runs (50, 100, ...) or wickets (5, 10, 3 in a hat-trick) reached."""
    playerIds: list[str] = Field(default_factory=list)
    """The batter, the pair, or the bowler (none for a side's runs)."""
    teamId: str | None = None
    balls: int | None = None
    """Balls it took: the batter's balls faced, the stand's; null for wickets."""


class BallRetracted(View):
    """Events published earlier that a void, a correction or a late ball took back; the
    events that replace them follow this one."""

    retractedSeqs: list[int] = Field(default_factory=list)
    reason: str


class DisputedField(View):
    field: str
    """The field compared (``runsOffBat``, ``extras.wide``, ``wicket.dismissedPlayerId``...)."""
    values: dict[str, Any]
    """Each scorer's value, by scorer uid."""


class DisputeRaised(View):
    """The scorers' views of a ball differ: it waits for an official, and so do the balls
    after it (matches/{id}/disputes/{position})."""

    position: str
    """The log position in dispute (``1-0042``)."""
    differences: list[DisputedField] = Field(default_factory=list)
    scorerIds: list[str] = Field(default_factory=list)


class DisputeResolved(View):
    """An official resolved a dispute: the ball is in the log (or abandoned), and the balls
    held behind it follow."""

    position: str
    method: str
    """UMPIRE_OVERRIDE, VIDEO_REVIEW, MAJORITY_VOTE, CAPTAIN_CONSENSUS or ABANDON_BALL."""
    resolvedBy: str
    abandoned: bool = False


# --- the events ---------------------------------------------------------------------------


class _Event(View):
    """What every event of the feed has: where it comes from and where it is published."""

    key: str
    """What the event is about, unique within its action: with `actionId`, what a re-issued
    event is matched by."""
    actionId: str | None = None
    """The action it came from (a retraction: the one that caused it)."""
    order: str
    """Its place in the log: the action's position and the event's rank within it
    ("01-0042-00-01"); the feed's events sort by it in log order."""
    inningsNumber: int | None = None
    over: int | None = None
    """The over it happened in, counted from 0."""
    ball: int | None = None
    """The delivery's place in its over (`ballInOver`); null for an event between balls."""
    timestamp: datetime | None = None
    """When the action says it happened."""
    seq: int = 0
    """The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming
    app asks for the events after the last `seq` it has); 0 until published."""
    createdAt: datetime | None = None
    """When the functions published it (the server's time)."""
    retracted: bool = False
    """Taken back by a later BALL_RETRACTED (a void, a correction, a late ball)."""
    retractedBy: int | None = None
    """The `seq` of the BALL_RETRACTED that took it back."""
    digest: str | None = None
    """What a refold compares: the event's facts, names aside (set when published)."""


#: What publishing adds to an event: not part of what it says happened.
PUBLICATION_FIELDS = frozenset({"seq", "createdAt", "retracted", "retractedBy", "digest"})


class BallBowledEvent(_Event):
    """Every delivery, extras included: the ball, the score after it, the batters' and the bowler's
    lines."""

    type: Literal["BALL_BOWLED"] = "BALL_BOWLED"
    payload: BallBowled


class WicketFallenEvent(_Event):
    """A wicket: how, the partnership it ended, the fall-of-wicket entry."""

    type: Literal["WICKET_FALLEN"] = "WICKET_FALLEN"
    payload: WicketFallen


class OverCompleteEvent(_Event):
    """An over bowled: its balls, runs, wickets, whether a maiden, the bowler's figures."""

    type: Literal["OVER_COMPLETE"] = "OVER_COMPLETE"
    payload: OverComplete


class InningsCompleteEvent(_Event):
    """An innings ended: its total, why, its top batters and bowlers."""

    type: Literal["INNINGS_COMPLETE"] = "INNINGS_COMPLETE"
    payload: InningsComplete


class MatchCompleteEvent(_Event):
    """The match is over (again, when a super over or the officials' method changes the result): the
    result and the top performers."""

    type: Literal["MATCH_COMPLETE"] = "MATCH_COMPLETE"
    payload: MatchComplete


class PlayerChangedEvent(_Event):
    """A batter came in, a bowler came on, a batter retired, or a replacement came in."""

    type: Literal["PLAYER_CHANGED"] = "PLAYER_CHANGED"
    payload: PlayerChanged


class MilestoneEvent(_Event):
    """A batter's 50, 100, 150 or 200; a partnership's 50 or 100; a side's hundreds; a five-for, ten
    wickets in the match, a hat-trick."""

    type: Literal["MILESTONE_ACHIEVED"] = "MILESTONE_ACHIEVED"
    payload: Milestone


class BallRetractedEvent(_Event):
    """Events taken back by a void, a correction or a late ball (named by `seq`); the events now
    true follow it."""

    type: Literal["BALL_RETRACTED"] = "BALL_RETRACTED"
    payload: BallRetracted


class DisputeRaisedEvent(_Event):
    """The scorers disagree about a ball (DUAL and TRIPLE matches): which fields, and each
    scorer's value. Not taken back by a refold: it is the officials' notice, not the log's."""

    type: Literal["SCORING_DISPUTE_RAISED"] = "SCORING_DISPUTE_RAISED"
    payload: DisputeRaised


class DisputeResolvedEvent(_Event):
    """An official resolved a dispute: how, and by whom."""

    type: Literal["DISPUTE_RESOLVED"] = "DISPUTE_RESOLVED"
    payload: DisputeResolved


FeedEvent = Annotated[
    BallBowledEvent | WicketFallenEvent | OverCompleteEvent | InningsCompleteEvent
    | MatchCompleteEvent | PlayerChangedEvent | MilestoneEvent | BallRetractedEvent
    | DisputeRaisedEvent | DisputeResolvedEvent,
    Field(discriminator="type"),
]
FEED_EVENT: TypeAdapter[FeedEvent] = TypeAdapter(FeedEvent)


#: Text that names people: a name corrected later (a lineup edit) changes no event's facts.
_NAMES = frozenset({"name", "batsmanOutName", "description", "replacementNote"})


def _facts(value: object) -> object:
    if isinstance(value, dict):
        return {k: _facts(v) for k, v in value.items() if k not in _NAMES}
    if isinstance(value, list):
        return [_facts(v) for v in value]
    return value


def event_digest(event: FeedEvent) -> str:
    """A digest of what the event says happened (names aside): equal for an event a refold
    finds again, so it stays published as it was."""
    document = to_document(event, json=True)
    facts = _facts({k: v for k, v in document.items() if k not in PUBLICATION_FIELDS})
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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
    current = None
    if inn is not None:
        stand = inn.partnerships[-1] if inn.partnerships else None
        current = InningsMarks(
            number=inn.number,
            runs=inn.runs,
            closed=inn.closed,
            fallen=len(inn.fallOfWickets),
            over=inn.over,
            overBalls=tuple(inn.over.balls) if inn.over else (),
            atCrease=frozenset(p for p in (inn.strikerId, inn.nonStrikerId) if p),
            bowlerId=inn.bowlerId,
            batterRuns={pid: b.runs for pid, b in inn.batters.items()},
            bowlerWickets={pid: b.wickets for pid, b in inn.bowlers.items()},
            streaks={pid: b.streak for pid, b in inn.bowlers.items()},
            stand=(stand.wicket, stand.runs) if stand else None,
        )
    return Marks(status=match_status(state, result), result=result.text if result else None,
                 current=current, matchWickets=_match_wickets(state))


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
    inn = next((i for i in after.innings if i.number == action.inningsNumber), None)
    was = before.current if before.current and inn and before.current.number == inn.number \
        else InningsMarks(number=inn.number if inn else 0)
    found: list[tuple[str, EventType, View]] = []
    if inn is not None:
        if isinstance(action, ScoringAction):
            found.append(("BALL_BOWLED", "BALL_BOWLED", _ball(after, inn, action)))
        found.extend(_wickets(after, inn, was))
        found.extend(_milestones(before, now, after, inn, was))
        found.extend(_over(after, inn, was, action))
        found.extend(_changes(after, inn, was, action))
        if inn.closed and not was.closed:
            found.append((f"INNINGS_COMPLETE:{inn.number}", "INNINGS_COMPLETE",
                          _innings_complete(after, inn)))
    if now.status == "completed" and (before.status != "completed"
                                      or before.result != now.result):
        # complete, or the officials' word changed how: a method (D/L) added to the result
        result, _ = judge_result(after)
        assert result is not None
        found.append(("MATCH_COMPLETE", "MATCH_COMPLETE", _match_complete(after, result)))
    over = action.overNumber if isinstance(action, ScoringAction) else (
        inn.over.number if inn and inn.over else None)
    ball = action.ballInOver if isinstance(action, ScoringAction) else None
    return [
        FEED_EVENT.validate_python({
            "type": kind, "key": key, "actionId": action.id,
            "order": event_order(action.id, rank),
            "inningsNumber": action.inningsNumber, "over": over, "ball": ball,
            "timestamp": action.timestamp, "payload": payload,
        })
        for rank, (key, kind, payload) in enumerate(found)
    ]


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
    return BallBowled(ball=facts, score=_score(state, inn),
                      striker=_line(state, inn, d.strikerId),
                      nonStriker=_line(state, inn, d.nonStrikerId),
                      bowler=_bowler(state, inn, d.bowlerId))


def _wickets(state: FoldState, inn: InningsState,
             was: InningsMarks) -> Iterator[tuple[str, EventType, View]]:
    for fow in inn.fallOfWickets[was.fallen:]:
        batter = inn.batters.get(fow.playerId)
        line = batter_line(state, inn, batter) if batter else None
        dismissal = line.dismissal if line else None
        ended = next((p for p in reversed(inn.partnerships)
                      if p.wicket == fow.wicketNumber and p.endedBy is not None), None)
        yield (f"WICKET_FALLEN:{fow.wicketNumber}", "WICKET_FALLEN", WicketFallen(
            batterId=fow.playerId, type=fow.type,
            description=dismissal.description if dismissal else fow.type,
            bowlerId=dismissal.bowlerId if dismissal else None,
            fielderIds=list(dismissal.fielderIds) if dismissal else [],
            batter=line,
            partnership=partnership_view(ended) if ended else None,
            fallOfWicket=fall_of_wicket_view(state, fow)))


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
    team = inn.battingTeamId
    for pid, b in inn.batters.items():
        for value in _crossed(was.batterRuns.get(pid, 0), b.runs, BATTER_MILESTONES):
            yield (f"MILESTONE_ACHIEVED:batter_runs:{value}:{_key_part(pid)}", "MILESTONE_ACHIEVED",
                   Milestone(milestone="batter_runs", value=value, playerIds=[pid],
                             teamId=team, balls=b.balls))
    stand = inn.partnerships[-1] if inn.partnerships else None
    if stand is not None:
        start = was.stand[1] if was.stand and was.stand[0] == stand.wicket else 0
        pair = [p for p in (stand.aId, stand.bId) if p]
        for value in _crossed(start, stand.runs, PARTNERSHIP_MILESTONES):
            yield (f"MILESTONE_ACHIEVED:partnership_runs:{value}:{stand.wicket}",
                   "MILESTONE_ACHIEVED", Milestone(milestone="partnership_runs", value=value,
                                                   playerIds=pair, teamId=team,
                                                   balls=stand.balls))
    hundreds = range(TEAM_MILESTONE, inn.runs + 1, TEAM_MILESTONE)
    for value in _crossed(was.runs, inn.runs, hundreds):
        yield (f"MILESTONE_ACHIEVED:team_runs:{value}", "MILESTONE_ACHIEVED",
               Milestone(milestone="team_runs", value=value, teamId=team))
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
    if over is was.over or (was.over is not None and over.number == was.over.number):
        if over.legalBalls == bpo and action.isLegalDelivery:
            yield _over_event(state, inn, over, balls=tuple(over.balls),
                              bowler_id=action.bowlerId)
    elif was.over is not None and 0 < was.over.legalBalls < bpo and not was.closed:
        yield _over_event(state, inn, was.over, balls=was.overBalls, bowler_id=was.bowlerId)


def _over_event(state: FoldState, inn: InningsState, over: OverState, *,
                balls: tuple[BallState, ...], bowler_id: str | None,
                ) -> tuple[str, EventType, View]:
    number = over.number
    chart = next((o for o in inn.overHistory if o.number == number), None)
    bowlers = list(over.bowlerRuns)
    maiden = (len(bowlers) == 1 and over.bowlerRuns[bowlers[0]] == 0
              and over.legalBalls >= state.config.ballsPerOver)
    return (f"OVER_COMPLETE:{number}", "OVER_COMPLETE", OverComplete(
        over=number,
        balls=[BallView(runs=b.runs, isWicket=b.isWicket, extraType=b.extraType,
                        display=b.display) for b in balls],
        runs=chart.runs if chart else sum(b.runs for b in balls),
        wickets=chart.wickets if chart else sum(b.isWicket for b in balls),
        maiden=maiden, bowlerId=bowler_id, bowler=_bowler(state, inn, bowler_id),
        score=_score(state, inn)))


def _changes(state: FoldState, inn: InningsState, was: InningsMarks,
             action: Action) -> Iterator[tuple[str, EventType, View]]:
    cfg = state.config
    retired = _retirement(action)
    if retired is not None:
        pid, how = retired
        yield (f"PLAYER_CHANGED:retirement:{_key_part(pid)}", "PLAYER_CHANGED", PlayerChanged(
            change="retirement", playerId=pid, teamId=inn.battingTeamId, retirement=how))
    at_crease = [p for p in (inn.strikerId, inn.nonStrikerId) if p]
    for pid in at_crease:
        if pid not in was.atCrease:
            yield _arrival(cfg.replacements.get(pid), "new_batter", pid, inn.battingTeamId)
    if inn.bowlerId is not None and inn.bowlerId != was.bowlerId:
        yield _arrival(cfg.replacements.get(inn.bowlerId), "new_bowler", inn.bowlerId,
                       inn.bowlingTeamId)


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
                         topBatters=_top_batters(state, state.innings),
                         topBowlers=_top_bowlers(state, state.innings))

