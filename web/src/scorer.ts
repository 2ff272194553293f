// /score/{id}: the scorer console. Every tap is one write through the kit (@scorebook/client);
// the rules decide, and a refusal is shown with the kit's explanation of why. The console
// keeps who is where (the kit's BallState, moved on by nextState) itself, so taps do not wait
// for the server: offline, the SDK queues the writes and the console counts them as pending.
import {
  ball, bye, correctBall, type BallState, delivery, type DeliveryFields, type Explanation,
  legBye, nextState, noBall, readNextPosition, recordBall, recordEvent, voidBall, wide,
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

interface Done { document: Written; before: BallState }

interface Console {
  backend: Backend;
  matchId: string;
  user: User | null;
  role: string | null;     // the caller's scorer role in force, "admin", or null
  live: Live;
  innings: number;         // the innings being scored (0: none yet)
  seq: number;             // the next position in it
  state: BallState | null; // null: the innings has to be started
  extra: Extra;            // the extra the next runs tap is for
  wicketOpen: boolean;
  balls: Done[];           // this session's deliveries, newest last (undo, correct)
  pending: number;         // writes not yet acknowledged by the server
  message: { text: string; causes: string[]; ok?: boolean } | null;
  ready: boolean;          // position and state read
}

export async function showScorer(matchId: string): Promise<void> {
  const backend = await connect();
  const c: Console = {
    backend, matchId, user: null, role: null, live: { match: null, score: null, error: null },
    innings: 0, seq: 1, state: null, extra: null, wicketOpen: false, balls: [], pending: 0,
    message: null, ready: false,
  };
  document.body.classList.add("console");
  const app = document.getElementById("app")!;
  app.addEventListener("click", (e) => void onClick(c, e));
  app.addEventListener("submit", (e) => void onSubmit(c, e));
  addEventListener("online", () => render(c));
  addEventListener("offline", () => render(c));
  onAuthStateChanged(backend.auth, async (user) => {
    c.user = user;
    c.role = user ? await scorerRole(backend, matchId, user).catch(() => null) : null;
    render(c);
  });
  watchMatch(backend.db, matchId, async (live) => {
    c.live = live;
    if (!c.ready && live.match && live.score !== undefined) await resume(c);
    render(c);
  });
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
      const held = (await getDocs(mine)).docs.map((d) => d.data()).filter((a) =>
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
  const score = c.live.score;
  const now = score?.currentInnings;
  c.innings = now && !now.isClosed ? now.inningsNumber : (score?.inningsNumber ?? 0) + 1;
  c.seq = (await readNextPosition(c.backend.db, c.matchId, c.innings)).seq;
  c.state = now && !now.isClosed ? stateOf(score!) : null;
  c.ready = true;
}

function stateOf(score: LiveScore): BallState {
  const now = score.currentInnings!;
  const perOver = 6;
  const legal = now.balls % perOver;
  const overDone = legal === 0 && now.balls > 0;
  return {
    strikerId: now.strikerId, nonStrikerId: now.nonStrikerId,
    bowlerId: overDone ? null : now.bowlerId,
    overNumber: Math.floor(now.balls / perOver),
    ballInOver: overDone ? 1 : score.currentOver.length + 1,
    legalBalls: legal,
  };
}

// --- taps ---------------------------------------------------------------------------------

function tapped(c: Console, runs: number): DeliveryFields {
  switch (c.extra) {
    case "wide": return wide({ runs });
    case "noBall": return noBall({ runs });
    case "bye": return bye(runs);
    case "legBye": return legBye(runs);
    default: return ball({ runs });
  }
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

function score(c: Console, fields: DeliveryFields, what: string): void {
  const state = { ...c.state!, noBallRuns: (c.live.match?.noBallRuns ?? 1) as 1 | 2, timestamp: new Date() };
  const at = { innings: c.innings, seq: c.seq };
  let document: Written;
  try {
    document = delivery(c.matchId, c.user!.uid, at, fields, state);
  } catch (error) {
    c.message = { text: String((error as Error).message), causes: [] };
    return;
  }
  const done = { document, before: c.state! };
  // A refused ball is taken back when nothing was tapped after it (else the next taps, which
  // follow from it, are refused in turn and the scorer sees why).
  send(c, recordBall(c.backend.db, c.matchId, c.user!.uid, at, fields, state), what, () => {
    if (c.balls.at(-1) !== done) return;
    c.balls.pop();
    c.state = done.before;
    c.seq = at.seq;
  });
  c.balls.push(done);
  c.seq += 1;
  c.state = nextState(c.state!, document, { ballsPerOver: 6 });
  c.extra = null;
  c.wicketOpen = false;
}

function event(c: Console, kind: string, fields: Record<string, unknown>, what: string): void {
  send(c, recordEvent(c.backend.db, c.matchId, c.user!.uid, { innings: c.innings, seq: c.seq }, kind, fields), what);
  c.seq += 1;
}

async function onClick(c: Console, e: Event): Promise<void> {
  const target = (e.target as HTMLElement).closest("button");
  if (!target || target.type === "submit") return;
  const action = target.dataset.action;
  c.message = null;
  if (action === "runs") score(c, tapped(c, Number(target.dataset.runs)), `${target.textContent}`);
  else if (action === "extra") c.extra = c.extra === target.dataset.extra ? null : (target.dataset.extra as Extra);
  else if (action === "wicket") c.wicketOpen = !c.wicketOpen;
  else if (action === "undo") undo(c);
  else if (action === "sign-out") await signOut(c.backend.auth);
  render(c);
}

function undo(c: Console): void {
  const last = c.balls.pop();
  if (!last) {
    c.message = { text: "Nothing to undo in this session.", causes: [] };
    return;
  }
  send(c, voidBall(c.backend.db, c.matchId, last.document.id, c.user!.uid, "undone by the scorer"), `Undo ${last.document.id}`);
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
        event(c, "innings_start", fields, "Innings start");
        c.state = { strikerId: fields.strikerId, nonStrikerId: fields.nonStrikerId,
          bowlerId: fields.bowlerId, overNumber: 0, ballInOver: 1, legalBalls: 0 };
        c.balls = [];
        break;
      }
      case "wicket": {
        const out = value(form, "how") as (typeof HOW_OUT)[number];
        const batter = value(form, "batter") || undefined;
        const fielder = value(form, "fielder") || undefined;
        score(c, ball({ runs: Number(value(form, "runs") || 0), out, batter, fielder }), `Wicket (${out})`);
        break;
      }
      case "batter": {
        const incoming = value(form, "batter");
        const s = c.state!;
        const strikerId = s.strikerId ?? incoming;
        const nonStrikerId = s.strikerId ? (s.nonStrikerId ?? incoming) : s.nonStrikerId!;
        event(c, "batter_change", { strikerId, nonStrikerId }, "New batter");
        c.state = { ...s, strikerId, nonStrikerId };
        break;
      }
      case "bowler":
        c.state = { ...c.state!, bowlerId: value(form, "bowler") };
        break;
      case "end": {
        event(c, "innings_end", { reason: value(form, "reason") || "other" }, "Innings end");
        c.state = null;
        c.innings += 1;
        c.seq = 1;
        c.balls = [];
        break;
      }
      case "correct": {
        const done = c.balls.find((b) => b.document.id === value(form, "ball"));
        if (!done) throw new Error("Choose a ball of this session to correct.");
        const runs = Number(value(form, "runs"));
        const reason = value(form, "reason") || "corrected by the scorer";
        send(c, correctBall(c.backend.db, c.matchId, c.user!.uid, done.document as unknown as ScoringAction, ball({ runs }), reason), `Correction of ${done.document.id}`);
        break;
      }
    }
  } catch (error) {
    c.message = explain(error);
  }
  render(c);
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
  const now = c.live.score?.currentInnings;
  const battingId = now?.battingTeamId ?? match.teams[0].id;
  const ids = (id: string) => (match.teams.find((t) => t.id === id)?.players ?? []).map((p) => p.id);
  const other = match.teams.find((t) => t.id !== battingId)!.id;
  return { batting: ids(battingId), bowling: ids(other) };
}

function pad(c: Console, names: Names): Html {
  const s = c.state!;
  const { batting, bowling } = teamsOf(c);
  if (!s.strikerId || !s.nonStrikerId) {
    const out = new Set(c.live.score?.batsmen.filter((b) => b.isOut).map((b) => b.playerId));
    const next = batting.filter((id) => !out.has(id) && id !== s.strikerId && id !== s.nonStrikerId);
    return html`<form data-form="batter"><h2>New batter</h2><label>In comes <select name="batter">${options(next, names)}</select></label>
      <button type="submit" class="primary">Send in</button></form>${controls(c)}`;
  }
  if (!s.bowlerId) {
    const last = c.balls.at(-1)?.document.bowlerId;
    return html`<form data-form="bowler"><h2>New bowler, over ${s.overNumber + 1}</h2>
      <label>Bowler <select name="bowler">${options(bowling.filter((id) => id !== last), names)}</select></label>
      <button type="submit" class="primary">Bowl</button></form>${controls(c)}`;
  }
  const extra = (key: Exclude<Extra, null>, label: string) =>
    html`<button type="button" data-action="extra" data-extra="${key}" class="${c.extra === key ? "primary" : ""}" aria-pressed="${c.extra === key}">${label}</button>`;
  const wicket = c.wicketOpen ? html`<form data-form="wicket" class="wicket"><h2>Wicket</h2>
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

function controls(c: Console): Html {
  const recent = c.balls.slice(-12).reverse();
  return html`<div class="controls"><button type="button" data-action="undo"${c.balls.length ? nothing : html` disabled`}>Undo last ball</button></div>
    ${recent.length ? html`<form data-form="correct"><h2>Correct a ball</h2>
      <label>Ball <select name="ball">${recent.map((b) => html`<option value="${b.document.id}">${b.document.overNumber}.${b.document.ballInOver}: ${b.document.totalRuns} (${b.document.id})</option>`)}</select></label>
      <label>Runs off the bat <input name="runs" type="number" min="0" max="6" value="0"></label>
      <label>Why <input name="reason" maxlength="500" placeholder="e.g. it was a six"></label>
      <button type="submit">Correct</button></form>` : nothing}
    <form data-form="end"><label>End the innings <select name="reason"><option value="all_out">all out</option><option value="overs">overs done</option><option value="target">target reached</option><option value="other">other</option></select></label>
      <button type="submit">End innings ${c.innings}</button></form>`;
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
  else if (!match) body = html`<p class="quiet">Reading the match…</p>`;
  else {
    const who = html`<p class="who" data-testid="who">Signed in as ${c.user.email ?? c.user.uid}. ${c.role
      ? `You score this match (${c.role}).`
      : "You are not a scorer of this match: an admin or your school's official assigns scorers. Your taps will be refused."} <button type="button" data-action="sign-out">Sign out</button></p>`;
    body = html`${who}${!c.ready ? html`<p class="quiet">Reading the log…</p>` : c.state ? pad(c, names) : startForm(c, match, names)}`;
  }
  mount(html`${header}${message}${status}${body}`);
}
