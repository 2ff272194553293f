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
    "Ba\u200bbar\ufeff": "Babar",  # invisible: two names that look alike
    "Root\u2028\x85": "Root",  # a line separator, a C1 control
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


def test_the_rules_the_functions_and_the_web_app_know_one_set_of_unsafe_characters() -> None:
    """firestore.rules refuses them (isSafeText), the functions strip and flag them
    (UNSAFE_TEXT), the web app drops them before a value reaches the page (esc), the kit
    refuses them in a void's reason before sending it."""
    import re

    from scorebook.document import UNSAFE_TEXT
    from tests.conftest import REPO

    rules = (REPO / "firestore.rules").read_text()
    (refused,) = re.findall(
        r"function isSafeText\(value\) \{\s*return value\.matches\('\[\^(.*?)\]\*'\)", rules)
    in_rules = re.compile("[" + re.sub(r"\\\\x\{([0-9A-F]+)\}",
                                       lambda m: f"\\U{int(m[1], 16):08x}", refused) + "]")
    web = (REPO / "web" / "src" / "html.ts").read_text()
    (dropped,) = re.findall(r"const DISGUISE = /(\[.*?\])/g;", web)
    in_web = re.compile(dropped)
    kit = (REPO / "clients" / "js" / "src" / "ids.js").read_text()
    (checked,) = re.findall(r"export const UNSAFE_TEXT = /(\[.*?\])/;", kit)
    in_kit = re.compile(checked)
    everything = [chr(c) for c in (*range(0x3000), *range(0xFE00, 0x10000))]
    unsafe = {c for c in everything if UNSAFE_TEXT.fullmatch(c)}
    assert {c for c in everything if in_rules.fullmatch(c)} == unsafe
    assert {c for c in everything if in_web.fullmatch(c)} == unsafe
    assert {c for c in everything if in_kit.fullmatch(c)} == unsafe
    assert {"\u202e", "\u200b", "\x85", "\u2028", "\ufeff", "\u061c"} <= unsafe
    assert not {"\t", "\n", "\r", "\u200c", "\u200d", "é", "ب"} & unsafe
