// What the scorer console's forms say: each form read into what is to be written (a ball, an
// event, a correction, the next over's bowler), refused with the reason when it says too
// little. Writing it is the console's (scorer.ts): nothing here writes.
import type { DeliveryFields } from "@scorebook/client";
import { type Console, describe, type Doc, type Extra, lastBall, noBallRuns, stateNow } from "./scorer-state";
import { saying, tapped } from "./scorer-view";
import { howOut } from "./words";

/** Where an event goes: the next place of this innings, or (the officials' result after the
 * last innings) the end of the innings before. */
export type At = "next" | "previous";

export type Said =
  | { kind: "ball"; fields: DeliveryFields; what: string }
  | { kind: "event"; event: string; fields: Record<string, unknown>; what: string; at?: At }
  | { kind: "bowler"; id: string; after: string }
  | { kind: "correction"; original: Doc; fields: DeliveryFields; reason: string; what: string }
  | { kind: "lineup"; form: "keeper" | "replace" };

export function value(form: HTMLFormElement, name: string): string {
  return String(new FormData(form).get(name) ?? "");
}

/** What form `name` says; `choice` is the value of the button that sent it (a form may have
 * more than one: the new batter comes in, is timed out or is absent). Throws what is missing. */
export function read(c: Console, name: string, form: HTMLFormElement, choice: string): Said | null {
  return FORMS[name]?.(c, form, choice) ?? null;
}

function said(event: string, fields: Record<string, unknown>, what: string, at?: At): Said {
  return { kind: "event", event, fields, what, ...(at ? { at } : {}) };
}

const FORMS: Record<string, (c: Console, form: HTMLFormElement, choice: string) => Said> = {
  // what the pad's buttons cannot say: overthrows past 6 (3 run and 4 overthrows: 7), or a
  // 4 the batters ran all of (the pad's 4 is a boundary)
  runs(c, form) {
    const runs = Number(value(form, "runs"));
    const boundary = value(form, "boundary") === "yes";
    return { kind: "ball", fields: tapped(c.extra, runs, noBallRuns(c), { boundary } as never), what: saying(c.extra, runs) };
  },
  start(_, form) {
    const [battingTeamId, bowlingTeamId] = value(form, "batting").split("|");
    const fields = {
      battingTeamId, bowlingTeamId, strikerId: value(form, "striker"),
      nonStrikerId: value(form, "nonStriker"), bowlerId: value(form, "bowler"),
    };
    if (fields.strikerId === fields.nonStrikerId) throw new Error("The openers must be two different batters.");
    const overs = value(form, "overs");
    const more = { ...(overs ? { maxOvers: Number(overs) } : {}),
      ...(value(form, "superOver") ? { isSuperOver: true } : {}) };
    return said("innings_start", { ...fields, ...more }, more.isSuperOver ? "Super over" : "Innings start");
  },
  wicket(c, form) {
    const out = value(form, "how");
    const fielder = value(form, "fielder") || undefined;
    // "c sub (Smith)": a substitute may field, and catch, but is no bowler's or keeper's
    const substitutes = fielder && value(form, "substitute") ? [fielder] : undefined;
    const tap = { out, batter: value(form, "batter") || undefined, fielder, substitutes };
    return { kind: "ball", fields: tapped(c.extra, Number(value(form, "runs") || 0), noBallRuns(c), tap as never),
      what: `Wicket, ${howOut(out)}` };
  },
  result(c, form) {
    const result = value(form, "result");
    const fields: Record<string, unknown> = { result };
    if (result === "win" || (result === "tie" && value(form, "winner"))) fields.winnerId = value(form, "winner");
    if (result === "win" && !fields.winnerId) throw new Error("Choose the winner.");
    const runs = value(form, "runs");
    const wickets = value(form, "wickets");
    if (result === "win" && (runs || wickets)) {
      fields.winMargin = { runs: runs ? Number(runs) : null, wickets: wickets ? Number(wickets) : null };
    }
    if (value(form, "method")) fields.method = value(form, "method");
    // after the last innings: at the end of its log, not before the next innings
    const last = !c.view?.steps.length && c.previous;
    return said("match_result", fields, "The officials' result", last ? "previous" : "next");
  },
  rain(_, form) {
    const count = value(form, "overs");
    const unit = value(form, "unit") === "balls" ? "balls" : "overs";
    if (count === "") throw new Error(`Say how many ${unit} the innings has now.`);
    const allotment = unit === "balls" ? { maxBalls: Number(count) } : { maxOvers: Number(count) };
    return said("interruption", { ...allotment, reason: value(form, "reason") }, `Interruption: ${count} ${unit}`);
  },
  retire(_, form) {
    const type = value(form, "how");
    return said("retirement", { batterId: value(form, "batter"), type }, `Retirement (${howOut(type)})`);
  },
  batter(c, form, choice) {
    const incoming = value(form, "batter");
    if (!incoming) throw new Error("Choose the batter coming in.");
    const s = stateNow(c)!;
    if (choice === "timed_out") {
      const wicket = { type: "timed_out", dismissedPlayerId: incoming, fielderIds: [] };
      return said("dismissal", { wicket, bowlerId: s.bowlerId ?? null }, "Wicket, timed out");
    }
    if (choice === "absent") return said("absence", { batterId: incoming, reason: "absent_hurt" }, "Absent hurt");
    const strikerId = s.strikerId ?? incoming;
    const nonStrikerId = s.strikerId ? (s.nonStrikerId ?? incoming) : s.nonStrikerId!;
    return said("batter_change", { strikerId, nonStrikerId }, "New batter");
  },
  bowler(c, form) {
    if (!value(form, "bowler")) throw new Error("Choose the bowler.");
    return { kind: "bowler", id: value(form, "bowler"), after: lastBall(c) };
  },
  out(c, form) {
    const fielder = value(form, "fielder");
    const wicket = { type: value(form, "how"), dismissedPlayerId: value(form, "batter"),
      fielderIds: fielder ? [fielder] : [] };
    return said("dismissal", { wicket, bowlerId: stateNow(c)!.bowlerId ?? null }, `Wicket, ${howOut(wicket.type)}`);
  },
  forfeit(c) {
    return said("forfeit", {}, `Innings ${c.innings} forfeited`);
  },
  penalty(_, form) {
    const runs = Number(value(form, "runs"));
    if (!(runs >= 5 && runs <= 30 && runs % 5 === 0)) throw new Error("Penalty runs are five an offence (Law 41): 5, 10, ... 30.");
    return said("penalty_runs", { runs, awardedToTeamId: value(form, "to"), when: "during", reason: value(form, "reason") },
      `${runs} penalty runs`);
  },
  end(c, form) {
    const reason = value(form, "reason");
    if (!reason) throw new Error("Choose why the innings ends.");
    if (reason === "declared") return said("declaration", {}, `Innings ${c.innings} declared`);
    return said("innings_end", { reason }, `End of innings ${c.innings}`);
  },
  correct: correction,
  keeper: () => ({ kind: "lineup", form: "keeper" }),
  replace: () => ({ kind: "lineup", form: "replace" }),
};

/** A correction of a ball of this innings: what it was (runs, an extra) and whether it took
 * a wicket; who faced and who bowled stay the ball's own. */
function correction(c: Console, form: HTMLFormElement): Said {
  const step = c.view?.steps.find((s) => s.position === value(form, "ball") && s.label);
  if (!step) throw new Error("Choose a ball of this innings to correct.");
  const original = step.action as Doc;
  const w = value(form, "wicket") === "kept" ? original.wicket : null;
  const tap = w ? { out: w.type, batter: w.dismissedPlayerId ?? undefined, fielders: w.fielderIds,
    substitutes: w.substituteFielderIds } : {};
  // a 4 or a 6 is a boundary unless the scorer says the batters ran it all
  const allRun = value(form, "allRun") === "yes" ? { boundary: false } : {};
  const fields = tapped((value(form, "as") || null) as Extra, Number(value(form, "runs")), noBallRuns(c),
    { ...tap, ...allRun } as never);
  const same = fields.totalRuns === original.totalRuns && fields.isLegalDelivery === original.isLegalDelivery
    && JSON.stringify(fields.extras) === JSON.stringify(original.extras) && Boolean(fields.wicket) === Boolean(original.wicket)
    && fields.isBoundary === Boolean(original.isBoundary);
  if (same) throw new Error(`That is what ${describe(step)} already says.`);
  return { kind: "correction", original, fields, reason: value(form, "reason") || "corrected by the scorer",
    what: `Correction of ${describe(step)}` };
}
