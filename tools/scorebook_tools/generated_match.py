"""A generated limited-overs match in Cricsheet JSON, so the repository has a complete match
to replay (the demo, the emulator tests) with no real data beside it.

Deterministic: a seeded ``random.Random`` plays the match ball by ball, so one seed always
gives the same bytes. Teams, players, officials and the ground are invented. Because the
output is Cricsheet JSON (https://cricsheet.org/format/json/), every importer in the project
reads it unchanged: ``scorebook.cricsheet.load_match``, ``lineups_from_cricsheet``,
``legacy_from_cricsheet``.

The match is lawful cricket (MCC Laws, 2017 code, 2022 edition) under the usual T20 playing
conditions: overs of six legal balls, no bowler bowls two overs in a row nor more than a fifth
of the overs, wides and no-balls are bowled again, a free hit follows every no-ball, the side
batting second stops the moment it reaches the target, and the outcome is the true result.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATED_MATCH_ID = "generated-t20"
#: Chosen so the default match shows every event the tests and the demo want to see: wides
#: (one a stumping), no-balls, byes, leg-byes, fours, sixes, and every common way out,
#: including a non-striker run out.
DEFAULT_SEED = 38
BALLS_PER_OVER = 6
PLAYERS_PER_SIDE = 11
MATCH_DATE = "2024-07-13"


@dataclass(frozen=True)
class _Side:
    """A fictional team: its XI in batting order, its wicket-keeper, its bowlers (with how
    often the captain turns to each) and which of them bowl spin (they get the stumpings)."""

    name: str
    players: tuple[str, ...]
    keeper: str
    bowlers: tuple[tuple[str, int], ...]
    spinners: frozenset[str]


_SIDES = (
    _Side(
        name="Fernhollow Foxes",
        players=(
            "AB Quillfeather", "T Brackenbury", "JR Pemberwick", "K Thistlewood",
            "M Oakhallow", "DS Fennimore", "R Larkspur", "H Ashcombe", "P Wrenfield",
            "CJ Hollowmere", "N Tallowby",
        ),
        keeper="M Oakhallow",
        bowlers=(
            ("N Tallowby", 10), ("CJ Hollowmere", 10), ("P Wrenfield", 9),
            ("H Ashcombe", 9), ("R Larkspur", 8), ("JR Pemberwick", 3),
        ),
        spinners=frozenset({"H Ashcombe", "JR Pemberwick"}),
    ),
    _Side(
        name="Saltmarsh Stingrays",
        players=(
            "E Marrowdale", "SK Pennywhistle", "L Dunmoreland", "F Cobblestone",
            "G Tidewell", "OJ Mistlebrook", "W Gullthorpe", "Y Brinemoor", "I Kelpford",
            "U Shinglebay", "BV Sandpiper",
        ),
        keeper="G Tidewell",
        bowlers=(
            ("BV Sandpiper", 10), ("U Shinglebay", 10), ("I Kelpford", 9),
            ("Y Brinemoor", 9), ("W Gullthorpe", 8), ("F Cobblestone", 3),
        ),
        spinners=frozenset({"Y Brinemoor", "F Cobblestone"}),
    ),
)
_OFFICIALS = {
    "match_referees": ["C Pendlebrook"],
    "reserve_umpires": ["H Scorewright"],
    "tv_umpires": ["M Inkwell"],
    "umpires": ["RT Windlestraw", "AP Ledgerwood"],
}

# Outcomes of a legal ball and their weights by phase of the innings: the fielding
# restrictions of the powerplay bring fours, the last overs sixes and wickets.
_LEGAL = ("dot", 1, 2, 3, 4, 6, "wicket", "byes", "legbyes")
_WEIGHTS = {
    "powerplay": (40, 30, 6, 0.5, 14, 4, 4.5, 0.8, 2),
    "middle": (33, 42, 9, 0.6, 8, 4, 4.5, 0.6, 2),
    "death": (30, 34, 9, 0.6, 12, 8, 7, 0.6, 2),
}
_WIDE = 0.035
_NO_BALL = 0.012
_WAYS_OUT = ("caught", "bowled", "lbw", "run out", "stumped")
_SEAM_WAYS_OUT = (60, 16, 11, 11, 0)
_SPIN_WAYS_OUT = (52, 14, 12, 9, 13)


def person_id(name: str) -> str:
    """A stable 8-hex-digit registry id, shaped like Cricsheet's, from the invented name."""
    return hashlib.sha256(f"scorebook-generated:{name}".encode()).hexdigest()[:8]


@dataclass
class _Ball:
    """What happened on one delivery, before it is written out."""

    bat: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    ran: int = 0  # runs completed by running: an odd number changes ends (Law 18)
    boundary: bool = False
    kind: str | None = None
    player_out: str | None = None
    fielder: str | None = None

    @property
    def legal(self) -> bool:
        # Law 17.4: a no-ball or a wide is not one of the over's six balls; it is bowled again.
        return not ({"wides", "noballs"} & self.extras.keys())

    @property
    def penalty(self) -> int:
        """The one-run penalty of a wide or no-ball (Laws 21, 22), scored whatever follows."""
        return 1 if not self.legal else 0

    @property
    def total(self) -> int:
        return self.bat + sum(self.extras.values())


def _bowling_plan(rng: random.Random, side: _Side, overs: int) -> list[str]:
    """Who bowls each over. Law 17.6: no bowler bowls two overs in a row; the playing
    conditions let a bowler bowl a fifth of the overs at most (4 in a T20). A captain keeps a
    bowler on for a spell from one end, so the bowler of the over before last is favoured.
    A random plan can paint itself into a corner; it is then drawn again (same stream)."""
    limit = -(-overs // 5)
    weights = dict(side.bowlers)
    while True:
        plan = _drawn_plan(rng, weights, limit, overs)
        if len(plan) == overs:
            return plan


def _drawn_plan(rng: random.Random, weights: dict[str, int], limit: int,
                overs: int) -> list[str]:
    """One draw of the plan: shorter than `overs` where no bowler was left to bowl."""
    plan: list[str] = []
    left = dict.fromkeys(weights, limit)
    for _ in range(overs):
        allowed = _may_bowl(weights, left, plan)
        if not allowed:
            break
        bowler = _next_bowler(rng, allowed, weights, plan)
        plan.append(bowler)
        left[bowler] -= 1
    return plan


def _may_bowl(weights: dict[str, int], left: dict[str, int], plan: list[str]) -> list[str]:
    """The bowlers with overs left who did not bowl the last one (Law 17.6)."""
    return [b for b in weights if left[b] and (not plan or plan[-1] != b)]


def _next_bowler(rng: random.Random, allowed: list[str], weights: dict[str, int],
                 plan: list[str]) -> str:
    """The next over's bowler among `allowed`, the bowler of the over before last (in his
    spell from that end) four times as likely."""
    spell = plan[-2] if len(plan) >= 2 else None
    return rng.choices(allowed, [weights[b] * (4 if b == spell else 1) for b in allowed])[0]


class _Innings:
    """One innings played ball by ball, kept as Cricsheet writes it."""

    def __init__(
        self, rng: random.Random, batting: _Side, bowling: _Side, overs: int, target: int | None
    ) -> None:
        self.rng = rng
        self.batting = batting
        self.bowling = bowling
        self.overs = overs
        self.target = target
        self.plan = _bowling_plan(rng, bowling, overs)
        self.striker: str = batting.players[0]
        self.non_striker: str = batting.players[1]
        self.next_in = 2
        self.runs = 0
        self.wickets = 0
        self.free_hit = False
        self.batter_runs: dict[str, int] = {}
        self.written: list[dict[str, Any]] = []

    @property
    def finished(self) -> bool:
        # Law 13 / 16.6: all out at ten wickets; a chase ends the moment it reaches the target.
        all_out = self.wickets == PLAYERS_PER_SIDE - 1
        return all_out or (self.target is not None and self.runs >= self.target)

    def play(self) -> _Innings:
        for number, bowler in enumerate(self.plan):
            self.written.append({"over": number, "deliveries": self._over(number, bowler)})
            if self.finished:
                break
            # Law 17.1: overs come from each end in turn, so the other batter faces next.
            self.striker, self.non_striker = self.non_striker, self.striker
        return self

    def _over(self, number: int, bowler: str) -> list[dict[str, Any]]:
        """The over's deliveries as written: six legal balls, unless the innings ends first."""
        deliveries: list[dict[str, Any]] = []
        legal = 0
        while legal < BALLS_PER_OVER and not self.finished:
            ball = self._delivery(bowler, number)
            deliveries.append(self._record(bowler, ball))
            self._count(ball)
            legal += ball.legal
        return deliveries

    # -- one delivery --------------------------------------------------------------------

    def _delivery(self, bowler: str, over: int) -> _Ball:
        roll = self.rng.random()
        if roll < _WIDE:
            ball = self._wide(bowler)
        elif roll < _WIDE + _NO_BALL:
            ball = self._no_ball()
        else:
            ball = self._legal(bowler, over)
        self._end_the_chase(ball)
        return ball

    def _wide(self, bowler: str) -> _Ball:
        kind = self.rng.choices(("one", "ran", "boundary", "stumped"), (80, 6, 6, 8))[0]
        if kind == "stumped" and bowler in self.bowling.spinners and not self.free_hit:
            # Law 22 (out from a wide): the striker may be stumped off a wide.
            return _Ball(extras={"wides": 1}, **self._out("stumped", bowler))
        if kind == "ran":
            return _Ball(extras={"wides": 2}, ran=1)
        if kind == "boundary":
            # Laws 19, 22: a wide to the boundary is five wides; nothing is run.
            return _Ball(extras={"wides": 5}, boundary=True)
        return _Ball(extras={"wides": 1})

    def _no_ball(self) -> _Ball:
        # Law 21.18: off a no-ball the striker cannot be bowled, caught, lbw or stumped, so
        # batters swing at it; what they hit is theirs, the one-run penalty is an extra.
        bat = self.rng.choices((0, 1, 2, 4, 6), (30, 30, 8, 20, 12))[0]
        return _Ball(bat=bat, extras={"noballs": 1}, ran=bat if bat < 4 else 0,
                     boundary=bat >= 4)

    def _legal(self, bowler: str, over: int) -> _Ball:
        outcome = self.rng.choices(_LEGAL, self._legal_weights(over))[0]
        if outcome == "wicket":
            return self._wicket(bowler)
        if outcome in ("byes", "legbyes"):
            return self._byes(outcome)
        bat = 0 if outcome == "dot" else int(outcome)
        return _Ball(bat=bat, ran=bat if bat < 4 else 0, boundary=bat >= 4)

    def _legal_weights(self, over: int) -> list[float]:
        """The outcomes' weights in this phase; a tail-ender hits fewer boundaries and gets
        out more."""
        weights = list(_WEIGHTS[self._phase(over)])
        if self.batting.players.index(self.striker) >= 7:
            weights[4] *= 0.6
            weights[5] *= 0.5
            weights[6] *= 2.2
        return weights

    def _byes(self, kind: str) -> _Ball:
        """Law 23: runs taken when the ball did not hit the bat are byes, or leg-byes when it
        hit the striker's person; four when it reached the boundary."""
        runs = self.rng.choices((1, 2, 4), (70, 10, 20))[0]
        return _Ball(extras={kind: runs}, ran=runs if runs < 4 else 0, boundary=runs == 4)

    def _phase(self, over: int) -> str:
        if over < max(1, self.overs * 3 // 10):
            return "powerplay"
        return "death" if over >= self.overs - 5 else "middle"

    def _wicket(self, bowler: str) -> _Ball:
        weights = _SPIN_WAYS_OUT if bowler in self.bowling.spinners else _SEAM_WAYS_OUT
        kind = self.rng.choices(_WAYS_OUT, weights)[0]
        if kind == "run out":
            ran = self.rng.choices((0, 1, 2), (40, 45, 15))[0]
            return _Ball(bat=ran, ran=ran, **self._run_out(ran))
        if self.free_hit:
            # Playing conditions: on a free hit the striker is out only as off a no-ball,
            # so the edge, the miss or the pad is not out and the ball is a dot.
            return _Ball()
        return _Ball(**self._out(kind, bowler))

    def _out(self, kind: str, bowler: str) -> dict[str, Any]:
        fielder = None
        if kind == "stumped":
            fielder = self.bowling.keeper  # Law 39: only the wicket-keeper stumps
        elif kind == "caught":
            fielder = self._catcher(bowler)
        return {"kind": kind, "player_out": self.striker, "fielder": fielder}

    def _catcher(self, bowler: str) -> str:
        """Any fielder but the bowler; the wicket-keeper four times as likely."""
        catchers = [p for p in self.bowling.players if p != bowler]
        weights = [4 if p == self.bowling.keeper else 1 for p in catchers]
        return self.rng.choices(catchers, weights)[0]

    def _run_out(self, ran: int) -> dict[str, Any]:
        """Law 38: the batter nearer the end where the wicket is put down is out; either
        batter, the non-striker too, going for the run after the ``ran`` completed."""
        out = self.non_striker if self.rng.random() < 0.35 else self.striker
        return {"kind": "run out", "player_out": out,
                "fielder": self.rng.choice(self.bowling.players)}

    def _end_the_chase(self, ball: _Ball) -> None:
        """Law 16.6: the match ends as soon as the side batting last reaches the target; only
        a boundary counts in full. Runs and dismissals after the winning run are not part
        of the match."""
        if self.target is None:
            return
        need = self.target - self.runs
        if ball.penalty >= need:
            # A wide or no-ball wins it as soon as it is called.
            ball.bat, ball.ran, ball.kind, ball.boundary = 0, 0, None, False
            ball.extras = dict.fromkeys(ball.extras, 1)
        elif not ball.boundary and ball.ran + ball.penalty >= need:
            _stop_at_the_winning_run(ball, need)

    # -- the record ----------------------------------------------------------------------

    def _record(self, bowler: str, ball: _Ball) -> dict[str, Any]:
        """The delivery as Cricsheet writes it."""
        extras = sum(ball.extras.values())
        delivery: dict[str, Any] = {"batter": self.striker, "bowler": bowler}
        if ball.extras:
            delivery["extras"] = dict(ball.extras)
        delivery["non_striker"] = self.non_striker
        delivery["runs"] = {"batter": ball.bat, "extras": extras, "total": ball.total}
        if ball.kind is not None:
            delivery["wickets"] = [_wicket_record(ball)]
        return delivery

    def _count(self, ball: _Ball) -> None:
        """The score, the free hit and who is at the crease after the ball."""
        self.runs += ball.total
        self.batter_runs[self.striker] = self.batter_runs.get(self.striker, 0) + ball.bat
        # Free hit: the next ball after a no-ball, and any wide or no-ball bowled instead.
        self.free_hit = "noballs" in ball.extras or (self.free_hit and not ball.legal)
        if ball.ran % 2:
            self.striker, self.non_striker = self.non_striker, self.striker
        if ball.kind is not None:
            self._next_batter(str(ball.player_out))

    def _next_batter(self, out: str) -> None:
        """The next in the batting order takes the dismissed batter's end (after a catch the
        striker's end: Law 18, 2022 edition). A dismissed batter never bats again."""
        self.wickets += 1
        if self.finished:
            return
        new = self.batting.players[self.next_in]
        self.next_in += 1
        if self.striker == out:
            self.striker = new
        else:
            self.non_striker = new

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"team": self.batting.name, "overs": self.written}
        powerplay = min(max(1, self.overs * 3 // 10), len(self.written))
        last = self.written[powerplay - 1]
        out["powerplays"] = [{
            "from": 0.1,
            "to": float(f"{last['over']}.{len(last['deliveries'])}"),
            "type": "mandatory",
        }]
        if self.target is not None:
            out["target"] = {"overs": self.overs, "runs": self.target}
        return out


def _stop_at_the_winning_run(ball: _Ball, need: int) -> None:
    """A ball short of the boundary that wins the match counts only the runs needed, and no
    dismissal after them."""
    ball.ran = need - ball.penalty
    ball.kind = None
    if ball.bat:
        ball.bat = ball.ran
    elif "wides" in ball.extras:
        ball.extras = {"wides": 1 + ball.ran}
    else:
        ball.extras = dict.fromkeys(ball.extras, ball.ran)  # byes or leg-byes


def _wicket_record(ball: _Ball) -> dict[str, Any]:
    wicket: dict[str, Any] = {"player_out": ball.player_out}
    if ball.fielder is not None:
        wicket["fielders"] = [{"name": ball.fielder}]
    wicket["kind"] = ball.kind
    return wicket


def _toss(rng: random.Random) -> tuple[_Side, str, _Side, _Side]:
    """Who wins the toss, what they choose, and so who bats first and who second."""
    toss_winner = rng.choice(_SIDES)
    decision = rng.choice(("bat", "field"))
    loser = next(s for s in _SIDES if s is not toss_winner)
    first, second = (toss_winner, loser) if decision == "bat" else (loser, toss_winner)
    return toss_winner, decision, first, second


def _play(seed: int, overs: int) -> tuple[_Side, str, _Innings, _Innings]:
    rng = random.Random(seed)
    toss_winner, decision, first, second = _toss(rng)
    opening = _Innings(rng, first, second, overs, None).play()
    target = opening.runs + 1
    while True:
        chase = _Innings(rng, second, first, overs, target).play()
        # Level scores would be a tie, which the playing conditions settle by a Super Over;
        # this generator makes decisive matches only, so it plays the chase again instead.
        if chase.runs != opening.runs:
            return toss_winner, decision, opening, chase


def generated_match(seed: int = DEFAULT_SEED, overs: int = 20) -> dict[str, Any]:
    """A complete, lawful limited-overs match of ``overs`` overs a side as Cricsheet JSON."""
    toss_winner, decision, opening, chase = _play(seed, overs)
    winner, by = _result(opening, chase)
    best = max(winner.batting.players, key=lambda p: (winner.batter_runs.get(p, -1), p))
    info = {
        "balls_per_over": BALLS_PER_OVER,
        "city": "Fernhollow",
        "dates": [MATCH_DATE],
        "event": {"name": "Scorebook Generated League", "match_number": 1},
        "gender": "male",
        "match_type": "T20" if overs <= 20 else "ODM",
        "officials": _OFFICIALS,
        "outcome": {"winner": winner.batting.name, "by": by},
        "overs": overs,
        "player_of_match": [best],
        "players": {side.name: list(side.players) for side in _SIDES},
        "registry": {"people": {name: person_id(name) for name in _people()}},
        "season": MATCH_DATE[:4],
        "team_type": "club",
        "teams": [side.name for side in _SIDES],
        "toss": {"decision": decision, "winner": toss_winner.name},
        "venue": "Fernhollow Recreation Ground",
    }
    return {
        "meta": {"data_version": "1.1.0", "created": MATCH_DATE, "revision": 1},
        "info": info,
        "innings": [opening.document(), chase.document()],
    }


def _people() -> list[str]:
    """Every player and official, by name."""
    return sorted({*_SIDES[0].players, *_SIDES[1].players,
                   *(n for names in _OFFICIALS.values() for n in names)})


def _result(opening: _Innings, chase: _Innings) -> tuple[_Innings, dict[str, int]]:
    """The winning innings, and by how much: the wickets in hand of a successful chase, else
    the runs it fell short by."""
    if chase.runs > opening.runs:
        return chase, {"wickets": PLAYERS_PER_SIDE - 1 - chase.wickets}
    return opening, {"runs": opening.runs - chase.runs}


def match_json(seed: int = DEFAULT_SEED, overs: int = 20) -> str:
    """The match as Cricsheet writes its files: two-space indent, keys in Cricsheet's order."""
    return json.dumps(generated_match(seed, overs), indent=2, ensure_ascii=False) + "\n"


def generated_file_name(overs: int = 20) -> str:
    """The file the match of ``overs`` a side is written to: ``{GENERATED_MATCH_ID}.json``
    for the T20, ``{GENERATED_MATCH_ID}-{overs}-overs.json`` for a shorter one (what tests
    that need a whole match, not a long one, replay)."""
    if overs == 20:
        return f"{GENERATED_MATCH_ID}.json"
    return f"{GENERATED_MATCH_ID}-{overs}-overs.json"


def write_generated_match(folder: Path, seed: int = DEFAULT_SEED, overs: int = 20) -> Path:
    """Write the match of ``overs`` a side into ``folder`` (created if missing) as
    `generated_file_name(overs)` and return its path. The bytes depend on ``seed`` and
    ``overs`` only; an up-to-date file is left untouched."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / generated_file_name(overs)
    text = match_json(seed, overs)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
