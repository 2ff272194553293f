"""Cloud Functions entry points: thin triggers that hand each event to one service call."""

import logging

from firebase_functions import firestore_fn, scheduler_fn
from firebase_functions.firestore_fn import Change, DocumentSnapshot, Event

from scorebook.firestore.client import firestore_client
from scorebook.firestore.lineups import refresh_live_lineups
from scorebook.firestore.live_score import reconcile_live_matches, refresh_live_score
from scorebook.firestore.paths import LINEUP_TRIGGER, MATCH_TRIGGER, SCORING_ACTION_TRIGGER
from scorebook.service.live_score import ActionEvent

# Cloud Logging keeps what the functions print; each run says whether it folded or rebuilt.
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")


@firestore_fn.on_document_written(document=SCORING_ACTION_TRIGGER)
def on_scoring_action_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """Any create or void of an action brings live/score back in line with the log."""
    if event.data is None:
        return
    after, before = event.data.after, event.data.before
    action = ActionEvent(
        action_id=event.params["actionId"],
        after=after.to_dict() if after is not None and after.exists else None,
        # an edit of an action already folded (not a void) is told from the one before it
        before=before.to_dict() if before is not None and before.exists else None,
    )
    refresh_live_score(firestore_client(), event.params["matchId"], action)


@scheduler_fn.on_schedule(schedule="every 5 minutes")
def reconcile_live_scores(event: scheduler_fn.ScheduledEvent) -> None:
    """A Python trigger that fails is not retried: repair live matches whose projection lags."""
    reconcile_live_matches(firestore_client())


@firestore_fn.on_document_written(document=LINEUP_TRIGGER)
def on_lineup_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """Any change to who plays brings live/lineups back in line with the lineup documents,
    and live/score's names with them (the log itself is untouched)."""
    if event.data is None:
        return
    db = firestore_client()
    refresh_live_lineups(db, event.params["matchId"])
    refresh_live_score(db, event.params["matchId"], match_changed=True)


@firestore_fn.on_document_written(document=MATCH_TRIGGER)
def on_match_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """An admin's edit of the match (a team renamed, the overs cut) reaches live/score at
    once; the status the functions write themselves changes nothing the fold uses."""
    if event.data is None or event.data.after is None or not event.data.after.exists:
        return
    db = firestore_client()
    refresh_live_lineups(db, event.params["matchId"])
    refresh_live_score(db, event.params["matchId"], match_changed=True)
