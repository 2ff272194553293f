"""The log's schema: one model per kind of scoring action, and how a document is parsed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import reduce
from operator import attrgetter, or_
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    Discriminator,
    Field,
    StrictBool,
    Tag,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from scorebook.document import MAX_COUNT, Moment, Schema, describe
from scorebook.laws import dismissals, runs
from scorebook.laws.dismissals import BETWEEN_BALLS

Source = Literal["live", "manual_entry", "import", "correction", "migration", "consensus"]


WicketType = Literal[
    "bowled",
    "caught",
    "lbw",
    "run_out",
    "stumped",
    "hit_wicket",
    "handled_ball",
    "obstructing_field",
    "hit_the_ball_twice",
    "timed_out",
    "retired_out",
    "retired_hurt",
    "retired_not_out",
]


#: Where the bowler delivers from, as the product schema spells it.
BowlingAngle = Literal["Over the Wicket", "Round the Wicket"]


class Extras(Schema):
    """Runs that are not off the bat on one delivery, in runs (not in counts).

    ``wide`` and ``noBall`` include the one-run (or two-run) penalty: a wide that runs to
    the boundary is ``wide=5``. Runs run off a no-ball that did not come off the bat are
    byes or leg-byes (Law 21.7).
    """

    wide: int = Field(default=0, ge=0, le=MAX_COUNT)
    noBall: int = Field(default=0, ge=0, le=MAX_COUNT)
    bye: int = Field(default=0, ge=0, le=MAX_COUNT)
    legBye: int = Field(default=0, ge=0, le=MAX_COUNT)
    penalty: int = Field(default=0, ge=0, le=MAX_COUNT)

    @property
    def total(self) -> int:
        return self.wide + self.noBall + self.bye + self.legBye + self.penalty


class Wicket(Schema):
    type: WicketType
    dismissedPlayerId: str
    fielderIds: list[str] = Field(default_factory=list)
    assistFielderIds: list[str] = Field(default_factory=list)
    #: fielders in ``fielderIds``/``assistFielderIds`` who were substitutes ("c sub (Smith)").
    substituteFielderIds: list[str] = Field(default_factory=list)


class Coordinates(Schema):
    x: float
    y: float


ShotType = Literal["drive", "cut", "pull", "hook", "sweep", "reverse_sweep", "flick",
                   "glance", "defend", "leave", "edge", "other"]
PitchLength = Literal["full_toss", "yorker", "full", "good", "short", "bouncer"]
BowlingLine = Literal["off_stump", "middle_stump", "leg_stump", "outside_off", "outside_leg"]
#: The wagon wheel's segments: eight, numbered clockwise from straight down the ground
#: behind the bowler as the striker sees it (1: long on to mid on for a right-hander).
WAGON_WHEEL_SEGMENTS = 8


class ShotData(Schema):
    """Where the ball pitched and went, as the scorer saw it: the design documents' lists."""

    coordinates: Coordinates | None = None
    shotType: ShotType | None = None
    length: PitchLength | None = None
    line: BowlingLine | None = None
    speed: float | None = None
    wagonWheelSegment: int | None = Field(default=None, ge=1, le=WAGON_WHEEL_SEGMENTS)


def action_id(innings_number: int, sequence_number: int) -> str:
    """Deterministic document id of the action at this place in the log: ``"1-0007"``.

    A second write of the same ball then hits the same document (a refused create, not a
    duplicate), and the security rules can ``get()`` it.
    """
    return f"{innings_number}-{sequence_number:04d}"


#: Where a document id that is not a log position sorts: after every position.
NOT_A_POSITION = 1 << 62


def is_voided(document: Mapping[str, Any]) -> bool:
    """Voided as Firestore's `isVoided == true` query counts it: the boolean true only (a 1
    or "true" from a bad write is not a void, and the parser reports the document)."""
    return document.get("isVoided") is True


def log_position(doc_id: str) -> tuple[int, int, int, str]:
    """Where a scoring_actions document id stands in the log, numerically: ``"10-0001"``
    after ``"9-0120"`` (a document id compares as text, so Firestore orders them the other
    way), a correction ``"1-0042-c1"`` right after the ball it replaces. Ids that are not
    positions sort last."""
    innings, _, rest = doc_id.partition("-")
    sequence, _, suffix = rest.partition("-")
    correction = suffix.removeprefix("c")
    if innings.isdigit() and sequence.isdigit() and (not suffix or correction.isdigit()):
        return (int(innings), int(sequence), int(correction or 0), doc_id)
    return (NOT_A_POSITION, 0, 0, doc_id)


#: The longest note a scorer may put on a ball (firestore.rules: isValidDelivery).
NOTE_LENGTH = 280

#: A key an app gives each action it writes (random, 8 to 64 letters, digits, _ or -).
ACTION_KEY = r"^[A-Za-z0-9_-]{8,64}$"


class Follows(Schema):
    """The action a new one was built on: the id of the place before it in the log and the
    ``key`` the writer saw there (None where that action has none). The rules refuse the new
    action unless the log holds that very action there: a device's offline queue built on a
    ball another device beat to its place is refused ball after ball, never mixed in."""

    id: str = Field(pattern=r"^[1-9][0-9]?-[0-9]{4}(-c[1-9][0-9]?)?$")
    key: str | None = Field(default=None, pattern=ACTION_KEY)


class ActionBase(Schema):
    """Fields every event of the log has. The log is ordered by (inningsNumber,
    sequenceNumber); an undo never deletes, it sets ``isVoided`` and the void fields."""

    id: str = Field(min_length=1)
    matchId: str = Field(min_length=1)
    inningsNumber: int = Field(ge=1, le=MAX_COUNT)
    sequenceNumber: int = Field(ge=1, le=MAX_COUNT)
    timestamp: Moment
    recordedBy: str
    source: Source = "live"
    corrects: str | None = None
    correctedBy: str | None = None
    #: the writer's own key for this action (the kit draws one for every write), which the
    #: next action of the same device names in ``follows``; a document leaves both out when
    #: it has none
    key: str | None = Field(default=None, pattern=ACTION_KEY, exclude_if=lambda v: v is None)
    follows: Follows | None = Field(default=None, exclude_if=lambda v: v is None)
    #: the consensus' action (source "consensus"): the submissions it was agreed from; only
    #: the functions write it (the rules refuse it from clients), and a document leaves it
    #: out when it has none
    submissionIds: list[str] | None = Field(default=None, exclude_if=lambda v: v is None)
    #: an action ingested from a data provider (scorebook.ingest): the provider's name and its
    #: id for the event, so a re-sent event is known; only the functions and the ingestion
    #: write them, and a document leaves them out when it has none
    provider: str | None = Field(default=None, exclude_if=lambda v: v is None)
    providerEventId: str | None = Field(default=None, exclude_if=lambda v: v is None)
    #: strictly a boolean: Firestore's `isVoided == true` query counts only true
    isVoided: StrictBool = False
    voidReason: str | None = None
    voidedBy: str | None = None
    voidedAt: Moment | None = None
    createdAt: Moment | None = None
    updatedAt: Moment | None = None

    @property
    def position(self) -> tuple[int, int]:
        return (self.inningsNumber, self.sequenceNumber)

    @model_validator(mode="after")
    def _check_void(self) -> ActionBase:
        if not self.isVoided and (self.voidReason or self.voidedBy or self.voidedAt):
            raise ValueError("isVoided: void fields are set but isVoided is false")
        return self


#: The fields of an action only the functions write (a consensus' submissions, a provider's
#: event): the rules refuse them from every client.
FUNCTIONS_ONLY_FIELDS = ("submissionIds", "provider", "providerEventId")


class ScoringAction(ActionBase):
    """One delivery. ``kind`` defaults to ``"delivery"``: a document without ``kind`` is a ball.

    ``overNumber`` is 0-based and is the over the umpire called (a miscounted 5- or 7-ball
    over keeps its number); ``ballInOver`` is the 1-based position of the delivery in that
    over counting wides and no-balls.
    """

    kind: Literal["delivery"] = "delivery"
    overNumber: int = Field(ge=0, le=MAX_COUNT)
    ballInOver: int = Field(ge=1, le=MAX_COUNT)
    strikerId: str = Field(min_length=1)
    nonStrikerId: str = Field(min_length=1)
    bowlerId: str = Field(min_length=1)
    runsOffBat: int = Field(ge=0, le=MAX_COUNT)
    extras: Extras = Field(default_factory=Extras)
    totalRuns: int = Field(ge=0, le=MAX_COUNT)
    isWicket: bool = False
    wicket: Wicket | None = None
    isLegalDelivery: bool
    #: True when the ball reached the boundary; None = infer (4 or 6 off the bat). False for
    #: "four runs run that are not a boundary" (Cricsheet's ``non_boundary``).
    isBoundary: bool | None = None
    shotData: ShotData | None = None
    #: over or round the wicket; None: not recorded
    bowlingAngle: BowlingAngle | None = None
    #: the scorer's own words on the ball ("dropped at slip"), shown beside the live
    #: commentary's line; never decided on under consensus
    note: str | None = Field(default=None, max_length=NOTE_LENGTH)

    @model_validator(mode="after")
    def _check_laws(self) -> ScoringAction:
        for check in _DELIVERY_CHECKS:
            problem = check(self)
            if problem is not None:
                raise ValueError(problem)
        return self


def _batters_problem(d: ScoringAction) -> str | None:
    if d.strikerId == d.nonStrikerId:
        return "nonStrikerId: striker and non-striker must be different players"
    return None


def _wicket_flag_problem(d: ScoringAction) -> str | None:
    if d.isWicket and d.wicket is None:
        return "wicket: isWicket is true but no wicket is given"
    if d.wicket is not None and not d.isWicket:
        return "isWicket: a wicket is given but isWicket is false"
    return None


#: What a delivery is checked for, in this order: the first problem found is the one reported
#: (the messages reach ``live/score.integrity``, so the order is part of the schema).
_DELIVERY_CHECKS: tuple[Callable[[ScoringAction], str | None], ...] = (
    runs.total_runs_problem,
    runs.wide_problem,
    runs.bye_problem,
    runs.legal_delivery_problem,
    _batters_problem,
    runs.boundary_problem,
    _wicket_flag_problem,
    dismissals.dismissal_problem,
)


def law_problems(delivery: ScoringAction) -> list[str]:
    """Every Law the delivery breaks, in the order of the checks (the model reports only the
    first): what `scorebook.service.validate` shows an app."""
    return [problem for check in _DELIVERY_CHECKS if (problem := check(delivery))]


Delivery = ScoringAction


class InningsStart(ActionBase):
    """An innings begins: who bats, who bowls, and any target or over limit set for it.

    ``target``/``maxOvers`` are only needed when an official set them (rain rules); the fold
    otherwise derives the target from the earlier innings and the overs from the match.
    """

    kind: Literal["innings_start"]
    battingTeamId: str
    bowlingTeamId: str
    isSuperOver: bool = False
    target: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    maxOvers: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    strikerId: str | None = None
    nonStrikerId: str | None = None
    bowlerId: str | None = None

    @model_validator(mode="after")
    def _teams_differ(self) -> InningsStart:
        if self.battingTeamId == self.bowlingTeamId:
            raise ValueError("bowlingTeamId: must differ from battingTeamId")
        return self


class Declaration(ActionBase):
    """Law 15.1: the captain of the batting side declares the innings closed."""

    kind: Literal["declaration"]


class Forfeit(ActionBase):
    """Law 15.2: a captain forfeits an innings; it counts as a completed innings of 0."""

    kind: Literal["forfeit"]


class InningsEnd(ActionBase):
    """An innings closed for a reason the deliveries cannot show (e.g. all out with a batter
    absent hurt, or the umpires calling off play)."""

    kind: Literal["innings_end"]
    reason: Literal["all_out", "overs", "target", "abandoned", "other"] = "other"
    note: str | None = None


class PenaltyRuns(ActionBase):
    """Law 41: penalty runs awarded outside a delivery, five for each offence (the rules
    accept 5 to 30, in fives: an import or an admin may record a multiple at once).

    ``awardedToTeamId`` names the side receiving them. Runs awarded to the batting side go to
    the current innings; runs awarded to the fielding side go to that side's most recent
    innings, or to its next innings if it has not batted (Law 41.17). ``when`` is "pre" or
    "post" for runs recorded before/after an innings (Cricsheet's penalty_runs).
    """

    kind: Literal["penalty_runs"]
    runs: int = Field(ge=1, le=MAX_COUNT)
    awardedToTeamId: str | None = None
    when: Literal["pre", "during", "post"] = "during"
    reason: str | None = None


class Retirement(ActionBase):
    """Law 25.4: a batter retires between deliveries. Retired hurt / not out is not a wicket
    and the batter may resume; retired out is a wicket not credited to the bowler."""

    kind: Literal["retirement"]
    batterId: str
    type: Literal["retired_hurt", "retired_not_out", "retired_out"] = "retired_hurt"


class Absence(ActionBase):
    """A batter of the batting side cannot bat in this innings (absent hurt, absent ill, or
    not at the ground). Law 13.3: an innings is complete when no further batter is available
    to come in, so each absent batter brings the side's all-out one wicket sooner. Should he
    come in after all, he is no longer absent (void this action to withdraw the notice)."""

    kind: Literal["absence"]
    batterId: str = Field(min_length=1)
    reason: Literal["absent_hurt", "absent_ill", "absent"] = "absent_hurt"


class Dismissal(ActionBase):
    """A wicket without a delivery: timed out (Law 40), or a run out/obstruction while the
    ball is not a delivery (e.g. the non-striker leaving the crease before the bowler
    delivers). ``bowlerId`` is the bowler at the time, for the fall-of-wicket line."""

    kind: Literal["dismissal"]
    wicket: Wicket
    bowlerId: str | None = None

    @model_validator(mode="after")
    def _between_balls(self) -> Dismissal:
        if self.wicket.type not in BETWEEN_BALLS:
            raise ValueError(f"wicket.type: {self.wicket.type} needs a delivery (kind=delivery)")
        return self


class BatterChange(ActionBase):
    """The batters at the crease (and who is on strike), e.g. after a wicket, a retired-hurt
    batter resuming, or a correction of who is facing."""

    kind: Literal["batter_change"]
    strikerId: str
    nonStrikerId: str

    @model_validator(mode="after")
    def _different(self) -> BatterChange:
        if self.strikerId == self.nonStrikerId:
            raise ValueError("nonStrikerId: striker and non-striker must be different players")
        return self


#: How a target was revised for an interrupted limited-overs match: the Duckworth-Lewis
#: method (Cricsheet's "D/L"), its Duckworth-Lewis-Stern revision (ICC playing conditions
#: since 2014) and the VJD method (Jayadevan, some Indian domestic competitions).
TargetMethod = Literal["D/L", "DLS", "VJD"]
#: How a result was reached that the innings alone do not show: a revised target's method,
#: a match awarded by the umpires (Law 16.4), one decided on first-innings scores or, after a
#: tie, on fewer wickets lost (competitions' playing conditions). Cricsheet's
#: ``outcome.method`` values, plus "DLS". The rules refuse any other text from a scorer; the
#: model takes it (an admin's or an import's) and the fold flags it and never prints it.
ResultMethod = Literal["D/L", "DLS", "VJD", "Awarded", "1st innings score", "Lost fewer wickets"]
TARGET_METHODS: frozenset[str] = frozenset(get_args(TargetMethod))
RESULT_METHODS: frozenset[str] = frozenset(get_args(ResultMethod))


class RevisedTarget(ActionBase):
    """An official revises the target and/or the overs of the current innings (DLS etc.).
    ``method`` is "D/L", "DLS" or "VJD": the rules refuse other text, and the fold flags one
    written past them (``unknown_method``)."""

    kind: Literal["revised_target"]
    target: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    maxOvers: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    method: str | None = None


#: Why play stopped: what the scorer is told by the umpires (the fold does not weigh it).
InterruptionReason = Literal["rain", "bad_light", "wet_outfield", "other"]


class Interruption(ActionBase):
    """Play stopped and resumed with overs lost (rain, bad light): the innings in progress
    may now have at most ``maxOvers`` overs, or ``maxBalls`` balls in a format counted in
    balls (the Hundred). No more than have been bowled ends the innings there for good.
    Recorded between innings, it sets the next innings' allotment. The functions then revise
    the target of the side batting second by the Duckworth-Lewis Standard Edition
    (scorebook.laws.dls) and keep its par ball by ball, unless an official's target stands
    (revised_target, or an innings_start's target)."""

    kind: Literal["interruption"]
    maxOvers: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    maxBalls: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    reason: InterruptionReason = "rain"

    @model_validator(mode="after")
    def _one_allotment(self) -> Interruption:
        if (self.maxOvers is None) == (self.maxBalls is None):
            raise ValueError("maxOvers: give the overs left to the innings, or maxBalls, not both")
        return self


class WinMargin(Schema):
    runs: int | None = None
    wickets: int | None = None
    innings: bool = False
    ballsRemaining: int | None = None


class MatchResult(ActionBase):
    """The officials' result. Needed for a draw, no result or abandonment (the deliveries
    cannot show that time ran out); for a win it confirms the computed one and may carry
    the method (D/L) or a margin the fold cannot compute (e.g. a par-score result).
    ``method`` is "D/L", "DLS", "VJD", "Awarded" (Law 16.4; an admin's to record), "1st
    innings score" or "Lost fewer wickets": the rules refuse other text, and the fold
    flags one written past them and never prints it. ``note`` is free text: it stays in the
    log, signed by ``recordedBy``, and live/score never prints it."""

    kind: Literal["match_result"]
    result: Literal["win", "tie", "draw", "no_result", "abandoned"]
    winnerId: str | None = None
    winMargin: WinMargin | None = None
    method: str | None = None
    note: str | None = None
    parScore: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    """A chase the weather ended with a result (a rain rule): the officials' par score at
    the point play stopped. Net run rate credits the side batting first with it, off the
    balls the chasing side faced (ICC playing conditions)."""

    @model_validator(mode="after")
    def _winner(self) -> MatchResult:
        if self.result == "win" and not self.winnerId:
            raise ValueError("winnerId: a win needs a winner")
        if self.result in ("draw", "no_result", "abandoned") and self.winnerId:
            raise ValueError(f"winnerId: a {self.result} has no winner")
        return self


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return value.get("kind") or "delivery"
    return getattr(value, "kind", "delivery")


#: Every kind of action, each spelt once: in its model's ``kind`` literal.
ACTION_MODELS: tuple[type[ActionBase], ...] = (
    ScoringAction,
    InningsStart,
    Declaration,
    Forfeit,
    InningsEnd,
    PenaltyRuns,
    Retirement,
    Absence,
    Dismissal,
    BatterChange,
    RevisedTarget,
    Interruption,
    MatchResult,
)


def kind_of_model(model: type[ActionBase]) -> str:
    """The ``kind`` a model's documents carry (its literal's one value)."""
    (kind,) = get_args(model.model_fields["kind"].annotation)
    return kind


ACTION_KINDS: tuple[str, ...] = tuple(kind_of_model(m) for m in ACTION_MODELS)

Action = Annotated[
    reduce(or_, (Annotated[m, Tag(kind_of_model(m))] for m in ACTION_MODELS)),
    Discriminator(
        _kind_of,
        custom_error_type="unknown_action_kind",
        custom_error_message="kind: unknown action kind",
    ),
]


ActionAdapter: TypeAdapter[Action] = TypeAdapter(Action)


class ActionParseError(ValueError):
    """A scoring_actions document that is not a valid action. ``problems`` lists
    ``"field: reason"`` strings; ``document_id`` is the id when the document had one."""

    def __init__(self, document_id: str | None, problems: list[str]) -> None:
        self.document_id = document_id
        self.problems = problems
        where = f"action {document_id!r}" if document_id else "action"
        super().__init__(f"invalid {where}: " + "; ".join(problems))


def parse_action(data: dict[str, Any]) -> Action:
    """Parse one scoring_actions document (a dict) into its action model.

    Raises :class:`ActionParseError` (a ``ValueError``) naming each bad field and why.
    """
    if not isinstance(data, dict):
        raise ActionParseError(None, [f"document: expected an object, got {type(data).__name__}"])
    try:
        return ActionAdapter.validate_python(data)
    except ValidationError as err:
        doc_id = data.get("id") if isinstance(data.get("id"), str) else None
        # the union's tags (the kinds) are not fields
        raise ActionParseError(doc_id, describe(err, ignore=ACTION_KINDS)) from None


def sort_key(action: ActionBase) -> tuple[int, int, int, str]:
    """The log order: (inningsNumber, sequenceNumber), ties (a correction that reuses the
    sequence of the ball it corrects) broken as `log_position` breaks them: "-c2" before
    "-c10"."""
    doc_id = action.id
    # Only an id with a suffix ("1-0042-c2": two dashes) can be a correction; asked of every
    # action of a log each time it is sorted, the usual id is not parsed.
    correction = log_position(doc_id)[2] if doc_id.count("-") > 1 else 0
    return (action.inningsNumber, action.sequenceNumber, correction, doc_id)


ActionT = TypeVar("ActionT", bound=ActionBase)
_place = attrgetter("inningsNumber", "sequenceNumber")


def log_sorted(actions: Iterable[ActionT]) -> list[ActionT]:
    """``actions`` sorted by `sort_key`. Sorted by their places alone first, which is the
    same order when no two share a place; only a log that has two at one place (a ball and
    its correction, a duplicate) is sorted again on the whole key."""
    ordered = sorted(actions, key=_place)
    if len(set(map(_place, ordered))) < len(ordered):
        ordered.sort(key=sort_key)
    return ordered
