"""Rules tests use the same emulator harness as the pipeline tests.

The emulator's rules coverage is cumulative over its run, and its report lists every distinct
value each expression took: over the whole suite it passed a gigabyte, and the emulator then
answered 500 instead of building it. So it is taken in parts: the rules are loaded afresh
before the first rules test (which empties the coverage: it then counts the rules tests only),
and after each rules module its part of the report is read and the rules loaded again. The
test that checks it (test_rules_coverage.py), moved to the very end of the session, adds the
parts up. It checks only when every rules test was selected and none failed; otherwise it
still saves the report and skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from scorebook_tools.emulators import started_emulators
from scorebook_tools.rules_coverage import Expression, fetch_expressions
from scorebook_tools.triggers import hub_triggers_off
from tests.emulator.conftest import (  # noqa: F401 - fixtures
    admin,
    empty_database,
    emulators,
    spectator,
    user,
)
from tests.emulator.harness import PROJECT
from tests.rules.world import World

HERE = Path(__file__).parent
COVERAGE_TEST = "test_rules_coverage.py"
#: config.stash[SELECTION]: why the coverage check would be partial ([] = the whole suite)
SELECTION = pytest.StashKey[list[str]]()
#: config.stash[PARTS]: each rules module's part of the coverage report, as read after it
PARTS = pytest.StashKey[list[list[Expression]]]()
RAW_PART = HERE.parents[1] / "reports" / "rules-coverage.part.raw.json"


def load_rules() -> None:
    """firestore.rules into the emulator (as its file watcher would): its coverage starts
    anew."""
    host = os.environ["FIRESTORE_EMULATOR_HOST"]
    rules = (HERE.parents[1] / "firestore.rules").read_text()
    response = requests.put(
        f"http://{host}/emulator/v1/projects/{PROJECT}:securityRules",
        json={"rules": {"files": [{"name": "firestore.rules", "content": rules}]}},
        timeout=60,
    )
    response.raise_for_status()


def take_coverage_part(config: pytest.Config) -> None:
    """Read the coverage since the rules were last loaded, keep it, and load them again."""
    RAW_PART.parent.mkdir(exist_ok=True)
    _, found, _ = fetch_expressions(os.environ["FIRESTORE_EMULATOR_HOST"], PROJECT, RAW_PART)
    config.stash.setdefault(PARTS, []).append(found)
    load_rules()


@pytest.fixture(scope="session", autouse=True)
def coverage_of_the_rules_tests_only(request: pytest.FixtureRequest) -> Iterator[None]:
    """Reload firestore.rules into the emulator (as its file watcher would), which starts
    its rules coverage anew; and switch the functions' triggers off while the rules tests
    run (they test who may write, not what the functions make of it: the thousands of
    matches and actions they write would keep the functions busy, and an open transaction
    makes the emulator refuse to empty its database), on again after the session."""
    request.getfixturevalue("emulators")
    hub = os.environ["FIREBASE_EMULATOR_HUB"]
    load_rules()
    functions = "functions" in started_emulators()  # `make test` starts Firestore alone
    if functions:
        hub_triggers_off()
    yield
    if functions:
        requests.put(f"http://{hub}/functions/enableBackgroundTriggers",
                     timeout=60).raise_for_status()


@pytest.fixture(scope="module", autouse=True)
def coverage_in_parts(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each rules module, its part of the coverage (see above)."""
    yield
    if _in_rules(request.node) and Path(str(request.node.fspath)).name != COVERAGE_TEST:
        take_coverage_part(request.config)


@pytest.fixture
def world() -> World:
    """A live match and everything around it, written (fresh ids: tests never meet)."""
    world = World(status="live")
    world.commit()
    return world


def _in_rules(item: pytest.Item) -> bool:
    return Path(str(item.fspath)).parent == HERE


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _in_rules(item):
            item.add_marker(pytest.mark.emulator)
    last = [i for i in items if _in_rules(i) and Path(str(i.fspath)).name == COVERAGE_TEST]
    for item in last:
        items.remove(item)
        items.append(item)
    files = {Path(str(i.fspath)).name for i in items if _in_rules(i)}
    missing = sorted(p.name for p in HERE.glob("test_*.py") if p.name not in files)
    reasons = config.stash.setdefault(SELECTION, [])
    if missing:
        reasons.append(f"not collected: {', '.join(missing)}")
    if any("::" in str(arg) and "rules" in str(arg) for arg in config.args):
        reasons.append("single tests selected")


def pytest_deselected(items: list[pytest.Item]) -> None:
    if any(_in_rules(i) for i in items):
        config = items[0].config
        config.stash.setdefault(SELECTION, []).append("rules tests deselected (-k/-m)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if _in_rules(item) and report.failed and Path(str(item.fspath)).name != COVERAGE_TEST:
        item.config.stash.setdefault(SELECTION, []).append(f"failed: {item.nodeid}")
    return report
