"""The hostile suite's accepted attacks: what a scorer may write through the rules but the
Laws do not allow (a player of the wrong side, an innings ended early, a result before the
last innings...). Each plays in a match of its own (`Game`); live/score must settle to the
projection of the log with the integrity code the attack raises, and no result faked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.emulator.attacks import (
    GETS_THROUGH,
    Game,
    assert_functions_completed,
    ball,
    cases,
    codes,
    log_size,
    not_faked,
    send,
    settle,
    update,
)


def _wicket(g: Game, how: str, out: str, fielders: list[str]) -> dict[str, Any]:
    return {"isWicket": True, "wicket": {"type": how, "dismissedPlayerId": out,
                                         "fielderIds": fielders, "assistFielderIds": []}}


def _bogus_innings_50(g: Game) -> None:
    g.balls(2)
    bogus = g.ball(innings=50)
    settle(g.id)
    void = update(f"matches/{g.id}/scoring_actions/{bogus}",
                  {"isVoided": True, "voidReason": "wrong innings", "voidedBy": "scorer"},
                  ("voidedAt",))
    send(g.scorer, [void])


def _consecutive_overs(g: Game) -> None:
    for _ in range(7):  # the first over's bowler goes on at the other end
        g.ball(bowlerId=g.away(11))


def _over_limit(g: Game) -> None:  # five overs: a bowler may bowl one
    g.balls(12)
    g.ball(bowlerId=g.away(11))


def _free_hit_out(g: Game) -> None:
    g.ball(extras={"wide": 0, "noBall": 1, "bye": 0, "legBye": 0, "penalty": 0},
           totalRuns=1, isLegalDelivery=False)
    g.ball(**_wicket(g, "bowled", g.home(1), []))


def _dismissed_bats_again(g: Game) -> None:
    g.ball(**_wicket(g, "bowled", g.home(1), []))
    g.ball(strikerId=g.home(1), nonStrikerId=g.home(2))


def _correction_without_void(g: Game) -> None:
    first = g.ball()
    doc = ball(g.w, seq=int(first[2:]), runsOffBat=4, totalRuns=4) | {
        "id": f"{first}-c1", "corrects": first, "source": "correction",
        "strikerId": g.home(1), "nonStrikerId": g.home(2), "bowlerId": g.away(11)}
    g.write(doc)


#: name -> (what the attacker does in a fresh Game, the integrity code live/score must carry,
#: the Game's options)
FLAGGED: dict[str, tuple[Callable[[Game], Any], str | None, dict[str, Any]]] = {
    "a striker from the fielding side": (
        lambda g: g.ball(strikerId=g.away(1)), "player_on_wrong_side", {}),
    "a bowler from the batting side": (
        lambda g: g.ball(bowlerId=g.home(5)), "player_on_wrong_side", {}),
    "the striker bowling to himself": (
        lambda g: g.ball(bowlerId=g.home(1)), "player_on_wrong_side", {}),
    "a home fielder catching a home batter": (
        lambda g: g.ball(**_wicket(g, "caught", g.home(1), [g.home(5)])),
        "player_on_wrong_side", {}),
    "a run out credited to a fielder who is batting": (
        lambda g: g.ball(**_wicket(g, "run_out", g.home(1), [g.home(2)])),
        "player_on_wrong_side", {}),
    "a bowler 'retired out'": (
        lambda g: (g.ball(), g.act("retirement", batterId=g.away(11), type="retired_out")),
        "player_on_wrong_side", {}),
    "a fielder timed out": (
        lambda g: g.act("dismissal", wicket={"type": "timed_out",
                                             "dismissedPlayerId": g.away(5),
                                             "fielderIds": [], "assistFielderIds": []}),
        "player_on_wrong_side", {}),
    "the fielding side's openers sent in by a batter change": (
        lambda g: (g.ball(), g.act("batter_change", strikerId=g.away(1),
                                   nonStrikerId=g.away(2))),
        "player_on_wrong_side", {}),
    "a fielder declared absent": (
        lambda g: g.act("absence", batterId=g.away(5), reason="absent"),
        "player_on_wrong_side", {}),
    "nine fielders declared absent, then one wicket bowls the side out": (
        lambda g: ([g.act("absence", batterId=g.away(n), reason="absent") for n in range(1, 10)],
                   g.ball(**_wicket(g, "bowled", g.home(1), []))),
        "player_on_wrong_side", {}),
    "innings_end all_out at 0/0": (
        lambda g: g.act("innings_end", reason="all_out"), "end_reason_not_shown", {}),
    "innings_end 'target' in the first innings": (
        lambda g: (g.ball(), g.act("innings_end", reason="target")),
        "end_reason_not_shown", {}),
    "innings_end 'overs' after one ball": (
        lambda g: (g.ball(), g.act("innings_end", reason="overs")),
        "end_reason_not_shown", {}),
    "a super-over innings_start in the middle of innings 1": (
        lambda g: (g.balls(2), g.start(2, isSuperOver=True)), "super_over_out_of_turn", {}),
    "innings 2 started while innings 1 goes on": (
        lambda g: (g.balls(2), g.start(2)), "innings_start_before_end", {}),
    "a ball of innings 2 while innings 1 goes on": (
        lambda g: (g.balls(2), g.ball(innings=2)), "implicit_innings_start", {}),
    "a second innings_start of innings 1": (
        lambda g: (g.ball(), g.start(1)), "duplicate_innings_start", {}),
    "a match_result (away won by 999 runs, DLS) during innings 1": (
        lambda g: (g.ball(), g.act("match_result", result="win", winnerId=g.away(),
                                   winMargin={"runs": 999}, method="DLS")),
        "result_before_last_innings", {}),
    "a tie declared during innings 1": (
        lambda g: (g.ball(), g.act("match_result", result="tie")),
        "result_before_last_innings", {}),
    "a home win by an innings in a one-innings match, during innings 1": (
        lambda g: (g.ball(), g.act("match_result", result="win", winnerId=g.home(),
                                   winMargin={"innings": True, "runs": 500})),
        "result_before_last_innings", {}),
    "a ball after the innings ended": (
        lambda g: (g.ball(), g.act("innings_end", reason="abandoned"), g.ball()),
        "ball_after_innings_end", {}),
    "an over number that goes back": (
        lambda g: (g.balls(7), g.ball(overNumber=0, ballInOver=1)),
        "over_number_went_back", {}),
    "a dismissed batter batting again": (_dismissed_bats_again, "dismissed_batter_batting", {}),
    "a bowler bowling consecutive overs": (_consecutive_overs, "bowler_consecutive_overs", {}),
    "a bowler bowling two overs of five": (_over_limit, "bowler_over_limit",
                                           {"scheduledOvers": 5}),
    "out bowled on a free hit": (_free_hit_out, "out_on_free_hit", {}),
    "a sequence gap (ball 5 without ball 4)": (
        lambda g: (g.balls(2), g.ball(seq=5)), "sequence_gap", {}),
    "a correction written without voiding the original": (
        _correction_without_void, "duplicate_sequence", {}),
    "an absence of a batter who has batted": (
        lambda g: (g.ball(), g.act("absence", batterId=g.home(1))),
        "absent_batter_has_batted", {}),
    "penalty runs for innings 7 of a one-innings match": (
        lambda g: (g.ball(), g.act("penalty_runs", innings=7, runs=5)),
        "penalty_without_innings", {}),
    "voiding a bogus innings 50 (no phantom innings50 left)": (_bogus_innings_50, None, {}),
}


@pytest.mark.parametrize("name", cases(FLAGGED))
def test_an_accepted_attack_is_flagged_and_live_score_stays_the_logs(name: str) -> None:
    play, code, options = FLAGGED[name]
    since = log_size()
    game = Game(**options)
    play(game)
    score = settle(game.id, deadline=8 if name in GETS_THROUGH else 60)
    if code is not None:
        assert code in codes(score), codes(score)
    assert not any(k.startswith("innings") and k[7:].isdigit() and int(k[7:]) > 2
                   for k in score), sorted(score)
    not_faked(score)
    assert_functions_completed(since)
