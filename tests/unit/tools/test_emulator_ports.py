"""The emulators' ports moved by SCOREBOOK_EMULATOR_PORT_OFFSET (scorebook_tools.emulators)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from scorebook_tools.emulators import (
    NO_FUNCTIONS,
    READY,
    EmulatorError,
    _sigterm_as_exit,
    _started,
    config_file,
    stop,
)

REPO = Path(__file__).resolve().parents[3]
#: A stand-in for firebase-tools: it stops on SIGINT as firebase-tools does, even when started
#: with SIGINT ignored (a background job of a shell, as CI starts the tests; `sleep` would
#: inherit that and wait out `stop`'s 30 s before its SIGKILL), and only then says anything
#: or writes its pid (`where`/pid): a SIGINT cannot come before it heeds one. Its first start
#: in `where` prints `first`, a later one `again`.
STAND_IN = """
import os, signal, sys, time
from pathlib import Path
signal.signal(signal.SIGINT, signal.SIG_DFL)
where = Path(sys.argv[1])
(where / "pid").write_text(str(os.getpid()))
started = where / "started"
print(sys.argv[3] if started.exists() else sys.argv[2], flush=True)
started.touch()
time.sleep(60)
"""


def stand_in(where: Path, first: str = "", again: str = "") -> list[str]:
    return [sys.executable, "-c", STAND_IN, str(where), first, again]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copy(REPO / "firebase.json", tmp_path / "firebase.json")
    return tmp_path


def test_an_offset_moves_every_port_by_that_much(repo: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCOREBOOK_EMULATOR_PORT_OFFSET", "100")
    base = json.loads((repo / "firebase.json").read_text())["emulators"]
    moved = json.loads(config_file(repo).read_text())["emulators"]
    assert moved["firestore"]["port"] == base["firestore"]["port"] + 100
    assert moved["auth"]["port"] == base["auth"]["port"] + 100


def test_an_offset_onto_a_port_nodes_fetch_refuses_is_refused_at_once(repo: Path,
                                                                       monkeypatch) -> None:
    # Firestore's 8080 moved by 2000 is 10080, which Node's fetch will not connect to: the
    # emulators started, then firebase-tools failed to register a trigger with Firestore
    monkeypatch.setenv("SCOREBOOK_EMULATOR_PORT_OFFSET", "2000")
    with pytest.raises(EmulatorError, match="10080"):
        config_file(repo)


def test_a_refused_port_of_an_emulator_the_run_does_not_start_is_no_matter(
        repo: Path, monkeypatch) -> None:
    # the rules tests' emulators are 1000 beyond the others and start Firestore alone:
    # Hosting's 5000 would be 6000, which nothing then listens on
    monkeypatch.setenv("SCOREBOOK_EMULATOR_PORT_OFFSET", "1000")
    monkeypatch.setenv("SCOREBOOK_EMULATORS", "firestore")
    moved = json.loads(config_file(repo).read_text())["emulators"]
    assert moved["firestore"]["port"] == 9080
    monkeypatch.setenv("SCOREBOOK_EMULATORS", "firestore,hosting")
    with pytest.raises(EmulatorError, match="6000"):
        config_file(repo)


def test_emulators_ready_without_their_functions_are_started_again(tmp_path: Path) -> None:
    # On a loaded machine firebase-tools gave up asking the functions what they are after
    # 10 s and said ready all the same: every test then waited out its deadline for a
    # trigger. Here a stand-in for it does that the first time, and comes up whole the next.
    command = stand_in(tmp_path, f"{NO_FUNCTIONS}: Timeout after 10000\n{READY}!", f"{READY}!")
    log = tmp_path / "emulators.log"
    process = _started(command, tmp_path, log, dict(os.environ), timeout=10)
    try:
        assert NO_FUNCTIONS not in log.read_text()
        assert NO_FUNCTIONS in (tmp_path / "emulators.attempt1.log").read_text()
    finally:
        stop(process)


def test_a_sigterm_while_the_emulators_start_stops_them(tmp_path: Path) -> None:
    # They run in a session of their own: a CI timeout's SIGTERM to the test run while they
    # were still starting left firebase-tools and its JVMs running for good.
    pid_file = tmp_path / "pid"

    def sigterm_once_up() -> None:
        deadline = time.monotonic() + 20
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=sigterm_once_up, daemon=True).start()
    with pytest.raises(SystemExit), _sigterm_as_exit():
        _started(stand_in(tmp_path), tmp_path, tmp_path / "emulators.log", dict(os.environ),
                 timeout=30)
    pid = int(pid_file.read_text())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
