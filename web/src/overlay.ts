// /match/{id}/overlay: a score bug for a streaming tool's browser source (OBS and the like):
// transparent background, large type, one strip, no scrolling.
import { connect } from "./firebase";
import { html, mount, nothing } from "./html";
import { watchMatch } from "./live";
import { Names, overs, parLine } from "./names";

export async function showOverlay(matchId: string): Promise<void> {
  const { db } = await connect();
  document.body.classList.add("overlay");
  watchMatch(db, matchId, ({ match, now: score }) => {
    const names = new Names(match);
    const now = score?.currentInnings;
    if (!score || !now) {
      mount(html`<div class="bug" data-testid="bug"><span class="team">${match?.teams.map((t) => t.name).join(" v ") ?? ""}</span>
        <span class="quiet">${score?.result ?? "starting soon"}</span></div>`);
      return;
    }
    const batters = score.batters;
    const bowler = score.bowler;
    mount(html`<div class="bug" data-testid="bug">
      <span class="team">${names.team(now.battingTeamId, now.battingTeamName)}</span>
      <span class="runs" data-testid="bug-score">${now.runs}-${now.wickets}</span>
      <span class="ov">${overs(now.overs)} ov</span>
      ${now.target != null && !score.result ? html`<span class="need">need ${now.runsNeeded}${now.ballsRemaining != null ? html` off ${now.ballsRemaining}` : nothing}</span>` : nothing}
      ${now.par != null && !score.result ? html`<span class="need" data-testid="bug-par">${parLine(now.par, now.runs)}</span>` : nothing}
      <span class="bat">${batters.map((b) => html`<span>${names.short(b.playerId, b.name)}${b.isOnStrike ? "*" : ""} ${b.runs} (${b.ballsFaced})</span>`)}</span>
      ${bowler ? html`<span class="bowl">${names.short(bowler.playerId, bowler.name)} ${bowler.wickets}-${bowler.runsConceded}</span>` : nothing}
      <span class="over">${score.currentOver.map((b) => html`<i class="${b.isWicket ? "w" : ""}">${b.display}</i>`)}</span>
      ${score.result ? html`<span class="res">${score.result}</span>` : nothing}
    </div>`);
  });
}
