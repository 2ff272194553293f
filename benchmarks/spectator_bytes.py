"""What a spectator's listeners receive per ball, counted as Firestore sizes documents.

A listener receives a document whole every time it changes. A scoreboard listens to
`live/now` alone; a scorecard to `live/now` and every innings' card (`live/innings{n}`);
an app built on the product schema to `live/score`. Each listener here keeps the size of
every version it received (`scorebook.document.document_size`, Firestore's own count), and
`ball()` closes the account of one ball: what arrived since the last ball was closed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from stats import percentile

from scorebook.document import document_size
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import live_innings_path, live_now_path, live_score_path


@dataclass
class _Received:
    """One listener: the sizes of the versions received since the last ball closed, and
    every version's version number (live/now's), in order."""

    path: str
    sizes: list[int] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_snapshot(self, snapshots: list[Any], _changes: Any, _read_time: Any) -> None:
        with self.lock:
            for snap in snapshots:
                if snap.exists:
                    data = snap.to_dict() or {}
                    self.sizes.append(document_size(data))
                    self.versions.append(int(data.get("version", 0)))

    def take(self) -> list[int]:
        with self.lock:
            sizes, self.sizes = self.sizes, []
            return sizes


class SpectatorBytes:
    """Listeners on one match's live documents, as three kinds of spectator hold them."""

    def __init__(self, match_id: str, innings: int = 4) -> None:
        db = firestore_client()
        self.now = _Received(live_now_path(match_id))
        self.score = _Received(live_score_path(match_id))
        self.cards = [_Received(live_innings_path(match_id, n)) for n in range(1, innings + 1)]
        self.watches = [db.document(r.path).on_snapshot(r.on_snapshot)
                        for r in (self.now, self.score, *self.cards)]
        self.scoreboard: list[int] = []
        self.scorecard: list[int] = []
        self.product: list[int] = []
        self.settled_again = 0
        self._settled: set[int] = set()

    def ball(self, version: int, innings: int, deadline: float = 10.0) -> None:
        """Close the account of the ball whose write made live/now `version`, in innings
        `innings` (the cards of the innings before it are settled)."""
        self._wait_for(version, deadline)
        time.sleep(0.02)  # the same commit's other documents, on their own listeners
        now = sum(self.now.take())
        cards = self._take_cards()
        self._settled |= set(range(1, innings))
        self.scoreboard.append(now)
        self.scorecard.append(now + cards)
        self.product.append(sum(self.score.take()))

    def _wait_for(self, version: int, deadline: float) -> None:
        """Until live/now's listener has had `version` (or `deadline` seconds pass)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            with self.now.lock:
                if self.now.versions and self.now.versions[-1] >= version:
                    return
            time.sleep(0.005)

    def _take_cards(self) -> int:
        """The bytes the cards received since the last ball, counting those of settled
        innings received again."""
        cards = 0
        for n, received in enumerate(self.cards, start=1):
            sizes = received.take()
            cards += sum(sizes)
            if n in self._settled:
                self.settled_again += len(sizes)
        return cards

    def close(self) -> None:
        for watch in self.watches:
            watch.unsubscribe()

    def report(self, goal: int = 2048) -> list[str]:
        def line(name: str, values: list[int]) -> str:
            return (f"spectator bytes per ball, {name}: p50 {percentile(values, .5):,}, "
                    f"p95 {percentile(values, .95):,}, max {max(values):,} "
                    f"({len(values)} balls)")

        p95 = percentile(self.scoreboard, .95)
        return [
            line("scoreboard", self.scoreboard)
            + f" (live/now alone; goal {goal:,} at p95: {'met' if p95 <= goal else 'NOT met'})",
            line("scorecard", self.scorecard)
            + f" (live/now and the innings' cards; settled innings received again: "
              f"{self.settled_again})",
            line("live/score", self.product) + " (the product schema's, whole)",
        ]
