// /score/{id}: the scorer console. Every tap is one write through the kit (@scorebook/client);
// the rules decide, and a refusal is shown with the kit's explanation of why.
//
// The innings' log is the console's memory: a listener on it (`watchInnings`) and the kit's
// `replayInnings` say who is where, what can be undone or corrected and where the next action
// goes, so a reload, a locked phone or a second device loses nothing. This device's writes
// count at once (the SDK shows queued writes to its own listeners, offline too), and the
// console lays them over the last snapshot until the server answers, so a fast second tap
// never reuses a position.
import {
  baseFields, correctBall, delivery, type DeliveryFields, event as eventDocument, type Explanation,
  parseActionId, recordAction, replayInnings, voidBall, voidFields, watchInnings,
} from "@scorebook/client";
import type { ScoringAction } from "@scorebook/client/types";
import { onAuthStateChanged, signOut, type User } from "firebase/auth";
import { waitForPendingWrites } from "firebase/firestore";
import { signInFrom } from "./account";
import { connect } from "./firebase";
import { done, type Entry, Journal, revived } from "./journal";
import { type Live, nothingRead, unread, watchMatch } from "./live";
import { keeperFrom, replacementFrom, watchLineups } from "./scorer-field";
import { watchRole } from "./scorer-role";
import {
  type Console, describe, type Doc, noBallRuns, perOver, stateNow, toRedo, undoTarget, waiting, withExtra,
} from "./scorer-state";
import { read, type Said } from "./scorer-forms";
import { holdStillUnderFinger, render, tapped } from "./scorer-view";

export async function showScorer(matchId: string): Promise<void> {
  const backend = await connect();
  const c: Console = {
    backend, matchId, user: null, role: null, stopRole: null,
    live: nothingRead(),
    scoreRead: false, stop: null, innings: 0, log: [], inflight: new Map(), view: null,
    stopLog: null, previous: null, stopPrevious: null, heldBack: -1, bowlerFor: null, shot: null,
    extra: null, panel: null, pending: 0, acks: 0, queued: 0, queuedBefore: 0, message: null, ready: false, resuming: false,
    reset: new Set(), busy: new Set(), correctAt: null, startBatting: null, undone: null,
    journal: new Journal(matchId), lineups: null, stopLineups: null,
  };
  document.body.classList.add("console");
  const app = document.getElementById("app")!;
  holdStillUnderFinger(() => render(c));
  app.addEventListener("click", (e) => void onClick(c, e));
  app.addEventListener("submit", (e) => void onSubmit(c, e));
  app.addEventListener("change", (e) => onChange(c, e));
  addEventListener("online", () => render(c));
  addEventListener("offline", () => render(c));
  onAuthStateChanged(backend.auth, (user) => {
    c.user = user;
    c.role = user ? undefined : null;
    c.stopRole?.();
    c.stopRole = user ? watchRole(backend, matchId, user, (role) => roleIs(c, user, role)) : null;
    watch(c); // what a private match lets this user read changes with who they are
    render(c);
  });
}

/** The caller's role read, or changed since. A private match's scorers are among its members:
 * its live documents, refused to this user until now (a refusal waits for a change of the
 * match), are read again. */
function roleIs(c: Console, user: User, role: string | null): void {
  if (c.user !== user || role === c.role) return; // (signed out, or in as someone else, since)
  c.role = role;
  if (role && unread(c.live) === "private") watch(c);
  render(c);
}

/** (Re)start listening to the match and live/now (and live/score's problems while it has
 * any); once both answered, follow the log. */
function watch(c: Console): void {
  c.stop?.();
  follow(c, 0);
  c.scoreRead = false;
  c.live = nothingRead();
  let first = true;
  c.stopLineups?.();
  c.stopLineups = watchLineups(c.backend.db, c.matchId, (lineups) => {
    c.lineups = lineups;
    if (c.panel === "field") render(c);
  });
  c.stop = watchMatch(c.backend.db, c.matchId, (live: Live) => {
    c.live = live;
    // a match that appears (set up, or created again) answers before its live documents do:
    // it is followed once they answer (a private match's refusal says not to)
    if (!live.missing && (!first || live.now !== null || live.error)) c.scoreRead = true;
    first = live.missing;
    if (c.innings) followTheFold(c);
    else if (c.user && live.match && c.scoreRead && !live.error) resume(c);
    render(c);
  }, { problems: true });
}

/** Where scoring goes on: the innings live/score has open, or the one after. The log of that
 * innings then says the rest (and moves on if it has ended since). */
function resume(c: Console): void {
  const score = c.live.now;
  const now = score?.currentInnings;
  follow(c, now && !now.isClosed ? now.inningsNumber : (score?.inningsNumber ?? 0) + 1);
}

/** Listen to innings `n`'s log (0: to none), and to the one before while `n` has not begun,
 * so that its last action can still be undone.
 *
 * The logs listened to until now are let go only once the new listeners are on: a log that
 * stays followed (the innings an undo goes back to was the one before) keeps its listen
 * target, rather than the SDK removing it and adding it again just as the undo is written.
 * The Firestore emulator takes a new target's read time before it registers the target,
 * and a commit notified in between never reaches it (nor does its write's acknowledgement
 * clear the pending mark, until the next write to the log): the undo stayed "1 waiting for
 * the server" for good. (Over gRPC a target added as a write commits also garbled the
 * emulator's Listen stream, and the SDK backed off up to a minute.) */
function follow(c: Console, n: number): void {
  const letGo = [c.stopLog, c.stopPrevious];
  Object.assign(c, { innings: n, log: [], view: null, ready: false, stopLog: null,
    stopPrevious: null, previous: null, bowlerFor: null, extra: null, panel: null, correctAt: null,
    startBatting: null, undone: null, queued: 0, queuedBefore: 0 });
  if (n) listen(c, n);
  for (const stop of letGo) stop?.();
}

/** follow's listeners of innings `n`'s log and of the one before's. */
function listen(c: Console, n: number): void {
  const fail = (error: Error) => {
    c.message = explain(error);
    render(c);
  };
  // an undo of the innings before's last action, kept from a page that closed: only once both
  // logs are read and this innings has not begun (after that, no undo reaches back)
  let before: Doc[] | null = null;
  const journalBefore = () => {
    if (before && c.previous && c.ready && c.innings === n && !c.view?.steps.length) {
      if (reopened(c, n - 1, before)) follow(c, n - 1);
      else fromJournal(c, { innings: n - 1, log: before, view: c.previous });
    }
  };
  c.stopLog = watchInnings(c.backend.db, c.matchId, n, (actions, snap) => {
    if (c.innings !== n) return; // a snapshot of an innings left behind
    c.log = actions as Doc[];
    // what waits in Firestore's cache for the server: this page's taps, and those of an
    // earlier page that a reload or a closed browser left unsent
    c.queued = unsent(c, snap.docs);
    c.ready = true;
    replay(c); // which moves on to the next innings if this one has ended
    if (c.innings === n) fromJournal(c, c);
    journalBefore();
    // the server's answer to a write reaches the write's promise before the log's snapshot
    // that clears its pending mark: a closure live/now showed meanwhile is followed here
    followTheFold(c);
    render(c);
  }, fail);
  if (n > 1) {
    c.stopPrevious = watchInnings(c.backend.db, c.matchId, n - 1, (actions, snap) => {
      c.queuedBefore = unsent(c, snap.docs);
      c.previous = replayInnings(actions as Doc[], n - 1, { ballsPerOver: perOver(c.live.match) });
      before = actions as Doc[];
      journalBefore();
      followTheFold(c);
      render(c);
    }, fail);
  }
}

/** How many of a log snapshot's documents wait for the server: this page's taps, and those an
 * earlier page left in Firestore's cache. The SDK keeps a written document marked pending
 * until its listener hears of the commit, not when the server acknowledges it; the emulator
 * can leave a listener unaware of a commit made while its target is being registered (back
 * online, the SDK registers every target again as the queued writes flush), and the mark
 * would then stay for good. So the count ends when every write this device holds is
 * acknowledged (`waitForPendingWrites`, the server's own word), unless a later snapshot has
 * counted again since. */
function unsent(c: Console, docs: { metadata: { hasPendingWrites: boolean } }[]): number {
  const count = docs.filter((d) => d.metadata.hasPendingWrites).length;
  if (count) {
    const asked = ++c.acks;
    waitForPendingWrites(c.backend.db).then(() => {
      if (c.acks !== asked) return;
      Object.assign(c, { queued: 0, queuedBefore: 0 });
      followTheFold(c); // which waits for nothing to wait for the server
      render(c);
    }, () => undefined);
  }
  return count;
}

/** The log as this device knows it: the last snapshot, and over it the writes not yet answered. */
function replay(c: Console): void {
  const byId = new Map<string, Doc>(c.log.map((a) => [a.id, a]));
  for (const [id, d] of c.inflight) byId.set(id, d);
  c.view = replayInnings([...byId.values()], c.innings, { ballsPerOver: perOver(c.live.match) });
  if (c.view.ended) {
    follow(c, c.innings + 1); // the next innings' form at once, offline too
    return;
  }
  if (c.view.steps.length) {
    c.stopPrevious?.();
    c.stopPrevious = null;
    c.previous = null;
    // (writes go to the server in order: this innings' own queued ones, counted, come after)
    c.queuedBefore = 0;
  }
}

/** The fold closes an innings by itself (all out, overs done, target reached): the console
 * then offers the next innings instead of a pad whose next tap would reopen it. Not while
 * live/score still shows a closure an undo has just taken back (`heldBack`), nor a closure
 * made by an action the log now holds voided: a run of the functions that read the log
 * before the undo publishes the closure again, with a newer version, after it. */
function followTheFold(c: Console): void {
  const score = c.live.now;
  const now = score?.currentInnings;
  if (!c.view?.state || !now || now.inningsNumber !== c.innings || !now.isClosed) return;
  if (waiting(c) > 0 || (score?.version ?? 0) <= c.heldBack || voided(c, score?.lastActionId)) return;
  c.message = { text: `Innings ${c.innings} is over${now.endReason ? ` (${now.endReason.replaceAll("_", " ")})` : ""}.`, causes: [], ok: true };
  follow(c, c.innings + 1);
}

/** Whether this innings' log (with this device's writes laid over it) holds the action voided. */
function voided(c: Console, id: string | null | undefined, log: Doc[] = c.log): boolean {
  const action = id ? c.inflight.get(id) ?? log.find((a) => a.id === id) : undefined;
  return action?.isVoided === true;
}

/** Innings `n` shows closed on live/now by an action its log holds voided: an undo the
 * functions have not folded yet (still to come, or a run lost) when the page opened, which
 * live/now then sent it on to the next innings' form. The console goes back to `n`. */
function reopened(c: Console, n: number, log: Doc[]): boolean {
  const now = c.live.now;
  return now?.currentInnings?.inningsNumber === n && now.currentInnings.isClosed === true
    && voided(c, now.lastActionId, log);
}

/** The causes that say another device took the place first (both tapped the same ball, or
 * this one's queue was built on a log the other changed): told in a scorer's words. */
const TAKEN = new Set(["position_taken", "not_followed"]);

function explain(error: unknown, what = "That"): Console["message"] {
  const why = (error as { explanation?: Explanation }).explanation;
  if (why?.reread) {
    return {
      text: `${what}: not recorded, another device recorded there first. The score shows what it recorded: check it before you carry on.`,
      causes: why.causes.filter((x) => !TAKEN.has(x.cause)).map((x) => x.message),
    };
  }
  const said = why?.message ?? String((error as Error).message ?? error);
  // which tap it was about: a refusal may come seconds after, with others tapped since
  const text = what === "That" ? said : `${what}: ${said}`;
  return { text, causes: (why?.causes ?? []).map((x) => x.message).filter((m) => !said.includes(m)) };
}

/** Send a write without waiting for the server: the console moves on at once, counts it as
 * pending until acknowledged, and shows why if it is refused. `laid` is what it lays over
 * the log until then (the document, or the voided one); `kept`, its entry in the journal,
 * which leaves it once the server has answered. */
function send(c: Console, write: Promise<unknown>, what: string, laid?: Doc, kept?: string): void {
  const innings = c.innings;
  c.pending += 1;
  if (laid) c.inflight.set(laid.id, laid);
  replay(c);
  write.then(() => {
    if (!c.message || c.message.ok) c.message = { text: `${what}: recorded`, causes: [], ok: true };
  }, (error: unknown) => {
    refused(c, explain(error, what));
    // the log is not what this page took it for: a redo would write at the wrong place, or
    // write again a ball whose undo was refused
    c.undone = null;
    if (c.innings !== innings) follow(c, innings); // an end refused: the innings goes on
  }).finally(() => {
    c.pending -= 1;
    if (kept) c.journal.drop(kept);
    if (laid && c.inflight.get(laid.id) === laid) c.inflight.delete(laid.id);
    if (c.innings) replay(c);
    followTheFold(c);
    render(c);
  });
}

/** A refusal shown until the scorer's next tap, even when writes sent before it are then
 * acknowledged; one that comes while another is shown joins it: the balls of an offline
 * queue refused one after another are each to score again, not only the last. */
function refused(c: Console, next: Console["message"]): void {
  const shown = c.message && c.message.ok !== true ? c.message : null;
  if (!shown || !next) {
    c.message = next;
    return;
  }
  const each = [...(shown.each ?? [shown.text]), next.text];
  c.message = { text: `${each.length} taps were not recorded:`, causes: each, each };
}

/** The number of a new correction at the place of `id` ({place}-c{n}): one more than the
 * last this device's log of its innings holds there (`log`: the innings before's, for a
 * correction kept from before a page closed, and the innings moved on since), with its own
 * writes laid over it. Known here, so that a correction made with no signal waits with the
 * other writes: the kit would ask the server. */
function correctionNumber(c: Console, id: string, log: Doc[] = c.log): number {
  const at = (doc: string) => {
    try {
      return parseActionId(doc);
    } catch {
      return null; // not a position (an admin's id): no correction of this place
    }
  };
  const place = at(id);
  const here = [...log, ...c.inflight.values()].map((a) => at(a.id))
    .filter((p) => p !== null && place !== null && p.innings === place.innings && p.seq === place.seq);
  return Math.max(0, place?.correction ?? 0, ...here.map((p) => p!.correction)) + 1;
}

/** Where the next action goes, and what it follows: the action at the place before it as
 * this device knows it (the rules refuse it if the log holds another device's there). */
function position(c: Console): { innings: number; seq: number; follows: { id: string; key: string | null } | null } {
  return { innings: c.innings, seq: c.view!.nextSeq, follows: c.view!.follows };
}

/** Record a ball; false when the kit would not build it (the message says why). */
function score(c: Console, fields: DeliveryFields, what: string): boolean {
  // where it went, when the scorer tapped it on the field first (optional)
  const shot = c.shot ? { shotData: { wagonWheelSegment: c.shot } } : {};
  // and what the scorer wrote about it (optional; the field is cleared once the ball is sent)
  const note = globalThis.document.querySelector<HTMLInputElement>('form[data-form="note"] input[name="note"]')?.value.trim();
  const state = { ...stateNow(c)!, noBallRuns: noBallRuns(c), timestamp: new Date(), ...shot, ...(note ? { note } : {}) };
  const at = position(c);
  let document: Doc;
  try {
    document = delivery(c.matchId, c.user!.uid, at, fields, state);
  } catch (error) {
    c.message = { text: String((error as Error).message), causes: [] };
    return false;
  }
  record(c, document, what);
  c.extra = null;
  c.shot = null;
  c.panel = null;
  c.reset.add("note");
  return true;
}

function event(c: Console, kind: string, fields: Record<string, unknown>, what: string,
               at = position(c)): void {
  const document = eventDocument(c.matchId, c.user!.uid, at, kind, fields) as Doc;
  record(c, document, what);
  c.panel = null;
}

/** Create `document` in the log, kept in the journal first (unless it is sent again from it). */
function record(c: Console, document: Doc, what: string,
                kept = c.journal.keep({ op: "record", id: document.id, what, doc: document }, c.user!.uid)): void {
  send(c, recordAction(c.backend.db, c.matchId, c.user!.uid, document as Doc & { id: string }), what, document, kept);
}

/** The log of one innings as this device sees it: the console's own, or the one before it. */
interface Place { innings: number; log: Doc[]; view: Console["view"] }

/** What the journal keeps of innings `at`: done (the log shows it), it leaves; kept by a page
 * that closed before the SDK stored it, it is sent again, once. */
function fromJournal(c: Console, at: Place): void {
  const uid = c.user?.uid;
  if (!uid) return;
  // the balls and events first, so that an undo or a correction kept after them finds them
  const order = { record: 0, correct: 1, void: 2 };
  const kept = c.journal.entries(uid, at.innings).sort((a, b) => order[a.entry.op] - order[b.entry.op]);
  for (const { token, entry, mine } of kept) {
    const seen = done(entry, [...at.log, ...c.inflight.values()]);
    if (!seen.done && !mine && !stillApplies(at, entry)) {
      c.journal.drop(token);
      c.message = { text: `${entry.what}, tapped before the page closed, was not sent: the innings has moved on since. Do it again if it still stands.`, causes: [] };
    } else if (seen.done) {
      c.journal.drop(token);
      if (seen.another && !mine) {
        c.message = { text: `${entry.what}, tapped before the page closed, was not recorded: another device scored there first.`, causes: [] };
      }
    } else if (!mine) {
      c.journal.adopt(token);
      again(c, at, token, entry);
    }
  }
}

/** Whether a kept undo or correction is still what the scorer meant: an undo only of the
 * innings' last action (a page that opens later must not take a ball out of the middle of the
 * innings), a correction only of a ball still there and not voided. */
function stillApplies(at: Place, entry: Entry): boolean {
  if (entry.op === "void") return at.view?.steps.at(-1)?.action.id === entry.id;
  if (entry.op === "correct") return at.log.some((a) => a.id === entry.id && !a.isVoided);
  return true;
}

function again(c: Console, at: Place, kept: string, entry: Entry): void {
  const { db } = c.backend;
  const uid = c.user!.uid;
  const what = `${entry.what} (kept from before the page closed)`;
  const original = at.log.find((a) => a.id === entry.id);
  // a correction written before the page closed, its ball not yet voided: only the void
  const written = at.log.find((a) => a.corrects === entry.id && !a.isVoided);
  if (entry.op === "record") {
    record(c, revived(entry.doc), what, kept);
    return;
  }
  if (entry.op === "void" && at.innings !== c.innings) {
    // the undo of the innings before's last action: the console goes back to it, as undo() does
    c.heldBack = c.live.now?.version ?? 0;
    follow(c, at.innings);
  }
  if (entry.op === "void" || written) {
    send(c, voidBall(db, c.matchId, entry.id, uid, entry.reason, written ? { correctedBy: written.id } : {}), what,
      { ...original, isVoided: true }, kept);
  } else {
    send(c, correctBall(db, c.matchId, uid, original as unknown as ScoringAction, entry.tapped as DeliveryFields,
      entry.reason, { correction: correctionNumber(c, entry.id, at.log) }), what, { ...original, isVoided: true }, kept);
  }
}

async function onClick(c: Console, e: Event): Promise<void> {
  const target = (e.target as HTMLElement).closest("button");
  if (!target || target.type === "submit") return;
  const action = target.dataset.action;
  c.message = null;
  if (action === "runs") score(c, tapped(c.extra, Number(target.dataset.runs), noBallRuns(c)), target.dataset.say ?? "");
  else if (action === "extra") c.extra = withExtra(c.extra, target.dataset.extra as "wide" | "noBall" | "bye" | "legBye");
  else if (action === "shot") c.shot = c.shot === Number(target.dataset.segment) ? null : Number(target.dataset.segment);
  else if (action === "panel") c.panel = c.panel === target.dataset.panel ? null : target.dataset.panel as Console["panel"];
  else if (action === "undo") undo(c);
  else if (action === "swap") swap(c);
  else if (action === "redo") redo(c);
  else if (action === "sign-out") await signOut(c.backend.auth);
  render(c);
}

/** A choice that changes what a form offers: the side batting (its players), the ball to
 * correct (what it was). */
function onChange(c: Console, e: Event): void {
  const el = e.target as HTMLSelectElement;
  const form = el.form?.dataset.form;
  if (form === "start" && el.name === "batting") c.startBatting = el.value;
  else if (form === "correct" && el.name === "ball") {
    c.correctAt = el.value;
    c.reset.add("correct"); // its fields show the chosen ball
  } else return;
  render(c);
}

/** The batters crossed, or the scorer had them at the wrong ends: the same two, swapped. */
function swap(c: Console): void {
  const s = stateNow(c);
  if (!s?.strikerId || !s.nonStrikerId) return;
  event(c, "batter_change", { strikerId: s.nonStrikerId, nonStrikerId: s.strikerId }, "Batters swapped ends");
}

/** Undo the last action that counts (a ball, a new batter, a retirement...): a void. Where
 * this innings has none yet, the last of the one before (the ball that ended it, or its end):
 * the console goes back to it. */
function undo(c: Console): void {
  const target = undoTarget(c);
  if (!target) {
    c.message = { text: "Nothing to undo in this innings.", causes: [] };
    return;
  }
  const last = target.step;
  const back = target.log === c.view ? null : target.log;
  const id = last.action.id as string;
  const voided = { ...last.action, isVoided: true };
  if (back) {
    c.heldBack = c.live.now?.version ?? 0;
    follow(c, back.innings);
  }
  const what = `Undo ${describe(last)}`;
  const reason = "undone by the scorer";
  const kept = c.journal.keep({ op: "void", id, what, reason }, c.user!.uid);
  send(c, voidBall(c.backend.db, c.matchId, id, c.user!.uid, reason), what, voided, kept);
  // a mistaken undo is put right by writing the same again at the next place (the log keeps
  // the void): offered while nothing else has been written, each undo of a row in turn
  const row = toRedo(c) ? c.undone!.taken : [];
  c.undone = back ? null : { taken: [...row, { action: last.action as Doc, what: describe(last) }],
    innings: c.innings, seq: c.view!.nextSeq };
}

/** Write again what the last undo took back, as it was, at the next place of the log. */
function redo(c: Console): void {
  const undone = toRedo(c);
  if (!undone) return;
  const a = undone.action;
  let sent = true;
  if ((a.kind ?? "delivery") === "delivery") {
    const tap = { runsOffBat: a.runsOffBat, extras: a.extras, wicket: a.wicket ?? undefined,
      isLegalDelivery: a.isLegalDelivery, isBoundary: a.isBoundary };
    sent = score(c, tap as DeliveryFields, `Redo ${undone.what}`);
  } else {
    const fields = Object.fromEntries(Object.entries(a).filter(([k]) => !BASE_FIELDS.has(k)));
    event(c, a.kind, fields, `Redo ${undone.what}`);
  }
  // once sent (a write the kit would not build leaves the row as it was), it took the next
  // place: the undo before this one is redone at the place after
  const row = c.undone!;
  const rest = row.taken.slice(0, -1);
  if (sent) c.undone = rest.length ? { ...row, taken: rest, seq: row.seq + 1 } : null;
}

/** The fields every action has, as the kit writes them (its baseFields, a void's fields),
 * and the kind and the server's times: not the kind's own. */
const BASE_FIELDS = new Set([
  ...Object.keys(baseFields("", "", { innings: 1, seq: 1 })),
  ...Object.keys(voidFields("", "", "corrected")),
  "kind", "corrects", "createdAt", "updatedAt", "follows",
]);

async function onSubmit(c: Console, e: Event): Promise<void> {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
  const name = form.dataset.form!;
  if (c.busy.has(name) || name === "note") return; // a note goes with the next ball, not alone
  c.message = null;
  try {
    if (name === "sign-in") {
      await signInFrom(c.backend.auth, form, submitter?.value ?? "");
      return;
    }
    const said = read(c, name, form, submitter?.value ?? "");
    if (said) carryOut(c, said, form);
    c.reset.add(name);
  } catch (error) {
    c.message = explain(error);
  }
  render(c);
}

/** Write what a form said (scorer-forms.ts). */
function carryOut(c: Console, said: Said, form: HTMLFormElement): void {
  switch (said.kind) {
    case "ball":
      score(c, said.fields, said.what);
      return;
    case "event": {
      const last = said.at === "previous" ? c.previous : null;
      event(c, said.event, said.fields, said.what,
        last ? { innings: last.innings, seq: last.nextSeq, follows: last.follows } : position(c));
      return;
    }
    case "bowler":
      c.bowlerFor = { after: said.after, id: said.id };
      c.panel = null;
      return;
    case "correction":
      correct(c, said);
      return;
    case "lineup": {
      const { write, what } = (said.form === "keeper" ? keeperFrom : replacementFrom)(c, form);
      send(c, write, what);
      c.panel = null;
    }
  }
}

/** Correct a ball of this innings: the kit writes the correction at the ball's position (-c1)
 * and voids the ball. */
function correct(c: Console, said: Extract<Said, { kind: "correction" }>): void {
  const { original, fields, reason, what } = said;
  const kept = c.journal.keep({ op: "correct", id: original.id, what, reason, tapped: fields }, c.user!.uid);
  c.busy.add("correct");
  const write = correctBall(c.backend.db, c.matchId, c.user!.uid, original as unknown as ScoringAction, fields, reason,
    { correction: correctionNumber(c, original.id) });
  // the ball shown voided meanwhile: the kit voids it once the correction is written, which
  // with no signal waits for the signal, and the innings would count both
  send(c, write.finally(() => {
    c.busy.delete("correct");
    c.reset.add("correct");
  }), what, { ...original, isVoided: true }, kept);
}
