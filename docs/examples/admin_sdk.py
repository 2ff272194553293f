"""An admin's or an importer's side of docs/clients.md, in Python: the server client (admin
credentials: the security rules do not apply, so validate what you write), pointed at the
emulators or at a real project. tests/emulator/test_js_kit.py seeds its match and scorer with
these functions and reads the log back with them.

    pip install google-cloud-firestore firebase-admin   # (the project's .venv has both)
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore


def admin_client(project: str = "demo-scorebook") -> firestore.Client:
    """Firestore with admin rights. On the emulators (FIRESTORE_EMULATOR_HOST=127.0.0.1:8080
    set), the plain google-cloud-firestore client talks to them without credentials, whereas
    firebase_admin.firestore.client() would demand Application Default Credentials: so use
    the plain client there. On a real project, firebase-admin with its default credentials
    (`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS)."""
    if os.environ.get("FIRESTORE_EMULATOR_HOST"):
        return firestore.Client(project=project)
    import firebase_admin
    from firebase_admin import firestore as admin_firestore

    if not firebase_admin._apps:
        firebase_admin.initialize_app()
    return admin_firestore.client()


def create_match(db: firestore.Client, match: dict[str, Any]) -> None:
    """matches/{id}: the teams and their players (with `playerIds` beside them), the format.
    `status` starts "scheduled"; the functions move it on from the log."""
    db.document(f"matches/{match['id']}").set(match)


def assign_scorer(db: firestore.Client, match_id: str, uid: str, role: str = "scorer_home",
                  *, by: str = "admin") -> str:
    """match_role_assignments/{matchId}_{uid}_{role}: `uid` may score the match from now on."""
    now = datetime.now(UTC)
    doc_id = f"{match_id}_{uid}_{role}"
    db.document(f"match_role_assignments/{doc_id}").set({
        "id": doc_id, "matchId": match_id, "personId": uid, "role": role,
        "status": "confirmed", "assignedBy": by, "assignedAt": now, "createdAt": now,
    })
    return doc_id


def import_action(db: firestore.Client, action: dict[str, Any]) -> None:
    """Append one action (an import: `source: "import"`), create-only like an app's write:
    a position already taken raises google.api_core.exceptions.AlreadyExists."""
    db.document(f"matches/{action['matchId']}/scoring_actions/{action['id']}").create(action)


def void_action(db: firestore.Client, match_id: str, action_id: str, uid: str,
                reason: str) -> None:
    """Undo, as an admin: the same four fields an app writes, voidedAt the server's time."""
    db.document(f"matches/{match_id}/scoring_actions/{action_id}").update({
        "isVoided": True, "voidReason": reason, "voidedBy": uid,
        "voidedAt": firestore.SERVER_TIMESTAMP,
    })


def counting_actions(db: firestore.Client, match_id: str) -> list[dict[str, Any]]:
    """The actions that count, in log order (a composite index: isVoided, inningsNumber,
    sequenceNumber)."""
    query = (db.collection(f"matches/{match_id}/scoring_actions")
             .where(filter=firestore.FieldFilter("isVoided", "==", False))
             .order_by("inningsNumber").order_by("sequenceNumber"))
    return [snapshot.to_dict() for snapshot in query.stream()]


def make_admin(uid: str, project: str = "demo-scorebook") -> None:
    """Give a user the custom claim `admin: true`: from their next ID token the rules let them
    set matches up and appoint anyone (sign out and in again). The Admin SDK, with the same
    credentials as admin_client; on the emulators (FIREBASE_AUTH_EMULATOR_HOST set) it needs
    none."""
    import firebase_admin
    from firebase_admin import auth

    app = (firebase_admin.get_app() if firebase_admin._apps
           else firebase_admin.initialize_app(options={"projectId": project}))
    claims = auth.get_user(uid, app=app).custom_claims or {}
    auth.set_custom_user_claims(uid, {**claims, "admin": True}, app=app)


def live_score(db: firestore.Client, match_id: str) -> dict[str, Any] | None:
    """matches/{id}/live/score, the scorecard the functions keep."""
    return db.document(f"matches/{match_id}/live/score").get().to_dict()


def main(argv: list[str] | None = None) -> int:
    """The admin's steps before a scorer can score, from the command line (against the
    emulators when FIRESTORE_EMULATOR_HOST is set, e.g. as `make emulators` prints it)."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(
        prog="python docs/examples/admin_sdk.py",
        description="Create a match, and assign a signed-up user as its scorer, as an admin; "
                    "or make a user an admin.")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-match", help="write matches/{id} from a JSON file "
                            "(docs/examples/match.json is one)")
    create.add_argument("match", help="the match document, JSON")
    assign = sub.add_parser("assign-scorer", help="assign a user (their uid) to score a match")
    assign.add_argument("match_id")
    assign.add_argument("uid")
    assign.add_argument("--role", default="scorer_home",
                        choices=["scorer_home", "scorer_away", "scorer_neutral"])
    admin = sub.add_parser("make-admin", help="give a user (their uid) the custom claim "
                           "admin: true (they sign out and in again to use it)")
    admin.add_argument("uid")
    args = parser.parse_args(argv)
    project = os.environ.get("GCLOUD_PROJECT", "demo-scorebook")
    if args.command == "make-admin":
        make_admin(args.uid, project)
        sys.stdout.write(f"{args.uid} is an admin from their next sign-in\n")
        return 0
    db = admin_client(project)
    if args.command == "create-match":
        with open(args.match, encoding="utf-8") as file:
            match = json.load(file)
        create_match(db, match)
        sys.stdout.write(f"matches/{match['id']} written\n")
    else:
        doc_id = assign_scorer(db, args.match_id, args.uid, args.role)
        sys.stdout.write(f"match_role_assignments/{doc_id} written\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
