"""Cricsheet JSON -> Match + actions (format: https://cricsheet.org/format/json/).

Small hand-written matches cover what the shared real matches do not (miscounted overs,
penalty runs before/after an innings, absent hurt, timed out); real files check
determinism and the command line. Real data: cricsheet.org, ODC Attribution License.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scorebook.actions import ScoringAction, parse_action
from scorebook.cricsheet import load_match, slug
from scorebook.document import to_document
from scorebook.views.scorecard import project
from scorebook_tools.cli import main
from tests.conftest import real_match_params, real_match_path

A = [f"A{i}" for i in range(1, 12)]
B = [f"B{i}" for i in range(1, 12)]


def ball(batter: str, non: str, bowler: str, bat: int = 0, **extra: Any) -> dict[str, Any]:
    extras = {
        k: v for k, v in extra.items() if k in ("wides", "noballs", "byes", "legbyes", "penalty")
    }
    d: dict[str, Any] = {
        "batter": batter,
        "bowler": bowler,
        "non_striker": non,
        "runs": {
            "batter": bat,
            "extras": sum(extras.values()),
            "total": bat + sum(extras.values()),
        },
    }
    if extras:
        d["extras"] = extras
    if extra.get("non_boundary"):
        d["runs"]["non_boundary"] = True
    if "wickets" in extra:
        d["wickets"] = extra["wickets"]
    return d


def cricsheet(innings: list[dict[str, Any]], **info: Any) -> dict[str, Any]:
    base = {
        "balls_per_over": 6,
        "dates": ["2024-05-01"],
        "match_type": "T20",
        "overs": 20,
        "outcome": {"result": "no result"},
        "players": {"Alpha": A, "Beta": B},
        "registry": {"people": {"A1": "id-a1"}},
        "teams": ["Alpha", "Beta"],
    }
    base.update(info)
    return {"meta": {"data_version": "1.1.0"}, "info": base, "innings": innings}


def test_ids_are_registry_ids_else_slugs_and_teams_are_slugs() -> None:
    data = cricsheet(
        [{"team": "Alpha", "overs": [{"over": 0, "deliveries": [ball("A1", "A2", "B1", 1)]}]}]
    )
    match, actions = load_match(data, match_id="x1")
    d = next(a for a in actions if isinstance(a, ScoringAction))
    assert (d.strikerId, d.nonStrikerId, d.bowlerId) == ("id-a1", "a2", "b1")
    assert [t.id for t in match.teams] == ["alpha", "beta"]
    assert match.id == "x1" and d.matchId == "x1"
    assert slug("Trinbago Knight Riders") == "trinbago-knight-riders"


def test_a_dict_source_needs_a_match_id() -> None:
    with pytest.raises(ValueError, match="match_id"):
        load_match(cricsheet([]))


def test_non_boundary_four_is_not_a_boundary() -> None:
    data = cricsheet(
        [
            {
                "team": "Alpha",
                "overs": [
                    {"over": 0, "deliveries": [ball("A1", "A2", "B1", 4, non_boundary=True)]}
                ],
            }
        ]
    )
    match, actions = load_match(data, match_id="x")
    d = next(a for a in actions if isinstance(a, ScoringAction))
    assert d.isBoundary is False
    assert project(match, actions).innings[0].batsmen[0].fours == 0


def test_a_miscounted_over_is_kept_as_the_umpire_called_it() -> None:
    five = [ball("A1", "A2", "B1") for _ in range(5)]
    seven = [ball("A1", "A2", "B2") for _ in range(7)]
    data = cricsheet(
        [
            {
                "team": "Alpha",
                "overs": [
                    {"over": 0, "deliveries": five},
                    {"over": 1, "deliveries": seven},
                    {"over": 2, "deliveries": [ball("A1", "A2", "B1", 1)]},
                ],
                "miscounted_overs": {"0": {"balls": 5, "umpire": "X"}, "1": {"balls": 7}},
            }
        ]
    )
    match, actions = load_match(data, match_id="x")
    snap = project(match, actions).innings[0]
    assert (snap.overs, snap.balls) == (2.1, 13)
    figures = {b.playerId: (b.overs, b.ballsBowled, b.maidens) for b in snap.bowlers}
    assert figures == {"b1": (1.1, 6, 1), "b2": (1.0, 7, 1)}


def test_penalty_runs_before_and_after_an_innings() -> None:
    data = cricsheet(
        [
            {
                "team": "Alpha",
                "penalty_runs": {"pre": 5, "post": 5},
                "overs": [{"over": 0, "deliveries": [ball("A1", "A2", "B1", 2)]}],
            }
        ]
    )
    match, actions = load_match(data, match_id="x")
    assert [a.kind for a in actions] == [
        "innings_start",
        "penalty_runs",
        "delivery",
        "penalty_runs",
        "match_result",
    ]
    snap = project(match, actions).innings[0]
    assert (snap.runs, snap.penaltyRunsPre, snap.penaltyRunsPost, snap.extras.penalty) == (
        12,
        5,
        5,
        10,
    )


def test_a_retirement_follows_the_ball_it_is_recorded_on() -> None:
    retire = ball("A1", "A2", "B1", 1, wickets=[{"player_out": "A2", "kind": "retired hurt"}])
    data = cricsheet([{"team": "Alpha", "overs": [{"over": 0, "deliveries": [retire]}]}])
    match, actions = load_match(data, match_id="x")
    assert [a.kind for a in actions][1:3] == ["delivery", "retirement"]
    d = actions[1]
    assert isinstance(d, ScoringAction) and not d.isWicket
    snap = project(match, actions).innings[0]
    assert (snap.wickets, snap.retirements[0].score, snap.retirements[0].over) == (0, 1, "0.1")


def test_timed_out_and_a_second_wicket_on_one_ball_become_dismissal_events() -> None:
    two = ball(
        "A1",
        "A2",
        "B1",
        wickets=[
            {"player_out": "A1", "kind": "bowled"},
            {"player_out": "A3", "kind": "timed out"},
        ],
    )
    data = cricsheet([{"team": "Alpha", "overs": [{"over": 0, "deliveries": [two]}]}])
    match, actions = load_match(data, match_id="x")
    assert [a.kind for a in actions][1:3] == ["delivery", "dismissal"]
    snap = project(match, actions).innings[0]
    assert snap.wickets == 2
    assert [b.howOut for b in snap.batsmen if b.isOut] == ["b B1", "timed out"]


def test_an_innings_cut_short_by_absent_hurt_batters_is_all_out() -> None:
    outs = [
        ball(f"A{i}", "A11", "B1", wickets=[{"player_out": f"A{i}", "kind": "bowled"}])
        for i in range(1, 10)
    ]
    data = cricsheet(
        [
            {
                "team": "Alpha",
                "overs": [{"over": 0, "deliveries": outs[:6]}, {"over": 1, "deliveries": outs[6:]}],
                "absent_hurt": ["A10"],
            },
        ]
    )
    match, actions = load_match(data, match_id="x")
    assert actions[-2].kind == "innings_end"
    snap = project(match, actions).innings[0]
    assert (snap.wickets, snap.isClosed, snap.endReason) == (9, True, "all_out")


def test_an_innings_cut_short_by_rain_is_ended_before_the_next_starts() -> None:
    """Cricsheet goes straight on to the chase when rain cut the first innings short (as in
    1263161 and 1269728): the import records the end a scorer would have, so the chase does
    not start while the first innings goes on."""
    first = [ball("A1", "A2", "B1", 1) for _ in range(6)]
    chase = [ball("B1", "B2", "A1", 4) for _ in range(2)]
    data = cricsheet(
        [
            {"team": "Alpha", "overs": [{"over": 0, "deliveries": first}]},
            {"team": "Beta", "target": {"overs": 5, "runs": 8},
             "overs": [{"over": 0, "deliveries": chase}]},
        ],
        outcome={"winner": "Beta", "by": {"wickets": 10}, "method": "D/L"},
    )
    match, actions = load_match(data, match_id="x")
    ends = [a for a in actions if a.kind == "innings_end"]
    assert [(a.inningsNumber, a.reason) for a in ends] == [(1, "other")]
    live = project(match, actions)
    assert (live.innings[0].endReason, live.integrity) == ("other", [])
    assert (live.winnerId, live.resultMethod) == ("beta", "D/L")


def test_unnamed_substitute_fielder_reads_sub() -> None:
    caught = ball(
        "A1",
        "A2",
        "B1",
        wickets=[{"player_out": "A1", "kind": "caught", "fielders": [{"substitute": True}]}],
    )
    data = cricsheet([{"team": "Alpha", "overs": [{"over": 0, "deliveries": [caught]}]}])
    match, actions = load_match(data, match_id="x")
    assert project(match, actions).innings[0].batsmen[0].howOut == "c sub b B1"


def test_a_stumping_marks_the_keeper() -> None:
    st = ball(
        "A1",
        "A2",
        "B1",
        wickets=[{"player_out": "A1", "kind": "stumped", "fielders": [{"name": "B7"}]}],
    )
    c = ball(
        "A3",
        "A2",
        "B1",
        wickets=[{"player_out": "A3", "kind": "caught", "fielders": [{"name": "B7"}]}],
    )
    data = cricsheet([{"team": "Alpha", "overs": [{"over": 0, "deliveries": [st, c]}]}])
    match, actions = load_match(data, match_id="x")
    outs = [b.howOut for b in project(match, actions).innings[0].batsmen if b.isOut]
    assert outs == ["st †B7 b B1", "c †B7 b B1"]


# --- real files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", real_match_params())
def test_two_imports_give_identical_actions_that_parse_back(path: Path) -> None:
    m1, a1 = load_match(path)
    m2, a2 = load_match(path)
    assert m1 == m2 and a1 == a2
    assert m1.id == path.stem
    assert [a.id for a in a1] == [f"{a.inningsNumber}-{a.sequenceNumber:04d}" for a in a1]
    stamps = [a.timestamp for a in a1]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    for a in a1:
        assert parse_action(json.loads(json.dumps(to_document(a, json=True)))) == a


def test_the_command_line_prints_the_projection_and_the_actions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = real_match_path("1269710")
    assert main(["replay", str(path)]) == 0
    live = json.loads(capsys.readouterr().out)
    assert live["matchId"] == "1269710"
    assert live["innings3"]["isSuperOver"] is True
    assert live["result"] == "Match tied (Guyana Amazon Warriors won the Super Over)"

    assert main(["actions", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    actions = [parse_action(json.loads(line)) for line in lines]
    assert actions == load_match(path)[1]

    assert main(["match", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["ballsPerOver"] == 6


def test_the_command_line_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "replay" in out and "actions" in out and "cricsheet.org" in out


@pytest.mark.parametrize("result", [["draw"], {"kind": "draw"}, "abandoned"])
def test_an_outcome_that_names_no_result_it_knows_records_none(result: Any) -> None:
    """A live Cricsheet file (the ingestion's `cricsheet` adapter) is another's: an
    `outcome.result` that is no result the converter knows, even one that is no text,
    records no result, and the balls still come (not a TypeError, which the adapter would
    take for a bad answer and stop ingesting the file)."""
    _, actions = load_match(cricsheet([{"team": "Alpha", "overs": [
        {"over": 0, "deliveries": [ball("A1", "A2", "B11", 1)]}]}],
        outcome={"result": result}), match_id="m")
    assert [a.kind for a in actions] == ["innings_start", "delivery"]
