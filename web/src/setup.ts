// /setup: a league admin sets a match up: the two squads (a player a line), the format, the
// day, the ground and the toss. /setup/{id}: its scorers and umpires appointed (an admin; a
// school's official their side's scorer), and each side's lineup picked (its manager, coach
// or captain; an admin). Every write goes through the kit and the rules decide; a refusal is
// shown as the SDK gives it.
import {
  appoint, createMatch, createTeam, FORMATS, matchFromSquads, type Selected, setLineup, type Squad,
} from "@scorebook/client";
import type { Match, MatchLineup } from "@scorebook/client/types";
import { onAuthStateChanged, signOut, type User } from "firebase/auth";
import { collection, doc, onSnapshot, query } from "firebase/firestore";
import { signInFrom, signInForm } from "./account";
import { type Backend, connect } from "./firebase";
import { type Html, html, mount, nothing } from "./html";

interface Setup {
  backend: Backend;
  matchId: string | null;
  user: User | null;
  admin: boolean;
  match: Match | null;
  lineups: MatchLineup[];
  message: { text: string; ok?: boolean } | null;
}

const ROLES: [string, string][] = [
  ["scorer_home", "Home scorer"], ["scorer_away", "Away scorer"], ["scorer_neutral", "Neutral scorer"],
  ["umpire_on_field", "Umpire"], ["umpire_third", "Third umpire"], ["match_referee", "Match referee"],
];

/** Listen to the match and its lineups. */
function follow(s: Setup, matchId: string): void {
  s.matchId = matchId;
  onSnapshot(doc(s.backend.db, "matches", matchId), (snap) => {
    s.match = snap.exists() ? (snap.data() as Match) : null;
    render(s);
  });
  onSnapshot(query(collection(s.backend.db, "matches", matchId, "lineups")), (snap) => {
    s.lineups = snap.docs.map((d) => d.data() as MatchLineup);
    render(s);
  }, () => {}); // a private match's lineups are its members' (the form still writes)
}

export async function showSetup(matchId: string | null): Promise<void> {
  const backend = await connect();
  const s: Setup = { backend, matchId, user: null, admin: false, match: null, lineups: [], message: null };
  document.body.classList.add("console"); // the console's forms: big targets for a thumb
  const app = document.getElementById("app")!;
  app.addEventListener("submit", (e) => void onSubmit(s, e));
  app.addEventListener("click", (e) => {
    if ((e.target as HTMLElement).closest("[data-action=sign-out]")) void signOut(backend.auth);
  });
  if (matchId) follow(s, matchId);
  onAuthStateChanged(backend.auth, async (user) => {
    s.user = user;
    s.admin = user ? (await user.getIdTokenResult()).claims.admin === true : false;
    render(s);
  });
}

function render(s: Setup): void {
  const header = html`<header class="top"><a href="/" class="home">scorebook</a> · setup
    <h1>${s.matchId ? s.match?.name ?? s.matchId : "A new match"}</h1></header>`;
  const message = s.message ? html`<div class="message${s.message.ok ? " ok" : ""}" role="alert" data-testid="message">${s.message.text}</div>` : nothing;
  let body: Html;
  if (!s.user) body = signInForm("Sign in to set matches up");
  else {
    const who = html`<p class="who" data-testid="who">Signed in as ${s.user.email ?? s.user.uid}${s.admin ? " (an admin)" : ""}. Your id: <code>${s.user.uid}</code></p>`;
    const work = !s.matchId ? newMatch() : s.match ? html`${appointForm()}${s.match.teams.map((t) => lineupForm(s, t.id))}
      <p class="links"><a href="/score/${encodeURIComponent(s.matchId)}">Scorer console</a> · <a href="/match/${encodeURIComponent(s.matchId)}">The match page</a></p>`
      : html`<p class="quiet">There is no match ${s.matchId}. <a href="/setup">Set a new one up</a></p>`;
    body = html`${who}${work}<footer class="foot"><button type="button" data-action="sign-out">Sign out</button></footer>`;
  }
  const focused = document.activeElement?.closest("form")?.dataset.form;
  // never redraw a form being filled (a snapshot would wipe what is typed): a submit blurs it
  if (focused && focused !== "sign-in") return;
  mount(html`${header}${message}${body}`);
}

function newMatch(): Html {
  const formats = Object.keys(FORMATS).map((f) => html`<option value="${f}">${f}</option>`);
  const side = (which: string, label: string) => html`<fieldset><legend>${label}</legend>
    <label>Name <input name="${which}" required maxlength="100"></label>
    <label>Players, one a line: the name, then / and a short one for the score bug if you like (* the captain, † or (wk) the keeper)
      <textarea name="${which}Players" rows="12" required></textarea></label></fieldset>`;
  return html`<form data-form="match" class="panel setup"><h2>The match</h2>
    <label>Format <select name="format">${formats}</select></label>
    <label>Day <input name="day" type="date" required></label>
    <label>Ground <input name="venue" maxlength="200"></label>
    ${side("home", "Home side")}${side("away", "Away side")}
    <label>Toss won by <select name="toss"><option value="">not yet</option><option value="home">the home side</option><option value="away">the away side</option></select></label>
    <label>and chose to <select name="decision"><option value="bat">bat</option><option value="field">field</option></select></label>
    <button type="submit" class="primary">Create the match</button></form>`;
}

function appointForm(): Html {
  return html`<form data-form="appoint" class="panel setup"><h2>Scorers and umpires</h2>
    <label>Their id (the console shows it to them once they have signed in) <input name="person" required maxlength="128"></label>
    <label>As <select name="role">${ROLES.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></label>
    <button type="submit" class="primary">Appoint</button></form>`;
}

function lineupForm(s: Setup, teamId: string): Html {
  const team = s.match!.teams.find((t) => t.id === teamId)!;
  const listed = new Map(s.lineups.filter((l) => l.teamId === teamId).map((l) => [l.playerId, l]));
  const rows = (team.players ?? []).map((p, i) => {
    const l = listed.get(p.id);
    const plays = listed.size ? l?.role === "playing_xi" : i < (s.match!.playersPerSide ?? 11);
    const check = (yes: boolean) => (yes ? html` checked` : nothing);
    return html`<tr><td><label><input type="checkbox" name="plays" value="${p.id}"${check(plays)}> ${p.name}</label></td>
      <td><input type="radio" name="captain" value="${p.id}" aria-label="${p.name} captains"${check(l ? l.isCaptain : Boolean(p.isCaptain))}></td>
      <td><input type="radio" name="keeper" value="${p.id}" aria-label="${p.name} keeps wicket"${check(l ? l.isWicketkeeper : Boolean(p.isWicketkeeper))}></td></tr>`;
  });
  return html`<form data-form="lineup" data-team="${teamId}" class="panel setup"><h2>${team.name}: the lineup</h2>
    <table><thead><tr><th>Plays (in batting order)</th><th>Captain</th><th>Keeper</th></tr></thead><tbody>${rows}</tbody></table>
    <button type="submit" class="primary">Save ${team.name}'s lineup</button></form>`;
}

/** An id from a name: lower case, letters and digits, a dash between words. */
function slug(name: string): string {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
}

/** A side from its name and its players' lines: ids from the names, so that the same player
 * has the same id in every match of the season (the statistics count by it). */
function squad(name: string, lines: string): Squad {
  const id = slug(name);
  if (!id) throw new Error(`"${name}" is no name for a side.`);
  const players = lines.split("\n").map((l) => l.trim()).filter(Boolean).map((line) => {
    const isCaptain = line.includes("*");
    const isWicketkeeper = /†|\(wk\)/i.test(line);
    const [full, short] = line.replace(/\*|†|\(wk\)/gi, "").split("/").map((x) => x.trim());
    return { id: `${id}-${slug(full)}`, name: full, ...(short ? { shortName: short } : {}), isCaptain, isWicketkeeper };
  });
  const ids = players.map((p) => p.id);
  const twice = ids.find((x, i) => ids.indexOf(x) !== i);
  if (twice) throw new Error(`${name} lists the same player twice (${twice}).`);
  if (players.length < 2) throw new Error(`${name} needs its players, one a line.`);
  return { id, name, players };
}

const SUBMIT: Record<string, (s: Setup, form: HTMLFormElement) => Promise<string>> = {
  async match(s, form) {
    const v = (name: string) => String(new FormData(form).get(name) ?? "").trim();
    const home = squad(v("home"), v("homePlayers"));
    const away = squad(v("away"), v("awayPlayers"));
    if (home.id === away.id) throw new Error("The two sides need different names.");
    const id = `${home.id}-v-${away.id}-${v("day")}`;
    const toss = v("toss") ? { winnerId: (v("toss") === "home" ? home : away).id, decision: v("decision") } : null;
    const match = matchFromSquads(id, home, away, v("format") as keyof typeof FORMATS, {
      dates: [v("day")], ...(v("venue") ? { venue: v("venue") } : {}), ...(toss ? { toss } : {}),
    } as Partial<Match>);
    await createMatch(s.backend.db, match);
    for (const side of [home, away]) await createTeam(s.backend.db, { id: side.id, name: side.name });
    history.pushState(null, "", `/setup/${encodeURIComponent(id)}`);
    follow(s, id);
    return `${match.name} is set up: appoint its scorers and pick the lineups.`;
  },
  async appoint(s, form) {
    const data = new FormData(form);
    const role = String(data.get("role"));
    await appoint(s.backend.db, s.matchId!, String(data.get("person")).trim(), role, s.user!.uid);
    return `Appointed as ${ROLES.find(([r]) => r === role)?.[1] ?? role}.`;
  },
  async lineup(s, form) {
    const data = new FormData(form);
    const teamId = form.dataset.team!;
    const team = s.match!.teams.find((t) => t.id === teamId)!;
    const plays = new Set(data.getAll("plays").map(String));
    const chosen: Selected[] = (team.players ?? []).filter((p) => plays.has(p.id)).map((p, i) => ({
      playerId: p.id, name: p.name, battingPosition: i + 1,
      isCaptain: data.get("captain") === p.id, isWicketkeeper: data.get("keeper") === p.id,
    }));
    if (!chosen.length) throw new Error("Tick the players who play.");
    await setLineup(s.backend.db, s.matchId!, teamId, chosen, s.user!.uid);
    return `${team.name}'s lineup is saved: ${chosen.length} players.`;
  },
};

/** Who the rules let write each form, said when they refuse it. */
const REFUSED: Record<string, string> = {
  match: "Refused: only an admin creates a match.",
  appoint: "Refused: an admin appoints scorers and umpires, and a school's official its own side's scorer, before the match is over.",
  lineup: "Refused: a side's manager, coach or captain picks its lineup, or an admin, before the match is over.",
};

async function onSubmit(s: Setup, e: Event): Promise<void> {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
  const name = form.dataset.form!;
  s.message = null;
  try {
    if (name === "sign-in") await signInFrom(s.backend.auth, form, submitter?.value ?? "");
    else s.message = { text: await SUBMIT[name](s, form), ok: true };
  } catch (error) {
    const refused = (error as { code?: string }).code === "permission-denied";
    s.message = { text: refused && REFUSED[name] ? REFUSED[name] : String((error as Error).message ?? error) };
  }
  (document.activeElement as HTMLElement | null)?.blur();
  render(s);
}
