"""What a valid write looks like, one law or limit at a time: deliveries (Laws 18-23 and
30-40, the limits), the events other than deliveries, and voids.
"""

from __future__ import annotations

import pytest

from scorebook.actions import parse_action
from scorebook_tools.scoring_app import (
    void_action,
)
from tests.rules.action_cases import (
    BASE_MISTAKES,
    LAWFUL_BALLS,
    LAWFUL_EVENTS,
    UNLAWFUL_BALLS,
    UNLAWFUL_EVENTS,
)
from tests.rules.validation import (
    ADMIN,
    SCORER,
    accepted,
    ball,
    create_action,
    event,
    out,
)
from tests.rules.world import (
    PERSONAS,
    World,
    refused,
)


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Each test has a world of its own (fresh ids): no need to clear the database."""


# --- deliveries: the laws and the limits ---------------------------------------------------------


@pytest.mark.parametrize("why", UNLAWFUL_BALLS)
def test_an_unlawful_or_malformed_delivery_is_refused(world: World, why: str) -> None:
    refused(create_action, world, ball(world, 1, **UNLAWFUL_BALLS[why](world)))


@pytest.mark.parametrize("field", ["strikerId", "nonStrikerId"])
def test_a_wicket_without_its_batters_is_refused_not_an_error(world: World, field: str) -> None:
    """A ball missing a batter but with a wicket: refused (403). The emulator answered 500
    while the rules built the list of the two batters with the missing one in it."""
    doc = ball(world, 1, **out("run_out", world.player(world.home, 1)))
    del doc[field]
    refused(create_action, world, doc)


@pytest.mark.parametrize("what", LAWFUL_BALLS)
def test_a_lawful_delivery_is_accepted(world: World, what: str) -> None:
    doc = ball(world, 1, **LAWFUL_BALLS[what](world))
    parse_action(doc)
    create_action(world, doc)


@pytest.mark.parametrize("why", BASE_MISTAKES)
def test_an_action_is_signed_by_the_caller_in_its_own_place(world: World, why: str) -> None:
    doc_id, doc = BASE_MISTAKES[why](world, ball(world, 1))
    refused(SCORER.client().create, f"matches/{world.match_id}/scoring_actions", doc_id, doc)


# --- events other than deliveries ----------------------------------------------------------------

@pytest.mark.parametrize("why", UNLAWFUL_EVENTS)
def test_an_unlawful_event_is_refused(world: World, why: str) -> None:
    kind, fields = UNLAWFUL_EVENTS[why](world)
    base = event(world, "declaration")
    refused(create_action, world, base | {"kind": kind} | fields)


@pytest.mark.parametrize("what", LAWFUL_EVENTS)
def test_a_lawful_event_is_accepted(world: World, what: str) -> None:
    kind, fields = LAWFUL_EVENTS[what](world)
    create_action(world, event(world, kind, **fields))


def test_a_declaration_is_lawful_where_the_format_has_one() -> None:
    """Law 15.1: in a match of two innings a side, or one without an over limit."""
    for update in ({"inningsPerSide": 2, "scheduledOvers": None}, {"scheduledOvers": None}):
        world = World(status="live")
        world.match = world.match.model_copy(update=update)
        world.given({f"matches/{world.match_id}": world.match_document()})
        world.commit()
        create_action(world, event(world, "declaration"))


def test_a_win_by_wickets_is_at_most_a_side_less_one() -> None:
    """Law 1: eleven a side unless agreed otherwise (the match's playersPerSide); a side
    wins by its players less one wickets at most: twelve a side by 11, eight a side by 7."""
    for players, most in ((12, 11), (8, 7)):
        world = World(status="live")
        world.match = world.match.model_copy(update={"playersPerSide": players})
        world.given({f"matches/{world.match_id}": world.match_document()})
        world.commit()
        won = event(world, "match_result", result="win", winnerId=world.home,
                    winMargin={"wickets": most + 1})
        refused(create_action, world, won)
        create_action(world, won | {"winMargin": {"wickets": most}})


def test_an_admin_records_an_award(world: World) -> None:
    """Law 16.4: the umpires award the match to a side when the other refuses to play; the
    functions take it whenever it comes, so only an admin records it."""
    doc = event(world, "match_result", result="win", winnerId=world.home, method="Awarded")
    create_action(world, doc | {"recordedBy": ADMIN.me}, as_=ADMIN.client())


# --- voids ---------------------------------------------------------------------------------------


def test_a_void_reason_with_a_text_direction_mark_is_refused(world: World) -> None:
    create_action(world, ball(world, 3))
    client, log = SCORER.client(), f"matches/{world.match_id}/scoring_actions"
    for reason in ("misclick\u202e", "\u2066wrong ball"):
        refused(client.commit, [client.update_write(
            f"{log}/1-0003", {"isVoided": True, "voidReason": reason, "voidedBy": SCORER.me},
            server_time=("voidedAt",))])
    client.commit([client.update_write(
        f"{log}/1-0003", {"isVoided": True, "voidReason": "غلط گیند", "voidedBy": SCORER.me},
        server_time=("voidedAt",))])


def test_a_void_may_name_its_correction_and_stamp_updatedAt(world: World) -> None:
    create_action(world, ball(world, 3))
    client, log = SCORER.client(), f"matches/{world.match_id}/scoring_actions"
    fields = {"isVoided": True, "voidReason": "wrong bowler", "voidedBy": SCORER.me,
              "correctedBy": "1-0003-c1"}
    accepted(client.commit, [
        client.update_write(f"{log}/1-0003", fields, server_time=("voidedAt", "updatedAt")),
        client.create_write(f"{log}/1-0003-c1", ball(world, 3, id="1-0003-c1",
                                                     corrects="1-0003")),
    ])


def test_an_umpire_voids_signing_as_the_umpire(world: World) -> None:
    create_action(world, ball(world, 3))
    umpire = PERSONAS["umpire"]
    refused(void_action, umpire.client(), world.match_id, "1-0003", "signal", uid=SCORER.me)
    void_action(umpire.client(), world.match_id, "1-0003", "signal", uid=umpire.me)
