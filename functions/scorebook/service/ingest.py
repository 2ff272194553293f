"""Ingesting a live match from its providers: set it up, then poll, one poll at a time.

The poller that holds a match's lease (`Ingestion.lease`) is the only one that writes it; each
write is a transaction that checks the ingestion's `version` it read, so a second poller that
got past the lease (a clock skewed, a lease run out mid-poll) writes nothing and stops. The
same `run` loop is the Cloud Tasks function's (one task polls for a while, then enqueues the
next) and `scripts/ingest.py`'s (one process, many matches).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from pydantic import AliasChoices, Field
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from scorebook.cricsheet import lineups_from_cricsheet, load_match
from scorebook.document import Schema
from scorebook.ingest.answer import Answer, Position, Provider, ProviderProblem, ProviderRef
from scorebook.ingest.cadence import (
    Cadence,
    Health,
    Pace,
    Phase,
    choose,
    next_pace,
    observe,
    phase,
    probe_due,
)
from scorebook.ingest.intake import Counts, Intake, PollWrites, missing, poll_writes
from scorebook.ingest.metrics import PollReport
from scorebook.ingest.normalise import ProviderMapping
from scorebook.match import Match, MatchLineup

log = logging.getLogger(__name__)

#: who the ingested actions are recorded by (`recordedBy`, `voidedBy`)
RECORDED_BY = "ingest"
#: the match's information is asked for this many times (backing off) before set-up fails
INFO_ATTEMPTS = 6
#: at most this many actions in one commit (Firestore's limit is 500 writes)
CREATES_PER_COMMIT = 400

Status = Literal["live", "complete", "stopped"]


class Lease(Schema):
    holder: str
    until: datetime


class Ingestion(Schema):
    """`ingestion/{matchId}`: one live match taken from its providers (admins read it)."""

    matchId: str
    #: in order of preference: the first is returned to after a failover
    providers: list[ProviderRef] = Field(min_length=1)
    active: str
    status: Status = "live"
    cadence: Cadence = Field(default_factory=Cadence)
    pace: Pace = Field(default_factory=Pace)
    health: dict[str, Health] = Field(default_factory=dict)
    pinnedUntil: datetime | None = None
    failovers: int = 0
    #: what the ingestion has taken into the log (stored as `ledger` before 2026-11: read
    #: under either name, written under this one)
    intake: Intake = Field(default_factory=Intake,
                           validation_alias=AliasChoices("intake", "ledger"))
    #: what every poll so far did, added up (the metrics' counters, per match)
    totals: Counts = Field(default_factory=Counts)
    lease: Lease | None = None
    #: moves with every write: a transaction writes only over the version it read
    version: int = 0
    lastPolledAt: datetime | None = None
    #: when the provider first said the match is over with every event written
    overAt: datetime | None = None
    nextPollAt: datetime | None = None
    #: the last refusal or problem, for people
    lastProblem: str | None = None

    def ref(self, name: str) -> ProviderRef:
        return next(p for p in self.providers if p.name == name)

    def held_by_other(self, holder: str, now: datetime) -> bool:
        return self.lease is not None and self.lease.holder != holder and self.lease.until > now


class IngestStore(Protocol):
    """Where ingestions live (Firestore: `scorebook.firestore.ingest`)."""

    def read(self, match_id: str) -> Ingestion | None: ...

    def mapping(self, provider: str) -> ProviderMapping: ...

    def commit(self, before: Ingestion, after: Ingestion, writes: PollWrites | None) -> bool:
        """Write ``after`` (and the poll's actions and voids) if the ingestion is still at
        ``before.version``; False, writing nothing, if another writer moved it."""
        ...

    def set_up(self, ingestion: Ingestion, match: Match, lineups: list[MatchLineup]) -> bool:
        """Create the match, its lineups and the ingestion, each only if absent; whether the
        ingestion was created."""
        ...


class Observer(Protocol):
    """What each poll tells the metrics (Prometheus locally, structured logs in functions)."""

    def polled(self, ingestion: Ingestion, report: PollReport) -> None: ...


def _mapped_info(info: dict[str, Any], ref: ProviderRef, mapping: ProviderMapping
                 ) -> dict[str, Any]:
    people = (info.get("registry") or {}).get("people") or {}
    registry = {name: mapping.player(ref, pid) for name, pid in people.items()}
    return {**info, "registry": {**(info.get("registry") or {}), "people": registry}}


def set_up(
    store: IngestStore, provider: Provider, *, match_id: str, providers: list[ProviderRef],
    cadence: Cadence | None = None, now: datetime,
) -> Ingestion:
    """Start ingesting a match: the match and its lineups from the first provider's match
    information (a Cricsheet ``info`` block), with its players' ids mapped; then the
    ingestion, live. Run again, it changes nothing and returns the ingestion there."""
    there = store.read(match_id)
    if there is not None:
        return there
    ref = providers[0]
    cadence = cadence or Cadence()
    ask = Retrying(retry=retry_if_exception_type(ProviderProblem), reraise=True,
                   stop=stop_after_attempt(INFO_ATTEMPTS),
                   wait=wait_random_exponential(multiplier=cadence.backoffBase,
                                                max=cadence.backoffCap))
    info = _mapped_info(ask(provider.info), ref, store.mapping(ref.name))
    source = {"info": info, "innings": []}
    match, _ = load_match(source, match_id=match_id, recorded_by=RECORDED_BY)
    match = match.model_copy(update={"status": "scheduled"})
    lineups = lineups_from_cricsheet(source, match_id=match_id, selected_by=RECORDED_BY)
    ingestion = Ingestion(matchId=match_id, providers=providers, active=ref.name,
                          cadence=cadence, nextPollAt=now)
    store.set_up(ingestion, match, lineups)
    return store.read(match_id) or ingestion


class LostLease(Exception):
    """Another poller wrote the ingestion: this one stops."""


def _answer(provider: Provider, name: str, intake: Intake
            ) -> tuple[Answer, list[Position], frozenset[Position]]:
    """The provider's answer with any gap it shows fetched again (at most one commit's
    worth): the answer, the gaps, and the positions the fetch brought."""
    answer = provider.poll(intake.after(), intake.sourceRevisions.get(name))
    gaps = missing(intake, answer)
    if not gaps:
        return answer, gaps, frozenset()
    more = provider.fetch(gaps[:CREATES_PER_COMMIT])
    return answer.merged(more), gaps, frozenset(e.position for e in more)


def _score(intake: Intake) -> dict[str, Any] | None:
    """What the provider's score says, not when it said it (a feed stuck on the same score
    is not fresh)."""
    return intake.snapshot.model_dump(exclude={"asOf"}) if intake.snapshot else None


def _problem_fields(problem: ProviderProblem | None) -> dict[str, Any]:
    """A poll report's account of the provider's problem, if any."""
    code = problem.code if problem else None
    return {"problem": code, "rateLimited": code == "rate_limited"}


def _moved(writes: PollWrites | None, intake: Intake) -> bool:
    """The answer brought something: balls to write, or a score further on."""
    return writes is not None and (
        bool(writes.creates) or _score(writes.intake) != _score(intake))


def _settled(state: Ingestion, intake: Intake, now: datetime) -> tuple[datetime | None, bool]:
    """When the match was first seen over, and whether it has stayed so long enough for the
    ingestion to end (late corrections have had their time)."""
    over_at = state.overAt or (now if intake.complete else None)
    return over_at, over_at is not None and (
        (now - over_at).total_seconds() >= state.cadence.settleSeconds)


class Poller:
    """Polls one match for as long as it holds the match's lease."""

    def __init__(self, store: IngestStore, provider_for: Callable[[ProviderRef], Provider],
                 observer: Observer, *, holder: str, lease_seconds: float = 30.0,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 persist_every: float = 5.0) -> None:
        self.store = store
        self.provider_for = provider_for
        self.observer = observer
        self.holder = holder
        self.lease_seconds = lease_seconds
        self.clock = clock
        self.persist_every = persist_every
        self.state: Ingestion | None = None
        self.persisted_at: datetime | None = None

    def lease(self, state: Ingestion, now: datetime) -> Lease:
        """The lease from now: long enough to outlast the longest wait between two polls (a
        backoff at its cap), so it never runs out while its holder sleeps."""
        seconds = max(self.lease_seconds, state.cadence.backoffCap + self.lease_seconds)
        return Lease(holder=self.holder, until=now + timedelta(seconds=seconds))

    def claim(self, match_id: str) -> Ingestion | None:
        """Take the match's lease; None if it is not live or another poller holds it."""
        now = self.clock()
        there = self.store.read(match_id)
        if there is None or there.status != "live" or there.held_by_other(self.holder, now):
            return None
        claimed = there.model_copy(update={"lease": self.lease(there, now),
                                           "version": there.version + 1})
        if not self.store.commit(there, claimed, None):
            return None
        self.state, self.persisted_at = claimed, now
        return claimed

    def release(self) -> None:
        """Give the lease back (the next poller need not wait for it to run out)."""
        if self.state is None:
            return
        released = self.state.model_copy(update={"lease": None, "version": self.state.version + 1})
        if self.store.commit(self.state, released, None):
            self.state = released

    def poll(self) -> PollReport:
        """One poll of the active provider (and a probe of any other due one), its events
        written, the state moved on. Raises LostLease."""
        state = self.state
        assert state is not None, "claim the match first"
        now = self.clock()
        order = [p.name for p in state.providers]
        active = choose(state.active, order, state.health, state.cadence, now=now,
                        pinned_until=state.pinnedUntil)
        switched = active != state.active
        health = dict(state.health)
        ref = state.ref(active)
        writes, problem, latency = self._fetch(state, ref)
        health[active] = _observed(state, active, writes, problem, latency=latency, now=now)
        self._probe_others(state, active, health, now)
        intake, counts = _intake_and_counts(state, writes)
        current = phase(intake.snapshot, state.cadence)
        scores = {name: h.score(state.cadence, now) for name, h in health.items()}
        pace = _next_pace(state, current, problem, scores[active])
        now = self.clock()
        after = state.model_copy(update=_moved_on(state, intake, now, switched) | {
            "active": active, "health": health, "intake": intake, "pace": pace,
            "totals": state.totals + counts.model_copy(update={"latencies": []}),
            "nextPollAt": now + timedelta(seconds=pace.interval),
            "lastProblem": str(problem) if problem else state.lastProblem,
            "lease": self.lease(state, now),
        })
        wrote = self._persist(state, after, writes, now)
        report = PollReport(
            provider=active, phase=current, counts=counts, **_problem_fields(problem),
            switchedFrom=state.active if switched else None, latency=latency,
            staleness=_staleness(intake, now), interval=pace.interval, strikes=pace.strikes,
            health=scores, wrote=wrote)
        self.observer.polled(self.state or after, report)
        return report

    def _probe_others(self, state: Ingestion, active: str, health: dict[str, Health],
                      now: datetime) -> None:
        """Probe each other provider whose probe is due, its health noted."""
        for provider in state.providers:
            if probe_due(provider.name, active, health, state.cadence, now):
                health[provider.name] = self._probe(state, provider.name, now)

    def _fetch(self, state: Ingestion, ref: ProviderRef,
               ) -> tuple[PollWrites | None, ProviderProblem | None, float]:
        """Ask the provider and work out the writes of its answer, or the provider's problem, and
        how long it took."""
        started = time.monotonic()
        try:
            answer, gaps, backfilled = _answer(self.provider_for(ref), ref.name, state.intake)
            writes = poll_writes(state.intake, answer, match_id=state.matchId, ref=ref,
                            mapping=self.store.mapping(ref.name), recorded_by=RECORDED_BY,
                            now=self.clock(), gaps=gaps, backfilled=backfilled,
                            limit=CREATES_PER_COMMIT)
        except ProviderProblem as problem:
            return None, problem, time.monotonic() - started
        return writes, None, time.monotonic() - started

    def _persist(self, before: Ingestion, after: Ingestion, writes: PollWrites | None,
                 now: datetime) -> bool:
        """Write when there is something to write, a switch or a status to record, or the
        lease or the health to renew; else keep the new state in memory only."""
        changes = _changes_log(writes)
        if not (changes or self._due(before, now) or _recordable(before, after)):
            # the lease in the database is still the one written last
            self.state = after.model_copy(update={"version": before.version,
                                                  "lease": before.lease})
            return False
        if not self.store.commit(before, after, writes if changes else None):
            self.state = None
            raise LostLease(before.matchId)
        self.state, self.persisted_at = after, now
        return True

    def _due(self, before: Ingestion, now: datetime) -> bool:
        """Whether the state is to be written whatever changed: none written yet by this
        poller, the last write too long ago, or the lease held past half its time."""
        if self.persisted_at is None or before.lease is None:
            return True
        if (now - self.persisted_at).total_seconds() >= self.persist_every:
            return True
        return ((before.lease.until - now).total_seconds()
                < (self.lease(before, now).until - now).total_seconds() / 2)

    def _probe(self, state: Ingestion, name: str, now: datetime) -> Health:
        """Ask a provider not being polled, only to know its health (its answer is not
        written: the active provider's is)."""
        started = time.monotonic()
        problem = None
        try:
            self.provider_for(state.ref(name)).poll(state.intake.after(),
                                                     state.intake.sourceRevisions.get(name))
        except ProviderProblem as err:
            problem = err.code
        return observe(state.health.get(name, Health()), state.cadence, now,
                       latency=time.monotonic() - started, problem=problem, moved=True)


#: how a run ended: the match's status, or "busy" (another poller holds it), "lost" (another
#: poller wrote it mid-run), "missing" (no such ingestion) or "error" (something failed that
#: is not the provider's refusal, e.g. the database: logged, and the lease given back)
Outcome = Literal["live", "complete", "stopped", "busy", "lost", "missing", "error"]


def run(poller: Poller, match_id: str, *, seconds: float,
        sleep: Callable[[float], Any] = time.sleep,
        should_stop: Callable[[], bool] = lambda: False) -> Outcome:
    """Poll a match for up to ``seconds`` (or until it is over, or ``should_stop``), at the
    cadence's intervals, starting when the last poll said the next is due (a backoff carries
    over from one slice to the next), then give the lease back."""
    try:
        return _run(poller, match_id, seconds=seconds, sleep=sleep, should_stop=should_stop)
    except LostLease:
        return "lost"
    except Exception:  # noqa: BLE001 (a poller never dies silently: it says why and yields)
        log.exception("ingestion of %s stopped by an error", match_id)
        with contextlib.suppress(Exception):
            poller.release()
        return "error"


def _observed(state: Ingestion, active: str, writes: PollWrites | None,
              problem: ProviderProblem | None, *, latency: float, now: datetime) -> Health:
    """The active provider's health once it has answered (or refused)."""
    return observe(state.health.get(active, Health()), state.cadence, now, latency=latency,
                   problem=problem.code if problem else None, moved=_moved(writes, state.intake))


def _intake_and_counts(state: Ingestion, writes: PollWrites | None) -> tuple[Intake, Counts]:
    """What the provider's answer made of the intake, and what it wrote (a problem: the
    intake as it was, nothing)."""
    if writes is None:
        return state.intake, Counts()
    return writes.intake, writes.counts


def _next_pace(state: Ingestion, current: Phase, problem: ProviderProblem | None,
               health: float) -> Pace:
    """The pace after this poll: backed off by a refusal, as long as the provider asks."""
    return next_pace(state.pace, state.cadence, current, refused=problem is not None,
                     retry_after=problem.retry_after if problem else None, health=health)


def _changes_log(writes: PollWrites | None) -> bool:
    """The answer has balls to write or voids to make."""
    return writes is not None and bool(writes.creates or writes.voids)


def _moved_on(state: Ingestion, intake: Intake, now: datetime, switched: bool,
              ) -> dict[str, Any]:
    """What a poll moves on whatever it found: the match's end (once it has settled), the
    pin on a provider switched to, the counts of polls and failovers."""
    over_at, settled = _settled(state, intake, now)
    return {"overAt": over_at, "status": "complete" if settled else state.status,
            "pinnedUntil": now + timedelta(seconds=state.cadence.pinSeconds) if switched
            else state.pinnedUntil,
            "failovers": state.failovers + switched, "lastPolledAt": now,
            "version": state.version + 1}


def _staleness(intake: Intake, now: datetime) -> float | None:
    """Seconds since the provider's snapshot was taken (None: none yet)."""
    return (now - intake.snapshot.asOf).total_seconds() if intake.snapshot else None


def _recordable(before: Ingestion, after: Ingestion) -> bool:
    """A switch of provider, a status, or a change in what is missing or refused: written
    at once."""
    return (after.active != before.active or after.status != before.status
            or after.intake.missing != before.intake.missing
            or after.intake.rejected != before.intake.rejected)


def _run(poller: Poller, match_id: str, *, seconds: float, sleep: Callable[[float], Any],
         should_stop: Callable[[], bool]) -> Outcome:
    deadline = time.monotonic() + seconds
    claimed = poller.claim(match_id)
    if claimed is None:
        return _not_claimed(poller, match_id)
    if claimed.nextPollAt is not None:
        _sleep_until_due(poller, claimed.nextPollAt, deadline, sleep)
    _poll_until(poller, deadline, sleep, should_stop)
    poller.release()
    return poller.state.status if poller.state else "lost"


def _not_claimed(poller: Poller, match_id: str) -> Outcome:
    """Why the match could not be claimed: it is not there, another poller has it, or it
    is over."""
    there = poller.store.read(match_id)
    if there is None:
        return "missing"
    return "busy" if there.status == "live" else there.status


def _sleep_until_due(poller: Poller, due_at: datetime, deadline: float,
                     sleep: Callable[[float], Any]) -> None:
    due = (due_at - poller.clock()).total_seconds()
    if due > 0:
        sleep(min(due, max(0.0, deadline - time.monotonic())))


def _poll_until(poller: Poller, deadline: float, sleep: Callable[[float], Any],
                should_stop: Callable[[], bool]) -> None:
    """Poll at the pace the polls set while the match is live, up to the deadline."""
    while time.monotonic() < deadline and not should_stop():
        report = poller.poll()
        state = poller.state
        if state is None or state.status != "live":
            break
        if time.monotonic() + report.interval >= deadline:
            break
        sleep(report.interval)
