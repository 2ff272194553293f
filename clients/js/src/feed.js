// The spectator feed: `matches/{matchId}/events/{seq}`, typed events the Cloud Functions
// publish with live/score (BALL_BOWLED, WICKET_FALLEN, OVER_COMPLETE, MILESTONE_ACHIEVED,
// ...). Each has a `seq`, 1, 2, 3, ... in publication order: an app keeps the last one it has
// and, after a reconnect or a restart, asks for the events after it, which are exactly the
// ones it missed, in order. A void or a correction does not rewrite history: the events it
// took back are marked `retracted` and a BALL_RETRACTED event names them (`payload.
// retractedSeqs`), followed by the events now true.

import { collection, getDocs, onSnapshot, orderBy, query, startAfter, where } from "firebase/firestore";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('../types/scorebook.js').FeedEvent} FeedEvent */

/**
 * The query of the events after `afterSeq` (0: from the first), in `seq` order.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {number} [afterSeq]
 */
export function eventsAfter(db, matchId, afterSeq = 0) {
  return query(collection(db, "matches", matchId, "events"), orderBy("seq"), startAfter(afterSeq));
}

/**
 * The same events as `eventsAfter`, asked another way. The SDK answers a read of a query it
 * is listening to from that listener's view (one target per query), so a read meant to find
 * what the listener lacks must be of a query it does not listen to.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {number} afterSeq
 */
function eventsAfterReadApart(db, matchId, afterSeq) {
  return query(collection(db, "matches", matchId, "events"), where("seq", ">", afterSeq), orderBy("seq"));
}

/**
 * The events after `afterSeq`, read once.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {number} [afterSeq]
 * @returns {Promise<FeedEvent[]>}
 */
export async function readFeed(db, matchId, afterSeq = 0) {
  const snap = await getDocs(eventsAfter(db, matchId, afterSeq));
  return snap.docs.map((d) => /** @type {FeedEvent} */ (d.data()));
}

/** How long `watchFeed` holds the events after a `seq` not yet arrived before it lets them
 * go without it. A run of the functions whose events do not fit one commit writes the rest
 * right after it, and another run's commit of the next ball can land first; a rest that is
 * lost is published again under new `seq`s, so the gap then never fills. */
export const FEED_GAP_WAIT_MS = 5000;

/**
 * The events of `events` (in `seq` order, all after `cursor`) that follow `cursor` with no
 * `seq` missing: what a spectator may be given now.
 * @param {number} cursor
 * @param {FeedEvent[]} events
 * @returns {FeedEvent[]}
 */
export function unbroken(cursor, events) {
  let next = cursor + 1;
  const run = [];
  for (const event of events) {
    if (event.seq !== next) break;
    run.push(event);
    next += 1;
  }
  return run;
}

/** @param {import('firebase/firestore').QueryDocumentSnapshot[]} docs */
const inOrder = (docs) => docs.map((d) => /** @type {FeedEvent} */ (d.data()))
  .sort((a, b) => a.seq - b.seq);

/**
 * Listen to the feed from after `afterSeq`: `onEvents(events)` gets the new events in `seq`
 * order, each once, each batch as it arrives (the first is what was published since
 * `afterSeq`); `onRetracted(seqs)` the events taken back, as the BALL_RETRACTED event that
 * takes them back names them (it arrives through `onEvents` as well); `onError(error)` when
 * the listener failed (refused, or an error the SDK does not retry), after which it has
 * ended. Keep the last `seq` you handled and pass it again after a restart or a failure.
 * Returns the unsubscribe function.
 *
 * The listener moves its cursor: after each batch it listens again from the batch's last
 * `seq`, so what it holds is never more than the events since the last batch. A listener on
 * the whole feed was sent the whole feed again on every change by the emulator (115 events
 * of a 12-over match arrived 3,989 times); a query whose result is always small costs a
 * spectator the new events only, whatever the server does, at one read per batch.
 *
 * It never moves past a `seq` not yet arrived: the events after one wait for it (they are
 * given with it, in order) for `options.gapWaitMs` (FEED_GAP_WAIT_MS) at most, and are then
 * given without it (`unbroken`). A gap is read once from the database at once and once at
 * the wait's end (a read each, of a query the listener is not on), since a listener's view
 * can lag the database.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {number} afterSeq
 * @param {(events: FeedEvent[]) => void} onEvents
 * @param {{onRetracted?: (seqs: number[]) => void, onError?: (error: Error) => void,
 *   gapWaitMs?: number}} [options]
 * @returns {() => void}
 */
export function watchFeed(db, matchId, afterSeq, onEvents, options = {}) {
  const gapWaitMs = options.gapWaitMs ?? FEED_GAP_WAIT_MS;
  let cursor = afterSeq ?? 0;
  let stopped = false;
  /** @type {() => void} */
  let stop = () => {};
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let gapTimer;
  /** @type {FeedEvent[]} the events after the cursor past a gap, as last received */
  let held = [];
  /** @param {FeedEvent[]} events */
  const give = (events) => {
    clearTimeout(gapTimer);
    gapTimer = undefined;
    held = [];
    onEvents(events);
    const retracted = events.flatMap((e) => (e.type === "BALL_RETRACTED"
      ? /** @type {any} */ (e).payload?.retractedSeqs ?? [] : []));
    if (retracted.length && options.onRetracted) options.onRetracted(retracted);
    cursor = events[events.length - 1].seq;
    stop();
    if (!stopped) listen();
  };
  /** The events after the cursor as the database holds them, read once: given if they follow
   * the cursor, or (`last`, the wait over) as they are.
   * @param {boolean} last */
  const settle = async (last) => {
    const from = cursor;
    let after = held;
    try {
      after = inOrder((await getDocs(eventsAfterReadApart(db, matchId, from))).docs);
    } catch { /* the listener's, then */ }
    if (stopped || cursor !== from) return; // given meanwhile
    const run = unbroken(from, after);
    if (run.length) give(run);
    else if (last && after.length) give(after);
  };
  const listen = () => {
    stop = onSnapshot(eventsAfter(db, matchId, cursor), (snap) => {
      if (stopped) return;
      const after = inOrder(snap.docs);
      const run = unbroken(cursor, after);
      if (run.length) {
        give(run);
      } else if (after.length) {
        held = after;
        if (gapTimer === undefined) {
          // the database may hold what the listener lacks: the emulator leaves a listener
          // added as an event is written without it, until the next event
          void settle(false);
          gapTimer = setTimeout(() => void settle(true), gapWaitMs);
        }
      }
    }, options.onError);
  };
  listen();
  return () => {
    stopped = true;
    clearTimeout(gapTimer);
    stop();
  };
}
