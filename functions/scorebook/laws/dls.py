"""Rain rules: the Duckworth-Lewis method, Standard Edition.

When the weather takes overs from a limited-overs match, the side batting second gets a target
in proportion to the run-scoring resources each side had: balls to come and wickets in hand,
worth together a percentage of a whole 50-over innings (the ICC's published table below). The
Standard Edition needs nothing but that table and a calculator, which is why club, league and
junior cricket use it; international cricket uses the Professional (Stern) Edition, whose
software is not public: a target from it is entered by the officials and stands.

The method, as the ICC's Standard Edition regulations set it out:

- An innings' resources are those of its allotment when it starts (its overs, no wicket
  down), less those lost to each interruption (the resources left when play stopped, less
  those left when it resumed with fewer overs, at the same wickets down), less those left
  when it was ended early for good.
- The first side made S with resources R1; the second side has R2. If R2 < R1 the second
  side's par is S x R2 / R1; if R2 > R1 it is S + G50 x (R2 - R1) / 100, where G50 is the
  average score in a 50-over innings at that level (245 for men's first-class sides; the
  competition sets another, 200 for women's and junior cricket); equal resources, S.
- The revised target is the par rounded down, plus one. Ending exactly on the par is a tie.
- While the second side bats, the par at any moment is the same sum with its resources used
  so far (R2 less those left now): what it needs to be level if play ended now. A match ended
  for good during the chase is won by the side ahead of that par, provided the second side
  has had the competition's minimum overs.

Overs are counted in balls, so a part over, a format of five-ball overs or one set in balls
(the Hundred) reads the table by its six-ball overs, between whole overs in proportion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: How a result or target this method gives is named (Cricsheet's and the scorecard's "D/L"):
#: the Standard Edition is Duckworth-Lewis, before Stern's revision.
METHOD = "D/L"

#: The average first-innings score of a 50-over match, for men's first-class and
#: international sides (Standard Edition). Competitions set their own (200 for women's and
#: junior cricket, as the ICC's guidance and the ECB's recreational playing conditions do).
G50 = 245

#: Resources remaining, as a percentage of a whole 50-over innings, by whole six-ball overs
#: left (rows: 50 down to 1) and wickets lost (columns: 0 to 9). All out, or no over left: 0.
#: Source: the ICC's Duckworth/Lewis Standard Edition table (ICC Playing Handbook; published
#: as "DuckworthLewis-Standard-Edition-Table.pdf"), the over-by-over sheet.
TABLE: tuple[tuple[float, ...], ...] = (
    (100.0, 93.4, 85.1, 74.9, 62.7, 49.0, 34.9, 22.0, 11.9, 4.7),  # 50 overs left
    (99.1, 92.6, 84.5, 74.4, 62.5, 48.9, 34.9, 22.0, 11.9, 4.7),
    (98.1, 91.7, 83.8, 74.0, 62.2, 48.8, 34.9, 22.0, 11.9, 4.7),
    (97.1, 90.9, 83.2, 73.5, 61.9, 48.6, 34.9, 22.0, 11.9, 4.7),
    (96.1, 90.0, 82.5, 73.0, 61.6, 48.5, 34.8, 22.0, 11.9, 4.7),
    (95.0, 89.1, 81.8, 72.5, 61.3, 48.4, 34.8, 22.0, 11.9, 4.7),  # 45
    (93.9, 88.2, 81.0, 72.0, 61.0, 48.3, 34.8, 22.0, 11.9, 4.7),
    (92.8, 87.3, 80.3, 71.4, 60.7, 48.1, 34.7, 22.0, 11.9, 4.7),
    (91.7, 86.3, 79.5, 70.9, 60.3, 47.9, 34.7, 22.0, 11.9, 4.7),
    (90.5, 85.3, 78.7, 70.3, 59.9, 47.8, 34.6, 22.0, 11.9, 4.7),
    (89.3, 84.2, 77.8, 69.6, 59.5, 47.6, 34.6, 22.0, 11.9, 4.7),  # 40
    (88.0, 83.1, 76.9, 69.0, 59.1, 47.4, 34.5, 22.0, 11.9, 4.7),
    (86.7, 82.0, 76.0, 68.3, 58.7, 47.1, 34.5, 21.9, 11.9, 4.7),
    (85.4, 80.9, 75.0, 67.6, 58.2, 46.9, 34.4, 21.9, 11.9, 4.7),
    (84.1, 79.7, 74.1, 66.8, 57.7, 46.6, 34.3, 21.9, 11.9, 4.7),
    (82.7, 78.5, 73.0, 66.0, 57.2, 46.4, 34.2, 21.9, 11.9, 4.7),  # 35
    (81.3, 77.2, 72.0, 65.2, 56.6, 46.1, 34.1, 21.9, 11.9, 4.7),
    (79.8, 75.9, 70.9, 64.4, 56.0, 45.8, 34.0, 21.9, 11.9, 4.7),
    (78.3, 74.6, 69.7, 63.5, 55.4, 45.4, 33.9, 21.9, 11.9, 4.7),
    (76.7, 73.2, 68.6, 62.5, 54.8, 45.1, 33.7, 21.9, 11.9, 4.7),
    (75.1, 71.8, 67.3, 61.6, 54.1, 44.7, 33.6, 21.8, 11.9, 4.7),  # 30
    (73.5, 70.3, 66.1, 60.5, 53.4, 44.2, 33.4, 21.8, 11.9, 4.7),
    (71.8, 68.8, 64.8, 59.5, 52.6, 43.8, 33.2, 21.8, 11.9, 4.7),
    (70.1, 67.2, 63.4, 58.4, 51.8, 43.3, 33.0, 21.7, 11.9, 4.7),
    (68.3, 65.6, 62.0, 57.2, 50.9, 42.8, 32.8, 21.7, 11.9, 4.7),
    (66.5, 63.9, 60.5, 56.0, 50.0, 42.2, 32.6, 21.6, 11.9, 4.7),  # 25
    (64.6, 62.2, 59.0, 54.7, 49.0, 41.6, 32.3, 21.6, 11.9, 4.7),
    (62.7, 60.4, 57.4, 53.4, 48.0, 40.9, 32.0, 21.5, 11.9, 4.7),
    (60.7, 58.6, 55.8, 52.0, 47.0, 40.2, 31.6, 21.4, 11.9, 4.7),
    (58.7, 56.7, 54.1, 50.6, 45.8, 39.4, 31.2, 21.3, 11.9, 4.7),
    (56.6, 54.8, 52.4, 49.1, 44.6, 38.6, 30.8, 21.2, 11.9, 4.7),  # 20
    (54.4, 52.8, 50.5, 47.5, 43.4, 37.7, 30.3, 21.1, 11.9, 4.7),
    (52.2, 50.7, 48.6, 45.9, 42.0, 36.8, 29.8, 20.9, 11.9, 4.7),
    (49.9, 48.5, 46.7, 44.1, 40.6, 35.8, 29.2, 20.7, 11.9, 4.7),
    (47.6, 46.3, 44.7, 42.3, 39.1, 34.7, 28.5, 20.5, 11.8, 4.7),
    (45.2, 44.1, 42.6, 40.5, 37.6, 33.5, 27.8, 20.2, 11.8, 4.7),  # 15
    (42.7, 41.7, 40.4, 38.5, 35.9, 32.2, 27.0, 19.9, 11.8, 4.7),
    (40.2, 39.3, 38.1, 36.5, 34.2, 30.8, 26.1, 19.5, 11.7, 4.7),
    (37.6, 36.8, 35.8, 34.3, 32.3, 29.4, 25.1, 19.0, 11.6, 4.7),
    (34.9, 34.2, 33.4, 32.1, 30.4, 27.8, 24.0, 18.5, 11.5, 4.7),
    (32.1, 31.6, 30.8, 29.8, 28.3, 26.1, 22.8, 17.9, 11.4, 4.7),  # 10
    (29.3, 28.9, 28.2, 27.4, 26.1, 24.2, 21.4, 17.1, 11.2, 4.7),
    (26.4, 26.0, 25.5, 24.8, 23.8, 22.3, 19.9, 16.2, 10.9, 4.7),
    (23.4, 23.1, 22.7, 22.2, 21.4, 20.1, 18.2, 15.2, 10.5, 4.7),
    (20.3, 20.1, 19.8, 19.4, 18.8, 17.8, 16.4, 13.9, 10.1, 4.6),
    (17.2, 17.0, 16.8, 16.5, 16.1, 15.4, 14.3, 12.5, 9.4, 4.6),  # 5
    (13.9, 13.8, 13.7, 13.5, 13.2, 12.7, 12.0, 10.7, 8.4, 4.5),
    (10.6, 10.5, 10.4, 10.3, 10.2, 9.9, 9.5, 8.7, 7.2, 4.2),
    (7.2, 7.1, 7.1, 7.0, 7.0, 6.8, 6.6, 6.2, 5.5, 3.7),
    (3.6, 3.6, 3.6, 3.6, 3.6, 3.5, 3.5, 3.4, 3.2, 2.5),  # 1 over left
)

#: The table's overs are six-ball overs, whatever the match's.
TABLE_OVER = 6
#: A limited-overs match needs the side batting second to have had this share of its overs
#: for a result by par (20 of 50 in one-day internationals, 5 of 20 in T20s), when the
#: competition sets no minimum of its own.
MINIMUM_SHARE = {50: 20, 20: 5}


def _row(overs_left: int, wickets: int) -> float:
    if overs_left <= 0:
        return 0.0
    return TABLE[max(50 - overs_left, 0)][wickets]


def resources(balls_left: int, wickets: int) -> float:
    """The percentage of a whole 50-over innings' resources that `balls_left` balls and
    `wickets` down are worth: the table at whole six-ball overs, in proportion between them
    for the balls of a part over. All out, or no ball left: none."""
    if wickets >= 10 or balls_left <= 0:
        return 0.0
    overs, balls = divmod(balls_left, TABLE_OVER)
    low = _row(overs, wickets)
    if not balls:
        return low
    return low + (_row(overs + 1, wickets) - low) * balls / TABLE_OVER


@dataclass(frozen=True)
class Stop:
    """Play stopped with `balls_left` of the allotment to come and `wickets` down, and
    resumed with `balls_left_after` (0: the innings was ended for good)."""

    balls_left: int
    wickets: int
    balls_left_after: int

    @property
    def lost(self) -> float:
        return resources(self.balls_left, self.wickets) - resources(
            self.balls_left_after, self.wickets)


def innings_resources(allotted_balls: int, stops: list[Stop] | tuple[Stop, ...] = ()) -> float:
    """An innings' resources: those of its allotment at the start, less each stop's loss."""
    return resources(allotted_balls, 0) - sum(stop.lost for stop in stops)


def par(first_score: int, r1: float, r2: float, g50: int = G50) -> int:
    """The second side's par with resources `r2` against the first side's `first_score` made
    with `r1`: S x R2/R1 below R1, S + G50 x (R2 - R1)/100 above; rounded down."""
    if r1 <= 0:
        return first_score
    exact = first_score * r2 / r1 if r2 < r1 else first_score + g50 * (r2 - r1) / 100
    # rounded down, but not by a float's last bit (190.99999999999997 is 191)
    return math.floor(round(exact, 9))


def revised_target(first_score: int, r1: float, r2: float, g50: int = G50) -> int:
    """The runs the second side needs to win: its par rounded down, plus one."""
    return par(first_score, r1, r2, g50) + 1


def par_now(first_score: int, r1: float, r2: float, balls_left: int, wickets: int, *,
            g50: int = G50) -> int:
    """The second side's par at this moment of its innings: the par were play to end now,
    with the resources it has used (R2 less those left with `balls_left` and `wickets`)."""
    return par(first_score, r1, r2 - resources(balls_left, wickets), g50)


def minimum_overs(scheduled_overs: int | None) -> int:
    """The overs the side batting second must have had for a result by par, where the
    competition sets none: 20 of 50, 5 of 20, otherwise a quarter (at least one)."""
    if scheduled_overs is None:
        return 0
    return MINIMUM_SHARE.get(scheduled_overs, max(math.ceil(scheduled_overs / 4), 1))
