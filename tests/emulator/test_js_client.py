"""A scoring app on the official JS SDK (modular `firebase`), against the emulators: the flows
apps are built on (score, undo, correct, query the balls that count, listen to live/score)
work with the rules and the functions exactly as the Python tests use them through REST."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scorebook.document import to_document
from scorebook.views.scorecard import project
from tests.conftest import REPO
from tests.emulator.harness import PROJECT, load_sample, seed_match

SCRIPT = REPO / "tests" / "js" / "client_flows.mjs"
UID = "js-scorer"


def test_a_js_app_scores_undoes_corrects_and_queries_the_balls_that_count(
    admin, generated, tmp_path: Path
) -> None:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "firebase").is_dir():
        pytest.fail("node and the firebase JS SDK are installed by `make setup`")
    match, actions = load_sample(generated, recorded_by=UID)
    seed_match(admin, match, scorers=(UID,))
    written = actions[:12]
    corrected = written[-2]  # the last ball, written[-1], is undone
    assert corrected.kind == "delivery" and corrected.runsOffBat < 4
    correction = corrected.model_copy(update={
        "id": f"{corrected.id}-c1", "corrects": corrected.id, "source": "correction",
        "runsOffBat": 4, "totalRuns": 4 + corrected.totalRuns - corrected.runsOffBat,
        "isBoundary": True})
    final_log = [*written[:-2], correction]
    expected = to_document(project(match, final_log), json=True)
    job = {
        "projectId": PROJECT, "matchId": match.id, "uid": UID,
        "actions": [to_document(a, json=True) for a in written],
        "expect": {"lastActionId": expected["lastActionId"],
                   "runs": expected["currentInnings"]["runs"]},
    }
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = {**os.environ, "SCOREBOOK_JS_INPUT": str(tmp_path / "job.json")}
    done = subprocess.run([node, str(SCRIPT)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert seen["retry"] is None  # the same ball again: a no-op (a retry after a lost ack)
    assert seen["differentBall"] == "permission-denied"  # a ball is written once
    assert seen["voidWithClientDate"] == "permission-denied"  # voidedAt is the server's
    assert seen["voidWithoutCorrection"] == "permission-denied"  # void and correction: one batch
    assert seen["counting"] == sorted(a.id for a in final_log)
    score = seen["liveScore"]
    for key in ("lastActionId", "status", "currentInnings", "batsmen", "bowlers", "extras"):
        assert score[key] == expected[key], key
