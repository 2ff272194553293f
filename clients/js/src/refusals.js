// Why a write was refused. Firestore's security rules answer every refusal with one code,
// `permission-denied`, and no reason, so the reason is found by looking: with the database
// at hand, explainRefusal reads what the rules read (the action at that position, the match,
// the caller's own role assignments) and checks the document against the Laws locally.
//
// The hook: a `validate(document)` function (later the `validateAction` callable Cloud
// Function, which runs the same pydantic models the functions fold with) may be passed; its
// problems are added to the explanation. Nothing here depends on it.

import { doc, getDoc } from "firebase/firestore";
import { lawProblems } from "./builders.js";

/** @typedef {import('firebase/firestore').Firestore} Firestore */

/**
 * One reason a write was (or may have been) refused.
 * @typedef {{cause: string, message: string}} Cause
 */

/**
 * What an app shows, and what it does next.
 * @typedef {Object} Explanation
 * @property {string} code     the error's code ("permission-denied", "unavailable", ...)
 * @property {string} message  one readable sentence
 * @property {Cause[]} causes  what was found, most likely first ([] when nothing was looked at)
 * @property {boolean} reread  the log changed under you: re-read it before writing again
 */

/**
 * The optional validation hook: returns "field: reason" problems ([] when valid).
 * @typedef {(document: Object) => Promise<string[]>|string[]} Validate
 */

const SCORER_ROLES = ["scorer_home", "scorer_away", "scorer_neutral"];
const VOID_ROLES = [...SCORER_ROLES, "umpire_on_field", "umpire_third"];
const ACTIVE = ["assigned", "confirmed", "present"];

const GENERAL = {
  "permission-denied": "The security rules refused the write.",
  unauthenticated: "Not signed in: sign in before scoring.",
  unavailable: "Offline: the SDK keeps the write queued and sends it when the connection is back.",
  "not-found": "There is no such document (a void of an action that was never written?).",
  "failed-precondition": "The query needs a composite index (see firestore.indexes.json), or the write's precondition failed.",
  "resource-exhausted": "Too many requests: slow down and retry.",
};

function toMillis(t) {
  if (t instanceof Date) return t.getTime();
  if (t && typeof t.toMillis === "function") return t.toMillis();
  return Number.NaN;
}

/**
 * Explain a refused write. Without `context` it only names the code; with it (the database,
 * the match, the caller and what was written) it looks for the cause the way the rules
 * decide: a taken position, a match that is over, no scoring role in force, a document the
 * Laws or the schema refuse. `operation` is "create" (a new action, the default) or "void".
 * @param {any} error what the SDK rejected with (a FirestoreError)
 * @param {{db?: Firestore, matchId?: string, uid?: ?string, document?: Object, id?: string,
 *   operation?: 'create'|'void', validate?: Validate}} [context]
 * @returns {Promise<Explanation>}
 */
export async function explainRefusal(error, context = {}) {
  const code = error?.code ?? "unknown";
  const base = GENERAL[code] ?? `The write failed (${code}): ${error?.message ?? error}`;
  const explanation = { code, message: base, causes: [], reread: false };
  if (code !== "permission-denied") return explanation;
  const causes = explanation.causes;
  const { db, matchId, uid, document, operation = "create", validate } = context;
  const id = context.id ?? document?.id;
  if (!uid) {
    causes.push({ cause: "not_signed_in", message: "No user is signed in: only a signed-in scorer of the match may write." });
  }
  if (db && matchId) {
    const match = await getDoc(doc(db, "matches", matchId));
    const game = match.data();
    if (!match.exists()) {
      causes.push({ cause: "no_match", message: `There is no match ${matchId}.` });
    } else if (game.status === "completed") {
      causes.push({ cause: "match_over", message: "The match is completed: a scorer may only confirm the same result (match_result) or start a super over after a tie; anything else is an admin's." });
    }
    if (id) {
      const existing = await getDoc(doc(db, "matches", matchId, "scoring_actions", id));
      if (operation === "create" && existing.exists()) {
        explanation.reread = true;
        causes.push({ cause: "position_taken", message: `Position ${id} is already in the log (another device, or an earlier try of this write): re-read the log and score at the next position.` });
      }
      if (operation === "void" && !existing.exists()) {
        causes.push({ cause: "no_such_action", message: `There is no action ${id} to void.` });
      } else if (operation === "void" && existing.data()?.isVoided) {
        explanation.reread = true;
        causes.push({ cause: "already_voided", message: `${id} is already voided: a void happens once.` });
      }
    }
    if (uid) {
      const roles = operation === "void" ? VOID_ROLES : SCORER_ROLES;
      let active = false;
      for (const role of roles) {
        const snap = await getDoc(doc(db, "match_role_assignments", `${matchId}_${uid}_${role}`)).catch(() => null);
        const a = snap?.data();
        const now = Date.now();
        if (a && ACTIVE.includes(a.status) && !a.revokedAt
            && (!a.startDate || toMillis(a.startDate) <= now) && (!a.endDate || now < toMillis(a.endDate))) {
          active = true;
        }
      }
      if (!active) {
        causes.push({ cause: "no_role", message: `You hold no ${operation === "void" ? "scorer or umpire" : "scorer"} role in force for this match (assigned, confirmed or present, not revoked, within its dates): ask the match's admin or school.` });
      }
    }
    if (document && game?.teams && operation === "create") {
      const squad = new Set(game.teams.flatMap((t) => t.playerIds ?? []));
      const w = document.wicket;
      const named = [document.strikerId, document.nonStrikerId, document.bowlerId, document.batterId,
        w?.dismissedPlayerId, ...(w?.fielderIds ?? []), ...(w?.assistFielderIds ?? [])]
        .filter((p) => p && !(w?.substituteFielderIds ?? []).includes(p));
      const strangers = squad.size ? named.filter((p) => !squad.has(p)) : [];
      if (strangers.length) {
        causes.push({ cause: "player_not_in_match", message: `Not players of this match: ${[...new Set(strangers)].join(", ")}.` });
      }
      if ((document.extras?.noBall ?? 0) && document.extras.noBall !== (game.noBallRuns ?? 1)) {
        causes.push({ cause: "invalid", message: `extras.noBall: the match's no-ball penalty is ${game.noBallRuns ?? 1}.` });
      }
    }
  }
  if (document && operation === "create") {
    if (uid && document.recordedBy !== uid) {
      causes.push({ cause: "invalid", message: `recordedBy: must be your uid (${uid}), got ${document.recordedBy}.` });
    }
    if (document.isVoided !== false) {
      causes.push({ cause: "invalid", message: "isVoided: a new action says isVoided: false." });
    }
    if (toMillis(document.timestamp) > Date.now() + 3600 * 1000) {
      causes.push({ cause: "invalid", message: "timestamp: more than an hour ahead of the server (check the device's clock)." });
    }
    if ((document.kind ?? "delivery") === "delivery") {
      for (const problem of lawProblems(document)) causes.push({ cause: "invalid", message: problem });
    }
  }
  if (validate && document) {
    for (const problem of await validate(document)) causes.push({ cause: "invalid", message: problem });
  }
  explanation.message = causes.length
    ? `${base} ${causes.map((c) => c.message).join(" ")}`
    : `${base} Nothing found here explains it: check the document against docs/schema.md (every field's type and range, nothing outside the schema).`;
  return explanation;
}
