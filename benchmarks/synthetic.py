"""A generated five-day Test of any length, for cost benchmarks beyond the longest real match.

Valid cricket, not a real match: four innings of equal length, two bowlers alternating
overs (Law 17.8: no bowler bowls two overs in a row), strike changing on odd runs and at the
end of each over, a wicket every 70 balls, and each of the first three innings declared.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import cycle
from typing import Any

from scorebook.actions import Declaration, Extras, InningsStart, ScoringAction, Wicket, action_id
from scorebook.match import Match, Player, Team

RUNS = (0, 1, 0, 4, 0, 2, 0, 0, 1, 3, 0, 6)  # a plausible mix of dots, singles and boundaries
# The last innings blocks out for the draw: the chase must not reach its target early.
BLOCKING = (0, 0, 1, 0, 0, 0)
WICKET_EVERY = 70


class _Log:
    """The actions written so far, each 30 s after the one before."""

    def __init__(self, match_id: str, recorded_by: str) -> None:
        self.match_id, self.recorded_by = match_id, recorded_by
        self.actions: list[Any] = []
        self.clock = datetime(2026, 1, 1, tzinfo=UTC)

    def common(self, innings: int, seq: int) -> dict[str, Any]:
        return {"id": action_id(innings, seq), "matchId": self.match_id, "inningsNumber": innings,
                "sequenceNumber": seq, "recordedBy": self.recorded_by, "source": "import",
                "timestamp": self.clock + timedelta(seconds=30 * len(self.actions))}


class _Crease:
    """The two batters in, the striker first, and who comes in next."""

    def __init__(self, order: list[str]) -> None:
        self.order = order
        self.striker, self.non_striker, self.next_in = order[0], order[1], 2

    def after(self, scored: int, out: bool) -> None:
        """The next batter in for the striker out, or the batters crossed on odd runs."""
        if out:
            self.striker, self.next_in = self.order[self.next_in], self.next_in + 1
        elif scored % 2:
            self.change_ends()

    def change_ends(self) -> None:
        self.striker, self.non_striker = self.non_striker, self.striker


def _innings(log: _Log, innings: int, overs: int, batting: Team, bowling: Team) -> None:
    """One innings of `overs` overs (declared unless it is the fourth)."""
    crease = _Crease([p.id for p in batting.players])
    bowlers = (bowling.players[-1].id, bowling.players[-2].id)
    runs = cycle(BLOCKING if innings == 4 else RUNS)
    seq = 1
    log.actions.append(InningsStart(kind="innings_start", battingTeamId=batting.id,
                                    bowlingTeamId=bowling.id, **log.common(innings, seq)))
    for over in range(overs):
        seq = _over(log, innings, seq, over=over, crease=crease, bowler=bowlers[over % 2],
                    runs=runs)
        crease.change_ends()  # Law 12.3: ends change every over
    if innings < 4:
        log.actions.append(Declaration(kind="declaration", **log.common(innings, seq + 1)))


def _over(log: _Log, innings: int, seq: int, *, over: int, crease: _Crease, bowler: str,
          runs: Iterator[int]) -> int:
    """Six legal balls after action `seq`, a wicket on every WICKET_EVERY-th action while
    a batter is left to come in; the last ball's sequence number."""
    for ball in range(1, 7):
        seq += 1
        out = seq % WICKET_EVERY == 0 and crease.next_in < len(crease.order)
        scored = 0 if out else next(runs)
        log.actions.append(_ball(log, innings, seq, over=over, ball=ball,
                                 striker=crease.striker, non_striker=crease.non_striker,
                                 bowler=bowler, scored=scored, out=out))
        crease.after(scored, out)
    return seq


def _ball(log: _Log, innings: int, seq: int, *, over: int, ball: int, striker: str,
          non_striker: str, bowler: str, scored: int, out: bool) -> ScoringAction:
    """A legal ball of no extras: `scored` off the bat, or the striker bowled."""
    return ScoringAction(
        overNumber=over, ballInOver=ball, strikerId=striker,
        nonStrikerId=non_striker, bowlerId=bowler, runsOffBat=scored,
        extras=Extras(), totalRuns=scored, isWicket=out,
        wicket=Wicket(type="bowled", dismissedPlayerId=striker) if out else None,
        isLegalDelivery=True, isBoundary=scored in (4, 6) or None,
        **log.common(innings, seq),
    )


def synthetic_test(match_id: str, overs: int, recorded_by: str) -> tuple[Match, list[Any]]:
    teams = [
        Team(id=side, name=f"Team {side.upper()}",
             players=[Player(id=f"{side}{n}", name=f"{side.upper()} Player {n}")
                      for n in range(1, 12)])
        for side in ("a", "b")
    ]
    match = Match(id=match_id, name="A generated five-day Test", matchType="Test",
                  inningsPerSide=2, teams=teams)
    log = _Log(match_id, recorded_by)
    per_innings = [overs // 4 + (i < overs % 4) for i in range(4)]
    for innings, innings_overs in enumerate(per_innings, start=1):
        _innings(log, innings, innings_overs, teams[(innings - 1) % 2], teams[innings % 2])
    return match, log.actions
