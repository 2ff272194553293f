"""The generated T20 (scorebook_tools.generated_match): a complete, lawful match in Cricsheet
JSON that every importer reads unchanged, the same bytes for the same seed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from scorebook.actions import ScoringAction
from scorebook.cricsheet import lineups_from_cricsheet, load_match, slug
from scorebook.laws import runs
from scorebook.views.scorecard import LiveScoreProjection, project
from scorebook_tools.generated_match import (
    DEFAULT_SEED,
    GENERATED_MATCH_ID,
    generated_match,
    write_generated_match,
)
from scorebook_tools.legacy import legacy_from_cricsheet
from tests.reference_scorecard import margin_words

OTHER_SEEDS = (1, 7, 20, 2024, 31337)


def _deliveries(inn: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for over in inn["overs"] for d in over["deliveries"]]


def _is_legal(d: dict[str, Any]) -> bool:
    return not ({"wides", "noballs"} & d.get("extras", {}).keys())


def _projected(data: dict[str, Any]) -> LiveScoreProjection:
    match, actions = load_match(data, match_id=GENERATED_MATCH_ID)
    return project(match, actions)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return generated_match()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_generated_match(tmp_path_factory.mktemp("generated"))


def _assert_valid(data: dict[str, Any]) -> None:
    """Everything a lawful, complete match must satisfy, whatever the seed."""
    live = _projected(data)
    assert live.status == "completed"
    assert live.integrity == []
    outcome = data["info"]["outcome"]
    assert live.resultType == "win"
    assert live.winnerId == slug(outcome["winner"])
    assert live.winMarginDetail is not None
    assert live.winMarginDetail.runs == outcome["by"].get("runs")
    assert live.winMarginDetail.wickets == outcome["by"].get("wickets")
    assert live.winMargin == margin_words(outcome["by"])
    assert len(live.innings) == len(data["innings"]) == 2
    for snap, inn in zip(live.innings, data["innings"], strict=True):
        deliveries = _deliveries(inn)
        assert snap.battingTeamId == slug(inn["team"])
        assert snap.runs == sum(d["runs"]["total"] for d in deliveries)
        assert snap.wickets == sum(
            1 for d in deliveries for w in d.get("wickets", []) if w["kind"] != "retired hurt"
        )
        assert snap.balls == sum(1 for d in deliveries if _is_legal(d))
    _assert_overs_are_lawful(data)
    _assert_the_chase_stops_at_the_target(data)
    _assert_batters_follow_the_laws(data)


def _assert_overs_are_lawful(data: dict[str, Any]) -> None:
    scheduled = data["info"]["overs"]
    for inn in data["innings"]:
        overs = inn["overs"]
        assert 1 <= len(overs) <= scheduled
        assert [o["over"] for o in overs] == list(range(len(overs)))
        for over in overs[:-1]:
            assert sum(_is_legal(d) for d in over["deliveries"]) == 6, over["over"]
        assert 1 <= sum(_is_legal(d) for d in overs[-1]["deliveries"]) <= 6
        bowlers = []
        for over in overs:
            names = {d["bowler"] for d in over["deliveries"]}
            assert len(names) == 1, f"over {over['over']}: one bowler bowls it"
            bowlers.append(names.pop())
        assert all(a != b for a, b in zip(bowlers, bowlers[1:], strict=False))
        assert max(Counter(bowlers).values()) <= -(-scheduled // 5)


def _assert_the_chase_stops_at_the_target(data: dict[str, Any]) -> None:
    first, second = data["innings"]
    total = sum(d["runs"]["total"] for d in _deliveries(first))
    assert second["target"] == {"overs": data["info"]["overs"], "runs": total + 1}
    chase = [d["runs"]["total"] for d in _deliveries(second)]
    if "wickets" in data["info"]["outcome"]["by"]:
        assert sum(chase[:-1]) <= total < sum(chase), "the winning runs came off the last ball"
    else:
        assert sum(chase) < total


def _assert_batters_follow_the_laws(data: dict[str, Any]) -> None:
    """Ends change on odd runs run and at the end of each over; a new batter is the next in
    the batting order and takes the dismissed batter's end; nobody out bats again."""
    _, actions = load_match(data, match_id=GENERATED_MATCH_ID)
    balls = [a for a in actions if isinstance(a, ScoringAction)]
    for number, inn in enumerate(data["innings"], start=1):
        order = data["info"]["players"][inn["team"]]
        ours = [b for b in balls if b.inningsNumber == number]
        ids = _ids(data, order)
        assert [ours[0].strikerId, ours[0].nonStrikerId] == ids[:2]
        next_in, out = 2, set()
        for ball, after in zip(ours, ours[1:], strict=False):
            pair = [ball.strikerId, ball.nonStrikerId]
            if runs.batters_cross(ball):
                pair.reverse()
            if ball.wicket is not None:
                out.add(ball.wicket.dismissedPlayerId)
                pair[pair.index(ball.wicket.dismissedPlayerId)] = ids[next_in]
                next_in += 1
            if after.overNumber != ball.overNumber:
                pair.reverse()
            assert [after.strikerId, after.nonStrikerId] == pair, after.id
            assert not out & set(pair), after.id


def _ids(data: dict[str, Any], names: list[str]) -> list[str]:
    people = data["info"]["registry"]["people"]
    return [people[n] for n in names]


def test_the_generated_match_is_completed_with_the_result_in_the_file(data) -> None:
    _assert_valid(data)


def test_the_laws_alone_decide_the_same_result(data) -> None:
    match, actions = load_match(data, match_id=GENERATED_MATCH_ID)
    live = project(match, [a for a in actions if a.kind != "match_result"])
    by = data["info"]["outcome"]["by"]
    assert live.winnerId == slug(data["info"]["outcome"]["winner"])
    detail = live.winMarginDetail
    assert (detail.runs, detail.wickets) == (by.get("runs"), by.get("wickets"))
    assert live.winMargin == margin_words(by)


def test_the_generated_match_shows_every_kind_of_event(data) -> None:
    seen: Counter[str] = Counter()
    for inn in data["innings"]:
        for d in _deliveries(inn):
            extras = d.get("extras", {})
            seen.update(extras)
            seen.update({4: ["four"], 6: ["six"]}.get(d["runs"]["batter"], []))
            if "noballs" in extras and d["runs"]["batter"]:
                seen["scored off a no-ball"] += 1
            for w in d.get("wickets", []):
                seen[w["kind"]] += 1
                if w["kind"] == "run out" and w["player_out"] == d["non_striker"]:
                    seen["non-striker run out"] += 1
                if w["kind"] == "stumped" and "wides" in extras:
                    seen["stumped off a wide"] += 1
                if w["kind"] in ("caught", "run out", "stumped"):
                    assert w["fielders"][0]["name"], w
    wanted = {
        "wides", "noballs", "byes", "legbyes", "four", "six", "scored off a no-ball",
        "bowled", "caught", "lbw", "run out", "stumped", "non-striker run out",
        "stumped off a wide",
    }
    assert wanted <= set(seen), wanted - set(seen)


def test_every_stumping_is_made_by_the_fielding_sides_wicket_keeper(data) -> None:
    keepers: dict[str, set[str]] = {}
    for inn in data["innings"]:
        for d in _deliveries(inn):
            for w in d.get("wickets", []):
                if w["kind"] == "stumped":
                    keepers.setdefault(inn["team"], set()).add(w["fielders"][0]["name"])
    assert keepers
    assert all(len(names) == 1 for names in keepers.values())


def test_the_teams_are_two_elevens_with_stable_registry_ids(data) -> None:
    info = data["info"]
    assert len(info["teams"]) == 2
    people = info["registry"]["people"]
    for team in info["teams"]:
        assert len(info["players"][team]) == 11
        assert all(p in people for p in info["players"][team])
    assert len(set(people.values())) == len(people)
    assert set(info["players"][info["teams"][0]]).isdisjoint(info["players"][info["teams"][1]])
    assert people == generated_match(seed=OTHER_SEEDS[0])["info"]["registry"]["people"]


def test_the_generated_match_is_the_same_every_time(tmp_path: Path, written: Path) -> None:
    again = write_generated_match(tmp_path)
    assert again.name == f"{GENERATED_MATCH_ID}.json"
    assert again.read_bytes() == written.read_bytes()
    assert json.loads(written.read_text(encoding="utf-8")) == generated_match(DEFAULT_SEED)


def test_writing_the_generated_match_again_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = write_generated_match(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert write_generated_match(tmp_path) == path
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize("seed", OTHER_SEEDS)
def test_another_seed_gives_another_valid_completed_match(seed: int, data) -> None:
    other = generated_match(seed=seed)
    assert other["innings"] != data["innings"]
    _assert_valid(other)


def test_the_written_file_loads_under_its_own_id(written: Path, data) -> None:
    match, _ = load_match(written)
    assert match.id == GENERATED_MATCH_ID
    assert [t.name for t in match.teams] == data["info"]["teams"]
    assert match.scheduledOvers == 20
    assert match.ballsPerOver == 6


def test_lineups_from_cricsheet_reads_the_written_file(written: Path, data) -> None:
    entries = lineups_from_cricsheet(written)
    people = data["info"]["registry"]["people"]
    players = [p for team in data["info"]["teams"] for p in data["info"]["players"][team]]
    assert sorted(e.playerId for e in entries) == sorted(people[p] for p in players)


def test_legacy_from_cricsheet_reads_the_written_file(written: Path) -> None:
    docs = legacy_from_cricsheet(written)
    live = docs[f"matches/{GENERATED_MATCH_ID}/live/score"]
    assert len(live["ballHistory"]) == sum(
        len(_deliveries(inn)) for inn in json.loads(written.read_text())["innings"]
    )


def test_the_strike_check_notices_batters_at_the_wrong_ends(data) -> None:
    spoiled = json.loads(json.dumps(data))
    ball = spoiled["innings"][0]["overs"][3]["deliveries"][2]
    ball["batter"], ball["non_striker"] = ball["non_striker"], ball["batter"]
    with pytest.raises(AssertionError):
        _assert_batters_follow_the_laws(spoiled)
