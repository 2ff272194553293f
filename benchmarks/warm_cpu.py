"""The trigger's CPU per ball on the warm path, by stage of the match, with no emulator.

Replays the generated 450-over Test (benchmarks/synthetic.py) ball by ball through the
service (`maintain`) over an in-memory transaction, as a warm instance runs it: each run
reads the checkpoint it wrote last (RecentCheckpoints finds the object it kept) and writes
the checkpoint and live/score. Prints, per stage of the match, the median and p95 CPU time
of a run, and of its parts: rendering live/score (`expected_document`), the checkpoint's
stored form, and the Firestore adapter's write (`FirestoreProjectionTx.write`: the changes
against the previous live/score, every write of the commit built and encoded as for the
emulator, but never sent), with the bytes of live/score's write.

Deterministic work, so not noisy as the emulators' latency is: compare before and after a
change on the same machine. `--profile N`: cProfile of the last N balls instead.

    .venv/bin/python benchmarks/warm_cpu.py [--overs 450] [--profile 400]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from typing import Any

from google.api_core.datetime_helpers import DatetimeWithNanoseconds
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.cloud.firestore_v1.types import Write
from stats import percentile  # benchmarks/ is on sys.path when run as a script
from synthetic import synthetic_test

from scorebook.document import to_document
from scorebook.firestore.projection_tx import FirestoreProjectionTx
from scorebook.service import live_score as service
from scorebook.service.live_score import ActionEvent, maintain
from scorebook.service.live_score import write as written

UPDATE_TIME = DatetimeWithNanoseconds(2026, 1, 1, tzinfo=UTC)

#: the adapter's writes go to a transaction of a client that never reaches a server: the
#: writes are built (encoded) as they would be for the emulator, and never sent
OFFLINE = firestore.Client(project="demo-warm-cpu", credentials=AnonymousCredentials())


class Store:
    """One match's documents, as the emulator would hold them after each commit."""

    def __init__(self, match: Any) -> None:
        self.match = to_document(match)
        #: the log in order, and where each id is in it: `actions_after` is a query in
        #: Firestore, not a walk of the log, and must not weigh on the run's time here
        self.actions: list[tuple[str, dict[str, Any]]] = []
        self.index: dict[str, int] = {}
        self.checkpoint: dict[str, Any] | None = None
        self.live_score: dict[str, Any] | None = None
        #: seconds spent by the last run in what the write sends (changes and encoding)
        self.send_seconds = 0.0
        self.sent_bytes = 0


class Tx:
    """The ProjectionTx of one run over `Store` (what tests/unit/service uses, cut down)."""

    checks_after_commit = False

    def __init__(self, store: Store) -> None:
        self.store = store

    def match(self) -> dict[str, Any]:
        return self.store.match

    def lineups(self) -> list[tuple[str, dict[str, Any]]]:
        return []

    def checkpoint(self) -> dict[str, Any] | None:
        return self.store.checkpoint

    def actions_after(self, after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        start = 0 if after_id is None else self.store.index[after_id] + 1
        return self.store.actions[start:]

    def read_ahead(self, action_ids: Any) -> None:
        pass

    def action(self, action_id: str, written: Any = None) -> dict[str, Any] | None:
        at = self.store.index.get(action_id)
        return None if at is None else self.store.actions[at][1]

    def voided_count(self) -> int:
        return 0

    def action_count(self) -> int:
        return len(self.store.actions)

    def live_score(self) -> dict[str, Any] | None:
        return self.store.live_score

    def published_events(self, after_seq: int) -> list[tuple[int, dict[str, Any]]]:
        return []

    def open_disputes(self) -> list[str]:
        return []

    def ledger_after(self, n: int) -> list[dict[str, Any]]:
        return []

    def ledger_entries(self) -> list[dict[str, Any]]:
        return []

    def voided_actions(self) -> list[tuple[str, dict[str, Any]]]:
        return []

    def pages(self, first: int, end: int) -> list[dict[str, Any] | None]:
        return [None] * (end - first)

    def write(self, checkpoint: dict[str, Any], live_score: dict[str, Any],
              match_fields: Any = None, feed: Any = None, ledger: Any = None, *,
              previous: dict[str, Any] | None = None, pages: Any = None,
              counted_after: bool = False) -> None:
        """As the Firestore adapter writes, timed: its write of the checkpoint, live/score
        (its changes, on the checkpoint's update time, when `previous` is known), the
        ledger's entries, the feed's events and the log's pages, built for its batch."""
        started = time.process_time()
        adapter = FirestoreProjectionTx(OFFLINE, "bench")
        adapter.checkpoint_read, adapter.checkpoint_time = True, UPDATE_TIME
        if self.store.checkpoint is not None:  # known as stored: its changed fields are sent
            adapter.seen = (self.store.checkpoint, UPDATE_TIME)
        adapter.write(checkpoint, live_score, match_fields, feed, ledger, previous=previous,
                      pages=pages)
        self.store.send_seconds = time.process_time() - started
        self.store.sent_bytes = sum(Write.pb(w).ByteSize() for w in adapter.batch._write_pbs
                                    if w.update.name.endswith("/live/score"))
        self.store.checkpoint, self.store.live_score = checkpoint, live_score

    def flag_match(self, problem: dict[str, Any]) -> None:  # pragma: no cover - not here
        raise AssertionError(problem)


def timed(function: Callable[..., Any], seconds: list[float]) -> Callable[..., Any]:
    """`function`, adding the CPU time of each call to `seconds[-1]`."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[-1] += time.process_time() - started
    return wrapper


def replay(match: Any, actions: list[Any], profile_last: int,
           profiler: cProfile.Profile) -> list[tuple[int, float, float, float, float, int]]:
    """(over of the match, CPU seconds of the run, of its rendering, of the checkpoint's
    stored form, of what it sends, bytes sent) for each ball folded onto the checkpoint."""
    store = Store(match)
    service.RECENT.clear()
    if hasattr(service, "SCORECARDS"):  # (so that the same file times the code before it)
        service.SCORECARDS.clear()
    render: list[float] = []
    stored_form: list[float] = []
    rows: list[tuple[int, float, float, float, float, int]] = []
    legal = 0
    with _parts_timed(render, stored_form):
        for index, action in enumerate(actions):
            data = to_document(action)
            store.index[action.id] = len(store.actions)
            store.actions.append((action.id, data))
            render.append(0.0)
            stored_form.append(0.0)
            profiling = profile_last and index >= len(actions) - profile_last
            outcome, seconds = _maintained(store, action.id, data,
                                           profiler if profiling else None)
            legal += bool(getattr(action, "isLegalDelivery", False))
            if outcome.mode == "folded":
                rows.append((legal // match.ballsPerOver, seconds, render[-1], stored_form[-1],
                             store.send_seconds, store.sent_bytes))
    return rows


@contextmanager
def _parts_timed(render: list[float], stored_form: list[float]) -> Iterator[None]:
    """Within it, the render of live/score and the checkpoint's stored form timed (`timed`)
    into `render` and `stored_form`."""
    # the write's own reference to the render is what a run calls
    expected_document, to_stored = written.expected_document, service.Checkpoint.to_document
    written.expected_document = timed(expected_document, render)
    service.Checkpoint.to_document = timed(to_stored, stored_form)  # type: ignore[method-assign]
    try:
        yield
    finally:
        written.expected_document, service.Checkpoint.to_document = expected_document, to_stored


def _maintained(store: Store, action_id: str, data: dict[str, Any],
                profiler: cProfile.Profile | None) -> tuple[Any, float]:
    """The service's run for the action written to `store`, and its CPU seconds; profiled
    when a profiler is given."""
    if profiler is not None:
        profiler.enable()
    started = time.process_time()
    outcome = maintain(Tx(store), "bench", ActionEvent(action_id, data))
    seconds = time.process_time() - started
    if profiler is not None:
        profiler.disable()
    return outcome, seconds


def run(overs: int, profile_last: int, repeat: int) -> None:
    match, actions = synthetic_test("bench", overs, recorded_by="bench-scorer")
    profiler = cProfile.Profile()
    replays = [replay(match, actions, profile_last, profiler)
               for _ in range(1 if profile_last else repeat)]
    rows = _least_times(replays)
    if profile_last:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        return
    _report_stages(rows, overs, repeat)


def _least_times(replays: list[list[tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    # each ball's least time over the replays: what the machine's other work did not add
    return [(ball[0][0], *(min(r[i] for r in ball) for i in range(1, 5)), ball[0][5])
            for ball in zip(*replays, strict=True)]


def _report_stages(rows: list[tuple[Any, ...]], overs: int, repeat: int) -> None:
    """The CPU per ball, by stage of the match: median and p95 of each part."""
    # the stages of make bench (benchmarks/pipeline.py): 75 overs each in a 450-over Test,
    # the balls after the last whole over in the last stage
    stages = 6
    step = -(-overs // stages)
    rows = [(min(row[0], step * stages - 1), *row[1:]) for row in rows]
    print(f"{len(rows)} balls folded; CPU ms per ball (median / p95; each ball's least of"
          f" {repeat} replays), by stage of the match:")
    print("overs      | maintain      | render live/score | checkpoint form | adapter's write"
          " | live/score bytes")
    for lo in range(0, step * stages, step):
        part = [r for r in rows if lo <= r[0] < lo + step]
        if part:
            print(_stage_line(lo, step, part))


def _stage_line(lo: int, step: int, part: list[tuple[Any, ...]]) -> str:
    """A stage's row: each part's CPU ms, median / p95, and live/score's bytes, median."""
    def ms(column: int) -> str:
        values = [1000 * r[column] for r in part]
        return f"{statistics.median(values):5.2f} / {percentile(values, .95):5.2f}"

    return (f"{lo + 1:3d}-{lo + step:3d}    | {ms(1)} | {ms(2)}     | {ms(3)}   "
            f"| {ms(4)}      | {statistics.median(r[5] for r in part):,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--overs", type=int, default=450)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile the last N balls (cProfile) instead of timing stages")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="replay N times and keep each ball's least time (default 3)")
    args = parser.parse_args()
    run(args.overs, args.profile, args.repeat)


if __name__ == "__main__":
    main()
