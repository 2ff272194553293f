// A scoring app's flows with the modular `firebase` JS SDK, against the emulators, as a signed-in
// scorer (a mock ID token): score balls, undo one (a void), correct one (one batch: the void
// with correctedBy and `{id}-c1` naming what it corrects), query the balls that count, and
// listen to live/score.
//
// Run by tests/emulator/test_js_client.py, which seeds the match and passes:
//   SCOREBOOK_JS_INPUT  a JSON file {projectId, matchId, uid, actions: [documents, ISO dates],
//                       expect: {lastActionId, runs}: live/score once the triggers are done}
// Prints one JSON line: what the app saw.
import { readFileSync } from "node:fs";
import { initializeApp } from "firebase/app";
import {
  Timestamp, collection, connectFirestoreEmulator, doc, getDocs, getFirestore, onSnapshot,
  query, serverTimestamp, setDoc, updateDoc, where, writeBatch,
} from "firebase/firestore";

const input = JSON.parse(readFileSync(process.env.SCOREBOOK_JS_INPUT, "utf8"));
const [host, port] = process.env.FIRESTORE_EMULATOR_HOST.split(":");
const app = initializeApp({ projectId: input.projectId, apiKey: "demo-key" });
const db = getFirestore(app);
connectFirestoreEmulator(db, host, Number(port), { mockUserToken: { user_id: input.uid } });

const DATES = new Set(["timestamp", "createdAt", "updatedAt"]);
const asFirestore = (data) => Object.fromEntries(Object.entries(data)
  .filter(([, v]) => v !== null)
  .map(([k, v]) => [k, DATES.has(k) ? Timestamp.fromDate(new Date(v)) : v]));
const log = collection(db, "matches", input.matchId, "scoring_actions");

async function refusal(promise) {
  try { await promise; return null; } catch (error) { return error.code; }
}

const seen = {};
for (const action of input.actions) {
  await setDoc(doc(log, action.id), asFirestore(action));
}
// An identical retry of a ball already written: what an SDK resends after a lost ack. It is
// accepted and changes nothing; a different ball at that place is refused.
seen.retry = await refusal(setDoc(doc(log, input.actions[1].id), asFirestore(input.actions[1])));
seen.differentBall = await refusal(setDoc(doc(log, input.actions[1].id),
  { ...asFirestore(input.actions[1]), source: "manual_entry" }));
// A Date where the rules want the server's time is refused.
const undone = input.actions[input.actions.length - 1];
seen.voidWithClientDate = await refusal(updateDoc(doc(log, undone.id), {
  isVoided: true, voidReason: "wrong batter", voidedBy: input.uid, voidedAt: new Date(),
}));
await updateDoc(doc(log, undone.id), {
  isVoided: true, voidReason: "wrong batter", voidedBy: input.uid, voidedAt: serverTimestamp(),
});
const corrected = input.actions[input.actions.length - 2];
const correction = { ...corrected, id: `${corrected.id}-c1`, corrects: corrected.id,
  source: "correction", runsOffBat: 4, totalRuns: 4 + (corrected.totalRuns - corrected.runsOffBat),
  isBoundary: true };
const voidForCorrection = {
  isVoided: true, voidReason: "four, not one", voidedBy: input.uid, voidedAt: serverTimestamp(),
  correctedBy: correction.id,
};
// The void alone, naming a correction that is not written with it, is refused.
seen.voidWithoutCorrection = await refusal(updateDoc(doc(log, corrected.id), voidForCorrection));
const batch = writeBatch(db);
batch.update(doc(log, corrected.id), voidForCorrection);
batch.set(doc(log, correction.id), asFirestore(correction));
await batch.commit();

const counting = await getDocs(query(log, where("isVoided", "==", false)));
seen.counting = counting.docs.map((d) => d.id).sort();

seen.liveScore = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("live/score never showed the correction")), 60000);
  const stop = onSnapshot(doc(db, "matches", input.matchId, "live", "score"), (snap) => {
    const score = snap.data();
    if (score && score.lastActionId === input.expect.lastActionId
        && score.currentInnings.runs === input.expect.runs) {
      clearTimeout(timer); stop(); resolve(score);
    }
  }, reject);
});
console.log(JSON.stringify(seen));
process.exit(0);
