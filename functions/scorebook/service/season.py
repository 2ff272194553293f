"""After the match: its archive and summary, and what it adds to its competition's table and
its players' figures, kept exact whatever happens to the log.

Each season document keeps one line per match it counts (``matches``) and the version of
the log each match was last counted at (``versions``); its figures are rebuilt from the
lines on every change (``scorebook.season``). So a correction replaces its match's line, a
match no longer complete takes its line away, a trigger delivered twice finds its line
already there and writes nothing, and a late run of an older version finds a newer one and
writes nothing. ``season_contributions/{matchId}`` remembers which documents the match was
last counted in, so that a line it no longer has is taken back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from scorebook.actions import Action, is_voided
from scorebook.archive import archive_pages, match_summary
from scorebook.feed import fold_match
from scorebook.integrity import IntegrityProblem
from scorebook.season.documents import (
    PLAYER_CAREER_STATS,
    PLAYER_H2H_STATS,
    PLAYER_SEASON_STATS,
    TEAM_SEASON_STATS,
    career_id,
    head_to_head_id,
    player_season_id,
    team_season_id,
)
from scorebook.season.lines import (
    MatchContribution,
    as_document,
    match_contribution,
    pair_stats,
    player_stats,
)
from scorebook.season.table import Competition
from scorebook.service.live_score import describe_error, parse_document
from scorebook.views.lineups import match_for_fold

Document = Mapping[str, Any]

#: a match whose status is one of these has its last word: it has a summary and counts
OVER = ("completed", "abandoned")
#: what the match document says that decides what the match contributes: besides its log
#: (whose every change moves completedVersion), who the officials named player of the match
#: and the days it was played on, which live/score does not show (an award named after the
#: match moves no version)
KEY_FIELDS = ("status", "completedVersion", "competitionId", "season", "playerOfMatch",
              "dates")
#: a player's career across competitions: per format, and over one figure of overs
CAREER = "all"


def concerns(before: Document | None, after: Document | None) -> bool:
    """Whether a write of the match document may change what the match contributes: it is
    over, or was."""
    return any((doc or {}).get("status") in OVER for doc in (before, after))


#: The key's field naming the match document it was counted from (when the server created
#: it): a match entered again under a deleted one's id is another match, and the first one's
#: versions of its log say nothing of the second's.
CREATED = "created"


def record_key(match_doc: Document, created: str | None) -> dict[str, Any]:
    return {name: match_doc.get(name) for name in KEY_FIELDS} | {CREATED: created}


def _another_match(recorded: Document, key: Document) -> bool:
    """The record counted a match deleted since, whose id a new match has taken."""
    was = (recorded.get("key") or {}).get(CREATED)
    return was is not None and was != key[CREATED]


@dataclass(frozen=True)
class Target:
    """One season document a match counts in, and the match's line in it (None: none)."""

    collection: str
    docId: str
    key: tuple[str, ...]
    competition: Competition
    line: dict[str, Any] | None

    def build(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        """The document's figures from its lines."""
        figures = _FIGURES.get(self.collection)
        if figures is None:  # teams: the table's
            raise ValueError(f"no document is built for {self.collection}")
        stats, fmt = figures(self.key, self.competition, lines)
        return {**as_document(stats), "id": self.docId, "format": fmt}

    def to_record(self) -> list[str]:
        return [self.competition.id, *self.key]


def _season_figures(key: tuple[str, ...], c: Competition, lines: list[dict[str, Any]],
                    ) -> tuple[Any, str | None]:
    team, person = key
    return player_stats(person, team, c, lines), c.format or None


def _career_figures(key: tuple[str, ...], c: Competition, lines: list[dict[str, Any]],
                    ) -> tuple[Any, str | None]:
    person, fmt = key
    return player_stats(person, CAREER, c, lines), fmt


def _pair_figures(key: tuple[str, ...], c: Competition, lines: list[dict[str, Any]],
                  ) -> tuple[Any, str | None]:
    batter, bowler = key
    return pair_stats(batter, bowler, c, lines), c.format or None


#: How each player document's figures come from its key and lines, with the format it names.
_FIGURES: dict[str, Callable[[tuple[str, ...], Competition, list[dict[str, Any]]],
                             tuple[Any, str | None]]] = {
    PLAYER_SEASON_STATS: _season_figures,
    PLAYER_CAREER_STATS: _career_figures,
    PLAYER_H2H_STATS: _pair_figures,
}


#: The version a deleted match's lines, summary and archive are taken out at: whatever
#: version they were put in at (a correction's run may have put them in after the record the
#: deletion's run read). The match's versions go with them: a match entered again under the
#: same id has a log of its own, maybe shorter, which counts from the start.
WITHDRAWN = -1


def merged(old: Document | None, match_id: str, version: int, line: dict[str, Any] | None,
           build: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> dict[str, Any] | None:
    """The season document with the match's line put in (or taken out, when None), or None
    when there is nothing to write: the same line is there, or a later version's."""
    old = old or {}
    versions = dict(old.get("versions") or {})
    lines = dict(old.get("matches") or {})
    if version == WITHDRAWN:
        return _line_taken_out(lines, versions, match_id, build)
    if _there_already(versions.get(match_id), version, lines.get(match_id), line):
        return None
    versions[match_id] = version
    if line is None:
        lines.pop(match_id, None)
    else:
        lines[match_id] = line
    return _season_document(lines, versions, build)


def _line_taken_out(lines: dict[str, Any], versions: dict[str, Any], match_id: str,
                    build: Callable[[list[dict[str, Any]]], dict[str, Any]],
                    ) -> dict[str, Any] | None:
    """The season document with the match's line and version taken out, or None when it
    had neither."""
    line, version = lines.pop(match_id, None), versions.pop(match_id, None)
    if line is None and version is None:
        return None
    return _season_document(lines, versions, build)


def _season_document(lines: dict[str, Any], versions: dict[str, Any],
                     build: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> dict[str, Any]:
    """The figures built from the lines, with the lines and the versions they were put in
    at."""
    return {**build(list(lines.values())), "matches": lines, "versions": versions}


def _there_already(seen: Any, version: int, there: Any, line: dict[str, Any] | None) -> bool:
    """Whether a later version's line is in, or this version's same line."""
    return (isinstance(seen, int) and seen > version) or (seen == version and there == line)


class SeasonStore(Protocol):
    """What recording a match needs of the database."""

    def match(self, match_id: str) -> Document | None: ...

    def created(self, match_id: str) -> str | None:
        """When the match document `match` last read was created (None: not known)."""
        ...

    def recorded(self, match_id: str) -> Document | None:
        """``season_contributions/{matchId}``: what the match was last counted as."""
        ...

    def match_log(self, match_id: str, match_doc: Document,
                  ) -> tuple[list[tuple[str, Any]], list[tuple[str, Document]]]:
        """(the match's lineup documents, its whole log), read together."""
        ...

    def competition(self, competition_id: str) -> Document | None: ...

    def put_archive(self, match_id: str, version: int, summary: dict[str, Any] | None,
                    pages: dict[str, dict[str, Any]]) -> None:
        """Write the summary and its archive pages (delete them when None), unless a later
        version is already there (`WITHDRAWN`: delete them, whatever version)."""
        ...

    def put_lines(self, match_id: str, version: int, targets: list[Target]) -> None:
        """Put each target's line into its document (`merged`)."""
        ...

    def put_table(self, match_id: str, version: int, competition: Competition,
                  targets: list[Target]) -> None:
        """Put the sides' lines into their team_season_stats documents and rank the whole
        competition again (competition_tables/{id}, each side's `position`)."""
        ...

    def record(self, match_id: str, recorded: dict[str, Any]) -> None: ...


@dataclass
class Recorded:
    """What a run did: `recorded` (counted, or taken back), `unchanged`, or `no_match`."""

    mode: str
    reason: str = ""
    documents: dict[str, int] = field(default_factory=dict)


def _competition(store: SeasonStore, competition_id: str | None,
                 cache: dict[str, Competition | None]) -> Competition | None:
    if not competition_id:
        return None
    if competition_id not in cache:
        cache[competition_id] = _as_competition(competition_id,
                                                store.competition(competition_id))
    return cache[competition_id]


def _as_competition(competition_id: str, doc: Document | None) -> Competition | None:
    if doc is None:
        return None
    try:
        return Competition.of(competition_id, doc)
    except ValidationError:
        return None  # an admin's bad document counts nothing till fixed


def _targets(mine: MatchContribution, competition: Competition | None,
             career: Competition, fmt: str) -> list[Target]:
    out = [Target(PLAYER_CAREER_STATS, career_id(person, fmt), (person, fmt), career, line)
           for person, line in mine.careers.items()]
    if competition is None:
        return out
    cid = competition.id
    out += [Target(TEAM_SEASON_STATS, team_season_id(cid, team), (team,), competition, line)
            for team, line in mine.teams.items()]
    out += [Target(PLAYER_SEASON_STATS, player_season_id(cid, team, person), (team, person),
                   competition, line) for (team, person), line in mine.players.items()]
    out += [Target(PLAYER_H2H_STATS, head_to_head_id(cid, b, w), (b, w), competition, line)
            for (b, w), line in mine.pairs.items()]
    return out


def _taken_back(recorded: Document, kept: Iterable[Target], store: SeasonStore,
                cache: dict[str, Competition | None]) -> list[Target]:
    """The documents the match was last counted in and is no longer: its line comes out."""
    keep = {(t.collection, t.docId) for t in kept}
    out = []
    for collection, doc_id, (cid, *key) in _recorded_documents(recorded):
        if (collection, doc_id) in keep:
            continue
        competition = _counted_in(collection, cid, store, cache)
        out.append(Target(collection, doc_id, tuple(key), competition, None))
    return out


def _recorded_documents(recorded: Document) -> Iterator[tuple[str, str, list[str]]]:
    """(collection, document id, [competition id, *key]) of each document the record
    names."""
    for collection, docs in (recorded.get("targets") or {}).items():
        for doc_id, record in docs.items():
            yield collection, doc_id, record


def _counted_in(collection: str, cid: str, store: SeasonStore,
                cache: dict[str, Competition | None]) -> Competition:
    """The competition a recorded document counts in: a career's is the career's; one
    since deleted or unreadable is known by its id alone."""
    if collection == PLAYER_CAREER_STATS:
        return Competition(id=CAREER)
    return _competition(store, cid, cache) or Competition(id=cid)


def _actions(match_id: str, docs: list[tuple[str, Document]]) -> list[Action]:
    parsed = (parse_document(match_id, doc_id, data) for doc_id, data in docs)
    return [p for p in parsed if not isinstance(p, IntegrityProblem)]


@dataclass
class Counted:
    """What a match over gives: its summary and archive pages, and the season's lines."""

    summary: dict[str, Any] | None = None
    pages: dict[str, Any] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)


def _count(store: SeasonStore, match_id: str, match_doc: Document,
           lineups: list[tuple[str, Any]], docs: list[tuple[str, Document]],
           *, cache: dict[str, Competition | None]) -> Counted | Recorded:
    """Fold a match that is over into its summary, archive and season lines."""
    try:
        match = match_for_fold({**match_doc, "id": match_id}, lineups)
    except ValidationError as error:
        return Recorded("no_match", f"matches/{match_id}: {describe_error(error)}")
    actions = _actions(match_id, docs)
    folded = fold_match(match, actions)
    competition = _competition(store, match.competitionId, cache)
    fmt = match.matchType or "other"
    career = Competition(id=CAREER, format=fmt)  # six-ball overs, whatever the match
    mine = match_contribution(folded.state, actions, competition or career, match.dates,
                              match.playerOfMatch)
    if mine is None:
        return Counted()
    return Counted(_summary(folded, match), archive_pages(folded),
                   _targets(mine, competition, career, fmt))


def _summary(folded: Any, match: Any) -> dict[str, Any]:
    return {**match_summary(folded), "competitionId": match.competitionId,
            "season": match.season, "name": match.name, "dates": [str(d) for d in match.dates]}


def _put_figures(store: SeasonStore, match_id: str, version: int, targets: list[Target],
                 ) -> None:
    """The players' lines, and each competition's table rows."""
    store.put_lines(match_id, version, [t for t in targets if t.collection != TEAM_SEASON_STATS])
    for teams in _teams_by_competition(targets).values():
        store.put_table(match_id, version, teams[0].competition, teams)


def _teams_by_competition(targets: list[Target]) -> dict[str, list[Target]]:
    by_competition: dict[str, list[Target]] = {}
    for t in targets:
        if t.collection == TEAM_SEASON_STATS:
            by_competition.setdefault(t.competition.id, []).append(t)
    return by_competition


def _not_to_count(store: SeasonStore, match_id: str, recorded: Document, key: Document,
                  force: bool) -> Recorded | None:
    """Why the match is not counted now (None: it is): counted already as it is, or not
    over and counting nothing."""
    if not force and recorded.get("key") == key:
        return Recorded("unchanged", "already counted at this version")
    if key["status"] in OVER or recorded.get("targets"):
        return None
    if recorded:  # over once, counting nothing: the record follows the match's key
        store.record(match_id, {**recorded, "key": key})
    return Recorded("unchanged", "not over, and never counted")


def _withdrawn(store: SeasonStore, match_id: str, recorded: Document) -> Recorded:
    """A match deleted (a duplicate, a fixture entered by mistake) counts for nothing: the
    lines it was counted in come out (`WITHDRAWN`), its summary and archive with it, and its
    record says so (no key), so that the reconciliation's count of abandoned matches agrees
    again."""
    if recorded.get("key") is None:
        return Recorded("no_match", f"matches/{match_id} does not exist")
    targets = _taken_back(recorded, [], store, {})
    store.put_archive(match_id, WITHDRAWN, None, {})
    _put_figures(store, match_id, WITHDRAWN, targets)
    store.record(match_id, {"key": None, "logVersion": recorded.get("logVersion") or 0,
                            "competitionId": None, "targets": {}})
    return Recorded("recorded", f"matches/{match_id} was deleted: {len(targets)} lines"
                    " taken back")


def _unreadable(store: SeasonStore, match_id: str, recorded: Document, key: Document,
                failed: Recorded) -> Recorded:
    """A match over that cannot be read keeps what it counted before, and its record says it
    was seen (its key, marked unreadable: never equal to a match's own, so the match is
    counted as soon as it can be read), so that the reconciliation's count of abandoned
    matches agrees with the matches marked so."""
    seen = {**key, "unreadable": True}
    if recorded.get("key") != seen:
        store.record(match_id, {**recorded, "key": seen})
    return failed


def record_match(store: SeasonStore, match_id: str, *, force: bool = False) -> Recorded:
    """Bring the match's summary, archive and season figures in line with its log: once it
    is over, and again after each correction; taken back when it is no longer over."""
    match_doc = store.match(match_id)
    recorded = store.recorded(match_id) or {}
    if match_doc is None:
        return _withdrawn(store, match_id, recorded)
    key = record_key(match_doc, store.created(match_id))
    recorded = _of_this_match(store, match_id, recorded, key)
    if (uncounted := _not_to_count(store, match_id, recorded, key, force)) is not None:
        return uncounted
    lineups, docs = store.match_log(match_id, match_doc)
    version = _log_version(docs)
    cache: dict[str, Competition | None] = {}
    counted = Counted()
    if key["status"] in OVER:
        found = _count(store, match_id, match_doc, lineups, docs, cache=cache)
        if isinstance(found, Recorded):
            return _unreadable(store, match_id, recorded, key, found)
        counted = found
    return _put(store, match_id, key, version, counted,
                targets=counted.targets + _taken_back(recorded, counted.targets, store, cache))


def _of_this_match(store: SeasonStore, match_id: str, recorded: Document, key: Document,
                   ) -> Document:
    """The record, unless it counted a match deleted and entered again under the same id
    before a run saw it gone: that one is withdrawn, and this one starts with no record."""
    if _another_match(recorded, key):
        _withdrawn(store, match_id, recorded)
        return {}
    return recorded


def _log_version(docs: list[tuple[str, Document]]) -> int:
    """A version that grows with every change of the log: an action added, or voided."""
    return len(docs) + sum(is_voided(d) for _, d in docs)


def _put(store: SeasonStore, match_id: str, key: Document, version: int, counted: Counted,
         *, targets: list[Target]) -> Recorded:
    """The summary, archive and lines written, and the record of what the match counts."""
    store.put_archive(match_id, version, counted.summary, counted.pages)
    _put_figures(store, match_id, version, targets)
    kept = _kept(targets)
    ours = {"key": key, "logVersion": version, "competitionId": key["competitionId"],
            "targets": kept}
    store.record(match_id, ours)
    if _gone_meanwhile(store, match_id, key):
        # deleted (maybe entered again) while this run counted it: the deletion's run may
        # have taken the lines out before this one put them in, and its record may land
        # after this one's
        return _withdrawn(store, match_id, ours)
    counts = {c: len(d) for c, d in kept.items()}
    return Recorded("recorded", f"log version {version}: {_counted_text(counts)}", counts)


def _kept(targets: list[Target]) -> dict[str, dict[str, list[str]]]:
    """The record of the documents the match has a line in, by collection."""
    kept: dict[str, dict[str, list[str]]] = {}
    for t in targets:
        if t.line is not None:
            kept.setdefault(t.collection, {})[t.docId] = t.to_record()
    return kept


def _gone_meanwhile(store: SeasonStore, match_id: str, key: Document) -> bool:
    return store.match(match_id) is None or store.created(match_id) != key[CREATED]


def _counted_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {c}" for c, n in sorted(counts.items())) or "nothing counts"
