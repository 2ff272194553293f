"""The spectator feed as a pure function of the log (scorebook.feed): every real match's feed
agrees with its scorecard (a wicket event per wicket, an over event per completed over, a
batter's fifty once, at the ball that reached it), and the cases the Laws make rare: a
hat-trick, a five-for, a miscounted over, a retirement, a super over."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scorebook.cricsheet import load_match
from scorebook.feed import feed
from scorebook.feed_events import FEED_EVENT
from scorebook.views.scorecard import project
from tests.conftest import real_match_params
from tests.unit.factories import Book, make_match


def _by_type(events) -> Counter:
    return Counter(e.type for e in events)


@pytest.mark.parametrize("path", real_match_params())
def test_a_real_match_s_feed_agrees_with_its_scorecard(path: Path) -> None:
    match, actions = load_match(path)
    events = feed(match, actions)
    live = project(match, actions)
    counts = _by_type(events)
    deliveries = [a for a in actions if getattr(a, "kind", None) in (None, "delivery")
                  and not a.isVoided]
    assert counts["BALL_BOWLED"] == len(deliveries)
    assert counts["WICKET_FALLEN"] == sum(i.wickets for i in live.innings)
    # an over is complete at its last ball (or called short): the scorecard's whole overs
    assert counts["OVER_COMPLETE"] == sum(int(i.overs) for i in live.innings)
    assert counts["INNINGS_COMPLETE"] == sum(i.isClosed for i in live.innings)
    # a tie is the result until a super over plays it off: then the match is complete again;
    # and again when the officials' result adds a method (D/L) to the Laws' result
    super_overs = sum(i.isSuperOver for i in live.innings) // 2
    assert (1 + super_overs if live.status == "completed" else 0) <= counts[
        "MATCH_COMPLETE"] <= (2 + super_overs if live.status == "completed" else 0)
    if live.status == "completed":
        assert [e for e in events if e.type == "MATCH_COMPLETE"][-1].payload.result == live.result
    milestones = [e for e in events if e.type == "MILESTONE_ACHIEVED"]
    for innings in live.innings:
        for batter in innings.batsmen:
            reached = [e for e in milestones if e.inningsNumber == innings.inningsNumber
                       and e.payload.milestone == "batter_runs"
                       and e.payload.playerIds == [batter.playerId]]
            assert [e.payload.value for e in reached] == [
                m for m in (50, 100, 150, 200) if batter.runs >= m], batter.playerId
            for event in reached:  # at the ball that took him there
                (ball,) = [e for e in events if e.actionId == event.actionId
                           and e.type == "BALL_BOWLED"]
                runs = ball.payload.striker.runs
                assert runs >= event.payload.value > runs - ball.payload.ball.runsOffBat
        five_fors = [e for e in milestones if e.inningsNumber == innings.inningsNumber
                     and e.payload.milestone == "five_wickets"]
        assert sorted(e.payload.playerIds[0] for e in five_fors) == sorted(
            b.playerId for b in innings.bowlers if b.wickets >= 5)
        team = [e.payload.value for e in milestones if e.inningsNumber == innings.inningsNumber
                and e.payload.milestone == "team_runs"]
        assert team == list(range(100, innings.runs + 1, 100))
        # the over history: every over bowled, its runs and wickets those of its deliveries
        # (penalty runs between balls and wickets between balls are the innings')
        chart = innings.overHistory
        assert len(chart) >= int(innings.overs)
        assert sum(o.runs for o in chart) <= innings.runs
        assert sum(o.wickets for o in chart) <= innings.wickets
    # every event says where it is, in log order, and survives its document's round trip
    assert [e.order for e in events] == sorted(e.order for e in events)
    for event in events[:50]:
        assert FEED_EVENT.validate_python(event.model_dump()) == event


def test_the_events_of_one_ball_in_the_order_a_ticker_shows_them() -> None:
    book = Book()
    book.start()
    book.over_of(6, 6, 6, 6, 6, 6)  # h1 36 off 6; the batters change ends
    for runs in (1, 1, 1, 4, 4, 6):  # h1 51, the stand 53: both pass 50 on the last ball
        book.ball(runs)
    events = feed(book.match, book.actions)
    last = [e for e in events if e.actionId == book.actions[-1].id]
    assert [e.type for e in last] == [
        "BALL_BOWLED", "MILESTONE_ACHIEVED", "MILESTONE_ACHIEVED", "OVER_COMPLETE"]
    assert [(e.payload.milestone, e.payload.value, e.payload.playerIds) for e in last[1:3]] == [
        ("batter_runs", 50, ["h1"]), ("partnership_runs", 50, ["h1", "h2"])]
    assert last[0].payload.striker.runs == 51 and last[0].payload.score.runs == 53
    assert last[3].payload.runs == 17 and last[3].payload.bowlerId == "a2"
    assert (last[0].over, last[0].ball) == (1, 6)
    first_ball_of_over_2 = [e for e in events if e.actionId == book.actions[7].id]
    assert [(e.type, e.payload.playerId) for e in first_ball_of_over_2[1:]] == [
        ("PLAYER_CHANGED", "a2")]  # the new bowler, with his first ball


def test_a_hat_trick_a_five_for_and_a_partnership() -> None:
    book = Book()
    book.start()
    book.over_of(4, 4, 4, 4, 4, 4)  # 24: the openers' stand
    book.over_of(4, 4, 4, 4, 4, 4)  # 48
    book.ball(4)  # 52: a partnership of 50 for the first wicket
    book.ball(out="bowled")
    book.ball(out="caught", fielders=["h3"])
    book.ball(out="lbw")  # three in three for a1 in over 3: a hat-trick
    book.ball(wide=1)  # a wide between two wickets does not break a run
    book.ball(out="bowled")  # a1's fourth, then his fifth
    book.ball(out="stumped", fielders=["h7"])
    events = feed(book.match, book.actions)
    milestones = [(e.payload.milestone, e.payload.value, e.payload.playerIds)
                  for e in events if e.type == "MILESTONE_ACHIEVED"]
    assert ("partnership_runs", 50, ["h1", "h2"]) in milestones
    assert ("hat_trick", 3, ["a1"]) in milestones
    assert ("five_wickets", 5, ["a1"]) in milestones
    assert sum(m[0] == "hat_trick" for m in milestones) == 1
    wickets = [e for e in events if e.type == "WICKET_FALLEN"]
    assert [w.payload.fallOfWicket.wicketNumber for w in wickets] == [1, 2, 3, 4, 5]
    assert wickets[0].payload.partnership.runs == 52
    assert wickets[0].payload.description == "b Smith"


def test_a_run_out_does_not_count_toward_a_hat_trick() -> None:
    book = Book()
    book.start()
    book.ball(out="bowled")
    book.ball(out="run_out", fielders=["a5"])
    book.ball(out="bowled")
    book.ball(out="bowled")
    milestones = [e for e in feed(book.match, book.actions) if e.type == "MILESTONE_ACHIEVED"]
    assert not any(e.payload.milestone == "hat_trick" for e in milestones)


def test_an_over_called_short_is_complete_when_the_next_one_starts() -> None:
    book = Book()
    book.start()
    book.balls(1, 0, 0, 0, 2)  # five balls: the umpire miscounts
    book.ball(3, over=1)
    overs = [e for e in feed(book.match, book.actions) if e.type == "OVER_COMPLETE"]
    assert [(o.payload.over, o.payload.runs, len(o.payload.balls)) for o in overs] == [
        (0, 3, 5)]
    assert overs[0].actionId == book.actions[-1].id


def test_a_maiden_and_the_bowler_s_figures_at_the_end_of_the_over() -> None:
    book = Book()
    book.start()
    book.over_of()
    (over,) = [e for e in feed(book.match, book.actions) if e.type == "OVER_COMPLETE"]
    assert over.payload.maiden and over.payload.bowler.maidens == 1
    assert over.payload.score.overs == 1.0


def test_players_coming_and_going() -> None:
    book = Book()
    book.start(strikerId="h1", nonStrikerId="h2", bowlerId="a1")
    book.ball(out="bowled")
    book.event("batter_change", strikerId="h3", nonStrikerId="h2")
    book.event("retirement", batterId="h2", type="retired_hurt")
    changes = [(e.payload.change, e.payload.playerId) for e in feed(book.match, book.actions)
               if e.type == "PLAYER_CHANGED"]
    assert changes[:3] == [("new_batter", "h1"), ("new_batter", "h2"), ("new_bowler", "a1")]
    assert ("new_batter", "h3") in changes
    assert ("retirement", "h2") in changes


def test_the_end_of_the_innings_and_of_the_match() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1, 2, 0, 0, 4, 0)  # 7
    book.start()
    book.ball(6)
    book.ball(2)  # 8: the target reached
    events = feed(book.match, book.actions)
    innings = [e for e in events if e.type == "INNINGS_COMPLETE"]
    assert [(e.inningsNumber, e.payload.total.runs, e.payload.endReason) for e in innings] == [
        (1, 7, "overs"), (2, 8, "target")]
    (done,) = [e for e in events if e.type == "MATCH_COMPLETE"]
    assert done.actionId == book.actions[-1].id
    assert done.payload.winnerId == "away" and done.payload.winMargin == "10 wickets"
    assert done.payload.topBatters[0].runs == 8


def test_a_voided_action_has_no_events() -> None:
    book = Book()
    book.start()
    ball = book.ball(4)
    voided = ball.model_copy(update={"isVoided": True, "voidReason": "x", "voidedBy": "s"})
    events = feed(book.match, [book.actions[0], voided])
    assert [e.type for e in events] == ["PLAYER_CHANGED"] * len(events)


def test_an_admin_s_giant_player_id_makes_a_short_key_and_a_document_under_the_limit() -> None:
    """The rules keep ids to 128 characters; an admin's write is not checked by them."""
    from scorebook.document import MAX_DOCUMENT_BYTES, document_size
    from scorebook.service.feed import event_document

    giant = "x" * 600_000
    book = Book()
    book.start(strikerId=giant, nonStrikerId="h2", bowlerId="a1")
    book.ball(4, striker=giant)
    events = feed(book.match, book.actions)
    assert all(len(e.key) < 200 for e in events)
    for seq, event in enumerate(events, start=1):
        assert document_size(event_document(event, seq)) < MAX_DOCUMENT_BYTES
