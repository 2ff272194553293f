"""The fold's state: a pydantic model that round-trips through JSON (a checkpoint), whose
innings are slotted records the fold changes in place, ball after ball. An innings once
over is never changed in place again (penalty runs awarded to it replace it with a copy):
what was stored or rendered of it stays true of the object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scorebook.actions import BowlingAngle, WinMargin
from scorebook.document import safe_text
from scorebook.integrity import IntegrityCode
from scorebook.laws.places import batting_places
from scorebook.laws.runs import ExtraType
from scorebook.match import Match


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    # A field is stored as it is set (the fold sets a few of FoldState's on every action):
    # without validate_assignment pydantic's own __setattr__ only adds the name to
    # model_fields_set, which no dump of the state uses, and costs several plain stores.
    # Python stores plainly only when neither method is overridden. An unknown name is no
    # longer refused: tests/unit/fold/test_state_in_place.py checks none is left behind.
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__


class _Record:
    """A part of an innings, changed by the fold ball after ball: a slotted dataclass, whose
    fields Python reads and writes several times faster than a pydantic model's (and which
    refuses an unknown one). FoldState validates and dumps its records as it would models
    of the same fields, refusing unknown ones in what it reads too."""

    __slots__ = ()
    __pydantic_config__ = ConfigDict(extra="forbid")


class TeamInfo(_State):
    id: str
    name: str


class ReplacementState(_State):
    replaces: str
    reason: str | None = None


class MatchConfig(_State):
    """What the fold needs from the match document, frozen into the state at the start."""

    matchId: str
    ballsPerOver: int = 6
    scheduledOvers: int | None = None
    inningsPerSide: int = 1
    playersPerSide: int = 11
    noBallRuns: int = 1
    maxConsecutiveOvers: int = 1
    #: the rain rule's (scorebook.laws.dls): G50, and the overs the chase needs for a result
    g50: int = 245
    minimumOvers: int | None = None
    freeHit: bool = False
    validation: str = "SINGLE"
    teams: list[TeamInfo] = Field(default_factory=list)
    players: dict[str, str] = Field(default_factory=dict)
    playerTeam: dict[str, str] = Field(default_factory=dict)
    keepers: list[str] = Field(default_factory=list)
    #: per team, its places in the batting order, each listing who held it in turn: the
    #: player picked, then whoever replaced him during the match. Empty: players unknown.
    battingOrder: dict[str, list[list[str]]] = Field(default_factory=dict)
    #: replacement's id -> the player he replaced, and why
    replacements: dict[str, ReplacementState] = Field(default_factory=dict)

    def replaced_by(self, player_id: str) -> str | None:
        if not self.replacements:  # the usual match: no replacement, nothing to look for
            return None
        links = self.replacements.items()
        return next((r for r, link in links if link.replaces == player_id), None)

    def team_name(self, team_id: str | None) -> str | None:
        return next((t.name for t in self.teams if t.id == team_id), None)

    def player_name(self, player_id: str) -> str:
        """Who a scorer reads of (a card, a problem): the player's name, else his id (a player
        the match does not list)."""
        return self.players.get(player_id, player_id)

    def other_team(self, team_id: str) -> str | None:
        return next((t.id for t in self.teams if t.id != team_id), None)


@dataclass(slots=True, kw_only=True)
class DismissalState(_Record):
    type: str
    bowlerId: str | None = None  # credited bowler (None for run out, retirements, ...)
    deliveryBowlerId: str | None = None  # bowler of the ball it happened on
    fielderIds: list[str] = field(default_factory=list)
    substituteFielderIds: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class BatterState(_Record):
    playerId: str
    position: int
    runs: int = 0
    balls: int = 0
    fours: int = 0
    sixes: int = 0
    isOut: bool = False
    dismissal: DismissalState | None = None
    #: runs off the bat by the wagon wheel's segment (1 to 8), where the scorer recorded it
    wagon: list[int] | None = None


@dataclass(slots=True, kw_only=True)
class SpellState(_Record):
    number: int
    startOver: int
    lastOver: int
    balls: int = 0
    #: Overs credited as the bowler's are (Law 17: a called over is one over, miscounted or
    #: not), so the spells of a bowler add up to his figures.
    wholeOvers: int = 0
    looseBalls: int = 0
    runs: int = 0
    wickets: int = 0
    maidens: int = 0


@dataclass(slots=True, kw_only=True)
class BowlerState(_Record):
    playerId: str
    balls: int = 0
    wholeOvers: int = 0  # finished overs bowled entirely by this bowler
    looseBalls: int = 0  # legal balls from shared or unfinished overs
    maidens: int = 0
    runs: int = 0
    wickets: int = 0
    wides: int = 0
    noBalls: int = 0
    wideRuns: int = 0
    noBallRuns: int = 0
    dots: int = 0
    fours: int = 0
    sixes: int = 0
    spells: list[SpellState] = field(default_factory=list)
    bowlingAngle: BowlingAngle | None = None  # of his latest delivery (None: not recorded)
    lastOver: int | None = None  # the last over he bowled a ball of
    run: int = 0  # overs in a row up to lastOver
    oversStarted: int = 0
    #: wickets credited to him on his deliveries in a row in this innings (a hat-trick is
    #: three): any other legal ball ends the run; a wide or no-ball that takes no wicket
    #: credited to him is not a ball of the over and leaves it as it is
    streak: int = 0
    #: [balls, runs, wickets] by where they pitched ("good_outside_off"), where recorded
    pitch: dict[str, list[int]] | None = None


@dataclass(slots=True, kw_only=True)
class BallState(_Record):
    runs: int
    isWicket: bool = False
    extraType: ExtraType | None = None
    #: penalty runs on the ball (Law 41), which the strip writes apart ("1+5p")
    penalty: int = 0


@dataclass(slots=True, kw_only=True)
class OverSummaryState(_Record):
    """One over of an innings as a chart draws it (a worm, a manhattan): its number,
    counted from 0, and what its deliveries scored and took."""

    number: int
    runs: int = 0
    wickets: int = 0
    legalBalls: int = 0
    bowlerIds: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class OverState(_Record):
    number: int
    legalBalls: int = 0
    bowlerBalls: dict[str, int] = field(default_factory=dict)
    bowlerRuns: dict[str, int] = field(default_factory=dict)
    balls: list[BallState] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class PartnershipState(_Record):
    wicket: int
    aId: str
    bId: str | None = None
    runs: int = 0
    balls: int = 0
    aRuns: int = 0
    bRuns: int = 0
    active: bool = True  # the pair is batting now
    endedBy: str | None = None  # the way out, or "retired_hurt"...; None: unbroken


@dataclass(slots=True, kw_only=True)
class FallOfWicketState(_Record):
    wicketNumber: int
    score: int
    over: str
    playerId: str
    bowlerId: str | None = None
    type: str


@dataclass(slots=True, kw_only=True)
class RetirementState(_Record):
    playerId: str
    type: str
    score: int
    over: str


@dataclass(slots=True, kw_only=True)
class ExtrasState(_Record):
    wides: int = 0
    noBalls: int = 0
    byes: int = 0
    legByes: int = 0
    penalty: int = 0

    @property
    def total(self) -> int:
        return self.wides + self.noBalls + self.byes + self.legByes + self.penalty


@dataclass(slots=True, kw_only=True)
class StopState(_Record):
    """Play stopped with `ballsLeft` of the innings' allotment to come and `wickets` down,
    and resumed with `ballsLeftAfter` (0: the innings ended there for good). `recorded`:
    by an interruption, or by an innings_end that stopped play for good."""

    ballsLeft: int
    wickets: int
    ballsLeftAfter: int
    recorded: Literal["interruption", "innings_end"] = "interruption"


@dataclass(slots=True, kw_only=True)
class InningsState(_Record):
    number: int
    battingTeamId: str
    bowlingTeamId: str
    isSuperOver: bool = False
    isFollowOn: bool = False
    maxOvers: int | None = None
    #: the allotment in balls when an interruption set one that is not whole overs (the
    #: Hundred); it then rules, and maxOvers is its overs rounded up
    maxBalls: int | None = None
    #: the allotment in balls when the innings began (None: no limit): its resources
    startBalls: int | None = None
    #: every interruption that took balls from it, and an end for good before its allotment
    stops: list[StopState] = field(default_factory=list)
    wicketLimit: int = 10
    target: int | None = None  # set by an official; otherwise derived (see target_of)
    targetMethod: str | None = None  # the method of an official's revised target
    runs: int = 0
    wickets: int = 0
    balls: int = 0
    completedOvers: int = 0
    over: OverState | None = None
    #: every over bowled so far, the one in progress included, in the order bowled
    overHistory: list[OverSummaryState] = field(default_factory=list)
    extras: ExtrasState = field(default_factory=ExtrasState)
    penaltyPre: int = 0
    penaltyPost: int = 0
    #: penalty runs given to the side fielding while this innings was being played (they go
    #: to that side's own innings, Law 41.17); a rain rule's target and par move by them
    #: rather than being worked out again from the first innings' new total
    penaltyToFielders: int = 0
    declared: bool = False
    forfeited: bool = False
    closed: bool = False
    endReason: str | None = None
    strikerId: str | None = None
    nonStrikerId: str | None = None
    bowlerId: str | None = None
    freeHit: bool = False
    batters: dict[str, BatterState] = field(default_factory=dict)
    bowlers: dict[str, BowlerState] = field(default_factory=dict)
    fallOfWickets: list[FallOfWicketState] = field(default_factory=list)
    partnerships: list[PartnershipState] = field(default_factory=list)
    retirements: list[RetirementState] = field(default_factory=list)
    #: batters who cannot bat in this innings -> why ("absent_hurt", ...)
    absent: dict[str, str] = field(default_factory=dict)
    #: the last ball's facts and time, to tell the same ball tapped twice (fold/slips.py)
    lastBallSignature: str | None = None
    lastBallAt: datetime | None = None
    #: an innings_end was folded for it (a second one is a slip)
    endRecorded: bool = False


@dataclass(slots=True, kw_only=True)
class ResultState(_Record):
    result: str
    winnerId: str | None = None
    winMargin: WinMargin | None = None
    method: str | None = None
    #: the officials' free text: kept in the checkpoint, never printed in live/score
    note: str | None = None
    #: the par score where the weather ended the chase (net run rate credits it)
    parScore: int | None = None
    actionId: str | None = None


@dataclass(slots=True, kw_only=True)
class WarningState(_Record):
    code: IntegrityCode
    message: str
    actionId: str | None = None


class FoldState(_State):
    """Everything the projection needs, after folding a prefix of the log.

    ``lastApplied`` is the (inningsNumber, sequenceNumber) of the last non-voided action
    folded in; ``position`` the last one seen, voided or not. ``version`` counts non-voided
    actions folded in.
    """

    config: MatchConfig
    innings: list[InningsState] = Field(default_factory=list)
    pendingPenalty: dict[str, int] = Field(default_factory=dict)
    #: the next innings' allotment in balls, set by an interruption between innings
    nextAllotment: int | None = None
    result: ResultState | None = None
    lastActionId: str | None = None
    lastUpdated: datetime | None = None
    version: int = 0
    position: tuple[int, int] | None = None
    lastApplied: tuple[int, int] | None = None
    warnings: list[WarningState] = Field(default_factory=list)

    def result_ends_play_in(self, inn: InningsState) -> bool:
        """The officials' result ends play (no ball follows it: none is a free hit, one
        recorded is flagged), but for the super over that decides their declared tie."""
        return self.result is not None and not (inn.isSuperOver and self.result.result == "tie")

    def current(self) -> InningsState | None:
        return self.innings[-1] if self.innings else None

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> FoldState:
        if isinstance(data, str):
            return cls.model_validate_json(data)
        return cls.model_validate(data)


def warn(state: FoldState, code: str, message: str, action: Any = None) -> None:
    """Record a problem the fold found (an integrity code, why, and the action it is about)."""
    state.warnings.append(WarningState(code=code, message=message, actionId=action and action.id))


def initial_state(match: Match) -> FoldState:
    """The state before the first action of ``match``."""
    players, player_team, keepers, replacements = _people(match)
    config = MatchConfig(
        matchId=match.id,
        ballsPerOver=match.ballsPerOver,
        scheduledOvers=match.scheduledOvers,
        inningsPerSide=match.inningsPerSide,
        playersPerSide=match.playersPerSide,
        noBallRuns=match.noBallRuns,
        maxConsecutiveOvers=match.maxConsecutiveOvers,
        g50=match.dlsG50,
        minimumOvers=match.dlsMinimumOvers,
        validation=match.validation,
        freeHit=_free_hit(match),
        teams=[TeamInfo(id=t.id, name=safe_text(t.name)) for t in match.teams],
        players=players,
        playerTeam=player_team,
        keepers=keepers,
        battingOrder={t.id: batting_places(t) for t in match.teams if t.players},
        replacements=replacements,
    )
    state = FoldState(config=config)
    disguised = _disguised_names(match)
    if disguised:
        # Not quoted: the message is as public as the names.
        warn(state, "unsafe_text", f"{len(disguised)} names held control or text-direction"
             " characters: shown without them")
    return state


def _people(match: Match) -> tuple[dict[str, str], dict[str, str], list[str],
                                   dict[str, ReplacementState]]:
    """The match's players: their names (safe to show), their teams, the wicketkeepers and
    who replaces whom."""
    players: dict[str, str] = {}
    player_team: dict[str, str] = {}
    keepers: list[str] = []
    replacements: dict[str, ReplacementState] = {}
    for team in match.teams:
        for p in team.players:
            players[p.id] = safe_text(p.name)
            player_team.setdefault(p.id, team.id)
            if p.isWicketkeeper:
                keepers.append(p.id)
            if p.replaces is not None:
                replacements[p.id] = ReplacementState(
                    replaces=p.replaces, reason=p.replacementReason
                )
    return players, player_team, keepers, replacements


def _free_hit(match: Match) -> bool:
    """Whether a no-ball gives a free hit: as the match says, else in a limited-overs match."""
    if match.freeHitAfterNoBall is not None:
        return match.freeHitAfterNoBall
    return match.scheduledOvers is not None


def _disguised_names(match: Match) -> list[str]:
    """The team and player names that hold control or text-direction characters."""
    return [n for n in (*(t.name for t in match.teams),
                        *(p.name for t in match.teams for p in t.players))
            if safe_text(n) != n]
