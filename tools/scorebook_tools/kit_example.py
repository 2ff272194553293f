"""Run the JS kit's example against the emulators, as an app developer tries it first.

`make kit-example` starts the Auth, Firestore and Functions emulators, signs a scorer up on the
Auth emulator (email and password), creates a match with two squads and assigns the scorer
with the guide's Python (docs/examples/admin_sdk.py), then runs
clients/js/examples/score-an-over.mjs with node: the scorer scores an over (a wide, a no-ball,
a wicket), undoes a ball and corrects another, and a spectator's listener prints live/score
as each change reaches it. tests/emulator/test_js_kit.py makes its match the same way.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType

import requests

from scorebook.document import to_document
from scorebook.match import Match, Player, Team
from scorebook_tools.emulators import (
    EmulatorError,
    emulator_env,
    emulator_log,
    running_emulators,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "clients" / "js" / "examples" / "score-an-over.mjs"
PASSWORD = "secret123"


def guide_admin_sdk() -> ModuleType:
    """docs/examples/admin_sdk.py, the Python of docs/clients.md."""
    spec = importlib.util.spec_from_file_location(
        "admin_sdk", REPO / "docs" / "examples" / "admin_sdk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sign_up(email: str, password: str) -> str:
    """A user of the Auth emulator, through its REST API (identitytoolkit accounts:signUp), as
    the SDK's createUserWithEmailAndPassword makes it; returns the uid."""
    host = os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
    response = requests.post(
        f"http://{host}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo-key",
        json={"email": email, "password": password, "returnSecureToken": True}, timeout=30,
    )
    response.raise_for_status()
    return response.json()["localId"]


def make_admin(project: str, uid: str) -> None:
    """Give a user of the Auth emulator the custom claim `admin: true` (what the Admin SDK's
    set_custom_user_claims does on a real project): their next ID token makes them an admin
    to the rules."""
    host = os.environ["FIREBASE_AUTH_EMULATOR_HOST"]
    response = requests.post(
        f"http://{host}/identitytoolkit.googleapis.com/v1/projects/{project}/accounts:update",
        headers={"Authorization": "Bearer owner"},
        json={"localId": uid, "customAttributes": '{"admin": true}'}, timeout=30,
    )
    response.raise_for_status()


def squad(team_id: str, name: str) -> Team:
    """Eleven players `{team}-p1` ... `{team}-p11` and a substitute, `{team}-p12`."""
    return Team(id=team_id, name=name, players=[
        Player(id=f"{team_id}-p{i}", name=f"{name} {i}", isSubstitute=i > 11)
        for i in range(1, 13)])


def example_match(project: str, suffix: str | None = None, overs: int = 20) -> dict[str, str]:
    """A scheduled match of ``overs`` overs a side (a T20 unless told) between two squads and
    a scorer signed up and assigned to it, made as the guide says (the admin's Python);
    returns what the example needs to know."""
    suffix = suffix or uuid.uuid4().hex[:8]
    email = f"scorer-{suffix}@example.com"
    uid = sign_up(email, PASSWORD)
    home, away = f"home-{suffix}", f"away-{suffix}"
    match = Match(id=f"kit-{suffix}", name="Home v Away", scheduledOvers=overs,
                  teams=[squad(home, "Home"), squad(away, "Away")])
    sdk = guide_admin_sdk()
    db = sdk.admin_client(project)
    sdk.create_match(db, to_document(match) | {"status": "scheduled"})
    sdk.assign_scorer(db, match.id, uid)
    return {"projectId": project, "matchId": match.id, "uid": uid, "email": email,
            "password": PASSWORD, "home": home, "away": away}


def _node() -> str | None:
    """node, when it and the JS SDK are installed."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "firebase").exists():
        return None
    return node


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make kit-example", description=" ".join(
        (__doc__ or "").split("\n\n")[1].split()))
    parser.parse_args(argv)
    node = _node()
    if node is None:
        print("node and the JS SDK are installed by `make setup`", file=sys.stderr)
        return 2
    print(f"starting the emulators (log: {emulator_log(REPO).relative_to(REPO)}) ...")
    try:
        with running_emulators(REPO) as env:
            job = example_match(env.get("GCLOUD_PROJECT", "demo-scorebook"))
            print(f"match {job['matchId']}: {job['home']} bat; scorer {job['email']} "
                  f"(uid {job['uid']}) signed up and assigned")
            variables = {"SCOREBOOK_EMAIL": job["email"], "SCOREBOOK_PASSWORD": job["password"],
                         "SCOREBOOK_MATCH": job["matchId"], "SCOREBOOK_HOME": job["home"],
                         "SCOREBOOK_AWAY": job["away"]}
            functions = {"FUNCTIONS_EMULATOR_HOST": emulator_env(REPO)["FUNCTIONS_EMULATOR_HOST"]}
            # what it runs, to run again by hand (with the variables `make emulators` prints)
            print("running: " + " ".join(f"{k}={v}" for k, v in variables.items())
                  + f" node {EXAMPLE.relative_to(REPO)}")
            done = subprocess.run([node, str(EXAMPLE)], cwd=REPO, check=False, timeout=300,
                                  env={**functions, **os.environ, **variables})
            return done.returncode
    except EmulatorError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
