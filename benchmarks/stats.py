"""What the benchmarks report of their samples: percentiles, and one line of them."""

from __future__ import annotations


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency_line(name: str, seconds: list[float]) -> str:
    ms = [1000 * s for s in seconds]
    return (f"{name}: p50 {percentile(ms, .5):.1f} ms, p95 {percentile(ms, .95):.1f} ms, "
            f"p99 {percentile(ms, .99):.1f} ms (n={len(ms)})")
