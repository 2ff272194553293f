"""What the Firestore emulator's other listeners cost a scoreboard's, as a collection grows.

A ball's commit writes a small `live/now` and appends to the match's feed. On the emulator a
spectator's listener on `live/now` then waits for the other listeners the same commit
concerns; this measures that alone, with nothing of ours in between: each round one batch
(an admin's write, over gRPC) sets a 1.5 KB document and adds an event to a collection, and
a listener in a process of its own times the document from its commit to its arrival, while
the collection grows to `--events`. Five cases, each on a fresh collection (`--case` picks):

- `alone`: the document's listener and nothing else;
- `with 60 KB`: the same, each batch also rewriting a 60 KB document (as a ball's commit
  rewrites a five-day Test's live/score), which nothing listens to;
- `60 KB, one field updated`: that document written once, then one small field of it
  updated in each batch (as a ball sends live/score's changed fields);
- `growing`: each batch also rewriting two documents that grow from nothing to 70 KB and
  2,000 fields each over the rounds, which nothing listens to: how much the document's
  listener waits for the rest of its commit;
- `last 20`: beside it, a listener on the last 20 events (`seq` descending, limit 20), as
  the pipeline bench's ticker holds it.

Prints the listener's part (p50) for the first and the last tenth of each case, and the
growth between them. On the emulator a query listener beside the document makes every
commit to its collection dearer as the collection grows (the feed of a five-day Test has
3,800 events), and the document's listener waits for it; it also waits for the rest of
its commit, so it grows as the documents written beside it grow; and a listener slows, if
less, with what the emulator has been sent over its life (60 KB a commit, 8,000 commits:
from 0.7 to 1.6 ms), which production Firestore does not keep in one process.

    source .cache/env.sh && .venv/bin/python benchmarks/emulator_listeners.py [--events 3000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import latency  # benchmarks/ is on sys.path when run as a script

from scorebook.firestore.client import firestore_client
from scorebook_tools.emulators import running_emulators
from scorebook_tools.spectator import FeedListener

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-listeners"
NOW = {"pad": "x" * 1400}  # about live/now's size
HEAVY = {f"f{i}": "z" * 600 for i in range(100)}  # 60 KB, a five-day Test's live/score
GROWN_FIELDS = 2000  # 70 KB by the last round, in fields of 35 bytes


def one_case(name: str, events: int, beside: str) -> tuple[float, float]:
    """The listener's part (p50, ms) over the first and the last tenth of `events` rounds,
    with `beside`: '' nothing, 'heavy' a 60 KB document in each commit, 'heavy-field' one
    field of it, 'last' a listener on the last 20 events of the growing collection."""
    db = firestore_client()
    feed = f"probe/{name}/events"
    doc = f"probe/{name}/live/now"
    spectator = latency.Apart(doc, field="i")
    listener = FeedListener(name, ticker=20, collection=feed) if beside == "last" else None
    parts = []
    try:
        for i in range(events):
            _commit_round(db, name, i, beside, events)
            arrived, committed = spectator.wait(str(i))
            parts.append(arrived - committed)
            if listener is not None:
                listener.wait_for(f"a{i}")
    finally:
        spectator.close()
        if listener is not None:
            listener.close()
    tenth = max(1, events // 10)
    return (1000 * statistics.median(parts[:tenth]), 1000 * statistics.median(parts[-tenth:]))


def _grown(i: int, events: int) -> dict[str, str]:
    """Round `i`'s growing document: a share of GROWN_FIELDS fields of 35 bytes."""
    return {f"f{k}": "z" * 30 for k in range(1 + i * GROWN_FIELDS // events)}


def _commit_round(db: Any, name: str, i: int, beside: str, events: int) -> None:
    """Round `i` of `events`' one batch: the document, the 60 KB one or the two growing ones
    as `beside` has them, and an event added to the collection."""
    batch = db.batch()
    batch.set(db.document(f"probe/{name}/live/now"), NOW | {"i": i})
    if beside == "growing":
        grown = _grown(i, events)  # (built only here: the bench shares the listener's cores)
        batch.set(db.document(f"probe/{name}/live/score"), grown)
        batch.set(db.document(f"probe/{name}/projection/state"), grown)
    heavy = db.document(f"probe/{name}/live/score")
    if beside == "heavy" or (beside == "heavy-field" and i == 0):
        batch.set(heavy, HEAVY | {"i": i})
    elif beside == "heavy-field":
        batch.update(heavy, {"i": i})
    batch.set(db.document(f"probe/{name}/events/{i + 1:06d}"),
              {"seq": i + 1, "actionId": f"a{i}", "type": "BALL_BOWLED",
               "payload": {"text": "y" * 300}})
    batch.commit()


#: (name, what is beside the document's listener)
CASES = (("alone", ""), ("with 60 KB", "heavy"), ("60 KB, one field updated", "heavy-field"),
         ("growing", "growing"), ("last 20", "last"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000, metavar="N",
                        help="rounds (events in the collection by the end) per case")
    parser.add_argument("--case", action="append", choices=[case for case, _ in CASES],
                        help="only this case (again for more); default: every case")
    args = parser.parse_args(argv)
    with running_emulators(REPO, PROJECT):
        for case, beside in CASES:
            if args.case and case not in args.case:
                continue
            started = time.monotonic()
            first, last = one_case(case, args.events, beside)
            print(f"emulator listeners, {case}: the document's listener p50 {first:.1f} ms "
                  f"(first {args.events // 10} events) -> {last:.1f} ms (last, "
                  f"{args.events:,} in the collection): {last / first - 1:+.0%} "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
