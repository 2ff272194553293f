"""Match configuration: the teams, players and format of a match, and who plays (lineups)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError, computed_field, model_validator

from scorebook.document import MAX_COUNT, Moment, Schema, describe, to_document

#: Why a player was replaced during the match (the playing conditions' replacements):
#: concussion, COVID-19, injury, or tactical (an impact player).
SubstitutionReason = Literal["concussion", "covid", "tactical", "injury"]


class Player(Schema):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    #: what a score bug or a narrow scoreboard shows ("Openshaw" for "Abdul Openshaw")
    shortName: str | None = Field(default=None, max_length=30)
    isWicketkeeper: bool = False
    isCaptain: bool = False
    isSubstitute: bool = False
    #: the player this one replaced during the match (a concussion or impact replacement):
    #: he takes that player's place, who plays no further part.
    replaces: str | None = None
    replacementReason: SubstitutionReason | None = None


#: Most players a team may list for a match: an XI and its replacements, substitutes and
#: reserves (the security rules hold the same bound).
MAX_SQUAD = 50
#: Most people a private match may name as members besides those it admits by role (the
#: security rules hold the same bound).
MAX_MEMBERS = 100


class Team(Schema):
    """One side of the match (``matches/{matchId}.teams[]``, the home side first) and the
    players it lists for the match: its XI, substitutes and replacements."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    players: list[Player] = Field(default_factory=list, max_length=MAX_SQUAD)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def playerIds(self) -> list[str]:
        """The ids of ``players``, written beside them because the security rules cannot
        look inside a list of maps: when a team lists its players, every player an action or
        a lineup names must be one of these (substitute fielders excepted, Law 24.1). Derived
        on every write; a stored value is ignored when the document is read."""
        return [p.id for p in self.players]


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
    ballsPerOver: int = Field(default=6, ge=1, le=MAX_COUNT)
    scheduledOvers: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    inningsPerSide: Literal[1, 2] = 1
    #: Law 21.10 allows competitions to set the no-ball penalty (1, or 2 in some).
    noBallRuns: Literal[1, 2] = 1
    playersPerSide: int = Field(default=11, ge=2, le=MAX_COUNT)
    #: Playing conditions of limited-overs cricket: the ball after a no-ball is a free hit.
    #: None = yes when the match has scheduled overs.
    freeHitAfterNoBall: bool | None = None
    #: Law 17.8: one (no bowler bowls two overs in a row); The Hundred allows two sets of 5.
    maxConsecutiveOvers: int = Field(default=1, ge=1, le=MAX_COUNT)
    #: the Duckworth-Lewis Standard Edition's G50 for this match (scorebook.laws.dls): the
    #: average score of a 50-over innings at its level; 245 unless the competition sets
    #: another (200 for women's and junior cricket)
    dlsG50: int = Field(default=245, ge=1, le=MAX_COUNT)
    #: the overs the side batting second must have had for a result by par when play ends
    #: for good during its innings; None: 20 of 50, 5 of 20, else a quarter of the overs
    dlsMinimumOvers: int | None = Field(default=None, ge=1, le=MAX_COUNT)
    teams: list[Team] = Field(min_length=2, max_length=2)
    #: kept in step with the log by the functions (live/score has the same)
    status: Literal["scheduled", "live", "innings_break", "completed", "abandoned"] = "scheduled"
    #: the result so far, kept by the functions for the security rules (live/score's
    #: resultType and winnerId): after the result a scorer may confirm it, not change it
    resultType: Literal["win", "tie", "draw", "no_result", "abandoned"] | None = None
    winnerId: str | None = None
    #: live/score's version while the match is completed (kept by the functions): it moves
    #: with each correction of a completed match, which rewrites its archive and statistics
    completedVersion: int | None = None
    #: the competition whose table and statistics the match counts in (competitions/{id}),
    #: and its season ("2021", "2021-22")
    competitionId: str | None = None
    season: str | None = None
    #: who the officials named player of the match (person ids): their season's momAwards
    playerOfMatch: list[str] = Field(default_factory=list, max_length=4)
    venue: str | None = None
    city: str | None = None
    event: str | None = None
    gender: str | None = None
    dates: list[date] = Field(default_factory=list)
    toss: Toss | None = None
    validation: Literal["SINGLE", "HONOR", "DUAL", "TRIPLE"] = "SINGLE"
    """How a ball enters the log (scorebook.consensus): SINGLE, one trusted scorer writes it;
    HONOR, the batting side's own scorer writes it and nobody checks (live/score says so);
    DUAL, the home and the away scorer each submit their view and only what they agree on is
    appended; TRIPLE, three scorers (a neutral one beside the umpires, and the home and away
    ones) submit, and two agreeing suffice. Under DUAL and TRIPLE scorers write
    matches/{id}/submissions, never the log."""
    visibility: Literal["public", "private"] = "public"
    """Who may follow the match: anyone ("public"), or its members only ("private"): then
    its log, lineups, live/score, live/lineups and feed are readable by admins, its scorers,
    umpires and referee (roles in force), the players its teams list who sign in with their
    player id as uid, and the uids in `memberIds`. The match document itself (teams, status)
    stays public, so that lists of matches work."""
    memberIds: list[str] = Field(default_factory=list, max_length=MAX_MEMBERS)
    """The uids who may follow a private match besides those its roles admit: the teams'
    officials, a club's members, a family."""

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def player_names(self) -> dict[str, str]:
        return {p.id: p.name for t in self.teams for p in t.players}


Role = Literal["playing_xi", "substitute", "reserve", "withdrawn"]


#: Law 1.1: a side is eleven players unless the match regulations agree otherwise.
PLAYERS_PER_SIDE = 11


def lineup_id(team_id: str, player_id: str) -> str:
    """The document id of a player's lineup entry: ``"{teamId}_{playerId}"``.

    Deterministic, so a second write for the same player overwrites rather than duplicates,
    and the security rules can ``get()`` it.
    """
    return f"{team_id}_{player_id}"


class MatchLineup(Schema):
    """One player of one team in one match: ``matches/{matchId}/lineups/{teamId}_{playerId}``,
    the product schema's ``MatchLineup``. The fields the schema marks required are required
    (here and by the security rules); ``name`` is the one field it lacks, optional: without
    it the player's name is the match's (``matches/{matchId}.teams[].players[]``).

    A replacement made during the match (a concussion, COVID-19, injury or tactical
    replacement such as an impact player) is an entry of its own whose ``substitutedFor``
    names the player it replaces; the replaced player keeps their entry (they played).
    """

    id: str = Field(min_length=1)
    matchId: str = Field(min_length=1)
    teamId: str = Field(min_length=1)
    playerId: str = Field(min_length=1)
    role: Role
    isCaptain: bool
    isViceCaptain: bool
    isWicketkeeper: bool
    battingPosition: int | None = Field(default=None, ge=1)
    substitutedAt: Moment | None = None
    #: the player this one replaced during the match
    substitutedFor: str | None = None
    #: None on a replacement = the reason was not recorded (e.g. an imported match).
    substitutionReason: SubstitutionReason | None = None
    selectedAt: Moment
    selectedBy: str = Field(min_length=1)
    confirmedAt: Moment | None = None
    confirmedBy: str | None = None
    createdAt: Moment
    updatedAt: Moment | None = None
    #: not in the product schema: the player's name as the team sheet gives it
    name: str | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _replacement(self) -> MatchLineup:
        if self.substitutedFor == self.playerId:
            raise ValueError("substitutedFor: a player cannot replace themselves")
        if self.substitutionReason and not self.substitutedFor:
            raise ValueError("substitutedFor: a substitution reason needs the player replaced")
        return self

    @property
    def is_replacement(self) -> bool:
        return self.substitutedFor is not None and self.role != "withdrawn"


class LineupParseError(ValueError):
    """A lineup document that is not a valid :class:`MatchLineup`."""


class TeamSheetError(LineupParseError):
    """A whole team sheet (``players[]``, one document per team: the shape lineups had before
    one document per player). The rules refuse it, so only an admin can have written it; its
    players are not read from it."""

    def __init__(self, doc_id: str, data: Mapping[str, Any]) -> None:
        players = data.get("players")
        items = players if isinstance(players, list) else []
        self.player_ids = _sheet_player_ids(items)
        team = data.get("teamId")
        self.team_id = team if isinstance(team, str) and team else None
        super().__init__(
            f"{doc_id!r} is a team sheet (players[]), not one player's lineup: "
            f"{len(items)} players left out; write one document per player at "
            "{teamId}_{playerId}"
        )


def _sheet_player_ids(items: list[Any]) -> list[str]:
    """The ids a team sheet's players carry, to name them in the problem."""
    return [str(p["id"]) for p in items if isinstance(p, Mapping) and p.get("id") is not None]


def parse_lineup_document(doc_id: str, data: Any) -> MatchLineup:
    """The lineup entry a document holds (its id is the document id). Raises
    :class:`TeamSheetError` for a team sheet, :class:`LineupParseError` for anything else
    that is not a valid entry (the message names each bad field)."""
    if not isinstance(data, Mapping):
        raise LineupParseError(f"document: expected an object, got {type(data).__name__}")
    if "players" in data:
        raise TeamSheetError(doc_id, data)
    try:
        return MatchLineup.model_validate({**data, "id": doc_id})
    except ValidationError as err:
        raise LineupParseError("; ".join(describe(err))) from None


def player_entries(
    match_id: str,
    team_id: str,
    players: Iterable[Player],
    *,
    selected_by: str,
    selected_at: Moment,
    captain_id: str | None = None,
    keeper_id: str | None = None,
) -> list[MatchLineup]:
    """One entry per player of a list in batting order, with the players' names, selected
    (and created) by ``selected_by`` at ``selected_at``: the XI numbered in that order;
    substitute fielders unnumbered; a player who ``replaces`` another is a replacement (he
    takes the place of the player replaced, who keeps his entry: he played)."""
    entries = []
    position = 0
    for p in players:
        numbered = not p.isSubstitute and p.replaces is None
        position += numbered
        entries.append(
            MatchLineup(
                id=lineup_id(team_id, p.id),
                matchId=match_id,
                teamId=team_id,
                playerId=p.id,
                name=p.name,
                role="substitute" if p.isSubstitute else "playing_xi",
                isCaptain=p.isCaptain or p.id == captain_id,
                isViceCaptain=False,
                isWicketkeeper=p.isWicketkeeper or p.id == keeper_id,
                battingPosition=position if numbered else None,
                substitutedFor=p.replaces,
                substitutionReason=p.replacementReason,
                selectedAt=selected_at,
                selectedBy=selected_by,
                createdAt=selected_at,
            )
        )
    return entries


def lineup_documents(entries: Iterable[MatchLineup]) -> list[tuple[str, dict[str, Any]]]:
    """``(document id, data)`` pairs for entries, as the store holds them."""
    return [(e.id, to_document(e)) for e in entries]
