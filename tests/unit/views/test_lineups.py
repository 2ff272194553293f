"""Lineups: who plays, projected for live/lineups (pure). One test per rule.

Real data: cricsheet.org, Open Data Commons Attribution License.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scorebook.cricsheet import lineups_from_cricsheet, load_match
from scorebook.document import to_document
from scorebook.match import MatchLineup, lineup_documents, lineup_id
from scorebook.views.lineups import LineupsProjection, lineup_rules, match_for_fold, project_lineups
from tests.conftest import real_match_params, real_match_path
from tests.unit.factories import Book

MATCH = "m1"
SELECTED = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def entry(
    team: str, player: str, position: int | None = None, **fields: Any
) -> tuple[str, dict[str, Any]]:
    """A player's lineup document as (id, data), with the fields the schema requires; the
    name is the id capitalised (``name=None``: none)."""
    doc_id = lineup_id(team, player)
    data: dict[str, Any] = {
        "id": doc_id,
        "matchId": MATCH,
        "teamId": team,
        "playerId": player,
        "name": player.capitalize(),
        "role": "playing_xi",
        "isCaptain": False,
        "isViceCaptain": False,
        "isWicketkeeper": False,
        "battingPosition": position,
        "selectedAt": SELECTED,
        "selectedBy": "u-manager",
        "createdAt": SELECTED,
    }
    data.update(fields)
    return doc_id, data


def xi(team: str, n: int = 11, **captain: Any) -> list[tuple[str, dict[str, Any]]]:
    """A valid XI: t1..tn batting in that order, t1 captain, t2 keeper."""
    docs = [entry(team, f"{team}{i}", i) for i in range(1, n + 1)]
    docs[0][1]["isCaptain"] = True
    docs[1][1]["isWicketkeeper"] = True
    return docs


def project(*groups: list[tuple[str, dict[str, Any]]], **kw: Any) -> LineupsProjection:
    return project_lineups(MATCH, [d for g in groups for d in g], **kw)


def codes(projection: LineupsProjection) -> list[str]:
    return [p.code for p in projection.problems]


def test_a_valid_lineup_has_no_problems() -> None:
    lineups = project(xi("h"), xi("a"), team_ids=["h", "a"])
    assert lineups.problems == []
    assert [t.teamId for t in lineups.teams] == ["h", "a"]


def test_the_playing_xi_is_in_batting_order() -> None:
    docs = xi("h")
    random.Random(1).shuffle(docs)
    team = project(docs).team("h")
    assert [p.playerId for p in team.playingXI] == [f"h{i}" for i in range(1, 12)]
    assert [p.battingPosition for p in team.playingXI] == list(range(1, 12))


def test_captain_vice_captain_and_keeper_are_named() -> None:
    docs = xi("h")
    docs[4][1]["isViceCaptain"] = True
    team = project(docs).team("h")
    assert (team.captainId, team.viceCaptainId, team.wicketkeeperId) == ("h1", "h5", "h2")


def test_substitutes_reserves_and_withdrawn_players_are_kept_apart_from_the_xi() -> None:
    docs = [
        *xi("h"),
        entry("h", "sub", role="substitute"),
        entry("h", "res", role="reserve"),
        entry("h", "gone", role="withdrawn"),
    ]
    lineups = project(docs)
    team = lineups.team("h")
    assert [p.playerId for p in team.substitutes] == ["sub"]
    assert [p.playerId for p in team.reserves] == ["res"]
    assert [p.playerId for p in team.withdrawn] == ["gone"]
    assert len(team.playingXI) == 11
    assert lineups.problems == []


def test_a_replacement_is_linked_to_the_player_it_replaces() -> None:
    at = datetime(2025, 5, 1, 15, 0, tzinfo=UTC)
    docs = [
        *xi("h"),
        entry("h", "conc", substitutedFor="h4", substitutionReason="concussion", substitutedAt=at),
    ]
    lineups = project(docs)
    team = lineups.team("h")
    (replacement,) = team.replacements
    assert (replacement.playerId, replacement.replacedPlayerId) == ("conc", "h4")
    assert (replacement.replacedPlayerName, replacement.reason) == ("H4", "concussion")
    assert replacement.substitutedAt == at
    assert next(p for p in team.playingXI if p.playerId == "h4").replacedBy == "conc"
    assert lineups.problems == []  # the replacement does not make the XI twelve


def test_a_replacement_can_itself_be_replaced() -> None:
    docs = [
        *xi("h"),
        entry("h", "r1", substitutedFor="h4", substitutionReason="concussion"),
        entry("h", "r2", substitutedFor="r1", substitutionReason="concussion"),
    ]
    lineups = project(docs)
    assert [r.playerId for r in lineups.team("h").replacements] == ["r1", "r2"]
    assert lineups.problems == []


def test_a_replacement_for_the_keeper_who_keeps_wicket_is_not_a_second_keeper() -> None:
    docs = [
        *xi("h"),
        entry("h", "gloves", substitutedFor="h2", substitutionReason="concussion",
              isWicketkeeper=True),
    ]
    lineups = project(docs)
    assert lineups.team("h").wicketkeeperId == "gloves"
    assert lineups.problems == []


def test_more_players_than_the_match_allows_is_a_problem() -> None:
    assert codes(project(xi("h", 12))) == ["too_many_players"]
    assert codes(project(xi("h", 12), players_per_side=12)) == []


def test_no_captain_is_a_problem() -> None:
    docs = xi("h")
    docs[0][1]["isCaptain"] = False
    (problem,) = project(docs).problems
    assert (problem.code, problem.teamId) == ("no_captain", "h")


def test_two_captains_is_a_problem() -> None:
    docs = xi("h")
    docs[5][1]["isCaptain"] = True
    (problem,) = project(docs).problems
    assert (problem.code, problem.playerIds) == ("several_captains", ["h1", "h6"])


def test_two_wicketkeepers_is_a_problem() -> None:
    docs = xi("h")
    docs[6][1]["isWicketkeeper"] = True
    (problem,) = project(docs).problems
    assert (problem.code, problem.playerIds) == ("several_wicketkeepers", ["h2", "h7"])


def test_duplicate_batting_positions_are_a_problem() -> None:
    docs = xi("h")
    docs[3][1]["battingPosition"] = 3
    (problem,) = project(docs).problems
    assert (problem.code, problem.playerIds) == ("duplicate_batting_position", ["h3", "h4"])


def test_a_player_in_both_teams_is_a_problem() -> None:
    lineups = project(xi("h"), xi("a"), [entry("a", "h5", role="substitute")])
    (problem,) = lineups.problems
    assert (problem.code, problem.playerIds) == ("player_in_both_teams", ["h5"])


def test_a_replacement_for_someone_not_playing_is_a_problem() -> None:
    docs = [
        *xi("h"),
        entry("h", "res", role="reserve"),
        entry("h", "r1", substitutedFor="res", substitutionReason="covid"),
        entry("h", "r2", substitutedFor="nobody", substitutionReason="injury"),
    ]
    lineups = project(docs)
    assert codes(lineups) == ["replacement_for_player_not_playing"] * 2
    assert {tuple(p.playerIds) for p in lineups.problems} == {("r1", "res"), ("r2", "nobody")}
    assert lineups.team("h").replacements == []


def test_a_player_replaced_twice_is_a_problem() -> None:
    docs = [
        *xi("h"),
        entry("h", "r1", substitutedFor="h4", substitutionReason="concussion"),
        entry("h", "r2", substitutedFor="h4", substitutionReason="tactical"),
    ]
    assert codes(project(docs)) == ["player_replaced_twice"]


def test_an_unparseable_lineup_document_is_a_problem_with_the_reason() -> None:
    bad = entry("h", "typo", battingPosition=0)
    lineups = project(xi("h"), [bad, ("junk", "not a document")])
    assert codes(lineups) == ["unparseable_lineup"] * 2
    reasons = {p.lineupId: p.message for p in lineups.problems}
    assert reasons["h_typo"].startswith("battingPosition:")
    assert reasons["junk"].startswith("document:")
    assert len(lineups.team("h").playingXI) == 11


def test_an_unknown_field_is_refused_rather_than_ignored() -> None:
    lineups = project(xi("h"), [entry("h", "x", isCaptian=True)])
    assert codes(lineups) == ["unparseable_lineup"]
    assert "isCaptian" in lineups.problems[0].message


def test_the_keeper_spelt_isWicketKeeper_is_a_problem_not_a_silent_drop() -> None:
    docs = xi("h")
    both = docs[1][1] | {"isWicketKeeper": True}  # both spellings
    old = {k: v for k, v in docs[2][1].items() if k != "isWicketkeeper"} | {"isWicketKeeper": True}
    lineups = project([*docs[:1], (docs[1][0], both), (docs[2][0], old), *docs[3:]])
    assert codes(lineups) == ["unparseable_lineup"] * 2
    assert {p.lineupId for p in lineups.problems} == {"h_h2", "h_h3"}
    assert all("isWicketKeeper" in p.message for p in lineups.problems)


def test_a_document_without_a_field_the_schema_requires_is_a_problem() -> None:
    bad = entry("h", "x")
    del bad[1]["selectedAt"]
    lineups = project(xi("h"), [bad])
    assert codes(lineups) == ["unparseable_lineup"]
    assert lineups.problems[0].message == "selectedAt: Field required"


def test_a_lineup_of_another_match_is_a_problem() -> None:
    lineups = project(xi("h"), [entry("h", "x", matchId="other")])
    assert codes(lineups) == ["unparseable_lineup"]
    assert "matchId" in lineups.problems[0].message


def test_a_lineup_for_a_team_not_in_the_match_is_a_problem() -> None:
    assert codes(project(xi("h"), xi("z"), team_ids=["h", "a"])) == ["unknown_team"]


def test_a_player_listed_twice_in_one_team_is_a_problem() -> None:
    # only an admin can file a player at an id not his own (the rules tie the id to him)
    _, again = entry("h", "h3", 3)
    lineups = project(xi("h"), [("zz-h3", again | {"id": "zz-h3"})])
    assert codes(lineups) == ["player_listed_twice"]
    assert lineups.problems[0].lineupId == "zz-h3"
    assert len(lineups.team("h").playingXI) == 11


def test_a_team_sheet_is_a_problem_and_none_of_its_players_is_read() -> None:
    sheet = {
        "id": "a",
        "matchId": MATCH,
        "teamId": "a",
        "players": [{"id": "a1", "name": "Ali"}, {"id": "a2", "name": "Brown"}],
        "captainId": "a1",
        "wicketKeeperId": "a2",
    }
    lineups = project(xi("h"), [("a", sheet)], team_ids=["h", "a"])
    (problem,) = lineups.problems
    assert (problem.code, problem.lineupId) == ("team_sheet_lineup", "a")
    assert (problem.teamId, problem.playerIds) == ("a", ["a1", "a2"])
    assert "team sheet" in problem.message
    assert [t.teamId for t in lineups.teams] == ["h"]


def test_a_player_without_a_name_takes_the_name_the_match_gives_him() -> None:
    docs = xi("h")
    docs[0][1]["name"] = None
    del docs[1][1]["name"]
    lineups = project(docs, names={"h1": "Ali", "h2": "Brown", "h3": "Not This One"})
    assert lineups.problems == []
    names = [p.name for p in lineups.team("h").playingXI]
    assert names[:3] == ["Ali", "Brown", "H3"]  # an entry's own name wins


def test_a_player_named_nowhere_is_a_problem_named_by_his_id() -> None:
    docs = xi("h")
    docs[3][1]["name"] = None
    lineups = project(docs, names={"h1": "Ali"})
    (problem,) = lineups.problems
    assert (problem.code, problem.playerIds, problem.lineupId) == ("unnamed_player", ["h4"], "h_h4")
    assert lineups.team("h").playingXI[3].name == "h4"


def test_names_come_from_the_match_documents_team_lists() -> None:
    match = {
        "teams": [
            {"id": "h", "players": [{"id": "h1", "name": "Ali"}, {"id": "h2"}, "junk",
                                    {"id": ["h3"], "name": "Odd"}, {"id": "h4", "name": 4}]},
            {"id": "a", "players": "none"},
        ]
    }
    assert lineup_rules(match)["names"] == {"h1": "Ali"}


def test_the_projection_does_not_depend_on_the_order_of_the_documents() -> None:
    docs = [
        *xi("h"),
        *xi("a", 12),
        entry("h", "r1", substitutedFor="h4", substitutionReason="concussion"),
        entry("h", "r2", substitutedFor="r1", substitutionReason="concussion"),
        entry("a", "h5"),
        ("junk", []),
    ]
    first = project_lineups(MATCH, docs)
    for seed in range(20):
        shuffled = list(docs)
        random.Random(seed).shuffle(shuffled)
        assert project_lineups(MATCH, shuffled) == first


def test_the_match_rules_come_from_the_match_document() -> None:
    rules = lineup_rules({"playersPerSide": 12, "teams": [{"id": "h"}, {"id": "a"}]})
    assert rules == {"players_per_side": 12, "team_ids": ["h", "a"], "names": {}}
    assert lineup_rules(None) == {}
    assert lineup_rules({"playersPerSide": "eleven"}) == {}


def test_the_fold_sees_the_lineups_names_and_keeper() -> None:
    book = Book()
    docs = [entry("away", f"a{i}", i, name=f"Away{i}") for i in range(1, 12)]
    docs[0][1]["isCaptain"] = True
    docs[2][1]["isWicketkeeper"] = True
    match = match_for_fold(to_document(book.match), docs)
    book = Book(match)
    book.start()
    book.ball(0, striker="h1", non_striker="h2", out="caught", fielders=["a3"])
    assert book.batter("h1").howOut == "c †Away3 b Away1"


def test_the_fold_sees_replacements_and_substitutes_but_not_reserves() -> None:
    book = Book()
    docs = [
        *xi("away"),
        entry("away", "conc", substitutedFor="away4", substitutionReason="concussion"),
        entry("away", "sub", role="substitute"),
        entry("away", "res", role="reserve"),
    ]
    match = match_for_fold(to_document(book.match), docs)
    away = match.team("away")
    assert [p.id for p in away.players] == [*(f"away{i}" for i in range(1, 12)), "conc", "sub"]
    assert next(p for p in away.players if p.id == "sub").isSubstitute
    assert match.team("home") == book.match.team("home")  # no lineup: its players stay


# --- Cricsheet ---------------------------------------------------------------------------------


def test_cricsheet_lineups_link_a_concussion_replacement() -> None:
    entries = lineups_from_cricsheet(real_match_path("1166947"))
    by_name = {e.name: e for e in entries}
    patel = by_name["SR Patel"]
    assert patel.substitutedFor == by_name["CD Nash"].playerId
    assert patel.substitutionReason == "concussion"


def test_cricsheet_impact_players_are_tactical_replacements_not_a_twelfth_man() -> None:
    path = real_match_path("1473459")
    match, _ = load_match(path)
    lineups = project_lineups(
        match.id,
        lineup_documents(lineups_from_cricsheet(path)),
        **lineup_rules(to_document(match)),
    )
    for team in lineups.teams:
        assert len(team.playingXI) == 11
        (replacement,) = team.replacements
        assert replacement.reason == "tactical"
    assert codes(lineups) == ["no_captain", "no_captain"]


@pytest.mark.parametrize("path", real_match_params())
def test_every_real_match_has_a_clean_lineup_once_its_captains_are_named(path: Path) -> None:
    match, _ = load_match(path)
    # Cricsheet records no captains; name the first player of each side.
    captains = {t.id: t.players[0].id for t in match.teams}
    entries = lineups_from_cricsheet(path, captains=captains)
    lineups = project_lineups(
        match.id, lineup_documents(entries), **lineup_rules(to_document(match))
    )
    assert lineups.problems == []
    assert all(len(t.playingXI) == match.playersPerSide for t in lineups.teams)
    assert all(isinstance(e, MatchLineup) for e in entries)


def test_a_team_padded_with_1500_lineup_documents_is_read_up_to_what_a_side_can_have() -> None:
    """An official's batched writes of 1,500 made-up players must not grow live/lineups (and
    the checkpoint, which takes the names) past Firestore's 1 MiB."""
    from scorebook.document import document_size
    from scorebook.views.lineups import MAX_PROBLEM_IDS, max_entries

    padding = [entry("h", f"z{i:04d}", role="reserve") for i in range(1500)]
    projection = project(xi("h"), padding)
    (team,) = projection.teams
    kept = len(team.playingXI) + len(team.reserves)
    assert kept == max_entries(11)
    (too_many,) = [p for p in projection.problems if p.code == "too_many_players"]
    assert "at least 20 more lineup documents" in too_many.message  # 1,468: read no further
    assert len(too_many.playerIds) == MAX_PROBLEM_IDS
    assert [p.playerId for p in team.playingXI] == [f"h{i}" for i in range(1, 12)]
    assert document_size(to_document(projection)) < 20_000


def test_a_thousand_junk_lineup_documents_are_not_a_thousand_problems() -> None:
    from scorebook.views.lineups import MAX_PROBLEMS

    junk = [(f"junk-{i:04d}", {"players": "no"}) for i in range(1000)]
    projection = project(xi("h"), junk)
    assert len(projection.problems) == MAX_PROBLEMS
    assert len(projection.teams[0].playingXI) == 11  # the XI is still read


@pytest.fixture
def east_of_greenwich():
    """The functions' machine in a zone ahead of UTC: a time without a zone read as local
    time there is before year 1 at the earliest moments."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kolkata"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_dates_written_as_text_without_a_zone_are_utc_and_never_freeze_the_lineups(
    east_of_greenwich,
) -> None:
    """An admin's entries dated '0001-01-01T00:00:00' (text, no zone), one of them a
    replacement: read as UTC, they order and project like any other date (they made every
    trigger run fail with "year 0 is out of range")."""
    docs = [*xi("h"),
            entry("h", "r1", substitutedFor="h4", substitutionReason="concussion",
                  substitutedAt="0001-01-01T00:00:00"),
            entry("h", "r2", substitutedFor="h5", substitutionReason="concussion",
                  substitutedAt="2025-05-01T15:00:00+05:30")]
    docs[0][1]["selectedAt"] = "0001-01-01T00:00:00"
    lineups = project(docs)
    team = lineups.team("h")
    assert [r.playerId for r in team.replacements] == ["r1", "r2"]  # year 1 came on first
    assert team.replacements[1].substitutedAt == datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
    assert codes(lineups) == []
    match = match_for_fold({"id": MATCH, "teams": [
        {"id": "h", "name": "H", "players": []}, {"id": "a", "name": "A", "players": []}]}, docs)
    assert len(match.teams[0].players) == 13
