"""An independent reference scorer for Cricsheet matches.

It turns one Cricsheet JSON match (https://cricsheet.org/format/json/) into a plain scorecard
dict: per innings the total, wickets, balls, overs, extras, every batter, every bowler, the fall
of wickets and retirements, then the official result with a check of its margin.

Why it exists: the tests compare the product's projection with real matches, and most real
matches come with no published scorecard beside the data. This file is a second, separate tally
of the same deliveries, written with plain dicts and loops and importing nothing from
`scorebook`, so that a mistake in the product's fold cannot hide by being shared. Keep it that
way: it must never import the project.

Cricsheet data: cricsheet.org, published under the Open Data Commons Attribution License.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The wickets the bowler is credited with: bowled (Law 32), caught (Law 33), hit wicket (Law 35),
# lbw (Law 36), stumped (Law 39). Hit the ball twice (Law 34), obstructing the field (Law 37, which
# now covers handling the ball), run out (Law 38), timed out (Law 40) and retired out (Law 25.4)
# are wickets but not the bowler's.
BOWLERS_WICKETS = {"bowled", "caught", "caught and bowled", "lbw", "stumped", "hit wicket"}

# Law 25.4: a batter retiring hurt or not out is not out and may resume; it is no wicket.
NOT_OUT_RETIREMENTS = {"retired hurt", "retired not out"}

# Law 17.1: an over has the number of balls set for the match; most matches say 6.
DEFAULT_BALLS_PER_OVER = 6

EXTRA_KINDS = ("wides", "noballs", "byes", "legbyes", "penalty")


def scorecard_of(path: str | Path) -> dict[str, Any]:
    """The scorecard of the Cricsheet file at `path` (its id is the file's name)."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    return scorecard(data, match_id=path.stem)


def scorecard(data: dict[str, Any], match_id: str | None = None) -> dict[str, Any]:
    """The scorecard of a loaded Cricsheet match. Cricsheet does not store the match's id
    inside the file, so it is passed in (`scorecard_of` takes it from the file name)."""
    info = data["info"]
    balls_per_over = info.get("balls_per_over", DEFAULT_BALLS_PER_OVER)
    innings = [_innings_card(raw, balls_per_over) for raw in data.get("innings", [])]
    outcome = dict(info.get("outcome", {}))
    return {
        "matchId": match_id,
        "matchType": info.get("match_type"),
        "gender": info.get("gender"),
        "teams": list(info.get("teams", [])),
        "dates": list(info.get("dates", [])),
        "event": info.get("event", {}).get("name"),
        "ballsPerOver": balls_per_over,
        "scheduledOvers": info.get("overs"),
        "innings": innings,
        "result": outcome,
        "check": _check(outcome, innings),
    }


# --- one innings -------------------------------------------------------------------------


def _innings_card(raw: dict[str, Any], balls_per_over: int) -> dict[str, Any]:
    tally = _new_tally(balls_per_over)
    miscounted = {str(k) for k in raw.get("miscounted_overs", {})}
    for over in raw.get("overs", []):
        _play_over(tally, over, str(over["over"]) in miscounted)
    penalties = raw.get("penalty_runs", {})
    pre, post = penalties.get("pre", 0), penalties.get("post", 0)
    # Law 41: penalty runs awarded before or after the innings' deliveries are extras too.
    tally["extras"]["penalty"] += pre + post
    tally["total"] += pre + post
    extras = dict(tally["extras"])
    extras["total"] = sum(tally["extras"].values())
    return {
        "team": raw["team"],
        "superOver": bool(raw.get("super_over", False)),
        "declared": bool(raw.get("declared", False)),
        "forfeited": bool(raw.get("forfeited", False)),
        "total": tally["total"],
        "wickets": tally["wickets"],
        "legalBalls": tally["legalBalls"],
        "overs": _overs_text(tally["fullOvers"], tally["spareBalls"], balls_per_over),
        "extras": extras,
        "penaltyRunsInnings": {"pre": pre, "post": post},
        "target": raw.get("target"),
        "absentHurt": list(raw.get("absent_hurt", [])),
        "batting": list(tally["batters"].values()),
        "bowling": [_bowling_line(line, balls_per_over) for line in tally["bowlers"].values()],
        "fallOfWickets": tally["fallOfWickets"],
        "retirements": tally["retirements"],
    }


def _new_tally(balls_per_over: int) -> dict[str, Any]:
    return {
        "ballsPerOver": balls_per_over,
        "total": 0,
        "wickets": 0,
        "legalBalls": 0,
        "fullOvers": 0,  # completed overs, however many balls the umpire allowed in them
        "spareBalls": 0,  # legal balls of overs left unfinished (the innings' last)
        "extras": dict.fromkeys(EXTRA_KINDS, 0),
        "batters": {},  # name -> batting line, in the order they came in
        "bowlers": {},  # name -> bowling tally, in the order they came on
        "fallOfWickets": [],
        "retirements": [],
    }


def _play_over(tally: dict[str, Any], over: dict[str, Any], miscounted: bool) -> None:
    # Per over: legal balls so far and the runs charged to each bowler who bowled in it.
    state: dict[str, Any] = {"legal": 0, "charged": {}, "legalBy": {}}
    for delivery in over["deliveries"]:
        _play_delivery(tally, state, delivery)
    # Law 17.5: an over the umpire miscounted still counts as the over he called.
    complete = miscounted or state["legal"] >= tally["ballsPerOver"]
    _close_over(tally, state, complete)


def _close_over(tally: dict[str, Any], state: dict[str, Any], complete: bool) -> None:
    if complete:
        tally["fullOvers"] += 1
    else:
        tally["spareBalls"] += state["legal"]
    bowlers = list(state["charged"])
    if complete and len(bowlers) == 1:
        line = tally["bowlers"][bowlers[0]]
        line["fullOvers"] += 1
        # A maiden is a completed over by one bowler conceding nothing to him: byes,
        # leg byes (Law 23) and penalty runs (Law 41) do not spoil it.
        if state["charged"][bowlers[0]] == 0:
            line["maidens"] += 1
        return
    # An over shared between bowlers, or left unfinished: each keeps his loose balls.
    for name, legal in state["legalBy"].items():
        tally["bowlers"][name]["spareBalls"] += legal


def _play_delivery(tally: dict[str, Any], state: dict[str, Any], d: dict[str, Any]) -> None:
    extras = d.get("extras", {})
    # A no ball (Law 21.17) or a wide (Law 22.8) does not count as one of the over's balls.
    legal = "wides" not in extras and "noballs" not in extras
    if legal:
        state["legal"] += 1
        tally["legalBalls"] += 1
    _see_batter(tally, d["batter"])
    _see_batter(tally, d["non_striker"])
    tally["total"] += d["runs"]["total"]
    for kind in EXTRA_KINDS:
        tally["extras"][kind] += extras.get(kind, 0)
    _credit_batter(tally["batters"][d["batter"]], d)
    _charge_bowler(tally, state, d, legal)
    over_text = f"{tally['fullOvers']}.{state['legal']}"
    for wicket in d.get("wickets", []):
        _take_wicket(tally, wicket, d["bowler"], over_text)


def _credit_batter(line: dict[str, Any], d: dict[str, Any]) -> None:
    runs = d["runs"]["batter"]
    line["runs"] += runs
    # A wide (Law 22) is never a ball faced, being out of the striker's reach; a no ball
    # (Law 21) is faced and can be hit.
    if "wides" not in d.get("extras", {}):
        line["balls"] += 1
    # Law 19: a boundary is four or six; runs that merely add up to four are not one.
    if not d["runs"].get("non_boundary", False):
        line["fours"] += runs == 4
        line["sixes"] += runs == 6


def _charge_bowler(
    tally: dict[str, Any], state: dict[str, Any], d: dict[str, Any], legal: bool
) -> None:
    name = d["bowler"]
    line = tally["bowlers"].setdefault(name, _new_bowler(name))
    extras = d.get("extras", {})
    wides, noballs = extras.get("wides", 0), extras.get("noballs", 0)
    # Wides (Law 22) and no balls (Law 21) are charged to the bowler along with the runs off
    # the bat (the scorers' convention); byes and leg byes (Law 23) and penalty runs (Law 41)
    # never are. Byes run off a no ball are byes: only the no ball run is the bowler's.
    charged = d["runs"]["batter"] + wides + noballs
    line["runs"] += charged
    line["legalBalls"] += legal
    line["wides"] += "wides" in extras
    line["noballs"] += "noballs" in extras
    line["wideRuns"] += wides
    line["noballRuns"] += noballs
    state["charged"][name] = state["charged"].get(name, 0) + charged
    state["legalBy"][name] = state["legalBy"].get(name, 0) + legal


def _take_wicket(tally: dict[str, Any], wicket: dict[str, Any], bowler: str, over: str) -> None:
    name, kind = wicket["player_out"], wicket["kind"]
    _see_batter(tally, name)  # e.g. timed out (Law 40) before facing a ball
    line = tally["batters"][name]
    line["dismissal"] = kind
    if kind in NOT_OUT_RETIREMENTS:
        entry = {"player": name, "kind": kind, "score": tally["total"], "over": over}
        tally["retirements"].append(entry)
        return
    tally["wickets"] += 1
    line["out"] = True
    # The card names the bowler of the ball even when the wicket is not his (run out), but
    # a batter timed out (Law 40) was never bowled at.
    line["bowler"] = None if kind == "timed out" else bowler
    # An unnamed substitute fielder is written as an empty name.
    line["fielders"] = [f.get("name", "") for f in wicket.get("fielders", [])]
    if kind in BOWLERS_WICKETS:
        tally["bowlers"][bowler]["wickets"] += 1
    tally["fallOfWickets"].append([tally["total"], tally["wickets"], over, name])


def _see_batter(tally: dict[str, Any], name: str) -> None:
    line = tally["batters"].get(name)
    if line is None:
        tally["batters"][name] = {
            "name": name,
            "runs": 0,
            "balls": 0,
            "fours": 0,
            "sixes": 0,
            "out": False,
            "dismissal": None,
            "bowler": None,
            "fielders": [],
        }
    elif line["dismissal"] in NOT_OUT_RETIREMENTS:
        # Law 25.4.2: a batter who retired hurt has come back to resume the innings.
        line["dismissal"] = None


def _new_bowler(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "legalBalls": 0,
        "fullOvers": 0,
        "spareBalls": 0,
        "maidens": 0,
        "runs": 0,
        "wickets": 0,
        "wides": 0,
        "noballs": 0,
        "wideRuns": 0,
        "noballRuns": 0,
    }


def _bowling_line(line: dict[str, Any], balls_per_over: int) -> dict[str, Any]:
    overs = _overs_text(line["fullOvers"], line["spareBalls"], balls_per_over)
    return {
        "name": line["name"],
        "legalBalls": line["legalBalls"],
        "overs": overs,
        "maidens": line["maidens"],
        "runs": line["runs"],
        "wickets": line["wickets"],
        "wides": line["wides"],
        "noballs": line["noballs"],
        "wideRuns": line["wideRuns"],
        "noballRuns": line["noballRuns"],
    }


def _overs_text(full: int, spare: int, balls_per_over: int) -> str:
    """Overs as cricket writes them: "completed overs.balls" (never a decimal fraction)."""
    more, balls = divmod(spare, balls_per_over)
    return f"{full + more}.{balls}"


# --- the result ----------------------------------------------------------------------------


def _check(outcome: dict[str, Any], innings: list[dict[str, Any]]) -> dict[str, str]:
    """Does the official result agree with the runs and wickets tallied above?"""
    if "winner" in outcome:
        return _check_win(outcome, [i for i in innings if not i["superOver"]])
    result = outcome.get("result")
    if result == "tie":
        return _check_tie(outcome, innings)
    if result == "draw":
        # Only the officials can call a draw (Law 16); there is no margin to recompute.
        return {"status": "PASS", "reason": "draw"}
    return {"status": "SKIP", "reason": result or "no outcome"}


def _aggregates(innings: list[dict[str, Any]]) -> dict[str, int]:
    runs: dict[str, int] = {}
    for card in innings:
        runs[card["team"]] = runs.get(card["team"], 0) + card["total"]
    return runs


def _check_win(outcome: dict[str, Any], innings: list[dict[str, Any]]) -> dict[str, str]:
    winner, by = outcome["winner"], outcome.get("by", {})
    if "wickets" in by:
        return _check_wickets_win(winner, by["wickets"], innings)
    if "runs" not in by:
        return {"status": "SKIP", "reason": f"{winner} won ({outcome})"}
    runs = _aggregates(innings)
    last = innings[-1] if innings else None
    if last is not None and last["target"] and last["team"] != winner:
        # A side that falls short of its target (set by the innings before it, or revised by
        # D/L under the playing conditions) loses by the runs it fell short of the target.
        computed = last["target"]["runs"] - 1 - last["total"]
    else:
        computed = runs.get(winner, 0) - sum(v for k, v in runs.items() if k != winner)
    words = "an innings and " if by.get("innings") else ""
    status = "PASS" if computed == by["runs"] else "FAIL"
    reason = f"{winner} won by {words}{by['runs']} runs (computed {computed})"
    return {"status": status, "reason": reason}


def margin_words(by: dict[str, Any]) -> str:
    """A Cricsheet margin (``outcome.by``) as a result line words it after "won by":
    "18 runs", "1 run", "5 wickets", "an innings and 44 runs"."""
    if "wickets" in by:
        count, unit = by["wickets"], "wicket"
    else:
        count, unit = by["runs"], "run"
    words = f"{count} {unit}" + ("" if count == 1 else "s")
    return f"an innings and {words}" if by.get("innings") else words


def _check_wickets_win(winner: str, wickets: int, innings: list[dict[str, Any]]) -> dict[str, str]:
    last = innings[-1]
    runs = _aggregates(innings)
    if last["target"]:
        target = last["target"]["runs"]
    else:
        # Law 16: the side batting last wins by passing the other side's aggregate.
        before = runs.get(winner, 0) - last["total"]
        target = sum(v for k, v in runs.items() if k != winner) - before + 1
    computed = 10 - last["wickets"]
    reached = last["team"] == winner and last["total"] >= target
    status = "PASS" if reached and computed == wickets else "FAIL"
    reason = f"{winner} won by {wickets} wickets (computed {computed}, target reached={reached})"
    return {"status": status, "reason": reason}


def _check_tie(outcome: dict[str, Any], innings: list[dict[str, Any]]) -> dict[str, str]:
    main = _aggregates([i for i in innings if not i["superOver"]])
    if len(set(main.values())) > 1:
        return {"status": "FAIL", "reason": f"tie, but the totals differ: {main}"}
    super_overs = [i for i in innings if i["superOver"]]
    if len(super_overs) < 2:
        return {"status": "PASS", "reason": "tie"}
    # The last pair of super overs decides the tie (playing conditions, not the Laws).
    first, second = super_overs[-2], super_overs[-1]
    if first["total"] == second["total"]:
        reason = f"tie; super over tied {first['total']}-{second['total']}"
        return {"status": "SKIP", "reason": reason}
    won, lost = sorted((first, second), key=lambda i: i["total"], reverse=True)
    status = "PASS" if outcome.get("eliminator") == won["team"] else "FAIL"
    reason = f"tie; {won['team']} won super over {won['total']}-{lost['total']}"
    return {"status": status, "reason": reason}
