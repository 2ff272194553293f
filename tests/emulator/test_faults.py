"""Faults a live match meets, on the real emulators: nothing the scorers wrote is lost, and
live/score comes back to the projection of the log by itself.

- the functions' worker killed eight times in the middle of a burst of balls (its runs
  fail mid-way): the next ball heals live/score, and the scheduled reconciliation, fired
  through its registered trigger as Cloud Scheduler fires it, finds nothing left to repair;
- runs lost altogether (the triggers off while balls arrive): the reconciliation, fired the
  same way, finds the stale match and repairs it;
- two devices of one scorer, one offline with a void and balls queued while the other
  scores twenty balls on, one a second: the queued void arrives twenty balls late and is
  folded, the queued balls the other device wrote meanwhile are refused, not doubled;
- the emulators stopped and started again with their data (`--export-on-exit`,
  `--import`): the match goes on from where it was.

In the late suite (emulators of their own): workers are killed and emulators restarted.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import psutil
import pytest

from scorebook.firestore.paths import checkpoint_path
from scorebook_tools.emulators import port_offset, running_emulators, short_lived_java
from scorebook_tools.rest import FirestoreError, FirestoreRest
from scorebook_tools.scoring_app import read_live_score, void_action, write_action
from scorebook_tools.triggers import fire_schedule
from tests.conftest import REPO
from tests.emulator.harness import (
    SCORER,
    actions_of,
    assert_converged,
    live_score_at,
    load_sample,
    score_first,
    seed_match,
    triggers_disabled,
    wait_for,
)

#: how many serving workers die in the burst. A run holds no lock (it commits on condition
#: that its checkpoint is unchanged), so a scorer's ball is never refused for one: when the
#: runs were transactions, a worker killed holding one left its locks on the emulator for
#: good, and the match's next balls were refused ("Transaction lock timeout")
KILLS = 8

#: how long the second device is offline, the other scoring a ball a second meanwhile (what
#: happens depends on the order of the writes, not on the time between them: it was a minute,
#: a ball every 3 s, 62 s of the late tests' path)
OFFLINE_SECONDS = 20


def scoring_workers() -> list[psutil.Process]:
    """The Python workers serving the scoring trigger for these emulators (not another
    run's: their Firestore emulator is another). Serving: listening on their port. A worker
    killed while it starts is another fault, which the functions emulator (firebase-tools
    15) does not survive: it never answers the event that started the worker, and the
    events after it wait behind it for the 60 s timeout, where Cloud Run retries."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if "functions-framework" not in " ".join(process.info["cmdline"] or []):
            continue
        try:
            env = process.environ()
        except psutil.Error:
            continue
        if (env.get("FUNCTION_TARGET") == "on_scoring_action_written"
                and env.get("FIRESTORE_EMULATOR_HOST") == os.environ["FIRESTORE_EMULATOR_HOST"]
                and serving(process)):
            found.append(process)
    return found


def serving(process: psutil.Process) -> bool:
    try:
        return any(c.status == psutil.CONN_LISTEN for c in process.net_connections("inet"))
    except psutil.Error:
        return False


def test_a_worker_killed_mid_burst_loses_nothing_and_the_next_ball_heals(
        admin, user, generated):
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 12)
    killed: list[int] = []
    done = threading.Event()

    def kill_while_scoring() -> None:
        while not done.is_set() and len(killed) < KILLS:
            for worker in scoring_workers():
                worker.kill()
                killed.append(worker.pid)
            time.sleep(0.3)

    killer = threading.Thread(target=kill_while_scoring)
    killer.start()
    try:
        for action in actions[12:60]:
            write_action(scorer, action)
            time.sleep(0.05)
    finally:
        done.set()
        killer.join()
    assert killed, "no worker was running to be killed"
    assert [doc_id for doc_id, _ in actions_of(admin, match.id)] == [
        a.id for a in actions[:60]]

    write_action(scorer, actions[60])
    wait_for(live_score_at(admin, match.id, actions[60].id), "the next ball")
    assert_converged(admin, match, deadline=5)
    version = admin.get(checkpoint_path(match.id))["version"]
    fire_schedule(REPO, "reconcile_live_scores")
    assert admin.get(checkpoint_path(match.id))["version"] == version  # nothing to repair


def test_the_scheduled_reconciliation_repairs_a_match_whose_runs_were_lost(
        admin, user, generated):
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 12)
    with triggers_disabled(REPO):
        for action in actions[12:20]:
            write_action(scorer, action)
    assert read_live_score(admin, match.id)["lastActionId"] == actions[11].id

    fire_schedule(REPO, "reconcile_live_scores")  # returns once the run is over
    assert read_live_score(admin, match.id)["lastActionId"] == actions[19].id
    assert_converged(admin, match, deadline=5)


def test_two_devices_one_offline_while_the_other_scores_twenty_balls(admin, user, generated):
    tablet, phone = user(SCORER), user(SCORER)  # one scorer, two devices
    match, actions, _ = score_first(admin, tablet, generated, 30, reader=phone)
    # the tablet goes offline: its app queues an undo of a ball of an earlier over and the
    # next four balls, while the scorer picks up the phone and scores on with it
    undone = actions[14].id
    queued = actions[30:34]
    offline_until = time.monotonic() + OFFLINE_SECONDS
    on_phone = actions[30:50]
    for n, action in enumerate(on_phone):
        time.sleep(max(0.0, offline_until - time.monotonic()) / (len(on_phone) - n))
        write_action(phone, action)
    # back online, the tablet's app sends its queue in order
    void_action(tablet, match.id, undone, "wrong batter", uid=SCORER)
    refused = []
    for action in queued:
        with pytest.raises(FirestoreError) as error:
            write_action(tablet, action)
        refused.append(error.value.status)
    assert refused == [409] * len(queued), "a ball the phone wrote is not written again"

    log = dict(actions_of(admin, match.id))
    assert sorted(log) == sorted(a.id for a in actions[:50])
    assert log[undone]["isVoided"] is True
    score = assert_converged(admin, match)
    assert score["lastActionId"] == actions[49].id


def test_emulators_restarted_with_their_data_then_scoring_goes_on(
        generated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # emulators of their own, beside the session's: their ports, their variables
    for name in ("FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST",
                 "FUNCTIONS_EMULATOR_HOST", "FIREBASE_EMULATOR_HUB", "CLOUD_TASKS_EMULATOR_HOST",
                 "PUBSUB_EMULATOR_HOST"):
        monkeypatch.delenv(name, raising=False)
    # 5000 on: firebase-tools starts each Python worker on the first free port from a random
    # one in 8081-9080, so a worker of the session's emulators may hold any port there (at
    # 500 on, in the late suite, the functions emulator's 8501 was once a worker's); and at
    # 2000 on the Firestore emulator's would be 10080, which Node's fetch refuses to call
    monkeypatch.setenv("SCOREBOOK_EMULATOR_PORT_OFFSET", str(port_offset() + 5000))
    # no Auth emulator: the scorer signs in with a mock ID token, which needs none
    monkeypatch.setenv("SCOREBOOK_EMULATORS", "firestore,functions")
    # started twice, a minute each
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", short_lived_java(os.environ.get("JAVA_TOOL_OPTIONS")))
    # and a project of their own: firebase-tools finds the hub that exports on exit by the
    # project's id, which would find the session's emulators' one
    project = "demo-scorebook-restarted"
    data = tmp_path / "emulator-data"
    match, actions = load_sample(generated)

    with running_emulators(REPO, project, data=data):
        admin, scorer = FirestoreRest.as_admin(project), FirestoreRest.as_user(project, SCORER)
        seed_match(admin, match)
        for action in actions[:20]:
            write_action(scorer, action)
        wait_for(live_score_at(admin, match.id, actions[19].id), "ball 20")
    assert (data / "firebase-export-metadata.json").exists()

    with running_emulators(REPO, project, data=data):
        admin, scorer = FirestoreRest.as_admin(project), FirestoreRest.as_user(project, SCORER)
        assert read_live_score(admin, match.id)["lastActionId"] == actions[19].id
        for action in actions[20:40]:
            write_action(scorer, action)
        wait_for(live_score_at(admin, match.id, actions[39].id), "ball 40")
        assert_converged(admin, match, deadline=10)
