"""The season documents a match's line goes into: the names they are stored under and how
each is identified (docs/schema.md). The names are also the keys of what a match last
contributed (`season_contributions/{matchId}`), so they never change."""

#: a side's line of the competition's table
TEAM_SEASON_STATS = "team_season_stats"
#: a player's figures in one competition, for one side
PLAYER_SEASON_STATS = "player_season_stats"
#: a batter against a bowler in one competition
PLAYER_H2H_STATS = "player_h2h_stats"
#: a player's figures over every competition, one document per format
PLAYER_CAREER_STATS = "player_career_stats"


def team_season_id(competition_id: str, team_id: str) -> str:
    return f"{competition_id}_{team_id}"


def player_season_id(competition_id: str, team_id: str, person_id: str) -> str:
    return f"{competition_id}_{team_id}_{person_id}"


def head_to_head_id(competition_id: str, batter_id: str, bowler_id: str) -> str:
    return f"{competition_id}_{batter_id}_{bowler_id}"


def career_id(person_id: str, match_format: str) -> str:
    return f"{person_id}_{match_format}"
