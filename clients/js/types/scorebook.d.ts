/**
 * The documents of scorebook, as apps read and write them: generated from the pydantic
 * models (functions/scorebook) by `make schema`; do not edit. The same as JSON Schema:
 * schemas/*.schema.json.
 *
 * A timestamp is the JS SDK's `Timestamp`: what a listener reads. Write a document as
 * `WithFieldValue<T>` (firebase/firestore), with `Timestamp.fromDate(...)` or, where the
 * security rules want the request time, `serverTimestamp()`. An optional field (`?`) may be
 * left out and takes its default; the views (`LiveScore`, `LiveLineups`) are written by the
 * Cloud Functions with every field present.
 */
import type { Timestamp } from "firebase/firestore";

/**
 * Any document apps read or write.
 */
export type ScorebookDocument =
  | Action
  | Match
  | MatchLineup
  | TeamDocument
  | SchoolRoleAssignment
  | TeamRoleAssignment
  | MatchRoleAssignment
  | LiveScoreProjection
  | LiveNow
  | LiveInnings
  | LineupsProjection
  | FeedEvent
  | Following
  | Device
  | Notice;
/**
 * One event of the log: a delivery, or one of the few events the Laws need between deliveries. `kind` says which (each branch holds its value as a `const`); a document without `kind` is a delivery. `discriminator` is OpenAPI's annotation of the same tag, which JSON Schema validators ignore.
 *
 * Written by the match's scorers and admins (the one update, a void: scorers, on-field and third umpires, admins), at `matches/{matchId}/scoring_actions/{innings}-{seq:04d}`.
 */
export type Action =
  | ScoringAction
  | InningsStart
  | Declaration
  | Forfeit
  | InningsEnd
  | PenaltyRuns
  | Retirement
  | Absence
  | Dismissal
  | BatterChange
  | RevisedTarget
  | Interruption
  | MatchResult;
/**
 * Written by the Cloud Functions only, at `matches/{matchId}/events/{seq:010d}`.
 */
export type FeedEvent =
  | BallBowledEvent
  | WicketFallenEvent
  | OverCompleteEvent
  | InningsCompleteEvent
  | MatchCompleteEvent
  | PlayerChangedEvent
  | MilestoneEvent
  | BallRetractedEvent
  | DisputeRaisedEvent
  | DisputeResolvedEvent
  | TargetRevisedEvent;

/**
 * One delivery. `kind` defaults to `"delivery"`: a document without `kind` is a ball.
 *
 * `overNumber` is 0-based and is the over the umpire called (a miscounted 5- or 7-ball over keeps its number); `ballInOver` is the 1-based position of the delivery in that over counting wides and no-balls.
 */
export interface ScoringAction {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind?: "delivery";
  overNumber: number;
  ballInOver: number;
  strikerId: string;
  nonStrikerId: string;
  bowlerId: string;
  runsOffBat: number;
  extras?: Extras;
  totalRuns: number;
  isWicket?: boolean;
  wicket?: Wicket | null;
  isLegalDelivery: boolean;
  isBoundary?: boolean | null;
  shotData?: ShotData | null;
  bowlingAngle?: ("Over the Wicket" | "Round the Wicket") | null;
  note?: string | null;
}
/**
 * The action a new one was built on: the id of the place before it in the log and the `key` the writer saw there (None where that action has none). The rules refuse the new action unless the log holds that very action there: a device's offline queue built on a ball another device beat to its place is refused ball after ball, never mixed in.
 */
export interface Follows {
  id: string;
  key?: string | null;
}
/**
 * Runs that are not off the bat on one delivery, in runs (not in counts).
 *
 * `wide` and `noBall` include the one-run (or two-run) penalty: a wide that runs to the boundary is `wide=5`. Runs run off a no-ball that did not come off the bat are byes or leg-byes (Law 21.7).
 */
export interface Extras {
  wide?: number;
  noBall?: number;
  bye?: number;
  legBye?: number;
  penalty?: number;
}
export interface Wicket {
  type:
    | "bowled"
    | "caught"
    | "lbw"
    | "run_out"
    | "stumped"
    | "hit_wicket"
    | "handled_ball"
    | "obstructing_field"
    | "hit_the_ball_twice"
    | "timed_out"
    | "retired_out"
    | "retired_hurt"
    | "retired_not_out";
  dismissedPlayerId: string;
  fielderIds?: string[];
  assistFielderIds?: string[];
  substituteFielderIds?: string[];
}
/**
 * Where the ball pitched and went, as the scorer saw it: the design documents' lists.
 */
export interface ShotData {
  coordinates?: Coordinates | null;
  shotType?:
    | (
        | "drive"
        | "cut"
        | "pull"
        | "hook"
        | "sweep"
        | "reverse_sweep"
        | "flick"
        | "glance"
        | "defend"
        | "leave"
        | "edge"
        | "other"
      )
    | null;
  length?: ("full_toss" | "yorker" | "full" | "good" | "short" | "bouncer") | null;
  line?: ("off_stump" | "middle_stump" | "leg_stump" | "outside_off" | "outside_leg") | null;
  speed?: number | null;
  wagonWheelSegment?: number | null;
}
export interface Coordinates {
  x: number;
  y: number;
}
/**
 * An innings begins: who bats, who bowls, and any target or over limit set for it.
 *
 * `target`/`maxOvers` are only needed when an official set them (rain rules); the fold otherwise derives the target from the earlier innings and the overs from the match.
 */
export interface InningsStart {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "innings_start";
  battingTeamId: string;
  bowlingTeamId: string;
  isSuperOver?: boolean;
  target?: number | null;
  maxOvers?: number | null;
  strikerId?: string | null;
  nonStrikerId?: string | null;
  bowlerId?: string | null;
}
/**
 * Law 15.1: the captain of the batting side declares the innings closed.
 */
export interface Declaration {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "declaration";
}
/**
 * Law 15.2: a captain forfeits an innings; it counts as a completed innings of 0.
 */
export interface Forfeit {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "forfeit";
}
/**
 * An innings closed for a reason the deliveries cannot show (e.g. all out with a batter absent hurt, or the umpires calling off play).
 */
export interface InningsEnd {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "innings_end";
  reason?: "all_out" | "overs" | "target" | "abandoned" | "other";
  note?: string | null;
}
/**
 * Law 41: penalty runs awarded outside a delivery, five for each offence (the rules accept 5 to 30, in fives: an import or an admin may record a multiple at once).
 *
 * `awardedToTeamId` names the side receiving them. Runs awarded to the batting side go to the current innings; runs awarded to the fielding side go to that side's most recent innings, or to its next innings if it has not batted (Law 41.17). `when` is "pre" or "post" for runs recorded before/after an innings (Cricsheet's penalty_runs).
 */
export interface PenaltyRuns {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "penalty_runs";
  runs: number;
  awardedToTeamId?: string | null;
  when?: "pre" | "during" | "post";
  reason?: string | null;
}
/**
 * Law 25.4: a batter retires between deliveries. Retired hurt / not out is not a wicket and the batter may resume; retired out is a wicket not credited to the bowler.
 */
export interface Retirement {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "retirement";
  batterId: string;
  type?: "retired_hurt" | "retired_not_out" | "retired_out";
}
/**
 * A batter of the batting side cannot bat in this innings (absent hurt, absent ill, or not at the ground). Law 13.3: an innings is complete when no further batter is available to come in, so each absent batter brings the side's all-out one wicket sooner. Should he come in after all, he is no longer absent (void this action to withdraw the notice).
 */
export interface Absence {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "absence";
  batterId: string;
  reason?: "absent_hurt" | "absent_ill" | "absent";
}
/**
 * A wicket without a delivery: timed out (Law 40), or a run out/obstruction while the ball is not a delivery (e.g. the non-striker leaving the crease before the bowler delivers). `bowlerId` is the bowler at the time, for the fall-of-wicket line.
 */
export interface Dismissal {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "dismissal";
  wicket: Wicket;
  bowlerId?: string | null;
}
/**
 * The batters at the crease (and who is on strike), e.g. after a wicket, a retired-hurt batter resuming, or a correction of who is facing.
 */
export interface BatterChange {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "batter_change";
  strikerId: string;
  nonStrikerId: string;
}
/**
 * An official revises the target and/or the overs of the current innings (DLS etc.). `method` is "D/L", "DLS" or "VJD": the rules refuse other text, and the fold flags one written past them (`unknown_method`).
 */
export interface RevisedTarget {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "revised_target";
  target?: number | null;
  maxOvers?: number | null;
  method?: string | null;
}
/**
 * Play stopped and resumed with overs lost (rain, bad light): the innings in progress may now have at most `maxOvers` overs, or `maxBalls` balls in a format counted in balls (the Hundred). No more than have been bowled ends the innings there for good. Recorded between innings, it sets the next innings' allotment. The functions then revise the target of the side batting second by the Duckworth-Lewis Standard Edition (scorebook.laws.dls) and keep its par ball by ball, unless an official's target stands (revised_target, or an innings_start's target).
 */
export interface Interruption {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "interruption";
  maxOvers?: number | null;
  maxBalls?: number | null;
  reason?: "rain" | "bad_light" | "wet_outfield" | "other";
}
/**
 * The officials' result. Needed for a draw, no result or abandonment (the deliveries cannot show that time ran out); for a win it confirms the computed one and may carry the method (D/L) or a margin the fold cannot compute (e.g. a par-score result). `method` is "D/L", "DLS", "VJD", "Awarded" (Law 16.4; an admin's to record), "1st innings score" or "Lost fewer wickets": the rules refuse other text, and the fold flags one written past them and never prints it. `note` is free text: it stays in the log, signed by `recordedBy`, and live/score never prints it.
 */
export interface MatchResult {
  id: string;
  matchId: string;
  inningsNumber: number;
  sequenceNumber: number;
  timestamp: Timestamp;
  recordedBy: string;
  source?: "live" | "manual_entry" | "import" | "correction" | "migration" | "consensus";
  corrects?: string | null;
  correctedBy?: string | null;
  key?: string | null;
  follows?: Follows | null;
  submissionIds?: string[] | null;
  provider?: string | null;
  providerEventId?: string | null;
  isVoided?: boolean;
  voidReason?: string | null;
  voidedBy?: string | null;
  voidedAt?: Timestamp | null;
  createdAt?: Timestamp | null;
  updatedAt?: Timestamp | null;
  kind: "match_result";
  result: "win" | "tie" | "draw" | "no_result" | "abandoned";
  winnerId?: string | null;
  winMargin?: WinMargin | null;
  method?: string | null;
  note?: string | null;
  parScore?: number | null;
}
export interface WinMargin {
  runs?: number | null;
  wickets?: number | null;
  innings?: boolean;
  ballsRemaining?: number | null;
}
/**
 * The `matches/{matchId}` document (what the fold needs; other fields are ignored).
 *
 * Written by admins (status, resultType and winnerId: the functions).
 */
export interface Match {
  id: string;
  name?: string;
  matchType?: string;
  ballsPerOver?: number;
  scheduledOvers?: number | null;
  inningsPerSide?: 1 | 2;
  noBallRuns?: 1 | 2;
  playersPerSide?: number;
  freeHitAfterNoBall?: boolean | null;
  maxConsecutiveOvers?: number;
  dlsG50?: number;
  dlsMinimumOvers?: number | null;
  /**
   * @minItems 2
   * @maxItems 2
   */
  teams: [Team, Team];
  status?: "scheduled" | "live" | "innings_break" | "completed" | "abandoned";
  resultType?: ("win" | "tie" | "draw" | "no_result" | "abandoned") | null;
  winnerId?: string | null;
  completedVersion?: number | null;
  competitionId?: string | null;
  season?: string | null;
  /**
   * @maxItems 4
   */
  playerOfMatch?:
    [] | [string] | [string, string] | [string, string, string] | [string, string, string, string];
  venue?: string | null;
  city?: string | null;
  event?: string | null;
  gender?: string | null;
  dates?: string[];
  toss?: Toss | null;
  validation?: "SINGLE" | "HONOR" | "DUAL" | "TRIPLE";
  visibility?: "public" | "private";
  /**
   * @maxItems 100
   */
  memberIds?: string[];
}
/**
 * One side of the match (`matches/{matchId}.teams[]`, the home side first) and the players it lists for the match: its XI, substitutes and replacements.
 */
export interface Team {
  id: string;
  name: string;
  /**
   * @maxItems 50
   */
  players?: Player[];
  /**
   * The ids of `players`, written beside them because the security rules cannot look inside a list of maps: when a team lists its players, every player an action or a lineup names must be one of these (substitute fielders excepted, Law 24.1). Derived on every write; a stored value is ignored when the document is read.
   */
  playerIds: string[];
}
export interface Player {
  id: string;
  name: string;
  shortName?: string | null;
  isWicketkeeper?: boolean;
  isCaptain?: boolean;
  isSubstitute?: boolean;
  replaces?: string | null;
  replacementReason?: ("concussion" | "covid" | "tactical" | "injury") | null;
}
export interface Toss {
  winnerId?: string | null;
  decision?: ("bat" | "field") | null;
}
/**
 * One player of one team in one match: `matches/{matchId}/lineups/{teamId}_{playerId}`, the product schema's `MatchLineup`. The fields the schema marks required are required (here and by the security rules); `name` is the one field it lacks, optional: without it the player's name is the match's (`matches/{matchId}.teams[].players[]`).
 *
 * A replacement made during the match (a concussion, COVID-19, injury or tactical replacement such as an impact player) is an entry of its own whose `substitutedFor` names the player it replaces; the replaced player keeps their entry (they played).
 *
 * Written by the team's officials and admins.
 */
export interface MatchLineup {
  id: string;
  matchId: string;
  teamId: string;
  playerId: string;
  role: "playing_xi" | "substitute" | "reserve" | "withdrawn";
  isCaptain: boolean;
  isViceCaptain: boolean;
  isWicketkeeper: boolean;
  battingPosition?: number | null;
  substitutedAt?: Timestamp | null;
  substitutedFor?: string | null;
  substitutionReason?: ("concussion" | "covid" | "tactical" | "injury") | null;
  selectedAt: Timestamp;
  selectedBy: string;
  confirmedAt?: Timestamp | null;
  confirmedBy?: string | null;
  createdAt: Timestamp;
  updatedAt?: Timestamp | null;
  name?: string | null;
}
/**
 * `teams/{teamId}`: a team and the school (or club) it belongs to. Written by admins only: naming a team's school is what lets that school's officials assign its roles.
 *
 * Written by admins.
 */
export interface TeamDocument {
  id: string;
  name: string;
  schoolId?: string | null;
}
/**
 * `school_role_assignments/{schoolId}_{personId}_{role}`.
 *
 * Written by admins.
 */
export interface SchoolRoleAssignment {
  id: string;
  personId: string;
  assignedBy: string;
  assignedAt: Timestamp;
  revokedBy?: string | null;
  revokedAt?: Timestamp | null;
  source?: string | null;
  createdAt: Timestamp;
  updatedAt?: Timestamp | null;
  startDate: Timestamp;
  endDate?: Timestamp | null;
  seasonId?: string | null;
  notes?: string | null;
  schoolId: string;
  role:
    | "director_of_cricket"
    | "head_coach"
    | "assistant_coach"
    | "administrator"
    | "scorer"
    | "groundskeeper"
    | "medical_officer";
  isPrimary: boolean;
}
/**
 * `team_role_assignments/{teamId}_{personId}_{role}`. Captaincy is the `isCaptain` flag (of a `player`), not a role.
 *
 * Written by admins and the officials of the team's school.
 */
export interface TeamRoleAssignment {
  id: string;
  personId: string;
  assignedBy: string;
  assignedAt: Timestamp;
  revokedBy?: string | null;
  revokedAt?: Timestamp | null;
  source?: string | null;
  createdAt: Timestamp;
  updatedAt?: Timestamp | null;
  startDate: Timestamp;
  endDate?: Timestamp | null;
  seasonId?: string | null;
  notes?: string | null;
  teamId: string;
  role: "player" | "coach" | "assistant_coach" | "manager" | "scorer" | "analyst";
  isCaptain: boolean;
  isViceCaptain: boolean;
  jerseyNumber?: string | null;
}
/**
 * `match_role_assignments/{matchId}_{personId}_{role}`: officials and support staff.
 *
 * Written by admins and the officials of a school whose team plays.
 */
export interface MatchRoleAssignment {
  id: string;
  personId: string;
  assignedBy: string;
  assignedAt: Timestamp;
  revokedBy?: string | null;
  revokedAt?: Timestamp | null;
  source?: string | null;
  createdAt: Timestamp;
  updatedAt?: Timestamp | null;
  matchId: string;
  role:
    | "umpire_on_field"
    | "umpire_third"
    | "umpire_reserve"
    | "match_referee"
    | "scorer_home"
    | "scorer_away"
    | "scorer_neutral"
    | "medical_officer"
    | "groundskeeper";
  status: "assigned" | "confirmed" | "present" | "no_show";
  confirmedAt?: Timestamp | null;
  arrivedAt?: Timestamp | null;
  performanceRating?: number | null;
  performanceNotes?: string | null;
  startDate?: Timestamp | null;
  endDate?: Timestamp | null;
}
/**
 * `matches/{matchId}/live/score`. Per-innings scorecards are held in `innings` and written flat as `innings1`, `innings2`, ... (the product schema); parsing accepts either.
 *
 * `version`: in the stored document, the trigger's write counter, one more on every write (a listener can tell a newer snapshot by it, undos included); in what `project()` returns, the number of non-voided actions folded in. `lastUpdated`: in the stored document, the server's time of the write that last changed it (never a scorer's clock); in what `project()` returns, the recorded time of the last action folded in (the projection has no clock).
 *
 * Written by the Cloud Functions only.
 */
export interface LiveScoreProjection {
  matchId: string;
  status: "scheduled" | "live" | "innings_break" | "completed";
  /**
   * The current innings' number; 0 before the first. The product schema says 1 or 2: a two-innings match (a Test) goes up to 4 and super overs carry the count on (5, 6, ...), an extension.
   */
  inningsNumber: number;
  currentInnings: CurrentInningsView | null;
  batsmen: BatterView[];
  bowlers: BowlerView[];
  currentOver: BallView[];
  /**
   * The current innings' partnership: always there once an innings has begun (see PartnershipView for which stand it is between balls); null before the first innings, as `currentInnings` is.
   */
  partnership: PartnershipView | null;
  fallOfWickets: FallOfWicketView[];
  extras: ExtrasView;
  resultType: ("win" | "tie" | "draw" | "no_result" | "abandoned") | null;
  winnerId: string | null;
  /**
   * How much the winner won by, as text: "18 runs", "1 run", "5 wickets", "an innings and 44 runs", "penalty runs". Only the margin: no balls remaining, no method (those are in `winMarginDetail` and `resultMethod`). Null unless `resultType` is "win" and the margin is known (a super over decides a tie: no margin).
   */
  winMargin: string | null;
  /**
   * The margin as figures (runs, wickets, by an innings, balls remaining): an extension.
   */
  winMarginDetail: WinMargin | null;
  resultMethod: string | null;
  result: string | null;
  /**
   * Who says so: "officials" where their recorded result stands (whatever the innings give: a difference is flagged in `integrity`), "laws" where it is computed from the innings (Law 16, and the rain rule's par). Null without a result.
   */
  resultSource: ("officials" | "laws") | null;
  lastUpdated: Timestamp | null;
  lastActionId: string | null;
  version: number;
  integrity: IntegrityProblem[];
  /**
   * How the match's balls were agreed (matches/{id}.validation): one trusted scorer, the batting side's own scorer with nobody checking (HONOR: say so beside the score), or the scorers' consensus (DUAL: home and away agree; TRIPLE: two of three).
   */
  validation: "SINGLE" | "HONOR" | "DUAL" | "TRIPLE";
  /**
   * The positions (`1-0042`) whose scorers disagree and that wait for an official (DUAL and TRIPLE): the balls after the first of them wait too.
   */
  openDisputes: string[];
  /**
   * The hash of the last entry of the match's ledger (matches/{id}/ledger): keep it, and scripts/verify_chain.py can later tell whether the record was changed since.
   */
  chainHead: string | null;
  /**
   * Every innings' scorecard, written flat as `innings1`, `innings2`, ... (the product schema has `innings1` and `innings2`; `innings3` and on are an extension).
   */
  [innings: `innings${number}`]: InningsView | undefined;
}
/**
 * The innings in progress (or the one just ended, at a break), as the header of the live scoreboard shows it.
 */
export interface CurrentInningsView {
  inningsNumber: number;
  battingTeamId: string;
  bowlingTeamId: string;
  battingTeamName: string | null;
  bowlingTeamName: string | null;
  isSuperOver: boolean;
  isFollowOn: boolean;
  runs: number;
  wickets: number;
  /**
   * Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3 overs and 10 balls reads 3.1): `balls` is the exact count of legal balls.
   */
  overs: number;
  /**
   * Legal balls bowled in the innings: the raw count.
   */
  balls: number;
  maxOvers: number | null;
  target: number | null;
  /**
   * How `target` was revised for overs lost: "D/L" where the functions revised it (Duckworth-Lewis Standard Edition), the officials' method ("DLS", "VJD") where they set it; null where it was not revised.
   */
  targetMethod: string | null;
  /**
   * Runs the batting side still needs to reach `target` (0 once reached); null when the innings has no target (not a chase).
   */
  runsNeeded: number | null;
  /**
   * Legal balls left in the innings; null when it has no over limit (a Test).
   */
  ballsRemaining: number | null;
  /**
   * The rain rule's par at this ball: the score that would tie were play to end now (more wins, less loses), by the Duckworth-Lewis Standard Edition. Null unless overs were lost and this is the chase whose target the functions revised (an official's own target stands without a par).
   */
  par: number | null;
  /**
   * Runs per over so far, to two decimals; 0.0 before the first legal ball.
   */
  runRate: number;
  /**
   * Runs needed per over of the balls remaining, to two decimals; null unless this is a chase with an over limit still going on (no target, no over limit, no balls left, or the innings over).
   */
  requiredRunRate: number | null;
  lead: number | null;
  strikerId: string | null;
  nonStrikerId: string | null;
  bowlerId: string | null;
  /**
   * Over or round the wicket: as the current bowler's latest delivery in this innings recorded it; null when it did not say, or he has not bowled yet.
   */
  bowlingAngle: ("Over the Wicket" | "Round the Wicket") | null;
  isFreeHit: boolean;
  isClosed: boolean;
  endReason: string | null;
  yetToBat: YetToBatView[];
}
/**
 * A batter still to come in, at his place in the team's batting order (a replacement at the place of the player he replaced).
 */
export interface YetToBatView {
  playerId: string;
  name: string | null;
  battingPosition: number;
}
/**
 * One batter's line of the scorecard.
 */
export interface BatterView {
  playerId: string;
  name: string | null;
  /**
   * The player whose place this one took during the match.
   */
  replaces: string | null;
  /**
   * The replacement who took this player's place.
   */
  replacedBy: string | null;
  /**
   * "concussion replacement for CD Nash", "impact player for M Pathirana".
   */
  replacementNote: string | null;
  runs: number;
  ballsFaced: number;
  fours: number;
  sixes: number;
  /**
   * Runs per 100 balls faced, to two decimals; 0.0 before the first ball faced (the product schema has a number, never null: `ballsFaced` 0 tells "no balls yet").
   */
  strikeRate: number;
  isOut: boolean;
  dismissal: DismissalView | null;
  howOut: string;
  isOnStrike: boolean;
  isAtCrease: boolean;
  battingPosition: number;
  /**
   * His runs off the bat by the wagon wheel's segment, 1 to 8 in order (the action's `shotData.wagonWheelSegment`), over the balls whose segment the scorer recorded; null when none was.
   */
  wagonWheel: number[] | null;
}
/**
 * How a batter was out.
 */
export interface DismissalView {
  type:
    | "bowled"
    | "caught"
    | "lbw"
    | "run_out"
    | "stumped"
    | "hit_wicket"
    | "handled_ball"
    | "obstructing_field"
    | "hit_the_ball_twice"
    | "timed_out"
    | "retired_out"
    | "retired_hurt"
    | "retired_not_out";
  bowlerId: string | null;
  fielderIds: string[];
  description: string;
}
/**
 * One bowler's line of the scorecard.
 */
export interface BowlerView {
  playerId: string;
  name: string | null;
  /**
   * The player whose place this one took during the match.
   */
  replaces: string | null;
  /**
   * The replacement who took this player's place.
   */
  replacedBy: string | null;
  /**
   * "concussion replacement for CD Nash", "impact player for M Pathirana".
   */
  replacementNote: string | null;
  /**
   * Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3 overs and 10 balls reads 3.1): `ballsBowled` is the exact count of legal balls.
   */
  overs: number;
  /**
   * Legal balls bowled: the raw count.
   */
  ballsBowled: number;
  maidens: number;
  runsConceded: number;
  wickets: number;
  wides: number;
  noBalls: number;
  wideRuns: number;
  noBallRuns: number;
  /**
   * Runs conceded per over (of `ballsPerOver` legal balls), to two decimals; 0.0 before his first legal ball (`ballsBowled` 0), even if he has bowled wides or no-balls.
   */
  economy: number;
  dotBalls: number;
  foursConceded: number;
  sixesConceded: number;
  isBowling: boolean;
  spells: SpellView[];
  /**
   * His pitch map: `[deliveries, runs charged to him, wickets]` by where they pitched, keyed `{length}_{line}` in the design documents' words (`good_outside_off`), over the balls whose length and line the scorer recorded; null when none was.
   */
  pitchMap: {
    [k: string]: number[] | undefined;
  } | null;
}
/**
 * A bowler's spell: his overs from one end, every other over without a gap. `startOver` and `endOver` are the first and last over of it, counted from 0 like `overNumber`.
 */
export interface SpellView {
  spellNumber: number;
  startOver: number;
  endOver: number;
  /**
   * Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3 overs and 10 balls reads 3.1): `balls` is the exact count of legal balls.
   */
  overs: number;
  /**
   * Legal balls bowled in the spell.
   */
  balls: number;
  maidens: number;
  runs: number;
  wickets: number;
}
/**
 * One ball of the over in progress, as the current-over strip shows it.
 */
export interface BallView {
  runs: number;
  isWicket: boolean;
  /**
   * The product schema's `"wide"`, `"noball"`, `"bye"`, `"legbye"`, or this project's `"penalty"` (an extension: penalty runs on a ball with no other extra); null for a ball without extras. One kind a ball: a wide first, then a no-ball, byes, leg-byes.
   */
  extraType: ("wide" | "noball" | "bye" | "legbye" | "penalty") | null;
  display: string;
}
/**
 * Two batters' stand: the runs the side scored while they batted together.
 *
 * `live/score.partnership` is the current innings' stand: the pair batting now; when no pair is batting (a wicket has fallen and the next batter is not in yet, or the innings has ended) the innings' last stand, which `isUnbroken` says whether a wicket ended; and before any pair is known (an innings started without naming its openers) a stand of 0 between the batters known, if any.
 */
export interface PartnershipView {
  /**
   * Which wicket the stand is for: 1 for the openers' stand, 2 after the first wicket.
   */
  wicket: number;
  /**
   * The batter who was in first (the striker when they came together). Null only before the stand's first ball, while no batter is named (an innings that began without naming its openers): the product schema has a string.
   */
  batsmanAId: string | null;
  /**
   * His partner; null only before the stand's first ball, while the partner is not named.
   */
  batsmanBId: string | null;
  /**
   * Every run the side scored while the pair batted, extras and penalty runs included.
   */
  runs: number;
  /**
   * Balls faced while the pair batted (legal balls and no-balls, not wides).
   */
  balls: number;
  batsmanARuns: number;
  batsmanBRuns: number;
  /**
   * False once a dismissal or retirement parted the pair; a stand still batting, or not out at the end of the innings, is unbroken.
   */
  isUnbroken: boolean;
}
/**
 * One line of the fall of wickets.
 */
export interface FallOfWicketView {
  wicketNumber: number;
  score: number;
  /**
   * When the wicket fell, as text: `"12.4"`, the over in progress and the legal balls bowled in it (`"3.10"` with ten balls to the over). Text, as the product schema has it, where `overs` elsewhere is a number.
   */
  over: string;
  batsmanOutId: string;
  batsmanOutName: string | null;
  bowlerId: string | null;
  type:
    | (
        | "bowled"
        | "caught"
        | "lbw"
        | "run_out"
        | "stumped"
        | "hit_wicket"
        | "handled_ball"
        | "obstructing_field"
        | "hit_the_ball_twice"
        | "timed_out"
        | "retired_out"
        | "retired_hurt"
        | "retired_not_out"
      )
    | null;
}
/**
 * An innings' extras, in runs.
 */
export interface ExtrasView {
  wides: number;
  noBalls: number;
  byes: number;
  legByes: number;
  penalty: number;
  total: number;
}
/**
 * Something wrong in the log that the projection could not use, e.g. an unparseable document, a gap or a duplicate in the sequence. Messages and ids are clipped.
 */
export interface IntegrityProblem {
  code:
    | "unparseable"
    | "id_mismatch"
    | "match_mismatch"
    | "id_not_position"
    | "sequence_gap"
    | "duplicate_sequence"
    | "implicit_innings_start"
    | "duplicate_innings_start"
    | "ball_after_innings_end"
    | "over_skipped"
    | "over_too_long"
    | "possible_double_tap"
    | "clock_went_back"
    | "innings_ended_twice"
    | "over_number_went_back"
    | "dismissed_batter_batting"
    | "absent_batter_has_batted"
    | "out_on_free_hit"
    | "no_ball_runs"
    | "bowler_consecutive_overs"
    | "bowler_over_limit"
    | "penalty_without_innings"
    | "player_on_wrong_side"
    | "player_not_in_match"
    | "end_reason_not_shown"
    | "declaration_in_limited_overs"
    | "innings_start_before_end"
    | "super_over_out_of_turn"
    | "unknown_method"
    | "result_before_last_innings"
    | "result_differs_from_log"
    | "unsafe_text"
    | "ball_after_result"
    | "interruption_without_overs"
    | "unparseable_match"
    | "ledger_foreign_entry"
    | "document_too_large";
  message: string;
  actionId: string | null;
}
/**
 * Every innings' scorecard, written flat as `innings1`, `innings2`, ... (the product schema has `innings1` and `innings2`; `innings3` and on are an extension).
 *
 * This interface was referenced by `LiveScoreProjection`'s JSON-Schema definition
 * via the `patternProperty` "^innings[1-9][0-9]*$".
 */
export interface InningsView {
  inningsNumber: number;
  battingTeamId: string;
  bowlingTeamId: string;
  isSuperOver: boolean;
  isFollowOn: boolean;
  runs: number;
  wickets: number;
  /**
   * Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3 overs and 10 balls reads 3.1): `balls` is the exact count of legal balls.
   */
  overs: number;
  /**
   * Legal balls bowled in the innings: the raw count.
   */
  balls: number;
  maxOvers: number | null;
  target: number | null;
  /**
   * As the live innings' (CurrentInningsView.targetMethod).
   */
  targetMethod: string | null;
  declared: boolean;
  forfeited: boolean;
  isClosed: boolean;
  endReason: string | null;
  penaltyRunsPre: number;
  penaltyRunsPost: number;
  extras: ExtrasView;
  batsmen: BatterView[];
  bowlers: BowlerView[];
  fallOfWickets: FallOfWicketView[];
  partnerships: PartnershipView[];
  retirements: RetirementView[];
  /**
   * Every over bowled, the one in progress included: runs and wickets per over for a worm or a manhattan chart, with no replay of the log.
   */
  overHistory: OverSummaryView[];
  /**
   * The batting side's players who have not batted, in batting order (did not bat, once the innings is over); substitute fielders and players replaced out of the match never bat, and absent batters are listed in `absent` instead.
   */
  yetToBat: YetToBatView[];
  absent: AbsentBatterView[];
}
/**
 * A batter who retired (Law 25.4), where and when.
 */
export interface RetirementView {
  playerId: string;
  name: string | null;
  type: string;
  score: number;
  /**
   * When he retired, as text like `FallOfWicketView.over`.
   */
  over: string;
}
/**
 * One over of an innings, as a worm or a manhattan chart plots it.
 */
export interface OverSummaryView {
  /**
   * The over's number, counted from 0 like `overNumber` (the first over is 0).
   */
  over: number;
  /**
   * Every run its deliveries scored, extras included (penalty runs awarded between deliveries are not an over's).
   */
  runs: number;
  /**
   * Wickets that fell on its deliveries (retirements not out are none).
   */
  wickets: number;
  legalBalls: number;
  /**
   * Who bowled it: one bowler, or two when one finished another's over.
   */
  bowlerIds: string[];
}
/**
 * A batter who cannot bat in this innings, and why.
 */
export interface AbsentBatterView {
  playerId: string;
  name: string | null;
  reason: string;
}
/**
 * `matches/{matchId}/live/now`: what changes every ball, for a scoreboard, an overlay or a ticker. The same figures as `live/score` (the same rendering, cut small): the innings in progress (its `yetToBat` left empty: the card has it), the two batters at the crease, the bowler, this over, the partnership, the last wicket, the status and the result. Each innings' full card is `live/innings{n}` (`innings` of them).
 *
 * Written by the Cloud Functions only.
 */
export interface LiveNow {
  matchId: string;
  status: "scheduled" | "live" | "innings_break" | "completed";
  /**
   * The current innings' number (0 before the first): its card is `live/innings{n}`.
   */
  inningsNumber: number;
  /**
   * How many innings there are (`live/innings1` to `live/innings{innings}`).
   */
  innings: number;
  currentInnings: CurrentInningsView | null;
  /**
   * The batters at the crease, the one on strike first.
   */
  batters: CreaseBatterView[];
  bowler: BowlerNowView | null;
  currentOver: BallView[];
  partnership: PartnershipView | null;
  lastWicket: FallOfWicketView | null;
  resultType: ("win" | "tie" | "draw" | "no_result" | "abandoned") | null;
  winnerId: string | null;
  winMargin: string | null;
  resultMethod: string | null;
  result: string | null;
  resultSource: ("officials" | "laws") | null;
  validation: "SINGLE" | "HONOR" | "DUAL" | "TRIPLE";
  openDisputes: string[];
  /**
   * How many problems `live/score.integrity` lists (0: none): a scorer's app reads them there when there are.
   */
  problems: number;
  /**
   * The server's time of the write that last changed it.
   */
  lastUpdated: Timestamp | null;
  lastActionId: string | null;
  /**
   * live/score's version this was cut from: the three documents of one write share it.
   */
  version: number;
}
/**
 * A batter at the crease, as the scoreboard shows him.
 */
export interface CreaseBatterView {
  playerId: string;
  name: string | null;
  runs: number;
  ballsFaced: number;
  fours: number;
  sixes: number;
  strikeRate: number;
  isOnStrike: boolean;
}
/**
 * The bowler of the over in progress, as the scoreboard shows him.
 */
export interface BowlerNowView {
  playerId: string;
  name: string | null;
  overs: number;
  ballsBowled: number;
  maidens: number;
  runsConceded: number;
  wickets: number;
  wides: number;
  noBalls: number;
  economy: number;
}
/**
 * One innings as a scorecard (innings1, innings2, ... in the live document).
 *
 * Written by the Cloud Functions only, at `matches/{matchId}/live/innings{n}`.
 */
export interface LiveInnings {
  inningsNumber: number;
  battingTeamId: string;
  bowlingTeamId: string;
  isSuperOver: boolean;
  isFollowOn: boolean;
  runs: number;
  wickets: number;
  /**
   * Overs as a number in the scoreboard's notation: 12.4 = 12 overs and 4 legal balls (not 12.4 overs of arithmetic). With 10 or more balls to the over it is ambiguous (3 overs and 10 balls reads 3.1): `balls` is the exact count of legal balls.
   */
  overs: number;
  /**
   * Legal balls bowled in the innings: the raw count.
   */
  balls: number;
  maxOvers: number | null;
  target: number | null;
  /**
   * As the live innings' (CurrentInningsView.targetMethod).
   */
  targetMethod: string | null;
  declared: boolean;
  forfeited: boolean;
  isClosed: boolean;
  endReason: string | null;
  penaltyRunsPre: number;
  penaltyRunsPost: number;
  extras: ExtrasView;
  batsmen: BatterView[];
  bowlers: BowlerView[];
  fallOfWickets: FallOfWicketView[];
  partnerships: PartnershipView[];
  retirements: RetirementView[];
  /**
   * Every over bowled, the one in progress included: runs and wickets per over for a worm or a manhattan chart, with no replay of the log.
   */
  overHistory: OverSummaryView[];
  /**
   * The batting side's players who have not batted, in batting order (did not bat, once the innings is over); substitute fielders and players replaced out of the match never bat, and absent batters are listed in `absent` instead.
   */
  yetToBat: YetToBatView[];
  absent: AbsentBatterView[];
}
/**
 * `matches/{matchId}/live/lineups`. `version` counts the changes written (set by the store, never by the projection, which has no memory).
 *
 * Written by the Cloud Functions only.
 */
export interface LineupsProjection {
  matchId: string;
  teams: TeamLineupView[];
  problems: LineupProblemView[];
  version: number;
}
export interface TeamLineupView {
  teamId: string;
  playingXI: LineupPlayerView[];
  captainId: string | null;
  viceCaptainId: string | null;
  wicketkeeperId: string | null;
  substitutes: LineupPlayerView[];
  reserves: LineupPlayerView[];
  withdrawn: LineupPlayerView[];
  replacements: ReplacementView[];
}
export interface LineupPlayerView {
  playerId: string;
  name: string;
  lineupId: string;
  battingPosition: number | null;
  isCaptain: boolean;
  isViceCaptain: boolean;
  isWicketkeeper: boolean;
  replacedBy: string | null;
}
export interface ReplacementView {
  playerId: string;
  name: string;
  lineupId: string;
  replacedPlayerId: string;
  replacedPlayerName: string | null;
  reason: ("concussion" | "covid" | "tactical" | "injury") | null;
  substitutedAt: Timestamp | null;
  battingPosition: number | null;
  isCaptain: boolean;
  isViceCaptain: boolean;
  isWicketkeeper: boolean;
}
export interface LineupProblemView {
  code:
    | "unparseable_lineup"
    | "team_sheet_lineup"
    | "unnamed_player"
    | "unknown_team"
    | "player_listed_twice"
    | "player_in_both_teams"
    | "too_many_players"
    | "no_captain"
    | "several_captains"
    | "several_wicketkeepers"
    | "duplicate_batting_position"
    | "replacement_for_player_not_playing"
    | "player_replaced_twice";
  message: string;
  teamId: string | null;
  playerIds: string[];
  lineupId: string | null;
}
/**
 * Every delivery, extras included: the ball, the score after it, the batters' and the bowler's lines.
 */
export interface BallBowledEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "BALL_BOWLED";
  payload: BallBowled;
}
/**
 * A delivery.
 */
export interface BallBowled {
  ball: BallFacts;
  score: ScoreLine;
  /**
   * The striker's line after the ball (the batter who faced it).
   */
  striker: BatterView | null;
  nonStriker: BatterView | null;
  bowler: BowlerView | null;
  /**
   * The ball in words, the live commentary's line: "Bumrah to Smith, FOUR, driven through cover", a wicket as the scorecard words it.
   */
  commentary: string | null;
  /**
   * The scorer's own words on the ball ("dropped at slip"), shown under the line.
   */
  note: string | null;
}
/**
 * What the delivery was, as the scorer recorded it.
 */
export interface BallFacts {
  runsOffBat: number;
  extras: Extras;
  totalRuns: number;
  isLegalDelivery: boolean;
  /**
   * Null when the scorer did not say (a four run, or hit to the rope?).
   */
  isBoundary: boolean | null;
  isWicket: boolean;
  extraType: ("wide" | "noball" | "bye" | "legbye" | "penalty") | null;
  /**
   * The ball as the over strip shows it: "4", "W", "1wd", "2nb".
   */
  display: string;
}
/**
 * The batting side's score after the event.
 */
export interface ScoreLine {
  runs: number;
  wickets: number;
  /**
   * The scoreboard's overs: 12.4 = 12 overs and 4 legal balls.
   */
  overs: number;
  /**
   * Legal balls bowled in the innings.
   */
  balls: number;
  target: number | null;
  runsNeeded: number | null;
}
/**
 * A wicket: how, the partnership it ended, the fall-of-wicket entry.
 */
export interface WicketFallenEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "WICKET_FALLEN";
  payload: WicketFallen;
}
/**
 * A batter out (a retirement out included).
 */
export interface WicketFallen {
  batterId: string;
  type: string;
  /**
   * How he was out, as the scorecard words it ("c Smith b Jones").
   */
  description: string;
  /**
   * The bowler credited with it; null for a run out, a retirement, ...
   */
  bowlerId: string | null;
  fielderIds: string[];
  /**
   * His final line.
   */
  batter: BatterView | null;
  /**
   * The stand the wicket ended.
   */
  partnership: PartnershipView | null;
  fallOfWicket: FallOfWicketView;
}
/**
 * An over bowled: its balls, runs, wickets, whether a maiden, the bowler's figures.
 */
export interface OverCompleteEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "OVER_COMPLETE";
  payload: OverComplete;
}
/**
 * An over, at its last legal ball (or, called short, when the next one starts).
 */
export interface OverComplete {
  /**
   * The over's number, counted from 0.
   */
  over: number;
  balls: BallView[];
  runs: number;
  wickets: number;
  /**
   * Six (`ballsPerOver`) legal balls by one bowler that cost him nothing.
   */
  maiden: boolean;
  bowlerId: string | null;
  /**
   * The bowler's figures after the over.
   */
  bowler: BowlerView | null;
  score: ScoreLine;
}
/**
 * An innings ended: its total, why, its top batters and bowlers.
 */
export interface InningsCompleteEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "INNINGS_COMPLETE";
  payload: InningsComplete;
}
/**
 * An innings' end.
 */
export interface InningsComplete {
  total: ScoreLine;
  /**
   * "all_out", "overs", "target", "declared", ...: why it ended.
   */
  endReason: string | null;
  topBatters: BatterView[];
  topBowlers: BowlerView[];
}
/**
 * The match is over (again, when a super over or the officials' method changes the result): the result and the top performers.
 */
export interface MatchCompleteEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "MATCH_COMPLETE";
  payload: MatchComplete;
}
/**
 * The match's result.
 */
export interface MatchComplete {
  /**
   * The result as live/score words it ("Home won by 18 runs").
   */
  result: string;
  resultType: string;
  winnerId: string | null;
  winMargin: string | null;
  method: string | null;
  /**
   * Who says so: the officials (their recorded result, which stands) or the Laws, from the innings.
   */
  resultSource: "officials" | "laws";
  /**
   * The highest innings of the match, of either side.
   */
  topBatters: BatterView[];
  /**
   * The best bowling in an innings of the match (most wickets, then fewest runs).
   */
  topBowlers: BowlerView[];
}
/**
 * A batter came in, a bowler came on, a batter retired, or a replacement came in.
 */
export interface PlayerChangedEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "PLAYER_CHANGED";
  payload: PlayerChanged;
}
/**
 * Who is in or on.
 */
export interface PlayerChanged {
  /**
   * A batter came in, a bowler came on, a batter retired, or the one who came in is a replacement made during the match (concussion, impact player, ...).
   */
  change: "new_batter" | "new_bowler" | "retirement" | "replacement";
  playerId: string;
  teamId: string | null;
  /**
   * The player a replacement took the place of.
   */
  replaces: string | null;
  /**
   * How he retired: "retired_hurt", "retired_not_out", "retired_out".
   */
  retirement: string | null;
}
/**
 * A batter's 50, 100, 150 or 200; a partnership's 50 or 100; a side's hundreds; a five-for, ten wickets in the match, a hat-trick.
 */
export interface MilestoneEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "MILESTONE_ACHIEVED";
  payload: Milestone;
}
/**
 * A milestone reached on this action.
 */
export interface Milestone {
  milestone:
    | "batter_runs"
    | "partnership_runs"
    | "team_runs"
    | "five_wickets"
    | "ten_wickets_match"
    | "hat_trick";
  /**
   * The runs (50, 100, ...) or wickets (5, 10, 3 in a hat-trick) reached.
   */
  value: number;
  /**
   * The batter, the pair, or the bowler (none for a side's runs).
   */
  playerIds: string[];
  teamId: string | null;
  /**
   * Balls it took: the batter's balls faced, the stand's; null for wickets.
   */
  balls: number | null;
}
/**
 * Events taken back by a void, a correction or a late ball (named by `seq`); the events now true follow it.
 */
export interface BallRetractedEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "BALL_RETRACTED";
  payload: BallRetracted;
}
/**
 * Events published earlier that a void, a correction or a late ball took back; the events that replace them follow this one.
 */
export interface BallRetracted {
  retractedSeqs: number[];
  reason: string;
}
/**
 * The scorers disagree about a ball (DUAL and TRIPLE matches): which fields, and each scorer's value. Not taken back by a refold: it is the officials' notice, not the log's.
 */
export interface DisputeRaisedEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "SCORING_DISPUTE_RAISED";
  payload: DisputeRaised;
}
/**
 * The scorers' views of a ball differ: it waits for an official, and so do the balls after it (matches/{id}/disputes/{position}).
 */
export interface DisputeRaised {
  /**
   * The log position in dispute (`1-0042`).
   */
  position: string;
  differences: DisputedField[];
  scorerIds: string[];
}
export interface DisputedField {
  /**
   * The field compared (`runsOffBat`, `extras.wide`, `wicket.dismissedPlayerId`...).
   */
  field: string;
  /**
   * Each scorer's value, by scorer uid.
   */
  values: {
    [k: string]: unknown | undefined;
  };
}
/**
 * An official resolved a dispute: how, and by whom.
 */
export interface DisputeResolvedEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "DISPUTE_RESOLVED";
  payload: DisputeResolved;
}
/**
 * An official resolved a dispute: the ball is in the log (or abandoned), and the balls held behind it follow.
 */
export interface DisputeResolved {
  position: string;
  /**
   * UMPIRE_OVERRIDE, VIDEO_REVIEW, MAJORITY_VOTE, CAPTAIN_CONSENSUS or ABANDON_BALL.
   */
  method: string;
  resolvedBy: string;
  abandoned: boolean;
}
/**
 * Overs lost, or the officials' target: the chase's target and par as they now are.
 */
export interface TargetRevisedEvent {
  /**
   * What the event is about, unique within its action: with `actionId`, what a re-issued event is matched by.
   */
  key: string;
  /**
   * The action it came from (a retraction: the one that caused it).
   */
  actionId: string | null;
  /**
   * Its place in the log: the action's position and the event's rank within it ("01-0042-00-01"); the feed's events sort by it in log order.
   */
  order: string;
  inningsNumber: number | null;
  /**
   * The over it happened in, counted from 0.
   */
  over: number | null;
  /**
   * The delivery's place in its over (`ballInOver`); null for an event between balls.
   */
  ball: number | null;
  /**
   * When the action says it happened.
   */
  timestamp: Timestamp | null;
  /**
   * The cursor: 1, 2, 3, ... in the order the functions published the events (a resuming app asks for the events after the last `seq` it has); 0 until published.
   */
  seq: number;
  /**
   * When the functions published it (the server's time).
   */
  createdAt: Timestamp | null;
  /**
   * Taken back by a later BALL_RETRACTED (a void, a correction, a late ball).
   */
  retracted: boolean;
  /**
   * The `seq` of the BALL_RETRACTED that took it back.
   */
  retractedBy: number | null;
  /**
   * What a refold compares: the event's facts, names aside (set when published).
   */
  digest: string | null;
  type: "TARGET_REVISED";
  payload: TargetRevised;
}
/**
 * Overs lost to the weather, or a target the officials set: the innings' overs now and, once the chase has begun, its target and par.
 */
export interface TargetRevised {
  /**
   * The innings whose overs or target changed (the next one, for a stop between innings).
   */
  inningsNumber: number;
  maxOvers: number | null;
  ballsRemaining: number | null;
  /**
   * The chase's target now; null while the side batting first is batting.
   */
  target: number | null;
  /**
   * The chase's par now (the rain rule's): null where no par is kept.
   */
  par: number | null;
  /**
   * "D/L" where the functions revised the target (Standard Edition), the officials' method where they set it.
   */
  method: string | null;
  /**
   * Why play stopped (an interruption's reason: rain, bad_light, ...).
   */
  reason: string | null;
}
/**
 * `matches/{matchId}/followers/{uid}`: a person follows a match, written by their app (the rules: only themself, and only a match they may follow).
 *
 * Written by the person themself.
 */
export interface Following {
  kinds?: ("wicket" | "milestone" | "innings" | "result")[];
  createdAt?: Timestamp | null;
}
/**
 * `users/{uid}/devices/{deviceId}`: a device of the person's that takes notifications through Firebase Cloud Messaging, registered by their app.
 *
 * Written by the person themself.
 */
export interface Device {
  token: string;
  platform?: "web" | "android" | "ios";
  createdAt?: Timestamp | null;
}
/**
 * `users/{uid}/notifications/{matchId}-{actionId}-{key}`: one notification of one event of a match's feed, as every follower of its kind gets it (written by the Cloud Functions).
 *
 * Written by the Cloud Functions only.
 */
export interface Notice {
  matchId: string;
  /**
   * The event's `seq` in the match's feed.
   */
  seq: number;
  /**
   * The event's key (`WICKET_FALLEN:3`): with the action, what it is about.
   */
  key: string;
  kind: "wicket" | "milestone" | "innings" | "result";
  /**
   * The match ("Home v Away").
   */
  title: string;
  /**
   * What happened: "WICKET! Smith c Jones b Brown 34 (120/3)".
   */
  body: string;
  actionId: string | null;
  /**
   * When the functions wrote it (the server's time).
   */
  createdAt: Timestamp | null;
}

/** A delivery: the action of `kind` "delivery" (the default: a document without `kind` is a ball). */
export type Delivery = ScoringAction;

/** Every kind of action of the log. */
export type ActionKind = NonNullable<Action["kind"]>;

/** `matches/{matchId}/live/score`. */
export type LiveScore = LiveScoreProjection;

/** `matches/{matchId}/live/lineups`. */
export type LiveLineups = LineupsProjection;
