"""The cases of an action's validity, shared by the rules tests (tests/rules/test_validation*.py,
through the emulator) and the validateAction callable's unit tests (which say why, field by
field, what the rules refuse): each a name and the document to write, lawful or not.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.rules.payloads import NOW
from tests.rules.validation import (
    SCORER,
    ball,
    event,
    extras,
    out,
)
from tests.rules.world import (
    World,
)

UNLISTED_PLAYERS: dict[str, Callable[[World], dict]] = {
    "a striker in neither XI": lambda w: ball(w, 1, strikerId="ringer"),
    "a non-striker in neither XI": lambda w: ball(w, 1, nonStrikerId="ringer"),
    "a bowler in neither XI": lambda w: ball(w, 1, bowlerId="ringer"),
    "a catch by a fielder in neither XI": lambda w: ball(w, 1, **out(
        "caught", w.player(w.home, 1), fielderIds=["ringer"])),
    "a run out assisted by a fielder in neither XI": lambda w: ball(w, 1, **out(
        "run_out", w.player(w.home, 1), fielderIds=[w.player(w.away, 2)],
        assistFielderIds=["ringer"])),
    "a made-up batter timed out": lambda w: event(w, "dismissal", wicket={
        "type": "timed_out", "dismissedPlayerId": "ghost-10"}),
    "a timed out credited to a made-up bowler": lambda w: event(w, "dismissal", wicket={
        "type": "timed_out", "dismissedPlayerId": w.player(w.home, 3)}, bowlerId="ghost"),
    "a made-up batter retired": lambda w: event(w, "retirement", batterId="ghost"),
    "a made-up batter absent": lambda w: event(w, "absence", batterId="ghost"),
    "a made-up batter coming in": lambda w: event(
        w, "batter_change", strikerId="ghost", nonStrikerId=w.player(w.home, 2)),
    "a made-up opening bowler": lambda w: event(
        w, "innings_start", battingTeamId=w.home, bowlingTeamId=w.away, bowlerId="ghost"),
}


UNLAWFUL_BALLS: dict[str, Callable[[World], dict]] = {
    "a wide that is also a no-ball": lambda w: dict(
        extras=extras(wide=1, noBall=1), runsOffBat=0, totalRuns=2, isLegalDelivery=False),
    "runs off the bat on a wide": lambda w: dict(
        extras=extras(wide=1), runsOffBat=2, totalRuns=3, isLegalDelivery=False),
    "byes on a wide": lambda w: dict(
        extras=extras(wide=1, bye=2), runsOffBat=0, totalRuns=3, isLegalDelivery=False),
    "byes and leg-byes together": lambda w: dict(
        extras=extras(bye=1, legBye=1), runsOffBat=0, totalRuns=2),
    "byes with runs off the bat": lambda w: dict(
        extras=extras(bye=1), runsOffBat=1, totalRuns=2),
    "leg-byes with runs off the bat": lambda w: dict(
        extras=extras(legBye=1), runsOffBat=1, totalRuns=2),
    "totalRuns is not the sum": lambda w: dict(runsOffBat=1, totalRuns=2),
    "totalRuns is not the sum with extras": lambda w: dict(
        extras=extras(noBall=1), runsOffBat=1, totalRuns=1, isLegalDelivery=False),
    "a wide called legal": lambda w: dict(
        extras=extras(wide=1), runsOffBat=0, totalRuns=1, isLegalDelivery=True),
    "a fair ball called illegal": lambda w: dict(isLegalDelivery=False),
    "isLegalDelivery not a boolean": lambda w: dict(isLegalDelivery="true"),
    "an extra of 11 runs": lambda w: dict(
        extras=extras(bye=11), runsOffBat=0, totalRuns=11),
    "negative extras": lambda w: dict(extras=extras(noBall=2, bye=-1), runsOffBat=0,
                                      totalRuns=1, isLegalDelivery=False),
    "a no-ball of two runs where the competition's is one": lambda w: dict(
        extras=extras(noBall=2), runsOffBat=0, totalRuns=2, isLegalDelivery=False),
    "penalty runs of 11": lambda w: dict(extras=extras(penalty=11), runsOffBat=0, totalRuns=11),
    "an extra as a decimal": lambda w: dict(
        extras=extras(bye=1.0), runsOffBat=0, totalRuns=1),
    "an unknown extra": lambda w: dict(extras=extras(overthrow=1), totalRuns=2),
    "extras not a map": lambda w: dict(extras=[1]),
    "11 runs off the bat": lambda w: dict(runsOffBat=11, totalRuns=11),
    "negative runs off the bat": lambda w: dict(runsOffBat=-1, totalRuns=-1),
    "runs off the bat as text": lambda w: dict(runsOffBat="1", totalRuns=1),
    "the striker is the non-striker": lambda w: dict(nonStrikerId=w.player(w.home, 1)),
    "an empty striker id": lambda w: dict(strikerId=""),
    "a striker id of 129 characters": lambda w: dict(strikerId="s" * 129),
    "a bowler id with a line break": lambda w: dict(bowlerId="b\n1"),
    "over 1000": lambda w: dict(overNumber=1000),
    "over -1": lambda w: dict(overNumber=-1),
    "ball 0 of an over": lambda w: dict(ballInOver=0),
    "ball 51 of an over": lambda w: dict(ballInOver=51),
    "the over as text": lambda w: dict(overNumber="3"),
    "the ball of the over as a decimal": lambda w: dict(ballInOver=2.0),
    "a boundary of 3 runs": lambda w: dict(runsOffBat=3, totalRuns=3, isBoundary=True),
    "isBoundary not a boolean": lambda w: dict(isBoundary="yes"),
    "a wicket without isWicket": lambda w: out("bowled", w.player(w.home, 1)) | {
        "isWicket": False},
    "isWicket without a wicket": lambda w: dict(isWicket=True, wicket=None),
    "isWicket not a boolean": lambda w: dict(isWicket=1),
    "the bowler is out": lambda w: out("run_out", w.player(w.away, 11)),
    "the non-striker out caught": lambda w: out("caught", w.player(w.home, 2)),
    "the non-striker out lbw": lambda w: out("lbw", w.player(w.home, 2)),
    "timed out on a delivery": lambda w: out("timed_out", w.player(w.home, 1)),
    "an unknown way of being out": lambda w: out("retired_ill", w.player(w.home, 1)),
    "bowled off a no-ball": lambda w: out("bowled", w.player(w.home, 1)) | dict(
        extras=extras(noBall=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "lbw off a no-ball": lambda w: out("lbw", w.player(w.home, 1)) | dict(
        extras=extras(noBall=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "caught off a wide": lambda w: out("caught", w.player(w.home, 1)) | dict(
        extras=extras(wide=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "a fielder id that is a number": lambda w: out(
        "caught", w.player(w.home, 1), fielderIds=[7]),
    "a fielder id that is null": lambda w: out(
        "caught", w.player(w.home, 1), fielderIds=[None]),
    "34 fielders": lambda w: out("run_out", w.player(w.home, 1),
                                  fielderIds=[w.player(w.away, 1)] * 34),
    "fielders not a list": lambda w: out("caught", w.player(w.home, 1), fielderIds="f1"),
    "an unknown field in the wicket": lambda w: out(
        "caught", w.player(w.home, 1), catchQuality="good"),
    "shot data with an unknown field": lambda w: dict(shotData={"power": 9}),
    "shot coordinates as text": lambda w: dict(shotData={"coordinates": {"x": "1", "y": 2}}),
    "shot coordinates with z": lambda w: dict(
        shotData={"coordinates": {"x": 1, "y": 2, "z": 3}}),
    "a shot at 251 km/h": lambda w: dict(shotData={"speed": 251.0}),
    "wagon wheel segment -1": lambda w: dict(shotData={"wagonWheelSegment": -1}),
    "wagon wheel segment 0": lambda w: dict(shotData={"wagonWheelSegment": 0}),
    "wagon wheel segment 9 (there are eight)": lambda w: dict(shotData={"wagonWheelSegment": 9}),
    "a shot type not in the list": lambda w: dict(shotData={"shotType": "banana"}),
    "a shot word that is the text null": lambda w: dict(shotData={"length": "null"}),
    "a bowling angle that is the text null": lambda w: dict(bowlingAngle="null"),
    "two shot words in one, a comma between": lambda w: dict(
        shotData={"shotType": "drive,full", "line": "off_stump"}),
    "a wagon wheel segment as text": lambda w: dict(shotData={"wagonWheelSegment": "3"}),
    "a wagon wheel segment as a decimal": lambda w: dict(shotData={"wagonWheelSegment": 3.0}),
    "shot coordinates both text": lambda w: dict(
        shotData={"coordinates": {"x": "1", "y": "2"}}),
    "a length not in the list": lambda w: dict(shotData={"length": "half_volley"}),
    "a line not in the list": lambda w: dict(shotData={"line": "wide"}),
    "shot data not a map": lambda w: dict(shotData="cover drive"),
    "an unknown field": lambda w: dict(umpireSignal="four"),
    "an unknown kind": lambda w: dict(kind="ball"),
    "timestamp as text": lambda w: dict(timestamp=NOW.isoformat()),
    "createdAt as text": lambda w: dict(createdAt=NOW.isoformat()),
    "updatedAt as a number": lambda w: dict(updatedAt=1),
    "an unknown source": lambda w: dict(source="guess"),
    "source not text": lambda w: dict(source=1),
    "a bowling angle not spelt as the schema": lambda w: dict(bowlingAngle="over the wicket"),
    "an unknown bowling angle": lambda w: dict(bowlingAngle="Around the Wicket"),
    "a bowling angle that is a number": lambda w: dict(bowlingAngle=1),
    "a note of 281 characters": lambda w: dict(note="n" * 281),
    "a note that is a number": lambda w: dict(note=4),
    "a note that reverses the text after it (U+202E)": lambda w: dict(note="dropped \u202e"),
    "a note with a control character": lambda w: dict(note="dropped\x07"),
}


LAWFUL_BALLS: dict[str, Callable[[World], dict]] = {
    "a wide to the boundary": lambda w: dict(
        extras=extras(wide=5), runsOffBat=0, totalRuns=5, isLegalDelivery=False),
    "a no-ball hit for six": lambda w: dict(
        extras=extras(noBall=1), runsOffBat=6, totalRuns=7, isLegalDelivery=False,
        isBoundary=True),
    "byes off a no-ball": lambda w: dict(
        extras=extras(noBall=1, bye=4), runsOffBat=0, totalRuns=5, isLegalDelivery=False,
        isBoundary=True),
    "four leg-byes": lambda w: dict(extras=extras(legBye=4), runsOffBat=0, totalRuns=4),
    "five penalty runs on a fair ball": lambda w: dict(
        extras=extras(penalty=5), runsOffBat=2, totalRuns=7),
    "extras with only the non-zero ones": lambda w: dict(
        extras={"legBye": 1}, runsOffBat=0, totalRuns=1),
    "the non-striker run out off a no-ball": lambda w: out(
        "run_out", w.player(w.home, 2), fielderIds=[w.player(w.away, 1)],
        assistFielderIds=[w.player(w.away, 7)], substituteFielderIds=["sub 1"]) | dict(
        extras=extras(noBall=1), runsOffBat=1, totalRuns=2, isLegalDelivery=False),
    "stumped off a wide": lambda w: out("stumped", w.player(w.home, 1),
                                         fielderIds=[w.player(w.away, 7)])
    | dict(extras=extras(wide=1), runsOffBat=0, totalRuns=1, isLegalDelivery=False),
    "the non-striker retired hurt": lambda w: out("retired_hurt", w.player(w.home, 2)),
    "a four that is not a boundary": lambda w: dict(runsOffBat=4, totalRuns=4,
                                                    isBoundary=False),
    "shot data in full": lambda w: dict(shotData={
        "coordinates": {"x": -3, "y": 9.5}, "shotType": "pull", "length": "short",
        "line": "leg_stump", "speed": 130, "wagonWheelSegment": 7}),
    "the first and the last wagon wheel segments": lambda w: dict(shotData={
        "wagonWheelSegment": 1, "shotType": "other", "length": "bouncer", "line": "outside_leg"}),
    "bowled round the wicket": lambda w: dict(bowlingAngle="Round the Wicket"),
    "bowled over the wicket": lambda w: dict(bowlingAngle="Over the Wicket"),
    "the bowling angle not recorded": lambda w: dict(bowlingAngle=None),
    "shot data with nothing in it": lambda w: dict(shotData={
        "coordinates": None, "shotType": None, "length": None, "line": None, "speed": None,
        "wagonWheelSegment": None}),
}


BASE_MISTAKES: dict[str, Callable[[World, dict], tuple[str, dict]]] = {
    "recordedBy someone else": lambda w, d: (d["id"], d | {"recordedBy": "someone-else"}),
    "recordedBy missing": lambda w, d: (d["id"], {k: v for k, v in d.items()
                                                  if k != "recordedBy"}),
    "another match's id": lambda w, d: (d["id"], d | {"matchId": w.other_match_id}),
    "id field not the document id": lambda w, d: (d["id"], d | {"id": "1-0002"}),
    "document id not the position": lambda w, d: ("1-0099", d | {"id": "1-0099"}),
    "innings 0": lambda w, d: ("0-0001", d | {"id": "0-0001", "inningsNumber": 0}),
    "sequence 0": lambda w, d: ("1-0000", d | {"id": "1-0000", "sequenceNumber": 0}),
    "sequence 10000": lambda w, d: ("1-10000", d | {"id": "1-10000", "sequenceNumber": 10000}),
    "a sequence of 1.0": lambda w, d: ("1-01.0", d | {"id": "1-01.0", "sequenceNumber": 1.0}),
    "innings as text": lambda w, d: (d["id"], d | {"inningsNumber": "1"}),
    "born voided": lambda w, d: (d["id"], d | {"isVoided": True, "voidReason": "x",
                                               "voidedBy": SCORER.me, "voidedAt": NOW}),
    "a void reason on a live ball": lambda w, d: (d["id"], d | {"voidReason": "x"}),
    "correctedBy on a new ball": lambda w, d: (d["id"], d | {"correctedBy": "1-0002"}),
    "isVoided null": lambda w, d: (d["id"], d | {"isVoided": None}),
    "an empty void reason on a live ball": lambda w, d: (d["id"], d | {"voidReason": ""}),
    "voided by nobody named": lambda w, d: (d["id"], d | {"voidedBy": ""}),
    "a scorer's ball as the consensus": lambda w, d: (d["id"], d | {"source": "consensus"}),
    "the submissions a consensus came from": lambda w, d: (d["id"], d | {
        "submissionIds": ["1-0001_home"]}),
    "a provider's ball": lambda w, d: (d["id"], d | {"provider": "fake",
                                                     "providerEventId": "e1"}),
}


UNLAWFUL_EVENTS: dict[str, Callable[[World], tuple[str, dict]]] = {
    "an innings by a team not in the match": lambda w: ("innings_start", dict(
        battingTeamId=w.other_match_id, bowlingTeamId=w.home)),
    "an innings bowled by a team not in the match": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId="visitors")),
    "a team batting against itself": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.home)),
    "a target of 0": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, target=0)),
    "the same opening batters": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, strikerId="x", nonStrikerId="x")),
    "a super over flag as text": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, isSuperOver="no")),
    "an unknown reason an innings ended": lambda w: ("innings_end", dict(reason="bad light")),
    "a note of 501 characters": lambda w: ("innings_end", dict(note="n" * 501)),
    "a declaration with a field": lambda w: ("declaration", dict(runs=300)),
    "a declaration in a T20 (limited overs: no declaring)": lambda w: ("declaration", {}),
    "a forfeit with a field": lambda w: ("forfeit", dict(reason="rain")),
    "no penalty runs": lambda w: ("penalty_runs", dict(runs=0)),
    "51 penalty runs": lambda w: ("penalty_runs", dict(runs=51)),
    "7 penalty runs (Law 41: five an offence)": lambda w: ("penalty_runs", dict(runs=7)),
    "35 penalty runs": lambda w: ("penalty_runs", dict(runs=35)),
    "penalty runs to a team not in the match": lambda w: ("penalty_runs", dict(
        runs=5, awardedToTeamId="visitors")),
    "penalty runs at an unknown time": lambda w: ("penalty_runs", dict(runs=5, when="later")),
    "an unknown retirement": lambda w: ("retirement", dict(batterId="x", type="retired_ill")),
    "a retirement of nobody": lambda w: ("retirement", dict(batterId="")),
    "an unknown absence": lambda w: ("absence", dict(batterId="x", reason="late")),
    "bowled without a delivery": lambda w: ("dismissal", dict(
        wicket={"type": "bowled", "dismissedPlayerId": "x"})),
    "a dismissal with fielders that are numbers": lambda w: ("dismissal", dict(
        wicket={"type": "run_out", "dismissedPlayerId": "x", "fielderIds": [1, 2]})),
    "a dismissal of nobody": lambda w: ("dismissal", dict(
        wicket={"type": "timed_out", "dismissedPlayerId": ""})),
    "a batter change to the same batters": lambda w: ("batter_change", dict(
        strikerId="x", nonStrikerId="x")),
    "a revised innings of 0 overs": lambda w: ("revised_target", dict(maxOvers=0)),
    "an innings end note with a right-to-left override": lambda w: ("innings_end", dict(
        note="rain \u202estopped play")),
    "a penalty reason with a pop directional isolate": lambda w: ("penalty_runs", dict(
        runs=5, reason="ball tampering\u2069")),
    "a result note with an escape character": lambda w: ("match_result", dict(
        result="no_result", note="\x1b[2Jrain")),
    "an interruption with no overs or balls": lambda w: ("interruption", dict(reason="rain")),
    "an interruption giving both overs and balls": lambda w: ("interruption", dict(
        maxOvers=10, maxBalls=60)),
    "an interruption for a reason in free text": lambda w: ("interruption", dict(
        maxOvers=10, reason="visit evil.example")),
    "an interruption of minus one over": lambda w: ("interruption", dict(maxOvers=-1)),
    "a revised target's method in free text": lambda w: ("revised_target", dict(
        target=120, method="DLS - visit evil.example")),
    "a revised target's method that is a result's": lambda w: ("revised_target", dict(
        method="Awarded")),
    "a result's method in free text": lambda w: ("match_result", dict(
        result="no_result", method="ALL SCORES FAKE - visit evil.example")),
    "a result's method spelt otherwise": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, method="dls")),
    "an award recorded by a scorer (Law 16.4: an admin's)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, method="Awarded")),
    "a win without a winner": lambda w: ("match_result", dict(result="win")),
    "a draw with a winner": lambda w: ("match_result", dict(result="draw", winnerId=w.home)),
    "a winner not in the match": lambda w: ("match_result", dict(
        result="win", winnerId="visitors")),
    "an unknown result": lambda w: ("match_result", dict(result="washout")),
    "an innings opened by one batter at both ends": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, strikerId=w.player(w.home, 1),
        nonStrikerId=w.player(w.home, 1))),
    "a margin of 30 wickets (a side is at most 30)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"wickets": 30})),
    "won by 11 wickets in a match of eleven a side (Law 1)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"wickets": 11})),
    "a margin with an unknown field": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"overs": 3})),
    "an innings win flag as text": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"innings": "yes"})),
}


LAWFUL_EVENTS: dict[str, Callable[[World], tuple[str, dict]]] = {
    "an innings start with everything": lambda w: ("innings_start", dict(
        battingTeamId=w.home, bowlingTeamId=w.away, target=150, maxOvers=20,
        strikerId=w.player(w.home, 1), nonStrikerId=w.player(w.home, 2),
        bowlerId=w.player(w.away, 1))),
    "a forfeit": lambda w: ("forfeit", {}),
    "an innings end with a note": lambda w: ("innings_end", dict(reason="abandoned",
                                                               note="bad light")),
    "a note in Urdu and Hindi, on two lines": lambda w: ("innings_end", dict(
        reason="abandoned", note="بارش کی وجہ سے\nबारिश के कारण")),
    "penalty runs to the fielding side, before the innings": lambda w: ("penalty_runs", dict(
        runs=5, awardedToTeamId=w.away, when="pre", reason="ball tampering")),
    "penalty runs to nobody named": lambda w: ("penalty_runs", dict(runs=5)),
    "ten penalty runs (two offences)": lambda w: ("penalty_runs", dict(runs=10)),
    "won by 10 wickets (the most a side of eleven can)": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, winMargin={"wickets": 10})),
    "a batter retired out": lambda w: ("retirement", dict(batterId=w.player(w.home, 3),
                                                          type="retired_out")),
    "a batter absent ill": lambda w: ("absence", dict(batterId=w.player(w.home, 11),
                                                      reason="absent_ill")),
    "timed out": lambda w: ("dismissal", dict(
        wicket={"type": "timed_out", "dismissedPlayerId": w.player(w.home, 4)},
        bowlerId=w.player(w.away, 2))),
    "a batter change": lambda w: ("batter_change", dict(strikerId=w.player(w.home, 5),
                                                        nonStrikerId=w.player(w.home, 4))),
    "a revised target": lambda w: ("revised_target", dict(target=120, maxOvers=15,
                                                          method="DLS")),
    "a tie won in a super over": lambda w: ("match_result", dict(
        result="tie", winnerId=w.away)),
    "a tie broken on fewer wickets lost": lambda w: ("match_result", dict(
        result="win", winnerId=w.away, method="Lost fewer wickets")),
    "a revised target by the VJD method": lambda w: ("revised_target", dict(
        target=150, method="VJD")),
    "an interruption: 40 overs a side now": lambda w: ("interruption", dict(maxOvers=40)),
    "an interruption in balls (the Hundred)": lambda w: ("interruption", dict(
        maxBalls=78, reason="bad_light")),
    "an interruption that ends the innings": lambda w: ("interruption", dict(maxOvers=0)),
    "a win by an innings": lambda w: ("match_result", dict(
        result="win", winnerId=w.home, note="by an innings and 12 runs",
        winMargin={"runs": 12, "innings": True, "wickets": None, "ballsRemaining": None})),
    "no result": lambda w: ("match_result", dict(result="no_result")),
}
