"""Nothing of a run is left behind: however `make demo`, `make test` or `make bench` ends
(done, failed, Ctrl-C, SIGTERM), no emulator, Java or functions-framework process of that
run survives it, and its ports are free again. Each ending runs emulators of its own, on
ports of their own, in a separate process, as those commands do, two side by side.

`make test` runs the two signals (Ctrl-C, SIGTERM), about a minute: each becomes an
exception at whatever point the run is, so they reach `running_emulators`' clean-up the way
a failure and a normal end do, and they are the endings that have gone wrong before.
SCOREBOOK_HYGIENE_EVERY_ENDING=1 runs the other two as well (another minute)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from scorebook_tools.emulators import (
    NO_FUNCTIONS,
    READY,
    emulator_log,
    port_offset,
    ports_in_use,
    run_processes,
    short_lived_java,
)
from tests.conftest import REPO

# Offsets of their own, beyond every session's ports (a checkout's sessions sit at its offset
# plus 0, 1000 and 3000; checkouts differ by steps of 100, so these differ by steps of 400
# between two checkouts running this test at once), and below the kernel's ephemeral ports
# (32768 on): an outgoing connection holds a port from there, and an emulator told to listen
# on it fails with "port taken", as it did at offset 35300.
BASE = 14000 + 4 * (port_offset() % 1000)
#: ending -> (what the run does once its emulators are up, the signal it then gets, offset)
ENDINGS = {
    "done": ("exit", None, BASE),
    "failed": ("error", None, BASE + 100),
    "ctrl-c": ("wait", signal.SIGINT, BASE + 200),
    "sigterm": ("wait", signal.SIGTERM, BASE + 300),
}
#: Two runs at a time (four JVMs starting at once starve a 2-core machine), the second started
#: once the first has loaded its functions (_functions_loaded).
WAVES = (("ctrl-c", "sigterm"),) + (
    (("done", "failed"),) if os.environ.get("SCOREBOOK_HYGIENE_EVERY_ENDING") else ())


def _environment(offset: int) -> dict[str, str]:
    # the session's emulators are named in the environment: each run must start its own
    hidden = ("FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST", "FUNCTIONS_EMULATOR_HOST",
              "FIREBASE_EMULATOR_HUB")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    return env | {"SCOREBOOK_EMULATOR_PORT_OFFSET": str(offset),
                  "JAVA_TOOL_OPTIONS": short_lived_java(env.get("JAVA_TOOL_OPTIONS"))}


def _functions_loaded(offset: int, deadline: float = 180) -> None:
    """Wait until the run at `offset` has loaded its functions (its emulators are ready).
    Two runs that start at once race for the port on which firebase-tools asks the functions
    what they are (the first free from 8081, whatever the offset): the loser's emulators
    start with no function at all, and its trigger never runs. (A start that said ready
    without them is not this: the run starts its emulators again, in a log written afresh.)"""
    log = emulator_log(REPO, offset)
    end = time.monotonic() + deadline

    def loaded() -> bool:
        text = log.read_text(errors="replace") if log.exists() else ""
        return READY in text and NO_FUNCTIONS not in text

    while not loaded():
        assert time.monotonic() < end, f"the run at {offset} never got ready: see {log}"
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("wave", WAVES, ids="+".join)
def test_no_process_of_a_run_is_left_however_it_ends(
    wave: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: dict[str, subprocess.Popen] = {}
    previous: int | None = None  # the offset of the run started last
    for ending in wave:
        if previous is not None:
            _functions_loaded(previous)
        previous = ENDINGS[ending][2]
        emulator_log(REPO, previous).unlink(missing_ok=True)
        runs[ending] = subprocess.Popen(
            [sys.executable, "-m", "tests.emulator.emulators_once", ENDINGS[ending][0]],
            cwd=REPO, env=_environment(ENDINGS[ending][2]), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
    seen: dict[str, dict] = {}
    try:
        for ending, child in runs.items():
            line = child.stdout.readline()
            assert line, f"{ending}: {child.stderr.read()}"
            seen[ending] = json.loads(line)
            commands = " ".join(seen[ending]["processes"].values())
            # each run had what a demo has: the Firestore JVM and a functions worker
            assert "java" in commands and "functions-framework" in commands, ending
        for ending, child in runs.items():
            if ENDINGS[ending][1] is not None:
                child.send_signal(ENDINGS[ending][1])
        for child in runs.values():
            child.wait(timeout=90)
    finally:
        # Never SIGKILL a run that is still up: its emulators would be orphans. Ask it to
        # stop as a CI timeout would, and kill it only if it does not.
        for child in runs.values():
            if child.poll() is None:
                child.terminate()
        for child in runs.values():
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
    time.sleep(0.5)
    for ending in wave:
        offset = ENDINGS[ending][2]
        processes = seen[ending]["processes"]
        survivors = [processes[pid] for pid in processes if _alive(int(pid))]
        assert survivors == [], f"{ending}: left behind"
        assert run_processes(seen[ending]["leader"]) == [], ending
        monkeypatch.setenv("SCOREBOOK_EMULATOR_PORT_OFFSET", str(offset))
        assert ports_in_use(REPO) == [], ending
    # done exits 0; a failure, Ctrl-C and SIGTERM exit with an error
    assert all((runs[e].returncode == 0) == (e == "done") for e in wave)
