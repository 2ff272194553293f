"""live/score: the scorecard view of a fold state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import TypeAdapter

from scorebook.actions import Action, BowlingAngle, log_sorted
from scorebook.document import compact_json_bytes, to_document
from scorebook.fold import replay
from scorebook.integrity import IntegrityProblem, log_problems
from scorebook.laws import overs
from scorebook.laws.innings import balls_remaining, dls_par, target_method, target_of
from scorebook.laws.overs import over_credit
from scorebook.laws.result import Result, judge_result
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
from scorebook.views.live_score_schema import (
    AbsentBatterView,
    BallView,
    BatterView,
    BowlerView,
    CurrentInningsView,
    ExtrasView,
    FallOfWicketView,
    InningsView,
    LiveScoreProjection,
    PartnershipView,
    RetirementView,
    YetToBatView,
)
from scorebook.views.text import ball_text, dismissal_text, replacement_note


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
    sources are unchanged is reused rather than rendered again. An innings over is never
    changed in place (penalty runs awarded to it, Law 41.17, replace it: scorebook.state),
    so a long match's finished innings, most of live/score, cost an identity check a ball;
    the innings in progress, a comparison of its JSON. A later innings' target moves with
    such penalty runs, and is compared too.

    The scorecards handed out are shared with the next document rendered: nobody may change
    them in place (nothing does: documents are written, compared and replaced whole)."""

    def __init__(self) -> None:
        #: (the config's JSON, [_Kept]), replaced whole, so that two runs rendering at once
        #: never pair one's config with the other's scorecards
        self._kept: tuple[str, list[_Kept]] = ("", [])

    def render(self, state: FoldState) -> list[dict[str, Any]]:
        """Every innings' scorecard document, in order."""
        config = state.config.model_dump_json()
        kept_config, kept = self._kept
        if config != kept_config:  # names, the batting order, balls per over...
            kept = []
        cards = []
        for index, inn in enumerate(state.innings):
            was = kept[index] if index < len(kept) else None
            settled = index < len(state.innings) - 1
            cards.append(_rendered(state, inn, settled, was))
        self._kept = (config, cards)
        return [kept.card for kept in cards]

    def json_bytes(self, card: Any) -> int | None:
        """`compact_json_bytes` of a scorecard this last rendered (None: not one of them),
        measured once when it was rendered: a document's size check adds it up rather than
        making the JSON of every innings again."""
        return next((kept.size for kept in self._kept[1] if kept.card is card), None)


@dataclass(frozen=True, slots=True)
class _Kept:
    """An innings' scorecard as last rendered, with what it was rendered from: the innings
    object and whether it was over then (the fold never changes such an innings in place
    again: scorebook.state), its JSON and its target."""

    innings: InningsState
    settled: bool
    source: bytes
    target: int | None
    card: dict[str, Any]
    #: the bytes of the scorecard's compact JSON
    size: int


def _rendered(state: FoldState, inn: InningsState, settled: bool, was: _Kept | None) -> _Kept:
    """`was` again when its sources are unchanged, else the innings rendered anew."""
    target = target_of(state, inn)
    if was is not None and was.settled and was.innings is inn and was.target == target:
        return was  # an innings over is the same while it is the same object
    source = _INNINGS_STATE.dump_json(inn)
    if was is not None and was.source == source and was.target == target:
        return _Kept(inn, settled, source, target, was.card, was.size)
    card = to_document(_snapshot(state, inn))
    return _Kept(inn, settled, source, target, card, compact_json_bytes(card))


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
    if result is not None and not _super_over_on(cur, result):
        return "completed"
    if cur is not None and cur.closed:
        return "innings_break"
    # The first action (a toss, an innings start) opens the match.
    return "scheduled" if state.lastActionId is None else "live"


def _super_over_on(cur: InningsState | None, result: Result) -> bool:
    # a super over after a declared tie is play again
    return cur is not None and cur.isSuperOver and not cur.closed and result.type == "tie"


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
    return "?" if pid is None else state.config.player_name(pid)


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
        wagonWheel=b.wagon,
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
    in_progress = _over_in_progress(inn, b.playerId, bpo)
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
        pitchMap=b.pitch,
    )


def _over_in_progress(inn: InningsState, pid: str, bpo: int) -> tuple[int, int, int]:
    """The bowler's whole overs, loose balls and maidens of the over in progress."""
    if inn.over is None or pid not in inn.over.bowlerRuns:
        return (0, 0, 0)
    # The over in progress counts as it stands: six balls by one bowler already read as
    # a whole over (a maiden if they cost him nothing) before the next over begins.
    return over_credit(inn.over, pid, called=False, balls_per_over=bpo)


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
        overHistory=_over_history(inn),
        retirements=_retirements(state, inn),
        absent=_absent(state, inn),
    )


def _over_history(inn: InningsState) -> list[dict[str, Any]]:
    # A line per over bowled, hundreds in a Test: validated as the innings is, in one go,
    # rather than one model at a time.
    return [{"over": o.number, "runs": o.runs, "wickets": o.wickets,
             "legalBalls": o.legalBalls, "bowlerIds": list(o.bowlerIds)}
            for o in inn.overHistory]


def _retirements(state: FoldState, inn: InningsState) -> list[RetirementView]:
    return [
        RetirementView(
            playerId=r.playerId,
            name=state.config.players.get(r.playerId),
            type=r.type,
            score=r.score,
            over=r.over,
        )
        for r in inn.retirements
    ]


def _absent(state: FoldState, inn: InningsState) -> list[AbsentBatterView]:
    return [AbsentBatterView(playerId=pid, name=state.config.players.get(pid), reason=reason)
            for pid, reason in inn.absent.items()]


def _chase_figures(
    state: FoldState, inn: InningsState
) -> tuple[int | None, int | None, float | None]:
    """Runs needed, balls remaining and the required rate, as far as they are known."""
    bpo = state.config.ballsPerOver
    target = target_of(state, inn)
    needed = rrr = None
    if target is not None:
        needed = max(target - inn.runs, 0)
    balls_left = balls_remaining(state, inn)
    if needed is not None and balls_left and not inn.closed:
        rrr = round(needed * bpo / balls_left, 2)
    return needed, balls_left, rrr


def _lead(state: FoldState, inn: InningsState) -> int | None:
    """How far the batting side leads (negative: trails) on aggregate, in a two-innings
    match once both sides have batted."""
    regular = [i for i in state.innings if not i.isSuperOver]
    if state.config.inningsPerSide != 2 or inn.isSuperOver or len(regular) <= 1:
        return None
    return _lead_on_aggregate(regular, inn.battingTeamId)


def _lead_on_aggregate(regular: list[InningsState], team: str) -> int:
    """The runs of `team`'s innings less those of every other side's."""
    lead = 0
    for i in regular:
        lead += i.runs if i.battingTeamId == team else -i.runs
    return lead


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
        isFreeHit=inn.freeHit and not inn.closed and not state.result_ends_play_in(inn),
    )
