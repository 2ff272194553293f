"""How often to poll a match, how to back off a provider that refuses, and which provider to
trust.

- The interval follows the match (`phase`): faster in the last overs of an innings and in a
  close chase, slower in a break, slowest before the start.
- A provider that answers 429 (rate limited) or 5xx, or not at all, is backed off
  exponentially with full jitter (tenacity's `wait_random_exponential`: a random wait below a
  bound that doubles with each refusal, up to a cap); a Retry-After it gives is respected.
  Each answer that comes back halves the refusals counted, so the bound comes down by powers
  of two: the interval decays back to the match's own in a few polls instead of snapping back
  into the same refusal.
- Each provider's health is a score from 0 to 1 (the design's weights: error rate 40%,
  latency 25%, rate limits 20%, freshness 15%). An unhealthy active provider is left for the
  next healthy one in the ingestion's order; the first is returned to once healthy again for
  a while. A switch pins the choice for a time, so it never flaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field
from tenacity import wait_random_exponential

from scorebook.document import Schema
from scorebook.ingest.answer import ProviderProblemCode, ScoreSnapshot

Phase = Literal["scheduled", "live", "decisive", "break", "complete"]


class Cadence(Schema):
    """The ingestion's settings (`ingestion/{matchId}.cadence`, defaults for a T20's pace)."""

    #: seconds between polls in each phase of the match
    live: float = Field(default=1.0, gt=0)
    decisive: float = Field(default=0.5, gt=0)
    breakTime: float = Field(default=5.0, gt=0)
    scheduled: float = Field(default=30.0, gt=0)
    #: the first backoff's bound, and the most any backoff waits
    backoffBase: float = Field(default=1.0, gt=0)
    backoffCap: float = Field(default=60.0, gt=0)
    #: a chase is close when it needs at most this many runs...
    closeChaseRuns: int = 24
    #: ...and an innings is in its final overs with at most this many overs left
    finalOvers: int = 2
    #: health: latency counted fully bad at, freshness fully bad at (seconds)
    slowSeconds: float = 2.0
    staleSeconds: float = 30.0
    #: health: an active provider below this, or failing this many times in a row, is left
    unhealthyBelow: float = 0.5
    maxFailures: int = 3
    #: health: the first provider is returned to once at least this healthy, for this long
    healthyAbove: float = 0.8
    failbackAfter: float = 30.0
    #: a switch of provider holds for at least this long
    pinSeconds: float = 60.0
    #: a provider not polled is asked once in this many seconds, to know its health
    probeEvery: float = 10.0
    #: a match the provider says is over is still polled this long (at the break's pace) for
    #: corrections made after the last ball, then its ingestion is complete
    settleSeconds: float = Field(default=120.0, ge=0)
    #: how much each answer moves a provider's health (an exponential moving average)
    healthWeight: float = Field(default=0.3, gt=0, le=1)


def phase(snapshot: ScoreSnapshot | None, cadence: Cadence) -> Phase:
    """Where the match is, from the provider's latest score (none yet: polled as live, so that
    a match set up as it starts loses no ball)."""
    if snapshot is None:
        return "live"
    if snapshot.state == "scheduled":
        return "scheduled"
    if snapshot.state in ("break", "complete"):
        return snapshot.state
    return "decisive" if _decisive(snapshot, cadence) else "live"


def _decisive(snapshot: ScoreSnapshot, cadence: Cadence) -> bool:
    """The innings is in its final overs, or the chase is close."""
    if snapshot.maxOvers is not None:
        left = snapshot.maxOvers * snapshot.ballsPerOver - snapshot.balls
        if left <= cadence.finalOvers * snapshot.ballsPerOver:
            return True
    return snapshot.target is not None and snapshot.target - snapshot.runs <= cadence.closeChaseRuns


_PHASE_INTERVAL = {"scheduled": "scheduled", "live": "live", "decisive": "decisive",
                   "break": "breakTime", "complete": "breakTime"}


class Pace(Schema):
    """The ingestion's backoff: refusals not yet answered for (`strikes`) and the interval."""

    strikes: int = Field(default=0, ge=0)
    interval: float = 1.0


@dataclass
class _Attempt:  # what tenacity's waits read of a retry
    attempt_number: int


def backoff_bound(cadence: Cadence, strikes: int) -> float:
    """The largest wait after ``strikes`` refusals: base x 2^(strikes-1), capped."""
    return min(cadence.backoffCap, cadence.backoffBase * 2 ** max(0, strikes - 1))


def next_pace(
    pace: Pace, cadence: Cadence, current: Phase, *, refused: bool,
    retry_after: float | None = None, health: float = 1.0,
) -> Pace:
    """The pace after a poll: a refusal adds a strike, an answer halves them; while any strike
    is left the wait is drawn below the bound (full jitter) but never shorter than the phase's
    interval, nor than a Retry-After. A provider in poor health is asked less often: the
    phase's interval times 1 + 2 x (1 - health), the design's health factor (a provider at 0.5
    is polled half as often)."""
    strikes = pace.strikes + 1 if refused else pace.strikes // 2
    base = getattr(cadence, _PHASE_INTERVAL[current]) * (1 + 2 * (1 - max(0.0, min(1.0, health))))
    interval = base
    if strikes:
        # tenacity draws from the random module: a test seeds it
        wait = wait_random_exponential(multiplier=cadence.backoffBase, max=cadence.backoffCap)
        interval = max(base, wait(_Attempt(strikes)))  # type: ignore[arg-type]
    if retry_after is not None:
        interval = max(interval, min(retry_after, cadence.backoffCap))
    return Pace(strikes=strikes, interval=interval)


class Health(Schema):
    """One provider's health, as moving averages of its recent answers."""

    errorRate: float = 0.0
    latency: float = 0.0
    rateLimited: float = 0.0
    #: when its data last moved (new events or a newer score)
    freshAt: datetime | None = None
    failures: int = 0
    #: since when it has answered without a failure
    okSince: datetime | None = None
    lastAskedAt: datetime | None = None

    def score(self, cadence: Cadence, now: datetime) -> float:
        stale = 0.0
        if self.freshAt is not None:
            stale = min(1.0, (now - self.freshAt).total_seconds() / cadence.staleSeconds)
        slow = min(1.0, self.latency / cadence.slowSeconds)
        bad = 0.40 * self.errorRate + 0.25 * slow + 0.20 * self.rateLimited + 0.15 * stale
        return round(max(0.0, 1.0 - bad), 4)

    def unhealthy(self, cadence: Cadence, now: datetime) -> bool:
        return (self.failures >= cadence.maxFailures
                or self.score(cadence, now) < cadence.unhealthyBelow)


def observe(
    health: Health, cadence: Cadence, now: datetime, *, latency: float,
    problem: ProviderProblemCode | None, moved: bool,
) -> Health:
    """The health after one answer (``problem`` None) or refusal. A 429 is the provider
    asking to be polled less, not down: it counts as a rate limit, not as an error."""
    w = cadence.healthWeight
    failed = problem is not None and problem != "rate_limited"
    return Health(
        errorRate=_moved_average(health.errorRate, float(failed), w),
        latency=_moved_average(health.latency, latency, w),
        rateLimited=_moved_average(health.rateLimited, float(problem == "rate_limited"), w),
        freshAt=now if moved or health.freshAt is None else health.freshAt,
        failures=_failures(health.failures, problem, failed),
        okSince=None if problem is not None else (health.okSince or now),
        lastAskedAt=now,
    )


def _moved_average(average: float, value: float, weight: float) -> float:
    return (1 - weight) * average + weight * value


def _failures(failures: int, problem: ProviderProblemCode | None, failed: bool) -> int:
    """Failures in a row: a failure adds one, an answer clears them, a rate limit (not a
    failure) leaves them."""
    if failed:
        return failures + 1
    return 0 if problem is None else failures


def choose(
    active: str, order: list[str], health: dict[str, Health], cadence: Cadence, *,
    now: datetime, pinned_until: datetime | None,
) -> str:
    """The provider to poll next: the active one, unless it is unhealthy and another is not
    (failover), or the first is healthy again for `failbackAfter` (failback); never while a
    switch is pinned."""
    if pinned_until is not None and now < pinned_until:
        return active
    mine = health.get(active, Health())
    if mine.unhealthy(cadence, now):
        return _failover(active, order, health, cadence, now)
    first = order[0]
    if active != first and _healthy_again(health.get(first), cadence, now):
        return first
    return active


def _failover(active: str, order: list[str], health: dict[str, Health], cadence: Cadence,
              now: datetime) -> str:
    """The first healthy provider other than the active one (none: the active one)."""
    for name in order:
        if name != active and not health.get(name, Health()).unhealthy(cadence, now):
            return name
    return active


def _healthy_again(h: Health | None, cadence: Cadence, now: datetime) -> bool:
    """Healthy, without a failure, for `failbackAfter`: the first provider is failed back to."""
    return (h is not None and h.okSince is not None and h.failures == 0
            and h.score(cadence, now) >= cadence.healthyAbove
            and now - h.okSince >= timedelta(seconds=cadence.failbackAfter))


def probe_due(name: str, active: str, health: dict[str, Health], cadence: Cadence,
              now: datetime) -> bool:
    """Whether a provider not being polled should be asked now, to know its health."""
    if name == active:
        return False
    asked = health.get(name, Health()).lastAskedAt
    return asked is None or (now - asked).total_seconds() >= cadence.probeEvery
