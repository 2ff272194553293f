"""Documents for the rules tests: lawful actions of every kind, drawn from the schema in
scorebook.models (a field, a kind or a value added there is tried here at once), and the
ways a hostile or broken client can spoil one.

The rules add limits the models do not state (sizes of strings, ranges of numbers, the match's
own teams); `RULE_LIMITS` and `TEXT_LIMITS` are those limits, and lawful documents stay
within them.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args, get_origin

from hypothesis import reject
from hypothesis import strategies as st
from pydantic import BaseModel

from scorebook import actions as models
from scorebook.actions import ACTION_KINDS, action_id, parse_action
from scorebook.document import safe_text, to_document
from scorebook.laws.dismissals import (
    BETWEEN_BALLS,
    NOT_OUT_RETIREMENTS,
    OUT_OFF_NO_BALL,
    OUT_OFF_WIDE,
    STRIKER_ONLY,
)
from tests.rules.world import World

BASE_FIELDS = tuple(models.ActionBase.model_fields)
WICKET_TYPES: tuple[str, ...] = get_args(models.WicketType)
#: what a client may say an action came from: a consensus' action is the functions'
SOURCES: tuple[str, ...] = tuple(s for s in get_args(models.Source) if s != "consensus")

#: Numeric ranges the rules enforce, by (model, field) or field.
RULE_LIMITS: dict[str, tuple[float, float]] = {
    "overNumber": (0, 999),
    "ballInOver": (1, 50),
    "runsOffBat": (0, 10),
    "target": (1, 2000),
    "maxOvers": (1, 500),
    # play resumed with no over left ends the innings there (an interruption may say 0)
    "Interruption.maxOvers": (0, 500),
    "Interruption.maxBalls": (0, 3000),
    "PenaltyRuns.runs": (5, 30),
    "WinMargin.runs": (0, 2000),
    "wickets": (0, 10),
    "ballsRemaining": (0, 3000),
    "speed": (0, 250),
    "wagonWheelSegment": (1, 8),
    "x": (-10_000, 10_000),
    "y": (-10_000, 10_000),
}
#: Numbers the rules take only in steps (Law 41: penalty runs are five an offence).
RULE_STEPS: dict[str, int] = {"PenaltyRuns.runs": 5}
#: Free text and its longest length; any other string is an id (1-128 characters, one line).
TEXT_LIMITS: dict[str, int] = {
    "note": 500,
    "PenaltyRuns.reason": 500,
}
#: Fields the rules take from a vocabulary, with the words a scorer may write (an award,
#: Law 16.4, is an admin's to record).
VOCABULARIES: dict[str, list[str]] = {
    "MatchResult.method": sorted(models.RESULT_METHODS - {"Awarded"}),
    "RevisedTarget.method": sorted(models.TARGET_METHODS),
}
#: Fields that name one of the match's two teams.
TEAM_FIELDS = ("battingTeamId", "bowlingTeamId", "awardedToTeamId", "winnerId")
#: Fields that name a player the match lists (the rules hold them to the match's playerIds).
PLAYER_FIELDS = ("strikerId", "nonStrikerId", "bowlerId", "batterId", "dismissedPlayerId")
PLAYER_LIST_FIELDS = ("fielderIds", "assistFielderIds")

NOW = datetime.now(UTC)

#: Ids: one line (the rules refuse line breaks in an id), any other character.
ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\n\r\x85\u2028\u2029\x00"),
    min_size=1,
    max_size=20,
)
timestamps = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
#: when a ball was bowled: never ahead of the server (the rules allow an hour of clock skew)
ball_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime.now(UTC).replace(tzinfo=None),
    timezones=st.just(UTC),
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


def model_of(kind: str) -> type[BaseModel]:
    """The pydantic model of an action kind, from the tags of the one discriminated union."""
    union = get_args(models.Action)[0]
    for member in get_args(union):
        model, tag = get_args(member)[:2]
        if tag.tag == kind:
            return model
    raise KeyError(kind)


def _limit(model: type[BaseModel], field: str) -> tuple[float, float] | None:
    return RULE_LIMITS.get(f"{model.__name__}.{field}") or RULE_LIMITS.get(field)


def _text_limit(model: type[BaseModel], field: str) -> int | None:
    return TEXT_LIMITS.get(f"{model.__name__}.{field}") or TEXT_LIMITS.get(field)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(annotation without None, whether None is allowed)."""
    if get_origin(annotation) in (types.UnionType, typing.Union):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), optional  # noqa: UP007
    return annotation, False


def value_strategy(model: type[BaseModel], field: str, world: World) -> st.SearchStrategy:
    """Lawful values of one field (within the rules' limits)."""
    info = model.model_fields[field]
    annotation, optional = _unwrap(info.annotation)
    strategy: st.SearchStrategy
    if field in TEAM_FIELDS:
        strategy = st.sampled_from([world.home, world.away])
    elif field in PLAYER_FIELDS:
        strategy = st.sampled_from(world.player_ids)
    elif field in PLAYER_LIST_FIELDS:
        strategy = st.lists(st.sampled_from(world.player_ids), max_size=3)
    elif f"{model.__name__}.{field}" in VOCABULARIES:
        strategy = st.sampled_from(VOCABULARIES[f"{model.__name__}.{field}"])
    elif get_origin(annotation) is Literal:
        strategy = st.sampled_from(get_args(annotation))
    elif annotation is bool:
        strategy = st.booleans()
    elif annotation is int:
        low, high = _limit(model, field) or (0, 1000)
        for meta in info.metadata:
            low = max(low, getattr(meta, "ge", low))
        step = RULE_STEPS.get(f"{model.__name__}.{field}", 1)
        strategy = st.integers(-(-int(low) // step), int(high) // step).map(lambda k: k * step)
    elif annotation is float:
        low, high = _limit(model, field) or (-1000, 1000)
        strategy = st.floats(low, high, allow_nan=False)
    elif annotation is str:
        limit = _text_limit(model, field)
        # free text people write: anything but what could disguise it (the rules refuse that)
        strategy = st.text(max_size=limit).map(safe_text) if limit else ids
    elif annotation is datetime:
        strategy = timestamps
    elif get_origin(annotation) is list:
        strategy = st.lists(ids, max_size=3)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        strategy = fields_strategy(annotation, world).map(annotation.model_validate)
    else:  # pragma: no cover - a new kind of field: teach this function about it
        raise TypeError(f"{model.__name__}.{field}: {info.annotation}")
    return st.one_of(st.none(), strategy) if optional else strategy


def fields_strategy(
    model: type[BaseModel], world: World, skip: tuple[str, ...] = ()
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            name: value_strategy(model, name, world)
            for name in model.model_fields
            if name not in skip
        }
    )


def base_strategy(world: World, uid: str, innings: int, seq: int) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {
            "id": st.just(action_id(innings, seq)),
            "matchId": st.just(world.match_id),
            "inningsNumber": st.just(innings),
            "sequenceNumber": st.just(seq),
            "timestamp": ball_times,
            "recordedBy": st.just(uid),
            "source": st.sampled_from(SOURCES),
            "createdAt": st.none() | timestamps,
            "updatedAt": st.none() | timestamps,
            "isVoided": st.just(False),  # required on create (REQUIRED_ON_CREATE)
        }
    )


@st.composite
def deliveries(draw: st.DrawFn, world: World, uid: str, innings: int, seq: int) -> dict:
    """A lawful delivery: extras, runs and any wicket the Laws allow together."""
    base = draw(base_strategy(world, uid, innings, seq))
    batters = draw(st.lists(st.sampled_from(world.player_ids), min_size=3, max_size=3,
                            unique=True))
    striker, non_striker, bowler = batters
    pattern = draw(st.sampled_from(["fair", "wide", "no_ball", "bye", "leg_bye"]))
    extras = {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0}
    runs = 0
    if pattern == "fair":
        runs = draw(st.integers(0, 8))
    elif pattern == "wide":
        extras["wide"] = draw(st.integers(1, 5))
    elif pattern == "no_ball":
        extras["noBall"] = world.match.noBallRuns  # Law 21.7: the competition's no-ball
        kind = draw(st.sampled_from(["bat", "bye", "leg_bye"]))
        if kind == "bat":
            runs = draw(st.integers(0, 6))
        else:
            extras["bye" if kind == "bye" else "legBye"] = draw(st.integers(0, 4))
    else:
        extras["bye" if pattern == "bye" else "legBye"] = draw(st.integers(1, 4))
    if draw(st.booleans()):
        extras["penalty"] = draw(st.sampled_from([0, 5, 10]))
    wicket = None
    if draw(st.integers(0, 3)) == 0:
        allowed = set(WICKET_TYPES) - {"timed_out"}
        if extras["noBall"]:
            allowed &= OUT_OFF_NO_BALL | NOT_OUT_RETIREMENTS | {"retired_out"}
        if extras["wide"]:
            allowed &= OUT_OFF_WIDE | NOT_OUT_RETIREMENTS | {"retired_out"}
        wicket_type = draw(st.sampled_from(sorted(allowed)))
        out = striker if wicket_type in STRIKER_ONLY else draw(st.sampled_from(batters[:2]))
        wicket = {
            "type": wicket_type,
            "dismissedPlayerId": out,
            "fielderIds": draw(st.lists(st.sampled_from(world.player_ids), max_size=3)),
            "assistFielderIds": draw(st.lists(st.sampled_from(world.player_ids), max_size=2)),
            # Law 24.1: a substitute fielder need not be one the match lists
            "substituteFielderIds": draw(st.lists(ids, max_size=1)),
        }
    boundary = draw(st.sampled_from([None, False, True])) if runs in (0, 4, 6) else None
    shot = draw(st.none() | fields_strategy(models.ShotData, world))
    doc = base | {
        "kind": "delivery",
        "overNumber": draw(st.integers(0, 999)),
        "ballInOver": draw(st.integers(1, 50)),
        "strikerId": striker,
        "nonStrikerId": non_striker,
        "bowlerId": bowler,
        "runsOffBat": runs,
        "extras": extras,
        "totalRuns": runs + sum(extras.values()),
        "isWicket": wicket is not None,
        "wicket": wicket,
        "isLegalDelivery": not (extras["wide"] or extras["noBall"]),
        "isBoundary": boundary,
        "shotData": to_document(models.ShotData.model_validate(shot)) if shot else None,
        "bowlingAngle": draw(value_strategy(models.ScoringAction, "bowlingAngle", world)),
    }
    return draw(_some_defaults_left_out(doc, "delivery"))


@st.composite
def events(
    draw: st.DrawFn, world: World, uid: str, innings: int, seq: int, *, kind: str
) -> dict:
    """A lawful action of a kind other than a delivery, from its model's fields."""
    model = model_of(kind)
    base = draw(base_strategy(world, uid, innings, seq))
    own = draw(fields_strategy(model, world, skip=(*BASE_FIELDS, "kind")))
    if kind == "dismissal":
        own["wicket"] = own["wicket"].model_copy(
            update={"type": draw(st.sampled_from(sorted(BETWEEN_BALLS)))}
        )
    if kind == "innings_start":
        own["bowlingTeamId"] = world.away if own["battingTeamId"] == world.home else world.home
        if own["strikerId"] is not None and own["strikerId"] == own["nonStrikerId"]:
            own["nonStrikerId"] = None
    if kind == "batter_change" and own["strikerId"] == own["nonStrikerId"]:
        own["nonStrikerId"] = next(p for p in world.player_ids if p != own["strikerId"])
    if kind == "match_result":
        if own["result"] == "win" and own["winnerId"] is None:
            own["winnerId"] = world.home
        if own["result"] in ("draw", "no_result", "abandoned"):
            own["winnerId"] = None
    try:
        action = parse_action(base | own | {"kind": kind})
    except ValueError:
        reject()  # a combination the model refuses (e.g. an empty id): draw another
    return draw(_some_defaults_left_out(to_document(action), kind))


#: Fields the rules require of a new action although the model has a default for them.
REQUIRED_ON_CREATE = frozenset({"isVoided"})


@st.composite
def _some_defaults_left_out(draw: st.DrawFn, doc: dict, kind: str) -> dict:
    """Clients may leave out any field that has a default (the model fills it in), except
    `isVoided`: the rules require it, so that apps can query the log for `isVoided == false`."""
    fields = model_of(kind).model_fields
    defaults = {
        name: to_plain(f.get_default(call_default_factory=True))
        for name, f in fields.items()
        if not f.is_required() and name in doc and name not in REQUIRED_ON_CREATE
    }
    omissible = sorted(name for name, value in defaults.items() if doc[name] == value)
    if not omissible:
        return doc
    dropped = draw(st.sets(st.sampled_from(omissible)))
    return {k: v for k, v in doc.items() if k not in dropped}


def to_plain(value: Any) -> Any:
    return to_document(value) if isinstance(value, BaseModel) else value


def lawful_actions(
    world: World, uid: str, innings: int, seq: int, kind: str | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """A lawful action at (innings, seq), signed by `uid`, in `world`'s match: of `kind`, or
    of any kind (a delivery half of the time)."""
    if kind == "delivery":
        return deliveries(world, uid, innings, seq)
    if kind is not None:
        return events(world, uid, innings, seq, kind=kind)
    kinds = [k for k in ACTION_KINDS if k != "delivery"]
    return st.one_of(
        deliveries(world, uid, innings, seq),
        st.sampled_from(kinds).flatmap(lambda k: events(world, uid, innings, seq, kind=k)),
    )


# --- hostile documents ---------------------------------------------------------------------------

#: A value of each type a Firestore field can hold.
SAMPLES: dict[str, Any] = {
    "null": None,
    "bool": True,
    "int": 7,
    "float": 2.5,
    "str": "7",
    "timestamp": NOW,
    "map": {"a": 1},
    "list": ["a", 1],
}


def json_types(annotation: Any) -> set[str]:
    """The Firestore types a model field accepts."""
    inner, optional = _unwrap(annotation)
    found = {"null"} if optional else set()
    for arg in get_args(inner) if get_origin(inner) in (types.UnionType, typing.Union) else [inner]:
        if get_origin(arg) is typing.Annotated:  # a Moment: a datetime, validated
            arg = get_args(arg)[0]
        if get_origin(arg) is Literal or arg is str:
            found.add("str")
        elif arg is bool:
            found.add("bool")
        elif arg is int:
            found.add("int")
        elif arg is float:
            found |= {"int", "float"}
        elif arg is datetime:
            found.add("timestamp")
        elif get_origin(arg) is list:
            found.add("list")
        else:
            found.add("map")
    return found


def field_types(kind: str) -> dict[str, set[str]]:
    model = model_of(kind)
    return {name: json_types(f.annotation) for name, f in model.model_fields.items()}


SPOILERS = (
    "wrong type", "huge string", "unknown field", "missing field", "forged recordedBy",
    "another match", "id not its position", "born voided", "out of range", "broken law",
)


@st.composite
def hostile(draw: st.DrawFn, doc: dict, world: World, how: str) -> tuple[str, dict, str]:
    """One way (`how`, one of SPOILERS) to spoil a lawful action: (document id to write at,
    document, what was done)."""
    kind = doc.get("kind", "delivery")
    spoiling = _Spoiling(dict(doc), doc["id"], kind, field_types(kind), world)
    spoil = _SPOIL.get(how)
    if spoil is not None:
        how += spoil(draw, spoiling)
    else:  # a broken law of cricket (or of the schema's consistency)
        how += " " + _break_a_law(draw, spoiling.doc, spoiling.kind, world)
    return spoiling.doc_id, spoiling.doc, how


@dataclass
class _Spoiling:
    """A lawful action being spoiled; `doc_id` is where it is written, which may differ from
    the id it states."""

    doc: dict
    doc_id: str
    kind: str
    types_of: dict[str, set[str]]
    world: World


def _wrong_type(draw: st.DrawFn, s: _Spoiling) -> str:
    field = draw(st.sampled_from(sorted(s.doc)))
    wrong = sorted(set(SAMPLES) - s.types_of[field])
    s.doc[field] = SAMPLES[draw(st.sampled_from(wrong))]
    return f" {field}={s.doc[field]!r}"


def _huge_string(draw: st.DrawFn, s: _Spoiling) -> str:
    field = draw(st.sampled_from([f for f in sorted(s.doc) if "str" in s.types_of[f]]))
    s.doc[field] = draw(st.sampled_from(["x" * 1000, "y\n" * 300, "z" * 501]))
    return f" {field}"


def _unknown_field(draw: st.DrawFn, s: _Spoiling) -> str:
    name = draw(st.from_regex(r"[a-zA-Z_]{1,12}", fullmatch=True).filter(
        lambda n: n not in s.types_of))
    where = draw(st.sampled_from(
        [None] + [f for f in ("extras", "wicket", "shotData", "winMargin")
                  if isinstance(s.doc.get(f), dict)]
    ))
    if where is None:
        s.doc[name] = draw(st.sampled_from(list(SAMPLES.values())))
    else:
        s.doc[where] = dict(s.doc[where]) | {name: 1}
    return f" {where or ''}.{name}"


def _missing_field(draw: st.DrawFn, s: _Spoiling) -> str:
    required = [n for n, f in model_of(s.kind).model_fields.items() if f.is_required()]
    field = draw(st.sampled_from(required))
    if field == "kind":
        s.doc.pop("kind")
    else:
        s.doc.pop(field, None)
    return f" {field}"


def _forged_recorded_by(draw: st.DrawFn, s: _Spoiling) -> str:
    s.doc["recordedBy"] = draw(ids.filter(lambda u: u != s.doc["recordedBy"]))
    return ""


def _another_match(draw: st.DrawFn, s: _Spoiling) -> str:
    s.doc["matchId"] = draw(st.sampled_from([s.world.other_match_id, s.world.match_id + "x"]))
    return ""


def _id_not_its_position(draw: st.DrawFn, s: _Spoiling) -> str:
    shift = draw(st.sampled_from([
        ("sequenceNumber", 1), ("sequenceNumber", -1), ("inningsNumber", 1),
        ("doc", "1-99999"), ("doc", "1-1"), ("doc", "01-0001"), ("doc", "x"),
    ]))
    if shift[0] == "doc":
        s.doc_id = s.doc["id"] = shift[1]
    else:
        s.doc[shift[0]] += shift[1]
    return f" {shift}"


def _born_voided(draw: st.DrawFn, s: _Spoiling) -> str:
    field, value = draw(st.sampled_from([
        ("isVoided", True), ("voidReason", "oops"), ("voidedBy", s.doc["recordedBy"]),
        ("voidedAt", NOW), ("correctedBy", "1-0001"),
    ]))
    s.doc[field] = value
    return f" {field}"


def _out_of_range(draw: st.DrawFn, s: _Spoiling) -> str:
    doc, model = s.doc, model_of(s.kind)
    numeric = [
        f for f in sorted(doc)
        if s.types_of[f] & {"int", "float"} and isinstance(doc[f], int | float)
        and not isinstance(doc[f], bool) and _limit(model, f)
    ]
    if s.kind == "delivery":
        numeric.append("runsOffBat")
    if not numeric:
        # innings count from 1, and the id states the innings, so both change
        doc["inningsNumber"] = 0
        s.doc_id = doc["id"] = "0-" + doc["id"].split("-")[1]
        return ""
    field = draw(st.sampled_from(sorted(set(numeric))))
    low, high = _limit(model, field) or (0, 10)
    doc[field] = draw(st.sampled_from([high + 1, high + 1000, low - 1, low - 1000]))
    if field == "runsOffBat":
        doc["totalRuns"] = doc["totalRuns"] - doc.get("runsOffBat", 0) + doc[field]
    return f" {field}={doc[field]}"


#: How each of SPOILERS but "broken law" spoils a document: what it does, appended to `how`.
_SPOIL: dict[str, Callable[[st.DrawFn, _Spoiling], str]] = {
    "wrong type": _wrong_type,
    "huge string": _huge_string,
    "unknown field": _unknown_field,
    "missing field": _missing_field,
    "forged recordedBy": _forged_recorded_by,
    "another match": _another_match,
    "id not its position": _id_not_its_position,
    "born voided": _born_voided,
    "out of range": _out_of_range,
}


def _break_a_law(draw: st.DrawFn, doc: dict, kind: str, world: World) -> str:
    if kind == "delivery":
        extras = dict(doc.get("extras", {}))
        choice = draw(st.sampled_from([
            "totalRuns", "isLegalDelivery", "same batters", "out not at crease",
            "wide and no-ball", "wicket without isWicket", "isWicket without wicket",
        ]))
        if choice == "totalRuns":
            doc["totalRuns"] = doc["totalRuns"] + draw(st.sampled_from([1, -1, 4]))
        elif choice == "isLegalDelivery":
            doc["isLegalDelivery"] = not doc["isLegalDelivery"]
        elif choice == "same batters":
            doc["nonStrikerId"] = doc["strikerId"]
        elif choice == "out not at crease":
            doc["isWicket"] = True
            doc["wicket"] = {"type": "run_out", "dismissedPlayerId": doc["bowlerId"]}
        elif choice == "wide and no-ball":
            extras.update({"wide": 1, "noBall": 1})
            doc["extras"] = extras
            doc["totalRuns"] = doc["runsOffBat"] + sum(extras.values())
            doc["isLegalDelivery"] = False
        elif choice == "wicket without isWicket":
            doc["isWicket"] = False
            doc["wicket"] = {"type": "bowled", "dismissedPlayerId": doc["strikerId"]}
        else:
            doc["isWicket"] = True
            doc["wicket"] = None
        return choice
    if kind in ("innings_start", "penalty_runs", "match_result"):
        field = {"innings_start": "battingTeamId", "penalty_runs": "awardedToTeamId",
                 "match_result": "winnerId"}[kind]
        doc[field] = draw(st.sampled_from([world.other_match_id, "home", world.home + "x"]))
        if kind == "match_result":
            doc["result"] = "win"
        return f"{field} not a team of the match"
    if kind == "batter_change":
        doc["nonStrikerId"] = doc["strikerId"]
        return "same batters"
    if kind == "dismissal":
        doc["wicket"] = dict(doc["wicket"]) | {
            "type": draw(st.sampled_from(sorted(set(WICKET_TYPES) - BETWEEN_BALLS)))
        }
        return "a dismissal that needs a delivery"
    doc["kind"] = draw(st.sampled_from(["wicket", "DELIVERY", "innings-start", ""]))
    return f"unknown kind {doc['kind']!r}"


def heaviest_delivery(world: World, uid: str, seq: int, corrects: str | None) -> dict:
    """The busiest lawful delivery: a correction of a no-ball with byes and penalty runs on
    which the non-striker is run out, six fielders named, every shot detail and the longest
    note."""

    def bat(n: int) -> str:
        return world.player(world.home, n)

    def bowl(n: int) -> str:
        return world.player(world.away, n)

    doc = {
        "kind": "delivery", "id": action_id(1, seq), "matchId": world.match_id,
        "inningsNumber": 1, "sequenceNumber": seq, "timestamp": NOW, "recordedBy": uid,
        "source": "correction", "corrects": corrects, "correctedBy": None, "isVoided": False,
        "voidReason": None, "voidedBy": None, "voidedAt": None, "createdAt": NOW,
        "updatedAt": NOW + timedelta(seconds=1), "overNumber": 19, "ballInOver": 7,
        "strikerId": bat(1), "nonStrikerId": bat(2), "bowlerId": bowl(11), "runsOffBat": 0,
        "extras": {"wide": 0, "noBall": 1, "bye": 3, "legBye": 0, "penalty": 5},
        "totalRuns": 9, "isWicket": True,
        "wicket": {"type": "run_out", "dismissedPlayerId": bat(2),
                   "fielderIds": [bowl(1), bowl(2), bowl(3)],
                   "assistFielderIds": [bowl(4), bowl(5)], "substituteFielderIds": ["sub 1"]},
        "isLegalDelivery": False, "isBoundary": False,
        "shotData": {"coordinates": {"x": 0.5, "y": -0.25}, "shotType": "drive",
                     "length": "full", "line": "outside_off", "speed": 141.5,
                     "wagonWheelSegment": 3},
        "bowlingAngle": "Round the Wicket", "note": "N" * 280,
    }
    parse_action(doc)
    return doc
