"""`python -m scorebook_tools`: the same fold the trigger runs, from the command line."""

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


def test_python_dash_m_scorebook_tools_runs_the_command_line(generated: Path) -> None:
    path = generated / f"{GENERATED_MATCH_ID}.json"
    done = subprocess.run([sys.executable, "-m", "scorebook_tools", "replay", str(path),
                           "--indent", "0"], capture_output=True, text=True, cwd=REPO, check=True)
    assert json.loads(done.stdout)["status"] == "completed"


def test_check_prints_each_problem_of_a_draft_and_exits_1(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(generated / f"{GENERATED_MATCH_ID}.json")
    assert main(["actions", path]) == 0
    first = next(json.loads(line) for line in capsys.readouterr().out.splitlines()
                 if json.loads(line)["kind"] == "delivery")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(first))
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr().out == ""

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(first | {"totalRuns": first["totalRuns"] + 1, "isVoided": None,
                                        "strikerId": "ringer"}))
    assert main(["check", str(bad)]) == 1
    expected = first["runsOffBat"] + sum(first["extras"].values())
    assert capsys.readouterr().out.splitlines() == [
        "isVoided: Input should be a valid boolean (voided)",
        f"totalRuns: must equal runsOffBat + extras = {expected}, got {expected + 1} (unlawful)",
    ]
    assert main(["match", path]) == 0
    match = tmp_path / "match.json"
    match.write_text(capsys.readouterr().out)
    assert main(["check", str(bad), "--match", str(match)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "strikerId: 'ringer' is not a player the match lists (not_in_match)" in lines
    assert "match is completed (match_over)" in lines  # the generated match is over


def test_check_takes_the_actions_command_s_json_lines(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(generated / f"{GENERATED_MATCH_ID}.json")
    assert main(["actions", path]) == 0
    log = tmp_path / "log.jsonl"
    log.write_text(capsys.readouterr().out)
    assert main(["check", str(log)]) == 0
    assert capsys.readouterr().err.startswith("0 problems in ")


def test_season_prints_the_competitions_table_from_its_matches(
    capsys: pytest.CaptureFixture[str]
) -> None:
    from scorebook_tools.realdata import real_match

    competition = REPO / "tests" / "data" / "competitions" / "cpl-2021.json"
    ids = json.loads(competition.read_text())["tableMatches"]
    paths = [real_match(i) for i in ids]
    if None in paths:
        pytest.skip("the 2021 CPL's matches are not here: `make data` fetches them")
    assert main(["season", "--competition", str(competition), *map(str, paths)]) == 0
    season = json.loads(capsys.readouterr().out)
    table = season["table"]
    assert {p["teamId"] for p in season["players"]} == {r["teamId"] for r in table}
    assert sum(h["dismissals"] for h in season["headToHeads"]) == sum(
        p["bowling"]["wickets"] for p in season["players"])  # every wicket a bowler's
    assert [(r["teamId"], r["points"], r["netRunRateText"]) for r in table[:3]] == [
        ("trinbago-knight-riders", 12, "+0.700"), ("guyana-amazon-warriors", 12, "+0.109"),
        ("st-kitts-and-nevis-patriots", 12, "-0.328")]


def test_the_commands_answer_under_the_packages_own_name_which_is_never_deployed() -> None:
    done = subprocess.run([sys.executable, "-m", "scorebook", "dls", "--help"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0 and "--first" in done.stdout, done.stderr
    functions = json.loads((REPO / "firebase.json").read_text())["functions"][0]
    assert "scorebook/__main__.py" in functions["ignore"]
