"""A scorer's page closed, reloaded or offline loses nothing: after a reload the console undoes
and corrects from the log; balls scored offline wait in Firestore's cache across a reload
with no network; a tap the closing page never stored (the SDK keeps a write in IndexedDB a
moment after the call) is kept by the console's journal and sent when the page opens again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.emulator.browser import PHONE, shown
from tests.emulator.harness import triggers_disabled, wait_for
from tests.emulator.test_console import (
    OFFLINE,
    a_scorer,
    correct,
    score_of,
    settled,
    sign_in,
    tap,
)

#: From now on no IndexedDB transaction of the page ever answers, as if the tab were killed
#: in the moment between a tap and the SDK storing it: what the SDK writes next never leaves
#: the page. (Every property of the stand-in is another stand-in; none calls back.)
INDEXEDDB_FROZEN = """() => {
  const stuck = () => new Proxy(function () {}, {
    get: (_, name) => (name === "then" ? undefined : stuck()),
    apply: () => stuck(),
    set: () => true,
  });
  IDBDatabase.prototype.transaction = () => stuck();
}"""


def journal(page: Any) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter((k) => k.startsWith('scorebook.journal'))")


def test_after_a_reload_the_console_undoes_and_corrects_from_the_log(
    admin, generated, tabs
) -> None:
    match, console, email = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1", "4", "2")
    settled(admin, console, match.id, "7/0 (0.3)")

    page.reload()  # a locked phone, a killed tab
    page.get_by_role("button", name="Undo last ball").click()
    settled(admin, console, match.id, "5/0 (0.2)")
    correct(console, "0.1:", runs="3", reason="three, not one")
    settled(admin, console, match.id, "7/0 (0.2)")

    # Another device, signed in as the same scorer, reads the same log: it takes the six
    # back, and the first device's next tap goes after that, on the right batter.
    tap(console, "6")
    settled(admin, console, match.id, "13/0 (0.3)")
    other = tabs(PHONE)
    other.open(f"/score/{match.id}")
    sign_in(other, email, "secret123")
    other.page.get_by_role("button", name="Undo last ball").click()
    settled(admin, other, match.id, "7/0 (0.2)")
    wait_for(lambda: console.page.locator("p.facing").inner_text().startswith("Over 0.2"),
             "the first device to see the other's undo")
    tap(console, "1")
    settled(admin, console, match.id, "8/0 (0.3)")
    for tab in (console, other):
        assert [e for e in tab.errors() if not any(o in e for o in OFFLINE)] == []


def test_a_ball_another_device_scored_first_is_said_not_recorded_in_words(
    admin, generated, tabs
) -> None:
    """Two phones, one scorer: the second, with no signal, taps a six and a two at the places
    where the first then records a four. When the second is back, the rules refuse both; it
    says so as a scorer would, not in the rules' terms, names both balls (not the last
    alone: the scorer has two to score again, if they stand) without moving the pad under the
    scorer's thumb, and both phones show the four."""
    match, console, email = a_scorer(admin, generated, tabs)
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    other = tabs(PHONE)
    other.open(f"/score/{match.id}")
    sign_in(other, email, "secret123")
    wait_for(lambda: other.page.locator("p.facing").inner_text().startswith("Over 0.1"),
             "the second device to read the log")
    other.context.set_offline(True)
    tap(other, "6", "2")
    tap(console, "4")
    settled(admin, console, match.id, "5/0 (0.2)")
    zero = other.page.locator("button[data-runs='0']")
    aimed = zero.bounding_box()["y"]
    other.context.set_offline(False)
    said = shown(other, "message", "another device recorded there first. The score shows"
                 " what it recorded: check it before you carry on.", ending=True)
    assert "security rules" not in said, said
    said = wait_for(lambda: "2 taps were not recorded" in (t := other.text("message")) and t,
                    "both refusals told")
    assert "6 runs: not recorded" in said and "2 runs: not recorded" in said, said
    assert zero.bounding_box()["y"] == aimed
    settled(admin, other, match.id, "5/0 (0.2)")
    assert score_of(admin, match.id) == "5/0 (0.2)"


def test_offline_the_console_reloads_and_sends_every_queued_ball_once(
    admin, generated, tabs
) -> None:
    """A ground with no signal: balls scored offline wait in Firestore's cache (IndexedDB),
    the page reloads (a killed tab) with no network from the app's service worker, shows
    what waits, scores on, and sends everything once, in order, when the network returns."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")  # the app is kept

    console.context.set_offline(True)
    tap(console, "4")
    shown(console, "pending", "Offline. 1 waiting for the server")
    tap(console, "2")
    shown(console, "pending", "Offline. 2 waiting for the server")
    # both on the device's disk (IndexedDB) before the tab is killed: a write reaches the
    # cache a moment after the tap
    wait_for(lambda: page.get_by_test_id("pending").get_attribute("data-saved") == "2",
             "the two balls saved in Firestore's cache")
    page.reload()
    page.get_by_role("button", name="Wicket").wait_for()  # the pad, from the caches alone
    # the network stays cut, but Playwright's emulation of it does not reach a page served by
    # a service worker's cache: navigator.onLine is true again (microsoft/playwright#2311),
    # so the count is what is checked, and that nothing reached the server
    shown(console, "pending", "2 waiting for the server", ending=True)
    assert page.locator("p.facing").inner_text().startswith("Over 0.3")
    # and who scores, from the cache, once the server has not answered for 5 s (the page
    # thinks it is online)
    wait_for(lambda: "You score this match as the neutral scorer" in (console.showing("who") or ""),
             lambda: f"the scorer's role from the cache; {console.why()}", deadline=10)
    tap(console, "6")
    shown(console, "pending", "3 waiting for the server", ending=True)
    assert score_of(admin, match.id) == "1/0 (0.1)"  # nothing has reached the server

    console.context.set_offline(False)
    settled(admin, console, match.id, "13/0 (0.4)")
    log = sorted(admin.list(f"matches/{match.id}/scoring_actions"))
    assert [doc_id for doc_id, _ in log] == ["1-0001", "1-0002", "1-0003", "1-0004", "1-0005"]
    assert [d.get("runsOffBat") for _, d in log[1:]] == [1, 4, 2, 6]  # after innings_start
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def test_a_tap_the_closing_page_never_stored_is_sent_when_it_opens_again(
    admin, generated, tabs
) -> None:
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    tap(console, "1")
    settled(admin, console, match.id, "1/0 (0.1)")

    page.evaluate(INDEXEDDB_FROZEN)
    tap(console, "4")
    shown(console, "pending", "1 waiting for the server")
    assert journal(page) == [f"scorebook.journal.{match.id}"]
    page.wait_for_timeout(1500)
    assert score_of(admin, match.id) == "1/0 (0.1)"  # the SDK never sent it
    page.reload()
    settled(admin, console, match.id, "5/0 (0.2)")

    page.evaluate(INDEXEDDB_FROZEN)  # an undo lost the same way
    tap(console, "Undo last ball")
    page.wait_for_timeout(1500)
    assert score_of(admin, match.id) == "5/0 (0.2)"
    page.reload()
    settled(admin, console, match.id, "1/0 (0.1)")

    log = sorted(admin.list(f"matches/{match.id}/scoring_actions"))
    assert [doc_id for doc_id, _ in log] == ["1-0001", "1-0002", "1-0003"]  # sent once
    assert [(d.get("runsOffBat"), d["isVoided"]) for _, d in log[1:]] == [(1, False), (4, True)]
    wait_for(lambda: journal(page) == [], "the journal to empty")
    page.reload()  # nothing kept is sent twice
    page.get_by_role("button", name="Wicket").wait_for()
    shown(console, "pending", "All sent")
    assert len(admin.list(f"matches/{match.id}/scoring_actions")) == 3
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def two_runs_then_abandoned(admin: Any, generated: Any, tabs: Any) -> tuple[Any, Any]:
    """A scorer's console: two runs off the first ball, then innings 1 ended as abandoned,
    the next innings' form showing. (match, console)"""
    match, console, _ = a_scorer(admin, generated, tabs)
    tap(console, "2")
    settled(admin, console, match.id, "2/0 (0.1)")
    tap(console, "End innings…")
    console.page.locator("form[data-form=end] select[name=reason]").select_option("abandoned")
    console.page.get_by_role("button", name="Yes, end innings 1").click()
    console.page.locator("form[data-form=start]").wait_for()
    return match, console


def test_an_undo_of_the_innings_before_kept_from_a_closed_page_reopens_it(
    admin, generated, tabs
) -> None:
    match, console = two_runs_then_abandoned(admin, generated, tabs)
    page = console.page
    ended = wait_for(lambda: [d for i, d in admin.list(f"matches/{match.id}/scoring_actions")
                              if d.get("kind") == "innings_end"], "the innings' end in the log")

    # The next innings has not begun: the undo reaches back to the end, and is lost as the
    # page closes; the page that opens again on the next innings' form sends it.
    page.evaluate(INDEXEDDB_FROZEN)
    page.get_by_role("button", name="Undo the end of the innings (innings 1)").click()
    page.wait_for_timeout(1500)
    assert not admin.get(f"matches/{match.id}/scoring_actions/{ended[0]['id']}")["isVoided"]
    page.reload()
    page.get_by_role("button", name="Wicket").wait_for()  # innings 1 goes on
    wait_for(lambda: admin.get(f"matches/{match.id}/scoring_actions/{ended[0]['id']}")["isVoided"],
             "the end voided")
    wait_for(lambda: journal(page) == [], "the journal to empty")
    tap(console, "4")
    settled(admin, console, match.id, "6/0 (0.2)")
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def test_a_closure_published_again_after_an_undo_of_the_innings_end_keeps_the_innings_open(
    admin, generated, tabs
) -> None:
    """A run of the functions that read the log before the scorer undid the innings' end
    publishes the closure after the undo, with a newer version (a busy emulator delivered
    one so: the console moved on to the next innings' form, and the scorer's next ball had no
    button). The closure came from an action the log holds voided: the console stays, and a
    page opened meanwhile goes back to the innings."""
    match, console = two_runs_then_abandoned(admin, generated, tabs)
    page = console.page
    now_path = f"matches/{match.id}/live/now"
    closed = wait_for(lambda: (now := admin.get(now_path)) and now["currentInnings"]["isClosed"]
                      and now, "live/now to show innings 1 closed")

    with triggers_disabled():  # the undo's own run comes later
        tap(console, "Undo the end of the innings (innings 1)")
        page.get_by_role("button", name="Wicket").wait_for()
        shown(console, "pending", "All sent")
        admin.set(now_path, closed | {"version": closed["version"] + 1})  # the late run's
        page.wait_for_timeout(1500)
        assert page.locator("form[data-form=start]").count() == 0, console.why()
        # a page opened while live/now still shows the closure goes back to the innings too
        page.reload()
        page.get_by_role("button", name="Wicket").wait_for()
    tap(console, "4")
    settled(admin, console, match.id, "6/0 (0.2)")
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []


def test_a_correction_made_with_no_signal_waits_and_is_sent(admin, generated, tabs) -> None:
    """A ball put right on a phone with no signal: the kit asked the server which correction
    number was free, which failed at once ("the client is offline"), and the correction was
    neither sent nor kept. It now waits with the other writes, and goes when the signal does."""
    match, console, _ = a_scorer(admin, generated, tabs)
    tap(console, "1", "4")
    settled(admin, console, match.id, "5/0 (0.2)")
    console.context.set_offline(True)
    correct(console, "0.2:", runs="6", reason="it was six")
    # the correction waits (the ball's void goes once it is written) and is shown in place
    shown(console, "pending", "Offline. 1 waiting for the server")
    assert not console.page.locator(".message.refusal").count(), console.text("message")
    facing = console.page.locator("p.facing")  # (drawn a moment after the waiting count)
    wait_for(lambda: facing.inner_text().startswith("Over 0.2"),
             lambda: f"the corrected ball in place, at 0.2: it shows {facing.inner_text()!r}")
    console.context.set_offline(False)
    settled(admin, console, match.id, "7/0 (0.2)")
    log = dict(admin.list(f"matches/{match.id}/scoring_actions"))
    assert log["1-0003-c1"]["runsOffBat"] == 6 and log["1-0003"]["isVoided"] is True
    assert log["1-0003"]["correctedBy"] == "1-0003-c1"


#: Every request to the Firestore and Auth emulators, held and never answered: a ground's
#: network that says it is up (navigator.onLine) and answers nothing.
SILENT = ("**/google.firestore.v1.Firestore/**", "**/securetoken.googleapis.com/**",
          "**/identitytoolkit.googleapis.com/**")


def test_a_console_reloaded_with_an_expired_sign_in_on_a_silent_network_says_who_scores(
    admin, generated, tabs
) -> None:
    """A phone locked for two hours (its sign-in's token expired) at a ground whose network
    says it is up and answers nothing: the console reloaded waits for Auth to give up on
    refreshing the token (its clock moved on past Auth's own time-outs), then says who scores
    from the cache, as it does once the server has not answered for 5 s."""
    match, console, _ = a_scorer(admin, generated, tabs)
    page = console.page
    held: list[Any] = []

    def hold(route: Any) -> None:  # (Playwright wants a function it can tag, not a builtin)
        held.append(route)

    for pattern in SILENT:
        console.context.route(pattern, hold)
    page.clock.install(time=datetime.now(UTC) + timedelta(hours=2))
    page.reload()

    def refreshes() -> int:
        page.wait_for_timeout(50)  # (Playwright hands the test its routes while it is called)
        return sum("securetoken" in route.request.url for route in held)

    # Auth, signing the page in from its storage, refreshes the expired token and gets no
    # answer: its time-out, then the console's own refresh (the admin's claim) and its time-out
    wait_for(refreshes, "Auth to refresh the token")
    page.clock.fast_forward(61_000)
    wait_for(lambda: "Reading your roles" in (console.showing("who") or ""),
             lambda: f"the console signed in from the cache; {console.why()}")
    wait_for(lambda: refreshes() > 1, "the console to ask for the token's claims")
    page.clock.fast_forward(61_000)
    wait_for(lambda: "You score this match as the neutral scorer" in (console.showing("who") or ""),
             lambda: f"the scorer's role from the cache; {console.why()}", deadline=10)
