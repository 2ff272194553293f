// Document ids of the log: an action's id is its place in it.
//
// `matches/{matchId}/scoring_actions/{innings}-{seq:04d}`: "1-0007" is the 7th action of the
// first innings (the sequence restarts at 1 each innings and counts every action, balls and
// events alike). A correction made in place takes the id of the position with `-c{n}`:
// "1-0007-c1", then "1-0007-c2" if that one is corrected too. Because the id is the position,
// a second device writing another ball there is refused, never a duplicate; an identical
// retry of the same ball (after a lost acknowledgement) is accepted and changes nothing. The
// same rules as scorebook.actions.action_id / log_position in Python.

/**
 * The action a new one is built on: the id of the place before it and the `key` its writer
 * gave it (null where it has none). The rules take the new action only while the log holds
 * that very action there, so a device's offline queue that lost its first place to another
 * device is refused ball after ball, never mixed into the other device's story.
 * @typedef {{id: string, key: ?string}} Follows
 */

/**
 * A place in the log: the innings (1-based; super overs carry the count on) and the
 * sequence number within it (1-based, restarts each innings); `follows`, what is at the
 * place before it as this device knows it (`readNextPosition` and `replayInnings` give it).
 * @typedef {{innings: number, seq: number, follows?: ?Follows}} Position
 */

/**
 * A new action's own key: 16 characters of `A-Z a-z 0-9 - _` (96 random bits), what the
 * next action of this device names in `follows`. `crypto.getRandomValues`, which browsers
 * give pages served over plain http too.
 * @returns {string}
 */
export function newKey() {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => alphabet[b & 63]).join("");
}

/**
 * The place after an action this device has just written, following it: what its next
 * action is written at.
 * @param {{id: string, inningsNumber: number, sequenceNumber: number, key?: ?string}} action
 * @returns {Position}
 */
export function positionAfter(action) {
  return {
    innings: action.inningsNumber, seq: action.sequenceNumber + 1,
    follows: { id: action.id, key: action.key ?? null },
  };
}

/**
 * What an action at this place follows: the action at the place before it, as `log` holds
 * it (voided or not: a void keeps its place), or null at an innings' first place or when
 * the log has nothing there.
 * @param {Array<Record<string, any>>} log the innings' actions as read
 * @param {number} innings
 * @param {number} seq the new action's place
 * @returns {?Follows}
 */
export function followsIn(log, innings, seq) {
  if (seq <= 1) return null;
  const id = actionId(innings, seq - 1);
  const before = log.find((a) => a.id === id);
  return before ? { id, key: before.key ?? null } : null;
}

const POSITION = /^([1-9][0-9]?)-([0-9]{4})(?:-c([1-9][0-9]?))?$/;

/**
 * The id of the action at this position: `actionId(1, 7)` is "1-0007".
 * @param {number} innings 1 to 99
 * @param {number} seq 1 to 9999
 * @returns {string}
 */
export function actionId(innings, seq) {
  if (!Number.isInteger(innings) || innings < 1 || innings > 99) {
    throw new RangeError(`innings: an integer from 1 to 99, got ${innings}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > 9999) {
    throw new RangeError(`seq: an integer from 1 to 9999, got ${seq}`);
  }
  return `${innings}-${String(seq).padStart(4, "0")}`;
}

/**
 * The id of the n-th correction at a position: `correctionId("1-0007", 1)` is "1-0007-c1".
 * @param {string} id the position's id, or the id of any action at it
 * @param {number} n 1 to 99
 * @returns {string}
 */
export function correctionId(id, n) {
  const { innings, seq } = parseActionId(id);
  if (!Number.isInteger(n) || n < 1 || n > 99) {
    throw new RangeError(`n: an integer from 1 to 99, got ${n}`);
  }
  return `${actionId(innings, seq)}-c${n}`;
}

/**
 * The position (and correction number, 0 for an original) an id stands for.
 * @param {string} id
 * @returns {{innings: number, seq: number, correction: number}}
 */
export function parseActionId(id) {
  const m = POSITION.exec(String(id));
  if (!m) throw new RangeError(`not an action id ({innings}-{seq:04d}[-c{n}]): ${id}`);
  return { innings: Number(m[1]), seq: Number(m[2]), correction: Number(m[3] ?? 0) };
}

/**
 * Compare two action ids in log order ("10-0001" after "9-0120", "1-0042-c1" right after
 * "1-0042"); Firestore compares document ids as text, which is not the log order: order a
 * query by `inningsNumber`, `sequenceNumber` instead, or sort with this.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function compareActionIds(a, b) {
  const x = parseActionId(a);
  const y = parseActionId(b);
  return x.innings - y.innings || x.seq - y.seq || x.correction - y.correction;
}

/**
 * Characters the rules refuse in text people write that others read (names, reasons, notes):
 * controls but tab and line breaks, the marks that reorder text (U+202E and its kin), the
 * invisible ones that make two names look alike, the line separators. The same set as
 * firestore.rules' isSafeText (tests/unit/test_safe_text.py).
 */
export const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/;
