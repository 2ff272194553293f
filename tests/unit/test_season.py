"""A competition's table (scorebook.season), pure: net run rate by the ICC's rules, and a
whole real competition (the 2021 CPL's league stage, cricsheet.org) giving the table that was
published after it: points, order and net run rate to 3 decimals."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from scorebook.fold import fold_into
from scorebook.fold.state import initial_state
from scorebook.season import (
    Competition,
    add_head_to_head,
    add_match,
    contributions,
    finish,
    finish_head_to_head,
    net_run_rate,
    shown,
    table,
)
from scorebook_tools.cricsheet import load_match
from scorebook_tools.realdata import real_match
from tests.conftest import REPO

CPL = json.loads((REPO / "tests" / "data" / "competitions" / "cpl-2021.json").read_text())


def season_matches(competition: Competition, first: int | None = None):
    """(path, match, actions, folded state) of the competition's table matches, in order."""
    for match_id in competition.tableMatches[:first]:
        path = real_match(match_id)
        if path is None:
            pytest.skip("the 2021 CPL's matches are not here: `make data` fetches them")
        match, actions = load_match(path)
        state = initial_state(match)
        fold_into(state, actions)
        yield path, match, actions, state


def test_net_run_rate_is_per_over_and_shown_rounded_half_up() -> None:
    # 180 off 20 overs against 150 off 20: 9.0 - 7.5
    assert net_run_rate(180, 120, 150, 120) == Decimal("1.5")
    assert shown(Decimal("0.0005")) == "+0.001" and shown(Decimal("-0.0005")) == "-0.001"
    assert shown(Decimal("0.70049")) == "+0.700"
    # The Hundred's five-ball sets: 100 balls are 20 of its overs
    assert net_run_rate(160, 100, 140, 100, balls_per_over=5) == Decimal(1)
    assert net_run_rate(0, 0, 10, 6) == 0  # nothing faced yet


def _season() -> tuple[Competition, list, dict[str, str]]:
    competition = Competition.model_validate(CPL)
    played, names = [], {}
    for _path, match, _actions, state in season_matches(competition, None):
        played += contributions(state, competition)
        names |= {t.id: t.name for t in match.teams}
    return competition, played, names


def test_the_2021_cpl_league_stage_gives_its_published_table() -> None:
    competition, played, names = _season()
    rows = {names[r.teamId]: r for r in table(competition, played)}
    assert len(rows) == 6 and sum(r.matchesPlayed for r in rows.values()) == 60
    schema = {"points": "points", "won": "wins", "lost": "losses", "played": "matchesPlayed",
              "netRunRate": "netRunRateText"}
    for published in CPL["published"]["rows"]:
        row = rows[published["team"]]
        assert row.position == published["position"], published["team"]
        for figure, ours in schema.items():
            if figure in published:
                assert getattr(row, ours) == published[figure], (published["team"], figure)
    leaders = rows["Trinbago Knight Riders"]
    assert leaders.netRunRate == 0.7 and len(leaders.formGuide) == 5
    assert leaders.currentStreak is not None and leaders.currentStreak["count"] >= 1


def test_a_side_bowled_out_is_charged_its_whole_quota() -> None:
    competition = Competition.model_validate(CPL)
    checked = 0
    for _path, _match, _actions, state in season_matches(competition, None):
        first = state.innings[0]
        if first.wickets == 10 and first.balls < 120:
            (mine,) = [m for m in contributions(state, competition)
                       if m.teamId == first.battingTeamId]
            assert mine.ballsFaced == 120 and mine.runsFor == first.runs
            checked += 1
    assert checked, "some side batting first was bowled out inside its 20 overs"


CREDITED = {"bowled", "caught", "lbw", "stumped", "hit wicket", "caught and bowled"}


def _tally(path) -> dict[str, dict[str, int]]:
    """Each player's runs, balls faced, wickets and catches counted straight from the
    Cricsheet file (registry ids), super overs left out: an independent count."""
    raw = json.loads(path.read_text())
    ids = raw["info"]["registry"]["people"]
    out: dict[str, dict[str, int]] = {}

    def add(name: str, figure: str, n: int = 1) -> None:
        out.setdefault(ids[name], {}).setdefault(figure, 0)
        out[ids[name]][figure] += n

    for inn in raw["innings"]:
        if inn.get("super_over"):
            continue
        for over in inn["overs"]:
            for d in over["deliveries"]:
                add(d["batter"], "runs", d["runs"]["batter"])
                add(d["batter"], "balls", "wides" not in d.get("extras", {}))
                for w in d.get("wickets", []):
                    if w["kind"] in CREDITED:
                        add(d["bowler"], "wickets")
                    if w["kind"] == "caught":
                        add(w["fielders"][0]["name"], "catches")
                    if w["kind"] == "caught and bowled":
                        add(d["bowler"], "catches")
    return out


def test_every_players_season_adds_up_to_the_matches_as_published() -> None:
    competition = Competition.model_validate(CPL)
    players: dict = {}
    expected: dict[str, dict[str, int]] = {}
    for path, _match, _actions, state in season_matches(competition, None):
        add_match(players, state, competition)
        for person, figures in _tally(path).items():
            for figure, n in figures.items():
                expected.setdefault(person, {}).setdefault(figure, 0)
                expected[person][figure] += n
    season = finish(players)
    got: dict[str, dict[str, int]] = {}
    for s in season:  # a player's figures for every team he played for
        mine = got.setdefault(s.personId, {})
        for figure, n in (("runs", s.batting.runs), ("balls", s.batting.ballsFaced),
                          ("wickets", s.bowling.wickets), ("catches", s.fielding.catches)):
            mine[figure] = mine.get(figure, 0) + n
    for person, figures in expected.items():
        for figure, n in figures.items():
            assert got[person][figure] == n, (person, figure)
    assert all(s.matchesPlayed <= 10 for s in season)  # ten league matches a side
    top = max(season, key=lambda s: s.batting.runs)
    assert top.batting.average is not None and top.batting.strikeRate is not None


def test_head_to_heads_add_up_to_the_matches_as_published() -> None:
    competition = Competition.model_validate(CPL)
    pairs: dict = {}
    expected: dict[tuple[str, str], list[int]] = {}
    for path, _match, actions, state in season_matches(competition, 10):
        add_head_to_head(pairs, state, actions, competition)
        raw = json.loads(path.read_text())
        ids = raw["info"]["registry"]["people"]
        for inn in (i for i in raw["innings"] if not i.get("super_over")):
            for over in inn["overs"]:
                for d in over["deliveries"]:
                    line = expected.setdefault((ids[d["batter"]], ids[d["bowler"]]), [0, 0, 0])
                    line[0] += "wides" not in d.get("extras", {})
                    line[1] += d["runs"]["batter"]
                    line[2] += sum(w["kind"] in CREDITED and w["player_out"] == d["batter"]
                                   for w in d.get("wickets", []))
    got = {(p.batsmanId, p.bowlerId): [p.ballsFaced, p.runsScored, p.dismissals]
           for p in finish_head_to_head(pairs)}
    assert got == expected
    busiest = max(finish_head_to_head(pairs), key=lambda p: p.ballsFaced)
    assert busiest.strikeRate == round(busiest.runsScored * 100 / busiest.ballsFaced, 2)
    assert sum(busiest.dismissalBreakdown.values()) == busiest.dismissals
