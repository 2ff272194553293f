"""`python -m scorebook`: the same fold the trigger runs, from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scorebook_tools.cli import main
from scorebook_tools.generated_match import GENERATED_MATCH_ID
from tests.conftest import REPO


def test_replay_takes_several_matches_and_prints_one_line_each_in_order(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = generated / f"{GENERATED_MATCH_ID}.json"
    second = shutil.copy(first, tmp_path / "another.json")
    assert main(["replay", str(second), str(first), "--indent", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["matchId"] for line in lines] == ["another", GENERATED_MATCH_ID]
    assert json.loads(lines[0])["result"] == json.loads(lines[1])["result"]


def test_one_match_id_cannot_name_several_matches(generated: Path) -> None:
    path = str(generated / f"{GENERATED_MATCH_ID}.json")
    with pytest.raises(SystemExit):
        main(["replay", path, path, "--match-id", "x"])


def test_python_dash_m_scorebook_runs_the_command_line(generated: Path) -> None:
    path = generated / f"{GENERATED_MATCH_ID}.json"
    done = subprocess.run([sys.executable, "-m", "scorebook", "replay", str(path), "--indent", "0"],
                          capture_output=True, text=True, cwd=REPO, check=True)
    assert json.loads(done.stdout)["status"] == "completed"
