"""The valid match each garbage example starts from (tests/emulator/test_garbage.py): its
documents, and the checkpoint and live/score the functions would have made of them, folded
by the service over those documents in memory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from scorebook.actions import is_voided, log_position
from scorebook.document import to_document
from scorebook.match import player_entries
from scorebook.service.lineups import next_lineups_document
from scorebook.service.live_score import maintain
from scorebook.views.lineups import lineup_rules, project_lineups
from tests.unit.factories import T0, Book, make_match


@dataclass
class Seed:
    match_id: str
    match: dict[str, Any]
    lineups: dict[str, dict[str, Any]]
    actions: dict[str, dict[str, Any]]
    next_action: tuple[str, dict[str, Any]]
    later_action: tuple[str, dict[str, Any]]
    checkpoint: dict[str, Any] = field(default_factory=dict)
    live_score: dict[str, Any] = field(default_factory=dict)
    live_lineups: dict[str, Any] = field(default_factory=dict)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    pages: dict[int, dict[str, Any]] = field(default_factory=dict)


class MemoryTx:
    """The service's ProjectionTx over documents in memory: how the seed gets the checkpoint
    and live/score the functions would have written for it."""

    def __init__(self, seed: Seed) -> None:
        self.seed = seed
        self.checks_after_commit = False

    def match(self):
        return self.seed.match

    def lineups(self):
        return list(self.seed.lineups.items())

    def checkpoint(self):
        return None

    def actions_after(self, after_id):
        return [(i, d) for i, d in self.seed.actions.items()
                if after_id is None or log_position(i) > log_position(after_id)]

    def read_ahead(self, action_ids):
        pass

    def voided_count(self):
        return sum(is_voided(d) for d in self.seed.actions.values())

    def voided_actions(self):
        return [(i, d) for i, d in self.seed.actions.items() if is_voided(d)]

    def pages(self, first, end):  # pragma: no cover - a seed is refolded from its log
        return [self.seed.pages.get(k) for k in range(first, end)]

    def action_count(self):
        return len(self.seed.actions)

    def published_events(self, after_seq):
        return []  # the seed's feed is not under test

    def open_disputes(self):
        return []

    def ledger_after(self, n):
        return []

    def ledger_entries(self):
        return self.seed.ledger

    # whole documents: what an update of the changes leaves
    def write(self, checkpoint, live_score, match_fields=None, feed=None, ledger=None, *,
              previous=None, pages=None, counted_after=False):
        self.seed.checkpoint, self.seed.live_score = dict(checkpoint), dict(live_score)
        self.seed.match.update(match_fields or {})
        self.seed.ledger.extend(ledger or [])
        self.seed.pages.update(pages.whole if pages is not None else {})  # a refold: all whole

    def flag_match(self, problem):  # pragma: no cover - a seed's match is valid
        raise AssertionError(f"the seed's match is not valid: {problem}")


def seed_documents(balls: int, voided: int | None) -> Seed:
    """A T20 of `balls` deliveries (the `voided`-th undone), the fielding side's lineup
    documents, and what the functions would have made of them."""
    match_id = f"garbage-{uuid.uuid4().hex[:10]}"
    match = make_match(id=match_id)
    book = Book(match)
    book.start()
    for n in range(balls + 2):
        if n == 3:
            book.ball(out="bowled")
        elif n == 5:
            book.ball(wide=1)
        else:
            book.ball(n % 5)
    docs = {a.id: to_document(a) for a in book.actions}
    ids = list(docs)
    *played, next_id, later_id = ids
    if voided is not None:
        docs[played[voided]] |= {"isVoided": True, "voidReason": "wrong ball",
                                 "voidedBy": "scorer-1", "voidedAt": T0}
    entries = player_entries(match_id, "away", match.teams[1].players, selected_by="admin",
                             selected_at=T0, captain_id="a1")
    seed = Seed(
        match_id=match_id,
        match=to_document(match) | {"status": "scheduled"},
        lineups={e.id: to_document(e) for e in entries},
        actions={i: docs[i] for i in played},
        next_action=(next_id, docs[next_id]),
        later_action=(later_id, docs[later_id]),
    )
    outcome = maintain(MemoryTx(seed), match_id, force=True)
    assert outcome.mode == "rebuilt", outcome
    projection = project_lineups(match_id, seed.lineups.items(), **lineup_rules(seed.match))
    seed.live_lineups = next_lineups_document(None, projection) or {}
    return seed
