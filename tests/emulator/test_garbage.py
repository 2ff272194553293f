"""Garbage of every kind in every document the functions read (issue 13).

Numbers, dates and flags of any type or range, from an admin, a legacy app or a corrupted
write, are parsed or reported, never raised. Each example scores a few balls of a fresh
match (seeded as the functions would have left it), then writes one piece of garbage with
admin rights (no rules: an admin, a legacy app, a corruption), either a whole document of
random Firestore values, one field of a valid document set to one (or removed), or a valid
document with numbers of any size that agree with each other, to one of:

- a scoring_actions document (an existing one, the next, a later one, a non-position id),
- a lineup document, the match document,
- projection/state (the checkpoint: its plain fields, or any field of the fold state in its
  JSON), live/score itself,
- projection/page-00000 (the log's first page: its plain fields, a document it holds, or
  any field of the fold state at its start, in its JSON),

and, for the documents no trigger watches (and at random for the others), the next valid
ball after it; after a page, a void of the first ball not voided instead (a change before
the current over is refolded from its page; within it, the page gets the over's documents).
Once the functions are quiet it asserts that no run raised (the functions
emulator's log), that live/score equals the projection of the log as it stands (documents
that do not parse are left out and reported), or, when the match document itself does not
parse, that live/score is either left as it was (a run that must rebuild writes nothing
without a match: it logs ``no_match``) or the log folded with the match as the functions last
read it (its config is in the checkpoint), and that live/lineups is the projection of the
lineup documents and fits in a document.

SCOREBOOK_GARBAGE_EXAMPLES sets the number of examples (the default keeps `make test`
within about a minute, and every run draws the same examples); SCOREBOOK_GARBAGE_EXPLORE=1
draws new ones each run; SCOREBOOK_GARBAGE_SHRINK=1 lets hypothesis shrink a failure (slow:
every step waits for the functions).
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from google.cloud.firestore_v1 import GeoPoint
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scorebook.actions import is_voided, log_position
from scorebook.document import MAX_DOCUMENT_BYTES, document_size, to_document
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import (
    checkpoint_path,
    lineups_path,
    live_lineups_path,
    live_score_path,
    log_page_path,
    match_path,
    scoring_action_path,
    scoring_actions_path,
)
from scorebook.service.live_score import (
    expected_live_score,
    within_document_limit,
)
from scorebook.views.lineups import (
    MAX_PROBLEMS,
    lineup_rules,
    match_for_fold,
    project_lineups,
)
from scorebook_tools.emulators import emulator_log
from scorebook_tools.triggers import triggers_disabled
from tests.conftest import REPO
from tests.emulator.garbage_seed import Seed, seed_documents
from tests.emulator.harness import comparable, differences, short
from tests.unit.factories import T0

EXAMPLES = int(os.environ.get("SCOREBOOK_GARBAGE_EXAMPLES", "20"))
SHRINK = os.environ.get("SCOREBOOK_GARBAGE_SHRINK") == "1"
#: Fresh random examples each run (to look for more), instead of the same ones every run.
EXPLORE = os.environ.get("SCOREBOOK_GARBAGE_EXPLORE") == "1"
#: How long the functions get to finish what one example set off.
SETTLE_SECONDS = 60.0
#: No trigger run begun for this long, all finished: the functions are quiet.
QUIET_SECONDS = 0.6

# --- garbage: any Firestore value ----------------------------------------------------------

INT64 = (-(2**63), 2**63 - 1)
HUGE_TEXT = 200_000
FIELD_NAMES = (
    "id", "matchId", "kind", "inningsNumber", "sequenceNumber", "overNumber", "ballInOver",
    "strikerId", "nonStrikerId", "bowlerId", "runsOffBat", "extras", "totalRuns", "isWicket",
    "wicket", "isLegalDelivery", "timestamp", "recordedBy", "isVoided", "voidReason",
    "voidedAt", "corrects", "battingTeamId", "bowlingTeamId", "target", "maxOvers", "runs",
    "result", "winnerId", "teamId", "playerId", "role", "isCaptain", "isWicketkeeper",
    "battingPosition", "substitutedFor", "selectedAt", "createdAt", "name", "teams",
    "players", "ballsPerOver", "scheduledOvers", "playersPerSide", "inningsPerSide",
    "status", "format", "version", "data", "lastSeenId", "actions", "voided", "type",
)
WORDS = ("", " ", "0", "1", "-1", "true", "false", "null", "NaN", "Infinity", "1-0001",
         "1-0002-c1", "99-0001", "home", "away", "h1", "a1", "delivery", "innings_start",
         "match_result", "playing_xi", "win", "live", "completed", "2024-06-01",
         "2024-06-01T10:00:00Z", "é", "\u0000", "\U0001f3cf", "<script>", "'; --")


def _key_ok(key: str) -> bool:
    # Firestore field names: not empty, not __reserved__; dots and backticks are kept out
    # so that one name never reads as a path.
    return bool(key) and not re.fullmatch(r"__.*__", key) and not set(key) & {".", "`"}


keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=12)).filter(
    _key_ok)

ints = st.one_of(
    st.integers(*INT64),
    st.sampled_from([0, 1, -1, 5, 6, 11, 2**31, 2**53, 2**53 + 1, *INT64]),
)
floats = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300, 5e-324, -0.0, 0.5, 6.0]),
)
texts = st.one_of(
    st.text(max_size=24),
    st.sampled_from(WORDS),
    st.sampled_from(["x", "é", "\U0001f3cf"]).map(lambda c: c * (HUGE_TEXT // len(c.encode()))),
)
timestamps = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59),
                 timezones=st.just(UTC)),
    st.sampled_from([datetime(1, 1, 1, tzinfo=UTC),
                     datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), T0]),
)
scalars = st.one_of(
    st.none(), st.booleans(), ints, floats, texts, timestamps,
    st.binary(max_size=8),
    st.builds(GeoPoint, st.floats(-90, 90), st.floats(-180, 180)),
)


def _no_array_in_array(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Firestore has no arrays of arrays: an array holds scalars and maps.
    items = inner.filter(lambda v: not isinstance(v, list))
    return st.one_of(st.lists(items, max_size=4), st.dictionaries(keys, inner, max_size=4))


values = st.recursive(scalars, _no_array_in_array, max_leaves=8)
documents = st.dictionaries(keys, values, max_size=8)

#: Garbage for the checkpoint's JSON (its fold state): what JSON can hold.
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), ints, floats,
              st.text(max_size=24), st.sampled_from(WORDS)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)

#: Marks a field removed rather than set.
REMOVED = object()

# --- the garbage each example writes ---------------------------------------------------------


class Garbage:
    """One write: `data` to `path`, and whether the next valid ball follows it (a plain class:
    hypothesis shows its repr, not a 200 KB document)."""

    def __init__(self, target: str, path: str, data: dict[str, Any], where: str,
                 then_next_ball: bool) -> None:
        self.target, self.path, self.data = target, path, data
        self.where, self.then_next_ball = where, then_next_ball  # where: which field, how

    def __repr__(self) -> str:
        return (f"Garbage({self.target}: {self.path.split('/', 2)[-1]}, {self.where}"
                f"{', then the next ball' if self.then_next_ball else ''})")


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every field path in a document (map keys and list indices), parents first."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


def _set_path(document: Any, path: tuple, value: Any) -> Any:
    """A copy of `document` with `path` set to `value` (or removed: REMOVED)."""
    if not path:
        return value
    head, *rest = path
    if isinstance(document, dict):
        out = dict(document)
        if rest:
            out[head] = _set_path(out.get(head), tuple(rest), value)
        elif value is REMOVED:
            out.pop(head, None)
        else:
            out[head] = value
        return out
    if isinstance(document, list) and isinstance(head, int) and head < len(document):
        out = list(document)
        if not rest and value is REMOVED:
            del out[head]
        else:
            out[head] = _set_path(out[head], tuple(rest), value)
        return out
    return {head: _set_path(None, tuple(rest), value)} if not isinstance(head, int) else value


def _corrupt(draw, document: dict[str, Any], extra: tuple[str, ...]) -> tuple[dict, str]:
    """One field of `document` (any depth, or a top-level field it lacks) set to garbage or
    removed."""
    paths = sorted(set(_paths(document)) | {(name,) for name in extra}, key=repr)
    path = draw(st.sampled_from(paths))
    value = draw(st.one_of(st.just(REMOVED), values))
    shown = "REMOVED" if value is REMOVED else short(value)
    return _set_path(document, path, value), f"{'.'.join(map(str, path))} = {shown}"


#: A whole document of garbage, one field of a valid one, or a valid one with numbers of any
#: size that still agree with each other (runs that add up, a match's format).
MODES = ("whole", "field", "numbers")
COUNTS = st.one_of(st.integers(0, INT64[1]), st.sampled_from([2**31, 2**53 + 1, INT64[1]]))


def _big_numbers(draw, target: str, base: dict[str, Any]) -> tuple[dict, str]:
    if target == "match":
        numbers = {name: draw(COUNTS.filter(lambda n: n >= 2)) for name in
                   ("ballsPerOver", "scheduledOvers", "playersPerSide", "maxConsecutiveOvers")}
        return {**base, **numbers}, f"numbers: {numbers}"
    runs = draw(COUNTS)
    extras = base.get("extras") or {}
    total = runs + sum(v for v in extras.values() if isinstance(v, int))
    if base.get("kind", "delivery") != "delivery" or total > INT64[1]:
        return base, "unchanged"
    return {**base, "runsOffBat": runs, "totalRuns": total}, f"runsOffBat = {runs}"


ACTION_IDS = ("1-0001", "1-0002-c1", "1-9999", "2-0001", "10-0001", "99-0001", "0-0000",
              "1-1", "1-0001-c", "junk", "x" * 1400)
LINEUP_IDS = ("away_a1", "away_a7", "home_h1", "away_zz", "junk", "x" * 1400)
TARGETS = ("action", "lineup", "match", "checkpoint", "live_score", "page")
#: What the functions alone write, which no trigger watches.
QUIET_TARGETS = ("checkpoint", "live_score", "page")


@st.composite
def garbage(draw, seed: Seed) -> Garbage:
    target = draw(st.sampled_from(TARGETS))
    m = seed.match_id
    if target == "action":
        existing = sorted(seed.actions)
        doc_id = draw(st.sampled_from([*existing, seed.next_action[0], seed.later_action[0],
                                       *ACTION_IDS]))
        base = seed.actions.get(doc_id) or dict(
            [seed.next_action, seed.later_action]).get(doc_id) or seed.next_action[1]
        path = scoring_action_path(m, doc_id)
    elif target == "lineup":
        doc_id = draw(st.sampled_from([*sorted(seed.lineups), *LINEUP_IDS]))
        base = seed.lineups.get(doc_id) or seed.lineups["away_a1"]
        path = f"{lineups_path(m)}/{doc_id}"
    elif target == "match":
        base, path = seed.match, match_path(m)
    elif target == "checkpoint":
        base, path = seed.checkpoint, checkpoint_path(m)
    elif target == "page":
        base, path = seed.pages[0], log_page_path(m, 0)
    else:
        base, path = seed.live_score, live_score_path(m)
    mode = draw(st.sampled_from(MODES))
    if mode == "whole":
        data, where = draw(documents), "the whole document"
    elif mode == "numbers" and target in ("action", "match"):
        data, where = _big_numbers(draw, target, base)
    elif target in ("checkpoint", "page") and draw(st.booleans()):
        # a field of the fold state, inside the checkpoint's (or the page start's) JSON
        name = "data" if target == "checkpoint" else "start"
        state = json.loads(base[name])
        paths = sorted(_paths(state), key=repr)
        inner = draw(st.sampled_from(paths))
        value = draw(st.one_of(st.just(REMOVED), json_values))
        text = json.dumps(_set_path(state, inner, value))
        data = {**base, name: text}
        shown = "REMOVED" if value is REMOVED else short(value)
        where = f"{name}: {'.'.join(map(str, inner))} = {shown}"
    else:
        data, where = _corrupt(draw, base, FIELD_NAMES)
    assume(document_size(data) < MAX_DOCUMENT_BYTES - 10_000)
    quiet_target = target in QUIET_TARGETS
    return Garbage(target, path, data, where, quiet_target or draw(st.booleans()))


# --- the functions: quiet, and never raising -------------------------------------------------

BEGUN = "Beginning execution of"
FINISHED = re.compile(r"Finished \"[^\"]+\" in")
#: What a run that raised leaves in the functions emulator's log. Not the emulator's own
#: "Request to function failed: Error: socket hang up": a worker of the emulator's pool gone
#: under load, the event delivered again (a function that raises leaves a Traceback).
RAISED = re.compile(r"Traceback \(most recent call last\)|Exception on /|"
                    r"Error: (?!socket hang up)")


class FunctionsLog:
    """The emulators' log from a point on: trigger runs begun and finished, and errors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size

    def text(self) -> str:
        with self.path.open("rb") as log:
            log.seek(self.offset)
            return log.read().decode(errors="replace")

    def errors(self) -> list[str]:
        lines = self.text().splitlines()
        return [
            "\n".join(lines[max(0, i - 2):i + 30])
            for i, line in enumerate(lines) if RAISED.search(line)
        ]

    def settle(self, runs: int, match_id: str, deadline: float = SETTLE_SECONDS) -> None:
        """Wait until at least `runs` runs of the projection of `match_id` have ended since
        the mark (each trigger it has logs one "live/score of" line: a run of an earlier
        example, still arriving, must not count), every run begun has finished, and none
        has begun for QUIET_SECONDS; fail at once on an error."""
        end = time.monotonic() + deadline
        last, quiet_since = -1, time.monotonic()
        while time.monotonic() < end:
            text = self.text()
            errors = self.errors()
            if errors:
                pytest.fail("a function run raised:\n" + errors[0])
            begun, finished = text.count(BEGUN), len(FINISHED.findall(text))
            if begun != last:
                last, quiet_since = begun, time.monotonic()
            if (text.count(f"live/score of {match_id}:") >= runs and finished >= begun
                    and time.monotonic() - quiet_since >= QUIET_SECONDS):
                return
            time.sleep(0.1)
        pytest.fail(f"the functions were not quiet after {deadline:.0f}s "
                    f"({last} runs begun, {runs} expected):\n{self.text()[-3000:]}")




# --- the test -------------------------------------------------------------------------------


#: The seeds an example starts from: balls scored, and which of them was undone.
SEED_SHAPES = [(balls, voided) for balls in (2, 5, 9) for voided in (None, 0)]
#: Seeds written and not used yet, by shape: written many at a time, since turning the
#: triggers off waits for the functions to be idle (a second at least each time).
_SEEDS: dict[tuple[int, int | None], list[Seed]] = {}


def next_seed(db, shape: tuple[int, int | None]) -> Seed:
    """A fresh match of this shape as the functions would have left it, written with the
    triggers off: the seed is the starting point, not what is tested."""
    if not _SEEDS.get(shape):
        fresh = {s: [seed_documents(*s) for _ in range(2 + EXAMPLES // len(SEED_SHAPES))]
                 for s in SEED_SHAPES if not _SEEDS.get(s)}
        with triggers_disabled():
            for seeds in fresh.values():
                for seed in seeds:
                    write_seed(db, seed)
        _SEEDS.update(fresh)
    return _SEEDS[shape].pop()


def write_seed(db, seed: Seed) -> None:
    batch = db.batch()
    m = seed.match_id
    batch.set(db.document(match_path(m)), seed.match)
    for doc_id, data in seed.lineups.items():
        batch.set(db.document(f"{lineups_path(m)}/{doc_id}"), data)
    for doc_id, data in seed.actions.items():
        batch.set(db.document(scoring_action_path(m, doc_id)), data)
    batch.set(db.document(checkpoint_path(m)), seed.checkpoint)
    for k, page in seed.pages.items():
        batch.set(db.document(log_page_path(m, k)), page)
    batch.set(db.document(live_score_path(m)), seed.live_score)
    batch.set(db.document(live_lineups_path(m)), seed.live_lineups)
    batch.commit()


def read(db, path: str) -> dict[str, Any] | None:
    snap = db.document(path).get()
    return snap.to_dict() if snap.exists else None


def read_all(db, collection: str) -> list[tuple[str, dict[str, Any]]]:
    return [(s.id, s.to_dict() or {}) for s in db.collection(collection).stream()]


TRIGGERED = ("action", "lineup", "match")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    phases=tuple(Phase) if SHRINK else (Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(data=st.data(), shape=st.sampled_from(SEED_SHAPES))
def test_garbage_anywhere_is_reported_never_raised(emulators, data, shape):
    db = firestore_client()
    seed = next_seed(db, shape)
    junk = data.draw(garbage(seed), label="garbage")
    m = seed.match_id
    log = FunctionsLog(emulator_log(REPO))
    live_before = read(db, live_score_path(m))

    db.document(junk.path).set(junk.data)
    runs = junk.target in TRIGGERED
    if junk.target == "page":  # a change to an old ball: what reads the pages
        first = next(i for i in sorted(seed.actions, key=log_position)
                     if not is_voided(seed.actions[i]))
        db.document(scoring_action_path(m, first)).set(
            {**seed.actions[first], "isVoided": True, "voidReason": "undo",
             "voidedBy": "scorer-1", "voidedAt": T0})
        runs += 1
    elif junk.then_next_ball:
        if runs:  # the next ball's trigger must not overtake the garbage's
            log.settle(1, m)
        next_id, next_doc = seed.next_action
        if not db.document(scoring_action_path(m, next_id)).get().exists:
            db.document(scoring_action_path(m, next_id)).set(next_doc)
            runs += 1
    log.settle(runs, m)

    match_doc = read(db, match_path(m)) or {}
    lineups = read_all(db, lineups_path(m))
    actions = read_all(db, scoring_actions_path(m))
    live = read(db, live_score_path(m)) or {}
    try:
        match = match_for_fold({**match_doc, "id": m}, lineups)
    except ValidationError:
        match = None
    if match is None:
        # No match the fold can take: live/score keeps what it showed, with an
        # unparseable_match problem; a ball that can be folded onto the checkpoint is, with
        # the match as the functions last read it (its config is in the checkpoint): here,
        # the seed's, and the problem is still reported.
        flagged = [p for p in live.get("integrity", []) if p.get("code") == "unparseable_match"]
        assert flagged, "an invalid match document is not reported on live/score"
        seeded = match_for_fold(seed.match, seed.lineups.items())
        folded = within_document_limit(expected_live_score(seeded, actions))
        folded["integrity"] = [*folded.get("integrity", []), *flagged]
        before = comparable(live_before | {"integrity": [
            *live_before.get("integrity", []), *flagged]})
        assert comparable(live) == before or not differences(live, folded), \
            "live/score changed without a match, and not by folding the log:\n" + "\n".join(
                differences(live, folded)[:20])
    else:
        expected = within_document_limit(expected_live_score(match, actions))
        problems = differences(live, expected)
        assert not problems, "live/score differs from the projection of the log:\n" + \
            "\n".join(problems[:20])
        assert isinstance(live.get("version"), int) and live["version"] >= 1

    live_lineups = read(db, live_lineups_path(m)) or {}
    assert document_size(live_lineups) <= MAX_DOCUMENT_BYTES
    assert len(live_lineups.get("problems", [])) <= MAX_PROBLEMS
    expected_lineups = to_document(
        project_lineups(m, lineups, **lineup_rules(match_doc)))
    expected_lineups.pop("version")
    assert not differences(live_lineups, expected_lineups), differences(
        live_lineups, expected_lineups)
