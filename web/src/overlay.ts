// /match/{id}/overlay: a score bug for a streaming tool's browser source (OBS and the like):
// transparent (the page and its root paint nothing), large type, one strip, no scrolling.
// Its URL sets it up: ?at=top (the default) or ?at=lower-third, and the sides' colours,
// ?home=%23b3261e&away=%231f4e9c (the bug takes the batting side's). A four, a six or a
// wicket shows a moment for a few seconds: read from live/now's over (the ball just added),
// so the bug needs no other listener.
import { compareActionIds } from "@scorebook/client";
import type { LiveNow } from "@scorebook/client/types";
import { connect } from "./firebase";
import { html, mount, nothing } from "./html";
import { transportOf, watchMatch } from "./live";
import { Names, overs, parLine, rate } from "./names";

const MOMENT_MS = 4000;
const COLOUR = /^#[0-9a-fA-F]{3,8}$/;

/** Where the innings stands in balls: overs, and the deliveries of this over. */
function balls(now: LiveNow): string {
  return `${now.currentInnings?.inningsNumber}:${now.currentInnings?.overs}:${now.currentOver.length}`;
}

/** The moment the ball just added to the over makes, if any: FOUR, SIX or WICKET. Only for a
 * new ball: not after an undo (the log's last action moves back), nor after an event that
 * adds no ball (a new batter after a wicket would show the wicket again). */
function moment(before: LiveNow | null, now: LiveNow): string | null {
  if (!before?.lastActionId || !now.lastActionId || balls(before) === balls(now)
      || compareActionIds(now.lastActionId, before.lastActionId) <= 0) return null;
  const ball = now.currentOver.at(-1);
  if (!ball) return null;
  if (ball.isWicket) return "WICKET";
  if (ball.extraType == null && (ball.runs === 4 || ball.runs === 6) && /^[46]$/.test(ball.display)) {
    return ball.runs === 6 ? "SIX" : "FOUR";
  }
  return null;
}

export async function showOverlay(matchId: string): Promise<void> {
  const { db } = await connect();
  const params = new URLSearchParams(location.search);
  document.documentElement.classList.add("overlay");
  document.body.classList.add("overlay", params.get("at") === "lower-third" ? "lower-third" : "top");
  const colours = [params.get("home"), params.get("away")].map((c) => (c && COLOUR.test(c) ? c : null));
  let last: LiveNow | null = null;
  let shown: { text: string; until: number } | null = null;
  watchMatch(db, matchId, ({ match, now: score }) => {
    const names = new Names(match);
    const now = score?.currentInnings;
    if (score) {
      const made = moment(last, score);
      if (made) {
        shown = { text: made, until: Date.now() + MOMENT_MS };
        setTimeout(() => document.querySelector("[data-testid=moment]")?.remove(), MOMENT_MS);
      }
      last = score;
    }
    if (!score || !now) {
      mount(html`<div class="bug" data-testid="bug"><span class="team">${match?.teams.map((t) => t.name).join(" v ") ?? ""}</span>
        <span class="quiet">${score?.result ?? "starting soon"}</span></div>`);
      return;
    }
    const side = match?.teams.findIndex((t) => t.id === now.battingTeamId) ?? -1;
    const colour = side >= 0 ? colours[side] : null;
    const p = score.partnership;
    const live = !score.result;
    mount(html`<div class="bug" data-testid="bug">
      <span class="team">${names.team(now.battingTeamId, now.battingTeamName)}</span>
      <span class="runs" data-testid="bug-score">${now.runs}-${now.wickets}</span>
      <span class="ov">${overs(now.overs)} ov · RR ${rate(now.runRate)}</span>
      ${now.isFreeHit && live ? html`<span class="free-hit" data-testid="bug-free-hit">FREE HIT</span>` : nothing}
      ${now.target != null && live ? html`<span class="need" data-testid="bug-need">need ${now.runsNeeded}${now.ballsRemaining != null ? html` off ${now.ballsRemaining}` : nothing} · RRR ${rate(now.requiredRunRate)}</span>` : nothing}
      ${now.par != null && live ? html`<span class="need" data-testid="bug-par">${parLine(now.par, now.runs)}</span>` : nothing}
      <span class="bat">${score.batters.map((b) => html`<span>${names.short(b.playerId, b.name)}${b.isOnStrike ? "*" : ""} ${b.runs} (${b.ballsFaced})</span>`)}</span>
      ${p && live ? html`<span class="pship" data-testid="bug-partnership">P'ship ${p.runs} (${p.balls})</span>` : nothing}
      ${score.bowler ? html`<span class="bowl">${names.short(score.bowler.playerId, score.bowler.name)} ${score.bowler.wickets}-${score.bowler.runsConceded}</span>` : nothing}
      <span class="over">${score.currentOver.map((b) => html`<i class="${b.isWicket ? "w" : ""}">${b.display}</i>`)}</span>
      ${score.result ? html`<span class="res">${score.result}</span>` : nothing}
      ${shown && shown.until > Date.now() ? html`<span class="moment ${shown.text.toLowerCase()}" data-testid="moment">${shown.text}</span>` : nothing}
    </div>`);
    // through the CSSOM: the content security policy refuses style attributes in markup
    if (colour) document.querySelector<HTMLElement>("[data-testid=bug]")?.style.setProperty("background-color", colour);
  }, { transport: transportOf(location.search) });
}
