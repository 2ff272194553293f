"""The size check of live/score on the warm path counts each innings' scorecard from what
was measured when it was rendered (`_json_bytes`): it must count what the document's JSON
holds, or more, never less (a document that does not fit must never pass as fitting)."""

from __future__ import annotations

from scorebook.document import compact_json_bytes
from scorebook.fold import fold_into
from scorebook.service.live_score import without_history
from scorebook.service.live_score.render import json_bytes
from scorebook.state import initial_state
from scorebook.views.scorecard import Scorecards, live_document
from tests.unit.views.test_scorecards import generated_test


def test_the_size_check_counts_the_json_of_live_score_after_each_action() -> None:
    match, actions = generated_test(40)
    state, scorecards = initial_state(match), Scorecards()
    for action in actions:
        fold_into(state, [action])
        document = without_history(live_document(state, scorecards))
        assert json_bytes(document, scorecards) == compact_json_bytes(document), action.id


def test_scorecards_alone_are_counted_no_less_than_their_json() -> None:
    match, actions = generated_test(20)
    state, scorecards = initial_state(match), Scorecards()
    fold_into(state, actions)
    document = live_document(state, scorecards)
    cards = {key: value for key, value in document.items()
             if scorecards.json_bytes(value) is not None}
    assert len(cards) == 4
    assert json_bytes(cards, scorecards) >= compact_json_bytes(cards)
    assert json_bytes({}, scorecards) == compact_json_bytes({})
