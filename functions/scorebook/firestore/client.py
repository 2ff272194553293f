"""One way to get a Firestore client, in the emulator and in production."""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from google.api_core.exceptions import Aborted, AlreadyExists, FailedPrecondition, InvalidArgument
from google.cloud import firestore

log = logging.getLogger(__name__)
T = TypeVar("T")

#: what a commit whose condition failed raises: FAILED_PRECONDITION (an update time),
#: ALREADY_EXISTS (a document another run created first), ABORTED (contention), and on the
#: emulator INVALID_ARGUMENT "invalid base version" for an update time
CONDITION_FAILED = (FailedPrecondition, AlreadyExists, Aborted, InvalidArgument)


def lost_race(error: Exception) -> bool:
    """Whether a commit failed its condition (another write came first: read afresh and try
    again), not for a value Firestore refuses (never written, however often tried)."""
    return isinstance(error, CONDITION_FAILED) and not (
        isinstance(error, InvalidArgument) and "base version" not in str(error))


class LostRace(Exception):
    """A commit on condition found a document changed since its run read it. Only this is
    tried again (`until_won`): an error of a read is not."""


def set_on_condition(db: firestore.Client, batch: firestore.WriteBatch, ref: Any,
                     data: dict[str, Any], update_time: Any, *, merge: bool = False) -> None:
    """`batch.set`, holding only while the document is as its run read it: absent
    (`update_time` None) or of that update time. Else the commit raises `LostRace`
    (`commit_on_condition`)."""
    batch.set(ref, data, merge=merge)
    option = (db.write_option(exists=False) if update_time is None
              else db.write_option(last_update_time=update_time))
    option.modify_write(batch._write_pbs[-1])


def replace_on_condition(db: firestore.Client, ref: Any, data: dict[str, Any],
                         read: Any) -> None:
    """Set `ref` to `data` in a commit of its own, holding only while the document is as the
    snapshot `read` of it found it (absent, or of that update time); else `LostRace`."""
    batch = db.batch()
    set_on_condition(db, batch, ref, data, read.update_time if read.exists else None)
    commit_on_condition(batch)


def read_only(db: firestore.Client) -> firestore.Transaction:
    """A read-only transaction of one attempt: its reads are one moment of the database and
    lock nothing; a run that loses its race is tried again by `until_won`, not by it."""
    return db.transaction(max_attempts=1, read_only=True)


def query_and_document(db: firestore.Client, query: Any, ref: Any) -> tuple[list[Any], Any]:
    """A query's documents and one document (a snapshot of it, existing or not), read in one
    read-only snapshot (`read_only`): what a run that writes `ref` on condition decides from."""

    @firestore.transactional
    def read(snapshot: firestore.Transaction) -> tuple[list[Any], Any]:
        return list(query.stream(transaction=snapshot)), ref.get(transaction=snapshot)

    return read(read_only(db))


def commit_on_condition(batch: firestore.WriteBatch) -> list[Any]:
    """Commit `batch` and return its write results; `LostRace` when one of its conditions
    failed."""
    try:
        return batch.commit()
    except CONDITION_FAILED as error:
        if not lost_race(error):
            raise
        raise LostRace(str(error)) from error


def until_won(run: Callable[[int], T], what: str, max_attempts: int) -> T:
    """`run(attempt)`, its reads in one read-only snapshot (no lock: a worker killed in a
    read-write transaction left its documents locked on the emulator) and its writes
    committed on condition, again while it loses the race to another write; each attempt
    reads afresh."""
    attempt = 1
    while True:
        try:
            return run(attempt)
        except LostRace as error:
            if attempt == max_attempts:
                raise
            log.info("%s: attempt %d lost to another write (%s): again", what, attempt, error)
            # full jitter: runs that collided do not collide again in step
            time.sleep(random.uniform(0, min(1.0, 0.01 * 2 ** attempt)))
            attempt += 1


# An instance's first event and the warm-up started at its start (functions/main.py) may ask
# for the client at once: one of them makes it, the other waits for it.
_CLIENT_LOCK = threading.Lock()


def firestore_client() -> firestore.Client:
    """The Firestore client for this process (one, made on first use)."""
    with _CLIENT_LOCK:
        return _client()


def open_connection() -> None:
    """Make the client and open its connection to Firestore, before an event needs it: the
    gRPC channel, its connection, and deployed the credentials' first access token, which
    the first request of a process otherwise waits for. An empty commit does it: no
    document is read or written, so nothing is billed and nothing changes."""
    firestore_client().batch().commit()


@cache
def _client() -> firestore.Client:
    """The Firestore client.

    In the emulator `firebase_admin.firestore.client()` demands default credentials, while the
    plain client talks to the emulator anonymously when FIRESTORE_EMULATOR_HOST is set.
    In production the Admin SDK's default credentials are used.
    """
    if os.environ.get("FIRESTORE_EMULATOR_HOST"):
        project = (
            os.environ.get("GCLOUD_PROJECT")
            or os.environ.get("GOOGLE_CLOUD_PROJECT")
            or "demo-scorebook"
        )
        return firestore.Client(project=project)
    from firebase_admin import firestore as admin_firestore

    firebase_app()
    return admin_firestore.client()


def firebase_app() -> None:
    """The Admin SDK's default app, which a callable function needs before its first request
    (the SDK verifies the caller's ID token with it; in the emulator it accepts the Auth
    emulator's unsigned tokens)."""
    import firebase_admin

    if not firebase_admin._apps:
        firebase_admin.initialize_app()
