"""Firestore side of `live/lineups`: `project_lineups` over a read-only snapshot, written on
condition."""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import datetime
from threading import Lock
from typing import Any, NamedTuple

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from scorebook.firestore.client import read_only, replace_on_condition, until_won
from scorebook.firestore.paths import (
    checkpoint_path,
    lineups_path,
    live_lineups_path,
    match_path,
)
from scorebook.integrity import MAX_ID
from scorebook.match import PLAYERS_PER_SIDE
from scorebook.service.lineups import next_lineups_document
from scorebook.service.live_score.ports import RECENT_MATCHES
from scorebook.views.lineups import MAX_PROBLEM_IDS, lineup_rules, max_entries, project_lineups

log = logging.getLogger(__name__)

# Officials may edit several players of a team at once; each retry re-reads the newer state.
MAX_ATTEMPTS = 30

#: Lineup documents read besides each team's own, so that an admin's stray ones (no team, a
#: team not in the match) are still reported.
STRAY_LINEUPS = 50


def read_lineups(
    db: firestore.Client, match_id: str, match_doc: Any, tx: firestore.Transaction | None
) -> list[tuple[str, dict[str, Any]]]:
    """The match's lineup documents, in document id order, bounded whatever was written:
    each team's first ``max_entries`` + ``MAX_PROBLEM_IDS`` (what the projection uses, and
    enough to name what it leaves out) and the first ``STRAY_LINEUPS`` of the collection.
    A match that lists no players lets a team official write any number of entries; read
    whole, each write would read them all (1,500 entries: over a million reads). Read per
    team, one side's flood cannot push the other side's entries out of what is read.

    A collection smaller than those bounds together (every real match: a squad a side) is
    read in one query, and the same documents taken from it: half the reads of the three
    queries, whose results overlap, on every lineup and match change."""
    rules = lineup_rules(match_doc)
    cap = max_entries(rules.get("players_per_side", PLAYERS_PER_SIDE)) + MAX_PROBLEM_IDS
    collection = db.collection(lineups_path(match_id))
    # a team id longer than the rules allow is an admin's garbage: not a query's value
    teams = [team for team in rules.get("team_ids", [])[:2] if len(team) <= MAX_ID]
    bound = len(teams) * cap + STRAY_LINEUPS
    whole = list(collection.limit(bound).stream(transaction=tx))
    if len(whole) < bound:
        return _as_queried(whole, teams, cap)
    return _read_per_team(collection, teams, cap, tx)


def _read_per_team(collection: Any, teams: list[str], cap: int,
                   tx: firestore.Transaction | None) -> list[tuple[str, dict[str, Any]]]:
    """Each team's first `cap` lineup documents and the collection's first STRAY_LINEUPS,
    one query each, in document id order."""
    queries = [collection.where(filter=FieldFilter("teamId", "==", team)).limit(cap)
               for team in teams]
    queries.append(collection.limit(STRAY_LINEUPS))
    found: dict[str, dict[str, Any]] = {}
    for query in queries:
        for snap in query.stream(transaction=tx):
            found[snap.id] = snap.to_dict() or {}
    return sorted(found.items())


def _as_queried(whole: list[Any], teams: list[str], cap: int) -> list[tuple[str, dict[str, Any]]]:
    """What the per-team and stray queries of `read_lineups` return, taken from the whole
    collection (in document id order): a team's document is its query's while fewer than
    `cap` of the team's came before it."""
    seen = dict.fromkeys(teams, 0)
    found = []
    for index, snap in enumerate(whole):
        data = snap.to_dict() or {}
        team = _queried_team(data, seen)
        if index < STRAY_LINEUPS or (team is not None and seen[team] < cap):
            found.append((snap.id, data))
        if team is not None:
            seen[team] += 1
    # in Python's order of ids, as the queries' results were put (the emulator's order of
    # ids, UTF-16, differs from it beyond the Basic Multilingual Plane)
    return sorted(found)


def _queried_team(data: dict[str, Any], teams: dict[str, int]) -> str | None:
    """The team a lineup document names, when a per-team query asks for it."""
    team = data.get("teamId")
    return team if isinstance(team, str) and team in teams else None


class LineupsRead(NamedTuple):
    """The match document and its lineup documents (`read_lineups`), as one run read them,
    and when live/score's checkpoint was last written at that moment (None: there was none).
    live/score's run takes them only while its checkpoint is still that one: the commit's
    condition then covers them, as if it had read them itself."""

    match: dict[str, Any] | None
    lineups: list[tuple[str, dict[str, Any]]]
    checkpoint_time: Any
    #: the moment of the database they were read at (the server's time)
    read_time: Any = None


def refresh_live_lineups(db: firestore.Client, match_id: str) -> int | None:
    """Bring `live/lineups` in line with the match's lineup documents: the version written,
    or None when nothing changed (`refresh_lineups_read`, for a run of live/lineups alone)."""
    return refresh_lineups_read(db, match_id)[0]


def refresh_lineups_read(db: firestore.Client, match_id: str) -> tuple[int | None, LineupsRead]:
    """Bring `live/lineups` in line with the match's lineup documents.

    Reads the match (players per side, its teams), its lineup documents (`read_lineups`:
    bounded) and the stored projection in a read-only transaction (one moment of the
    database, no lock: a worker killed in a read-write one left the match locked on the
    emulator); writes only when the projection changed, with `version` + 1, on condition
    that live/lineups is still the one read. A run that loses that race reads afresh and
    starts again. Returns the version written (None when nothing changed) and what the run
    that won read, which live/score's run after it takes rather than reading them again. A
    repeated or out-of-order trigger run reads the same documents and so writes nothing new.
    """
    live_ref = db.document(live_lineups_path(match_id))

    @firestore.transactional
    def read(snapshot: firestore.Transaction) -> tuple[LineupsRead, Any]:
        match = db.document(match_path(match_id)).get(transaction=snapshot)
        match_doc = match.to_dict() if match.exists else None
        docs = read_lineups(db, match_id, match_doc, snapshot)
        # when it was written, not what it holds (a field of it, not the fold's state)
        checkpoint = db.document(checkpoint_path(match_id)).get(["version"], transaction=snapshot)
        read = LineupsRead(match_doc, docs, checkpoint.update_time if checkpoint.exists else None,
                           match.read_time)
        return read, live_ref.get(transaction=snapshot)

    def once(_: int) -> tuple[int | None, LineupsRead]:
        read_now, live = read(read_only(db))
        projection = project_lineups(match_id, read_now.lineups, **lineup_rules(read_now.match))
        document = next_lineups_document(live.to_dict() if live.exists else None, projection)
        if document is not None:
            replace_on_condition(db, live_ref, document, live)
        return None if document is None else int(document["version"]), read_now

    version, lineups_read = until_won(once, f"live/lineups of {match_id}", MAX_ATTEMPTS)
    log.info(
        "live/lineups of %s: %s",
        match_id,
        "unchanged" if version is None else f"version {version}",
    )
    return version, lineups_read


#: Per match, the latest moment of the database at which a run of this instance read the
#: match and its lineups and brought live/lineups and live/score in line with them. A team's
#: eleven entries written at once, or a match set up with its squads, are eleven or more
#: events for one change: the first run reads them all, and each later one read them all
#: again (the match, the lineups, the checkpoint and live/lineups, then live/score's
#: checkpoint) to find nothing new.
_SEEN: OrderedDict[str, Any] = OrderedDict()
_SEEN_LOCK = Lock()
#: matches remembered, the most recently refreshed kept (as scorebook.firestore.folded)
SEEN_MATCHES = RECENT_MATCHES


def seen_here(match_id: str, written: Any) -> bool:
    """The match or a lineup, as written at `written` (the server's time of the write; None:
    a delete, which has none), was read by a run of this instance that brought both
    projections in line: a read at a moment sees every write committed by then."""
    if written is None:
        return False
    with _SEEN_LOCK:
        seen = _SEEN.get(match_id)
    return seen is not None and written <= seen


def refreshed(match_id: str, read: LineupsRead, wrote: bool) -> None:
    """Both projections of the match are in line with what `read` read (`seen_here`), and
    live/lineups was written from it (`wrote`). A run that found live/lineups as it should
    be is not remembered: a run of another instance that read an earlier state may still
    commit it over (its condition holds while nothing is written), and the events after
    it must then run."""
    if not wrote or not isinstance(read.read_time, datetime):
        return
    with _SEEN_LOCK:
        seen = _SEEN.get(match_id)
        if seen is None or seen < read.read_time:
            _SEEN[match_id] = read.read_time
        _SEEN.move_to_end(match_id)
        while len(_SEEN) > SEEN_MATCHES:
            _SEEN.popitem(last=False)
