"""A legacy ballHistory converted into the event log, and the legacy totals compared with the
projection's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

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
from scorebook.document import describe
from scorebook.laws.dismissals import NOT_OUT_RETIREMENTS, STRIKER_ONLY
from scorebook.match import Match
from scorebook.views.scorecard import LiveScoreProjection
from scorebook_tools.legacy.models import (
    MIGRATION_SOURCE,
    LegacyBall,
    LegacyLiveScore,
    LegacyProblem,
    LegacySelection,
    normalize_wicket_type,
    split_extras,
)


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
        out_type = _assumed_wicket_type(index, ball, problems)
    return ball, runs, extras, out_type


def _assumed_wicket_type(index: int, ball: LegacyBall, problems: list[LegacyProblem]) -> str:
    """The oldest app set only the flag; a wicket with a fielder was most likely caught
    (reported)."""
    out_type = "caught" if ball.fielderIds else "bowled"
    problems.append(LegacyProblem(index, "wicket_type_missing",
                                  f"isWicket without wicketType: assumed {out_type}"))
    return out_type


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


def _over_ends(balls: list[_Ball], balls_per_over: int) -> list[bool]:
    """Whether each ball was the last of its over, counted in legal deliveries."""
    over_ends: list[bool] = []
    legal = 0
    for b in balls:
        is_legal = not (b.extras.wide or b.extras.noBall)
        legal += is_legal
        over_ends.append(is_legal and legal % balls_per_over == 0)
    return over_ends


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
        self.over_ends = _over_ends(balls, balls_per_over)
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
            slot = self._slot_of_new_batter(i, striker)
            held = self.pair[slot]
            if isinstance(held, _Unknown):
                held.pid = striker
            self.pair[slot] = striker
        non_striker = self.pair[1 - self.pair.index(striker)]
        if isinstance(non_striker, _Unknown):
            non_striker.used = True
        return striker, non_striker

    def _slot_of_new_batter(self, i: int, striker: str) -> int:
        """Which end of the pair (0 or 1) a striker not yet at the crease took at ball i."""
        unknown = [k for k in (0, 1) if isinstance(self.pair[k], _Unknown)]
        if len(unknown) == 2:
            # Both batters unnamed: the incoming batter takes the dismissed batter's end
            # (Law 18.11), so he faces next unless the wicket fell on the last ball of
            # the over and the ends changed.
            older, newer = sorted(unknown, key=lambda k: self.pair[k].number)  # type: ignore[union-attr]
            return older if self.pair[newer].after_over_end else newer  # type: ignore[union-attr]
        if unknown:
            return unknown[0]
        return self._slot_left_without_wicket(i, striker)

    def _slot_left_without_wicket(self, i: int, striker: str) -> int:
        """A new batter without a recorded wicket (a lost wicket or retirement): he replaced
        whichever partner does not bat again (reported)."""
        gone = next((k for k in (0, 1) if not self.faces_after(self.pair[k], i)), None)
        if gone is None:
            gone = 0 if self.pair[0] != self.strikers[i - 1] else 1
        self.problems.append(LegacyProblem(
            self.balls[i].index, "batter_without_wicket",
            f"{striker} came in with no wicket recorded; assumed {self.pair[gone]} left"))
        return gone

    def remove(self, i: int, striker: str, non_striker: Ref) -> Ref:
        """Who left the crease at ball i, which the legacy ball does not say."""
        kind = self.balls[i].out_type or ""
        out = (striker if kind in STRIKER_ONLY else
               self._either_batter_out(i, kind, striker, non_striker))
        slot = 0 if self.pair[0] is out else 1
        self.pair[slot] = self._token(after_over_end=self.over_ends[i])
        return out

    def _either_batter_out(self, i: int, kind: str, striker: str, non_striker: Ref) -> Ref:
        """A run out (or retirement) may be the non-striker's: whoever bats on was not out. A
        retired-hurt batter may come back later, so for him look only up to the next wicket.
        When neither bats again, the striker (reported)."""
        until = self.next_removal(i) if kind in NOT_OUT_RETIREMENTS else None
        if self.faces_after(striker, i, until):
            return non_striker
        if not self.faces_after(non_striker, i, until):
            self.problems.append(LegacyProblem(
                self.balls[i].index, "dismissed_batter_guessed",
                f"{kind}: neither batter faced again; assumed the striker {striker}, "
                f"not the non-striker {_name(non_striker) or '(not yet named)'}"))
        return striker

    def name_the_unknown(self) -> None:
        """Batters who were at the crease but never faced: the next in the batting order who
        never batted, else a placeholder id."""
        reserve = self._never_named()
        for token in self.tokens:
            if token.pid is None and token.used:
                self._name_token(token, reserve)

    def _never_named(self) -> list[str]:
        """The batting order's players the innings names nowhere, in order."""
        named = {t.pid for t in self.tokens} | set(self.strikers)
        return [p for p in self.order if p not in named]

    def _name_token(self, token: _Unknown, reserve: list[str]) -> None:
        """Name a batter who never faced: the first of `reserve` (taken from it), else a
        placeholder id; reported either way."""
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
    try:
        live = _legacy_live_score(legacy_live_score)
    except ValidationError as error:
        return [], [LegacyProblem(None, "unreadable", _describe(error))]
    balls = _parse_balls(match, live.ballHistory, problems)
    team_of = _team_of(match)
    orders = _batting_orders(match, selections)
    fallback_time = match_day(match)
    actions: list[Action] = []
    for number in sorted({b.innings for b in balls}):
        inn_balls = [b for b in balls if b.innings == number]
        batting = _batting_side(match, team_of, number, inn_balls, problems)
        crease = _Innings(
            number, inn_balls, orders.get(batting, []), match.ballsPerOver, problems
        )
        plan = _crease_plan(crease, inn_balls)
        actions.extend(_innings_actions(
            match, number, batting, inn_balls, plan,
            recorded_by=recorded_by, fallback_time=fallback_time, problems=problems,
        ))
    return actions, problems


def _legacy_live_score(doc: Mapping[str, Any] | LegacyLiveScore) -> LegacyLiveScore:
    """The legacy document as read, or read now (raises ValidationError)."""
    if isinstance(doc, LegacyLiveScore):
        return doc
    return LegacyLiveScore.model_validate(dict(doc))


def _batting_side(match: Match, team_of: Mapping[str, str], number: int,
                  inn_balls: list[_Ball], problems: list[LegacyProblem]) -> str:
    """The team of the innings' first striker who is in a team; else the match's first team
    (reported)."""
    batting = next((team_of[b.ball.strikerId] for b in inn_balls
                    if b.ball.strikerId in team_of), None)
    if batting is None:
        batting = match.teams[0].id
        problems.append(LegacyProblem(inn_balls[0].index, "batting_side_unknown",
                                      f"innings {number}: no striker is in a team; "
                                      f"assumed {batting}"))
    return batting


def _crease_plan(crease: _Innings, inn_balls: list[_Ball]) -> list[tuple[str, Ref, Ref | None]]:
    """(striker, non-striker, who left) at each ball of the innings. First who stood where,
    then the names of those who never faced: a batter's name may only come from a ball much
    later in the innings."""
    plan: list[tuple[str, Ref, Ref | None]] = []
    for i, b in enumerate(inn_balls):
        striker, non_striker = crease.at_ball(i)
        out = crease.remove(i, striker, non_striker) if b.out_type else None
        if isinstance(out, _Unknown):
            out.used = True
        plan.append((striker, non_striker, out))
    crease.name_the_unknown()
    return plan


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
    log = _ActionLog(match.id, number, recorded_by)
    overs = _OverCount(match.ballsPerOver)
    stamp = inn_balls[0].ball.timestamp or fallback_time
    log.actions.append(_innings_start(match, number, batting, inn_balls[0], plan[0],
                                      fields=log.next_fields(stamp)))
    for b, (striker, non_striker, out) in zip(inn_balls, plan, strict=True):
        stamp = b.ball.timestamp or stamp
        is_legal = not (b.extras.wide or b.extras.noBall)
        over, ball_in_over = overs.next_delivery()
        wicket, retirement = _dismissal(b, out)
        try:
            action = ScoringAction(
                **log.next_fields(stamp),
                overNumber=over,
                ballInOver=ball_in_over,
                strikerId=striker,
                nonStrikerId=_name(non_striker),
                bowlerId=b.ball.bowlerId,
                runsOffBat=b.runs_off_bat,
                extras=b.extras,
                totalRuns=b.runs_off_bat + b.extras.total,
                isWicket=wicket is not None,
                wicket=wicket,
                isLegalDelivery=is_legal,
                shotData=_shot(b, problems),
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


def _innings_start(match: Match, number: int, batting: str, first: _Ball,
                   first_plan: tuple[str, Ref, Ref | None], *,
                   fields: dict[str, Any]) -> InningsStart:
    """The innings' opening event: the sides, and who stood where for its first ball."""
    return InningsStart(
        **fields, kind="innings_start", battingTeamId=batting,
        bowlingTeamId=next(t.id for t in match.teams if t.id != batting),
        # Innings after the regulation ones can only be super overs.
        isSuperOver=number > 2 * match.inningsPerSide,
        strikerId=first_plan[0], nonStrikerId=_name(first_plan[1]),
        bowlerId=first.ball.bowlerId,
    )


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
    diffs = _innings_differences(old, rebuilt) if old.inningsScores else []
    return diffs + _differing("", old, rebuilt, ("totalRuns", "totalWickets", "oversCompleted",
                                                  "totalExtras"))


def _innings_differences(old: LegacyLiveScore, rebuilt: Mapping[str, Any]) -> list[str]:
    """Innings by innings: one the legacy totals have and the rebuild lacks, the figures
    they disagree on, and one only the rebuild has."""
    diffs: list[str] = []
    by_number = {s["innings"]: s for s in rebuilt["inningsScores"]}
    for inn in old.inningsScores:
        got = by_number.pop(inn.innings, None)
        if got is None:
            diffs.append(f"innings {inn.innings}: in the legacy totals, not rebuilt")
            continue
        diffs += _differing(f"innings {inn.innings} ", inn, got,
                            ("battingTeamId", "runs", "wickets", "overs", "extras"))
    for number in sorted(by_number):
        diffs.append(f"innings {number}: rebuilt, not in the legacy totals")
    return diffs


def _differing(label: str, legacy: Any, rebuilt: Mapping[str, Any],
               keys: tuple[str, ...]) -> list[str]:
    """The `keys` the legacy totals have (a legacy app left some out) and the rebuilt ones
    do not agree with, a line each."""
    return [f"{label}{key}: legacy {want!r}, rebuilt {rebuilt[key]!r}" for key in keys
            if (want := getattr(legacy, key)) is not None and want != rebuilt[key]]
