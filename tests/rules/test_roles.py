"""Role assignments as the product schema writes them, through the REST API with the rules.

The access matrix says who may assign, revoke and use a role; these tests say what an
assignment looks like (the schema's documents, filled in, are accepted; anything else is
refused), that rights follow the assignment's whole life (assigned, revoked, ended, held
beside another role), and that a school's officials run their own teams' matches.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scorebook.actions import parse_action
from scorebook.document import to_document
from scorebook.roles import (
    ROLE_ASSIGNMENT_MODELS,
    MatchRoleAssignment,
    SchoolRoleAssignment,
    TeamRoleAssignment,
)
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    assign_match_role,
    assign_school_role,
    assign_team_role,
    void_action,
    write_action,
)
from tests.emulator.harness import PROJECT
from tests.rules.world import (
    DAY,
    NOW,
    PERSONAS,
    SCOPE_FIELDS,
    World,
    assignment,
    commit_as,
    refused,
    seed,
)

ADMIN = PERSONAS["admin"]
DIRECTOR = PERSONAS["school_director"]


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


def as_user(uid: str) -> FirestoreRest:
    return FirestoreRest.as_user(PROJECT, uid)


def sign_and_create(client: FirestoreRest, collection: str, doc_id: str, doc: dict) -> None:
    """Create an assignment as the apps do: assignedAt and createdAt are the server's time."""
    commit_as(client, f"{collection}/{doc_id}", doc, server_time=("assignedAt", "createdAt"),
              exists=False)


def score(world: World, uid: str, seq: int) -> None:
    write_action(as_user(uid), world.delivery(uid, seq))


# --- the schema's documents ----------------------------------------------------------------------

#: Each type definition of the schema with every field given a value.
SCHEMA_DOCUMENTS: dict[str, Callable[[World], dict[str, Any]]] = {
    "school_role_assignments": lambda w: {
        "id": f"{w.school}_p-1_head_coach", "schoolId": w.school, "personId": "p-1",
        "role": "head_coach", "startDate": NOW - DAY, "endDate": NOW + 300 * DAY,
        "seasonId": "2026", "isPrimary": True, "notes": "first XI", "assignedBy": "admin",
        "assignedAt": NOW, "revokedBy": None, "revokedAt": None, "createdAt": NOW,
        "updatedAt": NOW,
    },
    "team_role_assignments": lambda w: {
        "id": f"{w.home}_p-1_player", "teamId": w.home, "personId": "p-1", "role": "player",
        "startDate": NOW - DAY, "endDate": NOW + 300 * DAY, "seasonId": "2026",
        "isCaptain": True, "isViceCaptain": False, "jerseyNumber": "18", "notes": "opener",
        "assignedBy": "admin", "assignedAt": NOW, "createdAt": NOW, "updatedAt": NOW,
    },
    "match_role_assignments": lambda w: {
        "id": f"{w.match_id}_p-1_umpire_on_field", "matchId": w.match_id, "personId": "p-1",
        "role": "umpire_on_field", "status": "present", "assignedAt": NOW,
        "assignedBy": "admin", "confirmedAt": NOW - DAY, "arrivedAt": NOW,
        "performanceRating": 5, "performanceNotes": "sharp on lbw", "createdAt": NOW,
        "updatedAt": NOW,
    },
}
MODELS = dict(zip(SCOPE_FIELDS, (MatchRoleAssignment, TeamRoleAssignment, SchoolRoleAssignment),
                  strict=True))


@pytest.mark.parametrize("collection", SCHEMA_DOCUMENTS)
def test_a_document_written_as_the_schema_shows_is_accepted_and_parsed(
    world: World, collection: str
) -> None:
    doc = SCHEMA_DOCUMENTS[collection](world)
    MODELS[collection].model_validate(doc)  # the models are the schema
    sign_and_create(ADMIN.client(), collection, doc["id"], doc)


def test_every_vocabulary_of_the_schema_is_accepted(world: World) -> None:
    for model in ROLE_ASSIGNMENT_MODELS:
        collection = next(c for c, m in MODELS.items() if m is model)
        scope = {"match_role_assignments": world.new_match_id,
                 "team_role_assignments": world.new_team,
                 "school_role_assignments": world.new_school}[collection]
        for role in model.model_fields["role"].annotation.__args__:
            doc_id, doc = assignment(collection, scope, "p-2", role, by=ADMIN.me)
            sign_and_create(ADMIN.client(), collection, doc_id, doc)
    for status in ("assigned", "confirmed", "present", "no_show"):
        doc_id, doc = assignment("match_role_assignments", world.new_match_id, f"p-{status}",
                                 "umpire_reserve", by=ADMIN.me, status=status)
        sign_and_create(ADMIN.client(), "match_role_assignments", doc_id, doc)


def _match_role(world: World, **fields: Any) -> tuple[str, str, dict]:
    doc_id, doc = assignment("match_role_assignments", world.new_match_id, "someone",
                             "scorer_home", by=ADMIN.me)
    return "match_role_assignments", doc_id, doc | fields


def _team_role(world: World, role: str = "coach", **fields: Any) -> tuple[str, str, dict]:
    doc_id, doc = assignment("team_role_assignments", world.new_team, "someone", role,
                             by=ADMIN.me)
    return "team_role_assignments", doc_id, doc | fields


def _without(found: tuple[str, str, dict], *keys: str, **renamed: str) -> tuple[str, str, dict]:
    """The assignment without `keys`, and with each field `renamed[new] = old`."""
    collection, doc_id, doc = found
    doc = {k: v for k, v in doc.items() if k not in keys}
    for new, old in renamed.items():
        doc[new] = doc.pop(old)
    return collection, doc_id, doc


UNLAWFUL: dict[str, Callable[[World], tuple[str, str, dict]]] = {
    "the old id matchId_uid": lambda w: ("match_role_assignments", f"{w.new_match_id}_someone",
                                         _match_role(w, id=f"{w.new_match_id}_someone")[2]),
    "an id field that is not the document id": lambda w: _match_role(w, id="x"),
    # (a match role is read at `{matchId}_{uid}_{role}` and its personId not compared with the
    # caller's: the id, its match and its role imply it, so long as no id names another person)
    "an id naming another person": lambda w: _match_role(w, personId="someone-else"),
    "the person as uid": lambda w: _without(_match_role(w), uid="personId"),
    "a role the schema does not have (umpire)": lambda w: _match_role(w, role="umpire"),
    "a status the schema does not have": lambda w: _match_role(w, status="withdrawn"),
    "no status": lambda w: _without(_match_role(w), "status"),
    "no assignedBy": lambda w: _without(_match_role(w), "assignedBy"),
    "assigned by someone else": lambda w: _match_role(w, assignedBy="someone-else"),
    "a rating of 6": lambda w: _match_role(w, performanceRating=6),
    "an end before the start": lambda w: _match_role(w, startDate=NOW, endDate=NOW - DAY),
    "a start date as text": lambda w: _match_role(w, startDate="2025-01-01"),
    "revoked with no one revoking": lambda w: _match_role(w, revokedAt=NOW),
    "an unknown field": lambda w: _match_role(w, canVoid=True),
    "a source with capitals": lambda w: _match_role(w, source="Migration"),
    "captain as a team role": lambda w: _team_role(w, "captain"),
    "a team role with no captaincy flags": lambda w: _without(_team_role(w), "isCaptain",
                                                              "isViceCaptain"),
    "a team term with no start": lambda w: _team_role(w, startDate=None),
    "a school role the schema does not have": lambda w: (
        "school_role_assignments", *assignment("school_role_assignments", w.new_school,
                                               "someone", "teacher", by=ADMIN.me)),
}


@pytest.mark.parametrize("why", UNLAWFUL)
def test_a_malformed_assignment_is_refused_even_from_an_admin(world: World, why: str) -> None:
    collection, doc_id, doc = UNLAWFUL[why](world)
    refused(sign_and_create, ADMIN.client(), collection, doc_id, doc)


# --- what a role grants, over its life ------------------------------------------------------------


def test_scorers_score_on_field_and_third_umpires_void_and_others_do_nothing(
    world: World,
) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    assign_match_role(admin, world.match_id, "u-away", "scorer_away", "confirmed")
    for role in ("umpire_third", "umpire_reserve", "match_referee", "medical_officer",
                 "groundskeeper"):
        assign_match_role(admin, world.match_id, f"u-{role}", role, "present")
    score(world, "u-away", 1)
    for seq, role in enumerate(("umpire_reserve", "match_referee", "medical_officer",
                                "groundskeeper"), start=2):
        refused(score, world, f"u-{role}", seq)
        refused(void_action, as_user(f"u-{role}"), world.match_id, "1-0001", "no",
                uid=f"u-{role}")
    void_action(as_user("u-umpire_third"), world.match_id, "1-0001", "replay: not out",
                uid="u-umpire_third")


def test_a_revoked_scorer_stops_scoring_and_the_revocation_stays(world: World) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    path = assign_match_role(admin, world.match_id, "u-1", "scorer_home", "confirmed")
    score(world, "u-1", 1)
    commit_as(ADMIN.client(), path, {"revokedBy": ADMIN.me}, server_time=("revokedAt",),
              merge=True)
    refused(score, world, "u-1", 2)
    # history is kept: nobody un-revokes, not even an admin (re-appointing is an admin's repair)
    refused(ADMIN.client().update, path, {"revokedBy": None, "revokedAt": None})
    refused(ADMIN.client().update, path, {"status": "present"})
    assert ADMIN.client().get(path)["revokedBy"] == ADMIN.me


def test_a_person_holds_two_roles_in_a_match_and_keeps_the_one_not_revoked(
    world: World,
) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    scorer = assign_match_role(admin, world.match_id, "u-2", "scorer_neutral", "confirmed")
    assign_match_role(admin, world.match_id, "u-2", "umpire_on_field", "present")
    score(world, "u-2", 1)
    commit_as(ADMIN.client(), scorer, {"revokedBy": ADMIN.me}, server_time=("revokedAt",),
              merge=True)
    refused(score, world, "u-2", 2)
    void_action(as_user("u-2"), world.match_id, "1-0001", "signal misread", uid="u-2")


def test_a_team_role_grants_lineups_only_within_its_term(world: World) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    assign_team_role(admin, world.home, "u-coach", "coach", end=NOW - DAY, start=NOW - 9 * DAY)
    assign_team_role(admin, world.home, "u-ac", "assistant_coach")
    assign_team_role(admin, world.home, "u-player", "player")
    assign_team_role(admin, world.away, "u-captain", "player", captain=True)
    for uid, team, n, ok in (("u-coach", world.home, 2, False), ("u-ac", world.home, 3, True),
                             ("u-player", world.home, 4, False),
                             ("u-captain", world.away, 5, True)):
        entry = world.lineup_entry(team, n, selectedBy=uid)
        if ok:
            world.create_lineup_entry(as_user(uid), entry)
        else:
            refused(world.create_lineup_entry, as_user(uid), entry)


# --- delegation: a school runs its own matches ------------------------------------------------


def test_a_director_of_cricket_appoints_a_scorer_who_then_scores(world: World) -> None:
    doc_id, doc = assignment("match_role_assignments", world.match_id, "u-3", "scorer_home",
                             by=DIRECTOR.me, status="confirmed")
    sign_and_create(DIRECTOR.client(), "match_role_assignments", doc_id, doc)
    score(world, "u-3", 1)
    # ... and revokes them; the assignment stays, signed by the director
    commit_as(DIRECTOR.client(), f"match_role_assignments/{doc_id}",
              {"revokedBy": DIRECTOR.me}, server_time=("revokedAt",), merge=True)
    refused(score, world, "u-3", 2)
    refused(DIRECTOR.client().delete, f"match_role_assignments/{doc_id}")


def test_the_audit_trail_is_the_servers_clock_an_assignment_cannot_be_backdated(
        world: World) -> None:
    """assignedAt was the request's time; createdAt was anything: a school director's
    appointment could say it was made a year ago. Both are the server's now."""
    doc_id, doc = assignment("match_role_assignments", world.match_id, "u-9", "scorer_home",
                             by=DIRECTOR.me, status="confirmed")
    year_ago = datetime.now(UTC) - timedelta(days=365)
    refused(commit_as, DIRECTOR.client(), f"match_role_assignments/{doc_id}",
            doc | {"createdAt": year_ago}, server_time=("assignedAt",), exists=False)
    sign_and_create(DIRECTOR.client(), "match_role_assignments", doc_id, doc)
    refused(commit_as, DIRECTOR.client(), f"match_role_assignments/{doc_id}",
            {"createdAt": year_ago}, merge=True)  # nor later


def test_a_school_administrator_appoints_a_coach_who_then_writes_the_lineup(
    world: World,
) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    assign_school_role(admin, world.school, "u-admin", "administrator")
    doc_id, doc = assignment("team_role_assignments", world.home, "u-4", "coach",
                             by="u-admin", window="now")
    sign_and_create(as_user("u-admin"), "team_role_assignments", doc_id, doc)
    entry = world.lineup_entry(world.home, 6, selectedBy="u-4")
    world.create_lineup_entry(as_user("u-4"), entry)


def test_a_school_official_has_no_say_over_another_schools_team_or_a_past_term(
    world: World,
) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    assign_school_role(admin, world.away_school, "u-away-dir", "director_of_cricket",
                       start=NOW - 9 * DAY, end=NOW - DAY)
    doc_id, doc = assignment("team_role_assignments", world.away, "u-5", "coach", by="u-away-dir")
    refused(sign_and_create, as_user("u-away-dir"), "team_role_assignments", doc_id, doc)
    doc_id, doc = assignment("team_role_assignments", world.away, "u-5", "coach",
                             by=DIRECTOR.me)
    refused(sign_and_create, DIRECTOR.client(), "team_role_assignments", doc_id, doc)
    # nor over school roles, even at their own school
    doc_id, doc = assignment("school_role_assignments", world.school, "u-5", "scorer",
                             by=DIRECTOR.me)
    refused(sign_and_create, DIRECTOR.client(), "school_role_assignments", doc_id, doc)


def test_a_team_without_a_school_is_the_admins_alone(world: World) -> None:
    seed({f"teams/{world.new_team}": {"id": world.new_team, "name": "Wanderers"}})
    doc_id, doc = assignment("team_role_assignments", world.new_team, "u-6", "manager",
                             by=DIRECTOR.me)
    refused(sign_and_create, DIRECTOR.client(), "team_role_assignments", doc_id, doc)


# --- attacks (a red-team pass): each is refused -----------------------------------------------


def _lineup(match_id: str, team_id: str, player_id: str, by: str) -> dict[str, Any]:
    return {"id": f"{team_id}_{player_id}", "matchId": match_id, "teamId": team_id,
            "playerId": player_id, "role": "playing_xi", "isCaptain": False,
            "isViceCaptain": False, "isWicketkeeper": False, "selectedBy": by,
            "selectedAt": NOW, "createdAt": NOW}


def _suffix() -> str:
    return uuid.uuid4().hex[:8]


def test_an_underscore_in_a_team_id_grants_no_role_in_another_schools_team() -> None:
    """Team `k` is school A's, `k_b` school B's: A's director appoints (team `k`, person
    `b_eve`), whose id is that of (team `k_b`, person `eve`). The rules compare the document's
    own team and person with the request, so eve gets nothing in `k_b`."""
    s = _suffix()
    mine, victim, match_id, eve = f"k-{s}", f"k-{s}_b", f"mk-{s}", f"eve-{s}"
    seed({
        f"teams/{mine}": {"id": mine, "name": "Kings", "schoolId": f"sa-{s}"},
        f"teams/{victim}": {"id": victim, "name": "Kings B", "schoolId": f"sb-{s}"},
        f"matches/{match_id}": {"id": match_id, "status": "scheduled", "teams": [
            {"id": victim, "name": "Kings B"}, {"id": f"opp-{s}", "name": "Opp"}]},
    })
    assign_school_role(FirestoreRest.as_admin(PROJECT), f"sa-{s}", f"dir-{s}",
                       "director_of_cricket")
    doc_id, doc = assignment("team_role_assignments", mine, f"b_{eve}", "coach", by=f"dir-{s}")
    assert doc_id == f"{victim}_{eve}_coach"
    sign_and_create(as_user(f"dir-{s}"), "team_role_assignments", doc_id, doc)
    entry = _lineup(match_id, victim, "planted", eve)
    refused(commit_as, as_user(eve), f"matches/{match_id}/lineups/{entry['id']}", entry,
            server_time=("selectedAt",), exists=False)


def test_an_underscore_in_a_match_id_grants_no_scoring_in_another_match() -> None:
    s = _suffix()
    mine, victim, eve = f"fin-{s}", f"fin-{s}_2", f"eve-{s}"
    seed({
        f"teams/a-{s}": {"id": f"a-{s}", "name": "A", "schoolId": f"sa-{s}"},
        f"matches/{mine}": {"id": mine, "status": "live", "teams": [
            {"id": f"a-{s}", "name": "A"}, {"id": f"b-{s}", "name": "B"}]},
        f"matches/{victim}": {"id": victim, "status": "live", "teams": [
            {"id": f"c-{s}", "name": "C"}, {"id": f"d-{s}", "name": "D"}]},
    })
    assign_school_role(FirestoreRest.as_admin(PROJECT), f"sa-{s}", f"dir-{s}",
                       "director_of_cricket")
    doc_id, doc = assignment("match_role_assignments", mine, f"2_{eve}", "scorer_home",
                             by=f"dir-{s}")
    assert doc_id == f"{victim}_{eve}_scorer_home"
    sign_and_create(as_user(f"dir-{s}"), "match_role_assignments", doc_id, doc)
    ball = to_document(World().delivery(eve, 1)) | {"matchId": victim}
    refused(as_user(eve).create, f"matches/{victim}/scoring_actions", ball["id"], ball)


def test_a_lineup_entry_cannot_be_moved_to_another_team_by_an_update() -> None:
    s = _suffix()
    home, away, match_id = f"h-{s}", f"h-{s}_b", f"mh-{s}"
    seed({f"matches/{match_id}": {"id": match_id, "status": "scheduled", "teams": [
        {"id": home, "name": "H"}, {"id": away, "name": "H B"}]}})
    assign_team_role(FirestoreRest.as_admin(PROJECT), home, f"mgr-{s}", "manager")
    entry = _lineup(match_id, home, "b_x", f"mgr-{s}")  # its id is also (away, "x")'s
    path = f"matches/{match_id}/lineups/{entry['id']}"
    commit_as(as_user(f"mgr-{s}"), path, entry, server_time=("selectedAt",), exists=False)
    moved = entry | {"teamId": away, "playerId": "x"}
    refused(commit_as, as_user(f"mgr-{s}"), path, moved, server_time=("selectedAt",))


def test_audit_fields_cannot_be_half_rewritten(world: World) -> None:
    path = f"match_role_assignments/{world.match_id}_umpire_umpire_on_field"  # by the admin
    refused(commit_as, DIRECTOR.client(), path, {"assignedBy": DIRECTOR.me}, merge=True)
    refused(commit_as, DIRECTOR.client(), path, {}, server_time=("assignedAt",), merge=True)
    refused(commit_as, DIRECTOR.client(), path, {"createdAt": NOW - 400 * DAY}, merge=True)
    # re-signing both together is an appointment made anew, by the caller, now
    commit_as(DIRECTOR.client(), path, {"assignedBy": DIRECTOR.me},
              server_time=("assignedAt",), merge=True)


def test_each_school_appoints_its_own_scorer_and_not_the_other_sides(world: World) -> None:
    admin = FirestoreRest.as_admin(PROJECT)
    assign_school_role(admin, world.away_school, "away-admin", "administrator")
    away = as_user("away-admin")
    doc_id, doc = assignment("match_role_assignments", world.match_id, "o-1", "scorer_away",
                             by="away-admin")
    sign_and_create(away, "match_role_assignments", doc_id, doc)
    for role in ("scorer_home", "umpire_on_field"):
        other_id, other = assignment("match_role_assignments", world.match_id, "o-2", role,
                                     by="away-admin")
        refused(sign_and_create, away, "match_role_assignments", other_id, other)
    # the home school neither stands the away scorer down nor appoints one
    refused(commit_as, DIRECTOR.client(), f"match_role_assignments/{doc_id}",
            {"revokedBy": DIRECTOR.me}, server_time=("revokedAt",), merge=True)
    refused(commit_as, DIRECTOR.client(), f"match_role_assignments/{doc_id}",
            {"status": "no_show"}, merge=True)
    commit_as(away, f"match_role_assignments/{doc_id}", {"revokedBy": "away-admin"},
              server_time=("revokedAt",), merge=True)


def test_in_a_match_both_sides_must_agree_on_the_neutral_officials_are_an_admins() -> None:
    """Under DUAL and TRIPLE the neutral scorer breaks the sides' tie and the umpires settle
    their disputes: the home school appointed them, and so chose who decides against the
    away side. Its own scorer it still appoints; in a SINGLE match, everyone as before."""
    for validation, neutral_ok in (("DUAL", False), ("TRIPLE", False), ("SINGLE", True)):
        world = World(status="live")
        world.match = world.match.model_copy(update={"validation": validation})
        world.given({f"matches/{world.match_id}": world.match_document()})
        world.commit()
        for person, role in (("n-1", "scorer_neutral"), ("u-1", "umpire_on_field"),
                             ("r-1", "match_referee")):
            doc_id, doc = assignment("match_role_assignments", world.match_id, person, role,
                                     by=DIRECTOR.me)
            if neutral_ok:
                sign_and_create(DIRECTOR.client(), "match_role_assignments", doc_id, doc)
            else:
                refused(sign_and_create, DIRECTOR.client(), "match_role_assignments", doc_id,
                        doc)
                admin_doc = doc | {"assignedBy": ADMIN.me}
                sign_and_create(ADMIN.client(), "match_role_assignments", doc_id, admin_doc)
        doc_id, doc = assignment("match_role_assignments", world.match_id, "h-1", "scorer_home",
                                 by=DIRECTOR.me)
        sign_and_create(DIRECTOR.client(), "match_role_assignments", doc_id, doc)


def test_no_school_official_appoints_anyone_once_the_match_is_over() -> None:
    world = World(status="completed")
    world.commit()
    doc_id, doc = assignment("match_role_assignments", world.match_id, "late", "scorer_home",
                             by=DIRECTOR.me)
    refused(sign_and_create, DIRECTOR.client(), "match_role_assignments", doc_id, doc)


def _event(world: World, kind: str, innings: int, seq: int, **fields: Any) -> dict[str, Any]:
    """A lawful action of `kind` at (innings, seq), signed by the scorer."""
    base = to_document(world.delivery(PERSONAS["scorer"].me, seq))
    base = {k: base[k] for k in ("matchId", "timestamp", "recordedBy")}
    return to_document(parse_action(base | {
        "id": f"{innings}-{seq:04d}", "inningsNumber": innings, "sequenceNumber": seq,
        "kind": kind, **fields}))


def test_after_the_functions_found_a_result_a_scorer_records_what_closes_the_match() -> None:
    """Whatever the functions derived first, the officials' result (which stands) and the
    innings' end still go in: a lawful closing write never depends on how fast they ran.
    A ball, or anything else, needs an admin."""
    world = World(status="completed")
    world.given({f"matches/{world.match_id}": world.match_document()
                 | {"resultType": "win", "winnerId": world.home}})
    world.commit()
    scorer = PERSONAS["scorer"].client()
    log = f"matches/{world.match_id}/scoring_actions"
    for seq, (kind, fields) in enumerate((
            ("innings_end", {"reason": "all_out"}),
            ("match_result", {"result": "win", "winnerId": world.away, "method": "D/L"}),
            ("match_result", {"result": "no_result"})), start=1):
        doc = _event(world, kind, 2, seq, **fields)
        scorer.create(log, doc["id"], doc)
    for seq, (kind, fields) in enumerate((
            ("interruption", {"maxOvers": 10}),
            ("penalty_runs", {"runs": 5}),
            ("declaration", {})), start=4):
        doc = _event(world, kind, 2, seq, **fields)
        refused(scorer.create, log, doc["id"], doc)
    doc = _event(world, "match_result", 2, 7, result="win", winnerId=world.home)
    scorer.create(log, doc["id"], doc)
    super_over = _event(world, "innings_start", 3, 1, battingTeamId=world.away,
                        bowlingTeamId=world.home, isSuperOver=True)
    refused(scorer.create, log, super_over["id"], super_over)  # no tie, no super over


def test_after_a_tie_the_super_over_goes_in_ball_by_ball_before_the_functions_fold_its_start(
        ) -> None:
    """The match is completed as a tie until the functions fold the super over's start: a
    device that sends the start and its first balls at once (or a scorer while the
    functions run behind) has every one of them taken, in either innings of the super over.
    A ball of an innings that no super over started, or of a super over after which another
    innings started, is still refused; and once a super over has decided the match (a
    winner), neither another super over nor a ball of one goes in."""
    world = World(status="completed")
    world.given({f"matches/{world.match_id}": world.match_document() | {"resultType": "tie"}})
    world.commit()
    scorer = PERSONAS["scorer"].client()
    log = f"matches/{world.match_id}/scoring_actions"

    def ball(innings: int, seq: int) -> dict:
        return to_document(world.delivery(PERSONAS["scorer"].me, seq).model_copy(update={
            "id": f"{innings}-{seq:04d}", "inningsNumber": innings}))

    def start(innings: int) -> dict:
        return _event(world, "innings_start", innings, 1, battingTeamId=world.away,
                      bowlingTeamId=world.home, isSuperOver=True)

    refused(scorer.create, log, "2-0002", ball(2, 2))  # the tied innings: no super over
    scorer.create(log, "3-0001", start(3))
    scorer.create(log, "3-0002", ball(3, 2))
    scorer.create(log, "3-0003", ball(3, 3))
    scorer.create(log, "4-0001", start(4))
    scorer.create(log, "4-0002", ball(4, 2))
    refused(scorer.create, log, "3-0004", ball(3, 4))  # the next innings has started

    decided = World(status="completed")
    decided.given({f"matches/{decided.match_id}": decided.match_document()
                   | {"resultType": "tie", "winnerId": decided.home}})
    decided.commit()
    log = f"matches/{decided.match_id}/scoring_actions"
    decided.given({f"{log}/3-0001": start(3) | {"matchId": decided.match_id}})
    decided.commit()
    late = to_document(decided.delivery(PERSONAS["scorer"].me, 2).model_copy(update={
        "id": "3-0002", "inningsNumber": 3}))
    refused(scorer.create, log, late["id"], late)
    again = _event(decided, "innings_start", 5, 1, battingTeamId=decided.away,
                   bowlingTeamId=decided.home, isSuperOver=True)
    refused(scorer.create, log, again["id"], again)


def test_after_the_result_only_the_action_that_completed_the_match_is_voided_within_the_day(
        ) -> None:
    """A winning run the scorer got wrong is taken back at the ground: the last action
    standing (live/now's lastActionId), recorded less than a day ago. An earlier action, or
    the last one of a match completed days ago, stays an admin's to void."""
    world = World(status="completed")
    world.given({f"matches/{world.match_id}": world.match_document()
                 | {"resultType": "win", "winnerId": world.home}})
    log = f"matches/{world.match_id}/scoring_actions"
    me = PERSONAS["scorer"].me
    for seq in (1, 2):
        world.given({f"{log}/1-000{seq}": to_document(world.delivery(me, seq))})
    world.given({f"matches/{world.match_id}/live/now": {"lastActionId": "1-0002"}})
    world.commit()
    scorer = PERSONAS["scorer"].client()
    refused(void_action, scorer, world.match_id, "1-0001", "misclick", uid=me)
    void_action(scorer, world.match_id, "1-0002", "the winning run was a dot", uid=me)

    old = World(status="completed")
    old.given({f"matches/{old.match_id}/scoring_actions/1-0001": to_document(
        old.delivery(me, 1).model_copy(update={"timestamp": NOW - 2 * DAY}))})
    old.given({f"matches/{old.match_id}/live/now": {"lastActionId": "1-0001"}})
    old.commit()
    refused(void_action, scorer, old.match_id, "1-0001", "misclick", uid=me)
    void_action(ADMIN.client(), old.match_id, "1-0001", "the result was wrong", uid=ADMIN.me)
