"""A match set up in the browser (web/, `/setup`), at a phone's width against the emulators: a
league admin types the two squads (a short name for the score bug), the format, the day and
the toss, appoints a scorer by the id the console shows them and picks a lineup; a fan's
attempt is refused; the scorer then opens the console and scores the first ball, which the
score bug shows. Nothing is seeded but the two users."""

from __future__ import annotations

import uuid
from typing import Any

from scorebook_tools.kit_example import make_admin, sign_up
from scorebook_tools.rest import FirestoreRest
from tests.emulator.browser import PHONE
from tests.emulator.harness import PROJECT, wait_for
from tests.emulator.test_console import score_of, settled, sign_in, tap

REDS = ["A Openshaw / Opie *", "B Second", "C Third", "D Fourth", "E Fifth", "F Sixth",
        "G Gloves †", "H Eighth", "I Ninth", "J Tenth", "K Last", "L Twelfth"]
BLUES = [f"Blue {n}" + (" *" if n == 1 else " (wk)" if n == 7 else "") for n in range(1, 13)]


def said(tab: Any, want: str) -> str:
    try:
        return wait_for(lambda: tab.page.get_by_test_id("message").count()
                        and want in (text := tab.text("message")) and text,
                        f"the page to say {want!r}", deadline=30)
    except BaseException as failed:
        raise AssertionError(f"the page never said {want!r}: it shows "
                             f"{tab.page.locator('body').inner_text()[:800]!r}; its console: "
                             f"{tab.console[-5:]!r}") from failed


def test_an_admin_sets_a_match_up_in_the_browser_and_its_scorer_scores_it(
    admin: FirestoreRest, tabs: Any
) -> None:
    suffix = uuid.uuid4().hex[:6]
    admin_email, scorer_email = f"league-{suffix}@example.com", f"scorer-{suffix}@example.com"
    make_admin(PROJECT, sign_up(admin_email, "secret123"))
    scorer_uid = sign_up(scorer_email, "secret123")

    fan = tabs(PHONE)  # anyone may sign up; only an admin creates a match
    fan.open("/setup")
    sign_in(fan, f"fan-{suffix}@example.com", "secret123", create=True)
    fill_the_match(fan.page, f"Fans {suffix}", f"Others {suffix}")
    said(fan, "Refused: only an admin creates a match.")

    tab = tabs(PHONE)
    page = tab.open("/setup")
    sign_in(tab, admin_email, "secret123")
    assert "(an admin)" in tab.text("who")
    fill_the_match(page, f"Reds {suffix}", f"Blues {suffix}")
    said(tab, "is set up")
    match_id = f"reds-{suffix}-v-blues-{suffix}-2026-12-05"
    assert page.url.endswith(f"/setup/{match_id}")
    match = admin.get(f"matches/{match_id}")
    assert match is not None and match["scheduledOvers"] == 20 and match["status"] == "scheduled"
    reds = match["teams"][0]
    assert reds["playerIds"][:2] == [f"reds-{suffix}-a-openshaw", f"reds-{suffix}-b-second"]
    assert [p["name"] for p in reds["players"] if p["isCaptain"] or p["isWicketkeeper"]] == [
        "A Openshaw", "G Gloves"]
    assert reds["players"][0]["shortName"] == "Opie"
    assert match["toss"] == {"winnerId": f"blues-{suffix}", "decision": "field"}
    assert (admin.get(f"teams/reds-{suffix}") or {}).get("name") == f"Reds {suffix}"
    tab.screenshot("setup-match")

    page.get_by_label("Their id").fill(scorer_uid)
    page.locator('select[name="role"]').select_option("scorer_home")
    page.get_by_role("button", name="Appoint").click()
    said(tab, "Appointed as Home scorer")
    assignment = admin.get(f"match_role_assignments/{match_id}_{scorer_uid}_scorer_home")
    assert assignment is not None and assignment["status"] == "confirmed"

    form = page.locator(f'form[data-team="reds-{suffix}"]')
    form.get_by_label("G Gloves keeps wicket").check()
    form.get_by_role("button", name="Save").click()
    said(tab, "lineup is saved: 11 players")
    lineup = [d for _, d in admin.list(f"matches/{match_id}/lineups")]
    assert len(lineup) == 11 and {d["teamId"] for d in lineup} == {f"reds-{suffix}"}
    assert [d["name"] for d in lineup if d["isWicketkeeper"]] == ["G Gloves"]
    assert sorted(d["battingPosition"] for d in lineup) == list(range(1, 12))
    tab.screenshot("setup-lineup")

    console = tabs(PHONE)
    console.open(f"/score/{match_id}")
    sign_in(console, scorer_email, "secret123")
    assert "You score this match as the home side's scorer." in console.text("who")
    # the toss: the Blues chose to field, so the Reds bat first
    console.page.get_by_role("button", name="Start the innings").click()
    tap(console, "4")
    settled(admin, console, match_id, "4/0 (0.1)")
    assert score_of(admin, match_id) == "4/0 (0.1)"
    bug = tabs({"width": 1280, "height": 200})  # the score bug: the opener's short name
    bug.open(f"/match/{match_id}/overlay")
    wait_for(lambda: "Opie* 4 (1)" in bug.text("bug"), "the score bug to name Opie")
    for t in (tab, console):
        assert t.errors() == []


def fill_the_match(page: Any, home: str, away: str) -> None:
    page.get_by_label("Format").select_option("T20")
    page.get_by_label("Day").fill("2026-12-05")
    page.get_by_label("Ground").fill("The Park")
    page.locator("input[name=home]").fill(home)
    page.locator('textarea[name="homePlayers"]').fill("\n".join(REDS))
    page.locator("input[name=away]").fill(away)
    page.locator('textarea[name="awayPlayers"]').fill("\n".join(BLUES))
    page.get_by_label("Toss won by").select_option("away")
    page.get_by_label("and chose to").select_option("field")
    page.get_by_role("button", name="Create the match").click()
