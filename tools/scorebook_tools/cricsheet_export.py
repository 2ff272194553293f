"""A match's log as a Cricsheet JSON document (https://cricsheet.org/format/json/): the inverse
of `scorebook.cricsheet.load_match`.

Made from the log itself, not from live/score: every action not voided, in log order (a
correction in its ball's place). A retirement and a second dismissal are hung on the ball
before them, as Cricsheet records them; "caught and bowled" is a catch by the bowler.
What the log does not keep is left out: reviews, powerplays, officials, and on which ball
a replacement came in; penalty runs awarded between balls are written as after the innings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from scorebook.actions import (
    Absence,
    Action,
    Declaration,
    Dismissal,
    Extras,
    Forfeit,
    InningsStart,
    PenaltyRuns,
    Retirement,
    ScoringAction,
    Wicket,
    sort_key,
)
from scorebook.cricsheet import _KINDS, UNKNOWN_SUBSTITUTE
from scorebook.fold import replay
from scorebook.laws.result import Result, WinMargin, judge_result
from scorebook.match import Match

#: our dismissal type -> Cricsheet's kind ("caught" by the bowler is "caught and bowled")
KINDS = {ours: theirs for theirs, ours in _KINDS.items() if theirs != "caught and bowled"}
#: the Cricsheet format version the export follows
DATA_VERSION = "1.1.0"


class _Names:
    def __init__(self, match: Match) -> None:
        self.of = {p.id: p.name for t in match.teams for p in t.players}
        self.team = {t.id: t.name for t in match.teams}

    def __call__(self, pid: str | None) -> str:
        return self.of.get(pid or "", pid or "")


def _wicket(w: Wicket, bowler: str | None, name: _Names) -> dict[str, Any]:
    kind = KINDS[w.type]
    fielders = list(w.fielderIds)
    if w.type == "caught" and fielders == [bowler]:
        return {"player_out": name(w.dismissedPlayerId), "kind": "caught and bowled"}
    out: dict[str, Any] = {"player_out": name(w.dismissedPlayerId), "kind": kind}
    if fielders:
        out["fielders"] = [_fielder(f, w, name) for f in fielders]
    return out


def _fielder(f: str, w: Wicket, name: _Names) -> dict[str, Any]:
    """A fielder in the wicket: by name, marked if a substitute; a substitute nobody named
    is only that."""
    if f == UNKNOWN_SUBSTITUTE:
        return {"substitute": True}
    return {"name": name(f)} | ({"substitute": True} if f in w.substituteFielderIds else {})


def _extras(e: Extras) -> dict[str, int]:
    """The kinds of extra the ball has, by Cricsheet's names."""
    return {k: v for k, v in (("wides", e.wide), ("noballs", e.noBall), ("byes", e.bye),
                              ("legbyes", e.legBye), ("penalty", e.penalty)) if v}


def _runs(d: ScoringAction, extras: dict[str, int]) -> dict[str, Any]:
    """The ball's runs; a four or six run, not hit to the boundary, marked so."""
    runs: dict[str, Any] = {"batter": d.runsOffBat, "extras": sum(extras.values()),
                            "total": d.totalRuns}
    if d.isBoundary is False and d.runsOffBat in (4, 6):
        runs["non_boundary"] = True
    return runs


def _delivery(d: ScoringAction, name: _Names) -> dict[str, Any]:
    extras = _extras(d.extras)
    out: dict[str, Any] = {"batter": name(d.strikerId), "bowler": name(d.bowlerId),
                           "non_striker": name(d.nonStrikerId), "runs": _runs(d, extras)}
    if extras:
        out["extras"] = extras
    if d.wicket is not None:
        out["wickets"] = [_wicket(d.wicket, d.bowlerId, name)]
    return out


class _Innings:
    def __init__(self, start: InningsStart, name: _Names, scheduled: int | None) -> None:
        self.doc: dict[str, Any] = {"team": name.team.get(start.battingTeamId,
                                                          start.battingTeamId), "overs": []}
        if start.target is not None:
            self.doc["target"] = {"runs": start.target,
                                  "overs": start.maxOvers or scheduled}
        if start.isSuperOver:
            self.doc["super_over"] = True
        self.last: dict[str, Any] | None = None

    def ball(self, d: ScoringAction, name: _Names) -> None:
        overs = self.doc["overs"]
        if not overs or overs[-1]["over"] != d.overNumber:
            overs.append({"over": d.overNumber, "deliveries": []})
        self.last = _delivery(d, name)
        overs[-1]["deliveries"].append(self.last)

    def hang(self, wicket: dict[str, Any]) -> None:
        """A wicket on the ball before it (a retirement, a second dismissal)."""
        if self.last is not None:
            self.last.setdefault("wickets", []).append(wicket)

    def retired(self, r: Retirement, name: _Names) -> None:
        self.hang({"player_out": name(r.batterId), "kind": KINDS[r.type]})

    def dismissed(self, d: Dismissal, name: _Names) -> None:
        self.hang(_wicket(d.wicket, d.bowlerId, name))

    def declared(self, _: Declaration, _name: _Names) -> None:
        self.doc["declared"] = True

    def forfeited(self, _: Forfeit, _name: _Names) -> None:
        self.doc["forfeited"] = True

    def absent(self, a: Absence, name: _Names) -> None:
        self.doc.setdefault("absent_hurt", []).append(name(a.batterId))

    def penalty(self, p: PenaltyRuns, _name: _Names) -> None:
        # Cricsheet has penalty runs before or after an innings, or on a ball: runs an
        # umpire awarded between balls are written as after the innings
        when = "pre" if p.when == "pre" else "post"
        runs = self.doc.setdefault("penalty_runs", {})
        runs[when] = runs.get(when, 0) + p.runs


def _outcome(result: Result | None, name: _Names) -> dict[str, Any]:
    """The match's result as live/score has it (scorebook.laws.result.judge_result): the
    officials' where they recorded one, else the Laws' from the innings."""
    if result is None:
        return {}
    if result.type == "win":
        out = _win(result, name)
    elif result.type == "tie":
        out = _tie(result, name)
    else:
        out = {"result": {"no_result": "no result"}.get(result.type, result.type)}
    if result.method:
        out["method"] = result.method
    return out


def _win(result: Result, name: _Names) -> dict[str, Any]:
    """A win's winner, and its margin where there is one."""
    out: dict[str, Any] = {"winner": name.team.get(result.winnerId or "", result.winnerId)}
    by = _margin(result.margin)
    if by:
        out["by"] = by
    return out


def _margin(m: WinMargin | None) -> dict[str, int]:
    """The margin's parts that are set: runs, wickets, an innings (as 1)."""
    if m is None:
        return {}
    return {k: v for k, v in (("runs", m.runs), ("wickets", m.wickets),
                              ("innings", 1 if m.innings else None)) if v is not None}


def _tie(result: Result, name: _Names) -> dict[str, Any]:
    """A tie, and who won the eliminator (a Super Over) that broke it, if one did."""
    out: dict[str, Any] = {"result": "tie"}
    if result.winnerId:
        out["eliminator"] = name.team.get(result.winnerId, result.winnerId)
    return out


def _info(match: Match, name: _Names, result: Result | None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "balls_per_over": match.ballsPerOver,
        "dates": [d.isoformat() for d in match.dates],
        "gender": match.gender,
        "match_type": match.matchType,
        "outcome": _outcome(result, name),
        "overs": match.scheduledOvers,
        "players": _players(match),
        "registry": {"people": _registry(match)},
        "season": match.season,
        "player_of_match": [name(p) for p in match.playerOfMatch] or None,
        "teams": [t.name for t in match.teams],
        "venue": match.venue,
        "city": match.city,
        "event": {"name": match.event} if match.event else None,
        "toss": _toss(match, name),
    }
    return {k: v for k, v in info.items() if v is not None}


def _registry(match: Match) -> dict[str, str]:
    """Every player's id by name, substitutes too."""
    return {p.name: p.id for t in match.teams for p in t.players}


def _players(match: Match) -> dict[str, list[str]]:
    """Each team's players by name, its substitutes left out."""
    return {t.name: [p.name for p in t.players if not p.isSubstitute] for t in match.teams}


def _toss(match: Match, name: _Names) -> dict[str, Any] | None:
    """Who won the toss and what they chose; None before the toss."""
    if match.toss is None:
        return None
    return {"winner": name.team.get(match.toss.winnerId, match.toss.winnerId),
            "decision": match.toss.decision}


#: what each kind of action writes into its innings (the other kinds write nothing; an
#: action before the first innings belongs to none)
_INTO_INNINGS: dict[type, Callable[[_Innings, Any, _Names], None]] = {
    ScoringAction: _Innings.ball,
    Retirement: _Innings.retired,
    Dismissal: _Innings.dismissed,
    Declaration: _Innings.declared,
    Forfeit: _Innings.forfeited,
    Absence: _Innings.absent,
    PenaltyRuns: _Innings.penalty,
}


def _innings(match: Match, counting: list[Action], name: _Names) -> list[_Innings]:
    """Each innings begun in the log, with what its actions write into it."""
    innings: list[_Innings] = []
    for a in counting:
        if isinstance(a, InningsStart):
            innings.append(_Innings(a, name, match.scheduledOvers))
        elif innings and type(a) in _INTO_INNINGS:
            _INTO_INNINGS[type(a)](innings[-1], a, name)
    return innings


def to_cricsheet(match: Match, actions: Iterable[Action]) -> dict[str, Any]:
    """The match and its log as one Cricsheet JSON document."""
    name = _Names(match)
    counting = sorted((a for a in actions if not a.isVoided), key=sort_key)
    result, _ = judge_result(replay(match, counting, ordered=True))
    innings = _innings(match, counting, name)
    return {"meta": {"data_version": DATA_VERSION, "created": date.today().isoformat(),
                     "revision": 1},
            "info": _info(match, name, result),
            "innings": [i.doc for i in innings]}
