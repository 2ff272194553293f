// @scorebook/client: score cricket into scorebook's Firestore with the modular firebase SDK.
// The guide: docs/clients.md. Pure builders (no Firebase) are also at "@scorebook/client/builders".
export {
  actionId, compareActionIds, correctionId, followsIn, newKey, parseActionId, positionAfter,
} from "./ids.js";
export {
  ball, baseFields, bye, delivery, event, lawProblems, legBye, nextState, noBall, NOTE_LENGTH, wide,
} from "./builders.js";
export {
  actionsOf, correctBall, countingActions, readCountingActions, readNextPosition, recordAction,
  recordBall, recordEvent, voidBall, voidFields, watchInnings, watchLiveScore,
} from "./scoring.js";
export { pollLiveNow, watchLiveNow, watchScorecard } from "./live.js";
export { replayInnings } from "./replay.js";
export {
  appoint, changeKeeper, connectToEmulators, createMatch, createTeam, EMULATOR_PORTS, FORMATS, matchFromSquads,
  replacePlayer, setLineup, waitUntilLive,
} from "./admin.js";
export { completedItToday, explainRefusal, validateWithFunction, voidCauses } from "./refusals.js";
export { FEED_GAP_WAIT_MS, eventsAfter, readFeed, unbroken, watchFeed } from "./feed.js";
export { follow, NOTICE_KINDS, registerDevice, unfollow, watchNotifications } from "./notify.js";
export {
  RESOLUTION_METHODS, resolveDispute, submissionsOf, submitBall, submitEvent, submitVoid,
  watchDisputes,
} from "./consensus.js";

// The kit's own types, for apps type-checking with TypeScript or JSDoc; the documents'
// types are "@scorebook/client/types" (generated: types/scorebook.d.ts).
/** @typedef {import('./ids.js').Position} Position */
/** @typedef {import('./builders.js').BallState} BallState */
/** @typedef {import('./builders.js').DeliveryFields} DeliveryFields */
/** @typedef {import('./builders.js').Tap} Tap */
/** @typedef {import('./live.js').Scorecard} Scorecard */
/** @typedef {import('./live.js').Transport} Transport */
/** @typedef {import('./replay.js').InningsLog} InningsLog */
/** @typedef {import('./admin.js').Squad} Squad */
/** @typedef {import('./admin.js').Selected} Selected */
/** @typedef {import('./replay.js').Step} Step */
/** @typedef {import('./refusals.js').Explanation} Explanation */
/** @typedef {import('./refusals.js').Cause} Cause */
/** @typedef {import('./refusals.js').Refusal} Refusal */
/** @typedef {import('./refusals.js').ExplainOptions} ExplainOptions */
/**
 * @template T
 * @typedef {import('./builders.js').Written<T>} Written
 */
