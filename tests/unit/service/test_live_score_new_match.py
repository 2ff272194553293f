"""A new match's live/score before its first ball, whatever arrives first (the match or its
first action), and the match document's own write-backs: the service writes what is due and
never triggers itself again.
"""

from __future__ import annotations

from scorebook.document import to_document
from scorebook.service.live_score import (
    ActionEvent,
    match_edit_matters,
)
from tests.unit.service.memory_store import (
    MATCH,
    SAMPLE,
    MemoryStore,
    match_changed,
    played,
    run_trigger,
    truth,
    without_version,
    write,
)

# --- the batch definition is project() ------------------------------------------------------


# --- a new match: live/score before the first ball -------------------------------------------


def test_a_new_match_gets_its_live_score_before_the_first_ball_without_re_triggering() -> None:
    """The match trigger of a match without a checkpoint writes the empty projection
    (scheduled) and its checkpoint; the match already says `scheduled`, so nothing is written
    back to it (which would run the trigger again), and a second run changes nothing."""
    store = MemoryStore()
    store.match |= {"status": "scheduled", "resultType": None, "winnerId": None}
    tx = match_changed(store)
    assert store.runs == ["rebuilt"] and tx.match_fields is None
    assert store.live_score is not None and store.live_score["status"] == "scheduled"
    assert store.live_score["version"] == 1
    assert without_version(store.live_score) == truth(store)
    assert store.status_writes == []
    again = match_changed(store)
    assert store.runs[-1] == "unchanged" and again.written is None
    run_trigger(store, write(store, SAMPLE[0]))
    assert store.runs[-1] == "folded" and store.status_writes == ["live"]
    assert without_version(store.live_score) == truth(store)


def test_a_new_match_whose_first_ball_came_first_is_folded_from_its_log() -> None:
    store = MemoryStore()
    store.actions[SAMPLE[0].id] = to_document(SAMPLE[0])  # its trigger is still to run
    match_changed(store)
    assert store.runs == ["rebuilt"] and store.status_writes == ["live"]
    assert without_version(store.live_score) == truth(store)
    run_trigger(store, ActionEvent(SAMPLE[0].id, store.actions[SAMPLE[0].id]))
    assert store.runs[-1] == "unchanged"


def test_a_new_match_entered_as_completed_stays_so_until_its_first_action() -> None:
    """An admin entering a finished match (its log to follow, or a match decided off the
    field): live/score is written, the match document left as the admin wrote it, so the
    rules keep it locked; the first action moves the status on from the log."""
    store = MemoryStore()
    assert store.match["status"] == "completed"
    tx = match_changed(store)
    assert store.runs == ["rebuilt"] and tx.match_fields is None
    assert store.live_score["status"] == "scheduled" and store.match["status"] == "completed"
    run_trigger(store, write(store, SAMPLE[0]))
    assert store.status_writes == ["live"]



def test_the_projections_own_write_back_to_the_match_is_no_edit_of_it() -> None:
    """A match starting, breaking or ending gets its status and result from the projection:
    that write must not run the projection again (every match would pay a run per change
    of status), while an admin's edit of anything else, a value the projection never
    writes, a new match and a match deleted still do (or end as they always did)."""
    before = to_document(MATCH) | {"status": "scheduled", "resultType": None}
    ended = before | {"status": "completed", "resultType": "win", "winnerId": "home",
                      "completedVersion": 7}
    assert not match_edit_matters(before, ended)
    assert match_edit_matters(before, before | {"name": "Final (renamed)"})
    assert match_edit_matters(before, ended | {"oversPerInnings": 10})
    assert match_edit_matters(None, before)
    assert not match_edit_matters(before, None)
    assert not match_edit_matters(before, dict(before))
    # an admin's typo makes the match unreadable (flagged), and putting it right clears that
    typo = ended | {"status": "Completed"}
    assert match_edit_matters(ended, typo) and match_edit_matters(typo, ended)
    assert match_edit_matters(before, before | {"completedVersion": "seven"})


def test_a_new_match_with_a_legacy_live_score_is_left_to_its_migration() -> None:
    store = MemoryStore()
    store.live_score = {"ballHistory": [{"runs": 4}], "totalRuns": 4}
    tx = match_changed(store)
    assert store.runs == ["unchanged"] and tx.written is None
    assert store.live_score == {"ballHistory": [{"runs": 4}], "totalRuns": 4}


def test_an_identical_retry_of_a_ball_changes_nothing() -> None:
    """An SDK's retry of a ball whose acknowledgement was lost (the rules accept the same
    document over itself): the trigger sees before == after and writes nothing, for the last
    ball and for one before it."""
    store = played(20)
    version = store.live_score["version"]
    for action in (SAMPLE[19], SAMPLE[17], SAMPLE[2]):
        data = store.actions[action.id]
        tx = run_trigger(store, ActionEvent(action.id, dict(data), before=dict(data)))
        assert store.runs[-1] == "unchanged" and tx.written is None
    assert store.live_score["version"] == version
