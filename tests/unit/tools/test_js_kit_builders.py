"""The JS kit's pure parts (clients/js/src/builders.js: ids, ball/wide/noBall/bye/legBye,
wickets, lawProblems, nextState; how explainRefusal merges the server's problems with its
own; replay.js: where an innings stands from its log), with Node's test runner: no emulator,
no Firebase server."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

TESTS = [REPO / "clients" / "js" / "test" / name for name in ("builders.test.js", "replay.test.js")]


def test_the_kit_builders_derive_what_the_rules_check() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JS kit's tests (`make setup` uses it)")
    done = subprocess.run([node, "--test", "--test-reporter=tap", *map(str, TESTS)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    counts = dict(re.findall(r"^# (pass|fail) (\d+)$", done.stdout, re.MULTILINE))
    assert int(counts["pass"]) >= 15 and counts["fail"] == "0", done.stdout[-2000:]
