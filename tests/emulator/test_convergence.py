"""live/score converges to the projection of the log under at-least-once, unordered,
concurrent delivery, on the real emulators."""

from __future__ import annotations

import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from scorebook.firestore.client import firestore_client
from scorebook.firestore.live_score import refresh_live_score
from scorebook.firestore.paths import checkpoint_path
from scorebook.firestore.reconcile import reconcile_live_matches
from scorebook_tools.rest import FirestoreError
from scorebook_tools.scoring_app import correct_action, void_action, write_action
from tests.conftest import REPO
from tests.emulator.harness import (
    SCORER,
    assert_converged,
    live_score_at,
    load_sample,
    score_first,
    seed_match,
    triggers_disabled,
    wait_for,
)


def test_two_scorers_writing_at_once_converge(admin, user, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match, scorers=(SCORER, "scorer-2"))
    sample = actions[:60]
    devices = {SCORER: user(SCORER), "scorer-2": user("scorer-2")}

    def score(uid: str, mine: list) -> list[str]:
        refused = []
        for action in mine:
            try:
                write_action(devices[uid], action.model_copy(update={"recordedBy": uid}))
            except FirestoreError as error:
                assert error.already_exists or error.denied, error
                refused.append(f"{action.id} {error.code}")
        return refused

    # Both devices score every ball, in their own order: each ball is accepted once.
    shuffled = random.Random(7).sample(sample, len(sample))
    with ThreadPoolExecutor(2) as pool:
        refused = list(pool.map(score, devices, [sample, shuffled]))

    # Each ball is refused exactly once, as a duplicate: never twice, never for another reason.
    assert sorted(r.split(" ")[0] for r in refused[0] + refused[1]) == sorted(a.id for a in sample)
    assert all("ALREADY_EXISTS" in r for r in refused[0] + refused[1]), refused
    assert len(admin.list(f"matches/{match.id}/scoring_actions")) == len(sample)
    score_doc = assert_converged(admin, match)
    assert score_doc["lastActionId"] == sample[-1].id


def test_a_hundred_balls_as_fast_as_possible_converge(admin, user, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    with ThreadPoolExecutor(4) as pool:  # writes in flight at once, arriving in any order
        list(pool.map(lambda a: write_action(scorer, a), actions[:100]))
    assert_converged(admin, match)


def test_a_void_storm_converges(admin, user, generated):
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 50)
    sample = actions[:50]
    doomed = random.Random(3).sample(sample[1:], 15)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda a: void_action(scorer, match.id, a.id, "storm", uid=SCORER), doomed))

    score = assert_converged(admin, match)
    assert all(admin.get(f"matches/{match.id}/scoring_actions/{a.id}")["isVoided"]
               for a in doomed)
    assert score["lastActionId"] != doomed[-1].id or len(doomed) == 0


def test_a_lost_ball_is_healed_by_the_next_one_and_a_lost_undo_by_the_reconciliation(
        admin, user, generated):
    """A ball whose run was lost is folded by the next ball's run, which reads the log
    after the checkpoint. A void whose run was lost changes no count a ball reads: the
    scheduled reconciliation's step for the match finds it (or the next innings' first
    ball, or any run once the match has its result)."""
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 20)

    with triggers_disabled():  # these runs fail and are never retried
        void_action(scorer, match.id, actions[5].id, "lost undo", uid=SCORER)
        write_action(scorer, actions[20])
    stale = admin.get(f"matches/{match.id}/live/score")
    assert stale["lastActionId"] == actions[19].id

    write_action(scorer, actions[21])
    folded = wait_for(live_score_at(admin, match.id, actions[21].id), "the next ball")
    assert folded["lastActionId"] == actions[21].id

    outcome, _ = refresh_live_score(firestore_client(), match.id, check=True)  # its step
    assert outcome.mode.startswith("rebuilt"), outcome
    assert_converged(admin, match)


@pytest.mark.empty_database  # the reconciliation refolds every match not over
def test_a_late_ball_with_a_lost_run_is_healed_by_reconciliation(admin, user, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:12]:
        if action is not actions[6]:
            write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[11].id), "the 12th ball")
    with triggers_disabled():
        write_action(scorer, actions[6])  # arrives late, and its run is lost

    # any run of the scheduled job: the log holds an action more than the checkpoint folded
    outcomes = reconcile_live_matches(firestore_client(), full=False)

    assert outcomes[match.id].mode == "rebuilt"
    assert_converged(admin, match, deadline=10)
    checkpoint = admin.get(checkpoint_path(match.id))
    assert checkpoint["actions"] == 12 and checkpoint["rebuilds"] >= 2


def test_rebuild_script_reports_in_a_dry_run_and_repairs_otherwise(admin, user, generated):
    match, _, good = score_first(admin, user(SCORER), generated, 8)
    tampered = {**good, "currentInnings": {**good["currentInnings"], "runs": 999}}
    admin.set(f"matches/{match.id}/live/score", tampered)
    script = [sys.executable, str(REPO / "scripts/rebuild_projections.py"), "--match", match.id]

    dry = subprocess.run([*script, "--dry-run"], capture_output=True, text=True, check=True)

    assert f"{match.id}: would change currentInnings" in dry.stdout
    assert admin.get(f"matches/{match.id}/live/score")["currentInnings"]["runs"] == 999

    real = subprocess.run(script, capture_output=True, text=True, check=True)

    assert "rebuilt from" in real.stdout
    repaired = assert_converged(admin, match, deadline=10)
    assert repaired["currentInnings"]["runs"] == good["currentInnings"]["runs"]
    assert repaired["version"] > good["version"]


def test_a_correction_replaces_the_ball_in_place_and_keeps_the_audit_trail(admin, user, generated):
    scorer = user(SCORER)
    match, actions, before = score_first(admin, scorer, generated, 30)
    wrong = next(a for a in actions[:30] if getattr(a, "kind", "") == "delivery"
                 and a.runsOffBat == 1 and a.extras.wide == 0 and a.extras.noBall == 0)
    four = wrong.model_copy(update={"runsOffBat": 4, "totalRuns": 4 + wrong.totalRuns - 1,
                                    "isBoundary": True})

    correction_id = correct_action(scorer, wrong, four, uid=SCORER, reason="it was a four")

    after = assert_converged(admin, match)
    assert after["currentInnings"]["runs"] == before["currentInnings"]["runs"] + 3
    original = admin.get(f"matches/{match.id}/scoring_actions/{wrong.id}")
    assert original["isVoided"] and original["correctedBy"] == correction_id
    assert original["voidReason"] == "it was a four" and original["voidedBy"] == SCORER
    correction = admin.get(f"matches/{match.id}/scoring_actions/{correction_id}")
    assert correction["corrects"] == wrong.id and correction["source"] == "correction"
    assert correction_id == f"{wrong.id}-c1"


def test_a_gap_is_reported_and_heals_when_the_missing_ball_arrives(admin, user, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    missing = actions[5]
    for action in actions[:9]:
        if action is not missing:
            write_action(scorer, action)

    gapped = wait_for(live_score_at(admin, match.id, actions[8].id), "the 9th action")
    assert [p["code"] for p in gapped["integrity"]] == ["sequence_gap"]
    assert gapped["integrity"][0]["actionId"] == actions[6].id

    write_action(scorer, missing)

    healed = assert_converged(admin, match)
    assert healed["integrity"] == []
