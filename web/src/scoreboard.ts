// The live scoreboard, from live/now, and the full scorecard, from the innings' cards
// (live/innings{n}): the functions' projection of the log, nothing computed here that the
// projection already says.
import type {
  BatterView, BowlerNowView, BowlerView, LiveInnings, LiveNow, OverSummaryView,
} from "@scorebook/client/types";
import { type Html, html, nothing, raw } from "./html";
import { phases, shotCharts } from "./charts";
import { type Names, overs, parLine, rate } from "./names";

function bowlerFigures(b: BowlerNowView | BowlerView): string {
  return `${overs(b.overs)}-${b.maidens}-${b.runsConceded}-${b.wickets}`;
}

/** How the balls were agreed (matches/{id}.validation), and the balls under review. */
function checks(score: LiveNow): Html {
  const how = {
    SINGLE: "",
    HONOR: "Self-scored: not checked by another scorer",
    DUAL: "Agreed by both sides' scorers",
    TRIPLE: "Agreed by two of three scorers",
  }[score.validation ?? "SINGLE"];
  const review = score.openDisputes?.length
    ? raw(html` · <span class="review" data-testid="review">Ball ${score.openDisputes[0]} under review</span>`)
    : "";
  return how || review
    ? html`<p class="checks" data-testid="validation">${how}${review}</p>`
    : nothing;
}

export function scoreboard(score: LiveNow, names: Names): Html {
  const now = score.currentInnings;
  if (!now) {
    return html`<section class="board" data-testid="board"><p class="status">${
      score.status === "scheduled" ? "Not started yet" : score.result ?? score.status}</p></section>`;
  }
  const atCrease = score.batters;
  const bowler = score.bowler;
  const revised = now.targetMethod ? ` (revised, ${now.targetMethod})` : "";
  const chase = now.target != null && !score.result
    ? html`<p class="chase" data-testid="chase">Target ${now.target}${revised}: ${now.runsNeeded} needed${
      now.ballsRemaining != null ? raw(html` from ${now.ballsRemaining} balls`) : ""} · RRR ${rate(now.requiredRunRate)}</p>
      ${now.par != null ? raw(html`<p class="par" data-testid="par">${parLine(now.par, now.runs)}</p>`) : ""}`
    : "";
  const p = score.partnership;
  return html`<section class="board" data-testid="board">
  <p class="batting">${names.team(now.battingTeamId, now.battingTeamName)}${now.isSuperOver ? " (super over)" : ""}${now.isFreeHit ? raw(html` <span class="free-hit" data-testid="free-hit">FREE HIT</span>`) : ""}</p>
  <p class="score"><span data-testid="score">${now.runs}/${now.wickets}</span>
    <span class="overs">(<span data-testid="overs">${overs(now.overs)}</span>${now.maxOvers ? raw(html`/${now.maxOvers}`) : ""} ov)</span>
    <span class="rr">RR ${rate(now.runRate)}</span></p>
  ${raw(chase)}
  ${raw(checks(score))}
  <table class="crease"><tbody>
  ${atCrease.map((b) => raw(html`<tr${raw(b.isOnStrike ? ' class="on-strike"' : "")}><td>${names.player(b.playerId, b.name)}${b.isOnStrike ? "*" : ""}</td><td class="n">${b.runs}</td><td class="n">(${b.ballsFaced})</td></tr>`))}
  ${bowler ? raw(html`<tr class="bowler"><td>${names.player(bowler.playerId, bowler.name)}</td><td class="n" colspan="2">${bowlerFigures(bowler)}</td></tr>`) : ""}
  </tbody></table>
  <p class="this-over" data-testid="this-over">This over: ${score.currentOver.map((b) => raw(html`<span class="ball${b.isWicket ? " w" : ""}">${b.display}</span>`))}</p>
  ${p ? raw(html`<p class="partnership">Partnership ${p.runs} (${p.balls})</p>`) : ""}
</section>`;
}

function battingCard(i: LiveInnings, names: Names): Html {
  const rows = i.batsmen.map((b: BatterView) => raw(html`<tr><td>${names.player(b.playerId, b.name)}
    <small class="how">${b.isOut ? b.howOut : b.isAtCrease ? "not out" : b.howOut}</small></td>
    <td class="n">${b.runs}</td><td class="n">${b.ballsFaced}</td><td class="n">${b.fours}</td>
    <td class="n">${b.sixes}</td><td class="n">${b.strikeRate.toFixed(1)}</td></tr>`));
  const e = i.extras;
  return html`<table class="card batting-card"><thead><tr><th>Batter</th><th>R</th><th>B</th><th>4s</th><th>6s</th><th>SR</th></tr></thead>
  <tbody>${rows}
  ${i.yetToBat.length ? raw(html`<tr class="dnb"><td colspan="6"><small class="how" data-testid="yet-to-bat">${i.isClosed ? "Did not bat" : "Yet to bat"}: ${i.yetToBat.map((y) => names.player(y.playerId, y.name)).join(", ")}</small></td></tr>`) : ""}</tbody>
  <tfoot><tr><td>Extras <small class="how">b ${e.byes}, lb ${e.legByes}, w ${e.wides}, nb ${e.noBalls}${e.penalty ? raw(html`, pen ${e.penalty}`) : ""}</small></td><td class="n">${e.total}</td><td colspan="4"></td></tr>
  <tr class="total"><td>Total <small class="how">${i.wickets} wkts, ${overs(i.overs)} ov${i.declared ? ", declared" : ""}</small></td><td class="n" data-testid="innings-total">${i.runs}</td><td colspan="4"></td></tr></tfoot></table>`;
}

function bowlingCard(i: LiveInnings, names: Names): Html {
  const rows = i.bowlers.map((b) => raw(html`<tr><td>${names.player(b.playerId, b.name)}</td>
    <td class="n">${overs(b.overs)}</td><td class="n">${b.maidens}</td><td class="n">${b.runsConceded}</td>
    <td class="n">${b.wickets}</td><td class="n">${rate(b.economy)}</td><td class="n">${b.wides}</td><td class="n">${b.noBalls}</td></tr>`));
  return html`<table class="card bowling-card"><thead><tr><th>Bowler</th><th>O</th><th>M</th><th>R</th><th>W</th><th>Econ</th><th>Wd</th><th>NB</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Each wicket's partnership: who, how many, off how many balls. */
function partnerships(i: LiveInnings, names: Names): Html {
  if (!i.partnerships.length) return nothing;
  const rows = i.partnerships.map((p) => raw(html`<li>${p.wicket}${ordinal(p.wicket)} wkt: ${p.runs} (${p.balls}) ${names.player(p.batsmanAId)} ${p.batsmanARuns}, ${names.player(p.batsmanBId)} ${p.batsmanBRuns}${p.isUnbroken ? ", unbroken" : ""}</li>`));
  return html`<details class="partnerships"><summary>Partnerships</summary><ul data-testid="partnerships">${rows}</ul></details>`;
}

function ordinal(n: number): string {
  return ["th", "st", "nd", "rd"][n % 100 > 10 && n % 100 < 14 ? 0 : n % 10 < 4 ? n % 10 : 0];
}

function fallOfWickets(i: LiveInnings, names: Names): Html {
  if (!i.fallOfWickets.length) return nothing;
  return html`<p class="fow"><strong>Fall of wickets:</strong> ${i.fallOfWickets.map((f) => raw(html`<span>${f.wicketNumber}-${f.score} (${names.player(f.batsmanOutId, f.batsmanOutName)}, ${f.over})</span> `))}</p>`;
}

/** Runs per over as bars, a dot on each over that took a wicket: a manhattan. */
export function manhattan(history: OverSummaryView[], label: string): Html {
  if (!history.length) return nothing;
  const most = Math.max(10, ...history.map((o) => Number(o.runs) || 0));
  const width = 8;
  const height = 80;
  const bars = history.map((o, n) => {
    // numbers only (Number()), drawn as markup: the over shown 1-based, as scorers count
    const [over, runs, wickets] = [Number(o.over) + 1, Number(o.runs), Number(o.wickets)];
    const h = Math.round((runs / most) * (height - 10));
    const x = n * (width + 2);
    const dot = wickets ? `<circle cx="${x + width / 2}" cy="${height - h - 5}" r="3" class="wkt"/>` : "";
    return `<rect x="${x}" y="${height - h}" width="${width}" height="${h}"><title>Over ${over}: ${runs} runs, ${wickets} wkts</title></rect>${dot}`;
  });
  const w = history.length * (width + 2);
  // drawn at 2 px per unit, shrunk to fit a narrow screen, never stretched
  return html`<figure class="manhattan"><svg viewBox="0 0 ${w} ${height}" width="${2 * w}" role="img" aria-label="${label}">${raw(bars.join(""))}</svg><figcaption>${label}</figcaption></figure>`;
}

export function scorecard(innings: LiveInnings[], names: Names, scheduledOvers?: number | null,
                          now?: LiveNow | null): Html {
  return html`${innings.map((i) => {
    const team = names.team(i.battingTeamId);
    const title = `${team}, innings ${i.inningsNumber}${i.isSuperOver ? " (super over)" : ""}`;
    // the card of the innings in progress is read once an over (and at a wicket): between
    // those, the scoreboard above is the live one
    const live = now?.currentInnings;
    const behind = live && live.inningsNumber === i.inningsNumber
      && (live.balls !== i.balls || live.runs !== i.runs || live.wickets !== i.wickets);
    return html`<section class="innings" data-testid="innings-${i.inningsNumber}"><h2>${title}: ${i.runs}/${i.wickets} (${overs(i.overs)} ov)</h2>
      ${behind ? html`<p class="quiet as-at" data-testid="as-at">The card as at ${overs(i.overs)} overs; the score above is live.</p>` : nothing}
      ${raw(battingCard(i, names))}${raw(fallOfWickets(i, names))}${raw(partnerships(i, names))}${raw(bowlingCard(i, names))}
      ${phases(i, scheduledOvers)}${manhattan(i.overHistory, `Runs per over, ${team}`)}${shotCharts(i, names)}</section>`;
  })}`;
}
