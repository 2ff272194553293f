// Where an innings stands, from its log alone. An app that keeps who is where in memory loses
// it on a reload, a locked phone or a second device; the log keeps it. Pure: no Firebase
// import, so it is unit-tested without the emulators (test/replay.test.js).
//
// Every ball's document says who faced it, who bowled it and where in the over it fell, so
// who is where before the next ball is the last ball's state moved on by `nextState`, then
// the events written since (a new batter, a retirement, a wicket between balls).

import { nextState } from "./builders.js";
import { actionId, compareActionIds, followsIn } from "./ids.js";

/** @typedef {import('../types/scorebook.js').Action} Action */
/** @typedef {import('./builders.js').BallState} BallState */

/**
 * One action that counts, with who was where before and after it.
 * @typedef {Object} Step
 * @property {Record<string, any>} action the document (a correction, where a ball was corrected)
 * @property {string} position the id of its place in the log ("1-0007"), the same after a
 *   correction: what an app keeps to point at a ball
 * @property {?BallState} before
 * @property {?BallState} after
 * @property {string} [label] a delivery's place as a scorer counts it: "3.4" is the fourth
 *   legal ball of the fourth over; a wide or no-ball takes the number of the ball it was
 *   meant to be ("3.4 wd", then "3.4" for the ball that follows it)
 */

/**
 * An innings as its log tells it.
 * @typedef {Object} InningsLog
 * @property {number} innings
 * @property {?string} battingTeamId from its innings_start
 * @property {?string} bowlingTeamId
 * @property {Step[]} steps the actions that count (not voided), in log order
 * @property {?BallState} state who is where before the next ball; null before the innings
 *   starts and once it has ended (an innings_end, a declaration or a forfeit counts)
 * @property {boolean} started
 * @property {boolean} ended
 * @property {number} nextSeq the next free position: after the last action, voided ones
 *   included (a void keeps its place)
 * @property {?import('./ids.js').Follows} follows what the action at `nextSeq` follows: the
 *   action at the place before it (its id and key); the position to write at is
 *   `{innings, seq: nextSeq, follows}`
 */

const ENDS = ["innings_end", "declaration", "forfeit"];

/**
 * @param {?BallState} state
 * @param {string} batterId
 * @returns {?BallState}
 */
function leaves(state, batterId) {
  if (!state) return state;
  return {
    ...state,
    strikerId: state.strikerId === batterId ? null : state.strikerId,
    nonStrikerId: state.nonStrikerId === batterId ? null : state.nonStrikerId,
  };
}

/**
 * @param {?BallState} state
 * @param {string} strikerId
 * @param {string} nonStrikerId
 * @returns {?BallState}
 */
function moved(state, strikerId, nonStrikerId) {
  return state && { ...state, strikerId, nonStrikerId };
}

/**
 * Who was where as this ball was bowled: its own document says so; `legalBalls`, the legal
 * balls its over had before it.
 * @param {Record<string, any>} d
 * @param {number} legalBalls
 * @returns {BallState}
 */
function facing(d, legalBalls) {
  return {
    strikerId: d.strikerId, nonStrikerId: d.nonStrikerId, bowlerId: d.bowlerId,
    overNumber: d.overNumber, ballInOver: d.ballInOver, legalBalls,
  };
}

/**
 * @param {Record<string, any>} d a delivery
 * @param {BallState} before
 * @returns {string}
 */
function labelOf(d, before) {
  const n = (before.legalBalls ?? 0) + 1;
  const extra = d.extras?.wide ? " wd" : d.extras?.noBall ? " nb" : "";
  return `${d.overNumber}.${n}${extra}`;
}

/**
 * Where an innings stands from its actions (any order; voided ones and other innings' are
 * left out here): the actions that count with who was where around each, who is where
 * before the next ball, and the next free position. `match.ballsPerOver` as in the match
 * document (default 6).
 * @param {Array<Record<string, any>>} actions the innings' log as read (a query on
 *   `inningsNumber`, or `watchInnings`)
 * @param {number} innings
 * @param {{ballsPerOver?: number}} [match]
 * @returns {InningsLog}
 */
export function replayInnings(actions, innings, match = {}) {
  const mine = actions.filter((a) => a.inningsNumber === innings)
    .sort((a, b) => compareActionIds(a.id, b.id));
  const nextSeq = mine.reduce((most, a) => Math.max(most, a.sequenceNumber), 0) + 1;
  /** @type {InningsLog} */
  const log = {
    innings, battingTeamId: null, bowlingTeamId: null, steps: [], state: null,
    started: false, ended: false, nextSeq, follows: followsIn(mine, innings, nextSeq),
  };
  /** @type {?BallState} */
  let state = null;
  // The legal balls of the over the last ball's document names, counted by the documents:
  // an over the umpire miscounted stands as bowled (Law 17.5), so a seventh legal ball of an
  // over (a wide corrected into a fair ball) is its ".7", as the scorecard and the feed count
  // it, and the next over still begins at ".1".
  let over = { number: -1, legalBalls: 0 };
  for (const action of mine) {
    if (action.isVoided === true) continue;
    const before = state;
    /** @type {Step} */
    const step = { action, position: actionId(innings, action.sequenceNumber), before, after: null };
    const kind = action.kind ?? "delivery";
    if (kind === "delivery") {
      const legalBalls = over.number === action.overNumber ? over.legalBalls : 0;
      const at = facing(action, legalBalls);
      step.before = at;
      step.label = labelOf(action, at);
      state = nextState(at, /** @type {any} */ (action), match);
      over = { number: action.overNumber, legalBalls: legalBalls + (action.isLegalDelivery ? 1 : 0) };
    } else if (kind === "innings_start") {
      over = { number: -1, legalBalls: 0 };
      log.started = true;
      log.battingTeamId = action.battingTeamId;
      log.bowlingTeamId = action.bowlingTeamId;
      state = {
        strikerId: action.strikerId ?? null, nonStrikerId: action.nonStrikerId ?? null,
        bowlerId: action.bowlerId ?? null, overNumber: 0, ballInOver: 1, legalBalls: 0,
      };
    } else if (kind === "batter_change") {
      state = moved(before, action.strikerId, action.nonStrikerId);
    } else if (kind === "retirement") {
      state = leaves(state, action.batterId);
    } else if (kind === "dismissal") {
      state = leaves(state, action.wicket?.dismissedPlayerId);
    } else if (ENDS.includes(kind)) {
      log.ended = true;
      state = null;
    }
    step.after = state;
    log.steps.push(step);
  }
  log.state = log.ended ? null : state;
  return log;
}
