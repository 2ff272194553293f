"""The legacy data model, and its conversion into the event log (pure: no Firebase import).

Old apps kept each match's balls in a ``ballHistory`` array on ``matches/{id}/live/score``,
team selections on the match (``teamSelection``) and on the pre-match procedure, and roles
on people (``teamIds``, ``assignedSchools``) and on the match (``umpires``, ``scorer``).
The legacy data is messy, so the legacy models accept almost anything and the converters
report what they could not use instead of failing.

What the legacy ball does not say, and how it is recovered:

- over and ball numbers: counted from legal deliveries (a wide or no-ball is re-bowled,
  Laws 21.1 and 22.1), never ``index // 6``;
- the non-striker: never stored; recovered from the sequence of strikers (the other batter
  at the crease), else from the batting order for a batter who never faced;
- who was out: a run out may be the non-striker's; recovered from who batted on;
- the extras: ``extraType`` comes as ``"wide"``, ``"wd"``, ``"No Ball"``, ``"leg-bye"``...
  and ``extraRuns`` as a number or a string; a no-ball's ``extraRuns`` holds the penalty
  *and* any runs run (byes, Law 21.7), while runs off the bat stay in ``runs``.

``legacy_from_cricsheet`` builds legacy documents from a real Cricsheet match (data from
cricsheet.org, Open Data Commons Attribution License), with the legacy faults, so that the
migration can be tested against a known true scorecard.
"""

from __future__ import annotations

import hashlib
import json
import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scorebook.actions import (
    Action,
    Coordinates,
    Extras,
    InningsStart,
    Retirement,
    ScoringAction,
    ShotData,
    Wicket,
    action_id,
)
from scorebook.cricsheet import load_match, slug
from scorebook.document import describe, to_document
from scorebook.firestore.paths import MATCH_ROLES, SCHOOL_ROLES, TEAM_ROLES
from scorebook.laws.dismissals import NOT_OUT_RETIREMENTS, STRIKER_ONLY
from scorebook.match import Match, MatchLineup, Player, Team, lineup_id
from scorebook.roles import (
    MatchRoleAssignment,
    SchoolRole,
    SchoolRoleAssignment,
    TeamRole,
    TeamRoleAssignment,
)
from scorebook.views.scorecard import LiveScoreProjection, project

MIGRATION_SOURCE = "migration"
#: Fields the legacy apps kept on live/score beside the ballHistory (the totals they showed).
LEGACY_TOTAL_FIELDS = (
    "totalRuns",
    "totalWickets",
    "oversCompleted",
    "totalExtras",
    "inningsScores",
)

# ---------------------------------------------------------------------------------------------
# Legacy models: lenient, because old clients wrote whatever they had
# ---------------------------------------------------------------------------------------------


class Legacy(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


def _to_int(value: Any) -> int:
    """Legacy numbers come as ints, floats or strings ("1", "1.0", ""); None and "" are 0."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
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
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return _to_time(float(text))
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    raise ValueError(f"not a timestamp: {value!r}")


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
        return None if value is None or value == "" else _to_int(value)

    @field_validator("timestamp", mode="before")
    @classmethod
    def _time(cls, value: Any) -> datetime | None:
        return _to_time(value)

    @field_validator("fielderIds", mode="before")
    @classmethod
    def _fielders(cls, value: Any) -> list[str]:
        if value is None or value == "":
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
        if value is None or value == "":
            return []
        items = value if isinstance(value, list) else [value]
        return [str(v.get("uid") or v.get("id")) if isinstance(v, Mapping) else str(v)
                for v in items if v]

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
        if value is None or value == "":
            return []
        return [str(v) for v in (value if isinstance(value, list) else [value]) if v]

    @field_validator("createdAt", mode="before")
    @classmethod
    def _time(cls, value: Any) -> datetime | None:
        return _to_time(value)


# ---------------------------------------------------------------------------------------------
# Problems
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Normalising the loose vocabulary
# ---------------------------------------------------------------------------------------------

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
    runs, extra = ball.runs, ball.extraRuns
    notes: list[str] = []
    if kind is None:
        if extra:
            # Runs with no type: the striker did not score them and nothing says leg-byes.
            notes.append(f"extraRuns {extra} without extraType: counted as byes")
            return runs, Extras(bye=extra), notes
        return runs, Extras(), notes
    if kind == "wide":
        # Law 22.6: every run on a wide is a wide, including any an app put in ``runs``;
        # a wide is at least the one-run penalty even when the app stored 0.
        wide = max(extra, 1) + runs
        if runs:
            notes.append(f"{runs} runs on a wide counted as wides")
        return 0, Extras(wide=wide), notes
    if kind == "noBall":
        # Law 21.7: the no-ball penalty, plus runs run that are not off the bat as byes (the
        # legacy ball cannot say bye or leg-bye); runs off the bat stay the striker's.
        if extra < no_ball_runs:
            notes.append(f"no-ball with extraRuns {extra}: the {no_ball_runs}-run penalty added")
        ran = max(extra - no_ball_runs, 0)
        return runs, Extras(noBall=no_ball_runs, bye=ran), notes
    if kind in ("bye", "legBye"):
        # Some apps put byes in ``runs``: they are never the striker's runs (Law 23).
        total = extra or runs
        if runs and extra:
            notes.append(f"runs {runs} and extraRuns {extra} on a {kind}: kept extraRuns")
        elif runs:
            notes.append(f"{runs} {kind} runs stored in runs moved to extras")
        return 0, Extras(**{kind: total}), notes
    return runs, Extras(penalty=extra), notes  # penalty runs (Law 41) on the delivery


# ---------------------------------------------------------------------------------------------
# ballHistory -> scoring actions
# ---------------------------------------------------------------------------------------------


@dataclass
class _Ball:
    index: int
    ball: LegacyBall
    innings: int
    runs_off_bat: int
    extras: Extras
    out_type: str | None  # normalised wicket/retirement type, or None


def _team_of(match: Match) -> dict[str, str]:
    return {p.id: t.id for t in match.teams for p in t.players}


def _parse_balls(
    match: Match, history: list[Any], problems: list[LegacyProblem]
) -> list[_Ball]:
    team_of = _team_of(match)
    out: list[_Ball] = []
    innings = 0
    batting: str | None = None
    for index, item in enumerate(history):
        read = _read_ball(index, item, match, problems)
        if read is None:
            continue
        ball, runs, extras, out_type = read
        team = team_of.get(ball.strikerId)
        number = _innings_of(ball, team, innings=innings, batting=batting)
        if number < innings:
            problems.append(LegacyProblem(index, "innings_went_back",
                                          f"innings {number} after innings {innings}: skipped"))
            continue
        innings, batting = number, team or batting
        out.append(_Ball(index, ball, number, runs, extras, out_type))
    return out


def _read_ball(
    index: int, item: Any, match: Match, problems: list[LegacyProblem]
) -> tuple[LegacyBall, int, Extras, str | None] | None:
    """The ball, its runs off the bat, its extras and how a batter left; None if unreadable."""
    if not isinstance(item, Mapping):
        problems.append(LegacyProblem(index, "not_an_object",
                                      f"expected a map, got {type(item).__name__}"))
        return None
    try:
        ball = LegacyBall.model_validate(dict(item))
        runs, extras, notes = split_extras(ball, match.noBallRuns)
        out_type = normalize_wicket_type(ball.wicketType)
    except (ValidationError, ValueError) as error:
        problems.append(LegacyProblem(index, "unreadable", _describe(error)))
        return None
    for note in notes:
        problems.append(LegacyProblem(index, "extras_guessed", note))
    if out_type is None and ball.isWicket:
        # The oldest app set only the flag; a wicket with a fielder was most likely caught.
        out_type = "caught" if ball.fielderIds else "bowled"
        problems.append(LegacyProblem(index, "wicket_type_missing",
                                      f"isWicket without wicketType: assumed {out_type}"))
    return ball, runs, extras, out_type


def _innings_of(ball: LegacyBall, team: str | None, *, innings: int, batting: str | None) -> int:
    """The innings a ball belongs to: as recorded, else the next one when the first ball is
    bowled or the other side bats, else the current one."""
    if ball.innings is not None:
        return ball.innings
    if innings == 0 or (team is not None and batting is not None and team != batting):
        return innings + 1  # the other side batting: the next innings
    return innings


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(describe(error, whole="(item)"))
    return str(error)


class _Unknown:
    """A batter at the crease whose name the legacy balls have not given yet: he is named
    when he first faces, or guessed from the batting order if he never does."""

    def __init__(self, number: int, after_over_end: bool = False) -> None:
        self.number = number
        #: came in after a wicket on the last ball of an over
        self.after_over_end = after_over_end
        self.pid: str | None = None
        #: named in an action (a token replaced before any ball needs no name)
        self.used = False


Ref = str | _Unknown


class _Innings:
    """Who is at the crease through one innings of legacy balls, recovered from the sequence
    of strikers (the legacy ball names only the striker)."""

    def __init__(
        self,
        number: int,
        balls: list[_Ball],
        order: list[str],
        balls_per_over: int,
        problems: list[LegacyProblem],
    ) -> None:
        self.number = number
        self.balls = balls
        self.order = order
        self.problems = problems
        self.strikers = [b.ball.strikerId for b in balls]
        self.removals = [i for i, b in enumerate(balls) if b.out_type]
        self.over_ends: list[bool] = []
        legal = 0
        for b in balls:
            is_legal = not (b.extras.wide or b.extras.noBall)
            legal += is_legal
            self.over_ends.append(is_legal and legal % balls_per_over == 0)
        self.tokens: list[_Unknown] = []
        self.pair: list[Ref] = [self.strikers[0], self._token()]

    def _token(self, after_over_end: bool = False) -> _Unknown:
        token = _Unknown(len(self.tokens) + 1, after_over_end)
        self.tokens.append(token)
        return token

    def faces_after(self, ref: Ref, i: int, until: int | None = None) -> bool:
        if isinstance(ref, _Unknown):
            return False
        end = len(self.strikers) - 1 if until is None else until
        return ref in self.strikers[i + 1 : end + 1]

    def next_removal(self, i: int) -> int | None:
        return next((r for r in self.removals if r > i), None)

    def at_ball(self, i: int) -> tuple[str, Ref]:
        """(striker, non-striker) for the i-th ball of the innings."""
        striker = self.strikers[i]
        if striker not in self.pair:
            unknown = [k for k in (0, 1) if isinstance(self.pair[k], _Unknown)]
            if len(unknown) == 2:
                # Both batters unnamed: the incoming batter takes the dismissed batter's end
                # (Law 18.11), so he faces next unless the wicket fell on the last ball of
                # the over and the ends changed.
                older, newer = sorted(unknown, key=lambda k: self.pair[k].number)  # type: ignore[union-attr]
                slot = older if self.pair[newer].after_over_end else newer  # type: ignore[union-attr]
            elif unknown:
                slot = unknown[0]
            else:
                # A new batter without a recorded wicket (a lost wicket or retirement): he
                # replaced whichever partner does not bat again.
                gone = next((k for k in (0, 1) if not self.faces_after(self.pair[k], i)), None)
                if gone is None:
                    gone = 0 if self.pair[0] != self.strikers[i - 1] else 1
                self.problems.append(LegacyProblem(
                    self.balls[i].index, "batter_without_wicket",
                    f"{striker} came in with no wicket recorded; assumed {self.pair[gone]} left"))
                slot = gone
            held = self.pair[slot]
            if isinstance(held, _Unknown):
                held.pid = striker
            self.pair[slot] = striker
        non_striker = self.pair[1 - self.pair.index(striker)]
        if isinstance(non_striker, _Unknown):
            non_striker.used = True
        return striker, non_striker

    def remove(self, i: int, striker: str, non_striker: Ref) -> Ref:
        """Who left the crease at ball i, which the legacy ball does not say."""
        b = self.balls[i]
        kind = b.out_type or ""
        if kind in STRIKER_ONLY:
            out: Ref = striker
        else:
            # A run out (or retirement) may be the non-striker's: whoever bats on was not
            # out. A retired-hurt batter may come back later, so for him look only up to
            # the next wicket.
            until = self.next_removal(i) if kind in NOT_OUT_RETIREMENTS else None
            if self.faces_after(striker, i, until):
                out = non_striker
            elif self.faces_after(non_striker, i, until):
                out = striker
            else:
                out = striker
                self.problems.append(LegacyProblem(
                    b.index, "dismissed_batter_guessed",
                    f"{kind}: neither batter faced again; assumed the striker {striker}, "
                    f"not the non-striker {_name(non_striker) or '(not yet named)'}"))
        slot = 0 if self.pair[0] is out else 1
        self.pair[slot] = self._token(after_over_end=self.over_ends[i])
        return out

    def name_the_unknown(self) -> None:
        """Batters who were at the crease but never faced: the next in the batting order who
        never batted, else a placeholder id."""
        named = {t.pid for t in self.tokens} | set(self.strikers)
        reserve = [p for p in self.order if p not in named]
        for token in self.tokens:
            if token.pid is not None or not token.used:
                continue
            if reserve:
                token.pid = reserve.pop(0)
                self.problems.append(LegacyProblem(
                    None, "non_striker_guessed",
                    f"innings {self.number}: a batter who never faced was at the crease; "
                    f"assumed {token.pid}, next in the batting order"))
            else:
                token.pid = f"unknown-batter-{self.number}-{token.number}"
                self.problems.append(LegacyProblem(
                    None, "non_striker_unknown",
                    f"innings {self.number}: a batter who never faced is unknown ({token.pid})"))


def _name(ref: Ref) -> str:
    return (ref.pid or "") if isinstance(ref, _Unknown) else ref


def match_day(match: Match) -> datetime:
    """Midnight UTC of the match's first day (1970-01-01 when it has none): the time of what
    the legacy data left undated, the same on every run."""
    return datetime.combine(
        match.dates[0] if match.dates else date(1970, 1, 1), datetime.min.time(), tzinfo=UTC
    )


def _batting_orders(match: Match, selections: Mapping[str, LegacySelection] | None) -> dict:
    orders = {t.id: [p.id for p in t.players if not p.isSubstitute] for t in match.teams}
    for team_id, sel in (selections or {}).items():
        if sel.playerIds:
            orders[team_id] = list(sel.playerIds)
    return orders


def convert_ball_history(
    match: Match,
    legacy_live_score: Mapping[str, Any] | LegacyLiveScore,
    *,
    recorded_by: str = MIGRATION_SOURCE,
    selections: Mapping[str, LegacySelection] | None = None,
) -> tuple[list[Action], list[LegacyProblem]]:
    """The scoring actions (``source: migration``) a legacy ``live/score`` stands for, in log
    order, and the problems met. A bad item is reported and skipped, never fatal.

    Each innings starts with an ``innings_start``; ids are ``action_id(innings, seq)``, so
    converting the same legacy document twice gives the same documents.
    ``selections`` (team id -> selection) gives the batting order used to name a batter who
    was at the crease but never faced.
    """
    problems: list[LegacyProblem] = []
    if isinstance(legacy_live_score, LegacyLiveScore):
        live = legacy_live_score
    else:
        try:
            live = LegacyLiveScore.model_validate(dict(legacy_live_score))
        except ValidationError as error:
            return [], [LegacyProblem(None, "unreadable", _describe(error))]
    balls = _parse_balls(match, live.ballHistory, problems)
    team_of = _team_of(match)
    orders = _batting_orders(match, selections)
    fallback_time = match_day(match)
    actions: list[Action] = []
    for number in sorted({b.innings for b in balls}):
        inn_balls = [b for b in balls if b.innings == number]
        batting = next((team_of[b.ball.strikerId] for b in inn_balls
                        if b.ball.strikerId in team_of), None)
        if batting is None:
            batting = match.teams[0].id
            problems.append(LegacyProblem(inn_balls[0].index, "batting_side_unknown",
                                          f"innings {number}: no striker is in a team; "
                                          f"assumed {batting}"))
        crease = _Innings(
            number, inn_balls, orders.get(batting, []), match.ballsPerOver, problems
        )
        # First who stood where, then the names of those who never faced: a batter's name
        # may only come from a ball much later in the innings.
        plan: list[tuple[str, Ref, Ref | None]] = []
        for i, b in enumerate(inn_balls):
            striker, non_striker = crease.at_ball(i)
            out = crease.remove(i, striker, non_striker) if b.out_type else None
            if isinstance(out, _Unknown):
                out.used = True
            plan.append((striker, non_striker, out))
        crease.name_the_unknown()
        actions.extend(_innings_actions(
            match, number, batting, inn_balls, plan,
            recorded_by=recorded_by, fallback_time=fallback_time, problems=problems,
        ))
    return actions, problems


def _innings_actions(
    match: Match,
    number: int,
    batting: str,
    inn_balls: list[_Ball],
    plan: list[tuple[str, Ref, Ref | None]],
    *,
    recorded_by: str,
    fallback_time: datetime,
    problems: list[LegacyProblem],
) -> list[Action]:
    bowling = next(t.id for t in match.teams if t.id != batting)
    log = _ActionLog(match.id, number, recorded_by)
    overs = _OverCount(match.ballsPerOver)
    stamp = inn_balls[0].ball.timestamp or fallback_time
    log.actions.append(InningsStart(
        **log.next_fields(stamp), kind="innings_start", battingTeamId=batting,
        bowlingTeamId=bowling,
        # Innings after the regulation ones can only be super overs.
        isSuperOver=number > 2 * match.inningsPerSide,
        strikerId=plan[0][0], nonStrikerId=_name(plan[0][1]),
        bowlerId=inn_balls[0].ball.bowlerId,
    ))
    for b, (striker, non_striker, out) in zip(inn_balls, plan, strict=True):
        lb = b.ball
        stamp = lb.timestamp or stamp
        is_legal = not (b.extras.wide or b.extras.noBall)
        over, ball_in_over = overs.next_delivery()
        wicket, retirement = _dismissal(b, out)
        shot = _shot(b, problems)
        try:
            action = ScoringAction(
                **log.next_fields(stamp),
                overNumber=over,
                ballInOver=ball_in_over,
                strikerId=striker,
                nonStrikerId=_name(non_striker),
                bowlerId=lb.bowlerId,
                runsOffBat=b.runs_off_bat,
                extras=b.extras,
                totalRuns=b.runs_off_bat + b.extras.total,
                isWicket=wicket is not None,
                wicket=wicket,
                isLegalDelivery=is_legal,
                shotData=shot,
            )
        except ValidationError as error:
            log.give_back()
            problems.append(LegacyProblem(b.index, "breaks_the_laws", _describe(error)))
            continue
        log.actions.append(action)
        overs.count(is_legal=is_legal)
        if retirement is not None:
            log.actions.append(Retirement(**log.next_fields(stamp), kind="retirement",
                                          batterId=retirement[0], type=retirement[1]))
    return log.actions


class _ActionLog:
    """The actions of one innings, numbered in log order."""

    def __init__(self, match_id: str, number: int, recorded_by: str) -> None:
        self.match_id = match_id
        self.number = number
        self.recorded_by = recorded_by
        self.actions: list[Action] = []
        self.seq = 0

    def next_fields(self, at: datetime) -> dict[str, Any]:
        """The fields every action has, with the next sequence number."""
        self.seq += 1
        return {
            "id": action_id(self.number, self.seq),
            "matchId": self.match_id,
            "inningsNumber": self.number,
            "sequenceNumber": self.seq,
            "timestamp": at,
            "createdAt": at,
            "recordedBy": self.recorded_by,
            "source": MIGRATION_SOURCE,
        }

    def give_back(self) -> None:
        """A delivery that was not written leaves no gap in the sequence."""
        self.seq -= 1


class _OverCount:
    """Wides and no-balls are bowled again (Laws 21.1, 22.1): the over is counted in legal
    deliveries, and ballInOver counts every delivery of that over."""

    def __init__(self, balls_per_over: int) -> None:
        self.balls_per_over = balls_per_over
        self.legal = 0
        self.last_over: int | None = None
        self.ball_in_over = 0

    def next_delivery(self) -> tuple[int, int]:
        """(overNumber, ballInOver) of the next delivery."""
        over = self.legal // self.balls_per_over
        self.ball_in_over = self.ball_in_over + 1 if over == self.last_over else 1
        self.last_over = over
        return over, self.ball_in_over

    def count(self, *, is_legal: bool) -> None:
        """Only a delivery that was written counts towards the over."""
        self.legal += is_legal


def _dismissal(b: _Ball, out: Ref | None) -> tuple[Wicket | None, tuple[str, str] | None]:
    """The ball's wicket, or the retirement (batter, type) that follows it."""
    if out is None:
        return None, None
    kind = b.out_type or ""
    if kind.startswith("retired"):
        # A retirement happens between deliveries: its own event (Law 25.4).
        return None, (_name(out), kind)
    wicket = Wicket(
        type=b.out_type, dismissedPlayerId=_name(out), fielderIds=list(b.ball.fielderIds)
    )
    return wicket, None


def _shot(b: _Ball, problems: list[LegacyProblem]) -> ShotData | None:
    coords = b.ball.coordinates or {}
    if "x" not in coords or "y" not in coords:
        return None
    try:
        return ShotData(coordinates=Coordinates(x=coords["x"], y=coords["y"]))
    except ValidationError:
        problems.append(LegacyProblem(b.index, "coordinates_dropped",
                                      f"unreadable coordinates {coords!r}"))
        return None


# ---------------------------------------------------------------------------------------------
# Comparing the rebuilt live/score with the legacy totals
# ---------------------------------------------------------------------------------------------


def legacy_totals(live: LiveScoreProjection) -> dict[str, Any]:
    """The totals a legacy live/score showed, as the true projection has them."""
    scores = [
        {
            "innings": s.inningsNumber,
            "battingTeamId": s.battingTeamId,
            "runs": s.runs,
            "wickets": s.wickets,
            # the legacy apps wrote overs as text ("12.4"); live/score has the number 12.4
            "overs": str(s.overs),
            "extras": s.extras.total,
        }
        for s in live.innings
    ]
    last = scores[-1] if scores else {"runs": 0, "wickets": 0, "overs": "0.0", "extras": 0}
    return {
        "totalRuns": last["runs"],
        "totalWickets": last["wickets"],
        "oversCompleted": last["overs"],
        "totalExtras": last["extras"],
        "inningsScores": scores,
    }


def compare_totals(legacy: Mapping[str, Any], live_score: Mapping[str, Any]) -> list[str]:
    """Every difference between the legacy document's totals and a new ``live/score``
    document (or projection): ``"innings 2 runs: legacy 187, rebuilt 186"``."""
    old = LegacyLiveScore.model_validate(dict(legacy))
    new = LiveScoreProjection.model_validate(dict(live_score))
    rebuilt = legacy_totals(new)
    diffs: list[str] = []
    if old.inningsScores:
        by_number = {s["innings"]: s for s in rebuilt["inningsScores"]}
        for inn in old.inningsScores:
            got = by_number.pop(inn.innings, None)
            if got is None:
                diffs.append(f"innings {inn.innings}: in the legacy totals, not rebuilt")
                continue
            for key in ("battingTeamId", "runs", "wickets", "overs", "extras"):
                want = getattr(inn, key)
                if want is not None and want != got[key]:
                    diffs.append(f"innings {inn.innings} {key}: legacy {want!r}, "
                                 f"rebuilt {got[key]!r}")
        for number in sorted(by_number):
            diffs.append(f"innings {number}: rebuilt, not in the legacy totals")
    for key in ("totalRuns", "totalWickets", "oversCompleted", "totalExtras"):
        want = getattr(old, key)
        if want is not None and want != rebuilt[key]:
            diffs.append(f"{key}: legacy {want!r}, rebuilt {rebuilt[key]!r}")
    return diffs


# ---------------------------------------------------------------------------------------------
# Team selections -> lineups; role fields -> role assignments
# ---------------------------------------------------------------------------------------------


def convert_lineups(
    match: Match,
    legacy_match: Mapping[str, Any],
    pre_match: Mapping[str, Any] | None = None,
) -> tuple[list[MatchLineup], list[LegacyProblem]]:
    """One ``MatchLineup`` per selected player (``{teamId}_{playerId}``), in the selection's
    order as the batting order, with its captain and keeper, ``selectedBy: "migration"``,
    selected and created at the start of the match's first day (:func:`match_day`: the same
    documents on every run). No ``name``: the match's team list names the players. The
    pre-match procedure's selection is the one confirmed at the toss, so it wins over the
    match's."""
    problems: list[LegacyProblem] = []
    selections = dict(LegacyMatch.model_validate(dict(legacy_match)).teamSelection)
    if pre_match:
        selections.update(LegacyPreMatch.model_validate(dict(pre_match)).teamSelection)
    names = match.player_names()
    at = match_day(match)
    lineups = []
    for team_id, sel in sorted(selections.items()):
        if match.team(team_id) is None:
            problems.append(LegacyProblem(
                None, "unknown_team", f"teamSelection for {team_id!r}, not a team of the match"))
            continue
        ids = list(dict.fromkeys(sel.playerIds))  # a player selected twice plays once
        if len(ids) != len(sel.playerIds):
            problems.append(LegacyProblem(None, "duplicate_player",
                                          f"{team_id}: a player is selected twice"))
        for pid in ids:
            if pid not in names:
                problems.append(LegacyProblem(None, "unknown_player",
                                              f"{team_id}: {pid!r} is not a player of the match"))
        if not ids:
            problems.append(LegacyProblem(None, "empty_selection", f"{team_id}: no players"))
            continue
        captain = sel.captainId if sel.captainId in ids else None
        keeper = sel.wicketKeeperId if sel.wicketKeeperId in ids else None
        for field, value, kept in (("captainId", sel.captainId, captain),
                                   ("wicketKeeperId", sel.wicketKeeperId, keeper)):
            if value and not kept:
                problems.append(LegacyProblem(None, "not_selected",
                                              f"{team_id}: {field} {value!r} is not selected"))
        lineups += [
            MatchLineup(
                id=lineup_id(team_id, pid), matchId=match.id, teamId=team_id, playerId=pid,
                role="playing_xi", isCaptain=pid == captain, isViceCaptain=False,
                isWicketkeeper=pid == keeper, battingPosition=position,
                selectedAt=at, selectedBy=MIGRATION_SOURCE, createdAt=at,
            )
            for position, pid in enumerate(ids, start=1)
        ]
    return lineups, problems


@dataclass(frozen=True)
class RoleAssignment:
    collection: str  # match_role_assignments | team_role_assignments | school_role_assignments
    doc_id: str
    data: dict[str, Any]


def _day(value: str | None) -> datetime | None:
    if not value:
        return None
    d = date.fromisoformat(value[:10])
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


#: The start (and assignment time) of a migrated assignment whose legacy data has no date:
#: a fixed time, so that a second run writes the same document (the migration is idempotent).
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_COLLECTIONS = {MatchRoleAssignment: MATCH_ROLES, TeamRoleAssignment: TEAM_ROLES,
                SchoolRoleAssignment: SCHOOL_ROLES}


def _role(model: type[Any], scope_id: str, uid: str, role: str, *,
          when: datetime | None, **fields: Any) -> RoleAssignment:
    """A role assignment as the product schema has it, assigned by the migration."""
    doc = model.assign(scope_id, uid, role, by=MIGRATION_SOURCE, at=when or _EPOCH,
                       source=MIGRATION_SOURCE, **fields)
    return RoleAssignment(_COLLECTIONS[model], doc.id, to_document(doc))


def match_roles(match_id: str, legacy_match: Mapping[str, Any]) -> list[RoleAssignment]:
    """``Match.scorer`` and ``Match.umpires`` -> ``match_role_assignments/{matchId}_{uid}_{role}``
    (``scorer_neutral``, ``umpire_on_field``), bounded by the days of the match. A person
    listed as both holds both roles."""
    lm = LegacyMatch.model_validate(dict(legacy_match))
    start = _day(lm.dates[0]) if lm.dates else None
    end = _day(lm.dates[-1]) + timedelta(days=1) if lm.dates else None
    out: dict[str, RoleAssignment] = {}
    for role, uids in (("scorer_neutral", lm.scorer), ("umpire_on_field", lm.umpires)):
        for uid in uids:
            found = _role(MatchRoleAssignment, match_id, uid, role, when=start,
                          status="assigned", startDate=start, endDate=end)
            out.setdefault(found.doc_id, found)
    return list(out.values())


#: Legacy school role words -> the schema's school roles; other words grant nothing and are
#: not migrated (a "member" or "teacher" has no role in the schema).
SCHOOL_ROLE_WORDS = {
    **{r: r for r in typing.get_args(SchoolRole)},
    "head_of_cricket": "director_of_cricket",
    "director": "director_of_cricket",
    "admin": "administrator",
    "coach": "head_coach",
}


def _word(value: str | None) -> str:
    return (value or "").strip().lower().replace(" ", "_").replace("-", "_")


def person_roles(uid: str, person: Mapping[str, Any]) -> list[RoleAssignment]:
    """``Person.teamIds`` and ``Person.assignedSchools`` -> team and school role assignments,
    open-ended from when the person was created. A legacy captain (or vice-captain) is a
    ``player`` with the flag; any other word that is not a team role makes a ``player``."""
    p = LegacyPerson.model_validate(dict(person))
    out = []
    word = _word(p.role)
    team_role = word if word in typing.get_args(TeamRole) else "player"
    for team_id in p.teamIds:
        out.append(_role(TeamRoleAssignment, team_id, uid, team_role,
                         when=p.createdAt, startDate=p.createdAt or _EPOCH,
                         isCaptain=word == "captain", isViceCaptain=word == "vice_captain"))
    for school in p.assignedSchools:
        if isinstance(school, Mapping):
            school_id, role = school.get("schoolId") or school.get("id"), school.get("role")
        else:
            school_id, role = school, None
        school_role = SCHOOL_ROLE_WORDS.get(_word(role or p.role))
        if not school_id or school_role is None:
            continue
        out.append(_role(SchoolRoleAssignment, str(school_id), uid, school_role,
                         when=p.createdAt, startDate=p.createdAt or _EPOCH, isPrimary=True))
    return out


# ---------------------------------------------------------------------------------------------
# A legacy dataset from real matches
# ---------------------------------------------------------------------------------------------

#: How differently the legacy apps spelt the same extra.
_EXTRA_SPELLINGS = {
    "wide": ("wide", "Wide", "wd", "WIDE"),
    "noBall": ("noball", "No Ball", "nb", "no-ball"),
    "bye": ("bye", "Bye", "b"),
    "legBye": ("legbye", "leg bye", "lb", "Leg-Bye"),
    "penalty": ("penalty",),
}
_WICKET_SPELLINGS = {
    "run_out": ("run out", "Run Out", "run_out", "runOut"),
    "caught": ("caught", "Caught", "c"),
    "bowled": ("bowled", "Bowled"),
    "lbw": ("lbw", "LBW"),
    "stumped": ("stumped", "Stumped"),
    "hit_wicket": ("hit wicket", "hitWicket"),
    "retired_hurt": ("retired hurt", "Retired Hurt"),
    "retired_out": ("retired out", "retired_out"),
    "retired_not_out": ("retired not out",),
}


def _pick(options: tuple[str, ...], key: str) -> str:
    """A deterministic choice (a legacy dataset must be the same on every run)."""
    return options[int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(options)]


def legacy_ball(action: ScoringAction, retired: Retirement | None = None) -> dict[str, Any]:
    """A delivery as a legacy app stored it: no non-striker, extras typed loosely, a no-ball's
    byes merged into extraRuns, timestamps in epoch milliseconds."""
    e = action.extras
    kind = next((k for k in ("wide", "noBall", "bye", "legBye", "penalty")
                 if getattr(e, k)), None)
    extra_runs: Any = e.total
    key = action.id + action.matchId
    if kind is not None and _pick(("int", "str"), key + "n") == "str":
        extra_runs = str(extra_runs)  # some apps stored numbers typed in as text
    item: dict[str, Any] = {
        "runs": action.runsOffBat,
        "extraType": _pick(_EXTRA_SPELLINGS[kind], key) if kind else None,
        "extraRuns": extra_runs,
        "isWicket": action.isWicket or retired is not None,
        "wicketType": None,
        "strikerId": action.strikerId,
        "bowlerId": action.bowlerId,
        "fielderIds": [],
        "coordinates": None,
        "timestamp": int(action.timestamp.timestamp() * 1000),
        "innings": action.inningsNumber,
    }
    if action.wicket is not None:
        item["wicketType"] = _pick(_WICKET_SPELLINGS.get(action.wicket.type,
                                                         (action.wicket.type,)), key)
        item["fielderIds"] = list(action.wicket.fielderIds)
    elif retired is not None:
        item["wicketType"] = _pick(_WICKET_SPELLINGS[retired.type], key)
    if action.runsOffBat:
        h = hashlib.sha1(key.encode()).digest()
        item["coordinates"] = {"x": round(h[0] / 255, 3), "y": round(h[1] / 255, 3)}
    return item


def legacy_from_cricsheet(
    path: str | Path, match_id: str | None = None
) -> dict[str, dict[str, Any]]:
    """Legacy documents (path -> document) for a real Cricsheet match: the match with its
    legacy ``teamSelection``/``umpires``/``scorer``, ``live/score`` with the ``ballHistory``
    and the totals the app showed, the pre-match procedure, and the people with their roles.
    """
    match, actions = load_match(path, match_id=match_id)
    mid = match.id
    live = _legacy_live_score(match, actions)
    info = json.loads(Path(path).read_text(encoding="utf-8"))["info"]
    registry = info.get("registry", {}).get("people", {})
    umpires = [registry.get(n) or slug(n) for n in info.get("officials", {}).get("umpires", [])]
    scorer = f"scorer-{mid}"
    selection = _legacy_team_selection(match)
    people = _legacy_people(match, umpires, scorer)
    match_doc = to_document(match, json=True) | {
        "teamSelection": selection,
        "umpires": umpires,
        "scorer": scorer,
    }
    return {
        f"matches/{mid}": match_doc,
        f"matches/{mid}/live/score": live,
        f"matches/{mid}/pre_match/procedure": {"teamSelection": selection},
        **people,
    }


def _legacy_live_score(match: Match, actions: list[Action]) -> dict[str, Any]:
    """The ballHistory (a retirement rides on the delivery before it) and the totals."""
    retirements = {}
    for prev, nxt in zip(actions, actions[1:], strict=False):
        if nxt.kind == "retirement" and prev.kind == "delivery":
            retirements[prev.id] = nxt
    history = [legacy_ball(d, retirements.get(d.id)) for d in actions if d.kind == "delivery"]
    return {"ballHistory": history, **legacy_totals(project(match, actions))}


def _playing(team: Team) -> list[Player]:
    return [p for p in team.players if not p.isSubstitute]


def _legacy_team_selection(match: Match) -> dict[str, dict[str, Any]]:
    return {
        team.id: {
            "playerIds": [p.id for p in _playing(team)],
            "captainId": None,
            "wicketKeeperId": next((p.id for p in _playing(team) if p.isWicketkeeper), None),
        }
        for team in match.teams
    }


def _legacy_people(match: Match, umpires: list[str], scorer: str) -> dict[str, dict[str, Any]]:
    """The person documents, with roles spread over fields as the legacy apps kept them."""
    people: dict[str, dict[str, Any]] = {}
    for team in match.teams:
        for p in _playing(team):
            people[f"persons/{p.id}"] = {"name": p.name, "role": "player", "teamIds": [team.id]}
        manager = f"manager-{team.id}"
        people[f"persons/{manager}"] = {
            "name": f"{team.name} manager", "role": "team_manager", "teamIds": team.id,
            "assignedSchools": [{"schoolId": f"school-{team.id}", "role": "coach"}],
            "createdAt": "2020-01-01T00:00:00Z",
        }
    for uid in umpires:
        people[f"persons/{uid}"] = {"name": uid, "role": "umpire", "assignedSchools": []}
    people[f"persons/{scorer}"] = {"name": "Scorer", "role": "scorer",
                                   "assignedSchools": [f"school-{match.teams[0].id}"]}
    return people


def legacy_dataset(paths: Iterable[str | Path], prefix: str = "") -> dict[str, dict[str, Any]]:
    """``legacy_from_cricsheet`` of several matches as one dataset (match id: ``prefix`` +
    the file's stem). A person who played in several of them is one document, in every one
    of their teams, as a legacy app kept them."""
    dataset: dict[str, dict[str, Any]] = {}
    for path in paths:
        docs = legacy_from_cricsheet(path, match_id=f"{prefix}{Path(path).stem}")
        for doc_path, doc in docs.items():
            known = dataset.get(doc_path)
            dataset[doc_path] = doc if known is None else _same_person(known, doc)
    return dataset


def _same_person(known: dict[str, Any], again: dict[str, Any]) -> dict[str, Any]:
    def listed(value: Any) -> list[Any]:
        return value if isinstance(value, list) else [value] if value else []

    merged = dict(known)
    for key in ("teamIds", "assignedSchools"):
        items = listed(known.get(key)) + [v for v in listed(again.get(key))
                                          if v not in listed(known.get(key))]
        if items != listed(known.get(key)):
            merged[key] = items
    return merged


def legacy_match_ids(documents: Iterable[str]) -> list[str]:
    return sorted({p.split("/")[1] for p in documents if p.startswith("matches/")})


__all__ = [
    "LegacyBall",
    "LegacyLiveScore",
    "LegacyMatch",
    "LegacyPerson",
    "LegacyPreMatch",
    "LegacyProblem",
    "compare_totals",
    "convert_ball_history",
    "convert_lineups",
    "legacy_dataset",
    "legacy_from_cricsheet",
    "legacy_totals",
    "match_roles",
    "person_roles",
    "split_extras",
]
