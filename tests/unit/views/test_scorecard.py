"""The live/score document (scorebook.views.scorecard): written flat, with innings1,
innings2, ..., and read back to the same projection."""

from __future__ import annotations

from scorebook.document import to_document
from scorebook.views.scorecard import LiveScoreProjection
from tests.unit.factories import Book


def _live() -> LiveScoreProjection:
    book = Book()
    book.start()
    book.over_of(4, 1)
    book.start()
    book.ball(1)
    return book.live()


def test_the_projection_is_written_flat_with_innings1_innings2() -> None:
    doc = to_document(_live(), json=True)
    assert "innings" not in doc
    assert doc["innings1"]["runs"] == 5
    assert doc["innings2"]["runs"] == 1
    for field in (
        "matchId",
        "status",
        "inningsNumber",
        "currentInnings",
        "batsmen",
        "bowlers",
        "currentOver",
        "partnership",
        "fallOfWickets",
        "extras",
        "winnerId",
        "winMargin",
        "lastUpdated",
        "lastActionId",
        "version",
        "integrity",
    ):
        assert field in doc
    live = _live()
    assert live.model_dump(mode="json", by_alias=True) == doc


def test_the_flat_projection_parses_back() -> None:
    live = _live()
    assert LiveScoreProjection.model_validate(to_document(live, json=True)) == live
    assert LiveScoreProjection.model_validate(to_document(live)) == live
