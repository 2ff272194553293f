"""Firestore side of after the match (`scorebook.service.season`): the summary and archive,
the season documents and the competition's table. Each is read in one snapshot that locks
nothing and written in one commit on condition that what it replaces is still as read;
a run that loses to another write reads again (`until_won`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from pydantic import ValidationError

from scorebook.firestore.client import (
    commit_on_condition,
    query_and_document,
    set_on_condition,
    until_won,
)
from scorebook.firestore.lineups import read_lineups
from scorebook.firestore.paths import (
    COMPETITION_TABLES,
    MATCHES,
    SEASON_CONTRIBUTIONS,
    archive_path,
    checkpoint_path,
    competition_path,
    log_page_path,
    match_path,
    match_summary_path,
    scoring_action_path,
    scoring_actions_path,
    season_contribution_path,
)
from scorebook.season.documents import TEAM_SEASON_STATS, team_season_id
from scorebook.season.lines import as_document, team_rows
from scorebook.season.table import Competition
from scorebook.service.live_score import Checkpoint, in_log_order, log_in_pages
from scorebook.service.log_pages import head_ids
from scorebook.service.season import (
    OVER,
    WITHDRAWN,
    Document,
    Recorded,
    Target,
    merged,
    record_match,
)

log = logging.getLogger(__name__)

#: one commit takes at most 500 writes: a match's season documents go in slices
WRITES_PER_COMMIT = 400
# Sides finishing their matches at once rank the same table: each retry re-reads it.
MAX_ATTEMPTS = 30


class FirestoreSeasonStore:
    """The `SeasonStore` of one database, counting the documents it reads and writes; in a
    dry run it writes nothing, and counts the season documents that would change."""

    def __init__(self, db: firestore.Client, *, dry_run: bool = False) -> None:
        self.db = db
        self.dry_run = dry_run
        self.reads = 0
        self.writes = 0
        #: when each match document `match` last read was created (the server's time)
        self._created: dict[str, str | None] = {}

    def _read(self, path: str) -> firestore.DocumentSnapshot:
        self.reads += 1
        return self.db.document(path).get()

    def _get(self, path: str) -> Document | None:
        snap = self._read(path)
        return snap.to_dict() if snap.exists else None

    def match(self, match_id: str) -> Document | None:
        snap = self._read(match_path(match_id))
        self._created[match_id] = snap.create_time.isoformat() if snap.exists else None
        return snap.to_dict() if snap.exists else None

    def created(self, match_id: str) -> str | None:
        return self._created.get(match_id)

    def recorded(self, match_id: str) -> Document | None:
        return self._get(season_contribution_path(match_id))

    def match_log(self, match_id: str, match_doc: Document,
                  ) -> tuple[list[tuple[str, Any]], list[tuple[str, Document]]]:
        lineups = read_lineups(self.db, match_id, match_doc, None)
        self.reads += max(1, len(lineups))
        paged = self._paged_log(match_id)
        if paged is not None:
            return lineups, paged
        docs = [(s.id, s.to_dict() or {})
                for s in self.db.collection(scoring_actions_path(match_id)).stream()]
        self.reads += max(1, len(docs))
        return lineups, in_log_order(docs)

    def _paged_log(self, match_id: str) -> list[tuple[str, Document]] | None:
        """The log as the projection's checkpoint folded it, from the log's pages (a T20's
        in 3 to 5 reads, where its actions are 250), or None when they cannot stand for
        it. The match trigger's runs share the scoring trigger's lane on the emulator, which
        answers a query of the log by scanning every document it holds: 50 matches ending
        within a minute waited 15 s behind their 250 ms each."""
        checkpoint = Checkpoint.from_document(self._get(checkpoint_path(match_id)), match_id)
        head = head_ids(checkpoint.pages) if checkpoint is not None else None
        if checkpoint is None or head is None:
            return None
        return self._read_pages(checkpoint, head, match_id)

    def _read_pages(self, checkpoint: Checkpoint, head: list[str], match_id: str,
                    ) -> list[tuple[str, Document]] | None:
        """The log from the actions before the first page (`head`) and every page, in one
        read; None when they cannot stand for it (an action of the head missing)."""
        read = self._get_all(
            [scoring_action_path(match_id, doc_id) for doc_id in head]
            + [log_page_path(match_id, k) for k in range(len(checkpoint.pages))])
        heads, pages = read[:len(head)], read[len(head):]
        if None in heads:
            return None
        return log_in_pages(checkpoint, list(zip(head, heads, strict=True)), pages, match_id)

    def _get_all(self, paths: list[str]) -> list[Document | None]:
        """The documents at `paths`, in one read, each None where there is none."""
        self.reads += len(paths)
        found = {snap.reference.path: snap.to_dict()
                 for snap in self.db.get_all([self.db.document(p) for p in paths])}
        return [found.get(p) for p in paths]

    def competition(self, competition_id: str) -> Document | None:
        return self._get(competition_path(competition_id))

    def put_archive(self, match_id: str, version: int, summary: dict[str, Any] | None,
                    pages: dict[str, dict[str, Any]]) -> None:
        if self.dry_run:
            return
        ref = self.db.document(match_summary_path(match_id))
        balls = self.db.collection(archive_path(match_id))

        def once(_: int) -> int:
            snap = ref.get()
            self.reads += 1
            old = snap.to_dict() if snap.exists else {}
            if version != WITHDRAWN and (old.get("logVersion") or 0) > version:
                return 0  # a later run wrote a later version
            stale = set(old.get("pages") or []) - set(pages)
            batch = self.db.batch()
            for page in stale:
                batch.delete(balls.document(page))
            if summary is None:
                if not snap.exists:
                    return 0
                batch.delete(ref, option=self.db.write_option(last_update_time=snap.update_time))
                commit_on_condition(batch)
                return len(stale) + 1
            set_on_condition(self.db, batch, ref, {
                **summary, "logVersion": version, "pages": sorted(pages),
                "updatedAt": firestore.SERVER_TIMESTAMP},
                snap.update_time if snap.exists else None)
            for page_id, page in pages.items():
                batch.set(balls.document(page_id), {**page, "matchId": match_id})
            commit_on_condition(batch)
            return len(stale) + 1 + len(pages)

        self.writes += until_won(once, f"archive of {match_id}", MAX_ATTEMPTS)

    def put_lines(self, match_id: str, version: int, targets: list[Target]) -> None:
        for chunk in _slices(sorted(targets, key=lambda t: (t.collection, t.docId))):
            self._put_slice(match_id, version, chunk)

    def _put_slice(self, match_id: str, version: int, chunk: list[Target]) -> None:
        refs = [self.db.collection(t.collection).document(t.docId) for t in chunk]

        def once(_: int) -> int:
            # one batched read is one moment of the database; each document is written on
            # condition that it is still as read (a line merged into a side's or player's
            # season document by another match's run meanwhile is not lost)
            snaps = {s.reference.path: s for s in self.db.get_all(refs)}
            self.reads += len(refs)
            batch, written = self.db.batch(), 0
            for target, ref in zip(chunk, refs, strict=True):
                snap = snaps.get(ref.path)
                old = snap.to_dict() if snap is not None and snap.exists else None
                doc = merged(old, match_id, version, target.line, target.build)
                if doc is not None:
                    set_on_condition(self.db, batch, ref,
                                     {**doc, "lastUpdated": firestore.SERVER_TIMESTAMP},
                                     snap.update_time if old is not None else None)
                    written += 1
            if written and not self.dry_run:
                commit_on_condition(batch)
            return written

        self.writes += until_won(once, f"season lines of {match_id}", MAX_ATTEMPTS)

    def put_table(self, match_id: str, version: int, competition: Competition,
                  targets: list[Target]) -> None:
        read, written = rank_table(self.db, competition, targets, match_id=match_id,
                                   version=version, dry_run=self.dry_run)
        self.reads += read
        self.writes += written

    def record(self, match_id: str, recorded: dict[str, Any]) -> None:
        if self.dry_run:
            return
        self.db.document(season_contribution_path(match_id)).set(
            {**recorded, "recordedAt": firestore.SERVER_TIMESTAMP})
        self.writes += 1


def _slices(targets: list[Target]) -> Iterator[list[Target]]:
    for start in range(0, len(targets), WRITES_PER_COMMIT):
        yield targets[start:start + WRITES_PER_COMMIT]


def rank_table(db: firestore.Client, competition: Competition, targets: list[Target], *,
               match_id: str = "", version: int = 0, dry_run: bool = False,
               ) -> tuple[int, int]:
    """Put the sides' lines of a match into their documents (none: just rank again) and
    write the competition's table: every side's line, its position, the table document.
    Returns (documents read, written); a dry run writes nothing and counts the sides'
    documents that would change."""
    teams = db.collection(TEAM_SEASON_STATS)
    query = teams.where(filter=FieldFilter("competitionId", "==", competition.id))
    table_ref = db.collection(COMPETITION_TABLES).document(competition.id)

    def once(_: int) -> tuple[int, int]:
        snaps, table_snap = query_and_document(db, query, table_ref)
        docs = {s.id: s.to_dict() or {} for s in snaps}
        times = {s.id: s.update_time for s in snaps}
        for t in targets:  # a side's first match: no document yet
            docs.setdefault(t.docId, {"teamId": t.key[0], "competitionId": competition.id})
        lines: dict[str, dict[str, Any]] = {
            doc_id: dict(doc.get("matches") or {}) for doc_id, doc in docs.items()}
        versions = {doc_id: dict(doc.get("versions") or {}) for doc_id, doc in docs.items()}
        for t in targets:
            new = merged(docs[t.docId], match_id, version, t.line, lambda _: {})
            if new is not None:
                lines[t.docId], versions[t.docId] = new["matches"], new["versions"]
        rows = team_rows(competition, [line for ls in lines.values() for line in ls.values()])
        by_team = {team_season_id(competition.id, r.teamId): r for r in rows}
        batch, written = db.batch(), 0
        for doc_id, doc in docs.items():
            row = by_team.get(doc_id)
            figures = as_document(row) if row is not None else {
                "teamId": doc.get("teamId"), "competitionId": competition.id,
                "matchesPlayed": 0, "position": None}
            new_doc = {**figures, "id": doc_id, "matches": lines[doc_id],
                       "versions": versions[doc_id]}
            if {k: v for k, v in doc.items() if k != "lastUpdated"} != new_doc:
                set_on_condition(db, batch, teams.document(doc_id),
                                 {**new_doc, "lastUpdated": firestore.SERVER_TIMESTAMP},
                                 times.get(doc_id))
                written += 1
        # the sides' documents (a query is billed one read at least) and the table
        reads = max(1, len(snaps)) + 1
        if dry_run:
            return reads, written
        table = {"competitionId": competition.id, "name": competition.name,
                 "season": competition.season, "format": competition.format,
                 "order": competition.order,
                 "rows": [as_document(r) for r in rows]}
        # Every ranking writes the table, on condition that it is as this run read it: the
        # one document two matches finishing at once both write, so the later run loses
        # and reads again, and finds the sides' documents the other wrote (even a side's
        # first, which a condition on the documents read could not have caught).
        set_on_condition(db, batch, table_ref,
                         {**table, "lastUpdated": firestore.SERVER_TIMESTAMP},
                         table_snap.update_time if table_snap.exists else None)
        commit_on_condition(batch)
        return reads, written + 1

    return until_won(once, f"table of {competition.id}", MAX_ATTEMPTS)


def record_completed_match(db: firestore.Client, match_id: str, *, force: bool = False,
                           dry_run: bool = False) -> tuple[Recorded, int, int]:
    """One run of `record_match` for a match: (what it did, documents read, written; in a
    dry run, the season documents that would change)."""
    store = FirestoreSeasonStore(db, dry_run=dry_run)
    outcome = record_match(store, match_id, force=force)
    log.info("season of %s: %s (%s; %d read, %d written)", match_id, outcome.mode,
             outcome.reason, store.reads, store.writes)
    return outcome, store.reads, store.writes


def competition_matches(db: firestore.Client, competition_id: str) -> list[str]:
    """The matches a competition counts now, or was counting: a match moved to another
    competition must take its lines back from this one."""
    now = db.collection(MATCHES).where(
        filter=FieldFilter("competitionId", "==", competition_id)).stream()
    was = db.collection(SEASON_CONTRIBUTIONS).where(
        filter=FieldFilter("competitionId", "==", competition_id)).stream()
    ids = {s.id for s in now if (s.to_dict() or {}).get("status") in OVER}
    return sorted(ids | {s.id for s in was})


def recount_competition(db: firestore.Client, competition_id: str, *,
                        force: bool = True) -> dict[str, Recorded]:
    """Count each of the competition's matches again (a match already counted as it is
    now writes nothing), then rank its table: after its rules changed, or to rebuild it."""
    done = {match_id: record_completed_match(db, match_id, force=force)[0]
            for match_id in competition_matches(db, competition_id)}
    try:
        competition = read_competition(db, competition_id)
    except ValidationError as error:
        log.error("competitions/%s cannot be read: %s", competition_id, error)
        return done
    if competition is not None:
        rank_table(db, competition, [])
    return done


def read_competition(db: firestore.Client, competition_id: str) -> Competition | None:
    """competitions/{id}, or None when there is none; raises ValidationError when it cannot
    be read as one."""
    snap = db.document(competition_path(competition_id)).get()
    return Competition.of(competition_id, snap.to_dict() or {}) if snap.exists else None
