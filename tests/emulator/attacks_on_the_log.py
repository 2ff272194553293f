"""The refusals of the hostile suite that the arena's live match meets first: a scorer's
delivery spoiled one field (or its id) at a time, events the Laws or the rules do not allow,
and undo that is not a signed void. Each `attack(...)` adds a case to ATTACKS, which
tests/emulator/test_attacks.py tries; the arena (a live match and a completed one, every
persona in its role) is made once a module.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.emulator.attacks import (
    HUGE,
    LONG_ID,
    action_path,
    ball,
    create,
    delete,
    event,
    new_action,
    next_seq,
    put,
    uid,
    update,
)
from tests.rules.world import NOW, PERSONAS, World, assignment

# --- the worlds the refusals share ------------------------------------------------------------

@dataclass
class Arena:
    """A live match (tests.rules.world: every persona holds its role there) and a completed
    one, with a few extra people and a few actions already in the log."""

    live: World
    done: World
    voidable: list[str] = field(default_factory=list)  # ids of lawful balls to attack
    evil_match: str = ""


NO_SHOW = "no-show-scorer"
EVIL = "zX"


def make_arena() -> Arena:
    live = World(status="live")
    # a scorer who did not come, and the collision `{m}_evil` + `zX` == `{m}` + `evil_zX`
    doc_id, doc = assignment("match_role_assignments", live.match_id, NO_SHOW, "scorer_home",
                             status="no_show")
    evil_match = f"{live.match_id}_evil"
    evil_id, evil = assignment("match_role_assignments", live.match_id, f"evil_{EVIL}",
                               "scorer_home", status="confirmed")
    assert evil_id == f"{evil_match}_{EVIL}_scorer_home"
    live.given({f"match_role_assignments/{doc_id}": doc,
                f"match_role_assignments/{evil_id}": evil,
                f"matches/{evil_match}": live.match_document(evil_match, "live")})
    voidable = [ball(live, seq=next_seq()) for _ in range(3)]
    live.given({action_path(live, b): b for b in voidable})
    done = World(status="completed")
    done.given({f"matches/{done.match_id}": done.match_document()
                | {"resultType": "win", "winnerId": done.home}})
    live.commit()
    done.commit()
    return Arena(live, done, [b["id"] for b in voidable], evil_match)


@dataclass(frozen=True)
class Attack:
    """Who writes what: `writes(arena)` is a list of commits (each a list of writes) made as
    `persona`, every one of which must be refused."""

    name: str
    persona: str
    writes: Callable[[Arena], list[list[dict]]]


def one(build: Callable[[World], list[dict]]) -> Callable[[Arena], list]:
    return lambda a: [build(a.live)]


ATTACKS: list[Attack] = []


def attack(name: str, persona: str, build: Callable[[World], list[dict]]) -> None:
    """An attack of one commit on the live match."""
    ATTACKS.append(Attack(name, persona, one(build)))


def batches(name: str, persona: str, build: Callable[[Arena], list[list[dict]]]) -> None:
    ATTACKS.append(Attack(name, persona, build))


# --- a scorer of the match, a delivery spoiled one field at a time -----------------------------

def _deliver(**fields: Any) -> Callable[[World], list[dict]]:
    return lambda w: new_action(w, ball(w, **fields))


def _deliver_with(change: Callable[[World, dict], dict]) -> Callable[[World], list[dict]]:
    def build(w: World) -> list[dict]:
        doc = dict(change(w, ball(w)))
        doc_id = doc.pop("$docId", None)
        return new_action(w, doc, doc_id)
    return build


DELIVERY_SPOILERS: dict[str, dict[str, Any]] = {
    # ids: one line of 1-128 characters, and a player the match lists
    "a striker id of 129 characters": {"strikerId": LONG_ID},
    "a non-striker id of 129 characters": {"nonStrikerId": LONG_ID},
    "a bowler id of 129 characters": {"bowlerId": LONG_ID},
    "a striker id of 300,000 characters": {"strikerId": HUGE},
    "an empty striker id": {"strikerId": ""},
    "a striker id that is a number": {"strikerId": 42},
    "a striker id that is a list": {"strikerId": ["a", "b"]},
    "a striker id that is a map": {"strikerId": {"id": "x"}},
    "no striker (null)": {"strikerId": None},
    "a striker id on two lines": {"strikerId": "home\nevil"},
    "a striker in neither XI": {"strikerId": "ringer-from-the-pub"},
    "a non-striker in neither XI": {"nonStrikerId": "ringer-from-the-pub"},
    "a bowler in neither XI": {"bowlerId": "ringer-from-the-pub"},
    "the striker also the non-striker": {"nonStrikerId": "home-p1-placeholder"},
    # numbers
    "over number -1": {"overNumber": -1},
    "over number 1000": {"overNumber": 1000},
    "over number 1.5": {"overNumber": 1.5},
    "over number as text": {"overNumber": "0"},
    "ball in over 0": {"ballInOver": 0},
    "ball in over 51": {"ballInOver": 51},
    "ball in over as text": {"ballInOver": "1"},
    "runs off the bat 11": {"runsOffBat": 11, "totalRuns": 11},
    "runs off the bat -1": {"runsOffBat": -1, "totalRuns": -1},
    "runs off the bat 4.0": {"runsOffBat": 4.0, "totalRuns": 4.0},
    "runs off the bat as text": {"runsOffBat": "4", "totalRuns": "4"},
    "runs off the bat 2**62": {"runsOffBat": 2**62, "totalRuns": 2**62},
    "runs off the bat NaN": {"runsOffBat": math.nan, "totalRuns": math.nan},
    "runs off the bat Infinity": {"runsOffBat": math.inf, "totalRuns": math.inf},
    "total runs that do not add up": {"runsOffBat": 1, "totalRuns": 7},
    "a wide of 11": {"extras": {"wide": 11}, "totalRuns": 11, "isLegalDelivery": False},
    "a wide of -1": {"extras": {"wide": -1}, "totalRuns": -1, "isLegalDelivery": False},
    "a wide counted as a legal ball": {"extras": {"wide": 1}, "totalRuns": 1},
    "a wide with runs off the bat": {"extras": {"wide": 1}, "runsOffBat": 4, "totalRuns": 5,
                                     "isLegalDelivery": False},
    "byes and leg-byes on one ball": {"extras": {"bye": 1, "legBye": 1}, "totalRuns": 2},
    "a no-ball of 2 in a match of 1": {"extras": {"noBall": 2}, "totalRuns": 2,
                                       "isLegalDelivery": False},
    "an unknown extra": {"extras": {"bonus": 5}, "totalRuns": 5},
    "extras that are a list": {"extras": [1, 2]},
    "a legal delivery flag as text": {"isLegalDelivery": "yes"},
    "a boundary of 5": {"runsOffBat": 5, "totalRuns": 5, "isBoundary": True},
    "a bowling angle outside the vocabulary": {"bowlingAngle": "Underarm along the ground"},
    "a shot type not in the list": {"shotData": {"shotType": "banana"}},
    "a shot type of 300,000 characters": {"shotData": {"shotType": HUGE}},
    "a shot line not in the list": {"shotData": {"line": "l" * 41}},
    "a shot length not in the list": {"shotData": {"length": "half_volley"}},
    "a shot speed of 251": {"shotData": {"speed": 251}},
    "a shot speed as text": {"shotData": {"speed": "fast"}},
    "a wagon wheel segment of 9 (there are eight)": {"shotData": {"wagonWheelSegment": 9}},
    "shot coordinates as text": {"shotData": {"coordinates": {"x": "a", "y": 1}}},
    "an unknown field in the shot": {"shotData": {"evil": True}},
    # the wicket
    "a wicket of an unknown type": {"isWicket": True, "wicket": {
        "type": "murdered", "dismissedPlayerId": "home-p1-placeholder"}},
    "a wicket flag without a wicket": {"isWicket": True},
    "a wicket without the wicket flag": {"wicket": {
        "type": "bowled", "dismissedPlayerId": "home-p1-placeholder"}},
    "timed out on a delivery": {"isWicket": True, "wicket": {
        "type": "timed_out", "dismissedPlayerId": "home-p1-placeholder"}},
    "an unknown field in the wicket": {"isWicket": True, "wicket": {
        "type": "bowled", "dismissedPlayerId": "home-p1-placeholder", "evil": 1}},
    # the envelope
    "an unknown field": {"hack": True},
    # (a scorer's note on a ball is theirs to write: 280 characters of safe text at most)
    "a note of 281 characters on a delivery": {"note": "N" * 281},
    "a note that reverses the text after it": {"note": "visit \u202elpmaxe.live"},
    "an unknown kind": {"kind": "six_and_out"},
    "signed by someone else": {"recordedBy": "the-other-scorer"},
    "born voided": {"isVoided": True},
    "born with a void reason": {"voidReason": "pre-voided"},
    "born with a voidedBy": {"voidedBy": "scorer"},
    "born naming its correction": {"correctedBy": "1-0001-c1"},
    "a source outside the vocabulary": {"source": "admin"},
    "a ball dated 9999-12-31": {"timestamp": datetime(9999, 12, 31, tzinfo=UTC)},
    "a ball dated two hours ahead": {"timestamp": datetime.now(UTC) + timedelta(hours=2)},
    "a timestamp as text": {"timestamp": "2026-01-01T00:00:00Z"},
    "createdAt as text": {"createdAt": "yesterday"},
    "updatedAt as a number": {"updatedAt": 1},
    "innings number 0": {"inningsNumber": 0},
    "innings number as text": {"inningsNumber": "1"},
    "sequence number as text": {"sequenceNumber": "1"},
}


def _apply(w: World, doc: dict, fields: dict[str, Any]) -> dict:
    out = doc | fields
    for key in ("strikerId", "nonStrikerId", "bowlerId"):
        if out.get(key) == "home-p1-placeholder":
            out[key] = w.player(w.home, 1)
    wicket_doc = out.get("wicket")
    if isinstance(wicket_doc, dict) and wicket_doc.get("dismissedPlayerId") == \
            "home-p1-placeholder":
        out["wicket"] = wicket_doc | {"dismissedPlayerId": w.player(w.home, 1)}
    if isinstance(fields.get("extras"), dict):
        out["extras"] = fields["extras"]
    if fields.get("isWicket") is True and "wicket" not in fields:
        out["wicket"] = None
    return out


def _spoiled(fields: dict[str, Any]) -> Callable[[World], list[dict]]:
    return _deliver_with(lambda w, d: _apply(w, d, fields))


for _name, _fields in DELIVERY_SPOILERS.items():
    attack(f"scorer writes a ball with {_name}", "scorer", _spoiled(_fields))

ID_SPOILERS: dict[str, Callable[[World, dict], dict]] = {
    "a document id that is not its position": lambda w, d: d | {"$docId": "1-9999"},
    "an id field that differs from its document id": lambda w, d: d | {"id": "1-9998"},
    "innings 100": lambda w, d: d | {"inningsNumber": 100, "id": f"100-{d['sequenceNumber']:04d}"},
    "sequence 10000": lambda w, d: d | {"sequenceNumber": 10000, "id": "1-10000"},
    "sequence 0": lambda w, d: d | {"sequenceNumber": 0, "id": "1-0000"},
    "a position written as 1.0": lambda w, d: d | {"inningsNumber": 1.0},
    "a document id with junk after its position": lambda w, d: d | {
        "$docId": f"{d['id']}x", "id": f"{d['id']}x"},
    "a correction of an action that does not exist": lambda w, d: d | {
        "id": f"{d['id']}-c1", "$docId": f"{d['id']}-c1", "corrects": d["id"],
        "source": "correction"},
    "a correction of an action at another position": lambda w, d: d | {
        "id": f"{d['id']}-c1", "$docId": f"{d['id']}-c1", "corrects": "1-0001",
        "source": "correction"},
    "another match's id": lambda w, d: d | {"matchId": w.other_match_id},
}
for _name, _change in ID_SPOILERS.items():
    attack(f"scorer writes a ball with {_name}", "scorer", _deliver_with(_change))


# --- a scorer of the match, events the Laws or the rules do not allow ---------------------------

def _event(kind: str, **fields: Any) -> Callable[[World], list[dict]]:
    return lambda w: new_action(w, event(w, kind, **with_teams(w, fields)))


def with_teams(w: World, fields: dict[str, Any]) -> dict[str, Any]:
    """In a field's value, HOME and AWAY stand for the world's teams, HOMEn and AWAYn for
    their player n."""
    def fix(value: Any) -> Any:
        if isinstance(value, str) and value.startswith(("HOME", "AWAY")):
            team = w.home if value.startswith("HOME") else w.away
            n = value[4:]
            return w.player(team, int(n)) if n else team
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value
    return {k: fix(v) for k, v in fields.items()}


EVENT_SPOILERS: dict[str, tuple[str, dict[str, Any]]] = {
    "six penalty runs of 50 (one of them)": ("penalty_runs", {"runs": 50}),
    "penalty runs of 7": ("penalty_runs", {"runs": 7}),
    "penalty runs of 0": ("penalty_runs", {"runs": 0}),
    "penalty runs of -5": ("penalty_runs", {"runs": -5}),
    "penalty runs of 35": ("penalty_runs", {"runs": 35}),
    "penalty runs as text": ("penalty_runs", {"runs": "5"}),
    "penalty runs to a team not in the match": ("penalty_runs",
                                                {"runs": 5, "awardedToTeamId": "evil-xi"}),
    "a penalty reason of 501 characters": ("penalty_runs", {"runs": 5, "reason": "r" * 501}),
    "a penalty reason of 300,000 characters": ("penalty_runs", {"runs": 5, "reason": HUGE}),
    "a penalty 'when' outside the vocabulary": ("penalty_runs", {"runs": 5, "when": "always"}),
    "an innings end for a reason outside the vocabulary": ("innings_end",
                                                           {"reason": "rain dance"}),
    "an innings end note of 501 characters": ("innings_end", {"note": "n" * 501}),
    "an innings end note of 300,000 characters": ("innings_end", {"note": HUGE}),
    "an innings start for a team not in the match": ("innings_start", {
        "battingTeamId": "evil-xi", "bowlingTeamId": "AWAY"}),
    "an innings start of a team against itself": ("innings_start", {
        "battingTeamId": "HOME", "bowlingTeamId": "HOME"}),
    "an innings start with a target of 0": ("innings_start", {
        "battingTeamId": "HOME", "bowlingTeamId": "AWAY", "target": 0}),
    "an innings start with a target of 2001": ("innings_start", {
        "battingTeamId": "HOME", "bowlingTeamId": "AWAY", "target": 2001}),
    "an innings start of 501 overs": ("innings_start", {
        "battingTeamId": "HOME", "bowlingTeamId": "AWAY", "maxOvers": 501}),
    "an innings start with isSuperOver as text": ("innings_start", {
        "battingTeamId": "HOME", "bowlingTeamId": "AWAY", "isSuperOver": "yes"}),
    "an innings start naming a striker in neither XI": ("innings_start", {
        "battingTeamId": "HOME", "bowlingTeamId": "AWAY", "strikerId": "ringer"}),
    "a retirement of a type outside the vocabulary": ("retirement", {
        "batterId": "HOME1", "type": "retired_bored"}),
    "a retirement of a batter id of 129 characters": ("retirement", {"batterId": LONG_ID}),
    "a retirement of a batter in neither XI": ("retirement", {"batterId": "ringer"}),
    "an absence for a reason outside the vocabulary": ("absence", {
        "batterId": "HOME5", "reason": "at the pub"}),
    "an absence of a batter in neither XI": ("absence", {"batterId": "ringer"}),
    "a dismissal 'bowled' without a delivery": ("dismissal", {"wicket": {
        "type": "bowled", "dismissedPlayerId": "HOME1"}}),
    "a timed out dismissal of a made-up id": ("dismissal", {"wicket": {
        "type": "timed_out", "dismissedPlayerId": "made-up-1"}}),
    "a run out credited to 35 fielders": ("dismissal", {"wicket": {
        "type": "run_out", "dismissedPlayerId": "HOME1", "fielderIds": ["AWAY3"] * 35}}),
    "a run out credited to fielders who are numbers": ("dismissal", {"wicket": {
        "type": "run_out", "dismissedPlayerId": "HOME1", "fielderIds": [1, 2]}}),
    "a batter change of one batter with himself": ("batter_change", {
        "strikerId": "HOME1", "nonStrikerId": "HOME1"}),
    "a batter change to players in neither XI": ("batter_change", {
        "strikerId": "ringer-1", "nonStrikerId": "ringer-2"}),
    "a revised target by a method outside the vocabulary": ("revised_target", {
        "target": 100, "method": "Duckworth-Lewis-Vibes"}),
    "a revised target of 2001": ("revised_target", {"target": 2001}),
    "a revised target of 0 overs": ("revised_target", {"maxOvers": 0}),
    "a declaration with a note": ("declaration", {"note": "we are bored"}),
    "a forfeit with a runs field": ("forfeit", {"runs": 100}),
    "a result with free text as its method": ("match_result", {
        "result": "win", "winnerId": "AWAY", "method": "ALL SCORES FAKE - visit evil.example"}),
    "a result 'Awarded' by a scorer": ("match_result", {
        "result": "win", "winnerId": "AWAY", "method": "Awarded"}),
    "a result outside the vocabulary": ("match_result", {"result": "forfeit_by_vibes"}),
    "a win without a winner": ("match_result", {"result": "win"}),
    "a win for a team not in the match": ("match_result", {"result": "win",
                                                           "winnerId": "evil-xi"}),
    "a draw with a winner": ("match_result", {"result": "draw", "winnerId": "HOME"}),
    "a result margin of 2001 runs": ("match_result", {
        "result": "win", "winnerId": "AWAY", "winMargin": {"runs": 2001}}),
    "a result margin of 30 wickets": ("match_result", {
        "result": "win", "winnerId": "AWAY", "winMargin": {"wickets": 30}}),
    "a result margin with an unknown field": ("match_result", {
        "result": "win", "winnerId": "AWAY", "winMargin": {"runs": 1, "text": "FAKE"}}),
    "a result note of 501 characters": ("match_result", {"result": "draw", "note": "n" * 501}),
    "a result note of 300,000 characters": ("match_result", {"result": "draw", "note": HUGE}),
}
for _name, (_kind, _fields) in EVENT_SPOILERS.items():
    attack(f"scorer writes {_name}", "scorer", _event(_kind, **_fields))


def _many(n: int, build: Callable[[World, int], dict]) -> Callable[[Arena], list[list[dict]]]:
    """n commits of one write each (an app's offline queue flushed at once)."""
    return lambda a: [new_action(a.live, build(a.live, i)) for i in range(n)]


batches("scorer writes 600 deliveries naming new 128-character player ids", "scorer",
        _many(600, lambda w, i: ball(w, strikerId=f"{i:03d}".ljust(128, "s"),
                                     nonStrikerId=f"{i:03d}".ljust(128, "n"))))
batches("scorer writes ten timed_out dismissals of made-up ids", "scorer",
        _many(10, lambda w, i: event(w, "dismissal", wicket={
            "type": "timed_out", "dismissedPlayerId": f"made-up-{i}", "fielderIds": [],
            "assistFielderIds": []})))
batches("scorer writes six penalty_runs of 50", "scorer",
        _many(6, lambda w, i: event(w, "penalty_runs", runs=50)))
batches("scorer writes six penalty_runs of 7", "scorer",
        _many(6, lambda w, i: event(w, "penalty_runs", runs=7)))
batches("scorer writes 600 deliveries in batches of 100", "scorer",
        lambda a: [[create(action_path(a.live, b), b)
                    for b in (ball(a.live, strikerId=f"{i:03d}{j}".ljust(128, "s"))
                              for i in range(100))] for j in range(6)])


# --- undo: only a void, signed, once, naming a correction that exists -------------------------

def void_of(fields: dict[str, Any], server_time: tuple[str, ...] = ("voidedAt",),
          which: int = 0) -> Callable[[Arena], list[list[dict]]]:
    def build(a: Arena) -> list[list[dict]]:
        path = f"matches/{a.live.match_id}/scoring_actions/{a.voidable[which]}"
        return [[update(path, fields, server_time)]]
    return build


VOID = {"isVoided": True, "voidReason": "misclick", "voidedBy": PERSONAS["scorer"].me}
VOID_SPOILERS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "a void whose correctedBy names an action that does not exist":
        (VOID | {"correctedBy": "1-0001-c7"}, ("voidedAt",)),
    "a void whose correctedBy names an action that corrects nothing":
        (VOID | {"correctedBy": "1-0002"}, ("voidedAt",)),
    "a void whose correctedBy is a path": (VOID | {"correctedBy": "../../x"}, ("voidedAt",)),
    "a void signed by someone else": (VOID | {"voidedBy": "the-umpire"}, ("voidedAt",)),
    "a void dated by the client": (VOID | {"voidedAt": NOW}, ()),
    "a void without a reason": (VOID | {"voidReason": ""}, ("voidedAt",)),
    "a void reason of 501 characters": (VOID | {"voidReason": "r" * 501}, ("voidedAt",)),
    "a void reason of 300,000 characters": (VOID | {"voidReason": HUGE}, ("voidedAt",)),
    "a void reason that is a number": (VOID | {"voidReason": 42}, ("voidedAt",)),
    "a void with isVoided 1": (VOID | {"isVoided": 1}, ("voidedAt",)),
    "a void that changes the runs": (VOID | {"runsOffBat": 6, "totalRuns": 6},
                                     ("voidedAt",)),
    "a void that changes the striker": (VOID | {"strikerId": "home-p9"}, ("voidedAt",)),
    "a void that re-signs the ball": (VOID | {"recordedBy": "someone-else"}, ("voidedAt",)),
    "an edit of the runs (no void)": ({"runsOffBat": 6, "totalRuns": 6}, ()),
    "an edit of the timestamp (no void)": ({"timestamp": datetime(9999, 12, 31, tzinfo=UTC)},
                                           ()),
}
for _name, (_fields, _time) in VOID_SPOILERS.items():
    batches(f"scorer makes {_name}", "scorer", void_of(_fields, _time))

batches("scorer deletes a ball", "scorer",
        lambda a: [[delete(f"matches/{a.live.match_id}/scoring_actions/{a.voidable[0]}")]])
batches("scorer overwrites a ball with set()", "scorer",
        lambda a: [[put(f"matches/{a.live.match_id}/scoring_actions/{a.voidable[0]}",
                        ball(a.live, seq=int(a.voidable[0][2:]), runsOffBat=6, totalRuns=6))]])
for _persona in ("signed_in", "anonymous", "referee", "no_show_umpire", "home_official",
                 "other_scorer", "revoked_scorer", "expired_scorer"):
    batches(f"{_persona} voids a ball", _persona, void_of(VOID | {"voidedBy": uid(_persona)}))
