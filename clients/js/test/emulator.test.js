// The kit as a real client against the emulators: a scorer signed in on the Auth emulator
// (email and password) scores an over with examples/score-an-over.mjs, while a spectator (a
// second app instance, not signed in) listens to live/score and must see every ball; then
// a scorecard read once an over where Hosting does not answer, what a second device, an
// unassigned user and a careless void meet, a correction written in one batch, a device
// offline while another scores the same ball, and a match set up, scored, completed by the
// officials' result and reopened by its scorer's undo of it.
//
// Run by tests/emulator/test_js_kit.py, which starts the emulators, signs the scorer up,
// seeds the match and the scorer's role as the admin, and passes SCOREBOOK_KIT_INPUT (a
// JSON file: {projectId, matchId, uid, email, password, home, away, functionsHost}). Without
// it (no emulators) every test here is skipped.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { deleteApp, initializeApp } from "firebase/app";
import { createUserWithEmailAndPassword, getAuth, signInWithEmailAndPassword } from "firebase/auth";
import {
  disableNetwork, doc, enableNetwork, getDoc, getDocs, getFirestore, onSnapshot,
  serverTimestamp, updateDoc,
} from "firebase/firestore";
import { getFunctions } from "firebase/functions";
import {
  actionsOf, appoint, ball, connectToEmulators, createMatch, matchFromSquads, waitUntilLive, correctBall, countingActions, delivery, explainRefusal, legBye, nextState,
  positionAfter, readFeed, readNextPosition, recordAction, recordBall, recordEvent, voidBall,
  watchFeed, watchLiveScore, watchScorecard,
} from "@scorebook/client";
import { scoreAnOver } from "../examples/score-an-over.mjs";

const INPUT = process.env.SCOREBOOK_KIT_INPUT;
const skip = INPUT ? false : "needs the emulators: run by tests/emulator/test_js_kit.py";
const input = INPUT ? JSON.parse(readFileSync(INPUT, "utf8")) : {};
const apps = [];
let scorer; let spectator; let uid; let stopWatching = () => {};
const listenerErrors = [];
const scores = []; // every live/score the spectator saw
const waiters = [];

function client(name) {
  const app = initializeApp({ projectId: input.projectId, apiKey: "demo-key" }, name);
  apps.push(app);
  const db = getFirestore(app);
  const auth = getAuth(app);
  const [host, port] = process.env.FIRESTORE_EMULATOR_HOST.split(":");
  const portOf = (hostAndPort) => Number(hostAndPort.split(":")[1]);
  connectToEmulators({ db, auth, functions: getFunctions(app) }, { host, ports: {
    firestore: Number(port), auth: portOf(process.env.FIREBASE_AUTH_EMULATOR_HOST),
    functions: portOf(input.functionsHost) } });
  return { app, db, auth };
}

/** How long a spectator's listener may take to see a write. The Firestore emulator now and
 * then breaks a client's listen stream with a garbled frame ("RESOURCE_EXHAUSTED: Received
 * message larger than max", firebase-tools#8654); the SDK then waits out its longest backoff
 * (60 s, with up to half again of jitter) before it listens again, and its listeners go on
 * from where they were. A listener that never comes back still fails. */
const SEEN_WITHIN_MS = 120000;

/** Resolves with the first live/score the spectator saw since `cursor` (or sees, within
 * SEEN_WITHIN_MS) that passes, and moves the cursor to it: a later step never matches an
 * earlier score. */
let cursor = 0;
function spectatorSees(what, predicate) {
  const found = scores.findIndex((s, i) => i >= cursor && predicate(s));
  if (found >= 0) { cursor = found; return Promise.resolve(scores[found]); }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the spectator never saw ${what}; last: ${JSON.stringify(scores.at(-1)?.lastActionId)} ${runsOf(scores.at(-1) ?? {})}`)), SEEN_WITHIN_MS);
    waiters.push({ predicate, resolve: (s) => { clearTimeout(timer); cursor = scores.length - 1; resolve(s); } });
  });
}

before(async () => {
  if (skip) return;
  scorer = client("scorer");
  const { user } = await signInWithEmailAndPassword(scorer.auth, input.email, input.password);
  uid = user.uid;
  spectator = client("spectator"); // never signs in
  stopWatching = watchLiveScore(spectator.db, input.matchId, (score) => {
    if (!score) return;
    scores.push(score);
    for (const w of waiters.splice(0)) {
      if (w.predicate(score)) w.resolve(score); else waiters.push(w);
    }
  }, (error) => listenerErrors.push(error));
});

after(async () => {
  stopWatching();
  assert.deepEqual(listenerErrors, []);
  await Promise.all(apps.map((app) => deleteApp(app)));
});

const runsOf = (s) => s.currentInnings?.runs;
// The runs after each step of the over (examples/score-an-over.mjs)
const RUNS = {
  innings_start: 0, dot: 0, four: 4, wide: 6, "no-ball six": 13, single: 14, caught: 14,
  batter_change: 14, "leg-bye": 15, mistake: 17, undo: 15, byes: 17, correction: 19,
};

test("a signed-in scorer scores an over and a spectator sees every ball on live/score", { skip }, async () => {
  assert.equal(uid, input.uid);
  const steps = [];
  const { written, correction } = await scoreAnOver(scorer.db, {
    matchId: input.matchId, uid, home: input.home, away: input.away,
    onStep: async (what, document) => {
      steps.push(what);
      // a written action is on live/score once it is the last folded, with the runs so far
      const shown = ["undo", "correction"].includes(what)
        ? (s) => runsOf(s) === RUNS[what]
        : (s) => s.lastActionId === document.id && runsOf(s) === RUNS[what];
      await spectatorSees(`${what} (${document.id})`, shown);
    },
  });
  assert.deepEqual(steps, Object.keys(RUNS));
  assert.equal(written.wide.extras.wide, 2);
  assert.equal(written["no-ball six"].totalRuns, 7);
  assert.equal(written.caught.wicket.dismissedPlayerId, `${input.home}-p1`);
  assert.equal(correction.id, `${written.four.id}-c1`);
  assert.equal(correction.corrects, written.four.id);

  const final = await spectatorSees("the over complete", (s) => runsOf(s) === 19 && s.currentInnings.balls === 6);
  assert.equal(final.currentInnings.wickets, 1);
  assert.equal(final.currentInnings.overs, 1);
  assert.equal(final.lastActionId, written.byes.id);
  assert.deepEqual(final.integrity, []);
  assert.equal(final.status, "live");

  // The balls that count, in log order: the mistake and the four are voided.
  const counting = (await getDocs(countingActions(scorer.db, input.matchId))).docs.map((d) => d.id);
  assert.deepEqual(counting, ["1-0001", "1-0002", "1-0003-c1", "1-0004", "1-0005", "1-0006",
    "1-0007", "1-0008", "1-0009", "1-0011"]);
  const next = await readNextPosition(scorer.db, input.matchId, 1);
  assert.deepEqual(next, { innings: 1, seq: 12, follows: { id: written.byes.id, key: written.byes.key } });
});

test("a scorecard read once an over from Hosting reads Firestore when Hosting does not answer", { skip }, async () => {
  const seen = [];
  const errors = [];
  // nothing listens on port 9: every read over HTTP fails, as a private match's would
  const stop = watchScorecard(spectator.db, input.matchId, (card) => seen.push(card), {
    current: "per-over", currentRead: "http", origin: "http://127.0.0.1:9", onError: (e) => errors.push(e),
  });
  try {
    const deadline = Date.now() + SEEN_WITHIN_MS;
    while (!seen.some((s) => s.innings[0]?.balls === 6) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const last = seen.at(-1);
    assert.equal(last?.innings[0]?.runs, 19, JSON.stringify(last?.innings[0] ?? null));
    assert.equal(last.now.currentInnings.overs, 1);
    assert.deepEqual(errors, []);
  } finally {
    stop();
  }
});

test("a second device scoring a taken position is refused, and told to re-read the log", { skip }, async () => {
  const other = client("second-device");
  await signInWithEmailAndPassword(other.auth, input.email, input.password);
  const state = { strikerId: `${input.home}-p3`, nonStrikerId: `${input.home}-p2`, bowlerId: `${input.away}-p10`, overNumber: 1, ballInOver: 1 };
  const error = await recordBall(other.db, input.matchId, uid, { innings: 1, seq: 2 }, ball({ runs: 1 }), state)
    .then(() => null, (e) => e);
  assert.equal(error?.code, "permission-denied");
  // The kit explained the refusal itself: the rules' reads and validateAction's answer.
  assert.equal(error.explanation.reread, true);
  assert.equal(error.explanation.validated, true);
  assert.deepEqual(error.explanation.causes.map((c) => c.cause), ["position_taken"]);
  // A user with no role: signed up with the SDK, refused, and told why.
  const stranger = client("stranger");
  const { user } = await createUserWithEmailAndPassword(stranger.auth, `nobody-${Date.now()}@example.com`, "secret123");
  const refused = await recordBall(stranger.db, input.matchId, user.uid, { innings: 1, seq: 12 }, ball(), state)
    .then(() => null, (e) => e);
  assert.equal(refused?.code, "permission-denied");
  assert.deepEqual(refused.explanation.causes.map((c) => c.cause), ["not_scorer"]);
  assert.match(refused.explanation.message, /not an assigned scorer/);
  // explainRefusal on its own, without the callable: the local look finds the same cause.
  const local = await explainRefusal(refused, { db: stranger.db, matchId: input.matchId, uid: user.uid, id: "1-0012" });
  assert.deepEqual(local.causes.map((c) => c.cause), ["not_scorer"]);
  assert.equal(local.validated, false);
  // A hook of one's own replaces the callable.
  const hooked = await explainRefusal(refused, { uid: user.uid, document: { id: "1-0012" }, validate: async () => ["strikerId: field required"] });
  assert.ok(hooked.causes.some((c) => c.message === "strikerId: field required"));
});

test("a write with a wrong field is refused, and validateAction names the field", { skip }, async () => {
  // Written by hand as an app might: a penalty is five runs an offence, and "team" is no field.
  const error = await recordEvent(scorer.db, input.matchId, uid, { innings: 1, seq: 12 }, "penalty_runs",
    { runs: 3, team: input.away }).then(() => null, (e) => e);
  assert.equal(error?.code, "permission-denied");
  const why = error.explanation;
  assert.equal(why.validated, true);
  assert.equal(why.reread, false);
  const found = JSON.stringify(why.causes);
  const runs = why.causes.filter((c) => c.field === "runs");
  assert.ok(runs.some((c) => /^runs: .*five an offence/.test(c.message)), found);
  assert.ok(why.causes.some((c) => c.field === "team" && c.cause === "unknown_field"), found);
  assert.match(why.message, /runs: /);
});

test("a void is signed with the server's time; twice is refused", { skip }, async () => {
  const ref = doc(actionsOf(scorer.db, input.matchId), "1-0011");
  const withDate = await updateDoc(ref, { isVoided: true, voidReason: "x", voidedBy: uid, voidedAt: new Date() })
    .then(() => null, (e) => e);
  assert.equal(withDate?.code, "permission-denied");
  await updateDoc(ref, { isVoided: true, voidReason: "last ball again", voidedBy: uid, voidedAt: serverTimestamp() });
  const twice = await voidBall(scorer.db, input.matchId, "1-0011", uid, "again").then(() => null, (e) => e);
  assert.equal(twice?.code, "permission-denied");
  const why = await explainRefusal(twice, { db: scorer.db, matchId: input.matchId, uid, id: "1-0011", operation: "void" });
  assert.deepEqual(why.causes.map((c) => c.cause), ["already_voided"]);
  await spectatorSees("the undone last ball", (s) => runsOf(s) === 17 && s.currentInnings.balls === 5);
});

test("an ordinary ball corrected in one batch: the correction and the void commit together", { skip }, async () => {
  const snap = await getDocs(countingActions(scorer.db, input.matchId));
  const original = snap.docs.map((d) => d.data()).find((a) => a.id === "1-0009");
  assert.equal(original.extras.legBye, 1);
  const correction = await correctBall(scorer.db, input.matchId, uid, original, legBye(2),
    "two leg-byes, not one", { batch: true });
  assert.equal(correction.id, "1-0009-c1");
  const score = await spectatorSees("the batch correction", (s) => runsOf(s) === 18);
  assert.equal(score.extras.legByes, 2);
});

test("one match, one story: a device offline while another scores sees its queue refused, not mixed in", { skip }, async () => {
  const other = client("offline-device");
  await signInWithEmailAndPassword(other.auth, input.email, input.password);
  const at = await readNextPosition(other.db, input.matchId, 1);
  assert.ok(at.follows?.key, "the log's last action has the kit's key");
  const state = { strikerId: `${input.home}-p3`, nonStrikerId: `${input.home}-p2`, bowlerId: `${input.away}-p10`, overNumber: 1, ballInOver: 1 };
  // The second device loses its signal and scores on: a six, then a single built on it.
  await disableNetwork(other.db);
  const six = delivery(input.matchId, uid, at, ball({ runs: 6 }), state);
  const single = delivery(input.matchId, uid, positionAfter(six), ball({ runs: 1 }), nextState(state, six));
  const queued = [six, single].map((d) => recordAction(other.db, input.matchId, uid, d).then(() => null, (e) => e));
  // Meanwhile the first device scores that ball as a dot, at the same place.
  const dot = await recordBall(scorer.db, input.matchId, uid, await readNextPosition(scorer.db, input.matchId, 1), ball(), state);
  assert.equal(dot.id, six.id);
  await enableNetwork(other.db);
  const [first, second] = await Promise.all(queued);
  assert.equal(first?.code, "permission-denied");
  assert.deepEqual(first.explanation.causes.map((c) => c.cause), ["position_taken"]);
  // The single was built on the six: refused too, and the device is told to re-read.
  assert.equal(second?.code, "permission-denied");
  assert.equal(second.explanation.reread, true);
  assert.deepEqual(second.explanation.causes.map((c) => c.cause), ["not_followed"]);
  const log = (await getDocs(actionsOf(scorer.db, input.matchId))).docs.map((d) => d.data());
  assert.equal(log.find((a) => a.id === dot.id).runsOffBat, 0);
  assert.equal(log.find((a) => a.id === single.id), undefined);
  // Re-read, it scores on after the other device's dot.
  const next = await recordBall(other.db, input.matchId, uid, await readNextPosition(other.db, input.matchId, 1), ball({ runs: 1 }), nextState(state, dot));
  assert.deepEqual(next.follows, { id: dot.id, key: dot.key });
  await spectatorSees("the dot and the single after it", (s) => s.lastActionId === next.id);
});

test("a spectator who drops off mid-innings resumes the feed from its cursor and misses nothing", { skip }, async () => {
  const published = await readFeed(spectator.db, input.matchId);
  assert.deepEqual(published.map((e) => e.seq), published.map((_, i) => i + 1));
  assert.ok(published.some((e) => e.type === "WICKET_FALLEN" && e.payload.batterId === `${input.home}-p1`));
  assert.ok(published.some((e) => e.type === "BALL_RETRACTED"), "the undo and the corrections retracted events");
  const start = published.at(-1).seq;
  /** Resolves once `events` holds the BALL_BOWLED of action `id`. */
  const until = (events, id) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no BALL_BOWLED of ${id}`)), SEEN_WITHIN_MS);
    const check = setInterval(() => {
      if (events.some((e) => e.type === "BALL_BOWLED" && e.actionId === id)) {
        clearTimeout(timer); clearInterval(check); resolve(undefined);
      }
    }, 50);
  });
  let state = { strikerId: `${input.home}-p3`, nonStrikerId: `${input.home}-p2`, bowlerId: `${input.away}-p10`, overNumber: 1, ballInOver: 1 };
  const before = [];
  const stop = watchFeed(spectator.db, input.matchId, start, (events) => before.push(...events));
  const first = await recordBall(scorer.db, input.matchId, uid, await readNextPosition(scorer.db, input.matchId, 1), ball(), state);
  await until(before, first.id);
  stop(); // the spectator's phone goes into a tunnel
  const cursor = before.at(-1).seq;
  const missed = [];
  for (let i = 0; i < 2; i += 1) {
    state = { ...state, ballInOver: state.ballInOver + 1 };
    missed.push(await recordBall(scorer.db, input.matchId, uid, await readNextPosition(scorer.db, input.matchId, 1), ball(), state));
  }
  const after = [];
  const resume = watchFeed(spectator.db, input.matchId, cursor, (events) => after.push(...events));
  await until(after, missed.at(-1).id);
  resume();
  const whole = await readFeed(spectator.db, input.matchId, start);
  assert.deepEqual([...before, ...after].map((e) => e.seq), whole.map((e) => e.seq));
  assert.deepEqual([...before, ...after].map((e) => e.seq), whole.map((_, i) => start + i + 1));
  assert.deepEqual(after.filter((e) => e.type === "BALL_BOWLED").map((e) => e.actionId), missed.map((d) => d.id));
});

test("a feed event that lands after the next one is given in its place, once; a gap never filled is let go", { skip }, async () => {
  // A run whose events overflow its commit writes the rest right after it, and another
  // run's commit of the next ball can land first. The events are written here as the
  // functions write them (the emulator's owner bypasses the rules), on a match of their own.
  const admin = client("gap-admin");
  await signInWithEmailAndPassword(admin.auth, input.adminEmail, input.password);
  const squad = (id) => ({ id, name: id, players: Array.from({ length: 11 }, (_, i) => ({
    id: `${id}-p${i + 1}`, name: `${id} ${i + 1}`, isCaptain: i === 0, isWicketkeeper: i === 6 })) });
  const match = matchFromSquads(`${input.matchId}-gap`, squad("greens"), squad("golds"), "T20");
  await createMatch(admin.db, match);
  // the match's first run done (a busy emulator delivers it late): it must not find these
  // events, which no action of its log accounts for, and take them back
  const until = Date.now() + SEEN_WITHIN_MS;
  while (!(await getDoc(doc(spectator.db, "matches", match.id, "live", "score"))).exists() && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const publish = async (...seqs) => {
    for (const seq of seqs) {
      const url = `http://${process.env.FIRESTORE_EMULATOR_HOST}/v1/projects/${input.projectId}/databases/(default)/documents/matches/${match.id}/events/${String(seq).padStart(10, "0")}`;
      const answer = await fetch(url, { method: "PATCH", headers: { Authorization: "Bearer owner", "Content-Type": "application/json" },
        body: JSON.stringify({ fields: { seq: { integerValue: String(seq) }, type: { stringValue: "BALL_BOWLED" } } }) });
      assert.equal(answer.status, 200, await answer.text());
    }
  };
  const seen = async (got, count) => {
    const until = Date.now() + SEEN_WITHIN_MS;
    while (got.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };
  await publish(1, 2);
  const got = [];
  const stop = watchFeed(spectator.db, match.id, 0, (events) => got.push(...events.map((e) => e.seq)), { gapWaitMs: 60000 });
  await seen(got, 2);
  await publish(5, 6); // the next run's events, before the overflow of the one before
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(got, [1, 2], "5 and 6 wait for 3 and 4");
  await publish(3);
  await seen(got, 3);
  await publish(4);
  await seen(got, 6);
  stop();
  assert.deepEqual(got, [1, 2, 3, 4, 5, 6]);
  // an overflow lost for good (published again under new seqs): the events after it go
  // once the wait is over
  const late = [];
  const resume = watchFeed(spectator.db, match.id, 6, (events) => late.push(...events.map((e) => e.seq)), { gapWaitMs: 500 });
  await new Promise((r) => setTimeout(r, 500)); // its listener on (the emulator can leave a
  // listener added as a document is written without it)
  await publish(8, 9);
  await seen(late, 2);
  resume();
  assert.deepEqual(late, [8, 9]);
  assert.deepEqual((await readFeed(spectator.db, match.id)).map((e) => e.seq), [1, 2, 3, 4, 5, 6, 8, 9]);
});

test("an admin sets a match up from two squads and appoints a scorer, who scores; waitUntilLive sees the ball", { skip }, async () => {
  const admin = client("admin");
  const { user } = await signInWithEmailAndPassword(admin.auth, input.adminEmail, input.password);
  const squad = (id, name) => ({ id, name, players: Array.from({ length: 11 }, (_, i) => ({
    id: `${id}-p${i + 1}`, name: `${name} ${i + 1}`, isCaptain: i === 0, isWicketkeeper: i === 6 })) });
  const match = matchFromSquads(`${input.matchId}-setup`, squad("reds", "Reds"), squad("blues", "Blues"), "T20",
    { venue: "The Park", toss: { winnerId: "blues", decision: "field" } });
  assert.equal(match.scheduledOvers, 20);
  assert.deepEqual(match.teams[0].playerIds.slice(0, 2), ["reds-p1", "reds-p2"]);
  await assert.rejects(createMatch(scorer.db, match), /permission/i); // a scorer is no admin
  await createMatch(admin.db, match);
  await assert.rejects(appoint(scorer.db, match.id, uid, "scorer_home", uid), /permission/i);
  assert.equal(await appoint(admin.db, match.id, uid, "scorer_home", user.uid), `${match.id}_${uid}_scorer_home`);

  let position = await readNextPosition(scorer.db, match.id, 1);
  const start = await recordEvent(scorer.db, match.id, uid, position, "innings_start", {
    battingTeamId: "reds", bowlingTeamId: "blues", strikerId: "reds-p1", nonStrikerId: "reds-p2", bowlerId: "blues-p11",
  });
  position = positionAfter(start);
  const four = await recordBall(scorer.db, match.id, uid, position, ball({ runs: 4 }), {
    strikerId: "reds-p1", nonStrikerId: "reds-p2", bowlerId: "blues-p11", overNumber: 0, ballInOver: 1, noBallRuns: 1,
    shotData: { wagonWheelSegment: 2 }, note: "Driven on the up",
  });
  const now = await waitUntilLive(spectator.db, match.id, four.id);
  assert.equal(now.lastActionId, four.id);
  assert.equal(now.currentInnings.runs, 4);
  await assert.rejects(waitUntilLive(spectator.db, match.id, "1-0099", { timeoutMs: 500 }), /did not show 1-0099/);
  // a correction of the runs keeps where the ball went and the scorer's note
  const six = await correctBall(scorer.db, match.id, uid, four, ball({ runs: 6 }), "it carried: a six");
  assert.equal(six.note, "Driven on the up");
  assert.deepEqual(six.shotData, { wagonWheelSegment: 2 });

  // the officials' result completes the match; its scorer may take back that day the action
  // that completed it (as a wrong winning run), and nothing before it
  const result = await recordEvent(scorer.db, match.id, uid, positionAfter(six), "match_result", { result: "no_result" });
  assert.equal((await waitUntilLive(spectator.db, match.id, result.id)).status, "completed");
  const earlier = await voidBall(scorer.db, match.id, six.id, uid, "not the last").then(() => null, (e) => e);
  assert.equal(earlier?.code, "permission-denied");
  const why = await explainRefusal(earlier, { db: scorer.db, matchId: match.id, uid, id: six.id, operation: "void" });
  assert.deepEqual(why.causes.map((c) => c.cause), ["match_over"]);
  // were the result's void refused, the match being over would not be why
  const lastWord = await explainRefusal({ code: "permission-denied" },
    { db: scorer.db, matchId: match.id, uid, id: result.id, operation: "void" });
  assert.ok(!lastWord.causes.some((c) => c.cause === "match_over"));
  await voidBall(scorer.db, match.id, result.id, uid, "the officials have not decided yet");
  const reopened = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the match never went live again")), 30000);
    const stop = onSnapshot(doc(spectator.db, "matches", match.id, "live", "now"), (snap) => {
      if (snap.data()?.status === "live") { clearTimeout(timer); stop(); resolve(snap.data()); }
    });
  });
  assert.equal(reopened.lastActionId, six.id);
});
