"""Consensus on the real emulators: scorers of a DUAL or TRIPLE match submit their views from
separate clients, the functions append what they agree on, a difference becomes a dispute
that holds the later balls until an official resolves it, and every change is chained in
the ledger, which finds an edit made with admin credentials."""

from __future__ import annotations

import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.firestore.alerts import TAMPER_ALERT
from scorebook.firestore.paths import dispute_path, ledger_entry_path, ledger_path, live_score_path
from scorebook.ledger import LedgerHead
from scorebook.match import Match
from scorebook.service.live_score import expected_live_score, without_history
from scorebook_tools.emulators import emulator_log
from scorebook_tools.rest import FirestoreError, FirestoreRest
from scorebook_tools.scoring_app import (
    assign_match_role,
    create_match,
    resolve_dispute,
    submit_action,
    submit_void,
    void_action,
    write_action,
)
from tests.conftest import REPO, real_match_params
from tests.emulator.harness import (
    SHORT,
    actions_of,
    assert_converged,
    load_sample,
    said_in_log,
    wait_for,
)

HOME, AWAY, NEUTRAL, UMPIRE, REFEREE = ("home-scorer", "away-scorer", "neutral-scorer",
                                        "umpire-1", "referee-1")
#: the scorer role each scorer submits in
ROLE = {HOME: "scorer_home", AWAY: "scorer_away", NEUTRAL: "scorer_neutral"}
VERIFY = [sys.executable, str(REPO / "scripts" / "verify_chain.py")]


def consensus_match(admin: FirestoreRest, generated, tier: str) -> tuple[Match, list[Any]]:
    """A match of `tier` with its scorers and officials, and the generated short match's
    actions to score."""
    match, actions = load_sample(generated, SHORT)
    match = match.model_copy(update={"validation": tier})
    create_match(admin, match)
    for uid, role in ((HOME, "scorer_home"), (AWAY, "scorer_away"),
                      (NEUTRAL, "scorer_neutral"), (UMPIRE, "umpire_on_field"),
                      (REFEREE, "match_referee")):
        assign_match_role(admin, match.id, uid, role)
    return match, actions


def as_(uid: str, action: Any, **changes: Any) -> Any:
    """`action` as `uid` sees it: signed by them, with their `changes`."""
    return action.model_copy(update={"recordedBy": uid, **changes})


def _other_bowler(match: Match, action: Any) -> str:
    """Another player of the bowler's side."""
    side = next(t for t in match.teams if any(p.id == action.bowlerId for p in t.players))
    return next(p.id for p in side.players if p.id != action.bowlerId)


def someone_else(match: Match, action: Any) -> str:
    """A player of the match who is none of the ball's striker, non-striker and bowler."""
    taken = {action.strikerId, action.nonStrikerId, action.bowlerId}
    return next(p.id for t in match.teams for p in t.players if p.id not in taken)


def submit_together(user, actions: list[Any], *scorers: str,
                    views: dict[tuple[str, int], Any] | None = None) -> None:
    """Each scorer submits every action from their own client, all at once: each scorer's
    balls in order, the scorers side by side."""
    views = views or {}

    def scorer_submits(uid: str) -> None:
        client = user(uid)
        for i, action in enumerate(actions):
            submit_action(client, views.get((uid, i), as_(uid, action)), uid=uid,
                          role=ROLE[uid])

    with ThreadPoolExecutor(max_workers=len(scorers)) as pool:
        for done in [pool.submit(scorer_submits, uid) for uid in scorers]:
            done.result()


def logged(admin: FirestoreRest, match_id: str) -> dict[str, dict[str, Any]]:
    return dict(actions_of(admin, match_id))


def wait_logged(admin: FirestoreRest, match_id: str, ids: list[str]) -> dict[str, Any]:
    return wait_for(lambda: (log := logged(admin, match_id)) and set(ids) <= set(log) and log,
                    f"{ids[-1]} in the log")


def events_of(admin: FirestoreRest, match_id: str, kind: str) -> list[dict[str, Any]]:
    return [e for _, e in admin.list(f"matches/{match_id}/events") if e.get("type") == kind]


def decided(match_id: str, position: str, mode: str, times: int = 1) -> None:
    """Wait until the consensus function has run `times` on `position` and said `mode` (its
    log line in the emulators' log): proof that a run happened, where its effect is that
    nothing changes."""
    said_in_log(f"consensus of {match_id} at {position}: {mode}", times)


def chain_ok(match_id: str) -> subprocess.CompletedProcess:
    return subprocess.run([*VERIFY, "--match", match_id], capture_output=True, text=True,
                          timeout=120, check=False)


def test_dual_scorers_who_agree_write_the_log_and_a_difference_waits_for_an_umpire(
        admin, user, generated) -> None:
    match, actions = consensus_match(admin, generated, "DUAL")
    first, disputed, held = actions[:6], actions[6], actions[7:10]
    submit_together(user, first, HOME, AWAY)
    log = wait_logged(admin, match.id, [a.id for a in first])
    assert [log[a.id]["source"] for a in first] == ["consensus"] * 6
    assert sorted(log[first[0].id]["submissionIds"]) == [f"{first[0].id}_{AWAY}",
                                                         f"{first[0].id}_{HOME}"]
    with pytest.raises(FirestoreError) as direct:  # a DUAL scorer never writes the log
        write_action(user(HOME), as_(HOME, disputed))
    assert direct.value.denied

    # the away scorer saw a different bowler; both agree on the next three balls
    other_bowler = next(p.id for p in match.teams[1].players if p.id != disputed.bowlerId)
    views = {(AWAY, 0): as_(AWAY, disputed, bowlerId=other_bowler)}
    submit_together(user, [disputed, *held], HOME, AWAY, views=views)
    dispute = wait_for(lambda: admin.get(dispute_path(match.id, disputed.id)), "a dispute")
    assert dispute["status"] == "open"
    assert [d["field"] for d in dispute["differences"]] == ["bowlerId"]
    assert dispute["differences"][0]["values"] == {HOME: disputed.bowlerId, AWAY: other_bowler}
    raised = wait_for(lambda: events_of(admin, match.id, "SCORING_DISPUTE_RAISED"),
                      "the feed to tell of the dispute")
    assert raised[0]["payload"]["position"] == disputed.id
    score = wait_for(lambda: (s := admin.get(live_score_path(match.id)))
                     and s.get("openDisputes") and s, "live/score's open dispute")
    assert score["openDisputes"] == [disputed.id]
    for ball in held:  # each scorer's view of each later ball waits behind the dispute
        decided(match.id, ball.id, "held", times=2)
    assert not set(logged(admin, match.id)) & {a.id for a in [disputed, *held]}

    with pytest.raises(FirestoreError) as scorer_resolves:
        resolve_dispute(user(HOME), match.id, disputed.id, "UMPIRE_OVERRIDE", uid=HOME,
                        action=as_(HOME, disputed))
    assert scorer_resolves.value.denied
    resolve_dispute(user(UMPIRE), match.id, disputed.id, "UMPIRE_OVERRIDE", uid=UMPIRE,
                    action=as_(UMPIRE, disputed))
    log = wait_logged(admin, match.id, [a.id for a in [disputed, *held]])
    assert log[disputed.id]["recordedBy"] == UMPIRE
    assert wait_for(lambda: events_of(admin, match.id, "DISPUTE_RESOLVED"), "the resolution")
    assert admin.get(dispute_path(match.id, disputed.id))["status"] == "resolved"
    score = assert_converged(admin, match)
    assert score["openDisputes"] == [] and score["validation"] == "DUAL"
    assert score["lastActionId"] == held[-1].id
    assert chain_ok(match.id).returncode == 0


def test_views_an_admin_wrote_that_cannot_be_read_are_left_out_and_said(
        admin, user, generated) -> None:
    """The rules take only well-formed views; an admin's credentials take anything. Garbage
    at a position never stops the run: it is left out, the log says why, and the scorers'
    own views decide the ball."""
    match, actions = consensus_match(admin, generated, "DUAL")
    first = actions[0]
    garbage = {"no-role": {"position": first.id, "scorerId": "x", "action": {"kind": "x"}},
               "text-action": {"position": first.id, "scorerId": "y", "role": "scorer_home",
                               "action": "four"},
               "no-time": {"position": first.id, "scorerId": "z", "role": "scorer_away",
                           "action": to_document(first), "createdAt": "year one"}}
    for name, doc in garbage.items():
        admin.set(f"matches/{match.id}/submissions/{first.id}_{name}", doc)
    submit_together(user, [first], HOME, AWAY)
    log = wait_logged(admin, match.id, [first.id])
    assert sorted(log[first.id]["submissionIds"]) == [f"{first.id}_{AWAY}", f"{first.id}_{HOME}"]
    for name in garbage:
        said_in_log(f"left out {first.id}_{name}, which cannot be read")


def test_under_triple_one_dissenting_scorer_never_stops_a_ball(admin, user, generated) -> None:
    match, actions = consensus_match(admin, generated, "TRIPLE")
    balls = actions[:6]
    deliveries = [i for i, a in enumerate(balls) if a.kind == "delivery"]
    # the neutral scorer dissents on every ball, the home scorer on one, the away on another
    dissent = {(NEUTRAL, i): as_(NEUTRAL, balls[i], runsOffBat=balls[i].runsOffBat + 1,
                                 totalRuns=balls[i].totalRuns + 1) for i in deliveries[:3]}
    fourth, fifth = balls[deliveries[3]], balls[deliveries[4]]
    dissent[(HOME, deliveries[3])] = as_(HOME, fourth, strikerId=someone_else(match, fourth))
    dissent[(AWAY, deliveries[4])] = as_(AWAY, fifth, bowlerId=someone_else(match, fifth))
    submit_together(user, balls, HOME, AWAY, NEUTRAL, views=dissent)
    log = wait_logged(admin, match.id, [a.id for a in balls])
    for i in deliveries:  # what the two who agreed saw
        assert (log[balls[i].id]["runsOffBat"], log[balls[i].id]["strikerId"],
                log[balls[i].id]["bowlerId"]) == (
            balls[i].runsOffBat, balls[i].strikerId, balls[i].bowlerId)
    assert admin.list(f"matches/{match.id}/disputes") == []
    score = assert_converged(admin, match)
    assert score["lastActionId"] == balls[-1].id

    # the next ball: home and away agree first, the neutral scorer's view comes late
    late = actions[6]
    submit_together(user, [late], HOME, AWAY)
    log = wait_logged(admin, match.id, [late.id])
    submit_action(user(NEUTRAL), as_(NEUTRAL, late, strikerId=someone_else(match, late)),
                  uid=NEUTRAL, role=ROLE[NEUTRAL])
    decided(match.id, late.id, "unchanged")
    assert logged(admin, match.id)[late.id] == log[late.id]
    assert admin.list(f"matches/{match.id}/disputes") == []


@pytest.mark.parametrize("method", ["VIDEO_REVIEW", "CAPTAIN_CONSENSUS", "ABANDON_BALL",
                                    "MAJORITY_VOTE"])
def test_each_method_of_resolution_appends_the_ball_and_releases_the_next(
        admin, user, generated, method) -> None:
    tier = "TRIPLE" if method == "MAJORITY_VOTE" else "DUAL"
    scorers = (HOME, AWAY, NEUTRAL) if tier == "TRIPLE" else (HOME, AWAY)
    match, actions = consensus_match(admin, generated, tier)
    start, ball, after = actions[0], actions[1], actions[2]
    assert ball.kind == "delivery"
    fielders = [p.id for p in match.teams[1].players if p.id != ball.bowlerId]
    views = {(AWAY, 1): as_(AWAY, ball, runsOffBat=ball.runsOffBat + 2,
                            totalRuns=ball.totalRuns + 2, bowlerId=fielders[0])}
    if tier == "TRIPLE":  # three views: the runs of home and neutral, the bowler of home and away
        views[(NEUTRAL, 1)] = as_(NEUTRAL, ball, bowlerId=fielders[1])
        views[(AWAY, 1)] = as_(AWAY, ball, runsOffBat=ball.runsOffBat + 2,
                               totalRuns=ball.totalRuns + 2)
    submit_together(user, [start, ball, after], *scorers, views=views)
    wait_for(lambda: admin.get(dispute_path(match.id, ball.id)), "a dispute")
    official = REFEREE if method == "CAPTAIN_CONSENSUS" else UMPIRE
    stated = as_(official, ball) if method in ("VIDEO_REVIEW", "CAPTAIN_CONSENSUS") else None
    resolve_dispute(user(official), match.id, ball.id, method, uid=official, action=stated)

    log = wait_logged(admin, match.id, [ball.id, after.id])
    assert log[ball.id]["isVoided"] is (method == "ABANDON_BALL")
    if method == "MAJORITY_VOTE":  # the view with the majority's runs and bowler: home's
        assert log[ball.id]["recordedBy"] == HOME
    dispute = admin.get(dispute_path(match.id, ball.id))
    assert (dispute["status"], dispute["method"], dispute["resolvedBy"]) == (
        "resolved", method, official)
    assert_converged(admin, match)
    assert chain_ok(match.id).returncode == 0


def test_a_void_needs_both_scorers(
        admin, user, generated) -> None:
    match, actions = consensus_match(admin, generated, "DUAL")
    balls = actions[:4]
    submit_together(user, balls, HOME, AWAY)
    wait_logged(admin, match.id, [a.id for a in balls])
    target = balls[2].id
    with pytest.raises(FirestoreError) as alone:  # a DUAL scorer never voids the log
        void_action(user(HOME), match.id, target, "wrong batter", uid=HOME)
    assert alone.value.denied
    submit_void(user(HOME), match.id, target, "wrong batter", uid=HOME, role=ROLE[HOME])
    with pytest.raises(FirestoreError) as twice:  # sent again: the first request stands
        submit_void(user(HOME), match.id, target, "wrong batter", uid=HOME, role=ROLE[HOME])
    assert twice.value.already_exists
    decided(match.id, f"{target}-void", "waiting")
    score = assert_converged(admin, match)
    assert logged(admin, match.id)[target]["isVoided"] is False  # one of two asked

    submit_void(user(AWAY), match.id, target, "wrong batter", uid=AWAY, role=ROLE[AWAY])
    wait_for(lambda: logged(admin, match.id)[target].get("isVoided") is True, "the void")
    after = assert_converged(admin, match)
    assert after["version"] > score["version"]
    entries = [e for _, e in admin.list(ledger_path(match.id))]
    assert [(e["change"], e["actionId"]) for e in entries][-1] == ("void", target)
    assert chain_ok(match.id).returncode == 0


def test_the_chain_finds_an_edit_a_deletion_and_a_reordering_made_with_admin_credentials(
        admin, user, generated) -> None:
    match, actions = consensus_match(admin, generated, "SINGLE")
    for action in actions[:8]:
        write_action(user(HOME), as_(HOME, action))
    score = wait_for(lambda: (s := admin.get(live_score_path(match.id)))
                     and s.get("lastActionId") == actions[7].id and s, "eight actions")
    entries = admin.list(ledger_path(match.id))
    assert [e["n"] for _, e in entries] == list(range(1, 9))
    assert score["chainHead"] == entries[-1][1]["hash"]
    assert chain_ok(match.id).returncode == 0

    victim = actions[3]
    assert victim.kind == "delivery"
    path = f"matches/{match.id}/scoring_actions/{victim.id}"
    original = admin.get(path)
    admin.update(path, {"runsOffBat": victim.runsOffBat + 4})  # an admin's quiet edit
    edited = chain_ok(match.id)
    assert edited.returncode == 1 and "action_changed" in edited.stdout
    assert f"entry 4: action {victim.id}" in edited.stdout
    admin.set(path, original)  # put back: the chain holds again
    assert chain_ok(match.id).returncode == 0

    (id2, e2), (id3, e3) = entries[1], entries[2]
    admin.set(f"{ledger_path(match.id)}/{id2}", e3)
    admin.set(f"{ledger_path(match.id)}/{id3}", e2)
    swapped = chain_ok(match.id)
    assert swapped.returncode == 1 and "out_of_order" in swapped.stdout
    admin.set(f"{ledger_path(match.id)}/{id2}", e2)
    admin.set(f"{ledger_path(match.id)}/{id3}", e3)

    admin.delete(f"matches/{match.id}/scoring_actions/{actions[7].id}")
    deleted = chain_ok(match.id)
    assert deleted.returncode == 1 and "action_missing" in deleted.stdout


def test_an_entry_forged_at_the_chains_tail_is_reported_and_the_projection_goes_on(
        admin, user, generated) -> None:
    """A self-consistent entry appended with admin rights holds the next n: every run lost
    its race for it and live/score stood at the ball before, until the reconciliation, with
    nothing said. Now the ball is folded by its own run, live/score names the entry, and the
    verifier does too."""
    match, actions = consensus_match(admin, generated, "SINGLE")
    for action in actions[:4]:
        write_action(user(HOME), as_(HOME, action))
    wait_for(lambda: (s := admin.get(live_score_path(match.id)))
             and s.get("lastActionId") == actions[3].id and s, "four actions")
    entries = [e for _, e in admin.list(ledger_path(match.id))]
    copied = admin.get(f"matches/{match.id}/scoring_actions/{actions[1].id}")
    forged = LedgerHead(n=entries[-1]["n"], hash=entries[-1]["hash"]).extend(
        match.id, [("append", actions[1].id, copied)])[0]
    admin.set(ledger_entry_path(match.id, forged["n"]), forged)

    log = emulator_log(REPO)
    since = log.stat().st_size
    for action in actions[4:6]:
        write_action(user(HOME), as_(HOME, action))
    score = wait_for(lambda: (s := admin.get(live_score_path(match.id)))
                     and s.get("lastActionId") == actions[5].id and s, "the balls after it",
                     deadline=30)
    assert [p["code"] for p in score["integrity"]] == ["ledger_foreign_entry"]
    # and the alert a log-based metric counts (docs/deploy.md), naming the match
    alert = f'"alert": "{TAMPER_ALERT}", "matchId": "{match.id}"'
    wait_for(lambda: alert in log.read_bytes()[since:].decode(errors="replace"),
             "the tamper alert in the functions' log", deadline=30)
    report = chain_ok(match.id)
    assert report.returncode == 1 and f"entry {forged['n']}: action {actions[1].id}" in (
        report.stdout)



@pytest.mark.parametrize("path", real_match_params(["1269700"]))
def test_a_real_match_scored_by_two_clients_ends_equal_to_its_scorecard(
        admin, user, path: Path) -> None:
    """A whole real T20 (cricsheet.org) submitted by the home and the away scorer at once;
    the away scorer sees three balls otherwise (the runs, the bowler, who was on strike),
    each dispute lists exactly those fields, and an umpire's override of each ends the match
    equal to its scorecard, with a ledger that verifies."""
    match, actions = load_match(path, match_id=f"dual-{path.stem}-{uuid.uuid4().hex[:6]}")
    match = match.model_copy(update={"validation": "DUAL"})
    create_match(admin, match)
    for uid, role in ((HOME, "scorer_home"), (AWAY, "scorer_away"), (UMPIRE, "umpire_third")):
        assign_match_role(admin, match.id, uid, role)
    plain = [i for i, a in enumerate(actions) if a.kind == "delivery" and not a.isWicket
             and a.runsOffBat < 3 and not any(a.extras.model_dump().values())]
    runs_at, bowler_at, strike_at = plain[10], plain[len(plain) // 2], plain[-10]
    seen = {
        runs_at: ({"runsOffBat": actions[runs_at].runsOffBat + 1,
                   "totalRuns": actions[runs_at].totalRuns + 1}, ["runsOffBat"]),
        bowler_at: ({"bowlerId": _other_bowler(match, actions[bowler_at])}, ["bowlerId"]),
        strike_at: ({"strikerId": actions[strike_at].nonStrikerId,
                     "nonStrikerId": actions[strike_at].strikerId},
                    ["nonStrikerId", "strikerId"]),
    }
    views = {(AWAY, i): as_(AWAY, actions[i], **changes) for i, (changes, _) in seen.items()}
    submit_together(user, actions, HOME, AWAY, views=views)

    for i in sorted(seen):  # each dispute in turn: the balls after it wait for it
        dispute = wait_for(lambda i=i: admin.get(dispute_path(match.id, actions[i].id)),
                           f"the dispute at {actions[i].id}", deadline=120)
        assert sorted(d["field"] for d in dispute["differences"]) == seen[i][1]
        assert actions[-1].id not in logged(admin, match.id)
        resolve_dispute(user(UMPIRE), match.id, actions[i].id, "UMPIRE_OVERRIDE", uid=UMPIRE,
                        action=as_(UMPIRE, actions[i]))
    scorecard = expected_live_score(match, [(a.id, to_document(a)) for a in actions])
    score = wait_for(lambda: (s := admin.get(live_score_path(match.id)))
                     and without_history(s) == scorecard and s["openDisputes"] == [] and s,
                     "live/score to equal the match's scorecard", deadline=120)
    assert score["result"] == scorecard["result"] and score["validation"] == "DUAL"
    assert len(admin.list(f"matches/{match.id}/disputes")) == 3
    assert chain_ok(match.id).returncode == 0
