"""The legacy documents, read leniently (old clients wrote whatever they had), what the
converters could not use, and the legacy spellings of extras and dismissals."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scorebook.actions import (
    Extras,
)

MIGRATION_SOURCE = "migration"


#: Fields the legacy apps kept on live/score beside the ballHistory (the totals they showed).
LEGACY_TOTAL_FIELDS = (
    "totalRuns",
    "totalWickets",
    "oversCompleted",
    "totalExtras",
    "inningsScores",
)


class Legacy(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


def _to_int(value: Any) -> int:
    """Legacy numbers come as ints, floats or strings ("1", "1.0", ""); None and "" are 0."""
    if value in (None, ""):
        return 0
    if isinstance(value, int):  # a bool too: True is 1
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return _text_to_int(value)
    raise ValueError(f"not a whole number: {value!r}")


def _text_to_int(value: str) -> int:
    """A whole number written as text ("1", " 1.0 ")."""
    text = value.strip()
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(f"not a whole number: {value!r}")


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "y")
    return bool(value)


def _to_time(value: Any) -> datetime | None:
    """Legacy timestamps: epoch milliseconds (JavaScript's ``Date.now()``), epoch seconds,
    ISO strings, or Firestore timestamps."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return _in_utc_if_naive(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _epoch_time(value)
    if isinstance(value, str):
        return _text_time(value.strip())
    raise ValueError(f"not a timestamp: {value!r}")


def _epoch_time(value: float) -> datetime:
    """Epoch milliseconds (any number past 1e11: as seconds, the year 5138) or seconds."""
    seconds = value / 1000 if abs(value) > 1e11 else value
    return datetime.fromtimestamp(seconds, tz=UTC)


def _text_time(text: str) -> datetime:
    """An epoch number written as text, or an ISO time (UTC when it names no zone)."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _epoch_time(float(text))
    return _in_utc_if_naive(datetime.fromisoformat(text.replace("Z", "+00:00")))


def _in_utc_if_naive(stamp: datetime) -> datetime:
    """A time that names no zone is UTC."""
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


class LegacyBall(Legacy):
    """One item of the legacy ``ballHistory`` array. It never had a non-striker."""

    runs: int = 0
    extraType: str | None = None
    extraRuns: int = 0
    isWicket: bool = False
    wicketType: str | None = None
    strikerId: str = Field(min_length=1)
    bowlerId: str = Field(min_length=1)
    fielderIds: list[str] = Field(default_factory=list)
    coordinates: dict[str, Any] | None = None
    timestamp: datetime | None = None
    #: the innings the app was scoring (absent in the oldest data: inferred from the batting
    #: side changing).
    innings: int | None = None

    @field_validator("runs", "extraRuns", mode="before")
    @classmethod
    def _number(cls, value: Any) -> int:
        n = _to_int(value)
        if n < 0:
            raise ValueError("must not be negative")
        return n

    @field_validator("isWicket", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        return _to_bool(value)

    @field_validator("innings", mode="before")
    @classmethod
    def _innings(cls, value: Any) -> int | None:
        return None if value in (None, "") else _to_int(value)

    @field_validator("timestamp", mode="before")
    @classmethod
    def _time(cls, value: Any) -> datetime | None:
        return _to_time(value)

    @field_validator("fielderIds", mode="before")
    @classmethod
    def _fielders(cls, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value if v]


class LegacyInningsScore(Legacy):
    innings: int
    battingTeamId: str | None = None
    runs: int = 0
    wickets: int = 0
    overs: str | None = None
    extras: int | None = None


class LegacyLiveScore(Legacy):
    """``matches/{id}/live/score`` as the legacy apps wrote it."""

    ballHistory: list[Any] = Field(default_factory=list)
    totalRuns: int | None = None
    totalWickets: int | None = None
    oversCompleted: str | None = None
    totalExtras: int | None = None
    inningsScores: list[LegacyInningsScore] = Field(default_factory=list)


class LegacySelection(Legacy):
    """One team's selection: ``{"playerIds": [...], "captainId": ..., "wicketKeeperId": ...}``
    (some apps stored just the list of ids)."""

    playerIds: list[str] = Field(default_factory=list)
    captainId: str | None = None
    wicketKeeperId: str | None = None


def _as_list(value: Any) -> list[Any]:
    """A legacy field that holds one item or a list of them, as a list (None and "": none)."""
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def _uid(item: Any) -> str:
    """A legacy uid, or the uid (else the id) of a map."""
    return str(item.get("uid") or item.get("id")) if isinstance(item, Mapping) else str(item)


def _selections(value: Any) -> dict[str, LegacySelection]:
    if not isinstance(value, Mapping):
        return {}
    out = {}
    for team_id, sel in value.items():
        if isinstance(sel, list):
            sel = {"playerIds": sel}
        out[str(team_id)] = LegacySelection.model_validate(sel)
    return out


class LegacyMatch(Legacy):
    """The legacy fields of ``matches/{id}`` (the rest is the new ``Match``)."""

    teamSelection: dict[str, LegacySelection] = Field(default_factory=dict)
    umpires: list[str] = Field(default_factory=list)
    scorer: list[str] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)

    @field_validator("teamSelection", mode="before")
    @classmethod
    def _sel(cls, value: Any) -> dict[str, LegacySelection]:
        return _selections(value)

    @field_validator("umpires", "scorer", mode="before")
    @classmethod
    def _uids(cls, value: Any) -> list[str]:
        # a single uid, a list of uids, or a list of {"uid": ...} maps
        return [_uid(v) for v in _as_list(value) if v]

    @field_validator("dates", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> list[str]:
        return [str(v)[:10] for v in value or []]


class LegacyPreMatch(Legacy):
    """The legacy pre-match procedure: the team sheets confirmed at the toss."""

    teamSelection: dict[str, LegacySelection] = Field(default_factory=dict)

    @field_validator("teamSelection", mode="before")
    @classmethod
    def _sel(cls, value: Any) -> dict[str, LegacySelection]:
        return _selections(value)


class LegacyPerson(Legacy):
    """A legacy person: team membership and school assignments, each with the person's role."""

    name: str | None = None
    role: str | None = None
    teamIds: list[str] = Field(default_factory=list)
    assignedSchools: list[Any] = Field(default_factory=list)
    createdAt: datetime | None = None

    @field_validator("teamIds", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> list[str]:
        return [str(v) for v in _as_list(value) if v]

    @field_validator("createdAt", mode="before")
    @classmethod
    def _time(cls, value: Any) -> datetime | None:
        return _to_time(value)


@dataclass(frozen=True)
class LegacyProblem:
    """Something in the legacy data that was skipped or guessed. ``index`` is the position
    in ``ballHistory`` (None for the document as a whole)."""

    index: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"ballHistory[{self.index}]" if self.index is not None else "document"
        return f"{where}: {self.code}: {self.message}"


_EXTRA_TYPES = {
    "wide": "wide", "wides": "wide", "wd": "wide", "w": "wide",
    "noball": "noBall", "noballs": "noBall", "nb": "noBall", "n": "noBall",
    "bye": "bye", "byes": "bye", "b": "bye",
    "legbye": "legBye", "legbyes": "legBye", "lb": "legBye", "lbye": "legBye",
    "penalty": "penalty", "pen": "penalty", "penaltyruns": "penalty",
    "": None, "none": None, "null": None,
}


_WICKET_TYPES = {
    "bowled": "bowled", "b": "bowled",
    "caught": "caught", "c": "caught", "caughtandbowled": "caught", "candb": "caught",
    "lbw": "lbw", "legbeforewicket": "lbw",
    "runout": "run_out", "ro": "run_out",
    "stumped": "stumped", "st": "stumped",
    "hitwicket": "hit_wicket", "hw": "hit_wicket",
    "handledball": "handled_ball", "handledtheball": "handled_ball",
    "obstructingthefield": "obstructing_field", "obstructingfield": "obstructing_field",
    "obstruction": "obstructing_field",
    "hittheballtwice": "hit_the_ball_twice", "hitballtwice": "hit_the_ball_twice",
    "timedout": "timed_out",
    "retiredout": "retired_out",
    "retiredhurt": "retired_hurt", "retired": "retired_hurt",
    "retirednotout": "retired_not_out",
}


def _squash(text: str | None) -> str:
    return re.sub(r"[^a-z]", "", (text or "").lower().replace("&", "and"))


def normalize_extra_type(raw: str | None) -> str | None:
    """``"Wide"``, ``"wd"``, ``"no-ball"``, ``"Leg Bye"`` -> ``wide``/``noBall``/``bye``/
    ``legBye``/``penalty``/None. Raises ValueError for a word the legacy apps never used."""
    key = _squash(raw)
    if key not in _EXTRA_TYPES:
        raise ValueError(f"unknown extraType {raw!r}")
    return _EXTRA_TYPES[key]


def normalize_wicket_type(raw: str | None) -> str | None:
    """``"Run Out"``, ``"run_out"``, ``"c&b"`` -> the schema's wicket type (None if empty)."""
    key = _squash(raw)
    if not key:
        return None
    if key not in _WICKET_TYPES:
        raise ValueError(f"unknown wicketType {raw!r}")
    return _WICKET_TYPES[key]


def split_extras(
    ball: LegacyBall, no_ball_runs: int = 1
) -> tuple[int, Extras, list[str]]:
    """(runs off the bat, extras, notes) of a legacy ball.

    The legacy ``runs`` are the runs credited to the striker and ``extraRuns`` every other
    run of the ball; each legacy app bent that a little, hence the notes.
    """
    kind = normalize_extra_type(ball.extraType)
    split = _SPLITS.get(kind, _penalty)
    return split(kind, ball.runs, ball.extraRuns, no_ball_runs)


#: (runs off the bat, extras, notes) from a legacy ball's kind of extra, its ``runs``, its
#: ``extraRuns`` and the match's no-ball penalty
_Split = Callable[[str | None, int, int, int], tuple[int, Extras, list[str]]]


def _untyped(_kind: str | None, runs: int, extra: int, _no_ball: int
             ) -> tuple[int, Extras, list[str]]:
    if extra:
        # Runs with no type: the striker did not score them and nothing says leg-byes.
        return runs, Extras(bye=extra), [f"extraRuns {extra} without extraType: counted as byes"]
    return runs, Extras(), []


def _wide(_kind: str | None, runs: int, extra: int, _no_ball: int
          ) -> tuple[int, Extras, list[str]]:
    # Law 22.6: every run on a wide is a wide, including any an app put in ``runs``;
    # a wide is at least the one-run penalty even when the app stored 0.
    wide = max(extra, 1) + runs
    notes = [f"{runs} runs on a wide counted as wides"] if runs else []
    return 0, Extras(wide=wide), notes


def _no_ball(_kind: str | None, runs: int, extra: int, no_ball_runs: int
             ) -> tuple[int, Extras, list[str]]:
    # Law 21.7: the no-ball penalty, plus runs run that are not off the bat as byes (the
    # legacy ball cannot say bye or leg-bye); runs off the bat stay the striker's.
    notes = ([f"no-ball with extraRuns {extra}: the {no_ball_runs}-run penalty added"]
             if extra < no_ball_runs else [])
    ran = max(extra - no_ball_runs, 0)
    return runs, Extras(noBall=no_ball_runs, bye=ran), notes


def _bye(kind: str | None, runs: int, extra: int, _no_ball: int
         ) -> tuple[int, Extras, list[str]]:
    # Some apps put byes in ``runs``: they are never the striker's runs (Law 23).
    total = extra or runs
    notes = []
    if runs and extra:
        notes.append(f"runs {runs} and extraRuns {extra} on a {kind}: kept extraRuns")
    elif runs:
        notes.append(f"{runs} {kind} runs stored in runs moved to extras")
    return 0, Extras(**{str(kind): total}), notes


def _penalty(_kind: str | None, runs: int, extra: int, _no_ball: int
             ) -> tuple[int, Extras, list[str]]:
    return runs, Extras(penalty=extra), []  # penalty runs (Law 41) on the delivery


_SPLITS: dict[str | None, _Split] = {
    None: _untyped, "wide": _wide, "noBall": _no_ball, "bye": _bye, "legBye": _bye,
}
