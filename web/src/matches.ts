// /: the matches, live first, then upcoming, then completed, each by name (the guide's
// live_matches query, firestore.indexes.json's status + name index, for every group).
import type { Match } from "@scorebook/client/types";
import { collection, limit, onSnapshot, orderBy, query, where } from "firebase/firestore";
import { connect } from "./firebase";
import { type Html, html, mount } from "./html";

const GROUPS: [string, string[]][] = [
  ["Live", ["live", "innings_break"]],
  ["Upcoming", ["scheduled"]],
  ["Completed", ["completed"]],
];
const PER_GROUP = 50;

type Listed = Match & { status?: string };

export async function showMatches(): Promise<void> {
  const { db } = await connect();
  // The match document is public, a private match's too (its scores are not).
  const found = new Map<string, Listed[] | Error>();
  const section = ([label]: [string, string[]]): Html => {
    const these = found.get(label);
    if (these instanceof Error) return html`<section><h2>${label}</h2><p class="error">Could not be read: ${these.message}</p></section>`;
    return html`<section><h2>${label}</h2>${these?.length
      ? html`<ul class="matches">${these.map((m) => html`<li><a href="/match/${encodeURIComponent(m.id)}" data-testid="match-link">${m.name ?? m.teams.map((t) => t.name).join(" v ")}</a> <span class="quiet">${m.venue ?? ""}</span></li>`)}</ul>`
      : html`<p class="quiet">${these ? "None." : "Reading…"}</p>`}</section>`;
  };
  const render = () => mount(html`<header class="top"><span class="home">scorebook</span><h1>Matches</h1></header>${GROUPS.map(section)}
    <p class="links"><a href="/setup">Set a match up</a> (league admins)</p>`);
  for (const [label, statuses] of GROUPS) {
    const q = query(collection(db, "matches"), where("status", "in", statuses), orderBy("name"), limit(PER_GROUP));
    onSnapshot(q, (snap) => {
      found.set(label, snap.docs.map((d) => ({ ...(d.data() as Listed), id: d.id })));
      render();
    }, (error) => {
      found.set(label, error);
      render();
    });
  }
  render();
}
