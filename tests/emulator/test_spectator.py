"""The test tools' spectator (scorebook_tools.spectator): a listener on a document that
listens again when its stream ends under it, as an app's SDK does."""

from __future__ import annotations

import uuid

from scorebook_tools.spectator import Listener


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
