// The scorer console's state: the innings' log replayed, and what the scorer has chosen but
// not yet written. Read by the view (scorer-view.ts), changed by the taps (scorer.ts).
import type { BallState, InningsLog, Step } from "@scorebook/client";
import type { Match, MatchLineup } from "@scorebook/client/types";
import type { User } from "firebase/auth";
import type { Backend } from "./firebase";
import type { Journal } from "./journal";
import type { Live } from "./live";
import { howOut } from "./words";

export type Extra = "wide" | "noBall" | "bye" | "legBye" | "noBallBye" | "noBallLegBye" | null;

/** The pad's extras after a tap on one: the same again takes it back; No-ball with Bye or
 * Leg-bye is a no-ball whose runs were run as byes or leg-byes (Law 21.7: the batter did
 * not hit it), either tapped first. */
export function withExtra(current: Extra, tapped: "wide" | "noBall" | "bye" | "legBye"): Extra {
  const noBall = pressedExtra(current, "noBall");
  const ran = pressedExtra(current, "bye") ? "bye" : pressedExtra(current, "legBye") ? "legBye" : null;
  if (tapped === "noBall") {
    if (noBall) return ran;
    return ran ? (ran === "bye" ? "noBallBye" : "noBallLegBye") : "noBall";
  }
  if (tapped === "wide") return current === "wide" ? null : "wide";
  if (noBall) {
    if (ran === tapped) return "noBall";
    return tapped === "bye" ? "noBallBye" : "noBallLegBye";
  }
  return current === tapped ? null : tapped;
}

/** Whether the pad's button for `key` shows pressed under `extra`. */
export function pressedExtra(extra: Extra, key: "wide" | "noBall" | "bye" | "legBye"): boolean {
  if (key === "noBall") return extra === "noBall" || extra === "noBallBye" || extra === "noBallLegBye";
  if (key === "bye") return extra === "bye" || extra === "noBallBye";
  if (key === "legBye") return extra === "legBye" || extra === "noBallLegBye";
  return extra === key;
}
export type Doc = Record<string, any>;

export interface Console {
  backend: Backend;
  matchId: string;
  user: User | null;
  role: string | null | undefined; // the caller's scorer role in force, "admin", null (none), undefined (being read)
  stopRole: (() => void) | null; // the listener of the caller's match roles (scorer-role.ts)
  live: Live;
  scoreRead: boolean;      // live/score has answered (it may say null: nothing yet)
  stop: (() => void) | null;
  innings: number;         // the innings being scored (0: not known yet)
  log: Doc[];              // its log as the last snapshot had it
  inflight: Map<string, Doc>; // this device's writes the server has not answered, laid over the log
  view: InningsLog | null; // the log replayed: who is where, what counts, the next position
  stopLog: (() => void) | null;
  previous: InningsLog | null; // the innings before, while this one has not begun (its last action can be undone)
  stopPrevious: (() => void) | null;
  heldBack: number;        // live/score's version when an undo reopened an innings: its closure is old news
  bowlerFor: { after: string; id: string } | null; // the bowler chosen for the ball after this one (its id; "" before the first)
  extra: Extra;            // the extra the next runs tap is for
  shot: number | null;     // where the next ball went, the wagon wheel's segment (1-8), if tapped
  panel: "wicket" | "retire" | "out" | "end" | "rain" | "result" | "penalty" | "bowler" | "field" | null; // the form opened from the pad
  pending: number;         // writes this page sent that the server has not acknowledged
  queued: number;          // the log's documents Firestore's cache holds for the server
  queuedBefore: number;    // the same of the innings before, while it is listened to
  acks: number;            // the log snapshots that counted writes queued: the last one's wait for their acknowledgement clears the count
  message: { text: string; causes: string[]; ok?: boolean; each?: string[] } | null; // each: the refusals joined in one
  ready: boolean;          // the innings' log has answered
  resuming: boolean;
  reset: Set<string>;      // forms drawn afresh at the next render (they have just written)
  busy: Set<string>;       // forms whose write is under way: their button is disabled
  correctAt: string | null; // the position chosen in the correction form (null: the last ball)
  undone: Undone | null;   // this page's undos since its last other write: what a redo writes again
  startBatting: string | null; // the side chosen to bat in the start form ("bat|bowl")
  lineups: MatchLineup[] | null; // the match's lineup entries (a keeper changed, a replacement: scorer-field.ts)
  stopLineups: (() => void) | null;
  journal: Journal;        // each write kept in localStorage before it is sent: a closed page loses no tap
}

/** The runs a no-ball costs in this match (Law 21.7: the competition's, 1 or 2). */
export function noBallRuns(c: Console): 1 | 2 {
  return (c.live.match?.noBallRuns ?? 1) as 1 | 2;
}

export function perOver(match: Match | null): number {
  return match?.ballsPerOver ?? 6;
}

/** Who is where before the next ball: the log's, with the bowler chosen for it if the log
 * does not name one yet (a new over, or a change of bowler). */
export function stateNow(c: Console): BallState | null {
  const s = c.view?.state;
  if (!s) return null;
  const chosen = c.bowlerFor?.after === lastBall(c) ? c.bowlerFor.id : null;
  return chosen ? { ...s, bowlerId: chosen } : s;
}

/** The undos in a row of this page (the last one last), in the innings they were made in,
 * while the log's next place is `seq`: nothing but a redo has been written since. */
export interface Undone {
  taken: { action: Doc; what: string }[];
  innings: number;
  seq: number;
}

/** What the next redo writes again: the last undo of those in a row, while nothing else was
 * written after them in this innings (two undos are two redos, the earlier ball first). */
export function toRedo(c: Console): { action: Doc; what: string } | null {
  const u = c.undone;
  return u && u.innings === c.innings && c.view?.nextSeq === u.seq ? u.taken.at(-1) ?? null : null;
}

/** The place of the innings' last ball that counts ("" before the first): a bowler chosen
 * after it bowls the next, whatever events come between (a new batter, an interruption, a
 * correction of that ball, which keeps its place). */
export function lastBall(c: Console): string {
  return c.view?.steps.findLast((s) => s.label)?.position ?? "";
}

/** Who bowled the over before this one (Law 17.8: he may not finish this one either). */
export function lastOversBowler(c: Console): string | null {
  const over = stateNow(c)?.overNumber;
  const before = c.view?.steps.findLast((s) => s.label && s.action.overNumber !== over);
  return (before?.action.bowlerId as string | undefined) ?? null;
}

/** What an undo takes back: this innings' last action, or where this innings has none yet
 * the last of the one before (the ball that ended it, or its end). */
export function undoTarget(c: Console): { log: InningsLog; step: Step } | null {
  const log = !c.view?.steps.length && c.previous?.steps.length ? c.previous : c.view;
  const step = log?.steps.at(-1);
  return log && step ? { log, step } : null;
}

/** What a step was, in a scorer's words: "0.4 (4 runs)", "the new batter". */
export function describe(step: Step): string {
  const a = step.action;
  if ((a.kind ?? "delivery") !== "delivery") return ({
    innings_start: "the start of the innings", batter_change: "the change of batters", retirement: "the retirement",
    innings_end: "the end of the innings", declaration: "the declaration", penalty_runs: "the penalty runs",
    dismissal: "the wicket", absence: "the absence", forfeit: "the forfeit", match_result: "the result",
  } as Record<string, string>)[a.kind] ?? a.kind.replaceAll("_", " ");
  const runs = a.totalRuns === 1 ? "1 run" : `${a.totalRuns} runs`;
  return `ball ${step.label} (${runs}${a.wicket ? `, ${howOut(a.wicket.type)}` : ""})`;
}

/** Writes not yet acknowledged: those this page sent, or more if Firestore's cache holds
 * some from before a reload. */
export function waiting(c: Console): number {
  return Math.max(c.pending, c.queued + c.queuedBefore);
}

/** What ends the innings by itself in this device's log, before the functions have said so
 * (a ball tapped in the meantime, a bounced thumb or offline, was recorded after the end
 * and counted): the chase's target reached (Law 16.6), or its allotted overs bowled (Law
 * 16's limited overs; counted as the functions count them, an over done at its sixth legal
 * ball, so that an over miscounted long does not end the innings early; in balls where the
 * allotment is not whole overs). The limits are live/now's, so not while this device's log
 * holds a change to them the functions have not folded (an interruption, a revised target)
 * or has taken back the last action live/now folded. Null when the log does not show it. */
export function endedByTheBalls(c: Console, ballsPerOver: number): "overs" | "target" | null {
  const now = c.live.now;
  const innings = now?.currentInnings;
  if (!c.view || !innings || innings.inningsNumber !== c.innings) return null;
  const folded = c.view.steps.findIndex((s) => s.action.id === now!.lastActionId);
  if (folded < 0 || c.view.steps.slice(folded + 1).some((s) => LIMITS.has(s.action.kind))) return null;
  let runs = 0;
  const legal = new Map<number, number>(); // legal balls in each over
  for (const { action: a } of c.view.steps) {
    if ((a.kind ?? "delivery") === "delivery") {
      legal.set(a.overNumber, (legal.get(a.overNumber) ?? 0) + (a.isLegalDelivery ? 1 : 0));
      runs += a.totalRuns ?? 0;
    } else if (a.kind === "penalty_runs" && (a.awardedToTeamId ?? c.view.battingTeamId) === c.view.battingTeamId) {
      runs += a.runs ?? 0;
    }
  }
  if (innings.target !== null && runs >= innings.target) return "target";
  const last = Math.max(-1, ...legal.keys());
  const oversDone = [...legal.keys()].filter((o) => o < last).length + ((legal.get(last) ?? 0) >= ballsPerOver ? 1 : 0);
  const balls = [...legal.values()].reduce((n, b) => n + b, 0);
  const whole = innings.maxOvers !== null && Number.isInteger(innings.maxOvers);
  if (whole && oversDone >= innings.maxOvers!) return "overs";
  if (!whole && innings.ballsRemaining !== null && balls >= innings.balls + innings.ballsRemaining) return "overs";
  return null;
}

/** The actions that change an innings' limits: live/now's are stale until they are folded. */
const LIMITS = new Set(["interruption", "revised_target"]);
