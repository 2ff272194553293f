"""Told when it happens, on the emulators: a spectator follows a match from its page (signed
in anonymously), the scorer's wicket reaches them as a notification document (the use case
the Cloud Tasks function runs) and as a notification the page shows; the adapter
writes each follower's notifications once and sends them to their devices through a local
fake of FCM's HTTP v1 API (FCM has no emulator)."""

from __future__ import annotations

from scorebook.fcm import FcmSender
from scorebook.feed import feed
from scorebook.firestore.client import firestore_client
from scorebook.firestore.notify import FirestoreNotifyStore
from scorebook.service.feed import event_document
from scorebook.service.notify import NOTABLE, tell_followers
from scorebook_tools.fake_fcm import FakeFcm
from scorebook_tools.scoring_app import write_action
from scorebook_tools.triggers import functions_idle
from tests.emulator.browser import PHONE, SHOWN_WITHIN_S
from tests.emulator.harness import SCORER, SHORT, load_sample, seed_match, wait_for

#: the page's notifications, recorded as the service worker or the page would show them
NOTIFICATIONS = """() => {
  window.__shown = [];
  const record = (title, options) => window.__shown.push([title, options && options.body]);
  window.Notification = class {
    constructor(t, o) { record(t, o); }
    static get permission() { return "granted"; }
    static requestPermission() { return Promise.resolve("granted"); }
  };
  ServiceWorkerRegistration.prototype.showNotification = function (t, o) {
    record(t, o);
    return Promise.resolve();
  };
}"""


def test_a_spectator_follows_a_match_and_is_told_of_a_wicket(admin, user, generated, tabs) -> None:
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    first_wicket = next(i for i, a in enumerate(actions) if getattr(a, "isWicket", False))
    for action in actions[:first_wicket - 3]:
        write_action(scorer, action)

    fan = tabs(PHONE)
    fan.context.add_init_script(f"({NOTIFICATIONS})()")
    page = fan.open(f"/match/{match.id}")
    page.get_by_test_id("follow").click()
    wait_for(lambda: page.get_by_role("button", name="Stop telling me").count(),
             lambda: f"the page to follow the match; {fan.why()}")
    followers = wait_for(lambda: admin.list(f"matches/{match.id}/followers"), "the following")
    (uid, following), = followers
    assert following["kinds"] == ["wicket", "milestone", "innings", "result"]
    fan.screenshot("spectator-phone-following")

    for action in actions[first_wicket - 3:first_wicket + 1]:
        write_action(scorer, action)
    # whichever run of the functions publishes the wicket hands it to the notifications'
    # task (on a busy emulator the match's own trigger, delivered late, folds every ball)
    told = wait_for(lambda: admin.list(f"users/{uid}/notifications"), "the wicket's notification")
    (notice_id, notice), = told
    assert notice["kind"] == "wicket" and notice["body"].startswith("WICKET! ")
    assert notice_id == f"{match.id}-{notice['actionId']}-{notice['key']}"
    assert notice["title"] == match.name and notice["key"].startswith("WICKET_FALLEN:")
    page.get_by_test_id("told").wait_for()
    assert notice["body"] in fan.text("told")
    shown = wait_for(lambda: page.evaluate("window.__shown"), "the notification shown")
    assert shown == [[match.name, notice["body"]]]
    fan.screenshot("spectator-phone-told")


def test_a_tap_the_server_does_not_answer_is_said_and_counts_when_it_is_answered(
    admin, generated, tabs
) -> None:
    """A spectator follows a match, loses the network and taps "Stop telling me": the page
    says the server has not answered (it does not sit on the tap for good). Firestore keeps
    the write and sends it when the network is back: the page then says what the server
    holds, with no second tap (it said "Stop telling me" of a following deleted), and the
    button still works."""
    match, _ = load_sample(generated, SHORT)
    seed_match(admin, match)
    fan = tabs(PHONE)
    fan.context.add_init_script(f"({NOTIFICATIONS})()")
    page = fan.open(f"/match/{match.id}")
    button = page.get_by_test_id("follow")
    button.click()
    wait_for(lambda: button.inner_text() == "Stop telling me",
             lambda: f"the page to follow the match; {fan.why()}")
    wait_for(lambda: admin.list(f"matches/{match.id}/followers"), "the following")

    app = page.locator("#app")
    fan.context.set_offline(True)
    button.click()
    said = "Not stopped yet: no answer from the server in 5 s. It is sent when the network is back."
    wait_for(lambda: said in app.inner_text(), lambda: f"the page to say so; {fan.why()}",
             deadline=15)
    assert button.inner_text() == "Stop telling me"

    fan.context.set_offline(False)
    wait_for(lambda: not admin.list(f"matches/{match.id}/followers"),
             "the unfollow Firestore kept to reach the server", deadline=SHOWN_WITHIN_S)
    wait_for(lambda: button.inner_text().startswith("Tell me of"),
             lambda: f"the page to say it no longer follows; {fan.why()}", deadline=5)
    assert said not in app.inner_text()
    button.click()  # and the button works
    wait_for(lambda: button.inner_text() == "Stop telling me",
             lambda: f"the page to follow the match again; {fan.why()}")
    wait_for(lambda: admin.list(f"matches/{match.id}/followers"), "the following again")
    # (offline, the browser logs every request it could not make: nothing else)
    assert [e for e in fan.errors() if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_followers_are_told_whichever_run_of_the_functions_publishes_the_wicket(
    admin, generated
) -> None:
    """The match's own trigger folds the wicket, not its ball's: the log is written before
    the match document (on a busy emulator triggers arrive late and out of order, and the
    match's run folds every ball written by then). Its followers are told all the same."""
    match, actions = load_sample(generated)
    first_wicket = next(i for i, a in enumerate(actions) if getattr(a, "isWicket", False))
    admin.set(f"matches/{match.id}/followers/late", {"kinds": ["wicket"]})
    for action in actions[:first_wicket + 1]:
        write_action(admin, action)  # each ball's run finds no match: nothing is published
    functions_idle()
    seed_match(admin, match)
    told = wait_for(lambda: admin.list("users/late/notifications"), "the wicket's notification")
    assert [(n["kind"], n["actionId"]) for _, n in told] == [("wicket", actions[first_wicket].id)]


def test_the_adapter_writes_each_followers_notices_once_and_sends_them_to_their_devices(
    admin, generated
) -> None:
    # the match's feed written as the functions publish it, without its log: no scoring run
    # hands these events to the functions' own task, which would tell the follower first
    match, actions = load_sample(generated)
    seed_match(admin, match)
    events = {seq: event_document(e, seq) for seq, e in enumerate(feed(match, actions), 1)}
    for seq, doc in events.items():
        admin.set(f"matches/{match.id}/events/{seq:010d}", doc)
    notable = [seq for seq, d in events.items() if d["type"] in NOTABLE]
    admin.set(f"matches/{match.id}/followers/keen", {"kinds": ["result"]})
    admin.set("users/keen/devices/phone", {"token": "token-1", "platform": "android"})
    admin.set("users/keen/devices/old", {"token": "gone-1", "platform": "web"})

    db = firestore_client()
    with FakeFcm() as fcm:
        sender = FcmSender("demo-scorebook", fcm.url, access_token=lambda: "t")
        told = tell_followers(FirestoreNotifyStore(db), sender, match.id, notable)
        again = tell_followers(FirestoreNotifyStore(db), sender, match.id, notable)

    (notice_id, notice), = admin.list("users/keen/notifications")
    assert notice["kind"] == "result" and notice["matchId"] == match.id
    assert (told.documents, told.sent, told.forgotten) == (1, 1, 1)
    assert (again.documents, again.sent, again.forgotten) == (0, 0, 0)  # told once
    assert [d for d, _ in admin.list("users/keen/devices")] == ["phone"]
    assert [m["token"] for m in fcm.sent] == ["token-1"]
    assert fcm.sent[0]["notification"] == {"title": notice["title"], "body": notice["body"]}
