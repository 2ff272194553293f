"""Who holds which role where: the three role assignments of the product schema.

One document per person, role and scope, under a deterministic id the security rules can
``get()``: ``{scopeId}_{personId}_{role}`` in ``school_role_assignments``,
``team_role_assignments`` and ``match_role_assignments``. ``personId`` is the person's
Firebase Auth uid. An assignment grants its rights from ``startDate`` (inclusive) to
``endDate`` (exclusive) when those are set, until it is revoked (``revokedAt``); a match
role only while its status is ``assigned``, ``confirmed`` or ``present``. Revoked and ended
assignments are kept: they are the history of who held what.

Beyond the schema (documented in docs/design.md): every assignment may be revoked
(``revokedBy``/``revokedAt``; the schema has them on school roles only), a match role may
carry ``startDate``/``endDate``, and ``source`` says where a migrated assignment came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from scorebook.document import Moment, Schema, as_timestamp

SchoolRole = Literal[
    "director_of_cricket",
    "head_coach",
    "assistant_coach",
    "administrator",
    "scorer",
    "groundskeeper",
    "medical_officer",
]
TeamRole = Literal["player", "coach", "assistant_coach", "manager", "scorer", "analyst"]
MatchRole = Literal[
    "umpire_on_field",
    "umpire_third",
    "umpire_reserve",
    "match_referee",
    "scorer_home",
    "scorer_away",
    "scorer_neutral",
    "medical_officer",
    "groundskeeper",
]
MatchRoleStatus = Literal["assigned", "confirmed", "present", "no_show"]

#: The match roles that record the match: they append to the log and void.
SCORER_ROLES: tuple[MatchRole, ...] = ("scorer_home", "scorer_away", "scorer_neutral")
#: Umpires whose signals the scorers record may void a ball the scorers got wrong.
VOIDING_UMPIRES: tuple[MatchRole, ...] = ("umpire_on_field", "umpire_third")
#: A team's officials write its lineups (as does a player with ``isCaptain``).
LINEUP_ROLES: tuple[TeamRole, ...] = ("manager", "coach", "assistant_coach")
#: A school's officials assign team and match roles for the school's teams and matches.
SCHOOL_OFFICIALS: tuple[SchoolRole, ...] = ("director_of_cricket", "administrator")
#: A match role in one of these statuses is in force; ``no_show`` grants nothing.
ACTIVE_STATUSES: tuple[MatchRoleStatus, ...] = ("assigned", "confirmed", "present")


def assignment_id(scope_id: str, person_id: str, role: str) -> str:
    """The document id of a role assignment: ``"{scopeId}_{personId}_{role}"``."""
    return f"{scope_id}_{person_id}_{role}"


class _Assignment(Schema):
    id: str = Field(min_length=1)
    personId: str = Field(min_length=1, max_length=128)
    assignedBy: str = Field(min_length=1, max_length=128)
    assignedAt: Moment
    revokedBy: str | None = None
    revokedAt: Moment | None = None
    #: where a migrated assignment came from (``migration``); beyond the schema
    source: str | None = None
    createdAt: Moment
    updatedAt: Moment | None = None

    #: the field naming the scope (school, team or match) the role is held in
    SCOPE_FIELD: ClassVar[str]

    @classmethod
    def assign(cls, scope_id: str, person_id: str, role: str, *, by: str, at: datetime,
               **fields: Any) -> Self:
        """A new assignment of ``role`` in the scope to ``person_id``, by ``by`` at ``at``."""
        return cls(id=assignment_id(scope_id, person_id, role), personId=person_id, role=role,
                   assignedBy=by, assignedAt=at, createdAt=at,
                   **{cls.SCOPE_FIELD: scope_id}, **fields)

    @model_validator(mode="after")
    def _consistent(self) -> _Assignment:
        expected = assignment_id(getattr(self, self.SCOPE_FIELD), self.personId,
                                 self.role)
        if self.id != expected:
            raise ValueError(f"id: must be {expected!r} ({{scopeId}}_{{personId}}_{{role}})")
        if (self.revokedAt is None) != (self.revokedBy is None):
            raise ValueError("revokedAt: revokedAt and revokedBy go together")
        if _ends_by_start(getattr(self, "startDate", None), getattr(self, "endDate", None)):
            raise ValueError("endDate: must be after startDate")
        return self


def _ends_by_start(start: datetime | None, end: datetime | None) -> bool:
    return start is not None and end is not None and end <= start


class _Term(_Assignment):
    startDate: Moment
    endDate: Moment | None = None
    seasonId: str | None = None
    notes: str | None = Field(default=None, max_length=1000)


class SchoolRoleAssignment(_Term):
    """``school_role_assignments/{schoolId}_{personId}_{role}``."""

    SCOPE_FIELD = "schoolId"
    schoolId: str = Field(min_length=1, max_length=128)
    role: SchoolRole
    isPrimary: bool


class TeamRoleAssignment(_Term):
    """``team_role_assignments/{teamId}_{personId}_{role}``. Captaincy is the ``isCaptain``
    flag (of a ``player``), not a role."""

    SCOPE_FIELD = "teamId"
    teamId: str = Field(min_length=1, max_length=128)
    role: TeamRole
    isCaptain: bool
    isViceCaptain: bool
    jerseyNumber: str | None = Field(default=None, max_length=10)


class MatchRoleAssignment(_Assignment):
    """``match_role_assignments/{matchId}_{personId}_{role}``: officials and support staff."""

    SCOPE_FIELD = "matchId"
    matchId: str = Field(min_length=1, max_length=128)
    role: MatchRole
    status: MatchRoleStatus
    confirmedAt: Moment | None = None
    arrivedAt: Moment | None = None
    performanceRating: int | None = Field(default=None, ge=1, le=5)
    performanceNotes: str | None = Field(default=None, max_length=1000)
    #: bounds of the appointment (beyond the schema): e.g. the days of the match
    startDate: Moment | None = None
    endDate: Moment | None = None


class TeamDocument(Schema):
    """``teams/{teamId}``: a team and the school (or club) it belongs to. Written by admins
    only: naming a team's school is what lets that school's officials assign its roles."""

    id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=100)
    schoolId: str | None = Field(default=None, min_length=1, max_length=128)


ROLE_ASSIGNMENT_MODELS = (SchoolRoleAssignment, TeamRoleAssignment, MatchRoleAssignment)


#: Spans of membership kept per person: the rules check each one, and cannot loop.
MAX_SPANS = 4


class Span(Schema):
    """A stretch of time someone holds a role in a team, from ``startDate`` to ``endDate``
    (None: open-ended)."""

    startDate: Moment
    endDate: Moment | None = None


class TeamMember(Schema):
    """One person's place in a team: the roles they are or were appointed to, not revoked, and
    the spans those appointments cover, overlapping ones merged, in time order. Beyond
    ``MAX_SPANS`` the earliest are merged into one (a gap long past is given up, never a
    current or future one)."""

    roles: list[TeamRole]
    spans: list[Span] = Field(min_length=1, max_length=MAX_SPANS)


class TeamMembers(Schema):
    """``team_members/{teamId}``: who may follow the team's private matches, kept by the
    functions from the team's ``team_role_assignments`` so that the rules read one document
    per team (their budget of ten reads does not allow a lookup per team role). Assignments
    that cannot be read are named in ``problems`` with why, and left out."""

    teamId: str
    members: dict[str, TeamMember]
    problems: list[str] = Field(default_factory=list)


def _spans(held: list[TeamRoleAssignment]) -> list[Span]:
    merged: list[list[datetime | None]] = []
    for a in sorted(held, key=lambda a: a.startDate):
        _merge_in(merged, a)
    while len(merged) > MAX_SPANS:
        first, second = merged.pop(0), merged[0]
        second[0] = first[0]
    return [Span(startDate=start, endDate=end) for start, end in merged]  # type: ignore[arg-type]


def _merge_in(merged: list[list[datetime | None]], a: TeamRoleAssignment) -> None:
    """The assignment's span (they come by their start) merged into the last span when it
    overlaps it, else after it."""
    last = merged[-1] if merged else None
    if last is not None and _overlaps(last[1], a.startDate):
        last[1] = _later_end(last[1], a.endDate)
    else:
        merged.append([a.startDate, a.endDate])


def _overlaps(end: datetime | None, start: datetime) -> bool:
    """A span ending at `end` (None: open-ended) reaches a span starting at `start`."""
    return end is None or start <= end


def _later_end(end: datetime | None, other: datetime | None) -> datetime | None:
    """The later of two ends; an open end (None) is later than any."""
    return None if end is None or other is None else max(end, other)


def team_members(team_id: str, assignments: list[TeamRoleAssignment],
                 problems: list[str] | None = None) -> TeamMembers:
    """The members of ``team_id``: every person with an unrevoked appointment to it."""
    members = {
        person: TeamMember(roles=sorted({a.role for a in theirs}), spans=_spans(theirs))
        for person, theirs in sorted(_held(team_id, assignments).items())
    }
    return TeamMembers(teamId=team_id, members=members, problems=list(problems or []))


def _held(team_id: str,
          assignments: list[TeamRoleAssignment]) -> dict[str, list[TeamRoleAssignment]]:
    """Each person's unrevoked appointments to the team."""
    held: dict[str, list[TeamRoleAssignment]] = {}
    for a in assignments:
        if a.teamId == team_id and a.revokedAt is None:
            held.setdefault(a.personId, []).append(a)
    return held


def in_force(doc: Mapping[str, Any], match_id: str, uid: str, role: str, now: datetime) -> bool:
    """A match role assignment in force now (the rules' isActiveMatchRole): the caller's, for
    this match and role, not revoked, not a no-show, begun and not ended. The rules leave
    the personId out, which an assignment read at `{matchId}_{uid}_{role}` with that match
    and role implies (they refuse any assignment whose id is not its own
    matchId_personId_role); this checks it still, against one written past them, by hand."""
    return (_assigned(doc, match_id, uid, role)
            and (doc.get("startDate") is None or _begun_by(doc.get("startDate"), now))
            and _not_ended_by(doc.get("endDate"), now))


def _assigned(doc: Mapping[str, Any], match_id: str, uid: str, role: str) -> bool:
    """The caller's assignment to this match and role, not revoked, not a no-show."""
    return (doc.get("personId") == uid and doc.get("matchId") == match_id
            and doc.get("role") == role and doc.get("revokedAt") is None
            and doc.get("status") in ACTIVE_STATUSES)


def _begun_by(start: Any, now: datetime) -> bool:
    """A start (a timestamp, however stored) at or before `now`; none read is not begun."""
    begun = as_timestamp(start)
    return begun is not None and begun <= now


def _not_ended_by(end: Any, now: datetime) -> bool:
    """No end, or an end (a timestamp, however stored) after `now`."""
    if end is None:
        return True
    ended = as_timestamp(end)
    return ended is not None and now < ended


#: The match roles whose holders follow a private match (the rules' isFollower).
FOLLOWING_ROLES: tuple[MatchRole, ...] = (*SCORER_ROLES, "umpire_on_field", "umpire_third",
                                          "match_referee")


def team_member_now(team_members: Mapping[str, Any] | None, uid: str, now: datetime) -> bool:
    """The person holds an appointment to the team now (team_members/{teamId}, the rules'
    isListedMember): within one of their spans."""
    return any(isinstance(span, Mapping) and _begun_by(span.get("startDate"), now)
               and _not_ended_by(span.get("endDate"), now)
               for span in _member_spans(team_members, uid))


def _member_spans(team_members: Mapping[str, Any] | None, uid: str) -> list[Any]:
    """The person's spans as team_members/{teamId} lists them (the first MAX_SPANS)."""
    members = (team_members or {}).get("members")
    member = members.get(uid) if isinstance(members, Mapping) else None
    spans = member.get("spans") if isinstance(member, Mapping) else None
    return (spans if isinstance(spans, list) else [])[:MAX_SPANS]


def follows(match: Mapping[str, Any], match_id: str, uid: str | None, *, is_admin: bool,
            assignments: Mapping[str, Any], team_members: Mapping[str, Any],
            now: datetime) -> bool:
    """Whether the caller may read the match's log and projections (the rules' isFollower):
    anyone a public match; a private one, an admin, a member or player it lists, a person
    appointed to one of its teams, and its scorers, umpires and referee in office.
    `assignments` are the caller's match role documents by id, `team_members` the teams'
    team_members documents by team id."""
    if match.get("visibility", "public") != "private":
        return True
    if uid is None:
        return False
    teams = [t for t in match.get("teams") or [] if isinstance(t, Mapping)]
    return (is_admin or _listed(match, teams, uid)
            or _on_a_team(teams, team_members, uid, now)
            or _in_office(assignments, match_id, uid, now))


def _on_a_team(teams: list[Mapping[str, Any]], team_members: Mapping[str, Any], uid: str,
               now: datetime) -> bool:
    """The caller is appointed to one of the match's teams now."""
    return any(team_member_now(team_members.get(str(t.get("id"))), uid, now) for t in teams)


def _listed(match: Mapping[str, Any], teams: list[Mapping[str, Any]], uid: str) -> bool:
    """The match lists the caller as a member, or a team lists them as a player."""
    listed = [match.get("memberIds") or [], *(t.get("playerIds") or [] for t in teams)]
    return any(isinstance(ids, list) and uid in ids for ids in listed)


def _in_office(assignments: Mapping[str, Any], match_id: str, uid: str, now: datetime) -> bool:
    """The caller holds one of the match's following roles now (scorer, umpire, referee)."""
    return any(isinstance(doc := assignments.get(assignment_id(match_id, uid, role)), Mapping)
               and in_force(doc, match_id, uid, role, now) for role in FOLLOWING_ROLES)
