"""Benchmark of provider ingestion: many live matches at once from the fake provider, one
event a second each, ingested by `scripts/ingest.py` (one process) through the emulators.

- The fake provider (its own process) replays real T20s (each served under several ids to
  reach the count), one event a second from each match's first poll, sending 5% of events
  twice and leaving one position of every match out of its stream (a gap to backfill).
- Every match is set up first (its match document, lineups and ingestion), as a league sets
  its matches up before they start, and the triggers that set-up fires are let finish.
- `scripts/ingest.py` then polls them all at the default cadence, with /metrics served.
- This process listens to every match's live/score as a spectator's app does.

Prints: the matches and how long the run took; whether every match's log holds each ball once
and its live/score equals the match's own projection (nothing lost); the time from the
provider publishing a ball to a spectator's live/score showing it, p50/p95/p99 over all
balls, and the slowest match's p99 (the design's goal: under 2 s); the same up to the ball
being in the log, from the ingestion's own histogram; and /metrics against what this run
counted (events written, gaps, backfills). `make bench` runs it; alone:
`python benchmarks/ingest.py --matches 50` (it starts the emulators).
Match data: Cricsheet (cricsheet.org, ODC-By).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from stats import (  # benchmarks/ is on sys.path when run as a script
    arrival_latencies,
    percentile,
)

from scorebook.actions import is_voided
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.firestore.client import firestore_client
from scorebook.firestore.ingest import FirestoreIngestStore, write_mapping
from scorebook.firestore.paths import live_score_path, scoring_actions_path
from scorebook.http_providers import provider_for
from scorebook.ingest.answer import ProviderRef
from scorebook.ingest.cadence import Cadence
from scorebook.ingest.normalise import ProviderMapping
from scorebook.service.ingest import set_up
from scorebook.views.scorecard import project
from scorebook_tools.emulators import free_port, running_emulators
from scorebook_tools.fake_provider import mapping
from scorebook_tools.ingest_local import scrape, total
from scorebook_tools.realdata import CORPUS, real_match

REPO = Path(__file__).resolve().parents[1]
PROJECT = "demo-scorebook"
#: the position left out of every match's stream
DROPPED = "1-0030"
DUPLICATE = 0.05
GOAL_SECONDS = 2.0


@dataclass
class Watch:
    """Every live/score snapshot of one match: (wall time it arrived, lastActionId)."""

    match_id: str
    seen: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_snapshot(self, snapshots: list[Any], _changes: Any, _read_time: Any) -> None:
        now = time.time()
        for snap in snapshots:
            last = (snap.to_dict() or {}).get("lastActionId")
            if last:
                with self.lock:
                    self.seen.append((now, last))


@dataclass
class Outcome:
    matches: int
    seconds: float
    exact: int
    problems: list[str]
    rate: float
    latencies: list[float]
    slowest_p99: tuple[str, float]
    #: from the provider publishing a ball to the ingestion writing it (the action's createdAt)
    to_log: list[float]
    metrics: dict[str, float]
    counted: dict[str, float]


def _cpl() -> list[Path]:
    return [p for m in CORPUS if "Caribbean" in m.exercises or m.id == "1269710"
            if (p := real_match(m.id)) is not None]


def available() -> bool:
    """Whether the matches it replays are here (the 2021 CPL: `make data`); says so if not."""
    if _cpl():
        return True
    print("ingestion: skipped, the 2021 CPL is not here (`make data` fetches it)")
    return False


def sources(count: int) -> list[tuple[Path, int]]:
    """The T20s to replay and how many copies of each, to make ``count`` matches."""
    files = _cpl()
    if not files:
        raise SystemExit("the benchmark replays the 2021 CPL: `make data` fetches it")
    copies = -(-count // len(files))
    chosen = sorted(files)[: -(-count // copies)]
    return [(p, copies) for p in chosen]


def _published(url: str, match_id: str) -> dict[str, float]:
    body = httpx.get(f"{url}/matches/{match_id}/events", timeout=30).json()
    return {f"{e['innings']}-{e['sequence']:04d}":
            datetime.fromisoformat(e["published"]).timestamp()
            for e in body["events"] if e["type"] == "delivery"}


def _to_log(db: Any, match_id: str, published: dict[str, float]) -> list[float]:
    """For each ball, from its publication to the ingestion writing it (its createdAt)."""
    out = []
    for snap in db.collection(scoring_actions_path(match_id)).stream():
        doc = snap.to_dict() or {}
        when = published.get(snap.id)
        if when is not None and doc.get("createdAt") is not None:
            out.append(doc["createdAt"].timestamp() - when)
    return out


def _check(db: Any, path: Path, match_id: str) -> str | None:
    """Why a match is not exact, or None."""
    match, official = load_match(path, match_id=match_id)
    live = _live_ids(db, match_id)
    if live != sorted(a.id for a in official):
        return f"{match_id}: the log has {len(live)} actions, the match {len(official)}"
    score = db.document(live_score_path(match_id)).get().to_dict() or {}
    wrong = _wrong_totals(score, to_document(project(match, official), json=True))
    return f"{match_id}: live/score {wrong[0]}" if wrong else None


def _live_ids(db: Any, match_id: str) -> list[str]:
    """The ids of the match's log's actions not voided, in order."""
    docs = {s.id: s.to_dict() for s in db.collection(scoring_actions_path(match_id)).stream()}
    return sorted(i for i, d in docs.items() if not is_voided(d))


def _wrong_totals(score: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Each innings' total and the result where live/score says otherwise than `expected`."""
    wrong = _wrong_innings(score, expected)
    if score.get("result") != expected["result"]:
        wrong.append(f"result {score.get('result')!r}")
    return wrong


def _wrong_innings(score: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Each innings' runs, wickets and balls where live/score says otherwise."""
    return [f"{key}.{f} is {(score.get(key) or {}).get(f)}" for key in _innings_keys(expected)
            for f in ("runs", "wickets", "balls")
            if (score.get(key) or {}).get(f) != expected[key][f]]


def _innings_keys(score: dict[str, Any]) -> list[str]:
    """live/score's keys of the innings' totals: innings1, innings2, ..."""
    return [k for k in score if k.startswith("innings") and k[7:].isdigit()]


def _union_mapping(paths: list[Path]) -> ProviderMapping:
    players: dict[str, str] = {}
    for p in paths:
        players |= mapping(p).players
    return ProviderMapping(players=players)


def _set_up_all(db: Any, url: str, match_ids: list[str]) -> None:
    """Set every match up, then wait until the lineups' triggers are done with them (their
    live/lineups still for 5 s)."""
    store = FirestoreIngestStore(db)
    with httpx.Client() as http:
        for match_id in match_ids:
            ref = ProviderRef(name="feed", adapter="generic", url=url, providerMatchId=match_id)
            set_up(store, provider_for(ref, http, match_id), match_id=match_id,
                   providers=[ref], cadence=Cadence(settleSeconds=5), now=datetime.now(UTC))
    started = _lineups_still(db, match_ids)
    print(f"  {len(match_ids)} matches set up; their lineups' triggers done after "
          f"{time.monotonic() - started:.0f} s", flush=True)


def _lineups_still(db: Any, match_ids: list[str]) -> float:
    """Wait until every match's live/lineups has a version, unchanged for 5 s (10 minutes
    at most); when the wait began (monotonic)."""
    started, last, still_since = time.monotonic(), None, time.monotonic()
    while time.monotonic() - still_since < 5 and time.monotonic() - started < 600:
        versions = _lineup_versions(db, match_ids)
        if versions != last or None in versions:
            last, still_since = versions, time.monotonic()
        time.sleep(1)
    return started


def _lineup_versions(db: Any, match_ids: list[str]) -> list[int | None]:
    """Each match's live/lineups version (None: none yet)."""
    return [(db.document(f"matches/{m}/live/lineups").get().to_dict() or {}).get("version")
            for m in match_ids]


def _provider(plan: list[tuple[Path, int]], rate: float) -> tuple[subprocess.Popen, str]:
    """The fake provider serving the matches of `plan`, and its address."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scorebook_tools.fake_provider", *(str(p) for p, _ in plan),
         "--port", str(port), "--copies", str(plan[0][1]), "--rate", str(rate),
         "--start-on-first-poll", "--duplicate", str(DUPLICATE), "--drop", DROPPED],
        cwd=REPO, stdout=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{port}"


def _until_complete(db: Any, ingest: subprocess.Popen, count: int, *, started: float,
                    deadline: float, log: str) -> float:
    """Wait until every match's ingestion is complete (or the deadline); the seconds taken."""
    while time.monotonic() - started < deadline:
        if ingest.poll() is not None:
            raise SystemExit(f"scripts/ingest.py stopped (exit {ingest.returncode}): see {log}")
        done = _complete(db)
        print(f"  {time.monotonic() - started:5.0f} s: {done} of {count} complete", flush=True)
        if done == count:
            break
        time.sleep(15)
    return time.monotonic() - started


def _complete(db: Any) -> int:
    """How many ingestions are complete."""
    statuses = [(s.to_dict() or {}).get("status")
                for s in db.collection("ingestion").select(["status"]).stream()]
    return sum(s == "complete" for s in statuses)


def _latencies(db: Any, url: str, watches: dict[str, Watch]
               ) -> tuple[list[float], list[float], dict[str, float]]:
    """Provider -> spectator and provider -> log, every ball; each match's p99 to the
    spectator."""
    latencies: list[float] = []
    to_log: list[float] = []
    per_match: dict[str, float] = {}
    for m, watch in watches.items():
        published = _published(url, m)
        mine = arrival_latencies(watch.seen, published)
        to_log += _to_log(db, m, published)
        latencies += mine
        if mine:
            per_match[m] = percentile(mine, 0.99)
    return latencies, to_log, per_match


def _match_ids(plan: list[tuple[Path, int]], count: int) -> list[tuple[Path, str]]:
    """(file, match id) of each match: a file served more than once gets -1, -2, ..."""
    return [(p, f"{p.stem}-{k}" if copies > 1 else p.stem)
            for p, copies in plan for k in range(1, copies + 1)][:count]


def _print_heard(watches: dict[str, Watch]) -> None:
    heard = sum(bool(w.seen) for w in watches.values())
    print(f"  spectators' listeners heard {heard} of {len(watches)} matches "
          f"({sum(len(w.seen) for w in watches.values())} snapshots)", flush=True)


def run(count: int, *, rate: float = 1.0, deadline: float = 900.0) -> Outcome:
    """Ingest ``count`` matches at once, ``rate`` events a second each (the emulators must be
    running)."""
    plan = sources(count)
    ids = _match_ids(plan, count)
    db = firestore_client()
    write_mapping(db, "feed", _union_mapping([p for p, _ in plan]))
    metrics_port = free_port()
    provider, url = _provider(plan, rate)
    _set_up_all(db, url, [m for _, m in ids])
    watches = {m: Watch(m) for _, m in ids}
    listeners = [db.document(live_score_path(m)).on_snapshot(w.on_snapshot)
                 for m, w in watches.items()]
    started = time.monotonic()
    log = (REPO / ".cache" / "bench-ingest.log").open("w")
    ingest = _ingestion(ids, url, metrics_port, log)
    try:
        seconds = _until_complete(db, ingest, len(ids), started=started, deadline=deadline,
                                  log=log.name)
        time.sleep(5)  # the last live/score writes reach the listeners
        _print_heard(watches)
        metrics = _metrics(metrics_port)
        latencies, to_log, per_match = _latencies(db, url, watches)
    finally:
        for listener in listeners:
            listener.unsubscribe()
        _stop(ingest, provider)
        log.close()
    problems = [p for path, m in ids if (p := _check(db, path, m))]
    return Outcome(matches=len(ids), seconds=seconds, rate=rate, exact=len(ids) - len(problems),
                   problems=problems, latencies=latencies, slowest_p99=_slowest(per_match),
                   to_log=to_log, metrics=metrics, counted=_counted(ids))


def _metrics(port: int) -> dict[str, float]:
    """What /metrics says: each metric, summed over its labels."""
    samples = scrape(port)
    return {name: total(samples, name) for name, _ in samples}


def _slowest(per_match: dict[str, float]) -> tuple[str, float]:
    """The match with the highest p99, and it (("-", 0.0): no match seen)."""
    return max(per_match.items(), key=lambda kv: kv[1]) if per_match else ("-", 0.0)


def _ingestion(ids: list[tuple[Path, str]], url: str, metrics_port: int,
               log: Any) -> subprocess.Popen:
    """scripts/ingest.py polling every match from the provider at `url`, /metrics served."""
    return subprocess.Popen(
        [sys.executable, "scripts/ingest.py", *(a for _, m in ids for a in ("--match", m)),
         "--provider", f"feed=generic:{url}#{{match}}", "--metrics-port", str(metrics_port),
         "--linger", "600"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def _stop(*processes: subprocess.Popen) -> None:
    """Each process asked to end, then waited for (30 s each)."""
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(30)


def _counted(ids: list[tuple[Path, str]]) -> dict[str, float]:
    """What /metrics should count: every action of every match written, and in each match
    the one ball left out of its stream missed, seen as a gap and fetched again."""
    actions = sum(len(load_match(p)[1]) for p, _ in ids)
    return {"ingest_events_written_total": actions, "missed_balls_total": len(ids),
            "ingest_backfills_total": len(ids), "ingest_gaps_total": len(ids),
            "rate_limit_events_total": 0}


def report(out: Outcome) -> bool:
    """Print the figures; whether nothing was lost and /metrics agrees."""
    print(f"ingestion: {out.matches} matches at once from the fake provider, {out.rate:g} "
          f"event(s) a second each, all complete after {out.seconds:.0f} s")
    print(f"ingestion: every ball once, in order, and live/score equal to the match's "
          f"projection: {out.exact} of {out.matches}" + "".join(f"\n  - {p}" for p in
                                                              out.problems))
    if out.latencies:
        _print_to_spectator(out)
    if out.to_log:
        t = out.to_log
        print(f"ingestion: provider publishes a ball -> the ingestion writes it to the log: p50 "
              f"{percentile(t, 0.5):.2f} s, p95 {percentile(t, 0.95):.2f} s, p99 "
              f"{percentile(t, 0.99):.2f} s over {len(t)} balls")
    agree = _metrics_agree(out)
    print(f"ingestion: /metrics ingest_duplicates_total = "
          f"{out.metrics.get('ingest_duplicates_total', 0):.0f} (events re-sent: about "
          f"{DUPLICATE:.0%} of those seen), polls {out.metrics.get('ingest_polls_total', 0):.0f}")
    return not out.problems and agree


def _print_to_spectator(out: Outcome) -> None:
    """Provider -> spectator, over every ball and the slowest match, against the goal."""
    lat = out.latencies
    goal = "met" if percentile(lat, 0.99) < GOAL_SECONDS else "NOT met"
    print(f"ingestion: provider publishes a ball -> spectator's live/score shows it: p50 "
          f"{percentile(lat, 0.5):.2f} s, p95 {percentile(lat, 0.95):.2f} s, p99 "
          f"{percentile(lat, 0.99):.2f} s over {len(lat)} balls (goal under "
          f"{GOAL_SECONDS:g} s: {goal}); slowest match {out.slowest_p99[0]} p99 "
          f"{out.slowest_p99[1]:.2f} s")


def _metrics_agree(out: Outcome) -> bool:
    """Each count of /metrics beside this run's, printed; whether all agree."""
    agree = True
    for name, want in out.counted.items():
        got = out.metrics.get(name, 0.0)
        agree &= got == want
        print(f"ingestion: /metrics {name} = {got:.0f}, counted {want:.0f}: "
              f"{'agrees' if got == want else 'DIFFERS'}")
    return agree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matches", type=int, default=50)
    parser.add_argument("--rate", type=float, default=1.0,
                        help="events a second per match (default 1, the design's load)")
    args = parser.parse_args(argv)
    with running_emulators(REPO, PROJECT):
        return 0 if report(run(args.matches, rate=args.rate)) else 1


if __name__ == "__main__":
    sys.exit(main())
