"""A real match followed on the spectator page with where each ball went recorded: every
batter's wagon wheel on the page equals the log's runs by segment, each bowler's pitch map
the log's deliveries by length and line, and the live commentary has one line per ball, in
the functions' words."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from scorebook.cricsheet import load_match
from scorebook_tools.made_up_shots import with_shots
from scorebook_tools.scoring_app import write_action
from tests.conftest import real_match_params
from tests.emulator.harness import SCORER, assert_converged, seed_match

SEGMENTS = ["long off", "cover", "point", "third man", "fine leg", "square leg", "midwicket",
            "long on"]


@pytest.mark.parametrize("path", real_match_params(["1269700"]))
def test_the_wagon_wheels_pitch_maps_and_commentary_of_a_real_match(
    admin, user, tabs, path: Path
) -> None:
    match, actions = load_match(path, match_id=f"shots-{path.stem}", recorded_by=SCORER)
    actions = [with_shots(a) for a in actions]  # the real match records none
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions:
        write_action(scorer, action)
    assert_converged(admin, match)

    runs: dict[tuple[int, str], Counter] = defaultdict(Counter)
    pitched: dict[tuple[int, str], Counter] = defaultdict(Counter)
    balls = 0
    for _, d in admin.list(f"matches/{match.id}/scoring_actions"):
        if d.get("kind", "delivery") != "delivery" or d.get("isVoided"):
            continue
        balls += 1
        shot = d["shotData"]
        runs[(d["inningsNumber"], d["strikerId"])][shot["wagonWheelSegment"]] += d["runsOffBat"]
        pitched[(d["inningsNumber"], d["bowlerId"])][f"{shot['length']}_{shot['line']}"] += 1

    tab = tabs()
    page = tab.open(f"/match/{match.id}")
    page.get_by_test_id("result").wait_for()
    for (innings, striker), by_segment in runs.items():
        page.locator(f"[data-testid=wagon-{innings}-{striker}]").wait_for(state="attached")
        titles = page.locator(f"[data-testid=wagon-{innings}-{striker}] title").evaluate_all(
            "(titles) => titles.map((t) => t.textContent)")
        assert titles == [f"{name}: {by_segment[n + 1]}" for n, name in enumerate(SEGMENTS)]
    for (innings, bowler), cells in pitched.items():
        shown = page.locator(f"[data-testid=pitch-{innings}-{bowler}] title").evaluate_all(
            "(titles) => titles.map((t) => t.textContent)")
        counted = {t.split(":")[0]: int(t.split(": ")[1].split(" ")[0]) for t in shown}
        assert {k.replace("_", " ", 1).replace("_", " "): v for k, v in cells.items()} == {
            k.replace(",", ""): v for k, v in counted.items() if v}
    page.evaluate("document.querySelectorAll('details.shots').forEach((d) => { d.open = true; })")
    tab.screenshot("spectator-laptop-wagon-wheels")

    # the live commentary: a line for every ball, each in the functions' words
    feed = [d for _, d in admin.list(f"matches/{match.id}/events")]
    lines = [d["payload"]["commentary"] for d in feed
             if d["type"] == "BALL_BOWLED" and not d["retracted"]]
    assert len(lines) == balls and all(" to " in line for line in lines)
    ticker = page.get_by_test_id("ticker").inner_text()
    assert lines[-1] in ticker
