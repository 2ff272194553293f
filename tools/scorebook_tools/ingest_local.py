"""Provider ingestion as one local process (`scripts/ingest.py`): a thread per match running
the functions' own poll loop (`scorebook.service.ingest.run`), and the metrics at /metrics
(prometheus-client), for development and self-hosting."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from google.cloud import firestore
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.parser import text_string_to_metric_families

from scorebook.firestore.ingest import FirestoreIngestStore
from scorebook.http_providers import provider_for
from scorebook.ingest.metrics import LATENCY_BUCKETS, METRICS, Metric, PollReport, readings
from scorebook.service.ingest import Ingestion, Outcome, Poller, run

#: one series of a /metrics page: (name, its labels sorted) -> value
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(port: int, host: str = "127.0.0.1") -> Samples:
    """Every series a /metrics page serves now (as Prometheus would scrape it)."""
    text = httpx.get(f"http://{host}:{port}/metrics", timeout=10).text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of a metric's series, those with these labels only when given."""
    return sum(v for (n, ls), v in samples.items()
               if n == name and labels.items() <= dict(ls).items())


def _prometheus_metric(m: Metric, registry: CollectorRegistry) -> Counter | Gauge | Histogram:
    # prometheus-client adds "_total" to a counter's samples itself
    name = m.name.removesuffix("_total") if m.kind == "counter" else m.name
    kind = {"counter": Counter, "gauge": Gauge, "histogram": Histogram}[m.kind]
    extra = {"buckets": LATENCY_BUCKETS} if m.kind == "histogram" else {}
    return kind(name, m.help, m.labels, registry=registry, **extra)


def _record(metric: Counter | Gauge | Histogram, child: Any, value: float) -> None:
    """A reading as its kind of metric takes it: counted, set or observed."""
    if isinstance(metric, Counter):
        child.inc(value)
    elif isinstance(metric, Gauge):
        child.set(value)
    else:
        child.observe(value)


class PrometheusObserver:
    """The ingestion's metrics (`scorebook.ingest.metrics`) in a Prometheus registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.metrics = {m.name: _prometheus_metric(m, self.registry) for m in METRICS}
        self.lock = threading.Lock()

    def polled(self, ingestion: Ingestion, report: PollReport) -> None:
        with self.lock:
            for r in readings(ingestion.matchId, report):
                metric = self.metrics[r.metric]
                _record(metric, metric.labels(**r.labels) if r.labels else metric, r.value)

    def polling(self, matches: int) -> None:
        self.metrics["ingest_matches_polled"].set(matches)  # type: ignore[union-attr]

    def serve(self, port: int) -> None:
        start_http_server(port, registry=self.registry)


class LocalIngest:
    """Polls matches from this process until each is over (or `stop`), a thread each."""

    def __init__(self, db: firestore.Client, observer: PrometheusObserver, *,
                 lease_seconds: float = 30.0, slice_seconds: float = 60.0,
                 on_poll: Callable[[str, PollReport], None] | None = None) -> None:
        self.store = FirestoreIngestStore(db)
        self.observer = observer
        self.http = httpx.Client(limits=httpx.Limits(max_connections=200))
        self.holder = f"local-{uuid.uuid4().hex[:8]}"
        self.lease_seconds = lease_seconds
        self.slice_seconds = slice_seconds
        self.stopping = threading.Event()
        self.threads: dict[str, threading.Thread] = {}
        self.outcome: dict[str, Outcome] = {}
        self.on_poll = on_poll

    def _loop(self, match_id: str) -> None:
        observer, on_poll = self.observer, self.on_poll

        class Tap:
            def polled(self, ingestion: Ingestion, report: PollReport) -> None:
                observer.polled(ingestion, report)
                if on_poll is not None:
                    on_poll(ingestion.matchId, report)

        poller = Poller(self.store, lambda ref: provider_for(ref, self.http, match_id), Tap(),
                        holder=self.holder, lease_seconds=self.lease_seconds)
        outcome: Outcome = "live"
        while not self.stopping.is_set():
            outcome = run(poller, match_id, seconds=self.slice_seconds,
                          sleep=self.stopping.wait, should_stop=self.stopping.is_set)
            if outcome in ("busy", "error"):
                # another poller holds it, or the database failed: ask again soon
                self.stopping.wait(1.0 if outcome == "busy" else 5.0)
            elif outcome != "live":
                break
        self.outcome[match_id] = outcome

    def start(self, match_ids: list[str]) -> None:
        for match_id in match_ids:
            thread = threading.Thread(target=self._loop, args=(match_id,),
                                      name=f"ingest-{match_id}", daemon=True)
            self.threads[match_id] = thread
            thread.start()
        self.observer.polling(len(self.threads))

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every match is over (True), or the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in self.threads.values():
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            thread.join(left)
        alive = sum(t.is_alive() for t in self.threads.values())
        self.observer.polling(alive)
        return alive == 0

    def stop(self) -> None:
        self.stopping.set()
        self.wait(timeout=30)
        self.http.close()
