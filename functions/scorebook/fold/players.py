"""Laws 1 and 2: who may play where. The batters are of the batting side, the bowler and the
fielders of the fielding side; a player the match does not list is flagged when both sides
list theirs. What these find is flagged (integrity), never refused: the runs were run."""

from __future__ import annotations

from scorebook.actions import Action, ScoringAction
from scorebook.state import FoldState, InningsState, warn


def check_sides(state: FoldState, inn: InningsState, d: ScoringAction) -> None:
    """The players of a ball, judged by :func:`judge_players`; the ball is still scored
    whatever they say (the runs were run)."""
    roles = [("batter", d.strikerId, inn.battingTeamId),
             ("batter", d.nonStrikerId, inn.battingTeamId),
             ("bowler", d.bowlerId, inn.bowlingTeamId)]
    subs: list[str] = []
    if d.wicket is not None:
        roles += [("fielder", f, inn.bowlingTeamId)
                  for f in d.wicket.fielderIds + d.wicket.assistFielderIds]
        subs = d.wicket.substituteFielderIds
    judge_players(state, roles, d, subs)


def judge_players(state: FoldState, roles: list[tuple[str, str | None, str]], action: Action,
                   substitutes: list[str] | None = None) -> None:
    """Laws 1 and 2: the batters are of the batting side, the bowler and the fielders of the
    fielding side. A player the match lists for the other side is flagged, and so is a player
    it does not list at all when both sides list theirs. Substitute fielders are not judged
    (Law 24.1: the umpires may allow anyone)."""
    side = state.config.playerTeam
    if not side:
        return
    named = [(role, pid, team) for role, pid, team in roles if pid]
    wrong = _on_wrong_side(state, named)
    if wrong:
        warn(state, "player_on_wrong_side", "; ".join(wrong), action)
    if _lists_both_sides(state):
        _judge_listed(state, named, substitutes or [], action)


def _judge_listed(state: FoldState, named: list[tuple[str, str, str]], substitutes: list[str],
                  action: Action) -> None:
    """Flag the named players neither side lists."""
    unknown = _not_listed(state.config.playerTeam, named, substitutes)
    if unknown:
        warn(state, "player_not_in_match", "; ".join(unknown), action)


def _on_wrong_side(state: FoldState, named: list[tuple[str, str, str]]) -> list[str]:
    """Each named player the match lists for the side other than his role's, worded."""
    cfg = state.config
    side = cfg.playerTeam
    return [f"{role} {cfg.player_name(pid)} is of {_team_name(state, side[pid])}"
            for role, pid, team in named
            if pid in side and side[pid] != team]


def _team_name(state: FoldState, team: str) -> str:
    return state.config.team_name(team) or team


def _not_listed(side: dict[str, str], named: list[tuple[str, str, str]],
                substitutes: list[str]) -> list[str]:
    """Each named player neither side lists, worded; substitute fielders are not judged."""
    return [f"{role} {pid}" for role, pid, _ in named
            if pid not in side and pid not in substitutes]


def _lists_both_sides(state: FoldState) -> bool:
    return len(state.config.battingOrder) == len(state.config.teams)


def impossible_batter(state: FoldState, inn: InningsState, batter_id: str,
                       action: Action) -> bool:
    """A retirement, an absence or a wicket without a ball (timed out, a run out between
    balls) of a batter who cannot be batting: a player of the fielding side, or one the match
    does not list (both sides listing theirs). It cannot count (Laws 1, 2 and 40): flagged
    and ignored, so no wicket falls and the all out does not come sooner."""
    cfg = state.config
    side = cfg.playerTeam
    if batter_id in side and side[batter_id] != inn.battingTeamId:
        team = _team_name(state, side[batter_id])
        warn(state, "player_on_wrong_side",
              f"batter {cfg.player_name(batter_id)} is of {team}; ignored", action)
        return True
    if not _lists_both_sides(state) or batter_id in side:
        return False
    warn(state, "player_not_in_match", f"batter {batter_id} is not in the match; ignored",
          action)
    return True
