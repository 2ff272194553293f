"""What the reconciliation repairs beside live/score: Python triggers are never retried, so a
run lost to a crash or a deploy left a DUAL ball undecided, a private match's followers out of
date, or a completed match uncounted until the next write of the same kind. Each run is lost
here on purpose (the triggers off for its write), then the reconciliation's per-match step,
which the scheduled job runs for every match not over, or its pass over the matches completed
lately, puts it right."""

from __future__ import annotations

import uuid
from datetime import timedelta

from scorebook.firestore.client import firestore_client
from scorebook.firestore.paths import (
    live_score_path,
    match_path,
    match_summary_path,
    season_contribution_path,
    team_members_path,
)
from scorebook.firestore.reconcile import count_completed_matches, heal_match
from scorebook_tools.scoring_app import assign_team_role, write_action
from tests.emulator.harness import (
    SCORER,
    SHORT,
    assert_converged,
    load_sample,
    seed_match,
    triggers_disabled,
    wait_for,
)
from tests.emulator.test_consensus import AWAY, HOME, as_, consensus_match, submit_action


def test_a_ball_the_scorers_agreed_while_its_run_was_lost_is_decided(admin, user,
                                                                        generated) -> None:
    match, actions = consensus_match(admin, generated, "DUAL")
    for action in actions[:2]:
        submit_action(user(HOME), as_(HOME, action), uid=HOME, role="scorer_home")
        submit_action(user(AWAY), as_(AWAY, action), uid=AWAY, role="scorer_away")
    wait_for(lambda: (s := admin.get(live_score_path(match.id)))
             and s.get("lastActionId") == actions[1].id, "the first two balls")
    with triggers_disabled():  # both views of the third ball in, both runs lost
        submit_action(user(HOME), as_(HOME, actions[2]), uid=HOME, role="scorer_home")
        submit_action(user(AWAY), as_(AWAY, actions[2]), uid=AWAY, role="scorer_away")
    log = f"matches/{match.id}/scoring_actions"
    assert admin.get(f"{log}/{actions[2].id}") is None

    repaired = heal_match(firestore_client(), match.id)

    assert repaired == [f"consensus: appended ['{actions[2].id}']"]
    assert admin.get(f"{log}/{actions[2].id}")["submissionIds"]
    wait_for(lambda: (s := admin.get(live_score_path(match.id)))
             and s.get("lastActionId") == actions[2].id, "the healed ball on live/score")
    assert heal_match(firestore_client(), match.id) == []  # nothing left to do


def test_a_private_matchs_followers_follow_an_appointment_whose_run_was_lost(
        admin, generated) -> None:
    match, _ = load_sample(generated, SHORT)
    match = match.model_copy(update={"visibility": "private"})
    seed_match(admin, match)
    coach = f"coach-{uuid.uuid4().hex[:8]}"
    team = match.teams[0].id
    with triggers_disabled():
        assign_team_role(admin, team, coach, "coach")
    assert coach not in (admin.get(team_members_path(team)) or {}).get("members", {})

    assert f"team_members of {team}" in heal_match(firestore_client(), match.id)
    assert coach in admin.get(team_members_path(team))["members"]
    assert heal_match(firestore_client(), match.id) == []


def test_a_completed_match_its_trigger_never_counted_is_counted(admin, user,
                                                                   generated) -> None:
    match, actions = load_sample(generated, SHORT)
    seed_match(admin, match)
    scorer = user(SCORER)
    for action in actions:
        write_action(scorer, action)
    assert_converged(admin, match)
    final = admin.get(f"matches/{match.id}")["completedVersion"]
    wait_for(lambda: ((admin.get(season_contribution_path(match.id)) or {}).get("key") or {})
             .get("completedVersion") == final, "the match counted at its last version")
    summary = admin.get(match_summary_path(match.id))
    # the match trigger's run lost: nothing counted. The block waits for the runs still
    # queued (the match document is written more than once at the end: a run left behind
    # would count it again after the deletes, and nothing would be left to heal)
    with triggers_disabled():
        admin.delete(match_summary_path(match.id))
        admin.delete(season_contribution_path(match.id))

    counted = count_completed_matches(firestore_client(), since=timedelta(minutes=10))

    assert counted[match.id] == "recorded"
    assert admin.get(match_summary_path(match.id))["result"] == summary["result"]
    again = count_completed_matches(firestore_client(), since=timedelta(minutes=10))
    assert again[match.id] == "unchanged"


def test_a_match_an_admin_abandoned_whose_count_was_lost_is_counted(admin, generated) -> None:
    """An admin marks a match abandoned (rain all day: no ball, so live/score never reads
    completed); the match trigger's run that counts it is lost. And back: marked scheduled
    again, with its run lost too."""
    db = firestore_client()
    match, _ = load_sample(generated, SHORT)
    seed_match(admin, match)
    wait_for(lambda: admin.get(live_score_path(match.id)), "the match's live/score")
    with triggers_disabled():
        admin.update(match_path(match.id), {"status": "abandoned"})
    assert admin.get(season_contribution_path(match.id)) is None

    assert count_completed_matches(db)[match.id] == "recorded"
    assert admin.get(season_contribution_path(match.id))["key"]["status"] == "abandoned"
    assert match.id not in count_completed_matches(db)  # counted: two counts, equal

    with triggers_disabled():
        admin.update(match_path(match.id), {"status": "scheduled"})

    assert count_completed_matches(db)[match.id] in ("recorded", "unchanged")
    assert admin.get(season_contribution_path(match.id))["key"]["status"] == "scheduled"
    assert match.id not in count_completed_matches(db)


def test_a_match_over_deleted_whose_run_was_lost_leaves_the_season(admin, generated) -> None:
    """An admin deletes a match completed long ago (a duplicate found at the season's end);
    the match trigger's run that takes it out of the season is lost. The reconciliation's
    counts of matches over and of records counting them differ: it is withdrawn."""
    db = firestore_client()
    match, _ = load_sample(generated, SHORT)
    seed_match(admin, match)
    admin.update(match_path(match.id), {"status": "completed"})
    wait_for(lambda: ((admin.get(season_contribution_path(match.id)) or {}).get("key") or {})
             .get("status") == "completed", "the match counted")
    with triggers_disabled():
        admin.delete(match_path(match.id))

    assert count_completed_matches(db)[match.id] == "recorded"
    assert admin.get(season_contribution_path(match.id))["key"] is None
    assert match.id not in count_completed_matches(db)  # withdrawn: two counts, equal
