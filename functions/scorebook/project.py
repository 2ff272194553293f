"""``project(match, actions) -> LiveScoreProjection``: the live document as a pure function of
the log. ``to_projection(state)`` renders a fold state, so a trigger holding a stored state
can fold one ball and render without re-reading the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from . import laws
from .fold import (
    BatterState,
    BowlerState,
    FoldState,
    InningsState,
    OverState,
    PartnershipState,
    apply,
    initial_state,
    over_credit,
    target_of,
)
from .models import (
    AbsentBatter,
    Action,
    BallView,
    BatterLine,
    BowlerLine,
    CurrentInnings,
    DismissalView,
    ExtrasView,
    FallOfWicket,
    InningsSnapshot,
    IntegrityProblem,
    LiveScoreProjection,
    Match,
    PartnershipView,
    RetirementView,
    Spell,
    WinMargin,
    YetToBat,
    sort_key,
)


def project(match: Match, actions: Iterable[Action]) -> LiveScoreProjection:
    """The live score after ``actions`` (any order; voided ones are ignored)."""
    ordered = sorted(actions, key=sort_key)
    state = initial_state(match)
    for action in ordered:
        apply(state, action)
    projection = to_projection(state)
    problems = log_problems(ordered)
    if problems:
        projection = projection.model_copy(update={"integrity": [*projection.integrity, *problems]})
    return projection


def rebuild(match: Match, actions: Iterable[Action]) -> FoldState:
    """The fold state after ``actions`` (any order), to store and fold further balls onto."""
    state = initial_state(match)
    for action in sorted(actions, key=sort_key):
        apply(state, action)
    return state


class LogAudit(BaseModel):
    """What the gap and duplicate checks remember of the log read so far, so that they can
    go on over the next actions only (a trigger folding one new ball)."""

    expected: dict[int, int] = Field(default_factory=dict)
    liveSeen: set[tuple[int, int]] = Field(default_factory=set)


def log_problems(ordered: list[Action], audit: LogAudit | None = None) -> list[IntegrityProblem]:
    """Gaps and duplicates in the sequence numbers of a sorted log (voided actions count as
    present: an undo never deletes). With ``audit``, the check continues from (and updates)
    what an earlier call saw, so checking a log in two parts equals checking it whole."""
    audit = audit if audit is not None else LogAudit()
    problems: list[IntegrityProblem] = []
    expected = audit.expected
    seen_live = audit.liveSeen
    for a in ordered:
        nxt = expected.get(a.inningsNumber, 1)
        if a.sequenceNumber > nxt:
            problems.append(
                IntegrityProblem(
                    code="sequence_gap",
                    message=(
                        f"innings {a.inningsNumber}: sequence {nxt}..{a.sequenceNumber - 1} missing"
                    ),
                    actionId=a.id,
                )
            )
        expected[a.inningsNumber] = max(nxt, a.sequenceNumber + 1)
        if not a.isVoided:
            if a.position in seen_live:
                problems.append(
                    IntegrityProblem(
                        code="duplicate_sequence",
                        message=(
                            f"two live actions at innings {a.inningsNumber} sequence "
                            f"{a.sequenceNumber}; the later id was ignored"
                        ),
                        actionId=a.id,
                    )
                )
            seen_live.add(a.position)
    return problems


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def to_projection(state: FoldState) -> LiveScoreProjection:
    """Render the live document from a fold state."""
    cfg = state.config
    snapshots = [_snapshot(state, inn) for inn in state.innings]
    result = decide_result(state)
    cur = state.current()
    status = "scheduled"
    if result is not None:
        status = "completed"
    elif cur is not None:
        status = "innings_break" if cur.closed else "live"

    fields: dict = {}
    if cur is not None:
        snap = snapshots[-1]
        fields = {
            "inningsNumber": cur.number,
            "currentInnings": _current(state, cur),
            "batsmen": snap.batsmen,
            "bowlers": snap.bowlers,
            "currentOver": _over_balls(cur.over),
            "partnership": _partnership_view(cur.partnerships[-1])
            if cur.partnerships and cur.partnerships[-1].active
            else None,
            "fallOfWickets": snap.fallOfWickets,
            "extras": snap.extras,
        }
    if result is not None:
        fields.update(
            resultType=result.type,
            winnerId=result.winnerId,
            winMargin=result.margin,
            resultMethod=result.method,
            result=result.text,
        )
    return LiveScoreProjection(
        matchId=cfg.matchId,
        status=status,
        innings=snapshots,
        lastUpdated=state.lastUpdated,
        lastActionId=state.lastActionId,
        version=state.version,
        integrity=[
            IntegrityProblem(code=w.code, message=w.message, actionId=w.actionId)
            for w in state.warnings
        ],
        **fields,
    )


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
        "replacementNote": laws.replacement_note(link.reason, _name(state, link.replaces))
        if link
        else None,
    }


def _yet_to_bat(state: FoldState, inn: InningsState) -> list[YetToBat]:
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
            YetToBat(playerId=holder, name=state.config.players.get(holder), battingPosition=number)
        )
    return out


def _batter_line(state: FoldState, inn: InningsState, b: BatterState) -> BatterLine:
    dismissal = None
    how = "not out"
    if b.dismissal is not None:
        d = b.dismissal
        how = laws.dismissal_text(
            d.type,
            d.bowlerId or d.deliveryBowlerId,
            d.fielderIds,
            lambda pid: _name(state, pid),
            keepers=state.config.keepers,
            substitutes=d.substituteFielderIds,
        )
        dismissal = DismissalView(
            type=d.type, bowlerId=d.bowlerId, fielderIds=d.fielderIds, description=how
        )
    at_crease = not inn.closed and b.playerId in (inn.strikerId, inn.nonStrikerId)
    return BatterLine(
        playerId=b.playerId,
        name=state.config.players.get(b.playerId),
        **_link(state, b.playerId),
        runs=b.runs,
        ballsFaced=b.balls,
        fours=b.fours,
        sixes=b.sixes,
        strikeRate=laws.strike_rate(b.runs, b.balls),
        isOut=b.isOut,
        dismissal=dismissal,
        howOut=how,
        isOnStrike=at_crease and b.playerId == inn.strikerId,
        isAtCrease=at_crease,
        battingPosition=b.position,
    )


def _bowler_line(state: FoldState, inn: InningsState, b: BowlerState) -> BowlerLine:
    bpo = state.config.ballsPerOver
    whole, loose, maidens = b.wholeOvers, b.looseBalls, b.maidens
    provisional_maiden = 0
    if inn.over is not None and b.playerId in inn.over.bowlerRuns:
        # The over in progress counts as it stands: six balls by one bowler already read as
        # a whole over (a maiden if they cost him nothing) before the next over begins.
        w, lb, provisional_maiden = over_credit(
            inn.over, b.playerId, called=False, balls_per_over=bpo
        )
        whole, loose, maidens = whole + w, loose + lb, maidens + provisional_maiden
    spells = [
        Spell(
            spellNumber=s.number,
            startOver=s.startOver,
            overs=laws.overs_from_balls(s.balls, bpo),
            balls=s.balls,
            maidens=s.maidens + (provisional_maiden if s is b.spells[-1] else 0),
            runs=s.runs,
            wickets=s.wickets,
        )
        for s in b.spells
    ]
    return BowlerLine(
        playerId=b.playerId,
        name=state.config.players.get(b.playerId),
        **_link(state, b.playerId),
        overs=laws.overs_text(whole + loose // bpo, loose % bpo),
        ballsBowled=b.balls,
        maidens=maidens,
        runsConceded=b.runs,
        wickets=b.wickets,
        wides=b.wides,
        noBalls=b.noBalls,
        wideRuns=b.wideRuns,
        noBallRuns=b.noBallRuns,
        economy=laws.rate(b.runs, b.balls, bpo),
        dotBalls=b.dots,
        foursConceded=b.fours,
        sixesConceded=b.sixes,
        isBowling=not inn.closed and inn.bowlerId == b.playerId,
        spells=spells,
    )


def _innings_overs(state: FoldState, inn: InningsState) -> str:
    bpo = state.config.ballsPerOver
    over = inn.over
    if over is None:
        return laws.overs_text(inn.completedOvers, 0)
    if over.legalBalls >= bpo:
        return laws.overs_text(inn.completedOvers + 1, 0)
    return laws.overs_text(inn.completedOvers, over.legalBalls)


def _partnership_view(p: PartnershipState) -> PartnershipView:
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


def _over_balls(over: OverState | None) -> list[BallView]:
    if over is None:
        return []
    return [
        BallView(runs=b.runs, isWicket=b.isWicket, extraType=b.extraType, display=b.display)
        for b in over.balls
    ]


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
        "overs": _innings_overs(state, inn),
        "balls": inn.balls,
        "maxOvers": inn.maxOvers,
        "target": target_of(state, inn),
        "isClosed": inn.closed,
        "endReason": inn.endReason,
        "yetToBat": _yet_to_bat(state, inn),
    }


def _snapshot(state: FoldState, inn: InningsState) -> InningsSnapshot:
    e = inn.extras
    return InningsSnapshot(
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
            _batter_line(state, inn, b)
            for b in sorted(inn.batters.values(), key=lambda b: b.position)
        ],
        bowlers=[_bowler_line(state, inn, b) for b in inn.bowlers.values()],
        fallOfWickets=[
            FallOfWicket(
                wicketNumber=f.wicketNumber,
                score=f.score,
                over=f.over,
                batsmanOutId=f.playerId,
                batsmanOutName=state.config.players.get(f.playerId),
                bowlerId=f.bowlerId,
                type=f.type,
            )
            for f in inn.fallOfWickets
        ],
        partnerships=[_partnership_view(p) for p in inn.partnerships],
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
            AbsentBatter(playerId=pid, name=state.config.players.get(pid), reason=reason)
            for pid, reason in inn.absent.items()
        ],
    )


def _current(state: FoldState, inn: InningsState) -> CurrentInnings:
    cfg = state.config
    bpo = cfg.ballsPerOver
    target = target_of(state, inn)
    needed = balls_left = rrr = None
    if target is not None:
        needed = max(target - inn.runs, 0)
    if inn.maxOvers is not None:
        balls_left = max(inn.maxOvers * bpo - inn.balls, 0)
    if needed is not None and balls_left and not inn.closed:
        rrr = round(needed * bpo / balls_left, 2)
    lead = None
    regular = [i for i in state.innings if not i.isSuperOver]
    if cfg.inningsPerSide == 2 and not inn.isSuperOver and len(regular) > 1:
        # How far the batting side leads (negative: trails) on first-innings aggregate.
        ours = sum(i.runs for i in regular if i.battingTeamId == inn.battingTeamId)
        theirs = sum(i.runs for i in regular if i.battingTeamId != inn.battingTeamId)
        lead = ours - theirs
    return CurrentInnings(
        **_innings_figures(state, inn),
        battingTeamName=cfg.team_name(inn.battingTeamId),
        bowlingTeamName=cfg.team_name(inn.bowlingTeamId),
        runsNeeded=needed,
        ballsRemaining=balls_left,
        runRate=laws.rate(inn.runs, inn.balls, bpo),
        requiredRunRate=rrr,
        lead=lead,
        strikerId=inn.strikerId,
        nonStrikerId=inn.nonStrikerId,
        bowlerId=inn.bowlerId,
        isFreeHit=inn.freeHit and not inn.closed,
    )


# ---------------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    type: str
    winnerId: str | None = None
    margin: WinMargin | None = None
    method: str | None = None
    text: str = ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _chase(state: FoldState, first: InningsState, second: InningsState) -> Result | None:
    """Law 16: the side batting last wins by the wickets it has in hand if it reaches the
    target; the other side wins by the runs short of a tie when the chase ends; equal scores
    are a tie."""
    if not second.closed:
        return None
    target = target_of(state, second)
    if target is None:
        return None
    if second.runs >= target:
        balls_left = None
        if second.maxOvers is not None:
            balls_left = max(second.maxOvers * state.config.ballsPerOver - second.balls, 0)
        margin = WinMargin(wickets=second.wicketLimit - second.wickets, ballsRemaining=balls_left)
        return Result("win", second.battingTeamId, margin)
    if second.endReason not in ("all_out", "overs", "target"):
        return None  # stopped for another reason: the officials decide (result event)
    short = target - 1 - second.runs
    if short == 0:
        return Result("tie")
    return Result("win", first.battingTeamId, WinMargin(runs=short))


def _computed_result(state: FoldState) -> Result | None:
    regular = [i for i in state.innings if not i.isSuperOver]
    supers = [i for i in state.innings if i.isSuperOver]
    if state.config.inningsPerSide == 1:
        if len(regular) < 2:
            return None
        outcome = _chase(state, regular[0], regular[1])
        if outcome is None or outcome.type != "tie" or not supers:
            return outcome
        # A tie may be decided by super overs, one pair after another until one side wins.
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
    # Two innings a side.
    if len(regular) == 3 and regular[2].closed:
        twice = regular[2].battingTeamId
        once = next((i.battingTeamId for i in regular if i.battingTeamId != twice), None)
        agg_twice = sum(i.runs for i in regular if i.battingTeamId == twice)
        agg_once = sum(i.runs for i in regular if i.battingTeamId == once)
        if once is not None and agg_twice < agg_once:
            # The side that batted once made more than the other's two innings together.
            return Result("win", once, WinMargin(runs=agg_once - agg_twice, innings=True))
    if len(regular) == 4:
        return (
            _chase(state, regular[2], regular[3])
            if regular[3].endReason
            in (
                "all_out",
                "target",
            )
            else None
        )
    return None


def decide_result(state: FoldState) -> Result | None:
    """The match result: the officials' result event when there is one (it alone can say
    draw or no result, and may carry the method or a par-score margin), else what the laws
    decide from the innings."""
    computed = _computed_result(state)
    declared = state.result
    if declared is None:
        return _with_text(state, computed) if computed is not None else None
    margin = declared.winMargin
    if computed is not None and (computed.type, computed.winnerId) == (
        declared.result,
        declared.winnerId,
    ):
        # The laws' margin carries the balls remaining; the declared one may not.
        margin = computed.margin or margin
    return _with_text(state, Result(declared.result, declared.winnerId, margin, declared.method))


def _with_text(state: FoldState, r: Result) -> Result:
    name = state.config.team_name(r.winnerId) or r.winnerId
    method = f" ({r.method})" if r.method else ""
    if r.type == "win":
        m = r.margin
        if m is None:
            text = f"{name} won"
        elif m.innings:
            text = f"{name} won by an innings and {_plural(m.runs or 0, 'run')}"
        elif m.runs is not None:
            text = f"{name} won by {_plural(m.runs, 'run')}"
        elif m.wickets is not None:
            text = f"{name} won by {_plural(m.wickets, 'wicket')}"
            if m.ballsRemaining:
                text += f" ({_plural(m.ballsRemaining, 'ball')} remaining)"
        else:
            text = f"{name} won"
        text += method
    elif r.type == "tie":
        text = "Match tied" + (f" ({name} won the Super Over)" if r.winnerId else "") + method
    elif r.type == "draw":
        text = "Match drawn"
    elif r.type == "no_result":
        text = "No result" + method
    else:
        text = "Match abandoned"
    return Result(r.type, r.winnerId, r.margin, r.method, text)
