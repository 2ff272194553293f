// What a spectator listens to, by how often it changes. A Firestore listener receives a
// document whole every time it changes, so the functions keep three: `live/now`, what
// changes every ball (the score, the batters at the crease, the bowler, this over; about
// 1.5 KB), `live/innings{n}`, each innings' scorecard (it stops changing when the innings
// ends: a settled innings is sent once), and `live/score`, all of it in one document (the
// product schema's LiveScoreProjection, for apps built on it: tens of KB a ball late in a
// long match). A scoreboard, an overlay or a ticker listens to `live/now` alone; a scorecard
// adds the innings it shows.

import { doc, getDoc, onSnapshot } from "firebase/firestore";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('../types/scorebook.js').LiveNow} LiveNow */
/** @typedef {import('../types/scorebook.js').LiveInnings} LiveInnings */

/**
 * How a watch reads `live/now`: a Firestore listener (the default: every change pushed, one
 * read each), or HTTP polling of `{origin}/live/{matchId}/now.json` through Firebase Hosting,
 * which the CDN answers for a crowd (`Cache-Control: s-maxage=2`, an ETag: a poll that finds
 * nothing new is a 304 with no body). A private match is never served over HTTP.
 * @typedef {Object} Transport
 * @property {"listener"|"http"} [transport]
 * @property {string} [origin]      the Hosting origin (default: the page's own)
 * @property {number} [intervalMs]  between polls (default 1000); doubled after a failure, up to 30 s
 * @property {number} [timeoutMs]   a poll not answered by then is given up, a failure (default
 *   10000: on a ground's mobile data a request can hang for minutes, and the scoreboard with it)
 */

/**
 * Listen to `matches/{matchId}/live/now`: `onNow(now)` with the document (null before the
 * match has one) each time it changes, a ball at a time. Returns the unsubscribe function.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {(now: ?LiveNow) => void} onNow
 * @param {(error: Error) => void} [onError]
 * @param {Transport} [how]
 * @returns {() => void}
 */
export function watchLiveNow(db, matchId, onNow, onError, how = {}) {
  if (how.transport === "http") return pollLiveNow(matchId, onNow, onError, how);
  return onSnapshot(doc(db, "matches", matchId, "live", "now"), (snap) => onNow(
    snap.exists() ? /** @type {LiveNow} */ (snap.data()) : null,
  ), onError);
}

const LONGEST_PAUSE_MS = 30_000;

/**
 * Where Hosting serves a live document of the match as JSON (`now`, `innings{n}`).
 * @param {string} matchId
 * @param {string} document
 * @param {Transport} how
 * @returns {string}
 */
function liveUrl(matchId, document, how) {
  const origin = how.origin ?? globalThis.location?.origin ?? "";
  return `${origin}/live/${encodeURIComponent(matchId)}/${document}.json`;
}

/**
 * Poll `live/now` as JSON over HTTP with its ETag: `onNow` only when it changed (null while
 * the match has none or is not public). Returns the stop function.
 * @param {string} matchId
 * @param {(now: ?LiveNow) => void} onNow
 * @param {((error: Error) => void) | undefined} onError
 * @param {Transport} how
 * @returns {() => void}
 */
export function pollLiveNow(matchId, onNow, onError, how = {}) {
  const url = liveUrl(matchId, "now", how);
  const every = how.intervalMs ?? 1000;
  const patience = how.timeoutMs ?? 10_000;
  /** @type {?string} */
  let tag = null;
  let seen = false;
  let stopped = false;
  let pause = every;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {AbortController | undefined} the request in flight, which stop() cancels */
  let inFlight;
  const poll = async () => {
    const asking = new AbortController();
    inFlight = asking;
    const { signal } = asking;
    const late = setTimeout(() => asking.abort(
      new DOMException(`${url}: no answer within ${patience} ms`, "TimeoutError")), patience);
    try {
      const answer = await fetch(url, { headers: tag ? { "If-None-Match": tag } : {}, cache: "no-store", signal });
      if (answer.status === 404 && (!seen || tag !== null)) {
        tag = null;
        seen = true;
        onNow(null);
      } else if (answer.ok) {
        tag = answer.headers.get("ETag");
        seen = true;
        onNow(/** @type {LiveNow} */ (await answer.json()));
      } else if (answer.status !== 304 && answer.status !== 404) {
        throw new Error(`${url}: HTTP ${answer.status}`);
      }
      pause = every;
    } catch (error) {
      if (stopped) return;
      pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
      onError?.(/** @type {Error} */ (error));
    } finally {
      clearTimeout(late);
    }
    if (!stopped) timer = setTimeout(poll, pause);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
    inFlight?.abort();
  };
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
 * progress. `current: "per-over"` does not listen to the card of the innings in progress,
 * which changes every ball: it is read once at each end of an over, each wicket and the
 * innings' end (what live/now says moved it), so that a spectator on mobile data pays for
 * the card once an over, not once a ball (live/now carries the batters at the crease, the
 * bowler and this over). `currentRead: "http"` reads it, once an over, as JSON through
 * Firebase Hosting (`{origin}/live/{matchId}/innings{n}.json?v={version}`: compressed, and
 * answered by the CDN for a crowd, every spectator of the same ball sharing one answer); a
 * private match's, or after any failure, it is read from Firestore instead. Returns the
 * unsubscribe function.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {(scorecard: Scorecard) => void} onScorecard
 * @param {{only?: (now: LiveNow) => number[], current?: "listen"|"per-over", currentRead?: "firestore"|"http", onError?: (error: Error) => void} & Transport} [options]
 * @returns {() => void}
 */
export function watchScorecard(db, matchId, onScorecard, options = {}) {
  /** @type {Map<number, {card: ?LiveInnings, stop: () => void, read?: string}>} */
  const cards = new Map();
  /** @type {?LiveNow} */
  let now = null;
  let open = true;
  let httpFailed = false;
  const emit = () => onScorecard({
    now,
    innings: [...cards.entries()].sort(([a], [b]) => a - b)
      .map(([, kept]) => kept.card).filter((c) => c != null).map((c) => /** @type {LiveInnings} */ (c)),
  });
  const place = (/** @type {number} */ n) => doc(db, "matches", matchId, "live", `innings${n}`);
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
      const moved = options.current === "per-over" ? overMark(latest, n) : null;
      const kept = cards.get(n);
      // (a card listened to until now that is the innings in progress is read instead)
      if (kept && (kept.read ?? null) === moved) continue;
      if (kept) kept.stop();
      const fresh = { card: kept?.card ?? null, stop: () => {}, read: moved ?? undefined };
      cards.set(n, fresh);
      if (moved !== null) {
        // the innings in progress: read when an over, a wicket or the innings ended
        // (after one failure over HTTP, Firestore for the rest of the watch: a private
        // match's card is never served that way)
        const read = options.currentRead === "http" && !httpFailed
          ? fetchCard(matchId, n, latest, options).catch(() => {
            httpFailed = true;
            return cardOf(getDoc(place(n)));
          })
          : cardOf(getDoc(place(n)));
        read.then((card) => {
          if (!open || cards.get(n) !== fresh) return;
          // not written yet (an innings just begun): read again at live/now's next change
          if (card === null) fresh.read = "";
          fresh.card = card ?? fresh.card;
          emit();
        }, (error) => {
          if (!open) return;
          fresh.read = "";
          options.onError?.(error);
        });
        continue;
      }
      fresh.stop = onSnapshot(place(n), (snap) => {
        fresh.card = snap.exists() ? /** @type {LiveInnings} */ (snap.data()) : null;
        emit();
      }, options.onError);
    }
    emit();
  }, options.onError, options);
  return () => {
    open = false;
    stopNow();
    for (const kept of cards.values()) kept.stop();
    cards.clear();
  };
}

/**
 * A card as Firestore holds it, or null when it is not written yet.
 * @param {Promise<import('firebase/firestore').DocumentSnapshot>} read
 * @returns {Promise<?LiveInnings>}
 */
async function cardOf(read) {
  const snap = await read;
  return snap.exists() ? /** @type {LiveInnings} */ (snap.data()) : null;
}

/**
 * The card of innings `n` as JSON through Hosting, as at `now`'s version or later (the
 * version is in the address, so a CDN's answer for an earlier ball is never the one given).
 * Rejects on anything but the card (a private match's 404, a page that is not JSON).
 * @param {string} matchId
 * @param {number} n
 * @param {?LiveNow} now
 * @param {Transport} how
 * @returns {Promise<LiveInnings>}
 */
async function fetchCard(matchId, n, now, how) {
  const url = `${liveUrl(matchId, `innings${n}`, how)}?v=${now?.version ?? 0}`;
  // (not answered in time: a failure, and the card is read from Firestore instead)
  const answer = await fetch(url, { signal: AbortSignal.timeout(how.timeoutMs ?? 10_000) });
  if (!answer.ok) throw new Error(`${url}: HTTP ${answer.status}`);
  return /** @type {LiveInnings} */ (await answer.json());
}

/**
 * For innings `n` while it is in progress, what moves its card enough to read it again: the
 * overs completed, the wickets and whether it is closed; null for any other innings (its
 * card is listened to: a settled one is received once).
 * @param {?LiveNow} now
 * @param {number} n
 * @returns {?string}
 */
function overMark(now, n) {
  const current = now?.currentInnings;
  if (!current || current.inningsNumber !== n || current.isClosed) return null;
  return `${Math.trunc(current.overs)}:${current.wickets}`;
}
