"""`validateAction`, the HTTPS callable, over HTTP as an app calls it: the callable protocol
(`POST /{project}/us-central1/validateAction` with `{"data": ...}` and the caller's ID token),
answered `{"result": {"ok", "problems"}}`; and the rules agree with its answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from scorebook.document import to_document
from scorebook_tools.emulators import config_file
from scorebook_tools.rest import FirestoreError, mock_id_token
from scorebook_tools.scoring_app import write_action
from tests.conftest import REPO
from tests.emulator.harness import PROJECT, SCORER, load_sample, seed_match


def callable_url(name: str = "validateAction") -> str:
    functions = json.loads(config_file(REPO).read_text())["emulators"]["functions"]
    return f"http://{functions['host']}:{functions['port']}/{PROJECT}/us-central1/{name}"


def call(data: Any, uid: str | None = SCORER, **claims: Any) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if uid is not None:
        headers["Authorization"] = f"Bearer {mock_id_token(uid, PROJECT, **claims)}"
    return requests.post(callable_url(), json={"data": data}, headers=headers, timeout=120)


def validate(draft: dict[str, Any], uid: str = SCORER, **claims: Any) -> dict[str, Any]:
    response = call({"action": draft}, uid, **claims)
    assert response.status_code == 200, response.text
    return response.json()["result"]


def as_json(document: dict[str, Any]) -> dict[str, Any]:
    """A document as an app sends it to a callable: JSON, timestamps as ISO text."""
    return json.loads(json.dumps(document, default=lambda v: v.isoformat()))


@pytest.fixture
def live(admin, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    deliveries = [a for a in actions if a.kind == "delivery"]
    return match, actions, deliveries


def test_a_signed_in_scorer_learns_why_a_draft_would_be_refused(live, user) -> None:
    match, actions, _ = live
    first = as_json(to_document(actions[0]) | {"timestamp": datetime.now(UTC)})
    assert validate(first) == {"ok": True, "problems": []}

    ball = next(a for a in actions if a.kind == "delivery" and a.extras.total == 0)
    draft = as_json(to_document(ball) | {"timestamp": datetime.now(UTC)})
    wrong = draft | {"totalRuns": ball.runsOffBat + 1, "strikerId": "ringer"}
    answer = validate(wrong)
    assert answer["ok"] is False
    assert {"field": "totalRuns", "code": "unlawful",
            "message": f"must equal runsOffBat + extras = {ball.runsOffBat},"
                       f" got {ball.runsOffBat + 1}"} in answer["problems"]
    assert {(p["field"], p["code"]) for p in answer["problems"]} >= {
        ("strikerId", "not_in_match")}

    someone = validate(draft | {"recordedBy": "nobody-special"}, uid="nobody-special")
    assert [(p["field"], p["code"]) for p in someone["problems"]] == [(None, "not_scorer")]


def test_the_answer_agrees_with_the_rules(live, user) -> None:
    """Each draft is checked, then written: the rules accept exactly those it finds fine."""
    match, actions, _ = live
    scorer = user(SCORER)
    now = datetime.now(UTC)
    opening = actions[0].model_copy(update={"timestamp": now})
    drafts = [opening] + [a.model_copy(update={"timestamp": now}) for a in actions[1:4]]
    bad = drafts[2].model_copy(update={"totalRuns": drafts[2].totalRuns + 1})
    for action in [drafts[0], drafts[1], bad, drafts[2], drafts[3]]:
        answer = validate(as_json(to_document(action)))
        try:
            write_action(scorer, action)
            written = True
        except FirestoreError as error:
            assert error.denied, error
            written = False
        assert answer["ok"] is written, (action.id, answer)

    # the same ball again is a retry, a no-op; another ball at its place is refused
    again = validate(as_json(to_document(drafts[3])))
    assert again == {"ok": True, "problems": []}
    other = validate(as_json(to_document(drafts[3]) | {"source": "manual_entry"}))
    assert ("id", "position_taken") in [(p["field"], p["code"]) for p in other["problems"]]


def test_a_completed_match_is_said_to_be_completed(live, admin) -> None:
    match, actions, deliveries = live
    admin.update(f"matches/{match.id}", {"status": "completed"})
    draft = as_json(to_document(deliveries[0]) | {"timestamp": datetime.now(UTC)})
    answer = validate(draft)
    assert answer["ok"] is False
    assert {"field": None, "code": "match_over", "message": "match is completed"} in answer[
        "problems"]


def test_a_caller_without_an_id_token_is_unauthenticated(live) -> None:
    _, actions, _ = live
    response = call({"action": as_json(to_document(actions[0]))}, uid=None)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == "UNAUTHENTICATED"


def test_a_request_without_an_action_says_what_to_send(live) -> None:
    response = call({"something": "else"})
    assert response.status_code == 200
    (problem,) = response.json()["result"]["problems"]
    assert problem["code"] == "invalid_value"


def test_a_private_match_tells_a_stranger_nothing_and_its_scorer_everything(
        admin, generated) -> None:
    """Asked whether each place of a private match's log is free, a signed-in stranger
    learnt how far the match had gone (position_taken at 1-0001, not at 1-0002); the rules
    refuse him a single read of it. Now he is told it is private, whatever he sends; its
    scorer and a member it lists are answered as before."""
    match, actions = load_sample(generated)
    match = match.model_copy(update={"visibility": "private", "memberIds": ["member-1"]})
    seed_match(admin, match)
    write_action(admin, actions[0])
    taken = as_json(to_document(actions[1]) | {"id": actions[0].id, "sequenceNumber": 1,
                                               "timestamp": datetime.now(UTC)})
    free = as_json(to_document(actions[1]) | {"timestamp": datetime.now(UTC)})
    for draft in (taken, free):
        answer = validate(draft, uid="stranger-1")
        assert [p["code"] for p in answer["problems"]] == ["no_match"], answer
        assert "private" in answer["problems"][0]["message"]
    codes = [p["code"] for p in validate(taken)["problems"]]  # the scorer
    assert "position_taken" in codes
    assert "position_taken" in [p["code"] for p in validate(taken, uid="member-1")["problems"]]


@pytest.mark.parametrize("body", [b"this is not json", b'{"data": ', b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_request_is_a_bad_request_not_a_server_error(live, body) -> None:
    headers = {"Content-Type": "application/json",
               "Authorization": f"Bearer {mock_id_token(SCORER, PROJECT)}"}
    response = requests.post(callable_url(), data=body, headers=headers, timeout=120)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
