"""No one can freeze, fake or inflate the public scoreboard through the trigger's checkpoint.

`matches/{id}/projection/state` is written by the functions only, but whoever holds admin
credentials (the console, a script) can edit or copy it. It carries the digest of the log
prefix it folded and a seal over what it holds: the next run rebuilds a checkpoint whose
seal does not match, and the reconciliation and `rebuild_projections.py --verify` refold the
log and rebuild whatever differs from it, saying why.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from google.cloud import firestore

from scorebook.firestore.client import firestore_client
from scorebook.firestore.live_score import refresh_live_score
from scorebook.firestore.paths import checkpoint_path, log_page_path, scoring_actions_path
from scorebook.firestore.reconcile import COUNTS_AGREE, reconcile_live_matches
from scorebook.service.live_score import stored_seal
from scorebook_tools.scoring_app import read_live_score, void_action, write_action
from scorebook_tools.spectator import feed_differences, pure_feed
from tests.conftest import REPO
from tests.emulator.harness import (
    SCORER,
    actions_of,
    assert_converged,
    live_score_at,
    load_sample,
    score_first,
    triggers_disabled,
    wait_for,
)


@pytest.fixture
def db() -> firestore.Client:
    return firestore_client()


def edit_checkpoint(db: firestore.Client, match_id: str, reseal: bool = False) -> int:
    """+500 runs in the checkpoint's fold state, as an admin would type it in the console
    (the seal left as it was), or as one who read this code would (`reseal`). Returns the
    runs live/score would show if the checkpoint were trusted."""
    ref = db.document(checkpoint_path(match_id))
    stored = ref.get().to_dict()
    data = json.loads(stored["data"])
    data["state"]["innings"][-1]["runs"] += 500
    stored["data"] = json.dumps(data)
    if reseal:
        stored["seal"] = stored_seal(stored, match_id)
    ref.set(stored)
    return data["state"]["innings"][-1]["runs"]


def a_single(actions: list[Any]) -> Any:
    """A delivery of one run off the bat, no extras: four more runs keep it lawful."""
    return next(a for a in actions if getattr(a, "kind", "") == "delivery"
                and a.runsOffBat == 1 and a.totalRuns == 1)


def four_more_runs(db: firestore.Client, match_id: str, action: Any) -> None:
    """An admin's edit in place of an action already folded (the rules allow a scorer only a
    void): the Admin SDK bypasses the rules, and the trigger fires as for any write."""
    db.document(f"{scoring_actions_path(match_id)}/{action.id}").update(
        {"runsOffBat": 5, "totalRuns": 5})


def runs(score: dict[str, Any]) -> int:
    return score["currentInnings"]["runs"]


def test_a_checkpoint_edited_by_hand_is_not_trusted(admin, user, spectator, generated, db):
    scorer = user(SCORER)
    match, actions, before = score_first(admin, scorer, generated, 20, reader=spectator)
    inflated = edit_checkpoint(db, match.id)
    assert inflated == runs(before) + 500

    write_action(scorer, actions[20])

    score = wait_for(live_score_at(spectator, match.id, actions[20].id), "the 21st ball")
    assert runs(score) < inflated - 400
    assert_converged(admin, match, deadline=10)
    checkpoint = admin.get(checkpoint_path(match.id))
    # rebuilt from the log, once; nothing of the untrusted one is kept but its version,
    # which keeps growing (a late run of one of the first 20 balls' triggers may meet the
    # edited checkpoint first and rebuild: the 21st ball's run then folds onto that)
    assert checkpoint["rebuilds"] == 1 and checkpoint["lastMode"] in ("rebuilt", "folded")
    assert score["version"] > before["version"]

    write_action(scorer, actions[21])  # the rebuilt checkpoint is sealed: folded onto again

    wait_for(live_score_at(spectator, match.id, actions[21].id), "the 22nd ball")
    checkpoint = admin.get(checkpoint_path(match.id))
    # the checkpoint, live/score, live/now, the innings' card and the ball's events
    # (BALL_BOWLED, and what else it did)
    assert checkpoint["lastMode"] == "folded" and 5 <= checkpoint["lastRunWrites"] <= 8
    # 1 read when the ball's own run folds it onto the checkpoint its instance wrote, 2 when
    # the ball begins an innings (the voided actions are counted then), one more when another
    # instance wrote the checkpoint (it is read); 4 when a late run of one of the first 20
    # balls' triggers (written at once above) folds it first: that run also counts the log
    assert checkpoint["lastRunReads"] in (1, 2, 3, 4)


def test_a_checkpoint_copied_from_another_match_is_not_trusted(admin, user, spectator, generated,
                                                               db):
    scorer = user(SCORER)
    further, _, further_score = score_first(admin, scorer, generated, 60)
    match, actions, _ = score_first(admin, scorer, generated, 20, reader=spectator)
    copied = db.document(checkpoint_path(further.id)).get().to_dict()
    db.document(checkpoint_path(match.id)).set(copied)

    write_action(scorer, actions[20])

    score = wait_for(live_score_at(spectator, match.id, actions[20].id), "the 21st ball")
    assert runs(score) != runs(further_score)
    assert_converged(admin, match, deadline=10)
    checkpoint = admin.get(checkpoint_path(match.id))
    # the 21st ball's run rebuilt from the log, unless a run still in flight for the match
    # (its status moving on) met the copy first and rebuilt then: either way, not trusted
    assert checkpoint["actions"] == 21
    assert checkpoint["lastMode"] in ("rebuilt", "folded")


def test_an_action_edited_in_place_by_an_admin_is_refolded(admin, user, spectator, generated, db):
    """Before, the trigger took this write for a delivery of the same ball twice: the ids and
    the counts of the log were as folded, so live/score kept the old runs for good."""
    scorer = user(SCORER)
    match, actions, before = score_first(admin, scorer, generated, 30, reader=spectator)

    four_more_runs(db, match.id, a_single(actions[:12]))

    after = assert_converged(admin, match)
    assert runs(after) == runs(before) + 4


def test_a_live_score_edited_by_hand_is_written_whole_by_the_next_ball(
        admin, user, spectator, generated, db):
    """A warm instance sends only the fields a ball changed, on condition that live/score is
    as its last commit left it: an edit beside the checkpoint fails that condition, and the
    run writes live/score whole, the edit gone."""
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 20, reader=spectator)
    live = db.document(f"matches/{match.id}/live/score")
    # `validation` is a field no ball changes: only a whole write puts it back
    live.update({"innings1.runs": 999, "validation": "NONE"})

    write_action(scorer, actions[20])
    wait_for(live_score_at(spectator, match.id, actions[20].id), "the next ball")
    assert_converged(admin, match, deadline=5)
    write_action(scorer, actions[21])  # and the next ball sends its changes only again
    wait_for(live_score_at(spectator, match.id, actions[21].id), "the ball after")
    assert_converged(admin, match, deadline=5)


@pytest.mark.empty_database  # the reconciliation refolds every match not over
def test_reconciliation_rebuilds_a_checkpoint_whose_log_changed_under_it(
    admin, user, spectator, generated, db
):
    scorer = user(SCORER)
    match, actions, before = score_first(admin, scorer, generated, 30, reader=spectator)
    with triggers_disabled():  # the edit's trigger run is lost
        four_more_runs(db, match.id, a_single(actions[:12]))
    assert runs(read_live_score(spectator, match.id)) == runs(before)

    # the scheduled job's run of the hour that does not verify this match whole: the edit
    # left the log's counts as they were, so only that run's refold finds it
    quick = reconcile_live_matches(db, full=False)[match.id]
    assert (quick.mode, quick.reason) == ("unchanged", COUNTS_AGREE)
    assert runs(read_live_score(spectator, match.id)) == runs(before)

    outcomes = reconcile_live_matches(db, full=True)  # its run of the hour that does

    assert outcomes[match.id].mode == "rebuilt"
    assert "log digest differs" in outcomes[match.id].reason
    after = assert_converged(admin, match, deadline=10)
    assert runs(after) == runs(before) + 4


@pytest.mark.empty_database  # the reconciliation refolds every match not over
def test_reconciliation_rebuilds_a_resealed_checkpoint_and_leaves_a_healthy_one_alone(
    admin, user, spectator, generated, db
):
    scorer = user(SCORER)
    healthy, healthy_actions, _ = score_first(admin, scorer, generated, 30)
    void_action(scorer, healthy.id, healthy_actions[4].id, "wrong ball", uid=SCORER)
    assert_converged(admin, healthy)
    match, _, before = score_first(admin, scorer, generated, 20, reader=spectator)
    edit_checkpoint(db, match.id, reseal=True)
    healthy_version = admin.get(checkpoint_path(healthy.id))["version"]

    outcomes = reconcile_live_matches(db, full=True)  # (the counts agree: only a refold tells)

    assert outcomes[healthy.id].mode == "verified"  # Firestore's values refold the same
    assert admin.get(checkpoint_path(healthy.id))["version"] == healthy_version
    assert outcomes[match.id].mode == "rebuilt"
    assert "fold state differs" in outcomes[match.id].reason
    assert runs(assert_converged(admin, match, deadline=10)) == runs(before)
    assert reconcile_live_matches(db, full=True)[match.id].mode == "verified"


@pytest.mark.empty_database  # the reconciliation refolds every match not over
def test_a_match_left_live_and_forgotten_is_dormant_until_its_next_write(
    admin, user, spectator, generated, db
):
    """Matches left live were refolded by every reconciliation for ever. One whose live/score
    has not changed for a day is left alone (one read), and its next write wakes it."""
    from datetime import UTC, datetime, timedelta

    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 20)
    with triggers_disabled():
        admin.update(f"matches/{match.id}/live/score",
                     {"lastUpdated": datetime.now(UTC) - timedelta(days=2)})
    outcome = reconcile_live_matches(db, full=True)[match.id]  # its run of the hour
    assert (outcome.mode, outcome.reason) == ("unchanged", "dormant: no change for a day")
    with triggers_disabled():  # the write that wakes it, its own run lost
        write_action(scorer, actions[20])
    # any run: the log's count tells
    assert reconcile_live_matches(db, full=False)[match.id].mode == "rebuilt"
    wait_for(live_score_at(spectator, match.id, actions[20].id), "the ball whose run was lost")
    write_action(scorer, actions[21])  # woken
    wait_for(live_score_at(spectator, match.id, actions[21].id), "the next ball")
    assert reconcile_live_matches(db, full=True)[match.id].mode == "verified"


def rebuild_projections(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts/rebuild_projections.py"), *args],
        capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "COLUMNS": "250"},
    )


def test_rebuild_projections_verify_finds_a_resealed_checkpoint_and_rebuilds_only_it(
    admin, user, generated, db
):
    scorer = user(SCORER)
    healthy, _, _ = score_first(admin, scorer, generated, 12)
    match, _, before = score_first(admin, scorer, generated, 20)
    edit_checkpoint(db, match.id, reseal=True)
    tampered = db.document(checkpoint_path(match.id)).get().to_dict()

    both = ("--match", healthy.id, "--match", match.id)
    check = rebuild_projections(*both, "--verify", "--dry-run")

    assert check.returncode == 1, check.stdout + check.stderr
    assert f"{match.id}: would rebuild: the checkpoint's fold state differs" in check.stdout
    assert f"{healthy.id}: verified against its log" in check.stdout
    assert db.document(checkpoint_path(match.id)).get().to_dict() == tampered  # wrote nothing

    repair = rebuild_projections(*both, "--verify")

    assert repair.returncode == 0, repair.stdout + repair.stderr
    assert f"{match.id}: rebuilt, version" in repair.stdout
    assert "2 matches: 1 as their log, 1 rebuilt" in repair.stdout
    assert runs(assert_converged(admin, match, deadline=10)) == runs(before)

    again = rebuild_projections(*both, "--verify")  # idempotent

    assert again.returncode == 0 and "2 matches: 2 as their log, 0 rebuilt" in again.stdout


def test_a_void_of_the_first_over_is_refolded_from_the_log_pages_not_the_log(
    admin, user, spectator, generated, db
):
    """The log's pages as Firestore stores them (a page begun whole, each ball merged in as
    a field of the last page, pages read in the transaction): a void of a ball of the first
    over reads the checkpoint, the pages, the actions after the last one read and the two
    counts, not the log; live/score and the feed are the log's, the reconciliation finds
    every page as a refold of the log makes it, and the next ball is 3 reads again."""
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 150, reader=spectator)
    pages = [db.document(log_page_path(match.id, k)).get().to_dict() for k in range(3)]
    assert pages[2] is None, "150 actions make two pages"
    assert set(pages[0]["docs"]) | set(pages[1]["docs"]) == {a.id for a in actions[:150]}
    first_over_ball = next(a for a in actions[1:7] if getattr(a, "totalRuns", 0) > 0)

    void_action(scorer, match.id, first_over_ball.id, "wrong ball", uid=SCORER)

    checkpoint = wait_for(lambda: (c := db.document(checkpoint_path(match.id)).get().to_dict())
                          and c["voided"] == 1 and c, "the void to be folded")
    assert checkpoint["lastMode"] == "rebuilt_page"
    # the checkpoint, the two pages, the voided actions, the actions after the last one read,
    # the count of the log; 2 more when the run that folds it is a ball's delivered late
    # (the emulator delivers triggers late and out of order), which counted the voids first
    assert checkpoint["lastRunReads"] in (6, 8)
    assert_converged(admin, match)
    events = [d for _, d in spectator.list(f"matches/{match.id}/events")]
    assert feed_differences(events, pure_feed(match, actions_of(admin, match.id))) == []
    verified, _ = refresh_live_score(db, match.id, check=True, repair=False)
    assert (verified.mode, verified.reason) == ("verified", "")

    write_action(scorer, actions[150])
    wait_for(live_score_at(spectator, match.id, actions[150].id), "the next ball")
    checkpoint = db.document(checkpoint_path(match.id)).get().to_dict()
    # 1 read, 2 when the ball begins an innings (3 when the instance that folds it did not
    # write the checkpoint); 4 when a trigger delivered late (about an earlier ball) folded it
    assert checkpoint["lastMode"] == "folded" and checkpoint["lastRunReads"] in (1, 2, 3, 4)


def test_a_settled_innings_is_stored_once_and_the_checkpoint_verifies(admin, user, spectator,
                                                                      generated, db):
    """In the second innings the first is a field of its own in the checkpoint, which the
    balls after it leave as it is (each run sends the fields that changed), and what is
    stored reads back as the fold of the log."""
    scorer = user(SCORER)
    match, actions = load_sample(generated)
    second = next(n for n, action in enumerate(actions) if action.inningsNumber == 2)
    match, actions, _ = score_first(admin, scorer, generated, second + 8, reader=spectator)
    assert_converged(admin, match)
    before = db.document(checkpoint_path(match.id)).get().to_dict()
    assert set(before["settled"]) == {"1"} and before["overStartShares"] == 1
    assert [inn["number"] for inn in json.loads(before["data"])["state"]["innings"]] == [2]

    write_action(scorer, actions[second + 8])
    wait_for(live_score_at(spectator, match.id, actions[second + 8].id), "the next ball")
    after = db.document(checkpoint_path(match.id)).get().to_dict()
    assert after["lastMode"] == "folded" and after["settled"] == before["settled"]
    assert after["data"] != before["data"]
    verified, _ = refresh_live_score(db, match.id, check=True, repair=False)
    assert (verified.mode, verified.reason) == ("verified", "")
