"""What a match's followers are told, pure: the feed's events worth a notification (a wicket,
a fifty or a hundred, the end of an innings, the result), worded as a phone shows them.

A follower chooses which of the four kinds (`KINDS`) to be told of; the functions write one
notification document per follower and event (`users/{uid}/notifications/{id}`, its id the
match's, the action's and the event's key: a task tried again, or an event re-published by a
correction, finds it written and tells nobody twice) and send it to the follower's devices
through Firebase Cloud Messaging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from scorebook.document import Schema, View

Kind = Literal["wicket", "milestone", "innings", "result"]
KINDS: tuple[Kind, ...] = ("wicket", "milestone", "innings", "result")
#: a batter's fifty and hundred (and every fifty after): the milestones a follower is told of
_BATTER_MARK = 50


class Following(Schema):
    """``matches/{matchId}/followers/{uid}``: a person follows a match, written by their app
    (the rules: only themself, and only a match they may follow)."""

    kinds: list[Kind] = Field(default_factory=list)
    """The kinds of event to be told of; none named: all four."""
    createdAt: datetime | None = None


class Device(Schema):
    """``users/{uid}/devices/{deviceId}``: a device of the person's that takes notifications
    through Firebase Cloud Messaging, registered by their app."""

    token: str = Field(min_length=1, max_length=4096)
    """The device's FCM registration token (forgotten when FCM no longer knows it)."""
    platform: Literal["web", "android", "ios"] = "web"
    createdAt: datetime | None = None


class Notice(View):
    """``users/{uid}/notifications/{matchId}-{actionId}-{key}``: one notification of one event
    of a match's feed, as every follower of its kind gets it (written by the Cloud
    Functions)."""

    matchId: str
    seq: int
    """The event's `seq` in the match's feed."""
    key: str
    """The event's key (``WICKET_FALLEN:3``): with the action, what it is about."""
    kind: Kind
    title: str
    """The match ("Home v Away")."""
    body: str
    """What happened: "WICKET! Smith c Jones b Brown 34 (120/3)"."""
    actionId: str | None = None
    createdAt: datetime | None = None
    """When the functions wrote it (the server's time)."""


def notice_id(notice: Notice) -> str:
    return f"{notice.matchId}-{notice.actionId}-{notice.key}"


def notices(match_id: str, title: str, events: Iterable[tuple[int, Mapping[str, Any]]],
            names: Mapping[str, str]) -> list[Notice]:
    """The notifications of these published events (`seq`, document), in `seq` order;
    `names` words a player or a side by id. A retracted event tells nobody."""
    out = []
    for seq, event in sorted(events, key=lambda item: item[0]):
        if event.get("retracted"):
            continue
        said = _said(event, names)
        if said is not None:
            kind, body = said
            out.append(Notice(matchId=match_id, seq=seq, key=str(event.get("key")), kind=kind,
                              title=title, body=body, actionId=event.get("actionId")))
    return out


def _said(event: Mapping[str, Any], names: Mapping[str, str]) -> tuple[Kind, str] | None:
    say = _SAYINGS.get(str(event.get("type")))
    return say(event.get("payload") or {}, names) if say is not None else None


def _wicket(payload: Mapping[str, Any], names: Mapping[str, str]) -> tuple[Kind, str] | None:
    fall = payload.get("fallOfWicket") or {}
    batter = payload.get("batter") or {}
    runs = f" {batter['runs']}" if isinstance(batter.get("runs"), int) else ""
    who = _name(names, payload.get("batterId"))
    return "wicket", (f"WICKET! {who} {payload.get('description', '')}{runs} "
                      f"({fall.get('score')}/{fall.get('wicketNumber')})")


def _milestone(payload: Mapping[str, Any], names: Mapping[str, str]) -> tuple[Kind, str] | None:
    value = _batter_mark(payload)
    if value is None:
        return None  # a side's or a stand's runs, five wickets...: the scorecard's
    word = {50: "Fifty", 100: "Hundred"}.get(value, str(value))
    balls = f" off {payload['balls']} balls" if payload.get("balls") else ""
    who = _name(names, (payload.get("playerIds") or [None])[0])
    return "milestone", f"{word} for {who}{balls}"


def _batter_mark(payload: Mapping[str, Any]) -> int | None:
    """The runs of a batter's milestone a notice is sent for (every _BATTER_MARK runs)."""
    value = payload.get("value")
    if payload.get("milestone") != "batter_runs" or not isinstance(value, int) or (
            value % _BATTER_MARK):
        return None
    return value


def _innings(payload: Mapping[str, Any], _: Mapping[str, str]) -> tuple[Kind, str] | None:
    total = payload.get("total") or {}
    return "innings", (f"Innings over: {total.get('runs')}/{total.get('wickets')} "
                       f"({total.get('overs')} ov)")


def _result(payload: Mapping[str, Any], _: Mapping[str, str]) -> tuple[Kind, str] | None:
    return "result", str(payload.get("result") or "The match is over")


_SAYINGS: dict[str, Callable[[Mapping[str, Any], Mapping[str, str]], tuple[Kind, str] | None]] = {
    "WICKET_FALLEN": _wicket, "MILESTONE_ACHIEVED": _milestone,
    "INNINGS_COMPLETE": _innings, "MATCH_COMPLETE": _result,
}


def _name(names: Mapping[str, str], pid: Any) -> str:
    return names.get(pid, str(pid)) if pid else "?"


def wanted(kinds: Any) -> set[str]:
    """The kinds a follower's document asks for (all four when it names none)."""
    if not isinstance(kinds, list) or not kinds:
        return set(KINDS)
    return {k for k in kinds if k in KINDS}
