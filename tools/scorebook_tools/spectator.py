"""Listeners as a spectator's app holds them: on live/score, and on the feed."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from google.cloud.firestore_v1.base_query import FieldFilter

from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import events_path


class Listener:
    """Every snapshot of one document, in order, with the time it arrived."""

    def __init__(self, path: str) -> None:
        self.updates: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.watch = firestore_client().document(path).on_snapshot(self._on_snapshot)

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

    def close(self) -> None:
        self.watch.unsubscribe()


class FeedListener:
    """A spectator's listener on a match's feed (`matches/{id}/events` ordered by `seq`): when
    each event arrived, by (actionId, type)."""

    def __init__(self, match_id: str, after_seq: int = 0) -> None:
        self.arrived: dict[tuple[str, str], float] = {}
        self.lock = threading.Lock()
        query = (firestore_client().collection(events_path(match_id))
                 .where(filter=FieldFilter("seq", ">", after_seq)).order_by("seq"))
        self.watch = query.on_snapshot(self._on_snapshot)

    def _on_snapshot(self, _snapshots: list[Any], changes: list[Any], _read_time: Any) -> None:
        now = time.monotonic()
        with self.lock:
            for change in changes:
                event = change.document.to_dict() or {}
                self.arrived.setdefault((event.get("actionId"), event.get("type")), now)

    def wait_for(self, action_id: str, kind: str = "BALL_BOWLED", timeout: float = 60.0) -> float:
        """When the event of `action_id` of type `kind` arrived (blocking until it does)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if (action_id, kind) in self.arrived:
                    return self.arrived[(action_id, kind)]
            time.sleep(0.002)
        raise TimeoutError(f"no {kind} of {action_id} within {timeout:.0f}s")

    def close(self) -> None:
        self.watch.unsubscribe()
