// The store's vocabulary in the words a scorer or a spectator uses: a page shows "hit the ball
// twice", never `hit_the_ball_twice`.

const HOW_OUT: Record<string, string> = {
  bowled: "bowled", caught: "caught", lbw: "lbw", run_out: "run out", stumped: "stumped",
  hit_wicket: "hit wicket", handled_ball: "handled the ball", obstructing_field: "obstructing the field",
  hit_the_ball_twice: "hit the ball twice", timed_out: "timed out", retired_out: "retired out",
  retired_hurt: "retired hurt", retired_not_out: "retired not out",
};

const ROLE: Record<string, string> = {
  scorer_home: "the home side's scorer", scorer_away: "the away side's scorer",
  scorer_neutral: "the neutral scorer", admin: "an admin",
};

const END: Record<string, string> = {
  all_out: "all out", overs: "overs completed", target: "target reached", abandoned: "play abandoned",
  declared: "declared", other: "other reason",
};

const EXTRA: Record<string, string> = {
  wide: "wide", noBall: "no-ball", bye: "byes", legBye: "leg-byes",
  noBallBye: "no-ball, byes", noBallLegBye: "no-ball, leg-byes",
};

const STATUS: Record<string, string> = {
  scheduled: "not started", live: "live", innings_break: "innings break", completed: "result",
  abandoned: "abandoned",
};

function word(table: Record<string, string>, key: string | null | undefined): string {
  return key ? table[key] ?? key.replaceAll("_", " ") : "";
}

export const howOut = (type: string | null | undefined): string => word(HOW_OUT, type);
export const role = (name: string | null | undefined): string => word(ROLE, name);
export const endReason = (reason: string | null | undefined): string => word(END, reason);
export const extra = (kind: string | null | undefined): string => word(EXTRA, kind);
export const status = (value: string | null | undefined): string => word(STATUS, value);
