"""Who is left to bat, when a side is all out, and how a replacement appears on the scorecard:
the batting side as the lineups make it. One test per rule.

Real data: cricsheet.org, Open Data Commons Attribution License.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scorebook.cricsheet import lineups_from_cricsheet, load_match
from scorebook.document import to_document
from scorebook.match import Match, lineup_documents
from scorebook.views.lineups import match_for_fold
from scorebook.views.scorecard import AbsentBatterView, LiveScoreProjection, YetToBatView, project
from scorebook.views.text import replacement_note
from tests.conftest import independent_scorecard, real_match_params, real_match_path
from tests.unit.factories import HOME_NAMES, Book, make_match, two_innings_match
from tests.unit.tools.test_cricsheet_import import ball, cricsheet
from tests.unit.views.test_lineups import entry

Doc = tuple[str, dict[str, Any]]


def home_xi(n: int = 11) -> list[Doc]:
    """Home's lineup documents: h1..hn batting in that order, with the factory's names."""
    docs = [entry("home", f"h{i}", i, name=HOME_NAMES[i - 1]) for i in range(1, n + 1)]
    docs[0][1]["isCaptain"] = True
    return docs


def with_lineups(match: Match, *docs: Doc) -> Match:
    return match_for_fold(to_document(match), list(docs))


def home_with(players: int, **match_fields: Any) -> Match:
    """The factory's match with only the first ``players`` of Home listed."""
    base = make_match()
    home = base.team("home")
    assert home is not None
    teams = [home.model_copy(update={"players": home.players[:players]}), base.teams[1]]
    return make_match(teams=teams, **match_fields)


def wickets(book: Book, n: int) -> None:
    for _ in range(n):
        book.ball(0, out="bowled")


def all_out_at(book: Book, n: int) -> None:
    """``n - 1`` wickets leave the innings open; the ``n``-th ends it all out."""
    wickets(book, n - 1)
    assert not book.snapshot().isClosed
    wickets(book, 1)
    snap = book.snapshot()
    assert (snap.wickets, snap.isClosed, snap.endReason) == (n, True, "all_out")


def yet_to_bat(live: LiveScoreProjection) -> list[tuple[str, int]]:
    assert live.currentInnings is not None
    assert live.currentInnings.yetToBat == live.innings[-1].yetToBat
    return [(y.playerId, y.battingPosition) for y in live.currentInnings.yetToBat]


# --- yet to bat ----------------------------------------------------------------------------------


def test_yet_to_bat_lists_the_xi_in_batting_order_less_those_who_batted() -> None:
    book = Book()
    book.start()
    book.ball(0, out="bowled")  # h1 out, h2 not out
    book.ball(2)  # h3 in
    live = book.live()
    assert yet_to_bat(live) == [(f"h{i}", i) for i in range(4, 12)]
    first = live.currentInnings.yetToBat[0]
    assert first == YetToBatView(playerId="h4", name="Dev", battingPosition=4)


def test_yet_to_bat_leaves_out_substitute_fielders() -> None:
    book = Book(with_lineups(make_match(), *home_xi(), entry("home", "twelfth", role="substitute")))
    book.start()
    book.ball(1)
    assert [pid for pid, _ in yet_to_bat(book.live())] == [f"h{i}" for i in range(3, 12)]


def test_a_replaced_player_no_longer_bats_and_his_replacement_takes_his_place() -> None:
    conc = entry("home", "conc", substitutedFor="h4", substitutionReason="concussion")
    book = Book(with_lineups(make_match(), *home_xi(), conc))
    book.start()
    book.ball(1)
    assert yet_to_bat(book.live())[:3] == [("h3", 3), ("conc", 4), ("h5", 5)]
    assert "h4" not in [pid for pid, _ in yet_to_bat(book.live())]


def test_a_place_bats_once_an_innings_so_a_replacement_for_a_player_who_batted_waits() -> None:
    conc = entry("home", "conc", substitutedFor="h4", substitutionReason="concussion")
    book = Book(with_lineups(two_innings_match(), *home_xi(), conc))
    book.start()
    wickets(book, 2)  # h1 and h3 out
    book.ball(1, striker="h4")  # h4 bats, and is concussed later in the match
    book.event("declaration")
    assert "conc" not in [y.playerId for y in book.snapshot(1).yetToBat]
    book.start()
    book.event("declaration")
    book.start()  # home bats again: the replacement holds h4's place
    assert [y.playerId for y in book.snapshot(3).yetToBat][:4] == ["h1", "h2", "h3", "conc"]


def test_yet_to_bat_is_empty_when_the_match_lists_no_players_for_the_side() -> None:
    book = Book(home_with(0))
    book.start()
    book.ball(1)
    assert yet_to_bat(book.live()) == []


def test_the_innings_over_yet_to_bat_are_those_who_did_not_bat() -> None:
    book = Book(make_match(scheduledOvers=1))
    book.start()
    book.over_of(1, 1, 1, 1, 1, 1)
    book.start()
    snap = book.snapshot(1)
    assert snap.isClosed
    assert [y.playerId for y in snap.yetToBat] == [f"h{i}" for i in range(3, 12)]


# --- all out -------------------------------------------------------------------------------------


def test_an_xi_is_all_out_at_ten_wickets() -> None:
    book = Book(with_lineups(make_match(), *home_xi()))
    book.start()
    all_out_at(book, 10)


def test_an_innings_with_ten_players_is_all_out_at_nine_wickets() -> None:
    book = Book(home_with(10))
    book.start()
    all_out_at(book, 9)
    assert book.live().integrity == []


def test_a_lineup_of_ten_is_all_out_at_nine_wickets() -> None:
    book = Book(with_lineups(make_match(), *home_xi(10)))
    book.start()
    all_out_at(book, 9)


def test_a_replacement_does_not_make_the_side_twelve() -> None:
    conc = entry("home", "conc", substitutedFor="h11", substitutionReason="concussion")
    book = Book(with_lineups(make_match(), *home_xi(), conc))
    book.start()
    all_out_at(book, 10)


def test_a_squad_listed_in_the_match_is_still_a_side_of_eleven() -> None:
    base = make_match()
    home = base.team("home")
    squad = [
        *home.players,
        *(p.model_copy(update={"id": f"s{i}"}) for i, p in enumerate(home.players[:4])),
    ]
    book = Book(make_match(teams=[home.model_copy(update={"players": squad}), base.teams[1]]))
    book.start()
    all_out_at(book, 10)


def test_a_side_the_match_lists_no_players_for_is_all_out_at_players_per_side_less_one() -> None:
    book = Book(home_with(0, playersPerSide=8))
    book.start()
    all_out_at(book, 7)


def test_a_batter_the_match_does_not_list_still_plays_for_the_side() -> None:
    book = Book(home_with(5))
    book.start()
    book.ball(1, striker="h9", non_striker="h1")  # h9 is not listed
    all_out_at(book, 5)  # six players, not five


def test_an_absent_batter_shortens_the_innings() -> None:
    book = Book()
    book.start()
    book.event("absence", batterId="h11", reason="absent_hurt")
    wickets(book, 8)
    snap = book.snapshot()
    assert not snap.isClosed
    assert snap.absent == [AbsentBatterView(playerId="h11", name="Khan", reason="absent_hurt")]
    assert "h11" not in [y.playerId for y in snap.yetToBat]
    wickets(book, 1)
    snap = book.snapshot()
    assert (snap.wickets, snap.isClosed, snap.endReason) == (9, True, "all_out")
    assert snap.yetToBat == []


def test_an_absent_batter_who_comes_in_after_all_is_no_longer_absent() -> None:
    book = Book()
    book.start()
    book.event("absence", batterId="h3")
    book.ball(0, out="bowled")  # h1 out
    book.ball(1, striker="h3")  # he came in after all
    assert book.snapshot().absent == []
    wickets(book, 8)
    assert not book.snapshot().isClosed  # nine down: the side has its eleven again


def test_a_batter_who_has_batted_cannot_be_absent() -> None:
    book = Book()
    book.start()
    book.ball(1)
    book.event("absence", batterId="h1")
    live = book.live()
    assert live.innings[0].absent == []
    assert [p.code for p in live.integrity] == ["absent_batter_has_batted"]


def test_a_super_over_still_ends_at_two_wickets_whatever_the_side() -> None:
    book = Book(home_with(10))
    book.start(super_over=True)
    all_out_at(book, 2)


# --- replacements on the scorecard ---------------------------------------------------------------


def test_impact_replacement_bats_under_his_own_name_linked_to_the_player_replaced() -> None:
    impact = entry("home", "imp", name="Impact", substitutedFor="h3", substitutionReason="tactical")
    book = Book(with_lineups(make_match(), *home_xi(), impact))
    book.start()
    book.ball(0, out="bowled")  # h1 out
    book.ball(4, striker="imp")
    line = book.batter("imp")
    assert (line.name, line.runs, line.battingPosition) == ("Impact", 4, 3)
    assert (line.replaces, line.replacementNote) == ("h3", "impact player for Cook")


def test_concussion_replacement_bowls_under_his_own_name_linked_to_the_player_replaced() -> None:
    away = [entry("away", f"a{i}", i, name=f"Away{i}") for i in range(1, 12)]
    away[0][1]["isCaptain"] = True
    conc = entry("away", "conc", name="Conc", substitutedFor="a1", substitutionReason="concussion")
    book = Book(with_lineups(make_match(), *away, conc))
    book.start(bowlers=("a1", "conc"))
    book.over_of(1)  # a1
    book.balls(0, 0, 0, 0, 0)
    book.ball(0, out="bowled")  # conc's wicket
    line = book.bowler("conc")
    assert (line.name, line.wickets, line.overs) == ("Conc", 1, 1.0)
    assert (line.replaces, line.replacementNote) == ("a1", "concussion replacement for Away1")
    assert book.bowler("a1").replacedBy == "conc"


def test_the_player_replaced_keeps_his_line_linked_to_his_replacement() -> None:
    conc = entry("home", "conc", substitutedFor="h1", substitutionReason="concussion")
    book = Book(with_lineups(make_match(), *home_xi(), conc))
    book.start()
    book.ball(6)
    line = book.batter("h1")
    assert (line.name, line.runs, line.replacedBy, line.replaces) == ("Ali", 6, "conc", None)
    assert line.replacementNote is None


@pytest.mark.parametrize(
    ("reason", "note"),
    [
        ("concussion", "concussion replacement for Cook"),
        ("tactical", "impact player for Cook"),
        ("covid", "COVID-19 replacement for Cook"),
        ("injury", "injury replacement for Cook"),
        (None, "replacement for Cook"),
    ],
)
def test_the_scorecard_says_why_a_replacement_came_in(reason: str | None, note: str) -> None:
    assert replacement_note(reason, "Cook") == note


def test_lineup_players_without_names_play_under_the_matchs_names() -> None:
    nameless = [(doc_id, data | {"name": None}) for doc_id, data in home_xi()]
    conc = entry("home", "conc", substitutedFor="h2", substitutionReason="concussion")
    match = with_lineups(make_match(), *nameless, conc)
    players = match.team("home").players
    assert [p.name for p in players] == [*HOME_NAMES, "Conc"]
    conc_player = next(p for p in players if p.id == "conc")
    assert (conc_player.replaces, conc_player.replacementReason) == ("h2", "concussion")
    book = Book(match)
    book.start()
    all_out_at(book, 10)  # still a side of eleven
    assert book.batter("h1").name == HOME_NAMES[0]


# --- Cricsheet ---------------------------------------------------------------------------------


def test_cricsheet_absent_hurt_is_announced_as_an_absence() -> None:
    outs = [
        ball(f"A{i}", "A11", "B1", wickets=[{"player_out": f"A{i}", "kind": "bowled"}])
        for i in range(1, 10)
    ]
    overs = [{"over": 0, "deliveries": outs[:6]}, {"over": 1, "deliveries": outs[6:]}]
    data = cricsheet([{"team": "Alpha", "overs": overs, "absent_hurt": ["A10"]}])
    match, actions = load_match(data, match_id="x")
    assert [(a.kind, getattr(a, "batterId", None)) for a in actions[:2]] == [
        ("innings_start", None),
        ("absence", "a10"),
    ]
    snap = project(match, actions).innings[0]
    assert [a.name for a in snap.absent] == ["A10"]
    assert (snap.wickets, snap.endReason) == (9, "all_out")


def _with_lineups(path: Path) -> tuple[Match, Match, list]:
    """The Cricsheet match as imported, and as the trigger sees it with its lineups."""
    match, actions = load_match(path)
    captains = {t.id: t.players[0].id for t in match.teams}
    docs = lineup_documents(lineups_from_cricsheet(path, captains=captains))
    return match, match_for_fold(to_document(match), docs), actions


def _official(row: dict[str, Any], keepers: set[str], substitutes: set[str]) -> str:
    """The scorecard's dismissal text from the expected scorecard's kind, bowler and
    fielders; who kept wicket or fielded as a substitute comes from the lineup."""

    def fielder(name: str, keeper: bool = False) -> str:
        if not name:
            return "sub"
        if name in substitutes:
            return f"sub ({name})"
        return ("†" if keeper or name in keepers else "") + name

    kind, bowler, fielders = row["dismissal"], row["bowler"], row["fielders"]
    texts = {
        None: "not out",
        "bowled": f"b {bowler}",
        "lbw": f"lbw b {bowler}",
        "hit wicket": f"hit wicket b {bowler}",
        "caught and bowled": f"c & b {bowler}",
        "caught": f"c {fielder(fielders[0]) if fielders else ''} b {bowler}",
        "stumped": f"st {fielder(fielders[0], keeper=True) if fielders else ''} b {bowler}",
        "run out": "run out" + (f" ({'/'.join(map(fielder, fielders))})" if fielders else ""),
    }
    return texts.get(kind, kind)


@pytest.mark.parametrize("path", real_match_params())
def test_a_real_match_replayed_with_its_lineups_reads_as_its_scorecard(path: Path) -> None:
    """Every name (batters, bowlers, fall of wickets) and every dismissal text as the
    scorecard has them, with the names the lineup documents give."""
    _, match, actions = _with_lineups(path)
    expected = independent_scorecard(path)
    players = [p for t in match.teams for p in t.players]
    keepers = {p.name for p in players if p.isWicketkeeper}
    substitutes = {p.name for p in players if p.isSubstitute}
    live = project(match, actions)
    assert len(live.innings) == len(expected["innings"])
    for snap, exp in zip(live.innings, expected["innings"], strict=True):
        where = f"innings {snap.inningsNumber}"
        assert [b.name for b in snap.batsmen] == [r["name"] for r in exp["batting"]], where
        assert [b.howOut for b in snap.batsmen] == [
            _official(r, keepers, substitutes) for r in exp["batting"]
        ], where
        assert [b.name for b in snap.bowlers] == [r["name"] for r in exp["bowling"]], where
        assert [f.batsmanOutName for f in snap.fallOfWickets] == [
            f[3] for f in exp["fallOfWickets"]
        ], where
    assert live.integrity == []


@pytest.mark.parametrize("path", real_match_params())
def test_a_real_match_has_the_same_figures_with_its_lineups_as_without(path: Path) -> None:
    imported, match, actions = _with_lineups(path)
    without, with_ = project(imported, actions), project(match, actions)

    def figures(live: LiveScoreProjection) -> list:
        innings = [(s.runs, s.wickets, s.overs, s.isClosed, s.endReason) for s in live.innings]
        return [innings, live.resultType, live.winnerId, live.winMargin, live.winMarginDetail]

    assert figures(with_) == figures(without)


def test_ipl_impact_players_appear_as_themselves_linked_to_the_players_replaced() -> None:
    _, match, actions = _with_lineups(real_match_path("1473459"))
    first, second = project(match, actions).innings
    thakur = next(b for b in second.bowlers if b.name == "Yash Thakur")
    arya = next(b for b in first.batsmen if b.name == "Priyansh Arya")
    assert (thakur.replaces, thakur.replacementNote) == (
        arya.playerId,
        "impact player for Priyansh Arya",
    )
    assert arya.replacedBy == thakur.playerId
    dube = next(b for b in second.batsmen if b.name == "S Dube")
    assert dube.replacementNote == "impact player for M Pathirana"
    # Punjab's innings: Arya's place was used before Thakur came in for him.
    assert [y.name for y in first.yetToBat] == ["YS Chahal", "Arshdeep Singh", "LH Ferguson"]
    assert [y.name for y in second.yetToBat] == [
        "R Ashwin",
        "Noor Ahmad",
        "Mukesh Choudhary",
        "KK Ahmed",
    ]


def test_a_concussion_replacement_bats_in_the_place_of_the_player_replaced() -> None:
    imported, match, actions = _with_lineups(real_match_path("1166947"))
    patel = next(p for p in imported.team("nottinghamshire").players if p.name == "SR Patel")
    nash = next(p for p in imported.team("nottinghamshire").players if p.name == "CD Nash")
    assert (patel.replaces, patel.replacementReason) == (nash.id, "concussion")
    fourth = project(match, actions).innings[3]
    line = next(b for b in fourth.batsmen if b.name == "SR Patel")
    assert (line.replaces, line.replacementNote) == (nash.id, "concussion replacement for CD Nash")
    assert "CD Nash" not in [b.name for b in fourth.batsmen]
    assert (fourth.wickets, fourth.endReason) == (10, "all_out")
