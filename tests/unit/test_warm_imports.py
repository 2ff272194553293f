"""A forked instance of a trigger that maintains live/score imports what its function uses
while it waits for its first event (functions/main.py `WARMED`): the scoring trigger's
first event, a cold first ball, waits for live/score's path alone, not for the lineups' or
the consensus' too."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

SCRIPT = """
import os, sys
sys.path.insert(0, "functions")
import main
pid = os.fork()
if pid == 0:
    main._IMPORTED.wait(60)
    loaded = sorted(m for m in sys.modules if m.startswith("scorebook.firestore."))
    print(" ".join(loaded), flush=True)
    os._exit(0)
os.waitpid(pid, 0)
"""


def warmed(function_target: str) -> set[str]:
    env = {**os.environ, "FUNCTION_TARGET": function_target,
           "FIRESTORE_EMULATOR_HOST": "127.0.0.1:1", "GCLOUD_PROJECT": "demo-warm"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, check=True,
                         capture_output=True, text=True, timeout=120)
    return set(out.stdout.split())


@pytest.mark.parametrize(("target", "beside"), [
    ("on_scoring_action_written", set()),
    ("on_lineup_written", {"scorebook.firestore.lineups"}),
    ("on_dispute_written", {"scorebook.firestore.consensus"}),
])
def test_an_instance_imports_its_own_path_before_its_first_event(
        target: str, beside: set[str]) -> None:
    loaded = warmed(target)
    assert "scorebook.firestore.live_score" in loaded
    assert loaded & {"scorebook.firestore.lineups", "scorebook.firestore.consensus"} == beside
