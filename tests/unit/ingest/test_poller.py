"""The poll loop over the fake provider's HTTP (both formats, misbehaving), with the ingestion
kept in memory: every ball arrives once, in order, and the counters say what happened. The
same loop against the emulators is tests/emulator/test_ingest.py."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from scorebook.actions import is_voided, parse_action, sort_key
from scorebook.cricsheet import load_match
from scorebook.http_providers import provider_for
from scorebook.ingest.answer import ProviderRef, event_of
from scorebook.ingest.cadence import Cadence
from scorebook.ingest.intake import Counts, PollWrites
from scorebook.ingest.metrics import PollReport
from scorebook.ingest.normalise import ProviderMapping
from scorebook.match import Match, MatchLineup
from scorebook.service.ingest import Ingestion, Poller, run, set_up
from scorebook_tools.fake_provider import FakeProvider, Replay, mapping

FAST = Cadence(live=0.02, decisive=0.02, breakTime=0.02, scheduled=0.02, backoffBase=0.05,
               backoffCap=0.4, failbackAfter=1.0, pinSeconds=1.0, probeEvery=0.2,
               staleSeconds=5.0, settleSeconds=0.2)


class MemoryStore:
    """The IngestStore port in memory (the Firestore one is tested against the emulator)."""

    def __init__(self, mappings: dict[str, ProviderMapping] | None = None) -> None:
        self.ingestions: dict[str, dict[str, Any]] = {}
        self.log: dict[str, dict[str, Any]] = {}
        self.mappings = mappings or {}
        self.match: Match | None = None
        self.lineups: list[MatchLineup] = []
        self.lock = threading.Lock()

    def read(self, match_id: str) -> Ingestion | None:
        doc = self.ingestions.get(match_id)
        return Ingestion.model_validate(doc) if doc else None

    def mapping(self, provider: str) -> ProviderMapping:
        return self.mappings.get(provider, ProviderMapping())

    def commit(self, before: Ingestion, after: Ingestion, plan: PollWrites | None) -> bool:
        with self.lock:
            if self.ingestions[before.matchId]["version"] != before.version:
                return False
            for doc in plan.creates if plan else ():
                assert doc["id"] not in self.log
                self.log[doc["id"]] = doc
            for action_id, fields in (plan.voids if plan else {}).items():
                self.log[action_id] = {**self.log[action_id], **fields}
            self.ingestions[before.matchId] = after.model_dump()
            return True

    def set_up(self, ingestion: Ingestion, match: Match, lineups: list[MatchLineup]) -> bool:
        self.match, self.lineups = match, lineups
        self.ingestions.setdefault(ingestion.matchId, ingestion.model_dump())
        return True

    def live(self) -> list:
        return sorted((parse_action(d) for d in self.log.values() if not is_voided(d)),
                      key=sort_key)


class Reports:
    def __init__(self) -> None:
        self.reports: list[PollReport] = []
        self.total = Counts()

    def polled(self, ingestion: Ingestion, report: PollReport) -> None:
        self.reports.append(report)
        self.total = self.total + report.counts


def ingest(path: Path, refs: list[ProviderRef], store: MemoryStore,
           *, then: Callable[[], None] = lambda: None, seconds: float = 60) -> Reports:
    """Set the match up, ``then`` (the faults), and poll it to the end."""
    reports = Reports()
    with httpx.Client() as http:
        def providers(ref: ProviderRef):
            return provider_for(ref, http, path.stem)

        set_up(store, providers(refs[0]), match_id=path.stem, providers=refs, cadence=FAST,
               now=datetime.now(UTC))
        then()
        poller = Poller(store, providers, reports, holder="test", persist_every=0.5)
        assert run(poller, path.stem, seconds=seconds) == "complete"
    return reports


def assert_whole(path: Path, store: MemoryStore) -> None:
    _, actions = load_match(path)
    got = store.live()
    assert [a.id.split("-c")[0] for a in got] == [a.id for a in actions]
    for mine, theirs in zip(got, actions, strict=True):
        assert event_of(mine, event_id="x").data == event_of(theirs, event_id="x").data


def generic(server: FakeProvider, match_id: str, name: str = "feed") -> ProviderRef:
    return ProviderRef(name=name, adapter="generic", url=server.url, providerMatchId=match_id)


def cricsheet(server: FakeProvider, match_id: str, name: str = "cricsheet") -> ProviderRef:
    return ProviderRef(name=name, adapter="cricsheet", url=server.cricsheet_url(match_id),
                       idPrefix="")


@pytest.fixture
def short(generated: Path) -> Path:
    return generated / "generated-t20-5-overs.json"


def test_a_misbehaving_generic_feed_arrives_whole(short: Path) -> None:
    with FakeProvider() as server:
        replay = server.add(short, rate=150)
        faults = server.faults(short.stem)
        faults.duplicate, faults.reorder, faults.seed = 0.3, True, 3
        faults.drop = {"1-0007", "1-0008", "2-0010"}
        wrong = replay.publish_wrong("2-0010", seconds=2.0)

        def misbehave() -> None:
            faults.rateLimit, faults.retryAfter, faults.errors = 3, 0.1, 2

        store = MemoryStore({"feed": mapping(short)})
        reports = ingest(short, [generic(server, short.stem)], store, then=misbehave)
    assert_whole(short, store)
    assert store.log[wrong]["isVoided"] and store.log[f"{wrong}-c1"]["corrects"] == wrong
    total = reports.total
    assert total.corrections == 1
    assert total.missedBalls == 3 and total.gaps == 2 and total.backfilled == 3
    assert total.written == len(load_match(short)[1])
    assert sum(r.rateLimited for r in reports.reports) == 3
    assert sum(r.problem == "unavailable" for r in reports.reports) == 2
    assert store.lineups and store.match is not None
    assert {p.id for t in store.match.teams for p in t.players} >= {
        a.strikerId for a in store.live() if getattr(a, "kind", "delivery") == "delivery"}


def test_a_cricsheet_file_arrives_whole_with_its_correction(short: Path) -> None:
    with FakeProvider() as server:
        replay = server.add(short, rate=150)
        wrong = replay.publish_wrong("2-0005", seconds=1.5)
        store = MemoryStore()
        reports = ingest(short, [cricsheet(server, short.stem)], store)
    assert_whole(short, store)
    assert store.log[wrong]["isVoided"]
    assert reports.total.corrections == 1


def test_a_cricsheet_file_never_shows_the_outcome_beside_a_ball_still_wrong(
        short: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake provider decides once a file which balls are still wrong: a correction that
    fell due while it made the file (here a clock that moves ten seconds at each look, past
    every publication and the 1.5 s the ball stays wrong) gave the outcome beside the
    wrong ball, and the poller took the match as complete with it."""
    replay = Replay(short, short.stem, rate=150, start=time.monotonic())
    wrong = replay.publish_wrong("2-0005", seconds=1.5)
    # (from the replay's start, not from now: on a loaded machine making the replay took as
    # long as publishing the whole match at its rate, and the first look saw every ball)
    clock = itertools.count(replay.start, 10.0)
    monkeypatch.setattr(replay, "clock", lambda: next(clock))
    replay.cricsheet()  # the file as it starts: nothing published yet
    wrong_ball = _delivery_at(replay, wrong)
    shown, _ = replay.cricsheet()  # ten seconds on: every ball out, the wrong one first shown
    assert "outcome" not in shown["info"] and shown["meta"]["revision"] == 1
    assert _runs(shown, wrong_ball) != _runs(replay.data, wrong_ball)
    corrected, _ = replay.cricsheet()  # ten seconds more: corrected, and the match over
    assert corrected["info"]["outcome"] and corrected["meta"]["revision"] == 2
    assert _runs(corrected, wrong_ball) == _runs(replay.data, wrong_ball)


def _delivery_at(replay: Replay, position: str) -> tuple[int, int]:
    """(innings index, delivery index among its overs' deliveries) of the ball at `position`."""
    n = next(i for i, e in enumerate(replay.cricsheet_events)
             if f"{e.innings}-{e.sequence:04d}" == position)
    event = replay.cricsheet_events[n]
    index = sum(1 for e in replay.cricsheet_events[:n]
                if e.innings == event.innings and e.kind == "delivery")
    return event.innings - 1, index


def _runs(data: dict[str, Any], at: tuple[int, int]) -> dict[str, Any]:
    innings, index = at
    deliveries = [d for over in data["innings"][innings]["overs"] for d in over["deliveries"]]
    return deliveries[index]["runs"]


def test_an_outage_fails_over_once_and_back_once(short: Path) -> None:
    with FakeProvider() as server:
        server.add(short, rate=15)
        store = MemoryStore({"feed": mapping(short)})
        reports = ingest(short, [generic(server, short.stem), cricsheet(server, short.stem)],
                         store, then=lambda: server.outage(short.stem, 1.0))
    assert_whole(short, store)
    switches = [(r.switchedFrom, r.provider) for r in reports.reports if r.switchedFrom]
    assert switches == [("feed", "cricsheet"), ("cricsheet", "feed")]
    assert store.read(short.stem).failovers == 2


def test_a_database_that_fails_stops_the_slice_and_says_so(short: Path, caplog) -> None:
    class Failing(MemoryStore):
        def __init__(self) -> None:
            super().__init__()
            self.commits = 0

        def commit(self, before, after, plan) -> bool:
            self.commits += 1
            if self.commits == 3:
                raise RuntimeError("the database is down")
            return super().commit(before, after, plan)

    with FakeProvider() as server, httpx.Client() as http:
        server.add(short, rate=150)
        store = Failing()
        ref = cricsheet(server, short.stem)
        set_up(store, provider_for(ref, http, short.stem), match_id=short.stem, providers=[ref],
               cadence=FAST, now=datetime.now(UTC))
        poller = Poller(store, lambda r: provider_for(r, http, short.stem), Reports(),
                        holder="test", persist_every=0.0)
        assert run(poller, short.stem, seconds=30) == "error"
        assert "the database is down" in caplog.text
        # the lease was given back: the next run takes the match up where it stopped
        poller = Poller(store, lambda r: provider_for(r, http, short.stem), Reports(),
                        holder="again", persist_every=0.0)
        assert run(poller, short.stem, seconds=30) == "complete"
    assert_whole(short, store)


def test_an_ingestion_stored_before_the_intake_was_named_reads_as_it_was() -> None:
    """`ingestion/{id}.ledger` (the intake's stored name until 2026-11) still reads; it is
    written back as `intake`, so a live ingestion carries on across the rename."""
    ref = ProviderRef(name="feed", adapter="generic", url="http://127.0.0.1:1")
    fresh = Ingestion(matchId="m", providers=[ref], active="feed")
    taken = fresh.intake.model_copy(update={"frontier": {"1": 12}})
    stored = {k: v for k, v in fresh.model_dump(mode="json").items() if k != "intake"}
    old = Ingestion.model_validate({**stored, "ledger": taken.model_dump(mode="json")})
    assert old.intake == taken
    assert "intake" in old.model_dump() and "ledger" not in old.model_dump()
