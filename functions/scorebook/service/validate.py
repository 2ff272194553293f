"""Use case: why a draft action would be refused, field by field, before it is written.

What the security rules and the models check of a new scoring action, as a list of typed
problems a scoring app can show beside the field (`validateAction`, the HTTPS callable, and
`python -m scorebook_tools check FILE` run it): the model and the Laws (every Law a delivery
breaks, not only the first), the rules' limits (ids, text, counts), the action's place in the
log, who may write it (an assigned scorer signing as themselves, or an admin), the match's
status and the players it lists. Pure: the caller reads the match, the document at the
position and the caller's assignments, and hands them over as data.

The rules stay the gate: this explains a refusal, it does not grant anything. Two things JSON
cannot say are taken as the Firestore types they stand for: a timestamp (an ISO 8601 string,
or `{seconds, nanoseconds}` as the JS SDK's `Timestamp.toJSON()` gives it) and a whole
number written `3.0` by JavaScript (which has one number type: it sends `3`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from scorebook.actions import (
    ACTION_KINDS,
    FUNCTIONS_ONLY_FIELDS,
    ActionAdapter,
    ScoringAction,
    action_id,
    law_problems,
)
from scorebook.document import as_timestamp, errors_in_order
from scorebook.laws.innings import may_declare
from scorebook.roles import SCORER_ROLES, assignment_id, in_force
from scorebook.service.consensus import CONSENSUS_TIERS
from scorebook.service.limits import get_path, is_number, limit_problems
from scorebook.service.refusals import Problem, RefusalCode

Taken = Literal["free", "identical", "different"]
#: What the log holds where a draft's `follows` points: the very action it names, another
#: one (another device's), or nothing
Followed = Literal["same", "other", "absent"]


@dataclass(frozen=True)
class Caller:
    """Who asks: their uid, the admin claim, and their match_role_assignments documents for
    the match (those stored at `{matchId}_{uid}_{role}`, the ids the rules read)."""

    uid: str
    is_admin: bool = False
    match_roles: Mapping[str, Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Context:
    """What the rules know beside the draft. `check_match=False` (the command line without a
    match document) leaves out every check about the match; `caller=None` those about who
    writes; `corrected_exists=None` whether `corrects` names an action of the log;
    `followed=None` what the log holds where `follows` points."""

    now: datetime
    match_id: str | None = None
    match: Mapping[str, Any] | None = None
    check_match: bool = True
    caller: Caller | None = None
    taken: Taken = "free"
    corrected_exists: bool | None = None
    followed: Followed | None = None


def validate_action(draft: Any, context: Context) -> list[Problem]:
    """Every problem the rules and the models find in `draft`, a new action (empty: it would
    be accepted). A retry of the document stored at its position by whoever may write it is
    accepted as it stands (the rules take it as a no-op)."""
    refusal = _refused_outright(draft, context)
    if refusal is not None:
        return [refusal]
    match_id = context.match_id or _match_id_of(draft)
    data = _as_firestore(draft)
    if context.taken == "identical" and _may_write(data, context) is None:
        return []
    return _unique([*_field_problems(data, context), *_context_problems(data, match_id, context)])


def _refused_outright(draft: Any, context: Context) -> Problem | None:
    """What leaves nothing else to check: not an object, or no match to write it to."""
    if not isinstance(draft, Mapping):
        return Problem(field=None, code="invalid_value",
                       message=f"an action is an object, got {type(draft).__name__}")
    if context.check_match and context.match is None:
        match_id = context.match_id or _match_id_of(draft)
        return Problem(field="matchId", code="no_match",
                       message=f"match {match_id!r} does not exist")
    return None


def _match_id_of(draft: Mapping[str, Any]) -> str | None:
    return draft.get("matchId") if isinstance(draft.get("matchId"), str) else None


def _context_problems(data: Mapping[str, Any], match_id: str | None, context: Context,
                      ) -> Iterator[Problem]:
    """What the log, the match and the caller make of the action."""
    if context.taken == "different":
        yield Problem(
            field="id", code="position_taken",
            message=f"another action holds {data.get('id')}: a correction goes at"
            f" {data.get('id')}-c1, naming it in corrects, and the original is voided")
    if context.check_match and context.match is not None:
        yield from _match_problems(data, context.match, match_id, context)
    if context.caller is not None:
        yield from _caller_problems(data, context)


def _field_problems(data: Mapping[str, Any], context: Context) -> list[Problem]:
    """What the model finds, and the rules' limits and checks on the fields it has not
    already found wrong (the model's problem already says why)."""
    problems = _model_problems(data)
    said = {p.field for p in problems}
    return problems + [p for p in (*limit_problems(data), *_base_problems(data, context))
                       if p.field not in said or p.code in _ABOUT_MORE_THAN_THE_VALUE]


#: Problems that say more than "this value is malformed": kept beside the model's.
_ABOUT_MORE_THAN_THE_VALUE = frozenset({"not_position", "wrong_match", "not_caller",
                                        "unknown_correction", "position_taken",
                                        "not_followed"})


# --- the model and the Laws ------------------------------------------------------------------


class _DeliveryFields(ScoringAction):
    """A delivery's fields, typed, without the Laws: so that every Law a ball breaks is
    reported, where the model stops at the first."""

    def _check_laws(self) -> _DeliveryFields:  # type: ignore[override]
        return self


_CODES: dict[str, RefusalCode] = {
    "missing": "missing",
    "extra_forbidden": "unknown_field",
    "value_error": "unlawful",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
}
_VOID_FIELDS = ("isVoided", "voidReason", "voidedBy", "voidedAt", "correctedBy")


def _model_problems(data: Mapping[str, Any]) -> list[Problem]:
    """The model's problems, strictly typed as Firestore stores them (`"1"` is not 1, nor
    `1` true); for a delivery whose fields are well typed, every Law it breaks."""
    kind = data.get("kind") or "delivery"
    try:
        if kind == "delivery":
            return _laws(_DeliveryFields.model_validate(data, strict=True))
        ActionAdapter.validate_python(data, strict=True)
    except ValidationError as error:
        problems = _from_errors(error)
        if kind == "delivery":
            problems += _laws_without(data, error)
        return problems
    return []


def _laws(ball: ScoringAction, leave_out: frozenset[str] = frozenset()) -> list[Problem]:
    problems = [_from_message(text, "unlawful") for text in law_problems(ball)]
    return [p for p in problems if (p.field or "").split(".")[0] not in leave_out]


def _laws_without(data: Mapping[str, Any], error: ValidationError) -> list[Problem]:
    """The Laws a ball with malformed fields breaks in its other fields: checked with the
    malformed ones left out, when the ball is still whole without them (they have defaults)."""
    bad = _malformed_fields(error)
    try:
        ball = _DeliveryFields.model_validate(
            {k: v for k, v in data.items() if k not in bad}, strict=True)
    except ValidationError:
        return []
    return _laws(ball, leave_out=bad)


def _malformed_fields(error: ValidationError) -> frozenset[str]:
    """The top-level fields the model found wrong."""
    return frozenset(str(e["loc"][0]) for e in error.errors() if e["loc"])


def _from_errors(error: ValidationError) -> list[Problem]:
    # unknown fields last and sorted, as scorebook.document.describe has them
    return [_from_error(e) for e in errors_in_order(error)]


def _from_error(e: ErrorDetails) -> Problem:
    field = ".".join(str(p) for p in e["loc"] if str(p) not in ACTION_KINDS) or None
    message = e["msg"].removeprefix("Value error, ")
    code = _CODES.get(e["type"], "invalid_value")
    if e["type"] == "unknown_action_kind":
        field, message = "kind", f"must be one of {', '.join(ACTION_KINDS)}"
    return _from_message(message, code, field)


def _from_message(message: str, code: RefusalCode, field: str | None = None) -> Problem:
    """A message that names its field ("totalRuns: must equal ...") gives the field."""
    head, sep, rest = message.partition(": ")
    if sep and " " not in head:
        field, message = head, rest
    if field in _VOID_FIELDS:
        code = "voided"
    return Problem(field=field, code=code, message=message)


# --- its place in the log, and how a new action is signed ------------------------------------

#: An action's id: `{innings}-{seq:04d}`, or `{innings}-{seq:04d}-c{n}` for a correction.
_ACTION_ID = re.compile(r"[1-9][0-9]?-[0-9]{4}(-c[1-9][0-9]?)?")
_FUTURE_GRACE = timedelta(hours=1)


def _base_problems(data: Mapping[str, Any], context: Context) -> Iterator[Problem]:
    yield from _position_problems(data)
    yield from _timestamp_problems(data.get("timestamp"), context.now)
    yield from _void_problems(data)
    yield from _clients_own_problems(data)
    yield from _reference_problems(data, context)


def _timestamp_problems(stamp: Any, now: datetime) -> Iterator[Problem]:
    if isinstance(stamp, datetime) and stamp.tzinfo is not None and (
            stamp >= now + _FUTURE_GRACE):
        yield Problem(field="timestamp", code="future_timestamp",
                      message="dated more than an hour ahead of the server's clock")


def _void_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    if data.get("isVoided") is not False:
        yield Problem(field="isVoided", code="voided",
                      message=f"a new action says isVoided: false, got {data.get('isVoided')!r}"
                      if "isVoided" in data else "a new action says isVoided: false")
    if data.get("correctedBy") is not None:
        yield Problem(field="correctedBy", code="voided",
                      message="set by the void of the action a correction replaces, not by a"
                      " new action")


def _clients_own_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    """What the model takes but a client may not write (the rules' field lists): the
    functions' own fields, and a void field present even empty (the model objects only to
    one with a value)."""
    yield from _empty_void_fields(data)
    if data.get("source") == "consensus":
        yield Problem(field="source", code="invalid_value",
                      message="consensus is the functions' (what the scorers agreed on): an"
                      " app writes live, manual_entry, import, correction or migration")
    yield from _functions_only_fields(data)


def _empty_void_fields(data: Mapping[str, Any]) -> Iterator[Problem]:
    for field in ("voidReason", "voidedBy", "voidedAt"):
        if field in data and data[field] is not None and not data[field]:
            yield Problem(field=field, code="voided", message="a new action carries no void"
                          " fields (null or left out)")


def _functions_only_fields(data: Mapping[str, Any]) -> Iterator[Problem]:
    for field in FUNCTIONS_ONLY_FIELDS:
        if field in data:
            yield Problem(field=field, code="unknown_field",
                          message="written by the functions only")


def _reference_problems(data: Mapping[str, Any], context: Context) -> Iterator[Problem]:
    """What the action names of the log: the action it corrects, the one it follows."""
    corrects = data.get("corrects")
    if corrects is not None:
        yield from _corrects_problems(corrects, context)
    if context.followed in ("other", "absent"):
        yield _not_followed(data.get("follows") or {}, context.followed)


def _not_followed(follows: Mapping[str, Any], followed: Followed) -> Problem:
    held = "another device's action" if followed == "other" else "nothing"
    return Problem(field="follows", code="not_followed", message=(
        f"built on an action the log does not hold: {follows.get('id')} holds {held};"
        " re-read the log and show the scorer what is there before scoring on"))


def _corrects_problems(corrects: Any, context: Context) -> Iterator[Problem]:
    if not isinstance(corrects, str) or not _ACTION_ID.fullmatch(corrects):
        yield Problem(field="corrects", code="invalid_value",
                      message="names an action of the log by its id (1-0042, 1-0042-c1)")
    elif context.corrected_exists is False:
        yield Problem(field="corrects", code="unknown_correction",
                      message=f"no action {corrects} in this match's log")


def _position_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    position, doc_id = _position_of(data), data.get("id")
    if position is None or not isinstance(doc_id, str) or doc_id == position:
        return
    corrects = data.get("corrects")
    if re.fullmatch(re.escape(position) + r"-c[1-9][0-9]?", doc_id):
        yield from _correction_problems(doc_id, position, corrects)
        return
    yield Problem(field="id", code="not_position",
                  message=f"must be the action's place in the log, {position!r}"
                  f" (or {position}-c<n> for a correction), got {doc_id!r}")


def _position_of(data: Mapping[str, Any]) -> str | None:
    """The action's place in the log, when its innings and sequence numbers are whole and in
    range (otherwise the model and the limits say what is wrong with them)."""
    innings, sequence = data.get("inningsNumber"), data.get("sequenceNumber")
    if not (type(innings) is int and type(sequence) is int):
        return None
    if not (1 <= innings <= 99 and 1 <= sequence <= 9999):
        return None
    return action_id(innings, sequence)


def _correction_problems(doc_id: str, position: str, corrects: Any) -> Iterator[Problem]:
    """A correction at `position` corrects the action there, or a correction of it."""
    if not (isinstance(corrects, str)
            and re.fullmatch(re.escape(position) + r"(-c[0-9]+)?", corrects)):
        yield Problem(field="corrects", code="not_position",
                      message=f"a correction at {doc_id} corrects the action at {position}"
                      f" ({position} or {position}-c<n>)")


# --- the match --------------------------------------------------------------------------------


#: The statuses in which a scorer still records (the rules' isNotOver).
_NOT_OVER = ("scheduled", "live", "innings_break")
_PLAYER_FIELDS = ("strikerId", "nonStrikerId", "bowlerId", "batterId")
_TEAM_FIELDS = ("battingTeamId", "bowlingTeamId", "awardedToTeamId", "winnerId")


def _match_problems(
    data: Mapping[str, Any], match: Mapping[str, Any], match_id: str | None, context: Context
) -> Iterator[Problem]:
    if data.get("matchId") != match_id:
        yield Problem(field="matchId", code="wrong_match",
                      message=f"must be the match written to, {match_id!r}")
    teams = _teams_of(match)
    yield from _team_problems(data, [t.get("id") for t in teams])
    yield from _player_problems(data, teams)
    yield from _kind_problems(data, match)
    yield from _status_problems(data, match, context)


def _teams_of(match: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [t for t in match.get("teams") or [] if isinstance(t, Mapping)]


def _status_problems(data: Mapping[str, Any], match: Mapping[str, Any], context: Context,
                     ) -> Iterator[Problem]:
    """Whether a scorer still records in the match's status (an admin always may)."""
    if context.caller is not None and context.caller.is_admin:
        return
    status = match.get("status", "scheduled")
    if status not in _NOT_OVER:
        yield from _after_the_result(data, match, status)


def _kind_problems(data: Mapping[str, Any], match: Mapping[str, Any]) -> Iterator[Problem]:
    """What an action of its kind may not be in this match: a no-ball's penalty, one batter
    at both ends of an innings' start, a margin past the side, a declaration the format has
    none of."""
    check = _KIND_CHECKS.get(data.get("kind") or "delivery")
    if check is not None:
        yield from check(data, match)


def _no_ball_problems(data: Mapping[str, Any], match: Mapping[str, Any]) -> Iterator[Problem]:
    no_ball = get_path(data, "extras.noBall")
    penalty = match.get("noBallRuns", 1)
    if is_number(no_ball) and no_ball not in (0, penalty):
        yield Problem(field="extras.noBall", code="no_ball_runs",
                      message=f"a no-ball costs this match's noBallRuns = {penalty}, got"
                      f" {no_ball}")


def _openers_problems(data: Mapping[str, Any], _match: Mapping[str, Any]) -> Iterator[Problem]:
    if data.get("strikerId") is not None and data.get("strikerId") == data.get("nonStrikerId"):
        yield Problem(field="nonStrikerId", code="unlawful",
                      message="must differ from strikerId: two batters open an innings")


def _result_problems(data: Mapping[str, Any], match: Mapping[str, Any]) -> Iterator[Problem]:
    yield from _margin_problems(get_path(data, "winMargin.wickets"),
                                match.get("playersPerSide", 11))


def _declaration_problems(_data: Mapping[str, Any], match: Mapping[str, Any],
                          ) -> Iterator[Problem]:
    if not may_declare(match.get("inningsPerSide", 1), match.get("scheduledOvers")):
        yield Problem(field="kind", code="unlawful", message="a limited-overs match of one"
                      " innings a side has no declarations: its innings end all out, at their"
                      " overs or at the target")


_KIND_CHECKS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], Iterator[Problem]]] = {
    "delivery": _no_ball_problems,
    "innings_start": _openers_problems,
    "match_result": _result_problems,
    "declaration": _declaration_problems,
}


def _margin_problems(wickets: Any, players: Any) -> Iterator[Problem]:
    """A side of n players wins by n - 1 wickets at most: its last pair is in (Law 1: eleven
    a side unless agreed otherwise, the match's playersPerSide)."""
    if not _is_whole(wickets):
        return  # (not a whole number: the model's to name)
    if not _is_whole(players):
        yield Problem(field="winMargin.wickets", code="invalid_value",
                      message=f"the match's playersPerSide is not a whole number ({players!r}):"
                      " no margin in wickets can be checked against it")
    elif not 0 <= wickets <= players - 1:
        yield Problem(field="winMargin.wickets", code="out_of_range",
                      message=f"must be from 0 to {players - 1}: a side of {players} wins by"
                      f" {players - 1} wickets at most, got {wickets}")


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _team_problems(data: Mapping[str, Any], team_ids: list[Any]) -> Iterator[Problem]:
    for field in _TEAM_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and value not in team_ids:
            yield Problem(field=field, code="not_in_match",
                          message=f"{value!r} is not one of the match's teams"
                          f" ({', '.join(map(str, team_ids))})")


def _player_problems(data: Mapping[str, Any], teams: list[Mapping[str, Any]]) -> Iterator[Problem]:
    """When the match lists its players (teams[].playerIds), every player an action names is
    one of them; a fielder named as a substitute need not be (Law 24.1)."""
    squad = _squad(teams)
    if not squad:
        return
    wicket = _wicket_of(data)
    substitutes = set(_strings(wicket.get("substituteFielderIds")))
    for field, player in _named_players(data, wicket):
        if isinstance(player, str) and player and player not in squad | substitutes:
            yield Problem(field=field, code="not_in_match",
                          message=f"{player!r} is not a player the match lists")


def _squad(teams: list[Mapping[str, Any]]) -> set[str]:
    return {p for t in teams for p in (t.get("playerIds") or []) if isinstance(p, str)}


def _wicket_of(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return data.get("wicket") if isinstance(data.get("wicket"), Mapping) else {}


def _named_players(data: Mapping[str, Any], wicket: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(field, value) of each player the action names, the wicket's fielders one by one."""
    named = [(field, data.get(field)) for field in _PLAYER_FIELDS]
    named.append(("wicket.dismissedPlayerId", wicket.get("dismissedPlayerId")))
    return named + [(f"wicket.{field}", player) for field in ("fielderIds", "assistFielderIds")
                    for player in _strings(wicket.get(field))]


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _after_the_result(
    data: Mapping[str, Any], match: Mapping[str, Any], status: str
) -> Iterator[Problem]:
    """Once the functions have found the result, a scorer still records what closes the match,
    however quickly they found it: the officials' result, which stands whatever the log
    gives (Law 16: the umpires decide it; the fold flags a difference), the innings' end,
    and after a tie no super over has decided (no winner) the super over that decides it;
    nothing else (an admin may). (The rules also take that super over's balls before the
    functions fold its start, which reads the log: a refused one is explained as here.)"""
    if status == "completed" and _closes_the_match(data, match):
        return
    yield Problem(field=None, code="match_over", message=f"match is {status}")


def _closes_the_match(data: Mapping[str, Any], match: Mapping[str, Any]) -> bool:
    kind = data.get("kind") or "delivery"
    if kind in ("match_result", "innings_end"):
        return True
    return kind == "innings_start" and _deciding_super_over(data, match)


def _deciding_super_over(data: Mapping[str, Any], match: Mapping[str, Any]) -> bool:
    """A super over's start after a tie no super over has decided (no winner)."""
    return (match.get("resultType") == "tie" and match.get("winnerId") is None
            and data.get("isSuperOver") is True)


# --- who writes --------------------------------------------------------------------------------


def _caller_problems(data: Mapping[str, Any], context: Context) -> Iterator[Problem]:
    caller = context.caller
    assert caller is not None
    if data.get("recordedBy") != caller.uid:
        yield Problem(field="recordedBy", code="not_caller",
                      message=f"must be the caller's uid, {caller.uid!r}")
    if not caller.is_admin:
        yield from _scorer_problems(caller, context)
        yield from _award_problems(data)


def _award_problems(data: Mapping[str, Any]) -> Iterator[Problem]:
    if data.get("method") == "Awarded":
        yield Problem(field="method", code="admin_only",
                      message="an award (Law 16.4) is recorded by an admin")


def _scorer_problems(caller: Caller, context: Context) -> Iterator[Problem]:
    """Who is not an admin scores the match, and writes its balls directly only when one
    scorer's word is taken."""
    if not _is_scorer(caller, context):
        yield Problem(field=None, code="not_scorer",
                      message="the caller is not an assigned scorer of this match")
    elif (context.match or {}).get("validation") in CONSENSUS_TIERS:
        yield Problem(field=None, code="needs_consensus",
                      message="this match's balls need its scorers' agreement: submit your "
                      "view as submissions/{position}_{uid} (docs/consensus.md)")


def _is_scorer(caller: Caller, context: Context) -> bool:
    """An active scorer role in force now (the rules' isScorer), read at its deterministic
    id; an assignment stored under another id, revoked, ended, not begun or a no-show
    grants nothing."""
    roles = caller.match_roles or {}
    match_id = context.match_id or ""
    for role in SCORER_ROLES:
        doc = roles.get(assignment_id(match_id, caller.uid, role))
        if isinstance(doc, Mapping) and in_force(doc, match_id, caller.uid, role, context.now):
            return True
    return False


def _may_write(data: Mapping[str, Any], context: Context) -> Problem | None:
    """The rules' identical retry: by an admin, or by whoever recorded it while they score
    the match."""
    caller = context.caller
    if caller is None or caller.is_admin:
        return None
    if data.get("recordedBy") == caller.uid and _is_scorer(caller, context):
        return None
    return Problem(field=None, code="not_scorer", message="not the caller's action")


# --- JSON as Firestore types ------------------------------------------------------------------

_TIMESTAMPS = ("timestamp", "createdAt", "updatedAt", "voidedAt")


def _as_firestore(draft: Mapping[str, Any]) -> dict[str, Any]:
    """The draft with its timestamps as datetimes (a JSON draft has them as text)."""
    data = dict(draft)
    for field in _TIMESTAMPS:
        if data.get(field) is not None:
            data[field] = _as_datetime(data[field])
    return data


def _as_datetime(value: Any) -> Any:
    """A timestamp's text as a datetime; anything else as it is (the model names it)."""
    stamp = as_timestamp(value)
    return stamp if stamp is not None else value


def _unique(problems: Sequence[Problem]) -> list[Problem]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for p in problems:
        if (p.field, p.message) not in seen:
            seen.add((p.field, p.message))
            out.append(p)
    return out


#: For the callable's answer: `{ok, problems}`.
def answer(problems: Sequence[Problem]) -> dict[str, Any]:
    return {"ok": not problems, "problems": [p.model_dump() for p in problems]}

