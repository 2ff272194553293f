"""live/lineups' schema: the views of who plays for each side, their replacements and the
problems found in the lineups."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import Field

from scorebook.document import View
from scorebook.match import SubstitutionReason


class LineupPlayerView(View):
    playerId: str
    name: str
    lineupId: str
    battingPosition: int | None = None
    isCaptain: bool = False
    isViceCaptain: bool = False
    isWicketkeeper: bool = False
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
    isWicketkeeper: bool = False


class TeamLineupView(View):
    teamId: str
    #: the XI as selected, in batting order (replacements are in ``replacements``)
    playingXI: list[LineupPlayerView] = Field(default_factory=list)
    captainId: str | None = None
    viceCaptainId: str | None = None
    wicketkeeperId: str | None = None
    substitutes: list[LineupPlayerView] = Field(default_factory=list)
    reserves: list[LineupPlayerView] = Field(default_factory=list)
    withdrawn: list[LineupPlayerView] = Field(default_factory=list)
    replacements: list[ReplacementView] = Field(default_factory=list)


LineupProblemCode = Literal[
    "unparseable_lineup",
    "team_sheet_lineup",
    "unnamed_player",
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

#: What each code means; docs/integrity.md publishes this table.
LINEUP_PROBLEM_CODES: dict[str, str] = {
    "unparseable_lineup": "a lineup document is not a valid MatchLineup (the message names "
    "each bad field), or belongs to another match; it is left out",
    "team_sheet_lineup": "a lineup document is a whole team sheet (players[], the old shape), "
    "not one player's; its players are left out (write one document per player)",
    "unnamed_player": "a player has no name in their lineup document nor in the match's team "
    "list; the player id stands in for it",
    "unknown_team": "a lineup is for a team that is not one of the match's",
    "player_listed_twice": "two lineup documents of a team are for the same player; the first "
    "(in document id order) is used",
    "player_in_both_teams": "a player is in the lineups of both teams",
    "too_many_players": "more players in the XI than the match allows (playersPerSide); or "
    "more lineup documents for a team than a side can have (3 x playersPerSide + 10): those "
    "after the limit, in document id order, are left out",
    "no_captain": "a team's XI has no captain",
    "several_captains": "a team has more than one captain",
    "several_wicketkeepers": "a team has more than one wicketkeeper",
    "duplicate_batting_position": "two players of the XI have the same battingPosition",
    "replacement_for_player_not_playing": "a replacement (substitutedFor) for a player who is "
    "not in the side; left out",
    "player_replaced_twice": "a second replacement for a player already replaced; left out",
}
assert set(LINEUP_PROBLEM_CODES) == set(get_args(LineupProblemCode)), "one description per code"


class LineupProblemView(View):
    code: LineupProblemCode
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
