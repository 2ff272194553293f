"""What a valid write looks like beyond the log: a lineup entry (what an official signs, a
scorer's replacement), a match written by an admin, a following of a match and a device.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest

from scorebook.document import to_document
from scorebook.match import parse_lineup_document
from scorebook_tools.rest import FirestoreRest
from tests.emulator.harness import PROJECT
from tests.rules.payloads import NOW
from tests.rules.validation import (
    ADMIN,
    HOME,
    SCORER,
    accepted,
    ball,
    create_action,
)
from tests.rules.world import (
    PERSONAS,
    World,
    assignment,
    commit_as,
    refused,
    seed,
)


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


# --- lineups -------------------------------------------------------------------------------------


def lineup_path(world: World, doc_id: str) -> str:
    return f"matches/{world.match_id}/lineups/{doc_id}"


def test_a_lineup_copied_from_the_product_schema_is_accepted_and_parsed(world: World) -> None:
    """Every field of the schema's MatchLineup filled, in its order, as an app writes it: the
    timestamps it signs set to the request time."""
    player, replaced = world.player(world.home, 12), world.player(world.home, 4)
    doc_id = f"{world.home}_{player}"
    lineup = {
        "id": doc_id,
        "matchId": world.match_id,
        "teamId": world.home,
        "playerId": player,
        "role": "playing_xi",
        "isCaptain": False,
        "isViceCaptain": True,
        "isWicketkeeper": True,
        "battingPosition": 4,
        "substitutedAt": NOW - timedelta(hours=1),
        "substitutedFor": replaced,
        "substitutionReason": "concussion",
        "selectedAt": None,
        "selectedBy": HOME.me,
        "confirmedAt": None,
        "confirmedBy": HOME.me,
        "createdAt": NOW,
        "updatedAt": None,
    }
    path = lineup_path(world, doc_id)
    accepted(commit_as, HOME.client(), path, lineup,
             server_time=("selectedAt", "confirmedAt", "updatedAt"), exists=False)
    stored = ADMIN.client().get(path)
    entry = parse_lineup_document(doc_id, stored)
    assert to_document(entry) == stored | {"name": None}
    assert (entry.isWicketkeeper, entry.substitutedFor, entry.selectedBy) == (True, replaced,
                                                                              HOME.me)


def test_a_lineup_without_a_name_is_accepted(world: World) -> None:
    entry = world.lineup_entry(world.home, 5)
    del entry["name"]
    accepted(world.create_lineup_entry, HOME.client(), entry)
    entry = world.lineup_entry(world.home, 6, name=None)
    accepted(world.create_lineup_entry, HOME.client(), entry)


def test_a_team_official_signs_who_selected_and_confirmed_a_player(world: World) -> None:
    entry = world.lineup_entry(world.home, 12, selectedBy=HOME.me,
                               substitutedAt=NOW - timedelta(hours=1),
                               substitutedFor=world.player(world.home, 4),
                               substitutionReason="concussion", role="substitute")
    path = lineup_path(world, entry["id"])
    official = HOME.client()
    accepted(commit_as, official, path, entry, server_time=("selectedAt",), exists=False)
    confirm = {"confirmedBy": HOME.me}
    accepted(commit_as, official, path, confirm, server_time=("confirmedAt", "updatedAt"),
             exists=True, merge=True)
    refused(commit_as, official, path, {"confirmedBy": "someone-else"}, exists=True,
            merge=True)
    refused(commit_as, official, path, {"confirmedAt": NOW}, exists=True, merge=True)
    refused(commit_as, official, path, {"updatedAt": NOW}, exists=True, merge=True)
    refused(commit_as, official, path, {"selectedBy": "someone-else"},
            server_time=("selectedAt",), exists=True, merge=True)
    # another official of the team selects the player anew: signed by them, now
    coach = FirestoreRest.as_user(PROJECT, "u-home-coach")
    doc_id, doc = assignment("team_role_assignments", world.home, "u-home-coach", "coach")
    seed({f"team_role_assignments/{doc_id}": doc})
    accepted(commit_as, coach, path, {"selectedBy": "u-home-coach"},
             server_time=("selectedAt",), exists=True, merge=True)


def test_a_scorers_replacement_comes_on_only_for_one_of_the_xi(world: World) -> None:
    """A replacement the umpires allowed (Law 1.2) takes the place of a player who plays: not
    of a reserve, a substitute or one withdrawn, so a side never grows past its XI."""
    xi = world.lineup_entry(world.home, 3)
    reserve = world.lineup_entry(world.home, 13, role="reserve")
    seed({lineup_path(world, e["id"]): e for e in (xi, reserve)})
    scorer = SCORER.client()

    def coming(n: int, replaced: dict) -> dict:
        return world.lineup_entry(world.home, n, selectedBy=SCORER.me,
                                  substitutedFor=replaced["playerId"],
                                  substitutionReason="concussion")

    refused(world.create_lineup_entry, scorer, coming(14, reserve))
    accepted(world.create_lineup_entry, scorer, coming(12, xi))


UNLAWFUL_ENTRIES: dict[str, Callable[[World], tuple[str | None, dict]]] = {
    "selected by someone else": lambda w: (None, dict(selectedBy="someone-else")),
    "selected at a time the client chose": lambda w: (None, dict(selectedAt=NOW)),
    "an unknown role": lambda w: (None, dict(role="twelfth_man")),
    "batting position 0": lambda w: (None, dict(battingPosition=0)),
    "batting position 21": lambda w: (None, dict(battingPosition=21)),
    "an unknown reason for a replacement": lambda w: (None, dict(substitutionReason="rain")),
    "an empty name": lambda w: (None, dict(name="")),
    "a name of 101 characters": lambda w: (None, dict(name="n" * 101)),
    # the classic spoofing strings: a right-to-left override turns "Smith\u202Etxt.exe" into
    # what reads as "Smithexe.txt"; isolates and embeddings reorder what follows them
    "a name with a right-to-left override": lambda w: (None, dict(name="Smith\u202etxt.exe")),
    "a name with a left-to-right isolate": lambda w: (None, dict(name="\u2066Babar Azam")),
    "a name with a right-to-left mark": lambda w: (None, dict(name="Ali\u200f")),
    "a name with a control character": lambda w: (None, dict(name="Joe\x07Root")),
    "captain as text": lambda w: (None, dict(isCaptain="yes")),
    "keeper as null": lambda w: (None, dict(isWicketkeeper=None)),
    "an unknown field": lambda w: (None, dict(shirtNumber=7)),
    "the keeper spelt isWicketKeeper": lambda w: (None, dict(isWicketKeeper=True)),
    "the old field updatedBy": lambda w: (None, dict(updatedBy=HOME.me)),
    "an id field that is not the document id": lambda w: (None, dict(id="other")),
    "another match's id": lambda w: (None, dict(matchId=w.other_match_id)),
    "the document id of another player": lambda w: (
        f"{w.home}_{w.home}-p9", dict(id=f"{w.home}_{w.home}-p9")),
    "a home player filed under the away team": lambda w: (
        f"{w.away}_{w.home}-p4", dict(teamId=w.away, id=f"{w.away}_{w.home}-p4")),
    "substitutedAt as text": lambda w: (None, dict(substitutedAt="now")),
    "createdAt as text": lambda w: (None, dict(createdAt="2025-05-01T10:00:00Z")),
    "selectedBy null": lambda w: (None, dict(selectedBy=None)),
    "a player the team does not list": lambda w: (
        f"{w.home}_ringer", dict(playerId="ringer", id=f"{w.home}_ringer")),
    "a player of the other team": lambda w: (
        f"{w.home}_{w.away}-p4", dict(playerId=f"{w.away}-p4", id=f"{w.home}_{w.away}-p4")),
    "a replacement for a player the team does not list": lambda w: (
        None, dict(substitutedFor="ghost", substitutionReason="concussion")),
    "a team not in the match": lambda w: (
        f"{w.past_team}_{w.home}-p4", dict(teamId=w.past_team,
                                          id=f"{w.past_team}_{w.home}-p4")),
}


@pytest.mark.parametrize("why", UNLAWFUL_ENTRIES)
def test_a_malformed_lineup_entry_is_refused(world: World, why: str) -> None:
    doc_id, fields = UNLAWFUL_ENTRIES[why](world)
    entry = world.lineup_entry(world.home, 4, selectedBy=HOME.me) | fields
    path = lineup_path(world, doc_id or entry["id"])
    server_time = () if "selectedAt" in fields else ("selectedAt",)
    refused(commit_as, HOME.client(), path, entry, server_time=server_time, exists=False)


#: what the product schema marks required (no `?`)
REQUIRED = ("id", "matchId", "teamId", "playerId", "role", "isCaptain", "isViceCaptain",
            "isWicketkeeper", "selectedAt", "selectedBy", "createdAt")


@pytest.mark.parametrize("field", REQUIRED)
def test_a_lineup_without_a_field_the_schema_requires_is_refused(world: World, field: str) -> None:
    entry = world.lineup_entry(world.home, 4, selectedBy=HOME.me)
    del entry[field]
    server_time = () if field == "selectedAt" else ("selectedAt",)
    refused(commit_as, HOME.client(), lineup_path(world, f"{world.home}_{world.home}-p4"), entry,
            server_time=server_time, exists=False)


def test_the_keeper_in_both_spellings_is_refused(world: World) -> None:
    entry = world.lineup_entry(world.home, 7, selectedBy=HOME.me, isWicketKeeper=True)
    refused(world.create_lineup_entry, HOME.client(), entry)
    refused(world.create_lineup_entry, ADMIN.client(), entry | {"selectedBy": ADMIN.me})


def test_a_lineup_entry_cannot_move_to_the_other_team(world: World) -> None:
    entry = world.lineup_entry(world.home, 4)
    seed({lineup_path(world, entry["id"]): entry})
    refused(HOME.client().update, lineup_path(world, entry["id"]), {"teamId": world.away})
    refused(PERSONAS["away_official"].client().update, lineup_path(world, entry["id"]),
            {"teamId": world.away})


def test_a_team_sheet_is_refused_from_officials_and_admins(world: World) -> None:
    """The shape lineups had before one document per player: refused at `{teamId}` and at a
    player's id, signed or not."""
    sheet = world.team_sheet(world.home, updatedBy=HOME.me)
    for client, me in ((HOME.client(), HOME.me), (ADMIN.client(), ADMIN.me)):
        refused(commit_as, client, lineup_path(world, world.home), sheet | {"updatedBy": me},
                server_time=("updatedAt",), exists=False)
        entry = world.lineup_entry(world.home, 3, selectedBy=me)
        refused(world.create_lineup_entry, client, entry | {"players": sheet["players"]})


# --- role assignments and matches (admins) -------------------------------------------------------


UNLAWFUL_MATCHES: dict[str, Callable[[World, dict], dict]] = {
    "an id field that is not the document id": lambda w, m: m | {"id": "other"},
    "three teams": lambda w, m: m | {"teams": m["teams"] + m["teams"][:1]},
    "a team playing itself": lambda w, m: m | {"teams": [m["teams"][0], m["teams"][0]]},
    "a nameless team id": lambda w, m: m | {"teams": [m["teams"][0], {"id": ""}]},
    "0 balls an over": lambda w, m: m | {"ballsPerOver": 0},
    "an unknown status": lambda w, m: m | {"status": "paused"},
    "three innings a side": lambda w, m: m | {"inningsPerSide": 3},
    "a no-ball worth 3": lambda w, m: m | {"noBallRuns": 3},
    "0 scheduled overs": lambda w, m: m | {"scheduledOvers": 0},
    "one player a side": lambda w, m: m | {"playersPerSide": 1},
    "free hits as text": lambda w, m: m | {"freeHitAfterNoBall": "yes"},
    "0 consecutive overs": lambda w, m: m | {"maxConsecutiveOvers": 0},
    "a venue of 201 characters": lambda w, m: m | {"venue": "v" * 201},
    "11 dates": lambda w, m: m | {"dates": ["2025-01-01"] * 11},
    "a toss with an unknown field": lambda w, m: m | {"toss": {"coin": "heads"}},
    "an unknown field": lambda w, m: m | {"sponsor": "x"},
    "players without their ids beside them": lambda w, m: m | {"teams": [
        {k: v for k, v in m["teams"][0].items() if k != "playerIds"}, m["teams"][1]]},
    "player ids that are not a list": lambda w, m: m | {"teams": [
        m["teams"][0] | {"playerIds": "all"}, m["teams"][1]]},
    "51 players in a team": lambda w, m: m | {"teams": [
        m["teams"][0] | {"players": m["teams"][0]["players"][:1] * 51,
                         "playerIds": m["teams"][0]["playerIds"][:1] * 51}, m["teams"][1]]},
}


@pytest.mark.parametrize("why", UNLAWFUL_MATCHES)
def test_a_malformed_match_is_refused_even_from_an_admin(world: World, why: str) -> None:
    doc = UNLAWFUL_MATCHES[why](world, world.match_document(world.new_match_id, "scheduled"))
    refused(ADMIN.client().create, "matches", world.new_match_id, doc)


def test_an_admin_creates_a_match_with_every_field(world: World) -> None:
    doc = world.match_document(world.new_match_id, "scheduled") | {
        "venue": "Lord's", "city": "London", "event": "County Championship", "gender": "male",
        "dates": ["2025-06-01", "2025-06-02"], "freeHitAfterNoBall": True,
        "toss": {"winnerId": world.home, "decision": "bat"},
    }
    ADMIN.client().create("matches", world.new_match_id, doc)


def test_an_action_of_a_match_that_does_not_exist_is_refused(world: World) -> None:
    doc = ball(world, 1) | {"matchId": "no-such-match"}
    refused(SCORER.client().create, "matches/no-such-match/scoring_actions", doc["id"], doc)


def test_a_ball_dated_in_the_future_is_refused(world) -> None:
    refused(create_action, world, ball(world, 1) | {"timestamp": NOW + timedelta(days=3650)})
    accepted(create_action, world, ball(world, 1) | {"timestamp": NOW + timedelta(minutes=5)})


def test_an_action_must_say_it_is_not_voided_so_that_apps_can_query_for_it(world) -> None:
    doc = ball(world)
    del doc["isVoided"]
    refused(create_action, world, doc)
    accepted(create_action, world, ball(world))


def test_a_no_ball_costs_what_the_competition_says(world) -> None:
    no_ball = {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0}

    def with_no_ball(seq: int, runs: int) -> dict:
        return ball(world, seq, runsOffBat=0, extras=no_ball | {"noBall": runs},
                    totalRuns=runs, isLegalDelivery=False)

    refused(create_action, world, with_no_ball(1, 2))  # the match's no-ball is one run
    accepted(create_action, world, with_no_ball(1, 1))



# --- a following of a match, a device (scorebook.notify) -------------------------------------

FAN = PERSONAS["signed_in"]


@pytest.mark.parametrize(("what", "doc", "stamped"), [
    ("every kind, stamped", {"kinds": ["wicket", "milestone", "innings", "result"]}, True),
    ("none named: all", {}, False),
])
def test_a_following_names_kinds_of_the_list(world: World, what: str, doc: dict,
                                             stamped: bool) -> None:
    fan = FAN.client()
    path = f"matches/{world.match_id}/followers/{FAN.me}"
    fan.commit([fan.create_write(path, doc, server_time=("createdAt",) if stamped else ())])
    assert fan.get(path) is not None


@pytest.mark.parametrize(("what", "doc"), [
    ("a kind not in the list", {"kinds": ["sixes"]}),
    ("kinds not a list", {"kinds": "wicket"}),
    ("another field", {"kinds": [], "email": "x@example.com"}),
    ("a time of the client's", {"kinds": [], "createdAt": NOW - timedelta(days=1)}),
])
def test_a_following_refused(world: World, what: str, doc: dict) -> None:
    refused(FAN.client().set, f"matches/{world.match_id}/followers/{FAN.me}", doc)


@pytest.mark.parametrize(("what", "doc"), [
    ("an empty token", {"token": "", "platform": "web"}),
    ("a token of 4,097 characters", {"token": "t" * 4097}),
    ("a token that is not text", {"token": 7}),
    ("a platform not in the list", {"token": "t", "platform": "fax"}),
    ("another field", {"token": "t", "owner": "someone"}),
    ("a time of the client's", {"token": "t", "createdAt": NOW - timedelta(days=1)}),
])
def test_a_device_refused(what: str, doc: dict) -> None:
    refused(FAN.client().set, f"users/{FAN.me}/devices/phone", doc)


def test_a_device_registered_with_the_request_time() -> None:
    fan = FAN.client()
    path = f"users/{FAN.me}/devices/tablet-{uuid.uuid4().hex[:6]}"
    fan.commit([fan.create_write(path, {"token": "t" * 4096, "platform": "ios"},
                                 server_time=("createdAt",))])
    assert fan.get(path) is not None
