"""The web app in a real browser: from a scorer's tap in the console to the spectator page
showing the ball, over an innings; and the production build's size.

Starts the emulators (Hosting serves web/dist), makes a T20 and a signed-up scorer
(scorebook_tools.kit_example.example_match), opens the scorer console and the spectator page
in one headless Chromium (two contexts: two devices on one clock), and taps a single on
every ball of a 20-over innings, choosing a new bowler after each over. The tap's time is
taken in the console page (a click listener), the update's in the spectator page (a
MutationObserver on the page, noting when the score's text changes); each ball waits for the
spectator before the next tap. Prints p50/p95/p99 and the build's gzipped size.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stats import latency_line  # benchmarks/ is on sys.path when run as a script

from scorebook_tools.browser import MISSING, build_sizes, chromium_path, launch
from scorebook_tools.emulators import running_emulators, web_origin
from scorebook_tools.kit_example import example_match

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


def innings_latencies(origin: str, job: dict[str, str], overs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        console = browser.new_context(base_url=origin, viewport={"width": 360, "height": 740})
        fan = browser.new_context(base_url=origin)
        scorer, spectator = console.new_page(), fan.new_page()
        match = job["matchId"]
        spectator.goto(f"/match/{match}")
        scorer.goto(f"/score/{match}")
        scorer.get_by_label("Email").fill(job["email"])
        scorer.get_by_label("Password").fill(job["password"])
        scorer.get_by_role("button", name="Sign in").click()
        scorer.get_by_role("button", name="Start the innings").click()
        spectator.get_by_test_id("score").wait_for()
        spectator.evaluate(WATCH)
        scorer.evaluate(TAPS)
        for ball in range(1, 6 * overs + 1):
            scorer.get_by_role("button", name="1", exact=True).click()
            spectator.wait_for_function(
                "n => window.__seen.some(([, text]) => text === `${n}/0`)", arg=ball)
            if ball % 6 == 0 and ball < 6 * overs:
                scorer.get_by_role("button", name="Bowl").click()
        taps = scorer.evaluate("window.__taps")
        seen = {text: at for at, text in spectator.evaluate("window.__seen")}
        browser.close()
    # seconds, as latency_line takes them (the pages' clocks count milliseconds)
    return [(seen[f"{n}/0"] - taps[n - 1]) / 1000 for n in range(1, len(taps) + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench-web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--overs", type=int, default=20, help="overs to score (default 20)")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print(MISSING, file=sys.stderr)
        return 2
    kb = sum(build_sizes(REPO / "web" / "dist").values()) / 1024
    print(f"web/dist: {kb:.1f} KB gzipped (the budget: 300 KB)", flush=True)
    with running_emulators(REPO, PROJECT):
        job = example_match(PROJECT)
        seconds = innings_latencies(web_origin(REPO), job, args.overs)
    print(latency_line(f"browser, scorer's tap in the console -> the spectator page shows the "
                       f"ball, one innings of {args.overs} overs", seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
