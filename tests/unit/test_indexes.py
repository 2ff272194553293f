"""firestore.indexes.json declares every composite index the documented queries need
(tests/emulator/test_queries.py: `DOCUMENTED_QUERIES`), and nothing else. The emulator
serves a query without its index; production refuses it (FAILED_PRECONDITION), so only
this check stands between a new query and an app that fails once deployed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scorebook.firestore.reconcile import COMPLETED_LATELY_INDEX
from tests.conftest import REPO
from tests.emulator.test_queries import DOCUMENTED_QUERIES, DocumentedQuery

INDEXES = json.loads((REPO / "firestore.indexes.json").read_text())


def serves(index: dict[str, Any], query: DocumentedQuery) -> bool:
    """Whether a composite index serves the query: same collection, its filtered fields
    first (in any order), then its ordered fields in their order and direction."""
    if (index.get("collectionGroup"), index.get("queryScope")) != (query.collection,
                                                                   "COLLECTION"):
        return False
    fields = [(f["fieldPath"], f.get("order")) for f in index.get("fields", [])]
    wanted = query.index()["fields"]
    ordered = [(f["fieldPath"], f["order"]) for f in wanted[len(wanted) - len(query.order_by):]]
    filtered = {f["fieldPath"] for f in wanted[: len(wanted) - len(query.order_by)]}
    head, tail = fields[: len(filtered)], fields[len(filtered):]
    return {f for f, _ in head} == filtered and tail == ordered


@pytest.mark.parametrize("query", [q for q in DOCUMENTED_QUERIES if q.needs_composite_index()],
                         ids=lambda q: q.name)
def test_a_query_that_needs_a_composite_index_has_one(query: DocumentedQuery) -> None:
    assert any(serves(index, query) for index in INDEXES["indexes"]), (
        f"{query}: add {json.dumps(query.index())} to firestore.indexes.json")


#: Indexes of the functions' own queries (admin credentials, not an app's through the rules)
FUNCTIONS_INDEXES = [COMPLETED_LATELY_INDEX]


def test_every_declared_index_serves_a_documented_query() -> None:
    unused = [index for index in INDEXES["indexes"] if index not in FUNCTIONS_INDEXES
              and not any(serves(index, q) for q in DOCUMENTED_QUERIES)]
    assert unused == []


def test_the_functions_own_queries_have_their_indexes() -> None:
    """The reconciliation's pass over the matches completed lately: a collection group's
    query with an equality and a range, which production refuses without its index."""
    assert all(index in INDEXES["indexes"] for index in FUNCTIONS_INDEXES)


def test_the_queries_that_need_one_are_the_ones_firestore_says() -> None:
    needs = {q.name for q in DOCUMENTED_QUERIES if q.needs_composite_index()}
    assert needs == {"counting_balls", "match_log", "live_matches", "next_position",
                     "leaders_runs", "leaders_wickets", "leaders_strike_rate", "leaders_economy"}
    assert set(INDEXES) == {"indexes", "fieldOverrides"}


def test_the_functions_bulky_fields_are_not_indexed() -> None:
    """A page of the log holds a few hundred action documents in one map (thousands of
    fields), and the checkpoint long JSON strings (its state, each settled innings apart):
    Firestore indexes every field unless told not to, and a document takes at most 40,000
    index entries, so those are exempt (nothing queries them; test_checkpoint_stored.py
    finds the checkpoint's from what it stores)."""
    exempt = {(o["collectionGroup"], o["fieldPath"]) for o in INDEXES["fieldOverrides"]
              if o.get("indexes") == []}
    assert {("projection", f) for f in ("docs", "events", "start", "data", "settled")} <= exempt


#: The live documents' cards: the innings in progress's is written with every ball, in
#: live/score and in live/innings{n} (about 1,000 fields each by an innings' end), each field
#: indexed twice unless exempt, and index fanout is most of a write's latency.
LIVE_CARDS = {*(f"innings{n}" for n in range(1, 7)), "batsmen", "bowlers", "fallOfWickets",
              "currentInnings", "currentOver", "overHistory", "partnerships"}


def test_the_live_cards_are_not_indexed_and_no_query_needs_them() -> None:
    """Apps read the live documents by path; the one query on them (the reconciliation's,
    `completed_lately`) filters on live/score's status and lastUpdated."""
    exempt = {o["fieldPath"] for o in INDEXES["fieldOverrides"]
              if o["collectionGroup"] == "live" and o.get("indexes") == []}
    assert exempt == LIVE_CARDS
    queried = {f["fieldPath"] for f in COMPLETED_LATELY_INDEX["fields"]}
    queried |= {field for q in DOCUMENTED_QUERIES if q.collection == "live"
                for field, *_ in q.where}
    assert queried and not queried & exempt
