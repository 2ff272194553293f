"""The web app (web/) in a real headless Chromium against the emulators: what a spectator
sees while a match is scored, at a phone's width and a laptop's; the stream overlay; the
ticker's cursor across a lost connection and a reload. The scorer console's are in
test_console.py."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from scorebook.document import to_document
from scorebook.firestore.paths import live_innings_path, live_now_path, live_score_path
from scorebook.service.live_score import expected_live_score
from scorebook.views.live_now import innings_documents, now_document
from scorebook.views.scorecard import project
from scorebook_tools.kit_example import sign_up
from scorebook_tools.scoring_app import write_action
from tests.emulator.browser import PHONE, SCREENSHOTS, shown
from tests.emulator.harness import (
    SCORER,
    SHORT,
    live_score_at,
    load_sample,
    seed_match,
    wait_for,
)


def overs_of(actions: list[Any]) -> list[int]:
    """The index after the last action of each over (where a spectator checks the page)."""
    ends = []
    for i, action in enumerate(actions):
        nxt = actions[i + 1] if i + 1 < len(actions) else None
        if getattr(action, "kind", "") == "delivery" and (
            nxt is None or getattr(nxt, "overNumber", None) != action.overNumber
            or nxt.inningsNumber != action.inningsNumber
        ):
            ends.append(i + 1)
    return ends


def test_the_spectator_page_follows_a_match_over_by_over_to_its_result_and_prints_it(
    admin, user, generated, tabs
) -> None:
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    scorer = user(SCORER)
    laptop, phone = tabs(), tabs(PHONE)
    page = laptop.open(f"/match/{match.id}")
    # the card of the innings in progress, read once an over through Hosting's CDN
    cards_read: list[tuple[str, int, str | None]] = []
    page.on("response", lambda r: cards_read.append(
        (r.url, r.status, r.headers.get("content-encoding"))) if "/innings" in r.url else None)
    phone.open(f"/match/{match.id}")
    page.get_by_test_id("title").wait_for()

    done = 0
    ends = overs_of(actions)
    # the first four overs and the chase's first, each shown before the next is written: the
    # page reads each innings' card through Hosting while it is in progress (written all at
    # once, the chase could be over before the page looked, its card then a settled one)
    chase = next(end for end in ends if actions[end - 1].inningsNumber == 2)
    for end in [*ends[:4], chase]:
        for action in actions[done:end]:
            write_action(scorer, action)
        done = end
        now = project(match, actions[:end]).currentInnings
        shown(laptop, "score", f"{now.runs}/{now.wickets}")
        shown(laptop, "overs", f"{now.overs:g}")  # as JavaScript writes a number
        shown(phone, "score", f"{now.runs}/{now.wickets}")
    # the chase's card, read through Hosting while it is in progress: its answer can come after
    # the rest of the match on a busy machine (the card is then listened to, and the read's
    # answer, which the page drops, came after the check below)
    wait_for(lambda: laptop.page.wait_for_timeout(20) or any(  # (lets Playwright's events in)
        "/innings2.json" in url for url, _, _ in cards_read), "the chase's card read over HTTP")
    laptop.screenshot("spectator-laptop-live")
    phone.screenshot("spectator-phone-live")

    for action in actions[done:]:
        write_action(scorer, action)
    final = to_document(project(match, actions), json=True)
    shown(laptop, "result", final["result"])
    shown(phone, "result", final["result"])
    for number in (1, 2):
        # (the innings in progress' card is read once an over: its last arrives once it ends)
        total = laptop.page.get_by_test_id(f"innings-{number}").get_by_test_id("innings-total")
        runs = str(final[f"innings{number}"]["runs"])
        wait_for(lambda: total.inner_text() == runs, f"innings {number}'s card: {runs}")  # noqa: B023
    assert {re.sub(r".*/(innings\d)\.json\?v=\d+$", r"\1", url) for url, _, _ in cards_read
            } == {"innings1", "innings2"}, cards_read
    assert all(status == 200 for _, status, _ in cards_read), cards_read
    assert "gzip" in [encoding for _, _, encoding in cards_read]
    # MATCH_COMPLETE reaches the feed's ticker (its listener is another, and may come later)
    wait_for(lambda: final["result"] in laptop.page.get_by_test_id("ticker").inner_text(),
             lambda: f"the result in the ticker; {laptop.why()}")
    # A phone's width: nothing wider than the screen.
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    laptop.screenshot("spectator-laptop-result")
    phone.screenshot("spectator-phone-result")
    assert laptop.errors() == [] and phone.errors() == []

    # The scorecard to file: every innings' card and the result, on one A4 page.
    printed = tabs()
    page = printed.open(f"/match/{match.id}/scorecard")
    shown(printed, "result", final["result"])
    text = page.get_by_test_id("printout").inner_text()
    for number in (1, 2):
        card = final[f"innings{number}"]
        assert f"{card['runs']}/{card['wickets']}" in text
        for line in (*card["batsmen"], *card["bowlers"]):
            assert line["name"] in text, line
    # its Print button prints (the app's content security policy refuses inline handlers)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    # a 5-over match's two cards fit one page (a T20's, two)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert page.locator(".no-print").evaluate("b => getComputedStyle(b).display") == "none"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "scorecard-a4.pdf").write_bytes(pdf)
    assert printed.errors() == []


@pytest.mark.empty_database  # the list shows 50 live matches: this one must be among them
def test_the_overlay_is_a_transparent_score_bug_and_the_match_list_leads_to_the_match(
    admin, user, generated, tabs
) -> None:
    match, actions = load_sample(generated, SHORT)
    match = match.model_copy(update={"validation": "HONOR"})  # self-scored: said so
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:8]:
        write_action(scorer, action)
    tab = tabs({"width": 1280, "height": 200})
    page = tab.open(f"/match/{match.id}/overlay")
    now = project(match, actions[:8]).currentInnings
    shown(tab, "bug-score", f"{now.runs}-{now.wickets}")

    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.evaluate("document.documentElement.scrollHeight") <= 200  # no scrolling
    write_action(scorer, actions[8])
    now = project(match, actions[:9]).currentInnings
    shown(tab, "bug-score", f"{now.runs}-{now.wickets}")
    tab.screenshot("overlay", full_page=False)
    assert tab.errors() == []

    listing = tabs(PHONE)
    listing.open("/")
    live = listing.page.locator("section", has=listing.page.get_by_role("heading", name="Live"))
    live.locator(f'[data-testid="match-link"][href="/match/{match.id}"]').click()
    listing.page.get_by_test_id("score").wait_for()
    assert listing.page.url.endswith(f"/match/{match.id}")
    assert "Self-scored" in listing.page.get_by_test_id("validation").inner_text()


def test_the_overlay_moves_ball_by_ball_on_live_now_alone(admin, generated, tabs) -> None:
    """The score bug reads the small document and nothing else: here only live/now is
    written (as the functions cut it), ball after ball, and the bug follows it."""
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    tab = tabs({"width": 1280, "height": 200})
    # the match's creation has the functions write live/now once: wait for that write, or,
    # on a busy machine, it lands after the test's and puts the bug back to "starting soon"
    wait_for(lambda: admin.get(live_now_path(match.id)), "the match's first live/now")
    tab.open(f"/match/{match.id}/overlay")
    for balls in (6, 7, 8):
        score = expected_live_score(match, [(a.id, to_document(a)) for a in actions[:balls]])
        admin.set(live_now_path(match.id), now_document(score | {"version": balls}))
        now = score["currentInnings"]
        shown(tab, "bug-score", f"{now['runs']}-{now['wickets']}")
    # live/score holds no ball at all (only what the match's creation wrote)
    assert (admin.get(live_score_path(match.id)) or {}).get("currentInnings") is None
    assert tab.errors() == []


def test_the_ticker_resumes_from_its_cursor_after_a_lost_connection_and_a_reload(
    admin, user, generated, tabs
) -> None:
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:10]:
        write_action(scorer, action)
    tab = tabs()
    tab.open(f"/match/{match.id}")
    key = f"scorebook:feed:{match.id}"

    def saved() -> dict[str, Any]:
        return json.loads(tab.page.evaluate(f"sessionStorage.getItem({json.dumps(key)})")
                          or '{"lastSeq": 0, "events": []}')

    def published() -> int:
        return len(admin.list(f"matches/{match.id}/events"))

    first = wait_for(lambda: (s := saved())["lastSeq"] and s["lastSeq"] == published() and s,
                     "the ticker to have the feed so far")
    tab.context.set_offline(True)
    for action in actions[10:25]:
        write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[24].id), "the functions to publish")
    tab.context.set_offline(False)
    back = wait_for(lambda: (s := saved())["lastSeq"] == published() and s,
                    "the ticker to catch up after the connection came back")
    tab.page.reload()
    for action in actions[25:30]:
        write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[29].id), "the functions to publish")
    after = wait_for(lambda: (s := saved())["lastSeq"] == published() and s,
                     "the ticker to catch up after a reload")
    # the match made private for an over (the rules refuse the page's listeners at the next
    # change: they have ended), then public again: the ticker listens again from its cursor,
    # with no reload
    admin.update(f"matches/{match.id}", {"visibility": "private"})
    for action in actions[30:33]:
        write_action(scorer, action)
    shown(tab, "unread", "This match is private: sign in as one of its members to follow it.")
    admin.update(f"matches/{match.id}", {"visibility": "public"})
    for action in actions[33:36]:
        write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[35].id), "the functions to publish")
    again = wait_for(lambda: (s := saved())["lastSeq"] == published() and s,
                     lambda: f"the ticker to catch up once public again; {tab.why()}")

    seqs = [e["seq"] for e in again["events"]]
    assert seqs == list(range(1, len(seqs) + 1))  # every event once, in order
    assert first["lastSeq"] < back["lastSeq"] < after["lastSeq"] < again["lastSeq"]
    offline = ("ERR_INTERNET_DISCONNECTED", "Could not reach Cloud Firestore backend",
               "permission-denied", "Missing or insufficient permissions")
    assert [e for e in tab.errors() if not any(o in e for o in offline)] == []


def test_a_page_opened_before_its_match_is_set_up_comes_alive_when_it_is(
    admin, user, generated, tabs
) -> None:
    """A fan follows the league's link before the match is set up: the page says so (not
    "private", which the rules' refusal alone would suggest) and follows the match from its
    first ball once it exists, with no reload; the overlay too."""
    match, actions = load_sample(generated, SHORT)
    phone, overlay = tabs(PHONE), tabs({"width": 1280, "height": 200})
    phone.open(f"/match/{match.id}")
    overlay.open(f"/match/{match.id}/overlay")
    assert "There is no match" in wait_for(lambda: phone.page.get_by_test_id("unread").count()
                                           and phone.text("unread"), "the page to say why")

    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:4]:
        write_action(scorer, action)
    now = project(match, actions[:4]).currentInnings
    shown(phone, "score", f"{now.runs}/{now.wickets}")
    shown(overlay, "bug-score", f"{now.runs}-{now.wickets}")
    assert phone.errors() == [] and overlay.errors() == []


def test_a_private_match_asked_for_over_http_is_listened_to_with_the_pages_sign_in(
    admin, user, generated, tabs
) -> None:
    """`?transport=http` polls live/now through Hosting, which answers 404 for a private
    match, as for a match with no live/now yet: a member signed in sees the score (listened
    to with the sign-in), anyone else is told the match is private, and a page polling a
    public match that is made private says so."""
    from tests.emulator.test_console import sign_in

    match, actions = load_sample(generated, SHORT)
    match = match.model_copy(update={"visibility": "private"})
    email = f"member-{uuid.uuid4().hex[:8]}@example.com"
    uid = sign_up(email, "secret123")
    seed_match(admin, match, scorers=(uid, SCORER))
    scorer = user(SCORER)
    for action in actions[:4]:
        write_action(scorer, action)
    now = project(match, actions[:4]).currentInnings
    member = tabs(PHONE)
    member.open(f"/score/{match.id}")
    sign_in(member, email, "secret123")
    member.open(f"/match/{match.id}?transport=http")
    shown(member, "score", f"{now.runs}/{now.wickets}")
    stranger = tabs(PHONE)
    stranger.open(f"/match/{match.id}?transport=http")
    shown(stranger, "unread", "This match is private: sign in as one of its members to follow it.")

    public, balls = load_sample(generated, SHORT)
    seed_match(admin, public)
    for action in balls[:4]:
        write_action(scorer, action)
    polled = tabs(PHONE)
    polled.open(f"/match/{public.id}?transport=http")
    now = project(public, balls[:4]).currentInnings
    shown(polled, "score", f"{now.runs}/{now.wickets}")
    admin.update(f"matches/{public.id}", {"visibility": "private"})
    shown(polled, "unread", "This match is private: sign in as one of its members to follow it.")


def test_the_pages_read_like_cricket_and_the_overlay_is_set_up_by_its_url(
    admin, user, generated, tabs
) -> None:
    """The phone's page: scoreboard, then the ticker, then the current innings' card before
    the settled one; words, not the store's ("innings break", "Yet to bat", an economy). The
    overlay: transparent to its root, in the lower third, in the batting side's colour, with
    a moment for a four."""
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    scorer = user(SCORER)
    second = next(i for i, a in enumerate(actions) if a.inningsNumber == 2)
    four = next(i for i, a in enumerate(actions) if i > second + 1 and a.kind == "delivery"
                and a.runsOffBat == 4 and a.isBoundary and not a.extras.total)
    for action in actions[:four]:
        write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[four - 1].id), "live/score")
    chasing = actions[second].battingTeamId
    colour = "#b3261e"
    side = "home" if chasing == match.teams[0].id else "away"
    bug = tabs({"width": 1280, "height": 720})
    page = bug.open(f"/match/{match.id}/overlay?at=lower-third&{side}=%23b3261e")
    bug.page.get_by_test_id("bug-score").wait_for()
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == \
        "rgba(0, 0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('.bug')).backgroundColor") \
        == "rgb(179, 38, 30)", colour
    top = page.evaluate("document.querySelector('.bug').getBoundingClientRect().top")
    assert top > 720 / 2  # the lower third
    assert "RRR" in bug.text("bug-need")

    phone = tabs(PHONE)
    spectator = phone.open(f"/match/{match.id}")
    phone.page.get_by_test_id("innings-2").wait_for()
    write_action(scorer, actions[four])
    shown(bug, "moment", "FOUR")
    assert phone.text("status").lower() == "live"
    parts = (("board", "[data-testid=board]"), ("ticker", "aside.side"),
             ("current", "[data-testid=innings-2]"), ("settled", "[data-testid=innings-1]"))

    def tops() -> dict[str, float] | None:
        """Each part's top, once all are on the page (a part the page is re-rendering as the
        ball and the card arrive has no box for a moment)."""
        found = {name: spectator.locator(selector).first.bounding_box() for name, selector in parts}
        return None if None in found.values() else {n: box["y"] for n, box in found.items()}

    boxes = wait_for(tops, "the page's parts in place")
    assert boxes["board"] < boxes["ticker"] < boxes["current"] < boxes["settled"], boxes
    card = {n: spectator.get_by_test_id(f"innings-{n}") for n in (1, 2)}
    assert card[2].get_by_test_id("yet-to-bat").inner_text().startswith("Yet to bat: ")
    assert card[1].get_by_test_id("yet-to-bat").inner_text().startswith("Did not bat: ")
    assert "Econ" in card[1].locator(".bowling-card thead").inner_text()
    phone.screenshot("spectator-phone-order")
    bug.screenshot("overlay-lower-third", full_page=False)
    assert phone.errors() == [] and bug.errors() == []


def test_the_worm_last_five_overs_and_the_powerplay_come_from_the_cards(
    admin, generated, tabs
) -> None:
    """Nine overs into a T20, as the functions cut the live documents (written here alone):
    the worm draws the innings over by over, and the card says its last five overs and its
    powerplay, equal to sums of the projection's overs."""
    match, actions = load_sample(generated)
    seed_match(admin, match)
    upto = next(i for i, a in enumerate(actions)
                if getattr(a, "overNumber", 0) == 9 and a.inningsNumber == 1)
    score = expected_live_score(match, [(a.id, to_document(a)) for a in actions[:upto]])
    # after what the functions write when the match is made, not before it
    wait_for(lambda: admin.get(live_now_path(match.id)), "the match's first live/now")
    admin.set(live_now_path(match.id), now_document(score | {"version": upto}))
    for number, card in innings_documents(score).items():
        admin.set(live_innings_path(match.id, number), card | {"version": upto})
    overs = score["innings1"]["overHistory"]
    last = overs[-5:]
    want = (f"Last 5 overs: {sum(o['runs'] for o in last)}/{sum(o['wickets'] for o in last)}"
            f" · Powerplay (overs 1-6): {sum(o['runs'] for o in overs[:6])}/"
            f"{sum(o['wickets'] for o in overs[:6])}")
    tab = tabs(PHONE)
    tab.open(f"/match/{match.id}")
    shown(tab, "phases-1", want)
    assert tab.page.get_by_test_id("worm").locator("polyline").count() == 1
    tab.screenshot("spectator-phone-worm")
    assert tab.errors() == []
