"""The live/score document (scorebook.views.scorecard): written flat, with innings1,
innings2, ..., and read back to the same projection."""

from __future__ import annotations

from scorebook.document import to_document
from scorebook.views.scorecard import LiveScoreProjection
from tests.unit.factories import Book, make_match


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


def test_overs_are_numbers_in_the_document_and_a_fall_of_wicket_over_is_text() -> None:
    book = Book()
    book.start()
    book.over_of(1)
    book.balls(0, 0)
    book.ball(0, out="bowled")
    doc = to_document(book.live(), json=True)
    assert doc["currentInnings"]["overs"] == 1.3
    assert doc["innings1"]["overs"] == 1.3
    assert [(b["overs"], b["ballsBowled"]) for b in doc["bowlers"]] == [(1.0, 6), (0.3, 3)]
    assert [s["overs"] for b in doc["bowlers"] for s in b["spells"]] == [1.0, 0.3]
    for overs in (doc["currentInnings"]["overs"], *(b["overs"] for b in doc["bowlers"])):
        assert isinstance(overs, float)
    assert doc["fallOfWickets"][0]["over"] == "1.3"


def test_the_current_over_spells_the_kind_of_extra_as_the_product_schema() -> None:
    book = Book()
    book.start()
    book.ball(wide=1)
    book.ball(1, no_ball=1)
    book.ball(bye=2)
    book.ball(leg_bye=1)
    book.ball(penalty=5)  # "penalty": this project's extension of the schema's kinds
    book.ball(4)
    doc = to_document(book.live(), json=True)
    assert [(b["extraType"], b["display"]) for b in doc["currentOver"]] == [
        ("wide", "1wd"), ("noball", "2nb"), ("bye", "2b"), ("legbye", "1lb"),
        ("penalty", "5p"), (None, "4"),
    ]


def test_the_partnership_is_there_from_the_start_of_an_innings() -> None:
    book = Book()
    assert book.live().partnership is None  # no innings yet, as currentInnings
    book.start()  # the openers not named yet
    p = book.live().partnership
    assert (p.wicket, p.batsmanAId, p.batsmanBId, p.runs, p.balls) == (1, None, None, 0, 0)
    book = Book()
    book.start(strikerId="h1", nonStrikerId="h2", bowlerId="a1")
    p = book.live().partnership
    assert (p.wicket, p.batsmanAId, p.batsmanBId, p.runs, p.isUnbroken) == (
        1, "h1", "h2", 0, True)
    doc = to_document(book.live(), json=True)
    assert doc["partnership"]["batsmanAId"] == "h1"


def test_the_partnership_between_a_wicket_and_the_next_batter_is_the_stand_just_ended() -> None:
    book = Book()
    book.start()
    book.ball(4, striker="h1", non_striker="h2")
    book.event("retirement", batterId="h2", type="retired_hurt")
    p = book.live().partnership
    assert (p.batsmanAId, p.batsmanBId, p.runs, p.balls, p.isUnbroken) == (
        "h1", "h2", 4, 1, False)
    book.event("batter_change", strikerId="h1", nonStrikerId="h3")
    p = book.live().partnership
    assert (p.wicket, p.batsmanAId, p.batsmanBId, p.runs, p.isUnbroken) == (
        1, "h1", "h3", 0, True)


def test_the_first_action_opens_the_match_and_a_declared_tie_reopens_for_its_super_over() -> None:
    book = Book(make_match(scheduledOvers=1))
    assert book.live().status == "scheduled"
    book.start()
    assert book.live().status == "live"
    book.balls(1, 1, 1, 1, 1, 1)
    assert book.live().status == "innings_break"
    book.start()
    book.balls(1, 1, 1, 1, 1, 1)
    book.event("match_result", result="tie")
    assert book.live().status == "completed"
    book.start(super_over=True)
    assert book.live().status == "live"  # the super over after the officials' tie is play
