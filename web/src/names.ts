// Who is who: player and team names from the match document, for what the projections name
// only by id (a bowler in a wicket event, a fielder, a team).
import type { Match } from "@scorebook/client/types";

export class Names {
  private players = new Map<string, string>();
  private shortNames = new Map<string, string>();
  private teams = new Map<string, string>();
  readonly ballsPerOver: number;

  constructor(match: Match | null) {
    this.ballsPerOver = match?.ballsPerOver ?? 6;
    for (const team of match?.teams ?? []) {
      this.teams.set(team.id, team.name);
      for (const p of team.players ?? []) {
        this.players.set(p.id, p.name ?? p.id);
        if (p.shortName) this.shortNames.set(p.id, p.shortName);
      }
    }
  }

  /** What a score bug shows: the player's short name where the match gives one. */
  short(id: string | null | undefined, fallback?: string | null): string {
    return (id && this.shortNames.get(id)) || this.player(id, fallback);
  }

  player(id: string | null | undefined, fallback?: string | null): string {
    if (!id) return "";
    return fallback ?? this.players.get(id) ?? id;
  }

  team(id: string | null | undefined, fallback?: string | null): string {
    if (!id) return "";
    return fallback ?? this.teams.get(id) ?? id;
  }
}

export function overs(value: number | null | undefined): string {
  return value == null ? "" : String(value);
}

export function rate(value: number | null | undefined): string {
  return value == null ? "–" : value.toFixed(2);
}

/** The rain rule's par, as a scoreboard says it: "par 81, ahead by 19". */
export function parLine(par: number | null | undefined, runs: number): string {
  if (par == null) return "";
  const by = runs - par;
  return `par ${par}, ${by === 0 ? "level" : by > 0 ? `ahead by ${by}` : `behind by ${-by}`}`;
}
