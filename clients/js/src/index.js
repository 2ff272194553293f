// @scorebook/client: score cricket into scorebook's Firestore with the modular firebase SDK.
// The guide: docs/clients.md. Pure builders (no Firebase) are also at "@scorebook/client/builders".
export { actionId, compareActionIds, correctionId, parseActionId } from "./ids.js";
export {
  ball, baseFields, bye, delivery, event, lawProblems, legBye, nextState, noBall, wide,
} from "./builders.js";
export {
  actionsOf, correctBall, countingActions, readCountingActions, readNextPosition, recordBall,
  recordEvent, voidBall, voidFields, watchLiveScore,
} from "./scoring.js";
export { explainRefusal } from "./refusals.js";
