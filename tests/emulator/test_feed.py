"""The spectator feed on the real emulators: a match scored ball by ball by a signed-in scorer
publishes exactly the pure feed of its log (scorebook.feed), read as a spectator reads it;
voiding an old ball retracts its events and appends what moved, never re-issuing the
events after it whose figures it changed (they stand as published); a
spectator who reads from its cursor misses nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests

from scorebook.actions import log_position
from scorebook.cricsheet import load_match
from scorebook.firestore.paths import match_summary_path
from scorebook.match import Match
from scorebook_tools.rest import DATABASE, FirestoreRest, from_fields
from scorebook_tools.scoring_app import void_action, write_action
from scorebook_tools.spectator import FeedEntry, feed_differences, pure_feed
from tests.conftest import real_match_params
from tests.emulator.harness import (
    SCORER,
    actions_of,
    assert_converged,
    load_sample,
    seed_match,
    wait_for,
)


def published(reader: FirestoreRest, match_id: str) -> dict[int, dict[str, Any]]:
    """The feed as a spectator reads it, by seq."""
    return {doc["seq"]: doc for _, doc in reader.list(f"matches/{match_id}/events")}


def true_feed(admin: FirestoreRest, match: Match) -> list[FeedEntry]:
    return pure_feed(match, actions_of(admin, match.id))


def feed_converged(admin: FirestoreRest, spectator: FirestoreRest,
                   match: Match) -> dict[int, dict[str, Any]]:
    assert_converged(admin, match)
    want = true_feed(admin, match)
    return wait_for(lambda: (events := published(spectator, match.id))
                    and not feed_differences(events.values(), want) and events,
                    "the feed to be the log's")


def events_after(reader: FirestoreRest, match_id: str, cursor: int) -> list[dict[str, Any]]:
    """The query the guide shows: the events after `cursor`, in `seq` order (runQuery with
    orderBy seq, startAt cursor exclusive), as a spectator's app asks it."""
    url = (f"{reader.origin}/v1/projects/{reader.project}/databases/{DATABASE}/documents/"
           f"matches/{match_id}:runQuery")
    query = {"from": [{"collectionId": "events"}],
             "orderBy": [{"field": {"fieldPath": "seq"}, "direction": "ASCENDING"}],
             "startAt": {"values": [{"integerValue": str(cursor)}], "before": False}}
    response = requests.post(url, json={"structuredQuery": query}, headers=reader.headers,
                             timeout=30)
    response.raise_for_status()
    return [from_fields(r["document"].get("fields", {})) for r in response.json()
            if "document" in r]


def replay(admin: FirestoreRest, scorer: FirestoreRest, match: Match, actions: list) -> None:
    seed_match(admin, match)
    for action in actions:
        write_action(scorer, action)


@pytest.mark.parametrize("path", real_match_params(["1269710"]))
def test_a_real_match_scored_ball_by_ball_publishes_the_feed_of_its_log(
    admin, spectator, path: Path
) -> None:
    """A T20 tied and decided by a super over (cricsheet.org), written as fast as the admin's
    import writes it (a scorer writing at that pace may find the match completed by the
    tying ball before the innings' end reaches the log: the rules then refuse it)."""
    match, actions = load_match(path, match_id=f"feed-{path.stem}", recorded_by=SCORER)
    replay(admin, admin, match, actions)

    events = feed_converged(admin, spectator, match)

    assert sorted(events) == list(range(1, len(events) + 1))  # the cursor has no hole
    counts = Counter(d["type"] for d in events.values())
    score = admin.get(f"matches/{match.id}/live/score")
    innings = [score[k] for k in sorted(score) if k.startswith("innings") and k[7:].isdigit()]
    assert counts["WICKET_FALLEN"] == sum(i["wickets"] for i in innings)
    assert counts["OVER_COMPLETE"] == sum(int(i["overs"]) for i in innings)
    assert counts["MATCH_COMPLETE"] == 2  # the tie, then the super over's winner
    assert counts["BALL_RETRACTED"] == 0  # written in order: nothing to take back
    last = max(events)
    assert events[last]["type"] == "MATCH_COMPLETE"
    assert events[last]["payload"]["result"] == score["result"]
    assert all(len(i["overHistory"]) >= int(i["overs"]) for i in innings)


@pytest.mark.parametrize("path", real_match_params(["1269724"]))
def test_a_real_match_decided_by_the_rain_rule_shows_the_officials_result_everywhere(
    admin, spectator, path: Path
) -> None:
    """A T20 cut by rain (cricsheet.org: won by 14 runs, D/L, the chase set 170 in 19
    overs): live/score, the feed's MATCH_COMPLETE and the summary show the officials' result,
    marked as theirs, and the official target, with no par invented."""
    match, actions = load_match(path, match_id=f"dl-{path.stem}", recorded_by=SCORER)
    replay(admin, admin, match, actions)
    events = feed_converged(admin, spectator, match)
    score = admin.get(f"matches/{match.id}/live/score")
    assert (score["resultMethod"], score["resultSource"], score["winMargin"]) == (
        "D/L", "officials", "14 runs")
    assert score["result"].endswith("won by 14 runs (D/L)")
    assert (score["innings2"]["target"], score["innings2"]["maxOvers"]) == (170, 19)
    assert score["currentInnings"]["par"] is None
    assert score["integrity"] == []
    complete = [d for d in events.values() if d["type"] == "MATCH_COMPLETE"]
    assert complete[-1]["payload"]["result"] == score["result"]
    assert complete[-1]["payload"]["resultSource"] == "officials"
    summary = wait_for(lambda: spectator.get(match_summary_path(match.id)), "the summary")
    assert (summary["result"]["text"], summary["result"]["method"],
            summary["result"]["source"]) == (score["result"], "D/L", "officials")


def test_voiding_an_old_ball_retracts_its_events_and_rewrites_nothing_after_it(
    admin, user, spectator, generated
) -> None:
    match, actions = load_sample(generated)
    scorer = user(SCORER)
    replay(admin, scorer, match, actions[:40])
    before = feed_converged(admin, spectator, match)
    old = actions[10]

    void_action(scorer, match.id, old.id, "the umpire had called dead ball", uid=SCORER)

    after = feed_converged(admin, spectator, match)
    new = {seq: d for seq, d in after.items() if seq not in before}
    (retraction,) = [d for d in new.values() if d["type"] == "BALL_RETRACTED"]
    assert retraction["actionId"] == old.id
    taken = set(retraction["payload"]["retractedSeqs"])
    assert taken == {seq for seq, d in after.items() if d["retracted"]}
    assert all(after[seq]["retractedBy"] == retraction["seq"] for seq in taken)
    # nothing before the voided ball is touched; its own events are all taken back
    assert all(log_position(before[seq]["actionId"]) >= log_position(old.id) for seq in taken)
    assert {seq for seq, d in before.items() if d["actionId"] == old.id} <= taken
    # what moved (the over the ball was in ends a ball later) follows the retraction, in log
    # order; the events after it whose running score it changed stand as published
    reissued = [new[seq] for seq in sorted(new) if new[seq]["type"] != "BALL_RETRACTED"]
    assert all(d["seq"] > retraction["seq"] for d in reissued)
    assert [d["order"] for d in reissued] == sorted(d["order"] for d in reissued)
    assert not any(d["actionId"] == old.id for d in reissued)
    later = [seq for seq, d in before.items() if log_position(d["actionId"]) > log_position(old.id)]
    assert len(later) > 30 and len(reissued) + len(taken) < 10
    assert all(after[seq] == before[seq] for seq in later if seq not in taken)


def test_a_spectator_reading_after_its_cursor_gets_exactly_what_it_missed(
    admin, user, spectator, generated
) -> None:
    match, actions = load_sample(generated)
    scorer = user(SCORER)
    replay(admin, scorer, match, actions[:20])
    first = feed_converged(admin, spectator, match)
    cursor = max(first)
    for action in actions[20:30]:
        write_action(scorer, action)
    everything = feed_converged(admin, spectator, match)

    missed = events_after(spectator, match.id, cursor)

    assert [d["seq"] for d in missed] == list(range(cursor + 1, max(everything) + 1))
    assert {d["actionId"] for d in missed} == {a.id for a in actions[20:30]}
