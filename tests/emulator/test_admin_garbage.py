"""What only an admin can write, as garbage the functions must survive and flag: broken
checkpoints, actions and lineups with impossible values, a broken match document; the
lineups' problems in live/lineups; what the scoreboard does not show never refolding the
log; and the generated Test written by its scorer through the rules, projected clean. The
last test reads the emulators' log: no function run raised during the module.
"""

from __future__ import annotations

import json
import math
import re
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from scorebook.document import to_document
from scorebook.firestore.paths import checkpoint_path, live_lineups_path
from scorebook.views.lineups import (
    LineupsProjection,
    lineup_rules,
    project_lineups,
)
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import write_action
from tests.conftest import REPO
from tests.emulator.attacks import (
    GETS_THROUGH,
    HUGE,
    HUGE_ID,
    Game,
    admin_client,
    assert_functions_completed,
    ball,
    cases,
    client,
    codes,
    delete,
    event,
    finite,
    function_log,
    lineup,
    lineup_path,
    log_since,
    log_size,
    not_faked,
    put,
    send,
    settle,
    update,
)
from tests.emulator.attacks_on_the_log import (
    with_teams,
)
from tests.emulator.harness import (
    PROJECT,
    SCORER,
    seed_match,
    triggers_disabled,
    wait_for,
)


@pytest.fixture(scope="module")
def log_start(emulators: dict[str, str]) -> int:
    """Where the emulators' log stood when the module began."""
    return log_size()


# --- what only an admin can write: garbage the functions must survive and flag ---------------

def _as_admin(*writes: dict) -> None:
    admin_client().commit(finite(list(writes)))


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
        doc = event(g.w, kind, seq=g.position(1), **with_teams(g.w, fields))
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


@pytest.mark.parametrize("name", cases(ADMIN_GARBAGE))
def test_admin_garbage_is_survived_flagged_and_live_score_stays_the_logs(name: str) -> None:
    play, code = ADMIN_GARBAGE[name]
    since = log_size()
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
    since = log_size()
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
    since = log_size()
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
    if function_log() is not None:
        wait_for(lambda: f"live/lineups of {game.id}:" in log_since(since),
                 "the home entry's lineup run", 120)
    assert_functions_completed(since)


# --- costs: what the scoreboard does not show must not refold the log --------------------------

def _runs_logged(match_id: str, since: int) -> list[str]:
    """The live/score runs of `match_id` the functions logged after byte `since`."""
    return [line for line in log_since(since).splitlines()
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
    since = log_size()

    send(official, [update(lineup_path(game.w, entries[n - 1]), fields, server_time)])

    settle_lineups(game.id)
    score = settle(game.id)
    runs = wait_for(lambda: _runs_logged(game.id, since) or (function_log() is None and [
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
    since = log_size()
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
    """Every trigger run since the module began completed (each case checks its own runs
    too; this also covers anything late)."""
    text = log_since(log_start)
    errors = re.findall(r"^>\s+((?:[\w.]+)(?:Error|Exception)\b.*)$", text, re.MULTILINE)
    assert not errors and "Traceback" not in text, sorted(set(errors))[:5]
