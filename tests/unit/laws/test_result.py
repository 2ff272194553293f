"""The result (Law 16): wins by runs, wickets or an innings, ties and super overs, draws,
no result and the officials' method. One test per law, named as the law reads."""

from __future__ import annotations

from scorebook.actions import WinMargin
from scorebook.laws.result import margin_text
from tests.unit.factories import Book, make_match, two_innings_match
from tests.unit.laws.test_innings import _all_out


def test_nothing_scored_is_a_scheduled_match() -> None:
    live = Book().live()
    assert (live.status, live.inningsNumber, live.currentInnings, live.version) == (
        "scheduled",
        0,
        None,
        0,
    )


def test_won_by_runs_when_the_chase_is_all_out_short() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(6)
    book.start()
    book.ball(2)
    _all_out(book)
    live = book.live()
    assert (live.status, live.winnerId, live.winMarginDetail.runs) == ("completed", "home", 4)
    assert (live.winMargin, live.result) == ("4 runs", "Home won by 4 runs")


def test_won_by_wickets_with_balls_remaining() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(1)
    book.start()
    book.ball(0, out="bowled")
    book.ball(2)
    live = book.live()
    detail = live.winMarginDetail
    assert (live.winnerId, detail.wickets, detail.ballsRemaining) == ("away", 9, 10)
    assert live.result == "Away won by 9 wickets (10 balls remaining)"
    assert live.winMargin == "9 wickets"  # the margin alone: the balls are in the detail


def test_scores_level_at_the_end_is_a_tie() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(3)
    book.start()
    book.over_of(1, 2)
    live = book.live()
    assert (live.status, live.resultType, live.winnerId, live.result) == (
        "completed",
        "tie",
        None,
        "Match tied",
    )


def test_a_super_over_decides_a_tie() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(3)
    book.start()
    book.over_of(3)
    # the side that batted second bats first in the super over
    book.start("away", super_over=True)
    assert book.live().status == "live"
    book.over_of(4)
    book.start("home", super_over=True)
    book.ball(6)
    live = book.live()
    assert (live.resultType, live.winnerId) == ("tie", "home")
    assert live.result == "Match tied (Home won the Super Over)"
    assert (live.winMargin, live.winMarginDetail) == (None, None)


def test_won_by_an_innings_when_the_side_batting_twice_is_still_behind() -> None:
    book = Book(two_innings_match())
    book.start("home")
    book.over_of(6, 6, 6)
    book.event("declaration")
    book.start("away")
    book.ball(4)
    _all_out(book)
    book.start("away")  # follow-on
    book.ball(2)
    _all_out(book)
    live = book.live()
    detail = live.winMarginDetail
    assert (live.winnerId, detail.innings, detail.runs) == ("home", True, 12)
    assert live.result == "Home won by an innings and 12 runs"
    assert live.winMargin == "an innings and 12 runs"


def test_a_draw_or_no_result_needs_the_officials() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(1)
    assert book.live().status == "live"
    book.event("match_result", result="draw")
    live = book.live()
    assert (live.status, live.resultType, live.result) == ("completed", "draw", "Match drawn")

    book = Book()
    book.start()
    book.ball(1)
    book.event("match_result", result="no_result")
    assert book.live().result == "No result"


def test_the_officials_result_carries_the_method() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(6)
    book.start(target=10, maxOvers=1)
    book.over_of(1)
    book.event("match_result", result="win", winnerId="home", method="DLS")
    live = book.live()
    assert live.result == "Home won by 8 runs (DLS)"
    assert (live.winMargin, live.resultMethod) == ("8 runs", "DLS")


def test_penalty_runs_after_the_last_wicket_win_by_the_runs_ahead() -> None:
    """A side batting last that lost all its wickets but passed the other side's total
    through penalty runs awarded at the end (Law 41.17) wins by the runs it is ahead: it has
    no wickets to win by."""
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(1, 1, 1)
    book.over_of()
    book.start()
    book.ball(2)
    _all_out(book)
    book.event("penalty_runs", runs=5, awardedToTeamId="away", when="post",
               reason="the fielding side damaged the ball")
    live = book.live()
    assert (live.resultType, live.winnerId) == ("win", "away")
    assert live.result == "Away won by 4 runs"  # 7 against 3
    assert (live.winMargin, live.winMarginDetail.runs) == ("4 runs", 4)


def test_penalty_runs_to_the_fielding_side_after_the_chase_count_in_the_margin() -> None:
    """Law 41.17: runs awarded to the fielding side go to its most recent innings, the
    first, whenever they are recorded: the margin is the runs short of the tie counted with
    them."""
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(1, 1, 1)
    book.over_of()
    book.start()
    book.ball(1)
    _all_out(book)
    book.event("penalty_runs", runs=5, awardedToTeamId="home", when="post")
    live = book.live()
    assert (live.winnerId, live.result) == ("home", "Home won by 7 runs")  # 8 against 1


def test_the_margin_is_worded_once_for_the_result_and_the_win_margin() -> None:
    cases = [
        (WinMargin(runs=18), "18 runs"),
        (WinMargin(runs=1), "1 run"),
        (WinMargin(wickets=5, ballsRemaining=12), "5 wickets"),
        (WinMargin(wickets=1), "1 wicket"),
        (WinMargin(runs=44, innings=True), "an innings and 44 runs"),
        (WinMargin(runs=1, innings=True), "an innings and 1 run"),
        (WinMargin(), None),
        (None, None),
    ]
    assert [margin_text(m) for m, _ in cases] == [text for _, text in cases]


def test_an_officials_win_with_no_margin_has_no_win_margin() -> None:
    """Law 16.4: the umpires award the match to a side when the other refuses to play,
    whenever that is: an award needs no innings."""
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.ball(1)
    book.event("match_result", result="win", winnerId="home", method="Awarded")
    live = book.live()
    assert (live.status, live.result, live.winMargin, live.winMarginDetail) == (
        "completed", "Home won (Awarded)", None, None)
    assert live.integrity == []


def test_the_officials_margin_is_kept_when_the_laws_cannot_compute_one() -> None:
    book = Book(make_match(scheduledOvers=20))
    book.start()
    book.over_of(6)
    book.start(maxOvers=5)
    book.over_of(1)
    book.event("innings_end", reason="abandoned")
    book.event("match_result", result="win", winnerId="home", method="DLS",
               winMargin={"runs": 1})
    live = book.live()
    assert (live.result, live.winMargin) == ("Home won by 1 run (DLS)", "1 run")
    assert live.winMarginDetail.runs == 1


# --- the officials' result stands; where the log says otherwise, it is flagged -------------


def _codes(live) -> list[str]:
    return [p.code for p in live.integrity]


def test_a_result_declared_during_the_first_innings_is_flagged_and_ignored() -> None:
    book = Book()
    book.start()
    book.ball(1)
    bogus = book.event("match_result", result="win", winnerId="away", method="DLS",
                       winMargin={"runs": 999})
    live = book.live()
    assert (live.status, live.resultType, live.result, live.winnerId) == (
        "live", None, None, None)
    assert _codes(live) == ["result_before_last_innings"]
    assert live.integrity[0].actionId == bogus.id
    # the match goes on, and the Laws decide it
    book.ball(0, out="bowled")
    assert book.live().status == "live"


def test_a_tie_declared_before_the_chase_has_begun_is_flagged_and_ignored() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    book.event("match_result", result="tie")
    live = book.live()
    assert (live.status, live.resultType) == ("innings_break", None)
    assert _codes(live) == ["result_before_last_innings"]


def test_a_win_declared_before_the_fourth_innings_of_a_test_is_flagged_and_ignored() -> None:
    book = Book(two_innings_match())
    for _ in range(3):
        book.start()
        book.ball(1)
        book.event("declaration")
    book.event("match_result", result="win", winnerId="home", winMargin={"runs": 50})
    live = book.live()
    assert (live.status, live.resultType) == ("innings_break", None)
    assert _codes(live) == ["result_before_last_innings"]


def test_weather_may_end_a_match_at_any_time_as_no_result_or_abandoned() -> None:
    for outcome, text in (("no_result", "No result"), ("abandoned", "Match abandoned")):
        book = Book()
        book.start()
        book.ball(1)
        book.event("match_result", result=outcome)
        live = book.live()
        assert (live.status, live.result, live.integrity) == ("completed", text, [])


def _home_won_by_4_runs() -> Book:
    """A match the Laws decide: away all out in the chase, Home won by 4 runs."""
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(6)
    book.over_of()
    book.start()
    book.ball(2)
    _all_out(book)
    return book


def test_the_officials_result_stands_and_what_the_log_gives_is_flagged_beside_it() -> None:
    """The D/L win of a chase ahead of its par when rain ended it, recorded by the
    officials, stands even where the log's target says the chase fell short."""
    book = _home_won_by_4_runs()
    assert (book.live().result, book.live().resultSource) == ("Home won by 4 runs", "laws")
    declared = book.event("match_result", result="win", winnerId="away", method="D/L",
                          winMargin={"runs": 17})
    live = book.live()
    assert (live.status, live.winnerId, live.result) == (
        "completed", "away", "Away won by 17 runs (D/L)")
    assert (live.resultMethod, live.winMargin, live.resultSource) == ("D/L", "17 runs", "officials")
    assert _codes(live) == ["result_differs_from_log"]
    assert live.integrity[0].actionId == declared.id
    assert "Home won by 4 runs" in live.integrity[0].message


def test_a_declared_draw_after_the_laws_decided_the_match_stands_and_is_flagged() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    book.start()
    book.ball(2)
    book.event("match_result", result="no_result")
    live = book.live()
    assert (live.resultType, live.winnerId, live.result) == ("no_result", None, "No result")
    assert _codes(live) == ["result_differs_from_log"]


def test_a_declared_margin_stands_and_one_that_differs_is_flagged() -> None:
    book = _home_won_by_4_runs()
    book.event("match_result", result="win", winnerId="home", winMargin={"runs": 999})
    live = book.live()
    assert (live.result, live.winMarginDetail.runs) == ("Home won by 999 runs", 999)
    assert _codes(live) == ["result_differs_from_log"]


def test_a_result_without_a_margin_shows_the_innings_margin() -> None:
    book = _home_won_by_4_runs()
    book.event("match_result", result="win", winnerId="home")
    live = book.live()
    assert (live.result, live.resultSource, live.integrity) == (
        "Home won by 4 runs", "officials", [])


def test_balls_after_the_officials_result_are_flagged_and_the_result_stands() -> None:
    """A par-score win recorded once the chase has begun ends the match; play that goes on
    is scored and flagged, and the result stands until the officials void it."""
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    book.start()
    declared = book.event("match_result", result="win", winnerId="home", method="DLS",
                          winMargin={"runs": 1})
    assert book.live().result == "Home won by 1 run (DLS)"
    book.ball(2)
    live = book.live()
    assert (live.winnerId, live.result) == ("home", "Home won by 1 run (DLS)")
    assert _codes(live) == ["ball_after_result", "result_differs_from_log"]
    book.void(declared)
    assert book.live().result == "Away won by 10 wickets (5 balls remaining)"


def test_a_tie_may_be_broken_by_fewer_wickets_lost_or_a_bowl_out() -> None:
    """Competitions break a tie the Laws find (Law 16.3) by their own playing conditions:
    the side that lost fewer wickets, or a bowl-out the log does not hold."""
    for declared, text in (
        (dict(result="win", winnerId="home", method="Lost fewer wickets"),
         "Home won (Lost fewer wickets)"),
        (dict(result="tie", winnerId="away"), "Match tied (Away won the Super Over)"),
    ):
        book = Book(make_match(scheduledOvers=1))
        book.start()
        book.over_of(3)
        book.start()
        book.ball(0, out="bowled")
        book.balls(3, 0, 0, 0, 0)
        book.event("match_result", **declared)
        live = book.live()
        assert (live.result, live.integrity) == (text, [])


def test_free_text_in_a_result_method_is_flagged_and_never_printed() -> None:
    book = Book()
    book.start()
    book.ball(1)
    book.event("match_result", result="no_result",
               method="ALL SCORES FAKE - visit evil.example")
    live = book.live()
    assert (live.result, live.resultMethod) == ("No result", None)
    assert _codes(live) == ["unknown_method"]
    assert "evil.example" not in live.model_dump_json()  # integrity does not quote it


def test_free_text_in_a_revised_target_method_is_flagged() -> None:
    book = Book(make_match(scheduledOvers=20))
    book.start()
    book.over_of(6)
    book.event("innings_end", reason="abandoned")
    book.start()
    book.event("revised_target", target=5, maxOvers=1, method="whatever I like")
    assert _codes(book.live()) == ["unknown_method"]
    assert book.live().currentInnings.target == 5  # the target itself is an official's


def test_the_officials_note_is_never_printed() -> None:
    """A result's note is free text: it stays in the log (signed by whoever wrote it) and
    never reaches live/score."""
    book = Book()
    book.start()
    book.ball(1)
    book.event("match_result", result="abandoned", note="visit evil.example")
    assert "evil.example" not in book.live().model_dump_json()


def test_a_win_declared_while_super_overs_play_off_a_tie_stands_and_is_flagged() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(3)
    book.start()
    book.over_of(3)
    book.start("away", super_over=True)
    book.ball(1)
    book.event("match_result", result="win", winnerId="away", winMargin={"runs": 999})
    live = book.live()
    assert (live.status, live.resultType, live.resultSource) == ("completed", "win", "officials")
    assert _codes(live) == ["result_differs_from_log"]
