"""Firestore side of provider ingestion (`scorebook.service.ingest`): the ingestion document,
the provider mappings, and the transaction that writes a poll's actions together with the
ingestion's new state, only over the version it read."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from google.api_core import exceptions
from google.cloud import firestore
from pydantic import ValidationError

from scorebook.document import to_document
from scorebook.firestore.paths import (
    ingestion_path,
    lineups_path,
    match_path,
    provider_mapping_path,
    scoring_action_path,
)
from scorebook.ingest.ledger import Plan
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

    def commit(self, before: Ingestion, after: Ingestion, plan: Plan | None) -> bool:
        ref = self.db.document(ingestion_path(before.matchId))
        document = to_document(after)

        @firestore.transactional
        def write(tx: firestore.Transaction) -> bool:
            snap = ref.get(transaction=tx)
            if (snap.to_dict() or {}).get("version") != before.version:
                return False
            for action in plan.creates if plan else ():
                tx.create(self.db.document(scoring_action_path(before.matchId, action["id"])),
                          action)
            for action_id, fields in (plan.voids if plan else {}).items():
                tx.update(self.db.document(scoring_action_path(before.matchId, action_id)),
                          fields)
            tx.set(ref, document)
            return True

        try:
            return write(self.db.transaction())
        except exceptions.Conflict as err:  # an action there already, written by another
            log.error("ingestion of %s: an action it would write exists already: %s",
                      before.matchId, err)
            return False

    def set_up(self, ingestion: Ingestion, match: Match, lineups: list[MatchLineup]) -> bool:
        match_ref = self.db.document(match_path(match.id))
        if not match_ref.get().exists:
            match_ref.set(to_document(match))
        for entry in lineups:
            lineup = self.db.document(f"{lineups_path(match.id)}/{entry.id}")
            if not lineup.get().exists:
                lineup.set(to_document(entry))
        try:
            self.db.document(ingestion_path(ingestion.matchId)).create(to_document(ingestion))
        except exceptions.Conflict:
            return False
        return True


def write_mapping(db: firestore.Client, provider: str, mapping: ProviderMapping) -> None:
    """An admin's mapping of a provider's ids (merged into what is there)."""
    db.document(provider_mapping_path(provider)).set(to_document(mapping), merge=True)


class LogObserver:
    """The metrics as structured logs, one JSON line per poll: Cloud Logging keeps them as
    fields (`jsonPayload.metrics`), and log-based metrics chart them in Cloud Monitoring."""

    def __init__(self, emit: Any = None) -> None:
        self.emit = emit or (lambda line: print(line, flush=True))

    def polled(self, ingestion: Ingestion, report: PollReport) -> None:
        health = {name: h.score(ingestion.cadence, ingestion.lastPolledAt)
                  for name, h in ingestion.health.items()} if ingestion.lastPolledAt else {}
        self.emit(json.dumps({
            "severity": "WARNING" if report.problem else "INFO",
            "message": f"ingest {ingestion.matchId}: {report.provider} "
                       f"{report.problem or 'ok'}, {report.counts.written} written",
            "matchId": ingestion.matchId,
            "metrics": [{"name": r.metric, "labels": r.labels, "value": r.value}
                        for r in readings(ingestion.matchId, report, health)],
        }, default=str))
