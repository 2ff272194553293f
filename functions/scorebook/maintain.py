"""Keeping `live/score` equal to the projection of the log, independent of Firestore.

The adapters read documents as plain dicts and hand them here; this module decides what
`matches/{matchId}/live/score` must become. It never crashes on a document it cannot
parse: such a document is left out of the projection and listed in `integrity` with the
reason, so a bad write by an old client or an admin cannot take the scoreboard down.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from scorebook.models import ActionParseError, Match, parse_action, to_document
from scorebook.project import project

# Fields of live/score that describe the write itself rather than the cricket: they are
# excluded when deciding whether the projection changed.
BOOKKEEPING_FIELDS = frozenset({"version"})


def problem(code: str, message: str, action_id: str | None = None) -> dict[str, str | None]:
    """An entry of live/score's `integrity` list (the IntegrityProblem schema)."""
    return {"code": code, "message": message, "actionId": action_id}


def describe_error(error: Exception) -> str:
    """One line naming each bad field and why, e.g. `runsOffBat: Input should be ...`."""
    if isinstance(error, ActionParseError):
        return "; ".join(error.problems)
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(document)'}: {e['msg']}"
            for e in error.errors()
        )
    return f"{type(error).__name__}: {error}"


def parse_log(
    match_id: str, action_docs: Iterable[tuple[str, Mapping[str, Any]]]
) -> tuple[list, list[dict[str, str | None]]]:
    """Parse the documents of `scoring_actions`; return (actions, integrity problems)."""
    actions = []
    problems: list[dict[str, str | None]] = []
    for doc_id, data in action_docs:
        data = {"id": doc_id, "matchId": match_id, **data}
        if data["id"] != doc_id:
            problems.append(
                problem(
                    "id_mismatch", f"field id {data['id']!r} differs from the document id", doc_id
                )
            )
            continue
        try:
            actions.append(parse_action(data))
        except ValueError as error:  # ActionParseError names each bad field and why
            problems.append(problem("unparseable", describe_error(error), doc_id))
    return actions, problems


def next_live_score(
    match_id: str,
    match_doc: Mapping[str, Any] | None,
    action_docs: Iterable[tuple[str, Mapping[str, Any]]],
    previous: Mapping[str, Any] | None,
) -> dict[str, Any] | None:
    """The document live/score must hold now, or None when it already holds it.

    `version` grows by one with every change, so a reader (or a later, incremental writer)
    can tell a newer projection from an older one.
    """
    previous = dict(previous or {})
    if match_doc is None:
        document: dict[str, Any] = {
            "matchId": match_id,
            "integrity": [problem("no_match", f"matches/{match_id} does not exist")],
        }
    else:
        try:
            match = Match.model_validate({"id": match_id, **match_doc})
        except ValidationError as error:
            document = {
                "matchId": match_id,
                "integrity": [problem("unparseable_match", describe_error(error))],
            }
        else:
            actions, problems = parse_log(match_id, action_docs)
            document = to_document(project(match, actions))
            document["integrity"] = problems
    if _content(document) == _content(previous):
        return None
    document["version"] = int(previous.get("version") or 0) + 1
    return document


def _content(document: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS}
