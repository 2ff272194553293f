"""What the apps and the admin console do, through the REST API with the rules applied.

A scoring app appends actions and voids them; an admin creates the match and assigns its
scorers. The demo, the tests and the benchmarks all act through these few calls, so what
they exercise is exactly what a client can do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scorebook.actions import action_id
from scorebook.document import to_document
from scorebook.firestore.paths import (
    lineups_path,
    live_lineups_path,
    live_score_path,
    match_path,
    match_role_path,
    school_role_path,
    scoring_action_path,
    scoring_actions_path,
    team_role_path,
)
from scorebook.match import Match, MatchLineup
from scorebook_tools.rest import FirestoreRest

SCORER_ROLES = ("scorer_home", "scorer_away", "scorer_neutral")


def create_match(admin: FirestoreRest, match: Match, status: str = "live") -> None:
    """Write `matches/{id}` (an admin's job); `status` says whether scoring is open."""
    document = to_document(match) | {"status": status}
    admin.set(match_path(match.id), document)


def _dates(start: datetime | None, end: datetime | None) -> dict[str, Any]:
    """An assignment's temporal bounds: the security rules honour it from `startDate`
    (inclusive) to `endDate` (exclusive); a bound left out is open."""
    return {
        **({"startDate": start} if start is not None else {}),
        **({"endDate": end} if end is not None else {}),
    }


def assign_match_role(
    admin: FirestoreRest,
    match_id: str,
    uid: str,
    role: str = "scorer_neutral",
    status: str = "assigned",
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> None:
    """Give `uid` a role on a match (scorer_home/scorer_away/scorer_neutral, umpire,
    match_referee): `match_role_assignments/{matchId}_{uid}`."""
    admin.set(
        match_role_path(match_id, uid),
        {"matchId": match_id, "uid": uid, "role": role, "status": status} | _dates(start, end),
    )


def assign_team_role(
    admin: FirestoreRest,
    team_id: str,
    uid: str,
    role: str = "manager",
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> None:
    """Give `uid` a role in a team: `team_role_assignments/{teamId}_{uid}`. A manager, coach
    or captain is one of the team's officials, who write its lineups."""
    admin.set(
        team_role_path(team_id, uid),
        {"teamId": team_id, "uid": uid, "role": role} | _dates(start, end),
    )


def assign_school_role(
    admin: FirestoreRest,
    school_id: str,
    uid: str,
    role: str,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> None:
    """Give `uid` a role in a school: `school_role_assignments/{schoolId}_{uid}`."""
    admin.set(
        school_role_path(school_id, uid),
        {"schoolId": school_id, "uid": uid, "role": role} | _dates(start, end),
    )


def write_action(scorer: FirestoreRest, action: Any) -> None:
    """Append one action to the log as the signed-in scorer; a second write of the same
    position is refused by Firestore (the document exists), never duplicated."""
    scorer.create(scoring_actions_path(action.matchId), action.id, to_document(action))


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
    """Replace a ball in place: void the original, recording which action corrects it, then
    write the correction at the same position as `{innings}-{seq}-c{n}` with `corrects`
    naming the original. Both stay in the log: the audit trail of who changed what, when
    and why. Returns the correction's id."""
    position = action_id(original.inningsNumber, original.sequenceNumber)
    for n in range(1, 100):
        correction_id = f"{position}-c{n}"
        if scorer.get(scoring_action_path(original.matchId, correction_id)) is None:
            break
    void_action(scorer, original.matchId, original.id, reason, uid=uid, corrected_by=correction_id)
    correction = corrected.model_copy(update={
        "id": correction_id, "corrects": original.id, "source": "correction",
        "recordedBy": uid, "inningsNumber": original.inningsNumber,
        "sequenceNumber": original.sequenceNumber,
    })
    write_action(scorer, correction)
    return correction_id


def read_live_lineups(client: FirestoreRest, match_id: str) -> dict[str, Any] | None:
    return client.get(live_lineups_path(match_id))


def read_live_score(client: FirestoreRest, match_id: str) -> dict[str, Any] | None:
    return client.get(live_score_path(match_id))
