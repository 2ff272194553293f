"""Firestore side of `live/lineups`: one transaction around `scorebook.lineups.project_lineups`."""

from __future__ import annotations

import logging
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from scorebook.firestore.paths import lineups_path, live_lineups_path, match_path
from scorebook.match import PLAYERS_PER_SIDE
from scorebook.service.lineups import next_lineups_document
from scorebook.views.lineups import MAX_PROBLEM_IDS, lineup_rules, max_entries, project_lineups

log = logging.getLogger(__name__)

# Officials may edit several players of a team at once; each retry re-reads the newer state.
MAX_ATTEMPTS = 30
#: Lineup documents read besides each team's own, so that an admin's stray ones (no team, a
#: team not in the match) are still reported.
STRAY_LINEUPS = 50


def read_lineups(
    db: firestore.Client, match_id: str, match_doc: Any, tx: firestore.Transaction | None
) -> list[tuple[str, dict[str, Any]]]:
    """The match's lineup documents, in document id order, bounded whatever was written:
    each team's first ``max_entries`` + ``MAX_PROBLEM_IDS`` (what the projection uses, and
    enough to name what it leaves out) and the first ``STRAY_LINEUPS`` of the collection.
    A match that lists no players lets a team official write any number of entries; read
    whole, each write would read them all (1,500 entries: over a million reads). Read per
    team, one side's flood cannot push the other side's entries out of what is read."""
    rules = lineup_rules(match_doc)
    cap = max_entries(rules.get("players_per_side", PLAYERS_PER_SIDE)) + MAX_PROBLEM_IDS
    collection = db.collection(lineups_path(match_id))
    queries = [collection.where(filter=FieldFilter("teamId", "==", team)).limit(cap)
               for team in rules.get("team_ids", [])[:2]]
    queries.append(collection.limit(STRAY_LINEUPS))
    found: dict[str, dict[str, Any]] = {}
    for query in queries:
        for snap in query.stream(transaction=tx):
            found[snap.id] = snap.to_dict() or {}
    return sorted(found.items())


def refresh_live_lineups(db: firestore.Client, match_id: str) -> int | None:
    """Bring `live/lineups` in line with the match's lineup documents, in one transaction.

    Reads the match (players per side, its teams), its lineup documents (`read_lineups`:
    bounded) and the stored projection; writes only when the projection changed, with
    `version` + 1. Returns the version written, or None when nothing changed. A repeated or
    out-of-order trigger run reads the same documents and so writes nothing new.
    """

    @firestore.transactional
    def run(tx: firestore.Transaction) -> int | None:
        match = db.document(match_path(match_id)).get(transaction=tx)
        match_doc = match.to_dict() if match.exists else None
        docs = read_lineups(db, match_id, match_doc, tx)
        live_ref = db.document(live_lineups_path(match_id))
        live = live_ref.get(transaction=tx)
        projection = project_lineups(match_id, docs, **lineup_rules(match_doc))
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
