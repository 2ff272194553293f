"""Tiny factories for actions: a ``Book`` scores a match the way a scoring app would.

book = Book()                 # T20, Home (h1..h11) v Away (a1..a11)
book.start()                  # innings 1: home bats
book.ball(4)                  # striker/bowler/over filled in from the book's own state
book.ball(wide=1)
book.ball(out="caught", fielders=["a3"])
live = book.live()            # LiveScoreProjection
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from scorebook.actions import (
    Action,
    BowlingAngle,
    Extras,
    ScoringAction,
    Wicket,
    action_id,
    parse_action,
)
from scorebook.fold.handlers import apply
from scorebook.match import Match, Player, Team
from scorebook.state import FoldState, initial_state
from scorebook.views.scorecard import LiveScoreProjection, project

HOME_NAMES = [
    "Ali",
    "Brown",
    "Cook",
    "Dev",
    "Evans",
    "Fox",
    "Gill",
    "Hale",
    "Iqbal",
    "Jones",
    "Khan",
]
AWAY_NAMES = [
    "Smith",
    "Taylor",
    "Usman",
    "Vance",
    "Wood",
    "Xu",
    "Young",
    "Zaman",
    "Bell",
    "Root",
    "Stone",
]
KEEPER = "a7"  # Young keeps wicket for Away
T0 = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)


def make_match(**overrides: Any) -> Match:
    """A T20 between Home and Away unless overridden (ballsPerOver, scheduledOvers, ...)."""
    teams = [
        Team(
            id="home",
            name="Home",
            players=[Player(id=f"h{i + 1}", name=n) for i, n in enumerate(HOME_NAMES)],
        ),
        Team(
            id="away",
            name="Away",
            players=[
                Player(id=f"a{i + 1}", name=n, isWicketkeeper=f"a{i + 1}" == KEEPER)
                for i, n in enumerate(AWAY_NAMES)
            ],
        ),
    ]
    fields: dict[str, Any] = {
        "id": "m1",
        "name": "Home v Away",
        "matchType": "T20",
        "ballsPerOver": 6,
        "scheduledOvers": 20,
        "inningsPerSide": 1,
        "teams": teams,
    }
    fields.update(overrides)
    return Match(**fields)


def two_innings_match(**overrides: Any) -> Match:
    """A Test: two innings a side, no over limit."""
    return make_match(matchType="Test", scheduledOvers=None, inningsPerSide=2, **overrides)


def delivery(**fields: Any) -> ScoringAction:
    """A valid delivery document, with ``fields`` overriding the defaults (raw, no book)."""
    extras = fields.pop("extras", {})
    runs = fields.get("runsOffBat", 0)
    total = runs + sum(extras.values())
    legal = not (extras.get("wide") or extras.get("noBall"))
    data: dict[str, Any] = {
        "id": "1-0001",
        "matchId": "m1",
        "inningsNumber": 1,
        "sequenceNumber": 1,
        "overNumber": 0,
        "ballInOver": 1,
        "strikerId": "h1",
        "nonStrikerId": "h2",
        "bowlerId": "a1",
        "runsOffBat": runs,
        "extras": extras,
        "totalRuns": total,
        "isLegalDelivery": legal,
        "timestamp": T0,
        "recordedBy": "scorer-1",
        "source": "live",
    }
    data.update(fields)
    return ScoringAction.model_validate(data)


class Book:
    """Writes a match's log one action at a time, like a scorer's app."""

    def __init__(self, match: Match | None = None) -> None:
        self.match = match or make_match()
        self.actions: list[Action] = []
        self.state: FoldState = initial_state(self.match)
        self.innings = 0
        self.seq = 0
        self.over = 0
        self.legal_in_over = 0
        self.ball_in_over = 0
        self.bowlers: tuple[str, ...] = ("a1", "a2")

    # -- writing ---------------------------------------------------------------------------

    def _base(self) -> dict[str, Any]:
        self.seq += 1
        n = len(self.actions)
        return {
            "id": action_id(self.innings, self.seq),
            "matchId": self.match.id,
            "inningsNumber": self.innings,
            "sequenceNumber": self.seq,
            "timestamp": T0 + timedelta(seconds=30 * n),
            "recordedBy": "scorer-1",
            "source": "live",
        }

    def add(self, action: Action) -> Action:
        self.actions.append(action)
        apply(self.state, action)
        return action

    def void(self, action: Action) -> None:
        """Undo `action`: voided in the log, the state replayed without it."""
        voided = action.model_copy(update={"isVoided": True, "voidReason": "undone",
                                           "voidedBy": "scorer-1"})
        self.actions = [voided if a is action else a for a in self.actions]
        self.state = initial_state(self.match)
        for a in self.actions:
            apply(self.state, a)

    def event(self, kind: str, **fields: Any) -> Action:
        """Any non-delivery action of the current innings."""
        return self.add(parse_action({**self._base(), "kind": kind, **fields}))

    def start(
        self,
        batting: str | None = None,
        *,
        super_over: bool = False,
        bowlers: tuple[str, ...] | None = None,
        **fields: Any,
    ) -> Action:
        """Start the next innings; by default the teams take turns, home first, and two
        bowlers (x1, x2) take turns, or ``bowlers`` in rotation."""
        self.innings += 1
        self.seq = 0
        self.over = self.legal_in_over = self.ball_in_over = 0
        if batting is None:
            cur = self.state.current()
            batting = cur.bowlingTeamId if cur is not None else "home"
        bowling = "away" if batting == "home" else "home"
        prefix = bowling[0]
        self.bowlers = bowlers or (f"{prefix}1", f"{prefix}2")
        return self.event(
            "innings_start",
            battingTeamId=batting,
            bowlingTeamId=bowling,
            isSuperOver=super_over,
            **fields,
        )

    def _next_batter(self, exclude: set[str] | None = None) -> str:
        """The next batter in: the first who has not batted, else one who retired not out
        and resumes (Law 25.4.2)."""
        inn = self.state.current()
        assert inn is not None
        busy = {inn.strikerId, inn.nonStrikerId} | (exclude or set())
        prefix = inn.battingTeamId[0]
        for i in range(1, 12):
            pid = f"{prefix}{i}"
            if pid not in inn.batters and pid not in busy:
                return pid
        for pid, b in inn.batters.items():
            if b.dismissal is not None and not b.isOut and pid not in busy:
                return pid
        raise AssertionError("no batter left")

    def ball(
        self,
        runs: int = 0,
        *,
        wide: int = 0,
        no_ball: int = 0,
        bye: int = 0,
        leg_bye: int = 0,
        penalty: int = 0,
        out: str | None = None,
        dismissed: str | None = None,
        fielders: list[str] | None = None,
        striker: str | None = None,
        non_striker: str | None = None,
        bowler: str | None = None,
        over: int | None = None,
        boundary: bool | None = None,
        angle: BowlingAngle | None = None,
    ) -> ScoringAction:
        """Score one delivery. Who bats and bowls defaults to what the book's fold tracks
        (the two bowlers alternate overs); the over advances after ballsPerOver legal balls."""
        bpo = self.match.ballsPerOver
        if over is not None:
            if over != self.over:
                self.over, self.legal_in_over, self.ball_in_over = over, 0, 0
        elif self.legal_in_over >= bpo:
            self.over, self.legal_in_over, self.ball_in_over = self.over + 1, 0, 0
        inn = self.state.current()
        assert inn is not None, "start() an innings first"
        striker = striker or inn.strikerId or self._next_batter()
        if non_striker is None:
            non_striker = inn.nonStrikerId if inn.nonStrikerId not in (None, striker) else None
            if non_striker is None:
                non_striker = self._next_batter(exclude={striker})
        bowler = bowler or self.bowlers[self.over % len(self.bowlers)]
        extras = Extras(wide=wide, noBall=no_ball, bye=bye, legBye=leg_bye, penalty=penalty)
        wicket = None
        if out is not None:
            wicket = Wicket(
                type=out, dismissedPlayerId=dismissed or striker, fielderIds=fielders or []
            )
        self.ball_in_over += 1
        action = ScoringAction(
            **self._base(),
            overNumber=self.over,
            ballInOver=self.ball_in_over,
            strikerId=striker,
            nonStrikerId=non_striker,
            bowlerId=bowler,
            runsOffBat=runs,
            extras=extras,
            totalRuns=runs + extras.total,
            isWicket=wicket is not None,
            wicket=wicket,
            isLegalDelivery=not (wide or no_ball),
            isBoundary=boundary,
            bowlingAngle=angle,
        )
        if action.isLegalDelivery:
            self.legal_in_over += 1
        self.add(action)
        return action

    def balls(self, *runs: int) -> None:
        for r in runs:
            self.ball(r)

    def over_of(self, *runs: int) -> None:
        """A whole over of legal balls scoring ``runs`` (padded with dots)."""
        bpo = self.match.ballsPerOver
        for r in list(runs) + [0] * (bpo - len(runs)):
            self.ball(r)

    # -- reading ---------------------------------------------------------------------------

    def live(self) -> LiveScoreProjection:
        return project(self.match, self.actions)

    def batter(self, pid: str, innings: int | None = None):
        live = self.live()
        snap = live.innings[(innings or self.innings) - 1]
        return next(b for b in snap.batsmen if b.playerId == pid)

    def bowler(self, pid: str, innings: int | None = None):
        live = self.live()
        snap = live.innings[(innings or self.innings) - 1]
        return next(b for b in snap.bowlers if b.playerId == pid)

    def snapshot(self, innings: int | None = None):
        return self.live().innings[(innings or self.innings) - 1]


def ten_innings(match_id: str = "m1") -> tuple[Match, list[Action]]:
    """A one-over match tied, then super over after super over until the fourth pair
    decides it: innings 1 to 10, so the ids run from "1-0001" to "10-0007"."""
    book = Book(make_match(id=match_id, scheduledOvers=1))
    book.start()
    book.over_of(3)
    book.start()
    book.over_of(3)
    batting = "away"
    for pair in range(4):
        for side in (batting, "home" if batting == "away" else "away"):
            book.start(side, super_over=True)
            book.over_of(6 if pair == 3 and side == "home" else 2)  # the over ends it
        batting = "home" if batting == "away" else "away"
    return book.match, book.actions
