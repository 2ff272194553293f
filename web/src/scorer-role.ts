// Whether the signed-in person scores this match: an admin's claim, or a scorer's role in force
// among their own match roles (the one query the rules let a person make of them), listened to,
// so an appointment or a revocation made while the console is open counts at once. A scorer who
// opened it before the match was set up is appointed after it (/setup creates the match first).
import type { User } from "firebase/auth";
import { collection, onSnapshot, query, type QuerySnapshot, where } from "firebase/firestore";
import type { Backend } from "./firebase";
import { pauseAfter } from "./live";

const SCORER_ROLES = ["scorer_home", "scorer_away", "scorer_neutral"];

/** How long the console waits for the server's answer before it takes the cache's (a ground's
 * network that says it is up and answers nothing) */
const CACHE_AFTER_MS = 5000;

/** Call `onRole` with `user`'s role at match `matchId`: "admin", their scorer role in force, or
 * null (none), and again whenever it changes. The cache's answer counts only offline, or when
 * the server has not answered within CACHE_AFTER_MS (an expired token cannot be refreshed
 * offline: the roles then come from the cache); after that, only the server's. A refusal (right
 * after signing in, Firestore may still send the previous credentials for a moment) is asked
 * again after a pause. Returns the function that stops listening. */
export function watchRole(b: Backend, matchId: string, user: User,
                          onRole: (role: string | null) => void): () => void {
  const mine = query(collection(b.db, "match_role_assignments"), where("personId", "==", user.uid));
  let stop = () => {};
  let stopped = false;
  let heard = false; // the server has answered
  let pause: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let cached: QuerySnapshot | null = null;
  // the server has had its 5 s: from then on the cache answers as it comes (a snapshot may
  // come later: the listener starts once Auth has answered or given up on an expired token,
  // and the cache of a query never read answers only once the SDK takes itself to be offline)
  let waited = false;
  const fromCache = setTimeout(() => {
    waited = true;
    if (!heard && cached) onRole(scoring(cached, matchId));
  }, CACHE_AFTER_MS);
  const listen = () => {
    stop = onSnapshot(mine, { includeMetadataChanges: true }, (snap) => {
      failures = 0;
      if (!snap.metadata.fromCache) heard = true;
      else if (heard) return;
      else if (navigator.onLine && !waited) {
        cached = snap;
        return;
      }
      onRole(scoring(snap, matchId));
    }, () => {
      failures += 1;
      pause = setTimeout(listen, pauseAfter(failures));
    });
  };
  void user.getIdTokenResult().catch(() => null).then((token) => {
    if (stopped) return;
    if (token?.claims.admin === true) onRole("admin");
    else listen();
  });
  return () => {
    stopped = true;
    clearTimeout(fromCache);
    clearTimeout(pause);
    stop();
  };
}

/** The scorer role of match `matchId` in force among a person's match roles, or null. */
function scoring(snap: QuerySnapshot, matchId: string): string | null {
  const now = new Date();
  return snap.docs.map((d) => d.data()).filter((a) =>
    a.matchId === matchId && SCORER_ROLES.includes(a.role) && !a.revokedAt
    && ["assigned", "confirmed", "present"].includes(a.status)
    && (!a.startDate || a.startDate.toDate() <= now) && (!a.endDate || now < a.endDate.toDate()))[0]?.role ?? null;
}
