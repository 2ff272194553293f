"""The Laws on innings, the follow-on, declarations and forfeits: when an innings ends, what
a side chases, its lead, and a super over's innings. One test per law, named as the law
reads."""

from __future__ import annotations

from tests.unit.factories import Book, make_match, two_innings_match

# --- the end of an innings -------------------------------------------------------------------


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
        2.0,
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
    assert (snap.forfeited, snap.runs, snap.overs, snap.isClosed) == (True, 0, 0.0, True)
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


def test_the_pair_not_out_at_the_end_is_an_unbroken_partnership() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.ball(0, out="bowled")
    book.balls(1, 1, 1, 1, 1)
    parts = book.snapshot().partnerships
    assert [(p.wicket, p.runs, p.isUnbroken) for p in parts] == [(1, 0, False), (2, 5, True)]
    # the innings is over: live/score still shows its last stand, not out
    p = book.live().partnership
    assert (p.wicket, p.runs, p.isUnbroken, book.live().status) == (2, 5, True, "innings_break")


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


# --- targets, leads and the follow-on --------------------------------------------------------


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
    assert live.winMarginDetail.runs == 2


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
    assert (live.winnerId, live.winMarginDetail.wickets) == ("away", 10)


def test_no_lead_before_the_other_side_has_batted() -> None:
    book = Book(two_innings_match())
    book.start()
    book.ball(4)
    assert book.live().currentInnings.lead is None


# --- innings ends the Laws do not allow -------------------------------------------------------


def _codes(live) -> list[str]:
    return [p.code for p in live.integrity]


def test_an_innings_declared_all_out_at_no_wickets_down_is_flagged_and_decides_nothing() -> None:
    """The end is not what the innings shows: flagged, and the chase stopped short of its
    target with no overs lost is no result until the officials record one."""
    book = Book()
    book.start()
    book.over_of(6)
    book.event("innings_end", reason="all_out")
    book.start()
    bogus = book.event("innings_end", reason="all_out")
    live = book.live()
    assert (live.currentInnings.endReason, live.resultType, live.resultSource) == (
        "other", "no_result", "laws")
    assert _codes(live) == ["end_reason_not_shown", "end_reason_not_shown"]
    assert live.integrity[1].actionId == bogus.id
    # the officials' result decides
    book.event("match_result", result="win", winnerId="home", winMargin={"runs": 6})
    live = book.live()
    assert (live.result, live.resultSource) == ("Home won by 6 runs", "officials")


def test_all_out_with_batters_absent_or_retired_hurt_is_all_out() -> None:
    """Law 13.3: no batter left to come in. An absent batter and two retired hurt who did
    not resume leave seven wickets enough."""
    book = Book()
    book.start()
    book.event("absence", batterId="h11")
    for i in range(1, 8):
        book.ball(0, out="bowled", striker=f"h{i}", non_striker="h10")
    book.ball(1, striker="h8", non_striker="h10")
    book.event("retirement", batterId="h8")
    book.event("retirement", batterId="h10")
    book.event("innings_end", reason="all_out")  # h9 has nobody to bat with
    live = book.live()
    assert (live.currentInnings.endReason, live.currentInnings.wickets) == ("all_out", 7)
    assert live.integrity == []


def test_an_innings_ended_at_its_overs_before_they_are_bowled_decides_nothing() -> None:
    book = Book(make_match(scheduledOvers=2))
    book.start()
    book.over_of(6)
    book.over_of()
    book.start()
    book.ball(1)
    book.event("innings_end", reason="overs")
    live = book.live()
    assert (live.currentInnings.endReason, live.resultType) == ("other", "no_result")
    assert _codes(live) == ["end_reason_not_shown"]


def test_a_declaration_in_a_t20_is_flagged_and_the_innings_goes_on() -> None:
    book = Book()
    book.start()
    book.ball(4)
    book.event("declaration")
    live = book.live()
    assert (live.status, live.currentInnings.isClosed, book.snapshot().declared) == (
        "live", False, False)
    assert _codes(live) == ["declaration_in_limited_overs"]
    book.ball(1)
    assert book.live().currentInnings.runs == 5
    # the scorer starts the next innings anyway: it starts, flagged, and chases what was made
    book.start()
    book.ball(6)
    live = book.live()
    assert (live.inningsNumber, live.currentInnings.target) == (2, 6)
    assert (live.resultType, live.winnerId) == ("win", "away")
    assert _codes(live) == ["declaration_in_limited_overs", "innings_start_before_end"]


def test_a_declaration_in_a_one_innings_match_without_an_over_limit_closes_it() -> None:
    """Time cricket (one innings a side, no over limit) keeps Law 15."""
    book = Book(make_match(scheduledOvers=None))
    book.start()
    book.ball(4)
    book.event("declaration")
    assert book.snapshot().declared and book.live().integrity == []


def test_a_super_over_started_during_the_first_innings_is_flagged() -> None:
    book = Book()
    book.start()
    book.ball(4)
    book.start("away", super_over=True)
    live = book.live()
    assert _codes(live) == ["super_over_out_of_turn"]
    assert (live.status, live.resultType) == ("live", None)


def test_a_super_over_after_a_win_is_flagged() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    book.start()
    book.ball(2)
    book.start("away", super_over=True)
    assert _codes(book.live()) == ["super_over_out_of_turn"]


def test_super_overs_after_a_tie_are_in_turn() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1)
    book.start()
    book.over_of(1)
    for side in ("away", "home", "away", "home"):
        book.start(side, super_over=True)
        book.over_of(1)
    assert book.live().integrity == []


def test_the_second_innings_started_while_the_first_goes_on_is_flagged() -> None:
    book = Book()
    book.start()
    book.ball(4)
    start = book.start()
    live = book.live()
    assert _codes(live) == ["innings_start_before_end"]
    assert live.integrity[0].actionId == start.id
    assert live.innings[0].isClosed


def test_an_innings_cut_short_and_ended_by_the_officials_starts_the_next_cleanly() -> None:
    book = Book()
    book.start()
    book.over_of(4)
    book.event("innings_end", reason="other")
    book.start()
    assert book.live().integrity == []
