"""Admin migrations against the emulators, with the trigger rebuilding live/score."""

from __future__ import annotations

import uuid

import pytest
from google.cloud import firestore

from scorebook.firestore.paths import legacy_archive_path as archive_path
from scorebook.firestore.paths import live_score_path
from scorebook.match import parse_lineup_document
from scorebook_tools.legacy import legacy_from_cricsheet
from scorebook_tools.migrations import (
    migrate_ball_history,
    migrate_lineups,
    migrate_roles,
    write_legacy_dataset,
)
from scorebook_tools.rollback import restore_legacy
from tests.emulator.harness import PROJECT, SHORT, T20, TRIGGER_DEADLINE, wait_for


class Interrupted(Exception):
    pass


@pytest.fixture
def db() -> firestore.Client:
    return firestore.Client(project=PROJECT)


def seed_legacy(db, generated, name: str = SHORT, change=None) -> tuple[str, dict]:
    """A generated legacy match under an id of its own (5 overs a side, unless `name` says
    otherwise); `change(docs, match_id)` may spoil it."""
    match_id = f"legacy-{uuid.uuid4().hex[:8]}"
    docs = legacy_from_cricsheet(generated / name, match_id=match_id)
    if change:
        change(docs, match_id)
    write_legacy_dataset(db, docs)
    return match_id, docs


def action_ids(db, match_id: str) -> list[str]:
    return [r.id for r in db.collection(f"matches/{match_id}/scoring_actions").list_documents()]


def migrate(db, match_id, **kw):
    return migrate_ball_history(db, match_id, wait_seconds=TRIGGER_DEADLINE, **kw)


def test_a_legacy_match_migrates_and_the_trigger_rebuilds_its_true_totals(db, generated):
    match_id, docs = seed_legacy(db, generated, T20)  # a whole T20: a real match's size

    report = migrate(db, match_id)

    assert report.error is None
    assert report.clean, (report.expected_differences, report.live_differences, report.live_note)
    assert len(report.writes.written) == report.actions > 200
    assert report.archived
    archive = db.document(archive_path(match_id)).get().to_dict()
    assert archive["ballHistory"] == docs[f"matches/{match_id}/live/score"]["ballHistory"]
    live = db.document(live_score_path(match_id)).get().to_dict()
    assert "ballHistory" in live, "the legacy fields stay until --remove-legacy"
    assert live["innings2"]["runs"] == docs[f"matches/{match_id}/live/score"]["totalRuns"]


def test_a_second_run_writes_nothing(db, generated):
    match_id, _ = seed_legacy(db, generated)
    first = migrate(db, match_id)
    before = db.document(archive_path(match_id)).get().to_dict()

    again = migrate(db, match_id)

    assert again.writes.written == [] and again.writes.differing == []
    assert len(again.writes.skipped) == first.actions
    assert not again.archived
    assert db.document(archive_path(match_id)).get().to_dict() == before
    assert again.clean


def test_an_interrupted_run_resumes_where_it_stopped(db, generated):
    match_id, _ = seed_legacy(db, generated)

    def stop(batch: int) -> None:
        if batch == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        migrate(db, match_id, batch_size=20, after_batch=stop)
    assert len(action_ids(db, match_id)) == 40

    resumed = migrate(db, match_id, batch_size=20)

    assert len(resumed.writes.skipped) == 40
    assert len(resumed.writes.written) == resumed.actions - 40 > 0
    assert len(action_ids(db, match_id)) == resumed.actions
    assert resumed.clean, (resumed.live_differences, resumed.live_note)


def test_a_dry_run_writes_nothing(db, generated):
    match_id, docs = seed_legacy(db, generated)

    report = migrate(db, match_id, dry_run=True)

    assert len(report.writes.planned) == report.actions > 0
    assert report.expected_differences == []
    assert action_ids(db, match_id) == []
    assert not db.document(archive_path(match_id)).get().exists
    live = db.document(live_score_path(match_id)).get().to_dict()
    assert live == docs[f"matches/{match_id}/live/score"]


def test_a_legacy_document_with_wrong_totals_is_reported_and_its_legacy_fields_kept(
    db, generated
):
    def wrong_total(docs, mid):
        docs[f"matches/{mid}/live/score"]["totalRuns"] += 7

    match_id, docs = seed_legacy(db, generated, change=wrong_total)
    legacy_runs = docs[f"matches/{match_id}/live/score"]["totalRuns"]

    report = migrate(db, match_id, remove_legacy=True)

    diff = f"totalRuns: legacy {legacy_runs}, rebuilt {legacy_runs - 7}"
    assert report.expected_differences == [diff]
    assert report.live_differences == [diff]
    assert not report.clean and not report.legacy_removed
    assert "ballHistory" in db.document(live_score_path(match_id)).get().to_dict()


def test_bad_legacy_items_are_reported_not_fatal(db, generated):
    def spoil(docs, mid):
        history = docs[f"matches/{mid}/live/score"]["ballHistory"]
        history.insert(3, "not a ball")
        history.insert(5, {"runs": 1})  # no striker, no bowler

    match_id, _ = seed_legacy(db, generated, change=spoil)

    report = migrate(db, match_id)

    assert report.error is None
    assert {(p.index, p.code) for p in report.problems} >= {(3, "not_an_object"),
                                                             (5, "unreadable")}
    assert report.clean  # the two items were not balls: the totals still agree


def test_remove_legacy_after_a_clean_verification_keeps_the_archive(db, generated):
    match_id, _ = seed_legacy(db, generated)

    report = migrate(db, match_id, remove_legacy=True)

    assert report.clean and report.legacy_removed
    live = db.document(live_score_path(match_id)).get().to_dict()
    assert "ballHistory" not in live and "totalRuns" not in live
    assert live["innings1"]["balls"] > 0
    assert "ballHistory" in db.document(archive_path(match_id)).get().to_dict()


def test_lineups_and_roles_migrate_once(db, generated):
    match_id, docs = seed_legacy(db, generated)
    persons = f"persons-{match_id}"
    people = {p.replace("persons/", f"{persons}/"): d for p, d in docs.items()
              if p.startswith("persons/")}
    write_legacy_dataset(db, people)

    lineups, problems = migrate_lineups(db, match_id)
    roles = migrate_roles(db, match_ids=[match_id], persons=persons)

    selection = docs[f"matches/{match_id}"]["teamSelection"]
    collection = f"matches/{match_id}/lineups"
    assert problems == []
    assert sorted(lineups.written) == sorted(
        f"{collection}/{team}_{pid}" for team, sel in selection.items() for pid in sel["playerIds"])
    for team, sel in selection.items():
        for position, pid in enumerate(sel["playerIds"], start=1):
            stored = db.document(f"{collection}/{team}_{pid}").get().to_dict()
            entry = parse_lineup_document(f"{team}_{pid}", stored)
            assert (entry.battingPosition, entry.isWicketkeeper, entry.isCaptain) == (
                position, pid == sel["wicketKeeperId"], pid == sel["captainId"])
            assert (entry.selectedBy, entry.name) == ("migration", None)
    scorer = docs[f"matches/{match_id}"]["scorer"]
    assignment = db.document(
        f"match_role_assignments/{match_id}_{scorer}_scorer_neutral").get().to_dict()
    assert assignment["role"] == "scorer_neutral" and assignment["endDate"] is not None
    assert roles.written and not roles.differing
    again, _ = migrate_lineups(db, match_id)
    assert (again.written, again.differing) == ([], [])
    assert sorted(again.skipped) == sorted(lineups.written)
    assert migrate_roles(db, match_ids=[match_id], persons=persons).written == []


def test_a_team_sheet_an_earlier_migration_wrote_is_reported(db, generated):
    match_id, docs = seed_legacy(db, generated)
    team = docs[f"matches/{match_id}"]["teams"][0]
    sheet = {"id": team["id"], "matchId": match_id, "teamId": team["id"],
             "players": team["players"], "updatedBy": "migration"}
    db.document(f"matches/{match_id}/lineups/{team['id']}").set(sheet)

    lineups, problems = migrate_lineups(db, match_id)

    assert [p.code for p in problems] == ["team_sheet"]
    assert f"matches/{match_id}/lineups/{team['id']} is a team sheet" in problems[0].message
    assert lineups.written and not lineups.differing


def test_the_trigger_keeps_the_legacy_fields_while_it_rebuilds(db, generated):
    match_id, _ = seed_legacy(db, generated)
    migrate(db, match_id)
    live = wait_for(lambda: db.document(live_score_path(match_id)).get().to_dict(), "live/score")
    assert "ballHistory" in live and "lastActionId" in live


# --- rollback -----------------------------------------------------------------------------------


def live_score(db, match_id: str) -> dict:
    return db.document(live_score_path(match_id)).get().to_dict()


def test_a_rollback_puts_the_legacy_fields_back_and_deletes_only_the_migrated_actions(
    db, generated
):
    match_id, docs = seed_legacy(db, generated)
    legacy = docs[f"matches/{match_id}/live/score"]
    migrated = migrate(db, match_id, remove_legacy=True)
    assert migrated.legacy_removed
    ids = sorted(action_ids(db, match_id))
    actions = db.collection(f"matches/{match_id}/scoring_actions")
    # what the new apps did after the migration: a scorer's own action and a void
    actions.document(ids[0]).update({"source": "live"})
    actions.document(ids[5]).update({"isVoided": True, "voidReason": "wrong bowler"})

    report = restore_legacy(db, match_id, delete_actions=True)

    assert report.error is None
    assert {"ballHistory", "totalRuns", "inningsScores"} <= set(report.restored)
    assert len(report.deleted) == len(ids) - 1 and report.voided == 1
    assert report.kept == [ids[0]] and action_ids(db, match_id) == [ids[0]]
    # the trigger rebuilds live/score from what is left of the log, around the legacy fields
    live = wait_for(lambda: (s := live_score(db, match_id)) and s.get("lastActionId") == ids[0]
                    and s, "live/score of the log left after the rollback")
    assert live["ballHistory"] == legacy["ballHistory"]
    assert live["totalRuns"] == legacy["totalRuns"]
    assert not db.document(archive_path(match_id)).get().exists
    moved = db.document(report.archive_moved_to).get().to_dict()
    assert moved["ballHistory"] == legacy["ballHistory"]


def test_a_dry_run_rollback_changes_nothing(db, generated):
    match_id, _ = seed_legacy(db, generated)
    migrated = migrate(db, match_id, remove_legacy=True)
    before = live_score(db, match_id)

    report = restore_legacy(db, match_id, delete_actions=True, dry_run=True)

    assert "ballHistory" in report.restored and len(report.deleted) == migrated.actions
    assert live_score(db, match_id) == before
    assert len(action_ids(db, match_id)) == migrated.actions
    assert db.document(archive_path(match_id)).get().exists


def test_a_rollback_that_keeps_the_actions_keeps_the_archive(db, generated):
    match_id, docs = seed_legacy(db, generated)
    migrated = migrate(db, match_id, remove_legacy=True)

    report = restore_legacy(db, match_id)
    again = restore_legacy(db, match_id)

    assert "ballHistory" in report.restored and again.restored == []
    assert report.deleted == [] and report.archive_moved_to is None
    history = docs[f"matches/{match_id}/live/score"]["ballHistory"]
    assert live_score(db, match_id)["ballHistory"] == history
    assert len(action_ids(db, match_id)) == migrated.actions
    assert db.document(archive_path(match_id)).get().exists


def test_after_a_full_rollback_a_migration_takes_the_balls_added_since(db, generated):
    def in_progress(docs, mid):
        live = docs[f"matches/{mid}/live/score"]
        full[:] = live["ballHistory"]
        docs[f"matches/{mid}/live/score"] = {"ballHistory": full[:-30]}

    full: list = []
    match_id, docs = seed_legacy(db, generated, change=in_progress)
    first = migrate(db, match_id)
    restore_legacy(db, match_id, delete_actions=True)
    # the legacy apps scored on after the rollback
    db.document(live_score_path(match_id)).update({"ballHistory": full})

    again = migrate(db, match_id)

    assert again.archived and again.error is None
    assert again.actions > first.actions
    assert again.clean, (again.live_differences, again.live_note)
    archive = db.document(archive_path(match_id)).get().to_dict()
    assert archive["ballHistory"] == full


def test_a_match_never_migrated_has_nothing_to_roll_back(db, generated):
    match_id, _ = seed_legacy(db, generated)

    report = restore_legacy(db, match_id, delete_actions=True)

    assert report.error and "no archive" in report.error
    assert "ballHistory" in live_score(db, match_id)
