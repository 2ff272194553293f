"""Helpers for emulator tests: the project id, polling with a deadline, seeding a match."""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from scorebook.cricsheet import load_match
from scorebook.firestore.paths import live_innings_path, live_now_path
from scorebook.match import Match
from scorebook.service.live_score import expected_live_score, without_history
from scorebook.views.live_now import innings_documents, now_document
from scorebook_tools.emulators import emulator_log
from scorebook_tools.generated_match import GENERATED_MATCH_ID, generated_file_name
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    assign_match_role,
    create_match,
    read_live_score,
    write_action,
)
from scorebook_tools.triggers import triggers_disabled  # noqa: F401 (the tests' import)
from tests.conftest import REPO

T = TypeVar("T")
PROJECT = os.environ.get("GCLOUD_PROJECT", "demo-scorebook")
#: how long a test waits for the functions (seconds). The emulator delivers trigger events
#: one at a time: on the 2-core machine, with the rules and pure tests beside, a test's
#: balls waited past 60 s behind an earlier test's queue (or a worker the functions emulator
#: waits 60 s for), in three full runs of four; a healthy wait takes seconds.
TRIGGER_DEADLINE = float(os.environ.get("SCOREBOOK_TRIGGER_DEADLINE", "120"))


def wait_for(probe: Callable[[], T | None], what: str | Callable[[], str],
             deadline: float = TRIGGER_DEADLINE) -> T:
    """Poll `probe` until it returns something truthy, or fail after `deadline` seconds, saying
    `what` was waited for (a callable: asked then, e.g. for what a page shows by then)."""
    end = time.monotonic() + deadline
    last: Any = None
    while time.monotonic() < end:
        last = probe()
        if last:
            return last
        time.sleep(0.05)
    said = what() if callable(what) else what
    pytest.fail(f"timed out after {deadline:.0f}s waiting for {said}; last seen: {last!r}")


def said_in_log(line: str, times: int = 1) -> None:
    """Wait until the functions have said `line` (at least `times` times) in the emulators'
    log. A run's lines reach it through firebase-tools a moment after the run's writes, so a
    test that has seen the writes waits for the words too."""
    wait_for(lambda: emulator_log(REPO).read_text(errors="replace").count(line) >= times,
             f"the functions to say {line!r}" + (f" {times} times" if times > 1 else ""))


SCORER = "scorer-1"
T20 = f"{GENERATED_MATCH_ID}.json"  # a complete T20 from scorebook_tools.generated_match
#: the same, 5 overs a side: a whole match for tests about something other than its length
SHORT = generated_file_name(overs=5)


def load_sample(generated: Path, name: str = T20, recorded_by: str = SCORER):
    """The generated match and its actions, as recorded by `recorded_by`, under a match id of its
    own so that a trigger still running from an earlier test cannot touch this one."""
    match_id = f"{Path(name).stem}-{uuid.uuid4().hex[:8]}"
    return load_match(generated / name, match_id=match_id, recorded_by=recorded_by)


def seed_match(admin: FirestoreRest, match: Match, scorers: tuple[str, ...] = (SCORER,)) -> None:
    """The admin's part before play: the match document (scheduled) and its scorers."""
    create_match(admin, match)
    for uid in scorers:
        assign_match_role(admin, match.id, uid)


def live_score_at(reader: FirestoreRest, match_id: str, action_id: str) -> Callable[[], Any]:
    """A probe for wait_for: live/score once it has folded up to `action_id`."""

    def probe() -> dict[str, Any] | None:
        score = read_live_score(reader, match_id)
        return score if score and score.get("lastActionId") == action_id else None

    return probe


def actions_of(admin: FirestoreRest, match_id: str) -> list[tuple[str, dict[str, Any]]]:
    return admin.list(f"matches/{match_id}/scoring_actions")


def assert_converged(admin: FirestoreRest, match: Match, deadline: float = 120) -> dict[str, Any]:
    """Wait until live/score equals the projection of the whole log (the invariant); then
    live/now and each live/innings{n} are cut from it (written in the same commit)."""

    def probe() -> tuple[dict[str, Any], dict[str, Any], dict[int, Any]] | None:
        read = one_commit(admin, match.id)
        expected = expected_live_score(match, actions_of(admin, match.id))
        return read if read is not None and without_history(read[1]) == expected else None

    now, score, cards = wait_for(probe, "live/score to equal the projection of the log",
                                 deadline)
    assert now == now_document(score)
    assert cards == innings_documents(score)
    return score


def one_commit(reader: FirestoreRest, match_id: str,
               ) -> tuple[dict[str, Any], dict[str, Any], dict[int, Any]] | None:
    """live/now, live/score and the live/innings{n} cards as one commit wrote them, or None
    when a run committed between the reads (live/now is read first, live/score last: a
    version only grows)."""
    now = reader.get(live_now_path(match_id))
    if now is None:
        return None
    cards = {n: reader.get(live_innings_path(match_id, n))
             for n in range(1, now.get("innings", 0) + 1)}
    score = read_live_score(reader, match_id)
    if score is None or now.get("version") != score.get("version"):
        return None
    return now, score, cards


def score_first(
    admin: FirestoreRest, scorer: FirestoreRest, generated: Path, balls: int,
    reader: FirestoreRest | None = None,
) -> tuple[Match, list[Any], dict[str, Any]]:
    """A live match whose first `balls` actions the scorer wrote and live/score shows:
    (match, all its actions, live/score)."""
    match, actions = load_sample(generated)
    seed_match(admin, match)
    for action in actions[:balls]:
        write_action(scorer, action)
    score = wait_for(
        live_score_at(reader or admin, match.id, actions[balls - 1].id), f"action {balls}"
    )
    return match, actions, score


# --- comparing ---------------------------------------------------------------------------


def comparable(value: Any) -> Any:
    """A value with NaN made equal to itself (Firestore keeps NaN; NaN != NaN in Python)."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [comparable(v) for v in value]
    return value


def differences(actual: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Where `actual` differs from `expected`, one line for each of expected's fields."""
    out = []
    for key in sorted(expected):
        if key not in actual:
            out.append(f"{key}: missing")
        else:
            where = _first_difference(comparable(actual[key]), comparable(expected[key]), key)
            if where:
                out.append(where)
    return out


def _first_difference(actual: Any, expected: Any, path: str) -> str | None:
    if actual == expected:
        return None
    if isinstance(actual, dict) and isinstance(expected, dict):
        for key in sorted(set(actual) | set(expected), key=str):
            if key not in actual or key not in expected:
                return f"{path}.{key}: only in {'expected' if key in expected else 'actual'}"
            found = _first_difference(actual[key], expected[key], f"{path}.{key}")
            if found:
                return found
    if isinstance(actual, list) and isinstance(expected, list) and len(actual) == len(expected):
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            found = _first_difference(a, e, f"{path}[{index}]")
            if found:
                return found
    return f"{path}: {short(actual)} != expected {short(expected)}"


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else f"{text[:100]}... ({len(text):,} chars)"
