"""Legacy ballHistory -> scoring actions: the real scorecard survives, and each place where a
naive index/6 mapping goes wrong is got right."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from scorebook.cricsheet import load_match
from scorebook.document import to_document
from scorebook.match import Match, Player, Team
from scorebook.roles import MatchRoleAssignment, TeamRoleAssignment
from scorebook.views.scorecard import project
from scorebook_tools.generated_match import GENERATED_MATCH_ID
from scorebook_tools.legacy import (
    LegacyBall,
    compare_totals,
    convert_ball_history,
    convert_lineups,
    legacy_dataset,
    legacy_from_cricsheet,
    match_roles,
    person_roles,
    split_extras,
)
from tests.conftest import real_match_params, real_match_path

#: guesses the converter reports: who stood where when the legacy balls cannot tell
GUESSES = {"dismissed_batter_guessed", "non_striker_guessed", "non_striker_unknown",
           "batter_without_wicket"}


def kept_figures(projection, skip_players=frozenset()) -> dict:
    """The figures a legacy ball keeps: totals, extras (byes and leg-byes together: a
    no-ball's runs run are one number), batting (not the order in) and bowling."""
    out = {}
    for s in projection.innings:
        if not s.balls and not s.runs:
            continue  # a forfeited innings has no balls to migrate
        out[s.inningsNumber] = {
            "team": s.battingTeamId,
            "runs": s.runs, "wickets": s.wickets, "balls": s.balls, "overs": s.overs,
            "extras": (s.extras.wides, s.extras.noBalls, s.extras.byes + s.extras.legByes,
                       s.extras.penalty, s.extras.total),
            "batting": {b.playerId: (b.runs, b.ballsFaced, b.sixes, b.isOut)
                        for b in s.batsmen if b.playerId not in skip_players
                        # a batter who never faced and was not out is named by no legacy ball
                        and (b.ballsFaced or b.isOut)},
            "bowling": {b.playerId: (b.ballsBowled, b.runsConceded, b.wickets, b.wides,
                                     b.noBalls, b.maidens, b.dotBalls) for b in s.bowlers},
            "fow_scores": [(f.wicketNumber, f.score, f.over) for f in s.fallOfWickets],
        }
    return out


def migrate(path: Path):
    docs = legacy_from_cricsheet(path)
    mid = path.stem
    match = Match.model_validate(docs[f"matches/{mid}"])
    actions, problems = convert_ball_history(match, docs[f"matches/{mid}/live/score"])
    return docs, match, actions, problems


def test_the_generated_match_in_the_legacy_shape_migrates_to_its_true_scorecard(generated):
    assert_migrates_to_its_true_scorecard(generated / f"{GENERATED_MATCH_ID}.json")


@pytest.mark.parametrize("path", real_match_params())
def test_a_real_match_in_the_legacy_shape_migrates_to_its_true_scorecard(path):
    assert_migrates_to_its_true_scorecard(path)


def assert_migrates_to_its_true_scorecard(path: Path) -> None:
    docs, match, actions, problems = migrate(path)
    true_match, true_actions = load_match(path)
    truth = project(true_match, true_actions)
    # players the converter had to guess about are reported; leave their lines out
    words = {w.strip(",.()") for p in problems if p.code in GUESSES for w in p.message.split()}
    guessed = words & set(match.player_names())
    # a legacy ball has no boundary flag: four or six run all the way (Law 19.6) reads as a
    # boundary, so the batters who ran one keep their runs but not their boundary counts
    guessed |= {a.strikerId for a in true_actions if a.kind == "delivery"
                and a.runsOffBat in (4, 6) and a.isBoundary is False}
    assert kept_figures(project(match, actions), guessed) == kept_figures(truth, guessed)
    assert all(a.source == "migration" for a in actions)
    assert not [p for p in problems if p.code in ("unreadable", "breaks_the_laws")]


def test_a_legacy_match_has_the_same_totals_as_its_legacy_document(generated):
    docs, match, actions, _ = migrate(generated / f"{GENERATED_MATCH_ID}.json")
    legacy = docs[f"matches/{GENERATED_MATCH_ID}/live/score"]
    assert compare_totals(legacy, to_document(project(match, actions))) == []


def test_the_legacy_balls_have_no_non_striker_and_loose_extras(generated):
    docs = legacy_from_cricsheet(generated / f"{GENERATED_MATCH_ID}.json")
    balls = docs[f"matches/{GENERATED_MATCH_ID}/live/score"]["ballHistory"]
    assert all("nonStrikerId" not in b for b in balls)
    assert len({b["extraType"] for b in balls if b["extraType"]}) > 4
    assert any(isinstance(b["extraRuns"], str) for b in balls)


def test_conversion_is_deterministic(generated):
    path = generated / f"{GENERATED_MATCH_ID}.json"
    assert migrate(path)[2] == migrate(path)[2]


# --- the pitfalls, one at a time --------------------------------------------------------------

A, B, C, D = "a", "b", "c", "d"
X, Y = "x", "y"


def tiny_match(**kw) -> Match:
    return Match(
        id="m1",
        teams=[
            Team(id="bat", name="Bat", players=[Player(id=p, name=p.upper()) for p in "abcde"]),
            Team(id="bowl", name="Bowl", players=[Player(id=p, name=p.upper()) for p in "xyz"]),
        ],
        **kw,
    )


def ball(striker=A, bowler=X, **kw) -> dict:
    return {"strikerId": striker, "bowlerId": bowler, "runs": 0, "timestamp": 1_700_000_000_000,
            "innings": 1, **kw}


def convert(*balls, **match_kw):
    return convert_ball_history(tiny_match(**match_kw), {"ballHistory": list(balls)})


def deliveries(actions):
    return [a for a in actions if a.kind == "delivery"]


def test_a_wide_is_bowled_again_so_the_over_has_seven_deliveries():
    history = [ball(), ball(extraType="wd", extraRuns=1)] + [ball() for _ in range(5)]
    history.append(ball(striker=A, bowler=Y))
    d = deliveries(convert(*history)[0])
    assert [(x.overNumber, x.ballInOver) for x in d] == [
        (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (1, 1)]
    assert d[1].isLegalDelivery is False


def test_the_non_striker_is_the_other_batter_seen_on_strike():
    d = deliveries(convert(ball(A, runs=1), ball(B), ball(B, runs=1), ball(A))[0])
    assert [(x.strikerId, x.nonStrikerId) for x in d] == [(A, B), (B, A), (B, A), (A, B)]


def test_a_non_striker_who_never_faced_is_the_next_in_the_batting_order():
    actions, problems = convert(ball(A), ball(A))
    assert deliveries(actions)[0].nonStrikerId == B  # the batting order: a, b, c, ...
    assert any(p.code == "non_striker_guessed" for p in problems)


def test_a_new_batter_comes_in_at_the_dismissed_batters_end():
    # a is caught mid-over: the new batter c faces the next ball, b stays at the other end
    history = [ball(A, runs=1), ball(B, runs=1), ball(A, isWicket=True, wicketType="Caught",
                                                      fielderIds=[Y]), ball(C), ball(C, runs=1),
               ball(B)]
    d = deliveries(convert(*history)[0])
    assert d[2].wicket.dismissedPlayerId == A
    assert (d[3].strikerId, d[3].nonStrikerId) == (C, B)


def test_a_run_out_of_the_non_striker_is_found_from_who_bats_on():
    history = [ball(A, runs=1), ball(B), ball(B, isWicket=True, wicketType="run out"),
               ball(B), ball(C)]
    d = deliveries(convert(*history)[0])
    assert d[2].wicket.dismissedPlayerId == A  # b faced again: a was run out
    assert d[2].wicket.type == "run_out"


def test_runs_off_the_bat_on_a_no_ball_are_the_strikers_and_the_no_ball_is_the_bowlers():
    d = deliveries(convert(ball(A, runs=4, extraType="No Ball", extraRuns="1"))[0])[0]
    assert d.runsOffBat == 4 and d.extras.noBall == 1 and d.totalRuns == 5
    assert d.isLegalDelivery is False


def test_runs_run_off_a_no_ball_are_byes_not_the_strikers():
    d = deliveries(convert(ball(A, extraType="nb", extraRuns=3))[0])[0]
    assert (d.runsOffBat, d.extras.noBall, d.extras.bye) == (0, 1, 2)


def test_a_two_run_no_ball_competition_keeps_its_penalty():
    d = deliveries(convert(ball(A, extraType="noball", extraRuns=2), noBallRuns=2)[0])[0]
    assert (d.extras.noBall, d.extras.bye) == (2, 0)


def test_every_run_on_a_wide_is_a_wide():
    runs, extras, notes = split_extras(LegacyBall(**ball(runs=2, extraType="Wide",
                                                          extraRuns=1)))
    assert runs == 0 and extras.wide == 3 and notes


def test_leg_byes_typed_loosely_are_leg_byes_and_not_the_strikers():
    for spelling in ("legbye", "Leg Bye", "lb", "leg-bye"):
        d = deliveries(convert(ball(A, runs=2, extraType=spelling))[0])[0]
        assert (d.runsOffBat, d.extras.legBye) == (0, 2), spelling


def test_a_retirement_is_its_own_event_and_not_a_wicket():
    history = [ball(A, runs=1), ball(B, isWicket=True, wicketType="retired hurt"), ball(C)]
    actions, _ = convert(*history)
    kinds = [a.kind for a in actions]
    assert kinds == ["innings_start", "delivery", "delivery", "retirement", "delivery"]
    assert actions[3].batterId == B and actions[3].type == "retired_hurt"
    assert actions[2].isWicket is False


def test_the_next_innings_is_found_when_the_balls_carry_no_innings_number():
    history = [ball(A, innings=None), ball(X, bowler=A, innings=None)]
    actions, _ = convert(*history)
    assert [(a.kind, a.inningsNumber) for a in actions] == [
        ("innings_start", 1), ("delivery", 1), ("innings_start", 2), ("delivery", 2)]
    assert actions[2].battingTeamId == "bowl"


def test_bad_items_are_reported_and_the_rest_converted():
    history = [ball(A), "junk", ball(A, runs="lots"), {"runs": 1}, ball(A, extraType="zz"),
               ball(B)]
    actions, problems = convert(*history)
    assert len(deliveries(actions)) == 2
    assert sorted(p.index for p in problems if p.code == "unreadable") == [2, 3, 4]
    assert [p.index for p in problems if p.code == "not_an_object"] == [1]


def test_ids_are_the_position_in_the_log():
    actions, _ = convert(ball(A), ball(A))
    assert [a.id for a in actions] == ["1-0001", "1-0002", "1-0003"]


def test_a_wrong_legacy_total_is_reported(generated):
    docs, match, actions, _ = migrate(generated / f"{GENERATED_MATCH_ID}.json")
    legacy = dict(docs[f"matches/{GENERATED_MATCH_ID}/live/score"], totalRuns=1)
    diffs = compare_totals(legacy, to_document(project(match, actions)))
    assert len(diffs) == 1 and diffs[0].startswith("totalRuns: legacy 1")


def test_team_selections_become_lineups_and_the_pre_match_one_wins():
    match = tiny_match(dates=["2024-05-01", "2024-05-02"])
    lineups, problems = convert_lineups(
        match,
        {"teamSelection": {"bat": [A, B, C], "bowl": {"playerIds": [X, Y], "captainId": X}}},
        {"teamSelection": {"bat": {"playerIds": [A, B, D], "wicketKeeperId": D}}},
    )
    assert problems == []
    assert [(lu.id, lu.battingPosition) for lu in lineups] == [
        ("bat_a", 1), ("bat_b", 2), ("bat_d", 3), ("bowl_x", 1), ("bowl_y", 2)]
    assert [lu.playerId for lu in lineups if lu.isWicketkeeper] == [D]
    assert [lu.playerId for lu in lineups if lu.isCaptain] == [X]
    day = datetime(2024, 5, 1, tzinfo=UTC)
    assert {(lu.selectedBy, lu.selectedAt, lu.createdAt, lu.role, lu.name) for lu in lineups} == {
        ("migration", day, day, "playing_xi", None)}


def test_a_legacy_selection_is_the_same_lineup_on_every_run():
    legacy = {"teamSelection": {"bat": {"playerIds": [A, B], "captainId": A}}}
    assert convert_lineups(tiny_match(), legacy) == convert_lineups(tiny_match(), legacy)
    (first, _), _ = convert_lineups(tiny_match(), legacy)
    assert first.selectedAt == datetime(1970, 1, 1, tzinfo=UTC)  # a match with no dates


def test_legacy_selection_problems_are_reported():
    lineups, problems = convert_lineups(tiny_match(), {"teamSelection": {
        "bat": {"playerIds": [A, A, "nobody"], "captainId": X, "wicketKeeperId": B},
        "bowl": [], "visitors": [A]}})
    assert [lu.playerId for lu in lineups] == [A, "nobody"]
    assert sorted(p.code for p in problems) == [
        "duplicate_player", "empty_selection", "not_selected", "not_selected", "unknown_player",
        "unknown_team"]


def test_roles_get_temporal_bounds_and_the_schemas_vocabulary():
    roles = match_roles("m1", {"umpires": ["u1", "s1"], "scorer": "s1",
                               "dates": ["2024-05-01", "2024-05-02"]})
    assert {r.doc_id: r.data["role"] for r in roles} == {
        "m1_s1_scorer_neutral": "scorer_neutral", "m1_u1_umpire_on_field": "umpire_on_field",
        "m1_s1_umpire_on_field": "umpire_on_field"}
    assert roles[0].data["startDate"].isoformat().startswith("2024-05-01")
    assert roles[0].data["endDate"].isoformat().startswith("2024-05-03")
    assert {r.data["personId"] for r in roles} == {"s1", "u1"}
    assert all(MatchRoleAssignment.model_validate(r.data) for r in roles)
    person = person_roles("p1", {"role": "coach", "teamIds": "t1",
                                 "assignedSchools": [{"schoolId": "s9", "role": "head of cricket"},
                                                     {"schoolId": "s8", "role": "teacher"}]})
    assert {(r.collection, r.doc_id, r.data["role"]) for r in person} == {
        ("team_role_assignments", "t1_p1_coach", "coach"),
        ("school_role_assignments", "s9_p1_director_of_cricket", "director_of_cricket"),
    }


def test_a_legacy_captain_is_a_player_who_captains():
    (team,) = person_roles("p2", {"role": "Captain", "teamIds": ["t1"]})
    assert (team.doc_id, team.data["role"], team.data["isCaptain"]) == (
        "t1_p2_player", "player", True)
    TeamRoleAssignment.model_validate(team.data)


def test_a_player_of_two_generated_matches_is_one_person_in_both_teams():
    paths = [real_match_path("1473459"), real_match_path("1166947")]
    docs = legacy_dataset(paths, prefix="legacy-")
    ashwin = docs["persons/495d42a5"]
    assert sorted(ashwin["teamIds"]) == ["chennai-super-kings", "nottinghamshire"]
    assert {r.doc_id for r in person_roles("495d42a5", ashwin)} == {
        "chennai-super-kings_495d42a5_player", "nottinghamshire_495d42a5_player"}
    assert "matches/legacy-1473459/live/score" in docs
