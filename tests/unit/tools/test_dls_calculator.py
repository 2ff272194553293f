"""`python -m scorebook_tools dls`, the rain rule's calculator for officials without the app: the
revised target and the par sheet of the Standard Edition's worked cases (tests/unit/laws/
test_dls.py has their sums), as JSON and as a table."""

from __future__ import annotations

import json

import pytest

from scorebook_tools.cli import main


def sheet(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["dls", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_delayed_chase(capsys) -> None:
    out = sheet(capsys, "--overs", "50", "--first", "250", "--second-overs", "30")
    assert (out["target"], out["chase"]["resources"]) == (188, 75.1)
    assert out["par"][-1] == {"overs": "30.0", "balls": 180, "byWickets": [187] * 10}


def test_a_chase_stopped_and_resumed_with_fewer_overs(capsys) -> None:
    out = sheet(capsys, "--overs", "50", "--first", "250", "--second-stop", "20,2,40")
    assert out["target"] == 213
    first_line = out["par"][0]  # the sheet starts where play resumed
    assert (first_line["overs"], first_line["byWickets"][2]) == ("20.0", 81)
    assert [line["overs"] for line in out["par"]][-1] == "40.0"


def test_a_first_innings_cut_short_and_the_par_ball_by_ball(capsys) -> None:
    out = sheet(capsys, "--overs", "20", "--first", "122", "--first-stop", "10,1,15",
                "--by", "ball")
    assert (out["target"], out["chase"]["overs"]) == (130, "15.0")
    assert len(out["par"]) == 91
    assert [line["byWickets"][0] for line in out["par"][6:31:6]] == [7, 14, 22, 29, 38]


def test_the_hundred_in_balls_with_its_own_g50(capsys) -> None:
    out = sheet(capsys, "--balls", "100", "--balls-per-over", "5", "--first", "140",
                "--g50", "200", "--second-overs", "78b")
    assert (out["chase"]["balls"], out["g50"]) == (78, 200)
    assert out["target"] < 141


def test_the_table_and_a_mistake(capsys) -> None:
    assert main(["dls", "--overs", "50", "--first", "250", "--second-overs", "30"]) == 0
    text = capsys.readouterr().out
    assert "Revised target: 188" in text and text.count("\n") > 30
    assert main(["dls", "--overs", "20", "--first", "100", "--second-stop", "5.7,1,10"]) == 2
    assert "an over has 6 balls" in capsys.readouterr().err
