"""The capacity and cost model of docs/scale.md: for a number of matches scored at once and a
number of spectators following them, what the Firebase products carry (Firestore's writes,
reads and listeners; the functions' runs; Hosting's requests and bytes), which of their limits
binds first, and what it costs at list prices.

Its inputs are what one ball costs, as `make bench` measures it on the emulators (each default
names the line of docs/benchmarks.md it comes from), and the pace of a real match (a T20: about
250 actions in 3 h 20 min). Everything else is arithmetic, which the tables show.

    python benchmarks/scale.py                         # the figures measured
    python benchmarks/scale.py --ball-seconds 30 --poll-seconds 5
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, fields

from scorebook.service.reconcile import FULL_EVERY, RECONCILE_SECONDS

GIB = 1024 ** 3


@dataclass(frozen=True)
class Ball:
    """What one ball costs, measured (docs/benchmarks.md, `make bench` and `make bench-web`)."""

    #: the projection's reads per ball ("By stage of the match": reads per ball)
    reads: float = 2.00
    #: the projection's writes per ball (same table), and the scorer's own write of the action
    writes: float = 7.41 + 1
    #: feed events per action (the feed after the run: 3,795 events for 2,706 actions)
    events: float = 1.40
    #: the trigger's run, wall time (the trigger's part of a ball's way: p50)
    run_seconds: float = 0.014
    #: `live/now` as Firestore counts it (a scoreboard's bytes per ball: p50)
    now_bytes: int = 1_472
    #: a feed event as Firestore counts it (the real T20 1275268's feed: mean)
    event_bytes: int = 1_283
    #: over HTTP through Hosting, gzipped, headers included (`make bench-web`, "http bytes
    #: through Hosting"): live/now; a poll that finds nothing new (304); a whole 20-over
    #: innings' card, which a spectator's page reads once an over
    http_now_bytes: int = 1_459
    http_304_bytes: int = 748
    http_card_bytes: int = 1_745
    #: the scheduled reconciliation's reads of a match not over in each of its runs: the
    #: match, the checkpoint's counts, the reconciliation's record and the log's two counts
    #: (one read per 1,000 actions each) (`make bench`, "the reconciliation of the match":
    #: its counts)
    counts_reads: float = 5.0
    #: and once an hour (or when the counts disagree), its reads an action of the log so
    #: far: `verify` refolds the log (its actions and their feed events) and `verify_chain`
    #: reads the ledger (an entry an action) and the log again (`make bench`, the same line:
    #: whole, 11,950 reads for the Test's 2,708 actions)
    sweep_reads: float = 3 + 1.40


@dataclass(frozen=True)
class Prices:
    """List prices in US dollars (November 2026; the pages docs/scale.md cites). Firestore's
    are a multi-region database's (nam5); a regional one's are about half."""

    firestore_read: float = 0.06 / 100_000
    firestore_write: float = 0.18 / 100_000
    #: Google Cloud's internet egress (Firestore's outbound data transfer), per GiB
    firestore_egress_gib: float = 0.12
    #: Cloud Functions (2nd gen, billed as Cloud Run): per invocation, per vCPU-second and
    #: GiB-second of a 1 vCPU, 512 MiB instance
    function_call: float = 0.40 / 1_000_000
    function_vcpu_second: float = 0.000024
    function_gib_second: float = 0.0000025
    #: Firebase Hosting's data transfer, per GiB
    hosting_egress_gib: float = 0.15


@dataclass(frozen=True)
class Limits:
    """The platform limits the model weighs (docs/scale.md cites them, and others)."""

    #: Firestore: concurrent connections of mobile and web clients per database
    connections: int = 1_000_000
    #: Firestore: sustained writes to one document a second (a soft limit)
    document_writes_per_second: float = 1.0
    #: Cloud Functions (2nd gen): instances of one function (the default maximum), and the
    #: events one Python instance runs at once
    instances: int = 100
    events_per_instance: int = 1


@dataclass(frozen=True)
class Pace:
    """A match's rhythm: seconds between its actions, how many, and an HTTP spectator's
    seconds between polls."""

    ball_seconds: float
    actions: int
    poll_seconds: float

    @property
    def match_seconds(self) -> float:
        return self.ball_seconds * self.actions


@dataclass(frozen=True)
class Load:
    matches: int
    spectators: int
    transport: str  # "listener" or "http"


@dataclass
class Figures:
    """One load's figures: a second of match time, and a day of matches."""

    writes: float
    reads: float
    connections: int
    function_calls: float
    instances: float
    cdn_requests: float
    firestore_gib: float
    hosting_gib: float
    cost: float
    binds: str


def per_spectator_ball(ball: Ball, transport: str, polls: float) -> tuple[float, int, int]:
    """(Firestore reads, Firestore bytes, Hosting bytes) a spectator costs a ball. A listener
    (the web app's spectator page) takes live/now and the ticker's new events from Firestore,
    and the card of the innings in progress once an over (six balls) from Hosting; an HTTP
    spectator polls live/now (one answer with the ball, the other polls 304s) and reads the
    card the same way, with no ticker (the feed is not served over HTTP)."""
    card = ball.http_card_bytes / 6
    if transport == "listener":
        return (1 + ball.events, round(ball.now_bytes + ball.events * ball.event_bytes),
                round(card))
    return 0.0, 0, round(ball.http_now_bytes + (polls - 1) * ball.http_304_bytes + card)


def figures(load: Load, ball: Ball, pace: Pace, prices: Prices = Prices(),
            limits: Limits = Limits()) -> Figures:
    """What `load` asks of the platform over a day of its matches, and what binds first."""
    ball_seconds, poll_seconds, match_seconds = (pace.ball_seconds, pace.poll_seconds,
                                                 pace.match_seconds)
    balls = load.matches / ball_seconds  # a second
    spectator_balls = load.spectators / ball_seconds
    reads, firestore_bytes, hosting_bytes = per_spectator_ball(
        ball, load.transport, ball_seconds / poll_seconds)
    writes = balls * ball.writes
    reads = balls * ball.reads + spectator_balls * reads + reconciliation_reads(
        load.matches, ball, pace)
    calls = balls  # one run of the scoring trigger a ball (the CDN's calls: one per edge per 2 s)
    instances = calls * ball.run_seconds / limits.events_per_instance
    listening = load.spectators if load.transport == "listener" else 0
    cdn = (load.spectators / poll_seconds if load.transport == "http"
           else spectator_balls / 6)
    firestore_gib = spectator_balls * firestore_bytes * match_seconds / GIB
    hosting_gib = spectator_balls * hosting_bytes * match_seconds / GIB
    run = prices.function_call + ball.run_seconds * (prices.function_vcpu_second
                                                     + prices.function_gib_second / 2)
    cost = (match_seconds * (writes * prices.firestore_write + reads * prices.firestore_read
                             + calls * run)
            + firestore_gib * prices.firestore_egress_gib + hosting_gib * prices.hosting_egress_gib)
    return Figures(writes, reads, listening, calls, instances, cdn, firestore_gib, hosting_gib,
                   cost, binding(listening, instances, limits, ball_seconds))


def reconciliation_reads(matches: int, ball: Ball, pace: Pace) -> float:
    """Reads a second of the reconciliation (`reconcile_live_scores`, every
    RECONCILE_SECONDS): each match's counts in every run, `counts_reads`; and once in
    FULL_EVERY runs its log so far (half the match's on average), `sweep_reads` an action."""
    whole = pace.actions / 2 * ball.sweep_reads / FULL_EVERY
    return matches * (ball.counts_reads + whole) / RECONCILE_SECONDS


def binding(connections: int, instances: float, limits: Limits, ball_seconds: float) -> str:
    """The first limit the load meets, or the nearest and how near."""
    shares = [
        (connections / limits.connections, "Firestore's connections a database"),
        # live/now and live/score: each written once a ball
        ((1 / ball_seconds) / limits.document_writes_per_second, "writes to one document"),
        (instances / limits.instances, "the scoring trigger's instances"),
    ]
    share, name = max(shares)
    return f"{name}: {share:.0%}" + (" (at the limit)" if share >= 1 else "")


def table(ball: Ball, pace: Pace) -> list[str]:
    """The model's table: matches at once by spectators by transport."""
    rows = ["| matches at once | spectators | transport | Firestore writes/s | Firestore reads/s "
            "| listeners | function runs/s | instances busy | CDN requests/s | Firestore GiB "
            "| Hosting GiB | cost of the day | nearest limit |", "|---" * 13 + "|"]
    for matches in (1, 100, 1000):
        for spectators in (1, 1_000, 1_000_000):
            for transport in ("listener", "http"):
                f = figures(Load(matches, spectators, transport), ball, pace)
                rows.append(
                    f"| {matches:,} | {spectators:,} | {transport} | {f.writes:,.1f} | "
                    f"{f.reads:,.0f} | {f.connections:,} | {f.function_calls:,.2f} | "
                    f"{f.instances:.2f} | {f.cdn_requests:,.0f} | {f.firestore_gib:,.1f} | "
                    f"{f.hosting_gib:,.1f} | ${f.cost:,.2f} | {f.binds} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ball-seconds", type=float, default=48.0,
                        help="seconds between actions of a match (default 48: a T20 of 250 "
                        "actions in 3 h 20 min)")
    parser.add_argument("--match-actions", type=int, default=250,
                        help="actions in a match (default 250: a T20)")
    parser.add_argument("--poll-seconds", type=float, default=5.0,
                        help="between an HTTP spectator's polls (default 5; the kit's own "
                        "default is 1)")
    for field in fields(Ball):
        parser.add_argument(f"--{field.name.replace('_', '-')}", type=type(field.default),
                            default=field.default, help=f"one ball's {field.name} "
                            f"(default {field.default}, measured)")
    args = parser.parse_args(argv)
    ball = Ball(**{f.name: getattr(args, f.name) for f in fields(Ball)})
    pace = Pace(args.ball_seconds, args.match_actions, args.poll_seconds)
    print(f"a match: {pace.actions} actions, one every {pace.ball_seconds:g} s "
          f"({pace.match_seconds / 3600:.1f} h); HTTP spectators poll every "
          f"{pace.poll_seconds:g} s")
    print(*table(ball, pace), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
