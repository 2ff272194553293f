"""Cloud Functions entry points: thin triggers that hand each event to one service call."""

from firebase_functions import firestore_fn
from firebase_functions.firestore_fn import Change, DocumentSnapshot, Event

from scorebook.store.client import firestore_client
from scorebook.store.live_score import refresh_live_score


@firestore_fn.on_document_written(document="matches/{matchId}/scoring_actions/{actionId}")
def on_scoring_action_written(event: Event[Change[DocumentSnapshot | None]]) -> None:
    """Any create or void of an action brings live/score back in line with the log."""
    if event.data is None:
        return
    refresh_live_score(firestore_client(), event.params["matchId"])
