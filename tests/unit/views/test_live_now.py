"""The live documents by rhythm (scorebook.views.live_now): `live/now`, small, what changes every
ball; `live/innings{n}`, each innings' card. Cut from the rendered live/score: the same figures,
never another story, and small enough for a phone to follow a five-day Test ball by ball."""

from __future__ import annotations

import pytest

from scorebook.document import document_size, to_document
from scorebook.views.live_now import LiveNow, innings_documents, now_document
from scorebook.views.scorecard import project
from tests.conftest import real_match_params
from tests.unit.factories import Book

#: the goal of a scoreboard spectator's bytes per ball (issue: live documents by rhythm)
SCOREBOARD_BYTES = 2048


def test_now_is_the_scoreboard_of_live_score() -> None:
    book = Book()
    book.start()
    book.over_of(1, 4, 0, 6)
    book.balls(1, 2)
    score = to_document(book.live())
    now = now_document(score)
    LiveNow.model_validate(now)
    current = score["currentInnings"]
    assert {k: v for k, v in now["currentInnings"].items() if k != "yetToBat"} == {
        k: v for k, v in current.items() if k != "yetToBat"}
    assert now["currentInnings"]["yetToBat"] == []  # the card has it
    on_strike, other = now["batters"]
    assert on_strike["isOnStrike"] and on_strike["playerId"] == current["strikerId"]
    assert other["playerId"] == current["nonStrikerId"]
    assert now["bowler"]["playerId"] == current["bowlerId"]
    assert now["currentOver"] == score["currentOver"]
    assert (now["innings"], now["inningsNumber"], now["version"]) == (1, 1, score["version"])
    assert (now["lastWicket"], now["problems"]) == (None, len(score["integrity"]))
    book.ball(0, out="bowled")  # before the next batter is in, one at the crease
    score = to_document(book.live())
    now = now_document(score)
    assert [b["playerId"] for b in now["batters"]] == [score["currentInnings"]["nonStrikerId"]]
    assert now["lastWicket"] == score["fallOfWickets"][-1]


def test_each_innings_card_is_live_scores_and_a_settled_one_stays_as_it_was() -> None:
    book = Book()
    book.start()
    for _ in range(20):
        book.over_of(1)
    first = to_document(book.live())
    book.start()
    book.over_of(4, 4)
    second = to_document(book.live())
    cards = innings_documents(second)
    assert sorted(cards) == [1, 2]
    assert cards == {1: second["innings1"], 2: second["innings2"]}
    assert cards[1] == innings_documents(first)[1]  # the first innings does not change
    assert now_document(second)["innings"] == 2


@pytest.mark.parametrize("path", real_match_params(["1263170"]))
def test_a_five_day_test_is_followed_ball_by_ball_in_under_two_kilobytes(path) -> None:
    """The real Test's live/now after every 40th action (cricsheet.org): never past the
    scoreboard's goal, where live/score grows to 70 KB."""
    from scorebook.cricsheet import load_match

    match, actions = load_match(path)
    now_sizes, score_sizes = [], []
    for count in range(40, len(actions) + 1, 40):
        score = to_document(project(match, actions[:count]))
        now_sizes.append(document_size(now_document(score)))
        score_sizes.append(document_size(score))
    assert max(now_sizes) <= SCOREBOARD_BYTES, max(now_sizes)
    assert max(score_sizes) > 20 * max(now_sizes)
