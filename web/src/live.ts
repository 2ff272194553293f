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
  error: Error | null;
}

export interface Wanted {
  /** every innings' card (a scorecard), beside live/now */
  cards?: boolean;
  /** live/score's problems, read while live/now counts some */
  problems?: boolean;
}

/** Calls `update` with the latest of all of them on every change; returns the unsubscribe. */
export function watchMatch(db: Firestore, matchId: string, update: (live: Live) => void,
                           wanted: Wanted = {}): () => void {
  const live: Live = { match: null, now: null, innings: [], problems: [], error: null };
  const fail = (error: Error) => {
    live.error = error;
    update(live);
  };
  let stopProblems: (() => void) | null = null;
  const onNow = (now: LiveNow | null) => {
    live.now = now;
    if (wanted.problems && (now?.problems ?? 0) > 0 && !stopProblems) {
      stopProblems = watchLiveScore(db, matchId, (score) => {
        live.problems = (score?.integrity ?? []) as IntegrityProblem[];
        update(live);
      }, fail);
    } else if (stopProblems && !(now?.problems ?? 0)) {
      stopProblems();
      stopProblems = null;
      live.problems = [];
    }
  };
  const stopMatch = onSnapshot(doc(db, "matches", matchId), (snap) => {
    live.match = snap.exists() ? (snap.data() as Match) : null;
    update(live);
  }, fail);
  const stopLive = wanted.cards
    ? watchScorecard(db, matchId, ({ now, innings }) => {
      onNow(now);
      live.innings = innings;
      update(live);
    }, { onError: fail })
    : watchLiveNow(db, matchId, (now) => {
      onNow(now);
      update(live);
    }, fail);
  return () => {
    stopMatch();
    stopLive();
    stopProblems?.();
  };
}

export function title(match: Match | null, matchId: string): string {
  if (!match) return matchId;
  return match.name ?? match.teams.map((t) => t.name).join(" v ");
}
