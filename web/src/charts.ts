// The charts people expect beside a scorecard, drawn from the innings' cards the page already
// listens to (their `overHistory`: runs and wickets of each over), so they cost no read: the
// worm (each innings' runs over by over, a dot where a wicket fell), the last five overs and
// the powerplay.
import type { LiveInnings, OverSummaryView } from "@scorebook/client/types";
import { type Html, html, nothing, raw } from "./html";
import type { Names } from "./names";

/** The powerplay's overs by the match's length (the playing conditions': 6 of 20, 10 of 50). */
export function powerplayOvers(scheduledOvers: number | null | undefined): number | null {
  return scheduledOvers === 20 ? 6 : scheduledOvers === 50 ? 10 : null;
}

function sum(overs: OverSummaryView[]): { runs: number; wickets: number } {
  return overs.reduce((t, o) => ({ runs: t.runs + Number(o.runs), wickets: t.wickets + Number(o.wickets) }),
    { runs: 0, wickets: 0 });
}

/** "Last 5 overs: 42/2 · Powerplay (1-6): 54/1" for an innings. */
export function phases(i: LiveInnings, scheduledOvers: number | null | undefined): Html {
  const done = i.overHistory.filter((o) => o.legalBalls > 0);
  const parts: string[] = [];
  if (done.length >= 5 && !i.isClosed) {
    const last = sum(done.slice(-5));
    parts.push(`Last 5 overs: ${last.runs}/${last.wickets}`);
  }
  const pp = powerplayOvers(scheduledOvers);
  if (pp && done.length >= pp) {
    const first = sum(done.filter((o) => o.over < pp));
    parts.push(`Powerplay (overs 1-${pp}): ${first.runs}/${first.wickets}`);
  }
  return parts.length ? html`<p class="phases" data-testid="phases-${i.inningsNumber}">${parts.join(" · ")}</p>` : nothing;
}

const COLOURS = ["#1f6f3a", "#b3261e", "#1f4e9c", "#c28b00"];

/** Each innings' runs after each over, one line an innings, a dot on an over with a wicket. */
export function worm(innings: LiveInnings[], names: Names): Html {
  const regular = innings.filter((i) => !i.isSuperOver && i.overHistory.length);
  if (!regular.length) return nothing;
  const totals = regular.map((i) => {
    let runs = 0;
    return i.overHistory.map((o) => ({ over: Number(o.over) + 1, runs: (runs += Number(o.runs)), wickets: Number(o.wickets) }));
  });
  const most = Math.max(20, ...totals.flat().map((p) => p.runs));
  const overs = Math.max(5, ...totals.flat().map((p) => p.over));
  const [w, h] = [300, 120];
  const x = (over: number) => Math.round((over / overs) * (w - 10)) + 5;
  const y = (runs: number) => h - 5 - Math.round((runs / most) * (h - 15));
  const lines = totals.map((points, n) => {
    const path = [`5,${h - 5}`, ...points.map((p) => `${x(p.over)},${y(p.runs)}`)].join(" ");
    const dots = points.filter((p) => p.wickets).map((p) => `<circle cx="${x(p.over)}" cy="${y(p.runs)}" r="2.5" fill="${COLOURS[n % 4]}"/>`);
    return `<polyline points="${path}" fill="none" stroke="${COLOURS[n % 4]}" stroke-width="2"/>${dots.join("")}`;
  });
  const key = regular.map((i, n) => html`<span class="key" data-colour="${n % 4}">${names.team(i.battingTeamId)} (${i.inningsNumber})</span>`);
  // numbers only (Number()), drawn as markup
  return html`<figure class="worm" data-testid="worm"><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Runs over by over, each innings">${raw(lines.join(""))}</svg>
    <figcaption>The worm: ${key}</figcaption></figure>`;
}
