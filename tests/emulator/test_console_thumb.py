"""The scorer console under a scorer's thumb, at a phone's width: nothing moves, appears or
rises under a tap aimed at something else. A snapshot drawn while the finger is down, the
lines above the pad that come and go (an answer, the functions' first score, a refusal, a
name put right), the form that takes the pad's place between balls, and the pad once the
innings is over by this device's count: each once put a ball in the log that the scorer did
not tap, or lost one that they did."""

from __future__ import annotations

from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import read_live_score
from tests.emulator.browser import shown
from tests.emulator.harness import SHORT, load_sample, wait_for
from tests.emulator.test_console import a_scorer, bowl, console_of, settled, tap


def test_a_tap_is_recorded_though_a_snapshot_changes_the_pad_under_the_finger(
        admin, generated, tabs) -> None:
    """A button replaced, or moved by the lines above it, between its pointerdown and its
    pointerup is never clicked: a snapshot drawn while the scorer's thumb is down would lose
    the tap, silently."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    striker = page.locator(".facing").get_attribute("data-striker")
    page.get_by_role("button", name="2", exact=True).hover()  # scrolled to, the mouse over it
    page.mouse.down()
    rename_striker(admin, match.id, striker)
    page.locator("#app[data-held]").wait_for()  # the snapshot came while the finger is down
    page.mouse.up()
    settled(admin, console, match.id, "2/0 (0.1)")
    # what came meanwhile is drawn once it lifted
    assert "Renamed Striker" in page.locator(".facing").inner_text()
    assert page.locator("header h1").inner_text() == "Renamed match"


def test_the_pad_stays_under_the_thumb_while_answers_come(admin, generated, tabs) -> None:
    """The lines above the pad come and go while a scorer aims: the answer to each tap
    ("recorded", then nothing at the next tap), the functions' first score, a name put right.
    A tap aimed at a button that moves meanwhile lands on the one beside it, a wrong ball in
    the log, so none of them may move the pad."""
    match, _ = load_sample(generated, SHORT)
    console, _ = console_of(admin, tabs, match)
    page = console.page
    page.get_by_role("button", name="Start the innings").click()
    two = page.locator("button[data-runs='2']")  # "+2" once an extra is chosen
    two.wait_for()
    page.evaluate("() => window.scrollTo(0, 0)")
    where: list[tuple[str, float]] = []

    def at(moment: str) -> None:
        where.append((moment, two.bounding_box()["y"]))

    at("the pad drawn")
    page.get_by_test_id("console-score").wait_for()
    at("the functions' first score")
    tap(console, "1")
    at("the tap answered at once")
    shown(console, "message", "1 run: recorded")
    at("recorded")
    striker = page.locator(".facing").get_attribute("data-non-striker")
    rename_striker(admin, match.id, striker, "Muhammad Waseem Abbasi Junior")
    wait_for(lambda: "Abbasi" in page.locator(".facing").inner_text(), "the name put right")
    at("a long name")
    tap(console, "Wide")
    at("an extra chosen")
    tap(console, "+0")
    shown(console, "pending", "All sent")
    at("the extra recorded")
    assert len({y for _, y in where}) == 1, where


def test_between_balls_nothing_rises_under_a_thumb_still_tapping(admin, generated, tabs) -> None:
    """A form between balls takes the pad's place: the over's last ball brings the next
    bowler's, a wicket the next batter's. A thumb that taps again where it just tapped (a
    double tap, a bounce) must not meet a button that writes: "Swap ends" and "Undo last
    ball" rose into the pad's place and were tapped so, and "Timed out (Law 40)" came where
    "Record the wicket" was and recorded the next batter out. Nor may the next over's bowler
    be one the console chose: a tap on Bowl bowled the first of the list."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    what_is_at = ("([x, y]) => document.elementFromPoint(x, y)?.closest('button')"
                  "?.textContent.trim() ?? null")

    def centre(name: str) -> tuple[float, float]:
        button = page.get_by_role("button", name=name, exact=True)
        # (asked while a snapshot draws the page again, the button may be between two drawings)
        box = wait_for(lambda: button.is_visible() and button.bounding_box(), name)
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    for _ in range(5):
        tap(console, "0")
    aimed = {name: centre(name) for name in ("0", "4", "6", "No-ball", "Wicket")}
    undo = centre("Undo last ball")
    tap(console, "0")  # the over's last ball
    page.get_by_role("button", name="Bowl").wait_for()
    found = {name: page.evaluate(what_is_at, list(xy)) for name, xy in aimed.items()}
    assert set(found.values()) <= {None, "Bowl"}, found
    assert centre("Undo last ball") == undo
    page.get_by_role("button", name="Bowl").click()  # no bowler chosen: nothing happens
    assert page.locator('form[data-form="bowler"] select[name="bowler"]').input_value() == ""
    shown(console, "pending", "All sent")
    bowl(console)

    tap(console, "Wicket")
    page.get_by_label("How").select_option("caught")
    record = centre("Record the wicket")
    page.get_by_role("button", name="Record the wicket").click()
    page.get_by_role("button", name="Send in").wait_for()
    assert page.evaluate(what_is_at, list(record)) in {None, "Send in"}
    assert not page.get_by_role("button", name="Timed out (Law 40)").is_visible()
    settled(admin, console, match.id, "0/1 (1.1)")
    kinds = [d.get("kind", "delivery") for _, d in sorted(admin.list(
        f"matches/{match.id}/scoring_actions"))]
    assert kinds == ["innings_start", *["delivery"] * 7], kinds


def test_no_ball_is_offered_after_the_overs_or_the_target(admin, generated, tabs) -> None:
    """The innings' last ball and the winning run, recorded on a phone with no signal: until
    the functions closed the innings the console offered the next over's bowler and the pad,
    and a ball tapped there (a thumb that bounced, a scorer who did not notice) was recorded
    and counted after the end (Law 16.6: the match is over when the target is reached). The
    console ends the innings by its own count; back online, the log has no ball too many."""
    match, console, _ = a_scorer(admin, generated, tabs, scheduledOvers=1)
    page = console.page
    for _ in range(5):
        tap(console, "0")
    console.context.set_offline(True)
    tap(console, "1")  # the over's, and the innings', last ball
    page.get_by_test_id("ended").wait_for()
    assert "The overs are bowled" in console.text("ended")
    assert not page.locator("button[data-runs], form[data-form=bowler]").count()
    console.context.set_offline(False)
    page.get_by_role("button", name="Start the innings").wait_for()
    settled(admin, console, match.id, "1/0 (1.0)")
    page.get_by_role("button", name="Start the innings").click()
    page.get_by_role("button", name="Wicket").wait_for()
    first = read_live_score(admin, match.id)["innings1"]["battingTeamId"]
    chasing = next(t.name for t in match.teams if t.id != first)
    # the chase's target comes with live/now's first version of innings 2 (the header's)
    shown(console, "console-score", f"{chasing} 0/0 (0 ov)")
    shown(console, "pending", "All sent")
    console.context.set_offline(True)
    tap(console, "1")
    tap(console, "1")  # the winning run
    page.get_by_test_id("ended").wait_for()
    assert "The target is reached" in console.text("ended")
    assert not page.locator("button[data-runs]").count()
    console.context.set_offline(False)
    shown(console, "pending", "All sent")
    wait_for(lambda: (read_live_score(admin, match.id) or {}).get("status") == "completed",
             "the result")
    log = [d for _, d in sorted(admin.list(f"matches/{match.id}/scoring_actions"))]
    balls = [(d["inningsNumber"], d["totalRuns"]) for d in log
             if d.get("kind", "delivery") == "delivery"]
    assert balls == [(1, 0)] * 5 + [(1, 1), (2, 1), (2, 1)], balls


def rename_striker(admin: FirestoreRest, match_id: str, striker: str | None,
                   name: str = "Renamed Striker") -> None:
    """An admin puts a player's name right (the pad shows it) and the match's (the header)."""
    teams = admin.get(f"matches/{match_id}")["teams"]
    for player in (p for t in teams for p in t["players"] if p["id"] == striker):
        player["name"] = name
    admin.update(f"matches/{match_id}", {"teams": teams, "name": "Renamed match"})


def test_what_the_scorer_selected_is_typed_over_though_a_snapshot_comes(
        admin, generated, tabs) -> None:
    """A form drawn again while the scorer fills it in keeps what was typed, not what was
    selected: the rain form's overs, selected to be typed over, took the 4 typed after a
    snapshot as 45 overs. The form is held still while one of its fields has the focus."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    striker = page.locator(".facing").get_attribute("data-striker")
    tap(console, "Rain…")
    overs = page.locator("form[data-form=rain] input[name=overs]")
    overs.focus()
    overs.evaluate("field => field.select()")  # the innings' overs, to be typed over
    rename_striker(admin, match.id, striker)
    page.locator("#app[data-held]").wait_for()  # the snapshot came while the field is in use
    page.keyboard.type("4")
    page.get_by_role("button", name="Record the interruption").click()
    shown(console, "message", "Interruption: 4 overs: recorded")
    # what came meanwhile is drawn once the field lost the focus
    assert "Renamed Striker" in page.locator(".facing").inner_text()
