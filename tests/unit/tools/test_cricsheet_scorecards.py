"""Every real match, replayed and compared figure by figure with an independent scorecard:
the one published beside the data when there is one (``expected/{id}.scorecard.json``), else
the plain tally of ``tests/reference_scorecard.py``, which is checked against the published
ones wherever both exist. Data: cricsheet.org, ODC Attribution License."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scorebook.cricsheet import load_match, slug
from scorebook.match import Match
from scorebook.views.scorecard import BatterView, InningsView, LiveScoreProjection, project
from scorebook_tools.realdata import expected_scorecard, real_match
from tests.conftest import independent_scorecard, real_match_params
from tests.reference_scorecard import margin_words, scorecard_of

_KIND = {
    "caught": "caught",
    "bowled": "bowled",
    "lbw": "lbw",
    "run_out": "run out",
    "stumped": "stumped",
    "hit_wicket": "hit wicket",
    "handled_ball": "handled the ball",
    "obstructing_field": "obstructing the field",
    "hit_the_ball_twice": "hit the ball twice",
    "timed_out": "timed out",
    "retired_out": "retired out",
    "retired_hurt": "retired hurt",
    "retired_not_out": "retired not out",
}


def _replayed(path: Path) -> tuple[Match, LiveScoreProjection, dict[str, Any]]:
    match, actions = load_match(path)
    return match, project(match, actions), independent_scorecard(path)


def _names(match: Match) -> dict[str, str]:
    return match.player_names()


def _batting_row(b: BatterView, snap: InningsView, names: dict[str, str]) -> dict[str, Any]:
    kind = bowler = None
    fielders: list[str] = []
    if b.dismissal is not None:
        d = b.dismissal
        kind = _KIND[d.type]
        fielders = [names.get(f, "") for f in d.fielderIds]  # unnamed substitute: ""
        if d.type == "caught" and d.description.startswith("c & b"):
            kind, fielders = "caught and bowled", []
        if d.bowlerId is not None:
            bowler = names[d.bowlerId]
        else:
            # Not the bowler's wicket: the scorecard still names the bowler of that ball,
            # which the fall-of-wicket line records.
            fow = next((f for f in snap.fallOfWickets if f.batsmanOutId == b.playerId), None)
            bowler = names[fow.bowlerId] if fow and fow.bowlerId else None
    return {
        "name": names[b.playerId],
        "runs": b.runs,
        "balls": b.ballsFaced,
        "fours": b.fours,
        "sixes": b.sixes,
        "out": b.isOut,
        "dismissal": kind,
        "bowler": bowler,
        "fielders": fielders,
    }


def _overs_number(text: str) -> float:
    """A scorecard's overs ("19.4") as live/score writes them: the same notation, as a
    number (the float the text reads, so 19.4 is exactly 19.4)."""
    return float(text)


@pytest.fixture(params=real_match_params())
def replay(request: pytest.FixtureRequest) -> tuple[Match, LiveScoreProjection, dict[str, Any]]:
    return _replayed(request.param)


@pytest.mark.parametrize("path", real_match_params())
def test_the_reference_tally_agrees_with_the_published_scorecard(path: Path) -> None:
    published = expected_scorecard(path)
    if published is None:
        pytest.skip("no published scorecard beside this match")
    assert scorecard_of(path) == json.loads(published.read_text())


def test_every_innings_total_matches_the_scorecard(replay) -> None:
    match, live, expected = replay
    assert len(live.innings) == len(expected["innings"])
    for snap, exp in zip(live.innings, expected["innings"], strict=True):
        got = {
            "team": snap.battingTeamId,
            "superOver": snap.isSuperOver,
            "declared": snap.declared,
            "forfeited": snap.forfeited,
            "total": snap.runs,
            "wickets": snap.wickets,
            "legalBalls": snap.balls,
            "overs": snap.overs,
            "extras": {
                "wides": snap.extras.wides,
                "noballs": snap.extras.noBalls,
                "byes": snap.extras.byes,
                "legbyes": snap.extras.legByes,
                "penalty": snap.extras.penalty,
                "total": snap.extras.total,
            },
            "penaltyRunsInnings": {"pre": snap.penaltyRunsPre, "post": snap.penaltyRunsPost},
        }
        want = {k: exp[k] for k in got}
        want["team"] = slug(exp["team"])
        want["overs"] = _overs_number(exp["overs"])
        assert got == want, f"innings {snap.inningsNumber}"
        if exp["target"] is not None:
            assert snap.target == exp["target"]["runs"], f"innings {snap.inningsNumber} target"


def test_every_batter_matches_the_scorecard(replay) -> None:
    match, live, expected = replay
    names = _names(match)
    for snap, exp in zip(live.innings, expected["innings"], strict=True):
        got = [_batting_row(b, snap, names) for b in snap.batsmen]
        assert got == exp["batting"], f"innings {snap.inningsNumber}"


def test_every_bowler_matches_the_scorecard(replay) -> None:
    match, live, expected = replay
    names = _names(match)
    for snap, exp in zip(live.innings, expected["innings"], strict=True):
        got = [
            {
                "name": names[b.playerId],
                "legalBalls": b.ballsBowled,
                "overs": b.overs,
                "maidens": b.maidens,
                "runs": b.runsConceded,
                "wickets": b.wickets,
                "wides": b.wides,
                "noballs": b.noBalls,
                "wideRuns": b.wideRuns,
                "noballRuns": b.noBallRuns,
            }
            for b in snap.bowlers
        ]
        want = [line | {"overs": _overs_number(line["overs"])} for line in exp["bowling"]]
        assert got == want, f"innings {snap.inningsNumber}"


def test_every_fall_of_wicket_and_retirement_matches_the_scorecard(replay) -> None:
    match, live, expected = replay
    names = _names(match)
    for snap, exp in zip(live.innings, expected["innings"], strict=True):
        fow = [[f.score, f.wicketNumber, f.over, names[f.batsmanOutId]] for f in snap.fallOfWickets]
        assert fow == exp["fallOfWickets"], f"innings {snap.inningsNumber}"
        retired = [
            {"player": names[r.playerId], "kind": _KIND[r.type], "score": r.score, "over": r.over}
            for r in snap.retirements
            if r.type != "retired_out"
        ]
        assert retired == exp["retirements"], f"innings {snap.inningsNumber}"


def test_the_result_matches_the_scorecard(replay) -> None:
    match, live, expected = replay
    want = expected["result"]
    team_id = {slug(t.name): t.name for t in match.teams}
    if "winner" in want:
        assert live.resultType == "win"
        assert team_id[live.winnerId] == want["winner"]
        by = want["by"]
        margin = live.winMarginDetail
        assert margin is not None
        assert margin.runs == by.get("runs")
        assert margin.wickets == by.get("wickets")
        assert margin.innings == bool(by.get("innings"))
        assert live.winMargin == margin_words(by)
        assert live.resultMethod == want.get("method")
    else:
        assert live.resultType == {"no result": "no_result"}.get(want["result"], want["result"])
        if want.get("eliminator"):
            assert team_id[live.winnerId] == want["eliminator"]
    assert live.status == "completed"
    assert live.resultSource == "officials"  # the match data's outcome is the officials'
    assert live.integrity == []


def test_the_laws_alone_decide_every_decisive_result(replay) -> None:
    """Without the officials' result event the fold still finds the winner and the margin
    (the D/L target is in the innings start, as an official sets it)."""
    match, _, expected = replay
    want = expected["result"]
    if "winner" not in want and not want.get("eliminator"):
        pytest.skip("draw / no result: only the officials can say so")
    _, actions = load_match(real_match(match.id))
    live = project(match, [a for a in actions if a.kind != "match_result"])
    team_id = {slug(t.name): t.name for t in match.teams}
    if "winner" in want:
        assert team_id[live.winnerId] == want["winner"]
        assert live.winMarginDetail.runs == want["by"].get("runs")
        assert live.winMarginDetail.wickets == want["by"].get("wickets")
        assert live.winMargin == margin_words(want["by"])
    else:
        assert live.resultType == "tie"
        assert team_id[live.winnerId] == want["eliminator"]
