"""One handler per kind of action, mutating the fold state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import singledispatch

from scorebook.actions import Action, ScoringAction
from scorebook.fold import slips
from scorebook.fold.players import check_sides
from scorebook.fold.rain import first_allotment, set_allotment
from scorebook.fold.scoring import Players, score
from scorebook.laws import dismissals, runs
from scorebook.laws.innings import allotment, target_of, wicket_limit
from scorebook.laws.overs import over_ball, over_credit
from scorebook.state import (
    BatterState,
    BowlerState,
    DismissalState,
    FallOfWicketState,
    FoldState,
    InningsState,
    OverState,
    PartnershipState,
    RetirementState,
    SpellState,
    warn,
)


@singledispatch
def handle(action: Action, state: FoldState) -> None:
    """Fold one action of a known kind into the state: one handler per action type."""
    raise TypeError(f"no fold handler for {type(action).__name__}")


def apply(state: FoldState, action: Action) -> None:
    """Mutating fold step (used by :func:`fold` and :func:`replay` on their private copy)."""
    apply_all(state, (action,))


def apply_all(state: FoldState, actions: Iterable[Action]) -> None:
    """Mutating fold of ``actions`` in the order given (log order). The state's own place in
    the log, which no handler reads, is kept aside on the way and stored once, and also if
    a handler fails: as it stood after the last action folded."""
    position, last = _place_or_start(state.position), _place_or_start(state.lastApplied)
    version = state.version
    folded: Action | None = None
    try:
        for action in actions:
            pos = (action.inningsNumber, action.sequenceNumber)
            if action.isVoided:
                if pos > position:  # noqa: PLR1730 (a compare, not a call, for each action)
                    position = pos
                continue
            if pos <= last:
                continue
            _handlers[type(action)](action, state)
            last, version, folded = pos, version + 1, action
            if pos > position:  # noqa: PLR1730 (as above)
                position = pos
    finally:
        state.position, state.lastApplied = _place(position), _place(last)
        state.version = version
        if folded is not None:
            state.lastActionId, state.lastUpdated = folded.id, folded.timestamp


#: a place in the log before every action's (inningsNumber, sequenceNumber): where a state
#: that has seen none stands
_START: tuple[float] = (float("-inf"),)


def _place_or_start(place: tuple[int, int] | None) -> tuple[int, int] | tuple[float]:
    return _START if place is None else place


def _place(place: tuple[int, int] | tuple[float]) -> tuple[int, int] | None:
    return None if place is _START else place  # type: ignore[return-value]


class _Handlers(dict[type, Callable[[Action, FoldState], None]]):
    """handle's choice for each action type, looked up once: a log is thousands of actions of
    a few types."""

    def __missing__(self, kind: type) -> Callable[[Action, FoldState], None]:
        handler = self[kind] = handle.dispatch(kind)
        return handler


_handlers = _Handlers()


def _innings_for(state: FoldState, action: Action) -> InningsState:
    """The innings an in-play event belongs to; starts one implicitly (with a warning) when
    the scorer's first event of an innings is not an innings_start."""
    innings = state.innings
    cur = innings[-1] if innings else None
    if cur is not None and cur.number == action.inningsNumber:
        return cur
    batting = _side_assumed_batting(state, action, cur)
    bowling = state.config.other_team(batting) or "unknown"
    warn(
        state,
        "implicit_innings_start",
        f"innings {action.inningsNumber} had no innings_start; assumed {batting} batting",
        action,
    )
    _start_innings(state, action.inningsNumber, batting, bowling, is_super_over=False)
    return state.innings[-1]


def _side_assumed_batting(state: FoldState, action: Action, cur: InningsState | None) -> str:
    """The striker's side; else the side that bowled the innings before; else the first."""
    striker = getattr(action, "strikerId", None)
    batting = state.config.playerTeam.get(striker) if striker else None
    if batting is None and cur is not None:
        batting = cur.bowlingTeamId
    return batting if batting is not None else state.config.teams[0].id


def _start_innings(
    state: FoldState,
    number: int,
    batting: str,
    bowling: str,
    *,
    is_super_over: bool,
    max_overs: int | None = None,
    target: int | None = None,
) -> InningsState:
    prev = state.current()
    if prev is not None and not prev.closed:
        _close(state, prev, "closed")
    cfg = state.config
    regular = [i for i in state.innings if not i.isSuperOver]
    inn = InningsState(
        number=number,
        battingTeamId=batting,
        bowlingTeamId=bowling,
        isSuperOver=is_super_over,
        isFollowOn=not is_super_over and _follows_on(state, regular, batting),
        target=target,
    )
    set_allotment(inn, first_allotment(state, regular, is_super_over, max_overs),
                  cfg.ballsPerOver)
    state.nextAllotment = None
    inn.startBalls = allotment(state, inn)
    inn.wicketLimit = wicket_limit(state, inn)
    _carry_penalty_in(state, inn)
    state.innings.append(inn)
    return inn


def _follows_on(state: FoldState, regular: list[InningsState], batting: str) -> bool:
    # Law 14: the side following on bats twice in a row.
    return (state.config.inningsPerSide == 2 and len(regular) == 2
            and regular[-1].battingTeamId == batting)


def _carry_penalty_in(state: FoldState, inn: InningsState) -> None:
    # Law 41.17: penalty runs awarded to a side that had not batted go to its next innings.
    pending = state.pendingPenalty.pop(inn.battingTeamId, 0)
    if pending:
        inn.runs += pending
        inn.extras.penalty += pending
        inn.penaltyPre += pending


def _batter(state: FoldState, inn: InningsState, pid: str, action: Action) -> BatterState:
    b = inn.batters.get(pid)
    if b is None:
        b = BatterState(playerId=pid, position=len(inn.batters) + 1)
        inn.batters[pid] = b
        # A batter announced absent who comes in after all is no longer absent.
        inn.absent.pop(pid, None)
        inn.wicketLimit = wicket_limit(state, inn)
    elif b.dismissal is not None and not b.isOut:
        # Law 25.4.2: a batter who retired hurt may resume his innings.
        b.dismissal = None
    elif b.isOut:
        warn(state, "dismissed_batter_batting",
             f"{state.config.player_name(pid)} is out but batting again", action)
    return b


def _bowler(inn: InningsState, pid: str) -> BowlerState:
    b = inn.bowlers.get(pid)
    if b is None:
        b = BowlerState(playerId=pid)
        inn.bowlers[pid] = b
    return b


def _partnership(inn: InningsState) -> PartnershipState | None:
    p = inn.partnerships[-1] if inn.partnerships else None
    return p if p is not None and p.active else None


def _ensure_partnership(inn: InningsState, a: str | None, b: str | None) -> None:
    if a is None:
        return
    p = _partnership(inn)
    if p is not None:
        if _is_pair(p, a, b):
            return
        if _second_batter_of(p, a, b):
            p.bId = b if p.aId == a else a
            return
        # a new pair without a wicket or retirement recorded: the data moved on
        p.active, p.endedBy = False, "replaced"
    inn.partnerships.append(PartnershipState(wicket=inn.wickets + 1, aId=a, bId=b))


def _is_pair(p: PartnershipState, a: str | None, b: str | None) -> bool:
    """The partnership is of these two batters, at either end."""
    return (p.aId == a and p.bId == b) or (p.aId == b and p.bId == a)


def _second_batter_of(p: PartnershipState, a: str, b: str | None) -> bool:
    """A partnership begun with one batter known, whose partner the pair now names."""
    return p.bId is None and b is not None and p.aId in (a, b)


def _end_partnership(inn: InningsState, ended_by: str | None) -> None:
    """The pair stops batting: ``ended_by`` is the dismissal or retirement that parted them,
    None when the innings closed with both not out (an unbroken partnership)."""
    p = _partnership(inn)
    if p is not None:
        p.active = False
        p.endedBy = ended_by


def _finish_over(state: FoldState, inn: InningsState) -> None:
    """The umpire called "over": credit the over to its bowlers for good."""
    over = inn.over
    if over is None:
        return
    inn.completedOvers += 1
    for pid in over.bowlerRuns:
        bowler = _bowler(inn, pid)
        whole, loose, maiden = over_credit(
            over, pid, called=True, balls_per_over=state.config.ballsPerOver
        )
        bowler.wholeOvers += whole
        bowler.looseBalls += loose
        bowler.maidens += maiden
        if bowler.spells:
            spell = bowler.spells[-1]
            spell.wholeOvers += whole
            spell.looseBalls += loose
            spell.maidens += maiden


def _close(state: FoldState, inn: InningsState, reason: str) -> None:
    # The last over stays "in progress" (inn.over): the projection credits it as it stands,
    # and a ball the umpire still adds to it (a miscounted last over) needs no undoing.
    if inn.closed:
        return
    inn.closed = True
    inn.endReason = reason
    _end_partnership(inn, None)


def _check_end(state: FoldState, inn: InningsState) -> None:
    """Laws 13 and 16: an innings ends when the target is reached, the side is all out, or the
    allotted overs are bowled."""
    if inn.closed:
        return
    target = target_of(state, inn)
    if target is not None and inn.runs >= target:
        _close(state, inn, "target")
    elif inn.wickets >= inn.wicketLimit:
        _close(state, inn, "all_out")
    elif _allotment_bowled(state, inn):
        _close(state, inn, "overs")


def _allotment_bowled(state: FoldState, inn: InningsState) -> bool:
    return (inn.maxOvers is not None and _overs_done(state, inn) >= inn.maxOvers) or (
        inn.maxBalls is not None and inn.balls >= inn.maxBalls)


def _overs_done(state: FoldState, inn: InningsState) -> int:
    done = inn.completedOvers
    if inn.over is not None and inn.over.legalBalls >= state.config.ballsPerOver:
        done += 1
    return done


def _fall_of_wicket(
    inn: InningsState, player: str, wicket_type: str, bowler_id: str | None
) -> None:
    inn.wickets += 1
    inn.fallOfWickets.append(
        FallOfWicketState(
            wicketNumber=inn.wickets,
            score=inn.runs,
            over=over_ball(inn),
            playerId=player,
            bowlerId=bowler_id,
            type=wicket_type,
        )
    )


def _leave_crease(inn: InningsState, player: str) -> None:
    if inn.strikerId == player:
        inn.strikerId = None
    if inn.nonStrikerId == player:
        inn.nonStrikerId = None


def _out(
    state: FoldState,
    inn: InningsState,
    player: str,
    wicket_type: str,
    *,
    bowler_id: str | None,
    fielders: list[str],
    substitutes: list[str],
    action: Action,
) -> None:
    """A batter is out (or retires). Credits the bowler only for his own dismissals; a
    retirement not out is no wicket and has no fall-of-wicket line (Law 25.4)."""
    batter = _batter(state, inn, player, action)
    credited = dismissals.credited_to_bowler(wicket_type)
    batter.dismissal = DismissalState(
        type=wicket_type,
        bowlerId=bowler_id if credited else None,
        deliveryBowlerId=bowler_id,
        fielderIds=list(fielders),
        substituteFielderIds=list(substitutes),
    )
    if credited and bowler_id:
        _credit_wicket(inn, bowler_id)
    if dismissals.is_team_wicket(wicket_type):
        batter.isOut = True
        _fall_of_wicket(inn, player, wicket_type, bowler_id)
    if wicket_type.startswith("retired"):
        inn.retirements.append(
            RetirementState(playerId=player, type=wicket_type, score=inn.runs, over=over_ball(inn))
        )
    _end_partnership(inn, wicket_type)
    _leave_crease(inn, player)


def _credit_wicket(inn: InningsState, bowler_id: str) -> None:
    """The wicket is the bowler's, and his current spell's."""
    bowler = _bowler(inn, bowler_id)
    bowler.wickets += 1
    if bowler.spells:
        bowler.spells[-1].wickets += 1


@handle.register
def _on_delivery(d: ScoringAction, state: FoldState) -> None:
    inn = _innings_in_play(state, d)
    over = inn.over
    if over is None or d.overNumber != over.number:
        over = _call_over(state, inn, d)
    players = _take_positions(state, inn, d)
    free_hit = inn.freeHit
    wicket = d.wicket
    score(inn, over, players, d)
    if wicket is not None or players[1].streak:
        _count_streak(players[1], d)
    # Law 18: odd runs completed leave the batters at the other ends (none are run off a
    # ball that scores nothing).
    if d.totalRuns and runs.batters_cross(d):
        inn.strikerId, inn.nonStrikerId = inn.nonStrikerId, inn.strikerId
    if wicket is not None:
        _out_off_the_ball(state, inn, d)
    _after_the_ball(state, inn, over, d, free_hit)


def _innings_in_play(state: FoldState, d: ScoringAction) -> InningsState:
    """The ball's innings, open for it, and what the ball shows before it is scored."""
    inn = _innings_for(state, d)
    if state.result_ends_play_in(inn):
        warn(state, "ball_after_result", f"a ball after the officials' result ({d.id})", d)
    if inn.closed:
        _reopen(state, inn, d)
    slips.before_the_ball(state, inn, d)
    return inn


def _out_off_the_ball(state: FoldState, inn: InningsState, d: ScoringAction) -> None:
    wicket = d.wicket
    _out(
        state,
        inn,
        wicket.dismissedPlayerId,
        wicket.type,
        bowler_id=d.bowlerId,
        fielders=wicket.fielderIds + wicket.assistFielderIds,
        substitutes=wicket.substituteFielderIds,
        action=d,
    )


def _after_the_ball(state: FoldState, inn: InningsState, over: OverState, d: ScoringAction,
                    free_hit: bool) -> None:
    _no_ball_laws(state, inn, d, free_hit)
    slips.after_the_ball(state, inn, d)
    # Law 17: at the end of the over the other batter faces from the other end.
    if over.legalBalls == state.config.ballsPerOver and d.isLegalDelivery:
        inn.strikerId, inn.nonStrikerId = inn.nonStrikerId, inn.strikerId
    if not inn.closed:
        _check_end(state, inn)


def _no_ball_laws(state: FoldState, inn: InningsState, d: ScoringAction, free_hit: bool,
                  ) -> None:
    """The free hit a no-ball earns (where the competition plays them), and the no-ball's
    runs as the competition sets them."""
    cfg = state.config
    if free_hit or cfg.freeHit:
        _free_hit(state, inn, d, free_hit)
    no_ball = d.extras.noBall
    if no_ball and no_ball != cfg.noBallRuns:
        # Law 21.7: a no-ball is one run, or what the competition says (noBallRuns); the
        # runs scored off it are the batter's, byes or leg-byes, never more no-ball runs.
        warn(state, "no_ball_runs",
              f"a no-ball of {no_ball} runs in a match of {cfg.noBallRuns}", d)


def _count_streak(bowler: BowlerState, d: ScoringAction) -> None:
    """A hat-trick is three wickets with consecutive balls, all credited to the bowler."""
    if d.wicket is not None and dismissals.credited_to_bowler(d.wicket.type):
        bowler.streak += 1
    elif d.isLegalDelivery and bowler.streak:
        bowler.streak = 0


def _reopen(state: FoldState, inn: InningsState, d: ScoringAction) -> None:
    """A ball after the innings ended: the data goes on, so the innings does too."""
    if not _miscounted_last_over(inn, d):
        warn(state, "ball_after_innings_end",
              f"delivery after the innings ended ({inn.endReason})", d)
    inn.closed, inn.endReason = False, None
    _play_on(inn)


def _play_on(inn: InningsState) -> None:
    """Play goes on where the innings was ended: no end for good, the same pair batting."""
    if inn.stops and inn.stops[-1].ballsLeftAfter == 0:
        inn.stops.pop()  # ended for good, yet play went on: no resources were lost
    last = inn.partnerships[-1] if inn.partnerships else None
    if last is not None and last.endedBy is None:
        last.active = True  # the same pair bats on


def _miscounted_last_over(inn: InningsState, d: ScoringAction) -> bool:
    # The umpire may miscount the last over (a 7th ball): that is not an error.
    return inn.endReason == "overs" and inn.over is not None and inn.over.number == d.overNumber


def _call_over(state: FoldState, inn: InningsState, d: ScoringAction) -> OverState:
    """The over this ball belongs to."""
    # The umpire calls "over": a ball with a new over number starts the next over, and the
    # over before it is complete even if miscounted (5 or 7 balls are still one over).
    if inn.over is None or d.overNumber > inn.over.number:
        _finish_over(state, inn)
        inn.over = OverState(number=d.overNumber)
    elif d.overNumber < inn.over.number:
        warn(
            state, "over_number_went_back", f"over {d.overNumber} after over {inn.over.number}", d
        )
    return inn.over


def _take_positions(state: FoldState, inn: InningsState, d: ScoringAction) -> Players:
    """Who faces, who is at the other end and who bowls, as the ball records them, and of
    which side they are (:func:`_check_sides`); and the pair's partnership."""
    # The data says who is batting and bowling; it wins over the strike we tracked.
    striker_id, non_striker_id, bowler_id = d.strikerId, d.nonStrikerId, d.bowlerId
    striker, pair = _batters_in(state, inn, d, striker_id, non_striker_id)
    inn.bowlerId = bowler_id
    bowler, spell = _bowler_in(state, inn, d, bowler_id)
    side = state.config.playerTeam
    batting = inn.battingTeamId
    if side and not (d.wicket is None and side.get(striker_id) == batting
                     and side.get(non_striker_id) == batting
                     and side.get(bowler_id) == inn.bowlingTeamId):
        # not the usual ball (the match lists all three, each on his own side): judged
        check_sides(state, inn, d)
    return striker, bowler, spell, pair


def _batters_in(state: FoldState, inn: InningsState, d: ScoringAction, striker_id: str,
                non_striker_id: str) -> tuple[BatterState, PartnershipState]:
    """The ball's striker and non-striker at the crease, and their partnership."""
    batters = inn.batters
    striker = batters.get(striker_id)
    if striker is None or striker.isOut or striker.dismissal is not None:
        striker = _batter(state, inn, striker_id, d)
    other = batters.get(non_striker_id)
    if other is None or other.isOut or other.dismissal is not None:
        _batter(state, inn, non_striker_id, d)
    inn.strikerId, inn.nonStrikerId = striker_id, non_striker_id
    pair = inn.partnerships[-1] if inn.partnerships else None
    if pair is None or not pair.active or not _is_pair(pair, striker_id, non_striker_id):
        _ensure_partnership(inn, striker_id, non_striker_id)
        pair = inn.partnerships[-1]
    return striker, pair


def _bowler_in(state: FoldState, inn: InningsState, d: ScoringAction, bowler_id: str,
               ) -> tuple[BowlerState, SpellState]:
    """The ball's bowler, and the spell it is part of."""
    bowler = inn.bowlers.get(bowler_id)
    if bowler is None:
        bowler = _bowler(inn, bowler_id)
    bowler.bowlingAngle = d.bowlingAngle
    over_number = d.overNumber
    if bowler.lastOver != over_number:
        _start_bowlers_over(state, inn, bowler, d)
    spell = bowler.spells[-1] if bowler.spells else None
    # A spell runs over the bowler's overs from one end: every other over, without a gap.
    if spell is None or over_number - spell.lastOver > 2:
        spell = SpellState(number=len(bowler.spells) + 1, startOver=over_number,
                           lastOver=over_number)
        bowler.spells.append(spell)
    spell.lastOver = over_number
    return bowler, spell


def _free_hit(state: FoldState, inn: InningsState, d: ScoringAction, free_hit: bool) -> None:
    if (free_hit and d.wicket is not None and d.isLegalDelivery
            and not dismissals.can_be_out_off_free_hit(d.wicket.type)):
        warn(state, "out_on_free_hit", f"{d.wicket.type} off a free hit", d)
    if state.config.freeHit:
        inn.freeHit = runs.next_ball_is_free_hit(d, free_hit)


def _start_bowlers_over(
    state: FoldState, inn: InningsState, bowler: BowlerState, d: ScoringAction
) -> None:
    """A bowler starts an over. Warn (the ball still counts: the umpires let it stand) when
    the laws or the playing conditions forbid him to bowl it."""
    run = bowler.run + 1 if bowler.lastOver == d.overNumber - 1 else 1
    if run > state.config.maxConsecutiveOvers:
        # Law 17.8: no bowler may bowl two overs in a row, not even after finishing
        # someone else's over (The Hundred allows two sets of five in a row).
        warn(state, "bowler_consecutive_overs",
             f"{state.config.player_name(d.bowlerId)} bowls {run} overs in a row", d)
    bowler.run, bowler.lastOver = run, d.overNumber
    bowler.oversStarted += 1
    if inn.maxOvers is not None and not inn.isSuperOver:
        _check_over_limit(state, inn.maxOvers, bowler, d)


def _check_over_limit(state: FoldState, max_overs: int, bowler: BowlerState,
                      d: ScoringAction) -> None:
    """Limited-overs playing conditions: a bowler may bowl a fifth of the overs at most."""
    limit = -(-max_overs // 5)
    if bowler.oversStarted > limit:
        warn(
            state,
            "bowler_over_limit",
            f"{state.config.player_name(d.bowlerId)} bowls over {bowler.oversStarted} of"
            f" at most {limit}",
            d,
        )
