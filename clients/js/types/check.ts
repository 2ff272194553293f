// The generated types used as apps use them: a scorer writes a delivery and a lineup entry,
// a spectator reads live/score and live/lineups. Never run: tests/unit/tools/test_schema_export.py
// compiles it with `tsc --noEmit`, so the declarations in scorebook.d.ts are known to compile
// against the JS SDK, to describe real documents, and to refuse wrong ones (@ts-expect-error).
import { serverTimestamp, Timestamp, type WithFieldValue } from "firebase/firestore";

import type {
  Action,
  ActionKind,
  Delivery,
  InningsStart,
  LiveLineups,
  LiveScore,
  Match,
  MatchLineup,
  MatchRoleAssignment,
  ScorebookDocument,
} from "./scorebook.js";

const now = Timestamp.now();

export const match: Match = {
  id: "m1",
  teams: [
    { id: "home", name: "Home XI", players: [{ id: "p1", name: "A Batter" }], playerIds: ["p1"] },
    { id: "away", name: "Away XI", playerIds: [] },
  ],
  scheduledOvers: 20,
  dates: ["2026-11-22"],
};

export const start: InningsStart = {
  kind: "innings_start",
  id: "1-0001",
  matchId: "m1",
  inningsNumber: 1,
  sequenceNumber: 1,
  timestamp: now,
  recordedBy: "uid-scorer",
  battingTeamId: "home",
  bowlingTeamId: "away",
};

// A four off the bat: what a scoring app writes (kind may be left out: a ball).
export const four: Delivery = {
  id: "1-0002",
  matchId: "m1",
  inningsNumber: 1,
  sequenceNumber: 2,
  timestamp: now,
  recordedBy: "uid-scorer",
  isVoided: false,
  overNumber: 0,
  ballInOver: 1,
  strikerId: "p1",
  nonStrikerId: "p2",
  bowlerId: "q1",
  runsOffBat: 4,
  extras: { wide: 0, noBall: 0, bye: 0, legBye: 0, penalty: 0 },
  totalRuns: 4,
  isLegalDelivery: true,
  bowlingAngle: "Round the Wicket",
};

export const wide: Delivery = { ...four, id: "1-0003", sequenceNumber: 3, kind: "delivery",
  runsOffBat: 0, extras: { wide: 1 }, totalRuns: 1, isLegalDelivery: false };

export const log: Action[] = [start, four, wide];

// A lineup entry as the team's official writes it: the request time where the rules want it.
export const entry: WithFieldValue<MatchLineup> = {
  id: "home_p1",
  matchId: "m1",
  teamId: "home",
  playerId: "p1",
  role: "playing_xi",
  isCaptain: true,
  isViceCaptain: false,
  isWicketkeeper: false,
  battingPosition: 1,
  selectedAt: serverTimestamp(),
  selectedBy: "uid-coach",
  createdAt: serverTimestamp(),
};

export const scorer: MatchRoleAssignment = {
  id: "m1_uid-scorer_scorer_neutral",
  matchId: "m1",
  personId: "uid-scorer",
  role: "scorer_neutral",
  status: "assigned",
  assignedBy: "uid-admin",
  assignedAt: now,
  createdAt: now,
};

export function describe(action: Action): string {
  switch (action.kind) {
    case undefined:
    case "delivery":
      return `${action.overNumber}.${action.ballInOver}: ${action.totalRuns}`;
    case "innings_start":
      return `${action.battingTeamId} bat`;
    case "match_result":
      return action.result;
    default:
      return action.kind;
  }
}

export const kinds: ActionKind[] = ["delivery", "innings_start", "match_result"];

// What a spectator's listener shows from live/score.
export function scoreLine(live: LiveScore): string {
  const innings = live.currentInnings;
  const score = innings ? `${innings.runs}/${innings.wickets} (${innings.overs} ov)` : "";
  const first = live.innings1;
  const firstLine = first ? `${first.runs}/${first.wickets}` : "yet to bat";
  const batters = live.batsmen.map((b) => `${b.name ?? b.playerId} ${b.runs}*`).join(", ");
  const updated: Date | undefined = live.lastUpdated?.toDate();
  return `${score} ${firstLine} ${batters} ${live.extras.total} ${updated?.toISOString() ?? ""}`;
}

export function captains(lineups: LiveLineups): (string | null)[] {
  return lineups.teams.map((team) => team.captainId);
}

export const anything: ScorebookDocument[] = [match, start, scorer];

// The types refuse what the schema refuses.
// @ts-expect-error: an unknown kind of action
export const unknownKind: Action = { ...start, kind: "lunch" };
// @ts-expect-error: a wide is runs, not a flag
export const flag: Delivery = { ...four, extras: { wide: true } };
// @ts-expect-error: the keeper flag is isWicketkeeper
export const misspelt: MatchLineup = { ...scorerLineup(), isWicketKeeper: true };
// @ts-expect-error: a timestamp is a Timestamp, not text
export const text: Delivery = { ...four, timestamp: "2026-11-22T10:00:00Z" };
// @ts-expect-error: live/score's version is a number
export const version: LiveScore["version"] = "1";

function scorerLineup(): MatchLineup {
  return { id: "home_p1", matchId: "m1", teamId: "home", playerId: "p1", role: "reserve",
    isCaptain: false, isViceCaptain: false, isWicketkeeper: false, selectedAt: now,
    selectedBy: "uid-coach", createdAt: now };
}
