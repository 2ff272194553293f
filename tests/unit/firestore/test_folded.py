"""What an instance remembers of the actions its runs folded (scorebook.firestore.folded): an
event that creates the very document a run folded needs no run; any other event does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scorebook.firestore import folded
from scorebook.service.live_score.ports import ActionEvent

BALL = {"kind": "delivery", "isVoided": False}
T = datetime(2026, 11, 25, 10, tzinfo=UTC)


def created(action_id: str, at: datetime = T) -> ActionEvent:
    return ActionEvent(action_id=action_id, after=BALL, before=None, created=at)


def test_a_create_of_a_document_folded_here_needs_no_run_and_nothing_else_is_answered() -> None:
    folded.forget()
    folded.remember("m1", [("1-0001", T), ("1-0002", T), ("1-0003", None)])
    assert folded.folded_here("m1", created("1-0002"))
    assert not folded.folded_here("m1", created("1-0003"))  # its time unknown
    assert not folded.folded_here("m1", created("1-0004"))  # not read yet
    assert not folded.folded_here("m2", created("1-0002"))  # another match
    # the same place, another document: deleted and written again, or a database emptied
    assert not folded.folded_here("m1", created("1-0002", T + timedelta(seconds=1)))
    assert not folded.folded_here("m1", ActionEvent(action_id="1-0002", after=BALL))
    voided = ActionEvent(action_id="1-0002", after={**BALL, "isVoided": True}, before=BALL,
                         created=T)
    assert not folded.folded_here("m1", voided)  # an update: the run decides
    deleted = ActionEvent(action_id="1-0002", after=None, before=BALL)
    assert not folded.folded_here("m1", deleted)
    assert not folded.folded_here("m1", None)  # the reconciliation's own run
    folded.forget("m1")
    assert not folded.folded_here("m1", created("1-0001"))


def test_the_memory_is_bounded_by_match_and_by_action() -> None:
    folded.forget()
    folded.remember("busy", [(f"1-{n:04d}", T) for n in range(1, folded.PER_MATCH + 101)])
    assert not folded.folded_here("busy", created("1-0001"))  # the oldest went first
    assert folded.folded_here("busy", created(f"1-{folded.PER_MATCH + 100:04d}"))
    for n in range(folded.MATCHES + 1):
        folded.remember(f"m{n}", [("1-0001", T)])
    assert not folded.folded_here("busy", created(f"1-{folded.PER_MATCH + 100:04d}"))
    assert folded.folded_here(f"m{folded.MATCHES}", created("1-0001"))
    folded.forget()


def test_the_checkpoint_last_seen_is_the_last_one_and_is_bounded_by_match() -> None:
    folded.forget()
    folded.seen("m0", ({"seal": "a"}, T))
    folded.seen("m0", ({"seal": "b"}, T + timedelta(seconds=1)))
    assert folded.last_seen("m0") == ({"seal": "b"}, T + timedelta(seconds=1))
    folded.seen("m0", None)  # a run that wrote part of it: unknown
    assert folded.last_seen("m0") is None
    for n in range(folded.MATCHES + 1):
        folded.seen(f"m{n}", ({"seal": str(n)}, T))
    assert folded.last_seen("m0") is None and folded.last_seen("m1") is not None
    folded.forget("m1")
    assert folded.last_seen("m1") is None
    folded.forget()
    assert folded.last_seen(f"m{folded.MATCHES}") is None


def test_an_instance_remembers_a_league_saturday() -> None:
    """100 matches at once on one instance (the load run's): the first one's actions are
    still known when the hundredth's are folded, its checkpoint object kept and its cards
    rendered (with room for 64, each next event of the first read the checkpoint again)."""
    from scorebook.service.live_score.checkpoint import RecentCheckpoints
    from scorebook.service.live_score.render import RecentScorecards

    folded.forget()
    cards = RecentScorecards()
    first = cards.of("m0")
    for n in range(100):
        folded.remember(f"m{n}", [("1-0001", T)])
        cards.of(f"m{n}")
    assert folded.folded_here("m0", created("1-0001"))
    assert cards.of("m0") is first
    assert RecentCheckpoints().size >= 100
    folded.forget()
