"""Firestore side of the ledger: read a match's chain, its log and live/score, and verify."""

from __future__ import annotations

from google.cloud import firestore

from scorebook.firestore.paths import ledger_path, live_score_path, scoring_actions_path
from scorebook.ledger import ChainReport, verify


def verify_chain(db: firestore.Client, match_id: str) -> ChainReport:
    """Recompute `match_id`'s chain from its ledger and compare it with the log as it is now
    and with live/score's chainHead (scorebook.ledger.verify). Reads the whole ledger and log."""
    entries = [snap.to_dict() or {} for snap in
               db.collection(ledger_path(match_id)).order_by("__name__").stream()]
    log = {snap.id: snap.to_dict() or {} for snap in
           db.collection(scoring_actions_path(match_id)).stream()}
    return verify(match_id, entries, log, _chain_head(db, match_id))


def _chain_head(db: firestore.Client, match_id: str) -> str | None:
    """live/score's chainHead (None: no live/score, or no head in it)."""
    live = db.document(live_score_path(match_id)).get()
    head = (live.to_dict() or {}).get("chainHead") if live.exists else None
    return head if isinstance(head, str) else None
