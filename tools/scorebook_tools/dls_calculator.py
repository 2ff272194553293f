"""`python -m scorebook_tools dls`: the rain rule's calculator for officials without the app.

The same sums the functions make ball by ball (scorebook.laws.dls, the Duckworth-Lewis
Standard Edition): from the format, the first innings' score and the interruptions, the
chase's revised target and its par sheet, the par after each over (or ball) for each number
of wickets down, from the last resumption to the end of the innings.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import Any

from scorebook.laws import dls

EPILOG = """\
overs are written as scorers write them: 20 is twenty overs, 20.3 twenty overs and three
balls (of the match's balls an over); a number ending in b is balls (78b). A stop is
AT,WICKETS,NOW: play stopped at AT with WICKETS down and resumed with the innings' allotment
NOW (0 ends the innings there). Examples:

  the chase given 30 of 50 overs before it starts:
    python -m scorebook_tools dls --overs 50 --first 250 --second-overs 30
  the chase stopped at 20 overs, 2 down, and resumed as a 40-over innings:
    python -m scorebook_tools dls --overs 50 --first 250 --second-stop 20,2,40
  a T20 whose first innings was cut to 15 overs at 10 overs, 1 down (both sides 15):
    python -m scorebook_tools dls --overs 20 --first 122 --first-stop 10,1,15
  the Hundred (100 balls in fives), women's G50:
    python -m scorebook_tools dls --balls 100 --balls-per-over 5 --first 140 --g50 200 \\
      --second-overs 78b
"""


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "dls", help="the rain rule's revised target and par sheet (Duckworth-Lewis Standard "
        "Edition) for a match that lost overs", description=__doc__.split("\n\n")[1],
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--overs", type=int, help="overs a side when the match began (50, 20)")
    size.add_argument("--balls", type=int, help="balls a side, for a format counted in balls")
    p.add_argument("--balls-per-over", type=int, default=6, help="default 6 (the Hundred: 5)")
    p.add_argument("--first", type=int, required=True, metavar="RUNS",
                   help="the side batting first's total")
    p.add_argument("--first-stop", action="append", default=[], metavar="AT,WICKETS,NOW",
                   help="an interruption of the first innings (repeat for several)")
    p.add_argument("--second-overs", metavar="OVERS",
                   help="the chase's allotment when it began (default: the first innings')")
    p.add_argument("--second-stop", action="append", default=[], metavar="AT,WICKETS,NOW",
                   help="an interruption of the chase (repeat for several)")
    p.add_argument("--g50", type=int, default=dls.G50,
                   help=f"the average 50-over score at this level (default {dls.G50}; "
                   "200 for women's and junior cricket)")
    p.add_argument("--by", choices=("over", "ball"), default="over",
                   help="a line of the par sheet after each over (default) or each ball")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


@dataclass(frozen=True)
class Innings:
    allotted: int  # balls when it began
    stops: tuple[dls.Stop, ...]
    now: int  # balls it may have now
    resumed_at: int  # balls bowled at the last resumption (0: none)

    @property
    def resources(self) -> float:
        return dls.innings_resources(self.allotted, self.stops)


def _balls(text: str, per_over: int) -> int:
    text = text.strip()
    if text.endswith("b"):
        return int(text[:-1])
    overs, _, balls = text.partition(".")
    if balls and int(balls) >= per_over:
        raise ValueError(f"{text}: an over has {per_over} balls")
    return int(overs) * per_over + int(balls or 0)


def _innings(allotted: int, stops: list[str], per_over: int) -> Innings:
    now, resumed_at, made = allotted, 0, []
    for stop in stops:
        at, wickets, after = stop.split(",")
        bowled, down, then = _balls(at, per_over), int(wickets), _balls(after, per_over)
        if not 0 <= down <= 9 or bowled > now:
            raise ValueError(f"{stop}: wickets 0 to 9, at no later than the {now} balls allotted")
        made.append(dls.Stop(now - bowled, down, max(then - bowled, 0)))
        now, resumed_at = max(then, bowled), bowled
    return Innings(allotted, tuple(made), now, resumed_at)


def calculate(args: argparse.Namespace) -> dict[str, Any]:
    bpo = args.balls_per_over
    start = args.balls if args.balls is not None else args.overs * bpo
    first = _innings(start, args.first_stop, bpo)
    second_start = _balls(args.second_overs, bpo) if args.second_overs else first.now
    second = _innings(second_start, args.second_stop, bpo)
    r1, r2 = first.resources, second.resources
    return {
        "g50": args.g50, "firstInnings": {"runs": args.first, "resources": round(r1, 2)},
        "chase": {"balls": second.now, "overs": _overs(second.now, bpo),
                  "resources": round(r2, 2)},
        "target": dls.revised_target(args.first, r1, r2, args.g50),
        "par": _par(args, r1, r2, second),
    }


def _par(args: argparse.Namespace, r1: float, r2: float, second: Innings) -> list[dict[str, Any]]:
    """The par score from the chase's resumption to its end, every ball or over, for each
    number of wickets down."""
    bpo = args.balls_per_over
    step = 1 if args.by == "ball" else bpo
    points = sorted({*range(second.resumed_at, second.now + 1, step), second.now})
    return [{"overs": _overs(b, bpo), "balls": b,
             "byWickets": [dls.par_now(args.first, r1, r2, second.now - b, w, g50=args.g50)
                           for w in range(10)]} for b in points]


def _overs(balls: int, per_over: int) -> str:
    return f"{balls // per_over}.{balls % per_over}"


def run(args: argparse.Namespace) -> int:
    try:
        sheet = calculate(args)
    except ValueError as error:
        sys.stderr.write(f"dls: {error}\n")
        return 2
    if args.json:
        sys.stdout.write(json.dumps(sheet, indent=2) + "\n")
    else:
        _write_sheet(args, sheet)
    return 0


def _write_sheet(args: argparse.Namespace, sheet: dict[str, Any]) -> None:
    """The sheet as text: the resources, the revised target, and the par table."""
    out = sys.stdout
    out.write(f"First innings: {args.first} with {sheet['firstInnings']['resources']}% of the "
              f"resources; the chase: {sheet['chase']['overs']} overs with "
              f"{sheet['chase']['resources']}% (G50 {args.g50}).\n")
    out.write(f"Revised target: {sheet['target']} (par {sheet['target'] - 1}: level is a tie)."
              "\n\nPar after (wickets down across):\n")
    out.write("overs " + "".join(f"{w:>5}" for w in range(10)) + "\n")
    for line in sheet["par"]:
        out.write(f"{line['overs']:>5} " + "".join(f"{p:>5}" for p in line["byWickets"]) + "\n")
