"""The legacy data model, and its conversion into the event log (pure: no Firebase import).

Old apps kept each match's balls in a ``ballHistory`` array on ``matches/{id}/live/score``,
team selections on the match (``teamSelection``) and on the pre-match procedure, and roles
on people (``teamIds``, ``assignedSchools``) and on the match (``umpires``, ``scorer``).
The legacy data is messy, so the legacy models accept almost anything and the converters
report what they could not use instead of failing.

What the legacy ball does not say, and how it is recovered:

- over and ball numbers: counted from legal deliveries (a wide or no-ball is re-bowled,
  Laws 21.1 and 22.1), never ``index // 6``;
- the non-striker: never stored; recovered from the sequence of strikers (the other batter
  at the crease), else from the batting order for a batter who never faced;
- who was out: a run out may be the non-striker's; recovered from who batted on;
- the extras: ``extraType`` comes as ``"wide"``, ``"wd"``, ``"No Ball"``, ``"leg-bye"``...
  and ``extraRuns`` as a number or a string; a no-ball's ``extraRuns`` holds the penalty
  *and* any runs run (byes, Law 21.7), while runs off the bat stay in ``runs``.

``legacy_from_cricsheet`` builds legacy documents from a real Cricsheet match (data from
cricsheet.org, Open Data Commons Attribution License), with the legacy faults, so that the
migration can be tested against a known true scorecard.

The package, by job: `models` (the legacy documents, read leniently), `balls` (a
ballHistory into the log, and the totals compared), `roles` (selections and roles into
lineups and assignments), `from_cricsheet` (legacy documents made from a real match).
"""

from scorebook_tools.legacy.balls import (
    compare_totals,
    convert_ball_history,
    legacy_totals,
    match_day,
)
from scorebook_tools.legacy.from_cricsheet import (
    legacy_ball,
    legacy_dataset,
    legacy_from_cricsheet,
    legacy_match_ids,
)
from scorebook_tools.legacy.models import (
    LEGACY_TOTAL_FIELDS,
    MIGRATION_SOURCE,
    LegacyBall,
    LegacyMatch,
    LegacyPreMatch,
    LegacyProblem,
    LegacySelection,
    normalize_extra_type,
    normalize_wicket_type,
    split_extras,
)
from scorebook_tools.legacy.roles import (
    RoleAssignment,
    convert_lineups,
    match_roles,
    person_roles,
    team_selections,
)

__all__ = [
    "LEGACY_TOTAL_FIELDS", "MIGRATION_SOURCE", "LegacyBall", "LegacyMatch", "LegacyPreMatch",
    "LegacyProblem", "LegacySelection", "RoleAssignment", "compare_totals", "convert_ball_history",
    "convert_lineups", "legacy_ball", "legacy_dataset", "legacy_from_cricsheet",
    "legacy_match_ids", "legacy_totals", "match_day", "match_roles", "normalize_extra_type",
    "normalize_wicket_type", "person_roles", "split_extras", "team_selections",
]
