"""The trigger function itself, called with a CloudEvent built by hand, as the Functions
runtime would call it: delivering the same event twice is a no-op; and the run's commit,
which holds only while the checkpoint is the one it read."""

from __future__ import annotations

import importlib.util
import json
import uuid
from datetime import UTC, datetime
from types import ModuleType

import pytest
from firebase_functions.core import Change
from firebase_functions.firestore_fn import Event

import scorebook.firestore.live_score as adapter
from scorebook.firestore import folded
from scorebook.firestore.client import firestore_client, read_only
from scorebook.firestore.paths import checkpoint_path, scoring_action_path
from scorebook.service.live_score import RECENT, ActionEvent
from scorebook_tools.emulators import emulator_log
from scorebook_tools.scoring_app import read_live_score, void_action, write_action
from scorebook_tools.triggers import firestore_triggers, functions_idle
from tests.conftest import REPO
from tests.emulator.harness import (
    PROJECT,
    SCORER,
    SHORT,
    assert_converged,
    load_sample,
    score_first,
    seed_match,
    triggers_disabled,
    wait_for,
)


def innings_of(checkpoint: dict) -> int:
    """The innings the checkpoint's fold is in."""
    return json.loads(checkpoint["data"])["overStartKey"][0]


def functions_main() -> ModuleType:
    spec = importlib.util.spec_from_file_location("functions_main", REPO / "functions/main.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def written_event(match_id: str, action_id: str) -> Event:
    document = f"matches/{match_id}/scoring_actions/{action_id}"
    return Event(
        specversion="1.0",
        id=str(uuid.uuid4()),
        source=f"//firestore.googleapis.com/projects/{PROJECT}/databases/(default)",
        type="google.cloud.firestore.document.v1.written",
        time=datetime.now(UTC),
        data=Change(before=None, after=firestore_client().document(document).get()),
        subject=f"documents/{document}",
        location="us-central1",
        project=PROJECT,
        database="(default)",
        namespace="(default)",
        document=document,
        params={"matchId": match_id, "actionId": action_id},
    )


def test_the_same_event_delivered_twice_changes_nothing_the_second_time(admin, user, generated):
    handler = functions_main().on_scoring_action_written.__wrapped__
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 6)
    with triggers_disabled():  # the runtime's own delivery of this write is lost
        write_action(scorer, actions[6])
    before = admin.get(checkpoint_path(match.id))
    event = written_event(match.id, actions[6].id)

    handler(event)
    first = admin.get(f"matches/{match.id}/live/score")
    handler(event)
    second = admin.get(f"matches/{match.id}/live/score")

    assert first["lastActionId"] == actions[6].id
    assert first["version"] == before["version"] + 1
    assert second == first
    assert admin.get(checkpoint_path(match.id))["lastMode"] == "folded"


def test_a_run_whose_checkpoint_moved_before_its_commit_commits_nothing_and_starts_again(
        admin, user, generated, monkeypatch: pytest.MonkeyPatch):
    scorer, db = user(SCORER), firestore_client()
    match, actions = load_sample(generated)
    seed_match(admin, match)
    maintain, attempts = adapter.maintain, []

    def interleaved(run, match_id, *args, **kwargs):
        outcome = maintain(run, match_id, *args, **kwargs)
        if kwargs.get("force"):
            attempts.append(outcome)
            if len(attempts) == 1:
                # between the repair's reads and its commit, a ball is scored and its run
                # commits: the repair's rebuild (which enters nothing new in the ledger)
                # must not put live/score back to before it
                write_action(scorer, actions[9])
                stored = db.document(scoring_action_path(match_id, actions[9].id)).get()
                adapter.refresh_live_score(db, match_id,
                                           ActionEvent(actions[9].id, after=stored.to_dict()))
        return outcome

    with triggers_disabled():  # the runs are this test's, in the order it says
        for action in actions[:9]:
            write_action(scorer, action)
        adapter.refresh_live_score(db, match.id, force=True)
        RECENT.clear()
        monkeypatch.setattr(adapter, "maintain", interleaved)
        outcome, _ = adapter.refresh_live_score(db, match.id, force=True)  # an admin's repair

    assert len(attempts) == 2, "the first attempt's commit should have failed"
    assert outcome.mode == "rebuilt"
    assert read_live_score(admin, match.id)["lastActionId"] == actions[9].id
    assert_converged(admin, match, deadline=5)


def run_of(match_id: str, action_id: str, created: datetime | None = None) -> adapter.Outcome:
    """This process's run for the write of an action, as the trigger makes it."""
    db = firestore_client()
    stored = db.document(scoring_action_path(match_id, action_id)).get()
    event = ActionEvent(action_id, after=stored.to_dict(), created=created or stored.create_time)
    return adapter.refresh_live_score(db, match_id, event)[0]


def recorded(attempts: list[adapter.FirestoreProjectionTx]) -> type:
    """The adapter's run, each attempt kept in `attempts` with what it had read by its
    commit (`read_by_commit`: before the run adds an abandoned attempt's reads to it)."""
    class Recorded(adapter.FirestoreProjectionTx):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            attempts.append(self)

        def commit(self) -> None:
            self.read_by_commit = self.reads
            super().commit()

    return Recorded


def test_a_ball_folds_onto_the_checkpoint_its_instance_saw_last_unless_another_run_wrote_since(
        admin, user, generated, monkeypatch: pytest.MonkeyPatch):
    """The next ball's run takes the checkpoint this instance last committed rather than
    reading it, outside any snapshot: one read, the ball, compared after the commit, and
    when the ball begins an innings the count of voided actions, read after the commit too; an
    instance that remembers none reads the stored one on its own, still outside a snapshot.
    A checkpoint another instance wrote since fails the commit's condition, and the run
    reads it afresh; a run that must read more than a fold does starts again in a snapshot;
    a count that finds a void never folded makes the run refold. live/score stays the
    log's throughout."""
    scorer = user(SCORER)
    match, actions = load_sample(generated, SHORT)  # 5 overs: the second innings soon
    seed_match(admin, match)
    snapshots: list[object] = []
    monkeypatch.setattr(adapter, "read_only",
                        lambda client: snapshots.append(client) or read_only(client))

    def ran(action_id: str, created: datetime | None = None) -> adapter.Outcome:
        return run_of(match.id, action_id, created)

    folded.forget()
    with triggers_disabled():  # the runs are this test's, as one instance makes them
        for action in actions[:8]:
            write_action(scorer, action)
            ran(action.id)
        assert snapshots == []  # the first ball's run read the match's checkpoint on its own
        checkpoint = admin.get(checkpoint_path(match.id))
        assert checkpoint["lastMode"] == "folded"
        assert checkpoint["lastRunReads"] == 1

        behind = folded.last_seen(match.id)
        folded.forget(match.id)  # as another instance would, which remembers none
        write_action(scorer, actions[8])
        ran(actions[8].id)  # the stored checkpoint read on its own: no snapshot either
        checkpoint = admin.get(checkpoint_path(match.id))
        assert checkpoint["lastRunReads"] == 2
        # the same ball's event again, at an instance that remembers nothing: the checkpoint
        # it reads holds the ball, so the run ends there, with no snapshot and no write
        folded.forget(match.id)
        assert ran(actions[8].id).mode == "unchanged" and snapshots == []
        assert admin.get(checkpoint_path(match.id)) == checkpoint
        folded.seen(match.id, behind)  # this instance's, a ball behind
        write_action(scorer, actions[9])
        assert ran(actions[9].id).mode == "folded"
        assert len(snapshots) == 1  # this one's second attempt
        checkpoint = admin.get(checkpoint_path(match.id))
        assert checkpoint["lastRunReads"] >= 2 and checkpoint["actions"] == 10

        # an early ball's event again (a document written again at its place): the count of
        # the whole log is beyond a fold's reads; what the abandoned attempt read counts
        attempts: list[adapter.FirestoreProjectionTx] = []
        monkeypatch.setattr(adapter, "FirestoreProjectionTx", recorded(attempts))
        db = firestore_client()
        stored = db.document(scoring_action_path(match.id, actions[2].id)).get().to_dict()
        again, reads = adapter.refresh_live_score(
            db, match.id, ActionEvent(actions[2].id, after=stored, created=datetime.now(UTC)))
        assert again.mode == "unchanged" and len(snapshots) == 2
        abandoned, snapshot_run = attempts
        assert abandoned.outside and abandoned.reads + len(abandoned.ahead) >= 1
        assert reads == abandoned.reads + len(abandoned.ahead) + snapshot_run.read_by_commit

        # a void whose own run is lost: the balls after it are folded until one begins an
        # innings, whose run counts the voided actions after its commit, finds the void,
        # and refolds from its page
        void_action(scorer, match.id, actions[3].id, "wrong bowler", uid=SCORER)
        n = 10
        while (write_action(scorer, actions[n]), ran(actions[n].id))[1].mode == "folded":
            assert innings_of(admin.get(checkpoint_path(match.id))) == 1
            n += 1
        assert len(snapshots) == 3 and 20 < n < 45
        checkpoint = admin.get(checkpoint_path(match.id))
        assert (checkpoint["lastMode"], checkpoint["actions"], checkpoint["voided"]) == (
            "rebuilt_page", n + 1, 1)
    assert read_live_score(admin, match.id)["lastActionId"] == actions[n].id
    assert_converged(admin, match, deadline=5)


def test_a_ball_written_again_where_one_was_deleted_is_folded_by_an_instance_that_remembers_it(
        admin, user, generated) -> None:
    """An instance remembers a checkpoint that holds a ball; another instance's run refolds
    the log after an admin deleted that ball; a device writes it again. This instance's
    remembered checkpoint says the ball is folded already, but a run that writes nothing
    has had no commit check that checkpoint: it reads the stored one, and folds the ball."""
    scorer, db = user(SCORER), firestore_client()
    match, actions = load_sample(generated)
    seed_match(admin, match)
    folded.forget()
    with triggers_disabled():
        for action in actions[:6]:
            write_action(scorer, action)
            run_of(match.id, action.id)
        remembered = folded.last_seen(match.id)
        gone = admin.get(scoring_action_path(match.id, actions[5].id))
        admin.delete(scoring_action_path(match.id, actions[5].id))
        adapter.refresh_live_score(db, match.id, ActionEvent(actions[5].id, after=None,
                                                             before=gone))
        assert read_live_score(admin, match.id)["lastActionId"] == actions[4].id
        folded.seen(match.id, remembered)  # this instance's memory, from before the delete
        write_action(scorer, actions[5])
        assert run_of(match.id, actions[5].id).mode == "folded"
    assert read_live_score(admin, match.id)["lastActionId"] == actions[5].id
    assert_converged(admin, match, deadline=5)


def test_a_ball_folded_as_its_event_wrote_it_is_refolded_when_the_log_holds_it_otherwise(
        admin, user, generated) -> None:
    """A ball's run on the remembered checkpoint folds the ball as its event wrote it, and
    reads the stored one after its commit. When the log holds it otherwise (an event late
    about a ball an admin deleted and wrote again with other runs), the run refolds it from
    the stored one at once: live/score is the log's, not the event's."""
    scorer, db = user(SCORER), firestore_client()
    match, actions = load_sample(generated)
    seed_match(admin, match)
    plain = next(i for i, a in enumerate(actions) if i > 1 and a.kind == "delivery"
                 and a.extras.total == 0 and a.wicket is None and not a.isBoundary
                 and a.runsOffBat < 3)
    folded.forget()
    with triggers_disabled():
        for action in actions[:plain]:
            write_action(scorer, action)
            run_of(match.id, action.id)
        write_action(scorer, actions[plain])
        ref = db.document(scoring_action_path(match.id, actions[plain].id))
        stale = ref.get()
        ref.delete()
        ref.set(stale.to_dict() | {"runsOffBat": 3, "totalRuns": 3})
        event = ActionEvent(actions[plain].id, after=stale.to_dict(), created=stale.create_time)
        outcome, _ = adapter.refresh_live_score(db, match.id, event)
        assert outcome.mode != "folded"  # refolded from the stored ball
    assert read_live_score(admin, match.id)["lastActionId"] == actions[plain].id
    assert_converged(admin, match, deadline=5)  # the three runs, not the event's


def test_feed_events_written_after_the_commit_keep_a_retraction_marked_meanwhile(admin):
    """A run's feed events past one commit are written after it. A later run may have marked
    one of them retracted by then (or this run's own batch landed and its answer was lost):
    those that exist are left as they are, the rest are created."""
    db, match_id = firestore_client(), f"overflow-{uuid.uuid4().hex[:8]}"
    events = {seq: {"seq": seq, "type": "BALL", "retracted": False} for seq in (1, 2, 3)}
    admin.set(f"matches/{match_id}/events/2", {"seq": 2, "type": "BALL", "retracted": True,
                                               "retractedBy": 4})
    run = adapter.FirestoreProjectionTx(db, match_id)
    run.overflow = [(f"matches/{match_id}/events/{seq}", doc, "event")
                    for seq, doc in events.items()]
    run.flush_overflow()
    run.overflow = [(f"matches/{match_id}/events/3", events[3], "event")]
    run.flush_overflow()  # a retry of a batch that landed

    stored = {seq: admin.get(f"matches/{match_id}/events/{seq}") for seq in events}
    assert stored[2]["retracted"] is True and stored[2]["retractedBy"] == 4
    assert stored[1]["retracted"] is False and "createdAt" in stored[1]
    assert stored[3]["seq"] == 3


def test_triggers_disabled_runs_no_trigger_and_reloads_nothing(admin) -> None:
    """The test tools' switch (scorebook_tools.triggers.triggers_disabled): a match written
    in the block runs neither match trigger, one written after it runs both; and the switch
    left the functions loaded as they were (the same keys: no reload, no new generation)."""
    before = firestore_triggers(REPO)
    log = emulator_log(REPO)
    offset = log.stat().st_size

    def runs() -> str:
        return log.read_bytes()[offset:].decode(errors="replace")

    with triggers_disabled():
        admin.set(f"matches/m-off-{uuid.uuid4().hex[:8]}", {"name": "written in the block"})
    functions_idle(REPO)
    assert "Beginning execution" not in runs()
    admin.set(f"matches/m-on-{uuid.uuid4().hex[:8]}", {"name": "written after it"})
    wait_for(lambda: all(f'Beginning execution of "us-central1-{name}"' in runs()
                         for name in ("on_match_written", "on_match_over")) or None,
             "both match triggers to run")
    assert firestore_triggers(REPO) == before


def test_a_run_whose_event_waited_reads_the_balls_queued_behind_it_by_id(
        admin, user, generated, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under load a match's events wait behind others': the run of the first of three balls
    queued reads its place and the next three by id, in one round trip, with no query of
    the log (which the emulator answers by scanning every document it holds), and folds all
    three; their own runs then find them folded."""
    scorer = user(SCORER)
    match, actions = load_sample(generated)
    seed_match(admin, match)
    asked: list[str | None] = []
    query = adapter.FirestoreProjectionTx.actions_after
    monkeypatch.setattr(adapter.FirestoreProjectionTx, "actions_after",
                        lambda run, after_id: asked.append(after_id) or query(run, after_id))
    folded.forget()
    with triggers_disabled():
        for action in actions[:4]:
            write_action(scorer, action)
            run_of(match.id, action.id)
        queued = actions[4:7]
        for action in queued:
            write_action(scorer, action)
        db = firestore_client()
        stored = db.document(scoring_action_path(match.id, queued[0].id)).get()
        asked.clear()
        outcome, _ = adapter.refresh_live_score(db, match.id, ActionEvent(
            queued[0].id, after=stored.to_dict(), created=stored.create_time, waited=3.0))
        assert (outcome.mode, outcome.folded, asked) == ("folded", 3, [])
        assert admin.get(checkpoint_path(match.id))["lastSeenId"] == queued[-1].id
        assert [run_of(match.id, action.id).mode for action in queued[1:]] == [
            "unchanged", "unchanged"]
    assert read_live_score(admin, match.id)["lastActionId"] == queued[-1].id
    assert_converged(admin, match, deadline=5)
