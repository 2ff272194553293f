"""Live matches from a data provider, through the real emulators: a real match fed by the
fake provider (tools/scorebook_tools/fake_provider.py) while it misbehaves, ingested by
`scripts/ingest.py` as an admin runs it, and by the functions (Cloud Tasks, kept going by the
scheduled function fired through Pub/Sub); read back as a spectator reads live/score.

Whatever the provider does, the log must hold every ball once, in order, and live/score must
be the scorecard of the match: the projection of the Cricsheet match itself, which
tests/unit/tools/test_cricsheet_scorecards.py checks against the published scorecards.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import scorebook.firestore.ingest as ingest_adapter
from scorebook.actions import is_voided, parse_action, sort_key
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.firestore.client import firestore_client
from scorebook.firestore.ingest import FirestoreIngestStore, write_mapping
from scorebook.firestore.paths import ingestion_path, live_score_path
from scorebook.http_providers import provider_for
from scorebook.ingest.answer import ProviderRef, event_of
from scorebook.ingest.cadence import Cadence, backoff_bound
from scorebook.ingest.intake import Counts, PollWrites
from scorebook.ingest.metrics import PollReport
from scorebook.service.ingest import set_up
from scorebook.views.scorecard import project
from scorebook_tools.emulators import free_port
from scorebook_tools.fake_provider import FakeProvider, mapping
from scorebook_tools.ingest_local import LocalIngest, PrometheusObserver, scrape, total
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.spectator import Listener
from scorebook_tools.triggers import fire_schedule
from tests.conftest import REPO, real_match_path
from tests.emulator.harness import PROJECT, actions_of, assert_converged, said_in_log, wait_for

T20 = "1269700"  # CPL 2021: 259 actions, a chase that falls short by 9 runs
#: every test ingests that match afresh, under the provider's id
pytestmark = pytest.mark.empty_database


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with FakeProvider() as server:
        yield server


def _live_log(admin: FirestoreRest, match_id: str) -> list:
    return sorted((parse_action(doc) for _, doc in actions_of(admin, match_id)
                   if not is_voided(doc)), key=sort_key)


def assert_exact(admin: FirestoreRest, path: Path, match_id: str) -> dict[str, Any]:
    """Every ball of the match once, in order, as the match has it; live/score the projection
    of the log, and its scorecard the match's own."""
    match, official = load_match(path, match_id=match_id)
    got = _live_log(admin, match_id)
    positions = [a.id.split("-c")[0] for a in got]
    assert positions == [a.id for a in official], "a ball missing or doubled"
    for mine, theirs in zip(got, official, strict=True):
        assert event_of(mine, event_id="x").data == event_of(theirs, event_id="x").data, mine.id
    stored = match.model_copy(update={"id": match_id})
    score = assert_converged(admin, stored)
    expected = to_document(project(match, official), json=True)
    for key in [k for k in expected if k.startswith("innings") and k[7:].isdigit()]:
        for field in ("runs", "wickets", "balls", "overs", "batsmen", "bowlers", "extras",
                      "fallOfWickets"):
            assert score[key][field] == expected[key][field], f"{key}.{field}"
    assert (score["result"], score["winnerId"]) == (expected["result"], expected["winnerId"])
    return score


def test_a_real_match_through_a_misbehaving_provider_arrives_complete_and_exact(
        admin: FirestoreRest, fake: FakeProvider) -> None:
    path = real_match_path(T20)
    db = firestore_client()
    write_mapping(db, "feed", mapping(path))
    # from the ingester's first poll: on a loaded machine it can start after a replay that
    # began at once had published the whole match, and its counters then never move
    replay = fake.add(path, rate=20, delay=None)
    faults = fake.faults(T20)
    faults.duplicate, faults.reorder, faults.seed = 0.2, True, 5
    faults.drop = {"1-0030", "1-0031", "2-0050"}
    faults.rateLimit, faults.retryAfter, faults.errors = 3, 0.5, 2
    faults.slow, faults.slowSeconds = 2, 0.3
    corrected = replay.publish_wrong("2-0060", 3.0)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "scripts/ingest.py", "--match", T20,
         "--provider", f"feed=generic:{fake.url}#{{match}}",
         "--provider", f"file=cricsheet:{fake.cricsheet_url(T20)}",
         "--cadence", json.dumps({"live": 0.25, "decisive": 0.25, "breakTime": 0.5,
                                  "backoffCap": 2, "settleSeconds": 3}),
         "--metrics-port", str(port), "--linger", "60"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        written = []

        def complete() -> dict | None:
            with contextlib.suppress(httpx.HTTPError):
                written.append(total(scrape(port), "ingest_events_written_total"))
            doc = db.document(ingestion_path(T20)).get().to_dict() or {}
            return doc if doc.get("status") == "complete" else None

        ingestion = wait_for(complete, "the ingestion to complete", deadline=120)
        samples = scrape(port)
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
    assert f"{T20}: set up from" in out, out[-2000:]
    assert ingestion["active"] == "feed" and ingestion["failovers"] == 0
    # the counters moved while the match went on
    moving = [w for w in written if w]
    assert len(set(moving)) >= 2 and moving == sorted(moving), written
    assert_exact(admin, path, T20)
    voided = admin.get(f"matches/{T20}/scoring_actions/{corrected}")
    assert voided["isVoided"] and voided["correctedBy"] == f"{corrected}-c1"
    totals = ingestion["totals"]
    assert totals["missedBalls"] == 3 and totals["gaps"] == 2 and totals["backfilled"] == 3
    assert totals["corrections"] == 1 and totals["duplicates"] > 0
    assert totals["written"] == len(load_match(path)[1])
    # what /metrics says is what the ingestion counted
    for counter, key in (("ingest_events_written_total", "written"),
                         ("ingest_events_seen_total", "seen"),
                         ("ingest_duplicates_total", "duplicates"),
                         ("missed_balls_total", "missedBalls"), ("ingest_gaps_total", "gaps"),
                         ("ingest_backfills_total", "backfilled"),
                         ("ingest_corrections_total", "corrections")):
        assert total(samples, counter) == totals[key], counter
    assert total(samples, "rate_limit_events_total") == 3
    assert total(samples, "ingest_polls_total", outcome="unavailable") == 2
    assert total(samples, "update_latency_seconds_count") == totals["written"]
    assert total(samples, "scorecard_staleness_seconds") >= 0


FAST = Cadence(live=0.1, decisive=0.1, breakTime=0.2, backoffBase=0.2, backoffCap=3.2,
               pinSeconds=2.0, failbackAfter=2.0, probeEvery=0.5, staleSeconds=5.0,
               settleSeconds=1.0)


def _set_up(fake: FakeProvider, path: Path, cadence: Cadence = FAST) -> list[ProviderRef]:
    """The match set up as `scripts/ingest.py --set-up-only` does (without queueing a poll:
    the tests say who polls)."""
    db = firestore_client()
    write_mapping(db, "feed", mapping(path))
    refs = [ProviderRef(name="feed", adapter="generic", url=fake.url, providerMatchId=T20),
            ProviderRef(name="file", adapter="cricsheet", url=fake.cricsheet_url(T20),
                        idPrefix="")]
    with httpx.Client() as http:
        set_up(FirestoreIngestStore(db), provider_for(refs[0], http, T20), match_id=T20,
               providers=refs, cadence=cadence, now=datetime.now(UTC))
    return refs


def _poll_here(on_poll=None) -> LocalIngest:
    local = LocalIngest(firestore_client(), PrometheusObserver(), on_poll=on_poll)
    local.start([T20])
    assert local.wait(timeout=120), "the match did not finish"
    local.stop()
    assert local.outcome[T20] == "complete"
    return local


def test_the_last_over_of_a_chase_arrives_ball_by_ball_in_order(
        admin: FirestoreRest, fake: FakeProvider) -> None:
    path = real_match_path(T20)
    _, actions = load_match(path)
    last_over = [a for a in actions if a.inningsNumber == 2
                 and getattr(a, "overNumber", None) == 19]
    first = actions.index(last_over[0])
    # then a ball a second from three overs before it: the functions work through the
    # burst's queue of events meanwhile (on the 2-core machine it outlasted the burst by
    # seconds, and the over's first balls reached the spectator folded together)
    fake.add(path, rate=40, final=(len(actions) - first + 18, 1.0))
    _set_up(fake, path)
    spectator = Listener(live_score_path(T20))
    try:
        _poll_here()
        assert_exact(admin, path, T20)
    finally:
        spectator.close()
    seen = []
    while not spectator.updates.empty():
        _, score = spectator.updates.get()
        if score.get("lastActionId") not in seen[-1:]:
            seen.append(score.get("lastActionId"))
    balls = [a.id for a in last_over]
    # every ball of the over reached the spectator on its own, in order: none skipped
    assert [s for s in seen if s in balls] == balls, (seen, f"reopened {spectator.reopened}")


def test_backoff_grows_and_decays_and_an_outage_fails_over_and_back_once(
        admin: FirestoreRest, fake: FakeProvider) -> None:
    path = real_match_path(T20)
    fake.add(path, rate=15)
    _set_up(fake, path)
    faults = fake.faults(T20)
    reports: list[PollReport] = []
    outage = {"at": None}

    def on_poll(_: str, report: PollReport) -> None:
        reports.append(report)
        if len(reports) == 3:
            faults.rateLimit = 5  # five 429s in a row, no Retry-After
        if outage["at"] is None and report.counts.written and sum(
                r.counts.written for r in reports) > 120:
            outage["at"] = len(reports)
            fake.outage(T20, 3.0)

    _poll_here(on_poll)
    assert_exact(admin, path, T20)
    limited = [r for r in reports if r.rateLimited]
    assert [r.strikes for r in limited] == [1, 2, 3, 4, 5]
    for r in limited:  # full jitter: never above the bound, never below the live pace
        assert FAST.live <= r.interval <= backoff_bound(FAST, r.strikes)
    after = reports[reports.index(limited[-1]) + 1:][:3]
    assert [r.strikes for r in after] == [2, 1, 0]  # halved by each answer
    # back to the live pace, but for the health factor: the 429s still weigh on the health
    assert FAST.live <= after[-1].interval < 1.5 * FAST.live
    switches = [(r.switchedFrom, r.provider) for r in reports if r.switchedFrom]
    assert switches == [("feed", "file"), ("file", "feed")]
    doc = firestore_client().document(ingestion_path(T20)).get().to_dict()
    assert doc["failovers"] == 2 and doc["active"] == "feed"


def test_the_functions_poll_a_match_the_schedule_finds_unattended(
        admin: FirestoreRest, fake: FakeProvider) -> None:
    path = real_match_path(T20)
    fake.add(path, rate=25)
    _set_up(fake, path)
    # the scheduled function, run through its trigger as Cloud Scheduler runs it
    fire_schedule(REPO, "keep_ingesting", project=PROJECT)

    def complete() -> dict | None:
        doc = firestore_client().document(ingestion_path(T20)).get().to_dict() or {}
        # over, and the lease given back by the last slice
        return doc if doc.get("status") == "complete" and doc.get("lease") is None else None

    wait_for(complete, "the functions to ingest the match and give the lease back",
             deadline=120)
    assert_exact(admin, path, T20)
    said_in_log(f"keep ingesting: 1 live matches unattended, polls queued: {T20}")
    said_in_log(f"ingest {T20}: feed ok")  # the task's structured metrics


def test_a_poll_whose_ingestion_moved_before_its_commit_writes_nothing(
        admin: FirestoreRest, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    """A poll's actions and the ingestion's next state go in one batch, on condition that
    the ingestion is still the one read (no read-write transaction: no lock for a killed
    poll to leave behind). Another writer's move, or an action already at a position, and
    nothing of the poll is written."""
    path = real_match_path(T20)
    fake.add(path, rate=25)
    _set_up(fake, path)
    db = firestore_client()
    store = FirestoreIngestStore(db)
    _, actions = load_match(path, match_id=T20)
    before = store.read(T20)
    assert before is not None

    def next_of(state: Any) -> Any:
        return state.model_copy(update={"version": state.version + 1})

    plan = PollWrites(creates=[to_document(actions[0])], intake=before.intake, counts=Counts())
    committed = ingest_adapter.commit_on_condition

    def moved_first(batch: Any) -> None:  # another poller, between this one's read and commit
        db.document(ingestion_path(T20)).update({"version": before.version + 1})
        committed(batch)

    monkeypatch.setattr(ingest_adapter, "commit_on_condition", moved_first)
    assert not store.commit(before, next_of(before), plan)
    monkeypatch.undo()
    assert actions_of(admin, T20) == []

    now = store.read(T20)
    assert now.version == before.version + 1
    admin.set(f"matches/{T20}/scoring_actions/{actions[0].id}",
              {**to_document(actions[0]), "recordedBy": "someone-in-an-app"})
    assert not store.commit(now, next_of(now), plan)  # the position is taken: it says so
    assert store.read(T20).version == now.version

    admin.delete(f"matches/{T20}/scoring_actions/{actions[0].id}")
    assert store.commit(now, next_of(now), plan)
    assert [doc_id for doc_id, _ in actions_of(admin, T20)] == [actions[0].id]
    assert store.read(T20).version == now.version + 1
    assert not store.commit(now, next_of(now), plan)  # a stale version: nothing
