"""The scoring pipeline end to end: a scorer writes, the trigger projects, a spectator reads."""

from __future__ import annotations

import uuid

from scorebook.cricsheet import lineups_from_cricsheet
from scorebook.document import to_document
from scorebook.views.scorecard import project
from scorebook_tools.rest import FirestoreError, FirestoreRest
from scorebook_tools.scoring_app import (
    create_match,
    read_live_score,
    void_action,
    write_action,
    write_lineup,
)
from tests.emulator.harness import (
    SCORER,
    T20,
    assert_converged,
    live_score_at,
    load_sample,
    score_first,
    seed_match,
    wait_for,
)
from tests.unit.factories import ten_innings

FIGURES = ("runs", "wickets", "balls", "overs", "strikerId", "nonStrikerId", "bowlerId")


def expected_live_score(match, actions) -> dict:
    return to_document(project(match, actions), json=True)


def test_scorers_balls_reach_the_spectators_live_score(admin, user, spectator, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    first_overs = actions[:14]
    for action in first_overs:
        write_action(scorer, action)

    score = wait_for(live_score_at(spectator, match.id, first_overs[-1].id), "the 14th action")

    expected = expected_live_score(match, first_overs)
    assert expected["currentInnings"]["balls"] > 6  # the sample spans more than an over
    for figure in FIGURES:
        assert score["currentInnings"][figure] == expected["currentInnings"][figure], figure
    assert score["extras"] == expected["extras"]
    assert score["lastActionId"] == first_overs[-1].id
    assert score["version"] >= 1
    assert score["integrity"] == []


def test_the_spectators_see_the_servers_time_not_a_scorers_clock(admin, user, spectator, generated):
    """A scorer's device set to year 1 (the rules take a ball from the past) set live/score's
    lastUpdated to 0001-01-01; it is the time of the functions' write. The ball keeps the
    time it was recorded with."""
    from datetime import UTC, datetime, timedelta

    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    year_one = datetime(1, 1, 1, 12, tzinfo=UTC)
    for action in actions[:3]:
        write_action(scorer, action.model_copy(update={"timestamp": year_one}))
    score = wait_for(live_score_at(spectator, match.id, actions[2].id), "the third action")
    assert abs(score["lastUpdated"] - datetime.now(UTC)) < timedelta(minutes=5)
    stored = admin.get(f"matches/{match.id}/scoring_actions/{actions[2].id}")
    assert stored["timestamp"] == year_one


def test_void_recomputes_the_score_and_keeps_the_ball_in_the_log(admin, user, spectator, generated):
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 10, reader=spectator)
    sample = actions[:10]
    scoring_ball = next(a for a in sample if getattr(a, "totalRuns", 0) > 0)

    void_action(scorer, match.id, scoring_ball.id, "wrong batter credited", uid=SCORER)

    remaining = [a for a in sample if a.id != scoring_ball.id]
    expected = expected_live_score(match, remaining)
    score = wait_for(
        lambda: (
            (s := read_live_score(spectator, match.id))
            and s["currentInnings"]["runs"] == expected["currentInnings"]["runs"]
            and s
        ),
        "the projection without the voided ball",
    )
    assert score["currentInnings"]["balls"] == expected["currentInnings"]["balls"]
    voided = admin.get(f"matches/{match.id}/scoring_actions/{scoring_ball.id}")
    assert voided is not None, "undo must never delete the action"
    assert voided["isVoided"] is True
    assert voided["voidReason"] == "wrong batter credited"
    assert voided["voidedBy"] == SCORER
    assert voided["voidedAt"] is not None
    assert voided["runsOffBat"] == scoring_ball.runsOffBat


def test_unparseable_document_is_reported_and_the_rest_still_projected(
    admin, user, spectator, generated
):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions[:3]:
        write_action(scorer, action)
    # An old client or an admin bypassing the rules writes something that is not an action.
    admin.set(
        f"matches/{match.id}/scoring_actions/1-0900",
        {"inningsNumber": 1, "sequenceNumber": 900, "runsOffBat": "lots"},
    )
    score = wait_for(
        lambda: (s := read_live_score(spectator, match.id)) and s.get("integrity") and s,
        "the integrity report",
    )
    (problem,) = score["integrity"]
    assert problem["actionId"] == "1-0900"
    assert problem["code"] == "unparseable"
    assert "runsOffBat" in problem["message"]

    write_action(scorer, actions[3])  # the trigger keeps working after the bad document
    score = wait_for(live_score_at(spectator, match.id, actions[3].id), "the next ball")
    expected = expected_live_score(match, actions[:4])
    assert score["currentInnings"]["runs"] == expected["currentInnings"]["runs"]


def test_a_second_device_cannot_write_the_same_ball_twice(admin, user, spectator, generated):
    match, actions = load_sample(generated)
    seed_match(admin, match, scorers=(SCORER, "scorer-2"))
    write_action(user(SCORER), actions[0])
    second = actions[0].model_copy(update={"recordedBy": "scorer-2"})

    try:
        write_action(user("scorer-2"), second)
    except Exception as error:  # noqa: BLE001 - asserted below
        refused = error
    else:
        refused = None

    assert refused is not None and getattr(refused, "status", None) in (403, 409)
    assert len(admin.list(f"matches/{match.id}/scoring_actions")) == 1


def test_a_whole_match_written_at_once_converges_to_its_projection(
    admin, user, spectator, generated
):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = FirestoreRest.as_user(admin.project, SCORER)
    for action in actions:  # no waiting: triggers overlap and arrive in any order
        write_action(scorer, action)

    expected = expected_live_score(match, actions)
    score = wait_for(
        live_score_at(spectator, match.id, actions[-1].id), "the last ball", deadline=180
    )
    for key in ("innings1", "innings2"):
        for figure in ("runs", "wickets", "balls", "overs", "extras", "fallOfWickets"):
            assert score[key][figure] == expected[key][figure], f"{key}.{figure}"
    assert score["result"] == expected["result"]
    assert score["winnerId"] == expected["winnerId"]


def test_a_name_corrected_in_the_lineup_refreshes_live_score_not_the_log(
    admin, user, spectator, generated
):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    entries = lineups_from_cricsheet(generated / T20, match_id=match.id)
    for entry in entries:
        write_lineup(admin, match.id, entry)
    for action in actions[:8]:
        write_action(user(SCORER), action)
    striker_id = actions[1].strikerId
    entry = next(e for e in entries if e.playerId == striker_id)
    score = wait_for(live_score_at(spectator, match.id, actions[7].id), "the 8th ball")
    assert _batter(score, striker_id)["name"] == entry.name
    log_before = admin.list(f"matches/{match.id}/scoring_actions")

    write_lineup(admin, match.id, entry.model_copy(update={"name": "Corrected Name"}))

    score = wait_for(
        lambda: (s := read_live_score(spectator, match.id))
        and _batter(s, striker_id)["name"] == "Corrected Name" and s,
        "the corrected name on live/score",
    )
    assert score["lastActionId"] == actions[7].id
    assert admin.list(f"matches/{match.id}/scoring_actions") == log_before


def _batter(score: dict, player_id: str) -> dict:
    return next(b for b in score["batsmen"] if b["playerId"] == player_id)


def test_a_match_of_ten_innings_reaches_the_spectator_as_project_has_it(admin, user, spectator):
    # ids run "1-0001" .. "10-0007": as text "10-..." sorts before "2-...", as the log it
    # comes after innings 9
    match, actions = ten_innings(f"ten-{uuid.uuid4().hex[:8]}")
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions:
        write_action(scorer, action)
        if getattr(action, "isSuperOver", False):
            # A tied pair completes the match; its super over makes it live again once the
            # trigger has folded it, and only then may the scorer bowl (the rules read the
            # status from the match document).
            wait_for(live_score_at(spectator, match.id, action.id), f"super over {action.id}")

    score = wait_for(live_score_at(spectator, match.id, actions[-1].id), "the last action")

    expected = expected_live_score(match, actions)
    assert expected["result"] == "Match tied (Home won the Super Over)"
    for key in ("result", "winnerId", "status", "innings9", "innings10"):
        assert score[key] == expected[key], key


def test_the_functions_own_the_match_status_and_the_finished_match_is_locked(
    admin, user, spectator, generated
):
    match, actions = load_sample(generated)
    seed_match(admin, match)
    scorer = user(SCORER)
    second = next(i for i, a in enumerate(actions) if a.kind == "innings_start" and i > 0)

    def statuses(action_id: str) -> tuple[str, str]:
        score = wait_for(live_score_at(spectator, match.id, action_id), action_id)
        return admin.get(f"matches/{match.id}")["status"], score["status"]

    write_action(scorer, actions[0])
    assert statuses(actions[0].id) == ("live", "live")  # the first action opens the match
    for action in actions[1:second]:
        write_action(scorer, action)
    assert statuses(actions[second - 1].id) == ("innings_break", "innings_break")
    for action in actions[second:]:  # the break does not stop the scorers
        write_action(scorer, action)
    assert statuses(actions[-1].id) == ("completed", "completed")

    # the result is reached: a scorer's further ball is refused, an admin's correction is not
    extra = actions[-2].model_copy(update={"id": "2-0999", "sequenceNumber": 999})
    try:
        write_action(scorer, extra)
        raise AssertionError("a scorer wrote a ball after the match was completed")
    except FirestoreError as error:
        assert error.denied
    umpire_admin = user("the-admin", admin=True)
    for action in (actions[-1], actions[-2]):  # the result, then the last wicket
        void_action(umpire_admin, match.id, action.id, "scorer's error", uid="the-admin")

    def reopened() -> bool:
        score = read_live_score(spectator, match.id) or {}
        return score.get("status") == admin.get(f"matches/{match.id}")["status"] == "live"

    wait_for(reopened, "the corrected match to be live again")


def test_an_admins_edit_of_the_match_reaches_live_score_at_once(admin, user, spectator, generated):
    scorer = user(SCORER)
    match, _, score = score_first(admin, scorer, generated, 10, reader=spectator)
    batting = score["currentInnings"]["battingTeamId"]
    document = admin.get(f"matches/{match.id}")
    for team in document["teams"]:
        if team["id"] == batting:
            team["name"] = "Renamed XI"
    admin.update(f"matches/{match.id}", {"teams": document["teams"]})
    renamed = wait_for(lambda: (read_live_score(spectator, match.id) or {}).get(
        "currentInnings", {}).get("battingTeamName") == "Renamed XI", "the new team name")
    assert renamed
    admin.update(f"matches/{match.id}", {"scheduledOvers": 5})
    wait_for(lambda: (read_live_score(spectator, match.id) or {}).get(
        "currentInnings", {}).get("maxOvers") == 5, "the overs cut to 5")
    checkpoint = admin.get(f"matches/{match.id}/projection/state")
    assert checkpoint["lastMode"] == "rebuilt"


def test_voiding_a_bogus_innings_50_leaves_no_scorecard_behind(admin, user, spectator, generated):
    scorer = user(SCORER)
    match, actions, _ = score_first(admin, scorer, generated, 5, reader=spectator)
    bogus = actions[0].model_copy(update={"id": "50-0001", "inningsNumber": 50})
    write_action(scorer, bogus)
    wait_for(lambda: "innings50" in (read_live_score(spectator, match.id) or {}), "innings50")
    void_action(scorer, match.id, bogus.id, "wrong innings", uid=SCORER)
    wait_for(lambda: "innings50" not in (read_live_score(spectator, match.id) or {"innings50": 1}),
             "innings50 to go")


def test_a_new_matchs_live_score_exists_before_the_first_ball(admin, spectator, generated):
    """Spectators subscribe to live/score as soon as the match is announced: the function
    writes it (scheduled, nothing scored) when the admin creates the match, and writes
    nothing back to the match (which already says scheduled), so it does not run again."""
    match, _ = load_sample(generated)
    create_match(admin, match)

    score = wait_for(lambda: read_live_score(spectator, match.id), "live/score of the new match")

    assert score["status"] == "scheduled" and score["version"] == 1
    assert score["lastActionId"] is None and score["integrity"] == []
    assert admin.get(f"matches/{match.id}")["status"] == "scheduled"
    checkpoint = admin.get(f"matches/{match.id}/projection/state")
    assert checkpoint["actions"] == 0 and checkpoint["version"] == 1


def test_a_retried_ball_is_a_no_op_and_a_different_ball_at_its_place_is_refused(
    admin, user, spectator, generated
):
    """An SDK's setDoc() retried after a lost acknowledgement writes the same document over
    itself: accepted, and the trigger (before == after) changes nothing; a different ball at
    that position, or the original written again after it was voided, is refused."""
    scorer = user(SCORER)
    match, actions, score = score_first(admin, scorer, generated, 12, reader=spectator)
    log = f"matches/{match.id}/scoring_actions"
    for action in (actions[11], actions[3]):  # the last ball folded, and one before it
        scorer.set(f"{log}/{action.id}", to_document(action))
    different = to_document(actions[11]) | {"source": "manual_entry"}
    for attempt in (different, to_document(actions[10]) | {"id": actions[11].id}):
        try:
            scorer.set(f"{log}/{actions[11].id}", attempt)
            raise AssertionError("a different document at a taken position was accepted")
        except FirestoreError as error:
            assert error.denied

    write_action(scorer, actions[12])
    after = wait_for(live_score_at(spectator, match.id, actions[12].id), "the 13th ball")
    # the retries' trigger runs wrote nothing: the next ball is the only write since
    assert after["version"] == score["version"] + 1
    assert assert_converged(admin, match, deadline=10)["version"] == after["version"]
