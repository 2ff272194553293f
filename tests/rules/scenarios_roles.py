"""The matrix's scenarios of who holds which role: role assignments and their delegation to a
school's officials, teams, users, the functions' team_members, and a private match's
documents (its members only).
"""

from __future__ import annotations

from datetime import timedelta

from tests.rules.scenario import (
    client_of,
    live_score_doc,
    make_private,
    scenario,
    with_action,
    with_event,
)
from tests.rules.world import (
    NOW,
    Persona,
    World,
    assignment,
    commit_as,
    run_query,
)

# role assignments -------------------------------------------------------------------------------

ASSIGNMENTS = {
    # collection: (past scope, new scope, the role tried, short name of the past scope)
    "match_role_assignments": ("past_match_id", "new_match_id", "scorer_neutral", "m0"),
    "team_role_assignments": ("past_team", "new_team", "manager", "t0"),
    "school_role_assignments": ("past_school", "new_school", "director_of_cricket", "s0"),
}


def _assign_as(world: World, persona: Persona, collection: str, scope_id: str, *,
               person: str, role: str) -> None:
    """Create an assignment as `persona`, signed as the apps sign it (assignedBy the caller,
    assignedAt and createdAt the server's time)."""
    doc_id, doc = assignment(collection, scope_id, person, role, "now", by=persona.me)
    commit_as(client_of(world, persona), f"{collection}/{doc_id}", doc,
              server_time=("assignedAt", "createdAt"), exists=False)


def _revoke_as(world: World, persona: Persona, collection: str, scope_id: str, role: str,
               **more: object) -> None:
    """Revoke someone else's assignment in `scope_id` as `persona`."""
    doc_id, doc = assignment(collection, scope_id, "someone-else", role, "open", **more)
    world.given({f"{collection}/{doc_id}": doc})
    commit_as(client_of(world, persona), f"{collection}/{doc_id}", {"revokedBy": persona.me},
              server_time=("revokedAt",), merge=True)


def _assignment_scenarios(collection: str) -> None:
    past, new, role, short = ASSIGNMENTS[collection]

    def own(world: World, persona: Persona, uid: str | None = None) -> str:
        """An assignment of the persona (or of `uid`) in a past match/team/school."""
        doc_id, doc = assignment(collection, getattr(world, past), uid or persona.me, role,
                                 "past")
        world.given({f"{collection}/{doc_id}": doc})
        return doc_id

    @scenario(f"{collection}/{{{short}}}_{{me}}_{{role}}", "get")
    def _get_own(world: World, persona: Persona) -> None:
        doc_id = own(world, persona)
        assert client_of(world, persona).get(f"{collection}/{doc_id}") is not None

    @scenario(f"{collection}?personId={{me}}", "list")
    def _list_own(world: World, persona: Persona) -> None:
        own(world, persona)
        found = run_query(client_of(world, persona), "", collection, where={"personId": persona.me})
        assert found

    @scenario(f"{collection}/{{{short}}}_{{other}}_{{role}}", "get")
    def _get_other(world: World, persona: Persona) -> None:
        doc_id = own(world, persona, uid="someone-else")
        assert client_of(world, persona).get(f"{collection}/{doc_id}") is not None

    @scenario(collection, "list")
    def _list_all(world: World, persona: Persona) -> None:
        own(world, persona, uid="someone-else")
        run_query(client_of(world, persona), "", collection)

    @scenario(f"{collection}/{{new}}_{{me}}_{{role}}", "create")
    def _create(world: World, persona: Persona) -> None:
        _assign_as(world, persona, collection, getattr(world, new), person=persona.me, role=role)

    @scenario(f"{collection}/{{{short}}}_{{me}}_{{role}}", "update")
    def _update(world: World, persona: Persona) -> None:
        doc_id = own(world, persona)
        later = NOW + timedelta(days=365)
        client_of(world, persona).update(f"{collection}/{doc_id}", {"endDate": later})

    @scenario(f"{collection}/{{{short}}}_{{me}}_{{role}}", "delete")
    def _delete(world: World, persona: Persona) -> None:
        doc_id = own(world, persona)
        client_of(world, persona).delete(f"{collection}/{doc_id}")


for _collection in ASSIGNMENTS:
    _assignment_scenarios(_collection)


# delegation: a school's officials assign the roles of its teams and their matches ------------


@scenario("team_role_assignments/{home}_{new}_{role}", "create")
def _appoint_home_player(world: World, persona: Persona) -> None:
    _assign_as(world, persona, "team_role_assignments", world.home, person="new-player",
               role="player")


@scenario("team_role_assignments/{away}_{new}_{role}", "create")
def _appoint_away_player(world: World, persona: Persona) -> None:
    _assign_as(world, persona, "team_role_assignments", world.away, person="new-player",
               role="player")


@scenario("team_role_assignments/{home}_{other}_{role}", "revoke")
def _revoke_home_coach(world: World, persona: Persona) -> None:
    _revoke_as(world, persona, "team_role_assignments", world.home, "coach")


@scenario("match_role_assignments/{m}_{new}_{role}", "create")
def _appoint_scorer(world: World, persona: Persona) -> None:
    _assign_as(world, persona, "match_role_assignments", world.match_id, person="new-scorer",
               role="scorer_home")


@scenario("match_role_assignments/{m}_{new}_{away_scorer}", "create")
def _appoint_away_scorer(world: World, persona: Persona) -> None:
    _assign_as(world, persona, "match_role_assignments", world.match_id, person="new-scorer",
               role="scorer_away")


@scenario("match_role_assignments/{m}_{other}_{role}", "revoke")
def _revoke_umpire(world: World, persona: Persona) -> None:
    _revoke_as(world, persona, "match_role_assignments", world.match_id, "umpire_third")


@scenario("match_role_assignments/{m}_{revoked}_{role}", "unrevoke")
def _unrevoke(world: World, persona: Persona) -> None:
    doc_id, doc = assignment("match_role_assignments", world.match_id, "someone-else",
                             "scorer_home", revokedBy="admin", revokedAt=NOW)
    world.given({f"match_role_assignments/{doc_id}": doc})
    client_of(world, persona).update(f"match_role_assignments/{doc_id}",
                               {"revokedBy": None, "revokedAt": None})


@scenario("match_role_assignments/{m}_{other}_{role}", "delete")
def _delete_umpire(world: World, persona: Persona) -> None:
    doc_id, doc = assignment("match_role_assignments", world.match_id, "someone-else",
                             "umpire_reserve")
    world.given({f"match_role_assignments/{doc_id}": doc})
    client_of(world, persona).delete(f"match_role_assignments/{doc_id}")


# teams/{teamId} -----------------------------------------------------------------------------


@scenario("teams/{home}", "get")
def _get_team(world: World, persona: Persona) -> None:
    assert client_of(world, persona).get(f"teams/{world.home}") is not None


@scenario("teams/{new}", "create")
def _create_team(world: World, persona: Persona) -> None:
    client_of(world, persona).create("teams", world.new_team,
                               {"id": world.new_team, "name": "New", "schoolId": world.school})


@scenario("teams/{home}", "update")
def _move_team(world: World, persona: Persona) -> None:
    client_of(world, persona).update(f"teams/{world.home}", {"schoolId": world.new_school})


@scenario("teams/{home}", "delete")
def _delete_team(world: World, persona: Persona) -> None:
    client_of(world, persona).delete(f"teams/{world.home}")


# anything else ----------------------------------------------------------------------------------


@scenario("users/{me}", "get")
def _get_user(world: World, persona: Persona) -> None:
    world.given({f"users/{persona.me}": {"uid": persona.me}})
    client_of(world, persona).get(f"users/{persona.me}")


@scenario("users/{me}", "create")
def _create_user(world: World, persona: Persona) -> None:
    client_of(world, persona).create("users", persona.me, {"uid": persona.me})


# team_members/{teamId}: the functions' list of a team's members -----------------------------


@scenario("team_members/{home}", "get")
def _get_team_members(world: World, persona: Persona) -> None:
    assert client_of(world, persona).get(f"team_members/{world.home}") is not None


@scenario("team_members/{home}", "create")
def _create_team_members(world: World, persona: Persona) -> None:
    client_of(world, persona).create("team_members", world.new_team,
                               {"teamId": world.new_team, "members": {}, "problems": []})


# a private match (match.Match.visibility): its members only -------------------------------


@scenario("matches/{private}/live/score", "get")
def _get_private_live(world: World, persona: Persona) -> None:
    make_private(world)
    world.given({f"matches/{world.match_id}/live/score": live_score_doc(world)})
    assert client_of(world, persona).get(f"matches/{world.match_id}/live/score") is not None


@scenario("matches/{private}/live/now", "get")
def _get_private_live_now(world: World, persona: Persona) -> None:
    make_private(world)
    world.given({f"matches/{world.match_id}/live/now": live_score_doc(world)})
    assert client_of(world, persona).get(f"matches/{world.match_id}/live/now") is not None


@scenario("matches/{private}/events", "list")
def _list_private_events(world: World, persona: Persona) -> None:
    make_private(world)
    with_event(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "events")


@scenario("matches/{private}/scoring_actions", "list")
def _list_private_actions(world: World, persona: Persona) -> None:
    make_private(world)
    with_action(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "scoring_actions")


@scenario("matches/{private}/lineups", "list")
def _list_private_lineups(world: World, persona: Persona) -> None:
    make_private(world)
    run_query(client_of(world, persona), f"matches/{world.match_id}", "lineups")
