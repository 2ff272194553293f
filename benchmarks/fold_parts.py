"""Where a fold's time goes against a real Firestore emulator: each part of the scoring
trigger's run, as its use case runs in a worker, without the Functions emulator around it.

Starts the Firestore emulator alone, writes a generated Test (benchmarks/synthetic.py) ball by
ball with admin credentials and, after each ball, runs `refresh_live_score` for it in this
process, as the trigger would. Each part is timed by wall clock around the adapter's calls:
the read-only transaction's start and end, the checkpoint's read, the wait for the reads
started beside it (the ball and the log's count of voided actions), building the commit's
writes, the commit. Prints each part's median over the balls folded onto their checkpoint
(the first ones left out: the emulator's JIT warming up).

    .venv/bin/python benchmarks/fold_parts.py [--overs 40] [--skip 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1 import transaction
from synthetic import synthetic_test  # benchmarks/ is on sys.path when run as a script

import scorebook.firestore.live_score as adapter
from scorebook.document import to_document
from scorebook.firestore import projection_tx
from scorebook.firestore.paths import match_path, scoring_actions_path
from scorebook.service.live_score import ActionEvent
from scorebook_tools.emulators import running_emulators

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-fold-parts"

#: (owner, attribute, the part's name): what is timed
PARTS = (
    (transaction.Transaction, "_begin", "the read-only transaction's start"),
    (projection_tx.FirestoreProjectionTx, "checkpoint", "the checkpoint's read"),
    (projection_tx.FirestoreProjectionTx, "_answer", "waiting for the reads beside it"),
    (projection_tx.FirestoreProjectionTx, "write", "building the commit's writes"),
    (projection_tx, "commit_on_condition", "the commit"),
    (transaction.Transaction, "_commit", "the read-only transaction's end"),
    (adapter, "maintain", "the use case (reads, fold, writes built)"),
)


def timed(seconds: dict[str, float]) -> None:
    """Wrap each part so that its wall time is added to `seconds[name]`."""
    def wrap(function: Callable[..., Any], name: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started
        return wrapper

    for owner, attribute, name in PARTS:
        setattr(owner, attribute, wrap(getattr(owner, attribute), name))


def replay(overs: int, skip: int) -> dict[str, list[float]]:
    """Each part's seconds, and the whole run's, for every ball folded after the first
    `skip` actions."""
    db = firestore.Client(project=PROJECT)
    match_id = f"fold-parts-{int(time.time())}"
    match, actions = synthetic_test(match_id, overs, recorded_by="bench-scorer")
    db.document(match_path(match_id)).set(to_document(match))
    seconds: dict[str, float] = defaultdict(float)
    timed(seconds)
    runs: dict[str, list[float]] = defaultdict(list)
    for index, action in enumerate(actions):
        data = to_document(action)
        db.collection(scoring_actions_path(match_id)).document(action.id).set(data)
        seconds.clear()
        started = time.perf_counter()
        outcome, _ = adapter.refresh_live_score(db, match_id, ActionEvent(action.id, data))
        took = time.perf_counter() - started
        if outcome.mode == "folded" and index >= skip:
            runs["the whole run"].append(took)
            for _, _, name in PARTS:
                runs[name].append(seconds.get(name, 0.0))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--overs", type=int, default=40, help="the generated Test's overs")
    parser.add_argument("--skip", type=int, default=20, help="actions left out at the start")
    args = parser.parse_args(argv)
    os.environ.setdefault("SCOREBOOK_EMULATORS", "firestore")
    with running_emulators(REPO, PROJECT):
        runs = replay(args.overs, args.skip)
    print(f"{len(runs['the whole run'])} balls folded onto their checkpoint, median ms:")
    for name, seconds in runs.items():
        print(f"  {name}: {1000 * statistics.median(seconds):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
