"""One test per law (or scorer's convention), named as the law reads."""

from __future__ import annotations

import pytest

from tests.unit.factories import Book, make_match, two_innings_match

# --- runs, extras and who they are charged to -----------------------------------------------


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


def test_wide_is_bowled_again_so_the_over_has_six_legal_balls() -> None:
    book = Book()
    book.start()
    book.ball(wide=1)
    book.balls(0, 0, 0, 0, 0)
    assert book.live().currentInnings.overs == "0.5"
    book.ball(0)
    assert book.live().currentInnings.overs == "1.0"
    assert book.bowler("a1").overs == "1.0"


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


def test_bye_does_not_spoil_a_maiden() -> None:
    book = Book()
    book.start()
    book.ball(bye=4)
    book.balls(0, 0, 0, 0, 0)
    assert book.bowler("a1").maidens == 1


def test_wide_spoils_a_maiden() -> None:
    book = Book()
    book.start()
    book.ball(wide=1)
    book.over_of()
    assert book.bowler("a1").maidens == 0


def test_no_ball_spoils_a_maiden() -> None:
    book = Book()
    book.start()
    book.ball(no_ball=1)
    book.over_of()
    assert book.bowler("a1").maidens == 0


def test_a_maiden_needs_a_completed_over() -> None:
    book = Book()
    book.start()
    book.balls(0, 0, 0, 0, 0)
    assert book.bowler("a1").maidens == 0
    book.ball(0)
    assert book.bowler("a1").maidens == 1


def test_an_over_finished_by_another_bowler_is_no_maiden_and_counts_ball_by_ball() -> None:
    book = Book()
    book.start()
    for _ in range(3):
        book.ball(0, bowler="a1")
    for _ in range(3):
        book.ball(0, bowler="a3")  # a1 injured mid-over
    book.ball(1)  # next over
    assert (book.bowler("a1").overs, book.bowler("a1").maidens) == ("0.3", 0)
    assert (book.bowler("a3").overs, book.bowler("a3").maidens) == ("0.3", 0)
    assert book.live().currentInnings.overs == "1.1"


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


# --- boundaries -------------------------------------------------------------------------------


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


# --- wickets and how they read -----------------------------------------------------------------


def _out(out: str, **kw) -> tuple[Book, str]:
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", bowler="a1", out=out, **kw)
    return book, book.batter("h1").howOut


def test_bowled_is_the_bowlers_wicket() -> None:
    book, text = _out("bowled")
    assert text == "b Smith"
    assert book.bowler("a1").wickets == 1
    assert book.batter("h1").isOut


def test_caught_reads_c_fielder_b_bowler() -> None:
    book, text = _out("caught", fielders=["a2"])
    assert text == "c Taylor b Smith"
    assert book.bowler("a1").wickets == 1


def test_caught_by_the_bowler_reads_c_and_b() -> None:
    _, text = _out("caught", fielders=["a1"])
    assert text == "c & b Smith"


def test_caught_by_the_keeper_is_marked_with_a_dagger() -> None:
    _, text = _out("caught", fielders=["a7"])
    assert text == "c †Young b Smith"


def test_lbw_reads_lbw_b_bowler() -> None:
    book, text = _out("lbw")
    assert text == "lbw b Smith"
    assert book.bowler("a1").wickets == 1


def test_stumped_reads_st_keeper_b_bowler() -> None:
    book, text = _out("stumped", fielders=["a7"])
    assert text == "st †Young b Smith"
    assert book.bowler("a1").wickets == 1


def test_hit_wicket_is_the_bowlers_wicket() -> None:
    book, text = _out("hit_wicket")
    assert text == "hit wicket b Smith"
    assert book.bowler("a1").wickets == 1


def test_run_out_is_not_the_bowlers_wicket() -> None:
    book, text = _out("run_out", fielders=["a3"])
    assert text == "run out (Usman)"
    assert book.bowler("a1").wickets == 0
    assert book.live().currentInnings.wickets == 1
    assert book.batter("h1").dismissal.bowlerId is None


def test_run_out_with_an_assist_names_both_fielders() -> None:
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2")
    action = book.actions[-1]
    assert action.wicket is None
    from tests.unit.factories import delivery

    d = delivery(
        id="1-0003",
        sequenceNumber=3,
        isWicket=True,
        wicket={
            "type": "run_out",
            "dismissedPlayerId": "h1",
            "fielderIds": ["a3"],
            "assistFielderIds": ["a7"],
        },
    )
    book.add(d)
    assert book.batter("h1").howOut == "run out (Usman/†Young)"


@pytest.mark.parametrize(
    ("out", "text"),
    [("obstructing_field", "obstructing the field"), ("handled_ball", "handled the ball")],
)
def test_obstructing_and_handling_are_not_the_bowlers_wicket(out: str, text: str) -> None:
    book, how = _out(out)
    assert how == text
    assert book.bowler("a1").wickets == 0
    assert book.live().currentInnings.wickets == 1


def test_run_out_of_the_non_striker() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2", out="run_out", dismissed="h2", fielders=["a4"])
    live = book.live()
    assert book.batter("h2").isOut
    assert not book.batter("h1").isOut
    assert book.batter("h1").runs == 1
    assert live.fallOfWickets[0].batsmanOutId == "h2"
    assert live.fallOfWickets[0].score == 1
    # h1 crossed for the run and is left at the crease; the dismissed end is empty
    assert {live.currentInnings.strikerId, live.currentInnings.nonStrikerId} == {"h1", None}


def test_run_out_off_a_wide_is_a_wicket_but_not_a_ball_faced() -> None:
    book = Book()
    book.start()
    book.ball(wide=2, striker="h1", non_striker="h2", out="run_out", dismissed="h2")
    live = book.live()
    assert live.currentInnings.wickets == 1
    assert live.currentInnings.balls == 0
    assert book.batter("h1").ballsFaced == 0
    assert live.fallOfWickets[0].over == "0.0"
    assert book.bowler("a1").wickets == 0


def test_stumped_off_a_wide_is_the_bowlers_wicket() -> None:
    book = Book()
    book.start()
    book.ball(0)
    book.ball(wide=1, striker="h1", non_striker="h2", out="stumped", fielders=["a7"])
    live = book.live()
    assert book.bowler("a1").wickets == 1
    assert book.bowler("a1").runsConceded == 1
    assert live.currentOver[-1].display == "1wd+W"
    assert live.fallOfWickets[0].over == "0.1"


def test_timed_out_is_a_wicket_without_a_delivery_not_the_bowlers() -> None:
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", out="bowled")
    book.event("dismissal", wicket={"type": "timed_out", "dismissedPlayerId": "h3"})
    live = book.live()
    assert live.currentInnings.wickets == 2
    assert live.currentInnings.balls == 1
    assert book.bowler("a1").wickets == 1
    assert book.batter("h3").howOut == "timed out"
    assert book.batter("h3").ballsFaced == 0


def test_retired_hurt_is_not_out_and_not_a_wicket() -> None:
    book = Book()
    book.start()
    book.ball(4, striker="h1", non_striker="h2")
    book.event("retirement", batterId="h1", type="retired_hurt")
    live = book.live()
    b = book.batter("h1")
    assert (b.isOut, b.howOut) == (False, "retired hurt")
    assert live.currentInnings.wickets == 0
    assert live.fallOfWickets == []
    assert book.snapshot().retirements[0].score == 4


def test_retired_hurt_batter_may_resume_his_innings() -> None:
    book = Book()
    book.start()
    book.ball(4, striker="h1", non_striker="h2")
    book.event("retirement", batterId="h1", type="retired_hurt")
    book.ball(0, striker="h3", non_striker="h2", out="bowled")
    book.ball(2, striker="h1", non_striker="h2")
    b = book.batter("h1")
    assert (b.runs, b.ballsFaced, b.isOut, b.howOut, b.battingPosition) == (
        6,
        2,
        False,
        "not out",
        1,
    )


def test_retired_out_is_a_wicket_not_credited_to_the_bowler() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2")
    book.event("retirement", batterId="h1", type="retired_out")
    live = book.live()
    assert book.batter("h1").isOut
    assert book.batter("h1").howOut == "retired out"
    assert live.currentInnings.wickets == 1
    assert live.fallOfWickets[0].type == "retired_out"
    assert book.bowler("a1").wickets == 0


def test_a_batter_not_dismissed_reads_not_out() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2")
    assert book.batter("h1").howOut == "not out"
    assert book.batter("h1").dismissal is None


def test_substitute_fielder_reads_sub() -> None:
    from tests.unit.factories import delivery

    book = Book()
    book.start()
    book.add(
        delivery(
            id="1-0002",
            sequenceNumber=2,
            isWicket=True,
            wicket={
                "type": "caught",
                "dismissedPlayerId": "h1",
                "fielderIds": ["a11"],
                "substituteFielderIds": ["a11"],
            },
        )
    )
    assert book.batter("h1").howOut == "c sub (Stone) b Smith"


def test_names_are_on_every_batter_and_bowler_line() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2", bowler="a1")
    assert book.batter("h1").name == "Ali"
    assert book.bowler("a1").name == "Smith"
    assert book.live().fallOfWickets == []


# --- figures ---------------------------------------------------------------------------------


def test_strike_rate_is_runs_per_hundred_balls() -> None:
    book = Book()
    book.start()
    book.ball(4, striker="h1", non_striker="h2")
    book.ball(0, striker="h1", non_striker="h2")
    book.ball(2, striker="h1", non_striker="h2")
    assert book.batter("h1").strikeRate == 200.0


def test_economy_is_runs_per_over() -> None:
    book = Book()
    book.start()
    book.over_of(4, 1, 1)
    book.over_of()  # a2
    book.over_of(1, 1, 1)  # a1 again
    assert book.bowler("a1").economy == 4.5
    assert book.bowler("a1").overs == "2.0"


def test_dot_balls_are_legal_balls_that_cost_the_bowler_nothing() -> None:
    book = Book()
    book.start()
    book.ball(0)
    book.ball(leg_bye=1)
    book.ball(wide=1)
    book.ball(1)
    assert book.bowler("a1").dotBalls == 2


def test_a_spell_is_broken_when_the_bowler_misses_his_turn_at_an_end() -> None:
    book = Book()
    book.start()
    for over in range(6):
        bowler = "a1" if over in (0, 2, 4) else "a2"
        if over >= 3:
            bowler = {3: "a3", 4: "a4", 5: "a1"}[over]
        for _ in range(6):
            book.ball(0, over=over, bowler=bowler)
    spells = book.bowler("a1").spells
    assert [(s.startOver, s.overs, s.maidens) for s in spells] == [(0, "2.0", 2), (5, "1.0", 1)]


def test_partnership_counts_every_run_while_the_pair_bats() -> None:
    book = Book()
    book.start()
    book.ball(1, striker="h1", non_striker="h2")
    book.ball(wide=1, striker="h2", non_striker="h1")
    book.ball(4, striker="h2", non_striker="h1")
    p = book.live().partnership
    assert (p.batsmanAId, p.batsmanBId, p.runs, p.balls) == ("h1", "h2", 6, 2)
    assert (p.batsmanARuns, p.batsmanBRuns) == (1, 4)


def test_a_wicket_ends_the_partnership_and_the_next_pair_starts_one() -> None:
    book = Book()
    book.start()
    book.ball(2, striker="h1", non_striker="h2")
    book.ball(0, striker="h1", non_striker="h2", out="bowled")
    assert book.live().partnership is None
    book.ball(1, striker="h3", non_striker="h2")
    live = book.live()
    assert (live.partnership.wicket, live.partnership.runs) == (2, 1)
    assert [p.runs for p in book.snapshot().partnerships] == [2, 1]


def test_fall_of_wicket_over_is_completed_overs_and_legal_balls() -> None:
    book = Book()
    book.start()
    book.balls(1, 1, 1, 1, 1)
    book.ball(0, out="bowled")  # the sixth ball of the first over
    book.ball(0, out="bowled")  # the first ball of the second
    fow = book.live().fallOfWickets
    assert [(f.wicketNumber, f.score, f.over) for f in fow] == [(1, 5, "0.6"), (2, 5, "1.1")]
    assert fow[0].batsmanOutName is not None


def test_fall_of_wicket_names_the_batter_and_the_bowler() -> None:
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", bowler="a1", out="bowled")
    f = book.live().fallOfWickets[0]
    assert (f.batsmanOutId, f.batsmanOutName, f.bowlerId) == ("h1", "Ali", "a1")


def test_current_over_shows_each_delivery_as_the_scoreboard_does() -> None:
    book = Book()
    book.start()
    book.ball(0)
    book.ball(4)
    book.ball(wide=1)
    book.ball(no_ball=1)
    book.ball(leg_bye=2)
    book.ball(bye=1)
    book.ball(0, out="bowled")
    book.ball(1, out="run_out")
    shown = [b.display for b in book.live().currentOver]
    assert shown == ["•", "4", "1wd", "1nb", "2lb", "1b", "W", "1+W"]


def test_current_over_starts_afresh_with_the_next_over() -> None:
    book = Book()
    book.start()
    book.over_of(1)
    assert len(book.live().currentOver) == 6
    book.ball(2)
    assert [b.display for b in book.live().currentOver] == ["2"]


def test_balls_per_over_come_from_the_match() -> None:
    book = Book(make_match(ballsPerOver=5, scheduledOvers=20))  # The Hundred
    book.start()
    book.balls(0, 0, 0, 0, 0)
    live = book.live()
    assert live.currentInnings.overs == "1.0"
    assert book.bowler("a1").maidens == 1
    book.ball(1)
    assert book.live().currentInnings.overs == "1.1"


def test_a_miscounted_five_ball_over_is_still_one_over() -> None:
    book = Book()
    book.start()
    for _ in range(5):
        book.ball(0, over=0)
    book.ball(1, over=1)  # the umpire called over after five
    live = book.live()
    assert live.currentInnings.overs == "1.1"
    assert live.currentInnings.balls == 6
    assert book.bowler("a1").overs == "1.0"
    assert book.bowler("a1").maidens == 1


def test_a_miscounted_seven_ball_over_is_still_one_over() -> None:
    book = Book()
    book.start()
    for _ in range(7):
        book.ball(0, over=0, bowler="a1")
    book.ball(0, over=1, bowler="a2")
    live = book.live()
    assert live.currentInnings.balls == 8
    assert live.currentInnings.overs == "1.1"
    a1 = book.bowler("a1")
    assert (a1.overs, a1.ballsBowled, a1.maidens) == ("1.0", 7, 1)


def test_free_hit_follows_a_no_ball_in_limited_overs() -> None:
    book = Book()
    book.start()
    book.ball(no_ball=1)
    assert book.live().currentInnings.isFreeHit
    book.ball(wide=1)
    assert book.live().currentInnings.isFreeHit
    book.ball(0)
    assert not book.live().currentInnings.isFreeHit


def test_no_free_hit_in_a_test_match() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(no_ball=1)
    assert not book.live().currentInnings.isFreeHit


# --- the end of an innings ---------------------------------------------------------------------


def _all_out(book: Book) -> None:
    for _ in range(10):
        book.ball(0, out="bowled")


def test_an_innings_ends_when_ten_wickets_have_fallen() -> None:
    book = Book()
    book.start()
    _all_out(book)
    live = book.live()
    assert live.status == "innings_break"
    assert (live.currentInnings.wickets, live.currentInnings.endReason) == (10, "all_out")


def test_an_innings_ends_when_its_overs_are_bowled() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(1)
    assert book.live().status == "live"
    book.over_of(1)
    live = book.live()
    assert (live.status, live.currentInnings.endReason, live.currentInnings.overs) == (
        "innings_break",
        "overs",
        "2.0",
    )


def test_an_innings_ends_when_the_target_is_reached() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(4)
    book.start()
    assert book.live().currentInnings.target == 5
    book.ball(4)
    assert book.live().status == "live"
    book.ball(1)
    live = book.live()
    assert live.currentInnings.endReason == "target"
    assert live.status == "completed"


def test_a_declaration_closes_the_innings() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(4)
    book.event("declaration")
    snap = book.snapshot()
    assert (snap.declared, snap.isClosed, snap.endReason) == (True, True, "declared")
    assert book.live().status == "innings_break"


def test_a_forfeited_innings_is_a_completed_innings_of_nothing() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(4)
    book.event("declaration")
    book.start()
    book.ball(1)
    book.event("declaration")
    book.start()
    book.event("forfeit")
    snap = book.snapshot(3)
    assert (snap.forfeited, snap.runs, snap.overs, snap.isClosed) == (True, 0, "0.0", True)
    book.start()
    assert book.live().currentInnings.target == 4  # 4 - 1 + 1


def test_a_super_over_is_one_over_and_ends_at_two_wickets() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    book.start()
    book.over_of(1)
    book.start(super_over=True)
    book.ball(0, out="bowled")
    book.ball(1)
    book.ball(0, out="bowled")
    live = book.live()
    assert live.currentInnings.isSuperOver
    assert (live.currentInnings.endReason, live.currentInnings.wickets) == ("all_out", 2)
    assert live.innings[2].isSuperOver and live.innings[2].maxOvers == 1


def test_required_run_rate_is_runs_needed_per_over_remaining() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(6, 6)
    book.start()
    book.over_of(1)  # 1 off 6 balls, 12 needed off 6
    cur = book.live().currentInnings
    assert (cur.target, cur.runsNeeded, cur.ballsRemaining) == (13, 12, 6)
    assert cur.requiredRunRate == 12.0
    assert cur.runRate == 1.0


def test_an_official_may_revise_the_target_and_the_overs() -> None:
    book = Book(make_match(scheduledOvers=20))
    book.start()
    book.over_of(6)
    book.event("innings_end", reason="abandoned")
    book.start()
    book.event("revised_target", target=5, maxOvers=1, method="DLS")
    book.over_of(1, 1)
    live = book.live()
    assert live.currentInnings.target == 5
    assert live.currentInnings.maxOvers == 1
    assert live.currentInnings.endReason == "overs"
    assert live.resultType == "win"
    assert live.winnerId == "home"
    assert live.winMargin.runs == 2


def test_the_follow_on_is_the_same_side_batting_again() -> None:
    book = Book(two_innings_match())
    book.start("home")
    book.ball(6)
    book.event("declaration")
    book.start("away")
    _all_out(book)
    book.start("away")
    assert book.live().currentInnings.isFollowOn
    assert book.live().currentInnings.lead == -6


# --- results ---------------------------------------------------------------------------------


def test_won_by_runs_when_the_chase_is_all_out_short() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(6)
    book.start()
    book.ball(2)
    _all_out(book)
    live = book.live()
    assert (live.status, live.winnerId, live.winMargin.runs) == ("completed", "home", 4)
    assert live.result == "Home won by 4 runs"


def test_won_by_wickets_with_balls_remaining() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(1)
    book.start()
    book.ball(0, out="bowled")
    book.ball(2)
    live = book.live()
    assert (live.winnerId, live.winMargin.wickets, live.winMargin.ballsRemaining) == (
        "away",
        9,
        10,
    )
    assert live.result == "Away won by 9 wickets (10 balls remaining)"


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
    assert (live.winnerId, live.winMargin.innings, live.winMargin.runs) == ("home", True, 12)
    assert live.result == "Home won by an innings and 12 runs"


def test_the_fourth_innings_chases_the_aggregate() -> None:
    book = Book(two_innings_match())
    book.start("home")
    book.ball(6)
    book.event("declaration")
    book.start("away")
    book.ball(4)
    book.event("declaration")
    book.start("home")
    book.ball(3)
    book.event("declaration")
    book.start("away")
    live = book.live()
    assert live.currentInnings.target == 6
    assert live.currentInnings.lead == -5
    book.ball(6)
    live = book.live()
    assert (live.winnerId, live.winMargin.wickets) == ("away", 10)


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
    assert live.resultMethod == "DLS"


def test_nothing_scored_is_a_scheduled_match() -> None:
    live = Book().live()
    assert (live.status, live.inningsNumber, live.currentInnings, live.version) == (
        "scheduled",
        0,
        None,
        0,
    )


# --- what the umpires would not allow (flagged, never refused) -----------------------------------


def test_a_bowler_may_not_bowl_two_overs_in_a_row() -> None:
    book = Book()
    book.start()
    for over in range(2):
        for _ in range(6):
            book.ball(0, over=over, bowler="a1")
    codes = [p.code for p in book.live().integrity]
    assert codes == ["bowler_consecutive_overs"]
    assert book.bowler("a1").overs == "2.0"  # the balls still count


def test_the_hundred_lets_a_bowler_bowl_two_sets_of_five_in_a_row() -> None:
    book = Book(make_match(ballsPerOver=5, maxConsecutiveOvers=2))
    book.start()
    for over in range(3):
        for _ in range(5):
            book.ball(0, over=over, bowler="a1")
    assert [p.code for p in book.live().integrity] == ["bowler_consecutive_overs"]


def test_a_bowler_may_bowl_a_fifth_of_the_overs_in_limited_overs_cricket() -> None:
    book = Book(make_match(scheduledOvers=10))  # two overs each
    book.start(bowlers=("a1", "a2"))
    for _ in range(4):
        book.over_of()
    assert book.live().integrity == []
    book.over_of()
    assert [p.code for p in book.live().integrity] == ["bowler_over_limit"]


def test_no_lead_before_the_other_side_has_batted() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(4)
    assert book.live().currentInnings.lead is None


def test_the_pair_not_out_at_the_end_is_an_unbroken_partnership() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.ball(0, out="bowled")
    book.balls(1, 1, 1, 1, 1)
    parts = book.snapshot().partnerships
    assert [(p.wicket, p.runs, p.isUnbroken) for p in parts] == [(1, 0, False), (2, 5, True)]
    assert book.live().partnership is None  # the innings is over


def test_a_retirement_ends_the_partnership_without_a_wicket() -> None:
    book = Book()
    book.start()
    book.ball(3, striker="h1", non_striker="h2")
    book.event("retirement", batterId="h2", type="retired_hurt")
    book.ball(1, striker="h1", non_striker="h3")
    parts = book.snapshot().partnerships
    assert [(p.wicket, p.runs, p.isUnbroken) for p in parts] == [(1, 3, False), (1, 1, True)]


def test_a_seventh_ball_in_the_last_over_is_the_umpires_miscount_not_an_error() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    for _ in range(6):
        book.ball(1, over=0)
    assert book.live().currentInnings.endReason == "overs"
    book.ball(1, over=0)
    live = book.live()
    assert (live.currentInnings.runs, live.currentInnings.balls) == (7, 7)
    assert live.currentInnings.endReason == "overs"
    assert live.integrity == []
    assert book.bowler("a1").overs == "1.0"
    assert len(book.snapshot().partnerships) == 1


def test_the_new_batter_is_at_the_crease_once_announced() -> None:
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", out="bowled")
    assert book.live().currentInnings.strikerId is None
    book.event("batter_change", strikerId="h3", nonStrikerId="h2")
    live = book.live()
    assert (live.currentInnings.strikerId, live.currentInnings.nonStrikerId) == ("h3", "h2")
    new = book.batter("h3")
    assert (new.runs, new.ballsFaced, new.isAtCrease, new.battingPosition) == (0, 0, True, 3)
    assert (live.partnership.wicket, live.partnership.runs) == (2, 0)


def test_a_caught_batter_is_replaced_at_the_strikers_end() -> None:
    # Law 18.11: after a catch the new batter faces, whether or not the batters crossed.
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", out="caught", fielders=["a3"])
    cur = book.live().currentInnings
    assert (cur.strikerId, cur.nonStrikerId) == (None, "h2")


def test_the_next_innings_starts_from_the_break() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    assert book.live().status == "innings_break"
    book.start()
    live = book.live()
    assert (live.status, live.inningsNumber, live.currentInnings.battingTeamId) == (
        "live",
        2,
        "away",
    )
    assert live.batsmen == [] and live.currentOver == []
