"""The web app in a real browser: from a scorer's tap in the console to the spectator page
showing the ball, over a whole T20; what the spectator page and the overlay receive on the
wire per ball; and the production build's size.

Starts the emulators (Hosting serves web/dist), makes a T20 and a signed-up scorer
(scorebook_tools.kit_example.example_match), opens the scorer console, the spectator page and
the overlay in one headless Chromium (three contexts: three devices on one clock), and taps
a single on every ball of both innings, choosing a new bowler after each over and starting
the chase when the first innings is over. The tap's time is taken in the console page (a
click listener), the update's in the spectator page (a MutationObserver on the page, noting
when the score's text changes); each ball waits for the spectator before the next tap. The
bytes are the DevTools protocol's count of what arrived on the network
(`Network.dataReceived`, encoded: as the wire carried it) for each page, per ball: what
arrived until the page showed the ball and its network went quiet. Prints p50/p95/p99 of the
latency, the page bytes per ball (p50, p95, max, and the last overs' against the first's: a
page that grows with the match pays for it ball after ball), what the HTTP path through
Hosting sends (live/now, a 304, a card: the capacity model's inputs, benchmarks/scale.py),
and the build's gzipped size.

Then a real T20 is scored by taps, as a club scorer records it (scorebook_tools.console_taps),
with a spectator page following: the taps each ball took from the pad (`taps per ball`) and
each ball's time from its last tap to the spectator page's change of score or overs.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from stats import latency_line, percentile  # benchmarks/ is on sys.path when run as a script

from scorebook.actions import InningsStart, ScoringAction
from scorebook.cricsheet import load_match
from scorebook_tools.browser import MISSING, build_sizes, chromium_path, launch
from scorebook_tools.console_taps import ConsoleScorer, bowl_the_first_offered
from scorebook_tools.emulators import running_emulators, web_origin
from scorebook_tools.kit_example import example_match, sign_up
from scorebook_tools.realdata import real_match
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import assign_match_role, create_match

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-scorebook"
WATCH = """() => {
  window.__seen = [];
  let last = null;
  const note = () => {
    const el = document.querySelector('[data-testid=score]');
    const text = el ? el.textContent : null;
    if (text !== last) { last = text; window.__seen.push([Date.now(), text]); }
  };
  new MutationObserver(note).observe(document.getElementById('app'),
    {subtree: true, childList: true, characterData: true});
  note();
}"""
TAPS = """() => {
  window.__taps = [];
  document.addEventListener('click', (e) => {
    if (e.target.closest('[data-action=runs]')) window.__taps.push(Date.now());
  }, true);
}"""
#: the real T20 the console scores by taps (a retirement, a wicket off a wide, an innings
#: ended by the scorer, the officials' result): the browser test's
TAPPED_MATCH = "1275268"
#: taps for a ball from the pad (issue: the club scorer's day): p50 and max
TAP_GOALS = (1, 5)
#: a spectator page's (score, overs) change noted with the page's clock
CHANGES = """() => {
  window.__changes = [];
  let last = null;
  const note = () => {
    const text = ['score', 'overs'].map((id) =>
      document.querySelector(`[data-testid=${id}]`)?.textContent ?? '').join(' ');
    if (text !== last) { last = text; window.__changes.push(Date.now()); }
  };
  new MutationObserver(note).observe(document.getElementById('app'),
    {subtree: true, childList: true, characterData: true});
}"""
#: a page's network is quiet once nothing arrived for this long: a ball's documents (live/now,
#: its events in the feed) come from one commit, within milliseconds of each other
QUIET_SECONDS = 0.15
#: the goals per ball on the wire (issue: documents by rhythm): the spectator page, the overlay
GOALS = {"the spectator page": 16 * 1024, "the overlay": 6 * 1024}


class WireBytes:
    """Bytes a page received on the network, as the DevTools protocol counts them, per ball.

    Chromium reports a streamed response's bytes on the wire (`encodedDataLength`) late: often
    with the stream's next chunk, so over a 10-over match 11 of the overlay's 119 balls were
    counted 0-112 bytes and the ball after each about two balls' worth, though the page had
    shown each ball when it was counted. The response's content (`dataLength`) is counted as
    the page gets it. So each response's wire bytes are shared out over the balls in the
    proportion its content arrived in them: a Firestore stream (not compressed by the
    emulator) about byte for byte, a gzipped card through Hosting at its compression. Their
    sum is the wire's; a response with no content (a 304) counts where its bytes were
    reported."""

    def __init__(self, context: Any, page: Any) -> None:
        self.total = 0  # every count reported, to tell when the network is quiet
        self.lock = threading.Lock()
        self.wire: dict[str, int] = defaultdict(int)  # by request: encodedDataLength
        self.content: dict[str, int] = defaultdict(int)  # by request: dataLength
        self.marks: list[tuple[dict[str, int], dict[str, int]]] = []
        self.session = context.new_cdp_session(page)
        self.session.on("Network.dataReceived", self._received)
        self.session.send("Network.enable")

    def _received(self, event: dict[str, Any]) -> None:
        wire, content = int(event.get("encodedDataLength") or 0), int(event.get("dataLength") or 0)
        with self.lock:
            self.total += wire + content
            self.wire[event["requestId"]] += wire
            self.content[event["requestId"]] += content

    def settle(self) -> None:
        """Wait until nothing more arrives: the rest of what one ball sent (the feed's
        listener is another than live/now's, and may come a little later). The DevTools
        protocol's events come after the page has the bytes, and a command's answer after
        every event sent before it: each look at the count asks for one first, or a ball's
        last bytes would count as the next ball's."""
        last, quiet_since = -1, time.monotonic()
        while time.monotonic() - quiet_since < QUIET_SECONDS:
            self.session.send("Runtime.evaluate", {"expression": "0"})
            with self.lock:
                total = self.total
            if total != last:
                last, quiet_since = total, time.monotonic()
            time.sleep(0.02)

    def mark(self) -> None:
        """The end of a ball, once `settle` found the page quiet: what arrived since the last
        mark is that ball's."""
        with self.lock:
            self.marks.append((dict(self.wire), dict(self.content)))

    def per_ball(self) -> list[int]:
        """Each ball's bytes on the wire (each response's, shared out by its content)."""
        with self.lock:
            ratio = {r: self.wire[r] / n for r, n in self.content.items() if n}

        def at(mark: tuple[dict[str, int], dict[str, int]]) -> float:
            wire, content = mark
            return sum(content.get(r, 0) * ratio[r] if r in ratio else wire[r] for r in wire)

        totals = [at(m) for m in self.marks]
        return [round(b - a) for a, b in zip(totals, totals[1:], strict=False)]


def _sign_in(scorer: Any, email: str, password: str) -> None:
    scorer.get_by_label("Email").fill(email)
    scorer.get_by_label("Password").fill(password)
    scorer.get_by_role("button", name="Sign in").click()


def whole_match(origin: str, job: dict[str, str], overs: int,
                ) -> tuple[list[float], dict[str, list[int]]]:
    """Both innings tapped ball by ball: each ball's tap-to-spectator seconds, and the bytes
    per ball each page received."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        console = browser.new_context(base_url=origin, viewport={"width": 360, "height": 740})
        fan, stream = browser.new_context(base_url=origin), browser.new_context(base_url=origin)
        scorer, spectator, overlay = console.new_page(), fan.new_page(), stream.new_page()
        wire = {"the spectator page": WireBytes(fan, spectator),
                "the overlay": WireBytes(stream, overlay)}
        match = job["matchId"]
        spectator.goto(f"/match/{match}")
        overlay.goto(f"/match/{match}/overlay")
        scorer.goto(f"/score/{match}")
        _sign_in(scorer, job["email"], job["password"])
        scorer.get_by_role("button", name="Start the innings").click()
        spectator.get_by_test_id("score").wait_for()
        spectator.evaluate(WATCH)
        scorer.evaluate(TAPS)
        seen_from = 0
        for innings in (1, 2):
            _tap_innings(scorer, (spectator, overlay), wire, innings=innings, overs=overs,
                         seen_from=seen_from)
            if innings == 1:  # the innings ends at its overs: the chase, the other side in
                scorer.get_by_role("button", name="Start the innings").click()
                spectator.wait_for_function("() => window.__seen.at(-1)[1] === '0/0'")
                seen_from = len(spectator.evaluate("window.__seen")) - 1
        taps = scorer.evaluate("window.__taps")
        seen = spectator.evaluate("window.__seen")
        browser.close()
    latencies = _latencies(taps, seen, 6 * overs)
    return latencies, {name: count.per_ball() for name, count in wire.items()}


def _tap_innings(scorer: Any, pages: tuple[Any, Any], wire: dict[str, WireBytes], *,
                 innings: int, overs: int, seen_from: int) -> None:
    """A single tapped on every ball of the innings, each waited for on both pages (the
    spectator page, the overlay); a new bowler after each over but the last."""
    spectator, overlay = pages
    for ball in range(1, 6 * overs + 1):
        scorer.get_by_role("button", name="1", exact=True).click()
        _ball_shown(spectator, overlay, wire, innings=innings, ball=ball, seen_from=seen_from)
        if ball % 6 == 0 and ball < 6 * overs:
            bowl_the_first_offered(scorer)


def _ball_shown(spectator: Any, overlay: Any, wire: dict[str, WireBytes], *, innings: int,
                ball: int, seen_from: int) -> None:
    """Wait until both pages show the ball, then close its account of bytes.

    A ball's bytes are what each page received until it showed that ball (the spectator
    page at an over's end its card too, which it reads once an over; the overlay its score)
    and its network went quiet: a window closed before a page's update arrived would count
    it with the next ball's."""
    spectator.wait_for_function(
        "([n, from]) => window.__seen.slice(from).some(([, t]) => t === `${n}/0`)",
        arg=[ball, seen_from])
    if ball % 6 == 0:
        spectator.wait_for_function(
            "([i, n]) => document.querySelector(`[data-testid=innings-${i}] "
            "[data-testid=innings-total]`)?.textContent === String(n)",
            arg=[innings, ball])
    overlay.wait_for_function(
        "(n) => document.querySelector('[data-testid=bug-score]')?.textContent"
        " === `${n}-0`", arg=ball)
    for count in wire.values():
        count.settle()
        count.mark()


def _latencies(taps: list[int], seen: list[list[Any]], balls: int) -> list[float]:
    """Seconds from each tap to the first time the page showed its score (the pages' clocks
    count milliseconds); the chase's scores are looked for after its 0/0."""
    restart = next(i for i, (_, text) in enumerate(seen) if text == "0/0" and i > balls // 2)
    out = []
    for n, tapped in enumerate(taps):
        after = seen[restart:] if n >= balls else seen[:restart]
        out.append((_first_shown(after, f"{n % balls + 1}/0", tapped) - tapped) / 1000)
    return out


def _first_shown(seen: list[list[Any]], score: str, since: int) -> int:
    """When the page first showed `score` at or after `since` (ms, the page's clock)."""
    return next(at for at, text in seen if text == score and at >= since)


def bytes_lines(per_page: dict[str, list[int]], overs: int) -> list[str]:
    """The `page bytes per ball` lines: p50, p95, max, and the last over's median against the
    first's (a page's bytes must not grow with the match; a median, for the last over ends
    the match, whose result and settled card are sent once)."""
    lines = []
    for name, values in per_page.items():
        p95, over = percentile(values, .95), 6
        growth = percentile(values[-over:], .5) / max(1, percentile(values[:over], .5))
        goal = GOALS[name]
        lines.append(
            f"page bytes per ball, {name}: p50 {percentile(values, .5):,}, p95 {p95:,}, max "
            f"{max(values):,} over {len(values)} balls of a whole {overs}-over match (goal "
            f"{goal:,} at p95: {'met' if p95 <= goal else 'NOT met'}); the last over's median "
            f"{growth:.2f}x the first's")
    return lines


def _wire_size(answer: Any) -> tuple[int, bytes]:
    """An HTTP answer's bytes on the wire (its status line, headers and body as sent), and
    its body as sent."""
    head = f"HTTP/1.1 {answer.status_code} {answer.reason}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in answer.headers.items()) + "\r\n"
    body = answer.raw.read()
    return len(head.encode()) + len(body), body


def http_line(origin: str, match_id: str, overs: int) -> str:
    """What the HTTP path (Hosting's `/live/...json`, as a browser asks for it: gzip) sends:
    live/now, a poll that finds nothing new (304) and a whole innings' card."""
    import requests

    def get(document: str, tag: str | None = None) -> Any:
        headers = {"Accept-Encoding": "gzip, deflate, br"} | ({"If-None-Match": tag} if tag
                                                               else {})
        return requests.get(f"{origin}/live/{match_id}/{document}.json", headers=headers,
                            stream=True, timeout=30)

    now = get("now")
    unchanged = get("now", now.headers.get("ETag"))
    card = get("innings2")
    (now_size, _), (unchanged_size, _), (card_size, sent) = (
        _wire_size(answer) for answer in (now, unchanged, card))
    json_size = len(gzip.decompress(sent) if card.headers.get("Content-Encoding") == "gzip"
                    else sent)
    return (f"http bytes through Hosting (gzip): live/now {now_size:,}, a poll answered 304 "
            f"{unchanged_size:,}, the card of a {overs}-over innings {card_size:,} (its JSON "
            f"{json_size:,}; status {now.status_code}, {unchanged.status_code}, "
            f"{card.status_code})")


def real_match_by_taps(origin: str, path: Path) -> tuple[ConsoleScorer, list[float]]:
    """A real T20 scored by taps in the console (scorebook_tools.console_taps) while a
    spectator page follows it: the thumb's counts, and each ball's seconds from its last tap
    to the spectator page showing it (each ball waits for the page before the next)."""
    from playwright.sync_api import sync_playwright

    match, actions = load_match(path, match_id=f"taps-{path.stem}-{int(time.time())}")
    admin = FirestoreRest.as_admin(PROJECT)
    create_match(admin, match)
    email, password = f"thumb-{int(time.time())}@example.com", "secret123"
    assign_match_role(admin, match.id, sign_up(email, password))
    seconds: list[float] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        console = browser.new_context(base_url=origin, viewport={"width": 360, "height": 740})
        scorer, spectator = console.new_page(), browser.new_context(base_url=origin).new_page()
        spectator.goto(f"/match/{match.id}")
        spectator.evaluate(CHANGES)
        scorer.goto(f"/score/{match.id}")
        _sign_in(scorer, email, password)
        thumb = ConsoleScorer(scorer)
        for action in actions:
            thumb.play(action)
            if isinstance(action, ScoringAction | InningsStart):
                handle = spectator.wait_for_function(
                    "(t) => window.__changes.find((at) => at >= t)", arg=thumb.last_tap_ms)
                if isinstance(action, ScoringAction):
                    seconds.append((handle.json_value() - thumb.last_tap_ms) / 1000)
        browser.close()
    return thumb, seconds


def taps_line(thumb: ConsoleScorer, balls: int) -> str:
    p50, most = percentile(thumb.ball_taps, .5), max(thumb.ball_taps)
    met = p50 <= TAP_GOALS[0] and most <= TAP_GOALS[1]
    return (f"taps per ball: p50 {p50}, max {most} over {balls} balls of the real T20 "
            f"{TAPPED_MATCH} scored in the console (goal p50 {TAP_GOALS[0]}, max "
            f"{TAP_GOALS[1]}: {'met' if met else 'NOT met'}); between balls (a new bowler, a "
            f"new batter, the ends swapped {thumb.swaps} times, the innings' starts and end, "
            f"the result) {thumb.between_taps} taps")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench-web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--overs", type=int, default=20,
                        help="overs an innings, both innings scored (default 20)")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print(MISSING, file=sys.stderr)
        return 2
    kb = sum(build_sizes(REPO / "web" / "dist").values()) / 1024
    print(f"web/dist: {kb:.1f} KB gzipped (the budget: 300 KB)", flush=True)
    path = real_match(TAPPED_MATCH)
    with running_emulators(REPO, PROJECT):
        job = example_match(PROJECT, overs=args.overs)
        seconds, per_page = whole_match(web_origin(REPO), job, args.overs)
        print(latency_line(f"browser, scorer's tap in the console -> the spectator page shows "
                           f"the ball, a whole match of {args.overs} overs an innings", seconds))
        for line in bytes_lines(per_page, args.overs):
            print(line, flush=True)
        print(http_line(web_origin(REPO), job["matchId"], args.overs), flush=True)
        if path is None:
            print(f"taps per ball: skipped, Cricsheet match {TAPPED_MATCH} is not here "
                  "(make data)")
            return 0
        thumb, tapped = real_match_by_taps(web_origin(REPO), path)
    print(taps_line(thumb, len(tapped)))
    print(latency_line(f"browser, the real T20 {TAPPED_MATCH} tapped in the console -> the "
                       "spectator page shows the ball", tapped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
