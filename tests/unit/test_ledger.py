"""The ledger (scorebook.ledger), pure: a chain built change by change verifies against the
log it was built from, and any one tampering (an action edited, a void undone, an action
deleted, an entry edited, removed or reordered) is found at the first entry it touches. And
the projection's runs (scorebook.service.live_score) keep it, through folds, undos, late
balls and rebuilds."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scorebook.ledger import LedgerHead, changes_of, verify
from scorebook.service.live_score import MAX_LEDGER_ENTRIES
from scorebook.service.live_score import verify as verify_projection
from tests.unit.service.memory_store import (
    ACTIONS,
    MATCH_ID,
    SAMPLE,
    MemoryStore,
    run_trigger,
    void,
    write,
)


def ball(n: int) -> tuple[str, dict[str, Any]]:
    return f"1-{n:04d}", {"id": f"1-{n:04d}", "runsOffBat": n % 7, "isVoided": False}


def build(steps: list[tuple[str, int]]) -> tuple[list[dict[str, Any]], dict[str, dict]]:
    """A log written by `steps` (("ball", n) appends ball n, ("void", n) voids it), and the
    ledger entries the functions would have written for it, one run per step."""
    head, log, entries = LedgerHead(), {}, []
    for step, n in steps:
        doc_id, doc = ball(n)
        if step == "ball" and doc_id not in log:
            log[doc_id] = doc
            entries += head.extend("m", changes_of([(doc_id, doc)], head))
        elif step == "void" and doc_id in log and not log[doc_id]["isVoided"]:
            log[doc_id] = log[doc_id] | {"isVoided": True, "voidReason": "undo"}
            entries += head.extend("m", changes_of([(doc_id, log[doc_id])], head, {doc_id}))
    return entries, log


steps = st.lists(st.tuples(st.sampled_from(["ball", "ball", "void"]),
                           st.integers(min_value=1, max_value=12)), min_size=1, max_size=30)


@given(steps)
def test_a_chain_built_change_by_change_verifies(plan: list[tuple[str, int]]) -> None:
    entries, log = build(plan)
    report = verify("m", entries, log, entries[-1]["hash"] if entries else None)
    assert report.ok, report.problem
    assert report.entries == len(entries) == len(log) + sum(d["isVoided"] for d in log.values())


@given(steps.filter(lambda p: sum(s == "ball" for s, _ in p) >= 3), st.data())
def test_any_one_tampering_is_found_at_its_entry(plan: list[tuple[str, int]], data) -> None:
    entries, log = build(plan)
    i = data.draw(st.integers(min_value=0, max_value=len(entries) - 1))
    target = entries[i]["actionId"]
    kind = data.draw(st.sampled_from(["edit action", "delete action", "edit entry",
                                      "drop entry", "swap entries", "unvoid", "other match"]))
    entries, log = copy.deepcopy(entries), copy.deepcopy(log)
    first_of_target = next(e["n"] for e in entries if e["actionId"] == target)
    match_id = "m"
    if kind == "edit action":
        log[target]["runsOffBat"] += 1
        expected = ("action_changed", first_of_target)
    elif kind == "delete action":
        del log[target]
        expected = ("action_missing", first_of_target)
    elif kind == "edit entry":
        entries[i]["digest"] = "0" * 64
        expected = ("entry_altered", i + 1)
    elif kind == "drop entry":
        del entries[i]
        # the last one: only what it entered, now without an entry, tells
        expected = ("out_of_order", i + 1) if i < len(entries) else ("not_in_ledger", None)
    elif kind == "swap entries":
        j = (i + 1) % len(entries)
        if i == j:
            return
        entries[i], entries[j] = entries[j], entries[i]
        expected = ("out_of_order", min(i, j) + 1)
    elif kind == "unvoid":
        voided = [e for e in entries if e["change"] == "void"]
        if not voided:
            return
        log[voided[0]["actionId"]]["isVoided"] = False
        expected = ("void_changed", voided[0]["n"])
    else:
        match_id = "another match"  # the chain starts from its own match
        expected = ("out_of_order", 1)
    report = verify(match_id, entries, log, None)
    assert report.problem is not None, kind
    assert (report.problem.code, report.problem.n) == expected, (kind, report.problem)


def test_a_head_kept_by_a_spectator_finds_a_ledger_rewritten_from_scratch() -> None:
    entries, log = build([("ball", 1), ("ball", 2), ("ball", 3)])
    kept = entries[-1]["hash"]
    log["1-0002"]["runsOffBat"] = 6
    head = LedgerHead()
    rewritten = head.extend("m", changes_of(sorted(log.items()), head))
    assert verify("m", rewritten, log).ok  # consistent with itself...
    assert verify("m", rewritten, log, kept).problem.code == "head_mismatch"  # ...not with it


def test_the_projection_keeps_the_ledger_through_undos_late_balls_and_rebuilds() -> None:
    store = MemoryStore()
    late = SAMPLE[5]
    for action in SAMPLE[:20]:
        if action is not late:
            run_trigger(store, write(store, action))
    run_trigger(store, write(store, late))  # a late ball: the over is rebuilt
    run_trigger(store, void(store, SAMPLE[18].id))  # an undo in the current over
    run_trigger(store, void(store, SAMPLE[2].id))  # an undo of an earlier over: a rebuild
    run_trigger(store, void(store, SAMPLE[2].id))  # delivered twice
    store.checkpoint = None  # a checkpoint lost: the ledger is read to know what it has
    run_trigger(store, write(store, SAMPLE[20]))

    report = verify(MATCH_ID, store.ledger, store.actions, store.live_score["chainHead"])
    assert report.ok, report.problem
    changes = [(e["change"], e["actionId"]) for e in store.ledger]
    assert changes.count(("append", late.id)) == 1
    assert changes[-3:] == [("void", SAMPLE[18].id), ("void", SAMPLE[2].id),
                            ("append", SAMPLE[20].id)]
    assert len(store.ledger) == 21 + 2


def test_a_log_from_before_the_ledger_is_entered_a_slice_a_run() -> None:
    """A commit takes at most 500 writes: a long log written before the ledger existed (or
    while the functions were down) is entered MAX_LEDGER_ENTRIES changes a run, by the
    reconciliation's runs, until the chain covers it."""
    store = MemoryStore()
    for action in ACTIONS:  # the whole match, no trigger run
        write(store, action)
    assert len(ACTIONS) > MAX_LEDGER_ENTRIES
    run_trigger(store, None)  # the reconciliation, or any first run: a rebuild
    assert len(store.ledger) == MAX_LEDGER_ENTRIES
    runs = 0
    while len(store.ledger) < len(ACTIONS):
        tx = store.snapshot()
        outcome = verify_projection(tx, MATCH_ID)  # the reconciliation finds the ledger short
        assert outcome.mode == "rebuilt", outcome
        assert store.commit(tx)
        runs += 1
    assert runs == -(-(len(ACTIONS) - MAX_LEDGER_ENTRIES) // MAX_LEDGER_ENTRIES)
    report = verify(MATCH_ID, store.ledger, store.actions, store.live_score["chainHead"])
    assert report.ok, report.problem


def test_an_entry_forged_at_the_tail_is_reported_and_the_chain_goes_on_after_it() -> None:
    """A self-consistent entry appended with admin rights took the next `n`: every run lost
    its race for it, and live/score stood still. The run after the lost one reads past the
    head, chains on after the stranger, and reports it; the verifier names it."""
    store = MemoryStore()
    for action in SAMPLE[:5]:
        run_trigger(store, write(store, action))
    last = store.ledger[-1]
    forged = LedgerHead(n=last["n"], hash=last["hash"]).extend(
        MATCH_ID, [("append", SAMPLE[1].id, store.actions[SAMPLE[1].id])])[0]
    store.ledger.append(forged)

    tx = run_trigger(store, write(store, SAMPLE[5]))
    assert store.live_score["lastActionId"] == SAMPLE[5].id  # folded in the same run
    assert tx.ledger[0]["n"] == forged["n"] + 1 and tx.ledger[0]["prev"] == forged["hash"]
    problems = [p for p in store.live_score["integrity"] if p["code"] == "ledger_foreign_entry"]
    assert len(problems) == 1 and f"entry {forged['n']} " in problems[0]["message"]
    run_trigger(store, write(store, SAMPLE[6]))  # and on, without another lost race
    assert store.runs[-1] == "folded"
    report = verify(MATCH_ID, store.ledger, store.actions, store.live_score["chainHead"])
    assert (report.problem.code, report.problem.n) == ("entered_twice", forged["n"])
