"""The use case behind `validateAction` and `python -m scorebook_tools check`: the problems the
rules and the models find in a draft action, field by field.

The rules tests' own tables (tests/rules/test_validation.py: every refused ball, event,
signature and player) are run through it: each refused draft gets at least one problem, each
accepted one none, and a representative set names the field the rules test is about.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from scorebook.document import to_document
from scorebook.service.refusals import REFUSAL_CODES, Problem
from scorebook.service.validate import Caller, Context, answer, validate_action
from tests.rules.action_cases import (
    BASE_MISTAKES,
    LAWFUL_BALLS,
    LAWFUL_EVENTS,
    UNLAWFUL_BALLS,
    UNLAWFUL_EVENTS,
    UNLISTED_PLAYERS,
)
from tests.rules.validation import ball, event
from tests.rules.world import NOW, PERSONAS, World

SCORER = PERSONAS["scorer"]

#: JSON has no timestamp type: a draft sent to the callable carries its timestamps as text,
#: which the use case reads as the timestamps they stand for (the rules refuse text stored).
JSON_TIMESTAMPS = {"timestamp as text", "createdAt as text"}


@pytest.fixture(scope="module")
def world() -> World:
    return World(status="live")


def roles_of(world: World, persona: str = "scorer") -> dict[str, Mapping[str, Any]]:
    """The persona's match_role_assignments documents, by id, as the callable reads them."""
    return {path.split("/", 1)[1]: doc for path, doc in world.base_documents().items()
            if path.startswith("match_role_assignments/")
            and doc["personId"] == PERSONAS[persona].me}


def context(world: World, *, persona: str = "scorer", status: str | None = None,
            **more: Any) -> Context:
    caller = Caller(uid=PERSONAS[persona].me, is_admin=bool(PERSONAS[persona].claims),
                    match_roles=roles_of(world, persona))
    return Context(now=NOW, match_id=world.match_id,
                   match=world.match_document(status=status), caller=caller, **more)


def problems(world: World, draft: Any, **more: Any) -> list[Problem]:
    return validate_action(draft, context(world, **more))


# --- every table of the rules tests ------------------------------------------------------------


def refused_drafts(world: World) -> dict[str, dict]:
    drafts = {f"ball: {why}": ball(world, 1, **make(world))
              for why, make in UNLAWFUL_BALLS.items() if why not in JSON_TIMESTAMPS}
    drafts |= {f"base: {why}": make(world, ball(world, 1))[1]
               for why, make in BASE_MISTAKES.items()}
    for why, make in UNLAWFUL_EVENTS.items():
        kind, fields = make(world)
        drafts[f"event: {why}"] = event(world, "declaration") | {"kind": kind} | fields
    drafts |= {f"player: {why}": make(world) for why, make in UNLISTED_PLAYERS.items()}
    return drafts


def test_every_draft_the_rules_tests_refuse_has_a_problem(world: World) -> None:
    drafts = refused_drafts(world)
    assert len(drafts) > 120
    missed = [why for why, draft in drafts.items() if not problems(world, draft)]
    assert missed == []


def test_every_draft_the_rules_tests_accept_has_none(world: World) -> None:
    drafts = [ball(world, 1, **make(world)) for make in LAWFUL_BALLS.values()]
    for make in LAWFUL_EVENTS.values():
        kind, fields = make(world)
        drafts.append(event(world, kind, **fields))
    assert [answer(problems(world, d)) for d in drafts] == [answer([])] * len(drafts)


def _one(world: World, draft: dict) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in problems(world, draft)]


#: (table, case) -> the field and code the use case names: a representative set of the rules
#: tests' refusals, one or two of each kind of check.
REPRESENTATIVE: dict[tuple[str, str], tuple[str | None, str]] = {
    ("ball", "totalRuns is not the sum"): ("totalRuns", "unlawful"),
    ("ball", "a wide that is also a no-ball"): ("extras", "unlawful"),
    ("ball", "runs off the bat on a wide"): ("extras.wide", "unlawful"),
    ("ball", "byes with runs off the bat"): ("runsOffBat", "unlawful"),
    ("ball", "a wide called legal"): ("isLegalDelivery", "unlawful"),
    ("ball", "isLegalDelivery not a boolean"): ("isLegalDelivery", "invalid_value"),
    ("ball", "runs off the bat as text"): ("runsOffBat", "invalid_value"),
    ("ball", "11 runs off the bat"): ("runsOffBat", "out_of_range"),
    ("ball", "an extra of 11 runs"): ("extras.bye", "out_of_range"),
    ("ball", "the striker is the non-striker"): ("nonStrikerId", "unlawful"),
    ("ball", "a striker id of 129 characters"): ("strikerId", "too_long"),
    ("ball", "over 1000"): ("overNumber", "out_of_range"),
    ("ball", "34 fielders"): ("wicket.fielderIds", "too_long"),
    ("ball", "a shot at 251 km/h"): ("shotData.speed", "out_of_range"),
    ("ball", "a shot type not in the list"): ("shotData.shotType", "invalid_value"),
    ("ball", "wagon wheel segment 9 (there are eight)"): ("shotData.wagonWheelSegment",
                                                          "out_of_range"),
    ("ball", "an unknown field"): ("umpireSignal", "unknown_field"),
    ("ball", "an unknown kind"): ("kind", "invalid_value"),
    ("base", "recordedBy someone else"): ("recordedBy", "not_caller"),
    ("base", "another match's id"): ("matchId", "wrong_match"),
    ("base", "document id not the position"): ("id", "not_position"),
    ("base", "born voided"): ("isVoided", "voided"),
    ("base", "correctedBy on a new ball"): ("correctedBy", "voided"),
    ("base", "an empty void reason on a live ball"): ("voidReason", "voided"),
    ("base", "a scorer's ball as the consensus"): ("source", "invalid_value"),
    ("base", "the submissions a consensus came from"): ("submissionIds", "unknown_field"),
    ("event", "an innings opened by one batter at both ends"): ("nonStrikerId", "unlawful"),
    ("base", "sequence 10000"): ("sequenceNumber", "out_of_range"),
    ("base", "a sequence of 1.0"): ("sequenceNumber", "invalid_value"),
    ("event", "7 penalty runs (Law 41: five an offence)"): ("runs", "unlawful"),
    ("event", "a result's method in free text"): ("method", "unknown_method"),
    ("event", "an award recorded by a scorer (Law 16.4: an admin's)"): ("method", "admin_only"),
    ("event", "a winner not in the match"): ("winnerId", "not_in_match"),
    ("event", "a note of 501 characters"): ("note", "too_long"),
    ("event", "a margin of 30 wickets (a side is at most 30)"): ("winMargin.wickets",
                                                                  "out_of_range"),
    ("event", "a win without a winner"): ("winnerId", "unlawful"),
    ("player", "a bowler in neither XI"): ("bowlerId", "not_in_match"),
    ("player", "a catch by a fielder in neither XI"): ("wicket.fielderIds", "not_in_match"),
}


@pytest.mark.parametrize(("table", "case"), REPRESENTATIVE)
def test_a_refused_draft_names_the_field_the_rules_test_is_about(
    world: World, table: str, case: str
) -> None:
    draft = refused_drafts(world)[f"{table}: {case}"]
    assert REPRESENTATIVE[(table, case)] in _one(world, draft)


# --- the messages ---------------------------------------------------------------------------


def test_the_arithmetic_is_spelt_out(world: World) -> None:
    draft = ball(world, 1, runsOffBat=2, extras={"wide": 0, "noBall": 1, "bye": 0,
                                                  "legBye": 0, "penalty": 0},
                 totalRuns=2, isLegalDelivery=False)
    assert [str(p) for p in problems(world, draft)] == [
        "totalRuns: must equal runsOffBat + extras = 3, got 2"]


def test_every_law_a_ball_breaks_is_reported_not_only_the_first(world: World) -> None:
    draft = ball(world, 1, runsOffBat=1, totalRuns=5, isLegalDelivery=False,
                 nonStrikerId=world.player(world.home, 1))
    assert [p.field for p in problems(world, draft)] == [
        "totalRuns", "isLegalDelivery", "nonStrikerId"]


def test_a_completed_match_takes_only_what_closes_it_and_a_super_over(world: World) -> None:
    """As the rules (tests/rules/test_roles.py): once the functions found a result, the
    officials' result goes in whatever it is (it stands; the fold flags a difference), and so
    does the innings' end; a ball, or a super over without a tie, needs an admin."""
    over = {"status": "completed"}
    assert [str(p) for p in problems(world, ball(world, 1), **over)] == ["match is completed"]
    ctx = context(world, **over)
    ctx = Context(**{**ctx.__dict__, "match": {**ctx.match, "resultType": "win",
                                               "winnerId": world.home}})
    for closing in (event(world, "match_result", result="win", winnerId=world.home),
                    event(world, "match_result", result="win", winnerId=world.away,
                          method="D/L"),
                    event(world, "match_result", result="no_result"),
                    event(world, "innings_end", reason="all_out")):
        assert validate_action(closing, ctx) == [], closing
    for other in (event(world, "penalty_runs", runs=5), event(world, "declaration")):
        assert (None, "match_over") in [(p.field, p.code) for p in validate_action(other, ctx)]
    admin = context(world, persona="admin", **over)
    assert validate_action(ball(world, 1) | {"recordedBy": "admin"}, admin) == []
    # after a tie a super over goes in, but not once a super over has decided the match
    start = event(world, "innings_start", battingTeamId=world.away, bowlingTeamId=world.home,
                  isSuperOver=True)
    for winner, expected in ((None, []), (world.home, [(None, "match_over")])):
        tied = Context(**{**ctx.__dict__, "match": {**ctx.match, "resultType": "tie",
                                                    "winnerId": winner}})
        assert [(p.field, p.code) for p in validate_action(start, tied)] == expected, winner


def test_a_win_by_wickets_is_at_most_a_side_less_one(world: World) -> None:
    """As the rules (tests/rules/test_validation_laws.py): Law 1, the match's playersPerSide."""
    for players, most in ((None, 10), ("left out", 10), (12, 11), (8, 7)):
        ctx = context(world)
        if players == "left out":  # the match's default: eleven a side
            ctx = Context(**{**ctx.__dict__, "match": {
                k: v for k, v in ctx.match.items() if k != "playersPerSide"}})
        elif players is not None:
            ctx = Context(**{**ctx.__dict__, "match": {**ctx.match, "playersPerSide": players}})
        won = event(world, "match_result", result="win", winnerId=world.home,
                    winMargin={"wickets": most})
        assert validate_action(won, ctx) == [], players
        won["winMargin"] = {"wickets": most + 1}
        assert [(p.field, p.code) for p in validate_action(won, ctx)] == [
            ("winMargin.wickets", "out_of_range")], players


def test_a_no_ball_costs_the_matchs_penalty(world: World) -> None:
    draft = ball(world, 1, runsOffBat=0, extras={"noBall": 2}, totalRuns=2,
                 isLegalDelivery=False)
    assert [str(p) for p in problems(world, draft)] == [
        "extras.noBall: a no-ball costs this match's noBallRuns = 1, got 2"]


def test_a_ball_from_the_future_is_refused_and_a_clock_a_little_fast_is_not(world) -> None:
    ahead = ball(world, 1, timestamp=NOW + timedelta(days=1))
    assert _one(world, ahead) == [("timestamp", "future_timestamp")]
    assert problems(world, ball(world, 1, timestamp=NOW + timedelta(minutes=5))) == []


@pytest.mark.parametrize("persona", ["signed_in", "expired_scorer", "future_scorer",
                                     "revoked_scorer", "umpire", "other_scorer"])
def test_only_an_assigned_scorer_in_force_may_score(world: World, persona: str) -> None:
    assert _one(world, ball(world, 1)) == []  # the scorer
    draft = ball(world, 1) | {"recordedBy": PERSONAS[persona].me}
    assert problems(world, draft, persona=persona) == [Problem(
        field=None, code="not_scorer",
        message="the caller is not an assigned scorer of this match")]


def test_a_scorer_of_a_match_scored_by_consensus_is_told_to_submit() -> None:
    dual = World(status="live")
    dual.match = dual.match.model_copy(update={"validation": "DUAL"})
    assert _one(dual, ball(dual, 1)) == [(None, "needs_consensus")]
    assert problems(dual, ball(dual, 1) | {"recordedBy": PERSONAS["admin"].me},
                    persona="admin") == []  # an admin may still write the log


def test_a_match_that_does_not_exist(world: World) -> None:
    ctx = Context(now=NOW, match_id="nope", match=None)
    assert [(p.field, p.code) for p in validate_action(ball(world, 1), ctx)] == [
        ("matchId", "no_match")]


def test_a_taken_position(world: World) -> None:
    draft = ball(world, 1)
    assert _one(world, draft) == []
    assert problems(world, draft, taken="identical") == []  # a retry: a no-op
    assert [(p.field, p.code) for p in problems(world, draft, taken="different")] == [
        ("id", "position_taken")]
    other = PERSONAS["umpire"]
    assert problems(world, draft | {"recordedBy": other.me}, persona="umpire",
                    taken="identical") != []


def test_a_correction_names_an_action_of_the_log(world: World) -> None:
    draft = ball(world, 7, id="1-0007-c1", corrects="1-0007")
    assert problems(world, draft, corrected_exists=True) == []
    assert _one_ctx(world, draft, corrected_exists=False) == [("corrects", "unknown_correction")]
    assert ("corrects", "not_position") in _one_ctx(world, draft | {"corrects": "1-0002"})


def test_an_action_built_on_another_story_is_refused_and_why(world: World) -> None:
    """`follows` names the action this device saw before it: the log must hold that one."""
    draft = ball(world, 8, key="second-ball-key-2", follows={"id": "1-0007", "key": "k" * 16})
    assert problems(world, draft, followed="same") == []
    for followed in ("other", "absent"):
        found = problems(world, draft, followed=followed)
        assert [(p.field, p.code) for p in found] == [("follows", "not_followed")]
        assert "re-read the log" in found[0].message
    assert ("follows.id", "invalid_value") in _one_ctx(
        world, draft | {"follows": {"id": "1-7", "key": None}}, followed="same")
    assert ("key", "invalid_value") in _one_ctx(world, draft | {"key": "short"})


def _one_ctx(world: World, draft: dict, **more: Any) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in problems(world, draft, **more)]


def test_a_json_draft_is_read_as_firestore_types(world: World) -> None:
    """What the callable receives: timestamps as ISO text or {seconds, nanoseconds}."""
    draft = json.loads(json.dumps(ball(world, 1), default=lambda d: d.isoformat()))
    assert problems(world, draft) == []
    stamp = {"seconds": int(NOW.timestamp()), "nanoseconds": 0}
    assert problems(world, draft | {"timestamp": stamp}) == []
    assert _one(world, draft | {"timestamp": "yesterday"}) == [("timestamp", "invalid_value")]


def test_not_an_object() -> None:
    assert validate_action([1], Context(now=NOW, check_match=False))[0].code == "invalid_value"


def test_offline_without_the_match_or_the_caller_checks_the_draft_alone(world: World) -> None:
    offline = Context(now=NOW, check_match=False)
    assert validate_action(ball(world, 1, strikerId="ringer"), offline) == []
    draft = ball(world, 1, totalRuns=4)
    assert [str(p) for p in validate_action(draft, offline)] == [
        "totalRuns: must equal runsOffBat + extras = 1, got 4"]


def test_the_codes_are_one_vocabulary_each_documented() -> None:
    from scorebook.service import refusals, validate

    source = validate.__doc__ or ""
    module = Path(refusals.__file__).read_text()
    for code in REFUSAL_CODES:
        assert f"#: - ``{code}``" in module, code
    assert "validateAction" in source
    assert to_document(Problem(field=None, code="no_match", message="x")) == {
        "field": None, "code": "no_match", "message": "x"}
