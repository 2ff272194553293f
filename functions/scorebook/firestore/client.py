"""One way to get a Firestore client, in the emulator and in production."""

from __future__ import annotations

import os
from functools import cache

from google.cloud import firestore


@cache
def firestore_client() -> firestore.Client:
    """The Firestore client for this process.

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
