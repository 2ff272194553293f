"""Firestore side of `validateAction`: read what the rules would read, then ask the use case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from scorebook.document import as_timestamp
from scorebook.firestore.paths import (
    match_path,
    match_role_path,
    scoring_action_path,
    team_members_path,
)
from scorebook.roles import FOLLOWING_ROLES, SCORER_ROLES, assignment_id, follows
from scorebook.service.validate import (
    Caller,
    Context,
    Followed,
    Problem,
    Taken,
    answer,
    validate_action,
)


def check_draft(
    db: firestore.Client, data: Any, uid: str, token: Mapping[str, Any]
) -> dict[str, Any]:
    """`{ok, problems}` for the draft in a callable request: `{"action": {...}}`, and
    optionally `"matchId"` (else the action's own). Reads the match, the document at the
    action's place in the log (and those it corrects and follows), and the caller's scorer
    and follower assignments at the ids the rules read: at most 10 documents, in one batch
    (and, for a private match the caller is not listed in, its teams' team_members)."""
    action, match_id = _request(data)
    if action is None or match_id is None:
        return answer([Problem(field="matchId" if isinstance(action, Mapping) else None,
                               code="invalid_value",
                               message="send {action: {...}} with the action's matchId")])
    paths = _paths(action, match_id, uid)
    found = _get_all(db, paths)
    if not _may_see(db, found, match_id, uid, token):
        # nothing about a match the rules would not let the caller read: not even which
        # places of its log are taken
        return answer([Problem(field="matchId", code="no_match", message=(
            f"match {match_id!r} is private: only its members may check actions against it"))])
    return answer(validate_action(action, _context(action, match_id, uid, token, found=found,
                                                   paths=paths)))


def _context(action: Mapping[str, Any], match_id: str, uid: str, token: Mapping[str, Any], *,
             found: dict[str, dict[str, Any]], paths: dict[str, str]) -> Context:
    """What the rules know beside the draft, from the documents read at `paths`."""
    return Context(
        now=datetime.now(UTC),
        match_id=match_id,
        match=found.get("match"),
        caller=Caller(uid=uid, is_admin=token.get("admin") is True,
                      match_roles=_roles(found, match_id, uid, SCORER_ROLES)),
        taken=_taken(found.get("taken"), action) if "taken" in paths else "free",
        corrected_exists=("corrected" in found) if "corrected" in paths else None,
        followed=_followed(found, action) if "followed" in paths else None,
    )


def _roles(found: dict[str, dict[str, Any]], match_id: str, uid: str, roles: Iterable[str],
           ) -> dict[str, dict[str, Any]]:
    """The caller's assignments of `roles` read, by their ids."""
    return {assignment_id(match_id, uid, role): found[role] for role in roles if role in found}


def _request(data: Any) -> tuple[Mapping[str, Any] | None, str | None]:
    """The draft action and the match it is for, when the request names both well."""
    if not isinstance(data, Mapping) or not isinstance(data.get("action"), Mapping):
        return None, None
    action = data["action"]
    return action, _named_match(data, action)


def _named_match(data: Mapping[str, Any], action: Mapping[str, Any]) -> str | None:
    """The match the request names, else the action's; None when that is no document id."""
    match_id = data.get("matchId")
    if not isinstance(match_id, str):
        match_id = action.get("matchId")
    if not isinstance(match_id, str) or not 0 < len(match_id) <= 128 or "/" in match_id:
        return None
    return match_id


def _paths(action: Mapping[str, Any], match_id: str, uid: str) -> dict[str, str]:
    """The documents the rules read for this draft: the match, the place in the log it
    takes and the action it corrects, the caller's roles in the match."""
    paths = {"match": match_path(match_id), **_log_paths(action, match_id)}
    for role in FOLLOWING_ROLES:
        paths[role] = match_role_path(match_id, uid, role)
    return paths


def _log_paths(action: Mapping[str, Any], match_id: str) -> dict[str, str]:
    """The places of the log the draft names: its own, the action it corrects, the one it
    follows (each when it is a document id)."""
    named = {"taken": action.get("id"), "corrected": action.get("corrects")}
    follows = action.get("follows")
    if isinstance(follows, Mapping):
        named["followed"] = follows.get("id")
    return {name: scoring_action_path(match_id, doc_id) for name, doc_id in named.items()
            if _is_id(doc_id)}


def _may_see(db: firestore.Client, found: dict[str, dict[str, Any]], match_id: str, uid: str,
             token: Mapping[str, Any]) -> bool:
    """The rules' isFollower for the caller; the teams' team_members documents are read only
    for a private match the caller's own documents do not open."""
    match = found.get("match")
    if match is None:
        return True  # the answer says there is no such match, which anyone may read
    now = datetime.now(UTC)
    roles = _roles(found, match_id, uid, FOLLOWING_ROLES)
    ask = {"is_admin": token.get("admin") is True, "assignments": roles, "now": now}
    if follows(match, match_id, uid, team_members={}, **ask):
        return True
    paths = _team_members_paths(match)
    return bool(paths) and follows(match, match_id, uid, team_members=_get_all(db, paths), **ask)


def _team_members_paths(match: Mapping[str, Any]) -> dict[str, str]:
    teams = [t.get("id") for t in match.get("teams") or [] if isinstance(t, Mapping)]
    return {str(t): team_members_path(t) for t in teams if _is_id(t)}


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 128 and "/" not in value and (
        value not in (".", ".."))


def _get_all(db: firestore.Client, paths: dict[str, str]) -> dict[str, dict[str, Any]]:
    by_path = {path: name for name, path in paths.items()}
    refs = [db.document(path) for path in paths.values()]
    return {by_path[snap.reference.path]: snap.to_dict() or {}
            for snap in db.get_all(refs) if snap.exists}


def _followed(found: Mapping[str, Mapping[str, Any]], action: Mapping[str, Any]) -> Followed:
    """What the log holds where the draft's `follows` points, as the rules compare it: the
    stored action's key against the one named."""
    if "followed" not in found:
        return "absent"
    same = found["followed"].get("key") == action["follows"].get("key")
    return "same" if same else "other"


def _taken(stored: Mapping[str, Any] | None, action: Mapping[str, Any]) -> Taken:
    """Whether the position is free, holds this very draft (a retry), or another action.
    A JSON draft carries timestamps as text: compared as the use case reads them."""
    if stored is None:
        return "free"
    return "identical" if _same(stored, action) else "different"


def _same(stored: Any, draft: Any) -> bool:
    if isinstance(stored, Mapping) and isinstance(draft, Mapping):
        return _same_map(stored, draft)
    if isinstance(stored, list) and isinstance(draft, list):
        return _same_list(stored, draft)
    return _same_value(stored, draft)


def _same_map(stored: Mapping[str, Any], draft: Mapping[str, Any]) -> bool:
    return stored.keys() == draft.keys() and all(_same(stored[k], draft[k]) for k in stored)


def _same_list(stored: list[Any], draft: list[Any]) -> bool:
    return len(stored) == len(draft) and all(map(_same, stored, draft))


def _same_value(stored: Any, draft: Any) -> bool:
    if isinstance(stored, datetime):
        return as_timestamp(draft) == stored
    if isinstance(stored, bool) or isinstance(draft, bool):
        return stored is draft
    return stored == draft and (type(stored) is type(draft) or isinstance(stored, int | float))
