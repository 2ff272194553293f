"""Issue 13's hostile suite: attacks on a live match through the real rules and the real
triggers, each case named as the attack reads.

Every attack is made as the person an attacker would be: the assigned scorer of their own
match, a team's manager or captain, a signed-in stranger, an anonymous reader; what only an
admin can write (a checkpoint, a garbage action or lineup, a broken match) is written with
admin credentials (`Bearer owner`). Each one is either

- refused by the rules (`FirestoreError.denied`), and nothing it tried to write is there
  afterwards: this module (the scorer's attacks on the log are in attacks_on_the_log.py,
  those of team officials, role lookups, closed paths, the completed match and other
  matches here); or
- accepted, and then `live/score` settles to exactly the projection of the parseable log
  (`expected_live_score` of the match as the fold takes it, its lineups included), with the
  integrity code the attack must raise, and the match's status and result not faked:
  test_attacks_flagged.py (what a scorer may write) and test_admin_garbage.py (what only an
  admin can).

Cheap refusals share two worlds (a live match, and a completed one) seeded once for the
module; only the accepted attacks get a match of their own and wait for the triggers
(attacks.py is the kit). The last test of this module and of test_admin_garbage.py reads the
emulators' log: no function run raised.

What must still go through: the heaviest lawful ball and lineup entry are controls of the
arena (and tests/rules/test_validation.py writes the heaviest lawful document of each kind);
test_admin_garbage.py writes a generated Test of four innings, cut to 60 overs, by its
scorer through the rules and sees it projected clean; `make bench` replays the full
five-day Test (450 overs, 2,707 actions) through the same rules and triggers.

Attacks that still get through are marked xfail(strict=True) with the reason (GETS_THROUGH).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from scorebook.document import to_document
from scorebook_tools.rest import FirestoreError, to_fields
from tests.emulator.attacks import (
    DAY,
    HUGE,
    LONG_ID,
    admin_client,
    ball,
    client,
    create,
    delete,
    event,
    lineup,
    lineup_path,
    log_since,
    log_size,
    new_action,
    new_lineup,
    path_of,
    put,
    send,
    uid,
    update,
    wicket,
)
from tests.emulator.attacks_on_the_log import (
    ATTACKS,
    EVIL,
    NO_SHOW,
    VOID,
    Arena,
    Attack,
    batches,
    make_arena,
    void_of,
)
from tests.rules.world import NOW, World, assignment


@pytest.fixture(scope="module")
def log_start(emulators: dict[str, str]) -> int:
    """Where the emulators' log stood when the attacks began."""
    return log_size()


@pytest.fixture(scope="module")
def arena(log_start: int) -> Arena:
    return make_arena()


# --- a team official (the home manager; the away captain) writing lineups ---------------------

def _lineup(persona: str = "home_official", team: str = "home", n: int = 1, *,
            server_time: tuple[str, ...] = ("selectedAt",),
            change: Callable[[World, dict], dict] = lambda w, d: d,
            where: str = "live") -> Callable[[Arena], list[list[dict]]]:
    def build(a: Arena) -> list[list[dict]]:
        w = a.live if where == "live" else a.done
        team_id = {"home": w.home, "away": w.away}.get(team, team)
        doc = change(w, lineup(w, team_id, n) | {"selectedBy": uid(persona)})
        return [new_lineup(w, doc, server_time)]
    return build


def _unlisted(w: World, d: dict) -> dict:
    pid = "ringer-from-the-pub"
    return d | {"playerId": pid, "id": f"{d['teamId']}_{pid}"}


LINEUP_SPOILERS: dict[str, Callable[[World, dict], dict]] = {
    "a name of 300,000 characters": lambda w, d: d | {"name": HUGE},
    "a name of 101 characters": lambda w, d: d | {"name": "n" * 101},
    "an empty name": lambda w, d: d | {"name": ""},
    "a name on two lines": lambda w, d: d | {"name": "Home\nALL SCORES FAKE"},
    "an entry for a player the match does not list": _unlisted,
    "an entry whose player id has 129 characters": lambda w, d: d | {
        "playerId": LONG_ID, "id": f"{d['teamId']}_{LONG_ID}"},
    "a lineup for a team not in the match": lambda w, d: d | {
        "teamId": "evil-xi", "id": f"evil-xi_{d['playerId']}"},
    "a team sheet (players[])": lambda w, d: {
        k: v for k, v in w.team_sheet(w.home).items() if k != "createdAt"} | {
        "createdAt": NOW, "selectedBy": d["selectedBy"], "id": d["id"]},
    "a document id that is not team_player": lambda w, d: d | {"id": f"{d['teamId']}_x"},
    "another match's id": lambda w, d: d | {"matchId": w.other_match_id},
    "a role outside the vocabulary": lambda w, d: d | {"role": "twelfth_man"},
    "isCaptain as text": lambda w, d: d | {"isCaptain": "yes"},
    "the keeper spelt isWicketKeeper": lambda w, d: {
        k: v for k, v in d.items() if k != "isWicketkeeper"} | {"isWicketKeeper": True},
    "batting position 21": lambda w, d: d | {"battingPosition": 21},
    "batting position 0": lambda w, d: d | {"battingPosition": 0},
    "batting position as text": lambda w, d: d | {"battingPosition": "1"},
    "a replacement for a player the match does not list": lambda w, d: d | {
        "substitutedFor": "ringer-from-the-pub", "substitutionReason": "injury"},
    "a substitution reason outside the vocabulary": lambda w, d: d | {
        "substitutedFor": w.player(w.home, 2), "substitutionReason": "vibes"},
    "substitutedAt as text": lambda w, d: d | {"substitutedAt": "year one"},
    "createdAt as text": lambda w, d: d | {"createdAt": "yesterday"},
    "an unknown field": lambda w, d: d | {"hack": True},
    "a missing required field (role)": lambda w, d: {k: v for k, v in d.items() if k != "role"},
    "a confirmation signed by someone else": lambda w, d: d | {
        "confirmedBy": "the-coach", "confirmedAt": NOW},
}
for _name, _change in LINEUP_SPOILERS.items():
    batches(f"home manager writes a lineup with {_name}", "home_official",
            _lineup(change=_change))
batches("home manager writes a lineup signed by someone else", "home_official",
        _lineup(change=lambda w, d: d | {"selectedBy": "the-captain"}))
batches("home manager writes a lineup dated by the client", "home_official",
        _lineup(server_time=(), change=lambda w, d: d | {"selectedAt": NOW}))
batches("home manager writes the away team's lineup", "home_official",
        _lineup(team="away", change=lambda w, d: d | {"selectedBy": uid("home_official")}))
batches("away captain writes the home team's lineup", "away_official", _lineup(team="home"))
for _persona in ("scorer", "signed_in", "anonymous", "ex_home_coach", "school_coach",
                 "umpire", "referee", "other_scorer"):
    batches(f"{_persona} writes a home lineup", _persona, _lineup(_persona))
batches("home manager writes a lineup after the match is completed", "home_official",
        _lineup(where="done"))
batches("home manager deletes a lineup after the match is completed", "home_official",
        lambda a: [[delete(f"matches/{a.done.match_id}/lineups/"
                           f"{a.done.home}_{a.done.player(a.done.home, 1)}")]])


def _lineup_batches(total: int, size: int) -> Callable[[Arena], list[list[dict]]]:
    """`total` entries for players the match does not list, in commits of `size`."""
    def build(a: Arena) -> list[list[dict]]:
        w = a.live
        docs = [lineup(w, w.home, 1) | {"playerId": f"p{i:04d}", "id": f"{w.home}_p{i:04d}",
                                        "isCaptain": False, "battingPosition": None}
                for i in range(total)]
        return [[put(lineup_path(w, d), d, ("selectedAt",)) for d in docs[i:i + size]]
                for i in range(0, total, size)]
    return build


batches("home manager writes 1,500 lineup entries in batches of 100", "home_official",
        _lineup_batches(1500, 100))


# --- role lookups ------------------------------------------------------------------------------

batches("zX scores in m-X_evil through the assignment of evil_zX in m-X", f"uid:{EVIL}",
        lambda a: [[create(f"matches/{a.evil_match}/scoring_actions/1-0001",
                           ball(a.live, by=f"uid:{EVIL}", seq=1)
                           | {"matchId": a.evil_match})]])
def _scored_by(persona: str) -> Callable[[Arena], list[list[dict]]]:
    return lambda a: [new_action(a.live, ball(a.live, by=persona))]


for _persona in ("revoked_scorer", "expired_scorer", "future_scorer", "other_scorer", "umpire",
                 "third_umpire", "referee", "home_official", "away_official",
                 "school_director", "signed_in", "anonymous", f"uid:{NO_SHOW}"):
    _label = "a no_show scorer" if _persona == f"uid:{NO_SHOW}" else _persona
    batches(f"{_label} writes a ball", _persona, _scored_by(_persona))


def _assign(persona: str, role: str = "scorer_home", person: str | None = None,
            server_time: tuple[str, ...] = ("assignedAt", "createdAt"), **fields: Any):
    def build(a: Arena) -> list[list[dict]]:
        who = person or uid(persona)
        doc_id, doc = assignment("match_role_assignments", a.live.match_id, who, role,
                                 by=uid(persona), status="confirmed", **fields)
        doc.pop("assignedAt")
        doc.pop("createdAt", None)
        return [[create(f"match_role_assignments/{doc_id}", doc, server_time)]]
    return build


def _forged(build: Callable[[Arena], list[list[dict]]], **fields: Any):
    """The writes of `build` with some fields replaced (what a tampered app sends)."""
    def forged(a: Arena) -> list[list[dict]]:
        return [[{**w, "update": {**w["update"], "fields": {
            **w["update"]["fields"], **to_fields(fields)}}} for w in commit]
            for commit in build(a)]
    return forged


batches("a stranger appoints himself scorer with a forged assignedBy 'admin'", "signed_in",
        _forged(_assign("signed_in"), assignedBy="admin"))
batches("a school director appoints a scorer with a forged assignedBy 'admin'",
        "school_director", _forged(_assign("school_director", person="friend-1"),
                                   assignedBy="admin"))
batches("a school director appoints a scorer with a client-dated assignedAt",
        "school_director", lambda a: [[{**w, "updateTransforms": [
            t for t in w["updateTransforms"] if t["fieldPath"] != "assignedAt"], "update": {
            **w["update"], "fields": {**w["update"]["fields"],
                                      "assignedAt": {"timestampValue": "2020-01-01T00:00:00Z"}}}}
            for w in _assign("school_director", person="friend-2")(a)[0]]])
batches("the home school director appoints the away scorer", "school_director",
        _assign("school_director", role="scorer_away", person="friend-3"))
batches("the home manager appoints a scorer", "home_official",
        _assign("home_official", person="friend-4"))
batches("a scorer appoints a second scorer", "scorer", _assign("scorer", person="friend-5"))
batches("a scorer makes himself an umpire", "scorer", _assign("scorer", role="umpire_on_field"))
batches("a revoked scorer un-revokes himself", "revoked_scorer",
        lambda a: [[update(f"match_role_assignments/{a.live.match_id}_revoked-scorer_"
                           "scorer_away", {"revokedAt": None, "revokedBy": None})]])
batches("an expired scorer extends his own term", "expired_scorer",
        lambda a: [[update(f"match_role_assignments/{a.live.match_id}_expired-scorer_"
                           "scorer_away", {"endDate": NOW + 30 * DAY})]])
batches("a no_show scorer marks himself present", f"uid:{NO_SHOW}",
        lambda a: [[update(f"match_role_assignments/{a.live.match_id}_{NO_SHOW}_scorer_home",
                           {"status": "present"})]])
batches("a stranger makes himself the home team's manager", "signed_in",
        lambda a: [[create(f"team_role_assignments/{a.live.home}_signed-in_manager", {
            "id": f"{a.live.home}_signed-in_manager", "teamId": a.live.home,
            "personId": "signed-in", "role": "manager", "assignedBy": "signed-in",
            "createdAt": NOW, "startDate": NOW - DAY, "isCaptain": False,
            "isViceCaptain": False}, ("assignedAt",))]])
batches("the away captain makes himself captain of the home team", "away_official",
        lambda a: [[create(f"team_role_assignments/{a.live.home}_away-official_player", {
            "id": f"{a.live.home}_away-official_player", "teamId": a.live.home,
            "personId": "away-official", "role": "player", "assignedBy": "away-official",
            "createdAt": NOW, "startDate": NOW - DAY, "isCaptain": True,
            "isViceCaptain": False}, ("assignedAt",))]])
batches("a stranger makes himself a school director", "signed_in",
        lambda a: [[create(f"school_role_assignments/{a.live.school}_signed-in_"
                           "director_of_cricket", {
                               "id": f"{a.live.school}_signed-in_director_of_cricket",
                               "schoolId": a.live.school, "personId": "signed-in",
                               "role": "director_of_cricket", "assignedBy": "signed-in",
                               "createdAt": NOW, "startDate": NOW - DAY, "isPrimary": True},
                           ("assignedAt",))]])
batches("a home manager moves his team to another school", "home_official",
        lambda a: [[update(f"teams/{a.live.home}", {"schoolId": "evil-school"})]])


# --- paths no client writes ----------------------------------------------------------------------

def _path_write(path: Callable[[World], str], doc: Callable[[World], dict] = lambda w: {
        "runs": 9999}, mode: str = "put") -> Callable[[Arena], list[list[dict]]]:
    def build(a: Arena) -> list[list[dict]]:
        p = path(a.live)
        return [[{"put": put, "update": update}[mode](p, doc(a.live)) if mode != "delete"
                 else delete(p)]]
    return build


for _persona in ("scorer", "home_official", "signed_in", "anonymous"):
    batches(f"{_persona} writes live/score", _persona,
            _path_write(lambda w: f"matches/{w.match_id}/live/score",
                        lambda w: {"status": "completed", "result": "FAKE"}))
batches("scorer writes live/lineups", "scorer",
        _path_write(lambda w: f"matches/{w.match_id}/live/lineups"))
batches("scorer deletes live/score", "scorer",
        _path_write(lambda w: f"matches/{w.match_id}/live/score", mode="delete"))
batches("scorer writes the checkpoint (projection/state)", "scorer",
        _path_write(lambda w: f"matches/{w.match_id}/projection/state",
                    lambda w: {"format": 7, "version": math.inf}))
batches("scorer marks his match completed", "scorer",
        _path_write(lambda w: f"matches/{w.match_id}", lambda w: {"status": "completed",
                                                                   "resultType": "win"},
                    mode="update"))
batches("scorer adds himself to the away team's players", "scorer",
        _path_write(lambda w: f"matches/{w.match_id}",
                    lambda w: {"teams": [to_document(t) for t in w.match.teams][:1]},
                    mode="update"))
batches("a stranger creates a match", "signed_in",
        _path_write(lambda w: f"matches/{w.new_match_id}", lambda w: w.match_document(
            w.new_match_id)))
batches("home manager renames the away team", "home_official",
        _path_write(lambda w: f"teams/{w.away}", lambda w: {"id": w.away, "name": "Losers"}))
batches("scorer writes a document in an unknown collection", "scorer",
        _path_write(lambda w: f"matches/{w.match_id}/chat/1", lambda w: {"text": "spam"}))
batches("scorer writes a top-level document", "scorer",
        _path_write(lambda w: f"evil/{w.match_id}", lambda w: {"text": "spam"}))


# --- after the result: the completed match (home won) is locked ------------------------------

def _done(build: Callable[[World], dict]) -> Callable[[Arena], list[list[dict]]]:
    return lambda a: [new_action(a.done, build(a.done))]


batches("scorer bowls a ball after the match is completed", "scorer",
        _done(lambda w: ball(w, innings=2)))
# (the officials' result, whatever it is, and an innings' end still go in after the functions
# completed the match: tests/rules/test_roles.py; what is left is refused)
batches("scorer records an award (Law 16.4: an admin's) after the match is completed", "scorer",
        _done(lambda w: event(w, "match_result", innings=2, result="win", winnerId=w.away,
                              method="Awarded")))
batches("scorer records a result with a method in free text after the match is completed",
        "scorer", _done(lambda w: event(w, "match_result", innings=2, result="draw",
                                        method="rain, visit evil.example")))
batches("scorer records an interruption after the match is completed", "scorer",
        _done(lambda w: event(w, "interruption", innings=2, maxOvers=10)))
batches("scorer starts a super over after a win", "scorer",
        _done(lambda w: event(w, "innings_start", innings=3, battingTeamId=w.away,
                              bowlingTeamId=w.home, isSuperOver=True)))
batches("scorer starts a third innings after the match is completed", "scorer",
        _done(lambda w: event(w, "innings_start", innings=3, battingTeamId=w.away,
                              bowlingTeamId=w.home)))
batches("scorer declares in a T20 (limited overs: no declaring, Law 15.1 replaced)",
        "scorer", lambda a: [new_action(a.live, event(a.live, "declaration", seq=90))])
batches("scorer declares after the match is completed", "scorer",
        _done(lambda w: event(w, "declaration", innings=2)))
batches("scorer adds penalty runs after the match is completed", "scorer",
        _done(lambda w: event(w, "penalty_runs", innings=2, runs=5, awardedToTeamId=w.away)))
batches("umpire voids a ball after the match is completed", "umpire",
        lambda a: [[update(f"matches/{a.done.match_id}/scoring_actions/1-0001",
                           {"isVoided": True, "voidReason": "x", "voidedBy": "umpire"},
                           ("voidedAt",))]])
batches("a school director appoints a scorer after the match is completed", "school_director",
        lambda a: [[{**w, "update": {**w["update"], "name": w["update"]["name"].replace(
            a.live.match_id, a.done.match_id), "fields": {
            **w["update"]["fields"], **to_fields({
                "matchId": a.done.match_id,
                "id": f"{a.done.match_id}_friend-9_scorer_home"})}}}
            for w in _assign("school_director", person="friend-9")(a)[0]]])

# --- cross-match ---------------------------------------------------------------------------------

batches("scorer of another match writes a ball here", "other_scorer",
        lambda a: [new_action(a.live, ball(a.live, by="other_scorer"))])
batches("scorer writes a ball into another match", "scorer",
        lambda a: [[create(f"matches/{a.live.other_match_id}/scoring_actions/1-0001",
                           ball(a.live, seq=1) | {"matchId": a.live.other_match_id})]])
batches("scorer files a ball of another match under his own", "scorer",
        lambda a: [new_action(a.live, ball(a.live) | {"matchId": a.live.other_match_id})])
batches("scorer voids a ball of another match", "scorer",
        lambda a: [[update(f"matches/{a.live.other_match_id}/scoring_actions/1-0001",
                           VOID, ("voidedAt",))]])
batches("home manager writes a lineup into a match his team is not in", "home_official",
        lambda a: [[put(f"matches/{a.done.other_match_id}/lineups/"
                        f"{a.live.home}_{a.live.player(a.live.home, 1)}",
                        lineup(a.live) | {"matchId": a.done.other_match_id},
                        ("selectedAt",))]])
batches("a correction batch whose void names a correction in another match", "scorer",
        lambda a: [[update(f"matches/{a.live.match_id}/scoring_actions/{a.voidable[1]}",
                           VOID | {"correctedBy": f"{a.voidable[1]}-c1"}, ("voidedAt",)),
                    create(f"matches/{a.live.other_match_id}/scoring_actions/"
                           f"{a.voidable[1]}-c1",
                           ball(a.live, seq=int(a.voidable[1][2:])) | {
                               "matchId": a.live.other_match_id,
                               "id": f"{a.voidable[1]}-c1", "corrects": a.voidable[1],
                               "source": "correction"})]])

# --- reads ---------------------------------------------------------------------------------------

READS: dict[str, tuple[str, Callable[[World], str]]] = {
    "scorer reads the checkpoint": ("scorer", lambda w: f"matches/{w.match_id}/projection/state"),
    "a stranger reads the checkpoint": ("signed_in",
                                        lambda w: f"matches/{w.match_id}/projection/state"),
    "a stranger reads the scorer's assignment": (
        "signed_in", lambda w: f"match_role_assignments/{w.match_id}_scorer_scorer_home"),
    "a scorer reads another scorer's assignment": (
        "scorer", lambda w: f"match_role_assignments/{w.match_id}_umpire_umpire_on_field"),
    "anonymous reads the home manager's assignment": (
        "anonymous", lambda w: f"team_role_assignments/{w.home}_home-official_manager"),
    "a home manager reads the school director's assignment": (
        "home_official",
        lambda w: f"school_role_assignments/{w.school}_school-director_director_of_cricket"),
    "scorer reads a top-level document": ("scorer", lambda w: f"evil/{w.match_id}"),
}


def _heaviest(w: World) -> dict[str, Any]:
    """A run out off a no-ball with every optional field at its largest: 33 fielders (the
    most the rules take), a full shot (its longest words), an angle."""
    away = [w.player(w.away, n) for n in range(1, 12)]
    return ball(w, runsOffBat=3, totalRuns=4, isLegalDelivery=False, isBoundary=False,
                extras={"wide": 0, "noBall": 1, "bye": 0, "legBye": 0, "penalty": 0},
                isWicket=True, wicket={
                    "type": "run_out", "dismissedPlayerId": w.player(w.home, 2),
                    "fielderIds": away, "assistFielderIds": away,
                    "substituteFielderIds": [f"sub-{n}".ljust(100, "s") for n in range(11)]},
                shotData={"coordinates": {"x": 0.42, "y": -0.8}, "shotType": "reverse_sweep",
                          "length": "full_toss", "line": "middle_stump", "speed": 250,
                          "wagonWheelSegment": 8},
                bowlingAngle="Round the Wicket", source="manual_entry", createdAt=NOW,
                updatedAt=NOW)


# --- the lawful writes the attacks are variants of (accepted: the refusals are the attack's) ----

CONTROLS: dict[str, tuple[str, Callable[[Arena], list[list[dict]]]]] = {
    "scorer writes a lawful ball": ("scorer", lambda a: [new_action(a.live, ball(a.live))]),
    "scorer writes lawful penalty runs": (
        "scorer", lambda a: [new_action(a.live, event(a.live, "penalty_runs", runs=5,
                                                      awardedToTeamId=a.live.away))]),
    "scorer writes a lawful timed out": (
        "scorer", lambda a: [new_action(a.live, event(a.live, "dismissal", wicket=wicket(
            a.live, "timed_out", 9, [])))]),
    "scorer writes a lawful catch": (
        "scorer", lambda a: [new_action(a.live, ball(a.live, isWicket=True,
                                                     wicket=wicket(a.live)))]),
    "scorer writes a lawful revised target": (
        "scorer", lambda a: [new_action(a.live, event(a.live, "revised_target", target=150,
                                                      maxOvers=18, method="DLS"))]),
    "umpire voids a ball": ("umpire", void_of(VOID | {"voidedBy": "umpire"}, which=2)),
    "scorer writes the heaviest lawful delivery": (
        "scorer", lambda a: [new_action(a.live, _heaviest(a.live))]),
    "home manager writes the heaviest lawful lineup entry": (
        "home_official", _lineup(n=12, change=lambda w, d: d | {
            "name": "n" * 100, "role": "substitute", "battingPosition": 20,
            "substitutedFor": w.player(w.home, 11), "substitutionReason": "concussion",
            "substitutedAt": NOW, "updatedAt": None})),
    "home manager writes a lawful lineup": ("home_official", _lineup()),
    "away captain writes a lawful lineup": ("away_official", _lineup("away_official", "away")),
    "home manager writes 14 lineup entries in one batch": (
        "home_official", lambda a: [[put(lineup_path(a.live, d), d, ("selectedAt",))
                                     for d in (lineup(a.live, a.live.home, n)
                                               for n in range(1, 15))]]),
    "a school director appoints a scorer": (
        "school_director", _assign("school_director", person="friend-0")),
    "scorer records the same result after the match is completed": (
        "scorer", _done(lambda w: event(w, "match_result", innings=2, result="win",
                                        winnerId=w.home))),
}


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_the_rules_refuse(arena: Arena, attack: Attack) -> None:
    who = client(attack.persona)
    commits = attack.writes(arena)
    paths = sorted({path_of(w) for commit in commits for w in commit})
    paths = paths[::max(1, len(paths) // 12)]  # of a flood, a sample is enough
    before = _snapshot(paths)

    def attempt(writes: list[dict]) -> FirestoreError | None:
        try:
            send(who, writes)
        except FirestoreError as error:
            return error
        return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        errors = list(pool.map(attempt, commits))
    accepted = sum(e is None for e in errors)
    assert accepted == 0, f"{accepted} of {len(commits)} writes accepted"
    # The emulator answers a commit of 100 writes or more that its rules refuse with HTTP 500
    # (RST_STREAM closed stream) rather than 403; nothing of it is written either way.
    assert all(e is not None and (e.denied or (e.status == 500 and len(c) >= 100))
               for e, c in zip(errors, commits, strict=True)), {str(e) for e in errors}
    assert _snapshot(paths) == before


def _snapshot(paths: list[str]) -> list[Any]:
    """What is stored at each path (documents only; a path may be a collection's)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda p: admin_client().get(p) if p.count("/") % 2 else None, paths))


@pytest.mark.parametrize("name", READS)
def test_the_rules_refuse_to_read(arena: Arena, name: str) -> None:
    persona, path = READS[name]
    with pytest.raises(FirestoreError) as refused:
        client(persona).get(path(arena.live))
    assert refused.value.denied


@pytest.mark.parametrize("name", CONTROLS)
def test_the_lawful_write_each_attack_spoils_is_accepted(arena: Arena, name: str) -> None:
    persona, build = CONTROLS[name]
    for commit in build(arena):
        send(client(persona), commit)


def test_no_function_run_raised_during_the_attacks(log_start: int) -> None:
    """Every trigger run since the first attack completed: the controls' (the lawful writes
    the attacks spoil) and anything late."""
    text = log_since(log_start)
    errors = re.findall(r"^>\s+((?:[\w.]+)(?:Error|Exception)\b.*)$", text, re.MULTILINE)
    assert not errors and "Traceback" not in text, sorted(set(errors))[:5]
