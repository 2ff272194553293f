"""The test tools' spectator (scorebook_tools.spectator): a listener on a document, and one
on a match's feed, that listen again when their stream ends under them, as an app's SDK
does."""

from __future__ import annotations

import uuid

from scorebook_tools.spectator import FeedListener, Listener


def test_a_listener_whose_stream_ended_listens_again(admin) -> None:
    path = f"spectator_tools/{uuid.uuid4().hex[:10]}"
    admin.set(path, {"n": 1})
    listener = Listener(path)
    try:
        listener.wait_until(lambda doc: doc.get("n") == 1)
        listener.watch.close()  # the stream ends, as a cancelled one (RST_STREAM) ends it
        admin.set(path, {"n": 2})
        listener.wait_until(lambda doc: doc.get("n") == 2, timeout=30)
        assert listener.reopened == 1
    finally:
        listener.close()


def test_a_feed_listener_whose_stream_ended_listens_again_from_where_it_was(admin) -> None:
    events = f"matches/{uuid.uuid4().hex[:10]}/events"
    admin.set(f"{events}/1", {"seq": 1, "actionId": "1-0001", "type": "BALL_BOWLED"})
    feed = FeedListener(events.split("/")[1])
    try:
        first = feed.wait_for("1-0001")
        feed.watch.close()
        admin.set(f"{events}/2", {"seq": 2, "actionId": "1-0002", "type": "BALL_BOWLED"})
        feed.wait_for("1-0002", timeout=30)
        assert feed.reopened == 1
        assert feed.seq == 2
        assert feed.arrived[("1-0001", "BALL_BOWLED")] == first  # timed when it first came
    finally:
        feed.close()
