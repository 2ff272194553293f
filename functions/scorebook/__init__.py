"""scorebook: the pure domain of an event-sourced cricket scorer.

Actions (the event log) are folded into a state, rendered as the live projection:

    match, actions = load_match("1269710.json")      # Cricsheet -> Match + actions
    live = project(match, actions)                     # LiveScoreProjection
    state = fold(initial_state(match), action)         # one step, pure
    live = to_projection(state)

No Firebase imports in this package except under ``scorebook.store``.
"""

from .fold import FoldState, fold, initial_state, is_next, replay
from .models import (
    Action,
    ActionAdapter,
    ActionParseError,
    LiveScoreProjection,
    Match,
    MatchLineup,
    ScoringAction,
    action_id,
    parse_action,
    sort_key,
    to_document,
    with_lineups,
)
from .project import decide_result, project, rebuild, to_projection

__all__ = [
    "Action",
    "ActionAdapter",
    "ActionParseError",
    "FoldState",
    "LiveScoreProjection",
    "Match",
    "MatchLineup",
    "ScoringAction",
    "action_id",
    "decide_result",
    "fold",
    "initial_state",
    "is_next",
    "parse_action",
    "project",
    "rebuild",
    "replay",
    "sort_key",
    "to_document",
    "to_projection",
    "with_lineups",
]
