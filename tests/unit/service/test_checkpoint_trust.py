"""A checkpoint is trusted only if it belongs to its match and its log.

The checkpoint (`projection/state`) carries a digest of the log prefix it folded and a seal
over what it holds. Every run checks the seal for free (a hand edit that does not recompute
it, or a checkpoint copied from another match, is rebuilt from the log); a verification
(the scheduled reconciliation, `rebuild_projections.py --verify`) refolds the log and
compares, which finds the rest: an edit that recomputed the seal, an action edited in place
whose trigger run was lost, a live/score edited by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.service.live_score import (
    CHECKPOINT_FORMAT,
    ActionEvent,
    Checkpoint,
    Untrusted,
    chain_log_digest,
    log_digest_seed,
    maintain,
    stored_seal,
    verify,
)
from scorebook_tools.generated_match import generated_match
from tests.unit.service.memory_store import (
    ACTIONS,
    MATCH_ID,
    SAMPLE,
    MemoryStore,
    MemoryTx,
    run_trigger,
    truth,
    void,
    without_version,
    write,
)


def played(n: int = 20) -> MemoryStore:
    store = MemoryStore()
    for action in SAMPLE[:n]:
        run_trigger(store, write(store, action))
    return store


def edited(checkpoint: dict[str, Any], change, reseal: bool = False) -> dict[str, Any]:
    """The checkpoint with `change` applied to its stored state, as an admin would edit it
    in the console (the seal left alone), or as one who read this code would (`reseal`)."""
    data = json.loads(checkpoint["data"])
    change(data)
    text = json.dumps(data)
    result = {**checkpoint, "data": text}
    if reseal:
        result["seal"] = stored_seal(result, data["state"]["config"]["matchId"])
    return result


def plus_500_runs(data: dict[str, Any]) -> None:
    data["state"]["innings"][-1]["runs"] += 500


def run_verify(store: MemoryStore, repair: bool = True) -> tuple[str, str, MemoryTx]:
    tx = store.snapshot()
    outcome = verify(tx, MATCH_ID, repair=repair)
    assert store.commit(tx)
    store.runs.append(outcome.mode)
    return outcome.mode, outcome.reason, tx


# --- the digest and the seal, pure -----------------------------------------------------------


def test_the_log_digest_is_chained_and_starts_from_the_match() -> None:
    doc = to_document(SAMPLE[1])
    one = chain_log_digest(log_digest_seed("m1"), "1-0002", doc)
    assert one == chain_log_digest(log_digest_seed("m1"), "1-0002", dict(reversed(doc.items())))
    assert one != chain_log_digest(log_digest_seed("m2"), "1-0002", doc)  # another match
    assert one != chain_log_digest(log_digest_seed("m1"), "1-0003", doc)  # another position
    assert one != chain_log_digest(log_digest_seed("m1"), "1-0002", {**doc, "isVoided": True})
    more_runs = {**doc, "runsOffBat": doc["runsOffBat"] + 1}
    assert one != chain_log_digest(log_digest_seed("m1"), "1-0002", more_runs)
    assert len(one) == 64  # constant size, however long the log


def test_a_timestamp_does_not_hash_like_its_text() -> None:
    when = dt.datetime(2026, 11, 22, 14, 0, tzinfo=dt.UTC)
    seed = log_digest_seed("m1")
    assert chain_log_digest(seed, "1-0001", {"at": when}) != chain_log_digest(
        seed, "1-0001", {"at": when.isoformat()})
    assert chain_log_digest(seed, "1-0001", {"at": when}) == chain_log_digest(
        seed, "1-0001", {"at": dt.datetime(2026, 11, 22, 14, 0, tzinfo=dt.UTC)})


def test_folding_ball_by_ball_gives_the_digest_of_a_refold_of_the_same_log() -> None:
    store = played(len(SAMPLE))
    digest = log_digest_seed(MATCH_ID)
    for doc_id, data in sorted(store.actions.items()):
        digest = chain_log_digest(digest, doc_id, data)
    assert store.checkpoint["logDigest"] == digest
    assert Checkpoint.from_document(store.checkpoint, MATCH_ID).logDigest == digest


def test_the_checkpoint_says_why_it_is_not_trusted() -> None:
    store = played(10)
    stored = store.checkpoint
    cases = {
        "no checkpoint yet": (None, False),
        "format 6": ({**stored, "format": 6}, False),
        "too big": ({"format": 0, "tooLarge": True, "version": 3}, False),
        "damaged": ({**stored, "data": "{"}, True),
        "copied": ({**stored}, True),  # loaded as another match's
        "seal": (edited(stored, plus_500_runs), True),
        "seal ": ({**stored, "seal": "é" * 64}, True),  # not even ASCII: no exception
    }
    for words, (document, suspicious) in cases.items():
        match_id = "another-match" if words == "copied" else MATCH_ID
        loaded = Checkpoint.load(document, match_id)
        assert isinstance(loaded, Untrusted), words
        assert words.strip() in loaded.reason and loaded.suspicious == suspicious, loaded
    assert isinstance(Checkpoint.load(stored, MATCH_ID), Checkpoint)
    assert stored["format"] == CHECKPOINT_FORMAT


# --- every run: the seal ---------------------------------------------------------------------


def test_a_checkpoint_edited_by_hand_is_not_trusted() -> None:
    store = played(20)
    store.checkpoint = edited(store.checkpoint, plus_500_runs)  # +500 runs, seal left alone

    published = len(store.events)
    tx = run_trigger(store, write(store, SAMPLE[20]))

    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)
    # checkpoint, match and lineups, the log, the feed it checks, and the ledger (which of
    # the log's changes it has: the checkpoint that said so is not trusted) and the open
    # disputes (which it remembered too); no count
    assert tx.reads == 1 + 2 + 21 + published + 20 + 1


def other_match_checkpoint(balls: int) -> dict[str, Any]:
    """The checkpoint of match m2 (the same teams and play) after `balls` actions."""
    other_match, other_actions = load_match(generated_match(), match_id="m2")
    other = MemoryStore()
    other.match = to_document(other_match)
    for action in other_actions[:balls]:
        data = to_document(action)
        other.actions[action.id] = data
        tx = other.snapshot()
        maintain(tx, "m2", ActionEvent(action.id, data))
        assert other.commit(tx)
    return other.checkpoint


def test_a_checkpoint_copied_from_another_match_is_not_trusted() -> None:
    store = played(20)
    store.checkpoint = other_match_checkpoint(60)  # further on, and richer

    run_trigger(store, write(store, SAMPLE[20]))

    assert store.runs[-1] == "rebuilt"
    assert without_version(store.live_score) == truth(store)
    assert store.checkpoint["lastSeenId"] == SAMPLE[20].id


# --- an edit in place of an action already folded ---------------------------------------------


def edit_in_place(store: MemoryStore, action_id: str, **changes: Any) -> ActionEvent:
    before = store.actions[action_id]
    after = {**before, **changes}
    store.actions[action_id] = after
    return ActionEvent(action_id, after, before=before)


def four_runs_more(store: MemoryStore, index: int) -> dict[str, Any]:
    doc = store.actions[SAMPLE[index].id]
    return {"runsOffBat": doc["runsOffBat"] + 4, "totalRuns": doc["totalRuns"] + 4}


def test_an_action_of_an_earlier_over_edited_in_place_is_refolded_by_its_trigger() -> None:
    store = played(40)
    event = edit_in_place(store, SAMPLE[5].id, **four_runs_more(store, 5))

    run_trigger(store, event)

    assert store.runs[-1] == "rebuilt_page"  # from the start of its page of the log
    assert without_version(store.live_score) == truth(store)


def test_an_action_of_the_current_over_edited_in_place_is_refolded_from_the_over_start() -> None:
    store = played(40)
    event = edit_in_place(store, SAMPLE[39].id, **four_runs_more(store, 39))

    run_trigger(store, event)

    assert store.runs[-1] == "rebuilt_over"
    assert without_version(store.live_score) == truth(store)


def test_a_create_delivered_twice_is_still_not_an_edit() -> None:
    store = played(40)
    run_trigger(store, ActionEvent(SAMPLE[5].id, store.actions[SAMPLE[5].id]))
    assert store.runs[-1] == "unchanged"
    event = void(store, SAMPLE[5].id)
    run_trigger(store, ActionEvent(event.action_id, event.after,
                                   before={**event.after, "isVoided": False}))
    assert store.runs[-1] == "rebuilt_page"


# --- verification: a refold of the whole log --------------------------------------------------


def test_verification_of_a_match_scored_ball_by_ball_writes_nothing() -> None:
    store = MemoryStore()
    for action in ACTIONS:
        run_trigger(store, write(store, action))
    run_trigger(store, void(store, ACTIONS[30].id))
    run_trigger(store, void(store, ACTIONS[-3].id))

    mode, reason, tx = run_verify(store)

    assert (mode, reason, tx.written) == ("verified", "", None)
    # checkpoint, match, lineups, the log, the feed, live/score, the log's pages
    assert tx.reads == 1 + 2 + len(ACTIONS) + len(store.events) + 1 + len(store.pages)


def test_reconciliation_rebuilds_a_checkpoint_whose_log_changed_under_it() -> None:
    store = played(40)
    edit_in_place(store, SAMPLE[5].id, **four_runs_more(store, 5))  # its trigger run is lost
    run_trigger(store, None)  # counts and ids agree: a run that reads no log cannot see it
    assert store.runs[-1] == "unchanged"
    assert not verify(store.snapshot(), MATCH_ID, repair=False).suspicious  # an admin's edit

    mode, reason, _ = run_verify(store)

    assert mode == "rebuilt" and "digest" in reason
    assert without_version(store.live_score) == truth(store)
    assert run_verify(store)[0] == "verified"  # and a second verification finds it right


def test_a_hand_edit_that_recomputes_the_seal_is_found_by_verification() -> None:
    store = played(20)
    store.checkpoint = edited(store.checkpoint, plus_500_runs, reseal=True)
    run_trigger(store, write(store, SAMPLE[20]))  # the seal holds: the next ball trusts it
    assert store.runs[-1] == "folded"
    assert store.live_score["currentInnings"]["runs"] >= 500
    assert verify(store.snapshot(), MATCH_ID, repair=False).suspicious  # logged as a warning

    mode, reason, _ = run_verify(store)

    assert mode == "rebuilt" and "fold state differs" in reason
    assert without_version(store.live_score) == truth(store)


def test_a_checkpoint_copied_and_resealed_for_this_match_is_found_by_verification() -> None:
    """The same play, the same counts, the same fold state once its match id is rewritten
    and the seal recomputed: only the digest tells that it folded another match's log."""
    store = played(20)

    def renamed(data: dict[str, Any]) -> None:
        data["state"]["config"]["matchId"] = MATCH_ID

    store.checkpoint = edited(other_match_checkpoint(20), renamed, reseal=True)
    assert isinstance(Checkpoint.load(store.checkpoint, MATCH_ID), Checkpoint)

    mode, reason, _ = run_verify(store)

    assert mode == "rebuilt" and "digest" in reason
    assert without_version(store.live_score) == truth(store)


def test_a_live_score_edited_by_hand_is_found_by_verification() -> None:
    store = played(20)
    store.live_score = {**store.live_score, "currentInnings": {
        **store.live_score["currentInnings"], "runs": 999}}

    mode, reason, _ = run_verify(store, repair=False)
    assert mode == "mismatch" and "currentInnings" in reason
    assert store.live_score["currentInnings"]["runs"] == 999  # a check writes nothing

    mode, _, _ = run_verify(store)
    assert mode == "rebuilt"
    assert without_version(store.live_score) == truth(store)


def test_verification_rebuilds_a_late_ball_whose_run_was_lost() -> None:
    store = MemoryStore()
    for action in SAMPLE:
        if action is not SAMPLE[10]:
            run_trigger(store, write(store, action))
    write(store, SAMPLE[10])  # written late, and its trigger run is lost

    mode, reason, _ = run_verify(store)

    assert mode == "rebuilt" and "the log has" in reason
    assert without_version(store.live_score) == truth(store)


def test_live_score_is_compared_on_the_fields_the_projection_owns() -> None:
    from scorebook.service.live_score import live_score_differences

    store = played(20)
    current = {**store.live_score, "ballHistory": [{"runs": 4}]}  # a legacy app's, kept
    expected = without_version(truth(store))
    assert live_score_differences(current, expected) == []
    assert live_score_differences({**current, "innings50": {"runs": 7}}, expected) == [
        "innings50: not in the log"]
    assert live_score_differences({**current, "status": "completed"}, expected) == [
        "status: differs"]
    assert "result: missing" in live_score_differences(
        {k: v for k, v in current.items() if k != "result"}, expected)


def test_a_match_change_whose_run_was_lost_is_refolded_and_not_taken_for_tampering() -> None:
    store = played(20)
    store.match["scheduledOvers"] = 10  # its trigger run is lost

    tx = store.snapshot()
    outcome = verify(tx, MATCH_ID)
    assert store.commit(tx)

    assert outcome.mode == "rebuilt" and not outcome.suspicious
    assert "the match or a lineup changed" in outcome.reason
    assert store.live_score["currentInnings"]["maxOvers"] == 10
