"""rules/access-matrix.csv as data, and one scenario per (path, operation) row.

A row of the matrix says, for one request and the match's status, whether each persona
(column) is allowed. A scenario sets the world up for that request (what must exist before
it) and makes it as the persona, with a document that is valid in every respect but who
sends it, so that the only thing a cell tests is who may do what.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from scorebook.actions import action_id, parse_action
from scorebook.document import to_document
from scorebook_tools.rest import FirestoreError, FirestoreRest
from scorebook_tools.scoring_app import (
    resolve_dispute,
    submit_action,
    submit_void,
    void_action,
    write_action,
)
from tests.conftest import REPO
from tests.rules.world import (
    NOW,
    PERSONAS,
    Persona,
    Refused,
    World,
    assignment,
    commit_as,
    run_query,
)

MATRIX = REPO / "rules" / "access-matrix.csv"
KEY_COLUMNS = ("path", "operation", "match")
OUTCOMES = ("allow", "deny")


@dataclass(frozen=True)
class Cell:
    path: str
    operation: str
    match_status: str
    persona: str
    expected: str

    def __str__(self) -> str:
        when = f"[{self.match_status}]" if self.match_status else ""
        return f"{self.persona}:{self.operation}:{self.path}{when}"


def read_matrix(path: Path = MATRIX) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def cells(path: Path = MATRIX) -> list[Cell]:
    return [
        Cell(row["path"], row["operation"], row["match"], persona, row[persona])
        for row in read_matrix(path)
        for persona in row
        if persona not in KEY_COLUMNS
    ]


# --- scenarios ---------------------------------------------------------------------------------

Scenario = Callable[[World, Persona], None]
SCENARIOS: dict[tuple[str, str], Scenario] = {}


def scenario(path: str, operation: str) -> Callable[[Scenario], Scenario]:
    def register(fn: Scenario) -> Scenario:
        SCENARIOS[(path, operation)] = fn
        return fn

    return register


def outcome(world: World, persona: Persona, play: Scenario) -> str:
    """'allow' when the request went through, 'deny' when the rules refused it; any other
    failure (a 400 for a malformed request, a 409) is a broken test and is raised."""
    try:
        play(world, persona)
    except Refused:
        return "deny"
    except FirestoreError as error:
        if error.denied:
            return "deny"
        raise
    return "allow"


def _me(world: World, persona: Persona) -> FirestoreRest:
    return world.client(persona)


# matches/{matchId} -------------------------------------------------------------------------


@scenario("matches/{m}", "get")
def _get_match(world: World, persona: Persona) -> None:
    assert _me(world, persona).get(f"matches/{world.match_id}") is not None


@scenario("matches", "list")
def _list_matches(world: World, persona: Persona) -> None:
    run_query(_me(world, persona), "", "matches")


@scenario("matches/{new}", "create")
def _create_match(world: World, persona: Persona) -> None:
    doc = world.match_document(world.new_match_id, "scheduled")
    _me(world, persona).create("matches", world.new_match_id, doc)


@scenario("matches/{m}", "update")
def _update_match(world: World, persona: Persona) -> None:
    _me(world, persona).update(f"matches/{world.match_id}", {"status": "completed"})


@scenario("matches/{m}", "delete")
def _delete_match(world: World, persona: Persona) -> None:
    _me(world, persona).delete(f"matches/{world.match_id}")


# matches/{matchId}/scoring_actions ------------------------------------------------------------


def _with_action(world: World, voided: bool = False) -> str:
    action = world.delivery(PERSONAS["scorer"].me)
    doc = to_document(action)
    if voided:
        doc |= {"isVoided": True, "voidReason": "misclick", "voidedBy": "scorer", "voidedAt": NOW}
    world.given({f"matches/{world.match_id}/scoring_actions/{action.id}": doc})
    return action.id


@scenario("matches/{m}/scoring_actions/{a}", "get")
def _get_action(world: World, persona: Persona) -> None:
    action_id = _with_action(world)
    assert _me(world, persona).get(f"matches/{world.match_id}/scoring_actions/{action_id}")


@scenario("matches/{m}/scoring_actions", "list")
def _list_actions(world: World, persona: Persona) -> None:
    _with_action(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "scoring_actions")


@scenario("matches/{m}/scoring_actions/{new}", "create")
def _create_action(world: World, persona: Persona) -> None:
    write_action(_me(world, persona), world.delivery(persona.me))


def _event(world: World, persona: Persona, kind: str, **fields: object) -> object:
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
    write_action(_me(world, persona),
                 _event(world, persona, "match_result", result="win", winnerId=world.home))


@scenario("matches/{m}/scoring_actions/{super_over}", "create")
def _create_super_over(world: World, persona: Persona) -> None:
    """The super over after a tie."""
    world.given({f"matches/{world.match_id}": world.match_document() | {"resultType": "tie"}})
    write_action(_me(world, persona), _event(
        world, persona, "innings_start", battingTeamId=world.away, bowlingTeamId=world.home,
        isSuperOver=True))


@scenario("matches/{m}/scoring_actions/{a}", "void")
def _void_action(world: World, persona: Persona) -> None:
    action_id = _with_action(world)
    void_action(_me(world, persona), world.match_id, action_id, "misclick", uid=persona.me)


@scenario("matches/{m}/scoring_actions/{a}", "edit")
def _edit_action(world: World, persona: Persona) -> None:
    action_id = _with_action(world)
    path = f"matches/{world.match_id}/scoring_actions/{action_id}"
    _me(world, persona).update(path, {"runsOffBat": 4, "totalRuns": 4})


@scenario("matches/{m}/scoring_actions/{mine}", "retry")
def _retry_action(world: World, persona: Persona) -> None:
    """The persona's own ball written again exactly as stored: an SDK's setDoc() retried
    after its acknowledgement was lost (an update of the document the first write made)."""
    action = world.delivery(persona.me)
    path = f"matches/{world.match_id}/scoring_actions/{action.id}"
    world.given({path: to_document(action)})
    _me(world, persona).set(path, to_document(action))


@scenario("matches/{m}/scoring_actions/{voided}", "unvoid")
def _unvoid_action(world: World, persona: Persona) -> None:
    action_id = _with_action(world, voided=True)
    path = f"matches/{world.match_id}/scoring_actions/{action_id}"
    cleared = {"isVoided": False, "voidReason": None, "voidedBy": None, "voidedAt": None}
    _me(world, persona).update(path, cleared)


@scenario("matches/{m}/scoring_actions/{a}", "delete")
def _delete_action(world: World, persona: Persona) -> None:
    action_id = _with_action(world)
    _me(world, persona).delete(f"matches/{world.match_id}/scoring_actions/{action_id}")


# matches/{matchId}/live/* ---------------------------------------------------------------------


def _live_score(world: World) -> dict:
    return {"matchId": world.match_id, "status": "live", "version": 3}


@scenario("matches/{m}/live/score", "get")
def _get_live(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/score": _live_score(world)})
    assert _me(world, persona).get(f"matches/{world.match_id}/live/score") is not None


@scenario("matches/{m}/live/score", "create")
def _create_live(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"matches/{world.match_id}/live", "score", _live_score(world))


@scenario("matches/{m}/live/score", "update")
def _update_live(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/score": _live_score(world)})
    _me(world, persona).update(f"matches/{world.match_id}/live/score", {"version": 99})


@scenario("matches/{m}/live/score", "delete")
def _delete_live(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/score": _live_score(world)})
    _me(world, persona).delete(f"matches/{world.match_id}/live/score")


@scenario("matches/{m}/live/now", "get")
def _get_live_now(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/now": _live_score(world)})
    assert _me(world, persona).get(f"matches/{world.match_id}/live/now") is not None


@scenario("matches/{m}/live/now", "update")
def _update_live_now(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/now": _live_score(world)})
    _me(world, persona).update(f"matches/{world.match_id}/live/now", {"version": 99})


@scenario("matches/{m}/live/innings{n}", "get")
def _get_live_card(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/live/innings1": {"inningsNumber": 1, "total": 0}})
    assert _me(world, persona).get(f"matches/{world.match_id}/live/innings1") is not None


@scenario("matches/{m}/live/innings{n}", "create")
def _create_live_card(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"matches/{world.match_id}/live", "innings1",
                               {"inningsNumber": 1, "total": 0})


# matches/{matchId}/events/* -------------------------------------------------------------------


def _feed_event(world: World) -> dict:
    return {"seq": 1, "type": "BALL_BOWLED", "key": "BALL_BOWLED", "actionId": "1-0002",
            "order": "01-0002-00-00", "retracted": False}


def _with_event(world: World) -> str:
    path = f"matches/{world.match_id}/events/0000000001"
    world.given({path: _feed_event(world)})
    return path


@scenario("matches/{m}/events/{e}", "get")
def _get_event(world: World, persona: Persona) -> None:
    path = _with_event(world)
    assert _me(world, persona).get(path) is not None


@scenario("matches/{m}/events", "list")
def _list_events(world: World, persona: Persona) -> None:
    _with_event(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "events")


@scenario("matches/{m}/events/{e}", "create")
def _create_event(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"matches/{world.match_id}/events", "0000000002",
                               _feed_event(world))


@scenario("matches/{m}/events/{e}", "update")
def _update_event(world: World, persona: Persona) -> None:
    path = _with_event(world)
    _me(world, persona).update(path, {"retracted": True})


@scenario("matches/{m}/events/{e}", "delete")
def _delete_event(world: World, persona: Persona) -> None:
    path = _with_event(world)
    _me(world, persona).delete(path)


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
    assert _me(world, persona).get(f"{_lineups(world)}/{entry_id}") is not None


@scenario("matches/{m}/lineups", "list")
def _list_lineups(world: World, persona: Persona) -> None:
    _with_entry(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "lineups")


@scenario("matches/{m}/lineups/{home}_{p}", "create")
def _create_entry(world: World, persona: Persona) -> None:
    doc = world.lineup_entry(world.home, 3, selectedBy=persona.me)
    world.create_lineup_entry(_me(world, persona), doc)


@scenario("matches/{m}/lineups/{away}_{p}", "create")
def _create_away_entry(world: World, persona: Persona) -> None:
    doc = world.lineup_entry(world.away, 3, selectedBy=persona.me)
    world.create_lineup_entry(_me(world, persona), doc)


@scenario("matches/{m}/lineups/{home}_{p}", "update")
def _update_entry(world: World, persona: Persona) -> None:
    entry_id = _with_entry(world)
    _me(world, persona).update(f"{_lineups(world)}/{entry_id}", {"battingPosition": 4})


@scenario("matches/{m}/lineups/{home}_{p}", "keeper")
def _change_keeper(world: World, persona: Persona) -> None:
    """Who keeps wicket changes (Law 27), and nothing else of the entry."""
    entry_id = _with_entry(world)
    _me(world, persona).update(f"{_lineups(world)}/{entry_id}", {"isWicketkeeper": True})


@scenario("matches/{m}/lineups/{home}_{p}", "replace")
def _replace(world: World, persona: Persona) -> None:
    """A listed player comes in for another of the XI (a concussion replacement), signed by
    the caller."""
    _with_entry(world, 3)
    doc = world.lineup_entry(world.home, 12, selectedBy=persona.me, role="playing_xi",
                             substitutedFor=world.player(world.home, 3),
                             substitutionReason="concussion")
    world.create_lineup_entry(_me(world, persona), doc)


@scenario("matches/{dual}/lineups/{home}_{p}", "keeper")
def _change_keeper_dual(world: World, persona: Persona) -> None:
    _dual(world)
    _change_keeper(world, persona)


@scenario("matches/{dual}/lineups/{home}_{p}", "replace")
def _replace_dual(world: World, persona: Persona) -> None:
    _dual(world)
    _replace(world, persona)


@scenario("matches/{m}/lineups/{home}_{p}", "delete")
def _delete_entry(world: World, persona: Persona) -> None:
    entry_id = _with_entry(world)
    _me(world, persona).delete(f"{_lineups(world)}/{entry_id}")


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
    commit_as(_me(world, persona), f"{collection}/{doc_id}", doc,
              server_time=("assignedAt", "createdAt"), exists=False)


def _revoke_as(world: World, persona: Persona, collection: str, scope_id: str, role: str,
               **more: object) -> None:
    """Revoke someone else's assignment in `scope_id` as `persona`."""
    doc_id, doc = assignment(collection, scope_id, "someone-else", role, "open", **more)
    world.given({f"{collection}/{doc_id}": doc})
    commit_as(_me(world, persona), f"{collection}/{doc_id}", {"revokedBy": persona.me},
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
        assert _me(world, persona).get(f"{collection}/{doc_id}") is not None

    @scenario(f"{collection}?personId={{me}}", "list")
    def _list_own(world: World, persona: Persona) -> None:
        own(world, persona)
        found = run_query(_me(world, persona), "", collection, where={"personId": persona.me})
        assert found

    @scenario(f"{collection}/{{{short}}}_{{other}}_{{role}}", "get")
    def _get_other(world: World, persona: Persona) -> None:
        doc_id = own(world, persona, uid="someone-else")
        assert _me(world, persona).get(f"{collection}/{doc_id}") is not None

    @scenario(collection, "list")
    def _list_all(world: World, persona: Persona) -> None:
        own(world, persona, uid="someone-else")
        run_query(_me(world, persona), "", collection)

    @scenario(f"{collection}/{{new}}_{{me}}_{{role}}", "create")
    def _create(world: World, persona: Persona) -> None:
        _assign_as(world, persona, collection, getattr(world, new), person=persona.me, role=role)

    @scenario(f"{collection}/{{{short}}}_{{me}}_{{role}}", "update")
    def _update(world: World, persona: Persona) -> None:
        doc_id = own(world, persona)
        later = NOW + timedelta(days=365)
        _me(world, persona).update(f"{collection}/{doc_id}", {"endDate": later})

    @scenario(f"{collection}/{{{short}}}_{{me}}_{{role}}", "delete")
    def _delete(world: World, persona: Persona) -> None:
        doc_id = own(world, persona)
        _me(world, persona).delete(f"{collection}/{doc_id}")


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
    _me(world, persona).update(f"match_role_assignments/{doc_id}",
                               {"revokedBy": None, "revokedAt": None})


@scenario("match_role_assignments/{m}_{other}_{role}", "delete")
def _delete_umpire(world: World, persona: Persona) -> None:
    doc_id, doc = assignment("match_role_assignments", world.match_id, "someone-else",
                             "umpire_reserve")
    world.given({f"match_role_assignments/{doc_id}": doc})
    _me(world, persona).delete(f"match_role_assignments/{doc_id}")


# teams/{teamId} -----------------------------------------------------------------------------


@scenario("teams/{home}", "get")
def _get_team(world: World, persona: Persona) -> None:
    assert _me(world, persona).get(f"teams/{world.home}") is not None


@scenario("teams/{new}", "create")
def _create_team(world: World, persona: Persona) -> None:
    _me(world, persona).create("teams", world.new_team,
                               {"id": world.new_team, "name": "New", "schoolId": world.school})


@scenario("teams/{home}", "update")
def _move_team(world: World, persona: Persona) -> None:
    _me(world, persona).update(f"teams/{world.home}", {"schoolId": world.new_school})


@scenario("teams/{home}", "delete")
def _delete_team(world: World, persona: Persona) -> None:
    _me(world, persona).delete(f"teams/{world.home}")


# anything else ----------------------------------------------------------------------------------


@scenario("users/{me}", "get")
def _get_user(world: World, persona: Persona) -> None:
    world.given({f"users/{persona.me}": {"uid": persona.me}})
    _me(world, persona).get(f"users/{persona.me}")


@scenario("users/{me}", "create")
def _create_user(world: World, persona: Persona) -> None:
    _me(world, persona).create("users", persona.me, {"uid": persona.me})


# team_members/{teamId}: the functions' list of a team's members -----------------------------


@scenario("team_members/{home}", "get")
def _get_team_members(world: World, persona: Persona) -> None:
    assert _me(world, persona).get(f"team_members/{world.home}") is not None


@scenario("team_members/{home}", "create")
def _create_team_members(world: World, persona: Persona) -> None:
    _me(world, persona).create("team_members", world.new_team,
                               {"teamId": world.new_team, "members": {}, "problems": []})


# a private match (match.Match.visibility): its members only -------------------------------


def _private(world: World) -> None:
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


@scenario("matches/{private}/live/score", "get")
def _get_private_live(world: World, persona: Persona) -> None:
    _private(world)
    world.given({f"matches/{world.match_id}/live/score": _live_score(world)})
    assert _me(world, persona).get(f"matches/{world.match_id}/live/score") is not None


@scenario("matches/{private}/live/now", "get")
def _get_private_live_now(world: World, persona: Persona) -> None:
    _private(world)
    world.given({f"matches/{world.match_id}/live/now": _live_score(world)})
    assert _me(world, persona).get(f"matches/{world.match_id}/live/now") is not None


@scenario("matches/{private}/events", "list")
def _list_private_events(world: World, persona: Persona) -> None:
    _private(world)
    _with_event(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "events")


@scenario("matches/{private}/scoring_actions", "list")
def _list_private_actions(world: World, persona: Persona) -> None:
    _private(world)
    _with_action(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "scoring_actions")


@scenario("matches/{private}/lineups", "list")
def _list_private_lineups(world: World, persona: Persona) -> None:
    _private(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "lineups")


# consensus (match.Match.validation DUAL): submissions, disputes, resolutions; the ledger ----


def _dual(world: World) -> None:
    """The match made DUAL: its scorers submit their views, the functions write the log."""
    world.given({f"matches/{world.match_id}": world.match_document() | {"validation": "DUAL"}})


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
    _dual(world)
    write_action(_me(world, persona), world.delivery(persona.me))


@scenario("matches/{dual}/scoring_actions/{a}", "void")
def _void_dual_action(world: World, persona: Persona) -> None:
    _dual(world)
    action = _with_action(world)
    void_action(_me(world, persona), world.match_id, action, "misclick", uid=persona.me)


@scenario("matches/{dual}/submissions/{p}_{me}", "create")
def _submit(world: World, persona: Persona) -> None:
    _dual(world)
    submit_action(_me(world, persona), world.delivery(persona.me), uid=persona.me,
                  role="scorer_home")


@scenario("matches/{m}/submissions/{p}_{me}", "create")
def _submit_single(world: World, persona: Persona) -> None:
    submit_action(_me(world, persona), world.delivery(persona.me), uid=persona.me,
                  role="scorer_home")


@scenario("matches/{dual}/submissions/{p}_{scorer}", "create")
def _submit_for_the_scorer(world: World, persona: Persona) -> None:
    """The persona files a view under the home scorer's name (and signed as them)."""
    _dual(world)
    scorer = PERSONAS["scorer"].me
    submit_action(_me(world, persona), world.delivery(scorer), uid=scorer, role="scorer_home")


@scenario("matches/{dual}/submissions/{p}_{away_scorer}", "create")
def _submit_for_the_away_scorer(world: World, persona: Persona) -> None:
    """The persona files a view signed as the away scorer (who is not them)."""
    _dual(world)
    away = PERSONAS["expired_scorer"].me
    if persona.me == away:
        away = "away-scorer-uid"
    submit_action(_me(world, persona), world.delivery(away), uid=away, role="scorer_away")


@scenario("matches/{dual}/submissions/{a}-void_{me}", "create")
def _submit_void(world: World, persona: Persona) -> None:
    _dual(world)
    action = _with_action(world)
    submit_void(_me(world, persona), world.match_id, action, "misclick", uid=persona.me,
                role="scorer_home")


@scenario("matches/{dual}/submissions/{p}_{scorer}", "get")
def _get_submission(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_submission(world)
    assert _me(world, persona).get(path) is not None


@scenario("matches/{dual}/submissions/{decided}_{scorer}", "get")
def _get_decided_submission(world: World, persona: Persona) -> None:
    """The view of a ball in the log: part of the match's audit trail."""
    _dual(world)
    _with_action(world)
    path = _with_submission(world)
    assert _me(world, persona).get(path) is not None


@scenario("matches/{dual}/submissions?scorerId={me}", "list")
def _list_own_submissions(world: World, persona: Persona) -> None:
    _dual(world)
    _with_submission(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "submissions",
              where={"scorerId": persona.me})


@scenario("matches/{dual}/submissions", "list")
def _list_submissions(world: World, persona: Persona) -> None:
    _dual(world)
    _with_submission(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "submissions")


@scenario("matches/{dual}/submissions/{p}_{scorer}", "update")
def _edit_submission(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_submission(world)
    four = to_document(world.delivery(PERSONAS["scorer"].me, runsOffBat=4, totalRuns=4))
    _me(world, persona).update(path, {"action": four})


@scenario("matches/{dual}/submissions/{p}_{scorer}", "delete")
def _delete_submission(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_submission(world)
    _me(world, persona).delete(path)


@scenario("matches/{dual}/disputes/{p}", "get")
def _get_dispute(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_dispute(world)
    assert _me(world, persona).get(path) is not None


@scenario("matches/{dual}/disputes/{p}", "update")
def _close_dispute(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_dispute(world)
    _me(world, persona).update(path, {"status": "resolved"})


@scenario("matches/{dual}/resolutions/{p}", "create")
def _resolve(world: World, persona: Persona) -> None:
    _dual(world)
    _with_dispute(world)
    resolve_dispute(_me(world, persona), world.match_id, action_id(1, 1), "UMPIRE_OVERRIDE",
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
    _dual(world)
    path = _with_resolution(world)
    assert _me(world, persona).get(path) is not None


@scenario("matches/{dual}/resolutions/{p}", "update")
def _edit_resolution(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_resolution(world)
    _me(world, persona).update(path, {"method": "VIDEO_REVIEW"})


@scenario("matches/{dual}/resolutions/{p}", "delete")
def _delete_resolution(world: World, persona: Persona) -> None:
    _dual(world)
    path = _with_resolution(world)
    _me(world, persona).delete(path)


def _with_ledger_entry(world: World) -> str:
    path = f"matches/{world.match_id}/ledger/0000000001"
    world.given({path: {"n": 1, "change": "append", "actionId": action_id(1, 1),
                        "digest": "0" * 64, "prev": "0" * 64, "hash": "1" * 64}})
    return path


@scenario("matches/{m}/ledger/{n}", "get")
def _get_ledger_entry(world: World, persona: Persona) -> None:
    path = _with_ledger_entry(world)
    assert _me(world, persona).get(path) is not None


@scenario("matches/{m}/ledger/{n}", "create")
def _create_ledger_entry(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"matches/{world.match_id}/ledger", "0000000002",
                               {"n": 2, "change": "append", "actionId": action_id(1, 2)})


@scenario("matches/{m}/ledger/{n}", "update")
def _edit_ledger_entry(world: World, persona: Persona) -> None:
    path = _with_ledger_entry(world)
    _me(world, persona).update(path, {"hash": "2" * 64})


@scenario("matches/{private}/ledger", "list")
def _list_private_ledger(world: World, persona: Persona) -> None:
    _private(world)
    _with_ledger_entry(world)
    run_query(_me(world, persona), f"matches/{world.match_id}", "ledger")


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
    assert _me(world, persona).get(path) is not None


@scenario("competitions", "list")
def _list_competitions(world: World, persona: Persona) -> None:
    _competition(world)
    run_query(_me(world, persona), "", "competitions")


@scenario("competitions/{new}", "create")
def _create_competition(world: World, persona: Persona) -> None:
    competition_id = f"new-{world.match_id}"
    _me(world, persona).create("competitions", competition_id,
                               competition_document(competition_id))


@scenario("competitions/{c}", "update")
def _update_competition(world: World, persona: Persona) -> None:
    competition_id = _competition(world)
    _me(world, persona).update(f"competitions/{competition_id}", {"points": {"win": 4}})


@scenario("competitions/{c}", "delete")
def _delete_competition(world: World, persona: Persona) -> None:
    path = f"competitions/{_competition(world)}"
    _me(world, persona).delete(path)


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
                _me(world, persona).create(collection, f"new_{world.match_id}",
                                           STATISTICS[collection])
                return
            existing = _statistic(world, collection)
            me = _me(world, persona)
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
    assert _me(world, persona).get(path) is not None


@scenario("match_summaries/{m}", "update")
def _update_summary(world: World, persona: Persona) -> None:
    path = _with_summary(world)
    _me(world, persona).update(path, {"result": {"type": "win"}})


@scenario("match_summaries/{m}/balls/{page}", "get")
def _get_archive_page(world: World, persona: Persona) -> None:
    path = f"{_with_summary(world)}/balls/01-00"
    assert _me(world, persona).get(path) is not None


@scenario("match_summaries/{m}/balls/{page}", "create")
def _create_archive_page(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"match_summaries/{world.match_id}/balls", "09-00",
                               {"matchId": world.match_id, "deliveries": []})


@scenario("match_summaries/{private}", "get")
def _get_private_summary(world: World, persona: Persona) -> None:
    _private(world)
    path = _with_summary(world)
    assert _me(world, persona).get(path) is not None


@scenario("match_summaries/{private}/balls", "list")
def _list_private_archive(world: World, persona: Persona) -> None:
    _private(world)
    path = _with_summary(world)
    run_query(_me(world, persona), path, "balls")


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
    assert _me(world, persona).get(path) is not None


@scenario("ingestion/{m}", "create")
def _create_ingestion(world: World, persona: Persona) -> None:
    _me(world, persona).create("ingestion", world.match_id,
                               {"matchId": world.match_id, "status": "live", "version": 0})


@scenario("provider_mappings/{x}", "get")
def _get_mapping(world: World, persona: Persona) -> None:
    world.given({"provider_mappings/feed": {"players": {"fp-1": "p1"}, "teams": {}}})
    assert _me(world, persona).get("provider_mappings/feed") is not None


@scenario("provider_mappings/{x}", "create")
def _create_mapping(world: World, persona: Persona) -> None:
    _me(world, persona).create("provider_mappings", "feed", {"players": {}, "teams": {}})


@scenario("season_contributions/{m}", "get")
def _get_contribution(world: World, persona: Persona) -> None:
    path = _with_contribution(world)
    assert _me(world, persona).get(path) is not None


@scenario("season_contributions/{m}", "create")
def _create_contribution(world: World, persona: Persona) -> None:
    _me(world, persona).create("season_contributions", world.match_id,
                               {"key": {}, "logVersion": 1, "targets": {}})


# followers of a match, and a person's notifications and devices (scorebook.notify) ----------


def _follow(world: World, persona: Persona, uid: str) -> None:
    _me(world, persona).set(f"matches/{world.match_id}/followers/{uid}",
                            {"kinds": ["wicket", "result"]})


@scenario("matches/{m}/followers/{me}", "get")
def _get_following(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/followers/{persona.me}": {"kinds": []}})
    assert _me(world, persona).get(f"matches/{world.match_id}/followers/{persona.me}")


@scenario("matches/{m}/followers/{me}", "create")
def _create_following(world: World, persona: Persona) -> None:
    _follow(world, persona, persona.me)


@scenario("matches/{m}/followers/{me}", "delete")
def _delete_following(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/followers/{persona.me}": {"kinds": []}})
    _me(world, persona).delete(f"matches/{world.match_id}/followers/{persona.me}")


@scenario("matches/{m}/followers/{other}", "get")
def _get_anothers_following(world: World, persona: Persona) -> None:
    world.given({f"matches/{world.match_id}/followers/someone-else": {"kinds": []}})
    assert _me(world, persona).get(f"matches/{world.match_id}/followers/someone-else")


@scenario("matches/{m}/followers/{other}", "create")
def _follow_for_another(world: World, persona: Persona) -> None:
    _follow(world, persona, "someone-else")


@scenario("matches/{private}/followers/{me}", "create")
def _follow_a_private_match(world: World, persona: Persona) -> None:
    _private(world)
    _follow(world, persona, persona.me)


def _notice(world: World, uid: str) -> str:
    path = f"users/{uid}/notifications/{world.match_id}-1-0007-WICKET_FALLEN:1"
    world.given({path: {"matchId": world.match_id, "seq": 1, "kind": "wicket",
                        "title": "Home v Away", "body": "WICKET!"}})
    return path


@scenario("users/{me}/notifications", "list")
def _list_own_notifications(world: World, persona: Persona) -> None:
    _notice(world, persona.me)
    assert run_query(_me(world, persona), f"users/{persona.me}", "notifications")


@scenario("users/{other}/notifications/{x}", "get")
def _get_anothers_notification(world: World, persona: Persona) -> None:
    path = _notice(world, "someone-else")
    assert _me(world, persona).get(path)


@scenario("users/{me}/notifications/{new}", "create")
def _create_a_notification(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"users/{persona.me}/notifications", f"{world.match_id}-9",
                               {"matchId": world.match_id, "seq": 9, "kind": "result",
                                "title": "Home v Away", "body": "Home won"})


@scenario("users/{me}/devices/{new}", "create")
def _register_own_device(world: World, persona: Persona) -> None:
    _me(world, persona).create(f"users/{persona.me}/devices", "phone-1",
                               {"token": "fcm-token-1", "platform": "web"})


@scenario("users/{other}/devices/{new}", "create")
def _register_anothers_device(world: World, persona: Persona) -> None:
    _me(world, persona).create("users/someone-else/devices", "phone-1",
                               {"token": "fcm-token-1", "platform": "web"})


@scenario("users/{me}/notifications/{x}", "delete")
def _clear_own_notification(world: World, persona: Persona) -> None:
    path = _notice(world, persona.me)
    _me(world, persona).delete(path)


@scenario("users/{me}/devices/{x}", "delete")
def _remove_own_device(world: World, persona: Persona) -> None:
    path = f"users/{persona.me}/devices/phone-1"
    world.given({path: {"token": "fcm-token-1", "platform": "web"}})
    _me(world, persona).delete(path)
