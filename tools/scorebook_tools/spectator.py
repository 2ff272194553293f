"""A listener on a document, as a spectator's app holds one on live/score."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from typing import Any

from scorebook.firestore.client import firestore_client


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
