"""The bench match scored action by action as its scorer through the emulators, and the
spectators that time it: the scoreboard's listener on live/now (a device of its own), and,
unless it listens alone, the others a match has (`Others`): an app on the whole live/score,
a ticker on the feed, the byte counters. Before the last delivery, the usual undo, the undo
of a ball of the first over and a correction half way through, each with the reads and
writes of the run that projected it (benchmarks/pipeline.py prints them)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import latency  # benchmarks/ is on sys.path when run as a script
from spectator_bytes import SpectatorBytes
from stats import latency_line, percentile

from scorebook.firestore.client import firestore_client
from scorebook.firestore.live_score import refresh_live_score
from scorebook.firestore.paths import (
    checkpoint_path,
    events_path,
    ledger_path,
    lineups_path,
    scoring_actions_path,
)
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import correct_action, void_action, write_action
from scorebook_tools.spectator import FeedListener, feed_differences, pure_feed

SCORER = "bench-scorer"
#: what the bench's ticker listens to: the last events of the feed
TICKER = 20


#: the goal for any void or correction, however old the ball (issue 20), in reads
OLD_CHANGE_GOAL = 100


def void_and_measure(
    admin: FirestoreRest, scorer: FirestoreRest, match_id: str, action_id: str
) -> tuple[int, int, str, int]:
    """Void one action; return the reads, writes and mode of the run that projected it."""
    before = admin.get(checkpoint_path(match_id)) or {}
    void_action(scorer, match_id, action_id, "benchmark undo", uid=SCORER)
    return _run_after(admin, match_id, before, f"the void of {action_id}")


def correct_and_measure(
    admin: FirestoreRest, scorer: FirestoreRest, match_id: str, original: Any
) -> tuple[int, int, str, int]:
    """Correct a ball (a correction at its place, then the original voided naming it, as
    apps do); return the reads, writes and mode of the run that folded the void."""
    runs = (original.runsOffBat + 1) % 4  # a ball without extras: runs not a boundary
    corrected = original.model_copy(update={"runsOffBat": runs, "totalRuns": runs,
                                            "isBoundary": None})
    before = admin.get(checkpoint_path(match_id)) or {}
    correct_action(scorer, original, corrected, SCORER, "benchmark correction")
    return _run_after(admin, match_id, before, f"the correction of {original.id}")


def _run_after(admin: FirestoreRest, match_id: str, before: dict, what: str,
               ) -> tuple[int, int, str, int]:
    """The checkpoint's account of the run that folded one more void than `before`."""
    deadline = time.monotonic() + 60
    while (run := admin.get(checkpoint_path(match_id)) or {}).get("voided", 0) <= before.get(
            "voided", 0):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} was not projected")
        time.sleep(0.02)
    return run["lastRunReads"], run["lastRunWrites"], run["lastMode"], run["actions"]


class Others:
    """The listeners beside the scoreboard: an app on live/score whole (a device of its own),
    the ticker, the whole feed (`whole_feed`), and the bytes a spectator's listeners receive.
    On the emulator they share one server and the machine's two cores with the scoreboard's
    listener, which waits the longer the more they receive: the goals are timed in a replay
    without them (`Replay`)."""

    def __init__(self, match_id: str, *, whole_feed: bool) -> None:
        self.whole = latency.Apart(f"matches/{match_id}/live/score")
        # a listener on the whole feed: the Python client's watch of a query that keeps
        # growing slows past ~1,000 events, and the machine with it (opt-in for long runs)
        self.feed = FeedListener(match_id) if whole_feed else None
        self.ticker = FeedListener(match_id, ticker=TICKER)
        self.bytes_received = SpectatorBytes(match_id)
        self.feed_latencies: list[float] = []
        self.ticker_latencies: list[float] = []
        self.whole_latencies: list[float] = []

    def wait(self, action: Any, sent_at: float, sent: float) -> None:
        """Until each of them has `action` (written at `sent_at`, wall; `sent`, monotonic)."""
        self.whole_latencies.append(self.whole.wait(action.id)[0] - sent_at)
        if getattr(action, "kind", None) == "delivery":
            if self.feed is not None:
                self.feed_latencies.append(self.feed.wait_for(action.id) - sent)
            self.ticker_latencies.append(self.ticker.wait_for(action.id) - sent)

    def close(self) -> None:
        self.whole.close()
        self.bytes_received.close()
        if self.feed is not None:
            self.feed.close()
        self.ticker.close()

    def report(self) -> None:
        print(latency_line("end-to-end latency, scorer write -> an app sees live/score, whole",
                           self.whole_latencies))
        print(*self.bytes_received.report(), sep="\n")
        if self.feed_latencies:
            print(latency_line("end-to-end latency, scorer write -> spectator's feed has "
                               "BALL_BOWLED", self.feed_latencies))
        print(latency_line(f"end-to-end latency, scorer write -> a ticker of the last {TICKER} "
                           "events has BALL_BOWLED", self.ticker_latencies))


#: what the replay reads of the checkpoint after each ball: its run's mode and cost
RUN_FIGURES = ("version", "lastMode", "lastRunReads", "lastRunWrites")


class Replay:
    """The bench match scored action by action as its scorer, timed by its spectators: one
    on live/now (the scoreboard), a device of its own (latency.Apart), and the others
    (`Others`) unless `alone`.

    The goals are timed with the scoreboard's listener alone, as the floors are. With the
    others on, the scoreboard's listener waits for them on the emulator: for the ticker's
    query, which the emulator evaluates again over the whole feed on every event published
    (benchmarks/emulator_listeners.py: beside a listener on the last 20 of 3,000 events a
    document's listener went from 5.6 to 9.5 ms, alone it stayed at 1 ms), and on two
    cores for the apps decoding a five-day Test's live/score. Over a five-day Test its part
    of a ball grew from 8.7 to 24 ms with them, and from 2.7 to 3.2 ms alone. Production
    Firestore answers a listener from what a commit changed, with no server shared by the
    others."""

    def __init__(self, admin: FirestoreRest, scorer: FirestoreRest, match_id: str,
                 breakdown: latency.Breakdown, *, whole_feed: bool = False,
                 alone: bool = False) -> None:
        self.admin, self.scorer, self.match_id, self.breakdown = admin, scorer, match_id, breakdown
        # the spectator's scoreboard: live/now, what changes every ball (the issue of
        # documents by rhythm)
        self.spectator = latency.Apart(f"matches/{match_id}/live/now")
        self.others = None if alone else Others(match_id, whole_feed=whole_feed)

    def score(self, action: Any) -> dict:
        """Write `action`, wait until every spectator has it; the checkpoint after it."""
        sent, sent_at = time.monotonic(), time.time()
        committed = write_action(self.scorer, action).timestamp()
        ball = latency.ball_times(sent_at, committed, self.spectator.wait(action.id))
        self.breakdown.balls.append(ball)
        if self.others is not None:
            self.others.wait(action, sent_at, sent)
        # (its run's figures alone: a five-day Test's whole checkpoint is 75 KB of JSON for
        # the emulator to make and the bench to parse, on the two cores the next ball shares)
        return self.admin.get(checkpoint_path(self.match_id), fields=RUN_FIGURES) or {}

    def ball(self, version: int, innings: int) -> None:
        """The account of the bytes received closed for the ball that made `version`."""
        if self.others is not None:
            self.others.bytes_received.ball(version, innings)

    def close(self) -> None:
        self.spectator.close()
        if self.others is not None:
            self.others.close()

    def report(self) -> None:
        """The scoreboard's latency beside every other listener, the first sixth of the match
        against the last, and what the others received."""
        warm = self.breakdown.balls[1:]
        sixth = max(1, len(warm) // 6)
        first, last = (1000 * percentile([b.listener for b in part], .5)
                       for part in (warm[:sixth], warm[-sixth:]))
        print(latency_line("with every listener on: scorer write -> spectator sees live/now",
                           [b.total for b in warm]))
        print(f"with every listener on: the listener's part, p50, the first sixth of the match "
              f"-> the last: {first:.1f} -> {last:.1f} ms ({last / first - 1:+.0%}; the "
              f"emulator's, benchmarks/emulator_listeners.py)")
        if self.others is not None:
            self.others.report()


@dataclass
class Replayed:
    """What the replay measured beside its latencies."""

    #: (over of the match, reads, writes, mode) of each in-order action's run
    cost: list[tuple[int, int, int, str]]
    undo_last: tuple
    undo_old: tuple
    corrected: tuple
    #: (reads, writes, mode) of the next ball's run after the undos
    after_void: tuple
    published: list[dict]
    feed_exact: bool
    #: the reconciliation of the match at its end: (the log's actions, the reads of its run
    #: every 5 minutes, `whole_because`'s; of its whole verification once an hour: live/lineups
    #: and its refold, `verify`, and the ledger's chain, `verify_chain`: every entry and every
    #: action again, and live/score)
    sweep: tuple[int, int, int, int] = (0, 0, 0, 0)


def replay_match(replay: Replay, match: Any, actions: list[Any]) -> Replayed:
    """Every action in order, with the undos and a correction measured before the last
    delivery: once the result is reached, only an admin may void (a real match's log ends
    with the result, its last delivery before)."""
    admin, match_id = replay.admin, replay.match_id
    last = max(i for i, a in enumerate(actions) if getattr(a, "kind", "") == "delivery")
    cost = _score_in_order(replay, match, actions[:last])
    undo_last, undo_old, corrected = _changes_measured(replay, actions[:last])
    after = replay.score(actions[last])
    for action in actions[last + 1:]:
        replay.score(action)
    # the feed as spectators read it, retractions applied, against the pure one
    published = [d for _, d in admin.list(events_path(match_id))]
    log = admin.list(scoring_actions_path(match_id))
    return Replayed(cost, undo_last, undo_old, corrected,
                    (after["lastRunReads"], after["lastRunWrites"], after["lastMode"]),
                    published, not feed_differences(published, pure_feed(match, log)),
                    _sweep(admin, match_id, log))


def _score_in_order(replay: Replay, match: Any, actions: list[Any],
                    ) -> list[tuple[int, int, int, str]]:
    """Each action scored; (over of the match, reads, writes, mode) of each one's run."""
    cost: list[tuple[int, int, int, str]] = []
    legal_balls = 0
    for action in actions:
        run = replay.score(action)
        replay.ball(run.get("version", 0), action.inningsNumber)
        legal_balls += bool(getattr(action, "isLegalDelivery", False))
        cost.append((legal_balls // match.ballsPerOver, run.get("lastRunReads", -1),
                     run.get("lastRunWrites", -1), run.get("lastMode", "?")))
    return cost


def _changes_measured(replay: Replay, scored: list[Any]) -> tuple[tuple, tuple, tuple]:
    """The usual undo (the ball just scored), then a ball of the first over, then a
    correction of a ball half way through: the first is refolded from the over's start,
    the others from their page of the log."""
    admin, scorer, match_id = replay.admin, replay.scorer, replay.match_id
    deliveries = [a for a in scored if getattr(a, "kind", "") == "delivery"]
    undo_last = void_and_measure(admin, scorer, match_id, deliveries[-1].id)
    undo_old = void_and_measure(admin, scorer, match_id, deliveries[1].id)
    corrected = correct_and_measure(admin, scorer, match_id, _plain_ball(deliveries))
    return undo_last, undo_old, corrected


def _plain_ball(deliveries: list[Any]) -> Any:
    """The first ball of the second half that is legal, not a wicket, has no extras and is
    not a boundary: its correction changes its runs alone."""
    return next(a for a in deliveries[len(deliveries) // 2:] if not a.isWicket
                and a.totalRuns == a.runsOffBat < 4 and a.isLegalDelivery)


def _sweep(admin: FirestoreRest, match_id: str, log: list) -> tuple[int, int, int, int]:
    """The reconciliation's reads at the match's end (`Replayed.sweep`)."""
    _, refold = refresh_live_score(firestore_client(), match_id, check=True, repair=False)
    chain = len(admin.list(ledger_path(match_id))) + len(log) + 1
    voided = sum(bool(d.get("isVoided")) for _, d in log)
    # the match (the query of those not over), the checkpoint and the reconciliation's
    # record, a count of the log and of its voided actions (Firestore bills a read per 1,000
    # entries a count matches, one at least)
    counts = 3 + max(1, math.ceil(len(log) / 1000)) + max(1, math.ceil(voided / 1000))
    # and, whole: live/lineups against the lineups (the match, its lineups, the checkpoint,
    # live/lineups), then the refold
    lineups = 3 + max(1, len(admin.list(lineups_path(match_id))))
    return len(log), counts, lineups + refold, chain
