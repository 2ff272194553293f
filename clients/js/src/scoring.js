// Scoring with the modular firebase SDK: one write per action, one update per undo, a
// correction and its void, a listener on the live score, the query of the balls that count.
// Every write goes straight to Firestore; firestore.rules decide (docs/clients.md says what
// each refusal means), a Cloud Function folds the log into matches/{id}/live/score.

import {
  collection, doc, getDoc, getDocs, limit, onSnapshot, orderBy, query, serverTimestamp, setDoc,
  updateDoc, where, writeBatch,
} from "firebase/firestore";
import { delivery, event } from "./builders.js";
import { actionId, correctionId, followsIn, UNSAFE_TEXT } from "./ids.js";
import { explained } from "./refusals.js";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('../types/scorebook.js').Action} Action */
/** @typedef {import('../types/scorebook.js').ScoringAction} ScoringAction */
/** @typedef {import('../types/scorebook.js').LiveScoreProjection} LiveScoreProjection */
/** @typedef {import('./ids.js').Position} Position */
/** @typedef {import('./builders.js').BallState} BallState */
/** @typedef {import('./builders.js').DeliveryFields} DeliveryFields */
/** @typedef {import('./refusals.js').ExplainOptions} ExplainOptions */
/**
 * @template T
 * @typedef {import('./builders.js').Written<T>} Written
 */

/**
 * `matches/{matchId}/scoring_actions`, the log.
 * @param {Firestore} db
 * @param {string} matchId
 */
export function actionsOf(db, matchId) {
  return collection(db, "matches", matchId, "scoring_actions");
}

/**
 * Create one action, built already (`delivery()`, `event()`), at its id: what recordBall and
 * recordEvent do after building it. An app that shows the document before the server has it
 * writes that very document this way (its `key` is what the next action follows). A refusal
 * is explained (`error.explanation`).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 * @param {Record<string, any> & {id: string}} document
 * @param {ExplainOptions} [options]
 * @returns {Promise<void>}
 */
export async function recordAction(db, matchId, uid, document, options = {}) {
  try {
    await setDoc(doc(actionsOf(db, matchId), document.id), document);
  } catch (error) {
    throw await explained(error, { db, matchId, uid, document }, options);
  }
}

/**
 * Write one ball at its position: one setDoc of the document `delivery()` builds. Resolves
 * once the server took it. Offline, the SDK queues it and the promise waits; the local cache
 * shows it at once. When the rules refuse it, rejects with the SDK's `permission-denied`
 * error, and `error.explanation` says why (explainRefusal and the validateAction callable:
 * `{message, causes, reread}`; `reread` when another device took the position).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid the signed-in scorer (recordedBy)
 * @param {Position} position
 * @param {DeliveryFields} tapped `ball(...)`, `wide(...)`, `noBall(...)`, `bye(n)`, `legBye(n)`
 * @param {BallState} state
 * @param {ExplainOptions} [options]
 * @returns {Promise<Written<ScoringAction>>} the document written
 */
export async function recordBall(db, matchId, uid, position, tapped, state, options = {}) {
  const document = delivery(matchId, uid, position, tapped, state);
  await recordAction(db, matchId, uid, document, options);
  return document;
}

/**
 * Write any other action (`innings_start`, `batter_change`, ...) at its position.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 * @param {Position} position
 * @param {string} kind
 * @param {Object} [fields] the kind's own fields
 * @param {ExplainOptions} [options]
 * @returns {Promise<Written<Action>>}
 */
export async function recordEvent(db, matchId, uid, position, kind, fields = {}, options = {}) {
  const document = event(matchId, uid, position, kind, fields);
  await recordAction(db, matchId, uid, document, options);
  return document;
}

/**
 * The fields of a void: the only update the rules allow on an action, once. `voidedAt` must
 * be `serverTimestamp()` (the rules compare it with the request time: a device's Date is
 * refused).
 * @param {string} uid
 * @param {string} reason 1 to 500 characters; public in the log
 * @param {string} [correctedBy] the correction that replaces it
 */
export function voidFields(uid, reason, correctedBy) {
  /** @type {{isVoided: true, voidReason: string, voidedBy: string,
   *   voidedAt: import('firebase/firestore').FieldValue, correctedBy?: string}} */
  const fields = { isVoided: true, voidReason: reason, voidedBy: uid, voidedAt: serverTimestamp() };
  if (correctedBy) fields.correctedBy = correctedBy;
  return fields;
}

/**
 * Undo: void the action (it stays in the log; live/score is recomputed without it).
 * `correctedBy` names the correction written already that replaces it (the second write of
 * correctBall, when the first went in alone).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} id the action's id, e.g. "1-0007"
 * @param {string} uid the signed-in scorer or umpire (voidedBy)
 * @param {string} reason
 * @param {ExplainOptions & {correctedBy?: string}} [options] a refusal is explained as
 *   recordBall's is
 * @returns {Promise<void>}
 */
export async function voidBall(db, matchId, id, uid, reason, options = {}) {
  checkReason(reason);
  const fields = voidFields(uid, reason, options.correctedBy);
  try {
    await updateDoc(doc(actionsOf(db, matchId), id), fields);
  } catch (error) {
    throw await explained(error, { db, matchId, uid, id, operation: "void", fields }, options);
  }
}

/**
 * A void's reason is 1 to 500 characters (public in the log): refused before it is sent.
 * @param {any} reason
 */
function checkReason(reason) {
  if (typeof reason !== "string" || reason.length < 1 || reason.length > 500) {
    throw new RangeError(`reason: a reason of 1 to 500 characters, got ${JSON.stringify(reason)}`);
  }
  if (UNSAFE_TEXT.test(reason)) {
    throw new RangeError("reason: no control, invisible or text-direction characters (U+202E and the like): others read it");
  }
}

/**
 * Replace a ball in place: the correction `{position}-c{n}` (the first n not taken) naming
 * the original in `corrects`, with `source: "correction"`; then the void of the original
 * naming the correction in `correctedBy`. The rules take the void only once the correction
 * exists, so the two are written in turn, or (`{batch: true}`) in one writeBatch, which
 * commits both or neither (fine for an ordinary ball; the busiest ball, a wicket with many
 * fielders, and its void together can pass the rules' budget of 1,000 expressions a request).
 * Who and where (striker, bowler, over, ball, timestamp) are the original's unless
 * `state` says otherwise.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 * @param {ScoringAction|Written<ScoringAction>} original the action as read from the log
 *   (or as recordBall returned it)
 * @param {DeliveryFields} tapped what the ball really was
 * @param {string} reason why (the void's voidReason)
 * @param {{state?: Partial<BallState>, batch?: boolean, correction?: number} & ExplainOptions} [options]
 *   a refusal is explained as recordBall's is; `correction`: the correction's number at its
 *   place ({position}-c{n}) as the log the app holds tells it (one more than the last there):
 *   without it the kit asks the server, which a device with no signal cannot, and the
 *   correction fails instead of waiting with the device's other writes
 * @returns {Promise<Written<ScoringAction>>} the correction written
 */
export async function correctBall(db, matchId, uid, original, tapped, reason, options = {}) {
  checkReason(reason);
  const log = actionsOf(db, matchId);
  const position = { innings: original.inningsNumber, seq: original.sequenceNumber };
  let n = options.correction ?? 1;
  if (options.correction === undefined) {
    while ((await getDoc(doc(log, correctionId(original.id, n)))).exists()) n += 1;
  }
  const when = original.timestamp;
  /** @type {BallState} */
  const state = {
    strikerId: original.strikerId, nonStrikerId: original.nonStrikerId,
    bowlerId: original.bowlerId, overNumber: original.overNumber,
    ballInOver: original.ballInOver, timestamp: when instanceof Date ? when : when.toDate(),
    // what the scorer recorded beside the runs stays with the ball they correct
    bowlingAngle: original.bowlingAngle ?? undefined, shotData: original.shotData ?? undefined,
    note: original.note ?? undefined, ...options.state,
  };
  /** @type {Written<ScoringAction>} */
  const correction = {
    ...delivery(matchId, uid, position, tapped, state),
    id: correctionId(original.id, n), corrects: original.id, source: "correction",
  };
  const fields = voidFields(uid, reason, correction.id);
  const context = { db, matchId, uid, document: correction };
  try {
    if (options.batch) {
      const batch = writeBatch(db);
      batch.set(doc(log, correction.id), correction);
      batch.update(doc(log, original.id), fields);
      await batch.commit();
    } else {
      await setDoc(doc(log, correction.id), correction);
    }
  } catch (error) {
    throw await explained(error, context, options);
  }
  if (!options.batch) {
    try {
      await updateDoc(doc(log, original.id), fields);
    } catch (error) {
      throw await explained(error, { ...context, id: original.id, operation: "void", fields },
        options);
    }
  }
  return correction;
}

/**
 * The actions that count, in log order: `where isVoided == false`, ordered by
 * `inningsNumber`, `sequenceNumber` (a composite index, declared in firestore.indexes.json).
 * @param {Firestore} db
 * @param {string} matchId
 */
export function countingActions(db, matchId) {
  return query(actionsOf(db, matchId), where("isVoided", "==", false),
    orderBy("inningsNumber"), orderBy("sequenceNumber"));
}

/**
 * Read the log that counts, in order (what a scorer's app re-reads after a refused write at a
 * taken position, or on opening a match to find the next position).
 * @param {Firestore} db
 * @param {string} matchId
 * @returns {Promise<Action[]>}
 */
export async function readCountingActions(db, matchId) {
  const snap = await getDocs(countingActions(db, matchId));
  return snap.docs.map((d) => /** @type {Action} */ (d.data()));
}

/**
 * The next free position of an innings: after its last action, voided ones included (a void
 * keeps its position: the next ball takes the next sequence), with what it follows (the
 * action at the place before it, whose key the rules compare). One query, `where
 * inningsNumber == innings` ordered by `sequenceNumber` descending, limit 1 (a composite
 * index), and a read of the place itself when the last is a correction made there. What an
 * app reads on opening a match, and after a write refused at a taken position (another
 * device scored it).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {number} innings
 * @returns {Promise<Position>}
 */
export async function readNextPosition(db, matchId, innings) {
  const snap = await getDocs(query(actionsOf(db, matchId), where("inningsNumber", "==", innings),
    orderBy("sequenceNumber", "desc"), limit(1)));
  const last = snap.docs[0]?.data();
  if (!last) return { innings, seq: 1 };
  const seq = last.sequenceNumber + 1;
  const place = actionId(innings, last.sequenceNumber);
  const at = last.id === place ? last : (await getDoc(doc(actionsOf(db, matchId), place))).data();
  return { innings, seq, follows: followsIn(at ? [at] : [], innings, seq) };
}

/**
 * Listen to one innings' log, voided actions included: `onActions(actions, snapshot)` on
 * every change, this device's queued writes among them at once (offline too) and again when
 * the server has them (`snapshot.metadata.hasPendingWrites`, per document too); another
 * device's as they arrive. `replayInnings(actions, innings)` turns them into who is where,
 * what can be undone or corrected, and the next position: what an app shows after a reload or
 * on a second device. Returns the unsubscribe function.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {number} innings
 * @param {(actions: Action[], snapshot: import('firebase/firestore').QuerySnapshot) => void} onActions
 * @param {(error: Error) => void} [onError]
 * @returns {() => void}
 */
export function watchInnings(db, matchId, innings, onActions, onError) {
  const q = query(actionsOf(db, matchId), where("inningsNumber", "==", innings));
  return onSnapshot(q, { includeMetadataChanges: true }, (snap) => onActions(
    snap.docs.map((d) => /** @type {Action} */ (d.data())), snap,
  ), onError);
}

/**
 * Listen to `matches/{matchId}/live/score`, the live scorecard the Cloud Function keeps
 * (anyone may read it, signed in or not). `onScore(score, snapshot)` is called with the
 * document (null before the first action) each time it changes. Returns the unsubscribe
 * function.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {(score: ?LiveScoreProjection, snapshot: import('firebase/firestore').DocumentSnapshot) => void} onScore
 * @param {(error: Error) => void} [onError]
 * @returns {() => void}
 */
export function watchLiveScore(db, matchId, onScore, onError) {
  const ref = doc(db, "matches", matchId, "live", "score");
  return onSnapshot(ref, (snap) => onScore(
    snap.exists() ? /** @type {LiveScoreProjection} */ (snap.data()) : null, snap,
  ), onError);
}

