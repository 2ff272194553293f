"""benchmarks/warm_cpu.py still runs: it drives the live projection through a store of its
own (no emulators), so a change to the projection's port breaks it unseen otherwise."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_the_trigger_cpu_bench_folds_every_ball_of_a_short_match() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/warm_cpu.py", "--overs", "4", "--repeat", "1"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    folded = int(done.stdout.split(" balls folded")[0].split()[-1])
    assert folded >= 4 * 6, done.stdout
