"""What a match's followers are told (scorebook.notify, scorebook.service.notify), and the
messaging adapter (scorebook.fcm) against a local fake of FCM's HTTP v1 API: a wicket, a
fifty or a hundred, the end of an innings and the result, each to those who follow its kind,
written once per follower and event, sent to their devices; a device FCM no longer knows is
forgotten."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.fcm import FcmSender
from scorebook.feed import feed
from scorebook.notify import Notice, notice_id
from scorebook.service.feed import event_document
from scorebook.service.notify import NOTABLE, Told, tell_followers
from scorebook_tools.fake_fcm import FakeFcm
from scorebook_tools.generated_match import generated_match


class Store:
    def __init__(self, match: Mapping[str, Any], events: dict[int, dict[str, Any]],
                 followers: list[tuple[str, Any]], devices: dict[str, list[tuple[str, str]]]):
        self._match, self._events, self._followers = match, events, followers
        self._devices = devices
        self.written: dict[str, dict[str, Notice]] = {}

    def match(self, match_id: str) -> Mapping[str, Any] | None:
        return self._match

    def events(self, match_id: str, seqs: Iterable[int]) -> list[tuple[int, Mapping[str, Any]]]:
        return [(s, self._events[s]) for s in seqs if s in self._events]

    def followers(self, match_id: str) -> list[tuple[str, Any]]:
        return self._followers

    def write(self, uid: str, told: list[Notice]) -> list[Notice]:
        mine = self.written.setdefault(uid, {})
        new = [n for n in told if notice_id(n) not in mine]
        mine.update((notice_id(n), n) for n in new)
        return new

    def devices(self, uid: str) -> list[tuple[str, str]]:
        return self._devices.get(uid, [])

    def forget_device(self, uid: str, device_id: str) -> None:
        self._devices[uid] = [d for d in self._devices[uid] if d[0] != device_id]


def a_published_match() -> tuple[Any, dict[int, dict[str, Any]]]:
    match, actions = load_match(generated_match(), match_id="told")
    events = {seq: event_document(e, seq) for seq, e in enumerate(feed(match, actions), 1)}
    return match, events


def test_each_follower_is_told_of_the_kinds_they_follow_on_each_device() -> None:
    match, events = a_published_match()
    notable = [s for s, e in events.items() if e["type"] in NOTABLE]
    wickets = [s for s in notable if events[s]["type"] == "WICKET_FALLEN"]
    store = Store(to_document(match), events,
                  followers=[("fan", None), ("keen", ["wicket"]), ("quiet", ["result"])],
                  devices={"fan": [("phone", "token-1"), ("old", "gone-2")],
                           "keen": [("tab", "token-3")]})
    with FakeFcm() as fcm:
        sender = FcmSender("demo-scorebook", fcm.url, access_token=lambda: "t")
        told = tell_followers(store, sender, "told", notable)
        again = tell_followers(store, sender, "told", notable)  # a task tried again

    results = [s for s in notable if events[s]["type"] == "MATCH_COMPLETE"]
    # milestones: a batter's fifty and hundred, not a side's or a stand's runs
    said = [s for s in notable if events[s]["type"] != "MILESTONE_ACHIEVED"
            or events[s]["payload"]["milestone"] == "batter_runs"]
    assert len(store.written["fan"]) == told.notices == len(said) > len(wickets) > 3
    assert sorted(n.seq for n in store.written["keen"].values()) == wickets
    assert [n.seq for n in store.written["quiet"].values()] == results
    first = next(n for n in store.written["keen"].values() if n.seq == wickets[0])
    assert first.body.startswith("WICKET! ") and first.title == match.name
    (result,) = store.written["quiet"].values()
    assert result.body == events[results[0]]["payload"]["result"]
    assert notice_id(result) == f"told-{result.actionId}-MATCH_COMPLETE"
    # the fan's phone and the keen one's tablet had every notice, once: the task tried again
    # wrote and sent nothing; the token FCM no longer knows was forgotten at its first answer
    assert told.forgotten == 1 and (again.documents, again.sent, again.forgotten) == (0, 0, 0)
    assert store.devices("fan") == [("phone", "token-1")]
    by_token = [m["token"] for m in fcm.sent]
    assert by_token.count("token-3") == len(wickets)
    assert by_token.count("token-1") == len(said)
    message = next(m for m in fcm.sent if m["token"] == "token-3")
    assert message["notification"]["body"].startswith("WICKET! ")
    assert message["data"] == {"matchId": "told", "seq": str(wickets[0]), "kind": "wicket"}
    assert message["webpush"]["fcm_options"]["link"] == "/match/told"


def test_a_ball_that_tells_nothing_writes_nothing() -> None:
    match, events = a_published_match()
    quiet = [s for s, e in events.items() if e["type"] == "BALL_BOWLED"][:5]
    store = Store(to_document(match), events, followers=[("fan", None)], devices={})
    told = tell_followers(store, None, "told", quiet)
    assert told.notices == 0 and store.written == {}


def test_a_retracted_event_tells_nobody() -> None:
    match, events = a_published_match()
    wicket = next(s for s, e in events.items() if e["type"] == "WICKET_FALLEN")
    events[wicket] = {**events[wicket], "retracted": True}
    store = Store(to_document(match), events, followers=[("fan", None)], devices={})
    assert tell_followers(store, None, "told", [wicket]).notices == 0


def test_a_match_that_cannot_be_read_tells_nobody_and_raises_nothing() -> None:
    match, events = a_published_match()
    wicket = next(s for s, e in events.items() if e["type"] == "WICKET_FALLEN")
    broken = {**to_document(match), "teams": "the home side"}
    store = Store(broken, events, followers=[("fan", None)], devices={})
    assert tell_followers(store, None, "told", [wicket]) == Told()
    assert store.written == {}
