"""firestore.rules names the fields and values of the schema; they must be those of
scorebook.models, or the rules would refuse a lawful document or let an unknown field in.

The rules are read as text: each function's body, the lists given to hasOnly() and `in`,
and the regular expressions that stand for lists on the busy scoring path.
"""

from __future__ import annotations

import ast
import re
from typing import Literal, get_args, get_origin

import pytest

from scorebook import actions, match, roles
from scorebook.actions import ACTION_KINDS, FUNCTIONS_ONLY_FIELDS, WicketType
from scorebook.laws.dismissals import BETWEEN_BALLS
from tests.conftest import REPO
from tests.rules.payloads import model_of

RULES = (REPO / "firestore.rules").read_text()


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Nothing here touches the emulators' data."""


def body(function: str) -> str:
    """The text of a rules function, from its name to the next function."""
    start = RULES.index(f"function {function}(")
    end = RULES.find("\n    function ", start + 1)
    return RULES[start : end if end > 0 else len(RULES)]


def lists(text: str, after: str) -> list[list]:
    """The literal lists that follow `after` in `text` (hasOnly([...]), in [...])."""
    found = []
    for found_at in re.finditer(re.escape(after) + r"\s*\(?\[", text):
        start = found_at.end() - 1
        depth, i = 0, start
        while True:
            depth += {"[": 1, "]": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        literal = re.sub(r"\b(null|true|false)\b",
                         lambda m: {"null": "None", "true": "True", "false": "False"}[m[1]],
                         text[start : i + 1])
        try:
            found.append(ast.literal_eval(literal))
        except ValueError:
            continue  # a list of expressions, not of names
    return found


def key_pattern(text: str, of: str) -> set[str]:
    """The field names a `{of}.keys().join(',').matches('((a|b|...)(,|$))*')` allows: on the
    scoring path the rules name a map's fields as one pattern, which costs one expression
    where a list costs one a name."""
    found = re.search(re.escape(of) + r"\.keys\(\)\.join\(','\)\.matches\(\s*"
                      r"'\(\(([\w|]+)\)\(,\|\$\)\)\*'\)", text)
    assert found, f"no pattern of {of}'s fields"
    return set(found.group(1).split("|"))


def list_with(text: str, member: object) -> list:
    """The one literal list given to `in` in `text` that holds `member`."""
    (found,) = [x for x in lists(text, "in") if member in x]
    return found


#: Fields of the log only the functions write (admin credentials): left out of the lists
#: of what a client may write, so the rules refuse them from every client.
FUNCTIONS_ONLY = frozenset(FUNCTIONS_ONLY_FIELDS)


def fields(model: type) -> set[str]:
    """What a client may write of a model: its fields but the functions' own."""
    return set(model.model_fields) - FUNCTIONS_ONLY


def values(annotation) -> set:
    inner = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    (literal,) = [a for a in inner if get_origin(a) is Literal] or [annotation]
    return set(get_args(literal))


def test_the_rules_know_every_kind_of_action() -> None:
    kinds = set(re.findall(r"(?:kind|data\.get\('kind', 'delivery'\)) == '(\w+)'",
                           body("isValidNewAction") + body("isValidEvent")))
    assert kinds == set(ACTION_KINDS)


def test_a_delivery_has_exactly_the_fields_of_the_model() -> None:
    assert key_pattern(body("isValidDelivery"), "data") == fields(actions.ScoringAction)
    assert key_pattern(body("isValidDelivery"), "extras") == fields(actions.Extras)
    assert key_pattern(body("isLawfulDeliveryWicket"), "wicket") == fields(actions.Wicket)
    assert key_pattern(body("isValidShotData"), "shot") == fields(actions.ShotData)
    (point,) = lists(body("isValidShotData"), "point.keys().hasOnly")
    assert set(point) == fields(actions.Coordinates)
    (follows,) = lists(body("isFollowed"), "follows.keys().hasOnly")
    assert set(follows) == fields(actions.Follows)


@pytest.mark.parametrize("kind", [k for k in ACTION_KINDS if k != "delivery"])
def test_every_other_kind_has_exactly_the_fields_of_its_model(kind: str) -> None:
    (base,) = lists(body("hasEventFields"), "data.keys().hasOnly")
    dispatch = re.search(rf"kind == '{kind}' && (\w+)\(", body("isValidEvent"))
    assert dispatch, kind
    own = lists(body(dispatch.group(1)), "hasEventFields(data,")
    if dispatch.group(1) == "hasEventFields":
        own = [[]]
    (own,) = own
    assert set(base) | set(own) == fields(model_of(kind)), kind


def test_the_rules_name_the_models_values() -> None:
    wicket_types = set(get_args(WicketType))
    # one pattern over the type, whose batter is out and the extras: a type is allowed when
    # the striker may be out so off a fair ball ("{type},s")
    pattern = re.search(r"\(wicket\.type\s*\+.*?\)\.matches\(\s*'([^']*)'\)",
                        body("isLawfulDeliveryWicket"), re.DOTALL)
    assert pattern
    regex = pattern.group(1)
    assert {t for t in wicket_types if re.fullmatch(regex, f"{t},s")} == wicket_types - {
        "timed_out"}
    (between,) = lists(body("isValidDismissal"), "wicket.type in")
    assert set(between) == BETWEEN_BALLS
    # (matched after the action's id and a comma: one pattern for both)
    source = re.search(
        r"\(actionId \+ ',' \+ data\.get\('source', 'live'\)\)\.matches\('([^']*)'\)", RULES)
    assert source
    # a consensus action is the functions' (scorebook.service.consensus), never a client's
    sources = set(get_args(actions.Source))
    assert {s for s in sources if re.fullmatch(source.group(1), f"1-0001,{s}")} == sources - {
        "consensus"}
    assert set(list_with(body("isValidInningsEnd"), "all_out")) == values(
        actions.InningsEnd.model_fields["reason"].annotation)
    assert set(list_with(body("isValidPenaltyRuns"), "pre")) == values(
        actions.PenaltyRuns.model_fields["when"].annotation)
    assert set(list_with(body("isValidRetirement"), "retired_out")) == values(
        actions.Retirement.model_fields["type"].annotation)
    assert set(lists(body("isValidMatchResult"), "data.result in")[0]) == values(
        actions.MatchResult.model_fields["result"].annotation)
    assert set(lists(body("isValidWinMargin"), "margin.keys().hasOnly")[0]) == fields(
        actions.WinMargin)
    assert set(list_with(body("isValidMatchResult"), "DLS")) == actions.RESULT_METHODS | {None}
    assert set(list_with(body("isValidRevisedTarget"), "DLS")) == actions.TARGET_METHODS | {None}
    angles = list_with(body("isValidDelivery"), "Over the Wicket")
    assert set(angles) == values(actions.ScoringAction.model_fields["bowlingAngle"].annotation) | {
        None}


def test_absence_reasons_are_the_models() -> None:
    if "absence" not in ACTION_KINDS:
        pytest.skip("no absence kind in this version of the models")
    assert set(list_with(body("isValidAbsence"), "absent_hurt")) == values(
        model_of("absence").model_fields["reason"].annotation)


def test_a_match_has_the_fields_of_the_model() -> None:
    (allowed,) = lists(body("isValidMatch"), "data.keys().hasOnly")
    assert set(allowed) == fields(match.Match)
    statuses = list_with(body("isValidMatch"), "scheduled")
    assert set(statuses) == values(match.Match.model_fields["status"].annotation)
    (toss,) = lists(body("isValidMatch"), "data.toss.keys().hasOnly")
    assert set(toss) == fields(match.Toss)


def test_a_lineup_has_the_fields_of_the_model() -> None:
    lineup = match.MatchLineup
    (allowed,) = lists(body("isValidLineup"), "data.keys().hasOnly")
    assert set(allowed) == fields(lineup)
    (required,) = lists(body("isValidLineup"), "data.keys().hasAll")
    assert set(required) == {n for n, f in lineup.model_fields.items() if f.is_required()}
    roles = list_with(body("isValidLineup"), "playing_xi")
    assert set(roles) == values(lineup.model_fields["role"].annotation)
    reasons = set(list_with(body("isValidLineup"), "concussion"))
    assert reasons - {None} == values(lineup.model_fields["substitutionReason"].annotation)


@pytest.mark.parametrize(("function", "model", "scope"), [
    ("isValidMatchAssignment", roles.MatchRoleAssignment, "matchId"),
    ("isValidTeamAssignment", roles.TeamRoleAssignment, "teamId"),
    ("isValidSchoolAssignment", roles.SchoolRoleAssignment, "schoolId"),
])
def test_a_role_assignment_has_the_fields_and_roles_of_its_model(
    function: str, model: type, scope: str
) -> None:
    (common,) = lists(body("isValidAssignment"), "data.keys().hasOnly")
    (own,) = lists(body(function), f"before, '{scope}',")
    assert {*common, scope, *own} == fields(model)
    role = model.model_fields["role"].annotation
    some_role = sorted(values(role))[0]
    assert set(list_with(body(function), some_role)) == values(role)


def test_a_match_role_has_the_statuses_of_its_model() -> None:
    statuses = list_with(body("isValidMatchAssignment"), "no_show")
    assert set(statuses) == values(roles.MatchRoleAssignment.model_fields["status"].annotation)
    # (a pattern, not a list: one expression, not one a status)
    active = re.search(r"status\.matches\('([a-z_|]+)'\)", body("isActiveMatchRole"))
    assert active and tuple(active[1].split("|")) == roles.ACTIVE_STATUSES


def test_the_rules_grant_what_scorebook_roles_says() -> None:
    # isScorer builds the path up to `_scorer_` once; each role is its suffix there
    scorer = body("isScorer")
    read = re.findall(r"get\(path\(prefix \+ '(\w+)'\)\)\.data, matchId, '(\w+)'\)", scorer)
    assert {role for _, role in read} == set(roles.SCORER_ROLES)
    assert all(role == f"scorer_{suffix}" for suffix, role in read), read
    assert set(re.findall(r"exists\(path\(prefix \+ '(\w+)'\)\)", scorer)) == {
        suffix for suffix, _ in read}
    assert "'_scorer_'" in body("isScorer")
    assert set(re.findall(r"holdsMatchRole\(matchId, '(\w+)'\)", body("mayVoid"))) == set(
        roles.VOIDING_UMPIRES)
    team = set(re.findall(r"'team_role_assignments', 'teamId', teamId, '(\w+)'",
                          body("isTeamOfficial")))
    assert team == {*roles.LINEUP_ROLES, "player"}
    school = re.findall(
        r"'school_role_assignments', 'schoolId', get\(team\)\.data\.schoolId, '(\w+)'",
        body("isSchoolOfficialOf"))
    assert set(school) == set(roles.SCHOOL_OFFICIALS)


def test_a_team_document_has_the_fields_of_its_model() -> None:
    (allowed,) = lists(body("isValidTeamDocument"), "data.keys().hasOnly")
    assert set(allowed) == fields(roles.TeamDocument)
