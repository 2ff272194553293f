"""What the validation tests write (tests/rules/test_validation*.py): valid actions signed by
the match's scorer, and the ways the scoring app writes them (a correction, then the void
that names it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scorebook.actions import parse_action
from scorebook.document import to_document
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import (
    void_action,
)
from tests.rules.world import (
    PERSONAS,
    World,
)

SCORER = PERSONAS["scorer"]
ADMIN = PERSONAS["admin"]
HOME = PERSONAS["home_official"]


def accepted(call: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    call(*args, **kwargs)


def create_action(world: World, doc: dict, as_: FirestoreRest | None = None) -> None:
    client = as_ or SCORER.client()
    client.create(f"matches/{world.match_id}/scoring_actions", doc["id"], doc)


def ball(world: World, seq: int = 1, **fields: Any) -> dict:
    """A valid delivery document (one run) at `seq`, signed by the scorer."""
    return to_document(world.delivery(SCORER.me, seq)) | fields


def correct(world: World, correction: dict) -> None:
    """Write `correction` as the scoring app does: the correction, then the void of the
    action it corrects, which names it (`correctedBy`). (Apps may batch the two; a batch
    shares the rules' budget of 1,000 expressions, which the heaviest ball and its void
    together pass.)"""
    create_action(world, correction)
    void_action(SCORER.client(), world.match_id, correction["corrects"], "corrected",
                uid=SCORER.me, corrected_by=correction["id"])


def event(world: World, kind: str, seq: int = 1, **fields: Any) -> dict:
    """A valid non-delivery action document of `kind` at `seq`, signed by the scorer."""
    base = to_document(world.delivery(SCORER.me, seq))
    base = {k: base[k] for k in ("id", "matchId", "inningsNumber", "sequenceNumber",
                                 "timestamp", "recordedBy")}
    return to_document(parse_action(base | {"kind": kind} | fields))


def extras(**runs: int) -> dict:
    """A delivery's extras: none but `runs`."""
    return {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0} | runs


def out(kind: str, who: str = "striker", **more: Any) -> dict:
    """A delivery's wicket fields: `who` out `kind`."""
    return {"isWicket": True, "wicket": {"type": kind, "dismissedPlayerId": who} | more}
