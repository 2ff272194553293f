"""The live/lineups service (`service.lineups`): a lineups projection is written only when it
changed, with the next version."""

from __future__ import annotations

from scorebook.service.lineups import next_lineups_document
from tests.unit.views.test_lineups import project, xi


def test_an_unchanged_projection_is_not_written_again() -> None:
    lineups = project(xi("h"))
    first = next_lineups_document(None, lineups)
    assert first is not None and first["version"] == 1
    assert next_lineups_document(first, lineups) is None


def test_a_changed_projection_is_written_with_the_next_version() -> None:
    stored = next_lineups_document(None, project(xi("h")))
    changed = next_lineups_document(stored, project(xi("h"), xi("a")))
    assert changed is not None and changed["version"] == 2
