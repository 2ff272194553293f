"""The queries apps make, each run through the REST API as the person who makes it.

`DOCUMENTED_QUERIES` is the list apps are told about (docs/clients.md quotes it): what each
asks, who asks it (the rules must let them), and its filters and order. Each one that needs a
composite index in production has it in firestore.indexes.json (tests/unit/test_indexes.py
checks that; the emulator serves any query without one, so only that check can tell).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from scorebook_tools.rest import DATABASE, FirestoreRest, from_fields, to_value
from tests.emulator.harness import triggers_disabled

Filter = tuple[str, str, Any]  # (field, "==" or "in", value; "{name}" is a parameter)
Order = tuple[str, str]  # (field, "asc" or "desc")

_OPS = {"==": "EQUAL", "in": "IN"}
_DIRECTIONS = {"asc": "ASCENDING", "desc": "DESCENDING"}


@dataclass(frozen=True)
class DocumentedQuery:
    """One query an app makes: `collection` under `parent` (a path with `{parameters}`; ""
    for a root collection), asked by `who` (what the rules must allow)."""

    name: str
    purpose: str
    who: str
    parent: str
    collection: str
    where: tuple[Filter, ...] = ()
    order_by: tuple[Order, ...] = ()
    limit: int | None = None

    def __str__(self) -> str:
        where = " and ".join(f"{f} {op} {_shown(v)}" for f, op, v in self.where)
        order = ", ".join(f"{f}{' desc' if d == 'desc' else ''}" for f, d in self.order_by)
        parent = f"{self.parent}/" if self.parent else ""
        return (f"{parent}{self.collection}" + (f" where {where}" if where else "")
                + (f" order by {order}" if order else "")
                + (f" limit {self.limit}" if self.limit else ""))

    def needs_composite_index(self) -> bool:
        """Firestore serves equality filters alone, or one order with no filter on another
        field, from its single-field indexes; an order with a filter on another field, or
        two orders, need a composite index."""
        fields = {f for f, _, _ in self.where} | {f for f, _ in self.order_by}
        return bool(self.order_by) and len(fields) > 1

    def index(self) -> dict[str, Any]:
        """The composite index it needs, as firestore.indexes.json writes it: the filtered
        fields first, then the ordered ones in their order."""
        ordered = [f for f, _ in self.order_by]
        filtered = [f for f, _, _ in self.where if f not in ordered]
        return {
            "collectionGroup": self.collection,
            "queryScope": "COLLECTION",
            "fields": [{"fieldPath": f, "order": "ASCENDING"} for f in filtered]
            + [{"fieldPath": f, "order": _DIRECTIONS[d]} for f, d in self.order_by],
        }

    def structured_query(self, params: Mapping[str, Any]) -> dict[str, Any]:
        filters = [
            {"fieldFilter": {"field": {"fieldPath": f}, "op": _OPS[op],
                             "value": to_value(_fill(value, params))}}
            for f, op, value in self.where
        ]
        query: dict[str, Any] = {"from": [{"collectionId": self.collection}]}
        if len(filters) == 1:
            query["where"] = filters[0]
        elif filters:
            query["where"] = {"compositeFilter": {"op": "AND", "filters": filters}}
        if self.order_by:
            query["orderBy"] = [{"field": {"fieldPath": f}, "direction": _DIRECTIONS[d]}
                                for f, d in self.order_by]
        if self.limit:
            query["limit"] = self.limit
        return query

    def run(self, client: FirestoreRest, **params: Any) -> list[tuple[str, dict[str, Any]]]:
        """(id, data) of each document the query returns, in its order, asked as `client`."""
        parent = _fill(self.parent, params)
        url = f"{client.origin}/v1/projects/{client.project}/databases/{DATABASE}/documents"
        url += f"/{parent}:runQuery" if parent else ":runQuery"
        response = requests.post(url, json={"structuredQuery": self.structured_query(params)},
                                 headers=client.headers, timeout=30)
        response.raise_for_status()
        return [(r["document"]["name"].rsplit("/", 1)[-1],
                 from_fields(r["document"].get("fields", {})))
                for r in response.json() if "document" in r]


def _shown(value: Any) -> str:
    """A value as the guide prints it: a parameter as `{name}`, anything else as JSON."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return value
    return json.dumps(value)


def _fill(value: Any, params: Mapping[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and (
            value[1:-1] in params):
        return params[value[1:-1]]  # a whole parameter keeps its type (an innings number)
    if isinstance(value, str):
        return value.format(**params)
    if isinstance(value, list):
        return [_fill(v, params) for v in value]
    return value


#: The queries apps make, as docs/clients.md lists them.
DOCUMENTED_QUERIES: tuple[DocumentedQuery, ...] = (
    DocumentedQuery(
        name="counting_balls",
        purpose="a match's actions that count (not voided), in log order: what a scoring "
        "app reloads, and what project() folds",
        who="anyone",
        parent="matches/{matchId}",
        collection="scoring_actions",
        where=(("isVoided", "==", False),),
        order_by=(("inningsNumber", "asc"), ("sequenceNumber", "asc")),
    ),
    DocumentedQuery(
        name="match_log",
        purpose="a match's whole log in order, voided actions included: the audit trail "
        "(document ids sort as text, so innings 10 would come before innings 2)",
        who="anyone",
        parent="matches/{matchId}",
        collection="scoring_actions",
        order_by=(("inningsNumber", "asc"), ("sequenceNumber", "asc")),
    ),
    DocumentedQuery(
        name="next_position",
        purpose="the last action of an innings, voided ones included (a void keeps its "
        "position): the next free position is the one after it",
        who="anyone",
        parent="matches/{matchId}",
        collection="scoring_actions",
        where=(("inningsNumber", "==", "{innings}"),),
        order_by=(("sequenceNumber", "desc"),),
        limit=1,
    ),
    DocumentedQuery(
        name="feed",
        purpose="a match's spectator feed in publication order; an app that has the events "
        "up to some `seq` starts after it (`startAfter(lastSeq)`) and gets what it missed",
        who="anyone",
        parent="matches/{matchId}",
        collection="events",
        order_by=(("seq", "asc"),),
    ),
    DocumentedQuery(
        name="live_matches",
        purpose="the matches being played now, by name: a spectator app's home screen",
        who="anyone",
        parent="",
        collection="matches",
        where=(("status", "in", ["live", "innings_break"]),),
        order_by=(("name", "asc"),),
    ),
    DocumentedQuery(
        name="matches_not_over",
        purpose="every match not over, scheduled ones included: what the functions' "
        "reconciliation visits every 5 minutes",
        who="admin",
        parent="",
        collection="matches",
        where=(("status", "in", ["scheduled", "live", "innings_break"]),),
    ),
    DocumentedQuery(
        name="my_match_roles",
        purpose="the signed-in person's match roles (which matches they score or umpire)",
        who="the person",
        parent="",
        collection="match_role_assignments",
        where=(("personId", "==", "{uid}"),),
    ),
    DocumentedQuery(
        name="my_team_roles",
        purpose="the signed-in person's team roles (the teams whose lineups they write)",
        who="the person",
        parent="",
        collection="team_role_assignments",
        where=(("personId", "==", "{uid}"),),
    ),
    DocumentedQuery(
        name="team_lineup",
        purpose="one team's lineup documents for a match (the app sorts them by "
        "battingPosition, which a reserve may not have)",
        who="anyone",
        parent="matches/{matchId}",
        collection="lineups",
        where=(("teamId", "==", "{teamId}"),),
    ),
)

#: A competition's leaderboards (web/src/league.ts): the top ten by runs and by wickets; for
#: a ratio, the fifty who faced or bowled most, whom the page ranks by strike rate or economy
LEADERBOARDS = (("leaders_runs", "batting.runs", "desc"),
                ("leaders_wickets", "bowling.wickets", "desc"),
                ("leaders_strike_rate", "batting.ballsFaced", "desc"),
                ("leaders_economy", "bowling.ballsBowled", "desc"))
LEADERBOARD_LIMIT = {"leaders_strike_rate": 50, "leaders_economy": 50}
DOCUMENTED_QUERIES += tuple(
    DocumentedQuery(
        name=name,
        purpose=f"a competition's players by {figure} ({direction}ending): its leaderboard",
        who="anyone",
        parent="",
        collection="player_season_stats",
        where=(("competitionId", "==", "{competitionId}"),),
        order_by=((figure, direction),),
        limit=LEADERBOARD_LIMIT.get(name, 10),
    )
    for name, figure, direction in LEADERBOARDS
)

QUERIES = {q.name: q for q in DOCUMENTED_QUERIES}
NOW = datetime.now(UTC)


def test_the_list_has_one_of_each_and_a_test_runs_each() -> None:
    assert len(QUERIES) == len(DOCUMENTED_QUERIES)
    source = Path(__file__).read_text()
    untested = [name for name in QUERIES
                if f'QUERIES["{name}"]' not in source and f'("{name}", ' not in source]
    assert untested == []


def _action(match_id: str, innings: int, seq: int, voided: bool = False) -> dict[str, Any]:
    return {"id": f"{innings}-{seq:04d}", "matchId": match_id, "kind": "innings_start",
            "inningsNumber": innings, "sequenceNumber": seq, "timestamp": NOW,
            "recordedBy": "scorer-q", "isVoided": voided, "battingTeamId": "home",
            "bowlingTeamId": "away"}


@pytest.fixture
def log(admin) -> str:
    """A log written out of order, innings 10 included, with one voided action (the admin
    writes it as stored; the triggers are off: only the queries are under test)."""
    with triggers_disabled():
        admin.set("matches/m-q", {"id": "m-q", "name": "Queries"})  # a log is a match's
        for innings, seq, voided in [(10, 1, False), (2, 2, False), (1, 2, True), (1, 1, False),
                                     (2, 1, False), (1, 3, False)]:
            action = _action("m-q", innings, seq, voided)
            admin.set(f"matches/m-q/scoring_actions/{action['id']}", action)
    return "m-q"


def test_counting_balls(log, spectator) -> None:
    found = QUERIES["counting_balls"].run(spectator, matchId=log)
    assert [doc_id for doc_id, _ in found] == ["1-0001", "1-0003", "2-0001", "2-0002", "10-0001"]


@pytest.mark.parametrize(("innings", "last"), [(1, "1-0003"), (2, "2-0002"), (10, "10-0001"),
                                               (3, None)])
def test_next_position(log, spectator, innings: int, last: str | None) -> None:
    found = QUERIES["next_position"].run(spectator, matchId=log, innings=innings)
    assert [doc_id for doc_id, _ in found] == ([last] if last else [])


def test_feed(admin, spectator) -> None:
    with triggers_disabled():  # the feed as the functions publish it, out of order
        admin.set("matches/m-feed", {"id": "m-feed", "name": "Feed"})
        for seq in (3, 1, 10, 2):
            admin.set(f"matches/m-feed/events/{seq:010d}", {"seq": seq, "type": "BALL_BOWLED"})
    found = QUERIES["feed"].run(spectator, matchId="m-feed")
    assert [data["seq"] for _, data in found] == [1, 2, 3, 10]


def test_match_log(log, spectator) -> None:
    found = QUERIES["match_log"].run(spectator, matchId=log)
    assert [doc_id for doc_id, _ in found] == [
        "1-0001", "1-0002", "1-0003", "2-0001", "2-0002", "10-0001"]


#: the statuses of the four matches of `matches`, in order
STATUSES = ("live", "innings_break", "completed", "scheduled")


@pytest.fixture
def matches(admin) -> dict[str, str]:
    """Four matches, one of each status, under ids of this test's own: the database is
    shared, so the queries also find other tests' matches (checked as far as they go)."""
    run = uuid.uuid4().hex[:8]
    ids = {f"m{n}-{run}": name for n, name in
           enumerate(("Zeta v Eta", "Alpha v Beta", "Gamma v Delta", "Kappa v Mu"), 1)}
    with triggers_disabled():  # the functions would set each status from its (empty) log
        for (match_id, name), status in zip(ids.items(), STATUSES, strict=True):
            admin.set(f"matches/{match_id}", {"id": match_id, "name": name, "status": status})
    return ids


def test_live_matches(matches, spectator) -> None:
    found = QUERIES["live_matches"].run(spectator)
    assert {data["status"] for _, data in found} <= {"live", "innings_break"}
    names = [data.get("name", "") for _, data in found]
    assert names == sorted(names)
    m1, m2 = list(matches)[:2]
    assert [(doc_id, data["name"]) for doc_id, data in found if doc_id in matches] == [
        (m2, "Alpha v Beta"), (m1, "Zeta v Eta")]


def test_matches_not_over(matches, user) -> None:
    found = QUERIES["matches_not_over"].run(user("the-admin", admin=True))
    assert {data["status"] for _, data in found} <= {"scheduled", "live", "innings_break"}
    m1, m2, _, m4 = matches
    assert sorted(doc_id for doc_id, _ in found if doc_id in matches) == sorted([m1, m2, m4])


def _role(collection: str, scope: str, person: str, role: str) -> tuple[str, dict[str, Any]]:
    field = "matchId" if collection == "match_role_assignments" else "teamId"
    doc_id = f"{scope}_{person}_{role}"
    doc = {"id": doc_id, field: scope, "personId": person, "role": role,
           "assignedBy": "admin", "assignedAt": NOW, "createdAt": NOW}
    return f"{collection}/{doc_id}", doc


@pytest.mark.parametrize(("name", "collection", "role"), [
    ("my_match_roles", "match_role_assignments", "scorer_home"),
    ("my_team_roles", "team_role_assignments", "coach"),
])
def test_my_roles(admin, user, name: str, collection: str, role: str) -> None:
    for scope, person in [("s1", "me-q"), ("s2", "me-q"), ("s1", "someone-else")]:
        path, doc = _role(collection, scope, person, role)
        admin.set(path, doc)
    found = QUERIES[name].run(user("me-q"), uid="me-q")
    assert sorted(doc_id for doc_id, _ in found) == [f"s1_me-q_{role}", f"s2_me-q_{role}"]


def test_team_lineup(admin, spectator) -> None:
    with triggers_disabled():
        admin.set("matches/m-q", {"id": "m-q", "name": "Queries"})
        for team, player in [("home", "h1"), ("home", "h2"), ("away", "a1")]:
            admin.set(f"matches/m-q/lineups/{team}_{player}",
                      {"id": f"{team}_{player}", "matchId": "m-q", "teamId": team,
                       "playerId": player})
    found = QUERIES["team_lineup"].run(spectator, matchId="m-q", teamId="home")
    assert sorted(doc_id for doc_id, _ in found) == ["home_h1", "home_h2"]


@pytest.mark.parametrize(("name", "figure", "direction"), LEADERBOARDS)
def test_leaderboards(admin, spectator, name: str, figure: str, direction: str) -> None:
    """("leaders_runs", ...): the competition's players by the figure, no other's."""
    with triggers_disabled():
        for person, runs, faced, wickets, bowled in (("a", 10, 12, 3, 60), ("b", 50, 40, 0, 0),
                                                     ("c", 30, 25, 1, 24)):
            admin.set(f"player_season_stats/q-cup_t_{person}", {
                "personId": person, "teamId": "t", "competitionId": "q-cup",
                "batting": {"runs": runs, "ballsFaced": faced},
                "bowling": {"wickets": wickets, "ballsBowled": bowled}})
        admin.set("player_season_stats/other_t_d", {
            "personId": "d", "teamId": "t", "competitionId": "other",
            "batting": {"runs": 999, "ballsFaced": 999},
            "bowling": {"wickets": 9, "ballsBowled": 999}})
    found = [data["personId"] for _, data in QUERIES[name].run(spectator, competitionId="q-cup")]
    assert found == {"leaders_runs": ["b", "c", "a"], "leaders_wickets": ["a", "c", "b"],
                     "leaders_strike_rate": ["b", "c", "a"],
                     "leaders_economy": ["a", "c", "b"]}[name]
