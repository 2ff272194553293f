"""One scorer floods, the others score: what one client can make the functions do to everyone.

A scorer's app that has gone wrong (or a hostile one) writes one match's balls as fast as the
rules take them, each lawful and in its place; meanwhile other matches are scored at a ball a
second, with a spectator on each. The Functions emulator runs Python triggers one at a time,
so every run the flood causes is a run the other matches wait behind.

Prints: how many balls the flood wrote and how fast; the other matches' scorer-to-spectator
time while it ran (p50, p95, max), beside the same matches' before it; how long the functions
took to catch up after the last flood write; and whether every match's live/score is the
projection of its log afterwards. `make bench` runs it (`--flood-balls`); alone:
`python benchmarks/flood.py` (it starts the emulators).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from load import Game, Spectator, _check, _listening, _quiet
from stats import first_arrivals, percentile
from synthetic import synthetic_test

from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import live_score_path
from scorebook_tools.emulators import running_emulators
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import assign_match_role, create_match, write_action
from scorebook_tools.triggers import functions_idle

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-scorebook"


def _game(name: str, overs: int) -> Game:
    """A generated match (benchmarks/synthetic.py: valid cricket, made up) of `overs`."""
    scorer = f"{name}-scorer"
    match, actions = synthetic_test(f"{name}-{int(time.time())}", overs, recorded_by=scorer)
    return Game(match, actions, scorer)


def _latencies(game: Game, spectator: Spectator) -> list[tuple[float, float]]:
    """(when each ball was written, how long until the spectator's live/score had it)."""
    with spectator.lock:
        seen = list(spectator.seen)
    firsts = first_arrivals(seen, list(game.sent))
    return [(game.sent[ball], at - game.sent[ball]) for ball, (at, _) in firsts.items()]


def _steady(game: Game, stop: threading.Event, rate: float) -> None:
    """A match scored at `rate` balls a second until `stop` (or its last ball)."""
    scorer = FirestoreRest.as_user(PROJECT, game.scorer)
    started = time.time()
    for n, action in enumerate(game.actions):
        if stop.wait(max(0.0, started + n / rate - time.time())):
            return
        game.sent[action.id] = time.time()
        write_action(scorer, action)


def _flood(game: Game, balls: int, writers: int) -> tuple[float, float]:
    """Write the match's first `balls` actions back to back, `writers` requests at a time
    (as an SDK pipelines its writes); (start, end) wall times."""
    scorer = FirestoreRest.as_user(PROJECT, game.scorer)

    def write(action: Any) -> None:
        game.sent[action.id] = time.time()
        write_action(scorer, action)

    started = time.time()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, game.actions[:balls]))
    return started, time.time()


def _set_up(balls: int, others: int) -> tuple[Game, list[Game]]:
    """The flooder's match and the steady ones, created, their scorers appointed, the
    functions quiet."""
    functions_idle(REPO, still=10.0, limit=1200.0)
    admin, db = FirestoreRest.as_admin(PROJECT), firestore_client()
    flooder = _game("flood", overs=max(40, balls // 5))
    steady = [_game(f"steady{n}", overs=40) for n in range(others)]
    for game in (flooder, *steady):
        create_match(admin, game.match)
        assign_match_role(admin, game.match.id, game.scorer)
    _quiet(db, [g.match.id for g in (flooder, *steady)])
    return flooder, steady


def _split(watchers: list[tuple[Game, Spectator]], flood_start: float,
           ) -> tuple[list[float], list[float]]:
    """The steady matches' latencies of the balls written before the flood, and since."""
    before: list[float] = []
    during: list[float] = []
    for game, spectator in watchers:
        for at, seconds in _latencies(game, spectator):
            (during if at >= flood_start else before).append(seconds)
    return before, during


def run(balls: int, others: int, *, writers: int = 2, lead: float = 20.0) -> bool:
    """The flood beside `others` steady matches, `lead` seconds of them alone before and
    after it; prints the figures, returns whether every match is exact."""
    flooder, steady = _set_up(balls, others)
    db = firestore_client()
    watchers, watches = _listening(db, steady, len(steady), live_score_path)
    flood_start, flood_end = _flood_among(flooder, steady, balls, writers, lead)
    caught_up = functions_idle(REPO, still=5.0, limit=1200.0)
    for watch in watches:
        watch.unsubscribe()
    before, during = _split(watchers, flood_start)
    problems = _problems(flooder, steady, balls)
    print(f"flood: one scorer wrote {balls} balls in {flood_end - flood_start:.1f} s "
          f"({balls / (flood_end - flood_start):.0f} a second, {writers} at a time, each "
          "through the rules)")
    for name, values in (("before the flood", before), ("while it ran and after", during)):
        print(f"flood: {others} other matches, a ball a second, {name}: scorer -> "
              f"spectator {_figures(values)}")
    print(f"flood: the functions caught up {caught_up:.0f} s after the last steady ball; "
          f"live/score equal to the projection of the log: {1 + others - len(problems)} of "
          f"{1 + others}" + "".join(f"\n  - {p}" for p in problems))
    return not problems


def _flood_among(flooder: Game, steady: list[Game], balls: int, writers: int,
                 lead: float) -> tuple[float, float]:
    """The steady matches scored at a ball a second, the flood `lead` seconds into them,
    stopped `lead` seconds after it; the flood's (start, end) wall times."""
    stop = threading.Event()
    threads = [threading.Thread(target=_steady, args=(g, stop, 1.0)) for g in steady]
    for thread in threads:
        thread.start()
    time.sleep(lead)  # the steady matches alone first: their figure without a flood
    flood_start, flood_end = _flood(flooder, balls, writers)
    time.sleep(lead)
    stop.set()
    for thread in threads:
        thread.join()
    return flood_start, flood_end


def _problems(flooder: Game, steady: list[Game], balls: int) -> list[str]:
    """Each match whose live/score is not the projection of what was written of it."""
    for game in steady:
        game.actions = [a for a in game.actions if a.id in game.sent]
    flooded = Game(flooder.match, flooder.actions[:balls], flooder.scorer)
    admin = FirestoreRest.as_admin(PROJECT)
    return [p for g in (flooded, *steady) if (p := _check(admin, g))]


def _figures(seconds: list[float]) -> str:
    if not seconds:
        return "no ball seen"
    return (f"p50 {1000 * percentile(seconds, .5):.0f} ms, p95 "
            f"{1000 * percentile(seconds, .95):.0f} ms, max {1000 * max(seconds):.0f} ms "
            f"({len(seconds)} balls)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--balls", type=int, default=1400, help="balls the flood writes")
    parser.add_argument("--others", type=int, default=5,
                        help="matches scored at a ball a second meanwhile")
    parser.add_argument("--writers", type=int, default=2,
                        help="the flood's requests at a time")
    args = parser.parse_args(argv)
    with running_emulators(REPO, PROJECT):
        return 0 if run(args.balls, args.others, writers=args.writers) else 1


if __name__ == "__main__":
    sys.exit(main())
