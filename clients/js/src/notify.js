// Told when it happens: a follower of a match is told of its wickets, fifties and hundreds,
// the end of each innings and the result. The app writes who follows (`follow`); the
// functions write each follower a notification document per event
// (`users/{uid}/notifications/{matchId}-{actionId}-{key}`: `watchNotifications`) and send it through
// Firebase Cloud Messaging to the devices the app registered (`registerDevice`).

import {
  collection, deleteDoc, doc, onSnapshot, query, serverTimestamp, setDoc, where,
} from "firebase/firestore";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('../types/scorebook.js').Notice} Notice */

/** The kinds of event a follower may be told of. */
export const NOTICE_KINDS = ["wicket", "milestone", "innings", "result"];

/**
 * Follow a match as the signed-in user `uid` (the rules: only themself, and only a match
 * they may follow), told of `kinds` (default: all four).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 * @param {string[]} [kinds]
 */
export function follow(db, matchId, uid, kinds = NOTICE_KINDS) {
  return setDoc(doc(db, "matches", matchId, "followers", uid),
    { kinds: [...kinds], createdAt: serverTimestamp() });
}

/**
 * Stop following a match.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} uid
 */
export function unfollow(db, matchId, uid) {
  return deleteDoc(doc(db, "matches", matchId, "followers", uid));
}

/**
 * Register a device's Firebase Cloud Messaging token for `uid`'s notifications (the
 * functions forget it once FCM no longer knows it).
 * @param {Firestore} db
 * @param {string} uid
 * @param {string} deviceId
 * @param {string} token
 * @param {"web"|"android"|"ios"} [platform]
 */
export function registerDevice(db, uid, deviceId, token, platform = "web") {
  return setDoc(doc(db, "users", uid, "devices", deviceId),
    { token, platform, createdAt: serverTimestamp() });
}

/**
 * Listen to `uid`'s notifications (of one match: `matchId`): `onNotices(all, fresh)` with
 * every notification in `seq` order and those new since the last call (none the first
 * time: what was there when the app opened is not news). Returns the unsubscribe function.
 * @param {Firestore} db
 * @param {string} uid
 * @param {(all: Notice[], fresh: Notice[]) => void} onNotices
 * @param {{matchId?: string, onError?: (error: Error) => void}} [options]
 * @returns {() => void}
 */
export function watchNotifications(db, uid, onNotices, options = {}) {
  const mine = collection(db, "users", uid, "notifications");
  const wanted = options.matchId ? query(mine, where("matchId", "==", options.matchId)) : mine;
  let first = true;
  return onSnapshot(wanted, (snap) => {
    const all = snap.docs.map((d) => /** @type {Notice} */ (d.data())).sort((a, b) => a.seq - b.seq);
    const fresh = first ? [] : snap.docChanges().filter((c) => c.type === "added")
      .map((c) => /** @type {Notice} */ (c.doc.data())).sort((a, b) => a.seq - b.seq);
    first = false;
    onNotices(all, fresh);
  }, options.onError);
}
