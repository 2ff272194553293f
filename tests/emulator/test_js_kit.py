"""The JS kit (clients/js, `@scorebook/client`) as a real client against the emulators: a scorer
signed up on the Auth emulator (email and password) scores an over with the kit's example
(clients/js/examples/score-an-over.mjs, the code of docs/clients.md) while a spectator's
listener sees each ball; then a second device, an unassigned user and a void twice are
refused and explained. The Node side is `node --test clients/js/test/emulator.test.js`; this
test signs the scorer up, seeds the match and the role as the admin, runs it, and checks
that live/score is the projection of the log it left."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from scorebook.document import to_document
from scorebook.match import Match, Player, Team
from tests.conftest import REPO
from tests.emulator.harness import PROJECT, assert_converged

KIT = REPO / "clients" / "js"
TEST = KIT / "test" / "emulator.test.js"


def guide_admin_sdk():
    """docs/examples/admin_sdk.py, the Python of docs/clients.md."""
    spec = importlib.util.spec_from_file_location(
        "admin_sdk", REPO / "docs" / "examples" / "admin_sdk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def node_or_fail() -> str:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "@scorebook" / "client").exists():
        pytest.fail("node and the kit's workspace link (node_modules/@scorebook/client) are "
                    "installed by `make setup`")
    return node


def sign_up(email: str, password: str) -> str:
    """A user of the Auth emulator, through its REST API (identitytoolkit accounts:signUp), as
    the SDK's createUserWithEmailAndPassword makes it; returns the uid."""
    host = os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
    response = requests.post(
        f"http://{host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-key",
        json={"email": email, "password": password, "returnSecureToken": True}, timeout=30,
    )
    response.raise_for_status()
    return response.json()["localId"]


def team(team_id: str, name: str) -> Team:
    return Team(id=team_id, name=name, players=[
        Player(id=f"{team_id}-p{i}", name=f"{name} {i}", isSubstitute=i > 11)
        for i in range(1, 13)])


def node_test_counts(output: str) -> dict[str, int]:
    """The summary node's test runner prints (`# pass 3`, `# fail 0`, ...)."""
    return {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail|skipped|cancelled) (\d+)$",
                                              output, re.MULTILINE)}


def test_the_kit_scores_an_over_as_a_signed_in_scorer_and_a_spectator_sees_each_ball(
    admin, tmp_path: Path
) -> None:
    node = node_or_fail()
    suffix = uuid.uuid4().hex[:8]
    email, password = f"scorer-{suffix}@example.com", "secret123"
    uid = sign_up(email, password)
    home, away = f"home-{suffix}", f"away-{suffix}"
    match = Match(id=f"kit-{suffix}", name="Home v Away", scheduledOvers=20,
                  teams=[team(home, "Home"), team(away, "Away")])
    sdk = guide_admin_sdk()  # the guide's Python seeds the match and the scorer
    db = sdk.admin_client(PROJECT)
    sdk.create_match(db, to_document(match) | {"status": "scheduled"})
    sdk.assign_scorer(db, match.id, uid)
    job = {"projectId": PROJECT, "matchId": match.id, "uid": uid, "email": email,
           "password": password, "home": home, "away": away}
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = {**os.environ, "SCOREBOOK_KIT_INPUT": str(tmp_path / "job.json")}
    done = subprocess.run([node, "--test", "--test-reporter=tap", str(TEST)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    counts = node_test_counts(done.stdout)
    assert counts.get("pass") == 4 and counts.get("fail") == 0, done.stdout[-3000:]
    assert counts.get("skipped", 0) == 0, done.stdout[-3000:]
    score = assert_converged(admin, match)
    assert score["currentInnings"]["runs"] == 18  # the last ball undone, a leg-bye corrected
    assert score["currentInnings"]["wickets"] == 1
    assert sdk.live_score(db, match.id)["version"] == score["version"]
    assert [a["id"] for a in sdk.counting_actions(db, match.id)] == [
        "1-0001", "1-0002", "1-0003-c1", "1-0004", "1-0005", "1-0006", "1-0007", "1-0008",
        "1-0009-c1"]
    sdk.void_action(db, match.id, "1-0009-c1", "admin", "an admin's undo")
    assert_converged(admin, match)
