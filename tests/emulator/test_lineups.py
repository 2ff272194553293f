"""Lineups end to end: an official (here the admin) writes who plays, the trigger keeps
live/lineups equal to the projection of the lineup documents, a spectator reads it.

Lineup documents are written as the admin (`Bearer owner`): the security rules for team
officials are tested with the rules. Real data: cricsheet.org, ODC Attribution License.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import scorebook.firestore.lineups as lineups_adapter
from scorebook.cricsheet import lineups_from_cricsheet
from scorebook.document import to_document
from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import lineups_path
from scorebook.match import Match, MatchLineup, lineup_documents, lineup_id
from scorebook.views.lineups import LineupsProjection, lineup_rules, project_lineups
from scorebook_tools.rest import FirestoreRest
from scorebook_tools.scoring_app import read_live_lineups, write_lineup
from tests.emulator.attacks import function_log, log_since, log_size
from tests.emulator.harness import T20, load_sample, seed_match, triggers_disabled, wait_for

SELECTED = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def lineup(match: Match, team_id: str, player_id: str, **fields: Any) -> MatchLineup:
    """A player of the XI, selected by the team's manager."""
    return MatchLineup.model_validate({
        "id": lineup_id(team_id, player_id), "matchId": match.id, "teamId": team_id,
        "playerId": player_id, "role": "playing_xi", "isCaptain": False, "isViceCaptain": False,
        "isWicketkeeper": False, "selectedAt": SELECTED, "selectedBy": "u-manager",
        "createdAt": SELECTED, **fields})


def sample_lineups(generated: Path) -> tuple[Match, list[MatchLineup]]:
    """The generated T20 and a clean lineup for it: its XIs, each side captained by its first
    player, and an impact player a side (a tactical replacement, as in the IPL) coming in
    for the side's last player."""
    match, _ = load_sample(generated)
    captains = {t.id: t.players[0].id for t in match.teams}
    entries = lineups_from_cricsheet(generated / T20, match_id=match.id, captains=captains)
    impact = [
        lineup(match, t.id, f"{t.id}-impact", name=f"{t.name} Impact",
               substitutedFor=t.players[-1].id, substitutionReason="tactical")
        for t in match.teams
    ]
    return match, [*entries, *impact]


def captain_of(entries: list[MatchLineup], team_id: str) -> MatchLineup:
    return next(e for e in entries if e.teamId == team_id and e.isCaptain)


def expected(admin: FirestoreRest, match: Match) -> LineupsProjection:
    """What live/lineups must say: the pure projection of the lineup documents as stored."""
    docs = admin.list(f"matches/{match.id}/lineups")
    return project_lineups(match.id, docs, **lineup_rules(to_document(match)))


def converged(
    admin: FirestoreRest, reader: FirestoreRest, match: Match
) -> Callable[[], dict[str, Any] | None]:
    """A probe for wait_for: live/lineups once it equals the projection of the documents."""

    def probe() -> dict[str, Any] | None:
        live = read_live_lineups(reader, match.id)
        if live is None:
            return None
        stored = LineupsProjection.model_validate(live).model_copy(update={"version": 0})
        return live if stored == expected(admin, match) else None

    return probe


def write_all(admin: FirestoreRest, match: Match, entries: list[MatchLineup]) -> None:
    for e in entries:
        write_lineup(admin, match.id, e)


def edit(entries: list[MatchLineup], player_id: str, **fields: Any) -> MatchLineup:
    e = next(e for e in entries if e.playerId == player_id)
    return e.model_copy(update=fields)


def test_a_clean_lineup_reaches_the_spectators_live_lineups(admin, spectator, generated):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)

    live = wait_for(converged(admin, spectator, match), "live/lineups of the clean lineup")

    assert live["problems"] == []
    assert [t["teamId"] for t in live["teams"]] == [t.id for t in match.teams]
    for team in live["teams"]:
        assert len(team["playingXI"]) == 11
        assert [p["battingPosition"] for p in team["playingXI"]] == list(range(1, 12))
        assert team["captainId"] == captain_of(entries, team["teamId"]).playerId


def _twelfth_player(match: Match, entries: list[MatchLineup]) -> list[Any]:
    team = match.teams[0].id
    return [lineup(match, team, "extra", name="Extra Man", battingPosition=12)]


def _no_captain(match: Match, entries: list[MatchLineup]) -> list[Any]:
    return [edit(entries, captain_of(entries, match.teams[0].id).playerId, isCaptain=False)]


def _two_keepers(match: Match, entries: list[MatchLineup]) -> list[Any]:
    team = match.teams[0].id
    xi = [e for e in entries if e.teamId == team and e.substitutedFor is None]
    return [edit(entries, xi[0].playerId, isWicketkeeper=True),
            edit(entries, xi[1].playerId, isWicketkeeper=True)]


def _same_batting_position(match: Match, entries: list[MatchLineup]) -> list[Any]:
    team = match.teams[0].id
    xi = [e for e in entries if e.teamId == team and e.substitutedFor is None]
    return [edit(entries, xi[3].playerId, battingPosition=3)]


def _player_in_both_teams(match: Match, entries: list[MatchLineup]) -> list[Any]:
    other = next(e for e in entries if e.teamId == match.teams[1].id)
    team = match.teams[0].id
    return [other.model_copy(update={"teamId": team, "id": lineup_id(team, other.playerId),
                                     "role": "substitute", "battingPosition": None})]


def _replacement_for_someone_not_playing(match: Match, entries: list[MatchLineup]) -> list[Any]:
    team = match.teams[0].id
    return [lineup(match, team, "late", name="Late Arrival", substitutedFor="never-selected",
                   substitutionReason="covid")]


def _unparseable(match: Match, entries: list[MatchLineup]) -> list[Any]:
    return [to_document(lineup(match, match.teams[0].id, "x", name="X")) | {"role": "twelfth_man"}]


def _keeper_spelt_the_old_way(match: Match, entries: list[MatchLineup]) -> list[Any]:
    team = match.teams[0].id
    keeper = to_document(lineup(match, team, "x", name="X"))
    keeper["isWicketKeeper"] = keeper.pop("isWicketkeeper")
    return [keeper]


def _team_sheet(match: Match, entries: list[MatchLineup]) -> list[Any]:
    team = match.teams[0]
    return [{"id": team.id, "matchId": match.id, "teamId": team.id,
             "players": [to_document(p) for p in team.players], "captainId": None,
             "wicketKeeperId": None, "updatedBy": "migration", "updatedAt": None,
             "createdAt": None}]


def _nameless_stranger(match: Match, entries: list[MatchLineup]) -> list[Any]:
    return [lineup(match, match.teams[0].id, "stranger", role="reserve")]


PROBLEMS = {
    "too_many_players": _twelfth_player,
    "no_captain": _no_captain,
    "several_wicketkeepers": _two_keepers,
    "duplicate_batting_position": _same_batting_position,
    "player_in_both_teams": _player_in_both_teams,
    "replacement_for_player_not_playing": _replacement_for_someone_not_playing,
    "unparseable_lineup": _unparseable,
    "unparseable_lineup (isWicketKeeper)": _keeper_spelt_the_old_way,
    "team_sheet_lineup": _team_sheet,
    "unnamed_player": _nameless_stranger,
}


@pytest.mark.parametrize("code", PROBLEMS)
def test_a_lineup_problem_written_on_purpose_shows_up_in_live_lineups(
    admin, spectator, generated, code
):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)
    wait_for(converged(admin, spectator, match), "live/lineups of the clean lineup")

    for bad in PROBLEMS[code](match, entries):
        if isinstance(bad, dict):  # what only an admin can write: the rules refuse it
            admin.set(f"matches/{match.id}/lineups/{bad['id']}", bad)
        else:
            write_lineup(admin, match.id, bad)

    live = wait_for(converged(admin, spectator, match), f"live/lineups reporting {code}")
    assert [p["code"] for p in live["problems"]] == [code.split()[0]]
    problem = live["problems"][0]
    assert problem["message"]
    if code == "unparseable_lineup":
        assert problem["message"] == "role: Input should be 'playing_xi', 'substitute', " \
            "'reserve' or 'withdrawn'"
    if code.startswith("unparseable_lineup"):
        assert problem["lineupId"].endswith("_x")
    if code == "team_sheet_lineup":
        assert problem["lineupId"] == match.teams[0].id
        assert len(live["teams"][0]["playingXI"]) == 11  # the per-player documents still count


def test_a_player_without_a_name_shows_the_name_the_match_gives_him(admin, spectator, generated):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    names = match.player_names()
    # the match lists the XIs; the impact players keep the names their entries give them
    nameless = [e.model_copy(update={"name": None}) if e.playerId in names else e
                for e in entries]
    assert sum(e.name is None for e in nameless) == 22
    write_all(admin, match, nameless)

    live = wait_for(converged(admin, spectator, match), "live/lineups named from the match")

    assert live["problems"] == []
    for team in live["teams"]:
        assert [p["name"] for p in team["playingXI"]] == [
            names[p["playerId"]] for p in team["playingXI"]]
        assert team["replacements"][0]["name"].endswith(" Impact")


def test_a_lineup_write_is_idempotent(admin, spectator, generated):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)
    version = wait_for(converged(admin, spectator, match), "the first lineup")["version"]

    for _ in range(3):  # the same documents again: every trigger run finds nothing to change
        write_all(admin, match, entries[:5])
    corrected = edit(entries, entries[0].playerId, name="Corrected Name")
    write_lineup(admin, match.id, corrected)

    live = wait_for(converged(admin, spectator, match), "the corrected name")
    assert live["version"] == version + 1
    names = {p["playerId"]: p["name"] for t in live["teams"] for p in t["playingXI"]}
    assert names[corrected.playerId] == "Corrected Name"


def test_lineup_documents_written_at_once_in_any_order_converge(admin, spectator, generated):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    entries = [*entries, *(_two_keepers(match, entries))]  # a later write wins per document

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda e: write_lineup(admin, match.id, e), reversed(entries)))

    live = wait_for(converged(admin, spectator, match), "live/lineups after a burst")
    assert live["version"] >= 1


def run_lines(log: str, said: str) -> list[str]:
    """What each run of live/lineups said (`said`: its line's start), in the functions' log:
    not an attempt that lost a race, which a run may log before its own line."""
    found = [line.split(said, 1)[1].strip() for line in log.splitlines() if said in line]
    return [line for line in found if not line.startswith("attempt")]


def test_both_sides_written_in_one_commit_are_read_by_one_run(admin, spectator, generated):
    """Twenty-four entries in one commit are twenty-four events for one change: the first
    run reads the match and every entry, and the others, which the same instance runs, find
    that read covers their write and read nothing."""
    if function_log() is None:
        pytest.skip("the functions' log is another session's: the runs cannot be counted")
    match, entries = sample_lineups(generated)
    said = f"live/lineups of {match.id}:"
    since = log_size()
    seed_match(admin, match)  # the match's own run first, so that it reads none of them
    wait_for(lambda: said in log_since(since) or None, "the new match's run")
    since = log_size()
    admin.commit([admin.set_write(f"{lineups_path(match.id)}/{e.id}", to_document(e))
                  for e in entries])
    wait_for(converged(admin, spectator, match), "live/lineups of the commit")
    wait_for(lambda: len(run_lines(log_since(since), said)) >= len(entries) or None,
             "a run for each entry written")
    runs = run_lines(log_since(since), said)
    assert len(runs) == len(entries)
    read = [r for r in runs if r != "read by this instance already"]
    assert len(read) == 1, read


def test_deleting_the_captains_entry_reports_no_captain(admin, spectator, generated):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)
    wait_for(converged(admin, spectator, match), "the clean lineup")

    captain = captain_of(entries, match.teams[1].id)
    admin.delete(f"matches/{match.id}/lineups/{captain.id}")

    live = wait_for(converged(admin, spectator, match), "no captain after the delete")
    assert [(p["code"], p["teamId"]) for p in live["problems"]] == [
        ("no_captain", match.teams[1].id)
    ]


def test_replacements_appear_with_the_player_they_replace(admin, spectator, generated):
    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)

    live = wait_for(converged(admin, spectator, match), "live/lineups with the impact players")

    docs = dict(lineup_documents(entries))
    for team in live["teams"]:
        (replacement,) = team["replacements"]  # one impact player a side
        replaced = replacement["replacedPlayerId"]
        assert replacement["reason"] == "tactical"
        assert replacement["replacedPlayerName"] == docs[f"{team['teamId']}_{replaced}"]["name"]
        line = next(p for p in team["playingXI"] if p["playerId"] == replaced)
        assert line["replacedBy"] == replacement["playerId"]
        assert replacement["playerId"] not in [p["playerId"] for p in team["playingXI"]]


def test_a_run_whose_live_lineups_moved_before_its_write_writes_nothing_and_reads_again(
        admin, generated, monkeypatch: pytest.MonkeyPatch):
    """A run reads in a read-only snapshot (no lock) and writes live/lineups on condition that
    it is still the one read: another run that wrote first, with an entry written meanwhile,
    is not put back to before it."""
    db = firestore_client()
    match, entries = sample_lineups(generated)
    late = lineup(match, match.teams[0].id, "late-pick", name="Late Pick", role="reserve")
    projected, calls = lineups_adapter.next_lineups_document, []

    def interleaved(live: Any, projection: LineupsProjection) -> Any:
        calls.append(projection)
        if len(calls) == 1:  # between this run's reads and its write, another run's whole
            write_lineup(admin, match.id, late)
            assert lineups_adapter.refresh_live_lineups(db, match.id) == 2
        return projected(live, projection)

    with triggers_disabled():  # the runs are this test's, in the order it says
        seed_match(admin, match)
        write_all(admin, match, entries[:-1])
        assert lineups_adapter.refresh_live_lineups(db, match.id) == 1
        write_lineup(admin, match.id, entries[-1])  # what this run has to write
        monkeypatch.setattr(lineups_adapter, "next_lineups_document", interleaved)
        version = lineups_adapter.refresh_live_lineups(db, match.id)

    assert len(calls) == 3, "the first write should have failed its condition and read again"
    assert version is None  # the second read found what the other run wrote
    live = read_live_lineups(admin, match.id)
    assert live["version"] == 2
    assert "late-pick" in str(live) and entries[-1].playerId in str(live)
    assert converged(admin, admin, match)()


def test_a_date_written_as_text_from_year_one_never_freezes_the_match(
        admin, spectator, user, generated):
    """An admin's lineup entries dated '0001-01-01T00:00:00' (text without a zone), one of
    them a replacement: every trigger run failed on them ("year 0 is out of range"), live/score
    was never written and the match stood still. Read as UTC, the match is scored, an old
    ball voided, and both projections equal their documents'."""
    from scorebook.cricsheet import load_match
    from scorebook_tools.scoring_app import read_live_score, void_action, write_action
    from tests.emulator.harness import SCORER, live_score_at

    match, entries = sample_lineups(generated)
    seed_match(admin, match)
    write_all(admin, match, entries)
    team = match.teams[0]
    old = {"selectedAt": "0001-01-01T00:00:00", "createdAt": "0001-01-01T00:00:00"}
    admin.set(f"matches/{match.id}/lineups/{lineup_id(team.id, team.players[0].id)}",
              to_document(captain_of(entries, team.id)) | old)
    impact = f"matches/{match.id}/lineups/{lineup_id(team.id, f'{team.id}-impact')}"
    admin.set(impact, admin.get(impact) | {"substitutedAt": "0001-01-01T00:00:00"})

    _, actions = load_match(generated / T20, match_id=match.id, recorded_by=SCORER)
    scorer = user(SCORER)
    for action in actions[:12]:
        write_action(scorer, action)
    score = wait_for(live_score_at(admin, match.id, actions[11].id), "the balls folded")
    void_action(scorer, match.id, actions[3].id, "the umpire had called dead ball", uid=SCORER)
    voided = wait_for(lambda: (s := read_live_score(admin, match.id))
                      and s["version"] > score["version"] and s, "the void folded")
    assert voided["currentInnings"]["runs"] == score["currentInnings"]["runs"] - (
        actions[3].totalRuns)
    live = wait_for(converged(admin, spectator, match), "live/lineups with year-one dates")
    assert [len(t["replacements"]) for t in live["teams"]] == [1, 1]


def test_after_a_change_of_who_plays_live_score_takes_the_lineups_live_lineups_read(
        admin, generated):
    """A lineup's trigger brings live/lineups in line, then live/score: the second takes the
    match and the lineup documents the first read (an official's squad is 22 writes, each a
    run) rather than reading them again, and makes of them what its own reads would."""
    from scorebook.firestore.live_score import refresh_live_score

    db = firestore_client()
    match, entries = sample_lineups(generated)
    with triggers_disabled():  # the runs are this test's
        seed_match(admin, match)
        write_all(admin, match, entries)
        _, known = lineups_adapter.refresh_lineups_read(db, match.id)
        started, _ = refresh_live_score(db, match.id, match_changed=True, known=known,
                                        notify=False)
        renamed = edit(entries, entries[0].playerId, name="Renamed Opener")
        write_lineup(admin, match.id, renamed)
        version, known = lineups_adapter.refresh_lineups_read(db, match.id)
        taken, reads_taken = refresh_live_score(db, match.id, match_changed=True, known=known,
                                                notify=False)
        again, reads_again = refresh_live_score(db, match.id, match_changed=True, notify=False)

    assert version == 2 and known.match is not None and known.checkpoint_time is not None
    read = dict(known.lineups)[lineup_id(renamed.teamId, renamed.playerId)]
    assert read["name"] == "Renamed Opener"
    assert (started.mode, taken.mode, again.mode) == ("rebuilt", "renamed", "unchanged")
    # the match and its lineups: what live/lineups' run read, not read again
    assert reads_again - reads_taken == 1 + len(known.lineups)
    checkpoint = admin.get(f"matches/{match.id}/projection/state")
    assert checkpoint["lastMode"] == "renamed"


def test_what_live_lineups_read_is_not_taken_once_another_run_committed_since(admin, generated):
    """A run's live/score takes the lineups its live/lineups read only while the checkpoint is
    the one written when they were read: here a later rename's run commits in between, and
    the earlier run, which read the old name, reads again rather than put it back."""
    from scorebook.firestore.live_score import refresh_live_score

    db = firestore_client()
    match, entries = sample_lineups(generated)
    with triggers_disabled():  # the runs are this test's, in the order it says
        seed_match(admin, match)
        write_all(admin, match, entries)
        _, known = lineups_adapter.refresh_lineups_read(db, match.id)
        refresh_live_score(db, match.id, match_changed=True, known=known, notify=False)
        _, before_rename = lineups_adapter.refresh_lineups_read(db, match.id)
        write_lineup(admin, match.id, edit(entries, entries[0].playerId, name="Renamed Opener"))
        _, after_rename = lineups_adapter.refresh_lineups_read(db, match.id)
        renamed, _ = refresh_live_score(db, match.id, match_changed=True, known=after_rename,
                                        notify=False)
        late, _ = refresh_live_score(db, match.id, match_changed=True, known=before_rename,
                                     notify=False)
        again, _ = refresh_live_score(db, match.id, match_changed=True, notify=False)

    assert before_rename.checkpoint_time == after_rename.checkpoint_time is not None
    # the late run read the rename itself: nothing to do; had it taken what it was given,
    # it would have written the old name back ("renamed"), and the next run the new one
    assert (renamed.mode, late.mode, again.mode) == ("renamed", "unchanged", "unchanged")
