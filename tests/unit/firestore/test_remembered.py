"""A run on the checkpoint its instance remembers (scorebook.firestore.projection_tx): it reads
nothing but what folding the next balls reads, and a run that would send nothing, or read
more, starts again in a snapshot (`NeedsSnapshot`) before anything reaches a server. The
emulator tests (tests/emulator/test_trigger_handler.py) show the same against Firestore."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from scorebook.firestore import live_score
from scorebook.firestore.projection_tx import FirestoreProjectionTx, NeedsSnapshot

STORED = {"format": 12, "data": "{}", "seal": "s"}
WRITTEN = datetime(2026, 11, 27, 20, tzinfo=UTC)


def remembered_run() -> FirestoreProjectionTx:
    """A run on a remembered checkpoint, on a client that never reaches a server."""
    db = firestore.Client(project="demo-remembered", credentials=AnonymousCredentials())
    return FirestoreProjectionTx(db, "m1", outside=True, remembered=(STORED, WRITTEN))


def test_the_remembered_checkpoint_is_taken_without_a_read_and_its_time_is_the_condition(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is read before the fold, not even the count of voided actions: a run that
    begins an innings reads it after its commit (on the emulator the count scans every
    document of the database)."""
    run = remembered_run()
    assert run.checkpoint() == STORED and run.reads == 0
    assert run.checkpoint_time == WRITTEN and run.seen == (STORED, WRITTEN)
    run.settle()
    assert run.ahead == {} and run.reads == 0
    monkeypatch.setattr(run, "_voided_count", lambda: (3, 1))
    assert run.counted_voids() == 3 and run.reads == 1


def test_the_next_ball_is_folded_as_written_and_read_only_after_the_commit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Read before the commit, a ball deleted and written again in between would look as
    folded, and the delete's own run would have found nothing to do."""
    run = remembered_run()
    run.checkpoint()
    written, stored = {"id": "1-0002", "runsOffBat": 1}, {"id": "1-0002", "runsOffBat": 3}
    asked: list[list[str]] = []
    monkeypatch.setattr(run, "_stored", lambda ids: (asked.append(ids), {"1-0002": stored})[1])
    assert run.action("1-0002", written) == written
    run.settle()
    assert asked == [] and "1-0002" not in run.ahead and run.reads == 0
    assert run.changed_actions() == [("1-0002", written)] and run.reads == 1
    assert asked == [["1-0002"]]


def test_a_ball_that_cannot_be_read_after_the_commit_is_read_again_in_a_snapshot(
        caplog: pytest.LogCaptureFixture) -> None:
    class Failing:
        written = {"1-0002": {"id": "1-0002"}}

        def changed_actions(self) -> list[tuple[str, dict]]:
            raise TimeoutError("the read did not answer")

    changed = live_score._changed_actions(Failing(), "m1")  # type: ignore[arg-type]
    assert changed == [("1-0002", {"id": "1-0002"})] and "read again" in caplog.text


@pytest.mark.parametrize("read", ["match", "lineups", "voided_count", "action_count",
                                  "live_score", "voided_actions", "open_disputes",
                                  "ledger_entries"])
def test_a_read_beyond_the_fold_starts_again_in_a_snapshot(read: str) -> None:
    run = remembered_run()
    run.checkpoint()
    with pytest.raises(NeedsSnapshot):
        getattr(run, read)()
    with pytest.raises(NeedsSnapshot):
        run.pages(0, 1)
    with pytest.raises(NeedsSnapshot):
        run.published_events(0)


def test_a_run_with_nothing_to_send_starts_again_in_a_snapshot() -> None:
    """No commit checked the remembered checkpoint: it may be older than the stored one."""
    run = remembered_run()
    run.checkpoint()
    with pytest.raises(NeedsSnapshot):
        run.commit()


def test_a_count_that_fails_after_the_commit_leaves_the_run_as_it_committed(
        caplog: pytest.LogCaptureFixture) -> None:
    class Failing:
        def counted_voids(self) -> int:
            raise TimeoutError("the count did not answer")

    assert live_score._counted_voids(Failing(), "m1") is None  # type: ignore[arg-type]
    assert "failed after the commit" in caplog.text


def test_a_run_after_the_commit_that_fails_leaves_the_committed_one_and_its_notices(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def unreachable(*args: Any) -> Any:
        raise TimeoutError("Firestore did not answer")

    monkeypatch.setattr(live_score, "_changed_since", unreachable)
    committed = live_score.Outcome("folded", notable=[7], voided=0)
    again = live_score._after_commit(None, "m1", committed, 2,  # type: ignore[arg-type]
                                     ([("1-0002", {"id": "1-0002"})], 0))
    assert again == (committed, 2) and "failed" in caplog.text


def test_a_void_never_folded_is_refolded_when_the_ball_read_again_was_as_folded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The ball's read failed after the commit, and the count found a void never folded:
    the run that reads the ball again finds it as folded, and the void is then refolded."""
    runs: list[str] = []
    monkeypatch.setattr(live_score, "_changed_since", lambda *a: (
        runs.append("ball"), (live_score.Outcome("unchanged"), 1))[1])
    monkeypatch.setattr(live_score, "_void_unfolded", lambda *a: (
        runs.append("void"), (live_score.Outcome("rebuilt_page"), 9))[1])
    committed = live_score.Outcome("folded", voided=0)
    again = live_score._after_commit(None, "m1", committed, 2,  # type: ignore[arg-type]
                                     ([("1-0002", {"id": "1-0002"})], 1))
    assert runs == ["ball", "void"] and again[0].mode == "rebuilt_page"


def test_the_checkpoint_is_written_as_the_fields_that_changed_on_its_condition() -> None:
    """A Test's settled innings are fields of their own that a ball leaves alone: a run that
    knows the stored checkpoint sends what changed (a field gone is deleted), and only
    while the stored one is the one it knows."""
    stored = {**STORED, "settled": {"1": "[innings 1]"}, "overStartShares": 1}
    write = _checkpoint_written(stored, {"format": 12, "data": '{"ball": 2}', "seal": "t",
                                         "settled": {"1": "[innings 1]"}})
    assert write.update.name.endswith("/matches/m1/projection/state")
    assert sorted(write.update_mask.field_paths) == ["data", "overStartShares", "seal"]
    assert set(write.update.fields) == {"data", "seal"}  # overStartShares: deleted
    assert write.current_document.update_time == WRITTEN


def test_a_checkpoint_not_known_as_stored_is_written_whole() -> None:
    db = firestore.Client(project="demo-remembered", credentials=AnonymousCredentials())
    run = FirestoreProjectionTx(db, "m1")
    run.checkpoint_read, run.checkpoint_time = True, None  # a new match's: none stored yet
    run._checkpoint_write({"format": 12, "data": "{}", "seal": "s"})
    (write,) = run.batch._write_pbs
    assert set(write.update.fields) == {"format", "data", "seal"}
    assert not write.update_mask.field_paths and write.current_document.exists is False


def _checkpoint_written(before: dict, after: dict) -> Any:
    """The checkpoint's write (its raw message) by a run that knows it stored as `before`."""
    run = remembered_run()
    run.checkpoint()
    run.seen = (before, WRITTEN)
    run._checkpoint_write(after)
    (write,) = run.batch._write_pbs
    return write


def _changes_written(before: dict, after: dict) -> tuple[list[str], set[str]]:
    """(the field mask, the fields given values) of the checkpoint's write over `before`."""
    write = _checkpoint_written(before, after)
    return sorted(write.update_mask.field_paths), set(write.update.fields)


def test_a_value_stored_as_another_type_is_written_again() -> None:
    """A checkpoint edited to hold 13.0 or True where the functions write 13 or 1 is not
    its seal's, and the rebuild that follows must store the functions' values: == would
    call them equal and leave the edit in place for good."""
    before = {"format": 13.0, "data": "{}", "seal": "s", "overStartShares": True,
              "matchInvalid": {"n": 1.0}}
    after = {"format": 13, "data": "{}", "seal": "s", "overStartShares": 1,
             "matchInvalid": {"n": 1}, "lastSeenId": None}
    mask, values = _changes_written(before, after)
    assert mask == ["format", "lastSeenId", "matchInvalid", "overStartShares"]
    assert values == set(mask)


@pytest.mark.parametrize("name", ["a.b", "x[0]", "note~1", "`q`"])
def test_a_field_that_is_no_plain_path_is_dropped_by_a_whole_write(name: str) -> None:
    mask, values = _changes_written({**STORED, name: "added by hand"},
                                    {**STORED, "data": '{"ball": 2}'})
    assert mask == [] and values == {"format", "data", "seal"}
