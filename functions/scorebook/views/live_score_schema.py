"""The live/score document's schema: the views apps are built against (`make schema`
writes docs/schema.md, the JSON Schemas and the TypeScript types from them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field, model_serializer, model_validator

from scorebook.actions import BowlingAngle, WicketType, WinMargin
from scorebook.document import View
from scorebook.integrity import IntegrityProblem
from scorebook.laws.runs import ExtraType


class DismissalView(View):
    """How a batter was out."""

    productInterface: ClassVar[str | None] = "BatsmanProjection.dismissal"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"type", "bowlerId", "fielderIds", "description"})

    type: WicketType
    bowlerId: str | None = None
    fielderIds: list[str] = Field(default_factory=list)
    description: str


class PlayerView(View):
    """Who a scorecard line is about. A replacement made during the match (concussion,
    impact player, ...) has a line of his own, linked to the player whose place he took."""

    playerId: str
    name: str | None = None
    replaces: str | None = None
    """The player whose place this one took during the match."""
    replacedBy: str | None = None
    """The replacement who took this player's place."""
    replacementNote: str | None = None
    """"concussion replacement for CD Nash", "impact player for M Pathirana"."""


class BatterView(PlayerView):
    """One batter's line of the scorecard."""

    productInterface: ClassVar[str | None] = "BatsmanProjection"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"playerId", "runs", "ballsFaced", "fours", "sixes", "strikeRate", "isOut",
         "dismissal", "isOnStrike", "battingPosition"})

    runs: int = 0
    ballsFaced: int = 0
    fours: int = 0
    sixes: int = 0
    strikeRate: float = 0.0
    """Runs per 100 balls faced, to two decimals; 0.0 before the first ball faced (the
    product schema has a number, never null: ``ballsFaced`` 0 tells "no balls yet")."""
    isOut: bool = False
    dismissal: DismissalView | None = None
    howOut: str = "not out"
    isOnStrike: bool = False
    isAtCrease: bool = False
    battingPosition: int
    wagonWheel: list[int] | None = None
    """His runs off the bat by the wagon wheel's segment, 1 to 8 in order (the action's
    ``shotData.wagonWheelSegment``), over the balls whose segment the scorer recorded; null
    when none was."""


class SpellView(View):
    """A bowler's spell: his overs from one end, every other over without a gap. ``startOver``
    and ``endOver`` are the first and last over of it, counted from 0 like ``overNumber``."""

    productInterface: ClassVar[str | None] = "SpellSummary"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"startOver", "endOver", "runs", "wickets"})

    spellNumber: int
    startOver: int
    endOver: int
    overs: float
    """Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls
    (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3
    overs and 10 balls reads 3.1): ``balls`` is the exact count of legal balls."""
    balls: int = 0
    """Legal balls bowled in the spell."""
    maidens: int = 0
    runs: int = 0
    wickets: int = 0


class BowlerView(PlayerView):
    """One bowler's line of the scorecard."""

    productInterface: ClassVar[str | None] = "BowlerProjection"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"playerId", "overs", "ballsBowled", "maidens", "runsConceded", "wickets", "wides",
         "noBalls", "economy", "dotBalls", "spells"})

    overs: float = 0.0
    """Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls
    (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3
    overs and 10 balls reads 3.1): ``ballsBowled`` is the exact count of legal balls."""
    ballsBowled: int = 0
    """Legal balls bowled: the raw count."""
    maidens: int = 0
    runsConceded: int = 0
    wickets: int = 0
    wides: int = 0
    noBalls: int = 0
    wideRuns: int = 0
    noBallRuns: int = 0
    economy: float = 0.0
    """Runs conceded per over (of ``ballsPerOver`` legal balls), to two decimals; 0.0 before
    his first legal ball (``ballsBowled`` 0), even if he has bowled wides or no-balls."""
    dotBalls: int = 0
    foursConceded: int = 0
    sixesConceded: int = 0
    isBowling: bool = False
    spells: list[SpellView] = Field(default_factory=list)
    pitchMap: dict[str, list[int]] | None = None
    """His pitch map: ``[deliveries, runs charged to him, wickets]`` by where they pitched, keyed
    ``{length}_{line}`` in the design documents' words (``good_outside_off``), over the
    balls whose length and line the scorer recorded; null when none was."""


class BallView(View):
    """One ball of the over in progress, as the current-over strip shows it."""

    productInterface: ClassVar[str | None] = "BallSummary"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"runs", "isWicket", "extraType", "display"})

    runs: int
    isWicket: bool = False
    extraType: ExtraType | None = None
    """The product schema's ``"wide"``, ``"noball"``, ``"bye"``, ``"legbye"``, or this
    project's ``"penalty"`` (an extension: penalty runs on a ball with no other extra); null
    for a ball without extras. One kind a ball: a wide first, then a no-ball, byes, leg-byes."""
    display: str


class PartnershipView(View):
    """Two batters' stand: the runs the side scored while they batted together.

    ``live/score.partnership`` is the current innings' stand: the pair batting now; when no
    pair is batting (a wicket has fallen and the next batter is not in yet, or the innings
    has ended) the innings' last stand, which ``isUnbroken`` says whether a wicket ended; and
    before any pair is known (an innings started without naming its openers) a stand of 0
    between the batters known, if any."""

    productInterface: ClassVar[str | None] = "LiveScoreProjection.partnership"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"batsmanAId", "batsmanBId", "runs", "balls"})

    wicket: int
    """Which wicket the stand is for: 1 for the openers' stand, 2 after the first wicket."""
    batsmanAId: str | None
    """The batter who was in first (the striker when they came together). Null only before
    the stand's first ball, while no batter is named (an innings that began without naming
    its openers): the product schema has a string."""
    batsmanBId: str | None = None
    """His partner; null only before the stand's first ball, while the partner is not
    named."""
    runs: int = 0
    """Every run the side scored while the pair batted, extras and penalty runs included."""
    balls: int = 0
    """Balls faced while the pair batted (legal balls and no-balls, not wides)."""
    batsmanARuns: int = 0
    batsmanBRuns: int = 0
    isUnbroken: bool = True
    """False once a dismissal or retirement parted the pair; a stand still batting, or not
    out at the end of the innings, is unbroken."""


class OverSummaryView(View):
    """One over of an innings, as a worm or a manhattan chart plots it."""

    over: int
    """The over's number, counted from 0 like ``overNumber`` (the first over is 0)."""
    runs: int = 0
    """Every run its deliveries scored, extras included (penalty runs awarded between
    deliveries are not an over's)."""
    wickets: int = 0
    """Wickets that fell on its deliveries (retirements not out are none)."""
    legalBalls: int = 0
    bowlerIds: list[str] = Field(default_factory=list)
    """Who bowled it: one bowler, or two when one finished another's over."""


class FallOfWicketView(View):
    """One line of the fall of wickets."""

    productInterface: ClassVar[str | None] = "FallOfWicketEntry"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"wicketNumber", "score", "over", "batsmanOutId", "batsmanOutName", "bowlerId"})

    wicketNumber: int
    score: int
    over: str
    """When the wicket fell, as text: ``"12.4"``, the over in progress and the legal balls
    bowled in it (``"3.10"`` with ten balls to the over). Text, as the product schema has
    it, where ``overs`` elsewhere is a number."""
    batsmanOutId: str
    batsmanOutName: str | None = None
    bowlerId: str | None = None
    type: WicketType | None = None


class RetirementView(View):
    """A batter who retired (Law 25.4), where and when."""

    playerId: str
    name: str | None = None
    type: str
    score: int
    over: str
    """When he retired, as text like ``FallOfWicketView.over``."""


class YetToBatView(View):
    """A batter still to come in, at his place in the team's batting order (a replacement
    at the place of the player he replaced)."""

    playerId: str
    name: str | None = None
    battingPosition: int


class AbsentBatterView(View):
    """A batter who cannot bat in this innings, and why."""

    playerId: str
    name: str | None = None
    reason: str


class ExtrasView(View):
    """An innings' extras, in runs."""

    productInterface: ClassVar[str | None] = "LiveScoreProjection.extras"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"wides", "noBalls", "byes", "legByes", "penalty", "total"})

    wides: int = 0
    noBalls: int = 0
    byes: int = 0
    legByes: int = 0
    penalty: int = 0
    total: int = 0


class CurrentInningsView(View):
    """The innings in progress (or the one just ended, at a break), as the header of the live
    scoreboard shows it."""

    productInterface: ClassVar[str | None] = "LiveScoreProjection.currentInnings"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"battingTeamId", "bowlingTeamId", "runs", "wickets", "overs", "balls", "target",
         "strikerId", "nonStrikerId", "bowlerId", "bowlingAngle"})

    inningsNumber: int
    battingTeamId: str
    bowlingTeamId: str
    battingTeamName: str | None = None
    bowlingTeamName: str | None = None
    isSuperOver: bool = False
    isFollowOn: bool = False
    runs: int = 0
    wickets: int = 0
    overs: float = 0.0
    """Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls
    (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3
    overs and 10 balls reads 3.1): ``balls`` is the exact count of legal balls."""
    balls: int = 0
    """Legal balls bowled in the innings: the raw count."""
    maxOvers: int | None = None
    target: int | None = None
    targetMethod: str | None = None
    """How ``target`` was revised for overs lost: "D/L" where the functions revised it
    (Duckworth-Lewis Standard Edition), the officials' method ("DLS", "VJD") where they set
    it; null where it was not revised."""
    runsNeeded: int | None = None
    """Runs the batting side still needs to reach ``target`` (0 once reached); null when the
    innings has no target (not a chase)."""
    ballsRemaining: int | None = None
    """Legal balls left in the innings; null when it has no over limit (a Test)."""
    par: int | None = None
    """The rain rule's par at this ball: the score that would tie were play to end now
    (more wins, less loses), by the Duckworth-Lewis Standard Edition. Null unless overs were
    lost and this is the chase whose target the functions revised (an official's own target
    stands without a par)."""
    runRate: float = 0.0
    """Runs per over so far, to two decimals; 0.0 before the first legal ball."""
    requiredRunRate: float | None = None
    """Runs needed per over of the balls remaining, to two decimals; null unless this is a
    chase with an over limit still going on (no target, no over limit, no balls left, or
    the innings over)."""
    lead: int | None = None
    strikerId: str | None = None
    nonStrikerId: str | None = None
    bowlerId: str | None = None
    bowlingAngle: BowlingAngle | None = None
    """Over or round the wicket: as the current bowler's latest delivery in this innings
    recorded it; null when it did not say, or he has not bowled yet."""
    isFreeHit: bool = False
    isClosed: bool = False
    endReason: str | None = None
    yetToBat: list[YetToBatView] = Field(default_factory=list)


class InningsView(View):
    """One innings as a scorecard (innings1, innings2, ... in the live document)."""

    productInterface: ClassVar[str | None] = "InningsProjection"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"inningsNumber", "battingTeamId", "runs", "wickets", "overs", "balls", "batsmen",
         "bowlers", "extras", "fallOfWickets"})

    inningsNumber: int
    battingTeamId: str
    bowlingTeamId: str
    isSuperOver: bool = False
    isFollowOn: bool = False
    runs: int = 0
    wickets: int = 0
    overs: float = 0.0
    """Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls
    (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3
    overs and 10 balls reads 3.1): ``balls`` is the exact count of legal balls."""
    balls: int = 0
    """Legal balls bowled in the innings: the raw count."""
    maxOvers: int | None = None
    target: int | None = None
    targetMethod: str | None = None
    """As the live innings' (CurrentInningsView.targetMethod)."""
    declared: bool = False
    forfeited: bool = False
    isClosed: bool = False
    endReason: str | None = None
    penaltyRunsPre: int = 0
    penaltyRunsPost: int = 0
    extras: ExtrasView = Field(default_factory=ExtrasView)
    batsmen: list[BatterView] = Field(default_factory=list)
    bowlers: list[BowlerView] = Field(default_factory=list)
    fallOfWickets: list[FallOfWicketView] = Field(default_factory=list)
    partnerships: list[PartnershipView] = Field(default_factory=list)
    retirements: list[RetirementView] = Field(default_factory=list)
    overHistory: list[OverSummaryView] = Field(default_factory=list)
    """Every over bowled, the one in progress included: runs and wickets per over for a
    worm or a manhattan chart, with no replay of the log."""
    yetToBat: list[YetToBatView] = Field(default_factory=list)
    """The batting side's players who have not batted, in batting order (did not bat, once
    the innings is over); substitute fielders and players replaced out of the match never
    bat, and absent batters are listed in ``absent`` instead."""
    absent: list[AbsentBatterView] = Field(default_factory=list)


class LiveScoreProjection(View):
    """``matches/{matchId}/live/score``. Per-innings scorecards are held in ``innings`` and
    written flat as ``innings1``, ``innings2``, ... (the product schema); parsing accepts
    either.

    ``version``: in the stored document, the trigger's write counter, one more on every write
    (a listener can tell a newer snapshot by it, undos included); in what ``project()``
    returns, the number of non-voided actions folded in. ``lastUpdated``: in the stored
    document, the server's time of the write that last changed it (never a scorer's clock);
    in what ``project()`` returns, the recorded time of the last action folded in (the
    projection has no clock)."""

    productInterface: ClassVar[str | None] = "LiveScoreProjection"
    productFields: ClassVar[frozenset[str]] = frozenset(
        {"matchId", "status", "inningsNumber", "currentInnings", "batsmen", "bowlers",
         "currentOver", "partnership", "fallOfWickets", "extras", "innings", "winnerId",
         "winMargin", "lastUpdated", "lastActionId", "version"})

    matchId: str
    status: Literal["scheduled", "live", "innings_break", "completed"] = "scheduled"
    inningsNumber: int = 0
    """The current innings' number; 0 before the first. The product schema says 1 or 2: a
    two-innings match (a Test) goes up to 4 and super overs carry the count on (5, 6, ...),
    an extension."""
    currentInnings: CurrentInningsView | None = None
    batsmen: list[BatterView] = Field(default_factory=list)
    bowlers: list[BowlerView] = Field(default_factory=list)
    currentOver: list[BallView] = Field(default_factory=list)
    partnership: PartnershipView | None = None
    """The current innings' partnership: always there once an innings has begun (see
    PartnershipView for which stand it is between balls); null before the first innings, as
    ``currentInnings`` is."""
    fallOfWickets: list[FallOfWicketView] = Field(default_factory=list)
    extras: ExtrasView = Field(default_factory=ExtrasView)
    innings: list[InningsView] = Field(default_factory=list)
    """Every innings' scorecard, written flat as ``innings1``, ``innings2``, ... (the product
    schema has ``innings1`` and ``innings2``; ``innings3`` and on are an extension)."""
    resultType: Literal["win", "tie", "draw", "no_result", "abandoned"] | None = None
    winnerId: str | None = None
    winMargin: str | None = None
    """How much the winner won by, as text: "18 runs", "1 run", "5 wickets", "an innings and
    44 runs", "penalty runs". Only the margin: no balls remaining, no method (those are in
    ``winMarginDetail`` and ``resultMethod``). Null unless ``resultType`` is "win" and the
    margin is known (a super over decides a tie: no margin)."""
    winMarginDetail: WinMargin | None = None
    """The margin as figures (runs, wickets, by an innings, balls remaining): an extension."""
    resultMethod: str | None = None
    result: str | None = None
    resultSource: Literal["officials", "laws"] | None = None
    """Who says so: "officials" where their recorded result stands (whatever the innings
    give: a difference is flagged in ``integrity``), "laws" where it is computed from the
    innings (Law 16, and the rain rule's par). Null without a result."""
    lastUpdated: datetime | None = None
    lastActionId: str | None = None
    version: int = 0
    integrity: list[IntegrityProblem] = Field(default_factory=list)
    validation: Literal["SINGLE", "HONOR", "DUAL", "TRIPLE"] = "SINGLE"
    """How the match's balls were agreed (matches/{id}.validation): one trusted scorer, the
    batting side's own scorer with nobody checking (HONOR: say so beside the score), or the
    scorers' consensus (DUAL: home and away agree; TRIPLE: two of three)."""
    openDisputes: list[str] = Field(default_factory=list)
    """The positions (``1-0042``) whose scorers disagree and that wait for an official (DUAL and
    TRIPLE): the balls after the first of them wait too."""
    chainHead: str | None = None
    """The hash of the last entry of the match's ledger (matches/{id}/ledger): keep it, and
    scripts/verify_chain.py can later tell whether the record was changed since."""

    @model_validator(mode="before")
    @classmethod
    def _collect_innings(cls, data: Any) -> Any:
        if isinstance(data, dict) and "innings" not in data:
            keys = _flat_innings_keys(data)
            if keys:
                return _innings_listed(data, keys)
        return data

    @model_serializer(mode="wrap")
    def _flatten_innings(self, handler: Any) -> dict[str, Any]:
        out = handler(self)
        snapshots = out.pop("innings", [])
        for snap in snapshots:
            out[f"innings{snap['inningsNumber']}"] = snap
        return out


def _flat_innings_keys(data: dict[str, Any]) -> list[str]:
    """The document's ``innings1``, ``innings2``, ... keys, in the innings' order."""
    return sorted((k for k in data if k.startswith("innings") and k[7:].isdigit()),
                  key=lambda k: int(k[7:]))


def _innings_listed(data: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """The document with its flat innings (`keys`) as one list, ``innings``."""
    rest = {k: v for k, v in data.items() if k not in keys}
    rest["innings"] = [data[k] for k in keys]
    return rest
