"""Listeners as a spectator's app holds them: on live/score, and on the feed."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from google.cloud.firestore_v1 import Query
from google.cloud.firestore_v1.base_query import FieldFilter

from scorebook.actions import parse_action
from scorebook.feed import feed
from scorebook.feed_events import event_digest
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import events_path
from scorebook.match import Match


class _Watching:
    """A listener held as an app's SDK holds one: when its stream ends it listens again.
    The Python client's watch ends for good when its stream is cancelled (`RST_STREAM` with
    code 8, which the Firestore emulator sent once to a busy machine's listener mid-match),
    so a thread opens another (`_listen`), whose first snapshot is what is there then."""

    def __init__(self, name: str) -> None:
        #: how often the stream ended under the listener and it listened again
        self.reopened = 0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.watch = self._listen()
        threading.Thread(target=self._keep_listening, name=f"listener {name}",
                         daemon=True).start()

    def _listen(self) -> Any:
        raise NotImplementedError

    def _keep_listening(self) -> None:
        while not self._closed.wait(0.5):
            with self._lock:
                if not self._closed.is_set() and not self.watch.is_active:
                    self.reopened += 1
                    self.watch = self._listen()

    def close(self) -> None:
        with self._lock:
            self._closed.set()
            self.watch.unsubscribe()


class Listener(_Watching):
    """Every snapshot of one document, in order, with the time it arrived."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.updates: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        super().__init__(path)

    def _listen(self) -> Any:
        return firestore_client().document(self.path).on_snapshot(self._on_snapshot)

    def _on_snapshot(self, snapshots: list[Any], _changes: Any, _read_time: Any) -> None:
        arrived = time.monotonic()
        for snapshot in snapshots:
            if snapshot.exists:
                self.updates.put((arrived, snapshot.to_dict()))

    def wait_until(
        self, accept: Callable[[dict[str, Any]], bool], timeout: float = 60.0
    ) -> tuple[float, dict[str, Any]]:
        """Block until a snapshot satisfies `accept`; return (when it arrived, document)."""
        end = time.monotonic() + timeout
        while (remaining := end - time.monotonic()) > 0:
            try:
                arrived, document = self.updates.get(timeout=remaining)
            except queue.Empty:
                break
            if accept(document):
                return arrived, document
        raise TimeoutError(f"no snapshot as awaited within {timeout:.0f}s")

    def wait_for_action(
        self, action_id: str, timeout: float = 60.0
    ) -> tuple[float, dict[str, Any]]:
        """Block until live/score has folded up to `action_id`."""
        return self.wait_until(lambda doc: doc.get("lastActionId") == action_id, timeout)


class FeedListener(_Watching):
    """A spectator's listener on a match's feed (`matches/{id}/events` ordered by `seq`): when
    each event arrived, by (actionId, type). With `ticker=N`, the listener of a ticker that
    shows the last N events (`seq` descending, limit N) instead of the whole feed after
    `after_seq`. Listening again, the whole feed's listener asks only for the events after
    the last it had; an event is timed when it first arrived (one published while the stream
    was down arrives when the new one opens). `collection` listens to another collection of
    events shaped as the feed's (the emulator's probe, benchmarks/emulator_listeners.py)."""

    def __init__(self, match_id: str, after_seq: int = 0, ticker: int | None = None,
                 collection: str | None = None) -> None:
        self.arrived: dict[tuple[str, str], float] = {}
        self.lock = threading.Lock()
        self.events = firestore_client().collection(collection or events_path(match_id))
        self.ticker = ticker
        #: the highest seq it has had
        self.seq = after_seq
        super().__init__(f"feed of {match_id}")

    def _listen(self) -> Any:
        if self.ticker:
            query = self.events.order_by("seq", direction=Query.DESCENDING).limit(self.ticker)
        else:
            query = self.events.where(filter=FieldFilter("seq", ">", self.seq)).order_by("seq")
        return query.on_snapshot(self._on_snapshot)

    def _on_snapshot(self, _snapshots: list[Any], changes: list[Any], _read_time: Any) -> None:
        now = time.monotonic()
        with self.lock:
            for change in changes:
                event = change.document.to_dict() or {}
                self.arrived.setdefault((event.get("actionId"), event.get("type")), now)
                if isinstance(seq := event.get("seq"), int):
                    self.seq = max(self.seq, seq)

    def wait_for(self, action_id: str, kind: str = "BALL_BOWLED", timeout: float = 60.0) -> float:
        """When the event of `action_id` of type `kind` arrived (blocking until it does)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if (action_id, kind) in self.arrived:
                    return self.arrived[(action_id, kind)]
            time.sleep(0.002)
        raise TimeoutError(f"no {kind} of {action_id} within {timeout:.0f}s")


FeedEntry = tuple[str, str, str]  # (actionId, key, digest): one event, whatever its seq


def feed_differences(events: Iterable[Mapping[str, Any]], pure: list[FeedEntry]) -> list[str]:
    """How a published feed differs from the pure feed of its log (`pure_feed`); none when
    it agrees. Every event of the pure feed stands (published, not retracted), and nothing
    else does. An event's figures are those of when it was published: one whose digest is
    not the pure one's must have been published before a change to an earlier ball (an
    event published after it and placed before it in the log: a retraction, a late ball)."""
    published = list(events)
    standing = _standing(published)
    want = {(action_id, key): digest for action_id, key, digest in pure}
    problems = [f"{k} stands, not in the log's feed" for k in standing.keys() - want.keys()]
    problems += [f"{k} is in the log's feed, not published" for k in want.keys() - standing.keys()]
    problems += _unexplained_figures(published, standing, want)
    return sorted(problems)


def _standing(published: list[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The published events that stand (not retracted, not a retraction), by identity."""
    return {(d["actionId"], d["key"]): d for d in published
            if not d["retracted"] and d["type"] != "BALL_RETRACTED"}


def _unexplained_figures(published: list[Mapping[str, Any]],
                         standing: Mapping[tuple[str, str], Mapping[str, Any]],
                         want: Mapping[tuple[str, str], str]) -> list[str]:
    """Each standing event of the pure feed whose digest is not the pure one's, with no
    change to an earlier ball published after it to explain that."""
    problems = []
    earliest_after = _earliest_placed_after(published)
    for identity in want.keys() & standing.keys():
        d = standing[identity]
        explained = earliest_after.get(d["seq"], "~") < str(d["order"])
        if d["digest"] != want[identity] and not explained:
            problems.append(f"{identity} (seq {d['seq']}) has figures no change before it explains")
    return problems


def _earliest_placed_after(published: list[Mapping[str, Any]]) -> dict[int, str]:
    """For each seq, the earliest place in the log (`order`) of an event published after it."""
    earliest, out = "~", {}
    for d in sorted(published, key=lambda d: -d["seq"]):
        out[d["seq"]] = earliest
        earliest = min(earliest, str(d["order"]))
    return out


def pure_feed(match: Match, log: Iterable[tuple[str, Mapping[str, Any]]]) -> list[FeedEntry]:
    """The same of the pure feed of a log (document id, document) (scorebook.feed.feed)."""
    actions = [parse_action(doc) for _, doc in log]
    return sorted((e.actionId, e.key, event_digest(e)) for e in feed(match, actions))
