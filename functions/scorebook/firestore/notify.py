"""The notifications' adapter: the match, its feed's events, its followers and their devices
in Firestore (`scorebook.service.notify.NotifyStore`), and the task queue the scoring
trigger hands a run's notable events to."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore

from scorebook.document import to_document
from scorebook.firestore.paths import (
    devices_path,
    event_path,
    followers_path,
    match_path,
    notifications_path,
)
from scorebook.notify import Notice, notice_id

log = logging.getLogger(__name__)

#: the Cloud Tasks queue of `tellFollowers` (functions/main.py): its function's name
NOTIFY_QUEUE = "tellFollowers"
class FirestoreNotifyStore:
    def __init__(self, db: firestore.Client) -> None:
        self.db = db

    def match(self, match_id: str) -> Mapping[str, Any] | None:
        return self.db.document(match_path(match_id)).get().to_dict()

    def events(self, match_id: str, seqs: Iterable[int]) -> list[tuple[int, Mapping[str, Any]]]:
        refs = [self.db.document(event_path(match_id, seq)) for seq in sorted(set(seqs))]
        return [(int(s.id), s.to_dict() or {}) for s in self.db.get_all(refs) if s.exists]

    def followers(self, match_id: str) -> list[tuple[str, Any]]:
        return [(s.id, (s.to_dict() or {}).get("kinds"))
                for s in self.db.collection(followers_path(match_id)).stream()]

    def write(self, uid: str, told: list[Notice]) -> list[Notice]:
        new = []
        for notice in told:
            ref = self.db.collection(notifications_path(uid)).document(notice_id(notice))
            try:
                ref.create({**to_document(notice), "createdAt": firestore.SERVER_TIMESTAMP})
            except AlreadyExists:
                continue  # told already: a task tried again, an event re-published
            new.append(notice)
        return new

    def devices(self, uid: str) -> list[tuple[str, str]]:
        out = []
        for s in self.db.collection(devices_path(uid)).stream():
            token = (s.to_dict() or {}).get("token")
            if isinstance(token, str) and token:
                out.append((s.id, token))
        return out

    def forget_device(self, uid: str, device_id: str) -> None:
        self.db.collection(devices_path(uid)).document(device_id).delete()


def enqueue_notify(db: firestore.Client, match_id: str, seqs: list[int]) -> None:
    """Hand the events worth telling to the notifications' queue (Cloud Tasks; the
    emulator's when CLOUD_TASKS_EMULATOR_HOST is set), when the match has a follower (one
    read: most matches have none, and a task that finds none still costs a run). A failure
    is logged: the scoring run that published them stands."""
    from firebase_admin import functions

    from scorebook.firestore.client import firebase_app

    if not any(True for _ in db.collection(followers_path(match_id)).limit(1).stream()):
        return
    try:
        firebase_app()
        functions.task_queue(NOTIFY_QUEUE).enqueue({"data": {"matchId": match_id,
                                                              "seqs": seqs}})
    except Exception:
        log.warning("the notifications of %s %s could not be queued", match_id, seqs,
                    exc_info=True)
