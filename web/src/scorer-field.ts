// What the umpires tell the scorers about the players, between balls: who keeps wicket now
// (Law 27: the fielding side may change its keeper) and a replacement (a concussion, an
// injury: the playing conditions' replacements). They are the lineup's, not the log's: the
// console writes matches/{id}/lineups through the kit, as a scorer of the match may while it
// goes on; a side with no lineup picked has none to change (the setup page picks it).
import { changeKeeper, replacePlayer } from "@scorebook/client";
import type { Match, MatchLineup } from "@scorebook/client/types";
import { collection, type Firestore, onSnapshot } from "firebase/firestore";
import { type Html, html, nothing } from "./html";
import type { Names } from "./names";
import type { Console } from "./scorer-state";

/** Every lineup entry of the match, on every change; returns the unsubscribe. */
export function watchLineups(db: Firestore, matchId: string,
                             update: (lineups: MatchLineup[]) => void): () => void {
  return onSnapshot(collection(db, "matches", matchId, "lineups"),
    (snap) => update(snap.docs.map((d) => d.data() as MatchLineup)), () => update([]));
}

const REASONS = [["concussion", "concussion"], ["injury", "injury"], ["covid", "illness (COVID-19)"],
  ["tactical", "tactical (the playing conditions allow it)"]] as const;

/** The players of a side's lineup who play on (a replaced player plays no further part). */
export function onTheField(lineups: MatchLineup[], teamId: string): MatchLineup[] {
  const side = lineups.filter((l) => l.teamId === teamId && l.role === "playing_xi");
  const replaced = new Set(side.map((l) => l.substitutedFor).filter(Boolean));
  return side.filter((l) => !replaced.has(l.playerId));
}

export function fieldPanel(c: Console, match: Match, names: Names): Html {
  const lineups = c.lineups ?? [];
  const fielding = c.view?.bowlingTeamId ?? match.teams[1].id;
  const side = (id: string) => match.teams.find((t) => t.id === id)?.name ?? id;
  const setup = html`<a href="/setup/${encodeURIComponent(c.matchId)}">the setup page</a>`;
  const xi = onTheField(lineups, fielding);
  const keeper = xi.find((l) => l.isWicketkeeper)?.playerId;
  const keeperForm = xi.length
    ? html`<form data-form="keeper" class="panel"><h2>${side(fielding)}'s keeper</h2>
      <label>Keeping wicket now <select name="keeper">${xi.map((l) => html`<option value="${l.playerId}"${l.playerId === keeper ? html` selected` : nothing}>${names.player(l.playerId, l.name)}</option>`)}</select></label>
      <button type="submit" class="primary">Record the keeper</button></form>`
    : html`<p class="quiet">${side(fielding)} has no lineup to change the keeper in: pick it on ${setup}.</p>`;
  const sides = match.teams.filter((t) => onTheField(lineups, t.id).length);
  const group = (teamId: string, players: { id: string; name?: string | null }[]) =>
    html`<optgroup label="${side(teamId)}">${players.map((p) => html`<option value="${teamId}|${p.id}">${names.player(p.id, p.name ?? undefined)}</option>`)}</optgroup>`;
  const out = sides.map((t) => group(t.id, onTheField(lineups, t.id).map((l) => ({ id: l.playerId, name: l.name }))));
  const listed = new Set(lineups.map((l) => `${l.teamId}|${l.playerId}`));
  const benches = sides.map((t) => group(t.id, (t.players ?? []).filter((p) => !listed.has(`${t.id}|${p.id}`))));
  const replaceForm = sides.length
    ? html`<form data-form="replace" class="panel"><h2>A replacement</h2>
      <label>Going off <select name="out">${out}</select></label>
      <label>Coming on <select name="in">${benches}</select></label>
      <label>Why <select name="reason">${REASONS.map(([v, t]) => html`<option value="${v}">${t}</option>`)}</select></label>
      <button type="submit" class="primary">Record the replacement</button></form>`
    : nothing;
  return html`${keeperForm}${replaceForm}<button type="button" data-action="panel" data-panel="field">Close</button>`;
}

/** The fielding side's keeper, as the form chose: a write to its lineup. */
export function keeperFrom(c: Console, form: HTMLFormElement): { write: Promise<void>; what: string } {
  const match = c.live.match!;
  const teamId = c.view?.bowlingTeamId ?? match.teams[1].id;
  const keeperId = String(new FormData(form).get("keeper") ?? "");
  return { write: changeKeeper(c.backend.db, c.matchId, teamId, keeperId), what: "The keeper" };
}

export function replacementFrom(c: Console, form: HTMLFormElement): { write: Promise<void>; what: string } {
  const data = new FormData(form);
  const [teamId, outId] = String(data.get("out") ?? "").split("|");
  const [inTeam, inId] = String(data.get("in") ?? "").split("|");
  if (!inId || inTeam !== teamId) throw new Error("The player coming on must be of the same side as the one going off.");
  const player = c.live.match?.teams.find((t) => t.id === teamId)?.players?.find((p) => p.id === inId);
  const reason = String(data.get("reason")) as "concussion" | "injury" | "covid" | "tactical";
  return {
    write: replacePlayer(c.backend.db, c.matchId, teamId, { outId, inId, name: player?.name, reason }, c.user!.uid),
    what: "The replacement",
  };
}
