"""The ingestion's metrics, named once: the Prometheus registry of `scripts/ingest.py`, the
functions' structured logs and the Grafana dashboard (monitoring/) all take them from here.
docs/ingest.md says what each means and what to alert on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from scorebook.document import Schema
from scorebook.ingest.intake import Counts


@dataclass(frozen=True)
class Metric:
    name: str
    kind: Literal["counter", "gauge", "histogram"]
    help: str
    labels: tuple[str, ...] = ("provider",)


#: seconds: a ball is written within one poll of its publication, so the buckets span the
#: poll interval's range (0.5 s to a backoff's 60 s)
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)

METRICS: tuple[Metric, ...] = (
    Metric("update_latency_seconds", "histogram",
           "From the provider publishing an event to its action written in the log"),
    Metric("missed_balls_total", "counter",
           "Positions a provider's answer skipped (each fetched again before what follows)"),
    Metric("rate_limit_events_total", "counter", "Answers of HTTP 429 from a provider"),
    Metric("scorecard_staleness_seconds", "gauge",
           "Age of the provider's latest score for a match", ("match",)),
    Metric("ingest_events_seen_total", "counter", "Events in the providers' answers"),
    Metric("ingest_events_written_total", "counter", "Events written to the log as actions"),
    Metric("ingest_duplicates_total", "counter",
           "Events already in the log, unchanged: re-sent, repeated, or the other provider's"),
    Metric("ingest_gaps_total", "counter", "Holes in a provider's sequence (runs of missed balls)"),
    Metric("ingest_backfills_total", "counter", "Missed events fetched again and written"),
    Metric("ingest_corrections_total", "counter",
           "Events the provider changed after publishing: a void and a correction each"),
    Metric("ingest_rejected_total", "counter",
           "Events that are not valid actions (ingestion waits at them)"),
    Metric("ingest_stale_snapshots_total", "counter",
           "Scores older than the one held, ignored (latest state wins)"),
    Metric("ingest_failovers_total", "counter",
           "Switches of a match's provider (to the provider switched to)"),
    Metric("ingest_polls_total", "counter", "Polls of a provider, by outcome",
           ("provider", "outcome")),
    Metric("provider_latency_seconds", "histogram", "How long a provider took to answer"),
    Metric("provider_health", "gauge", "A provider's health score (0 to 1) for a match",
           ("match", "provider")),
    Metric("ingest_poll_interval_seconds", "gauge", "The wait before a match's next poll",
           ("match",)),
    Metric("ingest_matches_polled", "gauge", "Matches this process is polling now", ()),
)

class PollReport(Schema):
    """What one poll of a match did (`scorebook.service.ingest.Poller.poll`)."""

    provider: str
    phase: str
    counts: Counts = Field(default_factory=Counts)
    problem: str | None = None
    rateLimited: bool = False
    switchedFrom: str | None = None
    latency: float = 0.0
    #: seconds since the provider's latest score, when there is one
    staleness: float | None = None
    interval: float = 0.0
    #: refusals the backoff is counting (`scorebook.ingest.cadence.Pace`)
    strikes: int = 0
    #: each provider's health score for the match after the poll (0 to 1)
    health: dict[str, float] = Field(default_factory=dict)
    #: whether the poll wrote (a poll with nothing new keeps its state in memory)
    wrote: bool = False


@dataclass(frozen=True)
class Reading:
    """One change to one metric: a counter's increment, a gauge's value, or a histogram's
    observation."""

    metric: str
    labels: dict[str, str]
    value: float


#: PollReport's counts -> the counter each adds to
COUNTERS = {
    "seen": "ingest_events_seen_total",
    "written": "ingest_events_written_total",
    "duplicates": "ingest_duplicates_total",
    "gaps": "ingest_gaps_total",
    "missedBalls": "missed_balls_total",
    "backfilled": "ingest_backfills_total",
    "corrections": "ingest_corrections_total",
    "rejected": "ingest_rejected_total",
    "staleSnapshots": "ingest_stale_snapshots_total",
}


def readings(match_id: str, report: PollReport) -> list[Reading]:
    """What one poll changes in the metrics."""
    provider = {"provider": report.provider}
    out = [Reading(COUNTERS[k], provider, float(v))
           for k, v in report.counts.model_dump(exclude={"latencies"}).items() if v]
    out += [Reading("update_latency_seconds", provider, s) for s in report.counts.latencies]
    out.append(Reading("ingest_polls_total",
                       {**provider, "outcome": report.problem or "ok"}, 1.0))
    out.append(Reading("provider_latency_seconds", provider, report.latency))
    out += _occasional(match_id, report, provider)
    out.append(Reading("ingest_poll_interval_seconds", {"match": match_id}, report.interval))
    out += [Reading("provider_health", {"match": match_id, "provider": name}, score)
            for name, score in sorted(report.health.items())]
    return out


def _occasional(match_id: str, report: PollReport, provider: dict[str, str]) -> list[Reading]:
    """The readings only some polls give: a rate limit, a failover, the snapshot's age."""
    out = []
    if report.rateLimited:
        out.append(Reading("rate_limit_events_total", provider, 1.0))
    if report.switchedFrom:
        out.append(Reading("ingest_failovers_total", provider, 1.0))
    if report.staleness is not None:
        out.append(Reading("scorecard_staleness_seconds", {"match": match_id}, report.staleness))
    return out

