"""The log's ids sort as text, not in log order ("10-0001" before "2-0001"): what a query
`> position` misses of the positions after it is asked for apart (text_ranges_after), for
positions in every innings up to the 99th."""

from __future__ import annotations

from scorebook.actions import action_id, log_position
from scorebook.firestore.consensus import text_ranges_after


def test_every_later_position_is_after_it_as_text_or_in_a_range_asked_for() -> None:
    ids = [action_id(innings, seq) for innings in range(1, 100) for seq in (1, 57, 9999)]
    for position in ids[::7]:
        ranges = text_ranges_after(position)
        found = {i for i in ids if i > position or any(low <= i < high for low, high in ranges)}
        later = {i for i in ids if log_position(i) > log_position(position)}
        assert later <= found, (position, sorted(later - found, key=log_position)[:3])
        # what the ranges add beyond the later positions is small (the filter drops it)
        assert len(found - later) <= 200, position
