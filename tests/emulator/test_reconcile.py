"""The scheduled reconciliation heals what a lost trigger run left (Python triggers are not
retried): the marks such a run leaves send the match to a whole verification in the next run,
five minutes on, not the match's run of the hour (scorebook.service.reconcile)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from google.cloud import firestore

from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import (
    checkpoint_path,
    live_score_path,
    match_path,
    reconciled_path,
)
from scorebook.firestore.reconcile import COUNTS_AGREE, reconcile_live_matches
from scorebook.service.reconcile import FULL_EVERY, RECONCILE_SECONDS, slot_due
from scorebook_tools.emulators import emulator_log
from scorebook_tools.scoring_app import (
    read_live_lineups,
    read_live_score,
    void_action,
    write_action,
    write_lineup,
)
from tests.conftest import REPO
from tests.emulator.harness import (
    SCORER,
    SHORT,
    assert_converged,
    live_score_at,
    load_sample,
    score_first,
    seed_match,
    triggers_disabled,
    wait_for,
)
from tests.emulator.test_lineups import edit, sample_lineups, write_all

pytestmark = pytest.mark.empty_database  # the reconciliation verifies every match not over


@pytest.fixture
def db() -> firestore.Client:
    return firestore_client()


def test_a_match_edit_whose_run_was_lost_reaches_live_score_in_the_next_run(
    admin, user, spectator, generated, db
):
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 20, reader=spectator)
    batting = read_live_score(spectator, match.id)["currentInnings"]["battingTeamName"]
    teams = [t | {"name": "Renamed XI"} if t["name"] == batting else t
             for t in admin.get(match_path(match.id))["teams"]]
    with triggers_disabled():  # an official renames the side; the edit's run is lost
        admin.update(match_path(match.id), {"teams": teams})
    # the next ball is folded onto the checkpoint (its run never reads the match)
    write_action(scorer, actions[20])
    before = wait_for(live_score_at(spectator, match.id, actions[20].id), "the next ball")
    assert before["currentInnings"]["battingTeamName"] == batting
    # and a write the fold never reads (as the projection writes the status back at an
    # innings' end), whose run ends: it must not mark the lost edit before it seen
    admin.update(match_path(match.id), {"status": "innings_break"})
    marked(db, match.id, "the status write's run", seen=False)

    # any run of the hour, not the match's own: the match was written after the last write
    # its trigger ran for
    outcome = reconcile_live_matches(db, full=False)[match.id]

    assert outcome.mode == "rebuilt", outcome
    score = read_live_score(spectator, match.id)
    assert score["currentInnings"]["battingTeamName"] == "Renamed XI"
    assert score["currentInnings"]["runs"] == before["currentInnings"]["runs"]
    # verified since the edit: the next runs read the counts alone
    again = reconcile_live_matches(db, full=False)[match.id]
    assert (again.mode, again.reason) == ("unchanged", COUNTS_AGREE)
    # an edit whose run was not lost leaves no mark either
    admin.update(match_path(match.id), {"venue": "The Oval"})
    marked(db, match.id, "the edit's run")
    again = reconcile_live_matches(db, full=False)[match.id]
    assert (again.mode, again.reason) == ("unchanged", COUNTS_AGREE)


def marked(db: firestore.Client, match_id: str, what: str, *, seen: bool = True) -> None:
    """Wait until the match trigger's run for the match's last write has marked it seen (or,
    `seen` False, has ended without: the functions' log says so)."""
    written = db.document(match_path(match_id)).get().update_time
    mark = db.document(reconciled_path(match_id))
    if seen:
        wait_for(lambda: (mark.get().to_dict() or {}).get("matchSeen") == written, what)
        return
    said = f"matches/{match_id} written at {written.isoformat()}: "
    ended = wait_for(lambda: re.search(re.escape(said) + r"(marked seen|not marked)",
                                       emulator_log(REPO).read_text(errors="replace")), what)
    assert ended.group(1) == "not marked", what
    assert (mark.get().to_dict() or {}).get("matchSeen") != written, what


def test_a_match_whose_first_run_was_lost_is_projected_by_the_next_run(admin, generated, db):
    match, _ = sample_lineups(generated)
    with triggers_disabled():  # the match is created; its run is lost
        seed_match(admin, match)
    assert admin.get(checkpoint_path(match.id)) is None

    outcome = reconcile_live_matches(db, full=False)[match.id]

    assert outcome.mode == "rebuilt", outcome
    assert admin.get(live_score_path(match.id))["status"] == "scheduled"
    again = reconcile_live_matches(db, full=False)[match.id]
    assert (again.mode, again.reason) == ("unchanged", COUNTS_AGREE)


def test_a_lineup_whose_run_was_lost_reaches_live_lineups_in_the_hours_verification(
    admin, spectator, generated, db
):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)
    wait_for(lambda: (live := read_live_lineups(spectator, match.id))
             and live.get("version", 0) >= 1 and live, "live/lineups")
    wait_for(lambda: admin.get(checkpoint_path(match.id)), "the match's checkpoint")
    renamed = edit(entries, entries[0].playerId, name="Renamed Opener")
    with triggers_disabled():  # the lineup's run is lost: no count, no match written
        write_lineup(admin, match.id, renamed)

    quick = reconcile_live_matches(db, full=False)[match.id]
    assert (quick.mode, quick.reason) == ("unchanged", COUNTS_AGREE)
    assert "Renamed Opener" not in str(read_live_lineups(spectator, match.id))

    reconcile_live_matches(db, full=True)  # the match's run of the hour

    assert "Renamed Opener" in str(read_live_lineups(spectator, match.id))


def test_a_match_verified_whole_waits_for_its_run_of_the_hour(admin, user, generated, db):
    match, _, _ = score_first(admin, user(SCORER), generated, 6)
    now = datetime.now(UTC)
    runs = [now + timedelta(seconds=RECONCILE_SECONDS * k) for k in range(FULL_EVERY + 1)]
    # never verified whole (new since the last run): the first run verifies it, whatever
    # its slot
    assert reconcile_live_matches(db, at=runs[0])[match.id].mode == "verified"

    whole = [reconcile_live_matches(db, at=at)[match.id].reason != COUNTS_AGREE
             for at in runs[1:]]

    assert whole == [slot_due(match.id, at) for at in runs[1:]]
    assert sum(whole) == 1


def test_a_correction_of_a_completed_match_whose_run_was_lost_is_folded_by_the_next_run(
    admin, user, generated, db
):
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions:
        write_action(scorer, action)
    before = assert_converged(admin, match)
    assert before["status"] == "completed"
    four = next(a for a in reversed(actions) if getattr(a, "kind", "") == "delivery"
                and a.runsOffBat == 4 and a.inningsNumber == 1)
    with triggers_disabled():  # an admin takes a four back after the match; its run is lost
        void_action(admin, match.id, four.id, "it was a dropped catch, no run", uid="admin")

    # not a match not over: one completed within the day, by its counts
    outcome = reconcile_live_matches(db, full=False)[match.id]

    assert outcome.mode == "rebuilt", outcome
    after = assert_converged(admin, match, deadline=10)
    assert after["innings1"]["runs"] == before["innings1"]["runs"] - 4
