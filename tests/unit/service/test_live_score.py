"""The live/score service (`service.live_score.maintain`) converges to project(...) however
triggers are delivered.

The in-memory store of memory_store.py stands in for Firestore here (a test of the service's
logic; the emulator tests cover Firestore itself). The feed beside live/score is
test_live_score_feed.py's, a new match's first live/score test_live_score_new_match.py's.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorebook.actions import parse_action
from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.integrity import IntegrityProblem
from scorebook.laws.result import decide_result
from scorebook.match import Match
from scorebook.service.live_score import (
    CAUGHT_UP_SECONDS,
    CHECKPOINT_FORMAT,
    ActionEvent,
    Checkpoint,
    expected_live_score,
    verify,
)
from scorebook.service.live_score.decide import counts_voids
from scorebook.service.live_score.maintain import NEXT_PLACES
from scorebook.views.scorecard import project
from tests.conftest import real_match_params
from tests.unit.factories import ten_innings
from tests.unit.service.memory_store import (
    ACTIONS,
    MATCH,
    MATCH_ID,
    SAMPLE,
    MemoryStore,
    assert_feed_consistent,
    match_changed,
    played,
    published_feed,
    run_trigger,
    truth,
    void,
    without_version,
    write,
)

# --- the batch definition is project() ------------------------------------------------------


def test_the_batch_definition_is_project_of_the_non_voided_actions():
    docs = {a.id: to_document(a) for a in ACTIONS}
    docs[ACTIONS[5].id] = {**docs[ACTIONS[5].id], "isVoided": True, "voidReason": "x",
                           "voidedBy": "s"}
    log = [parse_action(d) for d in docs.values()]  # voided actions stay in the log

    assert expected_live_score(MATCH, docs.items()) == without_version(
        to_document(project(MATCH, log))
    )  # (a refold has no history: version, chainHead)


def test_a_checkpoint_survives_its_stored_form():
    store = MemoryStore()
    for action in SAMPLE:
        run_trigger(store, write(store, action))
    stored = Checkpoint.from_document(store.checkpoint, MATCH_ID)
    assert stored is not None and stored.lastSeenId == SAMPLE[-1].id
    assert isinstance(store.checkpoint["data"], str)  # Firestore has no arrays of arrays


def _spelt_as_format_4(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """A checkpoint as format 4 stored it: the current over's extras spelt "noBall"."""
    data = json.loads(checkpoint["data"])
    data["state"]["innings"][-1]["over"]["balls"][0]["extraType"] = "noBall"
    return checkpoint | {"data": json.dumps(data)}


@pytest.mark.parametrize("stored_as", [
    pytest.param(lambda c: c | {"format": 4}, id="an older format"),
    pytest.param(_spelt_as_format_4, id="the older spelling under the current format"),
])
def test_a_checkpoint_of_an_older_shape_is_not_folded_onto_but_rebuilt(stored_as):
    store = MemoryStore()
    for action in SAMPLE[:-1]:
        run_trigger(store, write(store, action))
    store.checkpoint = stored_as(store.checkpoint)
    run_trigger(store, write(store, SAMPLE[-1]))
    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)


# --- cost -----------------------------------------------------------------------------------


def test_the_next_ball_is_folded_with_a_constant_number_of_reads():
    store = MemoryStore()
    reads, ahead = [], 0
    for action in ACTIONS:
        tx = run_trigger(store, write(store, action))
        reads.append(tx.reads)
        # the ball's document, read ahead beside the checkpoint, is the one read
        assert tx.asked in ([], tx.ahead)
        ahead += bool(tx.ahead)
    assert ahead >= len(ACTIONS) - 8  # all but the first ball and each innings' first
    assert store.runs[0] == "rebuilt" and set(store.runs[1:]) == {"folded"}
    assert set(reads[1:]) == {3}  # checkpoint, the ball as stored, the count of voids
    assert without_version(store.live_score) == truth(store)


def test_balls_written_before_their_runs_are_each_folded_once():
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    late = [write(store, action) for action in SAMPLE[10:13]]  # a busy match: three at once
    for event in late:
        run_trigger(store, event)
        assert store.runs[-1] == "folded"
        assert store.live_score["lastActionId"] == event.action_id
    assert without_version(store.live_score) == truth(store)


def test_an_event_that_waited_folds_every_ball_written_since_in_its_run():
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    late = [write(store, action) for action in SAMPLE[10:13]]  # the functions fell behind
    run_trigger(store, replace(late[0], waited=CAUGHT_UP_SECONDS + 0.5))
    assert store.runs[-1] == "folded"
    assert store.live_score["lastActionId"] == late[-1].action_id
    assert without_version(store.live_score) == truth(store)
    version = store.live_score["version"]
    for event in late[1:]:  # their own events then stop at the checkpoint
        run_trigger(store, replace(event, waited=CAUGHT_UP_SECONDS + 0.5))
        assert store.runs[-1] == "unchanged" and store.live_score["version"] == version


def test_a_late_event_about_a_ball_deleted_since_adds_nothing():
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    ghost = write(store, SAMPLE[10])
    del store.actions[SAMPLE[10].id]  # e.g. a migration rolled back before the event came
    version = store.live_score["version"]
    run_trigger(store, ghost)  # the event's copy of the document is not the log
    assert store.live_score["lastActionId"] == SAMPLE[9].id
    assert store.live_score["version"] == version
    assert without_version(store.live_score) == truth(store)


def test_a_void_rebuilds_and_a_duplicate_delivery_changes_nothing():
    store = MemoryStore()
    for action in SAMPLE:
        run_trigger(store, write(store, action))
    version = store.live_score["version"]
    run_trigger(store, ActionEvent(SAMPLE[3].id, store.actions[SAMPLE[3].id]))
    assert store.runs[-1] == "unchanged" and store.live_score["version"] == version

    run_trigger(store, void(store, SAMPLE[3].id))
    assert store.runs[-1] == "rebuilt_page"
    assert without_version(store.live_score) == truth(store)
    assert store.live_score["version"] == version + 1


def test_a_lost_void_is_repaired_by_the_next_ball():
    store = MemoryStore()
    for action in SAMPLE[:-1]:
        run_trigger(store, write(store, action))
    void(store, SAMPLE[4].id)  # its trigger run is lost
    tx = run_trigger(store, write(store, SAMPLE[-1]))
    # the voided actions say which void was never folded: refolded from its page of the log
    # (after the ball's fold and the over's refold found the counts short: 3 + 8 + 4 reads)
    assert store.runs[-1] == "rebuilt_page"
    assert tx.reads < len(SAMPLE) / 3
    assert without_version(store.live_score) == truth(store)


def test_a_late_ball_whose_trigger_was_lost_is_repaired_by_reconciliation():
    store = MemoryStore()
    for action in SAMPLE:
        if action is not SAMPLE[10]:
            run_trigger(store, write(store, action))
    write(store, SAMPLE[10])  # written late, and its trigger run is lost
    run_trigger(store, None)
    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)


def test_an_unparseable_document_is_reported_and_skipped():
    store = MemoryStore()
    for action in SAMPLE[:5]:
        run_trigger(store, write(store, action))
    store.actions["1-0006"] = {"inningsNumber": 1, "sequenceNumber": 6, "runsOffBat": "six"}
    run_trigger(store, ActionEvent("1-0006", store.actions["1-0006"]))
    (problem,) = [p for p in store.live_score["integrity"] if p["actionId"] == "1-0006"]
    assert problem["code"] == "unparseable" and "runsOffBat" in problem["message"]
    assert without_version(store.live_score) == truth(store)


def test_a_document_whose_id_is_not_its_position_is_left_out():
    store = MemoryStore()
    run_trigger(store, write(store, SAMPLE[0]))
    moved = SAMPLE[1].model_copy(update={"id": "1-0077"})
    run_trigger(store, write(store, moved))
    codes = [p["code"] for p in store.live_score["integrity"]]
    assert "id_not_position" in codes
    assert IntegrityProblem.model_validate(store.live_score["integrity"][-1])


# --- convergence under any delivery ---------------------------------------------------------


@settings(
    max_examples=40,  # each example folds, projects and publishes the feed twice
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(data=st.data())
def test_live_score_converges_under_any_delivery(data: st.DataObject) -> None:
    store = MemoryStore()
    sample = SAMPLE[: data.draw(st.integers(3, len(SAMPLE)), label="balls")]
    to_write = data.draw(st.permutations(sample), label="write order")
    to_void = set(data.draw(st.sets(st.sampled_from([a.id for a in sample]), max_size=4),
                            label="voided"))
    pending: list[ActionEvent] = []
    lost = False
    written: list[str] = []

    def step(choice: str) -> None:
        nonlocal lost
        if choice == "write" and to_write:
            action = to_write.pop(0)
            pending.append(write(store, action))
            written.append(action.id)
        elif choice == "void" and to_void & set(written):
            target = sorted(to_void & set(written))[0]
            to_void.discard(target)
            pending.append(void(store, target))
        elif pending:
            i = data.draw(st.integers(0, len(pending) - 1), label="which event")
            event = pending[i]
            if choice == "deliver":
                pending.pop(i)
                run_trigger(store, event)
            elif choice == "duplicate":
                run_trigger(store, event)  # delivered now, and again later
            elif choice == "lose":
                pending.pop(i)
                lost = True
            elif choice == "concurrently" and len(pending) > 1:
                pending.pop(i)
                other = pending.pop(data.draw(st.integers(0, len(pending) - 1)))
                run_trigger(store, event, meanwhile=lambda: run_trigger(store, other))

    choices = st.sampled_from(["write", "write", "void", "deliver", "deliver", "duplicate",
                               "lose", "concurrently"])
    while to_write or pending:
        step(data.draw(choices, label="step"))
    while pending:
        run_trigger(store, pending.pop(0))

    if not lost:
        assert without_version(store.live_score) == truth(store)
        assert published_feed(store) == []
    run_trigger(store, None)  # a run that reads no log
    assert without_version(store.live_score) == truth(store)
    assert published_feed(store) == []
    assert_feed_consistent(store)
    # the scheduled reconciliation refolds the log: the checkpoint the triggers left, fold
    # state, counts and log digest, is exactly the refold's, so it writes nothing
    tx = store.snapshot()
    assert verify(tx, MATCH_ID).mode == "verified" and tx.written is None


def test_folding_a_whole_generated_match_ball_by_ball_equals_rebuilding_it():
    store = MemoryStore()
    for action in ACTIONS:
        run_trigger(store, write(store, action))
    assert without_version(store.live_score) == expected_live_score(MATCH, store.actions.items())
    assert store.live_score["status"] == "completed"


@pytest.mark.parametrize("path", real_match_params(["1269710", "1239543"], long=("1239543",)))
def test_folding_a_whole_real_match_ball_by_ball_equals_rebuilding_it(path: Path):
    match, actions = load_match(path, match_id=MATCH_ID)
    store = MemoryStore()
    store.match = to_document(match)
    for action in actions:
        run_trigger(store, write(store, action))
    assert without_version(store.live_score) == expected_live_score(match, store.actions.items())


def test_undoing_a_ball_of_the_current_over_reads_only_that_over():
    store = MemoryStore()
    for action in ACTIONS[:40]:
        run_trigger(store, write(store, action))
    last = ACTIONS[39]

    tx = run_trigger(store, void(store, last.id))

    assert store.runs[-1] == "rebuilt_over"
    assert tx.reads <= 12  # the checkpoint, the over's balls (extras included), the voids
    assert without_version(store.live_score) == truth(store)


def test_undoing_a_ball_of_an_earlier_over_refolds_from_its_page_of_the_log():
    store = MemoryStore()
    for action in ACTIONS[:40]:
        run_trigger(store, write(store, action))

    tx = run_trigger(store, void(store, ACTIONS[4].id))

    assert store.runs[-1] == "rebuilt_page"
    # the checkpoint, its page, the actions after the last one read, the two counts
    assert tx.reads == 5
    assert without_version(store.live_score) == truth(store)


def test_a_late_ball_of_the_current_over_is_folded_from_the_over_start():
    store = MemoryStore()
    late = ACTIONS[38]
    for action in ACTIONS[:40]:
        if action is not late:
            run_trigger(store, write(store, action))

    run_trigger(store, write(store, late))

    assert store.runs[-1] == "rebuilt_over"
    assert without_version(store.live_score) == truth(store)


def test_innings_ten_follows_innings_nine_in_the_log_order() -> None:
    match, actions = ten_innings()
    store = MemoryStore()
    store.match = to_document(match)
    for action in actions:
        run_trigger(store, write(store, action))
    truth = to_document(project(match, actions))
    assert truth["innings10"]["runs"] == 2
    assert truth["result"] == "Match tied (Home won the Super Over)"
    assert without_version(store.live_score) == without_version(truth)
    assert without_version(expected_live_score(match, store.actions.items())) == without_version(
        truth)


def test_the_functions_own_the_match_status_and_write_it_only_when_it_moves() -> None:
    store = MemoryStore()
    seen = []
    for action in ACTIONS:
        run_trigger(store, write(store, action))
        assert store.match["status"] == store.live_score["status"]
        if not seen or seen[-1] != store.live_score["status"]:
            seen.append(store.live_score["status"])
    # once completed, each change also moves completedVersion (the season's recount)
    moves = [s for n, s in enumerate(store.status_writes)
             if n == 0 or s != store.status_writes[n - 1]]
    assert moves == seen
    assert len(store.status_writes) - len(moves) == store.status_writes.count("completed") - 1
    assert seen[0] == "live" and seen[-1] == "completed" and "innings_break" in seen
    # the rules read the result from the match: a scorer may confirm it, not change it
    assert (store.match["resultType"], store.match["winnerId"]) == (
        store.live_score["resultType"], store.live_score["winnerId"]) == ("win", MATCH.teams[0].id)


def test_an_undo_of_the_last_wicket_reopens_the_match() -> None:
    store = MemoryStore()
    played = [a for a in ACTIONS if a.kind != "match_result"]  # the Laws decide the result
    for action in played:
        run_trigger(store, write(store, action))
    assert store.match["status"] == "completed"
    run_trigger(store, void(store, played[-1].id))
    assert store.match["status"] == store.live_score["status"] == "live"
    assert store.status_writes[-2:] == ["completed", "live"]


def test_a_late_ball_of_an_earlier_over_is_found_by_counting_the_log_and_folded() -> None:
    store = MemoryStore()
    late = SAMPLE[3]
    for action in SAMPLE:
        if action is not late:
            run_trigger(store, write(store, action))
    run_trigger(store, write(store, late))
    assert store.runs[-1] == "rebuilt_page"
    assert without_version(store.live_score) == expected_live_score(
        MATCH, list(store.actions.items()))
    run_trigger(store, ActionEvent(late.id, store.actions[late.id]))  # delivered again
    assert store.runs[-1] == "unchanged"


def test_a_checkpoint_of_another_match_or_of_garbage_is_not_trusted() -> None:
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    assert Checkpoint.from_document(store.checkpoint, "another-match") is None
    current = CHECKPOINT_FORMAT
    for garbage in ({"format": current, "data": "{"}, {"format": current, "data": 7},
                    {"format": str(current)}, {**store.checkpoint, "seal": None}):
        assert Checkpoint.from_document(garbage, MATCH_ID) is None
    store.checkpoint = {**store.checkpoint,
                        "data": store.checkpoint["data"].replace('"m1"', '"m2"')}
    run_trigger(store, write(store, SAMPLE[10]))
    assert store.runs[-1] == "rebuilt"


def test_a_stored_version_that_is_not_a_count_starts_again() -> None:
    from scorebook.service.live_score.write import stored_version

    for value, expected in ((7, 7), (7.0, 7), (float("inf"), 0), (1e300, 0), (-3, 0),
                            ("9", 0), (True, 0), (None, 0)):
        assert stored_version({"version": value}) == expected


def test_is_voided_1_is_not_a_void_but_a_bad_document() -> None:
    store = MemoryStore()
    for action in SAMPLE[:10]:
        run_trigger(store, write(store, action))
    odd = {**to_document(SAMPLE[10]), "isVoided": 1}
    store.actions[SAMPLE[10].id] = odd
    run_trigger(store, ActionEvent(SAMPLE[10].id, odd))
    codes = [p["code"] for p in store.live_score["integrity"]]
    assert "unparseable" in codes
    for action in SAMPLE[11:14]:
        run_trigger(store, write(store, action))
        assert store.runs[-1] == "folded"  # not a rebuild every ball


def test_a_projection_too_big_for_firestore_becomes_the_bare_score_and_the_runs_go_on() -> None:
    """Three 300,000-character player names (a team sheet an official may write) would make
    live/score and the checkpoint pass Firestore's 1 MiB: the score is kept, the names are
    not, the problem is reported, and every later ball still completes its run."""
    from scorebook.document import MAX_DOCUMENT_BYTES, document_size

    store = MemoryStore()
    teams = store.match["teams"]
    for player in teams[0]["players"][:3]:
        player["name"] = "N" * 300_000
    for action in SAMPLE[:20]:
        run_trigger(store, write(store, action))
        assert document_size(store.live_score) <= MAX_DOCUMENT_BYTES
        assert document_size(store.checkpoint) <= MAX_DOCUMENT_BYTES
    assert [p["code"] for p in store.live_score["integrity"]] == ["document_too_large"]
    expected = expected_live_score(MATCH, list(store.actions.items()))
    current = store.live_score["currentInnings"]
    assert (current["runs"], current["wickets"], current["balls"]) == (
        expected["currentInnings"]["runs"], expected["currentInnings"]["wickets"],
        expected["currentInnings"]["balls"])
    assert "folded" in store.runs  # the checkpoint still fits: the names are in it once


def test_a_checkpoint_too_big_to_store_is_not_stored_and_the_log_is_replayed() -> None:
    from scorebook.document import MAX_DOCUMENT_BYTES, document_size

    store = MemoryStore()
    for player in store.match["teams"][0]["players"][:4]:
        player["name"] = "N" * 300_000
    for action in SAMPLE[:5]:
        run_trigger(store, write(store, action))
        assert document_size(store.checkpoint) <= MAX_DOCUMENT_BYTES
    assert store.checkpoint["tooLarge"] and set(store.runs) == {"rebuilt"}
    assert store.live_score["version"] == 5  # still one more on every write
    # its counts, as the reconciliation compares them with the log's (a match left so is
    # dormant after a day, not refolded every five minutes for ever)
    assert (store.checkpoint["actions"], store.checkpoint["voided"]) == (5, 0)


def test_a_huge_id_is_not_copied_into_the_public_problems() -> None:
    store = MemoryStore()
    run_trigger(store, write(store, SAMPLE[0]))
    huge = "x" * 600_000
    store.actions[huge] = {"junk": True}
    run_trigger(store, ActionEvent(huge, {"junk": True}))
    (bad,) = [p for p in store.live_score["integrity"] if p["code"] != "sequence_gap"]
    assert len(bad["actionId"]) <= 128 and len(bad["message"]) <= 500


def test_a_match_edit_that_changes_nothing_the_fold_uses_writes_nothing() -> None:
    store = played()
    version = store.live_score["version"]
    store.match["venue"] = "Somewhere else"
    store.match["status"] = "live"  # what the functions write themselves
    tx = match_changed(store)
    assert store.runs[-1] == "unchanged" and tx.written is None
    assert store.live_score["version"] == version


def test_a_renamed_player_is_re_rendered_without_reading_the_log() -> None:
    store = played()
    player = store.match["teams"][0]["players"][0]
    player["name"] = "Renamed Player"
    tx = match_changed(store)
    assert store.runs[-1] == "renamed" and tx.reads <= 3  # checkpoint, match, lineups
    assert without_version(store.live_score) == expected_live_score(
        Match.model_validate(store.match), list(store.actions.items()))
    assert "Renamed Player" in json.dumps(store.live_score, default=str)


def test_a_keeper_toggled_is_re_rendered_without_reading_the_log() -> None:
    """Who keeps wicket marks a catch or a stumping in the dismissal's words; the fold never
    asks. Toggled three times, it cost three refolds of the whole log."""
    store = played()
    players = store.match["teams"][1]["players"]
    for keeper in (True, False, True):
        players[3]["isWicketkeeper"] = keeper
        tx = match_changed(store)
        assert store.runs[-1] == "renamed" and tx.reads <= 3  # checkpoint, match, lineups
        assert without_version(store.live_score) == expected_live_score(
            Match.model_validate(store.match), list(store.actions.items()))


def test_cutting_the_overs_refolds_the_log_at_once() -> None:
    store = played()
    store.match["scheduledOvers"] = 10
    match_changed(store)
    assert store.runs[-1] == "rebuilt"
    assert store.live_score["currentInnings"]["maxOvers"] == 10


class _Queried(MemoryStore):
    """A store whose runs say which reads of the log they made."""

    def snapshot(self) -> Any:
        tx = super().snapshot()
        asked = self.log_asked = []
        original = tx.actions_after

        def actions_after(after_id: str | None) -> list[tuple[str, dict[str, Any]]]:
            asked.append(after_id)
            return original(after_id)

        tx.actions_after = actions_after
        return tx


@pytest.mark.parametrize("queued", [2, 6])
def test_a_run_whose_event_waited_reads_the_next_places_by_id(queued: int) -> None:
    """Under load a match's balls wait behind its scorer's: the run of the first reads its
    place and the next ones by id (one read each), folds every ball there, and asks the log
    for more only when every place it read was written (on the emulator a query of the log
    scans every document of the database)."""
    store = _Queried()
    for action in SAMPLE[:5]:
        run_trigger(store, write(store, action))
    events = [write(store, action) for action in SAMPLE[5:5 + queued]]
    tx = run_trigger(store, replace(events[0], waited=2.0))
    assert store.runs[-1] == "folded"
    assert store.checkpoint["lastSeenId"] == SAMPLE[4 + queued].id
    assert store.log_asked == ([] if queued < NEXT_PLACES else [SAMPLE[8].id])
    for event in events[1:]:  # their runs find their balls folded
        run_trigger(store, event)
        assert store.runs[-1] == "unchanged"
    assert without_version(store.live_score) == truth(store)
    assert tx.reads >= NEXT_PLACES


def test_a_run_outside_a_snapshot_counts_the_voids_at_an_innings_and_once_the_match_is_decided(
        ) -> None:
    """The count of voided actions finds a void whose own run was lost. A run that folds
    outside a snapshot reads it after its commit when it began an innings, and, once the
    match has its result, in every run: the reconciliation passes a completed match by, so
    a void lost in the last over would otherwise stand. A new over alone does not count:
    the reconciliation finds such a void within five minutes."""
    store = MemoryStore()
    for action in SAMPLE[:-1]:
        run_trigger(store, write(store, action))
    checkpoint = Checkpoint.load(store.checkpoint, MATCH_ID)
    assert isinstance(checkpoint, Checkpoint)
    innings, over = checkpoint.overStartKey
    assert over > 0 and decide_result(checkpoint.state) is None
    assert not counts_voids(checkpoint, [innings, over])  # the same over
    assert not counts_voids(checkpoint, [innings, over - 1])  # an over begun
    assert counts_voids(checkpoint, [innings - 1, 19])  # an innings begun
    assert counts_voids(checkpoint, [])  # the match's first fold
    whole = MemoryStore()
    for action in ACTIONS:
        run_trigger(whole, write(whole, action))
    decided = Checkpoint.load(whole.checkpoint, MATCH_ID)
    assert isinstance(decided, Checkpoint) and decided.overStartKey
    assert counts_voids(decided, list(decided.overStartKey))
