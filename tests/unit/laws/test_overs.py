"""The Laws on overs (Law 17): overs and balls, maidens, a bowler's figures and spells, run
rates, and the limits on a bowler's overs. One test per law, named as the law reads."""

from __future__ import annotations

from scorebook.laws.overs import overs_number
from tests.unit.factories import Book, make_match

# --- overs and balls -------------------------------------------------------------------------


def test_wide_is_bowled_again_so_the_over_has_six_legal_balls() -> None:
    book = Book()
    book.start()
    book.ball(wide=1)
    book.balls(0, 0, 0, 0, 0)
    assert book.live().currentInnings.overs == 0.5
    book.ball(0)
    assert book.live().currentInnings.overs == 1.0
    assert book.bowler("a1").overs == 1.0


def test_overs_are_a_number_in_the_scoreboards_notation_without_float_artefacts() -> None:
    assert overs_number(12, 4) == 12.4
    for completed in range(0, 500):
        for balls in range(0, 10):
            number = overs_number(completed, balls)
            assert isinstance(number, float)
            assert repr(number) == f"{completed}.{balls}"  # 12.4, never 12.399999999999999


def test_overs_of_an_innings_a_bowler_and_a_spell_are_numbers() -> None:
    book = Book()
    book.start()
    book.over_of(1)
    book.balls(0, 0, 0, 0)
    live = book.live()
    assert (live.currentInnings.overs, live.currentInnings.balls) == (1.4, 10)
    assert live.innings[0].overs == 1.4
    a1, a2 = book.bowler("a1"), book.bowler("a2")
    assert (a1.overs, a1.ballsBowled, a1.spells[0].overs) == (1.0, 6, 1.0)
    assert (a2.overs, a2.ballsBowled, a2.spells[0].overs) == (0.4, 4, 0.4)


def test_with_ten_balls_an_over_the_overs_number_is_ambiguous_and_the_balls_say_it() -> None:
    book = Book(make_match(ballsPerOver=10, scheduledOvers=20))
    book.start()
    book.balls(*[0] * 9)
    assert (book.live().currentInnings.overs, book.live().currentInnings.balls) == (0.9, 9)
    book.ball(0)
    book.balls(*[0] * 10)
    cur = book.live().currentInnings
    assert (cur.overs, cur.balls) == (2.0, 20)
    book.ball(0)
    assert (book.live().currentInnings.overs, book.live().currentInnings.balls) == (2.1, 21)
    # a bowler's ten balls of an unfinished, shared over: "0.10", read 0.1 as one ball is
    book = Book(make_match(ballsPerOver=12, scheduledOvers=20))
    book.start()
    book.balls(*[0] * 10)
    book.ball(0, bowler="a3")
    a1 = book.bowler("a1")
    assert (a1.overs, a1.ballsBowled) == (0.1, 10)


def test_balls_per_over_come_from_the_match() -> None:
    book = Book(make_match(ballsPerOver=5, scheduledOvers=20))  # The Hundred
    book.start()
    book.balls(0, 0, 0, 0, 0)
    live = book.live()
    assert live.currentInnings.overs == 1.0
    assert book.bowler("a1").maidens == 1
    book.ball(1)
    assert book.live().currentInnings.overs == 1.1


def test_a_miscounted_five_ball_over_is_still_one_over() -> None:
    book = Book()
    book.start()
    for _ in range(5):
        book.ball(0, over=0)
    book.ball(1, over=1)  # the umpire called over after five
    live = book.live()
    assert live.currentInnings.overs == 1.1
    assert live.currentInnings.balls == 6
    assert book.bowler("a1").overs == 1.0
    assert book.bowler("a1").maidens == 1


def test_a_miscounted_seven_ball_over_is_still_one_over() -> None:
    book = Book()
    book.start()
    for _ in range(7):
        book.ball(0, over=0, bowler="a1")
    book.ball(0, over=1, bowler="a2")
    live = book.live()
    assert live.currentInnings.balls == 8
    assert live.currentInnings.overs == 1.1
    a1 = book.bowler("a1")
    assert (a1.overs, a1.ballsBowled, a1.maidens) == (1.0, 7, 1)


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
    assert book.bowler("a1").overs == 1.0
    assert len(book.snapshot().partnerships) == 1


def test_fall_of_wicket_over_is_completed_overs_and_legal_balls() -> None:
    book = Book()
    book.start()
    book.balls(1, 1, 1, 1, 1)
    book.ball(0, out="bowled")  # the sixth ball of the first over
    book.ball(0, out="bowled")  # the first ball of the second
    fow = book.live().fallOfWickets
    assert [(f.wicketNumber, f.score, f.over) for f in fow] == [(1, 5, "0.6"), (2, 5, "1.1")]
    assert fow[0].batsmanOutName is not None


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


# --- maidens ---------------------------------------------------------------------------------


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
    assert (book.bowler("a1").overs, book.bowler("a1").maidens) == (0.3, 0)
    assert (book.bowler("a3").overs, book.bowler("a3").maidens) == (0.3, 0)
    assert book.live().currentInnings.overs == 1.1


# --- figures, spells and rates ---------------------------------------------------------------


def test_strike_rate_is_runs_per_hundred_balls() -> None:
    book = Book()
    book.start()
    book.ball(4, striker="h1", non_striker="h2")
    book.ball(0, striker="h1", non_striker="h2")
    book.ball(2, striker="h1", non_striker="h2")
    assert book.batter("h1").strikeRate == 200.0


def test_rates_are_zero_not_null_before_the_first_ball() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start(strikerId="h1", nonStrikerId="h2", bowlerId="a1")
    cur = book.live().currentInnings
    assert (cur.runRate, cur.balls) == (0.0, 0)
    book.ball(wide=2, striker="h1", non_striker="h2")
    assert (book.bowler("a1").economy, book.bowler("a1").ballsBowled) == (0.0, 0)
    assert (book.batter("h1").strikeRate, book.batter("h1").ballsFaced) == (0.0, 0)
    assert book.batter("h2").strikeRate == 0.0
    assert book.live().currentInnings.runRate == 0.0  # two runs, but no legal ball yet
    book.ball(1, striker="h1", non_striker="h2")
    assert book.batter("h2").strikeRate == 0.0  # at the other end: has faced nothing
    assert book.batter("h1").strikeRate == 100.0
    # outside a chase the chase's figures are null; ballsRemaining counts the innings' balls
    cur = book.live().currentInnings
    assert (cur.runsNeeded, cur.requiredRunRate, cur.ballsRemaining) == (None, None, 11)


def test_economy_is_runs_per_over() -> None:
    book = Book()
    book.start()
    book.over_of(4, 1, 1)
    book.over_of()  # a2
    book.over_of(1, 1, 1)  # a1 again
    assert book.bowler("a1").economy == 4.5
    assert book.bowler("a1").overs == 2.0


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
    assert [(s.startOver, s.overs, s.maidens) for s in spells] == [(0, 2.0, 2), (5, 1.0, 1)]


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
    book.over_of(1, 1)  # the last over: 2 off it, the chase falls short
    cur = book.live().currentInnings
    assert (cur.runsNeeded, cur.ballsRemaining, cur.requiredRunRate) == (10, 0, None)


# --- what the umpires would not allow (flagged, never refused) -------------------------------


def test_a_bowler_may_not_bowl_two_overs_in_a_row() -> None:
    book = Book()
    book.start()
    for over in range(2):
        for _ in range(6):
            book.ball(0, over=over, bowler="a1")
    codes = [p.code for p in book.live().integrity]
    assert codes == ["bowler_consecutive_overs"]
    assert book.bowler("a1").overs == 2.0  # the balls still count
    # a scorer reads of the bowler by name, not by the id the match gives him
    name = next(p.name for t in book.match.teams for p in t.players if p.id == "a1")
    assert book.live().integrity[0].message == f"{name} bowls 2 overs in a row"


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


def test_a_spell_counts_a_miscounted_over_as_one_over_like_the_bowlers_figures() -> None:
    book = Book()
    book.start()
    for _ in range(5):
        book.ball(0, over=0, bowler="a1")
    book.ball(0, over=1, bowler="a2")  # the umpire called over after five
    for _ in range(6):
        book.ball(0, over=2, bowler="a1")
    a1 = book.bowler("a1")
    (spell,) = a1.spells
    assert (a1.overs, spell.overs) == (2.0, 2.0)
    assert spell.maidens == a1.maidens == 2


def test_a_spell_names_its_first_and_last_over() -> None:
    book = Book()
    book.start()
    for over, bowler in enumerate(("a1", "a2", "a1", "a2", "a3", "a2", "a1")):
        for _ in range(6):
            book.ball(0, over=over, bowler=bowler)
    spells = book.bowler("a1").spells
    assert [(s.startOver, s.endOver, s.overs) for s in spells] == [(0, 2, 2.0), (6, 6, 1.0)]
