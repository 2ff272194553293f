// The setup side of an app: what a league admin or a school's official does before a match is
// scored (the match from two squads, its scorers appointed), through the security rules like
// every other write, and what a developer needs around it: the emulators, and waiting until
// a ball is on the spectators' scoreboard. An admin is a user whose ID token carries the
// custom claim `admin: true` (set with the Admin SDK); a school's officials may appoint the
// scorers of their own side (`scorer_home` or `scorer_away`), admins any role.

import { connectAuthEmulator } from "firebase/auth";
import {
  collection, connectFirestoreEmulator, doc, getDoc, getDocs, onSnapshot, query, runTransaction,
  serverTimestamp, setDoc, where, writeBatch,
} from "firebase/firestore";
import { connectFunctionsEmulator } from "firebase/functions";
import { compareActionIds } from "./ids.js";

/** @typedef {import('firebase/firestore').Firestore} Firestore */
/** @typedef {import('firebase/auth').Auth} Auth */
/** @typedef {import('firebase/functions').Functions} Functions */
/** @typedef {import('../types/scorebook.js').Match} Match */
/** @typedef {import('../types/scorebook.js').LiveNow} LiveNow */

/**
 * A side as an app knows it: its id and name, and its players (`isCaptain`,
 * `isWicketkeeper` on the ones who are; `shortName` what a score bug shows).
 * @typedef {{id: string, name: string, players: {id: string, name: string, shortName?: string,
 *   isCaptain?: boolean, isWicketkeeper?: boolean}[]}} Squad
 */

/**
 * The common formats' playing conditions: overs, innings, the free hit (limited-overs
 * cricket's), the no-ball's runs. A competition's own override them (`matchFromSquads`'s
 * `more`).
 * @type {Record<'T20'|'ODI'|'Hundred'|'Test'|'FirstClass', Partial<Match>>}
 */
export const FORMATS = {
  T20: { matchType: "T20", ballsPerOver: 6, scheduledOvers: 20, inningsPerSide: 1, freeHitAfterNoBall: true },
  ODI: { matchType: "ODI", ballsPerOver: 6, scheduledOvers: 50, inningsPerSide: 1, freeHitAfterNoBall: true },
  // 100 balls in tens of five: 20 "overs" of 5, and a bowler may bowl two in a row
  Hundred: { matchType: "The Hundred", ballsPerOver: 5, scheduledOvers: 20, inningsPerSide: 1,
    freeHitAfterNoBall: true, maxConsecutiveOvers: 2 },
  Test: { matchType: "Test", ballsPerOver: 6, inningsPerSide: 2, freeHitAfterNoBall: false },
  FirstClass: { matchType: "MDM", ballsPerOver: 6, inningsPerSide: 2, freeHitAfterNoBall: false },
};

/**
 * The match document from two squads: the teams with their players and, beside them, the
 * players' ids (`playerIds`: the rules check each action's players against them), the
 * format's conditions, status "scheduled". `more` adds or overrides any field of the match
 * (venue, dates, toss, validation, visibility, ...).
 * @param {string} id the match's id (its document id)
 * @param {Squad} home
 * @param {Squad} away
 * @param {keyof typeof FORMATS} format
 * @param {Partial<Match>} [more]
 * @returns {Match}
 */
export function matchFromSquads(id, home, away, format, more = {}) {
  if (!(format in FORMATS)) throw new RangeError(`format: one of ${Object.keys(FORMATS).join(", ")}, got ${format}`);
  if (home.id === away.id) throw new RangeError("away.id: the two sides need different ids");
  const team = (/** @type {Squad} */ squad) => ({
    id: squad.id, name: squad.name,
    players: squad.players.map((p) => ({ id: p.id, name: p.name,
      ...(p.shortName ? { shortName: p.shortName } : {}), isCaptain: Boolean(p.isCaptain),
      isWicketkeeper: Boolean(p.isWicketkeeper) })),
    playerIds: squad.players.map((p) => p.id),
  });
  return /** @type {Match} */ ({
    id, name: `${home.name} v ${away.name}`, noBallRuns: 1, playersPerSide: 11,
    maxConsecutiveOvers: 1, ...FORMATS[format], teams: [team(home), team(away)],
    status: "scheduled", resultType: null, winnerId: null, ...more,
  });
}

/**
 * `teams/{id}`, unless it exists: a team of the league, and the school (or club) it belongs
 * to, whose officials may then assign its roles (an admin). Resolves with whether it was made.
 * @param {Firestore} db
 * @param {{id: string, name: string, schoolId?: string}} team
 * @returns {Promise<boolean>}
 */
export async function createTeam(db, { id, name, schoolId }) {
  const ref = doc(db, "teams", id);
  if ((await getDoc(ref)).exists()) return false;
  await setDoc(ref, { id, name, ...(schoolId ? { schoolId } : {}) });
  return true;
}

/**
 * Write `matches/{match.id}` (an admin, through the rules), in a transaction that refuses an
 * id taken already (a second match of the same sides on the same day must not overwrite the
 * first, live or not). Resolves once the server has it.
 * @param {Firestore} db
 * @param {Match} match as matchFromSquads makes it
 * @returns {Promise<void>}
 */
export function createMatch(db, match) {
  const ref = doc(db, "matches", match.id);
  return runTransaction(db, async (tx) => {
    if ((await tx.get(ref)).exists()) throw new Error(`There is a match ${match.id} already: give this one another id.`);
    tx.set(ref, match);
  });
}

/**
 * Appoint `personId` to a role in the match (`scorer_home`, `scorer_away`, `scorer_neutral`,
 * an umpire's): `match_role_assignments/{matchId}_{personId}_{role}`, signed by the caller
 * with the server's time. An admin appoints any role; a school's official their side's
 * scorer. Resolves with the assignment's id.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} personId the user's uid
 * @param {string} role
 * @param {string} by the caller's uid (the rules check it is theirs)
 * @returns {Promise<string>}
 */
export async function appoint(db, matchId, personId, role, by) {
  const id = `${matchId}_${personId}_${role}`;
  await setDoc(doc(db, "match_role_assignments", id), {
    id, matchId, personId, role, status: "confirmed", assignedBy: by,
    assignedAt: serverTimestamp(), createdAt: serverTimestamp(),
  });
  return id;
}

/**
 * One player of a side's lineup: `role` "playing_xi" (the default) or "substitute";
 * `battingPosition` the order the side means to bat in (1 to 20).
 * @typedef {{playerId: string, name?: string, role?: 'playing_xi'|'substitute'|'reserve',
 *   isCaptain?: boolean, isViceCaptain?: boolean, isWicketkeeper?: boolean,
 *   battingPosition?: number}} Selected
 */

/**
 * A side's lineup entries for the match (the documented query `team_lineup`).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} teamId
 */
function sideEntries(db, matchId, teamId) {
  return getDocs(query(collection(db, "matches", matchId, "lineups"), where("teamId", "==", teamId)));
}

/**
 * A side's lineup for the match, whole, in one batch (a team's manager, coach, assistant
 * coach or captain until the match is completed; admins at any time): each player chosen is
 * `lineups/{teamId}_{playerId}`, signed by the caller with the server's time, and an entry of
 * the side no longer chosen is removed. Every player must be one the match lists for the side.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} teamId
 * @param {Selected[]} players
 * @param {string} by the caller's uid
 * @returns {Promise<void>}
 */
export async function setLineup(db, matchId, teamId, players, by) {
  const lineups = collection(db, "matches", matchId, "lineups");
  const before = await sideEntries(db, matchId, teamId);
  const chosen = new Set(players.map((p) => p.playerId));
  const stored = new Set(before.docs.map((d) => d.data().playerId));
  const batch = writeBatch(db);
  for (const old of before.docs) if (!chosen.has(old.data().playerId)) batch.delete(old.ref);
  for (const p of players) {
    const id = `${teamId}_${p.playerId}`;
    const entry = {
      id, matchId, teamId, playerId: p.playerId, role: p.role ?? "playing_xi",
      isCaptain: Boolean(p.isCaptain), isViceCaptain: Boolean(p.isViceCaptain),
      isWicketkeeper: Boolean(p.isWicketkeeper),
      ...(p.battingPosition ? { battingPosition: p.battingPosition } : {}),
      ...(p.name ? { name: p.name } : {}),
      selectedBy: by, selectedAt: serverTimestamp(),
    };
    // an entry kept: merged, so that what others recorded on it stays (a replacement, a
    // confirmation, its creation time), and marked changed
    if (stored.has(p.playerId)) batch.set(doc(lineups, id), { ...entry, updatedAt: serverTimestamp() }, { merge: true });
    else batch.set(doc(lineups, id), { ...entry, createdAt: serverTimestamp() });
  }
  await batch.commit();
}

/**
 * Who keeps wicket for `teamId` from now on (Law 27: the fielding side may change its
 * keeper): the side's lineup entries say so, one batch (a scorer of the match may write this
 * while it goes on, as a team's official or an admin may). The side must have its lineup.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} teamId
 * @param {string} keeperId a player of the side's lineup
 * @returns {Promise<void>}
 */
export async function changeKeeper(db, matchId, teamId, keeperId) {
  const side = (await sideEntries(db, matchId, teamId)).docs;
  if (!side.some((d) => d.data().playerId === keeperId)) {
    throw new RangeError(`keeperId: ${keeperId} is not in the side's lineup (pick the lineup first)`);
  }
  const batch = writeBatch(db);
  for (const entry of side) {
    const keeps = entry.data().playerId === keeperId;
    if (entry.data().isWicketkeeper !== keeps) {
      batch.update(entry.ref, { isWicketkeeper: keeps, updatedAt: serverTimestamp() });
    }
  }
  await batch.commit();
}

/**
 * A replacement the umpires allowed (a concussion, an injury, an illness, or a playing
 * condition's tactical one): `inId`, a player the match lists for the side, takes `outId`'s
 * place, who plays no further part. One lineup entry, naming whom it replaces, signed by the
 * caller (a scorer of the match while it goes on, a team's official, an admin).
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} teamId
 * @param {{outId: string, inId: string, name?: string,
 *   reason: 'concussion'|'injury'|'covid'|'tactical'}} replacement
 * @param {string} by the caller's uid
 * @returns {Promise<void>}
 */
export async function replacePlayer(db, matchId, teamId, { outId, inId, name, reason }, by) {
  if (outId === inId) throw new RangeError("inId: a player cannot replace himself");
  const id = `${teamId}_${inId}`;
  await setDoc(doc(db, "matches", matchId, "lineups", id), {
    id, matchId, teamId, playerId: inId, role: "playing_xi", isCaptain: false,
    isViceCaptain: false, isWicketkeeper: false, substitutedFor: outId,
    substitutionReason: reason, substitutedAt: serverTimestamp(), ...(name ? { name } : {}),
    selectedBy: by, selectedAt: serverTimestamp(), createdAt: serverTimestamp(),
  });
}

/** The emulators' ports in this project's firebase.json. */
export const EMULATOR_PORTS = { auth: 9099, firestore: 8080, functions: 5001 };

/**
 * Point the SDK's services at the Local Emulator Suite: call before their first use. `offset`
 * moves every port (the project's `SCOREBOOK_EMULATOR_PORT_OFFSET`, when several run side by
 * side).
 * @param {{db?: Firestore, auth?: Auth, functions?: Functions}} services
 * @param {{host?: string, offset?: number, ports?: Partial<typeof EMULATOR_PORTS>}} [where]
 */
export function connectToEmulators({ db, auth, functions }, { host = "127.0.0.1", offset = 0, ports = {} } = {}) {
  const port = { ...EMULATOR_PORTS, ...ports };
  if (db) connectFirestoreEmulator(db, host, port.firestore + offset);
  if (auth) connectAuthEmulator(auth, `http://${host}:${port.auth + offset}`, { disableWarnings: true });
  if (functions) connectFunctionsEmulator(functions, host, port.functions + offset);
}

/**
 * Resolves with `live/now` once it shows the action `actionId` or a later one (the functions
 * have folded it: every spectator's scoreboard has it); rejects after `timeoutMs`.
 * @param {Firestore} db
 * @param {string} matchId
 * @param {string} actionId e.g. the `id` recordBall resolved with
 * @param {{timeoutMs?: number}} [options]
 * @returns {Promise<LiveNow>}
 */
export function waitUntilLive(db, matchId, actionId, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    /** @type {() => void} */
    let stop = () => {};
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`live/now did not show ${actionId} within ${timeoutMs} ms`));
    }, timeoutMs);
    stop = onSnapshot(doc(db, "matches", matchId, "live", "now"), (snap) => {
      const now = /** @type {LiveNow | undefined} */ (snap.data());
      if (now?.lastActionId && compareActionIds(now.lastActionId, actionId) >= 0) {
        clearTimeout(timer);
        stop();
        resolve(now);
      }
    }, (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
