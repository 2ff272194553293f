"""The feed's notice of a dispute's change (`dispute_notice`): raised when it opens,
resolved when it closes, nothing for any other write. A dispute is the functions' to write,
but an admin may edit one by hand: a status that is no text is no change a spectator is
told of, never a failed trigger."""

from __future__ import annotations

import pytest

from scorebook.service.live_score.notices import dispute_notice


def test_opening_and_closing_are_told() -> None:
    raised = dispute_notice("1-0002", None, {"status": "open", "scorerIds": ["h", "a"]})
    assert raised is not None and raised.type == "SCORING_DISPUTE_RAISED"
    resolved = dispute_notice("1-0002", {"status": "open"}, {"status": "resolved"})
    assert resolved is not None and resolved.type == "DISPUTE_RESOLVED"


@pytest.mark.parametrize(("before", "after"), [
    ({"status": "open"}, {"status": "open", "problem": "noted"}),
    ({"status": "resolved"}, {"status": "resolved"}),
    (None, None),
    (None, {"status": "withdrawn"}),
])
def test_other_writes_tell_nothing(before: dict | None, after: dict | None) -> None:
    assert dispute_notice("1-0002", before, after) is None


@pytest.mark.parametrize("status", [["open"], {"open": True}, {"status": "open"}])
def test_a_status_that_is_no_text_tells_nothing(status: object) -> None:
    """(A dict lookup by the status, unguarded, raised TypeError: unhashable type.)"""
    assert dispute_notice("1-0002", None, {"status": status}) is None
    assert dispute_notice("1-0002", {"status": "open"}, {"status": status}) is None
