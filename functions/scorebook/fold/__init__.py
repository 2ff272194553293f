"""The fold: the laws of cricket applied one action at a time."""

from __future__ import annotations

from collections.abc import Iterable

from scorebook.actions import Action, sort_key
from scorebook.fold.handlers import apply
from scorebook.fold.state import FoldState


def fold(state: FoldState, action: Action) -> FoldState:
    """Apply one action; returns a new state and leaves ``state`` untouched.

    A voided action only moves ``position``; an action at or before ``lastApplied`` is a
    duplicate delivery of an event already folded in and changes nothing (triggers are
    at-least-once).
    """
    new = state.model_copy(deep=True)
    apply(new, action)
    return new


def replay(state: FoldState, actions: Iterable[Action]) -> FoldState:
    """Fold many actions (sorted by log order) onto a copy of ``state``."""
    new = state.model_copy(deep=True)
    for action in sorted(actions, key=sort_key):
        apply(new, action)
    return new


def is_next(state: FoldState, action: Action) -> bool:
    """True when ``action`` directly follows what the state has seen, so folding it onto the
    stored state equals rebuilding from the log; otherwise (a gap, a late or out-of-order
    delivery) the caller should rebuild."""
    if state.position is None:
        return action.inningsNumber == 1 and action.sequenceNumber == 1
    inn, seq = state.position
    if action.inningsNumber == inn:
        return action.sequenceNumber == seq + 1
    return action.inningsNumber == inn + 1 and action.sequenceNumber == 1
