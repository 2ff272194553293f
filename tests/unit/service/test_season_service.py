"""Counting a match once (scorebook.service.season) over documents in memory: a line put in
once, replaced by a correction, taken back when the match is no longer over or moved to
another competition; a run delivered twice, or late with an older version, writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.service.season import WITHDRAWN, Target, merged, record_match
from scorebook_tools.generated_match import GENERATED_MATCH_ID, write_generated_match
from scorebook_tools.realdata import real_match


def _sum(lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {"runs": sum(line["runs"] for line in lines)}


def test_a_line_goes_in_once_and_a_later_version_replaces_it() -> None:
    first = merged(None, "m1", 10, {"runs": 5}, _sum)
    assert first == {"runs": 5, "matches": {"m1": {"runs": 5}}, "versions": {"m1": 10}}
    assert merged(first, "m1", 10, {"runs": 5}, _sum) is None  # delivered twice
    second = merged(first, "m2", 4, {"runs": 7}, _sum)
    assert second is not None and second["runs"] == 12
    corrected = merged(second, "m1", 12, {"runs": 6}, _sum)
    assert corrected is not None and corrected["runs"] == 13
    assert merged(corrected, "m1", 11, {"runs": 5}, _sum) is None  # a late, older run
    taken = merged(corrected, "m1", 13, None, _sum)
    assert taken is not None and taken["runs"] == 7 and taken["versions"]["m1"] == 13
    assert merged(taken, "m1", 13, None, _sum) is None
    assert merged(taken, "m1", 12, {"runs": 6}, _sum) is None  # older than its removal


class Store:
    """The SeasonStore over dicts: documents by (collection, id), each write counted."""

    def __init__(self, match_doc: dict[str, Any], docs: list[tuple[str, dict[str, Any]]],
                 competitions: dict[str, dict[str, Any]]) -> None:
        self.match_doc = match_doc
        self.log = docs
        self.competitions = competitions
        self.docs: dict[tuple[str, str], dict[str, Any]] = {}
        self.summary: dict[str, Any] | None = None
        self.summary_version = 0
        #: when the match document was created: another time is another match, entered
        #: again under a deleted one's id
        self.created_ = "2021-08-26T14:00:00+00:00"
        self.recorded_: dict[str, Any] | None = None
        self.writes = 0

    def match(self, match_id: str) -> dict[str, Any]:
        return self.match_doc

    def created(self, match_id: str) -> str | None:
        return self.created_ if self.match_doc is not None else None

    def recorded(self, match_id: str) -> dict[str, Any] | None:
        return self.recorded_

    def match_log(self, match_id: str, match_doc: Any) -> tuple[list, list]:
        return [], self.log

    def competition(self, competition_id: str) -> dict[str, Any] | None:
        return self.competitions.get(competition_id)

    def put_archive(self, match_id: str, version: int, summary: Any, pages: Any) -> None:
        if version != WITHDRAWN and self.summary_version > version:
            return  # a later run wrote a later version
        self.summary, self.summary_version = summary, version if summary is not None else 0

    def put_lines(self, match_id: str, version: int, targets: list[Target]) -> None:
        for t in targets:
            doc = merged(self.docs.get((t.collection, t.docId)), match_id, version, t.line,
                         t.build)
            if doc is not None:
                self.docs[(t.collection, t.docId)] = doc
                self.writes += 1

    def put_table(self, match_id: str, version: int, competition: Any,
                  targets: list[Target]) -> None:
        for t in targets:
            doc = merged(self.docs.get((t.collection, t.docId)), match_id, version, t.line,
                         lambda _: {})
            if doc is not None:
                self.docs[(t.collection, t.docId)] = doc
                self.writes += 1

    def record(self, match_id: str, recorded: dict[str, Any]) -> None:
        self.recorded_ = recorded

    def counting(self, collection: str) -> list[dict[str, Any]]:
        return [d for (c, _), d in self.docs.items() if c == collection and d["matches"]]


@pytest.fixture
def store() -> Store:
    path = real_match("1269700")
    if path is None:
        pytest.skip("the 2021 CPL's matches are not here: `make data` fetches them")
    match, actions = load_match(path)
    doc = to_document(match) | {"status": "completed", "completedVersion": 1,
                                "competitionId": "cpl", "season": "2021"}
    log = [(a.id, to_document(a)) for a in actions]
    return Store(doc, log, {"cpl": {"name": "CPL", "season": "2021"},
                            "other": {"name": "Other"}})


def test_a_completed_match_is_counted_once(store: Store) -> None:
    outcome = record_match(store, "1269700")
    assert outcome.mode == "recorded" and store.summary is not None
    assert len(store.counting("team_season_stats")) == 2
    assert len(store.counting("player_season_stats")) == 22
    assert len(store.counting("player_career_stats")) == 22
    pairs = store.counting("player_h2h_stats")
    raw = json.loads(real_match("1269700").read_text())
    faced = sum("wides" not in d.get("extras", {}) for i in raw["innings"]
                for o in i["overs"] for d in o["deliveries"])
    assert sum(p["ballsFaced"] for p in pairs) == faced  # a wide is not a ball faced
    writes = store.writes
    assert record_match(store, "1269700").mode == "unchanged"
    assert record_match(store, "1269700", force=True).mode == "recorded"
    assert store.writes == writes  # forced: every line was already in place


def test_a_match_no_longer_over_takes_its_lines_back(store: Store) -> None:
    record_match(store, "1269700")
    store.match_doc = store.match_doc | {"status": "live", "completedVersion": None}
    # the log only grows: the result and the last balls are voided, not deleted
    store.log = store.log[:-3] + [(i, d | {"isVoided": True}) for i, d in store.log[-3:]]
    outcome = record_match(store, "1269700")
    assert outcome.mode == "recorded" and store.summary is None
    assert not any(store.counting(c) for c in ("team_season_stats", "player_season_stats",
                                               "player_h2h_stats", "player_career_stats"))
    assert record_match(store, "1269700").mode == "unchanged"


def test_a_match_moved_to_another_competition_leaves_the_first(store: Store) -> None:
    record_match(store, "1269700")
    store.match_doc = store.match_doc | {"competitionId": "other"}
    record_match(store, "1269700")
    assert sorted(k for (c, k), d in store.docs.items()
                  if c == "team_season_stats" and d["matches"]) == [
        "other_guyana-amazon-warriors", "other_trinbago-knight-riders"]
    assert {d["competitionId"] for d in store.counting("player_season_stats")} == {"other"}
    assert len(store.counting("player_career_stats")) == 22  # a career is all competitions


def test_a_deleted_match_takes_its_lines_back_once(store: Store) -> None:
    counted = dict(store.match_doc)
    record_match(store, "1269700")
    store.match_doc = None
    outcome = record_match(store, "1269700")
    assert outcome.mode == "recorded" and store.summary is None
    assert not any(store.counting(c) for c in ("team_season_stats", "player_season_stats",
                                               "player_h2h_stats", "player_career_stats"))
    assert store.recorded_ is not None and store.recorded_["key"] is None
    writes = store.writes
    assert record_match(store, "1269700").mode == "no_match"
    assert store.writes == writes
    store.match_doc = counted  # put back, with the same log: it counts again
    assert record_match(store, "1269700").mode == "recorded"
    assert len(store.counting("team_season_stats")) == 2


def test_a_match_over_that_cannot_be_read_keeps_its_lines_and_its_record_says_so(
        store: Store) -> None:
    record_match(store, "1269700")
    store.match_doc = store.match_doc | {"status": "abandoned", "scheduledOvers": "twenty"}
    assert record_match(store, "1269700").mode == "no_match"
    assert store.recorded_ is not None and store.recorded_["key"]["unreadable"] is True
    assert store.recorded_["key"]["status"] == "abandoned"  # what the reconciliation counts
    assert len(store.counting("team_season_stats")) == 2
    store.match_doc = store.match_doc | {"scheduledOvers": 20}
    assert record_match(store, "1269700").mode == "recorded"  # read again: counted as it is
    assert "unreadable" not in store.recorded_["key"]


def test_a_deletion_takes_out_lines_a_later_correction_put_in() -> None:
    """A correction's run put its lines in at a later version but had not yet written the
    record the deletion's run read: its lines come out all the same."""
    corrected = merged(merged(None, "m1", 10, {"runs": 5}, _sum), "m1", 12, {"runs": 6}, _sum)
    withdrawn = merged(corrected, "m1", WITHDRAWN, None, _sum)
    assert withdrawn is not None and withdrawn["runs"] == 0 and withdrawn["matches"] == {}
    assert withdrawn["versions"] == {}
    assert merged(withdrawn, "m1", WITHDRAWN, None, _sum) is None
    assert merged(withdrawn, "m1", 12, {"runs": 6}, _sum) is not None  # the same log again
    # a match entered again under the same id, with a log of its own, shorter
    again = merged(withdrawn, "m1", 3, {"runs": 2}, _sum)
    assert again is not None and again["runs"] == 2 and again["versions"] == {"m1": 3}
    # a match taken out of a document (a version, no line) and then deleted: its version goes
    taken = merged(merged(None, "m1", 10, {"runs": 5}, _sum), "m1", 11, None, _sum)
    assert merged(taken, "m1", WITHDRAWN, None, _sum)["versions"] == {}


class Racing(Store):
    """A Store where another run can happen just before this one puts its lines in, and
    records can be held back, to land after a later run's."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.before_lines: Callable[[], None] | None = None
        self.held: list[dict[str, Any]] | None = None

    def put_lines(self, match_id: str, version: int, targets: list[Target]) -> None:
        meanwhile, self.before_lines = self.before_lines, None
        if meanwhile is not None:
            meanwhile()
        super().put_lines(match_id, version, targets)

    def record(self, match_id: str, recorded: dict[str, Any]) -> None:
        if self.held is not None:
            self.held.append(recorded)
        else:
            super().record(match_id, recorded)


GENERATED = GENERATED_MATCH_ID + "-5-overs"


@pytest.fixture
def racing(tmp_path: Path) -> Racing:
    match, actions = load_match(write_generated_match(tmp_path, overs=5))
    doc = to_document(match) | {"status": "completed", "completedVersion": 1,
                                "competitionId": "cpl", "season": "2024"}
    return Racing(doc, [(a.id, to_document(a)) for a in actions],
                  {"cpl": {"name": "CPL", "season": "2024"}})


def _counts_nothing(store: Store) -> bool:
    return store.summary is None and not any(store.counting(c) for c in (
        "team_season_stats", "player_season_stats", "player_h2h_stats", "player_career_stats"))


def test_a_deletion_during_a_corrections_run_leaves_nothing_counted(racing: Racing) -> None:
    """The correction's run read the match before it was deleted; the deletion's run takes
    the lines out before the correction's puts them in, and its record lands last. The
    correction's run finds the match gone after its writes and takes back what it put."""
    assert record_match(racing, GENERATED).mode == "recorded"
    racing.match_doc = racing.match_doc | {"completedVersion": 2}  # corrected: a run starts

    late: list[dict[str, Any]] = []

    def deleted() -> None:
        racing.match_doc, racing.held = None, late
        assert record_match(racing, GENERATED).mode == "recorded"  # the deletion's run
        racing.held = None  # its record is held back

    racing.before_lines = deleted
    assert record_match(racing, GENERATED).mode == "recorded"
    assert racing.recorded_ is not None and racing.recorded_["key"] is None  # taken back
    racing.record(GENERATED, late[0])  # the deletion's record lands after the correction's
    assert racing.recorded_ is not None and racing.recorded_["key"] is None
    assert _counts_nothing(racing)
    assert record_match(racing, GENERATED).mode == "no_match"


def test_a_deletion_that_read_an_older_record_takes_a_later_summary_down(
        racing: Racing) -> None:
    """The deletion's run read the record before a correction's run, at a later version of
    the log, wrote its summary: the summary comes down all the same."""
    record_match(racing, GENERATED)
    older = dict(racing.recorded_ or {})
    racing.log = [*racing.log, ("zz-late", {"junk": 1})]  # the log grows: a later version
    racing.match_doc = racing.match_doc | {"completedVersion": 2}
    record_match(racing, GENERATED)
    assert racing.summary_version > older["logVersion"]
    racing.recorded_, racing.match_doc = older, None
    assert record_match(racing, GENERATED).mode == "recorded"
    assert _counts_nothing(racing)


def test_a_match_entered_again_under_a_deleted_ones_id_counts(racing: Racing) -> None:
    """A fixture deleted and entered again under the same id (an id made from a provider's
    fixture): its log is its own, shorter than the first one's, and counts all the same."""
    first, log = dict(racing.match_doc), racing.log
    racing.log = [*log, ("zz-late", {"junk": 1})]  # a document more: a later version
    record_match(racing, GENERATED)
    racing.match_doc = None
    record_match(racing, GENERATED)
    racing.match_doc, racing.log = first, log
    assert record_match(racing, GENERATED).mode == "recorded"
    assert len(racing.counting("team_season_stats")) == 2 and racing.summary is not None


def test_a_match_entered_again_before_the_deletions_run_read_it(racing: Racing) -> None:
    """Deleted and entered again under the same id before any run saw it gone (found by
    review): the first match's lines and summary come out, and the second counts with its
    own log, shorter than the first one's."""
    first, log = dict(racing.match_doc), racing.log
    racing.log = [*log, ("zz-late", {"junk": 1})]  # the first match's log: a version more
    record_match(racing, GENERATED)
    racing.created_ = "2021-08-27T09:00:00+00:00"  # another match document, the same id
    racing.match_doc, racing.log = first | {"status": "scheduled", "completedVersion": None}, []
    record_match(racing, GENERATED)
    assert _counts_nothing(racing)
    racing.match_doc, racing.log = first | {"completedVersion": 7}, log
    assert record_match(racing, GENERATED).mode == "recorded"
    teams = racing.counting("team_season_stats")
    assert len(teams) == 2 and {d["versions"][GENERATED] for d in teams} == {len(log)}
    assert racing.summary is not None and racing.summary_version == len(log)
