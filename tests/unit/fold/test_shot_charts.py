"""Where the ball went and pitched, as the scorer recorded it: each batter's runs off the
bat by the wagon wheel's segment, each bowler's deliveries, runs and wickets by length and
line (his pitch map), on the scorecard; nothing where nothing was recorded."""

from __future__ import annotations

import random

from scorebook.actions import parse_action
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.views.scorecard import project
from scorebook_tools.generated_match import generated_match

LENGTHS = ["full", "good", "short"]
LINES = ["off_stump", "outside_off"]


def test_the_wagon_wheel_and_the_pitch_map_add_up_to_the_figures() -> None:
    match, actions = load_match(generated_match(), match_id="shots")
    chance = random.Random(7)
    shots: list = []
    for action in actions:
        doc = to_document(action)
        if doc.get("kind", "delivery") == "delivery":
            doc["shotData"] = {"wagonWheelSegment": chance.randint(1, 8),
                               "length": chance.choice(LENGTHS), "line": chance.choice(LINES)}
        shots.append(parse_action(doc))
    innings = project(match, shots).innings
    for inn in innings:
        for b in inn.batsmen:
            if b.ballsFaced:
                assert b.wagonWheel is not None and len(b.wagonWheel) == 8
                assert sum(b.wagonWheel) == b.runs
        for w in inn.bowlers:
            pitch = w.pitchMap or {}
            assert set(pitch) <= {f"{length}_{line}" for length in LENGTHS for line in LINES}
            cells = pitch.values()
            assert sum(c[0] for c in cells) == w.ballsBowled + w.wides + w.noBalls
            assert sum(c[1] for c in cells) == w.runsConceded
            assert sum(c[2] for c in cells) == w.wickets  # every ball's length and line known
    # a ball with no shot data changes neither: the plain log has no charts at all
    plain = project(match, actions).innings
    assert all(b.wagonWheel is None for inn in plain for b in inn.batsmen)
    assert all(w.pitchMap is None for inn in plain for w in inn.bowlers)
