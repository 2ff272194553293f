"""The schema: scoring actions (the event log), match metadata and the live projection.

Field names are the camelCase names of DESIGN.md because they are the Firestore field names
that the mobile clients share. Every model is a frozen pydantic v2 model; documents are
parsed with :func:`parse_action` and written with :func:`to_document`.

Everything here is pure: no Firebase import, no clock.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    model_serializer,
    model_validator,
)

# ---------------------------------------------------------------------------------------------
# Shared vocabulary
# ---------------------------------------------------------------------------------------------

Source = Literal["live", "manual_entry", "import", "correction", "migration"]

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


class Schema(BaseModel):
    """Base for documents: frozen, unknown fields refused (a typo must not default to 0)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Extras(Schema):
    """Runs that are not off the bat on one delivery, in runs (not in counts).

    ``wide`` and ``noBall`` include the one-run (or two-run) penalty: a wide that runs to
    the boundary is ``wide=5``. Runs run off a no-ball that did not come off the bat are
    byes or leg-byes (Law 21.7).
    """

    wide: int = Field(default=0, ge=0)
    noBall: int = Field(default=0, ge=0)
    bye: int = Field(default=0, ge=0)
    legBye: int = Field(default=0, ge=0)
    penalty: int = Field(default=0, ge=0)

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


class ShotData(Schema):
    coordinates: Coordinates | None = None
    shotType: str | None = None
    length: str | None = None
    line: str | None = None
    speed: float | None = None
    wagonWheelSegment: int | None = None


# ---------------------------------------------------------------------------------------------
# Scoring actions (matches/{matchId}/scoring_actions/{id})
# ---------------------------------------------------------------------------------------------


def action_id(innings_number: int, sequence_number: int) -> str:
    """Deterministic document id of the action at this place in the log: ``"1-0007"``.

    A second write of the same ball then hits the same document (a refused create, not a
    duplicate), and the security rules can ``get()`` it.
    """
    return f"{innings_number}-{sequence_number:04d}"


class ActionBase(Schema):
    """Fields every event of the log has. The log is ordered by (inningsNumber,
    sequenceNumber); an undo never deletes, it sets ``isVoided`` and the void fields."""

    id: str = Field(min_length=1)
    matchId: str = Field(min_length=1)
    inningsNumber: int = Field(ge=1)
    sequenceNumber: int = Field(ge=1)
    timestamp: datetime
    recordedBy: str
    source: Source = "live"
    corrects: str | None = None
    correctedBy: str | None = None
    isVoided: bool = False
    voidReason: str | None = None
    voidedBy: str | None = None
    voidedAt: datetime | None = None
    createdAt: datetime | None = None
    updatedAt: datetime | None = None

    @property
    def position(self) -> tuple[int, int]:
        return (self.inningsNumber, self.sequenceNumber)

    @model_validator(mode="after")
    def _check_void(self) -> ActionBase:
        if not self.isVoided and (self.voidReason or self.voidedBy or self.voidedAt):
            raise ValueError("isVoided: void fields are set but isVoided is false")
        return self


class ScoringAction(ActionBase):
    """One delivery. ``kind`` defaults to ``"delivery"``: a document without ``kind`` is a ball.

    ``overNumber`` is 0-based and is the over the umpire called (a miscounted 5- or 7-ball
    over keeps its number); ``ballInOver`` is the 1-based position of the delivery in that
    over counting wides and no-balls.
    """

    kind: Literal["delivery"] = "delivery"
    overNumber: int = Field(ge=0)
    ballInOver: int = Field(ge=1)
    strikerId: str = Field(min_length=1)
    nonStrikerId: str = Field(min_length=1)
    bowlerId: str = Field(min_length=1)
    runsOffBat: int = Field(ge=0)
    extras: Extras = Field(default_factory=Extras)
    totalRuns: int = Field(ge=0)
    isWicket: bool = False
    wicket: Wicket | None = None
    isLegalDelivery: bool
    #: True when the ball reached the boundary; None = infer (4 or 6 off the bat). False for
    #: "four runs run that are not a boundary" (Cricsheet's ``non_boundary``).
    isBoundary: bool | None = None
    shotData: ShotData | None = None

    @model_validator(mode="after")
    def _check_laws(self) -> ScoringAction:
        e = self.extras
        expected = self.runsOffBat + e.total
        if self.totalRuns != expected:
            raise ValueError(
                f"totalRuns: must equal runsOffBat + extras = {expected}, got {self.totalRuns}"
            )
        if e.wide and e.noBall:
            raise ValueError("extras: a delivery cannot be both a wide and a no-ball")
        if e.wide and (self.runsOffBat or e.bye or e.legBye):
            raise ValueError(
                "extras.wide: every run on a wide is a wide (no runs off the bat, byes or "
                "leg-byes on a wide)"
            )
        if e.bye and e.legBye:
            raise ValueError("extras: a delivery cannot give both byes and leg-byes")
        if (e.bye or e.legBye) and self.runsOffBat:
            raise ValueError("runsOffBat: byes/leg-byes and runs off the bat exclude each other")
        legal = not (e.wide or e.noBall)
        if self.isLegalDelivery != legal:
            reason = "a wide or no-ball is not" if not legal else "no wide or no-ball: it is"
            raise ValueError(
                f"isLegalDelivery: {reason} a legal delivery, got {self.isLegalDelivery}"
            )
        if self.strikerId == self.nonStrikerId:
            raise ValueError("nonStrikerId: striker and non-striker must be different players")
        if self.isBoundary and self.runsOffBat not in (0, 4, 6):
            raise ValueError("isBoundary: a boundary scores 4 or 6 off the bat")
        if self.isWicket and self.wicket is None:
            raise ValueError("wicket: isWicket is true but no wicket is given")
        if self.wicket is not None:
            w = self.wicket
            if not self.isWicket:
                raise ValueError("isWicket: a wicket is given but isWicket is false")
            if w.dismissedPlayerId not in (self.strikerId, self.nonStrikerId):
                raise ValueError("wicket.dismissedPlayerId: must be the striker or the non-striker")
            if w.type in STRIKER_ONLY and w.dismissedPlayerId != self.strikerId:
                raise ValueError(f"wicket.type: only the striker can be out {w.type}")
            if w.type == "timed_out":
                raise ValueError(
                    "wicket.type: timed out happens between deliveries (kind=dismissal)"
                )
            if e.noBall and w.type not in OUT_OFF_NO_BALL | NOT_OUT_RETIREMENTS | {"retired_out"}:
                raise ValueError(f"wicket.type: a batter cannot be out {w.type} off a no-ball")
            if e.wide and w.type not in OUT_OFF_WIDE | NOT_OUT_RETIREMENTS | {"retired_out"}:
                raise ValueError(f"wicket.type: a batter cannot be out {w.type} off a wide")
        return self


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
    target: int | None = Field(default=None, ge=1)
    maxOvers: int | None = Field(default=None, ge=1)
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
    """Law 41: five penalty runs (or another amount) awarded outside a delivery.

    ``awardedToTeamId`` names the side receiving them. Runs awarded to the batting side go to
    the current innings; runs awarded to the fielding side go to that side's most recent
    innings, or to its next innings if it has not batted (Law 41.17). ``when`` is "pre" or
    "post" for runs recorded before/after an innings (Cricsheet's penalty_runs).
    """

    kind: Literal["penalty_runs"]
    runs: int = Field(ge=1)
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
    not at the ground). Law 12.3: an innings is complete when no further batter is available
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


class RevisedTarget(ActionBase):
    """An official revises the target and/or the overs of the current innings (DLS etc.)."""

    kind: Literal["revised_target"]
    target: int | None = Field(default=None, ge=1)
    maxOvers: int | None = Field(default=None, ge=1)
    method: str | None = None


class WinMargin(Schema):
    runs: int | None = None
    wickets: int | None = None
    innings: bool = False
    ballsRemaining: int | None = None


class MatchResult(ActionBase):
    """The officials' result. Needed for a draw, no result or abandonment (the deliveries
    cannot show that time ran out); for a win it confirms the computed one and may carry
    the method (D/L) or a margin the fold cannot compute (e.g. a par-score result)."""

    kind: Literal["match_result"]
    result: Literal["win", "tie", "draw", "no_result", "abandoned"]
    winnerId: str | None = None
    winMargin: WinMargin | None = None
    method: str | None = None
    note: str | None = None

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


Action = Annotated[
    Annotated[ScoringAction, Tag("delivery")]
    | Annotated[InningsStart, Tag("innings_start")]
    | Annotated[Declaration, Tag("declaration")]
    | Annotated[Forfeit, Tag("forfeit")]
    | Annotated[InningsEnd, Tag("innings_end")]
    | Annotated[PenaltyRuns, Tag("penalty_runs")]
    | Annotated[Retirement, Tag("retirement")]
    | Annotated[Absence, Tag("absence")]
    | Annotated[Dismissal, Tag("dismissal")]
    | Annotated[BatterChange, Tag("batter_change")]
    | Annotated[RevisedTarget, Tag("revised_target")]
    | Annotated[MatchResult, Tag("match_result")],
    Discriminator(
        _kind_of,
        custom_error_type="unknown_action_kind",
        custom_error_message="kind: unknown action kind",
    ),
]

ActionAdapter: TypeAdapter[Action] = TypeAdapter(Action)

ACTION_KINDS: tuple[str, ...] = (
    "delivery",
    "innings_start",
    "declaration",
    "forfeit",
    "innings_end",
    "penalty_runs",
    "retirement",
    "absence",
    "dismissal",
    "batter_change",
    "revised_target",
    "match_result",
)


class ActionParseError(ValueError):
    """A scoring_actions document that is not a valid action. ``problems`` lists
    ``"field: reason"`` strings; ``document_id`` is the id when the document had one."""

    def __init__(self, document_id: str | None, problems: list[str]) -> None:
        self.document_id = document_id
        self.problems = problems
        where = f"action {document_id!r}" if document_id else "action"
        super().__init__(f"invalid {where}: " + "; ".join(problems))


def _describe(err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        # drop the union tag ("delivery", "innings_start") from the location
        loc = [str(p) for p in e["loc"] if str(p) not in ACTION_KINDS]
        msg = e["msg"].removeprefix("Value error, ")
        if ":" in msg.split(" ")[0] or not loc:
            out.append(msg)
        else:
            out.append(f"{'.'.join(loc)}: {msg}")
    return out


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
        raise ActionParseError(doc_id, _describe(err)) from None


def sort_key(action: ActionBase) -> tuple[int, int, str]:
    """The log order: (inningsNumber, sequenceNumber), ties (a correction that reuses the
    sequence of the ball it corrects) broken by id."""
    return (action.inningsNumber, action.sequenceNumber, action.id)


def to_document(model: BaseModel, *, json: bool = False) -> dict[str, Any]:
    """The Firestore document of a model: camelCase, every field present (None included, so
    the document shape is stable for rules and clients). ``json=True`` turns datetimes into
    ISO strings (for JSON output); the default keeps ``datetime`` for the Firestore client."""
    return model.model_dump(mode="json" if json else "python", by_alias=True)


# ---------------------------------------------------------------------------------------------
# Match metadata (matches/{matchId})
# ---------------------------------------------------------------------------------------------


#: Why a player was replaced during the match (the playing conditions' replacements):
#: concussion, COVID-19, injury, or tactical (an impact player).
SubstitutionReason = Literal["concussion", "covid", "tactical", "injury"]


class Player(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    isWicketKeeper: bool = False
    isCaptain: bool = False
    isSubstitute: bool = False
    #: the player this one replaced during the match (a concussion or impact replacement):
    #: he takes that player's place, who plays no further part.
    replaces: str | None = None
    replacementReason: SubstitutionReason | None = None


class Team(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    players: list[Player] = Field(default_factory=list)


class Toss(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    winnerId: str | None = None
    decision: Literal["bat", "field"] | None = None


class Match(Schema):
    """The ``matches/{matchId}`` document (what the fold needs; other fields are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str = ""
    matchType: str = "T20"
    ballsPerOver: int = Field(default=6, ge=1)
    scheduledOvers: int | None = Field(default=None, ge=1)
    inningsPerSide: Literal[1, 2] = 1
    #: Law 21.10 allows competitions to set the no-ball penalty (1, or 2 in some).
    noBallRuns: Literal[1, 2] = 1
    playersPerSide: int = Field(default=11, ge=2)
    #: Playing conditions of limited-overs cricket: the ball after a no-ball is a free hit.
    #: None = yes when the match has scheduled overs.
    freeHitAfterNoBall: bool | None = None
    #: Law 17.8: one (no bowler bowls two overs in a row); The Hundred allows two sets of 5.
    maxConsecutiveOvers: int = Field(default=1, ge=1)
    teams: list[Team] = Field(min_length=2, max_length=2)
    status: Literal["scheduled", "live", "innings_break", "completed", "abandoned"] = "scheduled"
    venue: str | None = None
    city: str | None = None
    event: str | None = None
    gender: str | None = None
    dates: list[date] = Field(default_factory=list)
    toss: Toss | None = None

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def player_names(self) -> dict[str, str]:
        return {p.id: p.name for t in self.teams for p in t.players}


class MatchLineup(Schema):
    """``matches/{matchId}/lineups/{teamId}``: who plays for one team in this match (written
    by the team's officials). ``players`` is the batting order as announced."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    matchId: str
    teamId: str
    players: list[Player] = Field(min_length=1)
    captainId: str | None = None
    wicketKeeperId: str | None = None
    updatedBy: str | None = None
    updatedAt: datetime | None = None
    createdAt: datetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> MatchLineup:
        ids = [p.id for p in self.players]
        if len(set(ids)) != len(ids):
            raise ValueError("players: a player is listed twice")
        for field in ("captainId", "wicketKeeperId"):
            value = getattr(self, field)
            if value is not None and value not in ids:
                raise ValueError(f"{field}: {value!r} is not in players")
        return self


def with_lineups(match: Match, lineups: list[MatchLineup]) -> Match:
    """The match with each team's players replaced by its announced lineup (names, captain,
    keeper), so the projection prints what the team sheet says."""
    by_team = {lu.teamId: lu for lu in lineups if lu.matchId == match.id}
    teams = []
    for team in match.teams:
        lineup = by_team.get(team.id)
        if lineup is None:
            teams.append(team)
            continue
        players = [
            p.model_copy(
                update={
                    "isCaptain": p.isCaptain or p.id == lineup.captainId,
                    "isWicketKeeper": p.isWicketKeeper or p.id == lineup.wicketKeeperId,
                }
            )
            for p in lineup.players
        ]
        teams.append(team.model_copy(update={"players": players}))
    return match.model_copy(update={"teams": teams})


# ---------------------------------------------------------------------------------------------
# The live projection (matches/{matchId}/live/score)
# ---------------------------------------------------------------------------------------------


class View(BaseModel):
    """Base for projection documents: frozen, written only by functions."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class DismissalView(View):
    type: WicketType
    bowlerId: str | None = None
    fielderIds: list[str] = Field(default_factory=list)
    description: str


class PlayerLine(View):
    """Who a scorecard line is about. A replacement made during the match (concussion,
    impact player, ...) has a line of his own, linked to the player whose place he took."""

    playerId: str
    name: str | None = None
    #: the player whose place this one took during the match
    replaces: str | None = None
    #: the replacement who took this player's place
    replacedBy: str | None = None
    #: "concussion replacement for CD Nash", "impact player for M Pathirana"
    replacementNote: str | None = None


class BatterLine(PlayerLine):
    runs: int = 0
    ballsFaced: int = 0
    fours: int = 0
    sixes: int = 0
    strikeRate: float | None = None
    isOut: bool = False
    dismissal: DismissalView | None = None
    howOut: str = "not out"
    isOnStrike: bool = False
    isAtCrease: bool = False
    battingPosition: int


class Spell(View):
    spellNumber: int
    startOver: int
    overs: str
    balls: int = 0
    maidens: int = 0
    runs: int = 0
    wickets: int = 0


class BowlerLine(PlayerLine):
    overs: str = "0.0"
    ballsBowled: int = 0
    maidens: int = 0
    runsConceded: int = 0
    wickets: int = 0
    wides: int = 0
    noBalls: int = 0
    wideRuns: int = 0
    noBallRuns: int = 0
    economy: float | None = None
    dotBalls: int = 0
    foursConceded: int = 0
    sixesConceded: int = 0
    isBowling: bool = False
    spells: list[Spell] = Field(default_factory=list)


class BallView(View):
    runs: int
    isWicket: bool = False
    extraType: Literal["wide", "noBall", "bye", "legBye", "penalty"] | None = None
    display: str


class PartnershipView(View):
    wicket: int
    batsmanAId: str
    batsmanBId: str | None = None
    runs: int = 0
    balls: int = 0
    batsmanARuns: int = 0
    batsmanBRuns: int = 0
    isUnbroken: bool = True


class FallOfWicket(View):
    wicketNumber: int
    score: int
    over: str
    batsmanOutId: str
    batsmanOutName: str | None = None
    bowlerId: str | None = None
    type: WicketType | None = None


class RetirementView(View):
    playerId: str
    name: str | None = None
    type: str
    score: int
    over: str


class YetToBat(View):
    """A batter still to come in, at his place in the team's batting order (a replacement
    at the place of the player he replaced)."""

    playerId: str
    name: str | None = None
    battingPosition: int


class AbsentBatter(View):
    playerId: str
    name: str | None = None
    reason: str


class ExtrasView(View):
    wides: int = 0
    noBalls: int = 0
    byes: int = 0
    legByes: int = 0
    penalty: int = 0
    total: int = 0


class CurrentInnings(View):
    inningsNumber: int
    battingTeamId: str
    bowlingTeamId: str
    battingTeamName: str | None = None
    bowlingTeamName: str | None = None
    isSuperOver: bool = False
    isFollowOn: bool = False
    runs: int = 0
    wickets: int = 0
    overs: str = "0.0"
    balls: int = 0
    maxOvers: int | None = None
    target: int | None = None
    runsNeeded: int | None = None
    ballsRemaining: int | None = None
    runRate: float | None = None
    requiredRunRate: float | None = None
    lead: int | None = None
    strikerId: str | None = None
    nonStrikerId: str | None = None
    bowlerId: str | None = None
    isFreeHit: bool = False
    isClosed: bool = False
    endReason: str | None = None
    yetToBat: list[YetToBat] = Field(default_factory=list)


class InningsSnapshot(View):
    """One innings as a scorecard (innings1, innings2, ... in the live document)."""

    inningsNumber: int
    battingTeamId: str
    bowlingTeamId: str
    isSuperOver: bool = False
    isFollowOn: bool = False
    runs: int = 0
    wickets: int = 0
    overs: str = "0.0"
    balls: int = 0
    maxOvers: int | None = None
    target: int | None = None
    declared: bool = False
    forfeited: bool = False
    isClosed: bool = False
    endReason: str | None = None
    penaltyRunsPre: int = 0
    penaltyRunsPost: int = 0
    extras: ExtrasView = Field(default_factory=ExtrasView)
    batsmen: list[BatterLine] = Field(default_factory=list)
    bowlers: list[BowlerLine] = Field(default_factory=list)
    fallOfWickets: list[FallOfWicket] = Field(default_factory=list)
    partnerships: list[PartnershipView] = Field(default_factory=list)
    retirements: list[RetirementView] = Field(default_factory=list)
    #: the batting side's players who have not batted, in batting order (did not bat, once
    #: the innings is over); substitute fielders and players replaced out of the match never
    #: bat, and absent batters are listed in ``absent`` instead.
    yetToBat: list[YetToBat] = Field(default_factory=list)
    absent: list[AbsentBatter] = Field(default_factory=list)


class IntegrityProblem(View):
    """Something wrong in the log that the projection could not use, e.g. an unparseable
    document, a gap or a duplicate in the sequence."""

    code: str
    message: str
    actionId: str | None = None


class LiveScoreProjection(View):
    """``matches/{matchId}/live/score``. Per-innings snapshots are held in ``innings`` and
    written flat as ``innings1``, ``innings2``, ... (DESIGN.md); parsing accepts either.

    ``version`` is the number of non-voided actions folded in (monotone along the log);
    ``lastUpdated`` is the timestamp of the last of them (the projection has no clock)."""

    matchId: str
    status: Literal["scheduled", "live", "innings_break", "completed"] = "scheduled"
    inningsNumber: int = 0
    currentInnings: CurrentInnings | None = None
    batsmen: list[BatterLine] = Field(default_factory=list)
    bowlers: list[BowlerLine] = Field(default_factory=list)
    currentOver: list[BallView] = Field(default_factory=list)
    partnership: PartnershipView | None = None
    fallOfWickets: list[FallOfWicket] = Field(default_factory=list)
    extras: ExtrasView = Field(default_factory=ExtrasView)
    innings: list[InningsSnapshot] = Field(default_factory=list)
    resultType: Literal["win", "tie", "draw", "no_result", "abandoned"] | None = None
    winnerId: str | None = None
    winMargin: WinMargin | None = None
    resultMethod: str | None = None
    result: str | None = None
    lastUpdated: datetime | None = None
    lastActionId: str | None = None
    version: int = 0
    integrity: list[IntegrityProblem] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _collect_innings(cls, data: Any) -> Any:
        if isinstance(data, dict) and "innings" not in data:
            keys = sorted(
                (k for k in data if k.startswith("innings") and k[7:].isdigit()),
                key=lambda k: int(k[7:]),
            )
            if keys:
                rest = {k: v for k, v in data.items() if k not in keys}
                rest["innings"] = [data[k] for k in keys]
                return rest
        return data

    @model_serializer(mode="wrap")
    def _flatten_innings(self, handler: Any) -> dict[str, Any]:
        out = handler(self)
        snapshots = out.pop("innings", [])
        for snap in snapshots:
            out[f"innings{snap['inningsNumber']}"] = snap
        return out
