"""The consensus use case (scorebook.service.consensus) over documents in memory: what each
submission and resolution appends, disputes or holds, and in which order held balls go in."""

from __future__ import annotations

from typing import Any

from scorebook.actions import log_position
from scorebook.consensus import DisputeState, Resolution, Unreadable, View, parse
from scorebook.firestore.paths import resolution_id
from scorebook.service.consensus import Changes, on_resolution, on_submission


class Store:
    """A match's submissions, log, disputes and resolutions; each run sees them as they are
    and its writes land at once (one transaction at a time)."""

    def __init__(self, tier: str = "DUAL") -> None:
        self.document = {"validation": tier}
        self.subs: list[tuple[str, dict[str, Any]]] = []
        self.log: dict[str, dict[str, Any]] = {}
        self.disputes_: dict[str, dict[str, Any]] = {}
        self.resolutions: dict[str, dict[str, Any]] = {}

    # ConsensusTx
    def match(self) -> dict[str, Any]:
        return self.document

    def views(self, docs: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, View]]:
        parsed = [(doc_id, parse(View, doc_id, doc)) for doc_id, doc in docs]
        return [(doc_id, v) for doc_id, v in parsed if isinstance(v, View)]

    def submissions(self, position: str) -> list[tuple[str, View]]:
        return self.views([s for s in self.subs if s[1].get("position") == position])

    def submissions_after(self, position: str) -> list[tuple[str, View]]:
        return self.views([s for s in self.subs if isinstance(s[1].get("position"), str)
                           and log_position(s[1]["position"]) > log_position(position)])

    def action(self, action_id: str) -> dict[str, Any] | None:
        return self.log.get(action_id)

    def log_ids_after(self, position: str) -> set[str]:
        return {i for i in self.log if log_position(i) > log_position(position)}

    def dispute(self, position: str) -> DisputeState | None:
        found = self.disputes_.get(position)
        return None if found is None else DisputeState.model_validate(found)

    def open_disputes(self) -> list[str]:
        return [p for p, d in self.disputes_.items() if d["status"] == "open"]

    def resolution(self, resolution_id: str) -> Resolution | None:
        found = self.resolutions.get(resolution_id)
        parsed = None if found is None else parse(Resolution, resolution_id, found)
        return parsed if isinstance(parsed, Resolution) else None

    def write(self, changes: Changes) -> None:
        for action_id, action in changes.actions:
            assert action_id not in self.log, f"{action_id} appended twice"
            self.log[action_id] = action
        for action_id, fields in changes.voids:
            self.log[action_id] = self.log[action_id] | fields
        for position, fields in changes.disputes:
            self.disputes_[position] = self.disputes_.get(position, {}) | fields

    # what a scorer and an official do
    def submit(self, scorer: str, seq: int, runs: int = 1, role: str | None = None,
               innings: int = 1) -> str:
        position = f"{innings}-{seq:04d}"
        self.subs.append((f"{position}_{scorer}", {
            "position": position, "scorerId": scorer,
            "role": role or f"scorer_{scorer}",
            "action": {"id": position, "kind": "delivery", "runsOffBat": runs,
                       "strikerId": "s", "nonStrikerId": "n", "bowlerId": "b",
                       "recordedBy": scorer}}))
        return on_submission(self, "m", position).mode

    def resolve(self, seq: int, method: str = "UMPIRE_OVERRIDE", runs: int = 1,
                attempt: int = 1) -> str:
        position = f"1-{seq:04d}"
        rid = resolution_id(position, attempt)
        stated = method in ("UMPIRE_OVERRIDE", "VIDEO_REVIEW", "CAPTAIN_CONSENSUS")
        self.resolutions[rid] = {"position": position, "method": method, "resolvedBy": "ump",
                                 "action": {
            "id": position, "kind": "delivery", "runsOffBat": runs, "strikerId": "s",
            "nonStrikerId": "n", "bowlerId": "b", "recordedBy": "ump"} if stated else None}
        return on_resolution(self, "m", rid).mode


def test_balls_held_behind_a_dispute_go_in_in_order_up_to_the_next_dispute() -> None:
    store = Store("DUAL")
    assert store.submit("home", 1) == "waiting"
    assert store.submit("away", 1) == "appended"
    assert store.submit("home", 2, runs=1) == "waiting"
    assert store.submit("away", 2, runs=4) == "disputed"
    # later balls: agreed, but held; ball 5 is itself in dispute; ball 6 waits for away
    for seq in (3, 4, 5):
        store.submit("home", seq)
    for seq, runs in ((4, 1), (3, 1), (5, 6)):
        assert store.submit("away", seq, runs=runs) == "held"
    store.submit("home", 6)
    assert sorted(store.log) == ["1-0001"]

    assert store.resolve(2, runs=4) == "resolved"
    assert sorted(store.log) == ["1-0001", "1-0002", "1-0003", "1-0004"]
    assert store.log["1-0002"]["runsOffBat"] == 4 and store.log["1-0002"]["recordedBy"] == "ump"
    assert store.disputes_["1-0005"]["status"] == "open"  # the next dispute, raised in turn
    assert [d["field"] for d in store.disputes_["1-0005"]["differences"]] == ["runsOffBat"]
    assert store.submit("away", 6) == "held"  # still behind ball 5

    assert store.resolve(5, method="ABANDON_BALL") == "resolved"
    assert store.log["1-0005"]["isVoided"] is True  # no hole in the log, no ball either
    assert "1-0006" in store.log
    assert store.resolve(5) == "unchanged"  # a resolution delivered twice


def test_a_submission_for_a_decided_position_changes_nothing() -> None:
    store = Store("TRIPLE")
    assert store.submit("home", 1) == "waiting"
    assert store.submit("away", 1, runs=2) == "waiting"  # the third could side with either
    assert store.submit("neutral", 1, runs=2) == "appended"
    assert store.log["1-0001"]["runsOffBat"] == 2
    assert store.submit("home", 1, runs=3) == "unchanged"


def test_a_majority_vote_without_a_majority_leaves_the_dispute_open_for_another_way() -> None:
    store = Store("TRIPLE")
    for scorer, runs in (("home", 1), ("away", 2), ("neutral", 3)):
        store.submit(scorer, 1, runs=runs)
    assert store.disputes_["1-0001"]["status"] == "open"
    assert store.resolve(1, method="MAJORITY_VOTE") == "unresolved"
    assert store.disputes_["1-0001"]["status"] == "open"
    assert "majority" in store.disputes_["1-0001"]["problem"]
    assert store.log == {}
    assert store.resolve(1, method="VIDEO_REVIEW", runs=2, attempt=2) == "resolved"
    assert store.log["1-0001"]["runsOffBat"] == 2
    assert store.disputes_["1-0001"]["problem"] is None


def test_a_ball_whose_trigger_runs_first_waits_for_the_one_before_it() -> None:
    store = Store("DUAL")
    store.submit("home", 1)
    store.submit("home", 2)
    assert store.submit("away", 2) == "held"  # ball 1 not decided yet: 2 may not go first
    assert store.log == {}
    assert store.submit("away", 1) == "appended"  # and takes ball 2 in after it
    assert sorted(store.log) == ["1-0001", "1-0002"]


def test_two_people_holding_one_sides_scorer_role_are_one_view() -> None:
    store = Store("DUAL")
    store.submit("home", 1, role="scorer_home")
    assert store.submit("home2", 1, role="scorer_home") == "waiting"  # no agreement alone
    assert store.submit("home3", 1, runs=6, role="scorer_home") == "waiting"  # nor dispute
    assert store.submit("away", 1) == "appended"
    assert store.log["1-0001"]["submissionIds"] == ["1-0001_home", "1-0001_away"]


def test_an_innings_first_ball_waits_while_the_innings_before_has_a_dispute() -> None:
    store = Store("DUAL")
    store.submit("home", 1)
    store.submit("away", 1, runs=4)  # the last ball of innings 1: disputed
    store.submit("home", 1, innings=2)
    assert store.submit("away", 1, innings=2) == "held"
    assert store.resolve(1, runs=4) == "resolved"  # releases innings 2's first ball
    assert sorted(store.log) == ["1-0001", "2-0001"]


def test_views_that_cannot_be_read_are_left_out_and_the_others_decide() -> None:
    """An admin's write may hold anything the rules would refuse: a view without its role,
    one whose action is text, one whose arrival time is no time, a list for a document.
    Each is left out with why; the two good views still agree the ball."""
    store = Store()
    position = "1-0001"
    store.subs += [
        ("bad-role", {"position": position, "scorerId": "x", "action": {"kind": "delivery"}}),
        ("bad-action", {"position": position, "scorerId": "y", "role": "scorer_neutral",
                        "action": "four"}),
        ("bad-time", {"position": position, "scorerId": "z", "role": "scorer_neutral",
                      "action": {"kind": "delivery"}, "createdAt": "year one"}),
    ]
    whys = {doc_id: parse(View, doc_id, doc) for doc_id, doc in store.subs}
    assert all(isinstance(w, Unreadable) for w in whys.values())
    assert "role" in whys["bad-role"].why and "createdAt" in whys["bad-time"].why
    assert isinstance(parse(View, "list", ["not", "a", "view"]), Unreadable)
    assert store.submit("home", 1) == "waiting"
    assert store.submit("away", 1) == "appended"
    assert store.log[position]["submissionIds"] == [f"{position}_home", f"{position}_away"]


def test_a_resolution_that_cannot_be_read_settles_nothing() -> None:
    store = Store()
    store.submit("home", 1, runs=1)
    store.submit("away", 1, runs=4)
    assert store.disputes_["1-0001"]["status"] == "open"
    store.resolutions["1-0001-1"] = {"position": 17, "method": "UMPIRE_OVERRIDE"}
    assert on_resolution(store, "m", "1-0001-1").mode == "unchanged"
    assert store.resolve(1, runs=4) == "resolved"
