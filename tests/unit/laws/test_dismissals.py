"""The Laws on dismissals (Laws 30-40) and retirements (Law 25.4): how a batter is out,
whose wicket it is, how it reads on the card, and what a wicket or a retirement ends. One
test per law, named as the law reads."""

from __future__ import annotations

import pytest

from tests.unit.factories import Book

# --- wickets and how they read ---------------------------------------------------------------


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


def test_fall_of_wicket_names_the_batter_and_the_bowler() -> None:
    book = Book()
    book.start()
    book.ball(0, striker="h1", non_striker="h2", bowler="a1", out="bowled")
    f = book.live().fallOfWickets[0]
    assert (f.batsmanOutId, f.batsmanOutName, f.bowlerId) == ("h1", "Ali", "a1")


# --- retirements -----------------------------------------------------------------------------


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


# --- after a wicket or a retirement ----------------------------------------------------------


def test_a_wicket_ends_the_partnership_and_the_next_pair_starts_one() -> None:
    book = Book()
    book.start()
    book.ball(2, striker="h1", non_striker="h2")
    book.ball(0, striker="h1", non_striker="h2", out="bowled")
    # until the next batter is in, live/score shows the stand the wicket ended
    p = book.live().partnership
    assert (p.wicket, p.batsmanAId, p.batsmanBId, p.runs, p.isUnbroken) == (
        1, "h1", "h2", 2, False)
    book.ball(1, striker="h3", non_striker="h2")
    live = book.live()
    assert (live.partnership.wicket, live.partnership.runs) == (2, 1)
    assert [p.runs for p in book.snapshot().partnerships] == [2, 1]


def test_a_retirement_ends_the_partnership_without_a_wicket() -> None:
    book = Book()
    book.start()
    book.ball(3, striker="h1", non_striker="h2")
    book.event("retirement", batterId="h2", type="retired_hurt")
    book.ball(1, striker="h1", non_striker="h3")
    parts = book.snapshot().partnerships
    assert [(p.wicket, p.runs, p.isUnbroken) for p in parts] == [(1, 3, False), (1, 1, True)]


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
