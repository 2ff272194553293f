"""Benchmark of the scoring pipeline on the emulators: cost per ball and latency.

Prints one line per figure:
- document reads and writes per in-order ball (from the trigger's own count, as Firestore
  bills them), by stage of the match, to show they do not grow with the log (by default on
  a generated 450-over five-day Test; `--match` replays a real one);
- reads and writes of the run after a void of the last ball, of a ball of the first over
  and after a correction of a ball half way through (goal for those two: under 100 reads,
  however long the log), and of the next ball after them;
- end-to-end latency p50/p95/p99 from a scorer's REST write to a spectator's listener
  seeing the new live/now (the scoreboard, a process of its own as a phone is a device of
  its own), split into the scorer's write, the trigger and the listener, against the goals
  (p50 and p95 within twice the rules' floor, the listener's part flat), with no other
  listener, as the floors are timed;
- then the same match again with every listener a match has on (benchmarks/match_replay.py
  says why apart): an app on the whole live/score, a ticker on the feed and byte counters
  on the live documents: the bytes a spectator receives per ball, each one's latency, and
  the scoreboard's beside them (`--scoreboard-alone`: the first replay only);
- fan-out: N listeners on live/score of one match (`--fanout`, default 200), the time from
  a scorer's write until the last of them has the ball, p50/p99;
- the pure fold's throughput in deliveries per second on a full multi-day match;
- consensus (`--consensus-match`, a real T20 by default): the same match scored SINGLE and
  DUAL, the latency from the deciding write (DUAL: the second scorer's submission) to the
  spectator's live/score, side by side; and whether the DUAL match, with a few differences
  resolved by an umpire, ends equal to its scorecard with a ledger that verifies;
- seasons (`--season-competition`, the 2021 CPL by default): its 30 matches entered and
  counted by the functions, the cost of counting a completed match, the time to rebuild the
  competition (benchmarks/season.py);
- provider ingestion (`--ingest-matches`, 50 by default): that many live matches at once
  from the fake provider, one event a second each, nothing lost, the latency from the
  provider to the log and to a spectator's live/score, and /metrics against what was counted
  (benchmarks/ingest.py);
- load (`--load-matches`, 50 by default, `--load-spectators` 200): that many real T20s scored
  at once, one ball a second each by its own scorer through the rules, spectators listening;
  nothing lost, the latency, the functions' peak memory, reads and writes per ball
  (benchmarks/load.py);
- flood (`--flood-balls`, 1,400 by default): one scorer writes that many balls as fast as the
  rules take them while five other matches are scored at a ball a second: the others'
  latency before and during it, how soon the functions catch up (benchmarks/flood.py).
  The load and the flood run on emulators started afresh for them (`league_parts`).

Where a ball's time goes is printed beside its floors (benchmarks/latency.py): an admin's
write, a scorer's write through the rules, one trivial trigger hop, and the cold first ball.

Run with `make bench` (it starts the emulators). Match data: Cricsheet (cricsheet.org, ODC-By).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import consensus  # benchmarks/ is on sys.path when run as a script
import flood
import ingest
import latency
import load
import scale
import season
from match_replay import OLD_CHANGE_GOAL, SCORER, Replay, Replayed, replay_match
from stats import latency_line, percentile
from synthetic import synthetic_test

from scorebook.cricsheet import load_match
from scorebook.fold import replay
from scorebook.views.scorecard import project
from scorebook_tools.emulators import running_emulators
from scorebook_tools.realdata import real_match
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    assign_match_role,
    create_match,
    write_action,
)
from scorebook_tools.spectator import Listener
from scorebook_tools.triggers import triggers_disabled

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-scorebook"


#: the pure fold's goal on a five-day Test, deliveries a second
FOLD_GOAL = 200_000


def fold_throughput(match, actions, repeat: int, reference=None
                    ) -> tuple[int, float, float, float | None]:
    """Deliveries a second, best of `repeat`: the fold alone (`replay`, the log sorted), the
    fold with live/score rendered and the log's problems found (`project`), and `reference`
    (a callable scoring the same deliveries) when given. Each repeat times all three in turn,
    so that a slow spell of the machine slows each of them."""
    runs = [lambda: replay(match, actions), lambda: project(match, actions)]
    if reference is not None:
        runs.append(reference)
    best = _best_times(runs, repeat)
    deliveries = sum(getattr(a, "kind", "") == "delivery" for a in actions)
    rates = [deliveries / t for t in best]
    return deliveries, rates[0], rates[1], rates[2] if reference is not None else None


def _best_times(runs: list, repeat: int) -> list[float]:
    """Each run's best time of `repeat`, in seconds."""
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for n, run in enumerate(runs):
            started = time.perf_counter()
            run()
            best[n] = min(best[n], time.perf_counter() - started)
    return best


def reference_scorer(cricsheet: Path):
    """A callable scoring the Cricsheet match at `cricsheet` with tests/reference_scorecard.py:
    the independent tally the tests check the product against, plain dictionaries and loops
    (loaded from its file: tests/ is not a package the benchmarks import)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "reference_scorecard", REPO / "tests" / "reference_scorecard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = json.loads(cricsheet.read_text(encoding="utf-8"))
    return lambda: module.scorecard(data)


def report_fold(name: str, match, actions, cricsheet: Path | None = None) -> None:
    """The fold's throughput against its goal; with the match's Cricsheet file, beside the
    plain reference scorer's on the same deliveries in the same run: the machine's speed.
    A shared 2-core machine runs the same code at rates up to twice apart from one hour to
    the next."""
    reference = reference_scorer(cricsheet) if cricsheet is not None else None
    deliveries, folded, projected, plain = fold_throughput(match, actions, 5, reference)
    machine = "" if plain is None else (
        f"; the plain-dictionary reference scorer (tests/reference_scorecard.py), timed in "
        f"turn: {plain:,.0f}/s, the fold {folded / plain:.0%} of it (on the issue's machine "
        f"the goal was a quarter of such a scorer's ~800,000)")
    print(f"pure fold throughput, {name} ({deliveries} deliveries, best of 5): {folded:,.0f} "
          f"deliveries/s (goal {FOLD_GOAL:,}: {'met' if folded >= FOLD_GOAL else 'NOT met'}); "
          f"with live/score rendered and the log checked (project): {projected:,.0f}/s"
          f"{machine}", flush=True)


def floors(admin: FirestoreRest, scorer: FirestoreRest, samples: int) -> latency.Breakdown:
    """The floors under the projection, and one trivial trigger hop, in this run: the admin's
    and the scorer's (a match of its own, triggers off). Neither trigger has run before in
    this session, so the hop's first run and the projection's first ball are cold (each
    trigger's first event starts its Python worker)."""
    match, actions = synthetic_test("floor", 80, recorded_by=SCORER)
    create_match(admin, match)
    assign_match_role(admin, match.id, SCORER)
    admin_floor = latency.admin_floor(admin, samples)
    with triggers_disabled(REPO):
        rules_floor = latency.rules_floor(scorer, match.id, actions[:samples], write_action)
    return latency.Breakdown(admin_floor, rules_floor, latency.trivial_hops(admin, samples),
                             bare=(latency.bare_listener(admin, samples), []))


def fan_out(admin: FirestoreRest, scorer: FirestoreRest, listeners: int,
            balls: int) -> list[float]:
    """A T20 of its own with `listeners` spectators on its live/score: for each of its first
    `balls` actions, the time from the scorer's write until the last listener has it."""
    match, actions = synthetic_test("fanout", 20, recorded_by=SCORER)
    create_match(admin, match)
    assign_match_role(admin, match.id, SCORER)
    crowd = [Listener(f"matches/{match.id}/live/score") for _ in range(listeners)]
    out = []
    try:
        for action in actions[:balls]:
            sent = time.monotonic()
            write_action(scorer, action)
            out.append(max(s.wait_for_action(action.id)[0] for s in crowd) - sent)
    finally:
        for spectator in crowd:
            spectator.close()
    return out


def other_parts(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """Consensus, seasons and ingestion, on the same emulators; each None when skipped."""
    agreed = None
    if args.consensus_differences:
        if args.consensus_match:
            c_match, c_actions = load_match(args.consensus_match, match_id="consensus")
        else:
            c_match, c_actions = synthetic_test("consensus", 20, recorded_by=SCORER)
        agreed = consensus.run(PROJECT, c_match, c_actions, args.consensus_differences)
    counted = season.run_competition(PROJECT, args.season_competition)
    ingested = None
    if args.ingest_matches and ingest.available():
        ingested = ingest.run(args.ingest_matches)
    return agreed, counted, ingested


def league_parts(args: argparse.Namespace) -> tuple[Any, Any]:
    """The load run and the flood, on emulators of their own: the Firestore emulator answers
    a count or a query by scanning every document it holds, so what the parts before left
    there (a five-day Test twice, a season, the ingested matches) would weigh on a league's
    Saturday, where Firestore answers from its indexes. (None, True) when both are skipped."""
    if not (args.load_matches or args.flood_balls):
        return None, True
    with running_emulators(REPO, PROJECT):
        loaded = None
        if args.load_matches and ingest.available():
            loaded = load.run(args.load_matches, args.load_spectators)
        # its figures printed as it ends; whether every match came out exact, for the end
        return loaded, (flood.run(args.flood_balls, 5, writers=3) if args.flood_balls else True)


def report_other_parts(agreed: Any, counted: Any, ingested: Any, loaded: Any) -> bool:
    """Print the consensus, season and ingestion figures; whether each came out right."""
    consensus_ok = _report_consensus(agreed)
    season_ok = season.report(counted)
    ingest_ok = ingest.report(ingested) if ingested is not None else True
    loaded, flooded_ok = loaded
    load_ok = load.report(loaded) if loaded is not None else True
    return consensus_ok and season_ok and ingest_ok and load_ok and flooded_ok


def _report_consensus(agreed: Any) -> bool:
    """The consensus figures (none: skipped); whether DUAL came out equal, its ledger whole."""
    if agreed is None:
        return True
    print(latency_line("SINGLE: the scorer's write -> spectator sees live/score",
                       agreed.single))
    print(latency_line("DUAL: the deciding (second) submission -> spectator sees "
                       "live/score", agreed.dual))
    print(latency_line("DUAL: an umpire's resolution -> spectator sees the disputed ball",
                       agreed.resolved))
    print(_dual_line(agreed))
    return agreed.equal and agreed.chain.startswith("verifies")


def _dual_line(agreed: Any) -> str:
    """The DUAL match's disputes, the fields they named, and how it ended."""
    return (f"DUAL with {len(agreed.disputes)} disputes (fields: "
            f"{sorted({f for d in agreed.disputes for f in d})}): live/score equal to the "
            f"scorecard: {'yes' if agreed.equal else 'NO'}; ledger {agreed.chain}")


def report_stages(cost: list[tuple[int, int, int, str]], breakdown: latency.Breakdown) -> None:
    """Reads, writes and the warm projection's latency per in-order ball, by stage of the
    match: none of them may grow with the log."""
    folded = [(o, r, w) for o, r, w, mode in cost if mode == "folded"]
    print(f"in-order balls: {len(folded)} of {len(cost)} folded onto the checkpoint, "
          f"{sum(m == 'rebuilt' for *_, m in cost)} rebuilt (the first one)")
    overs = max(o for o, _, _ in folded) + 1
    _report_flat(_report_each_stage(overs, folded, cost, breakdown), breakdown.bare)


def _report_each_stage(overs: int, folded: list[tuple[int, int, int]],
                       cost: list[tuple[int, int, int, str]], breakdown: latency.Breakdown,
                       ) -> list[tuple[str, float]]:
    """A line for each sixth of the match; each stage's listener part, p50 (seconds), by
    its overs."""
    step = max(1, -(-overs // 6))
    listener: list[tuple[str, float]] = []
    for lo in range(0, overs, step):
        part = _report_stage(lo, step, folded, cost, breakdown)
        if part is not None:
            listener.append((f"{lo + 1}-{lo + step}", part))
    return listener


def _report_stage(lo: int, step: int, folded: list[tuple[int, int, int]],
                  cost: list[tuple[int, int, int, str]], breakdown: latency.Breakdown,
                  ) -> float | None:
    """One stage's line (overs lo+1 to lo+step); its listener part, p50 (None: no ball)."""
    bucket = [(r, w) for o, r, w in folded if lo <= o < lo + step]
    if not bucket:
        return None
    balls = _warm_balls(lo, step, cost, breakdown)
    print(f"reads/writes per in-order ball, overs {lo + 1}-{lo + step} of the match: "
          f"{_stage_cost(bucket)}; {_stage_latency(balls, breakdown.rules_floor)}")
    return percentile([b.listener for b in balls], .5) if balls else None


def _stage_cost(bucket: list[tuple[int, int]]) -> str:
    """A stage's reads (mean and max) and writes (mean) per in-order ball."""
    reads = [r for r, _ in bucket]
    return (f"{statistics.mean(reads):.2f} reads (max {max(reads)}), "
            f"{statistics.mean(w for _, w in bucket):.2f} writes")


def _warm_balls(lo: int, step: int, cost: list[tuple[int, int, int, str]],
                breakdown: latency.Breakdown) -> list[latency.BallTimes]:
    """The times of the stage's balls but the first of the match: the first ball is the
    cold one, and latency by stage is the warm projection's."""
    return [b for (o, *_), b in zip(cost[1:], breakdown.balls[1:], strict=False)
            if lo <= o < lo + step]


def _report_flat(listener: list[tuple[str, float]],
                 bare: tuple[list[float], list[float]]) -> None:
    """The listener's part in the last stage against the first (goal: within 20%), beside
    the emulator's own listener part before the match and after it (`bare_listener`)."""
    if len(listener) > 1:
        (first, was), (last, now) = listener[0], listener[-1]
        print(f"flat: the listener's part, p50, overs {first} -> {last}: {1000 * was:.1f} -> "
              f"{1000 * now:.1f} ms ({now / was - 1:+.0%}; goal within 20%: "
              f"{'met' if now <= 1.2 * was else 'NOT met'})")
    if all(bare):
        before, after = (percentile(b, .5) for b in bare)
        print(f"flat: the emulator's own listener part (a tiny document, commit -> listener),"
              f" p50, before the match -> after it: {1000 * before:.1f} -> {1000 * after:.1f} "
              f"ms ({after / before - 1:+.0%}; n={len(bare[1])})")


def report_model(cost: list[tuple[int, int, int, str]], events: int, actions: int,
                 scoreboard_bytes: list[int], breakdown: latency.Breakdown) -> None:
    """The capacity model (benchmarks/scale.py, docs/scale.md) over this run's own figures
    per ball: reads and writes of an in-order ball, feed events per action, live/now's bytes,
    the trigger's time (the HTTP path's bytes are make bench-web's)."""
    ball = _ball_figures(cost, events, actions, scoreboard_bytes, breakdown)
    print(f"capacity model (docs/scale.md) on this run's figures: a ball {ball.reads:.2f} reads "
          f"and {ball.writes:.2f} writes (the scorer's included), {ball.events:.2f} feed events "
          f"an action, a run of {1000 * ball.run_seconds:.0f} ms, live/now {ball.now_bytes:,} B")
    print(*scale.table(ball, scale.Pace(ball_seconds=48, actions=250, poll_seconds=5)), sep="\n")


def _ball_figures(cost: list[tuple[int, int, int, str]], events: int, actions: int,
                  scoreboard_bytes: list[int], breakdown: latency.Breakdown) -> scale.Ball:
    """The capacity model's ball from this run: an in-order ball's reads and writes (the
    scorer's write added), feed events per action, a warm run's median time, live/now's
    median bytes."""
    folded = [(reads, writes) for _, reads, writes, mode in cost if mode == "folded"]
    return scale.Ball(reads=statistics.mean(r for r, _ in folded),
                      writes=statistics.mean(w for _, w in folded) + 1,
                      events=events / max(1, actions),
                      run_seconds=statistics.median(b.trigger for b in breakdown.balls[1:]),
                      now_bytes=percentile(scoreboard_bytes, .5))


def report_changes(undo_last: tuple, undo_old: tuple, corrected: tuple) -> None:
    """The reads and writes of each change to an old ball, beside the goal of 100 each."""
    for name, (reads, writes, mode, total) in (
            ("undoing the last ball", undo_last), ("undoing a ball of the first over", undo_old),
            ("correcting a ball half way through", corrected)):
        goal, wgoal = ("", "") if name == "undoing the last ball" else _old_change_goals(
            reads, writes)
        print(f"reads/writes of {name} ({mode}, log of {total} actions): "
              f"{reads} reads{goal}, {writes} writes{wgoal}")


def _old_change_goals(reads: int, writes: int) -> tuple[str, str]:
    """A change to an old ball's reads and writes against the goal (issue 20)."""
    return (f" (goal under {OLD_CHANGE_GOAL}: {'met' if reads < OLD_CHANGE_GOAL else 'NOT met'})",
            f" (goal at most {OLD_CHANGE_GOAL}: "
            f"{'met' if writes <= OLD_CHANGE_GOAL else 'NOT met'})")


def _stage_latency(balls: list[latency.BallTimes], rules_floor: list[float]) -> str:
    """A stage's live/now latency beside the goals (p50 and p95 within twice the rules'
    floor), and its trigger's and listener's parts."""
    def p(values: list[float], q: float) -> float:
        return 1000 * percentile(values, q)

    total = [b.total for b in balls]
    return (f"live/now p50 {p(total, .5):.0f} ms ({p(total, .5) / p(rules_floor, .5):.1f}x "
            f"the rules' floor), p95 {p(total, .95):.0f} ms "
            f"({p(total, .95) / p(rules_floor, .95):.1f}x); parts p50: trigger "
            f"{p([b.trigger for b in balls], .5):.0f} ms, listener "
            f"{p([b.listener for b in balls], .5):.1f} ms")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--match", type=Path,
                        help="a Cricsheet match to replay ball by ball instead of the generated "
                        "Test (the longest real one of `make data`: 1244225.json, 366 overs)")
    parser.add_argument("--synthetic-overs", type=int, default=450, metavar="N",
                        help="without --match: replay a generated five-day Test of N overs "
                        "(default 450, longer than any real match of the corpus)")
    parser.add_argument("--balls", type=int, default=0, help="stop after N actions (0 = all)")
    parser.add_argument("--floor-samples", type=int, default=200)
    parser.add_argument("--whole-feed", action="store_true",
                        help="also listen to the whole feed (every event of the match) and time "
                        "each ball's BALL_BOWLED there; slow past ~1,000 events in the Python "
                        "client: the ticker (the last 20 events) is always timed")
    parser.add_argument("--scoreboard-alone", action="store_true",
                        help="replay the match once, its scoreboard's listener alone (as it "
                        "is timed for the goals), without the second replay with every "
                        "listener on (the bytes, the app on live/score, the ticker)")
    parser.add_argument("--fanout", type=int, default=200, metavar="N",
                        help="listeners on live/score for the fan-out figure (0: skip it)")
    parser.add_argument("--fanout-balls", type=int, default=30, metavar="N",
                        help="balls the fan-out figure is measured over")
    parser.add_argument("--fold-match", type=Path, default=real_match("1263170"),
                        help="a match for the pure fold's throughput, beside the generated Test "
                        "(default: the real 5-day Test 1263170 when `make data` has fetched it)")
    parser.add_argument("--consensus-match", type=Path, default=real_match("1269700"),
                        help="the match scored SINGLE and DUAL for the consensus figures "
                        "(default: the real T20 1269700 when `make data` has fetched it, else "
                        "a generated T20)")
    parser.add_argument("--consensus-differences", type=int, default=5, metavar="N",
                        help="balls the away scorer sees otherwise, each resolved by an umpire"
                        " (0: skip the consensus figures)")
    parser.add_argument("--season-competition", type=Path,
                        default=REPO / "tests" / "data" / "competitions" / "cpl-2021.json",
                        help="a competition whose table matches are entered and counted for "
                        "the season figures (none: skip them; skipped too when its matches "
                        "are not here: `make data`)")
    parser.add_argument("--ingest-matches", type=int, default=50, metavar="N",
                        help="live matches ingested at once from the fake provider (0: skip; "
                        "skipped too when the 2021 CPL is not here: `make data`)")
    parser.add_argument("--load-matches", type=int, default=50, metavar="N",
                        help="matches scored at once, one ball a second each, for the load "
                        "figures (0: skip; skipped too when the 2021 CPL is not here)")
    parser.add_argument("--load-spectators", type=int, default=200, metavar="N",
                        help="live/score listeners spread over the load run's matches")
    parser.add_argument("--flood-balls", type=int, default=1400, metavar="N",
                        help="balls one scorer writes as fast as the rules take them while "
                        "five other matches are scored (0: skip)")
    return parser.parse_args(argv)


def bench_match(args: argparse.Namespace, match_id: str) -> tuple[Any, list[Any]]:
    """The match the pipeline replays, under `match_id`: `--match`, or the generated Test."""
    if args.match:
        match, actions = load_match(args.match, match_id=match_id, recorded_by=SCORER)
    else:
        match, actions = synthetic_test(match_id, args.synthetic_overs, recorded_by=SCORER)
    return match, actions[: args.balls] if args.balls else actions


def replayed_as(match: Any, actions: list[Any], replay: Replay) -> Replayed:
    """The match replayed with `replay`'s spectators."""
    try:
        return replay_match(replay, match, actions)
    finally:
        replay.close()


def _report_folds(args: argparse.Namespace) -> None:
    """The pure fold's throughput on the real Test (`--fold-match`) and the generated one."""
    if args.fold_match:
        report_fold(f"the real five-day Test {args.fold_match.stem}",
                    *load_match(args.fold_match), cricsheet=args.fold_match)
    report_fold(f"the generated Test of {args.synthetic_overs} overs",
                *synthetic_test("fold", args.synthetic_overs, SCORER))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _report_folds(args)

    match, actions = bench_match(args, "bench")
    print(f"replaying {len(actions)} actions of {match.name or match.id}", flush=True)
    # the trivial trigger that measures one hop, in a codebase of its own (never deployed)
    os.environ.setdefault("SCOREBOOK_EXTRA_CODEBASES", "benchmarks/hop")
    again = None if args.scoreboard_alone else bench_match(args, "bench-watched")
    with running_emulators(REPO, PROJECT):
        admin = FirestoreRest.as_admin(PROJECT)
        scorer = FirestoreRest.as_user(PROJECT, SCORER)
        # (created before the floors: their triggers have run, and the first ball is the
        # first run of the scoring trigger, its cold start)
        for created, _ in filter(None, ((match, actions), again)):
            create_match(admin, created)
            assign_match_role(admin, created.id, SCORER)
        breakdown = floors(admin, scorer, args.floor_samples)
        replayed, watched, watching = _replays(args, admin, scorer, (match, actions),
                                               again=again, breakdown=breakdown)
        fanout = fan_out(admin, scorer, args.fanout, args.fanout_balls) if args.fanout else []
        agreed, counted, ingested = other_parts(args)
    loaded = league_parts(args)

    exact = report_replays(replayed, watched, watching, breakdown, fanout=fanout,
                           listeners=args.fanout, actions=len(actions))
    return 0 if report_other_parts(agreed, counted, ingested, loaded) and exact else 1


def _replays(args: argparse.Namespace, admin: FirestoreRest, scorer: FirestoreRest,
             game: tuple[Any, list[Any]], *, again: tuple[Any, list[Any]] | None,
             breakdown: latency.Breakdown) -> tuple[Replayed, Replayed | None, Replay | None]:
    """The match replayed for the goals, timed as the floors are, its listener alone; then,
    unless `--scoreboard-alone`, again with every listener a match has on: what each
    receives."""
    match, actions = game
    replayed = replayed_as(match, actions,
                           Replay(admin, scorer, match.id, breakdown, alone=True))
    breakdown.bare[1].extend(latency.bare_listener(admin, args.floor_samples))
    if again is None:
        return replayed, None, None
    watching = Replay(admin, scorer, again[0].id, breakdown.again(),
                      whole_feed=args.whole_feed)
    return replayed, replayed_as(*again, watching), watching


def report_replays(replayed: Replayed, watched: Replayed | None, watching: Replay | None,
                   breakdown: latency.Breakdown, *, fanout: list[float], listeners: int,
                   actions: int) -> bool:
    """The replays' figures (the first's against the goals, the watched one's beside them);
    whether the feed of each came out equal to the pure feed of its log."""
    report_stages(replayed.cost, breakdown)
    report_changes(replayed.undo_last, replayed.undo_old, replayed.corrected)
    actions, counts, refold, chain = replayed.sweep
    print(f"the reconciliation of the match, a log of {actions:,} actions: its counts every "
          f"5 minutes while it is not over, {counts} reads; whole once an hour (or when the "
          f"counts disagree), {refold + chain:,} reads, {(refold + chain) / max(1, actions):.1f}"
          f" an action (live/lineups and its refold {refold:,}, the ledger's chain {chain:,})")
    print(f"reads/writes of the next ball after the undos: {replayed.after_void[0]} reads, "
          f"{replayed.after_void[1]} writes ({replayed.after_void[2]})")
    for line in breakdown.report():
        print(line)
    if watching is not None:
        watching.report()
    if fanout:
        print(latency_line(f"fan-out, scorer write -> the last of {listeners} listeners "
                           "on live/score has the ball", fanout))
    exact = _report_feed(replayed, watched)
    if watching is not None:
        report_model(replayed.cost, len(replayed.published), actions,
                     watching.others.bytes_received.scoreboard, breakdown)
    return exact


def _report_feed(replayed: Replayed, watched: Replayed | None) -> bool:
    """The feed's figures after the run; whether each replay's came out equal to the pure
    feed of its log."""
    exact = all(r.feed_exact for r in (replayed, watched) if r is not None)
    published = replayed.published
    print(f"feed after the run: {len(published)} events published, "
          f"{sum(d['type'] == 'BALL_RETRACTED' for d in published)} retractions; "
          f"equal to the pure feed of the log: {'yes' if exact else 'NO'}"
          + (" (the watched replay's too)" if watched is not None else ""))
    return exact


if __name__ == "__main__":
    sys.exit(main())
