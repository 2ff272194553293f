"""Match configuration (scorebook.match): a lineup names its captain and keeper among its
players, and gives the fold the players' names and the keeper."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.factories import Book


def _lineup(**fields: Any):
    from scorebook.match import MatchLineup

    data = {
        "id": "home",
        "matchId": "m1",
        "teamId": "home",
        "players": [{"id": "h1", "name": "Ali"}, {"id": "h12", "name": "Newcomer"}],
        "captainId": "h1",
        "wicketKeeperId": "h12",
    }
    data.update(fields)
    return MatchLineup.model_validate(data)


def test_a_lineup_names_its_captain_and_keeper_among_its_players() -> None:
    with pytest.raises(ValueError, match="wicketKeeperId"):
        _lineup(wicketKeeperId="h99")
    with pytest.raises(ValueError, match="players"):
        _lineup(players=[{"id": "h1", "name": "Ali"}, {"id": "h1", "name": "Ali"}])


def test_the_lineup_gives_the_projection_its_names_and_keeper() -> None:
    from scorebook.match import with_lineups

    book = Book()
    match = with_lineups(
        book.match,
        [
            _lineup(
                teamId="away",
                id="away",
                players=[
                    {"id": "a1", "name": "Smith"},
                    {"id": "a12", "name": "Gloves"},
                ],
                captainId="a1",
                wicketKeeperId="a12",
            )
        ],
    )
    book = Book(match)
    book.start()
    book.ball(0, striker="h1", non_striker="h2", out="caught", fielders=["a12"])
    assert book.batter("h1").howOut == "c †Gloves b Smith"
