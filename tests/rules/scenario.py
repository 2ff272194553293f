"""The scenarios of rules/access-matrix.csv: one per (path, operation) row, registered with
`@scenario` by the modules tests/rules/matrix.py imports (scenarios_*.py). A scenario sets the
world up for its request and makes it as the persona."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from scorebook.document import to_document
from scorebook_tools.rest import FirestoreRest
from tests.rules.world import NOW, PERSONAS, Persona, World

Scenario = Callable[[World, Persona], None]
SCENARIOS: dict[tuple[str, str], Scenario] = {}


def scenario(path: str, operation: str) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        SCENARIOS[(path, operation)] = fn
        return fn

    return register


def client_of(world: World, persona: Persona) -> FirestoreRest:
    return world.client(persona)


# --- what exists before a request, shared by the scenarios ------------------------------------

def with_action(world: World, voided: bool = False) -> str:
    action = world.delivery(PERSONAS["scorer"].me)
    doc = to_document(action)
    if voided:
        doc |= {"isVoided": True, "voidReason": "misclick", "voidedBy": "scorer", "voidedAt": NOW}
    world.given({f"matches/{world.match_id}/scoring_actions/{action.id}": doc})
    return action.id


def with_last_action(world: World, age: timedelta = timedelta(0), last: bool = True) -> str:
    """An action recorded `age` ago that live/now names as the last one standing (the one
    that completed the match, when the match is completed), or with `last` False names a
    later one."""
    action = world.delivery(PERSONAS["scorer"].me).model_copy(update={"timestamp": NOW - age})
    world.given({
        f"matches/{world.match_id}/scoring_actions/{action.id}": to_document(action),
        f"matches/{world.match_id}/live/now": {
            "matchId": world.match_id, "lastActionId": action.id if last else "1-0002",
            "version": 3},
    })
    return action.id


def live_score_doc(world: World) -> dict:
    return {"matchId": world.match_id, "status": "live", "version": 3}


def feed_event(world: World) -> dict:
    return {"seq": 1, "type": "BALL_BOWLED", "key": "BALL_BOWLED", "actionId": "1-0002",
            "order": "01-0002-00-00", "retracted": False}


def with_event(world: World) -> str:
    path = f"matches/{world.match_id}/events/0000000001"
    world.given({path: feed_event(world)})
    return path


def make_private(world: World) -> None:
    """The match made private, naming the home school's head coach in memberIds and listing
    the away captain's uid as one of the away team's players (who signs in as his player id);
    the home manager and the away captain are members of their teams (team_members)."""
    document = world.match_document()
    away = document["teams"][1]
    captain = PERSONAS["away_official"].me
    away["players"] = [*away["players"], {"id": captain, "name": "Away captain"}]
    away["playerIds"] = [*away["playerIds"], captain]
    world.given({f"matches/{world.match_id}": document | {
        "visibility": "private", "memberIds": [PERSONAS["school_coach"].me]}})


def make_dual(world: World) -> None:
    """The match made DUAL: its scorers submit their views, the functions write the log."""
    world.given({f"matches/{world.match_id}": world.match_document() | {"validation": "DUAL"}})
