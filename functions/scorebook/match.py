"""Match configuration: the teams, players and format of a match, and who plays (lineups)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from scorebook.document import Schema, describe, to_document

#: Why a player was replaced during the match (the playing conditions' replacements):
#: concussion, COVID-19, injury, or tactical (an impact player).
SubstitutionReason = Literal["concussion", "covid", "tactical", "injury"]


class Player(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    isWicketKeeper: bool = False
    isCaptain: bool = False
    isSubstitute: bool = False
    #: the player this one replaced during the match (a concussion or impact replacement):
    #: he takes that player's place, who plays no further part.
    replaces: str | None = None
    replacementReason: SubstitutionReason | None = None


class Team(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    players: list[Player] = Field(default_factory=list)


class Toss(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    winnerId: str | None = None
    decision: Literal["bat", "field"] | None = None


class Match(Schema):
    """The ``matches/{matchId}`` document (what the fold needs; other fields are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str = ""
    matchType: str = "T20"
    ballsPerOver: int = Field(default=6, ge=1)
    scheduledOvers: int | None = Field(default=None, ge=1)
    inningsPerSide: Literal[1, 2] = 1
    #: Law 21.10 allows competitions to set the no-ball penalty (1, or 2 in some).
    noBallRuns: Literal[1, 2] = 1
    playersPerSide: int = Field(default=11, ge=2)
    #: Playing conditions of limited-overs cricket: the ball after a no-ball is a free hit.
    #: None = yes when the match has scheduled overs.
    freeHitAfterNoBall: bool | None = None
    #: Law 17.8: one (no bowler bowls two overs in a row); The Hundred allows two sets of 5.
    maxConsecutiveOvers: int = Field(default=1, ge=1)
    teams: list[Team] = Field(min_length=2, max_length=2)
    status: Literal["scheduled", "live", "innings_break", "completed", "abandoned"] = "scheduled"
    venue: str | None = None
    city: str | None = None
    event: str | None = None
    gender: str | None = None
    dates: list[date] = Field(default_factory=list)
    toss: Toss | None = None

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def player_names(self) -> dict[str, str]:
        return {p.id: p.name for t in self.teams for p in t.players}


class MatchLineup(Schema):
    """``matches/{matchId}/lineups/{teamId}``: who plays for one team in this match (written
    by the team's officials). ``players`` is the batting order as announced."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    matchId: str
    teamId: str
    players: list[Player] = Field(min_length=1)
    captainId: str | None = None
    wicketKeeperId: str | None = None
    updatedBy: str | None = None
    updatedAt: datetime | None = None
    createdAt: datetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> MatchLineup:
        ids = [p.id for p in self.players]
        if len(set(ids)) != len(ids):
            raise ValueError("players: a player is listed twice")
        for field in ("captainId", "wicketKeeperId"):
            value = getattr(self, field)
            if value is not None and value not in ids:
                raise ValueError(f"{field}: {value!r} is not in players")
        return self


def with_lineups(match: Match, lineups: list[MatchLineup]) -> Match:
    """The match with each team's players replaced by its announced lineup (names, captain,
    keeper), so the projection prints what the team sheet says."""
    by_team = {lu.teamId: lu for lu in lineups if lu.matchId == match.id}
    teams = []
    for team in match.teams:
        lineup = by_team.get(team.id)
        if lineup is None:
            teams.append(team)
            continue
        players = [
            p.model_copy(
                update={
                    "isCaptain": p.isCaptain or p.id == lineup.captainId,
                    "isWicketKeeper": p.isWicketKeeper or p.id == lineup.wicketKeeperId,
                }
            )
            for p in lineup.players
        ]
        teams.append(team.model_copy(update={"players": players}))
    return match.model_copy(update={"teams": teams})


Role = Literal["playing_xi", "substitute", "reserve", "withdrawn"]


#: Law 1.1: a side is eleven players unless the match regulations agree otherwise.
PLAYERS_PER_SIDE = 11


def lineup_id(team_id: str, player_id: str) -> str:
    """The document id of a player's lineup entry: ``"{teamId}_{playerId}"``.

    Deterministic, so a second write for the same player overwrites rather than duplicates,
    and the security rules can ``get()`` it.
    """
    return f"{team_id}_{player_id}"


class LineupEntry(Schema):
    """One player in one team's lineup for one match (``matches/{matchId}/lineups/{id}``).

    A replacement made during the match (a concussion, COVID-19, injury or tactical
    replacement such as an impact player) is an entry of its own whose ``substitutedFor``
    names the player it replaces; the replaced player keeps their entry (they played).
    """

    id: str | None = None
    matchId: str = Field(min_length=1)
    teamId: str = Field(min_length=1)
    playerId: str = Field(min_length=1)
    name: str = Field(min_length=1)
    role: Role = "playing_xi"
    isCaptain: bool = False
    isViceCaptain: bool = False
    isWicketKeeper: bool = Field(
        default=False, validation_alias=AliasChoices("isWicketKeeper", "isWicketkeeper")
    )
    battingPosition: int | None = Field(default=None, ge=1)
    substitutedFor: str | None = None
    #: None on a replacement = the reason was not recorded (e.g. an imported match).
    substitutionReason: SubstitutionReason | None = None
    substitutedAt: datetime | None = None
    selectedAt: datetime | None = None
    selectedBy: str | None = None
    confirmedAt: datetime | None = None
    confirmedBy: str | None = None
    createdAt: datetime | None = None
    updatedAt: datetime | None = None
    updatedBy: str | None = None

    @model_validator(mode="after")
    def _replacement(self) -> LineupEntry:
        if self.substitutedFor == self.playerId:
            raise ValueError("substitutedFor: a player cannot replace themselves")
        if self.substitutionReason and not self.substitutedFor:
            raise ValueError("substitutedFor: a substitution reason needs the player replaced")
        return self

    @property
    def is_replacement(self) -> bool:
        return self.substitutedFor is not None and self.role != "withdrawn"


class LineupParseError(ValueError):
    """A lineup document that is neither a player's entry nor a team sheet."""


def parse_lineup_document(doc_id: str, data: Any) -> list[LineupEntry]:
    """The entries of one lineup document: one for a player's entry, one per player for a
    team sheet (batting position = place on the sheet). Raises :class:`LineupParseError`."""
    if not isinstance(data, Mapping):
        raise LineupParseError(f"document: expected an object, got {type(data).__name__}")
    try:
        if "players" in data:
            return _team_sheet_entries(doc_id, MatchLineup.model_validate({"id": doc_id, **data}))
        return [LineupEntry.model_validate({**data, "id": doc_id})]
    except ValidationError as err:
        raise LineupParseError("; ".join(describe(err))) from None


def _team_sheet_entries(doc_id: str, sheet: MatchLineup) -> list[LineupEntry]:
    return player_entries(
        sheet.matchId,
        sheet.teamId,
        sheet.players,
        doc_id=doc_id,
        captain_id=sheet.captainId,
        keeper_id=sheet.wicketKeeperId,
        updatedAt=sheet.updatedAt,
        updatedBy=sheet.updatedBy,
        createdAt=sheet.createdAt,
    )


def player_entries(
    match_id: str,
    team_id: str,
    players: Iterable[Player],
    *,
    doc_id: str | None = None,
    captain_id: str | None = None,
    keeper_id: str | None = None,
    **stamps: Any,
) -> list[LineupEntry]:
    """One entry per player of a list in batting order: the XI numbered in that order;
    substitute fielders unnumbered; a player who ``replaces`` another is a replacement (he
    takes the place of the player replaced, who keeps his entry: he played)."""
    entries = []
    position = 0
    for p in players:
        numbered = not p.isSubstitute and p.replaces is None
        position += numbered
        entries.append(
            LineupEntry(
                id=doc_id or lineup_id(team_id, p.id),
                matchId=match_id,
                teamId=team_id,
                playerId=p.id,
                name=p.name,
                role="substitute" if p.isSubstitute else "playing_xi",
                isCaptain=p.isCaptain or p.id == captain_id,
                isWicketKeeper=p.isWicketKeeper or p.id == keeper_id,
                battingPosition=position if numbered else None,
                substitutedFor=p.replaces,
                substitutionReason=p.replacementReason,
                **stamps,
            )
        )
    return entries


def lineup_documents(entries: Iterable[LineupEntry]) -> list[tuple[str, dict[str, Any]]]:
    """``(document id, data)`` pairs for entries, as the store holds them."""
    return [(e.id or lineup_id(e.teamId, e.playerId), to_document(e)) for e in entries]
