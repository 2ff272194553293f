"""Cold starts only, many in one emulator session: `make bench` measures one cold first ball a
run, too few to tell a change from the machine's noise on 2 shared cores.

Each round creates a match (its own trigger writes its checkpoint, as when a league sets
its matches up), loads the functions again (`functions_reloaded`: the emulator ends every
Python worker, and the next event of each trigger starts a new one), then times a trivial
trigger's first run (benchmarks/hop) and the match's first ball (with `--played N`, the next
ball of a match N actions in; with `--rebuild`, the first ball of a match created with the
triggers off, which finds no checkpoint and replays the log), from the write to a
listener's snapshot, as `make bench` does (benchmarks/latency.py). Prints each round, the
spread, and the gap between the two medians against its goal (`make bench` runs it with
`--rounds 8`).

    source .cache/env.sh && .venv/bin/python benchmarks/cold.py --rounds 10 [--played 30|--rebuild]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import latency  # benchmarks/ is on sys.path when run as a script
from synthetic import synthetic_test

from scorebook.firestore.paths import checkpoint_path
from scorebook_tools.emulators import running_emulators
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import assign_match_role, create_match, write_action
from scorebook_tools.triggers import functions_reloaded, triggers_disabled

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-scorebook"
SCORER = "bench-scorer"
#: the cold first ball's goal: within this of a trivial trigger's first run
GOAL_MS = 100


def one_round(admin: FirestoreRest, scorer: FirestoreRest, n: int, settle: float,
              played: int, *, rebuild: bool = False) -> tuple[float, latency.BallTimes]:
    """The hop's first run (seconds) and the first ball's parts after the functions load
    again: the first ball of a new match, folded onto the checkpoint its match's trigger
    wrote (with `rebuild`, of one created with the triggers off: no checkpoint), or with
    `played` the next ball of a match that many actions in."""
    match, actions = synthetic_test(f"cold{n}", 1 + played // 6, recorded_by=SCORER)
    with triggers_disabled(REPO) if rebuild else contextlib.nullcontext():
        create_match(admin, match)
        assign_match_role(admin, match.id, SCORER)
    if not rebuild:
        checkpoint_written(admin, match.id)
    spectator = latency.on_document(f"matches/{match.id}/live/score")
    try:
        spectator.ready.wait(30)
        if played:
            _play(scorer, spectator, actions[:played])
        functions_reloaded(REPO)  # the next ball is cold
        # the reload imports main.py once to list the triggers: let that finish, as it has
        # in `make bench` by the time its first ball is written
        time.sleep(settle)
        hop = trivial_hop(admin, f"cold{n}")
        sent = time.time()
        committed = write_action(scorer, actions[played]).timestamp()
        return hop, latency.ball_times(sent, committed, spectator.wait(actions[played].id))
    finally:
        spectator.close()


def _play(scorer: FirestoreRest, spectator: Any, actions: list[Any]) -> None:
    """The actions written, until live/score has the last of them."""
    for action in actions:
        write_action(scorer, action)
    spectator.wait(actions[-1].id)


def checkpoint_written(admin: FirestoreRest, match_id: str, timeout: float = 60) -> None:
    """Wait for the match's trigger to write its checkpoint."""
    deadline = time.monotonic() + timeout
    while admin.get(checkpoint_path(match_id)) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no checkpoint of {match_id} after {timeout:.0f} s")
        time.sleep(0.2)


def trivial_hop(admin: FirestoreRest, key: str) -> float:
    """The trivial trigger's run (the first after a reload: its cold start), in seconds."""
    seen = latency.on_document("bench_hops_seen/last", key="i")
    try:
        seen.ready.wait(30)
        return latency.write_seen(lambda: admin.set(f"bench_hops/{key}", {"i": key}), seen,
                                  key)
    finally:
        seen.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--settle", type=float, default=3.0, metavar="SECONDS",
                        help="wait after each reload before the hop (default 3)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--played", type=int, default=0, metavar="N",
                       help="time the next ball of a match N actions in rather than a new "
                       "match's first")
    which.add_argument("--rebuild", action="store_true",
                       help="the match is created with the triggers off: its first ball "
                       "finds no checkpoint and replays the log")
    args = parser.parse_args(argv)
    os.environ.setdefault("SCOREBOOK_EXTRA_CODEBASES", "benchmarks/hop")
    with running_emulators(REPO, PROJECT):
        hops, balls = _rounds(args)
    _print_spread(hops, balls)
    return 0


def _rounds(args: argparse.Namespace) -> tuple[list[float], list[latency.BallTimes]]:
    """A warm-up round and `--rounds` more, each printed; the hop's and the first ball's
    times of the rounds after the warm-up."""
    hops: list[float] = []
    balls: list[latency.BallTimes] = []
    admin = FirestoreRest.as_admin(PROJECT)
    scorer = FirestoreRest.as_user(PROJECT, SCORER)
    for n in range(args.rounds + 1):
        hop, ball = one_round(admin, scorer, n, args.settle, args.played,
                              rebuild=args.rebuild)
        print(f"{f'round {n}' if n else 'warm-up round'}: hop {1000 * hop:.0f} ms, first "
              f"ball {1000 * ball.total:.0f} ms (its trigger part "
              f"{1000 * ball.trigger:.0f} ms)", flush=True)
        if n:  # not the emulators' own first requests (their JVM still warming up)
            hops.append(hop)
            balls.append(ball)
    return hops, balls


def _print_spread(hops: list[float], balls: list[latency.BallTimes]) -> None:
    """Each figure's median and range, and the gap between the two medians against its
    goal."""
    for name, xs in (("a trivial trigger's first run", hops),
                     ("cold first ball", [b.total for b in balls]),
                     ("  its trigger part (action committed -> live/score committed)",
                      [b.trigger for b in balls])):
        print(_spread(name, xs))
    gap = 1000 * (statistics.median(b.total for b in balls) - statistics.median(hops))
    print(f"cold first ball against a trivial trigger's first run: {gap:+.0f} ms at the "
          f"medians of {len(balls)} rounds (goal within {GOAL_MS} ms: "
          f"{'met' if gap <= GOAL_MS else 'NOT met'})")


def _spread(name: str, seconds: list[float]) -> str:
    """`name: median 412 ms, min 380, max 530 (n=8)`."""
    ms = sorted(1000 * x for x in seconds)
    return (f"{name}: median {statistics.median(ms):.0f} ms, min {ms[0]:.0f}, "
            f"max {ms[-1]:.0f} (n={len(ms)})")


if __name__ == "__main__":
    sys.exit(main())
