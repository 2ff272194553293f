"""A match and its log read from Firestore, as `python -m scorebook_tools export MATCH_ID` exports
them: the match document with its lineups (who played, as the fold takes them) and every
action of the log; an action the functions could not parse is left out, with a warning."""

from __future__ import annotations

import os
import sys

from scorebook.actions import Action
from scorebook.firestore.client import firestore_client
from scorebook.firestore.season import FirestoreSeasonStore
from scorebook.integrity import IntegrityProblem
from scorebook.match import Match
from scorebook.service.live_score import parse_document
from scorebook.views.lineups import match_for_fold


def read_match(match_id: str, project: str | None = None) -> tuple[Match, list[Action]]:
    if project:
        os.environ["GOOGLE_CLOUD_PROJECT"] = os.environ["GCLOUD_PROJECT"] = project
    store = FirestoreSeasonStore(firestore_client())  # what the functions read of a match
    doc = store.match(match_id)
    if doc is None:
        raise SystemExit(f"matches/{match_id} does not exist in project {store.db.project}")
    lineups, docs = store.match_log(match_id, doc)
    match = match_for_fold({**doc, "id": match_id}, lineups)
    actions = []
    for doc_id, data in docs:
        parsed = parse_document(match_id, doc_id, data)
        if isinstance(parsed, IntegrityProblem):
            sys.stderr.write(f"left out {doc_id}: {parsed.message}\n")
        else:
            actions.append(parsed)
    return match, actions
