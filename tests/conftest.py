"""Shared by every test: real matches (when there are any) and generated ones (always).

Real matches are Cricsheet's (cricsheet.org, Open Data Commons Attribution License) and are
not in the repository; `scorebook_tools.realdata` says where they are. A test that needs one
asks here and is skipped, saying how to get the data, when it is not available. Every other
test replays matches this project generates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import settings

from scorebook_tools.generated_match import write_generated_match
from scorebook_tools.realdata import (
    CORPUS,
    expected_scorecard,
    missing_reason,
    real_match,
    real_matches,
)
from tests.reference_scorecard import scorecard_of

REPO = Path(__file__).resolve().parents[1]

# No deadline for an example: speed is the benchmarks' to measure, and on two cores shared by
# four lanes of tests (the pure tests' at a lower priority) an example's time says nothing.
settings.register_profile("scorebook", deadline=None)
settings.load_profile("scorebook")


def real_match_path(match_id: str) -> Path:
    """The file of a real match, or the test is skipped with the way to get it."""
    path = real_match(match_id)
    if path is None:
        pytest.skip(missing_reason(match_id))
    return path


def real_match_params(ids: list[str] | None = None, long: tuple[str, ...] = ()) -> list:
    """Parameters over real matches (all the corpus by default): one per available file,
    or a single skipped one that says how to get them. Those named in `long` are long
    replays (a five-day match after every action): `make bench` runs them, not `make test`."""
    wanted = ids or [m.id for m in CORPUS]
    paths = [p for p in real_matches() if p.stem in wanted]
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=missing_reason()),
                             id="no-real-data")]
    return [pytest.param(p, id=p.stem, marks=[pytest.mark.long] if p.stem in long else [])
            for p in paths]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the generated T20 (Cricsheet JSON), valid cricket from the first ball
    to the result, and the same match of 5 overs a side (tests.emulator.harness.SHORT)."""
    folder = tmp_path_factory.mktemp("generated")
    write_generated_match(folder)
    write_generated_match(folder, overs=5)
    return folder


def independent_scorecard(path: Path) -> dict:
    """The scorecard a real match is checked against: the one published beside the data
    when there is one, else the plain independent tally of tests/reference_scorecard.py."""
    published = expected_scorecard(path)
    return json.loads(published.read_text()) if published else scorecard_of(path)
