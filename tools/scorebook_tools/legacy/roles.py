"""Legacy team selections and roles converted into lineups and role assignments."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scorebook.document import to_document
from scorebook.firestore.paths import MATCH_ROLES, SCHOOL_ROLES, TEAM_ROLES
from scorebook.match import Match, MatchLineup, lineup_id
from scorebook.roles import (
    MatchRoleAssignment,
    SchoolRole,
    SchoolRoleAssignment,
    TeamRole,
    TeamRoleAssignment,
)
from scorebook_tools.legacy.balls import match_day
from scorebook_tools.legacy.models import (
    MIGRATION_SOURCE,
    LegacyMatch,
    LegacyPerson,
    LegacyPreMatch,
    LegacyProblem,
    LegacySelection,
)


def convert_lineups(
    match: Match,
    legacy_match: Mapping[str, Any],
    pre_match: Mapping[str, Any] | None = None,
) -> tuple[list[MatchLineup], list[LegacyProblem]]:
    """One ``MatchLineup`` per selected player (``{teamId}_{playerId}``), in the selection's
    order as the batting order, with its captain and keeper, ``selectedBy: "migration"``,
    selected and created at the start of the match's first day (:func:`match_day`: the same
    documents on every run). No ``name``: the match's team list names the players. The
    pre-match procedure's selection is the one confirmed at the toss, so it wins over the
    match's."""
    problems: list[LegacyProblem] = []
    selections = team_selections(legacy_match, pre_match)
    names = match.player_names()
    at = match_day(match)
    lineups = []
    for team_id, sel in sorted(selections.items()):
        if match.team(team_id) is None:
            problems.append(LegacyProblem(
                None, "unknown_team", f"teamSelection for {team_id!r}, not a team of the match"))
            continue
        ids = list(dict.fromkeys(sel.playerIds))  # a player selected twice plays once
        problems += _player_problems(team_id, sel.playerIds, ids, names)
        if not ids:
            problems.append(LegacyProblem(None, "empty_selection", f"{team_id}: no players"))
            continue
        problems += _unselected_leaders(team_id, sel, ids)
        lineups += _team_lineups(match.id, team_id, sel, ids, at)
    return lineups, problems


def team_selections(legacy_match: Mapping[str, Any], pre_match: Mapping[str, Any] | None,
                    ) -> dict[str, LegacySelection]:
    """Team id -> its selection: the match's, the pre-match procedure's winning (it is the one
    confirmed at the toss)."""
    selections = dict(LegacyMatch.model_validate(dict(legacy_match)).teamSelection)
    if pre_match:
        selections.update(LegacyPreMatch.model_validate(dict(pre_match)).teamSelection)
    return selections


def _player_problems(team_id: str, chosen: list[str], ids: list[str],
                     names: Mapping[str, Any]) -> list[LegacyProblem]:
    """A player selected twice (`chosen` has more than the distinct `ids`), and each selected
    player who is not a player of the match."""
    problems = []
    if len(ids) != len(chosen):
        problems.append(LegacyProblem(None, "duplicate_player",
                                      f"{team_id}: a player is selected twice"))
    problems += [LegacyProblem(None, "unknown_player",
                               f"{team_id}: {pid!r} is not a player of the match")
                 for pid in ids if pid not in names]
    return problems


def _unselected_leaders(team_id: str, sel: LegacySelection, ids: list[str]) -> list[LegacyProblem]:
    """A captain or wicket-keeper named who is not among the selected players."""
    return [LegacyProblem(None, "not_selected", f"{team_id}: {field} {value!r} is not selected")
            for field, value in (("captainId", sel.captainId),
                                 ("wicketKeeperId", sel.wicketKeeperId))
            if value and value not in ids]


def _team_lineups(match_id: str, team_id: str, sel: LegacySelection, ids: list[str],
                  at: datetime) -> list[MatchLineup]:
    """A team's selected players as lineups, batting in the selection's order; a captain or
    keeper who is not selected is nobody's flag."""
    captain = sel.captainId if sel.captainId in ids else None
    keeper = sel.wicketKeeperId if sel.wicketKeeperId in ids else None
    return [
        MatchLineup(
            id=lineup_id(team_id, pid), matchId=match_id, teamId=team_id, playerId=pid,
            role="playing_xi", isCaptain=pid == captain, isViceCaptain=False,
            isWicketkeeper=pid == keeper, battingPosition=position,
            selectedAt=at, selectedBy=MIGRATION_SOURCE, createdAt=at,
        )
        for position, pid in enumerate(ids, start=1)
    ]


@dataclass(frozen=True)
class RoleAssignment:
    collection: str  # match_role_assignments | team_role_assignments | school_role_assignments
    doc_id: str
    data: dict[str, Any]


def _day(value: str | None) -> datetime | None:
    if not value:
        return None
    d = date.fromisoformat(value[:10])
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


#: The start (and assignment time) of a migrated assignment whose legacy data has no date:
#: a fixed time, so that a second run writes the same document (the migration is idempotent).
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


_COLLECTIONS = {MatchRoleAssignment: MATCH_ROLES, TeamRoleAssignment: TEAM_ROLES,
                SchoolRoleAssignment: SCHOOL_ROLES}


def _role(model: type[Any], scope_id: str, uid: str, role: str, *,
          when: datetime | None, **fields: Any) -> RoleAssignment:
    """A role assignment as the product schema has it, assigned by the migration."""
    doc = model.assign(scope_id, uid, role, by=MIGRATION_SOURCE, at=when or _EPOCH,
                       source=MIGRATION_SOURCE, **fields)
    return RoleAssignment(_COLLECTIONS[model], doc.id, to_document(doc))


def match_roles(match_id: str, legacy_match: Mapping[str, Any]) -> list[RoleAssignment]:
    """``Match.scorer`` and ``Match.umpires`` -> ``match_role_assignments/{matchId}_{uid}_{role}``
    (``scorer_neutral``, ``umpire_on_field``), bounded by the days of the match. A person
    listed as both holds both roles."""
    lm = LegacyMatch.model_validate(dict(legacy_match))
    start, end = _match_days(lm.dates)
    out: dict[str, RoleAssignment] = {}
    for role, uids in (("scorer_neutral", lm.scorer), ("umpire_on_field", lm.umpires)):
        for uid in uids:
            found = _role(MatchRoleAssignment, match_id, uid, role, when=start,
                          status="assigned", startDate=start, endDate=end)
            out.setdefault(found.doc_id, found)
    return list(out.values())


def _match_days(dates: list[str]) -> tuple[datetime | None, datetime | None]:
    """From the start of the match's first day to the end of its last (None, None: no
    dates)."""
    if not dates:
        return None, None
    return _day(dates[0]), _day(dates[-1]) + timedelta(days=1)


#: Legacy school role words -> the schema's school roles; other words grant nothing and are
#: not migrated (a "member" or "teacher" has no role in the schema).
SCHOOL_ROLE_WORDS = {
    **{r: r for r in typing.get_args(SchoolRole)},
    "head_of_cricket": "director_of_cricket",
    "director": "director_of_cricket",
    "admin": "administrator",
    "coach": "head_coach",
}


def _word(value: str | None) -> str:
    return (value or "").strip().lower().replace(" ", "_").replace("-", "_")


def person_roles(uid: str, person: Mapping[str, Any]) -> list[RoleAssignment]:
    """``Person.teamIds`` and ``Person.assignedSchools`` -> team and school role assignments,
    open-ended from when the person was created. A legacy captain (or vice-captain) is a
    ``player`` with the flag; any other word that is not a team role makes a ``player``."""
    p = LegacyPerson.model_validate(dict(person))
    return _team_roles(uid, p) + _school_roles(uid, p)


def _team_roles(uid: str, p: LegacyPerson) -> list[RoleAssignment]:
    """The person's role in each of its teams: a legacy word that is not a team role makes a
    ``player``, with the captain's or vice-captain's flag for those words."""
    word = _word(p.role)
    team_role = word if word in typing.get_args(TeamRole) else "player"
    return [_role(TeamRoleAssignment, team_id, uid, team_role,
                  when=p.createdAt, startDate=p.createdAt or _EPOCH,
                  isCaptain=word == "captain", isViceCaptain=word == "vice_captain")
            for team_id in p.teamIds]


def _school_roles(uid: str, p: LegacyPerson) -> list[RoleAssignment]:
    """The person's role in each school assigned to it that names one the schema has."""
    out = []
    for school in p.assignedSchools:
        school_id, school_role = _school_and_role(school, p.role)
        if not school_id or school_role is None:
            continue
        out.append(_role(SchoolRoleAssignment, str(school_id), uid, school_role,
                         when=p.createdAt, startDate=p.createdAt or _EPOCH, isPrimary=True))
    return out


def _school_and_role(school: Any, person_role: str | None) -> tuple[Any, str | None]:
    """An entry of ``assignedSchools`` (a school's id, or a mapping with its id and the
    person's role there) -> the school's id and the schema's school role; the person's own
    role when the entry names none, None for a word that grants nothing."""
    if isinstance(school, Mapping):
        school_id, role = school.get("schoolId") or school.get("id"), school.get("role")
    else:
        school_id, role = school, None
    return school_id, SCHOOL_ROLE_WORDS.get(_word(role or person_role))
