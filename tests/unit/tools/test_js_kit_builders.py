"""The JS kit's pure parts (clients/js/src/builders.js: ids, ball/wide/noBall/bye/legBye,
wickets, lawProblems, nextState; how explainRefusal merges the server's problems with its
own; replay.js: where an innings stands from its log; live.js's HTTP polling against a local
server that answers as Hosting does, and hangs), with Node's test runner: no emulator, no
Firebase server."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import get_args

import pytest

from scorebook.actions import NOTE_LENGTH, BowlingLine, PitchLength, ShotType
from tests.conftest import REPO

TESTS = [REPO / "clients" / "js" / "test" / name
         for name in ("builders.test.js", "replay.test.js", "poll.test.js")]


def test_the_kit_builders_derive_what_the_rules_check() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed for the JS kit's tests (`make setup` uses it)")
    done = subprocess.run([node, "--test", "--test-reporter=tap", *map(str, TESTS)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    counts = dict(re.findall(r"^# (pass|fail) (\d+)$", done.stdout, re.MULTILINE))
    assert int(counts["pass"]) >= 15 and counts["fail"] == "0", done.stdout[-2000:]


@pytest.mark.parametrize(("name", "words"), [
    ("SHOT_TYPES", ShotType), ("PITCH_LENGTHS", PitchLength), ("BOWLING_LINES", BowlingLine)])
def test_the_kits_shot_words_are_the_models_lists(name: str, words: object) -> None:
    source = (REPO / "clients" / "js" / "src" / "builders.js").read_text()
    stated = re.search(rf"export const {name} = \[([^\]]*)\]", source)
    assert stated is not None, name
    assert re.findall(r'"(\w+)"', stated.group(1)) == list(get_args(words))


def test_the_kit_and_the_rules_take_the_models_longest_note() -> None:
    source = (REPO / "clients" / "js" / "src" / "builders.js").read_text()
    assert f"export const NOTE_LENGTH = {NOTE_LENGTH};" in source
    rules = (REPO / "firestore.rules").read_text()
    note = re.search(r"data\.note\.matches\('\[\^([^']*)\]" + re.escape(f"{{0,{NOTE_LENGTH}}}')"),
                     rules)
    safe = re.search(r"function isSafeText\(value\) \{\s*return value\.matches\('\[\^([^']*)\]\*",
                     rules)
    assert note is not None and safe is not None
    assert note.group(1) == safe.group(1), "a note refuses what isSafeText refuses, no less"
