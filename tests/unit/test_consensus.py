"""The consensus decision (scorebook.consensus), pure: random agreements and disagreements of
two and three scorers, in any order of arrival."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scorebook.consensus import (
    Agreed,
    Disputed,
    Submission,
    Waiting,
    canonical_hash,
    decide,
    deciding_fields,
    majority_view,
    voided_target,
)

BALL: dict[str, Any] = {
    "id": "1-0007", "matchId": "m", "kind": "delivery", "inningsNumber": 1, "sequenceNumber": 7,
    "timestamp": "2026-11-22T10:00:00Z", "recordedBy": "a", "overNumber": 1, "ballInOver": 1,
    "strikerId": "s", "nonStrikerId": "n", "bowlerId": "b", "runsOffBat": 1,
    "extras": {"wide": 0, "noBall": 0, "bye": 0, "legBye": 0, "penalty": 0}, "totalRuns": 1,
    "isWicket": False, "wicket": None, "isLegalDelivery": True,
}

views = st.fixed_dictionaries({
    "runsOffBat": st.sampled_from([0, 1, 4]),
    "wide": st.sampled_from([0, 1]),
    "bye": st.sampled_from([0, 2]),
    "strikerId": st.sampled_from(["s", "n"]),
    "bowlerId": st.sampled_from(["b", "c"]),
    "out": st.sampled_from([None, "bowled", "run_out"]),
    "outBatter": st.sampled_from(["s", "n"]),
})


def ball(view: dict[str, Any], scorer: str = "a") -> dict[str, Any]:
    view = {"bye": 0, "bowlerId": "b", "outBatter": "s"} | view
    wicket = {"type": view["out"], "dismissedPlayerId": view["outBatter"], "fielderIds": []} \
        if view["out"] else None
    return BALL | {
        "recordedBy": scorer, "timestamp": f"2026-11-22T10:00:0{len(scorer)}Z",
        "runsOffBat": view["runsOffBat"], "strikerId": view["strikerId"],
        "nonStrikerId": "n" if view["strikerId"] == "s" else "s",
        "extras": BALL["extras"] | {"wide": view["wide"], "bye": view["bye"]},
        "bowlerId": view["bowlerId"],
        "isWicket": wicket is not None, "wicket": wicket,
    }


def test_what_is_not_the_scorebook_record_of_the_ball_does_not_count() -> None:
    other = BALL | {"recordedBy": "z", "timestamp": "2026-11-22T11:00:00Z", "id": "1-0007-c1",
                    "shotData": {"shotType": "drive"}, "isBoundary": None}
    assert canonical_hash(other) == canonical_hash(BALL)
    assert canonical_hash(BALL | {"runsOffBat": 2}) != canonical_hash(BALL)
    # an extra left out is none of it
    assert canonical_hash(BALL | {"extras": {"wide": 0}}) == canonical_hash(BALL)
    assert deciding_fields(BALL)["wicket.dismissedPlayerId"] is None


@given(st.lists(views, min_size=2, max_size=2), st.booleans())
def test_dual_agrees_when_both_say_the_same_and_disputes_exactly_what_differs(
    pair: list[dict[str, Any]], same: bool
) -> None:
    if same:
        pair = [pair[0], pair[0]]
    pair = [v if v["out"] else v | {"outBatter": "s"} for v in pair]  # nobody out: no one
    home = Submission("home", ball(pair[0], "home"))
    away = Submission("away", ball(pair[1], "away"))

    assert decide("DUAL", [home]) == Waiting(1, 2)
    decision = decide("DUAL", [home, away])
    assert type(decision) is type(decide("DUAL", [away, home]))  # any order of arrival
    if pair[0] == pair[1]:
        assert isinstance(decision, Agreed)
        assert decision.scorerIds == ("home", "away") and decision.dissenters == ()
    else:
        assert isinstance(decision, Disputed)
        differing = {d.field for d in decision.differences}
        want = {f for f, a, b in (
            ("runsOffBat", pair[0]["runsOffBat"], pair[1]["runsOffBat"]),
            ("extras.wide", pair[0]["wide"], pair[1]["wide"]),
            ("extras.bye", pair[0]["bye"], pair[1]["bye"]),
            ("bowlerId", pair[0]["bowlerId"], pair[1]["bowlerId"]),
            ("strikerId", pair[0]["strikerId"], pair[1]["strikerId"]),
            ("nonStrikerId", pair[0]["strikerId"], pair[1]["strikerId"]),
            ("isWicket", bool(pair[0]["out"]), bool(pair[1]["out"])),
            ("wicket.type", pair[0]["out"], pair[1]["out"]),
            ("wicket.dismissedPlayerId", pair[0]["out"] and pair[0]["outBatter"],
             pair[1]["out"] and pair[1]["outBatter"]),
        ) if a != b}
        assert differing == want
        for d in decision.differences:
            assert set(d.values) == {"home", "away"}


@given(st.lists(views, min_size=3, max_size=3), st.permutations(range(3)))
def test_triple_two_of_three_carry_the_ball_whatever_the_order(
    trio: list[dict[str, Any]], order: list[int]
) -> None:
    subs = [Submission(f"s{i}", ball(trio[i], f"s{i}")) for i in range(3)]
    arrived = [subs[i] for i in order]
    decision = decide("TRIPLE", arrived)
    hashes = [canonical_hash(s.action) for s in subs]
    majority = [h for h in hashes if hashes.count(h) >= 2]
    if majority:
        assert isinstance(decision, Agreed) and decision.hash == majority[0]
        agreeing = {f"s{i}" for i in range(3) if hashes[i] == majority[0]}
        assert set(decision.scorerIds) == agreeing  # the two (or three) who agree
        # a dissenter is named once it has arrived (it may come after the two who agree)
        assert set(decision.dissenters) <= {f"s{i}" for i in range(3)} - agreeing
    else:
        assert isinstance(decision, Disputed)
    # before the third: two that agree decide, two that differ wait for the third
    first_two = decide("TRIPLE", arrived[:2])
    a, b = (canonical_hash(s.action) for s in arrived[:2])
    assert isinstance(first_two, Agreed if a == b else Waiting)


@given(views, views)
def test_a_submission_sent_again_changes_nothing(first: dict[str, Any],
                                                 second: dict[str, Any]) -> None:
    home = Submission("home", ball(first, "home"))
    again = Submission("home", ball(second, "home"))  # the same scorer, later: not counted
    assert decide("DUAL", [home, again]) == Waiting(1, 2)
    assert decide("SINGLE", [home, again]) == decide("SINGLE", [home])
    assert isinstance(decide("SINGLE", [home]), Agreed)


def test_other_actions_are_decided_on_all_their_own_fields() -> None:
    start = {"id": "1-0001", "kind": "innings_start", "recordedBy": "a", "timestamp": "t",
             "battingTeamId": "h", "bowlingTeamId": "a", "strikerId": "s", "nonStrikerId": "n",
             "bowlerId": "b"}
    assert canonical_hash(start | {"recordedBy": "z"}) == canonical_hash(start)
    decision = decide("DUAL", [Submission("h", start), Submission("a", start | {"bowlerId": "x"})])
    assert isinstance(decision, Disputed)
    assert [d.field for d in decision.differences] == ["bowlerId"]


# --- resolving: a majority of views, field by field ---------------------------------------


def test_a_majority_vote_takes_the_view_that_agrees_with_the_majority_of_each_field() -> None:
    home = ball({"runsOffBat": 1, "wide": 0, "strikerId": "s", "out": None}, "home")
    away = ball({"runsOffBat": 4, "wide": 0, "strikerId": "s", "out": None}, "away")
    neutral = ball({"runsOffBat": 1, "wide": 0, "strikerId": "n", "out": None}, "neutral")
    subs = [Submission("home", home), Submission("away", away), Submission("neutral", neutral)]
    assert isinstance(decide("TRIPLE", subs), Disputed)
    assert majority_view(subs) is home  # runs with neutral, striker with away


def test_a_majority_vote_settles_nothing_without_a_majority_in_every_field() -> None:
    one, two, three = (BALL | {"runsOffBat": r} for r in (1, 2, 3))
    assert majority_view([Submission("a", one), Submission("b", two),
                          Submission("c", three)]) is None  # the runs: three values
    # each view has the majority's value of two fields of three, none of all three
    a = BALL | {"runsOffBat": 1, "bowlerId": "b1", "strikerId": "s1"}
    b = BALL | {"runsOffBat": 1, "bowlerId": "b2", "strikerId": "s2"}
    c = BALL | {"runsOffBat": 2, "bowlerId": "b1", "strikerId": "s2"}
    assert majority_view([Submission("a", a), Submission("b", b), Submission("c", c)]) is None


def test_a_void_submission_names_its_action() -> None:
    assert voided_target("1-0042-void") == "1-0042"
    assert voided_target("1-0042-c1-void") == "1-0042-c1"
    assert voided_target("1-0042") is None


def test_a_note_goes_into_the_log_only_when_the_agreeing_scorers_wrote_the_same() -> None:
    noted = BALL | {"note": "Dropped at slip"}
    one = decide("DUAL", [Submission("a", noted), Submission("b", BALL)])
    assert isinstance(one, Agreed) and one.action["note"] is None  # one side's words alone
    both = decide("DUAL", [Submission("a", noted), Submission("b", noted | {"recordedBy": "b"})])
    assert isinstance(both, Agreed) and both.action["note"] == "Dropped at slip"
    alone = decide("SINGLE", [Submission("a", noted)])
    assert isinstance(alone, Agreed) and alone.action["note"] == "Dropped at slip"
