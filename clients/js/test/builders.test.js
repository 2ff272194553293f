// The pure builders, no emulator: `node --test clients/js/test/builders.test.js`
// (run by tests/unit/tools/test_js_kit_builders.py, so `make unit` and `make test` run it).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actionId, ball, baseFields, bye, compareActionIds, correctionId, delivery, event, followsIn,
  lawProblems, legBye, newKey, nextState, noBall, NOTE_LENGTH, parseActionId, positionAfter, wide,
} from "../src/builders.js";

const NO = { wide: 0, noBall: 0, bye: 0, legBye: 0, penalty: 0 };
const STATE = { strikerId: "a1", nonStrikerId: "a2", bowlerId: "b11", overNumber: 0, ballInOver: 1 };

test("ids are positions: {innings}-{seq:04d}, corrections -c{n}, in log order", () => {
  assert.equal(actionId(1, 7), "1-0007");
  assert.equal(actionId(12, 1234), "12-1234");
  assert.equal(correctionId("1-0007", 1), "1-0007-c1");
  assert.equal(correctionId("1-0007-c1", 2), "1-0007-c2");
  assert.deepEqual(parseActionId("2-0042-c3"), { innings: 2, seq: 42, correction: 3 });
  assert.throws(() => actionId(0, 1), RangeError);
  assert.throws(() => actionId(1, 10000), RangeError);
  assert.throws(() => parseActionId("1-7"), RangeError);
  const ids = ["10-0001", "9-0120", "1-0042-c1", "1-0042", "1-0100"];
  assert.deepEqual(ids.sort(compareActionIds), ["1-0042", "1-0042-c1", "1-0100", "9-0120", "10-0001"]);
});

test("a legal ball: runs off the bat, a boundary for 4 or 6 unless said otherwise", () => {
  assert.deepEqual(ball({ runs: 4 }), {
    kind: "delivery", runsOffBat: 4, extras: NO, totalRuns: 4, isLegalDelivery: true,
    isBoundary: true, isWicket: false, wicket: null,
  });
  assert.equal(ball().totalRuns, 0);
  assert.equal(ball({ runs: 4, boundary: false }).isBoundary, false);
  assert.equal(ball({ runs: 3 }).isBoundary, false);
  assert.throws(() => ball({ runs: 11 }), /runs: a whole number/);
  assert.throws(() => ball({ runs: 3, boundary: true }), /isBoundary: a boundary scores 4 or 6/);
});

test("a wide: every run is a wide, the penalty included; not a legal ball", () => {
  const w = wide({ runs: 1 });
  assert.deepEqual(w.extras, { ...NO, wide: 2 });
  assert.equal(w.totalRuns, 2);
  assert.equal(w.runsOffBat, 0);
  assert.equal(w.isLegalDelivery, false);
  assert.equal(wide().totalRuns, 1);
  const four = wide({ runs: 4, boundary: true });
  assert.equal(four.extras.wide, 5);
  assert.equal(four.isBoundary, true);
  assert.equal(wide({ out: "stumped", fielder: "k" }).wicket.type, "stumped");
  assert.throws(() => wide({ out: "caught", fielder: "f" }), /cannot be out caught off a wide/);
});

test("a no-ball: the match's penalty plus what was hit or run", () => {
  const six = noBall({ runs: 6 });
  assert.deepEqual(six.extras, { ...NO, noBall: 1 });
  assert.equal(six.runsOffBat, 6);
  assert.equal(six.totalRuns, 7);
  assert.equal(six.isBoundary, true);
  assert.equal(six.isLegalDelivery, false);
  assert.deepEqual(noBall({ byes: 2 }).extras, { ...NO, noBall: 1, bye: 2 });
  assert.equal(noBall({ legByes: 1, noBallRuns: 2 }).totalRuns, 3);
  assert.throws(() => noBall({ runs: 1, byes: 1 }), /exclude each other/);
  assert.throws(() => noBall({ out: "bowled" }), /cannot be out bowled off a no-ball/);
  assert.equal(noBall({ runs: 1, out: "run_out", batter: "a2", fielder: "f" }).wicket.type, "run_out");
  // the match's noBallRuns, given in the state, wins
  const doc = delivery("m", "u", { innings: 1, seq: 3 }, noBall({ runs: 1 }), { ...STATE, noBallRuns: 2 });
  assert.equal(doc.extras.noBall, 2);
  assert.equal(doc.totalRuns, 3);
});

test("byes and leg-byes: legal balls, no runs off the bat", () => {
  assert.deepEqual(bye(2).extras, { ...NO, bye: 2 });
  assert.equal(bye(2).totalRuns, 2);
  assert.equal(bye(2).isLegalDelivery, true);
  assert.deepEqual(legBye(1).extras, { ...NO, legBye: 1 });
  assert.equal(legBye(4, { boundary: true }).isBoundary, true);
});

test("a wicket: the shape the schema has, the striker out unless another batter is named", () => {
  const caught = ball({ out: "caught", fielder: "b7" });
  assert.deepEqual(caught.wicket, {
    type: "caught", dismissedPlayerId: null, fielderIds: ["b7"], assistFielderIds: [],
  });
  assert.equal(caught.isWicket, true);
  const doc = delivery("m-1", "uid-1", { innings: 1, seq: 5 }, caught, STATE);
  assert.equal(doc.wicket.dismissedPlayerId, "a1");
  const relay = ball({ runs: 1, out: "run_out", batter: "a2", fielders: ["b3"], assists: ["b7"], substitutes: ["b3"] });
  assert.deepEqual(relay.wicket.substituteFielderIds, ["b3"]);
  assert.throws(() => delivery("m", "u", { innings: 1, seq: 1 }, ball({ out: "caught", batter: "a2", fielder: "b7" }), STATE),
    /only the striker can be out caught/);
  assert.throws(() => delivery("m", "u", { innings: 1, seq: 1 }, ball({ out: "run_out", batter: "zz" }), STATE),
    /must be the striker or the non-striker/);
  assert.throws(() => ball({ out: "timed_out" }), /timed out is an event/);
});

test("delivery: the whole document, with the base fields from the position", () => {
  const at = new Date("2026-11-22T10:00:00Z");
  const follows = { id: "2-0011", key: "k".repeat(16) };
  const doc = delivery("m-1", "uid-1", { innings: 2, seq: 12, follows }, wide({ runs: 1 }), { ...STATE, timestamp: at, bowlingAngle: "Round the Wicket" });
  assert.match(doc.key, /^[A-Za-z0-9_-]{16}$/);
  assert.deepEqual(doc, {
    id: "2-0012", matchId: "m-1", inningsNumber: 2, sequenceNumber: 12, timestamp: at,
    key: doc.key, follows,
    recordedBy: "uid-1", source: "live", isVoided: false, kind: "delivery", overNumber: 0,
    ballInOver: 1, strikerId: "a1", nonStrikerId: "a2", bowlerId: "b11", runsOffBat: 0,
    extras: { ...NO, wide: 2 }, totalRuns: 2, isWicket: false, wicket: null,
    isLegalDelivery: false, isBoundary: false, bowlingAngle: "Round the Wicket",
  });
  assert.deepEqual(lawProblems(doc), []);
  assert.throws(() => delivery("m", "u", { innings: 1, seq: 1 }, ball(), { ...STATE, nonStrikerId: "a1" }),
    /striker and non-striker must be different/);
});

test("events: the base fields and the kind's own", () => {
  const at = new Date("2026-11-22T10:00:00Z");
  const written = event("m", "u", { innings: 1, seq: 1 }, "innings_start", { battingTeamId: "h", bowlingTeamId: "a" }, at);
  assert.deepEqual(written, {
    ...baseFields("m", "u", { innings: 1, seq: 1 }, at), key: written.key, kind: "innings_start",
    battingTeamId: "h", bowlingTeamId: "a",
  });
  assert.equal(written.follows, undefined); // an innings' first place follows nothing
});

test("keys and follows: each action its own key; the next one follows it", () => {
  const keys = new Set(Array.from({ length: 1000 }, () => newKey()));
  assert.equal(keys.size, 1000);
  assert.ok([...keys].every((k) => /^[A-Za-z0-9_-]{16}$/.test(k)));
  const first = event("m", "u", { innings: 3, seq: 7 }, "batter_change", { strikerId: "a", nonStrikerId: "b" });
  assert.deepEqual(positionAfter(first), { innings: 3, seq: 8, follows: { id: "3-0007", key: first.key } });
  const log = [first, { id: "3-0007-c1", key: "c".repeat(16) }];
  assert.deepEqual(followsIn(log, 3, 8), { id: "3-0007", key: first.key });
  assert.equal(followsIn(log, 3, 1), null);
  assert.deepEqual(followsIn([{ id: "3-0007" }], 3, 8), { id: "3-0007", key: null }); // an app without keys
});

test("lawProblems: shot data from the design documents' lists only", () => {
  const shot = (shotData) => lawProblems({ ...ball(), shotData });
  assert.deepEqual(shot({ shotType: "drive", length: "good", line: "outside_off", wagonWheelSegment: 2 }), []);
  assert.deepEqual(shot({ shotType: "banana" }),
    ["shotData.shotType: must be one of drive, cut, pull, hook, sweep, reverse_sweep, flick, glance, defend, leave, edge, other, got \"banana\""]);
  assert.ok(shot({ wagonWheelSegment: 9 })[0].startsWith("shotData.wagonWheelSegment: must be from 1 to 8"));
  assert.ok(shot({ line: "leg" })[0].startsWith("shotData.line:"));
});

test("a scorer's note on a ball: text, at most NOTE_LENGTH characters, nothing that disguises it", () => {
  const doc = delivery("m-1", "uid-1", { innings: 1, seq: 1 }, ball({ runs: 4 }), { ...STATE, note: "Dropped at slip" });
  assert.equal(doc.note, "Dropped at slip");
  const note = (text) => lawProblems({ ...ball(), note: text });
  assert.deepEqual(note("é".repeat(NOTE_LENGTH)), []);
  assert.deepEqual(note("n".repeat(NOTE_LENGTH + 1)), [`note: at most ${NOTE_LENGTH} characters, got ${NOTE_LENGTH + 1}`]);
  assert.ok(note("dropped \u202e")[0].startsWith("note: no control"));
  assert.deepEqual(note(4), ["note: text, got number"]);
  assert.throws(() => delivery("m", "u", { innings: 1, seq: 1 }, ball(), { ...STATE, note: "x".repeat(NOTE_LENGTH + 1) }), /note: at most/);
});

test("lawProblems: what the rules and the models refuse, in their words", () => {
  const bad = { ...ball({ runs: 1 }), totalRuns: 2 };
  assert.deepEqual(lawProblems(bad), ["totalRuns: must equal runsOffBat + extras = 1, got 2"]);
  const both = { ...ball(), extras: { ...NO, wide: 1, noBall: 1 }, totalRuns: 2, isLegalDelivery: false };
  assert.ok(lawProblems(both).includes("extras: a delivery cannot be both a wide and a no-ball"));
  assert.ok(lawProblems({ ...ball(), isLegalDelivery: false })[0].startsWith("isLegalDelivery:"));
  assert.deepEqual(lawProblems(noBall({ runs: 1 }), { noBallRuns: 2 }),
    ["extras.noBall: the match's no-ball penalty is 2, got 1"]);
});

test("nextState: the next ball, strike after odd runs and at the over's end, the batter out gone", () => {
  let s = { ...STATE };
  s = nextState(s, ball({ runs: 1 }));
  assert.deepEqual([s.strikerId, s.nonStrikerId, s.ballInOver, s.legalBalls], ["a2", "a1", 2, 1]);
  s = nextState(s, wide({ runs: 1 }));  // one run run: strike changes, not a legal ball
  assert.deepEqual([s.strikerId, s.ballInOver, s.legalBalls], ["a1", 3, 1]);
  s = nextState(s, ball({ runs: 4 }));
  assert.equal(s.strikerId, "a1");
  s = nextState(s, ball({ out: "bowled" }));
  assert.equal(s.strikerId, null);
  s = { ...s, strikerId: "a3" };
  for (let i = 0; i < 3; i += 1) s = nextState(s, ball());
  assert.deepEqual([s.overNumber, s.ballInOver, s.legalBalls, s.bowlerId, s.strikerId, s.nonStrikerId],
    [1, 1, 0, null, "a2", "a3"]);
});

test("a ball needs its batters and bowler: nextState leaves them to be set", () => {
  const after = nextState(STATE, delivery("m1", "u1", { innings: 1, seq: 2 }, ball({ out: "bowled" }), STATE));
  assert.equal(after.strikerId, null);
  assert.throws(() => delivery("m1", "u1", { innings: 1, seq: 3 }, ball(), after), /strikerId: who bats/);
  assert.throws(() => delivery("m1", "u1", { innings: 1, seq: 3 }, ball(), { ...STATE, bowlerId: null }),
    /bowlerId: who bowls/);
});

test("a refusal explained: the server's problems replace what the local look found in the document", async () => {
  const { explainRefusal } = await import("../src/refusals.js");
  const refused = { code: "permission-denied", message: "false for 'create' @ L562" };
  const document = { ...delivery("m1", "u2", { innings: 1, seq: 2 }, ball({ runs: 1 }), STATE), isVoided: true };
  const server = [
    { field: "recordedBy", code: "not_caller", message: "must be the caller's uid, 'u1'" },
    { field: "isVoided", code: "voided", message: "a new action says isVoided: false, got True" },
  ];
  const why = await explainRefusal(refused, { uid: "u1", document, validate: async () => server });
  assert.equal(why.validated, true);
  assert.deepEqual(why.causes.map((c) => [c.cause, c.field]), [["not_caller", "recordedBy"], ["voided", "isVoided"]]);
  assert.match(why.message, /^The security rules refused the write\. recordedBy: must be the caller's uid, 'u1'\. isVoided: /);
  // The function unreachable: the local look stands alone, and finds the same two.
  const alone = await explainRefusal(refused, { uid: "u1", document, validate: async () => { throw new Error("offline"); } });
  assert.equal(alone.validated, false);
  assert.deepEqual(alone.causes.map((c) => c.cause), ["not_caller", "voided"]);
  // Not a refusal of the rules: nothing to look at.
  const offline = await explainRefusal({ code: "unavailable" }, { uid: "u1", document, validate: async () => server });
  assert.deepEqual(offline.causes, []);
  assert.equal(offline.validated, false);
});

test("the refusals apps met unexplained are explained: text for a timestamp, a void's client time or empty reason, an edit", async () => {
  const { explainRefusal, voidCauses } = await import("../src/refusals.js");
  const refused = { code: "permission-denied", message: "false for 'create'" };
  const document = { ...delivery("m1", "u1", { innings: 1, seq: 2 }, ball(), STATE), timestamp: "2026-11-25T10:00:00Z" };
  const offline = async () => { throw new Error("offline"); };
  const text = await explainRefusal(refused, { uid: "u1", document, validate: offline });
  assert.deepEqual(text.causes.map((c) => [c.cause, c.field]), [["not_a_timestamp", "timestamp"]]);
  const dated = await explainRefusal(refused, { uid: "u1", id: "1-0002", operation: "void",
    fields: { isVoided: true, voidReason: "misclick", voidedBy: "u1", voidedAt: new Date() } });
  assert.deepEqual(dated.causes.map((c) => c.cause), ["client_time"]);
  assert.deepEqual(voidCauses({ isVoided: true, voidReason: "", voidedBy: "u1" }, "u1").map((c) => c.cause),
    ["void_reason"]);
  const edit = await explainRefusal(refused, { uid: "u1", id: "1-0002", operation: "edit" });
  assert.deepEqual(edit.causes.map((c) => c.cause), ["append_only"]);
  assert.doesNotMatch(edit.message, /Nothing found here explains it/);
});

test("a void or a correction without a reason is refused before it is sent", async () => {
  const { voidBall, correctBall } = await import("../src/scoring.js");
  const db = /** @type {any} */ ({});
  await assert.rejects(voidBall(db, "m1", "1-0002", "u1", ""), /reason: a reason of 1 to 500 characters/);
  await assert.rejects(voidBall(db, "m1", "1-0002", "u1", "x".repeat(501)), RangeError);
  await assert.rejects(correctBall(db, "m1", "u1", /** @type {any} */ ({}), ball(), ""), RangeError);
  // nor with a character the rules refuse in text others read (it reverses what follows)
  await assert.rejects(voidBall(db, "m1", "1-0002", "u1", "tapped \u202etwice"), /text-direction/);
});
