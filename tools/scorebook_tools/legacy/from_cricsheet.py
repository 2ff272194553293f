"""Legacy documents built from a real Cricsheet match (data from cricsheet.org, Open Data
Commons Attribution License), with the legacy faults, so that the migration can be tested
against a known true scorecard."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scorebook.actions import (
    Action,
    Retirement,
    ScoringAction,
)
from scorebook.cricsheet import load_match, slug
from scorebook.document import to_document
from scorebook.match import Match, Player, Team
from scorebook.views.scorecard import project
from scorebook_tools.legacy.balls import compare_totals, convert_ball_history, legacy_totals
from scorebook_tools.legacy.models import (
    LegacyBall,
    LegacyLiveScore,
    LegacyMatch,
    LegacyPerson,
    LegacyPreMatch,
    LegacyProblem,
    split_extras,
)
from scorebook_tools.legacy.roles import convert_lineups, match_roles, person_roles

#: How differently the legacy apps spelt the same extra.
_EXTRA_SPELLINGS = {
    "wide": ("wide", "Wide", "wd", "WIDE"),
    "noBall": ("noball", "No Ball", "nb", "no-ball"),
    "bye": ("bye", "Bye", "b"),
    "legBye": ("legbye", "leg bye", "lb", "Leg-Bye"),
    "penalty": ("penalty",),
}


_WICKET_SPELLINGS = {
    "run_out": ("run out", "Run Out", "run_out", "runOut"),
    "caught": ("caught", "Caught", "c"),
    "bowled": ("bowled", "Bowled"),
    "lbw": ("lbw", "LBW"),
    "stumped": ("stumped", "Stumped"),
    "hit_wicket": ("hit wicket", "hitWicket"),
    "retired_hurt": ("retired hurt", "Retired Hurt"),
    "retired_out": ("retired out", "retired_out"),
    "retired_not_out": ("retired not out",),
}


def _pick(options: tuple[str, ...], key: str) -> str:
    """A deterministic choice (a legacy dataset must be the same on every run)."""
    return options[int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(options)]


def legacy_ball(action: ScoringAction, retired: Retirement | None = None) -> dict[str, Any]:
    """A delivery as a legacy app stored it: no non-striker, extras typed loosely, a no-ball's
    byes merged into extraRuns, timestamps in epoch milliseconds."""
    e = action.extras
    kind = next((k for k in ("wide", "noBall", "bye", "legBye", "penalty")
                 if getattr(e, k)), None)
    key = action.id + action.matchId
    item: dict[str, Any] = {
        "runs": action.runsOffBat,
        "extraType": _pick(_EXTRA_SPELLINGS[kind], key) if kind else None,
        "extraRuns": _extra_runs(e.total, kind, key),
        "isWicket": action.isWicket or retired is not None,
        "wicketType": None,
        "strikerId": action.strikerId,
        "bowlerId": action.bowlerId,
        "fielderIds": [],
        "coordinates": None,
        "timestamp": int(action.timestamp.timestamp() * 1000),
        "innings": action.inningsNumber,
    }
    _add_wicket(item, action, retired, key)
    if action.runsOffBat:
        item["coordinates"] = _coordinates(key)
    return item


def _extra_runs(total: int, kind: str | None, key: str) -> int | str:
    """The extras' runs; on a ball with extras, as text for some balls: some apps stored
    numbers typed in as text."""
    if kind is not None and _pick(("int", "str"), key + "n") == "str":
        return str(total)
    return total


def _coordinates(key: str) -> dict[str, float]:
    """Where the shot went, made up from the ball's key (the same on every run)."""
    h = hashlib.sha1(key.encode()).digest()
    return {"x": round(h[0] / 255, 3), "y": round(h[1] / 255, 3)}


def _add_wicket(item: dict[str, Any], action: ScoringAction, retired: Retirement | None,
                key: str) -> None:
    """The ball's wicket, or the retirement on it, as a legacy app spelled it."""
    if action.wicket is not None:
        item["wicketType"] = _pick(_WICKET_SPELLINGS.get(action.wicket.type,
                                                         (action.wicket.type,)), key)
        item["fielderIds"] = list(action.wicket.fielderIds)
    elif retired is not None:
        item["wicketType"] = _pick(_WICKET_SPELLINGS[retired.type], key)


def legacy_from_cricsheet(
    path: str | Path, match_id: str | None = None
) -> dict[str, dict[str, Any]]:
    """Legacy documents (path -> document) for a real Cricsheet match: the match with its
    legacy ``teamSelection``/``umpires``/``scorer``, ``live/score`` with the ``ballHistory``
    and the totals the app showed, the pre-match procedure, and the people with their roles.
    """
    match, actions = load_match(path, match_id=match_id)
    mid = match.id
    live = _legacy_live_score(match, actions)
    info = json.loads(Path(path).read_text(encoding="utf-8"))["info"]
    registry = info.get("registry", {}).get("people", {})
    umpires = [registry.get(n) or slug(n) for n in info.get("officials", {}).get("umpires", [])]
    scorer = f"scorer-{mid}"
    selection = _legacy_team_selection(match)
    people = _legacy_people(match, umpires, scorer)
    match_doc = to_document(match, json=True) | {
        "teamSelection": selection,
        "umpires": umpires,
        "scorer": scorer,
    }
    return {
        f"matches/{mid}": match_doc,
        f"matches/{mid}/live/score": live,
        f"matches/{mid}/pre_match/procedure": {"teamSelection": selection},
        **people,
    }


def _legacy_live_score(match: Match, actions: list[Action]) -> dict[str, Any]:
    """The ballHistory (a retirement rides on the delivery before it) and the totals."""
    retirements = _retirements_after_deliveries(actions)
    history = [legacy_ball(d, retirements.get(d.id)) for d in actions if d.kind == "delivery"]
    return {"ballHistory": history, **legacy_totals(project(match, actions))}


def _retirements_after_deliveries(actions: list[Action]) -> dict[str, Action]:
    """A delivery's id -> the retirement that follows it."""
    return {prev.id: nxt for prev, nxt in zip(actions, actions[1:], strict=False)
            if nxt.kind == "retirement" and prev.kind == "delivery"}


def _playing(team: Team) -> list[Player]:
    return [p for p in team.players if not p.isSubstitute]


def _legacy_team_selection(match: Match) -> dict[str, dict[str, Any]]:
    return {
        team.id: {
            "playerIds": [p.id for p in _playing(team)],
            "captainId": None,
            "wicketKeeperId": next((p.id for p in _playing(team) if p.isWicketkeeper), None),
        }
        for team in match.teams
    }


def _legacy_people(match: Match, umpires: list[str], scorer: str) -> dict[str, dict[str, Any]]:
    """The person documents, with roles spread over fields as the legacy apps kept them."""
    people: dict[str, dict[str, Any]] = {}
    for team in match.teams:
        for p in _playing(team):
            people[f"persons/{p.id}"] = {"name": p.name, "role": "player", "teamIds": [team.id]}
        manager = f"manager-{team.id}"
        people[f"persons/{manager}"] = {
            "name": f"{team.name} manager", "role": "team_manager", "teamIds": team.id,
            "assignedSchools": [{"schoolId": f"school-{team.id}", "role": "coach"}],
            "createdAt": "2020-01-01T00:00:00Z",
        }
    for uid in umpires:
        people[f"persons/{uid}"] = {"name": uid, "role": "umpire", "assignedSchools": []}
    people[f"persons/{scorer}"] = {"name": "Scorer", "role": "scorer",
                                   "assignedSchools": [f"school-{match.teams[0].id}"]}
    return people


def legacy_dataset(paths: Iterable[str | Path], prefix: str = "") -> dict[str, dict[str, Any]]:
    """``legacy_from_cricsheet`` of several matches as one dataset (match id: ``prefix`` +
    the file's stem). A person who played in several of them is one document, in every one
    of their teams, as a legacy app kept them."""
    dataset: dict[str, dict[str, Any]] = {}
    for path in paths:
        docs = legacy_from_cricsheet(path, match_id=f"{prefix}{Path(path).stem}")
        for doc_path, doc in docs.items():
            known = dataset.get(doc_path)
            dataset[doc_path] = doc if known is None else _same_person(known, doc)
    return dataset


def _same_person(known: dict[str, Any], again: dict[str, Any]) -> dict[str, Any]:
    merged = dict(known)
    for key in ("teamIds", "assignedSchools"):
        items = _listed(known.get(key)) + [v for v in _listed(again.get(key))
                                           if v not in _listed(known.get(key))]
        if items != _listed(known.get(key)):
            merged[key] = items
    return merged


def _listed(value: Any) -> list[Any]:
    """A legacy field of one item or a list of them, as a list."""
    return value if isinstance(value, list) else [value] if value else []


def legacy_match_ids(documents: Iterable[str]) -> list[str]:
    return sorted({p.split("/")[1] for p in documents if p.startswith("matches/")})


__all__ = [
    "LegacyBall",
    "LegacyLiveScore",
    "LegacyMatch",
    "LegacyPerson",
    "LegacyPreMatch",
    "LegacyProblem",
    "compare_totals",
    "convert_ball_history",
    "convert_lineups",
    "legacy_dataset",
    "legacy_from_cricsheet",
    "legacy_totals",
    "match_roles",
    "person_roles",
    "split_extras",
]
