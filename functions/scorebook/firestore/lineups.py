"""Firestore side of `live/lineups`: one transaction around `scorebook.lineups.project_lineups`."""

from __future__ import annotations

import logging

from google.cloud import firestore

from scorebook.firestore.paths import lineups_path, live_lineups_path, match_path
from scorebook.service.lineups import next_lineups_document
from scorebook.views.lineups import lineup_rules, project_lineups

log = logging.getLogger(__name__)

# Officials may edit several players of a team at once; each retry re-reads the newer state.
MAX_ATTEMPTS = 30


def refresh_live_lineups(db: firestore.Client, match_id: str) -> int | None:
    """Bring `live/lineups` in line with the match's lineup documents, in one transaction.

    Reads the match (players per side, its teams), every lineup document (a match has a few
    dozen) and the stored projection; writes only when the projection changed, with
    `version` + 1. Returns the version written, or None when nothing changed. A repeated or
    out-of-order trigger run reads the same documents and so writes nothing new.
    """

    @firestore.transactional
    def run(tx: firestore.Transaction) -> int | None:
        match = db.document(match_path(match_id)).get(transaction=tx)
        docs = [
            (snap.id, snap.to_dict() or {})
            for snap in db.collection(lineups_path(match_id)).stream(transaction=tx)
        ]
        live_ref = db.document(live_lineups_path(match_id))
        live = live_ref.get(transaction=tx)
        projection = project_lineups(
            match_id, docs, **lineup_rules(match.to_dict() if match.exists else None)
        )
        document = next_lineups_document(live.to_dict() if live.exists else None, projection)
        if document is None:
            return None
        tx.set(live_ref, document)
        return int(document["version"])

    version = run(db.transaction(max_attempts=MAX_ATTEMPTS))
    log.info(
        "live/lineups of %s: %s",
        match_id,
        "unchanged" if version is None else f"version {version}",
    )
    return version
