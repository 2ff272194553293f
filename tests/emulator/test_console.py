"""The scorer console (web/, `/score/{id}`) in a real headless Chromium at a phone's width,
against the emulators, tapped as a club scorer taps it: an over with extras, a wicket, an undo,
a correction and two balls offline while a spectator watches; a refusal explained; a console
opened before its match is set up, which opens it when it is; and the taps that once hurt a
match: a second tap on Correct, ending an innings, a batter retiring hurt. A page closed or
reloaded: test_console_offline.py; what lies under a scorer's thumb: test_console_thumb.py; the
Laws' rarer cases: test_console_laws.py."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scorebook.actions import log_position, parse_action
from scorebook.views.scorecard import project
from scorebook_tools.console_taps import bowl_the_first_offered
from scorebook_tools.kit_example import sign_up
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import read_live_score, write_action
from tests.emulator.browser import PHONE, shown
from tests.emulator.harness import (
    PROJECT,
    SCORER,
    SHORT,
    live_score_at,
    load_sample,
    seed_match,
    wait_for,
)

OFFLINE = ("ERR_INTERNET_DISCONNECTED", "Could not reach Cloud Firestore backend")


def sign_in(tab: Any, email: str, password: str, create: bool = False, roles: bool = True) -> None:
    """Sign in on the console's form; then, with `roles`, wait for it to read the roles (a
    match that does not exist yet shows no roles: the caller waits for what it shows)."""
    page = tab.page
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Create an account" if create else "Sign in").click()
    if roles:
        wait_for(lambda: "Reading your roles" not in tab.text("who"),
                 "the console to read the roles")


def tap(tab: Any, *labels: str) -> None:
    for label in labels:
        try:
            tab.page.get_by_role("button", name=label, exact=True).click()
        except PlaywrightTimeout as error:
            pytest.fail(f"no tap on {label!r}: {str(error).splitlines()[-1]}; {tab.why()}")


def bowl(tab: Any) -> None:
    """The next over's bowler: the first the console offers."""
    bowl_the_first_offered(tab.page)


def console_of(admin: FirestoreRest, tabs: Any, match: Any) -> tuple[Any, str]:
    """`match` seeded with a scorer signed up and appointed, signed in to its console at a
    phone's width: (the console's tab, the email)."""
    email = f"scorer-{uuid.uuid4().hex[:8]}@example.com"
    seed_match(admin, match, scorers=(sign_up(email, "secret123"),))
    console = tabs(PHONE)
    console.open(f"/score/{match.id}")
    sign_in(console, email, "secret123")
    return console, email


def a_scorer(admin: FirestoreRest, generated: Any, tabs: Any, edit: Any = None,
             **fmt: Any) -> tuple[Any, Any, str]:
    """A signed-up scorer of a new match (of the format `fmt` changes, then `edit`), signed
    in to its console at a phone's width, the first innings started with the form's
    defaults and its score shown: (match, the console's tab, the email)."""
    match, _ = load_sample(generated, SHORT)
    match = match.model_copy(update=fmt)
    match = edit(match) if edit else match
    console, email = console_of(admin, tabs, match)
    console.page.get_by_role("button", name="Start the innings").click()
    console.page.get_by_role("button", name="Wicket").wait_for()
    # the functions' first score of the innings adds a line to the header, which moves the
    # pad down: a test that presses a button by its place waits for it
    console.page.get_by_test_id("console-score").wait_for()
    return match, console, email


def score_of(admin: FirestoreRest, match_id: str) -> str:
    now = ((read_live_score(admin, match_id) or {}).get("currentInnings") or {})
    return f"{now.get('runs')}/{now.get('wickets')} ({now.get('overs')})"


def settled(admin: FirestoreRest, console: Any, match_id: str, want: str) -> None:
    shown(console, "pending", "All sent")
    try:
        wait_for(lambda: score_of(admin, match_id) == want, f"live/score at {want}")
    except pytest.fail.Exception as failed:
        # what the scorer saw (a refusal's explanation) and what the log holds say which of
        # the tap, the write and the trigger it was
        log = [(i, d.get("kind", "delivery"), d.get("isVoided"))
               for i, d in sorted(admin.list(f"matches/{match_id}/scoring_actions"))]
        pytest.fail(f"{failed}; live/score at {score_of(admin, match_id)}; the console says "
                    f"{console.showing('message')!r}; the log: {log}")


def test_a_scorer_scores_an_over_in_the_console_and_a_spectator_sees_every_change(
    admin, generated, tabs
) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    spectator = tabs()
    spectator.open(f"/match/{match.id}")
    assert "You score this match as the neutral scorer" in console.text("who")

    page = console.page
    steps = [  # (taps, the spectator's score after them)
        (["1"], "1/0"), (["Wide", "+0"], "2/0"), (["No-ball", "+0"], "3/0"), (["4"], "7/0"),
    ]
    for labels, want in steps:
        tap(console, *labels)
        shown(spectator, "score", want)
    tap(console, "Wicket")
    page.get_by_label("How").select_option("bowled")
    page.get_by_role("button", name="Record the wicket").click()
    shown(spectator, "score", "7/1")
    page.get_by_role("button", name="Send in").click()  # the next batter
    for label, want in (("0", "7/1"), ("2", "9/1"), ("1", "10/1")):
        tap(console, label)
        shown(spectator, "score", want)
    shown(spectator, "overs", "1")
    page.get_by_role("button", name="Bowl").wait_for()  # a new bowler for the next over
    console.screenshot("console-phone-over-done")

    tap(console, "Undo last ball")
    shown(spectator, "score", "9/1")
    shown(spectator, "overs", "0.5")
    shown(console, "pending", "All sent")

    # The four (the over's second legal ball, after a wide and a no-ball) was a six.
    correct(console, "0.2:", runs="6", reason="it carried: six")
    shown(spectator, "score", "11/1")

    # Offline: the taps are queued by the SDK and shown as pending, then sent.
    console.context.set_offline(True)
    tap(console, "1")  # the over's last ball
    bowl(console)  # the next over's bowler
    tap(console, "2")
    shown(console, "pending", "Offline. 2 waiting for the server")
    console.context.set_offline(False)
    shown(console, "pending", "All sent")
    shown(spectator, "score", "14/1")
    shown(spectator, "overs", "1.1")
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []
    assert spectator.errors() == []
    spectator.screenshot("spectator-after-console-over")


def correct(console: Any, ball: str, runs: str, reason: str = "",
            wicket: str | None = None) -> None:
    """Open the correction form, choose the ball whose label starts with `ball`, say what it
    was, and tap Correct."""
    page = console.page
    form = page.locator("form[data-form=correct]")
    if not form.is_visible():
        page.get_by_text("Correct a ball").click()
    chosen = form.locator("select[name=ball]")
    chosen.select_option(label=next(o for o in chosen.locator("option").all_inner_texts()
                                    if o.startswith(ball)))
    form.locator("input[name=runs]").fill(runs)
    if wicket is not None:
        form.locator("select[name=wicket]").select_option(wicket)
    form.locator("input[name=reason]").fill(reason)
    form.get_by_role("button", name="Correct").click()


def test_a_second_tap_on_correct_rewrites_nothing(admin, generated, tabs) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    tap(console, "1", "1", "0")
    settled(admin, console, match.id, "2/0 (0.3)")

    correct(console, "0.1:", runs="4", reason="it was four")  # the first ball
    settled(admin, console, match.id, "5/0 (0.3)")
    form = console.page.locator("form[data-form=correct]")
    # the form now shows the corrected ball as it stands, not the newest ball with old values
    assert form.locator("select[name=ball] option:checked").inner_text().startswith("0.1:")
    assert form.locator("input[name=runs]").input_value() == "4"
    assert form.locator("input[name=reason]").input_value() == ""

    form.get_by_role("button", name="Correct").click()  # again, nothing changed
    message = shown(console, "message", console.text("message").strip())
    assert "already says" in message, message
    settled(admin, console, match.id, "5/0 (0.3)")

    # A wicket taken back: a catch that was dropped, a single run.
    tap(console, "Wicket")
    console.page.get_by_label("How").select_option("caught")
    console.page.get_by_role("button", name="Record the wicket").click()
    settled(admin, console, match.id, "5/1 (0.4)")
    correct(console, "0.4:", runs="1", reason="dropped", wicket="none")
    settled(admin, console, match.id, "6/0 (0.4)")
    console.page.get_by_role("button", name="Wicket").wait_for()  # no new batter to send in
    console.screenshot("console-phone-corrected")


def test_ending_an_innings_asks_first_and_the_other_side_bats_next(admin, generated, tabs) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "2", "1")
    settled(admin, console, match.id, "3/0 (0.2)")
    first = read_live_score(admin, match.id)["currentInnings"]

    tap(console, "End innings…")
    confirm = page.locator("form[data-form=end]")
    assert confirm.locator("select[name=reason]").input_value() == ""  # nothing chosen for you
    confirm.get_by_role("button", name="Yes, end innings 1").click()
    assert "Choose why" in console.text("message")
    assert score_of(admin, match.id) == "3/0 (0.2)"  # nothing was written
    confirm.get_by_role("button", name="Cancel").click()
    assert page.locator("form[data-form=end]").count() == 0
    tap(console, "End innings…")
    console.screenshot("console-phone-end-innings")
    page.locator("form[data-form=end] select[name=reason]").select_option("abandoned")
    page.get_by_role("button", name="Yes, end innings 1").click()

    start = page.locator("form[data-form=start]")
    start.wait_for()
    assert "Start innings 2" in start.inner_text()
    other = next(t for t in match.teams if t.id != first["battingTeamId"])
    batting = start.locator("select[name=batting] option:checked").inner_text()
    assert batting == other.name  # the side that fielded bats next
    names = [p.name for p in other.players]
    assert start.locator("select[name=striker] option").all_inner_texts() == names
    assert start.locator("select[name=striker] option:checked").inner_text() in names
    fielded = next(t for t in match.teams if t.id == first["battingTeamId"])
    bowler = start.locator("select[name=bowler] option:checked").inner_text()
    assert bowler in {p.name for p in fielded.players}
    console.screenshot("console-phone-next-innings")

    # The end was a mistake: undone from the next innings' form, the first innings goes on.
    page.get_by_role("button", name="Undo the end of the innings (innings 1)").click()
    page.get_by_role("button", name="Wicket").wait_for()
    tap(console, "4")
    settled(admin, console, match.id, "7/0 (0.3)")


def test_a_batter_retires_hurt_between_balls_and_resumes_later(admin, generated, tabs) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1", "0")
    settled(admin, console, match.id, "1/0 (0.2)")
    striker = read_live_score(admin, match.id)["currentInnings"]["strikerId"]
    runs = next(b["runs"] for b in read_live_score(admin, match.id)["batsmen"]
                if b["playerId"] == striker)

    tap(console, "Retire…")
    page.locator("form[data-form=retire] select[name=how]").select_option("retired_hurt")
    page.get_by_role("button", name="Record the retirement").click()
    page.get_by_role("button", name="Send in").click()  # no ball was bowled: a new batter first
    tap(console, "0")
    settled(admin, console, match.id, "1/0 (0.3)")  # the retirement was not a ball
    score = read_live_score(admin, match.id)
    hurt = next(b for b in score["innings1"]["batsmen"] if b["playerId"] == striker)
    assert hurt["isOut"] is False and "retired hurt" in hurt["howOut"].lower(), hurt
    now = score["currentInnings"]
    assert striker not in (now["strikerId"], now["nonStrikerId"])

    # A wicket: the retired batter may come back (Law 25.4.2), and is offered so.
    tap(console, "Wicket")
    page.get_by_label("How").select_option("bowled")
    page.get_by_role("button", name="Record the wicket").click()
    option = page.locator("form[data-form=batter] select[name=batter] option", has_text="resumes")
    assert option.count() == 1
    chosen = option.get_attribute("value")
    page.locator("form[data-form=batter] select[name=batter]").select_option(chosen)
    page.get_by_role("button", name="Send in").click()
    tap(console, "2")
    settled(admin, console, match.id, "3/1 (0.5)")
    back = next(b for b in read_live_score(admin, match.id)["innings1"]["batsmen"]
                if b["playerId"] == striker)
    assert back["runs"] == runs + 2 and back["isOut"] is False, back  # 2 after his return
    console.screenshot("console-phone-retired")


def test_swap_ends_penalty_runs_a_bowler_changed_mid_over_and_a_redo(
        admin, generated, tabs) -> None:
    """Three of the Laws from the pad's controls: the batters at the wrong ends swapped (a
    batter_change), five penalty runs to the batting side (Law 41), and another bowler to
    finish the over (Law 17.8); none of them a ball. Then an undo, and its redo; two undos
    and their two redos; and a double tap, which the functions flag and the console shows."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    before = read_live_score(admin, match.id)["currentInnings"]

    tap(console, "Swap ends")
    wait_for(lambda: read_live_score(admin, match.id)["currentInnings"]["strikerId"]
             == before["nonStrikerId"], "the batters swapped in live/score")
    assert page.locator("p.facing").inner_text().startswith("Over 0.1")

    tap(console, "Penalty…")
    page.get_by_role("button", name="Award the penalty").click()
    settled(admin, console, match.id, "6/0 (0.1)")
    assert read_live_score(admin, match.id)["extras"]["penalty"] == 5

    tap(console, "Change bowler…")
    chosen = page.locator("form[data-form=bowler] select[name=bowler]").input_value()
    assert chosen and chosen != before["bowlerId"]
    page.get_by_role("button", name="Bowl on").click()
    tap(console, "0")
    settled(admin, console, match.id, "6/0 (0.2)")
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))]
    assert [d.get("kind", "delivery") for d in log] == [
        "innings_start", "delivery", "batter_change", "penalty_runs", "delivery"]
    assert log[-1]["bowlerId"] == chosen and log[-1]["strikerId"] == before["nonStrikerId"]
    assert log[3]["awardedToTeamId"] == log[0]["battingTeamId"] and log[3]["runs"] == 5
    console.screenshot("console-phone-laws")

    # A mistaken undo, put right: the same ball again at the next place (the void stays).
    tap(console, "4")
    settled(admin, console, match.id, "10/0 (0.3)")
    tap(console, "Undo last ball")
    settled(admin, console, match.id, "6/0 (0.2)")
    page.get_by_role("button", name="Redo ball 0.3 (4 runs)").click()
    settled(admin, console, match.id, "10/0 (0.3)")
    assert page.get_by_role("button", name="Redo ball 0.3 (4 runs)").count() == 0
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))]
    assert [(d.get("runsOffBat"), d["isVoided"]) for d in log[-2:]] == [(4, True), (4, False)]
    assert log[-1]["bowlerId"] == log[-2]["bowlerId"] == chosen

    # Two undos in a row, and two redos: both balls come back, the earlier first.
    tap(console, "Undo last ball")
    settled(admin, console, match.id, "6/0 (0.2)")
    tap(console, "Undo last ball")
    settled(admin, console, match.id, "6/0 (0.1)")
    page.get_by_role("button", name="Redo ball 0.2 (0 runs)").click()
    settled(admin, console, match.id, "6/0 (0.2)")
    page.get_by_role("button", name="Redo ball 0.3 (4 runs)").click()
    settled(admin, console, match.id, "10/0 (0.3)")
    assert page.locator("button[data-action=redo]").count() == 0
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))]
    assert [(d.get("runsOffBat"), d["isVoided"]) for d in log[-5:]] == [
        (0, True), (4, True), (4, True), (0, False), (4, False)]
    assert log[-1]["bowlerId"] == log[-2]["bowlerId"] == chosen

    # The same ball tapped twice in a second: the functions flag it, the console shows it.
    tap(console, "0", "0")
    settled(admin, console, match.id, "10/0 (0.5)")
    flagged = page.locator('[data-testid=problems] li[data-code="possible_double_tap"]')
    flagged.wait_for()
    assert flagged.inner_text().startswith("Ball 0.5: the same ball as the one before it")

    # An event between balls is redone as it was too (the kind's own fields, a new place).
    tap(console, "Swap ends")
    shown(console, "pending", "All sent")
    tap(console, "Undo the change of batters")
    shown(console, "pending", "All sent")
    page.get_by_role("button", name="Redo the change of batters").click()
    shown(console, "pending", "All sent")
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))]
    swapped, redone = log[-2:]
    assert swapped["kind"] == redone["kind"] == "batter_change" and swapped["isVoided"]
    assert (redone["strikerId"], redone["nonStrikerId"]) == (
        swapped["strikerId"], swapped["nonStrikerId"]) and not redone["isVoided"]


def test_a_refused_tap_shows_why(admin, generated, tabs) -> None:
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    for action in actions[:3]:  # the innings has begun: who bats, who bowls
        write_action(FirestoreRest.as_user(PROJECT, SCORER), action)
    wait_for(live_score_at(admin, match.id, actions[2].id), "live/score")
    tab = tabs(PHONE)
    tab.open(f"/score/{match.id}")
    sign_in(tab, f"fan-{uuid.uuid4().hex[:8]}@example.com", "secret123", create=True)
    assert "You are not a scorer of this match" in tab.text("who")
    facing = tab.page.locator("p.facing")
    before = facing.inner_text()

    tap(tab, "1")

    message = wait_for(lambda: tab.page.get_by_test_id("message").count()
                       and tab.text("message"), "the refusal's explanation")
    assert "scorer" in message.lower(), message
    wait_for(lambda: facing.inner_text() == before, "the refused ball to be taken back")
    tab.screenshot("console-refused")


def test_a_console_opened_before_its_match_is_set_up_opens_it_when_it_is(
    admin, generated, tabs
) -> None:
    """A scorer opens the console from the fixture list before the admin has set the match
    up, and signs in: it says there is no match yet (not that it is private, which the rules'
    refusal of its live documents alone would suggest). The admin creates the match, then
    appoints them (two steps, as /setup takes them): with no reload the console opens the
    match, knows them as its scorer and takes their first ball."""
    match, _ = load_sample(generated, SHORT)
    email = f"scorer-{uuid.uuid4().hex[:8]}@example.com"
    uid = sign_up(email, "secret123")
    console = tabs(PHONE)
    console.open(f"/score/{match.id}")
    sign_in(console, email, "secret123", roles=False)
    body = console.page.locator("body")
    missing = f"There is no match {match.id} yet: the console opens it as soon as it is set up."
    wait_for(lambda: missing in body.inner_text(), lambda: f"the missing match; {console.why()}",
             deadline=10)
    # The sign-in registers the console's listens again (the match, the scorer's roles), and
    # the Firestore emulator can miss a commit made while it registers a listen target (see
    # follow() in web/src/scorer.ts): a scorer is not appointed within a few milliseconds of
    # signing in, nor is the test's.
    console.page.wait_for_timeout(1000)

    seed_match(admin, match, scorers=(uid,))
    wait_for(lambda: "You score this match as the neutral scorer" in (console.showing("who") or ""),
             lambda: f"the console to open the match for its scorer (it says "
                     f"{console.showing('who')!r}); {console.why()}", deadline=15)
    assert missing not in body.inner_text()
    console.page.get_by_role("button", name="Start the innings").click()
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    assert console.errors() == []


def par_text(par: int, runs: int) -> str:
    by = runs - par
    return f"par {par}, " + ("level" if by == 0 else f"ahead by {by}" if by > 0
                             else f"behind by {-by}")


def rain(console: Any, overs: int, reason: str = "rain") -> None:
    page = console.page
    tap(console, "Rain…")
    form = page.locator("form[data-form=rain]")
    form.locator("input[name=overs]").fill(str(overs))
    form.locator("select[name=reason]").select_option(reason)
    form.get_by_role("button", name="Record the interruption").click()
    # the server's answer, not the status line (which says "All sent" before the tap too)
    shown(console, "message", f"Interruption: {overs} overs: recorded")


def test_a_format_counted_in_balls_loses_balls_to_the_rain(admin, generated, tabs) -> None:
    """The Hundred's way (sets of five balls, two in a row by one bowler): the Rain form
    counts the innings' balls, and the interruption it records cuts them."""
    match, console, _ = a_scorer(admin, generated, tabs, ballsPerOver=5, maxConsecutiveOvers=2)
    for _ in range(3):
        tap(console, "1")
    tap(console, "Rain…")
    form = console.page.locator("form[data-form=rain]")
    assert form.locator("select[name=unit]").input_value() == "balls"
    assert form.locator("input[name=overs]").input_value() == "25"  # 5 sets of five
    form.locator("input[name=overs]").fill("18")
    form.get_by_role("button", name="Record the interruption").click()
    shown(console, "message", "Interruption: 18 balls: recorded")
    wait_for(lambda: ((read_live_score(admin, match.id) or {}).get("currentInnings")
                      or {}).get("ballsRemaining") == 15, "live/score: 18 balls, 3 bowled")


def test_rain_twice_the_console_records_it_and_the_par_follows_every_ball(
    admin, generated, tabs
) -> None:
    """A 5-over match: the first innings cut to 4 overs after 2; the chase, 4 overs a side by
    then, cut to 3 after 1. Scored by taps through the kit; after every ball of the chase the
    spectator's scoreboard shows live/score's par, which is the pure projection's."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    spectator = tabs(PHONE)
    spectator.open(f"/match/{match.id}")

    def over(runs: str) -> None:
        for _ in range(6):
            tap(console, runs)
        bowl(console)

    over("1")
    over("2")
    rain(console, 4)  # 18 balls were left, 12 are now
    shown(console, "pending", "All sent")
    wait_for(lambda: ((read_live_score(admin, match.id) or {}).get("currentInnings")
                      or {}).get("maxOvers") == 4, "the first interruption to be folded")
    over("1")
    for _ in range(6):
        tap(console, "1")  # the innings ends at its 4 overs
    start = page.locator("form[data-form=start]")
    start.wait_for()
    first = read_live_score(admin, match.id)["innings1"]
    assert (first["runs"], first["maxOvers"], first["endReason"]) == (30, 4, "overs")
    start.get_by_role("button", name="Start the innings").click()
    page.get_by_role("button", name="Wicket").wait_for()
    score = wait_for(lambda: (s := read_live_score(admin, match.id))
                     and s["currentInnings"]["inningsNumber"] == 2 and s, "the chase")
    assert (score["currentInnings"]["targetMethod"], score["currentInnings"]["maxOvers"]) == (
        "D/L", 4)

    def check_par() -> None:
        shown(console, "pending", "All sent")
        now = wait_for(lambda: (s := read_live_score(admin, match.id))
                       and s["lastActionId"] == last_action(admin, match.id) and s,
                       "live/score to fold the ball")["currentInnings"]
        pure = project_log(admin, match).currentInnings
        assert (now["par"], now["target"]) == (pure.par, pure.target)
        shown(spectator, "par", par_text(now["par"], now["runs"]))

    for runs in ("4", "0", "6", "1", "0", "2"):
        tap(console, runs)
        check_par()
    bowl(console)
    rain(console, 3, "bad_light")  # the second stop: 18 balls left, 12 now
    shown(console, "pending", "All sent")
    before = wait_for(lambda: (s := read_live_score(admin, match.id))
                      and s["currentInnings"]["maxOvers"] == 3 and s["currentInnings"],
                      "the second interruption to be folded")
    assert (before["runs"], before["ballsRemaining"]) == (13, 12)
    for runs in ("1", "4"):
        tap(console, runs)
        check_par()
    spectator.screenshot("spectator-phone-rain-par")
    console.screenshot("console-phone-rain")
    feed = [d for _, d in admin.list(f"matches/{match.id}/events")]
    assert [e["payload"]["reason"] for e in feed if e["type"] == "TARGET_REVISED"] == [
        "rain", None, "bad_light"]

    # Play ends for good once the chase has had its minimum (2 of 5 overs): the par decides;
    # then the officials record their own result, which stands.
    for _ in range(4):
        tap(console, "0")
    page.get_by_role("button", name="Bowl").wait_for()
    tap(console, "End innings…")
    page.locator("form[data-form=end] select[name=reason]").select_option("abandoned")
    page.get_by_role("button", name="Yes, end innings 2").click()
    decided = wait_for(lambda: (s := read_live_score(admin, match.id))
                       and s["status"] == "completed" and s, "the result by par")
    assert (decided["resultMethod"], decided["resultSource"]) == ("D/L", "laws")
    page.get_by_role("button", name="Record the officials' result…").click()
    form = page.locator("form[data-form=result]")
    form.locator("select[name=result]").select_option("win")
    home = next(t for t in match.teams if t.id != decided["winnerId"])
    form.locator("select[name=winner]").select_option(home.id)
    form.locator("input[name=runs]").fill("3")
    form.locator("select[name=method]").select_option("DLS")
    console.screenshot("console-phone-officials-result")
    form.get_by_role("button", name="Record the result").click()
    final = wait_for(lambda: (s := read_live_score(admin, match.id))
                     and s["resultSource"] == "officials" and s, "the officials' result")
    assert final["result"] == f"{home.name} won by 3 runs (DLS)"
    assert "result_differs_from_log" in [p["code"] for p in final["integrity"]]
    shown(spectator, "result", final["result"])


def last_action(admin: FirestoreRest, match_id: str) -> str:
    ids = [doc_id for doc_id, d in admin.list(f"matches/{match_id}/scoring_actions")
           if not d.get("isVoided")]
    return max(ids, key=log_position)


def project_log(admin: FirestoreRest, match: Any) -> Any:
    actions = [parse_action(d) for _, d in admin.list(f"matches/{match.id}/scoring_actions")]
    return project(match, actions)
