"""A competition's table (scorebook.season), pure: net run rate by the ICC's rules, and a
whole real competition (the 2021 CPL's league stage, cricsheet.org) giving the table that was
published after it: points, order and net run rate to 3 decimals."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from scorebook.cricsheet import load_match
from scorebook.fold import fold_into
from scorebook.season.lines import as_document, match_contribution, season_documents
from scorebook.season.players import add_head_to_head, add_match, finish, finish_head_to_head
from scorebook.season.table import (
    Competition,
    contributions,
    match_order,
    net_run_rate,
    shown,
    table,
)
from scorebook.state import initial_state
from scorebook_tools.realdata import real_match
from tests.conftest import REPO
from tests.unit.factories import Book

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


def test_the_documents_made_from_match_lines_equal_the_season_added_up() -> None:
    # the functions keep one line per match in each document and rebuild it from them;
    # the command line does too: both equal adding the season up in one pass
    competition = Competition.model_validate(CPL)
    played, lines, players, pairs = [], [], {}, {}
    for path, match, actions, state in season_matches(competition, None):
        played += contributions(state, competition, match_order(state, match.dates))
        lines.append(match_contribution(state, actions, competition, match.dates))
        add_match(players, state, competition)
        if path.stem <= "1269709":
            add_head_to_head(pairs, state, actions, competition)
    documents = season_documents(competition, lines)
    assert documents["table"] == [as_document(r) for r in table(competition, played)]
    assert documents["players"] == [as_document(s) for s in finish(players)]
    first_ten = [m for m in lines if m.matchId <= "1269709"]
    assert season_documents(competition, first_ten)["headToHeads"] == [
        as_document(p) for p in finish_head_to_head(pairs)]


def test_each_player_of_the_match_award_is_counted_once() -> None:
    competition = Competition.model_validate(CPL)
    lines, named = [], 0
    for path, match, actions, state in season_matches(competition, None):
        lines.append(match_contribution(state, actions, competition, match.dates,
                                        match.playerOfMatch))
        named += len(json.loads(path.read_text())["info"].get("player_of_match", []))
    players = season_documents(competition, lines)["players"]
    assert named > 0 and sum(p["momAwards"] for p in players) == named


def test_a_match_in_the_table_out_of_order_still_gives_the_form_guide_in_date_order() -> None:
    competition = Competition.model_validate(CPL)
    lines = [match_contribution(state, actions, competition, match.dates)
             for _p, match, actions, state in season_matches(competition, None)]
    forward = season_documents(competition, lines)["table"]
    assert season_documents(competition, reversed(lines))["table"] == forward


def _first_innings_tally(path, overs: int) -> dict[str, tuple[int, int]]:
    """(runs, wickets) within the first `overs` overs of each side's first innings, counted
    straight from the Cricsheet file: an independent count."""
    raw = json.loads(path.read_text())
    out: dict[str, tuple[int, int]] = {}
    for inn in raw["innings"]:
        if inn["team"] in out:
            continue
        delivered = [d for o in inn["overs"] if o["over"] < overs for d in o["deliveries"]]
        out[inn["team"]] = (sum(d["runs"]["total"] for d in delivered),
                            sum(len(d.get("wickets", [])) for d in delivered))
    return out


COUNTY = {"battingRuns": [250, 300, 350, 400, 450], "bowlingWickets": [3, 6, 9],
          "firstInningsOvers": 110}


@pytest.mark.parametrize("match_id", ["1166947", "1166966", "1244225"])
def test_county_championship_bonus_points_count_the_first_110_overs(match_id: str) -> None:
    path = real_match(match_id)
    if path is None:
        pytest.skip("the County Championship matches are not here: `make data` fetches them")
    match, actions = load_match(path)
    state = initial_state(match)
    fold_into(state, actions)
    competition = Competition(id="county", points={"win": 16, "draw": 5, "tie": 8},
                              bonus=COUNTY, order=["points"])
    tally = _first_innings_tally(path, 110)
    names = {t.id: t.name for t in match.teams}
    got = {names[m.teamId]: m for m in contributions(state, competition)}
    for team, (runs, _) in tally.items():
        (other,) = [t for t in tally if t != team]
        expected = sum(runs >= t for t in COUNTY["battingRuns"]) + sum(
            tally[other][1] >= t for t in COUNTY["bowlingWickets"])
        assert got[team].bonusPoints == expected, team
    (row, *_) = table(competition, got.values())
    assert row.points == row.bonusPoints + {"win": 16, "draw": 5}[
        "draw" if row.draws else "win"]


def test_the_hundred_counts_net_run_rate_in_its_five_ball_sets() -> None:
    path = real_match("1252700")
    if path is None:
        pytest.skip("The Hundred's match is not here: `make data` fetches it")
    match, actions = load_match(path)
    state = initial_state(match)
    fold_into(state, actions)
    competition = Competition(id="hundred", ballsPerOver=5)
    raw = json.loads(path.read_text())
    runs = [sum(d["runs"]["total"] for o in i["overs"] for d in o["deliveries"])
            for i in raw["innings"]]
    balls = [sum("wides" not in d.get("extras", {}) and "noballs" not in d.get("extras", {})
                 for o in i["overs"] for d in o["deliveries"]) for i in raw["innings"]]
    first = state.innings[0]
    quota = 100 if first.wickets == first.wicketLimit else balls[0]
    rows = {r.teamId: r for r in table(competition, contributions(state, competition))}
    expected = Decimal(runs[0] * 5) / quota - Decimal(runs[1] * 5) / balls[1]
    assert rows[first.battingTeamId].netRunRateText == shown(expected)
    assert rows[first.battingTeamId].oversPlayed == round(quota / 5, 4)


def test_a_chase_the_weather_ended_credits_the_side_batting_first_with_the_par_score() -> None:
    # Home 120 in 20 overs; Away 66 without loss after 11 overs when the rain came, the par
    # score at that point being 60: Away win, and Home is credited with 60 off Away's 66 balls
    book = Book()
    book.start()
    for _ in range(120):
        book.ball(1)
    book.start()
    for _ in range(66):
        book.ball(1)
    book.event("match_result", result="win", winnerId="away", method="DLS", parScore=60)
    competition = Competition(id="rain")
    home, away = contributions(book.state, competition)
    assert (home.outcome, away.outcome) == ("loss", "win")
    assert (home.runsFor, home.ballsFaced) == (60, 66)
    assert (away.runsFor, away.ballsFaced) == (66, 66)
    assert (home.runsAgainst, home.ballsBowled) == (66, 66)


def test_a_chase_the_rain_rule_decided_credits_the_side_batting_first_with_its_par() -> None:
    """No par recorded by the officials: the functions' own (the Standard Edition's). Home 120
    in 20 overs (R1 56.6); Away stopped after 5 overs, 0 down (15 left: 45.2), resumed as a
    15-over innings (10 left: 32.1): R2 = 43.5, target 93; then ended for good after 8 overs
    (7 left: 23.4): the par 120 x (43.5 - 23.4) / 56.6 = 42.6, 42. Away, 78, won by 36 runs,
    and Home is credited with 42 off Away's 48 balls."""
    book = Book()
    book.start()
    for _ in range(120):
        book.ball(1)
    book.start()
    for _ in range(30):
        book.ball(2)
    book.event("interruption", maxOvers=15)
    for _ in range(18):
        book.ball(1)  # 78, short of the revised target of 93
    book.event("innings_end", reason="abandoned")
    live = book.live()
    assert (live.winnerId, live.result) == ("away", "Away won by 36 runs (D/L)")
    home, away = contributions(book.state, Competition(id="rain"))
    assert (home.runsFor, home.ballsFaced) == (42, 48)
    assert (away.runsFor, away.ballsFaced) == (78, 48)
