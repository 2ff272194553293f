"""A club scorer's thumb: a match's log played into the web app's console (`/score/{id}`)
by taps, as a scorer at the ground would record it, in a Playwright page.

Each action of the log becomes what the console offers for it: the pad for a ball (runs, an
extra then its runs, the Wicket form with how, who and the fielder), the forms between balls
(the new over's bowler, the next batter, a retirement, the end of an innings, the officials'
result). Where the console's idea of who is facing differs from the log's (the batters
crossed on a catch, or a run out at the other end), the scorer taps Swap ends, as one would.

`taps` counts what a thumb does: a button, a choice in a list that differs from what the
form offers first, a number typed. The taps for a ball are kept apart from those between
balls (a new bowler, a new batter, a swap): the first is what the pad costs a ball.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scorebook.actions import (
    Action,
    InningsEnd,
    InningsStart,
    MatchResult,
    Retirement,
    ScoringAction,
)

#: how long the console may take to show the next screen (it answers a tap locally)
SCREEN_MS = 15_000
#: how long the functions may take to close an innings or a match (a server's answer)
SERVER_MS = 60_000


#: the functions' window for the same ball tapped twice (scorebook.fold.slips), and a margin
DOUBLE_TAP_MS = 1_200


class Unplayable(ValueError):
    """An action the console has no tap for (the test picks matches it can score)."""


@dataclass
class ConsoleScorer:
    """Plays actions into a console page that is signed in and shows the match."""

    page: Any
    ball_taps: list[int] = field(default_factory=list)
    between_taps: int = 0
    swaps: int = 0
    #: when the last ball's (or innings start's) last tap was made, in ms since the epoch:
    #: the clock a page's Date.now() reads too
    last_tap_ms: float = 0.0
    #: the last ball as the functions compare balls, and when the console had taken it
    _last_ball: tuple[Any, ...] | None = None
    _last_ball_ms: float = 0.0

    # -- what the console shows -------------------------------------------------------------
    def _status(self) -> tuple[str, str]:
        line = self.page.get_by_test_id("pending")
        return line.get_attribute("data-innings") or "", line.get_attribute("data-next") or ""

    def _moved_on(self, before: tuple[str, str]) -> None:
        """Wait until the console has laid the write just tapped over its log."""
        innings, seq = before
        self.page.wait_for_function(
            """([innings, seq]) => {
              const el = document.querySelector('[data-testid="pending"]');
              return el && (el.dataset.innings !== innings || el.dataset.next !== seq);
            }""", arg=[innings, seq], timeout=SCREEN_MS)

    def _form(self, name: str) -> Any:
        return self.page.locator(f'form[data-form="{name}"]')

    def _button(self, name: str) -> Any:
        return self.page.get_by_role("button", name=name, exact=True)

    def _choose(self, form: Any, field_name: str, value: str) -> int:
        """Pick `value` in a list of the form: a tap unless it is already chosen."""
        select = form.locator(f'select[name="{field_name}"]')
        if select.input_value() == value:
            return 0
        if value not in _offered(select):
            raise Unplayable(f"the console does not offer {value!r} as {field_name} "
                             f"({_offered(select)})")
        select.select_option(value)
        return 1

    def _type(self, form: Any, field_name: str, value: int, default: int | None = None) -> int:
        """Type `value` in a number field: a tap unless it holds it (None: it starts empty)."""
        if value == default:
            return 0
        form.locator(f'input[name="{field_name}"]').fill(str(value))
        return 1

    # -- the log, action by action ----------------------------------------------------------
    def play(self, action: Action) -> None:
        try:
            self._play(action)
        except Exception as failed:
            status = self.page.get_by_test_id("pending").evaluate("e => e.outerHTML")
            said = self.page.locator('[data-region="message"]').inner_text()
            body = self.page.locator('[data-region="body"]').inner_text()[:300]
            failed.add_note(f"playing {action.id} ({action.kind}); the console's status: "
                            f"{status} {said!r}; it shows: {body!r}")
            raise

    def _play(self, action: Action) -> None:
        tap = _TAPS.get(type(action))
        if tap is None:
            raise Unplayable(f"no tap records a {action.kind} yet")
        tap(self, action)

    def _start(self, a: InningsStart) -> None:
        form = self._form("start")
        form.wait_for(timeout=SERVER_MS)  # the innings before closed by the functions' fold
        before = self._status()
        taps = self._choose(form, "batting", f"{a.battingTeamId}|{a.bowlingTeamId}")
        form = self._form("start")  # drawn again for the side chosen
        for name, value in (("striker", a.strikerId), ("nonStriker", a.nonStrikerId),
                            ("bowler", a.bowlerId)):
            if value is not None:
                taps += self._choose(form, name, value)
        self.last_tap_ms = time.time() * 1000
        self._button("Start the innings").click()
        self.between_taps += taps + 1
        self._moved_on(before)

    def _ready_for(self, d: ScoringAction) -> None:
        """The batters and the bowler the ball names, at the ends it names."""
        # (after a reload the console reads the log first)
        self.page.locator('p.facing, form[data-form="batter"], form[data-form="bowler"]'
                          ).first.wait_for(timeout=SCREEN_MS)
        if self._form("batter").count():
            self._send_in(d)
        facing = self._bowler_ready(d)
        at = (facing.get_attribute("data-striker"), facing.get_attribute("data-non-striker"))
        if at == (d.nonStrikerId, d.strikerId):
            before = self._status()
            self._button("Swap ends").click()
            self.between_taps += 1
            self.swaps += 1
            self._moved_on(before)
        elif at != (d.strikerId, d.nonStrikerId):
            raise Unplayable(f"the console has {at} at the crease, the ball {d.id} names "
                             f"{(d.strikerId, d.nonStrikerId)}")

    def _bowler_ready(self, d: ScoringAction) -> Any:
        """The ball's bowler on: chosen for a new over, or changed within one; the line that
        says who faces whom, once it shows."""
        if self._button("Bowl").count():  # a new over
            form = self._form("bowler")
            self.between_taps += self._choose(form, "bowler", d.bowlerId) + 1
            self._button("Bowl").click()
        facing = self.page.locator("p.facing")
        facing.wait_for(timeout=SCREEN_MS)
        if facing.get_attribute("data-bowler") != d.bowlerId:  # Law 17.8: another finishes it
            self._button("Change bowler…").click()
            self.between_taps += self._choose(self._form("bowler"), "bowler", d.bowlerId) + 2
            self._button("Bowl on").click()
        return facing

    def _send_in(self, d: ScoringAction) -> None:
        form = self._form("batter")
        offered = _offered(form.locator('select[name="batter"]'))
        incoming = next((p for p in (d.strikerId, d.nonStrikerId) if p in offered), None)
        if incoming is None:
            raise Unplayable(f"neither batter of {d.id} is offered to come in ({offered})")
        before = self._status()
        self.between_taps += self._choose(form, "batter", incoming) + 1
        self._button("Send in").click()
        self._moved_on(before)

    def _ball(self, d: ScoringAction) -> None:
        self._ready_for(d)
        # No scorer taps the same ball twice within a second, except by mistake, which the
        # functions flag (possible_double_tap): two dots in a row are a second apart here.
        same = (d.strikerId, d.nonStrikerId, d.bowlerId, d.runsOffBat, d.extras, d.wicket)
        if same == self._last_ball:
            time.sleep(max(0.0, (self._last_ball_ms + DOUBLE_TAP_MS - time.time() * 1000) / 1000))
        self._last_ball = same
        extra, runs = _as_tapped(d)
        before = self._status()
        taps = 0
        if extra:
            self._button(extra).click()
            taps += 1
        if d.wicket is None:
            self.last_tap_ms = time.time() * 1000
            self._button(f"+{runs}" if extra else str(runs)).click()
            taps += 1
        else:
            taps += self._wicket(d, runs)
        self.ball_taps.append(taps)
        self._moved_on(before)
        self._last_ball_ms = time.time() * 1000

    def _wicket(self, d: ScoringAction, runs: int) -> int:
        w = d.wicket
        assert w is not None
        self._button("Wicket").click()
        form = self._form("wicket")
        taps = 1 + self._choose(form, "how", w.type) + self._choose(form, "batter",
                                                                     w.dismissedPlayerId)
        if w.fielderIds:
            taps += self._choose(form, "fielder", w.fielderIds[0])
        if set(w.fielderIds[:1]) & set(w.substituteFielderIds):
            form.locator('input[name="substitute"]').check()
            taps += 1
        taps += self._type(form, "runs", runs, 0)
        self.last_tap_ms = time.time() * 1000
        self._button("Record the wicket").click()
        return taps + 1

    def _retire(self, a: Retirement) -> None:
        self._button("Retire…").click()
        form = self._form("retire")
        taps = 1 + self._choose(form, "batter", a.batterId) + self._choose(form, "how", a.type)
        before = self._status()
        self._button("Record the retirement").click()
        self.between_taps += taps + 1
        self._moved_on(before)

    def _end(self, a: InningsEnd) -> None:
        innings, _ = self._status()
        if innings != str(a.inningsNumber):
            return  # the fold ended it by itself (all out, the overs, the target)
        self._button("End innings…").click()
        taps = 1 + self._choose(self._form("end"), "reason", a.reason)
        before = self._status()
        self._button(f"Yes, end innings {a.inningsNumber}").click()
        self.between_taps += taps + 1
        self._moved_on(before)

    def _result(self, a: MatchResult) -> None:
        opener = self._button("Record the officials' result…")
        opener.wait_for(timeout=SERVER_MS)  # the functions completed the match
        opener.click()
        form = self._form("result")
        taps = 1 + self._choose(form, "result", a.result)
        if a.winnerId:
            taps += self._choose(form, "winner", a.winnerId)
        for field_name in ("runs", "wickets"):  # the margin's, each a field of the form
            value = getattr(a.winMargin, field_name, None)
            if value is not None:
                taps += self._type(form, field_name, value)
        if a.method:
            taps += self._choose(form, "method", a.method)
        self._button("Record the result").click()
        self.between_taps += taps + 1


#: the taps that record each kind of action the console can record
_TAPS: dict[type, Callable[[ConsoleScorer, Any], None]] = {
    ScoringAction: ConsoleScorer._ball,
    InningsStart: ConsoleScorer._start,
    Retirement: ConsoleScorer._retire,
    InningsEnd: ConsoleScorer._end,
    MatchResult: ConsoleScorer._result,
}


def bowl_the_first_offered(page: Any) -> None:
    """At an over's end, the first bowler the console offers bowls it (it chooses none by
    itself): what a test or a bench that does not replay a real match's bowlers taps."""
    form = page.locator('form[data-form="bowler"]')
    select = form.locator('select[name="bowler"]')
    select.select_option(select.locator("option:not([disabled])").first.get_attribute("value"))
    form.get_by_role("button", name="Bowl").click()


def _offered(select: Any) -> list[str]:
    """The values a list of a form offers."""
    return select.locator("option").evaluate_all("os => os.map(o => o.value)")


def _as_tapped(d: ScoringAction) -> tuple[str | None, int]:
    """The extra's button (None: off the bat) and the runs button after it."""
    e = d.extras
    # two of wide, no-ball, bye and leg-bye at once (a no-ball's byes too) is no one button
    if e.penalty or sum(bool(x) for x in (e.wide, e.noBall, e.bye, e.legBye)) > 1:
        raise Unplayable(f"{d.id}: no pad records the extras {e}")
    extra, runs = _extra_and_runs(d)
    if not 0 <= runs <= 6:
        raise Unplayable(f"{d.id}: {runs} runs is off the pad (0 to 6)")
    return extra, runs


def _extra_and_runs(d: ScoringAction) -> tuple[str | None, int]:
    """The one extra of the ball, and the runs its button takes: a wide's beyond its
    penalty, a no-ball's off the bat, the byes or leg-byes; else the runs off the bat."""
    e = d.extras
    if e.wide:
        return "Wide", e.wide - 1
    if e.noBall:
        return "No-ball", d.runsOffBat
    if e.bye:
        return "Bye", e.bye
    if e.legBye:
        return "Leg-bye", e.legBye
    return None, d.runsOffBat
