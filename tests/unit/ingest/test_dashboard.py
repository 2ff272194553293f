"""The Grafana dashboard (monitoring/grafana/ingest.json) charts only what the ingestion
exports, and charts all of it: each panel's queries name metrics the Prometheus registry of
`scripts/ingest.py` really serves (read off a registry after a poll, not off a list)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from scorebook.ingest.answer import ProviderRef
from scorebook.ingest.intake import Counts
from scorebook.ingest.metrics import METRICS, PollReport
from scorebook.service.ingest import Ingestion
from scorebook_tools.ingest_local import PrometheusObserver
from tests.conftest import REPO

DASHBOARD = REPO / "monitoring" / "grafana" / "ingest.json"
#: words of PromQL that are not metrics: functions, keywords, label names
PROMQL = {"sum", "rate", "by", "le", "histogram_quantile", "max", "min", "increase",
          "provider", "match", "outcome", "avg", "without", "irate", "count"}
IDENT = re.compile(r"\b[a-z_][a-z0-9_]*\b")


def exported() -> set[str]:
    """The series a registry serves once every metric has a value."""
    observer = PrometheusObserver()
    ingestion = Ingestion(matchId="m", providers=[ProviderRef(name="feed", adapter="generic",
                                                              url="http://x")],
                          active="feed", lastPolledAt=datetime.now(UTC))
    report = PollReport(provider="feed", phase="live", problem="rate_limited",
                        rateLimited=True, switchedFrom="backup", latency=0.1, staleness=1.0,
                        interval=1.0, health={"feed": 0.9, "backup": 1.0},
                        counts=Counts(seen=3, written=2, duplicates=1, gaps=1,
                                                    missedBalls=1, backfilled=1, corrections=1,
                                                    rejected=1, staleSnapshots=1,
                                                    latencies=[0.4, 0.6]))
    observer.polled(ingestion, report)
    observer.polling(1)
    text = generate_latest(observer.registry).decode()
    return {s.name for f in text_string_to_metric_families(text) for s in f.samples}


def queries() -> list[tuple[str, str]]:
    board = json.loads(DASHBOARD.read_text())
    return [(p["title"], t["expr"]) for p in board["panels"] for t in p["targets"]]


def test_every_panel_queries_a_metric_the_code_exports() -> None:
    series = exported()
    for title, expr in queries():
        names = {w for w in IDENT.findall(re.sub(r"\{\{.*?\}\}|\[.*?\]", "", expr))
                 if w not in PROMQL}
        assert names, f"{title}: queries no metric"
        assert names <= series, f"{title}: {sorted(names - series)} not exported"


def test_every_metric_the_code_exports_is_charted() -> None:
    charted = {w for _, expr in queries() for w in IDENT.findall(expr)}
    for metric in METRICS:
        base = {metric.name, f"{metric.name}_bucket"}
        assert base & charted, f"{metric.name} is on no panel"
