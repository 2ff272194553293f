"""The rules' limits on a new action, as `validateAction` checks them: ids on one line, the
length and safety of free text, the counts the rules bound (one table, `COUNTS`, which
tests/unit/test_limits_sync.py reads firestore.rules against), the words of a method, the
extras and a wicket's fielders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from scorebook.actions import RESULT_METHODS, TARGET_METHODS
from scorebook.document import UNSAFE_TEXT
from scorebook.service.refusals import Problem

#: Ids of players and teams: 1 to 128 characters on one line (the rules' pattern, the same
#: five line breaks refused).
_IDS = ("strikerId", "nonStrikerId", "bowlerId", "batterId", "wicket.dismissedPlayerId")
#: (kinds or None for every kind, field, lowest, highest) of the counts the rules bound: the
#: table both sides follow (tests/unit/test_limits_sync.py reads the rules against it).
COUNTS: tuple[tuple[tuple[str, ...] | None, str, int, int], ...] = (
    (None, "inningsNumber", 1, 99),
    (None, "sequenceNumber", 1, 9999),
    (("delivery",), "overNumber", 0, 999),
    (("delivery",), "ballInOver", 1, 50),
    (("delivery",), "runsOffBat", 0, 10),
    (("delivery",), "shotData.wagonWheelSegment", 1, 8),
    (("delivery",), "shotData.speed", 0, 250),
    (("innings_start", "revised_target"), "target", 1, 2000),
    (("innings_start", "revised_target"), "maxOvers", 1, 500),
    (("interruption",), "maxOvers", 0, 500),
    (("interruption",), "maxBalls", 0, 3000),
    (("penalty_runs",), "runs", 5, 30),
    (("match_result",), "winMargin.runs", 0, 2000),
    (("match_result",), "winMargin.ballsRemaining", 0, 3000),
    (("match_result",), "parScore", 0, 2000),
)
#: (field, most characters) of free text.
TEXTS = (("note", 500), ("reason", 500))
_FIELDER_LISTS = ("fielderIds", "assistFielderIds", "substituteFielderIds")
#: The rules count the fielders of a wicket with one more item (an empty one) than there are.
_MAX_FIELDERS = 33
_MAX_FIELDER_TEXT = 4000
_ONE_LINE_ID = re.compile(r"[^\n\r\u2028\u2029\x85]{1,128}")


def get_path(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def limit_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    kind = data.get("kind") or "delivery"
    yield from _count_limits(data, kind)
    yield from _penalty_problems(data, kind)
    yield from _text_limits(data)
    yield from _extras_limits(data)
    yield from _fielder_limits(data.get("wicket"))
    yield from _method_problems(data)


def _count_limits(data: Mapping[str, Any], kind: str) -> Iterator[Problem]:
    """The counts the action's kind has, each within its range."""
    for field, low, high in _counts_of(kind):
        value = get_path(data, field)
        if is_number(value) and not low <= value <= high:
            yield Problem(field=field, code="out_of_range",
                          message=f"must be from {low} to {high}, got {value}")


def _counts_of(kind: str) -> list[tuple[str, int, int]]:
    """(field, lowest, highest) of the counts an action of this kind has."""
    return [(field, low, high) for kinds, field, low, high in COUNTS
            if kinds is None or kind in kinds]


def _penalty_problems(data: Mapping[str, Any], kind: str) -> Iterator[Problem]:
    if kind == "penalty_runs" and isinstance(data.get("runs"), int) and data["runs"] % 5:
        yield Problem(field="runs", code="unlawful",
                      message=f"penalty runs are five an offence (Law 41), got {data['runs']}")


def _text_limits(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Free text within its length and safe to show; ids on one line."""
    for field, most in TEXTS:
        value = get_path(data, field)
        if isinstance(value, str):
            yield from _one_text_limits(field, value, most)
    yield from _id_limits(data)


def _one_text_limits(field: str, value: str, most: int) -> Iterator[Problem]:
    if len(value) > most:
        yield Problem(field=field, code="too_long",
                      message=f"at most {most} characters, got {len(value)}")
    if UNSAFE_TEXT.search(value):
        yield Problem(field=field, code="invalid_value", message="no control or "
                      "text-direction characters (U+202E and the like): others read it")


def _id_limits(data: Mapping[str, Any]) -> Iterator[Problem]:
    for field in _IDS:
        value = get_path(data, field)
        if isinstance(value, str) and not _ONE_LINE_ID.fullmatch(value):
            yield Problem(field=field, code="too_long" if len(value) > 128 else "invalid_value",
                          message="an id is 1 to 128 characters on one line")


#: The words a method may be, by kind (actions.TargetMethod, actions.ResultMethod): the public
#: result line quotes it, so never free text.
_METHODS = {"revised_target": TARGET_METHODS, "match_result": RESULT_METHODS}


def _method_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    words = _METHODS.get(data.get("kind") or "delivery")
    method = data.get("method")
    if words is not None and method is not None and method not in words:
        yield Problem(field="method", code="unknown_method",
                      message=f"must be one of {', '.join(sorted(words))}, got {method!r}")


def _extras_limits(data: Mapping[str, Any]) -> Iterator[Problem]:
    for name, value in _delivery_extras(data).items():
        if is_number(value) and not 0 <= value <= 10:
            yield Problem(field=f"extras.{name}", code="out_of_range",
                          message=f"must be from 0 to 10, got {value}")


def _delivery_extras(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A delivery's extras (none for another kind, or extras that are no map)."""
    extras = data.get("extras")
    if (data.get("kind") or "delivery") != "delivery" or not isinstance(extras, Mapping):
        return {}
    return extras


def _fielder_limits(wicket: Any) -> Iterator[Problem]:
    if not isinstance(wicket, Mapping):
        return
    ids = _fielder_ids(wicket)
    yield from _fielder_count_limits(ids)
    yield from _fielder_text_limits([i for i in ids if isinstance(i, str)])


def _fielder_ids(wicket: Mapping[str, Any]) -> list[Any]:
    """Every entry of the wicket's fielder lists, as the rules count them."""
    lists = [wicket.get(name) for name in _FIELDER_LISTS]
    return [i for ids in lists if isinstance(ids, list) for i in ids]


def _fielder_count_limits(ids: list[Any]) -> Iterator[Problem]:
    if len(ids) > _MAX_FIELDERS:
        yield Problem(field="wicket.fielderIds", code="too_long",
                      message=f"at most {_MAX_FIELDERS} fielders in all, got {len(ids)}")


def _fielder_text_limits(text: list[str]) -> Iterator[Problem]:
    if sum(len(i) + 1 for i in text) > _MAX_FIELDER_TEXT:
        yield Problem(field="wicket.fielderIds", code="too_long",
                      message=f"the fielders' ids take at most {_MAX_FIELDER_TEXT} characters")
    if any("\n" in i for i in text):
        yield Problem(field="wicket.fielderIds", code="invalid_value",
                      message="a fielder's id is on one line")
