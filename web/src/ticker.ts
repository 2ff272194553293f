// The ticker, the live commentary: the match's events as they are published
// (matches/{id}/events, in seq order), each ball in the functions' words, the wickets, the
// milestones, the ends of overs and innings. The last seq seen is kept in sessionStorage
// with the events, so a reload or a reconnect asks only for what came after it (watchFeed's
// cursor), and misses nothing.
import { watchFeed } from "@scorebook/client";
import type { FeedEvent } from "@scorebook/client/types";
import type { Firestore } from "firebase/firestore";
import { type Html, html, nothing } from "./html";
import { code, LONGEST_PAUSE_MS, pauseAfter } from "./live";
import { type Names, overs } from "./names";
import { endReason, howOut } from "./words";

const KEEP = 200; // events kept for the ticker (the newest)

interface Saved { lastSeq: number; events: FeedEvent[] }

export function describe(e: FeedEvent, names: Names): string | null {
  switch (e.type) {
    case "BALL_BOWLED": {
      const p = e.payload;
      if (p.commentary) return `${ballLabel(e.over, p.score.balls, p.ball.isLegalDelivery, names.ballsPerOver)} ${p.commentary}`;
      const ball = p.ball;
      if (ball.isWicket) return null; // WICKET_FALLEN says it
      // a boundary off the bat (four byes are the fielding side's, not the batter's)
      if (ball.isBoundary && (ball.runsOffBat === 4 || ball.runsOffBat === 6)) {
        return `${overs(p.score.overs)} ${ball.runsOffBat === 6 ? "SIX" : "FOUR"}! ${names.player(p.striker?.playerId, p.striker?.name)}`;
      }
      return null;
    }
    case "WICKET_FALLEN":
      return `WICKET! ${names.player(e.payload.batterId, e.payload.batter?.name)} ${e.payload.description} (${e.payload.fallOfWicket.wicketNumber}-${e.payload.fallOfWicket.score})`;
    case "OVER_COMPLETE": {
      const p = e.payload;
      return `End of over ${p.over + 1}: ${p.runs} run${p.runs === 1 ? "" : "s"}${p.wickets ? `, ${p.wickets} wkt` : ""}${p.maiden ? " (maiden)" : ""} · ${p.score.runs}/${p.score.wickets}`;
    }
    case "INNINGS_COMPLETE":
      return `Innings over: ${e.payload.total.runs}/${e.payload.total.wickets} (${e.payload.total.overs} ov)${e.payload.endReason ? `, ${endReason(e.payload.endReason)}` : ""}`;
    case "MATCH_COMPLETE":
      return e.payload.result;
    case "MILESTONE_ACHIEVED": {
      const p = e.payload;
      const who = p.playerIds.map((id) => names.player(id)).join(" & ");
      switch (p.milestone) {
        case "batter_runs": return `${p.value === 50 ? "Fifty" : p.value === 100 ? "Hundred" : `${p.value}`} for ${who}${p.balls ? ` (${p.balls} balls)` : ""}`;
        case "partnership_runs": return `${p.value} partnership: ${who}`;
        case "team_runs": return `${p.value} up for ${names.team(p.teamId)}`;
        case "five_wickets": return `Five wickets for ${who}`;
        case "ten_wickets_match": return `Ten wickets in the match for ${who}`;
        case "hat_trick": return `HAT-TRICK for ${who}!`;
      }
      return null;
    }
    case "PLAYER_CHANGED": {
      const p = e.payload;
      if (p.change === "new_batter") return `New batter: ${names.player(p.playerId)}`;
      if (p.change === "new_bowler") return null; // every over: too chatty for a ticker
      if (p.change === "retirement") return `${names.player(p.playerId)} ${howOut(p.retirement) || "retires"}`;
      return `${names.player(p.playerId)} replaces ${names.player(p.replaces)}`;
    }
    case "BALL_RETRACTED":
      // the events it takes back are struck through; its reason is the store's words
      return `Correction by the scorer: ${e.payload.retractedSeqs.length > 1 ? "the lines struck through are" : "the line struck through is"} taken back`;
    case "TARGET_REVISED": {
      const p = e.payload;
      const why = p.reason ? `${p.reason.replaceAll("_", " ")}: ` : "";
      const overs = p.maxOvers != null ? `${p.maxOvers} overs` : "";
      const target = p.target != null ? `${overs ? ", " : ""}target ${p.target}${p.method ? ` (${p.method})` : ""}` : "";
      return `${why.charAt(0).toUpperCase()}${why.slice(1)}${overs}${target}`;
    }
  }
  return null;
}

export class Ticker {
  private saved: Saved;
  private stop: (() => void) | null = null;
  private readonly key: string;
  private refused = false;
  private failures = 0;
  private lastFailure = 0;
  private pause: ReturnType<typeof setTimeout> | undefined;
  private readonly online = () => this.start(); // back online: from the cursor

  constructor(private db: Firestore, private matchId: string, private names: Names,
              private render: (events: FeedEvent[]) => void) {
    this.key = `scorebook:feed:${matchId}`;
    this.saved = this.load();
    addEventListener("online", this.online);
  }

  get lastSeq(): number {
    return this.saved.lastSeq;
  }

  private load(): Saved {
    try {
      const saved = JSON.parse(sessionStorage.getItem(this.key) ?? "null") as Saved | null;
      if (saved && Number.isInteger(saved.lastSeq)) return saved;
    } catch { /* a damaged entry: start again */ }
    return { lastSeq: 0, events: [] };
  }

  private save(): void {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(this.saved));
    } catch { /* full or disabled: the ticker still works, from the start after a reload */ }
  }

  /** Show what is kept and listen from the cursor (again: a running listener is replaced). */
  start(): void {
    this.render(this.saved.events);
    this.listen();
  }

  /** The feed's seqs only grow (a void appends a retraction, it rewrites nothing), so the
   * cursor stays good. */
  private listen(): void {
    this.stopListening();
    this.stop = watchFeed(this.db, this.matchId, this.saved.lastSeq, (events) => {
      const known = new Set(this.saved.events.map((e) => e.seq));
      const fresh = events.filter((e) => !known.has(e.seq));
      const retracted = new Set(fresh.flatMap((e) => e.type === "BALL_RETRACTED" ? e.payload.retractedSeqs : []));
      const kept = this.saved.events.map((e) => retracted.has(e.seq) ? { ...e, retracted: true } : e);
      this.saved = {
        lastSeq: Math.max(this.saved.lastSeq, ...events.map((e) => e.seq)),
        events: [...kept, ...fresh].slice(-KEEP),
      };
      this.save();
      this.render(this.saved.events);
    }, { onError: (error) => this.failed(error) });
  }

  /** The page's match or live documents changed: a ticker the rules refused listens again.
   * A listener that fails has ended: refused (the match made private, or not readable yet),
   * the ticker waits for this; after any other failure it listens again from its cursor after
   * live.ts's pause (from the first pause again once a minute has passed without a failure). */
  resume(): void {
    if (this.refused) this.listen();
  }

  private failed(error: Error): void {
    console.warn("the feed could not be read:", error.message);
    this.stop = null;
    if (code(error) === "permission-denied") {
      this.refused = true;
      return;
    }
    const now = Date.now();
    this.failures = now - this.lastFailure > 2 * LONGEST_PAUSE_MS ? 1 : this.failures + 1;
    this.lastFailure = now;
    this.pause = setTimeout(() => this.listen(), pauseAfter(this.failures));
  }

  private stopListening(): void {
    clearTimeout(this.pause);
    this.pause = undefined;
    this.refused = false;
    this.stop?.();
    this.stop = null;
  }

  /** Stop for good: no listener, no pause, no return when the browser comes back online. */
  close(): void {
    this.stopListening();
    removeEventListener("online", this.online);
  }
}

export function tickerList(events: FeedEvent[], names: Names, limit = 18): Html {
  const lines = events
    .map((e) => ({ e, text: describe(e, names) }))
    .filter((x): x is { e: FeedEvent; text: string } => x.text !== null)
    .slice(-limit)
    .reverse();
  if (!lines.length) return html`<p class="quiet">No events yet.</p>`;
  return html`<ol class="ticker" data-testid="ticker">${lines.map(({ e, text }) =>
    html`<li class="${e.type.toLowerCase()}${boundary(e)}${e.retracted ? " retracted" : ""}" data-seq="${e.seq}">${text}${scorersNote(e)}</li>`)}</ol>`;
}

/** The scorer's own words on a ball, under the commentary's line. */
function scorersNote(e: FeedEvent): Html | typeof nothing {
  const note = e.type === "BALL_BOWLED" ? e.payload.note : null;
  return note ? html`<q class="note" data-testid="scorers-note">${note}</q>` : nothing;
}

/** The ball as commentary numbers it: its over (from 0) and its legal ball in it, "5.6"; a
 * wide or a no-ball carries the number of the ball still to come ("6.4" after three). */
function ballLabel(over: number | null | undefined, balls: number, legal: boolean, perOver: number): string {
  const inOver = legal ? ((balls - 1) % perOver) + 1 : (balls % perOver) + 1;
  const number = over ?? Math.floor((legal ? balls - 1 : balls) / perOver);
  return `${number}.${inOver}`;
}

/** A ball's line marked as a four or a six off the bat, or a wicket, for the eye. */
function boundary(e: FeedEvent): string {
  if (e.type !== "BALL_BOWLED") return "";
  const ball = e.payload.ball;
  if (ball.isWicket) return " out";
  return ball.isBoundary && (ball.runsOffBat === 4 || ball.runsOffBat === 6) ? ` b${ball.runsOffBat}` : "";
}
