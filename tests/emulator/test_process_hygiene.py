"""Nothing of a run is left behind: however `make demo`, `make test` or `make bench` ends
(done, failed, Ctrl-C, SIGTERM), no emulator, Java or functions-framework process of that
run survives it, and its ports are free again. Each ending runs emulators of its own, on
ports of their own, in a separate process, as those commands do; the four run side by side
to keep the suite short."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from scorebook_tools.emulators import ports_in_use, run_processes
from tests.conftest import REPO

#: ending -> (what the run does once its emulators are up, the signal it then gets, offset)
ENDINGS = {
    "done": ("exit", None, 700),
    "failed": ("error", None, 800),
    "ctrl-c": ("wait", signal.SIGINT, 900),
    "sigterm": ("wait", signal.SIGTERM, 1000),
}


def _environment(offset: int) -> dict[str, str]:
    # the session's emulators are named in the environment: each run must start its own
    hidden = ("FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST", "FIREBASE_EMULATOR_HUB")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    return env | {"SCOREBOOK_EMULATOR_PORT_OFFSET": str(offset)}


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_no_process_of_a_run_is_left_however_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = {
        ending: subprocess.Popen(
            [sys.executable, "-m", "tests.emulator.emulators_once", mode], cwd=REPO,
            env=_environment(offset), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for ending, (mode, _, offset) in ENDINGS.items()
    }
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
        for child in runs.values():
            if child.poll() is None:
                child.kill()
    time.sleep(0.5)
    for ending, (_, _, offset) in ENDINGS.items():
        processes = seen[ending]["processes"]
        survivors = [processes[pid] for pid in processes if _alive(int(pid))]
        assert survivors == [], f"{ending}: left behind"
        assert run_processes(seen[ending]["leader"]) == [], ending
        monkeypatch.setenv("SCOREBOOK_EMULATOR_PORT_OFFSET", str(offset))
        assert ports_in_use(REPO) == [], ending
    assert runs["failed"].returncode != 0 and runs["done"].returncode == 0
