// /score/{id}: the scorer console. Every tap is one write through the kit (@scorebook/client);
// the rules decide, and a refusal is shown with the kit's explanation of why. The console
// keeps who is where (the kit's BallState, moved on by nextState) itself, so taps do not wait
// for the server: offline, the SDK queues the writes and the console counts them as pending.
import {
  ball, bye, correctBall, type BallState, delivery, type DeliveryFields, event as eventDocument,
  type Explanation, legBye, nextState, noBall, readNextPosition, recordBall, recordEvent,
  type Tap, voidBall, wide,
} from "@scorebook/client";
import type { LiveScore, Match, ScoringAction } from "@scorebook/client/types";
import {
  createUserWithEmailAndPassword, onAuthStateChanged, signInWithEmailAndPassword, signOut,
  type User,
} from "firebase/auth";
import { collection, getDocs, query, where } from "firebase/firestore";
import { type Backend, connect } from "./firebase";
import { type Html, html, mount, nothing } from "./html";
import { type Live, title, watchMatch } from "./live";
import { Names, overs } from "./names";

const SCORER_ROLES = ["scorer_home", "scorer_away", "scorer_neutral"] as const;
const HOW_OUT = ["bowled", "caught", "lbw", "run_out", "stumped", "hit_wicket", "handled_ball",
  "obstructing_field", "hit_the_ball_twice", "retired_out", "retired_hurt"] as const;
type Extra = "wide" | "noBall" | "bye" | "legBye" | null;
type Written = ReturnType<typeof delivery>;

interface Step {
  document: Written;
  before: BallState | null; // who was where before it (null: before the innings began)
  after: BallState | null;
}

interface Console {
  backend: Backend;
  matchId: string;
  user: User | null;
  role: string | null | undefined; // the caller's scorer role in force, "admin", null (none), undefined (being read)
  live: Live;
  scoreRead: boolean;      // live/score has answered (it may say null: nothing yet)
  stop: (() => void) | null;
  innings: number;         // the innings being scored (0: none yet)
  batting: string | null;  // its teams
  bowling: string | null;
  seq: number;             // the next position in it
  state: BallState | null; // null: the innings has to be started
  extra: Extra;            // the extra the next runs tap is for
  wicketOpen: boolean;
  steps: Step[];           // this session's actions in this innings, newest last (undo)
  pending: number;         // writes not yet acknowledged by the server
  message: { text: string; causes: string[]; ok?: boolean } | null;
  ready: boolean;          // position and state read
  resuming: boolean;
}

export async function showScorer(matchId: string): Promise<void> {
  const backend = await connect();
  const c: Console = {
    backend, matchId, user: null, role: null, live: { match: null, score: null, error: null },
    scoreRead: false, stop: null, innings: 0, batting: null, bowling: null, seq: 1, state: null,
    extra: null, wicketOpen: false, steps: [], pending: 0, message: null, ready: false,
    resuming: false,
  };
  document.body.classList.add("console");
  const app = document.getElementById("app")!;
  app.addEventListener("click", (e) => void onClick(c, e));
  app.addEventListener("submit", (e) => void onSubmit(c, e));
  addEventListener("online", () => render(c));
  addEventListener("offline", () => render(c));
  onAuthStateChanged(backend.auth, async (user) => {
    c.user = user;
    c.role = undefined;
    watch(c); // what a private match lets this user read changes with who they are
    render(c);
    c.role = user ? await scorerRole(backend, matchId, user).catch(() => null) : null;
    if (c.user === user) render(c);
  });
}

/** (Re)start listening to the match and live/score, and resume scoring once both answered. */
function watch(c: Console): void {
  c.stop?.();
  c.ready = false;
  c.scoreRead = false;
  c.live = { match: null, score: null, error: null };
  let first = true;
  c.stop = watchMatch(c.backend.db, c.matchId, (live) => {
    c.live = live;
    if (!first || live.score !== null || live.error) c.scoreRead = true;
    first = false;
    if (c.ready) followTheFold(c);
    else if (c.user && live.match && c.scoreRead && !c.resuming && !live.error) void resume(c);
    render(c);
  });
}

/** The fold closes an innings by itself (all out, overs done, target reached): the console
 * then offers the next innings instead of a pad whose next tap would reopen it. */
function followTheFold(c: Console): void {
  const now = c.live.score?.currentInnings;
  if (c.state && now && now.inningsNumber === c.innings && now.isClosed && c.pending === 0) {
    c.message = { text: `Innings ${c.innings} is over${now.endReason ? ` (${now.endReason})` : ""}.`, causes: [], ok: true };
    nextInnings(c);
  }
}

function nextInnings(c: Console): void {
  c.state = null;
  c.innings += 1;
  c.seq = 1;
  c.steps = [];
  c.batting = c.bowling = null;
}

/** The role the caller scores this match in, from their own match roles (the query the rules
 * let a person make). Right after signing in, Firestore may still send the previous
 * credentials for a moment: a refusal then is tried again. */
async function scorerRole(b: Backend, matchId: string, user: User): Promise<string | null> {
  const token = await user.getIdTokenResult();
  if (token.claims.admin === true) return "admin";
  const mine = query(collection(b.db, "match_role_assignments"), where("personId", "==", user.uid));
  for (let attempt = 0; ; attempt += 1) {
    try {
      const now = new Date();
      const read = getDocs(mine);
      const late = new Promise<never>((_, fail) => setTimeout(() => fail(new Error("no answer in 5 s")), 5000));
      const held = (await Promise.race([read, late])).docs.map((d) => d.data()).filter((a) =>
        a.matchId === matchId && SCORER_ROLES.includes(a.role) && !a.revokedAt
        && ["assigned", "confirmed", "present"].includes(a.status)
        && (!a.startDate || a.startDate.toDate() <= now) && (!a.endDate || now < a.endDate.toDate()));
      return held[0]?.role ?? null;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((wake) => setTimeout(wake, 200 * (attempt + 1)));
    }
  }
}

/** Where scoring goes on: the innings and position after the log's last action, and who is
 * where from live/score (the projection of the whole log). */
async function resume(c: Console): Promise<void> {
  c.resuming = true;
  try {
    const score = c.live.score;
    const now = score?.currentInnings;
    const open = now != null && !now.isClosed;
    c.innings = open ? now.inningsNumber : (score?.inningsNumber ?? 0) + 1;
    c.seq = (await readNextPosition(c.backend.db, c.matchId, c.innings)).seq;
    c.state = open ? stateOf(score!, c.live.match) : null;
    c.batting = open ? now.battingTeamId : null;
    c.bowling = open ? now.bowlingTeamId : null;
    c.ready = true;
  } catch (error) {
    c.message = explain(error);
  } finally {
    c.resuming = false;
    render(c);
  }
}

function perOver(match: Match | null): number {
  return match?.ballsPerOver ?? 6;
}

function stateOf(score: LiveScore, match: Match | null): BallState {
  const now = score.currentInnings!;
  const n = perOver(match);
  const legalThisOver = score.currentOver.filter((b) => b.extraType !== "wide" && b.extraType !== "noball").length;
  // an over just completed: the next ball needs a new bowler (a wide that opened the next
  // over is in currentOver with no legal ball yet)
  const overDone = now.balls > 0 && now.balls % n === 0
    && (score.currentOver.length === 0 || legalThisOver >= n);
  return {
    strikerId: now.strikerId, nonStrikerId: now.nonStrikerId,
    bowlerId: overDone ? null : now.bowlerId,
    overNumber: Math.floor(now.balls / n),
    ballInOver: overDone ? 1 : score.currentOver.length + 1,
    legalBalls: now.balls % n,
  };
}

// --- taps ---------------------------------------------------------------------------------

/** What was tapped: runs, for the extra chosen (or off the bat), with a wicket if any. */
function tapped(extra: Extra, runs: number, noBallRuns: number, tap: Tap = {}): DeliveryFields {
  switch (extra) {
    case "wide": return wide({ ...tap, runs });
    case "noBall": return noBall({ ...tap, runs, noBallRuns } as Tap);
    case "bye": return bye(runs, tap);
    case "legBye": return legBye(runs, tap);
    default: return ball({ ...tap, runs });
  }
}

function noBallRuns(c: Console): 1 | 2 {
  return (c.live.match?.noBallRuns ?? 1) as 1 | 2;
}

function explain(error: unknown): Console["message"] {
  const why = (error as { explanation?: Explanation }).explanation;
  const text = why?.message ?? String((error as Error).message ?? error);
  return { text, causes: (why?.causes ?? []).map((x) => x.message).filter((m) => !text.includes(m)) };
}

/** Send a write without waiting for the server: the console moves on at once, counts it as
 * pending until acknowledged, and shows why if it is refused. */
function send(c: Console, write: Promise<unknown>, what: string, refused?: () => void): void {
  c.pending += 1;
  write.then(() => {
    c.message = { text: `${what}: recorded`, causes: [], ok: true };
  }, (error: unknown) => {
    c.message = explain(error);
    refused?.();
  }).finally(() => {
    c.pending -= 1;
    render(c);
  });
}

/** Record an action at the next position; `after` is who is where once it is written. A
 * refused one is taken back when it is still the last (else the next ones, which follow from
 * it, are refused in turn and the scorer sees why). */
function record(c: Console, document: Written, write: Promise<unknown>, what: string,
                after: BallState | null): void {
  const step: Step = { document, before: c.state, after };
  const at = c.seq;
  send(c, write, what, () => {
    if (c.steps.at(-1) !== step) return;
    c.steps.pop();
    c.state = step.before;
    c.seq = at;
  });
  c.steps.push(step);
  c.seq += 1;
  c.state = after;
}

function score(c: Console, fields: DeliveryFields, what: string): void {
  const state = { ...c.state!, noBallRuns: noBallRuns(c), timestamp: new Date() };
  const at = { innings: c.innings, seq: c.seq };
  let document: Written;
  try {
    document = delivery(c.matchId, c.user!.uid, at, fields, state);
  } catch (error) {
    c.message = { text: String((error as Error).message), causes: [] };
    return;
  }
  const write = recordBall(c.backend.db, c.matchId, c.user!.uid, at, fields, state);
  record(c, document, write, what, nextState(c.state!, document, { ballsPerOver: perOver(c.live.match) }));
  c.extra = null;
  c.wicketOpen = false;
}

function event(c: Console, kind: string, fields: Record<string, unknown>, what: string,
               after: BallState | null): void {
  const at = { innings: c.innings, seq: c.seq };
  const document = eventDocument(c.matchId, c.user!.uid, at, kind, fields) as unknown as Written;
  record(c, document, recordEvent(c.backend.db, c.matchId, c.user!.uid, at, kind, fields), what, after);
}

async function onClick(c: Console, e: Event): Promise<void> {
  const target = (e.target as HTMLElement).closest("button");
  if (!target || target.type === "submit") return;
  const action = target.dataset.action;
  c.message = null;
  if (action === "runs") score(c, tapped(c.extra, Number(target.dataset.runs), noBallRuns(c)), `${target.textContent}`);
  else if (action === "extra") c.extra = c.extra === target.dataset.extra ? null : (target.dataset.extra as Extra);
  else if (action === "wicket") c.wicketOpen = !c.wicketOpen;
  else if (action === "undo") undo(c);
  else if (action === "sign-out") await signOut(c.backend.auth);
  render(c);
}

/** Undo the last action of this session (a ball, or a new batter sent in): a void, and who
 * is where goes back to before it. */
function undo(c: Console): void {
  const last = c.steps.pop();
  if (!last) {
    c.message = { text: "Nothing to undo in this session.", causes: [] };
    return;
  }
  const after = c.state;
  send(c, voidBall(c.backend.db, c.matchId, last.document.id, c.user!.uid, "undone by the scorer"),
    `Undo ${last.document.id}`, () => {
      c.steps.push(last);
      c.state = after;
    });
  c.state = last.before;
}

function value(form: HTMLFormElement, name: string): string {
  return String(new FormData(form).get(name) ?? "");
}

async function onSubmit(c: Console, e: Event): Promise<void> {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
  c.message = null;
  try {
    switch (form.dataset.form) {
      case "sign-in": {
        const email = value(form, "email");
        const password = value(form, "password");
        const auth = c.backend.auth;
        if (submitter?.value === "create") await createUserWithEmailAndPassword(auth, email, password);
        else await signInWithEmailAndPassword(auth, email, password);
        return;
      }
      case "start": {
        const [battingTeamId, bowlingTeamId] = value(form, "batting").split("|");
        const fields = {
          battingTeamId, bowlingTeamId, strikerId: value(form, "striker"),
          nonStrikerId: value(form, "nonStriker"), bowlerId: value(form, "bowler"),
        };
        if (fields.strikerId === fields.nonStrikerId) throw new Error("The openers must be two different batters.");
        c.seq = (await readNextPosition(c.backend.db, c.matchId, c.innings)).seq;
        c.steps = [];
        c.batting = battingTeamId;
        c.bowling = bowlingTeamId;
        event(c, "innings_start", fields, "Innings start", {
          strikerId: fields.strikerId, nonStrikerId: fields.nonStrikerId,
          bowlerId: fields.bowlerId, overNumber: 0, ballInOver: 1, legalBalls: 0,
        });
        break;
      }
      case "wicket": {
        const tap: Tap = {
          out: value(form, "how") as Tap["out"],
          batter: value(form, "batter") || undefined,
          fielder: value(form, "fielder") || undefined,
        };
        score(c, tapped(c.extra, Number(value(form, "runs") || 0), noBallRuns(c), tap), `Wicket (${tap.out})`);
        break;
      }
      case "batter": {
        const incoming = value(form, "batter");
        if (!incoming) throw new Error("Choose the batter coming in.");
        const s = c.state!;
        const strikerId = s.strikerId ?? incoming;
        const nonStrikerId = s.strikerId ? (s.nonStrikerId ?? incoming) : s.nonStrikerId!;
        event(c, "batter_change", { strikerId, nonStrikerId }, "New batter", { ...s, strikerId, nonStrikerId });
        break;
      }
      case "bowler":
        c.state = { ...c.state!, bowlerId: value(form, "bowler") };
        break;
      case "end":
        event(c, "innings_end", { reason: value(form, "reason") || "other" }, "Innings end", null);
        nextInnings(c);
        break;
      case "correct":
        correct(c, form);
        break;
    }
  } catch (error) {
    c.message = explain(error);
  }
  render(c);
}

/** Correct a ball of this session: what it was (runs, an extra), its wicket kept. The kit
 * writes the correction at the ball's position (-c1) and voids the ball. */
function correct(c: Console, form: HTMLFormElement): void {
  const step = c.steps.find((s) => s.document.id === value(form, "ball") && s.document.kind === "delivery");
  if (!step) throw new Error("Choose a ball of this session to correct.");
  const original = step.document;
  const w = original.wicket;
  const tap: Tap = w ? { out: w.type as Tap["out"], batter: w.dismissedPlayerId ?? undefined, fielders: w.fielderIds } : {};
  const fields = tapped((value(form, "as") || null) as Extra, Number(value(form, "runs")), noBallRuns(c), tap);
  const reason = value(form, "reason") || "corrected by the scorer";
  const write = correctBall(c.backend.db, c.matchId, c.user!.uid, original as unknown as ScoringAction, fields, reason);
  send(c, write.then((fixed) => {
    step.document = fixed as unknown as Written;
    // the last ball: who is where follows from the corrected one (a later ball's document
    // already says who faced it)
    if (c.steps.at(-1) === step && step.before) {
      step.after = nextState(step.before, step.document, { ballsPerOver: perOver(c.live.match) });
      c.state = step.after;
    }
  }), `Correction of ${original.id}`);
}

// --- the page -----------------------------------------------------------------------------

function options(ids: string[], names: Names, selected?: string | null): Html {
  return html`${ids.map((id) => html`<option value="${id}"${id === selected ? html` selected` : nothing}>${names.player(id)}</option>`)}`;
}

function signIn(): Html {
  return html`<form data-form="sign-in" class="sign-in"><h2>Sign in to score</h2>
    <label>Email <input name="email" type="email" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" minlength="6" required></label>
    <button type="submit" value="sign-in" class="primary">Sign in</button>
    <button type="submit" value="create">Create an account</button></form>`;
}

function startForm(c: Console, match: Match, names: Names): Html {
  const [a, b] = match.teams;
  const all = (t: typeof a) => (t.players ?? []).map((p) => p.id);
  return html`<form data-form="start"><h2>Start innings ${c.innings}</h2>
    <label>Batting <select name="batting"><option value="${a.id}|${b.id}">${a.name}</option><option value="${b.id}|${a.id}">${b.name}</option></select></label>
    <label>Striker <select name="striker">${options([...all(a), ...all(b)], names, all(a)[0])}</select></label>
    <label>Non-striker <select name="nonStriker">${options([...all(a), ...all(b)], names, all(a)[1])}</select></label>
    <label>Bowler <select name="bowler">${options([...all(b), ...all(a)], names, all(b).at(-1))}</select></label>
    <button type="submit" class="primary">Start the innings</button></form>`;
}

function teamsOf(c: Console): { batting: string[]; bowling: string[] } {
  const match = c.live.match!;
  const ids = (id: string | null) => (match.teams.find((t) => t.id === id)?.players ?? []).map((p) => p.id);
  return { batting: ids(c.batting), bowling: ids(c.bowling) };
}

function pad(c: Console, names: Names): Html {
  const s = c.state!;
  const { batting, bowling } = teamsOf(c);
  if (!s.strikerId || !s.nonStrikerId) {
    const out = new Set(c.live.score?.batsmen.filter((b) => b.isOut).map((b) => b.playerId));
    const gone = new Set(c.steps.flatMap((st) => st.document.wicket?.dismissedPlayerId ?? []));
    const next = batting.filter((id) => !out.has(id) && !gone.has(id) && id !== s.strikerId && id !== s.nonStrikerId);
    const form = next.length
      ? html`<form data-form="batter"><h2>New batter</h2><label>In comes <select name="batter">${options(next, names)}</select></label>
      <button type="submit" class="primary">Send in</button></form>`
      : html`<p class="quiet">No batter is left to come in: end the innings.</p>`;
    return html`${form}${controls(c)}`;
  }
  if (!s.bowlerId) {
    const last = c.steps.findLast((st) => st.document.kind === "delivery")?.document.bowlerId;
    return html`<form data-form="bowler"><h2>New bowler, over ${s.overNumber + 1}</h2>
      <label>Bowler <select name="bowler">${options(bowling.filter((id) => id !== last), names)}</select></label>
      <button type="submit" class="primary">Bowl</button></form>${controls(c)}`;
  }
  const extra = (key: Exclude<Extra, null>, label: string) =>
    html`<button type="button" data-action="extra" data-extra="${key}" class="${c.extra === key ? "primary" : ""}" aria-pressed="${c.extra === key}">${label}</button>`;
  const wicket = c.wicketOpen ? html`<form data-form="wicket" class="wicket"><h2>Wicket${c.extra ? html` off a ${c.extra}` : nothing}</h2>
      <label>How <select name="how">${HOW_OUT.map((h) => html`<option>${h}</option>`)}</select></label>
      <label>Who is out <select name="batter"><option value="${s.strikerId}">${names.player(s.strikerId)} (striker)</option><option value="${s.nonStrikerId}">${names.player(s.nonStrikerId)} (non-striker)</option></select></label>
      <label>Fielder <select name="fielder"><option value="">none</option>${options(bowling, names)}</select></label>
      <label>Runs completed <input name="runs" type="number" min="0" max="6" value="0"></label>
      <button type="submit" class="danger">Record the wicket</button></form>` : nothing;
  return html`<p class="facing">Over ${s.overNumber}.${s.legalBalls ?? 0} · ${names.player(s.strikerId)}* facing ${names.player(s.bowlerId)}, ${names.player(s.nonStrikerId)} at the other end</p>
    <div class="pad">${[0, 1, 2, 3, 4, 5, 6].map((r) => html`<button type="button" data-action="runs" data-runs="${r}">${c.extra ? `+${r}` : r}</button>`)}
      ${extra("wide", "Wide")}${extra("noBall", "No-ball")}${extra("bye", "Bye")}${extra("legBye", "Leg-bye")}
      <button type="button" data-action="wicket" class="danger">Wicket</button></div>
    ${c.extra ? html`<p class="quiet">${c.extra}: tap the runs (0 for the extra alone)</p>` : nothing}
    ${wicket}${controls(c)}`;
}

const UNDO: Record<string, string> = {
  delivery: "Undo last ball", batter_change: "Undo the new batter", innings_start: "Undo the innings start",
};

function controls(c: Console): Html {
  const last = c.steps.at(-1);
  const recent = c.steps.filter((st) => st.document.kind === "delivery").slice(-12).reverse();
  return html`<div class="controls"><button type="button" data-action="undo"${last ? nothing : html` disabled`}>${UNDO[last?.document.kind ?? "delivery"] ?? "Undo"}</button></div>
    ${recent.length ? html`<form data-form="correct"><h2>Correct a ball</h2>
      <label>Ball <select name="ball">${recent.map((b) => html`<option value="${b.document.id}">${b.document.overNumber}.${b.document.ballInOver}: ${b.document.totalRuns} (${b.document.id})</option>`)}</select></label>
      <label>It was <select name="as"><option value="">runs off the bat</option><option value="wide">a wide</option><option value="noBall">a no-ball</option><option value="bye">byes</option><option value="legBye">leg-byes</option></select></label>
      <label>Runs <input name="runs" type="number" min="0" max="6" value="0"></label>
      <label>Why <input name="reason" maxlength="500" placeholder="e.g. it was a six"></label>
      <button type="submit">Correct</button></form>` : nothing}
    <form data-form="end"><label>End the innings <select name="reason"><option value="all_out">all out</option><option value="overs">overs done</option><option value="target">target reached</option><option value="other">other</option></select></label>
      <button type="submit">End innings ${c.innings}</button></form>`;
}

/** What is typed or chosen in the forms, kept across a render (every snapshot re-renders). */
function keepForms(app: HTMLElement, draw: () => void): void {
  const kept = new Map<string, string>();
  const focused = document.activeElement as HTMLInputElement | null;
  const key = (el: HTMLInputElement | HTMLSelectElement) => `${el.form?.dataset.form}:${el.name}`;
  app.querySelectorAll<HTMLInputElement | HTMLSelectElement>("form input[name], form select[name]")
    .forEach((el) => kept.set(key(el), el.value));
  const focus = focused?.form && focused.name ? key(focused) : null;
  draw();
  app.querySelectorAll<HTMLInputElement | HTMLSelectElement>("form input[name], form select[name]")
    .forEach((el) => {
      const value = kept.get(key(el));
      const offered = el instanceof HTMLSelectElement
        ? [...el.options].some((o) => o.value === value) : true;
      if (value !== undefined && offered) el.value = value;
      if (focus && key(el) === focus) el.focus();
    });
}

function render(c: Console): void {
  const { match, score } = c.live;
  const names = new Names(match);
  const now = score?.currentInnings;
  const header = html`<header class="top"><a href="/" class="home">scorebook</a> · scorer console
    <h1>${title(match, c.matchId)}</h1>
    ${now ? html`<p class="mini" data-testid="console-score">${names.team(now.battingTeamId, now.battingTeamName)} ${now.runs}/${now.wickets} (${overs(now.overs)} ov)</p>` : nothing}
    ${score?.result ? html`<p class="result">${score.result}</p>` : nothing}</header>`;
  const status = html`<p class="status-line" data-testid="pending">${navigator.onLine ? "" : "Offline. "}${c.pending ? html`<span class="pending">${c.pending} waiting for the server</span>` : "All sent"}</p>`;
  const message = c.message ? html`<div class="message${c.message.ok ? " ok" : ""}" role="alert" data-testid="message">${c.message.text}${
    c.message.causes.length ? html`<ul>${c.message.causes.map((x) => html`<li>${x}</li>`)}</ul>` : nothing}</div>` : nothing;
  let body: Html;
  if (!c.user) body = signIn();
  else if (c.live.error) body = html`<p class="error" role="alert">${(c.live.error as { code?: string }).code === "permission-denied"
    ? "This match is private and you are not one of its members." : c.live.error.message}</p><button type="button" data-action="sign-out">Sign out</button>`;
  else if (!match) body = html`<p class="quiet">${c.scoreRead ? `There is no match ${c.matchId}.` : "Reading the match…"}</p>`;
  else {
    const role = c.role === undefined ? "Reading your roles…"
      : c.role ? `You score this match (${c.role}).`
      : "You are not a scorer of this match: an admin or your school's official assigns scorers. Your taps will be refused.";
    const who = html`<p class="who" data-testid="who">Signed in as ${c.user.email ?? c.user.uid}. ${role} <button type="button" data-action="sign-out">Sign out</button></p>`;
    body = html`${who}${!c.ready ? html`<p class="quiet">Reading the log…</p>` : c.state ? pad(c, names) : startForm(c, match, names)}`;
  }
  keepForms(document.getElementById("app")!, () => mount(html`${header}${message}${status}${body}`));
}
