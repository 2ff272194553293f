"""A competition's pages (web/, `/league/{id}`, `/player/{id}`) in Chromium at a phone's width:
the 2021 CPL's league stage (cricsheet.org), its season documents as the functions keep them
(the same pure code, scorebook.season: tests/emulator/test_season.py checks the functions
write exactly these), and the page's table equal to the table published after it; the
leaderboards' tops and a player's page equal to counts from the Cricsheet files."""

from __future__ import annotations

import uuid
from typing import Any

from scorebook.document import to_document
from scorebook.season.documents import PLAYER_SEASON_STATS, player_season_id
from scorebook.season.lines import match_contribution, season_documents
from scorebook.season.table import Competition
from scorebook_tools.rest import FirestoreRest
from tests.emulator.browser import PHONE
from tests.emulator.harness import triggers_disabled, wait_for
from tests.unit.test_season import CPL, season_matches


def season(competition: Competition) -> tuple[dict[str, Any], list[Any]]:
    """The season's documents from its Cricsheet files, and its matches."""
    played, matches = [], []
    for _path, match, actions, state in season_matches(competition):
        played.append(match_contribution(state, actions, competition, match.dates,
                                         match.playerOfMatch))
        matches.append(match.model_copy(update={"competitionId": competition.id}))
    return season_documents(competition, [p for p in played if p is not None]), matches


def store(admin: FirestoreRest, competition: Competition, docs: dict[str, Any],
          matches: list[Any]) -> None:
    """What the functions keep, written as they write it (the triggers off: only the pages
    are under test here), in batches."""
    writes = [admin.set_write(f"competitions/{competition.id}", CPL | {"id": competition.id}),
              admin.set_write(f"competition_tables/{competition.id}",
                              {"competitionId": competition.id, "rows": docs["table"]})]
    writes += [admin.set_write(f"{PLAYER_SEASON_STATS}/"
                               f"{player_season_id(competition.id, p['teamId'], p['personId'])}", p)
               for p in docs["players"]]
    writes += [admin.set_write(f"matches/{m.id}", to_document(m) | {"status": "completed"})
               for m in matches]
    with triggers_disabled():
        for start in range(0, len(writes), 200):
            admin.commit(writes[start:start + 200])


def test_the_league_page_shows_the_published_table_and_its_leaders(admin, tabs) -> None:
    competition = Competition.model_validate(CPL | {"id": f"cpl-{uuid.uuid4().hex[:6]}"})
    docs, matches = season(competition)
    store(admin, competition, docs, matches)
    names = {t.id: t.name for m in matches for t in m.teams}

    tab = tabs(PHONE)
    page = tab.open(f"/league/{competition.id}")
    table = page.get_by_test_id("table")
    table.locator("tbody tr").nth(5).wait_for()
    # the sides' names come with the competition's matches, read beside the table
    wait_for(lambda: CPL["published"]["rows"][0]["team"] in table.inner_text(), "the sides' names")
    header = [c.strip() for c in table.locator("thead tr").inner_text().split("\t")]
    shown = [dict(zip(header, (c.strip() for c in row.split("\t")), strict=False))
             for row in table.locator("tbody tr").all_inner_texts()]
    column = {"team": "Team", "played": "P", "won": "W", "lost": "L", "points": "Pts",
              "netRunRate": "NRR"}
    for published in CPL["published"]["rows"]:
        row = shown[published["position"] - 1]
        for figure, value in published.items():  # what was published of each side
            if figure in column:
                assert row[column[figure]] == str(value), (figure, row, published)
    assert page.get_by_test_id("results").locator("li").count() == len(matches)

    top = max(docs["players"], key=lambda p: p["batting"]["runs"])
    players = {p.id: p.name for m in matches for t in m.teams for p in t.players}
    first = page.get_by_test_id("board-0").locator("li").first
    wait_for(lambda: first.count() and players[top["personId"]] in first.inner_text(),
             "the leading run scorer")
    assert str(top["batting"]["runs"]) in first.inner_text()
    assert names[top["teamId"]] in first.inner_text()
    tab.screenshot("league-phone")

    first.get_by_role("link").click()
    page.get_by_test_id("seasons").locator("tbody tr").first.wait_for()
    assert page.get_by_test_id("title").inner_text() == players[top["personId"]]
    season_row = page.get_by_test_id("seasons").locator("tbody tr").first.inner_text()
    assert str(top["batting"]["runs"]) in season_row.split("\t")
    assert tab.errors() == []
