// /league/{competitionId}: a competition as its clubs and fans look at it: the table (the
// functions' competition_tables/{id}, ranked: points, net run rate to three places, bonus
// points where the competition has them, the form), the results and fixtures (its matches),
// and the leaderboards (player_season_stats, the top ten by runs, wickets, strike rate and
// economy). /player/{personId}: a player's career in each format and each season. All of it
// is what the functions keep after each match: nothing is counted here.
import type { Match } from "@scorebook/client/types";
import {
  collection, doc, type Firestore, getDoc, getDocs, limit, onSnapshot, orderBy, query, where,
} from "firebase/firestore";
import { connect } from "./firebase";
import { type Html, html, mount, nothing } from "./html";
import { Names, rate } from "./names";

type Row = Record<string, any>;

/** Leaderboards: the figure each is read by, how it is shown, and for a ratio the least a
 * player must have done and the ratio it ranks by (a strike rate off three balls ranks
 * nobody). A ratio's board reads the fifty who faced or bowled most and ranks them here: an
 * ordering by the ratio itself would put first those who have none (null sorts first). */
const BOARDS: [string, string, (r: Row) => string, [number, string, number] | null][] = [
  ["Most runs", "batting.runs", (r) => `${r.batting.runs} (${r.batting.ballsFaced} balls)`, null],
  ["Most wickets", "bowling.wickets", (r) => `${r.bowling.wickets} (${r.bowling.bestBowling ?? "–"} best)`, null],
  ["Best strike rate", "batting.ballsFaced", (r) => `${rate(r.batting.strikeRate)} (${r.batting.runs} off ${r.batting.ballsFaced})`, [30, "batting.strikeRate", -1]],
  ["Best economy", "bowling.ballsBowled", (r) => `${rate(r.bowling.economy)} (${r.bowling.overs} overs)`, [60, "bowling.economy", 1]],
];

/** A figure of a statistics document by its dotted path ("batting.runs"); null if missing. */
function figure(row: Row, path: string): number | null {
  const found = path.split(".").reduce((v: any, k) => v?.[k], row);
  return found == null ? null : Number(found);
}

/** The names of every player and side the competition's matches list. */
function namesOf(matches: Match[]): Names {
  const all = { teams: matches.flatMap((m) => m.teams) } as unknown as Match;
  return new Names(all);
}

function tableHtml(rows: Row[], names: Names): Html {
  if (!rows.length) return html`<p class="quiet">No match of the competition has been completed yet.</p>`;
  const bonus = rows.some((r) => r.bonusPoints);
  return html`<table class="card league-table" data-testid="table"><thead><tr><th>#</th><th>Team</th><th>P</th><th>W</th><th>L</th><th>T</th><th>NR</th>${bonus ? html`<th>BP</th>` : nothing}<th>Pts</th><th>NRR</th><th>Form</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr data-team="${r.teamId}"><td>${r.position}</td><td>${names.team(r.teamId)}</td><td class="n">${r.matchesPlayed}</td><td class="n">${r.wins}</td><td class="n">${r.losses}</td><td class="n">${r.ties}</td><td class="n">${r.noResults}</td>${bonus ? html`<td class="n">${r.bonusPoints}</td>` : nothing}<td class="n">${r.points}</td><td class="n" data-testid="nrr">${r.netRunRateText}</td><td class="form">${(r.formGuide ?? []).join(" ")}</td></tr>`)}</tbody></table>`;
}

function matchesHtml(matches: Match[]): Html {
  const when = (m: Match) => (m.dates ?? [])[0] ?? "";
  const done = matches.filter((m) => m.status === "completed").sort((a, b) => when(b).localeCompare(when(a)));
  const to = matches.filter((m) => m.status !== "completed").sort((a, b) => when(a).localeCompare(when(b)));
  const item = (m: Match) => html`<li><a href="/match/${encodeURIComponent(m.id)}">${m.name ?? m.teams.map((t) => t.name).join(" v ")}</a> <span class="quiet">${when(m)}</span></li>`;
  return html`<section><h2>Results</h2>${done.length ? html`<ul class="matches" data-testid="results">${done.map(item)}</ul>` : html`<p class="quiet">None yet.</p>`}</section>
    <section><h2>Fixtures</h2>${to.length ? html`<ul class="matches">${to.map(item)}</ul>` : html`<p class="quiet">None to come.</p>`}</section>`;
}

async function board(db: Firestore, competitionId: string,
                     [, path, , ratio]: (typeof BOARDS)[number]): Promise<Row[]> {
  // firestore.indexes.json declares each ordering (tests/emulator/test_queries.py)
  const stats = collection(db, "player_season_stats");
  const found = await getDocs(query(stats, where("competitionId", "==", competitionId),
    orderBy(path, "desc"), limit(ratio ? 50 : 10)));
  const rows = found.docs.map((d) => d.data());
  if (!ratio) return rows;
  const [least, by, sign] = ratio;
  return rows.filter((r) => (figure(r, path) ?? 0) >= least && figure(r, by) != null)
    .sort((a, b) => sign * (figure(a, by)! - figure(b, by)!)).slice(0, 10);
}

export async function showLeague(competitionId: string): Promise<void> {
  const { db } = await connect();
  let competition: Row | null = null;
  let table: Row[] = [];
  let matches: Match[] = [];
  let boards: Row[][] = BOARDS.map(() => []);
  const render = () => {
    const names = namesOf(matches);
    mount(html`<header class="top"><a href="/" class="home">scorebook</a>
      <h1 data-testid="title">${competition?.name || competitionId}${competition?.season ? ` ${competition.season}` : ""}</h1></header>
      <section><h2>Table</h2>${tableHtml(table, names)}</section>
      <section><h2>Leaders</h2><div class="boards">${BOARDS.map(([title, , show], i) => html`<div class="innings"><h3>${title}</h3>
        <ol data-testid="board-${i}">${boards[i].map((r) => html`<li><a href="/player/${encodeURIComponent(r.personId)}">${names.player(r.personId)}</a> <span class="quiet">${names.team(r.teamId)}</span> ${show(r)}</li>`)}</ol></div>`)}</div></section>
      ${matchesHtml(matches)}`);
  };
  onSnapshot(doc(db, "competitions", competitionId), (snap) => {
    competition = snap.data() ?? null;
    render();
  });
  onSnapshot(doc(db, "competition_tables", competitionId), (snap) => {
    table = (snap.data()?.rows as Row[] | undefined) ?? [];
    render();
    // the leaderboards move when the table does: a match of the competition ended
    void Promise.all(BOARDS.map((b) => board(db, competitionId, b))).then((found) => {
      boards = found;
      render();
    });
  });
  onSnapshot(query(collection(db, "matches"), where("competitionId", "==", competitionId), limit(200)), (snap) => {
    matches = snap.docs.map((d) => ({ ...(d.data() as Match), id: d.id }));
    render();
  });
  render();
}

export async function showPlayer(personId: string): Promise<void> {
  const { db } = await connect();
  const careers = await getDocs(query(collection(db, "player_career_stats"), where("personId", "==", personId)));
  const seasons = await getDocs(query(collection(db, "player_season_stats"), where("personId", "==", personId)));
  const last = seasons.docs.map((d) => d.data().lastMatchId as string | null).find(Boolean);
  const names = new Names(last ? ((await getDoc(doc(db, "matches", last))).data() as Match | undefined) ?? null : null);
  const line = (r: Row, label: Html | string) => html`<tr><td>${label}</td><td class="n">${r.matchesPlayed}</td><td class="n">${r.batting.runs}</td><td class="n">${r.batting.highestScore}${r.batting.highestScoreNotOut ? "*" : ""}</td><td class="n">${rate(r.batting.average)}</td><td class="n">${rate(r.batting.strikeRate)}</td><td class="n">${r.batting.hundreds}/${r.batting.fifties}</td><td class="n">${r.bowling.wickets}</td><td class="n">${r.bowling.bestBowling ?? "–"}</td><td class="n">${rate(r.bowling.economy)}</td><td class="n">${r.fielding?.catches ?? 0}</td></tr>`;
  const head = html`<thead><tr><th></th><th>M</th><th>Runs</th><th>HS</th><th>Ave</th><th>SR</th><th>100/50</th><th>Wkts</th><th>Best</th><th>Econ</th><th>Ct</th></tr></thead>`;
  mount(html`<header class="top"><a href="/" class="home">scorebook</a><h1 data-testid="title">${names.player(personId)}</h1></header>
    <section class="innings"><h2>Career</h2><table class="card" data-testid="career">${head}<tbody>${careers.docs.map((d) => line(d.data(), d.id.slice(personId.length + 1)))}</tbody></table></section>
    <section class="innings"><h2>Seasons</h2><table class="card" data-testid="seasons">${head}<tbody>${seasons.docs.map((d) => {
      const r = d.data();
      return line(r, html`<a href="/league/${encodeURIComponent(r.competitionId)}">${r.competitionId}</a>`);
    })}</tbody></table></section>`);
}
