"""The spectator feed's vocabulary: each event's type and payload, as a spectator's app reads
them at `matches/{matchId}/events/{seq}`, and the digest a refold compares. What makes them
from the log is `scorebook.feed`."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from scorebook.actions import Extras
from scorebook.document import View, to_document
from scorebook.laws.runs import ExtraType
from scorebook.views.scorecard import (
    BallView,
    BatterView,
    BowlerView,
    FallOfWicketView,
    PartnershipView,
)

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
    "TARGET_REVISED",
]

#: The officials' notices: published when a dispute opens or closes, not derived from the
#: log (a refold of the log neither makes nor takes them back).
NOTICE_TYPES = frozenset({"SCORING_DISPUTE_RAISED", "DISPUTE_RESOLVED"})

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
    commentary: str | None = None
    """The ball in words, the live commentary's line: "Bumrah to Smith, FOUR, driven through
    cover", a wicket as the scorecard words it."""
    note: str | None = None
    """The scorer's own words on the ball ("dropped at slip"), shown under the line."""


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
    resultSource: Literal["officials", "laws"] = "laws"
    """Who says so: the officials (their recorded result, which stands) or the Laws, from
    the innings."""
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


class TargetRevised(View):
    """Overs lost to the weather, or a target the officials set: the innings' overs now and,
    once the chase has begun, its target and par."""

    inningsNumber: int
    """The innings whose overs or target changed (the next one, for a stop between innings)."""
    maxOvers: int | None = None
    ballsRemaining: int | None = None
    target: int | None = None
    """The chase's target now; null while the side batting first is batting."""
    par: int | None = None
    """The chase's par now (the rain rule's): null where no par is kept."""
    method: str | None = None
    """"D/L" where the functions revised the target (Standard Edition), the officials'
    method where they set it."""
    reason: str | None = None
    """Why play stopped (an interruption's reason: rain, bad_light, ...)."""


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


class TargetRevisedEvent(_Event):
    """Overs lost, or the officials' target: the chase's target and par as they now are."""

    type: Literal["TARGET_REVISED"] = "TARGET_REVISED"
    payload: TargetRevised


FeedEvent = Annotated[
    BallBowledEvent | WicketFallenEvent | OverCompleteEvent | InningsCompleteEvent
    | MatchCompleteEvent | PlayerChangedEvent | MilestoneEvent | BallRetractedEvent
    | DisputeRaisedEvent | DisputeResolvedEvent | TargetRevisedEvent,
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
