"""Slips of a scorer's thumb, flagged where they happen and scored as recorded (fold/slips.py):
a ball three overs on, nine legal balls in a six-ball over, the same ball tapped twice, a
second end of one innings. An umpire's miscount by one is not a slip."""

from __future__ import annotations

from datetime import timedelta

from tests.unit.factories import Book


def codes(book: Book) -> list[str]:
    return [p.code for p in book.live().integrity]


def test_a_ball_three_overs_on_is_flagged_and_scored() -> None:
    book = Book()
    book.start()
    book.over_of(1)
    book.ball(4, over=4)  # overs 1 to 3 have no ball
    assert codes(book) == ["over_skipped"]
    assert book.live().currentInnings.runs == 5


def test_an_over_miscounted_by_one_is_the_umpires_but_nine_balls_are_a_slip() -> None:
    book = Book()
    book.start()
    for _ in range(7):
        book.ball(0, over=0)
    assert codes(book) == []  # a seven-ball over happens: the umpire's call stands
    book.ball(0, over=0)
    book.ball(0, over=0)
    assert codes(book) == ["over_too_long"]  # once, at the eighth


def test_the_same_ball_tapped_twice_within_a_second_is_flagged() -> None:
    book = Book()
    book.start()
    book.ball(1)
    book.ball(1)  # the factory's balls are 30 s apart: two singles, no slip
    assert codes(book) == []
    last = book.actions[-1]
    again = last.model_copy(update={  # the ball before it again, 0.3 s later
        "id": "1-0004", "sequenceNumber": 4, "ballInOver": last.ballInOver + 1,
        "timestamp": last.timestamp + timedelta(milliseconds=300)})
    book.add(again)
    assert codes(book) == ["possible_double_tap"]
    assert book.live().currentInnings.runs == 3  # scored as recorded


def test_balls_stamped_with_one_time_are_a_script_not_a_double_tap() -> None:
    book = Book()
    book.start()
    book.ball(1)
    last = book.actions[-1]
    book.add(last.model_copy(update={"id": "1-0003", "sequenceNumber": 3,
                                     "ballInOver": last.ballInOver + 1}))
    assert codes(book) == []
    assert book.live().currentInnings.runs == 2


def test_a_ball_recorded_before_the_one_before_it_says_a_clock_is_wrong() -> None:
    """A device set to year 1 (or an hour behind the other device): the time is kept as
    recorded, the ball scored, the clock flagged; seconds of disagreement are not."""
    from datetime import UTC, datetime

    book = Book()
    book.start()
    book.ball(1)
    last = book.actions[-1]
    behind = last.model_copy(update={"id": "1-0003", "sequenceNumber": 3, "runsOffBat": 2,
                                     "totalRuns": 2, "ballInOver": 2,
                                     "timestamp": last.timestamp - timedelta(seconds=20)})
    book.add(behind)
    assert codes(book) == []  # two devices' clocks, seconds apart
    year_one = behind.model_copy(update={"id": "1-0004", "sequenceNumber": 4, "ballInOver": 3,
                                         "timestamp": datetime(1, 1, 1, tzinfo=UTC)})
    book.add(year_one)
    assert codes(book) == ["clock_went_back"]
    (found,) = book.live().integrity
    assert found.actionId == "1-0004" and "days before the ball before it" in found.message
    assert book.live().currentInnings.runs == 5  # scored as recorded


def test_a_second_end_of_one_innings_is_flagged_and_ignored() -> None:
    book = Book()
    book.start()
    book.ball(1)
    book.event("innings_end", reason="other")
    book.event("innings_end", reason="all_out")
    live = book.live()
    assert codes(book) == ["innings_ended_twice"]
    assert live.currentInnings.endReason == "other"
