// What every view of a match listens to: the match document (names, status) and the live
// documents it needs, by how often they change: live/now (the scoreboard: a ball at a time,
// small), the innings' cards (live/innings{n}: a settled one is sent once) for a scorecard,
// and live/score's list of problems for the scorer, only while it has any.
import { watchLiveNow, watchLiveScore, watchScorecard } from "@scorebook/client";
import type { IntegrityProblem, LiveInnings, LiveNow, Match } from "@scorebook/client/types";
import { doc, type Firestore, onSnapshot } from "firebase/firestore";

export interface Live {
  match: Match | null;
  now: LiveNow | null;
  innings: LiveInnings[];
  /** what the functions found in the log (live/score's integrity), when `problems` is asked */
  problems: IntegrityProblem[];
  /** the match document does not exist (not set up yet): its live documents, which the rules
   * let no one read then, are listened to once it does */
  missing: boolean;
  error: Error | null;
}

export function nothingRead(): Live {
  return { match: null, now: null, innings: [], problems: [], missing: false, error: null };
}

export interface Wanted {
  /** every innings' card (a scorecard), beside live/now */
  cards?: boolean;
  /** the card of the innings in progress listened to (every ball), or read once an over
   * and at each wicket (a spectator's page: the kit's `current` option) */
  current?: "listen" | "per-over";
  /** how that card is read once an over: from Firestore, or as JSON through Hosting's CDN
   * (compressed, one answer for every spectator of the ball; Firestore when that fails) */
  currentRead?: "firestore" | "http";
  /** live/score's problems, read while live/now counts some */
  problems?: boolean;
  /** how live/now is read: a listener, or HTTP polling through Hosting's CDN (a page's
   * `?transport=http`: the kit's Transport) */
  transport?: "listener" | "http";
}

/** The transport a page's address asks for: `?transport=http` polls live/now through the
 * CDN (for a crowd); anything else listens. */
export function transportOf(search: string): "listener" | "http" {
  return new URLSearchParams(search).get("transport") === "http" ? "http" : "listener";
}

/** A listener that fails has ended. Refused (a private match), the live documents are
 * listened to again when the match document changes (made public); any other failure, after
 * a pause that doubles up to this (the ticker's feed too). */
export const LONGEST_PAUSE_MS = 30_000;

/** The pause before listening again after the `failures`-th failure in a row. */
export function pauseAfter(failures: number): number {
  return Math.min(LONGEST_PAUSE_MS, 500 * 2 ** failures);
}

/** How long a match that has begun may show no live/now before it is listened to again. */
export const BEGUN_UNSEEN_MS = 1_000;

/** Calls `update` with the latest of all of them on every change; returns the unsubscribe.
 * `live.error` holds a failure until the documents are read again. */
export function watchMatch(db: Firestore, matchId: string, update: (live: Live) => void,
                           wanted: Wanted = {}): () => void {
  const live = nothingRead();
  let stopLive: (() => void) | null = null;
  let pause: ReturnType<typeof setTimeout> | undefined;
  let check: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const read = () => {
    live.error = null;
    failures = 0;
  };
  let stopMatch: (() => void) | null = null;
  let heard = false; // the live documents have answered since they were (re)opened
  let retried = false; // listened to again since the match document last changed
  // a private match is never served over HTTP (its live documents answer 404, as a match's
  // that does not exist, to anyone): it is listened to with the page's sign-in, which its
  // members are let through and anyone else is refused (the page then says it is private)
  let polled = false;
  const open = () => {
    if (!live.match || stopLive) return;
    const how: Wanted = live.match.visibility === "private"
      ? { ...wanted, transport: "listener", currentRead: "firestore" } : wanted;
    polled = how.transport === "http";
    heard = false;
    stopLive = listen(db, matchId, live, how, () => {
      heard = true;
      read();
      recheck();
      update(live);
    }, fail);
  };
  const close = () => {
    stopLive?.();
    stopLive = null;
  };
  const fail = (error: Error) => {
    live.error = error;
    close();
    update(live);
    if (code(error) === "permission-denied" || pause !== undefined) return;
    failures += 1;
    pause = setTimeout(() => {
      pause = undefined;
      stopMatch ??= openMatch();
      open();
    }, pauseAfter(failures));
  };
  // A match under way has a live/now (written in the commit that moved its status). A listen
  // registered as that commit lands can miss it on the Firestore emulator, and a match
  // scored no further would then show nothing for good: when the live documents have said
  // there is no live/now and the match still says otherwise a second later, they are
  // listened to again, once (a listen not yet answered, on a slow network, is left be).
  const unseen = () => heard && live.match !== null && live.match.status !== "scheduled"
    && live.now === null;
  const recheck = () => {
    clearTimeout(check);
    if (retried || !unseen()) return;
    check = setTimeout(() => {
      if (!unseen() || !stopLive) return;
      retried = true;
      close();
      open();
    }, BEGUN_UNSEEN_MS);
  };
  const openMatch = () => onSnapshot(doc(db, "matches", matchId), (snap) => {
    live.match = snap.exists() ? (snap.data() as Match) : null;
    live.missing = !snap.exists();
    if (live.missing) {
      // (a failure of the listen closed with it is old news: it would outlive the match, and
      // a match created again would show it until its live documents answered)
      Object.assign(live, { now: null, innings: [], problems: [], error: null });
      close();
    } else {
      if (polled && live.match?.visibility === "private") close();
      open();
    }
    retried = false;
    recheck();
    update(live);
  }, (error) => {
    stopMatch = null;
    fail(error);
  });
  stopMatch = openMatch();
  return () => {
    clearTimeout(pause);
    clearTimeout(check);
    stopMatch?.();
    stopLive?.();
  };
}

export function code(error: Error): string | undefined {
  return (error as { code?: string }).code;
}

/** Why the live documents are not read: the match is not set up (yet: the page comes alive
 * when it is), it is private, or the read failed (tried again). */
export function unread(live: Live): "private" | "missing" | "failed" | null {
  if (live.missing) return "missing";
  if (!live.error) return null;
  return code(live.error) === "permission-denied" ? "private" : "failed";
}

/** The live documents `wanted` asks for, into `live`: live/now (or it and the cards), and
 * live/score's problems while live/now counts some. */
function listen(db: Firestore, matchId: string, live: Live, wanted: Wanted, changed: () => void,
                fail: (error: Error) => void): () => void {
  let stopProblems: (() => void) | null = null;
  const onNow = (now: LiveNow | null) => {
    live.now = now;
    if (wanted.problems && (now?.problems ?? 0) > 0 && !stopProblems) {
      stopProblems = watchLiveScore(db, matchId, (score) => {
        live.problems = (score?.integrity ?? []) as IntegrityProblem[];
        changed();
      }, fail);
    } else if (stopProblems && !(now?.problems ?? 0)) {
      stopProblems();
      stopProblems = null;
      live.problems = [];
    }
  };
  const stopLive = wanted.cards
    ? watchScorecard(db, matchId, ({ now, innings }) => {
      onNow(now);
      live.innings = innings;
      changed();
    }, {
      onError: fail, transport: wanted.transport, current: wanted.current, currentRead: wanted.currentRead,
    })
    : watchLiveNow(db, matchId, (now) => {
      onNow(now);
      changed();
    }, fail, { transport: wanted.transport });
  return () => {
    stopLive();
    stopProblems?.();
  };
}

export function title(match: Match | null, matchId: string): string {
  if (!match) return matchId;
  return match.name ?? match.teams.map((t) => t.name).join(" v ");
}
