// Told when it happens: a spectator follows the match (signed in, or anonymously: Firebase
// Auth's anonymous sign-in gives the page a uid of its own) and is shown each notification
// the functions write for them (a wicket, a fifty or a hundred, an innings' end, the result)
// through the Notifications API, by the app's service worker, so it shows while the page is
// in the background as well as open. A native app or a page closed is told through Firebase
// Cloud Messaging instead (the kit's registerDevice: docs/clients.md).
import { follow, unfollow, watchNotifications } from "@scorebook/client";
import type { Notice } from "@scorebook/client/types";
import { onAuthStateChanged, signInAnonymously, type User } from "firebase/auth";
import { doc, getDoc } from "firebase/firestore";
import { answered, Unanswered } from "./answer";
import type { Backend } from "./firebase";
import { type Html, html, nothing } from "./html";

const SHOWN = 5; // the latest notifications the page lists
const ANSWER_WITHIN_MS = 5000; // then the page says so (and takes the answer when it comes)

export class Follow {
  following = false;
  told: Notice[] = [];
  message: string | null = null;
  private user: User | null = null;
  private stop: (() => void) | null = null;

  constructor(private backend: Backend, private matchId: string, private changed: () => void) {
    onAuthStateChanged(backend.auth, (user) => void this.signedIn(user));
  }

  /** Follow the match, or stop: the page's button. */
  async toggle(): Promise<void> {
    const stopping = this.following;
    try {
      if (stopping) {
        await this.written(unfollow(this.backend.db, this.matchId, this.user!.uid), this.user!, false);
      } else {
        // asked on the tap (a browser asks only on a person's gesture); refused, the page
        // still lists what it is told
        if ("Notification" in window && Notification.permission === "default") await Notification.requestPermission();
        const user = this.user ?? (await this.signIn());
        await this.written(follow(this.backend.db, this.matchId, user.uid), user, true);
      }
      this.message = null;
    } catch (error) {
      this.message = error instanceof Unanswered
        ? `${stopping ? "Not stopped" : "Not following"} yet: ${error.message}. It is sent when the network is back.`
        : `Could not ${stopping ? "stop" : "follow"}: ${(error as Error).message}`;
    }
    this.changed();
  }

  view(): Html {
    const said = this.following ? "Stop telling me" : "Tell me of wickets, fifties and the result";
    return html`<div class="follow"><button type="button" data-action="follow" data-testid="follow" aria-pressed="${this.following}">${said}</button>
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
      ${this.told.length ? html`<ul class="told" data-testid="told">${this.told.slice(-SHOWN).reverse().map((n) => html`<li>${n.body}</li>`)}</ul>` : nothing}</div>`;
  }

  /** Waits up to ANSWER_WITHIN_MS for `write` (following the match or not: `following`). The
   * page takes the write's answer whenever it comes: Firestore keeps a write the server has
   * not answered and sends it when the network is back, so a tap the page stopped waiting
   * for still counts (the page said "Stop telling me" of a following the server deleted). */
  private written(write: Promise<void>, user: User, following: boolean): Promise<void> {
    let late = false;
    void write.then(() => {
      if (late && this.user?.uid !== user.uid) return; // (signed in as someone else since)
      this.following = following;
      if (following) this.listen(user);
      else {
        this.stop?.();
        this.stop = null;
      }
      if (late) {
        this.message = null;
        this.changed();
      }
    }, (error: Error) => {
      if (!late) return; // (toggle says so)
      this.message = `Could not ${following ? "follow" : "stop"}: ${error.message}`;
      this.changed();
    });
    return answered(write, ANSWER_WITHIN_MS).catch((error: unknown) => {
      late = true;
      throw error;
    });
  }

  /** Signed in anonymously, once Firestore has taken the new user. Firestore hears of a sign-in
   * from Auth's token listener, queued behind the sign-in: a write made before it is filed
   * under the user before, and the SDK, which hands a write's answer to the user current when
   * it comes, never settles it (the page said neither "following" nor why). A task later, it
   * has. */
  private async signIn(): Promise<User> {
    const { user } = await signInAnonymously(this.backend.auth);
    await new Promise((taken) => setTimeout(taken));
    return user;
  }

  private async signedIn(user: User | null): Promise<void> {
    this.user = user;
    if (!user) return;
    const mine = await getDoc(doc(this.backend.db, "matches", this.matchId, "followers", user.uid)).catch(() => null);
    if (mine?.exists()) {
      this.following = true;
      this.listen(user);
      this.changed();
    }
  }

  private listen(user: User): void {
    this.stop?.();
    this.stop = watchNotifications(this.backend.db, user.uid, (all, fresh) => {
      this.told = all;
      for (const notice of fresh) void show(notice);
      this.changed();
    }, { matchId: this.matchId });
  }
}

/** Through the service worker where there is one (shown in the background too), else the
 * page's own Notification; nothing where the person refused. */
async function show(notice: Notice): Promise<void> {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const options = { body: notice.body, tag: `${notice.matchId}-${notice.seq}`, data: { url: `/match/${notice.matchId}` } };
  const worker = await navigator.serviceWorker?.getRegistration();
  if (worker) await worker.showNotification(notice.title, options);
  else new Notification(notice.title, options);
}
