// Score an over with @scorebook/client, as a scoring app does: the innings begins, six legal
// balls with a wide, a no-ball and a wicket among them, a ball tapped by mistake undone, and a
// four that was a six corrected. This file is the code of docs/clients.md, and
// clients/js/test/emulator.test.js runs it against the emulators (signed in as a scorer,
// with a spectator's listener checking that live/score shows every ball).
//
// `make kit-example` runs it against the emulators, with the match and the scorer made first.
// By hand: `make emulators` prints the variables to export (the emulators' hosts); sign the
// scorer up, have an admin create the match and assign them (docs/clients.md §7), then
//   SCOREBOOK_EMAIL=scorer@example.com SCOREBOOK_PASSWORD=secret123 SCOREBOOK_MATCH=match-1 \
//   SCOREBOOK_HOME=team-home SCOREBOOK_AWAY=team-away node clients/js/examples/score-an-over.mjs
// for docs/examples/match.json (a side's players are {team}-p1 ... {team}-p11).
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, terminate } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions } from "firebase/functions";
import {
  ball, bye, correctBall, legBye, nextState, noBall, positionAfter, readNextPosition, recordBall,
  recordEvent, voidBall, watchLiveNow, wide,
} from "@scorebook/client";

/** @typedef {import('@scorebook/client/types').ScoringAction} ScoringAction */
/** @typedef {import('@scorebook/client').BallState} BallState */
/** @typedef {import('@scorebook/client').DeliveryFields} DeliveryFields */
/** @typedef {import('@scorebook/client').Refusal} Refusal */
/**
 * @template T
 * @typedef {import('@scorebook/client').Written<T>} Written
 */

/**
 * Score the first over of a match whose home side bats (players `{team}-p1` ...).
 * @param {import('firebase/firestore').Firestore} db signed in as a scorer of the match
 * @param {{matchId: string, uid: string, home: string, away: string,
 *   onStep?: (what: string, document: {id: string}) => Promise<void>|void}} match
 */
export async function scoreAnOver(db, { matchId, uid, home, away, onStep = () => {} }) {
  /** @type {(team: string, n: number) => string} */
  const player = (team, n) => `${team}-p${n}`;
  // 1. The innings begins: who bats, who bowls, the openers and the bowler.
  // The place each action goes to, and what it follows (the action before it: a device whose
  // first queued ball lost its place to another device then sees the rest refused too).
  let position = await readNextPosition(db, matchId, 1); // {innings: 1, seq: 1} on a new match
  const start = await recordEvent(db, matchId, uid, position, "innings_start", {
    battingTeamId: home, bowlingTeamId: away,
    strikerId: player(home, 1), nonStrikerId: player(home, 2), bowlerId: player(away, 11),
  });
  await onStep("innings_start", start);
  position = positionAfter(start);

  // 2. The app keeps who is where; nextState() does the common case after each ball.
  /** @type {BallState} */
  let state = {
    strikerId: player(home, 1), nonStrikerId: player(home, 2), bowlerId: player(away, 11),
    overNumber: 0, ballInOver: 1, noBallRuns: 1, // the match's noBallRuns
  };
  /** @type {Record<string, Written<ScoringAction>>} */
  const written = {};
  /** @type {Record<string, BallState>} */
  const before = {}; // the state before each ball, to go back to on undo
  /**
   * @param {string} name
   * @param {DeliveryFields} tapped
   * @returns {Promise<Written<ScoringAction>>}
   */
  async function score(name, tapped) {
    let document;
    try {
      document = await recordBall(db, matchId, uid, position, tapped, state);
    } catch (e) {
      // A refusal says why: error.explanation (the rules' reads and validateAction's answer).
      const why = /** @type {Refusal} */ (e).explanation;
      if (!why?.reread) throw new Error(why?.message ?? String(e));
      // Another device scored this position, perhaps this very ball: sent again at the next
      // position it would be in the log twice. Show the scorer what the log holds now
      // (watchInnings, replayInnings) and let them say what of theirs is still missing.
      throw new Error(`${why.message} Re-read the log and show the scorer what is there.`);
    }
    position = positionAfter(document);
    written[name] = document;
    before[name] = state;
    state = nextState(state, document);
    await onStep(name, document);
    return document;
  }

  await score("dot", ball());                                  // 0
  await score("four", ball({ runs: 4 }));                      // 4 (it was a six: corrected below)
  await score("wide", wide({ runs: 1 }));                      // 2 wides, they crossed
  await score("no-ball six", noBall({ runs: 6 }));             // 7: 1 no-ball + 6 off the bat
  await score("single", ball({ runs: 1 }));                    // 1
  await score("caught", ball({ out: "caught", fielder: player(away, 7) })); // W

  // 3. A new batter comes in: the batters at the crease, who is on strike.
  state = { ...state, strikerId: state.strikerId ?? player(home, 3), nonStrikerId: state.nonStrikerId ?? player(home, 3) };
  const change = await recordEvent(db, matchId, uid, position, "batter_change", {
    strikerId: state.strikerId, nonStrikerId: state.nonStrikerId,
  });
  position = positionAfter(change);
  await onStep("batter_change", change);

  await score("leg-bye", legBye(1));                           // 1 leg-bye
  await score("mistake", bye(2));                              // tapped too early...

  // 4. Undo: void it. It stays in the log (and keeps its position); the score drops it.
  await voidBall(db, matchId, written.mistake.id, uid, "tapped before the ball was bowled");
  state = before.mistake;
  await onStep("undo", written.mistake);

  await score("byes", bye(2));                                 // ...the real last ball: 2 byes

  // 5. Correct: the "four" was a six. The correction takes the ball's position with -c1.
  const correction = await correctBall(db, matchId, uid, written.four, ball({ runs: 6 }),
    "it carried: six, not four");
  await onStep("correction", correction);
  return { written, correction, state };
}

/** @param {string} name */
function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see the top of this file)`);
  return value;
}

/**
 * `host:port` of an emulator.
 * @param {string} name
 * @returns {[string, number]}
 */
function hostPort(name) {
  const [host, port] = required(name).split(":");
  return [host, Number(port)];
}

// Run by hand (`make kit-example` does it all): sign in (email and password) on the emulators,
// listen to live/now as a spectator's scoreboard would, and score the over.
if (import.meta.url === `file://${process.argv[1]}`) {
  const projectId = process.env.GCLOUD_PROJECT ?? "demo-scorebook";
  const app = initializeApp({ projectId, apiKey: "demo-key" });
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${required("FIREBASE_AUTH_EMULATOR_HOST")}`, { disableWarnings: true });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, ...hostPort("FIRESTORE_EMULATOR_HOST"));
  // validateAction, which explains a refused write, runs on the Functions emulator
  connectFunctionsEmulator(getFunctions(app), ...hostPort("FUNCTIONS_EMULATOR_HOST"));
  const { user } = await signInWithEmailAndPassword(auth, required("SCOREBOOK_EMAIL"), required("SCOREBOOK_PASSWORD"));

  // A spectator: another app, not signed in, listening to the scoreboard's document
  // (live/now: what changes every ball, about 1.5 KB; docs/clients.md §11).
  const fan = getFirestore(initializeApp({ projectId, apiKey: "demo-key" }, "spectator"));
  connectFirestoreEmulator(fan, ...hostPort("FIRESTORE_EMULATOR_HOST"));
  /** @type {?import('@scorebook/client/types').LiveNow} */
  let latest = null;
  /** @type {((score: import('@scorebook/client/types').LiveNow) => void)[]} */
  let waiting = [];
  const stop = watchLiveNow(fan, required("SCOREBOOK_MATCH"), (score) => {
    latest = score;
    if (score) for (const wake of waiting.splice(0)) wake(score);
  });
  /**
   * The spectator's next live/now after `version` (the function has folded a write in),
   * or null after `ms` without one.
   * @param {number} version
   * @param {number} [ms]
   * @returns {Promise<?import('@scorebook/client/types').LiveNow>}
   */
  const newerThan = (version, ms = 60000) => new Promise((resolve) => {
    /** @param {import('@scorebook/client/types').LiveNow} score */
    const wake = (score) => {
      if (score.version > version) { clearTimeout(timer); resolve(score); } else waiting.push(wake);
    };
    const timer = setTimeout(() => { waiting = waiting.filter((w) => w !== wake); resolve(null); }, ms);
    if (latest) wake(latest); else waiting.push(wake);
  });
  /** @param {?import('@scorebook/client/types').LiveNow} score */
  const show = (score) => {
    if (!score) throw new Error("live/now did not change within 60 s: are the functions running?");
    const innings = score.currentInnings;
    const over = score.currentOver.map((b) => b.display).join(" ");
    console.log(`  spectator: ${innings?.runs}/${innings?.wickets} (${innings?.overs} ov)`
      + `  this over: ${over}  (live/now version ${score.version})`);
    return score.version;
  };
  let shown = (await newerThan(-1))?.version ?? 0; // live/now exists from the match's creation

  await scoreAnOver(db, {
    matchId: required("SCOREBOOK_MATCH"), uid: user.uid,
    home: required("SCOREBOOK_HOME"), away: required("SCOREBOOK_AWAY"),
    onStep: async (what, d) => {
      console.log(`scorer: ${what} (${d.id})`);
      shown = show(await newerThan(shown)); // each write changes live/now
    },
  });
  // A correction is two writes (the correction, then the void): show what follows the first.
  for (let score = await newerThan(shown, 3000); score; score = await newerThan(shown, 3000)) {
    shown = show(score);
  }
  stop();
  await Promise.all([terminate(db), terminate(fan)]);
  process.exit(0);
}
