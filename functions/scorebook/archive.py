"""After the match: its summary (``match_summaries/{matchId}``) and its ball-by-ball archive
(``match_summaries/{matchId}/balls/{page}``), pure.

Both are read off the feed's events (``scorebook.feed``), so a fifty, a hat-trick or a maiden
means here exactly what it meant to the spectators who watched it live, and each highlight
points at the action it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scorebook.actions import Action, ScoringAction
from scorebook.document import to_document
from scorebook.feed import Folded
from scorebook.laws.result import judge_result
from scorebook.state import FoldState, InningsState
from scorebook.views.scorecard import innings_overs
from scorebook.views.text import commentary, player_name, plural, scorer_note

#: deliveries in one archive page: 50 six-ball overs and their extras fit well inside a
#: Firestore document (1 MiB), so a five-day Test's 2,700 balls take about ten pages
PAGE_BALLS = 300
TOP = 5  # batters, bowlers and partnerships in the summary
FASTEST = 3
TURNING_OVERS = 3

def _score_text(score: Any) -> str:
    return f"{score.runs}/{score.wickets}"


def _payloads(folded: Folded, kind: str) -> Iterator[tuple[Action, Any]]:
    for action, found in folded.steps:
        for event in found:
            if event.type == kind:
                yield action, event.payload


def archive_pages(folded: Folded) -> dict[str, dict[str, Any]]:
    """Every delivery with its commentary and the score after it, and every over's summary,
    in pages of at most PAGE_BALLS deliveries per innings, by page id (`{innings}-{page}`)."""
    state = folded.state
    pages: dict[str, dict[str, Any]] = {}
    counts: dict[int, int] = {}
    for action, found in folded.steps:
        by_type = {e.type: e.payload for e in found}
        ball = by_type.get("BALL_BOWLED")
        if ball is None or not isinstance(action, ScoringAction):
            continue
        page = _page_of_next_ball(pages, counts, action.inningsNumber)
        page["deliveries"].append(
            _delivery_entry(state, action, ball, by_type.get("WICKET_FALLEN")))
        over = by_type.get("OVER_COMPLETE")
        if over is not None:
            page["overs"].append({
                "over": over.over, "runs": over.runs, "wickets": over.wickets,
                "maiden": over.maiden, "bowlerId": over.bowlerId,
                "bowler": player_name(state, over.bowlerId), "score": _score_text(over.score),
                "actionId": action.id})
    return pages


def _page_of_next_ball(pages: dict[str, dict[str, Any]], counts: dict[int, int],
                       innings: int) -> dict[str, Any]:
    """The page the innings' next delivery goes on, begun when it is the page's first;
    the delivery is counted."""
    n = counts.get(innings, 0)
    counts[innings] = n + 1
    return pages.setdefault(f"{innings:02d}-{n // PAGE_BALLS:02d}", {
        "inningsNumber": innings, "page": n // PAGE_BALLS, "deliveries": [], "overs": []})


def _delivery_entry(state: FoldState, action: ScoringAction, ball: Any,
                    wicket: Any) -> dict[str, Any]:
    return {
        "actionId": action.id, "over": action.overNumber, "ball": action.ballInOver,
        "display": ball.ball.display,
        "commentary": commentary(state, action, wicket.description if wicket else None),
        "note": scorer_note(action),
        "score": _score_text(ball.score), "overs": ball.score.overs}


def _highlights(folded: Folded) -> list[dict[str, Any]]:
    state = folded.state
    out: list[dict[str, Any]] = []
    for action, found in folded.steps:
        for event in found:
            highlight = _HIGHLIGHTS.get(event.type)
            found_one = highlight(state, action, event.payload) if highlight else None
            if found_one is not None:
                kind, fields = found_one
                out.append({"type": kind, "actionId": action.id,
                            "inningsNumber": event.inningsNumber, "over": event.over,
                            "ball": event.ball, **fields})
    return out


Highlight = tuple[str, dict[str, Any]] | None


def _wicket(state: FoldState, action: Action, p: Any) -> Highlight:
    return "wicket", {"playerIds": [p.batterId],
                      "text": f"{player_name(state, p.batterId)} {p.description}"}


def _boundary(state: FoldState, action: Action, p: Any) -> Highlight:
    """A four or a six off the bat, unless the scorer marked the runs as run (no boundary)."""
    if p.ball.runsOffBat not in (4, 6) or p.ball.isBoundary is False:
        return None
    word = "six" if p.ball.runsOffBat == 6 else "four"
    return word, {"playerIds": [action.strikerId],
                  "text": f"{player_name(state, action.strikerId)} hits a {word}"}


def _milestone(state: FoldState, action: Action, p: Any) -> Highlight:
    """A player's or a pair's milestone (the team's hundreds are not highlights)."""
    if p.milestone == "team_runs":
        return None
    names = " and ".join(player_name(state, pid) for pid in p.playerIds)
    return ("hat_trick" if p.milestone == "hat_trick" else "milestone",
            {"playerIds": p.playerIds, "milestone": p.milestone, "value": p.value,
             "text": f"{names}: {p.milestone.replace('_', ' ')} {p.value}"})


def _maiden(state: FoldState, action: Action, p: Any) -> Highlight:
    if not p.maiden:
        return None
    return "maiden", {"playerIds": [p.bowlerId],
                      "text": f"a maiden by {player_name(state, p.bowlerId)}"}


#: The feed's events that are highlights, by type: each says whether it is one, and how.
_HIGHLIGHTS: dict[str, Callable[[FoldState, Action, Any], Highlight]] = {
    "WICKET_FALLEN": _wicket,
    "BALL_BOWLED": _boundary,
    "MILESTONE_ACHIEVED": _milestone,
    "OVER_COMPLETE": _maiden,
}


def _turning_overs(folded: Folded) -> list[dict[str, Any]]:
    """The overs that swung the match: the most runs and the most wickets in an over."""
    overs = [(a, p) for a, p in _payloads(folded, "OVER_COMPLETE")]
    ranked = sorted(overs, key=lambda o: (o[1].runs + 20 * o[1].wickets, o[1].wickets),
                    reverse=True)[:TURNING_OVERS]
    return [{"type": "turning_over", "actionId": a.id, "inningsNumber": a.inningsNumber,
             "over": p.over, "runs": p.runs, "wickets": p.wickets,
             "bowlerId": p.bowlerId, "score": _score_text(p.score),
             "text": f"over {p.over + 1}: {plural(p.runs, 'run')}, "
                     f"{plural(p.wickets, 'wicket')}"} for a, p in ranked]


def _fastest(folded: Folded, runs: int) -> list[dict[str, Any]]:
    reached = [(p.balls, a.id, p.playerIds[0], a.inningsNumber)
               for a, p in _payloads(folded, "MILESTONE_ACHIEVED")
               if p.milestone == "batter_runs" and p.value == runs]
    return [{"playerId": pid, "name": player_name(folded.state, pid), "balls": balls,
             "inningsNumber": inn, "actionId": aid}
            for balls, aid, pid, inn in sorted(reached)[:FASTEST]]


def _regular(state: FoldState) -> list[InningsState]:
    """The match's innings, super overs left out."""
    return [i for i in state.innings if not i.isSuperOver]


def _top_batters(state: FoldState) -> list[dict[str, Any]]:
    """The best innings of the match (super overs left out): most runs, then fewest balls."""
    batters = sorted(((b.runs, -b.balls, i.number, b) for i in _regular(state)
                      for b in i.batters.values()),
                     key=lambda x: x[:3], reverse=True)[:TOP]
    return [{"playerId": b.playerId, "name": player_name(state, b.playerId), "inningsNumber": n,
             "runs": b.runs, "balls": b.balls, "fours": b.fours, "sixes": b.sixes,
             "notOut": not b.isOut} for *_, n, b in batters]


def _top_bowlers(state: FoldState) -> list[dict[str, Any]]:
    """The best spells of the match: most wickets, then fewest runs."""
    bowlers = sorted(((w.wickets, -w.runs, i.number, w) for i in _regular(state)
                      for w in i.bowlers.values()),
                     key=lambda x: x[:3], reverse=True)[:TOP]
    return [{"playerId": w.playerId, "name": player_name(state, w.playerId), "inningsNumber": n,
             "wickets": w.wickets, "runs": w.runs, "balls": w.balls, "maidens": w.maidens}
            for *_, n, w in bowlers]


def _highest_partnerships(state: FoldState) -> list[dict[str, Any]]:
    stands = sorted(((p.runs, i.number, p) for i in _regular(state) for p in i.partnerships),
                    key=lambda x: x[:2], reverse=True)[:TOP]
    return [{"inningsNumber": n, "wicket": p.wicket, "playerIds": [x for x in (p.aId, p.bId) if x],
             "runs": p.runs, "balls": p.balls, "unbroken": p.active} for _, n, p in stands]


def match_summary(folded: Folded) -> dict[str, Any]:
    """``match_summaries/{matchId}``: the result, each innings' total, the top batters and
    bowlers, the highest partnerships, the fastest fifties and hundreds, the milestones and
    the highlights, each pointing at its action."""
    state = folded.state
    result, _ = judge_result(state)
    innings = [{"number": i.number, "battingTeamId": i.battingTeamId, "runs": i.runs,
                "wickets": i.wickets, "overs": innings_overs(state, i),
                "isSuperOver": i.isSuperOver, "endReason": i.endReason}
               for i in state.innings]
    milestones = [{"actionId": a.id, "inningsNumber": a.inningsNumber, **to_document(p)}
                  for a, p in _payloads(folded, "MILESTONE_ACHIEVED")]
    return {
        "matchId": state.config.matchId,
        "teams": [{"id": t.id, "name": t.name} for t in state.config.teams],
        "result": None if result is None else {
            "type": result.type, "winnerId": result.winnerId, "text": result.text,
            "margin": result.marginText, "method": result.method,
            "source": result.source},
        "innings": innings,
        "topBatters": _top_batters(state),
        "topBowlers": _top_bowlers(state),
        "highestPartnerships": _highest_partnerships(state),
        "fastestFifties": _fastest(folded, 50),
        "fastestHundreds": _fastest(folded, 100),
        "milestones": milestones,
        "highlights": _highlights(folded),
        "turningOvers": _turning_overs(folded),
    }
