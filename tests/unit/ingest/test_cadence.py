"""How often to poll, how to back off, and which provider to trust (pure)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from scorebook.ingest.answer import ScoreSnapshot
from scorebook.ingest.cadence import (
    Cadence,
    Health,
    Pace,
    backoff_bound,
    choose,
    next_pace,
    observe,
    phase,
)

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
CADENCE = Cadence()


def score(**kw) -> ScoreSnapshot:
    return ScoreSnapshot(**{"asOf": NOW, "innings": 1, "sequence": 40, "runs": 60,
                            "wickets": 2, "balls": 36, "maxOvers": 20, **kw})


@pytest.mark.parametrize(("snapshot", "expected"), [
    (None, "live"),
    (score(state="scheduled"), "scheduled"),
    (score(), "live"),
    (score(balls=108), "decisive"),                        # 18 overs gone: the last two
    (score(innings=2, target=150, runs=100), "live"),
    (score(innings=2, target=150, runs=130), "decisive"),  # 20 to get
    (score(state="break"), "break"),
    (score(state="complete"), "complete"),
    (score(maxOvers=None, balls=3000), "live"),             # a Test has no last overs
])
def test_the_phase_follows_the_match(snapshot, expected) -> None:
    assert phase(snapshot, CADENCE) == expected


def test_the_interval_is_the_phases() -> None:
    for current, seconds in (("live", 1.0), ("decisive", 0.5), ("break", 5.0),
                             ("scheduled", 30.0)):
        assert next_pace(Pace(), CADENCE, current, refused=False).interval == seconds


def test_backoff_grows_with_full_jitter_to_its_cap_then_decays_by_halves() -> None:
    random.seed(7)
    pace, bounds, waits = Pace(), [], []
    for _ in range(9):  # nine 429s in a row
        pace = next_pace(pace, CADENCE, "live", refused=True)
        bounds.append(backoff_bound(CADENCE, pace.strikes))
        waits.append(pace.interval)
    assert bounds == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert all(CADENCE.live <= w <= b for w, b in zip(waits, bounds, strict=True))
    assert len(set(waits)) > 5  # jittered, not a fixed ladder
    strikes = []
    while pace.strikes:
        pace = next_pace(pace, CADENCE, "live", refused=False)
        strikes.append(pace.strikes)
    assert strikes == [4, 2, 1, 0]  # each answer halves the refusals counted
    assert pace.interval == CADENCE.live


def test_full_jitter_spreads_waits_over_the_whole_window() -> None:
    random.seed(1)
    waits = [next_pace(Pace(strikes=5), CADENCE.model_copy(update={"live": 0.01}), "live",
                       refused=True).interval for _ in range(400)]
    assert min(waits) < 0.1 * 32 and max(waits) > 0.9 * 32 and max(waits) <= 32


def test_a_provider_in_poor_health_is_asked_less_often() -> None:
    assert next_pace(Pace(), CADENCE, "live", refused=False, health=1.0).interval == 1.0
    assert next_pace(Pace(), CADENCE, "live", refused=False, health=0.5).interval == 2.0
    assert next_pace(Pace(), CADENCE, "decisive", refused=False, health=0.0).interval == 1.5


def test_retry_after_is_respected() -> None:
    pace = next_pace(Pace(), CADENCE, "live", refused=True, retry_after=7.0)
    assert pace.interval >= 7.0


def ok(h: Health, at: datetime, latency: float = 0.05) -> Health:
    return observe(h, CADENCE, at, latency=latency, problem=None, moved=True)


def down(h: Health, at: datetime) -> Health:
    return observe(h, CADENCE, at, latency=5.0, problem="unavailable", moved=False)


def test_a_healthy_provider_scores_near_one_and_an_outage_makes_it_unhealthy() -> None:
    h = Health()
    for s in range(5):
        h = ok(h, NOW + timedelta(seconds=s))
    assert h.score(CADENCE, NOW + timedelta(seconds=5)) > 0.95
    for s in range(3):
        h = down(h, NOW + timedelta(seconds=6 + s))
    assert h.unhealthy(CADENCE, NOW + timedelta(seconds=9))


def test_failover_once_then_failback_once_without_flapping() -> None:
    """An outage of the first provider for 40 s, polled every second, the second probed every
    10 s: one switch away, pinned, one switch back once the first is healthy again for
    failbackAfter."""
    order = ["primary", "backup"]
    health = {"primary": Health(), "backup": Health()}
    active, pinned, switches = "primary", None, []
    for s in range(200):
        now = NOW + timedelta(seconds=s)
        chosen = choose(active, order, health, CADENCE, now=now, pinned_until=pinned)
        if chosen != active:
            switches.append((s, chosen))
            pinned = now + timedelta(seconds=CADENCE.pinSeconds)
            active = chosen
        out = 10 <= s < 50
        for name in order:
            if name == active or s % 10 == 0:
                fails = name == "primary" and out
                health[name] = down(health[name], now) if fails else ok(health[name], now)
    assert [name for _, name in switches] == ["backup", "primary"]
    (went, _), (came, _) = switches
    assert 10 < went <= 14  # three failures in a row
    assert came >= 50 + CADENCE.failbackAfter and came >= went + CADENCE.pinSeconds


def test_a_burst_of_429s_backs_off_but_is_no_outage() -> None:
    order = ["primary", "backup"]
    health = {"primary": Health(), "backup": Health()}
    for s in range(5):
        health["primary"] = observe(health["primary"], CADENCE, NOW + timedelta(seconds=s),
                                    latency=0.05, problem="rate_limited", moved=False)
    now = NOW + timedelta(seconds=5)
    assert not health["primary"].unhealthy(CADENCE, now)
    assert choose("primary", order, health, CADENCE, now=now, pinned_until=None) == "primary"
