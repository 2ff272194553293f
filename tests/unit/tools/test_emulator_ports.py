"""The emulators' ports moved by SCOREBOOK_EMULATOR_PORT_OFFSET (scorebook_tools.emulators)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scorebook_tools.emulators import EmulatorError, config_file

REPO = Path(__file__).resolve().parents[3]


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
