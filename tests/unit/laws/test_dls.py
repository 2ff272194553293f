"""The rain rule: the Duckworth-Lewis Standard Edition (scorebook.laws.dls) against the ICC's
published table and its regulations' worked method, then a T20 hit by rain twice folded ball
by ball: the revised target, the par at each ball, and the result by par."""

from __future__ import annotations

import pytest

from scorebook.laws import dls
from tests.unit.factories import Book, make_match


def test_the_table_is_the_published_one() -> None:
    """Figures read off the ICC's Standard Edition sheet (overs left, wickets lost)."""
    published = {(50, 0): 100.0, (50, 9): 4.7, (40, 0): 89.3, (30, 3): 61.6, (25, 0): 66.5,
                 (20, 0): 56.6, (20, 2): 52.4, (15, 5): 33.5, (10, 4): 28.3, (7, 1): 23.1,
                 (5, 0): 17.2, (1, 0): 3.6, (1, 9): 2.5}
    assert {k: dls.resources(k[0] * 6, k[1]) for k in published} == published
    assert len(dls.TABLE) == 50 and {len(row) for row in dls.TABLE} == {10}
    for row in dls.TABLE:  # fewer resources with every wicket down ...
        assert list(row) == sorted(row, reverse=True)
    for w in range(10):  # ... and with every over gone
        column = [row[w] for row in dls.TABLE]
        assert column == sorted(column, reverse=True)


def test_no_ball_or_no_wicket_left_is_no_resource_and_a_part_over_lies_between() -> None:
    assert dls.resources(0, 0) == 0.0
    assert dls.resources(300, 10) == 0.0
    # 24.3 overs left, 2 down: half way between 24 (59.0) and 25 overs (60.5)
    assert dls.resources(24 * 6 + 3, 2) == pytest.approx(59.75)
    # the Hundred counts balls: 100 balls are 16 overs and 4 balls of the table
    assert dls.resources(100, 0) == pytest.approx(47.6 + (49.9 - 47.6) * 4 / 6)


def test_a_chase_delayed_to_fewer_overs_chases_its_share_of_the_score() -> None:
    """Team 2 given 30 of 50 overs before it starts: R2 = 75.1 < R1 = 100, par = S x R2/R1
    rounded down, the target one more."""
    r1, r2 = dls.innings_resources(300), dls.innings_resources(180)
    assert (r1, r2) == (100.0, 75.1)
    assert dls.par(250, r1, r2) == 187  # 250 x 0.751 = 187.75
    assert dls.revised_target(250, r1, r2) == 188


def test_overs_lost_by_the_side_batting_first_raise_the_target_by_g50() -> None:
    """Team 1 stopped at 30 overs, 2 down (20 left: 52.4), resumed with 10 left (30.8): it
    lost 21.6, R1 = 78.4. Team 2 has 40 overs, R2 = 89.3 > R1: par = S + G50 x 10.9/100."""
    r1 = dls.innings_resources(300, [dls.Stop(120, 2, 60)])
    r2 = dls.innings_resources(240)
    assert (round(r1, 1), r2) == (78.4, 89.3)
    assert dls.revised_target(200, r1, r2) == 227  # 200 + 26.705
    assert dls.revised_target(200, r1, r2, g50=200) == 222  # women's and junior: 200 + 21.8


def test_a_premature_end_of_the_first_innings_is_the_resources_it_had_left() -> None:
    """Team 1 212/4 after 40 overs, play ended for good (10 left, 4 down: 28.3 lost);
    Team 2 has all 50 overs: par 212 + 245 x 28.3/100 = 281.3."""
    r1 = dls.innings_resources(300, [dls.Stop(60, 4, 0)])
    assert round(r1, 1) == 71.7
    assert dls.revised_target(212, r1, 100.0) == 282


def test_overs_lost_by_the_chase_lower_its_target_and_set_its_par() -> None:
    """Team 2 100/2 after 20 of 50 overs (30 left: 67.3), resumed with 20 left (52.4):
    R2 = 85.1, target 250 x 0.851 = 212.75 -> 213. Its par then: 250 x (85.1 - 52.4)/100."""
    stop = dls.Stop(180, 2, 120)
    r2 = dls.innings_resources(300, [stop])
    assert round(r2, 1) == 85.1
    assert dls.revised_target(250, 100.0, r2) == 213
    assert dls.par_now(250, 100.0, r2, balls_left=120, wickets=2) == 81  # 81.75
    # had play ended there for good: R2 = 100 - 67.3, par 81.75, 100 is ahead by 19
    ended = dls.innings_resources(300, [dls.Stop(180, 2, 0)])
    assert dls.par(250, 100.0, ended) == 81


def test_the_competitions_minimum_overs_for_a_result() -> None:
    assert (dls.minimum_overs(50), dls.minimum_overs(20), dls.minimum_overs(40)) == (20, 5, 10)
    assert dls.minimum_overs(None) == 0


# --- a T20 hit by rain twice, folded ball by ball ----------------------------------------------


def _first_innings_cut_to_15_overs() -> Book:
    """Home 80/1 after 10 overs; rain; 15 overs a side: 10 overs left at 1 down (31.6)
    became 5 (17.0), R1 = 56.6 - 14.6 = 42.0. Home end on 120/1."""
    book = Book(make_match(scheduledOvers=20))
    book.start()
    book.ball(0, out="bowled")
    book.balls(2, 2, 2, 2, 2)
    for _ in range(9):
        book.over_of(2, 2, 2, 2, 0, 0)
    assert book.live().currentInnings.runs == 82
    book.event("interruption", maxOvers=15, reason="rain")
    for _ in range(5):
        book.over_of(2, 2, 2, 2, 0, 0)
    return book


def test_a_first_innings_cut_short_gives_the_chase_its_overs_and_a_target_above_the_score() -> None:
    book = _first_innings_cut_to_15_overs()
    first = book.live().currentInnings
    assert (first.runs, first.maxOvers, first.endReason) == (122, 15, "overs")
    book.start()
    now = book.live().currentInnings
    # the chase has 15 overs (R2 = 45.2 > R1 = 42.0): 122 + 245 x 3.2 / 100 = 129.84
    assert (now.maxOvers, now.target, now.targetMethod) == (15, 130, "D/L")
    assert now.par == 0
    assert now.ballsRemaining == 90


def test_the_par_moves_ball_by_ball_and_a_second_stop_lowers_the_target() -> None:
    book = _first_innings_cut_to_15_overs()
    book.start()
    pars = []
    for _ in range(5):
        book.over_of(1, 1, 1, 1, 1, 1)
        pars.append(book.live().currentInnings.par)
    # no wicket down, 14 to 10 overs left: R 42.7, 40.2, 37.6, 34.9, 32.1; used of R2 = 45.2:
    # 2.5, 5.0, 7.6, 10.3, 13.1, each below R1 = 42.0: par 122 x used / 42.0, rounded down
    assert pars == [7, 14, 22, 29, 38]
    book.ball(0, out="bowled")  # 31 balls bowled, 59 left
    book.event("interruption", maxOvers=12, reason="rain")  # 41 left
    now = book.live().currentInnings
    # 9.5 overs left at 1 down: 28.9 + (31.6 - 28.9) x 5/6 = 31.15; 6.5 overs: 20.1 + 3.0 x
    # 5/6 = 22.6. R2 = 45.2 - 8.55 = 36.65 < R1: 122 x 36.65 / 42.0 = 106.46
    assert now.target == 107
    assert (now.maxOvers, now.targetMethod, now.ballsRemaining) == (12, "D/L", 41)


def test_penalty_runs_to_the_fielding_side_in_the_chase_raise_target_and_par_by_themselves(
) -> None:
    """The Standard Edition's rules (6.2): runs given to the side fielding in the chase are
    not worked into the sum again; the target and every par after them go up by the runs.
    Runs given to the side batting count in its score and change nothing else."""
    book = _first_innings_cut_to_15_overs()
    book.start()
    book.over_of(1, 1, 1, 1, 1, 1)
    now = book.live().currentInnings
    assert (now.target, now.par) == (130, 7)
    book.event("penalty_runs", runs=5, awardedToTeamId="home", when="during",
               reason="ball_hits_fielders_helmet")
    now = book.live().currentInnings
    assert (now.target, now.par, now.runs) == (135, 12, 6)
    book.over_of(1, 1, 1, 1, 1, 1)
    assert book.live().currentInnings.par == 14 + 5
    book.event("penalty_runs", runs=5, awardedToTeamId="away", when="during",
               reason="ball_hits_fielders_helmet")
    now = book.live().currentInnings
    assert (now.target, now.par, now.runs) == (135, 19, 17)
    # the second stop, as in the test above (target 107 without the penalty), then + 5
    for _ in range(3):
        book.over_of(1, 1, 1, 1, 1, 1)
    book.ball(0, out="bowled")
    book.event("interruption", maxOvers=12, reason="rain")
    assert book.live().currentInnings.target == 107 + 5


def test_play_ended_for_good_in_the_chase_is_decided_by_par() -> None:
    book = _first_innings_cut_to_15_overs()
    book.start()
    for _ in range(6):
        book.over_of(4, 4, 4, 1, 1, 1)  # 15 an over: well ahead
    par = book.live().currentInnings.par
    book.event("innings_end", reason="abandoned")
    live = book.live()
    assert (live.status, live.resultType, live.winnerId) == ("completed", "win", "away")
    assert live.result == f"Away won by {90 - par} runs (D/L)"
    assert (live.resultMethod, live.resultSource) == ("D/L", "laws")


def test_play_ended_before_the_chase_had_its_minimum_overs_is_no_result() -> None:
    book = _first_innings_cut_to_15_overs()
    book.start()
    for _ in range(4):  # 4 of the 5 overs a T20 chase needs
        book.over_of(6, 6, 6)
    book.event("innings_end", reason="abandoned")
    live = book.live()
    assert (live.resultType, live.result) == ("no_result", "No result")


def test_a_stopped_chase_with_no_overs_lost_is_no_result() -> None:
    book = Book(make_match(scheduledOvers=20))
    book.start()
    for _ in range(20):
        book.over_of(6, 6, 6, 6, 6, 6)
    book.start()
    for _ in range(10):
        book.over_of(4)
    book.event("innings_end", reason="abandoned")
    live = book.live()
    assert (live.resultType, live.currentInnings.par, live.currentInnings.targetMethod) == (
        "no_result", None, None)


def test_an_officials_target_stands_and_no_par_is_invented() -> None:
    book = _first_innings_cut_to_15_overs()
    book.start()
    book.event("revised_target", target=140, method="DLS")
    now = book.live().currentInnings
    assert (now.target, now.targetMethod, now.par) == (140, "DLS", None)
    for _ in range(10):
        book.over_of(6, 6, 1, 1)  # 14 an over: 140 after 10 overs
    live = book.live()
    # played out to the officials' target: the result names its method
    assert (live.result, live.resultMethod, live.resultSource) == (
        "Away won by 10 wickets (30 balls remaining) (DLS)", "DLS", "laws")


def test_an_interruption_between_innings_sets_the_chase_s_overs() -> None:
    book = Book(make_match(scheduledOvers=20))
    book.start()
    for _ in range(20):
        book.over_of(1)  # 20 all told, R1 = 56.6
    book.event("interruption", maxOvers=10)
    book.start()
    now = book.live().currentInnings
    # R2 = R(10, 0) = 32.1: 20 x 32.1/56.6 = 11.3
    assert (now.maxOvers, now.target) == (10, 12)


def test_a_format_counted_in_balls_is_interrupted_in_balls() -> None:
    """The Hundred: 100 balls in sets of five; cut to 78 balls."""
    book = Book(make_match(scheduledOvers=20, ballsPerOver=5, maxConsecutiveOvers=2))
    book.start()
    for _ in range(8):
        book.over_of(1)  # 40 balls
    book.event("interruption", maxBalls=78)
    for _ in range(7):
        book.over_of(1)
    book.balls(1, 1, 1)  # the 78th ball ends it
    now = book.live().currentInnings
    assert (now.balls, now.isClosed, now.endReason, now.maxOvers) == (78, True, "overs", 16)


def test_an_interruption_in_a_two_innings_match_changes_nothing_and_says_so() -> None:
    from tests.unit.factories import two_innings_match

    book = Book(two_innings_match())
    book.start()
    book.ball(1)
    book.event("interruption", maxOvers=30)
    live = book.live()
    assert [p.code for p in live.integrity] == ["interruption_without_overs"]
    assert live.currentInnings.maxOvers is None


def test_the_feed_says_when_overs_are_lost_and_what_the_chase_now_needs() -> None:
    from scorebook.feed import feed

    book = _first_innings_cut_to_15_overs()
    book.start()
    book.over_of(1, 1, 1, 1, 1, 1)
    book.event("interruption", maxOvers=12, reason="bad_light")
    revised = [e.payload for e in feed(book.match, book.actions) if e.type == "TARGET_REVISED"]
    first, chase_start, second = revised
    assert (first.inningsNumber, first.maxOvers, first.target, first.reason) == (
        1, 15, None, "rain")
    assert (chase_start.inningsNumber, chase_start.target, chase_start.method) == (2, 130, "D/L")
    now = book.live().currentInnings
    assert (second.target, second.par, second.maxOvers, second.reason) == (
        now.target, now.par, 12, "bad_light")
    assert second.ballsRemaining == 66
