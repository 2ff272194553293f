// The routes: / (matches), /match/{id} (spectator), /match/{id}/overlay (stream score bug),
// /match/{id}/scorecard (the scorecard to print),
// /score/{id} (scorer console), /setup and /setup/{id} (a match set up, its officials and
// lineups), /league/{competitionId} (table, results, leaders), /player/{personId}. Hosting rewrites every path to index.html.
import { connect } from "./firebase";
import { html, mount } from "./html";

type View = (matchId: string) => Promise<void>;

const routes: [RegExp, () => Promise<View>][] = [
  [/^\/match\/([^/]+)\/overlay\/?$/, async () => (await import("./overlay")).showOverlay],
  [/^\/match\/([^/]+)\/scorecard\/?$/, async () => (await import("./printout")).showPrintout],
  [/^\/match\/([^/]+)\/?$/, async () => (await import("./spectator")).showMatch],
  [/^\/score\/([^/]+)\/?$/, async () => (await import("./scorer")).showScorer],
  [/^\/setup\/([^/]+)\/?$/, async () => (await import("./setup")).showSetup],
  [/^\/league\/([^/]+)\/?$/, async () => (await import("./league")).showLeague],
  [/^\/player\/([^/]+)\/?$/, async () => (await import("./league")).showPlayer],
];

async function route(): Promise<void> {
  await connect();
  for (const [pattern, load] of routes) {
    const found = pattern.exec(location.pathname);
    if (found) return (await load())(decodeURIComponent(found[1]));
  }
  if (/^\/setup\/?$/.test(location.pathname)) return (await import("./setup")).showSetup(null);
  if (location.pathname === "/" || location.pathname === "/index.html") {
    return (await import("./matches")).showMatches();
  }
  mount(html`<p class="error">No page at ${location.pathname}. <a href="/">All matches</a></p>`);
}

// The service worker keeps the app's files, so that the console opens without a network (a
// ground with no signal); the data is Firestore's own offline cache. Not in vite's dev server.
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register("/sw.js").catch((error: unknown) => {
    console.warn("No offline copy of the app:", error);
  });
}

route().catch((error: unknown) => {
  console.error(error);
  mount(html`<p class="error" role="alert">The page could not start: ${String(error)}</p>`);
});
