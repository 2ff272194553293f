"""The emulators' ports moved by SCOREBOOK_EMULATOR_PORT_OFFSET (scorebook_tools.emulators)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
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
#: A stand-in for firebase-tools once it is up: it stops on SIGINT as firebase-tools does,
#: even when started with SIGINT ignored (a background job of a shell, as CI starts the
#: tests), which `sleep` would inherit and wait out `stop`'s 30 s before its SIGKILL.
UP = (f"exec {sys.executable} -c 'import signal, time; "
      "signal.signal(signal.SIGINT, signal.SIG_DFL); time.sleep({})'")


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
    first = tmp_path / "first-start-done"
    script = (f'if [ -e {first} ]; then echo "{READY}!"; '
              f'else touch {first}; echo "{NO_FUNCTIONS}: Timeout after 10000"; '
              f'echo "{READY}!"; fi; ' + UP.format(30))
    log = tmp_path / "emulators.log"
    process = _started(["sh", "-c", script], tmp_path, log, dict(os.environ), timeout=10)
    try:
        assert NO_FUNCTIONS not in log.read_text()
        assert NO_FUNCTIONS in (tmp_path / "emulators.attempt1.log").read_text()
    finally:
        stop(process)


def test_a_sigterm_while_the_emulators_start_stops_them(tmp_path: Path) -> None:
    # They run in a session of their own: a CI timeout's SIGTERM to the test run while they
    # were still starting left firebase-tools and its JVMs running for good.
    script = f'echo $$ > {tmp_path / "pid"}; ' + UP.format(60)
    log = tmp_path / "emulators.log"
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        with pytest.raises(SystemExit), _sigterm_as_exit():
            _started(["sh", "-c", script], tmp_path, log, dict(os.environ), timeout=30)
    finally:
        timer.cancel()
    pid = int((tmp_path / "pid").read_text())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
