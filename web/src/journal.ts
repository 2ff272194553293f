// The console's journal of taps, in localStorage. Firestore keeps a write in IndexedDB only a
// moment after the call (asynchronously); a tab killed in that moment (a reload, a phone
// that closes the browser) lost the tap. localStorage is written synchronously, before the
// SDK is called, and an entry leaves the journal once the log shows the write or the server
// answered it: what a page opening finds kept and the log lacks, it sends again.

/** One write: an action created, a void (an undo), a correction of a ball. */
export type Entry =
  | { op: "record"; id: string; what: string; doc: Record<string, unknown> }
  | { op: "void"; id: string; what: string; reason: string }
  | { op: "correct"; id: string; what: string; reason: string; tapped: Record<string, unknown> };

interface Kept { entry: Entry; uid: string; at: number }

/** A journal older than this is a page's leftover nobody will replay (another innings). */
const FORGOTTEN_MS = 24 * 3600 * 1000;

export class Journal {
  private readonly key: string;
  /** the entries this page wrote or has sent again: never sent twice by it */
  private readonly mine = new Set<string>();
  private counter = 0;

  constructor(matchId: string) {
    this.key = `scorebook.journal.${matchId}`;
  }

  /** Keep `entry` before it is sent; returns its token. */
  keep(entry: Entry, uid: string): string {
    const token = `${Date.now().toString(36)}-${(this.counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
    this.mine.add(token);
    this.save({ ...this.load(), [token]: { entry, uid, at: Date.now() } });
    return token;
  }

  drop(token: string): void {
    const all = this.load();
    if (!(token in all)) return;
    delete all[token];
    this.save(all);
  }

  /** The entries of `uid` in innings `innings`; `mine`: this page wrote it or sent it again. */
  entries(uid: string, innings: number): { token: string; entry: Entry; mine: boolean }[] {
    return Object.entries(this.load())
      .filter(([, k]) => k.uid === uid && inningsOf(k.entry.id) === innings)
      .map(([token, k]) => ({ token, entry: k.entry, mine: this.mine.has(token) }));
  }

  /** This page sends `token` again: it is its own from now on. */
  adopt(token: string): void {
    this.mine.add(token);
  }

  private load(): Record<string, Kept> {
    try {
      const all = JSON.parse(localStorage.getItem(this.key) ?? "{}") as Record<string, Kept>;
      const fresh = Date.now() - FORGOTTEN_MS;
      return Object.fromEntries(Object.entries(all).filter(([, k]) => k.at > fresh));
    } catch {
      return {};
    }
  }

  private save(all: Record<string, Kept>): void {
    try {
      if (Object.keys(all).length) localStorage.setItem(this.key, JSON.stringify(all));
      else localStorage.removeItem(this.key);
    } catch {
      // storage full or refused (a private window): the SDK's own cache is all there is
    }
  }
}

function inningsOf(id: string): number {
  return Number(id.split("-")[0]);
}

/** A document as kept (JSON: its timestamp a string) as the SDK must write it (a Date). */
export function revived(doc: Record<string, any>): Record<string, any> {
  const timestamp = doc.timestamp;
  return { ...doc, timestamp: typeof timestamp === "string" ? new Date(timestamp) : timestamp };
}

/** Whether the log (as this device sees it, its queued writes included) shows `entry` done;
 * for a created action, also whether the document there is another's (its key differs). */
export function done(entry: Entry, log: Record<string, any>[]): { done: boolean; another: boolean } {
  const there = log.find((a) => a.id === entry.id);
  if (entry.op === "record") {
    return { done: Boolean(there), another: Boolean(there && there.key !== entry.doc.key) };
  }
  return { done: !there || there.isVoided === true, another: false };
}
