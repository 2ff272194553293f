// What every view of a match listens to: the match document (names, status) and live/score.
import { watchLiveScore } from "@scorebook/client";
import type { LiveScore, Match } from "@scorebook/client/types";
import { doc, type Firestore, onSnapshot } from "firebase/firestore";

export interface Live {
  match: Match | null;
  score: LiveScore | null;
  error: Error | null;
}

/** Calls `update` with the latest of both on every change; returns the unsubscribe. */
export function watchMatch(db: Firestore, matchId: string, update: (live: Live) => void): () => void {
  const live: Live = { match: null, score: null, error: null };
  const fail = (error: Error) => {
    live.error = error;
    update(live);
  };
  const stopMatch = onSnapshot(doc(db, "matches", matchId), (snap) => {
    live.match = snap.exists() ? (snap.data() as Match) : null;
    update(live);
  }, fail);
  const stopScore = watchLiveScore(db, matchId, (score) => {
    live.score = score;
    update(live);
  }, fail);
  return () => {
    stopMatch();
    stopScore();
  };
}

export function title(match: Match | null, matchId: string): string {
  if (!match) return matchId;
  return match.name ?? match.teams.map((t) => t.name).join(" v ");
}
