"""First security rules, tried through the REST API as each kind of client calls it."""

from __future__ import annotations

import pytest

from scorebook.document import to_document
from scorebook_tools.rest import FirestoreError
from scorebook_tools.scoring_app import void_action, write_action
from tests.emulator.harness import SCORER, load_sample, seed_match


def refused(call, *args, **kwargs) -> FirestoreError:
    with pytest.raises(FirestoreError) as caught:
        call(*args, **kwargs)
    assert caught.value.denied, caught.value
    return caught.value


@pytest.fixture
def match_and_actions(admin, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    return match, actions


def test_canary_rules_file_is_loaded_so_a_client_cannot_write_live_score(
    admin, spectator, user, match_and_actions
):
    match, _ = match_and_actions
    forged = {"matchId": match.id, "currentInnings": {"runs": 999}}
    refused(spectator.set, f"matches/{match.id}/live/score", forged)
    refused(user(SCORER).set, f"matches/{match.id}/live/score", forged)
    refused(user("boss", admin=True).set, f"matches/{match.id}/live/score", forged)
    admin.set(f"matches/{match.id}/live/score", forged)  # only rule-bypassing code can


def test_anyone_may_read_live_score_and_the_match(admin, spectator, match_and_actions):
    match, _ = match_and_actions
    admin.set(f"matches/{match.id}/live/score", {"matchId": match.id})
    assert spectator.get(f"matches/{match.id}/live/score") == {"matchId": match.id}
    assert spectator.get(f"matches/{match.id}")["id"] == match.id


def test_only_an_assigned_scorer_or_an_admin_creates_actions(user, spectator, match_and_actions):
    _, actions = match_and_actions
    refused(write_action, spectator, actions[0])
    refused(
        write_action, user("stranger"), actions[0].model_copy(update={"recordedBy": "stranger"})
    )
    write_action(user(SCORER), actions[0])
    write_action(user("boss", admin=True), actions[1].model_copy(update={"recordedBy": "boss"}))


def test_a_scorer_cannot_forge_who_recorded_the_ball(user, match_and_actions):
    _, actions = match_and_actions
    refused(write_action, user(SCORER), actions[0].model_copy(update={"recordedBy": "someone"}))


def test_an_action_belongs_to_the_match_in_its_path(user, match_and_actions):
    match, actions = match_and_actions
    other = actions[0].model_copy(update={"matchId": "another-match"})
    refused(
        user(SCORER).create, f"matches/{match.id}/scoring_actions", other.id, to_document(other)
    )


def test_the_document_id_is_the_innings_and_sequence(user, match_and_actions):
    match, actions = match_and_actions
    refused(
        user(SCORER).create,
        f"matches/{match.id}/scoring_actions",
        "1-0099",
        to_document(actions[0]),
    )


def test_an_action_cannot_be_created_already_voided(user, match_and_actions):
    _, actions = match_and_actions
    voided = actions[0].model_copy(update={"isVoided": True, "voidReason": "x", "voidedBy": SCORER})
    refused(write_action, user(SCORER), voided)


def test_nobody_deletes_an_action(admin, user, match_and_actions):
    match, actions = match_and_actions
    write_action(user(SCORER), actions[0])
    path = f"matches/{match.id}/scoring_actions/{actions[0].id}"
    refused(user(SCORER).delete, path)
    refused(user("boss", admin=True).delete, path)
    assert admin.get(path) is not None


def test_only_the_void_fields_may_change(user, match_and_actions):
    match, actions = match_and_actions
    scorer = user(SCORER)
    write_action(scorer, actions[1])
    path = f"matches/{match.id}/scoring_actions/{actions[1].id}"
    edited_runs = actions[1].runsOffBat + 1
    refused(scorer.update, path, {"runsOffBat": edited_runs})
    refused(
        scorer.update,
        path,
        {"isVoided": True, "voidReason": "x", "voidedBy": SCORER, "runsOffBat": edited_runs},
        server_time=("voidedAt",),
    )


def test_a_void_is_signed_by_the_caller_and_cannot_be_undone(admin, user, match_and_actions):
    match, actions = match_and_actions
    scorer = user(SCORER)
    write_action(scorer, actions[1])
    path = f"matches/{match.id}/scoring_actions/{actions[1].id}"
    refused(void_action, scorer, match.id, actions[1].id, "misclick", uid="someone-else")
    refused(void_action, user("stranger"), match.id, actions[1].id, "misclick", uid="stranger")
    void_action(scorer, match.id, actions[1].id, "misclick", uid=SCORER)
    refused(scorer.update, path, {"isVoided": False})
    refused(void_action, scorer, match.id, actions[1].id, "again", uid=SCORER)
    assert admin.get(path)["isVoided"] is True
