"""The live documents over HTTP for a crowd, on the Hosting emulator: `/live/{matchId}/now.json`
answers with the document, a CDN's cache headers and an ETag, 304 for the ETag a client has,
the next ball within 2 s of the scorer's write, and 404 for a private match (never served
this way) or one that does not exist; `/live/{matchId}/innings{n}.json` answers with the
innings' card, compressed for a client that accepts it; the overlay follows a match by
polling, and the spectator page reads the card of the innings in progress that way."""

from __future__ import annotations

import time

import requests

from scorebook_tools.emulators import web_origin
from scorebook_tools.scoring_app import write_action
from tests.conftest import REPO
from tests.emulator.harness import SCORER, live_score_at, load_sample, seed_match, wait_for


def url(emulators: dict[str, str], match_id: str, document: str = "now") -> str:
    origin = emulators.get("SCOREBOOK_WEB_ORIGIN") or web_origin(REPO)
    return f"{origin}/live/{match_id}/{document}.json"


def test_live_now_as_json_through_hosting_with_an_etag_and_the_cdns_headers(
    admin, user, generated, emulators
) -> None:
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:6]:
        write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[5].id), "the sixth action")

    answer = requests.get(url(emulators, match.id), timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Cache-Control"] == "public, max-age=1, s-maxage=2"
    assert answer.headers["Content-Type"].startswith("application/json")
    now = answer.json()
    assert now["lastActionId"] == actions[5].id and now["matchId"] == match.id
    tag = answer.headers["ETag"]
    assert tag == f'"{match.id}-{now["version"]}"'
    same = requests.get(url(emulators, match.id), headers={"If-None-Match": tag}, timeout=30)
    assert (same.status_code, same.content, same.headers["ETag"]) == (304, b"", tag)

    sent = time.monotonic()
    write_action(scorer, actions[6])
    fresh = wait_for(lambda: (a := requests.get(url(emulators, match.id),
                                                headers={"If-None-Match": tag}, timeout=30))
                     .status_code == 200 and a, "the next ball over HTTP")
    assert time.monotonic() - sent < 2.0
    assert fresh.json()["lastActionId"] == actions[6].id and fresh.headers["ETag"] != tag


def test_a_private_match_or_none_is_never_served_over_http(admin, user, generated,
                                                           emulators) -> None:
    match, actions = load_sample(generated)
    seed_match(admin, match.model_copy(update={"visibility": "private", "memberIds": ["m1"]}))
    write_action(user(SCORER), actions[0])
    wait_for(lambda: admin.get(f"matches/{match.id}/live/now"), "live/now of the private match")
    hidden = requests.get(url(emulators, match.id), timeout=30)
    assert hidden.status_code == 404 and "lastActionId" not in hidden.text
    card = requests.get(url(emulators, match.id, "innings1"), timeout=30)
    assert card.status_code == 404 and "batsmen" not in card.text
    assert requests.get(url(emulators, "no-such-match"), timeout=30).status_code == 404
    assert requests.post(url(emulators, match.id), timeout=30).status_code in (404, 405)


def test_an_innings_card_as_json_compressed_with_an_etag(admin, user, generated,
                                                         emulators) -> None:
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:13]:
        write_action(scorer, action)
    wait_for(live_score_at(admin, match.id, actions[12].id), "the thirteenth action")
    card = admin.get(f"matches/{match.id}/live/innings1")

    answer = requests.get(url(emulators, match.id, "innings1") + "?v=13", timeout=30,
                          headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.headers["Cache-Control"] == "public, max-age=1, s-maxage=2"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert answer.json() == card  # the card as Firestore holds it
    # what crossed the wire: a fraction of the JSON
    assert int(answer.headers["Content-Length"]) * 2 < len(answer.content), (
        answer.headers["Content-Length"], len(answer.content))
    tag = answer.headers["ETag"]
    same = requests.get(url(emulators, match.id, "innings1"), timeout=30,
                        headers={"If-None-Match": tag, "Accept-Encoding": "gzip"})
    assert (same.status_code, same.content) == (304, b"")
    plain = requests.get(url(emulators, match.id, "innings1"), timeout=30,
                         headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.json() == card
    assert plain.headers["ETag"] == tag
    write_action(scorer, actions[13])
    moved = wait_for(lambda: (a := requests.get(url(emulators, match.id, "innings1"),
                                                headers={"If-None-Match": tag}, timeout=30))
                     .status_code == 200 and a, "the card after the next ball")
    assert moved.headers["ETag"] != tag and moved.json() != card
    assert requests.get(url(emulators, match.id, "innings2"), timeout=30).status_code == 404
    assert requests.get(url(emulators, match.id, "innings0"), timeout=30).status_code == 404


def test_the_overlay_follows_a_match_by_polling_the_cdn(admin, user, generated, tabs) -> None:
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:3]:
        write_action(scorer, action)
    # before the trigger's first run the match has no now.json: a poll then is answered 404,
    # which the browser logs as an error naming no URL
    wait_for(live_score_at(admin, match.id, actions[2].id), "the third action")
    overlay = tabs()
    page = overlay.open(f"/match/{match.id}/overlay?transport=http")
    polled: list[str] = []
    page.on("request", lambda r: polled.append(r.url) if "/now.json" in r.url else None)
    for action in actions[3:8]:
        write_action(scorer, action)
    final = wait_for(live_score_at(admin, match.id, actions[7].id), "the eighth action")
    runs, wickets = final["currentInnings"]["runs"], final["currentInnings"]["wickets"]
    page.wait_for_function(
        "(t) => document.querySelector('[data-testid=bug-score]')?.textContent === t",
        arg=f"{runs}-{wickets}")
    assert polled and not overlay.errors(), overlay.why()
