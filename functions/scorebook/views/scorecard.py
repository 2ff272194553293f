"""live/score: the scorecard view of a fold state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import (
    Field,
    TypeAdapter,
    model_serializer,
    model_validator,
)

from scorebook.actions import Action, BowlingAngle, WicketType, WinMargin, log_sorted
from scorebook.document import View, compact_json_bytes, to_document
from scorebook.fold import replay
from scorebook.integrity import IntegrityProblem, log_problems
from scorebook.laws import overs
from scorebook.laws.innings import allotment, dls_par, target_method, target_of
from scorebook.laws.overs import over_credit
from scorebook.laws.result import Result, judge_result
from scorebook.laws.runs import ExtraType
from scorebook.match import Match
from scorebook.state import (
    BallState,
    BatterState,
    BowlerState,
    FallOfWicketState,
    FoldState,
    InningsState,
    OverState,
    PartnershipState,
    SpellState,
)
from scorebook.views.text import ball_text, dismissal_text, replacement_note


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


def project(match: Match, actions: Iterable[Action]) -> LiveScoreProjection:
    """The live score after ``actions`` (any order; voided ones are ignored)."""
    ordered = log_sorted(actions)
    projection = to_projection(replay(match, ordered, ordered=True))
    problems = log_problems(ordered)
    if problems:
        projection = projection.model_copy(update={"integrity": [*projection.integrity, *problems]})
    return projection


def to_projection(state: FoldState) -> LiveScoreProjection:
    """Render the live document from a fold state."""
    snapshots = [_snapshot(state, inn) for inn in state.innings]
    return LiveScoreProjection(
        innings=snapshots, **_live_fields(state, snapshots[-1] if snapshots else None))


def _live_fields(state: FoldState, current: InningsView | None) -> dict[str, Any]:
    """LiveScoreProjection's fields but the innings' scorecards; the current innings' lines
    (CURRENT_LINES) from its scorecard `current`, left out when None."""
    cfg = state.config
    result, overruled = judge_result(state)
    cur = state.current()
    fields: dict[str, Any] = {}
    if cur is not None:
        fields = {
            "inningsNumber": cur.number,
            "currentInnings": _current(state, cur),
            "currentOver": _over_balls(cur.over),
            "partnership": _current_partnership(cur),
        }
        if current is not None:
            fields.update({key: getattr(current, key) for key in CURRENT_LINES})
    if result is not None:
        fields.update(
            resultType=result.type,
            winnerId=result.winnerId,
            winMargin=result.marginText,
            winMarginDetail=result.margin,
            resultMethod=result.method,
            result=result.text,
            resultSource=result.source,
        )
    return {
        "matchId": cfg.matchId,
        "status": match_status(state, result),
        "lastUpdated": state.lastUpdated,
        "lastActionId": state.lastActionId,
        "version": state.version,
        "validation": cfg.validation,
        "integrity": [
            IntegrityProblem(code=w.code, message=w.message, actionId=w.actionId)
            for w in state.warnings
        ] + _overruled(state, result, overruled),
        **fields,
    }


#: what live/score shows of the current innings beside its scorecard, as the scorecard has it
CURRENT_LINES = ("batsmen", "bowlers", "fallOfWickets", "extras")


class Scorecards:
    """The scorecard of each innings of one match as last rendered (`to_document` of its
    InningsView), with what it was rendered from: the innings' state (its JSON), its target
    and the match's config. A scorecard is a function of these three alone, so one whose
    sources are unchanged is reused rather than rendered again: a long match's finished
    innings, most of live/score, cost a comparison a ball instead of a rendering. Nothing is
    assumed frozen: penalty runs awarded to an earlier innings (Law 41.17) change its state,
    and a later innings' target with it, so both are rendered again.

    The scorecards handed out are shared with the next document rendered: nobody may change
    them in place (nothing does: documents are written, compared and replaced whole)."""

    def __init__(self) -> None:
        #: (the config's JSON, [(the innings' JSON, its target, its scorecard, the bytes of
        #: the scorecard's compact JSON)]), replaced whole, so that two runs rendering at
        #: once never pair one's config with the other's scorecards
        self._kept: tuple[str, list[tuple[bytes, int | None, dict[str, Any], int]]] = ("", [])

    def render(self, state: FoldState) -> list[dict[str, Any]]:
        """Every innings' scorecard document, in order."""
        config = state.config.model_dump_json()
        kept_config, kept = self._kept
        if config != kept_config:  # names, the batting order, balls per over...
            kept = []
        cards = []
        for index, inn in enumerate(state.innings):
            source, target = _INNINGS_STATE.dump_json(inn), target_of(state, inn)
            if index < len(kept) and kept[index][0] == source and kept[index][1] == target:
                cards.append(kept[index])
            else:
                card = to_document(_snapshot(state, inn))
                cards.append((source, target, card, compact_json_bytes(card)))
        self._kept = (config, cards)
        return [card for _, _, card, _ in cards]

    def json_bytes(self, card: Any) -> int | None:
        """`compact_json_bytes` of a scorecard this last rendered (None: not one of them),
        measured once when it was rendered: a document's size check adds it up rather than
        making the JSON of every innings again."""
        return next((size for _, _, kept, size in self._kept[1] if kept is card), None)


_INNINGS_STATE: TypeAdapter[InningsState] = TypeAdapter(InningsState)


def live_document(
    state: FoldState, scorecards: Scorecards, integrity: Iterable[IntegrityProblem] = ()
) -> dict[str, Any]:
    """`to_document(to_projection(state))` with `integrity` added to its problems: the same
    document, but each innings' scorecard is rendered only when `scorecards` has no rendering
    of it from the same sources."""
    fields = _live_fields(state, None)
    fields["integrity"] = [*fields["integrity"], *integrity]
    document = to_document(LiveScoreProjection(**fields))
    cards = scorecards.render(state)
    if cards:  # the current innings is the last
        document.update({key: cards[-1][key] for key in CURRENT_LINES})
    # as LiveScoreProjection writes them: flat, after the other fields
    for card in cards:
        document[f"innings{card['inningsNumber']}"] = card
    return document


MatchStatus = Literal["scheduled", "live", "innings_break", "completed"]


def match_status(state: FoldState, result: Result | None) -> MatchStatus:
    """Where the match stands, given its result as `judge_result` has it."""
    cur = state.current()
    if result is not None and not (cur is not None and cur.isSuperOver and not cur.closed
                                   and result.type == "tie"):
        return "completed"  # a super over after a declared tie is play again
    if cur is not None and cur.closed:
        return "innings_break"
    # The first action (a toss, an innings start) opens the match.
    return "scheduled" if state.lastActionId is None else "live"


def _overruled(
    state: FoldState, result: Result | None, overruled: str | None
) -> list[IntegrityProblem]:
    """Where the log's cricket gives another result than the officials' (which stands):
    decided when the projection is rendered, since a chase may end after the result event."""
    if overruled is None or result is None:
        return []
    action_id = state.result.actionId if state.result is not None else None
    return [IntegrityProblem(
        code="result_differs_from_log",
        message=f"the officials recorded '{result.text}'; the log's cricket gives "
                f"'{overruled}'",
        actionId=action_id)]


def _name(state: FoldState, pid: str | None) -> str:
    if pid is None:
        return "?"
    return state.config.players.get(pid, pid)


def _link(state: FoldState, pid: str) -> dict[str, str | None]:
    """The scorecard's link between a replacement made during the match and the player
    whose place he took: "concussion replacement for CD Nash"."""
    cfg = state.config
    link = cfg.replacements.get(pid)
    return {
        "replaces": link.replaces if link else None,
        "replacedBy": cfg.replaced_by(pid),
        "replacementNote": replacement_note(link.reason, _name(state, link.replaces))
        if link
        else None,
    }


def _yet_to_bat(state: FoldState, inn: InningsState) -> list[YetToBatView]:
    """The batting side's players still to come in, in batting order. A place in the order
    bats once an innings: whoever holds it now (a replaced player is out of the match, his
    replacement holds his place) comes in, unless someone in that place has batted already
    or he is absent."""
    out = []
    for number, place in enumerate(state.config.battingOrder.get(inn.battingTeamId, []), 1):
        holder = place[-1]
        if holder in inn.absent or any(pid in inn.batters for pid in place):
            continue
        out.append(
            YetToBatView(playerId=holder, name=state.config.players.get(holder),
                         battingPosition=number)
        )
    return out


def batter_line(state: FoldState, inn: InningsState, b: BatterState) -> BatterView:
    dismissal = None
    how = "not out"
    if b.dismissal is not None:
        d = b.dismissal
        how = dismissal_text(
            d.type,
            d.bowlerId or d.deliveryBowlerId,
            d.fielderIds,
            lambda pid: _name(state, pid),
            keepers=state.config.keepers,
            substitutes=d.substituteFielderIds,
        )
        # validated with the batter's line, in one go
        dismissal = {"type": d.type, "bowlerId": d.bowlerId, "fielderIds": d.fielderIds,
                     "description": how}
    at_crease = not inn.closed and b.playerId in (inn.strikerId, inn.nonStrikerId)
    return BatterView(
        playerId=b.playerId,
        name=state.config.players.get(b.playerId),
        **_link(state, b.playerId),
        runs=b.runs,
        ballsFaced=b.balls,
        fours=b.fours,
        sixes=b.sixes,
        strikeRate=overs.strike_rate(b.runs, b.balls),
        isOut=b.isOut,
        dismissal=dismissal,
        howOut=how,
        isOnStrike=at_crease and b.playerId == inn.strikerId,
        isAtCrease=at_crease,
        battingPosition=b.position,
    )


def _spell_view(s: SpellState, in_progress: tuple[int, int, int], bpo: int) -> dict[str, Any]:
    """A SpellView's fields: validated with the bowler's line, in one go."""
    whole, loose, maidens = in_progress
    whole, loose = s.wholeOvers + whole, s.looseBalls + loose
    return {
        "spellNumber": s.number,
        "startOver": s.startOver,
        "endOver": s.lastOver,
        "overs": overs.overs_number(whole + loose // bpo, loose % bpo),
        "balls": s.balls,
        "maidens": s.maidens + maidens,
        "runs": s.runs,
        "wickets": s.wickets,
    }


def bowler_line(state: FoldState, inn: InningsState, b: BowlerState) -> BowlerView:
    bpo = state.config.ballsPerOver
    in_progress = (0, 0, 0)
    if inn.over is not None and b.playerId in inn.over.bowlerRuns:
        # The over in progress counts as it stands: six balls by one bowler already read as
        # a whole over (a maiden if they cost him nothing) before the next over begins.
        in_progress = over_credit(inn.over, b.playerId, called=False, balls_per_over=bpo)
    w, lb, m = in_progress
    whole, loose, maidens = b.wholeOvers + w, b.looseBalls + lb, b.maidens + m
    spells = [_spell_view(s, in_progress if s is b.spells[-1] else (0, 0, 0), bpo)
              for s in b.spells]
    return BowlerView(
        playerId=b.playerId,
        name=state.config.players.get(b.playerId),
        **_link(state, b.playerId),
        overs=overs.overs_number(whole + loose // bpo, loose % bpo),
        ballsBowled=b.balls,
        maidens=maidens,
        runsConceded=b.runs,
        wickets=b.wickets,
        wides=b.wides,
        noBalls=b.noBalls,
        wideRuns=b.wideRuns,
        noBallRuns=b.noBallRuns,
        economy=overs.rate(b.runs, b.balls, bpo),
        dotBalls=b.dots,
        foursConceded=b.fours,
        sixesConceded=b.sixes,
        isBowling=not inn.closed and inn.bowlerId == b.playerId,
        spells=spells,
    )


def innings_overs(state: FoldState, inn: InningsState) -> float:
    bpo = state.config.ballsPerOver
    over = inn.over
    if over is None:
        return overs.overs_number(inn.completedOvers, 0)
    if over.legalBalls >= bpo:
        return overs.overs_number(inn.completedOvers + 1, 0)
    return overs.overs_number(inn.completedOvers, over.legalBalls)


def fall_of_wicket_view(state: FoldState, f: FallOfWicketState) -> FallOfWicketView:
    return FallOfWicketView(
        wicketNumber=f.wicketNumber,
        score=f.score,
        over=f.over,
        batsmanOutId=f.playerId,
        batsmanOutName=state.config.players.get(f.playerId),
        bowlerId=f.bowlerId,
        type=f.type,
    )


def partnership_view(p: PartnershipState) -> PartnershipView:
    return PartnershipView(
        wicket=p.wicket,
        batsmanAId=p.aId,
        batsmanBId=p.bId,
        runs=p.runs,
        balls=p.balls,
        batsmanARuns=p.aRuns,
        batsmanBRuns=p.bRuns,
        isUnbroken=p.endedBy is None,
    )


def _current_partnership(inn: InningsState) -> PartnershipView:
    """The stand live/score shows: the pair batting now; else the innings' last stand (just
    after a wicket, before the next batter is in; or once the innings is over); else, before
    any pair has batted, a stand of 0 between whoever is known to be at the crease."""
    if inn.partnerships:
        return partnership_view(inn.partnerships[-1])
    a, b = inn.strikerId, inn.nonStrikerId
    return PartnershipView(wicket=inn.wickets + 1, batsmanAId=a or b, batsmanBId=b if a else None)


def _over_balls(over: OverState | None) -> list[BallView]:
    if over is None:
        return []
    return [ball_view(b) for b in over.balls]


def ball_view(b: BallState) -> BallView:
    return BallView(runs=b.runs, isWicket=b.isWicket, extraType=b.extraType,
                    display=ball_text(b.runs, b.extraType, b.penalty, b.isWicket))


def _innings_figures(state: FoldState, inn: InningsState) -> dict[str, Any]:
    """What the scorecard snapshot and the live innings header both show of an innings."""
    return {
        "inningsNumber": inn.number,
        "battingTeamId": inn.battingTeamId,
        "bowlingTeamId": inn.bowlingTeamId,
        "isSuperOver": inn.isSuperOver,
        "isFollowOn": inn.isFollowOn,
        "runs": inn.runs,
        "wickets": inn.wickets,
        "overs": innings_overs(state, inn),
        "balls": inn.balls,
        "maxOvers": inn.maxOvers,
        "target": target_of(state, inn),
        "targetMethod": target_method(state, inn),
        "isClosed": inn.closed,
        "endReason": inn.endReason,
        "yetToBat": _yet_to_bat(state, inn),
    }


def _snapshot(state: FoldState, inn: InningsState) -> InningsView:
    e = inn.extras
    return InningsView(
        **_innings_figures(state, inn),
        declared=inn.declared,
        forfeited=inn.forfeited,
        penaltyRunsPre=inn.penaltyPre,
        penaltyRunsPost=inn.penaltyPost,
        extras=ExtrasView(
            wides=e.wides,
            noBalls=e.noBalls,
            byes=e.byes,
            legByes=e.legByes,
            penalty=e.penalty,
            total=e.total,
        ),
        batsmen=[
            batter_line(state, inn, b)
            for b in sorted(inn.batters.values(), key=lambda b: b.position)
        ],
        bowlers=[bowler_line(state, inn, b) for b in inn.bowlers.values()],
        fallOfWickets=[fall_of_wicket_view(state, f) for f in inn.fallOfWickets],
        partnerships=[partnership_view(p) for p in inn.partnerships],
        # A line per over bowled, hundreds in a Test: validated as the innings is, in one
        # go, rather than one model at a time.
        overHistory=[
            {"over": o.number, "runs": o.runs, "wickets": o.wickets,
             "legalBalls": o.legalBalls, "bowlerIds": list(o.bowlerIds)}
            for o in inn.overHistory
        ],
        retirements=[
            RetirementView(
                playerId=r.playerId,
                name=state.config.players.get(r.playerId),
                type=r.type,
                score=r.score,
                over=r.over,
            )
            for r in inn.retirements
        ],
        absent=[
            AbsentBatterView(playerId=pid, name=state.config.players.get(pid), reason=reason)
            for pid, reason in inn.absent.items()
        ],
    )


def _chase_figures(
    state: FoldState, inn: InningsState
) -> tuple[int | None, int | None, float | None]:
    """Runs needed, balls remaining and the required rate, as far as they are known."""
    bpo = state.config.ballsPerOver
    target = target_of(state, inn)
    needed = balls_left = rrr = None
    if target is not None:
        needed = max(target - inn.runs, 0)
    allotted = allotment(state, inn)
    if allotted is not None:
        balls_left = max(allotted - inn.balls, 0)
    if needed is not None and balls_left and not inn.closed:
        rrr = round(needed * bpo / balls_left, 2)
    return needed, balls_left, rrr


def _lead(state: FoldState, inn: InningsState) -> int | None:
    """How far the batting side leads (negative: trails) on aggregate, in a two-innings
    match once both sides have batted."""
    regular = [i for i in state.innings if not i.isSuperOver]
    if state.config.inningsPerSide != 2 or inn.isSuperOver or len(regular) <= 1:
        return None
    ours = sum(i.runs for i in regular if i.battingTeamId == inn.battingTeamId)
    theirs = sum(i.runs for i in regular if i.battingTeamId != inn.battingTeamId)
    return ours - theirs


def _bowling_angle(inn: InningsState) -> BowlingAngle | None:
    """Over or round the wicket, as the current bowler's latest delivery recorded it."""
    bowler = inn.bowlers.get(inn.bowlerId) if inn.bowlerId else None
    return bowler.bowlingAngle if bowler else None


def _current(state: FoldState, inn: InningsState) -> CurrentInningsView:
    cfg = state.config
    bpo = cfg.ballsPerOver
    needed, balls_left, rrr = _chase_figures(state, inn)
    lead = _lead(state, inn)
    return CurrentInningsView(
        **_innings_figures(state, inn),
        battingTeamName=cfg.team_name(inn.battingTeamId),
        bowlingTeamName=cfg.team_name(inn.bowlingTeamId),
        runsNeeded=needed,
        ballsRemaining=balls_left,
        par=dls_par(state, inn),
        runRate=overs.rate(inn.runs, inn.balls, bpo),
        requiredRunRate=rrr,
        lead=lead,
        strikerId=inn.strikerId,
        nonStrikerId=inn.nonStrikerId,
        bowlerId=inn.bowlerId,
        bowlingAngle=_bowling_angle(inn),
        isFreeHit=inn.freeHit and not inn.closed,
    )
