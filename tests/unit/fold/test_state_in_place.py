"""The fold changes its state in place with plain stores: slotted records for the innings,
and no validation or model_fields_set bookkeeping for FoldState's own fields (see
state._State): what pydantic no longer checks on the way is checked here on the way out."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from pydantic import BaseModel, TypeAdapter, ValidationError

from scorebook.fold import fold_into, replay
from scorebook.match import Match
from scorebook.state import FoldState, InningsState, initial_state
from tests.unit.factories import Book, two_innings_match
from tests.unit.fold.test_properties import BOOKS, SETTINGS

_INNINGS = TypeAdapter(InningsState)


def _eventful() -> Book:
    """An innings with a ball of every kind the delivery path scores differently."""
    book = Book()
    book.start()
    book.over_of(1, 4, 0, 2, 6, 3)
    book.ball(wide=1)
    book.ball(1, no_ball=1)
    book.ball(bye=2)
    book.ball(leg_bye=1)
    book.ball(4, boundary=False)
    book.ball(0, out="caught", fielders=["a3"])
    book.ball(penalty=5)
    book.event("retirement", batterId=book.state.current().strikerId, type="retired_hurt")
    book.over_of(0, 0, 1)
    book.ball(0, out="bowled", bowler="a3", over=5)
    book.event("penalty_runs", runs=5, awardedToTeamId="home")
    return book


def _models(node: Any) -> list[BaseModel]:
    """Every pydantic model in the state's tree (its records are slotted: they can hold no
    undeclared attribute)."""
    if dataclasses.is_dataclass(node):
        values = [getattr(node, f.name) for f in dataclasses.fields(node)]
    elif isinstance(node, BaseModel):
        values = list(node.__dict__.values())
    else:
        return []
    out = [node] if isinstance(node, BaseModel) else []
    for value in values:
        items: Any = value.values() if isinstance(value, dict) else value
        for item in items if isinstance(value, (dict, list)) else [value]:
            out += _models(item)
    return out


def test_the_fold_sets_no_attribute_its_models_do_not_declare() -> None:
    """A misspelt field set by the fold would be stored beside the fields, never dumped and
    never compared: the checkpoint would silently lose it."""
    state = _eventful().state
    models = _models(state)
    assert {type(m).__name__ for m in models} >= {"FoldState", "MatchConfig", "TeamInfo"}
    for model in models:
        assert set(model.__dict__) == set(type(model).model_fields), type(model).__name__
    with pytest.raises(AttributeError):
        state.innings[0].batters["h1"].rusn = 4  # type: ignore[attr-defined]


def test_a_stored_or_copied_state_folds_on_as_the_original_does() -> None:
    """A checkpoint is the state dumped to JSON and validated back; a snapshot is a copy:
    both must fold the next balls exactly as the state they came from."""
    book = _eventful()
    half = len(book.actions) // 2
    start = replay(book.match, book.actions[:half])
    stored = FoldState.model_validate_json(start.model_dump_json())
    assert stored == start
    assert stored.model_dump_json() == start.model_dump_json()
    rest = book.actions[half:]
    expected = replay(start, rest).model_dump_json()
    assert replay(stored, rest).model_dump_json() == expected
    assert replay(start.model_copy(deep=True), rest).model_dump_json() == expected
    assert expected == book.state.model_dump_json()


def test_a_stored_state_is_validated_records_and_all() -> None:
    """The records are checked as the models they replaced were: a checkpoint edited with a
    field too many, or of the wrong type, is refused, not loaded."""
    data = _eventful().state.model_dump(mode="json")
    data["innings"][0]["batters"]["h1"]["rusn"] = 4
    with pytest.raises(ValidationError):
        FoldState.model_validate(data)
    data = _eventful().state.model_dump(mode="json")
    data["innings"][0]["over"]["balls"][0]["runs"] = "four"
    with pytest.raises(ValidationError):
        FoldState.model_validate(data)


def test_a_fold_that_fails_leaves_the_place_in_the_log_of_the_last_action_folded() -> None:
    """The fold keeps its place in the log aside while it runs: a handler that fails still
    leaves the state saying which actions it holds."""
    book = _eventful()
    done = book.actions[:5]
    unknown = SimpleNamespace(inningsNumber=1, sequenceNumber=99, isVoided=False)
    state = replay(book.match, [])
    with pytest.raises(TypeError, match="no fold handler"):
        fold_into(state, [*done, unknown, *book.actions[5:]], ordered=True)
    expected = replay(book.match, done)
    assert state.model_dump_json() == expected.model_dump_json()
    assert (state.version, state.lastApplied) == (5, done[-1].position)


def _penalised_test() -> tuple[Match, list, int]:
    """A Test's actions: four innings, penalty runs to the side in the field, whose
    innings is long over (Law 41.17), and an over after them; and where they are."""
    book = Book(two_innings_match())
    for innings in range(4):
        book.start()
        book.over_of(4, 1, 6)
        if innings < 3:
            book.event("declaration")
    book.event("penalty_runs", runs=5, awardedToTeamId=book.state.current().bowlingTeamId)
    penalty = len(book.actions) - 1
    book.over_of(1)
    return book.match, book.actions, penalty


def assert_innings_over_never_change(match: Match, actions: list) -> None:
    """After every action, each innings that was over (not the last) when last seen is, if
    the state still holds that very object, as it was then."""
    state = initial_state(match)
    seen: list[tuple[Any, bytes]] = []
    for action in actions:
        fold_into(state, [action])
        for innings, was in seen:
            if any(innings is now for now in state.innings):
                assert _INNINGS.dump_json(innings) == was, action.id
        seen = [(innings, _INNINGS.dump_json(innings)) for innings in state.innings[:-1]]


def test_an_innings_over_is_replaced_never_changed_in_place() -> None:
    """The checkpoint and the scorecards reuse what they made of such an innings while it is
    the same object (scorebook.state)."""
    match, actions, penalty = _penalised_test()
    state = replay(match, actions[:penalty])
    before = list(state.innings)
    fold_into(state, [actions[penalty]])
    replaced = [n for n, innings in enumerate(state.innings) if innings is not before[n]]
    assert len(replaced) == 1 and state.innings[replaced[0]].runs == before[replaced[0]].runs + 5
    assert_innings_over_never_change(match, actions)


@SETTINGS
@given(BOOKS)
def test_no_log_changes_an_innings_over_in_place(book: Book) -> None:
    assert_innings_over_never_change(book.match, book.actions)
