"""What the apps and the admin console do, through the REST API with the rules applied.

A scoring app appends actions and voids them; an admin creates the match and assigns its
scorers. The demo, the tests and the benchmarks all act through these few calls, so what
they exercise is exactly what a client can do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scorebook.actions import action_id
from scorebook.consensus import VOID_SUFFIX
from scorebook.document import to_document
from scorebook.firestore.paths import (
    lineups_path,
    live_lineups_path,
    live_score_path,
    match_path,
    match_role_path,
    resolution_id,
    resolution_path,
    school_role_path,
    scoring_action_path,
    scoring_actions_path,
    submission_path,
    team_role_path,
)
from scorebook.match import Match, MatchLineup
from scorebook.roles import (
    MatchRoleAssignment,
    SchoolRoleAssignment,
    TeamRoleAssignment,
)
from scorebook_tools.rest import FirestoreRest


def create_match(admin: FirestoreRest, match: Match, status: str = "scheduled") -> None:
    """Write `matches/{id}` (an admin's job). Its scorers may score from then on; the
    functions move `status` on from the log (`live`, `innings_break`, `completed`)."""
    document = to_document(match) | {"status": status}
    admin.set(match_path(match.id), document)


def _assignment(model: type[Any], scope_id: str, uid: str, role: str,
                by: str, **fields: Any) -> dict[str, Any]:
    """A role assignment document as the product schema has it, validated by its model."""
    doc = model.assign(scope_id, uid, role, by=by, at=datetime.now(UTC), **fields)
    return {k: v for k, v in to_document(doc).items() if v is not None}


def assign_match_role(
    admin: FirestoreRest,
    match_id: str,
    uid: str,
    role: str = "scorer_neutral",
    status: str = "assigned",
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    by: str = "admin",
) -> str:
    """Give `uid` a role on a match (`scorebook.roles.MatchRole`; scorers score, on-field and
    third umpires void): `match_role_assignments/{matchId}_{uid}_{role}`, in force from
    `start` (inclusive) to `end` (exclusive) when given. Returns the document path."""
    path = match_role_path(match_id, uid, role)
    admin.set(path, _assignment(MatchRoleAssignment, match_id, uid, role, by,
                                status=status, startDate=start, endDate=end))
    return path


def assign_team_role(
    admin: FirestoreRest,
    team_id: str,
    uid: str,
    role: str = "manager",
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    captain: bool = False,
    by: str = "admin",
) -> str:
    """Give `uid` a role in a team: `team_role_assignments/{teamId}_{uid}_{role}`. A manager,
    coach or assistant coach, or a player who is captain, writes the team's lineups."""
    path = team_role_path(team_id, uid, role)
    admin.set(path, _assignment(TeamRoleAssignment, team_id, uid, role, by,
                                startDate=start or datetime.now(UTC), endDate=end,
                                isCaptain=captain, isViceCaptain=False))
    return path


def assign_school_role(
    admin: FirestoreRest,
    school_id: str,
    uid: str,
    role: str,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    by: str = "admin",
) -> str:
    """Give `uid` a role in a school: `school_role_assignments/{schoolId}_{uid}_{role}`. A
    director of cricket or administrator assigns the roles of the school's teams (those whose
    `teams/{teamId}` names the school) and of their matches."""
    path = school_role_path(school_id, uid, role)
    admin.set(path, _assignment(SchoolRoleAssignment, school_id, uid, role, by,
                                startDate=start or datetime.now(UTC), endDate=end,
                                isPrimary=True))
    return path


def write_action(scorer: FirestoreRest, action: Any) -> datetime:
    """Append one action to the log as the signed-in scorer; a second write of the same
    position is refused by Firestore (the document exists), never duplicated. Returns when
    the server committed it."""
    return scorer.create(scoring_actions_path(action.matchId), action.id, to_document(action))


def void_action(
    scorer: FirestoreRest,
    match_id: str,
    action_id: str,
    reason: str,
    *,
    uid: str,
    corrected_by: str | None = None,
) -> None:
    """Undo: mark the action voided with who and why; `voidedAt` is the server's time."""
    fields: dict[str, Any] = {"isVoided": True, "voidReason": reason, "voidedBy": uid}
    if corrected_by:
        fields["correctedBy"] = corrected_by
    scorer.update(
        scoring_action_path(match_id, action_id), fields, server_time=("voidedAt",)
    )


def submit_action(scorer: FirestoreRest, action: Any, *, uid: str, role: str) -> str:
    """A DUAL or TRIPLE match's scorer gives their view of the action at its position
    (`submissions/{position}_{uid}`, signed: the action's recordedBy is theirs), in the
    scorer role they hold (`scorer_home`, `scorer_away`, or under TRIPLE `scorer_neutral`);
    the functions append it once the scorers agree. Returns the submission's id."""
    doc = {"matchId": action.matchId, "position": action.id, "scorerId": uid, "role": role,
           "action": to_document(action)}
    scorer.commit([scorer.create_write(submission_path(action.matchId, action.id, uid), doc,
                                       server_time=("createdAt",))])
    return f"{action.id}_{uid}"


def submit_void(scorer: FirestoreRest, match_id: str, action_id_: str, reason: str, *,
                uid: str, role: str) -> str:
    """A DUAL or TRIPLE match's scorer asks to take back an action of the log; it is voided
    once as many scorers ask as a ball needs."""
    position = action_id_ + VOID_SUFFIX
    doc = {"matchId": match_id, "position": position, "scorerId": uid, "role": role,
           "voidReason": reason}
    scorer.commit([scorer.create_write(submission_path(match_id, position, uid), doc,
                                       server_time=("createdAt",))])
    return f"{position}_{uid}"


def resolve_dispute(official: FirestoreRest, match_id: str, position: str, method: str, *,
                    uid: str, action: Any = None, note: str | None = None,
                    attempt: int = 1) -> str:
    """An umpire, the referee or an admin settles the dispute at `position`: the method,
    and for UMPIRE_OVERRIDE, VIDEO_REVIEW or CAPTAIN_CONSENSUS the ball as it was (signed by
    the official). Immutable once written; when one settles nothing (a majority vote without
    a majority: the dispute's `problem` says so) the next `attempt` (2, 3, ...) may. Returns
    the resolution's id."""
    doc: dict[str, Any] = {"matchId": match_id, "position": position, "method": method,
                           "resolvedBy": uid, "note": note,
                           "action": None if action is None else to_document(action)}
    rid = resolution_id(position, attempt)
    official.commit([official.create_write(resolution_path(match_id, rid), doc,
                                           server_time=("createdAt",))])
    return rid


def write_lineup(client: FirestoreRest, match_id: str, lineup: MatchLineup) -> str:
    """Write one player's lineup document, `{teamId}_{playerId}`, as it is, and return its id.
    Writing it again overwrites it (a name corrected, a keeper named), never adds a second
    one. From a team official (or an admin's app) the rules take it only signed:
    `selectedBy` the caller's uid and `selectedAt` the request time (the SDKs'
    serverTimestamp()) when either changes; admin credentials (`as_admin`, as the demo and
    the emulator tests write) bypass the rules."""
    client.set(f"{lineups_path(match_id)}/{lineup.id}", to_document(lineup))
    return lineup.id


def correct_action(
    scorer: FirestoreRest, original: Any, corrected: Any, uid: str, reason: str
) -> str:
    """Replace a ball in place: write the correction at the same position as
    `{innings}-{seq}-c{n}` naming the original (`corrects`), then void the original naming
    the correction (`correctedBy`; the rules take it only once the correction exists). Until
    the void the original holds the position (the correction is flagged as a duplicate, not
    counted). Both stay in the log: the audit trail of who changed what, when and why.
    (An app may write the two in one batch; the heaviest ball and its void together pass the
    rules' budget of 1,000 expressions a request, so this writes them in turn.) Returns the
    correction's id."""
    position = action_id(original.inningsNumber, original.sequenceNumber)
    for n in range(1, 100):
        correction_id = f"{position}-c{n}"
        if scorer.get(scoring_action_path(original.matchId, correction_id)) is None:
            break
    correction = corrected.model_copy(update={
        "id": correction_id, "corrects": original.id, "source": "correction",
        "recordedBy": uid, "inningsNumber": original.inningsNumber,
        "sequenceNumber": original.sequenceNumber,
    })
    write_action(scorer, correction)
    void_action(scorer, original.matchId, original.id, reason, uid=uid,
                corrected_by=correction_id)
    return correction_id


def read_live_lineups(client: FirestoreRest, match_id: str) -> dict[str, Any] | None:
    return client.get(live_lineups_path(match_id))


def read_live_score(client: FirestoreRest, match_id: str) -> dict[str, Any] | None:
    return client.get(live_score_path(match_id))
