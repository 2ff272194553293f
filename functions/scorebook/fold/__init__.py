"""The fold: the laws of cricket applied one action at a time, ``fold(state, action)``.

There is one loop, :func:`fold_into`: the trigger folds the next ball onto its checkpoint
with it, a rebuild replays the log with it, and :func:`replay` and :func:`fold` (which
leave their input untouched) are it on a copy. Each kind of action has one handler, chosen
by the action's type: a delivery in ``handlers.py`` (with the dispatcher and what the handlers
share), the events between balls in ``between_balls.py``, those that start, end and decide an
innings or the match in ``innings.py``.
"""

from __future__ import annotations

from collections.abc import Iterable

from scorebook.actions import Action, log_sorted
from scorebook.fold import between_balls, innings  # noqa: F401  (their handlers register)
from scorebook.fold.handlers import apply_all
from scorebook.match import Match
from scorebook.state import FoldState, initial_state

__all__ = ["FoldState", "fold", "fold_into", "initial_state", "replay"]


def fold_into(
    state: FoldState, actions: Iterable[Action], *, ordered: bool = False
) -> FoldState:
    """Fold ``actions`` onto ``state`` in log order, in place, and return it. ``ordered``:
    the caller has sorted them already (by ``sort_key``), so they are not sorted again.

    A voided action only moves ``position``; an action at or before ``lastApplied`` is a
    duplicate delivery of an event already folded in and changes nothing (triggers are
    at-least-once).
    """
    apply_all(state, actions if ordered else log_sorted(actions))
    return state


def replay(
    start: FoldState | Match, actions: Iterable[Action], *, ordered: bool = False
) -> FoldState:
    """The state after ``actions`` (any order, unless ``ordered`` says they are sorted) from
    ``start``: a match (its initial state) or a state, which is left untouched."""
    # A copy of a state as a checkpoint makes one (dumped, validated back): for a Test's state
    # several times faster than copy.deepcopy.
    state = (initial_state(start) if isinstance(start, Match)
             else FoldState.model_validate(start.model_dump()))
    return fold_into(state, actions, ordered=ordered)


def fold(state: FoldState, action: Action) -> FoldState:
    """One action onto a copy of ``state``."""
    return replay(state, [action])
