"""How the trigger decides to bring live/score in line, before it reads anything more than
the checkpoint: the cheapest step that may do (fold the next ball, resume from the over's
start, from the log's page, or replay the log), then its fallbacks, as one table."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.service.live_score import ActionEvent, Checkpoint, Plan, fold_documents, plan
from scorebook.service.live_score.decide import follows
from scorebook.service.log_pages import PAGE_ACTIONS
from scorebook.state import initial_state
from scorebook_tools.generated_match import generated_match

MATCH, ACTIONS = load_match(generated_match(), match_id="m1")
# The first seven overs and a bit; ACTIONS[34:41] is over 6 (index 5), the current over.
SCORED = ACTIONS[:40]


def scored(actions=SCORED) -> Checkpoint:
    checkpoint = Checkpoint(state=initial_state(MATCH))
    fold_documents(checkpoint, MATCH.id, [(a.id, to_document(a)) for a in actions])
    return checkpoint


def voided(action) -> ActionEvent:
    return ActionEvent(action.id, {**to_document(action), "isVoided": True})


def edited(action, **changes) -> ActionEvent:
    """An admin's edit in place (the rules allow no client one): the trigger sees both."""
    before = to_document(action)
    return ActionEvent(action.id, {**before, **changes}, before=before)


def ball(action) -> ActionEvent:
    return ActionEvent(action.id, to_document(action))


def without(late) -> Checkpoint:
    return scored([a for a in SCORED if a is not late])


#: a change after the over's start can resume from there; before it, from the log's page
FOLD = ("fold", "resume_page", "rebuild")
FOLD_IN_OVER = ("fold", "resume_over", "resume_page", "rebuild")
OVER = ("resume_over", "resume_page", "rebuild")
PAGE = ("resume_page", "rebuild")
LAST, EARLIER = SCORED[-1], SCORED[4]

#: what happened -> the checkpoint, the trigger's event, force -> the plan
CASES: dict[str, tuple[Callable[[], Checkpoint | None], ActionEvent | None, bool, Plan]] = {
    "the next ball": (scored, ball(ACTIONS[40]), False, Plan(FOLD_IN_OVER)),
    "a reconciliation": (scored, None, False, Plan(FOLD)),
    # a ball of the current over the checkpoint has read as it is
    "the last ball delivered twice": (scored, ball(LAST), False, Plan((), "folded already")),
    "no usable checkpoint": (lambda: None, ActionEvent("1-0001", {}), False,
                             Plan(("rebuild",), "no usable checkpoint")),
    "an admin's repair": (scored, None, True, Plan(("rebuild",), "rebuild requested")),
    "an undo in the current over": (
        scored, voided(LAST), False,
        Plan(OVER, f"action {LAST.id} was voided after it was folded")),
    "an undo of an earlier over": (
        scored, voided(EARLIER), False,
        Plan(PAGE, f"action {EARLIER.id} was voided after it was folded")),
    "a late ball of the current over": (
        lambda: without(SCORED[37]), ball(SCORED[37]), False,
        Plan(OVER, f"action {SCORED[37].id} arrived after later ones were folded")),
    # before the current over the checkpoint keeps counts, not ids (its size must not grow
    # with the log): a late ball and a trigger delivered twice look alike until the fold
    # counts the log, and hands on to the page when the counts disagree
    "a late ball of an earlier over": (lambda: without(SCORED[3]), ball(SCORED[3]), False,
                                       Plan(FOLD)),
    "a deleted ball": (scored, ActionEvent(SCORED[2].id, None), False,
                       Plan(PAGE, f"action {SCORED[2].id} was deleted")),
    "a ball never folded, deleted": (scored, ActionEvent("1-0999", None), False,
                                     Plan(FOLD_IN_OVER)),
    "an earlier over's ball edited in place": (
        scored, edited(EARLIER, runsOffBat=EARLIER.runsOffBat + 4), False,
        Plan(PAGE, f"action {EARLIER.id} was edited after it was folded")),
    "a ball of this over edited in place": (
        scored, edited(LAST, bowlerId="someone-else"), False,
        Plan(OVER, f"action {LAST.id} was edited after it was folded")),
    "a write that changes nothing": (scored, edited(EARLIER), False, Plan(FOLD)),
}


@pytest.mark.parametrize("case", CASES)
def test_the_plan(case: str) -> None:
    checkpoint, event, force, expected = CASES[case]
    assert plan(checkpoint(), event, force=force) == expected


def test_the_checkpoint_does_not_grow_with_the_log() -> None:
    def record(checkpoint: Checkpoint) -> int:
        """The size of what the checkpoint keeps beside the two fold states (which hold the
        scorecard, and grow with the overs as live/score does)."""
        data = json.loads(checkpoint.to_document("folded")["data"])
        data.pop("state")
        data["overStart"].pop("state")
        return len(json.dumps(data))

    short, long = scored(ACTIONS[:40]), scored(ACTIONS)
    assert long.count == len(ACTIONS) and len(long.overSeen) <= 12
    # but for where each page of the log starts (one per PAGE_ACTIONS actions or so, in the
    # state and the over's snapshot): about 23 in a five-day Test
    added_pages = len(long.pages) - len(short.pages)
    assert added_pages <= len(ACTIONS) // PAGE_ACTIONS
    assert record(long) - record(short) < 100 + 2 * 80 * added_pages
    assert long.to_document("folded")["data"].count('"ballsPerOver"') == 1  # config once


def test_the_log_digest_stays_one_hash_however_long_the_log() -> None:
    short, long = scored(ACTIONS[:40]), scored(ACTIONS)
    assert len(short.logDigest) == len(long.logDigest) == 64
    assert short.logDigest != long.logDigest


def test_the_place_after_the_last_one_read() -> None:
    """A run folds the usual next ball by reading it, not the log: the place after the
    checkpoint's last one in its innings, and after none the empty log's first."""
    assert follows(None, "1-0001") and follows("1-0041", "1-0042")
    assert not follows(None, "1-0002") and not follows(None, "2-0001")
    assert not follows("1-0041", "1-0043") and not follows("1-0041", "2-0001")
    assert not follows("1-0041-c1", "1-0042")  # a correction's place is not a position's
