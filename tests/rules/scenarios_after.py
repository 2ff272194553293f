"""The matrix's scenarios after the match (competitions, tables and statistics, summaries and
archives) and of followers, notifications and devices.
"""

from __future__ import annotations

from tests.rules.scenario import (
    client_of,
    make_private,
    scenario,
)
from tests.rules.world import (
    Persona,
    World,
    run_query,
)

# after the match: competitions, tables and statistics, summaries and archives -------------

def competition_document(competition_id: str) -> dict:
    """A valid competitions/{id} document (scorebook.season.Competition)."""
    return {"id": competition_id, "name": "League", "season": "2026", "format": "T20",
            "ballsPerOver": 6, "scheduledOvers": 20, "tableMatches": [],
            "points": {"win": 2, "tie": 1, "noResult": 1, "draw": 0, "loss": 0},
            "superOverTie": "win_loss", "bonus": None, "order": ["points", "netRunRate"]}


def _competition(world: World) -> str:
    competition_id = f"league-{world.match_id}"
    world.given({f"competitions/{competition_id}": competition_document(competition_id)})
    return competition_id


@scenario("competitions/{c}", "get")
def _get_competition(world: World, persona: Persona) -> None:
    path = f"competitions/{_competition(world)}"
    assert client_of(world, persona).get(path) is not None


@scenario("competitions", "list")
def _list_competitions(world: World, persona: Persona) -> None:
    _competition(world)
    run_query(client_of(world, persona), "", "competitions")


@scenario("competitions/{new}", "create")
def _create_competition(world: World, persona: Persona) -> None:
    competition_id = f"new-{world.match_id}"
    client_of(world, persona).create("competitions", competition_id,
                               competition_document(competition_id))


@scenario("competitions/{c}", "update")
def _update_competition(world: World, persona: Persona) -> None:
    competition_id = _competition(world)
    client_of(world, persona).update(f"competitions/{competition_id}", {"points": {"win": 4}})


@scenario("competitions/{c}", "delete")
def _delete_competition(world: World, persona: Persona) -> None:
    path = f"competitions/{_competition(world)}"
    client_of(world, persona).delete(path)


#: (collection, a document as the functions write it) of the public statistics
STATISTICS = {
    "competition_tables": {"competitionId": "league", "rows": []},
    "team_season_stats": {"teamId": "home", "competitionId": "league", "points": 2},
    "player_season_stats": {"personId": "p1", "teamId": "home", "competitionId": "league"},
    "player_h2h_stats": {"batsmanId": "p1", "bowlerId": "p2", "competitionId": "league"},
    "player_career_stats": {"personId": "p1", "format": "T20"},
}


def _statistic(world: World, collection: str) -> str:
    path = f"{collection}/league_{world.match_id}"
    world.given({path: STATISTICS[collection]})
    return path


def _statistics_scenarios() -> None:
    for collection, operation in (("competition_tables", "get"),
                                  ("competition_tables", "create"),
                                  ("team_season_stats", "get"), ("team_season_stats", "update"),
                                  ("player_season_stats", "list"),
                                  ("player_season_stats", "create"),
                                  ("player_h2h_stats", "get"), ("player_h2h_stats", "update"),
                                  ("player_career_stats", "get"),
                                  ("player_career_stats", "create")):
        placeholder = "{c}" if collection == "competition_tables" else "{x}"
        path = collection if operation == "list" else f"{collection}/{placeholder}"

        def play(world: World, persona: Persona, collection: str = collection,
                 operation: str = operation) -> None:
            if operation == "create":
                client_of(world, persona).create(collection, f"new_{world.match_id}",
                                           STATISTICS[collection])
                return
            existing = _statistic(world, collection)
            me = client_of(world, persona)
            if operation == "get":
                assert me.get(existing) is not None
            elif operation == "list":
                run_query(me, "", collection)
            else:
                me.update(existing, {"points": 99})

        scenario(path, operation)(play)


_statistics_scenarios()


def _with_summary(world: World) -> str:
    path = f"match_summaries/{world.match_id}"
    world.given({path: {"matchId": world.match_id, "result": None, "pages": ["01-00"]},
                 f"{path}/balls/01-00": {"matchId": world.match_id, "deliveries": []}})
    return path


@scenario("match_summaries/{m}", "get")
def _get_summary(world: World, persona: Persona) -> None:
    path = _with_summary(world)
    assert client_of(world, persona).get(path) is not None


@scenario("match_summaries/{m}", "update")
def _update_summary(world: World, persona: Persona) -> None:
    path = _with_summary(world)
    client_of(world, persona).update(path, {"result": {"type": "win"}})


@scenario("match_summaries/{m}/balls/{page}", "get")
def _get_archive_page(world: World, persona: Persona) -> None:
    path = f"{_with_summary(world)}/balls/01-00"
    assert client_of(world, persona).get(path) is not None


@scenario("match_summaries/{m}/balls/{page}", "create")
def _create_archive_page(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"match_summaries/{world.match_id}/balls", "09-00",
                               {"matchId": world.match_id, "deliveries": []})


@scenario("match_summaries/{private}", "get")
def _get_private_summary(world: World, persona: Persona) -> None:
    make_private(world)
    path = _with_summary(world)
    assert client_of(world, persona).get(path) is not None


@scenario("match_summaries/{private}/balls", "list")
def _list_private_archive(world: World, persona: Persona) -> None:
    make_private(world)
    path = _with_summary(world)
    run_query(client_of(world, persona), path, "balls")


def _with_contribution(world: World) -> str:
    path = f"season_contributions/{world.match_id}"
    world.given({path: {"key": {"status": "completed"}, "logVersion": 1, "targets": {}}})
    return path


def _with_ingestion(world: World) -> str:
    path = f"ingestion/{world.match_id}"
    world.given({path: {"matchId": world.match_id, "status": "live", "version": 1}})
    return path


@scenario("ingestion/{m}", "get")
def _get_ingestion(world: World, persona: Persona) -> None:
    path = _with_ingestion(world)
    assert client_of(world, persona).get(path) is not None


@scenario("ingestion/{m}", "create")
def _create_ingestion(world: World, persona: Persona) -> None:
    client_of(world, persona).create("ingestion", world.match_id,
                               {"matchId": world.match_id, "status": "live", "version": 0})


@scenario("provider_mappings/{x}", "get")
def _get_mapping(world: World, persona: Persona) -> None:
    world.given({"provider_mappings/feed": {"players": {"fp-1": "p1"}, "teams": {}}})
    assert client_of(world, persona).get("provider_mappings/feed") is not None


@scenario("provider_mappings/{x}", "create")
def _create_mapping(world: World, persona: Persona) -> None:
    client_of(world, persona).create("provider_mappings", "feed", {"players": {}, "teams": {}})


@scenario("season_contributions/{m}", "get")
def _get_contribution(world: World, persona: Persona) -> None:
    path = _with_contribution(world)
    assert client_of(world, persona).get(path) is not None


@scenario("season_contributions/{m}", "create")
def _create_contribution(world: World, persona: Persona) -> None:
    client_of(world, persona).create("season_contributions", world.match_id,
                               {"key": {}, "logVersion": 1, "targets": {}})


# followers of a match, and a person's notifications and devices (scorebook.notify) ----------


def _follow(world: World, persona: Persona, uid: str) -> None:
    client_of(world, persona).set(f"matches/{world.match_id}/followers/{uid}",
                            {"kinds": ["wicket", "result"]})


@scenario("matches/{m}/followers/{me}", "get")
def _get_following(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/followers/{persona.me}": {"kinds": []}})
    assert client_of(world, persona).get(f"matches/{world.match_id}/followers/{persona.me}")


@scenario("matches/{m}/followers/{me}", "create")
def _create_following(world: World, persona: Persona) -> None:
    _follow(world, persona, persona.me)


@scenario("matches/{m}/followers/{me}", "delete")
def _delete_following(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/followers/{persona.me}": {"kinds": []}})
    client_of(world, persona).delete(f"matches/{world.match_id}/followers/{persona.me}")


@scenario("matches/{m}/followers/{other}", "get")
def _get_anothers_following(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/followers/someone-else": {"kinds": []}})
    assert client_of(world, persona).get(f"matches/{world.match_id}/followers/someone-else")


@scenario("matches/{m}/followers/{other}", "create")
def _follow_for_another(world: World, persona: Persona) -> None:
    _follow(world, persona, "someone-else")


@scenario("matches/{private}/followers/{me}", "create")
def _follow_a_private_match(world: World, persona: Persona) -> None:
    make_private(world)
    _follow(world, persona, persona.me)


def _notice(world: World, uid: str) -> str:
    path = f"users/{uid}/notifications/{world.match_id}-1-0007-WICKET_FALLEN:1"
    world.given({path: {"matchId": world.match_id, "seq": 1, "kind": "wicket",
                        "title": "Home v Away", "body": "WICKET!"}})
    return path


@scenario("users/{me}/notifications", "list")
def _list_own_notifications(world: World, persona: Persona) -> None:
    _notice(world, persona.me)
    assert run_query(client_of(world, persona), f"users/{persona.me}", "notifications")


@scenario("users/{other}/notifications/{x}", "get")
def _get_anothers_notification(world: World, persona: Persona) -> None:
    path = _notice(world, "someone-else")
    assert client_of(world, persona).get(path)


@scenario("users/{me}/notifications/{new}", "create")
def _create_a_notification(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"users/{persona.me}/notifications", f"{world.match_id}-9",
                               {"matchId": world.match_id, "seq": 9, "kind": "result",
                                "title": "Home v Away", "body": "Home won"})


@scenario("users/{me}/devices/{new}", "create")
def _register_own_device(world: World, persona: Persona) -> None:
    client_of(world, persona).create(f"users/{persona.me}/devices", "phone-1",
                               {"token": "fcm-token-1", "platform": "web"})


@scenario("users/{other}/devices/{new}", "create")
def _register_anothers_device(world: World, persona: Persona) -> None:
    client_of(world, persona).create("users/someone-else/devices", "phone-1",
                               {"token": "fcm-token-1", "platform": "web"})


@scenario("users/{me}/notifications/{x}", "delete")
def _clear_own_notification(world: World, persona: Persona) -> None:
    path = _notice(world, persona.me)
    client_of(world, persona).delete(path)


@scenario("users/{me}/devices/{x}", "delete")
def _remove_own_device(world: World, persona: Persona) -> None:
    path = f"users/{persona.me}/devices/phone-1"
    world.given({path: {"token": "fcm-token-1", "platform": "web"}})
    client_of(world, persona).delete(path)
