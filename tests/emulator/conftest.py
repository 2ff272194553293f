"""The emulator harness: real Auth, Firestore, Functions and Hosting emulators (and a real
headless Chromium for the web app), started by `make test`.

Each test seeds matches of its own as the admin (`Bearer owner`), acts as a signed-in user
(mock ID token) through the REST API, and waits for the trigger with a deadline, never a
fixed sleep.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from scorebook_tools.emulators import running_emulators
from scorebook_tools.rest import FirestoreRest, clear_emulator
from scorebook_tools.triggers import triggers_disabled
from tests.conftest import REPO
from tests.emulator.browser import browser, tabs  # noqa: F401 (fixtures: a real Chromium)
from tests.emulator.harness import PROJECT

#: run last: a season's replay leaves thousands of documents and a queue of events behind
LAST = "test_season.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.emulator)
    items.sort(key=lambda item: os.path.basename(str(item.fspath)) == LAST)


@pytest.fixture(scope="session", autouse=True)
def emulators() -> Iterator[dict[str, str]]:
    """The emulators for the whole session: started here unless already running."""
    with running_emulators(REPO, PROJECT) as env:
        yield env


@pytest.fixture(autouse=True)
def empty_database(request: pytest.FixtureRequest, emulators: dict[str, str]) -> None:
    """Tests share the session's database: every match a test writes has an id of its own
    (`load_sample`), so no test sees another's. Only a test marked `empty_database` (one
    that reads a whole collection, as the migration scripts do) gets it emptied first, with
    the triggers off.

    Why not empty it before every test: each deletion of an action, a lineup entry or a
    match is an event for the functions, which the emulator delivers one at a time. Clearing
    before each test made 5,533 of the emulator tests' 10,803 trigger runs (2026-11-24),
    and a test's balls waited behind the last one's deletions (minutes after a season's
    replay). With the triggers off a deletion is no event, but the switch waits for the
    functions to be idle (a second at least), and the emptied documents still cost every
    later query of their collection (docs/design.md): no gain for every test."""
    if request.node.get_closest_marker("empty_database"):
        with triggers_disabled(REPO):
            clear_emulator(PROJECT)


@pytest.fixture
def admin() -> FirestoreRest:
    return FirestoreRest.as_admin(PROJECT)


@pytest.fixture
def spectator() -> FirestoreRest:
    return FirestoreRest.anonymous(PROJECT)


@pytest.fixture
def user() -> Callable[..., FirestoreRest]:
    """`user("uid", admin=True)`: a client signed in as uid with custom claims."""
    return lambda uid, **claims: FirestoreRest.as_user(PROJECT, uid, **claims)
