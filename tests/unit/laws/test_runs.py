"""The Laws on runs (Laws 18-23, 41): runs off the bat and extras, who they are charged
to, boundaries, the free hit, penalty runs, and who is on strike. One test per law, named
as the law reads."""

from __future__ import annotations

import pytest

from tests.unit.factories import Book, make_match, two_innings_match

# --- runs, extras and who they are charged to ------------------------------------------------


def test_runs_off_the_bat_go_to_the_batter_the_bowler_and_the_total() -> None:
    book = Book()
    book.start()
    book.ball(3, striker="h1", non_striker="h2")
    assert book.batter("h1").runs == 3
    assert book.bowler("a1").runsConceded == 3
    assert book.live().currentInnings.runs == 3


def test_wide_is_not_a_ball_faced() -> None:
    book = Book()
    book.start()
    book.ball(wide=1, striker="h1", non_striker="h2")
    assert book.batter("h1").ballsFaced == 0
    assert book.live().currentInnings.balls == 0


def test_every_run_on_a_wide_is_a_wide_charged_to_the_bowler() -> None:
    book = Book()
    book.start()
    book.ball(wide=3, striker="h1", non_striker="h2")
    live = book.live()
    assert live.extras.wides == 3
    assert book.batter("h1").runs == 0
    bowler = book.bowler("a1")
    assert (bowler.runsConceded, bowler.wides, bowler.wideRuns) == (3, 1, 3)


def test_no_ball_is_a_ball_faced_but_not_a_legal_ball() -> None:
    book = Book()
    book.start()
    book.ball(no_ball=1, striker="h1", non_striker="h2")
    assert book.batter("h1").ballsFaced == 1
    assert book.live().currentInnings.balls == 0
    assert book.bowler("a1").ballsBowled == 0


def test_no_ball_penalty_is_charged_to_the_bowler() -> None:
    book = Book()
    book.start()
    book.ball(no_ball=1)
    bowler = book.bowler("a1")
    assert (bowler.runsConceded, bowler.noBalls, bowler.noBallRuns) == (1, 1, 1)
    assert book.live().extras.noBalls == 1


def test_a_competition_may_make_the_no_ball_cost_two_runs() -> None:
    book = Book(make_match(noBallRuns=2))
    book.start()
    book.ball(no_ball=2)
    bowler = book.bowler("a1")
    assert (bowler.runsConceded, bowler.noBalls, bowler.noBallRuns) == (2, 1, 2)
    assert book.live().currentInnings.runs == 2


def test_runs_off_the_bat_from_a_no_ball_are_the_batters_and_the_bowlers() -> None:
    book = Book()
    book.start()
    book.ball(4, no_ball=1, striker="h1", non_striker="h2")
    assert book.batter("h1").runs == 4
    assert book.batter("h1").fours == 1
    assert book.bowler("a1").runsConceded == 5
    assert book.live().extras.total == 1


def test_byes_off_a_no_ball_are_byes_only_the_no_ball_is_the_bowlers() -> None:
    book = Book()
    book.start()
    book.ball(no_ball=1, bye=4, striker="h1", non_striker="h2")
    live = book.live()
    assert (live.extras.noBalls, live.extras.byes, live.currentInnings.runs) == (1, 4, 5)
    assert book.bowler("a1").runsConceded == 1
    assert book.batter("h1").runs == 0
    assert book.batter("h1").ballsFaced == 1


def test_byes_and_leg_byes_are_not_charged_to_the_bowler() -> None:
    book = Book()
    book.start()
    book.ball(bye=2)
    book.ball(leg_bye=1)
    assert book.bowler("a1").runsConceded == 0
    assert book.live().extras.byes == 2
    assert book.live().extras.legByes == 1
    assert book.live().currentInnings.runs == 3


def test_leg_byes_are_a_ball_faced_but_not_runs_to_the_batter() -> None:
    book = Book()
    book.start()
    book.ball(leg_bye=2, striker="h1", non_striker="h2")
    assert book.batter("h1").ballsFaced == 1
    assert book.batter("h1").runs == 0


def test_partnership_counts_every_run_while_the_pair_bats() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2")
    book.ball(wide=1, striker="h2", non_striker="h1")
    book.ball(4, striker="h2", non_striker="h1")
    p = book.live().partnership
    assert (p.batsmanAId, p.batsmanBId, p.runs, p.balls) == ("h1", "h2", 6, 2)
    assert (p.batsmanARuns, p.batsmanBRuns) == (1, 4)


# --- penalty runs ----------------------------------------------------------------------------


def test_penalty_runs_on_a_delivery_are_extras_not_the_bowlers() -> None:
    book = Book()
    book.start()
    book.ball(1, penalty=5, striker="h1", non_striker="h2")
    live = book.live()
    assert (live.extras.penalty, live.currentInnings.runs) == (5, 6)
    assert book.bowler("a1").runsConceded == 1
    assert book.batter("h1").runs == 1


def test_penalty_runs_between_deliveries_go_to_the_batting_side() -> None:
    book = Book()
    book.start()
    book.ball(1)
    book.event("penalty_runs", runs=5, awardedToTeamId="home", reason="ball hit helmet")
    live = book.live()
    assert (live.currentInnings.runs, live.extras.penalty, live.extras.total) == (6, 5, 5)
    assert book.bowler("a1").runsConceded == 1


def test_penalty_runs_to_the_fielding_side_go_to_its_next_innings_if_it_has_not_batted() -> None:
    book = Book()
    book.start()  # home bats, away fields
    book.event("penalty_runs", runs=5, awardedToTeamId="away")
    assert book.live().currentInnings.runs == 0
    book.over_of()
    book.event("declaration")
    book.start()  # away bats
    live = book.live()
    assert (live.currentInnings.runs, live.extras.penalty) == (5, 5)


def test_penalty_runs_to_the_fielding_side_go_to_its_last_innings() -> None:
    book = Book(two_innings_match())
    book.start()  # home 4
    book.ball(4)
    book.event("declaration")
    book.start()  # away bats
    book.event("penalty_runs", runs=5, awardedToTeamId="home")
    live = book.live()
    assert live.innings[0].runs == 9
    assert live.currentInnings.runs == 0


def test_penalty_runs_after_the_innings_count_in_that_innings() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(2)
    book.event("declaration")
    book.event("penalty_runs", runs=5, when="post", awardedToTeamId="home")
    snap = book.snapshot(1)
    assert (snap.runs, snap.penaltyRunsPost, snap.extras.penalty) == (7, 5, 5)


# --- boundaries ------------------------------------------------------------------------------


def test_four_and_six_are_boundaries() -> None:
    book = Book()
    book.start()
    book.ball(4, striker="h1", non_striker="h2")
    book.ball(6, striker="h1", non_striker="h2")
    b = book.batter("h1")
    assert (b.runs, b.fours, b.sixes) == (10, 1, 1)
    bw = book.bowler("a1")
    assert (bw.foursConceded, bw.sixesConceded) == (1, 1)


def test_four_runs_run_are_not_a_boundary() -> None:
    book = Book()
    book.start()
    book.ball(4, boundary=False, striker="h1", non_striker="h2")
    assert (book.batter("h1").runs, book.batter("h1").fours) == (4, 0)


def test_five_runs_run_are_not_a_boundary_and_change_the_strike() -> None:
    book = Book()
    book.start()
    book.ball(5, striker="h1", non_striker="h2")
    assert book.batter("h1").fours == 0
    assert book.live().currentInnings.strikerId == "h2"


# --- the free hit ----------------------------------------------------------------------------


def test_free_hit_follows_a_no_ball_in_limited_overs() -> None:
    book = Book()
    book.start()
    book.ball(no_ball=1)
    assert book.live().currentInnings.isFreeHit
    book.ball(wide=1)
    assert book.live().currentInnings.isFreeHit
    book.ball(0)
    assert not book.live().currentInnings.isFreeHit


def test_no_free_hit_once_the_match_has_a_result() -> None:
    """A no-ball and then the officials' result (play abandoned): no ball follows it, so
    the scoreboard shows no free hit under the result."""
    book = Book()
    book.start()
    book.ball(no_ball=1)
    book.event("match_result", result="abandoned")
    assert book.live().result is not None
    assert not book.live().currentInnings.isFreeHit


def test_a_super_over_after_the_officials_tie_has_its_free_hit() -> None:
    """The super over that decides a declared tie is play again: its no-ball's free hit
    stands."""
    book = Book()
    for _ in range(2):  # a run each, both sides all out
        book.start()
        book.ball(1)
        book.event("innings_end", reason="all_out")
    book.event("match_result", result="tie")
    assert book.live().status == "completed"
    book.start(super_over=True)
    book.ball(no_ball=1)
    assert book.live().status == "live"
    assert book.live().currentInnings.isFreeHit
    assert "ball_after_result" not in [p.code for p in book.live().integrity]


def test_no_free_hit_in_a_test_match() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(no_ball=1)
    assert not book.live().currentInnings.isFreeHit


# --- the strike ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "striker_after"),
    [
        ({"runs": 1}, "h2"),
        ({"runs": 2}, "h1"),
        ({"runs": 3}, "h2"),
        ({"runs": 4}, "h1"),
        ({"leg_bye": 1}, "h2"),
        ({"bye": 3}, "h2"),
        ({"bye": 4}, "h1"),
        ({"wide": 1}, "h1"),
        ({"wide": 2}, "h2"),
        ({"wide": 5}, "h1"),
        ({"no_ball": 1}, "h1"),
        ({"runs": 1, "no_ball": 1}, "h2"),
        ({"no_ball": 1, "bye": 1}, "h2"),
        ({"runs": 0, "penalty": 5}, "h1"),
    ],
)
def test_odd_runs_completed_change_the_strike(kwargs: dict, striker_after: str) -> None:
    book = Book()
    book.start()
    runs = kwargs.pop("runs", 0)
    book.ball(runs, striker="h1", non_striker="h2", **kwargs)
    assert book.live().currentInnings.strikerId == striker_after


def test_end_of_over_changes_the_strike() -> None:
    book = Book()
    book.start()
    for _ in range(6):
        book.ball(0, striker="h1", non_striker="h2")
    live = book.live()
    assert (live.currentInnings.strikerId, live.currentInnings.nonStrikerId) == ("h2", "h1")


def test_single_off_the_last_ball_keeps_the_striker_facing_the_next_over() -> None:
    book = Book()
    book.start()
    for _ in range(5):
        book.ball(0, striker="h1", non_striker="h2")
    book.ball(1, striker="h1", non_striker="h2")
    assert book.live().currentInnings.strikerId == "h1"


def test_the_next_deliverys_striker_wins_over_the_tracked_strike() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2")  # tracked: h2 on strike
    book.ball(0, striker="h1", non_striker="h2")  # the data says h1 faced again
    live = book.live()
    assert book.batter("h1").ballsFaced == 2
    assert book.batter("h2").ballsFaced == 0
    assert live.integrity == []


def test_on_strike_flag_follows_the_striker() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2")
    assert book.batter("h2").isOnStrike
    assert not book.batter("h1").isOnStrike
    assert book.batter("h1").isAtCrease


def test_a_caught_batter_is_replaced_at_the_strikers_end() -> None:
    # Law 18.11: after a catch the new batter faces, whether or not the batters crossed.
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", out="caught", fielders=["a3"])
    cur = book.live().currentInnings
    assert (cur.strikerId, cur.nonStrikerId) == (None, "h2")


def test_a_no_ball_of_more_than_the_competitions_runs_is_flagged() -> None:
    book = Book()  # a one-run no-ball competition (Law 21.7)
    book.start()
    book.ball(no_ball=3)
    live = book.live()
    assert [p.code for p in live.integrity] == ["no_ball_runs"]
    assert live.currentInnings.runs == 3  # the log is the truth: the runs still count

