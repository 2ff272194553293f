"""After the match, through the real emulators: a competition's matches replayed and
completed, its table and statistics read back as an app reads them; corrections to a
completed match; a trigger delivered twice; the rebuild script; the export.

Every document must equal what the pure command line computes from the same files
(`python -m scorebook_tools season`), which gives the 2021 CPL's published table
(tests/unit/test_season.py). The whole league stage through the emulators, against the
published table, is a long replay: `make bench` runs it (benchmarks/season.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from typing import Any

import pytest

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.firestore import season as season_adapter
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import (
    competition_path,
    match_path,
    match_summary_path,
    scoring_action_path,
    season_contribution_path,
)
from scorebook.firestore.season import record_completed_match
from scorebook.fold import fold_into
from scorebook.match import Match
from scorebook.season.lines import match_contribution, season_documents
from scorebook.season.table import Competition
from scorebook.service.season import KEY_FIELDS
from scorebook.state import initial_state
from scorebook_tools.cricsheet_export import to_cricsheet
from scorebook_tools.realdata import real_match
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import create_match, void_action, write_action
from tests.conftest import REPO
from tests.emulator.harness import triggers_disabled, wait_for

CPL = json.loads((REPO / "tests" / "data" / "competitions" / "cpl-2021.json").read_text())
#: figures the functions add that the pure documents do not have
BOOKKEEPING = {"id", "matches", "versions", "lastUpdated", "format"}


def _competition(admin: FirestoreRest, source: dict[str, Any], match_ids: dict[str, str],
                 ) -> Competition:
    """The competition under a fresh id, its table matches renamed as they were replayed."""
    suffix = uuid.uuid4().hex[:6]
    doc = {k: v for k, v in source.items() if k != "published"} | {
        "id": f"{source['id']}-{suffix}",
        "tableMatches": [match_ids[m] for m in source["tableMatches"] if m in match_ids]}
    admin.set(competition_path(doc["id"]), doc)
    return Competition.model_validate(doc)


def _replay(admin: FirestoreRest, cricsheet_ids: list[str]) -> dict[str, tuple[Match, list]]:
    """The matches as an admin's import writes them (each log in batches, the triggers
    off), under fresh ids: {cricsheet id: (match, actions)}."""
    out = {}
    suffix = uuid.uuid4().hex[:6]
    with triggers_disabled():
        for cid in cricsheet_ids:
            path = real_match(cid)
            if path is None:
                pytest.skip(f"{cid} is not here: `make data` fetches the Cricsheet matches")
            match, actions = load_match(path, match_id=f"{cid}-{suffix}")
            out[cid] = (match, actions)
            writes = [admin.create_write(scoring_action_path(match.id, a.id), to_document(a))
                      for a in actions]
            for start in range(0, len(writes), 500):
                admin.commit(writes[start:start + 500])
    return out


def _enter(admin: FirestoreRest, competition: Competition,
           matches: dict[str, tuple[Match, list]]) -> None:
    """Each match named in the competition: the functions fold its log, find it completed,
    and count it."""
    for match, _ in matches.values():
        create_match(admin, match.model_copy(update={"competitionId": competition.id,
                                                     "season": competition.season}))


def _counted(admin: FirestoreRest, matches: dict[str, tuple[Match, list]]) -> None:
    def probe() -> bool:
        return all((admin.get(season_contribution_path(m.id)) or {}).get("key", {}).get(
            "status") == "completed" for m, _ in matches.values())
    wait_for(probe, "every match counted", deadline=240)


def _pure(competition: Competition, matches: dict[str, tuple[Match, list]]) -> dict[str, Any]:
    played = []
    for match, actions in matches.values():
        state = initial_state(match)
        fold_into(state, actions)
        mine = match_contribution(state, actions, competition, match.dates,
                                  match.playerOfMatch)
        if mine is not None:
            played.append(mine)
    return season_documents(competition, played)


def _table(admin: FirestoreRest, competition: Competition, played: int) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        table = admin.get(f"competition_tables/{competition.id}")
        rows = (table or {}).get("rows", [])
        return table if sum(r["matchesPlayed"] for r in rows) == played else None
    return wait_for(probe, f"the table to count {played} sides' matches", deadline=240)


def _bare(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in BOOKKEEPING}


#: The first matches of the 2021 CPL: a long replay of all 30, and the table published
#: after them, are `make bench`'s (benchmarks/season.py); the command line's test has it too.
SAMPLE = CPL["tableMatches"][:4]


def test_a_season_replayed_through_the_functions_equals_the_command_lines(
        admin: FirestoreRest, spectator: FirestoreRest) -> None:
    """Four matches of the 2021 CPL, then what happens to them afterwards (one replay serves
    them all): a correction, a match no longer complete, the rebuild script, the export, the
    league's new points for a win."""
    matches = _replay(admin, SAMPLE)
    competition = _competition(admin, CPL, {cid: m.id for cid, (m, _) in matches.items()})
    _enter(admin, competition, matches)
    _counted(admin, matches)
    played = 2 * len(SAMPLE)
    table = _table(spectator, competition, played)  # a spectator, signed in or not, reads it
    pure = _pure(competition, matches)
    assert table["rows"] == pure["table"]
    _documents_equal_the_command_lines(spectator, competition, pure, matches)
    _summary_and_archive(spectator, *matches["1269700"])
    _a_player_of_the_match_named_afterwards_is_counted(admin, spectator, competition,
                                                        matches["1269701"][0])
    _a_correction_changes_the_table_once(admin, spectator, competition, *matches["1269700"],
                                         played=played)
    _the_rebuild_script_counts_it_again(admin, competition, len(SAMPLE))
    _a_match_no_longer_complete_takes_its_figures_back(admin, spectator, competition,
                                                       *matches["1269702"], played=played - 2)
    _any_match_exports_from_its_log(*matches["1269703"])
    _new_rules_count_the_matches_again(admin, spectator, competition)
    _a_deleted_match_leaves_the_season(admin, spectator, competition, matches["1269703"][0],
                                       played=played - 4)



def test_a_match_ranked_between_another_runs_read_and_write_stays_in_the_table(
        admin: FirestoreRest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is read in a snapshot that locks nothing and written on condition that it
    is still the one read: a match whose run ranked the table in between (its sides' first
    match: documents the other run never saw) is not ranked out of it again."""
    matches = _replay(admin, SAMPLE[:2])
    competition = _competition(admin, CPL, {cid: m.id for cid, (m, _) in matches.items()})
    first, second = (m for m, _ in matches.values())
    db, ranked, team_rows = firestore_client(), [], season_adapter.team_rows

    def interleaved(of: Competition, lines: list[Any]) -> Any:
        ranked.append(len(lines))
        if len(ranked) == 1:  # between this run's reads and its write, another match's run
            record_completed_match(db, second.id)
        return team_rows(of, lines)

    with triggers_disabled():  # the runs are this test's, in the order it says
        for match in (first, second):
            create_match(admin, match.model_copy(update={
                "competitionId": competition.id, "season": competition.season}), "completed")
            admin.update(match_path(match.id), {"completedVersion": 1})
        monkeypatch.setattr(season_adapter, "team_rows", interleaved)
        record_completed_match(db, first.id)

    assert ranked == [2, 2, 4], "the first write should have failed its condition and read again"
    rows = admin.get(f"competition_tables/{competition.id}")["rows"]
    assert sum(row["matchesPlayed"] for row in rows) == 4
    assert {row["teamId"] for row in rows} == {t.id for m in (first, second) for t in m.teams}


def _documents_equal_the_command_lines(spectator: FirestoreRest, competition: Competition,
                                      pure: dict[str, Any], matches: dict) -> None:
    mine = {"competitionId": competition.id}  # a run of an earlier test may still be writing

    def listed(collection: str) -> list[dict[str, Any]]:
        return [d for _, d in spectator.list(collection)
                if d.get("competitionId") == mine["competitionId"]]

    teams = {doc["teamId"]: doc for doc in listed("team_season_stats")}
    assert {t: _bare(d) for t, d in teams.items()} == {r["teamId"]: r for r in pure["table"]}
    players = listed("player_season_stats")
    assert sorted((_bare(d) for d in players), key=lambda d: (d["teamId"], d["personId"])) \
        == [_bare(d) for d in pure["players"]]
    pairs = listed("player_h2h_stats")
    assert len(pairs) == len(pure["headToHeads"])
    by_pair = {(d["batsmanId"], d["bowlerId"]): _bare(d) for d in pairs}
    assert all(by_pair[(p["batsmanId"], p["bowlerId"])] == _bare(p)
               for p in pure["headToHeads"])
    # every player's career (T20, all competitions) holds each of these matches once
    ids = {m.id for m, _ in matches.values()}
    careers = [line for _, d in spectator.list("player_career_stats")
               for match_id, line in d["matches"].items() if match_id in ids]
    assert sum(line["matchesPlayed"] for line in careers) == sum(
        p["matchesPlayed"] for p in pure["players"])


def _summary_and_archive(spectator: FirestoreRest, match: Match, actions: list) -> None:
    summary = spectator.get(match_summary_path(match.id))
    assert summary is not None and summary["result"]["text"].startswith(
        "Guyana Amazon Warriors won")
    page = spectator.get(f"{match_summary_path(match.id)}/balls/01-00")
    assert page is not None and len(page["deliveries"]) == sum(
        1 for a in actions if getattr(a, "kind", None) == "delivery" and a.inningsNumber == 1)


def _a_player_of_the_match_named_afterwards_is_counted(
        admin: FirestoreRest, spectator: FirestoreRest, competition: Competition,
        match: Match) -> None:
    """The officials name the player of the match once it is over (the usual order): an
    edit of the match that changes nothing on live/score, and so moves no version."""
    named_before = list(admin.get(match_path(match.id)).get("playerOfMatch") or [])
    named = next(p.id for p in match.teams[1].players if p.id not in named_before)

    def awards() -> dict[str, int]:
        return {d["personId"]: d.get("momAwards", 0) for _, d in
                spectator.list("player_season_stats")
                if d.get("competitionId") == competition.id}

    before = awards()
    admin.update(match_path(match.id), {"playerOfMatch": [named]})
    expected = {**before, named: before.get(named, 0) + 1} | {
        p: before[p] - 1 for p in named_before if p in before}
    wait_for(lambda: awards() == expected, "the award moved to the player named", deadline=120)


def _rows(spectator: FirestoreRest, competition: Competition) -> dict[str, dict[str, Any]]:
    table = spectator.get(f"competition_tables/{competition.id}") or {}
    return {r["teamId"]: r for r in table.get("rows", [])}


def _a_correction_changes_the_table_once(admin: FirestoreRest, spectator: FirestoreRest,
                                         competition: Competition, match: Match,
                                         actions: list, *, played: int) -> None:
    before = _rows(spectator, competition)
    last = next(a for a in reversed(actions) if getattr(a, "kind", None) == "delivery"
                and a.runsOffBat <= 1 and a.wicket is None)
    # the admin corrects a ball of the last over: two more runs off the bat
    corrected = type(last).model_validate(last.model_dump() | {
        "id": f"{last.id}-c1", "corrects": last.id, "source": "correction",
        "runsOffBat": last.runsOffBat + 2, "totalRuns": last.totalRuns + 2})
    write_action(admin, corrected)
    void_action(admin, match.id, last.id, "two runs missed", uid="admin",
                corrected_by=corrected.id)
    batting = next(inn.battingTeamId for inn in _folded(match, actions).innings
                   if inn.number == last.inningsNumber)

    def changed() -> dict[str, Any] | None:
        rows = _rows(spectator, competition)
        row = rows.get(batting)
        return rows if row and row["runsScored"] == before[batting]["runsScored"] + 2 else None

    after = wait_for(changed, "the correction in the table", deadline=120)
    assert after[batting]["matchesPlayed"] == before[batting]["matchesPlayed"]
    assert sum(r["matchesPlayed"] for r in after.values()) == played
    # delivered again, the same change writes nothing; forced, it finds every line in place
    db = firestore_client()
    def counted_as_it_is() -> bool:
        key = (admin.get(season_contribution_path(match.id)) or {}).get("key") or {}
        now = admin.get(match_path(match.id)) or {}
        return {k: key.get(k) for k in KEY_FIELDS} == {k: now.get(k) for k in KEY_FIELDS}

    wait_for(counted_as_it_is, "the correction counted")
    outcome, _, written = record_completed_match(db, match.id)
    assert outcome.mode == "unchanged" and written == 0
    outcome, read, written = record_completed_match(db, match.id, force=True)
    # the summary and archive pages, the table document and the bookkeeping: no statistics
    assert outcome.mode == "recorded" and written <= 8, written
    # the log as the projection's pages hold it (refolded from the correction's page on),
    # not its actions one by one (read so, they alone would pass this): the same table below
    assert read < len(actions), read
    assert _rows(spectator, competition) == after


def _folded(match: Match, actions: list):
    state = initial_state(match)
    fold_into(state, actions)
    return state


def _the_rebuild_script_counts_it_again(admin: FirestoreRest, competition: Competition,
                                        matches: int) -> None:
    table = admin.get(f"competition_tables/{competition.id}")
    script = [sys.executable, str(REPO / "scripts" / "rebuild_season.py"),
              "--competition", competition.id]
    dry = subprocess.run([*script, "--dry-run"], capture_output=True, text=True, check=False)
    assert dry.returncode == 0, dry.stderr
    assert f"{matches} matches" in dry.stdout and "0 would change" in dry.stdout, dry.stdout
    for _, doc in admin.list("team_season_stats"):  # someone breaks the figures
        if doc.get("competitionId") == competition.id:
            admin.set(f"team_season_stats/{doc['id']}", {**doc, "points": 99, "matches": {}})
    dry = subprocess.run([*script, "--dry-run"], capture_output=True, text=True, check=False)
    assert dry.returncode == 1 and f"{matches} would change" in dry.stdout, dry.stdout
    run = subprocess.run(script, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert admin.get(f"competition_tables/{competition.id}")["rows"] == table["rows"]


def _a_match_no_longer_complete_takes_its_figures_back(
        admin: FirestoreRest, spectator: FirestoreRest, competition: Competition,
        match: Match, actions: list, *, played: int) -> None:
    # the last ball and the officials' result were recorded by mistake: play goes on
    last = next(a for a in reversed(actions) if getattr(a, "kind", None) == "delivery")
    result = next(a for a in reversed(actions) if getattr(a, "kind", None) == "match_result")
    void_action(admin, match.id, result.id, "recorded too soon", uid="admin")
    void_action(admin, match.id, last.id, "the last ball was never bowled", uid="admin")
    _table(spectator, competition, played)
    wait_for(lambda: spectator.get(match_summary_path(match.id)) is None,
             "the summary taken down")
    sides = {t.id for t in match.teams}
    for _, doc in spectator.list("player_season_stats"):
        if doc.get("competitionId") == competition.id:
            assert match.id not in doc["matches"]
            if doc["teamId"] in sides:  # the side's other matches still count
                assert doc["matchesPlayed"] == len(doc["matches"])


def _any_match_exports_from_its_log(match: Match, actions: list) -> None:
    exported = subprocess.run([sys.executable, "-m", "scorebook_tools", "export", match.id],
                              capture_output=True, text=True, check=True,
                              cwd=REPO / "functions").stdout
    expected = to_cricsheet(match, actions)
    assert json.loads(exported)["innings"] == expected["innings"]
    assert json.loads(exported)["info"]["outcome"] == expected["info"]["outcome"]


def _new_rules_count_the_matches_again(admin: FirestoreRest, spectator: FirestoreRest,
                                       competition: Competition) -> None:
    # (bonus points, four-day matches and five-ball overs are checked without Firebase, in
    # tests/unit/test_season.py: the functions run the same code on any format)
    before = _rows(spectator, competition)
    admin.update(competition_path(competition.id), {"points": CPL["points"] | {"win": 3}})

    def recounted() -> bool:
        rows = _rows(spectator, competition)
        return all(rows[team]["points"] == row["points"] + row["wins"]
                   for team, row in before.items())
    wait_for(recounted, "the table recounted by the new points", deadline=120)


def _a_deleted_match_leaves_the_season(admin: FirestoreRest, spectator: FirestoreRest,
                                       competition: Competition, match: Match, *,
                                       played: int) -> None:
    """An admin deletes a match entered twice or by mistake: it counts for nothing any more
    (before, its lines stayed in the season for good)."""
    admin.delete(match_path(match.id))
    _table(spectator, competition, played)
    # (whoever may follow a match is the match's to say: a spectator may read nothing of it)
    wait_for(lambda: admin.get(match_summary_path(match.id)) is None, "the summary taken down")
    assert not any(match.id in doc["matches"] for collection in (
        "player_season_stats", "player_career_stats", "team_season_stats")
        for _, doc in spectator.list(collection))
    wait_for(lambda: admin.get(season_contribution_path(match.id))["key"] is None,
             "the record of a deleted match")
