"""What the benchmarks report of their samples: percentiles, and one line of them."""

from __future__ import annotations

from typing import Any

from scorebook.actions import log_position


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency_line(name: str, seconds: list[float]) -> str:
    ms = [1000 * s for s in seconds]
    return (f"{name}: p50 {percentile(ms, .5):.1f} ms, p95 {percentile(ms, .95):.1f} ms, "
            f"p99 {percentile(ms, .99):.1f} ms (n={len(ms)})")


def first_arrivals(seen: list[tuple[float, str, float]],
                   balls: list[str]) -> dict[str, tuple[float, float]]:
    """For each ball (an action id), the first version a listener had at or past it: when it
    arrived and when that version was committed (`seen`: (arrived, its lastActionId,
    committed), epoch seconds)."""
    arrived = [(log_position(last)[:3], at, committed) for at, last, committed in seen]
    out = {}
    for action_id in balls:
        first = _first_at_or_past(arrived, log_position(action_id)[:3])
        if first is not None:
            out[action_id] = first
    return out


def _first_at_or_past(arrived: list[tuple[Any, float, float]], position: Any,
                      ) -> tuple[float, float] | None:
    """The earliest (arrived, committed) of the versions at or past `position` of the log
    (None: none was)."""
    return min(((at, committed) for p, at, committed in arrived if p >= position),
               default=None)


def arrival_latencies(seen: list[tuple[float, str]], sent: dict[str, float]) -> list[float]:
    """For each ball (action id -> when it was sent or published), the time until the first
    live/score a listener had at or past it (`seen`: (when it arrived, its lastActionId))."""
    firsts = first_arrivals([(at, last, at) for at, last in seen], list(sent))
    return [at - sent[ball] for ball, (at, _) in firsts.items()]
