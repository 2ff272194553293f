"""The log's schema (scorebook.actions): documents parse into actions, bad ones are refused
naming the field and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from scorebook.actions import (
    ActionParseError,
    InningsStart,
    MatchResult,
    ScoringAction,
    action_id,
    log_sorted,
    parse_action,
    sort_key,
)
from scorebook.document import to_document
from tests.unit.factories import delivery


def _doc(**fields: Any) -> dict[str, Any]:
    """A delivery document as Firestore holds it (no ``kind``)."""
    doc = to_document(delivery())
    doc.pop("kind")
    doc.update(fields)
    return doc


def _refused(doc: dict[str, Any]) -> str:
    with pytest.raises(ActionParseError) as err:
        parse_action(doc)
    return str(err.value)


def test_action_id_is_innings_and_four_digit_sequence() -> None:
    assert action_id(1, 7) == "1-0007"
    assert action_id(3, 412) == "3-0412"


def test_a_delivery_may_say_over_or_round_the_wicket_as_the_schema_spells_it() -> None:
    assert parse_action(_doc(bowlingAngle="Round the Wicket")).bowlingAngle == "Round the Wicket"
    assert parse_action(_doc()).bowlingAngle is None
    assert "bowlingAngle" in _refused(_doc(bowlingAngle="round the wicket"))


def test_a_document_without_kind_is_a_delivery() -> None:
    action = parse_action(_doc())
    assert isinstance(action, ScoringAction)
    assert action.kind == "delivery"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("innings_start", {"battingTeamId": "home", "bowlingTeamId": "away"}),
        ("declaration", {}),
        ("forfeit", {}),
        ("innings_end", {"reason": "all_out"}),
        ("penalty_runs", {"runs": 5, "awardedToTeamId": "home"}),
        ("retirement", {"batterId": "h1", "type": "retired_hurt"}),
        ("absence", {"batterId": "h11", "reason": "absent_hurt"}),
        ("dismissal", {"wicket": {"type": "timed_out", "dismissedPlayerId": "h3"}}),
        ("batter_change", {"strikerId": "h3", "nonStrikerId": "h2"}),
        ("revised_target", {"target": 150, "maxOvers": 18, "method": "DLS"}),
        ("match_result", {"result": "win", "winnerId": "home"}),
    ],
)
def test_every_kind_of_event_parses_and_round_trips(kind: str, fields: dict[str, Any]) -> None:
    doc = {
        "id": "1-0002",
        "matchId": "m1",
        "inningsNumber": 1,
        "sequenceNumber": 2,
        "timestamp": datetime(2024, 6, 1, tzinfo=UTC),
        "recordedBy": "u1",
        "kind": kind,
        **fields,
    }
    action = parse_action(doc)
    assert action.kind == kind
    assert parse_action(to_document(action)) == action
    assert parse_action(to_document(action, json=True)) == action


def test_an_unknown_kind_is_refused() -> None:
    assert "kind" in _refused(_doc(kind="tea_break"))


def test_an_unknown_field_is_refused_by_name() -> None:
    assert "runsOfBat" in _refused(_doc(runsOfBat=4))


def test_a_missing_field_is_named() -> None:
    doc = _doc()
    doc.pop("bowlerId")
    assert "bowlerId" in _refused(doc)


def test_the_error_names_the_document() -> None:
    err = _refused(_doc(id="1-0009", totalRuns=3))
    assert "1-0009" in err


def test_total_runs_must_be_the_sum_of_bat_and_extras() -> None:
    assert "totalRuns" in _refused(_doc(runsOffBat=2, totalRuns=3))


def test_a_wide_is_not_a_legal_delivery() -> None:
    err = _refused(_doc(extras={"wide": 1}, totalRuns=1, isLegalDelivery=True))
    assert "isLegalDelivery" in err


def test_a_ball_without_wide_or_no_ball_is_legal() -> None:
    assert "isLegalDelivery" in _refused(_doc(isLegalDelivery=False))


def test_every_run_on_a_wide_is_a_wide() -> None:
    err = _refused(_doc(runsOffBat=1, extras={"wide": 1}, totalRuns=2, isLegalDelivery=False))
    assert "extras.wide" in err


def test_a_ball_cannot_be_both_wide_and_no_ball() -> None:
    err = _refused(_doc(extras={"wide": 1, "noBall": 1}, totalRuns=2, isLegalDelivery=False))
    assert "wide and a no-ball" in err


def test_byes_and_runs_off_the_bat_exclude_each_other() -> None:
    assert "runsOffBat" in _refused(_doc(runsOffBat=1, extras={"bye": 1}, totalRuns=2))


def test_a_wicket_needs_is_wicket() -> None:
    err = _refused(_doc(wicket={"type": "bowled", "dismissedPlayerId": "h1"}))
    assert "isWicket" in err


def test_is_wicket_needs_a_wicket() -> None:
    assert "wicket" in _refused(_doc(isWicket=True))


def test_striker_and_non_striker_differ() -> None:
    assert "nonStrikerId" in _refused(_doc(nonStrikerId="h1"))


def test_the_dismissed_batter_is_one_of_the_two_at_the_crease() -> None:
    err = _refused(_doc(isWicket=True, wicket={"type": "run_out", "dismissedPlayerId": "h9"}))
    assert "dismissedPlayerId" in err


def test_only_the_striker_can_be_bowled() -> None:
    err = _refused(_doc(isWicket=True, wicket={"type": "bowled", "dismissedPlayerId": "h2"}))
    assert "only the striker" in err


@pytest.mark.parametrize("how", ["bowled", "caught", "lbw", "stumped", "hit_wicket"])
def test_no_one_is_out_that_way_off_a_no_ball(how: str) -> None:
    err = _refused(
        _doc(
            extras={"noBall": 1},
            totalRuns=1,
            isLegalDelivery=False,
            isWicket=True,
            wicket={"type": how, "dismissedPlayerId": "h1"},
        )
    )
    assert "off a no-ball" in err


@pytest.mark.parametrize("how", ["bowled", "caught", "lbw"])
def test_no_one_is_out_that_way_off_a_wide(how: str) -> None:
    err = _refused(
        _doc(
            extras={"wide": 1},
            totalRuns=1,
            isLegalDelivery=False,
            isWicket=True,
            wicket={"type": how, "dismissedPlayerId": "h1"},
        )
    )
    assert "off a wide" in err


def test_stumped_and_run_out_off_a_wide_are_allowed() -> None:
    for how in ("stumped", "run_out"):
        parse_action(
            _doc(
                extras={"wide": 1},
                totalRuns=1,
                isLegalDelivery=False,
                isWicket=True,
                wicket={"type": how, "dismissedPlayerId": "h1"},
            )
        )


def test_timed_out_is_not_a_delivery() -> None:
    err = _refused(_doc(isWicket=True, wicket={"type": "timed_out", "dismissedPlayerId": "h1"}))
    assert "timed out" in err


def test_a_dismissal_event_is_only_for_wickets_without_a_delivery() -> None:
    doc = {**_doc(), "kind": "dismissal", "wicket": {"type": "bowled", "dismissedPlayerId": "h1"}}
    for key in ("overNumber", "ballInOver", "strikerId", "nonStrikerId", "bowlerId"):
        doc.pop(key)
    for key in ("runsOffBat", "extras", "totalRuns", "isWicket", "isLegalDelivery"):
        doc.pop(key)
    for key in ("isBoundary", "shotData", "bowlingAngle", "note"):
        doc.pop(key)
    assert "wicket.type" in _refused(doc)


def test_a_boundary_scores_four_or_six() -> None:
    assert "isBoundary" in _refused(_doc(runsOffBat=3, totalRuns=3, isBoundary=True))


def test_void_fields_need_is_voided() -> None:
    assert "isVoided" in _refused(_doc(voidReason="wrong batter"))


def test_a_voided_action_parses() -> None:
    action = parse_action(_doc(isVoided=True, voidReason="wrong batter", voidedBy="u2"))
    assert action.isVoided


def test_negative_runs_are_refused() -> None:
    assert "runsOffBat" in _refused(_doc(runsOffBat=-1, totalRuns=-1))


def test_sequence_numbers_start_at_one() -> None:
    assert "sequenceNumber" in _refused(_doc(sequenceNumber=0))


def test_an_innings_needs_two_different_teams() -> None:
    with pytest.raises(ValueError, match="bowlingTeamId"):
        InningsStart(
            id="1-0001",
            matchId="m1",
            inningsNumber=1,
            sequenceNumber=1,
            timestamp=datetime(2024, 1, 1, tzinfo=UTC),
            recordedBy="u",
            kind="innings_start",
            battingTeamId="home",
            bowlingTeamId="home",
        )


def test_a_win_needs_a_winner_and_a_draw_has_none() -> None:
    base = {
        "id": "1-0001",
        "matchId": "m1",
        "inningsNumber": 1,
        "sequenceNumber": 1,
        "timestamp": datetime(2024, 1, 1, tzinfo=UTC),
        "recordedBy": "u",
        "kind": "match_result",
    }
    with pytest.raises(ValueError, match="winnerId"):
        MatchResult(**base, result="win")
    with pytest.raises(ValueError, match="winnerId"):
        MatchResult(**base, result="draw", winnerId="home")


def test_actions_are_frozen() -> None:
    action = delivery()
    with pytest.raises(ValueError):
        action.runsOffBat = 6  # type: ignore[misc]


def test_a_non_object_document_is_refused() -> None:
    with pytest.raises(ActionParseError, match="document"):
        parse_action(["not", "a", "dict"])  # type: ignore[arg-type]


def test_the_log_sorted_by_places_first_is_the_log_sorted_on_the_whole_key() -> None:
    """log_sorted sorts by (innings, sequence) and only sorts on the whole key when two
    actions share a place: corrections ("-c2" before "-c10"), duplicates, ids that are not
    positions."""
    ids = ["2-0001", "1-0003", "1-0002-c10", "10-0001", "1-0002", "1-0002-c2", "1-0001",
           "1-0002-x", "1-0003"]
    actions = [delivery(id=i, inningsNumber=int(i.split("-")[0]),
                        sequenceNumber=int(i.split("-")[1])) for i in ids]
    unique = [a for a in actions if a.id.count("-") == 1 and a.id != "1-0003"]
    for log in (actions, list(reversed(actions)), unique, list(reversed(unique))):
        assert [a.id for a in log_sorted(log)] == [a.id for a in sorted(log, key=sort_key)]
