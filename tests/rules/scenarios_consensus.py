"""The matrix's scenarios of consensus (a DUAL match): submissions, disputes, resolutions and
the ledger.
"""

from __future__ import annotations

from datetime import timedelta

from scorebook.actions import action_id
from scorebook.document import to_document
from scorebook_tools.scoring_app import (
    resolve_dispute,
    submit_action,
    submit_void,
    void_action,
    write_action,
)
from tests.rules.scenario import (
    client_of,
    make_dual,
    make_private,
    scenario,
    with_action,
    with_last_action,
)
from tests.rules.world import (
    NOW,
    PERSONAS,
    Persona,
    World,
    run_query,
)

# consensus (match.Match.validation DUAL): submissions, disputes, resolutions; the ledger ----


def _submissions(world: World) -> str:
    return f"matches/{world.match_id}/submissions"


def _with_submission(world: World) -> str:
    """The home scorer's view of the first ball, already submitted."""
    action = world.delivery(PERSONAS["scorer"].me)
    path = f"{_submissions(world)}/{action.id}_{PERSONAS['scorer'].me}"
    world.given({path: {"matchId": world.match_id, "position": action.id,
                        "scorerId": PERSONAS["scorer"].me, "role": "scorer_home",
                        "action": to_document(action),
                        "createdAt": NOW}})
    return path


def _with_dispute(world: World) -> str:
    path = f"matches/{world.match_id}/disputes/{action_id(1, 1)}"
    world.given({path: {"matchId": world.match_id, "position": action_id(1, 1),
                        "status": "open", "differences": [], "scorerIds": []}})
    return path


@scenario("matches/{dual}/scoring_actions/{new}", "create")
def _create_dual_action(world: World, persona: Persona) -> None:
    make_dual(world)
    write_action(client_of(world, persona), world.delivery(persona.me))


@scenario("matches/{dual}/scoring_actions/{a}", "void")
def _void_dual_action(world: World, persona: Persona) -> None:
    make_dual(world)
    action = with_action(world)
    void_action(client_of(world, persona), world.match_id, action, "misclick", uid=persona.me)


@scenario("matches/{dual}/submissions/{p}_{me}", "create")
def _submit(world: World, persona: Persona) -> None:
    make_dual(world)
    submit_action(client_of(world, persona), world.delivery(persona.me), uid=persona.me,
                  role="scorer_home")


@scenario("matches/{m}/submissions/{p}_{me}", "create")
def _submit_single(world: World, persona: Persona) -> None:
    submit_action(client_of(world, persona), world.delivery(persona.me), uid=persona.me,
                  role="scorer_home")


@scenario("matches/{dual}/submissions/{p}_{scorer}", "create")
def _submit_for_the_scorer(world: World, persona: Persona) -> None:
    """The persona files a view under the home scorer's name (and signed as them)."""
    make_dual(world)
    scorer = PERSONAS["scorer"].me
    submit_action(client_of(world, persona), world.delivery(scorer), uid=scorer, role="scorer_home")


@scenario("matches/{dual}/submissions/{p}_{away_scorer}", "create")
def _submit_for_the_away_scorer(world: World, persona: Persona) -> None:
    """The persona files a view signed as the away scorer (who is not them)."""
    make_dual(world)
    away = PERSONAS["expired_scorer"].me
    if persona.me == away:
        away = "away-scorer-uid"
    submit_action(client_of(world, persona), world.delivery(away), uid=away, role="scorer_away")


def _ask_to_void(world: World, persona: Persona, action_id: str) -> None:
    """The persona, as the home scorer of the DUAL match, asks to void `action_id`."""
    make_dual(world)
    submit_void(client_of(world, persona), world.match_id, action_id, "misclick",
                uid=persona.me, role="scorer_home")


@scenario("matches/{dual}/submissions/{a}-void_{me}", "create")
def _submit_void(world: World, persona: Persona) -> None:
    _ask_to_void(world, persona, with_action(world))


@scenario("matches/{dual}/submissions/{last}-void_{me}", "create")
def _submit_void_of_the_last(world: World, persona: Persona) -> None:
    """The ask to void the action that completed the match, within the day."""
    _ask_to_void(world, persona, with_last_action(world))


@scenario("matches/{dual}/submissions/{old_last}-void_{me}", "create")
def _submit_void_of_an_old_last(world: World, persona: Persona) -> None:
    """The ask to void the action that completed the match two days ago."""
    _ask_to_void(world, persona, with_last_action(world, age=timedelta(days=2)))


@scenario("matches/{dual}/submissions/{not_last}-void_{me}", "create")
def _submit_void_not_of_the_last(world: World, persona: Persona) -> None:
    """The ask to void an action of the completed match before the last one."""
    _ask_to_void(world, persona, with_last_action(world, last=False))


@scenario("matches/{dual}/submissions/{p}_{scorer}", "get")
def _get_submission(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_submission(world)
    assert client_of(world, persona).get(path) is not None


@scenario("matches/{dual}/submissions/{decided}_{scorer}", "get")
def _get_decided_submission(world: World, persona: Persona) -> None:
    """The view of a ball in the log: part of the match's audit trail."""
    make_dual(world)
    with_action(world)
    path = _with_submission(world)
    assert client_of(world, persona).get(path) is not None


@scenario("matches/{dual}/submissions?scorerId={me}", "list")
def _list_own_submissions(world: World, persona: Persona) -> None:
    make_dual(world)
    _with_submission(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "submissions",
              where={"scorerId": persona.me})


@scenario("matches/{dual}/submissions", "list")
def _list_submissions(world: World, persona: Persona) -> None:
    make_dual(world)
    _with_submission(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "submissions")


@scenario("matches/{dual}/submissions/{p}_{scorer}", "update")
def _edit_submission(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_submission(world)
    four = to_document(world.delivery(PERSONAS["scorer"].me, runsOffBat=4, totalRuns=4))
    client_of(world, persona).update(path, {"action": four})


@scenario("matches/{dual}/submissions/{p}_{scorer}", "delete")
def _delete_submission(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_submission(world)
    client_of(world, persona).delete(path)


@scenario("matches/{dual}/disputes/{p}", "get")
def _get_dispute(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_dispute(world)
    assert client_of(world, persona).get(path) is not None


@scenario("matches/{dual}/disputes/{p}", "update")
def _close_dispute(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_dispute(world)
    client_of(world, persona).update(path, {"status": "resolved"})


@scenario("matches/{dual}/resolutions/{p}", "create")
def _resolve(world: World, persona: Persona) -> None:
    make_dual(world)
    _with_dispute(world)
    resolve_dispute(client_of(world, persona), world.match_id, action_id(1, 1), "UMPIRE_OVERRIDE",
                    uid=persona.me, action=world.delivery(persona.me))


def _with_resolution(world: World) -> str:
    _with_dispute(world)
    path = f"matches/{world.match_id}/resolutions/{action_id(1, 1)}"
    world.given({path: {"matchId": world.match_id, "position": action_id(1, 1),
                        "method": "ABANDON_BALL", "resolvedBy": PERSONAS["umpire"].me,
                        "action": None, "note": None, "createdAt": NOW}})
    return path


@scenario("matches/{dual}/resolutions/{p}", "get")
def _get_resolution(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_resolution(world)
    assert client_of(world, persona).get(path) is not None


@scenario("matches/{dual}/resolutions/{p}", "update")
def _edit_resolution(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_resolution(world)
    client_of(world, persona).update(path, {"method": "VIDEO_REVIEW"})


@scenario("matches/{dual}/resolutions/{p}", "delete")
def _delete_resolution(world: World, persona: Persona) -> None:
    make_dual(world)
    path = _with_resolution(world)
    client_of(world, persona).delete(path)


def _with_ledger_entry(world: World) -> str:
    path = f"matches/{world.match_id}/ledger/0000000001"
    world.given({path: {"n": 1, "change": "append", "actionId": action_id(1, 1),
                        "digest": "0" * 64, "prev": "0" * 64, "hash": "1" * 64}})
    return path


@scenario("matches/{m}/ledger/{n}", "get")
def _get_ledger_entry(world: World, persona: Persona) -> None:
    path = _with_ledger_entry(world)
    assert client_of(world, persona).get(path) is not None


@scenario("matches/{m}/ledger/{n}", "create")
def _create_ledger_entry(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"matches/{world.match_id}/ledger", "0000000002",
                               {"n": 2, "change": "append", "actionId": action_id(1, 2)})


@scenario("matches/{m}/ledger/{n}", "update")
def _edit_ledger_entry(world: World, persona: Persona) -> None:
    path = _with_ledger_entry(world)
    client_of(world, persona).update(path, {"hash": "2" * 64})


@scenario("matches/{private}/ledger", "list")
def _list_private_ledger(world: World, persona: Persona) -> None:
    make_private(world)
    _with_ledger_entry(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "ledger")
