// What a spectator listens to, by how often it changes. A Firestore listener receives a
// document whole every time it changes, so the functions keep three: `live/now`, what
// changes every ball (the score, the batters at the crease, the bowler, this over; about
// 1.5 KB), `live/innings{n}`, each innings' scorecard (it stops changing when the innings
// ends: a settled innings is sent once), and `live/score`, all of it in one document (the
// product schema's LiveScoreProjection, for apps built on it: tens of KB a ball late in a
// long match). A scoreboard, an overlay or a ticker listens to `live/now` alone; a scorecard
// adds the innings it shows.

import { doc, onSnapshot } from "firebase/firestore";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('../types/scorebook.js').LiveNow} LiveNow */
/** @typedef {import('../types/scorebook.js').LiveInnings} LiveInnings */

/**
 * Listen to `matches/{matchId}/live/now`: `onNow(now)` with the document (null before the
 * match has one) each time it changes, a ball at a time. Returns the unsubscribe function.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {(now: ?LiveNow) => void} onNow
 * @param {(error: Error) => void} [onError]
 * @returns {() => void}
 */
export function watchLiveNow(db, matchId, onNow, onError) {
  return onSnapshot(doc(db, "matches", matchId, "live", "now"), (snap) => onNow(
    snap.exists() ? /** @type {LiveNow} */ (snap.data()) : null,
  ), onError);
}

/**
 * What a scorecard shows: `live/now` and the innings' cards.
 * @typedef {{now: ?LiveNow, innings: LiveInnings[]}} Scorecard
 */

/**
 * Listen to `live/now` and to every innings' card (`live/innings1`, `live/innings2`, ...):
 * `onScorecard({now, innings})` on every change, the cards in order. A card is listened to
 * from when live/now counts its innings; a settled innings' card does not change, so it is
 * received once. `only` (innings numbers) listens to those cards alone, e.g. the one in
 * progress. Returns the unsubscribe function.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {(scorecard: Scorecard) => void} onScorecard
 * @param {{only?: (now: LiveNow) => number[], onError?: (error: Error) => void}} [options]
 * @returns {() => void}
 */
export function watchScorecard(db, matchId, onScorecard, options = {}) {
  /** @type {Map<number, {card: ?LiveInnings, stop: () => void}>} */
  const cards = new Map();
  /** @type {?LiveNow} */
  let now = null;
  const emit = () => onScorecard({
    now,
    innings: [...cards.entries()].sort(([a], [b]) => a - b)
      .map(([, kept]) => kept.card).filter((c) => c != null).map((c) => /** @type {LiveInnings} */ (c)),
  });
  const stopNow = watchLiveNow(db, matchId, (latest) => {
    now = latest;
    const wanted = new Set(latest == null ? []
      : options.only ? options.only(latest)
        : Array.from({ length: latest.innings ?? 0 }, (_, i) => i + 1));
    for (const [n, kept] of cards) {
      if (!wanted.has(n)) {
        kept.stop();
        cards.delete(n);
      }
    }
    for (const n of wanted) {
      if (cards.has(n)) continue;
      const kept = { card: /** @type {?LiveInnings} */ (null), stop: () => {} };
      cards.set(n, kept);
      kept.stop = onSnapshot(doc(db, "matches", matchId, "live", `innings${n}`), (snap) => {
        kept.card = snap.exists() ? /** @type {LiveInnings} */ (snap.data()) : null;
        emit();
      }, options.onError);
    }
    emit();
  }, options.onError);
  return () => {
    stopNow();
    for (const kept of cards.values()) kept.stop();
    cards.clear();
  };
}
