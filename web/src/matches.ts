// /: the matches, live first, then upcoming, then completed (newest first within each).
import type { Match } from "@scorebook/client/types";
import { collection, limit, onSnapshot, orderBy, query } from "firebase/firestore";
import { connect } from "./firebase";
import { type Html, html, mount } from "./html";

const GROUPS: [string, string[]][] = [
  ["Live", ["live", "innings_break"]],
  ["Upcoming", ["scheduled"]],
  ["Completed", ["completed"]],
];

type Listed = Match & { status?: string; resultType?: string | null };

export async function showMatches(): Promise<void> {
  const { db } = await connect();
  // The match document is public, a private match's too (its scores are not).
  const recent = query(collection(db, "matches"), orderBy("__name__", "desc"), limit(200));
  onSnapshot(recent, (snap) => {
    const matches = snap.docs.map((d) => ({ ...(d.data() as Listed), id: d.id }));
    const section = ([label, statuses]: [string, string[]]): Html => {
      const these = matches.filter((m) => statuses.includes(m.status ?? "scheduled"));
      return html`<section><h2>${label}</h2>${these.length
        ? html`<ul class="matches">${these.map((m) => html`<li><a href="/match/${encodeURIComponent(m.id)}" data-testid="match-link">${m.name ?? m.teams.map((t) => t.name).join(" v ")}</a> <span class="quiet">${m.venue ?? ""}</span></li>`)}</ul>`
        : html`<p class="quiet">None.</p>`}</section>`;
    };
    mount(html`<header class="top"><span class="home">scorebook</span><h1>Matches</h1></header>${GROUPS.map(section)}`);
  }, (error) => mount(html`<p class="error" role="alert">The matches could not be read: ${error.message}</p>`));
}
