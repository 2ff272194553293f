"""Issue 13's hostile suite: attacks on a live match through the real rules and the real
triggers, each case named as the attack reads.

Every attack is made as the person an attacker would be: the assigned scorer of their own
match, a team's manager or captain, a signed-in stranger, an anonymous reader; what only an
admin can write (a checkpoint, a garbage action or lineup, a broken match) is written with
admin credentials (`Bearer owner`). Each one is either

- refused by the rules (`FirestoreError.denied`), and nothing it tried to write is there
  afterwards; or
- accepted, and then `live/score` settles to exactly the projection of the parseable log
  (`expected_live_score` of the match as the fold takes it, its lineups included), with the
  integrity code the attack must raise, and the match's status and result not faked.

Cheap refusals share two worlds (a live match, and a completed one) seeded once for the
module; only the accepted attacks get a match of their own and wait for the triggers. The
last test reads the emulators' log: no function run raised during the attacks.

What must still go through: the heaviest lawful ball and lineup entry are controls of the
arena (and tests/rules/test_validation.py writes the heaviest lawful document of each kind);
a generated Test of four innings, cut to 60 overs, is written here by its scorer through the
rules and projected clean; `make bench` replays the full five-day Test (450 overs, 2,707
actions) through the same rules and triggers.

Attacks that still get through are marked xfail(strict=True) with the reason (GETS_THROUGH).
"""

from __future__ import annotations

import itertools
import json
import math
import re
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scorebook.document import to_document
from scorebook.firestore.paths import checkpoint_path, live_lineups_path, live_score_path
from scorebook.service.live_score import (
    expected_live_score,
    within_document_limit,
    without_history,
)
from scorebook.views.lineups import (
    LineupsProjection,
    lineup_rules,
    match_for_fold,
    project_lineups,
)
from scorebook_tools.emulators import emulator_log
from scorebook_tools.rest import FirestoreError, FirestoreRest, to_fields
from scorebook_tools.scoring_app import write_action
from tests.conftest import REPO
from tests.emulator.harness import (
    PROJECT,
    SCORER,
    seed_match,
    triggers_disabled,
    wait_for,
)
from tests.rules.world import NOW, PERSONAS, World, assignment

DAY = timedelta(days=1)
#: 300,000 characters: far beyond every text limit, well inside Firestore's 1 MiB
HUGE = "N" * 300_000
#: 600 KB: an id no rule lets a client write, copied by an admin into a field
HUGE_ID = "9" * 600_000
LONG_ID = "x" * 129  # one more than an id may have


def admin_client() -> FirestoreRest:
    """Admin credentials (`Bearer owner`: outside the rules), on the session's emulators."""
    return FirestoreRest.as_admin(PROJECT)


# --- who attacks ---------------------------------------------------------------------------

def client(persona: str) -> FirestoreRest:
    """A persona of tests.rules.world (`scorer`, `home_official`, `signed_in`, ...), or a
    bare uid prefixed `uid:` (a user with no role unless a world gives them one)."""
    if persona.startswith("uid:"):
        return FirestoreRest.as_user(PROJECT, persona.removeprefix("uid:"))
    return PERSONAS[persona].client()


def uid(persona: str) -> str:
    return persona.removeprefix("uid:") if persona.startswith("uid:") else PERSONAS[persona].me


ROOT = f"projects/{PROJECT}/databases/(default)/documents"


def create(path: str, doc: Mapping[str, Any], server_time: tuple[str, ...] = ()) -> dict:
    """A create (refused when the document exists) as one write of a commit."""
    return {"update": {"name": f"{ROOT}/{path}", "fields": to_fields(doc)},
            "updateTransforms": [{"fieldPath": f, "setToServerValue": "REQUEST_TIME"}
                                 for f in server_time],
            "currentDocument": {"exists": False}}


def put(path: str, doc: Mapping[str, Any], server_time: tuple[str, ...] = ()) -> dict:
    """A set (create or overwrite) as one write of a commit."""
    write = create(path, doc, server_time)
    del write["currentDocument"]
    return write


def update(path: str, fields: Mapping[str, Any], server_time: tuple[str, ...] = ()) -> dict:
    """An update of some fields (the SDKs' update()) as one write of a commit."""
    return {"update": {"name": f"{ROOT}/{path}", "fields": to_fields(fields)},
            "updateMask": {"fieldPaths": list(fields)},
            "updateTransforms": [{"fieldPath": f, "setToServerValue": "REQUEST_TIME"}
                                 for f in server_time],
            "currentDocument": {"exists": True}}


def delete(path: str) -> dict:
    return {"delete": f"{ROOT}/{path}"}


def path_of(write: Mapping[str, Any]) -> str:
    name = write["delete"] if "delete" in write else write["update"]["name"]
    return name.removeprefix(ROOT + "/")


def _finite(value: Any) -> Any:
    """Firestore's JSON spells the doubles JSON has no words for as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def send(who: FirestoreRest, writes: list[dict]) -> None:
    who.timeout = 120  # a commit of 500 writes takes the emulator's rules a while
    who.commit(_finite(writes))


# --- the documents an attacker starts from --------------------------------------------------

_positions = itertools.count(1)


def next_seq() -> int:
    """A sequence number of innings 1 no other case of the arena uses."""
    return next(_positions)


def base(world: World, kind: str, by: str, innings: int = 1, seq: int | None = None,
         **fields: Any) -> dict[str, Any]:
    """A lawful action of `kind` signed by `by`, at a fresh position of `innings`."""
    seq = seq or next_seq()
    doc = {"id": f"{innings}-{seq:04d}", "matchId": world.match_id, "inningsNumber": innings,
           "sequenceNumber": seq, "timestamp": NOW, "recordedBy": by, "source": "live",
           "isVoided": False, "kind": kind}
    return doc | fields


def ball(world: World, by: str = "scorer", innings: int = 1, seq: int | None = None,
         **fields: Any) -> dict[str, Any]:
    """A lawful delivery: home 1 faces away 11, no run."""
    return base(world, "delivery", uid(by), innings, seq) | {
        "overNumber": 0, "ballInOver": 1, "strikerId": world.player(world.home, 1),
        "nonStrikerId": world.player(world.home, 2), "bowlerId": world.player(world.away, 11),
        "runsOffBat": 0, "totalRuns": 0, "isLegalDelivery": True,
        "extras": {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0},
        "isWicket": False, "wicket": None} | fields


def event(world: World, kind: str, by: str = "scorer", innings: int = 1,
          seq: int | None = None, **fields: Any) -> dict[str, Any]:
    return base(world, kind, uid(by), innings, seq, **fields)


def wicket(world: World, how: str = "caught", out: int = 1, fielders: list[str] | None = None,
           **more: Any) -> dict[str, Any]:
    return {"type": how, "dismissedPlayerId": world.player(world.home, out),
            "fielderIds": [world.player(world.away, 3)] if fielders is None else fielders,
            "assistFielderIds": [], **more}


def lineup(world: World, team: str | None = None, n: int = 1, **fields: Any) -> dict[str, Any]:
    """A lawful lineup entry of the home (or `team`) side's player n, unsigned (`selectedAt`
    is set to the request time by the write)."""
    team = team or world.home
    doc = world.lineup_entry(team, n)
    doc.pop("selectedAt")
    official = "home_official" if team == world.home else "away_official"
    return doc | {"selectedBy": PERSONAS[official].me} | fields


def action_path(world: World, doc: Mapping[str, Any], doc_id: str | None = None) -> str:
    return f"matches/{world.match_id}/scoring_actions/{doc_id or doc['id']}"


def lineup_path(world: World, doc: Mapping[str, Any]) -> str:
    return f"matches/{world.match_id}/lineups/{doc['id']}"


def new_action(world: World, doc: Mapping[str, Any], doc_id: str | None = None) -> list[dict]:
    return [create(action_path(world, doc, doc_id), doc)]


def new_lineup(world: World, doc: Mapping[str, Any], server_time=("selectedAt",)) -> list[dict]:
    return [put(lineup_path(world, doc), doc, server_time)]


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


def _make_arena() -> Arena:
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


@pytest.fixture(scope="module")
def log_start(emulators: dict[str, str]) -> int:
    """Where the emulators' log stood when the attacks began."""
    return _log_size()


@pytest.fixture(scope="module")
def arena(log_start: int) -> Arena:
    return _make_arena()


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
    return lambda w: new_action(w, event(w, kind, **_teams(w, fields)))


def _teams(w: World, fields: dict[str, Any]) -> dict[str, Any]:
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

def _void(fields: dict[str, Any], server_time: tuple[str, ...] = ("voidedAt",),
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
    batches(f"scorer makes {_name}", "scorer", _void(_fields, _time))

batches("scorer deletes a ball", "scorer",
        lambda a: [[delete(f"matches/{a.live.match_id}/scoring_actions/{a.voidable[0]}")]])
batches("scorer overwrites a ball with set()", "scorer",
        lambda a: [[put(f"matches/{a.live.match_id}/scoring_actions/{a.voidable[0]}",
                        ball(a.live, seq=int(a.voidable[0][2:]), runsOffBat=6, totalRuns=6))]])
for _persona in ("signed_in", "anonymous", "referee", "no_show_umpire", "home_official",
                 "other_scorer", "revoked_scorer", "expired_scorer"):
    batches(f"{_persona} voids a ball", _persona, _void(VOID | {"voidedBy": uid(_persona)}))


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
    "umpire voids a ball": ("umpire", _void(VOID | {"voidedBy": "umpire"}, which=2)),
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


# === accepted attacks: the functions must flag them, and live/score stay the log's ===========

def _function_log() -> Path | None:
    path = emulator_log(REPO)
    return path if path.exists() else None


def _log_size() -> int:
    log = _function_log()
    return log.stat().st_size if log else 0


def _log_since(since: int) -> str:
    log = _function_log()
    if log is None:
        return ""
    with log.open("rb") as f:
        f.seek(since)
        return f.read().decode(errors="replace")


def assert_functions_completed(since: int) -> None:
    """No function run raised since byte `since` of the emulators' log (when this session
    started the emulators, and so has their log)."""
    failures = [line for line in _log_since(since).splitlines()
                if "Traceback" in line or "Exception on /functions" in line]
    assert not failures, failures[:3]


class Game:
    """A match of its own (tests.rules.world: a T20, 14 players a side listed, every persona
    in its role), scored through the rules by its scorer from the first action: innings 1
    started, the home side batting."""

    def __init__(self, squads: bool = True, start: bool = True, **match: Any) -> None:
        self.w = World(status="scheduled")
        doc = self.w.match_document() | match
        if not squads:
            doc["teams"] = [t | {"players": [], "playerIds": []} for t in doc["teams"]]
        self.w.given({f"matches/{self.w.match_id}": doc})
        self.w.commit()
        self.id = self.w.match_id
        self.scorer = client("scorer")
        self.seq: dict[int, int] = {}
        self.legal: dict[int, int] = {}
        self.written: list[str] = []
        if start:
            self.start(1)

    def home(self, n: int | None = None) -> str:
        return self.w.home if n is None else self.w.player(self.w.home, n)

    def away(self, n: int | None = None) -> str:
        return self.w.away if n is None else self.w.player(self.w.away, n)

    def sides(self, innings: int) -> tuple[Callable[[int], str], Callable[[int], str]]:
        """(batting side's player n, bowling side's player n) of an innings."""
        if innings % 2:
            return self.home, self.away
        return self.away, self.home

    def position(self, innings: int, seq: int | None = None) -> int:
        self.seq[innings] = seq or self.seq.get(innings, 0) + 1
        return self.seq[innings]

    def write(self, doc: dict[str, Any], who: FirestoreRest | None = None) -> str:
        (who or self.scorer).create(f"matches/{self.id}/scoring_actions", doc["id"], doc)
        self.written.append(doc["id"])
        return doc["id"]

    def act(self, kind: str, innings: int = 1, seq: int | None = None, **fields: Any) -> str:
        return self.write(event(self.w, kind, innings=innings,
                                seq=self.position(innings, seq), **fields))

    def start(self, innings: int, **fields: Any) -> str:
        batting, bowling = (self.home(), self.away()) if innings % 2 else (
            self.away(), self.home())
        return self.act("innings_start", innings, battingTeamId=batting,
                        bowlingTeamId=bowling, **fields)

    def ball(self, innings: int = 1, seq: int | None = None, **fields: Any) -> str:
        """The next legal ball of `innings`, no run: the openers face the bowling side's 11
        and 10 in turn, an over each."""
        bat, bowl = self.sides(innings)
        k = self.legal.get(innings, 0)
        over = k // 6
        doc = ball(self.w, innings=innings, seq=self.position(innings, seq), overNumber=over,
                   ballInOver=k % 6 + 1, strikerId=bat(1 + over % 2),
                   nonStrikerId=bat(2 - over % 2), bowlerId=bowl(11 - over % 2)) | fields
        if doc.get("isLegalDelivery", True):
            self.legal[innings] = k + 1
        return self.write(doc)

    def balls(self, n: int, innings: int = 1) -> str:
        for _ in range(n):
            last = self.ball(innings)
        return last


def expected_now(match_id: str) -> tuple[dict | None, dict, dict]:
    """(live/score as stored without its version, the projection of the log as stored, the
    match document)."""
    admin = admin_client()
    with ThreadPoolExecutor(max_workers=4) as pool:
        score_f = pool.submit(admin.get, live_score_path(match_id))
        doc_f = pool.submit(admin.get, f"matches/{match_id}")
        lineups_f = pool.submit(admin.list, f"matches/{match_id}/lineups")
        docs_f = pool.submit(admin.list, f"matches/{match_id}/scoring_actions")
    doc = doc_f.result() or {}
    match = match_for_fold({"id": match_id, **doc}, lineups_f.result())
    # what the functions write: the projection, cut to the score with a document_too_large
    # problem when it would not fit in a Firestore document (docs/integrity.md)
    expected = within_document_limit(expected_live_score(match, docs_f.result()))
    score = score_f.result()
    return (without_history(score) if score else None), expected, doc


def settle(match_id: str, deadline: float = 60) -> dict[str, Any]:
    """live/score once it equals the projection of the log as stored, with the match's
    status and result the functions keep on the match document agreeing with it."""

    def probe() -> dict[str, Any] | None:
        score, expected, doc = expected_now(match_id)
        if score is None or score != expected:
            time.sleep(0.2)  # a refold costs the test CPU the functions need
            return None
        if any(doc.get(f) != score.get(f) for f in ("status", "resultType", "winnerId")):
            return None
        return admin_client().get(live_score_path(match_id))

    return wait_for(probe, f"live/score of {match_id} to equal the projection of its log",
                    deadline)


def codes(score: Mapping[str, Any]) -> list[str]:
    return [p["code"] for p in score.get("integrity") or []]


def not_faked(score: Mapping[str, Any]) -> None:
    """No result nobody earned: the match goes on."""
    assert score["status"] in ("live", "innings_break"), score["status"]
    assert score["result"] is None and score["winnerId"] is None, score["result"]


def _wicket(g: Game, how: str, out: str, fielders: list[str]) -> dict[str, Any]:
    return {"isWicket": True, "wicket": {"type": how, "dismissedPlayerId": out,
                                         "fielderIds": fielders, "assistFielderIds": []}}


def _bogus_innings_50(g: Game) -> None:
    g.balls(2)
    bogus = g.ball(innings=50)
    settle(g.id)
    void = update(f"matches/{g.id}/scoring_actions/{bogus}",
                  {"isVoided": True, "voidReason": "wrong innings", "voidedBy": "scorer"},
                  ("voidedAt",))
    send(g.scorer, [void])


def _consecutive_overs(g: Game) -> None:
    for _ in range(7):  # the first over's bowler goes on at the other end
        g.ball(bowlerId=g.away(11))


def _over_limit(g: Game) -> None:  # five overs: a bowler may bowl one
    g.balls(12)
    g.ball(bowlerId=g.away(11))


def _free_hit_out(g: Game) -> None:
    g.ball(extras={"wide": 0, "noBall": 1, "bye": 0, "legBye": 0, "penalty": 0},
           totalRuns=1, isLegalDelivery=False)
    g.ball(**_wicket(g, "bowled", g.home(1), []))


def _dismissed_bats_again(g: Game) -> None:
    g.ball(**_wicket(g, "bowled", g.home(1), []))
    g.ball(strikerId=g.home(1), nonStrikerId=g.home(2))


def _correction_without_void(g: Game) -> None:
    first = g.ball()
    doc = ball(g.w, seq=int(first[2:]), runsOffBat=4, totalRuns=4) | {
        "id": f"{first}-c1", "corrects": first, "source": "correction",
        "strikerId": g.home(1), "nonStrikerId": g.home(2), "bowlerId": g.away(11)}
    g.write(doc)


#: name -> (what the attacker does in a fresh Game, the integrity code live/score must carry,
#: the Game's options)
FLAGGED: dict[str, tuple[Callable[[Game], Any], str | None, dict[str, Any]]] = {
    "a striker from the fielding side": (
        lambda g: g.ball(strikerId=g.away(1)), "player_on_wrong_side", {}),
    "a bowler from the batting side": (
        lambda g: g.ball(bowlerId=g.home(5)), "player_on_wrong_side", {}),
    "the striker bowling to himself": (
        lambda g: g.ball(bowlerId=g.home(1)), "player_on_wrong_side", {}),
    "a home fielder catching a home batter": (
        lambda g: g.ball(**_wicket(g, "caught", g.home(1), [g.home(5)])),
        "player_on_wrong_side", {}),
    "a run out credited to a fielder who is batting": (
        lambda g: g.ball(**_wicket(g, "run_out", g.home(1), [g.home(2)])),
        "player_on_wrong_side", {}),
    "a bowler 'retired out'": (
        lambda g: (g.ball(), g.act("retirement", batterId=g.away(11), type="retired_out")),
        "player_on_wrong_side", {}),
    "a fielder timed out": (
        lambda g: g.act("dismissal", wicket={"type": "timed_out",
                                             "dismissedPlayerId": g.away(5),
                                             "fielderIds": [], "assistFielderIds": []}),
        "player_on_wrong_side", {}),
    "the fielding side's openers sent in by a batter change": (
        lambda g: (g.ball(), g.act("batter_change", strikerId=g.away(1),
                                   nonStrikerId=g.away(2))),
        "player_on_wrong_side", {}),
    "a fielder declared absent": (
        lambda g: g.act("absence", batterId=g.away(5), reason="absent"),
        "player_on_wrong_side", {}),
    "nine fielders declared absent, then one wicket bowls the side out": (
        lambda g: ([g.act("absence", batterId=g.away(n), reason="absent") for n in range(1, 10)],
                   g.ball(**_wicket(g, "bowled", g.home(1), []))),
        "player_on_wrong_side", {}),
    "innings_end all_out at 0/0": (
        lambda g: g.act("innings_end", reason="all_out"), "end_reason_not_shown", {}),
    "innings_end 'target' in the first innings": (
        lambda g: (g.ball(), g.act("innings_end", reason="target")),
        "end_reason_not_shown", {}),
    "innings_end 'overs' after one ball": (
        lambda g: (g.ball(), g.act("innings_end", reason="overs")),
        "end_reason_not_shown", {}),
    "a super-over innings_start in the middle of innings 1": (
        lambda g: (g.balls(2), g.start(2, isSuperOver=True)), "super_over_out_of_turn", {}),
    "innings 2 started while innings 1 goes on": (
        lambda g: (g.balls(2), g.start(2)), "innings_start_before_end", {}),
    "a ball of innings 2 while innings 1 goes on": (
        lambda g: (g.balls(2), g.ball(innings=2)), "implicit_innings_start", {}),
    "a second innings_start of innings 1": (
        lambda g: (g.ball(), g.start(1)), "duplicate_innings_start", {}),
    "a match_result (away won by 999 runs, DLS) during innings 1": (
        lambda g: (g.ball(), g.act("match_result", result="win", winnerId=g.away(),
                                   winMargin={"runs": 999}, method="DLS")),
        "result_before_last_innings", {}),
    "a tie declared during innings 1": (
        lambda g: (g.ball(), g.act("match_result", result="tie")),
        "result_before_last_innings", {}),
    "a home win by an innings in a one-innings match, during innings 1": (
        lambda g: (g.ball(), g.act("match_result", result="win", winnerId=g.home(),
                                   winMargin={"innings": True, "runs": 500})),
        "result_before_last_innings", {}),
    "a ball after the innings ended": (
        lambda g: (g.ball(), g.act("innings_end", reason="abandoned"), g.ball()),
        "ball_after_innings_end", {}),
    "an over number that goes back": (
        lambda g: (g.balls(7), g.ball(overNumber=0, ballInOver=1)),
        "over_number_went_back", {}),
    "a dismissed batter batting again": (_dismissed_bats_again, "dismissed_batter_batting", {}),
    "a bowler bowling consecutive overs": (_consecutive_overs, "bowler_consecutive_overs", {}),
    "a bowler bowling two overs of five": (_over_limit, "bowler_over_limit",
                                           {"scheduledOvers": 5}),
    "out bowled on a free hit": (_free_hit_out, "out_on_free_hit", {}),
    "a sequence gap (ball 5 without ball 4)": (
        lambda g: (g.balls(2), g.ball(seq=5)), "sequence_gap", {}),
    "a correction written without voiding the original": (
        _correction_without_void, "duplicate_sequence", {}),
    "an absence of a batter who has batted": (
        lambda g: (g.ball(), g.act("absence", batterId=g.home(1))),
        "absent_batter_has_batted", {}),
    "penalty runs for innings 7 of a one-innings match": (
        lambda g: (g.ball(), g.act("penalty_runs", innings=7, runs=5)),
        "penalty_without_innings", {}),
    "voiding a bogus innings 50 (no phantom innings50 left)": (_bogus_innings_50, None, {}),
}


#: Attacks that get through today: accepted, and live/score shows them unflagged.
#: Attacks that still get through: none (each one found was fixed: the players of events are
#: judged as a ball's are, and a wicket, retirement or absence of a batter of the fielding
#: side is ignored). An entry here marks its case xfail(strict=True) with the reason.
GETS_THROUGH: dict[str, str] = {}


def _cases(table: Mapping[str, Any]) -> list[Any]:
    return [pytest.param(name, id=name, marks=[pytest.mark.xfail(
        strict=True, reason=GETS_THROUGH[name])] if name in GETS_THROUGH else [])
        for name in table]


@pytest.mark.parametrize("name", _cases(FLAGGED))
def test_an_accepted_attack_is_flagged_and_live_score_stays_the_logs(name: str) -> None:
    play, code, options = FLAGGED[name]
    since = _log_size()
    game = Game(**options)
    play(game)
    score = settle(game.id, deadline=8 if name in GETS_THROUGH else 60)
    if code is not None:
        assert code in codes(score), codes(score)
    assert not any(k.startswith("innings") and k[7:].isdigit() and int(k[7:]) > 2
                   for k in score), sorted(score)
    not_faked(score)
    assert_functions_completed(since)


# --- what only an admin can write: garbage the functions must survive and flag ---------------

def _as_admin(*writes: dict) -> None:
    admin_client().commit(_finite(list(writes)))


def _action_doc(g: Game, **fields: Any) -> dict[str, Any]:
    """The next ball of innings 1 as the scorer's app would write it, plus `fields`."""
    k = g.legal.get(1, 0)
    g.legal[1] = k + 1
    over = k // 6
    return ball(g.w, seq=g.position(1), overNumber=over, ballInOver=k % 6 + 1,
                strikerId=g.home(1 + over % 2), nonStrikerId=g.home(2 - over % 2),
                bowlerId=g.away(11 - over % 2)) | fields


def _admin_ball(**fields: Any) -> Callable[[Game], Any]:
    def play(g: Game) -> None:
        g.balls(2)
        doc = _action_doc(g, **fields)
        _as_admin(put(f"matches/{g.id}/scoring_actions/{doc.get('$id', doc['id'])}",
                      {k: v for k, v in doc.items() if k != "$id"}))
        g.ball()
    return play


def _admin_event(kind: str, **fields: Any) -> Callable[[Game], Any]:
    def play(g: Game) -> None:
        g.ball()
        doc = event(g.w, kind, seq=g.position(1), **_teams(g.w, fields))
        _as_admin(put(f"matches/{g.id}/scoring_actions/{doc['id']}", doc))
    return play


def _admin_edit(**fields: Any) -> Callable[[Game], Any]:
    def play(g: Game) -> None:
        first = g.ball()
        g.balls(2)
        settle(g.id)
        _as_admin(update(f"matches/{g.id}/scoring_actions/{first}", fields))
    return play


def _checkpoint(edit: Callable[[Game, dict], dict | None]) -> Callable[[Game], Any]:
    def play(g: Game) -> None:
        g.balls(3)
        settle(g.id)
        path = checkpoint_path(g.id)
        changed = edit(g, admin_client().get(path) or {})
        _as_admin(delete(path) if changed is None else put(path, changed))
        g.ball()
    return play


def _plus_500(g: Game, stored: dict) -> dict:
    data = json.loads(stored["data"])
    data["state"]["innings"][-1]["runs"] += 500
    return stored | {"data": json.dumps(data)}


def _copied(g: Game, stored: dict) -> dict:
    other = Game()
    other.balls(9)
    settle(other.id)
    return admin_client().get(checkpoint_path(other.id)) or {}


def _lineup_doc(g: Game, n: int, **fields: Any) -> dict[str, Any]:
    return g.w.lineup_entry(g.w.home, n) | fields


def _admin_lineup(**fields: Any) -> Callable[[Game], Any]:
    def play(g: Game) -> None:
        g.balls(2)
        doc = _lineup_doc(g, 3, **fields)
        _as_admin(put(f"matches/{g.id}/lineups/{doc['id']}", doc))
        g.ball()
    return play


def _team_sheet(g: Game) -> None:
    g.ball()
    _as_admin(put(f"matches/{g.id}/lineups/{g.w.home}", g.w.team_sheet(g.w.home)))


def _broken_match(change: dict[str, Any]) -> Callable[[Game], Any]:
    """The match document broken (the functions cannot read it) while balls come in, then
    mended: every run in between completes, and the mended match's next ball settles."""
    def play(g: Game) -> None:
        g.balls(2)
        settle(g.id)
        good = admin_client().get(f"matches/{g.id}")
        _as_admin(update(f"matches/{g.id}", change))
        # the scorer's app cannot write against a broken match (the rules read its teams):
        # an admin's import does
        doc = _action_doc(g)
        _as_admin(put(f"matches/{g.id}/scoring_actions/{doc['id']}", doc))
        time.sleep(1.5)  # the runs of the broken match's and the ball's triggers
        _as_admin(put(f"matches/{g.id}", good))
        g.ball()
    return play


ADMIN_GARBAGE: dict[str, tuple[Callable[[Game], Any], str | None]] = {
    "checkpoint version Infinity": (_checkpoint(lambda g, s: s | {"version": math.inf}), None),
    "checkpoint version 1e300": (_checkpoint(lambda g, s: s | {"version": 1e300}), None),
    "checkpoint version -1": (_checkpoint(lambda g, s: s | {"version": -1}), None),
    "checkpoint version NaN": (_checkpoint(lambda g, s: s | {"version": math.nan}), None),
    "checkpoint version as text": (_checkpoint(lambda g, s: s | {"version": "9" * 400}), None),
    "checkpoint edited (+500 runs)": (_checkpoint(_plus_500), None),
    "checkpoint copied from another match": (_checkpoint(_copied), None),
    "checkpoint data that is not JSON": (_checkpoint(lambda g, s: s | {"data": "{"}), None),
    "checkpoint data of 600 KB": (_checkpoint(lambda g, s: s | {"data": HUGE_ID}), None),
    "checkpoint of format 999": (_checkpoint(lambda g, s: s | {"format": 999}), None),
    "checkpoint deleted": (_checkpoint(lambda g, s: None), None),
    "checkpoint claiming to be too large": (
        _checkpoint(lambda g, s: {"tooLarge": True, "version": 2**60}), None),
    "isVoided: 1 on an action": (_admin_edit(isVoided=1), "unparseable"),
    "isVoided: 'true' on an action": (_admin_edit(isVoided="true"), "unparseable"),
    "an action's runs edited in place": (_admin_edit(runsOffBat=6, totalRuns=6), None),
    "a 600 KB action id copied into an action's id field": (
        _admin_ball(**{"$id": "1-0004", "id": HUGE_ID}), "id_mismatch"),
    "a 600 KB match id copied into an action's matchId": (
        _admin_ball(matchId=HUGE_ID), "match_mismatch"),
    "a 600 KB striker id": (_admin_ball(strikerId=HUGE_ID), None),
    "runs off the bat 2**62 (twice)": (
        lambda g: [_admin_ball(runsOffBat=2**62, totalRuns=2**62)(g) for _ in range(2)],
        "unparseable"),
    "runs off the bat 1e300": (_admin_ball(runsOffBat=1e300, totalRuns=1e300), "unparseable"),
    "runs off the bat -5": (_admin_ball(runsOffBat=-5, totalRuns=-5), "unparseable"),
    "a no-ball of 7 in a match of 1": (
        _admin_ball(extras={"wide": 0, "noBall": 7, "bye": 0, "legBye": 0, "penalty": 0},
                    totalRuns=7, isLegalDelivery=False), "no_ball_runs"),
    "a ball dated 9999-12-31": (_admin_ball(timestamp=datetime(9999, 12, 31, tzinfo=UTC)),
                                None),
    "a document that is no action at all": (
        _admin_ball(**{"kind": 42, "wicket": "yes", "extras": [1]}), "unparseable"),
    "free text in a result's method": (
        _admin_event("match_result", result="win", winnerId="AWAY",
                     method="ALL SCORES FAKE - visit evil.example"), "unknown_method"),
    "a 300,000-character innings_end note": (
        _admin_event("innings_end", reason="abandoned", note=HUGE), None),
    "a 300,000-character penalty reason": (
        _admin_event("penalty_runs", runs=5, awardedToTeamId="AWAY", reason=HUGE), None),
    "penalty runs of 10**15": (
        _admin_event("penalty_runs", runs=10**15, awardedToTeamId="AWAY"), "unparseable"),
    "a lineup with substitutedAt of year 1": (
        _admin_lineup(substitutedAt=datetime(1, 1, 1, tzinfo=UTC)), None),
    "a lineup with a 300,000-character name": (_admin_lineup(name=HUGE), None),
    "a team sheet lineup (players[])": (_team_sheet, None),
    "a match document without teams": (_broken_match({"teams": []}), None),
    "a match document of 0 balls an over": (_broken_match({"ballsPerOver": 0}), None),
    "a match document with overs as text": (_broken_match({"scheduledOvers": "twenty"}),
                                            None),
    "a match document with a 300,000-character team name": (
        lambda g: (g.balls(2), _as_admin(update(f"matches/{g.id}", {"teams": [
            to_document(t) | ({"name": HUGE} if t.id == g.w.home else {})
            for t in g.w.match.teams]})), g.ball()), None),
}


@pytest.mark.parametrize("name", _cases(ADMIN_GARBAGE))
def test_admin_garbage_is_survived_flagged_and_live_score_stays_the_logs(name: str) -> None:
    play, code = ADMIN_GARBAGE[name]
    since = _log_size()
    game = Game()
    play(game)
    score = settle(game.id, deadline=8 if name in GETS_THROUGH else 60)
    if code is not None:
        assert code in codes(score), codes(score)
    version = score["version"]
    assert isinstance(version, int) and 0 < version < 2**53, version
    for p in score["integrity"]:
        assert len(p["message"]) <= 500 and len(p.get("actionId") or "") <= 128, p["code"]
    text = json.dumps(score, default=str)
    assert "evil.example" not in text
    if "team name" not in name:  # an admin may name a team so; free text never shows
        assert "N" * 1000 not in text
    not_faked(score)
    assert_functions_completed(since)


# --- live/lineups of the admin's lineup garbage --------------------------------------------------

def settle_lineups(match_id: str, deadline: float = 60) -> dict[str, Any]:
    """live/lineups once it equals the projection of the lineup documents as stored."""

    def probe() -> dict[str, Any] | None:
        admin = admin_client()
        live = admin.get(live_lineups_path(match_id))
        doc = admin.get(f"matches/{match_id}") or {}
        expected = project_lineups(match_id, admin.list(f"matches/{match_id}/lineups"),
                                   **lineup_rules(doc))
        if live is not None and LineupsProjection.model_validate(live).model_copy(
                update={"version": 0}) == expected:
            return live
        time.sleep(0.2)
        return None

    return wait_for(probe, f"live/lineups of {match_id} to equal its lineups", deadline)


LINEUP_GARBAGE: dict[str, str | None] = {
    "a lineup with substitutedAt of year 1": None,
    "a lineup with a 300,000-character name": "unparseable_lineup",
    "a team sheet lineup (players[])": "team_sheet_lineup",
}


@pytest.mark.parametrize("name", LINEUP_GARBAGE)
def test_admin_lineup_garbage_is_reported_in_live_lineups(name: str) -> None:
    since = _log_size()
    game = Game()
    ADMIN_GARBAGE[name][0](game)
    live = settle_lineups(game.id)
    problems = [p["code"] for p in live["problems"]]
    code = LINEUP_GARBAGE[name]
    if code:
        assert code in problems, problems
    else:  # read as written (one player's entry: the side has no captain yet)
        assert problems == ["no_captain"], problems
    assert "N" * 1000 not in json.dumps(live, default=str)
    settle(game.id)
    assert_functions_completed(since)


def test_lineup_entries_beyond_a_side_for_a_match_without_squads_are_capped() -> None:
    """A match set up before its squads are known lists nobody, so the rules let a team
    official name anyone: the away captain's 200 entries in four commits are accepted (their
    ids sort before the home side's). live/lineups keeps the first 3 x 11 + 10 and says so,
    the home side's entry, written after the flood, is still read (past 2 x 63 + 50 entries,
    more than the functions read in one query, they read each team's entries apart, a
    bounded number of each), and live/score stays the log's."""
    since = _log_size()
    game = Game(squads=False)
    game.balls(2)
    flooder = client("away_official")
    docs = [lineup(game.w, game.away(), 1) | {
        "playerId": f"p{i:04d}", "id": f"{game.away()}_p{i:04d}", "isCaptain": i == 0,
        "battingPosition": None, "role": "reserve"} for i in range(200)]
    home_entry = lineup(game.w, game.home(), 1)
    assert docs[-1]["id"] < home_entry["id"]
    # the flood's own runs, each reading what the last one does, are left out: the home
    # entry's run reads the whole flood
    with triggers_disabled():
        for i in range(0, len(docs), 50):
            send(flooder, [put(lineup_path(game.w, d), d, ("selectedAt",))
                           for d in docs[i:i + 50]])
    send(client("home_official"), [put(lineup_path(game.w, home_entry), home_entry,
                                       ("selectedAt",))])
    live = settle_lineups(game.id, deadline=120)
    assert "too_many_players" in [p["code"] for p in live["problems"]]
    assert home_entry["playerId"] in json.dumps(live, default=str)
    settle(game.id)
    if _function_log() is not None:
        wait_for(lambda: f"live/lineups of {game.id}:" in _log_since(since),
                 "the home entry's lineup run", 120)
    assert_functions_completed(since)


# --- costs: what the scoreboard does not show must not refold the log --------------------------

def _runs_logged(match_id: str, since: int) -> list[str]:
    """The live/score runs of `match_id` the functions logged after byte `since`."""
    return [line for line in _log_since(since).splitlines()
            if f"live/score of {match_id}:" in line]


#: name -> (which home player's entry, the fields changed, those set to the request time,
#: what the live/score run must do)
LINEUP_CHANGES: dict[str, tuple[int, dict[str, Any], tuple[str, ...], str]] = {
    "a vice-captain named": (3, {"isViceCaptain": True}, (), "unchanged"),
    "a selection confirmed by the manager": (3, {"confirmedBy": "home-official"},
                                             ("confirmedAt",), "unchanged"),
    "a reserve withdrawn": (13, {"role": "withdrawn"}, (), "unchanged"),
    "a player's name corrected": (3, {"name": "Corrected Name"}, (), "renamed"),
}


@pytest.mark.parametrize("name", LINEUP_CHANGES)
def test_a_lineup_change_the_fold_does_not_use_does_not_refold_the_log(name: str) -> None:
    n, fields, server_time, mode = LINEUP_CHANGES[name]
    game = Game()
    official = client("home_official")
    entries = [lineup(game.w, game.home(), k, role="playing_xi" if k <= 11 else "reserve",
                      battingPosition=k if k <= 11 else None) for k in range(1, 14)]
    send(official, [put(lineup_path(game.w, d), d, ("selectedAt",)) for d in entries])
    game.balls(30)
    settle(game.id)
    settle_lineups(game.id)
    before = admin_client().get(checkpoint_path(game.id)) or {}
    since = _log_size()

    send(official, [update(lineup_path(game.w, entries[n - 1]), fields, server_time)])

    settle_lineups(game.id)
    score = settle(game.id)
    runs = wait_for(lambda: _runs_logged(game.id, since) or (_function_log() is None and [
        "no log"]), "the lineup trigger's live/score run", 30)
    after = admin_client().get(checkpoint_path(game.id)) or {}
    assert after.get("rebuilds") == before.get("rebuilds"), after.get("lastMode")
    if mode == "unchanged":
        assert after.get("version") == before.get("version")
    else:
        assert after.get("lastMode") == mode
        # the checkpoint, live/score, live/now and the one innings' card with the name
        assert after["lastRunReads"] < 31 and after["lastRunWrites"] == 4
    for line in runs:  # the read counter of each run, as the functions log it
        assert "rebuilt" not in line, line
        reads = re.search(r"(\d+) read", line)
        assert reads is None or int(reads.group(1)) < 31, line  # the log has 31 actions
    assert score["integrity"] == []
    assert_functions_completed(since)


# --- what must still go through ----------------------------------------------------------------

def test_a_five_day_test_written_by_its_scorer_goes_through_and_is_projected() -> None:
    """The generated five-day Test of `make bench` cut to 60 overs (four innings, three
    declared: 367 actions), every action written by the scorer through the rules (the
    trigger runs of all but the last are lost, so the last one replays the whole log):
    nothing refused, nothing flagged. `make bench` replays the full 450 overs (2,707 actions)
    ball by ball through the same rules and triggers; tests/emulator/test_live_score.py
    replays a whole T20 at once; the heaviest lawful documents are written through the rules
    in tests/rules/test_validation.py and, here, as a control of the arena."""
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from synthetic import synthetic_test  # noqa: PLC0415
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    since = _log_size()
    match, actions = synthetic_test(f"test-{uuid.uuid4().hex[:8]}", 60, SCORER)
    admin = admin_client()
    seed_match(admin, match)
    scorer = FirestoreRest.as_user(PROJECT, SCORER)
    with triggers_disabled(), ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda a: write_action(scorer, a), actions[:-1]))
    write_action(scorer, actions[-1])
    score = settle(match.id, deadline=120)
    assert score["lastActionId"] == actions[-1].id
    assert score["integrity"] == [] and "innings4" in score
    assert_functions_completed(since)


def test_no_function_run_raised_during_the_attacks(log_start: int) -> None:
    """Every trigger run since the first attack completed (each accepted attack checks its
    own runs too; this also covers the controls and anything late)."""
    text = _log_since(log_start)
    errors = re.findall(r"^>\s+((?:[\w.]+)(?:Error|Exception)\b.*)$", text, re.MULTILINE)
    assert not errors and "Traceback" not in text, sorted(set(errors))[:5]
