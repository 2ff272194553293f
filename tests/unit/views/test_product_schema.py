"""live/score has the shape of the product schema's LiveScoreProjection (Schema V3, the
TypeScript the apps are built against), transcribed below as it is written there. Every
document written over a whole match must fit it: each field of the schema present, with the
schema's name and JSON type. Fields beyond it are allowed (our documented extensions); the
views' productFields, which docs/schema.md marks, must name exactly the schema's fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, get_args

import pytest

from scorebook.actions import WicketType
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.fold import initial_state
from scorebook.fold.handlers import apply
from scorebook.views.live_score_schema import (
    BallView,
    BatterView,
    BowlerView,
    CurrentInningsView,
    DismissalView,
    ExtrasView,
    FallOfWicketView,
    InningsView,
    LiveScoreProjection,
    PartnershipView,
    SpellView,
)
from scorebook.views.scorecard import to_projection
from scorebook_tools.generated_match import generated_match
from tests.conftest import real_match_params


@dataclass(frozen=True)
class Nullable:
    """``T | null`` in the schema."""

    of: Any


N, S, B = "number", "string", "boolean"

# --- Schema V3, transcribed (a key ending in "?" is optional: absent, or null as we write it)
DISMISSAL = {"type": set(get_args(WicketType)), "bowlerId?": S, "fielderIds?": [S],
             "description?": S}
BATSMAN = {"playerId": S, "runs": N, "ballsFaced": N, "fours": N, "sixes": N,
           "strikeRate": N, "isOut": B, "dismissal?": DISMISSAL, "isOnStrike": B,
           "battingPosition": N}
SPELL = {"startOver": N, "endOver": N, "runs": N, "wickets": N}
BOWLER = {"playerId": S, "overs": N, "ballsBowled": N, "maidens": N, "runsConceded": N,
          "wickets": N, "wides": N, "noBalls": N, "economy": N, "dotBalls": N,
          "spells": [SPELL]}
EXTRA_TYPES = {"wide", "noball", "bye", "legbye"}
BALL = {"runs": N, "isWicket": B, "extraType?": EXTRA_TYPES | {"penalty"},  # ours: penalty
        "display": S}
FALL_OF_WICKET = {"wicketNumber": N, "score": N, "over": S, "batsmanOutId": S,
                  "batsmanOutName?": S, "bowlerId?": S}
EXTRAS = {"wides": N, "noBalls": N, "byes": N, "legByes": N, "penalty": N, "total": N}
INNINGS = {"inningsNumber": {1, 2}, "battingTeamId": S, "runs": N, "wickets": N, "overs": N,
           "balls": N, "batsmen": [BATSMAN], "bowlers": [BOWLER], "extras": EXTRAS,
           "fallOfWickets": [FALL_OF_WICKET]}
CURRENT_INNINGS = {"battingTeamId": S, "bowlingTeamId": S, "runs": N, "wickets": N,
                   "overs": N, "balls": N, "target?": N, "strikerId": Nullable(S),
                   "nonStrikerId": Nullable(S), "bowlerId": Nullable(S),
                   "bowlingAngle?": {"Over the Wicket", "Round the Wicket"}}
PARTNERSHIP = {"batsmanAId": S, "batsmanBId": S, "runs": N, "balls": N}
LIVE_SCORE = {
    "matchId": S, "status": {"scheduled", "live", "innings_break", "completed"},
    "inningsNumber": {1, 2}, "currentInnings": CURRENT_INNINGS, "batsmen": [BATSMAN],
    "bowlers": [BOWLER], "currentOver": [BALL], "partnership": PARTNERSHIP,
    "fallOfWickets": [FALL_OF_WICKET], "extras": EXTRAS, "innings1?": INNINGS,
    "innings2?": INNINGS, "winnerId?": S, "winMargin?": S, "lastUpdated": S,
    "lastActionId": S, "version": N,
}


SCALARS = {
    N: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    S: lambda v: isinstance(v, str),
    B: lambda v: isinstance(v, bool),
}


def misfits(value: Any, spec: Any, where: str = "") -> list[str]:
    """Where ``value`` (a JSON document) does not fit ``spec``."""
    if isinstance(spec, Nullable):
        return [] if value is None else misfits(value, spec.of, where)
    if isinstance(spec, str):
        return [] if SCALARS[spec](value) else [f"{where}: {value!r} is not a {spec}"]
    if isinstance(spec, set):
        fits = isinstance(value, str | int) and value in spec
        return [] if fits else [f"{where}: {value!r} is not one of {sorted(spec, key=str)}"]
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list"]
        return [m for i, item in enumerate(value) for m in misfits(item, spec[0], f"{where}[{i}]")]
    if not isinstance(value, dict):
        return [f"{where}: {value!r} is not an object"]
    found = []
    for key, field_spec in spec.items():
        name, optional = key.removesuffix("?"), key.endswith("?")
        if name not in value:
            found += [] if optional else [f"{where}.{name}: missing"]
        elif value[name] is not None or not optional:
            found += misfits(value[name], field_spec, f"{where}.{name}")
    return found


def documents(match, actions) -> Iterator[tuple[str, dict[str, Any]]]:
    """live/score as written after each action from the first innings on."""
    state = initial_state(match)
    for action in actions:
        apply(state, action)
        if state.innings:
            yield action.id, to_document(to_projection(state), json=True)


def departures(doc: dict[str, Any]) -> set[str]:
    """Where live/score departs from the schema, on purpose and documented: the innings
    number goes on past 2 (a Test's four innings, super overs); a stand's batters are null
    until they are named, before its first ball (an innings that began without naming its
    openers)."""
    found = set()
    if doc["inningsNumber"] > 2:
        found.add(f".inningsNumber: {doc['inningsNumber']} is not one of [1, 2]")
    partnership = doc["partnership"] or {}
    if partnership.get("balls") == 0:
        found |= {f".partnership.{side}: None is not a string"
                  for side in ("batsmanAId", "batsmanBId") if partnership[side] is None}
    return found


def assert_fits_the_schema(match, actions) -> None:
    seen = 0
    for action_id, doc in documents(match, actions):
        problems = set(misfits(doc, LIVE_SCORE)) - departures(doc)
        assert not problems, f"after {action_id}: {sorted(problems)[:5]}"
        seen += 1
    assert seen == len(actions)  # one document an action, from the first innings_start


def test_every_document_of_the_generated_match_fits_the_product_schema() -> None:
    match, actions = load_match(generated_match(), match_id="m1")
    assert_fits_the_schema(match, actions)
    doc = to_document(to_projection(initial_state(match).model_copy()), json=True)
    assert doc["currentInnings"] is None and doc["partnership"] is None  # not begun


@pytest.mark.parametrize("path", real_match_params(
    ["1473459", "1269710", "1252700", "1263161", "1166947", "1263164"], long=("1166947",)))
def test_every_document_of_a_real_match_fits_the_product_schema(path) -> None:
    """A T20, a tie and its super overs, The Hundred, an ODI by D/L, a county match (four
    innings, retired hurt, a replacement), a no result."""
    assert_fits_the_schema(*load_match(path))


def test_the_check_finds_what_the_old_shape_got_wrong() -> None:
    match, actions = load_match(generated_match(), match_id="m1")
    _, doc = list(documents(match, actions))[-1]
    spoiled = doc | {"winMargin": {"runs": 4}, "partnership": None}
    spoiled["currentInnings"] = doc["currentInnings"] | {"overs": "20.0"}
    spoiled["bowlers"] = [doc["bowlers"][0] | {"economy": None}]
    assert sorted(p.split(":")[0] for p in misfits(spoiled, LIVE_SCORE)) == [
        ".bowlers[0].economy", ".currentInnings.overs", ".partnership", ".winMargin"]
    over = [{"runs": 1, "isWicket": False, "extraType": "noBall", "display": "1nb"}]
    assert list(misfits(doc | {"currentOver": over}, LIVE_SCORE))


@pytest.mark.parametrize(("view", "interface"), [
    (LiveScoreProjection, LIVE_SCORE), (CurrentInningsView, CURRENT_INNINGS),
    (BatterView, BATSMAN), (DismissalView, DISMISSAL), (BowlerView, BOWLER),
    (SpellView, SPELL), (BallView, BALL), (PartnershipView, PARTNERSHIP),
    (FallOfWicketView, FALL_OF_WICKET), (ExtrasView, EXTRAS), (InningsView, INNINGS),
], ids=lambda x: getattr(x, "__name__", ""))
def test_the_views_name_exactly_the_schemas_fields_as_theirs(view, interface) -> None:
    names = {k.removesuffix("?") for k in interface}
    if view is LiveScoreProjection:  # innings1, innings2, ... are written from one list
        names = names - {"innings1", "innings2"} | {"innings"}
    assert set(view.productFields) == names
