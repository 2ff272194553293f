"""The JS kit (clients/js, `@scorebook/client`) as a real client against the emulators: a scorer
signed up on the Auth emulator (email and password) scores an over with the kit's example
(clients/js/examples/score-an-over.mjs, the code of docs/clients.md) while a spectator's
listener sees each ball; then a second device, an unassigned user, a wrong field and a void
twice are refused, and the kit explains each (validateAction names the field). The Node side
is `node --test clients/js/test/emulator.test.js`; this test signs the scorer up, seeds the
match and the role as the admin (as `make kit-example` does), runs it, and checks that
live/score is the projection of the log it left."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from scorebook.match import Match
from scorebook_tools import kit_example
from scorebook_tools.emulators import config_file
from scorebook_tools.kit_example import example_match, guide_admin_sdk, make_admin, sign_up
from tests.conftest import REPO
from tests.emulator.harness import PROJECT, assert_converged

KIT = REPO / "clients" / "js"
TEST = KIT / "test" / "emulator.test.js"


def node_or_fail() -> str:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "@scorebook" / "client").exists():
        pytest.fail("node and the kit's workspace link (node_modules/@scorebook/client) are "
                    "installed by `make setup`")
    return node


def node_test_counts(output: str) -> dict[str, int]:
    """The summary node's test runner prints (`# pass 3`, `# fail 0`, ...)."""
    return {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail|skipped|cancelled) (\d+)$",
                                              output, re.MULTILINE)}


def test_the_kit_scores_an_over_as_a_signed_in_scorer_and_a_spectator_sees_each_ball(
    admin, tmp_path: Path
) -> None:
    node = node_or_fail()
    job = example_match(PROJECT)  # signed up, the match made and the scorer assigned
    job["adminEmail"] = f"admin-{job['matchId']}@example.com"  # the kit's setup side signs in
    make_admin(PROJECT, sign_up(job["adminEmail"], job["password"]))
    functions = json.loads(config_file(REPO).read_text())["emulators"]["functions"]
    job["functionsHost"] = f"{functions['host']}:{functions['port']}"
    sdk = guide_admin_sdk()
    db = sdk.admin_client(PROJECT)
    match = Match.model_validate(db.document(f"matches/{job['matchId']}").get().to_dict())
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = {**os.environ, "SCOREBOOK_KIT_INPUT": str(tmp_path / "job.json")}
    done = subprocess.run([node, "--test", "--test-reporter=tap", str(TEST)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    counts = node_test_counts(done.stdout)
    assert counts.get("pass") == 10 and counts.get("fail") == 0, done.stdout[-3000:]
    assert counts.get("skipped", 0) == 0, done.stdout[-3000:]
    score = assert_converged(admin, match)
    # the last ball undone, a leg-bye corrected; the offline device's six and the single
    # built on it refused, the other device's dot in, and the single scored again after it
    assert score["currentInnings"]["runs"] == 19
    assert score["currentInnings"]["wickets"] == 1
    assert sdk.live_score(db, match.id)["version"] == score["version"]
    assert [a["id"] for a in sdk.counting_actions(db, match.id)] == [
        "1-0001", "1-0002", "1-0003-c1", "1-0004", "1-0005", "1-0006", "1-0007", "1-0008",
        "1-0009-c1", "1-0012", "1-0013", "1-0014", "1-0015", "1-0016"]
    # (then three dots while a spectator dropped off)
    sdk.void_action(db, match.id, "1-0009-c1", "admin", "an admin's undo")
    assert_converged(admin, match)


def test_make_kit_example_scores_the_over_and_prints_what_the_spectator_sees(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The guide's first step (`make kit-example`), on the session's emulators."""
    node_or_fail()
    assert kit_example.main([]) == 0
    out = capfd.readouterr().out
    steps = [line.split(" (")[0] for line in out.splitlines() if line.startswith("scorer: ")]
    assert steps == [f"scorer: {what}" for what in (
        "innings_start", "dot", "four", "wide", "no-ball six", "single", "caught",
        "batter_change", "leg-bye", "mistake", "undo", "byes", "correction")]
    seen = [line.strip() for line in out.splitlines() if line.startswith("  spectator: ")]
    # after each step the spectator sees its write folded in (the undo included); then the
    # correction, which is two writes
    runs = [int(line.split()[1].split("/")[0]) for line in seen]
    assert runs[:12] == [0, 0, 4, 6, 13, 14, 14, 14, 15, 17, 15, 17], out
    assert seen[-1].startswith("spectator: 19/1 (1 ov)"), out  # the four corrected to a six


def test_the_guides_admin_commands_create_a_match_and_assign_its_scorer(
    admin, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """docs/clients.md §7: `python docs/examples/admin_sdk.py create-match ...` and
    `assign-scorer ...`, with the guide's example match under an id of its own."""
    sdk = guide_admin_sdk()
    match = json.loads((REPO / "docs" / "examples" / "match.json").read_text())
    match["id"] = f"guide-{tmp_path.name[-12:]}"
    (tmp_path / "match.json").write_text(json.dumps(match))
    assert sdk.main(["create-match", str(tmp_path / "match.json")]) == 0
    assert sdk.main(["assign-scorer", match["id"], "uid-of-the-scorer"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"matches/{match['id']} written",
        f"match_role_assignments/{match['id']}_uid-of-the-scorer_scorer_home written"]
    assignment = admin.get(f"match_role_assignments/{match['id']}_uid-of-the-scorer_scorer_home")
    assert assignment["status"] == "confirmed"
    assert admin.get(f"matches/{match['id']}")["name"] == match["name"]


def test_the_guides_admin_command_makes_an_admin() -> None:
    """docs/deploy.md's first step, `python docs/examples/admin_sdk.py make-admin UID`, run
    as an admin runs it (the Admin SDK; on the Auth emulator here), keeps the user's other
    claims."""
    uid = sign_up(f"official-{os.urandom(4).hex()}@example.com", "secret123")
    host = os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
    accounts = f"http://{host}/identitytoolkit.googleapis.com/v1/projects/{PROJECT}/accounts"
    owner = {"Authorization": "Bearer owner"}
    requests.post(f"{accounts}:update", headers=owner, timeout=30, json={
        "localId": uid, "customAttributes": '{"school": "s1"}'}).raise_for_status()
    done = subprocess.run([sys.executable, "docs/examples/admin_sdk.py", "make-admin", uid],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "GCLOUD_PROJECT": PROJECT})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == f"{uid} is an admin from their next sign-in\n"
    found = requests.post(f"{accounts}:lookup", headers=owner, json={"localId": [uid]},
                          timeout=30)
    found.raise_for_status()
    claims = json.loads(found.json()["users"][0]["customAttributes"])
    assert claims == {"school": "s1", "admin": True}
