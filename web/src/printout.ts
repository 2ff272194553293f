// /match/{id}/scorecard: the full scorecard to file or pin up, laid out for an A4 page (the
// browser's Print, or Save as PDF): the match, the toss, every innings' batting, fall of
// wickets, bowling and extras, and the result as recorded. Read once from the server (a
// printout is of one moment, and this device's offline copy may be old); offline, the copy
// on this device, said so.
import type { LiveInnings, LiveScore, Match } from "@scorebook/client/types";
import { doc, type DocumentSnapshot, type Firestore, getDocFromCache, getDocFromServer } from "firebase/firestore";
import { connect } from "./firebase";
import { html, mount, nothing } from "./html";
import { title } from "./live";
import { Names } from "./names";
import { scorecard } from "./scoreboard";

async function read(db: Firestore, path: string): Promise<{ snap: DocumentSnapshot; cached: boolean }> {
  try {
    return { snap: await getDocFromServer(doc(db, path)), cached: false };
  } catch (error) {
    if ((error as { code?: string }).code === "permission-denied") throw error;
    return { snap: await getDocFromCache(doc(db, path)), cached: true };
  }
}

/** live/score's innings' cards (`innings1`, `innings2`, ...), in order: read once, whole. */
function cardsOf(score: LiveScore): LiveInnings[] {
  return Object.keys(score)
    .filter((k) => /^innings\d+$/.test(k))
    .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)))
    .map((k) => score[k as `innings${number}`])
    .filter((i): i is LiveInnings => i != null);
}

export async function showPrintout(matchId: string): Promise<void> {
  const { db } = await connect();
  mount(html`<p class="quiet">Reading the scorecard…</p>`);
  let match: Match | null;
  let score: LiveScore | null;
  let cached: boolean;
  try {
    const [m, s] = await Promise.all([read(db, `matches/${matchId}`), read(db, `matches/${matchId}/live/score`)]);
    match = m.snap.exists() ? (m.snap.data() as Match) : null;
    score = s.snap.exists() ? (s.snap.data() as LiveScore) : null;
    cached = m.cached || s.cached;
  } catch (error) {
    const denied = (error as { code?: string }).code === "permission-denied";
    mount(html`<p class="error" role="alert">${denied
      ? "This match is private: sign in as one of its members to print its scorecard."
      : `The scorecard could not be read: ${String((error as Error).message ?? error)}`}</p>`);
    return;
  }
  if (!match) {
    mount(html`<p class="error" role="alert">There is no match ${matchId}.</p>`);
    return;
  }
  const names = new Names(match);
  const toss = match.toss?.winnerId
    ? `${names.team(match.toss.winnerId)} won the toss and chose to ${match.toss.decision === "bat" ? "bat" : "field"}`
    : null;
  const when = [match.venue, match.city, (match.dates ?? []).join(", ")].filter(Boolean).join(" · ");
  mount(html`<article class="printout" data-testid="printout">
    <header><h1>${title(match, matchId)}</h1>
      <p class="meta">${when}${match.event ? html` · ${match.event}` : nothing}</p>
      ${toss ? html`<p class="meta">${toss}</p>` : nothing}</header>
    ${!score ? html`<p class="quiet">No ball has been scored yet: there is nothing to print.</p>`
      : html`<p class="result" data-testid="result">${score.result ?? `In progress: ${score.status}`}</p>
    ${scorecard(cardsOf(score), names)}`}
    <footer class="meta">Scored with scorebook${score ? ` · version ${score.version ?? ""} of the scorecard` : ""}${cached ? " · offline: the copy on this device, which may be behind" : ""}
      <button type="button" class="no-print" data-action="print">Print</button></footer>
  </article>`);
  const printButton = document.querySelector<HTMLButtonElement>("[data-action=print]");
  if (printButton) printButton.onclick = () => print(); // one handler, set by script (the CSP)
  document.body.classList.add("printing");
}
