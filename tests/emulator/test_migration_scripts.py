"""The admin scripts as an admin runs them: separate processes against the emulators."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from google.cloud import firestore

from scorebook.firestore.paths import legacy_archive_path as archive_path
from scorebook.firestore.paths import live_score_path
from scorebook_tools.legacy import legacy_from_cricsheet, match_roles, person_roles
from tests.conftest import REPO
from tests.emulator.harness import PROJECT, T20, TRIGGER_DEADLINE

MATCH = T20


@pytest.fixture
def db() -> firestore.Client:
    return firestore.Client(project=PROJECT)


def run(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # wide enough that rich never wraps a line the tests look for
    environment = {**os.environ, "COLUMNS": "250", **(env or {})}
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / script), *args],
        capture_output=True, text=True, env=environment, cwd=REPO, timeout=300,
        check=False,  # the tests read the exit code themselves, failures included
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def legacy_match(generated) -> tuple[str, dict]:
    """A generated legacy match written by make_legacy_dataset.py, and its documents."""
    prefix = f"legacy-{uuid.uuid4().hex[:8]}-"
    ok(run("make_legacy_dataset.py", str(generated / MATCH), "--prefix", prefix))
    match_id = f"{prefix}{MATCH.removesuffix('.json')}"
    return match_id, legacy_from_cricsheet(generated / MATCH, match_id=match_id)


def paths(db, collection: str) -> set[str]:
    return {f"{collection}/{ref.id}" for ref in db.collection(collection).list_documents()}


def test_the_generated_dataset_is_written_once(db, generated, legacy_match):
    match_id, docs = legacy_match

    again = ok(run("make_legacy_dataset.py", str(generated / MATCH),
                   "--prefix", match_id.removesuffix(MATCH.removesuffix(".json"))))

    assert f"created 0, already there {len(docs)}, differing 0" in again
    live = db.document(live_score_path(match_id)).get().to_dict()
    assert live == docs[f"matches/{match_id}/live/score"]
    assert {p for p in docs if p.startswith("persons/")} <= paths(db, "persons")


@pytest.mark.parametrize("args", [[], ["--project", "my-real-project"], ["--yes"]])
def test_the_generator_refuses_a_real_project_without_project_and_yes(generated, args):
    result = run("make_legacy_dataset.py", str(generated / MATCH), *args,
                 env={"FIRESTORE_EMULATOR_HOST": ""})

    assert result.returncode == 2
    assert "FIRESTORE_EMULATOR_HOST is not set" in result.stderr


def selected(docs: dict, match_id: str) -> list[str]:
    """The lineup documents the migration writes: one per selected player."""
    selection = docs[f"matches/{match_id}"]["teamSelection"]
    return sorted(f"matches/{match_id}/lineups/{team}_{pid}"
                  for team, sel in selection.items() for pid in sel["playerIds"])


@pytest.mark.empty_database  # `--all`: every match of the project
def test_lineups_dry_run_writes_nothing_then_a_run_writes_then_a_rerun_writes_nothing(
    db, legacy_match
):
    match_id, docs = legacy_match
    lineups = f"matches/{match_id}/lineups"
    expected = selected(docs, match_id)
    n = len(expected)

    dry = ok(run("migrate_lineups.py", "--match", match_id, "--dry-run"))
    assert f"would create {n}, already there 0, differing 0" in dry
    assert all(f"would create {path}" in dry for path in expected)
    assert paths(db, lineups) == set()

    first = ok(run("migrate_lineups.py", "--match", match_id))
    assert f"created {n}, already there 0, differing 0" in first
    assert paths(db, lineups) == set(expected)
    stored = db.document(expected[0]).get()
    assert stored.to_dict()["selectedBy"] == "migration"

    second = ok(run("migrate_lineups.py", "--all"))
    assert f"created 0, already there {n}, differing 0" in second
    assert db.document(expected[0]).get().update_time == stored.update_time


def test_a_lineup_changed_in_the_new_apps_is_reported_and_left_alone(db, legacy_match):
    match_id, docs = legacy_match
    expected = selected(docs, match_id)
    ok(run("migrate_lineups.py", "--match", match_id))
    lineup = db.document(expected[0])
    lineup.update({"isCaptain": True})

    result = run("migrate_lineups.py", "--match", match_id)

    assert result.returncode == 1
    assert f"created 0, already there {len(expected) - 1}, differing 1" in result.stdout
    assert f"differs, left alone: {expected[0]}" in result.stdout
    assert lineup.get().to_dict()["isCaptain"] is True


@pytest.mark.empty_database  # `--all`: every legacy person's roles, and the stored ones
def test_roles_dry_run_writes_nothing_then_a_run_writes_then_a_rerun_writes_nothing(
    db, legacy_match
):
    match_id, docs = legacy_match
    expected = {f"{r.collection}/{r.doc_id}" for r in match_roles(match_id,
                                                                  docs[f"matches/{match_id}"])}
    expected |= {f"{r.collection}/{r.doc_id}" for path, doc in docs.items()
                 if path.startswith("persons/")
                 for r in person_roles(path.removeprefix("persons/"), doc)}
    collections = ("match_role_assignments", "team_role_assignments", "school_role_assignments")

    def stored() -> set[str]:
        return set().union(*(paths(db, c) for c in collections))

    dry = ok(run("migrate_roles.py", "--match", match_id, "--dry-run"))
    assert f"role assignments: would create {len(expected)}, already there 0" in dry
    assert stored() == set()

    first = ok(run("migrate_roles.py", "--match", match_id))
    assert f"role assignments: created {len(expected)}, already there 0, differing 0" in first
    assert stored() == expected
    scorer = docs[f"matches/{match_id}"]["scorer"]
    assignment = db.document(
        f"match_role_assignments/{match_id}_{scorer}_scorer_neutral").get().to_dict()
    assert assignment["role"] == "scorer_neutral" and assignment["endDate"] is not None

    second = ok(run("migrate_roles.py", "--all"))
    assert f"created 0, already there {len(expected)}, differing 0" in second
    assert stored() == expected


@pytest.mark.empty_database  # the whole legacy project, as an admin migrates it
def test_an_admins_whole_migration_and_its_rollback(db, legacy_match):
    match_id, docs = legacy_match
    history = docs[f"matches/{match_id}/live/score"]["ballHistory"]
    ok(run("migrate_roles.py", "--all"))
    ok(run("migrate_lineups.py", "--all"))
    wait = ("--wait", str(TRIGGER_DEADLINE))
    dry = ok(run("migrate_ball_history.py", "--match", match_id, "--dry-run", *wait))
    assert "already there 0, differing 0" in dry and "would write" in dry
    assert not db.document(archive_path(match_id)).get().exists

    migrated = ok(run("migrate_ball_history.py", "--all", "--remove-legacy", *wait))
    assert "verified: totals equal" in migrated and "legacy fields removed" in migrated
    assert "ballHistory" not in db.document(live_score_path(match_id)).get().to_dict()

    preview = ok(run("restore_legacy.py", "--match", match_id, "--delete-actions", "--dry-run"))
    assert "would restore legacy fields: ballHistory" in preview
    assert "ballHistory" not in db.document(live_score_path(match_id)).get().to_dict()

    rolled_back = ok(run("restore_legacy.py", "--all", "--delete-actions"))
    assert "1 of 1 matches restored" in rolled_back
    assert db.document(live_score_path(match_id)).get().to_dict()["ballHistory"] == history
    assert list(db.collection(f"matches/{match_id}/scoring_actions").list_documents()) == []

    nothing_left = run("restore_legacy.py", "--match", match_id)
    assert nothing_left.returncode == 1 and "no archive" in nothing_left.stdout
