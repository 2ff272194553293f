"""The fold changes its pydantic state in place with plain stores (no validation, no
model_fields_set bookkeeping, see state._State): what pydantic no longer checks on the way
is checked here on the way out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from scorebook.fold import replay
from scorebook.fold.state import BallState, FoldState
from tests.unit.factories import Book


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


def _nodes(model: BaseModel) -> list[BaseModel]:
    """Every model in the state's tree."""
    out = [model]
    for value in model.__dict__.values():
        items: Any = value.values() if isinstance(value, dict) else value
        for item in items if isinstance(value, (dict, list)) else [value]:
            if isinstance(item, BaseModel):
                out += _nodes(item)
    return out


def test_the_fold_sets_no_attribute_its_models_do_not_declare() -> None:
    """A misspelt field set by the fold would be stored beside the fields, never dumped and
    never compared: the checkpoint would silently lose it."""
    state = _eventful().state
    nodes = _nodes(state)
    assert len(nodes) > 25  # the innings, its batters, bowlers, spells, balls, ...
    for node in nodes:
        assert set(node.__dict__) == set(type(node).model_fields), type(node).__name__


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


def test_a_ball_built_without_validation_is_the_validated_one() -> None:
    fields = {"runs": 5, "isWicket": True, "extraType": "noball", "display": "5nb+W"}
    trusted = BallState.trusted(**fields)
    validated = BallState(**fields)
    assert trusted == validated
    assert trusted.model_dump_json() == validated.model_dump_json()
    assert trusted.model_fields_set == validated.model_fields_set
    assert BallState.model_validate_json(trusted.model_dump_json()) == trusted
