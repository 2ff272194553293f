"""A league Saturday on the emulators: many matches scored at once, each by its own signed-in
scorer through the security rules, one ball a second, with spectators listening.

- The matches are real T20s (the 2021 CPL, each scored under several ids to reach the count);
  every match is created and its scorer appointed first, and the triggers that fires are let
  finish, as a league sets its matches up before they start.
- One thread per match writes its actions in order, one a second, as its scorer (a mock ID
  token, the REST API: what the rules see from an app), for the whole match (about four
  minutes a T20).
- Spectators' listeners (`--spectators`, spread evenly over the matches) hold live/now, the
  scoreboard's document.
- The functions' Python workers are sampled for their memory every second.

Prints: the run; whether every match's live/score and feed equal the projection of its log
afterwards (nothing lost); the time from a scorer's write to each spectator's live/now
showing it, p50/p95/p99 over every ball and spectator, and the slowest match's p99; the
functions' lane (the emulator runs a function's events one at a time: the balls arriving a
second against the runs it completed a second); the functions' peak memory; and the reads and
writes per ball, from the projection's own count (the functions' log). `--actions N` scores
the first N actions of each match, for a slower rate in a bearable time. `make bench` runs
it; alone: `python benchmarks/load.py --matches 50` (it starts the emulators). Match data:
Cricsheet (cricsheet.org, ODC-By).
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ingest  # benchmarks/ is on sys.path when run as a script
import psutil
from stats import first_arrivals, percentile

from scorebook.cricsheet import load_match
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import (
    events_path,
    live_now_path,
    live_score_path,
    scoring_actions_path,
)
from scorebook.service.live_score import expected_live_score, without_history
from scorebook_tools.emulators import emulator_log, running_emulators
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import assign_match_role, create_match, write_action
from scorebook_tools.spectator import feed_differences, pure_feed
from scorebook_tools.triggers import functions_idle

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-scorebook"
#: what the projection logs of each run (scorebook.firestore.live_score)
_RUN = re.compile(r"live/score of (\S+): \w+.*?\((?:version \S+, )?(\d+) read, (\d+) written[,)]")


@dataclass
class Game:
    match: Any
    actions: list[Any]
    scorer: str
    sent: dict[str, float] = field(default_factory=dict)
    committed: dict[str, float] = field(default_factory=dict)  # when the server took it
    error: str | None = None


@dataclass
class Spectator:
    """Every live/now snapshot one spectator's listener had: (wall time, lastActionId, when
    the functions committed that version)."""

    seen: list[tuple[float, str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_snapshot(self, snapshots: list[Any], _changes: Any, _read_time: Any) -> None:
        now = time.time()
        with self.lock:
            self.seen += [(now, last, snap.update_time.timestamp()) for snap in snapshots
                          if (last := (snap.to_dict() or {}).get("lastActionId"))]

    def parts(self, game: Game) -> list[tuple[float, float, float, float]]:
        """For each ball, from its write to the first live/now at or past it: (the whole, the
        scorer's write, the trigger: the ball committed -> that live/now committed, the
        delivery: committed -> this listener had it)."""
        firsts = first_arrivals(self.seen, list(game.committed))
        return [(at - game.sent[ball], game.committed[ball] - game.sent[ball],
                 live - game.committed[ball], at - live)
                for ball, (at, live) in firsts.items()]


#: a run's outcome (each run of the projection logs one) and the emulator's time of a run of
#: the scoring trigger, which follows it in the log (the emulator runs them one at a time)
_OUTCOME = re.compile(r"live/score of (\S+): (\w+)")
_FINISHED = re.compile(r'Finished "[\w-]*on_scoring_action_written" in ([0-9.]+)ms')


@dataclass
class Lane:
    """The scoring trigger's runs for the run's matches: how many, and their milliseconds in
    the function, by outcome (a run that folds what came since the last one, or one that
    finds its action folded already)."""

    ms: dict[str, list[float]] = field(default_factory=dict)

    @property
    def runs(self) -> int:
        return sum(len(v) for v in self.ms.values())

    def line(self, arriving: float, seconds: float, actions: int) -> str:
        folded = self.ms.get("folded", [])
        idle = [ms for mode, v in self.ms.items() if mode != "folded" for ms in v]
        busy = sum(sum(v) for v in self.ms.values()) / 1000
        return (f"load: the functions' lane: {arriving:g} balls a second arriving; the scoring "
                f"trigger ran {self.runs:,} times in {seconds:.0f} s, {self.runs / seconds:.1f} "
                f"a second, busy in the function {busy:.0f} s of them ({busy / seconds:.0%}): "
                f"{len(folded)} runs folded {actions / max(1, len(folded)):.0f} actions each in "
                f"{_mean(folded):.0f} ms, {len(idle):,} found theirs folded already in "
                f"{_mean(idle):.1f} ms")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _lane(log_text: str, match_ids: set[str]) -> Lane:
    lane, mode = Lane(), None
    for line in log_text.splitlines():
        if (found := _OUTCOME.search(line)) is not None:
            mode = found.group(2) if found.group(1) in match_ids else None
        elif mode is not None and (finished := _FINISHED.search(line)) is not None:
            lane.ms.setdefault(mode, []).append(float(finished.group(1)))
            mode = None
    return lane


@dataclass
class Outcome:
    matches: int
    balls: int
    spectators: int
    rate: float
    seconds: float
    exact: int
    problems: list[str]
    latencies: list[tuple[float, ...]]  # (the whole, the write, the trigger, the delivery)
    slowest_p99: tuple[str, float]
    peak_memory: tuple[float, float, int]  # MB: all workers, the largest one; worker count
    per_ball: tuple[float, float, int]  # reads, writes per ball; projection runs
    drained: float = 0.0  # seconds after the last write until the functions' queue was empty
    lane: Lane = field(default_factory=Lane)


def _score(game: Game, started: float, rate: float) -> None:
    """The scorer's app: each action at its second, through the rules."""
    scorer = FirestoreRest.as_user(PROJECT, game.scorer)
    action_id = None
    try:
        for n, action in enumerate(game.actions):
            action_id = action.id
            time.sleep(max(0.0, started + n / rate - time.time()))
            game.sent[action.id] = time.time()
            game.committed[action.id] = write_action(scorer, action).timestamp()
    except Exception as error:  # noqa: BLE001 - reported with the match, the others go on
        game.error = (f"{game.match.id}, action {action_id} at {time.strftime('%H:%M:%S')}: "
                      f"{type(error).__name__}: {error}")


class Memory:
    """The functions' Python workers' resident memory, sampled every second."""

    def __init__(self) -> None:
        self.peak_total = self.peak_one = 0.0
        self.workers: set[int] = set()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stop.wait(1.0):
            workers = _functions_workers()
            sizes = list(workers.values())
            self.workers |= workers.keys()
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_one = max(self.peak_one, max(sizes, default=0.0))


def _functions_workers() -> dict[int, float]:
    """The functions' Python workers now: their resident memory (MB) by process id."""
    workers = {}
    for proc in psutil.process_iter(["pid", "cmdline", "memory_info"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "functions-framework" in cmdline and proc.info["memory_info"]:
            workers[proc.info["pid"]] = proc.info["memory_info"].rss / 2**20
    return workers


def _quiet(db: Any, match_ids: list[str], still: float = 5.0) -> float:
    """Wait until no match's live/score has moved for `still` seconds; how long it took. A
    match may still have none: the emulator loses some trigger events under load
    (firebase/firebase-tools#6833), and its first ball's run then starts it."""
    started, last, since = time.monotonic(), None, time.monotonic()
    while time.monotonic() - since < still and time.monotonic() - started < 900:
        versions = [(db.document(live_score_path(m)).get().to_dict() or {}).get("version")
                    for m in match_ids]
        if versions != last:
            last, since = versions, time.monotonic()
        time.sleep(1)
    return time.monotonic() - started


def _check(admin: FirestoreRest, game: Game) -> str | None:
    """Why a match's live/score or feed is not the projection of its log, or None."""
    match_id = game.match.id
    log = admin.list(scoring_actions_path(match_id))
    if len(log) != len(game.actions):
        return f"{match_id}: the log has {len(log)} actions, {len(game.actions)} were written"
    live = admin.get(live_score_path(match_id)) or {}
    if without_history(live) != expected_live_score(game.match, log):
        return f"{match_id}: live/score differs from the projection of its log"
    published = [d for _, d in admin.list(events_path(match_id))]
    if feed_differences(published, pure_feed(game.match, log)):
        return f"{match_id}: the feed differs from the feed of its log"
    return None


def _runs(log_text: str, match_ids: set[str]) -> tuple[int, int, int]:
    runs = reads = writes = 0
    for m in _RUN.finditer(log_text):
        if m.group(1) in match_ids:
            runs, reads, writes = runs + 1, reads + int(m.group(2)), writes + int(m.group(3))
    return runs, reads, writes


def _games(admin: FirestoreRest, count: int, actions: int) -> list[Game]:
    """`count` matches made and their scorers appointed, each with its actions to score (the
    first `actions` of them, or all)."""
    plan = ingest.sources(count)
    paths = [(p, k) for p, copies in plan for k in range(1, copies + 1)][:count]
    games = []
    for n, (path, k) in enumerate(paths):
        scorer = f"load-scorer-{n}"
        match, log = load_match(path, match_id=f"load-{path.stem}-{k}", recorded_by=scorer)
        create_match(admin, match)
        assign_match_role(admin, match.id, scorer)
        games.append(Game(match, log[:actions] if actions else log, scorer))
    return games


#: the functions' queue is empty once their log has not grown for this long (seconds); the
#: trigger events an earlier part of `make bench` left queued would otherwise run ahead of
#: this part's
LANE_STILL, LANE_LIMIT = 10.0, 1200.0


def _listening(db: Any, games: list[Game], spectators: int,
               path: Callable[[str], str] = live_now_path,
               ) -> tuple[list[tuple[Game, Spectator]], list[Any]]:
    """`spectators` spread evenly over the games, each listening to its match's document at
    `path` (live/now: a scoreboard's); each (game, spectator), and the watches to end."""
    crowd = [(games[i % len(games)], Spectator()) for i in range(spectators)]
    watches = [db.document(path(g.match.id)).on_snapshot(s.on_snapshot) for g, s in crowd]
    return crowd, watches


def _latencies(crowd: list[tuple[Game, Spectator]]) -> tuple[list[tuple[float, ...]],
                                                             tuple[str, float]]:
    """Every (ball, spectator)'s seconds from the write to live/now, whole and in its parts
    (Spectator.parts), and the slowest match's p99."""
    parts: list[tuple[float, ...]] = []
    per_match: dict[str, list[float]] = {}
    for game, spectator in crowd:
        mine = spectator.parts(game)
        parts += mine
        per_match.setdefault(game.match.id, []).extend(whole for whole, *_ in mine)
    slowest = max(((m, percentile(v, .99)) for m, v in per_match.items() if v),
                  key=lambda kv: kv[1], default=("-", 0.0))
    return parts, slowest


def run(count: int, spectators: int, *, rate: float = 1.0, actions: int = 0) -> Outcome:
    """Score ``count`` matches at once (the emulators must be running)."""
    waited = functions_idle(REPO, still=LANE_STILL, limit=LANE_LIMIT)
    print(f"  the functions' queue of earlier events empty after {waited:.0f} s",
          flush=True)
    admin, db = FirestoreRest.as_admin(PROJECT), firestore_client()
    games = _games(admin, count, actions)
    ids = [g.match.id for g in games]
    print(f"  {count} matches created and their scorers appointed; triggers quiet after "
          f"{_quiet(db, ids):.0f} s", flush=True)
    crowd, watches = _listening(db, games, spectators)
    log = emulator_log(REPO)
    log_start = log.stat().st_size if log.exists() else 0
    memory = Memory()
    started = time.time() + 2
    threads = _scorers(games, started, rate)
    try:
        seconds, drained = _play(threads, started)
    finally:
        memory.stop.set()
        for watch in watches:
            watch.unsubscribe()
    latencies, slowest = _latencies(crowd)
    problems = _problems(admin, games)
    text = log.read_bytes()[log_start:].decode(errors="replace")
    runs, reads, writes = _runs(text, set(ids))
    balls = sum(len(g.actions) for g in games)
    return Outcome(matches=count, balls=balls, spectators=spectators, rate=rate, seconds=seconds,
                   exact=count - len(problems), problems=problems, latencies=latencies,
                   slowest_p99=slowest,
                   peak_memory=(memory.peak_total, memory.peak_one, len(memory.workers)),
                   per_ball=(reads / balls, writes / balls, runs), drained=max(0.0, drained),
                   lane=_lane(text, set(ids)))


def _scorers(games: list[Game], started: float, rate: float) -> list[threading.Thread]:
    """A thread scoring each match from `started`, each at its own phase within the second
    (or the interval `rate` gives): a league's matches do not bowl in step, and fifty balls
    written in the same instant queued behind each other in the rules and the trigger (at 5
    balls a second, p50 0.5 s for the scorer's write, 1.9 s for the trigger, where the
    machine was idle 60% of the time)."""
    count = len(games)
    return [threading.Thread(target=_score, args=(g, started + n / count / rate, rate))
            for n, g in enumerate(games)]


def _play(threads: list[threading.Thread], started: float) -> tuple[float, float]:
    """Every match scored, each by its thread: the seconds the balls took to write, and the
    seconds after them until the functions' queue was empty."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.time() - started
    # the lane first: a match whose events wait behind the others' has a still
    # live/score for longer than any fixed wait
    drained = functions_idle(REPO, still=LANE_STILL, limit=LANE_LIMIT) - LANE_STILL
    print(f"  every ball written after {seconds:.0f} s; the functions' queue empty after "
          f"{drained:.0f} s more", flush=True)
    return seconds, drained


def _problems(admin: FirestoreRest, games: list[Game]) -> list[str]:
    """Each match's error, or else what its documents say otherwise than its log."""
    problems = [g.error for g in games if g.error]
    problems += [p for g in games if not g.error and (p := _check(admin, g))]
    return problems


def report(out: Outcome) -> bool:
    """Print the figures; whether nothing was lost."""
    print(f"load: {out.matches} matches scored at once, {out.rate:g} ball(s) a second each "
          f"through the rules, {out.balls} actions in {out.seconds:.0f} s, {out.spectators} "
          "spectators")
    print(f"load: live/score and feed equal to the projection of the log: {out.exact} of "
          f"{out.matches}" + "".join(f"\n  - {p}" for p in out.problems))
    if out.latencies:
        _print_latencies(out)
    print(out.lane.line(out.matches * out.rate, out.seconds + out.drained, out.balls))
    total, one, workers = out.peak_memory
    print(f"load: the functions' peak memory: {total:.0f} MB over {workers} Python workers, "
          f"the largest {one:.0f} MB")
    reads, writes, runs = out.per_ball
    print(f"load: per ball {reads:.2f} reads and {writes:.2f} writes by the projection "
          f"({runs} runs for {out.balls} actions)")
    return not out.problems


def _print_latencies(out: Outcome) -> None:
    """Scorer -> spectator over every (ball, spectator) and the slowest match, then its
    parts."""
    lat, write, trigger, delivery = (list(part) for part in zip(*out.latencies, strict=True))
    print(f"load: scorer's write -> a spectator's live/now: p50 "
          f"{1000 * percentile(lat, .5):.0f} ms, p95 {1000 * percentile(lat, .95):.0f} ms, "
          f"p99 {1000 * percentile(lat, .99):.0f} ms over {len(lat)} (ball, spectator); "
          f"slowest match {out.slowest_p99[0]} p99 {1000 * out.slowest_p99[1]:.0f} ms")
    print("load: its parts, p50 / p95: " + "; ".join(
        f"{name} {1000 * percentile(part, .5):.0f} / {1000 * percentile(part, .95):.0f} ms"
        for name, part in (("the scorer's write (sent -> committed)", write),
                           ("the trigger (the ball committed -> live/now committed)",
                            trigger),
                           ("the delivery (live/now committed -> the listener has it)",
                            delivery))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matches", type=int, default=50)
    parser.add_argument("--spectators", type=int, default=200,
                        help="live/score listeners, spread evenly over the matches")
    parser.add_argument("--rate", type=float, default=1.0, help="balls a second per match")
    parser.add_argument("--actions", type=int, default=0,
                        help="score the first N actions of each match (0: all of it)")
    args = parser.parse_args(argv)
    with running_emulators(REPO, PROJECT):
        outcome = run(args.matches, args.spectators, rate=args.rate, actions=args.actions)
        return 0 if report(outcome) else 1


if __name__ == "__main__":
    sys.exit(main())
