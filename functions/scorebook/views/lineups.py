"""live/lineups: the lineup view of a match's lineup documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scorebook.document import safe_text
from scorebook.match import (
    PLAYERS_PER_SIDE,
    LineupParseError,
    Match,
    MatchLineup,
    Player,
    TeamSheetError,
    parse_lineup_document,
)
from scorebook.views.lineups_schema import (
    LineupPlayerView,
    LineupProblemCode,
    LineupProblemView,
    LineupsProjection,
    ReplacementView,
    TeamLineupView,
)

#: The most players a side may have (the security rules' bound on playersPerSide): a larger
#: number, only an admin's, is not used to size what is read (the default stands).
MAX_PLAYERS_PER_SIDE = 30


def lineup_rules(match_document: Mapping[str, Any] | None) -> dict[str, Any]:
    """What :func:`project_lineups` needs from the ``matches/{id}`` document, read leniently
    (a lineup projection must not fail because the match document is odd)."""
    if not isinstance(match_document, Mapping):
        return {}
    rules: dict[str, Any] = {}
    per_side = match_document.get("playersPerSide")
    if _players_per_side_ok(per_side):
        rules["players_per_side"] = per_side
    teams = match_document.get("teams")
    if isinstance(teams, list):
        teams = [t for t in teams if isinstance(t, Mapping)]
        rules["team_ids"] = _team_ids(teams)
        rules["names"] = _names(teams)
    return rules


def _players_per_side_ok(per_side: Any) -> bool:
    return (isinstance(per_side, int) and not isinstance(per_side, bool)
            and 1 <= per_side <= MAX_PLAYERS_PER_SIDE)


def _team_ids(teams: list[Mapping[str, Any]]) -> list[str]:
    ids = [t.get("id") for t in teams]
    return [i for i in ids if isinstance(i, str) and i]


def _with_id_and_name(player: Any) -> bool:
    return bool(isinstance(player, Mapping) and isinstance(player.get("id"), str)
                and player["id"] and isinstance(player.get("name"), str) and player["name"])


def _names(teams: list[Mapping[str, Any]]) -> dict[str, str]:
    """Each player's name, as the match document's teams list them."""
    players = [p for t in teams if isinstance(t.get("players"), list) for p in t["players"]]
    return {p["id"]: p["name"] for p in players if _with_id_and_name(p)}


def project_lineups(
    match_id: str,
    lineup_docs: Iterable[tuple[str, Any]],
    *,
    players_per_side: int = PLAYERS_PER_SIDE,
    team_ids: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
) -> LineupsProjection:
    """The lineups of a match from its lineup documents, as ``(document id, data)`` pairs.

    ``team_ids`` (the match's teams, in order) orders the teams and flags lineups for a team
    not in the match; without it teams come in id order. ``names`` (player id -> name, the
    match's team lists) names a player whose entry has no ``name``. Deterministic and
    independent of the order of the documents.
    """
    parsed, problems = _parse_lineups(match_id, lineup_docs)
    entries, unnamed = _named(parsed, names or {})
    problems += unnamed
    by_team, listed_twice = _entries_by_team(entries, players_per_side)
    order, unknown = _team_order(by_team, team_ids)
    problems += listed_twice + unknown
    teams = []
    for team_id in order:
        view, found = _team_view(team_id, by_team[team_id], players_per_side)
        teams.append(view)
        problems.extend(found)
    problems.extend(_players_in_both_teams(by_team))
    problems.sort(key=_problem_order)
    return LineupsProjection(matchId=match_id, teams=teams, problems=problems[:MAX_PROBLEMS])


def _parse_lineups(
    match_id: str, lineup_docs: Iterable[tuple[str, Any]]
) -> tuple[list[MatchLineup], list[LineupProblemView]]:
    """The entries of the documents that parse and belong to this match; the others are
    problems, and are not used."""
    problems: list[LineupProblemView] = []
    entries: list[MatchLineup] = []
    for doc_id, data in sorted(lineup_docs, key=lambda d: d[0]):
        try:
            entry = parse_lineup_document(doc_id, data)
        except TeamSheetError as sheet:
            problems.append(_problem("team_sheet_lineup", str(sheet), team_id=sheet.team_id,
                                     player_ids=sheet.player_ids, lineup_id=doc_id))
            continue
        except LineupParseError as err:
            problems.append(_problem("unparseable_lineup", str(err), lineup_id=doc_id))
            continue
        if entry.matchId != match_id:
            problems.append(_problem(
                "unparseable_lineup", f"matchId: {entry.matchId!r} is not this match"
                f" ({match_id!r})", lineup_id=doc_id))
            continue
        entries.append(entry)
    return entries, problems


def _named(
    entries: list[MatchLineup], names: Mapping[str, str]
) -> tuple[list[MatchLineup], list[LineupProblemView]]:
    """Each entry with its player's name: the entry's own, else the match's; a player with
    neither is a problem, named by his id (a scorecard line must say something)."""
    named, problems = [], []
    for e in entries:
        name = e.name or names.get(e.playerId)
        if name is None:
            problems.append(
                _problem(
                    "unnamed_player",
                    f"{e.playerId!r} has no name in {e.id!r} nor in the match's team list",
                    team_id=e.teamId,
                    player_ids=[e.playerId],
                    lineup_id=e.id,
                )
            )
        named.append(e if e.name else e.model_copy(update={"name": name or e.playerId}))
    return named, problems


def _name(entry: MatchLineup) -> str:
    """The entry's name (every entry has one once :func:`_named` has been through), without
    characters that could disguise it (live/score's integrity says they were there)."""
    return safe_text(entry.name or entry.playerId)


def max_entries(players_per_side: int) -> int:
    """How many lineup documents of one team are read: the XI, its substitutes, reserves,
    withdrawals and replacements fit many times over; more is padding (a live/lineups and a
    checkpoint that grow past Firestore's 1 MiB), left out and reported."""
    return 3 * players_per_side + 10


#: How many player ids a problem lists, and how many problems live/lineups lists (the first,
#: in their order: a thousand junk documents must not make it a megabyte).
MAX_PROBLEM_IDS = 20
MAX_PROBLEMS = 100


def _entries_by_team(
    entries: Iterable[MatchLineup], players_per_side: int = PLAYERS_PER_SIDE
) -> tuple[dict[str, list[MatchLineup]], list[LineupProblemView]]:
    """Each team's entries, one per player: Law 1.2.1, a captain nominates each player once;
    at most ``max_entries`` a team, in document id order."""
    by_team: dict[str, list[MatchLineup]] = defaultdict(list)
    first: dict[tuple[str, str], MatchLineup] = {}
    left_out: dict[str, list[str]] = defaultdict(list)
    problems: list[LineupProblemView] = []
    for entry in entries:
        twice = first.get((entry.teamId, entry.playerId))
        if twice is not None:
            # Documents are visited in id order, so the same one wins in every run.
            problems.append(
                _problem(
                    "player_listed_twice",
                    f"{_name(entry)} is in {twice.id!r} and {entry.id!r}; {twice.id!r} is used",
                    team_id=entry.teamId,
                    player_ids=[entry.playerId],
                    lineup_id=entry.id,
                )
            )
            continue
        team = by_team[entry.teamId]
        if len(team) >= max_entries(players_per_side):
            left_out[entry.teamId].append(entry.playerId)
            continue
        first[(entry.teamId, entry.playerId)] = entry
        team.append(entry)
    for team_id, ids in left_out.items():
        # The functions read at most MAX_PROBLEM_IDS beyond a side's share, so the count
        # stops there: the projection is the same whether more were written or not.
        more = str(len(ids)) if len(ids) < MAX_PROBLEM_IDS else f"at least {MAX_PROBLEM_IDS}"
        problems.append(_problem(
            "too_many_players",
            f"{more} more lineup documents than a side can have "
            f"({max_entries(players_per_side)} read, in document id order); left out",
            team_id=team_id, player_ids=ids[:MAX_PROBLEM_IDS]))
    return by_team, problems


def _team_order(
    by_team: Mapping[str, list[MatchLineup]], team_ids: Sequence[str]
) -> tuple[list[str], list[LineupProblemView]]:
    """The match's teams in the match's order, then any other team in id order; those others
    are problems only when the match names its teams (Law 1.1: a match has two sides)."""
    known = list(dict.fromkeys(team_ids))
    order = _in_match_order(by_team, known)
    if not known:
        return order, []
    problems = [
        _problem(
            "unknown_team",
            f"{team_id!r} is not a team of this match",
            team_id=team_id,
            player_ids=sorted(e.playerId for e in by_team[team_id]),
        )
        for team_id in order
        if team_id not in known
    ]
    return order, problems


def _in_match_order(by_team: Mapping[str, list[MatchLineup]], known: list[str]) -> list[str]:
    return [t for t in known if t in by_team] + sorted(t for t in by_team if t not in known)


def _problem_order(problem: LineupProblemView) -> tuple[Any, ...]:
    return (
        problem.code,
        problem.teamId or "",
        problem.playerIds,
        problem.lineupId or "",
        problem.message,
    )


def _problem(
    code: LineupProblemCode,
    message: str,
    *,
    team_id: str | None = None,
    player_ids: list[str] | None = None,
    lineup_id: str | None = None,
) -> LineupProblemView:
    return LineupProblemView(
        code=code, message=message, teamId=team_id, playerIds=player_ids or [], lineupId=lineup_id
    )


def _batting_order(entry: MatchLineup) -> tuple[Any, ...]:
    return (entry.battingPosition is None, entry.battingPosition or 0, _name(entry), entry.playerId)


def _by_name(entry: MatchLineup) -> tuple[str, str]:
    return (_name(entry), entry.playerId)


def _by_time_replaced(entry: MatchLineup) -> tuple[bool, float, str]:
    # A replacement may itself be replaced later (a concussion replacement who is then
    # concussed): the order they came on in is the order the chain is followed in.
    return (
        entry.substitutedAt is None,
        entry.substitutedAt.timestamp() if entry.substitutedAt else 0.0,
        entry.playerId,
    )


def _player_view(entry: MatchLineup, replaced_by: str | None = None) -> LineupPlayerView:
    return LineupPlayerView(
        playerId=entry.playerId,
        name=_name(entry),
        lineupId=entry.id,
        battingPosition=entry.battingPosition,
        isCaptain=entry.isCaptain,
        isViceCaptain=entry.isViceCaptain,
        isWicketkeeper=entry.isWicketkeeper,
        replacedBy=replaced_by,
    )


def _replacement_view(entry: MatchLineup, names: Mapping[str, str]) -> ReplacementView:
    return ReplacementView(
        playerId=entry.playerId,
        name=_name(entry),
        lineupId=entry.id,
        replacedPlayerId=entry.substitutedFor or "",
        replacedPlayerName=names.get(entry.substitutedFor or ""),
        reason=entry.substitutionReason,
        substitutedAt=entry.substitutedAt,
        battingPosition=entry.battingPosition,
        isCaptain=entry.isCaptain,
        isViceCaptain=entry.isViceCaptain,
        isWicketkeeper=entry.isWicketkeeper,
    )


@dataclass(frozen=True)
class _Sheet:
    """One team's entries by the part each player has in the match."""

    xi: list[MatchLineup]
    substitutes: list[MatchLineup]
    reserves: list[MatchLineup]
    withdrawn: list[MatchLineup]
    #: in the order they came on (:func:`_by_time_replaced`)
    replacements: list[MatchLineup]


def _with_role(
    entries: Iterable[MatchLineup], role: str, key: Callable[[MatchLineup], Any]
) -> list[MatchLineup]:
    return sorted((e for e in entries if e.role == role), key=key)


def _sheet(entries: list[MatchLineup]) -> _Sheet:
    # A replacement is in the side only in the place of the player replaced, whatever role
    # his entry gives; a withdrawn player has no part in the match, replacement or not.
    rest = [e for e in entries if e.role != "withdrawn" and not e.is_replacement]
    return _Sheet(
        xi=_with_role(rest, "playing_xi", _batting_order),
        substitutes=_with_role(rest, "substitute", _by_name),
        reserves=_with_role(rest, "reserve", _by_name),
        withdrawn=_with_role(entries, "withdrawn", _by_name),
        replacements=sorted((e for e in entries if e.is_replacement), key=_by_time_replaced),
    )


def _too_many_players(
    team_id: str, xi: list[MatchLineup], players_per_side: int
) -> list[LineupProblemView]:
    # Law 1.1: eleven players a side, or the number the match was agreed to be played with.
    if len(xi) <= players_per_side:
        return []
    return [
        _problem(
            "too_many_players",
            f"{len(xi)} players in the XI; the match allows {players_per_side}",
            team_id=team_id,
            player_ids=[e.playerId for e in xi],
        )
    ]


def _duplicate_batting_positions(team_id: str, xi: list[MatchLineup]) -> list[LineupProblemView]:
    # A number in the batting order is one batter's place in it; two at one number leave the
    # order the side bats in (and the scorecard's) ambiguous.
    positions: dict[int, list[str]] = defaultdict(list)
    for e in xi:
        if e.battingPosition is not None:
            positions[e.battingPosition].append(e.playerId)
    return [
        _problem(
            "duplicate_batting_position",
            f"{len(ids)} players bat at number {position}",
            team_id=team_id,
            player_ids=sorted(ids),
        )
        for position, ids in sorted(positions.items())
        if len(ids) > 1
    ]


@dataclass
class _Places:
    """The places in the side and who holds them. Law 1.2.3: a replacement is the same player
    as the nominated player he replaced, so he stands in that player's place (``slot``, keyed
    by player, valued by the XI player whose place it is), and may himself be replaced (a
    concussion replacement who is then concussed): the chain is followed."""

    team_id: str
    names: Mapping[str, str]
    slot: dict[str, str]
    replaced_by: dict[str, str] = field(default_factory=dict)
    problems: list[LineupProblemView] = field(default_factory=list)

    def make(self, replacement: MatchLineup) -> None:
        """Put ``replacement`` in the place of the player he replaces, who is playing."""
        replaced = replacement.substitutedFor or ""
        if replaced in self.replaced_by:
            # A player leaves the side once; a second replacement for him has no place.
            first = self.replaced_by[replaced]
            self.problems.append(
                _problem(
                    "player_replaced_twice",
                    f"{self.names.get(replaced, replaced)} is replaced by "
                    f"{self.names[first]} and by {_name(replacement)}",
                    team_id=self.team_id,
                    player_ids=sorted([first, replacement.playerId]),
                    lineup_id=replacement.id,
                )
            )
            return
        self.replaced_by[replaced] = replacement.playerId
        self.slot[replacement.playerId] = self.slot[replaced]

    def make_ready(self, pending: list[MatchLineup]) -> list[MatchLineup]:
        """Make, in order, each replacement whose player is playing by his turn (one made
        earlier in the pass counts); the ones still waiting for their player."""
        waiting = []
        for replacement in pending:
            if replacement.substitutedFor in self.slot:
                self.make(replacement)
            else:
                waiting.append(replacement)
        return waiting

    def not_playing(self, replacement: MatchLineup) -> LineupProblemView:
        return _problem(
            "replacement_for_player_not_playing",
            f"{_name(replacement)} replaces {replacement.substitutedFor!r}, who is not playing "
            f"for {self.team_id!r}",
            team_id=self.team_id,
            player_ids=[replacement.playerId, replacement.substitutedFor or ""],
            lineup_id=replacement.id,
        )


def _make_replacements(team_id: str, sheet: _Sheet, names: Mapping[str, str]) -> _Places:
    """The XI's places once the replacements are made: a replacement needs the player he
    replaces in the side, which may be so only once an earlier replacement is made."""
    places = _Places(team_id=team_id, names=names, slot={e.playerId: e.playerId for e in sheet.xi})
    pending = sheet.replacements
    while pending:
        waiting = places.make_ready(pending)
        if len(waiting) == len(pending):
            break
        pending = waiting
    places.problems.extend(places.not_playing(r) for r in pending)
    return places


def _holders(flag: str, side: list[MatchLineup], slot: Mapping[str, str]) -> list[MatchLineup]:
    """Who holds a role (``flag``), one per place in the side, in the order of the places.

    A place holds a role once, even if its replacement holds it too (a concussion replacement
    for the keeper keeps wicket in the keeper's place); the latest holder in the chain is the
    one who holds it now."""
    current: dict[str, MatchLineup] = {}
    for e in side:
        if getattr(e, flag):
            current[slot[e.playerId]] = e
    return [current[s] for s in sorted(current)]


def _several(
    code: LineupProblemCode, what: str, team_id: str, holders: list[MatchLineup]
) -> list[LineupProblemView]:
    if len(holders) <= 1:
        return []
    return [
        _problem(
            code,
            f"{len(holders)} {what}: " + ", ".join(_name(e) for e in holders),
            team_id=team_id,
            player_ids=sorted(e.playerId for e in holders),
        )
    ]


def _role_problems(
    team_id: str, xi: list[MatchLineup], captains: list[MatchLineup], keepers: list[MatchLineup]
) -> list[LineupProblemView]:
    problems = []
    if xi and not captains:
        # Law 1.1: one of each side's players is its captain.
        problems.append(_problem("no_captain", "no captain among the players", team_id=team_id))
    problems += _several("several_captains", "captains", team_id, captains)
    # Law 27.1: one player keeps wicket at a time; naming two leaves the scorecard's
    # "st †Keeper" ambiguous.
    problems += _several("several_wicketkeepers", "wicketkeepers", team_id, keepers)
    return problems


def _first_id(holders: list[MatchLineup]) -> str | None:
    return holders[0].playerId if holders else None


def _team_view(
    team_id: str, entries: list[MatchLineup], players_per_side: int
) -> tuple[TeamLineupView, list[LineupProblemView]]:
    sheet = _sheet(entries)
    names = {e.playerId: _name(e) for e in entries}
    places = _make_replacements(team_id, sheet, names)
    replacements = [r for r in sheet.replacements if r.playerId in places.slot]
    # Roles are held by the players in the side: Law 1.3.3, only a nominated player may act
    # as captain, and Law 24.1.2, never a substitute fielder.
    side = [*sheet.xi, *replacements]
    captains = _holders("isCaptain", side, places.slot)
    keepers = _holders("isWicketkeeper", side, places.slot)
    problems = [
        *_too_many_players(team_id, sheet.xi, players_per_side),
        *_duplicate_batting_positions(team_id, sheet.xi),
        *places.problems,
        *_role_problems(team_id, sheet.xi, captains, keepers),
    ]
    view = TeamLineupView(
        teamId=team_id,
        playingXI=[_player_view(e, places.replaced_by.get(e.playerId)) for e in sheet.xi],
        captainId=_first_id(captains),
        viceCaptainId=_first_id(_holders("isViceCaptain", side, places.slot)),
        wicketkeeperId=_first_id(keepers),
        substitutes=[_player_view(e) for e in sheet.substitutes],
        reserves=[_player_view(e) for e in sheet.reserves],
        withdrawn=[_player_view(e) for e in sheet.withdrawn],
        replacements=[_replacement_view(r, names) for r in replacements],
    )
    return view, problems


def _players_in_both_teams(by_team: Mapping[str, list[MatchLineup]]) -> list[LineupProblemView]:
    teams_of = _teams_of_players(by_team)
    return [
        _problem(
            "player_in_both_teams",
            f"{pid!r} is in the lineups of " + " and ".join(repr(t) for t in sorted(teams)),
            player_ids=[pid],
        )
        for pid, teams in sorted(teams_of.items())
        if len(teams) > 1
    ]


def _teams_of_players(by_team: Mapping[str, list[MatchLineup]]) -> dict[str, set[str]]:
    """The teams each player is in a lineup of (a withdrawn player is in none)."""
    teams_of: dict[str, set[str]] = defaultdict(set)
    for team_id, entries in by_team.items():
        for e in entries:
            if e.role != "withdrawn":
                teams_of[e.playerId].add(team_id)
    return teams_of


def match_with_lineups(match: Match, lineups: LineupsProjection) -> Match:
    """``match`` with each team that has a lineup playing as the lineup says: the XI in batting
    order, then replacements (``replaces`` the player whose place they took), then substitute
    fielders (``isSubstitute``), with the lineup's names, captain and keeper. Reserves and
    withdrawn players are left out; a team without lineup documents keeps the match
    document's players."""
    lineup_players: dict[str, list[Player]] = {}
    for team in lineups.teams:
        players = _lineup_players(team)
        if players:
            lineup_players[team.teamId] = players
    teams = [
        t.model_copy(update={"players": lineup_players[t.id]}) if t.id in lineup_players else t
        for t in match.teams
    ]
    return match.model_copy(update={"teams": teams})


def _lineup_players(team: TeamLineupView) -> list[Player]:
    """The team's players as its lineup says, each once: the XI, replacements, substitutes."""
    players: dict[str, Player] = {}
    for p in [*team.playingXI, *team.replacements]:
        replacement = p if isinstance(p, ReplacementView) else None
        players.setdefault(
            p.playerId,
            Player(
                id=p.playerId,
                name=p.name,
                isCaptain=p.playerId == team.captainId,
                isWicketkeeper=p.playerId == team.wicketkeeperId,
                # the fold gives him the replaced player's place in the batting order
                replaces=replacement.replacedPlayerId if replacement else None,
                replacementReason=replacement.reason if replacement else None,
            ),
        )
    for p in team.substitutes:
        players.setdefault(p.playerId, Player(id=p.playerId, name=p.name, isSubstitute=True))
    return list(players.values())


def match_for_fold(
    match_document: Mapping[str, Any], lineup_docs: Iterable[tuple[str, Any]]
) -> Match:
    """The ``Match`` the fold needs from the ``matches/{id}`` document and the match's lineup
    documents (``(id, data)`` pairs). Raises ``ValidationError`` for a bad match document;
    bad lineup documents are left out (they are reported in ``live/lineups``)."""
    match = Match.model_validate(match_document)
    projection = project_lineups(match.id, lineup_docs, **lineup_rules(match_document))
    return match_with_lineups(match, projection)
