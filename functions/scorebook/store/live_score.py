"""Firestore side of `live/score`: read the log and the projection in one transaction."""

from __future__ import annotations

import logging
from typing import Any

from google.cloud import firestore

from scorebook.maintain import next_live_score

log = logging.getLogger(__name__)


def live_score_ref(db: firestore.Client, match_id: str) -> firestore.DocumentReference:
    return db.document(f"matches/{match_id}/live/score")


def refresh_live_score(db: firestore.Client, match_id: str) -> dict[str, Any] | None:
    """Recompute `matches/{match_id}/live/score` from the log; return what was written.

    The whole read-project-write runs in one transaction, so two triggers running at once
    cannot interleave: the one that commits second is retried on the newer data.
    """
    match_ref = db.document(f"matches/{match_id}")
    live_ref = live_score_ref(db, match_id)

    @firestore.transactional
    def run(tx: firestore.Transaction) -> dict[str, Any] | None:
        match_snap = match_ref.get(transaction=tx)
        action_snaps = list(match_ref.collection("scoring_actions").stream(transaction=tx))
        live_snap = live_ref.get(transaction=tx)
        document = next_live_score(
            match_id,
            match_snap.to_dict() if match_snap.exists else None,
            [(snap.id, snap.to_dict() or {}) for snap in action_snaps],
            live_snap.to_dict() if live_snap.exists else None,
        )
        if document is not None:
            tx.set(live_ref, document)
        return document

    written = run(db.transaction())
    if written is None:
        log.info("live/score of %s already up to date", match_id)
    else:
        log.info(
            "live/score of %s -> version %s (%s problems)",
            match_id,
            written.get("version"),
            len(written.get("integrity", [])),
        )
    return written
