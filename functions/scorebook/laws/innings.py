"""The Laws on innings (Laws 13-15): when an innings is all out, what a side chases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorebook.laws import dls

if TYPE_CHECKING:  # the fold imports the Laws, not the other way round
    from scorebook.state import FoldState, InningsState

#: Super over playing conditions: one over a side, and the innings ends at two wickets.
SUPER_OVER_WICKETS = 2


def may_declare(innings_per_side: int, max_overs: int | None) -> bool:
    """Limited-overs playing conditions (clause 15 of the ICC's ODI and T20I ones, and the
    competitions' after them) allow no declaration: an innings of one a side ends all out,
    at its overs or at the target."""
    return innings_per_side != 1 or max_overs is None


def wicket_limit(state: FoldState, inn: InningsState) -> int:
    """The wickets that end the innings all out.

    Law 13.3: an innings is complete when no further batter is available to come in: after
    as many wickets as the side has players less one (ten for an XI, fewer for a side of
    fewer players), one fewer for each batter absent. The side's players are its places in
    the batting order, at most ``playersPerSide`` (Law 1.1; a squad listed in the match
    document is not a side), plus any batter the match does not list (he plays for it all
    the same); a match that lists no players for the side falls back on ``playersPerSide``.
    A super over ends at two wickets (playing conditions).
    """
    if inn.isSuperOver:
        return SUPER_OVER_WICKETS
    cfg = state.config
    places = cfg.battingOrder.get(inn.battingTeamId)
    players = _side_size(places, inn, cfg.playersPerSide) if places else cfg.playersPerSide
    return max(players - 1 - len(inn.absent), 1)


def _side_size(places: list[list[str]], inn: InningsState, players_per_side: int) -> int:
    """The side's places in the batting order and the batters it does not list, at most
    ``playersPerSide``."""
    listed = {pid for place in places for pid in place}
    unlisted = sum(pid not in listed for pid in inn.batters)
    return min(len(places) + unlisted, players_per_side)


def target_of(state: FoldState, inn: InningsState) -> int | None:
    """The runs the batting side needs to win, if it is chasing.

    Set by an official (rain rules) or else: limited overs, the second innings chases the
    first's total + 1 (a super over chases the other super over); two-innings matches, the
    fourth innings chases the runs it is behind on aggregate + 1.
    """
    if inn.target is not None:
        return inn.target
    innings = state.innings
    # asked ball after ball of the innings being played, which is the last one
    idx = len(innings) - 1
    if idx < 0 or innings[idx] is not inn:
        idx = _index_of(innings, inn)
    if inn.isSuperOver:
        return _super_over_target(innings[:idx])
    # not the last innings of a side (the second, or the fourth): nothing to chase yet
    if state.config.inningsPerSide == 1:
        return _second_innings_target(state, innings[:idx], inn) if idx >= 1 else None
    return _fourth_innings_target(innings[:idx], inn.battingTeamId) if idx >= 3 else None


def _index_of(innings: list[InningsState], inn: InningsState) -> int:
    return next(n for n, i in enumerate(innings) if i is inn)


def _super_over_target(earlier: list[InningsState]) -> int | None:
    """A super over chases the other side's super over just before it."""
    supers = [i for i in earlier if i.isSuperOver]
    return supers[-1].runs + 1 if len(supers) % 2 == 1 else None


def _second_innings_target(state: FoldState, earlier: list[InningsState], inn: InningsState,
                           ) -> int | None:
    """Limited overs: the first innings' total + 1, or the rain rule's revised target."""
    regular = [i for i in earlier if not i.isSuperOver]
    if len(regular) != 1:
        return None
    if rain_affected(state):
        return dls_target(state, regular[0], inn)
    return regular[0].runs + 1


def _fourth_innings_target(earlier: list[InningsState], batting: str) -> int | None:
    """Law 13: the side batting last needs one run more than it is behind on aggregate;
    ``None`` if the regular innings before it are not three (it does not bat last)."""
    regular = behind = 0
    for i in earlier:  # asked ball after ball of the innings: one loop
        if not i.isSuperOver:
            regular += 1
            behind += i.runs if i.battingTeamId != batting else -i.runs
    return behind + 1 if regular == 3 else None


# --- rain: overs lost in a limited-overs match (scorebook.laws.dls) ---------------------------


def allotment(state: FoldState, inn: InningsState) -> int | None:
    """The balls the innings may have now (None: no limit)."""
    if inn.maxBalls is not None:
        return inn.maxBalls
    if inn.maxOvers is None:
        return None
    return inn.maxOvers * state.config.ballsPerOver


def balls_remaining(state: FoldState, inn: InningsState) -> int | None:
    """The balls left of the innings' allotment (None: no limit)."""
    left = allotment(state, inn)
    return None if left is None else max(left - inn.balls, 0)


def rain_pair(state: FoldState) -> tuple[InningsState, InningsState | None] | None:
    """The first innings and the chase (None before it starts) of a limited-overs match of
    one innings a side: where a rain rule can apply."""
    if state.config.inningsPerSide != 1:
        return None
    regular = [i for i in state.innings if not i.isSuperOver]
    if not regular or regular[0].startBalls is None:
        return None
    return regular[0], (regular[1] if len(regular) > 1 else None)


def rain_affected(state: FoldState) -> bool:
    """Overs were lost: an interruption or an end for good of the first innings, an
    interruption of the chase, or a chase that began with fewer balls than the first innings
    had. (A chase ended for good with no overs lost before is no result: nothing else says
    the rain rule was in play.)"""
    pair = rain_pair(state)
    if pair is None:
        return False
    first, chase = pair
    return bool(first.stops) or (chase is not None and _chase_lost_overs(first, chase))


def _chase_lost_overs(first: InningsState, chase: InningsState) -> bool:
    """The chase began with fewer balls than the first innings had, or was interrupted."""
    return chase.startBalls != first.startBalls or any(
        s.recorded == "interruption" for s in chase.stops)


def resources(inn: InningsState) -> float:
    """The innings' run-scoring resources: its allotment's at the start, less the stops'."""
    return dls.innings_resources(inn.startBalls or 0, [
        dls.Stop(s.ballsLeft, s.wickets, s.ballsLeftAfter) for s in inn.stops])


def dls_target(state: FoldState, first: InningsState, chase: InningsState) -> int:
    """The chase's revised target by the Standard Edition. Penalty runs given to the side
    fielding in the chase are not worked into the sum: the target moves up by them (the
    Standard Edition's rules, 6.2)."""
    given = chase.penaltyToFielders
    return dls.revised_target(first.runs - given, resources(first), resources(chase),
                              state.config.g50) + given


def dls_par(state: FoldState, inn: InningsState) -> int | None:
    """The chase's par at this ball, while overs have been lost and no official's target
    stands: the runs that would tie were play to end now (more wins)."""
    first = _rain_revised_chase(state, inn)
    if first is None:
        return None
    left = max((allotment(state, inn) or 0) - inn.balls, 0)
    if inn.closed:
        left = 0
    given = inn.penaltyToFielders  # as the target: the par moves up by them (6.2)
    return dls.par_now(first.runs - given, resources(first), resources(inn), left, inn.wickets,
                       g50=state.config.g50) + given


def minimum_balls(state: FoldState) -> int:
    """The balls the chase must have faced for a result by par when play ends for good."""
    overs = state.config.minimumOvers or dls.minimum_overs(state.config.scheduledOvers)
    return overs * state.config.ballsPerOver


def target_method(state: FoldState, inn: InningsState) -> str | None:
    """How the innings' target was revised for overs lost: the officials' method where
    they set it, the Standard Edition's where the functions did, None where it was not."""
    if inn.targetMethod is not None:
        return inn.targetMethod
    return dls.METHOD if _rain_revised_chase(state, inn) is not None else None


def _rain_revised_chase(state: FoldState, inn: InningsState) -> InningsState | None:
    """The first innings, when `inn` is the chase, overs have been lost and no official's
    target stands: the rain rule's target and par apply."""
    pair = rain_pair(state)
    if pair is None or pair[1] is not inn or inn.target is not None or not rain_affected(state):
        return None
    return pair[0]
