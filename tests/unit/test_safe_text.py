"""Names that could disguise themselves on a spectator's screen (control and text-direction
characters, the classic spoofing strings) are published without them, and flagged: in
live/score, the feed and live/lineups. The rules refuse them from apps (tests/rules); an admin
or an import may still write them."""

from __future__ import annotations

import json

from scorebook.document import safe_text, to_document
from scorebook.feed import feed
from tests.unit.factories import Book, make_match

SPOOFS = {
    "Smith\u202etxt.exe": "Smithtxt.exe",  # right-to-left override: reads "Smithexe.txt"
    "\u2066Babar\u2069 Azam": "Babar Azam",  # isolates
    "Ali\u200f\u200e": "Ali",  # direction marks
    "Joe\x07Root\x1b[2J": "JoeRoot[2J",  # a bell, an escape
}


def test_the_spoofing_strings_lose_what_disguises_them_and_nothing_else() -> None:
    assert {k: safe_text(k) for k in SPOOFS} == SPOOFS
    for fine in ("Babar Azam", "محمد رضوان", "अर्शदीप सिंह", "line one\nline two\ttab"):
        assert safe_text(fine) == fine


def test_a_disguised_name_is_published_plain_and_flagged() -> None:
    match = make_match()
    home, away = match.teams
    players = [p.model_copy(update={"name": "Smith\u202etxt.exe"}) if i == 0 else p
               for i, p in enumerate(home.players)]
    teams = [home.model_copy(update={"players": players, "name": "Home\u2066"}), away]
    book = Book(match.model_copy(update={"teams": teams}))
    book.start()
    book.ball(4)
    book.ball(0, out="bowled")
    live = to_document(book.live(), json=True)
    text = json.dumps(live, ensure_ascii=False)
    assert "\u202e" not in text and "\u2066" not in text
    assert "Smithtxt.exe" in text
    assert [p["code"] for p in live["integrity"]] == ["unsafe_text"]
    events = json.dumps([to_document(e, json=True) for e in feed(book.match, book.actions)],
                        ensure_ascii=False)
    assert "\u202e" not in events and "Smithtxt.exe" in events
