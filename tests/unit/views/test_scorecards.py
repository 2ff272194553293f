"""live/score rendered with each innings' scorecard reused while its sources are unchanged
(`live_document` with `Scorecards`) is the document `to_projection` renders afresh, after
every action: the warm path's shortcut must never show anything else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given

from scorebook.cricsheet import load_match
from scorebook.document import compact_json_bytes, to_document
from scorebook.fold import fold_into
from scorebook.integrity import IntegrityProblem
from scorebook.match import Match
from scorebook.state import FoldState, initial_state
from scorebook.views.scorecard import Scorecards, live_document, to_projection
from tests.conftest import real_match_params
from tests.unit.factories import Book, ten_innings, two_innings_match
from tests.unit.fold.test_properties import BOOKS, SETTINGS
from tests.unit.service.memory_store import ACTIONS, MATCH

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def generated_test(overs: int) -> tuple[Match, list]:
    """The benchmarks' generated five-day Test (benchmarks/ is not a package)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from synthetic import synthetic_test  # noqa: PLC0415
    finally:
        sys.path.remove(str(BENCHMARKS))
    return synthetic_test("m1", overs, recorded_by="scorer-1")


def afresh(state: FoldState) -> dict:
    return to_document(to_projection(state))


def assert_same_after_each_action(match: Match, actions: list) -> None:
    state, scorecards = initial_state(match), Scorecards()
    for action in actions:
        fold_into(state, [action])
        document, fresh = live_document(state, scorecards), afresh(state)
        assert document == fresh, action.id
        assert list(document) == list(fresh)  # the same fields, in the same order
        for value in document.values():  # what the size check adds up, measured right
            assert scorecards.json_bytes(value) in (None, compact_json_bytes(value))


def test_the_generated_t20_after_each_action() -> None:
    assert_same_after_each_action(MATCH, ACTIONS)


def test_a_generated_five_day_test_after_each_action() -> None:
    assert_same_after_each_action(*generated_test(60))


def test_ten_innings_of_super_overs_after_each_action() -> None:
    assert_same_after_each_action(*ten_innings())


@pytest.mark.parametrize("path", real_match_params(["1263170", "1244225", "1269700"],
                                                 long=("1263170", "1244225")))
def test_real_matches_after_each_action(path: Path) -> None:
    assert_same_after_each_action(*load_match(path))


@SETTINGS
@given(BOOKS)
def test_any_log_after_each_action(book: Book) -> None:
    assert_same_after_each_action(book.match, book.actions)


def test_penalty_runs_to_a_finished_innings_re_render_it_and_the_target() -> None:
    """Law 41.17: penalty runs awarded to the side in the field go to its most recent
    innings, finished long ago; the fourth innings' target moves with it, its own state
    unchanged."""
    book = Book(two_innings_match())
    scorecards = Scorecards()

    def same() -> dict:
        document = live_document(book.state, scorecards)
        assert document == afresh(book.state)
        return document

    for innings in range(4):
        book.start()
        book.over_of(4, 1, 6)
        same()
        if innings < 3:
            book.event("declaration")
    fielding = book.state.current().bowlingTeamId
    before = same()
    book.event("penalty_runs", runs=5, awardedToTeamId=fielding)
    after = same()
    batted = "innings3" if before["innings3"]["battingTeamId"] == fielding else "innings2"
    assert after[batted]["runs"] == before[batted]["runs"] + 5
    assert after["innings4"]["target"] == before["innings4"]["target"] + 5
    assert after["currentInnings"]["target"] == before["currentInnings"]["target"] + 5


def test_a_renamed_player_is_re_rendered_in_every_innings() -> None:
    book = Book(two_innings_match())
    book.start()
    book.over_of(1, 2, 3)
    book.event("declaration")
    book.start()
    book.over_of(4)
    scorecards = Scorecards()
    live_document(book.state, scorecards)
    renamed = book.state.model_copy(update={"config": book.state.config.model_copy(
        update={"players": {**book.state.config.players, "h1": "Renamed"}})})
    document = live_document(renamed, scorecards)
    assert document == afresh(renamed)
    assert any(b["name"] == "Renamed" for b in document["innings1"]["batsmen"])


def test_the_log_s_problems_are_added_to_the_state_s() -> None:
    state = initial_state(MATCH)
    fold_into(state, ACTIONS[:10])
    problem = IntegrityProblem(code="unparseable", message="bad", actionId="1-0099")
    expected = to_projection(state)
    expected = expected.model_copy(update={"integrity": [*expected.integrity, problem]})
    assert live_document(state, Scorecards(), [problem]) == to_document(expected)
