"""A match's log exported to Cricsheet JSON (`python -m scorebook_tools export`): every real match
imported and exported again gives the same deliveries, players, outcome and innings
metadata; a voided ball is left out and its correction takes its place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scorebook.cricsheet import load_match
from scorebook_tools.cricsheet_export import to_cricsheet
from tests.conftest import REPO, real_match_params

#: what the log does not keep (docs/season.md, "Export")
NOT_KEPT_DELIVERY = {"review", "replacements"}
NOT_KEPT_INNINGS = {"powerplays", "miscounted_overs"}
INFO = ("teams", "players", "registry", "outcome", "balls_per_over", "dates", "match_type",
        "overs", "season", "venue", "city", "toss", "gender", "player_of_match")


def _kept(innings: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in innings.items() if k not in NOT_KEPT_INNINGS}
    out["overs"] = [{**o, "deliveries": [{k: v for k, v in d.items()
                                          if k not in NOT_KEPT_DELIVERY}
                                         for d in o["deliveries"]]}
                    for o in innings.get("overs", [])]
    return out


def _registry_of_players(info: dict[str, Any]) -> dict[str, str]:
    names = {n for team in info["players"].values() for n in team}
    return {n: i for n, i in info["registry"]["people"].items() if n in names}


@pytest.mark.parametrize("path", real_match_params())
def test_a_real_match_exported_again_is_the_same_match(path: Path) -> None:
    raw = json.loads(path.read_text())
    match, actions = load_match(path)
    out = to_cricsheet(match, actions)
    for field in INFO:
        theirs, ours = raw["info"].get(field), out["info"].get(field)
        if field == "dates":
            theirs = [str(d) for d in theirs]
        elif field == "season":
            theirs = str(theirs)
        elif field == "registry":  # ours names the players, not the umpires and referees
            theirs, ours = _registry_of_players(raw["info"]), _registry_of_players(out["info"])
        assert ours == theirs, field
    assert out["info"].get("event", {}).get("name") == raw["info"]["event"]["name"]
    assert [_kept(i) for i in out["innings"]] == [_kept(i) for i in raw["innings"]]


def test_a_voided_ball_is_left_out_and_its_correction_takes_its_place() -> None:
    path = real_match_params(["1269700"])[0].values[0]
    if path is None:
        pytest.skip("1269700 is not here: `make data` fetches it")
    match, actions = load_match(path)
    ball = next(a for a in actions if getattr(a, "kind", None) == "delivery"
                and a.runsOffBat == 1 and a.wicket is None)
    corrected = type(ball).model_validate(ball.model_dump() | {
        "id": f"{ball.id}-c1", "corrects": ball.id, "source": "correction",
        "runsOffBat": 2, "totalRuns": ball.totalRuns + 1})
    voided = ball.model_copy(update={"isVoided": True, "correctedBy": corrected.id})
    log = [voided if a.id == ball.id else a for a in actions] + [corrected]
    before = to_cricsheet(match, actions)
    after = to_cricsheet(match, log)
    balls = [(o["over"], n) for i in before["innings"] for o in i["overs"]
             for n, _ in enumerate(o["deliveries"])]
    flat_before = [d for i in before["innings"] for o in i["overs"] for d in o["deliveries"]]
    flat_after = [d for i in after["innings"] for o in i["overs"] for d in o["deliveries"]]
    assert len(flat_after) == len(flat_before) == len(balls)
    changed = [(b, a) for b, a in zip(flat_before, flat_after, strict=True) if b != a]
    assert len(changed) == 1 and changed[0][1]["runs"]["batter"] == 2


def test_the_command_line_exports_from_files(tmp_path: Path) -> None:
    path = real_match_params(["1269700"])[0].values[0]
    if path is None:
        pytest.skip("1269700 is not here: `make data` fetches it")
    run = [sys.executable, "-m", "scorebook_tools"]
    match = subprocess.run([*run, "match", str(path)], capture_output=True, text=True,
                           check=True, cwd=REPO / "functions").stdout
    actions = subprocess.run([*run, "actions", str(path)], capture_output=True, text=True,
                             check=True, cwd=REPO / "functions").stdout
    (tmp_path / "match.json").write_text(match)
    (tmp_path / "actions.jsonl").write_text(actions)
    exported = subprocess.run(
        [*run, "export", "--match", str(tmp_path / "match.json"),
         "--actions", str(tmp_path / "actions.jsonl")],
        capture_output=True, text=True, check=True, cwd=REPO / "functions").stdout
    round_trip = subprocess.run([*run, "export", "--cricsheet", str(path)], capture_output=True,
                                text=True, check=True, cwd=REPO / "functions").stdout
    assert json.loads(exported) == json.loads(round_trip)
    assert json.loads(exported)["info"]["outcome"] == json.loads(path.read_text())["info"][
        "outcome"]
