"""The proof of the console: a whole real T20 from Cricsheet scored by taps in the web app's
console at a phone's width, in a real Chromium against the emulators: extras, wickets with
their fielders, a batter retiring hurt, a wicket off a wide, the end of an innings and the
officials' result; the network cut for two overs and the page reloaded in the middle. The
match ends with live/score's scorecard equal to the one the Cricsheet log gives (itself
checked against the published scorecard: tests/unit/tools/test_cricsheet_scorecards.py)."""

from __future__ import annotations

import uuid
from statistics import median

import pytest

from scorebook.actions import ScoringAction
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.service.live_score import expected_live_score
from scorebook.views.live_now import innings_documents
from scorebook_tools.console_taps import ConsoleScorer
from scorebook_tools.scoring_app import read_live_score
from tests.conftest import real_match_params
from tests.emulator.browser import shown
from tests.emulator.harness import differences, wait_for
from tests.emulator.test_console import OFFLINE, console_of

#: innings 2's overs 8 and 9 are scored with no network, and the page is reloaded (a killed
#: tab) before over 9, with over 8 waiting on the device for the server
OFFLINE_OVERS = (2, 8, 10)
RELOAD_AT = (2, 9)
#: every write the console counts as waiting is on the device's disk (Firestore's cache):
#: a tab killed in the moment after a tap, before the SDK has written it there, loses it
ON_DISK = """() => {
  const el = document.querySelector('[data-testid="pending"]');
  const waiting = Number((el.textContent.match(/(\\d+) waiting/) || [0, 0])[1]);
  return waiting > 0 && Number(el.dataset.saved) === waiting;
}"""
#: what a card shows that the taps need not reproduce: the last action's id (a swap of ends
#: is an action of its own in the console's log)
NOT_THE_SCORECARD = {"lastActionId"}


def card(score: dict) -> dict:
    """The innings' cards, each partnership as its two batters with their runs: which of
    them is A (the striker when it began) changes with a swap of ends before its first ball,
    which a scorer taps where a Cricsheet log simply names the striker."""
    cards = {n: {k: v for k, v in c.items() if k not in NOT_THE_SCORECARD}
             for n, c in innings_documents(score).items()}
    for c in cards.values():
        c["partnerships"] = [
            {**{k: v for k, v in p.items() if not k.startswith("batsman")},
             "batters": sorted([(p.get("batsmanAId"), p.get("batsmanARuns")),
                                (p.get("batsmanBId"), p.get("batsmanBRuns"))], key=str)}
            for p in c.get("partnerships") or []]
    return cards


@pytest.mark.long
@pytest.mark.parametrize("path", real_match_params(["1275268"]))
def test_a_whole_real_t20_scored_by_taps_ends_equal_to_its_scorecard(
        admin, tabs, path) -> None:
    match, actions = load_match(path, match_id=f"taps-{uuid.uuid4().hex[:8]}")
    console, _ = console_of(admin, tabs, match)
    page = console.page
    thumb = ConsoleScorer(page)

    innings, off_from, off_to = OFFLINE_OVERS
    offline = reloaded = False
    for action in actions:
        if isinstance(action, ScoringAction):
            where = (action.inningsNumber, action.overNumber)
            if where == (innings, off_from) and not offline:
                console.context.set_offline(True)
                offline = True
            elif where == RELOAD_AT and not reloaded:
                page.wait_for_function(ON_DISK)
                page.reload()  # a locked phone, a killed tab, at a ground with no signal
                page.get_by_test_id("pending").wait_for()
                reloaded = True
            elif where == (innings, off_to) and offline:
                # what waits is shown
                shown(console, "pending", "waiting for the server", ending=True)
                console.context.set_offline(False)
        try:
            thumb.play(action)
        except Exception as failed:
            log = sorted(admin.list(f"matches/{match.id}/scoring_actions"))[-8:]
            ends = [(i, d.get("bowlerId"), d["isVoided"]) for i, d in log]
            failed.add_note(f"the server's log ends: {ends}")
            raise
        if action.id == actions[len(actions) // 2].id:
            console.screenshot("console-phone-whole-match-midway")

    shown(console, "pending", "All sent")
    expected = expected_live_score(match, [(a.id, to_document(a)) for a in actions])

    def filed() -> dict | None:
        score = read_live_score(admin, match.id) or {}
        return score if score.get("result") and card(score) == card(expected) else None

    try:
        score = wait_for(filed, "live/score's scorecard equal to the Cricsheet log's", 120)
    except BaseException as failed:
        failed.add_note("\n".join(differences(card(read_live_score(admin, match.id) or {}),
                                               card(expected))))
        raise
    assert (score["result"], score["resultType"], score["winnerId"]) == (
        expected["result"], expected["resultType"], expected["winnerId"])
    # nothing flagged that the Cricsheet log's projection does not flag (a double tap, an
    # over too long, a ball after the result...)
    codes = [p["code"] for p in score.get("integrity") or []]
    assert codes == [p["code"] for p in expected.get("integrity") or []], score["integrity"]
    assert offline and reloaded
    console.screenshot("console-phone-whole-match-filed")
    # a plain ball one tap, an extra two, a wicket with its fielder at most five
    assert median(thumb.ball_taps) == 1 and max(thumb.ball_taps) <= 5, thumb.ball_taps
    assert [e for e in console.errors() if not any(o in e for o in OFFLINE)] == []
