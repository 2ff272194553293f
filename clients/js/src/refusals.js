// Why a write was refused. Firestore's security rules answer every refusal with one code,
// `permission-denied`, and no reason, so the reason is found by looking: explainRefusal reads
// what the rules read (the action at that position, the match, the caller's own role
// assignments) and checks the document against the Laws locally; then it asks the
// `validateAction` callable Cloud Function, which runs the same pydantic models the functions
// fold with and names every field the rules would refuse. recordBall, recordEvent,
// voidBall and correctBall do this themselves after a refusal: the error they reject with
// carries the answer as `error.explanation`.

import { doc, getDoc } from "firebase/firestore";
import { getFunctions, httpsCallable } from "firebase/functions";
import { lawProblems } from "./builders.js";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('firebase/functions').Functions} Functions */

/**
 * One reason a write was (or may have been) refused: `cause` is one of validateAction's
 * problem codes (docs/clients.md §9: `position_taken`, `not_scorer`, `match_over`,
 * `unlawful`, `not_in_match`, ...) or one of the void's (`no_such_action`,
 * `already_voided`); `field` names the field when one is to blame.
 * @typedef {{cause: string, message: string, field?: ?string}} Cause
 */

/**
 * What an app shows, and what it does next.
 * @typedef {Object} Explanation
 * @property {string} code     the error's code ("permission-denied", "unavailable", ...)
 * @property {string} message  one readable sentence
 * @property {Cause[]} causes  what was found, most likely first ([] when nothing was looked at)
 * @property {boolean} reread  the log changed under you: re-read it before writing again
 * @property {boolean} validated the server's validateAction answered (its problems are in causes)
 */

/**
 * One problem as validateAction answers it.
 * @typedef {{field: ?string, code: string, message: string}} Problem
 */

/**
 * A validation hook: the problems of a draft action ([] when valid), as `Problem`s or as
 * "field: reason" text.
 * @typedef {(document: Record<string, any>, matchId?: string) => Promise<Array<Problem|string>>|Array<Problem|string>} Validate
 */

/**
 * What a write of the kit rejects with: the SDK's error, and after a refusal the explanation.
 * @typedef {import('firebase/firestore').FirestoreError & {explanation?: Explanation}} Refusal
 */

/**
 * How a write of the kit explains a refusal: `explain: false` skips it; `functions` is the
 * Functions instance to call validateAction on (default `getFunctions(db.app)`, the one an app
 * points at the emulator with connectFunctionsEmulator); `validate` replaces the callable.
 * @typedef {{explain?: boolean, functions?: Functions, validate?: Validate}} ExplainOptions
 */

/**
 * A value as JSON carries it to a callable: a Date or a Firestore Timestamp as ISO 8601 text
 * (the callable protocol would send a Date as `{}`).
 * @param {any} value
 * @returns {any}
 */
function asJson(value) {
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value.toDate === "function") return value.toDate().toISOString();
  if (Array.isArray(value)) return value.map(asJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v)]));
  }
  return value;
}

/**
 * The `validateAction` callable as a `Validate` hook: `{action, matchId}` in, the problems
 * the rules and the models find out (`{field, code, message}`, e.g. `totalRuns`, `unlawful`,
 * "must equal runsOffBat + extras = 3, got 2"). The caller must be signed in.
 * @param {Functions} functions
 * @returns {Validate}
 */
export function validateWithFunction(functions) {
  const call = httpsCallable(functions, "validateAction");
  return async (document, matchId) => {
    const { data } = await call({ action: asJson(document), matchId: matchId ?? document.matchId });
    return /** @type {{problems: Problem[]}} */ (data).problems;
  };
}

const SCORER_ROLES = ["scorer_home", "scorer_away", "scorer_neutral"];
const VOID_ROLES = [...SCORER_ROLES, "umpire_on_field", "umpire_third"];
const ACTIVE = ["assigned", "confirmed", "present"];

/** @type {Record<string, string>} */
const GENERAL = {
  "permission-denied": "The security rules refused the write.",
  unauthenticated: "Not signed in: sign in before scoring.",
  unavailable: "Offline: the SDK keeps the write queued and sends it when the connection is back.",
  "not-found": "There is no such document (a void of an action that was never written?).",
  "failed-precondition": "The query needs a composite index (see firestore.indexes.json), or the write's precondition failed.",
  "resource-exhausted": "Too many requests: slow down and retry.",
};

/** @param {any} t */
function toMillis(t) {
  if (t instanceof Date) return t.getTime();
  if (t && typeof t.toMillis === "function") return t.toMillis();
  return Number.NaN;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether `action` is the one that completed the match (the last one standing:
 * `lastActionId`, as live/now names it) and was recorded less than a day ago: a scorer or
 * umpire may still void it (the rules' mayStillVoid), so that a wrong winning run is not the
 * published result until an admin comes. Its `timestamp` as the SDK reads it, a Date, or
 * ISO text (a document an app keeps as JSON).
 * @param {Record<string, any> | undefined} action
 * @param {string | null | undefined} lastActionId
 * @returns {boolean}
 */
export function completedItToday(action, lastActionId) {
  const at = action?.timestamp;
  const ms = typeof at === "string" ? Date.parse(at) : toMillis(at);
  return action?.id != null && action.id === lastActionId && Date.now() - ms < DAY_MS;
}

/**
 * Explain a refused write. Without `context` it only names the code; with it (the database,
 * the match, the caller and what was written) it looks for the cause the way the rules
 * decide: a taken position, a match that is over, no scoring role in force, a document the
 * Laws or the schema refuse. `operation` is "create" (a new action, the default), "void"
 * (`fields`: what the update set) or "edit" (any other update of a recorded action).
 * With `validate` (see `validateWithFunction`) the server's answer is added, and where it
 * checked the same thing its word wins.
 * @param {any} error what the SDK rejected with (a FirestoreError)
 * @param {{db?: Firestore, matchId?: string, uid?: ?string, document?: Record<string, any>,
 *   id?: string, operation?: 'create'|'void'|'edit', fields?: Record<string, any>,
 *   validate?: Validate}} [context]
 * @returns {Promise<Explanation>}
 */
export async function explainRefusal(error, context = {}) {
  const code = error?.code ?? "unknown";
  const base = GENERAL[code] ?? `The write failed (${code}): ${error?.message ?? error}`;
  /** @type {Explanation} */
  const explanation = { code, message: base, causes: [], reread: false, validated: false };
  if (code !== "permission-denied") return explanation;
  /** @type {Cause[]} */
  let causes = explanation.causes;
  const { db, matchId, uid, document, operation = "create", validate } = context;
  const id = context.id ?? document?.id;
  if (!uid) {
    causes.push({ cause: "not_signed_in", message: "No user is signed in: only a signed-in scorer of the match may write." });
  }
  if (db && matchId) {
    const match = await getDoc(doc(db, "matches", matchId));
    const game = match.data() ?? {};
    const existing = id ? await getDoc(doc(db, "matches", matchId, "scoring_actions", id)) : null;
    if (!match.exists()) {
      causes.push({ cause: "no_match", message: `There is no match ${matchId}.` });
    } else if (game.status === "completed" && !(operation === "void"
        && completedItToday(existing?.data(), (await getDoc(doc(db, "matches", matchId, "live", "now"))).data()?.lastActionId))) {
      causes.push({ cause: "match_over", message: operation === "void"
        ? "The match is completed: a scorer or umpire may still void the action that completed it (the last one standing: live/now's lastActionId) for a day after it was recorded; anything else is an admin's."
        : "The match is completed: a scorer may still record the officials' result (match_result), the end of an innings or, after a tie, a super over; anything else is an admin's." });
    }
    if (id && existing) {
      if (operation === "create" && existing.exists()) {
        explanation.reread = true;
        causes.push({ cause: "position_taken", message: `Position ${id} is already in the log (another device, or an earlier try of this write): re-read the log and show the scorer what is there before scoring on (the other device may have scored this very ball).` });
      }
      const follows = operation === "create" ? document?.follows : null;
      if (follows?.id) {
        const held = await getDoc(doc(db, "matches", matchId, "scoring_actions", follows.id));
        if (!held.exists() || (held.data()?.key ?? null) !== (follows.key ?? null)) {
          explanation.reread = true;
          causes.push({ cause: "not_followed", field: "follows", message: `This was built on an action the log does not hold at ${follows.id} (${held.exists() ? "another device's is there" : "nothing is there"}): re-read the log and show the scorer what is there before scoring on.` });
        }
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
        causes.push({ cause: "not_scorer", message: `You hold no ${operation === "void" ? "scorer or umpire" : "scorer"} role in force for this match (assigned, confirmed or present, not revoked, within its dates): ask the match's admin or school.` });
      }
    }
    if (document && game.teams && operation === "create") {
      /** @type {Set<string>} */
      const squad = new Set(game.teams.flatMap((/** @type {{playerIds?: string[]}} */ t) => t.playerIds ?? []));
      const w = document.wicket;
      const named = [document.strikerId, document.nonStrikerId, document.bowlerId, document.batterId,
        w?.dismissedPlayerId, ...(w?.fielderIds ?? []), ...(w?.assistFielderIds ?? [])]
        .filter((p) => p && !(w?.substituteFielderIds ?? []).includes(p));
      const strangers = squad.size ? named.filter((p) => !squad.has(p)) : [];
      if (strangers.length) {
        causes.push({ cause: "not_in_match", message: `Not players of this match: ${[...new Set(strangers)].join(", ")}.` });
      }
      if ((document.extras?.noBall ?? 0) && document.extras.noBall !== (game.noBallRuns ?? 1)) {
        causes.push({ cause: "no_ball_runs", field: "extras.noBall", message: `extras.noBall: the match's no-ball penalty is ${game.noBallRuns ?? 1}.` });
      }
    }
  }
  if (operation === "edit") {
    causes.push({ cause: "append_only", message: "The log is append-only: a recorded action is never edited. Void it (voidBall) and, to replace it, write a correction at its position (correctBall)." });
  }
  if (operation === "void" && context.fields) causes.push(...voidCauses(context.fields, uid));
  if (document && operation === "create") {
    if (!isTimestamp(document.timestamp)) {
      causes.push({ cause: "not_a_timestamp", field: "timestamp", message: `timestamp: a Firestore Timestamp (a Date, which the SDK stores as one), not ${typeof document.timestamp === "string" ? "text" : typeof document.timestamp}.` });
    }
    if (uid && document.recordedBy !== uid) {
      causes.push({ cause: "not_caller", field: "recordedBy", message: `recordedBy: must be your uid (${uid}), got ${document.recordedBy}.` });
    }
    if (document.isVoided !== false) {
      causes.push({ cause: "voided", field: "isVoided", message: "isVoided: a new action says isVoided: false." });
    }
    if (toMillis(document.timestamp) > Date.now() + 3600 * 1000) {
      causes.push({ cause: "future_timestamp", field: "timestamp", message: "timestamp: more than an hour ahead of the server (check the device's clock)." });
    }
    if ((document.kind ?? "delivery") === "delivery") {
      for (const problem of lawProblems(document)) causes.push({ cause: "unlawful", message: problem });
    }
  }
  if (validate && document && operation === "create") {
    try {
      const server = (await validate(document, matchId)).map(asCause);
      const codes = new Set(server.map((c) => c.cause));
      // The server read what the rules read and checked the whole document: where it looked,
      // its word wins; what only the local look found (a void's state) stays.
      causes = [...causes.filter((c) => !codes.has(c.cause) && !DOCUMENT_CAUSES.includes(c.cause)), ...server];
      explanation.causes = causes;
      explanation.validated = true;
      if (codes.has("position_taken") || codes.has("not_followed")) explanation.reread = true;
    } catch {
      // validateAction unreachable (offline, not deployed): the local look stands alone
    }
  }
  explanation.message = causes.length
    ? `${base} ${causes.map((c) => c.message).join(" ")}`
    : `${base} Nothing found here explains it: check the document against docs/schema.md (every field's type and range, nothing outside the schema).`;
  return explanation;
}

/**
 * A Date or a Firestore Timestamp (what the rules compare with request.time).
 * @param {any} value
 */
function isTimestamp(value) {
  return value instanceof Date || (value != null && typeof value.toMillis === "function");
}

/**
 * Why the fields of a void would be refused: the rules take a void once, signed by the
 * caller, with a reason and the server's time.
 * @param {Record<string, any>} fields what the update set
 * @param {?string|undefined} uid
 * @returns {Cause[]}
 */
export function voidCauses(fields, uid) {
  /** @type {Cause[]} */
  const causes = [];
  const reason = fields.voidReason;
  if (typeof reason !== "string" || reason.length < 1 || reason.length > 500) {
    causes.push({ cause: "void_reason", field: "voidReason", message: "voidReason: a reason of 1 to 500 characters (it stays in the public log)." });
  }
  if (isTimestamp(fields.voidedAt) || typeof fields.voidedAt === "string") {
    causes.push({ cause: "client_time", field: "voidedAt", message: "voidedAt: serverTimestamp(), not the device's time (the rules compare it with the request's)." });
  }
  if (uid && fields.voidedBy !== uid) {
    causes.push({ cause: "not_caller", field: "voidedBy", message: `voidedBy: must be your uid (${uid}).` });
  }
  if (fields.isVoided !== true) {
    causes.push({ cause: "voided", field: "isVoided", message: "isVoided: a void sets it to true." });
  }
  return causes;
}

/** What the local look finds in the document itself; the server checks all of it. */
const DOCUMENT_CAUSES = ["not_caller", "voided", "future_timestamp", "unlawful", "not_in_match", "no_ball_runs",
  "not_a_timestamp"];

/**
 * @param {Problem|string} problem
 * @returns {Cause}
 */
function asCause(problem) {
  if (typeof problem === "string") return { cause: "invalid_value", message: problem };
  const message = problem.field ? `${problem.field}: ${problem.message}` : problem.message;
  return { cause: problem.code, field: problem.field, message: /[.!?]$/.test(message) ? message : `${message}.` };
}

/**
 * A refused write of the kit, explained: when the rules refused it (`permission-denied`) and
 * `options.explain` is not false, `error.explanation` is set (explainRefusal, with
 * validateAction for a new action). Returns the error to throw.
 * @param {any} error
 * @param {{db: Firestore, matchId: string, uid?: ?string, document?: Record<string, any>,
 *   id?: string, operation?: 'create'|'void'|'edit', fields?: Record<string, any>}} context
 * @param {ExplainOptions} [options]
 * @returns {Promise<Refusal>}
 */
export async function explained(error, context, options = {}) {
  if (options.explain === false || error?.code !== "permission-denied") return error;
  const validate = options.validate
    ?? validateWithFunction(options.functions ?? getFunctions(context.db.app));
  try {
    error.explanation = await explainRefusal(error, { ...context, validate });
  } catch {
    // the look itself failed (the connection went): the refusal is still the answer
  }
  return error;
}
