"""A private match on the real emulators: who may follow it changes with the team roles the
admins and school officials write, through the function that keeps team_members (the rules
read one document per team), and with nothing else."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from scorebook.firestore import members as members_adapter
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import live_score_path, team_members_path
from scorebook_tools.rest import FirestoreError, FirestoreRest
from scorebook_tools.scoring_app import assign_team_role, write_action
from tests.conftest import REPO
from tests.emulator.harness import (
    SCORER,
    load_sample,
    seed_match,
    triggers_disabled,
    wait_for,
)

REBUILD = [sys.executable, str(REPO / "scripts" / "rebuild_team_members.py")]
# uids of their own: the generated matches share their team ids, and so team_members
COACH, STRANGER = f"coach-{uuid.uuid4().hex[:8]}", f"stranger-{uuid.uuid4().hex[:8]}"


def follows(reader: FirestoreRest, match_id: str) -> bool:
    """Whether `reader` may read the match's live scorecard and feed."""
    try:
        reader.get(live_score_path(match_id))
        reader.list(f"matches/{match_id}/events")
    except FirestoreError as error:
        assert error.denied, error
        return False
    return True


def members(admin: FirestoreRest, team_id: str) -> dict:
    return (admin.get(team_members_path(team_id)) or {}).get("members", {})


def test_a_team_role_makes_its_holder_a_follower_of_the_private_match_until_revoked(
    admin, user, generated
) -> None:
    match, actions = load_sample(generated)
    match = match.model_copy(update={"visibility": "private"})
    home, away = (t.id for t in match.teams)
    seed_match(admin, match)
    write_action(user(SCORER), actions[0])
    coach, stranger = user(COACH), user(STRANGER)
    player = user(match.teams[1].players[0].id)  # signs in as the player id the match lists

    assert not follows(coach, match.id)
    assert not follows(stranger, match.id)
    assert follows(player, match.id)
    assert follows(user(SCORER), match.id)

    path = assign_team_role(admin, home, COACH, "coach")
    wait_for(lambda: COACH in members(admin, home), "the coach among the home team's members")
    assert follows(coach, match.id)
    assert not follows(stranger, match.id)
    assert COACH not in members(admin, away)

    admin.update(path, {"revokedBy": "admin", "revokedAt": datetime.now(UTC)})
    wait_for(lambda: COACH not in members(admin, home), "the revoked coach to be dropped")
    assert not follows(coach, match.id)
    assert admin.get(path)["revokedBy"] == "admin"  # the appointment stays, as history


def test_an_unreadable_assignment_is_named_and_the_others_still_count(admin) -> None:
    home = f"team-{uuid.uuid4().hex[:8]}"
    assign_team_role(admin, home, COACH, "coach")
    admin.set(f"team_role_assignments/{home}_junk_coach",
              {"teamId": home, "personId": "junk", "role": "chief"})

    document = wait_for(lambda: (d := admin.get(team_members_path(home)))
                        and d["problems"] and COACH in d["members"] and d,
                        "the junk assignment to be reported")

    assert "junk" not in document["members"]
    assert document["problems"][0].startswith(f"{home}_junk_coach: ")
    assert "role" in document["problems"][0]


def test_the_rebuild_script_restores_what_the_function_did_not_see(admin) -> None:
    team = f"team-{uuid.uuid4().hex[:8]}"
    with triggers_disabled():  # written before the function existed, or its run failed
        assign_team_role(admin, team, COACH, "coach")
    assert admin.get(team_members_path(team)) is None

    first = subprocess.run([*REBUILD, "--team", team], capture_output=True, text=True,
                           check=True, timeout=120)
    assert f"{team}: rebuilt" in first.stdout
    assert COACH in members(admin, team)
    again = subprocess.run([*REBUILD, "--all"], capture_output=True, text=True, check=True,
                           timeout=120)
    assert f"{team}: already right" in again.stdout  # idempotent
    assert list(members(admin, team)) == [COACH]


def test_a_run_whose_team_members_moved_before_its_write_writes_nothing_and_reads_again(
        admin, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run reads the assignments in a read-only snapshot (no lock on what the rules read)
    and writes team_members on condition that it is still the one read: another run that
    wrote first, with an appointment made meanwhile, is not put back to before it."""
    team, db = f"team-{uuid.uuid4().hex[:8]}", firestore_client()
    assistant, late = (f"{who}-{uuid.uuid4().hex[:8]}" for who in ("assistant", "late"))
    document, calls = members_adapter._members_document, []

    def interleaved(team_id: str, snaps: list[Any]) -> dict[str, Any]:
        calls.append(sorted(snap.id for snap in snaps))
        if len(calls) == 1:  # between this run's reads and its write, another run's whole
            assign_team_role(admin, team, late, "coach")
            assert members_adapter.refresh_team_members(db, team)
        return document(team_id, snaps)

    with triggers_disabled():  # the runs are this test's, in the order it says
        assign_team_role(admin, team, COACH, "coach")
        assert members_adapter.refresh_team_members(db, team)
        assign_team_role(admin, team, assistant, "coach")  # what this run has to write
        monkeypatch.setattr(members_adapter, "_members_document", interleaved)
        written = members_adapter.refresh_team_members(db, team)

    assert len(calls) == 3, "the first write should have failed its condition and read again"
    assert not written  # the second read found what the other run wrote
    assert set(members(admin, team)) == {COACH, assistant, late}
