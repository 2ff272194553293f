"""The world a rules test is tried in, and the people in it.

A `World` is one match (with a home and an away team of eleven), a few neighbours (another
match, a past match, team and school ids), and one person per column of
rules/access-matrix.csv holding the role that column names. Every id carries a fresh suffix,
so worlds never meet, and everything is written as the admin (`Bearer owner`, outside the
rules) in one commit before the first request of the person under test.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from scorebook.actions import ScoringAction, action_id
from scorebook.document import to_document
from scorebook.match import Match, Player, Team
from scorebook.roles import TeamRoleAssignment, assignment_id, team_members
from scorebook_tools.rest import (
    DATABASE,
    FirestoreError,
    FirestoreRest,
    mock_id_token,
    to_fields,
    to_value,
)
from tests.emulator.harness import PROJECT

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
#: An assignment in force now, one that ended, one that has not begun, and an open one.
WINDOWS: dict[str, tuple[datetime | None, datetime | None]] = {
    "now": (NOW - DAY, NOW + 30 * DAY),
    "past": (NOW - 30 * DAY, NOW - DAY),
    "future": (NOW + DAY, NOW + 30 * DAY),
    "open": (None, None),
}


#: One keep-alive connection pool for every request of the rules tests.
SESSION = requests.Session()


class Refused(Exception):
    """The emulator answered 403 PERMISSION_DENIED: the rules refused the request."""


def refused(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Make a request that the rules must refuse; fail the test when they let it through."""
    try:
        call(*args, **kwargs)
    except Refused:
        return
    except FirestoreError as error:
        assert error.denied, error
        return
    pytest.fail("the rules let it through")


@dataclass(frozen=True)
class Persona:
    """One column of the matrix: who calls (uid and claims; no uid = no ID token)."""

    name: str
    uid: str | None
    claims: Mapping[str, Any]
    about: str

    def client(self) -> FirestoreRest:
        if self.uid is None:
            return FirestoreRest(PROJECT, session=SESSION)
        return FirestoreRest(PROJECT, mock_id_token(self.uid, PROJECT, **self.claims),
                             session=SESSION)

    @property
    def me(self) -> str:
        """The uid a document about this person names (anonymous has none: a stand-in)."""
        return self.uid or "nobody"


def _persona(name: str, about: str, uid: str | None = "", **claims: Any) -> Persona:
    return Persona(name, name.replace("_", "-") if uid == "" else uid, claims, about)


PERSONAS: dict[str, Persona] = {
    p.name: p
    for p in (
        _persona("anonymous", "a spectator's app without an ID token", uid=None),
        _persona("signed_in", "a signed-in user with no role"),
        _persona("admin", "custom claim admin: true", admin=True),
        _persona("scorer", "scorer_home of the match, confirmed, dates around now"),
        _persona("neutral_scorer", "scorer_neutral of the match, assigned, no dates (the "
                 "last of the three scorer roles the rules look up)"),
        _persona("other_scorer", "scorer_neutral of another match"),
        _persona("expired_scorer", "scorer_away of the match whose endDate has passed"),
        _persona("future_scorer", "scorer_neutral of the match whose startDate is to come"),
        _persona("revoked_scorer", "scorer_away of the match, revoked"),
        _persona("umpire", "umpire_on_field of the match, present"),
        _persona("third_umpire", "umpire_third of the match, confirmed"),
        _persona("no_show_umpire", "umpire_on_field of the match who did not come (no_show)"),
        _persona("referee", "match_referee of the match, confirmed"),
        _persona("home_official", "manager of the home team"),
        _persona("away_official", "captain of the away team (a player with isCaptain)"),
        _persona("ex_home_coach", "coach of the home team whose appointment has ended"),
        _persona("school_director", "director_of_cricket of the home team's school"),
        _persona("school_coach", "head_coach of the home team's school"),
    )
}

#: persona -> (which match, role, status, window, more fields) in match_role_assignments
MATCH_ROLES: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "scorer": ("match", "scorer_home", "confirmed", "now", {}),
    "neutral_scorer": ("match", "scorer_neutral", "assigned", "open", {}),
    "other_scorer": ("other", "scorer_neutral", "assigned", "open", {}),
    "expired_scorer": ("match", "scorer_away", "confirmed", "past", {}),
    "future_scorer": ("match", "scorer_neutral", "assigned", "future", {}),
    "revoked_scorer": ("match", "scorer_away", "assigned", "open",
                       {"revokedBy": "admin", "revokedAt": NOW - DAY}),
    "umpire": ("match", "umpire_on_field", "present", "open", {}),
    "third_umpire": ("match", "umpire_third", "confirmed", "open", {}),
    "no_show_umpire": ("match", "umpire_on_field", "no_show", "open", {}),
    "referee": ("match", "match_referee", "confirmed", "now", {}),
}
#: persona -> (which team, role, window, more fields) in team_role_assignments
TEAM_ROLES: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "home_official": ("home", "manager", "now", {}),
    "away_official": ("away", "player", "open", {"isCaptain": True}),
    "ex_home_coach": ("home", "coach", "past", {}),
}
#: persona -> (role, window) in school_role_assignments, all of the home team's school
SCHOOL_ROLES = {
    "school_director": ("director_of_cricket", "now"),
    "school_coach": ("head_coach", "open"),
}

#: The fields of each kind of assignment beyond the common ones, as the schema has them.
SCOPE_FIELDS = {
    "match_role_assignments": "matchId",
    "team_role_assignments": "teamId",
    "school_role_assignments": "schoolId",
}


def assignment(collection: str, scope_id: str, person: str, role: str, window: str = "open",
               *, by: str = "admin", **more: Any) -> tuple[str, dict[str, Any]]:
    """(document id, document) of a role assignment written exactly as the product schema
    has it, every required field present."""
    start, end = WINDOWS[window]
    doc_id = assignment_id(scope_id, person, role)
    doc: dict[str, Any] = {
        "id": doc_id, SCOPE_FIELDS[collection]: scope_id, "personId": person, "role": role,
        "assignedBy": by, "assignedAt": NOW, "createdAt": NOW,
    }
    if collection == "match_role_assignments":
        doc |= {"status": "assigned"}
        if start or end:
            doc |= {"startDate": start, "endDate": end}
    else:
        doc |= {"startDate": start or NOW - 400 * DAY, "endDate": end}
        if collection == "team_role_assignments":
            doc |= {"isCaptain": False, "isViceCaptain": False}
        else:
            doc |= {"isPrimary": True}
    return doc_id, doc | more


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


class World:
    """One match and everything around it; see the module docstring."""

    def __init__(self, status: str = "live") -> None:
        suffix = uuid.uuid4().hex[:10]
        self.status = status
        self.match_id = f"m-{suffix}"
        self.other_match_id = f"m2-{suffix}"
        self.past_match_id = f"m0-{suffix}"
        self.new_match_id = f"m3-{suffix}"
        self.home = f"home-{suffix}"
        self.away = f"away-{suffix}"
        self.past_team = f"t0-{suffix}"
        self.new_team = f"t3-{suffix}"
        self.school = f"school-{suffix}"
        self.away_school = f"school2-{suffix}"
        self.past_school = f"s0-{suffix}"
        self.new_school = f"s3-{suffix}"
        self.match = Match(
            id=self.match_id,
            name="Home v Away",
            scheduledOvers=20,
            teams=[self.team(self.home, "Home"), self.team(self.away, "Away")],
            status=status,
        )
        self.pending: dict[str, dict[str, Any]] = {}
        self.committed = False
        self.given(self.base_documents())

    @staticmethod
    def team(team_id: str, name: str) -> Team:
        # an XI and three substitutes (a replacement comes from them)
        players = [Player(id=f"{team_id}-p{i}", name=f"{name} {i}", isSubstitute=i > 11)
                   for i in range(1, 15)]
        return Team(id=team_id, name=name, players=players)

    def player(self, team_id: str, n: int) -> str:
        return f"{team_id}-p{n}"

    @property
    def player_ids(self) -> list[str]:
        """Every player the match lists, both teams (its playerIds)."""
        return [p for t in self.match.teams for p in t.playerIds]

    # -- what exists before the request ---------------------------------------------------

    def match_document(self, match_id: str | None = None, status: str | None = None) -> dict:
        """The match as an admin writes it, its empty fields left out: the rules read a
        missing field and a null alike, and the emulator's coverage report prints the whole
        match for every request that reads it (2,700 matches, near 1 GB: past 1 GiB it
        answers 500)."""
        match = self.match if match_id is None else self.match.model_copy(update={"id": match_id})
        return _without_nulls(to_document(match)) | {"status": status or self.status}

    def base_documents(self) -> dict[str, dict[str, Any]]:
        docs = {
            f"matches/{self.match_id}": self.match_document(),
            f"matches/{self.other_match_id}": self.match_document(self.other_match_id, "live"),
        }
        docs |= {
            f"teams/{self.home}": {"id": self.home, "name": "Home", "schoolId": self.school},
            f"teams/{self.away}": {"id": self.away, "name": "Away",
                                   "schoolId": self.away_school},
        }
        for name, (which, role, status, window, more) in MATCH_ROLES.items():
            match_id = self.match_id if which == "match" else self.other_match_id
            doc_id, doc = assignment("match_role_assignments", match_id, PERSONAS[name].me,
                                     role, window, status=status, **more)
            docs[f"match_role_assignments/{doc_id}"] = doc
        for name, (which, role, window, more) in TEAM_ROLES.items():
            team_id = self.home if which == "home" else self.away
            doc_id, doc = assignment("team_role_assignments", team_id, PERSONAS[name].me, role,
                                     window, **more)
            docs[f"team_role_assignments/{doc_id}"] = doc
        docs |= self.team_members(docs)
        for name, (role, window) in SCHOOL_ROLES.items():
            doc_id, doc = assignment("school_role_assignments", self.school, PERSONAS[name].me,
                                     role, window)
            docs[f"school_role_assignments/{doc_id}"] = doc
        return docs

    def team_members(self, docs: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        """Each team's team_members document, as the functions make it from the team's
        role assignments among ``docs`` (the rules tests run without the triggers)."""
        assignments = [TeamRoleAssignment.model_validate(doc) for path, doc in docs.items()
                       if path.startswith("team_role_assignments/")]
        return {f"team_members/{team}": to_document(team_members(team, assignments))
                for team in (self.home, self.away)}

    def given(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        """Documents that exist before the request (written with the first request). A world
        already written (the one a read's row shares: test_access_matrix's `world_for`)
        writes those that differ from what it holds, at once."""
        docs = {path: dict(doc) for path, doc in docs.items()}
        if not self.committed:
            self.pending.update(docs)
            return
        changed = {path: doc for path, doc in docs.items() if self.pending.get(path) != doc}
        if changed:
            seed(changed)
            self.pending.update(changed)

    def commit(self) -> None:
        if not self.committed:
            seed(self.pending)
            self.committed = True

    def client(self, persona: Persona) -> FirestoreRest:
        self.commit()
        return persona.client()

    # -- valid documents --------------------------------------------------------------------

    def delivery(self, recorded_by: str, seq: int = 1, **fields: Any) -> ScoringAction:
        """A valid delivery of innings 1 at `seq`: one run off the bat."""
        data: dict[str, Any] = {
            "id": action_id(1, seq),
            "matchId": self.match_id,
            "inningsNumber": 1,
            "sequenceNumber": seq,
            "timestamp": NOW,
            "recordedBy": recorded_by,
            "overNumber": (seq - 1) // 6,
            "ballInOver": (seq - 1) % 6 + 1,
            "strikerId": self.player(self.home, 1),
            "nonStrikerId": self.player(self.home, 2),
            "bowlerId": self.player(self.away, 11),
            "runsOffBat": 1,
            "totalRuns": 1,
            "isLegalDelivery": True,
        }
        return ScoringAction.model_validate(data | fields)

    def lineup_entry(self, team_id: str, n: int = 1, **fields: Any) -> dict[str, Any]:
        """A player's lineup document (`{teamId}_{playerId}`) with every field of the product
        schema's MatchLineup (scorebook.match.MatchLineup), selected by the team's official.
        A client creates it signed: `create_lineup_entry` sets `selectedAt` to the request
        time."""
        player_id = self.player(team_id, n)
        official = PERSONAS["home_official" if team_id == self.home else "away_official"]
        doc: dict[str, Any] = {
            "id": f"{team_id}_{player_id}",
            "matchId": self.match_id,
            "teamId": team_id,
            "playerId": player_id,
            "role": "playing_xi",
            "isCaptain": n == 1,
            "isViceCaptain": n == 2,
            "isWicketkeeper": n == 7,
            "battingPosition": n,
            "substitutedAt": None,
            "substitutedFor": None,
            "substitutionReason": None,
            "selectedAt": NOW,
            "selectedBy": official.me,
            "confirmedAt": None,
            "confirmedBy": None,
            "createdAt": NOW,
            "updatedAt": None,
            "name": f"Player {n}",
        }
        return doc | fields

    def create_lineup_entry(self, client: FirestoreRest, doc: Mapping[str, Any]) -> None:
        """Create a lineup document as `client` the way an app does: `selectedAt` set to the
        request time (serverTimestamp()), which the rules require of a new selection."""
        path = f"matches/{self.match_id}/lineups/{doc['id']}"
        commit_as(client, path, doc, server_time=("selectedAt",), exists=False)

    def team_sheet(self, team_id: str, **fields: Any) -> dict[str, Any]:
        """A whole team sheet at `{teamId}`: the shape lineups had before one document per
        player, which the rules now refuse."""
        team = self.match.team(team_id)
        assert team is not None
        doc = {
            "id": team_id,
            "matchId": self.match_id,
            "teamId": team_id,
            "players": [to_document(p) for p in team.players],
            "captainId": team.players[0].id,
            "wicketKeeperId": team.players[6].id,
            "updatedBy": None,
            "updatedAt": None,
            "createdAt": NOW,
        }
        return doc | fields


# --- requests the REST client does not make ------------------------------------------------


def _origin() -> str:
    return FirestoreRest.as_admin(PROJECT).origin


def _documents_url() -> str:
    return f"{_origin()}/v1/projects/{PROJECT}/databases/{DATABASE}/documents"


def seed(docs: Mapping[str, Mapping[str, Any]]) -> None:
    """Write documents as the admin (`Bearer owner`, outside the rules), in one commit."""
    root = f"projects/{PROJECT}/databases/{DATABASE}/documents"
    writes = [
        {"update": {"name": f"{root}/{path}", "fields": to_fields(doc)}}
        for path, doc in docs.items()
    ]
    response = SESSION.post(
        f"{_documents_url()}:commit",
        json={"writes": writes},
        headers={"Authorization": "Bearer owner"},
        timeout=30,
    )
    response.raise_for_status()


def run_query(
    client: FirestoreRest,
    parent: str,
    collection: str,
    where: Mapping[str, Any] | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """A query as the SDKs send it: `collection` under `parent` ("" for the root), with
    equality filters and a limit; raises Refused when the rules refuse it."""
    query: dict[str, Any] = {"from": [{"collectionId": collection}], "limit": limit}
    filters = [
        {"fieldFilter": {"field": {"fieldPath": field}, "op": "EQUAL", "value": to_value(value)}}
        for field, value in (where or {}).items()
    ]
    if len(filters) == 1:
        query["where"] = filters[0]
    elif filters:
        query["where"] = {"compositeFilter": {"op": "AND", "filters": filters}}
    url = f"{_documents_url()}/{parent}:runQuery" if parent else f"{_documents_url()}:runQuery"
    response = SESSION.post(
        url, json={"structuredQuery": query}, headers=client.headers, timeout=30
    )
    if response.status_code == 403:
        raise Refused(response.text[:300])
    response.raise_for_status()
    return [r["document"] for r in response.json() if "document" in r]


def commit_as(
    client: FirestoreRest,
    path: str,
    fields: Mapping[str, Any],
    *,
    server_time: tuple[str, ...] = (),
    exists: bool | None = None,
    merge: bool = False,
) -> None:
    """One write as `client` with the SDKs' options the REST client lacks: fields set to the
    request time (serverTimestamp()), a precondition (exists), a merge (update mask); raises
    Refused when the rules refuse it."""
    root = f"projects/{PROJECT}/databases/{DATABASE}/documents"
    write: dict[str, Any] = {
        "update": {"name": f"{root}/{path}", "fields": to_fields(fields)},
        "updateTransforms": [
            {"fieldPath": f, "setToServerValue": "REQUEST_TIME"} for f in server_time
        ],
    }
    if merge:
        write["updateMask"] = {"fieldPaths": list(fields)}
    if exists is not None:
        write["currentDocument"] = {"exists": exists}
    response = SESSION.post(
        f"{_documents_url()}:commit", json={"writes": [write]}, headers=client.headers,
        timeout=30,
    )
    if response.status_code == 403:
        raise Refused(response.text[:300])
    response.raise_for_status()
