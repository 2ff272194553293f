"""The emulator harness: real Auth, Firestore, Functions and Hosting emulators (and a real
headless Chromium for the web app), started by `make test`.

Each test starts from an empty database, seeds as the admin (`Bearer owner`), acts as a
signed-in user (mock ID token) through the REST API, and waits for the trigger with a
deadline, never a fixed sleep.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from scorebook_tools.emulators import running_emulators, triggers_disabled
from scorebook_tools.rest import FirestoreRest, clear_emulator
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


#: a test that leaves more actions and lineup entries than this is cleared as it ends, with
#: the triggers off
MANY_DOCUMENTS = 200


@pytest.fixture(autouse=True)
def empty_database(emulators: dict[str, str]) -> Iterator[None]:
    clear_emulator(PROJECT)
    yield
    # The clear deletes each document, and each deletion of an action or a lineup entry is
    # an event for the functions, which the emulator delivers one at a time: after a season
    # of six real matches the next test's balls waited minutes behind them (its 60 s wait
    # for the sixth ball failed), after the attacks' floods 40 s, after a whole T20 ingested
    # (about 270 documents) the next ingestion's events waited 130 s.
    admin = FirestoreRest.as_admin(PROJECT)
    if admin.count("scoring_actions") + admin.count("lineups") > MANY_DOCUMENTS:
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
