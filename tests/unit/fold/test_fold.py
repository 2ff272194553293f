"""The event-sourcing mechanics: purity, voids, corrections, resuming from a stored state."""

from __future__ import annotations

import json

from scorebook.document import to_document
from scorebook.fold import fold, replay
from scorebook.state import FoldState
from scorebook.views.scorecard import project, to_projection
from tests.unit.factories import Book, delivery


def _scored() -> Book:
    book = Book()
    book.start()
    book.over_of(1, 4, 0, 2)
    book.ball(0, out="caught", fielders=["a3"])
    book.ball(wide=1)
    return book


def test_fold_does_not_change_the_state_it_is_given() -> None:
    book = _scored()
    before = book.state.model_dump()
    after = fold(
        book.state, book.actions[-1].model_copy(update={"id": "1-0099", "sequenceNumber": 99})
    )
    assert book.state.model_dump() == before
    assert after.version == book.state.version + 1


def test_project_is_a_pure_function_of_the_log() -> None:
    book = _scored()
    first = to_document(project(book.match, book.actions), json=True)
    again = to_document(project(book.match, list(reversed(book.actions))), json=True)
    assert first == again


def test_last_updated_is_the_last_actions_timestamp_not_the_clock() -> None:
    book = _scored()
    live = book.live()
    assert live.lastUpdated == book.actions[-1].timestamp
    assert live.lastActionId == book.actions[-1].id
    assert live.version == len(book.actions)


def test_a_voided_action_is_ignored() -> None:
    book = _scored()
    last = book.actions[-1]
    voided = last.model_copy(update={"isVoided": True, "voidReason": "not a wide"})
    live = project(book.match, [*book.actions[:-1], voided])
    assert live.extras.wides == 0
    assert live.lastActionId == book.actions[-2].id
    assert live.version == len(book.actions) - 1


def test_a_correction_reusing_the_voided_sequence_replaces_it() -> None:
    book = _scored()
    last = book.actions[-1]
    voided = last.model_copy(update={"isVoided": True, "voidReason": "it was a leg-bye"})
    fixed = last.model_copy(
        update={
            "id": f"{last.id}-c1",
            "extras": last.extras.model_copy(update={"wide": 0, "legBye": 1}),
            "isLegalDelivery": True,
            "source": "correction",
            "corrects": last.id,
        }
    )
    live = project(book.match, [*book.actions[:-1], voided, fixed])
    assert (live.extras.wides, live.extras.legByes) == (0, 1)
    assert live.integrity == []


def test_a_duplicate_delivery_of_the_same_action_changes_nothing() -> None:
    book = _scored()
    state = book.state
    again = fold(state, book.actions[-1])
    assert again == state


def test_two_live_actions_at_one_place_in_the_log_are_an_integrity_problem() -> None:
    book = _scored()
    twin = book.actions[-1].model_copy(update={"id": "1-0009-x"})
    live = project(book.match, [*book.actions, twin])
    assert [p.code for p in live.integrity] == ["duplicate_sequence"]


def test_a_gap_in_the_sequence_is_an_integrity_problem() -> None:
    book = _scored()
    live = project(book.match, book.actions[:3] + book.actions[4:])
    assert [p.code for p in live.integrity] == ["sequence_gap"]
    assert live.integrity[0].actionId == book.actions[4].id


def test_a_delivery_before_any_innings_start_starts_one_and_says_so() -> None:
    book = Book()
    live = project(book.match, [delivery()])
    assert live.currentInnings.battingTeamId == "home"
    assert live.currentInnings.runs == 0
    assert [p.code for p in live.integrity] == ["implicit_innings_start"]


def test_the_state_round_trips_through_json() -> None:
    book = _scored()
    text = json.dumps(book.state.to_json())
    restored = FoldState.from_json(text)
    assert restored == book.state
    assert FoldState.from_json(json.loads(text)) == book.state


def test_folding_onto_a_stored_state_equals_rebuilding_from_the_log() -> None:
    book = _scored()
    stored = FoldState.from_json(json.dumps(book.state.to_json()))
    nxt = book.ball(6)
    resumed = to_projection(fold(stored, nxt))
    assert to_document(resumed) == to_document(book.live())


def test_replaying_the_log_gives_the_state_folding_reaches() -> None:
    book = _scored()
    assert replay(book.match, book.actions) == book.state


def test_a_voided_action_moves_the_position_but_not_the_version() -> None:
    book = Book()
    book.start()
    ball = book.ball(1)
    state = book.state
    voided = ball.model_copy(update={"id": "1-0003", "sequenceNumber": 3, "isVoided": True})
    after = fold(state, voided)
    assert after.position == (1, 3)
    assert after.version == state.version
    assert after.lastActionId == state.lastActionId


def test_the_bowling_angle_is_that_of_the_current_bowlers_latest_delivery() -> None:
    book = Book()
    book.start(strikerId="h1", nonStrikerId="h2", bowlerId="a1")
    assert book.live().currentInnings.bowlingAngle is None  # not bowled yet
    book.ball(0, angle="Round the Wicket")
    assert book.live().currentInnings.bowlingAngle == "Round the Wicket"
    book.ball(0, angle="Over the Wicket")
    assert book.live().currentInnings.bowlingAngle == "Over the Wicket"
    book.ball(0)  # not recorded on this ball: unknown, not the one before
    assert book.live().currentInnings.bowlingAngle is None
    book.balls(0, 0)
    book.ball(1, angle="Round the Wicket")  # a1's last ball of the over
    book.ball(0)  # the next over: a2, who does not say
    assert book.live().currentInnings.bowlingAngle is None
    # carried in the fold's state, which survives its stored form
    state = FoldState.from_json(json.loads(json.dumps(book.state.to_json())))
    assert state.innings[-1].bowlers["a1"].bowlingAngle == "Round the Wicket"
    assert to_projection(state).currentInnings.bowlingAngle is None
    book.balls(0, 0, 0, 0, 0)
    book.ball(0, angle="Over the Wicket")  # a1 again
    assert book.live().currentInnings.bowlingAngle == "Over the Wicket"
    doc = to_document(book.live(), json=True)
    assert doc["currentInnings"]["bowlingAngle"] == "Over the Wicket"
    book.start()
    assert book.live().currentInnings.bowlingAngle is None  # a new innings


def test_a_bowler_or_fielder_of_the_batting_side_is_flagged_and_the_ball_still_counts() -> None:
    book = Book()
    book.start()  # home bats
    book.ball(1, bowler="h9")  # a home player bowls to his own side
    book.ball(0, out="caught", fielders=["h8"], bowler="a1")  # caught by a team-mate
    book.ball(4, bowler="a1")  # all as it should be
    live = book.live()
    flagged = [(p.code, p.actionId, p.message) for p in live.integrity]
    names = {p.id: p.name for t in book.match.teams for p in t.players}
    assert flagged == [  # as a scorer reads them: names, not ids
        ("player_on_wrong_side", "1-0002", f"bowler {names['h9']} is of Home"),
        ("player_on_wrong_side", "1-0003", f"fielder {names['h8']} is of Home"),
    ]
    assert live.currentInnings.runs == 5 and live.currentInnings.wickets == 1


def test_a_fielder_retired_timed_out_or_absent_is_flagged_and_takes_no_wicket() -> None:
    """Laws 1, 2 and 40: only a batter of the batting side can retire, be timed out or be
    absent; such an event naming a fielder cannot bring the all out nearer."""
    book = Book()
    book.start()  # home bats
    book.ball(1)
    book.event("retirement", batterId="a11", type="retired_out")
    book.event("dismissal", wicket={"type": "timed_out", "dismissedPlayerId": "a5"})
    for n in range(1, 10):
        book.event("absence", batterId=f"a{n}", reason="absent")
    book.ball(0, out="bowled")
    live = book.live()
    assert live.currentInnings.wickets == 1 and not live.currentInnings.isClosed
    codes = {p.code for p in live.integrity}
    assert codes == {"player_on_wrong_side"}
    assert len(live.integrity) == 11


def test_a_batter_change_or_opening_naming_the_wrong_side_is_flagged() -> None:
    book = Book()
    book.start()
    book.ball(1)
    book.event("batter_change", strikerId="a1", nonStrikerId="a2")
    assert [p.code for p in book.live().integrity] == ["player_on_wrong_side"]
