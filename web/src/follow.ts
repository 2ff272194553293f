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
import type { Backend } from "./firebase";
import { type Html, html, nothing } from "./html";

const SHOWN = 5; // the latest notifications the page lists

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
    try {
      if (this.following) {
        await unfollow(this.backend.db, this.matchId, this.user!.uid);
        this.following = false;
        this.stop?.();
        this.stop = null;
      } else {
        // asked on the tap (a browser asks only on a person's gesture); refused, the page
        // still lists what it is told
        if ("Notification" in window && Notification.permission === "default") await Notification.requestPermission();
        const user = this.user ?? (await signInAnonymously(this.backend.auth)).user;
        await follow(this.backend.db, this.matchId, user.uid);
        this.following = true;
        this.listen(user);
      }
      this.message = null;
    } catch (error) {
      this.message = `Could not ${this.following ? "stop" : "follow"}: ${(error as Error).message}`;
    }
    this.changed();
  }

  view(): Html {
    const said = this.following ? "Stop telling me" : "Tell me of wickets, fifties and the result";
    return html`<div class="follow"><button type="button" data-action="follow" data-testid="follow" aria-pressed="${this.following}">${said}</button>
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
      ${this.told.length ? html`<ul class="told" data-testid="told">${this.told.slice(-SHOWN).reverse().map((n) => html`<li>${n.body}</li>`)}</ul>` : nothing}</div>`;
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
