"""`make demo` on a fresh clone: no real matches here, so the demo replays its generated T20
ball by ball as a signed-in neutral scorer, with made-up shot data, through the rules and the
functions. Every write must go in and the live score must come out equal to the projection
(the demo says so, and exits 1 otherwise).

It once failed on ball 126, a stumping off a wide with where the ball pitched: the rules ran
out of the 1,000 expressions a request may evaluate looking up the neutral scorer's role.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_the_demo_scores_the_generated_match_when_no_real_one_is_here(tmp_path: Path) -> None:
    env = os.environ | {"SCOREBOOK_CRICSHEET_DIR": str(tmp_path)}  # an empty folder: no data
    run = subprocess.run(
        [sys.executable, "scripts/demo.py", "--quiet", "--speed", "0", "--no-hold", "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    said = run.stdout + run.stderr
    assert run.returncode == 0, said[-4000:]
    assert "replaying a generated T20" in said
    assert "live/score matches the projection of the log" in said
    score = json.loads(run.stdout[run.stdout.index("\n{") + 1:])
    # the generated match's file: Fernhollow Foxes won by 33 runs
    assert (score["status"], score["result"]) == ("completed", "Fernhollow Foxes won by 33 runs")
    assert score["integrity"] == []
