"""The matrix's scenarios of a match and what hangs under it: the match document, its log
(scoring_actions), its live documents, its feed (events) and its lineups.
"""

from __future__ import annotations

from datetime import timedelta

from scorebook.actions import action_id, parse_action
from scorebook.document import to_document
from scorebook_tools.scoring_app import (
    void_action,
    write_action,
)
from tests.rules.scenario import (
    client_of,
    feed_event,
    live_score_doc,
    make_dual,
    scenario,
    with_action,
    with_event,
    with_last_action,
)
from tests.rules.world import (
    Persona,
    World,
    run_query,
)

# matches/{matchId} -------------------------------------------------------------------------


@scenario("matches/{m}", "get")
def _get_match(world: World, persona: Persona) -> None:
    assert client_of(world, persona).get(f"matches/{world.match_id}") is not None


@scenario("matches", "list")
def _list_matches(world: World, persona: Persona) -> None:
    run_query(client_of(world, persona), "", "matches")


@scenario("matches/{new}", "create")
def _create_match(world: World, persona: Persona) -> None:
    doc = world.match_document(world.new_match_id, "scheduled")
    client_of(world, persona).create("matches", world.new_match_id, doc)


@scenario("matches/{m}", "update")
def _update_match(world: World, persona: Persona) -> None:
    client_of(world, persona).update(f"matches/{world.match_id}", {"status": "completed"})


@scenario("matches/{m}", "delete")
def _delete_match(world: World, persona: Persona) -> None:
    client_of(world, persona).delete(f"matches/{world.match_id}")


# matches/{matchId}/scoring_actions ------------------------------------------------------------


@scenario("matches/{m}/scoring_actions/{a}", "get")
def _get_action(world: World, persona: Persona) -> None:
    action_id = with_action(world)
    assert client_of(world, persona).get(f"matches/{world.match_id}/scoring_actions/{action_id}")


@scenario("matches/{m}/scoring_actions", "list")
def _list_actions(world: World, persona: Persona) -> None:
    with_action(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "scoring_actions")


@scenario("matches/{m}/scoring_actions/{new}", "create")
def _create_action(world: World, persona: Persona) -> None:
    write_action(client_of(world, persona), world.delivery(persona.me))


def event_as(world: World, persona: Persona, kind: str, **fields: object) -> object:
    """A valid non-delivery action at the first position of innings 3, signed by `persona`."""
    base = to_document(world.delivery(persona.me))
    base = {k: base[k] for k in ("matchId", "timestamp", "recordedBy")}
    return parse_action(base | {"id": action_id(3, 1), "inningsNumber": 3, "sequenceNumber": 1,
                                "kind": kind, **fields})


@scenario("matches/{m}/scoring_actions/{result}", "create")
def _create_result(world: World, persona: Persona) -> None:
    """The officials' statement of the result the functions derived (home won)."""
    world.given({f"matches/{world.match_id}": world.match_document()
                 | {"resultType": "win", "winnerId": world.home}})
    write_action(client_of(world, persona),
                 event_as(world, persona, "match_result", result="win", winnerId=world.home))


@scenario("matches/{m}/scoring_actions/{super_over}", "create")
def _create_super_over(world: World, persona: Persona) -> None:
    """The super over after a tie."""
    world.given({f"matches/{world.match_id}": world.match_document() | {"resultType": "tie"}})
    write_action(client_of(world, persona), event_as(
        world, persona, "innings_start", battingTeamId=world.away, bowlingTeamId=world.home,
        isSuperOver=True))


def _void(world: World, persona: Persona, action_id: str) -> None:
    void_action(client_of(world, persona), world.match_id, action_id, "misclick", uid=persona.me)


@scenario("matches/{m}/scoring_actions/{a}", "void")
def _void_action(world: World, persona: Persona) -> None:
    _void(world, persona, with_action(world))


@scenario("matches/{m}/scoring_actions/{last}", "void")
def _void_last_action(world: World, persona: Persona) -> None:
    """The action that completed the match, voided within the day (a wrong winning run)."""
    _void(world, persona, with_last_action(world))


@scenario("matches/{m}/scoring_actions/{old_last}", "void")
def _void_old_last_action(world: World, persona: Persona) -> None:
    """The action that completed the match, recorded two days ago: the result stands."""
    _void(world, persona, with_last_action(world, age=timedelta(days=2)))


@scenario("matches/{m}/scoring_actions/{not_last}", "void")
def _void_not_the_last_action(world: World, persona: Persona) -> None:
    """An action of the completed match before the last one, voided within the day."""
    _void(world, persona, with_last_action(world, last=False))


@scenario("matches/{m}/scoring_actions/{a}", "edit")
def _edit_action(world: World, persona: Persona) -> None:
    action_id = with_action(world)
    path = f"matches/{world.match_id}/scoring_actions/{action_id}"
    client_of(world, persona).update(path, {"runsOffBat": 4, "totalRuns": 4})


@scenario("matches/{m}/scoring_actions/{mine}", "retry")
def _retry_action(world: World, persona: Persona) -> None:
    """The persona's own ball written again exactly as stored: an SDK's setDoc() retried
    after its acknowledgement was lost (an update of the document the first write made)."""
    action = world.delivery(persona.me)
    path = f"matches/{world.match_id}/scoring_actions/{action.id}"
    world.given({path: to_document(action)})
    client_of(world, persona).set(path, to_document(action))


@scenario("matches/{m}/scoring_actions/{voided}", "unvoid")
def _unvoid_action(world: World, persona: Persona) -> None:
    action_id = with_action(world, voided=True)
    path = f"matches/{world.match_id}/scoring_actions/{action_id}"
    cleared = {"isVoided": False, "voidReason": None, "voidedBy": None, "voidedAt": None}
    client_of(world, persona).update(path, cleared)


@scenario("matches/{m}/scoring_actions/{a}", "delete")
def _delete_action(world: World, persona: Persona) -> None:
    action_id = with_action(world)
    client_of(world, persona).delete(f"matches/{world.match_id}/scoring_actions/{action_id}")


# matches/{matchId}/live/* ---------------------------------------------------------------------


@scenario("matches/{m}/live/score", "get")
def _get_live(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/score": live_score_doc(world)})
    assert client_of(world, persona).get(f"matches/{world.match_id}/live/score") is not None


@scenario("matches/{m}/live/score", "create")
def _create_live(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"matches/{world.match_id}/live", "score",
                                     live_score_doc(world))


@scenario("matches/{m}/live/score", "update")
def _update_live(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/score": live_score_doc(world)})
    client_of(world, persona).update(f"matches/{world.match_id}/live/score", {"version": 99})


@scenario("matches/{m}/live/score", "delete")
def _delete_live(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/score": live_score_doc(world)})
    client_of(world, persona).delete(f"matches/{world.match_id}/live/score")


@scenario("matches/{m}/live/now", "get")
def _get_live_now(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/now": live_score_doc(world)})
    assert client_of(world, persona).get(f"matches/{world.match_id}/live/now") is not None


@scenario("matches/{m}/live/now", "update")
def _update_live_now(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/now": live_score_doc(world)})
    client_of(world, persona).update(f"matches/{world.match_id}/live/now", {"version": 99})


@scenario("matches/{m}/live/innings{n}", "get")
def _get_live_card(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/innings1": {"inningsNumber": 1, "total": 0}})
    assert client_of(world, persona).get(f"matches/{world.match_id}/live/innings1") is not None


@scenario("matches/{m}/live/innings{n}", "create")
def _create_live_card(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"matches/{world.match_id}/live", "innings1",
                               {"inningsNumber": 1, "total": 0})


# matches/{matchId}/events/* -------------------------------------------------------------------


@scenario("matches/{m}/events/{e}", "get")
def _get_event(world: World, persona: Persona) -> None:
    path = with_event(world)
    assert client_of(world, persona).get(path) is not None


@scenario("matches/{m}/events", "list")
def _list_events(world: World, persona: Persona) -> None:
    with_event(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "events")


@scenario("matches/{m}/events/{e}", "create")
def _create_event(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"matches/{world.match_id}/events", "0000000002",
                               feed_event(world))


@scenario("matches/{m}/events/{e}", "update")
def _update_event(world: World, persona: Persona) -> None:
    path = with_event(world)
    client_of(world, persona).update(path, {"retracted": True})


@scenario("matches/{m}/events/{e}", "delete")
def _delete_event(world: World, persona: Persona) -> None:
    path = with_event(world)
    client_of(world, persona).delete(path)


# matches/{matchId}/lineups ----------------------------------------------------------------------


def _lineups(world: World) -> str:
    return f"matches/{world.match_id}/lineups"


def _with_entry(world: World, n: int = 1) -> str:
    doc = world.lineup_entry(world.home, n)
    world.given({f"{_lineups(world)}/{doc['id']}": doc})
    return doc["id"]


@scenario("matches/{m}/lineups/{home}_{p}", "get")
def _get_entry(world: World, persona: Persona) -> None:
    entry_id = _with_entry(world)
    assert client_of(world, persona).get(f"{_lineups(world)}/{entry_id}") is not None


@scenario("matches/{m}/lineups", "list")
def _list_lineups(world: World, persona: Persona) -> None:
    _with_entry(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "lineups")


@scenario("matches/{m}/lineups/{home}_{p}", "create")
def _create_entry(world: World, persona: Persona) -> None:
    doc = world.lineup_entry(world.home, 3, selectedBy=persona.me)
    world.create_lineup_entry(client_of(world, persona), doc)


@scenario("matches/{m}/lineups/{away}_{p}", "create")
def _create_away_entry(world: World, persona: Persona) -> None:
    doc = world.lineup_entry(world.away, 3, selectedBy=persona.me)
    world.create_lineup_entry(client_of(world, persona), doc)


@scenario("matches/{m}/lineups/{home}_{p}", "update")
def _update_entry(world: World, persona: Persona) -> None:
    entry_id = _with_entry(world)
    client_of(world, persona).update(f"{_lineups(world)}/{entry_id}", {"battingPosition": 4})


@scenario("matches/{m}/lineups/{home}_{p}", "keeper")
def _change_keeper(world: World, persona: Persona) -> None:
    """Who keeps wicket changes (Law 27), and nothing else of the entry."""
    entry_id = _with_entry(world)
    client_of(world, persona).update(f"{_lineups(world)}/{entry_id}", {"isWicketkeeper": True})


@scenario("matches/{m}/lineups/{home}_{p}", "replace")
def _replace(world: World, persona: Persona) -> None:
    """A listed player comes in for another of the XI (a concussion replacement), signed by
    the caller."""
    _with_entry(world, 3)
    doc = world.lineup_entry(world.home, 12, selectedBy=persona.me, role="playing_xi",
                             substitutedFor=world.player(world.home, 3),
                             substitutionReason="concussion")
    world.create_lineup_entry(client_of(world, persona), doc)


@scenario("matches/{dual}/lineups/{home}_{p}", "keeper")
def _change_keeper_dual(world: World, persona: Persona) -> None:
    make_dual(world)
    _change_keeper(world, persona)


@scenario("matches/{dual}/lineups/{home}_{p}", "replace")
def _replace_dual(world: World, persona: Persona) -> None:
    make_dual(world)
    _replace(world, persona)


@scenario("matches/{m}/lineups/{home}_{p}", "delete")
def _delete_entry(world: World, persona: Persona) -> None:
    entry_id = _with_entry(world)
    client_of(world, persona).delete(f"{_lineups(world)}/{entry_id}")
