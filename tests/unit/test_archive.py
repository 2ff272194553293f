"""A match's summary and ball-by-ball archive (scorebook.archive), pure, on real
matches (cricsheet.org): every delivery once with the score after it, pages a Firestore
document holds, and highlights and fastest fifties as the files count them."""

from __future__ import annotations

import json

import pytest

from scorebook.actions import parse_action
from scorebook.archive import PAGE_BALLS, archive_pages, commentary, match_summary
from scorebook.cricsheet import load_match
from scorebook.feed import fold_match
from scorebook_tools.realdata import real_match
from tests.unit.factories import Book

#: a T20 (the 2021 CPL's first match) and a four-day County Championship match
MATCHES = ["1269700", "1244225"]


def _load(match_id: str):
    path = real_match(match_id)
    if path is None:
        pytest.skip(f"{match_id} is not here: `make data` fetches it")
    match, actions = load_match(path)
    return json.loads(path.read_text()), match, actions


@pytest.mark.parametrize("match_id", MATCHES)
def test_the_archive_has_every_delivery_once_with_the_score_after_it(match_id: str) -> None:
    raw, match, actions = _load(match_id)
    pages = archive_pages(fold_match(match, actions))
    for n, inn in enumerate(raw["innings"], start=1):
        mine = [d for pid, page in sorted(pages.items()) if page["inningsNumber"] == n
                for d in page["deliveries"]]
        theirs = [d for o in inn["overs"] for d in o["deliveries"]]
        assert len(mine) == len(theirs)
        runs = wickets = 0
        for ours, d in zip(mine, theirs, strict=True):
            runs += d["runs"]["total"]
            wickets += len(d.get("wickets", []))
            assert ours["score"] == f"{runs}/{wickets}", ours
        overs = [o for pid, page in sorted(pages.items()) if page["inningsNumber"] == n
                 for o in page["overs"]]
        whole = sum(1 for o in inn["overs"] if sum(
            not ({"wides", "noballs"} & set(d.get("extras", {}))) for d in o["deliveries"]) >= 6)
        assert len(overs) >= whole
    for page in pages.values():
        assert len(page["deliveries"]) <= PAGE_BALLS
        assert len(json.dumps(page, default=str).encode()) < 1_000_000  # a document's limit


def test_the_summary_counts_wickets_maidens_and_fastest_fifty_as_the_file_does() -> None:
    raw, match, actions = _load("1269700")
    summary = match_summary(fold_match(match, actions))
    wickets = sum(len(d.get("wickets", [])) for i in raw["innings"] for o in i["overs"]
                  for d in o["deliveries"])
    assert sum(h["type"] == "wicket" for h in summary["highlights"]) == wickets
    ids = {a.id for a in actions}
    assert all(h["actionId"] in ids for h in summary["highlights"])
    # the fifty: the balls the batter had faced (wides are not) when he passed 50
    fifties = []
    for inn in raw["innings"]:
        runs: dict[str, int] = {}
        balls: dict[str, int] = {}
        for o in inn["overs"]:
            for d in o["deliveries"]:
                b = d["batter"]
                before = runs.get(b, 0)
                runs[b] = before + d["runs"]["batter"]
                balls[b] = balls.get(b, 0) + ("wides" not in d.get("extras", {}))
                if before < 50 <= runs[b]:
                    fifties.append(balls[b])
    assert [f["balls"] for f in summary["fastestFifties"]] == sorted(fifties)[:3]
    assert summary["result"]["text"] == "Guyana Amazon Warriors won by 9 runs"
    assert summary["topBatters"][0]["runs"] == max(
        sum(d["runs"]["batter"] for i in raw["innings"] for o in i["overs"]
            for d in o["deliveries"] if d["batter"] == name)
        for name in {d["batter"] for i in raw["innings"] for o in i["overs"]
                     for d in o["deliveries"]})
    assert len(summary["turningOvers"]) == 3


def test_commentary_names_bowler_and_batter_and_uses_the_shot_recorded() -> None:
    book = Book()
    book.start()
    plain = book.ball(4)
    state = book.state
    names = state.config.players
    assert commentary(state, plain, None) == (
        f"{names[plain.bowlerId]} to {names[plain.strikerId]}, FOUR")
    shot = parse_action({**plain.model_dump(), "shotData": {
        "shotType": "drive", "wagonWheelSegment": 2}})
    assert commentary(state, shot, None).endswith("FOUR, driven through cover")
    where = parse_action({**plain.model_dump(), "shotData": {"wagonWheelSegment": 5}})
    assert commentary(state, where, None).endswith("FOUR, to fine leg")
    wide = book.ball(wide=2)
    assert commentary(state, wide, None).endswith(", 2 wides")
    out = book.ball(out="bowled")
    assert ", no run, OUT! b " in commentary(state, out, "b Smith")


def test_a_scorers_note_goes_with_its_ball_live_and_into_the_archive() -> None:
    book = Book()
    book.start()
    plain = book.ball(4)
    noted = parse_action({**plain.model_dump(), "note": "Dropped at slip\u202e first"})
    actions = [noted if a is plain else a for a in book.actions]
    folded = fold_match(book.match, actions)
    balls = [e.payload for _, found in folded.steps for e in found if e.type == "BALL_BOWLED"]
    # an import's note is not checked by the rules: what could disguise it is dropped
    assert [b.note for b in balls] == ["Dropped at slip first"]
    assert balls[0].commentary is not None and "Dropped" not in balls[0].commentary
    [page] = archive_pages(folded).values()
    assert [d["note"] for d in page["deliveries"]] == ["Dropped at slip first"]
    assert fold_match(book.match, book.actions).steps[-1][1][0].payload.note is None
