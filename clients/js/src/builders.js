// What the scorer tapped -> the document the rules accept. Pure: no Firebase import, no clock
// unless you pass none (then `new Date()`), so every function here is unit-tested without
// the emulators (test/builders.test.js).
//
// A delivery's derived fields follow the Laws exactly as the security rules and the Python
// models (functions/scorebook/actions.py, laws/runs.py, laws/dismissals.py) check them:
//   totalRuns       = runsOffBat + extras.wide + noBall + bye + legBye + penalty   (Law 18)
//   isLegalDelivery = no wide and no no-ball                                       (Law 17.3)
//   a wide's runs are all wides (the 1-run penalty included: a wide run for one is wide 2)
//   a no-ball costs the match's noBallRuns (1, or 2 in some competitions), plus what was run
//   byes and leg-byes exclude each other and runs off the bat
//   isBoundary: 4 or 6 off the bat counts as a boundary unless you say {boundary: false}
//   a wicket: who is out (the striker unless you name the batter) and how, which the ball
//   must allow (off a wide: stumped, hit wicket, run out, obstructing, handled; off a no-ball:
//   run out, obstructing, handled, hit the ball twice; retirements off any ball)

import { actionId, newKey, UNSAFE_TEXT } from "./ids.js";

export {
  actionId, compareActionIds, correctionId, followsIn, newKey, parseActionId, positionAfter,
} from "./ids.js";

/** @typedef {import('../types/scorebook.js').Action} Action */
/** @typedef {import('../types/scorebook.js').ScoringAction} ScoringAction */
/** @typedef {import('./ids.js').Position} Position */

/**
 * A document as the kit writes it: the schema's type (scorebook.d.ts, what a listener reads)
 * with its `timestamp` a `Date`, which the SDK stores as a Firestore `Timestamp`.
 * @template T
 * @typedef {T extends unknown ? Omit<T, 'timestamp'> & {timestamp: Date} : never} Written
 */

/**
 * @typedef {'bowled'|'caught'|'lbw'|'run_out'|'stumped'|'hit_wicket'|'handled_ball'
 *   |'obstructing_field'|'hit_the_ball_twice'|'retired_out'|'retired_hurt'
 *   |'retired_not_out'} HowOut
 */

/**
 * What the scorer tapped beside the runs: a wicket, and extras beyond the ball's own kind.
 * @typedef {Object} Tap
 * @property {number} [runs]       runs off the bat (ball, noBall) or run (wide), 0 to 10
 * @property {boolean} [boundary]  the ball reached the boundary (default: 4 or 6 off the bat)
 * @property {HowOut} [out]        how a batter was out on this ball
 * @property {string} [batter]     who was out (default: the striker)
 * @property {string} [fielder]    the catcher, the keeper who stumped, the thrower of a run out
 * @property {string[]} [fielders] several fielders (a relay run out)
 * @property {string[]} [assists]  fielders who assisted (assistFielderIds)
 * @property {string[]} [substitutes] the named fielders who were substitutes ("c sub (Smith)")
 * @property {number} [penalty]    penalty runs awarded on this ball (Law 41: 5)
 */

/**
 * The fields of a delivery that follow from what was tapped (no position, no people yet).
 * @typedef {Object} DeliveryFields
 * @property {'delivery'} kind
 * @property {number} runsOffBat
 * @property {{wide: number, noBall: number, bye: number, legBye: number, penalty: number}} extras
 * @property {number} totalRuns
 * @property {boolean} isLegalDelivery
 * @property {boolean} isBoundary
 * @property {boolean} isWicket
 * @property {?DraftWicket} wicket
 */

/**
 * A wicket as tapped: `dismissedPlayerId` is null until `delivery()` fills in the striker.
 * @typedef {{type: HowOut, dismissedPlayerId: ?string, fielderIds: string[],
 *   assistFielderIds: string[], substituteFielderIds?: string[]}} DraftWicket
 */

/**
 * Who is where before the ball, kept by the app: the batters, the bowler, the over and the
 * ball in it. `noBallRuns` is the match's (matches/{id}.noBallRuns, default 1). After a
 * wicket `nextState` leaves the batter out's place null, and after an over the bowler: set
 * them before the next ball (`delivery` refuses a null).
 * @typedef {Object} BallState
 * @property {?string} strikerId
 * @property {?string} nonStrikerId
 * @property {?string} bowlerId
 * @property {number} overNumber   0-based: the first over is 0
 * @property {number} ballInOver   1-based, counting wides and no-balls
 * @property {number} [legalBalls] legal balls bowled so far in this over (nextState keeps it)
 * @property {1|2} [noBallRuns]
 * @property {'Over the Wicket'|'Round the Wicket'} [bowlingAngle]
 * @property {Object} [shotData]   {coordinates: {x, y}, shotType, length, line, speed, wagonWheelSegment}
 * @property {string} [note]       the scorer's own words on the ball, at most NOTE_LENGTH characters
 * @property {Date} [timestamp]    when the ball was bowled (default: now)
 */

/** The design documents' words for a shot, its length and its line (the rules take no others),
 * and the wagon wheel's segments: 1 to 8, clockwise from straight down the ground on the off
 * side as a right-hander's field is drawn with the bowler at the top. */
export const SHOT_TYPES = ["drive", "cut", "pull", "hook", "sweep", "reverse_sweep", "flick",
  "glance", "defend", "leave", "edge", "other"];
export const PITCH_LENGTHS = ["full_toss", "yorker", "full", "good", "short", "bouncer"];
export const BOWLING_LINES = ["off_stump", "middle_stump", "leg_stump", "outside_off", "outside_leg"];
export const WAGON_WHEEL_SEGMENTS = 8;
/** The longest note a scorer may put on a ball (the rules refuse a longer one). */
export const NOTE_LENGTH = 280;
const SHOT_WORDS = { shotType: SHOT_TYPES, length: PITCH_LENGTHS, line: BOWLING_LINES };

const OUT_OFF_NO_BALL = ["run_out", "obstructing_field", "handled_ball", "hit_the_ball_twice"];
const OUT_OFF_WIDE = ["run_out", "stumped", "hit_wicket", "obstructing_field", "handled_ball"];
const RETIREMENTS = ["retired_out", "retired_hurt", "retired_not_out"];
const STRIKER_ONLY = ["bowled", "caught", "lbw", "stumped", "hit_wicket", "hit_the_ball_twice",
  "handled_ball"];
const HOW_OUT = ["bowled", "caught", "lbw", "run_out", "stumped", "hit_wicket", "handled_ball",
  "obstructing_field", "hit_the_ball_twice", ...RETIREMENTS];

/**
 * @param {number} value
 * @param {string} name
 * @returns {number}
 */
function count(value, name) {
  if (!Number.isInteger(value) || value < 0 || value > 10) {
    throw new RangeError(`${name}: a whole number of runs from 0 to 10, got ${value}`);
  }
  return value;
}

/**
 * @param {Tap} tap
 * @returns {?DraftWicket}
 */
function wicketOf(tap) {
  if (!tap.out) return null;
  if (!HOW_OUT.includes(tap.out)) {
    throw new RangeError(`out: one of ${HOW_OUT.join(", ")} (timed out is an event, not a ball), got ${tap.out}`);
  }
  const fielderIds = tap.fielders ?? (tap.fielder ? [tap.fielder] : []);
  /** @type {DraftWicket} */
  const wicket = {
    type: tap.out,
    dismissedPlayerId: tap.batter ?? null,
    fielderIds: [...fielderIds],
    assistFielderIds: [...(tap.assists ?? [])],
  };
  if (tap.substitutes?.length) wicket.substituteFielderIds = [...tap.substitutes];
  return wicket;
}

/**
 * @param {Tap} tap
 * @param {number} runsOffBat
 * @param {Partial<DeliveryFields['extras']>} extras
 * @param {boolean} boundary
 * @returns {DeliveryFields}
 */
function fields(tap, runsOffBat, extras, boundary) {
  const all = { wide: 0, noBall: 0, bye: 0, legBye: 0, penalty: 0, ...extras };
  all.penalty = count(tap.penalty ?? 0, "penalty");
  const wicket = wicketOf(tap);
  const out = {
    kind: /** @type {'delivery'} */ ("delivery"),
    runsOffBat,
    extras: all,
    totalRuns: runsOffBat + all.wide + all.noBall + all.bye + all.legBye + all.penalty,
    isLegalDelivery: all.wide + all.noBall === 0,
    isBoundary: boundary,
    isWicket: wicket !== null,
    wicket,
  };
  const problems = lawProblems(out);
  if (problems.length) throw new RangeError(problems.join("; "));
  return out;
}

/**
 * A legal ball: `ball({runs: 4})`, `ball()` (a dot), `ball({out: 'caught', fielder: id})`.
 * @param {Tap} [tap]
 * @returns {DeliveryFields}
 */
export function ball(tap = {}) {
  const runs = count(tap.runs ?? 0, "runs");
  return fields(tap, runs, {}, tap.boundary ?? (runs === 4 || runs === 6));
}

/**
 * A wide: `wide()` is 1 wide, `wide({runs: 1})` a wide they ran one off (2 wides),
 * `wide({runs: 4, boundary: true})` 5 wides, `wide({out: 'stumped', fielder: keeper})`.
 * @param {Tap} [tap] runs: the runs completed (or the boundary's 4) besides the penalty
 * @returns {DeliveryFields}
 */
export function wide(tap = {}) {
  const runs = count(tap.runs ?? 0, "runs");
  return fields(tap, 0, { wide: 1 + runs }, tap.boundary ?? false);
}

/**
 * A no-ball: `noBall()`, `noBall({runs: 6})` (six off the bat), `noBall({byes: 2})`,
 * `noBall({legByes: 1})`. The penalty is the match's `noBallRuns` (1 unless you pass it here
 * or in the BallState given to `delivery`/`recordBall`, which wins).
 * @param {Tap & {byes?: number, legByes?: number, noBallRuns?: 1|2}} [tap]
 * @returns {DeliveryFields}
 */
export function noBall(tap = {}) {
  const runs = count(tap.runs ?? 0, "runs");
  const penalty = tap.noBallRuns ?? 1;
  if (penalty !== 1 && penalty !== 2) throw new RangeError(`noBallRuns: 1 or 2, got ${penalty}`);
  return fields(tap, runs, {
    noBall: penalty, bye: count(tap.byes ?? 0, "byes"), legBye: count(tap.legByes ?? 0, "legByes"),
  }, tap.boundary ?? (runs === 4 || runs === 6));
}

/**
 * Byes off a legal ball: `bye(2)`, `bye(4, {boundary: true})`.
 * @param {number} runs
 * @param {Tap} [tap]
 * @returns {DeliveryFields}
 */
export function bye(runs, tap = {}) {
  return fields(tap, 0, { bye: count(runs, "byes") }, tap.boundary ?? false);
}

/**
 * Leg-byes off a legal ball: `legBye(1)`, `legBye(4, {boundary: true})`.
 * @param {number} runs
 * @param {Tap} [tap]
 * @returns {DeliveryFields}
 */
export function legBye(runs, tap = {}) {
  return fields(tap, 0, { legBye: count(runs, "legByes") }, tap.boundary ?? false);
}

/**
 * The fields every action has, from its position: id, matchId, innings and sequence,
 * recordedBy (must be the signed-in uid), timestamp, `isVoided: false` (required on a new
 * action), source "live", a new `key` of its own, and `follows` when the position says what
 * it was built on.
 * @param {string} matchId
 * @param {string} uid
 * @param {Position} position
 * @param {Date} [timestamp] when it happened (default now; at most an hour ahead of the server)
 * @returns {{id: string, matchId: string, inningsNumber: number, sequenceNumber: number,
 *   timestamp: Date, recordedBy: string, source: 'live', isVoided: false, key: string,
 *   follows?: import('./ids.js').Follows}}
 */
export function baseFields(matchId, uid, position, timestamp) {
  const base = {
    id: actionId(position.innings, position.seq),
    matchId,
    inningsNumber: position.innings,
    sequenceNumber: position.seq,
    timestamp: timestamp ?? new Date(),
    recordedBy: uid,
    source: /** @type {'live'} */ ("live"),
    isVoided: /** @type {false} */ (false),
    key: newKey(),
  };
  return position.follows ? { ...base, follows: { id: position.follows.id, key: position.follows.key ?? null } } : base;
}

/**
 * The whole delivery document for `matches/{matchId}/scoring_actions/{id}`: the base fields,
 * who and where from `state`, and what was tapped (`ball(...)`, `wide(...)`, ...). Throws a
 * RangeError naming the field when the rules would refuse it (e.g. out caught off a wide).
 * @param {string} matchId
 * @param {string} uid
 * @param {Position} position
 * @param {DeliveryFields} tapped
 * @param {BallState} state
 * @returns {Written<ScoringAction>}
 */
export function delivery(matchId, uid, position, tapped, state) {
  const { strikerId, nonStrikerId, bowlerId } = state;
  if (!strikerId || !nonStrikerId || !bowlerId) {
    throw new RangeError(`${!bowlerId ? "bowlerId" : "strikerId"}: who ${!bowlerId ? "bowls" : "bats"} this ball is not set (a new over or a new batter: set it in the state)`);
  }
  const extras = { ...tapped.extras };
  if (extras.noBall && state.noBallRuns) extras.noBall = state.noBallRuns;
  const wicket = tapped.wicket && {
    ...tapped.wicket, dismissedPlayerId: tapped.wicket.dismissedPlayerId ?? strikerId,
  };
  /** @type {Written<ScoringAction>} */
  const doc = {
    ...baseFields(matchId, uid, position, state.timestamp),
    kind: "delivery",
    overNumber: state.overNumber,
    ballInOver: state.ballInOver,
    strikerId,
    nonStrikerId,
    bowlerId,
    runsOffBat: tapped.runsOffBat,
    extras,
    totalRuns: tapped.runsOffBat + Object.values(extras).reduce((a, b) => a + b, 0),
    isWicket: Boolean(wicket),
    wicket: wicket ?? null,
    isLegalDelivery: tapped.isLegalDelivery,
    isBoundary: tapped.isBoundary,
  };
  if (state.bowlingAngle) doc.bowlingAngle = state.bowlingAngle;
  if (state.shotData) doc.shotData = state.shotData;
  if (state.note) doc.note = state.note;
  const problems = lawProblems(doc, { noBallRuns: state.noBallRuns });
  if (problems.length) throw new RangeError(problems.join("; "));
  return doc;
}

/**
 * Any other action of the log (`innings_start`, `batter_change`, `retirement`, `dismissal`,
 * `penalty_runs`, `declaration`, `innings_end`, `match_result`, ...): the base fields plus
 * `{kind, ...fields}`. docs/clients.md has an example of each.
 * @param {string} matchId
 * @param {string} uid
 * @param {Position} position
 * @param {string} kind
 * @param {Object} [more] the kind's own fields
 * @param {Date} [timestamp]
 * @returns {Written<Action>}
 */
export function event(matchId, uid, position, kind, more = {}, timestamp) {
  const document = { ...baseFields(matchId, uid, position, timestamp), kind, ...more };
  return /** @type {Written<Action>} */ (/** @type {unknown} */ (document));
}

/**
 * What the rules refuse in a ball's shot data: words off the design documents' lists, a
 * segment that is not 1 to 8.
 * @param {any} shot
 * @returns {string[]}
 */
function shotProblems(shot) {
  if (shot == null) return [];
  const problems = [];
  for (const [field, words] of Object.entries(SHOT_WORDS)) {
    const word = shot[field];
    if (word != null && !words.includes(word)) {
      problems.push(`shotData.${field}: must be one of ${words.join(", ")}, got ${JSON.stringify(word)}`);
    }
  }
  const segment = shot.wagonWheelSegment;
  if (segment != null && !(Number.isInteger(segment) && segment >= 1 && segment <= WAGON_WHEEL_SEGMENTS)) {
    problems.push(`shotData.wagonWheelSegment: must be from 1 to ${WAGON_WHEEL_SEGMENTS}, got ${segment}`);
  }
  return problems;
}

/**
 * What the rules refuse in a scorer's note on a ball: other than text, too long, or a
 * character that could disguise it (others read it).
 * @param {any} note
 * @returns {string[]}
 */
function noteProblems(note) {
  if (note == null) return [];
  if (typeof note !== "string") return [`note: text, got ${typeof note}`];
  if ([...note].length > NOTE_LENGTH) return [`note: at most ${NOTE_LENGTH} characters, got ${[...note].length}`];
  if (UNSAFE_TEXT.test(note)) {
    return ["note: no control, invisible or text-direction characters (U+202E and the like): others read it"];
  }
  return [];
}

/**
 * Why the rules would refuse this delivery, as "field: reason" lines (the messages of
 * scorebook.actions); [] when it keeps the Laws. Checks only what the document itself shows:
 * who may write, the match's status, its players and a taken position are the server's.
 * @param {Record<string, any>} d any object: what a form or a file holds
 * @param {{noBallRuns?: number}} [match]
 * @returns {string[]}
 */
export function lawProblems(d, match = {}) {
  /** @type {string[]} */
  const problems = [];
  const e = { wide: 0, noBall: 0, bye: 0, legBye: 0, penalty: 0, ...d.extras };
  for (const [k, v] of Object.entries(e)) {
    if (!Number.isInteger(v) || v < 0 || v > 10) problems.push(`extras.${k}: 0 to 10 runs, got ${v}`);
  }
  if (!Number.isInteger(d.runsOffBat) || d.runsOffBat < 0 || d.runsOffBat > 10) {
    problems.push(`runsOffBat: 0 to 10, got ${d.runsOffBat}`);
  }
  const total = d.runsOffBat + e.wide + e.noBall + e.bye + e.legBye + e.penalty;
  if (d.totalRuns !== total) {
    problems.push(`totalRuns: must equal runsOffBat + extras = ${total}, got ${d.totalRuns}`);
  }
  if (e.wide && e.noBall) problems.push("extras: a delivery cannot be both a wide and a no-ball");
  if (e.wide && (d.runsOffBat || e.bye || e.legBye)) {
    problems.push("extras.wide: every run on a wide is a wide (no runs off the bat, byes or leg-byes on a wide)");
  }
  if (e.bye && e.legBye) problems.push("extras: a delivery cannot give both byes and leg-byes");
  if ((e.bye || e.legBye) && d.runsOffBat) {
    problems.push("runsOffBat: byes/leg-byes and runs off the bat exclude each other");
  }
  if (e.noBall && match.noBallRuns && e.noBall !== match.noBallRuns) {
    problems.push(`extras.noBall: the match's no-ball penalty is ${match.noBallRuns}, got ${e.noBall}`);
  }
  const legal = !(e.wide || e.noBall);
  if (d.isLegalDelivery !== legal) {
    problems.push(`isLegalDelivery: ${legal ? "no wide or no-ball: it is" : "a wide or no-ball is not"} a legal delivery, got ${d.isLegalDelivery}`);
  }
  if (d.strikerId !== undefined && d.strikerId === d.nonStrikerId) {
    problems.push("nonStrikerId: striker and non-striker must be different players");
  }
  if (d.isBoundary && ![0, 4, 6].includes(d.runsOffBat)) {
    problems.push("isBoundary: a boundary scores 4 or 6 off the bat");
  }
  if (Boolean(d.isWicket) !== Boolean(d.wicket)) {
    problems.push(d.isWicket ? "wicket: isWicket is true but no wicket is given"
      : "isWicket: a wicket is given but isWicket is false");
  }
  problems.push(...shotProblems(d.shotData), ...noteProblems(d.note));
  const w = d.wicket;
  if (w) {
    const batters = [d.strikerId, d.nonStrikerId];
    const out = w.dismissedPlayerId;
    if (d.strikerId !== undefined && out != null && !batters.includes(out)) {
      problems.push("wicket.dismissedPlayerId: must be the striker or the non-striker");
    } else if (d.strikerId !== undefined && out != null && STRIKER_ONLY.includes(w.type) && out !== d.strikerId) {
      problems.push(`wicket.type: only the striker can be out ${w.type}`);
    }
    if (e.noBall && !OUT_OFF_NO_BALL.includes(w.type) && !RETIREMENTS.includes(w.type)) {
      problems.push(`wicket.type: a batter cannot be out ${w.type} off a no-ball`);
    }
    if (e.wide && !OUT_OFF_WIDE.includes(w.type) && !RETIREMENTS.includes(w.type)) {
      problems.push(`wicket.type: a batter cannot be out ${w.type} off a wide`);
    }
  }
  return problems;
}

/**
 * The common case of what comes next, for an app that keeps its own state: the next ball in
 * the over, strike changed after an odd number of runs run and at the end of an over (then
 * `bowlerId` is null: the captain picks the next bowler), and the batter out replaced by null
 * (the next batter comes in: set him). The app stays in charge: the Laws have cases this does
 * not guess (a run out at the other end, a batter crossing before a catch).
 * @param {BallState} state
 * @param {Written<ScoringAction>|ScoringAction|DeliveryFields} d the ball just recorded
 * @param {{ballsPerOver?: number}} [match]
 * @returns {BallState}
 */
export function nextState(state, d, match = {}) {
  const perOver = match.ballsPerOver ?? 6;
  const e = { wide: 0, noBall: 0, bye: 0, legBye: 0, ...d.extras };
  const ran = d.isBoundary ? 0 : d.runsOffBat + e.bye + e.legBye + Math.max(e.wide - 1, 0);
  /** @type {BallState} */
  const next = { ...state, ballInOver: state.ballInOver + 1, timestamp: undefined };
  next.legalBalls = (state.legalBalls ?? 0) + (d.isLegalDelivery ? 1 : 0);
  const swap = () => { [next.strikerId, next.nonStrikerId] = [next.nonStrikerId, next.strikerId]; };
  if (ran % 2 === 1) swap();
  if (d.wicket && !["retired_hurt", "retired_not_out"].includes(d.wicket.type)) {
    const out = d.wicket.dismissedPlayerId ?? state.strikerId;
    if (next.strikerId === out) next.strikerId = null;
    if (next.nonStrikerId === out) next.nonStrikerId = null;
  }
  if (next.legalBalls >= perOver) {
    swap();
    Object.assign(next, { overNumber: state.overNumber + 1, ballInOver: 1, legalBalls: 0, bowlerId: null });
  }
  delete next.timestamp;
  return next;
}
