// /match/{id}/scorecard: the full scorecard to file or pin up, laid out for an A4 page (the
// browser's Print, or Save as PDF): the match, the toss, every innings' batting, fall of
// wickets, bowling and extras, and the result as recorded. One read of live/score, no
// listener: a printout is of one moment.
import { connect } from "./firebase";
import { html, mount, nothing } from "./html";
import { type Live, title, watchMatch } from "./live";
import { Names } from "./names";
import { scorecard } from "./scoreboard";

export async function showPrintout(matchId: string): Promise<void> {
  const { db } = await connect();
  const stop = watchMatch(db, matchId, (live: Live) => {
    if (live.error) {
      mount(html`<p class="error" role="alert">The match could not be read: ${live.error.message}</p>`);
      return;
    }
    if (!live.match || !live.score) return; // both, then the page is drawn once
    stop();
    const names = new Names(live.match);
    const match = live.match;
    const toss = match.toss?.winnerId
      ? `${names.team(match.toss.winnerId)} won the toss and chose to ${match.toss.decision === "bat" ? "bat" : "field"}`
      : null;
    const when = [match.venue, match.city, (match.dates ?? []).join(", ")].filter(Boolean).join(" · ");
    mount(html`<article class="printout" data-testid="printout">
      <header><h1>${title(match, matchId)}</h1>
        <p class="meta">${when}${match.event ? html` · ${match.event}` : nothing}</p>
        ${toss ? html`<p class="meta">${toss}</p>` : nothing}</header>
      <p class="result" data-testid="result">${live.score.result ?? `In progress: ${live.score.status}`}</p>
      ${scorecard(live.score, names)}
      <footer class="meta">Scored with scorebook · version ${live.score.version ?? ""} of the scorecard
        <button type="button" class="no-print" onclick="window.print()">Print</button></footer>
    </article>`);
    document.body.classList.add("printing");
  });
}
