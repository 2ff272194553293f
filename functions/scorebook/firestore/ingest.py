"""Firestore side of provider ingestion (`scorebook.service.ingest`): the ingestion document,
the provider mappings, and the commit that writes a poll's actions together with the
ingestion's new state, only over the state it read."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, date, datetime
from typing import Any

from google.api_core import exceptions
from google.cloud import firestore
from pydantic import ValidationError

from scorebook.document import to_document
from scorebook.firestore.client import LostRace, commit_on_condition, set_on_condition
from scorebook.firestore.paths import (
    ingestion_path,
    lineups_path,
    match_path,
    provider_mapping_path,
    scoring_action_path,
)
from scorebook.ingest.intake import PollWrites
from scorebook.ingest.metrics import PollReport, readings
from scorebook.ingest.normalise import ProviderMapping
from scorebook.match import Match, MatchLineup
from scorebook.service.ingest import Ingestion

log = logging.getLogger(__name__)

#: a provider's mapping is read again after this long (an admin's edit reaches the pollers)
MAPPING_SECONDS = 60.0


class FirestoreIngestStore:
    """The `IngestStore` of one database (thread-safe: the local process polls many matches
    from one store)."""

    def __init__(self, db: firestore.Client) -> None:
        self.db = db
        self._mappings: dict[str, tuple[float, ProviderMapping]] = {}

    def read(self, match_id: str) -> Ingestion | None:
        snap = self.db.document(ingestion_path(match_id)).get()
        if not snap.exists:
            return None
        try:
            return Ingestion.model_validate(snap.to_dict())
        except ValidationError as err:
            # an admin's bad edit: say why, and leave the match alone
            log.error("ingestion of %s cannot be read: %s", match_id,
                      "; ".join(e["msg"] for e in err.errors())[:500])
            return None

    def mapping(self, provider: str) -> ProviderMapping:
        held = self._mappings.get(provider)
        if held is not None and time.monotonic() - held[0] < MAPPING_SECONDS:
            return held[1]
        snap = self.db.document(provider_mapping_path(provider)).get()
        try:
            mapping = ProviderMapping.model_validate(snap.to_dict() or {})
        except ValidationError as err:
            log.error("provider_mappings/%s cannot be read, ids are left unmapped: %s",
                      provider, str(err)[:500])
            mapping = ProviderMapping()
        self._mappings[provider] = (time.monotonic(), mapping)
        return mapping

    def commit(self, before: Ingestion, after: Ingestion, writes: PollWrites | None) -> bool:
        """One batch, on condition that the ingestion is the one read at `before.version`
        (its update time): no read-write transaction, whose lock a worker killed mid-poll
        left on the emulator. The actions are created, so one already there fails it too."""
        ref = self.db.document(ingestion_path(before.matchId))
        snap = ref.get()
        if not _at_version(snap, before.version):
            return False
        batch = self.db.batch()
        if writes:
            self._add_actions(batch, before.matchId, writes)
        set_on_condition(self.db, batch, ref, to_document(after), snap.update_time)
        try:
            commit_on_condition(batch)
        except LostRace as race:
            _log_if_scored_elsewhere(race, before.matchId)
            return False
        return True

    def _add_actions(self, batch: firestore.WriteBatch, match_id: str,
                     writes: PollWrites) -> None:
        """The poll's new actions created, and its voids, in the batch."""
        for action in writes.creates:
            batch.create(self.db.document(scoring_action_path(match_id, action["id"])), action)
        for action_id, fields in writes.voids.items():
            batch.update(self.db.document(scoring_action_path(match_id, action_id)), fields)

    def set_up(self, ingestion: Ingestion, match: Match, lineups: list[MatchLineup]) -> bool:
        self._create(match_path(match.id), _days_as_text(to_document(match)))
        for entry in lineups:
            self._create(f"{lineups_path(match.id)}/{entry.id}", to_document(entry))
        return self._create(ingestion_path(ingestion.matchId), to_document(ingestion))

    def _create(self, path: str, document: dict[str, Any]) -> bool:
        """Write a document only if it is absent; whether it was."""
        try:
            self.db.document(path).create(document)
        except exceptions.AlreadyExists:
            return False
        return True


def _at_version(snap: Any, version: int) -> bool:
    """The ingestion read is there, at the version the poll began from."""
    return snap.exists and (snap.to_dict() or {}).get("version") == version


def _log_if_scored_elsewhere(race: LostRace, match_id: str) -> None:
    if isinstance(race.__cause__, exceptions.AlreadyExists):
        # an action at a position the ingestion has not written: the match is scored
        # by someone else too, which ingestion does not support; it stops and says so
        log.error("ingestion of %s: an action it would write exists already (is the "
                  "match also scored in an app?): %s", match_id, race)


def _days_as_text(value: Any) -> Any:
    """Firestore has no date type: a calendar day is stored as its ISO text (as the REST
    client and the apps store a match's dates)."""
    if isinstance(value, dict):
        return {k: _days_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_days_as_text(v) for v in value]
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def write_mapping(db: firestore.Client, provider: str, mapping: ProviderMapping) -> None:
    """An admin's mapping of a provider's ids (merged into what is there)."""
    db.document(provider_mapping_path(provider)).set(to_document(mapping), merge=True)


class LogObserver:
    """The metrics as structured logs, one JSON line per poll: Cloud Logging keeps them as
    fields (`jsonPayload.metrics`), and log-based metrics chart them in Cloud Monitoring."""

    def __init__(self, emit: Any = None) -> None:
        self.emit = emit or (lambda line: print(line, flush=True))

    def polled(self, ingestion: Ingestion, report: PollReport) -> None:
        self.emit(json.dumps({
            "severity": "WARNING" if report.problem else "INFO",
            "message": f"ingest {ingestion.matchId}: {report.provider} "
                       f"{report.problem or 'ok'}, {report.counts.written} written",
            "matchId": ingestion.matchId,
            "metrics": [{"name": r.metric, "labels": r.labels, "value": r.value}
                        for r in readings(ingestion.matchId, report)],
        }, default=str))


#: a poll task polls for this long, then hands over to the next task (Cloud Tasks' dispatch
#: deadline, and the function's timeout, are comfortably longer)
SLICE_SECONDS = 45.0
#: the poll queue's function (`functions/main.py`)
POLL_QUEUE = "ingestPoll"


def poll_slice(db: firestore.Client, match_id: str, *, holder: str,
               seconds: float = SLICE_SECONDS) -> tuple[str, float]:
    """Poll a match for one slice from a function (`scorebook.service.ingest.run`): how it
    ended (``live`` asks for the next slice) and in how many seconds the next poll is due."""
    import httpx

    from scorebook.http_providers import provider_for
    from scorebook.service.ingest import Poller, run

    with httpx.Client() as http:
        poller = Poller(FirestoreIngestStore(db), lambda ref: provider_for(ref, http, match_id),
                        LogObserver(), holder=holder)
        outcome = run(poller, match_id, seconds=seconds)
    due = poller.state.nextPollAt if poller.state else None
    wait = (due - datetime.now(UTC)).total_seconds() if due else 0.0
    return outcome, max(0.0, wait)


def enqueue_poll(match_id: str, *, delay_seconds: float = 0.0) -> str:
    """Ask the poll queue for a slice of this match (Cloud Tasks; the emulator's when
    CLOUD_TASKS_EMULATOR_HOST is set)."""
    from firebase_admin import functions
    from tenacity import (
        Retrying,
        retry_if_exception_type,
        stop_after_attempt,
        wait_random_exponential,
    )

    from scorebook.firestore.client import firebase_app

    firebase_app()
    options = functions.TaskOptions(schedule_delay_seconds=int(delay_seconds) or None)
    queue = functions.task_queue(POLL_QUEUE)
    # the Python Admin SDK sends the body as given: a task function reads its "data"; the
    # first enqueue of a cold instance can fail on its credentials (firebase-admin-python#899)
    again = Retrying(retry=retry_if_exception_type(Exception), stop=stop_after_attempt(3),
                     wait=wait_random_exponential(multiplier=0.5, max=4), reraise=True)
    return again(queue.enqueue, {"data": {"matchId": match_id}}, options)


def unattended(db: firestore.Client, now: Any, *, grace_seconds: float = 90.0) -> list[str]:
    """Live ingestions no poller holds: no lease, or one run out, and no poll for
    ``grace_seconds`` (a task chain that broke, a process that died)."""
    from google.cloud.firestore_v1.base_query import FieldFilter

    from scorebook.firestore.paths import INGESTION

    out = []
    query = db.collection(INGESTION).where(filter=FieldFilter("status", "==", "live")).select(
        ["lease", "lastPolledAt"])
    for snap in query.stream():
        if not _attended(snap.to_dict() or {}, now, grace_seconds):
            out.append(snap.id)
    return out


def _attended(doc: dict[str, Any], now: Any, grace_seconds: float) -> bool:
    """A poller holds the ingestion's lease, or polled it within `grace_seconds`."""
    lease, polled = doc.get("lease") or {}, doc.get("lastPolledAt")
    held = lease.get("until") is not None and lease["until"] > now
    recent = polled is not None and (now - polled).total_seconds() < grace_seconds
    return held or recent


def keep_ingesting(db: firestore.Client, now: Any) -> list[str]:
    """Start a poll of every live match nobody polls (the scheduled function's job)."""
    started = []
    for match_id in unattended(db, now):
        enqueue_poll(match_id)
        started.append(match_id)
    log.info("keep ingesting: %d live matches unattended, polls queued: %s", len(started),
             ", ".join(started) or "none")
    return started
