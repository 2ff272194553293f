// Where an innings stands from its log, no emulator: `node --test clients/js/test/replay.test.js`
// (run by tests/unit/tools/test_js_kit_builders.py with the builders' tests).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ball, delivery, event, legBye, nextState, wide } from "../src/builders.js";
import { replayInnings } from "../src/replay.js";

const M = "m1";
const U = "scorer";
const at = (seq, innings = 1) => ({ innings, seq });
const start = event(M, U, at(1), "innings_start", {
  battingTeamId: "A", bowlingTeamId: "B", strikerId: "a1", nonStrikerId: "a2", bowlerId: "b11",
});
const S = { strikerId: "a1", nonStrikerId: "a2", bowlerId: "b11", overNumber: 0, ballInOver: 1 };

/** Balls written one after another as an app writes them: each state from the one before. */
function balls(from, state, taps) {
  const out = [];
  let s = { ...state, legalBalls: state.legalBalls ?? 0 };
  for (const [i, tapped] of taps.entries()) {
    const d = delivery(M, U, at(from + i), tapped, s);
    out.push(d);
    s = nextState(s, d);
    s.bowlerId ??= "b10";
  }
  return out;
}

test("who is where before the next ball comes from the log, not from memory", () => {
  const log = [start, ...balls(2, S, [ball({ runs: 1 }), ball(), wide(), ball({ runs: 4 })])];
  const innings = replayInnings(log, 1);
  assert.equal(innings.started, true);
  assert.equal(innings.battingTeamId, "A");
  assert.equal(innings.nextSeq, 6);
  assert.deepEqual(innings.state, {
    strikerId: "a2", nonStrikerId: "a1", bowlerId: "b11", overNumber: 0, ballInOver: 5, legalBalls: 3,
  });
  assert.deepEqual(innings.steps.map((s) => s.label ?? s.action.kind),
    ["innings_start", "0.1", "0.2", "0.3 wd", "0.3"]);
});

test("an over's end needs a new bowler and changes ends; the next over counts from 1", () => {
  const six = balls(2, S, Array(6).fill(ball()));
  const innings = replayInnings([start, ...six], 1);
  assert.equal(innings.state.bowlerId, null);
  assert.equal(innings.state.overNumber, 1);
  assert.equal(innings.state.strikerId, "a2");
  const next = delivery(M, U, at(8), legBye(1), { ...innings.state, bowlerId: "b10" });
  assert.equal(replayInnings([start, ...six, next], 1).steps.at(-1).label, "1.1");
});

test("a wide corrected into a fair ball makes a seven-ball over, which stands (Law 17.5)", () => {
  // 0.1 0.2 0.3, a wide, 0.4 0.5 0.6: the over ends; then the wide was a fair ball after all
  const over = balls(2, S, [ball(), ball(), ball(), wide(), ball(), ball(), ball()]);
  const fair = { ...delivery(M, U, at(5), ball(), { ...S, ballInOver: 4 }), id: "1-0005-c1", corrects: "1-0005" };
  const log = [start, ...over.slice(0, 3), { ...over[3], isVoided: true }, fair, ...over.slice(4)];
  const innings = replayInnings(log, 1);
  assert.deepEqual(innings.steps.map((s) => s.label ?? s.action.kind),
    ["innings_start", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"]);
  // the over was bowled: the next ball is the next over's first, by a new bowler
  assert.equal(innings.state.overNumber, 1);
  assert.equal(innings.state.ballInOver, 1);
  assert.equal(innings.state.bowlerId, null);
  const next = delivery(M, U, at(9), ball(), { ...innings.state, bowlerId: "b10" });
  assert.equal(replayInnings([...log, next], 1).steps.at(-1).label, "1.1");
});

test("a void, a correction and a later position: what counts, and where the next one goes", () => {
  const [b1, b2] = balls(2, S, [ball({ runs: 1 }), ball()]);
  const voided = { ...b2, isVoided: true, voidReason: "undone" };
  const fixed = { ...delivery(M, U, at(2), ball({ runs: 2 }), S), id: "1-0002-c1", corrects: "1-0002" };
  const innings = replayInnings([start, { ...b1, isVoided: true }, fixed, voided], 1);
  assert.equal(innings.nextSeq, 4); // the voided ball keeps its place
  assert.deepEqual(innings.follows, { id: voided.id, key: voided.key }); // and is followed
  assert.deepEqual(innings.steps.map((s) => s.action.id), ["1-0001", "1-0002-c1"]);
  assert.deepEqual(innings.steps.map((s) => s.position), ["1-0001", "1-0002"]);
  assert.equal(innings.state.strikerId, "a1"); // two runs: no change of ends
});

test("a retirement between balls takes the batter off; a new batter comes in his place", () => {
  const [b1] = balls(2, S, [ball()]);
  const retired = event(M, U, at(3), "retirement", { batterId: "a1", type: "retired_hurt" });
  let innings = replayInnings([start, b1, retired], 1);
  assert.equal(innings.state.strikerId, null);
  assert.equal(innings.state.nonStrikerId, "a2");
  const comes = event(M, U, at(4), "batter_change", { strikerId: "a3", nonStrikerId: "a2" });
  innings = replayInnings([start, b1, retired, comes], 1);
  assert.equal(innings.state.strikerId, "a3");
  assert.equal(innings.state.legalBalls, 1); // the over goes on
});

test("an innings ended by the scorer has no next ball; another innings' actions are not its", () => {
  const end = event(M, U, at(2), "innings_end", { reason: "other" });
  const other = event(M, U, at(1, 2), "innings_start", { battingTeamId: "B", bowlingTeamId: "A" });
  const innings = replayInnings([other, start, end], 1);
  assert.equal(innings.ended, true);
  assert.equal(innings.state, null);
  assert.equal(innings.steps.length, 2);
  assert.equal(replayInnings([], 3).nextSeq, 1);
});
