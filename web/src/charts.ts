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

/** The wagon wheel's segments in the kit's order (1 to 8, clockwise from straight down the
 * ground on the off side, the bowler at the top, as a right-hander's field is drawn). */
const SEGMENTS = ["long off", "cover", "point", "third man", "fine leg", "square leg", "midwicket", "long on"];
const LENGTHS = ["full_toss", "yorker", "full", "good", "short", "bouncer"];
const LINES = ["outside_off", "off_stump", "middle_stump", "leg_stump", "outside_leg"];

function point(r: number, degrees: number): string {
  const a = (degrees * Math.PI) / 180;
  return `${(60 + r * Math.sin(a)).toFixed(1)},${(60 - r * Math.cos(a)).toFixed(1)}`;
}

/** Runs by where they went: eight wedges, the darker the more runs, each with its runs. */
export function wagonWheel(runs: number[], label: string, testId: string): Html {
  const values = SEGMENTS.map((_, n) => Number(runs[n]) || 0);
  const most = Math.max(1, ...values);
  const wedges = values.map((v, n) => {
    const [from, to] = [n * 45, (n + 1) * 45];
    const shade = (0.1 + 0.8 * (v / most)).toFixed(2);
    return `<path d="M60,60 L${point(55, from)} A55,55 0 0 1 ${point(55, to)} Z" fill="#1f6f3a" fill-opacity="${shade}" stroke="#fff"><title>${SEGMENTS[n]}: ${v}</title></path>`
      + `<text x="${point(38, from + 22.5).split(",")[0]}" y="${point(38, from + 22.5).split(",")[1]}" text-anchor="middle" dominant-baseline="middle"${Number(shade) > 0.5 ? ' class="on-dark"' : ""}>${v}</text>`;
  });
  // numbers only (Number()) and the fixed names above, drawn as markup
  return html`<figure class="wagon" data-testid="${testId}"><svg viewBox="0 0 120 120" width="150" role="img" aria-label="${label}">${raw(wedges.join(""))}<rect x="57" y="50" width="6" height="20" fill="#c8b27a"/></svg><figcaption>${label}</figcaption></figure>`;
}

/** A bowler's deliveries by where they pitched: lengths down from the batter's end, lines
 * across (off side on the left, as the bowler sees a right-hander); a cell's number is its
 * deliveries, ringed where one took a wicket. */
export function pitchMap(cells: Record<string, number[] | undefined>, label: string, testId: string): Html {
  const most = Math.max(1, ...Object.values(cells).map((c) => Number(c?.[0]) || 0));
  const boxes = LENGTHS.flatMap((length, row) => LINES.map((line, col) => {
    const [balls, runs, wickets] = (cells[`${length}_${line}`] ?? [0, 0, 0]).map(Number);
    const [x, y] = [col * 20, row * 16];
    const shade = balls ? (0.15 + 0.7 * (balls / most)).toFixed(2) : "0";
    const ring = wickets ? `<rect x="${x + 1}" y="${y + 1}" width="18" height="14" fill="none" stroke="#b3261e" stroke-width="2"/>` : "";
    return `<rect x="${x}" y="${y}" width="20" height="16" fill="#1f4e9c" fill-opacity="${shade}" stroke="#ddd"><title>${length.replace("_", " ")}, ${line.replace("_", " ")}: ${balls} balls, ${runs} runs, ${wickets} wkts</title></rect>${ring}`
      + (balls ? `<text x="${x + 10}" y="${y + 8}" text-anchor="middle" dominant-baseline="middle">${balls}</text>` : "");
  }));
  return html`<figure class="pitch" data-testid="${testId}"><svg viewBox="0 0 100 96" width="125" role="img" aria-label="${label}">${raw(boxes.join(""))}</svg><figcaption>${label}</figcaption></figure>`;
}

/** The innings' wagon wheel, each batter's and each bowler's pitch map, where the scorer
 * recorded where the ball went or pitched; nothing otherwise. */
export function shotCharts(i: LiveInnings, names: Names): Html {
  const batters = i.batsmen.filter((b) => b.wagonWheel);
  const bowlers = i.bowlers.filter((b) => b.pitchMap && Object.keys(b.pitchMap).length);
  if (!batters.length && !bowlers.length) return nothing;
  const whole = SEGMENTS.map((_, n) => batters.reduce((t, b) => t + (Number(b.wagonWheel?.[n]) || 0), 0));
  const n = i.inningsNumber;
  return html`<details class="shots" data-testid="shots-${n}"><summary>Wagon wheel and pitch maps</summary>
    ${batters.length ? wagonWheel(whole, `Runs by where they went, ${names.team(i.battingTeamId)}`, `wagon-${n}`) : nothing}
    ${batters.map((b) => wagonWheel(b.wagonWheel ?? [], `${names.player(b.playerId, b.name)} ${b.runs}`, `wagon-${n}-${b.playerId}`))}
    ${bowlers.map((b) => pitchMap(b.pitchMap ?? {}, `${names.player(b.playerId, b.name)}: where he pitched it`, `pitch-${n}-${b.playerId}`))}
  </details>`;
}
