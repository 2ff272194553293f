// Scoring a DUAL or TRIPLE match (matches/{id}.validation): each scorer submits their view of
// a ball, the functions append what the scorers agree on, and an official resolves a
// dispute. docs/consensus.md has the whole protocol.

import {
  collection, doc, onSnapshot, query, serverTimestamp, setDoc, where,
} from "firebase/firestore";
import { delivery, event } from "./builders.js";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('./ids.js').Position} Position */
/** @typedef {import('./builders.js').BallState} BallState */
/** @typedef {import('./builders.js').DeliveryFields} DeliveryFields */

/** What a dispute's resolution may say (the design's order of authority). */
export const RESOLUTION_METHODS = Object.freeze([
  "UMPIRE_OVERRIDE", "VIDEO_REVIEW", "MAJORITY_VOTE", "CAPTAIN_CONSENSUS", "ABANDON_BALL",
]);

/**
 * `matches/{matchId}/submissions`: the scorers' views, `{position}_{uid}`.
 * @param {Firestore} db
 * @param {string} matchId
 */
export function submissionsOf(db, matchId) {
  return collection(db, "matches", matchId, "submissions");
}

/**
 * Create one submission; it can never be changed (a second one for the same position is
 * refused: the first stands).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 * @param {string} role the scorer role held: "scorer_home", "scorer_away" (TRIPLE: or
 *   "scorer_neutral"); one view per role counts
 * @param {string} position
 * @param {Record<string, any>} fields `{action}` or `{voidReason}`
 */
async function submit(db, matchId, uid, role, position, fields) {
  await setDoc(doc(submissionsOf(db, matchId), `${position}_${uid}`), {
    matchId, position, scorerId: uid, role, ...fields, createdAt: serverTimestamp(),
  });
}

/**
 * Submit your view of a ball (what `recordBall` would write, signed by you); the ball enters
 * the log once the scorers agree.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid the signed-in scorer
 * @param {string} role the scorer role they hold
 * @param {Position} position
 * @param {DeliveryFields} tapped
 * @param {BallState} state
 * @returns {Promise<Record<string, any>>} the action submitted
 */
export async function submitBall(db, matchId, uid, role, position, tapped, state) {
  const action = delivery(matchId, uid, position, tapped, state);
  await submit(db, matchId, uid, role, action.id, { action });
  return action;
}

/**
 * Submit your view of any other action (`innings_start`, `batter_change`, ...).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 * @param {string} role
 * @param {Position} position
 * @param {string} kind
 * @param {Object} [fields]
 * @returns {Promise<Record<string, any>>}
 */
export async function submitEvent(db, matchId, uid, role, position, kind, fields = {}) {
  const action = event(matchId, uid, position, kind, fields);
  await submit(db, matchId, uid, role, action.id, { action });
  return action;
}

/**
 * Ask to void an action of the log; it is voided once as many scorers ask as a ball needs.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} id the action's id, e.g. "1-0007"
 * @param {string} uid
 * @param {string} role
 * @param {string} reason 1 to 500 characters
 */
export async function submitVoid(db, matchId, id, uid, role, reason) {
  await submit(db, matchId, uid, role, `${id}-void`, { voidReason: reason });
}

/**
 * An umpire's, the referee's or an admin's resolution of the open dispute at `position`.
 * `action` (the ball as it was, built with `delivery()` or `event()` and signed by the
 * official) for UMPIRE_OVERRIDE, VIDEO_REVIEW and CAPTAIN_CONSENSUS; none for MAJORITY_VOTE
 * (TRIPLE) and ABANDON_BALL.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} position
 * @param {string} uid the official
 * @param {string} method one of RESOLUTION_METHODS
 * @param {Record<string, any> | null} [action]
 * @param {string | null} [note]
 * @param {number} [attempt] 2, 3, ... when an earlier resolution settled nothing (a majority
 *   vote without a majority: the dispute's `problem` says so)
 */
export async function resolveDispute(db, matchId, position, uid, method, action = null,
  note = null, attempt = 1) {
  const id = attempt === 1 ? position : `${position}-${attempt}`;
  await setDoc(doc(db, "matches", matchId, "resolutions", id), {
    matchId, position, method, resolvedBy: uid, action, note, createdAt: serverTimestamp(),
  });
}

/**
 * Listen to the match's open disputes (each: the fields that differ and every scorer's
 * value), in log order of their positions.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {(disputes: Array<Record<string, any>>) => void} onDisputes
 * @param {(error: Error) => void} [onError]
 * @returns {() => void} unsubscribe
 */
export function watchDisputes(db, matchId, onDisputes, onError) {
  const open = query(collection(db, "matches", matchId, "disputes"),
    where("status", "==", "open"));
  return onSnapshot(open, (snap) => {
    onDisputes(snap.docs.map((d) => d.data()));
  }, onError);
}
