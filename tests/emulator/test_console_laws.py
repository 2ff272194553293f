"""The console's Laws with no ball bowled, tapped at a phone's width against the emulators: a
non-striker run out backing up (Law 38.3), an incoming batter timed out (Law 40), a batter
absent hurt (Law 13.3), an innings forfeited (Law 15.2), a follow-on (Law 14), a keeper
changed (Law 27) and a concussion replacement, written to the lineup."""

from __future__ import annotations

import uuid
from typing import Any

from scorebook.match import Match, Player
from scorebook_tools.kit_example import make_admin, sign_up
from scorebook_tools.scoring_app import read_live_score, write_lineup
from tests.emulator.browser import PHONE, shown
from tests.emulator.harness import PROJECT, wait_for
from tests.emulator.test_console import OFFLINE, a_scorer, settled, sign_in, tap
from tests.emulator.test_lineups import lineup


def kinds(admin, match_id: str) -> list[tuple[str, str | None]]:
    log = [d for _, d in sorted(admin.list(f"matches/{match_id}/scoring_actions"))]
    return [(d.get("kind", "delivery"), (d.get("wicket") or {}).get("type")) for d in log
            if not d["isVoided"]]



def open_not_in(batter: Any) -> None:
    """Open "The batter chosen does not come in…" (a stray tap opens it, no more: its
    buttons write a wicket or an absence)."""
    details = batter.locator("details.not-in")
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    wait_for(lambda: details.evaluate("d => d.open"), "the batter's other choices")

def test_wickets_with_no_ball_bowled_and_a_batter_absent(admin, generated, tabs) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    backing_up = page.locator("p.facing").get_attribute("data-non-striker")

    tap(console, "Out, no ball…")
    form = page.locator('form[data-form="out"]')
    assert form.locator('select[name="batter"]').input_value() == backing_up
    fielder = form.locator('select[name="fielder"] option').nth(1).get_attribute("value")
    form.locator('select[name="fielder"]').select_option(fielder)
    page.get_by_role("button", name="Record the dismissal").click()
    settled(admin, console, match.id, "1/1 (0.1)")  # no ball: the over stays at 0.1

    batter = page.locator('form[data-form="batter"]')
    late = batter.locator('select[name="batter"]').input_value()
    open_not_in(batter)
    page.get_by_role("button", name="Timed out (Law 40)").click()
    settled(admin, console, match.id, "1/2 (0.1)")
    absent = batter.locator('select[name="batter"]').input_value()
    assert absent != late
    open_not_in(batter)
    page.get_by_role("button", name="Absent hurt (Law 13.3)").click()
    shown_options = batter.locator('select[name="batter"] option')
    wait_for(lambda: absent not in shown_options.evaluate_all("os => os.map(o => o.value)"),
             "the absent batter no longer offered")
    page.get_by_role("button", name="Send in").click()
    tap(console, "0")
    settled(admin, console, match.id, "1/2 (0.2)")

    assert kinds(admin, match.id) == [
        ("innings_start", None), ("delivery", None), ("dismissal", "run_out"),
        ("dismissal", "timed_out"), ("absence", None), ("batter_change", None),
        ("delivery", None)]
    score = read_live_score(admin, match.id)
    how = {b["playerId"]: b.get("howOut") for b in score["batsmen"]}
    assert how[backing_up].startswith("run out") and how[late] == "timed out"
    assert [(w["batsmanOutId"], w["score"], w["over"]) for w in score["fallOfWickets"]] == [
        (backing_up, 1, "0.1"), (late, 1, "0.1")]
    assert [(a["playerId"], a["reason"]) for a in score["innings1"]["absent"]] == [
        (absent, "absent_hurt")]
    console.screenshot("console-phone-no-ball-wickets")
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def test_an_innings_is_forfeited_once_asked(admin, generated, tabs) -> None:
    match, console, _ = a_scorer(admin, generated, tabs, inningsPerSide=2,
                                 scheduledOvers=None, matchType="Test")
    page = console.page
    tap(console, "4")
    settled(admin, console, match.id, "4/0 (0.1)")
    tap(console, "End innings…")
    page.locator('form[data-form="end"] select[name="reason"]').select_option("declared")
    page.get_by_role("button", name="Yes, end innings 1").click()

    page.get_by_text("Forfeit innings 2…").click()  # the question, then the answer
    page.get_by_role("button", name="Yes, forfeit innings 2").click()
    page.get_by_role("heading", name="Start innings 3").wait_for()
    wait_for(lambda: (read_live_score(admin, match.id) or {}).get("innings2", {})
             .get("endReason") == "forfeited", "innings 2 forfeited in live/score")
    assert kinds(admin, match.id) == [("innings_start", None), ("delivery", None),
                                      ("declaration", None), ("forfeit", None)]
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def test_the_side_that_batted_second_follows_on(admin, generated, tabs) -> None:
    match, console, _ = a_scorer(admin, generated, tabs, inningsPerSide=2,
                                 scheduledOvers=None, matchType="Test")
    page = console.page
    for innings in (1, 2):
        tap(console, "4" if innings == 1 else "1")
        tap(console, "End innings…")
        page.locator('form[data-form="end"] select[name="reason"]').select_option("declared")
        page.get_by_role("button", name=f"Yes, end innings {innings}").click()
        if innings == 1:
            page.get_by_role("button", name="Start the innings").click()
            page.get_by_role("button", name="Wicket").wait_for()
    page.get_by_role("heading", name="Start innings 3").wait_for()
    second = match.teams[1].name
    batting = page.locator('form[data-form="start"] select[name="batting"]')
    batting.select_option(label=f"{second} (follows on)")
    page.get_by_role("button", name="Start the innings").click()
    page.get_by_role("button", name="Wicket").wait_for()
    tap(console, "2")
    settled(admin, console, match.id, "2/0 (0.1)")
    card = read_live_score(admin, match.id)["innings3"]
    assert card["battingTeamId"] == match.teams[1].id and card["isFollowOn"] is True
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def with_a_twelfth(match: Match) -> Match:
    """Each side lists a twelfth player, who may come on as a replacement."""
    return match.model_copy(update={"teams": [t.model_copy(update={"players": [
        *t.players, Player(id=f"{t.id}-twelfth", name=f"{t.name} Twelfth")]})
        for t in match.teams]})


def test_the_scorer_records_a_new_keeper_and_a_concussion_replacement(
    admin, generated, tabs
) -> None:
    match, console, _ = a_scorer(admin, generated, tabs, edit=with_a_twelfth)
    for team in match.teams:  # the lineups, as the setup page writes them
        for n, player in enumerate(team.players[:11]):
            write_lineup(admin, match.id, lineup(match, team.id, player.id, name=player.name,
                                                 battingPosition=n + 1, isWicketkeeper=n == 6))
    page = console.page
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    bowler = page.locator("p.facing").get_attribute("data-bowler")
    fielding = next(t for t in match.teams if bowler in {p.id for p in t.players})
    batting = next(t for t in match.teams if t.id != fielding.id)
    players = [p.id for p in fielding.players]
    side = f"matches/{match.id}/lineups"
    # Law 24.1.2: a substitute may not bowl. With no lineup yet the start form's bowler is
    # the last of the eleven, not the twelfth the squad lists; once the XI is picked, the
    # twelfth is not offered to bowl until he replaces a player
    assert bowler == players[10], bowler
    wait_for(lambda: players[-1] not in bowlers_offered(console),
             "the twelfth left out of the bowlers once the XI is picked")

    tap(console, "Keeper, replacement…")
    page.locator('form[data-form="keeper"] select[name="keeper"]').select_option(players[2])
    page.get_by_role("button", name="Record the keeper").click()
    wait_for(lambda: sorted(d["playerId"] for _, d in admin.list(side) if d["isWicketkeeper"])
             == sorted([batting.players[6].id, players[2]]), "the new keeper in the lineup")

    tap(console, "Keeper, replacement…")
    form = page.locator('form[data-form="replace"]')
    form.locator('select[name="out"]').select_option(f"{fielding.id}|{players[4]}")
    form.locator('select[name="in"]').select_option(f"{fielding.id}|{players[-1]}")
    form.locator('select[name="reason"]').select_option("concussion")
    page.get_by_role("button", name="Record the replacement").click()
    coming = wait_for(lambda: admin.get(f"{side}/{fielding.id}_{players[-1]}"),
                      "the replacement's lineup entry")
    assert (coming["substitutedFor"], coming["substitutionReason"]) == (players[4], "concussion")
    wait_for(lambda: players[-1] in bowlers_offered(console), "the replacement offered to bowl")
    assert players[4] not in bowlers_offered(console)  # replaced: he plays no further part
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def bowlers_offered(console) -> list[str]:
    """Who the console offers to take the ball for the rest of the over (its panel, opened
    afresh: a lineup changed since is in it)."""
    page = console.page
    tap(console, "Keeper, replacement…")
    tap(console, "Change bowler…")
    return [o.get_attribute("value") for o in
            page.locator('form[data-form="bowler"] select[name="bowler"] option').all()]


def test_where_the_ball_went_and_a_note_are_optional_and_the_spectator_sees_them(
    admin, generated, tabs
) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    spectator = tabs()
    spectator.open(f"/match/{match.id}").get_by_test_id("innings-1").wait_for()
    page = console.page
    page.locator("details.where summary").click()
    tap(console, "Cover")
    shown(console, "shot", "Cover")
    page.locator("details.note summary").click()
    page.get_by_test_id("note").fill("Driven on the up, <b>no chance</b>")
    page.get_by_test_id("note").press("Enter")  # Enter keeps the note for the ball
    console.screenshot("console-phone-where-it-went")
    tap(console, "4")  # driven through cover
    tap(console, "1")  # nothing tapped on the field, no note: neither is recorded
    settled(admin, console, match.id, "5/0 (0.2)")
    log = dict(admin.list(f"matches/{match.id}/scoring_actions"))
    assert log["1-0002"]["shotData"] == {"wagonWheelSegment": 2}
    assert log["1-0002"]["note"] == "Driven on the up, <b>no chance</b>"
    assert log["1-0003"].get("shotData") is None and log["1-0003"].get("note") is None
    assert page.locator("[data-testid=shot]").count() == 0  # the choice went with its ball
    assert page.get_by_test_id("note").input_value() == ""  # and so did the note

    # the live commentary: each ball in the functions' words
    bowler, striker = log["1-0002"]["bowlerId"], log["1-0002"]["strikerId"]
    names = {p.id: p.name for t in match.teams for p in t.players}
    ticker = spectator.page.get_by_test_id("ticker")
    wait_for(lambda: "0.2" in ticker.inner_text(), "the commentary of the second ball")
    assert f"0.1 {names[bowler]} to {names[striker]}, FOUR, through cover" in ticker.inner_text()
    # the scorer's note under its ball's line, as text (never markup)
    notes = spectator.page.get_by_test_id("scorers-note")
    assert notes.all_inner_texts() == ["Driven on the up, <b>no chance</b>"]
    assert ticker.locator("b").count() == 0

    # the card of the innings in progress is read once an over (the scoreboard is live): a
    # spectator arriving now reads it with both balls
    assert spectator.text("as-at") == "The card as at 0 overs; the score above is live."
    spectator.page.reload()
    spectator.page.get_by_test_id("innings-1").wait_for()
    assert spectator.page.get_by_test_id("as-at").count() == 0
    spectator.page.locator("[data-testid=shots-1] summary").click()
    opener = log["1-0002"]["strikerId"]
    wheel = spectator.page.locator(f"[data-testid=wagon-1-{opener}]")
    assert "long off: 0" in wheel.inner_html() and "cover: 4" in wheel.inner_html()
    whole = spectator.page.locator("[data-testid=wagon-1] title").evaluate_all(
        "(titles) => titles.map((t) => t.textContent)")
    assert whole == ["long off: 0", "cover: 4", "point: 0", "third man: 0", "fine leg: 0",
                     "square leg: 0", "midwicket: 0", "long on: 0"]
    spectator.screenshot("spectator-wagon-wheel")


def test_a_result_recorded_mid_innings_ends_the_scoring(admin, generated, tabs) -> None:
    """Play abandoned in an innings: once the officials' result is in, the console shows the
    match over, not the pad (the rules refuse a ball after it). The result is what completed
    the match, so its scorer may still take it back that day (the rules' mayStillVoid): the
    undo in that panel voids it and scoring goes on. An admin may undo it at any time."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    tap(console, "Result…")
    form = page.locator("form[data-form=result]")
    # a win by wickets is the side's players less one at most (Law 1): the form refuses 11
    wickets = form.locator("input[name=wickets]")
    for typed, valid in (("10", True), ("11", False)):
        wickets.fill(typed)
        assert wickets.evaluate("input => input.checkValidity()") is valid, typed
    wickets.fill("")
    form.locator("select[name=result]").select_option("abandoned")
    form.get_by_role("button", name="Record the result").click()
    wait_for(lambda: (read_live_score(admin, match.id) or {}).get("status") == "completed",
             "the match completed")
    page.get_by_role("heading", name="The match is over").wait_for()
    assert page.get_by_role("button", name="4", exact=True).count() == 0
    assert page.get_by_test_id("undo-admin").count() == 0
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []

    # the scorer takes the result back: the match is live again and the pad returns
    page.get_by_role("button", name="Undo the result (innings 1)").click()
    wait_for(lambda: (read_live_score(admin, match.id) or {}).get("status") == "live",
             "the match live again")
    assert kinds(admin, match.id) == [("innings_start", None), ("delivery", None)]
    page.get_by_role("button", name="4", exact=True).wait_for()
    tap(console, "4")
    settled(admin, console, match.id, "5/0 (0.2)")

    # the result again, and an admin on another phone takes it back: scoring goes on for both
    tap(console, "Result…")
    form.locator("select[name=result]").select_option("abandoned")
    form.get_by_role("button", name="Record the result").click()
    page.get_by_role("heading", name="The match is over").wait_for()
    email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    make_admin(PROJECT, sign_up(email, "secret123"))
    admin_console = tabs(PHONE)
    admin_console.open(f"/score/{match.id}")
    sign_in(admin_console, email, "secret123")
    admin_console.page.get_by_role("heading", name="The match is over").wait_for()
    admin_console.page.get_by_role("button", name="Undo the result (innings 1)").click()
    wait_for(lambda: (read_live_score(admin, match.id) or {}).get("status") == "live",
             "the match live again")
    for phone in (admin_console, console):
        phone.page.get_by_role("button", name="4", exact=True).wait_for()
    tap(console, "4")
    settled(admin, console, match.id, "9/0 (0.3)")
    assert [e for e in admin_console.errors() if not any(o in e for o in OFFLINE)] == []


def test_a_no_ball_the_batters_ran_byes_or_leg_byes_off(admin, generated, tabs) -> None:
    """Law 21.7: runs off a no-ball the batter did not hit are byes or leg-byes, with the
    no-ball's penalty; the bowler is charged the penalty alone. The pad took one extra at a
    time, so such a ball went in as byes off a legal ball (no penalty, the over a ball short)
    or as runs off the bat. Tapped in either order, No-ball with Bye or Leg-bye is the one."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "No-ball", "Bye")
    assert page.locator("button[data-extra][aria-pressed=true]").all_inner_texts() == [
        "No-ball", "Bye"]
    tap(console, "+2")
    tap(console, "Leg-bye", "No-ball", "+1")
    tap(console, "No-ball", "Bye", "Bye", "+0")  # Bye again: back to the no-ball alone
    settled(admin, console, match.id, "6/0 (0.0)")
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))][1:]
    assert [(d["runsOffBat"], d["extras"], d["totalRuns"], d["isLegalDelivery"]) for d in log] == [
        (0, {"wide": 0, "noBall": 1, "bye": 2, "legBye": 0, "penalty": 0}, 3, False),
        (0, {"wide": 0, "noBall": 1, "bye": 0, "legBye": 1, "penalty": 0}, 2, False),
        (0, {"wide": 0, "noBall": 1, "bye": 0, "legBye": 0, "penalty": 0}, 1, False),
    ]
    score = read_live_score(admin, match.id)
    assert score["bowlers"][0]["runsConceded"] == 3  # the three no-balls' penalties, not the byes


def test_runs_the_pad_has_not_seven_and_a_four_all_run(admin, generated, tabs) -> None:
    """Three run and four overthrows are 7 off the bat; a 4 the batters ran all of is no
    boundary (the pad's 4 is one, and counts among the batter's fours). Neither could be
    recorded: the pad stops at 6, and its 4 is a boundary."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    more = page.locator("details.more")
    for runs, after in (("7", "7/0 (0.1)"), ("4", "11/0 (0.2)")):
        page.locator("p.facing").wait_for()
        if not more.evaluate("d => d.open"):
            more.locator("summary").click()
        more.locator('input[name="runs"]').fill(runs)
        more.get_by_role("button", name="Record the ball").click()
        shown(console, "message", f"{runs} runs: recorded")
        settled(admin, console, match.id, after)
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))][1:]
    assert [(d["runsOffBat"], d["isBoundary"]) for d in log] == [(7, False), (4, False)]
    striker = read_live_score(admin, match.id)["batsmen"]
    assert sum(b.get("fours", 0) for b in striker) == 0, striker
    # the 4 did reach the boundary after all: the correction form knows it as all run
    form = page.locator("form[data-form=correct]")
    page.get_by_text("Correct a ball").click()
    chosen = form.locator("select[name=ball]")
    chosen.select_option(label=next(o for o in chosen.locator("option").all_inner_texts()
                                    if o.startswith("0.2:")))
    wait_for(lambda: form.locator("input[name=runs]").input_value() == "4", "the ball's runs")
    all_run = form.locator("input[name=allRun]")
    assert all_run.is_checked()
    all_run.uncheck()
    form.get_by_role("button", name="Correct").click()
    wait_for(lambda: (d := admin.get(f"matches/{match.id}/scoring_actions/1-0003-c1"))
             and d["isBoundary"] is True, "the correction, a boundary four")
    settled(admin, console, match.id, "11/0 (0.2)")
