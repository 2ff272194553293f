"""A match and its log read from Firestore, as `python -m scorebook export MATCH_ID` exports
them: the match document with its lineups (who played, as the fold takes them) and every
action of the log; an action the functions could not parse is left out, with a warning."""

from __future__ import annotations

import os
import sys

from scorebook.actions import Action
from scorebook.firestore.client import firestore_client
from scorebook.firestore.lineups import read_lineups
from scorebook.firestore.paths import match_path, scoring_actions_path
from scorebook.integrity import IntegrityProblem
from scorebook.match import Match
from scorebook.service.live_score import in_log_order, parse_document
from scorebook.views.lineups import match_for_fold


def read_match(match_id: str, project: str | None = None) -> tuple[Match, list[Action]]:
    if project:
        os.environ["GOOGLE_CLOUD_PROJECT"] = os.environ["GCLOUD_PROJECT"] = project
    db = firestore_client()
    snap = db.document(match_path(match_id)).get()
    if not snap.exists:
        raise SystemExit(f"matches/{match_id} does not exist in project {db.project}")
    doc = snap.to_dict() or {}
    match = match_for_fold({**doc, "id": match_id}, read_lineups(db, match_id, doc, None))
    docs = in_log_order((s.id, s.to_dict() or {})
                        for s in db.collection(scoring_actions_path(match_id)).stream())
    actions = []
    for doc_id, data in docs:
        parsed = parse_document(match_id, doc_id, data)
        if isinstance(parsed, IntegrityProblem):
            sys.stderr.write(f"left out {doc_id}: {parsed.message}\n")
        else:
            actions.append(parsed)
    return match, actions
