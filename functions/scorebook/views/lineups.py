"""live/lineups: the lineup view of a match's lineup documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from scorebook.document import View
from scorebook.match import (
    PLAYERS_PER_SIDE,
    LineupEntry,
    LineupParseError,
    Match,
    MatchLineup,
    Player,
    SubstitutionReason,
    lineup_id,
    parse_lineup_document,
    with_lineups,
)


class LineupPlayerView(View):
    playerId: str
    name: str
    lineupId: str
    battingPosition: int | None = None
    isCaptain: bool = False
    isViceCaptain: bool = False
    isWicketKeeper: bool = False
    #: the replacement who took this player's place during the match
    replacedBy: str | None = None


class ReplacementView(View):
    playerId: str
    name: str
    lineupId: str
    replacedPlayerId: str
    replacedPlayerName: str | None = None
    reason: SubstitutionReason | None = None
    substitutedAt: datetime | None = None
    battingPosition: int | None = None
    isCaptain: bool = False
    isViceCaptain: bool = False
    isWicketKeeper: bool = False


class TeamLineupView(View):
    teamId: str
    #: the XI as selected, in batting order (replacements are in ``replacements``)
    playingXI: list[LineupPlayerView] = Field(default_factory=list)
    captainId: str | None = None
    viceCaptainId: str | None = None
    wicketKeeperId: str | None = None
    substitutes: list[LineupPlayerView] = Field(default_factory=list)
    reserves: list[LineupPlayerView] = Field(default_factory=list)
    withdrawn: list[LineupPlayerView] = Field(default_factory=list)
    replacements: list[ReplacementView] = Field(default_factory=list)


ProblemCode = Literal[
    "unparseable_lineup",
    "unknown_team",
    "player_listed_twice",
    "player_in_both_teams",
    "too_many_players",
    "no_captain",
    "several_captains",
    "several_wicketkeepers",
    "duplicate_batting_position",
    "replacement_for_player_not_playing",
    "player_replaced_twice",
]


class LineupProblemView(View):
    code: ProblemCode
    message: str
    teamId: str | None = None
    playerIds: list[str] = Field(default_factory=list)
    lineupId: str | None = None


class LineupsProjection(View):
    """``matches/{matchId}/live/lineups``. ``version`` counts the changes written (set by the
    store, never by the projection, which has no memory)."""

    matchId: str
    teams: list[TeamLineupView] = Field(default_factory=list)
    problems: list[LineupProblemView] = Field(default_factory=list)
    version: int = 0

    def team(self, team_id: str) -> TeamLineupView | None:
        return next((t for t in self.teams if t.teamId == team_id), None)


def lineup_rules(match_document: Mapping[str, Any] | None) -> dict[str, Any]:
    """What :func:`project_lineups` needs from the ``matches/{id}`` document, read leniently
    (a lineup projection must not fail because the match document is odd)."""
    if not isinstance(match_document, Mapping):
        return {}
    rules: dict[str, Any] = {}
    per_side = match_document.get("playersPerSide")
    if isinstance(per_side, int) and not isinstance(per_side, bool) and per_side >= 1:
        rules["players_per_side"] = per_side
    teams = match_document.get("teams")
    if isinstance(teams, list):
        ids = [t.get("id") for t in teams if isinstance(t, Mapping)]
        rules["team_ids"] = [i for i in ids if isinstance(i, str) and i]
    return rules


def project_lineups(
    match_id: str,
    lineup_docs: Iterable[tuple[str, Any]],
    *,
    players_per_side: int = PLAYERS_PER_SIDE,
    team_ids: Sequence[str] = (),
) -> LineupsProjection:
    """The lineups of a match from its lineup documents, as ``(document id, data)`` pairs.

    ``team_ids`` (the match's teams, in order) orders the teams and flags lineups for a team
    not in the match; without it teams come in id order. Deterministic and independent of
    the order of the documents.
    """
    problems: list[LineupProblemView] = []
    entries: list[LineupEntry] = []
    for doc_id, data in sorted(lineup_docs, key=lambda d: d[0]):
        try:
            parsed = parse_lineup_document(doc_id, data)
        except LineupParseError as err:
            problems.append(_problem("unparseable_lineup", str(err), lineup_id=doc_id))
            continue
        wrong = next((e for e in parsed if e.matchId != match_id), None)
        if wrong is not None:
            problems.append(
                _problem(
                    "unparseable_lineup",
                    f"matchId: {wrong.matchId!r} is not this match ({match_id!r})",
                    lineup_id=doc_id,
                )
            )
            continue
        entries.extend(parsed)

    by_team: dict[str, list[LineupEntry]] = defaultdict(list)
    for entry in entries:
        team = by_team[entry.teamId]
        twice = next((e for e in team if e.playerId == entry.playerId), None)
        if twice is not None:
            # Documents are visited in id order, so the same one wins in every run.
            problems.append(
                _problem(
                    "player_listed_twice",
                    f"{entry.name} is in {twice.id!r} and {entry.id!r}; {twice.id!r} is used",
                    team_id=entry.teamId,
                    player_ids=[entry.playerId],
                    lineup_id=entry.id,
                )
            )
            continue
        team.append(entry)

    known = list(dict.fromkeys(team_ids))
    order = [t for t in known if t in by_team] + sorted(t for t in by_team if t not in known)
    if known:
        for team_id in order:
            if team_id not in known:
                problems.append(
                    _problem(
                        "unknown_team",
                        f"{team_id!r} is not a team of this match",
                        team_id=team_id,
                        player_ids=sorted(e.playerId for e in by_team[team_id]),
                    )
                )

    teams = []
    for team_id in order:
        view, found = _team_view(team_id, by_team[team_id], players_per_side)
        teams.append(view)
        problems.extend(found)
    problems.extend(_players_in_both_teams(by_team))
    problems.sort(key=lambda p: (p.code, p.teamId or "", p.playerIds, p.lineupId or "", p.message))
    return LineupsProjection(matchId=match_id, teams=teams, problems=problems)


def _problem(
    code: ProblemCode,
    message: str,
    *,
    team_id: str | None = None,
    player_ids: list[str] | None = None,
    lineup_id: str | None = None,
) -> LineupProblemView:
    return LineupProblemView(
        code=code, message=message, teamId=team_id, playerIds=player_ids or [], lineupId=lineup_id
    )


def _batting_order(entry: LineupEntry) -> tuple[Any, ...]:
    return (entry.battingPosition is None, entry.battingPosition or 0, entry.name, entry.playerId)


def _by_name(entry: LineupEntry) -> tuple[str, str]:
    return (entry.name, entry.playerId)


def _player_view(entry: LineupEntry, replaced_by: str | None = None) -> LineupPlayerView:
    return LineupPlayerView(
        playerId=entry.playerId,
        name=entry.name,
        lineupId=entry.id or lineup_id(entry.teamId, entry.playerId),
        battingPosition=entry.battingPosition,
        isCaptain=entry.isCaptain,
        isViceCaptain=entry.isViceCaptain,
        isWicketKeeper=entry.isWicketKeeper,
        replacedBy=replaced_by,
    )


def _team_view(
    team_id: str, entries: list[LineupEntry], players_per_side: int
) -> tuple[TeamLineupView, list[LineupProblemView]]:
    problems: list[LineupProblemView] = []
    withdrawn = sorted((e for e in entries if e.role == "withdrawn"), key=_by_name)
    replacements = sorted(
        (e for e in entries if e.is_replacement),
        key=lambda e: (
            e.substitutedAt is None,
            e.substitutedAt.timestamp() if e.substitutedAt else 0.0,
            e.playerId,
        ),
    )
    rest = [e for e in entries if e.role != "withdrawn" and not e.is_replacement]
    xi = sorted((e for e in rest if e.role == "playing_xi"), key=_batting_order)
    substitutes = sorted((e for e in rest if e.role == "substitute"), key=_by_name)
    reserves = sorted((e for e in rest if e.role == "reserve"), key=_by_name)

    if len(xi) > players_per_side:
        problems.append(
            _problem(
                "too_many_players",
                f"{len(xi)} players in the XI; the match allows {players_per_side}",
                team_id=team_id,
                player_ids=[e.playerId for e in xi],
            )
        )

    positions: dict[int, list[str]] = defaultdict(list)
    for e in xi:
        if e.battingPosition is not None:
            positions[e.battingPosition].append(e.playerId)
    for position, ids in sorted(positions.items()):
        if len(ids) > 1:
            problems.append(
                _problem(
                    "duplicate_batting_position",
                    f"{len(ids)} players bat at number {position}",
                    team_id=team_id,
                    player_ids=sorted(ids),
                )
            )

    # A replacement stands in the place (the "slot") of the player replaced, and may itself
    # be replaced (a concussion replacement who is then concussed): follow the chain.
    playing = {e.playerId: e for e in xi}
    names = {e.playerId: e.name for e in entries}
    slot: dict[str, str] = {e.playerId: e.playerId for e in xi}
    replaced_by: dict[str, str] = {}
    pending = list(replacements)
    while pending:
        progressed = False
        for r in list(pending):
            if r.substitutedFor in slot:
                pending.remove(r)
                progressed = True
                if r.substitutedFor in replaced_by:
                    problems.append(
                        _problem(
                            "player_replaced_twice",
                            f"{names.get(r.substitutedFor, r.substitutedFor)} is replaced by "
                            f"{names[replaced_by[r.substitutedFor]]} and by {r.name}",
                            team_id=team_id,
                            player_ids=sorted([replaced_by[r.substitutedFor], r.playerId]),
                            lineup_id=r.id,
                        )
                    )
                    continue
                replaced_by[r.substitutedFor] = r.playerId
                slot[r.playerId] = slot[r.substitutedFor]
                playing[r.playerId] = r
        if not progressed:
            break
    for r in pending:
        problems.append(
            _problem(
                "replacement_for_player_not_playing",
                f"{r.name} replaces {r.substitutedFor!r}, who is not playing for {team_id!r}",
                team_id=team_id,
                player_ids=[r.playerId, r.substitutedFor or ""],
                lineup_id=r.id,
            )
        )
    replacements = [r for r in replacements if r.playerId in playing]

    def holders(flag: str) -> list[LineupEntry]:
        # One place in the side holds a role once, even if its replacement holds it too
        # (a concussion replacement for the keeper keeps wicket in the keeper's place);
        # the latest holder in the chain is the one who holds it now.
        current: dict[str, LineupEntry] = {}
        for e in [*xi, *replacements]:
            if getattr(e, flag) and e.playerId in playing:
                current[slot[e.playerId]] = e
        return [current[s] for s in sorted(current)]

    captains = holders("isCaptain")
    vice_captains = holders("isViceCaptain")
    keepers = holders("isWicketKeeper")
    if xi and not captains:
        # Law 1.2: each side has a captain, who must be one of its nominated players.
        problems.append(_problem("no_captain", "no captain among the players", team_id=team_id))
    if len(captains) > 1:
        problems.append(
            _problem(
                "several_captains",
                f"{len(captains)} captains: " + ", ".join(e.name for e in captains),
                team_id=team_id,
                player_ids=sorted(e.playerId for e in captains),
            )
        )
    if len(keepers) > 1:
        # Law 27.1: one player keeps wicket at a time; naming two leaves the scorecard's
        # "st †Keeper" ambiguous.
        problems.append(
            _problem(
                "several_wicketkeepers",
                f"{len(keepers)} wicketkeepers: " + ", ".join(e.name for e in keepers),
                team_id=team_id,
                player_ids=sorted(e.playerId for e in keepers),
            )
        )

    view = TeamLineupView(
        teamId=team_id,
        playingXI=[_player_view(e, replaced_by.get(e.playerId)) for e in xi],
        captainId=captains[0].playerId if captains else None,
        viceCaptainId=vice_captains[0].playerId if vice_captains else None,
        wicketKeeperId=keepers[0].playerId if keepers else None,
        substitutes=[_player_view(e) for e in substitutes],
        reserves=[_player_view(e) for e in reserves],
        withdrawn=[_player_view(e) for e in withdrawn],
        replacements=[
            ReplacementView(
                playerId=r.playerId,
                name=r.name,
                lineupId=r.id or lineup_id(r.teamId, r.playerId),
                replacedPlayerId=r.substitutedFor or "",
                replacedPlayerName=names.get(r.substitutedFor or ""),
                reason=r.substitutionReason,
                substitutedAt=r.substitutedAt,
                battingPosition=r.battingPosition,
                isCaptain=r.isCaptain,
                isViceCaptain=r.isViceCaptain,
                isWicketKeeper=r.isWicketKeeper,
            )
            for r in replacements
        ],
    )
    return view, problems


def _players_in_both_teams(by_team: Mapping[str, list[LineupEntry]]) -> list[LineupProblemView]:
    teams_of: dict[str, set[str]] = defaultdict(set)
    for team_id, entries in by_team.items():
        for e in entries:
            if e.role != "withdrawn":
                teams_of[e.playerId].add(team_id)
    return [
        _problem(
            "player_in_both_teams",
            f"{pid!r} is in the lineups of " + " and ".join(repr(t) for t in sorted(teams)),
            player_ids=[pid],
        )
        for pid, teams in sorted(teams_of.items())
        if len(teams) > 1
    ]


def match_with_lineups(match: Match, lineups: LineupsProjection) -> Match:
    """``match`` with each team that has a lineup playing as the lineup says: the XI in batting
    order, then replacements (``replaces`` the player whose place they took), then substitute
    fielders (``isSubstitute``), with the lineup's names, captain and keeper. Reserves and
    withdrawn players are left out; a team without lineup documents keeps the match
    document's players."""
    sheets = []
    for team in lineups.teams:
        players: dict[str, Player] = {}
        for p in [*team.playingXI, *team.replacements]:
            replacement = p if isinstance(p, ReplacementView) else None
            players.setdefault(
                p.playerId,
                Player(
                    id=p.playerId,
                    name=p.name,
                    isCaptain=p.playerId == team.captainId,
                    isWicketKeeper=p.playerId == team.wicketKeeperId,
                    # the fold gives him the replaced player's place in the batting order
                    replaces=replacement.replacedPlayerId if replacement else None,
                    replacementReason=replacement.reason if replacement else None,
                ),
            )
        for p in team.substitutes:
            players.setdefault(p.playerId, Player(id=p.playerId, name=p.name, isSubstitute=True))
        if not players:
            continue
        sheets.append(
            MatchLineup(
                id=team.teamId,
                matchId=match.id,
                teamId=team.teamId,
                players=list(players.values()),
                captainId=team.captainId,
                wicketKeeperId=team.wicketKeeperId,
            )
        )
    return with_lineups(match, sheets)


def match_for_fold(
    match_document: Mapping[str, Any], lineup_docs: Iterable[tuple[str, Any]]
) -> Match:
    """The ``Match`` the fold needs from the ``matches/{id}`` document and the match's lineup
    documents (``(id, data)`` pairs). Raises ``ValidationError`` for a bad match document;
    bad lineup documents are left out (they are reported in ``live/lineups``)."""
    match = Match.model_validate(match_document)
    projection = project_lineups(match.id, lineup_docs, **lineup_rules(match_document))
    return match_with_lineups(match, projection)
