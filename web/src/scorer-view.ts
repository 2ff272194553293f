// What the scorer console shows: the forms and the pad, drawn from the console's state (the
// innings' log replayed) on every change. The taps and writes are scorer.ts's.
import {
  ball, bye, completedItToday, type DeliveryFields, type InningsLog, legBye, noBall, NOTE_LENGTH, type Step, type Tap, wide,
} from "@scorebook/client";
import type { Match } from "@scorebook/client/types";
import { signInForm } from "./account";
import { type Html, html, nothing } from "./html";
import { title, unread } from "./live";
import { fieldPanel, onTheField } from "./scorer-field";
import { Names, overs } from "./names";
import {
  type Console, describe, type Doc, endedByTheBalls, type Extra, lastOversBowler, perOver, pressedExtra, stateNow, toRedo, undoTarget, waiting,
} from "./scorer-state";
import { endReason, extra as extraWord, howOut, role as roleWord } from "./words";

const HOW_OUT = ["bowled", "caught", "lbw", "run_out", "stumped", "hit_wicket", "handled_ball",
  "obstructing_field", "hit_the_ball_twice"] as const;
const RETIRE = ["retired_hurt", "retired_not_out", "retired_out"] as const;
/** Wickets with no ball bowled (Laws 37, 38, 40): the bowler's over goes on. */
const NO_BALL_OUT = ["run_out", "obstructing_field", "handled_ball"] as const;

/** What was tapped: runs, for the extra chosen (or off the bat), with a wicket if any. */
export function tapped(extra: Extra, runs: number, noBallRuns: number, tap: Tap = {}): DeliveryFields {
  switch (extra) {
    case "wide": return wide({ ...tap, runs });
    case "noBall": return noBall({ ...tap, runs, noBallRuns } as Tap);
    case "noBallBye": return noBall({ ...tap, runs: 0, byes: runs, noBallRuns } as Tap);
    case "noBallLegBye": return noBall({ ...tap, runs: 0, legByes: runs, noBallRuns } as Tap);
    case "bye": return bye(runs, tap);
    case "legBye": return legBye(runs, tap);
    default: return ball({ ...tap, runs });
  }
}

function options(ids: string[], names: Names, selected?: string | null, note?: (id: string) => string): Html {
  return html`${ids.map((id) => html`<option value="${id}"${id === selected ? html` selected` : nothing}>${names.player(id)}${note?.(id) ?? ""}</option>`)}`;
}

function button(label: string, busy: boolean, cls = "primary", busyLabel = "Sending…"): Html {
  return html`<button type="submit" class="${cls}"${busy ? html` disabled` : nothing}>${busy ? busyLabel : label}</button>`;
}

const players = (match: Match, teamId: string | null | undefined) =>
  (match.teams.find((t) => t.id === teamId)?.players ?? []).map((p) => p.id);

/** Who may bat or bowl for a side: its lineup's players on the field (a replacement in, the
 * player he replaced out; a substitute fields but neither bats nor bowls, Law 24.1.2), in
 * its batting order; everyone the match lists for it while no lineup of two is picked. */
function playing(c: Console, match: Match, teamId: string | null | undefined): string[] {
  const listed = players(match, teamId);
  const xi = onTheField(c.lineups ?? [], teamId ?? "");
  if (xi.length < 2) return listed;
  // a player the lineup gives no place bats after those it places, in the squad's order
  const listedAt = (id: string) => {
    const at = listed.indexOf(id);
    return at < 0 ? listed.length : at;
  };
  const order = (l: { playerId: string; battingPosition?: number | null }) =>
    l.battingPosition ?? 100 + listedAt(l.playerId);
  return xi.sort((a, b) => order(a) - order(b)).map((l) => l.playerId);
}

/** The start form's bowler: the last of the side (a batting order ends with its bowlers),
 * not a twelfth player a squad lists beyond playersPerSide, who may not bowl. */
const lastOfTheSide = (ids: string[], match: Match) =>
  ids[Math.min(ids.length, match.playersPerSide ?? 11) - 1];

/** Who bats next: the side that did not bat the innings before (Law 12: alternate innings;
 * a follow-on is chosen by hand), or at the start the toss's choice. */
function battingFirst(c: Console, match: Match): string {
  const [a, b] = match.teams.map((t) => t.id);
  const other = (id: string) => (id === a ? b : a);
  const before = c.previous?.battingTeamId ?? (c.live.now?.currentInnings?.inningsNumber === c.innings - 1 ? c.live.now.currentInnings.battingTeamId : undefined);
  const toss = match.toss;
  const bats = before ? other(before)
    : toss?.winnerId && toss.decision ? (toss.decision === "bat" ? toss.winnerId : other(toss.winnerId)) : a;
  return `${bats}|${other(bats)}`;
}

function startForm(c: Console, match: Match, names: Names, superOver = false): Html {
  const chosen = c.startBatting ?? battingFirst(c, match);
  const [bat, bowl] = chosen.split("|");
  // Law 14: after the first two innings, the side that batted second may be made to bat again
  const followOn = match.inningsPerSide === 2 && c.innings === 3 && !superOver
    ? c.previous?.battingTeamId ?? null : null;
  const teams = match.teams.map((t) => {
    const pair = `${t.id}|${match.teams.find((o) => o.id !== t.id)!.id}`;
    return html`<option value="${pair}"${pair === chosen ? html` selected` : nothing}>${t.name}${t.id === followOn ? " (follows on)" : ""}</option>`;
  });
  const batters = playing(c, match, bat);
  const bowlers = playing(c, match, bowl);
  const target = undoTarget(c);
  return html`<form data-form="start"><h2>${superOver ? "Start a super over" : `Start innings ${c.innings}`}</h2>
    ${superOver ? html`<input type="hidden" name="superOver" value="yes">` : nothing}
    <label>Batting <select name="batting">${teams}</select></label>
    ${followOn ? html`<p class="quiet">The side that batted second follows on if the other enforces it (Law 14.1: a lead of 200 runs in a match of five days or more, 150 in three or four, 100 in two, 75 in one).</p>` : nothing}
    <label>Striker <select name="striker">${options(batters, names, batters[0])}</select></label>
    <label>Non-striker <select name="nonStriker">${options(batters, names, batters[1])}</select></label>
    <label>Bowler <select name="bowler">${options(bowlers, names, lastOfTheSide(bowlers, match))}</select></label>
    ${match.scheduledOvers && !superOver ? html`<label>Overs <input name="overs" type="number" min="1" max="500" placeholder="${match.scheduledOvers}"></label>
    <p class="quiet">Leave the overs empty unless rain has cut the innings before it starts.</p>` : nothing}
    ${button("Start the innings", c.busy.has("start"))}</form>
    ${match.inningsPerSide === 2 && !superOver ? html`<details class="forfeit"><summary>Forfeit innings ${c.innings}…</summary>
      <form data-form="forfeit" class="panel confirm"><p>Law 15.2: the side due to bat forfeits this innings; it counts as a completed innings of 0 for 0.</p>
      ${button(`Yes, forfeit innings ${c.innings}`, c.busy.has("forfeit"), "danger")}</form></details>` : nothing}
    ${target ? html`<div class="controls"><button type="button" data-action="undo">Undo ${describe(target.step)} (innings ${target.log.innings})</button></div>` : nothing}`;
}

/** Who is out and who retired not out (and may resume, Law 25.4.2), from the innings' log. */
function gone(view: InningsLog): { out: Set<string>; retired: Set<string> } {
  const out = new Set<string>();
  const retired = new Set<string>();
  for (const { action: a } of view.steps) {
    const kind = a.kind ?? "delivery";
    if ((kind === "delivery" || kind === "dismissal") && a.wicket) {
      (["retired_hurt", "retired_not_out"].includes(a.wicket.type) ? retired : out).add(a.wicket.dismissedPlayerId);
    } else if (kind === "retirement") {
      (a.type === "retired_out" ? out : retired).add(a.batterId);
    } else if (kind === "absence") {
      out.add(a.batterId); // Law 13.3: he cannot come in; void the absence if he does
    } else if (kind === "batter_change") {
      retired.delete(a.strikerId);
      retired.delete(a.nonStrikerId);
    }
  }
  return { out, retired };
}

function batterForm(c: Console, match: Match, names: Names): Html {
  const s = stateNow(c)!;
  const { out, retired } = gone(c.view!);
  const batted = new Set(c.view!.steps.flatMap((st) => [st.action.strikerId, st.action.nonStrikerId]));
  const next = playing(c, match, c.view!.battingTeamId).filter((id) => !out.has(id)
    && id !== s.strikerId && id !== s.nonStrikerId && (!batted.has(id) || retired.has(id)));
  if (!next.length) return html`<p class="quiet">No batter is left to come in: end the innings.</p>`;
  return html`<form data-form="batter"><h2>New batter</h2>
    <label>In comes <select name="batter">${options(next, names, next.find((id) => !retired.has(id)),
      (id) => (retired.has(id) ? " (resumes his innings)" : ""))}</select></label>
    ${button("Send in", c.busy.has("batter"))}
    <details class="not-in"><summary>The batter chosen does not come in…</summary>
    <div class="controls"><button type="submit" value="timed_out" class="danger">Timed out (Law 40)</button>
      <button type="submit" value="absent">Absent hurt (Law 13.3)</button></div></details></form>`;
}

function bowlerForm(c: Console, match: Match, names: Names): Html {
  const s = stateNow(c)!;
  const last = c.view!.steps.findLast((st) => st.label)?.action.bowlerId;
  return html`<form data-form="bowler"><h2>New bowler, over ${s.overNumber + 1}</h2>
    <label>Bowler <select name="bowler" required><option value="" selected disabled>Choose the bowler…</option>${options(playing(c, match, c.view!.bowlingTeamId).filter((id) => id !== last), names)}</select></label>
    ${button("Bowl", false)}</form>`;
}

function wicketForm(c: Console, match: Match, names: Names): Html {
  const s = stateNow(c)!;
  return html`<form data-form="wicket" class="panel"><h2>Wicket${c.extra ? html` off a ${extraWord(c.extra)}` : nothing}</h2>
    <label>How <select name="how">${HOW_OUT.map((h) => html`<option value="${h}">${howOut(h)}</option>`)}</select></label>
    <label>Who is out <select name="batter"><option value="${s.strikerId}">${names.player(s.strikerId)} (striker)</option><option value="${s.nonStrikerId}">${names.player(s.nonStrikerId)} (non-striker)</option></select></label>
    <label>Fielder <select name="fielder"><option value="">none</option>${options(players(match, c.view!.bowlingTeamId), names)}</select></label>
    <label class="check"><input type="checkbox" name="substitute" value="yes"> the fielder was a substitute (Law 24)</label>
    <label>Runs completed <input name="runs" type="number" min="0" max="6" value="0"></label>
    ${button("Record the wicket", c.busy.has("wicket"), "danger")}</form>`;
}

/** A wicket with no ball bowled: the non-striker run out backing up before the bowler
 * delivers (Law 38.3), obstructing the field or handling the ball between balls. */
function outForm(c: Console, match: Match, names: Names): Html {
  const s = stateNow(c)!;
  return html`<form data-form="out" class="panel"><h2>Out, no ball bowled</h2>
    <label>Who <select name="batter"><option value="${s.nonStrikerId}">${names.player(s.nonStrikerId)} (non-striker)</option><option value="${s.strikerId}">${names.player(s.strikerId)} (striker)</option></select></label>
    <label>How <select name="how">${NO_BALL_OUT.map((h) => html`<option value="${h}">${howOut(h)}</option>`)}</select></label>
    <label>Fielder <select name="fielder"><option value="">none</option>${options(players(match, c.view!.bowlingTeamId), names)}</select></label>
    <p class="quiet">No ball counts; the over goes on with the next batter.</p>
    ${button("Record the dismissal", c.busy.has("out"), "danger")}</form>`;
}

/** Law 25.4: a batter retires between balls; no ball is bowled. */
function retireForm(c: Console, names: Names): Html {
  const s = stateNow(c)!;
  return html`<form data-form="retire" class="panel"><h2>A batter retires</h2>
    <label>Who <select name="batter"><option value="${s.strikerId}">${names.player(s.strikerId)} (striker)</option><option value="${s.nonStrikerId}">${names.player(s.nonStrikerId)} (non-striker)</option></select></label>
    <label>How <select name="how">${RETIRE.map((h) => html`<option value="${h}">${howOut(h)}</option>`)}</select></label>
    <p class="quiet">Retired hurt or not out: he may resume later. Retired out: a wicket, not the bowler's.</p>
    ${button("Record the retirement", c.busy.has("retire"))}</form>`;
}

/** Law 41: five penalty runs an offence, to either side, recorded between balls (a penalty
 * on a ball, e.g. the ball hitting a fielder's helmet on the ground, comes after that ball). */
function penaltyForm(c: Console, match: Match): Html {
  const side = (id: string) => match.teams.find((t) => t.id === id)?.name ?? id;
  const batting = c.view!.battingTeamId ?? "";
  const fielding = c.view!.bowlingTeamId ?? "";
  return html`<form data-form="penalty" class="panel"><h2>Penalty runs</h2>
    <label>To <select name="to"><option value="${batting}">${side(batting)} (batting)</option><option value="${fielding}">${side(fielding)} (fielding)</option></select></label>
    <label>Runs <input name="runs" type="number" min="5" max="30" step="5" value="5"></label>
    <label>Why <select name="reason">${PENALTIES.map((r) => html`<option value="${r}">${r}</option>`)}</select></label>
    <p class="quiet">Runs to the fielding side go to its last innings, or its next if it has not batted (Law 41.17).</p>
    ${button("Award the penalty", c.busy.has("penalty"))}</form>`;
}

const PENALTIES = [
  "the ball struck a fielder's helmet on the ground (Law 28.3)",
  "a fielder fielded the ball illegally (Law 28.2)",
  "a deliberate short run (Law 18.5)",
  "damage to the pitch (Law 41.14)",
  "time wasting (Law 41.9)",
  "another offence (Law 41)",
];

/** Law 17.8: a bowler who cannot finish an over (hurt, or suspended by the umpire) is
 * replaced for its remaining balls, by anyone but the bowler of the over before; and a bowler
 * picked wrongly is put right before his first ball. */
function changeBowlerForm(c: Console, match: Match, names: Names): Html {
  const s = stateNow(c)!;
  const barred = lastOversBowler(c);
  const others = playing(c, match, c.view!.bowlingTeamId).filter((id) => id !== s.bowlerId && id !== barred);
  return html`<form data-form="bowler" class="panel"><h2>Another bowler for over ${s.overNumber + 1}</h2>
    <label>Bowler <select name="bowler">${options(others, names)}</select></label>
    ${button("Bowl on", false)}</form>`;
}

/** Rain or bad light: play resumes with the innings' overs (or balls) cut; the functions
 * revise the target by the rain rule. */
function rainForm(c: Console, match: Match): Html {
  const now = c.live.now?.currentInnings;
  const here = now && now.inningsNumber === c.innings ? now : null;
  // a format counted in balls (the Hundred's sets of five) is cut in balls
  const inBalls = (match.ballsPerOver ?? 6) !== 6;
  const perOver = match.ballsPerOver ?? 6;
  const left = here?.ballsRemaining != null ? here.balls + here.ballsRemaining
    : match.scheduledOvers != null ? match.scheduledOvers * perOver : null;
  const count = inBalls ? left : here ? here.maxOvers : match.scheduledOvers;
  const unit = (u: string, word: string) => html`<option value="${u}"${(u === "balls") === inBalls ? " selected" : ""}>${word}</option>`;
  return html`<form data-form="rain" class="panel"><h2>Play stopped, overs lost</h2>
    <label>The innings now has <input name="overs" type="number" min="0" max="3000" value="${count ?? ""}">
      <select name="unit" aria-label="in">${unit("overs", "overs")}${unit("balls", "balls")}</select></label>
    <label>Why <select name="reason"><option value="rain">rain</option><option value="bad_light">bad light</option>
      <option value="wet_outfield">wet outfield</option><option value="other">another reason</option></select></label>
    <p class="quiet">Record it when play resumes. The target and the par follow by the rain rule (Duckworth-Lewis); overs no more than bowled end the innings.</p>
    ${button("Record the interruption", c.busy.has("rain"))}</form>`;
}

/** The officials' result: it stands, whatever the innings give (a difference is flagged for
 * review). A margin the innings show need not be typed. */
function resultForm(c: Console, match: Match): Html {
  const results = [["win", "a win"], ["tie", "a tie"], ["draw", "a draw"], ["no_result", "no result"], ["abandoned", "abandoned"]];
  const methods = [["", "none"], ["D/L", "D/L"], ["DLS", "DLS"], ["VJD", "VJD"], ["Lost fewer wickets", "lost fewer wickets"]];
  return html`<form data-form="result" class="panel confirm"><h2>The officials' result</h2>
    <label>Result <select name="result">${results.map(([v, t]) => html`<option value="${v}">${t}</option>`)}</select></label>
    <label>Winner (a win, or a tie's tie-break) <select name="winner"><option value="">none</option>${match.teams.map((t) => html`<option value="${t.id}">${t.name}</option>`)}</select></label>
    <label>By runs <input name="runs" type="number" min="0" max="2000"></label>
    <label>By wickets <input name="wickets" type="number" min="0" max="${(match.playersPerSide ?? 11) - 1}"></label>
    <label>Method <select name="method">${methods.map(([v, t]) => html`<option value="${v}">${t}</option>`)}</select></label>
    <p class="quiet">This is what the scorecard, the feed and the tables will show.</p>
    ${button("Record the result", c.busy.has("result"), "danger")}
    <button type="button" data-action="panel" data-panel="result">Cancel</button></form>`;
}

/** The match is over: its result, the officials' to record, a super over after a tie, and
 * an undo of what ended it: the scorer's for a day, then an admin's. */
function matchOver(c: Console, match: Match, names: Names): Html {
  const score = c.live.now!;
  const target = undoTarget(c);
  const back = target?.step;
  return html`<section class="panel"><h2>The match is over</h2><p class="result">${score.result ?? ""}</p>
    ${c.panel === "result" ? resultForm(c, match)
      : html`<div class="controls"><button type="button" data-action="panel" data-panel="result">Record the officials' result…</button>
        ${!back ? nothing
          : c.role === "admin" || completedItToday(back.action, score.lastActionId) ? html`<button type="button" data-action="undo">Undo ${describe(back)} (innings ${target!.log.innings})</button>`
          : html`<p class="quiet" data-testid="undo-admin">Undoing ${describe(back)} is an admin's now: a scorer takes back what completed the match on the day only.</p>`}</div>`}
    </section>${score.resultType === "tie" ? startForm(c, match, names, true) : nothing}`;
}

/** The reason the score already shows, if any: the Laws end an innings so by themselves. */
function endDefault(c: Console, match: Match): string {
  const now = c.live.now?.currentInnings;
  if (!now || now.inningsNumber !== c.innings) return "";
  if (now.target != null && now.runs >= now.target) return "target";
  if (now.maxOvers != null && now.balls >= now.maxOvers * perOver(match)) return "overs";
  if (now.wickets >= (match.playersPerSide ?? 11) - 1) return "all_out";
  return "";
}

function endPanel(c: Console, match: Match, names: Names): Html {
  const now = c.live.now?.currentInnings;
  const chosen = endDefault(c, match);
  const reasons = ["all_out", "overs", "target", ...(match.inningsPerSide === 2 || !match.scheduledOvers ? ["declared"] : []), "abandoned", "other"];
  const score = now && now.inningsNumber === c.innings
    ? ` with ${names.team(now.battingTeamId, now.battingTeamName)} on ${now.runs}/${now.wickets} (${overs(now.overs)} ov)` : "";
  return html`<form data-form="end" class="panel confirm"><h2>End innings ${c.innings}${score}?</h2>
    <label>Why <select name="reason"><option value=""${chosen ? nothing : html` selected`}>choose why…</option>
      ${reasons.map((r) => html`<option value="${r}"${r === chosen ? html` selected` : nothing}>${endReason(r)}</option>`)}</select></label>
    <p class="quiet">The next innings is started on the next screen. Undo takes this back.</p>
    ${button(`Yes, end innings ${c.innings}`, c.busy.has("end"), "danger")}
    <button type="button" data-action="panel" data-panel="end">Cancel</button></form>`;
}

/** What a ball was, as the correction form is filled for it. */
function wasTapped(a: Doc): { as: string; runs: number } {
  const e = a.extras ?? {};
  if (e.wide) return { as: "wide", runs: e.wide - 1 };
  if (e.noBall && e.bye) return { as: "noBallBye", runs: e.bye };
  if (e.noBall && e.legBye) return { as: "noBallLegBye", runs: e.legBye };
  if (e.noBall) return { as: "noBall", runs: a.runsOffBat };
  if (e.bye) return { as: "bye", runs: e.bye };
  if (e.legBye) return { as: "legBye", runs: e.legBye };
  return { as: "", runs: a.runsOffBat };
}

/** A ball of 4 or 6 off the bat that did not reach the boundary (the pad's are boundaries). */
const allRun = (a: Doc) => (a.runsOffBat === 4 || a.runsOffBat === 6) && !a.isBoundary;

function correctForm(c: Console, names: Names): Html {
  const balls = c.view!.steps.filter((s) => s.label).reverse();
  if (!balls.length) return nothing;
  const chosen = balls.find((s) => s.position === c.correctAt) ?? balls[0];
  const was = wasTapped(chosen.action);
  const w = chosen.action.wicket;
  const label = (s: Step) => `${s.label}: ${names.player(s.action.bowlerId)} to ${names.player(s.action.strikerId)}, ${describe(s).replace(/^ball \S+ \((.*)\)$/, "$1")}`;
  const as = [["", "runs off the bat"], ["wide", "a wide"], ["noBall", "a no-ball"], ["noBallBye", "a no-ball, byes run"],
    ["noBallLegBye", "a no-ball, leg-byes run"], ["bye", "byes"], ["legBye", "leg-byes"]];
  return html`<details class="correct"${c.correctAt ? html` open` : nothing}><summary>Correct a ball</summary>
    <form data-form="correct">
    <label>Ball <select name="ball">${balls.map((s) => html`<option value="${s.position}"${s === chosen ? html` selected` : nothing}>${label(s)}</option>`)}</select></label>
    <label>It was <select name="as">${as.map(([v, t]) => html`<option value="${v}"${v === was.as ? html` selected` : nothing}>${t}</option>`)}</select></label>
    <label>Runs <input name="runs" type="number" min="0" max="10" value="${was.runs}"></label>
    <label class="check"><input type="checkbox" name="allRun" value="yes"${allRun(chosen.action) ? html` checked` : nothing}> a 4 or 6 all run, not a boundary</label>
    <label>Wicket <select name="wicket">${w ? html`<option value="kept" selected>out, ${howOut(w.type)} (${names.player(w.dismissedPlayerId)})</option>` : nothing}<option value="none">not out</option></select></label>
    <label>Why <input name="reason" maxlength="500" placeholder="e.g. it was a six"></label>
    ${button("Correct", c.busy.has("correct"), "", "Correcting…")}</form></details>`;
}

const UNDO: Record<string, string> = {
  delivery: "Undo last ball", batter_change: "Undo the change of batters", innings_start: "Undo the innings start",
  retirement: "Undo the retirement", penalty_runs: "Undo the penalty runs",
  dismissal: "Undo the wicket", absence: "Undo the absence",
};

function controls(c: Console, names: Names): Html {
  const last = c.view!.steps.at(-1);
  const now = stateNow(c);
  const atCrease = Boolean(now?.strikerId && now?.nonStrikerId);
  const bowling = Boolean(atCrease && now?.bowlerId);
  const redo = toRedo(c);
  return html`<div class="controls">
      <button type="button" data-action="undo"${last ? nothing : html` disabled`}>${UNDO[last?.action.kind ?? "delivery"] ?? "Undo"}</button>
      ${redo ? html`<button type="button" data-action="redo">Redo ${redo.what}</button>` : nothing}
      ${atCrease ? html`<button type="button" data-action="swap">Swap ends</button>
        <button type="button" data-action="panel" data-panel="retire">Retire…</button>
        <button type="button" data-action="panel" data-panel="out">Out, no ball…</button>` : nothing}
      ${bowling ? html`<button type="button" data-action="panel" data-panel="bowler">Change bowler…</button>` : nothing}
      <button type="button" data-action="panel" data-panel="penalty">Penalty…</button>
      <button type="button" data-action="panel" data-panel="rain">Rain…</button>
      <button type="button" data-action="panel" data-panel="field">Keeper, replacement…</button>
      <button type="button" data-action="panel" data-panel="result">Result…</button>
      <button type="button" data-action="panel" data-panel="end">End innings…</button></div>
    ${correctForm(c, names)}`;
}

function pad(c: Console, match: Match, names: Names): Html {
  const s = stateNow(c)!;
  const panel = c.panel === "end" ? endPanel(c, match, names) : c.panel === "rain" ? rainForm(c, match)
    : c.panel === "result" ? resultForm(c, match)
    : c.panel === "retire" && s.strikerId && s.nonStrikerId ? retireForm(c, names)
    : c.panel === "out" && s.strikerId && s.nonStrikerId ? outForm(c, match, names)
    : c.panel === "penalty" ? penaltyForm(c, match)
    : c.panel === "field" ? fieldPanel(c, match, names)
    : c.panel === "bowler" && s.bowlerId ? changeBowlerForm(c, match, names) : nothing;
  // Between balls a form takes the pad's place, and keeps its height: the buttons below it
  // (Swap ends, Undo last ball) would otherwise rise to where a run was tapped a moment ago,
  // and a thumb still tapping there would swap the batters or undo the ball.
  // (its height is set once drawn, render(): the page's CSP refuses style attributes)
  const between = (form: Html) => html`${panel}<div class="ball-area between">${form}</div>${controls(c, names)}`;
  const ended = endedByTheBalls(c, perOver(match));
  if (ended) return between(html`<div data-testid="ended"><h2>${ended === "overs" ? "The overs are bowled" : "The target is reached"}</h2>
    <p class="quiet">Innings ${c.innings} is over: the scorebook closes it in a moment${navigator.onLine ? "" : ", once this device is back online"}. A ball recorded by mistake: undo it.</p></div>`);
  if (!s.strikerId || !s.nonStrikerId) return between(batterForm(c, match, names));
  if (!s.bowlerId) return between(bowlerForm(c, match, names));
  const extra = (key: "wide" | "noBall" | "bye" | "legBye", label: string) =>
    html`<button type="button" data-action="extra" data-extra="${key}" class="${pressedExtra(c.extra, key) ? "primary" : ""}" aria-pressed="${pressedExtra(c.extra, key)}">${label}</button>`;
  // (the ids too: an app's tests, and a scorer's screen reader, need not match on names)
  return html`<div class="ball-area"><p class="facing" data-striker="${s.strikerId}" data-non-striker="${s.nonStrikerId}" data-bowler="${s.bowlerId}"><span>Over ${s.overNumber}.${s.legalBalls ?? 0} · ${names.player(s.bowlerId)} bowling</span><span>${names.player(s.strikerId)}* facing, ${names.player(s.nonStrikerId)} at the other end</span></p>
    <div class="pad">${[0, 1, 2, 3, 4, 5, 6].map((r) => html`<button type="button" data-action="runs" data-runs="${r}" data-say="${saying(c.extra, r)}">${c.extra ? `+${r}` : r}</button>`)}
      ${extra("wide", "Wide")}${extra("noBall", "No-ball")}${extra("bye", "Bye")}${extra("legBye", "Leg-bye")}
      <button type="button" data-action="panel" data-panel="wicket" class="danger">Wicket</button></div>
    ${c.extra ? html`<p class="quiet">${extraWord(c.extra)}: tap the runs (0 for the extra alone)</p>` : nothing}
    ${field(c)}${c.panel === "wicket" ? wicketForm(c, match, names) : panel}</div>${controls(c, names)}`;
}

/** A tap of runs in a scorer's words, as its answer says it ("1 run", "wide, 2 runs run"). */
export function saying(extra: Extra, runs: number): string {
  const count = `${runs} run${runs === 1 ? "" : "s"}`;
  return extra ? `${extraWord(extra)}, ${count} run` : count;
}

/** The height of the pad and what goes with it (the batters, where the ball went, a form
 * open under it: the wicket's), as last drawn: what a form between balls keeps (pad). */
let padHeight = 0;

/** The wagon wheel's segments (the kit's order: 1 long off ... 8 long on), laid out as the
 * field looks with the bowler at the top: the leg side on the left, the off side on the
 * right, straight to fine from the top down. */
const FIELD: [number, string][] = [[8, "Long on"], [1, "Long off"], [7, "Midwicket"], [2, "Cover"],
  [6, "Square leg"], [3, "Point"], [5, "Fine leg"], [4, "Third man"]];

/** Where the next ball went: one optional tap before the runs (never needed for a ball). */
function field(c: Console): Html {
  const chosen = c.shot ? FIELD.find(([n]) => n === c.shot)?.[1] : null;
  return html`<details class="where"><summary>Where it went${chosen ? html`: <strong data-testid="shot">${chosen}</strong>` : " (optional)"}</summary>
    <div class="field-grid">${FIELD.map(([n, name]) => html`<button type="button" data-action="shot" data-segment="${n}" class="${c.shot === n ? "primary" : ""}" aria-pressed="${c.shot === n}">${name}</button>`)}</div></details>
    <details class="note"><summary>Note on the ball (optional)</summary>
      <form data-form="note"><input name="note" maxlength="${NOTE_LENGTH}" placeholder="Dropped at slip" aria-label="Note on the next ball" data-testid="note"></form></details>
    <details class="more"><summary>Runs the pad has not (7 or more; a 4 all run)</summary>
      <form data-form="runs"><label>Runs <input name="runs" type="number" min="0" max="10" required></label>
      <label class="check"><input type="checkbox" name="boundary" value="yes"> to the boundary (a 4 or a 6)</label>
      ${button("Record the ball", false)}</form></details>`;
}

/** What is typed or chosen in the forms, kept across a render (every snapshot re-renders),
 * but for the forms that have just written: those are drawn afresh. */
function keepForms(app: HTMLElement, reset: Set<string>, draw: () => void): void {
  const kept = new Map<string, string>();
  const focused = document.activeElement as HTMLInputElement | null;
  const key = (el: HTMLInputElement | HTMLSelectElement) => `${el.form?.dataset.form}:${el.name}`;
  const fields = () => app.querySelectorAll<HTMLInputElement | HTMLSelectElement>("form input[name], form select[name]");
  fields().forEach((el) => {
    if (!reset.has(el.form?.dataset.form ?? "")) kept.set(key(el), el.value);
  });
  const open = new Set([...app.querySelectorAll("details[open]")].map((d) => d.className));
  const focus = focused?.form && focused.name ? key(focused) : null;
  reset.clear();
  draw();
  app.querySelectorAll("details").forEach((d) => {
    if (open.has(d.className)) d.open = true;
  });
  fields().forEach((el) => {
    const value = kept.get(key(el));
    const offered = el instanceof HTMLSelectElement ? [...el.options].some((o) => o.value === value) : true;
    if (value !== undefined && offered) el.value = value;
    if (focus && key(el) === focus) el.focus();
  });
}

/** What the functions found in this match's log (live/score's integrity): a skipped over, the
 * same ball tapped twice, an over too long, a ball after the result... each with the ball it
 * is about, so the scorer can correct or undo it at the ground. */
function toCheck(c: Console): Html {
  const found = c.live.problems as { code: string; message: string; actionId?: string | null }[];
  if (!found.length) return nothing;
  const steps = [...(c.previous?.steps ?? []), ...(c.view?.steps ?? [])];
  const where = (id?: string | null) => {
    const step = id ? steps.find((s) => s.action.id === id) : undefined;
    return step?.label ? `Ball ${step.label}: ` : "";
  };
  return html`<section class="problems" data-testid="problems"><h2>To check</h2>
    <ul>${found.map((p) => html`<li data-code="${p.code}">${where(p.actionId)}${p.message}</li>`)}</ul></section>`;
}

export function render(c: Console): void {
  const app = document.getElementById("app")!;
  // drawn once the finger lifts (holdStillUnderFinger); data-held says a drawing waits
  if (pressed) {
    app.dataset.held = "";
    return;
  }
  delete app.dataset.held;
  const { match, now: score } = c.live;
  const names = new Names(match);
  const now = score?.currentInnings;
  const header = html`<header class="top"><a href="/" class="home">scorebook</a> · scorer console
    <h1>${title(match, c.matchId)}</h1>
    ${now ? html`<p class="mini" data-testid="console-score">${names.team(now.battingTeamId, now.battingTeamName)} ${now.runs}/${now.wickets} (${overs(now.overs)} ov)</p>` : html`<p class="mini" aria-hidden="true">&nbsp;</p>`}
    ${score?.result ? html`<p class="result">${score.result}</p>` : nothing}</header>`;
  // data-saved: what Firestore's cache on this device holds for the server (survives a reload)
  const status = html`<p class="status-line" data-testid="pending" data-saved="${c.queued + c.queuedBefore}" data-innings="${c.innings}" data-next="${c.view?.nextSeq ?? 0}">${navigator.onLine ? "" : "Offline. "}${waiting(c) ? html`<span class="pending">${waiting(c)} waiting for the server</span>` : "All sent"}</p>`;
  // the lines above the pad keep their height whatever they say (an answer "recorded" comes
  // and goes with every tap, the score's line comes with the functions' first score): a line
  // that came or went while a scorer aims would move the pad, and the tap would land on the
  // button beside the one aimed at. A refusal, which may need lines, is laid over what
  // follows it (a tap on it records nothing) rather than pushing it down.
  const slot = html`<div class="message none" aria-hidden="true">&nbsp;</div>`;
  const message = c.message ? html`${c.message.ok ? nothing : slot}<div class="message${c.message.ok ? " ok" : " refusal"}" role="alert" data-testid="message">${c.message.text}${
    c.message.causes.length ? html`<ul>${c.message.causes.map((x) => html`<li>${x}</li>`)}</ul>` : nothing}</div>`
    : slot;
  const signOut = html`<footer class="foot"><button type="button" data-action="sign-out">Sign out</button></footer>`;
  let body: Html;
  const why = unread(c.live);
  if (!c.user) body = signInForm("Sign in to score");
  else if (why) body = html`<p class="error" role="alert">${{
    private: "This match is private and you are not one of its members.",
    missing: `There is no match ${c.matchId} yet: the console opens it as soon as it is set up.`,
    failed: `The match could not be read (${c.live.error?.message}): trying again.`,
  }[why]}</p>${signOut}`;
  else if (!match) body = html`<p class="quiet">${c.scoreRead ? `There is no match ${c.matchId}.` : "Reading the match…"}</p>`;
  else {
    const role = c.role === undefined ? "Reading your roles…"
      : c.role ? `You score this match as ${roleWord(c.role)}.`
      : html`You are not a scorer of this match: an admin or your school's official appoints scorers (give them your id, <code data-testid="uid">${c.user.uid}</code>). Your taps will be refused.`;
    const who = html`<p class="who" data-testid="who">Signed in as ${c.user.email ?? c.user.uid}. ${role}</p>`;
    // over: no innings in progress, or the officials' result recorded in one (play
    // abandoned): nothing but its undo may follow (the rules refuse a ball after it)
    const over = score?.status === "completed"
      && (!stateNow(c) || Boolean(c.view?.steps.some((st) => st.action.kind === "match_result")));
    const work = !c.ready ? html`<p class="quiet">Reading the log…</p>` : over ? matchOver(c, match, names)
      : stateNow(c) ? pad(c, match, names) : startForm(c, match, names);
    body = html`${who}${work}${toCheck(c)}${signOut}`;
  }
  draw(app, "header", header);
  draw(app, "message", message);
  draw(app, "status", status);
  const reset = c.reset.size > 0;
  if (drawn.get(region(app, "body")) !== body.text || reset) {
    const filling = fillingIn(region(app, "body"));
    if (filling && !c.reset.has(filling) && body.text.includes(`data-form="${filling}"`)) {
      app.dataset.held = ""; // drawn once the field loses the focus (holdStillUnderFinger)
      return;
    }
    keepForms(region(app, "body"), c.reset, () => draw(app, "body", body, true));
    const area = region(app, "body").querySelector<HTMLElement>(".ball-area");
    if (area?.classList.contains("between")) area.style.minHeight = `${padHeight}px`;
    else if (area) padHeight = area.offsetHeight;
  }
}

/** The form (its data-form) one of whose fields has the focus: the scorer is filling it in.
 * It is not drawn again meanwhile. keepForms keeps what was typed, but not what was
 * selected: a snapshot that came while the rain form's 5 overs were selected, to be typed
 * over, made the 4 typed next an interruption of 45 overs. */
function fillingIn(body: HTMLElement): string | null {
  const el = document.activeElement;
  const field = el instanceof HTMLInputElement || el instanceof HTMLSelectElement
    || el instanceof HTMLTextAreaElement ? el : null;
  return field?.form && body.contains(field.form) ? field.form.dataset.form ?? null : null;
}

/** What each region of the page last showed: a region is written again only when what it
 * shows changed, so a snapshot that changes the status line (a write acknowledged) never
 * replaces the pad under a scorer's thumb, which would lose the tap. */
const drawn = new WeakMap<Element, string>();

/** A finger (or the mouse) is down on the page: nothing is drawn again until it lifts. A
 * button replaced between its pointerdown and pointerup is never clicked (the click goes to
 * what the two elements share), and one moved there by a line above it that grew (a message,
 * a title) takes the pointerup and not the click either: a snapshot drawn under the scorer's
 * thumb would lose the tap. */
let pressed = false;
let lifting: ReturnType<typeof setTimeout> | undefined;

/** Hold the page still from pointerdown to the click it makes; then draw what came meanwhile
 * (`redraw`). Without a click (the finger slid off), it is released half a second after it
 * lifted. */
export function holdStillUnderFinger(redraw: () => void): void {
  const releaseIn = (ms: number) => {
    clearTimeout(lifting);
    lifting = setTimeout(() => {
      pressed = false;
      redraw();
    }, ms);
  };
  addEventListener("pointerdown", () => {
    clearTimeout(lifting);
    pressed = true;
  }, true);
  // the click's target is chosen: the console's handler draws its answer at once, and the
  // rest once the click and a submit it makes are done (a form drawn again before its
  // submit would not be sent)
  addEventListener("click", () => {
    pressed = false;
    releaseIn(0);
  }, true);
  for (const type of ["pointerup", "pointercancel"]) addEventListener(type, () => releaseIn(500), true);
  // a field that loses the focus: what came while it was being filled in (fillingIn), once
  // the focus has moved (to another field of the form: held still)
  addEventListener("focusout", () => {
    if (!pressed && document.getElementById("app")?.dataset.held !== undefined) releaseIn(0);
  }, true);
}

function region(app: HTMLElement, name: string): HTMLElement {
  let el = app.querySelector<HTMLElement>(`:scope > [data-region="${name}"]`);
  if (!el) {
    if (!app.querySelector(":scope > [data-region]")) app.replaceChildren();
    el = document.createElement("div");
    el.dataset.region = name;
    app.append(el);
  }
  return el;
}

function draw(app: HTMLElement, name: string, markup: Html, force = false): void {
  const el = region(app, name);
  if (!force && drawn.get(el) === markup.text) return;
  el.innerHTML = markup.text;
  drawn.set(el, markup.text);
}
